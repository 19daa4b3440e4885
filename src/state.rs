//! App-wide state: the database handle, the customer list projection, toasts.

use crate::data::Versions;
use crate::i18n::{Currency, Lang, Msg, store_error};
use crate::platform;
use kehu_core::Customer;
use kehu_core::query::CustomerRow;
use kehu_store::{Change, Db, StoreError};
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::HashMap;

thread_local! {
    static DB: RefCell<Option<Db>> = const { RefCell::new(None) };
}

/// The open database. Pages only run once it is open, so this is `Some` there.
pub fn db() -> Result<Db, StoreError> {
    DB.with(|d| d.borrow().clone()).ok_or(StoreError::Closed)
}

#[derive(Debug, Clone, PartialEq)]
pub enum DbStatus {
    Opening,
    Ready,
    Failed(StoreError),
    /// Another tab upgraded the database; this one must reload.
    Outdated,
}

/// Every customer as a list row, loaded once and kept in step with writes here and in
/// other tabs.
#[derive(Clone, Copy)]
pub struct AppState {
    pub status: RwSignal<DbStatus>,
    pub rows: RwSignal<Vec<CustomerRow>>,
    /// Each row's place in `rows`, by customer id: built once per change to the rows,
    /// not by every page that names customers (a hundred thousand ids take a while).
    pub row_of: Memo<HashMap<String, u32>>,
    /// What changed, by kind, here or in another tab (see `data.rs`).
    pub versions: Versions,
    pub toasts: RwSignal<Vec<Toast>>,
    pub persisted: RwSignal<Option<bool>>,
    pub lang: RwSignal<Lang>,
    pub currency: RwSignal<Currency>,
}

#[derive(Clone)]
pub struct Toast {
    pub id: u64,
    /// The message in a language: a toast shown while the user switches language
    /// follows it.
    pub text: ToastText,
    pub error: bool,
    pub undo: Option<Callback<()>>,
}

pub type ToastText = std::sync::Arc<dyn Fn(Lang) -> String + Send + Sync>;

/// The currency chosen in the settings (yuan until one is).
pub fn stored_currency() -> Currency {
    platform::setting("currency")
        .and_then(|c| Currency::from_code(&c))
        .unwrap_or(Currency::Cny)
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}

impl AppState {
    pub fn new(lang: RwSignal<Lang>) -> AppState {
        let rows = RwSignal::new(Vec::<CustomerRow>::new());
        AppState {
            lang,
            currency: RwSignal::new(stored_currency()),
            status: RwSignal::new(DbStatus::Opening),
            rows,
            row_of: Memo::new_with_compare(
                move |_| {
                    rows.with(|rows| {
                        let ids = rows.iter().map(|r| r.id.0.clone());
                        ids.zip(0..).collect()
                    })
                },
                // Comparing two maps costs what building one does: a change to the rows
                // is taken as a change to the map.
                |_, _| true,
            ),
            versions: Versions::new(),
            toasts: RwSignal::new(Vec::new()),
            persisted: RwSignal::new(None),
        }
    }

    /// Opens the database, loads the customers and subscribes to other tabs' changes.
    pub async fn start(self) {
        self.status.set(DbStatus::Opening);
        let status = self.status;
        let opened = Db::open(kehu_store::DB_NAME, move || status.set(DbStatus::Outdated)).await;
        let db = match opened {
            Ok(db) => db,
            Err(e) => {
                self.status.set(DbStatus::Failed(e));
                return;
            }
        };
        db.changes().subscribe(move |c| {
            let c = c.clone();
            leptos::task::spawn_local(async move { self.apply(c).await });
        });
        let versions = self.versions;
        db.changes().subscribe_here(move |c| versions.changed(c));
        DB.with(|d| *d.borrow_mut() = Some(db.clone()));
        crate::shop_settings::follow(self, &db);
        match self.reload_all().await {
            Ok(()) => self.status.set(DbStatus::Ready),
            Err(e) => self.status.set(DbStatus::Failed(e)),
        }
        // The time zone is read (once per browser) in a task of its own, not inside the
        // first click that needs it.
        set_timeout(
            || {
                platform::zone();
            },
            std::time::Duration::ZERO,
        );
        self.persisted.set(kehu_store::request_persistence().await);
    }

    /// Rereads the whole customer list.
    pub async fn reload_all(self) -> Result<(), StoreError> {
        let all = db()?.all_customers().await?;
        self.rows
            .set(all.iter().map(CustomerRow::from_customer).collect());
        Ok(())
    }

    /// Rereads the customers `ids` names into the list (those another tab or an import
    /// wrote): one read and one update of the list for all of them.
    pub async fn reload_customers(self, ids: &[String]) -> Result<(), StoreError> {
        let found = db()?.customers_by_id(ids).await?;
        self.upsert_many(&found);
        Ok(())
    }

    /// Shows in the list what an import run wrote: the `customers` it names, or (`None`:
    /// too many to read one by one) the whole list again.
    pub async fn reload_written(
        self,
        customers: Option<Vec<kehu_core::Id>>,
    ) -> Result<(), StoreError> {
        match customers {
            Some(ids) => {
                let ids: Vec<String> = ids.into_iter().map(|id| id.0).collect();
                self.reload_customers(&ids).await
            }
            None => self.reload_all().await,
        }
    }

