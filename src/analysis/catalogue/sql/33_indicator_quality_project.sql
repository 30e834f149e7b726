-- One row per project (department-level project performance-goal table, 项目绩效目标表): how
-- measurable its indicators are (rules in docs/DATA_DICTIONARY.md, 财预〔2021〕101号).
-- n_indicators: indicator rows with a 三级指标
-- n_quantitative: indicators whose target states a number
-- share_quantitative: n_quantitative / n_indicators
-- n_vague: non-quantitative targets using a vague word (有效, 提高 …)
-- n_placeholder: placeholder targets or names (不涉及, 无, /)
-- n_cost_inconsistent: 成本 indicators in 元/万元 that disagree with the project budget
-- quality_flags: the distinct flags of its indicators, comma-separated
-- missing_categories: of 成本, 产出, 效益, 满意度, the categories without any indicator
-- display_name, department_category, place_province, place_prefecture, place_level: as in document_departments
CREATE OR REPLACE TABLE indicator_quality_project AS
WITH per_project AS (
    SELECT doc_id, project_no,
           count(*) AS n_indicators,
           count(*) FILTER (WHERE is_quantitative) AS n_quantitative,
           count(vague_word) AS n_vague,
           count(*) FILTER (WHERE is_placeholder) AS n_placeholder,
           count(*) FILTER (WHERE cost_inconsistent) AS n_cost_inconsistent
    FROM indicators WHERE scope = 'project'
    GROUP BY doc_id, project_no
),
flags AS (
    SELECT doc_id, project_no, string_agg(DISTINCT flag, ',' ORDER BY flag) AS quality_flags
    FROM (SELECT doc_id, project_no, unnest(string_split(quality_flags, ',')) AS flag
          FROM indicators WHERE scope = 'project')
    GROUP BY doc_id, project_no
)
SELECT d.department_key, d.department_name, d.display_name, d.department_category, d.place_province,
       d.place_prefecture, d.place_level, d.budget_year, p.doc_id, p.project_no, p.project_name,
       p.budget_wan,
       coalesce(i.n_indicators, 0) AS n_indicators,
       coalesce(i.n_quantitative, 0) AS n_quantitative,
       (i.n_quantitative / i.n_indicators)::DOUBLE AS share_quantitative,
       coalesce(i.n_vague, 0) AS n_vague,
       coalesce(i.n_placeholder, 0) AS n_placeholder,
       coalesce(i.n_cost_inconsistent, 0) AS n_cost_inconsistent,
       f.quality_flags, p.missing_categories, p.source_line, p.source_page, d.is_current
FROM projects p
JOIN document_departments d USING (doc_id)
LEFT JOIN per_project i USING (doc_id, project_no)
LEFT JOIN flags f USING (doc_id, project_no)
ORDER BY d.department_key, d.budget_year, p.doc_id, p.project_no;
