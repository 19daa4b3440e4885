//! Hash routing (`#/customers/…`): the one kind of routing that works on every static
//! host and under any sub-path, with no server rewrite rules.

use kehu_core::{Kind, SurveyKind};
use leptos::prelude::*;

#[derive(Debug, Clone, PartialEq)]
pub enum Route {
    Home,
    /// The list, with its URL query (search, filters, sort, page).
    Customers(Params),
    NewCustomer(Kind),
    Customer(String),
    EditCustomer(String),
    Settings,
    Insights(Tab),
    /// Survey kiosk, optionally starting with a customer and a designed survey (by id;
    /// without one it asks the quick questions).
    Kiosk {
        customer: Option<String>,
        survey: Option<String>,
    },
    /// The import wizard, for customers or orders.
    Import(kehu_core::import::mapping::ImportKind),
    /// Possible duplicate customers, to merge.
    Duplicates,
    /// Past imports: resume or take back.
    Imports,
    /// Every order, newest first.
    Orders,
    /// The designed surveys.
    Surveys,
    NewSurvey(SurveyKind),
    EditSurvey(String),
    /// The shop's staff, and who uses this device.
    Staff,
    /// Every opportunity on a board by stage.
    Pipeline,
    /// Opportunities as a list, with the dashboard slice they were drilled into
    /// (`slice`, `from`, `to`).
    Opportunities(Params),
    /// One opportunity's form.
    Opportunity(String),
    /// A new opportunity for a customer (by id).
    NewOpportunity(String),
    /// The leads, filtered (`status`, `owner`, `q`).
    Leads(Params),
    Lead(String),
    NewLead,
    /// The tasks: the agenda, the matrix or the calendar (`view`), for an owner
    /// (`owner`), the calendar at a month or week (`at`, `span`).
    Tasks(Params),
    /// One task's form.
    Task(String),
    /// A new task, for a customer or opportunity and with a title when given
    /// (`customer`, `opportunity`, `title`).
    NewTask(Params),
    /// The catalogue, filtered (`q`, `category`, `all` for discontinued ones too).
    Products(Params),
    Product(String),
    NewProduct,
    /// The quotes, filtered (`status`, `customer`).
    Quotes(Params),
    /// One quote's editor.
    Quote(String),
    /// A new quote for a customer, perhaps for one of its opportunities (`customer`,
    /// `opportunity`).
    NewQuote(Params),
    /// A quote as printed for the customer.
    QuotePrint(String),
    /// The expense claims of a month (`month`: `2026-12`), by `owner` and `status`.
    Expenses(Params),
    /// Who owes what: `#/receivables?owner=…`.
    Receivables(Params),
    /// A pivot report: `#/reports?source=orders&rows=month&cols=region&measure=amount&show=sum&from=…&to=…`.
    Reports(Params),
    Expense(String),
    /// A new expense, perhaps for a customer's opportunity (`customer`, `opportunity`).
    NewExpense(Params),
    /// The service desk.
    Tickets(Params),
    Ticket(String),
    /// A new ticket (`?customer=…`).
    NewTicket(Params),
    /// The shop's service levels.
    ServiceLevels,
    /// Contracts and warranties, of one customer when `?customer=` says.
    Contracts(Params),
    Contract(String),
    NewContract(Params),
    /// The knowledge base, searched by `?q=`.
    Articles(Params),
    Article(String),
    /// `?ticket=`: written from that ticket's resolution.
    NewArticle(Params),
    /// The care and follow-up rules.
    CareRules,
    CareRule(String),
    NewCareRule,
    /// Campaigns (营销活动) with their effect, one campaign, a new one.
    Campaigns,
    Campaign(String),
    NewCampaign,
    /// The rewards programme's settings (奖励顾客计划).
    Rewards,
    /// Sync with the shop's server: its address, signing in and out.
    Sync,
    NotFound,
}

/// The dashboards' tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Overview,
    Value,
    Loyalty,
    Satisfaction,
    Clusters,
    Sales,
    Basket,
    /// Tickets and service levels (服务).
    Service,
    /// Campaigns compared (营销).
    Marketing,
}

