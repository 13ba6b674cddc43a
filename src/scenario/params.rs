//! `params` as written: literal values, role references (`"@stopped_linux"`) and generator tables
//! (`{ generate = …, count = N }`, `{ repeat = …, count = N }`, `{ json = '…' }`), checked at load
//! time and expanded deterministically when a case is resolved.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};
use toml::Spanned;

use crate::contract::roles;
use crate::scenario::diagnostic::Diagnostic;
use crate::scenario::node::Node;
use crate::scenario::parse::SourceFile;
use crate::suggest::{nearest, quoted_list};

/// Most values one generator may produce.
pub const MAX_GENERATED: usize = 10_000;

/// The ID lists `{ generate = "…", count = N }` produces; element `i` is always the same string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Generator {
    /// `unknown-instance-ids`: well-formed instance IDs no world holds: `ins-unk00000`, `ins-unk00001`…
    UnknownInstanceIds,
    /// `unknown-key-ids`: well-formed key-pair IDs no world holds: `skey-unk00000`…
    UnknownKeyIds,
    /// `malformed-instance-ids`: instance IDs of the wrong length: `ins-0000`, `ins-0001`…
    MalformedInstanceIds,
    /// `malformed-key-ids`: key-pair IDs of the wrong length: `skey-0000`…
    MalformedKeyIds,
}

impl Generator {
    /// Every generator.
    pub const ALL: &'static [Generator] = &[
        Generator::UnknownInstanceIds,
        Generator::UnknownKeyIds,
        Generator::MalformedInstanceIds,
        Generator::MalformedKeyIds,
    ];

    /// The name written after `generate =`.
    pub fn name(self) -> &'static str {
        match self {
            Generator::UnknownInstanceIds => "unknown-instance-ids",
            Generator::UnknownKeyIds => "unknown-key-ids",
            Generator::MalformedInstanceIds => "malformed-instance-ids",
            Generator::MalformedKeyIds => "malformed-key-ids",
        }
    }

    /// The `index`-th value (`index` below [`MAX_GENERATED`]).
    pub fn value(self, index: usize) -> String {
        match self {
            Generator::UnknownInstanceIds => format!("ins-unk{index:05}"),
            Generator::UnknownKeyIds => format!("skey-unk{index:05}"),
            Generator::MalformedInstanceIds => format!("ins-{index:04}"),
            Generator::MalformedKeyIds => format!("skey-{index:04}"),
        }
    }

    fn from_name(name: &str) -> Option<Generator> {
        Generator::ALL
            .iter()
            .copied()
            .find(|generator| generator.name() == name)
    }
}

/// A parameter value as written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Template {
    /// A literal (or a `{ json = … }` value), sent as it is.
    Value(Value),
    /// `"@role"`: the ID the role is assigned.
    Role(String),
    /// An array; generators in it are spliced in.
    Array(Vec<Template>),
    /// A table other than a generator: a JSON object, keys in the order written.
    Object(Vec<(String, Template)>),
    /// `{ generate = KIND, count = N }`.
    Generate { generator: Generator, count: usize },
    /// `{ repeat = VALUE, count = N }`.
    Repeat { value: Box<Template>, count: usize },
}

/// The lower-case keys that make a table a generator (parameter names are PascalCase).
const GENERATOR_KEYS: &[&str] = &["generate", "repeat", "count", "json"];

