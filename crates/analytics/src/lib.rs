//! Customer analytics over orders in plain columns: what a CRM analyst does with pandas,
//! `lifetimes` and scikit-learn, in Rust, with exact rules and no I/O.
//!
//! - [`rfm`]: recency, frequency and monetary value with quintile scores by the exact
//!   `qcut(rank(method="first"), 5)` rule, and the R×F segments;
//! - [`value`]: the behaviour matrix (order count × average order value, split at the
//!   medians) and the customer value pyramid (VIP, major, ordinary, small, inactive);
//! - [`retention`]: retention and churn per month, quarter or year, the repeat-purchase
//!   rate and the cohort table;
//! - [`clv`]: the BG/NBD and Gamma-Gamma models (Fader, Hardie & Lee 2005), fitted by
//!   maximum likelihood as `lifetimes` fits them, P(alive), expected purchases and
//!   customer lifetime value;
//! - [`cluster`]: k-means (Lloyd, k-means++ seeding) on standardised log RFM, the
//!   silhouette, and each cluster described;
//! - [`optimize`], [`parallel`], [`group`], [`calendar`], [`rng`]: the machinery
//!   underneath (BFGS, Nelder–Mead, log-gamma; per-customer work on every core; rows
//!   grouped by customer with a counting sort; civil dates; SplitMix64).
//!
//! # Data
//!
//! Orders come as [`Orders`]: three columns of equal length, one row per order.
//!
//! - **Customers** are dense `u32` keys (0, 1, 2, …). Results are indexed or sorted by
//!   key; map your own ids to keys first.
//! - **Days** are `i32` days since 1970-01-01 ([`calendar::from_ymd`] makes them).
//! - **Amounts** are `i64` cents, i.e. hundredths of the currency unit. Sums stay exact,
//!   and the models see major units (cents / 100).
//!
//! Every analysis looks at a [`Window`] of days, and "today" is always a parameter:
//! the same columns and window give the same result on every machine. Where a rule
//! breaks ties "in id order", pass each customer's place in your id order ([`id_order`]
//! makes one for text ids); an empty slice means ties go by key.
//!
//! ```
//! use kehu_analytics::{Orders, Window, calendar::from_ymd, rfm::rfm};
//!
//! let day = |m, d| from_ymd(2026, m, d).unwrap();
//! // Customer 0 ordered twice, customer 1 once.
//! let customer = [0, 0, 1];
//! let days = [day(1, 5), day(3, 1), day(2, 10)];
//! let cents = [12_000, 8_000, 4_550];
//! let orders = Orders::new(&customer, &days, &cents);
//!
//! let scores = rfm(orders, Window::all_to(day(3, 31)), &[]);
//! assert_eq!(scores[0].recency, 30);
//! assert_eq!(scores[0].frequency, 2);
//! assert_eq!(scores[0].monetary, 20_000);
//! assert_eq!((scores[0].r, scores[0].f, scores[0].m), (5, 5, 5));
//! assert_eq!((scores[1].r, scores[1].f, scores[1].m), (1, 1, 1));
//! ```

pub mod calendar;
pub mod cluster;
pub mod clv;
mod float;
pub mod group;
pub mod optimize;
pub mod parallel;
pub mod retention;
pub mod rfm;
pub mod rng;
pub mod value;

// The README's examples run as doctests too.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;

/// Orders as plain columns: row `i` is an order by customer `customer[i]` on day
/// `day[i]` (days since 1970-01-01) for `cents[i]` cents. Borrowed, so columns kept
/// elsewhere (a column store, an Arrow array, a file read once) are analysed in place.
#[derive(Debug, Clone, Copy, Default)]
pub struct Orders<'a> {
    customer: &'a [u32],
    day: &'a [i32],
    cents: &'a [i64],
}

impl<'a> Orders<'a> {
    /// The three columns of the same orders.
    ///
    /// # Panics
    ///
    /// If the columns differ in length.
    pub fn new(customer: &'a [u32], day: &'a [i32], cents: &'a [i64]) -> Orders<'a> {
        // A fixed message: formatting the lengths would cost every wasm binary its code.
        assert!(
            customer.len() == day.len() && day.len() == cents.len(),
            "order columns of different lengths"
        );
        Orders {
            customer,
            day,
            cents,
        }
    }

    pub fn len(&self) -> usize {
        self.customer.len()
    }

    pub fn is_empty(&self) -> bool {
        self.customer.is_empty()
    }

    pub fn customer(&self) -> &'a [u32] {
        self.customer
    }

    pub fn day(&self) -> &'a [i32] {
        self.day
    }

    pub fn cents(&self) -> &'a [i64] {
        self.cents
    }
}

