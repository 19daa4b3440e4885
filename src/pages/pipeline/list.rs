//! Opportunities as a list: the ones behind a figure of the Sales dashboard (its
//! drill-down, `#/opportunities?slice=…&from=…&to=…`), largest first. The slice and the
//! period are `kehu_core::analytics::sales`'s, the very rules the figure was counted by,
//! so the list holds what the bar said.

use super::messages as M;
use crate::data::{self, Topic};
use crate::i18n::{self, K, Label, Lang, use_i18n};
use crate::platform;
use crate::roster::{owner_name, use_roster};
use crate::route::{Params, Route, Tab};
use crate::state::use_app;
use kehu_core::analytics::sales::{Opened, Slice};
use kehu_core::opportunity::Opportunity;
use kehu_core::{Cents, Day};
use leptos::prelude::*;
use std::collections::HashMap;

/// Rows drawn at first and at each "show more".
const SHOWN: usize = 100;

/// What a list address asks for; `understood` is false when part of it did not parse
/// (a hand-edited or truncated link), and the rest is shown.
#[derive(Debug, Clone, PartialEq)]
struct ListQuery {
    slice: Option<Slice>,
    opened: Opened,
    understood: bool,
}

impl ListQuery {
    fn of(p: &Params, today: Day) -> ListQuery {
        let day = |k: &str| p.get(k).map(Day::parse);
        let slice = p.get("slice").map(Slice::parse);
        let (from, to) = (day("from"), day("to"));
        let understood = !matches!(slice, Some(None))
            && !matches!(from, Some(None))
            && !matches!(to, Some(None));
        ListQuery {
            slice: slice.flatten(),
            opened: Opened {
                from: from.flatten(),
                to: to.flatten().unwrap_or(today),
            },
            understood,
        }
    }

    /// The opportunities of live customers (`names` has them) the query keeps, largest
    /// amount first.
    fn kept<'a>(
        &self,
        opps: &'a [Opportunity],
        names: &HashMap<&str, &str>,
    ) -> Vec<&'a Opportunity> {
        let mut out: Vec<&Opportunity> = opps
            .iter()
            .filter(|o| names.contains_key(o.customer.0.as_str()))
            .filter(|o| self.opened.keeps(o))
            .filter(|o| self.slice.as_ref().is_none_or(|s| s.keeps(o, &self.opened)))
            .collect();
        out.sort_by(|a, b| b.amount.cmp(&a.amount).then_with(|| a.id.0.cmp(&b.id.0)));
        out
    }
}

/// The heading: what the slice is, in words (owners by name).
fn heading(lang: Lang, slice: Option<&Slice>, owner: &dyn Fn(&str) -> String) -> String {
    use kehu_core::opportunity::Standing;
    match slice {
        None => M::AllOpportunities.text(lang).into(),
        Some(Slice::Reached(s)) => M::reached(lang, Standing::Open(*s).label(lang)),
        Some(Slice::Won) => Standing::Won.label(lang).into(),
        Some(Slice::Lost(None)) => Standing::Lost.label(lang).into(),
        Some(Slice::Lost(Some(r))) => {
            let why = if r.is_empty() {
                M::NoReason.text(lang)
            } else {
                r
            };
            i18n::labelled(lang, Standing::Lost.label(lang), why)
        }
        Some(Slice::Open) => M::OpenOnes.text(lang).into(),
        Some(Slice::Closing(y, m)) => M::closing(lang, &format!("{y}-{m:02}")),
        Some(Slice::Owner(w)) => M::owned_by(lang, &owner(w)),
        Some(Slice::WonBy(w, y, m)) => M::won_by(lang, &owner(w), &format!("{y}-{m:02}")),
    }
}

