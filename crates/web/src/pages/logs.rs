//! Access logs: the family's view of a file, the user's own access, and the
//! privacy officer's search.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use brug_app::audit_views::{self, LogEntry, OrgLogFilter};
use brug_domain::audit::{AuditAction, Outcome};
use brug_domain::ids::{OrgId, PupilId};
use brug_domain::roles::Role;
use serde::Deserialize;

use super::listing::{self, ListParams, Pager};
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::session::Viewer;
use crate::state::AppState;

/// A log line in plain language.
pub struct LogLine {
    pub when: String,
    pub sentence: String,
    pub break_glass: bool,
    pub denied: bool,
    pub basis: String,
    pub ip: String,
    pub pupil: Option<i64>,
}

/// Resource types that have a plain-language name.
pub const RESOURCE_TYPES: &[&str] = &[
    "pupil",
    "pupil_name",
    "pupil_list",
    "access_log",
    "audit_log",
    "session",
    "account",
    "case",
    "case_team",
    "case_timeline",
    "attendance",
    "plan_section",
    "plan_history",
    "goal",
    "goal_progress",
    "agreement",
    "financing_line",
    "meeting",
    "meetings",
    "evaluation",
    "evaluations",
    "escalation",
    "escalations",
    "worklist",
    "family_view",
    "comment",
    "consent",
    "consent_request",
    "case_consent",
    "pupil_sharing",
    "file",
    "rights",
    "correction_request",
    "erasure_request",
    "erasure_requests",
    "monitor",
    "monitor_goal",
];

pub fn line(c: &Chrome, e: &LogEntry) -> LogLine {
    let role = e
        .actor_role
        .as_deref()
        .and_then(Role::from_code)
        .map(|r| c.role_name(&r))
        .or_else(|| {
            e.actor_role
                .as_deref()
                .map(|r| c.t(&format!("log-actor-{}", r.replace('_', "-"))))
        });
    let who = match (role, &e.actor_org) {
        (Some(role), Some(org)) => format!("{} ({role}, {org})", e.actor_name),
        (Some(role), None) => format!("{} ({role})", e.actor_name),
        _ => e.actor_name.clone(),
    };
    let what = if RESOURCE_TYPES.contains(&e.resource_type.as_str()) {
        c.t(&format!(
            "log-resource-{}",
            e.resource_type.replace('_', "-")
        ))
    } else {
        e.resource_type.clone()
    };
    let action = c.t(&format!("log-action-{}", e.action.code().replace('_', "-")));
    let denied = e.outcome == Outcome::Denied;
    let id = if denied {
        "log-sentence-denied"
    } else {
        "log-sentence"
    };
    LogLine {
        when: c.datetime(&e.at),
        sentence: c.t_args(id, &[("who", who), ("what", what), ("action", action)]),
        break_glass: e.break_glass,
        denied,
        basis: e.basis.clone(),
        ip: e.ip.clone().unwrap_or_default(),
        pupil: e.pupil.map(|p| p.0),
    }
}

#[derive(Template)]
#[template(path = "access_log.html")]
struct PupilLogPage {
    c: Chrome,
    pupil: i64,
    lines: Vec<LogLine>,
    total: i64,
    pager: Pager,
}

pub async fn pupil_log(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
    Query(params): Query<ListParams>,
) -> Result<Response, WebError> {
    let (entries, total) = audit_views::pupil_access_log(
        &state.app,
        &ctx,
        PupilId(id),
        params.offset(),
        listing::PER_PAGE,
    )
    .await?;
    let lines = entries.iter().map(|e| line(&c, e)).collect();
    let pager = listing::pager(&format!("/pupils/{id}/access-log"), &params, total);
    super::render(&PupilLogPage {
        c,
        pupil: id,
        lines,
        total,
        pager,
    })
}

#[derive(Deserialize, Default)]
pub struct OrgLogParams {
    #[serde(default)]
    pupil: String,
    #[serde(default)]
    user: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    until: String,
    #[serde(default)]
    break_glass: String,
    #[serde(default)]
    page: Option<String>,
}

#[derive(Template)]
#[template(path = "org_audit.html")]
struct OrgLogPage {
    c: Chrome,
    org: i64,
    f: OrgLogParams,
    actions: Vec<(String, String)>,
    lines: Vec<LogLine>,
    total: i64,
    pager: Pager,
    errors: Vec<String>,
}

pub async fn org_log(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(org): Path<i64>,
    Query(f): Query<OrgLogParams>,
) -> Result<Response, WebError> {
    let mut errors = Vec::new();
    let mut parse_date = |text: &str| -> Option<time::Date> {
        if text.trim().is_empty() {
            return None;
        }
        match brug_domain::text::parse_dutch_date(text) {
            Ok(d) => Some(d),
            Err(e) => {
                errors.push(c.t_args(e.message_id(), &e.message_args()));
                None
            }
        }
    };
    let from = parse_date(&f.from);
    let until = parse_date(&f.until);
    let list = ListParams {
        page: f.page.clone(),
        ..ListParams::default()
    };
    let filter = OrgLogFilter {
        pupil: f.pupil.trim().parse().ok(),
        user: f.user.trim().parse().ok(),
        action: AuditAction::from_code(f.action.trim()),
        from,
        until,
        break_glass_only: f.break_glass == "on",
        offset: list.offset(),
        limit: listing::PER_PAGE,
    };
    let (entries, total) =
        audit_views::search_org_log(&state.app, &ctx, OrgId(org), &filter).await?;
    let lines = entries.iter().map(|e| line(&c, e)).collect();
    let query = serde_urlencoded::to_string([
        ("pupil", f.pupil.as_str()),
        ("user", f.user.as_str()),
        ("action", f.action.as_str()),
        ("from", f.from.as_str()),
        ("until", f.until.as_str()),
        ("break_glass", f.break_glass.as_str()),
    ])
    .unwrap_or_default();
    let mut pager = listing::pager(&format!("/organisations/{org}/audit"), &list, total);
    for link in [&mut pager.prev, &mut pager.next].into_iter().flatten() {
        link.push_str(if link.contains('?') { "&" } else { "?" });
        link.push_str(&query);
    }
    let actions = AuditAction::ALL
        .iter()
        .map(|a| {
            (
                a.code().to_owned(),
                c.t(&format!("log-action-{}", a.code().replace('_', "-"))),
            )
        })
        .collect();
    super::render(&OrgLogPage {
        c,
        org,
        f,
        actions,
        lines,
        total,
        pager,
        errors,
    })
}
