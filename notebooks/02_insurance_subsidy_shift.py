# %% [markdown]
# # 02 Where the resident-insurance subsidy sits
#
# Where the subsidy to the basic medical insurance fund (对基本医疗保险基金的补助, functional
# codes 21012…) lives — the 医疗保障局 and any department whose budget has 21012/21013 rows —
# how much it is by place and year, and where the documents say it went when it left a budget.

# %%
from IPython.display import HTML, Markdown, display

from analysis.catalogue.database import connect
from analysis.report import charts, findings, tables

charts.use_report_style()
con = connect()
subsidy = findings.subsidy_panel(con)
display(Markdown(findings.subsidy_text(subsidy)))

# %% [markdown]
# ## Where the subsidy sits, year by year

# %%
where = findings.where_by_year(subsidy)
(charts.yearly_bars(where, "n_department_years", "where", "补助所在（部门 × 年度数）") if not where.is_empty()
 else Markdown("No department-year of these prints its budget year."))

# %% [markdown]
# ## 21012 by place and year (万元)

# %%
by_place = findings.subsidy_by_place(subsidy)
(charts.heatmap(by_place, "place", "insurance_subsidy_wan", "对基本医疗保险基金的补助（万元，按地区 × 年度）")
 if not by_place.is_empty() else Markdown("No budget prints a 21012 row: no amounts."))

# %%
HTML(tables.top_rows(subsidy.filter(subsidy["insurance_subsidy_wan"].is_not_null())
                     .sort("insurance_subsidy_wan", descending=True), {
    "display_name": "department", "budget_year": "year", "department_category": "type",
    "insurance_subsidy_wan": "21012 万元", "medical_assistance_wan": "21013 万元",
    "expenditure_total_wan": "expenditure 万元", "source_name": "file"}, "Largest 21012 subsidies"))

# %% [markdown]
# ## Statements that the subsidy moved

# %%
display(Markdown(findings.shifts_text(findings.subsidy_shifts(con))))
