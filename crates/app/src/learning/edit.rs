//! Editing and removing what the learning network made: a network (a
//! network that held sessions is archived, not deleted), its insights,
//! lessons and stories, its improvement actions, and glossary terms.
//!
//! Who may: the network's facilitator for the network and its knowledge
//! and actions (`RunNetwork`); the proposer, a facilitator or the platform
//! administrator for a term (`EditTerm`). Every change and every refusal is
//! logged; a refusal on a network is answered as "not found", like a
//! network one cannot see. A removal needs its confirmation box ticked.

use brug_domain::access::{Decision, Denial, LearningAction};
use brug_domain::audit::AuditAction;
use brug_domain::ids::UserId;
use brug_domain::learning::anonymise::{self, KnownNames};
use brug_domain::learning::{self as domain, ItemKind, Level, Theme};
use brug_domain::registry::Sector;
use brug_store::learning::{self as store, ActionRow, ItemRow, NetworkRow, TermRow};

use super::{
    ActionForm, ItemForm, NetworkForm, TermForm, action_fields, ask, choice, network_fields,
    on_network, text_field, validated,
};
use crate::trail::{self, Access};
use crate::{App, AppError, Ctx, FieldErrors};

/// A removal must be confirmed (the box on the form), else nothing happens.
fn confirmed(confirm: bool) -> Result<(), AppError> {
    if confirm {
        Ok(())
    } else {
        let mut errors = FieldErrors::default();
        errors.add("confirm", "error-learning-confirm-remove");
        Err(AppError::Invalid(errors))
    }
}

async fn run(
    app: &App,
    ctx: &Ctx,
    network: i64,
    action: AuditAction,
    resource: &'static str,
    id: i64,
) -> Result<Decision, AppError> {
    on_network(
        app,
        ctx,
        network,
        LearningAction::RunNetwork,
        Access::new(action, resource, id),
        false,
    )
    .await
}

// ---------------------------------------------------------------------------
// Networks
// ---------------------------------------------------------------------------

/// The network as it stands, for its edit form (its facilitator only).
pub async fn network(app: &App, ctx: &Ctx, id: i64) -> Result<NetworkRow, AppError> {
    run(app, ctx, id, AuditAction::Update, "learning_network", id).await?;
    store::network(&app.db, id).await?.ok_or(AppError::NotFound)
}

pub async fn update_network(
    app: &App,
    ctx: &Ctx,
    id: i64,
    form: &NetworkForm,
) -> Result<(), AppError> {
    let decision = run(app, ctx, id, AuditAction::Update, "learning_network", id).await?;
    let fields = network_fields(app, form).await?;
    let mut tx = app.db.begin().await?;
    if !store::update_network(&mut tx, id, &fields).await? {
        return Err(AppError::NotFound);
    }
    let mut access = Access::new(AuditAction::Update, "learning_network", id);
    access.fields = vec!["name".into(), "description".into(), "project".into()];
    trail::append_in_tx(app, ctx, &mut tx, &decision, access).await?;
    tx.commit().await?;
    Ok(())
}

/// What removing a network did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removed {
    Deleted,
    /// It held sessions: kept, archived.
    Archived,
}

/// Remove a network: deleted when it never held a session, else archived
/// (its sessions, stories and knowledge stay; no new sessions or members).
pub async fn remove_network(
    app: &App,
    ctx: &Ctx,
    id: i64,
    confirm: bool,
) -> Result<Removed, AppError> {
    let decision = run(app, ctx, id, AuditAction::Delete, "learning_network", id).await?;
    confirmed(confirm)?;
    let mut tx = app.db.begin().await?;
    let removed = if store::delete_network(&mut tx, id).await? {
        Removed::Deleted
    } else if store::archive_network(&mut tx, id, app.now()).await? {
        Removed::Archived
    } else {
        return Err(AppError::Conflict("network archived already".into()));
    };
    let access = match removed {
        Removed::Deleted => Access::new(AuditAction::Delete, "learning_network", id),
        Removed::Archived => {
            let mut a = Access::new(AuditAction::Update, "learning_network", id);
            a.fields = vec!["archived".into()];
            a
        }
    };
    trail::append_in_tx(app, ctx, &mut tx, &decision, access).await?;
    tx.commit().await?;
    Ok(removed)
}

// ---------------------------------------------------------------------------
// Insights, lessons, stories
// ---------------------------------------------------------------------------

