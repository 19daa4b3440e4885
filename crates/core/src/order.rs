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
    pub fn items_total(&self) -> Option<Cents> {
        if self.items.is_empty() {
            return None;
        }
        Some(
            self.items
                .iter()
                .map(|i| Cents(i.unit_price.0.saturating_mul(i.quantity as i64)))
                .sum(),
        )
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
