//! The shared plan of a case (integraal plan, "1 kind 1 plan"): its sections,
//! the kinds of agreements, the limits of its texts, euro amounts and hours of
//! financing lines, and the line diff that shows what changed between two
//! versions of a section.
//!
//! Everything here is pure; the app crate validates forms with it and the web
//! crate shows its results.

use std::fmt;

use serde::{Deserialize, Serialize};

use time::Date;

use crate::text::FieldLimits;

coded_enum!(
    /// A section of the plan, in the order the plan shows them.
    PlanSection {
        ChildWords => "child_words",
        ParentsView => "parents_view",
        Strengths => "strengths",
        SupportNeeds => "support_needs",
        Expectations => "expectations",
        ClassroomTransfer => "classroom_transfer",
        Evaluation => "evaluation",
    }
);

impl PlanSection {
    /// The Fluent message id of the hint under the section's heading.
    pub fn hint_id(self) -> String {
        format!("{}-hint", self.message_id())
    }
}

coded_enum!(
    /// What kind of shared task an agreement is.
    AgreementKind {
        Task => "task",
        HomeVisit => "home_visit",
        ClassroomObservation => "classroom_observation",
        Other => "other",
    }
);

/// Every Fluent message id the rules of this module can return.
pub const MESSAGE_IDS: &[&str] = &[
    "error-date-order",
    "error-score-range",
    "error-amount-format",
    "error-amount-decimals",
    "error-amount-too-large",
    "error-amount-not-positive",
    "error-hours-format",
    "error-hours-range",
    "error-hours-or-amount",
];

/// A section's text: up to 10,000 characters, may be empty.
pub const SECTION_TEXT: FieldLimits = FieldLimits {
    min_chars: 0,
    max_chars: 10_000,
};

/// A goal's description, an agreement's action: 1 to 1,000 characters.
pub const ITEM_TEXT: FieldLimits = FieldLimits {
    min_chars: 1,
    max_chars: 1_000,
};

/// A progress note: 1 to 4,000 characters.
pub const NOTE_TEXT: FieldLimits = FieldLimits {
    min_chars: 1,
    max_chars: 4_000,
};

/// The lowest and highest progress score.
pub const SCORE_MIN: i64 = 1;
pub const SCORE_MAX: i64 = 10;

/// A progress score must be 1 to 10.
pub fn check_score(score: i64) -> Result<i64, &'static str> {
    if (SCORE_MIN..=SCORE_MAX).contains(&score) {
        Ok(score)
    } else {
        Err("error-score-range")
    }
}

/// The end of a period (a goal's target date, a financing line's last day)
/// may not lie before its start; the same day is fine.
pub fn check_order(start: Date, end: Option<Date>) -> Result<(), &'static str> {
    match end {
        Some(end) if end < start => Err("error-date-order"),
        _ => Ok(()),
    }
}

// ---------------------------------------------------------------------------
// Money and hours
// ---------------------------------------------------------------------------

/// The largest amount a financing line can hold: ten million euros.
pub const MAX_CENTS: i64 = 1_000_000_000;

/// The most hours a financing line can hold.
pub const MAX_HOURS: i64 = 100_000;

/// Why an amount was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("not an amount in euros")]
    Format,
    #[error("more than two decimals")]
    Decimals,
    #[error("amount too large")]
    TooLarge,
    #[error("amount must be more than zero")]
    NotPositive,
}

impl MoneyError {
    pub fn message_id(self) -> &'static str {
        match self {
            MoneyError::Format => "error-amount-format",
            MoneyError::Decimals => "error-amount-decimals",
            MoneyError::TooLarge => "error-amount-too-large",
            MoneyError::NotPositive => "error-amount-not-positive",
        }
    }
}