/// "Opened 2025-12-04 – 2026-12-03" / "Opened up to 2026-12-03".
pub fn period(lang: Lang, o: &Opened) -> String {
    let to = i18n::date(lang, o.to);
    match o.from {
        Some(f) => M::opened_between(lang, &i18n::date(lang, f), &to),
        None => M::opened_to(lang, &to),
    }
}

#[component]
pub fn OpportunityList(params: Params) -> impl IntoView {
    let (app, i, roster) = (use_app(), use_i18n(), use_roster());
    let q = ListQuery::of(&params, platform::today());
    let opps = data::resource(vec![Topic::of::<Opportunity>()], |db| async move {
        db.all_docs::<Opportunity>().await
    });
    let shown = RwSignal::new(SHOWN);
    let slice = q.slice.clone();
    let title = move || {
        let l = i.get();
        roster.with(|r| heading(l, slice.as_ref(), &|w| owner_name(r, w)))
    };
    let opened = q.opened;
    let understood = q.understood;
    // (rows, their total amount) for what the query keeps.
    let found = Memo::new(move |_| {
        app.rows.with(|rows| {
            let names: HashMap<&str, &str> = rows
                .iter()
                .filter(|r| !r.deleted)
                .map(|r| (r.id.as_str(), r.name.as_str()))
                .collect();
            opps.with(|o| match o {
                Some(Ok(list)) => {
                    let kept = q.kept(list, &names);
                    let total = Cents(kept.iter().map(|o| o.amount.0).sum());
                    let rows: Vec<Row> = kept.into_iter().map(|o| Row::of(o, &names)).collect();
                    Some(Ok((rows, total)))
                }
                Some(Err(e)) => Some(Err(e.clone())),
                None => None,
            })
        })
    });
    view! {
        <div class="page-head">
            <h1 id="opp-list-title">{title}</h1>
            <div class="page-actions">
                <a class="btn" href=Route::Insights(Tab::Sales).href()>{i.tr(M::ToSales)}</a>
                <a class="btn" href=Route::Pipeline.href()>{i.tr(M::Title)}</a>
            </div>
        </div>
        <p class="muted" id="opp-list-period">{move || period(i.get(), &opened)}</p>
        {(!understood).then(|| view! { <p class="panel panel-warn" role="alert">{i.tr(M::LinkNotUnderstood)}</p> })}
        {move || match found.get() {
            None => view! { <p class="loading">{i.t(K::Loading)}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="panel panel-error" role="alert">{i18n::store_error(i.get(), &e)}</p> }.into_any(),
            Some(Ok((rows, _))) if rows.is_empty() => view! { <p class="panel muted" id="opp-list-empty">{i.t(M::NoMatch)}</p> }.into_any(),
            Some(Ok((rows, total))) => {
                let n = rows.len();
                view! {
                <p id="opp-list-summary">{move || M::list_summary(i.get(), n, &i18n::money(total, app.currency.get(), false))}</p>
                <ListTable rows=rows shown=shown/>
                }.into_any()
            }
        }}
    }
}

/// One line of the list, as shown.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    id: String,
    title: String,
    customer: String,
    customer_name: String,
    standing: kehu_core::opportunity::Standing,
    amount: Cents,
    probability: f64,
    close: Option<Day>,
    owner: String,
}

impl Row {
    fn of(o: &Opportunity, names: &HashMap<&str, &str>) -> Row {
        Row {
            id: o.id.0.clone(),
            title: o.title.clone(),
            customer: o.customer.0.clone(),
            customer_name: names
                .get(o.customer.0.as_str())
                .copied()
                .unwrap_or_default()
                .into(),
            standing: o.standing,
            amount: o.amount,
            probability: o.probability(),
            close: o.close,
            owner: o.owner.clone(),
        }
    }
}

