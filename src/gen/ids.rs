//! Resource IDs to put in requests: picks among the roles' IDs, well-formed IDs that name nothing,
//! and malformed IDs of every reason the contract's classifier knows (`MalformedReason`), each
//! made from a well-formed ID so that it differs in that one way.

use arbitrary::{Result, Unstructured};

use crate::contract::ids::{IdKind, ID_BODY_LEN};
use crate::contract::MalformedReason;
use crate::gen::pick::{chance, weighted};

/// Every reason the classifier reports, one representative each (`WrongLength` stands for any
/// length).
pub const MALFORMED_REASONS: &[MalformedReason] = &[
    MalformedReason::Empty,
    MalformedReason::Whitespace,
    MalformedReason::NonAscii,
    MalformedReason::WrongPrefix,
    MalformedReason::WrongSeparator,
    MalformedReason::BadCharacter,
    MalformedReason::WrongLength {
        found: 0,
        expected: ID_BODY_LEN,
    },
    MalformedReason::UpperCase,
];

const BODY_ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

/// A well-formed ID of `kind` that is unlikely to exist: the prefix and 8 characters of
/// `[a-z0-9]` (a digit first, unlike every default role ID).
pub fn unknown_id(u: &mut Unstructured<'_>, kind: IdKind) -> Result<String> {
    let mut id = String::from(kind.prefix());
    id.push(char::from(b'0' + u.int_in_range(0..=9)?));
    for _ in 1..ID_BODY_LEN {
        id.push(char::from(*u.choose(BODY_ALPHABET)?));
    }
    Ok(id)
}

/// `base` (a well-formed ID of `kind`) made malformed for `reason`.
pub fn malformed_id(
    u: &mut Unstructured<'_>,
    kind: IdKind,
    base: &str,
    reason: MalformedReason,
) -> Result<String> {
    let body = base.strip_prefix(kind.prefix()).unwrap_or(base);
    let body = if body.len() == ID_BODY_LEN && body.is_ascii() {
        body.to_owned()
    } else {
        "abcd1234".to_owned()
    };
    let other = match kind {
        IdKind::Instance => IdKind::KeyPair,
        IdKind::KeyPair => IdKind::Instance,
    };
    let at = u.int_in_range(0..=ID_BODY_LEN - 1)?;
    let prefix = kind.prefix();
    let id = match reason {
        MalformedReason::Empty => String::new(),
        MalformedReason::Whitespace => {
            let space = *u.choose(&[" ", "\t", "\n", "\u{3000}", "\u{a0}"])?;
            match u.int_in_range(0..=2)? {
                0 => format!("{space}{prefix}{body}"),
                1 => format!("{prefix}{body}{space}"),
                _ => format!("{prefix}{}{space}{}", &body[..at], &body[at..]),
            }
        }
        MalformedReason::NonAscii => {
            let letter = *u.choose(&["é", "ı", "ｉ", "我", "\u{200b}"])?;
            format!("{prefix}{}{letter}{}", &body[..at], &body[at + 1..])
        }
        MalformedReason::WrongPrefix => match u.int_in_range(0..=3)? {
            0 => format!("{}{body}", other.prefix()),
            1 => body.clone(),
            2 => format!("{}x-{body}", kind.stem()),
            _ => format!("{}-{body}", &kind.stem()[..kind.stem().len() - 1]),
        },
        MalformedReason::WrongSeparator => {
            let separator = *u.choose(&["_", ".", ":", ""])?;
            format!("{}{separator}{body}", kind.stem())
        }
        MalformedReason::BadCharacter => {
            let bad = *u.choose(&["_", "-", "!", "\0", "/", "%"])?;
            format!("{prefix}{}{bad}{}", &body[..at], &body[at + 1..])
        }
        MalformedReason::WrongLength { .. } => {
            if chance(u, 50)? {
                let keep = u.int_in_range(0..=ID_BODY_LEN - 1)?;
                format!("{prefix}{}", &body[..keep])
            } else {
                let extra = u.int_in_range(1..=4)?;
                format!("{prefix}{body}{}", &body[..extra])
            }
        }
        MalformedReason::UpperCase => match u.int_in_range(0..=2)? {
            0 => format!("{prefix}{body}").to_uppercase(),
            1 => format!("{}{body}", prefix.to_uppercase()),
            _ => format!("{prefix}{}", body.to_uppercase()),
        },
    };
    // An all-digit body has no letter to upper-case: upper-case the prefix instead.
    if reason == MalformedReason::UpperCase && id == format!("{prefix}{body}") {
        return Ok(format!("{}{body}", prefix.to_uppercase()));
    }
    Ok(id)
}

/// A malformed ID of a reason picked by `u`, made from `base`.
pub fn any_malformed_id(u: &mut Unstructured<'_>, kind: IdKind, base: &str) -> Result<String> {
    let reason = *u.choose(MALFORMED_REASONS)?;
    malformed_id(u, kind, base, reason)
}

/// One of `ids` (weights in the same order), or an unknown well-formed ID when there are none.
pub fn pick_id(u: &mut Unstructured<'_>, kind: IdKind, ids: &[(u32, String)]) -> Result<String> {
    if ids.is_empty() {
        return unknown_id(u, kind);
    }
    Ok(weighted(u, ids)?.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::ids::classify;

    fn same_reason(found: Option<MalformedReason>, wanted: MalformedReason) -> bool {
        match (found, wanted) {
            (Some(MalformedReason::WrongLength { .. }), MalformedReason::WrongLength { .. }) => {
                true
            }
            (found, wanted) => found == Some(wanted),
        }
    }

    #[test]
    fn every_reason_is_produced_as_asked_from_any_base() {
        let bases = [
            (IdKind::Instance, "ins-stpdlnx1"),
            (IdKind::Instance, "ins-00000000"),
            (IdKind::KeyPair, "skey-bound001"),
            (IdKind::KeyPair, "skey-12345678"),
        ];
        for seed in 0..200_u64 {
            let bytes = crate::gen::Seed(seed).bytes();
            let mut u = Unstructured::new(&bytes);
            for (kind, base) in bases {
                for reason in MALFORMED_REASONS {
                    let id = malformed_id(&mut u, kind, base, *reason).unwrap();
                    let found = classify(kind, &id).reason();
                    assert!(
                        same_reason(found, *reason),
                        "{id:?}: {found:?} for {reason:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn unknown_ids_are_well_formed_and_exhausted_input_still_works() {
        let mut empty = Unstructured::new(&[]);
        assert_eq!(
            unknown_id(&mut empty, IdKind::Instance).unwrap(),
            "ins-0aaaaaaa"
        );
        let id = malformed_id(
            &mut empty,
            IdKind::KeyPair,
            "skey-bound001",
            MalformedReason::UpperCase,
        );
        assert_eq!(
            classify(IdKind::KeyPair, &id.unwrap()).reason(),
            Some(MalformedReason::UpperCase)
        );
        assert_eq!(
            pick_id(&mut empty, IdKind::KeyPair, &[]).unwrap(),
            "skey-0aaaaaaa"
        );
    }
}
