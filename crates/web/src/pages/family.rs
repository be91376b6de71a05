//! The family view: one page per child for its parents, and for the child
//! itself from 12, in plain language and built for a phone. Parents read it
//! in the "u" voice ("Uw vaste contactpersoon"), the child in its own
//! ("Mijn plan", "Wat ik wil", "Wie helpt mij"). Writing their own section
//! and commenting go through the app's use cases, which ask the policy.
//!
//! Also here: the team's comment form on the case page.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use brug_app::family::{self, CommentForm, FamilySection, FamilyView};
use brug_app::plan::{SaveOutcome, SectionForm};
use brug_app::{AppError, Ctx, FieldErrors};
use brug_domain::cases::{GoalStatus, Party};
use brug_domain::family::Participant;
use brug_domain::ids::{CaseId, PupilId};
use brug_domain::plan::{PlanSection, SECTION_TEXT};
use serde::Deserialize;

use super::cases::{see_other, with_flash};
use super::users::Errors;
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::session::Viewer;
use crate::state::AppState;

/// Where a young person of 16+ manages consent (S4's consent part): the
/// pupil's consent page, or the account's, whichever route exists.
fn consent_href(pupil: PupilId) -> Option<String> {
    let exists = |route: &str| {
        super::ROUTES
            .iter()
            .any(|(m, r)| *m == "GET" && *r == route)
    };
    if exists("/pupils/{id}/consent") {
        Some(format!("/pupils/{pupil}/consent"))
    } else if exists("/account/consent") {
        Some("/account/consent".to_owned())
    } else {
        None
    }
}

/// Words that exist in both voices: `family-{key}` (to parents, "u") and
/// `child-{key}` (to the child, "je", "ik").
#[cfg(test)]
pub(crate) const VOICED: &[&str] = &[
    "title",
    "intro",
    "no-case",
    "where-title",
    "contact-title",
    "contact-text",
    "contact-none",
    "own-title",
    "own-hint",
    "plan-title",
    "goals-title",
    "goals-none",
    "agreements-title",
    "agreements-none",
    "agreements-all",
    "upcoming-title",
    "upcoming-none",
    "evaluation-on",
    "evaluation-explain",
    "comment-agreement-label",
    "comment-evaluation-label",
    "comment-submit",
    "team-title",
    "team-none",
];

/// A conflict while saving the own section: what is saved now, by whom.
pub struct OwnConflict {
    pub body: String,
    pub by: Option<String>,
}

#[derive(Template)]
#[template(path = "family.html")]
struct FamilyPage {
    c: Chrome,
    v: FamilyView,
    /// The own section's text in the form: what was typed after a failed
    /// save, else the saved text.
    own_body: Option<String>,
    own_version: Option<i64>,
    conflict: Option<OwnConflict>,
    errors: Errors,
    /// The comment form that failed: (target, id) and what was typed.
    comment_error: Option<(String, i64, String)>,
    consent_href: Option<String>,
    max_chars: usize,
}

impl FamilyPage {
    fn new(c: Chrome, v: FamilyView) -> FamilyPage {
        let consent_href = consent_href(v.pupil);
        FamilyPage {
            c,
            v,
            own_body: None,
            own_version: None,
            conflict: None,
            errors: Errors::none(),
            comment_error: None,
            consent_href,
            max_chars: SECTION_TEXT.max_chars,
        }
    }

