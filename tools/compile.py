"""Compiles the extraction modules (analysis.compiled.MODULES) to C with mypyc into build/compiled/.

    python tools/compile.py [--if-changed]

A quarter fewer instructions per document (bench/RESULTS.md). The build goes to a temporary
folder and replaces the old one only when complete, its manifest last; `import analysis` uses it
only while every source matches the manifest (analysis/compiled.py). Needs mypy and a C compiler;
without them extraction runs the sources, as it does whenever the build is absent or stale.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from analysis.compiled import (BUILD, MANIFEST, MODULES, SOURCE_ROOT, check_build, interpreter_tag, source_hashes,
                               source_of)


def build(target: Path = BUILD) -> None:
    from mypyc.build import mypycify  # only here: the workspace runs without mypy
    from setuptools import setup

    target.parent.mkdir(parents=True, exist_ok=True)
    hashes = source_hashes()  # before compiling: a source edited meanwhile makes the build stale, not wrong
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".compiling-") as work:
        out, temp = Path(work) / "lib", Path(work) / "temp"
        cwd = os.getcwd()
        os.chdir(SOURCE_ROOT)  # mypy names the modules by their paths below src/
        try:
            extensions = mypycify([str(source_of(m).relative_to(SOURCE_ROOT)) for m in MODULES],
                                  opt_level="3", group_name="analysis_native")
            setup(name="analysis-compiled", ext_modules=extensions, script_args=[
                "--quiet", "build_ext", "--build-lib", str(out), "--build-temp", str(temp), "--parallel",
                str(os.cpu_count() or 1)])
        finally:
            os.chdir(cwd)
        built = {_module_name(f.relative_to(out)): str(f.relative_to(out)) for f in out.rglob("*.so")}
        missing = set(MODULES) - set(built)
        if missing:
            raise SystemExit(f"compile: no extension built for {', '.join(sorted(missing))}")
        (out / MANIFEST).write_text(json.dumps({"interpreter": interpreter_tag(), "sources": hashes,
                                                "extensions": built}, indent=1), "utf-8")
        old = target.with_name(target.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if target.exists():
            target.rename(old)
        out.rename(target)
        shutil.rmtree(old, ignore_errors=True)


def _module_name(relative: Path) -> str:
    """analysis/extract/readers/text.cpython-311-x86_64-linux-gnu.so → analysis.extract.readers.text"""
    return ".".join([*relative.parent.parts, relative.name.split(".")[0]])


if __name__ == "__main__":
    if "--if-changed" in sys.argv[1:] and check_build()[1] is None:
        sys.exit(0)
    print(f"compile: compiling {len(MODULES)} modules with mypyc (about 2 minutes)", file=sys.stderr)
    try:
        build()
    except (SystemExit, Exception) as exc:  # setuptools exits on a compiler error; any failure leaves the sources in use
        print(f"compile: not compiled ({type(exc).__name__}: {exc}); extraction runs interpreted", file=sys.stderr)
        sys.exit(1)
    print(f"compile: {len(MODULES)} modules compiled into {BUILD}")
