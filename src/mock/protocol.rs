//! The protocol checks of the mock, outside the action's own rules: the method, the documented
//! body sizes, the action and version named by a verified request, and the API messages of the
//! common codes. Pure functions; the order they run in is fixed by `service`.

use crate::contract::limits::MAX_TIMESTAMP_SKEW_SECS;
use crate::contract::{codes, limits, Action, VERSION};
use crate::wire::{HeaderPair, Received, Verified, VerifyError, VerifyErrorKind};

/// The most body bytes the HTTP front reads: a little above the largest documented body (10 MiB),
/// so that a body just over a limit still gets the documented `RequestSizeLimitExceeded` answer.
pub const BODY_READ_CAP: usize = limits::MAX_V3_POST_BODY_BYTES + 64 * 1024;

/// A request refused by a protocol check: the common code and the API message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// `Response.Error.Code`.
    pub code: &'static str,
    /// `Response.Error.Message`.
    pub message: String,
}

/// Only GET and POST are served: anything else is `UnsupportedProtocol`.
pub fn check_method(method: &str) -> Result<(), Rejection> {
    if method == "GET" || method == "POST" {
        return Ok(());
    }
    let shown: String = method.chars().take(32).collect();
    Err(Rejection {
        code: codes::UNSUPPORTED_PROTOCOL,
        message: format!("The HTTP method `{shown}` is not supported; only GET and POST are."),
    })
}

/// The documented size limit of a request and what it applies to: the whole request target and
/// body for GET (32 KiB), the body of a form-encoded (v1) POST (1 MiB), the body of any other
/// POST (10 MiB).
pub fn size_limit<H: HeaderPair>(request: &Received<'_, H>) -> (usize, usize, &'static str) {
    if request.method == "GET" {
        let size = request.path_and_query.len() + request.body.len();
        return (size, limits::MAX_GET_REQUEST_BYTES, "a GET request");
    }
    let form = request.header("content-type").is_some_and(|value| {
        let media_type = value.split(';').next().unwrap_or("").trim();
        media_type.eq_ignore_ascii_case("application/x-www-form-urlencoded")
    });
    if form {
        (
            request.body.len(),
            limits::MAX_V1_POST_BODY_BYTES,
            "a form-encoded POST body",
        )
    } else {
        (
            request.body.len(),
            limits::MAX_V3_POST_BODY_BYTES,
            "a POST body",
        )
    }
}

/// Over the documented size: `RequestSizeLimitExceeded`.
pub fn check_size<H: HeaderPair>(request: &Received<'_, H>) -> Result<(), Rejection> {
    // A POST body within the smaller of the two POST limits is within either: no need to look
    // for its content type.
    if request.method == "POST" && request.body.len() <= limits::MAX_V1_POST_BODY_BYTES {
        return Ok(());
    }
    let (size, limit, what) = size_limit(request);
    if size <= limit {
        return Ok(());
    }
    Err(oversized(limit, what))
}

/// The rejection of a body too large to read at all (over [`BODY_READ_CAP`]).
pub fn unreadably_large() -> Rejection {
    oversized(limits::MAX_V3_POST_BODY_BYTES, "a POST body")
}

/// The message names the limit, not the size received: the size of a v1 request varies with its
/// nonce and signature, and a message that changes from run to run cannot be snapshot.
fn oversized(limit: usize, what: &str) -> Rejection {
    Rejection {
        code: codes::REQUEST_SIZE_LIMIT_EXCEEDED,
        message: format!("The request is too large: over the limit of {limit} bytes for {what}."),
    }
}

/// The action a verified request names: `MissingParameter` if none, `InvalidAction` if unknown,
/// then `MissingParameter` without a version and `NoSuchVersion` for any version but `2017-03-12`.
pub fn resolve_action(verified: &Verified<'_>) -> Result<Action, Rejection> {
    let name = verified.action.as_deref().map(str::trim).unwrap_or("");
    if name.is_empty() {
        return Err(missing("Action"));
    }
    let Some(action) = Action::from_name(name) else {
        return Err(Rejection {
            code: codes::INVALID_ACTION,
            message: "The request `Action` is invalid or not found.".into(),
        });
    };
    let version = verified.version.as_deref().map(str::trim).unwrap_or("");
    if version.is_empty() {
        return Err(missing("Version"));
    }
    if version != VERSION {
        let shown: String = version.chars().take(32).collect();
        return Err(Rejection {
            code: codes::NO_SUCH_VERSION,
            message: format!(
                "The API version `{shown}` of action `{action}` does not exist; use `{VERSION}`."
            ),
        });
    }
    Ok(action)
}

