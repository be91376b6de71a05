//! Support cases (casussen) with everything inside them: the team with a
//! basis per seat (consents where needed), the versioned plan, shared goals
//! with progress notes, meetings whose decisions became agreements,
//! agreements (some overdue), financing lines, evaluations with scores,
//! escalations (some past their deadline), attendance of home-sitters
//! (thuiszitters) and the timeline (`case_events`).
//!
//! About one pupil in five has a case: more in special education, fewer in
//! the first weeks at a new school. Each case first gets a story ([`Spec`]:
//! phase, dates, whether it stalled, whether the pupil sits at home, whether
//! it was escalated), drawn from the case stream of the seed; then the story
//! is written out as rows by [`CaseBatches`], batch by batch, like the other
//! stages. Every date is relative to [`REFERENCE_DATE`], the demo's "today":
//! a stalled case has had no meeting, plan change or progress note for more
//! than six weeks before it, an overdue agreement was due before it.
//!
//! The phase mix: about 10% signal, 15% exploration, 45% active, 10%
//! evaluation and 20% closed (with an outcome). From first signal to help
//! takes two to twelve weeks for most cases, slower in some municipalities
//! than in others, so the monitor's median and 80th percentile differ
//! between areas.

use std::collections::HashMap;
use std::sync::Arc;

use brug_domain::access::LegalTask;
use brug_domain::cases::{
    AttendanceStatus, CaseOutcome, CaseStatus, EscalationLevel, EvaluationDecision,
    FinancingStream, GoalStatus, LeadDomain, Party,
};
use brug_domain::consent::{AgeBand, ConsentPart, parts_code};
use brug_domain::meetings::MeetingKind;
use brug_domain::plan::{AgreementKind, PlanSection};
use brug_domain::roles::Role;
use brug_store::Ts;
use brug_store::bulk::{
    AgreementRow, AttendanceRow, CaseEventRow, CaseMemberRow, CaseRow, ConsentRow, EscalationRow,
    EvaluationRow, EvaluationScoreRow, FinancingLineRow, GoalProgressRow, GoalRow, GuardianRow,
    MeetingRow, PhaseChangeRow, PlanSectionRow, PlanSectionVersionRow,
};
use fastrand::Rng;
use time::{Date, Duration};

use crate::names::Gender;
use crate::pupils::{BATCH, Grade, GuardianBatches, PupilPlan, REFERENCE_DATE, pupil_id};
use crate::registry::{Profile, weighted};
use crate::staff::{self, Person, Staff};
use crate::texts::{self, AgreementText, GoalText, THEMES, Theme, fill, pick};
use crate::world::World;

/// The demo's "today".
const TODAY: Date = REFERENCE_DATE;

/// Days after which an open case without activity is stalled (six weeks).
const STALLED_DAYS: i64 = brug_domain::cases::STALLED_WEEKS * 7;

// ---------------------------------------------------------------------------
// Rows of one batch
// ---------------------------------------------------------------------------

/// The rows of every case table for one batch of pupils.
#[derive(Debug, Default)]
pub(crate) struct CaseRows {
    pub consents: Vec<ConsentRow>,
    pub cases: Vec<CaseRow>,
    pub members: Vec<CaseMemberRow>,
    pub sections: Vec<PlanSectionRow>,
    pub versions: Vec<PlanSectionVersionRow>,
    pub goals: Vec<GoalRow>,
    pub progress: Vec<GoalProgressRow>,
    pub meetings: Vec<MeetingRow>,
    pub agreements: Vec<AgreementRow>,
    pub financing: Vec<FinancingLineRow>,
    pub evaluations: Vec<EvaluationRow>,
    pub scores: Vec<EvaluationScoreRow>,
    pub escalations: Vec<EscalationRow>,
    pub attendance: Vec<AttendanceRow>,
    pub events: Vec<CaseEventRow>,
    pub phases: Vec<PhaseChangeRow>,
}

impl CaseRows {
    /// Rows per table, in the order they are written (foreign keys first).
    pub(crate) fn tables(&self) -> [(&'static str, usize); 16] {
        [
            ("cases", self.cases.len()),
            ("consents", self.consents.len()),
            ("case_members", self.members.len()),
            ("plan_sections", self.sections.len()),
            ("plan_section_versions", self.versions.len()),
            ("goals", self.goals.len()),
            ("goal_progress", self.progress.len()),
            ("meetings", self.meetings.len()),
            ("agreements", self.agreements.len()),
            ("financing_lines", self.financing.len()),
            ("evaluations", self.evaluations.len()),
            ("evaluation_scores", self.scores.len()),
            ("escalations", self.escalations.len()),
            ("attendance", self.attendance.len()),
            ("case_events", self.events.len()),
            ("case_phase_changes", self.phases.len()),
        ]
    }

    pub(crate) fn len(&self) -> usize {
        self.tables().iter().map(|(_, n)| n).sum()
    }
}

/// The last id handed out per table.
#[derive(Debug, Default)]
struct Ids {
    consent: i64,
    case: i64,
    member: i64,
    version: i64,
    goal: i64,
    progress: i64,
    meeting: i64,
    agreement: i64,
    financing: i64,
    evaluation: i64,
    score: i64,
    escalation: i64,
    attendance: i64,
    event: i64,
}

fn next(id: &mut i64) -> i64 {
    *id += 1;
    *id
}

// ---------------------------------------------------------------------------
// The story of a case
// ---------------------------------------------------------------------------

/// An escalation in the story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Escalation {
    None,
    /// Open, deadline today or later.
    Open,
    /// Open and past its deadline (flagged red).
    PastDeadline,
    /// Decided.
    Decided,
}

/// A home-sitter: since when, and whether school, care and parents met in
/// the last month.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HomeSitter {
    pub since: Date,
    pub met_this_month: bool,
}

/// A professional in a case team.
#[derive(Debug, Clone)]
pub(crate) struct Pro {
    pub user_id: i64,
    pub name: String,
    pub org_id: i64,
    pub role: Role,
    /// Zorgcoördinator or mentor rather than IB or teacher.
    pub secondary: bool,
    /// Seated on consent rather than on a legal task.
    pub on_consent: bool,
    pub lead: bool,
}

impl Pro {
    pub(crate) fn from_person(p: &Person, on_consent: bool) -> Pro {
        Pro {
            user_id: p.user_id,
            name: p.name.clone(),
            org_id: p.org_id,
            role: p.role,
            secondary: p.secondary,
            on_consent,
            lead: false,
        }
    }
}

/// Hand-written texts for the demo accounts' own cases.
#[derive(Debug)]
pub(crate) struct Rich {
    pub title: &'static str,
    /// The final text of each section, in the order of [`PlanSection::ALL`].
    pub sections: [&'static str; 7],
    /// Earlier versions: (section, text of version 1); the final text is version 2.
    pub earlier: &'static [(PlanSection, &'static str)],
    pub goals: &'static [GoalText],
    pub agreements: &'static [AgreementText],
    /// Meetings: (agenda, notes, decisions).
    pub meetings: &'static [(&'static str, &'static str, &'static str)],
    /// How many of the agreements (in order) each meeting decided.
    pub meeting_agreements: &'static [usize],
    pub progress: &'static [&'static str],
}

/// Everything decided about a case before it is written.
#[derive(Debug, Clone)]
pub(crate) struct Spec {
    pub theme: usize,
    pub status: CaseStatus,
    pub lead_domain: Option<LeadDomain>,
    pub first_signal: Date,
    /// When the case moved from signal to exploration.
    pub explored: Option<Date>,
    /// When help started (exploration to active).
    pub help: Option<Date>,
    /// When an active case moved to evaluation (status evaluation).
    pub evaluating: Option<Date>,
    pub closed: Option<Date>,
    pub outcome: Option<CaseOutcome>,
    /// Closed after the signal or exploration, without help.
    pub dismissed: bool,
    pub last_activity: Date,
    pub stalled: bool,
    pub home_sitter: Option<HomeSitter>,
    /// Partly attending or exempted (home-sitters are in `home_sitter`).
    pub attendance: Option<AttendanceStatus>,
    pub escalation: Escalation,
    pub escalation_level: EscalationLevel,
    /// A case of the demo accounts: every section written, more of everything.
    pub full: bool,
    pub rich: Option<&'static Rich>,
    /// A fixed team (the demo accounts' cases); `None`: drawn from the pools.
    pub team: Option<Vec<Pro>>,
    /// Whether the guardians sit in the team.
    pub family: bool,
}

fn days(rng: &mut Rng, lo: i64, hi: i64) -> i64 {
    if hi <= lo { lo } else { rng.i64(lo..=hi) }
}

/// A day in `[from, to]` (`from` when the range is empty).
fn day_in(rng: &mut Rng, from: Date, to: Date) -> Date {
    if to <= from {
        return from;
    }
    from + Duration::days(rng.i64(0..=(to - from).whole_days()))
}

fn ago(n: i64) -> Date {
    TODAY - Duration::days(n)
}

/// A time of day during office hours, as stored.
fn at(rng: &mut Rng, day: Date) -> Ts {
    let hour = rng.u8(6..16);
    let minute = rng.u8(0..60);
    stamp(day, hour, minute)
}

fn stamp(day: Date, hour: u8, minute: u8) -> Ts {
    let time =
        time::Time::from_hms(hour.min(23), minute.min(59), 0).unwrap_or(time::Time::MIDNIGHT);
    Ts::new(time::PrimitiveDateTime::new(day, time).assume_utc())
}

/// The first day a pupil can have had a case at the current school.
fn enrolled_since(p: &PupilPlan) -> Option<Date> {
    let august = |year: i32| Date::from_calendar_date(year, time::Month::August, 20).ok();
    match p.grade {
        Grade::Groep(g) => august(2027 - i32::from(g)),
        Grade::Vo { year, .. } => august(2027 - i32::from(year)),
        Grade::Mbo { year, .. } => august(2027 - i32::from(year)),
        Grade::So { .. } | Grade::Vso { .. } => None,
    }
}

/// Weeks from first signal to help: most between 2 and 12, a slow tail.
fn time_to_help(rng: &mut Rng, speed: f64) -> i64 {
    let base = if rng.u8(0..100) < 6 {
        rng.f64() * 60.0 + 90.0
    } else {
        14.0 + rng.f64().powf(1.6) * 70.0
    };
    ((base * speed).round() as i64).clamp(7, 200)
}

