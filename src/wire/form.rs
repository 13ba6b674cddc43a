//! The v1 form body and GET query encoding: flattening parameters to `Name.N[.Field…]` pairs
//! (0-based indices), RFC 3986 percent-encoding, and the reverse (decoding and unflattening).
//!
//! Decoding never panics and never allocates in proportion to an index value: indices are
//! collected sparsely and checked for gaps.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};
use serde_json::{Map, Value};

use crate::wire::error::{WireError, WireErrorKind};
use crate::wire::params::{scalar_text, JsonStyle};

/// The deepest flattened name [`unflatten`] accepts, in dot-separated segments
/// (`Filters.0.Values.0` has four).
pub const MAX_DEPTH: usize = 32;

/// RFC 3986 unreserved characters stay; everything else is `%XX` with upper-case hex.
const ENCODE_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Flattens `params` the way the Python SDK's `_format_params` does: lists to `Name.N`
/// (0-based), objects to `Name.Field`, nulls and empty containers omitted, scalars spelled by
/// `style` (booleans `True`/`False` for [`JsonStyle::Python`], `true`/`false` for
/// [`JsonStyle::Compact`]). Order follows the map and the lists.
pub fn flatten(params: &Map<String, Value>, style: JsonStyle) -> Vec<(String, String)> {
    let mut pairs = Vec::with_capacity(params.len() * 2);
    // One name buffer for the walk: a name is copied out only when a leaf is reached.
    let mut path = String::new();
    for (key, value) in params {
        path.clear();
        path.push_str(key);
        flatten_into(&mut pairs, &mut path, value, style);
    }
    pairs
}

fn flatten_into(
    pairs: &mut Vec<(String, String)>,
    path: &mut String,
    value: &Value,
    style: JsonStyle,
) {
    let saved = path.len();
    match value {
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                path.push('.');
                push_index(path, index);
                flatten_into(pairs, path, item, style);
                path.truncate(saved);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                path.push('.');
                path.push_str(key);
                flatten_into(pairs, path, item, style);
                path.truncate(saved);
            }
        }
        scalar => {
            if let Some(text) = scalar_text(scalar, style) {
                pairs.push((path.clone(), text));
            }
        }
    }
}

/// Appends `index` in decimal, without a temporary string.
fn push_index(path: &mut String, index: usize) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut rest = index;
    loop {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for digit in &digits[start..] {
        path.push(char::from(*digit));
    }
}

/// Percent-encodes one name or value per RFC 3986 (unreserved characters kept, upper-case hex;
/// a space is `%20`, where Python's `urlencode` writes `+`: both decode the same).
pub fn percent_encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, ENCODE_SET).to_string()
}

/// Joins pairs as `name=value&…`, each side percent-encoded, in the given order.
pub fn encode_pairs<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    let mut out = String::with_capacity(pairs.len() * 24);
    for (index, (name, value)) in pairs.iter().enumerate() {
        if index > 0 {
            out.push('&');
        }
        out.extend(percent_encoding::utf8_percent_encode(
            name.as_ref(),
            ENCODE_SET,
        ));
        out.push('=');
        out.extend(percent_encoding::utf8_percent_encode(
            value.as_ref(),
            ENCODE_SET,
        ));
    }
    out
}

/// Splits a query string or form body into decoded pairs, in order. `+` is a space; every `%`
/// must start a two-hex-digit escape; each non-empty segment needs an `=` (empty segments, as in
/// `a=1&&b=2`, are skipped); decoded names and values must be UTF-8.
pub fn decode_pairs(input: &str) -> Result<Vec<(String, String)>, WireError> {
    Ok(decode_pairs_lent(input)?
        .into_iter()
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect())
}

/// A decoded name and value, lent from the input where no decoding was needed.
pub(crate) type LentPair<'a> = (Cow<'a, str>, Cow<'a, str>);

/// [`decode_pairs`], lending every name and value that needs no decoding from `input`.
pub(crate) fn decode_pairs_lent(input: &str) -> Result<Vec<LentPair<'_>>, WireError> {
    let mut pairs = Vec::with_capacity(input.bytes().filter(|&byte| byte == b'&').count() + 1);
    let mut offset = 0;
    for segment in input.split('&') {
        let segment_offset = offset;
        offset += segment.len() + 1;
        if segment.is_empty() {
            continue;
        }
        let Some((name, value)) = segment.split_once('=') else {
            return Err(WireErrorKind::MissingEquals {
                segment: segment.chars().take(64).collect(),
            }
            .into());
        };
        let value_offset = segment_offset + name.len() + 1;
        pairs.push((
            percent_decode(name, segment_offset, "name")?,
            percent_decode(value, value_offset, "value")?,
        ));
    }
    Ok(pairs)
}

