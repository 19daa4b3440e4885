//! Create and edit a customer: every archive field of DOMAIN.md §1, with the core's
//! field-level validation shown next to each field.

use crate::components::*;
use crate::i18n::{K, Label, Lang, Msg, problem, use_i18n};
use crate::platform;
use crate::route::{Route, navigate};
use crate::state::{AppState, db, use_app};
use kehu_core::validate::{CustomerDraft, Field, FieldError, blank_customer};
use kehu_core::*;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
mod messages;
use messages as M;

#[component]
pub fn CustomerForm(id: Option<String>, kind: Kind) -> impl IntoView {
    let app = use_app();
    let i = use_i18n();
    let draft = RwSignal::new(None::<CustomerDraft>);
    let base = RwSignal::new(None::<Customer>);
    let missing = RwSignal::new(false);
    let editing = id.is_some();
    match id {
        Some(id) => leptos::task::spawn_local(async move {
            match db().map(|d| async move { d.customer(&id).await }) {
                Ok(f) => match f.await {
                    Ok(Some(c)) => {
                        draft.set(Some(CustomerDraft::from_customer(&c)));
                        base.set(Some(c));
                    }
                    Ok(None) => missing.set(true),
                    Err(e) => app.report(&e),
                },
                Err(e) => app.report(&e),
            }
        }),
        None => {
            base.set(Some(blank_customer(platform::new_id(), 0, platform::now())));
            draft.set(Some(CustomerDraft::new(kind)));
        }
    }
    view! {
        <section class="page page-narrow">
            <h1>{move || if editing { i.t(M::EditCustomer) } else if draft.with(|d| d.as_ref().map(|d| d.kind)) == Some(Kind::Organisation) { i.t(K::NewOrganisation) } else { i.t(K::NewPerson) }}</h1>
            {move || {
                if missing.get() {
                    return view! { <p class="panel">{i.t(K::CustomerNotFound)}</p> }.into_any();
                }
                match (draft.get(), base.get()) {
                    (Some(d), Some(b)) => view! { <FormBody draft=d base=b editing=editing/> }.into_any(),
                    _ => view! { <p class="loading">{i.t(K::Loading)}</p> }.into_any(),
                }
            }}
        </section>
    }
}

/// The form's state: the draft being edited, the version it started from, and the
/// outcome of the last save.
#[derive(Clone, Copy)]
struct Form {
    app: AppState,
    draft: RwSignal<CustomerDraft>,
    errors: RwSignal<Vec<FieldError>>,
    saving: RwSignal<bool>,
    /// After a first failed save, the draft is re-checked as the user types.
    tried: RwSignal<bool>,
    base: StoredValue<Customer>,
    /// Set when a save is refused because the customer changed elsewhere.
    conflict: RwSignal<Option<Conflict>>,
    /// The staff, for the region rule a new customer with no owner follows.
    roster: Memo<Option<kehu_core::staff::Roster>>,
}

impl Form {
    fn new(draft: CustomerDraft, base: Customer) -> Form {
        Form {
            app: use_app(),
            draft: RwSignal::new(draft),
            errors: RwSignal::new(Vec::new()),
            saving: RwSignal::new(false),
            tried: RwSignal::new(false),
            base: StoredValue::new(base),
            conflict: RwSignal::new(None),
            roster: crate::roster::use_roster(),
        }
    }

    /// Whether the form makes a new customer (its base has no key yet).
    fn adding(self) -> bool {
        self.base.with_value(|b| b.key == 0)
    }

    /// The territories: a new customer saved with no owner goes to whoever covers its
    /// region (the active seller or manager there owning the fewest customers).
    fn by_region(self, c: &mut Customer) {
        if !self.adding() || !c.owner.is_empty() {
            return;
        }
        let owned = self.app.rows.with_untracked(|rows| {
            let mut n = std::collections::HashMap::<String, usize>::new();
            for r in rows.iter().filter(|r| !r.deleted) {
                *n.entry(r.owner.clone()).or_default() += 1;
            }
            n
        });
        let staff: Vec<Staff> = self.roster.with_untracked(|r| {
            r.as_ref()
                .map(|r| r.sorted().into_iter().cloned().collect())
                .unwrap_or_default()
        });
        if let Some(id) = kehu_core::lead::owner_by_region(&c.region, &staff, &owned) {
            c.owner = id.0;
        }
    }

