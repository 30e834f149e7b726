-- Layer 1: one view per contract table of schema.py (../shared/CONTRACT.md), same name and
-- columns, read from the Parquet that `budget extract` wrote. $table_name: one row per $row.
-- The path is relative to the project folder (the folder above the catalogue's own folder),
-- so the catalogue keeps working when the project folder moves. Tables of documents are
-- partitioned by budget year (year=2026/); hive_partitioning is off because the
-- partition column is not one of their columns (documents has budget_year in its rows).
CREATE OR REPLACE VIEW $table_name AS
SELECT * FROM read_parquet('$parquet/$table_name/**/*.parquet', union_by_name = true, hive_partitioning = false);
