//! What a device keeps so that its records can be shared with the shop's other devices.
//!
//! Sync itself (the CouchDB replication protocol, in the worker) comes later; this is the
//! ground it stands on, kept by every local write from now on:
//!
//! - **Global ids.** Every shared record is named by a UUIDv7 ([`crate::Id`]); an order by
//!   its batch's id and its slot ([`order_ref`]). The small integer keys IndexedDB hands
//!   out (customer keys, order ids, chunk numbers) are local indexes and never appear in
//!   a document another device reads.
//! - **Revisions.** Each device has a random id, and counts its writes. A record carries
//!   the [`Rev`] of the write that last changed it: that count and that device. Two
//!   writes never share a revision, and one device's revisions only grow.
//! - **Tombstones.** Deleting a shared record leaves a [`Tombstone`] (its kind, id and
//!   the revision of the deletion) for replication to tell the other devices.
//! - **The outbox.** Every write that changes shared records appends one
//!   [`OutboxEntry`], under its revision number, in the same transaction: what a push
//!   must send. A write that fails leaves no entry; a write that commits cannot miss one.
//!
//! # Document shapes (what the replication step will push and pull)
//!
//! One CouchDB database per shop; a document's `_id` is `<kind>:<id>` ([`doc_id`]):
//!
//! | kind | `_id` | body |
//! |---|---|---|
//! | `customers` | `customers:<uuid>` | the [`crate::Customer`] without its local `key` |
//! | every record kind (`interactions`, `responses`, …) | `<kind>:<uuid>` | the record as its type serialises |
//! | `surveys` | `surveys:<uuid>` | the designed [`crate::Survey`] |
//! | `order_batches` | `order_batches:<uuid>` | columns `customer` (customer uuids), `day`, `cents`, and `slot`; at most [`BATCH_ROWS`] rows, never changed once pushed |
//! | `orders` | `orders:<batch uuid>/<slot>` | one order that overrides its batch's row (edited, moved to another customer by a merge, deleted), or a hand-entered order with its items and note |
//! | `shop_settings` (a record kind) | `shop_settings:shop` | the shop's shared settings ([`crate::shop`]): currency, commission basis, letterhead, service levels, rewards programme |
//!
//! [`to_doc`] and [`from_doc`] map a record to its document and back. Every body also
//! carries `kehu: {n, by, author}`: the [`Rev`] of the write that made it and the user
//! who pushed it, under a member of its own, since records have fields of their own
//! named like those (a customer's `rev` is its edit count). What stays on the device: the
//! analytics cache, the customer list snapshot, the answers snapshot, the order chunk
//! directory, import jobs and their undo records, the outbox and tombstones themselves,
//! and per-device settings (language, "who am I").

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The kind name of customers in the outbox and in document ids.
pub const CUSTOMERS: &str = "customers";
/// The kind name of designed surveys.
pub const SURVEYS: &str = "surveys";
/// The kind name of order batches: the rows one import wrote together, shared as one
/// document.
pub const ORDER_BATCHES: &str = "order_batches";
/// The kind name of single orders: a hand-entered order, or one edit of a batch's order.
pub const ORDERS: &str = "orders";

/// Every kind a shop's database holds: the registered record kinds (the shop's
/// settings among them, `shop.rs`) and the four above. The server's validation function
/// (`couch/validate_doc_update.js`) refuses any other.
pub fn shared_kinds() -> Vec<&'static str> {
    let mut all = vec![CUSTOMERS, SURVEYS, ORDER_BATCHES, ORDERS];
    all.extend(crate::kinds::kinds().iter().map(|k| k.name));
    all
}

/// Rows of one order batch at most: a batch document of 8,192 orders is ~430 KB of JSON,
/// inside the 1 MB a document may have on Cloudant (measured: 16,384 rows, ~850 KB).
pub const BATCH_ROWS: u32 = 8_192;

/// The bytes one batch document may take: Cloudant refuses documents over 1 MB, and the
/// rest is room for its id, revision, stamp and the sellers' ids.
pub const BATCH_BYTES: usize = 900_000;
/// The most an order takes in a batch document without its lines and note (every
/// column filled: 85 bytes in `a_full_batch_fits_a_cloudant_document`).
const ORDER_BYTES: usize = 100;
/// The most a line takes without its product: six numbers, each with its comma.
const LINE_BYTES: usize = 60;

/// Where an import's orders start new batches after the first (row indices, rising),
/// so that no batch document passes [`BATCH_ROWS`] orders or [`BATCH_BYTES`] bytes:
/// `lines` name the orders by `orders.id`, and an order's note takes `note_bytes(id)`.
/// A product's name and id count once per batch (batches name them once); text counts
/// twice its length, what JSON's escapes could make of it.
pub fn batch_cuts(
    orders: &crate::OrderColumns,
    lines: &crate::OrderLines,
    note_bytes: impl Fn(u32) -> usize,
) -> Vec<usize> {
    let mut lines_of: std::collections::HashMap<u32, Vec<usize>> = Default::default();
    for (i, &o) in lines.order.iter().enumerate() {
        lines_of.entry(o).or_default().push(i);
    }
    let text = |s: &str| 2 * s.len() + 3;
    let mut cuts = Vec::new();
    let (mut rows, mut bytes) = (0, 0);
    let mut named = std::collections::HashSet::new();
    for (row, &id) in orders.id.iter().enumerate() {
        let mine = lines_of.get(&id).map_or(&[][..], Vec::as_slice);
        let weigh = |named: &std::collections::HashSet<u32>| {
            let products: std::collections::HashSet<u32> =
                mine.iter().map(|&l| lines.product[l]).collect();
            let names: usize = (products.iter())
                .filter(|p| !named.contains(*p))
                .map(|&p| text(&lines.names[p as usize]) + text(&lines.refs[p as usize]))
                .sum();
            ORDER_BYTES + mine.len() * LINE_BYTES + names + text_or_none(note_bytes(id))
        };
        let mut w = weigh(&named);
        if rows > 0 && (rows == BATCH_ROWS as usize || bytes + w > BATCH_BYTES) {
            cuts.push(row);
            (rows, bytes) = (0, 0);
            named.clear();
            w = weigh(&named);
        }
        rows += 1;
        bytes += w;
        named.extend(mine.iter().map(|&l| lines.product[l]));
    }
    cuts
}

