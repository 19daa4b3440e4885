//! Order lines in columns: the layout the order store keeps them in (one record per
//! chunk of orders, never one per line) and basket analysis scans.
//!
//! A line names its product through a small dictionary (`names`, `refs`): a chunk of
//! 16k orders sells a few hundred products at most, so each line costs four bytes for
//! it. Lines are sorted by order id, an order's lines together and in their order.

use crate::order::OrderItem;
use crate::{Cents, Id};
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// A cost column's mark for "not known".
const NO_COST: i64 = -1;

/// Invariant: `order`, `product`, `quantity` and `price` have the same length, and
/// `order` is sorted. `discount` and `cost` are either that long too or empty (every
/// line without a discount / with its cost unknown). `names` and `refs` are as long as
/// each other; `product` indexes them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLines {
    /// The order id of each line.
    pub order: Vec<u32>,
    /// Each line's product: an index into `names` and `refs`.
    pub product: Vec<u32>,
    /// Products' names as sold.
    pub names: Vec<String>,
    /// Products' record ids ("" for a product typed in, not chosen).
    pub refs: Vec<String>,
    pub quantity: Vec<u32>,
    /// Unit price in cents, before the line's discount.
    pub price: Vec<i64>,
    /// Discount in basis points per line.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub discount: Vec<u32>,
    /// Unit cost in cents per line, -1 where unknown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cost: Vec<i64>,
}

impl OrderLines {
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Whether the invariant holds (for data read from storage or a file).
    pub fn is_whole(&self) -> bool {
        let n = self.len();
        let full_or_empty = |m: usize| m == n || m == 0;
        self.product.len() == n
            && self.quantity.len() == n
            && self.price.len() == n
            && full_or_empty(self.discount.len())
            && full_or_empty(self.cost.len())
            && self.names.len() == self.refs.len()
            && self
                .product
                .iter()
                .all(|&p| (p as usize) < self.names.len())
            && self.order.is_sorted()
    }

    /// The dictionary code of a product (added if new). Linear: a chunk's dictionary
    /// is small; bulk writers build through [`LineBuilder`].
    fn code(&mut self, name: &str, id: &str) -> u32 {
        match (self.names.iter().zip(&self.refs)).position(|(n, r)| n == name && r == id) {
            Some(i) => i as u32,
            None => {
                self.names.push(name.to_string());
                self.refs.push(id.to_string());
                (self.names.len() - 1) as u32
            }
        }
    }

    fn push_coded(&mut self, order: u32, product: u32, v: Values) {
        let n = self.len();
        self.order.push(order);
        self.product.push(product);
        self.quantity.push(v.quantity);
        self.price.push(v.price);
        if v.discount != 0 || !self.discount.is_empty() {
            self.discount.resize(n, 0);
            self.discount.push(v.discount);
        }
        if v.cost != NO_COST || !self.cost.is_empty() {
            self.cost.resize(n, NO_COST);
            self.cost.push(v.cost);
        }
    }

    /// Line `i`'s figures (without its product).
    fn values(&self, i: usize) -> Values {
        Values {
            quantity: self.quantity[i],
            price: self.price[i],
            discount: self.discount.get(i).copied().unwrap_or(0),
            cost: self.cost.get(i).copied().unwrap_or(NO_COST),
        }
    }

    /// The rows of order `id`'s lines.
    pub fn range_of(&self, id: u32) -> Range<usize> {
        self.order.partition_point(|&o| o < id)..self.order.partition_point(|&o| o <= id)
    }

    /// Line `i` as an item.
    pub fn item(&self, i: usize) -> OrderItem {
        let p = self.product[i] as usize;
        OrderItem {
            product: self.names[p].clone(),
            product_id: Some(&self.refs[p])
                .filter(|r| !r.is_empty())
                .map(|r| Id(r.clone())),
            quantity: self.quantity[i],
            unit_price: Cents(self.price[i]),
            discount_bp: self.discount.get(i).copied().unwrap_or(0),
            unit_cost: self.cost.get(i).filter(|&&c| c >= 0).map(|&c| Cents(c)),
        }
    }

    /// Order `id`'s items, in their order.
    pub fn items_of(&self, id: u32) -> Vec<OrderItem> {
        self.range_of(id).map(|i| self.item(i)).collect()
    }

    /// Replaces order `id`'s lines with `items` (none: removes them).
    pub fn set_items(&mut self, id: u32, items: &[OrderItem]) {
        let r = self.range_of(id);
        let mut tail = self.split_off(r.end);
        self.truncate(r.start);
        for it in items {
            let p = self.code(&it.product, it.product_id.as_ref().map_or("", |i| &i.0));
            self.push_coded(id, p, Values::of(it));
        }
        self.append(&mut tail);
        self.canonicalise();
    }

    /// Puts the dictionary in the order the lines first use its products, leaving out
    /// the ones no line uses: equal lines are then equal columns, whatever edits made
    /// them (a backup of them reads back identical).
    pub fn canonicalise(&mut self) {
        *self = self.rows(0..self.len());
    }

