//! Interactions: one record each, indexed by (customer, time).

use crate::idb::{self, Tx};
use crate::schema::INTERACTIONS;
use crate::{Change, Db, StoreError, js};
use kehu_core::Interaction;
use wasm_bindgen::prelude::*;

pub(crate) fn record(i: &Interaction) -> JsValue {
    let o = js_sys::Object::new();
    js::set(&o, "id", &JsValue::from_str(i.id.as_str()));
    js::set(&o, "customer", &JsValue::from_str(i.customer.as_str()));
    js::set(&o, "at", &JsValue::from_f64(i.at.0 as f64));
    js::set(&o, "doc", &js::to_doc(i));
    o.into()
}

impl Db {
    /// Creates or replaces interactions in one transaction. The analytics do not read
    /// interactions, so the data version stays (the dashboards stay fresh).
    pub async fn put_interactions(&self, items: &[Interaction]) -> Result<(), StoreError> {
        let tx = Tx::new(&self.db, &[INTERACTIONS], true)?;
        let store = tx.store(INTERACTIONS)?;
        for i in items {
            store.put(&record(i)).map_err(StoreError::from_js)?;
        }
        tx.commit().await?;
        let mut ids: Vec<String> = items.iter().map(|i| i.customer.0.clone()).collect();
        ids.dedup();
        self.feed.announce(&Change::Interactions(ids));
        Ok(())
    }

    pub async fn put_interaction(&self, i: &Interaction) -> Result<(), StoreError> {
        self.put_interactions(std::slice::from_ref(i)).await
    }

    /// Deletes an interaction and returns it, so the caller can offer undo.
    pub async fn delete_interaction(&self, id: &str) -> Result<Interaction, StoreError> {
        let old: Interaction = self.take_doc(INTERACTIONS, id).await?;
        self.feed
            .announce(&Change::Interactions(vec![old.customer.0.clone()]));
        Ok(old)
    }

    /// A customer's interactions, oldest first.
    pub async fn interactions_of(&self, customer: &str) -> Result<Vec<Interaction>, StoreError> {
        let tx = Tx::new(&self.db, &[INTERACTIONS], false)?;
        crate::docs_of(&tx, INTERACTIONS, "customer_at", customer).await
    }

    pub async fn count_interactions(&self) -> Result<u32, StoreError> {
        let tx = Tx::new(&self.db, &[INTERACTIONS], false)?;
        let req = tx
            .store(INTERACTIONS)?
            .count()
            .map_err(StoreError::from_js)?;
        Ok(idb::request(&req).await?.as_f64().unwrap_or(0.0) as u32)
    }
}
