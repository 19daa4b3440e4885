//! kehu's own small set of components, styled from the tokens in `style/`.

mod dialog;
mod field;
mod owner;
mod toast;

pub use dialog::ConfirmDialog;
pub use field::*;
pub use owner::{OwnerSelect, PeopleFilter};
pub use toast::{OFFICE_SLOT, Toasts, toast_items};

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

/// A labelled progress bar for a long write: the percentage of `progress` (done, total)
/// when there is one, else an indeterminate bar.
#[component]
pub fn ProgressBar(
    id: &'static str,
    #[prop(into)] label: Signal<crate::i18n::Msg>,
    progress: RwSignal<Option<(usize, usize)>>,
    /// Said after the percentage (the time left).
    #[prop(optional, into)]
    note: Option<Signal<Option<String>>>,
) -> impl IntoView {
    let i = crate::i18n::use_i18n();
    let pct = move || progress.get().map(|(d, t)| (d * 100 / t.max(1)).min(100));
    let note = move || note.and_then(|n| n.get()).map(|n| format!(" · {n}"));
    view! {
        <div class="progress-wrap" role="status">
            <label for=id>{move || i.t(label.get())}" "{move || pct().map(|p| format!("{p}%"))}{note}</label>
            <progress id=id max="100" value=pct></progress>
        </div>
    }
}
