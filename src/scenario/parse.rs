//! Parsing that collects every problem instead of stopping at the first: the TOML syntax check
//! ([`parse_tree`]), then a DTO deserialization ([`deserialize_collecting`]) that, on each unknown
//! key or wrongly-typed value, records a diagnostic, blanks that entry out of its own copy of the
//! text (offsets unchanged) and tries again. serde's messages become our titles, labels and fixes.

use std::ops::Range;
use std::path::Path;

use serde::de::DeserializeOwned;
use toml::Spanned;

use crate::scenario::diagnostic::Diagnostic;
use crate::scenario::format::example;
use crate::scenario::node::{locate, table_at, Located, Node, SpannedNode, DATETIME_MARKER};
use crate::scenario::source::{blank, Location};
use crate::suggest::{nearest, quoted_list};

/// Most repairs tried on one text before giving up (each one removes an entry, so a text with
/// fewer bad entries always finishes).
const MAX_REPAIRS: usize = 64;

/// A file being loaded: its path (for diagnostics) and its text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SourceFile<'a> {
    pub(crate) path: &'a Path,
    pub(crate) text: &'a str,
}

impl SourceFile<'_> {
    /// A diagnostic at `span` of this file.
    pub(crate) fn diag(&self, span: Range<usize>, title: impl Into<String>) -> Diagnostic {
        Diagnostic::at(self.path, self.text, span, title)
    }

    /// Where byte `offset` of this file is.
    pub(crate) fn location(&self, offset: usize) -> Location {
        Location::new(self.path, self.text, offset)
    }
}

/// The whole file as a tree of spanned values, or the one diagnostic of its TOML syntax error.
pub(crate) fn parse_tree(file: SourceFile<'_>) -> Result<Spanned<Node>, Box<Diagnostic>> {
    let error = match toml::from_str::<SpannedNode>(file.text) {
        Ok(SpannedNode(tree)) => return Ok(tree),
        Err(error) => error,
    };
    let span = error.span().unwrap_or(0..0);
    let message = error.message();
    if message.contains(DATETIME_MARKER) {
        return Err(Box::new(datetime(file, span, None)));
    }
    let mut lines = message.lines();
    let label = lines.next().unwrap_or("").to_owned();
    Err(Box::new(
        file.diag(span, "invalid TOML")
            .with_label(label)
            .with_help(syntax_help(message)),
    ))
}

/// What [`deserialize_collecting`] found.
#[derive(Debug)]
pub(crate) struct Collected<T> {
    /// The value, when what was removed from the text cannot distort it: unknown keys were ignored
    /// anyway, but a removed wrongly-typed value would read as absent.
    pub(crate) value: Option<T>,
    /// A diagnostic for every unknown key and wrongly-typed value.
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// The fields that unknown keys were taken for (`effect` for `efect`): a missing field listed
    /// here is already explained.
    pub(crate) misspelt: Vec<String>,
}

/// Deserialize `T` from `buffer` (the file's text, perhaps with parts blanked out), collecting a
/// diagnostic for every unknown key and wrongly-typed value. `tree` is the file's tree, to locate
/// entries.
pub(crate) fn deserialize_collecting<T: DeserializeOwned>(
    file: SourceFile<'_>,
    buffer: String,
    tree: &Spanned<Node>,
) -> Collected<T> {
    let mut buffer = buffer;
    let mut found = Collected {
        value: None,
        diagnostics: Vec::new(),
        misspelt: Vec::new(),
    };
    let mut trusted = true;
    let mut removed_keys: Vec<String> = Vec::new();
    let mut previous: Option<(Range<usize>, String)> = None;
    for _ in 0..MAX_REPAIRS {
        let error = match toml::from_str::<T>(&buffer) {
            Ok(value) => {
                found.value = trusted.then_some(value);
                return found;
            }
            Err(error) => error,
        };
        let span = error.span().unwrap_or(0..0);
        let message = error.message().to_owned();
        if previous.as_ref() == Some(&(span.clone(), message.clone())) {
            break;
        }
        previous = Some((span.clone(), message.clone()));
        if let Some(field) = missing_field(&message) {
            if !removed_keys.contains(&field) && !found.misspelt.contains(&field) {
                let table = table_at(tree, span.start);
                found.diagnostics.push(missing(file, span, &table, &field));
            }
            return found;
        }
        let Some(located) = locate(tree, file.text, &span) else {
            if found.diagnostics.is_empty() {
                found
                    .diagnostics
                    .push(file.diag(span, "invalid file").with_label(message));
            }
            return found;
        };
        if let Some((field, expected)) = unknown_field(&message) {
            let suggestion = nearest(&field, expected.iter().map(String::as_str));
            if let Some(suggestion) = suggestion {
                found.misspelt.push(suggestion.to_owned());
            }
            found
                .diagnostics
                .push(unknown(file, &located, span, &field, &expected, suggestion));
        } else if message.contains(DATETIME_MARKER) {
            found.diagnostics.push(datetime(file, span, Some(&located)));
            trusted = false;
        } else if let Some(diagnostic) = wrong_value(file, &located, span.clone(), &message) {
            found.diagnostics.push(diagnostic);
            trusted = false;
        } else {
            if found.diagnostics.is_empty() {
                found
                    .diagnostics
                    .push(file.diag(span, "invalid file").with_label(message));
            }
            return found;
        }
        removed_keys.push(located.key.clone());
        buffer = remove_entry(&buffer, &located);
    }
    found
}

