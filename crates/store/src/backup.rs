//! Backup and restore: everything stored, read in one transaction; written back in one
//! transaction that replaces the database, or merged through [`Db::import`].

use crate::bulk::put_all;
use crate::idb::{self, Tx};
use crate::schema::{self, CUSTOMERS, SURVEYS};
use crate::{Batch, Change, Db, StoreError, customers, docs, js, orders, sync};
use kehu_core::backup::{BackupData, Merge};

async fn all<T: serde::de::DeserializeOwned>(tx: &Tx, store: &str) -> Result<Vec<T>, StoreError> {
    let req = tx.store(store)?.get_all().map_err(StoreError::from_js)?;
    let arr: js_sys::Array = idb::request(&req).await?.into();
    arr.iter().map(|rec| js::parse_doc(&rec)).collect()
}

impl Db {
    /// Everything stored (settings aside, which the app adds), read in one transaction
    /// so the backup is consistent even while another tab writes.
    pub async fn backup(&self) -> Result<BackupData, StoreError> {
        let tx = Tx::new(&self.db, &schema::all_stores(), false)?;
        let customer_key_seq = schema::get_meta(&tx, schema::CUSTOMER_KEY_SEQ).await? as u32;
        let customers = all(&tx, CUSTOMERS).await?;
        let device = sync::device_in(&tx).await?;
        let (order_chunks, order_details) = orders::read_all(&tx, device.as_deref()).await?;
        let docs = docs::read_all(&tx).await?;
        let surveys = all(&tx, SURVEYS).await?;
        let mut data = BackupData {
            customers,
            customer_key_seq,
            order_chunks,
            order_details,
            docs,
            surveys,
            settings: Default::default(),
        };
        data.canonicalise();
        Ok(data)
    }

    /// Replaces everything stored with `data`, in ONE transaction: if anything fails (a
    /// damaged record, the quota, a closed tab) the database is as it was. Customers keep
    /// their keys and orders their ids. `progress(done, total)` counts records written.
    ///
    /// `data` is checked whole before the transaction opens
    /// ([`BackupData::check_structure`]; the app has also run every record through its
    /// form's rules when it read the file), so a malformed backup is refused with the
    /// database untouched.
    pub async fn restore(
        &self,
        data: &BackupData,
        mut progress: impl FnMut(usize, usize),
    ) -> Result<(), StoreError> {
        data.check_structure()
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let total = data.customers.len() + data.order_count() + data.docs.len();
        let stores = schema::all_stores();
        let tx = Tx::new(&self.db, &stores, true)?;
        // The data version only grows, so no cache computed before can pass for current.
        let version = schema::get_meta(&tx, schema::DATA_VERSION).await?;
        let gone = schema::get_meta(&tx, schema::CUSTOMERS_GONE).await?;
        let stamp = sync::stamp(&tx).await?;
        // The bases describe the server: those kept in customers' records go out first.
        crate::replica::settle_all(&tx).await?;
        for s in stores.iter().filter(|s| !schema::SYNC_STATE.contains(s)) {
            tx.store(s)?.clear().map_err(StoreError::from_js)?;
        }
        schema::put_meta(&tx, schema::DATA_VERSION, version)?;
        schema::put_meta(&tx, schema::CUSTOMERS_GONE, gone + 1.0)?;
        sync::keep_device(&tx, &stamp)?;
        sync::everything(&tx);
        let max_key = data.customers.iter().map(|c| c.key).max().unwrap_or(0);
        schema::put_meta(
            &tx,
            schema::CUSTOMER_KEY_SEQ,
            data.customer_key_seq.max(max_key) as f64,
        )?;
        let mut done = 0;
        let mut step = |n: usize| {
            done += n;
            progress(done, total);
        };
        let seq = customers::next_seq(&tx).await?;
        let customer = |c: &kehu_core::Customer| customers::record(c, seq, &stamp);
        put_all(&tx, CUSTOMERS, &data.customers, customer, &mut step).await?;
        customers::extend_snapshot(&tx, &data.customers, seq).await?;
        orders::write_backup(&tx, &stamp.by, &data.order_chunks, &data.order_details)?;
        step(data.order_count());
        crate::bulk::write_surveys(&tx, &data.surveys).await?;
        docs::write_all(&tx, &data.docs, &mut step).await?;
        schema::bump_version(&tx).await?;
        tx.commit().await?;
        self.feed.announce(&Change::All);
        Ok(())
    }

    /// Adds what `data` has and this database lacks (see [`kehu_core::backup::merge`]),
    /// in one transaction. Returns what was planned, for the summary. `data` is checked
    /// first, as for [`Db::restore`].
    pub async fn merge_backup(
        &self,
        data: &BackupData,
        progress: impl FnMut(usize, usize),
    ) -> Result<Merge, StoreError> {
        data.check_structure()
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let customers = self.all_customers().await?;
        let orders = self.all_orders().await?;
        let mut ids = std::collections::HashSet::new();
        {
            let stores = schema::with_kinds(&[SURVEYS]);
            let tx = Tx::new(&self.db, &stores, false)?;
            for store in stores {
                let req = tx
                    .store(store)?
                    .get_all_keys()
                    .map_err(StoreError::from_js)?;
                let keys: js_sys::Array = idb::request(&req).await?.into();
                ids.extend(keys.iter().filter_map(|k| k.as_string()));
            }
        }
        let plan = kehu_core::backup::merge(data, &customers, &orders, |id| ids.contains(id));
        self.import(
            Batch {
                customers: plan.customers.clone(),
                orders: plan.orders.clone(),
                keyed_orders: plan.keyed_orders.clone(),
                details: plan.details.clone(),
                lines: plan.lines.clone(),
                docs: plan.docs.clone(),
                surveys: plan.surveys.clone(),
            },
            progress,
        )
        .await?;
        Ok(plan)
    }
}
