//! A minimal async adapter over IndexedDB's event API.
//!
//! Why not a wrapper crate: transaction lifetime is the whole difficulty of IndexedDB
//! (a transaction auto-commits as soon as the event loop idles with no request pending),
//! and this module keeps it visible. The rule every caller follows: inside a transaction,
//! await only IndexedDB requests of that transaction, never anything else. Futures resolve
//! in microtasks, which run while the transaction is still active.

use crate::StoreError;
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{IdbRequest, IdbTransaction, IdbTransactionMode};

type Outcome = Result<JsValue, StoreError>;

#[derive(Default)]
struct Slot {
    outcome: Option<Outcome>,
    waker: Option<Waker>,
}

/// Resolves once one of two events fires. Owns its JS callbacks, so they are freed when
/// the future is dropped instead of leaking one closure per request.
pub struct EventFuture {
    slot: Rc<RefCell<Slot>>,
    _ok: Closure<dyn FnMut(web_sys::Event)>,
    _err: Closure<dyn FnMut(web_sys::Event)>,
}

impl Future for EventFuture {
    type Output = Outcome;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Outcome> {
        let mut slot = self.slot.borrow_mut();
        match slot.outcome.take() {
            Some(o) => Poll::Ready(o),
            None => {
                slot.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

fn settle(slot: &Rc<RefCell<Slot>>, outcome: Outcome) {
    let mut s = slot.borrow_mut();
    if s.outcome.is_none() {
        s.outcome = Some(outcome);
        if let Some(w) = s.waker.take() {
            w.wake();
        }
    }
}

/// Awaits an IndexedDB request's `success` (its result) or `error`.
pub fn request(req: &IdbRequest) -> EventFuture {
    let slot = Rc::new(RefCell::new(Slot::default()));
    #[cfg(feature = "faults")]
    if let Err(e) = faults::step() {
        // The request was issued; the caller sees it fail, as a quota error would.
        slot.borrow_mut().outcome = Some(Err(e));
    }
    let (s1, r1) = (slot.clone(), req.clone());
    let ok = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
        settle(&s1, Ok(r1.result().unwrap_or(JsValue::UNDEFINED)));
    });
    let (s2, r2) = (slot.clone(), req.clone());
    let err = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
        let mut e = r2.error().ok().flatten();
        // A request that failed only because an earlier one aborted the transaction
        // reports AbortError; the transaction knows the real cause (quota, constraint).
        if e.as_ref().is_some_and(|e| e.name() == "AbortError")
            && let Some(cause) = r2.transaction().and_then(|t| t.error())
        {
            e = Some(cause);
        }
        settle(&s2, Err(StoreError::from_dom(e.as_ref())));
    });
    req.set_onsuccess(Some(ok.as_ref().unchecked_ref()));
    req.set_onerror(Some(err.as_ref().unchecked_ref()));
    EventFuture {
        slot,
        _ok: ok,
        _err: err,
    }
}

/// Awaits a transaction's `complete` (Ok) or `abort` (Err with the reason, such as a
/// quota or constraint error from one of its requests).
pub fn done(tx: &IdbTransaction) -> EventFuture {
    let slot = Rc::new(RefCell::new(Slot::default()));
    let s1 = slot.clone();
    let ok = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
        settle(&s1, Ok(JsValue::UNDEFINED));
    });
    let (s2, t2) = (slot.clone(), tx.clone());
    let err = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
        let e = t2.error();
        settle(
            &s2,
            Err(match e {
                Some(e) => StoreError::from_dom(Some(&e)),
                None => StoreError::Aborted,
            }),
        );
    });
    tx.set_oncomplete(Some(ok.as_ref().unchecked_ref()));
    tx.set_onabort(Some(err.as_ref().unchecked_ref()));
    EventFuture {
        slot,
        _ok: ok,
        _err: err,
    }
}

/// A transaction and the future of its end, created together so the end is never missed.
///
/// **A read-write transaction dropped without [`Tx::commit`] is aborted.** IndexedDB's
/// own default is the opposite (a transaction commits once it idles), so without this an
/// early `?` return after some `put`s would commit them: half a write. With it, every
/// error path of a write rolls back, and only an explicit commit keeps anything.
/// A dropped transaction also detaches its handlers, so the browser never calls a freed
/// callback when it ends later.
pub struct Tx {
    pub tx: IdbTransaction,
    write: bool,
    end: Option<EventFuture>,
    /// What this write changed of the shared records, written at commit.
    pub(crate) journal: RefCell<crate::sync::Journal>,
}

impl Drop for Tx {
    fn drop(&mut self) {
        if self.end.is_some() {
            self.tx.set_oncomplete(None);
            self.tx.set_onabort(None);
            if self.write {
                // Fails only if the transaction already ended (an error aborted it).
                let _ = self.tx.abort();
            }
        }
    }
}