fn percent_decode<'a>(
    text: &'a str,
    base_offset: usize,
    what: &'static str,
) -> Result<Cow<'a, str>, WireError> {
    let bytes = text.as_bytes();
    if !bytes.iter().any(|b| matches!(b, b'%' | b'+')) {
        return Ok(Cow::Borrowed(text));
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'+' => out.push(b' '),
            b'%' => {
                let high = bytes.get(index + 1).and_then(|b| (*b as char).to_digit(16));
                let low = bytes.get(index + 2).and_then(|b| (*b as char).to_digit(16));
                let (Some(high), Some(low)) = (high, low) else {
                    return Err(WireErrorKind::BadPercentEscape {
                        offset: base_offset + index,
                    }
                    .into());
                };
                out.push((high * 16 + low) as u8);
                index += 2;
            }
            other => out.push(other),
        }
        index += 1;
    }
    String::from_utf8(out)
        .map(Cow::Owned)
        .map_err(|_| WireErrorKind::NotUtf8 { what }.into())
}

/// Rebuilds parameters from flattened pairs: `Name.N[.Field…]` becomes lists (ordered by
/// index) and objects; every leaf is a string. The first segment is always a name. Errors:
/// an empty segment, a non-canonical index (`01`), nesting deeper than [`MAX_DEPTH`], a name
/// given twice or used as both a value and a container or as both a list and an object, and
/// indices that are not exactly `0..n`.
pub fn unflatten<K: AsRef<str>, V: AsRef<str>>(
    pairs: &[(K, V)],
) -> Result<Map<String, Value>, WireError> {
    let mut root = ObjectNode::default();
    for (key, value) in pairs {
        insert(&mut root, key.as_ref(), value.as_ref())?;
    }
    root.into_map(&mut String::new())
}

/// Objects up to this many names are searched in order; larger ones get a hash index, so that
/// a hostile form stays linear.
const LINEAR_NAMES: usize = 16;

#[derive(Default)]
struct ObjectNode {
    entries: Vec<(String, Node)>,
    /// Positions in `entries` by name, built once the object outgrows [`LINEAR_NAMES`].
    index: Option<HashMap<String, usize>>,
}

enum Node {
    Leaf(String),
    List(ListNode),
    Object(ObjectNode),
}

/// A list's items by index: dense while the indices come in order (as every SDK sends them),
/// sparse otherwise, so that a hostile index never allocates in proportion to its value.
enum ListNode {
    Dense(Vec<Node>),
    Sparse(BTreeMap<usize, Node>),
}

#[derive(Clone, Copy)]
enum Segment<'a> {
    Name(&'a str),
    Index(usize),
}

fn parse_segment<'a>(key: &str, segment: &'a str, first: bool) -> Result<Segment<'a>, WireError> {
    if segment.is_empty() {
        return Err(WireErrorKind::EmptySegment {
            key: key.to_owned(),
        }
        .into());
    }
    if first || !segment.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(Segment::Name(segment));
    }
    let canonical = segment == "0" || !segment.starts_with('0');
    match segment.parse::<usize>() {
        Ok(index) if canonical => Ok(Segment::Index(index)),
        _ => Err(WireErrorKind::BadIndex {
            key: key.to_owned(),
        }
        .into()),
    }
}

