//! The plan pages: editing a section (with the comparison when someone else
//! saved first), a section's history with what changed, shared goals with
//! progress notes, agreements and financing lines. The case page shows the
//! plan through `case/plan_part.html`.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use brug_app::plan::{
    self, AgreementForm, CaseHeader, FinancingForm, GoalForm, GoalPage, GoalSaved, HistoryView,
    ProgressForm, SaveOutcome, SectionConflict, SectionForm, SectionView,
};
use brug_app::{AppError, Ctx};
use brug_domain::cases::{FinancingStream, GoalStatus, Party};
use brug_domain::ids::CaseId;
use brug_domain::plan::{AgreementKind, DiffLine, SECTION_TEXT};
use serde::Deserialize;

use super::cases::{options, see_other, with_flash};
use super::learning_knowledge::Glossary;
use super::users::Errors;
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::session::Viewer;
use crate::state::AppState;

/// Every Fluent message id this module builds at run time.
#[cfg(test)]
pub(crate) fn message_ids() -> Vec<String> {
    let mut ids: Vec<String> = brug_domain::plan::MESSAGE_IDS
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    for s in brug_domain::plan::PlanSection::ALL {
        ids.push(s.message_id());
        ids.push(s.hint_id());
    }
    ids.extend(AgreementKind::ALL.iter().map(|k| k.message_id()));
    ids.extend(
        [
            "flash-plan-saved",
            "flash-plan-unchanged",
            "flash-goal-added",
            "flash-goal-saved",
            "flash-progress-added",
            "flash-agreement-added",
            "flash-agreement-done",
            "flash-agreement-reopened",
            "flash-financing-added",
        ]
        .map(String::from),
    );
    ids
}

fn status_of(mut r: Response, status: StatusCode) -> Response {
    *r.status_mut() = status;
    r
}

/// `25-11-2026` for a date the form starts with.
fn today(state: &AppState, c: &Chrome) -> String {
    c.date(&state.app.clock.today())
}

// ---------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct SectionFields {
    #[serde(default)]
    body: String,
    #[serde(default)]
    version: i64,
}

#[derive(Template)]
#[template(path = "case/plan_section.html")]
struct SectionPage {
    c: Chrome,
    case: CaseHeader,
    current: SectionView,
    /// What the form shows: the saved text, or what was typed.
    body: String,
    version: i64,
    errors: Errors,
    max_chars: usize,
}

impl SectionPage {
    fn section_name(&self) -> String {
        self.c.t(&self.current.section.message_id())
    }

    fn section_hint(&self) -> String {
        self.c.t(&self.current.section.hint_id())
    }

    fn typed_chars(&self) -> usize {
        self.body.chars().count()
    }
}

fn max_chars() -> usize {
    SECTION_TEXT.max_chars
}

pub async fn section_form(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path((id, section)): Path<(i64, String)>,
) -> Result<Response, WebError> {
    let edit = plan::section_form(&state.app, &ctx, CaseId(id), &section).await?;
    super::render(&SectionPage {
        c,
        body: edit.current.body.clone(),
        version: edit.current.version,
        case: edit.case,
        current: edit.current,
        errors: Errors::none(),
        max_chars: max_chars(),
    })
}

#[derive(Template)]
#[template(path = "case/plan_conflict.html")]
struct ConflictPage {
    c: Chrome,
    x: SectionConflict,
    max_chars: usize,
}

impl ConflictPage {
    fn section_name(&self) -> String {
        self.c.t(&self.x.current.section.message_id())
    }

    fn their_changes(&self) -> &[DiffLine] {
        &self.x.their_changes
    }

    fn your_changes(&self) -> &[DiffLine] {
        &self.x.your_changes
    }
}

