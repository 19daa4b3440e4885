//! A launched campaign's list, out of kehu for the channel (kehu sends nothing
//! itself): a CSV for an SMS or email service, vCards, `mailto:` links of 50 in blind
//! copy for an email campaign, and call tasks for the owners. The contacted members
//! come from the worker, their consent checked again (`campaign_export::reach_of`);
//! the control group is never exported.

use super::messages as M;
use super::{ask, form::refusal};
use crate::i18n::{K, Lang, Msg, use_i18n};
use crate::platform;
use crate::state::use_app;
use kehu_core::campaign_export::{self as x, Reach};
use kehu_core::marketing::{Answer, Campaign, What};
use kehu_core::{ConsentChannel, Task};
use leptos::prelude::*;

/// The CSV's header in `lang`: the name, the channel's columns, the customer code.
fn head(lang: Lang, channel: ConsentChannel) -> Vec<&'static str> {
    let cols: &[Msg] = match channel {
        ConsentChannel::Email => &[K::FEmail],
        ConsentChannel::Sms => &[K::FMobile],
        ConsentChannel::Phone => &[K::FMobile, K::FPhone],
        ConsentChannel::Mail => &[K::FAddress],
    };
    let mut h = vec![K::FName.text(lang)];
    h.extend(cols.iter().map(|m| m.text(lang)));
    h.push(K::FCode.text(lang));
    h
}

/// A file name from the campaign's: characters file systems refuse become `_`.
fn stem(c: &Campaign) -> String {
    let name: String = (c.name.chars())
        .map(|ch| if r#"/\:*?"<>|"#.contains(ch) { '_' } else { ch })
        .collect();
    format!("kehu-{name}")
}

#[component]
pub(super) fn Exports(campaign: Campaign) -> impl IntoView {
    let (app, i) = (use_app(), use_i18n());
    let links = RwSignal::new(None::<(Vec<String>, usize)>);
    let note = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let email = campaign.channel == ConsentChannel::Email;
    let c = StoredValue::new(campaign);
    // Asks the worker for the list, then hands it to `then`; why not, in the note.
    let with_list = move |then: Box<dyn FnOnce(Campaign, Vec<Reach>, Lang)>| {
        busy.set(true);
        let lang = i.lang.get_untracked();
        leptos::task::spawn_local(async move {
            let campaign = c.get_value();
            match ask(What::Reach(campaign.id.clone())).await {
                Ok(Answer::Reach { list, dropped }) => {
                    note.set((dropped > 0).then(|| M::dropped(lang, dropped)));
                    then(campaign, list, lang);
                }
                Ok(other) => note.set(Some(refusal(lang, &other))),
                Err(e) => note.set(Some(e.why(lang))),
            }
            busy.set(false);
        });
    };
    let on_csv = move |_| {
        with_list(Box::new(|c, list, lang| {
            let text = x::csv(c.channel, &head(lang, c.channel), &list);
            platform::download(
                &format!("{}.csv", stem(&c)),
                "text/csv;charset=utf-8",
                &text,
            );
        }))
    };
    let on_vcard = move |_| {
        with_list(Box::new(|c, list, _| {
            platform::download(
                &format!("{}.vcf", stem(&c)),
                "text/vcard;charset=utf-8",
                &x::vcards(&list),
            );
        }))
    };
    let on_mailto = move |_| {
        with_list(Box::new(move |_, list, _| {
            let emails = list.iter().filter(|r| !r.email.trim().is_empty()).count();
            links.set(Some((x::mailto_batches(&list), emails)))
        }))
    };
    // Call tasks are written once: their ids come from the campaign and the customer,
    // and the store keeps only ids it never held.
    let on_calls = move |_| {
        with_list(Box::new(move |c, list, lang| {
            let title = M::call_title(lang, &c.name);
            let due = platform::today().max(c.start);
            let tasks = x::call_tasks(&c, &list, &title, due, platform::now());
            app.write(
                move |db| async move { db.add_new_docs::<Task>(&tasks).await },
                move |made| {
                    let n = made.len();
                    app.toast(move |l| M::calls_made(l, n), None)
                },
            );
        }))
    };
    view! {
        <section class="card" id="campaign-exports">
            <h2>{i.tr(M::Exports)}</h2>
            <p class="muted">{i.tr(M::ExportsNote)}</p>
            <div class="form-actions form-actions-start">
                <button type="button" class="btn" id="export-csv" on:click=on_csv disabled=busy>{i.tr(M::ExportCsv)}</button>
                <button type="button" class="btn" id="export-vcard" on:click=on_vcard disabled=busy>{i.tr(M::ExportVcard)}</button>
                {email.then(|| view! {
                    <button type="button" class="btn" id="export-mailto" on:click=on_mailto disabled=busy>{i.tr(M::ExportMailto)}</button>
                })}
                <button type="button" class="btn" id="export-calls" on:click=on_calls disabled=busy>{i.tr(M::ExportCalls)}</button>
            </div>
            {move || note.get().map(|n| view! { <p class="panel panel-warn" id="export-note">{n}</p> })}
            {move || links.get().map(|(all, emails)| view! {
                <ol id="mailto-links">
                    {all.into_iter().enumerate().map(|(n, href)| view! {
                        <li><a href=href>{move || M::batch(i.get(), n, emails)}</a></li>
                    }).collect_view()}
                </ol>
            })}
        </section>
    }
}
