#!/usr/bin/env python3
"""Set up the project's environment on first use, then run the app or the tests.

One command each, on any machine with Python 3.11 or newer:

    python3 dev.py run [ARGS...]     the desktop app (or any `compliance-desk` command)
    python3 dev.py test [PYTEST...]  the test suite, then ruff and mypy
    python3 dev.py bench             the benchmarks in bench/
    python3 dev.py catalogues        compile the translations (also done before run/test/bench)
    python3 dev.py messages          refresh the message template and the .po files from app/
    python3 dev.py build             the self-contained app folder and its archive, in dist/
    python3 dev.py lock [--upgrade]  resolve the dependencies again into requirements/*.lock

The environment lives in `.venv/` beside this file. It is installed from the lock files in
`requirements/` (exact versions, hashes checked) and installed again when a lock file or
`pyproject.toml` changes, so a fresh clone and an updated one behave the same. To keep a second one
made by another Python (the suite runs on each Python the app supports), name its folder:

    COMPLIANCE_DESK_VENV=.venv-3.13 python3.13 dev.py test

`run` installs only what the app needs and runs in the caller's folder; `test` and `bench` add
the test tools, `build` adds PyInstaller.
"""

from __future__ import annotations

import ctypes.util
import hashlib
import os
import platform
import shutil
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
# The environment's folder beside this file: `.venv`, or another made by another Python.
VENV = ROOT / Path(os.environ.get("COMPLIANCE_DESK_VENV") or ".venv").name
STAMP = VENV / ".compliance-desk-installed"
LOCKS = ROOT / "requirements"
# What each command installs, from a lock file with every version and hash pinned: the app alone to
# run it, the app and the test tools to test it, the app and PyInstaller to build the app folder.
KINDS = {"app": "app.lock", "test": "dev.lock", "build": "build.lock"}
# How each lock file is made from pyproject.toml: its extras, and the lock whose pins it keeps, so
# that every package shared between two locks has one version in both.
LOCK_SOURCES: dict[str, tuple[list[str], str | None]] = {
    "app.lock": ([], None),
    "dev.lock": (["test"], "app.lock"),
    "build.lock": (["build"], "dev.lock"),
}
# The tool that refreshes the locks; only `python3 dev.py lock` needs it, never an install.
UV_REQUIREMENT = "uv==0.13.9"
MIN_PYTHON = (3, 11)
# Translations: sources people edit (.po, .ts) and what the app reads, compiled from them.
LOCALE = ROOT / "resources" / "locale"
TRANSLATIONS = ROOT / "resources" / "i18n"
DOMAIN = "compliance-desk"


def _bin(name: str) -> Path:
    """Path of an executable inside the environment, on every platform."""
    if os.name == "nt":
        return VENV / "Scripts" / f"{name}.exe"
    return VENV / "bin" / name


def _fail(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)
    raise SystemExit(1)


def _wanted_stamp(kind: str) -> str:
    """The stamp of an install: it follows the kind's lock file and the project's own metadata."""
    digest = hashlib.sha256()
    digest.update((LOCKS / KINDS[kind]).read_bytes())
    digest.update((ROOT / "pyproject.toml").read_bytes())
    return f"{kind}:{digest.hexdigest()}"


def _installed_kinds() -> set[str]:
    """Which installs (`app`, `test`, `build`) the stamp says are current for these lock files."""
    try:
        lines = STAMP.read_text(encoding="utf-8").split()
    except OSError:
        return set()
    current = {line for line in lines if line in {_wanted_stamp(k) for k in KINDS}}
    kinds = {line.split(":", 1)[0] for line in current}
    # The test and build installs hold everything the app needs too.
    return kinds | ({"app"} if kinds & {"test", "build"} else set())


def _create_environment() -> None:
    if sys.version_info < MIN_PYTHON:
        _fail(f"Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or newer is needed; this is {sys.version}")
    if _bin("python").exists():
        return
    print("Creating the environment in .venv (first run only)...", file=sys.stderr, flush=True)
    try:
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    except (subprocess.CalledProcessError, OSError) as exc:
        shutil.rmtree(VENV, ignore_errors=True)
        _fail(
            f"could not create .venv ({exc}). On Debian or Ubuntu install the venv module "
            f"first: sudo apt install python3-venv"
        )


def ensure_environment(kind: str) -> None:
    """Create `.venv` and install what `kind` needs into it, unless that is already current.

    The dependencies come from the kind's lock file with their hashes checked, so every machine
    gets the versions that were tested; the project itself is then installed on top of them
    (editable, without resolving anything again).
    """
    _create_environment()
    installed = _installed_kinds()
    if kind in installed:
        return
    what = {
        "app": "Compliance Desk",
        "test": "Compliance Desk and its test tools",
        "build": "Compliance Desk and its build tools",
    }[kind]
    print(f"Installing {what} into .venv...", file=sys.stderr, flush=True)
    pip = [str(_bin("python")), "-m", "pip", "--disable-pip-version-check", "-q"]
    lock = LOCKS / KINDS[kind]
    steps = [
        pip + ["install", "--upgrade", "pip"],
        pip + ["install", "--require-hashes", "-r", str(lock)],
        pip + ["install", "--no-deps", "-e", str(ROOT)],
    ]
    for step in steps:
        if subprocess.call(step, cwd=ROOT) != 0:
            _fail("installing the dependencies failed (see pip's output above)")
    stamps = "\n".join(_wanted_stamp(k) for k in sorted(installed | {kind}))
    STAMP.write_text(stamps + "\n", encoding="utf-8")


