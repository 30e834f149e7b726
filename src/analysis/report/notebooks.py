"""`budget report`: the notebooks executed headless into self-contained HTML pages
and an index page linking them.

The pages open offline: charts are Vega-Lite specs drawn by the Vega-Embed bundle the
page inlines (see charts.py), and the HTML template (templates/offline) leaves out the
scripts nbconvert would load from CDNs."""
from __future__ import annotations

import html
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import jupytext
import vl_convert
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbconvert import HTMLExporter

from ..config import CATALOGUE_ENV
from .charts import CJK_FONT, PAGE_ENV

TEMPLATES = Path(__file__).parent / "templates"
CELL_TIMEOUT_S = 600


@dataclass(frozen=True)
class Page:
    file_name: str  # relative to the index
    title: str
    question: str


def notebook_sources(folder: Path) -> list[Path]:
    """The notebooks of the report, in their numbered order."""
    return sorted(p for p in folder.glob("[0-9][0-9]_*.py") if p.is_file())


def read_notebook(path: Path):
    return jupytext.read(path, fmt="py:percent")


def heading_and_question(nb) -> tuple[str, str]:
    """The notebook's `# ` title and the paragraph after it (the question it answers)."""
    first = next((c.source for c in nb.cells if c.cell_type == "markdown"), "")
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", first) if p.strip()]
    title = next((p[2:] for p in paragraphs if p.startswith("# ")), "")
    question = next((p for p in paragraphs if not p.startswith("#")), "")
    return title, question


def execute(nb, working_dir: Path, catalogue: Path | None = None):
    """Run every cell in a fresh kernel over `catalogue` (default data/budget.duckdb); raises
    nbclient's CellExecutionError on the first failing cell, so a broken analysis never
    becomes a page."""
    env = {**os.environ, PAGE_ENV: "1"}
    if catalogue is not None:
        env[CATALOGUE_ENV] = str(catalogue.resolve())
    # the kernel talks over IPC sockets in a private folder: no TCP port is opened
    with tempfile.TemporaryDirectory(prefix="budget-kernel-") as sockets:
        kernel = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(sockets) / "kernel"))
        client = NotebookClient(nb, km=kernel, timeout=CELL_TIMEOUT_S,
                                resources={"metadata": {"path": str(working_dir)}})
        try:
            client.execute(env=env)
        finally:
            if kernel.has_kernel:  # a kernel manager passed in is ours to shut down
                kernel.shutdown_kernel(now=True)
    return nb


def to_html(nb, vega_bundle: str) -> str:
    """The executed notebook as one page, `vega_bundle` (vl_convert.javascript_bundle())
    inlined to draw its charts."""
    exporter = HTMLExporter(template_name="offline", extra_template_basedirs=[str(TEMPLATES)],
                            exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nb, resources={"vega_bundle": vega_bundle})
    return body


def index_html(pages: list[Page]) -> str:
    items = "\n".join(
        f'<li><a href="{html.escape(p.file_name)}">{html.escape(p.title)}</a> — {html.escape(p.question)}</li>'
        for p in pages
    )
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>部门预算公开 · report</title>
<style>body {{ font-family: "{CJK_FONT}", sans-serif; max-width: 50em; margin: 2em auto; line-height: 1.6; }}</style>
</head>
<body>
<h1>Department budget disclosures (部门预算公开): report</h1>
<ul>
{items}
</ul>
</body>
</html>
"""


def build_report(notebooks: Path, out: Path, catalogue: Path | None = None) -> Path:
    """Execute each notebook of `notebooks` into `out`/<name>.html; returns the index.
    The notebooks read `catalogue` (default: this project's data/budget.duckdb)."""
    out.mkdir(parents=True, exist_ok=True)
    # the Vega-Lite version Altair writes its specs for
    vega_bundle = vl_convert.javascript_bundle(vl_version=alt.VEGALITE_VERSION.rsplit(".", 1)[0])
    pages = []
    for source in notebook_sources(notebooks):
        nb = execute(read_notebook(source), source.parent, catalogue)
        page = out / f"{source.stem}.html"
        page.write_text(to_html(nb, vega_bundle), encoding="utf-8")
        pages.append(Page(page.name, *heading_and_question(nb)))
    index = out / "index.html"
    index.write_text(index_html(pages), encoding="utf-8")
    return index
