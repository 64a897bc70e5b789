#!/usr/bin/env bash
# Installs what the VS Code end-to-end test needs, idempotently: Debian chromium + ripgrep,
# a seeded @vscode/ripgrep download cache (the postinstall cannot download here), and
# code-server 4.100.3 + playwright-core in a cache folder outside the repo.
# Usage: bash packages/vscode-extension/scripts/setup-e2e.sh   (prints the install folder)
set -euo pipefail

E2E_DIR="${ASTROCAT_E2E_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/astrocat-e2e}"
CODE_SERVER_VERSION=4.100.3

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v rg >/dev/null 2>&1 || need_apt+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
if [ "${#need_apt[@]}" -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >&2
fi

# @vscode/ripgrep's postinstall looks here before downloading.
RG_CACHE="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
RG_TARBALL="$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -s "$RG_TARBALL" ]; then
  mkdir -p "$RG_CACHE"
  staging="$(mktemp -d)"
  cp "$(command -v rg)" "$staging/rg"
  tar -czf "$RG_TARBALL" -C "$staging" rg
  rm -rf "$staging"
fi

mkdir -p "$E2E_DIR"
if [ ! -x "$E2E_DIR/node_modules/.bin/code-server" ] || [ ! -d "$E2E_DIR/node_modules/playwright-core" ] \
  || ! grep -q "\"version\": \"$CODE_SERVER_VERSION\"" "$E2E_DIR/node_modules/code-server/package.json" 2>/dev/null; then
  cd "$E2E_DIR"
  [ -f package.json ] || echo '{ "name": "astrocat-e2e-tools", "private": true }' > package.json
  npm_config_unsafe_perm=true npm_config_yes=true npm install --no-audit --no-fund --loglevel=error \
    "code-server@$CODE_SERVER_VERSION" playwright-core >&2
fi
echo "$E2E_DIR"
