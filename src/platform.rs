//! The browser facts the core is not allowed to know: the clock, the time zone,
//! randomness, local settings, and the crash screen.

use crate::i18n::{K, Lang};
use kehu_core::{Day, Id, Millis};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/platform.js")]
extern "C" {
    #[wasm_bindgen(js_name = collation_ranks)]
    fn js_collation_ranks(names: js_sys::Array, locale: &str) -> js_sys::Uint32Array;
    /// A click handler in JavaScript: after a panic the wasm instance is gone, and an
    /// inline `onclick` is refused by the Content-Security-Policy.
    fn reload_on_click(button: &web_sys::Element);
    /// The zone's offset at `from`, then each (instant, new offset) up to `to`.
    #[wasm_bindgen(js_name = zone_changes)]
    fn js_zone_changes(from: f64, to: f64) -> js_sys::Float64Array;
    /// The zone's IANA name ("Asia/Shanghai"), or "" when the browser does not say.
    fn zone_name() -> String;
    #[wasm_bindgen(js_name = random_bytes)]
    fn js_random_bytes(n: u32) -> js_sys::Uint8Array;
}

/// Each name's place in the language's collation: pinyin order for Chinese, dictionary
/// order for English. The browser's ICU data knows both; sorting inside JS keeps it to
/// one call however many names there are.
pub fn collation_ranks<'a>(names: impl Iterator<Item = &'a str>, lang: Lang) -> Vec<u32> {
    let arr = js_sys::Array::new();
    for n in names {
        arr.push(&JsValue::from_str(n));
    }
    js_collation_ranks(arr, lang.code()).to_vec()
}

/// The file chosen in a file input's `change` event; the input is cleared, so choosing
/// the same file again is a change too.
pub fn chosen_file(ev: &web_sys::Event) -> Option<web_sys::File> {
    use wasm_bindgen::JsCast;
    let input = ev.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    let file = input.files().and_then(|f| f.get(0));
    input.set_value("");
    file
}

/// Offers `text` as a file download named `name` (made in the page: nothing is sent).
pub fn download(name: &str, mime: &str, text: &str) {
    save(
        name,
        mime,
        &js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text)),
    );
}

/// [`download`] for a text already in JavaScript (a backup made by the worker), not
/// copied through the wasm memory.
pub fn download_js(name: &str, mime: &str, text: &wasm_bindgen::JsValue) {
    save(name, mime, &js_sys::Array::of1(text));
}

/// [`download`] for binary content (a workbook).
pub fn download_bytes(name: &str, mime: &str, bytes: &[u8]) {
    save(
        name,
        mime,
        &js_sys::Array::of1(&js_sys::Uint8Array::from(bytes)),
    );
}

pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn save(name: &str, mime: &str, parts: &js_sys::Array) {
    use wasm_bindgen::JsCast;
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_buffer_source_sequence_and_options(parts, &opts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(a) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    // Freed once the browser has taken the file.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(5),
    );
}

/// Resolves in a later task of the event loop: a long piece of work split here lets the
/// page paint and answer input in between.
pub async fn next_task() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

pub fn now() -> Millis {
    Millis(js_sys::Date::now() as i64)
}

/// Minutes to add to UTC to get local time (480 in China).
pub fn utc_offset_min() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

/// Today's local calendar date.
pub fn today() -> Day {
    Millis(now().0 + utc_offset_min() as i64 * 60_000).day()
}

thread_local! {
    static ZONE: std::cell::OnceCell<std::rc::Rc<kehu_core::date::Zone>> = const { std::cell::OnceCell::new() };
}

/// The user's time zone, with every change of offset from 1970 to 2100 (daylight
/// saving), read once from the browser: weekly samples, each change then found to the
/// minute by halving. The scan runs in JavaScript (its ~7,000 `Date`s, one call each
/// from wasm, were a long main-thread task of their own) and is kept on the device
/// under the zone's name, so it runs once per browser and zone.
pub fn zone() -> std::rc::Rc<kehu_core::date::Zone> {
    ZONE.with(|z| z.get_or_init(|| std::rc::Rc::new(read_zone())).clone())
}

