// Bundles a benchmark script with esbuild (as the shipped code is bundled, without tsx's per-function
// wrappers) and runs it with node. Usage: node scripts/bench-run.mjs scripts/bench.ts [args…]
import * as esbuild from 'esbuild';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const [script, ...args] = process.argv.slice(2);
const out = path.join('.bench', `${path.basename(script, '.ts')}.cjs`);
fs.mkdirSync('.bench', { recursive: true });
await esbuild.build({ entryPoints: [script], bundle: true, platform: 'node', format: 'cjs', target: 'es2022', outfile: out, logLevel: 'warning' });
const r = spawnSync(process.execPath, [out, ...args], { stdio: 'inherit' });
process.exit(r.status ?? 1);
