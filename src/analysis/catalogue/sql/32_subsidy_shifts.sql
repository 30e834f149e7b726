-- One row per subsidy_shift statement of the explanatory text: the resident-insurance subsidy
-- is no longer in this department's budget, and where it went (text).
-- text: where the subsidy went, as the document names it
-- sentence: the sentence the statement was read from
-- display_name, department_category, place_province, place_prefecture, place_level: as in document_departments
CREATE OR REPLACE TABLE subsidy_shifts AS
SELECT d.department_key, d.department_name, d.display_name, d.department_category, d.place_province,
       d.place_prefecture, d.place_level, d.budget_year, n.doc_id, n.text, n.sentence,
       n.source_line, n.source_page, d.is_current
FROM narrative_facts n
JOIN document_departments d USING (doc_id)
WHERE n.fact = 'subsidy_shift'
ORDER BY d.department_key, d.budget_year, n.doc_id, n.source_line, n.source_page;
