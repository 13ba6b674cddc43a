//! The API 3.0 response envelope: builders for the mock's success and error bodies, and the
//! validator of design §4 checks 2 to 5 (status, content type, envelope shape, error shape and
//! documented code), which collects every finding and never panics.

use serde_json::{Map, Value};

use crate::contract::{codes, Action};

/// The response `Content-Type`, bare: the Python SDK mis-parses error bodies with a charset.
pub const CONTENT_TYPE: &str = "application/json";

/// `{"Response":{…fields,"RequestId":"…"}}`. A `RequestId` or `Error` among `fields` is ignored.
pub fn success_body(request_id: &str, fields: &Map<String, Value>) -> Vec<u8> {
    let mut out = Vec::with_capacity(96);
    out.extend_from_slice(b"{\"Response\":{");
    for (name, value) in fields {
        if name != "RequestId" && name != "Error" {
            push_json(&mut out, name);
            out.push(b':');
            push_json(&mut out, value);
            out.push(b',');
        }
    }
    push_request_id(&mut out, request_id);
    out
}

/// `{"Response":{"Error":{"Code":"…","Message":"…"},"RequestId":"…"}}`.
pub fn error_body(request_id: &str, code: &str, message: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(128 + message.len());
    out.extend_from_slice(b"{\"Response\":{\"Error\":{\"Code\":");
    push_json(&mut out, code);
    out.extend_from_slice(b",\"Message\":");
    push_json(&mut out, message);
    out.extend_from_slice(b"},");
    push_request_id(&mut out, request_id);
    out
}

/// `"RequestId":"…"}}`, closing the envelope.
fn push_request_id(out: &mut Vec<u8>, request_id: &str) {
    out.extend_from_slice(b"\"RequestId\":");
    push_json_str(out, request_id);
    out.extend_from_slice(b"}}");
}

/// A JSON string, copied as it is when nothing in it needs escaping (a UUID never does), else
/// escaped by `serde_json`.
fn push_json_str(out: &mut Vec<u8>, text: &str) {
    // Every byte is looked at, without an early exit, so that the check runs a vector at a time.
    let plain = text.bytes().fold(true, |plain, byte| {
        plain & (0x20..0x7f).contains(&byte) & (byte != b'"') & (byte != b'\\')
    });
    if plain {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    } else {
        push_json(out, text);
    }
}

/// The compact JSON of `value`, written straight into the body: the same bytes `serde_json`
/// gives a whole envelope built as a `Value`, without building one.
fn push_json<T: serde::Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    // Writing strings and `Value`s into a `Vec` cannot fail.
    let _ = serde_json::to_writer(&mut *out, value);
}

/// Whether `text` is a UUID in lower-case `8-4-4-4-12` hex form (any version).
pub fn is_lower_uuid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(index, byte)| match index {
            8 | 13 | 18 | 23 => *byte == b'-',
            _ => matches!(byte, b'0'..=b'9' | b'a'..=b'f'),
        })
}

/// An API error from `Response.Error`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// `Code`, or empty when it is missing or not a string.
    pub code: String,
    /// `Message`, or empty when it is missing or not a string.
    pub message: String,
}

/// The parts of a response envelope that could be read.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    /// `Response.RequestId` when it is a string.
    pub request_id: Option<String>,
    /// Present whenever `Response.Error` is (even malformed: see the findings).
    pub error: Option<ApiError>,
    /// The other members of `Response`: the action's result fields.
    pub fields: Map<String, Value>,
}

/// What kind of contract breach a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FindingKind {
    /// The HTTP status is not 200.
    Status,
    /// The `Content-Type` is not exactly `application/json`.
    ContentType,
    /// The body is not JSON.
    NotJson,
    /// The body is JSON but not an object.
    NotObject,
    /// There is no `Response` object.
    NoResponse,
    /// `RequestId` is missing, not a string, or not a lower-case UUID.
    RequestId,
    /// `Error` is not an object with string `Code` and `Message`.
    ErrorShape,
    /// `Error.Message` is empty.
    EmptyMessage,
    /// `Error.Code` is in neither the action's catalogue nor the common one.
    UndocumentedCode,
}

/// One contract breach, with a human-readable detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What kind of breach.
    pub kind: FindingKind,
    /// What exactly was seen.
    pub detail: String,
}

/// The validator's verdict: every finding, and the envelope when one could be read.
#[derive(Debug, Clone, PartialEq)]
pub struct EnvelopeCheck {
    /// Every breach found, in check order.
    pub findings: Vec<Finding>,
    /// The envelope, when the body holds a `Response` object.
    pub envelope: Option<Envelope>,
}

impl EnvelopeCheck {
    /// Whether nothing was found.
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty()
    }
}