impl Tab {
    pub const ALL: [Tab; 9] = [
        Tab::Overview,
        Tab::Value,
        Tab::Loyalty,
        Tab::Satisfaction,
        Tab::Clusters,
        Tab::Sales,
        Tab::Basket,
        Tab::Service,
        Tab::Marketing,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Tab::Overview => "overview",
            Tab::Value => "value",
            Tab::Loyalty => "loyalty",
            Tab::Satisfaction => "satisfaction",
            Tab::Clusters => "clusters",
            Tab::Sales => "sales",
            Tab::Basket => "basket",
            Tab::Service => "service",
            Tab::Marketing => "marketing",
        }
    }
}

/// Decoded `key=value` pairs of a route's query, in order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Params(pub Vec<(String, String)>);

impl Params {
    pub fn get(&self, k: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    }

    pub fn parse(q: &str) -> Params {
        Params(
            q.split('&')
                .filter(|p| !p.is_empty())
                .map(|p| {
                    let (k, v) = p.split_once('=').unwrap_or((p, ""));
                    (decode(k), decode(v))
                })
                .collect(),
        )
    }

    pub fn to_query(&self) -> String {
        self.0
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// `path`, with `p` as its query when there is one.
fn with_query(path: &str, p: &Params) -> String {
    match p.to_query() {
        q if q.is_empty() => path.into(),
        q => format!("{path}?{q}"),
    }
}

/// The task pages' views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskView {
    Agenda,
    Matrix,
    Calendar,
}

impl TaskView {
    pub const ALL: [TaskView; 3] = [TaskView::Agenda, TaskView::Matrix, TaskView::Calendar];

    pub fn code(self) -> &'static str {
        match self {
            TaskView::Agenda => "agenda",
            TaskView::Matrix => "matrix",
            TaskView::Calendar => "calendar",
        }
    }

    /// The view a tasks route's `view` names (the agenda when none or unknown).
    pub fn of(p: &Params) -> TaskView {
        Self::ALL
            .into_iter()
            .find(|v| p.get("view") == Some(v.code()))
            .unwrap_or(TaskView::Agenda)
    }
}

/// `decodeURIComponent` after `+` → space, in Rust (so routes are tested natively): a
/// malformed escape leaves the text as it was, as the browser's refusal did.
fn decode(s: &str) -> String {
    let s = s.replace('+', " ");
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut k = 0;
    while k < b.len() {
        if b[k] == b'%' {
            let digit = |i: usize| (*b.get(i)? as char).to_digit(16);
            match digit(k + 1).zip(digit(k + 2)) {
                Some((hi, lo)) => {
                    out.push((hi * 16 + lo) as u8);
                    k += 3;
                    continue;
                }
                None => return s,
            }
        }
        out.push(b[k]);
        k += 1;
    }
    String::from_utf8(out).unwrap_or(s)
}

/// `encodeURIComponent`: every byte but letters, digits and `-_.!~*'()` as `%XX`.
fn encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for &c in s.as_bytes() {
        if c.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&c) {
            out.push(c as char);
        } else {
            out.push('%');
            out.push(HEX[(c >> 4) as usize] as char);
            out.push(HEX[(c & 15) as usize] as char);
        }
    }
    out
}

