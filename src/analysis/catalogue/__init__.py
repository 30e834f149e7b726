"""The DuckDB catalogue over the Parquet: views (one .sql file each), departments across years, read-only SQL, the data dictionary."""
