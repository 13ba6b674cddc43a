//! The loader: finds scenario files (directories are walked for `*.toml`, sorted, skipping the
//! mock's `world.toml` and anything under a `fixtures/` directory), parses each one case by case so
//! that a broken case never hides the problems of another, validates every case, and checks that
//! full names are unique. A [`Suite`] comes out only when no file has a problem.

use std::collections::BTreeMap;
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;

use crate::scenario::case::Case;
use crate::scenario::diagnostic::{Diagnostic, LoadErrors};
use crate::scenario::format::FileDto;
use crate::scenario::node::Node;
use crate::scenario::parse::{deserialize_collecting, parse_tree, SourceFile};
use crate::scenario::source::blank;
use crate::scenario::suite::Suite;
use crate::scenario::validate::{self, is_slug, Context, Parsed};
use crate::suggest::nearest;

/// File names that are never scenario files when found by walking a directory.
pub const NOT_SCENARIO_FILES: &[&str] = &["world.toml"];

/// Directory names whose contents are never scenario files when found by walking a directory.
pub const NOT_SCENARIO_DIRS: &[&str] = &["fixtures"];

/// Load every scenario file under `paths` (files as given, directories walked) into a suite, or
/// every problem of every file.
pub fn load_paths(paths: &[PathBuf]) -> Result<Suite, LoadErrors> {
    let mut diagnostics = Vec::new();
    let files = scenario_files(paths, &mut diagnostics);
    let context = Context::new();
    let mut cases = Vec::new();
    let mut groups: BTreeMap<String, PathBuf> = BTreeMap::new();
    for path in files {
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) => {
                diagnostics.push(
                    Diagnostic::file(&path, format!("cannot read the scenario file: {error}"))
                        .with_help("check the path and its permissions"),
                );
                continue;
            }
        };
        let group = group_of(&path);
        if let Some(first) = groups.get(&group) {
            diagnostics.push(
                Diagnostic::file(&path, format!("group `{group}` is also defined by {}", first.display()))
                    .with_help("the group is the file name, so full names `group/case` would clash: rename one of the files"),
            );
            continue;
        }
        groups.insert(group.clone(), path.clone());
        cases.extend(cases_of(&path, &group, &text, &context, &mut diagnostics));
    }
    if diagnostics.is_empty() {
        Ok(Suite::new(cases))
    } else {
        Err(LoadErrors::new(diagnostics))
    }
}

/// The cases of one scenario file, from its text; `path` names the file in diagnostics and gives
/// the group (its stem).
pub fn parse_file(path: &Path, text: &str) -> Result<Vec<Case>, LoadErrors> {
    let mut diagnostics = Vec::new();
    let cases = cases_of(
        path,
        &group_of(path),
        text,
        &Context::new(),
        &mut diagnostics,
    );
    if diagnostics.is_empty() {
        Ok(cases)
    } else {
        Err(LoadErrors::new(diagnostics))
    }
}

fn group_of(path: &Path) -> String {
    path.file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn scenario_files(paths: &[PathBuf], diagnostics: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut files, diagnostics);
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            diagnostics.push(
                Diagnostic::file(path, "no such file or directory").with_help(
                    "give scenario files or directories holding them (the default is `scenarios/`)",
                ),
            );
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    files.retain(|file| seen.insert(file.clone()));
    files
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, diagnostics: &mut Vec<Diagnostic>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            diagnostics.push(Diagnostic::file(
                dir,
                format!("cannot read the directory: {error}"),
            ));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|entry| entry.path()).collect();
    paths.sort();
    for path in paths {
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        if path.is_dir() {
            if !name.starts_with('.') && !NOT_SCENARIO_DIRS.contains(&name.as_str()) {
                walk(&path, files, diagnostics);
            }
        } else if name.ends_with(".toml") && !NOT_SCENARIO_FILES.contains(&name.as_str()) {
            files.push(path);
        }
    }
}

