"""Checks `kehu analyze` field by field against the Python stack on the same orders.

    python3 bench/cross_check.py orders.csv results.csv summary.json

`results.csv` and `summary.json` come from
`kehu analyze --orders orders.csv --out results.csv --summary summary.json`. Run by
`cargo xtask bench`, never by CI (it needs pandas, lifetimes and scikit-learn).

Checks, each printed with its worst difference; exit status 1 if any fails:
- RFM (DOMAIN.md §5): recency, frequency and monetary, and the r/f/m quintile scores by
  pandas `qcut(x.rank(method="first"), 5)` with rows in id order, identical; the R×F
  segment, identical.
- k-means: scikit-learn's Lloyd (`KMeans(init=<kehu's initial centres>, n_init=1,
  tol=0)`) on pandas' own standardised log(1+R, F, M): identical labels, inertia within
  1e-6 relative.
- BG/NBD and Gamma-Gamma: `lifetimes` fitted on its own summary of the orders; the
  parameters are reported beside kehu's. Then, with kehu's parameters loaded into the
  `lifetimes` fitters, P(alive) and expected purchases in 90 days agree to the 6 decimals
  printed, and 12-month CLV to the cent (plus 1e-6 relative).
"""
import json
import sys

import numpy as np
import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.utils import summary_data_from_transaction_data
from sklearn.cluster import KMeans
from sklearn.preprocessing import StandardScaler

orders_path, results_path, summary_path = sys.argv[1:4]
summary = json.load(open(summary_path))
orders = pd.read_csv(orders_path, dtype={"customer_id": str}, parse_dates=["order_date"])
# Amounts as whole cents, as kehu keeps them: float sums would break ties differently.
orders["cents"] = (orders["amount"] * 100).round().astype("int64")
as_of = pd.Timestamp(summary["as_of"])
orders = orders[orders["order_date"] <= as_of]
kehu = pd.read_csv(results_path, dtype={"customer_id": str}).set_index("customer_id")
kehu = kehu[kehu["frequency"].notna()]

failures = []


def check(name, ok, detail):
    print(f"{'ok  ' if ok else 'FAIL'} {name}: {detail}")
    if not ok:
        failures.append(name)


# RFM. groupby sorts ids as strings: DOMAIN.md's id order for non-numeric ids.
g = orders.groupby("customer_id")
rfm = pd.DataFrame({
    "recency_days": (as_of - g["order_date"].max()).dt.days,
    "frequency": g.size(),
    "monetary_cents": g["cents"].sum(),
})
rfm["r_score"] = 5 - pd.qcut(rfm["recency_days"].rank(method="first"), 5, labels=False)
rfm["f_score"] = pd.qcut(rfm["frequency"].rank(method="first"), 5, labels=False) + 1
rfm["m_score"] = pd.qcut(rfm["monetary_cents"].rank(method="first"), 5, labels=False) + 1
# DOMAIN.md §5: rows R 5→1, columns F 1→5.
TABLE = [
    ["new_customers", "potential_loyalists", "potential_loyalists", "champions", "champions"],
    ["promising", "potential_loyalists", "potential_loyalists", "loyal_customers", "loyal_customers"],
    ["about_to_sleep", "about_to_sleep", "need_attention", "loyal_customers", "loyal_customers"],
    ["hibernating", "hibernating", "at_risk", "at_risk", "cant_lose_them"],
    ["hibernating", "hibernating", "at_risk", "at_risk", "cant_lose_them"],
]
rfm["segment"] = [TABLE[5 - r][f - 1] for r, f in zip(rfm["r_score"], rfm["f_score"])]
check("customers", set(rfm.index) == set(kehu.index), f"{len(rfm)} in pandas, {len(kehu)} in kehu")
k = kehu.loc[rfm.index]
k_cents = (k["monetary_total"] * 100).round().astype("int64")
check("monetary", (k_cents == rfm["monetary_cents"]).all(), "sums in cents")
for col in ["recency_days", "frequency", "r_score", "f_score", "m_score", "segment"]:
    differ = int((k[col].astype(rfm[col].dtype) != rfm[col]).sum())
    check(col, differ == 0, f"{differ} customers differ")

