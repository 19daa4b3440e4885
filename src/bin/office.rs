//! The back office's wasm binary (the library's `office` module): the page loads it the
//! first time one of its pages is opened and calls `kehu_office_mount`.

fn main() {}

/// Mounts the office into the shell's box for it.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn kehu_office_mount(el: web_sys::HtmlElement) {
    kehu::mount_office(el);
}