    fn voice(&self) -> &'static str {
        if self.v.participant == Participant::Child {
            "child"
        } else {
            "family"
        }
    }

    /// A word in the viewer's voice.
    fn w(&self, key: &str) -> String {
        self.c.t(&format!("{}-{key}", self.voice()))
    }

    fn w1(&self, key: &str, name: &str, value: &str) -> String {
        self.c.t1(&format!("{}-{key}", self.voice()), name, value)
    }

    fn title(&self) -> String {
        self.w1("title", "name", &self.v.given_name)
    }

    fn section_title(&self, s: &PlanSection) -> String {
        self.c.t(&format!(
            "{}-section-{}",
            self.voice(),
            s.code().replace('_', "-")
        ))
    }

    fn section_explain(&self, s: &PlanSection) -> String {
        self.c.t(&format!(
            "{}-section-{}-explain",
            self.voice(),
            s.code().replace('_', "-")
        ))
    }

    fn goal_status(&self, g: &GoalStatus) -> String {
        self.c
            .t(&format!("family-goalstatus-{}", g.code().replace('_', "-")))
    }

    fn goal_badge(&self, g: &GoalStatus) -> &'static str {
        match g {
            GoalStatus::Achieved => "green",
            GoalStatus::InProgress => "blue",
            GoalStatus::NotAchieved | GoalStatus::Dropped => "grey",
            GoalStatus::Open => "orange",
        }
    }

    fn status_words(&self) -> String {
        match &self.v.case {
            Some(case) => self.c.t(&format!("family-status-{}", case.status.code())),
            None => String::new(),
        }
    }

    fn party(&self, p: &Party) -> String {
        self.c.t(&p.message_id())
    }

    fn author_role(&self, p: &Participant) -> String {
        self.c.t(&format!("family-author-{}", p.code()))
    }

    /// A professional sees the page as the family does, without the forms.
    fn preview(&self) -> bool {
        !self.v.participant.is_family()
    }

    fn written_by(&self, s: &FamilySection) -> String {
        match (&s.updated_by, &s.updated_at) {
            (Some(by), Some(at)) => self.c.t_args(
                "family-written-by",
                &[("name", by.clone()), ("date", self.c.datetime(at))],
            ),
            _ => String::new(),
        }
    }

    fn own(&self) -> Option<&FamilySection> {
        self.v.case.as_ref().and_then(|c| c.own_section())
    }

    fn own_text(&self) -> String {
        match &self.own_body {
            Some(b) => b.clone(),
            None => self.own().map(|s| s.body.clone()).unwrap_or_default(),
        }
    }

    fn own_version_value(&self) -> i64 {
        self.own_version
            .unwrap_or_else(|| self.own().map_or(0, |s| s.version))
    }

    /// What was typed in the comment form of this target, after a failure.
    fn typed_comment(&self, target: &str, id: &i64) -> String {
        match &self.comment_error {
            Some((t, i, body)) if t == target && i == id => body.clone(),
            _ => String::new(),
        }
    }

    fn comment_failed(&self, target: &str, id: &i64) -> bool {
        matches!(&self.comment_error, Some((t, i, _)) if t == target && i == id)
    }
}

fn status_of(mut r: Response, status: StatusCode) -> Response {
    *r.status_mut() = status;
    r
}

pub async fn show(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(pupil): Path<i64>,
) -> Result<Response, WebError> {
    let v = family::view(&state.app, &ctx, PupilId(pupil)).await?;
    super::render(&FamilyPage::new(c, v))
}

#[derive(Deserialize, Default)]
pub struct SectionFields {
    #[serde(default)]
    body: String,
    #[serde(default)]
    version: i64,
}

