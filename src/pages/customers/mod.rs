//! The customer list: search, filters, sort and paging, all held in the URL so a link or
//! a reload shows the same list.

mod export;
mod segments;

use crate::i18n::{self, K, Label, Lang, Msg, use_i18n};
use crate::platform;
use crate::route::{Params, Route, replace};
use crate::state::use_app;
use kehu_core::query::{CustomerQuery, CustomerRow, InsightFilter, SortKey, facets};
use kehu_core::staff::Roster;
use kehu_core::*;
use leptos::prelude::*;
mod messages;
use messages as M;

const PAGE_SIZE: usize = 50;

/// The list query a URL describes (the search text is handled apart; see below).
fn query_of(p: &Params) -> CustomerQuery {
    CustomerQuery::from_params(&p.0)
}

fn with_param(p: &Params, key: &str, value: &str) -> Params {
    let mut out: Vec<(String, String)> =
        p.0.iter()
            .filter(|(k, _)| k != key && (key == "page" || k != "page"))
            .cloned()
            .collect();
    if !value.is_empty() {
        out.push((key.to_string(), value.to_string()));
    }
    Params(out)
}

/// The list's state, shared by its parts: the URL's parameters, the search text, the
/// query they make and the rows it finds (indexes into the app's rows).
#[derive(Clone, Copy)]
struct List {
    params: Memo<Params>,
    /// The search box owns its text while the user types; the URL follows it (replace,
    /// so typing adds no history entries). Reading it back from the URL instead would
    /// race with hashchange events and eat keystrokes.
    text: RwSignal<String>,
    query: Memo<CustomerQuery>,
    hits: Memo<Vec<usize>>,
}

impl List {
    fn new() -> List {
        let app = use_app();
        let analytics = crate::analytics::use_analytics();
        let i = use_i18n();
        let route = expect_context::<RwSignal<Route>>();
        let params = Memo::new(move |_| match route.get() {
            Route::Customers(p) => p,
            _ => Params::default(),
        });
        let text = RwSignal::new(params.get_untracked().get("q").unwrap_or("").to_string());
        let query = Memo::new(move |_| {
            let mut q = query_of(&params.get());
            q.text = text.get();
            q
        });
        // Sorting by name, or by the owner's, follows the language's collation (pinyin
        // for Chinese), which only the browser knows; computed only under those sorts.
        let roster = crate::roster::use_roster();
        let name_rank = Memo::new(move |_| {
            let lang = i.get();
            match query.with(|q| q.sort) {
                SortKey::Name => Some(app.rows.with(|rows| {
                    platform::collation_ranks(rows.iter().map(|r| r.name.as_str()), lang)
                })),
                SortKey::Owner => roster.with(|roster| {
                    let names: Vec<String> = app.rows.with(|rows| {
                        rows.iter()
                            .map(|r| crate::roster::owner_name(roster, &r.owner))
                            .collect()
                    });
                    Some(platform::collation_ranks(
                        names.iter().map(String::as_str),
                        lang,
                    ))
                }),
                _ => None,
            }
        });
        let hits = Memo::new(move |_| {
            let q = query.get();
            // The analytics results only matter (and are only tracked) under an insight
            // filter.
            let per = q.insight.and_then(|_| analytics.cached.get());
            let per = per.as_ref().map(|c| &c.insights.customers);
            name_rank.with(|rank| app.rows.with(|rows| q.run_with(rows, rank.as_deref(), per)))
        });
        List {
            params,
            text,
            query,
            hits,
        }
    }

    /// Sets one parameter of the URL (the list follows).
    fn set(self, key: &'static str, value: String) {
        let p = with_param(&self.params.get_untracked(), key, &value);
        replace(&Route::Customers(p));
    }

    fn in_trash(self) -> bool {
        self.params.with(|p| p.get("trash") == Some("1"))
    }

    fn pages(self) -> usize {
        self.hits.with(|h| h.len().div_ceil(PAGE_SIZE).max(1))
    }

    fn page(self) -> usize {
        let asked = self
            .params
            .with(|p| p.get("page").and_then(|s| s.parse::<usize>().ok()));
        asked.unwrap_or(1).clamp(1, self.pages())
    }
}

