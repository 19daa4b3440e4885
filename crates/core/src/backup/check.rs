//! Checking a backup before anything is written.
//!
//! A backup's checksum only says the file is as its writer made it; a doctored or
//! hand-edited file can still hold anything. So a restore (or merge) first checks the
//! whole of it, and refuses it, naming the record and what is wrong, before any store is
//! touched: ids and keys are unique and in range, order chunks are consistent (equal
//! column lengths, every order id inside its chunk's slots), every reference points at a
//! record the backup holds, and every record passes the rules its form applies.

use super::{BackupData, BackupError};
use crate::kinds::Refs;
use crate::order::{ORDER_CHUNK_CAP, OrderStatus};
use crate::validate::{self, FieldError};
use crate::{Cents, Day, Id, OrderLines, money::MAX_CENTS};
use std::collections::{HashMap, HashSet};

/// The highest customer key kehu hands out. Keys index per-customer arrays in the
/// analytics, so a key of 4,294,967,295 would ask for an array of that length; 16.7
/// million leaves room for any shop's lifetime of customers and imports.
pub const MAX_CUSTOMER_KEY: u32 = (1 << 24) - 1;

/// Record ids are UUIDs (36 characters); older or imported ones may differ, but none is
/// empty, longer than this, or holds spaces or control characters.
pub const MAX_ID_LEN: usize = 64;

/// The highest order chunk number: an order id (chunk × capacity + slot) is a u32.
const MAX_CHUNK: u32 = u32::MAX / ORDER_CHUNK_CAP;

/// Which record of a backup a problem is in.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Place {
    /// A customer, by key and name as the file has them.
    Customer {
        key: u32,
        name: String,
    },
    /// The last customer key handed out.
    KeySequence,
    /// A chunk of the order store, by number.
    OrderChunk(u32),
    /// One order, by id.
    Order(u32),
    /// A record of a kind in [`crate::kinds`], by the kind's name and the record's id.
    Record {
        kind: String,
        id: String,
    },
    Survey(String),
}

/// What is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Fault {
    /// Empty, longer than [`MAX_ID_LEN`], or with spaces or control characters.
    BadId,
    /// The same id (or chunk number, or order id) as an earlier record of its kind.
    Duplicate,
    NoKey,
    /// The same key as customer `other` (by name).
    SharedKey {
        other: String,
    },
    /// A customer key above the key sequence, or a sequence above [`MAX_CUSTOMER_KEY`].
    KeyOutOfRange {
        max: u32,
    },
    /// A chunk number no order id can have.
    BadChunk,
    /// The chunk's columns (ids, customers, days, amounts) differ in length.
    ColumnsDiffer,
    /// An order id outside its chunk's used slots, or not in ascending order.
    OutsideChunk,
    /// A day before 1000-01-01 or after today.
    DayOutOfRange,
    /// A negative amount or one above kehu's limit.
    AmountOutOfRange,
    /// Refers to a customer the backup does not hold.
    UnknownCustomer,
    /// Details of an order the backup does not hold.
    UnknownOrder,
    /// Answers a designed survey the backup does not hold.
    UnknownSurvey,
    /// A field its form refuses.
    Field(FieldError),
}

fn bad(place: Place, fault: Fault) -> BackupError {
    BackupError::Record { place, fault }
}

pub(crate) fn id_ok(id: &Id) -> bool {
    let s = id.as_str();
    !s.is_empty()
        && s.len() <= MAX_ID_LEN
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Checks ids of one kind: each well-formed, none twice.
fn unique_ids<'a>(
    ids: impl Iterator<Item = &'a Id>,
    place: impl Fn(&Id) -> Place,
) -> Result<HashSet<&'a str>, BackupError> {
    let mut seen = HashSet::new();
    for id in ids {
        if !id_ok(id) {
            return Err(bad(place(id), Fault::BadId));
        }
        if !seen.insert(id.as_str()) {
            return Err(bad(place(id), Fault::Duplicate));
        }
    }
    Ok(seen)
}

fn record_place((kind, id): crate::kinds::DocPlace) -> Place {
    Place::Record {
        kind: kind.to_string(),
        id,
    }
}