fn insert(root: &mut ObjectNode, key: &str, value: &str) -> Result<(), WireError> {
    let conflict = || {
        WireError::from(WireErrorKind::Conflict {
            key: key.to_owned(),
        })
    };
    if key.bytes().filter(|b| *b == b'.').count() >= MAX_DEPTH {
        return Err(WireErrorKind::TooDeep {
            key: key.to_owned(),
        }
        .into());
    }
    // Every segment is checked before anything is placed, so a bad segment is reported as such
    // whatever the tree holds. They fit on the stack: the depth was checked above.
    let mut parsed = [Segment::Index(0); MAX_DEPTH];
    let mut count = 0;
    for (position, segment) in key.split('.').enumerate() {
        parsed[position] = parse_segment(key, segment, position == 0)?;
        count = position + 1;
    }
    let (mut segment, rest) = parsed[..count].split_first().ok_or_else(conflict)?;

    // Walk (and create) the containers, then place the leaf.
    let mut slot = Slot::Object(root);
    for next in rest {
        let child_is_list = matches!(next, Segment::Index(_));
        let child = slot.child(*segment).ok_or_else(conflict)?;
        let child = child.get_or_insert_with(|| {
            if child_is_list {
                Node::List(ListNode::Dense(Vec::new()))
            } else {
                Node::Object(ObjectNode::default())
            }
        });
        slot = match (child, child_is_list) {
            (Node::List(list), true) => Slot::List(list),
            (Node::Object(object), false) => Slot::Object(object),
            _ => return Err(conflict()),
        };
        segment = next;
    }
    let leaf = slot.child(*segment).ok_or_else(conflict)?;
    if leaf.is_some() {
        return Err(conflict());
    }
    leaf.get_or_insert_with(|| Node::Leaf(value.to_owned()));
    Ok(())
}

/// A container being walked into, able to hand out the child at a segment.
enum Slot<'a> {
    Object(&'a mut ObjectNode),
    List(&'a mut ListNode),
}

/// A child position in either container kind, possibly still empty.
struct ChildRef<'a, 'k> {
    inner: ChildInner<'a, 'k>,
}

enum ChildInner<'a, 'k> {
    Object(&'a mut ObjectNode, &'k str),
    List(&'a mut ListNode, usize),
}

impl<'a> Slot<'a> {
    /// The child at `segment`, or `None` when the segment kind does not fit the container.
    fn child<'k>(self, segment: Segment<'k>) -> Option<ChildRef<'a, 'k>> {
        let inner = match (self, segment) {
            (Slot::Object(object), Segment::Name(name)) => ChildInner::Object(object, name),
            (Slot::List(list), Segment::Index(index)) => ChildInner::List(list, index),
            _ => return None,
        };
        Some(ChildRef { inner })
    }
}

impl<'a> ChildRef<'a, '_> {
    fn is_some(&self) -> bool {
        match &self.inner {
            ChildInner::Object(object, name) => object.position(name).is_some(),
            ChildInner::List(ListNode::Dense(items), index) => *index < items.len(),
            ChildInner::List(ListNode::Sparse(items), index) => items.contains_key(index),
        }
    }

    fn get_or_insert_with(self, make: impl FnOnce() -> Node) -> &'a mut Node {
        match self.inner {
            ChildInner::Object(object, name) => {
                let position = match object.position(name) {
                    Some(position) => position,
                    None => object.push(name, make()),
                };
                &mut object.entries[position].1
            }
            ChildInner::List(list, index) => list.get_or_insert_with(index, make),
        }
    }
}

impl ObjectNode {
    fn position(&self, name: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(name).copied(),
            None => self.entries.iter().position(|(each, _)| each == name),
        }
    }

    fn push(&mut self, name: &str, node: Node) -> usize {
        let position = self.entries.len();
        self.entries.push((name.to_owned(), node));
        match &mut self.index {
            Some(index) => {
                index.insert(name.to_owned(), position);
            }
            None if self.entries.len() > LINEAR_NAMES => {
                let index = self
                    .entries
                    .iter()
                    .enumerate()
                    .map(|(position, (name, _))| (name.clone(), position))
                    .collect();
                self.index = Some(index);
            }
            None => {}
        }
        position
    }

    fn into_map(self, path: &mut String) -> Result<Map<String, Value>, WireError> {
        let mut map = Map::with_capacity(self.entries.len());
        for (name, node) in self.entries {
            let saved = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(&name);
            let value = node.into_value(path)?;
            path.truncate(saved);
            map.insert(name, value);
        }
        Ok(map)
    }
}

impl ListNode {
    fn get_or_insert_with(&mut self, index: usize, make: impl FnOnce() -> Node) -> &mut Node {
        if let ListNode::Dense(items) = self {
            if index > items.len() {
                // Out of order: keep the items by index from here on.
                let sparse = std::mem::take(items).into_iter().enumerate().collect();
                *self = ListNode::Sparse(sparse);
            }
        }
        match self {
            ListNode::Dense(items) => {
                if index == items.len() {
                    items.push(make());
                }
                &mut items[index]
            }
            ListNode::Sparse(items) => items.entry(index).or_insert_with(make),
        }
    }
}

