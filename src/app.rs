//! The shell: header, navigation, language switch, and the page for the current route.

use crate::components::Toasts;
use crate::i18n::{I18n, K, Lang, Msg};
use crate::office::{OfficeHost, OfficePage};
use crate::pages;
use crate::platform;
use crate::route::{Params, Route, Tab, use_route};
use crate::state::{AppState, DbStatus};
use kehu_core::Kind;
use leptos::prelude::*;

/// Which page is showing. Kept apart from the route's query so typing in the list's
/// search box (which rewrites the URL) never rebuilds the page under the cursor.
#[derive(Debug, Clone, PartialEq)]
enum Page {
    Home,
    Customers,
    NewCustomer(Kind),
    Customer(String),
    EditCustomer(String),
    Settings,
    Insights(Tab),
    Kiosk(Option<String>, Option<String>),
    Orders,
    Pipeline,
    Opportunities(Params),
    Opportunity(Option<String>, Option<String>),
    Tasks(Params),
    Task(Option<String>, Params),
    /// Shown by the office (`office.rs`).
    Office(OfficePage),
    NotFound,
}

#[component]
pub fn App() -> impl IntoView {
    let lang = RwSignal::new(platform::initial_lang());
    let i = I18n { lang };
    provide_context(i);
    let app = AppState::new(lang);
    provide_context(app);
    crate::roster::StaffRoster::provide(app, true);
    pages::tasks::reminders::OpenTasks::provide(app);
    crate::analytics::Analytics::provide();
    crate::care::provide();
    provide_context(crate::sync::Sync::new());
    leptos::task::spawn_local(crate::kiosk_lock::upgrade_stored_pin());
    // A kiosk locked on this device stays the page, whatever address was opened.
    if let Some(href) = crate::kiosk_lock::locked_at() {
        crate::route::lock_kiosk(Some(href.clone()));
        let hash = web_sys::window().and_then(|w| w.location().hash().ok());
        if !hash.is_some_and(|h| h.starts_with("#/kiosk")) {
            crate::route::replace_href(&href);
        }
    }
    let route = use_route();
    provide_context(route);

    Effect::new(move |_| {
        let l = lang.get();
        platform::set_document_lang(l);
        platform::set_setting("lang", l.code());
        if let Some(d) = web_sys::window().and_then(|w| w.document()) {
            d.set_title(&crate::i18n::tr!(l, "客户 kehu", "kehu"));
        }
    });
    leptos::task::spawn_local(app.start());

    let page = Memo::new(move |_| match route.get() {
        r @ (Route::Import(_)
        | Route::Imports
        | Route::Duplicates
        | Route::Staff
        | Route::Surveys
        | Route::NewSurvey(_)
        | Route::EditSurvey(_)
        | Route::Leads(_)
        | Route::Lead(_)
        | Route::NewLead
        | Route::Products(_)
        | Route::Product(_)
        | Route::NewProduct
        | Route::Quotes(_)
        | Route::Quote(_)
        | Route::NewQuote(_)
        | Route::QuotePrint(_)
        | Route::Expenses(_)
        | Route::Expense(_)
        | Route::NewExpense(_)
        | Route::Tickets(_)
        | Route::Ticket(_)
        | Route::NewTicket(_)
        | Route::ServiceLevels
        | Route::Contracts(_)
        | Route::Contract(_)
        | Route::NewContract(_)
        | Route::Articles(_)
        | Route::Article(_)
        | Route::NewArticle(_)
        | Route::CareRules
        | Route::CareRule(_)
        | Route::NewCareRule
        | Route::Campaigns
        | Route::Campaign(_)
        | Route::NewCampaign
        | Route::Rewards
        | Route::Sync
        | Route::Receivables(_)
        | Route::Reports(_)) => OfficePage::of(&r).map_or(Page::NotFound, Page::Office),
        Route::Home => Page::Home,
        Route::Customers(_) => Page::Customers,
        Route::NewCustomer(k) => Page::NewCustomer(k),
        Route::Customer(id) => Page::Customer(id),
        Route::EditCustomer(id) => Page::EditCustomer(id),
        Route::Settings => Page::Settings,
        Route::Insights(t) => Page::Insights(t),
        Route::Kiosk { customer, survey } => Page::Kiosk(customer, survey),
        Route::Orders => Page::Orders,
        Route::Pipeline => Page::Pipeline,
        Route::Opportunities(p) => Page::Opportunities(p),
        Route::Opportunity(id) => Page::Opportunity(Some(id), None),
        Route::NewOpportunity(c) => Page::Opportunity(None, Some(c)),
        Route::Tasks(p) => Page::Tasks(p),
        Route::Task(id) => Page::Task(Some(id), Params::default()),
        Route::NewTask(p) => Page::Task(None, p),
        Route::NotFound => Page::NotFound,
    });
    let body = move || match app.status.get() {
        DbStatus::Opening => view! { <p class="loading">{i.tr(K::Loading)}</p> }.into_any(),
        DbStatus::Failed(e) => {
            let msg = move || crate::i18n::store_error(i.get(), &e);
            view! {
                <div class="panel panel-error" role="alert">
                    <p>{msg}</p>
                    <button class="btn btn-primary" on:click=move |_| {
                        leptos::task::spawn_local(app.start());
                    }>{i.tr(K::Retry)}</button>
                </div>
            }
            .into_any()
        }
        DbStatus::Outdated => view! {
            <div class="panel panel-error" role="alert">
                <p>{i.tr(K::ErrClosed)}</p>
                <button class="btn btn-primary" on:click=move |_| {
                    if let Some(w) = web_sys::window() { let _ = w.location().reload(); }
                }>{i.tr(K::Reload)}</button>
            </div>
        }
        .into_any(),
        DbStatus::Ready => (move || match page.get() {
            Page::Home => view! { <pages::home::Home/> }.into_any(),
            Page::Customers => view! { <pages::customers::CustomerList/> }.into_any(),
            Page::NewCustomer(kind) => {
                view! { <pages::customer_form::CustomerForm id=None kind=kind/> }.into_any()
            }
            Page::EditCustomer(id) => {
                view! { <pages::customer_form::CustomerForm id=Some(id) kind=Kind::Person/> }
                    .into_any()
            }
            Page::Customer(id) => view! { <pages::customer::CustomerPage id=id/> }.into_any(),
            Page::Settings => view! { <pages::settings::Settings/> }.into_any(),
            Page::Insights(tab) => view! { <pages::insights::InsightsPage tab=tab/> }.into_any(),
            Page::Kiosk(c, s) => view! { <pages::kiosk::Kiosk customer=c survey=s/> }.into_any(),
            Page::Orders => view! { <pages::orders::OrderList/> }.into_any(),
            Page::Pipeline => view! { <pages::pipeline::PipelinePage/> }.into_any(),
            Page::Opportunities(p) => {
                view! { <pages::pipeline::OpportunityList params=p/> }.into_any()
            }
            Page::Opportunity(id, customer) => {
                view! { <pages::pipeline::OpportunityPage id=id customer=customer/> }.into_any()
            }
            Page::Tasks(p) => view! { <pages::tasks::TasksPage params=p/> }.into_any(),
            Page::Task(id, p) => view! { <pages::tasks::TaskPage id=id params=p/> }.into_any(),
            Page::Office(_) => ().into_any(),
            Page::NotFound => view! {
                <div class="panel">
                    <p>{i.tr(K::PageNotFound)}</p>
                    <a class="btn" href="#/">{i.tr(K::GoHome)}</a>
                </div>
            }
            .into_any(),
        })
        .into_any(),
    };

    // Behind the kiosk, the app's chrome takes no focus, clicks or screen reader.
    let kiosk = move || matches!(page.get(), Page::Kiosk(..));
    let skip = move |_| platform::focus("main");

    view! {
        <button class="skip-link" on:click=skip inert=kiosk>{i.tr(K::SkipToContent)}</button>
        <TopBar page=page lang=lang inert=Signal::derive(kiosk)/>
        <main id="main" tabindex="-1">
            <crate::pwa::UpdatePrompt hidden=Signal::derive(kiosk)/>
            // Not on the sync page, which lists them.
            <crate::sync::ConflictBanner hidden=Signal::derive(move || {
                kiosk() || page.get() == Page::Office(OfficePage::Sync)
            })/>
            // Never in front of a customer at the kiosk.
            <Show when=move || !kiosk()><pages::tasks::reminders::Reminders/></Show>
            {body}
            <OfficeHost route=route/>
        </main>
        <Toasts/>
    }
}

