//! The order store: columnar chunks, a chunk directory, and sparse details.
//!
//! - `order_chunks[n]`: `{next, batch, loose, ids: Uint32Array, cust: Uint32Array, day:
//!   Int32Array, cents: Float64Array}`, rows sorted by id. An order's id is `n *
//!   CHUNK_CAP + slot`, so the chunk of any order is known from its id alone; `next` is
//!   the next free slot and only grows, so ids are never reused (except by undo, which
//!   restores the same order under its own id).
//! - A chunk is one batch for sharing (`kehu_core::sync`): `batch` is its global id, and
//!   its orders are `<batch>/<slot>` on every device, whatever local id they have. Each
//!   write of many orders (an import batch, a merged backup, the demo) starts new chunks
//!   of at most [`BATCH_ROWS`] rows and no other write appends to them, so a batch is
//!   what one write made. Orders entered by hand go to `loose` chunks, whose orders are
//!   shared one by one. An edit, a delete, or a merge moving orders to another customer
//!   changes the chunk here and is shared as that one order (`orders` in the outbox).
//! - `order_dir[n]`: `{n: row count, custs: Uint32Array}`, the sorted distinct customer
//!   keys in chunk n; the customer page reads the directory (a few KB per chunk), then
//!   only the chunks that hold that customer.
//! - `order_lines[n]`: the lines of chunk n's orders as columns (`kehu_core::OrderLines`):
//!   `{order: Uint32Array, product: Uint32Array, names, refs, quantity: Uint32Array,
//!   price: Float64Array}` (`names` and `refs`, the product dictionary, each one string
//!   joined by U+001F: thousands of strings would cross into wasm one by one), and `discount: Uint32Array` and `cost: Float64Array` when
//!   some line has one. Absent for a chunk whose orders have no lines. Kept apart from
//!   the chunk so the dashboards that read orders never read lines, and written in the
//!   same transaction as the chunk.
//! - `order_details[id]`: the note, only for orders that have one.
//!
//! Amounts are stored as f64 holding whole cents: exact up to 2^53, and user input is
//! capped at [`kehu_core::money::MAX_CENTS`].

use crate::idb::{self, Tx};
use crate::schema::{
    self, META, ORDER_CHUNKS, ORDER_DETAILS, ORDER_DIR, ORDER_LINES, ORDER_STORES,
};
use crate::{Change, Db, StoreError, js, lines, sync};
use kehu_core::backup::{MADE_ELSEWHERE, OrderChunk, OrderDetails, made_elsewhere};
use kehu_core::sync::{BATCH_ROWS, BatchDoc, ORDER_BATCHES, ORDERS, order_ref};
use kehu_core::{Order, OrderColumns, OrderItem};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// Orders per chunk at most (slots, including deleted ones).
pub const CHUNK_CAP: u32 = kehu_core::order::ORDER_CHUNK_CAP;

/// An `order_details` record.
#[derive(Serialize, Deserialize, Default)]
pub(crate) struct Details {
    /// Only in databases from before schema 18, whose upgrade moves them to lines.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<OrderItem>,
    #[serde(default)]
    pub note: String,
}

/// Adds hand-entered `order` (with its items and note) inside `tx`, which holds the
/// order stores; returns it with its id.
pub(crate) async fn add_in(tx: &Tx, order: &Order) -> Result<Order, StoreError> {
    let mut cols = OrderColumns::default();
    cols.push_order(&Order {
        id: 0,
        ..order.clone()
    });
    let id = append_in(tx, &cols, Origin::Hand, &[]).await?[0];
    let saved = Order {
        id,
        ..order.clone()
    };
    put_details(tx, &saved)?;
    lines::set_items(tx, id, &saved.items).await?;
    Ok(saved)
}

/// Who writes a chunk's orders: one write of many (an import batch), or the user, one
/// order at a time.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    Batch,
    Hand,
}

struct Chunk {
    no: u32,
    next: u32,
    batch: String,
    loose: bool,
    /// A loose chunk another device made (its orders came by sync): only the device
    /// that made a loose chunk adds to it, so two never give one slot to two orders.
    foreign: bool,
    cols: OrderColumns,
}

impl Chunk {
    fn empty(no: u32, origin: Origin) -> Chunk {
        Chunk {
            no,
            next: 0,
            batch: sync::new_id().0,
            loose: origin == Origin::Hand,
            foreign: false,
            cols: OrderColumns::default(),
        }
    }

    /// The global name of the order with local id `id` in this chunk.
    fn order_ref(&self, id: u32) -> String {
        order_ref(&self.batch, id % CHUNK_CAP)
    }

    /// Notes in `tx`'s journal that orders `ids` of this chunk were written (or deleted).
    fn note(&self, tx: &Tx, ids: &[u32], deleted: bool) {
        let refs = ids.iter().map(|&id| self.order_ref(id));
        match deleted {
            false => sync::changed(tx, ORDERS, refs),
            true => sync::deleted(tx, ORDERS, refs),
        }
    }