impl BackupData {
    /// What a restore needs to hold before it clears anything: well-formed unique ids,
    /// unique keys in range, consistent order chunks, references that resolve. Cheap
    /// enough to run again right before writing.
    pub fn check_structure(&self) -> Result<(), BackupError> {
        let customer_place = |c: &crate::Customer| Place::Customer {
            key: c.key,
            name: c.name.clone(),
        };
        let by_id: HashMap<&Id, &crate::Customer> =
            self.customers.iter().map(|c| (&c.id, c)).collect();
        let customer_ids = unique_ids(self.customers.iter().map(|c| &c.id), |id| {
            by_id.get(id).map_or(
                Place::Customer {
                    key: 0,
                    name: id.0.clone(),
                },
                |c| customer_place(c),
            )
        })?;
        if self.customer_key_seq > MAX_CUSTOMER_KEY {
            return Err(bad(
                Place::KeySequence,
                Fault::KeyOutOfRange {
                    max: MAX_CUSTOMER_KEY,
                },
            ));
        }
        let mut keys: HashMap<u32, &str> = HashMap::with_capacity(self.customers.len());
        for c in &self.customers {
            if c.key == 0 {
                return Err(bad(customer_place(c), Fault::NoKey));
            }
            if c.key > self.customer_key_seq {
                return Err(bad(
                    customer_place(c),
                    Fault::KeyOutOfRange {
                        max: self.customer_key_seq,
                    },
                ));
            }
            if let Some(other) = keys.insert(c.key, &c.name) {
                return Err(bad(
                    customer_place(c),
                    Fault::SharedKey {
                        other: other.to_string(),
                    },
                ));
            }
        }
        let orders = self.check_chunks(&keys)?;
        let mut details = HashSet::new();
        for d in &self.order_details {
            if !orders.contains(&d.id) {
                return Err(bad(Place::Order(d.id), Fault::UnknownOrder));
            }
            if !details.insert(d.id) {
                return Err(bad(Place::Order(d.id), Fault::Duplicate));
            }
        }
        unique_ids(self.surveys.iter().map(|s| &s.id), |id| {
            Place::Survey(id.0.clone())
        })?;
        let surveys: HashMap<&str, &crate::Survey> =
            self.surveys.iter().map(|s| (s.id.as_str(), s)).collect();
        let refs = Refs {
            customers: &customer_ids,
            surveys: &surveys,
        };
        self.docs
            .check_refs(&refs)
            .map_err(|(place, fault)| bad(record_place(place), fault))?;
        Ok(())
    }

    /// The order chunks: numbers in range and unique, columns of one length, ids
    /// ascending inside their chunk's used slots, customers known, days and amounts in
    /// range (days checked against today by [`BackupData::validate`]). Returns every
    /// order id.
    fn check_chunks(&self, keys: &HashMap<u32, &str>) -> Result<HashSet<u32>, BackupError> {
        let mut numbers = HashSet::new();
        let mut batches = HashSet::new();
        let mut ids = HashSet::with_capacity(self.order_count());
        for c in &self.order_chunks {
            let chunk = Place::OrderChunk(c.no);
            if c.no == 0 || c.no > MAX_CHUNK || c.next > ORDER_CHUNK_CAP {
                return Err(bad(chunk, Fault::BadChunk));
            }
            // Two chunks under one batch id would be one batch to another device.
            if !numbers.insert(c.no) || (!c.batch.is_empty() && !batches.insert(&c.batch)) {
                return Err(bad(chunk, Fault::Duplicate));
            }
            let n = c.ids.len();
            let cols = c.columns();
            let bad_status = c
                .status
                .iter()
                .any(|&s| s as usize >= OrderStatus::ALL.len());
            if c.customers.len() != n || !cols.is_whole() || bad_status || !c.lines.is_whole() {
                return Err(bad(chunk, Fault::ColumnsDiffer));
            }
            let first = c.no * ORDER_CHUNK_CAP;
            let mut last = None;
            for i in 0..n {
                let id = c.ids[i];
                let order = Place::Order(id);
                if id < first || id - first >= c.next || last.is_some_and(|l| id <= l) {
                    return Err(bad(order, Fault::OutsideChunk));
                }
                last = Some(id);
                ids.insert(id);
                if !keys.contains_key(&c.customers[i]) {
                    return Err(bad(order, Fault::UnknownCustomer));
                }
                if c.days[i] < min_day().0 {
                    return Err(bad(order, Fault::DayOutOfRange));
                }
                if !(0..=MAX_CENTS).contains(&c.cents[i])
                    || c.cost
                        .get(i)
                        .is_some_and(|&k| !(-1..=MAX_CENTS).contains(&k))
                {
                    return Err(bad(order, Fault::AmountOutOfRange));
                }
            }
            if let Some(&o) = c
                .lines
                .order
                .iter()
                .find(|o| c.ids.binary_search(o).is_err())
            {
                return Err(bad(Place::Order(o), Fault::UnknownOrder));
            }
        }
        Ok(ids)
    }

