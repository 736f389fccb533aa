"""GitLab's parse step, emulated: read a spooled CSV in 5M-row chunks with pandas, as read_sql_tmpfile does.

Prints the number of rows read. Only parsing is emulated: the per-cell enrichment and the gzip Parquet writing that
follow in GitLab's pipeline are not, so the time is a lower bound on GitLab's cost.
"""
import sys

import pandas as pd

CHUNK_ROWS = 5_000_000

rows = 0
with open(sys.argv[1], "rb") as spooled:
    for chunk in pd.read_csv(spooled, chunksize=CHUNK_ROWS, parse_dates=True, low_memory=False):
        rows += len(chunk)
print(rows)
