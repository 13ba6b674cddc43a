//! `[case.protocol]`: deliberate deviations from a correct request, each mapped to a
//! [`Breakage`] of the signer or to a field of the request (action, version, method, headers,
//! content type, an oversized body).

use std::ops::Range;

use toml::Spanned;

use crate::scenario::diagnostic::Diagnostic;
use crate::scenario::format::ProtocolDto;
use crate::scenario::parse::SourceFile;
use crate::wire::{Breakage, SignMethod};

/// Largest `oversize_body` a case may ask for: 64 MiB, well above every documented limit.
pub const MAX_OVERSIZE_BODY: u64 = 64 * 1024 * 1024;

/// The validated deviations of one case.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Protocol {
    /// Faults for the signer, in the order listed in `scenarios/README.md`.
    pub(crate) breakage: Vec<Breakage>,
    /// The action name to send instead of the case's action (`""` for a missing v1 action).
    pub(crate) action_name: Option<String>,
    /// The version to send instead of 2017-03-12 (`""` for a missing v1 version).
    pub(crate) version: Option<String>,
    /// The HTTP method to send instead of the encoding's.
    pub(crate) method: Option<String>,
    /// The `Content-Type` to send and sign instead of the encoding's.
    pub(crate) content_type: Option<String>,
    /// Extra headers, sent and (with TC3) signed.
    pub(crate) headers: Vec<(String, String)>,
    /// Send `X-TC-Content-SHA256: UNSIGNED-PAYLOAD`.
    pub(crate) unsigned_payload: bool,
    /// Pad the body to this many bytes.
    pub(crate) oversize_body: Option<usize>,
}

impl Protocol {
    /// Whether the request deviates in a way the oracle cannot judge from its parameters (so the
    /// case must say what it expects). Extra headers, a content type or an unsigned payload alone
    /// leave a request the oracle can judge.
    pub(crate) fn deviates(&self) -> bool {
        !self.breakage.is_empty()
            || self.action_name.is_some()
            || self.version.is_some()
            || self.method.is_some()
            || self.oversize_body.is_some()
    }
}