impl Template {
    /// The value with every role replaced by its ID from `roles` (a missing role becomes an empty
    /// string: callers check [`Template::collect_roles`] first) and every generator expanded.
    pub(crate) fn resolve(&self, roles: &BTreeMap<String, String>) -> Value {
        match self {
            Template::Value(value) => value.clone(),
            Template::Role(role) => Value::String(roles.get(role).cloned().unwrap_or_default()),
            Template::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    item.expand_into(roles, &mut out);
                }
                Value::Array(out)
            }
            Template::Object(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(key, value)| (key.clone(), value.resolve(roles)))
                    .collect(),
            ),
            Template::Generate { .. } | Template::Repeat { .. } => {
                let mut out = Vec::new();
                self.expand_into(roles, &mut out);
                Value::Array(out)
            }
        }
    }

    /// The value as an object (for the `params` table itself).
    pub(crate) fn resolve_object(&self, roles: &BTreeMap<String, String>) -> Map<String, Value> {
        match self.resolve(roles) {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    fn expand_into(&self, roles: &BTreeMap<String, String>, out: &mut Vec<Value>) {
        match self {
            Template::Generate { generator, count } => {
                out.extend((0..*count).map(|index| Value::String(generator.value(index))));
            }
            Template::Repeat { value, count } => {
                out.extend(std::iter::repeat_n(value.resolve(roles), *count));
            }
            other => out.push(other.resolve(roles)),
        }
    }

    /// Adds every role this value names to `roles`.
    pub(crate) fn collect_roles(&self, roles: &mut BTreeSet<String>) {
        match self {
            Template::Role(role) => {
                roles.insert(role.clone());
            }
            Template::Array(items) => items.iter().for_each(|item| item.collect_roles(roles)),
            Template::Object(entries) => entries
                .iter()
                .for_each(|(_, value)| value.collect_roles(roles)),
            Template::Repeat { value, .. } => value.collect_roles(roles),
            Template::Value(_) | Template::Generate { .. } => {}
        }
    }
}

/// The `params` table as a template, or `None` after pushing its diagnostics.
pub(crate) fn params(
    file: SourceFile<'_>,
    node: &Spanned<Node>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Template> {
    if !matches!(node.get_ref(), Node::Table(_)) {
        diagnostics.push(
            file.diag(node.span(), "`params` must be a table")
                .with_label(format!("found {}", node.get_ref().kind()))
                .with_help("write the parameters as a table, for example:\nparams = { InstanceIds = [\"@stopped_linux\"], KeyIds = [\"@bound_key\"] }"),
        );
        return None;
    }
    let before = diagnostics.len();
    let template = convert(file, node, diagnostics);
    (diagnostics.len() == before).then_some(template)
}

fn convert(
    file: SourceFile<'_>,
    node: &Spanned<Node>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Template {
    match node.get_ref() {
        Node::String(text) => string(file, node, text, diagnostics),
        Node::Integer(number) => Template::Value(Value::from(*number)),
        Node::Boolean(flag) => Template::Value(Value::Bool(*flag)),
        Node::Float(number) => {
            match serde_json::Number::from_f64(*number) {
                Some(number) => Template::Value(Value::Number(number)),
                None => {
                    diagnostics.push(
                    file.diag(node.span(), "this float cannot be sent in JSON")
                        .with_label("not a finite number")
                        .with_help("JSON has no nan or inf; to send any JSON text, write { json = '…' }"),
                );
                    Template::Value(Value::Null)
                }
            }
        }
        Node::Array(items) => Template::Array(
            items
                .iter()
                .map(|item| convert(file, item, diagnostics))
                .collect(),
        ),
        Node::Table(entries) => {
            if entries
                .iter()
                .any(|(key, _)| GENERATOR_KEYS.contains(&key.get_ref().as_str()))
            {
                return generator(file, node, entries, diagnostics);
            }
            Template::Object(
                entries
                    .iter()
                    .map(|(key, value)| (key.get_ref().clone(), convert(file, value, diagnostics)))
                    .collect(),
            )
        }
    }
}

fn string(
    file: SourceFile<'_>,
    node: &Spanned<Node>,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Template {
    if let Some(literal) = text.strip_prefix("@@") {
        return Template::Value(Value::String(format!("@{literal}")));
    }
    let Some(role) = text.strip_prefix('@') else {
        return Template::Value(Value::String(text.to_owned()));
    };
    if roles::role_spec(role).is_none() {
        diagnostics.push(unknown_role(file, node.span(), role, "@"));
    }
    Template::Role(role.to_owned())
}

/// The diagnostic of a role the role table does not define, written `{sigil}{role}` (`@role` in
/// values, `role` as a key).
pub(crate) fn unknown_role(
    file: SourceFile<'_>,
    span: std::ops::Range<usize>,
    role: &str,
    sigil: &str,
) -> Diagnostic {
    let names = roles::ROLES.iter().map(|spec| spec.name);
    let label = match nearest(role, names.clone()) {
        Some(suggestion) => format!("did you mean `{sigil}{suggestion}`?"),
        None => "not in the role table".to_owned(),
    };
    let mut help = format!("the roles are {}", quoted_list(names));
    if !sigil.is_empty() {
        help.push_str("\n(a literal string that starts with `@` is written `@@…`)");
    }
    file.diag(span, format!("unknown role `{sigil}{role}`"))
        .with_label(label)
        .with_help(help)
}

fn generator(
    file: SourceFile<'_>,
    node: &Spanned<Node>,
    entries: &[(Spanned<String>, Spanned<Node>)],
    diagnostics: &mut Vec<Diagnostic>,
) -> Template {
    let field = |name: &str| {
        entries
            .iter()
            .find(|(key, _)| key.get_ref() == name)
            .map(|(_, value)| value)
    };
    let before = diagnostics.len();
    for (key, _) in entries {
        if !GENERATOR_KEYS.contains(&key.get_ref().as_str()) {
            let label = match nearest(key.get_ref(), GENERATOR_KEYS.iter().copied()) {
                Some(suggestion) => format!("did you mean `{suggestion}`?"),
                None => "not a generator field".to_owned(),
            };
            diagnostics.push(
                file.diag(
                    key.span(),
                    format!("unknown field `{}` in a generator", key.get_ref()),
                )
                .with_label(label)
                .with_help(GENERATOR_HELP),
            );
        }
    }
    if diagnostics.len() > before {
        return Template::Value(Value::Null);
    }
    let fail = |diagnostics: &mut Vec<Diagnostic>, span, title: &str, label: &str| {
        diagnostics.push(
            file.diag(span, title)
                .with_label(label)
                .with_help(GENERATOR_HELP),
        );
        Template::Value(Value::Null)
    };
    if let Some(json) = field("json") {
        if entries.len() > 1 {
            return fail(
                diagnostics,
                node.span(),
                "`json` stands alone in its table",
                "remove the other fields",
            );
        }
        let Node::String(text) = json.get_ref() else {
            return fail(
                diagnostics,
                json.span(),
                "`json` takes a string of JSON text",
                "expected a string",
            );
        };
        return match serde_json::from_str::<Value>(text) {
            Ok(value) => Template::Value(value),
            Err(error) => fail(
                diagnostics,
                json.span(),
                "invalid JSON in `json`",
                &error.to_string(),
            ),
        };
    }
    let count = match field("count").map(|count| (count, count.get_ref())) {
        Some((_, Node::Integer(count))) if (0..=MAX_GENERATED as i64).contains(count) => {
            *count as usize
        }
        Some((count, _)) => {
            let label = format!("expected an integer from 0 to {MAX_GENERATED}");
            return fail(
                diagnostics,
                count.span(),
                "invalid `count` in a generator",
                &label,
            );
        }
        None => {
            return fail(
                diagnostics,
                node.span(),
                "a generator needs a `count`",
                "no `count` here",
            )
        }
    };
    match (field("generate"), field("repeat")) {
        (Some(_), Some(_)) => fail(
            diagnostics,
            node.span(),
            "a generator has `generate` or `repeat`, not both",
            "both given",
        ),
        (None, None) => fail(
            diagnostics,
            node.span(),
            "a generator needs `generate`, `repeat` or `json`",
            "none given",
        ),
        (Some(kind), None) => {
            let name = match kind.get_ref() {
                Node::String(name) => name.as_str(),
                _ => "",
            };
            match Generator::from_name(name) {
                Some(generator) => Template::Generate { generator, count },
                None => {
                    let names = Generator::ALL.iter().map(|generator| generator.name());
                    let label = match nearest(name, names.clone()) {
                        Some(suggestion) => format!("did you mean `{suggestion}`?"),
                        None => format!("expected one of {}", quoted_list(names)),
                    };
                    diagnostics.push(
                        file.diag(kind.span(), format!("unknown generator `{name}`"))
                            .with_label(label)
                            .with_help(GENERATOR_HELP),
                    );
                    Template::Value(Value::Null)
                }
            }
        }
        (None, Some(value)) => {
            if value.get_ref().entries().is_some_and(|entries| {
                entries
                    .iter()
                    .any(|(key, _)| GENERATOR_KEYS.contains(&key.get_ref().as_str()))
            }) {
                return fail(
                    diagnostics,
                    value.span(),
                    "`repeat` takes a single value, not a generator",
                    "a generator",
                );
            }
            Template::Repeat {
                value: Box::new(convert(file, value, diagnostics)),
                count,
            }
        }
    }
}

const GENERATOR_HELP: &str = "a generator is { generate = \"unknown-instance-ids\", count = 101 }, \
{ repeat = \"@stopped_linux\", count = 2 } or { json = 'null' }\n\
generators: `unknown-instance-ids`, `unknown-key-ids`, `malformed-instance-ids`, `malformed-key-ids`";

#[cfg(test)]
mod tests;
