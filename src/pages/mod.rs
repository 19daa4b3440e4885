//! One module per page.

pub mod backup;
pub mod conflict;
pub mod customer;
pub mod customer_form;
pub mod customers;
pub mod duplicates;
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
pub mod settings;
pub mod staff;
pub mod surveys;
pub mod tasks;

/// Deletes record `d`, says `deleted` with an undo (which puts it back), and goes to
/// `back`: what every record form's Delete does.
pub fn delete_with_undo<T: kehu_core::Doc + Send + Sync>(
    d: T,
    deleted: crate::i18n::Msg,
    back: crate::route::Route,
) {
    use leptos::prelude::*;
    let (app, i) = (crate::state::use_app(), crate::i18n::use_i18n());
    app.write(
        move |db| async move { db.delete_doc::<T>(d.id().as_str()).await },
        move |old: T| {
            let undo = Callback::new(move |_| {
                let old = old.clone();
                app.write(move |db| async move { db.put_doc(&old).await }, |_| {});
            });
            app.toast(i.now(deleted).to_string(), Some(undo));
            crate::route::navigate(&back);
        },
    );
}
