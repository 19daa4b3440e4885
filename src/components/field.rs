//! Labelled form controls bound to a field of a draft held in a signal.
//!
//! Accessors are plain `fn` pointers, so one control serves every field of any draft
//! type without a closure per field. Errors are looked up by [`Field`] and linked to the
//! input with `aria-describedby`.

use crate::i18n::{K, Label, Lang, Msg, problem, use_i18n};
use kehu_core::validate::{Field, FieldError};
use leptos::prelude::*;

/// The translated problem with `field` among `errors`, if any.
pub fn field_error(errors: RwSignal<Vec<FieldError>>, field: Field, lang: Lang) -> Option<String> {
    errors.with(|es| {
        es.iter()
            .find(|e| e.field == field)
            .map(|e| problem(lang, &e.problem))
    })
}

#[component]
pub fn TextField<D: Send + Sync + 'static>(
    /// The input's DOM id (its error text adds `-err`): stable, the tests find inputs by it.
    id: &'static str,
    label: Msg,
    draft: RwSignal<D>,
    get: fn(&D) -> &String,
    set: fn(&mut D) -> &mut String,
    #[prop(optional)] field: Option<Field>,
    #[prop(optional)] errors: Option<RwSignal<Vec<FieldError>>>,
    #[prop(optional)] input_type: Option<&'static str>,
    #[prop(optional)] hint: Option<Msg>,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] input_mode: Option<&'static str>,
) -> impl IntoView {
    let i = use_i18n();
    let err_id = format!("{id}-err");
    let errors = errors.unwrap_or_else(|| RwSignal::new(Vec::new()));
    let err = move || field.and_then(|f| field_error(errors, f, i.get()));
    let value = move || draft.with(|d| get(d).clone());
    let on_input = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        draft.update(|d| *set(d) = v);
    };
    let described = {
        let err_id = err_id.clone();
        move || err().map(|_| err_id.clone())
    };
    let control = if multiline {
        view! {
            <textarea id=id rows="4" prop:value=value on:input=on_input
                aria-invalid=move || err().map(|_| "true") aria-describedby=described.clone()></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id type=input_type.unwrap_or("text") prop:value=value on:input=on_input
                placeholder=placeholder inputmode=input_mode required=required
                aria-invalid=move || err().map(|_| "true") aria-describedby=described />
        }
        .into_any()
    };
    view! {
        <div class="field" class:field-invalid=move || err().is_some()>
            <label for=id>{move || i.t(label)}{required.then_some(" *")}</label>
            {control}
            {move || hint.map(|h| view! { <div class="field-hint">{i.t(h)}</div> })}
            {move || err().map(|e| view! { <div class="field-error" id=err_id.clone()>{e}</div> })}
        </div>
    }
}

/// A select over every value of a code type, optionally with an empty "not set" choice.
#[component]
pub fn CodeSelect<D, T>(
    /// The input's DOM id (its error text adds `-err`): stable, the tests find inputs by it.
    id: &'static str,
    label: Msg,
    draft: RwSignal<D>,
    get: fn(&D) -> Option<T>,
    set: fn(&mut D, Option<T>),
    all: &'static [T],
    code: fn(T) -> &'static str,
    from_code: fn(&str) -> Option<T>,
    #[prop(optional)] optional: bool,
    /// Shown but not changeable.
    #[prop(optional)]
    disabled: bool,
) -> impl IntoView
where
    D: Send + Sync + 'static,
    T: Label + Copy + PartialEq + Send + Sync + 'static,
{
    let i = use_i18n();
    view! {
        <div class="field">
            <label for=id>{move || i.t(label)}</label>
            <select id=id disabled=disabled
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    draft.update(|d| set(d, from_code(&v)));
                }
                prop:value=move || draft.with(|d| get(d).map(code).unwrap_or(""))>
                {optional.then(|| view! { <option value="">{i.tr(K::NotSet)}</option> })}
                {all.iter().map(|v| {
                    let v = *v;
                    view! {
                        <option value=code(v) selected=move || draft.with(|d| get(d) == Some(v))>
                            {move || v.label(i.get())}
                        </option>
                    }
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
pub fn CheckField<D: Send + Sync + 'static>(
    /// The input's DOM id (its error text adds `-err`): stable, the tests find inputs by it.
    id: &'static str,
    label: Msg,
    draft: RwSignal<D>,
    get: fn(&D) -> bool,
    set: fn(&mut D, bool),
) -> impl IntoView {
    let i = use_i18n();
    view! {
        <div class="field field-check">
            <input type="checkbox" id=id
                prop:checked=move || draft.with(get)
                on:change=move |ev| {
                    let v = event_target_checked(&ev);
                    draft.update(|d| set(d, v));
                } />
            <label for=id>{move || i.t(label)}</label>
        </div>
    }
}