impl Node {
    fn into_value(self, path: &mut String) -> Result<Value, WireError> {
        match self {
            Node::Leaf(text) => Ok(Value::String(text)),
            Node::Object(object) => object.into_map(path).map(Value::Object),
            Node::List(ListNode::Dense(list)) => {
                let mut items = Vec::with_capacity(list.len());
                for (index, node) in list.into_iter().enumerate() {
                    items.push(Node::item_value(node, index, path)?);
                }
                Ok(Value::Array(items))
            }
            Node::List(ListNode::Sparse(list)) => {
                let mut items = Vec::with_capacity(list.len());
                for (expected, (index, node)) in list.into_iter().enumerate() {
                    if index != expected {
                        return Err(WireErrorKind::IndexGap {
                            name: path.clone(),
                            missing: expected,
                        }
                        .into());
                    }
                    items.push(Node::item_value(node, index, path)?);
                }
                Ok(Value::Array(items))
            }
        }
    }

    fn item_value(node: Node, index: usize, path: &mut String) -> Result<Value, WireError> {
        let saved = path.len();
        path.push('.');
        push_index(path, index);
        let value = node.into_value(path);
        path.truncate(saved);
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect()
    }

    #[track_caller]
    fn check_flatten(params: Value, style: JsonStyle, expected_query: &str) {
        let flat = flatten(&map(params), style);
        assert_eq!(encode_pairs(&flat), expected_query);
    }

    #[track_caller]
    fn check_decode_error(input: &str, expected: WireErrorKind) {
        let err = decode_pairs(input)
            .and_then(|decoded| unflatten(&decoded))
            .expect_err(input);
        assert_eq!(err.kind(), &expected, "{input}");
        assert_eq!(err.code(), Some(crate::contract::codes::INVALID_PARAMETER));
    }

    #[test]
    fn flattens_like_the_python_sdk() {
        check_flatten(
            json!({"InstanceIds": ["ins-w34e5rl9"], "KeyIds": ["skey-e3r6y7ji"], "ForceStop": true}),
            JsonStyle::Python,
            "InstanceIds.0=ins-w34e5rl9&KeyIds.0=skey-e3r6y7ji&ForceStop=True",
        );
        check_flatten(
            json!({"ForceStop": false}),
            JsonStyle::Compact,
            "ForceStop=false",
        );
        check_flatten(
            json!({"Filters": [{"Name": "zone", "Values": ["ap-guangzhou-3", "b"]}], "Limit": 20}),
            JsonStyle::Python,
            "Filters.0.Name=zone&Filters.0.Values.0=ap-guangzhou-3&Filters.0.Values.1=b&Limit=20",
        );
        check_flatten(
            json!({"Empty": [], "Null": null, "Obj": {}, "Text": ""}),
            JsonStyle::Python,
            "Text=",
        );
    }

    #[test]
    fn percent_encoding_is_rfc3986_upper_case() {
        assert_eq!(
            percent_encode("a b+c/d=e&f~g_h.i-j"),
            "a%20b%2Bc%2Fd%3De%26f~g_h.i-j"
        );
        assert_eq!(percent_encode("未"), "%E6%9C%AA");
        assert_eq!(
            percent_encode("69lV8342Ex6g3Nl24oTr6TWxz9U9Q7lDEwTSGCzhv0Y="),
            "69lV8342Ex6g3Nl24oTr6TWxz9U9Q7lDEwTSGCzhv0Y%3D"
        );
    }

    #[test]
    fn decodes_plus_and_escapes() {
        let decoded = decode_pairs("a=1+2&b=%2B%2f&&c=&d=%E6%9C%AA&=x").unwrap();
        assert_eq!(
            decoded,
            pairs(&[("a", "1 2"), ("b", "+/"), ("c", ""), ("d", "未"), ("", "x")])
        );
        assert_eq!(decode_pairs("").unwrap(), pairs(&[]));
    }

