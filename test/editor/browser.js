// Headless Debian Chromium through playwright-core (installed by setup.sh into .work/node_modules).
'use strict';
const path = require('path');
const { chromium } = require(path.join(__dirname, '.work', 'node_modules', 'playwright-core'));

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** Launches chromium and opens one page on `origin` with clipboard access (the summary copy command uses it). */
async function openPage(origin, { width = 1280, height = 800 } = {}) {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: ARGS });
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const page = await context.newPage();
  return { browser, page };
}

/** Appends the page's console to a file: the workbench logs extension-host errors there. */
function logConsole(page, file) {
  const fs = require('fs');
  page.on('console', (m) => fs.appendFileSync(file, `${m.type()} ${m.text()}\n`));
  page.on('pageerror', (e) => fs.appendFileSync(file, `pageerror ${e.message}\n`));
}

module.exports = { openPage, logConsole };