/// How likely a pupil is to have a case before scaling (special education
/// most), and whether the pupil has only just started at the school.
fn base_chance(p: &PupilPlan, profile: Profile) -> (f64, bool) {
    let chance = match profile {
        Profile::Po | Profile::Vo(_) => 0.20,
        Profile::Mbo => 0.18,
        Profile::Sbo => 0.40,
        Profile::So { .. } | Profile::Vso { .. } => 0.45,
    };
    let new = window(p) < 60;
    (if new { chance * 0.5 } else { chance }, new)
}

/// Days the pupil has been at this school before the reference date.
fn window(p: &PupilPlan) -> i64 {
    enrolled_since(p)
        .map_or(1_000, |s| (TODAY - s).whole_days())
        .max(0)
}

/// The phase mix aimed at: signal, exploration, active, evaluation, closed.
pub(crate) const PHASE_MIX: [f64; 5] = [0.10, 0.15, 0.45, 0.10, 0.20];

/// The case chances of a world, scaled so one pupil in five has a case at
/// every scale (whatever its share of special education), and the phase
/// weights for the pupils free to be in any phase, so the whole mix comes
/// out at [`PHASE_MIX`] (pupils new at their school are in the first two
/// phases, pupils who left have a closed case).
pub(crate) struct Rates {
    factor: f64,
    weights: [f64; 5],
}

impl Rates {
    pub(crate) fn for_world(world: &World, scripted: usize) -> Rates {
        let (mut total, mut new, mut left) = (0.0, 0.0, 0.0);
        for p in &world.pupils {
            let profile = world.reg.locations[p.location as usize].profile;
            let (chance, is_new) = base_chance(p, profile);
            total += chance;
            if p.left {
                left += chance;
            } else if is_new {
                new += chance;
            }
        }
        let target = world.pupils.len() as f64 / 5.0 - scripted as f64;
        let factor = if total > 0.0 {
            (target / total).max(0.0)
        } else {
            0.0
        };
        let (q_new, q_left) = if total > 0.0 {
            (new / total, left / total)
        } else {
            (0.0, 0.0)
        };
        let rest = (1.0 - q_new - q_left).max(0.01);
        let [signal, exploration, active, evaluation, closed] = PHASE_MIX;
        let weights = [
            (signal - q_new * NEW_SIGNAL) / rest,
            (exploration - q_new * (1.0 - NEW_SIGNAL)) / rest,
            active / rest,
            evaluation / rest,
            (closed - q_left) / rest,
        ]
        .map(|w| w.max(0.005));
        Rates { factor, weights }
    }
}

/// Share of the cases of pupils new at their school still at the signal.
const NEW_SIGNAL: f64 = 0.7;

/// Decide the story of a generic case for pupil `p`, or none.
pub(crate) fn decide(
    rng: &mut Rng,
    p: &PupilPlan,
    profile: Profile,
    speed: f64,
    rates: &Rates,
) -> Option<Spec> {
    let special = matches!(
        profile,
        Profile::Sbo | Profile::So { .. } | Profile::Vso { .. }
    );
    let (chance, _) = base_chance(p, profile);
    let window = window(p);
    if rng.f64() >= chance * rates.factor {
        return None;
    }
    let age = p.age();
    let compulsory = (5..=17).contains(&age);
    let mut status = [
        CaseStatus::Signal,
        CaseStatus::Exploration,
        CaseStatus::Active,
        CaseStatus::Evaluation,
        CaseStatus::Closed,
    ][weighted(rng, &rates.weights)];
    if p.left {
        status = CaseStatus::Closed;
    }
    if window < 60 && !p.left {
        status = if rng.f64() < NEW_SIGNAL {
            CaseStatus::Signal
        } else {
            CaseStatus::Exploration
        };
    }
    let earliest = TODAY - Duration::days(window.clamp(14, 1_100) - 7);
    let mut spec = Spec {
        theme: texts::pick_theme(rng, age, special),
        status,
        lead_domain: Some(
            [
                LeadDomain::Onderwijs,
                LeadDomain::Zorg,
                LeadDomain::Gezamenlijk,
            ][weighted(rng, &[45.0, 25.0, 30.0])],
        ),
        first_signal: TODAY,
        explored: None,
        help: None,
        evaluating: None,
        closed: None,
        outcome: None,
        dismissed: false,
        last_activity: TODAY,
        stalled: false,
        home_sitter: None,
        attendance: None,
        escalation: Escalation::None,
        escalation_level: EscalationLevel::Team,
        full: false,
        rich: None,
        team: None,
        family: rng.u8(0..100) < 88,
    };
    let open_working = matches!(
        status,
        CaseStatus::Exploration | CaseStatus::Active | CaseStatus::Evaluation
    );
    if open_working {
        spec.stalled = rng.u8(0..100) < 10;
    }
    if open_working && compulsory && window >= 60 {
        let share = match profile {
            Profile::Po => 7,
            Profile::Sbo => 10,
            Profile::So { .. } | Profile::Vso { .. } => 14,
            Profile::Vo(_) | Profile::Mbo => 13,
        };
        if rng.u8(0..100) < share {
            spec.home_sitter = Some(HomeSitter {
                since: TODAY,
                met_this_month: rng.bool(),
            });
            spec.theme = match rng.u8(0..100) {
                0..=59 => texts::VERZUIM,
                60..=79 => texts::ANGST,
                _ => texts::PRIKKELS,
            };
        } else if rng.u8(0..100) < 5 {
            spec.attendance = Some(AttendanceStatus::Partly);
        } else if special && rng.u8(0..100) < 3 {
            spec.attendance = Some(AttendanceStatus::Exemption);
        }
    }
    if spec.home_sitter.is_some_and(|h| h.met_this_month) {
        // A meeting this month means the case is not stalled.
        spec.stalled = false;
    }
    match status {
        CaseStatus::Signal => {
            spec.lead_domain = spec.lead_domain.filter(|_| rng.bool());
            spec.first_signal = ago(days(rng, 1, 35)).max(earliest.min(ago(1)));
            spec.last_activity = spec.first_signal;
        }
        CaseStatus::Exploration => {
            if spec.stalled {
                spec.last_activity = ago(days(rng, STALLED_DAYS + 2, 130));
                let explored = spec.last_activity - Duration::days(days(rng, 0, 40));
                spec.explored = Some(explored.max(earliest + Duration::days(2)));
            } else {
                let explored = ago(days(rng, 3, 100)).max(earliest + Duration::days(2));
                spec.explored = Some(explored.min(ago(1)));
                spec.last_activity = day_in(rng, explored.max(ago(35)), ago(1));
            }
            let explored = spec.explored.unwrap_or(TODAY);
            spec.first_signal = explored - Duration::days(days(rng, 1, 14));
            spec.last_activity = spec.last_activity.max(explored);
        }
        CaseStatus::Active | CaseStatus::Evaluation => {
            let tth = time_to_help(rng, speed);
            let min_age = if status == CaseStatus::Evaluation {
                60
            } else {
                14
            };
            let (help, last) = if spec.stalled {
                let last = ago(days(rng, STALLED_DAYS + 2, 160));
                let help = last - Duration::days(days(rng, 7, 300));
                (help, last)
            } else {
                let help = ago(min_age + (rng.f64().powf(1.6) * 640.0) as i64);
                let last = if spec.home_sitter.is_some_and(|h| h.met_this_month) {
                    ago(days(rng, 1, 24))
                } else {
                    ago(days(rng, 1, 38))
                };
                (help, last.max(help))
            };
            let help = help.max(earliest + Duration::days(tth + 2)).min(last);
            spec.help = Some(help);
            spec.first_signal = help - Duration::days(tth);
            let explore_after = days(rng, 1, (tth / 2).max(1));
            spec.explored = Some(spec.first_signal + Duration::days(explore_after));
            spec.last_activity = last;
            if status == CaseStatus::Evaluation {
                let evaluating = if spec.stalled {
                    day_in(rng, help, last)
                } else {
                    day_in(rng, (last - Duration::days(20)).max(help), last)
                };
                spec.evaluating = Some(evaluating.clamp(help, last));
            }
        }
        CaseStatus::Closed => {
            let outcome = close_outcome(rng, p, profile);
            spec.dismissed = !p.left && rng.u8(0..100) < 15;
            let closed = ago(days(rng, 2, 400).min(window.max(30) - 5).max(2));
            if spec.dismissed {
                spec.outcome = Some(CaseOutcome::StaysInEducation);
                spec.first_signal = closed - Duration::days(days(rng, 5, 60));
                if rng.bool() {
                    spec.explored =
                        Some(day_in(rng, spec.first_signal + Duration::days(1), closed));
                }
                spec.lead_domain = Some(LeadDomain::Onderwijs);
            } else {
                spec.outcome = Some(if p.left {
                    [
                        CaseOutcome::Moved,
                        CaseOutcome::Transferred,
                        CaseOutcome::TransferredSpecial,
                    ][weighted(rng, &[50.0, 35.0, 15.0])]
                } else {
                    outcome
                });
                let span = days(rng, 60, 420);
                let help = (closed - Duration::days(span)).max(earliest + Duration::days(20));
                let help = help.min(closed - Duration::days(14));
                let tth = time_to_help(rng, speed);
                spec.help = Some(help);
                spec.first_signal = help - Duration::days(tth);
                spec.explored =
                    Some(spec.first_signal + Duration::days(days(rng, 1, (tth / 2).max(1))));
            }
            spec.closed = Some(closed);
            spec.last_activity = closed;
        }
    }
    if spec.home_sitter.is_some_and(|h| h.met_this_month) && spec.last_activity < ago(24) {
        // This month's meeting of school, care and parents is the last activity.
        spec.last_activity = day_in(rng, ago(24), ago(1));
    }
    if let Some(h) = spec.home_sitter.as_mut() {
        let from = spec.first_signal.max(ago(420));
        let to = ago(35).min(spec.last_activity);
        h.since = day_in(rng, from.min(to), to);
    }
    if matches!(status, CaseStatus::Active | CaseStatus::Evaluation) {
        let chance = if spec.home_sitter.is_some() { 20 } else { 6 };
        if rng.u8(0..100) < chance {
            spec.escalation = if spec.stalled || rng.u8(0..3) == 0 {
                Escalation::PastDeadline
            } else {
                Escalation::Open
            };
        } else if rng.u8(0..100) < 4 {
            spec.escalation = Escalation::Decided;
        }
    } else if status == CaseStatus::Closed && !spec.dismissed && rng.u8(0..100) < 4 {
        spec.escalation = Escalation::Decided;
    }
    spec.escalation_level = if spec.home_sitter.is_some() && rng.u8(0..100) < 60 {
        EscalationLevel::SwvMunicipality
    } else {
        [
            EscalationLevel::Team,
            EscalationLevel::Managers,
            EscalationLevel::SwvMunicipality,
        ][weighted(rng, &[30.0, 45.0, 25.0])]
    };
    if spec.home_sitter.is_some() {
        // School, care and parents meet every month about a home-sitter.
        spec.family = true;
    }
    if age >= 16 && !p.shares_with_guardians {
        spec.family = false;
    }
    Some(spec)
}

