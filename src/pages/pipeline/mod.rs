//! The pipeline board: every opportunity in the column of where it stands (the four open
//! stages, then won and lost), moved by dragging a card to another column or, from the
//! keyboard, by the arrow keys on a focused card. Filters by owner, close month and
//! amount. The grouping and filtering are `board.rs`, tested natively.

use crate::data::{self, Topic};
use crate::i18n::{self, K, Label, use_i18n};
use crate::platform;
use crate::roster::{owner_name, use_roster};
use crate::route::Route;
use crate::state::{AppState, use_app};
use kehu_core::Cents;
use kehu_core::opportunity::{Opportunity, Standing};
use leptos::prelude::*;
mod board;
mod form;
mod list;
mod messages;
use board::{Board, BoardFilter, CLOSED_SHOWN_DAYS, Card, FilterProblem};
pub use form::OpportunityPage;
use kehu_core::opportunity::SETTLED;
pub use list::{OpportunityList, period as opened_period};
use messages as M;

/// The board's state: the opportunities as read, the filter, the card being dragged and
/// the last move said aloud.
#[derive(Clone, Copy)]
struct Pipeline {
    app: AppState,
    /// The open opportunities and those closed in the last [`CLOSED_SHOWN_DAYS`], and
    /// how many there are in all.
    opps: LocalResource<Result<(Vec<Opportunity>, u32), kehu_store::StoreError>>,
    filter: RwSignal<BoardFilter>,
    dragging: RwSignal<Option<String>>,
    said: RwSignal<String>,
    /// The card to give the focus when it is drawn again (after a keyboard move).
    focus: RwSignal<Option<String>>,
    /// The open tasks (a card shows its opportunity's next).
    tasks: Memo<Vec<kehu_core::Task>>,
}

impl Pipeline {
    fn new() -> Pipeline {
        Pipeline {
            app: use_app(),
            // Through the `settled` index: the thousands closed long ago are not read.
            opps: data::resource(vec![Topic::of::<Opportunity>()], |db| async move {
                let since = kehu_core::Day(platform::today().0 - CLOSED_SHOWN_DAYS);
                let from = Opportunity::settled_since(since);
                let read = db.docs_from::<Opportunity>(SETTLED, &from).await;
                // Reading thousands of cards is one task, drawing them another: each
                // stays short.
                platform::next_task().await;
                read
            }),
            filter: RwSignal::new(BoardFilter::default()),
            dragging: RwSignal::new(None),
            said: RwSignal::new(String::new()),
            focus: RwSignal::new(None),
            tasks: expect_context::<crate::pages::tasks::reminders::OpenTasks>().0,
        }
    }

    /// The board as filtered, with customer names from the list rows.
    fn board(self) -> Option<Board> {
        let today = platform::today();
        let app = self.app;
        app.row_of.with(|row_of| {
            app.rows.with(|rows| {
                let name = |id: &str| {
                    row_of
                        .get(id)
                        .and_then(|&k| rows.get(k as usize))
                        .map(|r| r.name.clone())
                        .unwrap_or_default()
                };
                self.opps.with(|o| match o {
                    Some(Ok((list, total))) => {
                        let total = *total as usize;
                        Some(
                            self.filter
                                .with(|f| Board::of(list, total, f, &name, today))
                                .with_tasks(&self.tasks.get()),
                        )
                    }
                    _ => None,
                })
            })
        })
    }

    /// Moves opportunity `id` to `to`, keeping the focus on its card (keyboard moves).
    fn move_to(self, id: &str, to: Standing, focus: bool) {
        let found = self.opps.with_untracked(|o| {
            o.as_ref()
                .and_then(|r| r.as_ref().ok())
                .and_then(|(l, _)| l.iter().find(|x| x.id.0 == id).cloned())
        });
        let Some(mut o) = found else { return };
        if o.standing == to {
            return;
        }
        o.move_to(to, platform::now());
        let (i, title) = (use_i18n(), o.title.clone());
        if focus {
            // Set before the write: the board is drawn again once it rereads.
            self.focus.set(Some(o.id.0.clone()));
        }
        self.app.write(
            move |db| async move { db.put_doc(&o).await },
            move |_| self.said.set(M::moved(i.lang.get_untracked(), &title, to)),
        );
    }
}

