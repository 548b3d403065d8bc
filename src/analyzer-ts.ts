// The TypeScript/JavaScript (TF.js) analyzer as its own entry: the Node extension build emits it as
// dist/analyzer-ts.js and src/analyze.ts loads it on first use (scripts/build.mjs), so activating the extension
// for Python files does not load the JavaScript grammar.
export { analyzeTs } from './typescript/analyze';
// Its own copy of the message table when it is a separate bundle: src/analyze.ts hands the extension's on.
export { setMessages } from './core/l10n';