fn close_outcome(rng: &mut Rng, p: &PupilPlan, profile: Profile) -> CaseOutcome {
    let age = p.age();
    let final_year = match p.grade {
        Grade::Vo { track, year } => {
            matches!(track, crate::pupils::Track::Havo) && year == 5
                || matches!(track, crate::pupils::Track::Vwo) && year == 6
                || year == 4
        }
        Grade::Mbo { .. } => true,
        _ => false,
    };
    let weights: [f64; 8] = [
        40.0,
        14.0,
        if matches!(profile, Profile::Po | Profile::Vo(_)) {
            12.0
        } else {
            3.0
        },
        8.0,
        if final_year && age >= 16 { 10.0 } else { 0.0 },
        if age >= 16 && matches!(profile, Profile::Vo(_) | Profile::Mbo) {
            6.0
        } else {
            0.0
        },
        6.0,
        5.0,
    ];
    [
        CaseOutcome::StaysInEducation,
        CaseOutcome::BackInEducation,
        CaseOutcome::TransferredSpecial,
        CaseOutcome::Transferred,
        CaseOutcome::Diploma,
        CaseOutcome::DropOut,
        CaseOutcome::Moved,
        CaseOutcome::Other,
    ][weighted(rng, &weights)]
}

// ---------------------------------------------------------------------------
// Writing a case
// ---------------------------------------------------------------------------

/// Who sits in the team, as written.
#[derive(Debug, Clone)]
enum Member {
    Pro(Pro),
    Guardian {
        id: i64,
        name: String,
        relation: String,
        user_id: Option<i64>,
    },
}

#[derive(Debug, Clone)]
struct Seat {
    member: Member,
    added: Date,
    consent: Option<i64>,
    removed: Option<Date>,
}

impl Seat {
    fn name(&self) -> &str {
        match &self.member {
            Member::Pro(p) => &p.name,
            Member::Guardian { name, .. } => name,
        }
    }

    fn user(&self) -> Option<i64> {
        match &self.member {
            Member::Pro(p) => Some(p.user_id),
            Member::Guardian { user_id, .. } => *user_id,
        }
    }

    fn pro(&self) -> Option<&Pro> {
        match &self.member {
            Member::Pro(p) => Some(p),
            Member::Guardian { .. } => None,
        }
    }

    fn party(&self) -> Party {
        match &self.member {
            Member::Pro(p) => staff::party_of(p.role),
            Member::Guardian { .. } => Party::Parents,
        }
    }

    /// In the team on `day`.
    fn seated_on(&self, day: Date) -> bool {
        self.added <= day && self.removed.is_none_or(|r| r > day)
    }
}

struct EventDraft {
    at: Ts,
    kind: &'static str,
    summary: String,
    ref_id: Option<i64>,
    actor: Option<i64>,
    actor_name: String,
}

/// The pupil a case is about.
pub(crate) struct Child<'a> {
    pub index: usize,
    pub plan: &'a PupilPlan,
    pub guardians: &'a [GuardianRow],
    /// The pupil's own account, if any (the demo pupil).
    pub user_id: Option<i64>,
    pub full_name: String,
}

/// Writes cases into a [`CaseRows`].
pub(crate) struct Writer<'a> {
    pub world: &'a World,
    pub staff: &'a Staff,
    pub rng: &'a mut Rng,
    ids: &'a mut Ids,
    pub out: &'a mut CaseRows,
}

/// State of one case while it is written.
struct Draft {
    case_id: i64,
    pupil_id: i64,
    name: String,
    female: bool,
    age: u8,
    seats: Vec<Seat>,
    lead: usize,
    events: Vec<EventDraft>,
    /// First and last day of the work (for placing activity).
    from: Date,
    until: Date,
    goals: Vec<(i64, Date, String)>,
    status_changes: i64,
    /// The phase history: day, from, to, when.
    phases: Vec<(Date, CaseStatus, CaseStatus, Ts)>,
}

impl Draft {
    fn lead(&self) -> &Seat {
        &self.seats[self.lead]
    }

    fn pros(&self) -> impl Iterator<Item = &Seat> {
        self.seats
            .iter()
            .filter(|s| s.pro().is_some() && s.removed.is_none())
    }

    fn guardians(&self) -> impl Iterator<Item = &Seat> {
        self.seats
            .iter()
            .filter(|s| matches!(s.member, Member::Guardian { .. }))
    }
}

impl Draft {
    /// A template with the child's name and pronouns filled in.
    fn fill(&self, template: &str) -> String {
        fill(template, &self.name, self.female)
    }
}

impl<'a> Writer<'a> {
    fn event(
        &mut self,
        d: &mut Draft,
        day: Date,
        kind: &'static str,
        summary: String,
        ref_id: Option<i64>,
        by: Option<usize>,
    ) {
        let ts = at(self.rng, day);
        self.event_at(d, ts, kind, summary, ref_id, by);
    }

    /// A timeline entry at the time of the row it is about.
    fn event_at(
        &mut self,
        d: &mut Draft,
        at: Ts,
        kind: &'static str,
        summary: String,
        ref_id: Option<i64>,
        by: Option<usize>,
    ) {
        let seat = by.and_then(|i| d.seats.get(i)).unwrap_or(&d.seats[d.lead]);
        let (actor, actor_name) = (seat.user(), seat.name().to_owned());
        d.events.push(EventDraft {
            at,
            kind,
            summary,
            ref_id,
            actor,
            actor_name,
        });
    }

    /// A random professional seat (index) in the team on `day`, for who
    /// wrote or recorded something then.
    fn some_pro(&mut self, d: &Draft, day: Date) -> usize {
        let pros: Vec<usize> = d
            .seats
            .iter()
            .enumerate()
            .filter(|(_, s)| s.pro().is_some() && s.seated_on(day))
            .map(|(i, _)| i)
            .collect();
        if pros.is_empty() {
            d.lead
        } else {
            pros[self.rng.usize(0..pros.len())]
        }
    }

    /// The first seat with one of `roles` in the team on `day`.
    fn seat_of(&self, d: &Draft, roles: &[Role], day: Date) -> Option<usize> {
        d.seats
            .iter()
            .position(|s| s.seated_on(day) && s.pro().is_some_and(|p| roles.contains(&p.role)))
    }

    /// The generic team for a case, drawn from the pools.
    fn draw_team(&mut self, spec: &Spec, child: &Child<'_>) -> Vec<Pro> {
        let reg = &self.world.reg;
        let p = child.plan;
        let loc_index = p.location as usize;
        let loc = &reg.locations[loc_index];
        let staff = self.staff;
        let rng = &mut *self.rng;
        let special = matches!(
            loc.profile,
            Profile::Sbo | Profile::So { .. } | Profile::Vso { .. }
        );
        let mut team: Vec<Pro> = Vec::new();
        let coordinator = staff.pick(rng, &staff.coordinators[loc_index]);
        if let Some(c) = coordinator {
            team.push(Pro::from_person(c, false));
        }
        if spec.status == CaseStatus::Signal {
            if rng.u8(0..100) < 30
                && let Some(t) = staff.pick(rng, &staff.teachers[loc_index])
            {
                team.push(Pro::from_person(t, false));
            }
            if let Some(first) = team.first_mut() {
                first.lead = true;
            }
            return team;
        }
        let lead_domain = spec.lead_domain.unwrap_or(LeadDomain::Onderwijs);
        if rng.u8(0..100) < 40
            && let Some(t) = staff.pick(rng, &staff.teachers[loc_index])
        {
            team.push(Pro::from_person(t, false));
        }
        let early = spec.status == CaseStatus::Exploration || spec.dismissed;
        let care_chance = match (lead_domain, special) {
            (LeadDomain::Zorg, _) => 85,
            (_, true) => 70,
            _ => 50,
        } - if early { 25 } else { 0 };
        let mut care = false;
        if rng.u8(0..100) < care_chance || spec.home_sitter.is_some() {
            let providers = &staff.location_providers[loc_index];
            if !providers.is_empty() {
                // A few providers do most of the work; in special education
                // the work is spread wider (RENN4: 12 providers per SO, 19 per VSO).
                let slope = if special { 0.5 } else { 0.9 };
                let weights: Vec<f64> = (0..providers.len())
                    .map(|k| 1.0 / ((k + 1) as f64).powf(slope))
                    .collect();
                let provider = providers[weighted(rng, &weights)] as usize;
                if let Some(w) = staff.pick(rng, &staff.care_workers[provider]) {
                    team.push(Pro::from_person(w, rng.u8(0..100) < 75));
                    care = true;
                }
                if special && rng.u8(0..100) < 30 {
                    let second = providers[rng.usize(0..providers.len())] as usize;
                    if second != provider
                        && let Some(w) = staff.pick(rng, &staff.care_workers[second])
                    {
                        team.push(Pro::from_person(w, true));
                    }
                }
            }
        }
        let residence = p.residence as usize;
        let wijkteam_chance = match lead_domain {
            LeadDomain::Zorg => 60,
            _ => 30,
        };
        if (rng.u8(0..100) < wijkteam_chance || (lead_domain == LeadDomain::Zorg && !care))
            && let Some(w) = staff.pick(rng, &staff.wijkteam[residence])
        {
            team.push(Pro::from_person(w, false));
        }
        if (p.age() < 12 && rng.u8(0..100) < 10 || rng.u8(0..100) < 4)
            && let Some(j) = staff.pick(rng, &staff.jgz[residence])
        {
            team.push(Pro::from_person(j, true));
        }
        if (spec.home_sitter.is_some()
            || spec.attendance == Some(AttendanceStatus::Partly) && rng.u8(0..100) < 60
            || spec.theme == texts::RITME && rng.u8(0..100) < 40
            || rng.u8(0..100) < 2)
            && let Some(l) = staff.pick(rng, &staff.leerplicht[residence])
        {
            team.push(Pro::from_person(l, false));
        }
        let swv_needed = spec.escalation_level == EscalationLevel::SwvMunicipality
            && spec.escalation != Escalation::None
            || spec.outcome == Some(CaseOutcome::TransferredSpecial);
        if (swv_needed || rng.u8(0..100) < if special { 25 } else { 8 })
            && let Some(s) = staff::swv_of(reg, loc)
            && let Some(c) = staff.pick(rng, &staff.swv[s])
        {
            team.push(Pro::from_person(c, false));
        }
        // The case lead.
        let lead = match lead_domain {
            LeadDomain::Onderwijs => Some(0),
            LeadDomain::Zorg => team
                .iter()
                .position(|t| t.role == Role::WijkteamCoach)
                .or_else(|| team.iter().position(|t| t.role == Role::CareWorker)),
            LeadDomain::Gezamenlijk => {
                if rng.bool() {
                    Some(0)
                } else {
                    team.iter()
                        .position(|t| matches!(t.role, Role::WijkteamCoach | Role::CareWorker))
                }
            }
        }
        .unwrap_or(0);
        if let Some(t) = team.get_mut(lead) {
            t.lead = true;
            // The lead rests on a legal task, never on a consent that can end.
            t.on_consent = false;
        }
        team
    }

