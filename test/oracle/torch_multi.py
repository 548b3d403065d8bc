"""Goldens for the multi-file fixtures: imports the entry files as modules of their project (so relative and
package imports resolve as in Python) and records each layer's file and line with torch_models.py's machinery.

    /usr/bin/python3 test/oracle/torch_multi.py [--check]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_models as tm  # noqa: E402

PROJECTS = os.path.join(tm.ROOT, "test", "fixtures", "pytorch-multi")


def main(argv):
    check = "--check" in argv
    stale = 0
    for project in sorted(os.listdir(PROJECTS)):
        root = os.path.join(PROJECTS, project)
        if not os.path.isdir(root):
            continue
        sys.path.insert(0, root)
        # Layers are created in any file of the project: record the innermost project frame.
        original = tm._fixture_line

        def line_in_project(skip_self=None, _root=root):
            import inspect
            frame = inspect.currentframe()
            try:
                while frame is not None:
                    code = frame.f_code
                    inside = code.co_filename.startswith(_root + os.sep)
                    own_init = skip_self is not None and code.co_name == "__init__" and frame.f_locals.get("self") is skip_self
                    if inside and not own_init and code.co_filename != __file__:
                        rel = os.path.relpath(code.co_filename, _root)
                        line = tm._call_line(frame)
                        return line if code.co_filename == tm._current_file else f"{rel}:{line}"
                    frame = frame.f_back
                return None
            finally:
                del frame

        tm._fixture_line = line_in_project
        try:
            for entry in sorted(f for f in os.listdir(root) if f.endswith(".py")):
                golden = tm.evaluate_fixture(os.path.join(root, entry))
                for m in golden["models"]:
                    for layer in m["layers"]:
                        if isinstance(layer.get("line"), str):
                            file, line = layer["line"].rsplit(":", 1)
                            layer["file"], layer["line"] = file, int(line)
                target = os.path.join(root, entry[:-3] + ".expected.json")
                text = tm.render(golden)
                old = open(target, encoding="utf-8").read() if os.path.exists(target) else None
                if old != text:
                    stale += 1
                    if check:
                        print(f"stale: {os.path.relpath(target, tm.ROOT)}")
                    else:
                        open(target, "w", encoding="utf-8").write(text)
                        print(f"wrote: {os.path.relpath(target, tm.ROOT)}")
        finally:
            tm._fixture_line = original
            sys.path.remove(root)
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
