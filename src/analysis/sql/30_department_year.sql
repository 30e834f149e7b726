-- Department-year panel: one row per department_key × budget_year × basis. basis 'printed' is
-- the year's own budget (the current version of the department's document for that year: its
-- standard tables, the explanatory text where the tables lack a figure); basis 'derived' is last
-- year's figure implied by the next year's document, where its text states last year's figure
-- or a change (last year = this year − the stated change). All amounts 万元; NULL where the
-- document gives no figure (never 0).
-- basis: 'printed' (the year's own budget) or 'derived' (implied by the next year's text)
-- doc_id: the document the row's figures come from
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
CREATE OR REPLACE VIEW department_year AS
WITH current_document AS (
    SELECT * FROM document_departments WHERE is_current
),
table_total AS (
    SELECT doc_id,
           arg_min(amount_wan, source_line) FILTER (WHERE item = 'expenditure_total') AS expenditure_total_wan,
           arg_min(amount_wan, source_line) FILTER (WHERE item = 'basic_total') AS basic_total_wan,
           arg_min(amount_wan, source_line) FILTER (WHERE item = 'project_total') AS project_total_wan,
           arg_min(amount_wan, source_line) FILTER (WHERE item = 'personnel_total') AS personnel_wan,
           arg_min(amount_wan, source_line) FILTER (WHERE item = 'public_total') AS public_wan
    FROM totals WHERE scope = 'department'
    GROUP BY doc_id
),
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
           arg_min(value, source_line) FILTER (WHERE fact = 'staff_actual') AS staff_actual
    FROM narrative_facts WHERE scope = 'department'
    GROUP BY doc_id
),
three_public_table AS (
    SELECT doc_id, arg_min(amount_wan, source_line) FILTER (WHERE item = 'total') AS three_public_wan
    FROM three_public WHERE scope = 'department'
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
    SELECT d.department_key, d.department_name, d.province, d.budget_year, 'printed' AS basis, d.doc_id,
           coalesce(t.expenditure_total_wan, x.expenditure_total_wan) AS expenditure_total_wan,
           coalesce(t.basic_total_wan, x.basic_total_wan) AS basic_total_wan,
           coalesce(t.project_total_wan, x.project_total_wan) AS project_total_wan,
           coalesce(t.personnel_wan, x.personnel_wan) AS personnel_wan,
           coalesce(t.public_wan, x.public_wan) AS public_wan,
           x.agency_operating_wan,
           coalesce(p.three_public_wan, x.three_public_wan) AS three_public_wan,
           s.insurance_subsidy_wan, s.medical_assistance_wan,
           x.staff_authorised::INTEGER AS staff_authorised, x.staff_actual::INTEGER AS staff_actual
    FROM current_document d
    LEFT JOIN table_total t USING (doc_id)
    LEFT JOIN text_figure x USING (doc_id)
    LEFT JOIN three_public_table p USING (doc_id)
    LEFT JOIN subsidy s USING (doc_id)
),
-- which stated change is about which figure of the panel (fact names of narrative_facts)
change_subject(change_fact, figure_fact) AS (
    VALUES ('expenditure_change', 'expenditure_total'), ('basic_change', 'basic'),
           ('project_change', 'project'), ('agency_operating_change', 'agency_operating'),
           ('three_public_change', 'three_public_total')
),
first_change AS (
    SELECT n.doc_id, c.figure_fact, n.amount_wan AS change_wan, n.previous_wan, n.source_line
    FROM narrative_facts n JOIN change_subject c ON n.fact = c.change_fact
    JOIN current_document USING (doc_id)
    WHERE n.scope = 'department' AND (n.amount_wan IS NOT NULL OR n.previous_wan IS NOT NULL)
    QUALIFY row_number() OVER (PARTITION BY n.doc_id, c.figure_fact ORDER BY n.source_line) = 1
),
-- this year's figure the change is measured from: the text's own figure nearest the change
stated_current AS (
    SELECT c.doc_id, c.figure_fact, n.amount_wan
    FROM first_change c
    JOIN narrative_facts n ON n.doc_id = c.doc_id AND n.fact = c.figure_fact AND n.scope = 'department'
    WHERE n.amount_wan IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY c.doc_id, c.figure_fact
                               ORDER BY abs(n.source_line - c.source_line), n.source_line) = 1
),
previous_figure AS (
    SELECT c.doc_id, c.figure_fact,
           coalesce(c.previous_wan,
                    coalesce(s.amount_wan, CASE c.figure_fact
                        WHEN 'expenditure_total' THEN p.expenditure_total_wan
                        WHEN 'basic' THEN p.basic_total_wan
                        WHEN 'project' THEN p.project_total_wan
                        WHEN 'agency_operating' THEN p.agency_operating_wan
                        WHEN 'three_public_total' THEN p.three_public_wan END) - c.change_wan
           )::DECIMAL(18, 6) AS amount_wan
    FROM first_change c
    LEFT JOIN stated_current s USING (doc_id, figure_fact)
    JOIN printed p USING (doc_id)
),
derived AS (
    SELECT p.department_key, p.department_name, p.province, p.budget_year - 1 AS budget_year,
           'derived' AS basis, p.doc_id,
           max(f.amount_wan) FILTER (WHERE f.figure_fact = 'expenditure_total') AS expenditure_total_wan,
           max(f.amount_wan) FILTER (WHERE f.figure_fact = 'basic') AS basic_total_wan,
           max(f.amount_wan) FILTER (WHERE f.figure_fact = 'project') AS project_total_wan,
           NULL::DECIMAL(18, 6) AS personnel_wan, NULL::DECIMAL(18, 6) AS public_wan,
           max(f.amount_wan) FILTER (WHERE f.figure_fact = 'agency_operating') AS agency_operating_wan,
           max(f.amount_wan) FILTER (WHERE f.figure_fact = 'three_public_total') AS three_public_wan,
           NULL::DECIMAL(18, 6) AS insurance_subsidy_wan, NULL::DECIMAL(18, 6) AS medical_assistance_wan,
           NULL::INTEGER AS staff_authorised, NULL::INTEGER AS staff_actual
    FROM previous_figure f JOIN printed p USING (doc_id)
    WHERE f.amount_wan IS NOT NULL
    GROUP BY ALL
),
panel AS (
    SELECT * FROM printed
    UNION ALL BY NAME
    SELECT * FROM derived
)
SELECT department_key, department_name, province, budget_year::INTEGER AS budget_year, basis, doc_id,
       expenditure_total_wan, basic_total_wan, project_total_wan, personnel_wan, public_wan,
       (personnel_wan / nullif(personnel_wan + public_wan, 0))::DOUBLE AS personnel_share,
       agency_operating_wan, three_public_wan, insurance_subsidy_wan, medical_assistance_wan,
       staff_authorised, staff_actual
FROM panel
ORDER BY department_key, budget_year, basis;
