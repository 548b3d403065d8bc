#!/usr/bin/python3
"""Golden numbers for the PyTorch layer catalog, taken from real PyTorch.

Each case builds one torch.nn module, runs it on a random tensor with batch size 1 and records the
parameter counts, the output shapes (batch dim removed) and the multiply-accumulates, computed from the
real weights and tensors. Cases whose construction or forward raises are recorded as errors.

Run with Debian's PyTorch:  /usr/bin/python3 test/oracle/torch_layers.py
Writes test/fixtures/layers/pytorch.json (sorted keys, fixed seed: re-running gives the same file).
"""
import json
import os
import sys
import warnings

# torch's error messages print Python sets; a fixed hash seed keeps their order (and this file's output) stable.
if os.environ.get("PYTHONHASHSEED") != "0":
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)

import torch
import torch.nn as nn

torch.manual_seed(0)
warnings.filterwarnings("ignore")

CASES = []


def case(type_, args=(), kwargs=None, inputs=((),)):
    CASES.append((type_, list(args), dict(kwargs or {}), [list(s) for s in inputs]))


def layer(type_, *args, **kwargs):
    """A layer passed as an argument, in the catalog's LayerRef form."""
    return {"layerType": type_, "framework": "pytorch", "args": {"positional": list(args), "keywords": kwargs}}


# --- convolution ----------------------------------------------------------------------------------
for t, nd, size in (("Conv1d", 1, (17,)), ("Conv2d", 2, (13, 11)), ("Conv3d", 3, (7, 9, 6))):
    inp = [(4,) + size]
    case(t, (4, 8, 3), {}, inp)
    case(t, (4, 8, 3), {"padding": 1}, inp)
    case(t, (4, 8, 3), {"stride": 2}, inp)
    case(t, (4, 8, 3), {"stride": 2, "padding": 1, "dilation": 2}, inp)
    case(t, (4, 8, 4), {"padding": "same"}, inp)
    case(t, (4, 8, 3), {"padding": "valid"}, inp)
    case(t, (4, 8, 3), {"groups": 2, "bias": False}, inp)
    case(t, (4, 4, 3), {"groups": 4, "padding": "same", "dilation": 2}, inp)
    case(t, (4, 6, 2), {"padding_mode": "reflect", "padding": 1}, inp)
    case(t, (4, 6, 3), {"padding_mode": "circular", "padding": 1, "stride": 3}, inp)
    case(t, (4, 8, 3), {"padding": "same", "stride": 2}, inp)  # error: same with stride
    case(t, (4, 6, 3), {"groups": 3}, inp)  # error: in_channels % groups
    case(t, (4, 6, 3), {"groups": 4}, inp)  # error: out_channels % groups
    case(t, (4, 8, 3), {}, [(5,) + size])  # error: channel mismatch
    case(t, (4, 8, 20), {}, inp)  # error: kernel larger than input
    case("Lazy" + t, (8, 3), {"stride": 2}, inp)
    case("Lazy" + t, (6, 3), {"groups": 2, "padding": "same", "bias": False}, inp)
case("Conv2d", (3, 16, (3, 5)), {"stride": (2, 1), "padding": (1, 2)}, [(3, 28, 28)])
case("Conv2d", (3, 16, (3, 5)), {"dilation": (2, 1), "padding": (0, 2), "padding_mode": "replicate"}, [(3, 28, 28)])
case("Conv2d", (1, 16, 3), {}, [(1, 28, 28)])
case("Conv2d", (16, 32, 3), {}, [(16, 26, 26)])
case("Conv2d", (3, 64, 7, 2, 3), {"bias": False}, [(3, 224, 224)])
case("Conv2d", (32, 32, 3, 1, 1, 1, 32, False), {}, [(32, 15, 15)])
case("Conv2d", (3, 8, 2), {"padding": "same", "dilation": (1, 3)}, [(3, 10, 9)])
case("Conv2d", (3, 8, 3), {"padding": "full"}, [(3, 10, 10)])  # error
case("Conv2d", (3, 8, 3), {"padding_mode": "mirror"}, [(3, 10, 10)])  # error
case("Conv1d", (2, 4, 5), {"stride": 3, "padding": 2}, [(2, 1)])
case("Conv2d", (2, 4, 3), {"stride": 0}, [(2, 8, 8)])  # error

for t, nd, size in (("ConvTranspose1d", 1, (9,)), ("ConvTranspose2d", 2, (7, 5)), ("ConvTranspose3d", 3, (4, 5, 3))):
    inp = [(4,) + size]
    case(t, (4, 8, 3), {}, inp)
    case(t, (4, 8, 3), {"stride": 2}, inp)
    case(t, (4, 8, 3), {"stride": 2, "padding": 1, "output_padding": 1}, inp)
    case(t, (4, 8, 4), {"stride": 2, "padding": 1, "bias": False}, inp)
    case(t, (4, 6, 3), {"groups": 2, "dilation": 2}, inp)
    case(t, (4, 6, 3), {"stride": 3, "dilation": 2, "output_padding": 2, "groups": 2}, inp)
    case(t, (4, 8, 3), {"stride": 2, "output_padding": 2}, inp)  # error: output_padding >= stride
    case(t, (4, 8, 3), {"padding_mode": "reflect"}, inp)  # error: non-zeros padding mode
    case(t, (4, 6, 3), {"groups": 3}, inp)  # error: in_channels % groups
    case(t, (4, 8, 3), {"padding": "same"}, inp)  # error: string padding
    case("Lazy" + t, (6, 3), {"stride": 2, "output_padding": 1}, inp)
    case("Lazy" + t, (6, 2), {"groups": 2, "bias": False}, inp)
