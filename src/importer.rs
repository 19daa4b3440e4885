//! The page's side of imports: one import at a time in this tab, in a worker of its own
//! (see `worker.rs`), sent the file and an import request; and one-shot jobs (backup,
//! demo, take-back) each in a worker beside it.

use crate::worker::{self, Handle, Reply};
use kehu_core::envelope::Request;
use kehu_core::import::job::{Failure, FromImporter, ImportJob, ToImporter};
use kehu_core::import::orders::FileError;
use kehu_store::StoreError;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

thread_local! {
    static WORKER: RefCell<Option<Handle>> = const { RefCell::new(None) };
    /// The job this tab is writing, if any.
    static WRITING: RefCell<Option<String>> = const { RefCell::new(None) };
}

pub type Message = FromImporter<StoreError>;

/// Whether `m` ends its request (the worker then goes).
fn is_final(m: &Message) -> bool {
    matches!(
        m,
        Message::Checked { .. }
            | Message::Previewed { .. }
            | Message::BackupRead { .. }
            | Message::Restored { .. }
            | Message::DemoLoaded
            | Message::Forgotten
            | Message::OwnersAdopted { .. }
            | Message::BackupMade
            | Message::RolledBack { .. }
            | Message::Finished { .. }
            | Message::Failed { .. }
    )
}

/// A reply as an import message: a crashed worker fails the request.
fn message(r: Reply) -> Option<Message> {
    match r {
        Reply::Import(m) => Some(*m),
        Reply::Crashed(e) => Some(Message::Failed {
            error: Failure::File(FileError::Io(e)),
        }),
        Reply::Ready
        | Reply::Analytics(_)
        | Reply::Pivot(_)
        | Reply::Service(_)
        | Reply::Sliced(_)
        | Reply::Care(_)
        | Reply::Marketing(_)
        | Reply::Sync(_) => None,
    }
}

/// Starts `request` on `file` in this tab's import worker (stopping one under way);
/// `on` gets every answer. After an answer that ends the request the worker is stopped.
pub fn start(file: Option<web_sys::File>, request: ToImporter, on: impl Fn(Message) + 'static) {
    stop();
    if let ToImporter::Write { job, .. } = &request {
        WRITING.with(|w| *w.borrow_mut() = Some(job.id.0.clone()));
    }
    let handle = worker::spawn(Request::Import(Box::new(request)), file, move |r, _| {
        let Some(m) = message(r) else { return };
        if is_final(&m) {
            stop();
        }
        on(m);
    });
    WORKER.with(|w| *w.borrow_mut() = handle);
}

/// Runs `request` in a worker of its own, beside an import this tab may be writing (a
/// backup, the demo, a take-back); the worker goes once it has answered. `on` gets
/// each answer with what travelled beside it (a backup's text).
pub fn run_once(request: ToImporter, on: impl Fn(Message, Option<JsValue>) + 'static) {
    let slot = Rc::new(RefCell::new(None::<Handle>));
    let s2 = slot.clone();
    let handle = worker::spawn(
        Request::Import(Box::new(request)),
        None,
        move |r, payload| {
            let Some(m) = message(r) else { return };
            if is_final(&m) {
                s2.borrow_mut().take();
            }
            on(m, payload);
        },
    );
    *slot.borrow_mut() = handle;
}

/// Asks a write to stop after the batch it is on (it answers `Finished`, cancelled).
pub fn cancel() {
    WORKER.with(|w| {
        if let Some(w) = &*w.borrow() {
            w.post(&Request::Import(Box::new(ToImporter::Cancel)));
        }
    });
}

/// Stops the worker at once (a check has written nothing; a write loses at most the
/// batch it was on, which its transaction takes back).
pub fn stop() {
    let gone = WORKER.with(|w| w.borrow_mut().take());
    drop(gone);
    WRITING.with(|w| *w.borrow_mut() = None);
}

/// What went wrong with a request, in the user's language.
pub fn failure_text(lang: crate::i18n::Lang, f: &Failure<StoreError>) -> String {
    use crate::i18n::{self, K};
    match f {
        Failure::File(e) => i18n::file_error(lang, e),
        Failure::Store(e) => i18n::store_error(lang, e),
        Failure::Busy => K::ImportBusy.text(lang).to_string(),
        Failure::Backup(e) => crate::pages::backup::backup_error(lang, e),
    }
}

/// Whether this tab is writing `job` now.
pub fn writing(job: &ImportJob) -> bool {
    WRITING.with(|w| w.borrow().as_deref() == Some(job.id.as_str()))
}

/// A job's file as the browser describes it.
pub fn file_info(f: &web_sys::File) -> kehu_core::import::job::FileInfo {
    kehu_core::import::job::FileInfo {
        name: f.name(),
        size: f.size() as u64,
        modified: f.last_modified(),
    }
}

/// The names of the Web Locks held in this browser (by any tab or worker): a running
/// import holds [`ImportJob::lock_name`]. Empty where the browser has no Web Locks.
pub async fn held_locks() -> std::collections::HashSet<String> {
    let get = |o: &JsValue, k: &str| js_sys::Reflect::get(o, &k.into()).ok();
    let query = async {
        let locks = get(&get(&js_sys::global(), "navigator")?, "locks")?;
        let query: js_sys::Function = get(&locks, "query")?.dyn_into().ok()?;
        let promise: js_sys::Promise = query.call0(&locks).ok()?.dyn_into().ok()?;
        let snapshot = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
        let held: js_sys::Array = get(&snapshot, "held")?.dyn_into().ok()?;
        Some(
            held.iter()
                .filter_map(|l| get(&l, "name")?.as_string())
                .collect(),
        )
    };
    query.await.unwrap_or_default()
}
