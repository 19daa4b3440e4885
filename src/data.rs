//! The app's data layer: what pages show from the store, as Leptos resources refetched
//! when the kind of record they read changes (here or in another tab), and only then.
//!
//! Every committed write is announced by the store ([`kehu_store::Change`]); this tab
//! hears its own announcements and other tabs' alike, and moves the version of each
//! [`Topic`] the change touched. A page's resource tracks the topics it reads: logging a
//! call refetches the customer's timeline, not the order list or the dashboards. A
//! resource keeps its last value while it refetches and drops a result that arrives
//! after a newer one was asked for.

use crate::state::db;
use kehu_core::Doc;
use kehu_store::{Change, Db, StoreError};
use leptos::prelude::*;

/// A kind of stored data a page reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Topic {
    Customers,
    Orders,
    Surveys,
    /// Records of a kind in `kehu_core::kinds`, by its name.
    Records(&'static str),
    /// This device's settings (the last backup, the reminder), which the store does not
    /// hold; moved by the app when it writes one.
    Settings,
    /// The values sync set aside, until someone picks.
    Conflicts,
}

impl Topic {
    /// The topic of record kind `T`.
    pub fn of<T: Doc>() -> Topic {
        Topic::Records(T::INFO.name)
    }

    /// The topics the dashboards read: a change to another (a call logged, a setting)
    /// never makes them stale.
    pub fn feeding_analytics() -> Vec<Topic> {
        let mut all = vec![Topic::Customers, Topic::Orders, Topic::Surveys];
        all.extend(
            kehu_core::kinds::kinds()
                .iter()
                .filter(|k| k.feeds.analytics())
                .map(|k| Topic::Records(k.name)),
        );
        all
    }

    /// Every topic there is.
    fn all() -> Vec<Topic> {
        let mut all = vec![
            Topic::Customers,
            Topic::Orders,
            Topic::Surveys,
            Topic::Settings,
            Topic::Conflicts,
        ];
        all.extend(
            kehu_core::kinds::kinds()
                .iter()
                .map(|k| Topic::Records(k.name)),
        );
        all
    }

    /// The topics `change` touched.
    pub fn touched(change: &Change) -> Vec<Topic> {
        match change {
            Change::Customers(_) => vec![Topic::Customers],
            Change::Orders(_) => vec![Topic::Orders],
            Change::Surveys => vec![Topic::Surveys],
            Change::Conflicts => vec![Topic::Conflicts],
            Change::Records { kind, .. } => Topic::all()
                .into_iter()
                .filter(|t| matches!(t, Topic::Records(k) if k == kind))
                .collect(),
            Change::All => Topic::all(),
        }
    }
}

/// A version per topic, moved by every change to it.
#[derive(Clone, Copy)]
pub struct Versions(StoredValue<Vec<(Topic, RwSignal<u64>)>>);

impl Versions {
    /// Creates the versions (under the app's root, so they live as long as it).
    pub fn new() -> Versions {
        Versions(StoredValue::new(
            Topic::all()
                .into_iter()
                .map(|t| (t, RwSignal::new(0)))
                .collect(),
        ))
    }

    fn signal(self, t: Topic) -> Option<RwSignal<u64>> {
        self.0
            .with_value(|v| v.iter().find(|(x, _)| *x == t).map(|(_, s)| *s))
    }

    /// Makes the running effect or resource depend on `topics`.
    pub fn track(self, topics: &[Topic]) {
        for &t in topics {
            if let Some(s) = self.signal(t) {
                s.track();
            }
        }
    }

    /// Moves the versions of the topics `change` touched.
    pub fn changed(self, change: &Change) {
        for t in Topic::touched(change) {
            self.bump(t);
        }
    }

    pub fn bump(self, t: Topic) {
        if let Some(s) = self.signal(t) {
            s.update(|n| *n += 1);
        }
    }
}

pub fn use_versions() -> Versions {
    crate::state::use_app().versions
}

/// Data read from the store by `read`, again whenever one of `topics` changes.
pub fn resource<T, Fut>(
    topics: Vec<Topic>,
    read: impl Fn(Db) -> Fut + 'static,
) -> LocalResource<Result<T, StoreError>>
where
    T: 'static,
    Fut: std::future::Future<Output = Result<T, StoreError>> + 'static,
{
    let versions = use_versions();
    // Boxed, so the resource's code is made once per kind of result rather than once
    // per reading function.
    type Reading<T> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, StoreError>>>>;
    LocalResource::new(move || -> Reading<T> {
        versions.track(&topics);
        let fut = db().map(&read);
        Box::pin(async move { fut?.await })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_touches_only_its_topics() {
        let call = Change::Records {
            kind: "interactions".into(),
            customers: vec!["c".into()],
        };
        assert_eq!(
            Topic::touched(&call),
            vec![Topic::of::<kehu_core::Interaction>()]
        );
        assert_eq!(
            Topic::touched(&Change::Orders(vec![1])),
            vec![Topic::Orders]
        );
        assert!(Topic::touched(&Change::All).contains(&Topic::Surveys));
        assert!(Topic::touched(&Change::All).contains(&Topic::of::<kehu_core::SurveyResponse>()));
        let unknown = Change::Records {
            kind: "nothing".into(),
            customers: vec![],
        };
        assert!(Topic::touched(&unknown).is_empty());
    }
}