/// Which orders an analysis looks at: those dated on or before `as_of`, and within the
/// trailing `days` when set (`as_of - days < day <= as_of`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// The analysis date, in days since 1970-01-01.
    pub as_of: i32,
    pub days: Option<u32>,
}

impl Window {
    /// Every order up to `as_of`.
    pub fn all_to(as_of: i32) -> Window {
        Window { as_of, days: None }
    }

    pub fn contains(&self, day: i32) -> bool {
        day <= self.as_of && self.days.is_none_or(|d| day > self.as_of - d as i32)
    }
}

/// Per-customer totals of the orders in a window, indexed by customer key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    /// Order rows (several on one day count apart).
    pub count: Vec<u32>,
    /// Sum of amounts in cents.
    pub cents: Vec<i64>,
    /// Last order day; meaningful only where `count > 0`.
    pub last: Vec<i32>,
    /// First order day; meaningful only where `count > 0`.
    pub first: Vec<i32>,
}

impl Totals {
    /// One pass over the orders. Keys are dense, so the tables are plain vectors sized to
    /// the largest key.
    pub fn of(orders: Orders, w: Window) -> Totals {
        let n = orders
            .customer
            .iter()
            .copied()
            .max()
            .map_or(0, |k| k as usize + 1);
        let mut t = Totals {
            count: vec![0; n],
            cents: vec![0; n],
            last: vec![i32::MIN; n],
            first: vec![i32::MAX; n],
        };
        for i in 0..orders.len() {
            let day = orders.day[i];
            if !w.contains(day) {
                continue;
            }
            let k = orders.customer[i] as usize;
            t.count[k] += 1;
            t.cents[k] += orders.cents[i];
            t.last[k] = t.last[k].max(day);
            t.first[k] = t.first[k].min(day);
        }
        t
    }

    /// Keys of the customers with at least one order in the window, ascending.
    pub fn active(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.count.len())
            .filter(|&k| self.count[k] > 0)
            .map(|k| k as u32)
    }
}

/// Each id's place in id order: ids that are integers (an optional `+`, then digits)
/// first, in numeric order whatever their length, then all other ids in byte order.
/// `ranks[i]` is the place of `ids[i]`; pass it where a rule breaks ties in id order.
///
/// ```
/// let ranks = kehu_analytics::id_order(&["b", "10", "9", "a"]);
/// assert_eq!(ranks, [3, 1, 0, 2]);
/// ```
pub fn id_order<S: AsRef<str>>(ids: &[S]) -> Vec<u32> {
    let keys: Vec<IdKey> = ids.iter().map(|id| id_key(id.as_ref())).collect();
    ranks(&keys, |_, _| std::cmp::Ordering::Equal)
}

/// [`id_order`], with ties between equal ids broken by `then[i]` (ids that may repeat,
/// such as names, made unique by a second key).
///
/// # Panics
///
/// If `then` is not as long as `ids`.
pub fn id_order_then<S: AsRef<str>, T: Ord>(ids: &[S], then: &[T]) -> Vec<u32> {
    assert_eq!(ids.len(), then.len(), "one tie-breaker per id");
    let keys: Vec<IdKey> = ids.iter().map(|id| id_key(id.as_ref())).collect();
    ranks(&keys, |a, b| then[a].cmp(&then[b]))
}

/// An id's sort key: integers of any length compare by (length without leading zeros,
/// digits), before every other id, which compares by bytes; the text itself last, so
/// "010" and "10" still have an order. Made once per id, not once per comparison.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum IdKey<'a> {
    Int(usize, &'a str, &'a str),
    Other(&'a [u8]),
}

impl IdKey<'_> {
    /// A number in the key's order that ties only where the keys' first eight bytes
    /// (digits, for an integer of the same length) tie: the sort compares it first, and
    /// most comparisons end there without following the keys' text.
    fn head(&self) -> u128 {
        // Zeros after a short key: zero is the least byte, so the order holds.
        fn first8(b: &[u8]) -> u128 {
            let mut x = [0u8; 8];
            let n = b.len().min(8);
            x[..n].copy_from_slice(&b[..n]);
            u64::from_be_bytes(x) as u128
        }
        match self {
            // Integers first: their length is far below 2^63, so the top bit is clear.
            IdKey::Int(len, digits, _) => (*len as u128) << 64 | first8(digits.as_bytes()),
            IdKey::Other(bytes) => 1 << 127 | first8(bytes),
        }
    }
}

fn id_key(s: &str) -> IdKey<'_> {
    let t = s.trim();
    let digits = t.strip_prefix('+').unwrap_or(t);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        let z = digits.trim_start_matches('0');
        IdKey::Int(z.len(), z, s)
    } else {
        IdKey::Other(s.as_bytes())
    }
}