#[component]
pub fn PipelinePage() -> impl IntoView {
    let i = use_i18n();
    let p = Pipeline::new();
    let board = Memo::new(move |_| p.board());
    let showing = Memo::new(move |_| {
        board.with(|b| match b {
            None => Showing::Loading,
            Some(b) if b.total == 0 => Showing::Empty,
            Some(b) if b.columns.iter().all(|(_, c)| c.is_empty()) => Showing::NoMatch,
            Some(_) => Showing::Board,
        })
    });
    view! {
        <div class="page-head">
            <h1>{i.tr(M::Title)}</h1>
            <div class="page-actions">
                <a class="btn" id="to-leads" href=Route::Leads(Default::default()).href()>{i.tr(M::ToLeads)}</a>
                <a class="btn" id="to-expenses" href=Route::Expenses(Default::default()).href()>{i.tr(crate::i18n::K::ExpensesLink)}</a>
                <a class="btn" id="to-sales" href=Route::Insights(crate::route::Tab::Sales).href()>{i.tr(M::ToSales)}</a>
                <a class="btn" id="import-opportunities" href=Route::Import(kehu_core::import::mapping::ImportKind::Opportunities).href()>{i.tr(crate::i18n::K::NavImport)}</a>
            </div>
        </div>
        <p class="muted">{i.tr(M::Intro)}</p>
        <p class="visually-hidden" id="board-keys">{i.tr(M::Keys)}</p>
        <Filters p=p/>
        <p class="visually-hidden" role="status" aria-live="polite" id="board-said">{move || p.said.get()}</p>
        {move || match showing.get() {
            Showing::Loading => view! { <p class="loading">{i.t(K::Loading)}</p> }.into_any(),
            Showing::Empty => view! { <p class="panel muted" id="no-opportunities">{i.t(M::Empty)}</p> }.into_any(),
            Showing::NoMatch => view! { <p class="panel muted" id="no-match">{i.t(M::NoMatch)}</p> }.into_any(),
            Showing::Board => view! { <BoardView p=p board=board/> }.into_any(),
        }}
    }
}

/// What the board's place on the page shows: only a change of this draws it anew; a
/// card moved redraws only the columns it left and joined, and in them only itself.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Showing {
    Loading,
    Empty,
    NoMatch,
    Board,
}

#[component]
fn Filters(p: Pipeline) -> impl IntoView {
    let i = use_i18n();
    let set = move |f: fn(&mut BoardFilter, String), v: String| p.filter.update(|x| f(x, v));
    // The message for the month's (or the amount's) filter when it filters nothing.
    let problem = move |amount: bool| {
        let l = i.get();
        p.filter.with(|f| {
            f.problems().into_iter().find_map(|x| match x {
                FilterProblem::Month if !amount => Some(M::BadMonth.text(l).to_string()),
                FilterProblem::Amount(pr) if amount => {
                    Some(M::bad_amount(l, &i18n::problem(l, &pr)))
                }
                _ => None,
            })
        })
    };
    view! {
        <div class="toolbar board-filters">
            <crate::components::PeopleFilter id="board-owner" label=K::FOppOwner any=M::AnyOwner
                value=Signal::derive(move || p.filter.with(|f| f.owner.clone()))
                on_pick=move |v| set(|f, v| f.owner = v, v)/>
            <div class="field field-inline">
                <label for="board-month">{i.tr(M::CloseMonth)}</label>
                <input id="board-month" type="month" on:change=move |ev| set(|f, v| f.month = v, event_target_value(&ev))/>
            </div>
            <div class="field field-inline">
                <label for="board-min">{i.tr(M::MinAmount)}</label>
                <input id="board-min" type="text" inputmode="decimal" size="8"
                    aria-invalid=move || problem(true).is_some().to_string() aria-describedby="board-filter-err"
                    on:change=move |ev| set(|f, v| f.min_amount = v, event_target_value(&ev))/>
            </div>
            <p class="field-error" id="board-filter-err" role="alert">
                {move || problem(false).or_else(|| problem(true))}
            </p>
        </div>
    }
}

