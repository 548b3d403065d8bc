// `npm run test:electron`: the integration suite in a downloaded desktop VS Code (Electron) through
// @vscode/test-electron, for machines that can reach VS Code's download server. (Machines that reach
// only the npm registry use `npm run test:editor`, which runs the same suite in code-server.)
// Compiled by test/editor/build.mjs to test/editor/.work/out/electron.js (paths below are relative to that).
// On a Linux machine without a display, run it under xvfb-run.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

const here = path.resolve(__dirname, '..', '..'); // test/editor
const repo = path.resolve(here, '..', '..');

async function main(): Promise<number> {
  const results = path.join(here, '.work', 'results', 'integration-electron.json');
  fs.rmSync(results, { force: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'layer-lens-electron-'));
  try {
    // The suite runs in the extension host, which inherits this process's environment.
    const extensionTestsEnv = { LAYER_LENS_REPO: repo, LAYER_LENS_EXTENSION: repo, LAYER_LENS_RESULTS: results, ...(process.env.LAYER_LENS_GREP ? { LAYER_LENS_GREP: process.env.LAYER_LENS_GREP } : {}) };
    await runTests({
      version: process.env.VSCODE_VERSION ?? '1.100.3',
      cachePath: path.join(here, '.work', 'vscode-test'), // the download stays in the git-ignored work folder // the version code-server 4.100.3 ships; the extension needs ^1.100.0
      extensionDevelopmentPath: repo,
      extensionTestsPath: path.join(here, '.work', 'out', 'suite', 'index.js'),
      extensionTestsEnv,
      launchArgs: [
        path.join(here, 'workspace'),
        '--disable-extensions', // other installed extensions stay off; the one under development still loads
        '--disable-workspace-trust',
        '--skip-welcome', '--skip-release-notes',
        `--user-data-dir=${path.join(profile, 'user-data')}`,
        `--extensions-dir=${path.join(profile, 'extensions')}`,
      ],
    });
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
  if (!fs.existsSync(results)) {
    console.log('0 passed, 1 failed');
    return 1;
  }
  const r = JSON.parse(fs.readFileSync(results, 'utf8')) as { passed: number; failed: number; tests: { title: string; state: string; error?: string }[] };
  for (const t of r.tests) console.log(`${t.state === 'passed' ? 'PASS' : 'FAIL'} ${t.title}${t.error ? `\n     ${t.error.split('\n')[0]}` : ''}`);
  console.log(`${r.passed} passed, ${r.failed} failed`);
  return r.failed || !r.passed ? 1 : 0;
}

main().then((code) => process.exit(code), (err) => { console.error(err); process.exit(1); });
