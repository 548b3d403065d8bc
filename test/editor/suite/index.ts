// Entry point the extension host loads (extensionTestsPath): runs every *.test.js compiled next to
// this file with mocha, writes the results as JSON and resolves or rejects with the outcome.
// Runs inside the real VS Code extension host (code-server's or Electron's), not in the test runner's
// process: its environment is the one the editor was started with.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export interface TestResult { title: string; state: 'passed' | 'failed'; ms: number; error?: string }
export interface SuiteResults { passed: number; failed: number; tests: TestResult[] }

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30000, color: false, reporter: 'spec' });
  const grep = process.env.LAYER_LENS_GREP;
  if (grep) mocha.grep(grep);
  for (const f of fs.readdirSync(__dirname).filter((n) => n.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, f));
  const out = process.env.LAYER_LENS_RESULTS ?? path.join(__dirname, '..', 'integration-results.json');
  const tests: TestResult[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run(async (failures) => {
      // Leave no editors behind: the window state is restored when the UI checks open the same folder.
      await Promise.resolve(vscode.commands.executeCommand('workbench.action.closeAllEditors')).catch(() => undefined);
      const results: SuiteResults = { passed: tests.filter((t) => t.state === 'passed').length, failed: tests.filter((t) => t.state === 'failed').length, tests };
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, JSON.stringify(results, null, 2));
      console.log(`integration: ${results.passed} passed, ${results.failed} failed`);
      if (failures || results.failed || !results.passed) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => tests.push({ title: t.fullTitle(), state: 'passed', ms: t.duration ?? 0 }));
    runner.on('fail', (t, err: Error) => tests.push({ title: t.fullTitle(), state: 'failed', ms: t.duration ?? 0, error: String(err?.message ?? err) }));
  });
}
