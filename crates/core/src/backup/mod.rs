//! The backup file: everything kehu stores, in one versioned JSON file with a checksum,
//! and what restoring it into a database that already holds data (merging) would write.
//!
//! The file is `{"kehu_backup":1,"schema":…,"created":…,"counts":{…},"checksum":…,
//! "data":{…}}`. The checksum covers the exact bytes of `data`, which is written in a
//! canonical order (records sorted by key or id), so backing up the same content twice
//! gives the same `data`, byte for byte. Derived data (the analytics cache, snapshots)
//! is left out: it is rebuilt after a restore.

mod check;

pub(crate) use check::id_ok;
pub use check::{Fault, MAX_CUSTOMER_KEY, MAX_ID_LEN, Place, min_day};

use crate::fxhash::FxHashMap;
use crate::{Customer, Docs, Millis, OrderColumns, OrderItem, OrderLines, Survey};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::BTreeMap;

/// The backup file format this build writes. Older formats are read and upgraded.
pub const FORMAT: u32 = 1;

/// [`OrderChunk::made_on`] of a loose chunk another device made: never a device id.
pub const MADE_ELSEWHERE: &str = "elsewhere";

/// Whether loose chunk `made_on` (as a backup records it) is another device's on the
/// device with id `device`.
pub fn made_elsewhere(made_on: &str, device: &str) -> bool {
    !made_on.is_empty() && made_on != device
}

/// One chunk of the order store as stored (see `kehu-store`'s order store): kept whole so
/// a restore gives every order back its own id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderChunk {
    pub no: u32,
    /// The next free slot (slots of deleted orders are not reused).
    pub next: u32,
    pub ids: Vec<u32>,
    pub customers: Vec<u32>,
    pub days: Vec<i32>,
    pub cents: Vec<i64>,
    /// The chunk's global id (`kehu_core::sync`): its orders are `<batch>/<slot>` on
    /// every device. Empty in backups from before it existed; a restore gives one.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub batch: String,
    /// Hand-entered orders, each shared on its own, rather than one import's batch.
    #[serde(default, skip_serializing_if = "is_false")]
    pub loose: bool,
    /// The device that made a loose chunk, which alone adds orders to it (two devices
    /// adding to one chunk would give one slot to two orders): the backing-up device's
    /// id, or [`MADE_ELSEWHERE`] for a chunk whose orders came by sync. Empty in backups
    /// from before sync, when every chunk was the backing-up device's.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub made_on: String,
    /// The term columns of [`OrderColumns`], each empty when every order has the
    /// default (as in backups from before orders had them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub status: Vec<u8>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seller: Vec<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sellers: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cost: Vec<i64>,
    /// The lines of the chunk's orders (backups from before lines were columns carry
    /// items in [`OrderDetails`] instead; a restore moves them here).
    #[serde(default, skip_serializing_if = "OrderLines::is_empty")]
    pub lines: OrderLines,
}

impl OrderChunk {
    /// The chunk's orders as columns.
    pub fn columns(&self) -> OrderColumns {
        OrderColumns {
            id: self.ids.clone(),
            customer: self.customers.clone(),
            day: self.days.clone(),
            cents: self.cents.clone(),
            status: self.status.clone(),
            seller: self.seller.clone(),
            sellers: self.sellers.clone(),
            cost: self.cost.clone(),
        }
    }