    /// Write one case; returns nothing, rows go to `out`.
    pub(crate) fn write(&mut self, spec: &Spec, child: &Child<'_>) {
        let world = self.world;
        let p = child.plan;
        let loc = &world.reg.locations[p.location as usize];
        let school_id = world.reg.schools[loc.school].org_id;
        let case_id = next(&mut self.ids.case);
        let team = match &spec.team {
            Some(t) => t.clone(),
            None => self.draw_team(spec, child),
        };
        let from = spec.explored.unwrap_or(spec.first_signal);
        let mut d = Draft {
            case_id,
            pupil_id: pupil_id(child.index),
            name: p.given.text().to_owned(),
            female: p.gender() == Gender::Female,
            age: p.age(),
            seats: Vec::new(),
            lead: 0,
            events: Vec::new(),
            from,
            until: spec.last_activity.max(from),
            goals: Vec::new(),
            status_changes: 0,
            phases: Vec::new(),
        };
        self.seat_team(&mut d, spec, child, team);
        let title = match spec.rich {
            Some(r) => r.title.to_owned(),
            None => pick(self.rng, THEMES[spec.theme].titles).to_owned(),
        };
        let opener = self
            .seat_of(&d, &[Role::Coordinator], spec.first_signal)
            .unwrap_or(d.lead);
        self.event(
            &mut d,
            spec.first_signal,
            "opened",
            title.clone(),
            Some(case_id),
            Some(opener),
        );
        self.team_events(&mut d, spec);
        self.status_events(&mut d, spec);
        let working =
            spec.status != CaseStatus::Signal && !(spec.dismissed && spec.explored.is_none());
        if working {
            self.plan(&mut d, spec);
        }
        let helped = spec.help.is_some();
        if helped || spec.status == CaseStatus::Exploration && self.rng.u8(0..100) < 40 {
            self.goals(&mut d, spec);
        }
        if working {
            self.meetings_and_agreements(&mut d, spec);
        }
        let mut escalation_opened = None;
        if spec.escalation != Escalation::None && helped {
            escalation_opened = Some(self.escalation_day(&d, spec));
        }
        if helped {
            self.financing(&mut d, spec);
            self.evaluations(&mut d, spec, escalation_opened);
        }
        if let Some(opened) = escalation_opened {
            self.escalation(&mut d, spec, opened);
        }
        self.attendance(&mut d, spec);
        if matches!(
            spec.status,
            CaseStatus::Exploration | CaseStatus::Active | CaseStatus::Evaluation
        ) {
            self.anchor_activity(&mut d, spec);
        }

        let created = at(self.rng, spec.first_signal);
        let updated = stamp(spec.last_activity, 15, 30);
        let creator = d.seats.get(opener).and_then(Seat::user);
        self.out.cases.push(CaseRow {
            id: case_id,
            pupil_id: d.pupil_id,
            school_id,
            title,
            status: spec.status,
            lead_domain: spec.lead_domain,
            first_signal_on: spec.first_signal,
            help_started_on: spec.help,
            closed_on: spec.closed,
            close_reason: spec.closed.map(|_| {
                if spec.dismissed {
                    texts::DISMISSED_REASON.to_owned()
                } else {
                    let outcome = spec.outcome.unwrap_or(CaseOutcome::Other);
                    d.fill(texts::close_reason(outcome))
                }
            }),
            outcome: spec.outcome,
            version: 1 + d.status_changes,
            last_activity_on: Some(spec.last_activity),
            created_by_user_id: creator,
            created_at: created.min(updated),
            updated_at: updated,
        });
        for (on, from, to, at) in std::mem::take(&mut d.phases) {
            self.out.phases.push(PhaseChangeRow {
                case_id,
                from: Some(from),
                to,
                on,
                outcome: spec.outcome.filter(|_| to == CaseStatus::Closed),
                at,
            });
        }
        let mut events = std::mem::take(&mut d.events);
        events.sort_by_key(|e| e.at);
        for e in events {
            self.out.events.push(CaseEventRow {
                id: next(&mut self.ids.event),
                case_id,
                kind: e.kind.to_owned(),
                summary: e.summary,
                ref_id: e.ref_id,
                actor_user_id: e.actor,
                actor_name: e.actor_name,
                occurred_at: e.at,
            });
        }
    }

    fn seat_team(&mut self, d: &mut Draft, spec: &Spec, child: &Child<'_>, team: Vec<Pro>) {
        let first = spec.first_signal;
        let explored = spec.explored.unwrap_or(first);
        let work_start = spec.help.unwrap_or(explored);
        let limit = d.until;
        for pro in team {
            let added = if pro.lead || d.seats.is_empty() {
                first
            } else {
                match pro.role {
                    Role::Coordinator | Role::Teacher => day_in(self.rng, first, explored),
                    Role::CareWorker | Role::YouthHealth => {
                        day_in(self.rng, explored, work_start.max(explored))
                    }
                    Role::AttendanceOfficer => match spec.home_sitter {
                        Some(h) => h.since.max(first),
                        None => day_in(self.rng, explored, limit),
                    },
                    _ => day_in(self.rng, first, work_start),
                }
            }
            .min(limit)
            .max(first);
            if pro.lead {
                d.lead = d.seats.len();
            }
            d.seats.push(Seat {
                member: Member::Pro(pro),
                added,
                consent: None,
                removed: None,
            });
        }
        if spec.family {
            for g in child.guardians {
                d.seats.push(Seat {
                    member: Member::Guardian {
                        id: g.id,
                        name: g.name.clone(),
                        relation: g.relation.clone(),
                        user_id: g.user_id,
                    },
                    added: day_in(self.rng, first, explored.min(limit)),
                    consent: None,
                    removed: None,
                });
            }
        }
        // Consents for the seats that rest on them, then the member rows.
        let lead_user = d.lead().user();
        let open = spec.status.is_open();
        for i in 0..d.seats.len() {
            let on_consent = d.seats[i].pro().is_some_and(|p| p.on_consent && !p.lead);
            if !on_consent {
                continue;
            }
            let added = d.seats[i].added;
            // Who consents, by age: a guardian; from 12 the child too; from 16 the young person alone.
            let guardian = child.guardians.first();
            let (by_user, by_name, relation) = match AgeBand::of(d.age) {
                AgeBand::YoungPerson => (child.user_id, child.full_name.clone(), "young_person"),
                AgeBand::Together => (
                    guardian.and_then(|g| g.user_id),
                    match guardian {
                        Some(g) => format!("{} en {}", g.name, d.name),
                        None => child.full_name.clone(),
                    },
                    "guardian+young_person",
                ),
                AgeBand::Child => match guardian {
                    Some(g) => (g.user_id, g.name.clone(), "guardian"),
                    None => (None, "Wettelijk vertegenwoordiger".to_owned(), "guardian"),
                },
            };
            let until = if self.rng.u8(0..100) < 60 {
                None
            } else {
                let year = added + Duration::days(365);
                Some(if open && year < TODAY + Duration::days(14) {
                    TODAY + Duration::days(days(self.rng, 30, 300))
                } else {
                    year
                })
            };
            // Now and then a parent withdraws consent: the seat ends with it.
            let withdrawn = (open
                && spec.status != CaseStatus::Signal
                && self.rng.u16(0..1000) < 15
                && added + Duration::days(14) < d.until)
                .then(|| day_in(self.rng, added + Duration::days(14), d.until));
            let pro = d.seats[i].pro().cloned();
            let id = next(&mut self.ids.consent);
            let created = at(self.rng, added);
            self.out.consents.push(ConsentRow {
                id,
                pupil_id: d.pupil_id,
                case_id: Some(d.case_id),
                given_by_user_id: by_user,
                given_by_name: by_name,
                given_by_relation: relation.to_owned(),
                given_by_young_person: relation != "guardian",
                recipient_org_id: pro.as_ref().map(|p| p.org_id),
                recipient_user_id: pro.as_ref().map(|p| p.user_id),
                purpose: pick(self.rng, texts::CONSENT_PURPOSES).to_owned(),
                scope: parts_code(&[ConsentPart::Plan, ConsentPart::Meetings]),
                valid_from: added,
                valid_until: until,
                withdrawn_at: withdrawn.map(|w| stamp(w, 9, 0)),
                withdrawn_by_user_id: withdrawn.and(by_user),
                recorded_by_user_id: lead_user,
                created_at: created,
            });
            d.seats[i].consent = Some(id);
            d.seats[i].removed = withdrawn;
        }
        for s in &d.seats {
            let (user_id, guardian_id, org_id, role, basis, task, lead) = match &s.member {
                Member::Pro(p) => (
                    Some(p.user_id),
                    None,
                    Some(p.org_id),
                    p.role.code().to_owned(),
                    if s.consent.is_some() {
                        "consent"
                    } else {
                        "legal_task"
                    },
                    s.consent.is_none().then(|| staff::legal_task_of(p.role)),
                    p.lead,
                ),
                Member::Guardian { id, relation, .. } => (
                    None,
                    Some(*id),
                    None,
                    relation.clone(),
                    "family",
                    None,
                    false,
                ),
            };
            let task: Option<LegalTask> = task;
            self.out.members.push(CaseMemberRow {
                id: next(&mut self.ids.member),
                case_id: d.case_id,
                user_id,
                guardian_id,
                org_id,
                role_in_case: role,
                basis: basis.to_owned(),
                consent_id: s.consent,
                legal_task: task,
                is_lead: lead,
                added_by_user_id: lead_user,
                added_at: stamp(s.added, 8, 15),
                removed_at: s.removed.map(|r| stamp(r, 9, 0)),
            });
        }
    }

