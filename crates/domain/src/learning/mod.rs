//! The learning network (S6): networks and Communities of Practice, dialogue
//! tables (dialoogtafels) with their four questions, insights, lessons and
//! improvement actions, the knowledge taxonomy of sixteen themes, the
//! anonymiser that turns a case into a case story, Dutch search terms and
//! the collaboration scan.
//!
//! Everything here is pure; `brug_store::learning` keeps it and
//! `brug_app::learning` runs the use cases.

pub mod anonymise;
pub mod glossary;
pub mod handreiking;
pub mod scan;
pub mod search;

use serde::{Deserialize, Serialize};

use crate::text::{self, TextError};

coded_enum!(
    /// The sixteen themes of the knowledge taxonomy (DOMAIN.md), in order:
    /// 1-4 practice, 5-7 preconditions, 8-13 policy and governance, 14-16
    /// added from RENN4 and Heerenveen.
    Theme {
        Goals => "goals",
        Interprofessional => "interprofessional",
        Steering => "steering",
        Structure => "structure",
        Trust => "trust",
        Time => "time",
        Competences => "competences",
        Agreements => "agreements",
        VisionPractice => "vision_practice",
        CrossDomain => "cross_domain",
        Financing => "financing",
        DataDriven => "data_driven",
        Flexibility => "flexibility",
        Handover => "handover",
        Privacy => "privacy",
        Staffing => "staffing",
    }
);

coded_enum!(
    /// The three levels of the Handreiking a theme belongs to.
    ThemeGroup {
        Practice => "practice",
        Preconditions => "preconditions",
        Policy => "policy",
        Added => "added",
    }
);

impl Theme {
    /// The theme's number (1-16) in DOMAIN.md.
    pub fn number(self) -> usize {
        Theme::ALL
            .iter()
            .position(|t| *t == self)
            .map_or(0, |i| i + 1)
    }

    pub fn group(self) -> ThemeGroup {
        match self.number() {
            1..=4 => ThemeGroup::Practice,
            5..=7 => ThemeGroup::Preconditions,
            8..=13 => ThemeGroup::Policy,
            _ => ThemeGroup::Added,
        }
    }
}

coded_enum!(
    /// What a knowledge item is.
    ItemKind {
        Success => "success",
        Hindering => "hindering",
        Lesson => "lesson",
        Story => "story",
    }
);

coded_enum!(
    /// The level an insight is about (RENN4).
    Level {
        Organisation => "organisation",
        School => "school",
        Professional => "professional",
    }
);

coded_enum!(
    /// The perspective a network member speaks from.
    Perspective {
        Youth => "youth",
        Parent => "parent",
        Teacher => "teacher",
        Coordinator => "coordinator",
        CareWorker => "care_worker",
        Wijkteam => "wijkteam",
        PolicyMaker => "policy_maker",
        Manager => "manager",
    }
);

coded_enum!(
    /// A learning network (regional, multidisciplinary) or a Community of
    /// Practice (within one school).
    NetworkKind {
        Network => "network",
        Community => "community",
    }
);

coded_enum!(
    /// A dialogue table that starts from one real case, or one on a theme.
    SessionKind {
        CaseSpecific => "case_specific",
        CaseTranscending => "case_transcending",
    }
);

coded_enum!(
    /// Where the case story of a case-specific table stands. Only an
    /// approved story is shown to the participants.
    StoryStatus {
        Draft => "draft",
        Approved => "approved",
        Rejected => "rejected",
    }
);

coded_enum!(
    /// An improvement action (verbeteractie).
    ActionStatus {
        Open => "open",
        InProgress => "in_progress",
        Done => "done",
        Dropped => "dropped",
    }
);

impl ActionStatus {
    /// Whether an action with this status, due on `due_on`, is overdue on
    /// `today`: still open or in progress after its due date.
    #[must_use]
    pub fn is_overdue(self, due_on: time::Date, today: time::Date) -> bool {
        matches!(self, ActionStatus::Open | ActionStatus::InProgress) && due_on < today
    }
}

coded_enum!(
    /// The four questions of the Dialoogtafel, in the order they are asked.
    Question {
        Language => "language",
        Profession => "profession",
        Together => "together",
        Contribution => "contribution",
    }
);

impl ActionStatus {
    /// Still to be followed up in the next session.
    pub fn is_open(self) -> bool {
        matches!(self, ActionStatus::Open | ActionStatus::InProgress)
    }
}

