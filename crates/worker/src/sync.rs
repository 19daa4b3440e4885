//! Sync with the shop's CouchDB server, for as long as this worker runs (the page
//! starts it in the one tab that holds the sync lock). A round pulls every page of
//! changes since the checkpoint (each page and its checkpoint one write), pushes the
//! outbox, and pulls and pushes again when the server found a push stale. Between
//! rounds the worker waits in a long poll for the server's next change, and is woken
//! early by a change written here (another tab's or this one's, heard on the change
//! channel), by the browser going online, or by "sync now". When the server cannot be
//! reached, or answers with an error, it waits longer each time (2 s doubling to a
//! minute).
//!
//! Every status goes to the page that started the worker and, on the channel
//! `kehu-sync:<database>`, to every other tab.

use crate::worker::{scope, send};
use kehu_core::envelope::Reply;
use kehu_core::replicate::{
    self, Ask, Change, ChangesPage, Failure, PULL_PAGE, PageDocs, Pushed, Server, Status,
};
use kehu_store::{Db, StoreError};
use serde_json::{Value, json};
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Why a round stopped.
enum Stop {
    /// No answer at all: offline, or the server is down.
    Offline,
    Failed(Failure),
}

impl From<StoreError> for Stop {
    fn from(e: StoreError) -> Stop {
        Stop::Failed(Failure::Storage(e.to_string()))
    }
}

impl From<replicate::ProtocolError> for Stop {
    fn from(e: replicate::ProtocolError) -> Stop {
        Stop::Failed(Failure::Protocol(e.to_string()))
    }
}

thread_local! {
    /// What ends the current wait early: the long poll's abort, or the timer's resolve.
    static WAKE: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
    static RUNNING: RefCell<bool> = const { RefCell::new(false) };
}

pub fn on_request(ask: Ask) {
    match ask {
        Ask::Start { server } => {
            if !RUNNING.with(|r| r.replace(true)) {
                wasm_bindgen_futures::spawn_local(run(server));
            }
        }
    }
}

/// Ends the current wait, if any.
fn wake() {
    if let Some(f) = WAKE.with(|w| w.borrow_mut().take()) {
        let _ = f.call0(&JsValue::NULL);
    }
}

fn status(s: Status) {
    send(&Reply::Sync(s.clone()), None);
    if let Ok(ch) = web_sys::BroadcastChannel::new(&channel_name()) {
        let text = serde_json::to_string(&s).unwrap_or_default();
        let _ = ch.post_message(&JsValue::from_str(&text));
        ch.close();
    }
}

fn channel_name() -> String {
    replicate::status_channel(kehu_store::DB_NAME)
}

async fn run(server: Server) {
    let db = match Db::open(kehu_store::DB_NAME, || {}).await {
        Ok(db) => db,
        Err(e) => return status(Status::Failed(Failure::Storage(e.to_string()))),
    };
    // A write here, in any tab, is pushed at once.
    db.changes().subscribe(|_| wake());
    let online = Closure::<dyn FnMut()>::new(wake);
    scope().set_ononline(Some(online.as_ref().unchecked_ref()));
    online.forget();
    // "Sync now", or a sign-in, in any tab.
    if let Ok(ch) = web_sys::BroadcastChannel::new(&replicate::now_channel(kehu_store::DB_NAME)) {
        let now = Closure::<dyn FnMut()>::new(wake);
        ch.set_onmessage(Some(now.as_ref().unchecked_ref()));
        // Both live as long as the worker.
        now.forget();
        std::mem::forget(ch);
    }
    let mut tries = 0u32;
    loop {
        match round(&db, &server).await {
            Ok(()) => {
                tries = 0;
                status(Status::Synced {
                    at: js_sys::Date::now() as i64,
                });
                let since = db.sync_checkpoint().await.ok().flatten();
                wait_for_change(&server, since.as_ref()).await;
            }
            Err(stop) => {
                status(match stop {
                    Stop::Offline => Status::Offline {
                        waiting: db.sync_waiting().await.unwrap_or(None),
                    },
                    Stop::Failed(f) => Status::Failed(f),
                });
                let ms = 2_000.0 * 2f64.powi(tries.min(5) as i32);
                tries += 1;
                sleep(ms.min(60_000.0)).await;
            }
        }
    }
}

