//! Policy goals on monitor measures: a target value, a deadline and an owner
//! ("every home-sitter has a monthly meeting of school, youth care and
//! parents: 100% by 01-08-2027"), their validation, and the projection of
//! whether the trend reaches the target in time.
//!
//! # The projection
//!
//! A straight line fitted by least squares through the measure's shown
//! monthly values of the last twelve months (hidden months are left out, so
//! the projection uses only published figures). Its value at the deadline's
//! month, clamped to the measure's range, is the projected value. The goal
//! is *reached* when the latest shown value meets the target, *on track*
//! when the projected value does, *off track* otherwise, and *unknown* with
//! fewer than three shown months.

use serde::{Deserialize, Serialize};
use time::Date;

use super::measures::{Direction, Measure, Unit};
use crate::text::{self, FieldLimits};

/// Months of history the projection fits a line through.
pub const PROJECTION_MONTHS: usize = 12;
/// Shown months needed before a projection is made.
pub const PROJECTION_MIN_POINTS: usize = 3;

/// The owner's name or role (e.g. "wethouder onderwijs").
const OWNER: FieldLimits = FieldLimits {
    min_chars: 2,
    max_chars: 200,
};
/// An optional note on the goal.
const NOTE: FieldLimits = FieldLimits {
    min_chars: 0,
    max_chars: 1000,
};

/// A goal form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalDraft {
    pub measure: String,
    pub target: String,
    pub deadline: String,
    pub owner: String,
    pub note: String,
}

/// A valid goal. `target` is in the measure's stored unit (tenths for
/// [`Unit::Tenths`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Goal {
    pub measure: Measure,
    pub target: u64,
    pub deadline: Date,
    pub owner: String,
    pub note: Option<String>,
}

/// A problem with one field: the field, the Fluent id and its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalError {
    pub field: &'static str,
    pub message_id: &'static str,
    pub args: Vec<(&'static str, String)>,
}

/// Every message id [`validate`] can give (besides the text ones).
pub const MESSAGE_IDS: &[&str] = &[
    "monitor-goal-error-measure",
    "monitor-goal-error-target-number",
    "monitor-goal-error-target-range",
    "monitor-goal-error-deadline-past",
];

/// Shows a value in the measure's unit as typed in forms (`12,5` for tenths).
#[must_use]
pub fn format_target(unit: Unit, value: u64) -> String {
    match unit {
        Unit::Tenths => {
            if value.is_multiple_of(10) {
                (value / 10).to_string()
            } else {
                format!("{},{}", value / 10, value % 10)
            }
        }
        _ => value.to_string(),
    }
}

/// Parses a target as people type it: `100`, `100%`, `95 %`, `12,5`
/// (tenths only where the unit has them).
fn parse_target(unit: Unit, input: &str) -> Option<u64> {
    let t = input.trim().trim_end_matches('%').trim();
    if t.is_empty() {
        return None;
    }
    let (whole, frac) = match t.split_once([',', '.']) {
        Some((w, f)) => (w, Some(f)),
        None => (t, None),
    };
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || whole.len() > 9 {
        return None;
    }
    let whole: u64 = whole.parse().ok()?;
    match (unit, frac) {
        (Unit::Tenths, None) => whole.checked_mul(10),
        (Unit::Tenths, Some(f)) if f.len() == 1 && f.bytes().all(|b| b.is_ascii_digit()) => {
            whole.checked_mul(10)?.checked_add(f.parse().ok()?)
        }
        (_, None) => Some(whole),
        (_, Some(f)) if !f.is_empty() && f.bytes().all(|b| b == b'0') => Some(whole),
        _ => None,
    }
}

