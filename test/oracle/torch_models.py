"""Golden numbers for test/fixtures/pytorch/*.py, produced by real PyTorch.

Run with Debian's PyTorch (the pyenv `python3` has no torch):

    /usr/bin/python3 test/oracle/torch_models.py            # rewrite every <name>.expected.json
    /usr/bin/python3 test/oracle/torch_models.py --check    # exit 1 if a golden is stale
    /usr/bin/python3 test/oracle/torch_models.py lenet      # only fixtures whose name contains "lenet"

The product never runs user code; this script does, because fixtures are our own test code.

What a golden holds (see docs/design.md, "The report"):

* models: every nn.Module subclass defined in the fixture that can be built with no arguments
  (kind "class"), every zero-argument module-level function defined in the fixture that returns
  an nn.Module (kind "function"; "zero-argument" means every parameter has a default), and every
  module-level variable bound to an nn.Module after the file ran (kind "variable"; line = the
  last top-level assignment to that name, found with `ast`). Models are sorted by (line, name).
* skipped: fixture classes that need constructor arguments (or failed to build), with a reason.
* params / trainable / nonTrainable: over model.parameters(), which PyTorch deduplicates, so tied
  weights count once.
* inputShape: from the directive comment, in this order: the line right above the model's line
  (`# input: 1x28x28`), then `# input NAME: ...` anywhere, then an unnamed directive in the file
  header (before the first class/def/assignment that is not an import). `(1, 28, 28)` is accepted
  and words after the shape are a comment. When the words say "tokens"/"ids"/"indices", or when the
  model's first leaf is an nn.Embedding, the input is integer ids: torch.randint(0, 10, (1, *shape)).
* outputShape: forward on one sample in eval() mode, batch dimension dropped; for a tuple/list
  output the first tensor found. DEVIATION from "under torch.no_grad()": we keep autograd enabled,
  because with grad disabled PyTorch 1.13 sends nn.TransformerEncoderLayer (batch_first=True, eval)
  down a fused fast path that never calls linear1/linear2/norm1/norm2/dropout as modules, which
  would leave those leaves without an observed output. Shapes are the same either way.
* layers: one entry per leaf module (a module without children) in model.named_modules() order
  (so a module registered twice appears once, under its first name; an empty nn.Sequential() used
  as an identity shortcut is a leaf). `type` is type(m).__name__ after the forward pass, so a lazy
  module that materialised reports its final class (LazyLinear -> Linear), exactly as PyTorch
  prints it. `params`/`trainable` are over m.parameters(recurse=False), shared or not.
  `outputShape` is the first call's output (first tensor of a tuple), null if never called.
* Direct nn.Parameter attributes of NON-leaf modules (cls_token, pos_embed, MultiheadAttention's
  in_proj_weight ...) become extra entries {type: "Parameter", path: "<module path>.<name>" or
  "<name>" at the root}, placed right after their owning module's position in named_modules()
  order, i.e. before that module's first child leaf; several parameters of one module keep their
  registration order. Their `line` is the line where the nn.Parameter was created when the owning
  class is defined in the fixture, otherwise the owning module's line. outputShape is null.
* line of a layer: the innermost stack frame in the fixture file at the moment the module was
  constructed, skipping frames that are the module's own __init__ (so a custom leaf class gets the
  call site, not its `super().__init__()` line). For a call spanning several lines we take the
  first line of the call expression (Python 3.11 code positions). Modules built inside library code
  (e.g. TransformerEncoderLayer's linear1) get the line of the fixture call that built the library
  module; deep copies (nn.TransformerEncoder clones its layer) keep the line of the original.
* macs: sum over Conv*/ConvTranspose*/Linear leaves, over every call, from the hook tensors:
  conv = out.numel()/batch * weight[0].numel(); transposed conv = in.numel()/batch * weight[0].numel();
  linear = out.numel()/batch * in_features. null without a directive or when any such leaf was
  never called as a module (MultiheadAttention uses out_proj.weight directly, so models with
  attention get null). A layer called several times (a shared detection head) counts every call,
  while its outputShape is the first call's.

Mid-edit fixtures (test/fixtures/pytorch-partial/) are not run: their goldens are hand-picked
subsets of a full golden, named in their "from" field. Every run checks that each entry there
still equals the entry with the same model name and path in the full golden.
"""

import ast
import importlib.util
import inspect
import json
import os
import re
import sys
import types
import warnings

