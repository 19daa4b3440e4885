//! The sign-in page of sync (`#/sync`, in the office): the shop database's address, a
//! CouchDB user's name and password, and signing out. Signing in sets this device's
//! sync settings; the page (`crate::sync`) follows them and starts syncing.

mod conflicts;
pub mod messages;

use crate::i18n::{Msg, use_i18n};
use crate::state::use_app;
use crate::sync::{self as sync, SignInError};
use kehu_core::replicate::{Server, ServerError};
use leptos::prelude::*;
use messages as M;

/// Who is signed in: not known yet, nobody, or a user and their roles.
#[derive(Debug, Clone, PartialEq)]
enum Who {
    Checking,
    Nobody,
    User(String, Vec<String>),
}

#[component]
pub fn SyncPage() -> impl IntoView {
    let i = use_i18n();
    let who = RwSignal::new(Who::Checking);
    let saved = sync::saved_server();
    match saved.clone().filter(|_| sync::switched_on()) {
        Some(server) => leptos::task::spawn_local(async move {
            who.set(match sync::signed_in(&server).await {
                Some((name, roles)) => Who::User(name, roles),
                None => Who::Nobody,
            });
        }),
        None => who.set(Who::Nobody),
    }
    let server_text = saved.map(|s| s.db().to_string()).unwrap_or_default();
    view! {
        <section class="page page-narrow" id="sync-page">
            <h1>{i.tr(M::Title)}</h1>
            <p class="muted">{i.tr(M::Intro)}</p>
            {move || match who.get() {
                Who::Checking => view! { <p class="card muted" role="status">{i.tr(M::Checking)}</p> }.into_any(),
                Who::Nobody => view! { <SignInForm who=who server=server_text.clone()/> }.into_any(),
                Who::User(name, roles) => view! { <SignedIn who=who name=name roles=roles/> }.into_any(),
            }}
            <conflicts::Conflicts/>
        </section>
    }
}

/// The problems a sign-in form can have, by field.
#[derive(Clone, Default, PartialEq)]
struct Problems {
    server: Option<Msg>,
    name: Option<Msg>,
    password: Option<Msg>,
    /// The server's answer.
    answer: Option<Msg>,
}

impl Problems {
    /// What is wrong with the form as typed, before asking the server.
    fn of(server: &str, name: &str, password: &str) -> Result<Server, Problems> {
        let parsed = Server::parse(server);
        let p = Problems {
            server: parsed.as_ref().err().map(|e| match e {
                ServerError::NotAnAddress => M::NoServer,
                ServerError::NoDatabase => M::NoDatabase,
            }),
            name: name.trim().is_empty().then_some(M::NeedName),
            password: password.is_empty().then_some(M::NeedPassword),
            answer: None,
        };
        match parsed {
            Ok(s) if p == Problems::default() => Ok(s),
            _ => Err(p),
        }
    }
}

#[component]
fn SignInForm(who: RwSignal<Who>, server: String) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let (server, name, password) = (
        RwSignal::new(server),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let problems = RwSignal::new(Problems::default());
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (n, pw) = (name.get_untracked(), password.get_untracked());
        let s = match Problems::of(&server.get_untracked(), &n, &pw) {
            Ok(s) => s,
            Err(p) => return problems.set(p),
        };
        problems.set(Problems::default());
        busy.set(true);
        leptos::task::spawn_local(async move {
            let answer = sync::sign_in(&s, n.trim(), &pw).await;
            busy.set(false);
            let why = match answer {
                Ok(()) => {
                    sync::switch_on(&s);
                    app.say(M::SignedInToast, None);
                    let roles = sync::signed_in(&s).await.map(|u| u.1).unwrap_or_default();
                    return who.set(Who::User(n.trim().to_string(), roles));
                }
                Err(SignInError::Wrong) => M::Wrong,
                Err(SignInError::Unreachable) => M::Unreachable,
                Err(SignInError::Server(_)) => M::ServerSaid,
            };
            problems.set(Problems {
                answer: Some(why),
                ..Problems::default()
            });
        });
    };
    let err =
        move |f: fn(&Problems) -> Option<Msg>| move || problems.with(f).map(|m| m.text(i.get()));
    view! {
        <form class="card" id="sync-form" on:submit=submit novalidate>
            <Input id="sync-server" label=M::Server value=server kind="url" complete="url" error=Signal::derive(err(|p| p.server)) hint=Some(M::ServerHint)/>
            <div class="grid-2">
                <Input id="sync-name" label=M::Name value=name kind="text" complete="username" error=Signal::derive(err(|p| p.name)) hint=None/>
                <Input id="sync-password" label=M::Password value=password kind="password" complete="current-password" error=Signal::derive(err(|p| p.password)) hint=None/>
            </div>
            {move || err(|p| p.answer)().map(|e| view! { <p class="field-error" id="sync-answer" role="alert">{e}</p> })}
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" id="sync-sign-in" prop:disabled=busy>
                    {move || if busy.get() { i.t(M::SigningIn) } else { i.t(M::SignIn) }}
                </button>
            </div>
        </form>
        <p class="muted" id="sync-off">{i.tr(M::NotSignedIn)}</p>
    }
}

