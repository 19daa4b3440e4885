//! Loading many records at once (demo data now; imports and restores later).

use crate::idb::{self, Tx};
use crate::schema::{
    self, CUSTOMERS, INTERACTIONS, META, ORDER_CHUNKS, ORDER_DIR, RESPONSES, SURVEYS,
};
use crate::{Change, Db, StoreError, customers, interactions, orders, responses};
use kehu_core::{Customer, Interaction, OrderColumns, Survey, SurveyResponse};

/// Records to write together. A customer with key 0 is new and gets the next free key;
/// one with a key replaces that customer. `orders` refer to customers by their index in
/// `customers`, `keyed_orders` by the key of a customer already stored.
#[derive(Default)]
pub struct Batch {
    pub customers: Vec<Customer>,
    pub orders: OrderColumns,
    pub keyed_orders: OrderColumns,
    pub interactions: Vec<Interaction>,
    pub responses: Vec<SurveyResponse>,
    pub surveys: Vec<Survey>,
}

/// Requests issued between progress reports. Awaiting one request per batch keeps the
/// transaction alive and lets the page repaint the progress bar between batches.
const BATCH: usize = 500;

impl Db {
    /// Writes a whole batch in ONE transaction: after a failure (quota, a closed tab)
    /// nothing of it is kept. `progress(done, total)` is called as records are written.
    /// Returns the batch's customers as stored (new ones with their keys).
    pub async fn import(
        &self,
        mut batch: Batch,
        mut progress: impl FnMut(usize, usize),
    ) -> Result<Vec<Customer>, StoreError> {
        let total = batch.customers.len()
            + batch.orders.len()
            + batch.keyed_orders.len()
            + batch.interactions.len()
            + batch.responses.len();
        let tx = Tx::new(
            &self.db,
            &[
                CUSTOMERS,
                INTERACTIONS,
                RESPONSES,
                SURVEYS,
                ORDER_CHUNKS,
                ORDER_DIR,
                META,
            ],
            true,
        )?;
        let mut next = schema::get_meta(&tx, schema::CUSTOMER_KEY_SEQ).await? as u32 + 1;
        let mut fresh = false;
        for c in batch.customers.iter_mut().filter(|c| c.key == 0) {
            c.key = next;
            next += 1;
            fresh = true;
        }
        if fresh {
            schema::put_meta(&tx, schema::CUSTOMER_KEY_SEQ, (next - 1) as f64)?;
        }
        let mut orders = batch.keyed_orders;
        for i in 0..batch.orders.len() {
            let Some(c) = batch.customers.get(batch.orders.customer[i] as usize) else {
                tx.abort();
                return Err(StoreError::Corrupt(format!(
                    "order refers to customer #{}",
                    batch.orders.customer[i]
                )));
            };
            orders.push(
                batch.orders.id[i],
                c.key,
                kehu_core::Day(batch.orders.day[i]),
                kehu_core::Cents(batch.orders.cents[i]),
            );
        }

        let mut done = 0;
        let seq = customers::next_seq(&tx).await?;
        let store = tx.store(CUSTOMERS)?;
        for part in batch.customers.chunks(BATCH) {
            let mut last = None;
            for c in part {
                last = Some(
                    store
                        .put(&customers::record(c, seq))
                        .map_err(StoreError::from_js)?,
                );
            }
            if let Some(r) = last {
                idb::request(&r).await?;
            }
            done += part.len();
            progress(done, total);
        }
        orders::append_in(&tx, &orders).await?;
        done += orders.len();
        progress(done, total);
        let store = tx.store(INTERACTIONS)?;
        for part in batch.interactions.chunks(BATCH) {
            let mut last = None;
            for i in part {
                last = Some(
                    store
                        .put(&interactions::record(i))
                        .map_err(StoreError::from_js)?,
                );
            }
            if let Some(r) = last {
                idb::request(&r).await?;
            }
            done += part.len();
            progress(done, total);
        }
        let surveys = tx.store(SURVEYS)?;
        for s in &batch.surveys {
            surveys
                .put(&responses::survey_record(s))
                .map_err(StoreError::from_js)?;
        }
        let store = tx.store(RESPONSES)?;
        for part in batch.responses.chunks(BATCH) {
            let mut last = None;
            for r in part {
                last = Some(
                    store
                        .put(&responses::record(r))
                        .map_err(StoreError::from_js)?,
                );
            }
            if let Some(r) = last {
                idb::request(&r).await?;
            }
            done += part.len();
            progress(done, total);
        }
        let written = &batch.responses;
        responses::update_answers(&tx, written, |p| p.append(written)).await?;
        schema::bump_version(&tx).await?;
        tx.commit().await?;
        self.feed.announce(&Change::All);
        Ok(batch.customers)
    }
}
