//! A TOML document as a tree that keeps the span of every key and value ([`Node`]), used to locate
//! what a serde error points at (the key, its table, the whole entry) and for `params`, whose
//! contents are free-form. Parsed by `toml` itself, so it accepts exactly what `toml` accepts.
//!
//! Table keys are read as a [`Key`], not a `toml::Spanned<String>`: `toml` gives no span to some
//! keys of dotted headers (`[case.expect.state.windows]` right after `[[case]]`), where
//! `Spanned<String>` fails to deserialize; a `Key` then falls back to its value's span.

use std::fmt;
use std::ops::Range;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use toml::Spanned;

/// A TOML value whose parts all carry their spans.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    /// A string.
    String(String),
    /// An integer.
    Integer(i64),
    /// A float.
    Float(f64),
    /// A boolean.
    Boolean(bool),
    /// An array (inline, or an array of tables).
    Array(Vec<Spanned<Node>>),
    /// A table, entries in document order.
    Table(Vec<(Spanned<String>, Spanned<Node>)>),
}

impl Node {
    /// What kind of value this is, for messages (`a string`, `a table`…).
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Node::String(_) => "a string",
            Node::Integer(_) => "an integer",
            Node::Float(_) => "a float",
            Node::Boolean(_) => "a boolean",
            Node::Array(_) => "an array",
            Node::Table(_) => "a table",
        }
    }

    /// The entries, if this is a table.
    pub(crate) fn entries(&self) -> Option<&[(Spanned<String>, Spanned<Node>)]> {
        match self {
            Node::Table(entries) => Some(entries),
            _ => None,
        }
    }
}

/// The span of the value of `key` in `table` (for an implicit table, the span covering its
/// contents).
pub(crate) fn entry_span(table: &Spanned<Node>, key: &str) -> Option<Range<usize>> {
    table
        .get_ref()
        .entries()?
        .iter()
        .find(|(name, _)| name.get_ref() == key)
        .map(|(_, value)| value.span())
}

/// A table entry found by [`locate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Located {
    /// The entry's key.
    pub(crate) key: String,
    /// The span of the key.
    pub(crate) key_span: Range<usize>,
    /// The span of the whole entry: key and value (and for a `[header]` table, the header and body).
    pub(crate) entry_span: Range<usize>,
    /// The path of the table holding the entry, rendered: `[case.expect]`, `[[case]]`, or
    /// `the top level`.
    pub(crate) table: String,
    /// Whether the holding table is an inline `{ … }` table (entries are separated by commas).
    pub(crate) inline_table: bool,
}

/// The innermost table entry whose key is `span`, or whose value contains `span`.
pub(crate) fn locate(root: &Spanned<Node>, source: &str, span: &Range<usize>) -> Option<Located> {
    let mut path = Vec::new();
    locate_in(root, source, span, &mut path)
}

/// The rendered path of the innermost table whose own text contains byte `offset` (`the top level`
/// when none does). The text of a `[[case]]` table is its header and its direct keys; each
/// `[case.sub]` table has its own.
pub(crate) fn table_at(root: &Spanned<Node>, offset: usize) -> String {
    let mut path = Vec::new();
    let mut best = (0, render_path(&path));
    deepest_table(root, offset, &mut path, &mut best);
    best.1
}

