//! The replication protocol's messages, without the network (the worker sends them):
//! what kehu asks a CouchDB server and how it reads the answers. Pull: a page of
//! `_changes` ([`ChangesPage`]) to size the page by, the same page with its documents
//! ([`PageDocs`]), the few it cannot carry (those in conflict) by `_bulk_get`
//! ([`bulk_get_body`], [`read_bulk_get`]), and the checkpoint kept in a `_local`
//! document ([`checkpoint_id`], [`Checkpoint`]). Push: `_bulk_docs` ([`bulk_docs_body`])
//! and what became of each document ([`read_bulk_docs`]): saved with its new server
//! revision, refused as stale (to reconcile, [`crate::reconcile`]), or forbidden by the
//! server's validation, with its reason.
//!
//! Sequences are the server's opaque values: kept and sent back as they came, never
//! parsed (CouchDB's are strings, pouchdb-server's numbers).

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// Why an answer is not what the protocol says.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProtocolError {
    #[error("the server's answer is not what CouchDB sends: {0}")]
    Unexpected(&'static str),
}

use ProtocolError::Unexpected;

/// One changed document in a page of `_changes` (`style=all_docs`: every leaf
/// revision, conflicts included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub id: String,
    pub revs: Vec<String>,
    pub deleted: bool,
}

/// A page of `_changes`: what changed, and where the next page starts.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangesPage {
    pub changes: Vec<Change>,
    pub last_seq: Value,
}

impl ChangesPage {
    /// The page `answer` gives. Design documents and `_local` ones are the server's,
    /// not records, and are left out.
    pub fn read(answer: &Value) -> Result<ChangesPage, ProtocolError> {
        let results = answer["results"]
            .as_array()
            .ok_or(Unexpected("_changes without results"))?;
        let last_seq = answer
            .get("last_seq")
            .cloned()
            .ok_or(Unexpected("_changes without last_seq"))?;
        let mut changes = Vec::with_capacity(results.len());
        for r in results {
            let id = r["id"]
                .as_str()
                .ok_or(Unexpected("a change without an id"))?;
            if id.starts_with('_') {
                continue;
            }
            let revs = (r["changes"].as_array())
                .ok_or(Unexpected("a change without revisions"))?
                .iter()
                .filter_map(|c| c["rev"].as_str().map(String::from))
                .collect();
            changes.push(Change {
                id: id.into(),
                revs,
                deleted: r["deleted"].as_bool() == Some(true),
            });
        }
        Ok(ChangesPage { changes, last_seq })
    }
}

/// The body of a `_bulk_get` for every leaf revision of `changes`.
pub fn bulk_get_body(changes: &[Change]) -> Value {
    let docs: Vec<Value> = (changes.iter())
        .flat_map(|c| c.revs.iter().map(move |r| json!({"id": c.id, "rev": r})))
        .collect();
    json!({ "docs": docs })
}

/// The documents of a `_bulk_get` answer, each with its `_rev`, in the order asked.
/// A revision the server no longer has (compacted away, or deleted since) is left out:
/// the next page of changes brings what replaced it.
pub fn read_bulk_get(answer: &Value) -> Result<Vec<Value>, ProtocolError> {
    let results = answer["results"]
        .as_array()
        .ok_or(Unexpected("_bulk_get without results"))?;
    let mut out = Vec::new();
    for r in results {
        let docs = r["docs"]
            .as_array()
            .ok_or(Unexpected("_bulk_get without docs"))?;
        let found = docs.iter().filter_map(|d| d.get("ok"));
        // The server's own documents are not records.
        out.extend(
            found
                .filter(|d| !d["_id"].as_str().unwrap_or("_").starts_with('_'))
                .cloned(),
        );
    }
    Ok(out)
}

/// The revisions `doc` descends from, itself first, as its `_revisions` (asked with
/// `revs=true`) lists them; empty without them.
pub fn history(doc: &Value) -> Vec<String> {
    let revs = &doc["_revisions"];
    let (Some(start), Some(ids)) = (revs["start"].as_u64(), revs["ids"].as_array()) else {
        return Vec::new();
    };
    (ids.iter().zip((1..=start).rev()))
        .filter_map(|(id, generation)| Some(format!("{generation}-{}", id.as_str()?)))
        .collect()
}

/// A page of `_changes` asked with its documents (`include_docs`): the documents it
/// carries, in the page's order, and the changes whose documents it does not.
/// pouchdb-server answers it as fast as the bare page, in a third of the time the page
/// and its `_bulk_get` take.
#[derive(Debug, Clone, PartialEq)]
pub struct PageDocs {
    pub page: ChangesPage,
    pub docs: Vec<Value>,
    /// Documents in conflict (the page carries only the winning revision; every leaf
    /// is asked of `_bulk_get`), or without their document.
    pub missing: Vec<Change>,
}

impl PageDocs {
    pub fn read(answer: &Value) -> Result<PageDocs, ProtocolError> {
        let page = ChangesPage::read(answer)?;
        let mut carried: std::collections::HashMap<&str, &Value> = (answer["results"].as_array())
            .into_iter()
            .flatten()
            .filter_map(|r| Some((r["id"].as_str()?, r.get("doc")?)))
            .filter(|(_, d)| d.is_object())
            .collect();
        let (mut docs, mut missing) = (Vec::new(), Vec::new());
        for c in &page.changes {
            match carried.remove(c.id.as_str()) {
                Some(doc) if c.revs.len() == 1 => docs.push(doc.clone()),
                _ => missing.push(c.clone()),
            }
        }
        Ok(PageDocs {
            page,
            docs,
            missing,
        })
    }
}

