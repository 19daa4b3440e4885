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

fn key(no: u32) -> JsValue {
    JsValue::from_f64(no as f64)
}

pub(crate) fn to_js(l: &OrderLines) -> JsValue {
    let o = js_sys::Object::new();
    js::set(&o, "order", &js_sys::Uint32Array::from(&l.order[..]));
    js::set(&o, "product", &js_sys::Uint32Array::from(&l.product[..]));
    let strings =
        |v: &[String]| -> js_sys::Array { v.iter().map(|s| JsValue::from_str(s)).collect() };
    js::set(&o, "names", &strings(&l.names));
    js::set(&o, "refs", &strings(&l.refs));
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
    let strings = |k: &str| -> Result<Vec<String>, StoreError> {
        let a: js_sys::Array = col(k, true)?
            .unwrap_or_default()
            .dyn_into()
            .map_err(|_| bad(k))?;
        Ok(a.iter()
            .map(|s| s.as_string().unwrap_or_default())
            .collect())
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
        let store = tx.store(ORDER_LINES)?;
        let keys_req = store.get_all_keys().map_err(StoreError::from_js)?;
        let vals_req = store.get_all().map_err(StoreError::from_js)?;
        let keys: js_sys::Array = idb::request(&keys_req).await?.into();
        let vals: js_sys::Array = idb::request(&vals_req).await?.into();
        let mut out = Vec::with_capacity(keys.length() as usize);
        for (k, v) in keys.iter().zip(vals.iter()) {
            out.push(from_js(k.as_f64().unwrap_or(0.0) as u32, &v)?);
        }
        Ok(out)
    }
}