    /// Lines `rows` (in that order) as a set of their own, its dictionary in canonical
    /// form: the products they use, in the order they first use them.
    fn rows(&self, rows: impl IntoIterator<Item = usize>) -> OrderLines {
        let mut out = OrderLines::default();
        let mut codes = vec![u32::MAX; self.names.len()];
        for i in rows {
            let p = self.product[i] as usize;
            if codes[p] == u32::MAX {
                codes[p] = out.names.len() as u32;
                out.names.push(self.names[p].clone());
                out.refs.push(self.refs[p].clone());
            }
            out.push_coded(self.order[i], codes[p], self.values(i));
        }
        out
    }

    /// Keeps the lines of the orders `keep` accepts; unused products leave the
    /// dictionary.
    pub fn retain_orders(&mut self, keep: impl Fn(u32) -> bool) {
        if self.order.iter().all(|&o| keep(o)) {
            return;
        }
        *self = self.rows((0..self.len()).filter(|&i| keep(self.order[i])));
    }

    /// Lines `at..` as a new set (with the whole dictionary), leaving `..at` here.
    fn split_off(&mut self, at: usize) -> OrderLines {
        fn split<T>(v: &mut Vec<T>, at: usize) -> Vec<T> {
            if v.is_empty() {
                Vec::new()
            } else {
                v.split_off(at)
            }
        }
        OrderLines {
            order: self.order.split_off(at),
            product: self.product.split_off(at),
            names: self.names.clone(),
            refs: self.refs.clone(),
            quantity: self.quantity.split_off(at),
            price: self.price.split_off(at),
            discount: split(&mut self.discount, at),
            cost: split(&mut self.cost, at),
        }
    }

    fn truncate(&mut self, n: usize) {
        self.order.truncate(n);
        self.product.truncate(n);
        self.quantity.truncate(n);
        self.price.truncate(n);
        self.discount.truncate(n);
        self.cost.truncate(n);
    }

    /// Adds `other`'s lines after these (their orders must come after these' orders, or
    /// be the same order's later lines), recoding its products.
    pub fn append(&mut self, other: &mut OrderLines) {
        // Each of `other`'s products is looked up here once, not once per line: a
        // chunk of a big catalogue has thousands.
        let mut index: crate::fxhash::FxHashMap<(String, String), u32> = self
            .names
            .iter()
            .cloned()
            .zip(self.refs.iter().cloned())
            .enumerate()
            .map(|(i, k)| (k, i as u32))
            .collect();
        let codes: Vec<u32> = (other.names.iter().zip(&other.refs))
            .map(|(n, r)| {
                *index.entry((n.clone(), r.clone())).or_insert_with(|| {
                    self.names.push(n.clone());
                    self.refs.push(r.clone());
                    (self.names.len() - 1) as u32
                })
            })
            .collect();
        for i in 0..other.len() {
            let code = codes[other.product[i] as usize];
            self.push_coded(other.order[i], code, other.values(i));
        }
        *other = OrderLines::default();
    }

    /// These lines with each order id replaced by `to(id)` (which must keep them in
    /// order, as new ids handed out in turn do).
    pub fn renumbered(mut self, to: impl Fn(u32) -> u32) -> OrderLines {
        for o in &mut self.order {
            *o = to(*o);
        }
        self
    }

    /// These lines sorted by order id (stably: an order's lines keep their order).
    pub fn sorted(self) -> OrderLines {
        if self.order.is_sorted() {
            return self;
        }
        let mut rows: Vec<usize> = (0..self.len()).collect();
        rows.sort_by_key(|&i| self.order[i]);
        self.rows(rows)
    }

    /// The lines grouped by the chunk (`id / cap`) their orders live in, chunk order.
    pub fn by_chunk(&self, cap: u32) -> Vec<(u32, OrderLines)> {
        let mut out: Vec<(u32, OrderLines)> = Vec::new();
        let mut start = 0;
        while start < self.len() {
            let no = self.order[start] / cap;
            let end = self.order.partition_point(|&o| o / cap <= no);
            let part = self.rows(start..end);
            out.push((no, part));
            start = end;
        }
        out
    }
}

/// A line's figures as the columns hold them.
#[derive(Clone, Copy)]
struct Values {
    quantity: u32,
    price: i64,
    discount: u32,
    cost: i64,
}

impl Values {
    fn of(it: &OrderItem) -> Values {
        Values {
            quantity: it.quantity,
            price: it.unit_price.0,
            discount: it.discount_bp,
            cost: it.unit_cost.map_or(NO_COST, |c| c.0),
        }
    }
}

/// Builds lines for many orders at once (the demo, an import), coding products
/// through a hash map rather than the dictionary's linear search.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LineBuilder {
    lines: OrderLines,
    codes: crate::fxhash::FxHashMap<(String, String), u32>,
}

