-- One row per department_key × budget_year (the current version of its document): the
-- indicator quality of all its project performance tables together, and of its 整体
-- (department-wide) performance table.
-- share_quantitative: n_quantitative / n_indicators over all its projects
-- n_overall_indicators: indicators of the 整体支出绩效目标表 (department-wide goals)
-- n_overall_quantitative: of these, the ones whose target states a number
-- display_name, department_category, place_province, place_prefecture, place_level: as in document_departments
-- n_missing_categories: its projects lacking one of 成本, 产出, 效益, 满意度 (indicator_quality_project.missing_categories)
CREATE OR REPLACE TABLE indicator_quality_department AS
WITH projects_of_year AS (
    SELECT department_key, department_name, budget_year, doc_id,
           count(*) AS n_projects,
           sum(n_indicators) AS n_indicators,
           sum(n_quantitative) AS n_quantitative,
           sum(n_vague) AS n_vague,
           sum(n_placeholder) AS n_placeholder,
           sum(n_cost_inconsistent) AS n_cost_inconsistent,
           count(*) FILTER (WHERE missing_categories IS NOT NULL AND missing_categories <> '') AS n_missing_categories
    FROM indicator_quality_project WHERE is_current
    GROUP BY ALL
),
overall AS (
    SELECT doc_id, count(*) AS n_overall_indicators,
           count(*) FILTER (WHERE is_quantitative) AS n_overall_quantitative
    FROM indicators WHERE scope = 'department'
    GROUP BY doc_id
)
SELECT d.department_key, d.department_name, d.display_name, d.department_category, d.place_province,
       d.place_prefecture, d.place_level, d.budget_year, d.doc_id,
       coalesce(p.n_projects, 0) AS n_projects,
       coalesce(p.n_indicators, 0)::BIGINT AS n_indicators,
       coalesce(p.n_quantitative, 0)::BIGINT AS n_quantitative,
       (p.n_quantitative / nullif(p.n_indicators, 0))::DOUBLE AS share_quantitative,
       coalesce(p.n_vague, 0)::BIGINT AS n_vague,
       coalesce(p.n_placeholder, 0)::BIGINT AS n_placeholder,
       coalesce(p.n_cost_inconsistent, 0)::BIGINT AS n_cost_inconsistent,
       coalesce(p.n_missing_categories, 0)::BIGINT AS n_missing_categories,
       coalesce(o.n_overall_indicators, 0) AS n_overall_indicators,
       coalesce(o.n_overall_quantitative, 0) AS n_overall_quantitative
FROM document_departments d
LEFT JOIN projects_of_year p USING (doc_id)
LEFT JOIN overall o USING (doc_id)
WHERE d.is_current
ORDER BY d.department_key, d.budget_year;
