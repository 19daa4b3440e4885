//! The Sales tab (销售漏斗 and 销售预测, DOMAIN.md §2): the funnel with conversion and
//! days in stage, won and lost with the reasons, and the weighted forecast by close
//! month and by owner, from `kehu_core::analytics::sales` as the worker computed it. Every
//! bar drills down to the opportunities it counts.

use super::messages as M;
use super::*;
use crate::roster::{owner_name, use_roster};
use crate::route::opportunities_in;
use kehu_core::analytics::sales::{
    CommissionBasis, Forecast, QuotaPeriod, SalesFigures, Slice, attainment, commissions,
};
use kehu_core::opportunity::Standing;
use kehu_core::staff::Roster;

#[component]
pub(super) fn Sales(ins: Arc<Insights>) -> impl IntoView {
    let (app, i, roster) = (use_app(), use_i18n(), use_roster());
    let Some(f) = ins.sales.clone() else {
        return view! {
            <p class="panel muted" id="sales-empty">
                {i.tr(M::NoOpportunities)}" "
                <a href=Route::Pipeline.href()>{i.tr(K::NavPipeline)}</a>
            </p>
        }
        .into_any();
    };
    let f = Arc::new(f);
    let cur = move || app.currency.get();
    let stat = |label: Msg, value: Box<dyn Fn() -> String + Send + Sync>| {
        view! { <Stat label=Signal::derive(move || i.t(label).to_string()) value=Signal::derive(value)/> }
    };
    let (open, open_amount, weighted) = (f.open, f.open_amount, f.weighted);
    let (won, won_amount, win, cycle) = (f.won, f.won_amount, f.win_rate, f.avg_cycle_days);
    let won_label = move || M::won(i.get(), won);
    let period_f = f.clone();
    let owners = roster_chart(f.clone(), |f, r, l, c| {
        owner_spec(f, &|w| owner_name(r, w), l, c)
    });
    let quota_chart = {
        let f = f.clone();
        move |period: QuotaPeriod| {
            roster_chart(f.clone(), move |f, r, l, c| quota_spec(f, r, period, l, c))
        }
    };
    let basis = RwSignal::new(
        crate::platform::setting(BASIS_SETTING)
            .and_then(|s| CommissionBasis::from_code(&s))
            .unwrap_or_default(),
    );
    let commission = roster_chart(f.clone(), move |f, r, l, c| {
        commission_spec(f, r, basis.get(), l, c)
    });
    let commission_note = move || match basis.get() {
        CommissionBasis::Won => M::CommissionNote,
        CommissionBasis::Paid => M::CommissionPaidNote,
    };
    let staff_with = move |of: fn(&Roster) -> usize| roster.with(|r| r.as_ref().map_or(0, of));
    let quota_height = move || bars_height(staff_with(|r| quotas(r).len()));
    let commission_height = move || bars_height(staff_with(|r| rates(r).len()));
    let has_quotas = move || staff_with(|r| quotas(r).len()) > 0;
    let owners_height = bars_height(f.by_owner.len());
    let outcome_height = bars_height(1 + f.lost_reasons.len().min(OUTCOME_BARS));
    view! {
        <p class="muted" id="sales-period">{move || crate::pages::pipeline::opened_period(i.get(), &period_f.opened)}</p>
        <div class="stats" id="sales-stats">
            {stat(M::StatOpen, Box::new(move || i18n::count(open as usize)))}
            {stat(M::StatOpenAmount, Box::new(move || i18n::money(open_amount, cur(), true)))}
            {stat(M::StatWeighted, Box::new(move || i18n::money(weighted, cur(), true)))}
            <Stat label=Signal::derive(won_label) value=Signal::derive(move || i18n::money(won_amount, cur(), true))/>
            {stat(M::StatWinRate, Box::new(move || rate(win)))}
            {stat(M::StatCycle, Box::new(move || cycle.map(|d| i18n::days(i.get(), d.round() as u32)).unwrap_or_else(|| "–".into())))}
        </div>
        <Chart id="chart-funnel" title=Signal::derive(move || i.t(M::ChartFunnel).to_string())
            spec=chart_of(f.clone(), funnel_spec) height=bars_height(4)/>
        <Chart id="chart-outcomes" title=Signal::derive(move || i.t(M::ChartOutcomes).to_string())
            spec=chart_of(f.clone(), outcome_spec) height=outcome_height/>
        <Chart id="chart-forecast-month" title=Signal::derive(move || i.t(M::ChartForecastMonth).to_string())
            note=Signal::derive(move || i.t(M::ForecastNote).to_string())
            spec=chart_of(f.clone(), month_spec)/>
        <Chart id="chart-forecast-owner" title=Signal::derive(move || i.t(M::ChartForecastOwner).to_string())
            spec=owners height=owners_height/>
        <Show when=has_quotas fallback=move || view! {
            <p class="panel muted" id="no-quotas">{i.tr(M::NoQuotas)}" "<a href=Route::Staff.href()>{i.tr(M::SetQuotas)}</a></p>
        }>
            <Chart id="chart-quota-month" title=Signal::derive(move || i.t(M::ChartQuotaMonth).to_string())
                note=Signal::derive(move || i.t(M::QuotaNote).to_string())
                spec=quota_chart(QuotaPeriod::Month) height=quota_height()/>
            <Chart id="chart-quota-quarter" title=Signal::derive(move || i.t(M::ChartQuotaQuarter).to_string())
                spec=quota_chart(QuotaPeriod::Quarter) height=quota_height()/>
        </Show>
        <BasisChoice basis/>
        <Chart id="chart-commission" title=Signal::derive(move || i.t(M::ChartCommission).to_string())
            note=Signal::derive(move || i.t(commission_note()).to_string())
            spec=commission height=commission_height()/>
    }
    .into_any()
}

