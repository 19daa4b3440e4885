//! Survey responses: what satisfaction and loyalty are measured from (DOMAIN.md §6).
//! Each response belongs to a customer and a date and answers one or more questions on
//! their scales.

use crate::analytics::satisfaction::Dimension;
use crate::{Day, Id, Millis};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A question with a fixed scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Question {
    /// How likely to recommend us, 0–10.
    Nps,
    /// How satisfied, 1–5.
    Csat,
    /// How easy it was, 1–7.
    Ces,
}

impl Question {
    pub const ALL: [Question; 3] = [Question::Nps, Question::Csat, Question::Ces];

    pub fn code(self) -> &'static str {
        match self {
            Question::Nps => "nps",
            Question::Csat => "csat",
            Question::Ces => "ces",
        }
    }

    /// The lowest and highest answer.
    pub fn scale(self) -> (u8, u8) {
        match self {
            Question::Nps => (0, 10),
            Question::Csat => (1, 5),
            Question::Ces => (1, 7),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Answer {
    pub question: Question,
    pub score: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyResponse {
    pub id: Id,
    pub customer: Id,
    pub day: Day,
    /// The quick questions (NPS, CSAT, CES).
    pub answers: Vec<Answer>,
    #[serde(default)]
    pub comment: String,
    pub created: Millis,
    /// The designed survey answered, if any; its answers are in `items`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub survey: Option<Id>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<ItemAnswer>,
}

/// One item of a designed survey answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ItemAnswer {
    /// The item's [`SurveyItem::id`].
    pub item: u16,
    /// Kano: the functional answer; SERVQUAL: the expectation; custom: the score.
    pub first: u8,
    /// Kano: the dysfunctional answer; SERVQUAL: the perception.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub second: Option<u8>,
}

/// The templates a survey is designed from (DOMAIN.md §6). NPS, CSAT and CES are the
/// quick questions every response form offers; they need no design.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SurveyKind {
    /// Features, each asked as a functional / dysfunctional pair (answers 1–5).
    Kano,
    /// Statements in the five dimensions, each rated for expectation and perception (1–7).
    Servqual,
    /// Rating items on a scale of the owner's choice.
    Custom,
}

impl SurveyKind {
    pub const ALL: [SurveyKind; 3] = [SurveyKind::Kano, SurveyKind::Servqual, SurveyKind::Custom];

    pub fn code(self) -> &'static str {
        match self {
            SurveyKind::Kano => "kano",
            SurveyKind::Servqual => "servqual",
            SurveyKind::Custom => "custom",
        }
    }

    pub fn from_code(s: &str) -> Option<SurveyKind> {
        SurveyKind::ALL.into_iter().find(|k| k.code() == s)
    }

    /// Whether each item takes two answers (functional / dysfunctional, expectation /
    /// perception).
    pub fn paired(self) -> bool {
        !matches!(self, SurveyKind::Custom)
    }
}

/// The scale of a custom item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Scale {
    #[serde(rename = "1-5")]
    Five,
    #[serde(rename = "1-7")]
    Seven,
    #[serde(rename = "0-10")]
    Ten,
}

impl Scale {
    pub const ALL: [Scale; 3] = [Scale::Five, Scale::Seven, Scale::Ten];

    pub fn range(self) -> (u8, u8) {
        match self {
            Scale::Five => (1, 5),
            Scale::Seven => (1, 7),
            Scale::Ten => (0, 10),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Scale::Five => "1-5",
            Scale::Seven => "1-7",
            Scale::Ten => "0-10",
        }
    }

