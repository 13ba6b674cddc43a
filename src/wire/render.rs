//! Rendering a [`SignedRequest`] for people: a ready `curl` command (shell-quoted), and a
//! redacted copy with signatures, tokens and the signing key replaced by `[redacted]`.

use crate::wire::form::decode_pairs;
use crate::wire::hex::HexDigest;
use crate::wire::request::{find_header, SignedRequest, SigningTrace, REDACTED};

impl SignedRequest {
    /// A `curl` command that sends exactly this request to `base_url` (scheme, host and port,
    /// e.g. `http://127.0.0.1:9000`), one option per line; `-g` (no URL globbing) when the URL
    /// holds brackets or braces, as a raw or redacted query may. A body that is not printable
    /// UTF-8 is piped in through `printf` with octal escapes.
    ///
    /// ```text
    /// curl -sS -X POST http://127.0.0.1:9000/ \
    ///   -H 'Content-Type: application/json' \
    ///   …
    ///   --data-binary '{"InstanceIds": ["ins-w34e5rl9"]}'
    /// ```
    pub fn curl(&self, base_url: &str) -> String {
        let url = format!("{}{}", base_url.trim_end_matches('/'), self.path_and_query);
        let printable = std::str::from_utf8(&self.body)
            .ok()
            .filter(|text| !text.contains('\0'));
        let mut out = String::new();
        if printable.is_none() {
            out.push_str("printf ");
            out.push_str(&shell_quote(&printf_escape(&self.body)));
            out.push_str(" | ");
        }
        out.push_str("curl -sS ");
        if url.contains(['[', ']', '{', '}']) {
            // Turn off curl's URL globbing, which would read these as ranges and sets.
            out.push_str("-g ");
        }
        out.push_str("-X ");
        out.push_str(self.method);
        out.push(' ');
        out.push_str(&shell_quote(&url));
        for (name, value) in &self.headers {
            out.push_str(" \\\n  -H ");
            out.push_str(&shell_quote(&format!("{name}: {value}")));
        }
        match printable {
            Some(_) if self.method == "GET" && self.body.is_empty() => {}
            Some(text) => {
                out.push_str(" \\\n  --data-binary ");
                out.push_str(&shell_quote(text));
            }
            None => out.push_str(" \\\n  --data-binary @-"),
        }
        out
    }

    /// [`SignedRequest::curl`] of [`SignedRequest::redacted`]: safe for reports.
    pub fn curl_redacted(&self, base_url: &str) -> String {
        self.redacted().curl(base_url)
    }

    /// A copy with the signature (in `Authorization` or the `Signature` parameter), the session
    /// token (`X-TC-Token` or `Token`) and the trace's signature and signing key replaced by
    /// `[redacted]`. The copy is for reports; it no longer verifies.
    pub fn redacted(&self) -> SignedRequest {
        let token = self.sent_token();
        let mut copy = self.clone();
        for (name, value) in &mut copy.headers {
            if name.eq_ignore_ascii_case("authorization") {
                *value = redact_authorization(value);
            } else if name.eq_ignore_ascii_case("x-tc-token") {
                *value = REDACTED.to_owned();
            }
        }
        if let Some((path, query)) = copy.path_and_query.split_once('?') {
            copy.path_and_query = format!("{path}?{}", redact_form(query));
        }
        let is_form = find_header(&copy.headers, "content-type")
            .is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"));
        if is_form {
            if let Ok(body) = std::str::from_utf8(&copy.body) {
                copy.body = redact_form(body).into_bytes();
            }
        }
        match &mut copy.trace {
            SigningTrace::Tc3(trace) => {
                trace.signing_key_hex = HexDigest::redacted();
                trace.signature = HexDigest::redacted();
                trace.authorization = redact_authorization(&trace.authorization);
            }
            SigningTrace::V1(trace) => {
                trace.signature = REDACTED.to_owned();
                if let Some(token) = token.filter(|token| !token.is_empty()) {
                    let raw = format!("Token={token}");
                    trace.string_to_sign = trace
                        .string_to_sign
                        .replace(&raw, &format!("Token={REDACTED}"));
                }
            }
        }
        copy
    }

    /// The session token this request carries, from `X-TC-Token` or the `Token` parameter.
    fn sent_token(&self) -> Option<String> {
        if let Some(token) = find_header(&self.headers, "x-tc-token") {
            return Some(token.to_owned());
        }
        let query = self.path_and_query.split_once('?').map(|(_, query)| query);
        let body = std::str::from_utf8(&self.body).ok();
        [query, body]
            .into_iter()
            .flatten()
            .filter_map(|text| decode_pairs(text).ok())
            .flatten()
            .find(|(name, _)| name == "Token")
            .map(|(_, value)| value)
    }
}

/// Replaces the value after `Signature=` in an `Authorization` header.
fn redact_authorization(value: &str) -> String {
    match value.find("Signature=") {
        Some(start) => {
            let after = start + "Signature=".len();
            let end = value[after..]
                .find(',')
                .map_or(value.len(), |offset| after + offset);
            format!("{}{REDACTED}{}", &value[..after], &value[end..])
        }
        None => value.to_owned(),
    }
}

/// Replaces the values of `Signature` and `Token` in a raw form or query string.
fn redact_form(raw: &str) -> String {
    raw.split('&')
        .map(|segment| match segment.split_once('=') {
            Some((name, _)) if name == "Signature" || name == "Token" => {
                format!("{name}={REDACTED}")
            }
            _ => segment.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Quotes `text` for a POSIX shell: bare when it only holds safe characters, otherwise in
/// single quotes with each `'` written as `'\''`.
pub(crate) fn shell_quote(text: &str) -> String {
    let safe = !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"@%+=:,./_-".contains(&b));
    if safe {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// A `printf` format string that prints `bytes` exactly: printable ASCII as is (`%` and `\`
/// doubled), everything else as a three-digit octal escape.
fn printf_escape(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for &byte in bytes {
        match byte {
            b'%' => out.push_str("%%"),
            b'\\' => out.push_str("\\\\"),
            b' '..=b'~' => out.push(char::from(byte)),
            _ => out.push_str(&format!("\\{byte:03o}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_quoting() {
        assert_eq!(shell_quote("abc-1.2/x"), "abc-1.2/x");
        assert_eq!(shell_quote(""), "''");
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote("$(rm -rf /)"), "'$(rm -rf /)'");
    }

    #[test]
    fn printf_escapes_binary() {
        assert_eq!(printf_escape(b"a%\\\x00\xff\n"), "a%%\\\\\\000\\377\\012");
    }

    #[test]
    fn redaction_helpers() {
        assert_eq!(
            redact_authorization("TC3-HMAC-SHA256 Credential=a/d/cvm/tc3_request, SignedHeaders=content-type;host, Signature=abc"),
            "TC3-HMAC-SHA256 Credential=a/d/cvm/tc3_request, SignedHeaders=content-type;host, Signature=[redacted]"
        );
        assert_eq!(
            redact_form("A=1&Token=t&Signature=s%3D&B=2"),
            "A=1&Token=[redacted]&Signature=[redacted]&B=2"
        );
    }
}
