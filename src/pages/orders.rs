//! Every order, the most recently entered first, in a virtually scrolled table: the page
//! reads the order store's directory (a chunk's number and order count), works out which
//! chunk holds each visible row, and reads only those chunks (16,384 orders each, a few
//! kept). A million orders scroll like a hundred: the table holds the rows in view and
//! two spacers.

use crate::data::{self, Topic};
use crate::i18n::{self, K, use_i18n};
use crate::route::Route;
use crate::state::{db, use_app};
use kehu_core::{Cents, Day, OrderColumns};
use leptos::html;
use leptos::prelude::*;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// A row's height in pixels (fixed: the spacers are counted in rows).
const ROW_H: f64 = 40.0;
/// Rows drawn beyond the visible ones, above and below.
const OVERSCAN: usize = 8;
/// Chunks kept in memory (about 300 KB each).
const KEPT_CHUNKS: usize = 8;

/// Where the order at list position `p` is: its chunk and the row in it. `index` lists
/// chunks newest first; within a chunk, rows go by id, so the newest is the last.
fn locate(index: &[(u32, u32)], p: usize) -> Option<(u32, usize)> {
    let mut start = 0usize;
    for &(no, n) in index {
        let n = n as usize;
        if p < start + n {
            return Some((no, n - 1 - (p - start)));
        }
        start += n;
    }
    None
}

