//! Orders, one at a time (the customer page) and in columns (storage and analytics).

use crate::{Cents, Day};
use serde::{Deserialize, Serialize};

/// A line of an order. Items are optional: many small shops record only the total.
/// The product's name is kept as sold (a product renamed later does not rewrite old
/// orders); `product_id` links it to the product record when it was chosen from one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderItem {
    pub product: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_id: Option<crate::Id>,
    pub quantity: u32,
    pub unit_price: Cents,
    /// Discount in basis points of the line (1000 = 10 % off).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub discount_bp: u32,
    /// What one unit cost the shop, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_cost: Option<Cents>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl OrderItem {
    /// quantity × unit price less the line's discount, rounded to the cent; `None` past
    /// the money limit.
    pub fn net(&self) -> Option<i64> {
        let gross = (self.unit_price.0 as i128).checked_mul(self.quantity as i128)?;
        let net = crate::quote::off(gross, self.discount_bp.min(10_000));
        i64::try_from(net).ok()
    }

    /// The key basket analysis counts a product by: its record's id when it has one,
    /// else its name.
    pub fn key(&self) -> &str {
        match &self.product_id {
            Some(id) => &id.0,
            None => &self.product,
        }
    }
}

/// Where an order stands. Payment and delivery are told apart because a small business
/// ships on credit as often as it takes money first: "paid" is paid but not yet shipped,
/// "shipped" is shipped but not yet paid, and "completed" is both. The codes are what
/// the order store keeps (one byte a row); 0 is "completed" so that orders from before
/// statuses existed, and imported history, read as done and paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    Open,
    Paid,
    Shipped,
    #[default]
    Completed,
    Returned,
    Cancelled,
}

impl OrderStatus {
    /// In the order a user walks through them.
    pub const ALL: &'static [OrderStatus] = &[
        Self::Open,
        Self::Paid,
        Self::Shipped,
        Self::Completed,
        Self::Returned,
        Self::Cancelled,
    ];

    pub fn code(self) -> u8 {
        match self {
            Self::Completed => 0,
            Self::Open => 1,
            Self::Paid => 2,
            Self::Shipped => 3,
            Self::Returned => 4,
            Self::Cancelled => 5,
        }
    }

    /// The status of a stored code; an unknown code (a newer version's) reads as
    /// completed, the status that claims nothing is owed.
    pub fn from_code(c: u8) -> OrderStatus {
        Self::ALL
            .iter()
            .copied()
            .find(|s| s.code() == c)
            .unwrap_or_default()
    }

    pub fn slug(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Paid => "paid",
            Self::Shipped => "shipped",
            Self::Completed => "completed",
            Self::Returned => "returned",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn from_slug(s: &str) -> Option<OrderStatus> {
        Self::ALL.iter().copied().find(|x| x.slug() == s)
    }

    /// The status a shop's or a platform's export writes in its own words (已付款,
    /// 交易成功, refunded…), beyond kehu's own labels.
    pub fn from_word(s: &str) -> Option<OrderStatus> {
        let w = crate::text::fold(s.trim());
        let is = |words: &[&str]| words.contains(&w.as_str());
        Some(match () {
            _ if is(&["open", "unpaid", "未付款", "待付款", "未付", "待付"]) => {
                Self::Open
            }
            _ if is(&["paid", "已付款", "已付", "已支付", "待发货"]) => Self::Paid,
            _ if is(&["shipped", "已发货", "待收款"]) => Self::Shipped,
            _ if is(&["complete", "done", "完成", "交易成功", "已收货"]) => {
                Self::Completed
            }
            _ if is(&["refunded", "退货", "已退款", "退款"]) => Self::Returned,
            _ if is(&["canceled", "取消", "已关闭", "交易关闭"]) => Self::Cancelled,
            _ => return None,
        })
    }

    /// Whether the customer still owes the order's amount (it counts in arrears).
    pub fn unpaid(self) -> bool {
        matches!(self, Self::Open | Self::Shipped)
    }

    /// Whether the order is a sale that stands: returned and cancelled orders are not
    /// revenue, so analytics leave them out.
    pub fn counts(self) -> bool {
        !matches!(self, Self::Returned | Self::Cancelled)
    }
}