/// Where a device keeps how far it has pulled: `_local/kehu-<device>` (never
/// replicated, one per device).
pub fn checkpoint_id(device: &str) -> String {
    format!("_local/kehu-{device}")
}

/// The checkpoint document's body, as the device writes and reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub last_seq: Value,
}

/// The body of a `_bulk_docs` push of `docs` (each with the `_rev` it replaces, if the
/// server has it).
pub fn bulk_docs_body(docs: &[Value]) -> Value {
    json!({ "docs": docs })
}

/// What became of one pushed document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pushed {
    /// Saved: the server's new revision.
    Saved { id: String, rev: String },
    /// The server has a newer version: pull it and reconcile.
    Stale { id: String },
    /// The server's validation refused it, for `reason`.
    Refused { id: String, reason: String },
}

/// What became of each document of a `_bulk_docs` push. Each result names its
/// document: CouchDB answers in the order pushed, pouchdb-server in an order of its own.
pub fn read_bulk_docs(answer: &Value) -> Result<Vec<Pushed>, ProtocolError> {
    let rows = answer
        .as_array()
        .ok_or(Unexpected("_bulk_docs without a list"))?;
    rows.iter()
        .map(|r| {
            let id = r["id"]
                .as_str()
                .ok_or(Unexpected("a result without an id"))?
                .to_string();
            let text = |k: &str| r[k].as_str().unwrap_or_default().to_string();
            Ok(match (r["rev"].as_str(), r["error"].as_str()) {
                (_, Some("conflict")) => Pushed::Stale { id },
                (_, Some(_)) => Pushed::Refused {
                    id,
                    reason: text("reason"),
                },
                (Some(rev), None) => Pushed::Saved {
                    id,
                    rev: rev.into(),
                },
                (None, None) => return Err(Unexpected("a result without a revision or an error")),
            })
        })
        .collect()
}

/// The device's side of a record a pull brings.
#[derive(Debug, Clone, PartialEq)]
pub struct Local<'a> {
    /// The record as stored here; `None`: not on the device, or deleted here.
    pub body: Option<&'a serde_json::Map<String, Value>>,
    pub rev: &'a crate::sync::Rev,
    /// The version the device and the server last both had; `None`: never synced.
    pub base: Option<&'a serde_json::Map<String, Value>>,
    /// Changed (or deleted) here since, and not pushed yet.
    pub unpushed: bool,
}

/// What the device does with a pulled version.
#[derive(Debug, Clone, PartialEq)]
pub enum OnPull {
    /// Write the server's version as it came: nothing here is waiting to be pushed.
    Take,
    /// Delete the record here.
    Delete,
    /// Write nothing: the device's version already holds the server's changes, and
    /// its push goes ahead.
    Keep,
    /// Write the merge as a change of the device's (to be pushed), and keep the
    /// fields set aside until someone picks.
    Merge {
        body: serde_json::Map<String, Value>,
        conflicts: Vec<crate::reconcile::FieldConflict>,
    },
}

/// What to do with `pulled` given the device's version of the record: the server's
/// version when nothing here waits to be pushed; otherwise the two reconciled against
/// their base (an edit beats a delete; a field both changed keeps the later write's
/// value and sets the other aside).
pub fn on_pull(pulled: &crate::sync::Pulled, local: Local) -> OnPull {
    use crate::reconcile::{Merged, Version, merge};
    // The device's own version come back (its push, read again): nothing to write, and
    // an editor open on the record is not told it changed elsewhere.
    if pulled.record.is_some() && local.body.is_some() && pulled.rev == *local.rev {
        return OnPull::Keep;
    }
    if !local.unpushed {
        return match (&pulled.record, local.body) {
            (None, None) => OnPull::Keep,
            (None, Some(_)) => OnPull::Delete,
            (Some(_), _) => OnPull::Take,
        };
    }
    let ours = Version {
        body: local.body,
        rev: local.rev,
    };
    let theirs = Version {
        body: pulled.record.as_ref(),
        rev: &pulled.rev,
    };
    match merge(local.base, ours, theirs) {
        Merged::Deleted if local.body.is_none() => OnPull::Keep,
        Merged::Deleted => OnPull::Delete,
        Merged::Kept { body, conflicts } => {
            use crate::reconcile::{without_bookkeeping, without_times};
            let clean = conflicts.is_empty();
            let is = |b: Option<&serde_json::Map<String, Value>>| {
                clean && b.is_some_and(|b| without_bookkeeping(b) == body)
            };
            // Nothing of the device's own is left to push when the merge is the
            // server's version (a change here that the server already has), or differs
            // from it only in its times (the same record made here too).
            let theirs = |b: Option<&serde_json::Map<String, Value>>| {
                clean && b.is_some_and(|b| without_times(b) == without_times(&body))
            };
            if is(local.body) {
                OnPull::Keep
            } else if theirs(pulled.record.as_ref()) {
                OnPull::Take
            } else {
                OnPull::Merge { body, conflicts }
            }
        }
    }
}

