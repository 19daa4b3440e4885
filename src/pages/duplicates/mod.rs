//! Possible duplicate customers, side by side: merge one into the other (with undo) or
//! say they are different people (remembered).

use crate::i18n::{self, K, Label, Msg, use_i18n};
use crate::platform;
use crate::route::Route;
use crate::state::{db, use_app};
use kehu_core::Customer;
use kehu_core::dedup::{self, Reason};
use leptos::prelude::*;
use std::sync::Arc;
mod messages;
use messages as M;

/// Pairs shown at a time.
const PAGE: usize = 20;
const DISMISSED_SETTING: &str = "dedup_dismissed";

fn dismissed() -> Vec<String> {
    platform::setting(DISMISSED_SETTING)
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default()
}

fn dismiss(key: String) {
    let mut all = dismissed();
    if !all.contains(&key) {
        all.push(key);
    }
    if let Ok(s) = serde_json::to_string(&all) {
        platform::set_setting(DISMISSED_SETTING, &s);
    }
}

fn reason_label(r: Reason) -> Msg {
    match r {
        Reason::SameCode => M::DupSameCode,
        Reason::SameEmail => M::DupSameEmail,
        Reason::SamePhone => M::DupSamePhone,
        Reason::SimilarName => M::DupSimilarName,
    }
}

/// The pairs found, by customer id, with why they match.
type Pairs = Arc<Vec<(String, String, Vec<Reason>)>>;

#[component]
pub fn Duplicates() -> impl IntoView {
    let app = use_app();
    let i = use_i18n();
    let shown = RwSignal::new(PAGE);
    let busy = RwSignal::new(false);
    // Bumped when the user says a pair is not one customer.
    let dismissals = RwSignal::new(0u32);
    // From the list rows already in memory: no database read, and fast on 100k.
    let found = Memo::new(move |_| -> Pairs {
        dismissals.track();
        let gone = dismissed();
        app.rows.with(|rows| {
            let people: Vec<dedup::Person> = rows.iter().map(|r| r.person()).collect();
            let pairs = dedup::find(&people, |a, b| gone.contains(&dedup::pair_key(a, b)));
            Arc::new(
                pairs
                    .into_iter()
                    .map(|p| (rows[p.a].id.0.clone(), rows[p.b].id.0.clone(), p.reasons))
                    .collect(),
            )
        })
    });
    let merge = move |keep: Customer, other: Customer| {
        busy.set(true);
        let now = platform::now();
        let merged = dedup::merged(&keep, &other, now);
        let name = keep.name.clone();
        leptos::task::spawn_local(async move {
            let r = async { db()?.merge_customers(&merged, &other, now).await }.await;
            busy.set(false);
            let undo = match r {
                Ok(u) => u,
                Err(e) => return app.report(&e),
            };
            // The list follows without rereading every customer.
            let gone = Customer {
                deleted: Some(now),
                updated: now,
                ..other
            };
            app.upsert_many(&[merged, gone]);
            let back = Callback::new(move |_| {
                let undo = undo.clone();
                app.write(
                    move |db| async move { db.undo_merge(&undo).await.map(|_| undo) },
                    move |undo| app.upsert_many(&[undo.keep_before, undo.other_before]),
                );
            });
            app.toast(
                move |l| format!("{} {name}", M::DupMerged.text(l)),
                Some(back),
            );
        });
    };
    let not_same = move |a: String, b: String| {
        dismiss(dedup::pair_key(&a, &b));
        dismissals.update(|n| *n += 1);
    };

    let cards = move || {
        let pairs = found.get();
        let n = shown.get();
        pairs
            .iter()
            .take(n)
            .enumerate()
            .map(|(ix, (a, b, reasons))| {
                view! { <PairCard ix=ix a=a.clone() b=b.clone() reasons=reasons.clone() busy=busy merge=merge not_same=not_same/> }
            })
            .collect_view()
    };
    let total = move || found.with(|p| p.len());

    view! {
        <section class="page duplicates-page">
            <div class="page-head">
                <h1>{i.tr(M::DupTitle)}</h1>
                <div class="page-actions">
                    <a class="btn" href=Route::Customers(Default::default()).href()>{i.tr(K::BackToList)}</a>
                </div>
            </div>
            <p class="lead">{i.tr(M::DupLead)}</p>
            <p id="dup-count" aria-live="polite">
                {move || match total() {
                    0 => i.t(M::DupNone).to_string(),
                    n => M::dup_pairs(i.get(), n),
                }}
            </p>
            <div class="dup-list">{cards}</div>
            <Show when=move || { total() > shown.get() }>
                <button class="btn show-more" id="dup-more" on:click=move |_| shown.update(|n| *n += PAGE)>
                    {i.tr(M::ShowMore)}
                </button>
            </Show>
        </section>
    }
}