import torch
from torch import nn

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "test", "fixtures", "pytorch")
PARTIALS = os.path.join(ROOT, "test", "fixtures", "pytorch-partial")
GENERATED_BY = "test/oracle/torch_models.py"

warnings.filterwarnings("ignore", module="torch")

# ---------------------------------------------------------------------------------------------
# Where was each module / parameter created?

_current_file = None  # absolute path of the fixture being evaluated
_orig_module_init = nn.Module.__init__
_orig_param_new = nn.Parameter.__new__


def _call_line(frame):
    """First line of the expression being executed in `frame` (the whole call on 3.11)."""
    try:
        # f_lasti is a byte offset; co_positions() has one entry per 2-byte code unit.
        start = list(frame.f_code.co_positions())[frame.f_lasti // 2][0]
    except (AttributeError, IndexError):
        start = None
    return start if start is not None else frame.f_lineno


def _fixture_line(skip_self=None):
    frame = inspect.currentframe()
    try:
        while frame is not None:
            code = frame.f_code
            if code.co_filename == _current_file:
                is_own_init = (
                    skip_self is not None
                    and code.co_name == "__init__"
                    and frame.f_locals.get("self") is skip_self
                )
                if not is_own_init:
                    return _call_line(frame)
            frame = frame.f_back
        return None
    finally:
        del frame


def _patched_module_init(self, *args, **kwargs):
    _orig_module_init(self, *args, **kwargs)
    if _current_file is not None and "_ll_line" not in self.__dict__:
        object.__setattr__(self, "_ll_line", _fixture_line(skip_self=self))


def _patched_param_new(cls, data=None, requires_grad=True):
    p = _orig_param_new(cls, data, requires_grad)
    if _current_file is not None:
        try:
            p._ll_line = _fixture_line()
        except (AttributeError, RuntimeError):
            pass
    return p


nn.Module.__init__ = _patched_module_init
nn.Parameter.__new__ = staticmethod(_patched_param_new)

# ---------------------------------------------------------------------------------------------
# Input directives

_SHAPE = r"(\d+(?:\s*[x×]\s*\d+)*|\(\s*\d+(?:\s*,\s*\d+)*\s*,?\s*\))"
_DIRECTIVE = re.compile(r"^\s*#\s*input(?:\s+([A-Za-z_]\w*))?\s*:\s*" + _SHAPE + r"(.*)$")
_INT_WORDS = re.compile(r"\b(tokens?|ids?|indices|index)\b", re.I)


def parse_directive(text):
    """'# input Net: 3x32x32 rgb' -> ('Net', [3, 32, 32], ' rgb'); None if not a directive."""
    m = _DIRECTIVE.match(text)
    if not m:
        return None
    dims = [int(d) for d in re.findall(r"\d+", m.group(2))]
    return m.group(1), dims, m.group(3)


def directives(source_lines, tree):
    """(by_line, by_name, file_level): directive per line number, per model name, and header one."""
    by_line, by_name = {}, {}
    for i, text in enumerate(source_lines, start=1):
        d = parse_directive(text)
        if d is None:
            continue
        name, dims, rest = d
        if name:
            by_name[name] = (dims, rest)
        else:
            by_line[i] = (dims, rest)
    first_code = min(
        (node.lineno - len(getattr(node, "decorator_list", [])) for node in tree.body
         if not isinstance(node, (ast.Import, ast.ImportFrom, ast.Expr))),
        default=len(source_lines) + 1,
    )
    header = [ln for ln in sorted(by_line) if ln < first_code and ln + 1 != first_code]
    file_level = by_line[header[0]] if header else None
    return by_line, by_name, file_level


# ---------------------------------------------------------------------------------------------
# Running one model


def _first_tensor(value):
    if isinstance(value, torch.Tensor):
        return value
    if isinstance(value, (tuple, list)):
        for v in value:
            t = _first_tensor(v)
            if t is not None:
                return t
    if isinstance(value, dict):
        for v in value.values():
            t = _first_tensor(v)
            if t is not None:
                return t
    return None


def _shape(value):
    t = _first_tensor(value)
    return None if t is None else list(t.shape[1:])


def _numel(params):
    total = 0
    for p in params:
        if isinstance(p, nn.parameter.UninitializedParameter):
            return None
        total += p.numel()
    return total


def _is_leaf(m):
    return next(iter(m.children()), None) is None


def _macs_of_call(m, inputs, output):
    out = _first_tensor(output)
    if isinstance(m, nn.modules.conv._ConvTransposeNd):
        x = _first_tensor(inputs)
        return x.numel() // x.shape[0] * m.weight[0].numel()
    if isinstance(m, nn.modules.conv._ConvNd):
        return out.numel() // out.shape[0] * m.weight[0].numel()
    if isinstance(m, nn.Linear):
        return out.numel() // out.shape[0] * m.in_features
    return None


def _counts_macs(m):
    return isinstance(m, (nn.modules.conv._ConvNd, nn.Linear))


def analyse(model, input_spec, defined_here):
    """The golden entry for one built model (name/kind/line are added by the caller)."""
    leaves = [(path, m) for path, m in model.named_modules() if _is_leaf(m)]
    first_out, macs_by_leaf = {}, {}
    output_shape, macs = None, None

    if input_spec is not None:
        dims, rest = input_spec
        first_leaf = leaves[0][1] if leaves else None
        integer = bool(_INT_WORDS.search(rest)) or isinstance(first_leaf, nn.Embedding)
        torch.manual_seed(0)
        x = torch.randint(0, 10, (1, *dims)) if integer else torch.randn(1, *dims)

        def hook(m, inputs, output):
            if m not in first_out:
                first_out[m] = _shape(output)
            if _counts_macs(m):
                macs_by_leaf[m] = macs_by_leaf.get(m, 0) + _macs_of_call(m, inputs, output)

        handles = [m.register_forward_hook(hook) for _, m in leaves]
        model.eval()
        try:
            output_shape = _shape(model(x))
        finally:
            for h in handles:
                h.remove()
        mac_leaves = [m for _, m in leaves if _counts_macs(m)]
        if all(m in macs_by_leaf for m in mac_leaves):
            macs = sum(macs_by_leaf[m] for m in mac_leaves)

    layers = []
    for path, m in model.named_modules():
        if _is_leaf(m):
            own = list(m.parameters(recurse=False))
            n = _numel(own)
            layers.append({
                "path": path,
                "type": type(m).__name__,
                "line": m.__dict__.get("_ll_line"),
                "params": n,
                "trainable": None if n is None else _numel(p for p in own if p.requires_grad),
                "outputShape": first_out.get(m),
            })
            continue
        for pname, p in m.named_parameters(recurse=False):
            line = getattr(p, "_ll_line", None) if type(m) in defined_here else None
            layers.append({
                "path": f"{path}.{pname}" if path else pname,
                "type": "Parameter",
                "line": line if line is not None else m.__dict__.get("_ll_line"),
                "params": p.numel(),
                "trainable": p.numel() if p.requires_grad else 0,
                "outputShape": None,
            })

    params = list(model.parameters())
    total = _numel(params)
    trainable = None if total is None else _numel(p for p in params if p.requires_grad)
    return {
        "framework": "pytorch",
        "inputShape": None if input_spec is None else input_spec[0],
        "outputShape": output_shape,
        "params": total,
        "trainable": trainable,
        "nonTrainable": None if total is None else total - trainable,
        "macs": macs,
        "layers": layers,
    }


# ---------------------------------------------------------------------------------------------
# One fixture file


def _required_args(fn):
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return []
    return [
        name for name, p in sig.parameters.items()
        if p.default is inspect.Parameter.empty
        and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
    ]


def _assignment_lines(tree):
    lines = {}
    for node in tree.body:
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets = [node.target]
        for t in targets:
            for n in ast.walk(t):
                if isinstance(n, ast.Name):
                    lines[n.id] = node.lineno
    return lines


def _def_lines(tree):
    return {
        node.name: node.lineno
        for node in tree.body
        if isinstance(node, (ast.ClassDef, ast.FunctionDef))
    }


def evaluate_fixture(path):
    global _current_file
    path = os.path.abspath(path)
    source = open(path, encoding="utf-8").read()
    tree = ast.parse(source, filename=path)
    lines = source.splitlines()
    by_line, by_name, file_level = directives(lines, tree)
    def_lines, assign_lines = _def_lines(tree), _assignment_lines(tree)

    def input_for(name, line):
        return by_line.get(line - 1) or by_name.get(name) or file_level

    modname = "layer_lens_fixture_" + re.sub(r"\W", "_", os.path.basename(path)[:-3])
    _current_file = path
    try:
        torch.manual_seed(0)
        spec = importlib.util.spec_from_file_location(modname, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[modname] = module
        spec.loader.exec_module(module)

        defined_here = {
            v for v in vars(module).values()
            if isinstance(v, type) and issubclass(v, nn.Module) and v.__module__ == modname
        }
        models, skipped = [], []

        for name, value in list(vars(module).items()):
            if name.startswith("__"):
                continue
            if isinstance(value, type) and value in defined_here:
                line = def_lines.get(name, value.__init__.__code__.co_firstlineno
                                     if hasattr(value.__init__, "__code__") else None)
                need = _required_args(value.__init__)[1:]
                if need:
                    skipped.append({"name": name, "line": line,
                                    "reason": "constructor needs arguments: " + ", ".join(need)})
                    continue
                try:
                    model = value()
                except Exception as e:  # noqa: BLE001 - reported in the golden
                    skipped.append({"name": name, "line": line,
                                    "reason": f"constructor raised {type(e).__name__}: {e}"})
                    print(f"warning: {path}: {name}() raised {e!r}", file=sys.stderr)
                    continue
                kind = "class"
            elif isinstance(value, types.FunctionType) and value.__module__ == modname:
                if _required_args(value):
                    continue
                line = def_lines.get(name, value.__code__.co_firstlineno)
                model = value()
                if not isinstance(model, nn.Module):
                    continue
                kind = "function"
            elif isinstance(value, nn.Module):
                line = assign_lines.get(name)
                if line is None:
                    continue
                model, kind = value, "variable"
            else:
                continue
            entry = {"name": name, "kind": kind, "line": line}
            entry.update(analyse(model, input_for(name, line), defined_here))
            models.append(entry)
    finally:
        _current_file = None
        sys.modules.pop(modname, None)

    models.sort(key=lambda m: (m["line"], m["name"]))
    skipped.sort(key=lambda s: (s["line"] or 0, s["name"]))
    return {
        "generatedBy": GENERATED_BY,
        "torch": torch.__version__,
        "models": models,
        "skipped": skipped,
    }


_INT_LIST = re.compile(r"\[\s*(-?\d+(?:,\s*-?\d+)*)\s*\]")


def render(golden):
    """2-space JSON with sorted keys; lists of integers (shapes) kept on one line."""
    text = json.dumps(golden, indent=2, sort_keys=True, ensure_ascii=False)
    text = _INT_LIST.sub(lambda m: "[" + ", ".join(re.split(r",\s*", m.group(1))) + "]", text)
    return text + "\n"


def check_partials(fresh):
    """Mid-edit goldens are hand-picked subsets of a full golden: every entry must still match it.

    `fresh` maps a full golden's repo-relative path to its regenerated content. Returns the number
    of problems found (printed)."""
    problems = 0
    if not os.path.isdir(PARTIALS):
        return 0
    for f in sorted(os.listdir(PARTIALS)):
        if not f.endswith(".expected.json"):
            continue
        partial = json.load(open(os.path.join(PARTIALS, f), encoding="utf-8"))
        source = partial["from"]
        golden = fresh.get(source)
        if golden is None:
            golden = json.load(open(os.path.join(ROOT, source), encoding="utf-8"))
        by_name = {m["name"]: m for m in golden["models"]}
        for m in partial["models"]:
            full = by_name.get(m["name"])
            layers = {l["path"]: l for l in full["layers"]} if full else {}
            for layer in m["layers"]:
                want = layers.get(layer["path"])
                if want is None or any(want[k] != v for k, v in layer.items()):
                    problems += 1
                    print(f"partial out of date: test/fixtures/pytorch-partial/{f}: "
                          f"{m['name']} {layer['path']} no longer matches {source}")
    return problems


def main(argv):
    check = "--check" in argv
    filters = [a for a in argv if not a.startswith("--")]
    names = sorted(
        f for f in os.listdir(FIXTURES)
        if f.endswith(".py") and (not filters or any(s in f for s in filters))
    )
    stale = 0
    fresh = {}
    for f in names:
        fixture = os.path.join(FIXTURES, f)
        target = fixture[:-3] + ".expected.json"
        golden = evaluate_fixture(fixture)
        fresh[os.path.relpath(target, ROOT)] = golden
        text = render(golden)
        old = open(target, encoding="utf-8").read() if os.path.exists(target) else None
        if old == text:
            continue
        if check:
            stale += 1
            print(f"stale: {os.path.relpath(target, ROOT)}")
        else:
            with open(target, "w", encoding="utf-8") as out:
                out.write(text)
            print(f"wrote: {os.path.relpath(target, ROOT)}")
    stale += check_partials(fresh)
    if stale and not check:
        return 1
    if check and stale:
        print(f"{stale} problem(s); run `npm run oracle:models` to regenerate the goldens")
        return 1
    print(f"{len(names)} fixture(s), {'checked' if check else 'up to date'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