/// Limits of an insight, lesson or contribution text.
pub const INSIGHT_TEXT: text::FieldLimits = text::FieldLimits {
    min_chars: 10,
    max_chars: 2_000,
};

/// A required free text: a contribution, a story, a meaning.
pub const REQUIRED_TEXT: text::FieldLimits = text::FieldLimits {
    min_chars: 1,
    max_chars: 10_000,
};

/// A key that makes two insights that say the same thing equal: lowercase
/// letters and digits only, single spaces. Used to refuse duplicates within
/// a network and theme.
pub fn duplicate_key(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    for word in body
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Clean an insight's text: required, 10 to 2000 characters.
pub fn clean_insight(body: &str) -> Result<String, TextError> {
    text::clean_text(body, INSIGHT_TEXT)
}

/// What the case page knows about a case's situation, to find lessons.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CaseSituation {
    /// The child is a thuiszitter (home-sitter).
    pub home_sitter: bool,
    /// An escalation (opschaling) was opened.
    pub escalated: bool,
    /// No activity for a long time (stalled).
    pub stalled: bool,
    /// Nobody decided who is in the lead (onderwijs or zorg).
    pub no_lead: bool,
    /// A handover to another school is being prepared.
    pub changing_school: bool,
}

/// The themes whose lessons fit a case's situation, most pressing first.
pub fn themes_for_case(s: CaseSituation) -> Vec<Theme> {
    let mut themes = Vec::new();
    if s.home_sitter || s.escalated || s.no_lead {
        themes.push(Theme::Steering);
    }
    if s.home_sitter || s.stalled {
        themes.push(Theme::Structure);
    }
    if s.escalated {
        themes.push(Theme::CrossDomain);
    }
    if s.changing_school {
        themes.push(Theme::Handover);
    }
    if s.stalled {
        themes.push(Theme::Goals);
    }
    themes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_home_sitter_with_an_escalation_gets_steering_lessons_first() {
        let themes = themes_for_case(CaseSituation {
            home_sitter: true,
            escalated: true,
            ..CaseSituation::default()
        });
        assert_eq!(themes.first(), Some(&Theme::Steering));
        assert!(themes.contains(&Theme::CrossDomain));
        assert!(themes_for_case(CaseSituation::default()).is_empty());
    }

    #[test]
    fn sixteen_themes_in_four_groups() {
        assert_eq!(Theme::ALL.len(), 16);
        assert_eq!(Theme::Goals.number(), 1);
        assert_eq!(Theme::Staffing.number(), 16);
        assert_eq!(Theme::Structure.group(), ThemeGroup::Practice);
        assert_eq!(Theme::Competences.group(), ThemeGroup::Preconditions);
        assert_eq!(Theme::Flexibility.group(), ThemeGroup::Policy);
        assert_eq!(Theme::Handover.group(), ThemeGroup::Added);
        for t in Theme::ALL {
            assert_eq!(Theme::from_code(t.code()), Some(*t));
        }
    }

    #[test]
    fn duplicates_ignore_case_spacing_and_punctuation() {
        assert_eq!(
            duplicate_key("  Vaste contactpersoon  op school! "),
            duplicate_key("vaste contactpersoon op school")
        );
        assert_ne!(
            duplicate_key("vaste contactpersoon"),
            duplicate_key("vast overleg")
        );
    }

    #[test]
    fn an_empty_or_tiny_insight_is_refused() {
        assert_eq!(clean_insight("   "), Err(TextError::Empty));
        assert!(matches!(
            clean_insight("kort"),
            Err(TextError::TooShort { .. })
        ));
        assert!(clean_insight("Een vaste contactpersoon helpt").is_ok());
    }
}

#[cfg(test)]
mod overdue_tests {
    use super::ActionStatus;
    use time::macros::date;

    #[test]
    fn an_action_is_overdue_only_when_unfinished_after_its_due_date() {
        let due = date!(2026 - 11 - 20);
        assert!(!ActionStatus::Open.is_overdue(due, date!(2026 - 11 - 20)));
        assert!(ActionStatus::Open.is_overdue(due, date!(2026 - 11 - 21)));
        assert!(ActionStatus::InProgress.is_overdue(due, date!(2026 - 11 - 21)));
        assert!(!ActionStatus::Done.is_overdue(due, date!(2026 - 11 - 21)));
        assert!(!ActionStatus::Dropped.is_overdue(due, date!(2026 - 11 - 21)));
    }
}
