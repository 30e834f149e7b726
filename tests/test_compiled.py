"""The compiled extraction modules are used only while they match their sources."""
import json
import subprocess
import sys

from analysis import compiled
from analysis.compiled import MANIFEST, OFF_ENV, activate, interpreter_tag, source_hashes, usable


def test_a_build_of_the_sources_as_they_are_is_usable():
    hashes = source_hashes()
    assert usable({"interpreter": interpreter_tag(), "sources": hashes}, hashes, interpreter_tag()) is None


def test_a_build_of_an_edited_source_is_not_used_and_the_reason_names_the_module():
    hashes = source_hashes()
    older = dict(hashes, **{"analysis.checks.identities": "0" * 64})
    why = usable({"interpreter": interpreter_tag(), "sources": older}, hashes, interpreter_tag())
    assert why == "analysis.checks.identities changed since the build (make compile)"


def test_a_build_for_another_interpreter_is_not_used():
    hashes = source_hashes()
    why = usable({"interpreter": ".cpython-312-x86_64-linux-gnu.so", "sources": hashes}, hashes,
                 ".cpython-311-x86_64-linux-gnu.so")
    assert why == "built for .cpython-312-x86_64-linux-gnu.so, not .cpython-311-x86_64-linux-gnu.so"


def test_activate_says_why_the_sources_run(tmp_path, monkeypatch):
    monkeypatch.delenv(OFF_ENV, raising=False)
    finders = list(sys.meta_path)
    assert activate(tmp_path) == "interpreted (not compiled: make compile)"
    (tmp_path / MANIFEST).write_text(json.dumps(
        {"interpreter": interpreter_tag(), "sources": dict(source_hashes(), **{"analysis.extract.model": "0" * 64}),
         "extensions": {"analysis.extract.model": "analysis/extract/model.so"}}))
    assert activate(tmp_path) == "interpreted (analysis.extract.model changed since the build (make compile))"
    (tmp_path / MANIFEST).write_text(json.dumps(
        {"interpreter": interpreter_tag(), "sources": source_hashes(), "extensions": {}}))
    assert activate(tmp_path).startswith("interpreted (build incomplete, no analysis.checks.disclosure, ")
    (tmp_path / MANIFEST).write_text("{")
    assert activate(tmp_path).startswith(f"interpreted (unreadable {tmp_path / MANIFEST}")
    monkeypatch.setenv(OFF_ENV, "1")
    assert activate(compiled.BUILD) == f"interpreted ({OFF_ENV} is set)"
    assert sys.meta_path == finders


def test_each_compiled_module_is_loaded_from_the_build_when_it_is_used():
    """In a fresh interpreter: every module of MODULES comes from build/compiled when the
    package says it runs compiled, from src/ otherwise."""
    code = ("import importlib, analysis\n"
            "from analysis.compiled import MODULES\n"
            "print(analysis.EXECUTION)\n"
            "for m in MODULES: print(importlib.import_module(m).__file__)")
    lines = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.splitlines()
    execution, files = lines[0], lines[1:]
    assert len(files) == len(compiled.MODULES)
    where = compiled.BUILD if execution == "compiled" else compiled.SOURCE_ROOT
    suffix = interpreter_tag() if execution == "compiled" else ".py"
    assert all(f.startswith(str(where)) and f.endswith(suffix) for f in files), (execution, files)
