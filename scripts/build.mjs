// Bundles the extension (Node and browser), and the CLI, with esbuild.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  logLevel: 'warning',
  target: 'es2022',
};

// The Node extension loads each analyzer on first use: src/analyze.ts's `require('./analyzer-py')` and
// `require('./analyzer-ts')` stay requires of dist/analyzer-py.js and dist/analyzer-ts.js, separate bundles (the
// browser and CLI bundles inline them).
const lazyAnalyzers = {
  name: 'lazy-analyzers',
  setup(build) {
    build.onResolve({ filter: /^\.\/analyzer-(py|ts)$/ }, (args) =>
      (/[\\/]src[\\/]analyze\.ts$/.test(args.importer) ? { path: `${args.path}.js`, external: true } : undefined));
  },
};

// The TS/JS analyzer only uses LineIndex from src/python/syntax.ts: let esbuild drop the Python grammar that
// module imports (@lezer/python builds its parser at load time, which esbuild must otherwise keep).
const noPythonGrammar = {
  name: 'no-python-grammar',
  setup(build) {
    build.onResolve({ filter: /^@lezer\/python$/ }, async (args) => {
      if (args.pluginData === 'no-python-grammar') return undefined;
      const r = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'no-python-grammar' });
      return r.errors.length ? undefined : { path: r.path, sideEffects: false };
    });
  },
};

// The grammars attach highlighting styles (@lezer/highlight's styleTags) to their node types; the analysis never
// highlights, so a stand-in that attaches nothing keeps that library out of the bundles.
const noHighlighting = {
  name: 'no-highlighting',
  setup(build) {
    build.onResolve({ filter: /^@lezer\/highlight$/ }, () => ({ path: 'lezer-highlight-stand-in', namespace: 'stand-in' }));
    build.onLoad({ filter: /.*/, namespace: 'stand-in' }, () => ({
      contents: 'const tag = new Proxy(function () { return tag; }, { get: () => tag });\n'
        + 'export const tags = tag;\nexport function styleTags() { return () => null; }\n',
      loader: 'js',
    }));
  },
};

const builds = [
  {
    ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs',
    external: ['vscode'], plugins: [lazyAnalyzers, noHighlighting],
  },
  {
    ...common, entryPoints: ['src/analyzer-py.ts'], outfile: 'dist/analyzer-py.js', platform: 'node', format: 'cjs',
    plugins: [noHighlighting],
  },
  {
    ...common, entryPoints: ['src/analyzer-ts.ts'], outfile: 'dist/analyzer-ts.js', platform: 'node', format: 'cjs',
    plugins: [noPythonGrammar, noHighlighting],
  },
  {
    ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/web/extension.js', platform: 'browser', format: 'cjs',
    external: ['vscode'], mainFields: ['browser', 'module', 'main'], plugins: [noHighlighting],
  },
  { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', banner: { js: '#!/usr/bin/env node' }, plugins: [noHighlighting] },
];

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
