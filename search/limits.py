"""Limits of one query and one batch (kept free of imports so the CLI's --help can show them cheaply)."""

MAX_QUERY_CHARS = 1000  # a longer query is cut (ask) or reported as a bad line (lookup)
MAX_K = 100  # most hits one query returns
MAX_BATCH_QUERIES = 10_000  # queries in one lookup file; split larger batches
MAX_FILE_BYTES = 50 * 1024 * 1024  # largest query file lookup reads
