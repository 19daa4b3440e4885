//! The page's one handle on a worker: the dashboards' computation and every import,
//! backup, take-back and demo load run in the worker binary, one request per worker,
//! spoken in `kehu_core::envelope`.

use kehu_core::envelope::Request;
use kehu_store::StoreError;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// The worker's loader script, beside index.html in the built site.
const WORKER_URL: &str = "./analytics-worker.js";

pub type Reply = kehu_core::envelope::Reply<StoreError>;

type OnMessage = Closure<dyn FnMut(web_sys::MessageEvent)>;
type OnError = Closure<dyn FnMut(web_sys::Event)>;

/// A running worker. Dropping the handle stops the worker and frees its handlers, so
/// nothing is leaked per request; it may be dropped from inside its own handler (the
/// handlers are freed a moment later, once they have returned).
pub struct Handle {
    worker: web_sys::Worker,
    handlers: Option<(OnMessage, OnError)>,
}

impl Handle {
    /// Posts a further request to the running worker (an import's cancel).
    pub fn post(&self, request: &Request) {
        let _ = self.worker.post_message(&envelope(request, None));
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        self.worker.terminate();
        detach(&self.worker, self.handlers.take());
    }
}

/// Takes `handlers` off `worker` and frees them a moment later (the caller may be one of
/// them, still running).
fn detach(worker: &web_sys::Worker, handlers: Option<(OnMessage, OnError)>) {
    worker.set_onmessage(None);
    worker.set_onerror(None);
    if let Some(handlers) = handlers {
        leptos::task::spawn_local(async move { drop(handlers) });
    }
}

/// The reply a worker's message carries, if it carries one.
fn reply_of(data: &JsValue) -> Option<Reply> {
    let text = js_sys::Reflect::get(data, &"reply".into())
        .ok()?
        .as_string()?;
    serde_json::from_str(&text).ok()
}

fn envelope(request: &Request, file: Option<&web_sys::File>) -> JsValue {
    let o = js_sys::Object::new();
    // Our own plain types always serialise.
    let text = serde_json::to_string(request).unwrap_or_default();
    let _ = js_sys::Reflect::set(&o, &"request".into(), &text.into());
    if let Some(f) = file {
        let _ = js_sys::Reflect::set(&o, &"file".into(), f);
    }
    o.into()
}

/// A worker started before anything is asked of it: a request then does not wait the
/// 100–200 ms a worker takes to fetch and instantiate its wasm. From a tab's first
/// request on, one is kept: each request takes it and starts the next, which loads
/// while the request runs (an import's check, then its write, then the dashboards).
struct Spare {
    worker: web_sys::Worker,
    /// Whether it has said [`Reply::Ready`].
    ready: Rc<Cell<bool>>,
    /// Whether it failed to load (its script missing): it is then not used, and the
    /// request's own worker reports why.
    failed: Rc<Cell<bool>>,
    handlers: (OnMessage, OnError),
}

thread_local! {
    static SPARE: std::cell::RefCell<Option<Spare>> = const { std::cell::RefCell::new(None) };
}

impl Spare {
    fn start() -> Option<Spare> {
        let worker = web_sys::Worker::new(WORKER_URL).ok()?;
        let (ready, failed) = (Rc::new(Cell::new(false)), Rc::new(Cell::new(false)));
        let r = ready.clone();
        let on_message = OnMessage::new(move |e: web_sys::MessageEvent| {
            if matches!(reply_of(&e.data()), Some(Reply::Ready)) {
                r.set(true);
            }
        });
        let f = failed.clone();
        let on_error = OnError::new(move |_: web_sys::Event| f.set(true));
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Some(Spare {
            worker,
            ready,
            failed,
            handlers: (on_message, on_error),
        })
    }

    /// The spare worker, if one loaded, and whether it is ready; starts the next.
    fn take() -> Option<(web_sys::Worker, bool)> {
        let spare = SPARE.with(|s| s.replace(Spare::start()))?;
        detach(&spare.worker, Some(spare.handlers));
        if spare.failed.get() {
            spare.worker.terminate();
            return None;
        }
        Some((spare.worker, spare.ready.get()))
    }
}