/// Writes the list as it stands (every page, filters and sort applied) to a file.
fn export_list(l: List, anonymous: bool, xlsx: bool) {
    let (app, i) = (use_app(), use_i18n());
    let cached = crate::analytics::use_analytics().cached.get_untracked();
    let lang = i.lang.get_untracked();
    let zone = platform::zone();
    let roster = crate::roster::use_roster().get_untracked();
    let x = export::ListExport {
        lang,
        anonymous,
        stand_ins: kehu_core::export::Pseudonyms::new(platform::random_salt()),
        per: cached.as_ref().map(|c| &c.insights.customers),
        zone: &zone,
        roster: &roster,
    };
    let head = x.head();
    let suffix = if anonymous { "-anonymised" } else { "" };
    let stem = format!("kehu-customers-{}{suffix}", platform::today());
    l.hits.with_untracked(|hits| {
        app.rows.with_untracked(|rows| {
            let all = hits.iter().map(|&ix| x.cells(&rows[ix]));
            if xlsx {
                let bytes = kehu_core::xlsx::workbook(K::NavCustomers.text(lang), &head, all);
                platform::download_bytes(&format!("{stem}.xlsx"), platform::XLSX, &bytes);
            } else {
                let csv = kehu_core::export::to_csv(&head, all);
                platform::download(&format!("{stem}.csv"), "text/csv;charset=utf-8", &csv);
            }
        })
    });
}

#[component]
pub fn CustomerList() -> impl IntoView {
    let i = use_i18n();
    let l = List::new();
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{move || if l.in_trash() { i.t(K::Trash) } else { i.t(K::NavCustomers) }}</h1>
                <div class="page-actions">
                    <a class="btn" href=Route::NewCustomer(Kind::Organisation).href()>{i.tr(K::NewOrganisation)}</a>
                    <a class="btn btn-primary" href=Route::NewCustomer(Kind::Person).href()>{i.tr(K::NewPerson)}</a>
                </div>
            </div>
            <Toolbar l=l/>
            <segments::Segments l=l/>
            {move || l.query.with(|q| q.insight).map(|f| view! { <InsightBadge l=l f=f/> })}
            <ResultBar l=l/>
            <CustomerTable l=l/>
        </section>
    }
}

/// Search, the filters (folded behind a button on a narrow screen, which counts those
/// applied), sort, and clearing them.
#[component]
fn Toolbar(l: List) -> impl IntoView {
    let i = use_i18n();
    let app = use_app();
    let facet_lists = Memo::new(move |_| app.rows.with(|r| facets(r)));
    let roster = crate::roster::use_roster();
    let on_search = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        l.text.set(v.clone());
        l.set("q", v);
    };
    let show_filters = RwSignal::new(false);
    let active_filters = move || {
        l.params.with(|p| {
            FILTER_PARAMS
                .iter()
                .filter(|k| p.get(k).is_some_and(|v| !v.is_empty()))
                .count()
        })
    };
    let set = move |key: &'static str, value: String| l.set(key, value);
    let params = l.params;
    let listed =
        move |list: fn(Lang) -> Vec<(String, String)>| Signal::derive(move || list(i.get()));
    let clear = move |_| {
        l.text.set(String::new());
        let trash = params.with_untracked(|p| p.get("trash").map(str::to_string));
        replace(&Route::Customers(Params(
            trash.map(|t| vec![("trash".into(), t)]).unwrap_or_default(),
        )));
    };
    view! {
        <div class="toolbar">
            <div class="search">
                <label for="customer-search" class="visually-hidden">{i.tr(K::Search)}</label>
                <input id="customer-search" type="search" autocomplete="off"
                    placeholder=i.tr(K::SearchPlaceholder)
                    prop:value=move || l.text.get() on:input=on_search />
            </div>
            <button class="btn filters-toggle" id="filters-toggle" aria-controls="list-filters"
                aria-expanded=move || show_filters.get().to_string()
                on:click=move |_| show_filters.update(|o| *o = !*o)>
                {move || M::filters_button(i.get(), active_filters())}
            </button>
            <MineToggle params=params set=set/>
            <div class=move || if show_filters.get() { "filters open" } else { "filters" } id="list-filters">
                <FilterSelect label=K::FKind param="kind" params=params set=set
                    options=Signal::derive(move || Kind::ALL.iter().map(|k| (k.code().to_string(), k.label(i.get()).to_string())).collect())/>
                <FilterSelect label=K::FType param="type" params=params set=set
                    options=Signal::derive(move || CustomerType::ALL.iter().map(|k| (k.code().to_string(), k.label(i.get()).to_string())).collect())/>
                <FilterSelect label=K::FStage param="stage" params=params set=set
                    options=Signal::derive(move || LifecycleStage::ALL.iter().map(|k| (k.code().to_string(), k.label(i.get()).to_string())).collect())/>
                <FilterSelect label=K::FLevel param="level" params=params set=set
                    options=Signal::derive(move || RelationshipLevel::ALL.iter().map(|k| (k.code().to_string(), k.label(i.get()).to_string())).collect())/>
                <FilterSelect label=K::FOwner param="owner" params=params set=set
                    options=Signal::derive(move || roster.with(|r| facet_lists.with(|f| owner_options(&f.0, r))))/>
                <FilterSelect label=K::FTags param="tag" params=params set=set
                    options=Signal::derive(move || facet_lists.with(|f| f.1.iter().map(|o| (o.clone(), o.clone())).collect()))/>
                <FilterSelect label=K::FKeyAccount param="key" params=params set=set options=listed(yes_no)/>
                <FilterSelect label=K::FBlacklisted param="black" params=params set=set options=listed(yes_no)/>
                <FilterSelect label=M::FilterInsight param="insight" params=params set=set
                    options=Signal::derive(move || {
                        let mut o = insight_options(i.get());
                        // A drill-down's slice (a cohort, an R×F cell) is offered too, so
                        // the select shows what is applied.
                        if let Some(f) = l.query.with(|q| q.insight)
                            && !o.iter().any(|(code, _)| *code == f.code())
                        {
                            o.push((f.code(), insight_label(i.get(), f)));
                        }
                        o
                    })/>
                <SortPicker l=l/>
            </div>
            <Show when=move || l.query.with(|q| q.is_filtered())>
                <button class="btn btn-link" id="clear-filters" on:click=clear>{i.tr(M::ClearFilters)}</button>
            </Show>
        </div>
    }
}

