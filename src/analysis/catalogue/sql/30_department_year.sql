-- Department-year panel: one row per department_key × budget_year × basis. basis 'printed' is
-- the year's own budget (the current version of the department's document for that year: its
-- standard tables, the explanatory text where the tables lack a figure); basis 'derived' is last
-- year's figure implied by the next year's document, where its text states last year's figure
-- or a change (last year = this year's figure as the text states it, else as the table prints
-- it, − the first stated change). All amounts 万元; NULL where the document gives no figure
-- (never 0).
-- basis: 'printed' (the year's own budget) or 'derived' (implied by the next year's text)
-- doc_id: the document the row's figures come from
-- display_name, department_category, place_province, place_prefecture, place_county, place_level, budget_kind: the department and its document as document_departments describes them
-- reconciled, n_mismatch, n_tables_missing: the data quality of the row's document (check_summary)
-- source_contents: what that document prints (documents.contents): 'explanation_only' rows have the text's figures alone
-- expenditure_total_wan: 支出总表 合计 (derived: 支出总计/收支 change)
-- basic_total_wan: 基本支出
-- project_total_wan: 项目支出
-- personnel_wan: 人员经费 (基本支出 economic table, else the text)
-- public_wan: 公用经费 (基本支出 economic table, else the text)
-- personnel_share: personnel / (personnel + public)
-- agency_operating_wan: 机关运行经费 as the text states it
-- three_public_wan: “三公”经费 total (the 三公 table, else the text)
-- insurance_subsidy_wan: functional code 21012 财政对基本医疗保险基金的补助 (the 款 row, else the sum of its 项 rows)
-- medical_assistance_wan: functional code 21013 医疗救助 (the 款 row, else the sum of its 项 rows)
-- staff_authorised: 编制数 as the text states it
-- staff_actual: 实有人数 as the text states it
-- personnel_source_line, personnel_source_page: where the 人员经费 figure of the tables is printed (NULL when it comes from the text)
CREATE OR REPLACE TABLE department_year AS
WITH current_document AS (
    SELECT dd.doc_id, dd.department_key, dd.department_name, dd.display_name, dd.department_category,
           dd.place_province, dd.place_prefecture, dd.place_county, dd.place_level, dd.budget_kind,
           dd.province, dd.budget_year, dd.contents, q.reconciled, q.n_mismatch, q.n_tables_missing
    FROM document_departments dd JOIN check_summary q USING (doc_id) WHERE dd.is_current
),
table_total AS (
    SELECT doc_id,
           arg_min(amount_wan, source_line) FILTER (WHERE item = 'expenditure_total') AS expenditure_total_wan,
           arg_min(amount_wan, source_line) FILTER (WHERE item = 'basic_total') AS basic_total_wan,
           arg_min(amount_wan, source_line) FILTER (WHERE item = 'project_total') AS project_total_wan,
           arg_min(amount_wan, source_line) FILTER (WHERE item = 'personnel_total') AS personnel_wan,
           arg_min(amount_wan, source_line) FILTER (WHERE item = 'public_total') AS public_wan,
           min(source_line) FILTER (WHERE item = 'personnel_total') AS personnel_source_line,
           arg_min(source_page, source_line) FILTER (WHERE item = 'personnel_total') AS personnel_source_page
    FROM totals
    WHERE scope = 'department'
      AND item IN ('expenditure_total', 'basic_total', 'project_total', 'personnel_total', 'public_total')
    GROUP BY doc_id
),
-- the text's own figures, its first stated change of each, and last year's figure where it prints one
text_figure AS (
    SELECT doc_id,
           arg_min(amount_wan, source_line) FILTER (WHERE fact = 'expenditure_total') AS expenditure_total_wan,
           arg_min(amount_wan, source_line) FILTER (WHERE fact = 'basic') AS basic_total_wan,
           arg_min(amount_wan, source_line) FILTER (WHERE fact = 'project') AS project_total_wan,
           arg_min(amount_wan, source_line) FILTER (WHERE fact = 'personnel') AS personnel_wan,
           arg_min(amount_wan, source_line) FILTER (WHERE fact = 'public') AS public_wan,
           arg_min(amount_wan, source_line) FILTER (WHERE fact = 'agency_operating') AS agency_operating_wan,
           arg_min(amount_wan, source_line) FILTER (WHERE fact = 'three_public_total') AS three_public_wan,
           arg_min(value, source_line) FILTER (WHERE fact = 'staff_authorized') AS staff_authorised,
           arg_min(value, source_line) FILTER (WHERE fact = 'staff_actual') AS staff_actual,
           arg_min(amount_wan, source_line) FILTER (WHERE fact = 'expenditure_change') AS expenditure_change_wan,
           arg_min(amount_wan, source_line) FILTER (WHERE fact = 'basic_change') AS basic_change_wan,
           arg_min(amount_wan, source_line) FILTER (WHERE fact = 'project_change') AS project_change_wan,
           arg_min(amount_wan, source_line) FILTER (WHERE fact = 'agency_operating_change') AS agency_operating_change_wan,
           arg_min(amount_wan, source_line) FILTER (WHERE fact = 'three_public_change') AS three_public_change_wan,
           arg_min(previous_wan, source_line) FILTER (WHERE fact = 'expenditure_change') AS expenditure_previous_wan,
           arg_min(previous_wan, source_line) FILTER (WHERE fact = 'basic_change') AS basic_previous_wan,
           arg_min(previous_wan, source_line) FILTER (WHERE fact = 'project_change') AS project_previous_wan,
           arg_min(previous_wan, source_line) FILTER (WHERE fact = 'agency_operating_change') AS agency_operating_previous_wan,
           arg_min(previous_wan, source_line) FILTER (WHERE fact = 'three_public_change') AS three_public_previous_wan
    FROM narrative_facts
    WHERE scope = 'department'
      AND fact IN ('expenditure_total', 'basic', 'project', 'personnel', 'public', 'agency_operating',
                   'three_public_total', 'staff_authorized', 'staff_actual', 'expenditure_change', 'basic_change',
                   'project_change', 'agency_operating_change', 'three_public_change')
    GROUP BY doc_id
),
three_public_table AS (
    SELECT doc_id, arg_min(amount_wan, source_line) AS three_public_wan
    FROM three_public WHERE scope = 'department' AND item = 'total'
    GROUP BY doc_id
),
subsidy AS (
    SELECT doc_id,
           coalesce(arg_min(total_wan, source_line) FILTER (WHERE code = '21012'),
                    sum(total_wan) FILTER (WHERE level = 3 AND code LIKE '21012%')) AS insurance_subsidy_wan,
           coalesce(arg_min(total_wan, source_line) FILTER (WHERE code = '21013'),
                    sum(total_wan) FILTER (WHERE level = 3 AND code LIKE '21013%')) AS medical_assistance_wan
    FROM functional_expenditure
    WHERE scope = 'department' AND (code LIKE '21012%' OR code LIKE '21013%')
    GROUP BY doc_id
),
printed AS (
    SELECT d.* EXCLUDE (contents), 'printed' AS basis, d.contents AS source_contents,
           coalesce(t.expenditure_total_wan, x.expenditure_total_wan) AS expenditure_total_wan,
           coalesce(t.basic_total_wan, x.basic_total_wan) AS basic_total_wan,
           coalesce(t.project_total_wan, x.project_total_wan) AS project_total_wan,
           coalesce(t.personnel_wan, x.personnel_wan) AS personnel_wan,
           coalesce(t.public_wan, x.public_wan) AS public_wan,
           x.agency_operating_wan,
           coalesce(p.three_public_wan, x.three_public_wan) AS three_public_wan,
           s.insurance_subsidy_wan, s.medical_assistance_wan,
           x.staff_authorised::INTEGER AS staff_authorised, x.staff_actual::INTEGER AS staff_actual,
           CASE WHEN t.personnel_wan IS NOT NULL THEN t.personnel_source_line END AS personnel_source_line,
           CASE WHEN t.personnel_wan IS NOT NULL THEN t.personnel_source_page END AS personnel_source_page
    FROM current_document d
    LEFT JOIN table_total t USING (doc_id)
    LEFT JOIN text_figure x USING (doc_id)
    LEFT JOIN three_public_table p USING (doc_id)
    LEFT JOIN subsidy s USING (doc_id)
),
derived AS (
    SELECT d.* EXCLUDE (contents, budget_year), d.budget_year - 1 AS budget_year,
           'derived' AS basis, d.contents AS source_contents,
           coalesce(x.expenditure_previous_wan, coalesce(x.expenditure_total_wan, t.expenditure_total_wan)
                                                - x.expenditure_change_wan) AS expenditure_total_wan,
           coalesce(x.basic_previous_wan, coalesce(x.basic_total_wan, t.basic_total_wan)
                                          - x.basic_change_wan) AS basic_total_wan,
           coalesce(x.project_previous_wan, coalesce(x.project_total_wan, t.project_total_wan)
                                            - x.project_change_wan) AS project_total_wan,
           NULL AS personnel_wan, NULL AS public_wan,
           coalesce(x.agency_operating_previous_wan, x.agency_operating_wan
                                                     - x.agency_operating_change_wan) AS agency_operating_wan,
           coalesce(x.three_public_previous_wan, coalesce(x.three_public_wan, p.three_public_wan)
                                                 - x.three_public_change_wan) AS three_public_wan,
           NULL AS insurance_subsidy_wan, NULL AS medical_assistance_wan,
           NULL AS staff_authorised, NULL AS staff_actual
    FROM current_document d
    JOIN text_figure x USING (doc_id)
    LEFT JOIN table_total t USING (doc_id)
    LEFT JOIN three_public_table p USING (doc_id)
),
panel AS (
    SELECT * FROM printed
    UNION ALL BY NAME
    SELECT * FROM derived
    WHERE coalesce(expenditure_total_wan, basic_total_wan, project_total_wan, agency_operating_wan,
                   three_public_wan) IS NOT NULL
)
SELECT department_key, department_name, display_name, department_category, place_province, place_prefecture,
       place_county, place_level, province, budget_year::INTEGER AS budget_year, basis, doc_id,
       source_contents, budget_kind, reconciled, n_mismatch, n_tables_missing,
       expenditure_total_wan::DECIMAL(18, 6) AS expenditure_total_wan,
       basic_total_wan::DECIMAL(18, 6) AS basic_total_wan,
       project_total_wan::DECIMAL(18, 6) AS project_total_wan,
       personnel_wan::DECIMAL(18, 6) AS personnel_wan,
       public_wan::DECIMAL(18, 6) AS public_wan,
       (personnel_wan / nullif(personnel_wan + public_wan, 0))::DOUBLE AS personnel_share,
       agency_operating_wan::DECIMAL(18, 6) AS agency_operating_wan,
       three_public_wan::DECIMAL(18, 6) AS three_public_wan,
       insurance_subsidy_wan::DECIMAL(18, 6) AS insurance_subsidy_wan,
       medical_assistance_wan::DECIMAL(18, 6) AS medical_assistance_wan,
       staff_authorised::INTEGER AS staff_authorised, staff_actual::INTEGER AS staff_actual,
       personnel_source_line::INTEGER AS personnel_source_line, personnel_source_page::INTEGER AS personnel_source_page
FROM panel
ORDER BY department_key, budget_year, basis;