/// A note's bytes in a batch document: none without one, else twice its length and
/// its slot.
fn text_or_none(bytes: usize) -> usize {
    match bytes {
        0 => 0,
        n => 2 * n + 12,
    }
}

/// The write that made a record what it is: the writing device's count of its writes,
/// and the device.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Rev {
    pub n: u64,
    pub by: String,
}

/// A shared record deleted on this device, kept until replication has told the others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tombstone {
    pub kind: String,
    pub id: String,
    pub rev: Rev,
}

/// What one write changed of the shared records, by kind: ids (of orders,
/// [`order_ref`]s) written and deleted. `everything` marks a write that replaced the
/// whole database (a backup restored): a push must then compare all of it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEntry {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub changed: BTreeMap<String, Vec<String>>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub deleted: BTreeMap<String, Vec<String>>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub everything: bool,
}

impl OutboxEntry {
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.deleted.is_empty() && !self.everything
    }

    /// Notes `ids` of `kind` as written. A record deleted and then written again by the
    /// same write (an undo inside one transaction) counts as written.
    pub fn change<I: IntoIterator<Item = String>>(&mut self, kind: &str, ids: I) {
        self.note(kind, ids.into_iter().collect(), false);
    }

    /// Notes `ids` of `kind` as deleted; a record written earlier in the same write and
    /// then deleted counts as deleted.
    pub fn delete<I: IntoIterator<Item = String>>(&mut self, kind: &str, ids: I) {
        self.note(kind, ids.into_iter().collect(), true);
    }

    /// The last word on a record wins: noting it in one list takes it from the other.
    fn note(&mut self, kind: &str, ids: Vec<String>, deleted: bool) {
        if self.everything || ids.is_empty() {
            return;
        }
        let (into, other) = match deleted {
            true => (&mut self.deleted, &mut self.changed),
            false => (&mut self.changed, &mut self.deleted),
        };
        if let Some(list) = other.get_mut(kind) {
            let now: std::collections::HashSet<&String> = ids.iter().collect();
            list.retain(|x| !now.contains(x));
            if list.is_empty() {
                other.remove(kind);
            }
        }
        into.entry(kind.to_string()).or_default().extend(ids);
    }

    /// The entries of several writes, oldest first, as one: what a push must send,
    /// each record once, as its last write left it (written or deleted). A restore
    /// among them makes it `everything`, which covers the writes after it too.
    pub fn fold<'a>(entries: impl IntoIterator<Item = &'a OutboxEntry>) -> OutboxEntry {
        let mut all = OutboxEntry::default();
        for e in entries {
            if e.everything {
                all = OutboxEntry {
                    everything: true,
                    ..OutboxEntry::default()
                };
                continue;
            }
            // Within one entry a record is in one list only.
            for (kind, ids) in &e.deleted {
                all.delete(kind, ids.iter().cloned());
            }
            for (kind, ids) in &e.changed {
                all.change(kind, ids.iter().cloned());
            }
        }
        all.tidy();
        all
    }

    /// Whether this entry (a fold of the outbox) names record `id` of `kind`, written
    /// or deleted: a change of this device's waiting to be pushed.
    pub fn names(&self, kind: &str, id: &str) -> bool {
        let has = |m: &BTreeMap<String, Vec<String>>| {
            // A fold is tidied: its lists are sorted.
            m.get(kind)
                .is_some_and(|ids| ids.binary_search_by(|x| x.as_str().cmp(id)).is_ok())
        };
        self.everything || has(&self.changed) || has(&self.deleted)
    }

    /// Sorts and dedups every list (done once, before the entry is stored).
    pub fn tidy(&mut self) {
        for ids in self.changed.values_mut().chain(self.deleted.values_mut()) {
            ids.sort_unstable();
            ids.dedup();
        }
    }
}

/// The global name of the order in `slot` of the batch `batch`.
pub fn order_ref(batch: &str, slot: u32) -> String {
    format!("{batch}/{slot}")
}

/// The batch and slot an order's global name ([`order_ref`]) names.
pub fn parse_order_ref(r: &str) -> Option<(&str, u32)> {
    let (batch, slot) = r.rsplit_once('/')?;
    let slot: u32 = slot.parse().ok()?;
    (!batch.is_empty() && slot < crate::order::ORDER_CHUNK_CAP).then_some((batch, slot))
}

