//! Words as 64-bit hashes: topic words and function words are compared by hash, so a line's
//! words cost no allocation and a lookup costs no SipHash.
//!
//! Collisions: two different words share a hash with probability about n²/2⁶⁵ for n distinct
//! words, below 10⁻⁸ for a million words, and a collision only nudges a similarity score.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// The hash of a (folded) word or line key: its bytes read eight at a time (the last piece
/// padded with zeros, the length mixed in first), each piece mixed by a multiply and a
/// rotation, then a finalizer that spreads the bits, so the value can key a hash table as is.
///
/// A byte-at-a-time hash (FNV) made every byte wait for a multiply; most words here are one or
/// two pieces. Two keys of the same length that fit in one piece never collide: each step and
/// the finalizer are bijections.
#[inline]
pub fn word_hash(word: &str) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let bytes = word.as_bytes();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ (bytes.len() as u64);
    let mut pieces = bytes.chunks_exact(8);
    for piece in &mut pieces {
        let v = u64::from_le_bytes(piece.try_into().expect("eight bytes"));
        h = (h ^ v).wrapping_mul(K).rotate_left(31);
    }
    let rest = pieces.remainder();
    if !rest.is_empty() {
        let mut last = [0u8; 8];
        last[..rest.len()].copy_from_slice(rest);
        h = (h ^ u64::from_le_bytes(last))
            .wrapping_mul(K)
            .rotate_left(31);
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

    #[test]
    fn zero_padding_and_piece_boundaries_do_not_collide() {
        // The last piece is padded with zeros: the length keeps "a" apart from "a\0".
        assert_ne!(word_hash("a"), word_hash("a\0"));
        assert_ne!(word_hash("abcdefgh"), word_hash("abcdefgh\0"));
        // Every word of one to twenty letters over a small alphabet, lengths across the piece
        // boundaries: 200,000 distinct keys, 200,000 distinct hashes.
        let mut set = WordSet::default();
        let mut n = 0;
        for i in 0..200_000u64 {
            let len = 1 + (i % 20) as usize;
            let w: String = (0..len)
                .map(|k| char::from(b'a' + ((i >> (k % 16)) % 7) as u8 + (k as u8 % 3)))
                .collect();
            if set.insert(word_hash(&format!("{w}{i}"))) {
                n += 1;
            }
        }
        assert_eq!(n, 200_000);
    }
}
