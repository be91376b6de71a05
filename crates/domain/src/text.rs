//! Validated text input, used by every form in the app.
//!
//! * [`clean_text`] / [`clean_optional`]: free text with length limits
//!   ([`FieldLimits`], with presets [`NAME`], [`SHORT_TEXT`], [`LONG_TEXT`],
//!   [`SEARCH`]).
//! * [`Email`]: a pragmatic e-mail address check.
//! * [`parse_dutch_date`]: dates as Dutch users type them, and as
//!   `<input type=date>` sends them.
//!
//! **HTML is not stripped.** Text is stored exactly as typed (apart from the
//! normalisation described at [`clean_text`]); the templates escape on
//! output. Stripping here would mangle legitimate text such as
//! `"a < b & c"` and would give a false sense of safety.
//!
//! All errors are a [`TextError`], which knows its Fluent message id
//! ([`TextError::message_id`]) and arguments ([`TextError::message_args`]).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Every Fluent message id that [`TextError::message_id`] can return.
///
/// Used by a test in the web crate to check that every id is translated in
/// every locale.
pub const MESSAGE_IDS: &[&str] = &[
    "error-text-empty",
    "error-text-too-short",
    "error-text-too-long",
    "error-email-format",
    "error-date-format",
    "error-date-invalid",
];

/// Why a piece of form input was rejected.
///
/// The `Display` text (English) is meant for logs and developers; users see
/// the translated Fluent message named by [`TextError::message_id`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    /// Nothing (or only whitespace/control characters) was entered where
    /// something is required.
    #[error("this field is required")]
    Empty,
    /// Fewer characters than the field's minimum (but not empty).
    #[error("text is too short: at least {min} characters, found {found}")]
    TooShort {
        /// The minimum number of characters.
        min: usize,
        /// The number of characters after cleaning.
        found: usize,
    },
    /// More characters than the field's maximum.
    #[error("text is too long: at most {max} characters, found {found}")]
    TooLong {
        /// The maximum number of characters.
        max: usize,
        /// The number of characters after cleaning.
        found: usize,
    },
    /// Not an e-mail address of the form `name@example.nl`.
    #[error("not a valid e-mail address")]
    EmailFormat,
    /// Not a date in one of the accepted formats.
    #[error("not a date in an accepted format (dd-mm-yyyy or yyyy-mm-dd)")]
    DateFormat,
    /// Well-formed but not a calendar date (e.g. 31-02-2026 or 01-13-2026).
    #[error("this date does not exist")]
    DateInvalid,
}

impl TextError {
    /// The Fluent message id for this error, e.g. `error-text-too-long`.
    ///
    /// Always one of [`MESSAGE_IDS`].
    #[must_use]
    pub fn message_id(&self) -> &'static str {
        match self {
            Self::Empty => "error-text-empty",
            Self::TooShort { .. } => "error-text-too-short",
            Self::TooLong { .. } => "error-text-too-long",
            Self::EmailFormat => "error-email-format",
            Self::DateFormat => "error-date-format",
            Self::DateInvalid => "error-date-invalid",
        }
    }

    /// The Fluent variables for this error's message, e.g.
    /// `[("max", "100"), ("found", "120")]` for [`TextError::TooLong`].
    /// Empty for variants without variables.
    #[must_use]
    pub fn message_args(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::TooShort { min, found } => {
                vec![("min", min.to_string()), ("found", found.to_string())]
            }
            Self::TooLong { max, found } => {
                vec![("max", max.to_string()), ("found", found.to_string())]
            }
            Self::Empty | Self::EmailFormat | Self::DateFormat | Self::DateInvalid => Vec::new(),
        }
    }
}

// ---------------------------------------------------------------------------
// Free text
// ---------------------------------------------------------------------------

/// Length limits of a text field, in characters (Unicode scalar values),
/// both inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FieldLimits {
    /// Minimum number of characters; `0` makes the field optional.
    pub min_chars: usize,
    /// Maximum number of characters.
    pub max_chars: usize,
}

/// A person's or organisation's name: 1 to 100 characters.
pub const NAME: FieldLimits = FieldLimits {
    min_chars: 1,
    max_chars: 100,
};

/// A short required text such as a title or subject: 1 to 200 characters.
pub const SHORT_TEXT: FieldLimits = FieldLimits {
    min_chars: 1,
    max_chars: 200,
};