fn read_zone() -> kehu_core::date::Zone {
    let name = zone_name();
    let kept = setting("zone")
        .and_then(|t| {
            let (n, z) = t.split_once('|')?;
            (n == name && !name.is_empty()).then(|| kehu_core::date::Zone::from_text(z))?
        })
        // A browser with newer zone rules: read again.
        .filter(|z| z.offset_at(now()) == utc_offset_min());
    if let Some(z) = kept {
        return z;
    }
    let raw = js_zone_changes(0.0, 4_102_444_800_000.0).to_vec(); // 1970 to 2100
    let first = raw.first().copied().unwrap_or(0.0) as i32;
    let changes = raw[1.min(raw.len())..]
        .chunks_exact(2)
        .map(|c| (c[0] as i64, c[1] as i32))
        .collect();
    let z = kehu_core::date::Zone { first, changes };
    if !name.is_empty() {
        set_setting("zone", &format!("{name}|{}", z.to_text()));
    }
    z
}

/// The zone's offset at instant `at` (for showing it as a local time).
pub fn offset_of(at: Millis) -> i32 {
    zone().offset_at(at)
}

/// The local calendar day of instant `at` (with that day's offset).
pub fn local_day(at: Millis) -> Day {
    zone().day(at)
}

/// A new time-ordered id (UUIDv7).
/// Random bytes from the browser's cryptographic generator (salts, not ids).
pub fn random_salt() -> [u8; 16] {
    let mut out = [0u8; 16];
    js_random_bytes(16).copy_to(&mut out);
    out
}

pub fn new_id() -> Id {
    let mut r = [0u8; 10];
    for b in &mut r {
        *b = (js_sys::Math::random() * 256.0) as u8;
    }
    Id::v7(now().0 as u64, r)
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn setting(key: &str) -> Option<String> {
    local_storage()?
        .get_item(&format!("kehu.{key}"))
        .ok()
        .flatten()
}

/// The event on the window that announces a changed setting to the page's other wasm
/// app (the office, see `office.rs`); local storage's own `storage` event only reaches
/// other tabs.
pub const SETTING_EVENT: &str = "kehu-setting";

pub fn set_setting(key: &str, value: &str) {
    store_setting(key, Some(value));
    shared_changed(key);
    announce_setting();
}

pub fn remove_setting(key: &str) {
    store_setting(key, None);
    shared_changed(key);
    announce_setting();
}

/// Writes (or with `None` removes) setting `key` on this device, and nothing more.
pub(crate) fn store_setting(key: &str, value: Option<&str>) {
    if let Some(s) = local_storage() {
        let key = format!("kehu.{key}");
        let _ = match value {
            Some(v) => s.set_item(&key, v),
            None => s.remove_item(&key),
        };
    }
}

/// What is called when a shared setting changes here.
type SharedHook = Option<Box<dyn Fn(&str)>>;

thread_local! {
    static ON_SHARED: std::cell::RefCell<SharedHook> = const { std::cell::RefCell::new(None) };
}

/// Calls `f` with the name of each of the shop's shared settings
/// (`kehu_core::shop::SHARED`) the user changes here, so the shop's record follows
/// (`shop_settings.rs`).
pub fn on_shared_setting(f: impl Fn(&str) + 'static) {
    ON_SHARED.with(|h| *h.borrow_mut() = Some(Box::new(f)));
}

fn shared_changed(key: &str) {
    if kehu_core::shop::SHARED.contains(&key) {
        ON_SHARED.with(|h| {
            if let Some(f) = &*h.borrow() {
                f(key);
            }
        });
    }
}

pub(crate) fn announce_setting() {
    if let (Some(w), Ok(e)) = (web_sys::window(), web_sys::Event::new(SETTING_EVENT)) {
        let _ = w.dispatch_event(&e);
    }
}

/// Removes every setting of this app on this device ("erase all data": the kiosk PIN
/// and lock, remembered mappings, analysis choices, the backup reminder).
pub fn clear_settings() {
    let Some(s) = local_storage() else {
        return;
    };
    let n = s.length().unwrap_or(0);
    let ours: Vec<String> = (0..n)
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with("kehu."))
        .collect();
    for k in ours {
        let _ = s.remove_item(&k);
    }
}

