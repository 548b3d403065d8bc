#!/usr/bin/env bash
# `npm run test:editor`: the extension in a real VS Code (code-server 4.100.3 = VS Code 1.100.3).
#   setup -> build -> start code-server -> integration suite in the extension host -> UI checks in
#   headless chromium -> stop everything; the last line is `N passed, N failed`.
# Options: --screenshots   save the UI checks' screenshots to media/screenshots/ (for the README)
#          --ui-only       skip the integration suite
#          --no-build      use dist/ as it is
# Environment: LAYER_LENS_GREP=text runs only the integration tests whose title contains it.
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
WORK="$HERE/.work"
OUT="$WORK/results"
T0=$(date +%s)
elapsed() { echo "$(( $(date +%s) - T0 ))s"; }

screenshots=0; suite=1; build=1
for a in "$@"; do
  case "$a" in
    --screenshots) screenshots=1 ;;
    --ui-only) suite=0 ;;
    --no-build) build=0 ;;
    *) echo "unknown option $a" >&2; exit 2 ;;
  esac
done

fail_setup() { echo "test:editor: $1" >&2; echo "0 passed, 1 failed"; exit 1; }

# 1. install the tools; build the suite and the extension (the latter copied right after, in step 2)
bash "$HERE/setup.sh" || fail_setup "setup failed"
node "$HERE/build.mjs" || fail_setup "compiling test/editor/suite failed"
if [ $build = 1 ]; then (cd "$REPO" && npm run -s build) || fail_setup "build failed"; fi
[ -f "$REPO/dist/extension.js" ] || fail_setup "dist/extension.js missing (run npm run build)"
echo "== built and set up in $(elapsed)"

# 2. code-server, with every bit of its state in a temporary folder
STATE="$(mktemp -d "${TMPDIR:-/tmp}/layer-lens-editor.XXXXXX")"
CS_PID=""
stop_cs() {
  if [ -n "$CS_PID" ]; then  # code-server leaves children: end its whole process group
    kill -TERM -- "-$CS_PID" 2>/dev/null
    for _ in $(seq 1 30); do kill -0 -- "-$CS_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$CS_PID" 2>/dev/null
    CS_PID=""
  fi
}
cleanup() {
  stop_cs
  cp "$STATE/code-server.log" "$OUT/code-server.log" 2>/dev/null
  cp -r "$STATE/user-data/logs" "$OUT/editor-logs" 2>/dev/null  # extension host logs (provider errors land there)
  rm -rf "$STATE"
}
# Runs a command under `timeout -k 5 SECONDS` in the background and waits, so that an interrupt is
# handled at once (timeout puts itself in its own process group: a Ctrl-C would not reach it).
CHILD=""
bounded() { timeout -k 5 "$@" & CHILD=$!; wait "$CHILD"; local rc=$?; CHILD=""; return $rc; }
trap cleanup EXIT
trap 'if [ -n "$CHILD" ]; then kill -TERM "$CHILD" 2>/dev/null; wait "$CHILD" 2>/dev/null; fi; exit 130' INT TERM
rm -rf "$OUT"; mkdir -p "$OUT" "$STATE"/{home,config,data,cache,user-data/User,extensions,browser}
# User settings; $1 = true turns workspace trust on (and its startup prompt off: the folder stays untrusted).
write_settings() {
  cat >"$STATE/user-data/User/settings.json" <<JSON
{
  "workbench.startupEditor": "none",
  "files.autoSave": "off",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "security.workspace.trust.enabled": $1,
  "security.workspace.trust.startupPrompt": "never",
  "security.workspace.trust.banner": "never",
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "git.enabled": false,
  "editor.hover.delay": 150,
  "editor.minimap.enabled": false,
  "chat.commandCenter.enabled": false,
  "window.commandCenter": false
}
JSON
}
write_settings false

export HOME="$STATE/home" XDG_CONFIG_HOME="$STATE/config" XDG_DATA_HOME="$STATE/data" XDG_CACHE_HOME="$STATE/cache"
CS="$WORK/node_modules/.bin/code-server"
# Install the extension the way a user does, from a VSIX made with `vsce package`, right after the build
# (so a rebuild of dist/ during the run cannot change what is tested). vsce needs media/icon.png; without
# it (or if packaging fails) the shipped files are copied into the extensions folder as an unpacked
# extension instead. The suite then loads that same installed folder as the development extension.
EXT_NAME="$(node -p "const p=require('$REPO/package.json'); p.publisher+'.'+p.name+'-'+p.version")"
PKG="$STATE/extensions/$EXT_NAME"
route=""
if [ -f "$REPO/media/icon.png" ] \
   && (cd "$REPO" && npx --no-install vsce package --no-dependencies -o "$STATE/$EXT_NAME.vsix") </dev/null >"$OUT/vsce.log" 2>&1 \
   && "$CS" --user-data-dir "$STATE/user-data" --extensions-dir "$STATE/extensions" --install-extension "$STATE/$EXT_NAME.vsix" >>"$OUT/vsce.log" 2>&1 \
   && [ -f "$PKG/package.json" ]; then
  route="from a VSIX ($(du -k "$STATE/$EXT_NAME.vsix" | cut -f1) KB) with code-server --install-extension"
