//! A report's table (every figure a button that lists the records behind it), its export,
//! and the panel of those records.

use super::messages as M;
use super::{Choice, Drill, dim_name, heading};
use crate::i18n::{self, Currency, K, Label as _, Lang, use_i18n};
use crate::roster::use_roster;
use crate::route::Route;
use crate::state::use_app;
use kehu_core::Cents;
use kehu_core::analytics::pivot::{Agg, Cell, Label, Measure, Pivot, Record, Spec, What};
use kehu_core::opportunity::Standing;
use kehu_core::staff::Roster;
use leptos::prelude::*;
use std::borrow::Cow;
use std::sync::Arc;

/// Rows shown before the user asks for all.
const FIRST_ROWS: usize = 100;

/// A cell's figure for the screen ("" for an empty cell).
fn figure(cell: Cell, show: Agg, measure: Measure, cur: Currency) -> String {
    match cell.value(show).filter(|_| cell.count > 0) {
        None => String::new(),
        Some(v) if show == Agg::Count || !measure.is_money() => i18n::count(v.max(0) as usize),
        Some(v) => i18n::money(Cents(v), cur, false),
    }
}

/// A cell's figure for a spreadsheet: a plain number (money in units, two decimals).
fn plain(cell: Cell, show: Agg, measure: Measure) -> String {
    match cell.value(show).filter(|_| cell.count > 0) {
        None => String::new(),
        Some(v) if show == Agg::Count || !measure.is_money() => v.to_string(),
        Some(v) => Cents(v).to_string(),
    }
}

/// The report as a sheet: the headings, then a row per row and the totals.
fn sheet(
    p: &Pivot,
    c: Choice,
    lang: Lang,
    roster: &Option<Roster>,
) -> (Vec<String>, Vec<Vec<String>>) {
    let (s, show) = (c.spec, c.show);
    let mut head = vec![dim_name(s.rows).text(lang).to_string()];
    if let Some(d) = s.cols {
        head.extend(p.cols.iter().map(|l| heading(lang, roster, d, l)));
    }
    head.push(M::Total.text(lang).to_string());
    let row = |name: String, cells: Vec<Cell>, total: Cell| {
        let mut v = vec![name];
        v.extend(cells.into_iter().map(|x| plain(x, show, s.measure)));
        v.push(plain(total, show, s.measure));
        v
    };
    let mut rows: Vec<Vec<String>> = (0..p.rows.len())
        .map(|r| {
            let cells = (0..p.cols.len()).map(|c| p.cell(r, c)).collect();
            row(
                heading(lang, roster, s.rows, &p.rows[r]),
                cells,
                p.row_totals[r],
            )
        })
        .collect();
    rows.push(row(
        M::Total.text(lang).to_string(),
        p.col_totals.clone(),
        p.total,
    ));
    (head, rows)
}

fn export(p: &Pivot, c: Choice, lang: Lang, roster: &Option<Roster>, xlsx: bool) {
    let (head, rows) = sheet(p, c, lang, roster);
    let head: Vec<&str> = head.iter().map(String::as_str).collect();
    let rows = rows
        .iter()
        .map(|r| r.iter().map(|x| Cow::Borrowed(x.as_str())));
    let name = format!(
        "kehu-report-{}-{}",
        c.spec.source.slug(),
        c.spec.rows.slug()
    );
    if xlsx {
        let bytes = kehu_core::xlsx::workbook(M::Title.text(lang), &head, rows);
        crate::platform::download_bytes(&format!("{name}.xlsx"), crate::platform::XLSX, &bytes);
    } else {
        let text = kehu_core::export::to_csv(&head, rows);
        crate::platform::download(&format!("{name}.csv"), "text/csv;charset=utf-8", &text);
    }
}

type OnDrill = Callback<(Option<Label>, Option<Label>)>;

/// A figure that lists its records when pressed (a fold's or an empty cell's is text).
fn drill_button(
    text: String,
    target: Option<(Option<Label>, Option<Label>)>,
    on: OnDrill,
) -> AnyView {
    match target {
        Some(t) if !text.is_empty() => view! {
            <button class="btn-link pivot-drill" on:click=move |_| on.run(t.clone())>{text}</button>
        }
        .into_any(),
        _ => view! { <span>{text}</span> }.into_any(),
    }
}

/// The label to drill by, unless it is a fold (which has no one key).
fn target(l: &Label) -> Option<Label> {
    (l.folded == 0).then(|| l.clone())
}