/// The owners to filter by, by name: (staff id or older free text, name).
fn owner_options(owners: &[String], roster: &Option<Roster>) -> Vec<(String, String)> {
    let mut o: Vec<(String, String)> = owners
        .iter()
        .map(|id| (id.clone(), crate::roster::owner_name(roster, id)))
        .collect();
    o.sort_by(|a, b| a.1.cmp(&b.1));
    o
}

/// "My customers": the owner filter set to whoever uses this device (when chosen on the
/// team page), or cleared again.
#[component]
fn MineToggle(
    params: Memo<Params>,
    set: impl Fn(&'static str, String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i = use_i18n();
    let me = crate::roster::me();
    me.map(|me| {
        let on = {
            let me = me.clone();
            move || params.with(|p| p.get("owner") == Some(me.as_str()))
        };
        let pressed = on.clone();
        view! {
            <button class="btn" id="my-customers" aria-pressed=move || pressed().to_string()
                on:click=move |_| set("owner", if on() { String::new() } else { me.clone() })>
                {i.tr(M::MyCustomers)}
            </button>
        }
    })
}

#[component]
fn SortPicker(l: List) -> impl IntoView {
    let i = use_i18n();
    let descending = move || l.query.with(|q| q.descending);
    let direction = move || {
        if descending() {
            i.t(M::Descending)
        } else {
            i.t(M::Ascending)
        }
    };
    view! {
        <div class="field field-inline">
            <label for="sort-select">{i.tr(M::SortBy)}</label>
            <select id="sort-select" on:change=move |ev| l.set("sort", event_target_value(&ev))
                prop:value=move || l.query.with(|q| q.sort.code())>
                {SortKey::ALL.iter().map(|k| {
                    let k = *k;
                    view! { <option value=k.code() selected=move || l.query.with(|q| q.sort == k)>{move || k.label(i.get())}</option> }
                }).collect_view()}
            </select>
            <button class="btn btn-icon" id="sort-dir" aria-label=direction title=direction
                on:click=move |_| l.set("dir", if descending() { "asc".into() } else { "desc".into() })>
                {move || if descending() { "↓" } else { "↑" }}
            </button>
        </div>
    }
}

/// The drill-down slice the list is filtered to, and a way to drop it.
#[component]
fn InsightBadge(l: List, f: InsightFilter) -> impl IntoView {
    let i = use_i18n();
    let analytics = crate::analytics::use_analytics();
    view! {
        <div class="insight-filter" id="insight-filter">
            <span class="muted">{i.tr(M::FilterInsight)}": "</span>
            <span class="badge badge-info">{move || insight_label(i.get(), f)}</span>
            <button class="btn btn-link" on:click=move |_| l.set("insight", String::new())>{i.tr(M::ClearFilter)}</button>
            {move || analytics.cached.with(|c| c.is_none()).then(|| view! { <span class="muted">{i.t(M::InsightPending)}</span> })}
        </div>
    }
}

/// How many customers the list shows, the trash, the exports and the duplicates.
#[component]
fn ResultBar(l: List) -> impl IntoView {
    let i = use_i18n();
    let none = move || l.hits.with(|h| h.is_empty());
    let other_list = move || {
        let trash = (!l.in_trash()).then(|| ("trash".to_string(), "1".to_string()));
        Route::Customers(Params(trash.into_iter().collect())).href()
    };
    view! {
        <p class="result-count result-bar" id="result-count" aria-live="polite">
            <span class="result-item">{move || M::results_count(i.get(), l.hits.with(|h| h.len()))}</span>
            <span class="result-item">
                <a href=other_list>{move || if l.in_trash() { i.t(K::BackToList) } else { i.t(K::Trash) }}</a>
            </span>
            <span class="result-item">
                <button class="btn btn-link" id="export-csv" on:click=move |_| export_list(l, false, false) disabled=none>
                    {i.tr(K::ExportCsv)}
                </button>
            </span>
            <span class="result-item">
                <button class="btn btn-link" id="export-anon" on:click=move |_| export_list(l, true, false) disabled=none
                    title=i.tr(M::ExportAnonHint)>
                    {i.tr(M::ExportAnon)}
                </button>
            </span>
            <span class="result-item">
                <button class="btn btn-link" id="export-xlsx" on:click=move |_| export_list(l, false, true) disabled=none>
                    {i.tr(K::ExportXlsx)}
                </button>
            </span>
            <span class="result-item">
                <a id="find-duplicates" href=Route::Duplicates.href()>{i.tr(K::FindDuplicates)}</a>
            </span>
        </p>
    }
}

/// One page of the list, and the pager.
#[component]
fn CustomerTable(l: List) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let roster = crate::roster::use_roster();
    let total_live = move || app.rows.with(|r| r.iter().filter(|r| !r.deleted).count());
    let rows_view = move || {
        let lang = i.get();
        let start = (l.page() - 1) * PAGE_SIZE;
        let shown = l.hits.with(|h| {
            h.iter()
                .skip(start)
                .take(PAGE_SIZE)
                .copied()
                .collect::<Vec<_>>()
        });
        roster.with(|roster| {
            app.rows.with(|rows| {
                shown
                    .iter()
                    .map(|&ix| row_view(&rows[ix], roster, lang))
                    .collect_view()
            })
        })
    };
    let empty = move || {
        view! {
            <div class="empty">
                {move || if total_live() == 0 && !l.in_trash() { i.t(M::NoCustomersYet) } else { i.t(M::NoMatches) }}
            </div>
        }
    };
    view! {
        <Show when=move || l.hits.with(|h| !h.is_empty()) fallback=empty>
            <div class="table-wrap">
                <table class="table" id="customer-table">
                    <thead>
                        <tr>
                            {HEADINGS.map(|(k, class)| view! { <th scope="col" class=class>{move || i.t(k)}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>{rows_view}</tbody>
                </table>
            </div>
            <nav class="pager" aria-label=i.tr(M::Page)>
                <button class="btn" disabled=move || { l.page() <= 1 }
                    on:click=move |_| l.set("page", (l.page() - 1).to_string())>{i.tr(M::Previous)}</button>
                <span id="page-info">{move || {
                    let (page, pages) = (l.page(), l.pages());
                    i18n::tr!(i.get(), "第 {page} 页，共 {pages} 页", "Page {page} of {pages}")
                }}</span>
                <button class="btn" disabled=move || { l.page() >= l.pages() }
                    on:click=move |_| l.set("page", (l.page() + 1).to_string())>{i.tr(M::Next)}</button>
            </nav>
        </Show>
    }
}

/// The list's columns: heading and class (which hides some on a narrow screen).
const HEADINGS: [(Msg, &str); 9] = [
    (K::FName, ""),
    (K::FKind, ""),
    (K::FStage, ""),
    (K::FPhone, "col-phone"),
    (K::FEmail, "col-email"),
    (K::FCity, "col-city"),
    (K::FOwner, "col-owner"),
    (K::FTags, "col-tags"),
    (M::FUpdated, "col-date"),
];

fn row_view(r: &CustomerRow, roster: &Option<Roster>, lang: Lang) -> impl IntoView + use<> {
    let href = Route::Customer(r.id.0.clone()).href();
    let updated = platform::local_day(r.updated);
    view! {
        <tr>
            <td class="col-name">
                <a href=href>{r.name.clone()}</a>
                {r.key_account.then(|| view! { <span class="badge badge-gold" title=K::FKeyAccount.text(lang)>"★"</span> })}
                {r.blacklisted.then(|| view! { <span class="badge badge-danger">{K::FBlacklisted.text(lang)}</span> })}
            </td>
            <td>{r.kind.label(lang)}</td>
            <td><span class=format!("stage stage-{}", r.stage.code())>{r.stage.label(lang)}</span></td>
            <td class="col-phone">{r.phone.clone()}</td>
            <td class="col-email">{r.email.clone()}</td>
            <td class="col-city">{r.city.clone()}</td>
            <td class="col-owner">{crate::roster::owner_name(roster, &r.owner)}</td>
            <td class="col-tags">{r.tags.iter().take(3).map(|t| view! { <span class="tag">{t.clone()}</span> }).collect_view()}</td>
            <td class="col-date">{i18n::date(lang, updated)}</td>
        </tr>
    }
}

fn yes_no(lang: Lang) -> Vec<(String, String)> {
    vec![
        ("1".into(), K::Yes.text(lang).into()),
        ("0".into(), K::No.text(lang).into()),
    ]
}

/// The query parameters that are filters (counted on the folded filters' button).
/// The filters behind the button: a saved segment's keys but the search.
const FILTER_PARAMS: &[&str] = kehu_core::segment::FILTER_KEYS.split_at(1).1;

#[component]
fn FilterSelect(
    label: Msg,
    param: &'static str,
    params: Memo<Params>,
    set: impl Fn(&'static str, String) + Copy + Send + Sync + 'static,
    options: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    let i = use_i18n();
    let id = format!("filter-{param}");
    let current = move || params.with(|p| p.get(param).unwrap_or("").to_string());
    view! {
        <div class="field field-inline">
            <label for=id.clone()>{move || i.t(label)}</label>
            <select id=id on:change=move |ev| set(param, event_target_value(&ev)) prop:value=current>
                <option value="">{i.tr(M::Any)}</option>
                {move || options.get().into_iter().map(|(v, text)| {
                    let selected = current() == v;
                    view! { <option value=v selected=selected>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// The filter chip's text: "Champions", "VIP", "R5 F4", "Cluster 2", "Churn risk".
fn insight_label(lang: Lang, f: InsightFilter) -> String {
    match f {
        InsightFilter::Segment(s) => s.label(lang).into(),
        InsightFilter::Tier(t) => t.label(lang).into(),
        InsightFilter::Quadrant(q) => q.label(lang).into(),
        InsightFilter::Cluster(c) => i18n::cluster_name(lang, c as usize + 1),
        InsightFilter::Rf(r, f) => format!("R{r} F{f}"),
        InsightFilter::ChurnRisk => K::ChurnRiskBadge.text(lang).into(),
        InsightFilter::Loyalty(l) => l.label(lang).into(),
        InsightFilter::PAlive(b) => format!("P(alive) {}–{}%", b as u32 * 10, b as u32 * 10 + 10),
        InsightFilter::Clv(lo, hi) => format!(
            "CLV {}–{}",
            crate::i18n::group(lo as u64),
            crate::i18n::group(hi as u64)
        ),
        InsightFilter::Cohort(m) => M::cohort_label(lang, m, None),
        InsightFilter::CohortActive(m, k) => M::cohort_label(lang, m, Some(k)),
        InsightFilter::Retained(m) => M::retained_label(lang, m),
        InsightFilter::Csat(v) => format!("CSAT {v}"),
    }
}

/// The analytics slices the list can filter on: segments, tiers, quadrants, churn risk.
fn insight_options(lang: Lang) -> Vec<(String, String)> {
    use kehu_core::analytics::insights::QUADRANTS;
    use kehu_core::analytics::rfm::Segment;
    use kehu_core::analytics::value::Tier;
    Segment::ALL
        .iter()
        .map(|&s| InsightFilter::Segment(s))
        .chain(Tier::ALL.iter().map(|&t| InsightFilter::Tier(t)))
        .chain(QUADRANTS.iter().map(|&q| InsightFilter::Quadrant(q)))
        .chain([InsightFilter::ChurnRisk])
        .chain(
            kehu_core::analytics::satisfaction::Loyalty::ALL
                .iter()
                .map(|&l| InsightFilter::Loyalty(l)),
        )
        .map(|f| (f.code(), insight_label(lang, f)))
        .collect()
}
