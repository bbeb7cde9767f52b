"""The package's shape holds: no import cycle at run time, the adapters (cli/, web/)
reach the core only through the facade, and one exception tree lives in errors.py.

Imports are read from the source (ast), as Python would run them: module-level and
function-level imports count, imports under `if TYPE_CHECKING:` do not.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from collections.abc import Iterator
from pathlib import Path

import blogwire
from blogwire.errors import BlogwireError

PACKAGE = Path(blogwire.__file__).resolve().parent
# What cli/ and web/ may import of blogwire, besides their own modules; `blogwire serve`
# starts the web adapter, adapter to adapter.
ADAPTER_ALLOWED = {"blogwire.core", "blogwire.errors", "blogwire.models", "blogwire.settings"}
CLI_STARTS = {"blogwire.web"}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    assert len(found) > 50, "the package's modules were not found"
    return found


MODULES = _modules()


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, module: str, *, runtime_only: bool) -> Iterator[str]:
    """The blogwire modules `module` imports (a `from X import name` names X.name when
    that is a module of its own)."""
    package = module if MODULES[module].name == "__init__.py" else module.rsplit(".", 1)[0]
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            if not runtime_only:
                yield from _imports(
                    ast.Module(body=node.body, type_ignores=[]), module, runtime_only=runtime_only
                )
            continue
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.startswith("blogwire"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            if not base.startswith("blogwire"):
                continue
            submodules = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in MODULES]
            yield from submodules
            if len(submodules) < len(node.names):  # names defined by `base` itself
                yield base
        else:
            yield from _imports(node, module, runtime_only=runtime_only)


def _graph(*, runtime_only: bool) -> dict[str, set[str]]:
    graph = {}
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[name] = {m for m in _imports(tree, name, runtime_only=runtime_only) if m != name}
    return graph


def test_the_runtime_import_graph_has_no_cycle() -> None:
    graph = _graph(runtime_only=True)
    assert graph["blogwire.core"], "the facade imports nothing? the walker is broken"
    # a package's __init__ importing its own submodules is how packages work; a cycle
    # is a module that needs, through others, a module that needs it
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert cycles == [], "\n".join(" -> ".join(c) for c in cycles)


def test_cli_and_web_import_only_the_facade_errors_models_and_settings() -> None:
    graph = _graph(runtime_only=False)
    adapters = [m for m in graph if m.startswith(("blogwire.cli", "blogwire.web"))]
    assert len(adapters) >= 6

    def allowed(module: str, target: str) -> bool:
        own = ".".join(module.split(".")[:2])  # blogwire.cli or blogwire.web
        starts = CLI_STARTS if own == "blogwire.cli" else set()
        return target in ADAPTER_ALLOWED | starts or target.startswith(own)

    wrong = {m: sorted(t for t in graph[m] if not allowed(m, t)) for m in adapters}
    assert {m: t for m, t in wrong.items() if t} == {}


def test_every_blogwire_error_is_defined_in_errors_py() -> None:
    for info in pkgutil.walk_packages(blogwire.__path__, "blogwire."):
        if info.name != "blogwire.__main__":
            importlib.import_module(info.name)
    classes: list[type[BlogwireError]] = []
    todo = [BlogwireError]
    while todo:
        cls = todo.pop()
        classes.append(cls)
        todo.extend(cls.__subclasses__())
    assert len(classes) > 10
    assert {
        c.__qualname__: c.__module__ for c in classes if c.__module__ != "blogwire.errors"
    } == {}


def test_the_base_error_is_never_raised_bare() -> None:
    bare = []
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            call = node.exc if isinstance(node, ast.Raise) else None
            if isinstance(call, ast.Call) and getattr(call.func, "id", None) == "BlogwireError":
                bare.append(f"{name}:{node.lineno}")
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "BlogwireError":
                bare.append(f"{name}:{node.lineno}")
    assert bare == []


def test_every_error_says_what_adapters_do_with_it() -> None:
    from blogwire import errors

    classes = [
        c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, BlogwireError)
    ]
    assert len(classes) > 10
    for cls in classes:
        assert cls.exit_code in (1, 2), cls
        assert 400 <= cls.http_status < 600, cls
        assert cls.__doc__, cls
