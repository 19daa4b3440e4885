//! Imports written in batches (see `kehu_core::import::job`): each batch is one
//! transaction that also records the job's progress and what the batch wrote, so an
//! import can be resumed after its last batch or rolled back completely.
//!
//! - `imports[id]`: `{id, doc}`, the [`ImportJob`] as JSON.
//! - `import_undo[[id, n]]`: `{doc}`, what batch n wrote: the ids of the customers it
//!   created, the customers it replaced as they were, the ids of its records of every
//!   kind (interactions, survey responses, …, each list under its kind's name), and
//!   the ids of its orders as ranges (a batch's orders take consecutive slots, so a million orders are a few
//!   ranges).

use crate::bulk;
use crate::idb::{self, Tx};
use crate::schema::{self, CUSTOMER_SNAPSHOT, CUSTOMERS, IMPORT_UNDO, IMPORTS, META};
use crate::{Change, Db, DocIds, StoreError, customers, docs, js, orders, sync};
use kehu_core::import::job::{Batch as JobBatch, ImportJob, ImportStatus, Reached};
use kehu_core::{Customer, Docs, Millis};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use wasm_bindgen::prelude::*;

/// What one batch wrote.
#[derive(Serialize, Deserialize, Default)]
struct Undo {
    created: Vec<String>,
    previous: Vec<Customer>,
    orders: Vec<(u32, u32)>,
    /// Record ids by kind name.
    #[serde(default)]
    docs: DocIds,
    /// The stamp (write number, device) the batch's records carry: one stamped
    /// otherwise was written again since. Absent in undo records from before.
    #[serde(default)]
    stamp: Option<(u64, String)>,
    /// Records the batch changed rather than created, as they were before it (a
    /// campaign's members given responses): taking it back puts them back.
    #[serde(default, skip_serializing_if = "Docs::is_empty")]
    previous_docs: Docs,
    /// How undo records written before record kinds were generic (schema 8) listed the
    /// ids of the two kinds there were; moved into `docs` as they are read
    /// ([`Undo::parse`]), never written.
    #[serde(default, skip_serializing)]
    interactions: Vec<String>,
    #[serde(default, skip_serializing)]
    responses: Vec<String>,
}

impl Undo {
    fn parse(record: &JsValue) -> Result<Undo, StoreError> {
        let mut u: Undo = js::parse_doc(record)?;
        for (kind, ids) in [
            ("interactions", std::mem::take(&mut u.interactions)),
            ("responses", std::mem::take(&mut u.responses)),
        ] {
            if !ids.is_empty() {
                u.docs.entry(kind.to_string()).or_default().extend(ids);
            }
        }
        Ok(u)
    }
}

/// Consecutive ids as inclusive ranges.
fn ranges(ids: &[u32]) -> Vec<(u32, u32)> {
    let mut sorted = ids.to_vec();
    sorted.sort_unstable();
    let mut out: Vec<(u32, u32)> = Vec::new();
    for id in sorted {
        match out.last_mut() {
            Some((_, b)) if *b + 1 == id => *b = id,
            _ => out.push((id, id)),
        }
    }
    out
}

fn job_record(job: &ImportJob) -> JsValue {
    let o = js_sys::Object::new();
    js::set(&o, "id", &JsValue::from_str(job.id.as_str()));
    js::set(&o, "doc", &js::to_doc(job));
    o.into()
}

fn undo_key(id: &str, batch: u32) -> JsValue {
    js_sys::Array::of2(&JsValue::from_str(id), &JsValue::from_f64(batch as f64)).into()
}

/// All of one import's undo records.
fn undo_range(id: &str) -> Result<web_sys::IdbKeyRange, StoreError> {
    let lo = js_sys::Array::of2(
        &JsValue::from_str(id),
        &JsValue::from_f64(f64::NEG_INFINITY),
    );
    let hi = js_sys::Array::of2(&JsValue::from_str(id), &JsValue::from_f64(f64::INFINITY));
    web_sys::IdbKeyRange::bound(&lo, &hi).map_err(StoreError::from_js)
}

/// The stored customers among `ids`, by id.
async fn current<'a>(
    tx: &Tx,
    ids: impl Iterator<Item = &'a str>,
) -> Result<HashMap<String, Customer>, StoreError> {
    let found = customers::stored_among(tx, ids).await?;
    Ok(found.into_iter().map(|c| (c.id.0.clone(), c)).collect())
}

