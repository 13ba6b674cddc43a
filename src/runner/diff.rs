//! A line diff for people: the stored snapshot against the new rendering, one line per line with
//! `-` (only in the stored), `+` (only in the new) or two spaces (both). Longest common
//! subsequence; inputs too large for it are shown whole, old then new.

/// Lines of each side above which the diff is not computed (the table would be too big).
const MAX_LINES: usize = 2000;

/// The diff of `old` and `new`, line by line.
///
/// ```text
///   status: 200
/// - "Code": "InvalidInstanceId.NotFound",
/// + "Code": "InvalidInstanceId.Malformed",
/// ```
pub fn line_diff(old: &str, new: &str) -> String {
    let old: Vec<&str> = old.lines().collect();
    let new: Vec<&str> = new.lines().collect();
    let mut out = String::new();
    if old.len() > MAX_LINES || new.len() > MAX_LINES {
        for line in &old {
            push(&mut out, '-', line);
        }
        for line in &new {
            push(&mut out, '+', line);
        }
        return out;
    }
    // lengths[i][j]: the longest common subsequence of old[i..] and new[j..].
    let width = new.len() + 1;
    let mut lengths = vec![0u32; (old.len() + 1) * width];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            lengths[i * width + j] = if old[i] == new[j] {
                lengths[(i + 1) * width + j + 1] + 1
            } else {
                lengths[(i + 1) * width + j].max(lengths[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < old.len() && j < new.len() {
        if old[i] == new[j] {
            push(&mut out, ' ', old[i]);
            i += 1;
            j += 1;
        } else if lengths[(i + 1) * width + j] >= lengths[i * width + j + 1] {
            push(&mut out, '-', old[i]);
            i += 1;
        } else {
            push(&mut out, '+', new[j]);
            j += 1;
        }
    }
    for line in &old[i..] {
        push(&mut out, '-', line);
    }
    for line in &new[j..] {
        push(&mut out, '+', line);
    }
    out
}

fn push(out: &mut String, sign: char, line: &str) {
    if !out.is_empty() {
        out.push('\n');
    }
    out.push(sign);
    out.push(' ');
    out.push_str(line);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_lines_are_marked() {
        assert_eq!(
            line_diff("a\nb\nc", "a\nx\nc\nd"),
            "  a\n- b\n+ x\n  c\n+ d"
        );
        assert_eq!(line_diff("same", "same"), "  same");
        assert_eq!(line_diff("", "new"), "+ new");
        assert_eq!(line_diff("old", ""), "- old");
    }

    #[test]
    fn huge_inputs_are_shown_whole() {
        let big = "x\n".repeat(MAX_LINES + 1);
        let diff = line_diff(&big, "y");
        assert_eq!(diff.lines().count(), MAX_LINES + 2);
        assert!(diff.ends_with("+ y"));
    }
}
