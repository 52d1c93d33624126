//! Words as 64-bit hashes: topic words and function words are compared by hash, so a line's
//! words cost no allocation and a lookup costs no SipHash.
//!
//! Collisions: two different words share a hash with probability about n²/2⁶⁵ for n distinct
//! words, below 10⁻⁸ for a million words, and a collision only nudges a similarity score.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// The hash of a (folded) word: FNV-1a over its bytes, then a finalizer that spreads the bits,
/// so the value can key a hash table as is.
#[inline]
pub fn word_hash(word: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in word.as_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    // splitmix64's finalizer
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// A hasher for keys that are already [`word_hash`]es: it passes them through.
#[derive(Default, Clone, Copy)]
pub struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only reached for keys other than u64; fold them in so the hasher stays correct.
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub type WordMap<V> = HashMap<u64, V, BuildHasherDefault<PassThrough>>;
pub type WordSet = HashSet<u64, BuildHasherDefault<PassThrough>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_word_same_hash_and_distinct_words_differ() {
        assert_eq!(word_hash("وزير"), word_hash("وزير"));
        let words = ["وزير", "وزيرة", "minister", "ministers", "a", "b", ""];
        let set: WordSet = words.iter().map(|w| word_hash(w)).collect();
        assert_eq!(set.len(), words.len());
    }
}
