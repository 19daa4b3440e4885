//! Transient messages with an optional Undo, announced to screen readers.

use crate::i18n::{I18n, K, use_i18n};
use crate::state::{AppState, use_app};
use leptos::prelude::*;

/// The DOM id of the slot in the page's stack where the office's toasts go.
pub const OFFICE_SLOT: &str = "office-toasts";

/// The page's one stack of toasts. The office (its own Leptos app) puts its toasts in
/// the slot at its end, so the two never cover each other's buttons.
#[component]
pub fn Toasts() -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    view! {
        <div class="toasts" role="status" aria-live="polite">
            {toast_items(app, i)}
            <div id=OFFICE_SLOT class="toast-slot"></div>
        </div>
    }
}

/// `app`'s toasts, each with its Undo and a close button.
pub fn toast_items(app: AppState, i: I18n) -> impl IntoView {
    view! {
        <For
            each=move || app.toasts.get()
            key=|t| t.id
            children=move |t| {
                let id = t.id;
                let undo = t.undo;
                let class = if t.error { "toast toast-error" } else { "toast" };
                let text = t.text.clone();
                view! {
                    <div class=class>
                        <span class="toast-text">{move || text(app.lang.get())}</span>
                        {undo.map(|cb| view! {
                            <button class="btn btn-link" on:click=move |_| {
                                app.dismiss(id);
                                cb.run(());
                            }>{i.tr(K::Undo)}</button>
                        })}
                        <button class="btn btn-icon" aria-label=i.tr(K::Close)
                            on:click=move |_| app.dismiss(id)>"×"</button>
                    </div>
                }
            }
        />
    }
}
