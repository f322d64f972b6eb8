//! The programme's state: the set of covered units at or after the current one, as a `u128`
//! window or, when some candidate spans 128 units or more, a growable bit set; and the hasher
//! of the state index.

use std::hash::{BuildHasherDefault, Hash, Hasher};

/// FxHash-style hasher for the small integer keys of the programme.
#[derive(Default, Clone, Copy, Debug)]
pub(super) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(b as u64);
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u128(&mut self, x: u128) {
        self.write_u64(x as u64);
        self.write_u64((x >> 64) as u64);
    }
    fn write_usize(&mut self, x: usize) {
        self.write_u64(x as u64);
    }
}

pub(super) type FxBuild = BuildHasherDefault<FxHasher>;

/// The set of covered units at or after the current one, bit 0 being the current unit.
pub(super) trait Frontier: Clone + Eq + Hash {
    fn empty() -> Self;
    fn from_offsets(offsets: &[usize]) -> Self;
    fn first(&self) -> bool;
    fn shifted(&self) -> Self;
    fn disjoint(&self, other: &Self) -> bool;
    fn union_shifted(&self, other: &Self) -> Self;
}

impl Frontier for u128 {
    fn empty() -> u128 {
        0
    }
    fn from_offsets(offsets: &[usize]) -> u128 {
        offsets.iter().fold(0, |m, &o| m | (1u128 << o))
    }
    fn first(&self) -> bool {
        self & 1 == 1
    }
    fn shifted(&self) -> u128 {
        self >> 1
    }
    fn disjoint(&self, other: &u128) -> bool {
        self & other == 0
    }
    fn union_shifted(&self, other: &u128) -> u128 {
        (self | other) >> 1
    }
}

/// Growable bit set, for components where a candidate spans 128 units or more.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub(super) struct Wide(Vec<u64>);

impl Wide {
    fn trimmed(mut words: Vec<u64>) -> Wide {
        while words.last() == Some(&0) {
            words.pop();
        }
        Wide(words)
    }
}

impl Frontier for Wide {
    fn empty() -> Wide {
        Wide(Vec::new())
    }
    fn from_offsets(offsets: &[usize]) -> Wide {
        let mut words = vec![0u64; offsets.iter().max().map_or(0, |m| m / 64 + 1)];
        for &o in offsets {
            words[o / 64] |= 1 << (o % 64);
        }
        Wide::trimmed(words)
    }
    fn first(&self) -> bool {
        self.0.first().is_some_and(|w| w & 1 == 1)
    }
    fn shifted(&self) -> Wide {
        let w = &self.0;
        let words = (0..w.len()).map(|x| (w[x] >> 1) | w.get(x + 1).map_or(0, |n| n << 63)).collect();
        Wide::trimmed(words)
    }
    fn disjoint(&self, other: &Wide) -> bool {
        self.0.iter().zip(&other.0).all(|(a, b)| a & b == 0)
    }
    fn union_shifted(&self, other: &Wide) -> Wide {
        let len = self.0.len().max(other.0.len());
        let words = (0..len).map(|x| self.0.get(x).copied().unwrap_or(0) | other.0.get(x).copied().unwrap_or(0));
        Wide(words.collect()).shifted()
    }
}
