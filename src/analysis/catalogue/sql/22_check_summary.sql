-- One row per document: how its reconciliation checks came out (checks and checks_not_run),
-- the data quality a figure of it carries into the panel.
-- n_ok: identities that hold
-- n_rounding: identities off by printed rounding only (within checks.allowance_wan)
-- n_mismatch: checks that do not hold, of every kind: contradictions in the document (or misreadings)
-- n_identity_mismatch: of those, identities of the standard tables (sums, hierarchies, cross-table totals); not the text, change, performance, staffing or disclosure checks
-- n_not_checked: checks whose inputs could not be read
-- reconciled: at least one identity of the standard tables ran and none is a mismatch
-- mismatch_ids: the distinct check_ids of its mismatches, comma-separated (see checks.detail)
-- mismatches_by_check: its mismatches counted by check_id, `check_id ×n` comma-separated, most first
-- n_tables_missing: standard tables the document does not print (disclosure_table_present mismatches)
-- tables_missing: their table_ids, comma-separated
CREATE OR REPLACE TABLE check_summary AS
WITH counted AS (
    SELECT doc_id,
           count(*) FILTER (WHERE status = 'ok') AS n_ok,
           count(*) FILTER (WHERE status = 'rounding') AS n_rounding,
           count(*) FILTER (WHERE status = 'mismatch') AS n_mismatch,
           count(*) FILTER (WHERE status = 'mismatch' AND identity) AS n_identity_mismatch,
           count(*) FILTER (WHERE status IN ('ok', 'rounding') AND identity) AS n_identity_held,
           string_agg(DISTINCT check_id, ',' ORDER BY check_id) FILTER (WHERE status = 'mismatch') AS mismatch_ids,
           count(*) FILTER (WHERE status = 'mismatch' AND check_id = 'disclosure_table_present') AS n_tables_missing,
           string_agg(DISTINCT table_id, ',' ORDER BY table_id)
               FILTER (WHERE status = 'mismatch' AND check_id = 'disclosure_table_present') AS tables_missing
    FROM (SELECT *, NOT regexp_matches(check_id, '^(disclosure|text_|change_|projects?_|indicator_|staffing)') AS identity
          FROM checks)
    GROUP BY doc_id
),
by_check AS (
    SELECT doc_id, string_agg(check_id || ' ×' || n, ', ' ORDER BY n DESC, check_id) AS mismatches_by_check
    FROM (SELECT doc_id, check_id, count(*) AS n FROM checks WHERE status = 'mismatch' GROUP BY ALL)
    GROUP BY doc_id
),
not_run AS (
    SELECT doc_id, count(*) AS n_not_checked FROM checks_not_run GROUP BY doc_id
)
SELECT d.doc_id, d.department_key, d.department_name, d.display_name, d.budget_year,
       d.department_category, d.place_province, d.place_prefecture, d.place_level, d.budget_kind, d.contents,
       coalesce(c.n_ok, 0) AS n_ok, coalesce(c.n_rounding, 0) AS n_rounding,
       coalesce(c.n_mismatch, 0) AS n_mismatch, coalesce(n.n_not_checked, 0) AS n_not_checked,
       coalesce(c.n_identity_mismatch, 0) AS n_identity_mismatch,
       coalesce(c.n_identity_mismatch, 0) = 0 AND coalesce(c.n_identity_held, 0) > 0 AS reconciled,
       c.mismatch_ids, b.mismatches_by_check,
       coalesce(c.n_tables_missing, 0) AS n_tables_missing, c.tables_missing,
       d.source_name, d.is_current
FROM document_departments d
LEFT JOIN counted c USING (doc_id)
LEFT JOIN by_check b USING (doc_id)
LEFT JOIN not_run n USING (doc_id)
ORDER BY d.department_key, d.budget_year, d.doc_id;
