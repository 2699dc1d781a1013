//! A small seeded pseudo-random generator (SplitMix64), written here so that
//! a corpus depends only on its seed and never on a crate's version.
//!
//! Not for cryptography: it only has to be fast, deterministic and well mixed.

/// SplitMix64 (Steele, Lea, Flood 2014): one 64-bit state, one add and a
/// finaliser per draw. Streams for different documents are derived with
/// [`Rng::derive`], so a document's text does not depend on how many draws
/// the documents before it made.
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    /// An independent stream for a sub-part (a place, a document) of this seed.
    pub fn derive(seed: u64, stream: u64, index: u64) -> Rng {
        let mut r = Rng::new(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        r.state ^= r.next_u64().wrapping_add(index.wrapping_mul(0xD1B5_4A32_D192_ED03));
        // Warm-up draws so nearby indexes do not start with correlated outputs.
        r.next_u64();
        r
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` > 0). Uses the multiply-high reduction; its
    /// bias is below 2^-32 for the small ranges used here.
    pub fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0);
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u32) -> bool {
        (self.below(100) as u32) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_deterministic_and_distinct() {
        let a: Vec<u64> = (0..4).map(|_| Rng::derive(7, 1, 0).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        assert_ne!(Rng::derive(7, 1, 0).next_u64(), Rng::derive(7, 1, 1).next_u64());
        assert_ne!(Rng::derive(7, 1, 0).next_u64(), Rng::derive(8, 1, 0).next_u64());
    }

    #[test]
    fn below_stays_in_range_and_covers_it() {
        let mut r = Rng::new(1);
        let mut seen = [false; 7];
        for _ in 0..1000 {
            let x = r.below(7);
            seen[x] = true;
        }
        assert!(seen.iter().all(|&s| s));
    }
}
