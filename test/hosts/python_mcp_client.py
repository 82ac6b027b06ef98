"""An MCP host as it is: the official Python SDK (package `mcp`) drives `imagegen mcp` over stdio.

Usage: python python_mcp_client.py CLI_JS OUT_DIR PROMPT
Prints one JSON object on stdout: the negotiated protocol version, the tool names, the
generate_image result (content types, structuredContent), and the first listed resource (if any) read
back (uri, mimeType, blob length and base64 blob). Exits 1 with the error on stderr.
"""
import asyncio
import json
import os
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


def dump(model):
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


async def main(cli_js: str, out_dir: str, prompt: str) -> None:
    params = StdioServerParameters(
        command=sys.executable if cli_js.endswith(".py") else os.environ.get("NODE", "node"),
        args=[cli_js, "mcp", "--out", out_dir, "--yes"],
        env=dict(os.environ),
        cwd=os.getcwd(),
    )
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            init = dump(await session.initialize())
            tools = dump(await session.list_tools())
            called = dump(await session.call_tool("generate_image", {"prompt": prompt}))
            listed = dump(await session.list_resources())
            contents = {}
            if listed["resources"]:
                read_back = dump(await session.read_resource(listed["resources"][0]["uri"]))
                contents = read_back["contents"][0]
            print(json.dumps({
                "protocolVersion": init.get("protocolVersion"),
                "serverName": init.get("serverInfo", {}).get("name"),
                "tools": [t["name"] for t in tools["tools"]],
                "result": {
                    "isError": called.get("isError", False),
                    "contentTypes": [c["type"] for c in called["content"]],
                    "text": [c["text"] for c in called["content"] if c["type"] == "text"],
                    "structuredContent": called.get("structuredContent"),
                },
                "resources": [r["uri"] for r in listed["resources"]],
                "read": {"uri": contents.get("uri"), "mimeType": contents.get("mimeType"), "blob": contents.get("blob", "")},
            }))


if __name__ == "__main__":
    try:
        asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3]))
    except Exception as err:  # noqa: BLE001 - the test prints what the host saw
        detail = "; ".join(f"{type(e).__name__}: {e}" for e in getattr(err, "exceptions", [err]))
        print(f"python MCP client failed: {detail}", file=sys.stderr)
        sys.exit(1)