    fn to_js(&self) -> JsValue {
        let o = js_sys::Object::new();
        js::set(&o, "next", &JsValue::from_f64(self.next as f64));
        js::set(&o, "batch", &JsValue::from_str(&self.batch));
        js::set(&o, "loose", &JsValue::from_bool(self.loose));
        if self.foreign {
            js::set(&o, "foreign", &JsValue::TRUE);
        }
        js::set(&o, "ids", &js_sys::Uint32Array::from(&self.cols.id[..]));
        js::set(
            &o,
            "cust",
            &js_sys::Uint32Array::from(&self.cols.customer[..]),
        );
        js::set(&o, "day", &js_sys::Int32Array::from(&self.cols.day[..]));
        let cents: Vec<f64> = self.cols.cents.iter().map(|&c| c as f64).collect();
        js::set(&o, "cents", &js_sys::Float64Array::from(&cents[..]));
        // The term columns are written only when some order has other than the default.
        let c = &self.cols;
        if !c.status.is_empty() {
            js::set(&o, "status", &js_sys::Uint8Array::from(&c.status[..]));
        }
        if !c.seller.is_empty() {
            js::set(&o, "seller", &js_sys::Uint32Array::from(&c.seller[..]));
            let names: js_sys::Array = c.sellers.iter().map(|s| JsValue::from_str(s)).collect();
            js::set(&o, "sellers", &names);
        }
        if !c.cost.is_empty() {
            let cost: Vec<f64> = c.cost.iter().map(|&c| c as f64).collect();
            js::set(&o, "cost", &js_sys::Float64Array::from(&cost[..]));
        }
        o.into()
    }

    fn from_js(no: u32, v: &JsValue) -> Result<Chunk, StoreError> {
        let arr = |k: &str| js::get(v, k);
        let bad = |k: &str| StoreError::Corrupt(format!("order chunk {no}: {k}"));
        let ids: js_sys::Uint32Array = arr("ids")?.dyn_into().map_err(|_| bad("ids"))?;
        let cust: js_sys::Uint32Array = arr("cust")?.dyn_into().map_err(|_| bad("cust"))?;
        let day: js_sys::Int32Array = arr("day")?.dyn_into().map_err(|_| bad("day"))?;
        let cents: js_sys::Float64Array = arr("cents")?.dyn_into().map_err(|_| bad("cents"))?;
        let n = ids.length();
        if cust.length() != n || day.length() != n || cents.length() != n {
            return Err(bad("column lengths differ"));
        }
        // Absent in chunks whose orders all have the default terms.
        let status = optional(v, "status", no, |a: js_sys::Uint8Array| a.to_vec())?;
        let seller = optional(v, "seller", no, |a: js_sys::Uint32Array| a.to_vec())?;
        let sellers = optional(v, "sellers", no, |a: js_sys::Array| {
            a.iter()
                .map(|s| s.as_string().unwrap_or_default())
                .collect()
        })?;
        let cost = optional(v, "cost", no, |a: js_sys::Float64Array| a.to_vec())?;
        let cols = OrderColumns {
            id: ids.to_vec(),
            customer: cust.to_vec(),
            day: day.to_vec(),
            cents: cents.to_vec().into_iter().map(|c| c as i64).collect(),
            status,
            seller,
            sellers,
            cost: cost.into_iter().map(|c| c as i64).collect(),
        };
        if !cols.is_whole() {
            return Err(bad("term columns"));
        }
        Ok(Chunk {
            no,
            next: js::get_f64(v, "next")? as u32,
            // Every chunk has one since the schema 9 upgrade.
            batch: js::get(v, "batch")?.as_string().unwrap_or_default(),
            loose: js::get(v, "loose")?.as_bool().unwrap_or(false),
            foreign: js::get(v, "foreign")?.as_bool().unwrap_or(false),
            cols,
        })
    }

    fn dir_js(&self) -> JsValue {
        let mut custs = self.cols.customer.clone();
        custs.sort_unstable();
        custs.dedup();
        let o = js_sys::Object::new();
        js::set(&o, "n", &JsValue::from_f64(self.cols.len() as f64));
        js::set(&o, "custs", &js_sys::Uint32Array::from(&custs[..]));
        o.into()
    }

    fn row_of(&self, id: u32) -> Option<usize> {
        self.cols.id.binary_search(&id).ok()
    }

    fn insert_row(&mut self, o: &Order) {
        let i = self.cols.id.partition_point(|&x| x < o.id);
        self.cols.insert_row(i, o);
        self.next = self.next.max(o.id % CHUNK_CAP + 1);
    }
}

/// Column `k` of chunk `no`'s record `v`, read by `read` if present (empty if not).
fn optional<A: JsCast, T>(
    v: &JsValue,
    k: &str,
    no: u32,
    read: impl Fn(A) -> Vec<T>,
) -> Result<Vec<T>, StoreError> {
    let col = js::get(v, k)?;
    if col.is_undefined() {
        return Ok(Vec::new());
    }
    let col = col
        .dyn_into::<A>()
        .map_err(|_| StoreError::Corrupt(format!("order chunk {no}: {k}")))?;
    Ok(read(col))
}