/// A long, optional text such as notes or a message: 0 to 10 000 characters.
pub const LONG_TEXT: FieldLimits = FieldLimits {
    min_chars: 0,
    max_chars: 10_000,
};

/// A search query: 0 to 100 characters.
pub const SEARCH: FieldLimits = FieldLimits {
    min_chars: 0,
    max_chars: 100,
};

/// Normalises text without checking limits.
///
/// 1. Line endings `\r\n`, `\r`, NEL (U+0085), LINE SEPARATOR (U+2028) and
///    PARAGRAPH SEPARATOR (U+2029) become `\n`.
/// 2. Control characters (Unicode category Cc) other than `\n` and `\t`
///    are removed.
/// 3. Surrounding whitespace (Unicode `White_Space`) is trimmed.
///
/// The result contains no `\r` and no other Cc characters and has no
/// surrounding whitespace, so normalising it again changes nothing.
fn normalise(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\u{85}' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    let trimmed = out.trim();
    if trimmed.len() == out.len() {
        out
    } else {
        trimmed.to_owned()
    }
}

fn check_limits(cleaned: String, limits: FieldLimits) -> Result<String, TextError> {
    let found = cleaned.chars().count();
    if found == 0 && limits.min_chars >= 1 {
        return Err(TextError::Empty);
    }
    if found < limits.min_chars {
        return Err(TextError::TooShort {
            min: limits.min_chars,
            found,
        });
    }
    if found > limits.max_chars {
        return Err(TextError::TooLong {
            max: limits.max_chars,
            found,
        });
    }
    Ok(cleaned)
}

/// Cleans free text from a form field and checks its length.
///
/// Normalisation, in this order:
///
/// 1. line endings (`\r\n`, `\r`, U+0085, U+2028, U+2029) become `\n`;
/// 2. control characters (Unicode Cc) other than `\n` and `\t` are removed;
/// 3. surrounding whitespace is trimmed.
///
/// Then the number of characters (Unicode scalar values, not bytes) is
/// checked against `limits`. The function is idempotent:
/// `clean_text(&clean_text(x)?, l) == clean_text(x, l)`.
///
/// HTML and script are **not** stripped: the text is stored as typed and
/// the templates escape it on output.
///
/// # Errors
///
/// [`TextError::Empty`] when the cleaned text is empty and
/// `limits.min_chars >= 1`; [`TextError::TooShort`] when it is non-empty but
/// shorter than `min_chars`; [`TextError::TooLong`] when it is longer than
/// `max_chars`.
pub fn clean_text(input: &str, limits: FieldLimits) -> Result<String, TextError> {
    check_limits(normalise(input), limits)
}

/// Like [`clean_text`], but for optional fields: input that is empty after
/// cleaning gives `Ok(None)` (whatever `limits.min_chars` is); anything else
/// must satisfy `limits` and gives `Ok(Some(cleaned))`.
///
/// # Errors
///
/// [`TextError::TooShort`] or [`TextError::TooLong`] for non-empty text
/// outside `limits`.
pub fn clean_optional(input: &str, limits: FieldLimits) -> Result<Option<String>, TextError> {
    let cleaned = normalise(input);
    if cleaned.is_empty() {
        return Ok(None);
    }
    check_limits(cleaned, limits).map(Some)
}

// ---------------------------------------------------------------------------
// E-mail
// ---------------------------------------------------------------------------

