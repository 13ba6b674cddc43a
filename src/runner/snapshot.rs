//! Snapshots (check 8): the one rendering of a response that `tcconform run` and `cargo test`
//! share ([`render`]), the snapshot's name and place, and insta's `.snap` file format, so that
//! `cargo insta review` reviews what `tcconform run --update-snapshots` writes and the reverse.
//!
//! A snapshot is named after the case's full name: `group/name` is stored as
//! `scenario__group__name.snap`, in `snapshots/` for the mock and `snapshots/<profile>/` for a
//! named real target. The file is insta's: a header naming the test that asserts it
//! (`tests/it/scenarios.rs`) and the asserted expression, then the rendering.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::runner::answer::Answer;
use crate::runner::diff::line_diff;
use crate::runner::result::{Check, Finding};
use crate::scenario::{Case, MOCK_PROFILE};

/// Every scenario snapshot's name starts with this, then `__group__name`.
pub const SNAPSHOT_PREFIX: &str = "scenario__";

/// The test file that asserts the scenario snapshots (the `source:` of their header).
pub const SNAPSHOT_SOURCE: &str = "tests/it/scenarios.rs";

/// The expression that test asserts (the `expression:` of their header).
pub const SNAPSHOT_EXPRESSION: &str = "normalised_response";

/// What replaces `Response.RequestId`.
pub const REDACTED_REQUEST_ID: &str = "[request-id]";

/// What replaces a Unix timestamp (ten digits) in `Response.Error.Message`.
pub const REDACTED_TIMESTAMP: &str = "[timestamp]";

/// The snapshot name of the case `group/name`: `scenario__group__name`.
pub fn snapshot_name(case: &Case) -> String {
    name_of(&case.full_name())
}

/// The snapshot name of the case whose full name is `full_name`.
pub fn name_of(full_name: &str) -> String {
    format!("{SNAPSHOT_PREFIX}{}", full_name.replace('/', "__"))
}

/// The directory of a profile's snapshots under `base`: `base` itself for the mock (no profile, or
/// `mock`), `base/<profile>` otherwise.
pub fn snapshot_dir(base: &Path, profile: Option<&str>) -> PathBuf {
    match profile {
        None => base.to_owned(),
        Some(profile) if profile == MOCK_PROFILE => base.to_owned(),
        Some(profile) => base.join(profile),
    }
}

/// The file of the snapshot `name` in `dir`.
pub fn snapshot_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.snap"))
}

/// The normalised response: status, content type, and the body as pretty JSON with keys sorted,
/// `Response.RequestId` redacted and Unix timestamps in `Response.Error.Message` redacted; a body
/// that is not JSON is shown as text; no response is shown as what happened.
///
/// ```text
/// status: 200
/// content-type: application/json
/// body:
/// {
///   "Response": {
///     "Error": {
///       "Code": "InvalidInstanceId.Malformed",
///       "Message": "…"
///     },
///     "RequestId": "[request-id]"
///   }
/// }
/// ```
pub fn render(answer: &Answer) -> String {
    let (status, content_type, body) = match answer {
        Answer::Nothing { why, .. } => return format!("no response: {}", why.describe()),
        Answer::Response {
            status,
            content_type,
            body,
        } => (status, content_type, body),
    };
    let mut out = format!(
        "status: {status}\ncontent-type: {}\n",
        content_type.as_deref().unwrap_or("(none)")
    );
    match serde_json::from_slice::<Value>(body) {
        Ok(mut value) => {
            normalise(&mut value);
            let pretty = serde_json::to_string_pretty(&sorted(value)).unwrap_or_default();
            out.push_str("body:\n");
            out.push_str(&pretty);
        }
        Err(_) if body.is_empty() => out.push_str("body: (empty)"),
        Err(_) => {
            out.push_str(&format!("body (not json, {} bytes):\n", body.len()));
            out.push_str(&printable(&String::from_utf8_lossy(body)));
        }
    }
    out
}

/// The text of a `.snap` file holding `rendered`, as insta writes it.
pub fn file_text(rendered: &str) -> String {
    format!("---\nsource: {SNAPSHOT_SOURCE}\nexpression: {SNAPSHOT_EXPRESSION}\n---\n{rendered}\n")
}

/// The snapshot in a `.snap` file's text: everything after the header (a file without the
/// header is taken whole).
pub fn stored_content(file_text: &str) -> &str {
    let Some(rest) = file_text.strip_prefix("---\n") else {
        return file_text;
    };
    match rest.find("\n---\n") {
        Some(end) => &rest[end + "\n---\n".len()..],
        None => file_text,
    }
}

/// Check 8: `rendered` against the stored file text (`None`: no file at `path`). Compared as
/// insta compares: trailing whitespace ignored, CRLF read as LF.
pub fn compare(path: &Path, stored: Option<&str>, rendered: &str) -> Option<Finding> {
    let Some(stored) = stored else {
        return Some(
            Finding::new(
                Check::Snapshot,
                format!("no snapshot at {}", path.display()),
            )
            .with_detail(
                "record it with `tcconform run --update-snapshots` (or `cargo insta test` and \
                 `cargo insta review`), and review it before committing",
            ),
        );
    };
    let stored = comparable(stored_content(&stored.replace("\r\n", "\n")));
    let rendered = comparable(rendered);
    if stored == rendered {
        return None;
    }
    Some(
        Finding::new(
            Check::Snapshot,
            format!("the response differs from {}", path.display()),
        )
        .with_detail(format!(
            "- stored, + this run:\n{}",
            line_diff(&stored, &rendered)
        )),
    )
}

fn comparable(text: &str) -> String {
    text.replace("\r\n", "\n").trim_end().to_owned()
}

/// Redacts `Response.RequestId` and timestamps in `Response.Error.Message`.
fn normalise(value: &mut Value) {
    let Some(response) = value.get_mut("Response").and_then(Value::as_object_mut) else {
        return;
    };
    if let Some(request_id) = response.get_mut("RequestId") {
        if request_id.is_string() {
            *request_id = Value::from(REDACTED_REQUEST_ID);
        }
    }
    if let Some(Value::String(message)) = response
        .get_mut("Error")
        .and_then(|error| error.get_mut("Message"))
    {
        *message = redact_timestamps(message);
    }
}

/// `text` with every run of exactly ten digits replaced by [`REDACTED_TIMESTAMP`].
fn redact_timestamps(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        if digits.len() == 10 {
            out.push_str(REDACTED_TIMESTAMP);
        } else {
            out.push_str(digits);
        }
        digits.clear();
    };
    for ch in text.chars() {
        if ch.is_ascii_digit() {
            digits.push(ch);
        } else {
            flush(&mut digits, &mut out);
            out.push(ch);
        }
    }
    flush(&mut digits, &mut out);
    out
}

/// `value` with every object's keys in sorted order.
fn sorted(value: Value) -> Value {
    match value {
        Value::Object(object) => {
            let mut entries: Vec<(String, Value)> = object.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            let map: Map<String, Value> = entries
                .into_iter()
                .map(|(key, value)| (key, sorted(value)))
                .collect();
            Value::Object(map)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

/// `text` with control characters other than newline and tab escaped, so that a snapshot stays
/// a readable text file.
fn printable(text: &str) -> String {
    text.chars()
        .map(|ch| match ch {
            '\n' | '\t' => ch.to_string(),
            ch if ch.is_control() => ch.escape_unicode().to_string(),
            ch => ch.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests;
