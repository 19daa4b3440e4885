//! One module per page.

pub mod articles;
pub mod backup;
pub mod campaigns;
pub mod care;
pub mod conflict;
pub mod contracts;
pub mod customer;
pub mod customer_form;
pub mod customers;
pub mod duplicates;
pub mod expenses;
pub mod home;
pub mod import;
pub mod imports;
pub mod insights;
pub mod kiosk;
pub mod leads;
pub mod orders;
pub mod pipeline;
pub mod products;
pub mod quotes;
pub mod receivables;
pub mod reports;
pub mod rewards;
pub mod settings;
pub mod staff;
pub mod surveys;
pub mod sync;
pub mod tasks;
pub mod tickets;

/// A record's page: "loading" while `loaded` is read, the error if reading failed,
/// `not_found` when the record is gone, else `show` of it. What every record form's
/// page does around its editor.
pub fn record_page<T, V>(
    loaded: leptos::prelude::LocalResource<Result<Option<T>, kehu_store::StoreError>>,
    not_found: crate::i18n::Msg,
    show: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl leptos::prelude::IntoView
where
    T: Clone + 'static,
    V: leptos::prelude::IntoView + 'static,
{
    use crate::i18n::{K, store_error};
    use leptos::prelude::*;
    let i = crate::i18n::use_i18n();
    view! {
        <section class="page">
            {move || match loaded.get() {
                None => view! { <p class="loading">{i.t(K::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="panel panel-error" role="alert">{store_error(i.get(), &e)}</p> }.into_any(),
                Some(Ok(None)) => view! { <p class="panel">{i.t(not_found)}</p> }.into_any(),
                Some(Ok(Some(x))) => show(x).into_any(),
            }}
        </section>
    }
}

/// Deletes record `d`, says `deleted` with an undo (which puts it back), and goes to
/// `back`: what every record form's Delete does.
pub fn delete_with_undo<T: kehu_core::Doc + Send + Sync>(
    d: T,
    deleted: crate::i18n::Msg,
    back: crate::route::Route,
) {
    delete_id_with_undo::<T>(d.id().0.clone(), deleted, Some(back));
}

/// Deletes the record of kind `T` with id `id`, says `deleted` with an undo (which puts
/// it back), and goes to `back` if given.
pub fn delete_id_with_undo<T: kehu_core::Doc + Send + Sync>(
    id: String,
    deleted: crate::i18n::Msg,
    back: Option<crate::route::Route>,
) {
    use leptos::prelude::*;
    let app = crate::state::use_app();
    app.write(
        move |db| async move { db.delete_doc::<T>(&id).await },
        move |old: T| {
            let undo = Callback::new(move |_| {
                let old = old.clone();
                app.write(move |db| async move { db.put_doc(&old).await }, |_| {});
            });
            app.say(deleted, Some(undo));
            if let Some(back) = back {
                crate::route::navigate(&back);
            }
        },
    );
}
