//! One customer: profile, portrait (tags), contacts, and one timeline of interactions and
//! orders, with forms to log an interaction or add and edit an order.

use crate::components::*;
use crate::data::{self, Topic};
use crate::i18n::{self, K, Label, use_i18n};
use crate::importer::Message;
use crate::pages::customer_form::{RowInput, RowList, focus_first_invalid};
use crate::platform;
use crate::route::{Params, Route, navigate};
use crate::state::{db, use_app};
use kehu_core::import::job::{Failure, ToImporter};
use kehu_core::validate::{Field, FieldError, InteractionDraft, ItemDraft, OrderDraft};
use kehu_core::*;
use kehu_store::{Db, StoreError};
use leptos::prelude::*;

#[derive(Clone)]
struct Loaded {
    customer: Customer,
    interactions: Vec<Interaction>,
    orders: Vec<Order>,
}

async fn load(db: Db, id: String) -> Result<Option<Loaded>, StoreError> {
    let Some(customer) = db.customer(&id).await? else {
        return Ok(None);
    };
    let interactions = db.docs_of::<Interaction>(&id).await?;
    let orders = db.orders_of(customer.key).await?;
    Ok(Some(Loaded {
        customer,
        interactions,
        orders,
    }))
}

#[component]
pub fn CustomerPage(id: String) -> impl IntoView {
    let i = use_i18n();
    let id = StoredValue::new(id);
    let data = data::resource(
        vec![Topic::Customers, Topic::Orders, Topic::of::<Interaction>()],
        move |db| load(db, id.get_value()),
    );
    view! {
        <section class="page">
            {move || match data.get() {
                None => view! { <p class="loading">{i.t(K::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="panel panel-error" role="alert">{i18n::store_error(i.get(), &e)}</p> }.into_any(),
                Some(Ok(None)) => view! {
                    <div class="panel">
                        <p>{i.t(K::CustomerNotFound)}</p>
                        <a class="btn" href=Route::Customers(Params::default()).href()>{i.t(K::BackToList)}</a>
                    </div>
                }.into_any(),
                Some(Ok(Some(l))) => view! { <Profile loaded=l/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Profile(loaded: Loaded) -> impl IntoView {
    let app = use_app();
    let i = use_i18n();
    let c = loaded.customer.clone();
    let confirm = RwSignal::new(false);
    let today = platform::today();
    let summary = OrderSummary::of(&loaded.orders);
    let share_of_wallet =
        OrderSummary::share_of_wallet(&loaded.orders, today, loaded.customer.category_spend);
    let cur = move || app.currency.get();

    let set_deleted = move |c: Customer, deleted: Option<Millis>| async move {
        let mut c = c;
        c.deleted = deleted;
        c.updated = platform::now();
        match db() {
            Ok(db) => db.put_customer(&c).await,
            Err(e) => Err(e),
        }
    };
    let delete = {
        let c = c.clone();
        Callback::new(move |_| {
            let c = c.clone();
            leptos::task::spawn_local(async move {
                match set_deleted(c.clone(), Some(platform::now())).await {
                    Ok(saved) => {
                        app.upsert(&saved);
                        let undo = Callback::new(move |_| {
                            let saved = saved.clone();
                            leptos::task::spawn_local(async move {
                                match set_deleted(saved, None).await {
                                    Ok(back) => {
                                        app.upsert(&back);
                                        app.toast(i.now(K::Restored).to_string(), None);
                                        navigate(&Route::Customer(back.id.0.clone()));
                                    }
                                    Err(e) => app.report(&e),
                                }
                            });
                        });
                        app.toast(format!("{}: {}", i.now(K::Deleted), c.name), Some(undo));
                        navigate(&Route::Customers(Params::default()));
                    }
                    Err(e) => app.report(&e),
                }
            });
        })
    };
    // Forgotten for good, with all their records: for a customer who asks to be.
    let confirm_purge = RwSignal::new(false);
    let purge = {
        let c = c.clone();
        Callback::new(move |_| {
            let request = ToImporter::Forget {
                customer: Box::new(c.clone()),
            };
            crate::importer::run_once(request, move |m, _| match m {
                Message::Forgotten => {
                    leptos::task::spawn_local(async move {
                        if let Err(e) = app.reload_all().await {
                            app.report(&e);
                        }
                    });
                    app.toast(i.now(K::PurgedToast).to_string(), None);
                    let trash = Params(vec![("trash".into(), "1".into())]);
                    navigate(&Route::Customers(trash));
                }
                Message::Failed { error } => match error {
                    Failure::Store(e) => app.report(&e),
                    other => app.toast_error(crate::importer::failure_text(
                        i.lang.get_untracked(),
                        &other,
                    )),
                },
                _ => {}
            });
        })
    };
    let restore = {
        let c = c.clone();
        move |_| {
            let c = c.clone();
            leptos::task::spawn_local(async move {
                match set_deleted(c, None).await {
                    Ok(back) => {
                        app.upsert(&back);
                        app.toast(i.now(K::Restored).to_string(), None);
                    }
                    Err(e) => app.report(&e),
                }
            });
        }
    };

    let is_org = c.kind == Kind::Organisation;
    let age = c.age(today);
    let lang = move || i.get();
    let opt = |s: &str| {
        if s.is_empty() {
            None
        } else {
            Some(s.to_string())
        }
    };
    let rows: Vec<(K, Option<String>)> = vec![
        (K::FCode, opt(&c.code)),
        (K::FType, Some(c.customer_type.code().to_string())),
        (K::FMobile, opt(&c.mobile)),
        (K::FPhone, opt(&c.phone)),
        (K::FEmail, opt(&c.email)),
        (K::FWechat, opt(&c.wechat)),
        (K::FRegion, opt(&c.region)),
        (K::FCity, opt(&c.city)),
        (K::FAddress, opt(&c.address)),
        (
            if is_org { K::FIndustry } else { K::FOccupation },
            opt(&c.occupation),
        ),
        (K::FOwner, opt(&c.owner)),
        (K::FCompanySize, c.company_size.map(|n| n.to_string())),
        (
            K::FCreditRating,
            c.credit_rating.map(|r| r.code().to_string()),
        ),
    ];
    let c_profile = c.clone();
    let profile_rows = move || {
        let l = lang();
        let c = &c_profile;
        let mut out: Vec<(String, String)> = Vec::new();
        for (k, v) in &rows {
            let v = match k {
                K::FType => Some(c.customer_type.label(l).to_string()),
                _ => v.clone(),
            };
            if let Some(v) = v {
                out.push((k.text(l).to_string(), v));
            }
        }
        if let Some(s) = c.source {
            out.push((K::FSource.text(l).into(), s.label(l).into()));
        }
        if let Some(g) = c.gender {
            out.push((K::FGender.text(l).into(), g.label(l).into()));
        }
        if let Some(b) = c.birth_date {
            let key = if is_org {
                K::FFoundingDate
            } else {
                K::FBirthDate
            };
            out.push((key.text(l).into(), i18n::date(l, b)));
        }
        if let Some(a) = age {
            out.push((K::FAge.text(l).into(), a.to_string()));
        }
        if let Some(m) = c.credit_limit {
            out.push((K::FCreditLimit.text(l).into(), i18n::money(m, cur(), false)));
        }
        if let Some(m) = c.category_spend {
            out.push((
                K::FCategorySpend.text(l).into(),
                i18n::money(m, cur(), false),
            ));
        }
        if let Some(s) = share_of_wallet {
            out.push((K::FShareOfWallet.text(l).into(), i18n::percent(s)));
        }
        if c.arrears.0 != 0 {
            out.push((
                K::FArrears.text(l).into(),
                i18n::money(c.arrears, cur(), false),
            ));
        }
        if c.stage == LifecycleStage::Churned {
            if let Some(d) = c.churn_date {
                out.push((K::FChurnDate.text(l).into(), i18n::date(l, d)));
            }
            if !c.churn_reason.is_empty() {
                out.push((K::FChurnReason.text(l).into(), c.churn_reason.clone()));
            }
        }
        if c.blacklisted {
            out.push((
                K::FBlacklistReason.text(l).into(),
                c.blacklist_reason.clone(),
            ));
        }
        for f in &c.custom_fields {
            out.push((f.name.clone(), f.value.clone()));
        }
        let created = platform::local_day(c.created);
        out.push((K::FCreated.text(l).into(), i18n::date(l, created)));
        out
    };

    let edit_href = Route::EditCustomer(c.id.0.clone()).href();
    let deleted = c.is_deleted();
    let key = c.key;
    let cid = c.id.clone();
    let contacts = c.contacts.clone();
    let consents = c.consents.clone();
    let tags = c.tags.clone();
    let notes = c.notes.clone();
    let (stage, level, kind) = (c.stage, c.level, c.kind);
    let (key_account, potential, blacklisted) =
        (c.key_account, c.potential_key_account, c.blacklisted);

    view! {
        <div class="page-head">
            <div>
                <h1 id="customer-name">{c.name.clone()}</h1>
                <div class="badges">
                    <Badge text=Signal::derive(move || kind.label(i.get()).to_string())/>
                    <span class=format!("stage stage-{}", stage.code())>{move || stage.label(i.get())}</span>
                    <Badge text=Signal::derive(move || level.label(i.get()).to_string())/>
                    {key_account.then(|| view! { <Badge text=Signal::derive(move || i.t(K::FKeyAccount).to_string()) tone="badge-gold"/> })}
                    {potential.then(|| view! { <Badge text=Signal::derive(move || i.t(K::FPotentialKeyAccount).to_string()) tone="badge-info"/> })}
                    {blacklisted.then(|| view! { <Badge text=Signal::derive(move || i.t(K::FBlacklisted).to_string()) tone="badge-danger"/> })}
                </div>
                <InsightBadges key=key/>
            </div>
            <div class="page-actions">
                {if deleted {
                    view! {
                        <button class="btn btn-danger-outline" id="purge-customer" on:click=move |_| confirm_purge.set(true)>{move || i.t(K::Purge)}</button>
                        <button class="btn btn-primary" id="restore-customer" on:click=restore>{move || i.t(K::Restore)}</button>
                    }.into_any()
                } else {
                    view! {
                        <a class="btn" href=edit_href id="edit-customer">{move || i.t(K::Edit)}</a>
                        <button class="btn btn-danger-outline" id="delete-customer" on:click=move |_| confirm.set(true)>{move || i.t(K::Delete)}</button>
                    }.into_any()
                }}
            </div>
        </div>
        {deleted.then(|| view! { <p class="panel panel-warn">{move || i.t(K::InTrash)}</p> })}
        <div class="stats stats-small">
            <Stat label=Signal::derive(move || i.t(K::OrdersCount).to_string()) value=Signal::derive(move || i18n::count(summary.orders))/>
            <Stat label=Signal::derive(move || i.t(K::TotalSpend).to_string()) value=Signal::derive(move || i18n::money(summary.total, cur(), false))/>
            <Stat label=Signal::derive(move || i.t(K::AverageOrder).to_string())
                value=Signal::derive(move || summary.average().map(|a| i18n::money(a, cur(), false)).unwrap_or_else(|| "—".into()))/>
            <Stat label=Signal::derive(move || i.t(K::LastOrder).to_string())
                value=Signal::derive(move || summary.last.map(|d| i18n::date(i.get(), d)).unwrap_or_else(|| i.t(K::Never).into()))/>
        </div>
        <div class="columns">
            <div class="col-side">
                <div class="card">
                    <dl class="profile">
                        {move || profile_rows().into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
                    </dl>
                </div>
                <div class="card">
                    <h2>{move || i.t(K::Portrait)}</h2>
                    {if tags.is_empty() {
                        view! { <p class="muted">{move || i.t(K::NoTags)}</p> }.into_any()
                    } else {
                        view! { <div class="tags" id="customer-tags">{tags.iter().map(|t| view! { <span class="tag">{t.clone()}</span> }).collect_view()}</div> }.into_any()
                    }}
                </div>
                {(!contacts.is_empty()).then(|| view! {
                    <div class="card">
                        <h2>{move || i.t(K::Contacts)}</h2>
                        <ul class="contacts">
                            {contacts.iter().map(|k| view! {
                                <li><strong>{k.name.clone()}</strong>" "<span class="muted">{k.role.clone()}</span>
                                    <div class="muted">{k.phone.clone()}" "{k.email.clone()}</div></li>
                            }).collect_view()}
                        </ul>
                    </div>
                })}
                {(!consents.is_empty()).then(|| view! {
                    <div class="card">
                        <h2>{move || i.t(K::SectionConsent)}</h2>
                        <ul class="plain">
                            {consents.iter().map(|k| {
                                let k = k.clone();
                                view! {
                                    <li>{move || k.channel.label(i.get())}": "
                                        {move || if k.granted { i.t(K::Yes) } else { i.t(K::No) }}
                                        {k.date.map(|d| view! { <span class="muted">" · "{move || i18n::date(i.get(), d)}</span> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </div>
                })}
                {(!notes.is_empty()).then(|| view! {
                    <div class="card"><h2>{move || i.t(K::FNotes)}</h2><p class="prewrap">{notes.clone()}</p></div>
                })}
                <Responses customer=cid.clone() readonly=deleted/>
            </div>
            <div class="col-main">
                <Timeline customer=cid key=key interactions=loaded.interactions orders=loaded.orders readonly=deleted/>
            </div>
        </div>
        <ConfirmDialog open=confirm title=K::ConfirmDeleteTitle body=K::ConfirmDeleteBody confirm=K::Delete danger=true on_confirm=delete/>
        <ConfirmDialog open=confirm_purge title=K::PurgeTitle body=K::PurgeBody confirm=K::Purge danger=true on_confirm=purge/>
    }
}

/// Timeline entries shown before "Show all": a long-standing customer can have hundreds.
const TIMELINE_PAGE: usize = 30;

#[derive(Clone)]
enum Entry {
    Interaction(Interaction),
    Order(Order),
}

impl Entry {
    /// Sort key: orders have only a date, so they sort at noon local time that day.
    fn at(&self) -> i64 {
        match self {
            Entry::Interaction(i) => i.at.0,
            Entry::Order(o) => {
                platform::zone()
                    .instant(o.day.start_millis().0 + 12 * 3_600_000)
                    .0
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Editor {
    None,
    Interaction,
    NewOrder,
    EditOrder(u32),
}

#[component]
fn Timeline(
    customer: Id,
    key: u32,
    interactions: Vec<Interaction>,
    orders: Vec<Order>,
    readonly: bool,
) -> impl IntoView {
    let app = use_app();
    let i = use_i18n();
    let editor = RwSignal::new(Editor::None);
    let mut entries: Vec<Entry> = interactions
        .into_iter()
        .map(Entry::Interaction)
        .chain(orders.iter().cloned().map(Entry::Order))
        .collect();
    entries.sort_by_key(|e| std::cmp::Reverse(e.at()));
    let orders = StoredValue::new(orders);
    let customer = StoredValue::new(customer);
    let cur = move || app.currency.get();

    let delete_interaction = move |id: String| {
        app.write(
            move |db| async move { db.delete_doc::<Interaction>(&id).await },
            move |gone| {
                let undo = Callback::new(move |_| {
                    let gone = gone.clone();
                    app.write(move |db| async move { db.put_doc(&gone).await }, |_| ());
                });
                app.toast(i.now(K::InteractionDeleted).to_string(), Some(undo));
            },
        );
    };
    let delete_order = move |id: u32| {
        app.write(
            move |db| async move { db.delete_order(id).await },
            move |gone| {
                let undo = Callback::new(move |_| {
                    let gone = gone.clone();
                    app.write(
                        move |db| async move { db.restore_order(&gone).await },
                        |_| (),
                    );
                });
                app.toast(i.now(K::OrderDeleted).to_string(), Some(undo));
            },
        );
    };

    let total = entries.len();
    let show_all = RwSignal::new(false);
    let entry_view = move |e: Entry| match e {
        Entry::Interaction(x) => {
            let id = x.id.0.clone();
            let kind = x.kind;
            let at = x.at;
            view! {
                    <li class=format!("tl-item tl-{}", kind.code())>
                        <div class="tl-head">
                            <span class="tl-kind">{move || kind.label(i.get())}</span>
                            <time class="muted">{move || i18n::datetime(i.get(), at, platform::offset_of(at))}</time>
                            {(!readonly).then(|| view! {
                                <button class="btn btn-link btn-small" on:click=move |_| delete_interaction(id.clone())>{move || i.t(K::Delete)}</button>
                            })}
                        </div>
                        {(!x.subject.is_empty()).then(|| view! { <div class="tl-subject">{x.subject.clone()}</div> })}
                        {(!x.note.is_empty()).then(|| view! { <p class="prewrap">{x.note.clone()}</p> })}
                    </li>
                }
                .into_any()
        }
        Entry::Order(o) => {
            let id = o.id;
            let day = o.day;
            let amount = o.amount;
            view! {
                    <li class="tl-item tl-order">
                        <div class="tl-head">
                            <span class="tl-kind">{move || i.t(K::Order)}" #"{id}</span>
                            <time class="muted">{move || i18n::date(i.get(), day)}</time>
                            <strong class="tl-amount">{move || i18n::money(amount, cur(), false)}</strong>
                            {(!readonly).then(|| view! {
                                <button class="btn btn-link btn-small" on:click=move |_| editor.set(Editor::EditOrder(id))>{move || i.t(K::Edit)}</button>
                                <button class="btn btn-link btn-small" on:click=move |_| delete_order(id)>{move || i.t(K::Delete)}</button>
                            })}
                        </div>
                        {(!o.items.is_empty()).then(|| view! {
                            <ul class="tl-items">
                                {o.items.iter().map(|it| {
                                    let (p, q, u) = (it.product.clone(), it.quantity, it.unit_price);
                                    view! { <li>{p}" × "{q}" @ "{move || i18n::money(u, cur(), false)}</li> }
                                }).collect_view()}
                            </ul>
                        })}
                        {(!o.note.is_empty()).then(|| view! { <p class="prewrap">{o.note.clone()}</p> })}
                    </li>
                }
                .into_any()
        }
    };
    let entries = StoredValue::new(entries);
    let list = move || {
        let limit = if show_all.get() {
            usize::MAX
        } else {
            TIMELINE_PAGE
        };
        entries.with_value(|es| {
            es.iter()
                .take(limit)
                .cloned()
                .map(entry_view)
                .collect_view()
        })
    };
    let empty = total == 0;

    view! {
        <div class="card">
            <div class="card-head">
                <h2>{move || i.t(K::Timeline)}</h2>
                {(!readonly).then(|| view! {
                    <div class="page-actions">
                        <button class="btn btn-small" id="add-interaction" on:click=move |_| editor.set(Editor::Interaction)>{move || i.t(K::AddInteraction)}</button>
                        <button class="btn btn-small btn-primary" id="add-order" on:click=move |_| editor.set(Editor::NewOrder)>{move || i.t(K::AddOrder)}</button>
                    </div>
                })}
            </div>
            {move || match editor.get() {
                Editor::None => ().into_any(),
                Editor::Interaction => view! { <InteractionForm customer=customer.get_value() editor=editor/> }.into_any(),
                Editor::NewOrder => view! { <OrderForm key=key existing=None editor=editor/> }.into_any(),
                Editor::EditOrder(id) => {
                    let o = orders.with_value(|os| os.iter().find(|o| o.id == id).cloned());
                    view! { <OrderForm key=key existing=o editor=editor/> }.into_any()
                }
            }}
            {if empty {
                view! { <p class="muted">{move || i.t(K::TimelineEmpty)}</p> }.into_any()
            } else {
                view! {
                    <ol class="timeline" id="timeline">{list}</ol>
                    <Show when=move || { total > TIMELINE_PAGE && !show_all.get() }>
                        <button class="btn show-more" id="show-all" on:click=move |_| show_all.set(true)>
                            {move || i18n::tr!(i.get(), "显示全部 {total} 条", "Show all {total}")}
                        </button>
                    </Show>
                }.into_any()
            }}
        </div>
    }
}

#[component]
fn InteractionForm(customer: Id, editor: RwSignal<Editor>) -> impl IntoView {
    let app = use_app();
    let i = use_i18n();
    let now = platform::now();
    let local_min = ((now.0 + platform::utc_offset_min() as i64 * 60_000).rem_euclid(86_400_000)
        / 60_000) as u32;
    let d = RwSignal::new(InteractionDraft::new(
        platform::today(),
        &format!("{:02}:{:02}", local_min / 60, local_min % 60),
    ));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let customer = StoredValue::new(customer);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let now = platform::now();
        let base = Interaction {
            id: platform::new_id(),
            customer: customer.get_value(),
            kind: InteractionKind::Note,
            at: now,
            subject: String::new(),
            note: String::new(),
            created: now,
            updated: now,
        };
        match d
            .get_untracked()
            .validate(base, platform::today(), &platform::zone())
        {
            Err(e) => {
                errors.set(e);
                focus_first_invalid();
            }
            Ok(x) => app.write(
                move |db| async move { db.put_doc(&x).await },
                move |_| {
                    editor.set(Editor::None);
                    app.toast(i.now(K::Saved).to_string(), None);
                },
            ),
        }
    };
    view! {
        <form class="inline-form" id="interaction-form" on:submit=submit novalidate>
            <h3>{move || i.t(K::AddInteraction)}</h3>
            <div class="grid-3">
                <div class="field">
                    <label for="ix-kind">{move || i.t(K::InteractionKindLabel)}</label>
                    <select id="ix-kind" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(k) = InteractionKind::from_code(&v) {
                            d.update(|d| d.kind = k);
                        }
                    }>
                        {InteractionKind::ALL.iter().map(|k| {
                            let k = *k;
                            view! { <option value=k.code() selected=move || d.with(|d| d.kind == k)>{move || k.label(i.get())}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <TextField label=K::When draft=d get=|d| &d.date set=|d| &mut d.date field=Field::InteractionDate errors=errors input_type="date"/>
                <TextField label=K::TimeOfDay draft=d get=|d| &d.time set=|d| &mut d.time field=Field::InteractionTime errors=errors input_type="time"/>
            </div>
            <TextField label=K::Subject draft=d get=|d| &d.subject set=|d| &mut d.subject field=Field::InteractionSubject errors=errors/>
            <TextField label=K::Note draft=d get=|d| &d.note set=|d| &mut d.note field=Field::Notes errors=errors multiline=true/>
            <div class="form-actions">
                <button type="button" class="btn" on:click=move |_| editor.set(Editor::None)>{move || i.t(K::Cancel)}</button>
                <button type="submit" class="btn btn-primary" id="save-interaction">{move || i.t(K::Save)}</button>
            </div>
        </form>
    }
}

#[component]
fn OrderForm(key: u32, existing: Option<Order>, editor: RwSignal<Editor>) -> impl IntoView {
    let app = use_app();
    let i = use_i18n();
    let editing = existing.clone();
    let d = RwSignal::new(match &existing {
        Some(o) => OrderDraft::from_order(o),
        None => OrderDraft::new(platform::today()),
    });
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let existing = StoredValue::new(existing);
    let items_total = move || {
        d.with(|d| {
            let mut probe = d.clone();
            probe.amount.clear();
            probe
                .validate(0, key, platform::today())
                .ok()
                .and_then(|o| o.items_total().ok().flatten())
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = existing.with_value(|e| e.as_ref().map(|o| o.id).unwrap_or(0));
        match d.get_untracked().validate(id, key, platform::today()) {
            Err(e) => {
                errors.set(e);
                focus_first_invalid();
            }
            Ok(o) => app.write(
                move |db| async move {
                    match existing.get_value() {
                        Some(was) if o.id != 0 => db.update_order(&was, &o).await,
                        _ => db.add_order(&o).await.map(|_| ()),
                    }
                },
                move |_| {
                    editor.set(Editor::None);
                    app.toast(i.now(K::Saved).to_string(), None);
                },
            ),
        }
    };
    view! {
        <form class="inline-form" id="order-form" on:submit=submit novalidate>
            <h3>{move || if editing.is_some() { i.t(K::EditOrder) } else { i.t(K::AddOrder) }}</h3>
            <div class="grid-2">
                <TextField label=K::OrderDate draft=d get=|d| &d.day set=|d| &mut d.day field=Field::OrderDay errors=errors input_type="date"/>
                <TextField label=K::Amount draft=d get=|d| &d.amount set=|d| &mut d.amount field=Field::OrderAmount errors=errors input_mode="decimal"/>
            </div>
            <div class="field">
                <span class="label">{move || i.t(K::Items)}</span>
                <RowList
                    count=Signal::derive(move || d.with(|d| d.items.len()))
                    add=K::AddItem
                    on_add=Callback::new(move |_| d.update(|d| d.items.push(ItemDraft::default())))
                    on_remove=Callback::new(move |ix: usize| d.update(|d| { d.items.remove(ix); }))
                    row=move |ix: usize| {
                        view! {
                            <RowInput label=K::Product value=Signal::derive(move || d.with(|d| d.items.get(ix).map(|x| x.product.clone()).unwrap_or_default()))
                                on_input=Callback::new(move |v: String| d.update(|d| if let Some(x) = d.items.get_mut(ix) { x.product = v }))
                                error=Signal::derive(move || field_error(errors, Field::ItemProduct(ix), i.get()))/>
                            <RowInput label=K::Quantity input_mode="numeric" value=Signal::derive(move || d.with(|d| d.items.get(ix).map(|x| x.quantity.clone()).unwrap_or_default()))
                                on_input=Callback::new(move |v: String| d.update(|d| if let Some(x) = d.items.get_mut(ix) { x.quantity = v }))
                                error=Signal::derive(move || field_error(errors, Field::ItemQuantity(ix), i.get()))/>
                            <RowInput label=K::UnitPrice input_mode="decimal" value=Signal::derive(move || d.with(|d| d.items.get(ix).map(|x| x.unit_price.clone()).unwrap_or_default()))
                                on_input=Callback::new(move |v: String| d.update(|d| if let Some(x) = d.items.get_mut(ix) { x.unit_price = v }))
                                error=Signal::derive(move || field_error(errors, Field::ItemPrice(ix), i.get()))/>
                        }.into_any()
                    }/>
                {move || items_total().map(|t| view! {
                    <div class="field-hint">{i.t(K::ItemsTotal)}": "{i18n::money(t, app.currency.get(), false)}</div>
                })}
            </div>
            <TextField label=K::Note draft=d get=|d| &d.note set=|d| &mut d.note field=Field::Notes errors=errors multiline=true/>
            <div class="form-actions">
                <button type="button" class="btn" on:click=move |_| editor.set(Editor::None)>{move || i.t(K::Cancel)}</button>
                <button type="submit" class="btn btn-primary" id="save-order">{move || i.t(K::Save)}</button>
            </div>
        </form>
    }
}

/// The latest analysis of this customer: segment, tier, quadrant, cluster, churn risk,
/// P(alive) and CLV, each a link to the customers who share it.
#[component]
fn InsightBadges(key: u32) -> impl IntoView {
    use crate::route::customers_in;
    use kehu_core::query::InsightFilter;
    let a = crate::analytics::use_analytics();
    let app = use_app();
    let i = use_i18n();
    move || {
        let c = a.cached.get()?;
        let per = &c.insights.customers;
        let lang = i.get();
        let mut out: Vec<(String, String, &'static str)> = Vec::new();
        if let Some(s) = per.segment(key) {
            out.push((
                s.label(lang).into(),
                customers_in(InsightFilter::Segment(s)),
                "badge-info",
            ));
        }
        if let Some(t) = per.tier(key) {
            out.push((
                t.label(lang).into(),
                customers_in(InsightFilter::Tier(t)),
                "badge-gold",
            ));
        }
        if let Some(q) = per.quadrant(key) {
            out.push((
                q.label(lang).into(),
                customers_in(InsightFilter::Quadrant(q)),
                "badge-neutral",
            ));
        }
        if let Some(k) = per.cluster(key) {
            out.push((
                format!("{} {}", i.t(K::ClusterLabel), k as u32 + 1),
                customers_in(InsightFilter::Cluster(k)),
                "badge-neutral",
            ));
        }
        if let Some(l) = per.loyalty(key) {
            out.push((
                l.label(lang).into(),
                customers_in(InsightFilter::Loyalty(l)),
                "badge-neutral",
            ));
        }
        if per.churn_risk(key) {
            out.push((
                i.t(K::ChurnRiskBadge).into(),
                customers_in(InsightFilter::ChurnRisk),
                "badge-danger",
            ));
        }
        let p_alive = per.p_alive(key);
        let clv = per.clv(key);
        let cur = app.currency.get();
        Some(view! {
            <div class="badges insight-badges" id="insight-badges" aria-label=i.t(K::AnalyticsHeading)>
                {out.into_iter().map(|(text, href, tone)| view! {
                    <a class=format!("badge {tone}") href=href>{text}</a>
                }).collect_view()}
                {p_alive.map(|p| view! { <span class="badge badge-neutral">{format!("{} {}", i.t(K::ColPAlive), i18n::percent(p))}</span> })}
                {clv.map(|v| view! { <span class="badge badge-neutral">{format!("{} {}", i.t(K::ColClv), i18n::money(kehu_core::Cents((v * 100.0).round() as i64), cur, true))}</span> })}
            </div>
        })
    }
}

/// The questions of a designed survey as form fields: a Kano feature's two answers
/// (with it, without it), a SERVQUAL statement's expectation and perception, or a
/// custom item's score. Fills `draft.items`, which is in the survey's item order.
#[component]
pub fn SurveyQuestions(
    survey: kehu_core::Survey,
    draft: RwSignal<kehu_core::validate::ResponseDraft>,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    use kehu_core::SurveyKind;
    let i = use_i18n();
    let kind = survey.kind;
    let select = move |pos: usize, second: bool, label: K, (lo, hi): (u8, u8)| {
        let id = format!("sv-item-{pos}-{}", if second { "b" } else { "a" });
        let get = move |d: &kehu_core::validate::ResponseDraft| {
            d.items
                .get(pos)
                .and_then(|x| if second { x.2 } else { x.1 })
        };
        view! {
            <div class="field">
                <label for=id.clone()>{move || i.t(label)}</label>
                <select id=id on:change=move |ev| {
                    let v = event_target_value(&ev).parse::<u8>().ok();
                    draft.update(|d| if let Some(x) = d.items.get_mut(pos) {
                        if second { x.2 = v } else { x.1 = v }
                    });
                }>
                    <option value="" selected=move || draft.with(|d| get(d).is_none())>"–"</option>
                    {(lo..=hi).map(|v| view! {
                        <option value=v.to_string() selected=move || draft.with(|d| get(d) == Some(v))>
                            {move || if kind == SurveyKind::Kano {
                                format!("{v} {}", i.t(i18n::KANO_ANSWERS[v as usize - 1]))
                            } else {
                                v.to_string()
                            }}
                        </option>
                    }).collect_view()}
                </select>
            </div>
        }
    };
    let scales: Vec<(u8, u8)> = survey.items.iter().map(|it| survey.scale_of(it)).collect();
    view! {
        <div class="survey-questions">
            {survey.items.iter().enumerate().map(|(pos, it)| {
                let scale = scales[pos];
                let err = move || field_error(errors, Field::SurveyItem(pos), i.get());
                let dim = it.dimension;
                view! {
                    <fieldset class="survey-q" class:field-invalid=move || err().is_some()>
                        <legend>
                            {format!("{}. {}", pos + 1, it.text)}
                            {dim.map(|d| view! { <span class="muted">{move || format!(" · {}", d.label(i.get()))}</span> })}
                        </legend>
                        <div class="survey-q-answers">
                            {match kind {
                                SurveyKind::Kano => view! {
                                    {select(pos, false, K::KanoWith, scale)}
                                    {select(pos, true, K::KanoWithout, scale)}
                                }.into_any(),
                                SurveyKind::Servqual => view! {
                                    {select(pos, false, K::Expectation, scale)}
                                    {select(pos, true, K::Perception, scale)}
                                }.into_any(),
                                SurveyKind::Custom => select(pos, false, K::ColScore, scale).into_any(),
                            }}
                        </div>
                        {move || err().map(|e| view! { <div class="field-error" role="alert">{e}</div> })}
                    </fieldset>
                }
            }).collect_view()}
        </div>
    }
}

/// The customer's survey answers, and a form to record a new one: the quick questions
/// (NPS, CSAT, CES) or a designed survey.
#[component]
fn Responses(customer: Id, readonly: bool) -> impl IntoView {
    use kehu_core::validate::ResponseDraft;
    use kehu_core::{Question, SurveyResponse};
    let app = use_app();
    let i = use_i18n();
    let open = RwSignal::new(false);
    let customer = StoredValue::new(customer);
    let read = data::resource(vec![Topic::of::<SurveyResponse>()], move |db| {
        let id = customer.get_value().0;
        async move {
            let mut v = db.docs_of::<SurveyResponse>(&id).await?;
            v.reverse();
            Ok(v)
        }
    });

    // A response recorded by mistake (a wrong customer at the kiosk) is deleted, with undo.
    let delete = move |id: String| {
        app.write(
            move |db| async move { db.delete_doc::<SurveyResponse>(&id).await },
            move |gone| {
                let undo = Callback::new(move |_| {
                    let gone = gone.clone();
                    app.write(move |db| async move { db.put_doc(&gone).await }, |_| ());
                });
                app.toast(i.now(K::ResponseDeleted).to_string(), Some(undo));
            },
        );
    };
    let d = RwSignal::new(ResponseDraft::new(platform::today()));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let surveys = crate::pages::surveys::use_surveys();
    // The designed survey being answered; `None`: the quick questions.
    let chosen = RwSignal::new(None::<String>);
    let survey_id = move || chosen.get();
    let current = move || {
        let id = chosen.get()?;
        surveys.with(|all| all.iter().flatten().find(|s| s.id.0 == id).cloned())
    };
    let choose = move |id: String| {
        let today = platform::today();
        let found =
            surveys.with_untracked(|all| all.iter().flatten().find(|s| s.id.0 == id).cloned());
        let fresh = match &found {
            Some(s) => ResponseDraft::for_survey(today, s),
            None => ResponseDraft::new(today),
        };
        // The date and note carry over; the answers belong to the questions.
        d.update(|d| {
            *d = ResponseDraft {
                date: std::mem::take(&mut d.date),
                comment: std::mem::take(&mut d.comment),
                ..fresh
            }
        });
        errors.set(vec![]);
        chosen.set(found.map(|s| s.id.0));
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let now = platform::now();
        let base = SurveyResponse::blank(
            platform::new_id(),
            customer.get_value(),
            platform::today(),
            now,
        );
        let draft = d.get_untracked();
        let checked = match untrack(current) {
            Some(s) => draft.validate_survey(base, platform::today(), &s),
            None => draft.validate(base, platform::today()),
        };
        match checked {
            Err(e) => {
                errors.set(e);
                focus_first_invalid();
            }
            Ok(r) => app.write(
                move |db| async move { db.put_doc(&r).await },
                move |_| {
                    open.set(false);
                    errors.set(vec![]);
                    let today = platform::today();
                    d.set(match untrack(current) {
                        Some(s) => ResponseDraft::for_survey(today, &s),
                        None => ResponseDraft::new(today),
                    });
                    app.toast(i.now(K::Saved).to_string(), None);
                },
            ),
        }
    };
    let q_label = |q: Question| match q {
        Question::Nps => K::QNps,
        Question::Csat => K::QCsat,
        Question::Ces => K::QCes,
    };
    // The draft changes shape with the survey chosen before this field goes: hence
    // `get`, not indexing.
    let score_field = move |idx: usize, q: Question| {
        let (lo, hi) = q.scale();
        let id = format!("sv-{}", q.code());
        view! {
            <div class="field">
                <label for=id.clone()>{move || i.t(q_label(q))}</label>
                <select id=id on:change=move |ev| {
                    let v = event_target_value(&ev).parse::<u8>().ok();
                    d.update(|d| if let Some(x) = d.scores.get_mut(idx) { x.1 = v });
                }>
                    <option value="" selected=move || d.with(|d| d.scores.get(idx).is_none_or(|x| x.1.is_none()))>"–"</option>
                    {(lo..=hi).map(|v| view! {
                        <option value=v.to_string() selected=move || d.with(|d| d.scores.get(idx).is_some_and(|x| x.1 == Some(v)))>{v.to_string()}</option>
                    }).collect_view()}
                </select>
            </div>
        }
    };
    view! {
        <div class="card" id="responses">
            <div class="card-head">
                <h2>{move || i.t(K::SurveyResponses)}</h2>
                {(!readonly).then(|| view! {
                    <div class="page-actions">
                        <a class="btn btn-small" id="open-kiosk" href=move || Route::Kiosk { customer: Some(customer.get_value().0), survey: survey_id() }.href()>{move || i.t(K::KioskOpen)}</a>
                        <button class="btn btn-small" id="add-response" on:click=move |_| open.update(|o| *o = !*o)>{move || i.t(K::RecordResponse)}</button>
                    </div>
                })}
            </div>
            <Show when=move || open.get()>
                <form class="inline-form" id="response-form" on:submit=submit novalidate>
                    <TextField label=K::When draft=d get=|d| &d.date set=|d| &mut d.date field=Field::SurveyDate errors=errors input_type="date"/>
                    <div class="field">
                        <label for="sv-survey">{move || i.t(K::SurveyPick)}</label>
                        <select id="sv-survey" on:change=move |ev| choose(event_target_value(&ev))>
                            <option value="" selected=move || chosen.with(Option::is_none)>{move || i.t(K::QuickQuestions)}</option>
                            {move || surveys.get().into_iter().flatten().filter(|s| !s.archived).map(|s| {
                                let id = s.id.0.clone();
                                let id2 = id.clone();
                                view! { <option value=id selected=move || chosen.with(|c| c.as_deref() == Some(id2.as_str()))>{s.name.clone()}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    {move || match current() {
                        None => view! {
                            {score_field(0, Question::Nps)}
                            {score_field(1, Question::Csat)}
                            {score_field(2, Question::Ces)}
                        }.into_any(),
                        Some(s) => view! { <SurveyQuestions survey=s draft=d errors=errors/> }.into_any(),
                    }}
                    {move || field_error(errors, Field::SurveyAnswers, i.get()).map(|_| view! {
                        <p class="field-error" role="alert">{i.t(K::SurveyNeedsAnswer)}</p>
                    })}
                    <TextField label=K::Note draft=d get=|d| &d.comment set=|d| &mut d.comment field=Field::SurveyComment errors=errors multiline=true/>
                    <div class="form-actions">
                        <button type="button" class="btn" on:click=move |_| open.set(false)>{move || i.t(K::Cancel)}</button>
                        <button type="submit" class="btn btn-primary" id="save-response">{move || i.t(K::Save)}</button>
                    </div>
                </form>
            </Show>
            {move || {
                let rows = match read.get() {
                    None => Vec::new(),
                    Some(Ok(rows)) => rows,
                    Some(Err(e)) => return view! {
                        <p class="panel panel-error" role="alert">{i18n::store_error(i.get(), &e)}</p>
                    }.into_any(),
                };
                if rows.is_empty() {
                    return view! { <p class="muted">{i.t(K::NoResponses)}</p> }.into_any();
                }
                view! {
                    <ul class="plain responses">
                        {rows.into_iter().map(|r| {
                            let mut parts: Vec<String> = r.answers.iter().map(|a| format!("{} {}", a.question.code().to_uppercase(), a.score)).collect();
                            if let Some(id) = &r.survey {
                                let name = surveys.with(|all| all.iter().flatten().find(|s| &s.id == id).map(|s| s.name.clone()));
                                parts.push(format!("{} · {} {}", name.unwrap_or_default(), r.items.len(), i.t(K::ItemsAnswered)));
                            }
                            let id = r.id.0.clone();
                            view! {
                                <li>
                                    <span class="muted">{move || i18n::date(i.get(), r.day)}</span>" · "{parts.join(" · ")}
                                    {(!readonly).then(|| view! {
                                        " "<button class="btn btn-link btn-small delete-response" on:click=move |_| delete(id.clone())>{move || i.t(K::Delete)}</button>
                                    })}
                                    {(!r.comment.is_empty()).then(|| view! { <div class="muted prewrap">{r.comment.clone()}</div> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </div>
    }
}
