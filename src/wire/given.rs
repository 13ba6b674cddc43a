//! The business parameters of a verified request: borrowed from a JSON body when they are plain
//! (`contract::plain`: strings, booleans, lists of strings, as almost every request is), decoded
//! into a JSON map otherwise. Either way they mean one JSON object, [`Params::to_map`].

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::contract::plain::PlainParams;

/// The parameters a request gave. Two values are equal when they mean the same JSON object,
/// whichever way each was read.
#[derive(Debug, Clone)]
pub enum Params<'a> {
    /// A plain JSON body, its names and strings borrowed from the body.
    Plain(PlainParams<'a>),
    /// Any other JSON body, or a form or query unflattened (string leaves).
    Decoded(Map<String, Value>),
}

impl Params<'_> {
    /// The parameters as a JSON object (copied only when they were read plain).
    pub fn to_map(&self) -> Cow<'_, Map<String, Value>> {
        match self {
            Params::Plain(plain) => Cow::Owned(plain.to_map()),
            Params::Decoded(map) => Cow::Borrowed(map),
        }
    }

    /// The parameters as a JSON object.
    pub fn into_map(self) -> Map<String, Value> {
        match self {
            Params::Plain(plain) => plain.to_map(),
            Params::Decoded(map) => map,
        }
    }
}

impl Default for Params<'_> {
    fn default() -> Self {
        Params::Decoded(Map::new())
    }
}

impl PartialEq for Params<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Params::Plain(left), Params::Plain(right)) => left == right,
            _ => self.to_map() == other.to_map(),
        }
    }
}

impl PartialEq<Map<String, Value>> for Params<'_> {
    fn eq(&self, other: &Map<String, Value>) -> bool {
        *self.to_map() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_readings_of_one_object_are_equal() {
        let body = br#"{"InstanceIds": ["ins-1"], "ForceStop": false}"#;
        let plain = Params::Plain(PlainParams::from_json(body).expect("plain"));
        let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body) else {
            panic!("an object");
        };
        assert_eq!(plain, Params::Decoded(map.clone()));
        assert_eq!(plain, map);
        assert_eq!(plain.clone().into_map(), map);
        assert_ne!(plain, Params::default());
    }
}
