"""Every test that needs POSIX (or Linux) says so with its marker, so Windows runs the rest.

tests/conftest.py deselects the tests marked `posix` or `linux` where the system lacks them; a
test that uses a POSIX-only thing without the marker would fail on Windows instead. This reads
every test (and the helpers and fixtures it names, through their own calls) and lists the
POSIX-only things it uses outside an `if os.name ...` or `if sys.platform ...` branch. A test
marked on one of its parameters only (`pytest.param(..., marks=pytest.mark.posix)`) counts as
marked: the POSIX-only case is that parameter's. What reading the code can't see (a sparse file,
say) is marked by hand.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import ROOT

TESTS = ROOT / "tests"
MARKERS = ("posix", "linux")

# Modules that do not exist on Windows.
POSIX_MODULES = {"fcntl", "resource", "pwd", "grp", "termios", "pty", "tty", "posix", "syslog"}
# os functions Windows lacks (or, for umask and chmod-like bits, where the bits mean nothing).
POSIX_OS = {
    "getuid",
    "geteuid",
    "getgid",
    "getegid",
    "getgroups",
    "fork",
    "forkpty",
    "setsid",
    "setpgrp",
    "getpgid",
    "killpg",
    "mkfifo",
    "mknod",
    "wait3",
    "wait4",
    "chown",
    "lchown",
    "sync",
    "statvfs",
    "nice",
    "getloadavg",
    "umask",
    "symlink",  # Windows makes links only with a privilege ordinary accounts lack
}
# Signals Windows has; any other `signal.SIG...` is POSIX-only.
WINDOWS_SIGNALS = {"SIGABRT", "SIGFPE", "SIGILL", "SIGINT", "SIGSEGV", "SIGTERM", "SIGBREAK"}
# Programs only a POSIX system has, as the first word of a command.
POSIX_PROGRAMS = {"sh", "bash", "unshare", "mount", "setpriv", "prlimit"}
# Paths only a POSIX system has.
POSIX_PATHS = ("/proc/", "/dev/", "/bin/", "/sys/")


def _posix_uses(node: ast.AST) -> list[str]:
    """The POSIX-only things `node` uses itself, outside branches chosen by the platform."""
    found: list[str] = []

    def visit(current: ast.AST) -> None:
        if isinstance(current, ast.If) and _platform_test(current.test):
            for statement in current.orelse:  # the other branch runs everywhere else
                visit(statement)
            return
        found.extend(_posix_use(current))
        for child in ast.iter_child_nodes(current):
            visit(child)

    for child in ast.iter_child_nodes(node):
        visit(child)
    return found


def _platform_test(test: ast.expr) -> bool:
    text = ast.unparse(test)
    return "os.name" in text or "sys.platform" in text


def _posix_use(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [f"import {a.name}" for a in node.names if a.name in POSIX_MODULES]
    if isinstance(node, ast.ImportFrom) and node.module in POSIX_MODULES:
        return [f"from {node.module} import"]
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        owner, name = node.value.id, node.attr
        if owner == "os" and name in POSIX_OS:
            return [f"os.{name}"]
        if owner == "signal" and name.startswith("SIG") and "_" not in name:
            return [] if name in WINDOWS_SIGNALS else [f"signal.{name}"]
        if owner == "signal" and name in {"alarm", "setitimer", "pthread_kill"}:
            return [f"signal.{name}"]
        if owner == "stat" and name == "S_IMODE":
            return ["permission bits (stat.S_IMODE)"]
    if isinstance(node, ast.Attribute) and node.attr in {"symlink_to"}:
        return [f".{node.attr}()"]
    if (
        isinstance(node, ast.BinOp)
        and isinstance(node.op, ast.BitAnd)
        and "st_mode" in ast.unparse(node)
    ):
        return ["permission bits (st_mode & ...)"]
    if isinstance(node, ast.keyword) and node.arg in {"start_new_session", "preexec_fn"}:
        return [f"{node.arg}="]
    if isinstance(node, ast.List) and node.elts:
        first = node.elts[0]
        if isinstance(first, ast.Constant) and first.value in POSIX_PROGRAMS:
            return [f"runs {first.value!r}"]
    if (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value.startswith(POSIX_PATHS)
    ):
        return [f"the path {node.value!r}"]
    return []


@dataclass
class Function:
    """A function of the tests: where it is, what it uses itself, what it names, its markers."""

    where: str
    uses: list[str]
    names: set[str]
    marked: bool
    is_test: bool
    module: Path
    imported: dict[str, Path] = field(default_factory=dict)


def _marks(expressions: list[ast.expr], aliases: set[str]) -> bool:
    """Whether these decorators (or a module's `pytestmark`) carry a system marker."""
    for expression in expressions:
        text = ast.unparse(expression)
        if any(f"mark.{m}" in text for m in MARKERS):
            return True
        if isinstance(expression, ast.Name) and expression.id in aliases:
            return True
    return False


def _module_of(name: str) -> Path | None:
    path = ROOT.joinpath(*name.split(".")).with_suffix(".py")
    return path if path.is_file() else None


@dataclass
class Module:
    """What a test module says once for all its functions."""

    path: Path
    aliases: set[str]  # `posix_only = pytest.mark.posix`
    imported: dict[str, Path]  # helpers imported from other modules of tests/


def _collect(
    node: ast.AST,
    module: Module,
    marked: bool,
    prefix: str,
    functions: dict[tuple[Path, str], Function],
) -> None:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.ClassDef):
            inner = marked or _marks(child.decorator_list, module.aliases)
            _collect(child, module, inner, f"{prefix}{child.name}.", functions)
        elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            arguments = child.args.posonlyargs + child.args.args + child.args.kwonlyargs
            names = {n.id for n in ast.walk(child) if isinstance(n, ast.Name)}
            functions[(module.path, child.name)] = Function(
                where=f"{module.path.relative_to(ROOT)}:{child.lineno} {prefix}{child.name}",
                uses=_posix_uses(child),
                names=names | {a.arg for a in arguments},
                marked=marked or _marks(child.decorator_list, module.aliases),
                is_test=child.name.startswith("test"),
                module=module.path,
                imported=module.imported,
            )