/// An amount in euros as people type it, in cents.
///
/// Accepted: `1250`, `1250,50` and `1.250,50` (Dutch), `1250.50` and
/// `1,250.50` (English), with an optional `€` or `EUR` and spaces. With both
/// separators the last one is the decimal separator. With only a comma, it is
/// the decimal comma. With only points, one point followed by one or two
/// digits is a decimal point (`1250.5`); otherwise points group thousands
/// (`1.250`, `1.250.000`). Thousands groups must have three digits.
pub fn parse_euro_cents(input: &str) -> Result<i64, MoneyError> {
    let mut s: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect();
    for prefix in ["€", "EUR", "eur", "Eur"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.to_owned();
        }
    }
    if let Some(rest) = s.strip_suffix(",-").or_else(|| s.strip_suffix(".-")) {
        s = rest.to_owned();
    }
    if s.starts_with('-') {
        return Err(MoneyError::NotPositive);
    }
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(MoneyError::Format);
    }
    let last_comma = s.rfind(',');
    let last_point = s.rfind('.');
    let (int_part, frac_part, group_sep) = match (last_comma, last_point) {
        (Some(c), Some(p)) => {
            let (dec, sep) = if c > p { (c, '.') } else { (p, ',') };
            (&s[..dec], Some(&s[dec + 1..]), Some(sep))
        }
        (Some(c), None) => {
            if s.matches(',').count() > 1 {
                return Err(MoneyError::Format);
            }
            (&s[..c], Some(&s[c + 1..]), None)
        }
        (None, Some(p)) => {
            let after = &s[p + 1..];
            if s.matches('.').count() == 1 && (1..=2).contains(&after.len()) {
                (&s[..p], Some(after), None)
            } else {
                (s.as_str(), None, Some('.'))
            }
        }
        (None, None) => (s.as_str(), None, None),
    };
    let digits = match group_sep {
        Some(sep) => grouped_digits(int_part, sep)?,
        None => {
            if int_part.is_empty() || !int_part.chars().all(|c| c.is_ascii_digit()) {
                return Err(MoneyError::Format);
            }
            int_part.to_owned()
        }
    };
    let cents_part = match frac_part {
        None => 0,
        Some(f) if f.is_empty() || !f.chars().all(|c| c.is_ascii_digit()) => {
            return Err(MoneyError::Format);
        }
        Some(f) if f.len() > 2 => return Err(MoneyError::Decimals),
        Some(f) if f.len() == 1 => i64::from(f.as_bytes()[0] - b'0') * 10,
        Some(f) => f.parse::<i64>().map_err(|_| MoneyError::Format)?,
    };
    let digits = digits.trim_start_matches('0');
    if digits.len() > 10 {
        return Err(MoneyError::TooLarge);
    }
    let euros: i64 = if digits.is_empty() {
        0
    } else {
        digits.parse().map_err(|_| MoneyError::Format)?
    };
    let cents = euros
        .checked_mul(100)
        .and_then(|c| c.checked_add(cents_part))
        .ok_or(MoneyError::TooLarge)?;
    if cents == 0 {
        return Err(MoneyError::NotPositive);
    }
    if cents > MAX_CENTS {
        return Err(MoneyError::TooLarge);
    }
    Ok(cents)
}

/// `1.250.000` with `sep` = '.' gives `1250000`; groups after the first must
/// have exactly three digits.
fn grouped_digits(s: &str, sep: char) -> Result<String, MoneyError> {
    let mut out = String::new();
    for (i, group) in s.split(sep).enumerate() {
        let ok_len = if i == 0 {
            (1..=3).contains(&group.len())
        } else {
            group.len() == 3
        };
        if !ok_len || !group.chars().all(|c| c.is_ascii_digit()) {
            return Err(MoneyError::Format);
        }
        out.push_str(group);
    }
    Ok(out)
}

/// Cents as a Dutch amount: `€ 1.250,50`.
pub fn format_euro(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let euros = (abs / 100).to_string();
    let mut grouped = String::new();
    for (i, ch) in euros.chars().enumerate() {
        if i > 0 && (euros.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    format!("€ {sign}{grouped},{:02}", abs % 100)
}

/// Cents as they are typed back into a form: `1250,50`.
pub fn euro_input(cents: i64) -> String {
    format!("{},{:02}", cents / 100, (cents % 100).abs())
}

/// Whole hours: `12`, ` 12 `, `12 uur`.
pub fn parse_hours(input: &str) -> Result<i64, &'static str> {
    let s = input.trim();
    let s = s
        .strip_suffix("uur")
        .or_else(|| s.strip_suffix('u'))
        .unwrap_or(s)
        .trim();
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit()) || s.len() > 9 {
        return Err("error-hours-format");
    }
    let hours: i64 = s.parse().map_err(|_| "error-hours-format")?;
    if (1..=MAX_HOURS).contains(&hours) {
        Ok(hours)
    } else {
        Err("error-hours-range")
    }
}