fn key(n: u32) -> JsValue {
    JsValue::from_f64(n as f64)
}

fn chunk_of(id: u32) -> u32 {
    id / CHUNK_CAP
}

async fn get_chunk(tx: &Tx, no: u32) -> Result<Option<Chunk>, StoreError> {
    let req = tx
        .store(ORDER_CHUNKS)?
        .get(&key(no))
        .map_err(StoreError::from_js)?;
    let v = idb::request(&req).await?;
    if v.is_undefined() {
        return Ok(None);
    }
    Chunk::from_js(no, &v).map(Some)
}

fn put_chunk(tx: &Tx, c: &Chunk) -> Result<(), StoreError> {
    tx.store(ORDER_CHUNKS)?
        .put_with_key(&c.to_js(), &key(c.no))
        .map_err(StoreError::from_js)?;
    tx.store(ORDER_DIR)?
        .put_with_key(&c.dir_js(), &key(c.no))
        .map_err(StoreError::from_js)?;
    Ok(())
}

fn put_details(tx: &Tx, o: &Order) -> Result<(), StoreError> {
    put_note(tx, o.id, &o.note)
}

/// An order's details record holding only its note.
pub(crate) fn note_doc(note: String) -> JsValue {
    js::to_doc(&Details {
        items: Vec::new(),
        note,
    })
}

/// Writes (or, when it is empty, removes) order `id`'s note.
pub(crate) fn put_note(tx: &Tx, id: u32, note: &str) -> Result<(), StoreError> {
    let store = tx.store(ORDER_DETAILS)?;
    if !note.is_empty() {
        store.put_with_key(&note_doc(note.to_string()), &key(id))
    } else {
        store.delete(&key(id))
    }
    .map(|_| ())
    .map_err(StoreError::from_js)
}

async fn get_details(tx: &Tx, id: u32) -> Result<Details, StoreError> {
    let req = tx
        .store(ORDER_DETAILS)?
        .get(&key(id))
        .map_err(StoreError::from_js)?;
    let v = idb::request(&req).await?;
    match v.as_string() {
        Some(s) => serde_json::from_str(&s).map_err(|e| StoreError::Corrupt(e.to_string())),
        None => Ok(Details::default()),
    }
}

/// The highest chunk number in use, if any.
async fn tail_chunk_no(tx: &Tx) -> Result<Option<u32>, StoreError> {
    let req = tx
        .store(ORDER_DIR)?
        .open_key_cursor_with_range_and_direction(&JsValue::NULL, web_sys::IdbCursorDirection::Prev)
        .map_err(StoreError::from_js)?;
    let v = idb::request(&req).await?;
    if v.is_null() || v.is_undefined() {
        return Ok(None);
    }
    let cursor: web_sys::IdbCursor = v.unchecked_into();
    Ok(cursor.key().ok().and_then(|k| k.as_f64()).map(|k| k as u32))
}

/// Appends orders inside an open write transaction; returns their new ids in input order.
/// A batch's orders start new chunks (a batch is what one write made, so no later write
/// adds to it), another at each row of `cuts` ([`kehu_core::sync::batch_cuts`]: where
/// the batch document would pass the size a server takes) and after every
/// [`BATCH_ROWS`]; hand-entered ones fill the newest chunk if it is loose and has room.
pub(crate) async fn append_in(
    tx: &Tx,
    orders: &OrderColumns,
    origin: Origin,
    cuts: &[usize],
) -> Result<Vec<u32>, StoreError> {
    if orders.is_empty() {
        return Ok(Vec::new());
    }
    let mut chunk = match tail_chunk_no(tx).await? {
        Some(no) if origin == Origin::Hand => match get_chunk(tx, no).await? {
            Some(c) if c.loose && !c.foreign && c.next < BATCH_ROWS => c,
            _ => Chunk::empty(no + 1, origin),
        },
        Some(no) => Chunk::empty(no + 1, origin),
        // Chunk 0 is never used, so no order gets id 0 (which means "unsaved").
        None => Chunk::empty(1, origin),
    };
    let mut ids = Vec::with_capacity(orders.len());
    let mut first = 0;
    let mut cuts = cuts.iter().peekable();
    for i in 0..orders.len() {
        let cut = cuts.next_if_eq(&&i).is_some() && chunk.next > 0;
        if chunk.next == BATCH_ROWS || cut {
            appended(tx, &chunk, &ids[first..])?;
            first = ids.len();
            chunk = Chunk::empty(chunk.no + 1, origin);
        }
        let id = chunk.no * CHUNK_CAP + chunk.next;
        chunk.next += 1;
        chunk.cols.push_row(orders, i);
        let last = chunk.cols.len() - 1;
        chunk.cols.id[last] = id;
        ids.push(id);
    }
    appended(tx, &chunk, &ids[first..])?;
    Ok(ids)
}

/// Puts a chunk that orders `added` were appended to, and notes them: a batch as a
/// whole, hand-entered orders one by one.
fn appended(tx: &Tx, chunk: &Chunk, added: &[u32]) -> Result<(), StoreError> {
    put_chunk(tx, chunk)?;
    match chunk.loose {
        true => chunk.note(tx, added, false),
        false => sync::changed(tx, ORDER_BATCHES, [chunk.batch.clone()]),
    }
    Ok(())
}

