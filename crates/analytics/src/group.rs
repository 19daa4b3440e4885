//! Rows grouped by a dense key (a customer's) with a counting sort: two passes over the
//! rows and no comparisons, where sorting a million orders by customer costs several
//! times as much. Each key's rows keep the order they came in.
//!
//! ```
//! use kehu_analytics::group::ByKey;
//!
//! // Four orders: customer and day.
//! let (customer, day) = ([2, 0, 2, 2], [40, 10, 30, 40]);
//! let mut days = ByKey::of(4, |i| Some(customer[i]), |i| day[i]);
//! assert_eq!(days.get(2), [40, 30, 40]);
//! assert_eq!(days.get(1), []);
//! days.sort_dedup_each();
//! assert_eq!(days.get(2), [30, 40]);
//! let pairs: Vec<(u32, i32)> = days.pairs().collect();
//! assert_eq!(pairs, [(0, 10), (2, 30), (2, 40)]);
//! ```

/// Rows by key: key `k`'s are `rows[start[k]..start[k + 1]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ByKey<T> {
    start: Vec<u32>,
    rows: Vec<T>,
}

impl<T: Copy + Default> ByKey<T> {
    /// Rows `0..rows`, row `i` under key `key(i)` (left out when `None`) as `value(i)`.
    /// `value` is asked once per row kept, after every key.
    pub fn of(
        rows: usize,
        key: impl Fn(usize) -> Option<u32>,
        value: impl Fn(usize) -> T,
    ) -> ByKey<T> {
        let mut start = vec![0u32];
        for k in (0..rows).filter_map(&key) {
            let k = k as usize;
            if k + 1 >= start.len() {
                start.resize(k + 2, 0);
            }
            start[k + 1] += 1;
        }
        for k in 1..start.len() {
            start[k] += start[k - 1];
        }
        let mut out = vec![T::default(); start[start.len() - 1] as usize];
        let mut next = start.clone();
        for i in 0..rows {
            if let Some(k) = key(i) {
                let slot = &mut next[k as usize];
                out[*slot as usize] = value(i);
                *slot += 1;
            }
        }
        ByKey { start, rows: out }
    }

    /// One past the greatest key.
    pub fn keys(&self) -> usize {
        self.start.len() - 1
    }

    /// Key `k`'s rows (none past the greatest key).
    pub fn get(&self, k: usize) -> &[T] {
        match self.start.get(k..k + 2) {
            Some(&[a, b]) => &self.rows[a as usize..b as usize],
            _ => &[],
        }
    }

    /// Every key with its rows, in key order (keys without rows included).
    pub fn groups(&self) -> impl Iterator<Item = (u32, &[T])> {
        self.start
            .windows(2)
            .enumerate()
            .map(|(k, s)| (k as u32, &self.rows[s[0] as usize..s[1] as usize]))
    }

    /// Sorts each key's rows by `key`.
    pub fn sort_each_by_key<K: Ord>(&mut self, key: impl Fn(&T) -> K) {
        for s in self.start.windows(2) {
            self.rows[s[0] as usize..s[1] as usize].sort_unstable_by_key(&key);
        }
    }
}

impl<T: Copy + Default + Ord> ByKey<T> {
    /// Sorts each key's rows and leaves each distinct row once.
    pub fn sort_dedup_each(&mut self) {
        let mut kept = 0;
        let mut from = 0;
        for k in 1..self.start.len() {
            let to = self.start[k] as usize;
            let group = &mut self.rows[from..to];
            group.sort_unstable();
            let mut last = None;
            for i in from..to {
                let v = self.rows[i];
                if last != Some(v) {
                    self.rows[kept] = v;
                    kept += 1;
                    last = Some(v);
                }
            }
            from = to;
            self.start[k] = kept as u32;
        }
        self.rows.truncate(kept);
    }

    /// (key, row) for every row, by key, then as the rows stand.
    pub fn pairs(&self) -> impl Iterator<Item = (u32, T)> + '_ {
        self.groups()
            .flat_map(|(k, rows)| rows.iter().map(move |&v| (k, v)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Grouping, then sorting and deduplicating each key's rows, gives exactly the
        /// distinct pairs a full sort gives, and each key's rows in their first order.
        #[test]
        fn grouping_matches_sorting_everything(
            rows in proptest::collection::vec((0u32..40, 0i32..8), 0..300),
        ) {
            let mut by = ByKey::of(rows.len(), |i| Some(rows[i].0), |i| rows[i].1);
            for k in 0..45 {
                let want: Vec<i32> = rows.iter().filter(|r| r.0 == k).map(|r| r.1).collect();
                proptest::prop_assert_eq!(by.get(k as usize), &want[..]);
            }
            by.sort_dedup_each();
            let mut want = rows.clone();
            want.sort_unstable();
            want.dedup();
            proptest::prop_assert_eq!(by.pairs().collect::<Vec<_>>(), want);
        }
    }
}
