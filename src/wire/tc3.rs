//! TC3-HMAC-SHA256 (signature v3), one function per documented stage, plus the `Authorization`
//! header's format and parser. The request builder and the verifier both compose these stages,
//! so a signer and a checker cannot drift apart.

use std::cell::RefCell;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::contract::SERVICE;
use crate::wire::hex::HexDigest;
use crate::wire::request::SecretKey;

/// The algorithm name that opens the string to sign and the `Authorization` header.
pub const ALGORITHM: &str = "TC3-HMAC-SHA256";
/// The last element of the credential scope.
pub const TERMINATOR: &str = "tc3_request";
/// The header that, set to [`UNSIGNED_PAYLOAD`], makes the payload hash cover that literal.
pub const CONTENT_SHA256_HEADER: &str = "X-TC-Content-SHA256";
/// The value of [`CONTENT_SHA256_HEADER`] that opts out of hashing the body.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
/// The hashed payload of an empty body (every GET).
pub const EMPTY_PAYLOAD_HASH: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// Stage 1: lower-case hex SHA-256 of the body bytes (the empty string for GET; the literal
/// [`UNSIGNED_PAYLOAD`] when the request opts out).
pub fn hashed_payload(body: &[u8]) -> HexDigest {
    sha256_hex(body)
}

/// Lower-case hex SHA-256 of `data`.
pub fn sha256_hex(data: &[u8]) -> HexDigest {
    HexDigest::from_bytes(&Sha256::digest(data).into())
}

/// HMAC-SHA256 of `message` under `key`.
#[inline]
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(key).expect("hmac accepts keys of any length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// Stage 2a: the canonical headers block: for each `(name, value)` in the given order,
/// `lowercase(name) + ":" + lowercase(trimmed value) + "\n"`. Signers pass the headers sorted
/// by name; a verifier passes them in the order of the request's `SignedHeaders`.
pub fn canonical_headers<N: AsRef<str>, V: AsRef<str>>(headers: &[(N, V)]) -> String {
    let capacity = headers
        .iter()
        .map(|(name, value)| name.as_ref().len() + value.as_ref().len() + 2)
        .sum();
    let mut out = String::with_capacity(capacity);
    for (name, value) in headers {
        push_lower(&mut out, name.as_ref());
        out.push(':');
        push_lower(&mut out, value.as_ref().trim());
        out.push('\n');
    }
    out
}

/// Stage 2b: the `SignedHeaders` list: lower-case names joined by `;`, in the given order.
pub fn signed_headers<N: AsRef<str>>(names: &[N]) -> String {
    let mut out = String::with_capacity(names.len() * 16);
    for (index, name) in names.iter().enumerate() {
        if index > 0 {
            out.push(';');
        }
        push_lower(&mut out, name.as_ref());
    }
    out
}

/// Stage 2: `METHOD\n/\nQUERY\nCANONICAL_HEADERS\nSIGNED_HEADERS\nHASHED_PAYLOAD`. The query
/// is empty for POST and the raw query string (as sent or received) for GET.
pub fn canonical_request(
    method: &str,
    canonical_query: &str,
    canonical_headers: &str,
    signed_headers: &str,
    hashed_payload: &str,
) -> String {
    let parts = [
        method,
        "/",
        canonical_query,
        canonical_headers,
        signed_headers,
        hashed_payload,
    ];
    let mut out = String::with_capacity(parts.iter().map(|part| part.len() + 1).sum());
    for (index, part) in parts.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        out.push_str(part);
    }
    out
}

/// Stage 2 written into `out` (cleared first, its capacity reused) from the signed headers'
/// `(lower-case name, value)` pairs in order, without building the headers block separately.
pub(crate) fn write_canonical_request<'a>(
    out: &mut String,
    method: &str,
    canonical_query: &str,
    signed_values: impl Iterator<Item = (&'a str, &'a str)> + Clone,
    signed_headers: &str,
    hashed_payload: &str,
) {
    let headers_len: usize = signed_values
        .clone()
        .map(|(name, value)| name.len() + value.len() + 2)
        .sum();
    out.clear();
    out.reserve(method.len() + canonical_query.len() + headers_len + signed_headers.len() + 72);
    out.push_str(method);
    out.push_str("\n/\n");
    out.push_str(canonical_query);
    out.push('\n');
    for (name, value) in signed_values {
        push_lower(out, name);
        out.push(':');
        push_lower(out, value.trim());
        out.push('\n');
    }
    out.push('\n');
    out.push_str(signed_headers);
    out.push('\n');
    out.push_str(hashed_payload);
}

