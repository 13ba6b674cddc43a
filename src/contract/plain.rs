//! Plain parameters: a JSON object whose values are strings, booleans or lists of strings, its
//! names and strings borrowed from the body they were read from. It is how almost every request
//! of the key-pair actions arrives, and reading it builds no JSON tree.
//!
//! Invariant: a body reads as plain only when `serde_json` would decode it to an object with the
//! same entries in the same order ([`PlainParams::to_map`] is that object). Anything else (a
//! number, a null, a nested object, a string with escapes, a repeated name, a body that is not an
//! object or not JSON) does not read as plain, and the caller decodes it in full instead.

use serde_json::{Map, Value};

/// One plain value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlainValue<'a> {
    /// A string without escapes.
    Text(&'a str),
    /// A boolean.
    Flag(bool),
    /// A list of strings without escapes (possibly empty).
    Texts(Vec<&'a str>),
}

impl PlainValue<'_> {
    /// The value as JSON.
    pub fn to_value(&self) -> Value {
        match self {
            PlainValue::Text(text) => Value::String((*text).to_owned()),
            PlainValue::Flag(flag) => Value::Bool(*flag),
            PlainValue::Texts(texts) => Value::Array(
                texts
                    .iter()
                    .map(|text| Value::String((*text).to_owned()))
                    .collect(),
            ),
        }
    }
}

/// A plain parameter object, its names distinct, in the order of the body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlainParams<'a> {
    entries: Vec<(&'a str, PlainValue<'a>)>,
}

