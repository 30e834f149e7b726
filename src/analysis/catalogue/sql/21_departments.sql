-- One row per department (department_key), over all its documents.
-- department_name: the longest name printed for it (the full name), the latest year's on a tie
-- name_variants: every name printed for it, joined by ' | '
CREATE OR REPLACE TABLE departments AS
SELECT department_key,
       arg_max(department_name, [length(department_name), budget_year]) AS department_name,
       arg_max(province, budget_year) AS province,
       count(*) AS n_documents,
       min(budget_year) AS first_year,
       max(budget_year) AS last_year,
       string_agg(DISTINCT department_name, ' | ' ORDER BY department_name) AS name_variants
FROM document_departments
GROUP BY department_key
ORDER BY department_key;
