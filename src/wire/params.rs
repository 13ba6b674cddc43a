//! JSON request bodies in the two byte styles the official SDKs produce, and the SDKs' spelling
//! of scalars (booleans, numbers) that the form encoding reuses.
//!
//! The bytes matter: TC3 signs the raw body, so a mock must hash what it received and a harness
//! must be able to send exactly what a given SDK sends.

use serde_json::{Map, Number, Value};

/// Which SDK's byte style to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum JsonStyle {
    /// Python's `json.dumps` defaults: `", "` and `": "` separators, `ensure_ascii` (every
    /// character outside `' '..='~'` escaped as `\uXXXX`, lower-case hex, surrogate pairs above
    /// U+FFFF), floats as `repr`. In form and query encodings booleans are `True`/`False`.
    /// The default, because `tccli` and the Python SDK are what users point at the mock.
    #[default]
    Python,
    /// Go's `json.Marshal`: no spaces, UTF-8 kept, `<`, `>`, `&`, U+2028 and U+2029 escaped,
    /// floats as Go formats them. In form and query encodings booleans are `true`/`false`.
    Compact,
}

/// The JSON body of `params` in `style`, keys in the map's order.
pub fn encode_json(params: &Map<String, Value>, style: JsonStyle) -> Vec<u8> {
    let mut out = Vec::new();
    encode_json_into(&mut out, params, style);
    out
}

/// [`encode_json`] into `out`, cleared first (its capacity is reused).
pub fn encode_json_into(out: &mut Vec<u8>, params: &Map<String, Value>, style: JsonStyle) {
    out.clear();
    out.reserve(64 + 32 * params.len());
    write_object(out, params, style);
}

/// Appends the JSON text of `value` in `style` to `out`.
pub fn write_json(out: &mut Vec<u8>, value: &Value, style: JsonStyle) {
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Number(number) => write_number(out, number, style),
        Value::String(text) => write_string(out, text, style),
        Value::Array(items) => {
            out.push(b'[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.extend_from_slice(item_separator(style));
                }
                write_json(out, item, style);
            }
            out.push(b']');
        }
        Value::Object(map) => write_object(out, map, style),
    }
}

/// How `style`'s SDK spells a scalar in a form or query string; `None` for null (omitted).
/// Containers are flattened by the caller and never reach here.
pub fn scalar_text(value: &Value, style: JsonStyle) -> Option<String> {
    match (value, style) {
        (Value::Null, _) => None,
        (Value::Bool(true), JsonStyle::Python) => Some("True".to_owned()),
        (Value::Bool(false), JsonStyle::Python) => Some("False".to_owned()),
        (Value::Bool(flag), JsonStyle::Compact) => Some(flag.to_string()),
        (Value::Number(number), _) => {
            let mut out = Vec::new();
            write_number(&mut out, number, style);
            Some(String::from_utf8(out).unwrap_or_default())
        }
        (Value::String(text), _) => Some(text.clone()),
        (Value::Array(_) | Value::Object(_), _) => {
            let mut out = Vec::new();
            write_json(&mut out, value, style);
            Some(String::from_utf8(out).unwrap_or_default())
        }
    }
}

fn item_separator(style: JsonStyle) -> &'static [u8] {
    match style {
        JsonStyle::Python => b", ",
        JsonStyle::Compact => b",",
    }
}

fn write_object(out: &mut Vec<u8>, map: &Map<String, Value>, style: JsonStyle) {
    out.push(b'{');
    for (index, (key, value)) in map.iter().enumerate() {
        if index > 0 {
            out.extend_from_slice(item_separator(style));
        }
        write_string(out, key, style);
        out.extend_from_slice(match style {
            JsonStyle::Python => b": ",
            JsonStyle::Compact => b":",
        });
        write_json(out, value, style);
    }
    out.push(b'}');
}

const HEX: &[u8; 16] = b"0123456789abcdef";

fn push_u_escape(out: &mut Vec<u8>, unit: u32) {
    out.extend_from_slice(b"\\u");
    for shift in [12, 8, 4, 0] {
        out.push(HEX[((unit >> shift) & 0xf) as usize]);
    }
}

/// Whether each byte value is copied as is inside a JSON string, per style (bytes of non-ASCII
/// characters are not: the slow path decides per character).
const PLAIN_PYTHON: [bool; 256] = plain_table(b"");
const PLAIN_COMPACT: [bool; 256] = plain_table(b"<>&");

const fn plain_table(extra_escapes: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut byte = 0x20;
    while byte < 0x7f {
        table[byte] = byte != b'"' as usize && byte != b'\\' as usize;
        byte += 1;
    }
    let mut index = 0;
    while index < extra_escapes.len() {
        table[extra_escapes[index] as usize] = false;
        index += 1;
    }
    table
}