/// Removes customer `id` from every import undo record (the copies of customers an
/// import replaced, the ids of those it created), inside write transaction `tx`: a
/// customer forgotten leaves no copy behind. Taking such an import back then leaves the
/// customer gone.
pub(crate) async fn forget_in_undo(tx: &Tx, id: &kehu_core::Id) -> Result<(), StoreError> {
    let store = tx.store(IMPORT_UNDO)?;
    let keys = store.get_all_keys().map_err(StoreError::from_js)?;
    let vals = store.get_all().map_err(StoreError::from_js)?;
    let keys: js_sys::Array = idb::request(&keys).await?.into();
    let vals: js_sys::Array = idb::request(&vals).await?.into();
    for (k, v) in keys.iter().zip(vals.iter()) {
        let mut undo = Undo::parse(&v)?;
        let before = (undo.previous.len(), undo.created.len());
        undo.previous.retain(|c| &c.id != id);
        undo.created.retain(|c| c != id.as_str());
        if (undo.previous.len(), undo.created.len()) != before {
            let record = js_sys::Object::new();
            js::set(&record, "doc", &js::to_doc(&undo));
            store
                .put_with_key(&record, &k)
                .map_err(StoreError::from_js)?;
        }
    }
    Ok(())
}

impl Db {
    /// Every import, newest first.
    pub async fn import_jobs(&self) -> Result<Vec<ImportJob>, StoreError> {
        let tx = Tx::new(&self.db, &[IMPORTS], false)?;
        let req = tx.store(IMPORTS)?.get_all().map_err(StoreError::from_js)?;
        let all: js_sys::Array = idb::request(&req).await?.into();
        let mut jobs: Vec<ImportJob> = all
            .iter()
            .map(|r| js::parse_doc(&r))
            .collect::<Result<_, _>>()?;
        jobs.sort_by_key(|j| std::cmp::Reverse(j.started));
        Ok(jobs)
    }

    pub async fn import_job(&self, id: &str) -> Result<Option<ImportJob>, StoreError> {
        let tx = Tx::new(&self.db, &[IMPORTS], false)?;
        crate::doc(&tx, IMPORTS, id).await
    }

    /// Records a job's state (started, cancelled, failed, done). Data is not touched.
    pub async fn save_import_job(&self, job: &ImportJob) -> Result<(), StoreError> {
        let tx = Tx::new(&self.db, &[IMPORTS], true)?;
        tx.store(IMPORTS)?
            .put(&job_record(job))
            .map_err(StoreError::from_js)?;
        tx.commit().await
    }

    /// Writes one batch of `job` in ONE transaction, with the job's new progress (every
    /// row up to `reached` written) and the batch's undo record; `job` is updated only
    /// once that commits. Returns the keys the batch's new customers got, in order.
    ///
    /// The transaction first reads the job as stored and refuses, as
    /// [`StoreError::Changed`], unless it is running and exactly as `job` says: another
    /// tab resuming the same import, or taking it back, never has its work doubled or
    /// undone by this one.
    pub async fn write_import_batch(
        &self,
        job: &mut ImportJob,
        batch: JobBatch,
        reached: Reached,
        now: Millis,
    ) -> Result<Vec<u32>, StoreError> {
        let mut next = job.clone();
        next.line = reached.line;
        next.rows_done = reached.rows;
        next.batches += 1;
        next.updated = now;
        let (mut write, mut undo) = (bulk::Batch::default(), Undo::default());
        match batch {
            JobBatch::Customers { plan, previous } => {
                next.written.created += plan.create.len() as u64;
                next.written.updated += plan.update.len() as u64;
                undo.created = plan.create.iter().map(|c| c.id.0.clone()).collect();
                undo.previous = previous;
                write.customers = plan.create;
                write.customers.extend(plan.update);
            }
            JobBatch::Orders(plan) => {
                next.written.created += plan.new_customers.len() as u64;
                next.written.orders += plan.orders() as u64;
                undo.created = plan.new_customers.iter().map(|c| c.id.0.clone()).collect();
                write.customers = plan.new_customers;
                write.orders = plan.fresh;
                write.keyed_orders = plan.keyed;
                write.lines = plan.lines.finish();
            }
            JobBatch::Contacts { plan, previous } => {
                next.written.contacts += plan.added + plan.changed;
                undo.previous = previous;
                write.customers = plan.update;
            }
            JobBatch::Responses(plan) => {
                next.written.responses += plan.responses.len() as u64;
                write.docs.responses = plan.responses;
            }
            JobBatch::Interactions(plan) => {
                next.written.interactions += plan.interactions.len() as u64;
                write.docs.interactions = plan.interactions;
            }
            JobBatch::Products(plan) => {
                next.written.records += plan.products.len() as u64;
                write.docs.products = plan.products;
            }
            JobBatch::Leads(plan) => {
                next.written.records += plan.leads.len() as u64;
                write.docs.leads = plan.leads;
            }
            JobBatch::Opportunities(plan) => {
                next.written.records += plan.opportunities.len() as u64;
                write.docs.opportunities = plan.opportunities;
            }
            JobBatch::Tickets(plan) => {
                next.written.records += plan.tickets.len() as u64;
                write.docs.tickets = plan.tickets;
            }
            JobBatch::CampaignResponses(plan) => {
                next.written.responses += plan.responses;
                write.docs.campaign_members = plan.members;
                undo.previous_docs.campaign_members = plan.previous;
            }
        }
        undo.docs = write
            .docs
            .ids()
            .into_iter()
            .map(|(k, ids)| (k.to_string(), ids))
            .collect();
        let created = undo.created.len();

        let mut stores = bulk::batch_stores();
        stores.extend([IMPORTS, IMPORT_UNDO]);
        let tx = Tx::new(&self.db, &stores, true)?;
        let stored = crate::doc::<ImportJob>(&tx, IMPORTS, job.id.as_str()).await?;
        let same = stored.is_some_and(|s| {
            s.status == ImportStatus::Running
                && (s.batches, s.rows_done, s.line) == (job.batches, job.rows_done, job.line)
        });
        if !same {
            return Err(StoreError::Changed);
        }
        let ids = bulk::write_in(&tx, &mut write, |_, _| {}).await?;
        undo.orders = ranges(&ids);
        if !undo.docs.is_empty() {
            let stamp = sync::stamp(&tx).await?;
            undo.stamp = Some((stamp.n, stamp.by.to_string()));
        }
        let record = js_sys::Object::new();
        js::set(&record, "doc", &js::to_doc(&undo));
        tx.store(IMPORT_UNDO)?
            .put_with_key(&record, &undo_key(next.id.as_str(), next.batches))
            .map_err(StoreError::from_js)?;
        tx.store(IMPORTS)?
            .put(&job_record(&next))
            .map_err(StoreError::from_js)?;
        schema::bump_version(&tx).await?;
        tx.commit().await?;
        *job = next;
        // Not announced: the page that runs the import announces it once, at the end,
        // rather than every tab reloading after every batch.
        // The new customers come first in the batch.
        Ok(write.customers[..created].iter().map(|c| c.key).collect())
    }