impl LineBuilder {
    /// Adds `items` as order `id`'s lines; ids must come in ascending order.
    pub fn push(&mut self, id: u32, items: &[OrderItem]) {
        for it in items {
            let key = (
                it.product.clone(),
                it.product_id
                    .as_ref()
                    .map_or(String::new(), |i| i.0.clone()),
            );
            let lines = &mut self.lines;
            let code = *self.codes.entry(key).or_insert_with_key(|(n, r)| {
                lines.names.push(n.clone());
                lines.refs.push(r.clone());
                (lines.names.len() - 1) as u32
            });
            self.lines.push_coded(id, code, Values::of(it));
        }
    }

    pub fn finish(self) -> OrderLines {
        self.lines
    }

    /// The lines added so far.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(name: &str, q: u32, price: i64) -> OrderItem {
        OrderItem {
            product: name.into(),
            quantity: q,
            unit_price: Cents(price),
            ..OrderItem::default()
        }
    }

    #[test]
    fn set_items_keeps_orders_sorted_and_reads_back() {
        let mut l = OrderLines::default();
        l.set_items(5, &[item("茶叶", 2, 100), item("茶具", 1, 900)]);
        l.set_items(2, &[item("茶叶", 1, 120)]);
        let mut boxed = item("月饼", 3, 50);
        boxed.discount_bp = 1000;
        boxed.unit_cost = Some(Cents(30));
        boxed.product_id = Some(Id("p1".into()));
        l.set_items(9, std::slice::from_ref(&boxed));
        assert!(l.is_whole());
        assert_eq!(l.order, [2, 5, 5, 9]);
        assert_eq!(l.names.len(), 3, "a product is coded once");
        assert_eq!(l.items_of(5), [item("茶叶", 2, 100), item("茶具", 1, 900)]);
        assert_eq!(l.items_of(9), [boxed]);
        assert_eq!(
            l.item(0).unit_cost,
            None,
            "earlier lines read as unknown cost"
        );
        assert_eq!(l.item(0).discount_bp, 0);
        // Replacing and removing.
        l.set_items(5, &[item("花茶", 4, 10)]);
        assert_eq!(l.order, [2, 5, 9]);
        assert_eq!(l.items_of(5), [item("花茶", 4, 10)]);
        l.set_items(2, &[]);
        assert_eq!(l.order, [5, 9]);
        assert_eq!(
            l.names,
            ["花茶", "月饼"],
            "products no line uses leave, in first-use order"
        );
        assert!(l.items_of(7).is_empty());
        assert!(l.is_whole());
    }

    #[test]
    fn retain_drops_lines_and_unused_products() {
        let mut b = LineBuilder::default();
        b.push(1, &[item("a", 1, 1), item("b", 1, 2)]);
        b.push(2, &[item("b", 2, 2)]);
        b.push(3, &[item("c", 1, 3)]);
        let mut l = b.finish();
        l.retain_orders(|o| o != 1);
        assert_eq!(l.order, [2, 3]);
        assert_eq!(l.names, ["b", "c"]);
        assert_eq!(l.items_of(3), [item("c", 1, 3)]);
        assert!(l.is_whole());
    }

    #[test]
    fn by_chunk_splits_on_the_chunk_of_each_order() {
        let mut b = LineBuilder::default();
        b.push(10, &[item("a", 1, 1)]);
        b.push(11, &[item("b", 1, 1)]);
        b.push(25, &[item("a", 1, 1), item("c", 1, 1)]);
        let parts = b.finish().renumbered(|o| o + 1).by_chunk(10);
        let nos: Vec<u32> = parts.iter().map(|(n, _)| *n).collect();
        assert_eq!(nos, [1, 2]);
        assert_eq!(parts[0].1.order, [11, 12]);
        assert_eq!(parts[1].1.names, ["a", "c"]);
        assert!(parts.iter().all(|(_, l)| l.is_whole()));
    }

    #[test]
    fn renumbering_out_of_order_then_sorting_keeps_each_orders_lines() {
        let mut b = LineBuilder::default();
        b.push(1, &[item("a", 1, 1), item("b", 2, 1)]);
        b.push(2, &[item("c", 3, 1)]);
        let l = b.finish().renumbered(|o| 10 - o).sorted();
        assert_eq!(l.order, [8, 9, 9]);
        assert_eq!(l.items_of(9), [item("a", 1, 1), item("b", 2, 1)]);
        assert!(l.is_whole());
    }

    #[test]
    fn is_whole_refuses_bad_columns() {
        let mut l = OrderLines::default();
        l.set_items(1, &[item("a", 1, 1)]);
        let mut bad = l.clone();
        bad.product[0] = 4;
        assert!(!bad.is_whole());
        let mut bad = l.clone();
        bad.price.push(1);
        assert!(!bad.is_whole());
        let mut bad = l.clone();
        bad.set_items(0, &[item("b", 1, 1)]);
        bad.order.swap(0, 1);
        assert!(!bad.is_whole());
    }
}