fn write_string(out: &mut Vec<u8>, text: &str, style: JsonStyle) {
    let plain = match style {
        JsonStyle::Python => &PLAIN_PYTHON,
        JsonStyle::Compact => &PLAIN_COMPACT,
    };
    out.push(b'"');
    let bytes = text.as_bytes();
    let (mut clean_from, mut index) = (0, 0);
    while index < bytes.len() {
        if plain[usize::from(bytes[index])] {
            index += 1;
            continue;
        }
        out.extend_from_slice(&bytes[clean_from..index]);
        // `index` is always on a character boundary: only whole characters are skipped.
        let Some(ch) = text.get(index..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        index += ch.len_utf8();
        clean_from = index;
        write_char(out, ch, style);
    }
    out.extend_from_slice(&bytes[clean_from.min(bytes.len())..]);
    out.push(b'"');
}

/// Writes one character that is not plain ASCII: escaped, or as is for the compact style's
/// non-ASCII characters other than U+2028 and U+2029.
fn write_char(out: &mut Vec<u8>, ch: char, style: JsonStyle) {
    match ch {
        '"' => out.extend_from_slice(b"\\\""),
        '\\' => out.extend_from_slice(b"\\\\"),
        '\n' => out.extend_from_slice(b"\\n"),
        '\r' => out.extend_from_slice(b"\\r"),
        '\t' => out.extend_from_slice(b"\\t"),
        '\u{8}' => out.extend_from_slice(b"\\b"),
        '\u{c}' => out.extend_from_slice(b"\\f"),
        '\u{7f}'.. if style == JsonStyle::Compact && !matches!(ch, '\u{2028}' | '\u{2029}') => {
            let mut buffer = [0_u8; 4];
            out.extend_from_slice(ch.encode_utf8(&mut buffer).as_bytes());
        }
        _ => {
            let code = u32::from(ch);
            if code >= 0x1_0000 {
                let reduced = code - 0x1_0000;
                push_u_escape(out, 0xd800 | (reduced >> 10));
                push_u_escape(out, 0xdc00 | (reduced & 0x3ff));
            } else {
                push_u_escape(out, code);
            }
        }
    }
}

fn write_number(out: &mut Vec<u8>, number: &Number, style: JsonStyle) {
    if let Some(unsigned) = number.as_u64() {
        out.extend_from_slice(unsigned.to_string().as_bytes());
    } else if let Some(signed) = number.as_i64() {
        out.extend_from_slice(signed.to_string().as_bytes());
    } else if let Some(float) = number.as_f64() {
        let text = match style {
            JsonStyle::Python => python_float(float),
            JsonStyle::Compact => go_float(float),
        };
        out.extend_from_slice(text.as_bytes());
    }
}

/// The shortest round-trip digits of a finite `value` and the decimal point position: `value`
/// is `0.DIGITS × 10^point` (sign aside).
fn shortest_digits(value: f64) -> (bool, String, i32) {
    let scientific = format!("{:e}", value.abs());
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let exponent: i32 = exponent.parse().unwrap_or(0);
    (value.is_sign_negative(), digits, exponent + 1)
}

fn fixed_notation(digits: &str, point: i32, trailing_point_zero: bool) -> String {
    let mut out = String::new();
    if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', point.unsigned_abs() as usize));
        out.push_str(digits);
    } else if point as usize >= digits.len() {
        out.push_str(digits);
        out.extend(std::iter::repeat_n('0', point as usize - digits.len()));
        if trailing_point_zero {
            out.push_str(".0");
        }
    } else {
        out.push_str(&digits[..point as usize]);
        out.push('.');
        out.push_str(&digits[point as usize..]);
    }
    out
}

fn exponent_notation(digits: &str, exponent: i32, min_exponent_digits: usize) -> String {
    let mut out = String::new();
    out.push_str(&digits[..1]);
    if digits.len() > 1 {
        out.push('.');
        out.push_str(&digits[1..]);
    }
    out.push('e');
    out.push(if exponent < 0 { '-' } else { '+' });
    let magnitude = exponent.unsigned_abs().to_string();
    for _ in magnitude.len()..min_exponent_digits {
        out.push('0');
    }
    out.push_str(&magnitude);
    out
}

/// Python's `repr(float)`: exponent form when the point is at or left of -4 or right of 16.
fn python_float(value: f64) -> String {
    let (negative, digits, point) = shortest_digits(value);
    let body = if point <= -4 || point > 16 {
        exponent_notation(&digits, point - 1, 2)
    } else {
        fixed_notation(&digits, point, true)
    };
    if negative {
        format!("-{body}")
    } else {
        body
    }
}

