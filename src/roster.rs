//! The shop's staff, app-wide: every list that shows an owner shows a name, and every
//! form that sets one offers the people. Read through the data layer (refetched when a
//! staff record changes, here or in another tab).
//!
//! Owners written as free text (data from before staff records, an imported file) are
//! turned into staff by the import worker as soon as the list holds any
//! ([`watch_owners`]); until then they show as written.

use crate::data::{Topic, Versions};
use crate::importer::{Message, run_once};
use crate::platform;
use crate::state::{AppState, DbStatus, db};
use kehu_core::import::job::{Failure, ToImporter};
use kehu_core::staff::Roster;
use kehu_core::{Doc, Staff};
use kehu_store::StoreError;
use leptos::prelude::*;

/// The roster, or `None` until the database is open and the staff are read.
#[derive(Clone, Copy)]
pub struct StaffRoster(pub Memo<Option<Roster>>);

impl StaffRoster {
    /// Reads the staff once the database is open, and again when they change; with
    /// `adopt`, also turns free-text owners into staff (the page does, not the office:
    /// one adoption at a time).
    pub fn provide(app: AppState, adopt: bool) {
        let versions: Versions = app.versions;
        let staff = LocalResource::new(move || {
            versions.track(&[Topic::Records(Staff::INFO.name)]);
            let ready = app.status.get() == DbStatus::Ready;
            async move {
                match (ready, db()) {
                    (true, Ok(db)) => Some(db.all_docs::<Staff>().await),
                    _ => None,
                }
            }
        });
        let roster = Memo::new(move |_| match staff.get().flatten() {
            Some(Ok(s)) => Some(Roster::new(s)),
            Some(Err(e)) => {
                app.report(&e);
                None
            }
            None => None,
        });
        provide_context(StaffRoster(roster));
        if adopt {
            watch_owners(app, roster);
            follow_login(roster);
        }
    }
}

pub fn use_roster() -> Memo<Option<Roster>> {
    expect_context::<StaffRoster>().0
}

/// The people offered as owners, by name: (staff id, name), for the owner filters.
pub fn people() -> impl Fn() -> Vec<(String, String)> + Copy + Send + Sync + 'static {
    let roster = use_roster();
    move || {
        roster.with(|r| {
            r.as_ref().map_or_else(Vec::new, |r| {
                r.sorted()
                    .into_iter()
                    .map(|s| (s.id.0.clone(), s.name.clone()))
                    .collect()
            })
        })
    }
}

/// The name to show for `owner` (a staff id, or free text not yet adopted).
pub fn owner_name(roster: &Option<Roster>, owner: &str) -> String {
    match roster {
        Some(r) => r.name(owner).to_string(),
        None => owner.to_string(),
    }
}

/// `c` as shown to a reader: its owner by name.
pub fn shown(c: &kehu_core::Customer, roster: &Option<Roster>) -> kehu_core::Customer {
    kehu_core::Customer {
        owner: owner_name(roster, &c.owner),
        ..c.clone()
    }
}

/// The device setting naming the member of staff who signs in as the device's login.
const SIGNED_IN: &str = "me.signed_in";

/// Who uses this device ("my customers", "my pipeline"), a staff id: on a device that
/// syncs, the member of staff who signs in as the login ([`follow_login`]); otherwise
/// whoever was chosen on the team page.
pub fn me() -> Option<String> {
    let key = match crate::sync::account() {
        Some(_) => SIGNED_IN,
        None => "me",
    };
    platform::setting(key).filter(|s| !s.is_empty())
}

/// The member of staff who signs in as `user`, if anyone does.
pub fn signing_in_as<'a>(roster: &'a Option<Roster>, user: &str) -> Option<&'a Staff> {
    roster.as_ref()?.signing_in_as(user)
}

/// Keeps [`SIGNED_IN`] the member of staff whose sign-in name is the login, as the
/// staff and the login change (here, in the office or in another tab).
fn follow_login(roster: Memo<Option<Roster>>) {
    let settings = Trigger::new();
    for event in [platform::SETTING_EVENT, "storage"] {
        let handle = window_event_listener_untyped(event, move |_| settings.notify());
        // Listened to for as long as the page lives.
        std::mem::forget(handle);
    }
    Effect::new(move |_| {
        settings.track();
        let linked = roster.with(|r| {
            let user = crate::sync::account()?.name;
            signing_in_as(r, &user).map(|s| s.id.0.clone())
        });
        // Only a change is written: each write is announced, and this runs again.
        if roster.with(Option::is_some) && linked != platform::setting(SIGNED_IN) {
            match linked {
                Some(id) => platform::set_setting(SIGNED_IN, &id),
                None => platform::remove_setting(SIGNED_IN),
            }
        }
    });
}

pub fn set_me(id: &str) {
    match id {
        "" => platform::remove_setting("me"),
        id => platform::set_setting("me", id),
    }
}

/// Starts the owner adoption in the import worker whenever the customer list holds a
/// free-text owner (one job at a time; one that finds nothing to do writes nothing, so
/// the list settling after a write never starts a loop).
fn watch_owners(app: AppState, roster: Memo<Option<Roster>>) {
    let running = StoredValue::new(false);
    Effect::new(move |_| {
        let pending = roster.with(|r| {
            r.as_ref().is_some_and(|r| {
                app.rows
                    .with(|rows| rows.iter().any(|row| r.is_unadopted(&row.owner)))
            })
        });
        if !pending || running.get_value() {
            return;
        }
        running.set_value(true);
        let request = ToImporter::AdoptOwners {
            now: platform::now(),
        };
        run_once(request, move |m, _| match m {
            Message::OwnersAdopted { .. } => running.set_value(false),
            // Another tab adopted them first (its write moved the customers on): the list
            // follows its change, and nothing is left to do here.
            Message::Failed {
                error: Failure::Store(StoreError::Changed),
            } => running.set_value(false),
            // Left running: a failure is reported once, not retried on every change.
            Message::Failed {
                error: Failure::Store(e),
            } => app.report(&e),
            _ => {}
        });
    });
}
