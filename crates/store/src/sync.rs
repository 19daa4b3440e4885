//! The device's side of sharing records (see `kehu_core::sync`): its id, its write
//! count, the outbox and the tombstones.
//!
//! - `meta["device"]`: this database's device id, a UUIDv7 made by its first write (an
//!   erase makes a new one; a restore keeps it: a backup is data, not a device).
//! - `meta["sync_seq"]`: the count of this device's writes of shared records.
//! - `outbox[n]`: what write `n` changed ([`OutboxEntry`]): `{changed: {kind: [id…]},
//!   deleted: {kind: [id…]}, everything?: true}`.
//! - `tombstones[id]`: a deleted shared record ([`Tombstone`]): `{kind, id, rev, by}`.
//!
//! Both are plain objects rather than JSON text: the page writes them on every save, and
//! building them needs no serialiser in its wasm (the reader is the sync worker's).
//!
//! Each write transaction keeps a [`Journal`] (in its `Tx`): the write paths note what
//! they change and delete, and stamp the records they put with the write's [`Stamp`].
//! [`crate::idb::Tx::commit`] writes the journal (one outbox entry, the tombstones) as
//! the transaction's last requests, so an entry exists exactly when its write commits,
//! and no write path can forget it.

use crate::idb::{self, Tx};
use crate::schema::{self, META};
use crate::{Db, StoreError, js};
use kehu_core::sync::{OutboxEntry, Rev, Tombstone};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

pub const OUTBOX: &str = "outbox";
pub const TOMBSTONES: &str = "tombstones";
pub(crate) const DEVICE: &str = "device";
pub(crate) const SYNC_SEQ: &str = "sync_seq";

/// The revision a write gives the records it puts.
#[derive(Clone, Debug)]
pub(crate) struct Stamp {
    pub n: u64,
    pub by: Rc<str>,
}

impl Stamp {
    /// For records written by a schema upgrade, which belong to no write of this
    /// device's (their next write stamps them).
    pub fn none() -> Stamp {
        Stamp {
            n: 0,
            by: Rc::from(""),
        }
    }

    /// Sets `rev` and `by` on a stored record (an object this crate built).
    pub fn mark(&self, record: &js_sys::Object) {
        if self.n > 0 {
            js::set(record, "rev", &JsValue::from_f64(self.n as f64));
            js::set(record, "by", &JsValue::from_str(&self.by));
        }
    }
}

/// What a write transaction has changed of the shared records so far.
#[derive(Default)]
pub(crate) struct Journal {
    stamp: Option<Stamp>,
    entry: OutboxEntry,
    /// Set while replication writes what another device did: that is not this
    /// device's change to push, nor its deletion to tell.
    muted: bool,
}

/// The stamp of `tx`'s write: the device's next write number, taken once per
/// transaction (the first call reads and bumps `meta`, which `tx` holds).
pub(crate) async fn stamp(tx: &Tx) -> Result<Stamp, StoreError> {
    if let Some(s) = tx.journal.borrow().stamp.clone() {
        return Ok(s);
    }
    let meta = tx.store(META)?;
    let device = meta
        .get(&JsValue::from_str(DEVICE))
        .map_err(StoreError::from_js)?;
    let n = schema::get_meta(tx, SYNC_SEQ).await? as u64 + 1;
    let by = match device.result().ok().and_then(|v| v.as_string()) {
        Some(d) => d,
        None => {
            let d = new_id().0;
            meta.put_with_key(&JsValue::from_str(&d), &JsValue::from_str(DEVICE))
                .map_err(StoreError::from_js)?;
            d
        }
    };
    schema::put_meta(tx, SYNC_SEQ, n as f64)?;
    let s = Stamp {
        n,
        by: Rc::from(by),
    };
    tx.journal.borrow_mut().stamp = Some(s.clone());
    Ok(s)
}

/// Notes records of `kind` written by `tx`.
pub(crate) fn changed(tx: &Tx, kind: &str, ids: impl IntoIterator<Item = String>) {
    let mut j = tx.journal.borrow_mut();
    if !j.muted {
        j.entry.change(kind, ids);
    }
}