#[component]
pub fn OrderList() -> impl IntoView {
    let app = use_app();
    let i = use_i18n();
    let chunks = StoredValue::new(HashMap::<u32, Arc<OrderColumns>>::new());
    let pending = StoredValue::new(HashSet::<u32>::new());
    // Bumped when a chunk arrives, so the rows waiting for it are drawn.
    let arrived = RwSignal::new(0u32);
    let scroll = RwSignal::new(0.0f64);
    let height = RwSignal::new(600.0f64);
    let viewport = NodeRef::<html::Div>::new();

    // Any change to orders: the directory again, and no chunk read before it.
    let read = data::resource(vec![Topic::Orders], move |db| async move {
        let ix = db.order_chunks().await?;
        chunks.update_value(HashMap::clear);
        pending.update_value(HashSet::clear);
        Ok(Arc::new(ix))
    });
    let index = Signal::derive(move || read.get().and_then(Result::ok));
    let fetch = move |no: u32| {
        if chunks.with_value(|c| c.contains_key(&no)) || pending.with_value(|p| p.contains(&no)) {
            return;
        }
        pending.update_value(|p| {
            p.insert(no);
        });
        leptos::task::spawn_local(async move {
            let r = async { db()?.order_chunk(no).await }.await;
            pending.update_value(|p| {
                p.remove(&no);
            });
            match r {
                Ok(cols) => {
                    chunks.update_value(|c| {
                        // The chunk farthest from this one goes: the visible rows are
                        // in this chunk and its neighbours.
                        if c.len() >= KEPT_CHUNKS
                            && let Some(&old) = c.keys().max_by_key(|&&k| k.abs_diff(no))
                        {
                            c.remove(&old);
                        }
                        c.insert(no, Arc::new(cols));
                    });
                    arrived.update(|a| *a += 1);
                }
                Err(e) => app.report(&e),
            }
        });
    };
    // Where each customer key is in the list rows in memory (positions, not copies:
    // only the rows in view read their names).
    let at = Memo::new(move |_| {
        app.rows.with(|rows| {
            Arc::new(
                rows.iter()
                    .enumerate()
                    .map(|(n, r)| (r.key, n))
                    .collect::<HashMap<u32, usize>>(),
            )
        })
    });
    let total = move || {
        index.with(|ix| {
            ix.as_ref()
                .map_or(0, |ix| ix.iter().map(|&(_, n)| n as usize).sum())
        })
    };
    let window = move || {
        let n = total();
        let first = ((scroll.get() / ROW_H) as usize)
            .saturating_sub(OVERSCAN)
            .min(n);
        let shown = (height.get() / ROW_H).ceil() as usize + 2 * OVERSCAN;
        (first, (first + shown).min(n), n)
    };
    let on_scroll = move |_| {
        if let Some(v) = viewport.get() {
            scroll.set(v.scroll_top() as f64);
            height.set(v.client_height().max(200) as f64);
        }
    };
    Effect::new(move |_| {
        if let Some(v) = viewport.get() {
            height.set(v.client_height().max(200) as f64);
        }
    });
    let cur = move || app.currency.get();
    let exporting = RwSignal::new(false);
    // Every order, newest first, as the list shows them, with the customer's number and
    // name; amounts as plain numbers.
    let export = move |xlsx: bool| {
        let lang = i.lang.get_untracked();
        exporting.set(true);
        leptos::task::spawn_local(async move {
            let all = async { db()?.all_orders().await }.await;
            exporting.set(false);
            let all = match all {
                Ok(a) => a,
                Err(e) => return app.report(&e),
            };
            let mut order: Vec<usize> = (0..all.len()).collect();
            order.sort_unstable_by_key(|&k| std::cmp::Reverse(all.id[k]));
            let head = [
                K::Order.text(lang),
                K::OrderDate.text(lang),
                K::FCode.text(lang),
                K::OrdersCustomer.text(lang),
                "ID",
                K::Amount.text(lang),
            ];
            app.rows.with_untracked(|rows| {
                let by_key: HashMap<u32, &kehu_core::query::CustomerRow> =
                    rows.iter().map(|r| (r.key, r)).collect();
                let cells = order.iter().map(|&k| {
                    let who = by_key.get(&all.customer[k]);
                    vec![
                        all.id[k].to_string().into(),
                        Day(all.day[k]).to_string().into(),
                        who.map_or("", |r| r.code.as_str()).into(),
                        who.map_or("", |r| r.name.as_str()).into(),
                        who.map_or("", |r| r.id.0.as_str()).into(),
                        Cents(all.cents[k]).to_string().into(),
                    ]
                });
                let stem = format!("kehu-orders-{}", crate::platform::today());
                if xlsx {
                    let bytes = kehu_core::xlsx::workbook(K::OrdersTitle.text(lang), &head, cells);
                    crate::platform::download_bytes(
                        &format!("{stem}.xlsx"),
                        crate::platform::XLSX,
                        &bytes,
                    );
                } else {
                    let csv = kehu_core::export::to_csv(&head, cells);
                    crate::platform::download(
                        &format!("{stem}.csv"),
                        "text/csv;charset=utf-8",
                        &csv,
                    );
                }
            });
        });
    };

    let rows = move || {
        arrived.track();
        let Some(ix) = index.get() else {
            return Vec::new();
        };
        let at = at.get();
        let (first, last, _) = window();
        (first..last)
            .map(|p| {
                let Some((no, row)) = locate(&ix, p) else {
                    return view! { <tr><td colspan="4"></td></tr> }.into_any();
                };
                let Some(cols) = chunks.with_value(|c| c.get(&no).cloned()) else {
                    fetch(no);
                    return view! {
                        <tr class="order-row loading-row"><td colspan="4" class="muted">"…"</td></tr>
                    }
                    .into_any();
                };
                let Some(&id) = cols.id.get(row) else {
                    return view! { <tr><td colspan="4"></td></tr> }.into_any();
                };
                let (day, cents, key) = (Day(cols.day[row]), Cents(cols.cents[row]), cols.customer[row]);
                let who = at.get(&key).and_then(|&n| {
                    app.rows
                        .with_untracked(|rows| rows.get(n).map(|r| (r.id.0.clone(), r.name.clone())))
                });
                view! {
                    <tr class="order-row" data-id=id>
                        <td class="col-date muted">"#"{id}</td>
                        <td class="col-date">{move || i18n::date(i.get(), day)}</td>
                        <td class="col-name">
                            {match who {
                                Some((cid, name)) => view! { <a href=Route::Customer(cid).href()>{name}</a> }.into_any(),
                                None => view! { <span class="muted">{move || i.t(K::OrdersNoCustomer)}</span> }.into_any(),
                            }}
                        </td>
                        <td class="num">{move || i18n::money(cents, cur(), false)}</td>
                    </tr>
                }
                .into_any()
            })
            .collect_view()
    };

    view! {
        <section class="page orders-page">
            <div class="page-head">
                <h1>{move || i.t(K::OrdersTitle)}</h1>
                <a class="btn" href=Route::Import(kehu_core::import::mapping::ImportKind::Orders).href()>{move || i.t(K::OrdersImport)}</a>
            </div>
            <p class="lead">{move || i.t(K::OrdersLead)}</p>
            {move || match read.get().map(|r| r.map(|ix| ix.is_empty())) {
                None => view! { <p class="loading">{move || i.t(K::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! {
                    <p class="panel panel-error" role="alert">{move || i18n::store_error(i.get(), &e)}</p>
                }.into_any(),
                Some(Ok(true)) => view! {
                    <p class="panel" id="orders-empty">{move || i.t(K::OrdersEmpty)}</p>
                }.into_any(),
                Some(Ok(false)) => view! {
                    <div class="list-actions">
                        <p class="result-count" id="order-count" aria-live="polite">
                            {move || format!("{} {}", i18n::count(total()), i.t(K::OrdersListed))}
                        </p>
                        <button class="btn btn-link" id="orders-export-csv" disabled=move || exporting.get()
                            on:click=move |_| export(false)>{move || i.t(K::ExportCsv)}</button>
                        // A sheet holds 1,048,576 rows, the header one of them.
                        <button class="btn btn-link" id="orders-export-xlsx" disabled=move || { exporting.get() || total() >= 1 << 20 }
                            on:click=move |_| export(true)>{move || i.t(K::ExportXlsx)}</button>
                    </div>
                }.into_any(),
            }}
            <Show when=move || { total() > 0 }>
                // Focusable, so the arrow and page keys scroll it.
                <div class="table-wrap order-scroll" id="order-scroll" tabindex="0" node_ref=viewport on:scroll=on_scroll
                    role="region" aria-label=move || i.t(K::OrdersTitle)>
                    <table class="table" id="order-table" aria-rowcount=move || total() + 1>
                        <thead>
                            <tr>
                                <th scope="col">{move || i.t(K::Order)}</th>
                                <th scope="col">{move || i.t(K::OrderDate)}</th>
                                <th scope="col">{move || i.t(K::OrdersCustomer)}</th>
                                <th scope="col" class="num">{move || i.t(K::Amount)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            <tr class="spacer" aria-hidden="true">
                                <td colspan="4" style:height=move || format!("{}px", window().0 as f64 * ROW_H)></td>
                            </tr>
                            {rows}
                            <tr class="spacer" aria-hidden="true">
                                <td colspan="4" style:height=move || {
                                    let (_, last, n) = window();
                                    format!("{}px", (n - last) as f64 * ROW_H)
                                }></td>
                            </tr>
                        </tbody>
                    </table>
                </div>
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::locate;

    #[test]
    fn positions_run_newest_first_across_chunks() {
        // Chunk 3 holds 2 orders, chunk 1 holds 3: position 0 is chunk 3's last row.
        let ix = [(3, 2), (1, 3)];
        assert_eq!(locate(&ix, 0), Some((3, 1)));
        assert_eq!(locate(&ix, 1), Some((3, 0)));
        assert_eq!(locate(&ix, 2), Some((1, 2)));
        assert_eq!(locate(&ix, 4), Some((1, 0)));
        assert_eq!(locate(&ix, 5), None);
    }
}
