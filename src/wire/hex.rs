//! Hex digests held inline: the 64 lower-case hex digits of a SHA-256 or HMAC-SHA256 value,
//! without a heap allocation, usable wherever a `&str` is.

use std::fmt;
use std::ops::Deref;

/// A 32-byte digest written as 64 lower-case hex digits (or `[redacted]` in a redacted trace),
/// stored inline. Derefs to `str`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct HexDigest {
    text: [u8; 64],
    len: u8,
}

impl HexDigest {
    /// The lower-case hex of `bytes`.
    pub fn from_bytes(bytes: &[u8; 32]) -> HexDigest {
        let mut text = [0_u8; 64];
        for (chunk, out) in bytes.chunks_exact(4).zip(text.chunks_exact_mut(8)) {
            let word = u64::from(u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]));
            out.copy_from_slice(&hex_word(word).to_be_bytes());
        }
        HexDigest { text, len: 64 }
    }

    /// The text `[redacted]`, for reports.
    pub(crate) fn redacted() -> HexDigest {
        let marker = crate::wire::REDACTED.as_bytes();
        let mut text = [0_u8; 64];
        text[..marker.len()].copy_from_slice(marker);
        HexDigest {
            text,
            len: marker.len() as u8,
        }
    }

    /// The digits, as bytes (no UTF-8 check, unlike [`HexDigest::as_str`]).
    pub fn as_bytes(&self) -> &[u8] {
        &self.text[..usize::from(self.len)]
    }

    /// The digits.
    pub fn as_str(&self) -> &str {
        // Only ASCII was ever written.
        std::str::from_utf8(&self.text[..usize::from(self.len)]).unwrap_or_default()
    }
}

/// The eight lower-case hex digits of a 32-bit `word`, most significant first, as the bytes of
/// a `u64` (big-endian).
fn hex_word(word: u64) -> u64 {
    // Spread the eight nibbles into the low halves of eight bytes: 0xAABBCCDD becomes
    // 0x0A0A0B0B0C0C0D0D.
    let mut nibbles = ((word & 0xffff_0000) << 16) | (word & 0x0000_ffff);
    nibbles = ((nibbles & 0x0000_ff00_0000_ff00) << 8) | (nibbles & 0x0000_00ff_0000_00ff);
    nibbles = ((nibbles & 0x00f0_00f0_00f0_00f0) << 4) | (nibbles & 0x000f_000f_000f_000f);
    // '0' + n, plus 39 more ('a' - '0' - 10) where n >= 10. No byte carries into the next.
    let letters = ((nibbles + 0x0606_0606_0606_0606) >> 4) & 0x0101_0101_0101_0101;
    nibbles + 0x3030_3030_3030_3030 + letters * 39
}

impl Default for HexDigest {
    /// The empty text.
    fn default() -> HexDigest {
        HexDigest {
            text: [0; 64],
            len: 0,
        }
    }
}

impl Deref for HexDigest {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for HexDigest {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for HexDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for HexDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq<str> for HexDigest {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for HexDigest {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for HexDigest {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<HexDigest> for &str {
    fn eq(&self, other: &HexDigest) -> bool {
        *self == other.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_lower_case_hex_and_compares_as_text() {
        let mut bytes = [0_u8; 32];
        bytes[0] = 0xab;
        bytes[31] = 0x0f;
        let digest = HexDigest::from_bytes(&bytes);
        let expected = format!("ab{}0f", "0".repeat(60));
        assert_eq!(digest, expected.as_str());
        assert_eq!(digest.to_string(), expected);
        assert_eq!(format!("{digest:?}"), format!("{expected:?}"));
        assert_eq!(digest.len(), 64);
        assert_eq!(HexDigest::redacted(), "[redacted]");
    }

    #[test]
    fn agrees_with_formatting_for_every_byte_value() {
        for start in (0..=255_u8).step_by(32) {
            let mut bytes = [0_u8; 32];
            for (offset, byte) in bytes.iter_mut().enumerate() {
                *byte = start.wrapping_add(offset as u8);
            }
            let expected: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
            assert_eq!(HexDigest::from_bytes(&bytes), expected);
        }
    }
}