impl<'a> PlainParams<'a> {
    /// Read `body` as a plain JSON object; `None` when it is anything else (see the module).
    pub fn from_json(body: &'a [u8]) -> Option<PlainParams<'a>> {
        // Checked whole once, so that every piece cut at an ASCII delimiter is a `str` as well.
        let text = std::str::from_utf8(body).ok()?;
        let mut scan = Scanner { text, at: 0 };
        let mut entries: Vec<(&'a str, PlainValue<'a>)> = Vec::new();
        scan.skip_space();
        scan.expect(b'{')?;
        scan.skip_space();
        if !scan.eat(b'}') {
            // Parameter objects are small: four names cover every action's parameters.
            entries.reserve(4);
            loop {
                let name = scan.string()?;
                // A repeated name keeps its first place but its last value in a JSON map: not
                // plain.
                if entries.iter().any(|(seen, _)| *seen == name) {
                    return None;
                }
                scan.skip_space();
                scan.expect(b':')?;
                scan.skip_space();
                let value = scan.value()?;
                entries.push((name, value));
                scan.skip_space();
                if scan.eat(b',') {
                    scan.skip_space();
                    continue;
                }
                scan.expect(b'}')?;
                break;
            }
        }
        scan.skip_space();
        (scan.at == text.len()).then_some(PlainParams { entries })
    }

    /// The entries, in the order of the body.
    pub fn entries(&self) -> &[(&'a str, PlainValue<'a>)] {
        &self.entries
    }

    /// The entries, in the order of the body, given away.
    pub fn into_entries(self) -> Vec<(&'a str, PlainValue<'a>)> {
        self.entries
    }

    /// The object as `serde_json` decodes it.
    pub fn to_map(&self) -> Map<String, Value> {
        self.entries
            .iter()
            .map(|(name, value)| ((*name).to_owned(), value.to_value()))
            .collect()
    }
}

/// A cursor over the body, reading the subset of JSON (RFC 8259) that plain values use. Every
/// method answers `None` for what it does not read, and the caller gives up.
struct Scanner<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Scanner<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    /// JSON's whitespace: space, tab, line feed, carriage return.
    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        self.at += usize::from(found);
        found
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.eat(byte).then_some(())
    }

    /// A string without escapes or control characters, lent from the body.
    fn string(&mut self) -> Option<&'a str> {
        self.expect(b'"')?;
        let rest = &self.text.as_bytes()[self.at..];
        let length = memchr::memchr(b'"', rest)?;
        // Every byte before the quote is looked at, without an early exit, so that the check
        // runs a vector at a time.
        let plain = rest[..length].iter().fold(true, |plain, byte| {
            plain & (*byte >= 0x20) & (*byte != b'\\')
        });
        if !plain {
            return None;
        }
        let text = self.text.get(self.at..self.at + length)?;
        self.at += length + 1;
        Some(text)
    }

    fn literal(&mut self, word: &str) -> bool {
        let found = self.text.as_bytes()[self.at..].starts_with(word.as_bytes());
        if found {
            self.at += word.len();
        }
        found
    }

    fn value(&mut self) -> Option<PlainValue<'a>> {
        match self.peek()? {
            b'"' => self.string().map(PlainValue::Text),
            b't' => self.literal("true").then_some(PlainValue::Flag(true)),
            b'f' => self.literal("false").then_some(PlainValue::Flag(false)),
            b'[' => {
                self.at += 1;
                self.skip_space();
                // ID lists are short: one element is the common case.
                let mut texts = Vec::with_capacity(1);
                if self.eat(b']') {
                    return Some(PlainValue::Texts(texts));
                }
                loop {
                    texts.push(self.string()?);
                    self.skip_space();
                    if self.eat(b',') {
                        self.skip_space();
                        continue;
                    }
                    self.expect(b']')?;
                    return Some(PlainValue::Texts(texts));
                }
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn decoded(body: &[u8]) -> Option<Map<String, Value>> {
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(map)) => Some(map),
            _ => None,
        }
    }

    #[test]
    fn an_sdk_body_reads_as_plain() {
        let body =
            br#"{"InstanceIds": ["ins-1"], "KeyIds": ["skey-1", "skey-2"], "ForceStop": true}"#;
        let plain = PlainParams::from_json(body).expect("plain");
        assert_eq!(
            plain.entries(),
            &[
                ("InstanceIds", PlainValue::Texts(vec!["ins-1"])),
                ("KeyIds", PlainValue::Texts(vec!["skey-1", "skey-2"])),
                ("ForceStop", PlainValue::Flag(true)),
            ]
        );
        assert_eq!(Some(plain.to_map()), decoded(body));
    }

    #[test]
    fn what_is_not_plain_is_refused() {
        for body in [
            &br#"{"Limit": 5}"#[..],
            br#"{"A": null}"#,
            br#"{"A": {"B": "c"}}"#,
            br#"{"A": ["x", 1]}"#,
            br#"{"A": [["x"]]}"#,
            br#"{"A": "line\nbreak"}"#,
            br#"{"A\u0042": "x"}"#,
            br#"{"A": "x", "A": "y"}"#,
            br#"["x"]"#,
            br#""x""#,
            br#"{"A": "x"} trailing"#,
            b"{\"A\": \"tab\there\"}",
            br#"{"A": tru}"#,
            br#"{"A": true x}"#,
            br#"{"A": falsey}"#,
            br#"{"A": [,]}"#,
            br#"{"A": ["x",]}"#,
            br#"{"A": "x",}"#,
            br#"{,}"#,
            br#"{"A" "x"}"#,
            b"\xef\xbb\xbf{}",
            b"{\"A\": \"\xff\"}",
            br#"{"A": "x""#,
            b"",
            b"\xff",
        ] {
            assert_eq!(
                PlainParams::from_json(body),
                None,
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }

    fn leaf() -> impl Strategy<Value = Value> {
        prop_oneof![
            "[a-z\\-é\"\\\\ ]{0,6}".prop_map(Value::String),
            any::<bool>().prop_map(Value::Bool),
            any::<i32>().prop_map(Value::from),
            Just(Value::Null),
        ]
    }

    fn value() -> impl Strategy<Value = Value> {
        leaf().prop_recursive(2, 12, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec(("[A-Ca]{1,2}", inner), 0..3)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect())),
            ]
        })
    }

    /// Bodies near plain ones: a plain body with one byte replaced, inserted or removed.
    fn near_plain() -> impl Strategy<Value = Vec<u8>> {
        let body =
            r#" {"InstanceIds": ["ins-1", "ins-2"], "KeyIds":[], "ForceStop" : true , "A":"é"} "#
                .as_bytes();
        (0..body.len(), any::<u8>(), 0..3_u8).prop_map(move |(at, byte, how)| {
            let mut body = body.to_vec();
            match how {
                0 => body[at] = byte,
                1 => body.insert(at, byte),
                _ => {
                    body.remove(at);
                }
            }
            body
        })
    }

    proptest! {
        /// A body one edit away from a plain one reads as plain only as what the full decode
        /// makes of it.
        #[test]
        fn a_near_plain_body_is_plain_only_as_decoded(body in near_plain()) {
            if let Some(plain) = PlainParams::from_json(&body) {
                prop_assert_eq!(Some(plain.to_map()), decoded(&body));
            }
        }

        /// Whenever a body reads as plain, it is exactly what the full decode makes of it; and a
        /// plain-looking object always reads as plain.
        #[test]
        fn plain_is_the_full_decode(
            entries in prop::collection::vec(("[A-Ca\"]{1,2}", value()), 0..4),
            repeat in any::<bool>(),
            spaced in any::<bool>(),
        ) {
            let mut body = String::from("{");
            let mut entries = entries;
            if repeat && !entries.is_empty() {
                entries.push(entries[0].clone());
            }
            for (index, (name, value)) in entries.iter().enumerate() {
                if index > 0 {
                    body.push(',');
                }
                if spaced {
                    body.push_str(" \n");
                }
                body.push_str(&serde_json::to_string(name).unwrap());
                body.push(':');
                body.push_str(&serde_json::to_string(value).unwrap());
            }
            body.push('}');
            let plain = PlainParams::from_json(body.as_bytes());
            if let Some(plain) = &plain {
                prop_assert_eq!(Some(plain.to_map()), decoded(body.as_bytes()));
            }
            let escaped = |text: &str| text.contains(['"', '\\']);
            let plain_leaf = |value: &Value| match value {
                Value::String(text) => !escaped(text),
                Value::Bool(_) => true,
                Value::Array(items) => items
                    .iter()
                    .all(|item| item.as_str().is_some_and(|text| !escaped(text))),
                _ => false,
            };
            let names: Vec<&str> = entries.iter().map(|(name, _)| name.as_str()).collect();
            let distinct = names.iter().enumerate().all(|(at, name)| !names[..at].contains(name));
            let looks_plain = distinct
                && entries
                    .iter()
                    .all(|(name, value)| !escaped(name) && plain_leaf(value));
            prop_assert_eq!(plain.is_some(), looks_plain, "{}", body);
        }
    }
}
