//! Request headers as the signer writes them: in place over a previous request's headers
//! (reusing their strings), and checked so that nothing unsendable leaves the wire layer.

use crate::wire::error::{WireError, WireErrorKind};

/// Writes headers over a request's previous ones, reusing their strings.
pub(crate) struct HeaderWriter<'a> {
    pub(crate) headers: &'a mut Vec<(String, String)>,
    pub(crate) len: usize,
}

impl<'a> HeaderWriter<'a> {
    /// A writer that starts over at the first header.
    pub(crate) fn new(headers: &'a mut Vec<(String, String)>) -> HeaderWriter<'a> {
        HeaderWriter { headers, len: 0 }
    }

    /// Writes the next header, reusing the strings of the header that was there.
    pub(crate) fn push(&mut self, name: &str, value: &str) {
        match self.headers.get_mut(self.len) {
            Some((slot_name, slot_value)) => {
                overwrite(slot_name, name);
                overwrite(slot_value, value);
            }
            None => self.headers.push((name.to_owned(), value.to_owned())),
        }
        self.len += 1;
    }

    /// The position of the header `name` (any case) written so far.
    pub(crate) fn position(&self, name: &str) -> Option<usize> {
        self.headers[..self.len]
            .iter()
            .position(|(present, _)| present.eq_ignore_ascii_case(name))
    }

    /// Drops the previous request's headers beyond the ones written.
    pub(crate) fn finish(self) {
        self.headers.truncate(self.len);
    }
}

/// Replaces the text of `target`, keeping its capacity.
pub(crate) fn overwrite(target: &mut String, text: &str) {
    target.clear();
    target.push_str(text);
}

/// Whether each byte value may appear in an HTTP header name (RFC 9110 `tchar`).
const TOKEN_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'!' | b'#'
                    | b'$'
                    | b'%'
                    | b'&'
                    | b'\''
                    | b'*'
                    | b'+'
                    | b'-'
                    | b'.'
                    | b'^'
                    | b'_'
                    | b'`'
                    | b'|'
                    | b'~'
            );
        byte += 1;
    }
    table
};

pub(crate) fn check_header_name(name: &str) -> Result<(), WireError> {
    let reason = if name.is_empty() {
        "empty name"
    } else if !name.bytes().all(|b| TOKEN_BYTES[usize::from(b)]) {
        "name is not an http token"
    } else {
        return Ok(());
    };
    Err(WireErrorKind::InvalidHeader {
        name: name.to_owned(),
        reason,
    }
    .into())
}

pub(crate) fn check_header_value(name: &str, value: &str) -> Result<(), WireError> {
    let bad = value
        .bytes()
        .fold(false, |found, b| found | matches!(b, b'\r' | b'\n' | b'\0'));
    if bad {
        return Err(WireErrorKind::InvalidHeader {
            name: name.to_owned(),
            reason: "value contains cr, lf or nul",
        }
        .into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_writer_reuses_and_truncates() {
        let mut headers = vec![
            ("A".to_owned(), "1".to_owned()),
            ("B".to_owned(), "2".to_owned()),
            ("C".to_owned(), "3".to_owned()),
        ];
        let mut writer = HeaderWriter::new(&mut headers);
        writer.push("X", "9");
        assert_eq!(writer.position("x"), Some(0));
        assert_eq!(writer.position("B"), None);
        writer.finish();
        assert_eq!(headers, vec![("X".to_owned(), "9".to_owned())]);
    }

    #[test]
    fn header_checks() {
        assert!(check_header_name("X-TC-Action").is_ok());
        for bad in ["", "X TC", "X:Y", "Ä"] {
            assert!(check_header_name(bad).is_err(), "{bad:?}");
        }
        assert!(check_header_value("H", "a\tb").is_ok());
        for bad in ["a\rb", "a\nb", "a\0b"] {
            assert!(check_header_value("H", bad).is_err(), "{bad:?}");
        }
    }
}