#[component]
fn BoardView(p: Pipeline, board: Memo<Option<Board>>) -> impl IntoView {
    let i = use_i18n();
    let app = p.app;
    let cur = move || app.currency.get();
    let figure = move |f: fn(&Board) -> i64| board.with(|b| b.as_ref().map_or(0, f));
    let columns = Standing::ALL.map(|standing| {
        let cards = Memo::new(move |_| {
            board.with(|b| {
                b.iter()
                    .flat_map(|b| &b.columns)
                    .find(|(s, _)| *s == standing)
                    .map(|(_, c)| c.clone())
                    .unwrap_or_default()
            })
        });
        view! { <Column p=p standing=standing cards=cards/> }
    });
    view! {
        <div class="stats stats-small" id="board-stats">
            <crate::components::Stat label=Signal::derive(move || i.t(M::OpenCount).to_string())
                value=Signal::derive(move || i18n::count(figure(|b| b.open_count as i64) as usize))/>
            <crate::components::Stat label=Signal::derive(move || i.t(M::OpenAmount).to_string())
                value=Signal::derive(move || i18n::money(Cents(figure(|b| b.open_amount.0)), cur(), false))/>
            <crate::components::Stat label=Signal::derive(move || i.t(M::Weighted).to_string())
                value=Signal::derive(move || i18n::money(Cents(figure(|b| b.weighted.0)), cur(), false))/>
        </div>
        <div class="board" id="board">{columns.into_iter().collect_view()}</div>
    }
}

#[component]
fn Column(p: Pipeline, standing: Standing, cards: Memo<Vec<Card>>) -> impl IntoView {
    let i = use_i18n();
    let app = p.app;
    let over = RwSignal::new(false);
    let total = move || Cents(cards.with(|cs| cs.iter().map(|c| c.amount.0).sum()));
    let n = move || cards.with(Vec::len);
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        over.set(false);
        let id = ev
            .data_transfer()
            .and_then(|d| d.get_data("text/plain").ok())
            .filter(|s| !s.is_empty())
            .or_else(|| p.dragging.get_untracked());
        if let Some(id) = id {
            p.move_to(&id, standing, false);
        }
        p.dragging.set(None);
    };
    let label = move || standing.label(i.get());
    view! {
        <section class="board-col" class:drop-over=move || over.get() data-stage=standing.code()
            aria-label=label
            on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); over.set(true); }
            on:dragleave=move |_| over.set(false)
            on:drop=on_drop>
            <header class="board-col-head">
                <h2>{label}</h2>
                <span class="muted">{move || i18n::count(n())}" · "{move || i18n::money(total(), app.currency.get(), true)}</span>
            </header>
            <CardList p=p cards=cards/>
        </section>
    }
}