    pub fn from_code(s: &str) -> Option<Scale> {
        Scale::ALL.into_iter().find(|k| k.code() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyItem {
    /// Stable within its survey and never reused: answers name it, so the text can be
    /// edited and items reordered or removed without answers moving to another item.
    pub id: u16,
    pub text: String,
    /// SERVQUAL items: their dimension.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimension: Option<Dimension>,
    /// Custom items: their scale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<Scale>,
}

/// A survey designed by the owner from a template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Survey {
    pub id: Id,
    pub name: String,
    pub kind: SurveyKind,
    pub items: Vec<SurveyItem>,
    /// The id the next new item gets.
    pub next_item: u16,
    /// SERVQUAL: the dimensions' weights in [`Dimension::ALL`] order, summing to 1.
    #[serde(default = "equal_weights")]
    pub weights: [f64; 5],
    /// Archived surveys take no new answers; their results stay.
    #[serde(default)]
    pub archived: bool,
    pub created: Millis,
    pub updated: Millis,
    /// The record's revision, as for customers: a save of an older one is refused.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub rev: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

pub fn equal_weights() -> [f64; 5] {
    [0.2; 5]
}

impl Survey {
    /// The lowest and highest answer of `item` (both answers of a pair share it).
    pub fn scale_of(&self, item: &SurveyItem) -> (u8, u8) {
        match self.kind {
            SurveyKind::Kano => (1, 5),
            SurveyKind::Servqual => (1, 7),
            SurveyKind::Custom => item.scale.unwrap_or(Scale::Five).range(),
        }
    }

    pub fn item(&self, id: u16) -> Option<&SurveyItem> {
        self.items.iter().find(|i| i.id == id)
    }

    /// A new survey of `kind` with the template's starting items, in Chinese or English:
    /// Kano features a shop might offer, the classic 22 SERVQUAL items (4/5/4/4/5), or
    /// three custom ratings. The owner edits them before use.
    pub fn starter(kind: SurveyKind, chinese: bool, id: Id, now: Millis) -> Survey {
        let pick = |t: &(&str, &str)| if chinese { t.0 } else { t.1 }.to_string();
        let items: Vec<SurveyItem> = match kind {
            SurveyKind::Kano => KANO_STARTER
                .iter()
                .map(|t| (pick(t), None, None))
                .collect::<Vec<_>>(),
            SurveyKind::Servqual => SERVQUAL_STARTER
                .iter()
                .map(|(d, t)| (pick(t), Some(*d), None))
                .collect(),
            SurveyKind::Custom => CUSTOM_STARTER
                .iter()
                .map(|t| (pick(t), None, Some(Scale::Five)))
                .collect(),
        }
        .into_iter()
        .enumerate()
        .map(|(i, (text, dimension, scale))| SurveyItem {
            id: i as u16 + 1,
            text,
            dimension,
            scale,
        })
        .collect();
        let name = pick(match kind {
            SurveyKind::Kano => &("功能需求调查（卡诺模型）", "Feature survey (Kano)"),
            SurveyKind::Servqual => &("服务质量调查（SERVQUAL）", "Service quality (SERVQUAL)"),
            SurveyKind::Custom => &("到店体验", "Store visit"),
        });
        Survey {
            id,
            name,
            kind,
            next_item: items.len() as u16 + 1,
            items,
            weights: equal_weights(),
            archived: false,
            created: now,
            updated: now,
            rev: 0,
        }
    }
}

const KANO_STARTER: &[(&str, &str)] = &[
    ("无理由退换货", "Hassle-free returns"),
    ("免费送货上门", "Free home delivery"),
    ("会员积分", "Loyalty points"),
    ("线上下单、到店自提", "Order online, pick up in store"),
    ("生日礼物", "A birthday gift"),
    ("免费礼品包装", "Free gift wrapping"),
    ("延长营业时间", "Longer opening hours"),
];

/// Parasuraman, Zeithaml & Berry's 22 items, worded for a shop.
const SERVQUAL_STARTER: &[(Dimension, (&str, &str))] = {
    use Dimension::*;
    &[
        (
            Tangibles,
            ("店内设备现代化", "The store has modern equipment"),
        ),
        (
            Tangibles,
            ("店面环境美观舒适", "The premises are visually appealing"),
        ),
        (Tangibles, ("员工着装整洁", "Staff are neat in appearance")),
        (
            Tangibles,
            (
                "宣传资料清楚美观",
                "Leaflets and materials are clear and appealing",
            ),
        ),
        (
            Reliability,
            (
                "承诺的事按时做到",
                "When they promise something by a certain time, they do it",
            ),
        ),
        (
            Reliability,
            (
                "遇到问题时真心帮助解决",
                "They show sincere interest in solving my problems",
            ),
        ),
        (
            Reliability,
            ("第一次就把事情做对", "They get it right the first time"),
        ),
        (
            Reliability,
            (
                "按承诺的时间提供服务",
                "They deliver at the time they promise",
            ),
        ),
        (
            Reliability,
            (
                "账目和记录准确无误",
                "Their bills and records are free of errors",
            ),
        ),
        (
            Responsiveness,
            (
                "明确告知何时提供服务",
                "They tell me exactly when things will happen",
            ),
        ),
        (Responsiveness, ("服务迅速及时", "They serve me promptly")),
        (
            Responsiveness,
            ("员工总是乐意帮忙", "Staff are always willing to help"),
        ),
        (
            Responsiveness,
            ("再忙也会及时回应", "Staff are never too busy to respond"),
        ),
        (
            Assurance,
            ("员工的言行让人信任", "Staff behaviour instils confidence"),
        ),
        (
            Assurance,
            ("交易时让人放心", "I feel safe in my transactions"),
        ),
        (
            Assurance,
            ("员工始终礼貌待人", "Staff are consistently courteous"),
        ),
        (
            Assurance,
            (
                "员工有足够的专业知识",
                "Staff have the knowledge to answer my questions",
            ),
        ),
        (
            Empathy,
            ("给予顾客个别关注", "They give me individual attention"),
        ),
        (Empathy, ("营业时间方便顾客", "Their opening hours suit me")),
        (
            Empathy,
            ("员工给予个性化关怀", "Staff give me personal attention"),
        ),
        (
            Empathy,
            (
                "把顾客的利益放在心上",
                "They have my best interests at heart",
            ),
        ),
        (
            Empathy,
            ("了解顾客的具体需求", "They understand my specific needs"),
        ),
    ]
};

const CUSTOM_STARTER: &[(&str, &str)] = &[
    ("商品质量", "Product quality"),
    ("员工服务态度", "Friendliness of staff"),
    ("性价比", "Value for money"),
];

impl SurveyResponse {
    /// A response with no answers yet: the base a [`ResponseDraft`] fills in.
    ///
    /// [`ResponseDraft`]: crate::validate::ResponseDraft
    pub fn blank(id: Id, customer: Id, day: Day, created: Millis) -> SurveyResponse {
        SurveyResponse {
            id,
            customer,
            day,
            answers: Vec::new(),
            comment: String::new(),
            created,
            survey: None,
            items: Vec::new(),
        }
    }

    pub fn score(&self, q: Question) -> Option<u8> {
        self.answers
            .iter()
            .find(|a| a.question == q)
            .map(|a| a.score)
    }
}

/// Many answers as parallel columns by customer key: the analytics' input.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AnswerColumns {
    pub customer: Vec<u32>,
    pub day: Vec<i32>,
    pub question: Vec<Question>,
    pub score: Vec<u8>,
    /// The designed surveys; `items.survey` indexes them.
    pub surveys: Vec<Survey>,
    pub items: ItemColumns,
}

/// Answers to designed surveys' items, one row per item answered.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemColumns {
    pub customer: Vec<u32>,
    pub day: Vec<i32>,
    /// Index into [`AnswerColumns::surveys`].
    pub survey: Vec<u16>,
    pub item: Vec<u16>,
    pub first: Vec<u8>,
    /// [`NO_ANSWER`] for single answers.
    pub second: Vec<u8>,
}

/// Every stored response's answers as flat columns, customers, surveys and responses by
/// position in `ids`, `survey_ids` and `responses`: what the store keeps as one record
/// for the analytics (so they read one record, not one per response). Questions are
/// [`Question::ALL`] positions; an unpaired item's `i_second` is [`NO_ANSWER`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PackedAnswers {
    pub ids: Vec<String>,
    pub survey_ids: Vec<String>,
    /// Response ids (answers are removed by response).
    pub responses: Vec<String>,
    pub q_resp: Vec<u32>,
    pub q_who: Vec<u32>,
    pub q_day: Vec<i32>,
    pub q_question: Vec<u8>,
    pub q_score: Vec<u8>,
    pub i_resp: Vec<u32>,
    pub i_who: Vec<u32>,
    pub i_day: Vec<i32>,
    pub i_survey: Vec<u32>,
    pub i_item: Vec<u16>,
    pub i_first: Vec<u8>,
    pub i_second: Vec<u8>,
}

