//! The customer's timeline: interactions and orders by date, and their forms.

use super::*;
use crate::pages::rewards::messages as R;

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
pub(super) fn Timeline(
    customer: Id,
    key: u32,
    /// The customer's credit limit and opening balance owed, for the order form's
    /// warning.
    credit: (Option<Cents>, Cents),
    interactions: Vec<Interaction>,
    orders: Vec<Order>,
    /// The customer's points, while the rewards programme is on: a new order may spend
    /// them.
    points: Signal<Option<super::points::Held>>,
    readonly: bool,
) -> impl IntoView {
    let app = use_app();
    let i = use_i18n();
    let editor = RwSignal::new(Editor::None);
    // A contact made from the page and chosen for the log: its form, filled in.
    let contact = super::reach::use_contact();
    Effect::new(move |_| {
        if contact.log.with(Option::is_some) && !readonly {
            editor.set(Editor::None);
            editor.set(Editor::Interaction);
            request_animation_frame(|| platform::focus("f-subject"));
        }
    });
    let mut entries: Vec<Entry> = interactions
        .into_iter()
        .map(Entry::Interaction)
        .chain(orders.iter().cloned().map(Entry::Order))
        .collect();
    entries.sort_by_key(|e| std::cmp::Reverse(e.at()));
    let orders = StoredValue::new(orders);
    let customer = StoredValue::new(customer);
    // What the customer owes besides order `id` (the one being edited, 0 for none).
    let owes_besides = move |id: u32| {
        let unpaid = orders.with_value(|os| {
            let others: Vec<Order> = os.iter().filter(|o| o.id != id).cloned().collect();
            OrderSummary::of(&others).owed
        });
        Cents(credit.1.0 + unpaid.0)
    };
    let cur = move || app.currency.get();

    let delete_interaction = move |id: String| {
        crate::pages::delete_id_with_undo::<Interaction>(id, M::InteractionDeleted, None)
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
                app.say(M::OrderDeleted, Some(undo));
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
                                <button class="btn btn-link btn-small" on:click=move |_| delete_interaction(id.clone())>{i.tr(K::Delete)}</button>
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
            let status = o.status;
            let seller = o.seller.clone();
            view! {
                    <li class="tl-item tl-order">
                        <div class="tl-head">
                            <span class="tl-kind">{i.tr(K::Order)}" #"{id}</span>
                            <time class="muted">{move || i18n::date(i.get(), day)}</time>
                            <strong class="tl-amount">{move || i18n::money(amount, cur(), false)}</strong>
                            {(status != OrderStatus::Completed).then(|| view! {
                                <span class=if status.unpaid() { "badge badge-danger order-status" } else { "badge badge-neutral order-status" }>{move || status.label(i.get())}</span>
                            })}
                            {(!seller.is_empty()).then(|| {
                                let roster = crate::roster::use_roster();
                                view! { <span class="muted tl-seller">{move || roster.with(|r| crate::roster::owner_name(r, &seller))}</span> }
                            })}
                            {(!readonly).then(|| view! {
                                <button class="btn btn-link btn-small" on:click=move |_| editor.set(Editor::EditOrder(id))>{i.tr(K::Edit)}</button>
                                <button class="btn btn-link btn-small" on:click=move |_| delete_order(id)>{i.tr(K::Delete)}</button>
                            })}
                        </div>
                        {(!o.items.is_empty()).then(|| view! {
                            <ul class="tl-items">
                                {o.items.iter().map(|it| {
                                    let (p, q, u) = (it.product.clone(), it.quantity, it.unit_price);
                                    // A quote's discount shows as the share taken off.
                                    let off = (it.discount_bp > 0).then(|| format!(" −{}", i18n::percent(it.discount_bp as f64 / 10_000.0)));
                                    view! { <li>{p}" × "{q}" @ "{move || i18n::money(u, cur(), false)}{off}</li> }
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
                <h2>{i.tr(M::Timeline)}</h2>
                {(!readonly).then(|| view! {
                    <div class="page-actions">
                        <button class="btn btn-small" id="add-interaction" on:click=move |_| editor.set(Editor::Interaction)>{i.tr(M::AddInteraction)}</button>
                        <button class="btn btn-small btn-primary" id="add-order" on:click=move |_| editor.set(Editor::NewOrder)>{i.tr(M::AddOrder)}</button>
                    </div>
                })}
            </div>
            {move || match editor.get() {
                Editor::None => ().into_any(),
                Editor::Interaction => view! { <InteractionForm customer=customer.get_value() editor=editor/> }.into_any(),
                Editor::NewOrder => {
                    let owes = owes_besides(0);
                    let c = customer.get_value();
                    view! { <OrderForm key=key existing=None editor=editor credit=(credit.0, owes) customer=c points=points/> }.into_any()
                }
                Editor::EditOrder(id) => {
                    let o = orders.with_value(|os| os.iter().find(|o| o.id == id).cloned());
                    let owes = owes_besides(id);
                    let c = customer.get_value();
                    view! { <OrderForm key=key existing=o editor=editor credit=(credit.0, owes) customer=c points=points/> }.into_any()
                }
            }}
            {if empty {
                view! { <p class="muted">{i.tr(M::TimelineEmpty)}</p> }.into_any()
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
    let mut draft = InteractionDraft::new(
        platform::today(),
        &format!("{:02}:{:02}", local_min / 60, local_min % 60),
    );
    let contact = super::reach::use_contact();
    if let Some(r) = contact.log.try_update_untracked(Option::take).flatten() {
        (draft.kind, draft.subject) = (r.kind(), r.subject(use_app().lang.get_untracked()));
    }
    let d = RwSignal::new(draft);
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
                    app.say(K::Saved, None);
                },
            ),
        }
    };
    view! {
        <form class="inline-form" id="interaction-form" on:submit=submit novalidate>
            <h3>{i.tr(M::AddInteraction)}</h3>
            <div class="grid-3">
                <div class="field">
                    <label for="ix-kind">{i.tr(K::InteractionKindLabel)}</label>
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
                <TextField id="f-when" label=K::When draft=d get=|d| &d.date set=|d| &mut d.date field=Field::InteractionDate errors=errors input_type="date"/>
                <TextField id="f-timeofday" label=K::TimeOfDay draft=d get=|d| &d.time set=|d| &mut d.time field=Field::InteractionTime errors=errors input_type="time"/>
            </div>
            <TextField id="f-subject" label=K::Subject draft=d get=|d| &d.subject set=|d| &mut d.subject field=Field::InteractionSubject errors=errors/>
            <TextField id="f-note" label=K::Note draft=d get=|d| &d.note set=|d| &mut d.note field=Field::Notes errors=errors multiline=true/>
            <div class="form-actions">
                <button type="button" class="btn" on:click=move |_| editor.set(Editor::None)>{i.tr(K::Cancel)}</button>
                <button type="submit" class="btn btn-primary" id="save-interaction">{i.tr(K::Save)}</button>
            </div>
        </form>
    }
}

#[component]
fn OrderForm(
    key: u32,
    existing: Option<Order>,
    editor: RwSignal<Editor>,
    /// The credit limit, and what the customer owes besides this order.
    credit: (Option<Cents>, Cents),
    customer: Id,
    points: Signal<Option<super::points::Held>>,
) -> impl IntoView {
    let app = use_app();
    let i = use_i18n();
    let editing = existing.clone();
    let d = RwSignal::new(match &existing {
        Some(o) => OrderDraft::from_order(o),
        // A new order is taken now and paid later (the user says otherwise), sold by
        // whoever uses this device.
        None => OrderDraft {
            status: OrderStatus::Open,
            seller: crate::roster::me().unwrap_or_default(),
            ..OrderDraft::new(platform::today())
        },
    });
    let errors = RwSignal::new(Vec::<FieldError>::new());
    // Points are spent on a new order only: an order's discount is settled when made.
    let is_new = existing.is_none();
    let points = Signal::derive(move || points.get().filter(|_| is_new));
    let spend = RwSignal::new(String::new());
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
    // Warned, not refused: the shop may still sell on credit past the limit.
    let over_credit = move || {
        let o = d.with(|d| d.validate(0, key, platform::today())).ok()?;
        if !o.status.unpaid() {
            return None;
        }
        let over = kehu_core::quote::over_credit(credit.0, credit.1, o.amount)?;
        let cur = app.currency.get();
        let (over, limit) = (
            i18n::money(over, cur, false),
            i18n::money(credit.0?, cur, false),
        );
        Some(
            view! { <p class="panel panel-warn" id="order-credit" role="alert">{M::over_credit(i.get(), &over, &limit)}</p> },
        )
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = existing.with_value(|e| e.as_ref().map(|o| o.id).unwrap_or(0));
        let checked = (d.get_untracked().validate(id, key, platform::today())).and_then(|o| {
            spend_points(
                o,
                points.get_untracked(),
                &spend.get_untracked(),
                customer.clone(),
            )
        });
        match checked {
            Err(e) => {
                errors.set(e);
                focus_first_invalid();
            }
            Ok((o, redeemed)) => app.write(
                move |db| async move {
                    match (existing.get_value(), redeemed) {
                        (Some(was), _) if o.id != 0 => db.update_order(&was, &o).await,
                        (_, Some(r)) => {
                            let docs = Docs {
                                redemptions: vec![r],
                                ..Docs::default()
                            };
                            db.add_order_with(&o, &docs).await.map(|_| ())
                        }
                        _ => db.add_order(&o).await.map(|_| ()),
                    }
                },
                move |_| {
                    editor.set(Editor::None);
                    app.say(K::Saved, None);
                },
            ),
        }
    };
    view! {
        <form class="inline-form" id="order-form" on:submit=submit novalidate>
            <h3>{move || if editing.is_some() { i.t(M::EditOrder) } else { i.t(M::AddOrder) }}</h3>
            <div class="grid-2">
                <TextField id="f-orderdate" label=K::OrderDate draft=d get=|d| &d.day set=|d| &mut d.day field=Field::OrderDay errors=errors input_type="date"/>
                <TextField id="f-amount" label=K::Amount draft=d get=|d| &d.amount set=|d| &mut d.amount field=Field::OrderAmount errors=errors input_mode="decimal"/>
                <CodeSelect id="f-orderstatus" label=K::FOrderStatus draft=d get=|d| Some(d.status) set=|d, v| if let Some(s) = v { d.status = s }
                    all=OrderStatus::ALL code=OrderStatus::slug from_code=OrderStatus::from_slug/>
                <OwnerSelect id="f-seller" label=K::FSeller draft=d get=|d| &d.seller set=|d| &mut d.seller/>
                <TextField id="f-cost" label=K::FCost draft=d get=|d| &d.cost set=|d| &mut d.cost field=Field::OrderCost errors=errors input_mode="decimal"/>
            </div>
            <div class="field">
                <span class="label">{i.tr(M::Items)}</span>
                <RowList
                    count=Signal::derive(move || d.with(|d| d.items.len()))
                    add=M::AddItem
                    on_add=Callback::new(move |_| d.update(|d| d.items.push(ItemDraft::default())))
                    on_remove=Callback::new(move |ix: usize| d.update(|d| { d.items.remove(ix); }))
                    row=move |ix: usize| {
                        view! {
                            <RowInput label=K::Product value=Signal::derive(move || d.with(|d| d.items.get(ix).map(|x| x.product.clone()).unwrap_or_default()))
                                on_input=Callback::new(move |v: String| d.update(|d| if let Some(x) = d.items.get_mut(ix) { x.set_product(v, &[]) }))
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
                    <div class="field-hint">{i.t(M::ItemsTotal)}": "{i18n::money(t, app.currency.get(), false)}</div>
                })}
            </div>
            <SpendPoints points=points spend=spend errors=errors total=Signal::derive(move || d.with(|d| d.validate(0, key, platform::today()).ok().map(|o| o.amount)))/>
            <TextField id="f-note" label=K::Note draft=d get=|d| &d.note set=|d| &mut d.note field=Field::Notes errors=errors multiline=true/>
            {over_credit}
            <div class="form-actions">
                <button type="button" class="btn" on:click=move |_| editor.set(Editor::None)>{i.tr(K::Cancel)}</button>
                <button type="submit" class="btn btn-primary" id="save-order">{i.tr(K::Save)}</button>
            </div>
        </form>
    }
}

/// The order with the points typed taken off, and their redemption, when the
/// programme is on; the problem with the points, named on their field.
fn spend_points(
    o: Order,
    held: Option<super::points::Held>,
    typed: &str,
    customer: Id,
) -> Result<(Order, Option<kehu_core::rewards::Redemption>), Vec<FieldError>> {
    let Some(h) = held else {
        return Ok((o, None));
    };
    let made = (platform::new_id(), platform::now());
    kehu_core::rewards::redeem(&h.programme, h.ledger.balance, typed, o, customer, made)
        .map_err(|e| vec![e])
}

/// The order form's points: what is held, the points to spend and what they take off.
/// Shown while the customer has points to spend on a new order.
#[component]
fn SpendPoints(
    points: Signal<Option<super::points::Held>>,
    spend: RwSignal<String>,
    errors: RwSignal<Vec<FieldError>>,
    /// The order's amount before the discount, once it is valid.
    total: Signal<Option<Cents>>,
) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let money = move |c| i18n::money(c, app.currency.get(), false);
    let bad = move || field_error(errors, Field::RewardPoints, i.get());
    move || {
        let h = points.get().filter(|h| h.ledger.balance > 0)?;
        let (p, balance) = (h.programme, h.ledger.balance);
        let can = R::can_use(
            i.get(),
            &i18n::count(balance as usize),
            &money(p.worth(balance)),
        );
        let off = move || {
            let n: u64 = spend.get().trim().parse().ok().filter(|n| *n > 0)?;
            let (total, off) = (total.get()?, p.worth(n));
            (off <= total)
                .then(|| R::takes_off(i.get(), &money(off), &money(Cents(total.0 - off.0))))
        };
        Some(view! {
            <div class="field" class:field-invalid=move || bad().is_some()>
                <label for="f-points">{i.tr(R::FUsePoints)}</label>
                <input type="text" inputmode="numeric" id="f-points" aria-describedby="f-points-hint f-points-err"
                    aria-invalid=move || bad().is_some().to_string()
                    prop:value=move || spend.get() on:input=move |ev| spend.set(event_target_value(&ev))/>
                <div class="field-hint" id="f-points-hint">{can}</div>
                <div class="points-off" id="f-points-off">{off}</div>
                {move || bad().map(|e| view! { <div class="field-error" id="f-points-err">{e}</div> })}
            </div>
        })
    }
}
