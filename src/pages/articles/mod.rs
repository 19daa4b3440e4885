//! The knowledge base (知识库) at `#/articles?q=…`: every article, or those matching the
//! search (`kehu_core::article::search`, Chinese included), best first, each with its
//! tags and the start of its text. One article's page is `form.rs`; a ticket's
//! articles are [`TicketArticles`] (`on_ticket.rs`). The office shows these pages.

mod form;
pub(crate) mod messages;
mod on_ticket;

use crate::data::{self, Topic};
use crate::i18n::{self, K, use_i18n};
use crate::route::{Params, Route};
pub use form::ArticlePage;
use kehu_core::Article;
use kehu_core::article::search;
use leptos::prelude::*;
use messages as M;
pub use on_ticket::TicketArticles;

/// Characters of an article's text shown in a list.
const SNIPPET: usize = 90;

/// The start of `body`, on one line.
fn snippet(body: &str) -> String {
    let flat: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(SNIPPET) {
        Some((at, _)) => format!("{}…", &flat[..at]),
        None => flat,
    }
}

/// Every article, again when one changes.
pub(crate) fn all_articles() -> LocalResource<Result<Vec<Article>, kehu_store::StoreError>> {
    data::resource(vec![Topic::of::<Article>()], |db| async move {
        db.all_docs::<Article>().await
    })
}

#[component]
pub fn ArticlesPage(params: Params) -> impl IntoView {
    let i = use_i18n();
    let query = RwSignal::new(params.get("q").unwrap_or("").to_string());
    Effect::new(move |_| {
        let q = query.get();
        let p = Params(
            (!q.is_empty())
                .then(|| ("q".to_string(), q))
                .into_iter()
                .collect(),
        );
        crate::route::replace(&Route::Articles(p));
    });
    let all = all_articles();
    view! {
        <section class="page">
            <div class="page-head">
                <h1>{i.tr(M::Title)}</h1>
                <div class="page-actions">
                    <a class="btn btn-primary" id="new-article" href=Route::NewArticle(Params::default()).href()>{i.tr(M::NewArticle)}</a>
                </div>
            </div>
            <p class="muted">{i.tr(M::Intro)}</p>
            <div class="toolbar">
                <label class="field field-grow">
                    <span>{i.tr(M::Search)}</span>
                    <input type="search" id="article-search" prop:value=move || query.get()
                        on:input=move |ev| query.set(event_target_value(&ev))/>
                </label>
            </div>
            {move || match all.get() {
                None => view! { <p class="loading">{i.t(K::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="panel panel-error" role="alert">{i18n::store_error(i.get(), &e)}</p> }.into_any(),
                Some(Ok(all)) if all.is_empty() => view! { <p class="panel muted" id="no-articles">{i.t(M::Empty)}</p> }.into_any(),
                Some(Ok(all)) => {
                    let found: Vec<Article> = query.with(|q| search(&all, q).into_iter().cloned().collect());
                    if found.is_empty() {
                        return view! { <p class="panel muted" id="no-article-match">{i.t(M::NoMatch)}</p> }.into_any();
                    }
                    let n = found.len();
                    view! {
                        <p class="muted" id="article-count">{move || M::count(i.get(), n)}</p>
                        <ul class="article-list" id="article-list">{found.into_iter().map(item).collect_view()}</ul>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// One article in a list: its title, tags and the start of its text.
fn item(a: Article) -> impl IntoView {
    view! {
        <li class="article-item card">
            <a class="article-title" href=Route::Article(a.id.0.clone()).href()>{a.title.clone()}</a>
            <span class="tags">{a.tags.iter().map(|t| view! { <span class="tag">{t.clone()}</span> }).collect_view()}</span>
            <p class="muted">{snippet(&a.body)}</p>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snippet_is_the_start_of_the_text_on_one_line() {
        assert_eq!(snippet("先检查\n电源   适配器"), "先检查 电源 适配器");
        let long = "字".repeat(200);
        let s = snippet(&long);
        assert_eq!(s.chars().count(), SNIPPET + 1);
        assert!(s.ends_with('…'));
    }
}
