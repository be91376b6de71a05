//! Dutch identification codes as validated newtypes.
//!
//! Every type in this module can only be built through a validating
//! constructor (`parse`, [`Bsn::from_first_eight`], [`Brin::with_vestiging`],
//! [`GemeenteCode::from_number`]), so holding a value is proof that it is
//! well-formed ("parse, don't validate"). Deserialising goes through the same
//! `parse` functions, so invalid data cannot sneak in through JSON or a form
//! either.
//!
//! | type             | what it is                                          | canonical form |
//! |------------------|-----------------------------------------------------|----------------|
//! | [`Bsn`]          | burgerservicenummer (citizen service number)        | `123456782`    |
//! | [`Brin`]         | school/institution code, optional vestiging number  | `00AA`, `00AA01` |
//! | [`AgbCode`]      | AGB code of a healthcare/youth-care provider        | `12345678`     |
//! | [`GemeenteCode`] | CBS municipality code                               | `GM0080`       |
//!
//! All errors are a [`CodeError`], which knows its Fluent message id
//! ([`CodeError::message_id`]) and arguments ([`CodeError::message_args`]) so
//! the web layer can show a translated, friendly message.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Every Fluent message id that [`CodeError::message_id`] can return.
///
/// Used by a test in the web crate to check that every id is translated in
/// every locale.
pub const MESSAGE_IDS: &[&str] = &[
    "error-code-empty",
    "error-bsn-length",
    "error-bsn-not-digits",
    "error-bsn-checksum",
    "error-bsn-all-zeros",
    "error-brin-format",
    "error-brin-vestiging",
    "error-agb-format",
    "error-gemeente-format",
];

/// Why a piece of text is not a valid identification code.
///
/// The `Display` text (English) is meant for logs and developers; users see
/// the translated Fluent message named by [`CodeError::message_id`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// The input was empty or only whitespace.
    #[error("no code was entered")]
    Empty,
    /// A BSN must have 9 digits (8 are accepted and left-padded with a 0).
    /// `found` is the number of digits after removing separators.
    #[error("a BSN has 9 digits, found {found}")]
    BsnLength {
        /// Number of digits found (separators not counted).
        found: usize,
    },
    /// The BSN contains something other than digits and the separators
    /// `.`, `-` and space.
    #[error("a BSN may only contain digits")]
    BsnNotDigits,
    /// The BSN fails the 11-proef (elfproef).
    #[error("the BSN fails the 11-proef checksum")]
    BsnChecksum,
    /// `000000000` passes the 11-proef but is not a BSN.
    #[error("000000000 is not a valid BSN")]
    BsnAllZeros,
    /// A BRIN is two digits, two letters and an optional two-digit
    /// vestiging number (`00AA` or `00AA01`).
    #[error("a BRIN code is 2 digits and 2 letters, optionally followed by 2 digits")]
    BrinFormat,
    /// A vestiging number must be in `0..=99`.
    #[error("a BRIN vestiging number is 0 to 99, found {found}")]
    BrinVestiging {
        /// The rejected vestiging number.
        found: u8,
    },
    /// An AGB code is exactly 8 digits.
    #[error("an AGB code is exactly 8 digits")]
    AgbFormat,
    /// A municipality code is `GM` followed by 4 digits (or just 4 digits).
    #[error("a municipality code is GM followed by 4 digits")]
    GemeenteFormat,
}

impl CodeError {
    /// The Fluent message id for this error, e.g. `error-bsn-checksum`.
    ///
    /// Always one of [`MESSAGE_IDS`].
    #[must_use]
    pub fn message_id(&self) -> &'static str {
        match self {
            Self::Empty => "error-code-empty",
            Self::BsnLength { .. } => "error-bsn-length",
            Self::BsnNotDigits => "error-bsn-not-digits",
            Self::BsnChecksum => "error-bsn-checksum",
            Self::BsnAllZeros => "error-bsn-all-zeros",
            Self::BrinFormat => "error-brin-format",
            Self::BrinVestiging { .. } => "error-brin-vestiging",
            Self::AgbFormat => "error-agb-format",
            Self::GemeenteFormat => "error-gemeente-format",
        }
    }

    /// The Fluent variables for this error's message, e.g.
    /// `[("found", "7")]` for [`CodeError::BsnLength`]. Empty for variants
    /// without variables.
    #[must_use]
    pub fn message_args(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::BsnLength { found } => vec![("found", found.to_string())],
            Self::BrinVestiging { found } => vec![("found", found.to_string())],
            Self::Empty
            | Self::BsnNotDigits
            | Self::BsnChecksum
            | Self::BsnAllZeros
            | Self::BrinFormat
            | Self::AgbFormat
            | Self::GemeenteFormat => Vec::new(),
        }
    }
}