/// The saved language, else the browser's, else Chinese.
pub fn initial_lang() -> Lang {
    setting("lang")
        .and_then(|s| Lang::from_code(&s))
        .or_else(|| {
            let nav = web_sys::window()?.navigator();
            nav.languages()
                .iter()
                .filter_map(|l| l.as_string())
                .chain(nav.language())
                .find_map(|l| Lang::from_code(&l))
        })
        .unwrap_or_default()
}

pub fn set_document_lang(lang: Lang) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = el.set_attribute("lang", lang.code());
    }
}

/// Shows the crash screen after a panic. Built with plain DOM calls, because after a
/// panic the reactive runtime may be unusable.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_crash_screen();
    }));
}

fn show_crash_screen() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if doc.get_element_by_id("crash").is_some() {
        return;
    }
    let lang = setting("lang")
        .and_then(|s| Lang::from_code(&s))
        .unwrap_or_default();
    let make = |tag: &str, text: &str| {
        let el = doc.create_element(tag).ok()?;
        el.set_text_content(Some(text));
        Some(el)
    };
    let (Ok(overlay), Some(title), Some(body), Some(button)) = (
        doc.create_element("div"),
        make("h1", K::CrashTitle.text(lang)),
        make("p", K::CrashBody.text(lang)),
        make("button", K::Reload.text(lang)),
    ) else {
        return;
    };
    let _ = overlay.set_attribute("id", "crash");
    let _ = overlay.set_attribute("role", "alertdialog");
    let _ = overlay.set_attribute("class", "crash");
    let _ = button.set_attribute("class", "btn btn-primary");
    reload_on_click(&button);
    let _ = overlay.append_child(&title);
    let _ = overlay.append_child(&body);
    let _ = overlay.append_child(&button);
    if let Some(b) = doc.body() {
        let _ = b.append_child(&overlay);
        if let Ok(btn) = button.dyn_into::<web_sys::HtmlElement>() {
            let _ = btn.focus();
        }
    }
}

/// Whether the page is inside a frame of another page.
pub fn framed() -> bool {
    let Some(w) = web_sys::window() else {
        return false;
    };
    match w.top() {
        Ok(Some(top)) => !js_sys::Object::is(&top, &w),
        // A top the browser will not even name is someone else's.
        _ => true,
    }
}

/// Shows, instead of the app, that kehu does not run in a frame, with a link that opens
/// it on its own.
pub fn refuse_framed() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let lang = setting("lang")
        .and_then(|s| Lang::from_code(&s))
        .unwrap_or_default();
    let (Ok(p), Ok(a), Some(body)) = (doc.create_element("p"), doc.create_element("a"), doc.body())
    else {
        return;
    };
    p.set_text_content(Some(K::FramedRefused.text(lang)));
    a.set_text_content(Some(K::FramedOpen.text(lang)));
    let here = doc
        .location()
        .and_then(|l| l.href().ok())
        .unwrap_or_default();
    let _ = a.set_attribute("href", &here);
    let _ = a.set_attribute("target", "_top");
    let _ = a.set_attribute("rel", "noopener");
    let _ = p.set_attribute("id", "framed");
    let _ = body.append_child(&p);
    let _ = body.append_child(&a);
}

/// Moves the keyboard focus to the element with this id, if there is one.
/// Puts `text` on the clipboard (where the browser allows: a secure page, after a
/// click).
pub fn copy_text(text: &str) {
    let clipboard = web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| js_sys::Reflect::get(&n, &"clipboard".into()).ok())
        .filter(|c| !c.is_undefined());
    let write = clipboard.as_ref().and_then(|c| {
        let f = js_sys::Reflect::get(c, &"writeText".into()).ok()?;
        Some((c.clone(), js_sys::Function::from(f)))
    });
    if let Some((c, f)) = write {
        let _ = f.call1(&c, &text.into());
    }
}

pub fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}