# k-means from kehu's initial centres.
km_summary = summary["kmeans"]
x = np.log1p(np.column_stack([
    rfm["recency_days"].to_numpy(float),
    rfm["frequency"].to_numpy(float),
    rfm["monetary_cents"].to_numpy(float) / 100.0,
]))
x = StandardScaler().fit_transform(x)
init = np.array(km_summary["initial_centres"])
km = KMeans(n_clusters=len(init), init=init, n_init=1, tol=0.0, max_iter=300, algorithm="lloyd").fit(x)
differ = int((km.labels_ != k["cluster"].to_numpy(int)).sum())
check("k-means labels", differ == 0, f"{differ} customers differ ({km.n_iter_} rounds in sklearn, {km_summary['iterations']} in kehu)")
rel = abs(km.inertia_ - km_summary["inertia"]) / km.inertia_
check("k-means inertia", rel <= 1e-6, f"relative difference {rel:.2e}")

# lifetimes: its own fit, then predictions at kehu's parameters.
s = summary_data_from_transaction_data(orders, "customer_id", "order_date", "amount", observation_period_end=as_of)
bgf = BetaGeoFitter().fit(s["frequency"], s["recency"], s["T"])
rep = s[(s["frequency"] > 0) & (s["monetary_value"] > 0)]
ggf = GammaGammaFitter().fit(rep["frequency"], rep["monetary_value"])
kb, kg = summary["bgnbd"], summary["gamma_gamma"]
for name, theirs, ours in [
    ("r", bgf.params_["r"], kb["r"]), ("alpha", bgf.params_["alpha"], kb["alpha"]),
    ("a", bgf.params_["a"], kb["a"]), ("b", bgf.params_["b"], kb["b"]),
    ("p", ggf.params_["p"], kg["p"]), ("q", ggf.params_["q"], kg["q"]), ("gamma (v)", ggf.params_["v"], kg["gamma"]),
]:
    rel = abs(theirs - ours) / abs(theirs)
    # Both are optimiser results: agreement to 1e-4 means the same maximum.
    check(f"fitted {name}", rel <= 1e-4, f"lifetimes {theirs:.8g}, kehu {ours:.8g}, relative {rel:.1e}")
bgf.params_ = pd.Series({"r": kb["r"], "alpha": kb["alpha"], "a": kb["a"], "b": kb["b"]})
ggf.params_ = pd.Series({"p": kg["p"], "q": kg["q"], "v": kg["gamma"]})
p_alive = bgf.conditional_probability_alive(s["frequency"], s["recency"], s["T"])
expected = bgf.conditional_expected_number_of_purchases_up_to_time(90, s["frequency"], s["recency"], s["T"])
clv = ggf.customer_lifetime_value(bgf, s["frequency"], s["recency"], s["T"], s["monetary_value"], time=12, discount_rate=0.01, freq="D")
k = kehu.loc[s.index]
for name, theirs, col, tol in [
    ("P(alive)", p_alive, "p_alive", 5.1e-7),
    ("expected purchases (90 days)", expected, "expected_purchases_90d", 5.1e-7),
]:
    worst = float(np.max(np.abs(np.asarray(theirs) - k[col].to_numpy())))
    check(name, worst <= tol, f"worst absolute difference {worst:.1e} (printed to 6 decimals)")
diff = np.abs(np.asarray(clv) - k["clv_12m"].to_numpy())
allowed = 0.005 + 1e-6 * np.abs(np.asarray(clv))
check("CLV (12 months)", bool((diff <= allowed).all()), f"worst difference {diff.max():.4f} yuan (printed to the cent)")

print(f"{len(failures)} of the checks failed" if failures else "all checks passed")
sys.exit(1 if failures else 0)
