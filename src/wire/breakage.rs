//! Deliberate breakage: faults [`crate::wire::sign`] injects on request, each provoking one
//! specific rejection, so the fuzzer and protocol scenarios can check how a server answers them.

use std::borrow::Cow;

use crate::contract::codes;

/// A deliberate fault in a signed request. Several may be combined; they apply in order.
/// "Provokes" names what [`crate::wire::verify`] answers; a real server may differ.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Breakage {
    /// Send these bytes as the body (for a GET: as the query string), signed as they are.
    /// With v1 signing they stand for the business parameters and the common ones are appended.
    /// Provokes `InvalidParameter` when the bytes do not parse (bad JSON, bad form).
    RawBody(Vec<u8>),
    /// Remove every header of this name (any case) after signing. Removing `Host` or
    /// `Content-Type` provokes `AuthFailure.SignatureFailure`; `X-TC-Timestamp`,
    /// `MissingParameter`; `Authorization`, see [`Breakage::DropAuthorization`].
    RemoveHeader(String),
    /// Set a header (any case; appended when absent) after signing, so that the value sent differs
    /// from the value signed. On a signed header it provokes `AuthFailure.SignatureFailure`.
    OverrideHeader(String, String),
    /// Sign and send a timestamp this many seconds off the nominal one (credential date
    /// included). Beyond ±300 s it provokes `AuthFailure.SignatureExpire`.
    SkewTimestamp(i64),
    /// Sign with a secret key that is not the credential's. Provokes
    /// `AuthFailure.SignatureFailure`.
    WrongSecret,
    /// Drop the last character of the signature. Provokes `AuthFailure.SignatureFailure`.
    TruncateSignature,
    /// Flip one digit of the signature (a hex digit for TC3, a Base64 digit for v1), keeping
    /// it well-formed. Provokes `AuthFailure.SignatureFailure`.
    AlterSignature,
    /// Send a SecretId the server does not know (the real one with `UNKNOWN` appended), signed
    /// with the real key. Provokes `AuthFailure.SecretIdNotFound`.
    UnknownSecretId,
    /// Use this date in the TC3 credential scope instead of the timestamp's UTC date, signing
    /// consistently with it. Provokes `AuthFailure.SignatureFailure`. TC3 only.
    ScopeDate(String),
    /// Send no `Authorization` header (TC3) or no `Signature` parameter (v1). Provokes
    /// `MissingParameter`.
    DropAuthorization,
}

impl Breakage {
    /// A short stable name, for reports and errors.
    pub fn name(&self) -> &'static str {
        match self {
            Breakage::RawBody(_) => "RawBody",
            Breakage::RemoveHeader(_) => "RemoveHeader",
            Breakage::OverrideHeader(..) => "OverrideHeader",
            Breakage::SkewTimestamp(_) => "SkewTimestamp",
            Breakage::WrongSecret => "WrongSecret",
            Breakage::TruncateSignature => "TruncateSignature",
            Breakage::AlterSignature => "AlterSignature",
            Breakage::UnknownSecretId => "UnknownSecretId",
            Breakage::ScopeDate(_) => "ScopeDate",
            Breakage::DropAuthorization => "DropAuthorization",
        }
    }

    /// The code [`crate::wire::verify`] answers when this is the only breakage of an otherwise
    /// valid request verified at its nominal time; `None` when it depends on the arguments
    /// (`RawBody`, `RemoveHeader`, `OverrideHeader`, a skew within the window).
    pub fn expected_code(&self) -> Option<&'static str> {
        match self {
            Breakage::SkewTimestamp(seconds)
                if seconds.unsigned_abs() > crate::wire::MAX_SKEW_SECONDS.unsigned_abs() =>
            {
                Some(codes::AUTH_FAILURE_SIGNATURE_EXPIRE)
            }
            Breakage::WrongSecret
            | Breakage::TruncateSignature
            | Breakage::AlterSignature
            | Breakage::ScopeDate(_) => Some(codes::AUTH_FAILURE_SIGNATURE_FAILURE),
            Breakage::UnknownSecretId => Some(codes::AUTH_FAILURE_SECRET_ID_NOT_FOUND),
            Breakage::DropAuthorization => Some(codes::MISSING_PARAMETER),
            Breakage::RawBody(_)
            | Breakage::RemoveHeader(_)
            | Breakage::OverrideHeader(..)
            | Breakage::SkewTimestamp(_) => None,
        }
    }
}

/// The combined effect of a request's breakages, as the signer consumes it.
#[derive(Default)]
pub(crate) struct Plan<'a> {
    pub(crate) raw_body: Option<&'a [u8]>,
    pub(crate) skew: i64,
    pub(crate) wrong_secret: bool,
    pub(crate) truncate_signature: bool,
    pub(crate) alter_signature: bool,
    pub(crate) unknown_secret_id: bool,
    pub(crate) scope_date: Option<&'a str>,
    pub(crate) drop_authorization: bool,
    pub(crate) header_edits: Vec<&'a Breakage>,
}

