//! Small choices over `arbitrary`'s `Unstructured`, arranged so that input that has run out
//! (which reads as zeros) always takes the first, plainest option and never an optional extra.

use arbitrary::{Result, Unstructured};

/// True with probability `percent` / 100; false when the input has run out.
pub fn chance(u: &mut Unstructured<'_>, percent: u8) -> Result<bool> {
    Ok(u.int_in_range(0..=99_u8)? >= 100 - percent.min(100))
}

/// One of `options`, each with its weight; the first when the input has run out. `options`
/// must not be empty and the weights must not all be zero.
pub fn weighted<'a, T>(u: &mut Unstructured<'_>, options: &'a [(u32, T)]) -> Result<&'a T> {
    let total: u32 = options.iter().map(|(weight, _)| *weight).sum();
    if total == 0 {
        return Err(arbitrary::Error::EmptyChoose);
    }
    let mut draw = u.int_in_range(0..=total - 1)?;
    for (weight, option) in options {
        if draw < *weight {
            return Ok(option);
        }
        draw -= weight;
    }
    Err(arbitrary::Error::EmptyChoose)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exhausted_input_takes_the_plain_path() {
        let mut empty = Unstructured::new(&[]);
        assert!(!chance(&mut empty, 99).unwrap());
        assert!(chance(&mut empty, 100).unwrap());
        assert_eq!(*weighted(&mut empty, &[(1, "a"), (9, "b")]).unwrap(), "a");
        assert!(weighted::<u8>(&mut empty, &[]).is_err());
    }

    #[test]
    fn weights_are_respected() {
        let bytes = crate::gen::Seed(1).bytes();
        let mut u = Unstructured::new(&bytes);
        let mut counts = [0_u32; 2];
        for _ in 0..400 {
            counts[*weighted(&mut u, &[(1, 0_usize), (3, 1)]).unwrap()] += 1;
        }
        assert!(counts[1] > counts[0] * 2, "{counts:?}");
    }
}