def read_functions() -> dict[tuple[Path, str], Function]:
    """Every function in tests/, by module and name."""
    functions: dict[tuple[Path, str], Function] = {}
    for path in sorted(TESTS.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        module = Module(path, aliases=set(), imported={})
        module_marked = False
        for node in tree.body:
            if isinstance(node, ast.Assign) and _marks([node.value], set()):
                names = {t.id for t in node.targets if isinstance(t, ast.Name)}
                module_marked |= "pytestmark" in names
                module.aliases |= names - {"pytestmark"}
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tests"):
                source = _module_of(node.module)
                if source is not None:
                    module.imported |= {a.asname or a.name: source for a in node.names}
        _collect(tree, module, module_marked, "", functions)
    return functions


def _conftests(module: Path) -> list[Path]:
    """The conftest files whose fixtures a test module sees."""
    found = []
    for folder in [module.parent, *module.parent.parents]:
        if folder == ROOT.parent or not folder.is_relative_to(TESTS):
            break
        if (folder / "conftest.py").is_file():
            found.append(folder / "conftest.py")
    return found


def everything_used(
    functions: dict[tuple[Path, str], Function], key: tuple[Path, str]
) -> list[str]:
    """What a function uses, itself and through the helpers and fixtures it names."""
    seen = {key}
    pending = [key]
    uses: list[str] = []
    while pending:
        function = functions[pending.pop()]
        uses += function.uses
        for name in function.names:
            places = [function.imported.get(name), function.module, *_conftests(function.module)]
            for place in places:
                found = (place, name) if place is not None else None
                if found in functions and found not in seen:
                    seen.add(found)
                    pending.append(found)
                    break
    return sorted(set(uses))


def test_every_test_using_posix_only_things_is_marked() -> None:
    functions = read_functions()
    unmarked = {
        function.where: used
        for key, function in functions.items()
        if function.is_test and not function.marked
        for used in [everything_used(functions, key)]
        if used
    }
    assert unmarked == {}


def test_the_scan_sees_each_kind_of_posix_only_thing() -> None:
    """The scan itself: each kind is found, and a branch chosen by the platform is not."""
    source = """
import fcntl
def uses(path, child):
    os.kill(child.pid, signal.SIGKILL)
    subprocess.run(["sh", "-c", "true"])
    open("/proc/self/status")
    os.mkfifo(path)
    path.symlink_to(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    subprocess.Popen(["x"], start_new_session=True)
def portable(path):
    os.kill(0, signal.SIGTERM)
    path.chmod(0o600)
    if os.name == "posix":
        os.mkfifo(path)
    else:
        path.write_text("")
"""
    tree = ast.parse(source)
    uses, portable = (n for n in tree.body if isinstance(n, ast.FunctionDef))
    assert _posix_uses(tree) == ["import fcntl"] + _posix_uses(uses)
    assert _posix_uses(uses) == [
        "signal.SIGKILL",
        "runs 'sh'",
        "the path '/proc/self/status'",
        "os.mkfifo",
        ".symlink_to()",
        "permission bits (stat.S_IMODE)",
        "start_new_session=",
    ]
    assert _posix_uses(portable) == []