#[component]
pub fn PivotTable(
    pivot: Arc<Pivot>,
    spec: Spec,
    show: Signal<Agg>,
    on_drill: OnDrill,
) -> impl IntoView {
    let choice = move || Choice {
        spec,
        show: show.get(),
    };
    let (app, i, roster) = (use_app(), use_i18n(), use_roster());
    let all = RwSignal::new(false);
    let p = pivot.clone();
    let kept = StoredValue::new(pivot.clone());
    let save = move |xlsx: bool| {
        let c = Choice {
            spec,
            show: show.get_untracked(),
        };
        let (lang, r) = (i.get(), roster.get_untracked());
        kept.with_value(|p| export(p, c, lang, &r, xlsx))
    };
    let table = move || {
        let (c, lang, cur) = (choice(), i.get(), app.currency.get());
        let r = roster.get();
        let fig = move |x: Cell| figure(x, c.show, c.spec.measure, cur);
        let col_dim = c.spec.cols;
        let head = col_dim.map(|d| {
            p.cols
                .iter()
                .map(|l| view! { <th scope="col" class="num">{heading(lang, &r, d, l)}</th> })
                .collect_view()
        });
        let shown = if all.get() {
            p.rows.len()
        } else {
            p.rows.len().min(FIRST_ROWS)
        };
        let body = (0..shown)
            .map(|ri| {
                let row = &p.rows[ri];
                let rt = target(row);
                let cells = (0..p.cols.len())
                    .map(|ci| {
                        let t = rt.clone().zip(target(&p.cols[ci])).map(|(a, b)| (Some(a), Some(b)));
                        view! { <td class="num">{drill_button(fig(p.cell(ri, ci)), t, on_drill)}</td> }
                    })
                    .collect_view();
                let name = heading(lang, &r, c.spec.rows, row);
                let class = if row.folded > 0 { "row-muted" } else { "" };
                view! {
                    <tr class=class>
                        <th scope="row">{drill_button(name, rt.clone().map(|l| (Some(l), None)), on_drill)}</th>
                        {cells}
                        <td class="num"><strong>{drill_button(fig(p.row_totals[ri]), rt.map(|l| (Some(l), None)), on_drill)}</strong></td>
                    </tr>
                }
            })
            .collect_view();
        let foot = (0..p.cols.len())
            .map(|ci| {
                let t = target(&p.cols[ci]).map(|l| (None, Some(l)));
                view! { <td class="num"><strong>{drill_button(fig(p.col_totals[ci]), t, on_drill)}</strong></td> }
            })
            .collect_view();
        view! {
            <div class="table-wrap table-scroll">
                <table class="table pivot" id="pivot" data-rows=c.spec.rows.slug()>
                    <thead><tr>
                        <th scope="col">{dim_name(c.spec.rows).text(lang)}</th>
                        {head}
                        <th scope="col" class="num">{M::Total.text(lang)}</th>
                    </tr></thead>
                    <tbody>{body}</tbody>
                    <tfoot><tr>
                        <th scope="row">{M::Total.text(lang)}</th>
                        {foot}
                        <td class="num"><strong id="pivot-total">{drill_button(fig(p.total), Some((None, None)), on_drill)}</strong></td>
                    </tr></tfoot>
                </table>
            </div>
        }
    };
    let n = pivot.rows.len();
    let total = pivot.total;
    let summary = move || {
        let sum = figure(total, Agg::Sum, spec.measure, app.currency.get());
        M::summary(i.get(), total.count, &sum)
    };
    view! {
        <div class="report-head">
            <p id="report-summary"><strong>{summary}</strong></p>
            <div class="page-actions">
                <button class="btn btn-small" id="report-csv" on:click=move |_| save(false)>{i.tr(K::ExportCsv)}</button>
                <button class="btn btn-small" id="report-xlsx" on:click=move |_| save(true)>{i.tr(K::ExportXlsx)}</button>
            </div>
        </div>
        {table}
        {move || (n > FIRST_ROWS && !all.get()).then(|| view! {
            <p><button class="btn" id="report-all" on:click=move |_| all.set(true)>{move || M::show_all(i.get(), n)}</button></p>
        })}
    }
}

