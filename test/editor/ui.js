// UI checks: what a user sees in code-server's workbench, read from the DOM of a headless chromium
// page, with the extension installed the way a user installs it (no development payload).
// usage: node ui.js BASE_URL FOLDER SCREENSHOT_DIR RESULTS_JSON CONSOLE_LOG
'use strict';
const fs = require('fs');
const path = require('path');
const { openPage, logConsole } = require('./browser');

const [base, folder, shotDir, resultsFile, consoleLog] = process.argv.slice(2);
const MNIST_LENS = 'Net · 189,130 params · 0.72 MB · 2.94 M MACs';
const tests = [];
const T0 = Date.now();

/** Runs one check; a failure is recorded (with a screenshot) and the next check still runs. */
async function check(page, title, fn) {
  const t = Date.now();
  try {
    const detail = await fn();
    tests.push({ title: `UI ${title}`, state: 'passed', ms: Date.now() - t });
    console.log(`PASS UI ${title}${detail ? ` — ${detail}` : ''}`);
  } catch (e) {
    const error = String(e && e.message ? e.message : e).split('\n').slice(0, 6).join('\n');
    tests.push({ title: `UI ${title}`, state: 'failed', ms: Date.now() - t, error });
    console.log(`FAIL UI ${title}\n     ${error.replace(/\n/g, '\n     ')}`);
    const name = title.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
    await page.screenshot({ path: path.join(path.dirname(resultsFile), `failed-${name}.png`) }).catch(() => {});
  }
}

function expect(cond, message) { if (!cond) throw new Error(message); }

const editor = (page) => page.locator('.editor-group-container.active .monaco-editor').first();
/** The rendered line of the active editor whose text contains `text` (monaco renders spaces as nbsp). */
const viewLine = (page, text) => editor(page).locator('.view-line').filter({ hasText: text }).first();
const norm = (s) => s.replace(/\u00a0/g, ' ').trim();

/** Screen box of the characters `token` on the rendered line containing `lineText`, however monaco splits it into spans. */
async function textBox(page, lineText, token) {
  const box = await page.evaluate(([lineText, token]) => {
    const nb = (s) => s.replace(/\u00a0/g, ' ');
    const lines = [...document.querySelectorAll('.editor-group-container.active .monaco-editor .view-line')];
    const line = lines.find((l) => nb(l.textContent).includes(lineText));
    if (!line) return null;
    const at = nb(line.textContent).indexOf(token, nb(line.textContent).indexOf(lineText));
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let offset = 0;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const len = n.textContent.length;
      if (offset <= at && at < offset + len) range.setStart(n, at - offset);
      if (offset < at + token.length && at + token.length <= offset + len) { range.setEnd(n, at + token.length - offset); break; }
      offset += len;
    }
    const r = range.getBoundingClientRect();
    return r.width ? { x: r.x, y: r.y, width: r.width, height: r.height } : null;
  }, [lineText, token]);
  expect(box, `"${token}" not rendered on a line containing "${lineText}"`);
  return box;
}

/**
 * Moves the mouse onto the box `where()` measures and returns the visible hover containing `text`.
 * Measures again and retries when no hover shows: lines can still move (a CodeLens arriving above).
 */
async function hoverOver(page, where, text) {
  let last;
  for (let attempt = 0; attempt < 3; attempt++) {
    const box = await where();
    await page.mouse.move(5, 400);
    await page.mouse.move(box.x + Math.min(box.width / 2, 20), box.y + box.height / 2);
    await page.mouse.move(box.x + Math.min(box.width / 2, 20) + 2, box.y + box.height / 2);
    const hover = page.locator('.monaco-hover:visible').filter({ hasText: text }).first();
    try {
      await hover.waitFor({ timeout: 5000 });
      return hover;
    } catch (e) { last = e; }
  }
  throw last;
}

async function runCommand(page, label) {
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await input.fill(`>${label}`);
  const row = page.locator(`.quick-input-list .monaco-list-row[aria-label*="${label}"]`).first();
  await row.waitFor({ timeout: 10000 });
  await page.keyboard.press('Enter');
}

async function quickOpen(page, file) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await input.fill(file);
  await page.locator(`.quick-input-list .monaco-list-row[aria-label*="${file}"]`).first().waitFor({ timeout: 15000 });
  await page.keyboard.press('Enter');
  await page.locator(`.tab.active[aria-label*="${file}"]`).waitFor({ timeout: 15000 });
  await editor(page).locator('.view-lines').waitFor({ timeout: 15000 });
}

async function shot(page, name) {
  fs.mkdirSync(shotDir, { recursive: true });
  await page.waitForTimeout(300); // let fades and cursor settle
  await page.screenshot({ path: path.join(shotDir, `${name}.png`) });
}

