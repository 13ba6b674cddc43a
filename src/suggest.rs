//! Did-you-mean for every diagnostic of the crate: the candidate nearest to a misspelt word by
//! edit distance, ignoring case, and quoting of candidate lists for help texts. Pure.

/// The candidate nearest to `input` (case-insensitive edit distance; ties go to the first), if it is
/// a plausible typo: at most 2 edits, or a third of the input's length for long inputs.
pub(crate) fn nearest<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let input = input.to_lowercase();
    let threshold = (input.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(&input, &candidate.to_lowercase()), candidate))
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

/// `a`, `b` and `c`: candidates quoted as code, for help texts.
pub(crate) fn quoted_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let items: Vec<String> = items.into_iter().map(|item| format!("`{item}`")).collect();
    match items.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("sucess", "success"), 1);
    }

    #[test]
    fn nearest_only_when_plausible_and_ignoring_case() {
        assert_eq!(nearest("sucess", ["success", "codes"]), Some("success"));
        assert_eq!(nearest("JSON", ["json", "form", "query"]), Some("json"));
        assert_eq!(
            nearest(
                "InvalidInstanceID.NotFound",
                ["InvalidInstanceId.NotFound", "InvalidKeyPairId.NotFound"]
            ),
            Some("InvalidInstanceId.NotFound")
        );
        assert_eq!(nearest("something_else", ["bound_key"]), None);
        assert_eq!(nearest("x", Vec::<&str>::new()), None);
    }

    #[test]
    fn lists_read_as_prose() {
        assert_eq!(quoted_list(["a"]), "`a`");
        assert_eq!(quoted_list(["a", "b", "c"]), "`a`, `b` and `c`");
        assert_eq!(quoted_list(Vec::<&str>::new()), "");
    }
}
