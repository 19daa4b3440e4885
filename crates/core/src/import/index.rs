//! Finding the stored customer a file's reference names: by kehu id, customer number,
//! email, phone or name.
//!
//! An order file names a customer on each of its million rows, in no order, among a
//! hundred thousand customers; each lookup then waits on memory, not on arithmetic.
//! A map of `String`s touches three places per lookup (its control bytes, the entry,
//! the key's own allocation); here each way of referring keeps its keys' texts end to
//! end in one string, and a table of (hash, where the text is, hits), so a lookup
//! touches the table and that string, and building the index allocates nothing per
//! key. `hashbrown`'s `HashTable` is what lets a table hold entries whose key lives
//! elsewhere: the standard map's lookups need the key type itself.

use crate::dedup::Person;
use crate::fxhash::hash_str as hash;
use crate::text::with_folded;

/// Existing customers by every way a file refers to them.
#[derive(Debug, Default)]
pub struct CustomerIndex {
    pub(super) by_id: Way,
    pub(super) by_code: Way,
    pub(super) by_email: Way,
    pub(super) by_phone: Way,
    pub(super) by_name: Way,
}

/// The customers a key names: the first of them and how many (more than one is
/// ambiguous).
#[derive(Debug, Clone, Copy)]
pub(super) struct Hits {
    pub(super) first: u32,
    pub(super) count: u32,
}

/// What a reference found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    None,
    One(usize),
    Many(usize),
}

impl From<Option<&Hits>> for Found {
    fn from(hits: Option<&Hits>) -> Found {
        match hits {
            None => Found::None,
            Some(h) if h.count == 1 => Found::One(h.first as usize),
            Some(h) => Found::Many(h.count as usize),
        }
    }
}

/// One way of referring to customers: each distinct key once, with its hits.
#[derive(Debug, Default)]
pub(super) struct Way {
    keys: hashbrown::HashTable<Key>,
    /// Every key's text, end to end.
    text: String,
    /// Which key lengths occur (bit n: n bytes, bit 63: 63 or more): a reference of any
    /// other length is not looked up (a customer number is never tried as a kehu id).
    lengths: u64,
    /// The customer and key (its text's place) of the last put: a customer's puts come
    /// one after another, so one under a key twice (two equal phones) counts once.
    last: Option<(u32, u32)>,
}

/// 16 bytes: the table's entries are what a lookup waits for.
#[derive(Debug, Clone, Copy)]
struct Key {
    at: u32,
    len: u32,
    hits: Hits,
}

fn length_bit(key: &str) -> u64 {
    1 << key.len().min(63)
}

fn text_of<'t>(text: &'t str, k: &Key) -> &'t str {
    &text[k.at as usize..(k.at + k.len) as usize]
}

impl Way {
    /// Notes that customer `i` goes by `key` (nothing for an empty key); all of one
    /// customer's puts come together.
    fn put(&mut self, key: &str, i: u32) {
        if key.is_empty() {
            return;
        }
        let text = &self.text;
        let eq = |k: &Key| text_of(text, k) == key;
        // Growing rehashes from the texts: a hash kept in each entry would make every
        // lookup's entry larger.
        match (self.keys).entry(hash(key), eq, |k| hash(text_of(text, k))) {
            hashbrown::hash_table::Entry::Occupied(mut e) => {
                let k = e.get_mut();
                if self.last != Some((i, k.at)) {
                    k.hits.count += 1;
                }
                self.last = Some((i, k.at));
            }
            hashbrown::hash_table::Entry::Vacant(e) => {
                let (at, len) = (self.text.len() as u32, key.len() as u32);
                e.insert(Key {
                    at,
                    len,
                    hits: Hits { first: i, count: 1 },
                });
                self.text.push_str(key);
                self.lengths |= length_bit(key);
                self.last = Some((i, at));
            }
        }
    }

    /// The customers that go by `key`.
    pub(super) fn get(&self, key: &str) -> Option<&Hits> {
        if key.is_empty() || self.lengths & length_bit(key) == 0 {
            return None;
        }
        let found = self.keys.find(hash(key), |k| text_of(&self.text, k) == key);
        found.map(|k| &k.hits)
    }
}

impl CustomerIndex {
    /// Indexes the customers not in the trash (positions in `all`).
    pub fn new(all: &[Person]) -> Self {
        let mut ix = CustomerIndex::default();
        for (i, c) in all.iter().enumerate().filter(|(_, c)| !c.deleted) {
            let i = i as u32;
            ix.by_id.put(c.id, i);
            with_folded(c.code.trim(), |k| ix.by_code.put(k, i));
            with_lowercase(c.email.trim(), |k| ix.by_email.put(k, i));
            for p in &c.phones {
                ix.by_phone.put(&phone_key(p), i);
            }
            with_folded(c.name.trim(), |k| ix.by_name.put(k, i));
        }
        ix
    }

