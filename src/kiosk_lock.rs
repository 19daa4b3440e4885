//! The kiosk's exit PIN and lock, per device.
//!
//! The PIN is stored only as a salted PBKDF2-SHA-256 hash (WebCrypto, 210,000
//! iterations), so reading local storage does not reveal it; wrong tries are counted in
//! storage too, with a growing wait ([`kehu_core::validate::pin_delay`]) that a reload
//! does not reset. While a PIN is set, entering the kiosk stores a lock flag: at start-up
//! (a reload, a new tab, an address typed in) the app goes back to the kiosk until the
//! PIN is given.

use crate::platform;
use kehu_core::validate::pin_delay;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/kiosk_lock.js")]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn pbkdf2(pin: &str, salt_hex: &str, iterations: u32) -> Result<JsValue, JsValue>;
    fn random_hex(n: u32) -> String;
}

/// OWASP's 2023 figure for PBKDF2-SHA-256.
const ITERATIONS: u32 = 210_000;
const HASH: &str = "kiosk_pin_hash";
/// The PIN as earlier versions stored it, in plain text (replaced at start-up).
const PLAIN: &str = "kiosk_pin";
/// `failures:not_before_ms`.
const FAILURES: &str = "kiosk_pin_failures";
/// The kiosk's address while it is locked.
const LOCK: &str = "kiosk_lock";

/// Whether an exit PIN is set on this device.
pub fn pin_set() -> bool {
    platform::setting(HASH).is_some_and(|h| !h.is_empty())
}

async fn hash(pin: &str, salt: &str, iterations: u32) -> Option<String> {
    pbkdf2(pin, salt, iterations).await.ok()?.as_string()
}

/// Sets the PIN (or removes it, with `None`). False if the browser could not hash it
/// (WebCrypto needs a secure context: https or localhost).
pub async fn set_pin(pin: Option<&str>) -> bool {
    platform::remove_setting(PLAIN);
    platform::remove_setting(FAILURES);
    let Some(pin) = pin else {
        platform::remove_setting(HASH);
        unlock();
        return true;
    };
    let salt = random_hex(16);
    match hash(pin, &salt, ITERATIONS).await {
        Some(h) => {
            platform::set_setting(HASH, &format!("pbkdf2-sha256${ITERATIONS}${salt}${h}"));
            true
        }
        None => false,
    }
}

/// Replaces a PIN stored in plain text by an earlier version with its hash.
pub async fn upgrade_stored_pin() {
    if let Some(plain) = platform::setting(PLAIN).filter(|p| !p.is_empty())
        && !pin_set()
    {
        set_pin(Some(&plain)).await;
    }
    platform::remove_setting(PLAIN);
}

/// The outcome of a try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Try {
    Right,
    /// Wrong; the next try may come after this many seconds (0: at once).
    Wrong {
        wait: u32,
    },
    /// Too soon after a wrong one: not checked; this many seconds to go.
    TooSoon {
        wait: u32,
    },
}

fn failures() -> (u32, f64) {
    let stored = platform::setting(FAILURES).unwrap_or_default();
    let (n, t) = stored.split_once(':').unwrap_or(("0", "0"));
    (n.parse().unwrap_or(0), t.parse().unwrap_or(0.0))
}

/// Checks a typed PIN against the stored hash, counting wrong tries.
pub async fn try_pin(typed: &str) -> Try {
    let now = platform::now().0 as f64;
    let (n, not_before) = failures();
    if now < not_before {
        return Try::TooSoon {
            wait: ((not_before - now) / 1000.0).ceil() as u32,
        };
    }
    let stored = platform::setting(HASH).unwrap_or_default();
    let parts: Vec<&str> = stored.split('$').collect();
    let right = match parts.as_slice() {
        ["pbkdf2-sha256", iterations, salt, expected] => {
            let iterations = iterations.parse().unwrap_or(ITERATIONS);
            hash(typed.trim(), salt, iterations).await.as_deref() == Some(*expected)
        }
        // No PIN (or an unreadable one): nothing to guard.
        _ => true,
    };
    if right {
        platform::remove_setting(FAILURES);
        return Try::Right;
    }
    let n = n.saturating_add(1);
    let wait = pin_delay(n);
    platform::set_setting(FAILURES, &format!("{n}:{}", now + wait as f64 * 1000.0));
    Try::Wrong { wait }
}

/// The kiosk's address, if the kiosk is locked on this device.
pub fn locked_at() -> Option<String> {
    platform::setting(LOCK).filter(|l| l.starts_with("#/kiosk") && pin_set())
}

/// Locks the kiosk at `href` (its address, survey included).
pub fn lock(href: &str) {
    platform::set_setting(LOCK, href);
}

pub fn unlock() {
    platform::remove_setting(LOCK);
}
