//! Notifications (S4): when something happens in a case — a new agreement, a
//! meeting recorded or an evaluation planned, an agreement running late, a
//! comment, a consent request — the people on that case hear about it in
//! Brug, and by email when they chose so for that kind.
//!
//! * **Who**: the case team's accounts, the pupil's guardians and the pupil's
//!   own account, each only while the policy lets them see the pupil's
//!   support data (`ViewSupport`); the one who did it is not told. So a young
//!   person of 16+ who does not share, or a care worker whose consent was
//!   withdrawn, hears nothing.
//! * **What is stored**: the kind of event and where it points, never a name
//!   or a text. The list in Brug shows no personal data either (so reading it
//!   is not an access to a file); opening an item goes to the case or the
//!   family page, which ask the policy and log as always.
//! * **Mail**: only "Er is iets nieuws in Brug voor u" and a link, queued in
//!   the outbox in the same transaction as the event; one such mail waits per
//!   address at a time.

use brug_domain::access::{Basis, Decision, PupilAction, Request, decide};
use brug_domain::family::{
    Delivery, MAIL_SUBJECT, NotificationEvent, NotificationKind, Participant, REMINDER_DAYS,
    mail_body,
};
use brug_domain::ids::{PupilId, UserId};
use brug_store::family::{self as store, NewNotification};
use brug_store::lifecycle::{NewMail, queue_mail};
use brug_store::{Tx, cases as case_store, registry, users};
use time::OffsetDateTime;

use crate::{App, AppError, Ctx, FieldErrors};

/// The outbox kind of notification mail.
pub const MAIL_KIND: &str = "notification";

/// How many notifications the list shows.
const LIST_LIMIT: i64 = 100;

/// Someone who hears about an event, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Recipient {
    pub user_id: i64,
    pub email: String,
    pub delivery: Delivery,
}

/// Of `candidates`, those who may do `action` on the pupil now (active
/// accounts only), without `except`, each with their delivery for `kind`.
pub(crate) async fn recipients_among(
    app: &App,
    pupil: PupilId,
    mut candidates: Vec<i64>,
    kind: NotificationKind,
    action: PupilAction,
    except: Option<UserId>,
) -> Result<Vec<Recipient>, AppError> {
    candidates.sort_unstable();
    candidates.dedup();
    candidates.retain(|u| Some(UserId(*u)) != except);
    let Some(facts) = crate::pupils::facts(app, pupil).await? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for user_id in candidates {
        let Some(user) = users::user(&app.db, user_id).await? else {
            continue;
        };
        if !user.active {
            continue;
        }
        let ctx = crate::auth::ctx_for_user(app, UserId(user_id)).await?;
        let allowed = decide(
            &ctx.actor,
            Request::Pupil {
                facts: &facts,
                action,
                break_glass: None,
            },
        )
        .is_allowed();
        if !allowed {
            continue;
        }
        out.push(Recipient {
            user_id,
            email: user.email,
            delivery: delivery_of(app, user_id, kind).await?,
        });
    }
    Ok(out)
}

/// Everyone on a pupil's case: the team's accounts, the guardians and the
/// pupil's own account; filtered as [`recipients_among`] with `ViewSupport`.
pub(crate) async fn case_recipients(
    app: &App,
    case_id: i64,
    pupil: PupilId,
    kind: NotificationKind,
    except: Option<UserId>,
) -> Result<Vec<Recipient>, AppError> {
    let mut candidates: Vec<i64> = case_store::members(&app.db, case_id)
        .await?
        .into_iter()
        .filter_map(|m| m.user_id)
        .collect();
    candidates.extend(
        registry::guardians_of_pupil(&app.db, pupil.0)
            .await?
            .into_iter()
            .filter_map(|g| g.user_id),
    );
    candidates.extend(store::accounts_of_pupil(&app.db, pupil.0).await?);
    recipients_among(
        app,
        pupil,
        candidates,
        kind,
        PupilAction::ViewSupport,
        except,
    )
    .await
}

async fn delivery_of(
    app: &App,
    user_id: i64,
    kind: NotificationKind,
) -> Result<Delivery, AppError> {
    Ok(store::preferences(&app.db, user_id)
        .await?
        .into_iter()
        .find(|(k, _)| k == kind.code())
        .and_then(|(_, d)| Delivery::from_code(&d))
        .unwrap_or(Delivery::DEFAULT))
}

/// Where a notification points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct About {
    pub case_id: Option<i64>,
    pub pupil_id: Option<i64>,
    /// The agreement, evaluation, meeting or comment it is about.
    pub ref_id: Option<i64>,
}

