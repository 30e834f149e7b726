# %% [markdown]
# # 00 Overview: what is loaded
#
# Which departments, places and budget years does the catalogue hold, and can its figures
# be trusted: do the printed tables add up, and did every document extract?

# %%
from IPython.display import HTML, Markdown, display

from analysis.catalogue.database import connect
from analysis.report import charts, findings, tables

charts.use_report_style()
con = connect()
docs = findings.documents(con)
display(Markdown(findings.overview_text(docs, findings.n_departments(con))))

# %% [markdown]
# ## Coverage by department type × year

# %%
display(Markdown(findings.coverage_text(docs, "department_category", "department types")))
charts.heatmap(findings.coverage_by(docs, "department_category"), "department_category", "n_department_years",
               "部门类型 × 年度：部门数")

# %% [markdown]
# ## Coverage by place × year

# %%
display(Markdown(findings.coverage_text(docs, "place", "places")))
charts.heatmap(findings.coverage_by(docs, "place"), "place", "n_department_years", "地区 × 年度：部门数")

# %% [markdown]
# ## Data quality
#
# A document reconciles when every check that could run holds (parent = Σ children,
# 基本 + 项目 = 合计, text against tables …), exactly or within rounding.

# %%
errors = findings.extract_errors(con)
display(Markdown(findings.quality_text(docs, errors)))
charts.bars(findings.reconciled_by(docs, "place"), "place", "share_reconciled", "各地区标准表核对全部通过的文件占比",
            percent=True)

# %%
charts.bars(findings.mismatches_by_check(con), "check_id", "n_documents_mismatching", "不符项最多的核对项（文件数）")

# %%
display(HTML(tables.top_rows(findings.least_reconciled(docs), {
    "display_name": "department", "year": "year", "n_mismatch": "mismatches",
    "mismatches_by_check": "by check", "tables_missing": "tables missing", "source_name": "file"},
    "Documents with the most mismatches")))
display(HTML(tables.top_rows(errors, {"n_files": "files", "error": "reason", "example": "e.g."},
                             "Files that failed to extract, by reason")))
