//! Campaigns (营销活动, `kehu_core::marketing`) at `#/campaigns`: every campaign with
//! where it stands and, once launched, its effect side by side — contacted, responded,
//! bought, attributed revenue against cost, ROI and the lift over the control group —
//! so campaigns can be compared. One campaign's page is `form.rs` (what it is, its list
//! previewed and launched) with `members.rs` (its effect and its members' responses).
//! The effects are worked out by a worker: they read every order. The office shows
//! these pages; the Marketing dashboard (`insights/marketing.rs`) shares [`effects`].

mod exports;
mod form;
mod members;
pub(crate) mod messages;

use crate::data::{self, Topic};
use crate::i18n::{self, K, Label, Lang, use_i18n};
use crate::platform;
use crate::route::Route;
use crate::state::use_app;
use crate::worker::{self, Failure, Reply};
pub use form::CampaignPage;
use kehu_core::envelope::Request;
use kehu_core::import::mapping::ImportKind;
use kehu_core::marketing::{Answer, Ask, Campaign, CampaignMember, Effect, What};
use kehu_core::{Cents, Day};
use leptos::prelude::*;
use messages as M;

/// What the marketing worker answers `what`.
pub(crate) async fn ask(what: What) -> Result<Answer, Failure> {
    let ask = Ask {
        today: platform::today(),
        now: platform::now(),
        what,
    };
    match worker::answer(Request::Marketing(ask)).await {
        Reply::Marketing(Ok(a)) => Ok(a),
        Reply::Marketing(Err(e)) => Err(Failure::Store(e)),
        Reply::Crashed(m) => Err(Failure::Crashed(m)),
        _ => Err(Failure::Crashed("unexpected answer".into())),
    }
}

/// Every launched campaign's effect, again when campaigns, their members or orders
/// change.
pub(crate) fn effects() -> LocalResource<Result<Vec<Effect>, Failure>> {
    let versions = data::use_versions();
    let topics = [
        Topic::of::<Campaign>(),
        Topic::of::<CampaignMember>(),
        Topic::Orders,
        Topic::Customers,
    ];
    LocalResource::new(move || {
        versions.track(&topics);
        async move {
            match ask(What::Effects).await? {
                Answer::Effects(v) => Ok(v),
                _ => Err(Failure::Crashed("unexpected answer".into())),
            }
        }
    })
}

/// Every campaign, newest first.
fn all_campaigns() -> LocalResource<Result<Vec<Campaign>, kehu_store::StoreError>> {
    data::resource(vec![Topic::of::<Campaign>()], |db| async move {
        let mut all = db.all_docs::<Campaign>().await?;
        all.sort_by(|a, b| b.start.cmp(&a.start).then_with(|| b.id.cmp(&a.id)));
        Ok(all)
    })
}

/// Where a campaign stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Standing {
    Draft,
    Counting,
    Finished,
}

impl Standing {
    pub(crate) fn of(c: &Campaign, today: Day) -> Standing {
        match &c.launched {
            None => Standing::Draft,
            Some(l) if today.0 <= l.day.0 + c.window as i32 => Standing::Counting,
            Some(_) => Standing::Finished,
        }
    }

    pub(crate) fn text(self, lang: Lang) -> &'static str {
        match self {
            Standing::Draft => M::Draft.text(lang),
            Standing::Counting => M::Counting.text(lang),
            Standing::Finished => M::Finished.text(lang),
        }
    }
}

/// ROI as a percentage ("+210%"), "–" without a cost.
pub(crate) fn roi_text(roi: Option<f64>) -> String {
    let Some(r) = roi else { return "–".into() };
    let p = (r * 100.0).round();
    let sign = if p < 0.0 { "-" } else { "+" };
    format!("{sign}{}%", i18n::count(p.abs() as usize))
}

/// A share as a percentage to a tenth ("12.5%"), "–" of nothing.
pub(crate) fn share(n: u32, of: u32) -> String {
    match of {
        0 => "–".into(),
        _ => format!("{:.1}%", n as f64 * 100.0 / of as f64),
    }
}