    /// Takes back everything import `id` wrote, in ONE transaction: its orders and
    /// records of every kind are removed, the customers it created deleted, the
    /// customers it changed put back as they were; except records written again since
    /// (a lead worked on, an opportunity moved) and customers changed since, or with
    /// orders, interactions or responses of their own since, which stay as they are
    /// (counted in the job's `kept`).
    pub async fn rollback_import(&self, id: &str, now: Millis) -> Result<ImportJob, StoreError> {
        let stores = schema::with_kinds(&schema::with(
            schema::ORDER_STORES,
            &[CUSTOMERS, CUSTOMER_SNAPSHOT, META, IMPORTS, IMPORT_UNDO],
        ));
        let tx = Tx::new(&self.db, &stores, true)?;
        let Some(mut job) = crate::doc::<ImportJob>(&tx, IMPORTS, id).await? else {
            tx.abort();
            return Err(StoreError::NotFound);
        };
        let range = undo_range(id)?;
        let req = tx
            .store(IMPORT_UNDO)?
            .get_all_with_key(&range)
            .map_err(StoreError::from_js)?;
        let records: js_sys::Array = idb::request(&req).await?.into();
        let undos: Vec<Undo> = records
            .iter()
            .map(|r| Undo::parse(&r))
            .collect::<Result<_, _>>()?;

        let all_ranges: Vec<(u32, u32)> = undos.iter().flat_map(|u| u.orders.clone()).collect();
        orders::remove_in(&tx, &all_ranges).await?;
        let (written, kept_docs) = untouched(&tx, &undos).await?;
        let restored = restore(&tx, &undos, &written).await?;
        let created_docs: DocIds = (written.into_iter())
            .map(|(kind, mut ids)| {
                ids.retain(|id| !restored.contains(&(kind.clone(), id.clone())));
                (kind, ids)
            })
            .collect();
        docs::remove(&tx, &created_docs).await?;

        // The import's customers as they are now. One that was changed since, or has
        // orders, interactions or responses the import did not write, stays as it is:
        // taking the import back must not take the user's later work with it.
        let created: Vec<&str> = undos
            .iter()
            .flat_map(|u| &u.created)
            .map(String::as_str)
            .collect();
        let changed: Vec<&str> = undos
            .iter()
            .flat_map(|u| &u.previous)
            .map(|c| c.id.as_str())
            .collect();
        let now_stored = current(&tx, created.iter().chain(&changed).copied()).await?;
        let with_orders = orders::customers_with_orders(&tx).await?;
        let referred = docs::referred(&tx, &created).await?;
        let since = job.updated;
        let mut kept: HashSet<&str> = HashSet::new();
        let mut gone = Vec::new();
        for id in created {
            let Some(c) = now_stored.get(id) else {
                continue;
            };
            if c.updated > since || with_orders.contains(&c.key) || referred.contains(id) {
                kept.insert(id);
            } else {
                gone.push(id.to_string());
            }
        }
        // One pushed and pulled back may keep its sync base: the deletion names it.
        let settle =
            crate::replica::Settle::before(&tx, gone.iter().map(String::as_str).collect()).await?;
        let store = tx.store(CUSTOMERS)?;
        for id in &gone {
            (store.delete(&id.into())).map_err(StoreError::from_js)?;
        }
        settle.finish(&tx).await?;
        if !gone.is_empty() {
            schema::customers_gone(&tx).await?;
        }
        sync::deleted(&tx, kehu_core::sync::CUSTOMERS, gone);
        let seq = customers::next_seq(&tx).await?;
        // Newest first, so that were a customer changed by two batches, the copy from
        // before the first is put last.
        let mut back = Vec::new();
        for u in undos.iter().rev() {
            for c in &u.previous {
                let now = now_stored.get(c.id.as_str());
                if now.is_some_and(|now| now.updated > since) {
                    kept.insert(c.id.as_str());
                } else {
                    // As it was, at a revision past the import's: revisions only grow.
                    back.push(Customer {
                        rev: now.map_or(c.rev, |n| n.rev) + 1,
                        ..c.clone()
                    });
                }
            }
        }
        customers::put_in(&tx, &back, seq).await?;
        let kept = kept.len() as u64 + kept_docs;
        // The list snapshot may hold the deleted customers; without it the next load
        // reads the records (and writes a new snapshot).
        tx.store(CUSTOMER_SNAPSHOT)?
            .clear()
            .map_err(StoreError::from_js)?;
        schema::put_meta(&tx, schema::SNAPSHOT_SEQ, 0.0)?;
        tx.store(IMPORT_UNDO)?
            .delete(&range)
            .map_err(StoreError::from_js)?;
        job.status = ImportStatus::RolledBack;
        job.updated = now;
        job.kept = kept;
        tx.store(IMPORTS)?
            .put(&job_record(&job))
            .map_err(StoreError::from_js)?;
        schema::bump_version(&tx).await?;
        tx.commit().await?;
        self.feed.announce(&Change::All);
        Ok(job)
    }
}