/// Tell the recipients, in the transaction of the event itself: a
/// notification each (none twice for the same `dedupe_key`) and, for those
/// who chose email for this kind, the one mail without personal details.
/// Returns how many notifications were added.
pub(crate) async fn notify_in_tx(
    app: &App,
    tx: &mut Tx,
    recipients: &[Recipient],
    event: NotificationEvent,
    about: About,
    dedupe_key: Option<&str>,
) -> Result<usize, AppError> {
    let now = app.now();
    let mut added = 0;
    for r in recipients {
        let inserted = store::insert_notification(
            tx,
            &NewNotification {
                user_id: r.user_id,
                kind: event.kind().code().to_owned(),
                event: event.code().to_owned(),
                case_id: about.case_id,
                pupil_id: about.pupil_id,
                ref_id: about.ref_id,
                dedupe_key: dedupe_key.map(str::to_owned),
            },
            now,
        )
        .await?;
        if inserted.is_none() {
            continue;
        }
        added += 1;
        if r.delivery == Delivery::Email && !store::mail_waiting(tx, &r.email, MAIL_KIND).await? {
            queue_mail(
                tx,
                &NewMail {
                    to_email: r.email.clone(),
                    kind: MAIL_KIND.into(),
                    subject: MAIL_SUBJECT.into(),
                    body: mail_body(&app.settings.public_url),
                    created_by_user_id: None,
                    org_id: None,
                },
                now,
            )
            .await?;
        }
    }
    Ok(added)
}

// ---------------------------------------------------------------------------
// The user's list
// ---------------------------------------------------------------------------

/// One line of the list: what happened, when, and where to look.
#[derive(Debug, Clone)]
pub struct NotificationView {
    pub id: i64,
    pub event: Option<NotificationEvent>,
    pub at: OffsetDateTime,
    pub unread: bool,
    /// `None` when the user may no longer see the case it is about.
    pub href: Option<String>,
}

/// The user's notifications, newest first. Shows no personal data (no names,
/// no texts), so it is not an access to a file and is not logged; whether
/// each item may still be opened is asked of the policy again.
pub async fn list(app: &App, ctx: &Ctx) -> Result<Vec<NotificationView>, AppError> {
    let rows = store::notifications_of_user(&app.db, ctx.user_id.0, LIST_LIMIT).await?;
    let mut bases: Vec<(i64, Option<Basis>)> = Vec::new();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let basis = match row.pupil_id {
            Some(p) => match bases.iter().find(|(q, _)| *q == p) {
                Some((_, b)) => b.clone(),
                None => {
                    let b = support_basis(app, ctx, PupilId(p)).await?;
                    bases.push((p, b.clone()));
                    b
                }
            },
            None => None,
        };
        let event = NotificationEvent::from_code(&row.event);
        out.push(NotificationView {
            id: row.id,
            href: basis.map(|b| target(&b, &row, event)),
            event,
            at: row.created_at.get(),
            unread: row.read_at.is_none(),
        });
    }
    Ok(out)
}

async fn support_basis(app: &App, ctx: &Ctx, pupil: PupilId) -> Result<Option<Basis>, AppError> {
    let Some(facts) = crate::pupils::facts(app, pupil).await? else {
        return Ok(None);
    };
    Ok(
        match decide(
            &ctx.actor,
            Request::Pupil {
                facts: &facts,
                action: PupilAction::ViewSupport,
                break_glass: None,
            },
        ) {
            Decision::Allow(b) => Some(b),
            Decision::Deny(_) => None,
        },
    )
}

/// The page a notification opens: the family page for the family, the case
/// page for professionals, at the part it is about.
fn target(basis: &Basis, row: &store::NotificationRow, event: Option<NotificationEvent>) -> String {
    let anchor = match (event, row.ref_id) {
        (
            Some(NotificationEvent::AgreementAdded | NotificationEvent::AgreementOverdue),
            Some(id),
        ) => format!("#agreement-{id}"),
        (
            Some(NotificationEvent::EvaluationPlanned | NotificationEvent::EvaluationSoon),
            Some(id),
        ) => format!("#evaluation-{id}"),
        (Some(NotificationEvent::CommentAdded), Some(id)) => format!("#comment-{id}"),
        (Some(NotificationEvent::MeetingRecorded), _) => "#meetings".to_owned(),
        _ => String::new(),
    };
    let family = Participant::of(basis).is_family();
    match (family, row.pupil_id, row.case_id) {
        // A consent request is answered on the family's consent page.
        (true, Some(pupil), _) if event == Some(NotificationEvent::ConsentRequested) => {
            format!("/pupils/{pupil}/consent")
        }
        (true, Some(pupil), _) => format!("/family/{pupil}{anchor}"),
        (false, _, Some(case)) => format!("/cases/{case}{anchor}"),
        (false, Some(pupil), None) => format!("/pupils/{pupil}"),
        _ => "/notifications".to_owned(),
    }
}

/// How many of the user's notifications are unread (for the header).
pub async fn unread(app: &App, ctx: &Ctx) -> Result<i64, AppError> {
    Ok(store::unread_count(&app.db, ctx.user_id.0).await?)
}