    /// The message for `field`'s problem, if it has one.
    fn error(self, field: Field, lang: Lang) -> Option<String> {
        self.errors.with(|es| {
            es.iter()
                .find(|e| e.field == field)
                .map(|e| problem(lang, &e.problem))
        })
    }

    fn save(self) {
        let app = self.app;
        if self.saving.get_untracked() {
            return;
        }
        self.tried.set(true);
        let checked = self
            .draft
            .get_untracked()
            .validate(&self.base.get_value(), platform::today());
        match checked {
            Err(errs) => {
                self.errors.set(errs);
                app.say(M::FixErrors, None);
                focus_first_invalid();
            }
            Ok(mut c) => {
                self.errors.set(Vec::new());
                c.updated = platform::now();
                self.by_region(&mut c);
                self.saving.set(true);
                leptos::task::spawn_local(async move {
                    let r = match db() {
                        Ok(db) => db.put_customer(&c).await,
                        Err(e) => Err(e),
                    };
                    self.saving.set(false);
                    match r {
                        Ok(saved) => {
                            app.upsert(&saved);
                            app.say(K::Saved, None);
                            navigate(&Route::Customer(saved.id.0.clone()));
                        }
                        Err(kehu_store::StoreError::Changed) => self.refused(c).await,
                        Err(e) => app.report(&e),
                    }
                });
            }
        }
    }

    /// The save was refused: the customer changed elsewhere. Both versions are shown.
    async fn refused(self, mine: Customer) {
        let theirs = match db() {
            Ok(db) => db.customer(mine.id.as_str()).await.ok().flatten(),
            Err(_) => None,
        };
        self.conflict.set(Some(Conflict { theirs, mine }));
        // At the foot of a long form: brought into view.
        request_animation_frame(|| {
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("save-conflict"))
            {
                el.scroll_into_view();
            }
        });
    }

    /// Keep mine: the saved version becomes the base, so the next save replaces it
    /// knowingly; take theirs: the form shows the saved version.
    fn resolve(self, keep_mine: bool) {
        let Some(Conflict {
            theirs: Some(theirs),
            ..
        }) = self.conflict.get_untracked()
        else {
            return;
        };
        if !keep_mine {
            self.draft.set(CustomerDraft::from_customer(&theirs));
        }
        self.base.set_value(theirs);
        self.conflict.set(None);
        if keep_mine {
            self.save();
        }
    }
}

/// The form proper, once the draft exists.
#[component]
fn FormBody(draft: CustomerDraft, base: Customer, editing: bool) -> impl IntoView {
    let i = use_i18n();
    let f = Form::new(draft, base);
    // Errors clear as they are fixed, once a save has shown them.
    Effect::new(move |_| {
        let cur = f.draft.get();
        if f.tried.get_untracked() {
            let errs = cur
                .validate(&f.base.get_value(), platform::today())
                .err()
                .unwrap_or_default();
            f.errors.set(errs);
        }
    });
    let is_org = move || f.draft.with(|d| d.kind == Kind::Organisation);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        f.save();
    };
    let cancel_href = if editing {
        Route::Customer(f.base.get_value().id.0).href()
    } else {
        Route::Customers(Default::default()).href()
    };
    view! {
        <form class="form" on:submit=submit novalidate>
            <BasicsSection f/>
            <ContactSection f/>
            <ProfileSection f/>
            <AccountSection f/>
            <ConsentSection f/>
            <Show when=is_org>
                <ContactsSection f/>
            </Show>
            <CustomFieldsSection f/>
            {move || f.conflict.get().map(|c| view! {
                <ConflictPanel conflict=c on_resolve=Callback::new(move |keep| f.resolve(keep))/>
            })}
            <div class="form-actions">
                <a class="btn" href=cancel_href>{i.tr(K::Cancel)}</a>
                <button type="submit" class="btn btn-primary" id="save-customer" disabled=move || f.saving.get()>
                    {move || if f.saving.get() { i.t(M::Saving) } else { i.t(K::Save) }}
                </button>
            </div>
        </form>
    }
}

