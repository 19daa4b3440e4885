//! kehu: the browser app. Pages, components and charts; no business rules (those live
//! in `kehu-core`) and no IndexedDB (that lives in `kehu-store`).

mod analytics;
mod app;
mod charts;
mod components;
mod data;
mod i18n;
mod importer;
mod kiosk_lock;
mod pages;
mod platform;
mod roster;
mod route;
mod state;
mod worker;

fn main() {
    platform::install_panic_hook();
    // Inside another site's frame, that site could dress kehu up and collect clicks
    // (clickjacking); a static host cannot send `frame-ancestors`, so the page refuses.
    if platform::framed() {
        platform::refuse_framed();
        return;
    }
    leptos::mount::mount_to_body(app::App);
}

/// Panics on purpose, so the end-to-end tests can check the crash screen (they call it
/// as `wasmBindings.kehu_crash_for_test()`). It does only what any bug would do.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn kehu_crash_for_test() {
    panic!("crash requested by a test");
}

/// Writes generated customers and orders at a chosen scale (the demo's generator, run in
/// the import worker, without interactions) in one transaction. The dashboards benchmark calls it as
/// `wasmBindings.kehu_load_generated(100000, 1000000)`; it only adds data, like the demo.
#[wasm_bindgen::prelude::wasm_bindgen]
pub async fn kehu_load_generated(customers: u32, orders: u32) -> Result<(), wasm_bindgen::JsValue> {
    use kehu_core::demo::{DemoSpec, NameStyle};
    let spec = DemoSpec {
        customers: customers as usize,
        orders: orders as usize,
        interactions_per_customer: 0,
        ..DemoSpec::standard(platform::today(), NameStyle::English)
    };
    pages::home::load_demo(spec, |_, _| {})
        .await
        .map_err(|e| wasm_bindgen::JsValue::from_str(&format!("{e:?}")))
}
