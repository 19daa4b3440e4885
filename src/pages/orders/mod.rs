//! Every order, the most recently entered first, in a virtually scrolled table: the page
//! reads the order store's directory (a chunk's number and order count), works out which
//! chunk holds each visible row, and reads only those chunks (16,384 orders each, a few
//! kept). A million orders scroll like a hundred: the table holds the rows in view and
//! two spacers.

use crate::data::{self, Topic};
use crate::i18n::{self, K, Label, use_i18n};
use crate::route::Route;
use crate::state::{AppState, db, use_app};
use kehu_core::{Cents, Day, OrderColumns};
use leptos::html;
use leptos::prelude::*;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
mod export;
pub(crate) mod messages;
use messages as M;

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

/// The rows of list positions `[first, last)` to draw, of `n`, for a viewport scrolled
/// to `scroll` pixels and `height` tall.
fn window(scroll: f64, height: f64, n: usize) -> (usize, usize) {
    let first = ((scroll / ROW_H) as usize).saturating_sub(OVERSCAN).min(n);
    let shown = (height / ROW_H).ceil() as usize + 2 * OVERSCAN;
    (first, (first + shown).min(n))
}

/// The chunks read so far (a few, the nearest to the rows in view) and those being read.
#[derive(Clone, Copy)]
struct Chunks {
    kept: StoredValue<HashMap<u32, Arc<OrderColumns>>>,
    pending: StoredValue<HashSet<u32>>,
    /// Bumped when a chunk arrives, so the rows waiting for it are drawn.
    arrived: RwSignal<u32>,
}

impl Chunks {
    fn new() -> Chunks {
        Chunks {
            kept: StoredValue::new(HashMap::new()),
            pending: StoredValue::new(HashSet::new()),
            arrived: RwSignal::new(0),
        }
    }

    /// Forgets every chunk: the orders changed.
    fn clear(self) {
        self.kept.update_value(HashMap::clear);
        self.pending.update_value(HashSet::clear);
    }

    fn get(self, no: u32) -> Option<Arc<OrderColumns>> {
        self.kept.with_value(|c| c.get(&no).cloned())
    }

    /// Reads chunk `no` unless it is here or on its way.
    fn fetch(self, no: u32, app: AppState) {
        if self.kept.with_value(|c| c.contains_key(&no))
            || self.pending.with_value(|p| p.contains(&no))
        {
            return;
        }
        self.pending.update_value(|p| {
            p.insert(no);
        });
        leptos::task::spawn_local(async move {
            let r = async { db()?.order_chunk(no).await }.await;
            self.pending.update_value(|p| {
                p.remove(&no);
            });
            match r {
                Ok(cols) => {
                    self.kept.update_value(|c| {
                        // The chunk farthest from this one goes: the visible rows are
                        // in this chunk and its neighbours.
                        if c.len() >= KEPT_CHUNKS
                            && let Some(&old) = c.keys().max_by_key(|&&k| k.abs_diff(no))
                        {
                            c.remove(&old);
                        }
                        c.insert(no, Arc::new(cols));
                    });
                    self.arrived.update(|a| *a += 1);
                }
                Err(e) => app.report(&e),
            }
        });
    }
}