case("ConvTranspose2d", (16, 3, (4, 2), (2, 1), (1, 0), (1, 0)), {}, [(16, 8, 8)])
case("ConvTranspose2d", (16, 3, 3, 2, 5), {}, [(16, 2, 2)])  # error: output size <= 0

# --- dense ------------------------------------------------------------------------------------------
case("Linear", (20, 10), {}, [(20,)])
case("Linear", (20, 10), {"bias": False}, [(20,)])
case("Linear", (20, 10), {}, [(7, 20)])
case("Linear", (20, 10, False), {}, [(3, 5, 20)])
case("Linear", (784, 128), {}, [(784,)])
case("Linear", (20, 10), {}, [(21,)])  # error: mismatch
case("LazyLinear", (10,), {}, [(33,)])
case("LazyLinear", (10, False), {}, [(4, 33)])
case("Bilinear", (5, 7, 3), {}, [(5,), (7,)])
case("Bilinear", (5, 7, 3), {"bias": False}, [(4, 5), (4, 7)])
case("Bilinear", (5, 7, 3), {}, [(5,), (6,)])  # error
# --- losses (no parameters; a 0-d output unless reduction="none") -------------------------------------
for t in ("L1Loss", "MSELoss", "SmoothL1Loss", "HuberLoss", "BCELoss", "BCEWithLogitsLoss", "KLDivLoss",
          "SoftMarginLoss", "MultiLabelSoftMarginLoss", "PoissonNLLLoss"):
    case(t, (), {}, [(4, 6), (4, 6)])
case("MSELoss", (), {"reduction": "none"}, [(4, 6), (4, 6)])
case("BCEWithLogitsLoss", (), {"reduction": "sum"}, [(3,), (3,)])
case("CrossEntropyLoss", (), {}, [(5,), ()])
case("CrossEntropyLoss", (), {"label_smoothing": 0.1, "reduction": "none"}, [(5, 7), (7,)])
case("NLLLoss", (), {"reduction": "none"}, [(5,), ()])

case("Identity", (), {}, [(3, 4, 5)])
case("Identity", (54, "unused"), {}, [(8,)])
case("QuantStub", (), {}, [(3, 4, 5)])
case("DeQuantStub", (), {}, [(8,)])

# --- reshaping --------------------------------------------------------------------------------------
case("Flatten", (), {}, [(16, 5, 5)])
case("Flatten", (), {}, [(7,)])
case("Flatten", (2,), {}, [(16, 5, 5)])
case("Flatten", (1, 2), {}, [(16, 5, 5)])
case("Flatten", (), {"start_dim": -2}, [(16, 5, 5)])
case("Flatten", (), {"start_dim": 2, "end_dim": -2}, [(2, 3, 4, 5)])
case("Flatten", (), {"start_dim": 3, "end_dim": 1}, [(2, 3, 4)])  # error
case("Unflatten", (1, (4, 5)), {}, [(20,)])
case("Unflatten", (-1, (2, -1)), {}, [(3, 12)])
case("Unflatten", (2, (2, 2, 3)), {}, [(3, 12, 7)])
case("Unflatten", (1, (4, 6)), {}, [(20,)])  # error
case("PixelShuffle", (2,), {}, [(16, 5, 7)])
case("PixelShuffle", (3,), {}, [(18, 4, 4)])
case("PixelShuffle", (3,), {}, [(16, 4, 4)])  # error
case("PixelUnshuffle", (2,), {}, [(3, 8, 6)])
case("PixelUnshuffle", (2,), {}, [(3, 7, 6)])  # error
case("ChannelShuffle", (2,), {}, [(8, 4, 4)])
case("ChannelShuffle", (3,), {}, [(9, 5)])
case("ChannelShuffle", (3,), {}, [(8, 4, 4)])  # error
case("Unfold", (2,), {"stride": 2}, [(3, 16, 16)])
case("Unfold", ((3, 2),), {"dilation": 2, "padding": 1, "stride": (2, 1)}, [(3, 16, 15)])
case("Unfold", (4,), {}, [(5, 9, 7)])
case("Unfold", (20,), {}, [(3, 16, 16)])  # error: no block fits
case("Unfold", (2,), {}, [(3, 5, 16, 16)])  # error: 5-d with the batch
case("Fold", ((16, 16), 2), {"stride": 2}, [(12, 64)])
case("Fold", ((9, 7), (3, 2)), {"dilation": (1, 2), "padding": 1}, [(12, 63)])
case("Fold", ((16, 16), 2), {"stride": 2}, [(12, 63)])  # error: blocks
case("Fold", ((16, 16), 2), {"stride": 2}, [(13, 64)])  # error: not divisible