pub async fn section_save(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path((id, section)): Path<(i64, String)>,
    Form(f): Form<SectionFields>,
) -> Result<Response, WebError> {
    let form = SectionForm {
        body: f.body.clone(),
        version: f.version,
    };
    match plan::save_section(&state.app, &ctx, CaseId(id), &section, &form).await {
        Ok(SaveOutcome::Saved { .. }) => Ok(with_flash(
            see_other(&format!("/cases/{id}#plan-{section}")),
            &state,
            "ok:flash-plan-saved",
        )),
        Ok(SaveOutcome::Unchanged) => Ok(with_flash(
            see_other(&format!("/cases/{id}#plan-{section}")),
            &state,
            "ok:flash-plan-unchanged",
        )),
        Ok(SaveOutcome::Conflict(x)) => {
            let page = ConflictPage {
                c,
                x: *x,
                max_chars: max_chars(),
            };
            Ok(status_of(super::render(&page)?, StatusCode::CONFLICT))
        }
        Err(AppError::Invalid(e)) => {
            let edit = plan::section_form(&state.app, &ctx, CaseId(id), &section).await?;
            let errors = Errors::from(&c, &e);
            let page = SectionPage {
                c,
                case: edit.case,
                current: edit.current,
                body: f.body,
                version: f.version,
                errors,
                max_chars: max_chars(),
            };
            Ok(status_of(
                super::render(&page)?,
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
pub struct HistoryParams {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

#[derive(Template)]
#[template(path = "case/plan_history.html")]
struct HistoryPage {
    c: Chrome,
    h: HistoryView,
}

impl HistoryPage {
    fn section_name(&self) -> String {
        self.c.t(&self.h.section.message_id())
    }

    fn diff(&self) -> &[DiffLine] {
        &self.h.diff
    }

    fn diff_heading(&self) -> String {
        if self.h.from == 0 {
            self.c.t1("plan-diff-first", "to", self.h.to)
        } else {
            self.c.t_args(
                "plan-diff-between",
                &[
                    ("from", self.h.from.to_string()),
                    ("to", self.h.to.to_string()),
                ],
            )
        }
    }

    fn diff_counts(&self) -> String {
        self.c.t_args(
            "plan-diff-counts",
            &[
                ("added", self.h.added.to_string()),
                ("removed", self.h.removed.to_string()),
            ],
        )
    }
}

pub async fn history(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path((id, section)): Path<(i64, String)>,
    Query(p): Query<HistoryParams>,
) -> Result<Response, WebError> {
    let h = plan::history(
        &state.app,
        &ctx,
        CaseId(id),
        &section,
        p.from.trim().parse().ok(),
        p.to.trim().parse().ok(),
    )
    .await?;
    super::render(&HistoryPage { c, h })
}

// ---------------------------------------------------------------------------
// Goals
// ---------------------------------------------------------------------------

#[derive(Deserialize, Default, Clone)]
pub struct GoalFields {
    #[serde(default)]
    description: String,
    #[serde(default)]
    contributors: String,
    #[serde(default)]
    indicator: String,
    #[serde(default)]
    start_on: String,
    #[serde(default)]
    target_on: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    version: i64,
}

impl GoalFields {
    fn to_form(&self) -> GoalForm {
        GoalForm {
            description: self.description.clone(),
            contributors: self.contributors.clone(),
            indicator: self.indicator.clone(),
            start_on: self.start_on.clone(),
            target_on: self.target_on.clone(),
            status: self.status.clone(),
            version: self.version,
        }
    }

    fn of_goal(c: &Chrome, g: &plan::GoalView) -> GoalFields {
        GoalFields {
            description: g.description.clone(),
            contributors: g.contributors.clone(),
            indicator: g.indicator.clone(),
            start_on: c.date(&g.start_on),
            target_on: c.opt_date(&g.target_on),
            status: g.status.code().to_owned(),
            version: g.version,
        }
    }
}

#[derive(Template)]
#[template(path = "case/goal_new.html")]
struct GoalNewPage {
    c: Chrome,
    case: CaseHeader,
    form: GoalFields,
    errors: Errors,
    statuses: Vec<(String, String)>,
}

fn goal_statuses(c: &Chrome) -> Vec<(String, String)> {
    options(c, GoalStatus::ALL, GoalStatus::code, GoalStatus::message_id)
}

pub async fn goal_new(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let case = plan::form_header(&state.app, &ctx, CaseId(id)).await?;
    let form = GoalFields {
        start_on: today(&state, &c),
        status: GoalStatus::Open.code().to_owned(),
        ..GoalFields::default()
    };
    super::render(&GoalNewPage {
        statuses: goal_statuses(&c),
        c,
        case,
        form,
        errors: Errors::none(),
    })
}

pub async fn goal_create(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<GoalFields>,
) -> Result<Response, WebError> {
    match plan::add_goal(&state.app, &ctx, CaseId(id), &f.to_form()).await {
        Ok(_) => Ok(with_flash(
            see_other(&format!("/cases/{id}#goals")),
            &state,
            "ok:flash-goal-added",
        )),
        Err(AppError::Invalid(e)) => {
            let case = plan::form_header(&state.app, &ctx, CaseId(id)).await?;
            let page = GoalNewPage {
                errors: Errors::from(&c, &e),
                statuses: goal_statuses(&c),
                c,
                case,
                form: f,
            };
            Ok(status_of(
                super::render(&page)?,
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct ProgressFields {
    #[serde(default)]
    note: String,
    #[serde(default)]
    score: String,
}

#[derive(Template)]
#[template(path = "case/goal.html")]
struct GoalShowPage {
    c: Chrome,
    p: GoalPage,
    form: GoalFields,
    progress: ProgressFields,
    errors: Errors,
    statuses: Vec<(String, String)>,
    /// Someone else changed the goal while this writer edited it.
    conflict: bool,
    /// Glossary terms linked in the goal's texts (S6).
    glossary: Glossary,
}

impl GoalShowPage {
    fn new(c: Chrome, p: GoalPage, errors: Errors, glossary: Glossary) -> GoalShowPage {
        GoalShowPage {
            glossary,
            form: GoalFields::of_goal(&c, &p.goal),
            statuses: goal_statuses(&c),
            c,
            p,
            progress: ProgressFields::default(),
            errors,
            conflict: false,
        }
    }

    fn status_label(&self) -> String {
        self.c.t(&self.p.goal.status.message_id())
    }
}

pub async fn goal_show(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path((id, goal)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    let p = plan::goal_page(&state.app, &ctx, CaseId(id), goal).await?;
    let glossary = Glossary::load(&state, &ctx, &c).await?;
    super::render(&GoalShowPage::new(c, p, Errors::none(), glossary))
}

pub async fn goal_update(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path((id, goal)): Path<(i64, i64)>,
    Form(f): Form<GoalFields>,
) -> Result<Response, WebError> {
    match plan::update_goal(&state.app, &ctx, CaseId(id), goal, &f.to_form()).await {
        Ok(GoalSaved::Saved) => Ok(with_flash(
            see_other(&format!("/cases/{id}/goals/{goal}")),
            &state,
            "ok:flash-goal-saved",
        )),
        Ok(GoalSaved::Conflict(p)) => {
            let version = p.goal.version;
            let glossary = Glossary::load(&state, &ctx, &c).await?;
            let mut page = GoalShowPage::new(c, *p, Errors::none(), glossary);
            // Keep what was typed; saving again goes on top of the newest version.
            page.form = GoalFields { version, ..f };
            page.conflict = true;
            Ok(status_of(super::render(&page)?, StatusCode::CONFLICT))
        }
        Err(AppError::Invalid(e)) => {
            let p = plan::goal_page(&state.app, &ctx, CaseId(id), goal).await?;
            let errors = Errors::from(&c, &e);
            let glossary = Glossary::load(&state, &ctx, &c).await?;
            let mut page = GoalShowPage::new(c, p, errors, glossary);
            page.form = f;
            Ok(status_of(
                super::render(&page)?,
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn progress_create(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path((id, goal)): Path<(i64, i64)>,
    Form(f): Form<ProgressFields>,
) -> Result<Response, WebError> {
    let form = ProgressForm {
        note: f.note.clone(),
        score: f.score.clone(),
    };
    match plan::add_progress(&state.app, &ctx, CaseId(id), goal, &form).await {
        Ok(_) => Ok(with_flash(
            see_other(&format!("/cases/{id}/goals/{goal}#progress")),
            &state,
            "ok:flash-progress-added",
        )),
        Err(AppError::Invalid(e)) => {
            let p = plan::goal_page(&state.app, &ctx, CaseId(id), goal).await?;
            let errors = Errors::from(&c, &e);
            let glossary = Glossary::load(&state, &ctx, &c).await?;
            let mut page = GoalShowPage::new(c, p, errors, glossary);
            page.progress = f;
            Ok(status_of(
                super::render(&page)?,
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------
// Agreements
// ---------------------------------------------------------------------------

#[derive(Deserialize, Default, Clone)]
pub struct AgreementFields {
    #[serde(default)]
    action: String,
    #[serde(default)]
    party: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    owner_user: String,
    #[serde(default)]
    owner_name: String,
    #[serde(default)]
    due_on: String,
}

#[derive(Template)]
#[template(path = "case/agreement_new.html")]
struct AgreementNewPage {
    c: Chrome,
    case: CaseHeader,
    owners: Vec<(String, String)>,
    parties: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    form: AgreementFields,
    errors: Errors,
}

async fn agreement_page(
    state: &AppState,
    ctx: &Ctx,
    c: Chrome,
    id: i64,
    form: AgreementFields,
    errors: Errors,
) -> Result<AgreementNewPage, WebError> {
    let p = plan::agreement_form(&state.app, ctx, CaseId(id)).await?;
    Ok(AgreementNewPage {
        owners: p
            .owners
            .into_iter()
            .map(|(u, n)| (u.to_string(), n))
            .collect(),
        parties: options(&c, Party::ALL, Party::code, Party::message_id),
        kinds: options(
            &c,
            AgreementKind::ALL,
            AgreementKind::code,
            AgreementKind::message_id,
        ),
        c,
        case: p.case,
        form,
        errors,
    })
}

pub async fn agreement_new(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let form = AgreementFields {
        kind: AgreementKind::Task.code().to_owned(),
        ..AgreementFields::default()
    };
    let page = agreement_page(&state, &ctx, c, id, form, Errors::none()).await?;
    super::render(&page)
}

pub async fn agreement_create(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<AgreementFields>,
) -> Result<Response, WebError> {
    let form = AgreementForm {
        action: f.action.clone(),
        party: f.party.clone(),
        kind: f.kind.clone(),
        owner_user: f.owner_user.clone(),
        owner_name: f.owner_name.clone(),
        due_on: f.due_on.clone(),
    };
    match plan::add_agreement(&state.app, &ctx, CaseId(id), &form).await {
        Ok(_) => Ok(with_flash(
            see_other(&format!("/cases/{id}#agreements")),
            &state,
            "ok:flash-agreement-added",
        )),
        Err(AppError::Invalid(e)) => {
            let errors = Errors::from(&c, &e);
            let page = agreement_page(&state, &ctx, c, id, f, errors).await?;
            Ok(status_of(
                super::render(&page)?,
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
pub struct DoneFields {
    /// `1` to mark done, `0` to open again.
    #[serde(default)]
    done: String,
}

pub async fn agreement_done(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    Path((id, agreement)): Path<(i64, i64)>,
    Form(f): Form<DoneFields>,
) -> Result<Response, WebError> {
    let done = f.done.trim() != "0";
    plan::set_agreement_done(&state.app, &ctx, CaseId(id), agreement, done).await?;
    let flash = if done {
        "ok:flash-agreement-done"
    } else {
        "ok:flash-agreement-reopened"
    };
    Ok(with_flash(
        see_other(&format!("/cases/{id}#agreements")),
        &state,
        flash,
    ))
}

// ---------------------------------------------------------------------------
// Financing lines
// ---------------------------------------------------------------------------

#[derive(Deserialize, Default, Clone)]
pub struct FinancingFields {
    #[serde(default)]
    stream: String,
    #[serde(default)]
    purpose: String,
    #[serde(default)]
    hours: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    period_from: String,
    #[serde(default)]
    period_until: String,
}

#[derive(Template)]
#[template(path = "case/financing_new.html")]
struct FinancingNewPage {
    c: Chrome,
    case: CaseHeader,
    streams: Vec<(String, String)>,
    form: FinancingFields,
    errors: Errors,
}

fn streams(c: &Chrome) -> Vec<(String, String)> {
    options(
        c,
        FinancingStream::ALL,
        FinancingStream::code,
        FinancingStream::message_id,
    )
}

pub async fn financing_new(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let case = plan::form_header(&state.app, &ctx, CaseId(id)).await?;
    let form = FinancingFields {
        period_from: today(&state, &c),
        ..FinancingFields::default()
    };
    super::render(&FinancingNewPage {
        streams: streams(&c),
        c,
        case,
        form,
        errors: Errors::none(),
    })
}

pub async fn financing_create(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<FinancingFields>,
) -> Result<Response, WebError> {
    let form = FinancingForm {
        stream: f.stream.clone(),
        purpose: f.purpose.clone(),
        hours: f.hours.clone(),
        amount: f.amount.clone(),
        period_from: f.period_from.clone(),
        period_until: f.period_until.clone(),
    };
    match plan::add_financing(&state.app, &ctx, CaseId(id), &form).await {
        Ok(_) => Ok(with_flash(
            see_other(&format!("/cases/{id}#financing")),
            &state,
            "ok:flash-financing-added",
        )),
        Err(AppError::Invalid(e)) => {
            let case = plan::form_header(&state.app, &ctx, CaseId(id)).await?;
            let page = FinancingNewPage {
                errors: Errors::from(&c, &e),
                streams: streams(&c),
                c,
                case,
                form: f,
            };
            Ok(status_of(
                super::render(&page)?,
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;

    #[test]
    fn every_plan_message_is_translated() {
        for lang in Lang::ALL {
            for id in super::message_ids() {
                assert_ne!(lang.t(&id), id, "{} lacks {id}", lang.code());
            }
        }
    }
}
