//! The installed, offline app: the page registers the service worker `cargo xtask dist`
//! writes (xtask/src/pwa.rs), which keeps every file of the build, so kehu boots without
//! the network after the first visit. When a newer build has installed beside the
//! running one, a prompt asks before reloading into it; the user's "reload" lets the
//! new worker take over, then reloads. A build without the worker (`trunk serve`)
//! simply runs online.

use crate::i18n::{K, use_i18n};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/pwa.js")]
extern "C" {
    fn register(on_waiting: &Closure<dyn Fn()>);
    fn take_update();
}

/// Registers the service worker, and shows the prompt once a new build is waiting
/// (not while `hidden`: the kiosk, in front of a customer).
#[component]
pub fn UpdatePrompt(hidden: Signal<bool>) -> impl IntoView {
    let i = use_i18n();
    let ready = RwSignal::new(false);
    let on_waiting = Closure::<dyn Fn()>::new(move || ready.set(true));
    register(&on_waiting);
    // Called for as long as the page lives.
    on_waiting.forget();
    move || {
        (ready.get() && !hidden.get()).then(|| {
            view! {
                <div class="panel panel-warn update-ready" id="update-ready" role="status">
                    <span>{i.tr(K::UpdateReady)}</span>
                    <span class="update-actions">
                        <button class="btn btn-small btn-primary" id="update-reload" on:click=|_| take_update()>{i.tr(K::UpdateReload)}</button>
                        <button class="btn btn-small" id="update-later" on:click=move |_| ready.set(false)>{i.tr(K::UpdateLater)}</button>
                    </span>
                </div>
            }
        })
    }
}
