"""Whose code and fonts the app contains, and under which licences: what Help > About lists.

The list is read from the installed distributions (importlib.metadata), never typed, so it follows
the lock files. A built app folder has no distribution metadata to read, so the build writes the
list once into `licences.json` beside the shipped resources and the built app reads that file;
running from source (or an installed wheel) the list is computed live. Qt and the DejaVu fonts are
added by hand because no Python distribution's metadata names them: Qt comes inside the PySide6
wheels, the fonts in `resources/fonts/`.
"""

from __future__ import annotations

import json
import platform
import re
import sysconfig
from dataclasses import asdict, dataclass, replace
from importlib import metadata
from importlib.resources import files
from pathlib import Path

from app.i18n import _
from app.paths import resources_dir

# Qt's Python bindings ship no licence file of their own: they are under Qt's, shown with Qt.
_QT_DISTRIBUTIONS = frozenset({"pyside6-essentials", "pyside6-pdf", "shiboken6"})
# The distribution the walk starts from: this app, then everything it requires at run time.
ROOT_DISTRIBUTION = "compliance-desk"
LICENCE_FILE_NAME = "licences.json"
FORMAT = 1

_REQUIREMENT = re.compile(
    r"^\s*(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[(?P<extras>[^\]]*)\])?[^;]*(?:;(?P<marker>.*))?$"
)
_EXTRA_MARKER = re.compile(r"""extra\s*==\s*["']([^"']+)["']""")
_LICENCE_FILE = re.compile(r"(^|/)(LICEN[CS]E|COPYING|NOTICE)[^/]*$", re.IGNORECASE)


@dataclass(frozen=True)
class LicenceText:
    """One licence file as it was shipped by the part's authors."""

    name: str
    text: str


@dataclass(frozen=True)
class BundledPart:
    """One thing the app is made of, with the licence it is used under.

    `kind` is `application`, `python` (the interpreter), `qt`, `font` or `package` (a Python
    distribution); the window turns it into words. `note` says what the licence asks of us where
    that matters to a reader (Qt's LGPL: the libraries can be replaced).
    """

    name: str
    version: str
    licence: str
    kind: str
    homepage: str = ""
    texts: tuple[LicenceText, ...] = ()
    note: str = ""


def normalise(name: str) -> str:
    """A distribution's name as the package index compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_distributions(root: str = ROOT_DISTRIBUTION) -> list[metadata.Distribution]:
    """`root` and every installed distribution it requires at run time, sorted by name.

    Optional extras count only where a requirement asks for them (`pyHanko[opentype]`); a
    requirement limited by another marker (an older Python, another platform) counts when it is
    installed, which is the test that matters for what a build can contain.
    """
    seen: dict[str, metadata.Distribution] = {}
    pending: list[tuple[str, frozenset[str]]] = [(root, frozenset())]
    extras_seen: dict[str, set[str]] = {}
    while pending:
        name, extras = pending.pop()
        key = normalise(name)
        known = extras_seen.setdefault(key, set())
        if key in seen and extras <= known:
            continue
        known.update(extras)
        try:
            dist = seen.get(key) or metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # not installed here: not part of this build
        seen[key] = dist
        for requirement in dist.requires or []:
            match = _REQUIREMENT.match(requirement)
            if match is None:
                continue
            wanted = _EXTRA_MARKER.search(match.group("marker") or "")
            if wanted is not None and normalise(wanted.group(1)) not in {
                normalise(e) for e in known
            }:
                continue
            asked = match.group("extras") or ""
            pending.append(
                (match.group("name"), frozenset(e.strip() for e in asked.split(",") if e.strip()))
            )
    return sorted(seen.values(), key=lambda d: normalise(d.metadata["Name"]))


def _field(dist: metadata.Distribution, name: str) -> str:
    """One metadata field's text, or "" where the distribution leaves it out."""
    values = dist.metadata.get_all(name) or []
    return str(values[0]) if values else ""


def licence_of(dist: metadata.Distribution) -> str:
    """The licence a distribution declares: its SPDX expression, else its classifiers or text."""
    meta = dist.metadata
    expression = _field(dist, "License-Expression").strip()
    if expression:
        return expression
    declared = _field(dist, "License").strip()
    if declared and "\n" not in declared and len(declared) <= 60:
        return declared
    classifiers = [
        c.split(" :: ")[-1]
        for c in meta.get_all("Classifier") or []
        if c.startswith("License ::") and c.count(" :: ") >= 2
    ]
    if classifiers:
        return " / ".join(classifiers)
    if declared:
        first = declared.splitlines()[0].strip()
        return first if len(first) <= 60 else first[:57].rstrip() + "..."
    return _("see the licence text")