/// Removes the orders with ids in the inclusive `ranges` (and their lines and notes) inside an
/// open write transaction.
pub(crate) async fn remove_in(tx: &Tx, ranges: &[(u32, u32)]) -> Result<(), StoreError> {
    let mut chunks: Vec<u32> = ranges
        .iter()
        .flat_map(|&(a, b)| chunk_of(a)..=chunk_of(b))
        .collect();
    chunks.sort_unstable();
    chunks.dedup();
    let gone = |id: u32| ranges.iter().any(|&(a, b)| (a..=b).contains(&id));
    for no in chunks {
        let Some(mut chunk) = get_chunk(tx, no).await? else {
            continue;
        };
        let removed = chunk.cols.retain(|c, i| !gone(c.id[i]));
        put_chunk(tx, &chunk)?;
        lines::remove(tx, no, gone).await?;
        // A batch with none of its orders left goes as a whole (its edits with it).
        if chunk.cols.is_empty() && !chunk.loose {
            sync::deleted(tx, ORDER_BATCHES, [chunk.batch.clone()]);
        } else {
            chunk.note(tx, &removed, true);
        }
    }
    let details = tx.store(ORDER_DETAILS)?;
    for &(a, b) in ranges {
        let range = web_sys::IdbKeyRange::bound(&key(a), &key(b)).map_err(StoreError::from_js)?;
        details.delete(&range).map_err(StoreError::from_js)?;
    }
    Ok(())
}

/// Every chunk's batch id, whether it is loose, and its orders' slots: what a push after
/// a restore compares with what the server has.
pub(crate) async fn shared_refs(
    tx: &Tx,
) -> Result<std::collections::HashMap<String, (bool, Vec<u32>)>, StoreError> {
    let (keys, vals) = tx.keyed_records(ORDER_CHUNKS).await?;
    let mut out = std::collections::HashMap::with_capacity(keys.length() as usize);
    for (k, v) in keys.iter().zip(vals.iter()) {
        let c = Chunk::from_js(k.as_f64().unwrap_or(0.0) as u32, &v)?;
        let slots = c.cols.id.iter().map(|id| id % CHUNK_CAP).collect();
        out.insert(c.batch, (c.loose, slots));
    }
    Ok(out)
}

/// The number of the chunk that holds batch `batch` on this device, if any.
pub(crate) async fn chunk_of_batch(tx: &Tx, batch: &str) -> Result<Option<u32>, StoreError> {
    let index = tx
        .store(ORDER_CHUNKS)?
        .index("batch")
        .map_err(StoreError::from_js)?;
    let req = index
        .get_key(&JsValue::from_str(batch))
        .map_err(StoreError::from_js)?;
    Ok(idb::request(&req).await?.as_f64().map(|n| n as u32))
}

fn batch_error(e: kehu_core::sync::BatchError) -> StoreError {
    StoreError::Corrupt(format!("order batch: {e}"))
}

/// Chunk `no` as the batch other devices read: its orders by slot, customers by their
/// ids (`id_of` this device's keys), with their lines and notes. `None`: no such chunk.
pub(crate) async fn shared_batch(
    tx: &Tx,
    no: u32,
    id_of: impl Fn(u32) -> Option<String>,
) -> Result<Option<BatchDoc>, StoreError> {
    let Some(chunk) = get_chunk(tx, no).await? else {
        return Ok(None);
    };
    let mut doc = BatchDoc::of(&chunk.cols, id_of).map_err(batch_error)?;
    doc.lines = lines::get(tx, no).await?.renumbered(|id| id % CHUNK_CAP);
    let range =
        web_sys::IdbKeyRange::bound(&key(no * CHUNK_CAP), &key(no * CHUNK_CAP + CHUNK_CAP - 1))
            .map_err(StoreError::from_js)?;
    let req = (tx.store(ORDER_DETAILS)?.get_all_with_key(&range)).map_err(StoreError::from_js)?;
    let keys_req =
        (tx.store(ORDER_DETAILS)?.get_all_keys_with_key(&range)).map_err(StoreError::from_js)?;
    let (vals, keys): (js_sys::Array, js_sys::Array) = (
        idb::request(&req).await?.into(),
        idb::request(&keys_req).await?.into(),
    );
    for (k, v) in keys.iter().zip(vals.iter()) {
        let Some(text) = v.as_string() else { continue };
        let d: Details =
            serde_json::from_str(&text).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        if !d.note.is_empty() {
            doc.notes
                .push((k.as_f64().unwrap_or(0.0) as u32 % CHUNK_CAP, d.note));
        }
    }
    Ok(Some(doc))
}

/// The customer keys of chunk `no`'s orders.
pub(crate) async fn customers_of_chunk(tx: &Tx, no: u32) -> Result<Vec<u32>, StoreError> {
    Ok(match get_chunk(tx, no).await? {
        Some(c) => distinct(c.cols.customer),
        None => Vec::new(),
    })
}