/// Checks a response against the envelope contract for `action` (`None`: common codes only).
pub fn validate(
    action: Option<Action>,
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> EnvelopeCheck {
    let mut findings = Vec::new();
    let mut find = |kind, detail: String| findings.push(Finding { kind, detail });
    if status != 200 {
        find(FindingKind::Status, format!("status is {status}, not 200"));
    }
    if content_type != Some(CONTENT_TYPE) {
        let detail = match content_type {
            Some(value) => format!("content type is {:?}, not {CONTENT_TYPE:?}", clip(value)),
            None => "content type is missing".to_owned(),
        };
        find(FindingKind::ContentType, detail);
    }
    let envelope = match serde_json::from_slice::<Value>(body) {
        Err(error) => {
            find(FindingKind::NotJson, format!("body is not json: {error}"));
            None
        }
        Ok(Value::Object(mut root)) => match root.shift_remove("Response") {
            Some(Value::Object(response)) => Some(read_response(action, response, &mut find)),
            Some(other) => {
                find(
                    FindingKind::NoResponse,
                    format!("Response is {}", kind_of(&other)),
                );
                None
            }
            None => {
                find(
                    FindingKind::NoResponse,
                    "body has no Response member".to_owned(),
                );
                None
            }
        },
        Ok(other) => {
            find(
                FindingKind::NotObject,
                format!("body is {}", kind_of(&other)),
            );
            None
        }
    };
    EnvelopeCheck { findings, envelope }
}

fn read_response(
    action: Option<Action>,
    mut response: Map<String, Value>,
    find: &mut impl FnMut(FindingKind, String),
) -> Envelope {
    let request_id = match response.shift_remove("RequestId") {
        Some(Value::String(id)) => {
            if !is_lower_uuid(&id) {
                find(
                    FindingKind::RequestId,
                    format!("RequestId {:?} is not a lower-case uuid", clip(&id)),
                );
            }
            Some(id)
        }
        Some(other) => {
            find(
                FindingKind::RequestId,
                format!("RequestId is {}", kind_of(&other)),
            );
            None
        }
        None => {
            find(
                FindingKind::RequestId,
                "Response has no RequestId".to_owned(),
            );
            None
        }
    };
    let error = response
        .shift_remove("Error")
        .map(|error| read_error(action, error, find));
    Envelope {
        request_id,
        error,
        fields: response,
    }
}

fn read_error(
    action: Option<Action>,
    error: Value,
    find: &mut impl FnMut(FindingKind, String),
) -> ApiError {
    let Value::Object(error) = error else {
        find(
            FindingKind::ErrorShape,
            format!("Error is {}", kind_of(&error)),
        );
        return ApiError {
            code: String::new(),
            message: String::new(),
        };
    };
    let mut text = |name: &str| match error.get(name) {
        Some(Value::String(text)) => Some(text.clone()),
        Some(other) => {
            find(
                FindingKind::ErrorShape,
                format!("Error.{name} is {}", kind_of(other)),
            );
            None
        }
        None => {
            find(FindingKind::ErrorShape, format!("Error has no {name}"));
            None
        }
    };
    let code = text("Code");
    let message = text("Message");
    match code.as_deref() {
        Some("") => find(FindingKind::ErrorShape, "Error.Code is empty".to_owned()),
        Some(code) if !codes::is_documented(action, code) => {
            let scope = action.map_or("common".to_owned(), |action| action.to_string());
            find(
                FindingKind::UndocumentedCode,
                format!("code {:?} is not documented for {scope}", clip(code)),
            );
        }
        _ => {}
    }
    if message
        .as_deref()
        .is_some_and(|message| message.trim().is_empty())
    {
        find(
            FindingKind::EmptyMessage,
            "Error.Message is empty".to_owned(),
        );
    }
    ApiError {
        code: code.unwrap_or_default(),
        message: message.unwrap_or_default(),
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// At most 80 characters of `text`, for details.
fn clip(text: &str) -> String {
    let mut clipped: String = text.chars().take(80).collect();
    if clipped.len() < text.len() {
        clipped.push('…');
    }
    clipped
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn strings_are_written_as_serde_json_writes_them(text in "[a-f0-9\"\\\\\u{0}-\u{1f}\u{7f}é -]{0,12}") {
            let mut ours = Vec::new();
            push_json_str(&mut ours, &text);
            proptest::prop_assert_eq!(ours, serde_json::to_vec(&text).unwrap());
        }
    }

    #[test]
    fn builders_write_the_documented_shapes() {
        let id = "6ef60bec-0242-43af-bb20-270359fb54a7";
        assert_eq!(
            success_body(id, &Map::new()),
            br#"{"Response":{"RequestId":"6ef60bec-0242-43af-bb20-270359fb54a7"}}"#
        );
        assert_eq!(
            error_body(id, codes::MISSING_PARAMETER, "the \"x\" is missing"),
            br#"{"Response":{"Error":{"Code":"MissingParameter","Message":"the \"x\" is missing"},"RequestId":"6ef60bec-0242-43af-bb20-270359fb54a7"}}"#
        );
    }

    #[test]
    fn builders_write_what_serde_json_writes_for_the_whole_envelope() {
        let id = "6ef60bec-0242-43af-bb20-270359fb54a7";
        let fields = serde_json::json!({
            "TotalCount": 2,
            "RequestId": "ignored",
            "InstanceSet": [{"InstanceId": "ins-1", "Name": "ünï \"côdé\"\n", "Keys": [], "X": null}],
            "Error": {"Code": "ignored"},
            "Ratio": 0.5,
        });
        let Value::Object(fields) = fields else {
            unreachable!("an object")
        };
        let mut response = fields.clone();
        response.shift_remove("RequestId");
        response.shift_remove("Error");
        response.insert("RequestId".into(), Value::from(id));
        let expected = serde_json::to_vec(&serde_json::json!({ "Response": response })).unwrap();
        assert_eq!(success_body(id, &fields), expected);

        let message = "quote \" backslash \\ control \u{1} ünïcode";
        let expected = serde_json::to_vec(&serde_json::json!({
            "Response": {"Error": {"Code": "C", "Message": message}, "RequestId": id}
        }))
        .unwrap();
        assert_eq!(error_body(id, "C", message), expected);
    }

    #[test]
    fn uuid_shape() {
        assert!(is_lower_uuid("6ef60bec-0242-43af-bb20-270359fb54a7"));
        assert!(!is_lower_uuid("6ef60bec-0242-43af-bb20-270359fb54aG"));
        assert!(!is_lower_uuid("6ef60bec-0242-43af-bb20-270359fb54a"));
    }

    #[test]
    fn clip_keeps_details_short() {
        assert_eq!(clip("short"), "short");
        let long = "é".repeat(100);
        assert_eq!(clip(&long).chars().count(), 81);
    }
}