    /// Chunk `no` holding `cols` (`next`, `batch` and `loose` as given).
    pub fn of(no: u32, next: u32, batch: String, loose: bool, cols: OrderColumns) -> OrderChunk {
        OrderChunk {
            no,
            next,
            ids: cols.id,
            customers: cols.customer,
            days: cols.day,
            cents: cols.cents,
            batch,
            loose,
            made_on: String::new(),
            status: cols.status,
            seller: cols.seller,
            sellers: cols.sellers,
            cost: cols.cost,
            lines: OrderLines::default(),
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The note of one order (and, in backups from before order lines were kept in
/// columns, its items).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDetails {
    pub id: u32,
    #[serde(default)]
    pub items: Vec<OrderItem>,
    #[serde(default)]
    pub note: String,
}

/// Everything in a backup. Customers carry their keys; orders refer to them by key.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BackupData {
    #[serde(default)]
    pub customers: Vec<Customer>,
    /// The last customer key handed out (keys of erased customers are not reused).
    #[serde(default)]
    pub customer_key_seq: u32,
    #[serde(default)]
    pub order_chunks: Vec<OrderChunk>,
    #[serde(default)]
    pub order_details: Vec<OrderDetails>,
    /// The records of every kind in [`crate::kinds`], each list under its kind's name.
    #[serde(flatten)]
    pub docs: Docs,
    #[serde(default)]
    pub surveys: Vec<Survey>,
    /// The app's settings that travel with the data (language, currency, analysis
    /// choices, remembered import mappings); not device secrets such as the kiosk PIN.
    #[serde(default)]
    pub settings: BTreeMap<String, String>,
}

impl BackupData {
    /// Sorts every list by its key, so equal content serialises to equal bytes.
    pub fn canonicalise(&mut self) {
        self.customers.sort_by_key(|c| c.key);
        self.order_chunks.sort_by_key(|c| c.no);
        self.order_details.sort_by_key(|d| d.id);
        self.docs.canonicalise();
        self.surveys.sort_by(|a, b| a.id.cmp(&b.id));
    }

    pub fn order_count(&self) -> usize {
        self.order_chunks.iter().map(|c| c.ids.len()).sum()
    }

    /// All orders as columns (customer = the backup's customer key).
    pub fn orders(&self) -> OrderColumns {
        let mut out = OrderColumns::with_capacity(self.order_count());
        for c in &self.order_chunks {
            out.extend(&c.columns());
        }
        out
    }
}

/// What a backup holds, shown before restoring. Written as one object of counts by name
/// (`{"customers":…,"orders":…,"surveys":…,"interactions":…}`), read through a map
/// rather than `serde(flatten)`, whose buffering machinery would cost the page's wasm.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "BTreeMap<String, usize>", into = "BTreeMap<String, usize>")]
pub struct Counts {
    pub customers: usize,
    pub orders: usize,
    pub surveys: usize,
    /// Records of each kind in [`crate::kinds`], by its name.
    pub docs: BTreeMap<String, usize>,
}

impl From<BTreeMap<String, usize>> for Counts {
    fn from(mut all: BTreeMap<String, usize>) -> Counts {
        let mut take = |k: &str| all.remove(k).unwrap_or(0);
        Counts {
            customers: take("customers"),
            orders: take("orders"),
            surveys: take("surveys"),
            docs: all,
        }
    }
}

impl From<Counts> for BTreeMap<String, usize> {
    fn from(c: Counts) -> Self {
        let mut all = c.docs;
        all.insert("customers".into(), c.customers);
        all.insert("orders".into(), c.orders);
        all.insert("surveys".into(), c.surveys);
        all
    }
}

impl Counts {
    /// How many records of kind `name` (0 for a kind the file does not count).
    pub fn of(&self, name: &str) -> usize {
        self.docs.get(name).copied().unwrap_or(0)
    }
}

/// A backup file's header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub kehu_backup: u32,
    /// The database schema version of the app that wrote it.
    pub schema: u32,
    pub created: Millis,
    pub counts: Counts,
    pub checksum: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum BackupError {
    #[error("not a kehu backup file")]
    NotABackup,
    /// Made by a newer kehu than this one.
    #[error("made by a newer version of kehu (backup format {0})")]
    TooNew(u32),
    /// The content does not match its checksum: the file was cut short or changed.
    #[error("the file is damaged (checksum mismatch)")]
    Damaged,
    #[error("unreadable content: {0}")]
    Invalid(String),
    /// Made by a kehu whose database is newer than this one's: restoring it would drop
    /// what this version does not know.
    #[error("made by a newer version of kehu (database version {file}, this app {app})")]
    NewerSchema { file: u32, app: u32 },
    /// One record breaks a rule (see [`BackupData::check_structure`] and
    /// [`BackupData::validate`]).
    #[error("{place:?}: {fault:?}")]
    Record { place: Place, fault: Fault },
}

/// FNV-1a, 64 bits: catches a truncated or edited file (it is not a signature).
fn checksum(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("fnv1a64:{h:016x}")
}

/// The backup file for `data` (canonicalised first).
pub fn encode(mut data: BackupData, schema: u32, created: Millis) -> String {
    data.canonicalise();
    let counts = Counts {
        customers: data.customers.len(),
        orders: data.order_count(),
        surveys: data.surveys.len(),
        docs: data
            .docs
            .counts()
            .into_iter()
            .map(|(k, n)| (k.to_string(), n))
            .collect(),
    };
    // Serialising plain data with string keys cannot fail.
    let body = serde_json::to_string(&data).unwrap_or_default();
    let header = Header {
        kehu_backup: FORMAT,
        schema,
        created,
        counts,
        checksum: checksum(body.as_bytes()),
    };
    let head = serde_json::to_string(&header).unwrap_or_default();
    // `{…header fields…,"data":…}`: the header object without its closing brace.
    format!("{},\"data\":{body}}}", &head[..head.len() - 1])
}

#[derive(Deserialize)]
struct File<'a> {
    #[serde(flatten)]
    header: Header,
    #[serde(borrow)]
    data: &'a RawValue,
}

/// Just the header: what the file holds, checked for format but not yet for damage.
pub fn header(text: &str) -> Result<Header, BackupError> {
    Ok(read(text)?.header)
}

fn read(text: &str) -> Result<File<'_>, BackupError> {
    let text = text.trim_start_matches('\u{feff}');
    if !text.trim_start().starts_with('{') || !text.contains("\"kehu_backup\"") {
        return Err(BackupError::NotABackup);
    }
    let file: File = serde_json::from_str(text).map_err(|e| {
        if e.is_eof() {
            BackupError::Damaged
        } else {
            BackupError::Invalid(e.to_string())
        }
    })?;
    if file.header.kehu_backup > FORMAT {
        return Err(BackupError::TooNew(file.header.kehu_backup));
    }
    Ok(file)
}

