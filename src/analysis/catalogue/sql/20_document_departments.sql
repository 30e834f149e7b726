-- One row per document: the department it belongs to, and the dimensions a researcher groups
-- by. department_key links the same department across years and name variants (division
-- adcode + normalised department type, analysis/catalogue/departments.py); printed department
-- codes are local and never used alone.
-- department_key: `<adcode>-<department type>`; `unplaced-<province>-<name>` when no division is named, `unnamed-<doc_id>` when no department is
-- display_name: the name to show: the printed department_name, or `unnamed (file …)` where that is not a plausible department name (digits, numbering, a label such as 部门名称：); such a document is keyed by its file name
-- name_is_plausible: the printed department_name reads as a department's name
-- department_category: the department type of the documented list (data/departments.toml `[[types]]`: 医疗保障局, 财政局, 公安局, 教育局 …), 其他 when none fits
-- place_province: the province (省级, or municipality such as 重庆市) of the division, else the document's province_zh
-- place_prefecture: the prefecture-level city (地级) the division is or lies in; NULL for a province's own departments
-- place_county: the county or district (县级); NULL above that level
-- place_level: 省, 市 or 县: the level of the department's division; NULL when no division is named
-- budget_kind: 'department' (部门预算, the department and its units) or 'unit' (单位预算, one unit); NULL when the document names neither
-- contents: what the document prints: standard_tables, explanation_only, performance_only
-- is_current: the version the panel uses where one department and year have several documents (the one with more standard tables found, then the later file name)
-- n_versions: documents of this department and budget year
CREATE OR REPLACE TABLE document_departments AS
SELECT d.doc_id, k.department_key, d.department_name, k.display_name, k.name_is_plausible, d.budget_year,
       d.source_file, d.source_name, d.department_code, d.province, d.province_zh,
       k.division_code, k.division_name, k.department_type, k.department_category, k.division_ambiguous,
       k.place_province, k.place_prefecture, k.place_county, k.place_level, d.budget_kind, d.contents,
       row_number() OVER (
           PARTITION BY k.department_key, d.budget_year
           ORDER BY d.standard_tables DESC NULLS LAST, d.source_name DESC, d.doc_id
       ) = 1 AS is_current,
       count(*) OVER (PARTITION BY k.department_key, d.budget_year) AS n_versions
FROM documents d
LEFT JOIN department_keys k USING (doc_id)
ORDER BY k.department_key, d.budget_year, d.doc_id;