/// A chart that names owners (or reads their quotas and rates) from the roster, again
/// whenever the roster, the language or the currency changes.
fn roster_chart(
    f: Arc<SalesFigures>,
    spec: impl Fn(&SalesFigures, &Option<Roster>, Lang, Currency) -> Option<Spec>
    + Send
    + Sync
    + 'static,
) -> Signal<Option<Spec>> {
    let (app, i, roster) = (use_app(), use_i18n(), use_roster());
    Signal::derive(move || {
        let (l, c) = (i.get(), app.currency.get());
        roster.with(|r| spec(&f, r, l, c))
    })
}

/// Lost reasons drawn as bars of their own; the rest are summed into one.
const OUTCOME_BARS: usize = 8;

fn stage_label(s: kehu_core::opportunity::Stage, lang: Lang) -> String {
    Standing::Open(s).label(lang).to_string()
}

fn or_dash(v: Option<String>) -> String {
    v.unwrap_or_else(|| "–".into())
}

pub(super) fn funnel_spec(f: &SalesFigures, lang: Lang, cur: Currency) -> Option<Spec> {
    let marks = f
        .funnel
        .iter()
        .map(|s| {
            let label = stage_label(s.stage, lang);
            let (n, amount) = (i18n::count(s.reached as usize), money(s.amount.0, cur));
            Mark {
                tip: format!("{label}: {n} · {amount}"),
                label,
                value: s.reached as f64,
                text: format!("{n} · {amount}"),
                href: Some(opportunities_in(f.opened, &Slice::Reached(s.stage))),
            }
        })
        .collect();
    let rows = f
        .funnel
        .iter()
        .map(|s| {
            vec![
                stage_label(s.stage, lang),
                i18n::count(s.reached as usize),
                money(s.amount.0, cur),
                or_dash(s.conversion.map(i18n::percent)),
                or_dash(s.avg_days.map(|d| format!("{d:.1}"))),
            ]
        })
        .collect();
    Some(Spec {
        shape: Shape::Bars(marks),
        head: [
            M::ColStage,
            M::ColReached,
            K::Amount,
            M::ColConversion,
            M::ColDays,
        ]
        .map(|m| m.text(lang).to_string())
        .to_vec(),
        rows,
    })
}

/// Won, then lost by reason (most often first; beyond [`OUTCOME_BARS`] reasons, one bar
/// for the rest).
pub(super) fn outcome_spec(f: &SalesFigures, lang: Lang, cur: Currency) -> Option<Spec> {
    if f.won + f.lost == 0 {
        return None;
    }
    let lost = Standing::Lost.label(lang);
    let mut lines: Vec<(String, u32, i64, Option<Slice>)> = vec![(
        Standing::Won.label(lang).into(),
        f.won,
        f.won_amount.0,
        Some(Slice::Won),
    )];
    for r in f.lost_reasons.iter().take(OUTCOME_BARS) {
        let why = if r.reason.is_empty() {
            M::NoReason.text(lang)
        } else {
            &r.reason
        };
        let slice = Slice::Lost(Some(r.reason.clone()));
        lines.push((
            i18n::labelled(lang, lost, why),
            r.count,
            r.amount.0,
            Some(slice),
        ));
    }
    let rest = &f.lost_reasons[f.lost_reasons.len().min(OUTCOME_BARS)..];
    if !rest.is_empty() {
        let (n, a) = rest
            .iter()
            .fold((0, 0), |(n, a), r| (n + r.count, a + r.amount.0));
        lines.push((
            i18n::labelled(lang, lost, M::OtherReasons.text(lang)),
            n,
            a,
            None,
        ));
    }
    let marks = lines
        .iter()
        .map(|(label, n, amount, slice)| {
            let text = format!("{} · {}", i18n::count(*n as usize), money(*amount, cur));
            Mark {
                tip: format!("{label}: {text}"),
                label: label.clone(),
                value: *n as f64,
                text,
                // "Other reasons" lists every lost one rather than none.
                href: Some(opportunities_in(
                    f.opened,
                    slice.as_ref().unwrap_or(&Slice::Lost(None)),
                )),
            }
        })
        .collect();
    Some(Spec {
        shape: Shape::Bars(marks),
        head: [M::ColOutcome, M::ColCount, K::Amount]
            .map(|m| m.text(lang).to_string())
            .to_vec(),
        rows: lines
            .into_iter()
            .map(|(label, n, amount, _)| vec![label, i18n::count(n as usize), money(amount, cur)])
            .collect(),
    })
}

