//! Customer records: one IndexedDB record each, with indexes.

use crate::idb::{self, Tx};
use crate::schema::{self, CUSTOMERS, META};
use crate::{Change, Db, StoreError, js};
use kehu_core::Customer;
use wasm_bindgen::prelude::*;

/// The stored form: the customer as a JSON document, plus the fields indexes need.
pub(crate) fn record(c: &Customer) -> JsValue {
    let o = js_sys::Object::new();
    js::set(&o, "id", &JsValue::from_str(c.id.as_str()));
    js::set(&o, "key", &JsValue::from_f64(c.key as f64));
    js::set(&o, "updated", &JsValue::from_f64(c.updated.0 as f64));
    js::set(
        &o,
        "deleted",
        &JsValue::from_f64(if c.deleted.is_some() { 1.0 } else { 0.0 }),
    );
    let tags = js::array_of(&c.tags, |t| {
        JsValue::from_str(&kehu_core::text::normalise_tag(t))
    });
    js::set(&o, "tags", &tags);
    js::set(&o, "email", &JsValue::from_str(&c.email.to_lowercase()));
    let phone = if c.mobile.is_empty() {
        &c.phone
    } else {
        &c.mobile
    };
    js::set(
        &o,
        "phone",
        &JsValue::from_str(&kehu_core::text::digits(phone)),
    );
    js::set(&o, "doc", &js::to_doc(c));
    o.into()
}

fn parse_all(v: JsValue) -> Result<Vec<Customer>, StoreError> {
    let arr: js_sys::Array = v.into();
    let mut out = Vec::with_capacity(arr.length() as usize);
    for rec in arr.iter() {
        out.push(js::parse_doc(&rec)?);
    }
    Ok(out)
}

impl Db {
    /// Creates or replaces customers in one transaction. A customer with `key == 0` gets
    /// the next free key (written back into the returned copies). If any write fails (a
    /// key already taken, the quota), none is kept.
    pub async fn put_customers(&self, customers: &[Customer]) -> Result<Vec<Customer>, StoreError> {
        let tx = Tx::new(&self.db, &[CUSTOMERS, META], true)?;
        let mut out = customers.to_vec();
        let needs_keys = out.iter().filter(|c| c.key == 0).count();
        if needs_keys > 0 {
            let mut next = schema::get_meta(&tx, schema::CUSTOMER_KEY_SEQ).await? as u32 + 1;
            for c in out.iter_mut().filter(|c| c.key == 0) {
                c.key = next;
                next += 1;
            }
            schema::put_meta(&tx, schema::CUSTOMER_KEY_SEQ, (next - 1) as f64)?;
        }
        let store = tx.store(CUSTOMERS)?;
        for c in &out {
            if let Err(e) = store.put(&record(c)) {
                tx.abort();
                return Err(StoreError::from_js(e));
            }
        }
        schema::bump_version(&tx).await?;
        tx.commit().await?;
        self.feed.announce(&Change::Customers(
            out.iter().map(|c| c.id.0.clone()).collect(),
        ));
        Ok(out)
    }

    /// Creates or replaces one customer; see [`Db::put_customers`].
    pub async fn put_customer(&self, c: &Customer) -> Result<Customer, StoreError> {
        let mut v = self.put_customers(std::slice::from_ref(c)).await?;
        v.pop().ok_or(StoreError::NotFound)
    }

    pub async fn customer(&self, id: &str) -> Result<Option<Customer>, StoreError> {
        let tx = Tx::new(&self.db, &[CUSTOMERS], false)?;
        let req = tx
            .store(CUSTOMERS)?
            .get(&JsValue::from_str(id))
            .map_err(StoreError::from_js)?;
        let v = idb::request(&req).await?;
        if v.is_undefined() {
            return Ok(None);
        }
        js::parse_doc(&v).map(Some)
    }

    /// Every customer, including those in the trash.
    pub async fn all_customers(&self) -> Result<Vec<Customer>, StoreError> {
        let tx = Tx::new(&self.db, &[CUSTOMERS], false)?;
        let req = tx
            .store(CUSTOMERS)?
            .get_all()
            .map_err(StoreError::from_js)?;
        parse_all(idb::request(&req).await?)
    }

    /// Customers carrying a tag (compared case- and width-insensitively), by index.
    pub async fn customers_with_tag(&self, tag: &str) -> Result<Vec<Customer>, StoreError> {
        self.by_index("tags", &kehu_core::text::normalise_tag(tag))
            .await
    }

    /// Customers whose email is `email` (case-insensitive), by index.
    pub async fn customers_with_email(&self, email: &str) -> Result<Vec<Customer>, StoreError> {
        self.by_index("email", &email.trim().to_lowercase()).await
    }

    async fn by_index(&self, index: &str, value: &str) -> Result<Vec<Customer>, StoreError> {
        let tx = Tx::new(&self.db, &[CUSTOMERS], false)?;
        let idx = tx
            .store(CUSTOMERS)?
            .index(index)
            .map_err(StoreError::from_js)?;
        let req = idx
            .get_all_with_key(&JsValue::from_str(value))
            .map_err(StoreError::from_js)?;
        parse_all(idb::request(&req).await?)
    }

    /// How many customer records exist, the trash included.
    pub async fn count_customers(&self) -> Result<u32, StoreError> {
        let tx = Tx::new(&self.db, &[CUSTOMERS], false)?;
        let req = tx.store(CUSTOMERS)?.count().map_err(StoreError::from_js)?;
        Ok(idb::request(&req).await?.as_f64().unwrap_or(0.0) as u32)
    }
}