/// Orders per chunk of the order store (slots, deleted ones included): an order's id is
/// its chunk's number times this plus its slot.
pub const ORDER_CHUNK_CAP: u32 = 16_384;

/// One order as the customer page shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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
    #[serde(default)]
    pub status: OrderStatus,
    /// The member of staff who made the sale (a staff id), if recorded.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub seller: String,
    /// What the goods cost us, when known: the order's margin is its amount less this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<Cents>,
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
                .net()
                .and_then(|line| total.checked_add(line))
                .filter(|t| (0..=crate::money::MAX_CENTS).contains(t))
                .ok_or(crate::money::MoneyError::TooLarge)?;
        }
        Ok(Some(Cents(total)))
    }
}

/// A cost column's mark for "not known".
const NO_COST: i64 = -1;

/// Orders as parallel columns: the layout the order store keeps and analytics scan.
///
/// Invariant: `id`, `customer`, `day` and `cents` have the same length. Each of the
/// term columns (`status`, `seller`, `cost`) is either that long too or empty, which
/// means every row has the default (completed, no seller, cost unknown): imported
/// history carries none of them and costs nothing to keep.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderColumns {
    pub id: Vec<u32>,
    pub customer: Vec<u32>,
    pub day: Vec<i32>,
    pub cents: Vec<i64>,
    /// [`OrderStatus::code`] per row.
    pub status: Vec<u8>,
    /// 0 for no seller, else `n` for `sellers[n - 1]`.
    pub seller: Vec<u32>,
    /// The staff ids the `seller` column names (a dictionary: a few per chunk).
    pub sellers: Vec<String>,
    /// Cost in cents per row, -1 where unknown.
    pub cost: Vec<i64>,
}

/// Makes term column `v` as long as the order columns (`len`), with `default` rows.
fn widen<T: Clone>(v: &mut Vec<T>, len: usize, default: T) {
    if v.len() < len {
        v.resize(len, default);
    }
}

impl OrderColumns {
    pub fn with_capacity(n: usize) -> Self {
        OrderColumns {
            id: Vec::with_capacity(n),
            customer: Vec::with_capacity(n),
            day: Vec::with_capacity(n),
            cents: Vec::with_capacity(n),
            ..Default::default()
        }
    }

    pub fn len(&self) -> usize {
        self.customer.len()
    }

    pub fn is_empty(&self) -> bool {
        self.customer.is_empty()
    }

