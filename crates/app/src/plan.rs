//! The shared plan of a case: its sections (versioned, never overwritten
//! unseen), shared goals with progress notes, agreements per party and the
//! financing lines that say who pays what.
//!
//! Every use case goes through [`crate::cases::authorize`]: reading needs
//! `ViewSupport`, writing `EditSupport` (professionals in the case and the
//! family, as the policy decides). Reads are logged there; writes log their
//! audit event and timeline entry in their own transaction. A request that
//! answers with data after a failed write (a conflict) logs that read.

use brug_domain::access::{PupilAction, Request, decide};
use brug_domain::audit::AuditAction;
use brug_domain::cases::{FinancingStream, GoalStatus, Party, is_overdue};
use brug_domain::ids::CaseId;
use brug_domain::plan::{self as rules, AgreementKind, DiffLine, PlanSection};
use brug_domain::text;
use brug_store::StoreError;
use brug_store::plan::{
    self as store, AgreementRow, FinancingRow, GoalFields, GoalRow, NewAgreement, NewFinancing,
    NewProgress, ProgressRow, SectionRow, SectionSave, VersionRow,
};
use brug_store::registry;
use time::{Date, OffsetDateTime};

use crate::cases::{
    Authorize, Authorized, CaseView, Write, authorize, authorize_refined, log_write,
};
use crate::trail::{self, Access};
use crate::{App, AppError, Ctx, FieldErrors};

/// The case a plan page belongs to, for its heading and links.
#[derive(Debug, Clone)]
pub struct CaseHeader {
    pub id: CaseId,
    pub title: String,
    pub pupil_name: String,
    /// The actor may write in the plan.
    pub can_edit: bool,
    /// Red flags every view of the case shows (escalations past deadline).
    pub flags: crate::meetings::CaseFlags,
}