fn intern(index: &mut HashMap<String, u32>, list: &mut Vec<String>, v: &str) -> u32 {
    if let Some(&i) = index.get(v) {
        return i;
    }
    let i = list.len() as u32;
    list.push(v.to_string());
    index.insert(v.to_string(), i);
    i
}

fn index_of(list: &[String]) -> HashMap<String, u32> {
    list.iter()
        .enumerate()
        .map(|(i, v)| (v.clone(), i as u32))
        .collect()
}

impl PackedAnswers {
    pub fn of(responses: &[SurveyResponse]) -> PackedAnswers {
        let mut p = PackedAnswers::default();
        p.append(responses);
        p
    }

    /// Adds `responses`' answers (replacing any earlier answers of the same responses).
    pub fn append(&mut self, responses: &[SurveyResponse]) {
        let again: std::collections::HashSet<&str> =
            responses.iter().map(|r| r.id.0.as_str()).collect();
        if self.responses.iter().any(|r| again.contains(r.as_str())) {
            self.remove(&again);
        }
        let (mut ids, mut sids, mut rids) = (
            index_of(&self.ids),
            index_of(&self.survey_ids),
            index_of(&self.responses),
        );
        for r in responses {
            let who = intern(&mut ids, &mut self.ids, &r.customer.0);
            let resp = intern(&mut rids, &mut self.responses, &r.id.0);
            for a in &r.answers {
                self.q_resp.push(resp);
                self.q_who.push(who);
                self.q_day.push(r.day.0);
                let q = Question::ALL.iter().position(|&q| q == a.question);
                self.q_question.push(q.unwrap_or(0) as u8);
                self.q_score.push(a.score);
            }
            let Some(sid) = &r.survey else { continue };
            let s = intern(&mut sids, &mut self.survey_ids, &sid.0);
            for a in &r.items {
                self.i_resp.push(resp);
                self.i_who.push(who);
                self.i_day.push(r.day.0);
                self.i_survey.push(s);
                self.i_item.push(a.item);
                self.i_first.push(a.first);
                self.i_second.push(a.second.unwrap_or(NO_ANSWER));
            }
        }
    }