    /// The customer with kehu id `id` (ids are unique: the first, were one given twice).
    pub(super) fn by_id(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).map(|h| h.first as usize)
    }

    /// The customer a free-form reference names: kehu id, customer number, email, phone
    /// or name, in that order.
    pub fn resolve(&self, r: &str) -> Found {
        let r = r.trim();
        if let Some(i) = self.by_id(r) {
            return Found::One(i);
        }
        // Each way looked up only when those before found nothing (an order file names
        // customers by number a million times), and the key folded without allocating.
        let some = |found: Found| (found != Found::None).then_some(found);
        with_folded(r, |folded| {
            some(self.by_code.get(folded).into())
                .or_else(|| with_lowercase(r, |k| some(self.by_email.get(k).into())))
                .or_else(|| some(self.by_phone.get(&phone_key(r)).into()))
                .or_else(|| some(self.by_name.get(folded).into()))
                .unwrap_or(Found::None)
        })
    }
}

/// `f` of `s.to_lowercase()`, without allocating for ASCII (an email nearly always).
pub(super) fn with_lowercase<R>(s: &str, f: impl FnOnce(&str) -> R) -> R {
    if s.is_ascii() {
        // ASCII folds as it lowercases.
        with_folded(s, f)
    } else {
        f(&s.to_lowercase())
    }
}

/// A phone number for matching, or empty when too short to be one (what the customer
/// form accepts as a phone: five digits or more).
pub(super) fn phone_key(p: &str) -> String {
    let d = crate::text::phone_key(p);
    if d.len() >= 5 { d } else { String::new() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold;
    use proptest::prelude::*;

    /// What `resolve` must find, by scanning everyone for each way in turn.
    fn by_scan(all: &[Person], r: &str) -> Found {
        let r = r.trim();
        let live = || all.iter().enumerate().filter(|(_, p)| !p.deleted);
        if let Some((i, _)) = live().find(|(_, p)| !r.is_empty() && p.id == r) {
            return Found::One(i);
        }
        let ways: [&dyn Fn(&Person) -> bool; 4] = [
            &|p| fold(p.code.trim()) == fold(r),
            &|p| p.email.trim().to_lowercase() == r.to_lowercase(),
            &|p| p.phones.iter().any(|x| phone_key(x) == phone_key(r)),
            &|p| fold(p.name.trim()) == fold(r),
        ];
        let keyed = [fold(r), r.to_lowercase(), phone_key(r), fold(r)];
        for (way, key) in ways.iter().zip(keyed) {
            let hits: Vec<usize> = live().filter(|(_, p)| way(p)).map(|(i, _)| i).collect();
            match hits[..] {
                _ if key.is_empty() => {}
                [] => {}
                [i] => return Found::One(i),
                _ => return Found::Many(hits.len()),
            }
        }
        Found::None
    }

    fn person(
        (id, code, email, phones, name, deleted): &(
            String,
            String,
            String,
            [String; 2],
            String,
            bool,
        ),
    ) -> Person<'_> {
        Person {
            id,
            key: 0,
            name,
            code,
            email,
            phones: phones.iter().map(String::as_str).collect(),
            city: "",
            deleted: *deleted,
        }
    }

    proptest! {
        /// Short alphabets, so keys repeat across customers, ways and cases; phones
        /// written with and without separators and the country code; full-width
        /// letters and spaces around.
        #[test]
        fn finds_what_a_scan_of_everyone_finds(
            rows in proptest::collection::vec((
                "[ab]{0,2}",
                "[ aAbＡ]{0,3}",
                "[aB@]{0,3}",
                ["(\\+86 )?1380000[0-9]{4}|[0-9-]{0,6}", "[0-9 ]{0,6}"],
                "[王a ]{0,2}",
                proptest::bool::weighted(0.2),
            ), 0..25),
            refs in proptest::collection::vec(
                "[ aAbＡB@王0-9+-]{0,4}|1380000[0-9]{4}|\\+86 1380000[0-9]{4}", 1..20),
        ) {
            let people: Vec<Person> = rows.iter().map(person).collect();
            let ix = CustomerIndex::new(&people);
            for r in &refs {
                prop_assert_eq!(ix.resolve(r), by_scan(&people, r), "{:?}", r);
            }
        }
    }

    #[test]
    fn a_customer_under_one_phone_twice_counts_once() {
        let two = ["138-0000-1111".to_string(), "13800001111".to_string()];
        let rows = [
            (
                "a".into(),
                String::new(),
                String::new(),
                two.clone(),
                String::new(),
                false,
            ),
            (
                "b".into(),
                String::new(),
                String::new(),
                two,
                String::new(),
                false,
            ),
        ];
        let people: Vec<Person> = rows.iter().map(person).collect();
        assert_eq!(
            CustomerIndex::new(&people[..1]).resolve("13800001111"),
            Found::One(0)
        );
        assert_eq!(
            CustomerIndex::new(&people).resolve("13800001111"),
            Found::Many(2)
        );
    }
}
