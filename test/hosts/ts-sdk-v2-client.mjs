// An MCP host as it is: the TypeScript SDK's current client package (@modelcontextprotocol/client 2.x,
// which validates every result against its schemas) drives `imagegen mcp` over stdio.
// Usage: node ts-sdk-v2-client.mjs CLIENT_PACKAGE_DIR CLI_JS OUT_DIR PROMPT
// Prints one JSON object (negotiated version, tool names, the generate_image result's content types
// and structuredContent, the first resource read back); exits 1 with the error on stderr.
import { pathToFileURL } from "node:url";
import * as path from "node:path";

const [pkgDir, cliJs, outDir, prompt] = process.argv.slice(2);
const load = (file) => import(pathToFileURL(path.join(pkgDir, "dist", file)).href);
const { Client } = await load("index.mjs");
const { StdioClientTransport } = await load("stdio.mjs");

try {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cliJs, "mcp", "--out", outDir, "--yes"],
    env: { ...process.env },
    cwd: process.cwd(),
    stderr: "ignore",
  });
  const client = new Client({ name: "ts-sdk-v2-host", version: "1.0.0" });
  await client.connect(transport);
  const tools = await client.listTools();
  const called = await client.callTool({ name: "generate_image", arguments: { prompt } });
  const listed = await client.listResources();
  const first = listed.resources[0];
  const read = first ? (await client.readResource({ uri: first.uri })).contents[0] : {};
  process.stdout.write(
    JSON.stringify({
      protocolVersion: client.getNegotiatedProtocolVersion?.() ?? transport.protocolVersion ?? null,
      tools: tools.tools.map((t) => t.name),
      result: {
        isError: called.isError === true,
        contentTypes: called.content.map((c) => c.type),
        text: called.content.filter((c) => c.type === "text").map((c) => c.text),
        structuredContent: called.structuredContent,
      },
      resources: listed.resources.map((r) => r.uri),
      read: { uri: read.uri, mimeType: read.mimeType, blob: read.blob ?? "" },
    }) + "\n",
  );
  await client.close();
} catch (err) {
  process.stderr.write(`TypeScript SDK v2 client failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