impl<'a> Plan<'a> {
    pub(crate) fn new(breakage: &'a [Breakage]) -> Plan<'a> {
        let mut plan = Plan::default();
        for item in breakage {
            match item {
                Breakage::RawBody(bytes) => plan.raw_body = Some(bytes),
                Breakage::RemoveHeader(_) | Breakage::OverrideHeader(..) => {
                    plan.header_edits.push(item)
                }
                Breakage::SkewTimestamp(seconds) => plan.skew = plan.skew.saturating_add(*seconds),
                Breakage::WrongSecret => plan.wrong_secret = true,
                Breakage::TruncateSignature => plan.truncate_signature = true,
                Breakage::AlterSignature => plan.alter_signature = true,
                Breakage::UnknownSecretId => plan.unknown_secret_id = true,
                Breakage::ScopeDate(date) => plan.scope_date = Some(date),
                Breakage::DropAuthorization => plan.drop_authorization = true,
            }
        }
        plan
    }

    /// The secret to sign with: the real one, or a different one for `WrongSecret`.
    pub(crate) fn secret<'s>(&self, real: &'s str) -> Cow<'s, str> {
        if self.wrong_secret {
            Cow::Owned(format!("{real}-wrong"))
        } else {
            Cow::Borrowed(real)
        }
    }

    /// The SecretId to send.
    pub(crate) fn secret_id<'s>(&self, real: &'s str) -> Cow<'s, str> {
        if self.unknown_secret_id {
            Cow::Owned(format!("{real}UNKNOWN"))
        } else {
            Cow::Borrowed(real)
        }
    }

    /// The signature to send, after `AlterSignature` and `TruncateSignature`.
    pub(crate) fn tamper<'s>(&self, signature: &'s str, alphabet: &[u8]) -> Cow<'s, str> {
        if !self.alter_signature && !self.truncate_signature {
            return Cow::Borrowed(signature);
        }
        let mut sent = signature.to_owned();
        if self.alter_signature {
            sent = flip_first_digit(&sent, alphabet);
        }
        if self.truncate_signature {
            sent.pop();
        }
        Cow::Owned(sent)
    }

    /// Applies `RemoveHeader` and `OverrideHeader` in order.
    pub(crate) fn edit_headers(&self, headers: &mut Vec<(String, String)>) {
        for edit in &self.header_edits {
            match edit {
                Breakage::RemoveHeader(name) => {
                    headers.retain(|(present, _)| !present.eq_ignore_ascii_case(name))
                }
                Breakage::OverrideHeader(name, value) => {
                    match headers
                        .iter_mut()
                        .find(|(present, _)| present.eq_ignore_ascii_case(name))
                    {
                        Some(header) => header.1.clone_from(value),
                        None => headers.push((name.clone(), value.clone())),
                    }
                }
                _ => {}
            }
        }
    }
}

/// The lower-case hex alphabet of TC3 signatures.
pub(crate) const HEX_ALPHABET: &[u8] = b"0123456789abcdef";
/// The standard Base64 alphabet of v1 signatures.
pub(crate) const BASE64_ALPHABET: &[u8] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Replaces the first character that is a digit of `alphabet` by its neighbour (index XOR 1),
/// so the result stays well-formed but differs.
fn flip_first_digit(signature: &str, alphabet: &[u8]) -> String {
    let mut bytes = signature.as_bytes().to_vec();
    for byte in bytes.iter_mut() {
        if let Some(position) = alphabet.iter().position(|digit| digit == byte) {
            *byte = alphabet[position ^ 1];
            break;
        }
    }
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flipping_keeps_the_alphabet_and_changes_one_digit() {
        assert_eq!(flip_first_digit("8d91", HEX_ALPHABET), "9d91");
        assert_eq!(flip_first_digit("f0", HEX_ALPHABET), "e0");
        assert_eq!(flip_first_digit("69lV=", BASE64_ALPHABET), "79lV=");
        assert_eq!(flip_first_digit("=", BASE64_ALPHABET), "=");
    }

    #[test]
    fn plan_combines_breakages() {
        let breakage = [
            Breakage::SkewTimestamp(200),
            Breakage::SkewTimestamp(200),
            Breakage::AlterSignature,
            Breakage::TruncateSignature,
            Breakage::OverrideHeader("host".into(), "evil".into()),
            Breakage::RemoveHeader("X-TC-Region".into()),
        ];
        let plan = Plan::new(&breakage);
        assert_eq!(plan.skew, 400);
        assert_eq!(plan.tamper("abcd", HEX_ALPHABET), "bbc");
        assert_eq!(Plan::new(&[]).tamper("abcd", HEX_ALPHABET), "abcd");
        let mut headers = vec![
            ("Host".to_owned(), "h".to_owned()),
            ("X-TC-Region".to_owned(), "r".to_owned()),
        ];
        plan.edit_headers(&mut headers);
        assert_eq!(headers, vec![("Host".to_owned(), "evil".to_owned())]);
        assert_eq!(plan.secret("k"), "k");
        assert_eq!(Plan::new(&[Breakage::WrongSecret]).secret("k"), "k-wrong");
        assert_eq!(
            Plan::new(&[Breakage::UnknownSecretId]).secret_id("AKID"),
            "AKIDUNKNOWN"
        );
    }

    #[test]
    fn expected_codes() {
        assert_eq!(
            Breakage::SkewTimestamp(-301).expected_code(),
            Some(codes::AUTH_FAILURE_SIGNATURE_EXPIRE)
        );
        assert_eq!(Breakage::SkewTimestamp(300).expected_code(), None);
        assert_eq!(
            Breakage::DropAuthorization.expected_code(),
            Some(codes::MISSING_PARAMETER)
        );
    }
}
