#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3 on Node 20) from the npm registry, as root, with no other network access.
# Needs the Debian packages libkrb5-dev and ripgrep (native builds and the ripgrep cache below).
set -euo pipefail
cd "$(dirname "$0")"
command -v rg >/dev/null || { echo "install.sh: ripgrep (rg) is required: apt-get install ripgrep" >&2; exit 1; }
# @vscode/ripgrep's postinstall downloads rg from GitHub; before that it looks in $TMPDIR/vscode-ripgrep-cache-<version>/.
# Seed that cache with Debian's rg (the same 13.0.0).
rg_cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
rg_tgz="$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -s "$rg_tgz" ]; then
  mkdir -p "$rg_cache"
  d=$(mktemp -d); cp "$(command -v rg)" "$d/rg"; tar -C "$d" -czf "$rg_tgz" rg; rm -rf "$d"
fi
# unsafe_perm: code-server's postinstall refuses root without it (npm 11 only warns that the key is unknown).
# yes: node-pty's postinstall runs `npx node-gyp`, which must not prompt.
# dangerously_allow_all_scripts: npm 11's install-script review must not skip the native builds.
export npm_config_unsafe_perm=true npm_config_yes=true npm_config_dangerously_allow_all_scripts=true
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund
else
  npm install --no-audit --no-fund
fi
