//! kehu: the browser app. Pages, components and charts; no business rules (those live
//! in `kehu-core`) and no IndexedDB (that lives in `kehu-store`).
//!
//! One library, two wasm binaries: `kehu` (src/main.rs), the page every visit loads,
//! and `kehu-office` (src/bin/office.rs), the back-office pages, which the page loads
//! the first time one of them is opened (see `office`).

mod analytics;
mod app;
mod care;
mod charts;
mod components;
mod data;
mod i18n;
mod importer;
mod kiosk_lock;
mod office;
mod pages;
mod platform;
mod pwa;
mod roster;
mod route;
mod shop_settings;
mod state;
mod sync;
mod worker;

pub use office::mount as mount_office;

/// Starts the app in the page: the panic screen, then the shell on the body.
pub fn start() {
    platform::install_panic_hook();
    // Inside another site's frame, that site could dress kehu up and collect clicks
    // (clickjacking); a static host cannot send `frame-ancestors`, so the page refuses.
    if platform::framed() {
        platform::refuse_framed();
        return;
    }
    leptos::mount::mount_to_body(app::App);
}

/// Writes generated customers and orders at a chosen scale (the demo's generator, run in
/// the import worker, without interactions) in one transaction; it only adds data, like
/// the demo.
pub async fn load_generated(customers: u32, orders: u32) -> Result<(), wasm_bindgen::JsValue> {
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
