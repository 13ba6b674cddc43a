//! Diagnostics of scenario and fixtures files, rendered in the style of rustc and hurl: a title
//! (the reason), the `path:line:column`, the source line with a caret under the offending text and
//! a short label, then the fix as a `help` line.
//!
//! ```text
//! error: unknown field `sucess` in [case.expect]
//!   --> scenarios/limits.toml:14:1
//!    |
//! 14 | sucess = true
//!    | ^^^^^^ did you mean `success`?
//!    |
//!    = help: the fields of [case.expect] are `success`, `codes`, `profiles` and `state`
//! ```

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::scenario::source::{floor_boundary, line_text, Pos};

/// One problem in one file, with where it is, why it is a problem and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    path: PathBuf,
    snippet: Option<Snippet>,
    title: String,
    label: String,
    help: Option<String>,
}

/// The source line a diagnostic points at.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Snippet {
    pos: Pos,
    line: String,
    width: usize,
}

impl Diagnostic {
    /// A problem at byte range `span` of `source`, the text of `path`. The caret underlines the part
    /// of the span on its first line (at least one character).
    pub fn at(
        path: &Path,
        source: &str,
        span: Range<usize>,
        title: impl Into<String>,
    ) -> Diagnostic {
        let start = floor_boundary(source, span.start);
        let end = floor_boundary(source, span.end.max(start));
        let pos = Pos::of(source, start);
        let line = line_text(source, pos.line).replace('\t', " ");
        let on_line = source[start..end].split('\n').next().unwrap_or("");
        let room = line.chars().count().saturating_sub(pos.column - 1);
        let width = on_line
            .trim_end_matches('\r')
            .chars()
            .count()
            .min(room)
            .max(1);
        Diagnostic {
            path: path.to_owned(),
            snippet: Some(Snippet { pos, line, width }),
            title: title.into(),
            label: String::new(),
            help: None,
        }
    }

    /// A problem with a whole file (it cannot be read, it does not exist).
    pub fn file(path: &Path, title: impl Into<String>) -> Diagnostic {
        Diagnostic {
            path: path.to_owned(),
            snippet: None,
            title: title.into(),
            label: String::new(),
            help: None,
        }
    }

    /// This diagnostic with `label` written after the caret.
    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = label.into();
        self
    }

    /// This diagnostic with `help`: how to fix the problem.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The 1-based position, unless the problem is with the whole file.
    pub fn pos(&self) -> Option<Pos> {
        self.snippet.as_ref().map(|snippet| snippet.pos)
    }

    /// The reason, e.g. ``unknown field `sucess` in [case.expect]``.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The short text after the caret, e.g. ``did you mean `success`?`` (may be empty).
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The fix.
    pub fn help(&self) -> Option<&str> {
        self.help.as_deref()
    }

    /// The diagnostic as text, in the layout shown in the module documentation.
    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str("error: ");
        out.push_str(&self.title);
        out.push('\n');
        let gutter = match &self.snippet {
            Some(snippet) => {
                let gutter = snippet.pos.line.to_string().len();
                let pad = " ".repeat(gutter);
                out.push_str(&format!(
                    "{pad}--> {}:{}\n",
                    self.path.display(),
                    snippet.pos
                ));
                out.push_str(&format!("{pad} |\n"));
                out.push_str(format!("{} | {}", snippet.pos.line, snippet.line).trim_end());
                out.push('\n');
                let carets = format!(
                    "{pad} | {}{} {}",
                    " ".repeat(snippet.pos.column - 1),
                    "^".repeat(snippet.width),
                    self.label
                );
                out.push_str(carets.trim_end());
                out.push('\n');
                gutter
            }
            None => {
                out.push_str(&format!(" --> {}\n", self.path.display()));
                1
            }
        };
        if let Some(help) = &self.help {
            let pad = " ".repeat(gutter);
            if self.snippet.is_some() {
                out.push_str(&format!("{pad} |\n"));
            }
            let mut lines = help.lines();
            out.push_str(&format!("{pad} = help: {}\n", lines.next().unwrap_or("")));
            for line in lines {
                out.push_str(&format!("{pad}         {line}\n"));
            }
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

/// Every problem found in the files given to the loader (never empty).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.render())]
pub struct LoadErrors {
    diagnostics: Vec<Diagnostic>,
}

impl LoadErrors {
    pub(crate) fn new(diagnostics: Vec<Diagnostic>) -> LoadErrors {
        LoadErrors { diagnostics }
    }

    /// Every diagnostic, in file order, then position order.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Every diagnostic rendered, separated by blank lines, then a summary line.
    pub fn render(&self) -> String {
        let mut files: Vec<&Path> = self.diagnostics.iter().map(Diagnostic::path).collect();
        files.dedup();
        let rendered: Vec<String> = self.diagnostics.iter().map(Diagnostic::render).collect();
        let errors = self.diagnostics.len();
        format!(
            "{}\nerror: could not load {} {}: {errors} {}\n",
            rendered.join("\n"),
            files.len(),
            if files.len() == 1 { "file" } else { "files" },
            if errors == 1 { "error" } else { "errors" },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_rustc() {
        let source = "x = 1\n".repeat(13) + "sucess = true\n";
        let start = source.find("sucess").unwrap();
        let diagnostic = Diagnostic::at(
            Path::new("scenarios/limits.toml"),
            &source,
            start..start + 6,
            "unknown field `sucess` in [case.expect]",
        )
        .with_label("did you mean `success`?")
        .with_help("the fields of [case.expect] are `success` and `codes`");
        assert_eq!(
            diagnostic.pos(),
            Some(Pos {
                line: 14,
                column: 1
            })
        );
        assert_eq!(
            diagnostic.render(),
            "\
error: unknown field `sucess` in [case.expect]
  --> scenarios/limits.toml:14:1
   |
14 | sucess = true
   | ^^^^^^ did you mean `success`?
   |
   = help: the fields of [case.expect] are `success` and `codes`
"
        );
    }

    #[test]
    fn carets_stay_on_the_first_line_and_whole_files_have_no_snippet() {
        let source = "a = \"x\n";
        let diagnostic = Diagnostic::at(Path::new("f.toml"), source, 6..7, "invalid TOML");
        assert_eq!(
            diagnostic.render(),
            "error: invalid TOML\n --> f.toml:1:7\n  |\n1 | a = \"x\n  |       ^\n"
        );
        let missing = Diagnostic::file(Path::new("nope"), "cannot read `nope`")
            .with_help("check the path\nor create it");
        assert_eq!(
            missing.render(),
            "error: cannot read `nope`\n --> nope\n  = help: check the path\n          or create it\n"
        );
        let errors = LoadErrors::new(vec![diagnostic, missing]);
        assert!(errors
            .to_string()
            .ends_with("error: could not load 2 files: 2 errors\n"));
    }
}
