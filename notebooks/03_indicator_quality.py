# %% [markdown]
# # 03 How measurable are the performance targets
#
# What share of the performance indicators (绩效指标) state a measurable target, by
# department type and place; how often targets are vague or placeholders, cost indicators
# disagree with the budget, or a project lacks a category; which vague phrasings recur; and
# the worst examples, quoted as printed with document and line.

# %%
from IPython.display import HTML, Markdown, display

from analysis.catalogue.database import connect
from analysis.report import charts, findings, tables

charts.use_report_style()
con = connect()
quality = findings.indicator_quality(con)
measured = quality.filter(quality["n_indicators"] > 0)
display(Markdown(findings.indicator_quality_text(quality)))

# %% [markdown]
# ## Share of quantified targets, by department type and by place

# %%
def distribution(group, title):
    stats = findings.quartiles(measured, group, "share_quantitative")
    if stats.is_empty():
        return Markdown("No project indicators: no chart.")
    return charts.distribution(stats, findings.extremes(measured, group, "share_quantitative", stats), group,
                               "share_quantitative", title, percent=True)


distribution("department_category", "可量化指标占比（按部门类型）")

# %%
distribution("place", "可量化指标占比（按地区）")

# %% [markdown]
# ## Vague, placeholder and inconsistent targets, missing categories

# %%
shares = findings.flag_shares(quality, "department_category")
(charts.heatmap(shares, "department_category", "share_flagged", "指标问题占比（按部门类型）", column="flag",
                percent=True) if not shares.is_empty() else Markdown("No project indicators: no chart."))

# %% [markdown]
# ## The most frequent vague phrasings

# %%
vague = findings.vague_phrasings(con)
if vague.is_empty():
    display(Markdown("No target uses a vague word."))
else:
    display(charts.bars(vague, "vague_word", "n_indicators", "最常见的含糊用语（指标数）"))
    display(HTML(tables.top_rows(vague, {"vague_word": "word", "n_indicators": "indicators",
                                         "example": "first example, as printed"}, "Examples", 10)))

# %% [markdown]
# ## The worst examples, as printed

# %%
display(Markdown(findings.worst_indicators_text(findings.worst_indicators(con))))
