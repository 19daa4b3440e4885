//! A ticket's articles: those linked to it (each can be unlinked), those the knowledge
//! base suggests for its subject and description (each can be linked), the way to
//! search the rest, and, once it has a resolution, the way to save it as an article.

use super::messages as M;
use super::{all_articles, snippet};
use crate::i18n::use_i18n;
use crate::route::{Params, Route};
use crate::state::{AppState, use_app};
use kehu_core::article::search;
use kehu_core::{Article, Id, Ticket};
use leptos::prelude::*;

/// Suggestions shown beside the linked articles.
const SUGGESTED: usize = 3;

/// The articles linked to `t`, and the best of the rest for its words.
fn split(all: &[Article], t: &Ticket) -> (Vec<Article>, Vec<Article>) {
    let linked = (t.articles.iter())
        .filter_map(|id| all.iter().find(|a| a.id == *id).cloned())
        .collect();
    let words = format!("{} {}", t.subject, t.description);
    let suggested = (search(all, &words).into_iter())
        .filter(|a| !t.articles.contains(&a.id))
        .take(SUGGESTED)
        .cloned()
        .collect();
    (linked, suggested)
}

/// Writes `t` with `article` linked or unlinked.
fn relink(app: AppState, t: &Ticket, article: &Id, link: bool) {
    let mut t = t.clone();
    t.articles.retain(|a| a != article);
    if link {
        t.articles.push(article.clone());
    }
    t.updated = crate::platform::now();
    app.write(move |db| async move { db.put_doc(&t).await }, |_| {});
}

#[component]
pub fn TicketArticles(t: Ticket) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let all = all_articles();
    let t = StoredValue::new(t);
    let row = move |a: Article, link: bool| {
        let id = a.id.clone();
        let (label, class) = match link {
            true => (M::Link, "btn btn-small article-link"),
            false => (M::Unlink, "btn btn-small article-unlink"),
        };
        let act = move |_| t.with_value(|t| relink(app, t, &id, link));
        view! {
            <li class="article-item">
                <a class="article-title" href=Route::Article(a.id.0.clone()).href()>{a.title.clone()}</a>
                " "<button type="button" class=class on:click=act>{i.tr(label)}</button>
                <p class="muted">{snippet(&a.body)}</p>
            </li>
        }
    };
    let search_href =
        t.with_value(|t| Route::Articles(Params(vec![("q".into(), t.subject.clone())])).href());
    let from_href =
        t.with_value(|t| Route::NewArticle(Params(vec![("ticket".into(), t.id.0.clone())])).href());
    let resolved = t.with_value(|t| !t.resolution.trim().is_empty());
    view! {
        <section class="card" id="ticket-articles" aria-labelledby="ticket-articles-title">
            <h2 id="ticket-articles-title">{i.tr(M::OnTicket)}</h2>
            {move || {
                let Some(Ok(all)) = all.get() else { return None };
                let (linked, suggested) = t.with_value(|t| split(&all, t));
                Some(view! {
                    {if linked.is_empty() {
                        view! { <p class="muted" id="no-linked-articles">{i.tr(M::NoneLinked)}</p> }.into_any()
                    } else {
                        view! { <ul class="article-list" id="linked-articles">{linked.into_iter().map(|a| row(a, false)).collect_view()}</ul> }.into_any()
                    }}
                    {(!suggested.is_empty()).then(|| view! {
                        <h3>{i.tr(M::Suggested)}</h3>
                        <ul class="article-list" id="suggested-articles">{suggested.into_iter().map(|a| row(a, true)).collect_view()}</ul>
                    })}
                })
            }}
            <p class="form-actions">
                <a class="btn" id="ticket-article-search" href=search_href>{i.tr(M::SearchAll)}</a>
                {resolved.then(|| view! {
                    <a class="btn" id="ticket-to-article" href=from_href>{i.tr(M::FromResolution)}</a>
                })}
            </p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kehu_core::Millis;

    #[test]
    fn a_ticket_lists_its_articles_and_suggests_others_for_its_words() {
        let a = |id: &str, title: &str| Article {
            title: title.into(),
            body: "……".into(),
            ..Article::new(Id(id.into()), Millis(0))
        };
        let all = [
            a("inv", "开具发票"),
            a("pos", "POS 机无法开机"),
            a("ret", "退换货流程"),
        ];
        let mut t = Ticket::new(Id("t".into()), Id("c".into()), Millis(0));
        t.subject = "发票怎么开".into();
        t.description = "POS 机打不出小票".into();
        t.articles = vec![Id("ret".into())];
        let (linked, suggested) = split(&all, &t);
        let ids = |v: Vec<Article>| v.into_iter().map(|a| a.id.0).collect::<Vec<_>>();
        assert_eq!(ids(linked), ["ret"]);
        let mut s = ids(suggested);
        s.sort();
        assert_eq!(s, ["inv", "pos"]);
    }
}
