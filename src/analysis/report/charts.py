"""The notebooks' Altair charts, in one look.

Every chart is drawn from a few dozen marks at most whatever the number of documents:
the findings aggregate first (counts, quartiles, top N), and the charts draw those
aggregates, with tooltips naming the department, year, figure and source where a mark
is one document. On a report page a chart is its Vega-Lite spec, drawn in the browser by
the Vega-Embed bundle the page inlines (templates/offline): interactive, no network.
Labels name a CJK font family so that Chinese renders (set-up installs fonts-noto-cjk)."""
from __future__ import annotations

import json
import os

import altair as alt
import polars as pl

CJK_FONT = "Noto Sans CJK SC"
THEME = "budget"
RENDERER = "budget-page"
PAGE_ENV = "BUDGET_REPORT_PAGE"  # set while `budget report` executes a notebook
WIDTH = 900

# Axis and legend titles, by the column they show.
LABELS = {
    "department_category": "部门类型",
    "place": "地区",
    "place_level": "行政级别",
    "budget_year": "预算年度",
    "n_documents": "文件数",
    "n_department_years": "部门 × 年度数",
    "share_reconciled": "标准表核对全部通过的文件占比",
    "check_id": "核对项",
    "n_documents_mismatching": "有不符项的文件数",
    "personnel_share": "人员经费占比",
    "personnel_per_staff_wan": "人均人员经费（万元/人）",
    "agency_operating_share": "机关运行经费占支出合计",
    "three_public_share": "“三公”经费占支出合计",
    "change_percent": "较上年变动（%）",
    "where": "补助所在",
    "insurance_subsidy_wan": "对基本医疗保险基金的补助（万元）",
    "share_quantitative": "可量化指标占比",
    "flag": "问题类型",
    "share_flagged": "占指标数比例",
    "vague_word": "含糊用语",
    "n_indicators": "指标数",
    "value": "数值",
    "display_name": "部门",
    "band": "变动区间",
    "source": "来源",
}


@alt.theme.register(THEME, enable=False)
def _theme() -> alt.theme.ThemeConfig:
    return {"config": {
        "font": CJK_FONT,
        "title": {"font": CJK_FONT, "fontSize": 15, "anchor": "start"},
        "axis": {"labelFont": CJK_FONT, "titleFont": CJK_FONT, "labelLimit": 260},
        "axisX": {"labelAngle": 0},
        "legend": {"labelFont": CJK_FONT, "titleFont": CJK_FONT, "labelLimit": 260},
        "header": {"labelFont": CJK_FONT, "titleFont": CJK_FONT, "labelLimit": 260},
    }}