fn cases_of(
    path: &Path,
    group: &str,
    text: &str,
    context: &Context,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Case> {
    let file = SourceFile { path, text };
    if !is_slug(group) {
        diagnostics.push(
            Diagnostic::file(path, format!("`{group}` cannot name a group"))
                .with_help("the group is the file name without `.toml`: rename the file with lower-case letters, digits, `-` and `_`"),
        );
    }
    let tree = match parse_tree(file) {
        Ok(tree) => tree,
        Err(diagnostic) => {
            diagnostics.push(*diagnostic);
            return Vec::new();
        }
    };
    let items = case_items(file, &tree, diagnostics);
    let mut cases = Vec::new();
    let mut names: BTreeMap<String, usize> = BTreeMap::new();
    for (region, node) in &items {
        let buffer = keep_only(text, region.clone());
        let collected = deserialize_collecting::<FileDto>(file, buffer, &tree);
        diagnostics.extend(collected.diagnostics);
        let Some(case) = collected.value.and_then(|dto| dto.case.into_iter().next()) else {
            continue;
        };
        let header = case.span();
        let dto = case.into_inner();
        if let Some(name) = &dto.name {
            if let Some(line) = names.get(name.get_ref()) {
                diagnostics.push(
                    file.diag(
                        name.span(),
                        format!("duplicate case name `{}`", name.get_ref()),
                    )
                    .with_label(format!("already used by the case at line {line}"))
                    .with_help("case names are unique in a file: rename one of them"),
                );
            } else {
                names.insert(name.get_ref().clone(), file.location(header.start).pos.line);
            }
        }
        let parsed = Parsed {
            header,
            dto: &dto,
            node,
            misspelt: &collected.misspelt,
        };
        let before = diagnostics.len();
        if let Some(case) = validate::case(file, group, parsed, context, diagnostics) {
            if diagnostics.len() == before {
                cases.push(case);
            }
        }
    }
    cases
}

/// Each `[[case]]` table with its text region: from its header to the next top-level item. Other
/// top-level keys and inline `case = [...]` arrays are reported.
fn case_items<'t>(
    file: SourceFile<'_>,
    tree: &'t Spanned<Node>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(Range<usize>, &'t Spanned<Node>)> {
    let entries = tree.get_ref().entries().unwrap_or(&[]);
    let mut starts = Vec::new();
    let mut case_starts = Vec::new();
    for (key, value) in entries {
        if key.get_ref() != "case" {
            let label = match nearest(key.get_ref(), ["case"]) {
                Some(_) => "did you mean `case`?".to_owned(),
                None => "not a scenario field".to_owned(),
            };
            diagnostics.push(
                file.diag(
                    key.span(),
                    format!("unknown field `{}` at the top level", key.get_ref()),
                )
                .with_label(label)
                .with_help("a scenario file holds only `[[case]]` tables"),
            );
            starts.push(key.span().start.min(value.span().start));
            continue;
        }
        let Node::Array(items) = value.get_ref() else {
            diagnostics.push(
                file.diag(value.span(), "`case` must be an array of tables")
                    .with_label(format!("found {}", value.get_ref().kind()))
                    .with_help("start each case with a `[[case]]` header (two brackets)"),
            );
            continue;
        };
        for item in items {
            let written = file.text.get(item.span()).unwrap_or("");
            if !written.starts_with("[[") || item.get_ref().entries().is_none() {
                diagnostics.push(
                    file.diag(item.span(), "write each case as a `[[case]]` table")
                        .with_label("an inline case")
                        .with_help("move it under its own `[[case]]` header, one key per line"),
                );
                continue;
            }
            starts.push(item.span().start);
            case_starts.push(item);
        }
    }
    if entries.iter().all(|(key, _)| key.get_ref() != "case") {
        diagnostics.push(
            file.diag(0..0, "no case in this file")
                .with_label("expected `[[case]]` tables")
                .with_help("add a case:\n[[case]]\nname = \"…\"\ndescription = \"…\"\neffect = \"rejected\"\nparams = { … }"),
        );
    }
    starts.sort_unstable();
    case_starts
        .into_iter()
        .map(|item| {
            let start = item.span().start;
            let end = starts
                .iter()
                .copied()
                .find(|other| *other > start)
                .unwrap_or(file.text.len());
            (start..end, item)
        })
        .collect()
}

/// `text` with everything outside `region` blanked.
fn keep_only(text: &str, region: Range<usize>) -> String {
    let tail = blank(text, region.end..text.len());
    blank(&tail, 0..region.start)
}

#[cfg(test)]
mod tests;
