# %% [markdown]
# # 03 How measurable are the performance targets
#
# What share of the performance indicators (绩效指标) state a measurable target, how
# many use vague words or placeholders, and which cost indicators disagree with the
# project's budget? The worst examples are quoted as printed, with document and line.

# %%
from IPython.display import Markdown, display

from analysis.catalogue.database import connect
from analysis.report import charts, findings

charts.use_report_style()
con = connect()
quality = findings.indicator_quality_department(con)

# %% [markdown]
# ## Share of quantitative targets

# %%
display(Markdown(findings.indicator_quality_text(quality)))
charts.quantitative_share(quality)

# %% [markdown]
# ## Vague words, placeholders, inconsistent cost indicators

# %%
charts.indicator_flags(findings.indicator_flags_long(quality))

# %% [markdown]
# ## Projects, least measurable first

# %%
findings.indicator_quality_project(con).select(
    "department_name", "budget_year", "project_name", "budget_wan", "n_indicators", "share_quantitative",
    "n_vague", "n_placeholder", "n_cost_inconsistent", "quality_flags")

# %% [markdown]
# ## The worst examples, as printed

# %%
display(Markdown(findings.worst_indicators_text(findings.worst_indicators(con))))
