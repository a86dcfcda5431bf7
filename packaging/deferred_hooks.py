"""Run-time hook of the built app: PyInstaller's own hooks run when their module is imported.

PyInstaller runs a run-time hook at every start for each package it finds in the app: PySide6's
imports QtCore (and loads Qt's libraries with ICU), the inspect, pkgutil and multiprocessing
ones import their modules. A command such as `compliance-desk --version` uses none of them, and
paid for all of them before printing one line. The build (packaging/compliance-desk.spec) takes
those hooks out of the start and puts their source in HOOKS below; this hook, run first, runs
each one right after its module is first imported, which is when it matters: Qt's paths are set
before a QApplication exists, inspect and pkgutil are patched before anyone calls them.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # as typing's, without importing typing at every start
if TYPE_CHECKING:
    from importlib.machinery import ModuleSpec
    from types import ModuleType
    from typing import Any

# Module name -> (hook name, hook source); the build writes it (empty here, in the source tree).
HOOKS: dict[str, tuple[str, str]] = {}
# Hooks that must run at start when the program is started as a helper, not as the app: the
# multiprocessing hook catches the `-c` command that multiprocessing's helper children get.
AT_START_WHEN: dict[str, str] = {"multiprocessing": "-c"}


def _run(name: str, source: str) -> None:
    exec(compile(source, name, "exec"), {"__name__": name, "__builtins__": __builtins__})  # noqa: S102


class _ThenHook:
    """The module's own loader, then the hook, once the module has run."""

    def __init__(self, loader: Any, hook: tuple[str, str]) -> None:
        self._loader = loader
        self._hook = hook

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self._loader, attribute)

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        module: ModuleType | None = self._loader.create_module(spec)
        return module

    def exec_module(self, module: ModuleType) -> None:
        # The module keeps its own loader (its resources are read through it), then runs.
        module.__loader__ = self._loader
        if module.__spec__ is not None:
            module.__spec__.loader = self._loader
        self._loader.exec_module(module)
        _run(*self._hook)


class AfterImport:
    """A finder that finds nothing itself: it hands each hooked module's loader a hook to run."""

    def __init__(self, hooks: dict[str, tuple[str, str]]) -> None:
        self.pending = dict(hooks)

    def find_spec(
        self, fullname: str, path: Any = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        """The real finders' spec of a hooked module, its loader wrapped; None for the rest."""
        hook = self.pending.pop(fullname, None)
        if hook is None:
            return None
        if not self.pending and self in sys.meta_path:
            sys.meta_path.remove(self)
        for finder in list(sys.meta_path):
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec: ModuleSpec | None = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = _ThenHook(spec.loader, hook)  # type: ignore[assignment]
                return spec
        return None


def install(hooks: dict[str, tuple[str, str]], argv: list[str]) -> None:
    """Run the hooks whose module is already imported (or that must run now), defer the rest."""
    deferred = {}
    for module, hook in hooks.items():
        if module in sys.modules or AT_START_WHEN.get(module, "\0") in argv[1:]:
            _run(*hook)
        else:
            deferred[module] = hook
    if deferred:
        sys.meta_path.insert(0, AfterImport(deferred))


if HOOKS:
    install(HOOKS, sys.argv)