// ---------------------------------------------------------------------------
// BSN
// ---------------------------------------------------------------------------

/// Weights of the 11-proef for a BSN, first digit to last.
///
/// Note that the weights are pairwise different modulo 11 (9..=2 and
/// -1 ≡ 10), and 11 is prime, so the 11-proef detects *every* single-digit
/// error and *every* transposition of two different digits (adjacent or
/// not): swapping digits `a` and `b` at positions `i` and `j` changes the sum
/// by `(w_i - w_j) * (b - a)`, which is never a multiple of 11.
const BSN_WEIGHTS: [i32; 9] = [9, 8, 7, 6, 5, 4, 3, 2, -1];

/// The 11-proef weighted sum of (up to) nine ASCII digits.
fn bsn_weighted_sum(digits: &[u8]) -> i32 {
    digits
        .iter()
        .zip(BSN_WEIGHTS)
        .map(|(&d, w)| i32::from(d - b'0') * w)
        .sum()
}

/// A burgerservicenummer (Dutch citizen service number), guaranteed valid.
///
/// Validity: 9 digits (8 digits are accepted and left-padded with `0`, as
/// the government does for old numbers), passing the 11-proef
/// (`9·d1 + 8·d2 + … + 2·d8 − 1·d9 ≡ 0 (mod 11)`), and not `000000000`.
///
/// A BSN is sensitive personal data, so this type is careful not to leak it:
///
/// * `Debug` prints `Bsn(***)` and `Display` prints `***`; use
///   [`Bsn::as_str`] deliberately where the full number is needed (storage,
///   exchange with an authorised system) and [`Bsn::masked`] on detail pages.
/// * It implements `Deserialize` (validating) but deliberately **not**
///   `Serialize`, so it can never end up in JSON by accident.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
pub struct Bsn(String);

impl Bsn {
    /// Parses a BSN.
    ///
    /// Surrounding whitespace is trimmed; the separators `.`, `-` and space
    /// inside the number are ignored (`"1234.56.782"`, `"123 456 782"`).
    /// Eight digits are left-padded with a `0`.
    ///
    /// # Errors
    ///
    /// [`CodeError::Empty`] for blank input, [`CodeError::BsnNotDigits`] for
    /// any other character, [`CodeError::BsnLength`] for a digit count other
    /// than 8 or 9, [`CodeError::BsnAllZeros`] for `000000000` and
    /// [`CodeError::BsnChecksum`] when the 11-proef fails.
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(CodeError::Empty);
        }
        let mut digits = String::with_capacity(9);
        for c in trimmed.chars() {
            match c {
                '0'..='9' => digits.push(c),
                '.' | '-' | ' ' => {}
                _ => return Err(CodeError::BsnNotDigits),
            }
        }
        match digits.len() {
            9 => {}
            8 => digits.insert(0, '0'),
            found => return Err(CodeError::BsnLength { found }),
        }
        let bytes = digits.as_bytes();
        if bytes.iter().all(|&b| b == b'0') {
            return Err(CodeError::BsnAllZeros);
        }
        if bsn_weighted_sum(bytes).rem_euclid(11) != 0 {
            return Err(CodeError::BsnChecksum);
        }
        Ok(Self(digits))
    }

    /// Completes an 8-digit prefix (`0..=99_999_999`, read with leading
    /// zeros) with the check digit that makes it pass the 11-proef.
    ///
    /// Returns `None` when `n` has more than 8 digits, when no check digit
    /// 0–9 works (the required digit would be 10; this happens for about one
    /// prefix in eleven), or when the result would be `000000000`.
    ///
    /// Used by the demo data generator and by tests.
    #[must_use]
    pub fn from_first_eight(n: u32) -> Option<Self> {
        if n > 99_999_999 {
            return None;
        }
        let prefix = format!("{n:08}");
        // The full sum is prefix_sum - check; it must be ≡ 0 (mod 11).
        let check = bsn_weighted_sum(prefix.as_bytes()).rem_euclid(11);
        if check > 9 {
            return None;
        }
        Self::parse(&format!("{prefix}{check}")).ok()
    }

    /// The nine digits, e.g. `"123456782"`.
    ///
    /// This is the full number: only use it where showing or storing the
    /// BSN is intended.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The BSN with all but the last four digits hidden, e.g. `*****6782`,
    /// for detail pages.
    #[must_use]
    pub fn masked(&self) -> String {
        let tail = self.0.get(5..).unwrap_or_default();
        format!("*****{tail}")
    }
}

