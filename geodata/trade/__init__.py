"""The trade data: the canonical schema, the source-format readers (`formats`), ingest into the
Parquet store and its snapshots, the synthetic demo dataset, and the DuckDB queries views run on it.
"""