/// What the device does with a document the server holds in conflict branches:
/// `merged` is the branches merged into one ([`crate::reconcile::merge_branches`]),
/// with the winning branch's revisions and every value set aside, and `winner` that
/// branch as it came. The merge is a change of this device's, to be pushed (with the
/// branches' deletions), unless it is the winner as it came, setting nothing new aside,
/// and nothing here waits; a change waiting here is merged with it as with any pulled
/// version. Unlike [`on_pull`], a device whose own version won still takes what the
/// other branches add, and a value set aside travels to every device.
pub fn on_branches(
    merged: &crate::sync::Pulled,
    winner: &crate::sync::Pulled,
    local: Local,
) -> OnPull {
    use crate::reconcile::{Merged, Version, merge, without_bookkeeping};
    let (Some(m), Some(w)) = (merged.record.as_ref(), winner.record.as_ref()) else {
        return on_pull(merged, local);
    };
    if !local.unpushed {
        let same = without_bookkeeping(m) == without_bookkeeping(w)
            && merged.conflicts.len() == winner.conflicts.len();
        return match same {
            true => OnPull::Take,
            false => OnPull::Merge {
                body: without_bookkeeping(m),
                conflicts: Vec::new(),
            },
        };
    }
    let ours = Version {
        body: local.body,
        rev: local.rev,
    };
    let theirs = Version {
        body: Some(m),
        rev: &merged.rev,
    };
    match merge(local.base, ours, theirs) {
        Merged::Kept { body, conflicts }
            if conflicts.is_empty()
                && local.body.is_some_and(|b| without_bookkeeping(b) == body) =>
        {
            OnPull::Keep
        }
        Merged::Kept { body, conflicts } => OnPull::Merge { body, conflicts },
        // Deleted here, and the branches hold nothing the base did not.
        Merged::Deleted => OnPull::Keep,
    }
}

/// Documents one pull asks for: a page of `_changes`, then their `_bulk_get`.
pub const PULL_PAGE: u32 = 1_000;
/// Order batches one pull's page brings at most: a batch document is ~430 KB, so a
/// page of them is ~7 MB of JSON to fetch, read and write at once.
pub const PULL_BATCHES: usize = 16;

/// Bytes a page asked for with its documents at once (not listed first) may come to:
/// about [`PULL_BATCHES`] batches' worth. Past them it is listed and asked for again.
pub const PAGE_BYTES: usize = 8 << 20;

impl ChangesPage {
    /// A smaller `limit` to ask the page again with when it names more than
    /// [`PULL_BATCHES`] order batches: it then ends before the one past them.
    pub fn batch_limit(&self) -> Option<u32> {
        batch_limit(&self.changes)
    }

    /// Whether the page names an order batch (the next page may name many: it is
    /// listed before its documents are asked for).
    pub fn names_batches(&self) -> bool {
        (self.changes.iter()).any(|c| c.id.starts_with("order_batches:"))
    }
}

/// Where `changes` are to be cut to bring no more than [`PULL_BATCHES`] order batches:
/// before the one past them (`None`: they bring no more).
pub fn batch_limit(changes: &[Change]) -> Option<u32> {
    let batch = |c: &&Change| !c.deleted && c.id.starts_with("order_batches:");
    let mut at = changes.iter().enumerate().filter(|(_, c)| batch(c));
    at.nth(PULL_BATCHES).map(|(i, _)| i as u32)
}

/// Documents one `_bulk_docs` carries.
pub const PUSH_PAGE: usize = 500;
/// Bytes of documents one `_bulk_docs` carries at most: Cloudant takes requests of up to
/// 10 MB (CouchDB 4 GB), and an import's batch documents are ~430 KB each.
pub const PUSH_BYTES: usize = 8 << 20;

/// The pages a push sends documents of `sizes` (bytes) in, in order: at most
/// [`PUSH_PAGE`] documents and [`PUSH_BYTES`] each, a larger document alone.
pub fn push_pages(sizes: &[usize]) -> Vec<std::ops::Range<usize>> {
    let mut pages = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, &n) in sizes.iter().enumerate() {
        if i > start && (i - start == PUSH_PAGE || bytes + n > PUSH_BYTES) {
            pages.push(start..i);
            (start, bytes) = (i, 0);
        }
        bytes += n;
    }
    if start < sizes.len() {
        pages.push(start..sizes.len());
    }
    pages
}
/// How long a long poll asks the server to wait for a change (ms). The device's own
/// timer ends one held longer (pouchdb-server ignores `timeout`), a little after.
pub const LONGPOLL_MS: u32 = 25_000;

/// Why a sync server's address cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ServerError {
    #[error("an address starting with https://, http:// or /")]
    NotAnAddress,
    #[error("the address ends with the database's name")]
    NoDatabase,
}

/// Where a device syncs: the shop database's address, absolute (`https://host/kehu`) or
/// on the app's own origin (`/couch/kehu`, the same-origin set-up of the deploy guide).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Server {
    db: String,
}