impl Route {
    pub fn parse(hash: &str) -> Route {
        let h = hash.trim_start_matches('#');
        let (path, query) = h.split_once('?').unwrap_or((h, ""));
        let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let params = Params::parse(query);
        match segs.as_slice() {
            [] => Route::Home,
            ["customers"] => Route::Customers(params),
            ["customers", "duplicates"] => Route::Duplicates,
            ["customers", "new"] => Route::NewCustomer(
                params
                    .get("kind")
                    .and_then(Kind::from_code)
                    .unwrap_or(Kind::Person),
            ),
            ["customers", id] => Route::Customer(decode(id)),
            ["customers", id, "edit"] => Route::EditCustomer(decode(id)),
            ["settings"] => Route::Settings,
            ["kiosk"] => Route::Kiosk {
                customer: params.get("customer").map(str::to_string),
                survey: params.get("survey").map(str::to_string),
            },
            ["import"] => Route::Import(
                params
                    .get("kind")
                    .and_then(kehu_core::import::mapping::ImportKind::from_code)
                    .unwrap_or(kehu_core::import::mapping::ImportKind::Customers),
            ),
            ["imports"] => Route::Imports,
            ["orders"] => Route::Orders,
            ["surveys"] => Route::Surveys,
            ["staff"] => Route::Staff,
            ["pipeline"] => Route::Pipeline,
            ["opportunities"] => Route::Opportunities(params),
            ["opportunities", "new"] => {
                Route::NewOpportunity(params.get("customer").unwrap_or("").to_string())
            }
            ["opportunities", id] => Route::Opportunity(decode(id)),
            ["leads"] => Route::Leads(params),
            ["leads", "new"] => Route::NewLead,
            ["leads", id] => Route::Lead(decode(id)),
            ["tasks"] => Route::Tasks(params),
            ["tasks", "new"] => Route::NewTask(params),
            ["tasks", id] => Route::Task(decode(id)),
            ["products"] => Route::Products(params),
            ["products", "new"] => Route::NewProduct,
            ["products", id] => Route::Product(decode(id)),
            ["quotes"] => Route::Quotes(params),
            ["quotes", "new"] => Route::NewQuote(params),
            ["quotes", id] => Route::Quote(decode(id)),
            ["quotes", id, "print"] => Route::QuotePrint(decode(id)),
            ["expenses"] => Route::Expenses(params),
            ["receivables"] => Route::Receivables(params),
            ["reports"] => Route::Reports(params),
            ["tickets"] => Route::Tickets(params),
            ["service-levels"] => Route::ServiceLevels,
            ["contracts"] => Route::Contracts(params),
            ["contracts", "new"] => Route::NewContract(params),
            ["contracts", id] => Route::Contract(decode(id)),
            ["articles"] => Route::Articles(params),
            ["articles", "new"] => Route::NewArticle(params),
            ["articles", id] => Route::Article(decode(id)),
            ["care"] => Route::CareRules,
            ["care", "new"] => Route::NewCareRule,
            ["care", id] => Route::CareRule(decode(id)),
            ["campaigns"] => Route::Campaigns,
            ["rewards"] => Route::Rewards,
            ["sync"] => Route::Sync,
            ["campaigns", "new"] => Route::NewCampaign,
            ["campaigns", id] => Route::Campaign(decode(id)),
            ["tickets", "new"] => Route::NewTicket(params),
            ["tickets", id] => Route::Ticket(decode(id)),
            ["expenses", "new"] => Route::NewExpense(params),
            ["expenses", id] => Route::Expense(decode(id)),
            ["surveys", "new"] => Route::NewSurvey(
                params
                    .get("kind")
                    .and_then(SurveyKind::from_code)
                    .unwrap_or(SurveyKind::Custom),
            ),
            ["surveys", id] => Route::EditSurvey(decode(id)),
            ["insights"] => Route::Insights(Tab::Overview),
            ["insights", t] => match Tab::ALL.iter().find(|x| x.code() == *t) {
                Some(&t) => Route::Insights(t),
                None => Route::NotFound,
            },
            _ => Route::NotFound,
        }
    }

