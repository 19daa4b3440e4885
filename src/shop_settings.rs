//! The shop's shared settings (`kehu_core::shop`) between the device's settings, which
//! the pages read at once, and the shop's record, which a sync shares:
//!
//! - a shared setting changed here is written into the record (read and changed in one
//!   transaction, so a pulled change to another setting is kept);
//! - the record changed elsewhere (pulled by the sync worker, or another tab) is copied
//!   into the device's settings, and the page and the office reread them;
//! - on opening, a record already here wins over the device's settings; with none yet,
//!   the device's settings become the record (a device that set them before it synced
//!   brings them along, and a sync merges them setting by setting with the shop's).
//!
//! Only the settings in `SHARED` are ever copied: a record from the server cannot set
//! the kiosk PIN, the sync server or anything else of the device's.

use crate::platform;
use crate::state::AppState;
use kehu_core::kinds::Doc;
use kehu_core::shop::{SHOP, ShopSettings};
use kehu_store::{Change, Db};
use leptos::prelude::*;

/// Starts following: called once the database is open, in the page and in the office.
pub fn follow(app: AppState, db: &Db) {
    platform::on_shared_setting(move |key| write(app, key));
    // Another tab's or the sync worker's write, or this one's (a conflict picked).
    let heard = move |c: &Change| {
        if matches!(c, Change::Records { kind, .. } if kind == ShopSettings::INFO.name)
            || matches!(c, Change::All)
        {
            leptos::task::spawn_local(adopt(app));
        }
    };
    db.changes().subscribe(heard);
    db.changes().subscribe_here(heard);
    let here = ShopSettings::of(platform::setting, platform::now());
    if here.values().iter().all(|(_, v)| v.is_none()) {
        leptos::task::spawn_local(adopt(app));
        return;
    }
    app.write(
        move |db| async move { db.update_doc(SHOP, move |old| old.unwrap_or(here)).await },
        move |record| copy(app, &record),
    );
}

/// Writes setting `key`, as it now is on the device, into the shop's record.
fn write(app: AppState, key: &str) {
    let (key, value, now) = (key.to_string(), platform::setting(key), platform::now());
    let change = move |old: Option<ShopSettings>| {
        let mut s = old.unwrap_or_else(|| ShopSettings::new(now));
        if s.get(&key) != value.as_deref() {
            s.set(&key, value);
            s.updated = now;
        }
        s
    };
    app.write(
        move |db| async move { db.update_doc(SHOP, change).await },
        |_| (),
    );
}

/// Copies the shop's record, as stored now, into the device's settings.
async fn adopt(app: AppState) {
    let found = match crate::state::db() {
        Ok(db) => db.doc::<ShopSettings>(SHOP).await,
        Err(e) => Err(e),
    };
    match found {
        Ok(Some(record)) => copy(app, &record),
        Ok(None) => {}
        Err(e) => app.report(&e),
    }
}

/// Copies `record` into the device's settings, and this app's currency from them: the
/// page and the office each copy, and the second finds the settings copied already.
fn copy(app: AppState, record: &ShopSettings) {
    let changed = changes(record, platform::setting);
    for (key, value) in &changed {
        platform::store_setting(key, *value);
    }
    let currency = crate::state::stored_currency();
    if app.currency.get_untracked() != currency {
        app.currency.set(currency);
    }
    if !changed.is_empty() {
        platform::announce_setting();
    }
}

/// The shared settings `record` sets otherwise than the device (`get`) has them.
fn changes(
    record: &ShopSettings,
    get: impl Fn(&str) -> Option<String>,
) -> Vec<(&'static str, Option<&str>)> {
    (record.values().into_iter())
        .filter(|(key, v)| get(key).as_deref() != *v)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use kehu_core::Millis;

    #[test]
    fn only_the_shared_settings_the_record_sets_otherwise_are_copied() {
        let mut record = ShopSettings::new(Millis(1));
        record.set("currency", Some("USD".into()));
        record.set("business", Some("客户贸易".into()));
        let device = |k: &str| match k {
            "currency" => Some("CNY".to_string()),
            "business" => Some("客户贸易".to_string()),
            "rewards" => Some("{}".to_string()),
            "lang" => Some("en-US".to_string()),
            _ => None,
        };
        assert_eq!(
            changes(&record, device),
            [("currency", Some("USD")), ("rewards", None)],
            "cleared elsewhere, cleared here; the language is the device's"
        );
    }
}