/// Open opportunities' forecast (amount × chance) by the month they are expected to close.
pub(super) fn month_spec(f: &SalesFigures, lang: Lang, cur: Currency) -> Option<Spec> {
    if f.by_month.is_empty() {
        return None;
    }
    let label = |k: (i32, u32)| format!("{}-{:02}", k.0, k.1);
    let marks = f
        .by_month
        .iter()
        .map(|m| {
            forecast_mark(
                label(m.key),
                m,
                Slice::Closing(m.key.0, m.key.1),
                f,
                lang,
                cur,
            )
        })
        .collect();
    Some(Spec {
        shape: Shape::Columns(marks),
        head: [M::ColMonth, M::ColOpen, K::Amount, M::ColWeighted]
            .map(|m| m.text(lang).to_string())
            .to_vec(),
        rows: f
            .by_month
            .iter()
            .map(|m| forecast_cells(label(m.key), m, cur))
            .collect(),
    })
}

/// A forecast bar: the weighted amount, with the open amount and count in its tip, and
/// a link to the open opportunities of `slice`.
fn forecast_mark<K>(
    of: String,
    m: &Forecast<K>,
    slice: Slice,
    f: &SalesFigures,
    lang: Lang,
    cur: Currency,
) -> Mark {
    let w = money(m.weighted.0, cur);
    Mark {
        tip: M::forecast_tip(lang, &of, &w, &money(m.amount.0, cur), m.count),
        label: of,
        value: m.weighted.0 as f64 / 100.0,
        text: w,
        href: Some(opportunities_in(f.opened, &slice)),
    }
}

/// A forecast row of a table: what it is of, then open, amount and weighted.
fn forecast_cells<K>(of: String, m: &Forecast<K>, cur: Currency) -> Vec<String> {
    vec![
        of,
        i18n::count(m.count as usize),
        money(m.amount.0, cur),
        money(m.weighted.0, cur),
    ]
}

/// The forecast by owner, largest first; `name` gives an owner's name by staff id.
pub(super) fn owner_spec(
    f: &SalesFigures,
    name: &dyn Fn(&str) -> String,
    lang: Lang,
    cur: Currency,
) -> Option<Spec> {
    if f.by_owner.is_empty() {
        return None;
    }
    let mut by = f.by_owner.clone();
    by.sort_by(|a, b| b.weighted.cmp(&a.weighted).then_with(|| a.key.cmp(&b.key)));
    let who = |k: &str| {
        if k.is_empty() {
            M::NoOwner.text(lang).to_string()
        } else {
            name(k)
        }
    };
    let marks = by
        .iter()
        .map(|m| forecast_mark(who(&m.key), m, Slice::Owner(m.key.clone()), f, lang, cur))
        .collect();
    Some(Spec {
        shape: Shape::Bars(marks),
        head: [M::ColOwner, M::ColOpen, K::Amount, M::ColWeighted]
            .map(|m| m.text(lang).to_string())
            .to_vec(),
        rows: by
            .iter()
            .map(|m| forecast_cells(who(&m.key), m, cur))
            .collect(),
    })
}

/// The members of staff with a monthly quota: (staff id, quota).
fn quotas(r: &Roster) -> Vec<(String, Cents)> {
    r.sorted()
        .into_iter()
        .filter_map(|s| Some((s.id.0.clone(), s.quota?)))
        .collect()
}

