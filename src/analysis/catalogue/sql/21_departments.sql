-- One row per department (department_key), over all its documents.
-- department_name: the longest plausible name printed for it (the full name), the latest year's on a tie; `unnamed (file …)` when none is plausible
-- name_variants: every plausible name printed for it, joined by ' | '
CREATE OR REPLACE TABLE departments AS
SELECT department_key,
       arg_max(display_name, [name_is_plausible::INTEGER, length(display_name), budget_year]) AS department_name,
       arg_max(province, budget_year) AS province,
       any_value(department_category) AS department_category,
       any_value(place_province) AS place_province,
       any_value(place_prefecture) AS place_prefecture,
       any_value(place_county) AS place_county,
       any_value(place_level) AS place_level,
       count(*) AS n_documents,
       min(budget_year) AS first_year,
       max(budget_year) AS last_year,
       string_agg(DISTINCT department_name, ' | ' ORDER BY department_name) FILTER (WHERE name_is_plausible)
           AS name_variants
FROM document_departments
GROUP BY department_key
ORDER BY department_key;