def _page_chart(spec: dict, **_) -> dict:
    """A chart as an element of the report page: its spec, drawn by the page's script."""
    text = json.dumps(spec, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return {"text/html": f'<div class="vega-chart"><script type="application/json">{text}</script></div>'}


alt.renderers.register(RENDERER, _page_chart)


def use_report_style() -> None:
    """The CJK theme; on a report page the page renderer (in JupyterLab, its own)."""
    alt.theme.enable(THEME)
    if os.environ.get(PAGE_ENV):
        alt.renderers.enable(RENDERER)


def _plottable(frame: pl.DataFrame) -> pl.DataFrame:
    # Vega-Lite data are JSON numbers: exact Decimals stay in the tables, charts get floats
    return frame.with_columns(pl.col(pl.Decimal).cast(pl.Float64))


def heatmap(frame: pl.DataFrame, row: str, value: str, title: str, column: str = "budget_year",
            percent: bool = False) -> alt.LayerChart:
    """`value` per `row` × `column` (in the frame's order), the figure written in each cell."""
    fmt = ".0%" if percent else ","
    base = alt.Chart(_plottable(frame)).encode(
        x=alt.X(f"{column}:O", title=LABELS[column], sort="ascending" if column == "budget_year" else None),
        y=alt.Y(f"{row}:N", title=LABELS[row], sort=None),
        tooltip=[alt.Tooltip(f"{row}:N", title=LABELS[row]), alt.Tooltip(f"{column}:O", title=LABELS[column]),
                 alt.Tooltip(f"{value}:Q", title=LABELS[value], format=fmt)],
    )
    cells = base.mark_rect().encode(color=alt.Color(f"{value}:Q", title=LABELS[value],
                                                    scale=alt.Scale(scheme="blues")))
    figures = base.mark_text(fontSize=11, color="black").encode(text=alt.Text(f"{value}:Q", format=fmt))
    return (cells + figures).properties(title=title, width=alt.Step(90 if percent else 64), height=alt.Step(20))


def bars(frame: pl.DataFrame, category: str, value: str, title: str, percent: bool = False,
         color: str | None = None) -> alt.Chart:
    """One horizontal bar per `category` (in the frame's order), stacked by `color`."""
    axis = alt.Axis(format="%") if percent else alt.Axis()
    tooltip = [alt.Tooltip(f"{category}:N", title=LABELS[category]),
               alt.Tooltip(f"{value}:Q", title=LABELS[value], format=".0%" if percent else ",")]
    encoding = {"x": alt.X(f"{value}:Q", title=LABELS[value], axis=axis),
                "y": alt.Y(f"{category}:N", title=LABELS[category], sort=None)}
    if color:
        encoding["color"] = alt.Color(f"{color}:N", title=LABELS[color])
        tooltip.append(alt.Tooltip(f"{color}:N", title=LABELS[color]))
    return alt.Chart(_plottable(frame)).mark_bar().encode(**encoding, tooltip=tooltip).properties(
        title=title, width=WIDTH, height=alt.Step(18))


def distribution(stats: pl.DataFrame, extremes: pl.DataFrame, group: str, value: str, title: str,
                 percent: bool = False) -> alt.LayerChart:
    """Box plots drawn from quartiles computed beforehand (stats: group, n, low, q1,
    median, q3, high), with the extreme documents as points whose tooltip names them
    (extremes: group, value, display_name, budget_year, source)."""
    fmt = ".0%" if percent else ",.2f"
    axis = alt.Axis(format="%") if percent else alt.Axis()
    y = alt.Y(f"{group}:N", title=LABELS[group], sort=None)
    base = alt.Chart(_plottable(stats)).encode(y=y, tooltip=[
        alt.Tooltip(f"{group}:N", title=LABELS[group]), alt.Tooltip("n:Q", title=LABELS["n_documents"]),
        alt.Tooltip("q1:Q", title="下四分位", format=fmt), alt.Tooltip("median:Q", title="中位数", format=fmt),
        alt.Tooltip("q3:Q", title="上四分位", format=fmt)])
    whiskers = base.mark_rule(color="#888").encode(
        x=alt.X("low:Q", title=LABELS[value], axis=axis, scale=alt.Scale(zero=False)), x2="high:Q")
    boxes = base.mark_bar(size=12, color="#9ecae1").encode(x="q1:Q", x2="q3:Q")
    medians = base.mark_tick(color="#08519c", size=14, thickness=2).encode(x="median:Q")
    points = alt.Chart(_plottable(extremes)).mark_point(color="#d62728", filled=True, size=36).encode(
        y=y, x=alt.X("value:Q"),
        tooltip=[alt.Tooltip("display_name:N", title=LABELS["display_name"]),
                 alt.Tooltip("budget_year:O", title=LABELS["budget_year"]),
                 alt.Tooltip("value:Q", title=LABELS[value], format=fmt),
                 alt.Tooltip("source:N", title=LABELS["source"])])
    return alt.layer(whiskers, boxes, medians, points).properties(title=title, width=WIDTH, height=alt.Step(22))


def yearly_bars(frame: pl.DataFrame, value: str, color: str, title: str) -> alt.Chart:
    """`value` per budget year, stacked by `color`."""
    return alt.Chart(_plottable(frame)).mark_bar().encode(
        x=alt.X("budget_year:O", title=LABELS["budget_year"]),
        y=alt.Y(f"{value}:Q", title=LABELS[value]),
        color=alt.Color(f"{color}:N", title=LABELS[color]),
        tooltip=[alt.Tooltip("budget_year:O", title=LABELS["budget_year"]),
                 alt.Tooltip(f"{color}:N", title=LABELS[color]),
                 alt.Tooltip(f"{value}:Q", title=LABELS[value], format=",")],
    ).properties(title=title, width=alt.Step(60), height=260)
