//! Saved segments on the customer list: the filter applied, saved by name; each saved
//! one a link that applies it again (its members found afresh from today's data), and
//! deleted with an undo.

use super::{List, messages as M};
use crate::data::{self, Topic};
use crate::i18n::{self, K, tr, use_i18n};
use crate::platform;
use crate::route::{Params, Route};
use crate::state::use_app;
use kehu_core::Segment;
use kehu_core::segment::check_segment;
use kehu_core::validate::Problem;
use leptos::prelude::*;

#[component]
pub(super) fn Segments(l: List) -> impl IntoView {
    let i = use_i18n();
    let saved = data::resource(vec![Topic::of::<Segment>()], |db| async move {
        db.all_docs::<Segment>().await
    });
    let naming = RwSignal::new(false);
    let current = Memo::new(move |_| l.params.with(|p| Segment::filter_of(&p.0)));
    // The filter applied is a saved one already: nothing to save.
    let kept = move || {
        let all = saved.get().and_then(Result::ok).unwrap_or_default();
        current.with(|c| all.iter().any(|s| s.filter == *c))
    };
    // By name as the language sorts names (pinyin for Chinese).
    let chips = move || {
        let mut all = saved.get().and_then(Result::ok).unwrap_or_default();
        let rank = platform::collation_ranks(all.iter().map(|s| s.name.as_str()), i.get());
        let mut ranked: Vec<(u32, Segment)> = rank.into_iter().zip(all.drain(..)).collect();
        ranked.sort_by_key(|(r, _)| *r);
        ranked
            .into_iter()
            .map(|(_, s)| s)
            .map(|s| view! { <Chip s=s current=current/> })
            .collect_view()
    };
    view! {
        <div class="segments" id="segments">
            {chips}
            <Show when=move || l.query.with(|q| q.is_filtered()) && !naming.get() && !kept()>
                <button class="btn btn-small" id="save-segment" on:click=move |_| naming.set(true)>{i.tr(M::SaveSegment)}</button>
            </Show>
            <Show when=move || naming.get()>
                <SaveForm l=l naming=naming/>
            </Show>
        </div>
    }
}

/// A saved segment: a link applying its filter, and its delete button.
#[component]
fn Chip(s: Segment, current: Memo<Vec<(String, String)>>) -> impl IntoView {
    let i = use_i18n();
    let href = Route::Customers(Params(s.filter.clone())).href();
    let filter = s.filter.clone();
    let on = Memo::new(move |_| current.with(|c| *c == filter));
    let name = s.name.clone();
    let id = s.id.0.clone();
    let delete =
        move |_| crate::pages::delete_id_with_undo::<Segment>(id.clone(), M::SegmentDeleted, None);
    view! {
        <span class="segment-chip" class:on=on>
            <a href=href aria-current=move || on.get().then_some("true")>{s.name.clone()}</a>
            <button type="button" class="chip-x" on:click=delete
                aria-label=move || { let n = name.clone(); tr!(i.get(), "删除细分「{n}」", "Delete segment “{n}”") }>"×"</button>
        </span>
    }
}

/// The name the filter applied is saved under.
#[component]
fn SaveForm(l: List, naming: RwSignal<bool>) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<Problem>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let params = l.params.get_untracked();
        let s = Segment::new(
            platform::new_id(),
            &name.get_untracked(),
            &params.0,
            platform::now(),
        );
        match check_segment(s) {
            Err(e) => {
                error.set(e.into_iter().next().map(|e| e.problem));
                platform::focus("segment-name");
            }
            Ok(s) => app.write(
                move |db| async move { db.put_doc(&s).await },
                move |_| {
                    naming.set(false);
                    app.say(M::SegmentSaved, None);
                },
            ),
        }
    };
    request_animation_frame(|| platform::focus("segment-name"));
    view! {
        <form class="segment-form" id="segment-form" on:submit=save novalidate>
            <label for="segment-name">{i.tr(K::FSegmentName)}</label>
            <input id="segment-name" type="text" autocomplete="off" prop:value=move || name.get()
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby="segment-name-error"
                on:input=move |ev| name.set(event_target_value(&ev))/>
            <button type="submit" class="btn btn-small btn-primary" id="segment-save">{i.tr(K::Save)}</button>
            <button type="button" class="btn btn-small" on:click=move |_| naming.set(false)>{i.tr(K::Cancel)}</button>
            <span class="field-error" id="segment-name-error" role="alert">
                {move || error.get().map(|p| i18n::problem(i.get(), &p))}
            </span>
        </form>
    }
}