    /// The columns the analytics read (customer, day, amount), borrowed.
    pub fn orders(&self) -> kehu_analytics::Orders<'_> {
        kehu_analytics::Orders::new(&self.customer, &self.day, &self.cents)
    }

    /// Whether the columns keep the invariant (a store or backup check).
    pub fn is_whole(&self) -> bool {
        let n = self.len();
        let fits = |m: usize| m == 0 || m == n;
        self.id.len() == n
            && self.day.len() == n
            && self.cents.len() == n
            && fits(self.status.len())
            && fits(self.seller.len())
            && fits(self.cost.len())
            && self
                .seller
                .iter()
                .all(|&s| s as usize <= self.sellers.len())
    }

    /// Adds a completed order with no seller and no known cost.
    pub fn push(&mut self, id: u32, customer: u32, day: Day, amount: Cents) {
        self.id.push(id);
        self.customer.push(customer);
        self.day.push(day.0);
        self.cents.push(amount.0);
        if !self.status.is_empty() {
            self.status.push(0);
        }
        if !self.seller.is_empty() {
            self.seller.push(0);
        }
        if !self.cost.is_empty() {
            self.cost.push(NO_COST);
        }
    }

    /// Adds `o` (without items and note, which the columns do not hold).
    pub fn push_order(&mut self, o: &Order) {
        self.push(o.id, o.customer, o.day, o.amount);
        self.set_terms(self.len() - 1, o.status, &o.seller, o.cost);
    }

    /// Sets row `i`'s status, seller (a staff id, empty for none) and cost, widening a
    /// term column only when the row needs it.
    pub fn set_terms(&mut self, i: usize, status: OrderStatus, seller: &str, cost: Option<Cents>) {
        let n = self.len();
        if status != OrderStatus::Completed || !self.status.is_empty() {
            widen(&mut self.status, n, 0);
            self.status[i] = status.code();
        }
        if !seller.is_empty() || !self.seller.is_empty() {
            let code = self.seller_code(seller);
            widen(&mut self.seller, n, 0);
            self.seller[i] = code;
        }
        if cost.is_some() || !self.cost.is_empty() {
            widen(&mut self.cost, n, NO_COST);
            self.cost[i] = cost.map_or(NO_COST, |c| c.0);
        }
    }

    /// The `seller` column's code for staff id `id`, adding it to the dictionary.
    fn seller_code(&mut self, id: &str) -> u32 {
        if id.is_empty() {
            return 0;
        }
        match self.sellers.iter().position(|s| s == id) {
            Some(p) => p as u32 + 1,
            None => {
                self.sellers.push(id.to_string());
                self.sellers.len() as u32
            }
        }
    }

    pub fn status_of(&self, i: usize) -> OrderStatus {
        self.status
            .get(i)
            .map_or(OrderStatus::Completed, |&c| OrderStatus::from_code(c))
    }

    /// Row `i`'s seller (a staff id), if it has one.
    pub fn seller_of(&self, i: usize) -> Option<&str> {
        let code = *self.seller.get(i)? as usize;
        self.sellers.get(code.checked_sub(1)?).map(String::as_str)
    }

    pub fn cost_of(&self, i: usize) -> Option<Cents> {
        self.cost.get(i).filter(|&&c| c >= 0).map(|&c| Cents(c))
    }

    /// Row `i` as an order (no items, no note).
    pub fn order_at(&self, i: usize) -> Order {
        Order {
            id: self.id[i],
            customer: self.customer[i],
            day: Day(self.day[i]),
            amount: Cents(self.cents[i]),
            items: Vec::new(),
            note: String::new(),
            status: self.status_of(i),
            seller: self.seller_of(i).unwrap_or_default().to_string(),
            cost: self.cost_of(i),
        }
    }

    /// Removes row `i` and returns it as an order (no items, no note).
    pub fn remove_row(&mut self, i: usize) -> Order {
        let o = self.order_at(i);
        self.id.remove(i);
        self.customer.remove(i);
        self.day.remove(i);
        self.cents.remove(i);
        if !self.seller.is_empty() {
            self.seller.remove(i);
        }
        if !self.status.is_empty() {
            self.status.remove(i);
        }
        if !self.cost.is_empty() {
            self.cost.remove(i);
        }
        o
    }

    /// Inserts `o` as row `i`.
    pub fn insert_row(&mut self, i: usize, o: &Order) {
        self.id.insert(i, o.id);
        self.customer.insert(i, o.customer);
        self.day.insert(i, o.day.0);
        self.cents.insert(i, o.amount.0);
        if !self.status.is_empty() {
            self.status.insert(i, 0);
        }
        if !self.seller.is_empty() {
            self.seller.insert(i, 0);
        }
        if !self.cost.is_empty() {
            self.cost.insert(i, NO_COST);
        }
        self.set_terms(i, o.status, &o.seller, o.cost);
    }

    /// Copies row `i` of `from` onto the end.
    pub fn push_row(&mut self, from: &OrderColumns, i: usize) {
        self.push(
            from.id[i],
            from.customer[i],
            Day(from.day[i]),
            Cents(from.cents[i]),
        );
        if !from.plain() {
            let seller = from.seller_of(i).unwrap_or_default();
            self.set_terms(self.len() - 1, from.status_of(i), seller, from.cost_of(i));
        }
    }

    /// Whether every row has the default terms without columns for them.
    fn plain(&self) -> bool {
        self.status.is_empty() && self.seller.is_empty() && self.cost.is_empty()
    }

    pub fn extend(&mut self, other: &OrderColumns) {
        let start = self.len();
        self.id.extend_from_slice(&other.id);
        self.customer.extend_from_slice(&other.customer);
        self.day.extend_from_slice(&other.day);
        self.cents.extend_from_slice(&other.cents);
        if !(self.plain() && other.plain()) {
            self.append_terms(other, 0..other.len(), start);
        }
    }

    /// Keeps the rows `keep` accepts (given the columns and a row); returns the ids of
    /// the others.
    pub fn retain(&mut self, keep: impl Fn(&OrderColumns, usize) -> bool) -> Vec<u32> {
        let old = std::mem::take(self);
        let (kept, gone): (Vec<usize>, Vec<usize>) = (0..old.len()).partition(|&i| keep(&old, i));
        self.id = kept.iter().map(|&i| old.id[i]).collect();
        self.customer = kept.iter().map(|&i| old.customer[i]).collect();
        self.day = kept.iter().map(|&i| old.day[i]).collect();
        self.cents = kept.iter().map(|&i| old.cents[i]).collect();
        self.append_terms(&old, kept.iter().copied(), 0);
        gone.iter().map(|&i| old.id[i]).collect()
    }

    /// The terms of `from`'s `rows` for this columns' rows from `start` on (whose ids,
    /// customers, days and amounts are in place), column by column: exactly what
    /// [`push_row`](Self::push_row) row by row leaves (a term column only where a row
    /// needs it, sellers coded in order of first use), without a search of the sellers
    /// for every row, which made reading a million orders with terms slow.
    fn append_terms(
        &mut self,
        from: &OrderColumns,
        rows: impl Iterator<Item = usize> + Clone,
        start: usize,
    ) {
        let status = |i: usize| from.status_of(i);
        if !self.status.is_empty() || rows.clone().any(|i| status(i) != OrderStatus::Completed) {
            widen(&mut self.status, start, 0);
            self.status.extend(rows.clone().map(|i| status(i).code()));
        }
        let seller = |i: usize| from.seller_of(i).filter(|s| !s.is_empty());
        if !self.seller.is_empty() || rows.clone().any(|i| seller(i).is_some()) {
            widen(&mut self.seller, start, 0);
            // `from`'s code → ours, each looked up once, at its first use.
            let mut ours: Vec<Option<u32>> = vec![None; from.sellers.len() + 1];
            for i in rows.clone() {
                let code = match seller(i) {
                    None => 0,
                    Some(id) => {
                        let theirs = from.seller[i] as usize;
                        match ours[theirs] {
                            Some(c) => c,
                            None => *ours[theirs].insert(self.seller_code(id)),
                        }
                    }
                };
                self.seller.push(code);
            }
        }
        let cost = |i: usize| from.cost_of(i);
        if !self.cost.is_empty() || rows.clone().any(|i| cost(i).is_some()) {
            widen(&mut self.cost, start, NO_COST);
            self.cost
                .extend(rows.map(|i| cost(i).map_or(NO_COST, |c| c.0)));
        }
    }

    /// The orders that are sales standing (not returned, not cancelled): what analytics
    /// read, so a cancelled order is never revenue.
    pub fn counted(mut self) -> OrderColumns {
        if self
            .status
            .iter()
            .all(|&c| OrderStatus::from_code(c).counts())
        {
            return self;
        }
        self.retain(|c, i| c.status_of(i).counts());
        self
    }

    pub fn total(&self) -> Cents {
        Cents(self.cents.iter().sum())
    }
}

