//! The team: the shop's staff (add, edit, set inactive), how many customers each owns,
//! and who uses this device. The rules are `kehu_core::staff::StaffDraft`'s.

use crate::components::{CheckField, CodeSelect, TextField};
use crate::i18n::{self, K, Label, use_i18n};
use crate::platform;
use crate::roster::{me, set_me, use_roster};
use crate::route::{Params, Route};
use crate::state::{AppState, use_app};
use kehu_core::staff::{Roster, StaffDraft, percent_text};
use kehu_core::validate::{Field, FieldError};
use kehu_core::{Staff, StaffRole};
use leptos::prelude::*;
use std::collections::HashMap;
mod messages;
use messages as M;

/// The form's state: the record being edited (`None`: closed), what is typed, and the
/// problems of the last save.
#[derive(Clone, Copy)]
struct Editor {
    app: AppState,
    base: RwSignal<Option<Staff>>,
    /// Whether the record is being added (not yet stored).
    adding: RwSignal<bool>,
    draft: RwSignal<StaffDraft>,
    errors: RwSignal<Vec<FieldError>>,
}

impl Editor {
    fn new() -> Editor {
        Editor {
            app: use_app(),
            base: RwSignal::new(None),
            adding: RwSignal::new(false),
            draft: RwSignal::new(StaffDraft::new()),
            errors: RwSignal::new(Vec::new()),
        }
    }

    fn open(self, s: Staff, draft: StaffDraft, adding: bool) {
        self.adding.set(adding);
        self.draft.set(draft);
        self.errors.set(Vec::new());
        self.base.set(Some(s));
        // The form is drawn by then.
        request_animation_frame(|| platform::focus("staff-name"));
    }

    fn add(self) {
        let s = Staff::new(platform::new_id(), "", platform::now());
        self.open(s, StaffDraft::new(), true);
    }

    fn edit(self, s: Staff) {
        let d = StaffDraft::from_staff(&s);
        self.open(s, d, false);
    }

    fn close(self) {
        self.base.set(None);
    }

    fn save(self) {
        let Some(base) = self.base.get_untracked() else {
            return;
        };
        let others = use_roster().get_untracked().unwrap_or_default();
        match self
            .draft
            .with_untracked(|d| d.validate(base, &others, platform::now()))
        {
            Err(errs) => self.errors.set(errs),
            Ok(s) => self.app.write(
                move |db| async move { db.put_doc(&s).await },
                move |_| {
                    self.close();
                    self.app.say(M::Saved, None);
                },
            ),
        }
    }
}

#[component]
pub fn StaffPage() -> impl IntoView {
    let i = use_i18n();
    let ed = Editor::new();
    view! {
        <div class="page-head">
            <h1>{i.tr(M::Title)}</h1>
            <div class="page-actions">
                <button class="btn btn-primary" id="add-staff" on:click=move |_| ed.add()>{i.tr(M::Add)}</button>
            </div>
        </div>
        <p class="muted">{i.tr(M::Intro)}</p>
        <Show when=move || ed.base.with(Option::is_some)>
            <StaffForm ed=ed/>
        </Show>
        <StaffTable ed=ed/>
        <MeCard/>
    }
}

#[component]
fn StaffForm(ed: Editor) -> impl IntoView {
    let i = use_i18n();
    let (d, errors) = (ed.draft, ed.errors);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        ed.save();
    };
    view! {
        <form class="card staff-form" id="staff-form" on:submit=submit novalidate>
            <h2>{move || if ed.adding.get() { i.t(M::NewTitle) } else { i.t(M::EditTitle) }}</h2>
            <div class="grid-2">
                <TextField id="staff-name" label=M::Name draft=d get=|d| &d.name set=|d| &mut d.name field=Field::Name errors=errors required=true/>
                <CodeSelect id="staff-role" label=M::Role draft=d get=|d| d.role set=|d, v| d.role = v
                    all=StaffRole::ALL code=StaffRole::code from_code=StaffRole::from_code/>
                <TextField id="staff-region" label=K::FRegion draft=d get=|d| &d.region set=|d| &mut d.region field=Field::Region errors=errors/>
                <TextField id="staff-phone" label=K::FPhone draft=d get=|d| &d.phone set=|d| &mut d.phone field=Field::Phone errors=errors input_type="tel"/>
                <TextField id="staff-email" label=K::FEmail draft=d get=|d| &d.email set=|d| &mut d.email field=Field::Email errors=errors input_type="email"/>
                <TextField id="staff-commission" label=K::FCommission draft=d get=|d| &d.commission set=|d| &mut d.commission
                    field=Field::Commission errors=errors hint=M::CommissionHint input_mode="decimal"/>
                <TextField id="staff-quota" label=K::FQuota draft=d get=|d| &d.quota set=|d| &mut d.quota
                    field=Field::Quota errors=errors hint=M::QuotaHint input_mode="decimal"/>
                <TextField id="staff-user" label=K::FSignInName draft=d get=|d| &d.user set=|d| &mut d.user
                    field=Field::SignInName errors=errors hint=M::UserHint/>
            </div>
            <CheckField id="staff-active" label=M::ActiveLabel draft=d get=|d| d.active set=|d, v| d.active = v/>
            <div class="form-actions">
                <button type="button" class="btn" on:click=move |_| ed.close()>{i.tr(K::Cancel)}</button>
                <button type="submit" class="btn btn-primary" id="staff-save">{i.tr(K::Save)}</button>
            </div>
        </form>
    }
}

