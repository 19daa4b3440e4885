//! The page's side of the import worker: one import at a time in this tab, in a worker
//! of its own (the analytics worker's binary, sent the file and an import request).

use kehu_core::import::job::{FromImporter, ImportJob, ToImporter};
use kehu_store::StoreError;
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

const WORKER_URL: &str = "./analytics-worker.js";

thread_local! {
    static WORKER: RefCell<Option<web_sys::Worker>> = const { RefCell::new(None) };
    /// The job this tab is writing, if any.
    static WRITING: RefCell<Option<String>> = const { RefCell::new(None) };
}

pub type Message = FromImporter<StoreError>;

/// Starts `request` on `file` in this tab's import worker (stopping one under way);
/// `on` gets every answer. After an answer that ends the request the worker is stopped.
pub fn start(file: Option<web_sys::File>, request: ToImporter, on: impl Fn(Message) + 'static) {
    stop();
    if let ToImporter::Write { job, .. } = &request {
        WRITING.with(|w| *w.borrow_mut() = Some(job.id.0.clone()));
    }
    if let Some(worker) = spawn(file, request, on, stop) {
        WORKER.with(|w| *w.borrow_mut() = Some(worker));
    }
}

/// Runs `request` in a worker of its own, beside an import this tab may be writing (a
/// backup, the demo); the worker goes once it has answered.
pub fn run_once(request: ToImporter, on: impl Fn(Message, Option<JsValue>) + 'static) {
    let done = std::rc::Rc::new(RefCell::new(None::<web_sys::Worker>));
    let d2 = done.clone();
    let finish = move || {
        if let Some(w) = d2.borrow_mut().take() {
            w.terminate();
        }
    };
    let worker = spawn_with(None, request, on, finish);
    *done.borrow_mut() = worker;
}

fn spawn(
    file: Option<web_sys::File>,
    request: ToImporter,
    on: impl Fn(Message) + 'static,
    finish: impl Fn() + 'static,
) -> Option<web_sys::Worker> {
    spawn_with(file, request, move |m, _| on(m), finish)
}

/// A worker sent `request` (and `file`) once it is ready; `on` gets each answer with
/// what travelled beside it; `finish` runs after an answer that ends the request.
fn spawn_with(
    file: Option<web_sys::File>,
    request: ToImporter,
    on: impl Fn(Message, Option<JsValue>) + 'static,
    finish: impl Fn() + 'static,
) -> Option<web_sys::Worker> {
    let fail = |e: JsValue| {
        kehu_core::import::job::Failure::File(kehu_core::import::orders::FileError::Io(format!(
            "{e:?}"
        )))
    };
    let worker = match web_sys::Worker::new(WORKER_URL) {
        Ok(w) => w,
        Err(e) => {
            on(Message::Failed { error: fail(e) }, None);
            return None;
        }
    };
    let w2 = worker.clone();
    let on = std::rc::Rc::new(on);
    let finish = std::rc::Rc::new(finish);
    let (on2, finish2) = (on.clone(), finish.clone());
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let data = e.data();
            // `{message, payload}` when something large travels beside the message.
            let (text, payload) = match data.as_string() {
                Some(t) => (Some(t), None),
                None => (
                    js_sys::Reflect::get(&data, &"message".into())
                        .ok()
                        .and_then(|m| m.as_string()),
                    js_sys::Reflect::get(&data, &"payload".into()).ok(),
                ),
            };
            let Some(text) = text else {
                return;
            };
            let msg = match serde_json::from_str::<Message>(&text) {
                Ok(m) => m,
                // The worker's panic hook speaks the analytics protocol.
                Err(_) => {
                    match serde_json::from_str::<kehu_core::analytics::insights::FromWorker>(&text)
                    {
                        Ok(kehu_core::analytics::insights::FromWorker::Failed { error }) => {
                            Message::Failed {
                                error: fail(error.into()),
                            }
                        }
                        _ => return,
                    }
                }
            };
            match msg {
                Message::Ready => {
                    let data = js_sys::Object::new();
                    let text = serde_json::to_string(&request).unwrap_or_default();
                    let _ = js_sys::Reflect::set(&data, &"import".into(), &text.into());
                    if let Some(file) = &file {
                        let _ = js_sys::Reflect::set(&data, &"file".into(), file);
                    }
                    let _ = w2.post_message(&data);
                }
                m @ (Message::Checked { .. }
                | Message::Previewed { .. }
                | Message::BackupRead { .. }
                | Message::Restored { .. }
                | Message::DemoLoaded
                | Message::BackupMade
                | Message::RolledBack { .. }
                | Message::Finished { .. }
                | Message::Failed { .. }) => {
                    finish2();
                    on2(m, payload);
                }
                m => on2(m, payload),
            }
        });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    let on_error = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |e: web_sys::ErrorEvent| {
        finish();
        on(
            Message::Failed {
                error: fail(e.message().into()),
            },
            None,
        );
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    // The handlers die with the worker; one pair per request is leaked, a few hundred
    // bytes.
    on_message.forget();
    on_error.forget();
    Some(worker)
}

/// Asks a write to stop after the batch it is on (it answers `Finished`, cancelled).
pub fn cancel() {
    WORKER.with(|w| {
        if let Some(w) = &*w.borrow() {
            let data = js_sys::Object::new();
            let text = serde_json::to_string(&ToImporter::Cancel).unwrap_or_default();
            let _ = js_sys::Reflect::set(&data, &"import".into(), &text.into());
            let _ = w.post_message(&data);
        }
    });
}

/// Stops the worker at once (a check has written nothing; a write loses at most the
/// batch it was on, which its transaction takes back).
pub fn stop() {
    if let Some(w) = WORKER.with(|w| w.borrow_mut().take()) {
        w.terminate();
    }
    WRITING.with(|w| *w.borrow_mut() = None);
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