    /// Reflects a saved customer in the list without rereading the database.
    pub fn upsert(self, c: &Customer) {
        let row = CustomerRow::from_customer(c);
        self.rows
            .update(|rows| match rows.iter().position(|r| r.id == c.id) {
                Some(i) => rows[i] = row,
                None => rows.push(row),
            });
    }

    /// [`AppState::upsert`] for many customers at once (an import), without rereading.
    pub fn upsert_many(self, saved: &[Customer]) {
        self.rows.update(|rows| place_rows(rows, saved));
    }

    /// Follows another tab's write: the list rows it touched, then the pages reading
    /// what it changed.
    async fn apply(self, change: Change) {
        let result = match &change {
            // A pulled page names a thousand.
            Change::Customers(ids) => self.reload_customers(ids).await,
            Change::Orders(_) | Change::Records { .. } | Change::Surveys | Change::Conflicts => {
                Ok(())
            }
            Change::All => self.reload_all().await,
        };
        self.versions.changed(&change);
        if let Err(e) = result {
            self.report(&e);
        }
    }

    /// Runs a storage write off the event handler: on success calls `then` (the store
    /// has announced what changed, which refetches the pages reading it); on failure
    /// shows the translated error.
    pub fn write<T, Fut>(
        self,
        action: impl FnOnce(Db) -> Fut + 'static,
        then: impl FnOnce(T) + 'static,
    ) where
        T: 'static,
        Fut: std::future::Future<Output = Result<T, StoreError>> + 'static,
    {
        self.run(Box::pin(async move {
            let v = action(db()?).await?;
            then(v);
            Ok(())
        }));
    }

    /// Spawns one write, reporting its error. Not generic: spawning a future of its own
    /// type at each of the app's writes copied the executor's task code into every one.
    fn run(
        self,
        job: std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), StoreError>>>>,
    ) {
        leptos::task::spawn_local(async move {
            if let Err(e) = job.await {
                self.report(&e);
            }
        });
    }

    /// Shows `k`, with an Undo when there is one.
    pub fn say(self, k: Msg, undo: Option<Callback<()>>) {
        self.toast(move |l| k.text(l).to_string(), undo);
    }

    /// Shows the message `text` makes in the user's language.
    pub fn toast(
        self,
        text: impl Fn(Lang) -> String + Send + Sync + 'static,
        undo: Option<Callback<()>>,
    ) {
        self.push(std::sync::Arc::new(text), false, undo);
    }

    /// Shows an error in the user's language.
    pub fn toast_error(self, text: impl Fn(Lang) -> String + Send + Sync + 'static) {
        self.push(std::sync::Arc::new(text), true, None);
    }

    /// Shows a storage error in the user's language.
    pub fn report(self, e: &StoreError) {
        let e = e.clone();
        self.toast_error(move |l| store_error(l, &e));
    }

    fn push(self, text: ToastText, error: bool, undo: Option<Callback<()>>) {
        let id = platform::now().0 as u64 ^ (js_sys::Math::random() * 1e9) as u64;
        self.toasts.update(|t| {
            t.push(Toast {
                id,
                text,
                error,
                undo,
            });
            // Keep the stack short; the oldest goes first.
            if t.len() > 3 {
                t.remove(0);
            }
        });
        let toasts = self.toasts;
        set_timeout(
            move || toasts.update(|t| t.retain(|x| x.id != id)),
            std::time::Duration::from_secs(if error { 12 } else { 8 }),
        );
    }

    pub fn dismiss(self, id: u64) {
        self.toasts.update(|t| t.retain(|x| x.id != id));
    }
}

/// Puts `saved` into `rows`: each customer over their row, or added. The saved ones are
/// looked up by key (a number), not the rows by id: a pull places a thousand customers
/// among a hundred thousand rows a hundred times, and hashing every row's id each time
/// held the page's thread for 15 ms.
fn place_rows(rows: &mut Vec<CustomerRow>, saved: &[Customer]) {
    let by_key: std::collections::HashMap<u32, usize> =
        saved.iter().enumerate().map(|(i, c)| (c.key, i)).collect();
    // A customer given twice is placed once, as last given.
    let mut placed: Vec<bool> = (saved.iter().enumerate())
        .map(|(i, c)| by_key[&c.key] != i)
        .collect();
    for row in rows.iter_mut() {
        if let Some(&i) = by_key.get(&row.key)
            && saved[i].id == row.id
        {
            *row = CustomerRow::from_customer(&saved[i]);
            placed[i] = true;
        }
    }
    let added = saved.iter().zip(placed).filter(|(_, p)| !p);
    rows.extend(added.map(|(c, _)| CustomerRow::from_customer(c)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use kehu_core::{Id, Millis};

    fn customer(key: u32, id: &str, name: &str) -> Customer {
        Customer {
            key,
            name: name.into(),
            ..kehu_core::validate::blank_customer(Id(id.into()), key, Millis(0))
        }
    }

    #[test]
    fn saved_customers_replace_their_rows_or_are_added_once() {
        let mut rows: Vec<CustomerRow> = [customer(1, "a", "A"), customer(2, "b", "B")]
            .iter()
            .map(CustomerRow::from_customer)
            .collect();
        let saved = [
            customer(2, "b", "B2"),
            customer(3, "c", "C"),
            customer(3, "c", "C2"),
        ];
        place_rows(&mut rows, &saved);
        let names: Vec<(&str, &str)> = (rows.iter())
            .map(|r| (r.id.as_str(), r.name.as_str()))
            .collect();
        assert_eq!(names, [("a", "A"), ("b", "B2"), ("c", "C2")]);
    }
}