else
  [ -f "$REPO/media/icon.png" ] && { echo "test:editor: VSIX route failed, using an unpacked copy:"; tail -5 "$OUT/vsce.log"; }
  rm -rf "$PKG"; mkdir -p "$PKG"
  for f in package.json LICENSE CHANGELOG.md README.md dist syntaxes media; do
    if [ -e "$REPO/$f" ]; then cp -r "$REPO/$f" "$PKG/"; fi
  done
  route="as an unpacked copy of package.json, dist, syntaxes, media"
fi
echo "== extension installed $route"

# Starts code-server on a free port; extra arguments go to code-server, LAYER_LENS_* from the environment.
start_cs() {
  PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
  BASE="http://127.0.0.1:$PORT"
  # The extension host inherits code-server's environment: this is how the suite learns its paths.
  LAYER_LENS_REPO="$REPO" LAYER_LENS_EXTENSION="$PKG" LAYER_LENS_RESULTS="$RESULTS" LAYER_LENS_GREP="${LAYER_LENS_GREP:-}" \
    setsid "$CS" --bind-addr "127.0.0.1:$PORT" --auth none \
      --user-data-dir "$STATE/user-data" --extensions-dir "$STATE/extensions" \
      --disable-telemetry --disable-update-check --disable-getting-started-override "$@" \
      >>"$STATE/code-server.log" 2>&1 &
  CS_PID=$!
  disown "$CS_PID"  # no job-control notice after the closing line
  local up=0
  for _ in $(seq 1 300); do
    curl -sf "$BASE/healthz" >/dev/null 2>&1 && { up=1; break; }
    kill -0 "$CS_PID" 2>/dev/null || break
    sleep 0.1
  done
  [ $up = 1 ] || { cat "$STATE/code-server.log"; fail_setup "code-server did not start"; }
}
RESULTS="$OUT/integration.json"
start_cs --disable-workspace-trust
echo "== code-server $BASE up at $(elapsed)"

# 3. the integration suite inside the extension host; $1 names the pass in the log
passed=0; failed=0
run_suite() {
  HOME="$STATE/browser" bounded 300 node "$HERE/host.js" "$BASE" "$PKG" "$WORK/out/suite/index.js" "$HERE/workspace" "$OUT/suite-console$2.log"
  if [ -f "$RESULTS" ]; then
    node "$HERE/report.js" "$RESULTS"
    read -r p f < <(node "$HERE/report.js" --counts "$RESULTS")
    passed=$((passed + p)); failed=$((failed + f))
    [ "$p" -gt 0 ] || { echo "FAIL $1 ran no test"; failed=$((failed + 1)); }
  else
    echo "FAIL $1: no results (see $OUT/suite-console$2.log)"; failed=$((failed + 1))
  fi
  if [ "$failed" -gt 0 ]; then  # errors thrown by the extension's providers are logged by the extension host
    grep -h -iE '\[error\]' "$STATE"/user-data/logs/*/exthost*/remoteexthost.log 2>/dev/null | grep -v -iE 'github|git\.' \
      | sed -E 's/^[0-9-]+ [0-9:.]+ //' | awk '!seen[$0]++' | head -12 | cut -c1-400
  fi
  echo "== $1 done at $(elapsed)"
}
[ $suite = 1 ] && run_suite "integration suite" ""

# 4. UI checks in headless chromium against the installed copy
shots="$OUT/screenshots"; [ $screenshots = 1 ] && shots="$REPO/media/screenshots"
HOME="$STATE/browser" bounded 240 node "$HERE/ui.js" "$BASE" "$HERE/workspace" "$shots" "$OUT/ui.json" "$OUT/ui-console.log"
if [ -f "$OUT/ui.json" ]; then
  read -r p f < <(node "$HERE/report.js" --counts "$OUT/ui.json")
  passed=$((passed + p)); failed=$((failed + f))
else
  echo "FAIL UI checks: no results"; failed=$((failed + 1))
fi
echo "== UI checks done at $(elapsed); logs and results in ${OUT#"$REPO/"}/"

# 5. Restricted Mode: code-server again, with workspace trust on and the folder never trusted; only the
#    tests of suite/7-untrusted.test.ts run (they are skipped in the main pass).
if [ $suite = 1 ]; then
  stop_cs
  write_settings true
  RESULTS="$OUT/untrusted.json"
  LAYER_LENS_UNTRUSTED=1 LAYER_LENS_GREP="untrusted workspace" start_cs
  run_suite "untrusted-workspace suite" "-untrusted"
fi

# 6. Simplified Chinese: code-server with --locale zh-cn and a test language pack that translates nothing of
#    VS Code (see language-pack/README.md); only the tests of suite/8-locale.test.ts run.
if [ $suite = 1 ]; then
  stop_cs
  write_settings false
  cat >"$STATE/user-data/languagepacks.json" <<JSON
{"zh-cn": {"hash": "layer-lens-test-1", "label": "中文(简体)",
  "extensions": [{"extensionIdentifier": {"id": "layer-lens-tests.zh-cn-test-pack"}, "version": "1.0.0"}],
  "translations": {"vscode": "$HERE/language-pack/translations/main.i18n.json"}}}
JSON
  RESULTS="$OUT/locale.json"
  LAYER_LENS_LOCALE=zh-cn LAYER_LENS_GREP="zh-cn display language" start_cs --disable-workspace-trust --locale zh-cn
  run_suite "zh-cn suite" "-zh-cn"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
