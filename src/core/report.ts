// The report: the core's output and the CLI's --json (see design.md). Plain data only.

/** One dimension: a number, or null when it cannot be known statically. */
export type Dim = number | null;
/** A tensor shape without the batch dimension, in the framework's own layout. */
export type Shape = Dim[];

export type Framework = 'pytorch' | 'keras' | 'tfjs';
export type Language = 'python' | 'typescript' | 'javascript';

export interface LayerReport {
  /** Module path (`features.0`) or Keras/TF.js layer name. */
  path: string;
  type: string;
  /** 1-based line of the constructor call that created the layer. */
  line: number;
  /** Set when that call is in another file (an imported module); `line` is then that file's line. */
  file?: string;
  /**
   * 0-based column where the constructor call starts on `line`, and where it ends when that is on the same line:
   * tells apart several layers created on one line (`nn.Sequential(nn.Conv2d(…), nn.ReLU(), nn.Conv2d(…))`).
   * Absent when not known.
   */
  column?: number;
  endColumn?: number;
  /** The attribute holding the layer in a subclassed Keras model (`self.conv1`), for hovers in `call()`. */
  attr?: string;
  params: number | null;
  trainable: number | null;
  nonTrainable: number | null;
  /** f: input channels (in features for dense layers). */
  inChannels: number | null;
  /** n: output channels / filters (out features for dense layers). */
  outChannels: number | null;
  kernel: number[] | null;
  stride: number[] | null;
  groups: number | null;
  /** k×k×(f/groups), as shown to the user. */
  filterShape: string | null;
  /** The parameter formula with numbers (or argument names) filled in: `32·(16·3·3+1)`. */
  formula: string | null;
  inputShape: Shape | null;
  outputShape: Shape | null;
  macs: number | null;
  receptiveField: number | null;
  /** Field name -> why it is null. */
  unknown: Record<string, string>;
  /** The layer whose output feeds this one (for the "f = 16: conv1 outputs 16 feature maps" sentence). */
  inputFrom?: string;
  /** Set when the parameters of this layer are shared with an earlier layer (counted once). */
  sharedWith?: string;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  line: number;
  /** 0-based columns on that line, when known. */
  column?: number;
  endLine?: number;
  endColumn?: number;
  severity: Severity;
  message: string;
  /** A literal that can replace the range to fix the problem. */
  fix?: string;
}

export interface ModelReport {
  name: string;
  kind: 'class' | 'function' | 'variable';
  framework: Framework;
  line: number;
  /** The (first) input's shape; `inputShapes` lists all of them for models with several inputs. */
  inputShape: Shape | null;
  /** The (first) output's shape; `outputShapes` lists all of them for models with several outputs. */
  outputShape: Shape | null;
  inputShapes?: (Shape | null)[];
  outputShapes?: (Shape | null)[];
  params: number | null;
  trainable: number | null;
  nonTrainable: number | null;
  knownParams: number;
  macs: number | null;
  layers: LayerReport[];
  /**
   * Layers inside a row that the framework lists as one layer (the sublayers of a Keras custom layer, path
   * `row/sublayer`): for hovers and hints on their own lines; in no total and not in the summary table.
   */
  inner?: LayerReport[];
  diagnostics: Diagnostic[];
  /** How many instances of each of the file's own module classes the model holds (`{ BasicBlock: 8 }`). */
  blocks?: Record<string, number>;
  /** Model-level unknowns (input shape, total params …): field -> reason. */
  unknown: Record<string, string>;
}

export interface FileReport {
  path: string;
  language: Language;
  models: ModelReport[];
  /** Files the analysis read through imports. */
  imports?: string[];
  /** Set when the file was not analysed at all (too large, binary …). */
  skipped?: string;
}

export interface Report {
  version: 1;
  files: FileReport[];
}
