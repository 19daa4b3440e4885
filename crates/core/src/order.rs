//! Orders, one at a time (the customer page) and in columns (storage and analytics).

use crate::{Cents, Day};
use serde::{Deserialize, Serialize};

/// A line of an order. Items are optional: many small shops record only the total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderItem {
    pub product: String,
    pub quantity: u32,
    pub unit_price: Cents,
}

/// Orders per chunk of the order store (slots, deleted ones included): an order's id is
/// its chunk's number times this plus its slot.
pub const ORDER_CHUNK_CAP: u32 = 16_384;

/// One order as the customer page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    /// Assigned by the store; 0 for an order not yet saved.
    pub id: u32,
    pub customer: u32,
    pub day: Day,
    pub amount: Cents,
    #[serde(default)]
    pub items: Vec<OrderItem>,
    #[serde(default)]
    pub note: String,
}

impl Order {
    /// Whether the order carries more than its columns (items or a note).
    pub fn has_details(&self) -> bool {
        !self.items.is_empty() || !self.note.is_empty()
    }

    /// Sum of the items, if there are any.
    pub fn items_total(&self) -> Result<Option<Cents>, crate::money::MoneyError> {
        if self.items.is_empty() {
            return Ok(None);
        }
        // Checked: a quantity times a price past the limit is an error, never a wrapped
        // or clipped total.
        let mut total: i64 = 0;
        for i in &self.items {
            total = i
                .unit_price
                .0
                .checked_mul(i.quantity as i64)
                .and_then(|line| total.checked_add(line))
                .filter(|t| (0..=crate::money::MAX_CENTS).contains(t))
                .ok_or(crate::money::MoneyError::TooLarge)?;
        }
        Ok(Some(Cents(total)))
    }
}

/// Orders as parallel columns: the layout the order store keeps and analytics scan.
/// Invariant: all columns have the same length.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderColumns {
    pub id: Vec<u32>,
    pub customer: Vec<u32>,
    pub day: Vec<i32>,
    pub cents: Vec<i64>,
}

impl OrderColumns {
    pub fn with_capacity(n: usize) -> Self {
        OrderColumns {
            id: Vec::with_capacity(n),
            customer: Vec::with_capacity(n),
            day: Vec::with_capacity(n),
            cents: Vec::with_capacity(n),
        }
    }

    pub fn len(&self) -> usize {
        self.customer.len()
    }

    pub fn is_empty(&self) -> bool {
        self.customer.is_empty()
    }

    pub fn push(&mut self, id: u32, customer: u32, day: Day, amount: Cents) {
        self.id.push(id);
        self.customer.push(customer);
        self.day.push(day.0);
        self.cents.push(amount.0);
    }

    pub fn extend(&mut self, other: &OrderColumns) {
        self.id.extend_from_slice(&other.id);
        self.customer.extend_from_slice(&other.customer);
        self.day.extend_from_slice(&other.day);
        self.cents.extend_from_slice(&other.cents);
    }

    pub fn total(&self) -> Cents {
        Cents(self.cents.iter().sum())
    }
}

/// What the customer page shows above the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OrderSummary {
    pub orders: usize,
    pub total: Cents,
    pub last: Option<Day>,
}

impl OrderSummary {
    pub fn of(orders: &[Order]) -> OrderSummary {
        OrderSummary {
            orders: orders.len(),
            total: orders.iter().map(|o| o.amount).sum(),
            last: orders.iter().map(|o| o.day).max(),
        }
    }

    /// Share of wallet (顾客占有率, DOMAIN.md §7): our revenue from the customer over the
    /// year up to `today` divided by their estimated yearly spend in the category. `None`
    /// without a positive estimate. Above 1 when the estimate is too low: shown as is,
    /// so the user sees the estimate needs updating.
    pub fn share_of_wallet(orders: &[Order], today: Day, estimate: Option<Cents>) -> Option<f64> {
        let estimate = estimate.filter(|e| e.0 > 0)?;
        let year: i64 = orders
            .iter()
            .filter(|o| o.day <= today && o.day.0 > today.0 - 365)
            .map(|o| o.amount.0)
            .sum();
        Some(year as f64 / estimate.0 as f64)
    }

    /// Mean order value, rounded to the cent; `None` without orders.
    pub fn average(&self) -> Option<Cents> {
        (self.orders > 0).then(|| Cents((self.total.0 as f64 / self.orders as f64).round() as i64))
    }
}

/// Headline figures over all orders of the customers `live` accepts (the trash is
/// excluded by the caller's predicate).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Overview {
    pub orders: usize,
    pub revenue: Cents,
    /// Orders dated within the 365 days ending on `today`.
    pub revenue_12m: Cents,
}

impl Overview {
    pub fn of(cols: &OrderColumns, today: Day, live: impl Fn(u32) -> bool) -> Overview {
        let since = today.0 - 364;
        let mut o = Overview::default();
        for i in 0..cols.len() {
            if !live(cols.customer[i]) {
                continue;
            }
            o.orders += 1;
            o.revenue.0 += cols.cents[i];
            if cols.day[i] >= since && cols.day[i] <= today.0 {
                o.revenue_12m.0 += cols.cents[i];
            }
        }
        o
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An order of `a` cents on day `d`.
    fn mk(d: i32, a: i64) -> Order {
        Order {
            id: 1,
            customer: 1,
            day: Day(d),
            amount: Cents(a),
            items: vec![],
            note: String::new(),
        }
    }

    #[test]
    fn overview_counts_only_live_customers_and_the_last_year() {
        let mut c = OrderColumns::default();
        c.push(1, 1, Day(1_000), Cents(100));
        c.push(2, 1, Day(600), Cents(50));
        c.push(3, 2, Day(1_000), Cents(7));
        let o = Overview::of(&c, Day(1_000), |k| k == 1);
        assert_eq!(o.orders, 2);
        assert_eq!(o.revenue, Cents(150));
        assert_eq!(o.revenue_12m, Cents(100));
    }

    #[test]
    fn summary_average_rounds_to_the_cent() {
        let s = OrderSummary::of(&[mk(5, 100), mk(9, 101), mk(7, 100)]);
        assert_eq!(s.average(), Some(Cents(100)));
        assert_eq!(s.last, Some(Day(9)));
        assert_eq!(OrderSummary::of(&[]).average(), None);
    }

    #[test]
    fn share_of_wallet_counts_the_last_year_against_the_estimate() {
        // Day 600 is more than a year before day 1,000; day 1,200 is after "today".
        let orders = [
            mk(1_000, 30_000),
            mk(700, 10_000),
            mk(600, 99_999),
            mk(1_200, 5),
        ];
        let share = |e| OrderSummary::share_of_wallet(&orders, Day(1_000), e);
        assert_eq!(share(Some(Cents(100_000))), Some(0.4));
        assert_eq!(
            share(Some(Cents(20_000))),
            Some(2.0),
            "a low estimate shows"
        );
        assert_eq!(share(None), None);
        assert_eq!(share(Some(Cents(0))), None);
    }
}