// ---------------------------------------------------------------------------
// What changed between two versions
// ---------------------------------------------------------------------------

/// How a line differs between the old and the new text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Same,
    Removed,
    Added,
}

impl Change {
    pub fn code(self) -> &'static str {
        match self {
            Change::Same => "same",
            Change::Removed => "removed",
            Change::Added => "added",
        }
    }
}

/// One line of a diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffLine {
    pub change: Change,
    pub text: String,
}

impl fmt::Display for DiffLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mark = match self.change {
            Change::Same => ' ',
            Change::Removed => '-',
            Change::Added => '+',
        };
        write!(f, "{mark} {}", self.text)
    }
}

/// The lines of `old` and `new` in order, each marked same, removed or added
/// (removed lines of a changed block come before the added ones). Line
/// endings are normalised first, so a missing final newline is no change.
pub fn line_diff(old: &str, new: &str) -> Vec<DiffLine> {
    let old = with_final_newline(old);
    let new = with_final_newline(new);
    let diff = similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Patience)
        .diff_lines(&old, &new);
    diff.iter_all_changes()
        .map(|c| DiffLine {
            change: match c.tag() {
                similar::ChangeTag::Equal => Change::Same,
                similar::ChangeTag::Delete => Change::Removed,
                similar::ChangeTag::Insert => Change::Added,
            },
            text: c.value().trim_end_matches('\n').to_owned(),
        })
        .collect()
}

fn with_final_newline(text: &str) -> String {
    let mut t = text.replace("\r\n", "\n").replace('\r', "\n");
    if !t.is_empty() && !t.ends_with('\n') {
        t.push('\n');
    }
    t
}

