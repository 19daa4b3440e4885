//! kehu's own small set of components, styled from the tokens in `style/`.

mod dialog;
mod field;
mod toast;

pub use dialog::ConfirmDialog;
pub use field::*;
pub use toast::Toasts;

use leptos::prelude::*;

/// A small coloured label.
#[component]
pub fn Badge(
    #[prop(into)] text: Signal<String>,
    #[prop(optional)] tone: &'static str,
) -> impl IntoView {
    let class = format!(
        "badge {}",
        if tone.is_empty() {
            "badge-neutral"
        } else {
            tone
        }
    );
    view! { <span class=class>{text}</span> }
}

/// A headline number with its label.
#[component]
pub fn Stat(
    #[prop(into)] label: Signal<String>,
    #[prop(into)] value: Signal<String>,
) -> impl IntoView {
    view! {
        <div class="stat">
            <div class="stat-value">{value}</div>
            <div class="stat-label">{label}</div>
        </div>
    }
}
