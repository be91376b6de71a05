//! The learning network (S6): networks and Communities of Practice, dialogue
//! tables with their case stories, insights, lessons, improvement actions,
//! the knowledge base, the glossary and the collaboration scan.
//!
//! Access goes through `Request::Learning` of the one policy. What is
//! logged (NEN 7513): reading a network or a session (members' names and
//! what they said), changes to members, contributions and stories, and
//! above all drafting a case story from a real case, which is a read of the
//! pupil's file on the proposer's own basis. The knowledge base, theme
//! pages, glossary and scans hold no personal data and are not logged.

use brug_domain::access::{
    Decision, Denial, LearningAction, NetworkFacts, PupilAction, Request, decide,
};
use brug_domain::audit::AuditAction;
use brug_domain::ids::{CaseId, OrgId, UserId};
use brug_domain::learning::anonymise::{self, KnownNames, NameRole};
use brug_domain::learning::scan::{self, Answers};
use brug_domain::learning::{
    self as domain, ActionStatus, ItemKind, Level, NetworkKind, Perspective, Question, SessionKind,
    StoryStatus, Theme,
};
use brug_domain::registry::Sector;
use brug_domain::text;
use brug_store::learning::{
    self as store, ActionRow, ContributionRow, ItemFilter, ItemRow, MemberRow, NetworkRow, ScanRow,
    SessionRow, TermRow,
};
use brug_store::{StoreError, registry};

use crate::trail::{self, Access};
use crate::{App, AppError, Ctx, FieldErrors};

pub mod edit;
pub mod projects;
pub mod seed;

/// How many items a search or a theme page shows.
const PAGE: i64 = 50;

fn ask(ctx: &Ctx, network: Option<&NetworkFacts>, action: LearningAction) -> Decision {
    decide(&ctx.actor, Request::Learning { network, action })
}

async fn facts(app: &App, network: i64) -> Result<Option<NetworkFacts>, AppError> {
    Ok(store::network_facts(&app.db, network)
        .await?
        .map(|(facilitator, members)| NetworkFacts {
            facilitator: facilitator.map(UserId),
            members: members.into_iter().map(UserId).collect(),
        }))
}

/// Decide on an existing network; a missing one is "not found" without a
/// log line (there is nothing to protect), a refusal is logged and answered
/// as "not found" too.
async fn on_network(
    app: &App,
    ctx: &Ctx,
    network: i64,
    action: LearningAction,
    access: Access<'_>,
    log_allowed: bool,
) -> Result<Decision, AppError> {
    let Some(f) = facts(app, network).await? else {
        return Err(AppError::NotFound);
    };
    let decision = ask(ctx, Some(&f), action);
    if !decision.is_allowed() || log_allowed {
        trail::record(app, ctx, &decision, access).await?;
    }
    if decision.is_allowed() {
        Ok(decision)
    } else {
        Err(AppError::NotFound)
    }
}

/// An archived network takes no new sessions or members (409).
async fn not_archived(app: &App, network: i64) -> Result<(), AppError> {
    match store::network(&app.db, network).await? {
        Some(n) if n.archived_at.is_some() => Err(AppError::Conflict("network archived".into())),
        Some(_) => Ok(()),
        None => Err(AppError::NotFound),
    }
}

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

fn choice<T>(errors: &mut FieldErrors, field: &'static str, parsed: Option<T>) -> Option<T> {
    if parsed.is_none() {
        errors.add(field, "error-choose-option");
    }
    parsed
}

fn optional_theme(errors: &mut FieldErrors, input: &str) -> Option<Option<Theme>> {
    if input.trim().is_empty() {
        return Some(None);
    }
    choice(errors, "theme", Theme::from_code(input.trim())).map(Some)
}

fn validated<T>(value: Option<T>) -> Result<T, AppError> {
    value.ok_or_else(|| AppError::Internal("validated fields missing".into()))
}

// ---------------------------------------------------------------------------
// Networks
// ---------------------------------------------------------------------------

pub struct Home {
    pub networks: Vec<NetworkRow>,
    pub can_create: bool,
    /// Organisations the user may take the scan for: (id, name).
    pub scan_orgs: Vec<(i64, String)>,
    /// Every project (programme), for the list and the network form.
    pub projects: Vec<store::ProjectRow>,
}

/// The learning start page: my networks, and where I may start something.
pub async fn home(app: &App, ctx: &Ctx) -> Result<Home, AppError> {
    if !ask(ctx, None, LearningAction::Browse).is_allowed() {
        return Err(AppError::Unauthenticated);
    }
    let scan_orgs = ctx
        .memberships
        .iter()
        .filter(|m| {
            ask(
                ctx,
                None,
                LearningAction::TakeScan {
                    org: OrgId(m.org_id),
                },
            )
            .is_allowed()
        })
        .map(|m| (m.org_id, m.org_name.clone()))
        .collect();
    Ok(Home {
        networks: store::networks_of_user(&app.db, ctx.user_id.0).await?,
        can_create: ask(ctx, None, LearningAction::CreateNetwork).is_allowed(),
        scan_orgs,
        projects: store::projects(&app.db).await?,
    })
}

#[derive(Debug, Clone, Default)]
pub struct NetworkForm {
    pub kind: String,
    pub name: String,
    pub description: String,
    /// The project's id, or empty for none.
    pub project: String,
}

/// Check a network's form (also on edit): kind, name, description, project.
async fn network_fields(app: &App, form: &NetworkForm) -> Result<store::NetworkFields, AppError> {
    let mut errors = FieldErrors::default();
    let kind = choice(&mut errors, "kind", NetworkKind::from_code(&form.kind));
    let name = text_field(&mut errors, "name", &form.name, text::SHORT_TEXT);
    let description = text::clean_optional(&form.description, text::LONG_TEXT)
        .map_err(|e| errors.add_with("description", e.message_id(), e.message_args()))
        .ok();
    let project = if form.project.trim().is_empty() {
        Some(None)
    } else {
        let found = match form.project.trim().parse::<i64>() {
            Ok(id) => store::project(&app.db, id).await?.map(|p| p.id),
            Err(_) => None,
        };
        choice(&mut errors, "project", found).map(Some)
    };
    errors.into_result()?;
    Ok(store::NetworkFields {
        kind: validated(kind)?.code().into(),
        name: validated(name)?,
        description: validated(description)?.unwrap_or_default(),
        project_id: validated(project)?,
    })
}

