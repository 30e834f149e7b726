# %% [markdown]
# # 01 Personnel versus public expenses
#
# How much of their basic expenditure do departments spend on personnel (人员经费) rather
# than public running expenses (公用经费), by department type and by place; how much per
# staff member; how large are 机关运行经费 and the “三公” expenses against the total; and how
# do budgets move from one year to the next?

# %%
from IPython.display import HTML, Markdown, display

from analysis.report import charts, findings, tables
from analysis.catalogue.database import connect

charts.use_report_style()
con = connect()
panel = findings.panel(con)
printed = findings.printed(panel)


def distribution(value, group, title, percent=False):
    stats = findings.quartiles(printed, group, value)
    if stats.is_empty():
        return Markdown("No document states it: no chart.")
    return charts.distribution(stats, findings.extremes(printed, group, value, stats), group, value, title, percent)


# %% [markdown]
# ## Personnel share of basic expenditure, by department type and by place
#
# Boxes span the middle half of the department-years, the tick is the median, the red
# points the highest and lowest document of each group (hover for its source).

# %%
display(Markdown(findings.spread_text(printed, "personnel_share", "personnel share", findings.percent)))
display(Markdown(findings.ranked_text(printed, "personnel_share", "personnel shares", findings.percent)))
distribution("personnel_share", "department_category", "人员经费占基本支出的比重（按部门类型）", percent=True)

# %%
distribution("personnel_share", "place", "人员经费占基本支出的比重（按地区）", percent=True)

# %% [markdown]
# ## 人员经费 per staff member, where staffing is stated

# %%
display(Markdown(findings.spread_text(printed, "personnel_per_staff_wan", "personnel expenses per staff member",
                                      lambda v: f"{v:,.2f} 万元")))
distribution("personnel_per_staff_wan", "department_category", "人均人员经费（万元/人，按部门类型）")

# %% [markdown]
# ## 机关运行经费 and “三公” against the total expenditure

# %%
display(Markdown(findings.spread_text(printed, "agency_operating_share", "机关运行经费 as a share of expenditure",
                                      findings.percent)))
distribution("agency_operating_share", "department_category", "机关运行经费占支出合计（按部门类型）", percent=True)

# %%
display(Markdown(findings.spread_text(printed, "three_public_share", "“三公” as a share of expenditure",
                                      lambda v: f"{v:.2%}")))
distribution("three_public_share", "department_category", "“三公”经费占支出合计（按部门类型）", percent=True)

# %% [markdown]
# ## Trends: departments with two or more budget years

# %%
changes = findings.yearly_changes(panel)
display(Markdown(findings.trend_text(changes)))
if not changes.is_empty():
    display(charts.bars(findings.change_histogram(changes), "band", "n_department_years",
                        "支出合计较上年变动的分布（部门 × 年度数）"))
    display(HTML(tables.top_rows(changes.sort("change_percent", descending=True), {
        "display_name": "department", "budget_year": "year", "previous": "last year 万元",
        "expenditure_total_wan": "this year 万元", "change_percent": "change %", "source_name": "file"},
        "Largest rises", 10)))
    display(HTML(tables.top_rows(changes.sort("change_percent"), {
        "display_name": "department", "budget_year": "year", "previous": "last year 万元",
        "expenditure_total_wan": "this year 万元", "change_percent": "change %", "source_name": "file"},
        "Largest falls", 10)))