/// Whether the navigation link to `link` is the current page's (a customer's pages
/// belong to Customers, a survey's to Surveys, the import history to Import).
fn is_current(link: &Page, current: &Page) -> bool {
    use OfficePage as O;
    match (link, current) {
        (
            Page::Customers,
            Page::Customer(_)
            | Page::EditCustomer(_)
            | Page::NewCustomer(_)
            | Page::Office(O::Duplicates),
        ) => true,
        (
            Page::Office(O::Surveys),
            Page::Office(O::Surveys | O::NewSurvey(_) | O::EditSurvey(_)),
        ) => true,
        (Page::Office(O::Import), Page::Office(O::Import | O::Imports)) => true,
        (Page::Settings, Page::Office(O::Staff | O::Sync)) => true,
        (
            Page::Pipeline,
            Page::Opportunity(..)
            | Page::Opportunities(_)
            | Page::Office(O::Leads | O::Lead(_) | O::Expenses | O::Expense(_)),
        ) => true,
        (Page::Tasks(_), Page::Task(..) | Page::Office(O::CareRules | O::CareRule(_))) => true,
        (Page::Office(O::Campaigns), Page::Office(O::Campaigns | O::Campaign(_) | O::Rewards)) => {
            true
        }
        (
            Page::Office(O::Tickets),
            Page::Office(
                O::Tickets
                | O::Ticket(_)
                | O::ServiceLevels
                | O::Contracts
                | O::Contract(_)
                | O::Articles
                | O::Article(_),
            ),
        ) => true,
        (Page::Insights(_), Page::Office(O::Reports)) => true,
        (
            Page::Orders,
            Page::Office(
                O::Products
                | O::Product(_)
                | O::Quotes
                | O::Quote(_)
                | O::QuotePrint(_)
                | O::Receivables,
            ),
        ) => true,
        (Page::Office(_), _) | (_, Page::Office(_)) => false,
        (a, b) => std::mem::discriminant(a) == std::mem::discriminant(b),
    }
}

