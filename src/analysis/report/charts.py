"""The notebooks' Altair charts, in one look.

Charts are drawn as inline SVG (vl-convert, no JavaScript) so that a report page
needs no network, and name a CJK font family so that Chinese labels render: set-up
installs Debian's fonts-noto-cjk, which provides it."""
from __future__ import annotations

import altair as alt
import polars as pl

CJK_FONT = "Noto Sans CJK SC"
THEME = "budget"

# Axis and legend titles, by the column they show.
LABELS = {
    "department_name": "部门",
    "budget_year": "预算年度",
    "document": "文件",
    "n_documents": "文件数",
    "status": "核对结果",
    "n_checks": "核对项数",
    "expense_kind": "经费类别",
    "amount_wan": "金额（万元）",
    "personnel_share": "人员经费占比",
    "agency_operating_wan": "机关运行经费（万元）",
    "insurance_subsidy_wan": "对基本医疗保险基金的补助（万元）",
    "basis": "口径",
    "share_quantitative": "可量化指标占比",
    "flag": "问题类型",
    "n_flagged": "指标数",
}


@alt.theme.register(THEME, enable=False)
def _theme() -> alt.theme.ThemeConfig:
    return {"config": {
        "font": CJK_FONT,
        "title": {"font": CJK_FONT, "fontSize": 15},
        "axis": {"labelFont": CJK_FONT, "titleFont": CJK_FONT, "labelLimit": 260},
        "axisX": {"labelAngle": 0},
        "legend": {"labelFont": CJK_FONT, "titleFont": CJK_FONT, "labelLimit": 260},
        "header": {"labelFont": CJK_FONT, "titleFont": CJK_FONT, "labelLimit": 260},
    }}


def use_report_style() -> None:
    """Every chart a notebook displays as inline SVG with the CJK theme; tables whole."""
    alt.theme.enable(THEME)
    alt.renderers.enable("svg")
    pl.Config.set_tbl_rows(100)
    pl.Config.set_fmt_str_lengths(120)


def _plottable(frame: pl.DataFrame) -> pl.DataFrame:
    # Vega-Lite data are JSON numbers: exact Decimals stay in the tables, charts get floats
    return frame.with_columns(pl.col(pl.Decimal).cast(pl.Float64))


def coverage(frame: pl.DataFrame) -> alt.Chart:
    """Documents per department × budget year."""
    base = alt.Chart(_plottable(frame)).encode(
        x=alt.X("budget_year:O", title=LABELS["budget_year"]),
        y=alt.Y("department_name:N", title=LABELS["department_name"]),
    )
    cells = base.mark_rect().encode(color=alt.Color("n_documents:Q", title=LABELS["n_documents"]))
    counts = base.mark_text(color="black").encode(text="n_documents:Q")
    return (cells + counts).properties(title="部门 × 年度 覆盖情况", width=alt.Step(48))


def check_statuses(frame: pl.DataFrame) -> alt.Chart:
    """Checks per document by status (frame: document, status, n_checks)."""
    return alt.Chart(_plottable(frame)).mark_bar().encode(
        x=alt.X("n_checks:Q", title=LABELS["n_checks"]),
        y=alt.Y("document:N", title=LABELS["document"]),
        color=alt.Color("status:N", title=LABELS["status"]),
    ).properties(title="核对结果（每份文件）")


def _yearly_bars(frame: pl.DataFrame, value: str, color: str, title: str) -> alt.Chart:
    """Bars of `value` per budget year, one small chart per department, coloured by `color`."""
    return alt.Chart(_plottable(frame)).mark_bar().encode(
        x=alt.X("budget_year:O", title=LABELS["budget_year"]),
        y=alt.Y(f"{value}:Q", title=LABELS[value]),
        color=alt.Color(f"{color}:N", title=LABELS[color]),
        column=alt.Column("department_name:N", title=LABELS["department_name"]),
    ).properties(width=120, title=title).resolve_scale(x="independent")


def _department_bars(frame: pl.DataFrame, value: str, title: str, **x_options) -> alt.Chart:
    """One bar of `value` per department and budget year, the years side by side."""
    return alt.Chart(_plottable(frame)).mark_bar().encode(
        x=alt.X(f"{value}:Q", title=LABELS[value], **x_options),
        y=alt.Y("department_name:N", title=LABELS["department_name"]),
        color=alt.Color("budget_year:O", title=LABELS["budget_year"]),
        yOffset="budget_year:O",
    ).properties(title=title)


def personnel_public(frame: pl.DataFrame) -> alt.Chart:
    """人员经费 and 公用经费 per department and year (frame: department_name,
    budget_year, expense_kind, amount_wan)."""
    return _yearly_bars(frame, "amount_wan", "expense_kind", "人员经费与公用经费")


def personnel_share(frame: pl.DataFrame) -> alt.Chart:
    return _department_bars(frame, "personnel_share", "人员经费占基本支出（人员 + 公用）的比重",
                            axis=alt.Axis(format="%"))


def agency_operating(frame: pl.DataFrame) -> alt.Chart:
    return _department_bars(frame, "agency_operating_wan", "机关运行经费")


def insurance_subsidy(frame: pl.DataFrame) -> alt.Chart:
    """The 21012 subsidy per department and year, printed or derived."""
    return _yearly_bars(frame, "insurance_subsidy_wan", "basis", "对基本医疗保险基金的补助（功能分类 21012）")


def quantitative_share(frame: pl.DataFrame) -> alt.Chart:
    return _department_bars(frame, "share_quantitative", "绩效指标中可量化指标的占比",
                            axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1]))


def indicator_flags(frame: pl.DataFrame) -> alt.Chart:
    """Indicators by quality problem (frame: department_name, budget_year, flag, n_flagged)."""
    return alt.Chart(_plottable(frame)).mark_bar().encode(
        x=alt.X("n_flagged:Q", title=LABELS["n_flagged"]),
        y=alt.Y("department_name:N", title=LABELS["department_name"]),
        color=alt.Color("flag:N", title=LABELS["flag"]),
        row=alt.Row("budget_year:O", title=LABELS["budget_year"]),
    ).properties(title="指标质量问题").resolve_scale(y="independent")