/// The credential scope `DATE/cvm/tc3_request`.
pub fn credential_scope(date: &str) -> String {
    concat(&[date, "/", SERVICE, "/", TERMINATOR])
}

/// Stage 3: `TC3-HMAC-SHA256\nTIMESTAMP\nSCOPE\nHASHED_CANONICAL_REQUEST`.
pub fn string_to_sign(
    timestamp: &str,
    credential_scope: &str,
    hashed_canonical_request: &str,
) -> String {
    concat(&[
        ALGORITHM,
        "\n",
        timestamp,
        "\n",
        credential_scope,
        "\n",
        hashed_canonical_request,
    ])
}

/// [`string_to_sign`] written into `out` (cleared first) with the scope of `date` in place.
pub(crate) fn write_string_to_sign_on(
    out: &mut String,
    timestamp: &str,
    date: &str,
    hashed_canonical_request: &str,
) {
    write_concat(
        out,
        &[
            ALGORITHM,
            "\n",
            timestamp,
            "\n",
            date,
            "/",
            SERVICE,
            "/",
            TERMINATOR,
            "\n",
            hashed_canonical_request,
        ],
    )
}

/// Stage 4a: `kDate = HMAC("TC3" + SecretKey, DATE)`.
pub fn k_date(secret_key: &str, date: &str) -> [u8; 32] {
    let secret = secret_key.as_bytes();
    let mut buffer = [0_u8; 64];
    if secret.len() <= buffer.len() - 3 {
        buffer[..3].copy_from_slice(b"TC3");
        buffer[3..3 + secret.len()].copy_from_slice(secret);
        return hmac_sha256(&buffer[..3 + secret.len()], date.as_bytes());
    }
    hmac_sha256(&[b"TC3".as_slice(), secret].concat(), date.as_bytes())
}

/// Stage 4b: `kService = HMAC(kDate, "cvm")`.
pub fn k_service(k_date: &[u8; 32]) -> [u8; 32] {
    hmac_sha256(k_date, SERVICE.as_bytes())
}

/// Stage 4c: `kSigning = HMAC(kService, "tc3_request")`.
pub fn k_signing(k_service: &[u8; 32]) -> [u8; 32] {
    hmac_sha256(k_service, TERMINATOR.as_bytes())
}

/// Stages 4a to 4c: the signing key of `secret_key` on `date`.
pub fn signing_key(secret_key: &str, date: &str) -> [u8; 32] {
    k_signing(&k_service(&k_date(secret_key, date)))
}

/// How many signing keys [`cached_signature`] keeps per thread.
pub const SIGNING_KEY_CACHE_SIZE: usize = 8;

/// One derived signing key and exactly what it was derived from, with the HMAC state keyed by
/// it (stage 5 clones it instead of hashing the key's two pad blocks again).
struct CachedKey {
    secret_key: SecretKey,
    date: String,
    signing_key: [u8; 32],
    keyed: Hmac<Sha256>,
}

thread_local! {
    /// The signing keys this thread derived last, oldest replaced first.
    static SIGNING_KEYS: RefCell<(Vec<CachedKey>, usize)> = const { RefCell::new((Vec::new(), 0)) };
}

/// Stage 5 under [`signing_key`] remembered: the signing key of `secret_key` on `date` and the
/// signature of `string_to_sign` under it. The key depends only on the secret key and the date,
/// which stay the same for a day of requests, and deriving it takes three HMACs, more than the
/// rest of a signature. An entry is used only for the very secret key (compared in full, in
/// constant time) and date it was derived from, so another secret or another day never reuses a
/// key. At most [`SIGNING_KEY_CACHE_SIZE`] entries per thread; the secrets held are never printed.
pub fn cached_signature(
    secret_key: &str,
    date: &str,
    string_to_sign: &str,
) -> ([u8; 32], HexDigest) {
    let (signing_key, mut mac) = with_cached_key(secret_key, date, |entry| {
        (entry.signing_key, entry.keyed.clone())
    });
    mac.update(string_to_sign.as_bytes());
    (
        signing_key,
        HexDigest::from_bytes(&mac.finalize().into_bytes().into()),
    )
}