/// Notes records of `kind` deleted by `tx`: each leaves a tombstone.
pub(crate) fn deleted(tx: &Tx, kind: &str, ids: impl IntoIterator<Item = String>) {
    let mut j = tx.journal.borrow_mut();
    if !j.muted {
        j.entry.delete(kind, ids);
    }
}

/// While `muted`, what `tx` writes is not noted: replication writing another device's
/// change.
pub(crate) fn mute(tx: &Tx, muted: bool) {
    tx.journal.borrow_mut().muted = muted;
}

/// Notes that `tx` replaces the whole database (a restore): the outbox and tombstones
/// from before are gone with what they described, and one entry says a push must
/// compare everything.
pub(crate) fn everything(tx: &Tx) {
    let mut j = tx.journal.borrow_mut();
    j.entry = OutboxEntry {
        everything: true,
        ..OutboxEntry::default()
    };
}

/// This device's id as `tx` (which holds `meta`) reads it, once it has written anything.
pub(crate) async fn device_in(tx: &Tx) -> Result<Option<String>, StoreError> {
    let req = tx
        .store(META)?
        .get(&JsValue::from_str(DEVICE))
        .map_err(StoreError::from_js)?;
    Ok(idb::request(&req).await?.as_string())
}

/// Puts the device id and write count of `stamp` back into `meta` after `tx` cleared it
/// (a restore replaces the data, not the device).
pub(crate) fn keep_device(tx: &Tx, stamp: &Stamp) -> Result<(), StoreError> {
    tx.store(META)?
        .put_with_key(&JsValue::from_str(&stamp.by), &JsValue::from_str(DEVICE))
        .map_err(StoreError::from_js)?;
    schema::put_meta(tx, SYNC_SEQ, stamp.n as f64)
}

/// Writes `tx`'s journal: its outbox entry and tombstones, and drops the tombstones of
/// records it wrote again (an undone deletion). Called by `Tx::commit`.
pub(crate) async fn flush(tx: &Tx) -> Result<(), StoreError> {
    let mut entry = std::mem::take(&mut tx.journal.borrow_mut().entry);
    if entry.is_empty() {
        return Ok(());
    }
    entry.tidy();
    let s = stamp(tx).await?;
    let graves = tx.store(TOMBSTONES)?;
    // Tombstones are few (deletions, not imports): reading their keys once is cheaper
    // than one delete per record a large write puts.
    let keys = graves.get_all_keys().map_err(StoreError::from_js)?;
    let keys: js_sys::Array = idb::request(&keys).await?.into();
    let buried: std::collections::HashSet<String> =
        keys.iter().filter_map(|k| k.as_string()).collect();
    for id in entry.changed.values().flatten() {
        if buried.contains(id) {
            graves
                .delete(&JsValue::from_str(id))
                .map_err(StoreError::from_js)?;
        }
    }
    for (kind, ids) in &entry.deleted {
        for id in ids {
            let t = js_sys::Object::new();
            js::set(&t, "kind", &JsValue::from_str(kind));
            js::set(&t, "id", &JsValue::from_str(id));
            s.mark(&t);
            graves
                .put_with_key(&t, &JsValue::from_str(id))
                .map_err(StoreError::from_js)?;
        }
    }
    put_entry(tx, s.n, &entry)
}

/// Puts `entry` in the outbox as write `n`'s.
pub(crate) fn put_entry(tx: &Tx, n: u64, entry: &OutboxEntry) -> Result<(), StoreError> {
    let record = js_sys::Object::new();
    js::set(&record, "changed", &by_kind(&entry.changed));
    js::set(&record, "deleted", &by_kind(&entry.deleted));
    if entry.everything {
        js::set(&record, "everything", &JsValue::TRUE);
    }
    tx.store(OUTBOX)?
        .put_with_key(&record, &JsValue::from_f64(n as f64))
        .map_err(StoreError::from_js)?;
    Ok(())
}

type ByKind = std::collections::BTreeMap<String, Vec<String>>;

/// `{kind: [id…]}` as a plain object.
fn by_kind(map: &ByKind) -> js_sys::Object {
    let o = js_sys::Object::new();
    for (kind, ids) in map {
        js::set(&o, kind, &js::array_of(ids, |id| JsValue::from_str(id)));
    }
    o
}

