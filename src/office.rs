//! The back office: pages a visit rarely opens (the import wizard and its history,
//! duplicates, staff, leads, the surveys, products, quotes and expenses, the service
//! desk, campaigns), built as a second wasm binary,
//! `kehu-office` (src/bin/office.rs), which the page loads the first time one of them is
//! opened. Every visit then downloads only the page's binary, and a new back-office page
//! costs the page nothing.
//!
//! The office is a Leptos app of its own, mounted once into a box the shell keeps
//! inside `<main>` and living as long as the page. It reads the same route (the address
//! bar's hash) and shows a page only while the route is one of its own; it opens its
//! own connection to the database and follows the page's writes as it follows another
//! tab's (the store's broadcast channel reaches every connection but the writer's), and
//! the page follows the office's the same way. Settings are shared through local
//! storage: a change is announced by an event on the window (`platform::set_setting`),
//! on which the office rereads the language and the currency.

use crate::i18n::{I18n, K};
use crate::pages;
use crate::platform;
use crate::route::{Params, Route, use_route};
use crate::state::{AppState, DbStatus};
use kehu_core::SurveyKind;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// A page of the office.
#[derive(Debug, Clone, PartialEq)]
pub enum OfficePage {
    Import,
    Imports,
    Duplicates,
    Staff,
    Surveys,
    NewSurvey(SurveyKind),
    EditSurvey(String),
    Leads,
    Lead(Option<String>),
    Products,
    Product(Option<String>),
    Quotes,
    Quote(Option<String>),
    QuotePrint(String),
    Expenses,
    Expense(Option<String>),
    Tickets,
    Ticket(Option<String>),
    ServiceLevels,
    Contracts,
    Contract(Option<String>),
    Articles,
    Article(Option<String>),
    CareRules,
    CareRule(Option<String>),
    Campaigns,
    Campaign(Option<String>),
    Rewards,
    Sync,
    Receivables,
    Reports,
}

impl OfficePage {
    /// The office's page for `route`, if it is one. The query is left out (the page
    /// reads it), so that a list rewriting it as the user types is not rebuilt.
    pub fn of(route: &Route) -> Option<OfficePage> {
        Some(match route {
            Route::Import(_) => OfficePage::Import,
            Route::Imports => OfficePage::Imports,
            Route::Duplicates => OfficePage::Duplicates,
            Route::Staff => OfficePage::Staff,
            Route::Surveys => OfficePage::Surveys,
            Route::NewSurvey(k) => OfficePage::NewSurvey(*k),
            Route::EditSurvey(id) => OfficePage::EditSurvey(id.clone()),
            Route::Leads(_) => OfficePage::Leads,
            Route::Lead(id) => OfficePage::Lead(Some(id.clone())),
            Route::NewLead => OfficePage::Lead(None),
            Route::Products(_) => OfficePage::Products,
            Route::Product(id) => OfficePage::Product(Some(id.clone())),
            Route::NewProduct => OfficePage::Product(None),
            Route::Quotes(_) => OfficePage::Quotes,
            Route::Quote(id) => OfficePage::Quote(Some(id.clone())),
            Route::NewQuote(_) => OfficePage::Quote(None),
            Route::QuotePrint(id) => OfficePage::QuotePrint(id.clone()),
            Route::Expenses(_) => OfficePage::Expenses,
            Route::Expense(id) => OfficePage::Expense(Some(id.clone())),
            Route::NewExpense(_) => OfficePage::Expense(None),
            Route::Tickets(_) => OfficePage::Tickets,
            Route::Ticket(id) => OfficePage::Ticket(Some(id.clone())),
            Route::NewTicket(_) => OfficePage::Ticket(None),
            Route::ServiceLevels => OfficePage::ServiceLevels,
            Route::Contracts(_) => OfficePage::Contracts,
            Route::Contract(id) => OfficePage::Contract(Some(id.clone())),
            Route::NewContract(_) => OfficePage::Contract(None),
            Route::Articles(_) => OfficePage::Articles,
            Route::CareRules => OfficePage::CareRules,
            Route::CareRule(id) => OfficePage::CareRule(Some(id.clone())),
            Route::NewCareRule => OfficePage::CareRule(None),
            Route::Campaigns => OfficePage::Campaigns,
            Route::Campaign(id) => OfficePage::Campaign(Some(id.clone())),
            Route::NewCampaign => OfficePage::Campaign(None),
            Route::Rewards => OfficePage::Rewards,
            Route::Sync => OfficePage::Sync,
            Route::Article(id) => OfficePage::Article(Some(id.clone())),
            Route::NewArticle(_) => OfficePage::Article(None),
            Route::Receivables(_) => OfficePage::Receivables,
            Route::Reports(_) => OfficePage::Reports,
            _ => return None,
        })
    }
}

