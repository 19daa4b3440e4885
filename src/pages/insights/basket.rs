//! The Basket tab (购物篮分析, DOMAIN.md §5): which products are bought together, from the
//! lines of the window's orders, as `kehu_core::analytics::basket` found it in the
//! worker. Each bar is a rule "who buys A also buys B", as long as its lift; a click
//! opens A's page, which lists what goes with it. Below, the strongest rules in a table
//! whose product names link to their pages.

use super::messages as M;
use super::*;
use kehu_core::analytics::basket::{Basket, Rule};

/// Rules drawn as bars (the table view has them all).
const BARS: usize = 12;

#[component]
pub(super) fn BasketTab(ins: Arc<Insights>) -> impl IntoView {
    let i = use_i18n();
    let Some(b) = ins.basket.clone() else {
        return view! { <p class="panel muted" id="basket-empty">{i.tr(M::BasketEmpty)}</p> }
            .into_any();
    };
    let (orders, products, rules) = (b.orders, b.products, b.rules.len());
    let b = Arc::new(b);
    let listed: Vec<Rule> = b.rules.iter().take(LISTED).cloned().collect();
    view! {
        <p class="muted" id="basket-summary">{move || M::basket_summary(i.get(), orders, products, rules)}</p>
        <p class="muted">{i.tr(M::BasketIntro)}</p>
        <Chart id="chart-basket" title=Signal::derive(move || i.t(M::ChartBasket).to_string())
            spec=chart_of(b.clone(), basket_spec) height=bars_height(rules.min(BARS))/>
        <section class="card">
            <h2>{i.tr(M::BasketRules)}</h2>
            <div class="table-wrap">
                <table class="table" id="basket-rules">
                    <thead><tr>
                        {COLUMNS.iter().enumerate().map(|(k, &m)| view! { <th scope="col" class=column_class(k)>{i.tr(m)}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>{listed.into_iter().map(rule_row).collect_view()}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

/// Rules the table lists (the strongest by lift; a product's page has its own).
const LISTED: usize = 100;

const COLUMNS: [Msg; 6] = [
    M::ColIfBought,
    M::ColAlsoBought,
    M::ColOrdersBoth,
    M::ColSupport,
    M::ColConfidence,
    M::ColLift,
];

/// Column `k`'s class: figures align right; orders and support give way on a phone.
fn column_class(k: usize) -> &'static str {
    match k {
        0 | 1 => "",
        2 | 3 => "num col-count",
        _ => "num",
    }
}

/// A product's name, as a link to its page when it is one of the catalogue's.
fn product(name: String, id: String) -> AnyView {
    match id.is_empty() {
        true => view! { <span>{name}</span> }.into_any(),
        false => view! { <a href=Route::Product(id).href()>{name}</a> }.into_any(),
    }
}

fn rule_row(r: Rule) -> impl IntoView {
    let cells = cells(&r);
    view! {
        <tr>
            <td>{product(r.antecedent, r.antecedent_id)}</td>
            <td>{product(r.consequent, r.consequent_id)}</td>
            {cells.into_iter().enumerate().skip(2).map(|(k, c)| view! { <td class=column_class(k)>{c}</td> }).collect_view()}
        </tr>
    }
}

/// A rule's cells, in [`COLUMNS`]' order.
fn cells(r: &Rule) -> Vec<String> {
    vec![
        r.antecedent.clone(),
        r.consequent.clone(),
        i18n::count(r.count as usize),
        share(r.support),
        share(r.confidence),
        format!("{:.2}", r.lift),
    ]
}

/// "A → B".
fn pair(r: &Rule) -> String {
    format!("{} → {}", r.antecedent, r.consequent)
}

fn share(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// The strongest rules by lift as bars, and in the table view.
pub(super) fn basket_spec(b: &Basket, lang: Lang, _: Currency) -> Option<Spec> {
    if b.rules.is_empty() {
        return None;
    }
    let top = &b.rules[..b.rules.len().min(BARS)];
    let marks = top
        .iter()
        .map(|r| Mark {
            label: pair(r),
            value: r.lift,
            text: format!("{:.2}", r.lift),
            tip: M::rule_words(lang, r, &share(r.confidence)),
            href: (!r.antecedent_id.is_empty())
                .then(|| Route::Product(r.antecedent_id.clone()).href()),
        })
        .collect();
    Some(Spec {
        shape: Shape::Bars(marks),
        head: COLUMNS.iter().map(|m| m.text(lang).to_string()).collect(),
        rows: top.iter().map(cells).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{demo, marks};
    use super::*;

    #[test]
    fn the_strongest_pairs_are_drawn_and_each_opens_its_product() {
        let ins = demo();
        let b = ins.basket.as_ref().expect("the demo's orders have lines");
        let s = basket_spec(b, Lang::Zh, Currency::Cny).unwrap();
        let m = marks(&s);
        assert_eq!(m.len(), BARS.min(b.rules.len()));
        assert!(
            m.windows(2).all(|w| w[0].value >= w[1].value),
            "strongest lift first"
        );
        assert!(m.iter().all(|m| {
            m.href
                .as_deref()
                .is_some_and(|h| h.starts_with("#/products/"))
        }));
        assert_eq!(s.rows.len(), m.len(), "the table view has a row per bar");
        assert!(m[0].label.contains(" → "));
    }
}