impl Server {
    /// The server at `text`, as a user types it (spaces and a final `/` ignored).
    pub fn parse(text: &str) -> Result<Server, ServerError> {
        let db = text.trim().trim_end_matches('/');
        let path = match db.split_once("://") {
            Some(("https" | "http", rest)) => rest.split_once('/').map(|(_, p)| p),
            Some(_) => return Err(ServerError::NotAnAddress),
            None => db.strip_prefix('/'),
        };
        let Some(path) = path else {
            return match db.starts_with('/') || db.contains("://") {
                true => Err(ServerError::NoDatabase),
                false => Err(ServerError::NotAnAddress),
            };
        };
        if db.contains(['?', '#', ' ']) {
            return Err(ServerError::NotAnAddress);
        }
        // CouchDB's rule for a database name: a lowercase letter first.
        let name = path.rsplit('/').next().unwrap_or_default();
        let ok = name.starts_with(|c: char| c.is_ascii_lowercase())
            && (name.chars())
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_$()+-".contains(c));
        match ok {
            true => Ok(Server { db: db.into() }),
            false => Err(ServerError::NoDatabase),
        }
    }

    /// The database's address.
    pub fn db(&self) -> &str {
        &self.db
    }

    /// The server's session endpoint (`_session` beside the database).
    pub fn session(&self) -> String {
        let root = self.db.rsplit_once('/').map_or("", |(r, _)| r);
        format!("{root}/_session")
    }

    /// A page of the changes after `since` (from the start: `None`), every leaf revision.
    pub fn changes(&self, since: Option<&Value>, limit: u32) -> String {
        self.changes_page("", since, limit)
    }

    /// [`Server::changes`] with each change's document (its winning revision).
    pub fn changes_with_docs(&self, since: Option<&Value>, limit: u32) -> String {
        self.changes_page("&include_docs=true", since, limit)
    }

    fn changes_page(&self, docs: &str, since: Option<&Value>, limit: u32) -> String {
        let mut url = format!("{}/_changes?style=all_docs{docs}&limit={limit}", self.db);
        if let Some(s) = since {
            url.push_str("&since=");
            url.push_str(&query_value(s));
        }
        url
    }

    /// A long poll: answered at the first change after `since`, or after
    /// [`LONGPOLL_MS`] with none.
    pub fn wait_for_change(&self, since: Option<&Value>) -> String {
        let since = since.map_or("0".into(), query_value);
        format!(
            "{}/_changes?feed=longpoll&style=all_docs&limit=1&timeout={LONGPOLL_MS}&since={since}",
            self.db
        )
    }

    /// `_bulk_get` with each leaf's history (`revs`): conflict branches are merged
    /// against a version they all descend from.
    pub fn bulk_get(&self) -> String {
        format!("{}/_bulk_get?revs=true", self.db)
    }

    pub fn bulk_docs(&self) -> String {
        format!("{}/_bulk_docs", self.db)
    }

    /// This device's checkpoint document on the server, for the admin to see how far
    /// each device has pulled (the device's own checkpoint is in its database).
    pub fn checkpoint(&self, device: &str) -> String {
        format!("{}/{}", self.db, checkpoint_id(device))
    }
}

/// A sequence as a query parameter: a number as it is, text percent-encoded.
fn query_value(v: &Value) -> String {
    let text = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The broadcast channel on which the syncing tab's worker tells every tab of the
/// database `db` how sync stands.
pub fn status_channel(db: &str) -> String {
    format!("kehu-sync:{db}")
}

/// The broadcast channel on which any tab asks the syncing tab's worker (wherever the
/// lock put it) to sync now rather than at the next change or timer.
pub fn now_channel(db: &str) -> String {
    format!("kehu-sync-now:{db}")
}

/// What the page asks the sync worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ask {
    /// Sync with `server` from now on, for as long as the worker runs.
    Start { server: Server },
}

/// How sync stands, as the indicator shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Both sides have everything, as of `at` (ms since the epoch).
    Synced {
        at: i64,
    },
    /// Pulling or pushing: documents pulled so far, and on a first pull how many the
    /// server holds.
    Syncing {
        pulled: u64,
        total: Option<u64>,
    },
    /// The server cannot be reached: `waiting` changed records here wait for it
    /// (`None`: everything, after a restore).
    Offline {
        waiting: Option<u64>,
    },
    Failed(Failure),
}

/// Why sync stopped, until the next try.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum Failure {
    /// No session, or it ended: someone must sign in.
    #[error("not signed in")]
    SignedOut,
    /// The signed-in user may not read this database.
    #[error("not allowed to read the database")]
    NotAllowed,
    /// The server's validation refused a change of this device's.
    #[error("the server refused a change to {doc}: {reason}")]
    Refused { doc: String, reason: String },
    /// No such database at the address.
    #[error("no database at this address")]
    NoDatabase,
    /// The server answered with another error status.
    #[error("the server answered {0}")]
    Server(u16),
    /// An answer the protocol does not allow (not a CouchDB server?).
    #[error("{0}")]
    Protocol(String),
    /// This device's database failed.
    #[error("{0}")]
    Storage(String),
    /// The worker running sync stopped (a crash, as the page sees it).
    #[error("{0}")]
    Stopped(String),
}

/// Why the server's validation (`couch/validate_doc_update.js`) refused a write, read
/// from the reason it gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The user is not staff (a viewer): they only read.
    ReadOnly,
    /// Not a document of a kehu kind.
    NotKehu,
    /// Signed with another user's name.
    NotYours,
    /// An order batch changed (they are only ever taken back).
    BatchFixed,
    /// No revision stamp.
    Unstamped,
    /// A reason this version does not know (the server's words are shown).
    Other,
}