/// How many customers each owner has (trash left out), by owner.
fn owned_counts(app: AppState) -> HashMap<String, usize> {
    app.rows.with(|rows| {
        let mut n = HashMap::new();
        for r in rows.iter().filter(|r| !r.deleted && !r.owner.is_empty()) {
            *n.entry(r.owner.clone()).or_insert(0) += 1;
        }
        n
    })
}

#[component]
fn StaffTable(ed: Editor) -> impl IntoView {
    let i = use_i18n();
    let roster = use_roster();
    let counts = Memo::new(move |_| owned_counts(ed.app));
    let row = move |s: Staff| {
        let n = counts.with(|c| c.get(s.id.as_str()).copied().unwrap_or(0));
        let mine = Route::Customers(Params(vec![("owner".into(), s.id.0.clone())])).href();
        let (role, active, commission) = (s.role, s.active, percent_text(s.commission_bp));
        let (quota, app) = (s.quota, ed.app);
        let (id, s2) = (s.id.0.clone(), s.clone());
        view! {
            <tr class="staff-row" data-id=id class:row-muted=!active>
                <th scope="row">{s.name.clone()}</th>
                <td>{move || role.label(i.get())}</td>
                <td class="col-region">{s.region.clone()}</td>
                <td class="num col-commission">{(!commission.is_empty()).then(|| format!("{commission}%"))}</td>
                <td class="num col-quota">{move || quota.map(|q| i18n::money(q, app.currency.get(), true))}</td>
                <td class="num"><a href=mine>{move || M::customers_of(i.get(), n)}</a></td>
                <td class="col-status">{move || if active { i.t(M::StatusActive) } else { i.t(M::StatusInactive) }}</td>
                <td class="row-actions">
                    <button class="btn btn-small edit-staff" on:click=move |_| ed.edit(s2.clone())>{i.tr(K::Edit)}</button>
                </td>
            </tr>
        }
    };
    let list = move || {
        roster
            .get()
            .map(|r| r.sorted().into_iter().cloned().collect::<Vec<_>>())
    };
    view! {
        <div class="card">
            {move || match list() {
                None => view! { <p class="muted">{i.t(K::Loading)}</p> }.into_any(),
                Some(l) if l.is_empty() => view! { <p class="muted" id="no-staff">{i.t(M::Empty)}</p> }.into_any(),
                Some(l) => view! {
                    <div class="table-wrap">
                        <table class="table" id="staff-table">
                            <thead><tr>
                                <th scope="col">{i.tr(M::Name)}</th>
                                <th scope="col">{i.tr(M::Role)}</th>
                                <th scope="col" class="col-region">{i.tr(K::FRegion)}</th>
                                <th scope="col" class="num col-commission">{i.tr(K::FCommission)}</th>
                                <th scope="col" class="num col-quota">{i.tr(K::FQuota)}</th>
                                <th scope="col" class="num">{i.tr(M::ColCustomers)}</th>
                                <th scope="col" class="col-status">{i.tr(M::ColStatus)}</th>
                                <th scope="col"><span class="visually-hidden">{i.tr(K::Edit)}</span></th>
                            </tr></thead>
                            <tbody>{l.into_iter().map(row).collect_view()}</tbody>
                        </table>
                    </div>
                }.into_any(),
            }}
        </div>
    }
}

/// Who uses this device: on a device that syncs, the login decides; otherwise any
/// active member of staff, or whoever is chosen already.
#[component]
fn MeCard() -> impl IntoView {
    let i = use_i18n();
    let roster = use_roster();
    // The team page is the office's, which has no sync of its own: the settings say.
    let account = RwSignal::new(crate::sync::account());
    for event in [platform::SETTING_EVENT, "storage"] {
        let h = window_event_listener_untyped(event, move |_| account.set(crate::sync::account()));
        on_cleanup(move || h.remove());
    }
    move || match account.get() {
        None => view! { <MeChoice/> }.into_any(),
        Some(a) => {
            let user = a.name;
            let line = move || {
                let lang = i.get();
                roster.with(|r| match crate::roster::signing_in_as(r, &user) {
                    Some(s) => (true, M::me_signed_in(lang, &user, &s.name)),
                    None => (false, M::me_unlinked(lang, &user)),
                })
            };
            view! {
                <section class="card" id="me-login">
                    <h2>{i.tr(M::MeTitle)}</h2>
                    {move || {
                        let (linked, text) = line();
                        view! { <p id=if linked { "me-signed-in" } else { "me-unlinked" }>{text}</p> }
                    }}
                </section>
            }
            .into_any()
        }
    }
}

/// The choice of who uses this device, when it does not sync.
#[component]
fn MeChoice() -> impl IntoView {
    let app = use_app();
    let i = use_i18n();
    let roster = use_roster();
    let chosen = RwSignal::new(me().unwrap_or_default());
    let options = move || {
        roster.with(|r| {
            let current = chosen.get();
            r.as_ref().map_or_else(Vec::new, |r: &Roster| {
                r.sorted()
                    .into_iter()
                    .filter(|s| s.active || s.id.0 == current)
                    .map(|s| (s.id.0.clone(), s.name.clone()))
                    .collect()
            })
        })
    };
    let on_change = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        set_me(&v);
        chosen.set(v);
        app.say(M::MeSaved, None);
    };
    view! {
        <section class="card">
            <h2><label for="me-select">{i.tr(M::MeTitle)}</label></h2>
            <p class="muted">{i.tr(M::MeHint)}</p>
            <select id="me-select" on:change=on_change prop:value=move || chosen.get()>
                <option value="">{i.tr(M::MeNobody)}</option>
                {move || options().into_iter().map(|(id, name)| {
                    let selected = chosen.get_untracked() == id;
                    view! { <option value=id selected=selected>{name}</option> }
                }).collect_view()}
            </select>
        </section>
    }
}