/// A syntactically plausible e-mail address, trimmed and lowercased.
///
/// Rules (pragmatic, no DNS lookup and no RFC 5322 quoting or comments):
///
/// * at most 254 characters, ASCII only, no whitespace;
/// * exactly one `@`;
/// * local part: 1 to 64 characters: letters `a-z`, digits, `.` and the
///   RFC 5322 "atext" symbols ``! # $ % & ' * + / = ? ^ _ ` { | } ~ -``; not
///   starting or ending with `.` and without `..`;
/// * domain: at least two labels separated by `.`; each label 1 to 63
///   characters of `a-z 0-9 -`, not starting or ending with `-`.
///
/// The whole address is lowercased. Strictly the local part is
/// case-sensitive, but no provider in practice treats it so, and lowercasing
/// makes addresses comparable (login, duplicate detection).
///
/// Serialises as the plain string; deserialising validates.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    /// Maximum length of an address, in characters.
    pub const MAX_CHARS: usize = 254;
    /// Maximum length of the local part (before the `@`).
    pub const MAX_LOCAL_CHARS: usize = 64;
    /// Maximum length of one domain label.
    pub const MAX_LABEL_CHARS: usize = 63;

    /// Parses an e-mail address; see [`Email`] for the rules.
    ///
    /// # Errors
    ///
    /// [`TextError::Empty`] for blank input, [`TextError::TooLong`] for more
    /// than 254 characters, [`TextError::EmailFormat`] for anything else that
    /// breaks the rules.
    pub fn parse(input: &str) -> Result<Self, TextError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(TextError::Empty);
        }
        let found = trimmed.chars().count();
        if found > Self::MAX_CHARS {
            return Err(TextError::TooLong {
                max: Self::MAX_CHARS,
                found,
            });
        }
        let address = trimmed.to_ascii_lowercase();
        let mut parts = address.split('@');
        let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(TextError::EmailFormat);
        };
        if valid_local_part(local) && valid_domain(domain) {
            Ok(Self(address))
        } else {
            Err(TextError::EmailFormat)
        }
    }

    /// The address, e.g. `jan@example.nl`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part after the `@`, e.g. `example.nl`.
    #[must_use]
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(_, d)| d)
    }
}

fn valid_local_part(local: &str) -> bool {
    let allowed = |b: u8| {
        b.is_ascii_lowercase() || b.is_ascii_digit() || b"!#$%&'*+/=?^_`{|}~-.".contains(&b)
    };
    !local.is_empty()
        && local.len() <= Email::MAX_LOCAL_CHARS
        && local.bytes().all(allowed)
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
}

