//! Plain parameters: a JSON object whose values are strings, booleans or lists of strings, its
//! names and strings borrowed from the body they were read from. It is how almost every request
//! of the key-pair actions arrives, and reading it builds no JSON tree.
//!
//! Invariant: a body reads as plain only when `serde_json` would decode it to an object with the
//! same entries in the same order ([`PlainParams::to_map`] is that object). Anything else (a
//! number, a null, a nested object, a string with escapes, a repeated name, a body that is not an
//! object or not JSON) does not read as plain, and the caller decodes it in full instead.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
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
        serde_json::from_slice(body).ok()
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

impl<'de> Deserialize<'de> for PlainParams<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(PlainObject)
    }
}

impl<'de> Deserialize<'de> for PlainValue<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(PlainLeaf)
    }
}

struct PlainObject;

impl<'de> Visitor<'de> for PlainObject {
    type Value = PlainParams<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of strings, booleans and lists of strings")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // Parameter objects are small: four names cover every action's parameters.
        let mut entries: Vec<(&'de str, PlainValue<'de>)> = Vec::with_capacity(4);
        while let Some(name) = map.next_key::<&'de str>()? {
            // A repeated name keeps its first place but its last value in a JSON map: not plain.
            if entries.iter().any(|(seen, _)| *seen == name) {
                return Err(de::Error::custom("a repeated name"));
            }
            let value = map.next_value::<PlainValue<'de>>()?;
            entries.push((name, value));
        }
        Ok(PlainParams { entries })
    }
}

struct PlainLeaf;

impl<'de> Visitor<'de> for PlainLeaf {
    type Value = PlainValue<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, a boolean or a list of strings")
    }

    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(PlainValue::Text(text))
    }

    fn visit_bool<E: de::Error>(self, flag: bool) -> Result<Self::Value, E> {
        Ok(PlainValue::Flag(flag))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // ID lists are short: one element is the common case.
        let mut texts = Vec::with_capacity(seq.size_hint().unwrap_or(1).clamp(1, 100));
        while let Some(text) = seq.next_element::<&'de str>()? {
            texts.push(text);
        }
        Ok(PlainValue::Texts(texts))
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

    proptest! {
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
