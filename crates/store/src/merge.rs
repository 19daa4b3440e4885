//! Merging two customers into one, with everything that refers to them, and undoing it.

use crate::idb::{self, Tx};
use crate::schema::{self, CUSTOMERS, INTERACTIONS, META, ORDER_CHUNKS, ORDER_DIR, RESPONSES};
use crate::{Change, Db, StoreError, customers, interactions, js, orders, responses};
use kehu_core::{Customer, Id, Interaction, Millis, SurveyResponse};
use wasm_bindgen::prelude::*;

/// What a merge changed, to undo it exactly.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeUndo {
    pub keep_before: Customer,
    pub other_before: Customer,
    pub orders: Vec<u32>,
    pub interactions: Vec<Id>,
    pub responses: Vec<Id>,
}

const STORES: &[&str] = &[
    CUSTOMERS,
    META,
    ORDER_CHUNKS,
    ORDER_DIR,
    INTERACTIONS,
    RESPONSES,
];

/// The documents of `store` whose `[customer, …]` index entry starts with `customer`.
async fn docs_of<T: serde::de::DeserializeOwned>(
    tx: &Tx,
    store: &str,
    index: &str,
    customer: &str,
) -> Result<Vec<T>, StoreError> {
    let idx = tx.store(store)?.index(index).map_err(StoreError::from_js)?;
    let c = JsValue::from_str(customer);
    let lo = js_sys::Array::of2(&c, &JsValue::from_f64(f64::NEG_INFINITY));
    let hi = js_sys::Array::of2(&c, &JsValue::from_f64(f64::INFINITY));
    let range = web_sys::IdbKeyRange::bound(&lo, &hi).map_err(StoreError::from_js)?;
    let req = idx.get_all_with_key(&range).map_err(StoreError::from_js)?;
    let arr: js_sys::Array = idb::request(&req).await?.into();
    arr.iter().map(|r| js::parse_doc(&r)).collect()
}

impl Db {
    /// Makes `merged` (the survivor, already holding what it takes from `other`) the one
    /// customer: `other` goes to the trash, and its orders, interactions and survey
    /// responses move to the survivor. One transaction; returns what undoes it.
    pub async fn merge_customers(
        &self,
        merged: &Customer,
        other: &Customer,
        now: Millis,
    ) -> Result<MergeUndo, StoreError> {
        let tx = Tx::new(&self.db, STORES, true)?;
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
            tx.abort();
            return Err(StoreError::Corrupt("merging a customer with itself".into()));
        }
        let orders = orders::repoint(&tx, other_before.key, keep_before.key, None).await?;
        let mut moved_i = Vec::new();
        let store = tx.store(INTERACTIONS)?;
        for mut x in docs_of::<Interaction>(&tx, INTERACTIONS, "customer_at", &other.id.0).await? {
            x.customer = merged.id.clone();
            store
                .put(&interactions::record(&x))
                .map_err(StoreError::from_js)?;
            moved_i.push(x.id);
        }
        let mut moved_r = Vec::new();
        let store = tx.store(RESPONSES)?;
        for mut r in docs_of::<SurveyResponse>(&tx, RESPONSES, "customer_day", &other.id.0).await? {
            r.customer = merged.id.clone();
            store
                .put(&responses::record(&r))
                .map_err(StoreError::from_js)?;
            moved_r.push(r.id);
        }
        if !moved_r.is_empty() {
            responses::drop_answers(&tx)?;
        }
        let seq = customers::next_seq(&tx).await?;
        let gone = Customer {
            deleted: Some(now),
            updated: now,
            ..other_before.clone()
        };
        let store = tx.store(CUSTOMERS)?;
        for c in [merged, &gone] {
            store
                .put(&customers::record(c, seq))
                .map_err(StoreError::from_js)?;
        }
        schema::bump_version(&tx).await?;
        tx.commit().await?;
        self.feed.announce(&Change::All);
        Ok(MergeUndo {
            keep_before,
            other_before,
            orders,
            interactions: moved_i,
            responses: moved_r,
        })
    }

    /// Puts both customers and everything moved back as it was before the merge.
    pub async fn undo_merge(&self, undo: &MergeUndo) -> Result<(), StoreError> {
        let tx = Tx::new(&self.db, STORES, true)?;
        let (keep, other) = (&undo.keep_before, &undo.other_before);
        orders::repoint(&tx, keep.key, other.key, Some(&undo.orders)).await?;
        let store = tx.store(INTERACTIONS)?;
        for mut x in docs_of::<Interaction>(&tx, INTERACTIONS, "customer_at", &keep.id.0).await? {
            if undo.interactions.contains(&x.id) {
                x.customer = other.id.clone();
                store
                    .put(&interactions::record(&x))
                    .map_err(StoreError::from_js)?;
            }
        }
        let store = tx.store(RESPONSES)?;
        let mut moved = false;
        for mut r in docs_of::<SurveyResponse>(&tx, RESPONSES, "customer_day", &keep.id.0).await? {
            if undo.responses.contains(&r.id) {
                r.customer = other.id.clone();
                store
                    .put(&responses::record(&r))
                    .map_err(StoreError::from_js)?;
                moved = true;
            }
        }
        if moved {
            responses::drop_answers(&tx)?;
        }
        let seq = customers::next_seq(&tx).await?;
        let store = tx.store(CUSTOMERS)?;
        for c in [keep, other] {
            store
                .put(&customers::record(c, seq))
                .map_err(StoreError::from_js)?;
        }
        schema::bump_version(&tx).await?;
        tx.commit().await?;
        self.feed.announce(&Change::All);
        Ok(())
    }
}