/// The rejection of a request that did not verify: the verifier's code with an API message.
pub fn verify_rejection(error: &VerifyError) -> Rejection {
    let message = match error.kind() {
        VerifyErrorKind::UnknownSecretId { .. } => {
            "The SecretId is not found, please ensure that your SecretId is correct.".to_owned()
        }
        VerifyErrorKind::Expired { timestamp, now } => format!(
            "The signature is expired, please request again (timestamp {timestamp}, server time {now}, at most {MAX_TIMESTAMP_SKEW_SECS} s apart)."
        ),
        VerifyErrorKind::SignatureMismatch | VerifyErrorKind::ScopeDateMismatch { .. } => {
            "The provided credentials could not be validated. Please check your signature is correct.".to_owned()
        }
        VerifyErrorKind::MissingParameter { name } => {
            format!("The request is missing a required parameter `{name}`.")
        }
        VerifyErrorKind::MissingCredentials => {
            "The request is missing a required parameter: no `Authorization` header and no `Signature`.".to_owned()
        }
        other => sentence(&other.to_string()),
    };
    Rejection {
        code: error.code(),
        message,
    }
}

fn missing(name: &str) -> Rejection {
    Rejection {
        code: codes::MISSING_PARAMETER,
        message: format!("The request is missing a required parameter `{name}`."),
    }
}

/// `text` with a capital first letter and a final period, as the service's messages read.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = chars
        .next()
        .map(|first| first.to_uppercase().collect())
        .unwrap_or_default();
    out.push_str(chars.as_str());
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::{Encoding, SignMethod};

    fn received<'a>(
        method: &'a str,
        target: &'a str,
        headers: &'a [(String, String)],
        body: &'a [u8],
    ) -> Received<'a> {
        Received {
            method,
            path_and_query: target,
            headers,
            body,
        }
    }

    #[test]
    fn methods() {
        assert!(check_method("GET").is_ok());
        assert!(check_method("POST").is_ok());
        for method in ["PUT", "DELETE", "get", "PATCH", "HEAD"] {
            assert_eq!(
                check_method(method).unwrap_err().code,
                codes::UNSUPPORTED_PROTOCOL
            );
        }
    }

    #[test]
    fn sizes_per_encoding() {
        let form = [(
            "Content-Type".to_owned(),
            "application/x-www-form-urlencoded".to_owned(),
        )];
        let json = [("content-type".to_owned(), "application/json".to_owned())];
        let big_form = vec![b'a'; limits::MAX_V1_POST_BODY_BYTES + 1];
        assert!(check_size(&received("POST", "/", &form, &big_form)).is_err());
        assert!(check_size(&received("POST", "/", &json, &big_form)).is_ok());
        assert!(check_size(&received("POST", "/", &form, &big_form[1..])).is_ok());
        let big_json = vec![b' '; limits::MAX_V3_POST_BODY_BYTES + 1];
        let refused = check_size(&received("POST", "/", &json, &big_json)).unwrap_err();
        assert_eq!(refused.code, codes::REQUEST_SIZE_LIMIT_EXCEEDED);
        assert_eq!(
            refused.message,
            "The request is too large: over the limit of 10485760 bytes for a POST body."
        );
        let query = format!("/?{}", "a".repeat(limits::MAX_GET_REQUEST_BYTES));
        assert!(check_size(&received("GET", &query, &form, b"")).is_err());
        assert!(check_size(&received("GET", &query[..query.len() - 2], &form, b"")).is_ok());
        assert_eq!(unreadably_large().code, codes::REQUEST_SIZE_LIMIT_EXCEEDED);
    }

    fn verified<'a>(action: Option<&'a str>, version: Option<&'a str>) -> Verified<'a> {
        Verified {
            secret_id: "AKID".into(),
            sign_method: SignMethod::Tc3,
            encoding: Encoding::Json,
            action: action.map(Into::into),
            version: version.map(Into::into),
            region: None,
            token: None,
            language: None,
            params: Default::default(),
        }
    }

    #[test]
    fn action_then_version() {
        let code = |action, version| resolve_action(&verified(action, version)).map_err(|r| r.code);
        assert_eq!(
            code(Some("DisassociateInstancesKeyPairs"), Some(VERSION)),
            Ok(Action::DisassociateInstancesKeyPairs)
        );
        assert_eq!(code(None, Some(VERSION)), Err(codes::MISSING_PARAMETER));
        assert_eq!(code(Some(" "), None), Err(codes::MISSING_PARAMETER));
        assert_eq!(
            code(Some("RunInstances"), Some("1999-01-01")),
            Err(codes::INVALID_ACTION)
        );
        assert_eq!(
            code(Some("DescribeKeyPairs"), None),
            Err(codes::MISSING_PARAMETER)
        );
        assert_eq!(
            code(Some("DescribeKeyPairs"), Some("2017-03-13")),
            Err(codes::NO_SUCH_VERSION)
        );
    }

    #[test]
    fn messages_read_as_sentences() {
        assert_eq!(
            sentence("body is not a json object"),
            "Body is not a json object."
        );
        assert_eq!(sentence(""), ".");
    }
}