impl Refusal {
    pub fn of(reason: &str) -> Refusal {
        const KNOWN: [(&str, Refusal); 5] = [
            ("only staff may", Refusal::ReadOnly),
            ("not a kehu record", Refusal::NotKehu),
            ("a record is signed by the user", Refusal::NotYours),
            ("an order batch is never changed", Refusal::BatchFixed),
            ("a record carries its revision", Refusal::Unstamped),
        ];
        (KNOWN.iter())
            .find(|(start, _)| reason.starts_with(start))
            .map_or(Refusal::Other, |(_, r)| *r)
    }
}

impl Failure {
    /// The failure an HTTP error status means.
    pub fn of_status(status: u16) -> Failure {
        match status {
            401 => Failure::SignedOut,
            403 => Failure::NotAllowed,
            404 => Failure::NoDatabase,
            s => Failure::Server(s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(v: Value) -> serde_json::Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    fn pulled(record: Option<Value>, n: u64) -> crate::sync::Pulled {
        crate::sync::Pulled {
            kind: "tasks".into(),
            id: "0190-t".into(),
            record: record.map(obj),
            rev: crate::sync::Rev {
                n,
                by: "other".into(),
            },
            author: "wang".into(),
            couch_rev: format!("{n}-x"),
            conflicts: Vec::new(),
        }
    }

    #[test]
    fn a_page_of_many_batches_is_asked_again_smaller() {
        let row = |id: String| Change {
            id,
            revs: vec!["1-a".into()],
            deleted: false,
        };
        let mut changes: Vec<Change> = (0..5).map(|i| row(format!("customers:{i}"))).collect();
        changes.extend((0..20).map(|i| row(format!("order_batches:{i}"))));
        let page = ChangesPage {
            changes,
            last_seq: json!(25),
        };
        // Five customers and sixteen batches fit; the seventeenth starts the next page.
        assert_eq!(page.batch_limit(), Some(5 + PULL_BATCHES as u32));
        let few = ChangesPage {
            changes: page.changes[..10].to_vec(),
            last_seq: json!(10),
        };
        assert_eq!(few.batch_limit(), None);
        // A page naming batches has the next listed first; one of customers alone not.
        assert!(few.names_batches());
        let customers = ChangesPage {
            changes: page.changes[..5].to_vec(),
            last_seq: json!(5),
        };
        assert!(!customers.names_batches());
    }

    #[test]
    fn a_push_goes_in_pages_of_few_enough_documents_and_bytes() {
        assert!(push_pages(&[]).is_empty());
        assert_eq!(push_pages(&[10; 1200]), [0..500, 500..1000, 1000..1200]);
        // Batches of ~430 KB: 19 to a page of 8 MB.
        let batches = [430_000; 40];
        let pages = push_pages(&batches);
        assert_eq!(pages[0], 0..19);
        assert!(
            pages
                .iter()
                .all(|p| batches[p.clone()].iter().sum::<usize>() <= PUSH_BYTES)
        );
        assert_eq!(pages.iter().map(|p| p.len()).sum::<usize>(), 40);
        // A document larger than a page goes alone.
        assert_eq!(push_pages(&[5, PUSH_BYTES + 1, 5]), [0..1, 1..2, 2..3]);
    }

    #[test]
    fn a_pull_takes_the_servers_version_unless_a_change_here_waits_to_be_pushed() {
        let base = obj(json!({"title": "回访", "done": false, "note": ""}));
        let rev = crate::sync::Rev {
            n: 4,
            by: "me".into(),
        };
        let here = |body, unpushed| Local {
            body,
            rev: &rev,
            base: Some(&base),
            unpushed,
        };
        let edited = pulled(Some(json!({"title": "回访", "done": true, "note": ""})), 5);
        let gone = pulled(None, 5);
        // Nothing waiting here: the server's word.
        assert_eq!(on_pull(&edited, here(Some(&base), false)), OnPull::Take);
        // This device's own write, read back after its push: kept as it is.
        let echo = crate::sync::Pulled {
            rev: rev.clone(),
            ..pulled(Some(json!({"title": "回访", "done": false, "note": ""})), 4)
        };
        assert_eq!(on_pull(&echo, here(Some(&base), false)), OnPull::Keep);
        assert_eq!(on_pull(&gone, here(Some(&base), false)), OnPull::Delete);
        assert_eq!(
            on_pull(
                &edited,
                Local {
                    body: None,
                    base: None,
                    ..here(None, false)
                }
            ),
            OnPull::Take,
            "new here"
        );
        // A different field changed here: both kept, nothing set aside.
        let mine = obj(json!({"title": "回访", "done": false, "note": "带样品"}));
        assert_eq!(
            on_pull(&edited, here(Some(&mine), true)),
            OnPull::Merge {
                body: obj(json!({"title": "回访", "done": true, "note": "带样品"})),
                conflicts: vec![]
            }
        );
        // Edited here, deleted there: the edit stays and is pushed.
        assert_eq!(on_pull(&gone, here(Some(&mine), true)), OnPull::Keep);
        // Deleted here, edited there: the edit comes back.
        assert_eq!(on_pull(&edited, here(None, true)), OnPull::Take);
        // Changed here the way the server has it already: nothing left to push.
        let same = pulled(Some(json!({"title": "回访", "done": true, "note": ""})), 6);
        let done_here = obj(json!({"title": "回访", "done": true, "note": ""}));
        assert_eq!(on_pull(&same, here(Some(&done_here), true)), OnPull::Keep);
        // A change there the device had not seen, none here beyond it: the server's.
        let older_mine = obj(json!({"title": "回访", "done": false, "note": ""}));
        assert_eq!(
            on_pull(&edited, here(Some(&older_mine), true)),
            OnPull::Take
        );
        // Deleted on both sides.
        assert_eq!(on_pull(&gone, here(None, true)), OnPull::Keep);
        // Made on both sides (a care rule's task, its id derived from its cause), at
        // different times: one record, the server's, with nothing set aside.
        let made_there = pulled(
            Some(json!({"title": "续签", "created": 100, "updated": 100})),
            2,
        );
        let made_here = obj(json!({"title": "续签", "created": 900, "updated": 900}));
        let new_here = Local {
            body: Some(&made_here),
            base: None,
            ..here(None, true)
        };
        assert_eq!(on_pull(&made_there, new_here), OnPull::Take);
        // The same field changed both ways: the later write's value, the other set aside.
        let renamed = obj(json!({"title": "上门回访", "done": false, "note": ""}));
        let theirs = pulled(
            Some(json!({"title": "电话回访", "done": false, "note": ""})),
            3,
        );
        match on_pull(&theirs, here(Some(&renamed), true)) {
            OnPull::Merge { body, conflicts } => {
                assert_eq!(
                    body["title"], "上门回访",
                    "4 by me is later than 3 by the other"
                );
                assert_eq!(conflicts[0].other, json!("电话回访"));
            }
            other => panic!("{other:?}"),
        }
    }

    /// Answers the test peer (pouchdb-server) gave, recorded by
    /// tests/e2e/record-couch-answers.mjs.
    fn recorded(name: &str) -> Value {
        let text = match name {
            "changes" => include_str!("../tests/data/couch/changes.json"),
            "bulk_get" => include_str!("../tests/data/couch/bulk_get.json"),
            "changes_docs" => include_str!("../tests/data/couch/changes_docs.json"),
            _ => include_str!("../tests/data/couch/bulk_docs.json"),
        };
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn a_real_servers_answers_read_as_records() {
        let page = ChangesPage::read(&recorded("changes")).unwrap();
        let ids: Vec<(&str, bool)> = page
            .changes
            .iter()
            .map(|c| (c.id.as_str(), c.deleted))
            .collect();
        assert_eq!(
            ids,
            [
                ("customers:0190-a", false),
                ("order_batches:0190-c", false),
                ("tasks:0190-t", true),
                ("customers:0190-b", false)
            ]
        );
        assert_eq!(page.last_seq, json!(6));
        let docs = read_bulk_get(&recorded("bulk_get")).unwrap();
        let pulled: Vec<crate::sync::Pulled> = docs
            .iter()
            .map(|d| crate::sync::from_doc(d).unwrap())
            .collect();
        assert_eq!(pulled.len(), 4, "the design document left out");
        let with_docs = PageDocs::read(&recorded("changes_docs")).unwrap();
        assert_eq!(with_docs.page, page);
        assert_eq!(with_docs.docs, docs, "one request brings what two did");
        assert!(with_docs.missing.is_empty());
        assert_eq!(pulled[0].record.as_ref().unwrap()["name"], "王芳");
        assert_eq!((pulled[0].author.as_str(), pulled[0].rev.n), ("li", 1));
        assert_eq!(
            (pulled[2].id.as_str(), pulled[2].record.is_none()),
            ("0190-t", true)
        );
        let mut pushed = read_bulk_docs(&recorded("bulk_docs")).unwrap();
        pushed.sort_by_key(|p| format!("{p:?}"));
        assert!(
            matches!(&pushed[0], Pushed::Refused { id, reason } if id == "order_batches:0190-c" && reason.contains("never changed"))
        );
        assert!(matches!(&pushed[1], Pushed::Saved { id, .. } if id == "customers:0190-b"));
        assert!(matches!(&pushed[2], Pushed::Stale { id } if id == "customers:0190-a"));
    }

    #[test]
    fn a_page_of_changes_lists_every_leaf_and_keeps_the_sequence_as_it_came() {
        // CouchDB 3's shape (sequences are opaque strings).
        let answer = json!({
            "results": [
                {"seq": "3-g1AAA", "id": "customers:0190-a", "changes": [{"rev": "2-b"}, {"rev": "2-c"}]},
                {"seq": "4-g1AAB", "id": "tasks:0190-t", "changes": [{"rev": "3-d"}], "deleted": true},
                {"seq": "5-g1AAC", "id": "_design/kehu", "changes": [{"rev": "1-e"}]}
            ],
            "last_seq": "5-g1AAC", "pending": 0
        });
        let page = ChangesPage::read(&answer).unwrap();
        assert_eq!(page.last_seq, json!("5-g1AAC"));
        assert_eq!(
            page.changes,
            vec![
                Change {
                    id: "customers:0190-a".into(),
                    revs: vec!["2-b".into(), "2-c".into()],
                    deleted: false
                },
                Change {
                    id: "tasks:0190-t".into(),
                    revs: vec!["3-d".into()],
                    deleted: true
                },
            ],
            "the design document is the server's"
        );
        assert_eq!(
            bulk_get_body(&page.changes),
            json!({"docs": [
                {"id": "customers:0190-a", "rev": "2-b"},
                {"id": "customers:0190-a", "rev": "2-c"},
                {"id": "tasks:0190-t", "rev": "3-d"}
            ]})
        );
        // pouchdb-server's numbers are kept as numbers.
        let numbered = ChangesPage::read(&json!({"results": [], "last_seq": 17})).unwrap();
        assert_eq!(numbered.last_seq, json!(17));
        assert!(ChangesPage::read(&json!({"error": "unauthorized"})).is_err());
    }

    #[test]
    fn a_page_with_its_documents_leaves_the_conflicted_to_bulk_get() {
        // pouchdb-server's answer: a deletion, a document in conflict (two leaves, the
        // winner carried), a plain one, and the design document.
        let answer = json!({"results": [
            {"id": "tasks:0190-t", "changes": [{"rev": "2-cc"}], "deleted": true, "seq": 2,
             "doc": {"_id": "tasks:0190-t", "_rev": "2-cc", "_deleted": true}},
            {"id": "customers:0190-a", "changes": [{"rev": "1-aaa"}, {"rev": "1-bbb"}], "seq": 4,
             "doc": {"_id": "customers:0190-a", "_rev": "1-bbb", "name": "B"}},
            {"id": "customers:0190-b", "changes": [{"rev": "1-93"}], "seq": 5,
             "doc": {"_id": "customers:0190-b", "_rev": "1-93", "name": "李明"}},
            {"id": "customers:0190-c", "changes": [{"rev": "1-94"}], "seq": 6, "doc": null},
            {"id": "_design/kehu", "changes": [{"rev": "1-e"}], "seq": 7,
             "doc": {"_id": "_design/kehu", "_rev": "1-e"}}
        ], "last_seq": 7});
        let got = PageDocs::read(&answer).unwrap();
        assert_eq!(got.page.last_seq, json!(7));
        assert_eq!(
            got.page.changes.len(),
            4,
            "the design document is the server's"
        );
        let ids: Vec<&str> = got
            .docs
            .iter()
            .map(|d| d["_id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["tasks:0190-t", "customers:0190-b"]);
        assert_eq!(got.docs[0]["_deleted"], json!(true));
        let missing: Vec<&str> = got.missing.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(missing, ["customers:0190-a", "customers:0190-c"]);
        assert_eq!(
            got.missing[0].revs,
            ["1-aaa", "1-bbb"],
            "every leaf is asked for"
        );
        assert!(PageDocs::read(&json!({"error": "unauthorized"})).is_err());
    }

    #[test]
    fn bulk_get_gives_the_documents_the_server_still_has() {
        let answer = json!({"results": [
            {"id": "customers:0190-a", "docs": [{"ok": {"_id": "customers:0190-a", "_rev": "2-b", "name": "王芳"}}]},
            {"id": "tasks:0190-t", "docs": [{"error": {"id": "tasks:0190-t", "rev": "3-d", "error": "not_found", "reason": "missing"}}]}
        ]});
        let docs = read_bulk_get(&answer).unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0]["name"], "王芳");
    }

    #[test]
    fn branches_merged_are_a_change_of_the_devices_even_when_its_own_version_won() {
        let winner = json!({"name": "王芳", "phone": "2"});
        let mut merged = pulled(
            Some(json!({"name": "王芳", "phone": "2", "city": "上海"})),
            4,
        );
        let w = winner.as_object().unwrap();
        let rev = merged.rev.clone();
        // The device's own version is the winner, nothing waits here: the branch's
        // city is still taken, as a change to push.
        let mine = Local {
            body: Some(w),
            rev: &rev,
            base: None,
            unpushed: false,
        };
        let won = pulled(Some(winner.clone()), 4);
        let got = on_branches(&merged, &won, mine.clone());
        assert!(
            matches!(&got, OnPull::Merge { body, conflicts } if body["city"] == "上海" && conflicts.is_empty())
        );
        // Branches that add nothing to the winner: taken as they came.
        merged.record = Some(w.clone());
        assert_eq!(on_branches(&merged, &won, mine.clone()), OnPull::Take);
        // Unless a value was set aside: it goes to the server with the record, so
        // every device offers it.
        merged.conflicts.push(crate::reconcile::FieldConflict {
            field: "phone".into(),
            kept: json!("2"),
            other: json!("3"),
            other_rev: rev.clone(),
        });
        let got = on_branches(&merged, &won, mine);
        assert!(matches!(got, OnPull::Merge { .. }));
    }

    #[test]
    fn a_change_waiting_here_is_merged_with_the_branches() {
        let base = json!({"name": "王芳", "phone": "1"});
        let here = json!({"name": "王芳", "phone": "9"});
        let winner = json!({"name": "王芳", "phone": "1"});
        let merged = pulled(Some(json!({"name": "王小芳", "phone": "1"})), 4);
        let rev = crate::sync::Rev {
            n: 8,
            by: "here".into(),
        };
        let local = Local {
            body: here.as_object(),
            rev: &rev,
            base: base.as_object(),
            unpushed: true,
        };
        let won = pulled(Some(winner.clone()), 4);
        let got = on_branches(&merged, &won, local.clone());
        assert!(matches!(&got, OnPull::Merge { body, conflicts }
            if body["name"] == "王小芳" && body["phone"] == "9" && conflicts.is_empty()));
        // The change here holds everything already: it goes as it is.
        let all = json!({"name": "王小芳", "phone": "9"});
        let holds = Local {
            body: all.as_object(),
            ..local
        };
        assert_eq!(on_branches(&merged, &won, holds), OnPull::Keep);
    }

    #[test]
    fn a_leafs_history_lists_the_revisions_it_descends_from() {
        let doc = json!({"_id": "customers:0190-a", "_rev": "3-c",
            "_revisions": {"start": 3, "ids": ["c", "b", "a"]}});
        assert_eq!(history(&doc), ["3-c", "2-b", "1-a"]);
        // Stemmed: only the latest revisions are kept.
        let stemmed = json!({"_revisions": {"start": 9, "ids": ["i", "h"]}});
        assert_eq!(history(&stemmed), ["9-i", "8-h"]);
        assert!(history(&json!({"_rev": "1-a"})).is_empty());
    }

    #[test]
    fn each_pushed_document_is_saved_stale_or_refused_with_the_reason() {
        let answer = json!([
            {"ok": true, "id": "customers:0190-a", "rev": "3-f"},
            {"id": "customers:0190-b", "error": "conflict", "reason": "Document update conflict."},
            {"id": "order_batches:0190-c", "error": "forbidden", "reason": "an order batch is never changed, only taken back"}
        ]);
        assert_eq!(
            read_bulk_docs(&answer).unwrap(),
            vec![
                Pushed::Saved {
                    id: "customers:0190-a".into(),
                    rev: "3-f".into()
                },
                Pushed::Stale {
                    id: "customers:0190-b".into()
                },
                Pushed::Refused {
                    id: "order_batches:0190-c".into(),
                    reason: "an order batch is never changed, only taken back".into()
                },
            ]
        );
        assert!(read_bulk_docs(&json!({"error": "unauthorized"})).is_err());
        assert_eq!(checkpoint_id("dev-1"), "_local/kehu-dev-1");
    }

    #[test]
    fn a_server_address_is_a_database_and_its_endpoints_follow() {
        let s = Server::parse(" https://shop.example.com/couch/kehu_shop/ ").unwrap();
        assert_eq!(s.db(), "https://shop.example.com/couch/kehu_shop");
        assert_eq!(s.session(), "https://shop.example.com/couch/_session");
        assert_eq!(
            s.changes(Some(&json!("12-g1A+/=")), 1000),
            "https://shop.example.com/couch/kehu_shop/_changes?style=all_docs&limit=1000&since=12-g1A%2B%2F%3D"
        );
        assert_eq!(
            s.changes(None, 5),
            "https://shop.example.com/couch/kehu_shop/_changes?style=all_docs&limit=5"
        );
        assert_eq!(
            s.changes_with_docs(Some(&json!(7)), 16),
            "https://shop.example.com/couch/kehu_shop/_changes?style=all_docs&include_docs=true&limit=16&since=7"
        );
        assert!(
            s.wait_for_change(Some(&json!(7)))
                .ends_with("timeout=25000&since=7")
        );
        let same_origin = Server::parse("/couch/kehu").unwrap();
        assert_eq!(same_origin.session(), "/couch/_session");
        assert_eq!(same_origin.checkpoint("d1"), "/couch/kehu/_local/kehu-d1");
        for (bad, why) in [
            ("kehu", ServerError::NotAnAddress),
            ("ftp://x/kehu", ServerError::NotAnAddress),
            ("https://shop.example.com", ServerError::NoDatabase),
            ("https://shop.example.com/Kehu", ServerError::NoDatabase),
            ("https://x/", ServerError::NoDatabase),
            ("https://x/kehu?x=1", ServerError::NotAnAddress),
        ] {
            assert_eq!(Server::parse(bad), Err(why), "{bad}");
        }
    }

    #[test]
    fn a_status_travels_between_worker_and_page() {
        for s in [
            Status::Synced { at: 5 },
            Status::Syncing {
                pulled: 3,
                total: Some(9),
            },
            Status::Offline { waiting: Some(2) },
            Status::Failed(Failure::Refused {
                doc: "tasks:1".into(),
                reason: "viewers may not write".into(),
            }),
        ] {
            let back: Status = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
            assert_eq!(back, s);
        }
        assert_eq!(Failure::of_status(401), Failure::SignedOut);
        assert_eq!(Failure::of_status(502), Failure::Server(502));
    }

    #[test]
    fn each_refusal_the_validation_gives_is_known_by_its_reason() {
        let source = include_str!("../../../couch/validate_doc_update.js");
        let reasons: Vec<&str> = (source.split("forbidden: \""))
            .skip(1)
            .map(|r| r.split('"').next().unwrap())
            .collect();
        assert_eq!(reasons.len(), 5, "{reasons:?}");
        for r in &reasons {
            assert_ne!(Refusal::of(r), Refusal::Other, "{r}");
        }
        assert_eq!(Refusal::of("viewers beware"), Refusal::Other);
        assert_eq!(
            Refusal::of("only staff may change the shop's records"),
            Refusal::ReadOnly
        );
    }
}
