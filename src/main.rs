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