fn with_cached_key<R>(secret_key: &str, date: &str, read: impl FnOnce(&CachedKey) -> R) -> R {
    SIGNING_KEYS.with(|cache| {
        let (entries, next) = &mut *cache.borrow_mut();
        let found = entries.iter().find(|entry| {
            entry.date == date
                && constant_time_eq(entry.secret_key.expose().as_bytes(), secret_key.as_bytes())
        });
        if let Some(entry) = found {
            return read(entry);
        }
        let key = signing_key(secret_key, date);
        let entry = CachedKey {
            secret_key: SecretKey::new(secret_key),
            date: date.to_owned(),
            signing_key: key,
            keyed: <Hmac<Sha256> as Mac>::new_from_slice(&key)
                .expect("hmac accepts keys of any length"),
        };
        let answer = read(&entry);
        if entries.len() < SIGNING_KEY_CACHE_SIZE {
            entries.push(entry);
        } else {
            entries[*next] = entry;
            *next = (*next + 1) % SIGNING_KEY_CACHE_SIZE;
        }
        answer
    })
}

/// Stage 5: lower-case hex `HMAC(kSigning, StringToSign)`.
pub fn signature(signing_key: &[u8; 32], string_to_sign: &str) -> HexDigest {
    HexDigest::from_bytes(&hmac_sha256(signing_key, string_to_sign.as_bytes()))
}

/// Stage 6: `TC3-HMAC-SHA256 Credential=ID/SCOPE, SignedHeaders=…, Signature=…`.
pub fn authorization(
    secret_id: &str,
    credential_scope: &str,
    signed_headers: &str,
    signature: &str,
) -> String {
    concat(&[
        ALGORITHM,
        " Credential=",
        secret_id,
        "/",
        credential_scope,
        ", SignedHeaders=",
        signed_headers,
        ", Signature=",
        signature,
    ])
}

/// [`authorization`] written into `out` (cleared first) with the scope of `date` in place.
pub(crate) fn write_authorization_on(
    out: &mut String,
    secret_id: &str,
    date: &str,
    signed_headers: &str,
    signature: &str,
) {
    write_concat(
        out,
        &[
            ALGORITHM,
            " Credential=",
            secret_id,
            "/",
            date,
            "/",
            SERVICE,
            "/",
            TERMINATOR,
            ", SignedHeaders=",
            signed_headers,
            ", Signature=",
            signature,
        ],
    )
}

/// The pieces joined, in one allocation.
fn concat(pieces: &[&str]) -> String {
    let mut out = String::new();
    write_concat(&mut out, pieces);
    out
}

/// The pieces joined into `out`, cleared first, growing it at most once.
fn write_concat(out: &mut String, pieces: &[&str]) {
    out.clear();
    out.reserve(pieces.iter().map(|piece| piece.len()).sum());
    for piece in pieces {
        out.push_str(piece);
    }
}

/// The parts of a TC3 `Authorization` header, borrowed from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedAuthorization<'a> {
    /// The SecretId of the credential.
    pub secret_id: &'a str,
    /// The credential-scope date, as written.
    pub date: &'a str,
    /// The `SignedHeaders` list, as written.
    pub signed_headers: &'a str,
    /// The signature, as written.
    pub signature: &'a str,
}

