"""Writes src/python/torchvision-zoo.json: what Layer Lens knows of torchvision's classification models when it does
not read torchvision's source (it is not among the import folders). For each builder, from PyTorch itself:

* params: the total of `builder(weights=None)` (weights= and pretrained= change no count: torchvision keeps each
  builder's architecture fixed so that its published weights load);
* cls: the model's class;
* parts: the parameter count of each top-level submodule, and of each child of a top-level nn.Sequential (what a
  user replaces: `model.fc`, `model.classifier[6]`);
* linear: in_features and out_features of each nn.Linear among those parts (`model.fc.in_features`);
* classes: for `num_classes=N` (with weights=None), how many parameters each part gains per class over 1,000,
  found by building the model with 10 classes too; the nn.Linear among them has N out_features.

GoogLeNet and Inception v3 are left out: their auxiliary classifiers depend on the weights argument.
Run with Debian's python3-torch / python3-torchvision:

    /usr/bin/python3 scripts/torchvision-zoo.py
"""
import json
import os

import torch
import torchvision
from torchvision import models

OUT = os.path.join(os.path.dirname(__file__), "..", "src", "python", "torchvision-zoo.json")
LEAVE_OUT = {"googlenet", "inception_v3"}


def count(m):
    return sum(p.numel() for p in {id(p): p for p in m.parameters()}.values())


def describe(model):
    parts, linear = {}, {}
    for top, child in model.named_children():
        entries = [(top, child)]
        if isinstance(child, torch.nn.Sequential):
            entries += [(f"{top}.{k}", c) for k, c in child.named_children()]
        for path, m in entries:
            parts[path] = count(m)
            if isinstance(m, torch.nn.Linear):
                linear[path] = [m.in_features, m.out_features]
    return parts, linear


def main():
    builders = {}
    for name in sorted(models.list_models(module=models)):
        if name in LEAVE_OUT:
            continue
        model = models.get_model_builder(name)(weights=None)
        parts, linear = describe(model)
        few, _ = describe(models.get_model_builder(name)(weights=None, num_classes=10))
        classes = {k: (parts[k] - few[k]) // 990 for k in parts if parts[k] != few[k]}
        assert all(parts[k] - few[k] == classes[k] * 990 for k in classes), name
        builders[name] = {"params": count(model), "cls": type(model).__name__, "parts": parts, "linear": linear, "classes": classes}
    out = {"torch": torch.__version__, "torchvision": torchvision.__version__, "builders": builders}
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(out, f, separators=(",", ":"), sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
