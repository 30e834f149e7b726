# %% [markdown]
# # 01 Personnel versus public expenses
#
# How do departments split their basic expenditure between personnel (人员经费) and
# public running expenses (公用经费), how does the split move over the years, and how
# large is the agency operating budget (机关运行经费)?

# %%
from IPython.display import Markdown, display

from analysis.catalogue.database import connect
from analysis.report import charts, findings

charts.use_report_style()
con = connect()
panel = findings.printed_panel(con)

# %% [markdown]
# ## 人员经费 and 公用经费

# %%
display(Markdown(findings.personnel_text(panel)))
charts.personnel_public(findings.personnel_public_long(panel))

# %% [markdown]
# ## Personnel share

# %%
charts.personnel_share(panel.filter(panel["personnel_share"].is_not_null()))

# %% [markdown]
# ## 机关运行经费

# %%
display(Markdown(findings.agency_operating_text(panel)))
charts.agency_operating(panel.filter(panel["agency_operating_wan"].is_not_null()))

# %% [markdown]
# ## The panel

# %%
panel.select("department_name", "budget_year", "doc_id", "expenditure_total_wan", "basic_total_wan",
             "personnel_wan", "public_wan", "personnel_share", "agency_operating_wan", "three_public_wan",
             "staff_authorised", "staff_actual")