impl fmt::Debug for Bsn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Bsn(***)")
    }
}

/// Prints `***`, never the number. Use [`Bsn::masked`] or [`Bsn::as_str`].
impl fmt::Display for Bsn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl FromStr for Bsn {
    type Err = CodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for Bsn {
    type Error = CodeError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

// ---------------------------------------------------------------------------
// BRIN
// ---------------------------------------------------------------------------

/// A BRIN code (Basisregistratie Instellingen) of an educational institution,
/// optionally with a two-digit vestiging (location) number.
///
/// Canonical form: two digits, two uppercase letters, optionally two digits:
/// `00AA` (institution) or `00AA01` (vestiging 01 of institution `00AA`).
/// Serialises as that plain string.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Brin(String);

impl Brin {
    /// Parses a BRIN code. Input is trimmed and uppercased (ASCII) first, so
    /// `" 00aa01 "` becomes `00AA01`.
    ///
    /// # Errors
    ///
    /// [`CodeError::Empty`] for blank input, [`CodeError::BrinFormat`] when
    /// it does not match `^[0-9]{2}[A-Z]{2}([0-9]{2})?$`.
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(CodeError::Empty);
        }
        let upper = trimmed.to_ascii_uppercase();
        let valid = match upper.as_bytes() {
            [a, b, c, d] => is_digits(&[*a, *b]) && is_upper(&[*c, *d]),
            [a, b, c, d, e, f] => {
                is_digits(&[*a, *b]) && is_upper(&[*c, *d]) && is_digits(&[*e, *f])
            }
            _ => false,
        };
        if valid {
            Ok(Self(upper))
        } else {
            Err(CodeError::BrinFormat)
        }
    }

    /// The full code, e.g. `00AA` or `00AA01`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The four-character institution part, e.g. `00AA`.
    #[must_use]
    pub fn institution(&self) -> &str {
        self.0.get(..4).unwrap_or_default()
    }

    /// The two-digit vestiging number, e.g. `Some("01")`, or `None` for a
    /// bare institution code.
    #[must_use]
    pub fn vestiging(&self) -> Option<&str> {
        self.0.get(4..).filter(|v| !v.is_empty())
    }

    /// The code of vestiging `nr` of this institution (replacing any
    /// vestiging this code already has), formatted with two digits:
    /// `00AA` + 1 → `00AA01`.
    ///
    /// # Errors
    ///
    /// [`CodeError::BrinVestiging`] when `nr > 99`.
    pub fn with_vestiging(&self, nr: u8) -> Result<Self, CodeError> {
        if nr > 99 {
            return Err(CodeError::BrinVestiging { found: nr });
        }
        Ok(Self(format!("{}{nr:02}", self.institution())))
    }
}

impl fmt::Display for Brin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Brin {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl FromStr for Brin {
    type Err = CodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for Brin {
    type Error = CodeError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Brin> for String {
    fn from(value: Brin) -> Self {
        value.0
    }
}

// ---------------------------------------------------------------------------
// AGB
// ---------------------------------------------------------------------------

/// An AGB code (Algemeen GegevensBeheer zorgverleners) identifying a
/// healthcare or youth-care provider: exactly 8 digits.
///
/// The leading digits encode the kind of provider, but that is deliberately
/// **not** validated: the list of prefixes changes and a wrong guess would
/// block real providers. Serialises as the plain string.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AgbCode(String);

impl AgbCode {
    /// Parses an AGB code: exactly 8 ASCII digits after trimming.
    ///
    /// # Errors
    ///
    /// [`CodeError::Empty`] for blank input, [`CodeError::AgbFormat`]
    /// otherwise.
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(CodeError::Empty);
        }
        if trimmed.len() == 8 && is_digits(trimmed.as_bytes()) {
            Ok(Self(trimmed.to_owned()))
        } else {
            Err(CodeError::AgbFormat)
        }
    }

    /// The eight digits.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AgbCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for AgbCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl FromStr for AgbCode {
    type Err = CodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for AgbCode {
    type Error = CodeError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<AgbCode> for String {
    fn from(value: AgbCode) -> Self {
        value.0
    }
}

// ---------------------------------------------------------------------------
// Gemeentecode
// ---------------------------------------------------------------------------

/// A CBS municipality code, canonical form `GM` + 4 digits (`GM0080`).
///
/// Only the format is checked, not whether the municipality exists (the list
/// changes with every municipal merger). Serialises as the plain string.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct GemeenteCode(String);

impl GemeenteCode {
    /// Parses a municipality code. Input is trimmed and uppercased (ASCII);
    /// both `GM0080` and the bare number `0080` give `GM0080`.
    ///
    /// # Errors
    ///
    /// [`CodeError::Empty`] for blank input, [`CodeError::GemeenteFormat`]
    /// when it is not (`GM`) followed by exactly 4 digits (so `GM80` is
    /// rejected).
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(CodeError::Empty);
        }
        let upper = trimmed.to_ascii_uppercase();
        let digits = upper.strip_prefix("GM").unwrap_or(&upper);
        if digits.len() == 4 && is_digits(digits.as_bytes()) {
            Ok(Self(format!("GM{digits}")))
        } else {
            Err(CodeError::GemeenteFormat)
        }
    }

