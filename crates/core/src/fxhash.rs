//! FxHash, the multiply-rotate hash of rustc (`rustc-hash`) with a MurmurHash3 finaliser,
//! for maps whose keys come from the user's own data: a fraction of the cost of SipHash,
//! and a denial of service against one's own browser tab is no threat.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

pub type FxHashMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// The FxHash of a text, for tables that keep their keys elsewhere (hashbrown's
/// `HashTable`).
pub fn hash_str(s: &str) -> u64 {
    use std::hash::BuildHasher;
    BuildHasherDefault::<FxHasher>::default().hash_one(s)
}

const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

#[derive(Debug, Default, Clone, Copy)]
pub struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut word = [0u8; 8];
            word.copy_from_slice(w);
            self.add(u64::from_le_bytes(word));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    fn write_u8(&mut self, b: u8) {
        self.add(b as u64);
    }

    fn write_u32(&mut self, n: u32) {
        self.add(n as u64);
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        // Multiplication only carries upwards, so keys that differ in their last bytes
        // (C0000001, C0000002: the high bytes of a little-endian word) would share their
        // low bits, which pick the bucket. MurmurHash3's finaliser mixes them down.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinct_keys_stay_distinct() {
        let mut m: FxHashMap<String, u32> = FxHashMap::default();
        for k in 0..10_000u32 {
            m.insert(format!("C{k:07}"), k);
        }
        assert_eq!(m.len(), 10_000);
        assert_eq!(m.get("C0000042"), Some(&42));
        // Strings that differ only past the first word, or by a trailing byte.
        m.insert("abcdefgh1".into(), 1);
        m.insert("abcdefgh2".into(), 2);
        assert_eq!((m["abcdefgh1"], m["abcdefgh2"]), (1, 2));
    }

    /// Sequential ids must spread over the low bits, which pick the bucket.
    #[test]
    fn sequential_ids_spread_over_buckets() {
        use std::hash::BuildHasher;
        let b = BuildHasherDefault::<FxHasher>::default();
        let mut used = std::collections::HashSet::new();
        for k in 0..4_096u32 {
            used.insert(b.hash_one(format!("C{k:07}")) & 4_095);
        }
        // Random hashing fills ~63 % of 4,096 buckets with 4,096 keys.
        assert!(used.len() > 2_400, "{} buckets", used.len());
    }
}
