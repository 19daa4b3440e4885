//! The clusters tab: k-means groups with their profiles and sizes.

use super::messages as M;
use super::*;

#[component]
pub(super) fn Clusters(ins: Arc<Insights>) -> impl IntoView {
    let a = use_analytics();
    let app = use_app();
    let i = use_i18n();
    let Some(cl) = ins.clusters.clone() else {
        return view! { <p class="empty">{i.tr(K::NothingToShow)}</p> }.into_any();
    };
    let best = cl
        .silhouettes
        .iter()
        .max_by(|x, y| x.1.total_cmp(&y.1))
        .map(|x| x.0);
    let current = cl.k;
    let on_k = move |ev| {
        if let Ok(k) = event_target_value(&ev).parse::<u8>() {
            let c = a.choice.get_untracked();
            a.set_choice(Choice { clusters: k, ..c });
        }
    };
    let sil = cl.silhouettes.clone();
    let bars_height = bars_height(cl.clusters.len());
    let sizes = chart_of(cl.clone(), sizes_spec);
    view! {
        <section class="card">
            <label class="field field-inline">
                <span>{i.tr(M::ClusterCount)}</span>
                <select id="cluster-k" on:change=on_k>
                    {sil.into_iter().map(|(k, s)| {
                        let rec = best == Some(k);
                        view! {
                            <option value=k.to_string() selected=k == current>
                                {move || format!("k = {k} · {} {s:.2}{}", i.t(M::Silhouette), if rec { format!(" · {}", i.t(M::Recommended)) } else { String::new() })}
                            </option>
                        }
                    }).collect_view()}
                </select>
            </label>
        </section>
        <Chart id="chart-clusters" title=Signal::derive(move || i.t(M::ChartClusterSizes).to_string()) spec=sizes height=bars_height/>
        <div class="segment-grid" id="cluster-profiles">
            {cl.clusters.into_iter().enumerate().map(|(k, c)| view! {
                <article class="segment-card">
                    <h3>{move || i18n::cluster_name(i.get(), k + 1)}</h3>
                    <p>{move || M::cluster_words(i.get(), c.recency, c.frequency, c.monetary)}</p>
                    <p class="muted">{move || {
                        let customers = i18n::count(c.customers as usize);
                        let (days, orders) = (c.mean_recency, c.mean_orders);
                        let spent = money((c.mean_spend * 100.0).round() as i64, app.currency.get());
                        i18n::tr!(
                            i.get(),
                            "{customers} 位客户；平均 {days:.0} 天未购，{orders:.1} 单，消费 {spent}",
                            "{customers} customers; on average {days:.0} days since the last order, {orders:.1} orders, {spent} spent",
                        )
                    }}</p>
                    <a class="btn btn-small" href=customers_in(InsightFilter::Cluster(k as u8))>{i.tr(M::ViewCustomers)}</a>
                </article>
            }).collect_view()}
        </div>
    }
    .into_any()
}

/// The sizes chart and its table.
pub(super) fn sizes_spec(
    x: &kehu_core::analytics::insights::Clusters,
    lang: Lang,
    cur: Currency,
) -> Option<Spec> {
    Some(Spec {
        shape: Shape::Bars(
            x.clusters
                .iter()
                .enumerate()
                .map(|(k, c)| Mark {
                    label: i18n::cluster_name(lang, k + 1),
                    value: c.customers as f64,
                    text: format!(
                        "{} · {}",
                        i18n::count(c.customers as usize),
                        money(c.revenue, cur)
                    ),
                    tip: M::cluster_words(lang, c.recency, c.frequency, c.monetary),
                    href: Some(customers_in(InsightFilter::Cluster(k as u8))),
                })
                .collect(),
        ),
        head: vec![
            M::ColCluster.text(lang).into(),
            M::ColCustomers.text(lang).into(),
            M::ColRevenue.text(lang).into(),
            M::ColRecency.text(lang).into(),
        ],
        rows: x
            .clusters
            .iter()
            .enumerate()
            .map(|(k, c)| {
                vec![
                    (k + 1).to_string(),
                    i18n::count(c.customers as usize),
                    money(c.revenue, cur),
                    format!("{:.0}", c.mean_recency),
                ]
            })
            .collect(),
    })
}