/// Parses a TC3 `Authorization` header. Parts are split on `,` and trimmed, so spacing may vary;
/// each of `Credential`, `SignedHeaders` and `Signature` must appear exactly once and nothing else.
/// The credential must be `ID/DATE/cvm/tc3_request` and `SignedHeaders` must name `content-type`
/// and `host`. The error is a short lowercase reason.
pub fn parse_authorization(value: &str) -> Result<ParsedAuthorization<'_>, &'static str> {
    let (credential, signed_headers, signature) = match sdk_layout(value) {
        Some(parts) => parts,
        None => split_parts(value)?,
    };

    let mut scope = split_ascii(credential, b'/');
    let (Some(secret_id), Some(date), Some(service), Some(terminator), None) = (
        scope.next(),
        scope.next(),
        scope.next(),
        scope.next(),
        scope.next(),
    ) else {
        return Err("credential is not ID/DATE/SERVICE/tc3_request");
    };
    if secret_id.is_empty() || date.is_empty() {
        return Err("credential has an empty SecretId or date");
    }
    if service != SERVICE {
        return Err("service in credential is not valid");
    }
    if terminator != TERMINATOR {
        return Err("credential does not end in tc3_request");
    }
    // One pass over the names answers all three questions.
    let (mut empty, mut content_type, mut host) = (false, false, false);
    for name in split_ascii(signed_headers, b';') {
        empty |= name.is_empty();
        content_type |= name.eq_ignore_ascii_case("content-type");
        host |= name.eq_ignore_ascii_case("host");
    }
    if empty {
        return Err("signed headers has an empty name");
    }
    if !(content_type && host) {
        return Err("signed headers must include content-type and host");
    }
    if signature.is_empty() {
        return Err("signature is empty");
    }
    Ok(ParsedAuthorization {
        secret_id,
        date,
        signed_headers,
        signature,
    })
}

/// The three parts of an `Authorization` value written the way the SDKs write it
/// (`TC3-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`), found with three searches;
/// `None` for any other layout, which [`split_parts`] reads. Where both read a value, they read
/// the same parts (a property test holds it).
fn sdk_layout(value: &str) -> Option<(&str, &str, &str)> {
    let rest = value
        .strip_prefix(ALGORITHM)?
        .strip_prefix(" Credential=")?;
    let (credential, rest) = rest.split_at(memchr::memchr(b',', rest.as_bytes())?);
    let rest = rest.strip_prefix(", SignedHeaders=")?;
    let (signed_headers, rest) = rest.split_at(memchr::memchr(b',', rest.as_bytes())?);
    let signature = rest.strip_prefix(", Signature=")?;
    // Another part, or spacing the general split would trim away, is left to it.
    let trimmed = |part: &str| part.trim() == part;
    (memchr::memchr(b',', signature.as_bytes()).is_none()
        && trimmed(credential)
        && trimmed(signed_headers)
        && trimmed(signature))
    .then_some((credential, signed_headers, signature))
}

/// The three parts of an `Authorization` value in any layout: split on `,`, each part trimmed
/// and split at its first `=`; each part exactly once and nothing else.
fn split_parts(value: &str) -> Result<(&str, &str, &str), &'static str> {
    let rest = value
        .strip_prefix(ALGORITHM)
        .filter(|rest| rest.starts_with([' ', '\t']))
        .ok_or("authorization does not start with TC3-HMAC-SHA256")?;
    let (mut credential, mut signed, mut signature) = (None, None, None);
    for part in split_ascii(rest, b',') {
        let (key, item) =
            split_once_ascii(part.trim(), b'=').ok_or("authorization part has no '='")?;
        let slot = match key {
            "Credential" => &mut credential,
            "SignedHeaders" => &mut signed,
            "Signature" => &mut signature,
            _ => return Err("authorization has an unknown part"),
        };
        if slot.replace(item).is_some() {
            return Err("authorization repeats a part");
        }
    }
    Ok((
        credential.ok_or("authorization has no Credential")?,
        signed.ok_or("authorization has no SignedHeaders")?,
        signature.ok_or("authorization has no Signature")?,
    ))
}

