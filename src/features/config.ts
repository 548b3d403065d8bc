// The extension's settings as one typed object. test/unit/config.test.ts checks it against package.json.
import * as vscode from 'vscode';
import { parseShape } from '../core/directive';
import type { NumberStyle } from '../core/format';
import { SETTINGS } from './settings';

export interface Config {
  hoverEnable: boolean;
  codeLensEnable: boolean;
  inlayHintsEnable: boolean;
  diagnosticsEnable: boolean;
  defaultInputShape: number[] | null;
  showMacs: boolean;
  dtypeBytes: number;
  /** Extra folders for absolute imports (absolute paths). */
  pythonExtraPaths: string[];
  hintFormat: string;
  numberStyle: NumberStyle;
}

const DTYPE_BYTES: Record<string, number> = { float32: 4, float16: 2, bfloat16: 2, float64: 8, int8: 1 };

export function readConfig(): Config {
  const c = vscode.workspace.getConfiguration('layerLens');
  const get = <K extends keyof typeof SETTINGS>(k: K) => c.get(k, SETTINGS[k]);
  return {
    hoverEnable: get('hover.enable') as boolean,
    codeLensEnable: get('codeLens.enable') as boolean,
    inlayHintsEnable: get('inlayHints.enable') as boolean,
    diagnosticsEnable: get('diagnostics.enable') as boolean,
    defaultInputShape: parseShape(String(get('defaultInputShape') ?? '')),
    showMacs: get('showMacs') as boolean,
    dtypeBytes: DTYPE_BYTES[String(get('dtype'))] ?? 4,
    pythonExtraPaths: (get('python.extraPaths') as readonly string[]).filter((p) => typeof p === 'string'),
    hintFormat: String(get('inlayHints.format') || SETTINGS['inlayHints.format']),
    numberStyle: (['grouped', 'compact', 'plain'].includes(String(get('numberFormat'))) ? String(get('numberFormat')) : 'grouped') as NumberStyle,
  };
}
