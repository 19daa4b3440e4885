//! A modal confirmation on the native `<dialog>`: focus is trapped and Escape cancels.

use crate::i18n::{K, Msg, use_i18n};
use leptos::html;
use leptos::prelude::*;

#[component]
pub fn ConfirmDialog(
    open: RwSignal<bool>,
    title: Msg,
    body: Msg,
    confirm: Msg,
    #[prop(optional)] danger: bool,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let i = use_i18n();
    let dialog = NodeRef::<html::Dialog>::new();
    Effect::new(move |_| {
        let Some(d) = dialog.get() else { return };
        if open.get() {
            if !d.open() {
                let _ = d.show_modal();
            }
        } else if d.open() {
            d.close();
        }
    });
    let confirm_class = if danger {
        "btn btn-danger"
    } else {
        "btn btn-primary"
    };
    // Unique per dialog: a page may hold several (erase and restore on settings).
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let title_id = format!(
        "dialog-title-{}",
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    let labelled_by = title_id.clone();
    view! {
        <dialog node_ref=dialog class="dialog" aria-labelledby=labelled_by
            on:close=move |_| open.set(false)>
            <h2 id=title_id>{move || i.t(title)}</h2>
            <p>{move || i.t(body)}</p>
            <div class="dialog-actions">
                <button class="btn" on:click=move |_| open.set(false)>{i.tr(K::Cancel)}</button>
                <button class=confirm_class autofocus on:click=move |_| {
                    open.set(false);
                    on_confirm.run(());
                }>{move || i.t(confirm)}</button>
            </div>
        </dialog>
    }
}
