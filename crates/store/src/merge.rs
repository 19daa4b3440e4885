//! Merging two customers into one, with everything that refers to them, and undoing it.

use crate::idb::{self, Tx};
use crate::schema::{self, CUSTOMERS, META, ORDER_CHUNKS, ORDER_DIR};
use crate::{Change, Db, DocIds, StoreError, customers, docs, js, orders};
use kehu_core::{Customer, Millis};
use wasm_bindgen::prelude::*;

/// What a merge changed, to undo it exactly.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeUndo {
    pub keep_before: Customer,
    pub other_before: Customer,
    pub orders: Vec<u32>,
    /// The records of every kind that moved to the survivor.
    pub docs: DocIds,
}

fn stores() -> Vec<&'static str> {
    schema::with_kinds(&[CUSTOMERS, META, ORDER_CHUNKS, ORDER_DIR])
}

impl Db {
    /// Makes `merged` (the survivor, already holding what it takes from `other`) the one
    /// customer: `other` goes to the trash, and its orders and its records of every kind
    /// (interactions, survey responses, …) move to the survivor. One transaction; returns what undoes it.
    pub async fn merge_customers(
        &self,
        merged: &Customer,
        other: &Customer,
        now: Millis,
    ) -> Result<MergeUndo, StoreError> {
        let tx = Tx::new(&self.db, &stores(), true)?;
        let get = |id: &str| {
            let id = id.to_string();
            let tx = &tx;
            async move {
                let req = tx
                    .store(CUSTOMERS)?
                    .get(&JsValue::from_str(&id))
                    .map_err(StoreError::from_js)?;
                let v = idb::request(&req).await?;
                if v.is_undefined() {
                    return Err(StoreError::NotFound);
                }
                js::parse_doc::<Customer>(&v)
            }
        };
        let keep_before = get(&merged.id.0).await?;
        let other_before = get(&other.id.0).await?;
        if keep_before.key != merged.key || other_before.id == keep_before.id {
            return Err(StoreError::Corrupt("merging a customer with itself".into()));
        }
        // Both as the user saw them: not edited, trashed or merged elsewhere since.
        let moved_on =
            |now: &Customer, seen: &Customer| now.rev != seen.rev || now.deleted.is_some();
        if moved_on(&keep_before, merged) || moved_on(&other_before, other) {
            return Err(StoreError::Changed);
        }
        let orders = orders::repoint(&tx, other_before.key, keep_before.key, None).await?;
        let docs = docs::move_all(&tx, &other.id, &merged.id, None).await?;
        let seq = customers::next_seq(&tx).await?;
        let gone = Customer {
            deleted: Some(now),
            updated: now,
            rev: other_before.rev + 1,
            ..other_before.clone()
        };
        let kept = Customer {
            rev: keep_before.rev + 1,
            ..merged.clone()
        };
        customers::put_in(&tx, &[kept, gone], seq).await?;
        schema::bump_version(&tx).await?;
        tx.commit().await?;
        self.feed.announce(&Change::All);
        Ok(MergeUndo {
            keep_before,
            other_before,
            orders,
            docs,
        })
    }

    /// Puts both customers and everything moved back as it was before the merge;
    /// refused ([`StoreError::Changed`]) if either was written since the merge.
    pub async fn undo_merge(&self, undo: &MergeUndo) -> Result<(), StoreError> {
        let tx = Tx::new(&self.db, &stores(), true)?;
        let (keep, other) = (&undo.keep_before, &undo.other_before);
        for before in [keep, other] {
            let now = crate::doc::<Customer>(&tx, CUSTOMERS, before.id.as_str()).await?;
            if now.is_none_or(|n| n.rev != before.rev + 1) {
                return Err(StoreError::Changed);
            }
        }
        orders::repoint(&tx, keep.key, other.key, Some(&undo.orders)).await?;
        docs::move_all(&tx, &keep.id, &other.id, Some(&undo.docs)).await?;
        let seq = customers::next_seq(&tx).await?;
        // As they were, at a revision past the merge's.
        let back = [keep, other].map(|c| Customer {
            rev: c.rev + 2,
            ..c.clone()
        });
        customers::put_in(&tx, &back, seq).await?;
        schema::bump_version(&tx).await?;
        tx.commit().await?;
        self.feed.announce(&Change::All);
        Ok(())
    }
}

impl Db {
    /// Deletes a customer from the trash for good, with everything of theirs: orders
    /// (and their items and notes), their records of every kind (derived caches
    /// follow), their copies in import undo records, and the derived caches that could
    /// hold them (the list snapshot, the analytics). One transaction. For a customer who
    /// asks to be forgotten; refused ([`StoreError::Constraint`]) for one not in the trash,
    /// and ([`StoreError::Changed`]) if the record moved on since `seen` was read.
    pub async fn purge_customer(&self, seen: &Customer) -> Result<(), StoreError> {
        let stores = schema::with_kinds(&schema::with(
            schema::ORDER_STORES,
            &[
                CUSTOMERS,
                schema::CUSTOMER_SNAPSHOT,
                META,
                schema::IMPORT_UNDO,
                schema::INSIGHTS,
            ],
        ));
        let tx = Tx::new(&self.db, &stores, true)?;
        let Some(c) = crate::doc::<Customer>(&tx, CUSTOMERS, seen.id.as_str()).await? else {
            return Err(StoreError::Changed);
        };
        if c.rev != seen.rev || c.key != seen.key {
            return Err(StoreError::Changed);
        }
        if c.deleted.is_none() {
            return Err(StoreError::Constraint);
        }
        forget_in(&tx, &c).await?;
        schema::bump_version(&tx).await?;
        tx.commit().await?;
        self.feed.announce(&Change::All);
        Ok(())
    }
}

/// Deletes customer `c` with everything of theirs inside write transaction `tx` (which
/// holds the stores [`Db::purge_customer`] names): for a purge here, or one another
/// device made.
pub(crate) async fn forget_in(tx: &Tx, c: &Customer) -> Result<(), StoreError> {
    // The server still has them until the deletion is pushed, naming its revision.
    let settle = crate::replica::Settle::before(tx, vec![c.id.as_str()]).await?;
    orders::remove_customer(tx, c.key).await?;
    docs::remove_customer(tx, &c.id).await?;
    crate::imports::forget_in_undo(tx, &c.id).await?;
    tx.store(CUSTOMERS)?
        .delete(&JsValue::from_str(c.id.as_str()))
        .map_err(StoreError::from_js)?;
    schema::customers_gone(tx).await?;
    crate::sync::deleted(tx, kehu_core::sync::CUSTOMERS, [c.id.0.clone()]);
    // The list snapshot holds a copy (customers are otherwise never deleted one by
    // one); the analytics cache may name them among its top lists.
    tx.store(crate::schema::CUSTOMER_SNAPSHOT)?
        .clear()
        .map_err(StoreError::from_js)?;
    schema::put_meta(tx, schema::SNAPSHOT_SEQ, 0.0)?;
    tx.store(crate::schema::INSIGHTS)?
        .clear()
        .map_err(StoreError::from_js)?;
    settle.finish(tx).await
}