/// What the customer page shows above the timeline. Returned and cancelled orders are
/// not sales, so they count nowhere here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OrderSummary {
    pub orders: usize,
    pub total: Cents,
    pub last: Option<Day>,
    /// What the unpaid orders come to (the computed part of the customer's arrears).
    pub owed: Cents,
}

impl OrderSummary {
    pub fn of(orders: &[Order]) -> OrderSummary {
        let sales = || orders.iter().filter(|o| o.status.counts());
        OrderSummary {
            orders: sales().count(),
            total: sales().map(|o| o.amount).sum(),
            last: sales().map(|o| o.day).max(),
            owed: sales()
                .filter(|o| o.status.unpaid())
                .map(|o| o.amount)
                .sum(),
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
            .filter(|o| o.status.counts() && o.day <= today && o.day.0 > today.0 - 365)
            .map(|o| o.amount.0)
            .sum();
        Some(year as f64 / estimate.0 as f64)
    }

    /// Mean order value, rounded to the cent; `None` without orders.
    pub fn average(&self) -> Option<Cents> {
        (self.orders > 0).then(|| Cents((self.total.0 as f64 / self.orders as f64).round() as i64))
    }
}

/// What one customer owes, as the list of who owes what shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owing {
    pub customer: u32,
    /// The opening balance plus the unpaid orders.
    pub owed: Cents,
    /// Unpaid orders.
    pub orders: usize,
    /// The oldest unpaid order's day (how long the customer has owed); `None` when only
    /// an opening balance is owed.
    pub since: Option<Day>,
}