async fn header(app: &App, ctx: &Ctx, auth: &Authorized) -> Result<CaseHeader, AppError> {
    let pupil = registry::pupil(&app.db, auth.case.pupil_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let can_edit = decide(
        &ctx.actor,
        Request::Pupil {
            facts: &auth.facts,
            action: PupilAction::ManageCase,
            break_glass: None,
        },
    )
    .is_allowed();
    Ok(CaseHeader {
        id: CaseId(auth.case.id),
        title: auth.case.title.clone(),
        pupil_name: brug_domain::registry::display_name(
            &pupil.given_name,
            pupil.name_prefix.as_deref(),
            &pupil.family_name,
        ),
        can_edit,
        flags: crate::meetings::flags(app, auth.case.id).await?,
    })
}

fn section_of(code: &str) -> Result<PlanSection, AppError> {
    PlanSection::from_code(code).ok_or(AppError::NotFound)
}

/// Field errors of one field from a text check.
fn text_field(
    errors: &mut FieldErrors,
    field: &'static str,
    input: &str,
    limits: text::FieldLimits,
) -> Option<String> {
    text::clean_text(input, limits)
        .map_err(|e| errors.add_with(field, e.message_id(), e.message_args()))
        .ok()
}

fn date_field(errors: &mut FieldErrors, field: &'static str, input: &str) -> Option<Date> {
    text::parse_dutch_date(input)
        .map_err(|e| errors.add_with(field, e.message_id(), e.message_args()))
        .ok()
}

fn optional_date(errors: &mut FieldErrors, field: &'static str, input: &str) -> Option<Date> {
    if input.trim().is_empty() {
        None
    } else {
        date_field(errors, field, input)
    }
}

// ---------------------------------------------------------------------------
// The plan as the case page shows it
// ---------------------------------------------------------------------------

/// The current text of one section.
#[derive(Debug, Clone)]
pub struct SectionView {
    pub section: PlanSection,
    pub body: String,
    /// 0 while nothing was written.
    pub version: i64,
    pub updated_by: Option<String>,
    pub updated_at: Option<OffsetDateTime>,
    /// The viewer may write this section (set by [`part`]; professionals
    /// every section, the family only its own).
    pub can_write: bool,
}

impl SectionView {
    fn empty(section: PlanSection) -> SectionView {
        SectionView {
            section,
            body: String::new(),
            version: 0,
            updated_by: None,
            updated_at: None,
            can_write: false,
        }
    }

    fn from_row(section: PlanSection, row: SectionRow) -> SectionView {
        SectionView {
            section,
            body: row.body,
            version: row.version,
            updated_by: Some(row.updated_by_name),
            updated_at: Some(row.updated_at.get()),
            can_write: false,
        }
    }

    /// Characters in the text (what the limit counts).
    pub fn chars(&self) -> usize {
        self.body.chars().count()
    }
}

#[derive(Debug, Clone)]
pub struct ProgressView {
    pub note: String,
    pub score: Option<i64>,
    pub author: String,
    pub at: OffsetDateTime,
}

impl From<ProgressRow> for ProgressView {
    fn from(p: ProgressRow) -> Self {
        ProgressView {
            note: p.note,
            score: p.score,
            author: p.author_name,
            at: p.created_at.get(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct GoalView {
    pub id: i64,
    pub description: String,
    pub contributors: String,
    pub indicator: String,
    pub start_on: Date,
    pub target_on: Option<Date>,
    pub status: GoalStatus,
    pub version: i64,
    /// Newest first.
    pub progress: Vec<ProgressView>,
}

impl GoalView {
    fn new(g: GoalRow, progress: Vec<ProgressView>) -> GoalView {
        GoalView {
            id: g.id,
            status: GoalStatus::from_code(&g.status).unwrap_or(GoalStatus::Open),
            description: g.description,
            contributors: g.contributors,
            indicator: g.indicator,
            start_on: g.start_on,
            target_on: g.target_on,
            version: g.version,
            progress,
        }
    }

    /// The newest score, if any note had one.
    pub fn latest_score(&self) -> Option<i64> {
        self.progress.iter().find_map(|p| p.score)
    }
}

#[derive(Debug, Clone)]
pub struct AgreementView {
    pub id: i64,
    pub action: String,
    pub party: Party,
    pub kind: AgreementKind,
    pub owner: String,
    pub due_on: Option<Date>,
    pub done_on: Option<Date>,
    pub overdue: bool,
    pub meeting_id: Option<i64>,
}

impl AgreementView {
    fn new(a: AgreementRow, today: Date) -> AgreementView {
        AgreementView {
            id: a.id,
            overdue: is_overdue(a.due_on, a.done_on.is_some(), today),
            party: Party::from_code(&a.party).unwrap_or(Party::Other),
            kind: AgreementKind::from_code(&a.kind).unwrap_or(AgreementKind::Other),
            action: a.action,
            owner: a.owner_name,
            due_on: a.due_on,
            done_on: a.done_on,
            meeting_id: a.meeting_id,
        }
    }
}

#[derive(Debug, Clone)]
pub struct FinancingView {
    pub id: i64,
    pub stream: FinancingStream,
    pub purpose: String,
    pub hours: Option<i64>,
    /// Formatted, e.g. `€ 1.250,50`.
    pub amount: Option<String>,
    pub period_from: Date,
    pub period_until: Option<Date>,
}

impl From<FinancingRow> for FinancingView {
    fn from(f: FinancingRow) -> Self {
        FinancingView {
            id: f.id,
            stream: FinancingStream::from_code(&f.stream).unwrap_or(FinancingStream::Other),
            purpose: f.purpose,
            hours: f.hours,
            amount: f.amount_cents.map(rules::format_euro),
            period_from: f.period_from,
            period_until: f.period_until,
        }
    }
}

/// The plan part of the case page.
#[derive(Debug, Clone)]
pub struct PlanView {
    /// Every section, in the plan's order, written or not.
    pub sections: Vec<SectionView>,
    pub goals: Vec<GoalView>,
    pub agreements: Vec<AgreementView>,
    pub overdue: usize,
    pub financing: Vec<FinancingView>,
    pub can_edit: bool,
}

async fn goal_views(app: &App, case_id: i64) -> Result<Vec<GoalView>, AppError> {
    let goals = store::goals(&app.db, case_id).await?;
    let mut notes = store::progress_of_case(&app.db, case_id).await?;
    Ok(goals
        .into_iter()
        .map(|g| {
            let mine = notes
                .extract_if(.., |n| n.goal_id == g.id)
                .map(ProgressView::from)
                .collect();
            GoalView::new(g, mine)
        })
        .collect())
}

/// The plan of a case whose page `cases::view` just granted and logged: this
/// loads the plan's parts for that same page without a second log entry.
pub async fn part(app: &App, case: &CaseView) -> Result<PlanView, AppError> {
    let case_id = case.id.0;
    if !case.sees(brug_domain::consent::ConsentPart::Plan) {
        // Not in the viewer's consent: nothing of it is read.
        return Ok(PlanView {
            sections: Vec::new(),
            goals: Vec::new(),
            agreements: Vec::new(),
            overdue: 0,
            financing: Vec::new(),
            can_edit: false,
        });
    }
    let mut rows = store::sections(&app.db, case_id).await?;
    let sections = PlanSection::ALL
        .iter()
        .map(|s| {
            let mut view = match rows
                .iter()
                .position(|r| r.section == s.code())
                .map(|i| rows.swap_remove(i))
            {
                Some(row) => SectionView::from_row(*s, row),
                None => SectionView::empty(*s),
            };
            view.can_write =
                case.can_edit && brug_domain::family::may_write_section(&case.basis, *s);
            view
        })
        .collect();
    let today = app.clock.today();
    let agreements: Vec<AgreementView> = store::agreements(&app.db, case_id)
        .await?
        .into_iter()
        .map(|a| AgreementView::new(a, today))
        .collect();
    Ok(PlanView {
        sections,
        goals: goal_views(app, case_id).await?,
        overdue: agreements.iter().filter(|a| a.overdue).count(),
        agreements,
        financing: store::financing_lines(&app.db, case_id)
            .await?
            .into_iter()
            .map(FinancingView::from)
            .collect(),
        // Goals, agreements and financing are the professionals' work.
        can_edit: case.can_steer,
    })
}

// ---------------------------------------------------------------------------
// Sections: edit, save (with the comparison on conflict), history
// ---------------------------------------------------------------------------

/// The edit page of a section.
#[derive(Debug, Clone)]
pub struct SectionEdit {
    pub case: CaseHeader,
    pub current: SectionView,
}

async fn current_section(
    app: &App,
    case_id: i64,
    section: PlanSection,
) -> Result<SectionView, AppError> {
    Ok(
        match store::section(&app.db, case_id, section.code()).await? {
            Some(row) => SectionView::from_row(section, row),
            None => SectionView::empty(section),
        },
    )
}

/// Writing one section: the policy's `EditSupport`, narrowed to the sections
/// that are the actor's (professionals every section, a parent "what we as
/// parents think", the child "what I want"). A section that is not theirs is
/// refused and logged like any refusal, and answered as "not found".
async fn authorize_section(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
    section: PlanSection,
    audit_action: AuditAction,
) -> Result<Authorized, AppError> {
    authorize_refined(
        app,
        ctx,
        case_id,
        Authorize {
            action: PupilAction::EditSupport,
            audit_action,
            resource: "plan_section",
            break_glass: None,
            fields: vec![section.code().to_owned()],
        },
        |_, decision| brug_domain::family::section_decision(decision, section),
    )
    .await
}

/// The current text of a section, to edit (only for those who may write).
pub async fn section_form(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
    section: &str,
) -> Result<SectionEdit, AppError> {
    let section = section_of(section)?;
    let auth = authorize_section(app, ctx, case_id, section, AuditAction::Read).await?;
    Ok(SectionEdit {
        current: current_section(app, auth.case.id, section).await?,
        case: header(app, ctx, &auth).await?,
    })
}

/// What the edit form sends.
#[derive(Debug, Clone, Default)]
pub struct SectionForm {
    pub body: String,
    /// The version the writer started from (0 for an empty section).
    pub version: i64,
}

/// Someone else saved the section after the writer started: nothing was
/// overwritten. Everything to compare and save again.
#[derive(Debug, Clone)]
pub struct SectionConflict {
    pub case: CaseHeader,
    /// The newest saved text, with who saved it and when.
    pub current: SectionView,
    /// The writer's text, kept.
    pub yours: String,
    /// The version the writer started from.
    pub base_version: i64,
    /// What the others changed since that version.
    pub their_changes: Vec<DiffLine>,
    /// How the writer's text differs from the newest saved text.
    pub your_changes: Vec<DiffLine>,
}

#[derive(Debug, Clone)]
pub enum SaveOutcome {
    Saved {
        version: i64,
    },
    /// The text is what is saved already: no new version.
    Unchanged,
    Conflict(Box<SectionConflict>),
}

/// Save a section on top of the version the writer started from. A stale
/// version never overwrites: the answer is the comparison.
pub async fn save_section(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
    section: &str,
    form: &SectionForm,
) -> Result<SaveOutcome, AppError> {
    let section = section_of(section)?;
    let auth = authorize_section(app, ctx, case_id, section, AuditAction::Update).await?;
    let mut errors = FieldErrors::default();
    if auth.case.status == brug_domain::cases::CaseStatus::Closed.code() {
        errors.add("body", "error-case-closed-no-changes");
    }
    let body = text_field(&mut errors, "body", &form.body, rules::SECTION_TEXT);
    errors.into_result()?;
    let body = body.unwrap_or_default();
    let case = auth.case.id;
    let current = current_section(app, case, section).await?;
    if current.body == body && (current.version > 0 || body.is_empty()) {
        let access =
            Access::new(AuditAction::Read, "plan_section", case).of_pupil(auth.facts.pupil);
        trail::record(app, ctx, &auth.decision, access).await?;
        return Ok(SaveOutcome::Unchanged);
    }
    let mut tx = app.db.begin().await?;
    let saved = store::save_section(
        &mut tx,
        &SectionSave {
            case_id: case,
            section: section.code(),
            expected_version: form.version,
            body: &body,
            author_user_id: Some(ctx.user_id.0),
            author_name: &ctx.name,
        },
        app.now(),
    )
    .await;
    match saved {
        Ok(version) => {
            brug_store::cases::touch_activity(&mut tx, case, app.clock.today(), app.now()).await?;
            log_write(
                app,
                ctx,
                &mut tx,
                &auth,
                Write {
                    action: if version == 1 {
                        AuditAction::Create
                    } else {
                        AuditAction::Update
                    },
                    resource: "plan_section",
                    id: case.to_string(),
                    fields: vec![section.code().to_owned(), format!("version={version}")],
                    event: Some(("plan", format!("{} v{version}", section.code()))),
                },
            )
            .await?;
            tx.commit().await?;
            Ok(SaveOutcome::Saved { version })
        }
        Err(StoreError::Conflict) => {
            tx.rollback().await?;
            // Showing the newest text is a read of the plan.
            let access =
                Access::new(AuditAction::Read, "plan_section", case).of_pupil(auth.facts.pupil);
            trail::record(app, ctx, &auth.decision, access).await?;
            let current = current_section(app, case, section).await?;
            let base = if form.version > 0 {
                store::version(&app.db, case, section.code(), form.version)
                    .await?
                    .map(|v| v.body)
            } else {
                Some(String::new())
            };
            Ok(SaveOutcome::Conflict(Box::new(SectionConflict {
                their_changes: base
                    .map(|b| rules::line_diff(&b, &current.body))
                    .unwrap_or_default(),
                your_changes: rules::line_diff(&current.body, &body),
                yours: body,
                base_version: form.version,
                current,
                case: header(app, ctx, &auth).await?,
            })))
        }
        Err(e) => Err(e.into()),
    }
}

/// One saved version, without its text.
#[derive(Debug, Clone)]
pub struct VersionMeta {
    pub version: i64,
    pub author: String,
    pub at: OffsetDateTime,
    pub chars: usize,
}

impl From<&VersionRow> for VersionMeta {
    fn from(v: &VersionRow) -> Self {
        VersionMeta {
            version: v.version,
            author: v.author_name.clone(),
            at: v.created_at.get(),
            chars: v.body.chars().count(),
        }
    }
}

/// The versions of a section and what changed between two of them.
#[derive(Debug, Clone)]
pub struct HistoryView {
    pub case: CaseHeader,
    pub section: PlanSection,
    /// Newest first.
    pub versions: Vec<VersionMeta>,
    /// The compared versions (0 = the empty start).
    pub from: i64,
    pub to: i64,
    pub diff: Vec<DiffLine>,
    pub added: usize,
    pub removed: usize,
    /// The text of version `to`.
    pub to_body: String,
}

/// The history of a section: every version, and what changed from version
/// `from` to version `to` (by default: the newest and the one before).
pub async fn history(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
    section: &str,
    from: Option<i64>,
    to: Option<i64>,
) -> Result<HistoryView, AppError> {
    let section = section_of(section)?;
    let auth = authorize(
        app,
        ctx,
        case_id,
        PupilAction::ViewSupport,
        AuditAction::Read,
        "plan_history",
        None,
    )
    .await?;
    let rows = store::versions(&app.db, auth.case.id, section.code()).await?;
    let newest = rows.first().map_or(0, |v| v.version);
    let exists = |v: i64| v == 0 || rows.iter().any(|r| r.version == v);
    let to = to.filter(|v| *v > 0 && exists(*v)).unwrap_or(newest);
    let from = from
        .filter(|v| exists(*v))
        .unwrap_or_else(|| (to - 1).max(0));
    let body_of = |v: i64| {
        rows.iter()
            .find(|r| r.version == v)
            .map(|r| r.body.clone())
            .unwrap_or_default()
    };
    let diff = rules::line_diff(&body_of(from), &body_of(to));
    let (added, removed) = rules::diff_counts(&diff);
    Ok(HistoryView {
        case: header(app, ctx, &auth).await?,
        section,
        versions: rows.iter().map(VersionMeta::from).collect(),
        from,
        to,
        to_body: body_of(to),
        diff,
        added,
        removed,
    })
}

// ---------------------------------------------------------------------------
// Goals and progress notes
// ---------------------------------------------------------------------------

/// The heading of a form page (for those who may write).
pub async fn form_header(app: &App, ctx: &Ctx, case_id: CaseId) -> Result<CaseHeader, AppError> {
    let auth = authorize(
        app,
        ctx,
        case_id,
        PupilAction::ManageCase,
        AuditAction::Read,
        "case",
        None,
    )
    .await?;
    header(app, ctx, &auth).await
}

/// What the goal form sends.
#[derive(Debug, Clone, Default)]
pub struct GoalForm {
    pub description: String,
    pub contributors: String,
    pub indicator: String,
    pub start_on: String,
    pub target_on: String,
    pub status: String,
    /// The version the writer started from (goal edits only).
    pub version: i64,
}

fn check_goal(form: &GoalForm, new: bool) -> Result<GoalFields, AppError> {
    let mut errors = FieldErrors::default();
    let description = text_field(
        &mut errors,
        "description",
        &form.description,
        rules::ITEM_TEXT,
    );
    let contributors = text_field(
        &mut errors,
        "contributors",
        &form.contributors,
        text::SHORT_TEXT,
    );
    let indicator = text_field(&mut errors, "indicator", &form.indicator, rules::ITEM_TEXT);
    let start_on = date_field(&mut errors, "start_on", &form.start_on);
    let target_on = optional_date(&mut errors, "target_on", &form.target_on);
    if let Some(start) = start_on
        && rules::check_order(start, target_on).is_err()
    {
        errors.add_with(
            "target_on",
            "error-goal-target-before-start",
            vec![(
                "start",
                format!(
                    "{:02}-{:02}-{}",
                    start.day(),
                    u8::from(start.month()),
                    start.year()
                ),
            )],
        );
    }
    let status = if new && form.status.trim().is_empty() {
        Some(GoalStatus::Open)
    } else {
        let s = GoalStatus::from_code(form.status.trim());
        if s.is_none() {
            errors.add("status", "error-choose-option");
        }
        s
    };
    errors.into_result()?;
    match (description, contributors, indicator, start_on, status) {
        (Some(description), Some(contributors), Some(indicator), Some(start_on), Some(status)) => {
            Ok(GoalFields {
                description,
                contributors,
                indicator,
                start_on,
                target_on,
                status: status.code().to_owned(),
            })
        }
        _ => Err(AppError::Internal("validated fields missing".into())),
    }
}

/// Add a shared goal to the plan.
pub async fn add_goal(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
    form: &GoalForm,
) -> Result<i64, AppError> {
    let auth = authorize(
        app,
        ctx,
        case_id,
        PupilAction::ManageCase,
        AuditAction::Create,
        "goal",
        None,
    )
    .await?;
    let fields = check_goal(form, true)?;
    let mut tx = app.db.begin().await?;
    let id = store::insert_goal(
        &mut tx,
        auth.case.id,
        &fields,
        Some(ctx.user_id.0),
        app.now(),
    )
    .await?;
    brug_store::cases::touch_activity(&mut tx, auth.case.id, app.clock.today(), app.now()).await?;
    log_write(
        app,
        ctx,
        &mut tx,
        &auth,
        Write {
            action: AuditAction::Create,
            resource: "goal",
            id: id.to_string(),
            fields: vec![
                "description".into(),
                "contributors".into(),
                "indicator".into(),
                "start_on".into(),
                "target_on".into(),
                "status".into(),
            ],
            event: Some(("goal", fields.description.clone())),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// A goal with its progress notes.
#[derive(Debug, Clone)]
pub struct GoalPage {
    pub case: CaseHeader,
    pub goal: GoalView,
}

async fn goal_view(app: &App, case_id: i64, goal_id: i64) -> Result<GoalView, AppError> {
    let goal = store::goal(&app.db, case_id, goal_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let notes = store::progress_of_case(&app.db, case_id)
        .await?
        .into_iter()
        .filter(|n| n.goal_id == goal_id)
        .map(ProgressView::from)
        .collect();
    Ok(GoalView::new(goal, notes))
}

/// A goal and its progress notes (everyone who sees the plan).
pub async fn goal_page(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
    goal_id: i64,
) -> Result<GoalPage, AppError> {
    let auth = authorize(
        app,
        ctx,
        case_id,
        PupilAction::ViewSupport,
        AuditAction::Read,
        "goal",
        None,
    )
    .await?;
    Ok(GoalPage {
        goal: goal_view(app, auth.case.id, goal_id).await?,
        case: header(app, ctx, &auth).await?,
    })
}

#[derive(Debug, Clone)]
pub enum GoalSaved {
    Saved,
    /// Someone else changed the goal first; this is the goal as saved now.
    Conflict(Box<GoalPage>),
}

/// Change a goal on top of the version the writer started from.
pub async fn update_goal(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
    goal_id: i64,
    form: &GoalForm,
) -> Result<GoalSaved, AppError> {
    let auth = authorize(
        app,
        ctx,
        case_id,
        PupilAction::ManageCase,
        AuditAction::Update,
        "goal",
        None,
    )
    .await?;
    let before = store::goal(&app.db, auth.case.id, goal_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let fields = check_goal(form, false)?;
    let mut tx = app.db.begin().await?;
    match store::update_goal(
        &mut tx,
        auth.case.id,
        goal_id,
        form.version,
        &fields,
        app.now(),
    )
    .await
    {
        Ok(_) => {
            let mut changed = Vec::new();
            for (name, same) in [
                ("description", before.description == fields.description),
                ("contributors", before.contributors == fields.contributors),
                ("indicator", before.indicator == fields.indicator),
                ("start_on", before.start_on == fields.start_on),
                ("target_on", before.target_on == fields.target_on),
                ("status", before.status == fields.status),
            ] {
                if !same {
                    changed.push(name.to_owned());
                }
            }
            let summary = if before.status == fields.status {
                fields.description.clone()
            } else {
                format!(
                    "{} ({} → {})",
                    fields.description, before.status, fields.status
                )
            };
            log_write(
                app,
                ctx,
                &mut tx,
                &auth,
                Write {
                    action: AuditAction::Update,
                    resource: "goal",
                    id: goal_id.to_string(),
                    fields: changed,
                    event: Some(("goal", summary)),
                },
            )
            .await?;
            tx.commit().await?;
            Ok(GoalSaved::Saved)
        }
        Err(StoreError::Conflict) => {
            tx.rollback().await?;
            let access = Access::new(AuditAction::Read, "goal", goal_id).of_pupil(auth.facts.pupil);
            trail::record(app, ctx, &auth.decision, access).await?;
            Ok(GoalSaved::Conflict(Box::new(GoalPage {
                goal: goal_view(app, auth.case.id, goal_id).await?,
                case: header(app, ctx, &auth).await?,
            })))
        }
        Err(e) => Err(e.into()),
    }
}

/// What the progress form sends.
#[derive(Debug, Clone, Default)]
pub struct ProgressForm {
    pub note: String,
    /// Optional, 1 to 10.
    pub score: String,
}

/// Add a progress note (with an optional score) to a goal.
pub async fn add_progress(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
    goal_id: i64,
    form: &ProgressForm,
) -> Result<i64, AppError> {
    let auth = authorize(
        app,
        ctx,
        case_id,
        PupilAction::ManageCase,
        AuditAction::Create,
        "goal_progress",
        None,
    )
    .await?;
    let goal = store::goal(&app.db, auth.case.id, goal_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut errors = FieldErrors::default();
    let note = text_field(&mut errors, "note", &form.note, rules::NOTE_TEXT);
    let score = match form.score.trim() {
        "" => None,
        s => match s.parse::<i64>().map_err(|_| "error-score-range") {
            Ok(n) => match rules::check_score(n) {
                Ok(n) => Some(n),
                Err(id) => {
                    errors.add("score", id);
                    None
                }
            },
            Err(id) => {
                errors.add("score", id);
                None
            }
        },
    };
    errors.into_result()?;
    let note = note.ok_or_else(|| AppError::Internal("validated note missing".into()))?;
    let mut tx = app.db.begin().await?;
    let id = store::insert_progress(
        &mut tx,
        &NewProgress {
            goal_id,
            case_id: auth.case.id,
            note,
            score,
            author_user_id: Some(ctx.user_id.0),
            author_name: ctx.name.clone(),
        },
        app.now(),
    )
    .await?;
    brug_store::cases::touch_activity(&mut tx, auth.case.id, app.clock.today(), app.now()).await?;
    let summary = match score {
        Some(s) => format!("{} ({s}/10)", goal.description),
        None => goal.description.clone(),
    };
    log_write(
        app,
        ctx,
        &mut tx,
        &auth,
        Write {
            action: AuditAction::Create,
            resource: "goal_progress",
            id: id.to_string(),
            fields: vec![format!("goal={goal_id}"), "note".into(), "score".into()],
            event: Some(("progress", summary)),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

// ---------------------------------------------------------------------------
// Agreements
// ---------------------------------------------------------------------------

/// The agreement form: the case and the team members who can own one.
#[derive(Debug, Clone)]
pub struct AgreementFormPage {
    pub case: CaseHeader,
    /// (user id, name) of team members with an account.
    pub owners: Vec<(i64, String)>,
}

async fn owners(app: &App, case_id: i64) -> Result<Vec<(i64, String)>, AppError> {
    Ok(brug_store::cases::members(&app.db, case_id)
        .await?
        .into_iter()
        .filter_map(|m| {
            m.user_id.map(|u| {
                let name = match m.org_name {
                    Some(org) => format!("{} ({org})", m.name),
                    None => format!("{} ({})", m.name, m.role_in_case),
                };
                (u, name)
            })
        })
        .collect())
}

pub async fn agreement_form(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
) -> Result<AgreementFormPage, AppError> {
    let auth = authorize(
        app,
        ctx,
        case_id,
        PupilAction::ManageCase,
        AuditAction::Read,
        "case",
        None,
    )
    .await?;
    Ok(AgreementFormPage {
        owners: owners(app, auth.case.id).await?,
        case: header(app, ctx, &auth).await?,
    })
}

/// What the agreement form sends.
#[derive(Debug, Clone, Default)]
pub struct AgreementForm {
    pub action: String,
    pub party: String,
    pub kind: String,
    /// A team member's user id, or empty for a name.
    pub owner_user: String,
    pub owner_name: String,
    pub due_on: String,
}

/// Add an agreement: who does what by when.
pub async fn add_agreement(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
    form: &AgreementForm,
) -> Result<i64, AppError> {
    let auth = authorize(
        app,
        ctx,
        case_id,
        PupilAction::ManageCase,
        AuditAction::Create,
        "agreement",
        None,
    )
    .await?;
    let today = app.clock.today();
    let mut errors = FieldErrors::default();
    let action = text_field(&mut errors, "action", &form.action, rules::ITEM_TEXT);
    let party = Party::from_code(form.party.trim());
    if party.is_none() {
        errors.add("party", "error-choose-option");
    }
    let kind = if form.kind.trim().is_empty() {
        Some(AgreementKind::Task)
    } else {
        AgreementKind::from_code(form.kind.trim())
    };
    if kind.is_none() {
        errors.add("kind", "error-choose-option");
    }
    let team = owners(app, auth.case.id).await?;
    let owner = match form.owner_user.trim() {
        "" => match text::clean_optional(&form.owner_name, text::NAME) {
            Ok(Some(name)) => Some((None, name)),
            Ok(None) => {
                errors.add("owner", "error-agreement-owner-required");
                None
            }
            Err(e) => {
                errors.add_with("owner_name", e.message_id(), e.message_args());
                None
            }
        },
        id => match team
            .iter()
            .find(|(u, _)| Some(*u) == id.parse::<i64>().ok())
        {
            Some((u, name)) => Some((Some(*u), name.clone())),
            None => {
                errors.add("owner", "error-agreement-owner-not-in-team");
                None
            }
        },
    };
    let due_on = match text::parse_dutch_date(&form.due_on) {
        Ok(d) if d < today => {
            errors.add("due_on", "error-date-in-past");
            None
        }
        Ok(d) => Some(d),
        Err(e) => {
            errors.add_with("due_on", e.message_id(), e.message_args());
            None
        }
    };
    errors.into_result()?;
    let (Some(action), Some(party), Some(kind), Some((owner_user_id, owner_name)), Some(due_on)) =
        (action, party, kind, owner, due_on)
    else {
        return Err(AppError::Internal("validated fields missing".into()));
    };
    let pupil = brug_domain::ids::PupilId(auth.case.pupil_id);
    let to = crate::notifications::case_recipients(
        app,
        auth.case.id,
        pupil,
        brug_domain::family::NotificationKind::Agreement,
        Some(ctx.user_id),
    )
    .await?;
    let mut tx = app.db.begin().await?;
    let id = store::insert_agreement(
        &mut tx,
        &NewAgreement {
            case_id: auth.case.id,
            action: action.clone(),
            party: party.code().to_owned(),
            kind: kind.code().to_owned(),
            owner_user_id,
            owner_name,
            due_on: Some(due_on),
            meeting_id: None,
            created_by_user_id: Some(ctx.user_id.0),
        },
        app.now(),
    )
    .await?;
    log_write(
        app,
        ctx,
        &mut tx,
        &auth,
        Write {
            action: AuditAction::Create,
            resource: "agreement",
            id: id.to_string(),
            fields: vec![
                "action".into(),
                "party".into(),
                "kind".into(),
                "owner".into(),
                "due_on".into(),
            ],
            event: Some(("agreement", action)),
        },
    )
    .await?;
    crate::notifications::notify_in_tx(
        app,
        &mut tx,
        &to,
        brug_domain::family::NotificationEvent::AgreementAdded,
        crate::notifications::About {
            case_id: Some(auth.case.id),
            pupil_id: Some(pupil.0),
            ref_id: Some(id),
        },
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Mark an agreement done today, or open it again. Saying "done" to a done
/// agreement changes nothing (two people ticking it off agree).
pub async fn set_agreement_done(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
    agreement_id: i64,
    done: bool,
) -> Result<(), AppError> {
    let auth = authorize(
        app,
        ctx,
        case_id,
        PupilAction::ManageCase,
        AuditAction::Update,
        "agreement",
        None,
    )
    .await?;
    let agreement = store::agreement(&app.db, auth.case.id, agreement_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut tx = app.db.begin().await?;
    let changed = store::set_agreement_done(
        &mut tx,
        auth.case.id,
        agreement_id,
        done.then(|| app.clock.today()),
    )
    .await?;
    let summary = if done {
        format!("✓ {}", agreement.action)
    } else {
        format!("↺ {}", agreement.action)
    };
    log_write(
        app,
        ctx,
        &mut tx,
        &auth,
        Write {
            action: AuditAction::Update,
            resource: "agreement",
            id: agreement_id.to_string(),
            fields: if changed {
                vec!["done_on".into()]
            } else {
                Vec::new()
            },
            event: changed.then_some(("agreement", summary)),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Financing lines
// ---------------------------------------------------------------------------

/// What the financing form sends.
#[derive(Debug, Clone, Default)]
pub struct FinancingForm {
    pub stream: String,
    pub purpose: String,
    pub hours: String,
    pub amount: String,
    pub period_from: String,
    pub period_until: String,
}

/// Record who pays what: a stream, what for, hours or an amount, a period.
pub async fn add_financing(
    app: &App,
    ctx: &Ctx,
    case_id: CaseId,
    form: &FinancingForm,
) -> Result<i64, AppError> {
    let auth = authorize(
        app,
        ctx,
        case_id,
        PupilAction::ManageCase,
        AuditAction::Create,
        "financing_line",
        None,
    )
    .await?;
    let mut errors = FieldErrors::default();
    let stream = FinancingStream::from_code(form.stream.trim());
    if stream.is_none() {
        errors.add("stream", "error-choose-option");
    }
    let purpose = text_field(&mut errors, "purpose", &form.purpose, text::SHORT_TEXT);
    let hours = match form.hours.trim() {
        "" => None,
        h => match rules::parse_hours(h) {
            Ok(h) => Some(h),
            Err(id) => {
                errors.add("hours", id);
                None
            }
        },
    };
    let amount = match form.amount.trim() {
        "" => None,
        a => match rules::parse_euro_cents(a) {
            Ok(c) => Some(c),
            Err(e) => {
                errors.add("amount", e.message_id());
                None
            }
        },
    };
    if form.hours.trim().is_empty() && form.amount.trim().is_empty() {
        errors.add("amount", "error-hours-or-amount");
    }
    let from = date_field(&mut errors, "period_from", &form.period_from);
    let until = optional_date(&mut errors, "period_until", &form.period_until);
    if let Some(from) = from
        && let Err(id) = rules::check_order(from, until)
    {
        errors.add("period_until", id);
    }
    errors.into_result()?;
    let (Some(stream), Some(purpose), Some(from)) = (stream, purpose, from) else {
        return Err(AppError::Internal("validated fields missing".into()));
    };
    let mut tx = app.db.begin().await?;
    let id = store::insert_financing(
        &mut tx,
        &NewFinancing {
            case_id: auth.case.id,
            stream: stream.code().to_owned(),
            purpose: purpose.clone(),
            hours,
            amount_cents: amount,
            period_from: from,
            period_until: until,
            created_by_user_id: Some(ctx.user_id.0),
        },
        app.now(),
    )
    .await?;
    log_write(
        app,
        ctx,
        &mut tx,
        &auth,
        Write {
            action: AuditAction::Create,
            resource: "financing_line",
            id: id.to_string(),
            fields: vec![
                "stream".into(),
                "purpose".into(),
                "hours".into(),
                "amount".into(),
                "period".into(),
            ],
            event: Some(("financing", format!("{}: {purpose}", stream.code()))),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_before_the_start_is_refused_with_the_start_date() {
        let form = GoalForm {
            description: "Naar school".into(),
            contributors: "school".into(),
            indicator: "aanwezigheid".into(),
            start_on: "01-12-2026".into(),
            target_on: "30-11-2026".into(),
            status: String::new(),
            version: 0,
        };
        let Err(AppError::Invalid(e)) = check_goal(&form, true) else {
            panic!("expected invalid");
        };
        let err = e.for_field("target_on").expect("target error");
        assert_eq!(err.message_id, "error-goal-target-before-start");
        assert_eq!(err.args, vec![("start", "01-12-2026".to_owned())]);
        let ok = check_goal(
            &GoalForm {
                target_on: "01-12-2026".into(),
                ..form.clone()
            },
            true,
        )
        .expect("same day is fine");
        assert_eq!(ok.status, "open");
        assert!(check_goal(&form, false).is_err(), "an edit needs a status");
    }
}
