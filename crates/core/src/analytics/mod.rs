//! Customer analytics over orders in columns (DOMAIN.md §5–§7).
//!
//! The engine is the `kehu-analytics` crate (RFM, the value pyramid, retention, BG/NBD,
//! Gamma-Gamma, CLV, k-means), re-exported here; it reads plain columns
//! ([`OrderColumns::orders`](crate::OrderColumns::orders)) and an analysis [`Window`],
//! "today" always a parameter. This module adds what needs kehu's domain: margins from
//! order costs, the tie order over the ids users know, the dashboards, baskets, pivots,
//! sales, service and satisfaction.

pub mod alerts;
pub mod basket;
pub mod funnel;
pub mod insights;
pub mod pipeline;
pub mod pivot;
pub mod sales;
pub mod satisfaction;
pub mod service;

pub use kehu_analytics::{
    Orders, Totals, Window, cluster, clv, id_order, optimize, parallel, retention, rfm, value,
};

use crate::{Day, OrderColumns};

/// The window of every order up to `as_of`.
pub fn all_to(as_of: Day) -> Window {
    Window::all_to(as_of.0)
}

/// Gross margin (amount less cost) per customer key over the window's orders whose cost
/// is known; `None` when no order in the window has a cost (imported history, a shop
/// that does not record costs), so a caller can fall back to revenue.
pub fn margins(orders: &OrderColumns, w: Window, n: usize) -> Option<Vec<i64>> {
    if orders.cost.is_empty() {
        return None;
    }
    let mut out = vec![0i64; n];
    let mut any = false;
    for i in 0..orders.len() {
        let (Some(cost), true) = (orders.cost_of(i), w.contains(orders.day[i])) else {
            continue;
        };
        let k = orders.customer[i] as usize;
        if k >= out.len() {
            out.resize(k + 1, 0);
        }
        out[k] += orders.cents[i] - cost.0;
        any = true;
    }
    any.then_some(out)
}

/// The tie order for stored customers: id order ([`id_order`]) over the id the user
/// knows (`known[i]`, [`crate::Customer::known_id`]: the customer number when there is
/// one, as an orders file names them and `kehu analyze` orders them), then, among
/// customers known by the same text, by `global[i]`, kehu's global id, which is the same
/// on every device. So the same data gives the same scores in every browser and on the
/// command line, whatever ids a browser made up.
pub fn known_id_order<S: AsRef<str>, T: Ord>(known: &[S], global: &[T]) -> Vec<u32> {
    kehu_analytics::id_order_then(known, global)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_ids_order_first_and_global_ids_break_their_ties() {
        // Two customers both known as "Li Lei" (no number): the global id decides, so
        // the order is the same wherever the same records are; generated keys play no
        // part.
        let known = ["Li Lei", "7", "Li Lei", "12", ""];
        let global = ["0193-b", "0193-z", "0193-a", "0193-c", "0193-d"];
        // Places: "7", "12", "", then the two "Li Lei" by global id (…-a before …-b).
        assert_eq!(known_id_order(&known, &global), vec![4, 0, 3, 1, 2]);
    }

    #[test]
    fn margins_count_only_orders_with_a_known_cost() {
        use crate::{Cents, OrderStatus};
        let mut o = OrderColumns::default();
        o.push(0, 1, Day(10), Cents(1_000));
        o.push(1, 1, Day(11), Cents(500));
        o.set_terms(0, OrderStatus::Completed, "", Some(Cents(600)));
        assert_eq!(margins(&o, all_to(Day(20)), 2), Some(vec![0, 400]));
        assert_eq!(
            margins(&o, all_to(Day(5)), 2),
            None,
            "no order in the window"
        );
    }
}
