//! The resource-ID grammar: instance IDs (`ins-` + 8 of `[a-z0-9]`) and key-pair IDs (`skey-` + 8
//! of `[a-z0-9]`), with a classifier that says why an ID is malformed.
//!
//! The instance charset is documented (`InvalidParameterValue.InstanceIdMalformed`: "x is a
//! lower-case letter or digit"). The key-pair charset is not; every documented example is lower-case
//! alphanumeric, so the same grammar is assumed, and the oracle stays lenient about upper case.

use std::fmt;

/// The prefix of every instance ID, separator included.
pub const INSTANCE_ID_PREFIX: &str = "ins-";
/// The prefix of every key-pair ID, separator included.
pub const KEY_ID_PREFIX: &str = "skey-";
/// The number of characters after the prefix, for both kinds of ID.
pub const ID_BODY_LEN: usize = 8;

/// Which kind of resource an ID names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IdKind {
    /// A CVM instance: `ins-xxxxxxxx`.
    Instance,
    /// An SSH key pair: `skey-xxxxxxxx`.
    KeyPair,
}

impl IdKind {
    /// The prefix, separator included (`ins-`, `skey-`).
    pub fn prefix(self) -> &'static str {
        match self {
            IdKind::Instance => INSTANCE_ID_PREFIX,
            IdKind::KeyPair => KEY_ID_PREFIX,
        }
    }

    /// The prefix without its separator (`ins`, `skey`).
    pub fn stem(self) -> &'static str {
        let prefix = self.prefix();
        &prefix[..prefix.len() - 1]
    }

    /// A human name of the kind, for messages.
    pub fn noun(self) -> &'static str {
        match self {
            IdKind::Instance => "instance id",
            IdKind::KeyPair => "key pair id",
        }
    }
}

/// The verdict of the ID grammar on one string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdClass {
    /// The ID follows the grammar (whether it exists is another matter).
    WellFormed,
    /// The ID does not follow the grammar, for this reason.
    Malformed(MalformedReason),
}

impl IdClass {
    /// Whether the ID follows the grammar.
    pub fn is_well_formed(self) -> bool {
        self == IdClass::WellFormed
    }

    /// The reason, when malformed.
    pub fn reason(self) -> Option<MalformedReason> {
        match self {
            IdClass::WellFormed => None,
            IdClass::Malformed(reason) => Some(reason),
        }
    }
}

/// Why an ID is malformed. When several reasons apply, the first in this order is reported:
/// empty, whitespace, non-ASCII, prefix, separator, bad character, length, upper case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MalformedReason {
    /// The empty string.
    Empty,
    /// Whitespace anywhere: leading, trailing or inner (ASCII or Unicode).
    Whitespace,
    /// A character outside ASCII.
    NonAscii,
    /// The prefix is wrong or missing (`inst-…`, `sk-…`, `w34e5rl9`, a key ID given as an instance ID).
    WrongPrefix,
    /// The right stem with a wrong or missing separator (`ins_…`, `ins…`).
    WrongSeparator,
    /// The part after the prefix holds a character that is not an ASCII letter or digit.
    BadCharacter,
    /// The part after the prefix has the wrong number of characters (`ins-1122`).
    WrongLength {
        /// Characters found after the prefix.
        found: usize,
        /// Characters the grammar wants after the prefix.
        expected: usize,
    },
    /// Upper-case letters: the ID would be well-formed lower-cased (`ins-ABCD1234`, `INS-abcd1234`).
    UpperCase,
}

impl MalformedReason {
    /// A short, stable, snake-case name of the reason, for reports and generators.
    pub fn name(self) -> &'static str {
        match self {
            MalformedReason::Empty => "empty",
            MalformedReason::Whitespace => "whitespace",
            MalformedReason::NonAscii => "non_ascii",
            MalformedReason::WrongPrefix => "wrong_prefix",
            MalformedReason::WrongSeparator => "wrong_separator",
            MalformedReason::BadCharacter => "bad_character",
            MalformedReason::WrongLength { .. } => "wrong_length",
            MalformedReason::UpperCase => "upper_case",
        }
    }
}