async function main() {
  const { browser, page } = await openPage(new URL(base).origin, { width: 1400, height: 860 });
  logConsole(page, consoleLog);
  try {
    await check(page, 'workbench opens the workspace folder', async () => {
      await page.goto(`${base}/?folder=${encodeURIComponent(folder)}`);
      await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
      await page.locator('.explorer-folders-view .monaco-list-row[aria-label*="mnist.py"]').waitFor({ timeout: 60000 });
      return `${((Date.now() - T0) / 1000).toFixed(1)}s`;
    });

    await check(page, 'mnist.py opens as Python with the CodeLens above class Net', async () => {
      await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => {});
      await quickOpen(page, 'mnist.py');
      const lens = editor(page).locator('.codelens-decoration').first();
      await lens.waitFor({ timeout: 30000 });
      const text = norm(await lens.innerText());
      expect(text === MNIST_LENS, `CodeLens reads ${JSON.stringify(text)}, expected ${JSON.stringify(MNIST_LENS)}`);
      const lang = norm(await page.locator('#status\\.editor\\.mode').innerText());
      expect(/python/i.test(lang), `status bar language is ${JSON.stringify(lang)}`);
      return JSON.stringify(text);
    });

    await check(page, 'inlay hint at the end of the conv2 line', async () => {
      const line = viewLine(page, 'self.conv2 = nn.Conv2d(16, 32, 3)');
      await line.waitFor({ timeout: 10000 });
      let text = '';
      for (let i = 0; i < 50 && !text.includes('4,640'); i++) { text = norm(await line.innerText()); if (!text.includes('4,640')) await page.waitForTimeout(100); }
      expect(text.includes('3×3×16 ×32 · 4,640'), `conv2 line renders as ${JSON.stringify(text)}`);
      await shot(page, 'codelens');
      return JSON.stringify(text);
    });

    await check(page, 'hover on conv2\'s constructor shows the filter shape and the formula', async () => {
      const hover = await hoverOver(page, () => textBox(page, 'self.conv2 = nn.Conv2d(16', 'Conv2d'), 'conv2');
      const text = norm(await hover.innerText());
      for (const want of ['3×3×16', '32·(16·3·3+1) = 4,640', 'f = 16: conv1 outputs 16 feature maps']) expect(text.includes(want), `hover lacks ${JSON.stringify(want)}: ${JSON.stringify(text)}`);
      await shot(page, 'hover');
      await page.mouse.move(5, 400);
      await page.keyboard.press('Escape');
      return JSON.stringify(text.split('\n')[0]);
    });

    await check(page, 'command palette: Layer Lens: Show Model Summary opens the summary beside', async () => {
      await editor(page).locator('.view-lines').click({ position: { x: 200, y: 200 } });
      await page.keyboard.press('Control+B'); // hide the side bar: the table needs the width of half the window
      await page.locator('.part.sidebar').waitFor({ state: 'hidden', timeout: 5000 });
      await runCommand(page, 'Layer Lens: Show Model Summary');
      await page.locator('.tab[aria-label*="Net.summary"]').waitFor({ timeout: 15000 });
      const line = viewLine(page, 'Total params:');
      await line.waitFor({ timeout: 15000 });
      const text = norm(await line.innerText());
      expect(text === 'Total params: 189,130', `summary line ${JSON.stringify(text)}`);
      const groups = await page.locator('.editor-group-container').count();
      expect(groups === 2, `${groups} editor groups, expected the summary beside the source`);
      await shot(page, 'summary');
      return JSON.stringify(text);
    });

    await check(page, 'mismatch.py: an error squiggle and its message on hover', async () => {
      await page.keyboard.press('Control+K'); await page.keyboard.press('Control+W'); // close all editors
      await quickOpen(page, 'mismatch.py');
      await editor(page).locator('.codelens-decoration').first().waitFor({ timeout: 15000 }); // it moves the lines below it
      const squiggle = editor(page).locator('.squiggly-error').first();
      await squiggle.waitFor({ timeout: 15000 });
      const hover = await hoverOver(page, async () => squiggle.boundingBox(), 'expects');
      const text = norm(await hover.innerText());
      expect(text.includes('conv2 expects 8 input channels but conv1 outputs 16'), JSON.stringify(text));
      const problems = norm(await page.locator('#status\\.problems').innerText()).replace(/\s+/g, ' ');
      return `status bar problems ${JSON.stringify(problems)}`;
    });

    await check(page, 'Layer Lens is listed among the installed extensions', async () => {
      await page.mouse.move(5, 400);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Shift+X');
      const item = page.locator('.extensions-viewlet .monaco-list-row').filter({ hasText: 'Layer Lens' }).first();
      await item.waitFor({ timeout: 15000 });
      return JSON.stringify(norm(await item.innerText()).split('\n')[0]);
    });
  } finally {
    await browser.close();
  }
  const passed = tests.filter((t) => t.state === 'passed').length;
  const failed = tests.length - passed;
  fs.writeFileSync(resultsFile, JSON.stringify({ passed, failed, tests }, null, 2));
  console.log(`UI checks: ${passed} passed, ${failed} failed in ${((Date.now() - T0) / 1000).toFixed(1)}s`);
  return failed ? 1 : 0;
}

main().then((c) => process.exit(c), (e) => { console.error(e); process.exit(1); });
