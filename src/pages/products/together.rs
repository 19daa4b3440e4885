//! "Bought together" on a product's page: the products most often in the same orders,
//! from the basket analysis the worker last cached (`Db::basket`, read without the rest
//! of the dashboards). Each links to its own page.

use super::messages as M;
use crate::i18n::{self, K, use_i18n};
use crate::route::Route;
use kehu_core::analytics::basket::{Basket, Rule};
use leptos::prelude::*;

/// What the section says about product `id`, given the cached analysis.
#[derive(Debug, Clone, PartialEq)]
enum Together {
    NotAnalysed,
    Nothing,
    Rows(Vec<Rule>),
}

fn together(basket: Option<&Basket>, id: &str) -> Together {
    match basket {
        None => Together::NotAnalysed,
        Some(b) => match b.companions(id) {
            rules if rules.is_empty() => Together::Nothing,
            rules => Together::Rows(rules.into_iter().cloned().collect()),
        },
    }
}

#[component]
pub fn BoughtTogether(id: String) -> impl IntoView {
    let i = use_i18n();
    let basket = crate::data::resource(vec![], |db| async move { db.basket().await });
    let body = move || {
        let b = basket.get()?.ok()?;
        Some(match together(b.as_ref(), &id) {
            Together::NotAnalysed => {
                view! { <p class="muted">{i.tr(M::TogetherNotAnalysed)}</p> }.into_any()
            }
            Together::Nothing => view! { <p class="muted">{i.tr(M::TogetherNone)}</p> }.into_any(),
            Together::Rows(rules) => view! {
                <p class="muted">{i.tr(M::TogetherIntro)}</p>
                <div class="table-wrap"><table class="table">
                    <thead><tr>
                        <th scope="col">{i.tr(K::Product)}</th>
                        <th scope="col" class="num">{i.tr(M::ColShare)}</th>
                        <th scope="col" class="num col-count">{i.tr(M::ColOrdersBoth)}</th>
                        <th scope="col" class="num">{i.tr(M::ColLift)}</th>
                    </tr></thead>
                    <tbody>{rules.into_iter().map(row).collect_view()}</tbody>
                </table></div>
            }
            .into_any(),
        })
    };
    view! {
        <section class="card" id="bought-together">
            <h2>{i.tr(M::BoughtTogether)}</h2>
            {body}
        </section>
    }
}

fn row(r: Rule) -> impl IntoView {
    let name = match r.consequent_id.is_empty() {
        true => view! { <span>{r.consequent}</span> }.into_any(),
        false => {
            view! { <a href=Route::Product(r.consequent_id).href()>{r.consequent}</a> }.into_any()
        }
    };
    view! {
        <tr>
            <td>{name}</td>
            <td class="num">{i18n::percent(r.confidence)}</td>
            <td class="num col-count">{i18n::count(r.count as usize)}</td>
            <td class="num">{format!("{:.2}", r.lift)}</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(a: &str, b: &str, confidence: f64) -> Rule {
        Rule {
            antecedent: a.to_uppercase(),
            antecedent_id: a.into(),
            consequent: b.to_uppercase(),
            consequent_id: b.into(),
            support: 0.1,
            confidence,
            lift: 2.0,
            count: 9,
        }
    }

    #[test]
    fn a_products_companions_by_confidence_or_why_there_are_none() {
        assert_eq!(together(None, "p"), Together::NotAnalysed);
        let b = Basket {
            orders: 90,
            products: 3,
            rules: vec![
                rule("p", "q", 0.3),
                rule("q", "p", 0.9),
                rule("p", "r", 0.6),
            ],
        };
        let Together::Rows(rows) = together(Some(&b), "p") else {
            panic!("p has companions")
        };
        let seen: Vec<&str> = rows.iter().map(|r| r.consequent_id.as_str()).collect();
        assert_eq!(seen, ["r", "q"]);
        assert_eq!(together(Some(&b), "r"), Together::Nothing);
    }
}
