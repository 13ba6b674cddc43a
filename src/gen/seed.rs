//! Seeds: every generated value derives from a [`Seed`]. A campaign seed gives each case its own
//! seed (a SplitMix64 step of the campaign seed and the case index), the case seed drives a
//! `rand` `StdRng`, and the generator reads that generator's bytes through `arbitrary`'s
//! `Unstructured`, so the cargo-fuzz targets (which hand the generator the fuzzer's bytes) and the
//! seeded campaigns share one generator.

use std::fmt;
use std::str::FromStr;

use rand::rngs::StdRng;
use rand::{RngCore, SeedableRng};

/// How many pseudo-random bytes back one generated case: far more than a case reads (a case that
/// runs out reads zeros, which pick the plainest choice everywhere).
pub const CASE_BYTES: usize = 1024;

/// A 64-bit seed, printed and parsed as `0x` followed by 16 hex digits (decimal is accepted too).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Seed(pub u64);

/// A seed that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a seed: expected a decimal number or 0x followed by hex digits")]
pub struct BadSeed {
    /// The text given.
    pub text: String,
}

impl Seed {
    /// The seed of case `index` of the campaign seeded with `self`.
    pub fn case(self, index: u64) -> Seed {
        Seed(splitmix64(self.0 ^ splitmix64(index)))
    }

    /// The random generator this seed starts.
    pub fn rng(self) -> StdRng {
        StdRng::seed_from_u64(self.0)
    }

    /// [`CASE_BYTES`] pseudo-random bytes derived from this seed, for an `Unstructured`.
    pub fn bytes(self) -> Vec<u8> {
        let mut bytes = vec![0_u8; CASE_BYTES];
        self.rng().fill_bytes(&mut bytes);
        bytes
    }
}

impl fmt::Debug for Seed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Seed({self})")
    }
}

impl fmt::Display for Seed {
    /// `0x` and 16 lower-case hex digits.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:#018x}", self.0)
    }
}

impl FromStr for Seed {
    type Err = BadSeed;

    fn from_str(text: &str) -> Result<Seed, BadSeed> {
        let trimmed = text.trim();
        let parsed = match trimmed
            .strip_prefix("0x")
            .or_else(|| trimmed.strip_prefix("0X"))
        {
            Some(hex) => u64::from_str_radix(hex, 16),
            None => trimmed.parse::<u64>(),
        };
        parsed.map(Seed).map_err(|_| BadSeed {
            text: text.to_owned(),
        })
    }
}

/// One SplitMix64 step: a bijection on `u64` that spreads neighbouring inputs apart.
fn splitmix64(value: u64) -> u64 {
    let mut z = value.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_print_and_parse() {
        let seed = Seed(0xdead_beef);
        assert_eq!(seed.to_string(), "0x00000000deadbeef");
        assert_eq!(format!("{seed:?}"), "Seed(0x00000000deadbeef)");
        assert_eq!("0x00000000deadbeef".parse(), Ok(seed));
        assert_eq!("3735928559".parse(), Ok(seed));
        assert!("0xzz".parse::<Seed>().is_err());
        assert_eq!(
            "".parse::<Seed>().unwrap_err().to_string(),
            "`` is not a seed: expected a decimal number or 0x followed by hex digits"
        );
    }

    #[test]
    fn case_seeds_are_distinct_and_stable() {
        let seed = Seed(7);
        let cases: std::collections::BTreeSet<Seed> = (0..1000).map(|i| seed.case(i)).collect();
        assert_eq!(cases.len(), 1000);
        assert_eq!(seed.case(3), Seed(7).case(3));
        assert_eq!(seed.case(3).bytes(), seed.case(3).bytes());
        assert_ne!(seed.case(3).bytes(), seed.case(4).bytes());
        assert_eq!(seed.bytes().len(), CASE_BYTES);
    }
}