    pub fn href(&self) -> String {
        match self {
            Route::Home => "#/".into(),
            Route::Customers(p) => {
                let q = p.to_query();
                if q.is_empty() {
                    "#/customers".into()
                } else {
                    format!("#/customers?{q}")
                }
            }
            Route::NewCustomer(k) => format!("#/customers/new?kind={}", k.code()),
            Route::Customer(id) => format!("#/customers/{}", encode(id)),
            Route::EditCustomer(id) => format!("#/customers/{}/edit", encode(id)),
            Route::Settings => "#/settings".into(),
            Route::Kiosk { customer, survey } => {
                let p = Params(
                    [("customer", customer), ("survey", survey)]
                        .into_iter()
                        .filter_map(|(k, v)| v.clone().map(|v| (k.to_string(), v)))
                        .collect(),
                );
                match p.to_query() {
                    q if q.is_empty() => "#/kiosk".into(),
                    q => format!("#/kiosk?{q}"),
                }
            }
            Route::Import(k) => format!("#/import?kind={}", k.code()),
            Route::Duplicates => "#/customers/duplicates".into(),
            Route::Imports => "#/imports".into(),
            Route::Orders => "#/orders".into(),
            Route::Surveys => "#/surveys".into(),
            Route::Staff => "#/staff".into(),
            Route::Pipeline => "#/pipeline".into(),
            Route::Opportunities(p) => with_query("#/opportunities", p),
            Route::Opportunity(id) => format!("#/opportunities/{}", encode(id)),
            Route::NewOpportunity(c) => format!("#/opportunities/new?customer={}", encode(c)),
            Route::Leads(p) => with_query("#/leads", p),
            Route::Lead(id) => format!("#/leads/{}", encode(id)),
            Route::NewLead => "#/leads/new".into(),
            Route::Tasks(p) => with_query("#/tasks", p),
            Route::Task(id) => format!("#/tasks/{}", encode(id)),
            Route::NewTask(p) => with_query("#/tasks/new", p),
            Route::Products(p) => with_query("#/products", p),
            Route::Product(id) => format!("#/products/{}", encode(id)),
            Route::NewProduct => "#/products/new".into(),
            Route::Quotes(p) => with_query("#/quotes", p),
            Route::Quote(id) => format!("#/quotes/{}", encode(id)),
            Route::NewQuote(p) => with_query("#/quotes/new", p),
            Route::QuotePrint(id) => format!("#/quotes/{}/print", encode(id)),
            Route::Expenses(p) => with_query("#/expenses", p),
            Route::Receivables(p) => with_query("#/receivables", p),
            Route::Reports(p) => with_query("#/reports", p),
            Route::Expense(id) => format!("#/expenses/{}", encode(id)),
            Route::NewExpense(p) => with_query("#/expenses/new", p),
            Route::Tickets(p) => with_query("#/tickets", p),
            Route::Ticket(id) => format!("#/tickets/{}", encode(id)),
            Route::NewTicket(p) => with_query("#/tickets/new", p),
            Route::ServiceLevels => "#/service-levels".into(),
            Route::Contracts(p) => with_query("#/contracts", p),
            Route::Contract(id) => format!("#/contracts/{}", encode(id)),
            Route::NewContract(p) => with_query("#/contracts/new", p),
            Route::Articles(p) => with_query("#/articles", p),
            Route::Article(id) => format!("#/articles/{}", encode(id)),
            Route::NewArticle(p) => with_query("#/articles/new", p),
            Route::CareRules => "#/care".into(),
            Route::CareRule(id) => format!("#/care/{}", encode(id)),
            Route::NewCareRule => "#/care/new".into(),
            Route::Campaigns => "#/campaigns".into(),
            Route::Campaign(id) => format!("#/campaigns/{}", encode(id)),
            Route::NewCampaign => "#/campaigns/new".into(),
            Route::Rewards => "#/rewards".into(),
            Route::Sync => "#/sync".into(),
            Route::NewSurvey(k) => format!("#/surveys/new?kind={}", k.code()),
            Route::EditSurvey(id) => format!("#/surveys/{}", encode(id)),
            Route::Insights(Tab::Overview) => "#/insights".into(),
            Route::Insights(t) => format!("#/insights/{}", t.code()),
            Route::NotFound => "#/404".into(),
        }
    }
}

fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

thread_local! {
    /// Where a locked kiosk is (its href): while set, any way out of the kiosk (a link,
    /// the back button, a typed URL) leads back to it.
    static KIOSK_LOCK: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Locks navigation to the kiosk at `href`, or unlocks it with `None`.
pub fn lock_kiosk(href: Option<String>) {
    KIOSK_LOCK.with(|l| *l.borrow_mut() = href);
}

/// The current route as a signal, following `hashchange`.
pub fn use_route() -> RwSignal<Route> {
    let route = RwSignal::new(Route::parse(&current_hash()));
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        let next = Route::parse(&current_hash());
        if !matches!(next, Route::Kiosk { .. })
            && let Some(back) = KIOSK_LOCK.with(|l| l.borrow().clone())
        {
            navigate_href_replace(&back);
            return;
        }
        route.set(next);
        // A new page starts at the top, as with real navigation.
        if let Some(w) = web_sys::window() {
            w.scroll_to_with_x_and_y(0.0, 0.0);
        }
    });
    on_cleanup(move || handle.remove());
    route
}

/// Goes to `r`, adding a history entry.
pub fn navigate(r: &Route) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(&r.href());
    }
}

/// Goes to an href without a history entry.
pub fn replace_href(href: &str) {
    navigate_href_replace(href);
}

fn navigate_href_replace(href: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().replace(href);
    }
}

/// Goes to an href built by [`Route::href`], adding a history entry.
pub fn navigate_href(href: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(href);
    }
}

/// The customer list filtered to an analytics slice (the dashboards' drill-down).
pub fn customers_in(f: kehu_core::query::InsightFilter) -> String {
    Route::Customers(Params(vec![("insight".into(), f.code())])).href()
}

