//! Did-you-mean suggestions for the mock's diagnostics: the nearest candidate by edit distance.

/// The candidate nearest to `input` by edit distance (ties: the first), if it is near enough to be a
/// plausible typo: at most 2 edits, or a third of the input's length for long inputs.
pub(crate) fn nearest<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let threshold = (input.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(input, candidate), candidate))
        .filter(|(distance, _)| *distance <= threshold)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, a_char) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, b_char) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(a_char != *b_char);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("STOPED", "STOPPED"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn nearest_only_when_plausible() {
        let roles = ["bound_key", "second_key", "unbound_key"];
        assert_eq!(nearest("bound_kye", roles), Some("bound_key"));
        assert_eq!(nearest("secnd_key", roles), Some("second_key"));
        assert_eq!(nearest("something_else", roles), None);
        assert_eq!(nearest("x", Vec::<&str>::new()), None);
    }
}
