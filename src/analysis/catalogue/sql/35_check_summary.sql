-- One row per document: how its reconciliation checks came out (checks and checks_not_run).
-- n_ok: identities that hold
-- n_rounding: identities off by rounding only (≤ 0.01 万元 per summed part)
-- n_mismatch: identities that do not hold: contradictions in the document (or misreadings)
-- n_not_checked: checks whose inputs could not be read
-- mismatch_ids: the distinct check_ids of its mismatches, comma-separated (see checks.detail)
CREATE OR REPLACE TABLE check_summary AS
WITH counted AS (
    SELECT doc_id,
           count(*) FILTER (WHERE status = 'ok') AS n_ok,
           count(*) FILTER (WHERE status = 'rounding') AS n_rounding,
           count(*) FILTER (WHERE status = 'mismatch') AS n_mismatch,
           string_agg(DISTINCT check_id, ',' ORDER BY check_id) FILTER (WHERE status = 'mismatch') AS mismatch_ids
    FROM checks
    GROUP BY doc_id
),
not_run AS (
    SELECT doc_id, count(*) AS n_not_checked FROM checks_not_run GROUP BY doc_id
)
SELECT d.doc_id, d.department_key, d.department_name, d.budget_year,
       coalesce(c.n_ok, 0) AS n_ok, coalesce(c.n_rounding, 0) AS n_rounding,
       coalesce(c.n_mismatch, 0) AS n_mismatch, coalesce(n.n_not_checked, 0) AS n_not_checked,
       c.mismatch_ids, d.source_name, d.is_current
FROM document_departments d
LEFT JOIN counted c USING (doc_id)
LEFT JOIN not_run n USING (doc_id)
ORDER BY d.department_key, d.budget_year, d.doc_id;