/// The `{kind: [id…]}` object at `field` of `v`.
fn by_kind_of(v: &JsValue, field: &str) -> Result<ByKind, StoreError> {
    let o = js::get(v, field)?;
    let mut out = ByKind::new();
    if o.is_undefined() {
        return Ok(out);
    }
    for pair in js_sys::Object::entries(o.unchecked_ref()).iter() {
        let pair: js_sys::Array = pair.unchecked_into();
        let kind = pair.get(0).as_string().unwrap_or_default();
        let ids: js_sys::Array = pair.get(1).dyn_into().map_err(|_| bad("outbox ids"))?;
        out.insert(kind, ids.iter().filter_map(|id| id.as_string()).collect());
    }
    Ok(out)
}

fn bad(what: &str) -> StoreError {
    StoreError::Corrupt(format!("sync record: {what}"))
}

pub(crate) fn parse_entry(v: &JsValue) -> Result<OutboxEntry, StoreError> {
    Ok(OutboxEntry {
        changed: by_kind_of(v, "changed")?,
        deleted: by_kind_of(v, "deleted")?,
        everything: js::get(v, "everything")?.as_bool().unwrap_or(false),
    })
}

pub(crate) fn parse_tombstone(v: &JsValue) -> Result<Tombstone, StoreError> {
    Ok(Tombstone {
        kind: js::get_string(v, "kind")?,
        id: js::get_string(v, "id")?,
        rev: rev_of(v)?.ok_or_else(|| bad("tombstone without a revision"))?,
    })
}

/// The revision a stored record carries, if any.
pub(crate) fn rev_of(v: &JsValue) -> Result<Option<Rev>, StoreError> {
    let n = js::get(v, "rev")?.as_f64();
    let by = js::get(v, "by")?.as_string();
    Ok(n.zip(by).map(|(n, by)| Rev { n: n as u64, by }))
}

/// A new UUIDv7 from the browser's clock and random source.
pub(crate) fn new_id() -> kehu_core::Id {
    let buf = js_sys::Uint8Array::new_with_length(10);
    let global = js_sys::global();
    if let Ok(crypto) = js::get(&global, "crypto")
        && let Ok(f) = js::get(&crypto, "getRandomValues")
        && let Ok(f) = f.dyn_into::<js_sys::Function>()
    {
        let _ = f.call1(&crypto, &buf);
    }
    let mut random = [0u8; 10];
    buf.copy_to(&mut random);
    kehu_core::Id::v7(js_sys::Date::now() as u64, random)
}

impl Db {
    /// This device's id, once it has written anything.
    pub async fn device(&self) -> Result<Option<String>, StoreError> {
        device_in(&Tx::new(&self.db, &[META], false)?).await
    }

    /// The outbox, oldest write first: each write's number and what it changed.
    pub async fn outbox(&self) -> Result<Vec<(u64, OutboxEntry)>, StoreError> {
        let tx = Tx::new(&self.db, &[OUTBOX], false)?;
        let (keys, vals) = tx.keyed_records(OUTBOX).await?;
        keys.iter()
            .zip(vals.iter())
            .map(|(k, v)| Ok((k.as_f64().unwrap_or(0.0) as u64, parse_entry(&v)?)))
            .collect()
    }

    /// Every tombstone.
    pub async fn tombstones(&self) -> Result<Vec<Tombstone>, StoreError> {
        let tx = Tx::new(&self.db, &[TOMBSTONES], false)?;
        let req = tx
            .store(TOMBSTONES)?
            .get_all()
            .map_err(StoreError::from_js)?;
        let vals: js_sys::Array = idb::request(&req).await?.into();
        vals.iter().map(|v| parse_tombstone(&v)).collect()
    }

    /// The revision record `id` of store `kind` was last written at (`None` for one
    /// not stored, or not written since the database was upgraded to carry revisions).
    pub async fn revision(&self, kind: &str, id: &str) -> Result<Option<Rev>, StoreError> {
        let tx = Tx::new(&self.db, &[kind], false)?;
        let req = tx
            .store(kind)?
            .get(&JsValue::from_str(id))
            .map_err(StoreError::from_js)?;
        let v = idb::request(&req).await?;
        if v.is_undefined() {
            return Ok(None);
        }
        rev_of(&v)
    }
}
