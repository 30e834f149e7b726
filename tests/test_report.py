"""`budget report`: notebooks executed headless into pages that open offline."""
from __future__ import annotations

import pytest
from nbclient.exceptions import CellExecutionError

from analysis.report import build_report


def test_a_failing_cell_fails_the_report(tmp_path):
    (tmp_path / "00_broken.py").write_text("# %% [markdown]\n# # Broken\n\n# %%\n1 / 0\n", encoding="utf-8")
    with pytest.raises(CellExecutionError, match="ZeroDivisionError"):
        build_report(tmp_path, tmp_path / "reports")
    assert not (tmp_path / "reports" / "00_broken.html").exists()