def _homepage(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    urls = [str(u).split(",", 1) for u in meta.get_all("Project-URL") or [] if "," in str(u)]
    preferred = ("homepage", "home", "source", "source code", "repository", "documentation")
    for wanted in preferred:
        for label, url in urls:
            if label.strip().lower() == wanted:
                return url.strip()
    return (_field(dist, "Home-page") or (str(urls[0][1]) if urls else "")).strip()


def _licence_texts(dist: metadata.Distribution) -> tuple[LicenceText, ...]:
    """The licence files in the distribution's metadata folder, as declared or as named."""
    texts: list[LicenceText] = []
    declared = dist.metadata.get_all("License-File") or []
    for name in declared:
        text = dist.read_text(f"licenses/{name}") or dist.read_text(name)
        if text:
            texts.append(LicenceText(name, text))
    if texts:
        return tuple(texts)
    for path in dist.files or []:
        text_path = str(path)
        if ".dist-info/" in text_path and _LICENCE_FILE.search(text_path):
            text = path.read_text(encoding="utf-8")
            texts.append(LicenceText(Path(text_path).name, text))
    return tuple(texts)


def _file_text(path: Path) -> tuple[LicenceText, ...]:
    try:
        return (LicenceText(path.name, path.read_text(encoding="utf-8")),)
    except OSError:
        return ()


def _python_part() -> BundledPart:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    return BundledPart(
        name="Python",
        version=platform.python_version(),
        licence="PSF-2.0",
        kind="python",
        homepage="https://www.python.org/",
        texts=_file_text(stdlib / "LICENSE.txt"),
    )


def _qt_part(version: str) -> BundledPart:
    licences = resources_dir() / "licenses"
    return BundledPart(
        name="Qt",
        version=version,
        licence="LGPL-3.0-only",
        kind="qt",
        homepage="https://www.qt.io/download-open-source",
        texts=_file_text(licences / "LGPL-3.0.txt") + _file_text(licences / "GPL-3.0.txt"),
        note=(
            "The Qt libraries are used unmodified, as separate shared libraries that can be "
            "replaced with other builds of the same Qt version. Their source is published at "
            "https://download.qt.io/official_releases/qt/ and PySide6's at "
            "https://download.qt.io/official_releases/QtForPython/."
        ),
    )


def _dejavu_part() -> BundledPart:
    return BundledPart(
        name="DejaVu fonts",
        version="2.37",
        licence="Bitstream-Vera (DejaVu changes: public domain)",
        kind="font",
        homepage="https://dejavu-fonts.github.io/",
        texts=_file_text(resources_dir() / "fonts" / "LICENSE-DejaVu.txt"),
    )


def collect_licences(root: str = ROOT_DISTRIBUTION) -> list[BundledPart]:
    """Everything the app is made of, read from what is installed now.

    The app first, then Python, Qt and the fonts, then every Python distribution by name.
    """
    parts: list[BundledPart] = []
    packages: list[BundledPart] = []
    qt_version = ""
    for dist in runtime_distributions(root):
        name = dist.metadata["Name"]
        if normalise(name) == "pyside6-essentials":
            qt_version = dist.version
        part = BundledPart(
            name=name,
            version=dist.version,
            licence=licence_of(dist),
            kind="application" if normalise(name) == normalise(root) else "package",
            homepage=_homepage(dist),
            texts=_licence_texts(dist),
        )
        (parts if part.kind == "application" else packages).append(part)
    parts.append(_python_part())
    if qt_version:
        qt = _qt_part(qt_version)
        parts.append(qt)
        packages = [
            replace(p, texts=qt.texts)
            if normalise(p.name) in _QT_DISTRIBUTIONS and not p.texts
            else p
            for p in packages
        ]
    parts.append(_dejavu_part())
    return parts + packages


def to_json(parts: list[BundledPart]) -> str:
    """The list as the built app ships it."""
    return json.dumps(
        {"format": FORMAT, "parts": [asdict(p) for p in parts]}, ensure_ascii=False, indent=1
    )


def from_json(text: str) -> list[BundledPart]:
    """The list back from `to_json`'s text.

    Raises:
        ValueError: the text is not such a list (KeyError and TypeError are turned into it).
    """
    data = json.loads(text)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError("not a licence list of a known format")
    try:
        return [
            BundledPart(
                name=str(p["name"]),
                version=str(p["version"]),
                licence=str(p["licence"]),
                kind=str(p["kind"]),
                homepage=str(p["homepage"]),
                texts=tuple(LicenceText(str(t["name"]), str(t["text"])) for t in p["texts"]),
                note=str(p["note"]),
            )
            for p in data["parts"]
        ]
    except (KeyError, TypeError) as exc:
        raise ValueError(f"a licence list entry is incomplete: {exc}") from exc


def shipped_licence_file() -> Path:
    """Where a built app keeps the list the build wrote (absent when running from source)."""
    return Path(str(files("app"))) / "shipped" / LICENCE_FILE_NAME


def bundled_licences(shipped: Path | None = None) -> list[BundledPart]:
    """The list for Help > About: the one the build shipped, else computed from what is installed.

    `shipped` is the build's file (default: `shipped_licence_file()`). A missing or damaged file
    falls back to the live list, which in a built app holds only what metadata the build
    carried: better a short list than none.
    """
    try:
        text = (shipped or shipped_licence_file()).read_text(encoding="utf-8")
        return from_json(text)
    except (OSError, ValueError):
        return collect_licences()
