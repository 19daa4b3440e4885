//! The messages only this feature shows (shared ones are `i18n::K`).

use crate::i18n::{K, Lang, messages, tr};

messages! {
    KioskWho => "请选择客户", "Who is answering?";
    KioskNps => "您有多大可能向朋友推荐我们？", "How likely are you to recommend us to a friend?";
    KioskCsat => "您对这次购物满意吗？", "How satisfied are you with your visit today?";
    KioskCes => "今天办事容易吗？", "How easy was it to get what you needed today?";
    KioskNotLikely => "完全不可能", "Not at all likely";
    KioskVeryLikely => "非常可能", "Extremely likely";
    KioskUnhappy => "很不满意", "Very unhappy";
    KioskHappy => "非常满意", "Very happy";
    KioskHard => "很难", "Very hard";
    KioskEasy => "很容易", "Very easy";
    KioskSkip => "跳过", "Skip";
    KioskThanks => "谢谢您的反馈！", "Thank you for your feedback!";
    KioskNext => "下一位（店员）", "Next customer (staff)";
    KioskDone => "完成", "Done";
    KioskHandback => "感谢参与！请把设备交还给店员。", "Thank you! Please hand the device back to the staff.";
    KioskExit => "退出终端模式", "Leave kiosk";
    KioskDisagree => "完全不同意", "Strongly disagree";
    KioskAgree => "完全同意", "Strongly agree";
    KioskPoor => "很差", "Poor";
    KioskExcellent => "很好", "Excellent";
    KioskPinAsk => "请店员输入密码", "Staff PIN";
    KioskLeave => "离开", "Leave";
}

/// The kiosk's question for a Kano feature, with it (`with`) or without it.
pub fn kiosk_kano(lang: Lang, feature: &str, with: bool) -> String {
    if with {
        tr!(
            lang,
            "如果我们提供「{feature}」，您觉得？",
            "If we offered “{feature}”, how would you feel?"
        )
    } else {
        tr!(
            lang,
            "如果我们不提供「{feature}」，您觉得？",
            "If we did not offer “{feature}”, how would you feel?"
        )
    }
}

/// The kiosk's question for a SERVQUAL statement: what an excellent shop would do
/// (`expectation`), or what we do.
pub fn kiosk_servqual(lang: Lang, statement: &str, expectation: bool) -> String {
    if expectation {
        tr!(
            lang,
            "一家优秀的店应当：「{statement}」",
            "An excellent shop: “{statement}”"
        )
    } else {
        tr!(
            lang,
            "我们这家店：「{statement}」",
            "Our shop: “{statement}”"
        )
    }
}

/// Why the kiosk PIN did not open: wrong, and how long to wait before the next try.
pub fn kiosk_refusal(lang: Lang, t: crate::kiosk_lock::Try) -> String {
    use crate::kiosk_lock::Try;
    match (t, lang) {
        (Try::Right, _) => String::new(),
        (Try::Wrong { wait: 0 }, _) => K::KioskPinWrong.text(lang).to_string(),
        (Try::Wrong { wait }, _) => tr!(
            lang,
            "密码不对。请 {wait} 秒后再试。",
            "Wrong PIN. Try again in {wait} s."
        ),
        (Try::TooSoon { wait }, _) => tr!(
            lang,
            "尝试次数过多，请 {wait} 秒后再试。",
            "Too many tries: try again in {wait} s."
        ),
    }
}
