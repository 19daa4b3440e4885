"""Independent reference for kehu's basket analysis (crates/core/src/analytics/basket.rs).

Writes crates/core/tests/data/basket_lines.csv (order,product: 600 orders drawn with a
fixed seed, some products bought in bundles) and basket_rules.json: every rule
"who buys A also buys B" seen in at least 5 orders with a confidence of at least 0.1,
with its count, support, confidence and lift, counted here in plain Python
(collections.Counter over each order's distinct products). The Rust test
`tests/basket_reference.rs` reads both and requires the same rules and figures.

    python3 crates/core/tests/data/make_basket_reference.py
"""
import csv
import itertools
import json
import random
from collections import Counter
from pathlib import Path

OUT = Path(__file__).resolve().parent
PRODUCTS = ["茶叶", "茶具", "月饼", "咖啡豆", "咖啡杯", "滤纸", "红酒", "开瓶器", "礼盒", "贺卡", "蜂蜜", "坚果"]
BUNDLES = {"茶叶": ["茶具"], "咖啡豆": ["滤纸", "咖啡杯"], "红酒": ["开瓶器", "礼盒"], "月饼": ["礼盒", "贺卡"]}
MIN_COUNT, MIN_CONFIDENCE = 5, 0.1


def orders():
    rng = random.Random(20261203)
    out = []
    for n in range(1, 601):
        main = rng.choice(PRODUCTS)
        basket = [main]
        for other in BUNDLES.get(main, []):
            if rng.random() < 0.55:
                basket.append(other)
        for _ in range(rng.choice([0, 0, 1, 2])):
            basket.append(rng.choice(PRODUCTS))
        out.append((n, basket))
    return out


def rules(orders):
    single, pair = Counter(), Counter()
    for _, basket in orders:
        items = sorted(set(basket))
        single.update(items)
        pair.update(itertools.combinations(items, 2))
    n = len(orders)
    out = []
    for (a, b), both in pair.items():
        if both < MIN_COUNT:
            continue
        for x, y in ((a, b), (b, a)):
            confidence = both / single[x]
            if confidence >= MIN_CONFIDENCE:
                out.append({
                    "antecedent": x, "consequent": y, "count": both, "support": both / n,
                    "confidence": confidence, "lift": confidence / (single[y] / n),
                })
    out.sort(key=lambda r: (r["antecedent"], r["consequent"]))
    return out


def main():
    data = orders()
    with open(OUT / "basket_lines.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["order", "product"])
        for n, basket in data:
            for p in basket:
                w.writerow([n, p])
    with open(OUT / "basket_rules.json", "w", encoding="utf-8") as f:
        json.dump({"orders": len(data), "rules": rules(data)}, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