/// Counts of added and removed lines.
pub fn diff_counts(lines: &[DiffLine]) -> (usize, usize) {
    let added = lines.iter().filter(|l| l.change == Change::Added).count();
    let removed = lines.iter().filter(|l| l.change == Change::Removed).count();
    (added, removed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn dutch_and_english_amounts() {
        for (input, cents) in [
            ("1250", 125_000),
            ("1.250,50", 125_050),
            ("1250,50", 125_050),
            ("1250.50", 125_050),
            ("1,250.50", 125_050),
            ("€ 1.250,50", 125_050),
            ("€1.250", 125_000),
            ("1.250", 125_000),
            ("1.250.000", 125_000_000),
            ("12,5", 1_250),
            ("12.5", 1_250),
            ("0,99", 99),
            ("  75 ", 7_500),
            ("EUR 10", 1_000),
            ("100,-", 10_000),
            ("1 250,50", 125_050),
        ] {
            assert_eq!(parse_euro_cents(input), Ok(cents), "{input}");
        }
    }

    #[test]
    fn bad_amounts_are_refused_with_a_reason() {
        for (input, err) in [
            ("", MoneyError::Format),
            ("abc", MoneyError::Format),
            ("12,345", MoneyError::Decimals),
            ("1,2,3", MoneyError::Format),
            ("1.25.0", MoneyError::Format),
            ("1.2345", MoneyError::Format),
            ("12,", MoneyError::Format),
            (",50", MoneyError::Format),
            ("1.250,5,0", MoneyError::Format),
            ("-5", MoneyError::NotPositive),
            ("0", MoneyError::NotPositive),
            ("0,00", MoneyError::NotPositive),
            ("10.000.001", MoneyError::TooLarge),
            ("99999999999999999999", MoneyError::TooLarge),
            ("12e3", MoneyError::Format),
        ] {
            assert_eq!(parse_euro_cents(input), Err(err), "{input}");
        }
    }

    #[test]
    fn amounts_are_shown_the_dutch_way() {
        assert_eq!(format_euro(125_050), "€ 1.250,50");
        assert_eq!(format_euro(99), "€ 0,99");
        assert_eq!(format_euro(100_000_000), "€ 1.000.000,00");
        assert_eq!(format_euro(12_300), "€ 123,00");
        assert_eq!(euro_input(125_050), "1250,50");
    }

    #[test]
    fn hours_are_whole_and_positive() {
        assert_eq!(parse_hours("12"), Ok(12));
        assert_eq!(parse_hours(" 40 uur"), Ok(40));
        assert_eq!(parse_hours("3u"), Ok(3));
        assert_eq!(parse_hours("1,5"), Err("error-hours-format"));
        assert_eq!(parse_hours("0"), Err("error-hours-range"));
        assert_eq!(parse_hours("100001"), Err("error-hours-range"));
        assert_eq!(parse_hours(""), Err("error-hours-format"));
    }

    #[test]
    fn order_and_scores() {
        assert_eq!(check_order(date!(2026 - 11 - 25), None), Ok(()));
        assert_eq!(
            check_order(date!(2026 - 11 - 25), Some(date!(2026 - 11 - 25))),
            Ok(())
        );
        assert_eq!(
            check_order(date!(2026 - 11 - 25), Some(date!(2026 - 11 - 24))),
            Err("error-date-order")
        );
        assert_eq!(check_score(1), Ok(1));
        assert_eq!(check_score(10), Ok(10));
        assert_eq!(check_score(0), Err("error-score-range"));
        assert_eq!(check_score(11), Err("error-score-range"));
    }

    #[test]
    fn the_diff_marks_removed_and_added_lines() {
        let old = "Daan wil naar school.\nHij vindt rekenen moeilijk.\nHij speelt graag voetbal.";
        let new = "Daan wil naar school.\nHij vindt rekenen leuker nu.\nHij speelt graag voetbal.\nHij wil op judo.";
        let d = line_diff(old, new);
        let shown: Vec<String> = d.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "  Daan wil naar school.",
                "- Hij vindt rekenen moeilijk.",
                "+ Hij vindt rekenen leuker nu.",
                "  Hij speelt graag voetbal.",
                "+ Hij wil op judo.",
            ]
        );
        assert_eq!(diff_counts(&d), (2, 1));
    }

    #[test]
    fn a_missing_final_newline_is_no_change() {
        let d = line_diff("a\nb", "a\nb\n");
        assert!(d.iter().all(|l| l.change == Change::Same));
        let d = line_diff("", "nieuw");
        assert_eq!(
            d,
            [DiffLine {
                change: Change::Added,
                text: "nieuw".into()
            }]
        );
        assert!(line_diff("", "").is_empty());
    }

    #[test]
    fn sections_and_kinds_have_codes_and_messages() {
        for s in PlanSection::ALL {
            assert_eq!(PlanSection::from_code(s.code()), Some(*s));
        }
        assert_eq!(
            PlanSection::ChildWords.message_id(),
            "plansection-child-words"
        );
        assert_eq!(
            PlanSection::ChildWords.hint_id(),
            "plansection-child-words-hint"
        );
        assert_eq!(
            AgreementKind::HomeVisit.message_id(),
            "agreementkind-home-visit"
        );
        assert_eq!(PlanSection::from_code("nonsense"), None);
    }

    fn lines() -> impl Strategy<Value = String> {
        prop::collection::vec("[a-c ]{0,3}", 0..8).prop_map(|l| l.join("\n"))
    }

    proptest! {
        /// Every amount shown can be typed back in and means the same.
        #[test]
        fn shown_amounts_parse_back(cents in 1i64..=MAX_CENTS) {
            prop_assert_eq!(parse_euro_cents(&format_euro(cents)), Ok(cents));
            prop_assert_eq!(parse_euro_cents(&euro_input(cents)), Ok(cents));
            let english = format!("{}.{:02}", cents / 100, cents % 100);
            prop_assert_eq!(parse_euro_cents(&english), Ok(cents));
        }

        /// Parsing never panics, and what it accepts is in range.
        #[test]
        fn parsing_is_total(input in "[0-9.,€ -]{0,16}") {
            if let Ok(c) = parse_euro_cents(&input) {
                prop_assert!(c > 0 && c <= MAX_CENTS);
            }
        }

        /// The old text is the diff without its added lines, the new text the
        /// diff without its removed lines: nothing is lost or invented.
        #[test]
        fn the_diff_rebuilds_both_texts(old in lines(), new in lines()) {
            let d = line_diff(&old, &new);
            let rebuild = |skip: Change| {
                d.iter().filter(|l| l.change != skip).map(|l| format!("{}\n", l.text)).collect::<String>()
            };
            prop_assert_eq!(rebuild(Change::Added), with_final_newline(&old));
            prop_assert_eq!(rebuild(Change::Removed), with_final_newline(&new));
        }
    }
}
