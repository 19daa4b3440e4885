//! The funnel under the board: per stage, how many opportunities reached it and for how
//! much, how many went on, and how long they stay; the win rate, the sales cycle and why
//! deals were lost. Over every opportunity the board's filters keep (closed ones of any
//! age included), computed by `kehu_core::analytics::sales`.

use super::Pipeline;
use super::messages as M;
use crate::i18n::{self, K, Label, Lang, use_i18n};
use crate::platform;
use kehu_core::analytics::sales::{SalesFigures, sales};
use kehu_core::opportunity::Standing;
use leptos::prelude::*;

#[component]
pub(super) fn FunnelCard(p: Pipeline) -> impl IntoView {
    let i = use_i18n();
    let figures = Memo::new(move |_| {
        let today = platform::today();
        p.opps.with(|o| match o {
            Some(Ok(list)) => p.filter.with(|f| {
                let kept: Vec<_> = list.iter().filter(|o| f.keeps(o)).collect();
                (!kept.is_empty()).then(|| sales(kept, today))
            }),
            _ => None,
        })
    });
    move || {
        figures.get().map(|f| {
            view! {
                <section class="card" id="funnel">
                    <h2>{move || i.t(M::FunnelTitle)}</h2>
                    <FunnelTable f=f.clone()/>
                    <p class="muted" id="funnel-summary">{move || summary(i.get(), &f)}</p>
                </section>
            }
        })
    }
}

#[component]
fn FunnelTable(f: SalesFigures) -> impl IntoView {
    let (app, i) = (crate::state::use_app(), use_i18n());
    let rows = f.funnel.map(|s| {
        let label = move || Standing::Open(s.stage).label(i.get());
        let days = s
            .avg_days
            .map(|d| format!("{d:.1}"))
            .unwrap_or_else(|| "—".into());
        let conversion = s
            .conversion
            .map(i18n::percent)
            .unwrap_or_else(|| "—".into());
        view! {
            <tr>
                <th scope="row">{label}</th>
                <td class="num">{i18n::count(s.reached as usize)}</td>
                <td class="num">{move || i18n::money(s.amount, app.currency.get(), false)}</td>
                <td class="num">{conversion}</td>
                <td class="num">{days}</td>
            </tr>
        }
    });
    view! {
        <div class="table-wrap">
            <table class="table" id="funnel-table">
                <thead><tr>
                    <th scope="col">{move || i.t(M::ColStage)}</th>
                    <th scope="col" class="num">{move || i.t(M::ColReached)}</th>
                    <th scope="col" class="num">{move || i.t(K::Amount)}</th>
                    <th scope="col" class="num">{move || i.t(M::ColConversion)}</th>
                    <th scope="col" class="num">{move || i.t(M::ColDays)}</th>
                </tr></thead>
                <tbody>{rows.into_iter().collect_view()}</tbody>
            </table>
        </div>
    }
}

/// "Won 12 of 20 decided (60%) · 34.5 days from start to win · lost for: price (3), …".
fn summary(lang: Lang, f: &SalesFigures) -> String {
    let mut parts = Vec::new();
    if let Some(rate) = f.win_rate {
        parts.push(M::win_rate(
            lang,
            f.won,
            f.won + f.lost,
            &i18n::percent(rate),
        ));
    }
    if let Some(days) = f.avg_cycle_days {
        parts.push(M::cycle(lang, &format!("{days:.1}")));
    }
    let reasons: Vec<String> = f
        .lost_reasons
        .iter()
        .take(3)
        .map(|r| {
            let why = if r.reason.is_empty() {
                M::NoReason.text(lang)
            } else {
                &r.reason
            };
            format!("{why} ({})", r.count)
        })
        .collect();
    if !reasons.is_empty() {
        parts.push(M::lost_for(lang, &lang.list(&reasons)));
    }
    parts.join(" · ")
}