fn valid_domain(domain: &str) -> bool {
    domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= Email::MAX_LABEL_CHARS
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Email {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl FromStr for Email {
    type Err = TextError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for Email {
    type Error = TextError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Email> for String {
    fn from(value: Email) -> Self {
        value.0
    }
}

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

/// Parses a date as typed by Dutch users or sent by `<input type=date>`.
///
/// Accepted (after trimming surrounding whitespace):
///
/// * ISO `yyyy-mm-dd`, e.g. `2026-11-25` (what `<input type=date>` sends);
/// * Dutch day-month-year with `-`, `/` or `.`: `25-11-2026`, `25/11/2026`,
///   `25.11.2026`; day and month may be unpadded (`5-1-2026`), the
///   separator must be the same twice.
///
/// The year must have exactly four digits; two-digit years (`25-11-26`) are
/// rejected rather than guessed. Only ASCII digits are accepted.
///
/// # Errors
///
/// [`TextError::Empty`] for blank input; [`TextError::DateInvalid`] when the
/// format is right but the date does not exist (`31-02-2026`, `01-13-2026`,
/// `00-01-2026`); [`TextError::DateFormat`] for anything else.
pub fn parse_dutch_date(input: &str) -> Result<time::Date, TextError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(TextError::Empty);
    }
    let sep = s
        .chars()
        .find(|c| matches!(c, '-' | '/' | '.'))
        .ok_or(TextError::DateFormat)?;
    let mut parts = s.split(sep);
    let (Some(first), Some(second), Some(third), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(TextError::DateFormat);
    };
    let short = |p: &str| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    let year = |p: &str| p.len() == 4 && p.bytes().all(|b| b.is_ascii_digit());
    let (y, m, d) = if sep == '-' && year(first) && short(second) && short(third) {
        (first, second, third)
    } else if short(first) && short(second) && year(third) {
        (third, second, first)
    } else {
        return Err(TextError::DateFormat);
    };
    let y: i32 = y.parse().map_err(|_| TextError::DateFormat)?;
    let m: u8 = m.parse().map_err(|_| TextError::DateFormat)?;
    let d: u8 = d.parse().map_err(|_| TextError::DateFormat)?;
    let month = time::Month::try_from(m).map_err(|_| TextError::DateInvalid)?;
    time::Date::from_calendar_date(y, month, d).map_err(|_| TextError::DateInvalid)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::de::IntoDeserializer;
    use serde::de::value::{Error as DeError, StringDeserializer};
    use time::Date;
    use time::macros::date;

    // --- TextError ---------------------------------------------------------

    fn all_errors() -> Vec<TextError> {
        // Adding a variant breaks this match, reminding you to list it.
        let exhaustive = |e: &TextError| match e {
            TextError::Empty
            | TextError::TooShort { .. }
            | TextError::TooLong { .. }
            | TextError::EmailFormat
            | TextError::DateFormat
            | TextError::DateInvalid => (),
        };
        let all = vec![
            TextError::Empty,
            TextError::TooShort { min: 2, found: 1 },
            TextError::TooLong { max: 5, found: 6 },
            TextError::EmailFormat,
            TextError::DateFormat,
            TextError::DateInvalid,
        ];
        all.iter().for_each(exhaustive);
        all
    }

    #[test]
    fn message_ids_match_variants_one_to_one() {
        let ids: Vec<&str> = all_errors().iter().map(TextError::message_id).collect();
        assert_eq!(ids, MESSAGE_IDS);
        let mut dedup = ids.clone();
        dedup.sort_unstable();
        dedup.dedup();
        assert_eq!(dedup.len(), MESSAGE_IDS.len(), "duplicate message id");
    }

    #[test]
    fn message_ids_are_kebab_case_and_distinct_from_code_ids() {
        for id in MESSAGE_IDS {
            assert!(id.starts_with("error-"), "{id}");
            assert!(
                id.split('-').all(|part| !part.is_empty()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
                "{id} is not kebab-case"
            );
            assert!(!crate::codes::MESSAGE_IDS.contains(id), "{id} clashes");
        }
    }

    #[test]
    fn message_args_carry_variables() {
        assert_eq!(
            TextError::TooLong {
                max: 100,
                found: 120
            }
            .message_args(),
            vec![("max", "100".to_owned()), ("found", "120".to_owned())]
        );
        assert_eq!(
            TextError::TooShort { min: 2, found: 1 }.message_args(),
            vec![("min", "2".to_owned()), ("found", "1".to_owned())]
        );
        assert!(TextError::Empty.message_args().is_empty());
        assert!(TextError::DateInvalid.message_args().is_empty());
    }

    // --- clean_text ------------------------------------------------------------

    #[test]
    fn limits_constants() {
        assert_eq!((NAME.min_chars, NAME.max_chars), (1, 100));
        assert_eq!((SHORT_TEXT.min_chars, SHORT_TEXT.max_chars), (1, 200));
        assert_eq!((LONG_TEXT.min_chars, LONG_TEXT.max_chars), (0, 10_000));
        assert_eq!((SEARCH.min_chars, SEARCH.max_chars), (0, 100));
    }

    #[test]
    fn clean_text_normalises() {
        assert_eq!(clean_text("  Jan Jansen \n", NAME), Ok("Jan Jansen".into()));
        assert_eq!(
            clean_text("regel 1\r\nregel 2\rregel 3\nregel 4", LONG_TEXT),
            Ok("regel 1\nregel 2\nregel 3\nregel 4".into())
        );
        assert_eq!(
            clean_text("a\u{2028}b\u{2029}c\u{85}d", LONG_TEXT),
            Ok("a\nb\nc\nd".into())
        );
        assert_eq!(
            clean_text("kolom\tkolom\u{0}\u{7}\u{1b}[31m\u{7f}", LONG_TEXT),
            Ok("kolom\tkolom[31m".into())
        );
        // A control character before whitespace must not shield it from trim.
        assert_eq!(clean_text("\u{0} \u{1} x \u{0}", NAME), Ok("x".into()));
        // Non-breaking and other Unicode spaces are trimmed too.
        assert_eq!(
            clean_text("\u{a0}\u{2003}Zoë\u{a0}", NAME),
            Ok("Zoë".into())
        );
        // Inner whitespace is kept as typed.
        assert_eq!(clean_text("a  b", NAME), Ok("a  b".into()));
    }

    #[test]
    fn clean_text_keeps_html_as_typed() {
        let s = "<script>alert('x')</script> & <b>vet</b>";
        assert_eq!(clean_text(s, SHORT_TEXT), Ok(s.to_owned()));
    }

    #[test]
    fn clean_text_counts_chars_not_bytes() {
        let s = "é".repeat(100);
        assert_eq!(clean_text(&s, NAME), Ok(s.clone()));
        let s = "😀".repeat(101);
        assert_eq!(
            clean_text(&s, NAME),
            Err(TextError::TooLong {
                max: 100,
                found: 101
            })
        );
    }

    #[test]
    fn clean_text_limits() {
        assert_eq!(clean_text("", NAME), Err(TextError::Empty));
        assert_eq!(clean_text(" \r\n\t\u{0} ", NAME), Err(TextError::Empty));
        assert_eq!(clean_text("", LONG_TEXT), Ok(String::new()));
        assert_eq!(clean_text("   ", SEARCH), Ok(String::new()));
        assert_eq!(clean_text(&"x".repeat(100), NAME), Ok("x".repeat(100)));
        assert_eq!(
            clean_text(&"x".repeat(101), NAME),
            Err(TextError::TooLong {
                max: 100,
                found: 101
            })
        );
        // Trimmed before counting.
        assert_eq!(
            clean_text(&format!("  {}  ", "x".repeat(100)), NAME),
            Ok("x".repeat(100))
        );
        let three = FieldLimits {
            min_chars: 3,
            max_chars: 10,
        };
        assert_eq!(
            clean_text(" ab ", three),
            Err(TextError::TooShort { min: 3, found: 2 })
        );
        assert_eq!(clean_text("", three), Err(TextError::Empty));
        assert_eq!(clean_text("abc", three), Ok("abc".into()));
    }

    #[test]
    fn clean_optional_values() {
        assert_eq!(clean_optional("", NAME), Ok(None));
        assert_eq!(clean_optional(" \n\t ", NAME), Ok(None));
        assert_eq!(clean_optional(" Piet ", NAME), Ok(Some("Piet".into())));
        assert_eq!(
            clean_optional(&"x".repeat(101), NAME),
            Err(TextError::TooLong {
                max: 100,
                found: 101
            })
        );
        let three = FieldLimits {
            min_chars: 3,
            max_chars: 10,
        };
        assert_eq!(
            clean_optional("ab", three),
            Err(TextError::TooShort { min: 3, found: 2 })
        );
    }

    // --- Email ---------------------------------------------------------------

    #[test]
    fn email_valid() {
        for (input, expected) in [
            ("jan@example.nl", "jan@example.nl"),
            ("  Jan.Jansen@Example.NL \n", "jan.jansen@example.nl"),
            (
                "a+tag@sub.domain.example.org",
                "a+tag@sub.domain.example.org",
            ),
            ("o'brien@x-y.nl", "o'brien@x-y.nl"),
            ("1@2.3", "1@2.3"),
            ("under_score@a1.b2", "under_score@a1.b2"),
        ] {
            let e = Email::parse(input).expect(input);
            assert_eq!(e.as_str(), expected);
        }
        assert_eq!(
            Email::parse("jan@example.nl").map(|e| e.domain().to_owned()),
            Ok("example.nl".into())
        );
    }

    #[test]
    fn email_invalid() {
        for bad in [
            "jan",
            "jan@",
            "@example.nl",
            "jan@example",
            "jan@@example.nl",
            "jan@ex@ample.nl",
            "jan jansen@example.nl",
            "jan@exa mple.nl",
            "jan@-example.nl",
            "jan@example-.nl",
            "jan@example..nl",
            "jan@.example.nl",
            "jan@example.nl.",
            "jan@exam_ple.nl",
            ".jan@example.nl",
            "jan.@example.nl",
            "ja..n@example.nl",
            "\"jan\"@example.nl",
            "jan(comment)@example.nl",
            "jöran@example.nl",
            "jan@exämple.nl",
            "jan@example.nl\u{0}",
            "jan\t@example.nl",
        ] {
            assert_eq!(Email::parse(bad), Err(TextError::EmailFormat), "{bad:?}");
        }
        assert_eq!(Email::parse("  "), Err(TextError::Empty));
    }

    #[test]
    fn email_length_limits() {
        let local64 = "a".repeat(64);
        assert!(Email::parse(&format!("{local64}@example.nl")).is_ok());
        let local65 = "a".repeat(65);
        assert_eq!(
            Email::parse(&format!("{local65}@example.nl")),
            Err(TextError::EmailFormat)
        );
        let label63 = "b".repeat(63);
        assert!(Email::parse(&format!("a@{label63}.nl")).is_ok());
        let label64 = "b".repeat(64);
        assert_eq!(
            Email::parse(&format!("a@{label64}.nl")),
            Err(TextError::EmailFormat)
        );
        // 254 exactly: "a@" + 63 + "." + 63 + "." + 63 + "." + 60 = 254.
        let domain = format!(
            "{}.{}.{}.{}",
            "c".repeat(63),
            "c".repeat(63),
            "c".repeat(63),
            "c".repeat(60)
        );
        let at_max = format!("a@{domain}");
        assert_eq!(at_max.len(), 254);
        assert!(Email::parse(&at_max).is_ok());
        let over = format!("aa@{domain}");
        assert_eq!(
            Email::parse(&over),
            Err(TextError::TooLong {
                max: 254,
                found: 255
            })
        );
    }

    #[test]
    fn email_serde_validates() {
        let d: StringDeserializer<DeError> = " Jan@Example.nl ".to_owned().into_deserializer();
        let e = Email::deserialize(d).expect("valid");
        assert_eq!(String::from(e), "jan@example.nl");
        let d: StringDeserializer<DeError> = "nope".to_owned().into_deserializer();
        assert!(Email::deserialize(d).is_err());
    }

    // --- parse_dutch_date --------------------------------------------------

    #[test]
    fn date_accepted_formats() {
        let expected = date!(2026 - 11 - 25);
        for s in [
            "2026-11-25",
            "25-11-2026",
            "25/11/2026",
            "25.11.2026",
            " 25-11-2026\n",
        ] {
            assert_eq!(parse_dutch_date(s), Ok(expected), "{s:?}");
        }
        let jan5 = date!(2026 - 01 - 05);
        for s in ["5-1-2026", "5/1/2026", "5.1.2026", "05-1-2026", "5-01-2026"] {
            assert_eq!(parse_dutch_date(s), Ok(jan5), "{s:?}");
        }
        assert_eq!(parse_dutch_date("29-02-2024"), Ok(date!(2024 - 02 - 29)));
    }

    #[test]
    fn date_invalid_calendar_dates() {
        for s in [
            "31-02-2026",
            "29-02-2026",
            "29-02-1900",
            "31-04-2026",
            "00-01-2026",
            "01-00-2026",
            "01-13-2026",
            "32-01-2026",
            "2026-02-30",
            "2026-13-01",
            "99-99-2026",
        ] {
            assert_eq!(parse_dutch_date(s), Err(TextError::DateInvalid), "{s:?}");
        }
    }

    #[test]
    fn date_bad_formats() {
        for s in [
            "25-11-26",
            "25/11/26",
            "26-11-25",
            "2026/11/25",
            "2026.11.25",
            "25-11/2026",
            "25/11-2026",
            "25112026",
            "20261125",
            "25-11-2026-01",
            "25--2026",
            "-11-2026",
            "125-11-2026",
            "25-111-2026",
            "25-11-02026",
            "+25-11-2026",
            "25 - 11 - 2026",
            "25 11 2026",
            "25 november 2026",
            "vandaag",
            "٢٥-١١-٢٠٢٦",
            "2026-11-25T10:00",
        ] {
            assert_eq!(parse_dutch_date(s), Err(TextError::DateFormat), "{s:?}");
        }
        assert_eq!(parse_dutch_date("   "), Err(TextError::Empty));
    }

    /// Every accepted spelling of `d`.
    fn spellings(d: Date) -> Vec<String> {
        let (y, m, day) = (d.year(), u8::from(d.month()), d.day());
        vec![
            format!("{y:04}-{m:02}-{day:02}"),
            format!("{day:02}-{m:02}-{y:04}"),
            format!("{day:02}/{m:02}/{y:04}"),
            format!("{day:02}.{m:02}.{y:04}"),
            format!("{day}-{m}-{y:04}"),
            format!("{day}/{m}/{y:04}"),
            format!("{day}.{m}.{y:04}"),
        ]
    }

    #[test]
    fn date_round_trips_exhaustively_1900_to_2100() {
        let mut d = date!(1900 - 01 - 01);
        let mut count = 0;
        while d <= date!(2100 - 12 - 31) {
            for s in spellings(d) {
                assert_eq!(parse_dutch_date(&s), Ok(d), "{s}");
            }
            count += 1;
            d = d.next_day().expect("in range");
        }
        assert_eq!(count, 73_414); // 201 years, 49 of them leap years.
    }

    // --- property tests ------------------------------------------------------

    /// Strings rich in the characters `clean_text` cares about.
    fn messy_text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                any::<char>(),
                Just('\r'),
                Just('\n'),
                Just('\t'),
                Just(' '),
                Just('\u{0}'),
                Just('\u{85}'),
                Just('\u{a0}'),
                Just('\u{2028}'),
                Just('\u{200b}'),
                Just('é'),
                Just('😀'),
                Just('a'),
            ],
            0..60,
        )
        .prop_map(|cs| cs.into_iter().collect())
    }

    fn limits() -> impl Strategy<Value = FieldLimits> {
        (0usize..5, 0usize..50).prop_map(|(min_chars, max_chars)| FieldLimits {
            min_chars,
            max_chars,
        })
    }

    fn date_in_range() -> impl Strategy<Value = Date> {
        let lo = date!(1900 - 01 - 01).to_julian_day();
        let hi = date!(2100 - 12 - 31).to_julian_day();
        (lo..=hi).prop_map(|j| Date::from_julian_day(j).expect("in range"))
    }

    proptest! {
        #[test]
        fn prop_clean_text_respects_limits_and_is_idempotent(
            s in messy_text(),
            l in limits(),
        ) {
            match clean_text(&s, l) {
                Ok(out) => {
                    let n = out.chars().count();
                    prop_assert!(n <= l.max_chars);
                    prop_assert!(n >= l.min_chars);
                    prop_assert_eq!(out.trim(), out.as_str());
                    prop_assert!(out.chars().all(|c| !c.is_control() || c == '\n' || c == '\t'));
                    prop_assert_eq!(clean_text(&out, l), Ok(out.clone()));
                    prop_assert_eq!(clean_optional(&out, l), Ok((!out.is_empty()).then_some(out.clone())));
                }
                Err(e) => {
                    // The unlimited cleaning is idempotent too, and gives the same error.
                    let all = FieldLimits { min_chars: 0, max_chars: usize::MAX };
                    let cleaned = clean_text(&s, all).expect("no limits");
                    prop_assert_eq!(clean_text(&cleaned, all), Ok(cleaned.clone()));
                    prop_assert_eq!(clean_text(&cleaned, l), Err(e));
                }
            }
        }

        #[test]
        fn prop_clean_text_never_panics(s in any::<String>(), l in limits()) {
            let _ = clean_text(&s, l);
            let _ = clean_optional(&s, l);
        }

        #[test]
        fn prop_email_parse_is_idempotent(s in any::<String>()) {
            if let Ok(e) = Email::parse(&s) {
                prop_assert_eq!(Email::parse(e.as_str()), Ok(e.clone()));
            }
        }

        #[test]
        fn prop_email_plausible_inputs(
            local in "[A-Za-z0-9][A-Za-z0-9._+-]{0,10}",
            domain in "[A-Za-z0-9]{1,8}(\\.[A-Za-z0-9]{1,8}){1,3}",
            pre in "[ \t\n]{0,2}",
            post in "[ \t\n]{0,2}",
        ) {
            let input = format!("{pre}{local}@{domain}{post}");
            match Email::parse(&input) {
                Ok(e) => {
                    prop_assert_eq!(e.as_str(), format!("{local}@{domain}").to_ascii_lowercase());
                    prop_assert_eq!(Email::parse(e.as_str()), Ok(e.clone()));
                    prop_assert_eq!(Email::parse(&e.as_str().to_uppercase()), Ok(e.clone()));
                }
                Err(err) => {
                    // Only the dot rules of the local part can fail here.
                    prop_assert_eq!(err, TextError::EmailFormat);
                    prop_assert!(local.ends_with('.') || local.contains(".."), "{}", local);
                }
            }
        }

        #[test]
        fn prop_date_parser_never_panics(s in any::<String>()) {
            let _ = parse_dutch_date(&s);
        }

        #[test]
        fn prop_date_parser_never_panics_on_date_like_input(s in "[0-9./ -]{0,14}") {
            if let Ok(d) = parse_dutch_date(&s) {
                for spelling in spellings(d) {
                    prop_assert_eq!(parse_dutch_date(&spelling), Ok(d));
                }
            }
        }

        #[test]
        fn prop_date_round_trips_every_format(d in date_in_range()) {
            for s in spellings(d) {
                prop_assert_eq!(parse_dutch_date(&s), Ok(d), "{}", s);
            }
        }
    }
}
