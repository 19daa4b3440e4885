//! kehu's basket analysis against an independent count: `data/basket_lines.csv` and
//! the rules `data/make_basket_reference.py` found in it in plain Python
//! (`data/basket_rules.json`). Every rule, and no other, with the same count, support,
//! confidence and lift.

use kehu_core::analytics::basket::{MIN_CONFIDENCE, MIN_COUNT, OrderSet, analyse};
use kehu_core::{Cents, LineBuilder, OrderItem};

#[derive(serde::Deserialize)]
struct Expected {
    orders: u32,
    rules: Vec<ExpectedRule>,
}

#[derive(serde::Deserialize, Debug)]
struct ExpectedRule {
    antecedent: String,
    consequent: String,
    count: u32,
    support: f64,
    confidence: f64,
    lift: f64,
}

#[test]
fn the_rules_and_figures_match_an_independent_count() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/");
    let csv = std::fs::read_to_string(format!("{dir}basket_lines.csv")).unwrap();
    let expected: Expected =
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}basket_rules.json")).unwrap())
            .unwrap();
    // The orders' lines, in order, into columns (the file lists each order's together).
    let mut lines = LineBuilder::default();
    let mut rows = csv.lines().skip(1).map(|l| {
        let (order, product) = l.split_once(',').unwrap();
        (order.parse::<u32>().unwrap(), product.to_string())
    });
    let mut current: Option<(u32, Vec<OrderItem>)> = None;
    let mut ids = Vec::new();
    loop {
        let row = rows.next();
        if let Some((id, items)) =
            current.take_if(|(id, _)| row.as_ref().is_none_or(|r| r.0 != *id))
        {
            lines.push(id, &items);
            ids.push(id);
        }
        let Some((id, product)) = row else { break };
        let item = OrderItem {
            product,
            quantity: 1,
            unit_price: Cents(100),
            ..Default::default()
        };
        current.get_or_insert_with(|| (id, Vec::new())).1.push(item);
    }
    let basket = analyse(&[lines.finish()], &OrderSet::of(ids), &[]);
    assert_eq!(
        (MIN_COUNT, MIN_CONFIDENCE),
        (5, 0.1),
        "the reference's thresholds"
    );
    assert_eq!(basket.orders, expected.orders);
    let mut found = basket.rules.clone();
    found.sort_by(|a, b| (&a.antecedent, &a.consequent).cmp(&(&b.antecedent, &b.consequent)));
    assert_eq!(found.len(), expected.rules.len(), "the same rules");
    let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
    for (r, e) in found.iter().zip(&expected.rules) {
        assert_eq!(
            (&r.antecedent, &r.consequent, r.count),
            (&e.antecedent, &e.consequent, e.count)
        );
        assert!(
            close(r.support, e.support)
                && close(r.confidence, e.confidence)
                && close(r.lift, e.lift),
            "{r:?} against {e:?}"
        );
    }
}
