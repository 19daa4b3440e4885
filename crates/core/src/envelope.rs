//! The one envelope of every message between the page and the worker binary, which
//! both computes the dashboards and reads and writes files: the page posts
//! `{"request": <Request as JSON>, "file": File?}` once the worker says [`Reply::Ready`];
//! the worker answers `{"reply": <Reply as JSON>, "payload": any?}`, a large text (a
//! backup) travelling as `payload` rather than escaped into the JSON.

use crate::analytics::insights::{FromWorker, ToWorker};
use crate::import::job::{FromImporter, ToImporter};
use serde::{Deserialize, Serialize};

/// What the page asks a worker to do (one request per worker).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Request {
    Analytics(ToWorker),
    /// Boxed: an import request carries a whole job.
    Import(Box<ToImporter>),
    /// A pivot report, or the records behind one of its cells.
    Pivot(crate::analytics::pivot::Ask),
    /// The Service dashboard's figures.
    Service(crate::analytics::service::Ask),
    /// A run of the care rules, or a preview of one.
    Care(crate::care::Ask),
    /// A campaign's list drawn or previewed, or every campaign's effect.
    Marketing(crate::marketing::Ask),
    /// Sync with the shop's server (a worker that runs as long as the tab syncs).
    Sync(crate::replicate::Ask),
}

/// What a worker says; `E` is the storage error (the store's type, which the core does
/// not know).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reply<E> {
    /// Loaded and listening: the page posts its request.
    Ready,
    Analytics(FromWorker),
    /// Boxed: a check's answer carries its whole tally.
    Import(Box<FromImporter<E>>),
    /// A pivot answer, as JSON in the payload (only the back office reads it, so the
    /// page's binary carries no reader of reports).
    Pivot(Result<(), E>),
    /// Boxed: the figures are large beside the other replies.
    Service(Result<Box<crate::analytics::service::ServiceFigures>, E>),
    Care(Result<crate::care::Outcome, E>),
    /// The tickets of a drill-down (`service::Ask::slice`).
    Sliced(Result<Vec<crate::Ticket>, E>),
    Marketing(Result<crate::marketing::Answer, E>),
    /// How sync stands (sent at every change of it).
    Sync(crate::replicate::Status),
    /// The worker panicked (a bug): the message, for the error screen.
    Crashed(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_and_replies_round_trip() {
        let r = Request::Import(Box::new(ToImporter::Cancel));
        let back: Request = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
        assert!(matches!(back, Request::Import(r) if matches!(*r, ToImporter::Cancel)));
        let done: Reply<String> = Reply::Analytics(FromWorker::Done { version: 7 });
        let text = serde_json::to_string(&done).unwrap();
        let back: Reply<String> = serde_json::from_str(&text).unwrap();
        assert!(matches!(
            back,
            Reply::Analytics(FromWorker::Done { version: 7 })
        ));
        let ready: Reply<String> = serde_json::from_str("\"ready\"").unwrap();
        assert!(matches!(ready, Reply::Ready));
    }

    #[test]
    fn a_care_preview_travels_whole() {
        use crate::care::{Ask, CareRule, Outcome, Trigger};
        use crate::{Cents, Day, Id, Millis};
        let rule = CareRule::new(
            Id("r".into()),
            Trigger::ChurnRisk { value: Cents(500) },
            Millis(1),
        );
        let ask = Request::Care(Ask {
            today: Day(20_000),
            now: Millis(2),
            zone: "fixed:480".into(),
            renew: "续签：{title}".into(),
            preview: Some(rule.clone()),
        });
        let back: Request = serde_json::from_str(&serde_json::to_string(&ask).unwrap()).unwrap();
        assert!(matches!(back, Request::Care(a) if a.preview == Some(rule)));
        let made: Reply<String> = Reply::Care(Ok(Outcome::Made {
            tasks: 2,
            customers: vec!["c".into()],
        }));
        let back: Reply<String> =
            serde_json::from_str(&serde_json::to_string(&made).unwrap()).unwrap();
        assert!(matches!(
            back,
            Reply::Care(Ok(Outcome::Made { tasks: 2, .. }))
        ));
    }
}