/// One round: pull everything new, push everything waiting, and again while the
/// server finds a push stale (a few times at most: a busy record waits for the next).
async fn round(db: &Db, server: &Server) -> Result<(), Stop> {
    let me = signed_in(server).await?;
    pull(db, server).await?;
    for _ in 0..3 {
        if push(db, server, &me).await?.stale == 0 {
            break;
        }
        pull(db, server).await?;
    }
    // A refused write is reported until someone reads why (on the sync page).
    match db.sync_refused().await?.into_iter().next() {
        Some(r) => Err(Stop::Failed(Failure::Refused {
            doc: r.doc,
            reason: r.reason,
        })),
        None => Ok(()),
    }
}

/// The signed-in user's name (the author of what this device pushes).
async fn signed_in(server: &Server) -> Result<String, Stop> {
    let session = call("GET", &server.session(), None).await?;
    match session["userCtx"]["name"].as_str() {
        Some(name) => Ok(name.to_string()),
        None => Err(Stop::Failed(Failure::SignedOut)),
    }
}

/// Pulls every page of changes after the checkpoint. The next page is fetched while
/// one is written: the server's time and IndexedDB's overlap.
async fn pull(db: &Db, server: &Server) -> Result<(), Stop> {
    let mut since = db.sync_checkpoint().await?;
    let total = match since {
        None => call("GET", server.db(), None).await?["doc_count"].as_u64(),
        Some(_) => None,
    };
    let mut pulled = 0u64;
    // Whether pages may name versions this device has (see `fetch_page`): a round
    // starts by asking, and asks while the last pages found any.
    let mut known = true;
    let mut ahead = fetch_page(db, server, since.clone(), Asking::Known).await;
    loop {
        let Fetched { page, docs, had } = ahead?;
        if page.changes.is_empty() && since.as_ref() == Some(&page.last_seq) {
            if let (true, Some(device)) = (pulled > 0, db.device().await?) {
                tell_checkpoint(server, &device, &page.last_seq).await;
            }
            return Ok(());
        }
        let asking = match (known || had > 0, page.names_batches()) {
            (true, _) => Asking::Known,
            (false, true) => Asking::Listed,
            (false, false) => Asking::Whole,
        };
        let next = fetch_page(db, server, Some(page.last_seq.clone()), asking);
        let (written, fetched) = futures::join!(db.apply_pull(&docs, &page.last_seq), next);
        known = had > 0 || written?.known > 0;
        pulled += page.changes.len() as u64;
        status(Status::Syncing { pulled, total });
        since = Some(page.last_seq);
        ahead = fetched;
    }
}

/// How a page of changes is asked for.
#[derive(Clone, Copy, PartialEq)]
enum Asking {
    /// Listed first, leaving out the versions this device has: at a round's start,
    /// and while the pages before found any.
    Known,
    /// Listed first: the page before named order batches, so this one may name many.
    Listed,
    /// With its documents at once, one request instead of two (the server spends as
    /// much listing a page as sending it): a page of a first pull's records. Listed
    /// after all when it comes to more than [`replicate::PAGE_BYTES`].
    Whole,
}

/// A page of changes and the documents this device is to write.
struct Fetched {
    page: ChangesPage,
    docs: Vec<Value>,
    /// How many of the page's changes it had already (when asked).
    had: usize,
}

