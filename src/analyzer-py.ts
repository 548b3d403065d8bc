// The Python (PyTorch, Keras) analyzer as its own entry: the Node extension build emits it as dist/analyzer-py.js
// and src/analyze.ts loads it with the first Python document (scripts/build.mjs), so activating the extension loads
// neither grammar nor layer catalog, and a TF.js-only workspace never loads them.
export { analyzePython } from './python/analyze';
// Its own copy of the message table when it is a separate bundle: src/analyze.ts hands the extension's on.
export { setMessages } from './core/l10n';
