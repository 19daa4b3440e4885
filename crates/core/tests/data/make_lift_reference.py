"""The confidence intervals `campaign_tests.rs` expects of `campaign::lift`, from
statsmodels (pip install statsmodels): the Wald interval of a difference of two
independent proportions. Run: python make_lift_reference.py"""
from statsmodels.stats.proportion import confint_proportions_2indep

for c1, n1, c2, n2 in [(120, 1000, 8, 100), (45, 900, 3, 100), (0, 50, 2, 10), (300, 2700, 25, 300)]:
    lo, hi = confint_proportions_2indep(c1, n1, c2, n2, method="wald", compare="diff")
    print(f"(({c1}, {n1}, {c2}, {n2}), {c1 / n1 - c2 / n2!r}, {float(lo)!r}, {float(hi)!r}),")
