//! The overview tab: headline figures with their change, what to do first, the RFM
//! segments and their cards.

use super::messages as M;
use super::*;

#[component]
pub(super) fn Overview(ins: Arc<Insights>) -> impl IntoView {
    let app = use_app();
    let i = use_i18n();
    let h = ins.headline;
    let cur = move || app.currency.get();
    let actions = ins.actions.clone();
    let action_view = move |a: Action| {
        let (text, href) = match a {
            Action::WinBack {
                segment,
                customers,
                mean_days,
            } => (
                Signal::derive(move || {
                    let l = i.get();
                    let (label, action) = (segment.label(l), M::segment_action(l, segment));
                    tr!(
                        l,
                        "{customers} 位「{label}」客户平均已有 {mean_days} 天没有下单：{action}",
                        "{customers} {label} customers have not ordered for {mean_days} days on average. {action}",
                    )
                }),
                customers_in(InsightFilter::Segment(segment)),
            ),
            Action::ChurnRisk {
                customers,
                value_at_risk,
            } => (
                Signal::derive(move || {
                    let at_risk = money(value_at_risk, cur());
                    tr!(
                        i.get(),
                        "{customers} 位客户有流失风险，每年约 {at_risk} 的销售额面临风险。",
                        "{customers} customers are at risk of churning, about {at_risk} a year at stake.",
                    )
                }),
                customers_in(InsightFilter::ChurnRisk),
            ),
            Action::Occasions { customers } => (
                Signal::derive(move || {
                    tr!(
                        i.get(),
                        "未来 30 天有 {customers} 位客户进入他们惯常的购买月份，提前联系他们。",
                        "{customers} customers enter a month they usually buy in within 30 days: contact them ahead.",
                    )
                }),
                Route::Insights(Tab::Loyalty).href(),
            ),
            Action::Welcome { customers } => (
                Signal::derive(move || {
                    let l = i.get();
                    let action = M::segment_action(l, Segment::NewCustomers);
                    tr!(
                        l,
                        "欢迎 {customers} 位新客户：{action}",
                        "Welcome {customers} new customers. {action}",
                    )
                }),
                customers_in(InsightFilter::Segment(Segment::NewCustomers)),
            ),
            Action::Reward { customers } => (
                Signal::derive(move || {
                    let l = i.get();
                    let action = M::segment_action(l, Segment::Champions);
                    tr!(
                        l,
                        "{customers} 位冠军客户：{action}",
                        "{customers} champions. {action}",
                    )
                }),
                customers_in(InsightFilter::Segment(Segment::Champions)),
            ),
        };
        view! {
            <li class="action">
                <span>{text}</span>
                <a class="btn btn-small" href=href>{i.tr(M::ViewCustomers)}</a>
            </li>
        }
    };
    let seg_ins = ins.clone();
    let segments =
        Signal::derive(move || Some(segment_spec(&seg_ins, i.get(), app.currency.get())));
    view! {
        <div class="stats" id="insight-stats">
            <Stat label=Signal::derive(move || i.t(K::StatCustomers).to_string()) value=Signal::derive(move || i18n::count(h.customers as usize))/>
            <Stat label=Signal::derive(move || i.t(M::StatBuyers).to_string()) value=Signal::derive(move || i18n::count(h.buyers as usize))/>
            <Delta label=Signal::derive(move || i.t(M::StatActive90).to_string()) value=Signal::derive(move || i18n::count(h.active.now as usize))
                delta=Signal::derive(move || change(h.active.now as f64, h.active.before as f64))/>
            <Delta label=Signal::derive(move || i.t(M::StatRevenue90).to_string()) value=Signal::derive(move || money(h.revenue.now, cur()))
                delta=Signal::derive(move || change(h.revenue.now as f64, h.revenue.before as f64))/>
            <Delta label=Signal::derive(move || i.t(M::StatOrders90).to_string()) value=Signal::derive(move || i18n::count(h.orders.now as usize))
                delta=Signal::derive(move || change(h.orders.now as f64, h.orders.before as f64))/>
            <Delta label=Signal::derive(move || i.t(M::StatRepeatRate).to_string()) value=Signal::derive(move || rate(h.repeat_rate.now))
                delta=Signal::derive(move || change_pts(h.repeat_rate.now, h.repeat_rate.before))/>
            <Delta label=Signal::derive(move || i.t(M::StatRetention).to_string()) value=Signal::derive(move || rate(h.retention.now))
                delta=Signal::derive(move || change_pts(h.retention.now, h.retention.before))/>
            <Delta label=Signal::derive(move || i.t(M::StatNps90).to_string()) value=Signal::derive(move || nps_text(h.nps.now))
                delta=Signal::derive(move || nps_change(h.nps.now, h.nps.before))/>
        </div>
        <section class="card" id="top-actions">
            <h2>{i.tr(M::TopActions)}</h2>
            {if actions.is_empty() {
                view! { <p class="muted">{i.tr(M::NoActions)}</p> }.into_any()
            } else {
                view! { <ul class="actions">{actions.into_iter().map(action_view).collect_view()}</ul> }.into_any()
            }}
        </section>
        <Chart id="chart-segments" title=Signal::derive(move || i.t(M::ChartSegments).to_string()) spec=segments height=340.0/>
    }
}

pub(super) fn segment_spec(ins: &Insights, lang: Lang, cur: Currency) -> Spec {
    let marks: Vec<Mark> = ins
        .segments
        .iter()
        .map(|s| Mark {
            label: s.segment.label(lang).to_string(),
            value: s.customers as f64,
            text: format!(
                "{} · {}",
                i18n::count(s.customers as usize),
                money(s.revenue, cur)
            ),
            tip: format!(
                "{}: {} · {}",
                s.segment.label(lang),
                i18n::count(s.customers as usize),
                money(s.revenue, cur)
            ),
            href: Some(customers_in(InsightFilter::Segment(s.segment))),
        })
        .collect();
    Spec {
        shape: Shape::Bars(marks),
        head: vec![
            K::ColSegment.text(lang).into(),
            M::ColCustomers.text(lang).into(),
            M::ColRevenue.text(lang).into(),
            M::ColRecency.text(lang).into(),
        ],
        rows: ins
            .segments
            .iter()
            .map(|s| {
                vec![
                    s.segment.label(lang).into(),
                    i18n::count(s.customers as usize),
                    money(s.revenue, cur),
                    format!("{:.0}", s.mean_recency),
                ]
            })
            .collect(),
    }
}
