//! The customer's facts: the profile's rows (a view model, tested natively) and the
//! side cards (portrait tags, contacts, consent, notes).

use super::messages as M;
use super::reach::{How, Offer, Reach, ReachLink};
use crate::i18n::{self, Currency, K, Label, Lang, Msg, use_i18n};
use crate::platform;
use crate::state::use_app;
use kehu_core::*;
use leptos::prelude::*;

/// The facts a customer has (empty fields left out), label and value, in `lang`, and
/// for a number, an address or a WeChat id, the way it reaches the customer.
/// `share_of_wallet` and `age` are worked out from the orders and today; `created` is
/// the local day the customer was created. Arrears are the opening balance the customer
/// record carries plus `owed`, what the unpaid orders come to.
pub(super) fn profile_rows(
    c: &Customer,
    lang: Lang,
    cur: Currency,
    (share_of_wallet, owed): (Option<f64>, Cents),
    age: Option<u32>,
    created: Day,
) -> Vec<(String, String, Option<Reach>)> {
    let arrears = Cents(c.arrears.0 + owed.0);
    let l = lang;
    let is_org = c.kind == Kind::Organisation;
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let rows: Vec<(Msg, Option<String>)> = vec![
        (K::FCode, opt(&c.code)),
        (K::FType, Some(c.customer_type.label(l).to_string())),
        (K::FMobile, opt(&c.mobile)),
        (K::FPhone, opt(&c.phone)),
        (K::FEmail, opt(&c.email)),
        (K::FWechat, opt(&c.wechat)),
        (K::FRegion, opt(&c.region)),
        (K::FCity, opt(&c.city)),
        (K::FAddress, opt(&c.address)),
        (
            if is_org { K::FIndustry } else { K::FOccupation },
            opt(&c.occupation),
        ),
        (K::FOwner, opt(&c.owner)),
        (K::FCompanySize, c.company_size.map(|n| n.to_string())),
        (
            K::FCreditRating,
            c.credit_rating.map(|r| r.code().to_string()),
        ),
        (K::FSource, c.source.map(|s| s.label(l).into())),
        (K::FGender, c.gender.map(|g| g.label(l).into())),
        (
            if is_org {
                K::FFoundingDate
            } else {
                K::FBirthDate
            },
            c.birth_date.map(|b| i18n::date(l, b)),
        ),
        (M::FAge, age.map(|a| a.to_string())),
        (
            K::FCreditLimit,
            c.credit_limit.map(|m| i18n::money(m, cur, false)),
        ),
        (
            K::FCategorySpend,
            c.category_spend.map(|m| i18n::money(m, cur, false)),
        ),
        (M::FShareOfWallet, share_of_wallet.map(i18n::percent)),
        (
            K::FArrears,
            (arrears.0 != 0).then(|| i18n::money(arrears, cur, false)),
        ),
    ];
    let churned = c.stage == LifecycleStage::Churned;
    let reach = |k: Msg, v: &str| {
        let how = match k {
            _ if k == K::FMobile || k == K::FPhone => How::Call,
            _ if k == K::FEmail => How::Mail,
            _ if k == K::FWechat => How::Wechat,
            _ => return None,
        };
        Some(Reach::new(how, v))
    };
    let mut out: Vec<(String, String, Option<Reach>)> = rows
        .into_iter()
        .filter_map(|(k, v)| {
            let v = v?;
            Some((k.text(l).to_string(), v.clone(), reach(k, &v)))
        })
        .collect();
    if churned {
        if let Some(d) = c.churn_date {
            out.push((K::FChurnDate.text(l).into(), i18n::date(l, d), None));
        }
        if !c.churn_reason.is_empty() {
            out.push((K::FChurnReason.text(l).into(), c.churn_reason.clone(), None));
        }
    }
    if c.blacklisted {
        out.push((
            K::FBlacklistReason.text(l).into(),
            c.blacklist_reason.clone(),
            None,
        ));
    }
    for f in &c.custom_fields {
        out.push((f.name.clone(), f.value.clone(), None));
    }
    out.push((K::FCreated.text(l).into(), i18n::date(l, created), None));
    out
}

/// The profile's rows, in a card.
#[component]
pub(super) fn ProfileCard(c: Customer, orders: Vec<Order>) -> impl IntoView {
    let app = use_app();
    let i = use_i18n();
    let today = platform::today();
    let share = OrderSummary::share_of_wallet(&orders, today, c.category_spend);
    let owed = OrderSummary::of(&orders).owed;
    let (age, created) = (c.age(today), platform::local_day(c.created));
    let roster = crate::roster::use_roster();
    let rows = move || {
        let c = crate::roster::shown(&c, &roster.get());
        profile_rows(&c, i.get(), app.currency.get(), (share, owed), age, created)
    };
    view! {
        <div class="card">
            <dl class="profile">
                {move || rows().into_iter().map(|(k, v, reach)| view! {
                    <dt>{k}</dt>
                    <dd>{match reach {
                        Some(r) => view! { <ReachLink reach=r text=v/> }.into_any(),
                        None => v.into_any(),
                    }}</dd>
                }).collect_view()}
            </dl>
            <Offer/>
        </div>
    }
}

