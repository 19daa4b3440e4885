//! The customer list: search, filters, sort and paging, all held in the URL so a link or
//! a reload shows the same list.

use crate::i18n::{self, K, Label, Lang, use_i18n};
use crate::platform;
use crate::route::{Params, Route, replace};
use crate::state::use_app;
use kehu_core::query::{CustomerQuery, CustomerRow, InsightFilter, SortKey, facets};
use kehu_core::*;
use leptos::prelude::*;

const PAGE_SIZE: usize = 50;

fn flag(p: &Params, k: &str) -> Option<bool> {
    match p.get(k) {
        Some("1") => Some(true),
        Some("0") => Some(false),
        _ => None,
    }
}

/// The list query a URL describes (the search text is handled apart; see below).
fn query_of(p: &Params) -> CustomerQuery {
    CustomerQuery {
        text: p.get("q").unwrap_or("").to_string(),
        kind: p.get("kind").and_then(Kind::from_code),
        customer_type: p.get("type").and_then(CustomerType::from_code),
        stage: p.get("stage").and_then(LifecycleStage::from_code),
        level: p.get("level").and_then(RelationshipLevel::from_code),
        owner: p.get("owner").map(str::to_string),
        tag: p.get("tag").map(str::to_string),
        key_account: flag(p, "key"),
        blacklisted: flag(p, "black"),
        insight: p.get("insight").and_then(InsightFilter::from_code),
        in_trash: p.get("trash") == Some("1"),
        sort: p
            .get("sort")
            .and_then(SortKey::from_code)
            .unwrap_or_default(),
        // Newest first by default for dates; A→Z for text.
        descending: match p.get("dir") {
            Some("asc") => false,
            Some("desc") => true,
            _ => matches!(
                p.get("sort")
                    .and_then(SortKey::from_code)
                    .unwrap_or_default(),
                SortKey::Updated | SortKey::Created
            ),
        },
    }
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

#[component]
pub fn CustomerList() -> impl IntoView {
    let app = use_app();
    let analytics = crate::analytics::use_analytics();
    let i = use_i18n();
    let route = expect_context::<RwSignal<Route>>();
    let params = Memo::new(move |_| match route.get() {
        Route::Customers(p) => p,
        _ => Params::default(),
    });
    // The search box owns its text while the user types; the URL follows it (replace,
    // so typing adds no history entries). Reading it back from the URL instead would
    // race with hashchange events and eat keystrokes.
    let text = RwSignal::new(params.get_untracked().get("q").unwrap_or("").to_string());
    let query = Memo::new(move |_| {
        let mut q = query_of(&params.get());
        q.text = text.get();
        q
    });
    // Sorting by name follows the language's collation (pinyin for Chinese), which only
    // the browser knows; computed only while the list is sorted by name.
    let name_rank = Memo::new(move |_| {
        if query.with(|q| q.sort) != SortKey::Name {
            return None;
        }
        let lang = i.get();
        Some(
            app.rows
                .with(|rows| platform::collation_ranks(rows.iter().map(|r| r.name.as_str()), lang)),
        )
    });
    let hits = Memo::new(move |_| {
        let q = query.get();
        // The analytics results only matter (and are only tracked) under an insight filter.
        let per = q.insight.and_then(|_| analytics.cached.get());
        name_rank.with(|rank| {
            app.rows.with(|rows| {
                q.run_with(
                    rows,
                    rank.as_deref(),
                    per.as_ref().map(|c| &c.insights.customers),
                )
            })
        })
    });
    let facet_lists = Memo::new(move |_| app.rows.with(|r| facets(r)));
    let pages = move || hits.with(|h| h.len().div_ceil(PAGE_SIZE).max(1));
    let page = move || {
        params
            .with(|p| p.get("page").and_then(|s| s.parse::<usize>().ok()))
            .unwrap_or(1)
            .clamp(1, pages())
    };
    let set = move |key: &'static str, value: String| {
        let p = with_param(&params.get_untracked(), key, &value);
        replace(&Route::Customers(p));
    };
    let on_search = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        text.set(v.clone());
        set("q", v);
    };

    let rows_view = move || {
        let lang = i.get();
        let start = (page() - 1) * PAGE_SIZE;
        hits.with(|h| {
            app.rows.with(|rows| {
                h.iter()
                    .skip(start)
                    .take(PAGE_SIZE)
                    .map(|&ix| {
                        let r = &rows[ix];
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
                                <td class="col-owner">{r.owner.clone()}</td>
                                <td class="col-tags">{r.tags.iter().take(3).map(|t| view! { <span class="tag">{t.clone()}</span> }).collect_view()}</td>
                                <td class="col-date">{i18n::date(lang, updated)}</td>
                            </tr>
                        }
                    })
                    .collect_view()
            })
        })
    };

    // The list as it stands (every page, filters and sort applied) as CSV, with the
    // analysis where there is one.
    // `anonymous`, for sharing with an analyst: no kehu ids and no free text (tags;
    // notes and custom fields are never in the list), names, numbers, phones, emails and
    // account managers replaced by stand-ins salted for this file only; the rest, the
    // analysis included, kept.
    let export = move |anonymous: bool, xlsx: bool| {
        let lang = i.lang.get_untracked();
        let person = K::Pseudonym.text(lang);
        let staff = K::PseudonymOwner.text(lang);
        let stand_ins = kehu_core::export::Pseudonyms::new(platform::random_salt());
        let hide = |r: &CustomerRow, v: &str, field: &str, prefix: &str, suffix: &str| {
            if anonymous && !v.is_empty() {
                format!("{}{suffix}", stand_ins.of(prefix, field, &r.id.0))
            } else {
                v.to_string()
            }
        };
        let cached = analytics.cached.get_untracked();
        let per = cached.as_ref().map(|c| &c.insights.customers);
        let yes_no = |b: bool| if b { K::Yes } else { K::No }.text(lang).to_string();
        let zone = platform::zone();
        let day = |m: Millis| zone.day(m).to_string();
        let mut head = vec![
            "ID",
            K::FName.text(lang),
            K::FCode.text(lang),
            K::FKind.text(lang),
            K::FType.text(lang),
            K::FStage.text(lang),
            K::FLevel.text(lang),
            K::FPhone.text(lang),
            K::FEmail.text(lang),
            K::FCity.text(lang),
            K::FOwner.text(lang),
            K::FTags.text(lang),
            K::FKeyAccount.text(lang),
            K::FBlacklisted.text(lang),
            K::FCreated.text(lang),
            K::FUpdated.text(lang),
        ];
        if anonymous {
            // No kehu id (it is the same in every export: rows could be joined across
            // files) and no free text.
            head.retain(|h| *h != "ID" && *h != K::FTags.text(lang));
        }
        if per.is_some() {
            head.extend([
                K::ColSegment.text(lang),
                K::ColTier.text(lang),
                K::ColClv.text(lang),
                K::ColPAlive.text(lang),
            ]);
        }
        // (The signature tells the compiler the cells borrow from the row.)
        fn row_cells<F: for<'r> Fn(&'r CustomerRow) -> Vec<std::borrow::Cow<'r, str>>>(f: F) -> F {
            f
        }
        let cells_of = row_cells(|r| {
            let mut cells: Vec<std::borrow::Cow<str>> = vec![
                r.id.0.as_str().into(),
                hide(r, &r.name, "name", person, "").into(),
                hide(r, &r.code, "code", "NO-", "").into(),
                r.kind.label(lang).into(),
                r.customer_type.label(lang).into(),
                r.stage.label(lang).into(),
                r.level.label(lang).into(),
                hide(r, &r.phone, "phone", "TEL-", "").into(),
                hide(r, &r.email, "email", "", "@example.invalid").into(),
                r.city.as_str().into(),
                if anonymous && !r.owner.is_empty() {
                    stand_ins.of(staff, "owner", &r.owner).into()
                } else {
                    r.owner.as_str().into()
                },
                r.tags.join("; ").into(),
                yes_no(r.key_account).into(),
                yes_no(r.blacklisted).into(),
                day(r.created).into(),
                day(r.updated).into(),
            ];
            if anonymous {
                // The id and the tags, as in the head.
                cells.remove(11);
                cells.remove(0);
            }
            if let Some(p) = per {
                cells.extend([
                    p.segment(r.key).map_or("", |s| s.label(lang)).into(),
                    p.tier(r.key).map_or("", |t| t.label(lang)).into(),
                    p.clv(r.key)
                        .map_or(String::new(), |v| format!("{v:.2}"))
                        .into(),
                    p.p_alive(r.key)
                        .map_or(String::new(), |v| format!("{v:.3}"))
                        .into(),
                ]);
            }
            cells
        });
        let stem = format!(
            "kehu-customers-{}{}",
            platform::today(),
            if anonymous { "-anonymised" } else { "" }
        );
        hits.with_untracked(|hits| {
            app.rows.with_untracked(|rows| {
                let all = hits.iter().map(|&ix| cells_of(&rows[ix]));
                if xlsx {
                    let sheet = K::NavCustomers.text(lang);
                    let bytes = kehu_core::xlsx::workbook(sheet, &head, all);
                    platform::download_bytes(&format!("{stem}.xlsx"), platform::XLSX, &bytes);
                } else {
                    let csv = kehu_core::export::to_csv(&head, all);
                    platform::download(&format!("{stem}.csv"), "text/csv;charset=utf-8", &csv);
                }
            })
        });
    };
    let in_trash = move || params.with(|p| p.get("trash") == Some("1"));
    let filtered = move || query.with(|q| q.is_filtered());
    let total_live = move || app.rows.with(|r| r.iter().filter(|r| !r.deleted).count());

    // On a narrow screen the filters fold behind a button that counts those applied.
    let show_filters = RwSignal::new(false);
    let active_filters = move || {
        params.with(|p| {
            FILTER_PARAMS
                .iter()
                .filter(|k| p.get(k).is_some_and(|v| !v.is_empty()))
                .count()
        })
    };
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{move || if in_trash() { i.t(K::Trash) } else { i.t(K::NavCustomers) }}</h1>
                <div class="page-actions">
                    <a class="btn" href=Route::NewCustomer(Kind::Organisation).href()>{move || i.t(K::NewOrganisation)}</a>
                    <a class="btn btn-primary" href=Route::NewCustomer(Kind::Person).href()>{move || i.t(K::NewPerson)}</a>
                </div>
            </div>
            <div class="toolbar">
                <div class="search">
                    <label for="customer-search" class="visually-hidden">{move || i.t(K::Search)}</label>
                    <input id="customer-search" type="search" autocomplete="off"
                        placeholder=move || i.t(K::SearchPlaceholder)
                        prop:value=move || text.get() on:input=on_search />
                </div>
                <button class="btn filters-toggle" id="filters-toggle" aria-controls="list-filters"
                    aria-expanded=move || show_filters.get().to_string()
                    on:click=move |_| show_filters.update(|o| *o = !*o)>
                    {move || crate::i18n::filters_button(i.get(), active_filters())}
                </button>
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
                    options=Signal::derive(move || facet_lists.with(|f| f.0.iter().map(|o| (o.clone(), o.clone())).collect()))/>
                <FilterSelect label=K::FTags param="tag" params=params set=set
                    options=Signal::derive(move || facet_lists.with(|f| f.1.iter().map(|o| (o.clone(), o.clone())).collect()))/>
                <FilterSelect label=K::FKeyAccount param="key" params=params set=set
                    options=Signal::derive(move || yes_no(i.get()))/>
                <FilterSelect label=K::FBlacklisted param="black" params=params set=set
                    options=Signal::derive(move || yes_no(i.get()))/>
                <FilterSelect label=K::FilterInsight param="insight" params=params set=set
                    options=Signal::derive(move || {
                        let mut o = insight_options(i.get());
                        // A drill-down's slice (a cohort, an R×F cell) is offered too, so the
                        // select shows what is applied.
                        if let Some(f) = query.with(|q| q.insight)
                            && !o.iter().any(|(code, _)| *code == f.code())
                        {
                            o.push((f.code(), insight_label(i.get(), f)));
                        }
                        o
                    })/>
                <div class="field field-inline">
                    <label for="sort-select">{move || i.t(K::SortBy)}</label>
                    <select id="sort-select" on:change=move |ev| set("sort", event_target_value(&ev))
                        prop:value=move || query.with(|q| q.sort.code())>
                        {SortKey::ALL.iter().map(|k| {
                            let k = *k;
                            view! { <option value=k.code() selected=move || query.with(|q| q.sort == k)>{move || k.label(i.get())}</option> }
                        }).collect_view()}
                    </select>
                    <button class="btn btn-icon" id="sort-dir"
                        aria-label=move || if query.with(|q| q.descending) { i.t(K::Descending) } else { i.t(K::Ascending) }
                        title=move || if query.with(|q| q.descending) { i.t(K::Descending) } else { i.t(K::Ascending) }
                        on:click=move |_| set("dir", if query.with_untracked(|q| q.descending) { "asc".into() } else { "desc".into() })>
                        {move || if query.with(|q| q.descending) { "↓" } else { "↑" }}
                    </button>
                </div>
                </div>
                <Show when=filtered>
                    <button class="btn btn-link" id="clear-filters" on:click=move |_| {
                        text.set(String::new());
                        let trash = params.with_untracked(|p| p.get("trash").map(str::to_string));
                        replace(&Route::Customers(Params(trash.map(|t| vec![("trash".into(), t)]).unwrap_or_default())));
                    }>{move || i.t(K::ClearFilters)}</button>
                </Show>
            </div>
            {move || query.with(|q| q.insight).map(|f| view! {
                <div class="insight-filter" id="insight-filter">
                    <span class="muted">{move || i.t(K::FilterInsight)}": "</span>
                    <span class="badge badge-info">{move || insight_label(i.get(), f)}</span>
                    <button class="btn btn-link" on:click=move |_| set("insight", String::new())>{move || i.t(K::ClearFilter)}</button>
                    {move || analytics.cached.with(|c| c.is_none()).then(|| view! { <span class="muted">{i.t(K::InsightPending)}</span> })}
                </div>
            })}
            <p class="result-count" id="result-count" aria-live="polite">
                {move || format!("{} {}", i18n::count(hits.with(|h| h.len())), i.t(K::ResultsCount))}
                " · "
                <a href=move || Route::Customers(if in_trash() { Params::default() } else { Params(vec![("trash".into(), "1".into())]) }).href()>
                    {move || if in_trash() { i.t(K::BackToList) } else { i.t(K::Trash) }}
                </a>
                " · "
                <button class="btn btn-link" id="export-csv" on:click=move |_| export(false, false) disabled=move || hits.with(|h| h.is_empty())>
                    {move || i.t(K::ExportCsv)}
                </button>
                " · "
                <button class="btn btn-link" id="export-anon" on:click=move |_| export(true, false) disabled=move || hits.with(|h| h.is_empty())
                    title=move || i.t(K::ExportAnonHint)>
                    {move || i.t(K::ExportAnon)}
                </button>
                " · "
                <button class="btn btn-link" id="export-xlsx" on:click=move |_| export(false, true) disabled=move || hits.with(|h| h.is_empty())>
                    {move || i.t(K::ExportXlsx)}
                </button>
                " · "
                <a id="find-duplicates" href=Route::Duplicates.href()>{move || i.t(K::FindDuplicates)}</a>
            </p>
            <Show when=move || hits.with(|h| !h.is_empty())
                fallback=move || view! {
                    <div class="empty">
                        {move || if total_live() == 0 && !in_trash() { i.t(K::NoCustomersYet) } else { i.t(K::NoMatches) }}
                    </div>
                }>
                <div class="table-wrap">
                    <table class="table" id="customer-table">
                        <thead>
                            <tr>
                                <th scope="col">{move || i.t(K::FName)}</th>
                                <th scope="col">{move || i.t(K::FKind)}</th>
                                <th scope="col">{move || i.t(K::FStage)}</th>
                                <th scope="col" class="col-phone">{move || i.t(K::FPhone)}</th>
                                <th scope="col" class="col-email">{move || i.t(K::FEmail)}</th>
                                <th scope="col" class="col-city">{move || i.t(K::FCity)}</th>
                                <th scope="col" class="col-owner">{move || i.t(K::FOwner)}</th>
                                <th scope="col" class="col-tags">{move || i.t(K::FTags)}</th>
                                <th scope="col" class="col-date">{move || i.t(K::FUpdated)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows_view}</tbody>
                    </table>
                </div>
                <nav class="pager" aria-label=move || i.t(K::Page)>
                    <button class="btn" disabled=move || { page() <= 1 }
                        on:click=move |_| set("page", (page() - 1).to_string())>{move || i.t(K::Previous)}</button>
                    <span id="page-info">{move || {
                        let (page, pages) = (page(), pages());
                        i18n::tr!(i.get(), "第 {page} 页，共 {pages} 页", "Page {page} of {pages}")
                    }}</span>
                    <button class="btn" disabled=move || { page() >= pages() }
                        on:click=move |_| set("page", (page() + 1).to_string())>{move || i.t(K::Next)}</button>
                </nav>
            </Show>
        </section>
    }
}

