//! The UTC calendar date of a Unix timestamp, by a pure civil-date computation (no clock, no
//! time-zone database). TC3 credential scopes use it; a UTC+8 date would fail around midnight.

use std::fmt;

/// A proleptic-Gregorian UTC date. `Display` gives `YYYY-MM-DD` (at least four year digits, a
/// leading `-` for years before 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UtcDate {
    /// The year (astronomical numbering: 0 is 1 BC).
    pub year: i64,
    /// The month, 1 to 12.
    pub month: u8,
    /// The day of the month, 1 to 31.
    pub day: u8,
}

const SECONDS_PER_DAY: i64 = 86_400;

/// The UTC date of Unix time `timestamp` (seconds). Total: defined for every `i64`.
pub fn utc_date(timestamp: i64) -> UtcDate {
    civil_from_days(timestamp.div_euclid(SECONDS_PER_DAY))
}

/// The date `days` days after 1970-01-01 (negative: before). After Howard Hinnant's
/// `civil_from_days`. Every intermediate fits an `i64` for any `i64` timestamp divided by 86 400
/// (at most about 1.1e14 days).
fn civil_from_days(days: i64) -> UtcDate {
    // Shift the epoch to 0000-03-01 so that leap days fall at the end of a 400-year era.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153; // 0 = March.
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    UtcDate {
        year,
        month: month as u8,
        day: day as u8,
    }
}

impl UtcDate {
    /// Writes `YYYY-MM-DD` into `buffer` without allocating, for years 0 to 9999; `None` for
    /// other years (use `Display`).
    pub fn format_into<'b>(&self, buffer: &'b mut [u8; 10]) -> Option<&'b str> {
        if !(0..=9999).contains(&self.year) {
            return None;
        }
        let year = self.year as u32;
        *buffer = [
            b'0' + (year / 1000) as u8,
            b'0' + (year / 100 % 10) as u8,
            b'0' + (year / 10 % 10) as u8,
            b'0' + (year % 10) as u8,
            b'-',
            b'0' + self.month / 10,
            b'0' + self.month % 10,
            b'-',
            b'0' + self.day / 10,
            b'0' + self.day % 10,
        ];
        std::str::from_utf8(buffer).ok()
    }
}

impl fmt::Display for UtcDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.year < 0 {
            write!(
                f,
                "-{:04}-{:02}-{:02}",
                -(self.year as i128),
                self.month,
                self.day
            )
        } else {
            write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(timestamp: i64, expected: &str) {
        let date = utc_date(timestamp);
        assert_eq!(date.to_string(), expected, "timestamp {timestamp}");
        let mut buffer = [0_u8; 10];
        if let Some(written) = date.format_into(&mut buffer) {
            assert_eq!(written, expected, "format_into of {timestamp}");
        } else {
            assert!(!(0..=9999).contains(&date.year), "{timestamp}");
        }
    }

    #[test]
    fn known_dates() {
        check(0, "1970-01-01");
        check(-1, "1969-12-31");
        check(86_399, "1970-01-01");
        check(86_400, "1970-01-02");
        check(1_551_113_065, "2019-02-25"); // Example A (UTC+8 would be the 26th).
        check(1_700_000_000, "2023-11-14");
        check(951_782_400, "2000-02-29");
        check(4_107_542_400, "2100-03-01"); // 2100 is not a leap year.
        check(253_402_300_799, "9999-12-31");
        check(253_402_300_800, "10000-01-01");
        check(-62_167_219_200, "0000-01-01");
        check(-62_167_219_201, "-0001-12-31");
    }

    #[test]
    fn midnight_boundary_of_vectors_v3_and_v4() {
        check(1_704_067_199, "2023-12-31");
        check(1_704_067_200, "2024-01-01");
    }

    #[test]
    fn extremes_do_not_panic() {
        for timestamp in [i64::MIN, i64::MIN + 1, i64::MAX, i64::MAX - 1] {
            let date = utc_date(timestamp);
            assert!((1..=12).contains(&date.month));
            assert!((1..=31).contains(&date.day));
            let _ = date.to_string();
        }
        assert_eq!(utc_date(i64::MAX).to_string(), "292277026596-12-04");
    }

    #[test]
    fn agrees_with_day_by_day_counting_over_a_few_centuries() {
        let month_lengths = |year: i64| {
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
            [
                31,
                if leap { 29 } else { 28 },
                31,
                30,
                31,
                30,
                31,
                31,
                30,
                31,
                30,
                31,
            ]
        };
        let (mut year, mut month, mut day) = (1900_i64, 1_u8, 1_u8);
        let start = -2_208_988_800_i64; // 1900-01-01T00:00:00Z.
        for day_index in 0..(250 * 366) {
            let timestamp = start + day_index * SECONDS_PER_DAY + 43_200;
            assert_eq!(utc_date(timestamp), UtcDate { year, month, day });
            day += 1;
            if day > month_lengths(year)[usize::from(month - 1)] {
                day = 1;
                month += 1;
                if month > 12 {
                    month = 1;
                    year += 1;
                }
            }
        }
    }
}