#[component]
pub fn OrderList() -> impl IntoView {
    let app = use_app();
    let i = use_i18n();
    let chunks = Chunks::new();
    // Any change to orders: the directory again, and no chunk read before it.
    let read = data::resource(vec![Topic::Orders], move |db| async move {
        let ix = db.order_chunks().await?;
        chunks.clear();
        Ok(Arc::new(ix))
    });
    let index = Signal::derive(move || read.get().and_then(Result::ok));
    let total = Signal::derive(move || {
        index.with(|ix| {
            ix.as_ref()
                .map_or(0, |ix| ix.iter().map(|&(_, n)| n as usize).sum())
        })
    });
    let exporting = RwSignal::new(false);
    // Taken here: the download runs in a task, outside the page's context.
    let roster = crate::roster::use_roster();
    let export = move |xlsx: bool| {
        exporting.set(true);
        let roster = roster.get_untracked();
        leptos::task::spawn_local(async move {
            export::download(app, i.lang.get_untracked(), xlsx, roster).await;
            exporting.set(false);
        });
    };
    view! {
        <section class="page orders-page">
            <div class="page-head">
                <h1>{i.tr(M::OrdersTitle)}</h1>
                <div class="page-actions">
                    <a class="btn" id="to-quotes" href=Route::Quotes(Default::default()).href()>{i.tr(K::QuotesLink)}</a>
                    <a class="btn" id="to-products" href=Route::Products(Default::default()).href()>{i.tr(K::ProductsLink)}</a>
                    <a class="btn" id="to-receivables" href=Route::Receivables(Default::default()).href()>{i.tr(M::ReceivablesLink)}</a>
                    <a class="btn" id="to-reports" href=Route::Reports(Default::default()).href()>{i.tr(K::ReportsLink)}</a>
                    <a class="btn" href=Route::Import(kehu_core::import::mapping::ImportKind::Orders).href()>{i.tr(M::OrdersImport)}</a>
                </div>
            </div>
            <p class="lead">{i.tr(M::OrdersLead)}</p>
            {move || match read.get().map(|r| r.map(|ix| ix.is_empty())) {
                None => view! { <p class="loading">{i.tr(K::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! {
                    <p class="panel panel-error" role="alert">{move || i18n::store_error(i.get(), &e)}</p>
                }.into_any(),
                Some(Ok(true)) => view! {
                    <p class="panel" id="orders-empty">{i.tr(M::OrdersEmpty)}</p>
                }.into_any(),
                Some(Ok(false)) => view! {
                    <div class="list-actions">
                        <p class="result-count" id="order-count" aria-live="polite">
                            {move || M::orders_listed(i.get(), total.get())}
                        </p>
                        <button class="btn btn-link" id="orders-export-csv" disabled=move || exporting.get()
                            on:click=move |_| export(false)>{i.tr(K::ExportCsv)}</button>
                        // A sheet holds 1,048,576 rows, the header one of them.
                        <button class="btn btn-link" id="orders-export-xlsx" disabled=move || { exporting.get() || total.get() >= 1 << 20 }
                            on:click=move |_| export(true)>{i.tr(K::ExportXlsx)}</button>
                    </div>
                }.into_any(),
            }}
            <Show when=move || { total.get() > 0 }>
                <OrderTable index chunks total/>
            </Show>
        </section>
    }
}

/// The order store's directory: each chunk's number and order count, newest first.
type Directory = Option<Arc<Vec<(u32, u32)>>>;

/// The scrolled table: two spacers and the rows in view.
#[component]
fn OrderTable(index: Signal<Directory>, chunks: Chunks, total: Signal<usize>) -> impl IntoView {
    let i = use_i18n();
    let scroll = RwSignal::new(0.0f64);
    let height = RwSignal::new(600.0f64);
    let viewport = NodeRef::<html::Div>::new();
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
    let app = use_app();
    // Where each customer key is in the list rows in memory (positions, not copies:
    // only the rows in view read their names).
    let places = Memo::new(move |_| {
        app.rows.with(|rows| {
            Arc::new(
                rows.iter()
                    .enumerate()
                    .map(|(n, r)| (r.key, n))
                    .collect::<HashMap<u32, usize>>(),
            )
        })
    });
    let window = move || window(scroll.get(), height.get(), total.get());
    let rows = move || {
        chunks.arrived.track();
        let Some(ix) = index.get() else {
            return Vec::new();
        };
        let places = places.get();
        let (first, last) = window();
        (first..last)
            .map(|p| view! { <OrderRow at=locate(&ix, p) chunks places=places.clone()/> })
            .collect_view()
    };
    view! {
        // Focusable, so the arrow and page keys scroll it.
        <div class="table-wrap order-scroll" id="order-scroll" tabindex="0" node_ref=viewport on:scroll=on_scroll
            role="region" aria-label=i.tr(M::OrdersTitle)>
            <table class="table" id="order-table" aria-rowcount=move || total.get() + 1>
                <thead>
                    <tr>
                        <th scope="col" class="col-ref">{i.tr(K::Order)}</th>
                        <th scope="col">{i.tr(K::OrderDate)}</th>
                        <th scope="col">{i.tr(M::OrdersCustomer)}</th>
                        <th scope="col" class="num">{i.tr(K::Amount)}</th>
                        <th scope="col" class="col-status">{i.tr(K::FOrderStatus)}</th>
                    </tr>
                </thead>
                <tbody>
                    <tr class="spacer" aria-hidden="true">
                        <td colspan="5" style:height=move || format!("{}px", window().0 as f64 * ROW_H)></td>
                    </tr>
                    {rows}
                    <tr class="spacer" aria-hidden="true">
                        <td colspan="5" style:height=move || {
                            let (_, last) = window();
                            format!("{}px", (total.get() - last) as f64 * ROW_H)
                        }></td>
                    </tr>
                </tbody>
            </table>
        </div>
    }
}

/// One order (its chunk and row), or a placeholder while its chunk is read.
#[component]
fn OrderRow(
    at: Option<(u32, usize)>,
    chunks: Chunks,
    places: Arc<HashMap<u32, usize>>,
) -> impl IntoView {
    let app = use_app();
    let i = use_i18n();
    let Some((no, row)) = at else {
        return view! { <tr><td colspan="5"></td></tr> }.into_any();
    };
    let Some(cols) = chunks.get(no) else {
        chunks.fetch(no, app);
        return view! {
            <tr class="order-row loading-row"><td colspan="5" class="muted">"…"</td></tr>
        }
        .into_any();
    };
    let Some(&id) = cols.id.get(row) else {
        return view! { <tr><td colspan="5"></td></tr> }.into_any();
    };
    let (day, cents, key, status) = (
        Day(cols.day[row]),
        Cents(cols.cents[row]),
        cols.customer[row],
        cols.status_of(row),
    );
    let who = places.get(&key).and_then(|&n| {
        app.rows
            .with_untracked(|rows| rows.get(n).map(|r| (r.id.0.clone(), r.name.clone())))
    });
    view! {
        <tr class="order-row" data-id=id>
            <td class="col-ref muted">"#"{id}</td>
            <td class="col-day">{move || i18n::date(i.get(), day)}</td>
            <td class="col-name">
                {match who {
                    Some((cid, name)) => view! { <a href=Route::Customer(cid).href()>{name}</a> }.into_any(),
                    None => view! { <span class="muted">{i.tr(M::OrdersNoCustomer)}</span> }.into_any(),
                }}
            </td>
            <td class="num">{move || i18n::money(cents, app.currency.get(), false)}</td>
            <td class=if status.unpaid() { "col-status unpaid" } else { "col-status" }>{move || status.label(i.get())}</td>
        </tr>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::{locate, window};

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

    #[test]
    fn the_rows_drawn_are_those_in_view_and_a_margin() {
        // 600 px at 40 px a row is 15 rows, and 8 either side.
        assert_eq!(window(0.0, 600.0, 1000), (0, 31));
        assert_eq!(window(4000.0, 600.0, 1000), (92, 123));
        assert_eq!(window(40_000.0, 600.0, 1000), (992, 1000), "at the end");
        assert_eq!(window(0.0, 600.0, 3), (0, 3));
    }
}