/// Who owes what (应收账款): for each customer `live` accepts, the opening balance its
/// record carries (`opening`, by customer key) plus its unpaid orders in `cols`; the
/// largest debt first (ties: the longest owed, then key).
pub fn receivables(
    cols: &OrderColumns,
    opening: impl IntoIterator<Item = (u32, Cents)>,
    live: impl Fn(u32) -> bool,
) -> Vec<Owing> {
    let mut by: std::collections::HashMap<u32, Owing> = std::collections::HashMap::new();
    fn entry(by: &mut std::collections::HashMap<u32, Owing>, customer: u32) -> &mut Owing {
        by.entry(customer).or_insert(Owing {
            customer,
            owed: Cents(0),
            orders: 0,
            since: None,
        })
    }
    for (customer, owed) in opening {
        if owed.0 > 0 && live(customer) {
            entry(&mut by, customer).owed.0 += owed.0;
        }
    }
    for i in 0..cols.len() {
        let customer = cols.customer[i];
        if !cols.status_of(i).unpaid() || !live(customer) {
            continue;
        }
        let day = Day(cols.day[i]);
        let e = entry(&mut by, customer);
        e.owed.0 += cols.cents[i];
        e.orders += 1;
        e.since = Some(e.since.map_or(day, |s| s.min(day)));
    }
    let mut out: Vec<Owing> = by.into_values().collect();
    // `None` (an opening balance alone) sorts as owed longest: it predates the orders.
    out.sort_by(|a, b| (b.owed, a.since, a.customer).cmp(&(a.owed, b.since, b.customer)));
    out
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
            if !live(cols.customer[i]) || !cols.status_of(i).counts() {
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

    /// Columns of `rows` (status code, seller, cost) built row by row.
    fn terms_columns(first_id: u32, rows: &[(u8, u8, i8)]) -> OrderColumns {
        let mut c = OrderColumns::default();
        for (n, &(status, seller, cost)) in rows.iter().enumerate() {
            let seller = ["", "li", "wang", "zhao"][seller as usize % 4];
            let cost = (cost >= 0).then_some(Cents(cost as i64));
            let id = first_id + n as u32;
            c.push(id, id % 7, Day(id as i32), Cents(100 + id as i64));
            c.set_terms(
                c.len() - 1,
                OrderStatus::from_code(status % 6),
                seller,
                cost,
            );
        }
        c
    }

    /// The columns' rows pushed one at a time: the reference for extend and retain.
    fn row_by_row(
        parts: &[&OrderColumns],
        keep: impl Fn(&OrderColumns, usize) -> bool,
    ) -> OrderColumns {
        let mut out = OrderColumns::default();
        for p in parts {
            for i in (0..p.len()).filter(|&i| keep(p, i)) {
                out.push_row(p, i);
            }
        }
        out
    }

    proptest::proptest! {
        /// Extending and keeping rows column by column leave exactly the columns that
        /// pushing the rows one by one leaves: the same term columns, sellers coded in
        /// the same order.
        #[test]
        fn column_wise_extend_and_retain_match_row_by_row(
            a in proptest::collection::vec((0u8..6, 0u8..4, -1i8..3), 0..40),
            b in proptest::collection::vec((0u8..6, 0u8..4, -1i8..3), 0..40),
        ) {
            let (a, b) = (terms_columns(1, &a), terms_columns(1_000, &b));
            let mut joined = a.clone();
            joined.extend(&b);
            proptest::prop_assert_eq!(&joined, &row_by_row(&[&a, &b], |_, _| true));
            let keep = |c: &OrderColumns, i: usize| c.status_of(i).counts() && !c.id[i].is_multiple_of(3);
            let mut kept = joined.clone();
            let gone = kept.retain(keep);
            proptest::prop_assert_eq!(&kept, &row_by_row(&[&joined], keep));
            let gone_want: Vec<u32> = (0..joined.len())
                .filter(|&i| !keep(&joined, i))
                .map(|i| joined.id[i])
                .collect();
            proptest::prop_assert_eq!(gone, gone_want);
        }
    }

    /// An order of `a` cents on day `d`.
    fn mk(d: i32, a: i64) -> Order {
        Order {
            id: 1,
            customer: 1,
            day: Day(d),
            amount: Cents(a),
            ..Default::default()
        }
    }

    fn with(status: OrderStatus, seller: &str, cost: Option<i64>, o: Order) -> Order {
        Order {
            status,
            seller: seller.into(),
            cost: cost.map(Cents),
            ..o
        }
    }

    #[test]
    fn status_codes_round_trip_and_zero_is_completed() {
        for &s in OrderStatus::ALL {
            assert_eq!(OrderStatus::from_code(s.code()), s);
            assert_eq!(OrderStatus::from_slug(s.slug()), Some(s));
        }
        assert_eq!(OrderStatus::from_code(0), OrderStatus::Completed);
        assert_eq!(OrderStatus::from_code(200), OrderStatus::Completed);
        let unpaid: Vec<_> = OrderStatus::ALL.iter().filter(|s| s.unpaid()).collect();
        assert_eq!(unpaid, [&OrderStatus::Open, &OrderStatus::Shipped]);
    }

    #[test]
    fn term_columns_stay_empty_until_a_row_needs_them() {
        let mut c = OrderColumns::default();
        c.push(1, 1, Day(10), Cents(100));
        c.push(2, 1, Day(11), Cents(200));
        assert!(c.status.is_empty() && c.seller.is_empty() && c.cost.is_empty());
        let o = with(OrderStatus::Open, "s-1", Some(60), mk(12, 90));
        c.push_order(&Order { id: 3, ..o.clone() });
        assert!(c.is_whole());
        assert_eq!(c.status.len(), 3);
        assert_eq!(c.status_of(0), OrderStatus::Completed);
        assert_eq!(c.seller_of(0), None);
        assert_eq!(c.cost_of(0), None);
        assert_eq!(c.order_at(2), Order { id: 3, ..o });
        c.push(4, 2, Day(13), Cents(1));
        assert!(c.is_whole());
        assert_eq!(c.status_of(3), OrderStatus::Completed);
    }

    #[test]
    fn rows_insert_remove_and_extend_keep_their_terms() {
        let mut c = OrderColumns::default();
        c.push(1, 1, Day(10), Cents(100));
        c.push(3, 1, Day(10), Cents(300));
        let two = with(
            OrderStatus::Shipped,
            "s-2",
            Some(5),
            Order {
                id: 2,
                ..mk(10, 200)
            },
        );
        c.insert_row(1, &two);
        assert_eq!(c.id, [1, 2, 3]);
        assert_eq!(c.order_at(1), two);
        let mut d = OrderColumns::default();
        d.push_order(&with(
            OrderStatus::Paid,
            "s-1",
            None,
            Order { id: 9, ..mk(1, 1) },
        ));
        d.push_order(&with(
            OrderStatus::Open,
            "s-2",
            None,
            Order { id: 10, ..mk(1, 1) },
        ));
        c.extend(&d);
        assert!(c.is_whole());
        assert_eq!(c.seller_of(4), Some("s-2"));
        assert_eq!(c.seller_of(3), Some("s-1"));
        assert_eq!(c.sellers.len(), 2, "a seller is named once per dictionary");
        assert_eq!(c.remove_row(1), two);
        assert_eq!(c.id, [1, 3, 9, 10]);
        assert!(c.is_whole());
        // Plain history added to columns with terms gets the defaults.
        let mut plain = OrderColumns::default();
        plain.push(11, 1, Day(1), Cents(1));
        c.extend(&plain);
        assert!(c.is_whole());
        assert_eq!(c.status_of(4), OrderStatus::Completed);
        assert_eq!(c.cost_of(4), None);
    }

    #[test]
    fn counted_leaves_out_returned_and_cancelled_orders() {
        let mut c = OrderColumns::default();
        c.push(1, 1, Day(10), Cents(100));
        c.push_order(&with(
            OrderStatus::Returned,
            "",
            None,
            Order {
                id: 2,
                ..mk(10, 200)
            },
        ));
        c.push_order(&with(
            OrderStatus::Open,
            "s",
            Some(1),
            Order {
                id: 3,
                ..mk(10, 300)
            },
        ));
        c.push_order(&with(
            OrderStatus::Cancelled,
            "",
            None,
            Order {
                id: 4,
                ..mk(10, 400)
            },
        ));
        let kept = c.counted();
        assert_eq!(kept.id, [1, 3]);
        assert!(kept.is_whole());
        assert_eq!(kept.seller_of(1), Some("s"));
        let o = Overview::of(&kept, Day(10), |_| true);
        assert_eq!(o.revenue, Cents(400));
    }

    #[test]
    fn receivables_group_unpaid_orders_by_customer_largest_first() {
        let mut c = OrderColumns::default();
        let add = |c: &mut OrderColumns, id, cust, day, amount, s| {
            c.push_order(&with(
                s,
                "",
                None,
                Order {
                    id,
                    customer: cust,
                    ..mk(day, amount)
                },
            ));
        };
        add(&mut c, 1, 1, 10, 100, OrderStatus::Open);
        add(&mut c, 2, 1, 5, 50, OrderStatus::Shipped);
        add(&mut c, 3, 1, 1, 999, OrderStatus::Completed);
        add(&mut c, 4, 2, 7, 500, OrderStatus::Open);
        add(&mut c, 5, 3, 7, 900, OrderStatus::Open);
        add(&mut c, 6, 4, 7, 70, OrderStatus::Paid);
        let opening = [(5, Cents(150)), (3, Cents(1)), (4, Cents(0))];
        let r = receivables(&c, opening, |k| k != 3);
        let owing = |customer, owed, orders, since: Option<i32>| Owing {
            customer,
            owed: Cents(owed),
            orders,
            since: since.map(Day),
        };
        assert_eq!(
            r,
            [
                owing(2, 500, 1, Some(7)),
                owing(5, 150, 0, None),
                owing(1, 150, 2, Some(5)),
            ],
            "a cancelled customer's debts and paid orders are left out"
        );
    }

    #[test]
    fn summary_owes_open_and_shipped_and_skips_cancelled() {
        let s = OrderSummary::of(&[
            with(OrderStatus::Open, "", None, mk(5, 100)),
            with(OrderStatus::Shipped, "", None, mk(6, 10)),
            with(OrderStatus::Cancelled, "", None, mk(9, 1_000)),
            mk(7, 1),
        ]);
        assert_eq!(s.orders, 3);
        assert_eq!(s.total, Cents(111));
        assert_eq!(s.owed, Cents(110));
        assert_eq!(s.last, Some(Day(7)));
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