/// Open a notification: it is read now, and the answer is where to go
/// (the notifications page when its case is no longer the user's to see).
/// Someone else's notification is "not found".
pub async fn open(app: &App, ctx: &Ctx, id: i64) -> Result<String, AppError> {
    let row = store::notification(&app.db, ctx.user_id.0, id)
        .await?
        .ok_or(AppError::NotFound)?;
    store::mark_read(&app.db, ctx.user_id.0, id, app.now()).await?;
    let basis = match row.pupil_id {
        Some(p) => support_basis(app, ctx, PupilId(p)).await?,
        None => None,
    };
    let event = NotificationEvent::from_code(&row.event);
    Ok(basis.map_or_else(|| "/notifications".to_owned(), |b| target(&b, &row, event)))
}

/// Mark everything read.
pub async fn read_all(app: &App, ctx: &Ctx) -> Result<u64, AppError> {
    Ok(store::mark_all_read(&app.db, ctx.user_id.0, app.now()).await?)
}

// ---------------------------------------------------------------------------
// Preferences
// ---------------------------------------------------------------------------

/// The user's delivery for every kind (the default where nothing was chosen).
pub async fn preferences(
    app: &App,
    ctx: &Ctx,
) -> Result<Vec<(NotificationKind, Delivery)>, AppError> {
    let chosen = store::preferences(&app.db, ctx.user_id.0).await?;
    Ok(NotificationKind::ALL
        .iter()
        .map(|k| {
            let d = chosen
                .iter()
                .find(|(c, _)| c == k.code())
                .and_then(|(_, d)| Delivery::from_code(d))
                .unwrap_or(Delivery::DEFAULT);
            (*k, d)
        })
        .collect())
}

/// Save the user's choices, `(kind, delivery)` as the form sends them; a
/// kind left out keeps its choice. An unknown kind or delivery is refused.
pub async fn save_preferences(
    app: &App,
    ctx: &Ctx,
    choices: &[(String, String)],
) -> Result<(), AppError> {
    let mut errors = FieldErrors::default();
    let mut parsed = Vec::new();
    for (kind, delivery) in choices {
        match (
            NotificationKind::from_code(kind),
            Delivery::from_code(delivery),
        ) {
            (Some(k), Some(d)) => parsed.push((k, d)),
            _ => errors.add("preferences", "error-choose-option"),
        }
    }
    errors.into_result()?;
    let now = app.now();
    let mut tx = app.db.begin().await?;
    for (k, d) in parsed {
        store::set_preference(&mut tx, ctx.user_id.0, k.code(), d.code(), now).await?;
    }
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------
// The daily job
// ---------------------------------------------------------------------------

/// What one round of reminders added.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Reminders {
    pub overdue: u64,
    pub upcoming: u64,
}

/// Overdue agreements remind their owner, evaluations within
/// [`REMINDER_DAYS`] remind everyone on the case; each once (the store skips
/// items reminded of already, and a second run at the same moment, in
/// another process, adds nothing: the key is unique per user).
/// The keys are `overdue:agreement:{id}` and `soon:evaluation:{id}` (the
/// store's queries know them).
pub async fn reminders(app: &App) -> Result<Reminders, AppError> {
    let today = app.clock.today();
    let mut done = Reminders::default();
    for line in store::overdue_with_owner(&app.db, today).await? {
        let to = recipients_among(
            app,
            PupilId(line.pupil_id),
            vec![line.owner_user_id],
            NotificationKind::Overdue,
            PupilAction::ViewSupport,
            None,
        )
        .await?;
        if to.is_empty() {
            continue;
        }
        let key = format!("overdue:agreement:{}", line.agreement_id);
        let mut tx = app.db.begin().await?;
        let n = notify_in_tx(
            app,
            &mut tx,
            &to,
            NotificationEvent::AgreementOverdue,
            About {
                case_id: Some(line.case_id),
                pupil_id: Some(line.pupil_id),
                ref_id: Some(line.agreement_id),
            },
            Some(&key),
        )
        .await?;
        tx.commit().await?;
        done.overdue += n as u64;
    }
    let until = today + time::Duration::days(REMINDER_DAYS);
    for line in store::evaluations_between(&app.db, today, until).await? {
        let to = case_recipients(
            app,
            line.case_id,
            PupilId(line.pupil_id),
            NotificationKind::Meeting,
            None,
        )
        .await?;
        if to.is_empty() {
            continue;
        }
        let key = format!("soon:evaluation:{}", line.evaluation_id);
        let mut tx = app.db.begin().await?;
        let n = notify_in_tx(
            app,
            &mut tx,
            &to,
            NotificationEvent::EvaluationSoon,
            About {
                case_id: Some(line.case_id),
                pupil_id: Some(line.pupil_id),
                ref_id: Some(line.evaluation_id),
            },
            Some(&key),
        )
        .await?;
        tx.commit().await?;
        done.upcoming += n as u64;
    }
    Ok(done)
}