/// Reads and checks a backup file for an app at database version `app`: the format, the
/// checksum, the database version it was made at (newer than `app` is refused: its new
/// fields would be dropped), then every record ([`BackupData::validate`], `today` being
/// the latest date a record may carry). Records written by an older schema read with the
/// defaults of the fields added since.
pub fn decode(
    text: &str,
    app: u32,
    today: crate::Day,
) -> Result<(Header, BackupData), BackupError> {
    let file = read(text)?;
    if checksum(file.data.get().as_bytes()) != file.header.checksum {
        return Err(BackupError::Damaged);
    }
    if file.header.schema > app {
        return Err(BackupError::NewerSchema {
            file: file.header.schema,
            app,
        });
    }
    let data: BackupData =
        serde_json::from_str(file.data.get()).map_err(|e| BackupError::Invalid(e.to_string()))?;
    // A device whose clock ran ahead may have dated records after today here.
    let latest = today.max(file.header.created.day());
    let data = data.validate(latest)?;
    Ok((file.header, data))
}

/// What merging a backup into a database that has data writes: customers new to it (key
/// 0) and newer versions of ones it has (their key kept); orders of new customers by
/// position in `customers`, and orders of known customers (by key) that the database
/// does not already have (the same day and amount, counted); records of every kind
/// and surveys it does not have (by id). Order items and notes come with replaced
/// databases only.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Merge {
    pub customers: Vec<Customer>,
    /// Orders to add; their `id` is the backup's id, which `details` refer to.
    pub orders: OrderColumns,
    pub keyed_orders: OrderColumns,
    /// The notes of the orders to add, by their backup id.
    pub details: Vec<OrderDetails>,
    /// The lines of the orders to add, by their backup id.
    pub lines: OrderLines,
    pub docs: Docs,
    pub surveys: Vec<Survey>,
    /// Customers in both, where the database's copy is as new or newer (kept).
    pub kept: usize,
}

