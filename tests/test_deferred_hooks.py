"""The built app's run-time hook: PyInstaller's hooks run right after their module is imported."""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import ROOT


def _deferred_hooks() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "deferred_hooks", ROOT / "packaging" / "deferred_hooks.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def packages(tmp_path: Path) -> Iterator[Path]:
    """A folder on sys.path for made-up modules; they and any finder left are gone afterwards."""
    sys.path.insert(0, str(tmp_path))
    finders = list(sys.meta_path)
    modules = set(sys.modules)
    yield tmp_path
    sys.path.remove(str(tmp_path))
    sys.meta_path[:] = finders
    for name in set(sys.modules) - modules:
        del sys.modules[name]


# A hook as PyInstaller writes them: it imports its module and changes it.
HOOK = """
import sys
import {module}
{module}.seen = (sys.modules["{module}"].ran, getattr({module}, "seen", 0) + 1)
"""


def test_a_hook_runs_once_right_after_its_module_is_imported(packages: Path) -> None:
    hooks = _deferred_hooks()
    (packages / "qtlike").mkdir()
    (packages / "qtlike" / "__init__.py").write_text("ran = True\n", "utf-8")
    (packages / "qtlike" / "core.py").write_text("from qtlike import seen\n", "utf-8")
    hooks.install({"qtlike": ("pyi_rth_qtlike", HOOK.format(module="qtlike"))}, ["app"])
    assert "qtlike" not in sys.modules  # installing imports nothing
    core = importlib.import_module("qtlike.core")  # the package, then the hook, then this

    assert core.seen == (True, 1)
    qtlike = importlib.import_module("qtlike")
    assert qtlike.seen == (True, 1)  # once only
    # The module keeps its own loader (its resources are read through it).
    assert type(qtlike.__loader__).__name__ == "SourceFileLoader"
    assert qtlike.__spec__ is not None and qtlike.__loader__ is qtlike.__spec__.loader
    # With every hook run, the finder is gone.
    assert not any(type(f).__name__ == "AfterImport" for f in sys.meta_path)


def test_a_module_imported_already_or_a_helper_start_runs_its_hook_at_once(
    packages: Path,
) -> None:
    hooks = _deferred_hooks()
    for name in ("early", "helper", "later"):
        (packages / f"{name}.py").write_text("ran = True\n", "utf-8")
    early = importlib.import_module("early")
    made = {name: (f"pyi_rth_{name}", HOOK.format(module=name)) for name in ("early", "helper")}
    made["later"] = ("pyi_rth_later", HOOK.format(module="later"))
    hooks.AT_START_WHEN["helper"] = "-c"
    hooks.install(made, ["app", "-c", "import helper"])
    assert early.seen == (True, 1)
    assert sys.modules["helper"].seen == (True, 1)
    assert "later" not in sys.modules
    later = importlib.import_module("later")
    assert later.seen == (True, 1)


def test_the_source_tree_s_copy_does_nothing_when_imported() -> None:
    finders = list(sys.meta_path)
    hooks = _deferred_hooks()
    assert hooks.HOOKS == {}  # the build fills a copy of it
    assert sys.meta_path == finders
