//! Basket analysis: association rules between products bought together (DOMAIN.md §5).
//!
//! Rules have one product on each side ("customers who buy A also buy B"), the form a
//! small shop acts on; each order counts a product once however many units it holds.
//! Products are counted by their record's id when the line was chosen from the
//! catalogue, else by the name typed. Counting works on integer codes, so three million
//! lines cost a few hash-map updates each.

use crate::OrderLines;
use crate::fxhash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    pub antecedent: String,
    /// The antecedent's product record id ("" for a product typed in).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub antecedent_id: String,
    pub consequent: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub consequent_id: String,
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

/// What the dashboards show: the rules worth a look, from the orders with lines.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Basket {
    /// Orders with at least one line that were counted.
    pub orders: u32,
    /// Distinct products in them.
    pub products: u32,
    /// The strongest rules by lift, then each product's strongest companions by
    /// confidence (what its page lists as "bought together"); strongest lift first.
    pub rules: Vec<Rule>,
}

/// Rules on the dashboard list, and companions kept per product.
pub const TOP_RULES: usize = 100;
pub const COMPANIONS: usize = 5;
/// A pair must be seen in this many orders to make a rule: fewer is chance.
pub const MIN_COUNT: u32 = 5;
pub const MIN_CONFIDENCE: f64 = 0.1;

impl Basket {
    /// The products bought with product `id` (a record id, or a typed name), strongest
    /// confidence first.
    pub fn companions(&self, id: &str) -> Vec<&Rule> {
        let mut out: Vec<&Rule> = self
            .rules
            .iter()
            .filter(|r| r.antecedent_id == id || (r.antecedent_id.is_empty() && r.antecedent == id))
            .collect();
        out.sort_by(|p, q| {
            q.confidence
                .total_cmp(&p.confidence)
                .then(q.lift.total_cmp(&p.lift))
        });
        out
    }
}

/// Occurrence counts over orders, products as integer codes.
#[derive(Default)]
struct Counts {
    orders: u32,
    /// Per code: display name and record id.
    names: Vec<String>,
    ids: Vec<String>,
    code_of: FxHashMap<String, u32>,
    single: Vec<u32>,
    /// Both codes of a pair (smaller first) in one word.
    pair: FxHashMap<u64, u32>,
}

impl Counts {
    fn code(&mut self, key: &str, name: &str, id: &str) -> u32 {
        if let Some(&c) = self.code_of.get(key) {
            return c;
        }
        let c = self.names.len() as u32;
        self.code_of.insert(key.to_string(), c);
        self.names.push(name.to_string());
        self.ids.push(id.to_string());
        self.single.push(0);
        c
    }

    /// Counts one order's products (codes, in any order, repeats allowed).
    fn order(&mut self, items: &mut Vec<u32>) {
        items.sort_unstable();
        items.dedup();
        if items.is_empty() {
            return;
        }
        self.orders += 1;
        for (i, &a) in items.iter().enumerate() {
            self.single[a as usize] += 1;
            for &b in &items[i + 1..] {
                *self.pair.entry((a as u64) << 32 | b as u64).or_default() += 1;
            }
        }
    }

