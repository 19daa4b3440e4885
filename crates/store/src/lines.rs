//! Order lines: one record per order chunk, `order_lines[n]`, holding the lines of
//! chunk n's orders as columns (see `orders.rs` for the layout). Every function here
//! runs inside a transaction that also writes the chunk, so an order and its lines are
//! written together or not at all.

use crate::idb::{self, Tx};
use crate::orders::CHUNK_CAP;
use crate::schema::ORDER_LINES;
use crate::{Db, StoreError, js};
use kehu_core::{OrderItem, OrderLines};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// Joins a dictionary's entries in one string: the unit separator, a control character
/// no product name keeps (the order form's rules remove them).
const SEP: &str = "\u{1f}";

fn key(no: u32) -> JsValue {
    JsValue::from_f64(no as f64)
}

pub(crate) fn to_js(l: &OrderLines) -> JsValue {
    let o = js_sys::Object::new();
    js::set(&o, "order", &js_sys::Uint32Array::from(&l.order[..]));
    js::set(&o, "product", &js_sys::Uint32Array::from(&l.product[..]));
    // The dictionary as one string each (a chunk may name thousands of products, and
    // one string crosses into wasm far faster than thousands).
    let joined = |v: &[String]| {
        let s = v.join(SEP);
        // Were one to hold the separator after all, it reads back as a space rather
        // than splitting the dictionary.
        match v.iter().any(|x| x.contains(SEP)) {
            true => v
                .iter()
                .map(|x| x.replace(SEP, " "))
                .collect::<Vec<_>>()
                .join(SEP),
            false => s,
        }
    };
    js::set(&o, "names", &JsValue::from_str(&joined(&l.names)));
    js::set(&o, "refs", &JsValue::from_str(&joined(&l.refs)));
    js::set(&o, "quantity", &js_sys::Uint32Array::from(&l.quantity[..]));
    let price: Vec<f64> = l.price.iter().map(|&c| c as f64).collect();
    js::set(&o, "price", &js_sys::Float64Array::from(&price[..]));
    if !l.discount.is_empty() {
        js::set(&o, "discount", &js_sys::Uint32Array::from(&l.discount[..]));
    }
    if !l.cost.is_empty() {
        let cost: Vec<f64> = l.cost.iter().map(|&c| c as f64).collect();
        js::set(&o, "cost", &js_sys::Float64Array::from(&cost[..]));
    }
    o.into()
}

pub(crate) fn from_js(no: u32, v: &JsValue) -> Result<OrderLines, StoreError> {
    let bad = |k: &str| StoreError::Corrupt(format!("order lines {no}: {k}"));
    let col = |k: &str, required: bool| -> Result<Option<JsValue>, StoreError> {
        let c = js::get(v, k)?;
        match c.is_undefined() {
            true if required => Err(bad(k)),
            true => Ok(None),
            false => Ok(Some(c)),
        }
    };
    let u32s = |k: &str, required: bool| -> Result<Vec<u32>, StoreError> {
        match col(k, required)? {
            None => Ok(Vec::new()),
            Some(c) => Ok(c
                .dyn_into::<js_sys::Uint32Array>()
                .map_err(|_| bad(k))?
                .to_vec()),
        }
    };
    let cents = |k: &str, required: bool| -> Result<Vec<i64>, StoreError> {
        match col(k, required)? {
            None => Ok(Vec::new()),
            Some(c) => Ok(c
                .dyn_into::<js_sys::Float64Array>()
                .map_err(|_| bad(k))?
                .to_vec()
                .into_iter()
                .map(|c| c as i64)
                .collect()),
        }
    };
    // An empty record is never kept, so "" is one entry, never none.
    let strings = |k: &str| -> Result<Vec<String>, StoreError> {
        let joined = col(k, true)?
            .and_then(|v| v.as_string())
            .ok_or_else(|| bad(k))?;
        Ok(joined.split(SEP).map(str::to_string).collect())
    };
    let lines = OrderLines {
        order: u32s("order", true)?,
        product: u32s("product", true)?,
        names: strings("names")?,
        refs: strings("refs")?,
        quantity: u32s("quantity", true)?,
        price: cents("price", true)?,
        discount: u32s("discount", false)?,
        cost: cents("cost", false)?,
    };
    match lines.is_whole() {
        true => Ok(lines),
        false => Err(bad("columns")),
    }
}

/// Chunk `no`'s lines (none when it has no record).
pub(crate) async fn get(tx: &Tx, no: u32) -> Result<OrderLines, StoreError> {
    let req = tx
        .store(ORDER_LINES)?
        .get(&key(no))
        .map_err(StoreError::from_js)?;
    let v = idb::request(&req).await?;
    match v.is_undefined() {
        true => Ok(OrderLines::default()),
        false => from_js(no, &v),
    }
}

/// Writes chunk `no`'s lines (removing the record when there are none).
pub(crate) fn put(tx: &Tx, no: u32, lines: &OrderLines) -> Result<(), StoreError> {
    let store = tx.store(ORDER_LINES)?;
    match lines.is_empty() {
        true => store.delete(&key(no)),
        false => store.put_with_key(&to_js(lines), &key(no)),
    }
    .map(|_| ())
    .map_err(StoreError::from_js)
}

/// Order `id`'s items.
pub(crate) async fn items_of(tx: &Tx, id: u32) -> Result<Vec<OrderItem>, StoreError> {
    Ok(get(tx, id / CHUNK_CAP).await?.items_of(id))
}

/// Replaces order `id`'s lines with `items` (none: removes them), reading and writing
/// its chunk's record only when something changes.
pub(crate) async fn set_items(tx: &Tx, id: u32, items: &[OrderItem]) -> Result<(), StoreError> {
    let no = id / CHUNK_CAP;
    let mut lines = get(tx, no).await?;
    if lines.range_of(id).is_empty() && items.is_empty() {
        return Ok(());
    }
    lines.set_items(id, items);
    put(tx, no, &lines)
}

/// Drops the lines of chunk `no`'s orders that `gone` names.
pub(crate) async fn remove(tx: &Tx, no: u32, gone: impl Fn(u32) -> bool) -> Result<(), StoreError> {
    let mut lines = get(tx, no).await?;
    if lines.order.iter().any(|&o| gone(o)) {
        lines.retain_orders(|o| !gone(o));
        put(tx, no, &lines)?;
    }
    Ok(())
}

/// Adds the lines of orders just written (`lines.order` holds their new ids, which no
/// stored line has yet) to their chunks' records.
pub(crate) async fn add(tx: &Tx, lines: OrderLines) -> Result<(), StoreError> {
    for (no, mut part) in lines.sorted().by_chunk(CHUNK_CAP) {
        let mut stored = get(tx, no).await?;
        stored.append(&mut part);
        put(tx, no, &stored.sorted())?;
    }
    Ok(())
}

impl Db {
    /// Every chunk's lines (one `OrderLines` per chunk, each with its own product
    /// dictionary): what basket analysis reads.
    pub async fn all_lines(&self) -> Result<Vec<OrderLines>, StoreError> {
        let tx = Tx::new(&self.db, &[ORDER_LINES], false)?;
        let (keys, vals) = tx.keyed_records(ORDER_LINES).await?;
        let mut out = Vec::with_capacity(keys.length() as usize);
        for (k, v) in keys.iter().zip(vals.iter()) {
            out.push(from_js(k.as_f64().unwrap_or(0.0) as u32, &v)?);
        }
        Ok(out)
    }
}