// The span of an array-of-tables item covers its header and direct keys only, not its
// `[item.sub]` tables, so every branch is searched rather than only those whose span contains
// the target.
fn locate_in(
    table: &Spanned<Node>,
    source: &str,
    span: &Range<usize>,
    path: &mut Vec<(String, bool)>,
) -> Option<Located> {
    let entries = table.get_ref().entries()?;
    let inline_table = source
        .get(table.span())
        .is_some_and(|text| text.starts_with('{'));
    for (key, value) in entries {
        let key_span = key.span();
        let value_span = value.span();
        if key_span != *span {
            path.push((key.get_ref().clone(), false));
            let found = match value.get_ref() {
                Node::Table(_) => locate_in(value, source, span, path),
                Node::Array(items) => {
                    if let Some(last) = path.last_mut() {
                        last.1 = true;
                    }
                    items
                        .iter()
                        .find_map(|item| locate_in(item, source, span, path))
                }
                _ => None,
            };
            path.pop();
            if found.is_some() {
                return found;
            }
            if !(value_span.start <= span.start && span.end <= value_span.end) {
                continue;
            }
        }
        return Some(Located {
            key: key.get_ref().clone(),
            entry_span: key_span.start.min(value_span.start)..key_span.end.max(value_span.end),
            key_span,
            table: render_path(path),
            inline_table,
        });
    }
    None
}

fn deepest_table(
    table: &Spanned<Node>,
    offset: usize,
    path: &mut Vec<(String, bool)>,
    best: &mut (usize, String),
) {
    let Some(entries) = table.get_ref().entries() else {
        return;
    };
    let span = table.span();
    if span.start <= offset && offset < span.end.max(span.start + 1) && path.len() >= best.0 {
        *best = (path.len(), render_path(path));
    }
    for (key, value) in entries {
        match value.get_ref() {
            Node::Table(_) => {
                path.push((key.get_ref().clone(), false));
                deepest_table(value, offset, path, best);
                path.pop();
            }
            Node::Array(items) => {
                path.push((key.get_ref().clone(), true));
                for item in items {
                    deepest_table(item, offset, path, best);
                }
                path.pop();
            }
            _ => {}
        }
    }
}

fn render_path(path: &[(String, bool)]) -> String {
    if path.is_empty() {
        return "the top level".to_owned();
    }
    let joined: Vec<&str> = path.iter().map(|(key, _)| key.as_str()).collect();
    let joined = joined.join(".");
    if path.last().is_some_and(|(_, array)| *array) {
        format!("[[{joined}]]")
    } else {
        format!("[{joined}]")
    }
}

/// A table key, with its span when `toml` knows it.
#[derive(Debug, Clone)]
pub(crate) struct Key {
    name: String,
    span: Option<Range<usize>>,
}

impl Key {
    /// The key as written (unquoted).
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// The key's span, or `fallback` (the span of its value) when `toml` gave none.
    pub(crate) fn span_or(&self, fallback: Range<usize>) -> Range<usize> {
        self.span.clone().unwrap_or(fallback)
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        self.name == other.name
    }
}

impl Eq for Key {}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Key) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Key {
    fn cmp(&self, other: &Key) -> std::cmp::Ordering {
        self.name.cmp(&other.name)
    }
}