/// Save the family's own section; back to the family page.
pub async fn save_section(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path((pupil, section)): Path<(i64, String)>,
    Form(f): Form<SectionFields>,
) -> Result<Response, WebError> {
    let form = SectionForm {
        body: f.body.clone(),
        version: f.version,
    };
    let back = format!("/family/{pupil}#own");
    match family::save_section(&state.app, &ctx, PupilId(pupil), &section, &form).await {
        Ok((_, SaveOutcome::Saved { .. })) => Ok(with_flash(
            see_other(&back),
            &state,
            "ok:flash-family-saved",
        )),
        Ok((_, SaveOutcome::Unchanged)) => Ok(with_flash(
            see_other(&back),
            &state,
            "ok:flash-plan-unchanged",
        )),
        Ok((_, SaveOutcome::Conflict(x))) => {
            // Nothing was overwritten: the newest text is shown, theirs kept
            // (showing it was logged as a read by the save).
            let v = family::view_after_read(&state.app, &ctx, PupilId(pupil)).await?;
            let mut page = FamilyPage::new(c, v);
            page.own_version = Some(x.current.version);
            page.own_body = Some(x.yours.clone());
            page.conflict = Some(OwnConflict {
                body: x.current.body.clone(),
                by: x.current.updated_by.clone(),
            });
            Ok(status_of(super::render(&page)?, StatusCode::CONFLICT))
        }
        Err(AppError::Invalid(e)) => {
            let v = family::view(&state.app, &ctx, PupilId(pupil)).await?;
            let errors = Errors::from(&c, &e);
            let mut page = FamilyPage::new(c, v);
            page.own_body = Some(f.body);
            page.own_version = Some(f.version);
            page.errors = errors;
            Ok(status_of(
                super::render(&page)?,
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct CommentFields {
    #[serde(default)]
    target: String,
    #[serde(default)]
    target_id: String,
    #[serde(default)]
    body: String,
}

impl CommentFields {
    fn form(&self) -> CommentForm {
        CommentForm {
            target: self.target.clone(),
            // An unreadable id matches nothing: refused like any other.
            target_id: self.target_id.trim().parse().unwrap_or(0),
            body: self.body.clone(),
        }
    }

    fn anchor(&self) -> String {
        format!("#{}-{}", self.target.trim(), self.target_id.trim())
    }
}

/// A comment from the family page; back to the family page.
pub async fn comment(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(pupil): Path<i64>,
    Form(f): Form<CommentFields>,
) -> Result<Response, WebError> {
    let form = f.form();
    match family::add_comment_for_pupil(&state.app, &ctx, PupilId(pupil), &form).await {
        Ok(_) => Ok(with_flash(
            see_other(&format!("/family/{pupil}{}", f.anchor())),
            &state,
            "ok:flash-comment-added",
        )),
        Err(AppError::Invalid(e)) => {
            let v = family::view(&state.app, &ctx, PupilId(pupil)).await?;
            let errors = Errors::from(&c, &e);
            let mut page = FamilyPage::new(c, v);
            page.errors = errors;
            page.comment_error = Some((form.target, form.target_id, f.body));
            Ok(status_of(
                super::render(&page)?,
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// A comment from the case page (the team answers, or a parent comments
/// there); back to the case page's comments.
pub async fn case_comment(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<CaseCommentFields>,
) -> Result<Response, WebError> {
    let (target, target_id) = f.about.split_once(':').unwrap_or(("", ""));
    let fields = CommentFields {
        target: target.to_owned(),
        target_id: target_id.to_owned(),
        body: f.body.clone(),
    };
    match family::add_comment(&state.app, &ctx, CaseId(id), &fields.form()).await {
        Ok(comment) => Ok(with_flash(
            see_other(&format!("/cases/{id}#comment-{comment}")),
            &state,
            "ok:flash-comment-added",
        )),
        Err(AppError::Invalid(e)) => invalid_on_case(&state, &ctx, c, id, &e, f).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct CaseCommentFields {
    /// `agreement:12` or `evaluation:3`.
    #[serde(default)]
    about: String,
    #[serde(default)]
    body: String,
}

async fn invalid_on_case(
    state: &AppState,
    ctx: &Ctx,
    c: Chrome,
    id: i64,
    e: &FieldErrors,
    f: CaseCommentFields,
) -> Result<Response, WebError> {
    super::cases::invalid_comment(state, ctx, c, id, e, f.about, f.body).await
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use brug_domain::cases::{CaseStatus, GoalStatus};
    use brug_domain::family::{Delivery, NotificationEvent, NotificationKind, Participant};
    use brug_domain::plan::PlanSection;

    /// Every message id the family pages and notifications build at run time.
    pub(crate) fn message_ids() -> Vec<String> {
        let mut ids = Vec::new();
        for voice in ["family", "child"] {
            for key in super::VOICED {
                ids.push(format!("{voice}-{key}"));
            }
            for s in PlanSection::ALL {
                let code = s.code().replace('_', "-");
                ids.push(format!("{voice}-section-{code}"));
                ids.push(format!("{voice}-section-{code}-explain"));
            }
        }
        for g in GoalStatus::ALL {
            ids.push(format!("family-goalstatus-{}", g.code().replace('_', "-")));
        }
        for s in CaseStatus::ALL {
            ids.push(format!("family-status-{}", s.code()));
        }
        for p in Participant::ALL {
            ids.push(format!("family-author-{}", p.code()));
        }
        for k in NotificationKind::ALL {
            ids.push(k.message_id());
            ids.push(format!("{}-hint", k.message_id()));
        }
        for d in Delivery::ALL {
            ids.push(d.message_id());
        }
        for e in NotificationEvent::ALL {
            ids.push(e.message_id());
        }
        ids.extend(
            [
                "flash-family-saved",
                "flash-comment-added",
                "flash-notification-settings-saved",
                "error-comment-meeting-passed",
                "event-comment",
                "log-resource-family-view",
                "log-resource-comment",
            ]
            .map(String::from),
        );
        ids
    }

    #[test]
    fn every_family_message_is_translated() {
        for lang in Lang::ALL {
            for id in message_ids() {
                // Some take a name or a date; extra arguments do no harm.
                let args = [
                    ("name", "Daan".to_owned()),
                    ("date", "01-12-2026".to_owned()),
                ];
                assert_ne!(lang.t_args(&id, &args), id, "{} lacks {id}", lang.code());
            }
        }
    }

    #[test]
    fn the_child_is_spoken_to_as_the_brief_says() {
        let t = |id: &str| Lang::Nl.t(id);
        assert_eq!(t("child-plan-title"), "Mijn plan");
        assert_eq!(t("child-section-child-words"), "Wat ik wil");
        assert_eq!(t("child-team-title"), "Wie helpt mij");
        assert_eq!(t("child-agreements-title"), "Afspraken");
        assert_eq!(t("family-contact-title"), "Uw vaste contactpersoon");
        assert_eq!(t("family-own-title"), "Wat vinden wij als ouders");
    }
}
