//! Trashing a customer (with undo), restoring one, and forgetting one for good.

use super::messages as M;
use crate::i18n::K;
use crate::importer::Message;
use crate::platform;
use crate::route::{Params, Route, navigate};
use crate::state::{AppState, db};
use kehu_core::import::job::{Failure, ToImporter};
use kehu_core::{Customer, Millis};
use kehu_store::StoreError;
use leptos::prelude::*;

async fn set_deleted(mut c: Customer, deleted: Option<Millis>) -> Result<Customer, StoreError> {
    c.deleted = deleted;
    c.updated = platform::now();
    db()?.put_customer(&c).await
}

/// To the trash, with an undo in the toast.
pub(super) fn trash(app: AppState, c: Customer) {
    leptos::task::spawn_local(async move {
        match set_deleted(c.clone(), Some(platform::now())).await {
            Ok(saved) => {
                app.upsert(&saved);
                let undo = Callback::new(move |_| {
                    let saved = saved.clone();
                    leptos::task::spawn_local(async move {
                        match set_deleted(saved, None).await {
                            Ok(back) => {
                                app.upsert(&back);
                                app.say(K::Restored, None);
                                navigate(&Route::Customer(back.id.0.clone()));
                            }
                            Err(e) => app.report(&e),
                        }
                    });
                });
                let name = c.name.clone();
                app.toast(move |l| M::deleted(l, &name), Some(undo));
                navigate(&Route::Customers(Params::default()));
            }
            Err(e) => app.report(&e),
        }
    });
}

/// Back from the trash.
pub(super) fn restore(app: AppState, c: Customer) {
    leptos::task::spawn_local(async move {
        match set_deleted(c, None).await {
            Ok(back) => {
                app.upsert(&back);
                app.say(K::Restored, None);
            }
            Err(e) => app.report(&e),
        }
    });
}

/// Forgotten for good, with all their records: for a customer who asks to be. In the
/// import worker, which holds the code that finds everything of theirs.
pub(super) fn forget(app: AppState, c: Customer) {
    let request = ToImporter::Forget {
        customer: Box::new(c),
    };
    crate::importer::run_once(request, move |m, _| match m {
        Message::Forgotten => {
            leptos::task::spawn_local(async move {
                if let Err(e) = app.reload_all().await {
                    app.report(&e);
                }
            });
            app.say(M::PurgedToast, None);
            let trash = Params(vec![("trash".into(), "1".into())]);
            navigate(&Route::Customers(trash));
        }
        Message::Failed { error } => match error {
            Failure::Store(e) => app.report(&e),
            other => app.toast_error(move |l| crate::importer::failure_text(l, &other)),
        },
        _ => {}
    });
}
