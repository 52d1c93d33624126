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
        h = (h ^ tail_piece(bytes, rest.len()))
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

/// The last `n` bytes of `bytes` (1 to 7) as a little-endian number, zero-padded: what
/// copying them into a zeroed 8-byte array reads as. Copying a variable length called
/// `memcpy`, about two million calls on 17 MB of dumps; these are fixed-size reads. Two reads
/// that overlap put the same bytes in the same places, so or-ing them is exact.
#[inline]
fn tail_piece(bytes: &[u8], n: usize) -> u64 {
    let len = bytes.len();
    debug_assert!((1..8).contains(&n) && (len >= 8 || n == len));
    if len >= 8 {
        // The word's last eight bytes, those of earlier pieces shifted out.
        let last = u64::from_le_bytes(bytes[len - 8..].try_into().expect("eight bytes"));
        return last >> (8 * (8 - n));
    }
    // Shorter than a piece: the tail is the whole word.
    match n {
        4..=7 => {
            let lo = u64::from(u32::from_le_bytes(bytes[..4].try_into().expect("four")));
            let hi = u64::from(u32::from_le_bytes(bytes[n - 4..].try_into().expect("four")));
            lo | hi << (8 * (n - 4))
        }
        2 | 3 => {
            let lo = u64::from(u16::from_le_bytes(bytes[..2].try_into().expect("two")));
            let hi = u64::from(u16::from_le_bytes(bytes[n - 2..].try_into().expect("two")));
            lo | hi << (8 * (n - 2))
        }
        _ => u64::from(bytes[len - 1]),
    }
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
    fn the_tail_piece_reads_what_a_zero_padded_copy_holds() {
        let bytes: Vec<u8> = (0..24u8)
            .map(|i| i.wrapping_mul(37).wrapping_add(200))
            .collect();
        for len in 1..=bytes.len() {
            let word = &bytes[..len];
            let n = len % 8;
            if n == 0 {
                continue;
            }
            let mut last = [0u8; 8];
            last[..n].copy_from_slice(&word[len - n..]);
            assert_eq!(
                tail_piece(word, n),
                u64::from_le_bytes(last),
                "length {len}"
            );
        }
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
