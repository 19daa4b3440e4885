"""Regenerates cdnow_predictions.csv: lifetimes' own predictions at fixed parameters.

    pip install lifetimes==0.11.3
    python3 crates/analytics/tests/data/make_cdnow_predictions.py

For every CDNOW customer: expected purchases in the next 39 weeks, P(alive), and CLV over
12 months (time unit weeks, so lifetimes' freq="W", discount 0.01 a month), with the
BG/NBD and Gamma-Gamma parameters below fixed, so the comparison tests the formulas, not
the optimiser. crates/analytics/tests/cdnow.rs checks kehu's values against these to 1e-6.
"""
import os

import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter

HERE = os.path.dirname(os.path.abspath(__file__))
BG = {"r": 0.2426, "alpha": 4.4136, "a": 0.7929, "b": 2.4259}
GG = {"p": 6.25, "q": 3.74, "v": 15.44}

df = pd.read_csv(os.path.join(HERE, "cdnow_summary.csv"))
bgf = BetaGeoFitter()
bgf.params_ = pd.Series(BG)
# fit() would set this alias; the parameters are fixed here instead.
bgf.predict = bgf.conditional_expected_number_of_purchases_up_to_time
ggf = GammaGammaFitter()
ggf.params_ = pd.Series(GG)

out = pd.DataFrame({"ID": df["ID"]})
out["expected_39"] = bgf.conditional_expected_number_of_purchases_up_to_time(39, df["x"], df["t_x"], df["T"])
out["p_alive"] = bgf.conditional_probability_alive(df["x"], df["t_x"], df["T"])
out["clv_12"] = ggf.customer_lifetime_value(
    bgf, df["x"], df["t_x"], df["T"], df["zbar"], time=12, discount_rate=0.01, freq="W"
).values
out.to_csv(os.path.join(HERE, "cdnow_predictions.csv"), index=False, float_format="%.12g")
