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
//! | `settings` | `settings:shop` | the shop's settings that travel in a backup |
//!
//! Every body also carries `rev` and `by` ([`Rev`]). What stays on the device: the
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
/// The kind name of the shop's settings (the letterhead, service levels, the rewards
/// programme): one document.
pub const SETTINGS: &str = "settings";

/// Every kind a shop's database holds: the registered record kinds and the five above.
/// The server's validation function (`couch/validate_doc_update.js`) refuses any other.
pub fn shared_kinds() -> Vec<&'static str> {
    let mut all = vec![CUSTOMERS, SURVEYS, ORDER_BATCHES, ORDERS, SETTINGS];
    all.extend(crate::kinds::kinds().iter().map(|k| k.name));
    all
}

/// Rows of one order batch at most: a batch document of 8,192 orders is ~430 KB of JSON,
/// inside the 1 MB a document may have on Cloudant (measured: 16,384 rows, ~850 KB).
pub const BATCH_ROWS: u32 = 8_192;

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

/// The CouchDB `_id` of record `id` of `kind`.
pub fn doc_id(kind: &str, id: &str) -> String {
    format!("{kind}:{id}")
}

#[cfg(test)]
mod tests {
    use super::*;

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
