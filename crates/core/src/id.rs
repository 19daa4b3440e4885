//! Record ids: time-ordered UUIDs (version 7) as strings.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A record id. New ids are UUIDv7, so they sort by creation time; the edges (store, demo
/// generator) supply the time and randomness, keeping this crate free of clocks.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(pub String);

impl Id {
    /// Whether `s` is written as a UUID (8-4-4-4-12 hex digits): an id kehu made, never
    /// a name someone typed.
    pub fn is_uuid(s: &str) -> bool {
        s.len() == 36
            && s.bytes().enumerate().all(|(i, b)| match i {
                8 | 13 | 18 | 23 => b == b'-',
                _ => b.is_ascii_hexdigit(),
            })
    }

    /// Builds a UUIDv7 from a Unix time in milliseconds and 10 random bytes.
    pub fn v7(unix_ms: u64, random: [u8; 10]) -> Id {
        let mut b = [0u8; 16];
        b[..6].copy_from_slice(&unix_ms.to_be_bytes()[2..]);
        b[6..].copy_from_slice(&random);
        b[6] = 0x70 | (b[6] & 0x0f);
        b[8] = 0x80 | (b[8] & 0x3f);
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut s = String::with_capacity(36);
        for (i, byte) in b.iter().enumerate() {
            if matches!(i, 4 | 6 | 8 | 10) {
                s.push('-');
            }
            s.push(HEX[(byte >> 4) as usize] as char);
            s.push(HEX[(byte & 15) as usize] as char);
        }
        Id(s)
    }

    /// The id made from `parts` alone (and `at`, its time): the same parts give the same
    /// id on every device, so a record derived from others (a contract's renewal task, a
    /// care rule's task) is written once however often, and wherever, it is derived.
    pub fn derived(at: u64, parts: &[&str]) -> Id {
        use std::hash::{Hash, Hasher};
        let mut bytes = [0u8; 10];
        for (n, chunk) in bytes.chunks_mut(5).enumerate() {
            let mut h = crate::fxhash::FxHasher::default();
            for p in parts {
                p.hash(&mut h);
            }
            (n as u8).hash(&mut h);
            chunk.copy_from_slice(&h.finish().to_le_bytes()[..5]);
        }
        Id::v7(at, bytes)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v7_layout_and_order() {
        let a = Id::v7(1_700_000_000_000, [0xff; 10]);
        let b = Id::v7(1_700_000_000_001, [0; 10]);
        assert_eq!(a.0.len(), 36);
        assert_eq!(&a.0[14..15], "7", "version nibble");
        assert!(
            matches!(&a.0[19..20], "8" | "9" | "a" | "b"),
            "variant bits"
        );
        assert!(a < b, "later ids sort after earlier ones");
    }
}