#[component]
fn ListTable(rows: Vec<Row>, shown: RwSignal<usize>) -> impl IntoView {
    let (app, i, roster) = (use_app(), use_i18n(), use_roster());
    let total = rows.len();
    let rows = StoredValue::new(rows);
    let line = move |r: Row| {
        let owner = r.owner.clone();
        view! {
            <tr>
                <td><a href=Route::Opportunity(r.id.clone()).href()>{r.title.clone()}</a></td>
                <td><a href=Route::Customer(r.customer.clone()).href()>{r.customer_name.clone()}</a></td>
                <td>{move || r.standing.label(i.get())}</td>
                <td class="num">{move || i18n::money(r.amount, app.currency.get(), false)}</td>
                <td class="num">{i18n::percent(r.probability)}</td>
                <td>{move || r.close.map(|d| i18n::date(i.get(), d)).unwrap_or_default()}</td>
                <td>{move || roster.with(|x| owner_name(x, &owner))}</td>
            </tr>
        }
    };
    view! {
        <div class="table-wrap">
            <table class="table" id="opp-list">
                <thead><tr>
                    <th scope="col">{i.tr(K::FOpportunity)}</th>
                    <th scope="col">{i.tr(M::ColCustomer)}</th>
                    <th scope="col">{i.tr(M::ColStage)}</th>
                    <th scope="col" class="num">{i.tr(K::Amount)}</th>
                    <th scope="col" class="num">{i.tr(M::ColChance)}</th>
                    <th scope="col">{i.tr(K::FExpectedClose)}</th>
                    <th scope="col">{i.tr(K::FOppOwner)}</th>
                </tr></thead>
                <tbody>
                    {move || rows.with_value(|rs| rs.iter().take(shown.get()).cloned().map(line).collect_view())}
                </tbody>
            </table>
        </div>
        <Show when=move || { shown.get() < total }>
            <button type="button" class="btn btn-small" id="opp-list-more" on:click=move |_| shown.update(|n| *n += SHOWN)>
                {move || M::show_more(i.get(), SHOWN.min(total - shown.get()), total)}
            </button>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kehu_core::Id;
    use kehu_core::opportunity::{Stage, Standing};

    fn opp(n: u32, customer: &str, standing: Standing, amount: i64, day: i32) -> Opportunity {
        let at = Day(day).start_millis();
        let mut o = Opportunity::new(Id(format!("o{n}")), Id(customer.into()), at);
        o.amount = Cents(amount);
        o.move_to(standing, at);
        o
    }

    fn params(pairs: &[(&str, &str)]) -> Params {
        Params(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn a_drill_down_keeps_its_slice_and_period_of_live_customers_largest_first() {
        let neg = Standing::Open(Stage::Negotiation);
        let opps = [
            opp(1, "c1", neg, 100, 20_000),
            opp(2, "c1", Standing::Won, 500, 20_000),
            opp(3, "c1", neg, 300, 20_050),
            opp(4, "gone", neg, 900, 20_050),
            opp(5, "c2", neg, 200, 19_000),
        ];
        let names = HashMap::from([("c1", "甲"), ("c2", "乙")]);
        let q = ListQuery::of(
            &params(&[
                ("slice", "reached:negotiation"),
                ("from", "2024-09-01"),
                ("to", "2024-12-31"),
            ]),
            Day(20_100),
        );
        assert!(q.understood);
        let ids: Vec<&str> = q
            .kept(&opps, &names)
            .iter()
            .map(|o| o.id.0.as_str())
            .collect();
        // Won counts as having reached negotiation; o4's customer is in the trash; o5
        // opened before the period.
        assert_eq!(ids, ["o2", "o3", "o1"]);
    }

    #[test]
    fn a_link_not_understood_says_so_and_shows_the_rest() {
        let q = ListQuery::of(
            &params(&[("slice", "reached:won"), ("to", "x")]),
            Day(20_100),
        );
        assert!(!q.understood);
        assert_eq!((q.slice, q.opened.to), (None, Day(20_100)));
        let all = ListQuery::of(&Params::default(), Day(20_100));
        assert!(all.understood && all.slice.is_none());
    }
}
