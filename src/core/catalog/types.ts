// The shape of a catalog row: how one layer type turns its configuration and inputs into numbers.
import type { Framework, Shape } from '../report';

/** A value the evaluators could not know; `expr` is the source-level name/expression when there is one. */
export interface Unknown {
  unknown: string;
  expr?: string;
}

/** A layer passed as an argument to another (Keras `Bidirectional(LSTM(8))`, `TimeDistributed(Dense(4))`). */
export interface LayerRef {
  layerType: string;
  framework: Framework;
  args: Args;
}

/** A configuration value as the evaluators hand it to the catalog. */
export type CValue = number | string | boolean | null | CValue[] | Unknown | LayerRef | { [key: string]: CValue };

/** Call arguments as written: positional values, then keywords. */
export interface Args {
  positional: CValue[];
  keywords: Record<string, CValue>;
}

/** Arguments bound to parameter names (defaults filled in). */
export type Cfg = Record<string, CValue>;

export interface LayerContext {
  /** Input shapes (no batch dim), one per input; null where unknown. Empty when the layer was never called. */
  inputs: (Shape | null)[];
  /** Why the inputs are unknown, when they are. */
  inputReason?: string;
}

/** One step of the receptive-field recurrence (first spatial dim). */
export interface RfStep {
  kernel: number;
  stride: number;
  dilation: number;
}

export interface LayerResult {
  params: number | null;
  trainable: number | null;
  nonTrainable: number | null;
  inChannels: number | null;
  outChannels: number | null;
  kernel: number[] | null;
  stride: number[] | null;
  groups: number | null;
  filterShape: string | null;
  formula: string | null;
  outputShape: Shape | null;
  /** For layers that return several tensors (PyTorch LSTM: output, h, c). outputs[0] equals outputShape. */
  outputs?: (Shape | null)[];
  macs: number | null;
  rf: RfStep | null;
  unknown: Record<string, string>;
  /** Input sizes the layer requires (axis of inputs[0], negative from the end); the evaluator reports mismatches. */
  expects?: { axis: number; size: number; what: string }[];
  /** A provable error in the layer's own configuration (the framework would raise). */
  error?: string;
}

export interface LayerRow {
  /** Positional parameter names, in the framework's order. */
  args: string[];
  /** Parameters with defaults. A name in `args` without a default is required. */
  defaults: Record<string, CValue>;
  /** Keyword names accepted that do not change any number (device, dtype, initializers, name …). */
  ignore?: string[];
  /** Accept and ignore any further positional or keyword arguments (`nn.Identity(*args, **kwargs)`). */
  anyArgs?: boolean;
  /** With anyArgs: further keywords are data of the layer (einops axis lengths), bound into cfg by name. */
  extraKeywords?: boolean;
  /** Whether the layer consumes several inputs (merge layers). */
  multiInput?: boolean;
  compute(cfg: Cfg, ctx: LayerContext): LayerResult;
}

export type Catalog = Record<string, LayerRow>;
