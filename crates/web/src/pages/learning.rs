//! The learning network (S6): start page, networks, dialogue tables.
//! Knowledge base, glossary and factsheets are in `learning_knowledge`, the
//! collaboration scan in `learning_scan`.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use brug_app::learning::{
    self as app, ActionForm, ContributionForm, FollowUpForm, Home, ItemForm, MemberForm,
    NetworkForm, NetworkPage, ReviewForm, SessionForm, SessionPage, StoryForm,
};
use brug_app::{AppError, Ctx, FieldErrors};
use brug_domain::learning::{
    ActionStatus, ItemKind, Level, NetworkKind, Perspective, Question, SessionKind, StoryStatus,
    Theme,
};
use brug_domain::registry::Sector;
use brug_store::learning::{ContributionRow, MemberRow};
use serde::Deserialize;

use super::cases::{see_other, with_flash};
use super::learning_knowledge::Glossary;
use super::users::Errors;
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::session::Viewer;
use crate::state::AppState;

/// The display name of a coded value (`prefix-code`, underscores as dashes).
pub(crate) fn label(c: &Chrome, prefix: &str, code: &str) -> String {
    c.t(&format!("{prefix}-{}", code.replace('_', "-")))
}

/// (code, label) options for a select.
pub(crate) fn options(c: &Chrome, prefix: &str, codes: &[&str]) -> Vec<(String, String)> {
    codes
        .iter()
        .map(|code| ((*code).to_owned(), label(c, prefix, code)))
        .collect()
}

pub(crate) fn theme_options(c: &Chrome) -> Vec<(String, String)> {
    Theme::ALL
        .iter()
        .map(|t| {
            (
                t.code().to_owned(),
                format!("{}. {}", t.number(), label(c, "theme", t.code())),
            )
        })
        .collect()
}

fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|t| code(*t)).collect()
}

pub(crate) fn invalid(mut r: Response) -> Response {
    *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    r
}

// ---------------------------------------------------------------------------
// Start page
// ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "learning/home.html")]
pub(crate) struct HomeTemplate {
    pub(crate) c: Chrome,
    pub(crate) h: Home,
    pub(crate) form: NetworkFields,
    pub(crate) project: ProjectFields,
    pub(crate) errors: Errors,
}

/// The project form on the start page.
#[derive(Deserialize, Default, Clone)]
pub struct ProjectFields {
    #[serde(default)]
    pub project_name: String,
    #[serde(default)]
    pub project_description: String,
}