/// Each owner with a quota: won in the period of the analysis date against the quota
/// (a bar of the share attained), and the forecast of open ones closing in it.
pub(super) fn quota_spec(
    f: &SalesFigures,
    roster: &Option<Roster>,
    period: QuotaPeriod,
    lang: Lang,
    cur: Currency,
) -> Option<Spec> {
    let rows = attainment(f, &quotas(roster.as_ref()?), period);
    if rows.is_empty() {
        return None;
    }
    let name = |w: &str| owner_name(roster, w);
    let marks = rows
        .iter()
        .map(|r| {
            let (won, quota) = (money(r.won.0, cur), money(r.quota.0, cur));
            let share = i18n::percent(r.attainment());
            Mark {
                label: name(&r.owner),
                value: r.attainment(),
                // Short, so it fits beside the bar on a phone; the tip and the table say
                // the amounts.
                text: share.clone(),
                tip: M::attained_tip(
                    lang,
                    &name(&r.owner),
                    &won,
                    &quota,
                    &share,
                    &money(r.forecast.0, cur),
                ),
                href: Some(opportunities_in(f.opened, &Slice::Owner(r.owner.clone()))),
            }
        })
        .collect();
    Some(Spec {
        shape: Shape::Progress(marks),
        head: [
            M::ColOwner,
            M::ColQuota,
            M::ColWon,
            M::ColAttained,
            M::ColForecastIn,
            M::ColWonAndForecast,
        ]
        .map(|m| m.text(lang).to_string())
        .to_vec(),
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    name(&r.owner),
                    money(r.quota.0, cur),
                    money(r.won.0, cur),
                    i18n::percent(r.attainment()),
                    money(r.forecast.0, cur),
                    money(r.won.0 + r.forecast.0, cur),
                ]
            })
            .collect(),
    })
}

/// The setting holding what commission is paid on (a shop policy, carried in backups).
pub const BASIS_SETTING: &str = "commission_basis";

/// What commission is paid on: opportunities won or paid orders.
#[component]
fn BasisChoice(basis: RwSignal<CommissionBasis>) -> impl IntoView {
    let i = use_i18n();
    let on_change = move |ev| {
        if let Some(b) = CommissionBasis::from_code(&event_target_value(&ev)) {
            crate::platform::set_setting(BASIS_SETTING, b.code());
            basis.set(b);
        }
    };
    view! {
        <div class="toolbar">
            <label class="field field-inline">
                <span>{i.tr(M::CommissionBasisLabel)}</span>
                <select id="commission-basis" prop:value=move || basis.get().code() on:change=on_change>
                    <option value="won">{i.tr(M::BasisWon)}</option>
                    <option value="paid">{i.tr(M::BasisPaid)}</option>
                </select>
            </label>
        </div>
    }
}

/// The members of staff with a commission rate: (staff id, basis points).
fn rates(r: &Roster) -> Vec<(String, u32)> {
    r.sorted()
        .into_iter()
        .filter(|s| s.commission_bp > 0)
        .map(|s| (s.id.0.clone(), s.commission_bp))
        .collect()
}

/// Each owner's commission on what they won (or sold and were paid for, by `basis`) in
/// the month of the analysis date (the bars), with the quarter's beside it in the table.
pub(super) fn commission_spec(
    f: &SalesFigures,
    roster: &Option<Roster>,
    basis: CommissionBasis,
    lang: Lang,
    cur: Currency,
) -> Option<Spec> {
    let rates = rates(roster.as_ref()?);
    let month = commissions(f, &rates, QuotaPeriod::Month, basis);
    if month.is_empty() {
        return None;
    }
    let quarter = commissions(f, &rates, QuotaPeriod::Quarter, basis);
    let won = basis == CommissionBasis::Won;
    let name = |w: &str| owner_name(roster, w);
    let marks = month
        .iter()
        .map(|r| {
            let paid = money(r.commission.0, cur);
            Mark {
                label: name(&r.owner),
                value: r.commission.0 as f64 / 100.0,
                tip: M::commission_tip(lang, &name(&r.owner), &paid, &money(r.won.0, cur)),
                text: paid,
                // Paid orders have no list by seller to open.
                href: won.then(|| opportunities_in(f.opened, &won_this_month(f, &r.owner))),
            }
        })
        .collect();
    let rows = month
        .iter()
        .map(|r| {
            let q = quarter.iter().find(|q| q.owner == r.owner);
            let (q_won, q_paid) = q.map_or((0, 0), |q| (q.won.0, q.commission.0));
            vec![
                name(&r.owner),
                format!("{}%", kehu_core::staff::percent_text(r.rate_bp)),
                money(r.won.0, cur),
                money(r.commission.0, cur),
                money(q_won, cur),
                money(q_paid, cur),
            ]
        })
        .collect();
    Some(Spec {
        shape: Shape::Bars(marks),
        head: [
            M::ColOwner,
            M::ColCommissionRate,
            if won { M::ColWonMonth } else { M::ColPaidMonth },
            M::ColCommissionMonth,
            if won {
                M::ColWonQuarter
            } else {
                M::ColPaidQuarter
            },
            M::ColCommissionQuarter,
        ]
        .map(|m| m.text(lang).to_string())
        .to_vec(),
        rows,
    })
}

/// The opportunities `owner` won in the month of the analysis date.
fn won_this_month(f: &SalesFigures, owner: &str) -> Slice {
    let (y, m, _) = f.opened.to.ymd();
    Slice::WonBy(owner.to_string(), y, m)
}