/// The navigation's link to the tasks, with how many of the user's are overdue or due
/// today.
#[component]
fn TasksLink(page: Memo<Page>) -> impl IntoView {
    let i = use_context::<I18n>().expect("i18n");
    let pressing = pages::tasks::reminders::pressing();
    let here = move || is_current(&Page::Tasks(Params::default()), &page.get());
    view! {
        <a class=move || if here() { "nav-link active" } else { "nav-link" }
            aria-current=move || here().then_some("page") id="nav-tasks"
            href=Route::Tasks(Params::default()).href()>
            <span class="nav-label">{i.tr(K::NavTasks)}</span>
            {move || (pressing.get() > 0).then(|| view! {
                " "<span class="nav-count" id="tasks-pressing">{pressing.get()}</span>
            })}
        </a>
    }
}

/// The header: brand, navigation and language. On a narrow screen the navigation folds
/// into a menu behind a button (style/main.css), which a link or Escape closes.
#[component]
fn TopBar(page: Memo<Page>, lang: RwSignal<Lang>, inert: Signal<bool>) -> impl IntoView {
    let i = use_context::<I18n>().expect("i18n");
    let open = RwSignal::new(false);
    let link = move |p: Page, href: String, label: Msg| {
        let (a, b) = (p.clone(), p);
        view! {
            <a class=move || if is_current(&a, &page.get()) { "nav-link active" } else { "nav-link" }
                aria-current=move || is_current(&b, &page.get()).then_some("page")
                href=href>{move || i.t(label)}</a>
        }
    };
    let close_on_escape = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" && open.get_untracked() {
            open.set(false);
            platform::focus("menu-button");
        }
    };
    view! {
        <header class="topbar" inert=inert on:keydown=close_on_escape>
            <a class="brand" href="#/">
                <span class="brand-mark" aria-hidden="true">"客"</span>
                <span class="brand-name">{i.tr(K::AppName)}</span>
            </a>
            <button class="btn menu-button" id="menu-button" aria-controls="main-nav"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>
                <span aria-hidden="true">"☰ "</span>{i.tr(K::Menu)}
            </button>
            <nav class=move || if open.get() { "nav open" } else { "nav" } id="main-nav"
                aria-label=i.tr(K::Menu) on:click=move |_| open.set(false)>
                {link(Page::Home, "#/".into(), K::NavHome)}
                {link(Page::Customers, Route::Customers(Params::default()).href(), K::NavCustomers)}
                {link(Page::Orders, Route::Orders.href(), K::NavOrders)}
                {link(Page::Pipeline, Route::Pipeline.href(), K::NavPipeline)}
                <TasksLink page=page/>
                {link(Page::Office(OfficePage::Tickets), Route::Tickets(Params::default()).href(), K::NavService)}
                {link(Page::Office(OfficePage::Campaigns), Route::Campaigns.href(), K::NavMarketing)}
                {link(Page::Insights(Tab::Overview), Route::Insights(Tab::Overview).href(), K::NavInsights)}
                {link(Page::Office(OfficePage::Import), Route::Import(kehu_core::import::mapping::ImportKind::Customers).href(), K::NavImport)}
                {link(Page::Office(OfficePage::Surveys), Route::Surveys.href(), K::NavSurveys)}
                {link(Page::Settings, "#/settings".into(), K::NavSettings)}
            </nav>
            <crate::sync::SyncBadge/>
            <label class="lang-switch">
                <span class="visually-hidden">{i.tr(K::Language)}</span>
                <select id="lang-select" aria-label=i.tr(K::Language)
                    on:change=move |ev| {
                        if let Some(l) = Lang::from_code(&event_target_value(&ev)) { lang.set(l); }
                    }
                    prop:value=move || lang.get().code()>
                    {Lang::ALL.map(|l| view! {
                        <option value=l.code() selected=move || lang.get() == l>{l.native_name()}</option>
                    }).collect_view()}
                </select>
            </label>
        </header>
    }
}