/// Start a network or Community of Practice, optionally within a project;
/// the facilitator who starts it runs it.
pub async fn create_network(app: &App, ctx: &Ctx, form: &NetworkForm) -> Result<i64, AppError> {
    let decision = ask(ctx, None, LearningAction::CreateNetwork);
    if !decision.is_allowed() {
        return Err(AppError::Forbidden);
    }
    let fields = network_fields(app, form).await?;
    let mut tx = app.db.begin().await?;
    let id = store::insert_network(&mut tx, &fields, ctx.user_id.0, app.now()).await?;
    trail::append_in_tx(
        app,
        ctx,
        &mut tx,
        &decision,
        Access::new(AuditAction::Create, "learning_network", id),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub struct NetworkPage {
    pub network: NetworkRow,
    pub members: Vec<MemberRow>,
    pub sessions: Vec<SessionRow>,
    pub actions: Vec<ActionRow>,
    pub can_run: bool,
    /// The member seat of the viewer, if any (to leave the network).
    pub own_member: Option<i64>,
    /// The actions still open after their due date.
    pub overdue: std::collections::BTreeSet<i64>,
}

/// A network's page: members (by name and perspective), sessions, actions.
pub async fn network_page(app: &App, ctx: &Ctx, id: i64) -> Result<NetworkPage, AppError> {
    let decision = on_network(
        app,
        ctx,
        id,
        LearningAction::ViewNetwork,
        Access::new(AuditAction::Read, "learning_network", id),
        true,
    )
    .await?;
    let network = store::network(&app.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let members = store::members(&app.db, id).await?;
    let own_member = members
        .iter()
        .find(|m| m.user_id == Some(ctx.user_id.0) && m.left_at.is_none())
        .map(|m| m.id);
    let f = facts(app, id).await?;
    let actions = store::actions(&app.db, id).await?;
    let today = app.clock.today();
    let overdue = actions
        .iter()
        .filter(|a| {
            brug_domain::learning::ActionStatus::from_code(&a.status)
                .is_some_and(|s| s.is_overdue(a.due_on, today))
        })
        .map(|a| a.id)
        .collect();
    Ok(NetworkPage {
        can_run: ask(ctx, f.as_ref(), LearningAction::RunNetwork).is_allowed()
            && decision.is_allowed(),
        sessions: store::sessions(&app.db, id).await?,
        actions,
        network,
        members,
        own_member,
        overdue,
    })
}

#[derive(Debug, Clone, Default)]
pub struct MemberForm {
    /// The member's Brug account, when they have one (optional).
    pub email: String,
    pub name: String,
    pub perspective: String,
    pub organisation: String,
}

/// Add a member with their perspective (youth, parent, teacher, ...).
pub async fn add_member(
    app: &App,
    ctx: &Ctx,
    network: i64,
    form: &MemberForm,
) -> Result<i64, AppError> {
    let decision = on_network(
        app,
        ctx,
        network,
        LearningAction::RunNetwork,
        Access::new(AuditAction::Create, "learning_member", network),
        false,
    )
    .await?;
    not_archived(app, network).await?;
    let mut errors = FieldErrors::default();
    let name = text_field(&mut errors, "name", &form.name, text::NAME);
    let perspective = choice(
        &mut errors,
        "perspective",
        Perspective::from_code(&form.perspective),
    );
    let organisation = text::clean_optional(&form.organisation, text::SHORT_TEXT)
        .map_err(|e| errors.add_with("organisation", e.message_id(), e.message_args()))
        .ok();
    let user = if form.email.trim().is_empty() {
        None
    } else {
        match text::Email::parse(&form.email) {
            Ok(email) => match brug_store::users::user_by_email(&app.db, email.as_str()).await? {
                Some(u) => Some(u.id),
                None => {
                    errors.add("email", "error-learning-no-account");
                    None
                }
            },
            Err(e) => {
                errors.add_with("email", e.message_id(), e.message_args());
                None
            }
        }
    };
    errors.into_result()?;
    let mut tx = app.db.begin().await?;
    let id = store::insert_member(
        &mut tx,
        &store::NewMember {
            network_id: network,
            user_id: user,
            name: validated(name)?,
            perspective: validated(perspective)?.code().into(),
            organisation: validated(organisation)?.unwrap_or_default(),
        },
        app.now(),
    )
    .await
    .map_err(|e| match e {
        StoreError::Duplicate(_) => {
            let mut errors = FieldErrors::default();
            errors.add("email", "error-learning-member-twice");
            AppError::Invalid(errors)
        }
        other => other.into(),
    })?;
    let mut access = Access::new(AuditAction::Create, "learning_member", id);
    access.fields = vec![format!("network={network}")];
    trail::append_in_tx(app, ctx, &mut tx, &decision, access).await?;
    tx.commit().await?;
    Ok(id)
}

/// A member leaves (by the facilitator, or the member themselves): their
/// name and account are removed; what they said stays, attributed to their
/// perspective only.
pub async fn leave(app: &App, ctx: &Ctx, network: i64, member: i64) -> Result<(), AppError> {
    let Some(f) = facts(app, network).await? else {
        return Err(AppError::NotFound);
    };
    let members = store::members(&app.db, network).await?;
    let own = members
        .iter()
        .any(|m| m.id == member && m.user_id == Some(ctx.user_id.0));
    let action = if own {
        LearningAction::ViewNetwork
    } else {
        LearningAction::RunNetwork
    };
    let decision = ask(ctx, Some(&f), action);
    let access = || {
        let mut a = Access::new(AuditAction::Update, "learning_member", member);
        a.fields = vec!["left".into()];
        a
    };
    if !decision.is_allowed() {
        trail::record(app, ctx, &decision, access()).await?;
        return Err(AppError::NotFound);
    }
    let mut tx = app.db.begin().await?;
    if !store::leave(&mut tx, network, member, app.now()).await? {
        return Err(AppError::NotFound);
    }
    trail::append_in_tx(app, ctx, &mut tx, &decision, access()).await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Sessions (dialogue tables)
// ---------------------------------------------------------------------------

/// The guiding question of a case-specific table (DOMAIN.md).
pub const GUIDING_QUESTION: &str = "Wat is er voor dit kind nodig om een vorm van onderwijs te kunnen volgen en hoe maken wij dit mogelijk?";

#[derive(Debug, Clone, Default)]
pub struct SessionForm {
    pub kind: String,
    pub title: String,
    pub theme: String,
    pub held_on: String,
    pub guiding_question: String,
}

/// Plan a dialogue table: case-specific (a case story follows) or on a theme.
pub async fn add_session(
    app: &App,
    ctx: &Ctx,
    network: i64,
    form: &SessionForm,
) -> Result<i64, AppError> {
    let decision = on_network(
        app,
        ctx,
        network,
        LearningAction::RunNetwork,
        Access::new(AuditAction::Create, "learning_session", network),
        false,
    )
    .await?;
    not_archived(app, network).await?;
    let mut errors = FieldErrors::default();
    let kind = choice(&mut errors, "kind", SessionKind::from_code(&form.kind));
    let title = text_field(&mut errors, "title", &form.title, text::SHORT_TEXT);
    let theme = optional_theme(&mut errors, &form.theme);
    if kind == Some(SessionKind::CaseTranscending) && theme == Some(None) {
        errors.add("theme", "error-learning-theme-needed");
    }
    let held_on = text::parse_dutch_date(&form.held_on)
        .map_err(|e| errors.add_with("held_on", e.message_id(), e.message_args()))
        .ok();
    let question = if form.guiding_question.trim().is_empty() {
        Some(GUIDING_QUESTION.to_owned())
    } else {
        text_field(
            &mut errors,
            "guiding_question",
            &form.guiding_question,
            text::SHORT_TEXT,
        )
    };
    errors.into_result()?;
    let mut tx = app.db.begin().await?;
    let id = store::insert_session(
        &mut tx,
        &store::NewSession {
            network_id: network,
            kind: validated(kind)?.code().into(),
            title: validated(title)?,
            theme: validated(theme)?.map(|t| t.code().to_owned()),
            held_on: validated(held_on)?,
            guiding_question: validated(question)?,
        },
        app.now(),
    )
    .await?;
    let mut access = Access::new(AuditAction::Create, "learning_session", id);
    access.fields = vec![format!("network={network}")];
    trail::append_in_tx(app, ctx, &mut tx, &decision, access).await?;
    tx.commit().await?;
    Ok(id)
}

pub struct SessionPage {
    pub network: NetworkRow,
    pub session: SessionRow,
    pub members: Vec<MemberRow>,
    pub contributions: Vec<ContributionRow>,
    pub items: Vec<ItemRow>,
    /// The network's actions still open, to follow up at this table.
    pub open_actions: Vec<ActionRow>,
    /// Actions decided at this table.
    pub actions: Vec<ActionRow>,
    pub can_run: bool,
    /// The story is shown to the facilitator (to review) and, once
    /// approved, to every participant.
    pub story_visible: bool,
}

async fn session_and_facts(
    app: &App,
    session: i64,
) -> Result<(SessionRow, NetworkFacts), AppError> {
    let s = store::session(&app.db, session)
        .await?
        .ok_or(AppError::NotFound)?;
    let f = facts(app, s.network_id).await?.ok_or(AppError::NotFound)?;
    Ok((s, f))
}

/// A dialogue table's record: the four questions with each participant's
/// contributions, the case story, insights and actions. Logged.
pub async fn session_page(app: &App, ctx: &Ctx, session: i64) -> Result<SessionPage, AppError> {
    let (s, f) = session_and_facts(app, session).await?;
    let decision = ask(ctx, Some(&f), LearningAction::ViewNetwork);
    trail::enforce(
        app,
        ctx,
        decision,
        Access::new(AuditAction::Read, "learning_session", session),
        AppError::NotFound,
    )
    .await?;
    let can_run = ask(ctx, Some(&f), LearningAction::RunNetwork).is_allowed();
    let network = store::network(&app.db, s.network_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let all_actions = store::actions(&app.db, s.network_id).await?;
    let (actions, open_actions): (Vec<ActionRow>, Vec<ActionRow>) = all_actions
        .into_iter()
        .filter(|a| {
            a.session_id == Some(session)
                || ActionStatus::from_code(&a.status).is_some_and(ActionStatus::is_open)
        })
        .partition(|a| a.session_id == Some(session));
    let items = store::search(
        &app.db,
        &ItemFilter {
            network_id: Some(s.network_id),
            limit: 500,
            ..ItemFilter::default()
        },
    )
    .await?
    .into_iter()
    .filter(|i| i.session_id == Some(session))
    .collect();
    let story_visible = can_run || s.story_status.as_deref() == Some(StoryStatus::Approved.code());
    Ok(SessionPage {
        members: store::members(&app.db, s.network_id).await?,
        contributions: store::contributions(&app.db, session).await?,
        network,
        session: s,
        items,
        open_actions,
        actions,
        can_run,
        story_visible,
    })
}

/// Decide that the actor runs the session's network; refusals are logged.
async fn run_session(
    app: &App,
    ctx: &Ctx,
    session: i64,
    resource: &'static str,
) -> Result<(SessionRow, Decision), AppError> {
    let (s, f) = session_and_facts(app, session).await?;
    let decision = ask(ctx, Some(&f), LearningAction::RunNetwork);
    if !decision.is_allowed() {
        trail::record(
            app,
            ctx,
            &decision,
            Access::new(AuditAction::Update, resource, session),
        )
        .await?;
        return Err(AppError::NotFound);
    }
    Ok((s, decision))
}

#[derive(Debug, Clone, Default)]
pub struct ContributionForm {
    pub member: String,
    pub question: String,
    pub body: String,
}

/// Record what a participant said on one of the four questions, from their
/// perspective.
pub async fn add_contribution(
    app: &App,
    ctx: &Ctx,
    session: i64,
    form: &ContributionForm,
) -> Result<i64, AppError> {
    let (s, decision) = run_session(app, ctx, session, "learning_contribution").await?;
    let members = store::members(&app.db, s.network_id).await?;
    let mut errors = FieldErrors::default();
    let member = form
        .member
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(|id| members.iter().find(|m| m.id == id && m.left_at.is_none()));
    let member = choice(&mut errors, "member", member);
    let question = choice(&mut errors, "question", Question::from_code(&form.question));
    let body = text_field(&mut errors, "body", &form.body, domain::REQUIRED_TEXT);
    errors.into_result()?;
    let member = validated(member)?;
    let mut tx = app.db.begin().await?;
    let id = store::insert_contribution(
        &mut tx,
        session,
        member.id,
        &member.perspective,
        validated(question)?.code(),
        &validated(body)?,
        app.now(),
    )
    .await?;
    let mut access = Access::new(AuditAction::Create, "learning_contribution", id);
    access.fields = vec![format!("session={session}")];
    trail::append_in_tx(app, ctx, &mut tx, &decision, access).await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(Debug, Clone, Default)]
pub struct StoryForm {
    pub case_id: String,
    pub keep_organisations: bool,
    pub family_invited: bool,
}

/// Bring a real case to a case-specific table: Brug reads the case (logged
/// as a read of the pupil's file, on the proposer's own basis) and drafts an
/// anonymised case story for the facilitator to review. Nothing of the case
/// is stored but the draft.
pub async fn propose_case(
    app: &App,
    ctx: &Ctx,
    session: i64,
    form: &StoryForm,
) -> Result<(), AppError> {
    let (s, f) = session_and_facts(app, session).await?;
    let decision = ask(ctx, Some(&f), LearningAction::ProposeCase);
    if !decision.is_allowed() {
        trail::record(
            app,
            ctx,
            &decision,
            Access::new(AuditAction::Update, "case_story", session),
        )
        .await?;
        return Err(AppError::NotFound);
    }
    let mut errors = FieldErrors::default();
    if s.kind != SessionKind::CaseSpecific.code() {
        errors.add("case_id", "error-learning-not-case-table");
        return Err(AppError::Invalid(errors));
    }
    let Ok(case_id) = form.case_id.trim().parse::<i64>() else {
        errors.add("case_id", "error-learning-case-unknown");
        return Err(AppError::Invalid(errors));
    };
    // Reading the case is the pupil policy's decision, logged as a read.
    let auth = match crate::cases::authorize(
        app,
        ctx,
        CaseId(case_id),
        PupilAction::ViewSupport,
        AuditAction::Read,
        "case_story",
        None,
    )
    .await
    {
        Ok(auth) => auth,
        Err(AppError::NotFound) => {
            errors.add("case_id", "error-learning-case-unknown");
            return Err(AppError::Invalid(errors));
        }
        Err(e) => return Err(e),
    };
    let (story, removed) = draft_story(&app.db, &auth.case, form.keep_organisations).await?;
    let mut tx = app.db.begin().await?;
    store::set_story(
        &mut tx,
        session,
        &store::StoryDraft {
            case_id,
            story: &story,
            removed: &removed,
            family_invited: form.family_invited,
            keep_organisations: form.keep_organisations,
        },
    )
    .await?;
    let mut access = Access::new(AuditAction::Update, "case_story", session);
    access.fields = vec![format!("case={case_id}"), "story=draft".into()];
    trail::append_in_tx(app, ctx, &mut tx, &decision, access).await?;
    tx.commit().await?;
    Ok(())
}

/// The anonymised draft story of a case and what was removed (counts, as
/// stored with the draft). No access check: callers decide first (the
/// demo generator writes its stories with it).
pub async fn draft_story(
    db: &brug_store::Db,
    case: &brug_store::cases::CaseRow,
    keep_organisations: bool,
) -> Result<(String, String), AppError> {
    let (text, known) = case_text(db, case, keep_organisations).await?;
    let (story, removed) = anonymise::anonymise(&text, &known);
    let removed = format!(
        "names={};organisations={};emails={};phones={};numbers={};postcodes={};dates={}",
        removed.names,
        removed.organisations,
        removed.emails,
        removed.phones,
        removed.bsns,
        removed.postcodes,
        removed.dates
    );
    Ok((story, removed))
}

/// The case's own words (title, plan sections, goals) and the names Brug
/// knows in it.
async fn case_text(
    db: &brug_store::Db,
    case: &brug_store::cases::CaseRow,
    keep_organisations: bool,
) -> Result<(String, KnownNames), AppError> {
    let mut parts = vec![case.title.clone()];
    for s in brug_store::plan::sections(db, case.id).await? {
        parts.push(s.body);
    }
    for g in brug_store::plan::goals(db, case.id).await? {
        parts.push(g.description);
    }
    let mut names = Vec::new();
    if let Some(p) = registry::pupil(db, case.pupil_id).await? {
        let full = [
            p.given_name.as_str(),
            p.name_prefix.as_deref().unwrap_or(""),
            p.family_name.as_str(),
        ]
        .join(" ");
        names.push((full, NameRole::Child));
        for g in registry::guardians_of_pupil(db, case.pupil_id).await? {
            names.push((g.name, NameRole::Guardian));
        }
        for e in registry::enrolment_details(db, case.pupil_id).await? {
            names.push((e.school_name, NameRole::School));
            names.push((e.location_name, NameRole::School));
        }
    }
    for m in brug_store::cases::members(db, case.id).await? {
        names.push((m.name.clone(), NameRole::Professional));
        if let Some(org) = m.org_name {
            names.push((org, NameRole::Provider));
        }
    }
    if let Some(school) = registry::organisation(db, case.school_id).await? {
        names.push((school.name, NameRole::School));
    }
    Ok((
        parts.join("\n\n"),
        KnownNames {
            names,
            keep_organisations,
        },
    ))
}

#[derive(Debug, Clone, Default)]
pub struct ReviewForm {
    /// `approve` or `reject`.
    pub decision: String,
    /// The story as the facilitator edited it (approve).
    pub story: String,
    /// Why it is rejected (reject).
    pub note: String,
}

/// The facilitator reviews the draft story. An approved story is checked
/// once more (no e-mail, phone, number or exact date may be left) and
/// goes into the knowledge base; a rejected one is removed, with the reason.
pub async fn review_story(
    app: &App,
    ctx: &Ctx,
    session: i64,
    form: &ReviewForm,
) -> Result<StoryStatus, AppError> {
    let (s, decision) = run_session(app, ctx, session, "case_story").await?;
    let mut errors = FieldErrors::default();
    if s.story_status.as_deref() != Some(StoryStatus::Draft.code()) {
        return Err(AppError::Conflict("no draft story".into()));
    }
    let status = match form.decision.as_str() {
        "approve" => StoryStatus::Approved,
        "reject" => StoryStatus::Rejected,
        _ => {
            errors.add("decision", "error-choose-option");
            return Err(AppError::Invalid(errors));
        }
    };
    let (story, note) = if status == StoryStatus::Approved {
        let story = text_field(&mut errors, "story", &form.story, domain::REQUIRED_TEXT);
        if let Some(story) = &story {
            let (_, left) = anonymise::anonymise(story, &KnownNames::default());
            if left.emails + left.phones + left.bsns + left.postcodes + left.dates > 0 {
                errors.add("story", "error-learning-story-not-anonymous");
            }
        }
        (story, None)
    } else {
        (
            None,
            text_field(&mut errors, "note", &form.note, text::SHORT_TEXT),
        )
    };
    errors.into_result()?;
    let mut tx = app.db.begin().await?;
    if !store::review_story(
        &mut tx,
        session,
        status.code(),
        story.as_deref(),
        note.as_deref(),
    )
    .await?
    {
        return Err(AppError::Conflict("no draft story".into()));
    }
    if let Some(story) = &story {
        store::insert_item(
            &mut tx,
            &store::NewItem {
                scope: format!("network:{}", s.network_id),
                network_id: Some(s.network_id),
                session_id: Some(session),
                kind: ItemKind::Story.code().into(),
                theme: s.theme.clone(),
                level: None,
                sector: None,
                body: story.clone(),
                source: s.title.clone(),
                dup_key: domain::duplicate_key(story),
                created_by_user_id: Some(ctx.user_id.0),
            },
            app.now(),
        )
        .await?;
    }
    let mut access = Access::new(AuditAction::Update, "case_story", session);
    access.fields = vec![format!("story={}", status.code())];
    trail::append_in_tx(app, ctx, &mut tx, &decision, access).await?;
    tx.commit().await?;
    Ok(status)
}

#[derive(Debug, Clone, Default)]
pub struct ItemForm {
    pub kind: String,
    pub theme: String,
    pub level: String,
    pub sector: String,
    pub body: String,
}

/// Record an insight (success or hindering factor) or a lesson of the
/// session; empty, too short and duplicate texts are refused.
pub async fn add_item(
    app: &App,
    ctx: &Ctx,
    session: i64,
    form: &ItemForm,
) -> Result<i64, AppError> {
    let (s, decision) = run_session(app, ctx, session, "learning_item").await?;
    let mut errors = FieldErrors::default();
    let kind = choice(
        &mut errors,
        "kind",
        ItemKind::from_code(&form.kind).filter(|k| *k != ItemKind::Story),
    );
    let theme = choice(&mut errors, "theme", Theme::from_code(&form.theme));
    let level = choice(&mut errors, "level", Level::from_code(&form.level));
    let sector = if form.sector.trim().is_empty() {
        Some(None)
    } else {
        choice(&mut errors, "sector", Sector::from_code(&form.sector)).map(Some)
    };
    let body = domain::clean_insight(&form.body)
        .map_err(|e| errors.add_with("body", e.message_id(), e.message_args()))
        .ok();
    errors.into_result()?;
    let body = validated(body)?;
    let mut tx = app.db.begin().await?;
    let id = store::insert_item(
        &mut tx,
        &store::NewItem {
            scope: format!("network:{}", s.network_id),
            network_id: Some(s.network_id),
            session_id: Some(session),
            kind: validated(kind)?.code().into(),
            theme: Some(validated(theme)?.code().into()),
            level: Some(validated(level)?.code().into()),
            sector: validated(sector)?.map(|s| s.code().to_owned()),
            dup_key: domain::duplicate_key(&body),
            body,
            source: s.title.clone(),
            created_by_user_id: Some(ctx.user_id.0),
        },
        app.now(),
    )
    .await?;
    let Some(id) = id else {
        let mut errors = FieldErrors::default();
        errors.add("body", "error-learning-duplicate");
        return Err(AppError::Invalid(errors));
    };
    trail::append_in_tx(
        app,
        ctx,
        &mut tx,
        &decision,
        Access::new(AuditAction::Create, "learning_item", id),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(Debug, Clone, Default)]
pub struct ActionForm {
    pub description: String,
    pub owner: String,
    pub organisation: String,
    pub due_on: String,
    pub theme: String,
}

/// An action form checked: every field's error at once, or the action.
pub(crate) fn action_fields(
    form: &ActionForm,
    network_id: i64,
    session_id: Option<i64>,
) -> Result<store::NewAction, AppError> {
    let mut errors = FieldErrors::default();
    let description = text_field(
        &mut errors,
        "description",
        &form.description,
        text::SHORT_TEXT,
    );
    let owner = text_field(&mut errors, "owner", &form.owner, text::NAME);
    let organisation = text_field(
        &mut errors,
        "organisation",
        &form.organisation,
        text::SHORT_TEXT,
    );
    let due_on = text::parse_dutch_date(&form.due_on)
        .map_err(|e| errors.add_with("due_on", e.message_id(), e.message_args()))
        .ok();
    let theme = optional_theme(&mut errors, &form.theme);
    errors.into_result()?;
    Ok(store::NewAction {
        network_id,
        session_id,
        theme: validated(theme)?.map(|t| t.code().to_owned()),
        description: validated(description)?,
        owner: validated(owner)?,
        organisation: validated(organisation)?,
        due_on: validated(due_on)?,
    })
}

/// An improvement action (verbeteractie) with owner, organisation and due date.
pub async fn add_action(
    app: &App,
    ctx: &Ctx,
    session: i64,
    form: &ActionForm,
) -> Result<i64, AppError> {
    let (s, decision) = run_session(app, ctx, session, "learning_action").await?;
    let action = action_fields(form, s.network_id, Some(session))?;
    let mut tx = app.db.begin().await?;
    let id = store::insert_action(&mut tx, &action, app.now()).await?;
    trail::append_in_tx(
        app,
        ctx,
        &mut tx,
        &decision,
        Access::new(AuditAction::Create, "learning_action", id),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(Debug, Clone, Default)]
pub struct FollowUpForm {
    pub status: String,
    pub note: String,
}

/// Follow an action up at this session: its new status and what was said.
pub async fn follow_up(
    app: &App,
    ctx: &Ctx,
    session: i64,
    action: i64,
    form: &FollowUpForm,
) -> Result<(), AppError> {
    let (s, decision) = run_session(app, ctx, session, "learning_action").await?;
    let mut errors = FieldErrors::default();
    let status = choice(&mut errors, "status", ActionStatus::from_code(&form.status));
    let note = text::clean_optional(&form.note, text::SHORT_TEXT)
        .map_err(|e| errors.add_with("note", e.message_id(), e.message_args()))
        .ok();
    errors.into_result()?;
    let mut tx = app.db.begin().await?;
    let done = store::follow_up(
        &mut tx,
        s.network_id,
        action,
        validated(status)?.code(),
        validated(note)?.as_deref(),
        session,
        app.now(),
    )
    .await?;
    if !done {
        return Err(AppError::NotFound);
    }
    let mut access = Access::new(AuditAction::Update, "learning_action", action);
    access.fields = vec!["status".into()];
    trail::append_in_tx(app, ctx, &mut tx, &decision, access).await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Knowledge base, theme pages, factsheet, case lessons
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Default)]
pub struct SearchForm {
    pub q: String,
    pub theme: String,
    pub level: String,
    pub sector: String,
    pub kind: String,
}

/// Search the knowledge base (no personal data: not logged). Unknown filter
/// values are ignored rather than refused.
pub async fn search(app: &App, ctx: &Ctx, form: &SearchForm) -> Result<Vec<ItemRow>, AppError> {
    if !ask(ctx, None, LearningAction::Browse).is_allowed() {
        return Err(AppError::Unauthenticated);
    }
    let query = text::clean_text(&form.q, text::SEARCH).unwrap_or_default();
    Ok(store::search(
        &app.db,
        &ItemFilter {
            query,
            theme: Theme::from_code(&form.theme).map(|t| t.code().into()),
            level: Level::from_code(&form.level).map(|l| l.code().into()),
            sector: Sector::from_code(&form.sector).map(|s| s.code().into()),
            kinds: ItemKind::from_code(&form.kind)
                .map(|k| vec![k.code().to_owned()])
                .unwrap_or_default(),
            network_id: None,
            limit: PAGE,
        },
    )
    .await?)
}

/// Counts of factors per theme and level, for the factsheet's charts.
#[derive(Debug, Clone, Default)]
pub struct FactorCounts {
    /// (theme, success, hindering, lessons)
    pub by_theme: Vec<(Theme, i64, i64, i64)>,
    /// (level, success, hindering)
    pub by_level: Vec<(Level, i64, i64)>,
}

fn factor_counts(rows: &[store::ItemCount]) -> FactorCounts {
    let count = |pred: &dyn Fn(&store::ItemCount) -> bool| {
        rows.iter().filter(|r| pred(r)).map(|r| r.3).sum::<i64>()
    };
    let by_theme = Theme::ALL
        .iter()
        .map(|t| {
            let of =
                |kind: ItemKind| count(&|r| r.0.as_deref() == Some(t.code()) && r.2 == kind.code());
            (
                *t,
                of(ItemKind::Success),
                of(ItemKind::Hindering),
                of(ItemKind::Lesson),
            )
        })
        .filter(|(_, a, b, c)| a + b + c > 0)
        .collect();
    let by_level = Level::ALL
        .iter()
        .map(|l| {
            let of =
                |kind: ItemKind| count(&|r| r.1.as_deref() == Some(l.code()) && r.2 == kind.code());
            (*l, of(ItemKind::Success), of(ItemKind::Hindering))
        })
        .collect();
    FactorCounts { by_theme, by_level }
}

pub struct ThemePage {
    pub theme: Theme,
    pub items: Vec<ItemRow>,
    pub counts: FactorCounts,
}

/// Everything known about one theme.
pub async fn theme_page(app: &App, ctx: &Ctx, theme: &str) -> Result<ThemePage, AppError> {
    if !ask(ctx, None, LearningAction::Browse).is_allowed() {
        return Err(AppError::Unauthenticated);
    }
    let theme = Theme::from_code(theme).ok_or(AppError::NotFound)?;
    let items = store::search(
        &app.db,
        &ItemFilter {
            theme: Some(theme.code().into()),
            limit: 200,
            ..ItemFilter::default()
        },
    )
    .await?;
    let rows = store::item_counts(
        &app.db,
        &store::CountScope {
            networks: None,
            theme: Some(theme.code().into()),
            networks_only: false,
        },
    )
    .await?;
    Ok(ThemePage {
        theme,
        items,
        counts: factor_counts(&rows),
    })
}

/// What a factsheet is about.
pub enum FactsheetOf {
    Network(NetworkRow),
    Project(store::ProjectRow),
    /// A theme, over all networks.
    Theme(Theme),
}

pub struct Factsheet {
    pub of: FactsheetOf,
    pub counts: FactorCounts,
    /// The newest lessons (ten at most).
    pub lessons: Vec<ItemRow>,
    pub open_actions: Vec<ActionRow>,
    /// Networks, sessions and active members counted (not for a theme).
    pub networks: usize,
    pub sessions: usize,
    pub members: usize,
}

impl Factsheet {
    /// Owners of actions are named only on a network's own factsheet,
    /// which only its facilitator and members see.
    pub fn names_owners(&self) -> bool {
        matches!(self.of, FactsheetOf::Network(_))
    }
}

async fn factsheet_of(
    app: &App,
    of: FactsheetOf,
    networks: Option<Vec<i64>>,
) -> Result<Factsheet, AppError> {
    let theme = match &of {
        FactsheetOf::Theme(t) => Some(t.code().to_owned()),
        _ => None,
    };
    // A theme's factsheet is what the networks learned: Brug's own seeded
    // knowledge is on the theme page, not counted here.
    let scope = store::CountScope {
        networks: networks.clone(),
        theme,
        networks_only: true,
    };
    let rows = store::item_counts(&app.db, &scope).await?;
    let (mut sessions, mut members) = (0, 0);
    for n in networks.iter().flatten() {
        sessions += store::sessions(&app.db, *n).await?.len();
        members += store::members(&app.db, *n)
            .await?
            .iter()
            .filter(|m| m.left_at.is_none())
            .count();
    }
    Ok(Factsheet {
        counts: factor_counts(&rows),
        lessons: store::lessons_of(&app.db, &scope, 10).await?,
        open_actions: store::open_actions_of(&app.db, &scope).await?,
        networks: networks.as_ref().map_or(0, Vec::len),
        sessions,
        members,
        of,
    })
}

/// The printable factsheet of a network: factors by theme and level, the
/// latest lessons, open actions. No names of members.
pub async fn factsheet(app: &App, ctx: &Ctx, network: i64) -> Result<Factsheet, AppError> {
    on_network(
        app,
        ctx,
        network,
        LearningAction::ViewNetwork,
        Access::new(AuditAction::Read, "learning_factsheet", network),
        false,
    )
    .await?;
    let n = store::network(&app.db, network)
        .await?
        .ok_or(AppError::NotFound)?;
    factsheet_of(app, FactsheetOf::Network(n), Some(vec![network])).await
}

/// Lessons and success factors that fit a case's situation, for the case
/// page (the case itself was read and logged by the case page).
pub async fn lessons_for_case(
    app: &App,
    situation: domain::CaseSituation,
) -> Result<Vec<ItemRow>, AppError> {
    let mut out = Vec::new();
    for theme in domain::themes_for_case(situation) {
        let items = store::search(
            &app.db,
            &ItemFilter {
                theme: Some(theme.code().into()),
                kinds: vec![
                    ItemKind::Lesson.code().into(),
                    ItemKind::Success.code().into(),
                ],
                limit: 2,
                ..ItemFilter::default()
            },
        )
        .await?;
        out.extend(items);
        if out.len() >= 3 {
            break;
        }
    }
    out.truncate(3);
    Ok(out)
}

// ---------------------------------------------------------------------------
// Glossary
// ---------------------------------------------------------------------------

pub async fn glossary(app: &App, ctx: &Ctx) -> Result<(Vec<TermRow>, bool), AppError> {
    if !ask(ctx, None, LearningAction::Browse).is_allowed() {
        return Err(AppError::Unauthenticated);
    }
    Ok((
        store::terms(&app.db).await?,
        ask(ctx, None, LearningAction::ProposeTerm).is_allowed(),
    ))
}

#[derive(Debug, Clone, Default)]
pub struct TermForm {
    pub term: String,
    pub education: String,
    pub youth_care: String,
    pub equivalents: String,
}

/// Check a term's form (also on edit).
fn term_fields(
    form: &TermForm,
    proposed_by: String,
    proposed_by_user_id: Option<i64>,
) -> Result<store::NewTerm, AppError> {
    let mut errors = FieldErrors::default();
    let term = text_field(&mut errors, "term", &form.term, text::NAME);
    let education = text_field(
        &mut errors,
        "education",
        &form.education,
        domain::REQUIRED_TEXT,
    );
    let youth_care = text_field(
        &mut errors,
        "youth_care",
        &form.youth_care,
        domain::REQUIRED_TEXT,
    );
    let equivalents = text::clean_optional(&form.equivalents, text::SHORT_TEXT)
        .map_err(|e| errors.add_with("equivalents", e.message_id(), e.message_args()))
        .ok();
    errors.into_result()?;
    Ok(store::NewTerm {
        term: validated(term)?,
        education: validated(education)?,
        youth_care: validated(youth_care)?,
        equivalents: validated(equivalents)?.unwrap_or_default(),
        proposed_by,
        proposed_by_user_id,
    })
}

/// Propose a term: its meaning in education and in youth care, and its
/// equivalents across the domains; the proposer is recorded.
pub async fn add_term(app: &App, ctx: &Ctx, form: &TermForm) -> Result<i64, AppError> {
    if !ask(ctx, None, LearningAction::ProposeTerm).is_allowed() {
        return Err(AppError::Forbidden);
    }
    let proposer = match ctx.memberships.first() {
        Some(m) => format!("{} ({})", ctx.name, m.org_name),
        None => ctx.name.clone(),
    };
    let new = term_fields(form, proposer, Some(ctx.user_id.0))?;
    let mut tx = app.db.begin().await?;
    let id = store::insert_term(&mut tx, &new, app.now()).await?;
    let Some(id) = id else {
        let mut errors = FieldErrors::default();
        errors.add("term", "error-learning-term-twice");
        return Err(AppError::Invalid(errors));
    };
    tx.commit().await?;
    Ok(id)
}

// ---------------------------------------------------------------------------
// Collaboration scan
// ---------------------------------------------------------------------------

fn may_scan(ctx: &Ctx, org: i64) -> Result<(), AppError> {
    match ask(ctx, None, LearningAction::TakeScan { org: OrgId(org) }) {
        Decision::Allow(_) => Ok(()),
        Decision::Deny(Denial::NotSignedIn) => Err(AppError::Unauthenticated),
        Decision::Deny(_) => Err(AppError::Forbidden),
    }
}

pub struct ScanList {
    pub org: registry::Organisation,
    pub scans: Vec<ScanRow>,
}

/// The organisation's scans (drafts and completed).
pub async fn scans(app: &App, ctx: &Ctx, org: i64) -> Result<ScanList, AppError> {
    may_scan(ctx, org)?;
    let o = registry::organisation(&app.db, org)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(ScanList {
        org: o,
        scans: store::scans_of_org(&app.db, org).await?,
    })
}

/// Start a scan (as a draft), with a partner by its BRIN, AGB or CBS code,
/// or alone (a municipality).
pub async fn start_scan(
    app: &App,
    ctx: &Ctx,
    org: i64,
    partner_code: &str,
) -> Result<i64, AppError> {
    may_scan(ctx, org)?;
    let partner = if partner_code.trim().is_empty() {
        None
    } else {
        match registry::organisation_by_code(&app.db, &partner_code.trim().to_uppercase()).await? {
            Some(p) if p.id != org => Some(p.id),
            _ => {
                let mut errors = FieldErrors::default();
                errors.add("partner", "error-org-unknown");
                return Err(AppError::Invalid(errors));
            }
        }
    };
    let mut tx = app.db.begin().await?;
    let id = store::insert_scan(&mut tx, org, partner, ctx.user_id.0, app.now()).await?;
    tx.commit().await?;
    Ok(id)
}

pub struct ScanPage {
    pub scan: ScanRow,
    pub org_name: String,
    pub answers: Answers,
    pub previous: Option<Answers>,
    /// For each weak theme, what the knowledge base suggests.
    pub suggestions: Vec<(Theme, Vec<ItemRow>)>,
}

fn answers_of(rows: Vec<(String, i64)>) -> Answers {
    Answers(
        Theme::ALL
            .iter()
            .filter_map(|t| {
                rows.iter()
                    .find(|(code, _)| code == t.code())
                    .and_then(|(_, s)| u8::try_from(*s).ok())
                    .map(|s| (*t, s))
            })
            .collect(),
    )
}

/// A scan: the form while it is a draft, the result once completed (chart,
/// comparison with the previous completed scan, suggestions).
pub async fn scan_page(app: &App, ctx: &Ctx, scan: i64) -> Result<ScanPage, AppError> {
    let s = store::scan(&app.db, scan)
        .await?
        .ok_or(AppError::NotFound)?;
    may_scan(ctx, s.org_id).map_err(|_| AppError::NotFound)?;
    let answers = answers_of(store::scan_answers(&app.db, scan).await?);
    let previous = match store::scans_of_org(&app.db, s.org_id)
        .await?
        .into_iter()
        .find(|p| p.status == "done" && p.id < scan && p.partner_org_id == s.partner_org_id)
    {
        Some(p) => Some(answers_of(store::scan_answers(&app.db, p.id).await?)),
        None => None,
    };
    let mut suggestions = Vec::new();
    if s.status == "done" {
        for theme in answers.weakest() {
            let items = store::search(
                &app.db,
                &ItemFilter {
                    theme: Some(theme.code().into()),
                    kinds: vec![
                        ItemKind::Success.code().into(),
                        ItemKind::Lesson.code().into(),
                    ],
                    limit: 3,
                    ..ItemFilter::default()
                },
            )
            .await?;
            suggestions.push((theme, items));
        }
    }
    let org_name = registry::organisation(&app.db, s.org_id)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    Ok(ScanPage {
        scan: s,
        org_name,
        answers,
        previous,
        suggestions,
    })
}

/// Save the answers; `complete` finishes the scan, which needs every theme
/// answered. A half-done scan stays a draft, with what was answered kept.
pub async fn save_scan(
    app: &App,
    ctx: &Ctx,
    scan: i64,
    scores: &[(String, String)],
    complete: bool,
) -> Result<bool, AppError> {
    let s = store::scan(&app.db, scan)
        .await?
        .ok_or(AppError::NotFound)?;
    may_scan(ctx, s.org_id).map_err(|_| AppError::NotFound)?;
    if s.status != "draft" {
        return Err(AppError::Conflict("scan completed".into()));
    }
    let mut errors = FieldErrors::default();
    let mut answers = Vec::new();
    for t in Theme::ALL {
        let input = scores
            .iter()
            .find(|(code, _)| code == t.code())
            .map_or("", |(_, v)| v.as_str());
        match scan::parse_score(input) {
            Ok(Some(score)) => answers.push((*t, score)),
            Ok(None) => {}
            Err(_) => errors.add(field_of(*t), "error-learning-score"),
        }
    }
    let answers = Answers(answers);
    if errors.is_empty() && complete && !answers.is_complete() {
        for t in answers.missing() {
            errors.add(field_of(t), "error-learning-score-missing");
        }
    }
    if !errors.is_empty() {
        // Keep what was answered well, as a draft.
        save(app, scan, &answers, false).await?;
        return Err(AppError::Invalid(errors));
    }
    save(app, scan, &answers, complete).await?;
    Ok(complete)
}

async fn save(app: &App, scan: i64, answers: &Answers, complete: bool) -> Result<(), AppError> {
    let rows: Vec<(String, i64)> = answers
        .0
        .iter()
        .map(|(t, s)| (t.code().to_owned(), i64::from(*s)))
        .collect();
    let mut tx = app.db.begin().await?;
    store::save_answers(&mut tx, scan, &rows, complete, app.now()).await?;
    tx.commit().await?;
    Ok(())
}

/// The form field of a theme's answer.
pub fn field_of(theme: Theme) -> &'static str {
    match theme {
        Theme::Goals => "score_goals",
        Theme::Interprofessional => "score_interprofessional",
        Theme::Steering => "score_steering",
        Theme::Structure => "score_structure",
        Theme::Trust => "score_trust",
        Theme::Time => "score_time",
        Theme::Competences => "score_competences",
        Theme::Agreements => "score_agreements",
        Theme::VisionPractice => "score_vision_practice",
        Theme::CrossDomain => "score_cross_domain",
        Theme::Financing => "score_financing",
        Theme::DataDriven => "score_data_driven",
        Theme::Flexibility => "score_flexibility",
        Theme::Handover => "score_handover",
        Theme::Privacy => "score_privacy",
        Theme::Staffing => "score_staffing",
    }
}
