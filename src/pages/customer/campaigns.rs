//! The campaigns the customer was on: each one's name, whether they were contacted or
//! held back, and the responses to tick (sent, opened, replied, visited, bought), as
//! on the campaign's own list. Shown only for a customer who was on one.

use super::messages as M;
use crate::data::{self, Topic};
use crate::i18n::{Label, use_i18n};
use crate::pages::campaigns::messages as CM;
use crate::platform;
use crate::route::Route;
use crate::state::use_app;
use kehu_core::Id;
use kehu_core::marketing::{Campaign, CampaignMember, ResponseKind};
use leptos::prelude::*;

#[component]
pub(super) fn Campaigns(customer: Id, readonly: bool) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let on = data::resource(
        vec![Topic::of::<CampaignMember>(), Topic::of::<Campaign>()],
        move |db| {
            let c = customer.0.clone();
            async move {
                let mine = db.docs_of::<CampaignMember>(&c).await?;
                let mut out = Vec::new();
                for m in mine {
                    if let Some(k) = db.doc::<Campaign>(m.campaign.as_str()).await? {
                        out.push((k.name, m));
                    }
                }
                out.sort_by_key(|(_, m)| std::cmp::Reverse(m.day));
                Ok(out)
            }
        },
    );
    let tick = move |m: &CampaignMember, kind: ResponseKind, checked: bool| {
        if let Some(next) = m.marked(kind, checked, platform::today(), platform::now()) {
            app.write(move |db| async move { db.put_doc(&next).await }, |_| {});
        }
    };
    let row = move |(name, m): (String, CampaignMember)| {
        let group = if m.control {
            CM::Control
        } else {
            CM::Contacted
        };
        let marks = (!m.control).then(|| {
            ResponseKind::ALL
                .map(|k| {
                    let m = m.clone();
                    view! {
                        <label class="response-mark">
                            <input type="checkbox" class=format!("response-{}", k.code()) checked=m.has(k)
                                disabled=readonly on:change=move |ev| tick(&m, k, event_target_checked(&ev))/>
                            {move || k.label(i.get())}
                        </label>
                    }
                })
                .collect_view()
        });
        view! {
            <li class="campaign-item">
                <a href=Route::Campaign(m.campaign.0.clone()).href()>{name}</a>
                " "<span class="muted">{move || group.text(i.get())}</span>
                <div class="response-marks">{marks}</div>
            </li>
        }
    };
    move || match on.get() {
        Some(Ok(l)) if !l.is_empty() => Some(view! {
            <div class="card" id="customer-campaigns">
                <div class="card-head"><h2>{i.tr(M::Campaigns)}</h2></div>
                <ul class="campaign-list">{l.into_iter().map(row).collect_view()}</ul>
            </div>
        }),
        _ => None,
    }
}