def build_catalogues(root: Path = ROOT) -> list[Path]:
    """Compile every translation whose source is newer than its output; returns those built.

    The core's gettext sources (`resources/locale/<lang>/LC_MESSAGES/*.po`) become `.mo` with
    Babel; the window's Qt Linguist sources (`resources/i18n/*.ts`) become `.qm` with
    pyside6-lrelease. Only the sources are kept in git: a build (or a packager) calls this.
    """
    locale, translations = root / LOCALE.relative_to(ROOT), root / TRANSLATIONS.relative_to(ROOT)
    jobs = [
        (
            po,
            [
                str(_bin("pybabel")),
                "-q",
                "compile",
                "-i",
                str(po),
                "-o",
                str(po.with_suffix(".mo")),
            ],
        )
        for po in sorted(locale.glob("*/LC_MESSAGES/*.po"))
    ]
    jobs += [
        (ts, [str(_bin("pyside6-lrelease")), "-silent", str(ts), "-qm", str(ts.with_suffix(".qm"))])
        for ts in sorted(translations.glob("*.ts"))
    ]
    built = []
    for source, command in jobs:
        output = Path(command[-1])
        if output.exists() and output.stat().st_mtime >= source.stat().st_mtime:
            continue
        if subprocess.call(command, cwd=root, stdout=subprocess.DEVNULL) != 0:
            _fail(f"could not compile {source.relative_to(root)} (see the message above)")
        built.append(output)
    return built


def run_catalogues(args: list[str]) -> int:
    """Compile the translations and say which were built."""
    for path in build_catalogues():
        print(f"built {path.relative_to(ROOT)}")
    return 0


def refresh_messages(args: list[str]) -> int:
    """Refresh the sources from the code: the core's template and `.po` files, the window's `.ts`.

    The core's messages are extracted into the template, which is merged into every `.po`; the
    window's `tr()` texts are merged into every `.ts` by pyside6-lupdate.
    """
    pybabel = str(_bin("pybabel"))
    template = LOCALE / f"{DOMAIN}.pot"
    extract = [pybabel, "extract", "--no-location", "--sort-output", "--omit-header"]
    extract += ["-k", "_", "-k", "ngettext:1,2", "-o", str(template), "app"]
    update = [pybabel, "update", "--no-fuzzy-matching", "--ignore-pot-creation-date"]
    update += ["--ignore-obsolete"]  # as lupdate's -no-obsolete: a message gone is gone
    update += ["-i", str(template)]
    update += ["-d", str(LOCALE), "-D", DOMAIN]
    steps = [extract, update]
    window_sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))
    for ts in sorted(TRANSLATIONS.glob("*.ts")):
        lupdate = [str(_bin("pyside6-lupdate")), "-silent", "-locations", "none", "-no-obsolete"]
        # The English catalogue holds only plural forms ("1 event", "2 events").
        only_plurals = ["-pluralonly"] if ts.stem.endswith("_en") else []
        steps.append([*lupdate, *only_plurals, *window_sources, "-ts", str(ts)])
    for step in steps:
        if subprocess.call(step, cwd=ROOT) != 0:
            return 1
    return 0


def refresh_locks(args: list[str]) -> int:
    """Resolve pyproject.toml's dependencies again and rewrite every lock file in requirements/.

    Each lock holds exact versions and the hashes of every platform's files, for Python 3.11 and
    newer on Linux, Windows and macOS alike (`--universal`). `--upgrade` takes the newest versions
    the ranges in pyproject.toml allow; without it the pins already in the locks are kept where
    they still fit.
    """
    _create_environment()
    pip = [str(_bin("python")), "-m", "pip", "--disable-pip-version-check", "-q"]
    if subprocess.call(pip + ["install", UV_REQUIREMENT], cwd=ROOT) != 0:
        _fail(f"could not install {UV_REQUIREMENT} to refresh the locks")
    for name, (extras, keeps) in LOCK_SOURCES.items():
        command = [
            str(_bin("uv")),
            "pip",
            "compile",
            "pyproject.toml",
            "--universal",
            "--generate-hashes",
            "--python-version",
            f"{MIN_PYTHON[0]}.{MIN_PYTHON[1]}",
            "--custom-compile-command",
            "python3 dev.py lock",
            "--quiet",
            "--output-file",
            f"requirements/{name}",
            *[f"--extra={extra}" for extra in extras],
            *(["--constraint", f"requirements/{keeps}"] if keeps else []),
            *args,
        ]
        print(f"$ uv pip compile ... -> requirements/{name}", flush=True)
        if subprocess.call(command, cwd=ROOT) != 0:
            return 1
    return 0