/// `ranks[i]`: the place of item `i` when the items are sorted by their key, then by
/// `then` (stable). The sort moves (head, index) pairs, and reads a key only when two
/// heads tie.
fn ranks(keys: &[IdKey], then: impl Fn(usize, usize) -> std::cmp::Ordering) -> Vec<u32> {
    let mut rows: Vec<(u128, u32)> = (keys.iter().enumerate())
        .map(|(i, k)| (k.head(), i as u32))
        .collect();
    rows.sort_by(|&(ha, a), &(hb, b)| {
        let (a, b) = (a as usize, b as usize);
        ha.cmp(&hb)
            .then_with(|| keys[a].cmp(&keys[b]))
            .then_with(|| then(a, b))
    });
    let mut ranks = vec![0u32; keys.len()];
    for (place, &(_, i)) in rows.iter().enumerate() {
        ranks[i as usize] = place as u32;
    }
    ranks
}

/// Columns built row by row, for tests.
#[cfg(test)]
#[derive(Default)]
pub(crate) struct Cols {
    pub customer: Vec<u32>,
    pub day: Vec<i32>,
    pub cents: Vec<i64>,
}

#[cfg(test)]
impl Cols {
    pub fn push(&mut self, customer: u32, day: i32, cents: i64) {
        self.customer.push(customer);
        self.day.push(day);
        self.cents.push(cents);
    }

    pub fn orders(&self) -> Orders<'_> {
        Orders::new(&self.customer, &self.day, &self.cents)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_include_the_as_of_day_and_exclude_the_far_edge() {
        let w = Window {
            as_of: 100,
            days: Some(10),
        };
        assert!(w.contains(100) && w.contains(91));
        assert!(!w.contains(90) && !w.contains(101));
        assert!(Window::all_to(100).contains(-5_000));
    }

    #[test]
    fn totals_count_rows_and_sum_cents() {
        let mut o = Cols::default();
        o.push(2, 10, 100);
        o.push(2, 10, 50);
        o.push(2, 30, 1);
        o.push(0, 40, 7);
        let t = Totals::of(o.orders(), Window::all_to(35));
        assert_eq!(t.count, vec![0, 0, 3]);
        assert_eq!(t.cents[2], 151);
        assert_eq!((t.first[2], t.last[2]), (10, 30));
        assert_eq!(t.active().collect::<Vec<_>>(), vec![2]);
    }

    #[test]
    #[should_panic(expected = "order columns of different lengths")]
    fn columns_of_different_lengths_are_refused() {
        Orders::new(&[0, 1], &[5], &[100, 200]);
    }

    #[test]
    fn integer_ids_come_first_in_numeric_order() {
        let ids = ["b", "10", "9", "a", "010", "A"];
        let r = id_order(&ids);
        let mut sorted: Vec<&str> = vec![""; ids.len()];
        for (i, &p) in r.iter().enumerate() {
            sorted[p as usize] = ids[i];
        }
        assert_eq!(sorted, vec!["9", "010", "10", "A", "a", "b"]);
    }

    proptest::proptest! {
        /// The heads change no place: the ranks are those of a plain stable sort by key,
        /// then by the second key, on ids that share long prefixes and repeat.
        #[test]
        fn id_order_is_the_plain_sort_by_key(
            ids in proptest::collection::vec("(\\+?0{0,3}[0-9]{0,12}|[a-c ]{0,10}|abcdefgh[a-b]{0,3})", 0..200),
            then in proptest::collection::vec(0u8..4, 200),
        ) {
            let then = &then[..ids.len()];
            let keys: Vec<IdKey> = ids.iter().map(|id| id_key(id)).collect();
            let mut idx: Vec<usize> = (0..ids.len()).collect();
            idx.sort_by(|&a, &b| keys[a].cmp(&keys[b]).then_with(|| then[a].cmp(&then[b])));
            let mut plain = vec![0u32; ids.len()];
            for (place, &i) in idx.iter().enumerate() {
                plain[i] = place as u32;
            }
            proptest::prop_assert_eq!(id_order_then(&ids, then), plain);
        }
    }

    #[test]
    fn equal_ids_are_ordered_by_the_second_key() {
        let ids = ["Li Lei", "7", "Li Lei", "12", ""];
        let then = ["0193-b", "0193-z", "0193-a", "0193-c", "0193-d"];
        // Places: "7", "12", "", then the two "Li Lei" by second key (…-a before …-b).
        assert_eq!(id_order_then(&ids, &then), vec![4, 0, 3, 1, 2]);
    }
}
