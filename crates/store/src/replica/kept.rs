//! A pulled customer's base kept in its own record.
//!
//! A customer a pull takes as it came is, as stored, the server's version: its body and
//! kehu revision are the base's. Its record says so with one more property, the
//! server's revision ([`SYNCED`]), and needs no second record in `sync_base`. A first
//! pull of 100,000 customers spent 14 s of 39 on those second records (the closing
//! note of 2026-12-06 has the experiment).
//!
//! The rules, with "explicit" for a base in `sync_base`:
//!
//! - A customer's base is its explicit base when it has one, else its record's.
//! - A pull that takes a customer as it came marks the record and deletes any explicit
//!   base. Every other write of a customer record leaves the mark off.
//! - A write that replaces or deletes a marked record first copies it, as it is, into
//!   `sync_base` ([`Settle`]; read as a base by [`base_in`]), unless an explicit base
//!   is there: one written after the mark is the newer (a push saved, a merge pulled).
//!   A copy, not a base made of it: the page's local writes need not read JSON.
//! - A restore copies every marked record out before it clears the records
//!   ([`settle_all`]): the bases describe the server, and a restore keeps them.

use super::{Base, SYNC_BASE, body_of};
use crate::idb::{self, EventFuture, Tx};
use crate::schema::{self, CUSTOMERS};
use crate::{StoreError, js, sync};
use kehu_core::sync::{Rev, doc_id};
use std::collections::HashSet;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// The property of a customer's record that names the server revision it is.
pub(super) const SYNCED: &str = "synced";
/// In `meta`: 1 once a pull marked a customer record. Until then a local write need not
/// read the records it replaces. A restore and an erase clear `meta` with the marks.
const MARKED: &str = "customers_marked";

/// The base kept in stored customer record `stored` (or in its copy), if it is marked.
pub(super) fn base_in(stored: &JsValue) -> Result<Option<Base>, StoreError> {
    let Some(couch_rev) = revision_in(stored)? else {
        return Ok(None);
    };
    let rev = sync::rev_of(stored)?.unwrap_or(Rev {
        n: 0,
        by: String::new(),
    });
    Ok(Some(Base {
        couch_rev,
        rev,
        body: Some(body_of(stored)?),
        parked: false,
        losers: Vec::new(),
    }))
}

/// A document's base: `explicit`, its base in `sync_base`, when it has one, else the
/// one kept in its stored record `stored`, if marked.
pub(super) fn base_or_kept(
    explicit: Option<Base>,
    stored: Option<&JsValue>,
) -> Result<Option<Base>, StoreError> {
    match (explicit, stored) {
        (Some(b), _) => Ok(Some(b)),
        (None, Some(s)) => base_in(s),
        (None, None) => Ok(None),
    }
}

/// The server revision customer record `stored` is, if it is marked (its base's,
/// without reading the body).
pub(super) fn revision_in(stored: &JsValue) -> Result<Option<String>, StoreError> {
    match stored.is_object() {
        true => Ok(js::get(stored, SYNCED)?.as_string()),
        false => Ok(None),
    }
}

/// Marks `record`, a customer's as a pull writes it, as the server's `couch_rev`.
pub(super) fn mark(record: &JsValue, couch_rev: &str) {
    js::set(
        record.unchecked_ref(),
        SYNCED,
        &JsValue::from_str(couch_rev),
    );
}

/// Notes in `tx`, which marks records, that marked records exist.
pub(super) fn note_marks(tx: &Tx) -> Result<(), StoreError> {
    schema::put_meta(tx, MARKED, 1.0)
}

/// The customer records a write is about to replace or delete, read before it issues
/// its own requests (requests complete in order, so these see the records as they
/// were); [`Settle::finish`] copies each marked one out.
#[must_use = "finish copies the bases out"]
pub(crate) struct Settle {
    reads: Vec<(String, web_sys::IdbRequest, web_sys::IdbRequest)>,
    /// The last read's end, listened to from the start: it may come before `finish`.
    last: Option<EventFuture>,
}

impl Settle {
    /// Reads, in write transaction `tx`, the records of customers `ids` and their
    /// explicit bases; nothing when no record was ever marked.
    pub(crate) async fn before(tx: &Tx, ids: Vec<&str>) -> Result<Settle, StoreError> {
        let mut settle = Settle {
            reads: Vec::new(),
            last: None,
        };
        if schema::get_meta(tx, MARKED).await? == 0.0 {
            return Ok(settle);
        }
        let (records, bases) = (tx.store(CUSTOMERS)?, tx.store(SYNC_BASE)?);
        for id in ids {
            let key = doc_id(kehu_core::sync::CUSTOMERS, id);
            let record = records.get(&id.into()).map_err(StoreError::from_js)?;
            let base = bases.get(&(&key).into()).map_err(StoreError::from_js)?;
            settle.reads.push((key, record, base));
        }
        settle.last = settle.reads.last().map(|(_, _, b)| idb::request(b));
        Ok(settle)
    }

    /// Copies out, in `tx`, every marked record read that has no explicit base.
    pub(crate) async fn finish(self, tx: &Tx) -> Result<(), StoreError> {
        let Some(last) = self.last else {
            return Ok(());
        };
        last.await?;
        let bases = tx.store(SYNC_BASE)?;
        for (key, record, base) in self.reads {
            if !base.result().map_err(StoreError::from_js)?.is_undefined() {
                continue;
            }
            let record = record.result().map_err(StoreError::from_js)?;
            if revision_in(&record)?.is_some() {
                (bases.put_with_key(&record, &key.into())).map_err(StoreError::from_js)?;
            }
        }
        Ok(())
    }
}

/// Copies out, in write transaction `tx`, every marked customer record without an
/// explicit base: before a restore clears the records.
pub(crate) async fn settle_all(tx: &Tx) -> Result<(), StoreError> {
    if schema::get_meta(tx, MARKED).await? == 0.0 {
        return Ok(());
    }
    let explicit: HashSet<String> = super::keys_of(tx, SYNC_BASE).await?.into_iter().collect();
    let req = tx
        .store(CUSTOMERS)?
        .get_all()
        .map_err(StoreError::from_js)?;
    let all: js_sys::Array = idb::request(&req).await?.into();
    let bases = tx.store(SYNC_BASE)?;
    for record in all.iter() {
        let key = doc_id(kehu_core::sync::CUSTOMERS, &js::get_string(&record, "id")?);
        if explicit.contains(&key) {
            continue;
        }
        if revision_in(&record)?.is_some() {
            (bases.put_with_key(&record, &key.into())).map_err(StoreError::from_js)?;
        }
    }
    Ok(())
}