/// The page of changes after `since` and its documents, asked for as `asking` says.
/// Listed, the changes alone come first: with [`Asking::Known`], the device leaves out
/// the versions it has (its own writes come back after a push, the whole shop after
/// its first), and the others come by `_bulk_get`. Import batches are large (~430 KB)
/// and a page holds at most [`replicate::PULL_BATCHES`] of them, so a page of mostly
/// new documents is asked for with them once its size is known.
async fn fetch_page(
    db: &Db,
    server: &Server,
    since: Option<Value>,
    asking: Asking,
) -> Result<Fetched, Stop> {
    if asking == Asking::Whole {
        let url = server.changes_with_docs(since.as_ref(), PULL_PAGE);
        if let Some(answer) = call_capped(&url, replicate::PAGE_BYTES).await? {
            return with_docs(server, &answer, 0).await;
        }
    }
    let answer = call("GET", &server.changes(since.as_ref(), PULL_PAGE), None).await?;
    let listed = ChangesPage::read(&answer)?;
    let mut had = 0;
    if asking == Asking::Known && !listed.changes.is_empty() {
        let known = db.known_changes(&listed.changes).await?;
        let new: Vec<Change> = (listed.changes.iter().zip(&known))
            .filter(|(_, k)| !**k)
            .map(|(c, _)| c.clone())
            .collect();
        had = listed.changes.len() - new.len();
        // A page of new batches too many to carry is asked for as a first pull's.
        if had > 0 && replicate::batch_limit(&new).is_none() {
            let docs = bulk_get(server, &new).await?;
            return Ok(Fetched {
                page: listed,
                docs,
                had,
            });
        }
    }
    if listed.changes.is_empty() {
        return Ok(Fetched {
            page: listed,
            docs: Vec::new(),
            had,
        });
    }
    // No more than were listed: what was pushed since is the next page's.
    let limit = (listed.batch_limit()).unwrap_or(listed.changes.len() as u32);
    let url = server.changes_with_docs(since.as_ref(), limit);
    with_docs(server, &call("GET", &url, None).await?, had).await
}

/// The page `answer` (`_changes` with documents) gives, with the documents it could
/// not carry (those in conflict) fetched.
async fn with_docs(server: &Server, answer: &Value, had: usize) -> Result<Fetched, Stop> {
    let PageDocs {
        page,
        mut docs,
        missing,
    } = PageDocs::read(answer)?;
    docs.extend(bulk_get(server, &missing).await?);
    Ok(Fetched { page, docs, had })
}

/// Every leaf revision of `changes`, with its history (none asked: no request).
async fn bulk_get(server: &Server, changes: &[Change]) -> Result<Vec<Value>, Stop> {
    if changes.is_empty() {
        return Ok(Vec::new());
    }
    let body = replicate::bulk_get_body(changes);
    let answer = call("POST", &server.bulk_get(), Some(&body)).await?;
    Ok(replicate::read_bulk_get(&answer)?)
}

/// Pushes the outbox as `me`, in pages, and records the answers in one write.
async fn push(db: &Db, server: &Server, me: &str) -> Result<kehu_store::PushReport, Stop> {
    let plan = db.push_plan(me).await?;
    if plan.upto == 0 {
        return Ok(kehu_store::PushReport::default());
    }
    let mut results: Vec<Pushed> = Vec::with_capacity(plan.docs.len());
    let sizes: Vec<usize> = (plan.docs.iter()).map(|d| d.to_string().len()).collect();
    for range in replicate::push_pages(&sizes) {
        let page = &plan.docs[range];
        let body = replicate::bulk_docs_body(page);
        let answer = call("POST", &server.bulk_docs(), Some(&body)).await?;
        results.extend(replicate::read_bulk_docs(&answer)?);
    }
    // The conflict branches merged here, once the records that replace them are in.
    let sizes: Vec<usize> = (plan.closing.iter()).map(|d| d.to_string().len()).collect();
    for range in replicate::push_pages(&sizes) {
        let body = replicate::bulk_docs_body(&plan.closing[range]);
        call("POST", &server.bulk_docs(), Some(&body)).await?;
    }
    Ok(db.pushed(&plan, &results).await?)
}

/// Waits for the server's next change after `since` (a long poll, ended by the
/// worker's own timer when the server holds it longer than asked) or for [`wake`].
async fn wait_for_change(server: &Server, since: Option<&Value>) {
    let Ok(abort) = web_sys::AbortController::new() else {
        return sleep(replicate::LONGPOLL_MS as f64).await;
    };
    let stop = abort.clone();
    let end = Closure::once_into_js(move || stop.abort());
    let end: js_sys::Function = end.unchecked_into();
    WAKE.with(|w| *w.borrow_mut() = Some(end.clone()));
    let timer = scope().set_timeout_with_callback_and_timeout_and_arguments_0(
        &end,
        replicate::LONGPOLL_MS as i32 + 5_000,
    );
    let url = server.wait_for_change(since);
    // Whatever the answer (a change, the timeout, an abort, no network), the next round
    // finds out what it means.
    let _ = fetch("GET", &url, None, Some(&abort.signal())).await;
    if let Ok(t) = timer {
        scope().clear_timeout_with_handle(t);
    }
    WAKE.with(|w| w.borrow_mut().take());
}