#[component]
fn PairCard(
    ix: usize,
    a: String,
    b: String,
    reasons: Vec<Reason>,
    busy: RwSignal<bool>,
    merge: impl Fn(Customer, Customer) + Copy + Send + Sync + 'static,
    not_same: impl Fn(String, String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let app = use_app();
    let i = use_i18n();
    let both = RwSignal::new(None::<(Customer, Customer)>);
    {
        let (a, b) = (a.clone(), b.clone());
        leptos::task::spawn_local(async move {
            let r = async {
                let db = db()?;
                Ok::<_, kehu_store::StoreError>((db.customer(&a).await?, db.customer(&b).await?))
            }
            .await;
            match r {
                Ok((Some(x), Some(y))) => both.set(Some((x, y))),
                Ok(_) => {}
                Err(e) => app.report(&e),
            }
        });
    }
    let reasons = reasons.clone();
    let badges = move || {
        reasons
            .iter()
            .map(|r| {
                let k = reason_label(*r);
                view! { <span class="badge badge-info">{move || i.t(k)}</span> }
            })
            .collect_view()
    };
    view! {
        <article class="card dup-card" id=format!("dup-{ix}")>
            <div class="dup-reasons">{badges}</div>
            {move || both.get().map(|(a, b)| view! { <PairTable ix=ix a=a b=b busy=busy merge=merge not_same=not_same/> })}
        </article>
    }
}

#[component]
fn PairTable(
    ix: usize,
    a: Customer,
    b: Customer,
    busy: RwSignal<bool>,
    merge: impl Fn(Customer, Customer) + Copy + Send + Sync + 'static,
    not_same: impl Fn(String, String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i = use_i18n();
    let lang = move || i.get();
    let day = |m: kehu_core::Millis| platform::local_day(m);
    type Row = (Msg, Box<dyn Fn(&Customer) -> String + Send + Sync>);
    let rows: Vec<Row> = vec![
        (K::FName, Box::new(|c| c.name.clone())),
        (K::FCode, Box::new(|c| c.code.clone())),
        (K::FMobile, Box::new(|c| c.mobile.clone())),
        (K::FPhone, Box::new(|c| c.phone.clone())),
        (K::FEmail, Box::new(|c| c.email.clone())),
        (K::FCity, Box::new(|c| c.city.clone())),
        (K::FAddress, Box::new(|c| c.address.clone())),
        (K::FOwner, Box::new(|c| c.owner.clone())),
        (K::FTags, Box::new(|c| c.tags.join("、"))),
    ];
    let roster = crate::roster::use_roster().get_untracked();
    let (sa, sb) = (
        crate::roster::shown(&a, &roster),
        crate::roster::shown(&b, &roster),
    );
    let rows: Vec<(Msg, String, String)> = rows
        .into_iter()
        .map(|(k, f)| (k, f(&sa), f(&sb)))
        .filter(|(_, x, y)| !x.is_empty() || !y.is_empty())
        .collect();
    let (a_stage, b_stage) = (a.stage, b.stage);
    let (a_made, b_made) = (day(a.created), day(b.created));
    let (ka, kb) = (a.clone(), b.clone());
    let (ka2, kb2) = (a.clone(), b.clone());
    let (ida, idb) = (a.id.0.clone(), b.id.0.clone());
    let (href_a, href_b) = (
        Route::Customer(a.id.0.clone()).href(),
        Route::Customer(b.id.0.clone()).href(),
    );
    view! {
        <table class="table dup-table">
            <thead>
                <tr>
                    <th scope="col"><span class="visually-hidden">{i.tr(M::DupField)}</span></th>
                    <th scope="col"><a href=href_a>{a.name.clone()}</a></th>
                    <th scope="col"><a href=href_b>{b.name.clone()}</a></th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|(k, x, y)| {
                    let differs = x != y;
                    view! {
                        <tr class:dup-differs=differs>
                            <th scope="row">{move || i.t(k)}</th>
                            <td>{x}</td>
                            <td>{y}</td>
                        </tr>
                    }
                }).collect_view()}
                <tr class:dup-differs=a_stage != b_stage>
                    <th scope="row">{i.tr(K::FStage)}</th>
                    <td>{move || a_stage.label(lang())}</td>
                    <td>{move || b_stage.label(lang())}</td>
                </tr>
                <tr>
                    <th scope="row">{i.tr(K::FCreated)}</th>
                    <td>{move || i18n::date(lang(), a_made)}</td>
                    <td>{move || i18n::date(lang(), b_made)}</td>
                </tr>
            </tbody>
        </table>
        <div class="form-actions">
            <button class="btn" id=format!("dup-{ix}-different") on:click=move |_| not_same(ida.clone(), idb.clone())>
                {i.tr(M::DupDifferent)}
            </button>
            <button class="btn" id=format!("dup-{ix}-keep-right") disabled=move || busy.get()
                on:click=move |_| merge(kb.clone(), ka.clone())>{i.tr(M::DupKeepRight)}</button>
            <button class="btn btn-primary" id=format!("dup-{ix}-keep-left") disabled=move || busy.get()
                on:click=move |_| merge(ka2.clone(), kb2.clone())>{i.tr(M::DupKeepLeft)}</button>
        </div>
    }
}
