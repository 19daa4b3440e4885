//! The values sync set aside (`#/sync`): where two devices changed the same field of a
//! record differently, the record kept one value and every device lists the other here
//! until someone picks. Picking is a change like any other, so every device ends with
//! it and the list empties everywhere.

use super::messages as M;
use crate::data::{Topic, resource};
use crate::i18n::{Currency, K, Lang, tr, use_i18n};
use crate::state::use_app;
use kehu_core::Customer;
use kehu_store::Conflict;
use leptos::prelude::*;
use serde_json::{Map, Value};

/// One field to pick for: its label, the record's value now and the values set aside,
/// each as the user reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub field: String,
    pub label: String,
    pub now: String,
    /// The values set aside: the value itself (what a pick writes) and its text.
    pub others: Vec<(Value, String)>,
}

/// The record's fields to pick for, as the user reads them. A customer's fields are
/// labelled and formatted as its page shows them; other records' by their names.
pub fn choices(
    c: &Conflict,
    record: &Map<String, Value>,
    lang: Lang,
    cur: Currency,
) -> Vec<Choice> {
    let mut out: Vec<Choice> = Vec::new();
    for f in &c.fields {
        let text = match c.kind.as_str() {
            "customers" => customer_texts(record, &f.field, &f.other, lang, cur),
            _ => None,
        };
        let (label, now, other) = text.unwrap_or_else(|| {
            let now = value_text(lang, record.get(&f.field).unwrap_or(&Value::Null));
            (field_label(lang, &f.field), now, value_text(lang, &f.other))
        });
        match out.iter_mut().find(|x| x.field == f.field) {
            Some(x) => x.others.push((f.other.clone(), other)),
            None => out.push(Choice {
                field: f.field.clone(),
                label,
                now,
                others: vec![(f.other.clone(), other)],
            }),
        }
    }
    out
}

/// A customer's field `field` as its page shows it: the label, the value now and
/// `other`; `None` when the page does not show that field.
fn customer_texts(
    record: &Map<String, Value>,
    field: &str,
    other: &Value,
    lang: Lang,
    cur: Currency,
) -> Option<(String, String, String)> {
    let now = customer_of(record.clone())?;
    let mut alt = record.clone();
    match other {
        Value::Null => drop(alt.remove(field)),
        v => drop(alt.insert(field.into(), v.clone())),
    }
    let alt = customer_of(alt)?;
    crate::pages::conflict::differences(&now, &alt, lang, cur)
        .into_iter()
        .next()
}

/// The customer of a shared body (without the device's key and edit count).
fn customer_of(mut body: Map<String, Value>) -> Option<Customer> {
    body.insert("key".into(), 0.into());
    body.insert("rev".into(), 0.into());
    // From text, as the store reads customers (no second reader in the wasm).
    serde_json::from_str(&Value::Object(body).to_string()).ok()
}

/// A field of a record other than a customer, by its name.
fn field_label(lang: Lang, field: &str) -> String {
    let named = match field {
        "title" | "subject" => Some(M::FieldTitle),
        "name" => Some(M::FieldName),
        "note" | "notes" | "body" => Some(M::FieldNote),
        "status" | "stage" => Some(M::FieldStatus),
        "owner" | "assignee" => Some(M::FieldOwner),
        "due" | "at" | "day" | "close" => Some(M::FieldDate),
        "amount" | "cents" | "price" | "value" => Some(M::FieldAmount),
        "priority" | "important" | "urgent" => Some(M::FieldPriority),
        "done" => Some(M::FieldDone),
        "user" => Some(M::FieldSignInName),
        // The shop's shared settings.
        "currency" => Some(M::FieldCurrency),
        "commission_basis" => Some(M::FieldCommissionBasis),
        "business" => Some(M::FieldLetterhead),
        "service_levels" => Some(M::FieldServiceLevels),
        "rewards" => Some(M::FieldRewards),
        _ => None,
    };
    named.map_or_else(|| field.to_string(), |m| m.text(lang).to_string())
}

/// A value as text: text as it is, yes or no, lists joined; nothing as "(empty)".
fn value_text(lang: Lang, v: &Value) -> String {
    match v {
        Value::Null => M::Empty.text(lang).to_string(),
        Value::String(s) if s.is_empty() => M::Empty.text(lang).to_string(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => if *b { K::Yes } else { K::No }.text(lang).to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => {
            let texts: Vec<String> = items.iter().map(|x| value_text(lang, x)).collect();
            lang.list(&texts)
        }
        Value::Object(_) => v.to_string(),
    }
}

/// The records with values set aside, each field with its value now and the others,
/// and a button to keep each.
#[component]
pub fn Conflicts() -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let list = resource(vec![Topic::Conflicts], |db| async move {
        db.sync_conflict_records().await
    });
    let pick = move |c: Conflict, field: String, value: Option<Value>| {
        app.write(
            move |db| async move {
                (db.resolve_conflict(&c.kind, &c.id, &field, value.as_ref())).await
            },
            move |_| app.say(M::Picked, None),
        )
    };
    move || {
        let all = list.get().and_then(Result::ok).unwrap_or_default();
        (!all.is_empty()).then(|| {
            let (lang, cur) = (i.get(), app.currency.get());
            let records = (all.into_iter())
                .map(|(c, record)| record_view(c, record, lang, cur, pick))
                .collect_view();
            view! {
                <div class="card" id="sync-conflicts">
                    <h2>{i.tr(M::ConflictsTitle)}</h2>
                    <p>{i.tr(M::ConflictsBody)}</p>
                    <ul class="plain conflict-list">{records}</ul>
                </div>
            }
        })
    }
}

