//! Reaching the customer from its page: a number is a `tel:` link, an address a
//! `mailto:` link, a WeChat id is copied with one click. Each contact made so is
//! offered for the timeline: one click opens the interaction form with its kind and
//! subject filled in.

use super::messages as M;
use crate::i18n::{Lang, tr, use_i18n};
use crate::platform;
use crate::state::use_app;
use kehu_core::InteractionKind;
use leptos::prelude::*;

/// How a fact reaches the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum How {
    Call,
    Mail,
    Wechat,
}

/// A way to reach the customer (or one of its contacts, `who`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Reach {
    pub how: How,
    pub value: String,
    pub who: Option<String>,
}

impl Reach {
    pub fn new(how: How, value: &str) -> Reach {
        Reach {
            how,
            value: value.trim().to_string(),
            who: None,
        }
    }

    /// The link that makes the contact (none for WeChat, which is copied).
    pub fn href(&self) -> Option<String> {
        match self.how {
            // A dialler reads digits, a leading + and separators, nothing else.
            How::Call => Some(format!(
                "tel:{}",
                (self.value.chars())
                    .filter(|c| c.is_ascii_digit() || matches!(c, '+' | '-'))
                    .collect::<String>()
            )),
            How::Mail => Some(format!("mailto:{}", self.value)),
            How::Wechat => None,
        }
    }

    /// The interaction it makes.
    pub fn kind(&self) -> InteractionKind {
        match self.how {
            How::Call => InteractionKind::Call,
            How::Mail => InteractionKind::Email,
            How::Wechat => InteractionKind::Chat,
        }
    }

    /// The interaction's subject, as the user would write it.
    pub fn subject(&self, lang: Lang) -> String {
        let v = match &self.who {
            Some(w) => format!("{w} {}", self.value),
            None => self.value.clone(),
        };
        match self.how {
            How::Call => tr!(lang, "致电 {v}", "Called {v}"),
            How::Mail => tr!(lang, "发邮件给 {v}", "Emailed {v}"),
            How::Wechat => tr!(lang, "微信联系 {v}", "WeChat with {v}"),
        }
    }
}

/// The page's contacts: the one just made (offered for the timeline), and the one the
/// user chose to log (the timeline opens its form with it).
#[derive(Clone, Copy)]
pub(super) struct Contact {
    pub made: RwSignal<Option<Reach>>,
    pub log: RwSignal<Option<Reach>>,
}

pub(super) fn provide_contact() {
    provide_context(Contact {
        made: RwSignal::new(None),
        log: RwSignal::new(None),
    });
}

pub(super) fn use_contact() -> Contact {
    expect_context()
}

/// `text` as the way it reaches the customer: a link, or the WeChat id with a copy
/// button. Either makes the contact the one offered for the timeline.
#[component]
pub(super) fn ReachLink(reach: Reach, text: String) -> impl IntoView {
    let (app, i, contact) = (use_app(), use_i18n(), use_contact());
    let Some(href) = reach.href() else {
        let copy = move |_| {
            platform::copy_text(&reach.value);
            app.say(M::WechatCopied, None);
            contact.made.set(Some(reach.clone()));
        };
        return view! {
            <span class="reach">{text}" "
                <button type="button" class="btn btn-small reach-copy" on:click=copy>{i.tr(M::Copy)}</button>
            </span>
        }
        .into_any();
    };
    view! {
        <a class="reach" href=href on:click=move |_| contact.made.set(Some(reach.clone()))>{text}</a>
    }
    .into_any()
}

/// After a contact was made: offers to log it on the timeline.
#[component]
pub(super) fn Offer() -> impl IntoView {
    let (i, contact) = (use_i18n(), use_contact());
    let log = move |_| {
        contact.log.set(contact.made.get_untracked());
        contact.made.set(None);
    };
    move || {
        contact.made.get().map(|r| {
            view! {
                <p class="panel reach-offer" id="reach-offer" role="status">
                    {move || {
                        let s = r.subject(i.get());
                        tr!(i.get(), "记到时间线：{s}？", "Log on the timeline: {s}?")
                    }}" "
                    <button type="button" class="btn btn-small btn-primary" id="reach-log" on:click=log>{i.tr(M::LogIt)}</button>
                    <button type="button" class="btn btn-small" aria-label=move || i.t(M::NotNow) on:click=move |_| contact.made.set(None)>{i.tr(M::NotNow)}</button>
                </p>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_way_of_reaching_makes_its_link_and_interaction() {
        let call = Reach::new(How::Call, "+86 021-6666 8888 ");
        assert_eq!(call.href().as_deref(), Some("tel:+86021-66668888"));
        assert_eq!(call.kind(), InteractionKind::Call);
        assert_eq!(call.subject(Lang::Zh), "致电 +86 021-6666 8888");
        let mail = Reach {
            who: Some("王经理".into()),
            ..Reach::new(How::Mail, "wang@example.com")
        };
        assert_eq!(mail.href().as_deref(), Some("mailto:wang@example.com"));
        assert_eq!(mail.subject(Lang::En), "Emailed 王经理 wang@example.com");
        let wechat = Reach::new(How::Wechat, "zhang_88");
        assert_eq!(
            (wechat.href(), wechat.kind()),
            (None, InteractionKind::Chat)
        );
    }
}