/// A single order as shared (`orders:<batch>/<slot>`): the order without its local
/// id, its customer by global id, and `loose` when it was entered by hand (no batch
/// document holds it, so a device without its chunk makes one).
pub fn order_doc(
    o: &crate::Order,
    customer: &str,
    loose: bool,
) -> serde_json::Map<String, serde_json::Value> {
    // Through text: the wasm has the JSON reader and writer already.
    let text = serde_json::to_string(o).unwrap_or_default();
    let mut body: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&text).unwrap_or_default();
    body.remove("id");
    body.insert("customer".into(), customer.into());
    if loose {
        body.insert("loose".into(), true.into());
    }
    body
}

/// Why a pulled order cannot be stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrderDocError {
    #[error("customer {0} is not on this device")]
    UnknownCustomer(String),
    #[error("not an order: {0}")]
    NotAnOrder(String),
}

/// The order of a pulled order document (id 0: the store's to give), its customer by
/// key here (`key_of`), and whether it was entered by hand.
pub fn order_of_doc(
    body: &serde_json::Map<String, serde_json::Value>,
    key_of: impl Fn(&str) -> Option<u32>,
) -> Result<(crate::Order, bool), OrderDocError> {
    let mut body = body.clone();
    let customer = body
        .get("customer")
        .and_then(|c| c.as_str())
        .unwrap_or_default();
    let key = key_of(customer).ok_or_else(|| OrderDocError::UnknownCustomer(customer.into()))?;
    let loose = body.remove("loose").and_then(|l| l.as_bool()) == Some(true);
    body.insert("customer".into(), key.into());
    body.insert("id".into(), 0.into());
    let text = serde_json::Value::Object(body).to_string();
    let order =
        serde_json::from_str(&text).map_err(|e| OrderDocError::NotAnOrder(e.to_string()))?;
    Ok((order, loose))
}

/// The CouchDB `_id` of record `id` of `kind`.
pub fn doc_id(kind: &str, id: &str) -> String {
    format!("{kind}:{id}")
}

/// Members of a record that stay on the device: a customer's `key`, the integer
/// IndexedDB hands out, and the edit count (`rev`) customers and surveys carry so that a
/// save from a stale form is refused on this device (another device's count means
/// nothing here; the document's [`STAMP`] is the shared revision).
pub const LOCAL_ONLY: &[&str] = &["key", "rev"];
/// The document member with the write's revision and author.
pub const STAMP: &str = "kehu";

/// Why a document from the server is not a kehu record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocError {
    #[error("not an object")]
    NotAnObject,
    #[error("no kehu id: {0}")]
    BadId(String),
    #[error("{0} has no revision and author (kehu: n, by, author)")]
    NoRevision(String),
}

/// The stamp's member that carries the values merges set aside for the record, so
/// every device shows them until someone picks (and the pick, a write without them,
/// clears them everywhere).
const CONFLICTS: &str = "conflicts";

/// Puts `conflicts` (the record's values set aside) into document `doc`'s stamp.
pub fn with_conflicts(
    doc: &mut serde_json::Map<String, serde_json::Value>,
    conflicts: &[crate::reconcile::FieldConflict],
) {
    if conflicts.is_empty() {
        return;
    }
    // Through text: the wasm has its reader and writer already (a `Value` serialiser
    // would add its own code for these types).
    let list = serde_json::to_string(conflicts).map(|t| serde_json::from_str(&t));
    if let (Some(stamp), Ok(Ok(list))) = (doc.get_mut(STAMP).and_then(|s| s.as_object_mut()), list)
    {
        stamp.insert(CONFLICTS.into(), list);
    }
}

/// `more` added to `all`, leaving out what `all` holds already (the same field with
/// the same value set aside).
pub fn union_conflicts(
    mut all: Vec<crate::reconcile::FieldConflict>,
    more: &[crate::reconcile::FieldConflict],
) -> Vec<crate::reconcile::FieldConflict> {
    for x in more {
        if !all.iter().any(|y| y.field == x.field && y.other == x.other) {
            all.push(x.clone());
        }
    }
    all
}

/// The members of a stored record that another device may read: all but what stays
/// on the device (a customer's local `key`). `None` for a record that is not an object.
pub fn shared_body(
    record: &serde_json::Value,
) -> Option<serde_json::Map<String, serde_json::Value>> {
    let mut body = record.as_object()?.clone();
    for k in LOCAL_ONLY {
        body.remove(*k);
    }
    Some(body)
}

/// The CouchDB document of record `id` of `kind`, whose body is `record` (as its type
/// serialises): named [`doc_id`], without what stays on the device, carrying the
/// revision of the write that made it and the user who pushes it (`author`, which the
/// server's validation holds to the signed-in user). `couch_rev` is the server's
/// revision this version replaces, if the server has the record.
pub fn to_doc(
    kind: &str,
    id: &str,
    record: &serde_json::Value,
    (rev, author): (&Rev, &str),
    couch_rev: Option<&str>,
) -> Result<serde_json::Map<String, serde_json::Value>, DocError> {
    use serde_json::Value;
    let mut body = shared_body(record).ok_or(DocError::NotAnObject)?;
    body.insert("_id".into(), Value::from(doc_id(kind, id)));
    if let Some(r) = couch_rev {
        body.insert("_rev".into(), Value::from(r));
    }
    let stamp = serde_json::json!({"n": rev.n, "by": rev.by, "author": author});
    body.insert(STAMP.into(), stamp);
    Ok(body)
}

