#!/usr/bin/env bash
# Installs the tools of the editor harness, on demand and outside the extension's own dependencies:
#   - Debian packages: chromium (the browser Playwright drives), libkrb5-dev (code-server's native
#     kerberos module builds against it), ripgrep (stands in for the rg binary code-server would download);
#   - code-server (VS Code 1.100.3, the last one that installs on Node 20) and playwright-core, at the
#     versions pinned by test/editor/package-lock.json, into test/editor/.work/node_modules.
# Safe to run again: it only does what is missing, and returns in well under a second when nothing is.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
WORK="$HERE/.work"
mkdir -p "$WORK"

# --- Debian packages ----------------------------------------------------------------------------
installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
missing=()
for p in chromium libkrb5-dev ripgrep; do installed "$p" || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  as_root=(); [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  apt_install() { DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${missing[@]}" >"$WORK/apt.log" 2>&1; }
  # Refresh the package lists only when they cannot serve the install (never fetched, or stale).
  if ! apt-cache show "${missing[@]}" >/dev/null 2>&1 || ! apt_install; then
    echo "setup: apt-get update" >&2
    "${as_root[@]}" apt-get update -qq >"$WORK/apt-update.log" 2>&1 || { cat "$WORK/apt-update.log"; exit 1; }
    apt_install || { tail -30 "$WORK/apt.log"; exit 1; }
  fi
  echo "setup: installed ${missing[*]}" >&2
fi

# --- code-server + playwright-core ---------------------------------------------------------------
# The stamp records what the current .work/node_modules was installed from.
want="$(cat "$HERE/package.json" "$HERE/package-lock.json" 2>/dev/null | sha256sum | cut -c1-16) node-$(node --version)"
if [ -x "$WORK/node_modules/.bin/code-server" ] && [ -f "$WORK/node_modules/playwright-core/package.json" ] \
   && [ "$(cat "$WORK/.installed" 2>/dev/null)" = "$want" ]; then
  exit 0
fi

# code-server's dependency @vscode/ripgrep downloads rg from GitHub in its postinstall, unless the
# archive it asks for is already in its cache folder. Put Debian's rg there under that name.
# (code-server 4.100.3 pins @vscode/ripgrep 1.15.11, which asks for ripgrep v13.0.0-10, musl build.)
rg_cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
rg_archive="$rg_cache/ripgrep-v13.0.0-10-$(uname -m)-unknown-linux-musl.tar.gz"
if [ ! -s "$rg_archive" ]; then
  mkdir -p "$rg_cache"
  rg_tmp="$(mktemp -d)"
  cp "$(command -v rg)" "$rg_tmp/rg"
  tar czf "$rg_archive" -C "$rg_tmp" rg
  rm -rf "$rg_tmp"
fi

echo "setup: installing code-server and playwright-core into $WORK (takes a minute or two)" >&2
cp "$HERE/package.json" "$WORK/package.json"
export npm_config_unsafe_perm=true  # code-server's postinstall refuses to run as root without it
export npm_config_yes=true          # node-pty's postinstall calls npx
npm_flags=(--no-audit --no-fund --foreground-scripts --loglevel=error)
if [ -f "$HERE/package-lock.json" ]; then
  cp "$HERE/package-lock.json" "$WORK/package-lock.json"
  (cd "$WORK" && npm ci "${npm_flags[@]}") >"$WORK/npm-install.log" 2>&1 || { tail -40 "$WORK/npm-install.log"; exit 1; }
else
  # First install ever: resolve, then keep the lockfile beside package.json for reproducible installs.
  rm -f "$WORK/package-lock.json"
  (cd "$WORK" && npm install "${npm_flags[@]}") >"$WORK/npm-install.log" 2>&1 || { tail -40 "$WORK/npm-install.log"; exit 1; }
  cp "$WORK/package-lock.json" "$HERE/package-lock.json"
  want="$(cat "$HERE/package.json" "$HERE/package-lock.json" | sha256sum | cut -c1-16) node-$(node --version)"
fi
echo "$want" >"$WORK/.installed"
h="$(mktemp -d)"
echo "setup: code-server $(HOME="$h" "$WORK/node_modules/.bin/code-server" --version 2>/dev/null | tail -1)" >&2
rm -rf "$h"
