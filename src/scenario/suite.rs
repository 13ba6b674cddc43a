//! A loaded suite of cases, in file order, with selection: by name and tags ([`Suite::filter`]),
//! and into deterministic shards ([`Suite::shard`]) whose union is the whole suite.

use std::fmt;
use std::str::FromStr;

use crate::scenario::case::Case;

/// Validated cases, in the order of their files (sorted paths) and of the cases in each file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Suite {
    cases: Vec<Case>,
}

impl Suite {
    pub(crate) fn new(cases: Vec<Case>) -> Suite {
        Suite { cases }
    }

    /// The cases.
    pub fn cases(&self) -> &[Case] {
        &self.cases
    }

    /// How many cases there are.
    pub fn len(&self) -> usize {
        self.cases.len()
    }

    /// Whether there is no case.
    pub fn is_empty(&self) -> bool {
        self.cases.is_empty()
    }

    /// The case of this full name (`group/name`).
    pub fn get(&self, full_name: &str) -> Option<&Case> {
        self.cases.iter().find(|case| case.full_name() == full_name)
    }

    /// The cases whose full name contains `name_substring` (when given; case-sensitive) and whose
    /// tags match `tags`: every plain tag must be present, and no tag given as `-tag`.
    pub fn filter(&self, name_substring: Option<&str>, tags: &[String]) -> Suite {
        let cases = self
            .cases
            .iter()
            .filter(|case| name_substring.is_none_or(|part| case.full_name().contains(part)))
            .filter(|case| {
                tags.iter().all(|tag| match tag.strip_prefix('-') {
                    Some(excluded) => !case.tags().iter().any(|own| own == excluded),
                    None => case.tags().iter().any(|own| own == tag),
                })
            })
            .cloned()
            .collect();
        Suite { cases }
    }

    /// The cases of one shard: those whose full name hashes to it. The hash is FNV-1a, fixed
    /// across platforms and releases, so a case stays in its shard while its name does.
    pub fn shard(&self, shard: Shard) -> Suite {
        let cases = self
            .cases
            .iter()
            .filter(|case| shard.contains(&case.full_name()))
            .cloned()
            .collect();
        Suite { cases }
    }
}

impl<'a> IntoIterator for &'a Suite {
    type Item = &'a Case;
    type IntoIter = std::slice::Iter<'a, Case>;

    fn into_iter(self) -> Self::IntoIter {
        self.cases.iter()
    }
}

/// One of `count` shards, numbered from 1 as in `--shard 2/5`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Shard {
    index: usize,
    count: usize,
}

/// A shard that does not exist.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShardError {
    /// Not written `I/N`.
    #[error("expected a shard as I/N (e.g. 2/5), found `{0}`")]
    Syntax(String),
    /// `I` is not between 1 and `N`, or `N` is 0.
    #[error("shard {index}/{count} does not exist: I/N needs 1 <= I <= N")]
    OutOfRange {
        /// The 1-based index given.
        index: usize,
        /// The shard count given.
        count: usize,
    },
}

impl Shard {
    /// Shard `index` (1-based) of `count`.
    pub fn new(index: usize, count: usize) -> Result<Shard, ShardError> {
        if count == 0 || index == 0 || index > count {
            return Err(ShardError::OutOfRange { index, count });
        }
        Ok(Shard { index, count })
    }

    /// The 1-based index.
    pub fn index(self) -> usize {
        self.index
    }

    /// How many shards there are.
    pub fn count(self) -> usize {
        self.count
    }

    /// Whether the case of this full name belongs to this shard.
    pub fn contains(self, full_name: &str) -> bool {
        (fnv1a(full_name.as_bytes()) % self.count as u64) as usize == self.index - 1
    }
}

impl FromStr for Shard {
    type Err = ShardError;

    /// Parses `I/N`.
    fn from_str(text: &str) -> Result<Shard, ShardError> {
        let syntax = || ShardError::Syntax(text.to_owned());
        let (index, count) = text.split_once('/').ok_or_else(syntax)?;
        let index = index.trim().parse().map_err(|_| syntax())?;
        let count = count.trim().parse().map_err(|_| syntax())?;
        Shard::new(index, count)
    }
}

impl fmt::Display for Shard {
    /// `I/N`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// 64-bit FNV-1a.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_is_the_published_function() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn every_name_is_in_exactly_one_shard() {
        for count in 1..=7 {
            let shards: Vec<Shard> = (1..=count)
                .map(|index| Shard::new(index, count).unwrap())
                .collect();
            for number in 0..200 {
                let name = format!("group/case-{number}");
                let owners = shards.iter().filter(|shard| shard.contains(&name)).count();
                assert_eq!(owners, 1, "{name} in {count} shards");
            }
        }
    }

    #[test]
    fn shards_parse_and_refuse_what_does_not_exist() {
        let shard: Shard = "2/5".parse().unwrap();
        assert_eq!(
            (shard.index(), shard.count(), shard.to_string()),
            (2, 5, "2/5".to_owned())
        );
        assert_eq!(" 1 / 1 ".parse::<Shard>(), Shard::new(1, 1));
        assert_eq!(
            "0/3".parse::<Shard>(),
            Err(ShardError::OutOfRange { index: 0, count: 3 })
        );
        assert_eq!(
            "4/3".parse::<Shard>(),
            Err(ShardError::OutOfRange { index: 4, count: 3 })
        );
        assert_eq!(
            Shard::new(1, 0),
            Err(ShardError::OutOfRange { index: 1, count: 0 })
        );
        assert_eq!(
            "2".parse::<Shard>(),
            Err(ShardError::Syntax("2".to_owned()))
        );
        assert_eq!(
            "x/2".parse::<Shard>().unwrap_err().to_string(),
            "expected a shard as I/N (e.g. 2/5), found `x/2`"
        );
    }
}