/// `[case.protocol]` validated for a case signed with `sign`; diagnostics go to `diagnostics`.
pub(crate) fn protocol(
    file: SourceFile<'_>,
    dto: &ProtocolDto,
    sign: SignMethod,
    raw_body: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Protocol {
    let tc3 = sign == SignMethod::Tc3;
    let mut out = Protocol::default();
    let on = |flag: &Option<Spanned<bool>>| flag.as_ref().is_some_and(|flag| *flag.get_ref());
    let mut tc3_only = |flag: bool, span: Option<Range<usize>>, field: &str| {
        if let (true, false, Some(span)) = (flag, tc3, span) {
            diagnostics.push(
                file.diag(span, format!("`{field}` applies to tc3 signing only"))
                    .with_label(format!("this case is signed with {}", sign.name()))
                    .with_help("remove it, or sign the case with `sign = \"tc3\"`"),
            );
        }
    };
    tc3_only(
        dto.scope_date.is_some(),
        dto.scope_date.as_ref().map(Spanned::span),
        "scope_date",
    );
    tc3_only(
        on(&dto.unsigned_payload),
        dto.unsigned_payload.as_ref().map(Spanned::span),
        "unsigned_payload",
    );

    if let Some(skew) = &dto.skew_seconds {
        out.breakage.push(Breakage::SkewTimestamp(*skew.get_ref()));
    }
    for (flag, breakage) in [
        (&dto.wrong_secret, Breakage::WrongSecret),
        (&dto.unknown_secret_id, Breakage::UnknownSecretId),
        (&dto.alter_signature, Breakage::AlterSignature),
        (&dto.truncate_signature, Breakage::TruncateSignature),
    ] {
        if on(flag) {
            out.breakage.push(breakage);
        }
    }
    if let Some(date) = &dto.scope_date {
        if !is_date(date.get_ref()) {
            diagnostics.push(
                file.diag(date.span(), "`scope_date` must be a date")
                    .with_label("expected YYYY-MM-DD")
                    .with_help("write it like this:\nscope_date = \"2019-02-25\""),
            );
        }
        out.breakage
            .push(Breakage::ScopeDate(date.get_ref().clone()));
    }
    if on(&dto.drop_authorization) {
        out.breakage.push(Breakage::DropAuthorization);
    }
    for name in &dto.remove_headers {
        check_header(file, name, None, diagnostics);
        out.breakage
            .push(Breakage::RemoveHeader(name.get_ref().clone()));
    }
    for (key, value) in &dto.override_headers {
        let name = Spanned::new(key.span_or(value.span()), key.name().to_owned());
        check_header(file, &name, Some(value), diagnostics);
        out.breakage.push(Breakage::OverrideHeader(
            name.get_ref().clone(),
            value.get_ref().clone(),
        ));
    }
    for (key, value) in &dto.headers {
        let name = Spanned::new(key.span_or(value.span()), key.name().to_owned());
        check_header(file, &name, Some(value), diagnostics);
        out.headers
            .push((name.get_ref().clone(), value.get_ref().clone()));
    }
    if let Some(content_type) = &dto.content_type {
        check_value(file, content_type, diagnostics);
        out.content_type = Some(content_type.get_ref().clone());
    }
    out.unsigned_payload = on(&dto.unsigned_payload);

    let missing = |flag: &Option<Spanned<bool>>,
                   value: &Option<Spanned<String>>,
                   field: &str,
                   header: &str,
                   diagnostics: &mut Vec<Diagnostic>,
                   out: &mut Protocol|
     -> Option<String> {
        if let Some(value) = value {
            check_value(file, value, diagnostics);
            if let (true, Some(flag)) = (on(flag), flag) {
                diagnostics.push(
                    file.diag(
                        flag.span(),
                        format!("`missing_{field}` contradicts `{field}`"),
                    )
                    .with_label(format!("`{field}` is also given"))
                    .with_help(format!(
                        "keep one of them: `missing_{field} = true` sends no {field}"
                    )),
                );
            }
            return Some(value.get_ref().clone());
        }
        if !on(flag) {
            return None;
        }
        if tc3 {
            out.breakage.push(Breakage::RemoveHeader(header.to_owned()));
            None
        } else {
            Some(String::new())
        }
    };
    let action_name = missing(
        &dto.missing_action,
        &dto.action,
        "action",
        "X-TC-Action",
        diagnostics,
        &mut out,
    );
    let version = missing(
        &dto.missing_version,
        &dto.version,
        "version",
        "X-TC-Version",
        diagnostics,
        &mut out,
    );
    out.action_name = action_name;
    out.version = version;
    if let Some(method) = &dto.method {
        if method.get_ref().is_empty() || !method.get_ref().bytes().all(is_token_byte) {
            diagnostics.push(
                file.diag(method.span(), "`method` must be an HTTP method name")
                    .with_label("not an HTTP token")
                    .with_help("write it like this:\nmethod = \"PUT\""),
            );
        }
        out.method = Some(method.get_ref().clone());
    }
    if let Some(size) = &dto.oversize_body {
        let bytes = *size.get_ref();
        if bytes == 0 || bytes > MAX_OVERSIZE_BODY {
            diagnostics.push(
                file.diag(size.span(), "`oversize_body` is out of range")
                    .with_label(format!("expected 1 to {MAX_OVERSIZE_BODY} bytes"))
                    .with_help("the documented limits are 32 KiB (GET), 1 MiB (v1 POST) and 10 MiB (v3 POST); ask for one byte more"),
            );
        } else if raw_body {
            diagnostics.push(
                file.diag(size.span(), "`oversize_body` contradicts `raw_body`")
                    .with_label("both say what the body is")
                    .with_help("remove one: `oversize_body` pads the parameters, `raw_body` sends exact bytes"),
            );
        }
        out.oversize_body = usize::try_from(bytes).ok();
    }
    out
}

/// Whether `text` looks like `YYYY-MM-DD`.
fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(index, byte)| match index {
            4 | 7 => *byte == b'-',
            _ => byte.is_ascii_digit(),
        })
}

/// Whether `byte` may appear in an HTTP header name or method (RFC 9110 `tchar`).
fn is_token_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte)
}

fn check_header(
    file: SourceFile<'_>,
    name: &Spanned<String>,
    value: Option<&Spanned<String>>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if name.get_ref().is_empty() || !name.get_ref().bytes().all(is_token_byte) {
        diagnostics.push(
            file.diag(
                name.span(),
                format!("`{}` is not a header name", name.get_ref()),
            )
            .with_label("a header name is letters, digits and `-`")
            .with_help(
                "quote names that hold `-` as TOML keys: { \"X-TC-Region\" = \"ap-guangzhou\" }",
            ),
        );
    }
    if let Some(value) = value {
        check_value(file, value, diagnostics);
    }
}

fn check_value(file: SourceFile<'_>, value: &Spanned<String>, diagnostics: &mut Vec<Diagnostic>) {
    if value
        .get_ref()
        .bytes()
        .any(|byte| matches!(byte, b'\r' | b'\n' | b'\0'))
    {
        diagnostics.push(
            file.diag(
                value.span(),
                "a header value cannot hold a line break or nul",
            )
            .with_label("cr, lf or nul here")
            .with_help("remove the control characters; to send a broken body, use `raw_body`"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_tokens() {
        assert!(is_date("2019-02-25"));
        assert!(!is_date("2019-2-25"));
        assert!(!is_date("2019/02/25"));
        assert!(is_token_byte(b'-') && is_token_byte(b'X'));
        assert!(!is_token_byte(b' ') && !is_token_byte(b':'));
    }
}