    #[test]
    fn unflattens_lists_and_objects() {
        let decoded = decode_pairs(
            "InstanceIds.1=b&InstanceIds.0=a&Filters.0.Name=zone&Filters.0.Values.0=z&ForceStop=True",
        )
        .unwrap();
        let params = unflatten(&decoded).unwrap();
        assert_eq!(
            Value::Object(params),
            json!({
                "InstanceIds": ["a", "b"],
                "Filters": [{"Name": "zone", "Values": ["z"]}],
                "ForceStop": "True",
            })
        );
        // The first segment is a name even when it is digits.
        assert_eq!(
            Value::Object(unflatten(&pairs(&[("0", "x"), ("1.0", "y")])).unwrap()),
            json!({"0": "x", "1": ["y"]})
        );
    }

    #[test]
    fn decode_errors_carry_invalid_parameter() {
        check_decode_error("a=%zz", WireErrorKind::BadPercentEscape { offset: 2 });
        check_decode_error("a=1&b=%4", WireErrorKind::BadPercentEscape { offset: 6 });
        check_decode_error("a=%FF", WireErrorKind::NotUtf8 { what: "value" });
        check_decode_error(
            "a=1&novalue",
            WireErrorKind::MissingEquals {
                segment: "novalue".into(),
            },
        );
        check_decode_error("=x", WireErrorKind::EmptySegment { key: "".into() });
        check_decode_error("A..B=x", WireErrorKind::EmptySegment { key: "A..B".into() });
        check_decode_error("A.01=x", WireErrorKind::BadIndex { key: "A.01".into() });
        check_decode_error(
            "A.99999999999999999999999=x",
            WireErrorKind::BadIndex {
                key: "A.99999999999999999999999".into(),
            },
        );
        check_decode_error("A.0=x&A.0=y", WireErrorKind::Conflict { key: "A.0".into() });
        check_decode_error("A=x&A=y", WireErrorKind::Conflict { key: "A".into() });
        check_decode_error("A=x&A.0=y", WireErrorKind::Conflict { key: "A.0".into() });
        check_decode_error("A.0=y&A=x", WireErrorKind::Conflict { key: "A".into() });
        check_decode_error("A.0=y&A.B=x", WireErrorKind::Conflict { key: "A.B".into() });
        check_decode_error(
            "A.0.B=y&A.0.0=x",
            WireErrorKind::Conflict {
                key: "A.0.0".into(),
            },
        );
        check_decode_error(
            "A.1=x",
            WireErrorKind::IndexGap {
                name: "A".into(),
                missing: 0,
            },
        );
        check_decode_error(
            "F.0.V.0=a&F.0.V.2=b",
            WireErrorKind::IndexGap {
                name: "F.0.V".into(),
                missing: 1,
            },
        );
        check_decode_error(
            "A.4000000000=x",
            WireErrorKind::IndexGap {
                name: "A".into(),
                missing: 0,
            },
        );
        let deep = format!("{}=x", vec!["a"; MAX_DEPTH + 1].join("."));
        let deep_key = deep.trim_end_matches("=x").to_owned();
        check_decode_error(&deep, WireErrorKind::TooDeep { key: deep_key });
        let deepest = format!("{}=x", vec!["a"; MAX_DEPTH].join("."));
        assert!(unflatten(&decode_pairs(&deepest).unwrap()).is_ok());
    }

    proptest::proptest! {
        #[test]
        fn decoding_never_panics(input in ".{0,200}") {
            if let Ok(decoded) = decode_pairs(&input) {
                let _ = unflatten(&decoded);
            }
        }

        #[test]
        fn dotted_noise_never_panics(input in "[A-Za-z0-9.=&%+]{0,200}") {
            if let Ok(decoded) = decode_pairs(&input) {
                let _ = unflatten(&decoded);
            }
        }

        #[test]
        fn flatten_then_unflatten_restores_string_leaves(
            names in proptest::collection::vec("[A-Z][A-Za-z]{0,6}", 1..4),
            lists in proptest::collection::vec(proptest::collection::vec(".{1,8}", 1..4), 1..4),
        ) {
            let mut params = Map::new();
            for (name, list) in names.iter().zip(&lists) {
                params.insert(name.clone(), json!(list));
            }
            let query = encode_pairs(&flatten(&params, JsonStyle::Python));
            let back = unflatten(&decode_pairs(&query).unwrap()).unwrap();
            proptest::prop_assert_eq!(back, params);
        }
    }
}