/// An import's orders as shared (`order_batches:<batch>`): one order chunk's columns,
/// customers by their global ids, each order by its slot in the batch (the name
/// [`order_ref`] gives it on every device). The term columns (`status`, `seller`,
/// `cost`) are empty when every row has the default, as in [`crate::OrderColumns`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchDoc {
    pub slot: Vec<u32>,
    pub customer: Vec<String>,
    pub day: Vec<i32>,
    pub cents: Vec<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub status: Vec<u8>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seller: Vec<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sellers: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cost: Vec<i64>,
    /// The orders' lines, each naming its order by slot.
    #[serde(default, skip_serializing_if = "crate::OrderLines::is_empty")]
    pub lines: crate::OrderLines,
    /// The orders' notes, by slot: only orders that have one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<(u32, String)>,
}

/// Why orders cannot be a batch document, or a batch document orders.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BatchError {
    #[error("more than {BATCH_ROWS} orders in one batch")]
    TooLarge,
    #[error("the columns are not of one length")]
    Ragged,
    #[error("a slot given twice, or beyond a chunk: {0}")]
    BadSlot(u32),
    #[error("customer key {0} has no id")]
    NoCustomerId(u32),
    #[error("customer {0} is not on this device")]
    UnknownCustomer(String),
}

impl BatchDoc {
    /// The batch document of chunk columns `cols` (whose ids give the slots), naming
    /// each customer key by `id_of`.
    pub fn of(
        cols: &crate::OrderColumns,
        id_of: impl Fn(u32) -> Option<String>,
    ) -> Result<BatchDoc, BatchError> {
        if !cols.is_whole() {
            return Err(BatchError::Ragged);
        }
        if cols.len() > BATCH_ROWS as usize {
            return Err(BatchError::TooLarge);
        }
        let customer = (cols.customer.iter())
            .map(|&k| id_of(k).ok_or(BatchError::NoCustomerId(k)))
            .collect::<Result<_, _>>()?;
        Ok(BatchDoc {
            slot: (cols.id.iter())
                .map(|id| id % crate::order::ORDER_CHUNK_CAP)
                .collect(),
            customer,
            day: cols.day.clone(),
            cents: cols.cents.clone(),
            status: cols.status.clone(),
            seller: cols.seller.clone(),
            sellers: cols.sellers.clone(),
            cost: cols.cost.clone(),
            lines: crate::OrderLines::default(),
            notes: Vec::new(),
        })
    }

    /// Keeps the orders of the customers `keep` accepts, with their lines and notes
    /// (the others' customers are gone from this device: deleted elsewhere).
    pub fn retain_customers(&mut self, keep: impl Fn(&str) -> bool) {
        let mask: Vec<bool> = self.customer.iter().map(|c| keep(c)).collect();
        if mask.iter().all(|&k| k) {
            return;
        }
        fn filter<T>(v: &mut Vec<T>, mask: &[bool]) {
            if v.len() == mask.len() {
                let mut i = 0;
                v.retain(|_| (mask[i], i += 1).0);
            }
        }
        let gone: std::collections::HashSet<u32> = (self.slot.iter().zip(&mask))
            .filter(|(_, k)| !**k)
            .map(|(s, _)| *s)
            .collect();
        filter(&mut self.slot, &mask);
        filter(&mut self.customer, &mask);
        filter(&mut self.day, &mask);
        filter(&mut self.cents, &mask);
        filter(&mut self.status, &mask);
        filter(&mut self.seller, &mask);
        filter(&mut self.cost, &mask);
        self.lines.retain_orders(|s| !gone.contains(&s));
        self.notes.retain(|(s, _)| !gone.contains(s));
    }

    /// The orders as columns for this device, customers by their keys here (`key_of`),
    /// with the slot of each row; the ids are the store's to give.
    pub fn columns(
        &self,
        key_of: impl Fn(&str) -> Option<u32>,
    ) -> Result<(Vec<u32>, crate::OrderColumns), BatchError> {
        let n = self.slot.len();
        if n > BATCH_ROWS as usize {
            return Err(BatchError::TooLarge);
        }
        let mut seen = std::collections::HashSet::with_capacity(n);
        if let Some(&bad) =
            (self.slot.iter()).find(|&&s| s >= crate::order::ORDER_CHUNK_CAP || !seen.insert(s))
        {
            return Err(BatchError::BadSlot(bad));
        }
        let customer = (self.customer.iter())
            .map(|c| key_of(c).ok_or_else(|| BatchError::UnknownCustomer(c.clone())))
            .collect::<Result<_, _>>()?;
        let cols = crate::OrderColumns {
            id: vec![0; n],
            customer,
            day: self.day.clone(),
            cents: self.cents.clone(),
            status: self.status.clone(),
            seller: self.seller.clone(),
            sellers: self.sellers.clone(),
            cost: self.cost.clone(),
        };
        if self.customer.len() != n || !cols.is_whole() || !self.lines.is_whole() {
            return Err(BatchError::Ragged);
        }
        // Lines and notes name orders of the batch.
        let named = self
            .lines
            .order
            .iter()
            .chain(self.notes.iter().map(|(s, _)| s));
        if let Some(&bad) = named.into_iter().find(|s| !seen.contains(s)) {
            return Err(BatchError::BadSlot(bad));
        }
        Ok((self.slot.clone(), cols))
    }
}