    /// The score each response of `wanted` (by id) gave question `q`: a ticket's
    /// rating read without reading the responses themselves.
    pub fn scores(
        &self,
        q: Question,
        wanted: &std::collections::HashSet<&str>,
    ) -> HashMap<String, u8> {
        let code = Question::ALL.iter().position(|&x| x == q).unwrap_or(0) as u8;
        (0..self.q_resp.len())
            .filter(|&i| self.q_question[i] == code)
            .map(|i| (&self.responses[self.q_resp[i] as usize], self.q_score[i]))
            .filter(|(id, _)| wanted.contains(id.as_str()))
            .map(|(id, s)| (id.clone(), s))
            .collect()
    }

    /// Drops the answers of the responses with these ids (their customer and survey
    /// names stay listed: harmless, and they keep positions stable).
    pub fn remove(&mut self, ids: &std::collections::HashSet<&str>) {
        let gone: Vec<bool> = self
            .responses
            .iter()
            .map(|r| ids.contains(r.as_str()))
            .collect();
        let keep_q: Vec<bool> = self.q_resp.iter().map(|&r| !gone[r as usize]).collect();
        let keep_i: Vec<bool> = self.i_resp.iter().map(|&r| !gone[r as usize]).collect();
        fn retain<T: Copy>(v: &mut Vec<T>, keep: &[bool]) {
            let mut k = keep.iter();
            v.retain(|_| *k.next().unwrap_or(&true));
        }
        retain(&mut self.q_resp, &keep_q);
        retain(&mut self.q_who, &keep_q);
        retain(&mut self.q_day, &keep_q);
        retain(&mut self.q_question, &keep_q);
        retain(&mut self.q_score, &keep_q);
        retain(&mut self.i_resp, &keep_i);
        retain(&mut self.i_who, &keep_i);
        retain(&mut self.i_day, &keep_i);
        retain(&mut self.i_survey, &keep_i);
        retain(&mut self.i_item, &keep_i);
        retain(&mut self.i_first, &keep_i);
        retain(&mut self.i_second, &keep_i);
    }
}

