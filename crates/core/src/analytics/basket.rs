//! Basket analysis: association rules between products bought together (DOMAIN.md §5).
//!
//! Rules have one product on each side ("customers who buy A also buy B"), the form a
//! small shop acts on; each order counts a product once however many units it holds.

use std::collections::{BTreeSet, HashMap};

#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub antecedent: String,
    pub consequent: String,
    /// Share of orders with both products.
    pub support: f64,
    /// Share of orders with the antecedent that also have the consequent.
    pub confidence: f64,
    /// Confidence ÷ the consequent's own support (above 1: bought together more than by
    /// chance).
    pub lift: f64,
    /// Orders with both.
    pub count: u32,
}

/// Rules with at least `min_support` and `min_confidence`, strongest lift first (then
/// confidence, support, names: a total order).
pub fn rules<S: AsRef<str>>(orders: &[Vec<S>], min_support: f64, min_confidence: f64) -> Vec<Rule> {
    let n = orders.len();
    if n == 0 {
        return Vec::new();
    }
    let mut single: HashMap<&str, u32> = HashMap::new();
    let mut pair: HashMap<(&str, &str), u32> = HashMap::new();
    for o in orders {
        let items: BTreeSet<&str> = o
            .iter()
            .map(|s| s.as_ref().trim())
            .filter(|s| !s.is_empty())
            .collect();
        let items: Vec<&str> = items.into_iter().collect();
        for (i, a) in items.iter().enumerate() {
            *single.entry(a).or_default() += 1;
            for b in &items[i + 1..] {
                *pair.entry((a, b)).or_default() += 1;
            }
        }
    }
    let nf = n as f64;
    let mut out = Vec::new();
    for (&(a, b), &both) in &pair {
        let support = both as f64 / nf;
        if support < min_support {
            continue;
        }
        for (x, y) in [(a, b), (b, a)] {
            let confidence = both as f64 / single[x] as f64;
            if confidence >= min_confidence {
                out.push(Rule {
                    antecedent: x.to_string(),
                    consequent: y.to_string(),
                    support,
                    confidence,
                    lift: confidence / (single[y] as f64 / nf),
                    count: both,
                });
            }
        }
    }
    out.sort_by(|p, q| {
        q.lift
            .total_cmp(&p.lift)
            .then(q.confidence.total_cmp(&p.confidence))
            .then(q.support.total_cmp(&p.support))
            .then_with(|| (&p.antecedent, &p.consequent).cmp(&(&q.antecedent, &q.consequent)))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn support_confidence_lift() {
        let orders: Vec<Vec<&str>> = vec![
            vec!["茶叶", "茶具"],
            vec!["茶叶", "茶具", "茶叶"],
            vec!["茶叶"],
            vec!["月饼"],
        ];
        let r = rules(&orders, 0.0, 0.0);
        let tea_to_set = r
            .iter()
            .find(|x| x.antecedent == "茶叶" && x.consequent == "茶具")
            .unwrap();
        assert_eq!(tea_to_set.count, 2);
        assert_eq!(tea_to_set.support, 0.5);
        assert!((tea_to_set.confidence - 2.0 / 3.0).abs() < 1e-12);
        assert!((tea_to_set.lift - (2.0 / 3.0) / 0.5).abs() < 1e-12);
        let set_to_tea = r.iter().find(|x| x.antecedent == "茶具").unwrap();
        assert_eq!(set_to_tea.confidence, 1.0);
        assert_eq!(r[0].antecedent, "茶具", "highest lift first");
        assert!(rules(&orders, 0.6, 0.0).is_empty());
        assert_eq!(rules(&orders, 0.0, 0.9).len(), 1);
    }
}