# --- pooling ----------------------------------------------------------------------------------------
for nd, size in ((1, (15,)), (2, (13, 10)), (3, (7, 8, 9))):
    inp = [(3,) + size]
    mp, ap = "MaxPool%dd" % nd, "AvgPool%dd" % nd
    case(mp, (2,), {}, inp)
    case(mp, (3,), {"stride": 2}, inp)
    case(mp, (3, 2, 1), {}, inp)
    case(mp, (3,), {"stride": 2, "ceil_mode": True}, inp)
    case(mp, (2,), {"stride": 2, "padding": 1, "ceil_mode": True}, inp)
    case(mp, (3,), {"dilation": 2, "stride": 1}, inp)
    case(mp, (2,), {"return_indices": True}, inp)
    case(mp, (3,), {"padding": 2}, inp)  # error: padding > kernel/2
    case(ap, (2,), {}, inp)
    case(ap, (3, 2, 1), {"count_include_pad": False}, inp)
    case(ap, (3,), {"stride": 2, "ceil_mode": True}, inp)
    case(ap, (4,), {"stride": 3, "padding": 2, "ceil_mode": True}, inp)
    case(ap, (3,), {"padding": 2}, inp)  # error
    case("AdaptiveAvgPool%dd" % nd, (1,), {}, inp)
    case("AdaptiveAvgPool%dd" % nd, (4,), {}, inp)
    case("AdaptiveMaxPool%dd" % nd, (5,), {}, inp)
    case("AdaptiveMaxPool%dd" % nd, (2,), {"return_indices": True}, inp)
    case("AdaptiveAvgPool%dd" % nd, (20,), {}, inp)
    if nd < 3:
        case("LPPool%dd" % nd, (2, 3), {}, inp)
        case("LPPool%dd" % nd, (1, 2), {"stride": 3, "ceil_mode": True}, inp)
case("MaxPool2d", ((3, 2),), {"stride": (2, 1), "padding": (1, 0)}, [(8, 11, 11)])
case("MaxPool2d", (2, 2), {}, [(6, 28, 28)])
case("MaxPool2d", (5,), {}, [(6, 3, 3)])  # error: output size 0
case("AvgPool2d", (2,), {"divisor_override": 3}, [(6, 9, 9)])
case("AdaptiveAvgPool2d", ((None, 7),), {}, [(512, 10, 12)])
case("AdaptiveAvgPool2d", ((3, None),), {}, [(512, 10, 12)])
case("AdaptiveMaxPool2d", ((2, 3),), {}, [(4, 9, 9)])
case("AdaptiveAvgPool3d", ((None, 2, 1),), {}, [(2, 5, 6, 7)])
case("AdaptiveAvgPool1d", (None,), {}, [(2, 5)])
case("LPPool2d", (2, (2, 3)), {"stride": (1, 2)}, [(4, 9, 10)])

# --- normalization ----------------------------------------------------------------------------------
case("BatchNorm1d", (16,), {}, [(16,)])
case("BatchNorm1d", (16,), {}, [(16, 10)])
case("BatchNorm1d", (16,), {"affine": False}, [(16, 10)])
case("BatchNorm1d", (16,), {"track_running_stats": False}, [(16, 10)])
case("BatchNorm1d", (16,), {}, [(15, 10)])  # error
case("BatchNorm2d", (32,), {}, [(32, 8, 8)])
case("BatchNorm2d", (32, 1e-3, 0.01, False, False), {}, [(32, 8, 8)])
case("BatchNorm2d", (32,), {}, [(32, 8)])  # error: wrong rank
case("BatchNorm3d", (8,), {}, [(8, 3, 4, 5)])
case("BatchNorm3d", (8,), {"affine": False}, [(8, 3, 4, 5)])
case("LazyBatchNorm1d", (), {}, [(12, 5)])
case("LazyBatchNorm2d", (), {"affine": False}, [(12, 5, 5)])
case("LazyBatchNorm3d", (), {}, [(6, 2, 3, 3)])
case("GroupNorm", (4, 32), {}, [(32, 8, 8)])
case("GroupNorm", (1, 6), {"affine": False}, [(6, 10)])
case("GroupNorm", (32, 32), {}, [(32, 3, 3, 3)])
case("GroupNorm", (5, 32), {}, [(32, 8, 8)])  # error: groups do not divide
case("GroupNorm", (4, 32), {}, [(16, 8, 8)])  # error: channels mismatch
case("InstanceNorm1d", (8,), {}, [(8, 20)])
case("InstanceNorm1d", (8,), {"affine": True}, [(8, 20)])
case("InstanceNorm2d", (8,), {}, [(8, 9, 9)])
case("InstanceNorm2d", (8,), {"affine": True, "track_running_stats": True}, [(8, 9, 9)])
case("InstanceNorm2d", (8,), {"affine": True}, [(7, 9, 9)])  # error: mismatch with affine
case("InstanceNorm3d", (4,), {"affine": True}, [(4, 3, 4, 5)])
case("LazyInstanceNorm1d", (), {}, [(8, 20)])
case("LazyInstanceNorm2d", (), {"affine": False}, [(8, 9, 9)])
case("LazyInstanceNorm3d", (), {}, [(4, 3, 4, 5)])
case("LayerNorm", (64,), {}, [(10, 64)])
case("LayerNorm", ((8, 8),), {}, [(3, 8, 8)])
case("LayerNorm", ([5, 8, 8],), {"elementwise_affine": False}, [(5, 8, 8)])
case("LayerNorm", (64,), {}, [(10, 63)])  # error
case("LayerNorm", (64,), {"bias": False}, [(10, 64)])  # error in torch 1.13 (no bias kwarg)
case("LocalResponseNorm", (2,), {}, [(16, 8, 8)])
case("LocalResponseNorm", (5, 1e-4, 0.75, 2.0), {}, [(16, 10)])