/// The document that deletes record `id` of `kind` from the server, which has it at
/// `couch_rev`: a deletion is signed and stamped like any write (the server's
/// validation refuses an unsigned one, so a bare `DELETE` never works).
pub fn deletion_doc(
    kind: &str,
    id: &str,
    couch_rev: &str,
    (rev, author): (&Rev, &str),
) -> serde_json::Map<String, serde_json::Value> {
    let mut doc = serde_json::Map::new();
    doc.insert("_id".into(), doc_id(kind, id).into());
    doc.insert("_rev".into(), couch_rev.into());
    doc.insert("_deleted".into(), true.into());
    let stamp = serde_json::json!({"n": rev.n, "by": rev.by, "author": author});
    doc.insert(STAMP.into(), stamp);
    doc
}

/// A record as the server gave it: whose it is, its body as its type reads it, and the
/// revisions.
#[derive(Debug, Clone, PartialEq)]
pub struct Pulled {
    pub kind: String,
    pub id: String,
    /// `None`: deleted.
    pub record: Option<serde_json::Map<String, serde_json::Value>>,
    pub rev: Rev,
    pub author: String,
    pub couch_rev: String,
    /// The values set aside for the record, as the pushing device had them.
    pub conflicts: Vec<crate::reconcile::FieldConflict>,
}

