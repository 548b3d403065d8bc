"""Counts the parameters of every torchvision classification builder with PyTorch itself.

Writes test/fixtures/torchvision/counts.json: for each builder, the file that defines it and the total,
trainable and non-trainable parameter counts of `builder(weights=None)` — the yardstick for
scripts/torchvision-bench.ts. Run with Debian's python3-torch / python3-torchvision:

    /usr/bin/python3 test/oracle/torchvision_counts.py
"""
import inspect
import json
import os
import sys
import time

import torch
import torchvision
from torchvision import models

OUT = os.path.join(os.path.dirname(__file__), "..", "fixtures", "torchvision", "counts.json")


def main():
    root = os.path.dirname(models.__file__)
    rows = []
    t0 = time.time()
    for name in sorted(models.list_models(module=models)):
        builder = models.get_model_builder(name)
        fn = inspect.unwrap(builder)
        source = os.path.relpath(inspect.getsourcefile(fn), root)
        start = time.time()
        model = builder(weights=None)
        params = list({id(p): p for p in model.parameters()}.values())
        total = sum(p.numel() for p in params)
        trainable = sum(p.numel() for p in params if p.requires_grad)
        rows.append({
            "builder": name, "file": source.replace(os.sep, "/"), "params": total, "trainable": trainable,
            "nonTrainable": total - trainable, "seconds": round(time.time() - start, 3),
        })
        print(f"{name:28s} {total:>12,d}  {rows[-1]['seconds']:.2f}s", file=sys.stderr)
    out = {
        "generatedBy": "test/oracle/torchvision_counts.py",
        "torch": torch.__version__, "torchvision": torchvision.__version__,
        "totalSeconds": round(time.time() - t0, 2),
        "builders": rows,
    }
    with open(OUT, "w") as f:
        json.dump(out, f, indent=2, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