# --- embeddings -------------------------------------------------------------------------------------
case("Embedding", (1000, 64), {}, [(12,)])
case("Embedding", (1000, 64), {"padding_idx": 0}, [(3, 4)])
case("Embedding", (50, 8, None, 1.0), {}, [()])
case("Embedding", (50, 8), {"padding_idx": 50}, [(4,)])  # error
case("EmbeddingBag", (100, 16), {}, [(7,)])
case("EmbeddingBag", (100, 16), {"mode": "max"}, [(7,)])
case("EmbeddingBag", (100, 16), {"mode": "sum", "padding_idx": 3}, [(5,)])
case("EmbeddingBag", (100, 16), {"mode": "median"}, [(5,)])  # error

# --- recurrent --------------------------------------------------------------------------------------
case("RNN", (10, 20), {}, [(5, 10)])
case("RNN", (10, 20, 2), {"batch_first": True}, [(5, 10)])
case("RNN", (10, 20, 2, "relu", False), {}, [(6, 10)])
case("RNN", (10, 20), {"bidirectional": True, "num_layers": 3}, [(4, 10)])
case("RNN", (10, 20), {"nonlinearity": "gelu"}, [(4, 10)])  # error
case("RNN", (10, 20), {}, [(4, 11)])  # error
case("LSTM", (10, 20), {}, [(5, 10)])
case("LSTM", (10, 20, 2), {"batch_first": True, "dropout": 0.2}, [(5, 10)])
case("LSTM", (10, 20), {"bidirectional": True}, [(7, 10)])
case("LSTM", (10, 20), {"bias": False, "num_layers": 2, "bidirectional": True}, [(3, 10)])
case("LSTM", (10, 20), {"proj_size": 8}, [(5, 10)])
case("LSTM", (10, 20), {"proj_size": 8, "num_layers": 2, "bidirectional": True, "batch_first": True}, [(5, 10)])
case("LSTM", (10, 20), {"proj_size": 20}, [(5, 10)])  # error: proj_size >= hidden_size
case("LSTM", (10, 20), {"dropout": 1.5}, [(5, 10)])  # error
case("LSTM", (128, 256, 1, True, True, 0.0, True), {}, [(50, 128)])
case("RNNCell", (10, 20), {}, [(10,)])
case("RNNCell", (10, 20, False, "relu"), {}, [(10,)])
case("LSTMCell", (10, 20), {}, [(10,)])
case("LSTMCell", (10, 20), {"bias": False}, [(10,)])
case("GRUCell", (10, 20), {}, [(10,)])
case("GRUCell", (7, 3), {}, [(8,)])  # error: input size mismatch
case("GRU", (10, 20), {}, [(5, 10)])
case("GRU", (10, 20, 3), {"bidirectional": True, "batch_first": True}, [(5, 10)])
case("GRU", (10, 20), {"bias": False}, [(2, 10)])
case("GRU", (10, 20), {"proj_size": 5}, [(5, 10)])  # error: proj_size on GRU

# --- attention --------------------------------------------------------------------------------------
case("MultiheadAttention", (16, 4), {}, [(5, 16), (7, 16), (7, 16)])
case("MultiheadAttention", (16, 4), {"batch_first": True}, [(5, 16), (5, 16), (5, 16)])
case("MultiheadAttention", (16, 2), {"bias": False}, [(5, 16), (6, 16), (6, 16)])
case("MultiheadAttention", (16, 4), {"kdim": 8, "vdim": 12}, [(5, 16), (7, 8), (7, 12)])
case("MultiheadAttention", (16, 4), {"add_bias_kv": True}, [(5, 16), (7, 16), (7, 16)])
case("MultiheadAttention", (16, 4), {"add_zero_attn": True, "add_bias_kv": True, "batch_first": True},
     [(5, 16), (7, 16), (7, 16)])
