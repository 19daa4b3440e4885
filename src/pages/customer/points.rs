//! The customer's points under the rewards programme (shown only while it is on): the
//! tier, what can be spent and what it is worth, how far the next tier is, and the
//! history, each spending with a way to give its points back (an order cancelled).
//! Everything is worked out from the orders and the redemptions by
//! `kehu_core::rewards::ledger_of`.

use crate::data::{self, Topic};
use crate::i18n::{self, use_i18n};
use crate::pages::rewards::messages as R;
use crate::state::use_app;
use kehu_core::rewards::{Entry, Ledger, Programme, Redemption, ledger_of};
use kehu_core::{Id, Order};
use leptos::prelude::*;

/// What a customer holds under the programme.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Held {
    pub programme: Programme,
    pub ledger: Ledger,
    pub spent: Vec<Redemption>,
}

/// The customer's points, followed as redemptions change (the orders come with the
/// page); always `None` while the programme is off.
pub(super) fn held(customer: Id, orders: Vec<Order>) -> Signal<Option<Held>> {
    let Some(programme) = crate::pages::rewards::programme() else {
        return Signal::derive(|| None);
    };
    let spent = data::resource(vec![Topic::of::<Redemption>()], move |db| {
        let c = customer.0.clone();
        async move { db.docs_of::<Redemption>(&c).await }
    });
    Signal::derive(move || {
        let spent = spent.get()?.ok()?;
        let ledger = ledger_of(&programme, &orders, &spent);
        Some(Held {
            programme: programme.clone(),
            ledger,
            spent,
        })
    })
}

#[component]
pub(super) fn Points(held: Signal<Option<Held>>, readonly: bool) -> impl IntoView {
    move || {
        held.get()
            .map(|h| view! { <PointsCard h=h readonly=readonly/> })
    }
}

#[component]
fn PointsCard(h: Held, readonly: bool) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let Held {
        programme: p,
        ledger: l,
        spent,
    } = h;
    let cur = move || app.currency.get();
    let tier = l.tier.map(|t| p.tiers[t].name.clone());
    let next = p.tiers.get(l.tier.map_or(0, |t| t + 1)).cloned();
    let worth = p.worth(l.balance);
    let stat = |label: i18n::Msg, value: String, id: &'static str| {
        view! { <dt>{i.tr(label)}</dt><dd id=id>{value}</dd> }
    };
    let lines = l.lines.clone();
    view! {
        <div class="card" id="customer-points">
            <div class="card-head">
                <h2>{i.tr(R::Points)}</h2>
                {tier.map(|t| view! { <span class="badge badge-gold" id="points-tier">{t}</span> })}
            </div>
            <dl class="profile">
                {stat(R::Balance, format!("{} ({})", i18n::count(l.balance as usize), i18n::money(worth, cur(), false)), "points-balance")}
                {stat(R::Earned, i18n::count(l.earned as usize), "points-earned")}
                {stat(R::Spent, i18n::count(l.spent as usize), "points-spent")}
            </dl>
            {next.map(|t| {
                let more = i18n::count(t.from.saturating_sub(l.earned) as usize);
                view! { <p class="muted" id="points-next">{move || R::to_next(i.get(), &more, &t.name)}</p> }
            })}
            <details class="points-history">
                <summary>{i.tr(R::History)}</summary>
                <History lines=lines spent=spent readonly=readonly/>
            </details>
        </div>
    }
}

/// The history, latest first.
#[component]
fn History(lines: Vec<(Entry, u64)>, spent: Vec<Redemption>, readonly: bool) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    if lines.is_empty() {
        return view! { <p class="muted">{i.tr(R::NoHistory)}</p> }.into_any();
    }
    let money = move |c| i18n::money(c, app.currency.get(), false);
    let balance_is = move |b: u64| format!("{} {}", i.t(R::ColBalance), i18n::count(b as usize));
    let row = move |(e, balance): (Entry, u64)| {
        let (day, what, points, back) = match e {
            Entry::Earned { day, paid, points } => {
                let what = move || R::earned_on(i.get(), &money(paid));
                (
                    day,
                    what.into_any(),
                    format!("+{}", i18n::count(points as usize)),
                    None,
                )
            }
            Entry::Spent {
                day,
                points,
                off,
                of,
            } => {
                let r = spent[of].clone();
                let what = move || R::spent_on(i.get(), &money(off), &money(r.paid));
                let id = spent[of].id.0.clone();
                let back = (!readonly).then(|| view! {
                    <button type="button" class="btn btn-small give-back" on:click=move |_| {
                        crate::pages::delete_id_with_undo::<Redemption>(id.clone(), R::GivenBack, None)
                    }>{i.tr(R::GiveBack)}</button>
                });
                (
                    day,
                    what.into_any(),
                    format!("−{}", i18n::count(points as usize)),
                    back,
                )
            }
        };
        // A line of two rows, to fit the side column: what and the points; the day and
        // the balance after it.
        view! {
            <li class="points-line">
                <div class="points-main"><span>{what}</span><span class="num points-delta">{points}</span></div>
                <div class="points-sub muted">
                    <span>{move || i18n::date(i.get(), day)}</span>
                    <span class="num">{move || balance_is(balance)}</span>
                </div>
                {back}
            </li>
        }
    };
    view! { <ol class="points-lines" id="points-lines">{lines.into_iter().rev().map(row).collect_view()}</ol> }
        .into_any()
}