/// Checks a goal form. `today`: a deadline must lie after it.
///
/// # Errors
///
/// Every problem found, per field, so the form can show them all and keep
/// what was typed.
pub fn validate(draft: &GoalDraft, today: Date) -> Result<Goal, Vec<GoalError>> {
    let mut errors = Vec::new();
    let mut err =
        |field: &'static str, message_id: &'static str, args: Vec<(&'static str, String)>| {
            errors.push(GoalError {
                field,
                message_id,
                args,
            });
        };
    let measure = Measure::from_code(draft.measure.trim()).filter(|m| m.direction().is_some());
    if measure.is_none() {
        err("measure", "monitor-goal-error-measure", Vec::new());
    }
    let mut target = None;
    if let Some(m) = measure {
        let unit = m.unit();
        let (min, max) = m.target_range();
        if draft.target.trim().is_empty() {
            err("target", "error-text-empty", Vec::new());
        } else {
            match parse_target(unit, &draft.target) {
                None => err("target", "monitor-goal-error-target-number", Vec::new()),
                Some(v) if v < min || v > max => err(
                    "target",
                    "monitor-goal-error-target-range",
                    vec![
                        ("min", format_target(unit, min)),
                        ("max", format_target(unit, max)),
                    ],
                ),
                Some(v) => target = Some(v),
            }
        }
    }
    let deadline = match text::parse_dutch_date(&draft.deadline) {
        Ok(d) if d <= today => {
            err(
                "deadline",
                "monitor-goal-error-deadline-past",
                vec![(
                    "today",
                    format!(
                        "{:02}-{:02}-{}",
                        today.day(),
                        u8::from(today.month()),
                        today.year()
                    ),
                )],
            );
            None
        }
        Ok(d) => Some(d),
        Err(e) => {
            err("deadline", e.message_id(), e.message_args());
            None
        }
    };
    let owner = match text::clean_text(&draft.owner, OWNER) {
        Ok(o) => Some(o),
        Err(e) => {
            err("owner", e.message_id(), e.message_args());
            None
        }
    };
    let note = match text::clean_optional(&draft.note, NOTE) {
        Ok(n) => Some(n),
        Err(e) => {
            err("note", e.message_id(), e.message_args());
            None
        }
    };
    match (measure, target, deadline, owner, note) {
        (Some(measure), Some(target), Some(deadline), Some(owner), Some(note))
            if errors.is_empty() =>
        {
            Ok(Goal {
                measure,
                target,
                deadline,
                owner,
                note,
            })
        }
        _ => Err(errors),
    }
}

/// A month as one number: `year * 12 + month - 1`.
#[must_use]
pub fn month_index(year: i32, month: u8) -> i32 {
    year * 12 + i32::from(month) - 1
}

/// How a goal is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outlook {
    Reached,
    OnTrack,
    OffTrack,
    Unknown,
}

impl Outlook {
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Outlook::Reached => "reached",
            Outlook::OnTrack => "on_track",
            Outlook::OffTrack => "off_track",
            Outlook::Unknown => "unknown",
        }
    }

    #[must_use]
    pub fn message_id(self) -> String {
        format!("monitor-outlook-{}", self.code().replace('_', "-"))
    }
}

/// The projection of a goal.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Projection {
    /// The latest shown value.
    pub latest: Option<f64>,
    /// The fitted line's value at the deadline, within the measure's range.
    pub at_deadline: Option<f64>,
    /// Change per month of the fitted line.
    pub slope: Option<f64>,
    pub outlook: Outlook,
}

fn meets(direction: Direction, value: f64, target: f64) -> bool {
    match direction {
        Direction::AtLeast => value >= target,
        Direction::AtMost => value <= target,
    }
}