case("MultiheadAttention", (16, 4, 0.1, True, False, False, 8), {}, [(3, 16), (4, 8), (4, 16)])
case("MultiheadAttention", (16, 5), {}, [(5, 16), (7, 16), (7, 16)])  # error: heads do not divide
case("TransformerEncoderLayer", (32, 4), {}, [(6, 32)])
case("TransformerEncoderLayer", (32, 4, 64), {"batch_first": True, "norm_first": True}, [(6, 32)])
case("TransformerEncoderLayer", (32, 4, 64, 0.0, "gelu"), {}, [(3, 32)])
case("TransformerEncoderLayer", (32, 3), {}, [(6, 32)])  # error
case("TransformerDecoderLayer", (32, 4), {}, [(6, 32), (9, 32)])
case("TransformerDecoderLayer", (32, 4, 64, 0.1, "gelu", 1e-6, False, True), {}, [(1, 32), (4, 32)])
case("TransformerEncoderLayer", (32, 4), {"activation": "tanh"}, [(6, 32)])  # error
case("TransformerDecoderLayer", (32, 4, 64), {"batch_first": True}, [(6, 32), (9, 32)])
case("TransformerDecoderLayer", (32, 8, 16), {"norm_first": True}, [(2, 32), (3, 32)])
case("TransformerEncoder", (layer("TransformerEncoderLayer", 16, 2, 32), 3), {}, [(5, 16)])
case("TransformerEncoder", (layer("TransformerEncoderLayer", 16, 2, 32, batch_first=True), 2),
     {"norm": layer("LayerNorm", 16)}, [(5, 16)])
case("TransformerDecoder", (layer("TransformerDecoderLayer", 16, 4, 24), 2), {"norm": layer("LayerNorm", 16)},
     [(3, 16), (7, 16)])
case("TransformerEncoder", (layer("TransformerEncoderLayer", 16, 3), 2), {}, [(5, 16)])  # error: heads
case("Transformer", (), {"d_model": 16, "nhead": 2, "num_encoder_layers": 2, "num_decoder_layers": 1,
                         "dim_feedforward": 20}, [(6, 16), (4, 16)])
case("Transformer", (32, 4, 1, 2, 48, 0.0), {"batch_first": True, "norm_first": True}, [(3, 32), (5, 32)])
case("Transformer", (32, 4, 1, 1, 48), {}, [(3, 32), (5, 30)])  # error: tgt width

# --- element-wise -----------------------------------------------------------------------------------
for t in ("Dropout", "AlphaDropout", "FeatureAlphaDropout"):
    case(t, (), {}, [(4, 6, 6)])
    case(t, (0.3,), {"inplace": True}, [(10,)])
case("Dropout", (1.5,), {}, [(10,)])  # error
case("Dropout1d", (), {}, [(4, 10)])
case("Dropout1d", (0.2,), {}, [(4, 10, 3)])  # error: 4-d input
case("Dropout2d", (), {}, [(4, 6, 6)])
case("Dropout3d", (0.1,), {}, [(4, 3, 6, 6)])
for t in ("ReLU", "ReLU6", "SELU", "SiLU", "Mish", "Hardswish", "Hardsigmoid", "Sigmoid", "Tanh", "Softsign",
          "Tanhshrink", "LogSigmoid", "Softmax2d"):
    case(t, (), {}, [(4, 6, 6)])
case("ReLU", (True,), {}, [(10,)])
case("LeakyReLU", (0.2,), {}, [(3, 5)])
case("LeakyReLU", (), {"negative_slope": 0.1, "inplace": True}, [(3, 5)])
case("ELU", (), {"alpha": 0.5}, [(7,)])
case("CELU", (2.0,), {}, [(7, 2)])
case("GELU", (), {"approximate": "tanh"}, [(7, 2)])
case("GELU", (), {}, [(7,)])
case("GELU", (), {"approximate": "fast"}, [(7,)])  # error
case("Softplus", (2, 10), {}, [(7,)])
case("Hardtanh", (-2.0, 2.0), {}, [(7,)])
case("Threshold", (0.1, 20.0), {}, [(2, 7)])
case("Hardshrink", (), {}, [(2, 7)])
case("Softshrink", (0.3,), {}, [(2, 7)])
case("RReLU", (), {}, [(2, 7)])
case("PReLU", (), {}, [(16, 8, 8)])
case("PReLU", (16,), {}, [(16, 8, 8)])
case("PReLU", (), {"num_parameters": 5, "init": 0.1}, [(5,)])
case("PReLU", (8,), {}, [(16, 8, 8)])  # error
case("Softmax", (), {"dim": 1}, [(10,)])
case("Softmax", (-1,), {}, [(3, 10)])
case("Softmax", (), {}, [(3, 10)])
case("Softmax", (3,), {}, [(3, 10)])  # error: dim out of range
case("LogSoftmax", (1,), {}, [(10,)])
case("Softmin", (-2,), {}, [(4, 10)])
case("GLU", (), {}, [(3, 10)])
case("GLU", (1,), {}, [(8, 5)])
case("GLU", (-2,), {}, [(8, 5)])
case("GLU", (), {}, [(8, 5)])  # error: odd
case("CosineSimilarity", (), {}, [(8,), (8,)])
case("CosineSimilarity", (2,), {}, [(3, 8), (3, 8)])
case("CosineSimilarity", (), {"dim": -1}, [(3, 5, 8), (3, 5, 8)])
case("PairwiseDistance", (), {}, [(8,), (8,)])
case("PairwiseDistance", (), {"keepdim": True}, [(8,), (8,)])
case("PairwiseDistance", (1.0,), {}, [(3, 8), (3, 8)])

