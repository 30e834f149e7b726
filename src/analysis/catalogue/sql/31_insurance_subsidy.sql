-- One row per functional row under 21012 财政对基本医疗保险基金的补助 (subsidy to the basic
-- medical insurance funds) or 21013 医疗救助 (medical assistance) of a document's 支出总表,
-- department level: where the resident-insurance subsidy sits each year.
-- is_current: the document is the version the panel uses for its department and year
-- display_name, department_category, place_province, place_prefecture, place_level: as in document_departments
CREATE OR REPLACE TABLE insurance_subsidy AS
SELECT d.department_key, d.department_name, d.display_name, d.department_category, d.place_province,
       d.place_prefecture, d.place_level, d.budget_year, f.doc_id, f.code, f.name, f.level,
       f.total_wan, f.basic_wan, f.project_wan, f.source_line, f.source_page, d.is_current
FROM functional_expenditure f
JOIN document_departments d USING (doc_id)
WHERE f.scope = 'department' AND (f.code LIKE '21012%' OR f.code LIKE '21013%')
ORDER BY d.department_key, d.budget_year, f.doc_id, f.source_line, f.source_page;