impl fmt::Display for MalformedReason {
    /// A human description, e.g. `4 characters after the prefix, expected 8`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MalformedReason::Empty => f.write_str("the id is empty"),
            MalformedReason::Whitespace => f.write_str("the id contains whitespace"),
            MalformedReason::NonAscii => f.write_str("the id contains a non-ascii character"),
            MalformedReason::WrongPrefix => f.write_str("the id has a wrong or missing prefix"),
            MalformedReason::WrongSeparator => {
                f.write_str("the id has a wrong or missing separator after its prefix")
            }
            MalformedReason::BadCharacter => {
                f.write_str("the id contains a character other than a lower-case letter or digit")
            }
            MalformedReason::WrongLength { found, expected } => write!(
                f,
                "the id has {found} characters after the prefix, expected {expected}"
            ),
            MalformedReason::UpperCase => {
                f.write_str("the id contains upper-case letters (it would be valid lower-cased)")
            }
        }
    }
}

/// Classify `id` against the grammar of `kind`.
pub fn classify(kind: IdKind, id: &str) -> IdClass {
    match malformed_reason(kind, id) {
        None => IdClass::WellFormed,
        Some(reason) => IdClass::Malformed(reason),
    }
}

/// Classify an instance ID (`ins-` + 8 of `[a-z0-9]`).
pub fn classify_instance_id(id: &str) -> IdClass {
    classify(IdKind::Instance, id)
}

/// Classify a key-pair ID (`skey-` + 8 of `[a-z0-9]`).
pub fn classify_key_id(id: &str) -> IdClass {
    classify(IdKind::KeyPair, id)
}

/// Whether `id` is a well-formed instance ID.
pub fn is_well_formed_instance_id(id: &str) -> bool {
    classify_instance_id(id).is_well_formed()
}

/// Whether `id` is a well-formed key-pair ID.
pub fn is_well_formed_key_id(id: &str) -> bool {
    classify_key_id(id).is_well_formed()
}

fn malformed_reason(kind: IdKind, id: &str) -> Option<MalformedReason> {
    // The common case first: a well-formed ID is told apart without looking any further.
    // The prefixes are matched as constants, which compiles to a word comparison rather than a
    // call to compare memory.
    let body = match kind {
        IdKind::Instance => id.as_bytes().strip_prefix(INSTANCE_ID_PREFIX.as_bytes()),
        IdKind::KeyPair => id.as_bytes().strip_prefix(KEY_ID_PREFIX.as_bytes()),
    };
    if body.is_some_and(|body| {
        body.len() == ID_BODY_LEN
            && body
                .iter()
                .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit())
    }) {
        return None;
    }
    if id.is_empty() {
        return Some(MalformedReason::Empty);
    }
    if id.chars().any(char::is_whitespace) {
        return Some(MalformedReason::Whitespace);
    }
    if !id.is_ascii() {
        return Some(MalformedReason::NonAscii);
    }
    // ASCII from here on, so byte offsets are character offsets, and the grammar is compared
    // without regard to case (upper case is the last reason), without a lower-cased copy.
    let Some(body) = strip_prefix_ignore_case(id, kind.prefix()) else {
        return Some(prefix_problem(kind, id));
    };
    if !body.bytes().all(|byte| byte.is_ascii_alphanumeric()) {
        return Some(MalformedReason::BadCharacter);
    }
    if body.len() != ID_BODY_LEN {
        return Some(MalformedReason::WrongLength {
            found: body.len(),
            expected: ID_BODY_LEN,
        });
    }
    if id.bytes().any(|byte| byte.is_ascii_uppercase()) {
        return Some(MalformedReason::UpperCase);
    }
    None
}

/// `text` without `prefix`, compared ASCII-case-insensitively.
fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.as_bytes().get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix.as_bytes())
        .then(|| &text[prefix.len()..])
}