// The names by which `toml` recognizes a request for a span (`serde_spanned`'s protocol, the one
// `toml::Spanned` uses). The unit test `dotted_header_keys_have_spans_or_fall_back` fails if they
// drift.
const SPANNED_NAME: &str = "$__serde_spanned_private_Spanned";
const SPANNED_START: &str = "$__serde_spanned_private_start";
const SPANNED_END: &str = "$__serde_spanned_private_end";
const SPANNED_VALUE: &str = "$__serde_spanned_private_value";
const SPANNED_FIELDS: &[&str] = &[SPANNED_START, SPANNED_END, SPANNED_VALUE];

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_struct(SPANNED_NAME, SPANNED_FIELDS, KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Key, E> {
        Ok(Key {
            name: name.to_owned(),
            span: None,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Key, A::Error> {
        let (mut start, mut end, mut name) = (None, None, None);
        while let Some(field) = map.next_key::<String>()? {
            match field.as_str() {
                SPANNED_START => start = Some(map.next_value::<usize>()?),
                SPANNED_END => end = Some(map.next_value::<usize>()?),
                SPANNED_VALUE => name = Some(map.next_value::<String>()?),
                other => return Err(de::Error::unknown_field(other, SPANNED_FIELDS)),
            }
        }
        let name = name.ok_or_else(|| de::Error::missing_field(SPANNED_VALUE))?;
        let span = start.zip(end).map(|(start, end)| start..end);
        Ok(Key { name, span })
    }
}

/// How `toml` hands a date-time to serde: a map with this single key.
pub(crate) const DATETIME_MARKER: &str = "$__toml_private_datetime";

/// A node with its span. `toml` gives no span to implicit tables (`expect` in
/// `[case.expect.state.windows]` when no `[case.expect]` is written), and a `toml::Spanned`
/// then fails to deserialize; a `SpannedNode` falls back to the span covering its contents.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SpannedNode(pub(crate) Spanned<Node>);

impl<'de> Deserialize<'de> for SpannedNode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<SpannedNode, D::Error> {
        deserializer
            .deserialize_struct(SPANNED_NAME, SPANNED_FIELDS, SpannedNodeVisitor)
            .map(SpannedNode)
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Node, D::Error> {
        deserializer
            .deserialize_any(SpannedNodeVisitor)
            .map(Spanned::into_inner)
    }
}

/// Builds nodes from whatever `toml` offers: the span protocol's map (a value that has a span),
/// or the value itself (no span known: scalars get an empty span, arrays and tables the span
/// covering their contents).
struct SpannedNodeVisitor;

fn unspanned(node: Node) -> Spanned<Node> {
    Spanned::new(0..0, node)
}

/// The span from the first to the last of `spans` that is not empty (`0..0` if none is).
fn cover(spans: impl Iterator<Item = Range<usize>>) -> Range<usize> {
    spans
        .filter(|span| !span.is_empty())
        .reduce(|all, span| all.start.min(span.start)..all.end.max(span.end))
        .unwrap_or(0..0)
}

impl<'de> Visitor<'de> for SpannedNodeVisitor {
    type Value = Spanned<Node>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a TOML value")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Spanned<Node>, E> {
        Ok(unspanned(Node::Boolean(value)))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Spanned<Node>, E> {
        Ok(unspanned(Node::Integer(value)))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Spanned<Node>, E> {
        i64::try_from(value)
            .map(|value| unspanned(Node::Integer(value)))
            .map_err(|_| E::custom("integer out of range"))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Spanned<Node>, E> {
        Ok(unspanned(Node::Float(value)))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Spanned<Node>, E> {
        Ok(unspanned(Node::String(value.to_owned())))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Spanned<Node>, A::Error> {
        let mut items = Vec::new();
        while let Some(SpannedNode(item)) = seq.next_element::<SpannedNode>()? {
            items.push(item);
        }
        let span = cover(items.iter().map(Spanned::span));
        Ok(Spanned::new(span, Node::Array(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Spanned<Node>, A::Error> {
        let Some(first) = map.next_key::<Key>()? else {
            return Ok(unspanned(Node::Table(Vec::new())));
        };
        if first.name == DATETIME_MARKER {
            return Err(de::Error::custom(format!(
                "a date-time ({DATETIME_MARKER}) is not a value these files use"
            )));
        }
        if first.name == SPANNED_START && first.span.is_none() {
            let start = map.next_value::<usize>()?;
            let (mut end, mut node) = (None, None);
            while let Some(field) = map.next_key::<String>()? {
                match field.as_str() {
                    SPANNED_END => end = Some(map.next_value::<usize>()?),
                    SPANNED_VALUE => node = Some(map.next_value::<Node>()?),
                    other => return Err(de::Error::unknown_field(other, SPANNED_FIELDS)),
                }
            }
            let end = end.ok_or_else(|| de::Error::missing_field(SPANNED_END))?;
            let node = node.ok_or_else(|| de::Error::missing_field(SPANNED_VALUE))?;
            return Ok(Spanned::new(start..end, node));
        }
        let mut entries = Vec::new();
        let mut next = Some(first);
        while let Some(key) = next {
            let SpannedNode(value) = map.next_value::<SpannedNode>()?;
            let span = key.span_or(value.span());
            entries.push((Spanned::new(span, key.name), value));
            next = map.next_key::<Key>()?;
        }
        let span = cover(
            entries
                .iter()
                .flat_map(|(key, value)| [key.span(), value.span()]),
        );
        Ok(Spanned::new(span, Node::Table(entries)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = r#"[[case]]
name = "a"
params = { InstanceIds = ["@stopped_linux", 3], Deep = { x = 1 } }

[case.expect]
sucess = true
"#;

    fn tree() -> Spanned<Node> {
        toml::from_str::<SpannedNode>(SOURCE).unwrap().0
    }

    fn span_of(text: &str) -> Range<usize> {
        let start = SOURCE.find(text).unwrap();
        start..start + text.len()
    }

    #[test]
    fn keys_are_found_with_their_table() {
        let found = locate(&tree(), SOURCE, &span_of("sucess")).unwrap();
        assert_eq!(found.key, "sucess");
        assert_eq!(found.table, "[case.expect]");
        assert_eq!(&SOURCE[found.entry_span], "sucess = true");
        assert!(!found.inline_table);
        let found = locate(&tree(), SOURCE, &span_of("name")).unwrap();
        assert_eq!(found.table, "[[case]]");
    }

    #[test]
    fn values_are_found_through_arrays_and_inline_tables() {
        let found = locate(&tree(), SOURCE, &span_of("3")).unwrap();
        assert_eq!(found.key, "InstanceIds");
        assert_eq!(found.table, "[case.params]");
        assert!(found.inline_table);
        let found = locate(&tree(), SOURCE, &span_of("1")).unwrap();
        assert_eq!(
            (found.key.as_str(), found.table.as_str()),
            ("x", "[case.params.Deep]")
        );
        let whole = locate(&tree(), SOURCE, &span_of("[case.expect]")).unwrap();
        assert_eq!(whole.key, "expect");
        assert!(SOURCE[whole.entry_span].starts_with("[case.expect]\nsucess"));
    }

    #[test]
    fn tables_are_found_by_offset() {
        let tree = tree();
        assert_eq!(
            table_at(&tree, SOURCE.find("[[case]]").unwrap()),
            "[[case]]"
        );
        assert_eq!(
            table_at(&tree, SOURCE.find("[case.expect]").unwrap()),
            "[case.expect]"
        );
        assert_eq!(
            table_at(&tree, SOURCE.find("{ x").unwrap()),
            "[case.params.Deep]"
        );
    }

    #[test]
    fn dotted_header_keys_have_spans_or_fall_back() {
        let text = "[[case]]\nname = \"a\"\n[case.expect.state.windows]\nunchanged = true\n";
        let tree = toml::from_str::<SpannedNode>(text).unwrap().0;
        let found = locate(
            &tree,
            text,
            &(text.find("unchanged").unwrap()..text.find(" = true").unwrap()),
        )
        .unwrap();
        assert_eq!(
            (found.key.as_str(), found.table.as_str()),
            ("unchanged", "[case.expect.state.windows]")
        );
        // Explicit keys carry their own span, through `Key`'s span request.
        let name = text.find("name").unwrap();
        assert_eq!(
            locate(&tree, text, &(name..name + 4)).unwrap().key_span,
            name..name + 4
        );
        #[derive(Debug, serde::Deserialize)]
        struct Map(std::collections::BTreeMap<Key, toml::Value>);
        let keys: Map = toml::from_str("alpha = 1\n").unwrap();
        let key = keys.0.keys().next().unwrap();
        assert_eq!((key.name(), key.span_or(99..99)), ("alpha", 0..5));
    }

    #[test]
    fn kinds_are_named() {
        let tree = tree();
        let case = &tree.get_ref().entries().unwrap()[0].1;
        assert_eq!(case.get_ref().kind(), "an array");
        assert_eq!(Node::Float(1.5).kind(), "a float");
    }
}
