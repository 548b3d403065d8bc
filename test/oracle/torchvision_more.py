"""Counts the parameters of torchvision's other builders (detection, segmentation, video, optical flow,
quantizable classification) as a call with default arguments builds them, with PyTorch itself.

Writes test/fixtures/torchvision/more-counts.json for test/unit/torchvision.test.ts. Default arguments ask for
pretrained backbone weights (which make detection backbones use FrozenBatchNorm2d): nothing is downloaded here,
loading any state dict is skipped, so the structure is the default one and the weights are random.

    /usr/bin/python3 test/oracle/torchvision_more.py
"""
import inspect
import json
import os
import sys
import warnings

import torch
import torchvision
from torchvision import models
from torchvision.models._api import WeightsEnum

OUT = os.path.join(os.path.dirname(__file__), "..", "fixtures", "torchvision", "more-counts.json")


def main():
    warnings.simplefilter("ignore")
    # No downloads: weights resolve to an empty state dict, and loading one does nothing.
    WeightsEnum.get_state_dict = lambda self, *a, **k: {}
    torch.nn.Module.load_state_dict = lambda self, *a, **k: None
    root = os.path.dirname(models.__file__)
    rows = []
    for module in (models.detection, models.segmentation, models.video, models.optical_flow, models.quantization):
        for name in sorted(models.list_models(module=module)):
            builder = models.get_model_builder(name)
            fn = inspect.unwrap(builder)
            source = os.path.relpath(inspect.getsourcefile(fn), root).replace(os.sep, "/")
            model = builder()
            params = list({id(p): p for p in model.parameters()}.values())
            rows.append({"builder": name, "function": fn.__name__, "file": source, "params": sum(p.numel() for p in params)})
            print(f"{name:40s} {rows[-1]['params']:>12,d}", file=sys.stderr)
    out = {"generatedBy": "test/oracle/torchvision_more.py", "torch": torch.__version__, "torchvision": torchvision.__version__, "builders": rows}
    with open(OUT, "w") as f:
        json.dump(out, f, indent=2, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