/// Tell a wrong separator (`ins_…`, `insabcd1234`) from a wrong prefix (`inst-…`, `sk-…`, none).
/// `id` is ASCII; case does not matter.
fn prefix_problem(kind: IdKind, id: &str) -> MalformedReason {
    let Some(rest) = strip_prefix_ignore_case(id, kind.stem()) else {
        return MalformedReason::WrongPrefix;
    };
    match rest.bytes().next() {
        Some(byte) if byte.is_ascii_punctuation() => MalformedReason::WrongSeparator,
        Some(_) if !rest.contains('-') => MalformedReason::WrongSeparator,
        _ => MalformedReason::WrongPrefix,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(kind: IdKind, id: &str, expected: Option<MalformedReason>) {
        assert_eq!(classify(kind, id).reason(), expected, "{id:?}");
    }

    #[test]
    fn documented_examples() {
        for id in [
            "ins-w34e5rl9",
            "ins-1e4r6y8i",
            "ins-xlsyru2j",
            "ins-09dx96dg",
        ] {
            assert!(is_well_formed_instance_id(id), "{id}");
        }
        for id in [
            "skey-e3r6y7ji",
            "skey-11112222",
            "skey-3glfot13",
            "skey-b4vakk62",
        ] {
            assert!(is_well_formed_key_id(id), "{id}");
        }
        let short = Some(MalformedReason::WrongLength {
            found: 4,
            expected: 8,
        });
        check(IdKind::Instance, "ins-1122", short);
        check(IdKind::KeyPair, "skey-1122", short);
    }

    #[test]
    fn every_reason_for_instances() {
        use MalformedReason::*;
        let cases = [
            ("", Some(Empty)),
            (" ins-w34e5rl9", Some(Whitespace)),
            ("ins-w34e5rl9\n", Some(Whitespace)),
            ("ins-w34e 5rl9", Some(Whitespace)),
            ("ins-w34e5rl9\u{3000}", Some(Whitespace)),
            ("ins-w34é5rl9", Some(NonAscii)),
            ("inst-w34e5rl9", Some(WrongPrefix)),
            ("w34e5rl9", Some(WrongPrefix)),
            ("skey-w34e5rl9", Some(WrongPrefix)),
            ("in-w34e5rl9", Some(WrongPrefix)),
            ("ins_w34e5rl9", Some(WrongSeparator)),
            ("ins.w34e5rl9", Some(WrongSeparator)),
            ("insw34e5rl9", Some(WrongSeparator)),
            ("INS_w34e5rl9", Some(WrongSeparator)),
            ("ins-w34e_rl9", Some(BadCharacter)),
            ("ins-w34e-rl9", Some(BadCharacter)),
            ("ins-\0w34e5rl", Some(BadCharacter)),
            (
                "ins-",
                Some(WrongLength {
                    found: 0,
                    expected: 8,
                }),
            ),
            (
                "ins-w34e5rl9a",
                Some(WrongLength {
                    found: 9,
                    expected: 8,
                }),
            ),
            (
                "ins-ABCD",
                Some(WrongLength {
                    found: 4,
                    expected: 8,
                }),
            ),
            ("ins-W34E5RL9", Some(UpperCase)),
            ("INS-w34e5rl9", Some(UpperCase)),
            ("ins-w34e5rl9", None),
            ("ins-00000000", None),
        ];
        for (id, expected) in cases {
            check(IdKind::Instance, id, expected);
        }
    }

    #[test]
    fn every_reason_for_keys() {
        use MalformedReason::*;
        check(IdKind::KeyPair, "sk-e3r6y7ji", Some(WrongPrefix));
        check(IdKind::KeyPair, "ins-e3r6y7ji", Some(WrongPrefix));
        check(IdKind::KeyPair, "skey_e3r6y7ji", Some(WrongSeparator));
        check(IdKind::KeyPair, "skeye3r6y7ji", Some(WrongSeparator));
        check(IdKind::KeyPair, "SKEY-E3R6Y7JI", Some(UpperCase));
        check(IdKind::KeyPair, "skey-e3r6y7j!", Some(BadCharacter));
        check(IdKind::KeyPair, "skey-e3r6y7ji ", Some(Whitespace));
        check(IdKind::KeyPair, "skey-e3r6y7ji", None);
    }

    #[test]
    fn descriptions_are_lowercase_sentences_without_period() {
        use MalformedReason::*;
        let reasons = [
            Empty,
            Whitespace,
            NonAscii,
            WrongPrefix,
            WrongSeparator,
            BadCharacter,
            WrongLength {
                found: 4,
                expected: 8,
            },
            UpperCase,
        ];
        for reason in reasons {
            let text = reason.to_string();
            assert!(text.starts_with("the id "), "{text}");
            assert!(!text.ends_with('.'), "{text}");
            assert!(!reason.name().is_empty());
        }
        assert_eq!(
            WrongLength {
                found: 4,
                expected: 8
            }
            .to_string(),
            "the id has 4 characters after the prefix, expected 8"
        );
    }

    #[test]
    fn stems_and_prefixes() {
        assert_eq!(IdKind::Instance.stem(), "ins");
        assert_eq!(IdKind::KeyPair.stem(), "skey");
        assert_eq!(IdKind::KeyPair.prefix(), "skey-");
    }
}