# --- resampling and padding -------------------------------------------------------------------------
case("Upsample", (), {"scale_factor": 2}, [(3, 5, 7)])
case("Upsample", (), {"scale_factor": 1.5, "mode": "bilinear"}, [(3, 5, 7)])
case("Upsample", (), {"scale_factor": (2, 0.5), "mode": "bicubic", "align_corners": True}, [(3, 5, 7)])
case("Upsample", ((10, 12),), {}, [(3, 5, 7)])
case("Upsample", (9,), {"mode": "linear"}, [(3, 5)])
case("Upsample", (), {"scale_factor": 2.7, "mode": "trilinear"}, [(2, 3, 4, 5)])
case("Upsample", (), {"scale_factor": 1.7, "mode": "nearest-exact"}, [(2, 11)])
case("Upsample", (), {"scale_factor": 0.3, "mode": "area"}, [(2, 11, 13)])
case("Upsample", (), {"scale_factor": 2, "mode": "bilinear"}, [(3, 5)])  # error: bilinear on 3-d
case("Upsample", (), {"scale_factor": 2, "align_corners": True}, [(3, 5, 5)])  # error: align_corners+nearest
case("Upsample", (), {}, [(3, 5, 5)])  # error: neither
case("UpsamplingNearest2d", (), {"scale_factor": 3}, [(3, 5, 7)])
case("UpsamplingNearest2d", ((4, 9),), {}, [(3, 5, 7)])
case("UpsamplingBilinear2d", (), {"scale_factor": 2}, [(3, 5, 7)])
case("UpsamplingBilinear2d", (8,), {}, [(3, 5, 7)])
case("ZeroPad2d", (2,), {}, [(3, 5, 7)])
case("ZeroPad2d", ((1, 2, 0, 3),), {}, [(3, 5, 7)])
case("ZeroPad2d", ((-1, 1, -2, 0),), {}, [(3, 5, 7)])
for nd, size in ((1, (3, 8)), (2, (3, 6, 7)), (3, (2, 4, 5, 6))):
    case("ConstantPad%dd" % nd, (1, 0.5), {}, [size])
    case("ConstantPad%dd" % nd, (tuple(range(1, 2 * nd + 1)), 0.0), {}, [size])
    case("ReflectionPad%dd" % nd, (2,), {}, [size])
    case("ReflectionPad%dd" % nd, (tuple([1, 0] * nd),), {}, [size])
    case("ReplicationPad%dd" % nd, (3,), {}, [size])
    case("ReplicationPad%dd" % nd, (tuple(range(2 * nd)),), {}, [size])
    case("ReflectionPad%dd" % nd, (9,), {}, [size])  # error: padding >= size
case("ConstantPad1d", (2, 1.0), {}, [(8,)])
case("ConstantPad2d", ((1, 1, 1, 1), 0.0), {}, [(6, 7)])

# --- corner cases -----------------------------------------------------------------------------------
case("LSTM", (10, 20), {"bidirectional": True, "num_layers": 3, "proj_size": 8}, [(5, 10)])
case("LSTM", (10, 20, 2), {"bias": False, "proj_size": 4}, [(1, 10)])
case("GRU", (7, 3, 4), {}, [(9, 7)])
case("AvgPool1d", (2,), {"stride": 2, "padding": 1, "ceil_mode": True}, [(2, 5)])
case("MaxPool1d", (3,), {"stride": 2, "padding": 1, "dilation": 2, "ceil_mode": True}, [(2, 10)])
case("MaxPool2d", (2,), {"stride": 2, "ceil_mode": True}, [(2, 1, 1)])
case("AvgPool2d", (3,), {"stride": 2, "padding": 1, "ceil_mode": True, "count_include_pad": False}, [(2, 6, 7)])
case("LPPool1d", (2, 4), {}, [(3, 3)])  # error: output size 0
case("Embedding", (10, 4), {"padding_idx": -1}, [(2, 3)])
case("Embedding", (10, 4), {"padding_idx": -11}, [(2, 3)])  # error
case("GroupNorm", (2, 6), {}, [(6,)])
case("Softmax2d", (), {}, [(6, 7)])
case("Softmax2d", (), {}, [(5,)])  # error
case("Unflatten", (-2, (3, 2)), {}, [(6, 5)])
case("Unflatten", (1, (2, 3, -1)), {}, [(24,)])
case("PixelShuffle", (2,), {}, [(2, 8, 3, 3)])
case("PixelUnshuffle", (3,), {}, [(2, 1, 6, 9)])
case("Dropout2d", (), {}, [(5,)])
case("ConstantPad3d", (2, 1.0), {}, [(4, 5, 6)])
case("ReflectionPad2d", ((1, 2, 3, 0),), {}, [(6, 7)])
case("ReplicationPad2d", ((-1, 0, 2, -2),), {}, [(3, 6, 7)])
case("ZeroPad2d", (1,), {}, [(3, 2, 2, 5)])
case("Upsample", (6,), {"mode": "nearest"}, [(2, 3, 4, 5)])
case("Upsample", (), {"scale_factor": (1.5, 2.5)}, [(2, 3, 3)])
case("Upsample", (), {"scale_factor": (1.5, 2.5, 1.0)}, [(2, 3, 3)])  # error: wrong length
case("Upsample", ((3, 4),), {"scale_factor": 2}, [(2, 3, 3)])  # error: both
case("UpsamplingBilinear2d", (), {"scale_factor": 2}, [(3, 5)])  # error: needs 4-d
case("Flatten", (), {"end_dim": 2}, [(2, 3, 4)])
case("Linear", (4, 3), {}, [(2, 5, 4)])
case("Bilinear", (2, 3, 4), {}, [(6, 2), (6, 3)])
case("CosineSimilarity", (1,), {}, [(4, 1), (4, 6)])
case("MultiheadAttention", (12, 3), {"kdim": 5, "vdim": 5, "batch_first": True, "bias": False}, [(2, 12), (3, 5), (3, 5)])
case("MultiheadAttention", (12, 3), {"kdim": 12, "vdim": 12}, [(2, 12), (3, 12), (3, 12)])
case("MultiheadAttention", (16, 4), {}, [(5, 16), (7, 16), (8, 16)])  # error: key/value lengths differ
case("TransformerEncoderLayer", (16, 2, 8), {}, [(6, 15)])  # error: width mismatch
case("ConvTranspose2d", (4, 4, 3), {"stride": 2, "dilation": 3, "output_padding": 2}, [(4, 3, 3)])
case("ConvTranspose1d", (6, 3, 5), {"groups": 3, "padding": 2}, [(6, 4)])
case("Conv2d", (2, 4, 3), {"padding": 1, "padding_mode": "circular", "stride": 2}, [(2, 1, 5)])
case("Conv3d", (2, 2, (1, 3, 3)), {"padding": (0, 1, 1)}, [(2, 4, 6, 6)])
case("Conv1d", (8, 16, 3), {"groups": 8, "dilation": 4, "padding": "same"}, [(8, 30)])
case("InstanceNorm1d", (8,), {}, [(7, 20)])  # torch only warns without affine / running stats
case("BatchNorm1d", (3,), {"affine": False, "track_running_stats": False}, [(3, 2)])
case("LayerNorm", (5,), {"elementwise_affine": False}, [(2, 3, 5)])
case("AdaptiveMaxPool3d", ((1, None, 2),), {"return_indices": True}, [(3, 4, 5, 6)])


