//! Small helpers for plain JavaScript objects.

use crate::StoreError;
use wasm_bindgen::prelude::*;

pub fn get(obj: &JsValue, key: &str) -> Result<JsValue, StoreError> {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).map_err(StoreError::from_js)
}

pub fn set(obj: &js_sys::Object, key: &str, v: &JsValue) {
    // Setting a property on a plain object we created cannot fail.
    let _ = js_sys::Reflect::set(obj, &JsValue::from_str(key), v);
}

pub fn get_string(obj: &JsValue, key: &str) -> Result<String, StoreError> {
    get(obj, key)?
        .as_string()
        .ok_or_else(|| StoreError::Corrupt(format!("field {key} is not text")))
}

pub fn get_f64(obj: &JsValue, key: &str) -> Result<f64, StoreError> {
    get(obj, key)?
        .as_f64()
        .ok_or_else(|| StoreError::Corrupt(format!("field {key} is not a number")))
}

pub fn parse_doc<T: serde::de::DeserializeOwned>(obj: &JsValue) -> Result<T, StoreError> {
    let doc = get_string(obj, "doc")?;
    serde_json::from_str(&doc).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub fn to_doc<T: serde::Serialize>(v: &T) -> JsValue {
    // Serialising our own plain types to JSON cannot fail. ASCII: half the bytes to
    // store (see `ascii_json`).
    JsValue::from_str(&kehu_core::text::ascii_json(v).unwrap_or_default())
}

pub fn array_of<T>(items: impl IntoIterator<Item = T>, f: impl Fn(T) -> JsValue) -> js_sys::Array {
    let a = js_sys::Array::new();
    for i in items {
        a.push(&f(i));
    }
    a
}