/// Waits `ms`, or until [`wake`].
async fn sleep(ms: f64) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = scope().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        WAKE.with(|w| *w.borrow_mut() = Some(resolve));
    });
    let _ = JsFuture::from(promise).await;
    WAKE.with(|w| w.borrow_mut().take());
}

/// A request to the server, its JSON answer, or why there is none.
async fn call(method: &str, url: &str, body: Option<&Value>) -> Result<Value, Stop> {
    let response = fetch(method, url, body, None).await?;
    let bytes = body_of(&response, usize::MAX).await?.unwrap_or_default();
    parse(&bytes)
}

/// [`call`] for a GET whose answer may be too large to hold: `None` once it passes
/// `cap` bytes (the rest is not read).
async fn call_capped(url: &str, cap: usize) -> Result<Option<Value>, Stop> {
    let response = fetch("GET", url, None, None).await?;
    match body_of(&response, cap).await? {
        Some(bytes) => parse(&bytes).map(Some),
        None => Ok(None),
    }
}

fn parse(bytes: &[u8]) -> Result<Value, Stop> {
    let failed = |e: String| Stop::Failed(Failure::Protocol(e));
    // From text: the worker's one JSON reader of values (from bytes would be a second).
    let text = std::str::from_utf8(bytes).map_err(|e| failed(e.to_string()))?;
    serde_json::from_str(text).map_err(|e| failed(e.to_string()))
}

/// The body of `response`, an error status as the failure it is; `None` (the stream
/// cancelled) once it passes `cap` bytes.
async fn body_of(response: &web_sys::Response, cap: usize) -> Result<Option<Vec<u8>>, Stop> {
    if !response.ok() {
        return Err(Stop::Failed(Failure::of_status(response.status())));
    }
    let Some(stream) = response.body() else {
        return Ok(Some(Vec::new()));
    };
    let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut bytes = Vec::new();
    loop {
        let read = JsFuture::from(reader.read())
            .await
            .map_err(|_| Stop::Offline)?;
        let field = |name: &str| js_sys::Reflect::get(&read, &name.into()).unwrap_or_default();
        if field("done").as_bool() != Some(false) {
            return Ok(Some(bytes));
        }
        let chunk: js_sys::Uint8Array = field("value").unchecked_into();
        let at = bytes.len();
        if at + chunk.length() as usize > cap {
            let _ = reader.cancel();
            return Ok(None);
        }
        bytes.resize(at + chunk.length() as usize, 0);
        chunk.copy_to(&mut bytes[at..]);
    }
}

async fn fetch(
    method: &str,
    url: &str,
    body: Option<&Value>,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<web_sys::Response, Stop> {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    // The session cookie goes along, on the app's origin or (with CORS) another.
    init.set_credentials(web_sys::RequestCredentials::Include);
    let headers = web_sys::Headers::new().map_err(|_| Stop::Offline)?;
    let _ = headers.set("Accept", "application/json");
    if let Some(b) = body {
        let _ = headers.set("Content-Type", "application/json");
        init.set_body(&JsValue::from_str(&b.to_string()));
    }
    init.set_headers(&headers);
    init.set_signal(signal);
    let promise = scope().fetch_with_str_and_init(url, &init);
    // A fetch fails outright only when there is no answer at all.
    let response = JsFuture::from(promise).await.map_err(|_| Stop::Offline)?;
    response.dyn_into().map_err(|_| Stop::Offline)
}

/// The checkpoint document this device keeps on the server (for the admin to see how
/// far each device has pulled), brought up to `last_seq`; a failure is not sync's.
async fn tell_checkpoint(server: &Server, device: &str, last_seq: &Value) {
    let url = server.checkpoint(device);
    let rev = match call("GET", &url, None).await {
        Ok(doc) => doc["_rev"].as_str().map(String::from),
        Err(_) => None,
    };
    let mut doc = json!({ "last_seq": last_seq });
    if let Some(r) = rev {
        doc["_rev"] = json!(r);
    }
    let _ = call("PUT", &url, Some(&doc)).await;
}