// ---- The page's side: loading the office ----

#[wasm_bindgen(module = "/js/office.js")]
extern "C" {
    #[wasm_bindgen(catch)]
    fn load_office(el: &web_sys::HtmlElement) -> Result<js_sys::Promise, JsValue>;
}

/// Where loading the office stands.
#[derive(Debug, Clone, PartialEq)]
enum Load {
    NotYet,
    Loading,
    Ready,
    Failed,
}

/// The box the office lives in, and while it loads (or failed to), what the user sees
/// in its place. Rendered once by the shell, for the page's whole life.
#[component]
pub fn OfficeHost(route: RwSignal<Route>) -> impl IntoView {
    let i = use_context::<I18n>().expect("i18n");
    let load = RwSignal::new(Load::NotYet);
    let here = Memo::new(move |_| OfficePage::of(&route.get()).is_some());
    let node = NodeRef::<leptos::html::Div>::new();
    let start = move || {
        let Some(el) = node.get_untracked() else {
            return;
        };
        load.set(Load::Loading);
        let el: web_sys::HtmlElement = el.into();
        leptos::task::spawn_local(async move {
            let loaded = match load_office(&el) {
                Ok(p) => wasm_bindgen_futures::JsFuture::from(p).await.map(|_| ()),
                Err(e) => Err(e),
            };
            match loaded {
                Ok(()) => load.set(Load::Ready),
                Err(e) => {
                    web_sys::console::error_2(&"kehu: the office did not load".into(), &e);
                    load.set(Load::Failed);
                }
            }
        });
    };
    Effect::new(move |_| {
        if here.get() && load.get_untracked() == Load::NotYet {
            start();
        }
    });
    let status = move || match (here.get(), load.get()) {
        (true, Load::NotYet | Load::Loading) => {
            Some(view! { <p class="loading">{i.tr(K::Loading)}</p> }.into_any())
        }
        (true, Load::Failed) => Some(
            view! {
                <div class="panel panel-error" role="alert">
                    <p>{i.tr(K::OfficeFailed)}</p>
                    <button class="btn btn-primary" on:click=move |_| start()>
                        {i.tr(K::Retry)}
                    </button>
                </div>
            }
            .into_any(),
        ),
        _ => None,
    };
    view! {
        {status}
        <div id="office" node_ref=node></div>
    }
}

// ---- The office's side ----

/// Mounts the office into `el` (the host's box). Called once, by the page.
pub fn mount(el: web_sys::HtmlElement) {
    platform::install_panic_hook();
    leptos::mount::mount_to(el, OfficeApp).forget();
    // Its toasts join the page's stack (two stacks in one place covered each other).
    let slot = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(crate::components::OFFICE_SLOT))
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok());
    let state = SETTINGS.with(|s| *s.borrow());
    if let (Some(slot), Some((lang, app))) = (slot, state) {
        let i = I18n { lang };
        leptos::mount::mount_to(slot, move || crate::components::toast_items(app, i)).forget();
    }
}

/// Rereads the settings the office keeps in signals (the page changed one).
pub fn sync_settings() {
    SETTINGS.with(|s| {
        if let Some((lang, app)) = *s.borrow() {
            lang.set(platform::initial_lang());
            app.currency.set(crate::state::stored_currency());
        }
    });
}

thread_local! {
    static SETTINGS: std::cell::RefCell<Option<(RwSignal<crate::i18n::Lang>, AppState)>> =
        const { std::cell::RefCell::new(None) };
}

#[component]
fn OfficeApp() -> impl IntoView {
    let lang = RwSignal::new(platform::initial_lang());
    let i = I18n { lang };
    provide_context(i);
    let app = AppState::new(lang);
    provide_context(app);
    SETTINGS.with(|s| *s.borrow_mut() = Some((lang, app)));
    let on_setting = window_event_listener_untyped(platform::SETTING_EVENT, |_| sync_settings());
    on_cleanup(move || on_setting.remove());
    crate::roster::StaffRoster::provide(app, false);
    let route = use_route();
    provide_context(route);
    leptos::task::spawn_local(app.start());

    let page = Memo::new(move |_| OfficePage::of(&route.get()));
    move || match (app.status.get(), page.get()) {
        (_, None) => ().into_any(),
        (DbStatus::Ready, Some(p)) => office_page(p, route).into_any(),
        (DbStatus::Failed(e), Some(_)) => {
            let msg = move || crate::i18n::store_error(i.get(), &e);
            view! { <div class="panel panel-error" role="alert"><p>{msg}</p></div> }.into_any()
        }
        (_, Some(_)) => view! { <p class="loading">{i.tr(K::Loading)}</p> }.into_any(),
    }
}

