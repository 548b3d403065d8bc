// The extension's settings and their defaults (no vscode import: unit tests read it).

/** Setting keys (below `layerLens.`) and their defaults; package.json must declare exactly these. */
export const SETTINGS = {
  'hover.enable': true,
  'codeLens.enable': true,
  'inlayHints.enable': true,
  'diagnostics.enable': true,
  'defaultInputShape': '',
  'showMacs': true,
  'dtype': 'float32',
  'python.extraPaths': [] as string[],
  'inlayHints.format': '{filters} · {params}',
  'numberFormat': 'grouped',
} as const;