/// Stores batch `batch` from another device as a chunk of its own, each order at its
/// slot (so `<batch>/<slot>` names it here too), customers by their keys here
/// (`key_of`), with its lines and notes; returns the customer keys. Inside a write
/// transaction whose journal is muted: what another device wrote is not this one's
/// to push.
pub(crate) async fn put_batch(
    tx: &Tx,
    batch: &str,
    doc: &BatchDoc,
    key_of: impl Fn(&str) -> Option<u32>,
) -> Result<Vec<u32>, StoreError> {
    let (slots, mut cols) = doc.columns(key_of).map_err(batch_error)?;
    let no = tail_chunk_no(tx).await?.map_or(1, |n| n + 1);
    cols.id = slots.iter().map(|s| no * CHUNK_CAP + s).collect();
    // Rows by id, as every chunk keeps them.
    if !cols.id.is_sorted() {
        let mut order: Vec<usize> = (0..cols.len()).collect();
        order.sort_by_key(|&i| cols.id[i]);
        let mut sorted = OrderColumns::default();
        for i in order {
            sorted.push_row(&cols, i);
        }
        cols = sorted;
    }
    let chunk = Chunk {
        no,
        next: slots.iter().max().map_or(0, |s| s + 1),
        batch: batch.into(),
        loose: false,
        foreign: false,
        cols,
    };
    put_chunk(tx, &chunk)?;
    lines::put(
        tx,
        no,
        &doc.lines
            .clone()
            .renumbered(|s| no * CHUNK_CAP + s)
            .sorted(),
    )?;
    for (slot, note) in &doc.notes {
        put_note(tx, no * CHUNK_CAP + slot, note)?;
    }
    Ok(distinct(chunk.cols.customer))
}

/// Order `slot` of batch `batch` as stored here (with its items and note), and whether
/// its chunk is loose; `None` when this device does not have it.
pub(crate) async fn shared_order(
    tx: &Tx,
    batch: &str,
    slot: u32,
) -> Result<Option<(Order, bool)>, StoreError> {
    let Some(no) = chunk_of_batch(tx, batch).await? else {
        return Ok(None);
    };
    let id = no * CHUNK_CAP + slot;
    let Some(chunk) = get_chunk(tx, no).await? else {
        return Ok(None);
    };
    let Some(i) = chunk.row_of(id) else {
        return Ok(None);
    };
    let order = Order {
        items: lines::items_of(tx, id).await?,
        note: get_details(tx, id).await?.note,
        ..chunk.cols.order_at(i)
    };
    Ok(Some((order, chunk.loose)))
}

/// Writes `order` as order `slot` of batch `batch`, replacing the one there; the chunk
/// is made (loose) when this device has none and the order was entered by hand.
/// Returns the customer keys whose orders changed, or `None` when the order belongs to
/// a batch not here yet. Noted in the journal like any write of an order.
pub(crate) async fn put_shared_order(
    tx: &Tx,
    batch: &str,
    slot: u32,
    order: &Order,
    loose: bool,
) -> Result<Option<Vec<u32>>, StoreError> {
    let mut chunk = match chunk_of_batch(tx, batch).await? {
        Some(no) => get_chunk(tx, no)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("order chunk {no}")))?,
        None if loose => {
            let no = tail_chunk_no(tx).await?.map_or(1, |n| n + 1);
            Chunk {
                batch: batch.into(),
                foreign: true,
                ..Chunk::empty(no, Origin::Hand)
            }
        }
        None => return Ok(None),
    };
    let id = chunk.no * CHUNK_CAP + slot;
    let mut keys = vec![order.customer];
    if let Some(i) = chunk.row_of(id) {
        keys.push(chunk.cols.remove_row(i).customer);
    }
    let order = Order {
        id,
        ..order.clone()
    };
    chunk.insert_row(&order);
    put_chunk(tx, &chunk)?;
    chunk.note(tx, &[id], false);
    put_details(tx, &order)?;
    lines::set_items(tx, id, &order.items).await?;
    Ok(Some(distinct(keys)))
}

/// Removes order `slot` of batch `batch`, with its lines and note; returns its customer
/// key, or `None` when this device does not have it.
pub(crate) async fn remove_shared_order(
    tx: &Tx,
    batch: &str,
    slot: u32,
) -> Result<Option<u32>, StoreError> {
    let Some(no) = chunk_of_batch(tx, batch).await? else {
        return Ok(None);
    };
    let Some(mut chunk) = get_chunk(tx, no).await? else {
        return Ok(None);
    };
    let id = no * CHUNK_CAP + slot;
    let Some(i) = chunk.row_of(id) else {
        return Ok(None);
    };
    let gone = chunk.cols.remove_row(i);
    put_chunk(tx, &chunk)?;
    chunk.note(tx, &[id], true);
    tx.store(ORDER_DETAILS)?
        .delete(&key(id))
        .map_err(StoreError::from_js)?;
    lines::set_items(tx, id, &[]).await?;
    Ok(Some(gone.customer))
}

