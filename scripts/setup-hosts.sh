#!/usr/bin/env bash
# Installs the independent MCP hosts the host tests drive (test/integration/mcp-independent-hosts.test.ts)
# into the editor-test cache, outside the clone, pinned: the MCP Inspector's CLI and the current
# TypeScript SDK client (npm), and the official Python SDK (PyPI, best effort: where pip cannot reach
# PyPI the Python test says so and is skipped). Safe to run repeatedly; a no-op once installed.
set -uo pipefail
CACHE="${NEMO_EDITOR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/image-generation-generator}"
DIR="$CACHE/mcp-hosts"
INSPECTOR=2.12.0   # @modelcontextprotocol/inspector (its --cli mode)
TS_CLIENT=2.3.1    # @modelcontextprotocol/client, the TypeScript SDK's v2 client package
PY_SDK=2.3.0       # the Python SDK, package `mcp`
mkdir -p "$DIR"

node_ok="$DIR/node/.installed-$INSPECTOR-$TS_CLIENT"
if [ ! -f "$node_ok" ]; then
  echo "setup-hosts: installing @modelcontextprotocol/inspector@$INSPECTOR and @modelcontextprotocol/client@$TS_CLIENT"
  rm -rf "$DIR/node" && mkdir -p "$DIR/node"
  (cd "$DIR/node" && echo '{"private":true}' > package.json &&
    npm install --no-audit --no-fund --loglevel=error "@modelcontextprotocol/inspector@$INSPECTOR" "@modelcontextprotocol/client@$TS_CLIENT" >/dev/null) \
    && touch "$node_ok" || { echo "setup-hosts: npm install failed" >&2; exit 1; }
fi

py_ok="$DIR/python/.installed-$PY_SDK"
if [ ! -f "$py_ok" ]; then
  echo "setup-hosts: installing the Python SDK (mcp==$PY_SDK) from PyPI, if reachable"
  rm -rf "$DIR/python"
  if python3 -m venv "$DIR/python" >/dev/null 2>&1 &&
    timeout 300 "$DIR/python/bin/pip" install -q --disable-pip-version-check --retries 5 --timeout 20 "mcp==$PY_SDK" >/dev/null 2>&1; then
    touch "$py_ok"
  else
    rm -rf "$DIR/python"
    echo "setup-hosts: PyPI not reachable from this machine; the Python SDK test will be skipped with that reason"
  fi
fi
echo "setup-hosts: ok ($DIR)"
