"""A worker's memory stops growing: what it remembers from document to document is bounded."""
import importlib
import inspect
import subprocess
import sys
from dataclasses import fields

from analysis.config import RAW
from analysis.extract.normalise import STRINGS_REMEMBERED
from analysis.extract.recognise import _Lookups
from analysis.extract.vocabulary import load


def _reading_modules() -> list:
    """The project's modules a worker has loaded to read a document (asked of a fresh interpreter)."""
    listed = subprocess.run([sys.executable, "-c", "import sys, analysis.store.document_records, analysis.extract.readers.docx, "
                             "analysis.extract.readers.pdf; print(*(m for m in sys.modules if m.startswith('analysis.')))"],
                            capture_output=True, text=True, check=True).stdout.split()
    return [importlib.import_module(name) for name in listed]


def _remembering_functions():
    for module in _reading_modules():
        for name, value in vars(module).items():
            if hasattr(value, "cache_info") and getattr(value, "__module__", module.__name__) == module.__name__:
                yield f"{module.__name__}.{name}", value
    lookups = _Lookups.of(load())
    for name, value in ((f.name, getattr(lookups, f.name)) for f in fields(lookups)):  # compiled: no __dict__
        if hasattr(value, "cache_info"):
            yield f"_Lookups.{name}", value


def test_every_cache_keyed_by_an_argument_is_bounded():
    """An unbounded cache of cells, amounts or names grows with every document read; a cache
    without arguments (the vocabulary, the gazetteer) holds one value."""
    found = dict(_remembering_functions())
    assert {"analysis.extract.normalise.squash", "analysis.extract.normalise.parse_amount", "_Lookups.title"} <= set(found)
    unbounded = [name for name, function in found.items()
                 if function.cache_info().maxsize is None and inspect.signature(function.__wrapped__).parameters]
    assert unbounded == []
    too_large = [name for name, function in found.items() if (function.cache_info().maxsize or 0) > STRINGS_REMEMBERED]
    assert too_large == []


def test_an_extraction_does_not_load_pandas(tmp_path):
    """Arrow would import pandas (~40 MB a process) at its first conversion of Python values;
    an extraction's command and workers convert lists only. to_pandas still works after."""
    script = ("import sys; from analysis.cli import main; "
              f"status = main(['extract', '{RAW}', '--out', '{tmp_path / 'out'}']); "
              "print(status, 'pandas' in sys.modules); import pyarrow as pa; "
              "print(type(pa.table({'a': [1]}).to_pandas()).__name__)")
    printed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert printed.splitlines()[-2:] == ["0 False", "DataFrame"]