/// The numbers of the chunks whose directory entry lists customer `key` (the directory
/// is a few KB a chunk, so this reads no chunk).
async fn chunks_of(tx: &Tx, key: u32) -> Result<Vec<u32>, StoreError> {
    let (keys, vals) = tx.keyed_records(ORDER_DIR).await?;
    let mut out = Vec::new();
    for (k, v) in keys.iter().zip(vals.iter()) {
        let custs: js_sys::Uint32Array = js::get(&v, "custs")?
            .dyn_into()
            .map_err(|_| StoreError::Corrupt("order directory".into()))?;
        if custs.to_vec().binary_search(&key).is_ok() {
            out.push(k.as_f64().unwrap_or(0.0) as u32);
        }
    }
    Ok(out)
}

/// Removes every order of customer `key` (and their details) inside an open write
/// transaction, reading only the chunks the directory says hold them.
pub(crate) async fn remove_customer(tx: &Tx, key: u32) -> Result<(), StoreError> {
    let details = tx.store(ORDER_DETAILS)?;
    for no in chunks_of(tx, key).await? {
        let Some(mut chunk) = get_chunk(tx, no).await? else {
            continue;
        };
        let removed = chunk.cols.retain(|c, i| c.customer[i] != key);
        for &id in &removed {
            details
                .delete(&self::key(id))
                .map_err(StoreError::from_js)?;
        }
        put_chunk(tx, &chunk)?;
        lines::remove(tx, no, |id| removed.binary_search(&id).is_ok()).await?;
        chunk.note(tx, &removed, true);
    }
    Ok(())
}

/// The customer keys that have orders, inside an open transaction (it sees the
/// transaction's own writes).
pub(crate) async fn customers_with_orders(
    tx: &Tx,
) -> Result<std::collections::HashSet<u32>, StoreError> {
    let req = tx
        .store(ORDER_CHUNKS)?
        .get_all()
        .map_err(StoreError::from_js)?;
    let all: js_sys::Array = idb::request(&req).await?.into();
    let mut keys = std::collections::HashSet::new();
    for v in all.iter() {
        keys.extend(Chunk::from_js(0, &v)?.cols.customer);
    }
    Ok(keys)
}

/// Every chunk as stored (with its lines), and every order's note: what a backup holds.
/// `device` is this device's id (`None` before its first write).
pub(crate) async fn read_all(
    tx: &Tx,
    device: Option<&str>,
) -> Result<(Vec<OrderChunk>, Vec<OrderDetails>), StoreError> {
    let no = |k: JsValue| k.as_f64().unwrap_or(0.0) as u32;
    let (keys, vals) = tx.keyed_records(ORDER_LINES).await?;
    let mut lines_of = std::collections::HashMap::new();
    for (k, v) in keys.iter().zip(vals.iter()) {
        let n = no(k);
        lines_of.insert(n, lines::from_js(n, &v)?);
    }
    let (keys, vals) = tx.keyed_records(ORDER_CHUNKS).await?;
    let mut chunks = Vec::with_capacity(keys.length() as usize);
    for (k, v) in keys.iter().zip(vals.iter()) {
        let c = Chunk::from_js(no(k), &v)?;
        let made_on = match (c.loose, c.foreign) {
            (false, _) => String::new(),
            (true, true) => MADE_ELSEWHERE.into(),
            (true, false) => device.unwrap_or_default().into(),
        };
        chunks.push(OrderChunk {
            lines: lines_of.remove(&c.no).unwrap_or_default(),
            made_on,
            ..OrderChunk::of(c.no, c.next, c.batch, c.loose, c.cols)
        });
    }
    let (keys, vals) = tx.keyed_records(ORDER_DETAILS).await?;
    let mut details = Vec::with_capacity(keys.length() as usize);
    for (k, v) in keys.iter().zip(vals.iter()) {
        let d: Details = match v.as_string() {
            Some(s) => serde_json::from_str(&s).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            None => continue,
        };
        details.push(OrderDetails {
            id: no(k),
            items: Vec::new(),
            note: d.note,
        });
    }
    Ok((chunks, details))
}

/// Writes chunks (with their lines) and notes as a checked backup holds them (inside a
/// write transaction; the check has moved any older backup's items into lines). `device`
/// is this device's id: a loose chunk another device made stays closed to its orders.
pub(crate) fn write_backup(
    tx: &Tx,
    device: &str,
    chunks: &[OrderChunk],
    details: &[OrderDetails],
) -> Result<(), StoreError> {
    for c in chunks {
        let cols = c.columns();
        if c.customers.len() != c.ids.len() || !cols.is_whole() {
            return Err(StoreError::Corrupt(format!("order chunk {}", c.no)));
        }
        put_chunk(
            tx,
            &Chunk {
                no: c.no,
                next: c.next,
                batch: match c.batch.is_empty() {
                    true => sync::new_id().0,
                    false => c.batch.clone(),
                },
                loose: c.loose,
                foreign: c.loose && made_elsewhere(&c.made_on, device),
                cols,
            },
        )?;
        lines::put(tx, c.no, &c.lines)?;
    }
    for d in details {
        put_note(tx, d.id, &d.note)?;
    }
    Ok(())
}