fn record_view(
    c: Conflict,
    record: Option<Map<String, Value>>,
    lang: Lang,
    cur: Currency,
    pick: impl Fn(Conflict, String, Option<Value>) + Copy + 'static,
) -> impl IntoView {
    let record = record.unwrap_or_default();
    let name = ["name", "title", "subject"]
        .iter()
        .find_map(|k| record.get(*k).and_then(Value::as_str))
        .unwrap_or(&c.id)
        .to_string();
    let what = crate::i18n::record_kind(lang, &c.kind);
    let href = (c.kind == "customers").then(|| format!("#/customers/{}", c.id));
    let heading = match href {
        // The shop's settings are one record: its kind names it, and the settings
        // page shows it.
        _ if c.kind == <kehu_core::shop::ShopSettings as kehu_core::kinds::Doc>::INFO.name => {
            view! { <a href="#/settings">{what}</a> }.into_any()
        }
        Some(h) => view! { <span class="muted">{what}</span>" "<a href=h>{name}</a> }.into_any(),
        None => view! { <span class="muted">{what}</span>" "<span>{name}</span> }.into_any(),
    };
    let fields = (choices(&c, &record, lang, cur).into_iter())
        .map(|x| {
            let (keep, field) = (c.clone(), x.field.clone());
            let others = (x.others.into_iter())
                .map(|(value, text)| {
                    let (c, field) = (c.clone(), field.clone());
                    let label = tr!(lang, "改用「{text}」", "Use “{text}”");
                    view! {
                        <button type="button" class="btn btn-small conflict-other" on:click=move |_| pick(c.clone(), field.clone(), Some(value.clone()))>{label}</button>
                    }
                })
                .collect_view();
            let now = &x.now;
            let keep_label = tr!(lang, "保留「{now}」", "Keep “{now}”");
            view! {
                <div class="conflict-field">
                    <span class="conflict-label">{x.label}</span>
                    <span class="conflict-actions">
                        <button type="button" class="btn btn-small btn-primary conflict-keep" on:click=move |_| pick(keep.clone(), field.clone(), None)>{keep_label}</button>
                        {others}
                    </span>
                </div>
            }
        })
        .collect_view();
    view! {
        <li class="conflict-record">
            <p>{heading}</p>
            {fields}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kehu_core::reconcile::FieldConflict;
    use kehu_core::sync::Rev;
    use serde_json::json;

    fn set_aside(kind: &str, fields: &[(&str, Value)]) -> Conflict {
        Conflict {
            kind: kind.into(),
            id: "0190-x".into(),
            fields: (fields.iter())
                .map(|(f, v)| FieldConflict {
                    field: f.to_string(),
                    kept: Value::Null,
                    other: v.clone(),
                    other_rev: Rev {
                        n: 1,
                        by: "d".into(),
                    },
                })
                .collect(),
        }
    }

    #[test]
    fn a_customers_field_reads_as_on_their_page_and_others_by_name() {
        let c = kehu_core::validate::blank_customer(
            kehu_core::Id("0190-x".into()),
            1,
            kehu_core::Millis(0),
        );
        let mut record = serde_json::to_value(&c).unwrap();
        record["city"] = json!("杭州");
        record["key_account"] = json!(true);
        let record = record.as_object().unwrap().clone();
        let conflict = set_aside(
            "customers",
            &[
                ("city", json!("苏州")),
                ("key_account", Value::Null),
                ("city", json!("上海")),
            ],
        );
        let got = choices(&conflict, &record, Lang::Zh, Currency::Cny);
        assert_eq!(
            got.len(),
            2,
            "one choice per field, every value set aside in it"
        );
        assert_eq!(
            (got[0].label.as_str(), got[0].now.as_str()),
            ("城市", "杭州")
        );
        let others: Vec<&str> = got[0].others.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(others, ["苏州", "上海"]);
        assert_eq!(
            (got[1].now.as_str(), got[1].others[0].1.as_str()),
            ("是", "否")
        );

        let task = json!({"title": "回访", "due": 20000, "done": false});
        let conflict = set_aside("tasks", &[("title", json!("")), ("done", json!(true))]);
        let got = choices(
            &conflict,
            task.as_object().unwrap(),
            Lang::En,
            Currency::Cny,
        );
        assert_eq!(got[0].label, "Title");
        assert_eq!(
            (got[0].now.as_str(), got[0].others[0].1.as_str()),
            ("回访", "(empty)")
        );
        assert_eq!(
            (got[1].label.as_str(), got[1].others[0].1.as_str()),
            ("Done", "Yes")
        );
    }
}