# --- running the cases ------------------------------------------------------------------------------
CONV = {"Conv1d", "Conv2d", "Conv3d", "LazyConv1d", "LazyConv2d", "LazyConv3d"}
CONVT = {"ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d",
         "LazyConvTranspose1d", "LazyConvTranspose2d", "LazyConvTranspose3d"}
RNNS = {"RNN", "LSTM", "GRU"}
SEQ_FIRST = RNNS | {"MultiheadAttention", "TransformerEncoderLayer", "TransformerDecoderLayer",
                    "TransformerEncoder", "TransformerDecoder", "Transformer"}


def batch_first(module):
    """Transformer layers keep the flag on their attention block, stacks on their first layer."""
    if hasattr(module, "layers"):
        module = module.layers[0]
    attn = getattr(module, "self_attn", None)
    return bool(attn.batch_first if attn is not None else getattr(module, "batch_first", False))


LOSSES = {"L1Loss", "MSELoss", "SmoothL1Loss", "HuberLoss", "BCELoss", "BCEWithLogitsLoss", "KLDivLoss",
          "SoftMarginLoss", "MultiLabelSoftMarginLoss", "PoissonNLLLoss", "CrossEntropyLoss", "NLLLoss"}


def make_input(type_, module, shape, index):
    if type_ in LOSSES:
        full = [1] + list(shape)
        if type_ in ("CrossEntropyLoss", "NLLLoss") and index == 1:
            return torch.randint(0, 5, full)  # class indices for the 5 classes of the cases
        return torch.rand(full)  # in [0, 1): a valid probability and target for BCELoss
    batch_at = 0
    if type_ in SEQ_FIRST and not batch_first(module) and len(shape) >= 1:
        batch_at = 1
    full = list(shape)
    full.insert(min(batch_at, len(full)), 1)
    if type_ in ("Embedding", "EmbeddingBag"):
        return torch.randint(0, module.num_embeddings, full)
    return torch.randn(full)


def flat_outputs(out):
    if isinstance(out, torch.Tensor):
        return [out]
    res = []
    for o in out:
        res.extend(flat_outputs(o))
    return res


def strip_batch(type_, module, index, t):
    """Shape of output `index` without its batch dim (where the module puts it)."""
    at = 0
    bf = batch_first(module)
    if type_ in RNNS:
        at = (0 if bf else 1) if index == 0 else 1
    elif type_ == "MultiheadAttention":
        at = (0 if bf else 1) if index == 0 else 0
    elif type_ in SEQ_FIRST:
        at = 0 if bf else 1
    shape = list(t.shape)
    if type_ in LOSSES and not shape:
        return []  # one number for the batch: no batch dim
    assert shape[at] == 1, (type_, shape, at)
    del shape[at]
    return shape


def mha_macs(m, q_len, kv_len, attn_len):
    e = m.embed_dim
    if m._qkv_same_embed_dim:
        wq = wk = wv = e * e
    else:
        wq, wk, wv = m.q_proj_weight.numel(), m.k_proj_weight.numel(), m.v_proj_weight.numel()
    return q_len * wq + kv_len * (wk + wv) + q_len * m.out_proj.weight.numel() + 2 * q_len * attn_len * e


def seq_len(type_, module, t):
    return t.shape[1] if batch_first(module) else t.shape[0]