/// `text.split(separator)` for an ASCII separator, by a plain byte scan: the pieces it is used
/// on are short (the credential scope, header name lists, a content type), where setting up the
/// searcher of `str::split`, or a call to `memchr`, costs more than the scan. The long parts of an
/// `Authorization` value are found with `memchr` (`sdk_layout`).
pub(crate) fn split_ascii(text: &str, separator: u8) -> impl Iterator<Item = &str> + Clone {
    debug_assert!(separator.is_ascii());
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        match current.bytes().position(|byte| byte == separator) {
            // An ASCII byte is a character boundary on both sides.
            Some(at) => {
                rest = Some(&current[at + 1..]);
                Some(&current[..at])
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}

/// `text.split_once(separator)` for an ASCII separator, by a plain byte scan.
fn split_once_ascii(text: &str, separator: u8) -> Option<(&str, &str)> {
    let at = text.bytes().position(|byte| byte == separator)?;
    Some((&text[..at], &text[at + 1..]))
}

fn push_lower(out: &mut String, text: &str) {
    if text.is_ascii() {
        let start = out.len();
        out.push_str(text);
        out[start..].make_ascii_lowercase();
    } else {
        out.extend(text.chars().flat_map(char::to_lowercase));
    }
}

/// Constant-time equality of two byte strings (the lengths may leak).
pub(crate) fn constant_time_eq(left: &[u8], right: &[u8]) -> bool {
    left.len() == right.len()
        && left
            .iter()
            .zip(right)
            .fold(0_u8, |acc, (l, r)| acc | (l ^ r))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
    const KEY: &str = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";

    #[test]
    fn empty_payload_hash_is_sha256_of_nothing() {
        assert_eq!(hashed_payload(b""), EMPTY_PAYLOAD_HASH);
    }

    #[test]
    fn canonical_headers_lowercase_and_trim() {
        let block = canonical_headers(&[
            ("Content-Type", " application/json; charset=utf-8 "),
            ("Host", "cvm.tencentcloudapi.com"),
            ("X-TC-Action", "DescribeInstances"),
        ]);
        assert_eq!(
            block,
            "content-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\nx-tc-action:describeinstances\n"
        );
        assert_eq!(
            signed_headers(&["Content-Type", "Host"]),
            "content-type;host"
        );
        assert_eq!(canonical_headers(&[("Host", "ÄB")]), "host:äb\n");
    }

    #[test]
    fn example_a_stage_by_stage() {
        let payload = br#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#;
        let hashed = hashed_payload(payload);
        assert_eq!(
            hashed,
            "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
        );
        let headers = canonical_headers(&[
            ("content-type", "application/json; charset=utf-8"),
            ("host", "cvm.tencentcloudapi.com"),
        ]);
        let canonical = canonical_request("POST", "", &headers, "content-type;host", &hashed);
        assert_eq!(
            canonical,
            "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
        );
        let hashed_canonical = sha256_hex(canonical.as_bytes());
        assert_eq!(
            hashed_canonical,
            "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031"
        );
        let scope = credential_scope("2019-02-25");
        let to_sign = string_to_sign("1551113065", &scope, &hashed_canonical);
        assert_eq!(
            to_sign,
            "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031"
        );
        let date_key = k_date(KEY, "2019-02-25");
        assert_eq!(
            HexDigest::from_bytes(&date_key),
            "d1308c81fe71cfd4e06437bbc067b2b8a3d2d8c0e375d547f15c41d5214b395a"
        );
        let service_key = k_service(&date_key);
        assert_eq!(
            HexDigest::from_bytes(&service_key),
            "3c7cb7c7795393edc14fd2e0e6434a518564b4504b88e94f5d11bf59ba3e7050"
        );
        let key = k_signing(&service_key);
        assert_eq!(
            HexDigest::from_bytes(&key),
            "ac658d5dde49e9bfdd14e04e062f66b05d9f637d44b8a8d845327d4a77f666b1"
        );
        assert_eq!(signing_key(KEY, "2019-02-25"), key);
        let sig = signature(&key, &to_sign);
        assert_eq!(
            sig,
            "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
        );
        assert_eq!(
            authorization(ID, &scope, "content-type;host", &sig),
            "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
        );
    }

    #[test]
    fn parses_what_it_formats() {
        let header = authorization(
            ID,
            &credential_scope("2019-02-25"),
            "content-type;host",
            "abc",
        );
        let parsed = parse_authorization(&header).unwrap();
        assert_eq!(
            parsed,
            ParsedAuthorization {
                secret_id: ID,
                date: "2019-02-25",
                signed_headers: "content-type;host",
                signature: "abc",
            }
        );
        let spaced = "TC3-HMAC-SHA256  Credential=a/d/cvm/tc3_request ,SignedHeaders=host;content-type,Signature=x";
        assert!(parse_authorization(spaced).is_ok());
    }

    #[track_caller]
    fn check_bad_authorization(header: &str) {
        assert!(parse_authorization(header).is_err(), "{header}");
    }

    #[test]
    fn rejects_malformed_authorization() {
        check_bad_authorization("");
        check_bad_authorization("TC3-HMAC-SHA256");
        check_bad_authorization("TC3-HMAC-SHA256Credential=a/d/cvm/tc3_request, SignedHeaders=content-type;host, Signature=x");
        check_bad_authorization("Bearer token");
        check_bad_authorization(
            "TC3-HMAC-SHA256 Credential=a/d/cvm/tc3_request, SignedHeaders=content-type;host",
        );
        check_bad_authorization("TC3-HMAC-SHA256 Credential=a/d/cos/tc3_request, SignedHeaders=content-type;host, Signature=x");
        check_bad_authorization("TC3-HMAC-SHA256 Credential=a/d/cvm/tc2_request, SignedHeaders=content-type;host, Signature=x");
        check_bad_authorization(
            "TC3-HMAC-SHA256 Credential=a/d/cvm, SignedHeaders=content-type;host, Signature=x",
        );
        check_bad_authorization("TC3-HMAC-SHA256 Credential=a/d/cvm/tc3_request/x, SignedHeaders=content-type;host, Signature=x");
        check_bad_authorization("TC3-HMAC-SHA256 Credential=/d/cvm/tc3_request, SignedHeaders=content-type;host, Signature=x");
        check_bad_authorization(
            "TC3-HMAC-SHA256 Credential=a/d/cvm/tc3_request, SignedHeaders=host, Signature=x",
        );
        check_bad_authorization("TC3-HMAC-SHA256 Credential=a/d/cvm/tc3_request, SignedHeaders=content-type;;host, Signature=x");
        check_bad_authorization("TC3-HMAC-SHA256 Credential=a/d/cvm/tc3_request, SignedHeaders=content-type;host, Signature=");
        check_bad_authorization("TC3-HMAC-SHA256 Credential=a/d/cvm/tc3_request, SignedHeaders=content-type;host, Signature=x, Signature=y");
        check_bad_authorization("TC3-HMAC-SHA256 Credential=a/d/cvm/tc3_request, SignedHeaders=content-type;host, Signature=x, Extra=1");
    }

    #[test]
    fn constant_time_eq_compares_bytes() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }

    #[test]
    fn cached_signing_keys_are_the_derived_ones_for_exactly_their_inputs() {
        let secrets = [
            "key-a",
            "key-b",
            "key-a2",
            "",
            "key-b-but-longer-than-the-others",
        ];
        let dates = ["2023-11-14", "2023-11-15", "2023-11-16"];
        // More pairs than the cache holds, twice, so entries are both hit and replaced.
        for _ in 0..2 {
            for secret in secrets {
                for date in dates {
                    let key = signing_key(secret, date);
                    assert_eq!(
                        cached_signature(secret, date, "a string to sign"),
                        (key, signature(&key, "a string to sign")),
                        "{secret} on {date}"
                    );
                }
            }
        }
        let key = |secret: &str, date: &str| cached_signature(secret, date, "").0;
        assert_ne!(key("key-a", "2023-11-14"), key("key-b", "2023-11-14"));
        assert_ne!(key("key-a", "2023-11-14"), key("key-a", "2023-11-15"));
    }

    proptest::proptest! {
        #[test]
        fn parse_authorization_never_panics(header in ".{0,120}") {
            let _ = parse_authorization(&header);
        }

        /// The SDK layout's shortcut reads exactly the parts the general split reads.
        #[test]
        fn the_sdk_layout_is_read_as_the_general_split_reads_it(
            credential in "[A-Za-z0-9/=, \t\u{a0}-]{0,12}",
            signed in "[a-z;=, -]{0,12}",
            signature in "[a-f0-9=, \u{3000}]{0,12}",
            separator in proptest::sample::select(vec![", ", ",", " , ", ",\t"]),
        ) {
            let value = format!(
                "TC3-HMAC-SHA256 Credential={credential}{separator}SignedHeaders={signed}{separator}Signature={signature}"
            );
            if let Some(parts) = sdk_layout(&value) {
                proptest::prop_assert_eq!(Ok(parts), split_parts(&value));
            }
        }

        #[test]
        fn split_ascii_is_str_split(text in "[a,;/é=]{0,24}", separator in proptest::sample::select(vec![b',', b';', b'/', b'='])) {
            let ours: Vec<&str> = split_ascii(&text, separator).collect();
            let std: Vec<&str> = text.split(char::from(separator)).collect();
            proptest::prop_assert_eq!(ours, std);
            proptest::prop_assert_eq!(
                split_once_ascii(&text, separator),
                text.split_once(char::from(separator))
            );
        }
    }
}