/// Kind, name, code, classification, owner, tags.
#[component]
fn BasicsSection(f: Form) -> impl IntoView {
    let i = use_i18n();
    let (d, errors) = (f.draft, f.errors);
    let is_org = move || d.with(|d| d.kind == Kind::Organisation);
    let churned = move || d.with(|d| d.stage == LifecycleStage::Churned);
    view! {
    <fieldset class="card">
        <legend>{i.tr(M::SectionBasics)}</legend>
        <div class="field">
            <span class="label">{i.tr(K::FKind)}</span>
            <div class="segmented" role="radiogroup" aria-label=i.tr(K::FKind)>
                {Kind::ALL.iter().map(|k| {
                    let k = *k;
                    let id = format!("kind-{}", k.code());
                    view! {
                        <input type="radio" name="kind" id=id.clone() value=k.code()
                            prop:checked=move || d.with(|d| d.kind == k)
                            on:change=move |_| d.update(|d| {
                                d.kind = k;
                                d.customer_type = match k {
                                    Kind::Person => CustomerType::Consumer,
                                    Kind::Organisation => CustomerType::Business,
                                };
                            }) />
                        <label for=id>{move || k.label(i.get())}</label>
                    }
                }).collect_view()}
            </div>
        </div>
        <TextField id="f-fname" label=K::FName draft=d get=|d| &d.name set=|d| &mut d.name field=Field::Name errors=errors required=true/>
        <div class="grid-2">
            <TextField id="f-fcode" label=K::FCode draft=d get=|d| &d.code set=|d| &mut d.code field=Field::Code errors=errors hint=M::FCodeHint/>
            <CodeSelect id="f-ftype" label=K::FType draft=d get=|d| Some(d.customer_type) set=|d, v| if let Some(v) = v { d.customer_type = v }
                all=CustomerType::ALL code=CustomerType::code from_code=CustomerType::from_code/>
            <CodeSelect id="f-fstage" label=K::FStage draft=d get=|d| Some(d.stage) set=|d, v| if let Some(v) = v { d.stage = v }
                all=LifecycleStage::ALL code=LifecycleStage::code from_code=LifecycleStage::from_code/>
            <CodeSelect id="f-flevel" label=K::FLevel draft=d get=|d| Some(d.level) set=|d, v| if let Some(v) = v { d.level = v }
                all=RelationshipLevel::ALL code=RelationshipLevel::code from_code=RelationshipLevel::from_code/>
            <CodeSelect id="f-fsource" label=K::FSource draft=d get=|d| d.source set=|d, v| d.source = v optional=true
                all=SourceChannel::ALL code=SourceChannel::code from_code=SourceChannel::from_code/>
            <div class="field">
                <OwnerSelect id="f-fowner" label=K::FOwner draft=d get=|d| &d.owner set=|d| &mut d.owner/>
                {f.adding().then(|| view! { <div class="field-hint">{i.tr(M::OwnerByRegion)}</div> })}
            </div>
            <Show when=move || !is_org()>
                <CodeSelect id="f-fgender" label=K::FGender draft=d get=|d| d.gender set=|d, v| d.gender = v optional=true
                    all=Gender::ALL code=Gender::code from_code=Gender::from_code/>
            </Show>
        </div>
        <Show when=churned>
            <div class="grid-2">
                <TextField id="f-fchurndate" label=K::FChurnDate draft=d get=|d| &d.churn_date set=|d| &mut d.churn_date field=Field::ChurnDate errors=errors input_type="date"/>
                <TextField id="f-fchurnreason" label=K::FChurnReason draft=d get=|d| &d.churn_reason set=|d| &mut d.churn_reason field=Field::ChurnReason errors=errors/>
            </div>
        </Show>
        <TextField id="f-ftags" label=K::FTags draft=d get=|d| &d.tags set=|d| &mut d.tags field=Field::Tags errors=errors hint=M::FTagsHint/>
    </fieldset>
    }
}