    /// The code for municipality number `n`, e.g. `80` → `GM0080`.
    ///
    /// # Errors
    ///
    /// [`CodeError::GemeenteFormat`] when `n > 9999`.
    pub fn from_number(n: u16) -> Result<Self, CodeError> {
        if n > 9999 {
            return Err(CodeError::GemeenteFormat);
        }
        Ok(Self(format!("GM{n:04}")))
    }

    /// The full code, e.g. `GM0080`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The municipality number, e.g. `80` for `GM0080`.
    #[must_use]
    pub fn number(&self) -> u16 {
        self.0
            .bytes()
            .skip(2)
            .fold(0u16, |acc, b| acc * 10 + u16::from(b - b'0'))
    }
}

impl fmt::Display for GemeenteCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for GemeenteCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl FromStr for GemeenteCode {
    type Err = CodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for GemeenteCode {
    type Error = CodeError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<GemeenteCode> for String {
    fn from(value: GemeenteCode) -> Self {
        value.0
    }
}

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

fn is_digits(bytes: &[u8]) -> bool {
    bytes.iter().all(u8::is_ascii_digit)
}

fn is_upper(bytes: &[u8]) -> bool {
    bytes.iter().all(u8::is_ascii_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::de::IntoDeserializer;
    use serde::de::value::{Error as DeError, StringDeserializer};

    fn de<T: for<'de> Deserialize<'de>>(s: &str) -> Result<T, DeError> {
        let d: StringDeserializer<DeError> = s.to_owned().into_deserializer();
        T::deserialize(d)
    }

    // Compile-time proof that `Bsn` does NOT implement `Serialize` (the
    // static_assertions `assert_not_impl_any!` trick): if it did, the call
    // below would be ambiguous and the test build would fail.
    trait AmbiguousIfSerialize<A> {
        fn some_item() {}
    }
    impl<T: ?Sized> AmbiguousIfSerialize<()> for T {}
    #[allow(dead_code)]
    struct Invalid;
    impl<T: ?Sized + Serialize> AmbiguousIfSerialize<Invalid> for T {}
    const _: fn() = || {
        let _ = <Bsn as AmbiguousIfSerialize<_>>::some_item;
    };

    // --- CodeError ----------------------------------------------------------

    fn all_errors() -> Vec<CodeError> {
        // Adding a variant breaks this match, reminding you to list it.
        let exhaustive = |e: &CodeError| match e {
            CodeError::Empty
            | CodeError::BsnLength { .. }
            | CodeError::BsnNotDigits
            | CodeError::BsnChecksum
            | CodeError::BsnAllZeros
            | CodeError::BrinFormat
            | CodeError::BrinVestiging { .. }
            | CodeError::AgbFormat
            | CodeError::GemeenteFormat => (),
        };
        let all = vec![
            CodeError::Empty,
            CodeError::BsnLength { found: 7 },
            CodeError::BsnNotDigits,
            CodeError::BsnChecksum,
            CodeError::BsnAllZeros,
            CodeError::BrinFormat,
            CodeError::BrinVestiging { found: 100 },
            CodeError::AgbFormat,
            CodeError::GemeenteFormat,
        ];
        all.iter().for_each(exhaustive);
        all
    }

    #[test]
    fn message_ids_match_variants_one_to_one() {
        let errors = all_errors();
        let ids: Vec<&str> = errors.iter().map(CodeError::message_id).collect();
        assert_eq!(ids, MESSAGE_IDS);
        let mut dedup = ids.clone();
        dedup.sort_unstable();
        dedup.dedup();
        assert_eq!(dedup.len(), MESSAGE_IDS.len(), "duplicate message id");
    }

    #[test]
    fn message_ids_are_kebab_case_and_prefixed() {
        for id in MESSAGE_IDS {
            assert!(id.starts_with("error-"), "{id}");
            assert!(
                id.split('-').all(|part| !part.is_empty()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
                "{id} is not kebab-case"
            );
        }
    }

    #[test]
    fn message_args_carry_variables() {
        assert_eq!(
            CodeError::BsnLength { found: 7 }.message_args(),
            vec![("found", "7".to_owned())]
        );
        assert_eq!(
            CodeError::BrinVestiging { found: 120 }.message_args(),
            vec![("found", "120".to_owned())]
        );
        assert!(CodeError::BsnChecksum.message_args().is_empty());
        assert!(CodeError::Empty.message_args().is_empty());
    }

    #[test]
    fn error_display_is_english_for_logs() {
        assert_eq!(
            CodeError::BsnLength { found: 7 }.to_string(),
            "a BSN has 9 digits, found 7"
        );
    }

    // --- Bsn: known values ---------------------------------------------------

    #[test]
    fn bsn_known_valid() {
        for s in ["111222333", "123456782"] {
            let bsn = Bsn::parse(s).expect(s);
            assert_eq!(bsn.as_str(), s);
        }
    }

    #[test]
    fn bsn_known_invalid() {
        assert_eq!(Bsn::parse("123456789"), Err(CodeError::BsnChecksum));
        assert_eq!(Bsn::parse("000000000"), Err(CodeError::BsnAllZeros));
        assert_eq!(Bsn::parse("00000000"), Err(CodeError::BsnAllZeros));
        assert_eq!(Bsn::parse(""), Err(CodeError::Empty));
        assert_eq!(Bsn::parse(" \t\n"), Err(CodeError::Empty));
        assert_eq!(
            Bsn::parse("1234567"),
            Err(CodeError::BsnLength { found: 7 })
        );
        assert_eq!(
            Bsn::parse("1234567820"),
            Err(CodeError::BsnLength { found: 10 })
        );
        assert_eq!(Bsn::parse("..-"), Err(CodeError::BsnLength { found: 0 }));
        assert_eq!(Bsn::parse("12345678a"), Err(CodeError::BsnNotDigits));
        assert_eq!(Bsn::parse("123_456_782"), Err(CodeError::BsnNotDigits));
        assert_eq!(Bsn::parse("+123456782"), Err(CodeError::BsnNotDigits));
        // Non-ASCII digits (Arabic-Indic) are not digits here.
        assert_eq!(Bsn::parse("١٢٣٤٥٦٧٨٢"), Err(CodeError::BsnNotDigits));
        // A tab inside is not one of the allowed separators.
        assert_eq!(Bsn::parse("1234\t56782"), Err(CodeError::BsnNotDigits));
    }

    #[test]
    fn bsn_separators_and_whitespace_are_ignored() {
        for s in [
            "1234.56.782",
            "123 456 782",
            "123-456-782",
            "  123456782\n",
            "12.34-56 782",
        ] {
            assert_eq!(Bsn::parse(s).expect(s).as_str(), "123456782", "{s:?}");
        }
    }

    #[test]
    fn bsn_eight_digits_are_left_padded() {
        // 012345672: 0*9+1*8+2*7+3*6+4*5+5*4+6*3+7*2 = 112, 112 - 2 = 110 = 10*11.
        let bsn = Bsn::parse("12345672").expect("8-digit BSN");
        assert_eq!(bsn.as_str(), "012345672");
        assert_eq!(Bsn::parse("012345672"), Ok(bsn));
    }

    #[test]
    fn bsn_never_prints_the_number() {
        let bsn = Bsn::parse("123456782").expect("valid");
        assert_eq!(format!("{bsn:?}"), "Bsn(***)");
        assert_eq!(format!("{bsn}"), "***");
        assert_eq!(format!("{:?}", Some(&bsn)), "Some(Bsn(***))");
        assert_eq!(bsn.masked(), "*****6782");
    }

    #[test]
    fn bsn_from_first_eight_known() {
        assert_eq!(
            Bsn::from_first_eight(12_345_678).map(|b| b.as_str().to_owned()),
            Some("123456782".to_owned())
        );
        assert_eq!(
            Bsn::from_first_eight(11_122_233).map(|b| b.as_str().to_owned()),
            Some("111222333".to_owned())
        );
        assert_eq!(Bsn::from_first_eight(0), None, "000000000 is invalid");
        assert_eq!(Bsn::from_first_eight(100_000_000), None);
        assert_eq!(Bsn::from_first_eight(u32::MAX), None);
        // 00000001: weighted sum 2, check digit 2.
        assert_eq!(
            Bsn::from_first_eight(1).map(|b| b.as_str().to_owned()),
            Some("000000012".to_owned())
        );
        // 00000005: weighted sum 10 → would need check digit 10.
        assert_eq!(Bsn::from_first_eight(5), None);
    }

    #[test]
    fn bsn_deserialize_validates() {
        let bsn: Bsn = de("1234.56.782").expect("valid BSN deserialises");
        assert_eq!(bsn.as_str(), "123456782");
        assert!(de::<Bsn>("123456789").is_err());
        assert!(de::<Bsn>("").is_err());
    }

    /// The exact rule for adjacent transpositions: swapping different digits
    /// `a`, `b` at positions `i`, `i+1` changes the weighted sum by
    /// `(w_i - w_{i+1}) * (b - a)`. The weight differences are 1 (positions
    /// 1–8) and 3 (positions 8–9, weights 2 and -1); with |b - a| ≤ 9 and 11
    /// prime, that is never a multiple of 11, so every adjacent transposition
    /// is detected.
    fn adjacent_swap_detected(i: usize, a: u8, b: u8) -> bool {
        let dw = BSN_WEIGHTS[i] - BSN_WEIGHTS[i + 1];
        (dw * (i32::from(b) - i32::from(a))).rem_euclid(11) != 0
    }

    #[test]
    fn eleven_proof_detects_all_adjacent_and_other_transpositions() {
        for i in 0..8 {
            for a in 0..=9u8 {
                for b in 0..=9u8 {
                    if a != b {
                        assert!(adjacent_swap_detected(i, a, b), "{i} {a} {b}");
                    }
                }
            }
        }
        // Also non-adjacent: all weights differ mod 11.
        for (i, wi) in BSN_WEIGHTS.iter().enumerate() {
            for wj in &BSN_WEIGHTS[i + 1..] {
                assert_ne!((wi - wj).rem_euclid(11), 0, "weights {wi} and {wj}");
            }
        }
    }

    // --- Brin ------------------------------------------------------------------

    #[test]
    fn brin_known_values() {
        let b = Brin::parse("00AA").expect("00AA");
        assert_eq!(b.as_str(), "00AA");
        assert_eq!(b.institution(), "00AA");
        assert_eq!(b.vestiging(), None);

        let b = Brin::parse("00AA01").expect("00AA01");
        assert_eq!(b.institution(), "00AA");
        assert_eq!(b.vestiging(), Some("01"));

        assert_eq!(
            Brin::parse(" 00aa01\t").map(|b| b.as_str().to_owned()),
            Ok("00AA01".to_owned())
        );

        for bad in [
            "0AA1", "00A", "00AAA", "00AA1", "00AA012", "AA00", "00A1", "0A0A", "00ÄA", "00 AA",
        ] {
            assert_eq!(Brin::parse(bad), Err(CodeError::BrinFormat), "{bad:?}");
        }
        assert_eq!(Brin::parse("  "), Err(CodeError::Empty));
        // 'ß'.to_uppercase() is "SS"; ASCII-only uppercasing must not turn
        // "00ß" into a valid code.
        assert_eq!(Brin::parse("00ß"), Err(CodeError::BrinFormat));
    }

    #[test]
    fn brin_with_vestiging() {
        let b = Brin::parse("12AB").expect("valid");
        assert_eq!(b.with_vestiging(0).expect("0").as_str(), "12AB00");
        assert_eq!(b.with_vestiging(7).expect("7").as_str(), "12AB07");
        assert_eq!(b.with_vestiging(99).expect("99").as_str(), "12AB99");
        assert_eq!(
            b.with_vestiging(100),
            Err(CodeError::BrinVestiging { found: 100 })
        );
        // Replaces an existing vestiging.
        let v = Brin::parse("12AB03").expect("valid");
        assert_eq!(v.with_vestiging(4).expect("4").as_str(), "12AB04");
    }

    #[test]
    fn brin_serde_is_plain_string() {
        let b: Brin = de("00aa01").expect("valid");
        assert_eq!(b.as_str(), "00AA01");
        assert_eq!(String::from(b), "00AA01");
        assert!(de::<Brin>("0AA1").is_err());
    }

    // --- AgbCode ---------------------------------------------------------------

    #[test]
    fn agb_known_values() {
        assert_eq!(
            AgbCode::parse("12345678").map(|a| a.as_str().to_owned()),
            Ok("12345678".to_owned())
        );
        assert_eq!(
            AgbCode::parse(" 01000000 ").map(|a| a.as_str().to_owned()),
            Ok("01000000".to_owned())
        );
        // No prefix validation: any 8 digits.
        assert!(AgbCode::parse("99999999").is_ok());
        for bad in [
            "1234567",
            "123456789",
            "1234567a",
            "1234 5678",
            "１２３４５６７８",
        ] {
            assert_eq!(AgbCode::parse(bad), Err(CodeError::AgbFormat), "{bad:?}");
        }
        assert_eq!(AgbCode::parse(""), Err(CodeError::Empty));
    }

    #[test]
    fn agb_serde_is_plain_string() {
        let a: AgbCode = de(" 12345678 ").expect("valid");
        assert_eq!(String::from(a), "12345678");
        assert!(de::<AgbCode>("1234567").is_err());
    }

    // --- GemeenteCode ------------------------------------------------------------

    #[test]
    fn gemeente_known_values() {
        let g = GemeenteCode::parse("GM0080").expect("GM0080");
        assert_eq!(g.as_str(), "GM0080");
        assert_eq!(g.number(), 80);
        assert_eq!(GemeenteCode::parse("gm0080"), Ok(g.clone()));
        assert_eq!(GemeenteCode::parse(" 0080 "), Ok(g.clone()));
        assert_eq!(GemeenteCode::parse("Gm0080"), Ok(g));
        assert_eq!(GemeenteCode::parse("GM0363").map(|g| g.number()), Ok(363));
        assert_eq!(GemeenteCode::parse("GM9999").map(|g| g.number()), Ok(9999));
        for bad in [
            "GM80", "80", "GM00800", "GM 0080", "GX0080", "GM008A", "GMGM0080",
        ] {
            assert_eq!(
                GemeenteCode::parse(bad),
                Err(CodeError::GemeenteFormat),
                "{bad:?}"
            );
        }
        assert_eq!(GemeenteCode::parse(""), Err(CodeError::Empty));
    }

    #[test]
    fn gemeente_from_number() {
        assert_eq!(
            GemeenteCode::from_number(80).map(|g| g.as_str().to_owned()),
            Ok("GM0080".to_owned())
        );
        assert_eq!(
            GemeenteCode::from_number(10_000),
            Err(CodeError::GemeenteFormat)
        );
    }

    #[test]
    fn gemeente_serde_is_plain_string() {
        let g: GemeenteCode = de("gm0080").expect("valid");
        assert_eq!(String::from(g), "GM0080");
        assert!(de::<GemeenteCode>("GM80").is_err());
    }

    // --- property tests ------------------------------------------------------------

    fn valid_bsn() -> impl Strategy<Value = Bsn> {
        (0u32..100_000_000).prop_filter_map("no check digit", Bsn::from_first_eight)
    }

    /// Whitespace that `str::trim` removes, for padding inputs.
    fn ws() -> impl Strategy<Value = String> {
        "[ \t\n\r\u{a0}\u{2003}]{0,3}"
    }

    proptest! {
        #[test]
        fn prop_from_first_eight_parses_and_round_trips(n in 0u32..100_000_000) {
            match Bsn::from_first_eight(n) {
                Some(bsn) => {
                    let prefix = format!("{n:08}");
                    prop_assert!(bsn.as_str().starts_with(&prefix));
                    prop_assert_eq!(bsn.as_str().len(), 9);
                    prop_assert_eq!(Bsn::parse(bsn.as_str()), Ok(bsn.clone()));
                    prop_assert_eq!(bsn.masked().len(), 9);
                    prop_assert!(bsn.masked().ends_with(&bsn.as_str()[5..]));
                }
                None => {
                    // Really no check digit makes it valid.
                    for d in 0..=9 {
                        let candidate = format!("{n:08}{d}");
                        prop_assert!(Bsn::parse(&candidate).is_err());
                    }
                }
            }
        }

        #[test]
        fn prop_from_first_eight_rejects_more_than_eight_digits(n in 100_000_000u32..) {
            prop_assert_eq!(Bsn::from_first_eight(n), None);
        }

        #[test]
        fn prop_single_digit_change_is_detected(
            bsn in valid_bsn(),
            pos in 0usize..9,
            delta in 1u8..10,
        ) {
            let mut bytes = bsn.as_str().as_bytes().to_vec();
            // A different digit: old + delta (mod 10), delta in 1..=9.
            bytes[pos] = b'0' + (bytes[pos] - b'0' + delta) % 10;
            let changed = String::from_utf8(bytes).expect("ascii");
            prop_assert_eq!(Bsn::parse(&changed), Err(CodeError::BsnChecksum));
        }

        #[test]
        fn prop_adjacent_transposition_follows_exact_rule(
            bsn in valid_bsn(),
            pos in 0usize..8,
        ) {
            let mut bytes = bsn.as_str().as_bytes().to_vec();
            let (a, b) = (bytes[pos] - b'0', bytes[pos + 1] - b'0');
            bytes.swap(pos, pos + 1);
            let swapped = String::from_utf8(bytes).expect("ascii");
            let detected = adjacent_swap_detected(pos, a, b);
            // The computed rule: a swap is detected exactly when the digits
            // differ (equal digits leave the number unchanged).
            prop_assert_eq!(detected, a != b);
            prop_assert_eq!(Bsn::parse(&swapped).is_err(), detected);
            if detected {
                prop_assert_eq!(Bsn::parse(&swapped), Err(CodeError::BsnChecksum));
            }
        }

        #[test]
        fn prop_bsn_separator_and_whitespace_variants_normalise(
            bsn in valid_bsn(),
            seps in proptest::collection::vec("[ .-]{0,2}", 8),
            pre in ws(),
            post in ws(),
        ) {
            let mut input = pre;
            for (i, c) in bsn.as_str().chars().enumerate() {
                input.push(c);
                if let Some(sep) = seps.get(i) {
                    input.push_str(sep);
                }
            }
            input.push_str(&post);
            prop_assert_eq!(Bsn::parse(&input), Ok(bsn));
        }

        #[test]
        fn prop_parsers_never_panic(s in any::<String>()) {
            let _ = Bsn::parse(&s);
            let _ = Brin::parse(&s);
            let _ = AgbCode::parse(&s);
            let _ = GemeenteCode::parse(&s);
        }

        #[test]
        fn prop_parsers_never_panic_on_code_like_input(s in "[0-9A-Za-zß .\\-\t]{0,12}") {
            if let Ok(b) = Bsn::parse(&s) {
                prop_assert_eq!(b.as_str().len(), 9);
            }
            if let Ok(b) = Brin::parse(&s) {
                prop_assert_eq!(Brin::parse(b.as_str()), Ok(b.clone()));
            }
            if let Ok(a) = AgbCode::parse(&s) {
                prop_assert_eq!(AgbCode::parse(a.as_str()), Ok(a.clone()));
            }
            if let Ok(g) = GemeenteCode::parse(&s) {
                prop_assert_eq!(GemeenteCode::parse(g.as_str()), Ok(g.clone()));
            }
        }

        #[test]
        fn prop_valid_brin_round_trips(
            s in "[0-9]{2}[A-Z]{2}([0-9]{2})?",
            pre in ws(),
            post in ws(),
        ) {
            let brin = Brin::parse(&s).expect("generated BRIN is valid");
            prop_assert_eq!(brin.as_str(), s.as_str());
            prop_assert_eq!(brin.institution(), &s[..4]);
            prop_assert_eq!(brin.vestiging(), s.get(4..).filter(|v| !v.is_empty()));
            let messy = format!("{pre}{}{post}", s.to_lowercase());
            prop_assert_eq!(Brin::parse(&messy), Ok(brin.clone()));
            prop_assert_eq!(de::<Brin>(&messy).ok(), Some(brin));
        }

        #[test]
        fn prop_brin_with_vestiging(s in "[0-9]{2}[A-Z]{2}([0-9]{2})?", nr in any::<u8>()) {
            let brin = Brin::parse(&s).expect("generated BRIN is valid");
            match brin.with_vestiging(nr) {
                Ok(v) => {
                    prop_assert!(nr <= 99);
                    prop_assert_eq!(v.institution(), brin.institution());
                    let expected = format!("{nr:02}");
                    prop_assert_eq!(v.vestiging(), Some(expected.as_str()));
                    prop_assert_eq!(Brin::parse(v.as_str()), Ok(v.clone()));
                }
                Err(e) => {
                    prop_assert!(nr > 99);
                    prop_assert_eq!(e, CodeError::BrinVestiging { found: nr });
                }
            }
        }

        #[test]
        fn prop_valid_agb_round_trips(s in "[0-9]{8}", pre in ws(), post in ws()) {
            let agb = AgbCode::parse(&s).expect("generated AGB is valid");
            prop_assert_eq!(agb.as_str(), s.as_str());
            prop_assert_eq!(AgbCode::parse(&format!("{pre}{s}{post}")), Ok(agb));
        }

        #[test]
        fn prop_valid_gemeente_round_trips(
            s in "GM[0-9]{4}",
            pre in ws(),
            post in ws(),
        ) {
            let g = GemeenteCode::parse(&s).expect("generated code is valid");
            prop_assert_eq!(g.as_str(), s.as_str());
            let n: u16 = s[2..].parse().expect("digits");
            prop_assert_eq!(g.number(), n);
            prop_assert_eq!(GemeenteCode::from_number(n), Ok(g.clone()));
            prop_assert_eq!(
                GemeenteCode::parse(&format!("{pre}{}{post}", s.to_lowercase())),
                Ok(g.clone())
            );
            prop_assert_eq!(GemeenteCode::parse(&format!("{pre}{}{post}", &s[2..])), Ok(g));
        }
    }
}
