//! The collaboration scan (samenwerkingsscan): a school and a care provider
//! (or a municipality) rate one statement per theme from 1 (not at all) to
//! 5 (fully). The result per theme, the weakest themes (for which the
//! knowledge base is suggested) and the change since the previous scan.
//!
//! The statements themselves are UI text (`scan-statement-<theme>` in the
//! locale files).

use super::Theme;

pub const MIN_SCORE: u8 = 1;
pub const MAX_SCORE: u8 = 5;
/// How many weak themes get suggestions.
pub const WEAKEST: usize = 3;
/// A theme scored at or above this is not weak, whatever the others score.
pub const GOOD_ENOUGH: u8 = 4;

/// An answer that is not on the scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OffScale;

/// Parse one answer from a form: "1".."5", or empty for "not yet answered".
pub fn parse_score(input: &str) -> Result<Option<u8>, OffScale> {
    let input = input.trim();
    if input.is_empty() {
        return Ok(None);
    }
    match input.parse::<u8>() {
        Ok(n) if (MIN_SCORE..=MAX_SCORE).contains(&n) => Ok(Some(n)),
        _ => Err(OffScale),
    }
}

/// The answers of one scan, by theme (in `Theme::ALL` order).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Answers(pub Vec<(Theme, u8)>);

impl Answers {
    pub fn score(&self, theme: Theme) -> Option<u8> {
        self.0.iter().find(|(t, _)| *t == theme).map(|(_, s)| *s)
    }

    /// All sixteen themes answered: the scan can be completed.
    pub fn is_complete(&self) -> bool {
        Theme::ALL.iter().all(|t| self.score(*t).is_some())
    }

    pub fn missing(&self) -> Vec<Theme> {
        Theme::ALL
            .iter()
            .copied()
            .filter(|t| self.score(*t).is_none())
            .collect()
    }

    /// The mean score in tenths (e.g. 34 = 3.4), over answered themes.
    pub fn mean_tenths(&self) -> Option<u32> {
        if self.0.is_empty() {
            return None;
        }
        let sum: u32 = self.0.iter().map(|(_, s)| u32::from(*s)).sum();
        let n = u32::try_from(self.0.len()).unwrap_or(u32::MAX);
        Some((sum * 10 + n / 2) / n)
    }

    /// The lowest-scored themes below [`GOOD_ENOUGH`], lowest first, ties in
    /// theme order; at most [`WEAKEST`].
    pub fn weakest(&self) -> Vec<Theme> {
        let mut scored: Vec<(u8, usize, Theme)> = self
            .0
            .iter()
            .filter(|(_, s)| *s < GOOD_ENOUGH)
            .map(|(t, s)| (*s, t.number(), *t))
            .collect();
        scored.sort();
        scored
            .into_iter()
            .take(WEAKEST)
            .map(|(_, _, t)| t)
            .collect()
    }

    /// Per theme: (theme, now, previous) for themes answered in both.
    pub fn compare(&self, previous: &Answers) -> Vec<(Theme, u8, u8)> {
        Theme::ALL
            .iter()
            .filter_map(|t| Some((*t, self.score(*t)?, previous.score(*t)?)))
            .collect()
    }
}

/// One tenths figure as text ("3,4" in Dutch, "3.4" in English).
pub fn tenths_text(tenths: u32, dutch: bool) -> String {
    let sep = if dutch { ',' } else { '.' };
    format!("{}{sep}{}", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(scores: &[(Theme, u8)]) -> Answers {
        Answers(scores.to_vec())
    }

    #[test]
    fn scores_outside_the_scale_are_refused() {
        assert_eq!(parse_score(" 3 "), Ok(Some(3)));
        assert_eq!(parse_score(""), Ok(None));
        assert_eq!(parse_score("0"), Err(OffScale));
        assert_eq!(parse_score("6"), Err(OffScale));
        assert_eq!(parse_score("drie"), Err(OffScale));
    }

    #[test]
    fn the_weakest_themes_are_the_lowest_below_good_enough() {
        let a = answers(&[
            (Theme::Goals, 4),
            (Theme::Steering, 2),
            (Theme::Time, 1),
            (Theme::Financing, 2),
            (Theme::Privacy, 3),
            (Theme::Trust, 5),
        ]);
        assert_eq!(
            a.weakest(),
            vec![Theme::Time, Theme::Steering, Theme::Financing]
        );
        assert!(
            answers(&[(Theme::Goals, 4), (Theme::Time, 5)])
                .weakest()
                .is_empty()
        );
    }

    #[test]
    fn a_half_done_scan_is_not_complete_and_says_what_is_missing() {
        let a = answers(&[(Theme::Goals, 4)]);
        assert!(!a.is_complete());
        assert_eq!(a.missing().len(), 15);
        let full = Answers(Theme::ALL.iter().map(|t| (*t, 3)).collect());
        assert!(full.is_complete());
        assert_eq!(full.mean_tenths(), Some(30));
    }

    #[test]
    fn comparison_pairs_themes_answered_both_times() {
        let now = answers(&[(Theme::Goals, 4), (Theme::Time, 2)]);
        let before = answers(&[(Theme::Goals, 2), (Theme::Trust, 3)]);
        assert_eq!(now.compare(&before), vec![(Theme::Goals, 4, 2)]);
        assert_eq!(tenths_text(34, true), "3,4");
    }
}
