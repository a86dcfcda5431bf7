"""docs/architecture.md's table of imports is the code's real imports, both ways."""

from __future__ import annotations

import ast

from tests.conftest import ROOT


def _part(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] not in ("app", "ui"):
        return None
    if len(parts) >= 2 and (ROOT / parts[0] / parts[1]).is_dir():
        return ".".join(parts[:2])
    return f"{parts[0]} (top)"


def real_imports() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for root in ("app", "ui"):
        for path in (ROOT / root).rglob("*.py"):
            source = _part(".".join(path.relative_to(ROOT).with_suffix("").parts))
            assert source is not None
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                names: list[str] = []
                if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names = [node.module]
                elif isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                for name in names:
                    target = _part(name)
                    if target is not None and target != source:
                        found.setdefault(source, set()).add(target)
    return found


def documented_imports() -> dict[str, set[str]]:
    text = (ROOT / "docs" / "architecture.md").read_text("utf-8")
    table = text.split("| Part | Imports |", 1)[1].split("\n\n", 1)[0]
    rows = [line.strip("|").split("|") for line in table.strip().splitlines()[1:]]
    return {
        part.strip(): {name.strip() for name in imports.split(",") if name.strip()}
        for part, imports in rows
    }


def test_the_architecture_page_matches_the_code() -> None:
    assert documented_imports() == real_imports()


def test_the_core_never_imports_the_window() -> None:
    for part, imports in real_imports().items():
        if part.startswith("app"):
            assert not any(name.startswith("ui") for name in imports), part


def test_reports_and_signing_work_from_snapshots_only() -> None:
    imports = real_imports()
    for part in ("app.report", "app.exports", "app.signing"):
        assert "app.services" not in imports[part] and "app.cli" not in imports[part]
