# %% [markdown]
# # 00 Overview: what is loaded
#
# Which departments and budget years does the catalogue hold, and can its figures be
# trusted: do the printed tables add up, and did every document extract?

# %%
from IPython.display import Markdown, display

from analysis.catalogue.database import connect
from analysis.report import charts, findings

charts.use_report_style()
con = connect()

# %% [markdown]
# ## Tables loaded

# %%
findings.loaded_tables(con)

# %% [markdown]
# ## Coverage by department × year

# %%
coverage = findings.coverage(con)
display(Markdown(findings.coverage_text(coverage)))
charts.coverage(coverage)

# %% [markdown]
# ## Data-quality checks
#
# Each document's reconciliation checks (parent = Σ children, 基本 + 项目 = 合计, text
# against tables …): `ok`, within `rounding`, `mismatch`, or `not_checked` when the
# inputs could not be read.

# %%
summary = findings.check_summary(con)
display(Markdown(findings.check_summary_text(summary)))
charts.check_statuses(findings.check_statuses(summary))

# %% [markdown]
# ## Documents that failed to extract

# %%
display(Markdown(findings.extract_errors_text(findings.extract_errors(con))))