/// One labelled input of the form, with its hint and error.
#[component]
fn Input(
    id: &'static str,
    label: Msg,
    value: RwSignal<String>,
    kind: &'static str,
    complete: &'static str,
    error: Signal<Option<&'static str>>,
    hint: Option<Msg>,
) -> impl IntoView {
    let i = use_i18n();
    let (err_id, hint_id) = (format!("{id}-err"), format!("{id}-hint"));
    let described = {
        let (err_id, hint_id) = (err_id.clone(), hint_id.clone());
        move || match (error.get().is_some(), hint.is_some()) {
            (true, _) => Some(err_id.clone()),
            (false, true) => Some(hint_id.clone()),
            (false, false) => None,
        }
    };
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id>{i.tr(label)}</label>
            <input id=id type=kind autocomplete=complete prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || error.get().map(|_| "true") aria-describedby=described/>
            {hint.map(|h| view! { <div class="field-hint" id=hint_id.clone()>{i.tr(h)}</div> })}
            {move || error.get().map(|e| view! { <div class="field-error" id=err_id.clone()>{e}</div> })}
        </div>
    }
}

#[component]
fn SignedIn(who: RwSignal<Who>, name: String, roles: Vec<String>) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let server = sync::saved_server();
    let address = server.as_ref().map(|s| s.db().to_string());
    let roles = move || {
        let lang = i.get();
        (roles.iter())
            .map(|r| match r.as_str() {
                "admin" | "_admin" => M::RoleAdmin.text(lang).to_string(),
                "staff" => M::RoleStaff.text(lang).to_string(),
                "viewer" => M::RoleViewer.text(lang).to_string(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join("、")
    };
    let sign_out = move |_| {
        let server = server.clone();
        leptos::task::spawn_local(async move {
            if let Some(s) = &server {
                sync::sign_out(s).await;
            }
            sync::switch_off();
            who.set(Who::Nobody);
            app.say(M::SignedOut, None);
        });
    };
    view! {
        <div class="card" id="sync-signed-in">
            <dl class="profile">
                <dt>{i.tr(M::Server)}</dt><dd id="sync-address">{address}</dd>
                <dt>{i.tr(M::SignedInAs)}</dt><dd id="sync-user">{name}</dd>
                <dt>{i.tr(M::Roles)}</dt><dd id="sync-roles">{roles}</dd>
            </dl>
            <div class="form-actions">
                <button type="button" class="btn" id="sync-sign-out" on:click=sign_out>{i.tr(M::SignOut)}</button>
            </div>
        </div>
        <RefusedChanges/>
    }
}

/// The changes of this device's the server refused, with why, until someone has read
/// them (sync reports an error meanwhile).
#[component]
fn RefusedChanges() -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let refused = RwSignal::new(Vec::<kehu_store::Refused>::new());
    let load = move || {
        app.write(
            |db| async move { db.sync_refused().await },
            move |r| refused.set(r),
        )
    };
    load();
    let dismiss = move |_| {
        app.write(
            |db| async move { db.dismiss_refused().await },
            move |_| refused.set(Vec::new()),
        )
    };
    move || {
        let list = refused.get();
        (!list.is_empty()).then(|| {
            let lang = i.get();
            let rows = (list.into_iter())
                .map(|r| {
                    let (kind, id) = r.doc.split_once(':').unwrap_or((&r.doc, ""));
                    let what = format!("{} {id}", crate::i18n::record_kind(lang, kind));
                    let why = sync::refusal_text(lang, &r.reason);
                    view! { <li><span class="muted">{what}</span>" · "{why}</li> }
                })
                .collect_view();
            view! {
                <div class="card card-danger" id="sync-refused" role="alert">
                    <h2>{i.tr(M::RefusedTitle)}</h2>
                    <p>{i.tr(M::RefusedBody)}</p>
                    <ul class="plain">{rows}</ul>
                    <div class="form-actions">
                        <button type="button" class="btn" id="sync-refused-dismiss" on:click=dismiss>{i.tr(M::RefusedDismiss)}</button>
                    </div>
                </div>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_names_each_field_that_is_wrong_before_asking_the_server() {
        let Err(p) = Problems::of("shop", "", "") else {
            panic!("not an address")
        };
        assert!(p.server == Some(M::NoServer));
        assert!(p.name == Some(M::NeedName) && p.password == Some(M::NeedPassword));
        let Err(p) = Problems::of("https://shop.example.com", "li", "pw") else {
            panic!("no database")
        };
        assert!(p.server == Some(M::NoDatabase) && p.name.is_none());
        let ok = Problems::of(" /couch/kehu ", "li", "pw").ok().unwrap();
        assert_eq!(ok.db(), "/couch/kehu");
    }
}
