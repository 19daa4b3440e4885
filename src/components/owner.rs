//! Choosing an owner: the shop's active staff, plus whoever owns the record now (someone
//! inactive, or a name not yet made a member of staff).

use crate::i18n::{K, Msg, use_i18n};
use crate::roster::{owner_name, use_roster};
use kehu_core::staff::Roster;
use leptos::prelude::*;

/// The choices for an owner field holding `current`: (staff id, name), by name.
pub fn owner_choices(roster: &Option<Roster>, current: &str) -> Vec<(String, String)> {
    let mut o: Vec<(String, String)> = roster
        .iter()
        .flat_map(|r| r.sorted())
        .filter(|s| s.active || s.id.0 == current)
        .map(|s| (s.id.0.clone(), s.name.clone()))
        .collect();
    if !current.is_empty() && !o.iter().any(|(id, _)| id == current) {
        o.push((current.to_string(), owner_name(roster, current)));
    }
    o.sort_by(|a, b| a.1.cmp(&b.1));
    o
}

/// A select of owners bound to a draft's owner field (a staff id; empty for nobody),
/// with a link to the team page where people are added.
#[component]
pub fn OwnerSelect<D: Send + Sync + 'static>(
    /// The select's DOM id: stable, the tests find it by it.
    id: &'static str,
    label: Msg,
    draft: RwSignal<D>,
    get: fn(&D) -> &String,
    set: fn(&mut D) -> &mut String,
) -> impl IntoView {
    let i = use_i18n();
    let roster = use_roster();
    let current = move || draft.with(|d| get(d).clone());
    let choices = move || roster.with(|r| owner_choices(r, &current()));
    view! {
        <div class="field">
            <label for=id>{move || i.t(label)}</label>
            <select id=id prop:value=current
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    draft.update(|d| *set(d) = v);
                }>
                <option value="">{i.tr(K::NotSet)}</option>
                {move || {
                    let now = current();
                    choices().into_iter().map(|(v, name)| {
                        let selected = v == now;
                        view! { <option value=v selected=selected>{name}</option> }
                    }).collect_view()
                }}
            </select>
            <div class="field-hint"><a href="#/staff">{i.tr(K::ManageTeam)}</a></div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kehu_core::{Id, Millis, Staff};

    #[test]
    fn inactive_staff_are_offered_only_to_their_own_records() {
        let mut gone = Staff::new(Id("b".into()), "Ben", Millis(0));
        gone.active = false;
        let roster = Some(Roster::new(vec![
            Staff::new(Id("a".into()), "Alice", Millis(0)),
            gone,
        ]));
        let names = |c: &str| -> Vec<String> {
            owner_choices(&roster, c)
                .into_iter()
                .map(|(_, n)| n)
                .collect()
        };
        assert_eq!(names(""), ["Alice"]);
        assert_eq!(names("b"), ["Alice", "Ben"]);
        // A name from before staff records is kept as the current choice.
        assert_eq!(names("Zoe Old"), ["Alice", "Zoe Old"]);
    }
}

/// A filter by person: everyone, "mine" (whoever uses this device, when set), then the
/// team by name. `value` is the chosen staff id (empty for everyone).
#[component]
pub fn PeopleFilter(
    /// The select's DOM id: stable, the tests find it by it.
    id: &'static str,
    label: Msg,
    /// What "everyone" is called here.
    any: Msg,
    #[prop(into)] value: Signal<String>,
    on_pick: impl Fn(String) + 'static,
) -> impl IntoView {
    let i = use_i18n();
    let people = crate::roster::people();
    view! {
        <div class="field field-inline">
            <label for=id>{i.tr(label)}</label>
            <select id=id prop:value=move || value.get() on:change=move |ev| on_pick(event_target_value(&ev))>
                <option value="">{i.tr(any)}</option>
                {crate::roster::me().map(|me| view! { <option value=me>{i.tr(K::Mine)}</option> })}
                {move || people().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
            </select>
        </div>
    }
}