/// Puts back, inside `tx`, the records the batches of `undos` changed rather than
/// created and that are still as written (`written`), each as before the first batch
/// that changed it; returns their (kind, id).
async fn restore(
    tx: &Tx,
    undos: &[Undo],
    written: &DocIds,
) -> Result<HashSet<(String, String)>, StoreError> {
    let still: HashSet<(&str, &str)> = (written.iter())
        .flat_map(|(kind, ids)| ids.iter().map(move |id| (kind.as_str(), id.as_str())))
        .collect();
    let mut restored = HashSet::new();
    // Newest first, so that were a record changed by two batches, the copy from before
    // the first is written last.
    for u in undos.iter().rev() {
        let mut back = u.previous_docs.clone();
        back.retain(|kind, id| still.contains(&(kind, id.as_str())));
        for (kind, ids) in back.ids() {
            restored.extend(ids.into_iter().map(|id| (kind.to_string(), id)));
        }
        docs::write_all(tx, &back, |_| {}).await?;
    }
    Ok(restored)
}

/// Of the records `undos` list, by kind, those still as their batch wrote them (to be
/// taken back), and how many were written again since (kept: the user's work).
async fn untouched(tx: &Tx, undos: &[Undo]) -> Result<(DocIds, u64), StoreError> {
    let mut requests = Vec::new();
    for u in undos {
        for (kind, ids) in &u.docs {
            let store = tx.store(kind)?;
            for id in ids {
                let req = store
                    .get(&JsValue::from_str(id))
                    .map_err(StoreError::from_js)?;
                requests.push((kind, id, u.stamp.as_ref(), req));
            }
        }
    }
    // Requests complete in order: once the last has, every one has its result.
    if let Some((.., last)) = requests.last() {
        idb::request(last).await?;
    }
    let (mut out, mut kept) = (DocIds::new(), 0);
    for (kind, id, stamp, req) in requests {
        let record = req.result().map_err(StoreError::from_js)?;
        if record.is_undefined() {
            continue;
        }
        let as_written = stamp.is_none_or(|(n, by)| {
            let rev = js::get(&record, "rev").ok().and_then(|v| v.as_f64());
            let who = js::get(&record, "by").ok().and_then(|v| v.as_string());
            rev == Some(*n as f64) && who.as_deref() == Some(by.as_str())
        });
        if as_written {
            out.entry(kind.clone()).or_default().push(id.clone());
        } else {
            kept += 1;
        }
    }
    Ok((out, kept))
}
