//! Survey responses: what satisfaction and loyalty are measured from (DOMAIN.md §6).
//! Each response belongs to a customer and a date and answers one or more questions on
//! their scales.

use crate::{Day, Id, Millis};
use serde::{Deserialize, Serialize};

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub question: Question,
    pub score: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyResponse {
    pub id: Id,
    pub customer: Id,
    pub day: Day,
    pub answers: Vec<Answer>,
    #[serde(default)]
    pub comment: String,
    pub created: Millis,
}

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
}

impl AnswerColumns {
    /// The answers of `responses`, with each customer id turned into its key by `key_of`
    /// (responses of unknown customers are left out).
    pub fn of(responses: &[SurveyResponse], key_of: impl Fn(&str) -> Option<u32>) -> Self {
        let mut c = AnswerColumns::default();
        for r in responses {
            let Some(k) = key_of(&r.customer.0) else {
                continue;
            };
            for a in &r.answers {
                c.customer.push(k);
                c.day.push(r.day.0);
                c.question.push(a.question);
                c.score.push(a.score);
            }
        }
        c
    }

    pub fn len(&self) -> usize {
        self.score.len()
    }

    pub fn is_empty(&self) -> bool {
        self.score.is_empty()
    }
}