/// Phones, email, WeChat, where.
#[component]
fn ContactSection(f: Form) -> impl IntoView {
    let i = use_i18n();
    let (d, errors) = (f.draft, f.errors);
    view! {
    <fieldset class="card">
        <legend>{i.tr(M::SectionContact)}</legend>
        <div class="grid-2">
            <TextField id="f-fmobile" label=K::FMobile draft=d get=|d| &d.mobile set=|d| &mut d.mobile field=Field::Mobile errors=errors input_type="tel"/>
            <TextField id="f-fphone" label=K::FPhone draft=d get=|d| &d.phone set=|d| &mut d.phone field=Field::Phone errors=errors input_type="tel"/>
            <TextField id="f-femail" label=K::FEmail draft=d get=|d| &d.email set=|d| &mut d.email field=Field::Email errors=errors input_type="email"/>
            <TextField id="f-fwechat" label=K::FWechat draft=d get=|d| &d.wechat set=|d| &mut d.wechat field=Field::Wechat errors=errors/>
            <TextField id="f-fregion" label=K::FRegion draft=d get=|d| &d.region set=|d| &mut d.region field=Field::Region errors=errors/>
            <TextField id="f-fcity" label=K::FCity draft=d get=|d| &d.city set=|d| &mut d.city field=Field::City errors=errors/>
        </div>
        <TextField id="f-faddress" label=K::FAddress draft=d get=|d| &d.address set=|d| &mut d.address field=Field::Address errors=errors/>
    </fieldset>
    }
}

/// A person's occupation and birthday, an organisation's industry, founding and size.
#[component]
fn ProfileSection(f: Form) -> impl IntoView {
    let i = use_i18n();
    let (d, errors) = (f.draft, f.errors);
    let is_org = move || d.with(|d| d.kind == Kind::Organisation);
    view! {
    <fieldset class="card">
        <legend>{i.tr(M::SectionProfile)}</legend>
        <div class="grid-2">
            {move || if is_org() {
                view! {
                    <TextField id="f-findustry" label=K::FIndustry draft=d get=|d| &d.occupation set=|d| &mut d.occupation field=Field::Occupation errors=errors/>
                    <TextField id="f-ffoundingdate" label=K::FFoundingDate draft=d get=|d| &d.birth_date set=|d| &mut d.birth_date field=Field::BirthDate errors=errors input_type="date"/>
                    <TextField id="f-fcompanysize" label=K::FCompanySize draft=d get=|d| &d.company_size set=|d| &mut d.company_size field=Field::CompanySize errors=errors input_mode="numeric"/>
                }.into_any()
            } else {
                view! {
                    <TextField id="f-foccupation" label=K::FOccupation draft=d get=|d| &d.occupation set=|d| &mut d.occupation field=Field::Occupation errors=errors/>
                    <TextField id="f-fbirthdate" label=K::FBirthDate draft=d get=|d| &d.birth_date set=|d| &mut d.birth_date field=Field::BirthDate errors=errors input_type="date"/>
                }.into_any()
            }}
        </div>
        <TextField id="f-fnotes" label=K::FNotes draft=d get=|d| &d.notes set=|d| &mut d.notes field=Field::Notes errors=errors multiline=true/>
    </fieldset>
    }
}

