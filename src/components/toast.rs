//! Transient messages with an optional Undo, announced to screen readers.

use crate::i18n::{K, use_i18n};
use crate::state::use_app;
use leptos::prelude::*;

#[component]
pub fn Toasts() -> impl IntoView {
    let app = use_app();
    let i = use_i18n();
    view! {
        <div class="toasts" role="status" aria-live="polite">
            <For
                each=move || app.toasts.get()
                key=|t| t.id
                children=move |t| {
                    let id = t.id;
                    let undo = t.undo;
                    let class = if t.error { "toast toast-error" } else { "toast" };
                    view! {
                        <div class=class>
                            <span class="toast-text">{t.text.clone()}</span>
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
        </div>
    }
}