/// Starts a worker that is sent `request` (and `file`) once it is ready; `on` gets
/// every other reply, with what travelled beside it (a backup's text). A worker that
/// cannot start, or dies, answers [`Reply::Crashed`].
pub fn spawn(
    request: Request,
    file: Option<web_sys::File>,
    on: impl Fn(Reply, Option<JsValue>) + 'static,
) -> Option<Handle> {
    let (worker, ready) = match Spare::take() {
        Some(spare) => spare,
        None => match web_sys::Worker::new(WORKER_URL) {
            Ok(w) => (w, false),
            Err(e) => {
                on(Reply::Crashed(format!("{e:?}")), None);
                return None;
            }
        },
    };
    if ready {
        let _ = worker.post_message(&envelope(&request, file.as_ref()));
    }
    let on = std::rc::Rc::new(on);
    let on2 = on.clone();
    let w2 = worker.clone();
    let on_message = OnMessage::new(move |e: web_sys::MessageEvent| {
        let data = e.data();
        match reply_of(&data) {
            Some(Reply::Ready) => {
                let _ = w2.post_message(&envelope(&request, file.as_ref()));
            }
            Some(r) => {
                let payload = js_sys::Reflect::get(&data, &"payload".into()).ok();
                on2(r, payload.filter(|p| !p.is_undefined()))
            }
            None => {}
        }
    });
    let on_error = OnError::new(move |e: web_sys::Event| on(Reply::Crashed(error_text(&e)), None));
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Some(Handle {
        worker,
        handlers: Some((on_message, on_error)),
    })
}

/// Why a worker gave no answer.
#[derive(Debug, Clone)]
pub enum Failure {
    Store(StoreError),
    Crashed(String),
}

impl Failure {
    /// Why, in the user's words.
    pub fn why(&self, lang: crate::i18n::Lang) -> String {
        match self {
            Failure::Store(e) => crate::i18n::store_error(lang, e),
            Failure::Crashed(m) => crashed(lang, m),
        }
    }
}

/// A worker's crash, `m` in its own words (the browser's or the panic's), after a
/// translated lead; the lead alone when there are none.
pub fn crashed(lang: crate::i18n::Lang, m: &str) -> String {
    let lead = crate::i18n::K::ErrWorker.text(lang);
    match m.is_empty() {
        true => lead.trim_end_matches([':', ' ', '：']).to_string(),
        false => format!("{lead}{m}"),
    }
}

/// What a worker's error event says. A script that failed to load fires a plain
/// `Event`, with no message: read as an `ErrorEvent`, its missing message threw in the
/// handler, and whoever waited for the worker waited for ever (sync said "Syncing…").
fn error_text(e: &web_sys::Event) -> String {
    js_sys::Reflect::get(e, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_default()
}

/// Asks `request` of a worker of its own and waits for its one answer (a worker that
/// crashes answers [`Reply::Crashed`]). The worker lives as long as the future: a
/// resource that asks again before the answer stops the first worker.
pub async fn answer(request: Request) -> Reply {
    let got = std::rc::Rc::new(std::cell::RefCell::new(None::<Reply>));
    let mut handle = None;
    let done = js_sys::Promise::new(&mut |resolve, _| {
        let got = got.clone();
        handle = spawn(request.clone(), None, move |reply, _| {
            if got.borrow().is_none() {
                *got.borrow_mut() = Some(reply);
                let _ = resolve.call0(&JsValue::NULL);
            }
        });
    });
    let _ = wasm_bindgen_futures::JsFuture::from(done).await;
    drop(handle);
    got.take()
        .unwrap_or_else(|| Reply::Crashed("no answer".into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn a_crash_reads_in_the_users_language() {
        let crash = Failure::Crashed("RuntimeError: unreachable".into());
        assert_eq!(
            crash.why(Lang::En),
            "A background task stopped unexpectedly: RuntimeError: unreachable"
        );
        assert_eq!(
            crash.why(Lang::Zh),
            "后台任务意外停止：RuntimeError: unreachable"
        );
        // A worker whose script did not load says nothing of its own.
        let silent = Failure::Crashed(String::new());
        assert_eq!(
            silent.why(Lang::En),
            "A background task stopped unexpectedly"
        );
        assert_eq!(silent.why(Lang::Zh), "后台任务意外停止");
    }
}