/// Key account, credit, spend, blacklist.
#[component]
fn AccountSection(f: Form) -> impl IntoView {
    let i = use_i18n();
    let (d, errors) = (f.draft, f.errors);
    let blacklisted = move || d.with(|d| d.blacklisted);
    view! {
    <fieldset class="card">
        <legend>{i.tr(M::SectionAccount)}</legend>
        <div class="grid-2">
            <CheckField id="f-fkeyaccount" label=K::FKeyAccount draft=d get=|d| d.key_account set=|d, v| d.key_account = v/>
            <CheckField id="f-fpotentialkeyaccount" label=K::FPotentialKeyAccount draft=d get=|d| d.potential_key_account set=|d, v| d.potential_key_account = v/>
            <CodeSelect id="f-fcreditrating" label=K::FCreditRating draft=d get=|d| d.credit_rating set=|d, v| d.credit_rating = v optional=true
                all=CreditRating::ALL code=CreditRating::code from_code=CreditRating::from_code/>
            <TextField id="f-fcreditlimit" label=K::FCreditLimit draft=d get=|d| &d.credit_limit set=|d| &mut d.credit_limit field=Field::CreditLimit errors=errors input_mode="decimal"/>
            <TextField id="f-farrears" label=K::FOpeningArrears draft=d get=|d| &d.arrears set=|d| &mut d.arrears field=Field::Arrears errors=errors input_mode="decimal"/>
            <TextField id="f-fcategoryspend" label=K::FCategorySpend draft=d get=|d| &d.category_spend set=|d| &mut d.category_spend field=Field::CategorySpend errors=errors input_mode="decimal"/>
        </div>
        <CheckField id="f-fblacklisted" label=K::FBlacklisted draft=d get=|d| d.blacklisted set=|d, v| d.blacklisted = v/>
        <Show when=blacklisted>
            <TextField id="f-fblacklistreason" label=K::FBlacklistReason draft=d get=|d| &d.blacklist_reason set=|d| &mut d.blacklist_reason field=Field::BlacklistReason errors=errors required=true/>
        </Show>
    </fieldset>
    }
}