def run_app(args: list[str]) -> int:
    """Start the app: the GUI without arguments, or any command-line command.

    It runs in the caller's folder, so relative paths (`--pdf report.pdf`, `--data-dir ./data`,
    an evidence file) mean what they mean where the command was typed.
    """
    return subprocess.call([str(_bin("compliance-desk")), *args])


def run_tests(args: list[str]) -> int:
    """Run pytest headless, then the linters; the first failure decides the exit status."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    python = str(_bin("python"))
    checks = [
        [python, "-m", "pytest", *args],
        [python, "-m", "ruff", "check", "."],
        [python, "-m", "ruff", "format", "--check", "."],
        [python, "-m", "mypy"],
    ]
    for check in checks:
        print("$ " + " ".join(Path(check[0]).name if i == 0 else a for i, a in enumerate(check)))
        code = subprocess.call(check, cwd=ROOT, env=env)
        if code != 0:
            return code
    return 0


def run_benchmarks(args: list[str]) -> int:
    """Run every benchmark script in bench/ (or the ones named) and print their figures."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    scripts = [ROOT / "bench" / a for a in args] or sorted((ROOT / "bench").glob("bench_*.py"))
    status = 0
    for script in scripts:
        print(f"== {script.name}", flush=True)
        status |= subprocess.call([str(_bin("python")), str(script)], cwd=ROOT, env=env)
    return status


def _platform_tag() -> str:
    """The platform part of the archive's name: linux-x86_64, windows-amd64, macos-arm64..."""
    system = {"linux": "linux", "win32": "windows", "darwin": "macos"}.get(
        sys.platform, sys.platform
    )
    return f"{system}-{platform.machine().lower()}"


# Qt's X11 platform plugin needs these system libraries; the build copies them into the app
# folder, so they must be on the building machine (Debian package names for the message).
X11_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-image": "libxcb-image0",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-render-util": "libxcb-render-util0",
    "xcb-shape": "libxcb-shape0",
    "xcb-xkb": "libxcb-xkb1",
    "xkbcommon-x11": "libxkbcommon-x11-0",
}


def _missing_x11_libraries() -> list[str]:
    """The Debian packages of X11 libraries the Linux build would otherwise leave out."""
    if not sys.platform.startswith("linux"):
        return []
    return [pkg for name, pkg in X11_LIBRARIES.items() if not ctypes.util.find_library(name)]


def build_app(args: list[str]) -> int:
    """Build the self-contained app folder with PyInstaller, then pack it into one archive.

    `dist/compliance-desk/` holds the program and everything it needs (no Python, no network);
    beside it, `dist/compliance-desk-VERSION-PLATFORM.tar.gz` (a .zip on Windows) is what is
    handed out. The icons and the licence list are made fresh from the sources first.
    """
    missing = _missing_x11_libraries()
    if missing:
        _fail(
            "the app folder must carry Qt's X11 libraries, and these are not installed here: "
            + " ".join(missing)
            + ". On Debian or Ubuntu: sudo apt install "
            + " ".join(missing)
        )
    python = str(_bin("python"))
    build = ROOT / "build"
    dist = ROOT / "dist"
    steps = [
        [python, str(ROOT / "packaging" / "prepare.py"), str(build / "generated")],
        [
            python,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(build / "pyinstaller"),
            str(ROOT / "packaging" / "compliance-desk.spec"),
            *args,
        ],
    ]
    for step in steps:
        print("$ " + " ".join(Path(a).name if i < 2 else a for i, a in enumerate(step)), flush=True)
        if subprocess.call(step, cwd=ROOT) != 0:
            return 1
    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    base = dist / f"compliance-desk-{version}-{_platform_tag()}"
    archive = shutil.make_archive(
        str(base), "zip" if os.name == "nt" else "gztar", root_dir=dist, base_dir="compliance-desk"
    )
    print(f"Built {dist / 'compliance-desk'} and {archive}")
    return 0


def main() -> int:
    """Dispatch `run`, `test`, `bench`, `build`, `lock`, `catalogues` or `messages`."""
    commands = {
        "run": run_app,
        "test": run_tests,
        "bench": run_benchmarks,
        "catalogues": run_catalogues,
        "messages": refresh_messages,
        "build": build_app,
        "lock": refresh_locks,
    }
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__, file=sys.stderr)
        return 2
    command = sys.argv[1]
    if command != "lock":
        kinds = {"run": "app", "catalogues": "app", "messages": "app", "build": "build"}
        ensure_environment(kinds.get(command, "test"))
    if command in ("run", "test", "bench", "build"):
        build_catalogues()
    return commands[command](sys.argv[2:])


if __name__ == "__main__":
    raise SystemExit(main())