    /// Every rule with at least `min_count` orders and `min_confidence`, strongest
    /// lift first (then confidence, support, names: a total order).
    fn rules(&self, min_count: u32, min_confidence: f64) -> Vec<Rule> {
        let n = self.orders as f64;
        let mut out = Vec::new();
        for (&key, &both) in &self.pair {
            if both < min_count.max(1) {
                continue;
            }
            let (a, b) = ((key >> 32) as usize, (key & 0xFFFF_FFFF) as usize);
            for (x, y) in [(a, b), (b, a)] {
                let confidence = both as f64 / self.single[x] as f64;
                if confidence >= min_confidence {
                    out.push(Rule {
                        antecedent: self.names[x].clone(),
                        antecedent_id: self.ids[x].clone(),
                        consequent: self.names[y].clone(),
                        consequent_id: self.ids[y].clone(),
                        support: both as f64 / n,
                        confidence,
                        lift: confidence / (self.single[y] as f64 / n),
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
}

/// Rules with at least `min_support` and `min_confidence` over baskets of product
/// names, strongest lift first.
pub fn rules<S: AsRef<str>>(orders: &[Vec<S>], min_support: f64, min_confidence: f64) -> Vec<Rule> {
    let mut c = Counts::default();
    let mut items = Vec::new();
    for o in orders {
        let names: BTreeSet<&str> = o
            .iter()
            .map(|s| s.as_ref().trim())
            .filter(|s| !s.is_empty())
            .collect();
        items.clear();
        items.extend(names.into_iter().map(|s| c.code(s, s, "")));
        c.order(&mut items);
    }
    c.orders = orders.len() as u32;
    let min_count = (min_support * c.orders as f64).ceil() as u32;
    let mut out = c.rules(min_count, min_confidence);
    out.retain(|r| r.support >= min_support);
    out
}

/// Order ids as a set, a bit each: a million orders' lines look their order up in
/// constant time, where a search in a sorted list cost a third of the analysis.
pub struct OrderSet(Vec<u64>);

impl OrderSet {
    pub fn of(ids: impl IntoIterator<Item = u32>) -> OrderSet {
        let mut bits = Vec::new();
        for id in ids {
            let word = id as usize / 64;
            if word >= bits.len() {
                bits.resize(word + 1, 0);
            }
            bits[word] |= 1 << (id % 64);
        }
        OrderSet(bits)
    }

    pub fn has(&self, id: u32) -> bool {
        self.0
            .get(id as usize / 64)
            .is_some_and(|w| w >> (id % 64) & 1 == 1)
    }
}

/// The basket analysis of the orders in `kept`, over order lines kept per chunk (each
/// with its own product dictionary). A product typed in under the name of one of
/// `catalogue`'s counts as that product.
pub fn analyse(chunks: &[OrderLines], kept: &OrderSet, catalogue: &[crate::Product]) -> Basket {
    let by_name: FxHashMap<&str, &str> = catalogue
        .iter()
        .map(|p| (p.name.as_str(), p.id.0.as_str()))
        .collect();
    let mut c = Counts::default();
    let mut items = Vec::new();
    for lines in chunks {
        // This chunk's product codes, mapped to the global ones once.
        let local: Vec<u32> = (0..lines.names.len())
            .map(|p| {
                let name = lines.names[p].as_str();
                let id = match lines.refs[p].as_str() {
                    "" => by_name.get(name).copied().unwrap_or(""),
                    id => id,
                };
                let key = if id.is_empty() { name } else { id };
                c.code(key, name, id)
            })
            .collect();
        let mut at = 0;
        while at < lines.len() {
            let id = lines.order[at];
            let end = at + lines.order[at..].iter().take_while(|&&o| o == id).count();
            if kept.has(id) {
                items.clear();
                items.extend(lines.product[at..end].iter().map(|&p| local[p as usize]));
                c.order(&mut items);
            }
            at = end;
        }
    }
    let all = c.rules(MIN_COUNT, MIN_CONFIDENCE);
    let mut chosen = vec![false; all.len()];
    chosen.iter_mut().take(TOP_RULES).for_each(|x| *x = true);
    // Each antecedent's best companions by confidence, wherever their lift ranks.
    let mut by_confidence: Vec<usize> = (0..all.len()).collect();
    by_confidence.sort_by(|&p, &q| {
        all[q]
            .confidence
            .total_cmp(&all[p].confidence)
            .then(p.cmp(&q))
    });
    let mut taken: FxHashMap<(&str, &str), usize> = FxHashMap::default();
    for i in by_confidence {
        let r = &all[i];
        let n = taken.entry((&r.antecedent_id, &r.antecedent)).or_default();
        if *n < COMPANIONS {
            *n += 1;
            chosen[i] = true;
        }
    }
    let rules = all
        .iter()
        .zip(&chosen)
        .filter(|(_, keep)| **keep)
        .map(|(r, _)| r.clone())
        .collect();
    Basket {
        orders: c.orders,
        products: c.single.iter().filter(|&&n| n > 0).count() as u32,
        rules,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Cents, Id, LineBuilder, OrderItem};

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

    fn item(name: &str, id: Option<&str>) -> OrderItem {
        OrderItem {
            product: name.into(),
            product_id: id.map(|i| Id(i.into())),
            quantity: 1,
            unit_price: Cents(100),
            ..Default::default()
        }
    }

    /// Lines in two chunks whose dictionaries differ give the same rules as the same
    /// baskets counted by name; orders left out of `kept` are not counted.
    #[test]
    fn lines_across_chunks_count_like_named_baskets() {
        let tea = item("茶叶", Some("p-tea"));
        let set = item("茶具", Some("p-set"));
        let cake = item("月饼", None);
        let mut named: Vec<Vec<String>> = Vec::new();
        let (mut a, mut b) = (LineBuilder::default(), LineBuilder::default());
        for i in 0..40u32 {
            let basket: Vec<OrderItem> = match i % 4 {
                0 | 1 => vec![tea.clone(), set.clone()],
                2 => vec![tea.clone()],
                _ => vec![cake.clone(), tea.clone()],
            };
            named.push(basket.iter().map(|x| x.product.clone()).collect());
            // The second chunk codes its products in another order.
            match i < 20 {
                true => a.push(i, &basket),
                false => b.push(i, &basket.into_iter().rev().collect::<Vec<_>>()),
            }
        }
        let chunks = [a.finish(), b.finish()];
        let all = OrderSet::of(0..40);
        let basket = analyse(&chunks, &all, &[]);
        assert_eq!((basket.orders, basket.products), (40, 3));
        let expect = rules(&named, 0.0, MIN_CONFIDENCE);
        let strip = |r: &Rule| (r.antecedent.clone(), r.consequent.clone(), r.count);
        assert_eq!(
            basket.rules.iter().map(strip).collect::<Vec<_>>(),
            expect.iter().map(strip).collect::<Vec<_>>()
        );
        let set_to_tea = basket.companions("p-set");
        assert_eq!(set_to_tea.len(), 1);
        assert_eq!(
            (
                set_to_tea[0].consequent_id.as_str(),
                set_to_tea[0].confidence
            ),
            ("p-tea", 1.0)
        );
        assert_eq!(
            basket.companions("月饼")[0].consequent,
            "茶叶",
            "typed products by name"
        );
        // Typed under a catalogue product's name, the cakes count as that product.
        let mut cakes = crate::Product::new(Id("p-cake".into()), crate::Millis(0));
        cakes.name = "月饼".into();
        let linked = analyse(&chunks, &all, &[cakes]);
        assert_eq!(linked.companions("p-cake")[0].consequent_id, "p-tea");
        assert!(linked.companions("月饼").is_empty());
        // Only the first ten orders: 6 with tea and set make a rule, 2 with cake and
        // tea do not.
        let few = analyse(&chunks, &OrderSet::of(0..10), &[]);
        assert_eq!(few.orders, 10);
        assert_eq!(few.companions("p-tea")[0].count, 6);
        assert!(few.companions("月饼").is_empty());
    }

    /// The demo's bundles come out: paper with printers far above chance.
    #[test]
    fn the_demo_shows_its_bundles() {
        let d = crate::demo::generate(&crate::demo::DemoSpec::standard(
            crate::Day(20_800),
            crate::demo::NameStyle::English,
        ));
        for i in 0..d.orders.len() {
            let items = d.lines.items_of(d.orders.id[i]);
            assert!(!items.is_empty());
            let total = crate::Order {
                items,
                ..Default::default()
            }
            .items_total()
            .unwrap();
            assert_eq!(total, Some(Cents(d.orders.cents[i])), "order {i} adds up");
        }
        let kept = OrderSet::of(d.orders.id.iter().copied());
        let b = analyse(std::slice::from_ref(&d.lines), &kept, &d.products);
        let id = |sku: &str| {
            d.products
                .iter()
                .find(|p| p.sku == sku)
                .unwrap()
                .id
                .0
                .clone()
        };
        let printer = b.companions(&id("POS-120"));
        assert_eq!(printer[0].consequent_id, id("SUP-200"));
        assert!(
            printer[0].confidence > 0.5 && printer[0].lift > 2.0,
            "{:?}",
            printer[0]
        );
    }

    proptest::proptest! {
        /// An order set holds exactly the ids it was made of, whatever their order and
        /// repeats, around every word's edges.
        #[test]
        fn an_order_set_holds_exactly_its_ids(
            ids in proptest::collection::vec(0u32..300, 0..60),
        ) {
            let set = OrderSet::of(ids.iter().copied());
            for id in 0..400 {
                proptest::prop_assert_eq!(set.has(id), ids.contains(&id), "order {}", id);
            }
        }
    }
}