/// Gives the orders of customer `from` (only those in `only`, when given) to customer
/// `to`, inside a write transaction; returns the ids moved.
pub(crate) async fn repoint(
    tx: &Tx,
    from: u32,
    to: u32,
    only: Option<&[u32]>,
) -> Result<Vec<u32>, StoreError> {
    let mut moved = Vec::new();
    for no in chunks_of(tx, from).await? {
        let Some(mut chunk) = get_chunk(tx, no).await? else {
            continue;
        };
        let mut here = Vec::new();
        for i in 0..chunk.cols.len() {
            let id = chunk.cols.id[i];
            if chunk.cols.customer[i] == from && only.is_none_or(|o| o.contains(&id)) {
                chunk.cols.customer[i] = to;
                here.push(id);
            }
        }
        if !here.is_empty() {
            put_chunk(tx, &chunk)?;
            chunk.note(tx, &here, false);
            moved.extend(here);
        }
    }
    Ok(moved)
}

fn distinct(mut keys: Vec<u32>) -> Vec<u32> {
    keys.sort_unstable();
    keys.dedup();
    keys
}

impl Db {
    /// Appends many orders (ids in `orders` are ignored) in one transaction; returns the
    /// new ids in input order.
    pub async fn append_orders(&self, orders: &OrderColumns) -> Result<Vec<u32>, StoreError> {
        let tx = Tx::new(&self.db, &[ORDER_CHUNKS, ORDER_DIR, META], true)?;
        let ids = append_in(&tx, orders, Origin::Batch, &[]).await?;
        schema::bump_version(&tx).await?;
        tx.commit().await?;
        self.feed
            .announce(&Change::Orders(distinct(orders.customer.clone())));
        Ok(ids)
    }

    /// Saves a new order (its id is assigned) with its items and note.
    pub async fn add_order(&self, order: &Order) -> Result<Order, StoreError> {
        let tx = Tx::new(&self.db, &schema::with(ORDER_STORES, &[META]), true)?;
        let saved = add_in(&tx, order).await?;
        schema::bump_version(&tx).await?;
        tx.commit().await?;
        self.feed.announce(&Change::Orders(vec![order.customer]));
        Ok(saved)
    }

    /// Replaces saved order `was` (as the user read it) with `order` (same id). Refused,
    /// as [`StoreError::Changed`], if the stored order is no longer `was` (edited or
    /// deleted elsewhere): an order has no revision of its own (it is a row in a
    /// chunk), so its content is compared instead.
    pub async fn update_order(&self, was: &Order, order: &Order) -> Result<(), StoreError> {
        let tx = Tx::new(&self.db, &schema::with(ORDER_STORES, &[META]), true)?;
        let found = match get_chunk(&tx, chunk_of(order.id)).await? {
            Some(c) => c.row_of(order.id).map(|i| (c, i)),
            None => None,
        };
        let Some((mut chunk, i)) = found else {
            return Err(StoreError::Changed);
        };
        let details = get_details(&tx, order.id).await?;
        let stored = Order {
            items: lines::items_of(&tx, order.id).await?,
            note: details.note,
            ..chunk.cols.order_at(i)
        };
        if was.id != order.id || stored != *was {
            return Err(StoreError::Changed);
        }
        let old_customer = stored.customer;
        chunk.cols.remove_row(i);
        chunk.cols.insert_row(i, order);
        put_chunk(&tx, &chunk)?;
        chunk.note(&tx, &[order.id], false);
        put_details(&tx, order)?;
        lines::set_items(&tx, order.id, &order.items).await?;
        schema::bump_version(&tx).await?;
        tx.commit().await?;
        self.feed.announce(&Change::Orders(distinct(vec![
            old_customer,
            order.customer,
        ])));
        Ok(())
    }

    /// Deletes an order and returns it whole (items and note too), so undo can restore it.
    pub async fn delete_order(&self, id: u32) -> Result<Order, StoreError> {
        let tx = Tx::new(&self.db, &schema::with(ORDER_STORES, &[META]), true)?;
        let found = match get_chunk(&tx, chunk_of(id)).await? {
            Some(c) => c.row_of(id).map(|i| (c, i)),
            None => None,
        };
        let Some((mut chunk, i)) = found else {
            tx.abort();
            return Err(StoreError::NotFound);
        };
        let details = get_details(&tx, id).await?;
        let items = lines::items_of(&tx, id).await?;
        let removed = chunk.cols.remove_row(i);
        let customer = removed.customer;
        put_chunk(&tx, &chunk)?;
        chunk.note(&tx, &[id], true);
        tx.store(ORDER_DETAILS)?
            .delete(&key(id))
            .map_err(StoreError::from_js)?;
        lines::set_items(&tx, id, &[]).await?;
        schema::bump_version(&tx).await?;
        tx.commit().await?;
        self.feed.announce(&Change::Orders(vec![customer]));
        Ok(Order {
            items,
            note: details.note,
            ..removed
        })
    }

