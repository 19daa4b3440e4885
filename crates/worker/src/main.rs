//! The web worker for analytics and imports. Every message is in the one envelope of
//! `kehu_core::envelope` (a `Request` in, `Reply`s out, `ready` first). For analytics
//! the page asks [`ToWorker::Run`]; the worker opens the database itself (a million orders never cross a `postMessage`), computes the
//! [`Insights`](kehu_core::analytics::insights::Insights), stores them with the data
//! version they describe, and answers [`FromWorker::Done`]. Progress goes out as each
//! stage begins. Cancelling is the page terminating the worker: the one write is a
//! single transaction, so a cancelled run leaves the previous cache intact.
//!
//! A pivot report (`pivot.rs`) is one request and one answer, in a worker of its own;
//! so are the Service dashboard's figures (`service.rs`), a run of the care rules
//! (`care.rs`) and a campaign's list or every campaign's effect (`marketing.rs`).
//!
//! An import runs in a worker of its own (`import.rs`): the page posts the request and
//! the file; the worker reads the file in slices, checks it, and writes it in batches.
//! Backups, take-backs and the demo are import requests too.
//!
//! No UI framework here: the binary is the core, the store and a message loop.

#[cfg(target_arch = "wasm32")]
mod care;
#[cfg(target_arch = "wasm32")]
mod import;
#[cfg(target_arch = "wasm32")]
mod marketing;
#[cfg(target_arch = "wasm32")]
mod pivot;
#[cfg(target_arch = "wasm32")]
mod service;
#[cfg(target_arch = "wasm32")]
mod sync;
#[cfg(target_arch = "wasm32")]
mod worker;

fn main() {
    #[cfg(target_arch = "wasm32")]
    worker::start();
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("kehu-worker runs in a browser, as the app's analytics worker");
}