fn office_page(page: OfficePage, route: RwSignal<Route>) -> impl IntoView {
    match page {
        OfficePage::Import => {
            let kind = match route.get_untracked() {
                Route::Import(k) => k,
                _ => kehu_core::import::mapping::ImportKind::Customers,
            };
            view! { <pages::import::ImportPage kind=kind/> }.into_any()
        }
        OfficePage::Imports => view! { <pages::imports::ImportHistory/> }.into_any(),
        OfficePage::Duplicates => view! { <pages::duplicates::Duplicates/> }.into_any(),
        OfficePage::Staff => view! { <pages::staff::StaffPage/> }.into_any(),
        OfficePage::Surveys => view! { <pages::surveys::SurveyList/> }.into_any(),
        OfficePage::NewSurvey(kind) => {
            view! { <pages::surveys::SurveyEditor id=None kind=kind/> }.into_any()
        }
        OfficePage::EditSurvey(id) => {
            view! { <pages::surveys::SurveyEditor id=Some(id) kind=SurveyKind::Custom/> }.into_any()
        }
        OfficePage::Leads => {
            let p = params_of(route);
            view! { <pages::leads::LeadsPage params=p/> }.into_any()
        }
        OfficePage::Lead(id) => view! { <pages::leads::LeadPage id=id/> }.into_any(),
        OfficePage::Products => {
            let p = params_of(route);
            view! { <pages::products::ProductsPage params=p/> }.into_any()
        }
        OfficePage::Product(id) => view! { <pages::products::ProductPage id=id/> }.into_any(),
        OfficePage::Quotes => {
            let p = params_of(route);
            view! { <pages::quotes::QuotesPage params=p/> }.into_any()
        }
        OfficePage::Quote(id) => {
            let p = params_of(route);
            view! { <pages::quotes::QuotePage id=id params=p/> }.into_any()
        }
        OfficePage::QuotePrint(id) => view! { <pages::quotes::QuotePrintPage id=id/> }.into_any(),
        OfficePage::Expenses => {
            let p = params_of(route);
            view! { <pages::expenses::ExpensesPage params=p/> }.into_any()
        }
        OfficePage::Expense(id) => {
            let p = params_of(route);
            view! { <pages::expenses::ExpensePage id=id params=p/> }.into_any()
        }
        OfficePage::Tickets => {
            let p = params_of(route);
            view! { <pages::tickets::TicketsPage params=p/> }.into_any()
        }
        OfficePage::Ticket(id) => {
            let p = params_of(route);
            view! { <pages::tickets::TicketPage id=id params=p/> }.into_any()
        }
        OfficePage::ServiceLevels => view! { <pages::tickets::ServiceLevelsPage/> }.into_any(),
        OfficePage::Contracts => {
            let p = params_of(route);
            view! { <pages::contracts::ContractsPage params=p/> }.into_any()
        }
        OfficePage::Contract(id) => {
            let p = params_of(route);
            view! { <pages::contracts::ContractPage id=id params=p/> }.into_any()
        }
        OfficePage::Articles => {
            let p = params_of(route);
            view! { <pages::articles::ArticlesPage params=p/> }.into_any()
        }
        OfficePage::Article(id) => {
            let p = params_of(route);
            view! { <pages::articles::ArticlePage id=id params=p/> }.into_any()
        }
        OfficePage::CareRules => view! { <pages::care::CareRulesPage/> }.into_any(),
        OfficePage::CareRule(id) => view! { <pages::care::CareRulePage id=id/> }.into_any(),
        OfficePage::Campaigns => view! { <pages::campaigns::CampaignsPage/> }.into_any(),
        OfficePage::Campaign(id) => view! { <pages::campaigns::CampaignPage id=id/> }.into_any(),
        OfficePage::Rewards => view! { <pages::rewards::RewardsPage/> }.into_any(),
        OfficePage::Sync => view! { <pages::sync::SyncPage/> }.into_any(),
        OfficePage::Receivables => {
            let p = params_of(route);
            view! { <pages::receivables::ReceivablesPage params=p/> }.into_any()
        }
        OfficePage::Reports => {
            let p = params_of(route);
            view! { <pages::reports::ReportsPage params=p route=route/> }.into_any()
        }
    }
}

/// The query of the route a page opened at (read once: the page keeps it after).
fn params_of(route: RwSignal<Route>) -> Params {
    match route.get_untracked() {
        Route::Products(p)
        | Route::Quotes(p)
        | Route::NewQuote(p)
        | Route::Leads(p)
        | Route::Expenses(p)
        | Route::NewExpense(p)
        | Route::Tickets(p)
        | Route::NewTicket(p)
        | Route::Contracts(p)
        | Route::NewContract(p)
        | Route::Articles(p)
        | Route::NewArticle(p)
        | Route::Receivables(p)
        | Route::Reports(p) => p,
        _ => Params::default(),
    }
}