/// `ItemColumns::second` of an unpaired item (no scale reaches it).
pub const NO_ANSWER: u8 = u8::MAX;

impl AnswerColumns {
    /// The answers of `responses`, with each customer id turned into its key by `key_of`
    /// (responses of unknown customers, and item answers of surveys not in `surveys`, are
    /// left out).
    pub fn of(
        responses: &[SurveyResponse],
        surveys: Vec<Survey>,
        key_of: impl Fn(&str) -> Option<u32>,
    ) -> Self {
        AnswerColumns::from_packed(&PackedAnswers::of(responses), surveys, key_of)
    }

    /// The same columns from [`PackedAnswers`] (the store's fast read): `who` indexes
    /// `ids`, turned into keys by `key_of`; item answers name their survey by
    /// `survey_ids`, matched against `surveys`.
    pub fn from_packed(
        p: &PackedAnswers,
        surveys: Vec<Survey>,
        key_of: impl Fn(&str) -> Option<u32>,
    ) -> Self {
        let keys: Vec<Option<u32>> = p.ids.iter().map(|id| key_of(id)).collect();
        let index: Vec<Option<u16>> = p
            .survey_ids
            .iter()
            .map(|id| surveys.iter().position(|s| &s.id.0 == id).map(|i| i as u16))
            .collect();
        let mut c = AnswerColumns::default();
        for i in 0..p.q_who.len() {
            let (Some(Some(k)), Some(&q)) = (
                keys.get(p.q_who[i] as usize),
                Question::ALL.get(p.q_question[i] as usize),
            ) else {
                continue;
            };
            c.customer.push(*k);
            c.day.push(p.q_day[i]);
            c.question.push(q);
            c.score.push(p.q_score[i]);
        }
        for i in 0..p.i_who.len() {
            let (Some(Some(k)), Some(Some(si))) = (
                keys.get(p.i_who[i] as usize),
                index.get(p.i_survey[i] as usize),
            ) else {
                continue;
            };
            let t = &mut c.items;
            t.customer.push(*k);
            t.day.push(p.i_day[i]);
            t.survey.push(*si);
            t.item.push(p.i_item[i]);
            t.first.push(p.i_first[i]);
            t.second.push(p.i_second[i]);
        }
        c.surveys = surveys;
        c
    }

    pub fn len(&self) -> usize {
        self.score.len()
    }

    pub fn is_empty(&self) -> bool {
        self.score.is_empty()
    }
}

impl crate::kinds::Doc for SurveyResponse {
    const INFO: crate::kinds::KindInfo = crate::kinds::KindInfo {
        name: "responses",
        by_customer: "customer_day",
        when: "day",
        indexes: &["survey"],
        by_time: None,
        feeds: crate::kinds::Feeds::Everything,
    };

    crate::kinds::doc_accessors!(customer);

    fn when(&self) -> f64 {
        self.day.0 as f64
    }

    fn indexed(&self) -> Vec<(&'static str, std::borrow::Cow<'_, str>)> {
        self.survey
            .iter()
            .map(|s| ("survey", s.as_str().into()))
            .collect()
    }

    fn check_refs(&self, refs: &crate::kinds::Refs) -> Option<crate::backup::Fault> {
        let known = |s: &Id| refs.surveys.contains_key(s.as_str());
        (!self.survey.as_ref().is_none_or(known)).then_some(crate::backup::Fault::UnknownSurvey)
    }

