// PyTorch layers: one row per torch.nn module type (see formulas.md), split by family into pytorch-*.ts.
//
// Conventions shared by every row:
// - Shapes leave out the batch dim wherever the module puts it (C×H×W for conv input; L×features for RNN and
//   attention inputs whatever batch_first says). A torch `dim` argument counts the batch dim; rows shift it.
// - MACs are Layer Lens's own count of multiply-accumulates for ONE sample, weights only (bias adds,
//   activations and normalisation arithmetic are not counted):
//     Conv            output positions × n × (f/g)·K
//     ConvTranspose   input positions × f × (n/g)·K (each input value is scattered through the kernel)
//     Linear          in·out per leading position;  Bilinear  in1·in2·out per leading position
//     RNN/LSTM/GRU    per time step, layer and direction G·h·(in_l + h_r) (+ p·h for LSTM proj_size p),
//                     G = 1/4/3 gates, h_r = p or h
//     MultiheadAttn   q, k, v and out projections + the two attention products (L·S'·E each)
//     Transformer*    their attention block(s) + the two feed-forward linears (stacks: the sum of their layers)
//     everything else (norms, activations, pooling, dropout, reshapes, embeddings, padding) = 0
//   FLOPs ≈ 2·MACs. torchinfo's "Mult-Adds" also counts bias terms, so it is slightly higher.
// - Right or unknown, never wrong: a value or keyword a row does not understand leaves the fields it
//   affects null with a reason; a configuration torch rejects sets `error`.
import type { Catalog } from './types';
import { pytorchActivation } from './pytorch-activation';
import { pytorchAttention } from './pytorch-attention';
import { pytorchConv } from './pytorch-conv';
import { pytorchDense } from './pytorch-dense';
import { pytorchNorm } from './pytorch-norm';
import { pytorchPool } from './pytorch-pool';
import { pytorchRnn } from './pytorch-rnn';
import { pytorchShape } from './pytorch-shape';
import { pytorchTransformer } from './pytorch-transformer';

export const pytorchCatalog: Catalog = {
  ...pytorchConv,
  ...pytorchDense,
  ...pytorchPool,
  ...pytorchNorm,
  ...pytorchRnn,
  ...pytorchAttention,
  ...pytorchTransformer,
  ...pytorchActivation,
  ...pytorchShape,
};