    /// Moves the items of a backup from before order lines were columns (in the
    /// orders' details) into their chunks' lines; details left with no note go.
    fn lift_items(&mut self) -> Result<(), BackupError> {
        let mut by_chunk: HashMap<u32, usize> = HashMap::new();
        for (i, c) in self.order_chunks.iter().enumerate() {
            by_chunk.insert(c.no, i);
        }
        for d in &mut self.order_details {
            if d.items.is_empty() {
                continue;
            }
            let Some(&c) = by_chunk.get(&(d.id / ORDER_CHUNK_CAP)) else {
                return Err(bad(Place::Order(d.id), Fault::UnknownOrder));
            };
            let lines = &mut self.order_chunks[c].lines;
            if !lines.range_of(d.id).is_empty() {
                return Err(bad(Place::Order(d.id), Fault::Duplicate));
            }
            lines.set_items(d.id, &std::mem::take(&mut d.items));
        }
        self.order_details.retain(|d| !d.note.is_empty());
        Ok(())
    }

    /// Checks everything ([`BackupData::check_structure`], then every record by the
    /// rules of its form, with `today` as the latest possible date) and returns the data
    /// as the forms would store it (text cleaned of control and direction-override
    /// characters).
    pub fn validate(mut self, today: Day) -> Result<BackupData, BackupError> {
        self.check_structure()?;
        let field =
            |place: Place, mut errs: Vec<FieldError>| bad(place, Fault::Field(errs.remove(0)));
        for c in &mut self.customers {
            let place = Place::Customer {
                key: c.key,
                name: c.name.clone(),
            };
            *c = validate::check_customer(c.clone(), today).map_err(|e| field(place, e))?;
        }
        for c in &self.order_chunks {
            if let Some(i) = (0..c.days.len()).find(|&i| c.days[i] > today.0) {
                return Err(bad(Place::Order(c.ids[i]), Fault::DayOutOfRange));
            }
        }
        let day_of: HashMap<u32, (Day, Cents)> = self
            .order_chunks
            .iter()
            .flat_map(|c| {
                (0..c.ids.len()).map(move |i| (c.ids[i], (Day(c.days[i]), Cents(c.cents[i]))))
            })
            .collect();
        for d in &mut self.order_details {
            let (day, amount) = day_of.get(&d.id).copied().unwrap_or((today, Cents(0)));
            let order = crate::Order {
                id: d.id,
                customer: 0,
                day,
                amount,
                items: std::mem::take(&mut d.items),
                note: std::mem::take(&mut d.note),
                ..Default::default()
            };
            let o =
                validate::check_order(order, today).map_err(|e| field(Place::Order(d.id), e))?;
            (d.items, d.note) = (o.items, o.note);
        }
        self.lift_items()?;
        for c in &mut self.order_chunks {
            c.lines = check_lines(&c.lines, &day_of, today)
                .map_err(|(id, e)| field(Place::Order(id), e))?;
        }
        let customers: HashSet<&str> = self.customers.iter().map(|c| c.id.as_str()).collect();
        let surveys: HashMap<&str, &crate::Survey> =
            self.surveys.iter().map(|s| (s.id.as_str(), s)).collect();
        let refs = Refs {
            customers: &customers,
            surveys: &surveys,
        };
        let mut docs = std::mem::take(&mut self.docs);
        docs.check_fields(&refs, today)
            .map_err(|(place, e)| field(record_place(place), vec![e]))?;
        self.docs = docs;
        for s in &mut self.surveys {
            let place = Place::Survey(s.id.0.clone());
            *s = validate::check_survey(s.clone()).map_err(|e| field(place, e))?;
        }
        Ok(self)
    }
}

/// The earliest day kehu takes (what the date parsers accept).
pub fn min_day() -> Day {
    Day::from_ymd(1000, 1, 1).unwrap_or(Day(i32::MIN))
}

/// A chunk's lines checked by the rules of the order form, order by order, and
/// returned as the form would store them (names cleaned).
fn check_lines(
    lines: &OrderLines,
    day_of: &HashMap<u32, (Day, Cents)>,
    today: Day,
) -> Result<OrderLines, (u32, Vec<FieldError>)> {
    let mut out = crate::LineBuilder::default();
    let mut at = 0;
    while at < lines.len() {
        let id = lines.order[at];
        let range = lines.range_of(id);
        at = range.end;
        let (day, amount) = day_of.get(&id).copied().unwrap_or((today, Cents(0)));
        let order = crate::Order {
            id,
            day,
            amount,
            items: range.map(|i| lines.item(i)).collect(),
            ..Default::default()
        };
        let o = validate::check_order(order, today).map_err(|e| (id, e))?;
        out.push(id, &o.items);
    }
    Ok(out.finish())
}
