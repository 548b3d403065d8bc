"""PyTorch's verdict on the diagnostics fixtures (test/fixtures/diagnostics-pytorch/*.py), and on our quick fixes.

Run with Debian's PyTorch, after `npm run build` (the quick fixes come from dist/cli.js):

    /usr/bin/python3 test/oracle/torch_diagnostics.py            # rewrite every <name>.verdict.json
    /usr/bin/python3 test/oracle/torch_diagnostics.py --check    # exit 1 if a verdict is stale
    /usr/bin/python3 test/oracle/torch_diagnostics.py cat        # only fixtures whose name contains "cat"

Each fixture is a small model file, about half with a wiring mistake and half correct but easy to flag
wrongly. The script builds every nn.Module class of the file that takes no constructor arguments, and every
module-level nn.Module, and runs one forward pass on the `# input:` directive (batch 1; integer ids when the
directive says "tokens"). The verdict holds, per model:

* "runs" (true/false), and when it raises: "stage" ("build" or "forward"), "error" (PyTorch's own message,
  first line) and "line" (the innermost line of the fixture in the traceback, or null inside nn.Sequential);
  a file without a directive gives "runs": null for models it could build (nothing is provable without input).
* "fixes": for every quick fix Layer Lens offers in the file (a diagnostic with `fix` and a range), the fixed
  text is run the same way; "runs" says whether all models of the fixed file then run.

The unit test (test/unit/diagnostics.test.ts) asserts: a model that runs has no diagnostic; a model that
raises has one; every quick fix offered is one recorded here, and it runs. A new fix is unverified until this
script runs again; a fix that does not make PyTorch run fails the test.
"""

import inspect
import json
import os
import re
import subprocess
import sys
import traceback
import warnings

import torch
from torch import nn

warnings.filterwarnings("ignore")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "test", "fixtures", "diagnostics-pytorch")
GENERATED_BY = "test/oracle/torch_diagnostics.py"


def directive(src):
    m = re.search(r"^#\s*input:\s*([0-9x]+)(.*)$", src, re.M)
    if not m:
        return None, False
    return [int(v) for v in m.group(1).split("x")], "token" in m.group(2)


def fixture_line(e, path):
    lines = [f.lineno for f in traceback.extract_tb(e.__traceback__) if f.filename == path]
    return lines[-1] if lines else None


def raised(stage, e, path):
    return {"runs": False, "stage": stage, "error": "%s: %s" % (type(e).__name__, str(e).splitlines()[0]), "line": fixture_line(e, path)}


def forward(m, shape, ids, path):
    if shape is None:
        return {"runs": None}
    m.eval()
    torch.manual_seed(0)
    x = torch.randint(0, 10, (1, *shape)) if ids else torch.zeros(1, *shape)
    try:
        with torch.no_grad():
            m(x)
        return {"runs": True}
    except Exception as e:  # noqa: BLE001 - any error is the verdict
        return raised("forward", e, path)


def verdict(src, path):
    """Per model name: the verdict. A file whose top level raises gives the model "<module>"."""
    shape, ids = directive(src)
    g = {"__name__": "fixture", "__file__": path}
    try:
        exec(compile(src, path, "exec"), g)
    except Exception as e:  # noqa: BLE001
        return {"<module>": raised("build", e, path)}
    out = {}
    for name, v in g.items():
        if isinstance(v, type) and issubclass(v, nn.Module) and v.__module__ == "fixture":
            params = list(inspect.signature(v.__init__).parameters.values())[1:]
            if any(p.default is inspect.Parameter.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in params):
                continue
            try:
                m = v()
            except Exception as e:  # noqa: BLE001
                out[name] = raised("build", e, path)
                continue
            out[name] = forward(m, shape, ids, path)
        elif isinstance(v, nn.Module):
            out[name] = forward(v, shape, ids, path)
    return dict(sorted(out.items()))


def quick_fixes(path):
    report = json.loads(subprocess.run(["node", os.path.join(ROOT, "dist", "cli.js"), "--json", path], check=True, capture_output=True, text=True).stdout)
    seen = {}
    for f in report["files"]:
        for m in f["models"]:
            for d in m["diagnostics"]:
                if "fix" in d and "column" in d:
                    seen[(d["line"], d["column"], d["endLine"], d["endColumn"], d["fix"])] = d
    return list(seen.values())


def apply(src, d):
    lines = src.split("\n")
    l = lines[d["line"] - 1]
    lines[d["line"] - 1] = l[: d["column"]] + d["fix"] + l[d["endColumn"]:]
    return "\n".join(lines)


def golden(path):
    src = open(path).read()
    fixes = []
    for d in quick_fixes(path):
        after = verdict(apply(src, d), path)
        fixes.append({"line": d["line"], "column": d["column"], "fix": d["fix"], "runs": all(v["runs"] is not False for v in after.values())})
    return {"generatedBy": GENERATED_BY, "torch": torch.__version__.split("+")[0], "models": verdict(src, path), "fixes": fixes}


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    check = "--check" in sys.argv
    stale = 0
    for name in sorted(os.listdir(FIXTURES)):
        if not name.endswith(".py") or (args and not any(a in name for a in args)):
            continue
        path = os.path.join(FIXTURES, name)
        text = json.dumps(golden(path), indent=2) + "\n"
        out = path[:-3] + ".verdict.json"
        old = open(out).read() if os.path.exists(out) else None
        if check:
            if old != text:
                stale += 1
                print("stale: %s" % out)
        elif old != text:
            open(out, "w").write(text)
            print("wrote %s" % os.path.relpath(out, ROOT))
    if stale:
        sys.exit(1)


if __name__ == "__main__":
    main()
