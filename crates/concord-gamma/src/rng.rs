//! Small seeded generators: SplitMix64 (Steele, Lea & Flood 2014), and xoshiro256**
//! (Blackman & Vigna) seeded through it, with normal deviates by the Box-Muller transform.
//!
//! Each chance sample `i` gets its own generator seeded from `(seed, i)`, so a sample does not
//! depend on which thread draws it or on how many there are.
//!
//! [`SplitMix64`] is public because concord-agreement's bootstrap and synthetic corpora draw
//! from it too: one implementation, so every seeded output in the workspace stays reproducible.

/// SplitMix64: small, fast, passes BigCrush; the same stream as Vigna's `splitmix64.c`.
#[derive(Clone, Debug)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`) by Lemire's multiply-shift: bias below n/2⁶⁴.
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `[0, 1)`, 53 bits.
    pub fn uniform(&mut self) -> f64 {
        unit_interval(self.next_u64())
    }
}

/// The top 53 bits of `x` as a float in `[0, 1)` (exact: the scale is a power of two).
fn unit_interval(x: u64) -> f64 {
    (x >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

#[derive(Clone, Debug)]
pub(crate) struct Rng {
    s: [u64; 4],
    spare: Option<f64>,
}

impl Rng {
    /// The generator of stream `stream` under `seed`.
    pub fn new(seed: u64, stream: u64) -> Rng {
        let first = SplitMix64::new(seed).next_u64();
        let mut sm = SplitMix64::new(first ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03));
        let s = [sm.next_u64(), sm.next_u64(), sm.next_u64(), sm.next_u64()];
        Rng { s, spare: None }
    }

    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in `[0, 1)`, 53 bits.
    pub fn uniform(&mut self) -> f64 {
        unit_interval(self.next_u64())
    }

    /// Standard normal deviate.
    pub fn standard_normal(&mut self) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        let u1 = 1.0 - self.uniform(); // (0, 1]
        let u2 = self.uniform();
        let r = (-2.0 * u1.ln()).sqrt();
        let theta = std::f64::consts::TAU * u2;
        self.spare = Some(r * theta.sin());
        r * theta.cos()
    }

    pub fn normal(&mut self, mean: f64, std: f64) -> f64 {
        mean + std * self.standard_normal()
    }

    /// Index drawn with probability proportional to `cumulative` increments (last = total).
    pub fn weighted(&mut self, cumulative: &[f64]) -> usize {
        let total = cumulative.last().copied().unwrap_or(0.0);
        let x = self.uniform() * total;
        cumulative.partition_point(|&c| c <= x).min(cumulative.len().saturating_sub(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SplitMix64 reference outputs for seed 1234567 (Vigna's splitmix64.c; the first five
    /// values as published on Rosetta Code, "Pseudo-random numbers/Splitmix64").
    #[test]
    fn splitmix64_reference_vector() {
        let mut r = SplitMix64::new(1_234_567);
        let expected = [
            6457827717110365317u64,
            3203168211198807973,
            9817491932198370423,
            4593380528125082431,
            16408922859458223821,
        ];
        for e in expected {
            assert_eq!(r.next_u64(), e);
        }
    }

    /// xoshiro256** seeding is pinned: chance samples (and so gamma) depend on it.
    #[test]
    fn xoshiro_seeding_is_pinned() {
        let mut r = Rng::new(42, 7);
        let first: Vec<u64> = (0..3).map(|_| r.next_u64()).collect();
        assert_eq!(first, [2919521855940950750, 535762106904685097, 2592939938969416908]);
    }

    #[test]
    fn normal_moments() {
        let mut r = Rng::new(7, 3);
        let xs: Vec<f64> = (0..200_000).map(|_| r.normal(2.0, 3.0)).collect();
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / xs.len() as f64;
        assert!((mean - 2.0).abs() < 0.03, "{mean}");
        assert!((var.sqrt() - 3.0).abs() < 0.03, "{var}");
    }

    #[test]
    fn streams_differ_and_repeat() {
        assert_eq!(Rng::new(1, 0).next_u64(), Rng::new(1, 0).next_u64());
        assert_ne!(Rng::new(1, 0).next_u64(), Rng::new(1, 1).next_u64());
        assert_ne!(Rng::new(1, 0).next_u64(), Rng::new(2, 0).next_u64());
    }

    #[test]
    fn weighted_choice() {
        let mut r = Rng::new(5, 0);
        let cumulative = [0.25, 0.25, 1.0];
        let mut counts = [0usize; 3];
        for _ in 0..40_000 {
            counts[r.weighted(&cumulative)] += 1;
        }
        assert_eq!(counts[1], 0);
        assert!((counts[0] as f64 / 40_000.0 - 0.25).abs() < 0.01);
    }
}