/// Portrait tags, contacts, consent per channel and notes.
#[component]
pub(super) fn SideCards(c: Customer) -> impl IntoView {
    let i = use_i18n();
    let Customer {
        tags,
        contacts,
        consents,
        notes,
        ..
    } = c;
    view! {
        <div class="card">
            <h2>{i.tr(M::Portrait)}</h2>
            {if tags.is_empty() {
                view! { <p class="muted">{i.tr(M::NoTags)}</p> }.into_any()
            } else {
                view! { <div class="tags" id="customer-tags">{tags.iter().map(|t| view! { <span class="tag">{t.clone()}</span> }).collect_view()}</div> }.into_any()
            }}
        </div>
        {(!contacts.is_empty()).then(|| view! {
            <div class="card">
                <h2>{i.tr(M::Contacts)}</h2>
                <ul class="contacts">
                    {contacts.iter().map(|k| {
                        let link = |how, v: &str| (!v.is_empty()).then(|| {
                            let r = Reach { who: Some(k.name.clone()), ..Reach::new(how, v) };
                            view! { <ReachLink reach=r text=v.to_string()/>" " }
                        });
                        view! {
                            <li><strong>{k.name.clone()}</strong>" "<span class="muted">{k.role.clone()}</span>
                                <div class="muted">{link(How::Call, &k.phone)}{link(How::Mail, &k.email)}</div></li>
                        }
                    }).collect_view()}
                </ul>
            </div>
        })}
        {(!consents.is_empty()).then(|| view! {
            <div class="card">
                <h2>{i.tr(K::SectionConsent)}</h2>
                <ul class="plain">
                    {consents.iter().map(|k| {
                        let k = k.clone();
                        view! {
                            <li>{move || k.channel.label(i.get())}": "
                                {move || if k.granted { i.t(K::Yes) } else { i.t(K::No) }}
                                {k.date.map(|d| view! { <span class="muted">" · "{move || i18n::date(i.get(), d)}</span> })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </div>
        })}
        {(!notes.is_empty()).then(|| view! {
            <div class="card"><h2>{i.tr(K::FNotes)}</h2><p class="prewrap">{notes.clone()}</p></div>
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kehu_core::validate::blank_customer;

    fn labels(rows: &[(String, String, Option<Reach>)]) -> Vec<&str> {
        rows.iter().map(|(k, ..)| k.as_str()).collect()
    }

    #[test]
    fn the_profile_shows_what_is_known_in_the_customers_own_terms() {
        let day = |d| Day::from_ymd(2026, 1, d).unwrap();
        let mut c = blank_customer(Id("c".into()), 1, Millis(0));
        c.name = "张记".into();
        c.kind = Kind::Organisation;
        c.mobile = "13800000000".into();
        c.birth_date = Some(day(5));
        let rows = profile_rows(&c, Lang::En, Currency::Cny, (None, Cents(0)), None, day(9));
        let got = labels(&rows);
        assert!(got.contains(&"Mobile"), "{got:?}");
        assert!(
            got.contains(&"Founding date"),
            "an organisation's birthday: {got:?}"
        );
        assert!(!got.contains(&"Email"), "empty fields left out");
        let mobile = rows
            .iter()
            .find(|(k, ..)| k == "Mobile")
            .and_then(|r| r.2.clone());
        assert_eq!(
            mobile.map(|r| (r.how, r.value)),
            Some((How::Call, "13800000000".into())),
            "a number to call"
        );
        assert!(!got.contains(&"Churn reason"), "not churned");
        assert_eq!(got.last(), Some(&"Created"));
        c.kind = Kind::Person;
        c.stage = LifecycleStage::Churned;
        c.churn_reason = "moved away".into();
        let rows = profile_rows(
            &c,
            Lang::En,
            Currency::Cny,
            (Some(0.25), Cents(0)),
            Some(40),
            day(9),
        );
        let find = |k: &str| {
            rows.iter()
                .find(|(l, ..)| l == k)
                .map(|(_, v, _)| v.as_str())
        };
        assert_eq!(find("Churn reason"), Some("moved away"));
        assert_eq!(find("Share of wallet (last 12 months)"), Some("25%"));
        assert_eq!(find("Age"), Some("40"));
        assert_eq!(find("Arrears"), None, "nothing owed, no row");
        // What is owed is the opening balance plus the unpaid orders.
        c.arrears = Cents(10_000);
        let rows = profile_rows(
            &c,
            Lang::En,
            Currency::Cny,
            (None, Cents(2_550)),
            None,
            day(9),
        );
        let find = |k: &str| {
            rows.iter()
                .find(|(l, ..)| l == k)
                .map(|(_, v, _)| v.to_string())
        };
        assert_eq!(find("Arrears").as_deref(), Some("¥125.50"));
    }
}