/// Go's `encoding/json` float: `'e'` below 1e-6 and from 1e21, trimmed to one exponent digit.
fn go_float(value: f64) -> String {
    let (negative, digits, point) = shortest_digits(value);
    let magnitude = value.abs();
    let body = if magnitude != 0.0 && !(1e-6..1e21).contains(&magnitude) {
        exponent_notation(&digits, point - 1, 1)
    } else {
        fixed_notation(&digits, point, false)
    };
    if negative {
        format!("-{body}")
    } else {
        body
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[track_caller]
    fn check(value: Value, python: &str, compact: &str) {
        let Value::Object(map) = json!({ "k": value }) else {
            unreachable!()
        };
        let python_body = String::from_utf8(encode_json(&map, JsonStyle::Python)).unwrap();
        assert_eq!(python_body, format!("{{\"k\": {python}}}"));
        let compact_body = String::from_utf8(encode_json(&map, JsonStyle::Compact)).unwrap();
        assert_eq!(compact_body, format!("{{\"k\":{compact}}}"));
    }

    #[test]
    fn sdk_example_bodies() {
        let params: Map<String, Value> = serde_json::from_str(
            r#"{"InstanceIds": ["ins-w34e5rl9"], "KeyIds": ["skey-e3r6y7ji"], "ForceStop": false}"#,
        )
        .unwrap();
        assert_eq!(
            encode_json(&params, JsonStyle::Python),
            br#"{"InstanceIds": ["ins-w34e5rl9"], "KeyIds": ["skey-e3r6y7ji"], "ForceStop": false}"#
        );
        assert_eq!(
            encode_json(&params, JsonStyle::Compact),
            br#"{"InstanceIds":["ins-w34e5rl9"],"KeyIds":["skey-e3r6y7ji"],"ForceStop":false}"#
        );
        assert_eq!(encode_json(&Map::new(), JsonStyle::Python), b"{}");
    }

    #[test]
    fn example_a_payload_escapes_cjk_like_python() {
        let params: Map<String, Value> = serde_json::from_str(
            r#"{"Limit": 1, "Filters": [{"Values": ["未命名"], "Name": "instance-name"}]}"#,
        )
        .unwrap();
        let body = encode_json(&params, JsonStyle::Python);
        assert_eq!(
            body,
            br#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#
        );
        assert_eq!(body.len(), 86);
    }

    #[test]
    fn string_escapes_per_style() {
        check(json!("plain"), r#""plain""#, r#""plain""#);
        check(json!("a\"b\\c"), r#""a\"b\\c""#, r#""a\"b\\c""#);
        check(
            json!("\n\r\t\u{8}\u{c}\u{1}\u{1f}"),
            r#""\n\r\t\b\f\u0001\u001f""#,
            r#""\n\r\t\b\f\u0001\u001f""#,
        );
        check(json!("\u{7f}"), r#""\u007f""#, "\"\u{7f}\"");
        check(json!("<>&"), r#""<>&""#, r#""\u003c\u003e\u0026""#);
        check(json!("\u{2028}é"), r#""\u2028\u00e9""#, "\"\\u2028é\"");
        check(json!("😀"), r#""\ud83d\ude00""#, "\"😀\"");
    }

    #[test]
    fn numbers_per_style() {
        check(json!(0), "0", "0");
        check(json!(-17), "-17", "-17");
        check(
            json!(u64::MAX),
            "18446744073709551615",
            "18446744073709551615",
        );
        check(json!(1.0), "1.0", "1");
        check(json!(-0.0), "-0.0", "-0");
        check(json!(123.456), "123.456", "123.456");
        check(json!(1e16), "1e+16", "10000000000000000");
        check(json!(1e15), "1000000000000000.0", "1000000000000000");
        check(json!(0.0001), "0.0001", "0.0001");
        check(json!(0.00001), "1e-05", "0.00001");
        check(json!(0.0000001), "1e-07", "1e-7");
        check(json!(1.5e300), "1.5e+300", "1.5e+300");
        check(json!(1e21), "1e+21", "1e+21");
    }

    #[test]
    fn containers_and_literals() {
        check(json!([]), "[]", "[]");
        check(json!({}), "{}", "{}");
        check(json!([1, null, true]), "[1, null, true]", "[1,null,true]");
        check(
            json!({"a": {"b": []}}),
            r#"{"a": {"b": []}}"#,
            r#"{"a":{"b":[]}}"#,
        );
    }

    #[test]
    fn scalar_spelling_for_forms() {
        assert_eq!(
            scalar_text(&json!(true), JsonStyle::Python).as_deref(),
            Some("True")
        );
        assert_eq!(
            scalar_text(&json!(false), JsonStyle::Python).as_deref(),
            Some("False")
        );
        assert_eq!(
            scalar_text(&json!(true), JsonStyle::Compact).as_deref(),
            Some("true")
        );
        assert_eq!(
            scalar_text(&json!(2.0), JsonStyle::Python).as_deref(),
            Some("2.0")
        );
        assert_eq!(
            scalar_text(&json!(2.0), JsonStyle::Compact).as_deref(),
            Some("2")
        );
        assert_eq!(
            scalar_text(&json!("ü"), JsonStyle::Python).as_deref(),
            Some("ü")
        );
        assert_eq!(scalar_text(&Value::Null, JsonStyle::Python), None);
    }
}