impl HomeTemplate {
    fn kinds(&self) -> Vec<(String, String)> {
        options(
            &self.c,
            "networkkind",
            &codes(NetworkKind::ALL, NetworkKind::code),
        )
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct NetworkFields {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub project: String,
}

impl NetworkFields {
    pub(crate) fn to_form(&self) -> NetworkForm {
        NetworkForm {
            kind: self.kind.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            project: self.project.clone(),
        }
    }
}

pub async fn home(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
) -> Result<Response, WebError> {
    let h = app::home(&state.app, &ctx).await?;
    super::render(&HomeTemplate {
        c,
        h,
        form: NetworkFields::default(),
        project: ProjectFields::default(),
        errors: Errors::none(),
    })
}

pub async fn create_network(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Form(f): Form<NetworkFields>,
) -> Result<Response, WebError> {
    match app::create_network(&state.app, &ctx, &f.to_form()).await {
        Ok(id) => Ok(with_flash(
            see_other(&format!("/learning/networks/{id}")),
            &state,
            "ok:flash-learning-network-created",
        )),
        Err(AppError::Invalid(e)) => {
            let h = app::home(&state.app, &ctx).await?;
            let errors = Errors::from(&c, &e);
            Ok(invalid(super::render(&HomeTemplate {
                c,
                h,
                form: f,
                project: ProjectFields::default(),
                errors,
            })?))
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------
// A network
// ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "learning/network.html")]
struct NetworkTemplate {
    c: Chrome,
    p: NetworkPage,
    member: MemberFields,
    session: SessionFields,
    errors: Errors,
}

impl NetworkTemplate {
    fn perspectives(&self) -> Vec<(String, String)> {
        options(
            &self.c,
            "perspective",
            &codes(Perspective::ALL, Perspective::code),
        )
    }
    fn session_kinds(&self) -> Vec<(String, String)> {
        options(
            &self.c,
            "sessionkind",
            &codes(SessionKind::ALL, SessionKind::code),
        )
    }
    fn themes(&self) -> Vec<(String, String)> {
        theme_options(&self.c)
    }
    fn l(&self, prefix: &str, code: &str) -> String {
        label(&self.c, prefix, code)
    }
    fn is_own(&self, m: &MemberRow) -> bool {
        self.p.own_member == Some(m.id)
    }
    fn overdue(&self, id: &i64) -> bool {
        self.p.overdue.contains(id)
    }
    fn member_name(&self, m: &MemberRow) -> String {
        if m.left_at.is_some() {
            self.c.t1(
                "learning-member-left",
                "perspective",
                self.l("perspective", &m.perspective),
            )
        } else {
            m.name.clone()
        }
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct MemberFields {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub perspective: String,
    #[serde(default)]
    pub organisation: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct SessionFields {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub theme: String,
    #[serde(default)]
    pub held_on: String,
    #[serde(default)]
    pub guiding_question: String,
}

async fn network_response(
    state: &AppState,
    ctx: &Ctx,
    c: Chrome,
    id: i64,
    member: MemberFields,
    session: SessionFields,
    errors: Option<&FieldErrors>,
) -> Result<Response, WebError> {
    let p = app::network_page(&state.app, ctx, id).await?;
    let errs = errors.map_or_else(Errors::none, |e| Errors::from(&c, e));
    let r = super::render(&NetworkTemplate {
        c,
        p,
        member,
        session,
        errors: errs,
    })?;
    Ok(if errors.is_some() { invalid(r) } else { r })
}

pub async fn network(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    network_response(
        &state,
        &ctx,
        c,
        id,
        MemberFields::default(),
        SessionFields::default(),
        None,
    )
    .await
}

fn to_network(state: &AppState, id: i64, flash: &str) -> Response {
    with_flash(see_other(&format!("/learning/networks/{id}")), state, flash)
}

pub async fn add_member(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<MemberFields>,
) -> Result<Response, WebError> {
    let form = MemberForm {
        email: f.email.clone(),
        name: f.name.clone(),
        perspective: f.perspective.clone(),
        organisation: f.organisation.clone(),
    };
    match app::add_member(&state.app, &ctx, id, &form).await {
        Ok(_) => Ok(to_network(&state, id, "ok:flash-learning-member-added")),
        Err(AppError::Invalid(e)) => {
            network_response(&state, &ctx, c, id, f, SessionFields::default(), Some(&e)).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn leave(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    Path((id, member)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    app::leave(&state.app, &ctx, id, member).await?;
    // A member who left themselves no longer sees the network.
    let target = if app::network_page(&state.app, &ctx, id).await.is_ok() {
        format!("/learning/networks/{id}")
    } else {
        "/learning".to_owned()
    };
    Ok(with_flash(
        see_other(&target),
        &state,
        "ok:flash-learning-member-left",
    ))
}

pub async fn add_session(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<SessionFields>,
) -> Result<Response, WebError> {
    let form = SessionForm {
        kind: f.kind.clone(),
        title: f.title.clone(),
        theme: f.theme.clone(),
        held_on: f.held_on.clone(),
        guiding_question: f.guiding_question.clone(),
    };
    match app::add_session(&state.app, &ctx, id, &form).await {
        Ok(session) => Ok(with_flash(
            see_other(&format!("/learning/sessions/{session}")),
            &state,
            "ok:flash-learning-session-added",
        )),
        Err(AppError::Invalid(e)) => {
            network_response(&state, &ctx, c, id, MemberFields::default(), f, Some(&e)).await
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------
// A dialogue table
// ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "learning/session.html")]
struct SessionTemplate {
    c: Chrome,
    p: SessionPage,
    f: SessionForms,
    errors: Errors,
    /// Glossary terms linked in the story and the insights.
    g: Glossary,
}

/// What was typed in the session page's forms, kept on an error.
#[derive(Default, Clone)]
struct SessionForms {
    contribution: ContributionFields,
    story: StoryFields,
    review: ReviewFields,
    item: ItemFields,
    action: ActionFields,
}

impl SessionTemplate {
    fn l(&self, prefix: &str, code: &str) -> String {
        label(&self.c, prefix, code)
    }
    fn lo(&self, prefix: &str, code: &Option<String>) -> String {
        code.as_deref()
            .map(|c| label(&self.c, prefix, c))
            .unwrap_or_default()
    }
    fn questions(&self) -> Vec<(String, String)> {
        options(&self.c, "question", &codes(Question::ALL, Question::code))
    }
    fn item_kinds(&self) -> Vec<(String, String)> {
        let kinds: Vec<&str> = ItemKind::ALL
            .iter()
            .filter(|k| **k != ItemKind::Story)
            .map(|k| k.code())
            .collect();
        options(&self.c, "itemkind", &kinds)
    }
    fn levels(&self) -> Vec<(String, String)> {
        options(&self.c, "level", &codes(Level::ALL, Level::code))
    }
    fn sectors(&self) -> Vec<(String, String)> {
        Sector::ALL
            .iter()
            .map(|s| (s.code().to_owned(), s.code().to_owned()))
            .collect()
    }
    fn statuses(&self) -> Vec<(String, String)> {
        options(
            &self.c,
            "actionstatus",
            &codes(ActionStatus::ALL, ActionStatus::code),
        )
    }
    fn themes(&self) -> Vec<(String, String)> {
        theme_options(&self.c)
    }
    fn active_members(&self) -> Vec<&MemberRow> {
        self.p
            .members
            .iter()
            .filter(|m| m.left_at.is_none())
            .collect()
    }
    /// The contributions to one question.
    fn on(&self, question: &str) -> Vec<&ContributionRow> {
        self.p
            .contributions
            .iter()
            .filter(|c| c.question == question)
            .collect()
    }
    /// Who said it: name and perspective, or the perspective only once the
    /// member left the network.
    fn who(&self, contribution: &ContributionRow) -> String {
        let perspective = self.l("perspective", &contribution.perspective);
        if contribution.member_name.is_empty() {
            perspective
        } else {
            format!("{} ({perspective})", contribution.member_name)
        }
    }
    fn is_case_table(&self) -> bool {
        self.p.session.kind == SessionKind::CaseSpecific.code()
    }
    fn story_is(&self, status: StoryStatus) -> bool {
        self.p.session.story_status.as_deref() == Some(status.code())
    }
    /// What the anonymiser removed, as a sentence.
    fn removed(&self) -> String {
        let Some(text) = &self.p.session.story_removed else {
            return String::new();
        };
        text.split(';')
            .filter_map(|part| part.split_once('='))
            .filter(|(_, n)| *n != "0")
            .map(|(kind, n)| self.c.t1(&format!("learning-removed-{kind}"), "count", n))
            .collect::<Vec<_>>()
            .join(", ")
    }
    fn review_story_text(&self) -> String {
        if self.f.review.story.is_empty() {
            self.p.session.story.clone().unwrap_or_default()
        } else {
            self.f.review.story.clone()
        }
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct ContributionFields {
    #[serde(default)]
    pub member: String,
    #[serde(default)]
    pub question: String,
    #[serde(default)]
    pub body: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct StoryFields {
    #[serde(default)]
    pub case_id: String,
    #[serde(default)]
    pub keep_organisations: String,
    #[serde(default)]
    pub family_invited: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct ReviewFields {
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub story: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct ItemFields {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub theme: String,
    #[serde(default)]
    pub level: String,
    #[serde(default)]
    pub sector: String,
    #[serde(default)]
    pub body: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct ActionFields {
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub organisation: String,
    #[serde(default)]
    pub due_on: String,
    #[serde(default)]
    pub theme: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct FollowUpFields {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub note: String,
}

async fn session_response(
    state: &AppState,
    ctx: &Ctx,
    c: Chrome,
    id: i64,
    f: SessionForms,
    errors: Option<&FieldErrors>,
) -> Result<Response, WebError> {
    let p = app::session_page(&state.app, ctx, id).await?;
    let errs = errors.map_or_else(Errors::none, |e| Errors::from(&c, e));
    let g = Glossary::load(state, ctx, &c).await?;
    let r = super::render(&SessionTemplate {
        g,
        c,
        p,
        f,
        errors: errs,
    })?;
    Ok(if errors.is_some() { invalid(r) } else { r })
}

pub async fn session(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    session_response(&state, &ctx, c, id, SessionForms::default(), None).await
}

fn to_session(state: &AppState, id: i64, anchor: &str, flash: &str) -> Response {
    with_flash(
        see_other(&format!("/learning/sessions/{id}#{anchor}")),
        state,
        flash,
    )
}

/// Answer a session form: back to the page, or the page with the errors.
async fn after<T>(
    state: &AppState,
    ctx: &Ctx,
    c: Chrome,
    id: i64,
    result: Result<T, AppError>,
    forms: SessionForms,
    (anchor, flash): (&str, &str),
) -> Result<Response, WebError> {
    match result {
        Ok(_) => Ok(to_session(state, id, anchor, flash)),
        Err(AppError::Invalid(e)) => session_response(state, ctx, c, id, forms, Some(&e)).await,
        Err(e) => Err(e.into()),
    }
}

pub async fn add_contribution(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<ContributionFields>,
) -> Result<Response, WebError> {
    let form = ContributionForm {
        member: f.member.clone(),
        question: f.question.clone(),
        body: f.body.clone(),
    };
    let result = app::add_contribution(&state.app, &ctx, id, &form).await;
    let forms = SessionForms {
        contribution: f,
        ..SessionForms::default()
    };
    let done = ("record", "ok:flash-learning-contribution-added");
    after(&state, &ctx, c, id, result, forms, done).await
}

pub async fn propose_story(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<StoryFields>,
) -> Result<Response, WebError> {
    let form = StoryForm {
        case_id: f.case_id.clone(),
        keep_organisations: !f.keep_organisations.is_empty(),
        family_invited: !f.family_invited.is_empty(),
    };
    let result = app::propose_case(&state.app, &ctx, id, &form).await;
    let forms = SessionForms {
        story: f,
        ..SessionForms::default()
    };
    let done = ("story", "ok:flash-learning-story-drafted");
    after(&state, &ctx, c, id, result, forms, done).await
}

pub async fn review_story(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<ReviewFields>,
) -> Result<Response, WebError> {
    let form = ReviewForm {
        decision: f.decision.clone(),
        story: f.story.clone(),
        note: f.note.clone(),
    };
    let result = app::review_story(&state.app, &ctx, id, &form).await;
    let flash = match &result {
        Ok(StoryStatus::Rejected) => "ok:flash-learning-story-rejected",
        _ => "ok:flash-learning-story-approved",
    };
    let forms = SessionForms {
        review: f,
        ..SessionForms::default()
    };
    after(&state, &ctx, c, id, result, forms, ("story", flash)).await
}

pub async fn add_item(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<ItemFields>,
) -> Result<Response, WebError> {
    let form = ItemForm {
        kind: f.kind.clone(),
        theme: f.theme.clone(),
        level: f.level.clone(),
        sector: f.sector.clone(),
        body: f.body.clone(),
    };
    let result = app::add_item(&state.app, &ctx, id, &form).await;
    let forms = SessionForms {
        item: f,
        ..SessionForms::default()
    };
    let done = ("insights", "ok:flash-learning-item-added");
    after(&state, &ctx, c, id, result, forms, done).await
}

pub async fn add_action(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<ActionFields>,
) -> Result<Response, WebError> {
    let form = ActionForm {
        description: f.description.clone(),
        owner: f.owner.clone(),
        organisation: f.organisation.clone(),
        due_on: f.due_on.clone(),
        theme: f.theme.clone(),
    };
    let result = app::add_action(&state.app, &ctx, id, &form).await;
    let forms = SessionForms {
        action: f,
        ..SessionForms::default()
    };
    let done = ("actions", "ok:flash-learning-action-added");
    after(&state, &ctx, c, id, result, forms, done).await
}

pub async fn follow_up(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path((id, action)): Path<(i64, i64)>,
    Form(f): Form<FollowUpFields>,
) -> Result<Response, WebError> {
    let form = FollowUpForm {
        status: f.status,
        note: f.note,
    };
    let result = app::follow_up(&state.app, &ctx, id, action, &form).await;
    let done = ("follow-up", "ok:flash-learning-action-followed");
    after(&state, &ctx, c, id, result, SessionForms::default(), done).await
}

#[cfg(test)]
mod tests {
    use brug_domain::learning::*;

    use crate::i18n::Lang;

    /// Every coded value of the learning network has a name in both languages.
    #[test]
    fn learning_labels_are_translated() {
        let mut ids: Vec<String> = Vec::new();
        ids.extend(Theme::ALL.iter().map(|t| t.message_id()));
        ids.extend(ThemeGroup::ALL.iter().map(|t| t.message_id()));
        ids.extend(ItemKind::ALL.iter().map(|t| t.message_id()));
        ids.extend(Level::ALL.iter().map(|t| t.message_id()));
        ids.extend(Perspective::ALL.iter().map(|t| t.message_id()));
        ids.extend(NetworkKind::ALL.iter().map(|t| t.message_id()));
        ids.extend(SessionKind::ALL.iter().map(|t| t.message_id()));
        ids.extend(StoryStatus::ALL.iter().map(|t| t.message_id()));
        ids.extend(ActionStatus::ALL.iter().map(|t| t.message_id()));
        ids.extend(Question::ALL.iter().map(|t| t.message_id()));
        ids.extend(
            Theme::ALL
                .iter()
                .map(|t| format!("scan-statement-{}", t.code().replace('_', "-"))),
        );
        for lang in [Lang::Nl, Lang::En] {
            for id in &ids {
                assert_ne!(lang.t(id), *id, "{id} missing in {}", lang.code());
            }
            for kind in [
                "names",
                "organisations",
                "emails",
                "phones",
                "numbers",
                "postcodes",
                "dates",
            ] {
                let id = format!("learning-removed-{kind}");
                let text = lang.t_args(&id, &[("count", "2".into())]);
                assert!(text.contains('2'), "{id} missing in {}", lang.code());
            }
        }
    }
}
