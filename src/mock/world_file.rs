//! The world file: the TOML document every SecretId's world starts from (default
//! `scenarios/world.toml`), its strict parser, and diagnostics that give `path:line:column`, the
//! reason and the fix. [`load`] and [`resolve`] are the only functions of the mock that read a file.
//!
//! Format: `[[key_pairs]]` tables (`role`, `id`, `name`) and `[[instances]]` tables (`role`, `id`,
//! `name`, `os_name`, `state`, `keys`, `operation_in_progress`). `id`, `os_name` and `state` of an
//! instance and `id` of a key pair are required; `keys` names key pairs of the same file by role or
//! by ID. Unknown keys are errors.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::contract::roles;
use crate::contract::world::World;
use crate::mock::world_build::{self, InstanceDraft, KeyPairDraft, Loc, Located, Problem};
use crate::suggest::nearest;

/// Where the mock looks for a world file when none is given, relative to the current directory.
pub const DEFAULT_PATH: &str = "scenarios/world.toml";

/// A world file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum WorldFileError {
    /// The file cannot be read.
    #[error("{}: cannot read the world file", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not a valid world: bad TOML, an unknown key, or a value that breaks a rule.
    #[error("{}:{line}:{column}: {reason}\n  help: {help}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line of the offending value.
        line: usize,
        /// 1-based column (in characters) of the offending value.
        column: usize,
        /// What is wrong.
        reason: String,
        /// How to fix it.
        help: String,
    },
}

/// Parse a world file's text; `path` is used in diagnostics only.
pub fn parse(source: &str, path: &Path) -> Result<World, WorldFileError> {
    let doc: FileDoc = match toml::from_str(source) {
        Ok(doc) => doc,
        Err(err) => return Err(toml_error(source, path, &err)),
    };
    let key_pairs = doc
        .key_pairs
        .into_iter()
        .map(KeyPairEntry::into_draft)
        .collect();
    let instances = doc
        .instances
        .into_iter()
        .map(InstanceEntry::into_draft)
        .collect();
    world_build::build(key_pairs, instances).map_err(|problem| invalid(source, path, problem))
}

/// Read and parse the world file at `path`.
pub fn load(path: &Path) -> Result<World, WorldFileError> {
    let source = std::fs::read_to_string(path).map_err(|source| WorldFileError::Read {
        path: path.to_owned(),
        source,
    })?;
    parse(&source, path)
}

/// The world the mock starts from: the file at `explicit` if given; else [`DEFAULT_PATH`] if it
/// exists in the current directory; else the built-in default world of the role table.
pub fn resolve(explicit: Option<&Path>) -> Result<World, WorldFileError> {
    if let Some(path) = explicit {
        return load(path);
    }
    let default_path = Path::new(DEFAULT_PATH);
    if default_path.is_file() {
        return load(default_path);
    }
    Ok(builtin())
}

/// The built-in default world: every role of `contract::roles` at its default ID.
pub fn builtin() -> World {
    roles::default_world()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDoc {
    #[serde(default)]
    key_pairs: Vec<KeyPairEntry>,
    #[serde(default)]
    instances: Vec<InstanceEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyPairEntry {
    role: Option<Spanned<String>>,
    id: Spanned<String>,
    name: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InstanceEntry {
    role: Option<Spanned<String>>,
    id: Spanned<String>,
    name: Option<String>,
    os_name: Spanned<String>,
    state: Spanned<String>,
    #[serde(default)]
    keys: Vec<Spanned<String>>,
    #[serde(default)]
    operation_in_progress: bool,
}

impl KeyPairEntry {
    fn into_draft(self) -> KeyPairDraft {
        KeyPairDraft {
            role: self.role.map(located),
            id: located(self.id),
            name: self.name,
        }
    }
}

impl InstanceEntry {
    fn into_draft(self) -> InstanceDraft {
        InstanceDraft {
            role: self.role.map(located),
            id: located(self.id),
            name: self.name,
            os_name: located(self.os_name),
            state: located(self.state),
            keys: self.keys.into_iter().map(located).collect(),
            operation_in_progress: self.operation_in_progress,
        }
    }
}

fn located(spanned: Spanned<String>) -> Located<String> {
    let span = spanned.span();
    Located {
        value: spanned.into_inner(),
        at: Loc::Span(span),
    }
}

fn invalid(source: &str, path: &Path, problem: Problem) -> WorldFileError {
    let offset = match &problem.at {
        Loc::Span(span) => span.start,
        Loc::Path(_) => 0,
    };
    let (line, column) = line_column(source, offset);
    let mut help = problem.help;
    if let Some(Loc::Span(first)) = &problem.first {
        let (first_line, first_column) = line_column(source, first.start);
        help.push_str(&format!(" (the first is at {first_line}:{first_column})"));
    }
    WorldFileError::Invalid {
        path: path.to_owned(),
        line,
        column,
        reason: problem.reason,
        help,
    }
}

fn toml_error(source: &str, path: &Path, err: &toml::de::Error) -> WorldFileError {
    let (line, column) = line_column(source, err.span().map_or(0, |span| span.start));
    let reason = err.message().trim().to_owned();
    WorldFileError::Invalid {
        path: path.to_owned(),
        line,
        column,
        help: toml_help(&reason),
        reason,
    }
}

/// The fix for a TOML or shape error, from serde's standard message forms.
fn toml_help(reason: &str) -> String {
    if let Some(rest) = reason.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let valid: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        return match nearest(field, valid.iter().copied()) {
            Some(guess) => format!(
                "did you mean `{guess}`? the keys here are {}",
                valid.join(", ")
            ),
            None if valid.is_empty() => "remove this key".into(),
            None => format!("remove it; the keys here are {}", valid.join(", ")),
        };
    }
    if let Some(rest) = reason.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return format!("add `{field} = …` to this table (see the comments in {DEFAULT_PATH})");
    }
    if reason.starts_with("invalid type") {
        return format!("give a value of the expected type (see the comments in {DEFAULT_PATH})");
    }
    "fix the TOML syntax here (https://toml.io)".into()
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |index| index + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests;
