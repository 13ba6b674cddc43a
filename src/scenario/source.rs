//! Positions in a scenario or fixtures file: 1-based line and column of a byte offset, where a case
//! was written ([`Location`]), and the text edits the collecting parser makes (blanking a range
//! while keeping every offset and line where it was).

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// A position in a file. Both numbers are 1-based; the column counts characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Pos {
    /// The position of byte `offset` in `source` (clamped to the text; a non-boundary offset
    /// counts from the character it falls in).
    pub fn of(source: &str, offset: usize) -> Pos {
        let offset = floor_boundary(source, offset);
        let line_start = source[..offset]
            .rfind('\n')
            .map_or(0, |newline| newline + 1);
        Pos {
            line: source[..offset].matches('\n').count() + 1,
            column: source[line_start..offset].chars().count() + 1,
        }
    }
}

impl fmt::Display for Pos {
    /// `line:column`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Where something was written: a file and a position in it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    /// The file, as it was given to the loader (or found by walking a given directory).
    pub path: PathBuf,
    /// The position in the file.
    pub pos: Pos,
}

impl Location {
    pub(crate) fn new(path: &Path, source: &str, offset: usize) -> Location {
        Location {
            path: path.to_owned(),
            pos: Pos::of(source, offset),
        }
    }
}

impl fmt::Display for Location {
    /// `path:line:column`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.path.display(), self.pos)
    }
}

/// The text of 1-based line `line`, without its line ending ("" past the end).
pub(crate) fn line_text(source: &str, line: usize) -> &str {
    let text = source.split('\n').nth(line.saturating_sub(1)).unwrap_or("");
    text.strip_suffix('\r').unwrap_or(text)
}

/// The largest character boundary of `source` at or below `offset`.
pub(crate) fn floor_boundary(source: &str, offset: usize) -> usize {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// `text` with every byte of `range` but line breaks replaced by a space: the text that was there
/// disappears, and every other byte keeps its offset, line and column.
pub(crate) fn blank(text: &str, range: Range<usize>) -> String {
    let start = floor_boundary(text, range.start);
    let end = floor_boundary(text, range.end.max(start));
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..start]);
    for character in text[start..end].chars() {
        if character == '\n' || character == '\r' {
            out.push(character);
        } else {
            out.extend(std::iter::repeat_n(' ', character.len_utf8()));
        }
    }
    out.push_str(&text[end..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let source = "a = 1\nbé = \"x\"\r\nc";
        assert_eq!(Pos::of(source, 0), Pos { line: 1, column: 1 });
        assert_eq!(Pos::of(source, 6), Pos { line: 2, column: 1 });
        // `=` after `bé`: byte 10, character 4.
        assert_eq!(Pos::of(source, 10), Pos { line: 2, column: 4 });
        assert_eq!(Pos::of(source, 8), Pos { line: 2, column: 2 });
        assert_eq!(Pos::of(source, 999), Pos { line: 3, column: 2 });
        assert_eq!(line_text(source, 2), "bé = \"x\"");
        assert_eq!(line_text(source, 9), "");
    }

    #[test]
    fn blanking_keeps_offsets_and_lines() {
        let text = "x = 1\nsucess = \"é\"\ny = 2\n";
        let start = text.find("sucess").unwrap();
        let end = text.find("\ny").unwrap();
        let blanked = blank(text, start..end);
        assert_eq!(blanked.len(), text.len());
        assert_eq!(blanked.lines().nth(1).unwrap().trim(), "");
        assert_eq!(Pos::of(&blanked, blanked.find('y').unwrap()).line, 3);
        let display = Location {
            path: PathBuf::from("s/a.toml"),
            pos: Pos { line: 2, column: 5 },
        };
        assert_eq!(display.to_string(), "s/a.toml:2:5");
    }
}
