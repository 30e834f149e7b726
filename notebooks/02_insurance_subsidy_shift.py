# %% [markdown]
# # 02 Where the resident-insurance subsidy sits
#
# In which departments' budgets does the subsidy to the basic medical insurance fund
# (对基本医疗保险基金的补助, functional codes 21012…) appear each year, and where do the
# documents say it moved when it left a budget?

# %%
from IPython.display import Markdown, display

from analysis.catalogue.database import connect
from analysis.report import charts, findings

charts.use_report_style()
con = connect()
panel = findings.subsidy_panel(con)

# %% [markdown]
# ## 21012 and 21013 by department and year

# %%
display(Markdown(findings.subsidy_text(panel)))
charts.insurance_subsidy(panel.filter(panel["insurance_subsidy_wan"].is_not_null()))

# %%
findings.subsidy_rows(con)

# %% [markdown]
# ## Statements that the subsidy moved

# %%
display(Markdown(findings.shifts_text(findings.subsidy_shifts(con))))

# %% [markdown]
# ## Last year's figures stated in the text (derived)

# %%
display(Markdown(findings.derived_text(panel)))
