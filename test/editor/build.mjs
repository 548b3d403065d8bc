// Compiles the integration suite (suite/*.ts) and the Electron runner into test/editor/.work/out/.
// `vscode` comes from the extension host and mocha from the repository's node_modules at run time.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const suite = readdirSync(join(here, 'suite')).filter((f) => f.endsWith('.ts')).map((f) => join(here, 'suite', f));
// A test file deleted or renamed in suite/ must not keep running from an old build.
rmSync(join(here, '.work', 'out', 'suite'), { recursive: true, force: true });
const common = { bundle: true, platform: 'node', format: 'cjs', target: 'es2022', sourcemap: 'inline', logLevel: 'warning' };
await Promise.all([
  esbuild.build({ ...common, entryPoints: suite, outdir: join(here, '.work', 'out', 'suite'), external: ['vscode', 'mocha'] }),
  esbuild.build({ ...common, entryPoints: [join(here, 'electron.ts')], outfile: join(here, '.work', 'out', 'electron.js'), external: ['@vscode/test-electron'] }),
]);