/// Reads a document of the server's (a row of `_changes` or `_bulk_get`).
pub fn from_doc(doc: &serde_json::Value) -> Result<Pulled, DocError> {
    use serde_json::Value;
    let obj = doc.as_object().ok_or(DocError::NotAnObject)?;
    let text = |k: &str| obj.get(k).and_then(|v| v.as_str()).unwrap_or_default();
    let full = text("_id");
    let (kind, id) = match full.split_once(':') {
        Some((k, i)) if !k.is_empty() && !i.is_empty() => (k, i),
        _ => return Err(DocError::BadId(full.into())),
    };
    let deleted = obj.get("_deleted").and_then(|v| v.as_bool()) == Some(true);
    let field = |k: &str| obj.get(STAMP).and_then(|s| s.get(k));
    let (n, by, author) = (
        field("n").and_then(|v| v.as_u64()),
        field("by"),
        field("author"),
    );
    let (rev, author) = match (n, by, author) {
        (Some(n), Some(Value::String(by)), Some(Value::String(a))) => {
            (Rev { n, by: by.clone() }, a.clone())
        }
        // A deletion's stub may carry nothing but its ids.
        _ if deleted => (
            Rev {
                n: 0,
                by: String::new(),
            },
            String::new(),
        ),
        _ => return Err(DocError::NoRevision(full.into())),
    };
    let record = (!deleted).then(|| {
        (obj.iter())
            .filter(|(k, _)| !k.starts_with('_') && k.as_str() != STAMP)
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    });
    Ok(Pulled {
        kind: kind.into(),
        id: id.into(),
        record,
        rev,
        author,
        couch_rev: text("_rev").into(),
        // Read leniently: a list that is not one is no list.
        conflicts: field(CONFLICTS)
            .and_then(|c| serde_json::from_str(&c.to_string()).ok())
            .unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_goes_to_the_server_without_its_local_key_and_comes_back_as_it_was() {
        let c = crate::Customer {
            name: "王芳".into(),
            rev: 4,
            ..crate::validate::blank_customer(crate::Id("0190-a".into()), 42, crate::Millis(5))
        };
        let record = serde_json::to_value(&c).unwrap();
        let rev = Rev {
            n: 7,
            by: "device-1".into(),
        };
        let doc = to_doc(CUSTOMERS, "0190-a", &record, (&rev, "li"), Some("3-abc")).unwrap();
        assert_eq!(doc["_id"], "customers:0190-a");
        assert_eq!(doc["_rev"], "3-abc");
        assert_eq!(
            doc["kehu"],
            serde_json::json!({"n": 7, "by": "device-1", "author": "li"})
        );
        assert!(
            !doc.contains_key("key") && !doc.contains_key("rev"),
            "the local key and this device's edit count stay on the device"
        );
        let pulled = from_doc(&serde_json::Value::Object(doc)).unwrap();
        assert_eq!(
            (
                pulled.kind.as_str(),
                pulled.id.as_str(),
                pulled.rev.clone(),
                pulled.author.as_str()
            ),
            ("customers", "0190-a", rev, "li")
        );
        // The device gives the customer a key of its own, and counts its own edits.
        let mut record = pulled.record.unwrap();
        record.insert("key".into(), 9.into());
        let back: crate::Customer =
            serde_json::from_value(serde_json::Value::Object(record)).unwrap();
        assert_eq!(
            back,
            crate::Customer {
                key: 9,
                rev: 0,
                ..c
            }
        );
    }

    #[test]
    fn values_set_aside_travel_in_the_stamp_so_every_device_shows_them() {
        use crate::reconcile::FieldConflict;
        let rev = Rev {
            n: 3,
            by: "d1".into(),
        };
        let set_aside = FieldConflict {
            field: "city".into(),
            kept: "苏州".into(),
            other: "杭州".into(),
            other_rev: Rev {
                n: 2,
                by: "d2".into(),
            },
        };
        let record = serde_json::json!({"name": "王芳", "city": "苏州"});
        let mut doc = to_doc(CUSTOMERS, "0190-a", &record, (&rev, "li"), None).unwrap();
        with_conflicts(&mut doc, std::slice::from_ref(&set_aside));
        let pulled = from_doc(&serde_json::Value::Object(doc.clone())).unwrap();
        assert_eq!(pulled.conflicts, vec![set_aside.clone()]);
        assert_eq!(pulled.rev, rev, "the stamp still reads");
        assert!(!pulled.record.unwrap().contains_key("kehu"));
        // None: no member at all; a malformed list reads as none.
        let plain = to_doc(CUSTOMERS, "0190-a", &record, (&rev, "li"), None).unwrap();
        assert!(!plain["kehu"].as_object().unwrap().contains_key("conflicts"));
        doc["kehu"]["conflicts"] = serde_json::json!("junk");
        assert!(
            from_doc(&serde_json::Value::Object(doc))
                .unwrap()
                .conflicts
                .is_empty()
        );
        // The same value set aside twice is kept once.
        let both = union_conflicts(vec![set_aside.clone()], std::slice::from_ref(&set_aside));
        assert_eq!(both.len(), 1);
    }

    #[test]
    fn the_outbox_since_the_last_push_sends_each_record_once_as_its_last_write_left_it() {
        let entry = |changed: &[(&str, &str)], deleted: &[(&str, &str)]| {
            let mut e = OutboxEntry::default();
            for (k, id) in changed {
                e.change(k, [id.to_string()]);
            }
            for (k, id) in deleted {
                e.delete(k, [id.to_string()]);
            }
            e
        };
        let writes = [
            entry(&[("customers", "a"), ("customers", "b")], &[]),
            entry(&[], &[("customers", "a"), ("tasks", "t")]),
            entry(&[("tasks", "t"), ("tasks", "u")], &[]),
        ];
        let all = OutboxEntry::fold(&writes);
        let list = |m: &BTreeMap<String, Vec<String>>| format!("{m:?}");
        assert_eq!(
            list(&all.changed),
            r#"{"customers": ["b"], "tasks": ["t", "u"]}"#,
            "t deleted, then written again"
        );
        assert_eq!(list(&all.deleted), r#"{"customers": ["a"]}"#);
        assert!(!all.everything);
        // What waits to be pushed, written or deleted; nothing else.
        assert!(all.names("customers", "a") && all.names("tasks", "u"));
        assert!(!all.names("customers", "t") && !all.names("tasks", "b"));
        let restored = OutboxEntry {
            everything: true,
            ..OutboxEntry::default()
        };
        let after = OutboxEntry::fold([&writes[0], &restored, &writes[2]]);
        assert!(after.everything && after.changed.is_empty() && after.deleted.is_empty());
        assert!(
            after.names("customers", "anyone"),
            "a restore names every record"
        );
    }

    #[test]
    fn an_imports_orders_travel_as_one_batch_of_columns_by_global_customer_ids() {
        use crate::order::ORDER_CHUNK_CAP;
        let mut cols = crate::OrderColumns::default();
        let base = 3 * ORDER_CHUNK_CAP;
        cols.push(base + 1, 7, crate::Day(20_000), crate::Cents(1_000));
        cols.push(base + 2, 9, crate::Day(20_001), crate::Cents(2_500));
        cols.set_terms(1, crate::OrderStatus::Open, "s1", Some(crate::Cents(900)));
        let id_of = |k: u32| Some(format!("cust-{k}"));
        let doc = BatchDoc::of(&cols, id_of).unwrap();
        assert_eq!(doc.slot, [1, 2], "slots, not this device's ids");
        assert_eq!(doc.customer, ["cust-7", "cust-9"]);
        let json = serde_json::to_value(&doc).unwrap();
        // Another device, where the same customers have other keys.
        let back: BatchDoc = serde_json::from_value(json).unwrap();
        let key_of = |id: &str| {
            id.strip_prefix("cust-")?
                .parse::<u32>()
                .ok()
                .map(|k| k + 100)
        };
        let (slots, there) = back.columns(key_of).unwrap();
        assert_eq!(
            (slots, there.customer.clone()),
            (vec![1, 2], vec![107, 109])
        );
        assert_eq!(
            (there.status_of(1), there.seller_of(1), there.cost_of(1)),
            (
                crate::OrderStatus::Open,
                Some("s1"),
                Some(crate::Cents(900))
            )
        );
        assert_eq!(there.cents, cols.cents);
        // What cannot travel, or arrive, is named.
        assert_eq!(
            BatchDoc::of(&cols, |_| None),
            Err(BatchError::NoCustomerId(7))
        );
        assert_eq!(
            back.columns(|_| None),
            Err(BatchError::UnknownCustomer("cust-7".into()))
        );
        let twice = BatchDoc {
            slot: vec![1, 1],
            ..back.clone()
        };
        assert_eq!(twice.columns(key_of), Err(BatchError::BadSlot(1)));
        let ragged = BatchDoc {
            day: vec![1],
            ..back
        };
        assert_eq!(ragged.columns(key_of), Err(BatchError::Ragged));
    }

    #[test]
    fn a_batch_carries_its_lines_and_notes_by_slot_and_drops_the_orders_of_customers_gone() {
        let mut doc = BatchDoc {
            slot: vec![0, 1, 2],
            customer: vec!["a".into(), "b".into(), "a".into()],
            day: vec![1, 2, 3],
            cents: vec![100, 200, 300],
            status: Vec::new(),
            seller: Vec::new(),
            sellers: Vec::new(),
            cost: Vec::new(),
            lines: crate::OrderLines::default(),
            notes: vec![(1, "送货上门".into()), (2, "发票".into())],
        };
        let item = |name: &str| crate::OrderItem {
            product: name.into(),
            product_id: None,
            quantity: 2,
            unit_price: crate::Cents(50),
            discount_bp: 0,
            unit_cost: None,
        };
        let mut lines = crate::LineBuilder::default();
        lines.push(0, &[item("茶叶")]);
        lines.push(1, &[item("茶具"), item("茶叶")]);
        doc.lines = lines.finish();
        let back: BatchDoc = serde_json::from_str(&serde_json::to_string(&doc).unwrap()).unwrap();
        assert_eq!(back, doc, "lines and notes travel");
        assert!(back.columns(|_| Some(1)).is_ok());

        // Customer b was deleted elsewhere: their order goes, with its lines and note.
        let mut kept = doc.clone();
        kept.retain_customers(|c| c != "b");
        assert_eq!(
            (kept.slot.clone(), kept.cents.clone()),
            (vec![0, 2], vec![100, 300])
        );
        assert_eq!(kept.lines.order, [0]);
        assert_eq!(kept.notes, [(2, "发票".to_string())]);

        // A line or note of an order the batch does not have is refused.
        let mut stray = doc.clone();
        stray.notes.push((9, "?".into()));
        assert_eq!(stray.columns(|_| Some(1)), Err(BatchError::BadSlot(9)));
    }

    #[test]
    fn a_single_order_travels_by_its_batch_and_slot_with_its_customer_by_id() {
        let o = crate::Order {
            id: 3 * crate::order::ORDER_CHUNK_CAP + 5,
            customer: 7,
            day: crate::Day(20_000),
            amount: crate::Cents(12_300),
            items: Vec::new(),
            note: "送货上门".into(),
            status: crate::OrderStatus::Open,
            seller: "s1".into(),
            cost: Some(crate::Cents(9_000)),
        };
        let r = order_ref("0190-b", 5);
        assert_eq!(parse_order_ref(&r), Some(("0190-b", 5)));
        assert_eq!(parse_order_ref("0190-b/x"), None);
        assert_eq!(parse_order_ref("0190-b/99999"), None, "beyond a chunk");
        let body = order_doc(&o, "cust-7", true);
        assert!(!body.contains_key("id"), "the local id stays here");
        assert_eq!(body["customer"], "cust-7");
        let (back, loose) = order_of_doc(&body, |c| (c == "cust-7").then_some(40)).unwrap();
        assert!(loose);
        assert_eq!(
            back,
            crate::Order {
                id: 0,
                customer: 40,
                ..o
            }
        );
        assert_eq!(
            order_of_doc(&body, |_| None),
            Err(OrderDocError::UnknownCustomer("cust-7".into()))
        );
        let mut junk = body.clone();
        junk.insert("amount".into(), "lots".into());
        assert!(matches!(
            order_of_doc(&junk, |_| Some(1)),
            Err(OrderDocError::NotAnOrder(_))
        ));
    }

    /// Cloudant takes documents of at most 1 MB: a full batch, every column filled,
    /// customers by UUID, stays well inside.
    #[test]
    fn a_full_batch_fits_a_cloudant_document() {
        let mut cols = crate::OrderColumns::default();
        for i in 0..BATCH_ROWS {
            cols.push(
                i + 1,
                i,
                crate::Day(20_000 + i as i32 % 900),
                crate::Cents(123_456_789),
            );
            cols.set_terms(
                i as usize,
                crate::OrderStatus::Shipped,
                "s1",
                Some(crate::Cents(99_999_999)),
            );
        }
        let id_of = |k: u32| Some(crate::Id::v7(1_700_000_000_000 + k as u64, [7; 10]).0);
        let doc = BatchDoc::of(&cols, id_of).unwrap();
        let bytes = serde_json::to_vec(&doc).unwrap().len();
        assert!(bytes < 700_000, "{bytes} bytes");
        cols.push(BATCH_ROWS + 1, 1, crate::Day(20_000), crate::Cents(1));
        assert_eq!(BatchDoc::of(&cols, id_of), Err(BatchError::TooLarge));
    }

    /// An import whose orders have many lines, a note and products of long names is
    /// cut into batches each of which Cloudant takes; one without lines is not cut
    /// before its 8,192 orders.
    #[test]
    fn an_import_heavy_with_lines_is_cut_into_batches_under_a_megabyte() {
        let mut cols = crate::OrderColumns::default();
        let mut lines = crate::LineBuilder::default();
        let n = 6_000u32;
        let product = |p: u32| crate::OrderItem {
            product: format!("{}\"{p}", "长长的产品名称".repeat(6)),
            product_id: Some(crate::Id::v7(1_700_000_000_000 + p as u64, [3; 10])),
            quantity: 1_000_000,
            unit_price: crate::Cents(99_999_999_999),
            discount_bp: 1_000,
            unit_cost: Some(crate::Cents(88_888_888_888)),
        };
        for i in 0..n {
            cols.push(i + 1, i, crate::Day(20_000), crate::Cents(123_456_789));
            cols.set_terms(
                i as usize,
                crate::OrderStatus::Shipped,
                "s1",
                Some(crate::Cents(1)),
            );
            let items: Vec<_> = (0..12).map(|j| product((i * 7 + j) % 3_000)).collect();
            lines.push(i + 1, &items);
        }
        let lines = lines.finish();
        let note = |id: u32| if id.is_multiple_of(3) { 300 } else { 0 };
        let cuts = batch_cuts(&cols, &lines, note);
        assert!(cuts.len() > 2, "{cuts:?}");
        let id_of = |k: u32| Some(crate::Id::v7(1_700_000_000_000 + k as u64, [7; 10]).0);
        let mut from = 0;
        for to in cuts.iter().copied().chain([n as usize]) {
            let mut part = crate::OrderColumns::default();
            for i in from..to {
                part.push_row(&cols, i);
            }
            let mut doc = BatchDoc::of(&part, id_of).unwrap();
            let ids: std::collections::HashSet<u32> = part.id.iter().copied().collect();
            let mut mine = lines.clone();
            mine.retain_orders(|o| ids.contains(&o));
            doc.lines = mine;
            doc.notes = (part.id.iter())
                .filter(|&&id| note(id) > 0)
                .map(|&id| (id, "备".repeat(100)))
                .collect();
            let bytes = serde_json::to_vec(&doc).unwrap().len();
            assert!(bytes < 1_000_000, "{from}..{to}: {bytes} bytes");
            // Not cut much sooner than needed (the last takes what is left).
            assert!(
                to == n as usize || bytes > 450_000,
                "{from}..{to}: only {bytes}"
            );
            from = to;
        }
        let plain: crate::OrderColumns = {
            let mut c = crate::OrderColumns::default();
            for i in 0..BATCH_ROWS * 2 + 5 {
                c.push(i + 1, i, crate::Day(20_000), crate::Cents(1));
            }
            c
        };
        let rows = BATCH_ROWS as usize;
        assert_eq!(
            batch_cuts(&plain, &Default::default(), |_| 0),
            [rows, 2 * rows]
        );
    }

    #[test]
    fn a_deletion_is_signed_and_stamped() {
        let rev = Rev {
            n: 9,
            by: "device-1".into(),
        };
        let doc = deletion_doc("tasks", "0190-t", "2-x", (&rev, "li"));
        assert_eq!(
            serde_json::Value::Object(doc.clone()),
            serde_json::json!({"_id": "tasks:0190-t", "_rev": "2-x", "_deleted": true,
                "kehu": {"n": 9, "by": "device-1", "author": "li"}})
        );
        let pulled = from_doc(&serde_json::Value::Object(doc)).unwrap();
        assert_eq!((pulled.record, pulled.author.as_str()), (None, "li"));
    }

    #[test]
    fn a_deletion_and_a_stranger_are_told_apart() {
        let gone = serde_json::json!({"_id": "tasks:0190-t", "_rev": "2-x", "_deleted": true});
        let p = from_doc(&gone).unwrap();
        assert_eq!(
            (p.kind.as_str(), p.record, p.couch_rev.as_str()),
            ("tasks", None, "2-x")
        );
        assert_eq!(
            from_doc(&serde_json::json!({"_id": "_design/kehu"})),
            Err(DocError::BadId("_design/kehu".into()))
        );
        assert_eq!(
            from_doc(&serde_json::json!({"_id": "tasks:1", "title": "x"})),
            Err(DocError::NoRevision("tasks:1".into()))
        );
        assert_eq!(
            from_doc(&serde_json::json!([1])),
            Err(DocError::NotAnObject)
        );
    }

    /// The server refuses a kind it does not know: adding a kind without telling the
    /// validation function would make every device's records of it bounce.
    #[test]
    fn the_servers_validation_knows_every_kind() {
        let js = include_str!("../../../couch/validate_doc_update.js");
        let list = &js[js.find("var KINDS = [").unwrap()..];
        let list = &list[..list.find("];").unwrap()];
        let mut theirs: Vec<&str> = list.split('"').skip(1).step_by(2).collect();
        let mut ours = shared_kinds();
        theirs.sort();
        ours.sort();
        assert_eq!(theirs, ours);
    }

    #[test]
    fn a_record_written_then_deleted_in_one_write_is_deleted_and_back_again_is_written() {
        let mut e = OutboxEntry::default();
        e.change("interactions", ["a".to_string(), "b".to_string()]);
        e.delete("interactions", ["a".to_string()]);
        assert_eq!(e.changed["interactions"], vec!["b"]);
        assert_eq!(e.deleted["interactions"], vec!["a"]);
        e.change("interactions", ["a".to_string()]);
        assert!(
            !e.deleted.contains_key("interactions"),
            "no empty lists kept"
        );
        e.change("interactions", ["b".to_string()]);
        e.tidy();
        assert_eq!(e.changed["interactions"], vec!["a", "b"]);
    }

    #[test]
    fn after_everything_changed_the_entry_lists_nothing() {
        let mut e = OutboxEntry {
            everything: true,
            ..OutboxEntry::default()
        };
        e.change(CUSTOMERS, ["a".to_string()]);
        e.delete(ORDERS, ["b/1".to_string()]);
        assert!(e.changed.is_empty() && e.deleted.is_empty() && !e.is_empty());
    }

    #[test]
    fn an_entry_round_trips_and_leaves_empty_parts_out() {
        let mut e = OutboxEntry::default();
        assert!(e.is_empty());
        e.delete(ORDERS, [order_ref("0190-batch", 7)]);
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(json, r#"{"deleted":{"orders":["0190-batch/7"]}}"#);
        assert_eq!(serde_json::from_str::<OutboxEntry>(&json).unwrap(), e);
        assert_eq!(doc_id(CUSTOMERS, "x"), "customers:x");
    }

    #[test]
    fn revisions_order_by_count_then_device() {
        let a = Rev {
            n: 2,
            by: "b".into(),
        };
        let b = Rev {
            n: 10,
            by: "a".into(),
        };
        assert!(a < b);
    }
}