impl Tx {
    /// A transaction over `stores`. A write transaction also holds the outbox, the
    /// tombstones and `meta`, so that whatever it changes enters the outbox with it, and
    /// the sync bases, so that a customer record holding its base can hand it over
    /// before the write replaces it (see `replica::kept`).
    pub fn new(db: &web_sys::IdbDatabase, stores: &[&str], write: bool) -> Result<Tx, StoreError> {
        let names = js_sys::Array::new();
        let journal = [
            crate::sync::OUTBOX,
            crate::sync::TOMBSTONES,
            crate::schema::META,
            crate::replica::SYNC_BASE,
        ];
        let extra = if write { &journal[..] } else { &[] };
        for s in stores
            .iter()
            .chain(extra.iter().filter(|j| !stores.contains(j)))
        {
            names.push(&JsValue::from_str(s));
        }
        let mode = if write {
            IdbTransactionMode::Readwrite
        } else {
            IdbTransactionMode::Readonly
        };
        let tx = db
            .transaction_with_str_sequence_and_mode(&names, mode)
            .map_err(StoreError::from_js)?;
        let end = Some(done(&tx));
        Ok(Tx {
            tx,
            write,
            end,
            journal: RefCell::default(),
        })
    }

    pub fn store(&self, name: &str) -> Result<web_sys::IdbObjectStore, StoreError> {
        self.tx.object_store(name).map_err(StoreError::from_js)
    }

    /// Every key of store `name` and its record, in key order. Both requests are
    /// issued, and listened to, before either is awaited.
    pub async fn keyed_records(
        &self,
        name: &str,
    ) -> Result<(js_sys::Array, js_sys::Array), StoreError> {
        let store = self.store(name)?;
        let keys = request(&store.get_all_keys().map_err(StoreError::from_js)?);
        let vals = request(&store.get_all().map_err(StoreError::from_js)?);
        Ok((keys.await?.into(), vals.await?.into()))
    }

    /// Writes the journal (the outbox entry, the tombstones), then waits for the commit.
    /// Requests issued and not awaited are part of it.
    pub async fn commit(mut self) -> Result<(), StoreError> {
        crate::sync::flush(&self).await?;
        // An injected fault here is the last moment a write can fail: everything is
        // issued, nothing may be kept.
        #[cfg(feature = "faults")]
        faults::step()?;
        // Committing explicitly saves the idle round trip; older engines lack commit(),
        // and there the transaction commits by itself once idle. (web-sys marks the
        // standard method deprecated without a replacement.)
        #[allow(deprecated)]
        let _ = self.tx.commit();
        match self.end.take() {
            Some(end) => end.await.map(|_| ()),
            None => Ok(()),
        }
    }

    /// Rolls back everything this transaction wrote (dropping a write does the same;
    /// this says so where it is the point).
    pub fn abort(self) {
        let _ = self.tx.abort();
    }
}

/// Failure injection for the storage tests (feature `faults`, never in a build anyone
/// runs): the n-th step from now fails, a step being an awaited request or a commit, so a
/// test can make every write path fail at each of its steps in turn and check that the
/// database is exactly as it was.
#[cfg(feature = "faults")]
pub mod faults {
    use crate::StoreError;
    use std::cell::Cell;

    thread_local! {
        static LEFT: Cell<Option<u32>> = const { Cell::new(None) };
        static FIRED: Cell<bool> = const { Cell::new(false) };
    }

    /// Steps `n` steps from now (0: the next one) fails; one fault per arming.
    pub fn fail_at(n: u32) {
        LEFT.with(|l| l.set(Some(n)));
        FIRED.with(|f| f.set(false));
    }

    /// Disarms; says whether the fault fired.
    pub fn disarm() -> bool {
        LEFT.with(|l| l.set(None));
        FIRED.with(|f| f.replace(false))
    }

    pub(crate) fn step() -> Result<(), StoreError> {
        let fire = LEFT.with(|l| match l.get() {
            Some(0) => {
                l.set(None);
                true
            }
            Some(n) => {
                l.set(Some(n - 1));
                false
            }
            None => false,
        });
        if fire {
            FIRED.with(|f| f.set(true));
            return Err(StoreError::Other {
                name: "InjectedFault".into(),
                message: "a test made this step fail".into(),
            });
        }
        Ok(())
    }
}

/// Awaits an open request: `success` gives the database; `error` or `blocked` an error.
/// If the open succeeds after `blocked` was already reported, the late handle is closed so
/// it cannot hold up anyone's upgrade.
pub fn open_request(req: &web_sys::IdbOpenDbRequest) -> OpenFuture {
    let slot = Rc::new(RefCell::new(Slot::default()));
    let (s1, r1) = (slot.clone(), req.clone());
    let ok = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
        let db = r1.result().unwrap_or(JsValue::UNDEFINED);
        let late = s1.borrow().outcome.is_some();
        if late {
            if let Ok(db) = db.dyn_into::<web_sys::IdbDatabase>() {
                db.close();
            }
        } else {
            settle(&s1, Ok(db));
        }
    });
    let (s2, r2) = (slot.clone(), req.clone());
    let err = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
        let e = r2.error().ok().flatten();
        settle(&s2, Err(StoreError::from_dom(e.as_ref())));
    });
    let s3 = slot.clone();
    let blocked = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
        settle(&s3, Err(StoreError::Blocked));
    });
    req.set_onsuccess(Some(ok.as_ref().unchecked_ref()));
    req.set_onerror(Some(err.as_ref().unchecked_ref()));
    req.set_onblocked(Some(blocked.as_ref().unchecked_ref()));
    OpenFuture {
        inner: EventFuture {
            slot,
            _ok: ok,
            _err: err,
        },
        _blocked: blocked,
    }
}

pub struct OpenFuture {
    inner: EventFuture,
    _blocked: Closure<dyn FnMut(web_sys::Event)>,
}

impl Future for OpenFuture {
    type Output = Outcome;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Outcome> {
        Pin::new(&mut self.inner).poll(cx)
    }
}
