"""Fetching real data from the providers: UN Comtrade, Eurostat Comext and CEPII BACI.

`http` is the HTTP client (retries, rate limits, resumable downloads, checksums); `plan` splits a
selection into requests under each provider's limits; `comtrade`, `comext` and `baci` fetch, write
files in the layouts the ingest reads, and ingest them in one snapshot (`run`). The command is
``corridor-atlas fetch comtrade|comext|baci`` (`dashboard.cli_fetch`).
"""