/// Consent per channel: granted, since when, where it was given.
#[component]
fn ConsentSection(f: Form) -> impl IntoView {
    let i = use_i18n();
    let d = f.draft;
    view! {
    <fieldset class="card">
        <legend>{i.tr(K::SectionConsent)}</legend>
        <table class="table table-compact consent-table">
            <thead><tr>
                <th scope="col"></th>
                <th scope="col">{i.tr(M::ConsentGranted)}</th>
                <th scope="col">{i.tr(K::ConsentDate)}</th>
                <th scope="col">{i.tr(K::ConsentSource)}</th>
            </tr></thead>
            <tbody>
                {(0..ConsentChannel::ALL.len()).map(|ix| {
                    let ch = ConsentChannel::ALL[ix];
                    let err = move || f.error(Field::ConsentDate(ix), i.get());
                    let source_err = move || f.error(Field::ConsentSource(ix), i.get());
                    view! {
                        <tr>
                            <th scope="row">{move || ch.label(i.get())}</th>
                            <td><input type="checkbox" aria-label=move || format!("{} {}", ch.label(i.get()), i.t(M::ConsentGranted))
                                prop:checked=move || d.with(|d| d.consents.get(ix).is_some_and(|c| c.granted))
                                on:change=move |ev| { let v = event_target_checked(&ev); d.update(|d| if let Some(c) = d.consents.get_mut(ix) { c.granted = v }); } /></td>
                            <td><input type="date" aria-label=move || format!("{} {}", ch.label(i.get()), i.t(K::ConsentDate))
                                aria-invalid=move || err().map(|_| "true")
                                prop:value=move || d.with(|d| d.consents.get(ix).map(|c| c.date.clone()).unwrap_or_default())
                                on:input=move |ev| { let v = event_target_value(&ev); d.update(|d| if let Some(c) = d.consents.get_mut(ix) { c.date = v }); } />
                                {move || err().map(|e| view! { <div class="field-error">{e}</div> })}</td>
                            <td><input type="text" aria-label=move || format!("{} {}", ch.label(i.get()), i.t(K::ConsentSource))
                                placeholder=i.tr(K::ConsentSource)
                                aria-invalid=move || source_err().map(|_| "true")
                                prop:value=move || d.with(|d| d.consents.get(ix).map(|c| c.source.clone()).unwrap_or_default())
                                on:input=move |ev| { let v = event_target_value(&ev); d.update(|d| if let Some(c) = d.consents.get_mut(ix) { c.source = v }); } />
                                {move || source_err().map(|e| view! { <div class="field-error">{e}</div> })}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    </fieldset>
    }
}

/// An organisation's people.
#[component]
fn ContactsSection(f: Form) -> impl IntoView {
    let i = use_i18n();
    let d = f.draft;
    view! {
    <fieldset class="card">
        <legend>{i.tr(K::SectionContacts)}</legend>
        <RowList
            count=Signal::derive(move || d.with(|d| d.contacts.len()))
            add=M::AddContact
            on_add=Callback::new(move |_| d.update(|d| d.contacts.push(Contact::default())))
            on_remove=Callback::new(move |ix: usize| d.update(|d| { d.contacts.remove(ix); }))
            row=move |ix: usize| {
                let name_err = move || f.error(Field::ContactName(ix), i.get());
                let phone_err = move || f.error(Field::ContactPhone(ix), i.get());
                let email_err = move || f.error(Field::ContactEmail(ix), i.get());
                let role_err = move || f.error(Field::ContactRole(ix), i.get());
                view! {
                    <RowInput label=K::ContactName value=Signal::derive(move || d.with(|d| d.contacts.get(ix).map(|c| c.name.clone()).unwrap_or_default()))
                        on_input=Callback::new(move |v: String| d.update(|d| if let Some(c) = d.contacts.get_mut(ix) { c.name = v })) error=Signal::derive(name_err)/>
                    <RowInput label=K::ContactRole value=Signal::derive(move || d.with(|d| d.contacts.get(ix).map(|c| c.role.clone()).unwrap_or_default()))
                        on_input=Callback::new(move |v: String| d.update(|d| if let Some(c) = d.contacts.get_mut(ix) { c.role = v })) error=Signal::derive(role_err)/>
                    <RowInput label=K::FPhone value=Signal::derive(move || d.with(|d| d.contacts.get(ix).map(|c| c.phone.clone()).unwrap_or_default()))
                        on_input=Callback::new(move |v: String| d.update(|d| if let Some(c) = d.contacts.get_mut(ix) { c.phone = v })) error=Signal::derive(phone_err)/>
                    <RowInput label=K::FEmail value=Signal::derive(move || d.with(|d| d.contacts.get(ix).map(|c| c.email.clone()).unwrap_or_default()))
                        on_input=Callback::new(move |v: String| d.update(|d| if let Some(c) = d.contacts.get_mut(ix) { c.email = v })) error=Signal::derive(email_err)/>
                }.into_any()
            }/>
    </fieldset>
    }
}

/// The shop's own fields.
#[component]
fn CustomFieldsSection(f: Form) -> impl IntoView {
    let i = use_i18n();
    let d = f.draft;
    view! {
    <fieldset class="card">
        <legend>{i.tr(K::SectionCustomFields)}</legend>
        <RowList
            count=Signal::derive(move || d.with(|d| d.custom_fields.len()))
            add=M::AddCustomField
            on_add=Callback::new(move |_| d.update(|d| d.custom_fields.push(CustomField { name: String::new(), value: String::new() })))
            on_remove=Callback::new(move |ix: usize| d.update(|d| { d.custom_fields.remove(ix); }))
            row=move |ix: usize| {
                let name_err = move || f.error(Field::CustomFieldName(ix), i.get());
                let value_err = move || f.error(Field::CustomFieldValue(ix), i.get());
                view! {
                    <RowInput label=K::CustomFieldName value=Signal::derive(move || d.with(|d| d.custom_fields.get(ix).map(|c| c.name.clone()).unwrap_or_default()))
                        on_input=Callback::new(move |v: String| d.update(|d| if let Some(c) = d.custom_fields.get_mut(ix) { c.name = v })) error=Signal::derive(name_err)/>
                    <RowInput label=K::CustomFieldValue value=Signal::derive(move || d.with(|d| d.custom_fields.get(ix).map(|c| c.value.clone()).unwrap_or_default()))
                        on_input=Callback::new(move |v: String| d.update(|d| if let Some(c) = d.custom_fields.get_mut(ix) { c.value = v })) error=Signal::derive(value_err)/>
                }.into_any()
            }/>
    </fieldset>
    }
}

/// A growable list of rows (contacts, custom fields, order items).
#[component]
pub fn RowList<F>(
    count: Signal<usize>,
    add: Msg,
    on_add: Callback<()>,
    on_remove: Callback<usize>,
    row: F,
) -> impl IntoView
where
    F: Fn(usize) -> AnyView + Copy + Send + Sync + 'static,
{
    let i = use_i18n();
    view! {
        <div class="rows">
            {move || (0..count.get()).map(|ix| view! {
                <div class="row-line">
                    {row(ix)}
                    <button type="button" class="btn btn-icon row-remove"
                        aria-label=move || format!("{} {}", i.t(M::Remove), ix + 1)
                        on:click=move |_| on_remove.run(ix)>"×"</button>
                </div>
            }).collect_view()}
            <button type="button" class="btn btn-small" on:click=move |_| on_add.run(())>"+ "{move || i.t(add)}</button>
        </div>
    }
}

/// An input in a repeated row, labelled for screen readers and showing its own error.
#[component]
pub fn RowInput(
    label: Msg,
    value: Signal<String>,
    on_input: Callback<String>,
    error: Signal<Option<String>>,
    #[prop(optional)] input_mode: Option<&'static str>,
) -> impl IntoView {
    let i = use_i18n();
    view! {
        <div class="row-cell" class:field-invalid=move || error.get().is_some()>
            <input type="text" placeholder=move || i.t(label) aria-label=move || i.t(label)
                inputmode=input_mode
                aria-invalid=move || error.get().map(|_| "true")
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev)) />
            {move || error.get().map(|e| view! { <div class="field-error">{e}</div> })}
        </div>
    }
}

/// Moves focus to the first field marked invalid, once the DOM shows the marks.
pub fn focus_first_invalid() {
    request_animation_frame(|| {
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("[aria-invalid=true]").ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

/// A save refused because the customer changed elsewhere: the stored version (none if
/// it is gone) and the one the user tried to save.
#[derive(Clone)]
struct Conflict {
    theirs: Option<Customer>,
    mine: Customer,
}

/// The two versions side by side, and the way out: keep mine (replacing what was saved
/// elsewhere, now that it has been seen) or take the saved version. A customer trashed or
/// merged elsewhere is not brought back from here.
#[component]
fn ConflictPanel(conflict: Conflict, on_resolve: Callback<bool>) -> impl IntoView {
    let app = use_app();
    let i = use_i18n();
    let Conflict { theirs, mine } = conflict;
    let Some(theirs) = theirs.filter(|t| !t.is_deleted()) else {
        let href = Route::Customer(mine.id.0.clone()).href();
        return view! {
            <div class="panel panel-warn" id="save-conflict" role="alert">
                <p>{i.tr(M::ConflictGone)}</p>
                <a class="btn" href=href>{i.tr(M::ConflictOpen)}</a>
            </div>
        }
        .into_any();
    };
    let rows = move || {
        let r = crate::roster::use_roster().get();
        let (theirs, mine) = (
            crate::roster::shown(&theirs, &r),
            crate::roster::shown(&mine, &r),
        );
        crate::pages::conflict::differences(&theirs, &mine, i.get(), app.currency.get())
    };
    view! {
        <div class="panel panel-warn" id="save-conflict" role="alert">
            <p>{i.tr(M::ConflictChanged)}</p>
            <table class="table table-compact conflict-table">
                <thead><tr>
                    <th scope="col"></th>
                    <th scope="col">{i.tr(M::ConflictTheirs)}</th>
                    <th scope="col">{i.tr(M::ConflictMine)}</th>
                </tr></thead>
                <tbody>
                    {move || rows().into_iter().map(|(label, a, b)| view! {
                        <tr><th scope="row">{label}</th><td>{a}</td><td>{b}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <div class="form-actions">
                <button type="button" class="btn" id="conflict-theirs" on:click=move |_| on_resolve.run(false)>
                    {i.tr(M::ConflictTakeTheirs)}
                </button>
                <button type="button" class="btn btn-primary" id="conflict-mine" on:click=move |_| on_resolve.run(true)>
                    {i.tr(M::ConflictKeepMine)}
                </button>
            </div>
        </div>
    }
    .into_any()
}
