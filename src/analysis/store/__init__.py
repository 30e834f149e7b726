"""The contract's tables: one document's records, the schema, Parquet written atomically and incrementally, the executors that read documents in parallel."""