/// An item of a network (Brug's own seeded knowledge is not edited here).
async fn network_item(app: &App, id: i64) -> Result<(ItemRow, i64), AppError> {
    let item = store::item(&app.db, id).await?.ok_or(AppError::NotFound)?;
    let network = item.network_id.ok_or(AppError::NotFound)?;
    Ok((item, network))
}

/// The item as it stands, for its edit form.
pub async fn item(app: &App, ctx: &Ctx, id: i64) -> Result<ItemRow, AppError> {
    let (item, network) = network_item(app, id).await?;
    run(app, ctx, network, AuditAction::Update, "learning_item", id).await?;
    Ok(item)
}

/// Change an insight or lesson (kind, theme, level, sector, text: the same
/// checks as adding it), or the text of a case story (checked once more for
/// anything that identifies).
pub async fn update_item(app: &App, ctx: &Ctx, id: i64, form: &ItemForm) -> Result<(), AppError> {
    let (item, network) = network_item(app, id).await?;
    let decision = run(app, ctx, network, AuditAction::Update, "learning_item", id).await?;
    let mut errors = FieldErrors::default();
    let change = if item.kind == ItemKind::Story.code() {
        let body = text_field(&mut errors, "body", &form.body, domain::REQUIRED_TEXT);
        if let Some(body) = &body {
            let (_, left) = anonymise::anonymise(body, &KnownNames::default());
            if left.emails + left.phones + left.bsns + left.postcodes + left.dates > 0 {
                errors.add("body", "error-learning-story-not-anonymous");
            }
        }
        errors.into_result()?;
        let body = validated(body)?;
        store::ItemChange {
            kind: item.kind.clone(),
            theme: item.theme.clone(),
            level: item.level.clone(),
            sector: item.sector.clone(),
            dup_key: domain::duplicate_key(&body),
            body,
        }
    } else {
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
        store::ItemChange {
            kind: validated(kind)?.code().into(),
            theme: Some(validated(theme)?.code().into()),
            level: Some(validated(level)?.code().into()),
            sector: validated(sector)?.map(|s| s.code().to_owned()),
            dup_key: domain::duplicate_key(&body),
            body,
        }
    };
    let mut tx = app.db.begin().await?;
    match store::update_item(&mut tx, id, &change).await? {
        None => {
            let mut errors = FieldErrors::default();
            errors.add("body", "error-learning-duplicate");
            return Err(AppError::Invalid(errors));
        }
        Some(false) => return Err(AppError::NotFound),
        Some(true) => {}
    }
    let mut access = Access::new(AuditAction::Update, "learning_item", id);
    access.fields = vec!["body".into()];
    trail::append_in_tx(app, ctx, &mut tx, &decision, access).await?;
    tx.commit().await?;
    Ok(())
}

/// Remove an item from the knowledge base; returns the session it came from.
pub async fn remove_item(
    app: &App,
    ctx: &Ctx,
    id: i64,
    confirm: bool,
) -> Result<Option<i64>, AppError> {
    let (item, network) = network_item(app, id).await?;
    let decision = run(app, ctx, network, AuditAction::Delete, "learning_item", id).await?;
    confirmed(confirm)?;
    let mut tx = app.db.begin().await?;
    if !store::delete_item(&mut tx, id).await? {
        return Err(AppError::NotFound);
    }
    trail::append_in_tx(
        app,
        ctx,
        &mut tx,
        &decision,
        Access::new(AuditAction::Delete, "learning_item", id),
    )
    .await?;
    tx.commit().await?;
    Ok(item.session_id)
}

// ---------------------------------------------------------------------------
// Improvement actions
// ---------------------------------------------------------------------------