    fn team_events(&mut self, d: &mut Draft, spec: &Spec) {
        let lead = d.lead;
        let seats: Vec<(usize, Date, String, Option<Date>)> = d
            .seats
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != lead)
            .map(|(i, s)| {
                let summary = match &s.member {
                    Member::Pro(p) => format!("{} ({})", p.name, self.staff.org_name(p.org_id)),
                    Member::Guardian { name, .. } => name.clone(),
                };
                (i, s.added, summary, s.removed)
            })
            .collect();
        for (_, added, summary, removed) in seats {
            self.event(d, added, "team", summary.clone(), None, Some(lead));
            if let Some(r) = removed {
                self.event(d, r, "team", summary, None, Some(lead));
            }
        }
        // Now and then the lead was handed over during the case.
        if spec.help.is_some() && self.rng.u8(0..100) < 8 {
            let day = day_in(self.rng, d.from, d.until);
            let name = d.lead().name().to_owned();
            self.event(d, day, "lead", name, None, Some(lead));
        }
    }

    fn status_events(&mut self, d: &mut Draft, spec: &Spec) {
        use CaseStatus::*;
        let mut moves: Vec<(Date, CaseStatus, CaseStatus)> = Vec::new();
        if let Some(e) = spec.explored {
            moves.push((e, Signal, Exploration));
        }
        if let Some(h) = spec.help {
            moves.push((h, Exploration, Active));
        }
        if let Some(e) = spec.evaluating {
            moves.push((e, Active, Evaluation));
        }
        if let Some(c) = spec.closed {
            let from = if spec.help.is_some() {
                Active
            } else if spec.explored.is_some() {
                Exploration
            } else {
                Signal
            };
            moves.push((c, from, Closed));
        }
        for (day, from, to) in moves {
            let by = self.some_pro(d, day);
            self.event(
                d,
                day,
                "status",
                format!("{from} → {to}"),
                Some(d.case_id),
                Some(by),
            );
            if let Some(e) = d.events.last() {
                d.phases.push((day, from, to, e.at));
            }
            d.status_changes += 1;
        }
    }

    fn plan(&mut self, d: &mut Draft, spec: &Spec) {
        let theme: &Theme = &THEMES[spec.theme];
        let done_status = spec.help.is_some();
        for (k, section) in PlanSection::ALL.iter().copied().enumerate() {
            let chance = if spec.full {
                100
            } else {
                match (section, done_status) {
                    (PlanSection::ChildWords, true) => 85,
                    (PlanSection::ParentsView, true) => 85,
                    (PlanSection::Strengths, true) => 90,
                    (PlanSection::SupportNeeds, true) => 100,
                    (PlanSection::Expectations, true) => 80,
                    (PlanSection::ClassroomTransfer, true) => 65,
                    (PlanSection::Evaluation, true) => 70,
                    (PlanSection::ChildWords, false) => 55,
                    (PlanSection::ParentsView, false) => 50,
                    (PlanSection::Strengths, false) => 45,
                    (PlanSection::SupportNeeds, false) => 70,
                    (PlanSection::Expectations, false) => 35,
                    _ => 0,
                }
            };
            if self.rng.u8(0..100) >= chance {
                continue;
            }
            let (final_text, earlier) = match spec.rich {
                Some(r) => (
                    d.fill(r.sections[k]),
                    r.earlier
                        .iter()
                        .find(|(s, _)| *s == section)
                        .map(|(_, t)| d.fill(t)),
                ),
                None => {
                    let text = match section {
                        PlanSection::ChildWords if d.age >= 12 => pick(self.rng, theme.child_teen),
                        PlanSection::ChildWords => pick(self.rng, theme.child_young),
                        PlanSection::ParentsView => pick(self.rng, theme.parents),
                        PlanSection::Strengths => pick(self.rng, texts::STRENGTHS),
                        PlanSection::SupportNeeds => pick(self.rng, theme.needs),
                        PlanSection::Expectations => pick(self.rng, texts::EXPECTATIONS),
                        PlanSection::ClassroomTransfer => pick(self.rng, theme.transfer),
                        PlanSection::Evaluation => pick(self.rng, texts::EVALUATION_TEXT),
                    };
                    let text = d.fill(text);
                    if self.rng.u8(0..100) < 25 {
                        let addition = d.fill(pick(self.rng, ADDITIONS));
                        (format!("{text}\n\n{addition}"), Some(text))
                    } else {
                        (text, None)
                    }
                }
            };
            let first_day = day_in(self.rng, d.from, (d.from + Duration::days(21)).min(d.until));
            let school = [Role::Coordinator, Role::Teacher];
            let care = [Role::CareWorker, Role::WijkteamCoach];
            let author = |w: &Self, day: Date| {
                match section {
                    // The parents write their own view when they have an account.
                    PlanSection::ParentsView => d.seats.iter().position(|s| {
                        matches!(
                            s.member,
                            Member::Guardian {
                                user_id: Some(_),
                                ..
                            }
                        ) && s.seated_on(day)
                    }),
                    PlanSection::ClassroomTransfer => w.seat_of(d, &care, day),
                    PlanSection::ChildWords | PlanSection::Strengths => w.seat_of(d, &school, day),
                    _ => None,
                }
                .unwrap_or(d.lead)
            };
            let mut saves = Vec::with_capacity(2);
            if let Some(e) = earlier {
                saves.push((e, first_day, author(self, first_day)));
                let later = day_in(
                    self.rng,
                    (first_day + Duration::days(7)).min(d.until),
                    d.until,
                );
                let by = if self.rng.bool() {
                    author(self, later)
                } else {
                    self.some_pro(d, later)
                };
                saves.push((final_text.clone(), later, by));
            } else {
                saves.push((final_text.clone(), first_day, author(self, first_day)));
            }
            let mut version = 0;
            let mut last = (stamp(first_day, 12, 0), d.lead);
            for (body, day, by) in saves {
                version += 1;
                let seat = &d.seats[by];
                let ts = at(self.rng, day);
                self.out.versions.push(PlanSectionVersionRow {
                    id: next(&mut self.ids.version),
                    case_id: d.case_id,
                    section,
                    version,
                    body,
                    author_user_id: seat.user(),
                    author_name: seat.name().to_owned(),
                    created_at: ts,
                });
                self.event_at(
                    d,
                    ts,
                    "plan",
                    format!("{} v{version}", section.code()),
                    Some(d.case_id),
                    Some(by),
                );
                last = (ts, by);
            }
            let seat = &d.seats[last.1];
            self.out.sections.push(PlanSectionRow {
                case_id: d.case_id,
                section,
                body: final_text,
                version,
                updated_by_user_id: seat.user(),
                updated_at: last.0,
            });
        }
    }

    fn goals(&mut self, d: &mut Draft, spec: &Spec) {
        let theme = &THEMES[spec.theme];
        let list: &[GoalText] = spec.rich.map_or(theme.goals, |r| r.goals);
        let n = if spec.help.is_none() {
            1
        } else if spec.full {
            list.len().min(3)
        } else {
            self.rng.usize(2..=3).min(list.len())
        };
        let start = spec.help.unwrap_or(d.from);
        let progress_pool: &[&str] = spec.rich.map_or(theme.progress, |r| r.progress);
        let mut order: Vec<usize> = (0..list.len()).collect();
        if spec.rich.is_none() {
            self.rng.shuffle(&mut order);
        }
        for &g in order.iter().take(n) {
            let goal = &list[g];
            let id = next(&mut self.ids.goal);
            let description = d.fill(goal.description);
            let created_day = start.min(d.until);
            let target = created_day + Duration::days(days(self.rng, 90, 240));
            let status = if let Some(outcome) = spec.outcome.filter(|_| !spec.dismissed) {
                let good = matches!(
                    outcome,
                    CaseOutcome::StaysInEducation
                        | CaseOutcome::BackInEducation
                        | CaseOutcome::Diploma
                );
                let (achieved, not_achieved) = if good { (60, 85) } else { (30, 75) };
                match self.rng.u8(0..100) {
                    x if x < achieved => GoalStatus::Achieved,
                    x if x < not_achieved => GoalStatus::NotAchieved,
                    _ => GoalStatus::Dropped,
                }
            } else if spec.help.is_none() {
                GoalStatus::Open
            } else if target < TODAY && self.rng.u8(0..100) < 35 {
                GoalStatus::Achieved
            } else if self.rng.u8(0..100) < 8 {
                GoalStatus::Open
            } else {
                GoalStatus::InProgress
            };
            let creator = d.lead;
            let created = at(self.rng, created_day);
            self.event_at(
                d,
                created,
                "goal",
                description.clone(),
                Some(id),
                Some(creator),
            );
            d.goals.push((id, created_day, description.clone()));
            // Progress notes, with a score that moves towards where the goal ends up.
            let mut last_note = created_day;
            if spec.help.is_some() {
                let notes = if spec.full { 3 } else { self.rng.usize(0..=2) };
                let start_score = self.rng.i64(3..=5);
                let end_score = match status {
                    GoalStatus::Achieved => self.rng.i64(7..=9),
                    GoalStatus::NotAchieved | GoalStatus::Dropped => self.rng.i64(2..=4),
                    _ => self.rng.i64(5..=7),
                };
                let mut day = created_day;
                for k in 0..notes {
                    let gap = ((d.until - day).whole_days() / 2).max(0);
                    if gap == 0 {
                        break;
                    }
                    day += Duration::days(days(self.rng, gap / 2, gap).max(1));
                    let step = (end_score - start_score) * (k as i64 + 1) / notes as i64;
                    let score = (start_score + step + self.rng.i64(-1..=1)).clamp(1, 10);
                    let pool = if self.rng.u8(0..100) < 75 {
                        progress_pool
                    } else {
                        texts::PROGRESS_GENERIC
                    };
                    let text = d.fill(pick(self.rng, pool));
                    self.progress_note(d, id, &description, day, text, Some(score));
                    last_note = day;
                }
            }
            // A goal that ended did so after its last progress note.
            let mut updated = created;
            let mut version = 1;
            if matches!(
                status,
                GoalStatus::Achieved | GoalStatus::NotAchieved | GoalStatus::Dropped
            ) {
                let day = day_in(self.rng, last_note, d.until);
                updated = at(self.rng, day).max(created);
                version = 2;
                let by = self.some_pro(d, day);
                self.event_at(
                    d,
                    updated,
                    "goal",
                    format!(
                        "{description} ({} → {})",
                        GoalStatus::InProgress.code(),
                        status.code()
                    ),
                    Some(id),
                    Some(by),
                );
            }
            self.out.goals.push(GoalRow {
                id,
                case_id: d.case_id,
                description,
                contributors: d.fill(goal.contributors),
                indicator: d.fill(goal.indicator),
                start_on: created_day,
                target_on: Some(target),
                status,
                version,
                created_by_user_id: d.seats[creator].user(),
                created_at: created,
                updated_at: updated,
            });
        }
    }

    fn progress_note(
        &mut self,
        d: &mut Draft,
        goal_id: i64,
        description: &str,
        day: Date,
        note: String,
        score: Option<i64>,
    ) {
        let by = self.some_pro(d, day);
        let seat = &d.seats[by];
        let ts = at(self.rng, day);
        self.out.progress.push(GoalProgressRow {
            id: next(&mut self.ids.progress),
            goal_id,
            case_id: d.case_id,
            note,
            score,
            author_user_id: seat.user(),
            author_name: seat.name().to_owned(),
            created_at: ts,
        });
        let summary = match score {
            Some(s) => format!("{description} ({s}/10)"),
            None => description.to_owned(),
        };
        self.event_at(d, ts, "progress", summary, Some(goal_id), Some(by));
    }

    /// The owner of an agreement for `party`: a seat of that party in the
    /// team on `day`, or else the lead.
    fn owner(&mut self, d: &Draft, party: Party, day: Date) -> (Party, Option<i64>, String) {
        match party {
            Party::Pupil => (Party::Pupil, None, d.name.clone()),
            Party::Parents => match d.guardians().find(|g| g.seated_on(day)) {
                Some(g) => (Party::Parents, g.user(), g.name().to_owned()),
                None => self.owner(d, Party::School, day),
            },
            _ => {
                let seats: Vec<&Seat> = d
                    .pros()
                    .filter(|s| s.party() == party && s.seated_on(day))
                    .collect();
                if seats.is_empty() {
                    let lead = d.lead();
                    (lead.party(), lead.user(), lead.name().to_owned())
                } else {
                    let s = seats[self.rng.usize(0..seats.len())];
                    (party, s.user(), s.name().to_owned())
                }
            }
        }
    }

    fn meetings_and_agreements(&mut self, d: &mut Draft, spec: &Spec) {
        let theme = &THEMES[spec.theme];
        let span = (d.until - d.from).whole_days();
        let mut count = match spec.status {
            CaseStatus::Exploration => usize::from(self.rng.u8(0..100) < 75),
            CaseStatus::Closed if spec.dismissed => usize::from(self.rng.bool()),
            _ => 1 + usize::try_from(span / 110).unwrap_or(0).min(2),
        };
        if spec.full {
            count = count.max(2);
        }
        if let Some(r) = spec.rich {
            count = count.max(r.meetings.len());
        }
        let home_sitter = spec.home_sitter;
        // Spread over the work, each in its own stretch of it.
        let stretch = span as f64 / count.max(1) as f64;
        let mut days_held: Vec<Date> = (0..count)
            .map(|k| {
                let offset = stretch * (k as f64 + 0.2 + self.rng.f64() * 0.6);
                (d.from + Duration::days(offset as i64)).min(d.until)
            })
            .collect();
        if let Some(h) = home_sitter {
            // Monthly meetings of school, care and parents since the pupil sits at home.
            let mut day = h.since + Duration::days(days(self.rng, 7, 20));
            let mut monthly = Vec::new();
            while day <= d.until {
                monthly.push(day);
                day += Duration::days(days(self.rng, 26, 45));
            }
            let keep = monthly.len().saturating_sub(3);
            days_held.extend(monthly.into_iter().skip(keep));
            if h.met_this_month {
                days_held.push(d.until);
            }
        }
        days_held.sort_unstable();
        days_held.dedup();
        let agreements_total = if spec.dismissed {
            self.rng.usize(1..=2)
        } else if spec.full {
            6
        } else {
            self.rng.usize(2..=6)
        };
        let list: &[AgreementText] = spec.rich.map_or(theme.agreements, |r| r.agreements);
        let mut order: Vec<usize> = (0..list.len()).collect();
        if spec.rich.is_none() {
            self.rng.shuffle(&mut order);
        }
        let mut made = 0usize;
        let care_roles = [Role::CareWorker, Role::WijkteamCoach, Role::YouthHealth];
        let triangle_cutoff = TODAY - Duration::days(31);
        for (k, held) in days_held.iter().copied().enumerate() {
            let id = next(&mut self.ids.meeting);
            let kind = if home_sitter.is_some_and(|h| held >= h.since) {
                MeetingKind::Thuiszitteroverleg
            } else if spec.status == CaseStatus::Exploration || k == 0 {
                [MeetingKind::Ondersteuningsteam, MeetingKind::Overleg][self.rng.usize(0..2)]
            } else {
                [
                    MeetingKind::Overleg,
                    MeetingKind::Ondersteuningsteam,
                    MeetingKind::Mdo,
                ][weighted(self.rng, &[50.0, 25.0, 25.0])]
            };
            let has_care = d.pros().any(|s| {
                s.seated_on(held) && s.pro().is_some_and(|p| care_roles.contains(&p.role))
            });
            let has_family = d.guardians().any(|g| g.seated_on(held));
            let with_care =
                has_care && (kind == MeetingKind::Thuiszitteroverleg || self.rng.u8(0..100) < 80);
            let mut with_parents = has_family && self.rng.u8(0..100) < 85;
            if let Some(h) = home_sitter {
                // Without this month's meeting, the last month had no full triangle.
                if !h.met_this_month && held > triangle_cutoff {
                    with_parents = false;
                }
                if h.met_this_month && held == d.until {
                    with_parents = has_family;
                }
            }
            let mut participants: Vec<String> = Vec::new();
            for s in d.pros().filter(|s| s.seated_on(held)) {
                let Some(p) = s.pro() else { continue };
                if care_roles.contains(&p.role) && !with_care {
                    continue;
                }
                participants.push(format!(
                    "{} ({})",
                    p.name,
                    texts::role_label(p.role.code(), p.secondary)
                ));
            }
            if with_parents {
                for g in d.guardians().filter(|g| g.seated_on(held)) {
                    if let Member::Guardian { name, relation, .. } = &g.member {
                        participants.push(format!("{name} ({relation})"));
                    }
                }
            }
            if d.age >= 10 && self.rng.u8(0..100) < 40 {
                participants.push(d.name.clone());
            }
            let (agenda, notes, decisions) = match spec.rich.and_then(|r| r.meetings.get(k)) {
                Some((a, n, c)) => (d.fill(a), d.fill(n), d.fill(c)),
                None => (
                    d.fill(pick(self.rng, texts::AGENDAS)),
                    d.fill(pick(self.rng, texts::MEETING_NOTES)),
                    d.fill(pick(self.rng, texts::MEETING_DECISIONS)),
                ),
            };
            let recorder = self
                .seat_of(d, &[Role::Coordinator], held)
                .unwrap_or(d.lead);
            let with_school = d.pros().any(|s| {
                s.seated_on(held)
                    && s.pro()
                        .is_some_and(|p| matches!(p.role, Role::Coordinator | Role::Teacher))
            });
            let ts = at(self.rng, held);
            self.out.meetings.push(MeetingRow {
                id,
                case_id: d.case_id,
                held_on: held,
                kind,
                participants: participants.join(", "),
                agenda,
                notes,
                decisions,
                with_school,
                with_care,
                with_parents,
                created_by_user_id: d.seats[recorder].user(),
                created_at: ts,
            });
            self.event_at(
                d,
                ts,
                "meeting",
                format!("{} ({})", dutch_date(held), kind.code()),
                Some(id),
                Some(recorder),
            );
            // Decisions become agreements (hand-written cases say how many).
            let wanted = match spec.rich {
                Some(r) => r.meeting_agreements.get(k).copied().unwrap_or(0),
                None => self.rng.usize(1..=2),
            };
            let from_meeting = wanted.min(agreements_total.saturating_sub(made));
            let mut lines = String::new();
            for j in 0..from_meeting {
                let text = &list[order[made % order.len()]];
                let minutes = i64::try_from(j + 1).unwrap_or(1) * 2;
                let created = Ts::new(ts.get() + Duration::minutes(minutes));
                let (action, owner, due) =
                    self.agreement(d, spec, text, held, created, Some(id), recorder);
                lines.push_str(&format!("\n- {action} ({owner}, vóór {})", dutch_date(due)));
                made += 1;
            }
            // The decisions that became agreements, as the meeting form records them.
            if !lines.is_empty()
                && let Some(m) = self.out.meetings.last_mut()
            {
                m.decisions.push_str("\n\nAfspraken:");
                m.decisions.push_str(&lines);
            }
        }
        while made < agreements_total {
            let text = &list[order[made % order.len()]];
            let day = day_in(self.rng, d.from, d.until);
            let by = self.some_pro(d, day);
            let created = at(self.rng, day);
            let _ = self.agreement(d, spec, text, day, created, None, by);
            made += 1;
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn agreement(
        &mut self,
        d: &mut Draft,
        spec: &Spec,
        text: &AgreementText,
        day: Date,
        created: Ts,
        meeting: Option<i64>,
        by: usize,
    ) -> (String, String, Date) {
        let id = next(&mut self.ids.agreement);
        let (party, owner_user, owner_name) = self.owner(d, text.party, day);
        let kind = if party == text.party {
            text.kind
        } else {
            AgreementKind::Task
        };
        let action = d.fill(text.action);
        let due = day + Duration::days(days(self.rng, 10, 45));
        let done = if spec.closed.is_some() {
            Some(day_in(self.rng, day, due.min(d.until)))
        } else if due < TODAY {
            let overdue = if spec.stalled { 55 } else { 20 };
            (self.rng.u8(0..100) >= overdue).then(|| {
                day_in(
                    self.rng,
                    day,
                    (due + Duration::days(7))
                        .min(d.until.max(day))
                        .min(TODAY - Duration::days(1)),
                )
            })
        } else {
            (self.rng.u8(0..100) < 20 && day < d.until).then(|| day_in(self.rng, day, d.until))
        };
        self.event_at(d, created, "agreement", action.clone(), Some(id), Some(by));
        if let Some(done_day) = done {
            let ticked = at(self.rng, done_day).max(created);
            let who = self.some_pro(d, done_day);
            self.event_at(
                d,
                ticked,
                "agreement",
                format!("✓ {action}"),
                Some(id),
                Some(who),
            );
        }
        self.out.agreements.push(AgreementRow {
            id,
            case_id: d.case_id,
            action: action.clone(),
            party,
            kind,
            owner_user_id: owner_user,
            owner_name: owner_name.clone(),
            due_on: Some(due),
            done_on: done,
            meeting_id: meeting,
            version: 1 + i64::from(done.is_some()),
            created_by_user_id: d.seats[by].user(),
            created_at: created,
        });
        (action, owner_name, due)
    }

    fn financing(&mut self, d: &mut Draft, spec: &Spec) {
        let Some(help) = spec.help else { return };
        let has = |roles: &[Role]| {
            d.pros()
                .any(|s| s.pro().is_some_and(|p| roles.contains(&p.role)))
        };
        let mut streams = Vec::new();
        if self.rng.u8(0..100) < 55 || spec.full {
            streams.push(FinancingStream::Basisondersteuning);
        }
        if has(&[Role::CareWorker, Role::WijkteamCoach]) && self.rng.u8(0..100) < 85 {
            streams.push(FinancingStream::Jeugdwet);
        }
        if has(&[Role::SwvConsultant]) && self.rng.u8(0..100) < 80 {
            streams.push(FinancingStream::SwvArrangement);
        }
        match self.rng.u8(0..100) {
            0..=3 => streams.push(FinancingStream::Wlz),
            4..=8 if spec.theme == texts::TAAL || spec.theme == texts::LEREN => {
                streams.push(FinancingStream::Zvw)
            }
            9..=10 => streams.push(FinancingStream::Other),
            _ => {}
        }
        if streams.is_empty() {
            streams.push(FinancingStream::Basisondersteuning);
        }
        for stream in streams {
            let purpose = pick(self.rng, texts::financing_purposes(stream)).to_owned();
            let (hours, amount) = match stream {
                FinancingStream::Basisondersteuning => (Some(self.rng.i64(20..=80)), None),
                FinancingStream::SwvArrangement => (None, Some(self.rng.i64(25..=120) * 10_000)),
                FinancingStream::Jeugdwet => {
                    if self.rng.bool() {
                        (Some(self.rng.i64(24..=160)), None)
                    } else {
                        (
                            Some(self.rng.i64(20..=80)),
                            Some(self.rng.i64(15..=150) * 10_000),
                        )
                    }
                }
                FinancingStream::Wlz => (Some(self.rng.i64(100..=400)), None),
                FinancingStream::Zvw => (Some(self.rng.i64(10..=30)), None),
                FinancingStream::Other => (None, Some(self.rng.i64(2..=20) * 10_000)),
            };
            let created = day_in(
                self.rng,
                help,
                (help + Duration::days(30)).min(d.until.max(help)),
            );
            let period_from = help + Duration::days(days(self.rng, 0, 20));
            let period_until = (self.rng.u8(0..100) < 85)
                .then(|| period_from + Duration::days(days(self.rng, 120, 365)));
            let id = next(&mut self.ids.financing);
            let by = d.lead;
            let ts = at(self.rng, created);
            self.out.financing.push(FinancingLineRow {
                id,
                case_id: d.case_id,
                stream,
                purpose: purpose.clone(),
                hours,
                amount_cents: amount,
                period_from,
                period_until,
                created_by_user_id: d.seats[by].user(),
                created_at: ts,
            });
            self.event_at(
                d,
                ts,
                "financing",
                format!("{}: {purpose}", stream.code()),
                Some(id),
                Some(by),
            );
        }
    }

    /// The day an escalation of the story was opened.
    fn escalation_day(&mut self, d: &Draft, spec: &Spec) -> Date {
        let start = spec.help.unwrap_or(d.from);
        match spec.escalation {
            Escalation::PastDeadline => {
                let latest = d.until.min(TODAY - Duration::days(9));
                day_in(self.rng, start.max(latest - Duration::days(50)), latest).max(start)
            }
            Escalation::Open => day_in(
                self.rng,
                start.max(TODAY - Duration::days(25)).min(d.until),
                d.until,
            )
            .max(start),
            _ => {
                let latest = (d.until - Duration::days(10)).max(start);
                day_in(self.rng, start, latest)
            }
        }
    }

    fn evaluations(&mut self, d: &mut Draft, spec: &Spec, escalation: Option<Date>) {
        let Some(help) = spec.help else { return };
        let cadence = days(self.rng, 70, 120);
        let mut planned: Vec<Date> = Vec::new();
        let mut day = help + Duration::days(cadence);
        while day <= d.until {
            planned.push(day);
            day += Duration::days(cadence);
        }
        let keep = planned.len().saturating_sub(if spec.full { 2 } else { 3 });
        let mut held: Vec<(Date, Date, Option<EvaluationDecision>)> = planned
            .into_iter()
            .skip(keep)
            .map(|p| {
                let h = (p + Duration::days(days(self.rng, -3, 5))).clamp(help, d.until);
                (p, h, None)
            })
            .collect();
        if let Some(opened) = escalation.filter(|_| self.rng.bool()) {
            // The escalation came out of an evaluation.
            held.retain(|(_, h, _)| *h != opened);
            held.push((opened, opened, Some(EvaluationDecision::Escalate)));
            held.sort_by_key(|(_, h, _)| *h);
        }
        if let Some(closed) = spec.closed {
            held.retain(|(_, h, _)| *h < closed);
            held.push((closed, closed, Some(EvaluationDecision::Close)));
        }
        let mut created_on = help;
        let mut planned_at = at(self.rng, help);
        for (planned_on, held_on, decision) in held {
            let decision = decision.unwrap_or_else(|| {
                [
                    EvaluationDecision::Continue,
                    EvaluationDecision::Intensify,
                    EvaluationDecision::ScaleDown,
                ][weighted(self.rng, &[60.0, 22.0, 18.0])]
            });
            let id = next(&mut self.ids.evaluation);
            let reasons = d.fill(pick(self.rng, texts::decision_reasons(decision)));
            let by = d.lead;
            self.out.evaluations.push(EvaluationRow {
                id,
                case_id: d.case_id,
                planned_on,
                held_on: Some(held_on),
                decision: Some(decision),
                reasons: Some(reasons.clone()),
                created_by_user_id: d.seats[by].user(),
                created_at: planned_at,
            });
            self.event_at(
                d,
                planned_at,
                "evaluation",
                dutch_date(planned_on),
                Some(id),
                Some(by),
            );
            let short: String = reasons.chars().take(120).collect();
            let held_at =
                at(self.rng, held_on).max(Ts::new(planned_at.get() + Duration::minutes(1)));
            self.event_at(
                d,
                held_at,
                "evaluation",
                format!("{}: {short}", decision.code()),
                Some(id),
                Some(by),
            );
            for (goal_id, start, _) in d.goals.clone() {
                if start > held_on {
                    continue;
                }
                let score = match decision {
                    EvaluationDecision::Close | EvaluationDecision::ScaleDown => {
                        self.rng.i64(6..=9)
                    }
                    EvaluationDecision::Escalate | EvaluationDecision::Intensify => {
                        self.rng.i64(2..=5)
                    }
                    _ => self.rng.i64(4..=7),
                };
                let note = d.fill(pick(self.rng, texts::score_notes(score)));
                self.out.scores.push(EvaluationScoreRow {
                    id: next(&mut self.ids.score),
                    evaluation_id: id,
                    goal_id,
                    score,
                    note,
                });
            }
            created_on = held_on;
            // The next evaluation is planned at this one.
            planned_at = Ts::new(held_at.get() + Duration::minutes(5));
        }
        // The next one, planned (at the last one held) but not held.
        if spec.closed.is_none() {
            let after = created_on + Duration::days(14);
            let next_on = if spec.stalled {
                Some(day_in(
                    self.rng,
                    d.until + Duration::days(1),
                    TODAY - Duration::days(1),
                ))
            } else if spec.status == CaseStatus::Evaluation {
                Some((TODAY + Duration::days(days(self.rng, -10, 7))).max(after))
            } else if !spec.full && self.rng.u8(0..100) < 8 && after < TODAY - Duration::days(1) {
                Some(day_in(
                    self.rng,
                    after.max(TODAY - Duration::days(20)),
                    TODAY - Duration::days(1),
                ))
            } else if spec.full || self.rng.u8(0..100) < 90 {
                Some((TODAY + Duration::days(days(self.rng, 1, 100))).max(after))
            } else {
                None
            };
            if let Some(planned_on) = next_on {
                let id = next(&mut self.ids.evaluation);
                let by = d.lead;
                self.out.evaluations.push(EvaluationRow {
                    id,
                    case_id: d.case_id,
                    planned_on,
                    held_on: None,
                    decision: None,
                    reasons: None,
                    created_by_user_id: d.seats[by].user(),
                    created_at: planned_at,
                });
                self.event_at(
                    d,
                    planned_at,
                    "evaluation",
                    dutch_date(planned_on),
                    Some(id),
                    Some(by),
                );
            }
        }
    }

    fn escalation(&mut self, d: &mut Draft, spec: &Spec, opened: Date) {
        let level = spec.escalation_level;
        let (questions, deciders) = texts::escalation_texts(level);
        let question = d.fill(pick(self.rng, questions));
        let decider = pick(self.rng, deciders).to_owned();
        let (deadline, decided, outcome) = match spec.escalation {
            Escalation::PastDeadline => {
                let latest = (TODAY - Duration::days(1)).max(opened);
                let deadline = (opened + Duration::days(days(self.rng, 7, 21))).min(latest);
                (deadline, None, None)
            }
            Escalation::Open => (TODAY + Duration::days(days(self.rng, 1, 21)), None, None),
            _ => {
                let deadline = opened + Duration::days(days(self.rng, 14, 28));
                let decided = day_in(
                    self.rng,
                    opened,
                    (deadline + Duration::days(10)).min(d.until.max(opened)),
                );
                (
                    deadline,
                    Some(decided),
                    Some(pick(self.rng, texts::ESCALATION_OUTCOMES).to_owned()),
                )
            }
        };
        let evaluation_id = self
            .out
            .evaluations
            .iter()
            .rev()
            .take_while(|e| e.case_id == d.case_id)
            .find(|e| e.held_on == Some(opened) && e.decision == Some(EvaluationDecision::Escalate))
            .map(|e| e.id);
        let id = next(&mut self.ids.escalation);
        let by = d.lead;
        // After the evaluation that decided it, when there was one.
        let opened_at = if evaluation_id.is_some() {
            stamp(opened, 16, 45)
        } else {
            at(self.rng, opened)
        };
        self.out.escalations.push(EscalationRow {
            id,
            case_id: d.case_id,
            level,
            question: question.clone(),
            decider,
            deadline,
            outcome: outcome.clone(),
            decided_on: decided,
            opened_by_user_id: d.seats[by].user(),
            evaluation_id,
            created_at: opened_at,
        });
        let short: String = question.chars().take(120).collect();
        self.event_at(
            d,
            opened_at,
            "escalation",
            format!("{}: {short}", level.code()),
            Some(id),
            Some(by),
        );
        if let (Some(day), Some(outcome)) = (decided, outcome) {
            let short: String = outcome.chars().take(120).collect();
            let decided_at = at(self.rng, day).max(Ts::new(opened_at.get() + Duration::minutes(1)));
            self.event_at(d, decided_at, "escalation", short, Some(id), Some(by));
        }
    }

    fn attendance(&mut self, d: &mut Draft, spec: &Spec) {
        let mut rows: Vec<(AttendanceStatus, Date, String)> = Vec::new();
        if let Some(h) = spec.home_sitter {
            if self.rng.bool() {
                let before = h.since - Duration::days(days(self.rng, 20, 90));
                rows.push((
                    AttendanceStatus::Partly,
                    before,
                    pick(self.rng, texts::PARTLY_NOTES).to_owned(),
                ));
            }
            rows.push((
                AttendanceStatus::Thuiszitter,
                h.since,
                pick(self.rng, texts::ATTENDANCE_NOTES).to_owned(),
            ));
        } else if let Some(status) = spec.attendance {
            let since = day_in(self.rng, d.from, d.until);
            let note = match status {
                AttendanceStatus::Exemption => pick(self.rng, texts::EXEMPTION_NOTES),
                _ => pick(self.rng, texts::PARTLY_NOTES),
            };
            rows.push((status, since, note.to_owned()));
        }
        for (status, since, note) in rows {
            let id = next(&mut self.ids.attendance);
            let on = since.max(spec.first_signal);
            let recorder = self
                .seat_of(d, &[Role::AttendanceOfficer], on)
                .or_else(|| self.seat_of(d, &[Role::Coordinator], on))
                .unwrap_or(d.lead);
            let ts = at(self.rng, since);
            self.out.attendance.push(AttendanceRow {
                id,
                pupil_id: d.pupil_id,
                status,
                since,
                note,
                recorded_by_user_id: d.seats[recorder].user(),
                created_at: ts,
            });
            if since >= spec.first_signal {
                self.event_at(
                    d,
                    ts,
                    "attendance",
                    status.code().to_owned(),
                    Some(id),
                    Some(recorder),
                );
            }
        }
    }

    /// Make sure the case's last activity is a meeting, plan change or
    /// progress note on `last_activity_on` (the stalled rule reads them).
    fn anchor_activity(&mut self, d: &mut Draft, spec: &Spec) {
        let until = d.until;
        let anchored = d.events.iter().any(|e| {
            matches!(e.kind, "plan" | "progress" | "status")
                && brug_domain::registry::amsterdam_date(e.at.get()) == until
        }) || self
            .out
            .meetings
            .iter()
            .rev()
            .take_while(|m| m.case_id == d.case_id)
            .any(|m| m.held_on == until);
        if anchored {
            return;
        }
        if let Some((goal_id, _, description)) = d.goals.last().cloned() {
            let theme = &THEMES[spec.theme];
            let pool: &[&str] = spec.rich.map_or(theme.progress, |r| r.progress);
            let note = d.fill(pick(self.rng, pool));
            let score = self.rng.i64(4..=7);
            self.progress_note(d, goal_id, &description, until, note, Some(score));
        } else {
            // A short note in the plan: the support needs, one version up.
            let version = self
                .out
                .sections
                .iter_mut()
                .rev()
                .take_while(|s| s.case_id == d.case_id)
                .find(|s| s.section == PlanSection::SupportNeeds);
            let by = d.lead;
            let seat_user = d.seats[by].user();
            let seat_name = d.seats[by].name().to_owned();
            let addition = fill(pick(self.rng, ADDITIONS), &d.name, d.female);
            let (version, body) = match version {
                Some(s) => {
                    s.version += 1;
                    s.body = format!("{}\n\n{addition}", s.body);
                    s.updated_by_user_id = seat_user;
                    s.updated_at = stamp(until, 16, 30);
                    (s.version, s.body.clone())
                }
                None => {
                    let body = d.fill(pick(self.rng, THEMES[spec.theme].needs));
                    self.out.sections.push(PlanSectionRow {
                        case_id: d.case_id,
                        section: PlanSection::SupportNeeds,
                        body: body.clone(),
                        version: 1,
                        updated_by_user_id: seat_user,
                        updated_at: stamp(until, 16, 30),
                    });
                    (1, body)
                }
            };
            self.out.versions.push(PlanSectionVersionRow {
                id: next(&mut self.ids.version),
                case_id: d.case_id,
                section: PlanSection::SupportNeeds,
                version,
                body,
                author_user_id: seat_user,
                author_name: seat_name,
                created_at: stamp(until, 16, 30),
            });
            self.event_at(
                d,
                stamp(until, 16, 30),
                "plan",
                format!("{} v{version}", PlanSection::SupportNeeds.code()),
                Some(d.case_id),
                Some(by),
            );
        }
    }
}

fn dutch_date(d: Date) -> String {
    format!("{:02}-{:02}-{}", d.day(), u8::from(d.month()), d.year())
}

/// Sentences added in a later version of a section.
const ADDITIONS: &[&str] = &[
    "Aanvulling na het laatste overleg: {naam} wil graag zelf aanschuiven bij het volgende gesprek.",
    "Aangevuld: de aanpak wordt ook bij gym en muziek gebruikt.",
    "Aanvulling: ouders hebben gevraagd om een kort verslag na elk overleg; dat is afgesproken.",
    "Aanvulling na de evaluatie: de begeleiding gaat na de vakantie op dezelfde manier door.",
];

// ---------------------------------------------------------------------------
// The stage
// ---------------------------------------------------------------------------

/// Case rows, batch by batch: the pupils in the same batches as the other
/// stages, so the guardians (replayed from their own stream) line up.
pub(crate) struct CaseBatches {
    world: Arc<World>,
    staff: Arc<Staff>,
    rng: Rng,
    guardians: GuardianBatches,
    next: usize,
    ids: Ids,
    /// How fast help starts per municipality (1.0 is the median).
    speed: Vec<f64>,
    rates: Rates,
    scripted: HashMap<u32, Spec>,
    pupil_user: Option<(u32, i64)>,
}

impl CaseBatches {
    pub(crate) fn new(
        world: Arc<World>,
        staff: Arc<Staff>,
        mut rng: Rng,
        guardians: GuardianBatches,
        scripted: HashMap<u32, Spec>,
        pupil_user: Option<(u32, i64)>,
    ) -> Self {
        let speed = world
            .reg
            .municipalities
            .iter()
            .map(|_| 0.7 + rng.f64() * 0.7)
            .collect();
        let rates = Rates::for_world(&world, scripted.len());
        Self {
            world,
            staff,
            rng,
            guardians,
            next: 0,
            ids: Ids::default(),
            speed,
            rates,
            scripted,
            pupil_user,
        }
    }
}

impl Iterator for CaseBatches {
    type Item = Vec<CaseRows>;

    fn next(&mut self) -> Option<Vec<CaseRows>> {
        let world = Arc::clone(&self.world);
        let staff = Arc::clone(&self.staff);
        let pupils = &world.pupils;
        if self.next >= pupils.len() {
            return None;
        }
        let end = (self.next + BATCH).min(pupils.len());
        let guardians = self.guardians.next().unwrap_or_default();
        let mut out = CaseRows::default();
        let mut g = 0;
        let mut writer = Writer {
            world: &world,
            staff: &staff,
            rng: &mut self.rng,
            ids: &mut self.ids,
            out: &mut out,
        };
        for (i, p) in pupils.iter().enumerate().take(end).skip(self.next) {
            let id = pupil_id(i);
            while g < guardians.len() && guardians[g].pupil_id < id {
                g += 1;
            }
            let start = g;
            while g < guardians.len() && guardians[g].pupil_id == id {
                g += 1;
            }
            let index = u32::try_from(i).unwrap_or(u32::MAX);
            let loc = &world.reg.locations[p.location as usize];
            let spec = match self.scripted.get(&index) {
                Some(s) => Some(s.clone()),
                None => decide(
                    writer.rng,
                    p,
                    loc.profile,
                    self.speed[p.residence as usize],
                    &self.rates,
                ),
            };
            let Some(spec) = spec else { continue };
            let (prefix, family) = p.family.parts(p.gender());
            let child = Child {
                index: i,
                plan: p,
                guardians: &guardians[start..g],
                user_id: self
                    .pupil_user
                    .filter(|(pupil, _)| *pupil == index)
                    .map(|(_, user)| user),
                full_name: brug_domain::registry::display_name(p.given.text(), prefix, &family),
            };
            writer.write(&spec, &child);
        }
        self.next = end;
        Some(vec![out])
    }
}