    fn check(
        self,
        refs: &crate::kinds::Refs,
        today: Day,
    ) -> Result<Self, Vec<crate::validate::FieldError>> {
        let survey = self
            .survey
            .as_ref()
            .and_then(|s| refs.surveys.get(s.as_str()).copied());
        crate::validate::check_response(self, survey, today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_answers_give_the_same_columns() {
        let d = crate::demo::generate(&crate::demo::DemoSpec::standard(
            Day(20_600),
            crate::demo::NameStyle::Chinese,
        ));
        let ids: std::collections::HashMap<&str, u32> = d
            .customers
            .iter()
            .enumerate()
            // Every tenth customer unknown (as if deleted for good): left out both ways.
            .filter(|(k, _)| k % 10 != 3)
            .map(|(k, c)| (c.id.0.as_str(), k as u32))
            .collect();
        // The last survey unknown too.
        let surveys = d.surveys[..2].to_vec();
        let got = AnswerColumns::of(&d.responses, surveys.clone(), |id| ids.get(id).copied());
        // Built straight from the responses, as the columns are documented: not through
        // the packed form `of` itself goes through.
        let mut want = AnswerColumns {
            surveys: surveys.clone(),
            ..Default::default()
        };
        for r in &d.responses {
            let Some(&k) = ids.get(r.customer.as_str()) else {
                continue;
            };
            for a in &r.answers {
                want.customer.push(k);
                want.day.push(r.day.0);
                want.question.push(a.question);
                want.score.push(a.score);
            }
        }
        for r in &d.responses {
            let (Some(&k), Some(s)) = (
                ids.get(r.customer.as_str()),
                r.survey
                    .as_ref()
                    .and_then(|s| surveys.iter().position(|x| &x.id == s)),
            ) else {
                continue;
            };
            for a in &r.items {
                let t = &mut want.items;
                t.customer.push(k);
                t.day.push(r.day.0);
                t.survey.push(s as u16);
                t.item.push(a.item);
                t.first.push(a.first);
                t.second.push(a.second.unwrap_or(NO_ANSWER));
            }
        }
        assert!(got.items.first.len() > 1000 && got.len() > 1000);
        assert!(
            want.customer.len() < d.responses.iter().map(|r| r.answers.len()).sum::<usize>(),
            "some left out"
        );
        assert_eq!(got, want);
    }

    #[test]
    fn packed_answers_give_the_scores_of_the_responses_asked_for() {
        let d = crate::demo::generate(&crate::demo::DemoSpec::standard(
            Day(20_600),
            crate::demo::NameStyle::English,
        ));
        let csat = |r: &SurveyResponse| r.score(Question::Csat);
        let rated: Vec<&SurveyResponse> =
            d.responses.iter().filter(|r| csat(r).is_some()).collect();
        let wanted: std::collections::HashSet<&str> =
            rated.iter().step_by(3).map(|r| r.id.as_str()).collect();
        let got = PackedAnswers::of(&d.responses).scores(Question::Csat, &wanted);
        assert!(got.len() > 10 && got.len() == wanted.len());
        for r in rated.iter().step_by(3) {
            assert_eq!(got.get(r.id.as_str()).copied(), csat(r));
        }
    }

    #[test]
    fn packed_answers_follow_appends_and_removals() {
        let d = crate::demo::generate(&crate::demo::DemoSpec::standard(
            Day(20_600),
            crate::demo::NameStyle::English,
        ));
        let key = |id: &str| id.bytes().map(u32::from).sum::<u32>().into();
        let cols = |p: &PackedAnswers| AnswerColumns::from_packed(p, d.surveys.clone(), key);
        // Built up in three writes, one of them replacing earlier responses, and with
        // every fifth response deleted: the same answers as packing what is left.
        let (a, b) = d.responses.split_at(500);
        let mut p = PackedAnswers::of(a);
        p.append(b);
        p.append(&a[..100]);
        let gone: std::collections::HashSet<&str> = d
            .responses
            .iter()
            .step_by(5)
            .map(|r| r.id.0.as_str())
            .collect();
        p.remove(&gone);
        let left: Vec<SurveyResponse> = b
            .iter()
            .chain(&a[100..])
            .chain(&a[..100])
            .filter(|r| !gone.contains(r.id.0.as_str()))
            .cloned()
            .collect();
        let want = cols(&PackedAnswers::of(&left));
        let got = cols(&p);
        let sorted = |c: &AnswerColumns| {
            let mut q: Vec<_> = (0..c.len())
                .map(|i| (c.customer[i], c.day[i], c.question[i].code(), c.score[i]))
                .collect();
            q.sort();
            let t = &c.items;
            let mut it: Vec<_> = (0..t.first.len())
                .map(|i| {
                    (
                        t.customer[i],
                        t.day[i],
                        t.survey[i],
                        t.item[i],
                        t.first[i],
                        t.second[i],
                    )
                })
                .collect();
            it.sort();
            (q, it)
        };
        assert_eq!(sorted(&got), sorted(&want));
        assert!(got.len() > 1000);
    }
}
