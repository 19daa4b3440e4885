"""Pivot reports' reference figures, computed by pandas (pivot_table), for
crates/core/tests/pivot_reference.rs.

Writes pivot_orders.csv (one row per order, with its customer's region, owner and
whether the customer is in the trash) and pivot_reference.json: for each report, every
cell's sum, count and mean. Returned and cancelled orders and trashed customers' orders
are left out, an order's owner is its salesperson else its customer's owner: the rules
kehu states (crates/core/src/analytics/pivot.rs), applied here with pandas' own grouping.

    pip install pandas && python3 make_pivot_reference.py
"""
import json
import random
from datetime import date, timedelta

import pandas as pd

random.seed(20261204)
REGIONS = ["华东", "华南", "华北", "西南", ""]
OWNERS = ["s1", "s2", "s3", ""]
STATUSES = ["completed"] * 6 + ["open", "paid", "shipped", "returned", "cancelled"]

customers = []
for k in range(60):
    customers.append({
        "key": k,
        "id": f"c{k:03}",
        "region": random.choice(REGIONS),
        "owner": random.choice(OWNERS),
        "trashed": random.random() < 0.08,
    })

rows = []
start = date(2025, 1, 1)
for i in range(1, 801):
    c = random.choice(customers)
    day = start + timedelta(days=random.randrange(700))
    rows.append({
        "order": i,
        "customer": c["key"],
        "customer_id": c["id"],
        "region": c["region"],
        "customer_owner": c["owner"],
        "trashed": int(c["trashed"]),
        "day": day.isoformat(),
        "cents": random.randrange(-2_000, 500_000),
        "seller": random.choice(["", "", "s2", "s4"]),
        "status": random.choice(STATUSES),
    })
orders = pd.DataFrame(rows)
orders.to_csv("pivot_orders.csv", index=False)

df = orders[(orders.trashed == 0) & ~orders.status.isin(["returned", "cancelled"])].copy()
df["owner"] = df.seller.where(df.seller != "", df.customer_owner)
days = pd.to_datetime(df.day)
df["month"] = days.dt.strftime("%Y-%m")
df["quarter"] = days.dt.year.astype(str) + " Q" + days.dt.quarter.astype(str)
df["year"] = days.dt.year.astype(str)
df["customer_id"] = df.customer_id

REPORTS = [
    ("month", None),
    ("region", None),
    ("owner", None),
    ("customer_id", None),
    ("month", "region"),
    ("owner", "quarter"),
    ("status", "year"),
]

out = []
for rows_by, cols_by in REPORTS:
    keys = [rows_by] + ([cols_by] if cols_by else [])
    g = df.groupby(keys, dropna=False).cents.agg(["sum", "count", "mean"]).reset_index()
    cells = [
        {
            "row": str(r[rows_by]),
            "col": str(r[cols_by]) if cols_by else "",
            "sum": int(r["sum"]),
            "count": int(r["count"]),
            "mean": float(r["mean"]),
        }
        for _, r in g.iterrows()
    ]
    out.append({"rows": rows_by, "cols": cols_by or "", "cells": cells,
                "total": int(df.cents.sum()), "count": int(len(df))})

with open("pivot_reference.json", "w", encoding="utf-8") as f:
    json.dump(out, f, ensure_ascii=False, indent=1)
print(f"{len(df)} counted orders of {len(orders)}; {len(out)} reports")