/// Plans merging `backup` into a database holding `customers` and `orders` (by key) and
/// the records with the ids in `has_id`.
pub fn merge(
    backup: &BackupData,
    customers: &[Customer],
    orders: &OrderColumns,
    has_id: impl Fn(&str) -> bool,
) -> Merge {
    let mut out = Merge::default();
    let local: FxHashMap<&str, &Customer> =
        customers.iter().map(|c| (c.id.0.as_str(), c)).collect();
    // Backup key → where its orders go.
    enum To {
        New(u32),
        Known(u32),
    }
    let mut to: FxHashMap<u32, To> = FxHashMap::default();
    for c in &backup.customers {
        match local.get(c.id.0.as_str()) {
            None => {
                to.insert(c.key, To::New(out.customers.len() as u32));
                out.customers.push(Customer {
                    key: 0,
                    ..c.clone()
                });
            }
            Some(mine) => {
                to.insert(c.key, To::Known(mine.key));
                if c.updated > mine.updated {
                    // Replacing the copy here as it was read (its revision), so an edit
                    // made meanwhile is not overwritten.
                    out.customers.push(Customer {
                        key: mine.key,
                        rev: mine.rev,
                        ..c.clone()
                    });
                } else {
                    out.kept += 1;
                }
            }
        }
    }
    // The database's orders of the known customers, as counts of (key, day, cents).
    let mut have: FxHashMap<(u32, i32, i64), u32> = FxHashMap::default();
    let known: std::collections::HashSet<u32> = to
        .values()
        .filter_map(|t| match t {
            To::Known(k) => Some(*k),
            To::New(_) => None,
        })
        .collect();
    for i in 0..orders.len() {
        if known.contains(&orders.customer[i]) {
            *have
                .entry((orders.customer[i], orders.day[i], orders.cents[i]))
                .or_default() += 1;
        }
    }
    let all = backup.orders();
    // Row `i` of the backup, its status, seller and cost with it, for customer `c`.
    let add = |cols: &mut OrderColumns, i: usize, c: u32| {
        cols.push_row(&all, i);
        let last = cols.len() - 1;
        cols.customer[last] = c;
    };
    for i in 0..all.len() {
        let (day, cents) = (all.day[i], all.cents[i]);
        match to.get(&all.customer[i]) {
            Some(To::New(ix)) => add(&mut out.orders, i, *ix),
            Some(To::Known(k)) => match have.get_mut(&(*k, day, cents)) {
                Some(n) if *n > 0 => *n -= 1,
                _ => add(&mut out.keyed_orders, i, *k),
            },
            // An order of a customer the backup does not hold: nothing to attach it to.
            None => {}
        }
    }
    let added: std::collections::HashSet<u32> = out
        .orders
        .id
        .iter()
        .chain(&out.keyed_orders.id)
        .copied()
        .collect();
    out.details = backup
        .order_details
        .iter()
        .filter(|d| added.contains(&d.id))
        .cloned()
        .collect();
    for c in &backup.order_chunks {
        let mut lines = c.lines.clone();
        lines.retain_orders(|o| added.contains(&o));
        out.lines.append(&mut lines);
    }
    // Items of an older backup not yet moved into lines (by `validate`).
    for d in out.details.iter_mut().filter(|d| !d.items.is_empty()) {
        if out.lines.range_of(d.id).is_empty() {
            let mut one = OrderLines::default();
            one.set_items(d.id, &std::mem::take(&mut d.items));
            out.lines.append(&mut one);
        }
    }
    out.lines = std::mem::take(&mut out.lines).sorted();
    out.docs = backup.docs.clone();
    out.docs.retain(|_, id| !has_id(&id.0));
    out.surveys = backup
        .surveys
        .iter()
        .filter(|x| !has_id(&x.id.0))
        .cloned()
        .collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::{Field, Problem, blank_customer};
    use crate::{Day, Id};

    const APP: u32 = 8;
    const TODAY: Day = Day(21_000);

    fn dec(text: &str) -> Result<(Header, BackupData), BackupError> {
        decode(text, APP, TODAY)
    }

    fn tea(quantity: u32, price: i64) -> crate::OrderItem {
        crate::OrderItem {
            product: "茶叶".into(),
            quantity,
            unit_price: crate::Cents(price),
            ..Default::default()
        }
    }

    pub(super) fn sample() -> BackupData {
        let mut a = blank_customer(Id("a".into()), 1, Millis(10));
        a.name = "王芳 \"quoted\" <b>".into();
        let mut b = blank_customer(Id("b".into()), 2, Millis(20));
        b.name = "Li".into();
        let cap = crate::order::ORDER_CHUNK_CAP;
        BackupData {
            customers: vec![b, a],
            customer_key_seq: 2,
            order_chunks: vec![OrderChunk {
                no: 1,
                next: 4,
                ids: vec![cap, cap + 1, cap + 3],
                customers: vec![1, 2, 1],
                days: vec![20_000, 20_001, 20_002],
                cents: vec![100, 200, 300],
                batch: "0190a000-0000-7000-8000-000000000001".into(),
                loose: false,
                made_on: String::new(),
                // The second order is open, sold by a member of staff, at a known cost.
                status: vec![0, 1, 0],
                seller: vec![0, 1, 0],
                sellers: vec!["0190a000-0000-7000-8000-0000000000aa".into()],
                cost: vec![-1, 150, -1],
                // The third order has two lines.
                lines: {
                    let mut b = crate::LineBuilder::default();
                    b.push(cap + 3, &[tea(2, 100), tea(1, 100)]);
                    b.finish()
                },
            }],
            order_details: vec![OrderDetails {
                id: cap + 1,
                items: vec![],
                note: "gift".into(),
            }],
            settings: [("lang".to_string(), "zh-CN".to_string())].into(),
            ..Default::default()
        }
    }

    /// What decoding `data` (encoded as-is) says.
    fn verdict(data: BackupData) -> Result<BackupData, BackupError> {
        dec(&encode(data, APP, Millis(99))).map(|(_, d)| d)
    }

    fn fault(data: BackupData) -> (Place, Fault) {
        match verdict(data) {
            Err(BackupError::Record { place, fault }) => (place, fault),
            other => panic!("expected a refused record, got {other:?}"),
        }
    }

    #[test]
    fn a_loose_chunk_is_another_devices_unless_made_on_this_one() {
        assert!(
            !made_elsewhere("", "dev-a"),
            "older backups: all the device's own"
        );
        assert!(!made_elsewhere("dev-a", "dev-a"));
        assert!(
            made_elsewhere("dev-a", "dev-b"),
            "a backup restored on another device"
        );
        assert!(made_elsewhere(MADE_ELSEWHERE, "dev-a"));
    }

    #[test]
    fn round_trip_is_exact_and_canonical() {
        let text = encode(sample(), 5, Millis(99));
        let (h, data) = dec(&text).unwrap();
        assert_eq!(h.schema, 5);
        assert_eq!(h.counts.customers, 2);
        assert_eq!(h.counts.orders, 3);
        assert_eq!(data.customers[0].key, 1, "sorted by key");
        // Backing up what was restored gives the same data, byte for byte.
        let again = encode(data, 5, Millis(100));
        let body = |t: &str| t[t.find("\"data\":").unwrap()..].to_string();
        assert_eq!(body(&again), body(&text));
        assert_eq!(header(&again).unwrap().checksum, h.checksum);
    }

    #[test]
    fn damaged_foreign_and_newer_files_are_refused() {
        let text = encode(sample(), 5, Millis(99));
        assert_eq!(
            dec(&text.replace("gift", "gilt")),
            Err(BackupError::Damaged)
        );
        assert_eq!(dec(&text[..text.len() / 2]), Err(BackupError::Damaged));
        assert_eq!(dec("name,email\n"), Err(BackupError::NotABackup));
        assert_eq!(dec("{\"a\":1}"), Err(BackupError::NotABackup));
        let newer = text.replacen("\"kehu_backup\":1", "\"kehu_backup\":7", 1);
        assert_eq!(dec(&newer), Err(BackupError::TooNew(7)));
    }

    #[test]
    fn a_backup_from_a_newer_database_is_refused_naming_both_versions() {
        let text = encode(sample(), APP + 1, Millis(99));
        assert_eq!(
            dec(&text),
            Err(BackupError::NewerSchema {
                file: APP + 1,
                app: APP
            })
        );
        assert!(dec(&encode(sample(), APP, Millis(99))).is_ok());
    }

    #[test]
    fn customer_keys_must_be_unique_and_handed_out() {
        // Orders refer to customers by key: two customers with one key would share orders.
        let mut data = sample();
        data.customers[1].key = data.customers[0].key;
        let (place, f) = fault(data);
        assert_eq!(f, Fault::SharedKey { other: "Li".into() });
        assert!(matches!(place, Place::Customer { key: 2, .. }));
        let mut data = sample();
        data.customers[0].key = 0;
        assert_eq!(fault(data).1, Fault::NoKey);
        // The key that made the analytics worker fail on every run.
        let mut data = sample();
        data.customers[0].key = u32::MAX;
        assert_eq!(fault(data).1, Fault::KeyOutOfRange { max: 2 });
        let mut data = sample();
        data.customer_key_seq = u32::MAX;
        assert_eq!(
            fault(data),
            (
                Place::KeySequence,
                Fault::KeyOutOfRange {
                    max: MAX_CUSTOMER_KEY
                }
            )
        );
    }

    #[test]
    fn ids_must_be_well_formed_and_unique() {
        let mut data = sample();
        data.customers[1].id = data.customers[0].id.clone();
        assert_eq!(fault(data).1, Fault::Duplicate);
        for bad in ["", "a b", "x\u{0}", &"9".repeat(MAX_ID_LEN + 1)] {
            let mut data = sample();
            data.customers[0].id = Id(bad.into());
            assert_eq!(fault(data).1, Fault::BadId, "{bad:?}");
        }
    }

    #[test]
    fn order_chunks_must_be_consistent() {
        let cap = crate::order::ORDER_CHUNK_CAP;
        type Spoil = fn(&mut OrderChunk);
        let cases: Vec<(Spoil, Place, Fault)> = vec![
            (
                |c| c.cents.pop().map(drop).unwrap_or(()),
                Place::OrderChunk(1),
                Fault::ColumnsDiffer,
            ),
            (
                |c| c.status = vec![1, 0],
                Place::OrderChunk(1),
                Fault::ColumnsDiffer,
            ),
            (
                |c| c.status = vec![1, 0, 9],
                Place::OrderChunk(1),
                Fault::ColumnsDiffer,
            ),
            (
                |c| c.seller = vec![0, 2, 0],
                Place::OrderChunk(1),
                Fault::ColumnsDiffer,
            ),
            (
                |c| c.cost = vec![-1, -2, 5],
                Place::Order(cap + 1),
                Fault::AmountOutOfRange,
            ),
            (|c| c.no = 0, Place::OrderChunk(0), Fault::BadChunk),
            (
                |c| c.next = crate::order::ORDER_CHUNK_CAP + 1,
                Place::OrderChunk(1),
                Fault::BadChunk,
            ),
            (|c| c.ids[2] = 7, Place::Order(7), Fault::OutsideChunk),
            (|c| c.next = 2, Place::Order(cap + 3), Fault::OutsideChunk),
            (|c| c.ids.swap(0, 1), Place::Order(cap), Fault::OutsideChunk),
            (
                |c| c.customers[1] = 9,
                Place::Order(cap + 1),
                Fault::UnknownCustomer,
            ),
            (
                |c| c.cents[0] = -5,
                Place::Order(cap),
                Fault::AmountOutOfRange,
            ),
            (
                |c| c.cents[0] = i64::MAX,
                Place::Order(cap),
                Fault::AmountOutOfRange,
            ),
            (
                |c| c.days[2] = 30_000,
                Place::Order(cap + 3),
                Fault::DayOutOfRange,
            ),
            (
                |c| c.days[2] = i32::MIN,
                Place::Order(cap + 3),
                Fault::DayOutOfRange,
            ),
        ];
        for (i, (spoil, place, f)) in cases.into_iter().enumerate() {
            let mut data = sample();
            spoil(&mut data.order_chunks[0]);
            assert_eq!(fault(data), (place, f), "case {i}");
        }
        let mut data = sample();
        data.order_chunks.push(data.order_chunks[0].clone());
        assert_eq!(fault(data), (Place::OrderChunk(1), Fault::Duplicate));
        // Another chunk under the same batch id: two devices would see one batch.
        let mut data = sample();
        let mut twin = data.order_chunks[0].clone();
        twin.no = 2;
        (twin.ids, twin.customers, twin.days, twin.cents) = (vec![], vec![], vec![], vec![]);
        data.order_chunks.push(twin);
        assert_eq!(fault(data), (Place::OrderChunk(2), Fault::Duplicate));
        let mut data = sample();
        data.order_details[0].id = cap + 2;
        assert_eq!(fault(data), (Place::Order(cap + 2), Fault::UnknownOrder));
        // Lines must belong to an order of their chunk, in columns of one length.
        let mut data = sample();
        data.order_chunks[0].lines.order[0] = cap + 2;
        assert_eq!(fault(data), (Place::Order(cap + 2), Fault::UnknownOrder));
        let mut data = sample();
        data.order_chunks[0].lines.price.pop();
        assert_eq!(fault(data), (Place::OrderChunk(1), Fault::ColumnsDiffer));
        // An order with items both in the old place and in columns is one too many.
        let mut data = sample();
        data.order_details.push(OrderDetails {
            id: cap + 3,
            items: vec![tea(1, 1)],
            note: String::new(),
        });
        assert_eq!(fault(data), (Place::Order(cap + 3), Fault::Duplicate));
    }

    #[test]
    fn lines_pass_the_order_forms_rules() {
        let field = |data: BackupData| match fault(data) {
            (p, Fault::Field(e)) => (p, e.field, e.problem),
            other => panic!("{other:?}"),
        };
        let cap = crate::order::ORDER_CHUNK_CAP;
        let mut data = sample();
        data.order_chunks[0].lines.quantity[1] = 0;
        assert_eq!(
            field(data),
            (
                Place::Order(cap + 3),
                Field::ItemQuantity(1),
                Problem::QuantityTooSmall
            )
        );
        let mut data = sample();
        data.order_chunks[0].lines.discount = vec![0, 20_000];
        assert_eq!(
            field(data),
            (
                Place::Order(cap + 3),
                Field::ItemPrice(1),
                Problem::InvalidPercent
            )
        );
        let mut data = sample();
        data.order_chunks[0].lines.names[0] = "茶\u{202e}叶".into();
        let d = verdict(data).unwrap();
        assert_eq!(d.order_chunks[0].lines.names[0], "茶叶", "names cleaned");
    }

    #[test]
    fn items_of_an_older_backup_move_into_the_chunks_lines() {
        let cap = crate::order::ORDER_CHUNK_CAP;
        let mut data = sample();
        data.order_details.push(OrderDetails {
            id: cap,
            items: vec![tea(1, 100)],
            note: String::new(),
        });
        let d = verdict(data).unwrap();
        let lines = &d.order_chunks[0].lines;
        assert_eq!(lines.items_of(cap), [tea(1, 100)]);
        assert_eq!(lines.items_of(cap + 3), [tea(2, 100), tea(1, 100)]);
        assert_eq!(d.order_details.len(), 1, "a detail with no note left goes");
        assert_eq!(d.order_details[0].id, cap + 1);
        // And a backup of that writes them in columns only.
        let again = dec(&encode(d.clone(), APP, Millis(1))).unwrap().1;
        assert_eq!(again, d);
    }

    #[test]
    fn references_must_resolve() {
        let mut data = sample();
        let mut r = crate::SurveyResponse::blank(
            Id("r".into()),
            Id("nobody".into()),
            Day(20_000),
            Millis(1),
        );
        r.answers = vec![crate::Answer {
            question: crate::Question::Nps,
            score: 9,
        }];
        data.docs.responses.push(r.clone());
        assert_eq!(
            fault(data),
            (
                Place::Record {
                    kind: "responses".into(),
                    id: "r".into()
                },
                Fault::UnknownCustomer
            )
        );
        let mut data = sample();
        r.customer = Id("a".into());
        r.survey = Some(Id("gone".into()));
        data.docs.responses.push(r);
        assert_eq!(
            fault(data),
            (
                Place::Record {
                    kind: "responses".into(),
                    id: "r".into()
                },
                Fault::UnknownSurvey
            )
        );
        let mut data = sample();
        data.docs.interactions.push(crate::Interaction {
            id: Id("i".into()),
            customer: Id("nobody".into()),
            kind: crate::InteractionKind::Call,
            at: Millis(0),
            subject: String::new(),
            note: String::new(),
            created: Millis(0),
            updated: Millis(0),
        });
        assert_eq!(
            fault(data),
            (
                Place::Record {
                    kind: "interactions".into(),
                    id: "i".into()
                },
                Fault::UnknownCustomer
            )
        );
    }

    #[test]
    fn every_record_passes_its_forms_rules() {
        let field = |data: BackupData| match fault(data) {
            (_, Fault::Field(e)) => (e.field, e.problem),
            other => panic!("{other:?}"),
        };
        let mut data = sample();
        data.customers[0].name = "x".repeat(101);
        assert_eq!(field(data), (Field::Name, Problem::TooLong { max: 100 }));
        let mut data = sample();
        data.customers[0].email = "not an email".into();
        assert_eq!(field(data), (Field::Email, Problem::InvalidEmail));
        let mut data = sample();
        data.customers[0].city = "市".repeat(5_000);
        assert_eq!(field(data), (Field::City, Problem::TooLong { max: 200 }));
        let mut data = sample();
        data.customers[0].birth_date = Some(Day(TODAY.0 + 10));
        assert_eq!(field(data), (Field::BirthDate, Problem::DateInFuture));
        let mut data = sample();
        data.order_details[0].items = vec![crate::OrderItem {
            product: "tea".into(),
            quantity: u32::MAX,
            unit_price: crate::Cents(crate::money::MAX_CENTS),
            ..Default::default()
        }];
        assert_eq!(
            field(data),
            (
                Field::OrderAmount,
                Problem::Money(crate::money::MoneyError::TooLarge)
            )
        );
        let mut data = sample();
        let mut r =
            crate::SurveyResponse::blank(Id("r".into()), Id("a".into()), Day(20_000), Millis(1));
        r.answers = vec![crate::Answer {
            question: crate::Question::Csat,
            score: 9,
        }];
        data.docs.responses.push(r);
        assert_eq!(
            field(data),
            (Field::SurveyAnswers, Problem::OffScale { lo: 1, hi: 5 })
        );
    }

    #[test]
    fn hidden_characters_are_removed_on_restore() {
        let mut data = sample();
        data.customers[0].name = "Li\u{202e}gnaW".into();
        data.order_details[0].note = "gi\u{0}ft".into();
        let d = verdict(data).unwrap();
        assert_eq!(d.customers[1].name, "LignaW");
        assert_eq!(d.order_details[0].note, "gift");
    }

    #[test]
    fn an_older_schema_reads_with_defaults() {
        // A customer as schema 4 wrote it: no customer number, no consents or tags.
        let old_customer = r#"{"id":"x","key":1,"kind":"person","name":"Old","customer_type":"consumer","stage":"user","level":"basic","source":null,"created":1,"updated":1}"#;
        let body = format!(r#"{{"customers":[{old_customer}],"customer_key_seq":1}}"#);
        let text = format!(
            r#"{{"kehu_backup":1,"schema":4,"created":1,"counts":{{"customers":1,"orders":0,"interactions":0,"responses":0,"surveys":0}},"checksum":"{}","data":{body}}}"#,
            checksum(body.as_bytes())
        );
        let (h, data) = dec(&text).unwrap();
        assert_eq!(h.schema, 4);
        assert_eq!(data.customers[0].name, "Old");
        assert_eq!(data.customers[0].code, "");
        assert!(data.order_chunks.is_empty());
    }

    #[test]
    fn merge_adds_what_is_new_and_keeps_what_is_newer_here() {
        let backup = sample();
        // The database has customer "a" (key 7, edited later here) with one of its two
        // orders, and nothing else.
        let mut a = backup.customers[1].clone();
        a.key = 7;
        a.updated = Millis(50);
        let mut orders = OrderColumns::default();
        orders.push(0, 7, Day(20_000), crate::Cents(100));
        let m = merge(&backup, &[a], &orders, |id| id == "a");
        assert_eq!(m.kept, 1);
        assert_eq!(m.customers.len(), 1);
        assert_eq!((m.customers[0].id.0.as_str(), m.customers[0].key), ("b", 0));
        assert_eq!(m.orders.customer, vec![0], "b's order, by position");
        assert_eq!(m.orders.cents, vec![200]);
        assert_eq!(
            m.keyed_orders.customer,
            vec![7],
            "a's order the database lacks"
        );
        assert_eq!(m.keyed_orders.cents, vec![300]);
        let cap = crate::order::ORDER_CHUNK_CAP;
        assert_eq!(m.lines.order, [cap + 3, cap + 3], "its lines come with it");
        // Merging the same backup again finds nothing more to add.
        let mut b = backup.customers[0].clone();
        b.key = 8;
        let mut orders2 = orders.clone();
        orders2.push(0, 8, Day(20_001), crate::Cents(200));
        orders2.push(0, 7, Day(20_002), crate::Cents(300));
        let mut a = backup.customers[1].clone();
        a.key = 7;
        let m = merge(&backup, &[a, b], &orders2, |_| true);
        assert!(m.customers.is_empty() && m.orders.is_empty() && m.keyed_orders.is_empty());
    }
}