fn yes_no(lang: Lang) -> Vec<(String, String)> {
    vec![
        ("1".into(), K::Yes.text(lang).into()),
        ("0".into(), K::No.text(lang).into()),
    ]
}

/// The query parameters that are filters (counted on the folded filters' button).
const FILTER_PARAMS: [&str; 9] = [
    "kind", "type", "stage", "level", "owner", "tag", "key", "black", "insight",
];

#[component]
fn FilterSelect(
    label: K,
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
                <option value="">{move || i.t(K::Any)}</option>
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
        InsightFilter::Cluster(c) => format!("{} {}", K::ClusterLabel.text(lang), c as u32 + 1),
        InsightFilter::Rf(r, f) => format!("R{r} F{f}"),
        InsightFilter::ChurnRisk => K::ChurnRiskBadge.text(lang).into(),
        InsightFilter::Loyalty(l) => l.label(lang).into(),
        InsightFilter::PAlive(b) => format!("P(alive) {}–{}%", b as u32 * 10, b as u32 * 10 + 10),
        InsightFilter::Clv(lo, hi) => format!(
            "CLV {}–{}",
            crate::i18n::group(lo as u64),
            crate::i18n::group(hi as u64)
        ),
        InsightFilter::Cohort(m) => crate::i18n::cohort_label(lang, m, None),
        InsightFilter::CohortActive(m, k) => crate::i18n::cohort_label(lang, m, Some(k)),
        InsightFilter::Retained(m) => crate::i18n::retained_label(lang, m),
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