/// The action as it stands, for its edit form.
pub async fn action(app: &App, ctx: &Ctx, id: i64) -> Result<ActionRow, AppError> {
    let a = store::action(&app.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    run(
        app,
        ctx,
        a.network_id,
        AuditAction::Update,
        "learning_action",
        id,
    )
    .await?;
    Ok(a)
}

/// Change an action's description, owner, organisation, due date and theme
/// (its status is followed up at a session).
pub async fn update_action(
    app: &App,
    ctx: &Ctx,
    id: i64,
    form: &ActionForm,
) -> Result<(), AppError> {
    let a = store::action(&app.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let decision = run(
        app,
        ctx,
        a.network_id,
        AuditAction::Update,
        "learning_action",
        id,
    )
    .await?;
    let action = action_fields(form, a.network_id, a.session_id)?;
    let mut tx = app.db.begin().await?;
    let changed = store::update_action(&mut tx, id, &action, app.now()).await?;
    if !changed {
        return Err(AppError::NotFound);
    }
    let mut access = Access::new(AuditAction::Update, "learning_action", id);
    access.fields = vec!["description".into(), "owner".into(), "due_on".into()];
    trail::append_in_tx(app, ctx, &mut tx, &decision, access).await?;
    tx.commit().await?;
    Ok(())
}

/// Remove an action; returns its network.
pub async fn remove_action(app: &App, ctx: &Ctx, id: i64, confirm: bool) -> Result<i64, AppError> {
    let a = store::action(&app.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let decision = run(
        app,
        ctx,
        a.network_id,
        AuditAction::Delete,
        "learning_action",
        id,
    )
    .await?;
    confirmed(confirm)?;
    let mut tx = app.db.begin().await?;
    if !store::delete_action(&mut tx, a.network_id, id).await? {
        return Err(AppError::NotFound);
    }
    trail::append_in_tx(
        app,
        ctx,
        &mut tx,
        &decision,
        Access::new(AuditAction::Delete, "learning_action", id),
    )
    .await?;
    tx.commit().await?;
    Ok(a.network_id)
}

// ---------------------------------------------------------------------------
// Glossary terms
// ---------------------------------------------------------------------------

/// Decide on a term: the glossary is open to all, so a refusal is a 403.
async fn on_term(
    app: &App,
    ctx: &Ctx,
    id: i64,
    action: AuditAction,
) -> Result<(TermRow, Decision), AppError> {
    let t = store::term(&app.db, id).await?.ok_or(AppError::NotFound)?;
    let decision = ask(
        ctx,
        None,
        LearningAction::EditTerm {
            proposer: t.proposed_by_user_id.map(UserId),
        },
    );
    match decision {
        Decision::Allow(_) => Ok((t, decision)),
        Decision::Deny(Denial::NotSignedIn) => Err(AppError::Unauthenticated),
        Decision::Deny(_) => {
            trail::record(
                app,
                ctx,
                &decision,
                Access::new(action, "learning_term", id),
            )
            .await?;
            Err(AppError::Forbidden)
        }
    }
}

/// The term as it stands, for its edit form.
pub async fn term(app: &App, ctx: &Ctx, id: i64) -> Result<TermRow, AppError> {
    Ok(on_term(app, ctx, id, AuditAction::Update).await?.0)
}

/// Whether the viewer may edit a term (to offer the link).
pub fn may_edit_term(ctx: &Ctx, t: &TermRow) -> bool {
    ask(
        ctx,
        None,
        LearningAction::EditTerm {
            proposer: t.proposed_by_user_id.map(UserId),
        },
    )
    .is_allowed()
}

pub async fn update_term(app: &App, ctx: &Ctx, id: i64, form: &TermForm) -> Result<(), AppError> {
    let (t, decision) = on_term(app, ctx, id, AuditAction::Update).await?;
    let new = super::term_fields(form, t.proposed_by.clone(), t.proposed_by_user_id)?;
    let mut tx = app.db.begin().await?;
    match store::update_term(&mut tx, id, &new).await? {
        None => {
            let mut errors = FieldErrors::default();
            errors.add("term", "error-learning-term-twice");
            return Err(AppError::Invalid(errors));
        }
        Some(false) => return Err(AppError::NotFound),
        Some(true) => {}
    }
    let mut access = Access::new(AuditAction::Update, "learning_term", id);
    access.fields = vec!["term".into(), "meanings".into()];
    trail::append_in_tx(app, ctx, &mut tx, &decision, access).await?;
    tx.commit().await?;
    Ok(())
}

/// Remove a term. Texts are linked when they are shown, so the term is
/// unlinked everywhere at once.
pub async fn remove_term(app: &App, ctx: &Ctx, id: i64, confirm: bool) -> Result<(), AppError> {
    let (_, decision) = on_term(app, ctx, id, AuditAction::Delete).await?;
    confirmed(confirm)?;
    let mut tx = app.db.begin().await?;
    if !store::delete_term(&mut tx, id).await? {
        return Err(AppError::NotFound);
    }
    trail::append_in_tx(
        app,
        ctx,
        &mut tx,
        &decision,
        Access::new(AuditAction::Delete, "learning_term", id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