def macs_of(type_, m, ins, outs):
    if type_ in CONV:
        return outs[0].numel() * m.weight[0].numel()
    if type_ in CONVT:
        return ins[0].numel() * m.weight[0].numel()
    if type_ in ("Linear", "LazyLinear"):
        return outs[0].numel() * m.in_features
    if type_ == "Bilinear":
        return outs[0].numel() * m.weight[0].numel()
    if type_ in RNNS:
        weights = sum(p.numel() for n, p in m.named_parameters() if n.startswith("weight_"))
        return seq_len(type_, m, ins[0]) * weights
    if type_ in ("RNNCell", "LSTMCell", "GRUCell"):
        return sum(p.numel() for n, p in m.named_parameters() if n.startswith("weight_"))
    if type_ == "MultiheadAttention":
        return mha_macs(m, seq_len(type_, m, ins[0]), seq_len(type_, m, ins[1]), outs[1].shape[-1])
    if type_ == "TransformerEncoderLayer":
        return encoder_layer_macs(m, seq_len(type_, m, ins[0]))
    if type_ == "TransformerDecoderLayer":
        return decoder_layer_macs(m, seq_len(type_, m, ins[0]), seq_len(type_, m, ins[1]))
    if type_ == "TransformerEncoder":
        return sum(encoder_layer_macs(x, seq_len(type_, m, ins[0])) for x in m.layers)
    if type_ == "TransformerDecoder":
        t, s = seq_len(type_, m, ins[0]), seq_len(type_, m, ins[1])
        return sum(decoder_layer_macs(x, t, s) for x in m.layers)
    if type_ == "Transformer":
        s, t = seq_len(type_, m, ins[0]), seq_len(type_, m, ins[1])
        return (sum(encoder_layer_macs(x, s) for x in m.encoder.layers)
                + sum(decoder_layer_macs(x, t, s) for x in m.decoder.layers))
    return 0


def encoder_layer_macs(m, t):
    return mha_macs(m.self_attn, t, t, t) + t * (m.linear1.weight.numel() + m.linear2.weight.numel())


def decoder_layer_macs(m, t, s):
    return (mha_macs(m.self_attn, t, t, t) + mha_macs(m.multihead_attn, t, s, s)
            + t * (m.linear1.weight.numel() + m.linear2.weight.numel()))


def to_torch(v):
    """JSON arguments to torch's: lists become tuples, layer specs become modules."""
    if isinstance(v, list):
        return tuple(v)
    if isinstance(v, dict) and "layerType" in v:
        return getattr(nn, v["layerType"])(*[to_torch(a) for a in v["args"]["positional"]],
                                           **{k: to_torch(x) for k, x in v["args"]["keywords"].items()})
    return v


def run(type_, args, kwargs, inputs):
    torch_args = [to_torch(a) for a in args]
    torch_kwargs = {k: to_torch(v) for k, v in kwargs.items()}
    if type_ == "LayerNorm" and torch_args and isinstance(args[0], list) and len(args[0]) == 3:
        torch_args[0] = list(args[0])  # a list normalized_shape, as users write it
    # Quantization stubs live in torch.ao.quantization, the rest in torch.nn.
    m = (getattr(nn, type_, None) or getattr(torch.ao.quantization, type_))(*torch_args, **torch_kwargs)
    m.eval()
    ins = [make_input(type_, m, s, i) for i, s in enumerate(inputs)]
    out = m(*ins)
    outs = flat_outputs(out)
    params = list(m.parameters())
    expect = {
        "params": sum(p.numel() for p in params),
        "trainable": sum(p.numel() for p in params if p.requires_grad),
        "nonTrainable": sum(p.numel() for p in params if not p.requires_grad),
        "outputShape": strip_batch(type_, m, 0, outs[0]),
        "macs": macs_of(type_, m, ins, outs),
    }
    if len(outs) > 1:
        expect["outputs"] = [strip_batch(type_, m, i, o) for i, o in enumerate(outs)]
    return expect


def main():
    fixtures = []
    counts = {}
    for type_, args, kwargs, inputs in CASES:
        counts[type_] = counts.get(type_, 0) + 1
        torch.manual_seed(len(fixtures))
        try:
            expect = run(type_, args, kwargs, inputs)
        except Exception as e:  # noqa: BLE001 - any failure in torch is the expected answer
            expect = {"error": True, "message": "%s: %s" % (type(e).__name__, str(e).splitlines()[0][:160])}
        fixtures.append({
            "id": "%s#%d" % (type_, counts[type_]),
            "type": type_,
            "args": args,
            "kwargs": kwargs,
            "inputs": inputs,
            "expect": expect,
        })
    here = os.path.dirname(os.path.abspath(__file__))
    out_path = os.path.join(here, "..", "fixtures", "layers", "pytorch.json")
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    with open(out_path, "w") as f:
        json.dump(fixtures, f, indent=1, sort_keys=True)
        f.write("\n")
    errors = sum(1 for x in fixtures if x["expect"].get("error"))
    print("torch %s: %d cases (%d raise) -> %s" % (torch.__version__, len(fixtures), errors, os.path.normpath(out_path)))


if __name__ == "__main__":
    main()
