//! kehu: the browser app. Pages, components and charts; no business rules (those live
//! in `kehu-core`) and no IndexedDB (that lives in `kehu-store`).

mod app;
mod components;
mod i18n;
mod pages;
mod platform;
mod route;
mod state;

fn main() {
    platform::install_panic_hook();
    leptos::mount::mount_to_body(app::App);
}

/// Panics on purpose, so the end-to-end tests can check the crash screen (they call it
/// as `wasmBindings.kehu_crash_for_test()`). It does only what any bug would do.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn kehu_crash_for_test() {
    panic!("crash requested by a test");
}
