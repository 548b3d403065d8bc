// Runs the integration suite (.work/out/suite/index.js) inside code-server's extension host.
// code-server accepts no --extensionDevelopmentPath; the workbench takes the same two paths from the
// `payload` query parameter, but starts the extension host only once a browser has the page open, and
// ends the run through window.codeAutomationExit(code). So: open the page in headless chromium, wait
// for that call. usage: node host.js BASE_URL EXTENSION_DIR TESTS_ENTRY FOLDER CONSOLE_LOG
'use strict';
const path = require('path');
const { openPage, logConsole } = require('./browser');

const [base, extensionDir, testsEntry, folder, consoleLog] = process.argv.slice(2);
const LIMIT_MS = Number(process.env.SUITE_TIMEOUT_MS ?? 240000);

async function main() {
  const t0 = Date.now();
  const origin = new URL(base).origin;
  const remote = (p) => `vscode-remote://${new URL(base).host}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(path.resolve(extensionDir))],
    ['extensionTestsPath', remote(path.resolve(testsEntry))],
  ];
  const { browser, page } = await openPage(origin);
  logConsole(page, consoleLog);
  const exited = new Promise((resolve) => {
    void page.exposeFunction('codeAutomationExit', (code) => resolve(code));
    void page.exposeFunction('codeAutomationLog', () => {});
  });
  // Built workbenches act on the payload only with developmentOptions.enableSmokeTestDriver, which
  // code-server has no flag for: set it in the configuration the page carries, before the workbench reads it.
  await page.addInitScript(() => {
    const patch = () => {
      const el = document.getElementById('vscode-workbench-web-configuration');
      if (!el) return false;
      const cfg = JSON.parse(el.getAttribute('data-settings'));
      cfg.developmentOptions = { ...(cfg.developmentOptions ?? {}), enableSmokeTestDriver: true };
      el.setAttribute('data-settings', JSON.stringify(cfg));
      return true;
    };
    if (!patch()) new MutationObserver((_, obs) => { if (patch()) obs.disconnect(); }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(`${base}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  let timer;
  const code = await Promise.race([exited, new Promise((r) => { timer = setTimeout(() => r('timeout'), LIMIT_MS); })]);
  clearTimeout(timer);
  console.log(`extension host finished the suite with ${code} after ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  await browser.close();
  return code === 0 ? 0 : 1;
}

main().then((c) => process.exit(c), (e) => { console.error(e); process.exit(1); });