/// The opportunities behind a figure of the Sales dashboard (its drill-down).
pub fn opportunities_in(
    opened: kehu_core::analytics::sales::Opened,
    slice: &kehu_core::analytics::sales::Slice,
) -> String {
    let mut p = vec![("slice".to_string(), slice.code())];
    p.extend(opened.from.map(|d| ("from".to_string(), d.to_string())));
    p.push(("to".into(), opened.to.to_string()));
    Route::Opportunities(Params(p)).href()
}

/// The tickets behind a figure of the Service dashboard (its drill-down): the desk
/// showing that slice.
pub fn tickets_in(slice: &kehu_core::analytics::service::Slice) -> String {
    Route::Tickets(Params(vec![("slice".to_string(), slice.code())])).href()
}

/// Goes to `r` without a history entry (typing in a search box, paging).
pub fn replace(r: &Route) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().replace(&r.href());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_escape_and_read_back_as_the_browser_does() {
        assert_eq!(encode("王芳 & Co/1"), "%E7%8E%8B%E8%8A%B3%20%26%20Co%2F1");
        assert_eq!(encode("a-b_c.d!e~f*g'h(i)"), "a-b_c.d!e~f*g'h(i)");
        for s in ["王芳 & Co/1", "segment:champions", "50%", "a+b", ""] {
            assert_eq!(decode(&encode(s)), s);
        }
        assert_eq!(decode("a+b"), "a b", "a form's space");
        assert_eq!(decode("50%"), "50%", "a bad escape is kept as it was");
        assert_eq!(decode("%E7%8E"), "%E7%8E", "half a character is kept too");
    }

    #[test]
    fn a_filtered_list_address_round_trips() {
        let r = Route::Customers(Params(vec![("q".into(), "王 芳".into())]));
        assert_eq!(Route::parse(&r.href()), r);
    }

    #[test]
    fn sales_addresses_round_trip() {
        for r in [
            Route::Pipeline,
            Route::Staff,
            Route::Opportunity("0190-a/b".into()),
            Route::Opportunities(Params(vec![("slice".into(), "lost:价格 & 服务".into())])),
            Route::Insights(Tab::Sales),
            Route::NewOpportunity("0190-c".into()),
            Route::Tasks(Params(vec![("view".into(), "matrix".into())])),
            Route::Task("0190-t".into()),
            Route::Leads(Params(vec![("status".into(), "qualified".into())])),
            Route::Lead("0190-l".into()),
            Route::NewLead,
            Route::NewTask(Params(vec![
                ("customer".into(), "0190-c".into()),
                ("title".into(), "回访 & 关怀".into()),
            ])),
            Route::Products(Params(vec![("category".into(), "收银 设备".into())])),
            Route::Product("0190-p".into()),
            Route::NewProduct,
            Route::Quotes(Params(vec![("status".into(), "sent".into())])),
            Route::Quote("0190-q".into()),
            Route::QuotePrint("0190-q".into()),
            Route::Expenses(Params(vec![("month".into(), "2026-12".into())])),
            Route::Expense("0190-e".into()),
            Route::Receivables(Params(vec![("owner".into(), "0190-s".into())])),
            Route::Reports(Params(vec![
                ("source".into(), "lines".into()),
                ("rows".into(), "category".into()),
            ])),
            Route::NewExpense(Params(vec![("customer".into(), "0190-c".into())])),
            Route::Tickets(Params(vec![("assignee".into(), "s1".into())])),
            Route::Ticket("0190-t".into()),
            Route::NewTicket(Params(vec![("customer".into(), "0190-c".into())])),
            Route::ServiceLevels,
            Route::Contracts(Params(vec![("customer".into(), "0190-c".into())])),
            Route::Contract("0190-k".into()),
            Route::NewContract(Params(vec![("customer".into(), "0190-c".into())])),
            Route::Articles(Params(vec![("q".into(), "发票 怎么开".into())])),
            Route::CareRules,
            Route::CareRule("0190-r".into()),
            Route::NewCareRule,
            Route::Campaigns,
            Route::Campaign("0190-k".into()),
            Route::NewCampaign,
            Route::Rewards,
            Route::Sync,
            Route::Article("0190-a".into()),
            Route::NewArticle(Params(vec![("ticket".into(), "0190-t".into())])),
            Route::NewQuote(Params(vec![
                ("customer".into(), "0190-c".into()),
                ("opportunity".into(), "0190-o".into()),
            ])),
        ] {
            assert_eq!(Route::parse(&r.href()), r);
        }
    }
}