/// Projects `points` (month index, shown value), the last
/// [`PROJECTION_MONTHS`] of which are used, to the deadline's month.
#[must_use]
pub fn project(
    points: &[(i32, f64)],
    deadline_month: i32,
    target: f64,
    direction: Direction,
    range: (f64, f64),
) -> Projection {
    let mut pts: Vec<(i32, f64)> = points
        .iter()
        .copied()
        .filter(|(_, v)| v.is_finite())
        .collect();
    pts.sort_by_key(|p| p.0);
    if pts.len() > PROJECTION_MONTHS {
        pts = pts.split_off(pts.len() - PROJECTION_MONTHS);
    }
    let latest = pts.last().map(|p| p.1);
    if latest.is_some_and(|v| meets(direction, v, target)) {
        return Projection {
            latest,
            at_deadline: None,
            slope: None,
            outlook: Outlook::Reached,
        };
    }
    if pts.len() < PROJECTION_MIN_POINTS {
        return Projection {
            latest,
            at_deadline: None,
            slope: None,
            outlook: Outlook::Unknown,
        };
    }
    let n = pts.len() as f64;
    let mean_x = pts.iter().map(|p| f64::from(p.0)).sum::<f64>() / n;
    let mean_y = pts.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = pts.iter().map(|p| (f64::from(p.0) - mean_x).powi(2)).sum();
    let sxy: f64 = pts
        .iter()
        .map(|p| (f64::from(p.0) - mean_x) * (p.1 - mean_y))
        .sum();
    let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    let at = (mean_y + slope * (f64::from(deadline_month) - mean_x)).clamp(range.0, range.1);
    Projection {
        latest,
        at_deadline: Some(at),
        slope: Some(slope),
        outlook: if meets(direction, at, target) {
            Outlook::OnTrack
        } else {
            Outlook::OffTrack
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn draft(measure: &str, target: &str, deadline: &str, owner: &str) -> GoalDraft {
        GoalDraft {
            measure: measure.into(),
            target: target.into(),
            deadline: deadline.into(),
            owner: owner.into(),
            note: String::new(),
        }
    }

    const TODAY: Date = date!(2026 - 11 - 25);

    #[test]
    fn the_handreiking_example_is_a_valid_goal() {
        let g = validate(
            &draft(
                "home_sitters_monthly_meeting",
                "100%",
                "01-08-2027",
                "Wethouder onderwijs",
            ),
            TODAY,
        )
        .expect("valid");
        assert_eq!(g.measure, Measure::HomeSittersMonthlyMeeting);
        assert_eq!(g.target, 100);
        assert_eq!(g.deadline, date!(2027 - 08 - 01));
    }

    #[test]
    fn bad_input_names_every_field() {
        let errors = validate(
            &draft("home_sitters_monthly_meeting", "120", "01-01-2026", "x"),
            TODAY,
        )
        .expect_err("invalid");
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["target", "deadline", "owner"]);
        assert_eq!(errors[0].message_id, "monitor-goal-error-target-range");
        assert_eq!(
            errors[0].args,
            vec![("min", "0".to_owned()), ("max", "100".to_owned())]
        );
        assert_eq!(errors[1].message_id, "monitor-goal-error-deadline-past");
        let errors =
            validate(&draft("pupils_enrolled", "abc", "morgen", ""), TODAY).expect_err("invalid");
        let ids: Vec<&str> = errors.iter().map(|e| e.message_id).collect();
        assert_eq!(
            ids,
            vec![
                "monitor-goal-error-measure",
                "error-date-format",
                "error-text-empty"
            ]
        );
        // The deadline of today is in the past already.
        assert!(validate(&draft("stalled_cases", "0", "25-11-2026", "Team"), TODAY).is_err());
        assert!(validate(&draft("stalled_cases", "-1", "26-11-2026", "Team"), TODAY).is_err());
        assert!(validate(&draft("stalled_cases", "1,5", "26-11-2026", "Team"), TODAY).is_err());
    }

    #[test]
    fn targets_in_tenths() {
        assert_eq!(parse_target(Unit::Tenths, "12,5"), Some(125));
        assert_eq!(parse_target(Unit::Tenths, "12"), Some(120));
        assert_eq!(parse_target(Unit::Tenths, "12,55"), None);
        assert_eq!(parse_target(Unit::Percent, "95 %"), Some(95));
        assert_eq!(parse_target(Unit::Percent, "95,0"), Some(95));
        assert_eq!(format_target(Unit::Tenths, 125), "12,5");
        assert_eq!(format_target(Unit::Tenths, 120), "12");
    }

    #[test]
    fn projection_follows_the_line() {
        let pts: Vec<(i32, f64)> = (0..6).map(|i| (i, 50.0 + 5.0 * f64::from(i))).collect();
        // 75 at month 5, +5 a month: 100 at month 10.
        let on = project(&pts, 10, 100.0, Direction::AtLeast, (0.0, 100.0));
        assert_eq!(on.outlook, Outlook::OnTrack);
        assert!((on.at_deadline.expect("value") - 100.0).abs() < 1e-9);
        let off = project(&pts, 8, 100.0, Direction::AtLeast, (0.0, 100.0));
        assert_eq!(off.outlook, Outlook::OffTrack);
        let reached = project(&pts, 8, 70.0, Direction::AtLeast, (0.0, 100.0));
        assert_eq!(reached.outlook, Outlook::Reached);
        let few = project(&pts[..2], 8, 100.0, Direction::AtLeast, (0.0, 100.0));
        assert_eq!(few.outlook, Outlook::Unknown);
        // Falling counts towards an "at most" target, clamped at zero.
        let down: Vec<(i32, f64)> = (0..4).map(|i| (i, 40.0 - 10.0 * f64::from(i))).collect();
        let p = project(&down, 12, 5.0, Direction::AtMost, (0.0, 1e6));
        assert_eq!(p.outlook, Outlook::OnTrack);
        assert_eq!(p.at_deadline, Some(0.0));
    }

    #[test]
    fn only_the_last_twelve_months_count() {
        // An old rise, then flat at 60 for twelve months.
        let mut pts: Vec<(i32, f64)> = (0..12).map(|i| (i, f64::from(i) * 5.0)).collect();
        pts.extend((12..24).map(|i| (i, 60.0)));
        let p = project(&pts, 30, 90.0, Direction::AtLeast, (0.0, 100.0));
        assert_eq!(p.outlook, Outlook::OffTrack);
        assert_eq!(p.slope, Some(0.0));
    }
}