#[component]
fn CardView(p: Pipeline, c: Card) -> impl IntoView {
    let i = use_i18n();
    let app = p.app;
    let roster = use_roster();
    let (id, standing) = (c.id.clone(), c.standing);
    let (drag_id, key_id) = (id.clone(), id.clone());
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let step = match ev.key().as_str() {
            "ArrowRight" => 1,
            "ArrowLeft" => -1,
            _ => return,
        };
        ev.prevent_default();
        if let Some(to) = standing.step(step) {
            p.move_to(&key_id, to, true);
        }
    };
    let owner = c.owner.clone();
    let href = Route::Opportunity(id.clone()).href();
    if p.focus
        .with_untracked(|f| f.as_deref() == Some(id.as_str()))
    {
        let card = format!("opp-{id}");
        request_animation_frame(move || {
            platform::focus(&card);
            p.focus.set(None);
        });
    }
    view! {
        <li class="opp-card" id=format!("opp-{id}") data-id=id.clone() tabindex="0" draggable="true"
            aria-describedby="board-keys"
            on:dragstart=move |ev: leptos::ev::DragEvent| {
                if let Some(d) = ev.data_transfer() { let _ = d.set_data("text/plain", &drag_id); }
                p.dragging.set(Some(drag_id.clone()));
            }
            on:keydown=on_key>
            <a class="opp-title" href=href>{c.title.clone()}</a>
            <div class="opp-customer">{c.customer_name.clone()}</div>
            <div class="opp-meta">
                <span class="opp-amount">{move || i18n::money(c.amount, app.currency.get(), false)}</span>
                <span class="muted">{move || M::in_stage(i.get(), c.days_in_stage)}</span>
            </div>
            // The next step, unless the next task says the same.
            {(!c.next_step.is_empty() && c.next_task.as_ref().is_none_or(|t| t.title != c.next_step))
                .then(|| view! { <div class="opp-next">{c.next_step.clone()}</div> })}
            {c.next_task.clone().map(|t| view! { <crate::pages::tasks::NextTask t=t/> })}
            {(!owner.is_empty()).then(|| view! { <div class="opp-owner muted">{move || roster.with(|r| owner_name(r, &owner))}</div> })}
            <MoveButtons p=p id=id.clone() standing=standing/>
        </li>
    }
}

/// The previous and next stage as buttons, for a touch screen (CSS shows them there).
#[component]
fn MoveButtons(p: Pipeline, id: String, standing: Standing) -> impl IntoView {
    let i = use_i18n();
    let button = move |step: i32, arrow: &'static str| {
        let id = id.clone();
        standing.step(step).map(|to| {
            let label = move || M::move_to(i.get(), to);
            let text = move || match step {
                -1 => format!("{arrow} {}", to.label(i.get())),
                _ => format!("{} {arrow}", to.label(i.get())),
            };
            view! {
                <button type="button" class="btn btn-small" aria-label=label
                    on:click=move |_| p.move_to(&id, to, false)>{text}</button>
            }
        })
    };
    view! { <div class="opp-move">{button(-1, "‹")}{button(1, "›")}</div> }
}

/// Cards drawn at first in a column, and more at each "show more": a column of
/// hundreds would take the page seconds to draw, and nobody reads past the first few.
const SHOWN: usize = 40;

/// A column's cards, the first [`SHOWN`] (and as far as the card that is to take the
/// focus), then a button for more. Cards are keyed by what they show: a change redraws
/// only the cards it changed.
#[component]
fn CardList(p: Pipeline, cards: Memo<Vec<Card>>) -> impl IntoView {
    let i = use_i18n();
    let shown = RwSignal::new(SHOWN);
    // A card moved here by keyboard keeps the focus, so the list reaches it.
    Effect::new(move |_| {
        let at = cards.with(|cs| {
            p.focus.with_untracked(|f| {
                f.as_ref()
                    .and_then(|id| cs.iter().position(|c| &c.id == id))
            })
        });
        if let Some(at) = at
            && at >= shown.get_untracked()
        {
            shown.set(at + 1);
        }
    });
    let total = move || cards.with(Vec::len);
    let each = move || cards.with(|cs| cs.iter().take(shown.get()).cloned().collect::<Vec<_>>());
    view! {
        <ul class="board-cards">
            <For each=each key=Card::key let:c>
                <CardView p=p c=c/>
            </For>
        </ul>
        <Show when=move || { shown.get() < total() }>
            <button type="button" class="btn btn-small board-more" on:click=move |_| shown.update(|n| *n += SHOWN)>
                {move || M::show_more(i.get(), SHOWN.min(total() - shown.get()), total())}
            </button>
        </Show>
    }
}
