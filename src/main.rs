//! The page's wasm binary: the shell and the everyday pages (`kehu::start`).

fn main() {
    kehu::start();
}

/// Panics on purpose, so the end-to-end tests can check the crash screen (they call it
/// as `wasmBindings.kehu_crash_for_test()`). It does only what any bug would do.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn kehu_crash_for_test() {
    panic!("crash requested by a test");
}

/// Writes generated customers and orders at a chosen scale in one transaction. The
/// dashboards benchmark calls it as `wasmBindings.kehu_load_generated(100000, 1000000)`.
#[wasm_bindgen::prelude::wasm_bindgen]
pub async fn kehu_load_generated(customers: u32, orders: u32) -> Result<(), wasm_bindgen::JsValue> {
    kehu::load_generated(customers, orders).await
}
