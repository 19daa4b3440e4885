//! The Marketing tab (营销, DOMAIN.md §4): the launched campaigns compared — what they
//! cost, the revenue attributed to them, ROI, cost per response and the lift over
//! their control groups — and the responses of all of them, step by step. The effects
//! are asked of the marketing worker (they read every order), as the campaign list
//! does; every bar leads to its campaign's page.

use super::messages as M;
use super::*;
use crate::pages::campaigns::{effects, messages as CM, roi_text, share, total};
use kehu_core::marketing::{Campaign, Effect, ResponseKind};

/// The launched campaigns with their effects, in the campaigns' order (latest first).
type Pairs = Vec<(Campaign, Effect)>;

#[component]
pub(super) fn MarketingTab() -> impl IntoView {
    let i = use_i18n();
    let campaigns = crate::data::resource(
        vec![crate::data::Topic::of::<Campaign>()],
        |db| async move { db.all_docs::<Campaign>().await },
    );
    let effects = effects();
    move || {
        match (campaigns.get(), effects.get()) {
        (Some(Err(e)), _) => view! { <p class="panel panel-error" role="alert">{i18n::store_error(i.get(), &e)}</p> }.into_any(),
        (_, Some(Err(e))) => view! { <p class="panel panel-error" role="alert">{i.t(M::AnalysisFailed)}{e.why(i.get())}</p> }.into_any(),
        (Some(Ok(all)), Some(Ok(effects))) => {
            let pairs = paired(all, effects);
            if pairs.is_empty() {
                return view! {
                    <p class="panel muted" id="marketing-empty">
                        {i.tr(M::MarketingEmpty)}" "<a href=Route::Campaigns.href()>{i.tr(CM::Title)}</a>
                    </p>
                }
                .into_any();
            }
            view! { <Figures pairs=Arc::new(pairs)/> }.into_any()
        }
        _ => view! { <p class="loading" id="marketing-loading">{i.t(CM::Loading)}</p> }.into_any(),
    }
    }
}

/// Each launched campaign with its effect, latest launch first.
fn paired(mut all: Vec<Campaign>, effects: Vec<Effect>) -> Pairs {
    all.sort_by(|a, b| b.start.cmp(&a.start).then_with(|| b.id.cmp(&a.id)));
    (all.into_iter())
        .filter_map(|c| {
            let e = effects.iter().find(|e| e.campaign == c.id)?.clone();
            Some((c, e))
        })
        .collect()
}

#[component]
fn Figures(pairs: Arc<Pairs>) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let stat = move |label: Msg, value: Signal<String>| {
        view! { <Stat label=Signal::derive(move || i.t(label).to_string()) value/> }
    };
    let cost = total(pairs.iter().map(|(c, _)| c.cost));
    let revenue = total(pairs.iter().map(|(_, e)| e.revenue));
    let contacted: u32 = pairs.iter().map(|(_, e)| e.contacted).sum();
    let responded: u32 = pairs.iter().map(|(_, e)| e.responded).sum();
    let roi = kehu_core::campaign::roi(revenue, cost);
    let money = move |c: Cents| Signal::derive(move || i18n::money(c, app.currency.get(), true));
    let n = pairs.len();
    view! {
        <p class="muted" id="marketing-note">{i.tr(CM::EffectNote)}</p>
        <div class="stats" id="marketing-stats">
            {stat(CM::StatCampaigns, Signal::derive(move || i18n::count(n)))}
            {stat(CM::StatCost, money(cost))}
            {stat(CM::StatRevenue, money(revenue))}
            {stat(CM::StatRoi, Signal::derive(move || roi_text(roi)))}
            {stat(CM::StatResponseRate, Signal::derive(move || share(responded, contacted)))}
        </div>
        <p class="links"><a href=Route::Campaigns.href() id="marketing-campaigns">{i.tr(CM::Title)}</a></p>
        <Chart id="chart-campaign-revenue" title=Signal::derive(move || i.t(M::ChartCampaignRevenue).to_string())
            note=Signal::derive(move || i.t(M::CampaignRevenueNote).to_string())
            spec=chart_of(pairs.clone(), revenue_spec) height=bars_height(n)/>
        <Chart id="chart-campaign-responses" title=Signal::derive(move || i.t(M::ChartResponses).to_string())
            spec=chart_of(pairs.clone(), responses_spec)/>
    }
}

/// Attributed revenue by campaign, its cost, ROI, cost per response and lift in the
/// table.
pub(super) fn revenue_spec(pairs: &Pairs, lang: Lang, cur: Currency) -> Option<Spec> {
    if pairs.is_empty() {
        return None;
    }
    let money = |c: Cents| i18n::money(c, cur, true);
    let marks = (pairs.iter())
        .map(|(c, e)| Mark {
            label: c.name.clone(),
            value: e.revenue.0 as f64 / 100.0,
            text: format!("{} · {}", money(e.revenue), roi_text(e.roi)),
            tip: format!("{}: {} / {}", c.name, money(e.revenue), money(c.cost)),
            href: Some(Route::Campaign(c.id.0.clone()).href()),
        })
        .collect();
    let rows = (pairs.iter())
        .map(|(c, e)| {
            vec![
                c.name.clone(),
                money(c.cost),
                money(e.revenue),
                roi_text(e.roi),
                e.incremental().map(money).unwrap_or_else(|| "–".into()),
                e.cost_per_response.map(money).unwrap_or_else(|| "–".into()),
                match e.lift {
                    Some(l) => CM::lift(lang, l.difference, l.low, l.high),
                    None => "–".into(),
                },
            ]
        })
        .collect();
    let head = [
        CM::ColCampaign,
        CM::ColCost,
        CM::ColRevenue,
        CM::ColRoi,
        CM::ColIncremental,
        CM::StatCostPerResponse,
        CM::ColLift,
    ];
    Some(Spec {
        shape: Shape::Bars(marks),
        head: head.map(|m| m.text(lang).to_string()).to_vec(),
        rows,
    })
}

/// How many of the contacted reached each response, over every campaign.
pub(super) fn responses_spec(pairs: &Pairs, lang: Lang, _: Currency) -> Option<Spec> {
    let contacted: u32 = pairs.iter().map(|(_, e)| e.contacted).sum();
    if contacted == 0 {
        return None;
    }
    let counts = ResponseKind::ALL.map(|k| {
        pairs
            .iter()
            .map(|(_, e)| e.responses[k as usize])
            .sum::<u32>()
    });
    let marks: Vec<Mark> = (ResponseKind::ALL.iter().zip(counts))
        .map(|(k, n)| {
            let label = k.label(lang).to_string();
            let text = format!("{} ({})", i18n::count(n as usize), share(n, contacted));
            Mark {
                tip: format!("{label}: {text}"),
                label,
                value: n as f64,
                text,
                href: None,
            }
        })
        .collect();
    let rows = marks
        .iter()
        .map(|m| vec![m.label.clone(), m.text.clone()])
        .collect();
    Some(Spec {
        shape: Shape::Columns(marks),
        head: vec![
            M::ColResponse.text(lang).to_string(),
            CM::ColContacted.text(lang).to_string(),
        ],
        rows,
    })
}
