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

/// Records read together (a `getAll`) are parsed a chunk at a time: their `doc` texts
/// are joined in JavaScript into one JSON array and cross into wasm as one string,
/// instead of one string (an allocation and an encoding call) per record, which cost
/// more than the parse itself.
const CHUNK: u32 = 4_096;

/// The `doc` of every record of `records`, parsed, in order.
pub fn parse_docs<T: serde::de::DeserializeOwned>(
    records: &js_sys::Array,
) -> Result<Vec<T>, StoreError> {
    let n = records.length();
    let mut out = Vec::with_capacity(n as usize);
    let key = JsValue::from_str("doc");
    let mut start = 0;
    while start < n {
        let end = (start + CHUNK).min(n);
        let docs = js_sys::Array::new_with_length(end - start);
        for i in start..end {
            let doc = js_sys::Reflect::get(&records.get(i), &key).map_err(StoreError::from_js)?;
            if !doc.is_string() {
                return Err(StoreError::Corrupt("field doc is not text".into()));
            }
            docs.set(i - start, doc);
        }
        let joined = String::from(docs.join(","));
        let mut text = String::with_capacity(joined.len() + 2);
        text.push('[');
        text.push_str(&joined);
        text.push(']');
        drop(joined);
        let part: Vec<T> =
            serde_json::from_str(&text).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        // Each text is one record's object; a damaged one that ran into its neighbour
        // would change the count.
        if part.len() != (end - start) as usize {
            return Err(StoreError::Corrupt(
                "a record's doc is not one value".into(),
            ));
        }
        out.extend(part);
        start = end;
    }
    Ok(out)
}

pub fn to_doc<T: serde::Serialize>(v: &T) -> JsValue {
    // Serialising our own plain types to JSON cannot fail.
    JsValue::from_str(&serde_json::to_string(v).unwrap_or_default())
}

pub fn array_of<T>(items: impl IntoIterator<Item = T>, f: impl Fn(T) -> JsValue) -> js_sys::Array {
    let a = js_sys::Array::new();
    for i in items {
        a.push(&f(i));
    }
    a
}
