//! One article at `#/articles/<id>`, or a new one at `#/articles/new?ticket=…` (written
//! from a ticket's resolution, and linked to it when saved, in one write). The rules
//! are `kehu_core::article`'s.

use super::messages as M;
use crate::components::TextField;
use crate::i18n::{K, Label, use_i18n};
use crate::pages::customer_form::focus_first_invalid;
use crate::platform;
use crate::route::{Params, Route, navigate};
use crate::state::use_app;
use kehu_core::article::{Article, ArticleDraft};
use kehu_core::validate::{Field, FieldError};
use kehu_core::{Docs, Ticket};
use leptos::prelude::*;

fn list() -> Route {
    Route::Articles(Params::default())
}

/// Writes `a`, and `ticket` with it linked when it came from one, in one write.
async fn save(
    db: kehu_store::Db,
    a: Article,
    ticket: Option<Ticket>,
) -> Result<(), kehu_store::StoreError> {
    let tickets = (ticket.into_iter())
        .map(|mut t| {
            if !t.articles.contains(&a.id) {
                t.articles.push(a.id.clone());
            }
            t
        })
        .collect();
    let docs = Docs {
        articles: vec![a],
        tickets,
        ..Docs::default()
    };
    db.put_together(&docs).await
}

#[component]
fn ArticleEditor(base: Article, adding: bool, ticket: Option<Ticket>) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let draft = RwSignal::new(ArticleDraft::from_article(&base));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let base = StoredValue::new(base);
    let from = ticket.as_ref().map(|t| (t.id.0.clone(), t.subject.clone()));
    let ticket = StoredValue::new(ticket);
    let on_save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match draft.with_untracked(|d| d.validate(base.get_value(), platform::now())) {
            Err(errs) => {
                errors.set(errs);
                focus_first_invalid();
            }
            Ok(a) => {
                let t = ticket.get_value();
                let (done, to) = match &t {
                    Some(t) => (M::SavedLinked, Route::Ticket(t.id.0.clone())),
                    None => (M::Saved, Route::Article(a.id.0.clone())),
                };
                app.write(
                    move |db| save(db, a, t),
                    move |_| {
                        app.say(done, None);
                        navigate(&to);
                    },
                )
            }
        }
    };
    let d = draft;
    view! {
        <div class="page-head">
            <h1>{move || if adding { i.t(M::NewArticle) } else { i.t(M::EditTitle) }}</h1>
        </div>
        <form class="card" id="article-form" on:submit=on_save novalidate>
            {from.map(|(id, subject)| view! {
                <p class="muted" id="article-from">{i.tr(M::FromTicket)}" "<a href=Route::Ticket(id).href()>{subject}</a></p>
            })}
            <TextField id="article-title" label=K::FArticleTitle draft=d get=|d| &d.title set=|d| &mut d.title field=Field::ArticleTitle errors=errors required=true/>
            <TextField id="article-tags" label=K::FTags draft=d get=|d| &d.tags set=|d| &mut d.tags field=Field::ArticleTags errors=errors hint=M::TagsHint/>
            <TextField id="article-body" label=K::FArticleBody draft=d get=|d| &d.body set=|d| &mut d.body field=Field::ArticleBody errors=errors multiline=true required=true/>
            <div class="form-actions">
                {(!adding).then(|| view! {
                    <button type="button" class="btn btn-danger" id="article-delete" on:click=move |_| {
                        crate::pages::delete_with_undo(base.get_value(), M::Deleted, list());
                    }>{i.tr(K::Delete)}</button>
                })}
                <a class="btn" href=list().href()>{i.tr(K::Cancel)}</a>
                <button type="submit" class="btn btn-primary" id="article-save">{i.tr(K::Save)}</button>
            </div>
        </form>
    }
}

/// The page at `#/articles/<id>` or `#/articles/new?ticket=…`.
#[component]
pub fn ArticlePage(id: Option<String>, params: Params) -> impl IntoView {
    let i = use_i18n();
    let ticket = params.get("ticket").map(str::to_string);
    let loaded = crate::data::resource(vec![], move |db| {
        let (id, ticket) = (id.clone(), ticket.clone());
        // The ticket's type, tagged in the language the article is written in.
        let lang = i.lang.get_untracked();
        async move {
            Ok(match id {
                Some(id) => db.doc::<Article>(&id).await?.map(|a| (a, false, None)),
                None => {
                    let t = match ticket {
                        Some(t) => db.doc::<Ticket>(&t).await?,
                        None => None,
                    };
                    let (id, now) = (platform::new_id(), platform::now());
                    let a = match &t {
                        Some(t) => Article::from_ticket(id, t, t.kind.label(lang), now),
                        None => Article::new(id, now),
                    };
                    Some((a, true, t))
                }
            })
        }
    });
    crate::pages::record_page(loaded, M::NotFound, |(base, adding, ticket)| {
        view! { <ArticleEditor base=base adding=adding ticket=ticket/> }
    })
}