/// `of [case.expect]`, or `at the top level`.
fn of_table(table: &str) -> String {
    if table.starts_with('[') {
        format!("of {table}")
    } else {
        format!("at {table}")
    }
}

/// `in [case.expect]`, or `at the top level`.
pub(crate) fn in_table(table: &str) -> String {
    if table.starts_with('[') {
        format!("in {table}")
    } else {
        format!("at {table}")
    }
}

fn missing_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("missing field `")?;
    Some(rest.split('`').next()?.to_owned())
}

/// The unknown field and the expected ones, from ``unknown field `x`, expected one of `a`, `b` ``.
fn unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once('`')?;
    let expected = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect();
    Some((field.to_owned(), expected))
}

fn unknown(
    file: SourceFile<'_>,
    located: &Located,
    span: Range<usize>,
    field: &str,
    expected: &[String],
    suggestion: Option<&str>,
) -> Diagnostic {
    let table = &located.table;
    let names = expected.iter().map(String::as_str);
    let label = match suggestion {
        Some(suggestion) => format!("did you mean `{suggestion}`?"),
        None => format!("not a field {}", in_table(table)),
    };
    let help = if expected.is_empty() {
        format!("{table} takes no fields")
    } else {
        format!("the fields {} are {}", of_table(table), quoted_list(names))
    };
    file.diag(span, format!("unknown field `{field}` {}", in_table(table)))
        .with_label(label)
        .with_help(help)
}

fn wrong_value(
    file: SourceFile<'_>,
    located: &Located,
    span: Range<usize>,
    message: &str,
) -> Option<Diagnostic> {
    let (what, rest) = if let Some(rest) = message.strip_prefix("invalid type: ") {
        ("wrong type", rest)
    } else if let Some(rest) = message.strip_prefix("invalid value: ") {
        ("invalid value", rest)
    } else if let Some(rest) = message.strip_prefix("invalid length ") {
        ("invalid length", rest)
    } else {
        return None;
    };
    let (found, expected) = rest.split_once(", expected ")?;
    let expected = plain_expected(expected);
    let key = &located.key;
    let help = match example(key) {
        Some(example) => format!("write it like this:\n{example}"),
        None => format!("`{key}` takes {expected}"),
    };
    Some(
        file.diag(
            span,
            format!("{what} for `{key}` {}", in_table(&located.table)),
        )
        .with_label(format!("expected {expected}, found {found}"))
        .with_help(help),
    )
}

/// serde's names of expected types, as a TOML user says them.
fn plain_expected(expected: &str) -> String {
    match expected {
        "a sequence" => "an array".to_owned(),
        "a map" => "a table".to_owned(),
        "i64" | "i32" => "an integer".to_owned(),
        "u64" | "u32" | "usize" => "a non-negative integer".to_owned(),
        "a boolean" | "a string" => expected.to_owned(),
        other => other.to_owned(),
    }
}

/// The diagnostic of required `field` missing from `table` (rendered path), whose header is at
/// `span`.
pub(crate) fn missing(
    file: SourceFile<'_>,
    span: Range<usize>,
    table: &str,
    field: &str,
) -> Diagnostic {
    let holder = if table == "[[case]]" {
        "this case"
    } else {
        "this table"
    };
    let help = match example(field) {
        Some(example) => format!("add it, for example:\n{example}"),
        None => format!("add `{field}`"),
    };
    file.diag(span, format!("missing field `{field}` {}", in_table(table)))
        .with_label(format!("{holder} has no `{field}`"))
        .with_help(help)
}

fn datetime(file: SourceFile<'_>, span: Range<usize>, located: Option<&Located>) -> Diagnostic {
    let text = file.text.get(span.clone()).unwrap_or("").trim().to_owned();
    let title = match located {
        Some(located) => format!(
            "a date-time is not a valid value for `{}` {}",
            located.key,
            in_table(&located.table)
        ),
        None => "a date-time is not a valid value in this file".to_owned(),
    };
    file.diag(span, title)
        .with_label("TOML date-times are not used by these files")
        .with_help(format!("quote it to make it a string: \"{text}\""))
}

fn syntax_help(message: &str) -> String {
    let help = if message.contains("duplicate key `case`") {
        "each case starts with a `[[case]]` header (two brackets); `[case]` makes a single table"
    } else if message.contains("duplicate key") {
        "a key may appear only once in a table; a new case starts with `[[case]]`"
    } else if message.contains("basic string") || message.contains("literal string") {
        "close the string on the same line, or use \"\"\"…\"\"\" for text over several lines"
    } else if message.contains("table header") {
        "write a table header as `[name]` or `[[name]]` on a line of its own"
    } else {
        "the file must be valid TOML 1.0 (https://toml.io/en/v1.0.0)"
    };
    help.to_owned()
}

/// `buffer` without the entry: blanked, with a neighbouring comma when it sits in an inline table.
fn remove_entry(buffer: &str, located: &Located) -> String {
    let mut range = located.entry_span.clone();
    if located.inline_table {
        let bytes = buffer.as_bytes();
        let mut after = range.end;
        while after < bytes.len() && (bytes[after] == b' ' || bytes[after] == b'\t') {
            after += 1;
        }
        if bytes.get(after) == Some(&b',') {
            range.end = after + 1;
        } else {
            let mut before = range.start;
            while before > 0 && (bytes[before - 1] == b' ' || bytes[before - 1] == b'\t') {
                before -= 1;
            }
            if before > 0 && bytes[before - 1] == b',' {
                range.start = before - 1;
            }
        }
    }
    blank(buffer, range)
}

#[cfg(test)]
mod tests;
