-- One row per document: the department it belongs to. department_key links the same
-- department across years and name variants (division adcode + normalised department type,
-- analysis/departments.py); printed department codes are local and never used alone.
-- department_key: `<adcode>-<department type>`; `unplaced-<province>-<name>` when no division is named, `unnamed-<doc_id>` when no department is
-- is_current: the version the panel uses where one department and year have several documents (the one with more standard tables found, then the later file name)
-- n_versions: documents of this department and budget year
CREATE OR REPLACE TABLE document_departments AS
SELECT d.doc_id, k.department_key, d.department_name, d.budget_year, d.source_file,
       d.source_name, d.department_code, d.province, d.province_zh,
       k.division_code, k.division_name, k.department_type, k.division_ambiguous,
       row_number() OVER (
           PARTITION BY k.department_key, d.budget_year
           ORDER BY d.standard_tables DESC NULLS LAST, d.source_name DESC, d.doc_id
       ) = 1 AS is_current,
       count(*) OVER (PARTITION BY k.department_key, d.budget_year) AS n_versions
FROM documents d
LEFT JOIN department_keys k USING (doc_id)
ORDER BY k.department_key, d.budget_year, d.doc_id;