/// The records behind the cell last pressed, the latest first.
#[component]
pub fn DrillPanel(drill: RwSignal<Option<Drill>>) -> impl IntoView {
    let (app, i, roster) = (use_app(), use_i18n(), use_roster());
    let title = move |d: &Drill| {
        let (lang, r) = (i.get(), roster.get());
        let mut parts = vec![M::DrillTitle.text(lang).to_string()];
        parts.extend(d.row.as_ref().map(|l| heading(lang, &r, d.spec.rows, l)));
        if let (Some(dim), Some(l)) = (d.spec.cols, &d.col) {
            parts.push(heading(lang, &r, dim, l));
        }
        parts.join(" · ")
    };
    let body = move |d: Drill| {
        match d.answer {
        None => view! { <p class="loading">{i.tr(M::Computing)}</p> }.into_any(),
        Some(Err(f)) => {
            view! { <p class="panel panel-error" role="alert">{super::failure_text(&f, i.get())}</p> }.into_any()
        }
        Some(Ok(x)) => {
            let (measure, cur) = (d.spec.measure, app.currency.get());
            let sum = figure(x.cell, Agg::Sum, measure, cur);
            let shown = x.records.len();
            let more =
                (x.cell.count > shown as u64).then(|| M::latest(i.get(), shown, x.cell.count));
            let rows = x
                .records
                .into_iter()
                .map(|r| record_row(r, measure, cur, i.get()))
                .collect_view();
            view! {
                <p id="drill-summary">{M::summary(i.get(), x.cell.count, &sum)}" "<span class="muted">{more}</span></p>
                <div class="table-wrap table-scroll">
                    <table class="table" id="drill-records">
                        <thead><tr>
                            <th scope="col">{i.tr(M::ColDate)}</th>
                            <th scope="col">{i.tr(M::ColCustomer)}</th>
                            <th scope="col">{i.tr(M::ColDetail)}</th>
                            <th scope="col" class="num">{i.tr(M::ColValue)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any()
        }
    }
    };
    move || {
        drill.get().map(|d| {
            let heading = title(&d);
            view! {
                <section class="panel drill-panel" id="drill" aria-live="polite">
                    <div class="page-head">
                        <h2 id="drill-title" tabindex="-1">{heading}</h2>
                        <button class="btn btn-small" id="drill-close" on:click=move |_| drill.set(None)>{i.tr(M::Close)}</button>
                    </div>
                    {body(d)}
                </section>
            }
        })
    }
}

/// One record: its day, customer, what it is and its value.
fn record_row(r: Record, measure: Measure, cur: Currency, lang: Lang) -> impl IntoView {
    let value = figure(
        Cell {
            sum: r.value,
            count: 1,
        },
        Agg::Sum,
        measure,
        cur,
    );
    let detail = match r.what {
        What::Order { status } => status.label(lang).to_string().into_any(),
        What::Line { product, quantity } => format!("{product} × {quantity}").into_any(),
        What::Opportunity { id, title, stage } => {
            let stage = Standing::from_code(&stage).map_or("", |s| s.label(lang));
            view! { <span><a href=Route::Opportunity(id).href()>{title}</a>" · "{stage}</span> }
                .into_any()
        }
    };
    view! {
        <tr>
            <td>{i18n::date(lang, r.day)}</td>
            <td><a href=Route::Customer(r.customer).href()>{r.customer_name}</a></td>
            <td>{detail}</td>
            <td class="num">{value}</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kehu_core::analytics::pivot::{Dim, Grain};

    #[test]
    fn the_sheet_has_plain_numbers_and_a_total_row() {
        let label = |k: &str| Label {
            key: k.into(),
            name: k.into(),
            folded: 0,
        };
        let cell = |sum, count| Cell { sum, count };
        let p = Pivot {
            rows: vec![label("华东"), label("")],
            cols: vec![label("2026-01-01")],
            cells: vec![cell(123_456, 2), cell(0, 0)],
            row_totals: vec![cell(123_456, 2), cell(0, 0)],
            col_totals: vec![cell(123_456, 2)],
            total: cell(123_456, 2),
        };
        let c = Choice {
            spec: Spec {
                rows: Dim::Region,
                cols: Some(Dim::Time(Grain::Month)),
                ..Spec::default()
            },
            show: Agg::Sum,
        };
        let (head, rows) = sheet(&p, c, Lang::En, &None);
        assert_eq!(head, ["Region", "2026-01-01", "Total"]);
        assert_eq!(rows[0], ["华东", "1234.56", "1234.56"]);
        assert_eq!(rows[1], ["Not set", "", ""]);
        assert_eq!(rows[2], ["Total", "1234.56", "1234.56"]);
        let avg = Choice {
            show: Agg::Average,
            ..c
        };
        assert_eq!(sheet(&p, avg, Lang::En, &None).1[0][1], "617.28");
        assert_eq!(
            figure(cell(5, 2), Agg::Count, Measure::Amount, Currency::Cny),
            "2"
        );
        assert_eq!(
            figure(cell(0, 0), Agg::Sum, Measure::Amount, Currency::Cny),
            ""
        );
    }
}