    /// Puts a deleted order back under its own id (the undo of [`Db::delete_order`]).
    pub async fn restore_order(&self, order: &Order) -> Result<(), StoreError> {
        let tx = Tx::new(&self.db, &schema::with(ORDER_STORES, &[META]), true)?;
        let no = chunk_of(order.id);
        let mut chunk = get_chunk(&tx, no)
            .await?
            .unwrap_or_else(|| Chunk::empty(no, Origin::Hand));
        if chunk.row_of(order.id).is_some() {
            tx.abort();
            return Err(StoreError::Constraint);
        }
        chunk.insert_row(order);
        put_chunk(&tx, &chunk)?;
        chunk.note(&tx, &[order.id], false);
        put_details(&tx, order)?;
        lines::set_items(&tx, order.id, &order.items).await?;
        schema::bump_version(&tx).await?;
        tx.commit().await?;
        self.feed.announce(&Change::Orders(vec![order.customer]));
        Ok(())
    }

    /// The order list's index: each chunk's number and order count, the newest chunk
    /// first (the directory only: a few KB a chunk, whatever the orders).
    pub async fn order_chunks(&self) -> Result<Vec<(u32, u32)>, StoreError> {
        let tx = Tx::new(&self.db, &[ORDER_DIR], false)?;
        let (keys, vals) = tx.keyed_records(ORDER_DIR).await?;
        let mut out = Vec::with_capacity(keys.length() as usize);
        for (k, v) in keys.iter().zip(vals.iter()) {
            let n = js::get_f64(&v, "n")? as u32;
            if n > 0 {
                out.push((k.as_f64().unwrap_or(0.0) as u32, n));
            }
        }
        out.sort_unstable_by_key(|&(no, _)| std::cmp::Reverse(no));
        Ok(out)
    }

    /// The orders of chunk `no` (ids ascending), without details.
    pub async fn order_chunk(&self, no: u32) -> Result<OrderColumns, StoreError> {
        let tx = Tx::new(&self.db, &[ORDER_CHUNKS], false)?;
        Ok(get_chunk(&tx, no)
            .await?
            .map(|c| c.cols)
            .unwrap_or_default())
    }

    /// A customer's orders with their details, oldest first.
    pub async fn orders_of(&self, customer: u32) -> Result<Vec<Order>, StoreError> {
        let tx = Tx::new(&self.db, ORDER_STORES, false)?;
        let mut out = Vec::new();
        for no in chunks_of(&tx, customer).await? {
            let Some(chunk) = get_chunk(&tx, no).await? else {
                continue;
            };
            let lines = lines::get(&tx, no).await?;
            for i in 0..chunk.cols.len() {
                if chunk.cols.customer[i] == customer {
                    let o = chunk.cols.order_at(i);
                    out.push(Order {
                        items: lines.items_of(o.id),
                        ..o
                    });
                }
            }
        }
        for o in &mut out {
            o.note = get_details(&tx, o.id).await?.note;
        }
        out.sort_by_key(|o| (o.day, o.id));
        Ok(out)
    }

    /// Every order as columns, in id order: what analytics read.
    pub async fn all_orders(&self) -> Result<OrderColumns, StoreError> {
        self.scan_orders(|_| true, |_| {}).await
    }

    /// The unpaid orders (open, or shipped and not paid), in id order: who owes what.
    /// Chunks none of whose orders has a status (imported history) are skipped unread.
    pub async fn unpaid_orders(&self) -> Result<OrderColumns, StoreError> {
        let has_status = |v: &JsValue| js::get(v, "status").is_ok_and(|s| !s.is_undefined());
        self.scan_orders(has_status, |c| {
            c.retain(|c, i| c.status_of(i).unpaid());
        })
        .await
    }

    /// The orders of the chunks whose record `read` accepts, each chunk's columns
    /// trimmed by `trim`, in id order.
    async fn scan_orders(
        &self,
        read: impl Fn(&JsValue) -> bool,
        trim: impl Fn(&mut OrderColumns),
    ) -> Result<OrderColumns, StoreError> {
        let tx = Tx::new(&self.db, &[ORDER_CHUNKS], false)?;
        let (keys, vals) = tx.keyed_records(ORDER_CHUNKS).await?;
        let mut out = OrderColumns::default();
        for (k, v) in keys.iter().zip(vals.iter()) {
            if !read(&v) {
                continue;
            }
            let mut chunk = Chunk::from_js(k.as_f64().unwrap_or(0.0) as u32, &v)?;
            trim(&mut chunk.cols);
            out.extend(&chunk.cols);
        }
        Ok(out)
    }

    /// How many orders are stored (from the directory, without reading chunks).
    pub async fn count_orders(&self) -> Result<u64, StoreError> {
        let tx = Tx::new(&self.db, &[ORDER_DIR], false)?;
        let req = tx
            .store(ORDER_DIR)?
            .get_all()
            .map_err(StoreError::from_js)?;
        let vals: js_sys::Array = idb::request(&req).await?.into();
        let mut n = 0u64;
        for v in vals.iter() {
            n += js::get_f64(&v, "n")? as u64;
        }
        Ok(n)
    }
}
