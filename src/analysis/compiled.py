"""The extraction modules compiled to C with mypyc, used only while they match their sources.

`tools/compile.py` (run by `make`) compiles MODULES into build/compiled/ and records the
sha256 of each source in its manifest. When the package is imported, the compiled modules are
loaded in place of the sources if every source still has its recorded hash and the build is for
this interpreter; otherwise, or with BUDGET_INTERPRETED set, the sources run as they are. An
edited module is therefore never shadowed by an older build: it runs interpreted until the next
`make`. The modules are compiled together (one native library calls across them), so they are
used all together or not at all.
"""
from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import sys
from pathlib import Path

# the modules every document passes through (reading, recognising, parsing, checking, records)
MODULES = ("analysis.extract.model", "analysis.extract.normalise", "analysis.extract.pretest",
           "analysis.extract.readers.text", "analysis.extract.recognise", "analysis.extract.standard",
           "analysis.extract.performance", "analysis.extract.narrative", "analysis.extract.metadata",
           "analysis.checks.identities", "analysis.checks.text_against_tables", "analysis.checks.disclosure",
           "analysis.store.records", "analysis.store.document_records")
SOURCE_ROOT = Path(__file__).resolve().parents[1]  # src/: where `analysis` lives
BUILD = SOURCE_ROOT.parent / "build" / "compiled"
MANIFEST = "manifest.json"
OFF_ENV = "BUDGET_INTERPRETED"


def source_of(module: str) -> Path:
    return SOURCE_ROOT.joinpath(*module.split(".")).with_suffix(".py")


def interpreter_tag() -> str:
    """The interpreter an extension module is built for."""
    return importlib.machinery.EXTENSION_SUFFIXES[0]  # names the version and platform: .cpython-311-x86_64-linux-gnu.so


def source_hashes(modules: tuple[str, ...] = MODULES) -> dict[str, str]:
    return {m: hashlib.sha256(source_of(m).read_bytes()).hexdigest() for m in modules}


def usable(manifest: dict, hashes: dict[str, str], tag: str) -> str | None:
    """Why a build described by `manifest` cannot be used with these sources, or None."""
    if manifest.get("interpreter") != tag:
        return f"built for {manifest.get('interpreter')}, not {tag}"
    changed = sorted(m for m, digest in hashes.items() if manifest.get("sources", {}).get(m) != digest)
    if changed:
        return f"{', '.join(changed)} changed since the build (make compile)"
    return None


class _CompiledFinder:
    """Finds the modules of one build (its extension files) before the sources are looked at."""

    def __init__(self, extensions: dict[str, Path]):
        self.extensions = extensions

    def find_spec(self, name: str, path=None, target=None):
        file = self.extensions.get(name)
        return importlib.util.spec_from_file_location(name, file) if file is not None else None


def check_build(build: Path = BUILD) -> tuple[dict[str, Path], str | None]:
    """The extension files of the build in `build` by module name, and why they cannot be used
    with the sources as they are (None: they can)."""
    try:
        manifest = json.loads((build / MANIFEST).read_text("utf-8"))
    except FileNotFoundError:
        return {}, "not compiled: make compile"
    except (OSError, ValueError) as exc:
        return {}, f"unreadable {build / MANIFEST}: {exc}"
    extensions = {name: build / file for name, file in manifest.get("extensions", {}).items()}
    why_not = usable(manifest, source_hashes(), interpreter_tag())
    missing = sorted(m for m in MODULES if m not in extensions or not extensions[m].is_file())
    if why_not is None and missing:
        why_not = f"build incomplete, no {', '.join(missing)}: make compile"
    return extensions, why_not


def activate(build: Path = BUILD) -> str:
    """Puts the compiled modules of `build` in front of their sources when they may be used;
    returns what runs: `compiled`, or `interpreted` and why."""
    if os.environ.get(OFF_ENV):
        return f"interpreted ({OFF_ENV} is set)"
    extensions, why_not = check_build(build)
    if why_not:
        return f"interpreted ({why_not})"
    sys.meta_path.insert(0, _CompiledFinder(extensions))
    return "compiled"