#[component]
pub fn CampaignsPage() -> impl IntoView {
    let i = use_i18n();
    let all = all_campaigns();
    let effects = effects();
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{i.tr(M::Title)}</h1>
                <div class="page-actions">
                    <a class="btn" href=Route::Insights(crate::route::Tab::Marketing).href()>{i.tr(K::NavInsights)}</a>
                    <a class="btn" id="import-responses" href=Route::Import(ImportKind::CampaignResponses).href()>{i.tr(M::ImportResponses)}</a>
                    <a class="btn" id="rewards-link" href=Route::Rewards.href()>{i.tr(crate::pages::rewards::messages::Title)}</a>
                    <a class="btn btn-primary" id="new-campaign" href=Route::NewCampaign.href()>{i.tr(M::NewCampaign)}</a>
                </div>
            </div>
            <p class="muted">{i.tr(M::Intro)}</p>
            {move || match all.get() {
                None => view! { <p class="loading">{i.t(K::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="panel panel-error" role="alert">{i18n::store_error(i.get(), &e)}</p> }.into_any(),
                Some(Ok(all)) if all.is_empty() => view! { <p class="panel muted" id="no-campaigns">{i.t(M::Empty)}</p> }.into_any(),
                Some(Ok(all)) => view! { <Listed all effects/> }.into_any(),
            }}
        </section>
    }
}

/// The campaigns side by side; the effect columns fill in when the worker answers.
#[component]
fn Listed(
    all: Vec<Campaign>,
    effects: LocalResource<Result<Vec<Effect>, Failure>>,
) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let today = platform::today();
    let effect_of = move |c: &Campaign| -> Option<Effect> {
        match effects.get() {
            Some(Ok(v)) => v.into_iter().find(|e| e.campaign == c.id),
            _ => None,
        }
    };
    let row = move |c: Campaign| {
        let standing = Standing::of(&c, today);
        let (channel, cost) = (c.channel, c.cost);
        let period = move || {
            let l = i.get();
            format!("{} – {}", i18n::date(l, c.start), i18n::date(l, c.end))
        };
        let cc = c.clone();
        let cell = move |f: fn(&Effect, Lang, i18n::Currency) -> String| {
            let cc = cc.clone();
            move || {
                effect_of(&cc)
                    .map(|e| f(&e, i.get(), app.currency.get()))
                    .unwrap_or_default()
            }
        };
        view! {
            <tr class="campaign-row" data-standing=format!("{standing:?}").to_lowercase()>
                <td><a href=Route::Campaign(c.id.0.clone()).href()>{c.name.clone()}</a></td>
                <td>{move || channel.label(i.get())}</td>
                <td>{period}</td>
                <td>{move || standing.text(i.get())}</td>
                <td class="num">{cell(|e, _, _| i18n::count(e.contacted as usize))}</td>
                <td class="num">{cell(|e, _, _| share(e.responded, e.contacted))}</td>
                <td class="num">{cell(|e, _, _| share(e.buyers, e.contacted))}</td>
                <td class="num campaign-revenue">{cell(|e, _, cur| i18n::money(e.revenue, cur, true))}</td>
                <td class="num">{move || i18n::money(cost, app.currency.get(), true)}</td>
                <td class="num campaign-roi">{cell(|e, _, _| roi_text(e.roi))}</td>
                <td class="num">{cell(|e, _, _| e.lift.map(|l| format!("{:+.1}", l.difference * 100.0)).unwrap_or_else(|| "–".into()))}</td>
            </tr>
        }
    };
    view! {
        {move || match effects.get() {
            Some(Err(e)) => Some(view! { <p class="panel panel-error" role="alert">{e.why(i.get())}</p> }),
            _ => None,
        }}
        <div class="table-wrap table-scroll">
            <table class="table" id="campaign-table">
                <thead><tr>
                    <th scope="col">{i.tr(M::ColCampaign)}</th>
                    <th scope="col">{i.tr(M::ColChannel)}</th>
                    <th scope="col">{i.tr(M::ColPeriod)}</th>
                    <th scope="col">{i.tr(M::ColStatus)}</th>
                    <th scope="col" class="num">{i.tr(M::ColContacted)}</th>
                    <th scope="col" class="num">{i.tr(M::ColResponded)}</th>
                    <th scope="col" class="num">{i.tr(M::ColBuyers)}</th>
                    <th scope="col" class="num">{i.tr(M::ColRevenue)}</th>
                    <th scope="col" class="num">{i.tr(M::ColCost)}</th>
                    <th scope="col" class="num">{i.tr(M::ColRoi)}</th>
                    <th scope="col" class="num">{i.tr(M::ColLift)}</th>
                </tr></thead>
                <tbody>{all.into_iter().map(row).collect_view()}</tbody>
            </table>
        </div>
    }
}

/// The total of `cents` over campaigns.
pub(crate) fn total(v: impl Iterator<Item = Cents>) -> Cents {
    Cents(v.map(|c| c.0).sum())
}

#[cfg(test)]
mod tests {
    use super::*;
    use kehu_core::campaign::TargetList;
    use kehu_core::{Id, Millis};

    #[test]
    fn a_campaign_counts_until_its_window_closes() {
        let c = Campaign::new(Id("k".into()), Day(20_000), Millis(0));
        assert_eq!(Standing::of(&c, Day(20_000)), Standing::Draft);
        let (c, _) = c.launch(&TargetList::default(), Day(20_000), Millis(1));
        assert_eq!(Standing::of(&c, Day(20_030)), Standing::Counting);
        assert_eq!(Standing::of(&c, Day(20_031)), Standing::Finished);
    }

    #[test]
    fn roi_and_shares_read_as_percentages() {
        assert_eq!(roi_text(Some(185.0)), "+18,500%");
        assert_eq!(roi_text(Some(-0.25)), "-25%");
        assert_eq!(roi_text(None), "–");
        assert_eq!(share(1, 8), "12.5%");
        assert_eq!(share(3, 0), "–");
        assert_eq!(messages::batch(Lang::En, 1, 120), "Batch 2: members 51–100");
        assert_eq!(
            messages::batch(Lang::En, 2, 120),
            "Batch 3: members 101–120"
        );
    }
}
