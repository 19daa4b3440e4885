//! Writing many records at once: demo data, imports, merged backups (one transaction each).

use crate::idb::{self, Tx};
use crate::schema::{self, CUSTOMER_SNAPSHOT, CUSTOMERS, META, ORDER_STORES, SURVEYS};
use crate::{Change, Db, StoreError, customers, docs, lines, orders, responses, sync};
use kehu_core::{Customer, Docs, OrderColumns, OrderLines, Survey};
use wasm_bindgen::prelude::*;

/// Records to write together. A customer with key 0 is new and gets the next free key;
/// one with a key replaces that customer, if it is still at the revision it carries. `orders` refer to customers by their index in
/// `customers`, `keyed_orders` by the key of a customer already stored.
#[derive(Default)]
pub struct Batch {
    pub customers: Vec<Customer>,
    pub orders: OrderColumns,
    pub keyed_orders: OrderColumns,
    /// Notes of the batch's orders, by the `id` those orders carry (a backup's ids;
    /// the orders get new ones, and their notes and lines go with them).
    pub details: Vec<kehu_core::backup::OrderDetails>,
    /// Lines of the batch's orders, by the `id` those orders carry.
    pub lines: OrderLines,
    /// Records of every kind.
    pub docs: Docs,
    pub surveys: Vec<Survey>,
}

/// Requests issued between progress reports. Awaiting one request per batch keeps the
/// transaction alive and lets the page repaint the progress bar between batches.
const BATCH: usize = 500;

/// Puts `items` into `store` inside a write transaction; `progress(n)` as each batch of
/// [`BATCH`] is stored. One batch is built while the one before is being stored, so the
/// browser's database never idles waiting for us (a fifth off a 100,000-customer import).
pub(crate) async fn put_all<T>(
    tx: &Tx,
    store: &str,
    items: &[T],
    record: impl Fn(&T) -> JsValue,
    mut progress: impl FnMut(usize),
) -> Result<(), StoreError> {
    let s = tx.store(store)?;
    let mut pending = None;
    for part in items.chunks(BATCH) {
        let mut last = None;
        for x in part {
            last = Some(s.put(&record(x)).map_err(StoreError::from_js)?);
        }
        // Listening now: a request that completes before we await it is not missed.
        let stored = last.map(|r| (idb::request(&r), part.len()));
        if let Some((before, n)) = pending.take() {
            before.await?;
            progress(n);
        }
        pending = stored;
    }
    if let Some((last, n)) = pending {
        last.await?;
        progress(n);
    }
    Ok(())
}

/// The stores [`write_in`] writes to.
pub(crate) fn batch_stores() -> Vec<&'static str> {
    schema::with_kinds(&schema::with(
        ORDER_STORES,
        &[CUSTOMERS, CUSTOMER_SNAPSHOT, SURVEYS, META],
    ))
}

/// Writes `batch` inside `tx` (which holds [`batch_stores`]), giving its new customers
/// their keys; returns the ids of the orders written, `keyed_orders` first.
pub(crate) async fn write_in(
    tx: &Tx,
    batch: &mut Batch,
    mut progress: impl FnMut(usize, usize),
) -> Result<Vec<u32>, StoreError> {
    let total =
        batch.customers.len() + batch.orders.len() + batch.keyed_orders.len() + batch.docs.len();
    customers::next_revs(tx, &mut batch.customers).await?;
    // Those with a key replace a stored record, which may keep its sync base.
    let stored = (batch.customers.iter()).filter(|c| c.key != 0);
    let settle =
        crate::replica::Settle::before(tx, stored.map(|c| c.id.as_str()).collect()).await?;
    customers::assign_keys(tx, &mut batch.customers).await?;
    let mut orders = std::mem::take(&mut batch.keyed_orders);
    for i in 0..batch.orders.len() {
        let Some(c) = batch.customers.get(batch.orders.customer[i] as usize) else {
            return Err(StoreError::Corrupt(format!(
                "order refers to customer #{}",
                batch.orders.customer[i]
            )));
        };
        // The whole row (its status, seller and cost too), under the customer's key.
        orders.push_row(&batch.orders, i);
        let last = orders.len() - 1;
        orders.customer[last] = c.key;
    }

    let mut done = 0;
    let mut step = |n: usize| {
        done += n;
        progress(done, total);
    };
    if !batch.customers.is_empty() {
        let seq = customers::next_seq(tx).await?;
        let stamp = sync::stamp(tx).await?;
        let customer = |c: &Customer| customers::record(c, seq, &stamp);
        put_all(tx, CUSTOMERS, &batch.customers, customer, &mut step).await?;
        let ids = batch.customers.iter().map(|c| c.id.0.clone());
        sync::changed(tx, kehu_core::sync::CUSTOMERS, ids);
        customers::extend_snapshot(tx, &batch.customers, seq).await?;
    }
    settle.finish(tx).await?;
    let cuts = {
        let notes: kehu_core::fxhash::FxHashMap<u32, usize> = (batch.details.iter())
            .map(|d| (d.id, d.note.len()))
            .collect();
        kehu_core::sync::batch_cuts(&orders, &batch.lines, |id| {
            notes.get(&id).copied().unwrap_or(0)
        })
    };
    let ids = orders::append_in(tx, &orders, orders::Origin::Batch, &cuts).await?;
    if !batch.details.is_empty() || !batch.lines.is_empty() {
        let new_id: kehu_core::fxhash::FxHashMap<u32, u32> =
            orders.id.iter().copied().zip(ids.iter().copied()).collect();
        for d in &batch.details {
            if let Some(&id) = new_id.get(&d.id) {
                orders::put_note(tx, id, &d.note)?;
            }
        }
        let mut batch_lines = std::mem::take(&mut batch.lines);
        batch_lines.retain_orders(|o| new_id.contains_key(&o));
        // Sorted again: an import's lines follow its orders in the file, and the
        // orders of stored customers get their ids first.
        lines::add(tx, batch_lines.renumbered(|o| new_id[&o]).sorted()).await?;
    }
    step(orders.len());
    write_surveys(tx, &batch.surveys).await?;
    docs::write_all(tx, &batch.docs, &mut step).await?;
    Ok(ids)
}

/// Puts designed surveys inside write transaction `tx`.
pub(crate) async fn write_surveys(tx: &Tx, surveys: &[Survey]) -> Result<(), StoreError> {
    if surveys.is_empty() {
        return Ok(());
    }
    let stamp = sync::stamp(tx).await?;
    let record = |s: &Survey| responses::survey_record(s, &stamp);
    put_all(tx, SURVEYS, surveys, record, |_| {}).await?;
    sync::changed(tx, SURVEYS, surveys.iter().map(|s| s.id.0.clone()));
    Ok(())
}

impl Db {
    /// Writes a whole batch in ONE transaction: after a failure (quota, a closed tab)
    /// nothing of it is kept. `progress(done, total)` is called as records are written.
    /// Returns the batch's customers as stored (new ones with their keys).
    pub async fn import(
        &self,
        mut batch: Batch,
        progress: impl FnMut(usize, usize),
    ) -> Result<Vec<Customer>, StoreError> {
        let tx = Tx::new(&self.db, &batch_stores(), true)?;
        write_in(&tx, &mut batch, progress).await?;
        schema::bump_version(&tx).await?;
        tx.commit().await?;
        self.feed.announce(&Change::All);
        Ok(batch.customers)
    }
}
