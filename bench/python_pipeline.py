"""The Python stack doing what `kehu analyze` does, for speed comparisons.

    pip install pandas lifetimes scikit-learn
    python3 bench/python_pipeline.py orders.csv

Reads an orders CSV (customer_id, order_date, amount) and times, step by step:
pandas read + RFM with qcut; lifetimes summary + BG/NBD + Gamma-Gamma; scikit-learn
KMeans k=5 on standardised log RFM. Prints one JSON line of timings (seconds) and the
fitted parameters. Run by `cargo xtask bench`, never by CI.
"""
import json
import sys
import time

import numpy as np
import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.utils import summary_data_from_transaction_data
from sklearn.cluster import KMeans
from sklearn.preprocessing import StandardScaler

path = sys.argv[1]
t = {}
t0 = time.perf_counter()
df = pd.read_csv(path, parse_dates=["order_date"])
as_of = df["order_date"].max()
g = df.groupby("customer_id")
rfm = pd.DataFrame({
    "recency": (as_of - g["order_date"].max()).dt.days,
    "frequency": g.size(),
    "monetary": g["amount"].sum(),
})
rfm["r"] = 6 - pd.qcut(rfm["recency"].rank(method="first"), 5, labels=False) - 1
rfm["f"] = pd.qcut(rfm["frequency"].rank(method="first"), 5, labels=False) + 1
rfm["m"] = pd.qcut(rfm["monetary"].rank(method="first"), 5, labels=False) + 1
t["read_and_rfm"] = time.perf_counter() - t0

t1 = time.perf_counter()
s = summary_data_from_transaction_data(df, "customer_id", "order_date", "amount", observation_period_end=as_of)
bgf = BetaGeoFitter().fit(s["frequency"], s["recency"], s["T"])
rep = s[(s["frequency"] > 0) & (s["monetary_value"] > 0)]
ggf = GammaGammaFitter().fit(rep["frequency"], rep["monetary_value"])
s["p_alive"] = bgf.conditional_probability_alive(s["frequency"], s["recency"], s["T"])
s["expected_90"] = bgf.conditional_expected_number_of_purchases_up_to_time(90, s["frequency"], s["recency"], s["T"])
s["clv_12"] = ggf.customer_lifetime_value(bgf, s["frequency"], s["recency"], s["T"], s["monetary_value"], time=12, discount_rate=0.01, freq="D")
t["lifetimes"] = time.perf_counter() - t1

t2 = time.perf_counter()
x = StandardScaler().fit_transform(np.log1p(rfm[["recency", "frequency", "monetary"]].to_numpy(dtype=float)))
km = KMeans(n_clusters=5, n_init=1, random_state=42).fit(x)
t["kmeans"] = time.perf_counter() - t2
t["total"] = time.perf_counter() - t0

print(json.dumps({
    "seconds": t,
    "customers": int(len(rfm)),
    "orders": int(len(df)),
    "bgnbd": {k: float(v) for k, v in bgf.params_.items()},
    "gamma_gamma": {k: float(v) for k, v in ggf.params_.items()},
}))
