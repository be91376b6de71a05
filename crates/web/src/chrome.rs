//! The page frame every template shares: language, user, CSRF token,
//! navigation, flash message, and helpers to show text, dates and times.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use brug_app::Ctx;
use brug_domain::roles::Role;
use time::{Date, OffsetDateTime};

use crate::cookies;
use crate::csrf;
use crate::i18n::Lang;
use crate::session::{AnonId, RequestUser};
use crate::state::AppState;

pub struct NavItem {
    pub href: String,
    pub label: String,
    pub current: bool,
    /// A count shown with the label (unread notifications).
    pub badge: Option<i64>,
}

pub struct Flash {
    pub kind: &'static str,
    pub text: String,
}

pub struct Chrome {
    pub lang: Lang,
    pub user: Option<Arc<Ctx>>,
    pub csrf: String,
    pub path: String,
    pub query: String,
    pub nav: Vec<NavItem>,
    pub flash: Option<Flash>,
    /// The signed-in user's unread notifications.
    pub unread: i64,
}

impl FromRequestParts<AppState> for Chrome {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let mut chrome = Chrome::from_parts(parts, state);
        if let Some(user) = chrome.user.clone() {
            // One indexed count per page; a failure only hides the badge.
            chrome.unread = brug_app::notifications::unread(&state.app, &user)
                .await
                .unwrap_or(0);
            for item in chrome.nav.iter_mut().filter(|i| i.href == "/notifications") {
                item.badge = (chrome.unread > 0).then_some(chrome.unread);
            }
        }
        Ok(chrome)
    }
}

impl Chrome {
    pub fn from_parts(parts: &Parts, state: &AppState) -> Chrome {
        let lang = parts.extensions.get::<Lang>().copied().unwrap_or_default();
        let request_user = parts.extensions.get::<RequestUser>();
        let binding = csrf::binding(request_user, parts.extensions.get::<AnonId>());
        let user = request_user
            .and_then(|u| u.0.clone())
            .filter(|u| !u.needs_second_factor() || u.second_factor_done);
        let path = parts.uri.path().to_owned();
        let nav = user
            .as_deref()
            .map(|u| nav_for(u, lang, &path))
            .unwrap_or_default();
        let flash = cookies::get(&parts.headers, cookies::FLASH).and_then(|id| {
            let (kind, msg) = id.split_once(':')?;
            let kind = match kind {
                "ok" => "success",
                "err" => "error",
                _ => "info",
            };
            Some(Flash {
                kind,
                text: lang.t(msg),
            })
        });
        Chrome {
            lang,
            user,
            csrf: csrf::token(state, binding.as_deref()),
            query: parts.uri.query().unwrap_or_default().to_owned(),
            path,
            nav,
            flash,
            unread: 0,
        }
    }

    pub fn t(&self, id: &str) -> String {
        self.lang.t(id)
    }

    pub fn t_args(&self, id: &str, args: &[(&str, String)]) -> String {
        self.lang.t_args(id, args)
    }

    /// One named argument, the common case in templates.
    pub fn t1<T: std::fmt::Display>(&self, id: &str, name: &str, value: T) -> String {
        self.lang.t_args(id, &[(name, value.to_string())])
    }

    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    /// Link that switches the language and comes back here.
    pub fn lang_href(&self, code: &str) -> String {
        let back = if self.query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, self.query)
        };
        format!("/lang/{code}?next={}", crate::session::urlencode(&back))
    }

    pub fn user_name(&self) -> String {
        self.user
            .as_ref()
            .map(|u| u.name.clone())
            .unwrap_or_default()
    }

    /// `25-11-2026`, the way Dutch forms write dates.
    pub fn date(&self, d: &Date) -> String {
        format!("{:02}-{:02}-{}", d.day(), u8::from(d.month()), d.year())
    }

    pub fn opt_date(&self, d: &Option<Date>) -> String {
        d.as_ref().map(|d| self.date(d)).unwrap_or_default()
    }

    /// Local Dutch time of a UTC instant: `25-11-2026 14:05`.
    pub fn datetime(&self, at: &OffsetDateTime) -> String {
        let local = brug_domain::registry::to_amsterdam(*at);
        format!(
            "{} {:02}:{:02}",
            self.date(&local.date()),
            local.hour(),
            local.minute()
        )
    }

    pub fn role_name(&self, role: &Role) -> String {
        self.lang.t(&role.message_id())
    }

    /// The name of a case status stored as its code.
    pub fn status_label(&self, code: &str) -> String {
        self.lang.t(&format!("casestatus-{code}"))
    }

    /// A timeline entry's summary in words: the codes some kinds store
    /// (phases, sections, streams) become their names.
    pub fn event_summary(&self, kind: &str, summary: &str) -> String {
        use brug_domain::cases::{AttendanceStatus, CaseStatus, FinancingStream, LeadDomain};
        use brug_domain::meetings::MeetingKind;
        use brug_domain::plan::PlanSection;
        let name = |id: String| self.lang.t(&id);
        match kind {
            "status" => match summary.split_once(" → ") {
                Some((from, to)) => {
                    match (CaseStatus::from_code(from), CaseStatus::from_code(to)) {
                        (Some(f), Some(t)) => {
                            format!("{} → {}", name(f.message_id()), name(t.message_id()))
                        }
                        _ => summary.to_owned(),
                    }
                }
                None => summary.to_owned(),
            },
            "lead" => LeadDomain::from_code(summary)
                .map_or_else(|| summary.to_owned(), |d| name(d.message_id())),
            "attendance" => AttendanceStatus::from_code(summary)
                .map_or_else(|| summary.to_owned(), |a| name(a.message_id())),
            "plan" => match summary.rsplit_once(" v") {
                Some((code, version)) => match PlanSection::from_code(code) {
                    Some(s) => format!(
                        "{} ({})",
                        name(s.message_id()),
                        self.lang
                            .t_args("plan-version", &[("version", version.to_owned())])
                    ),
                    None => summary.to_owned(),
                },
                None => summary.to_owned(),
            },
            "meeting" => match summary.rsplit_once(" (") {
                Some((date, rest)) => match MeetingKind::from_code(rest.trim_end_matches(')')) {
                    Some(k) => format!("{date} ({})", name(k.message_id())),
                    None => summary.to_owned(),
                },
                None => summary.to_owned(),
            },
            "financing" => match summary.split_once(": ") {
                Some((code, purpose)) => match FinancingStream::from_code(code) {
                    Some(f) => format!("{}: {purpose}", name(f.message_id())),
                    None => summary.to_owned(),
                },
                None => summary.to_owned(),
            },
            // `code:who`: asked, given, refused, withdrawn (see `brug_app::consent`).
            "consent" => match summary.split_once(':') {
                Some((code, who))
                    if ["requested", "approved", "refused", "withdrawn"].contains(&code) =>
                {
                    self.lang
                        .t_args(&format!("consent-event-{code}"), &[("who", who.to_owned())])
                }
                _ => summary.to_owned(),
            },
            "correction" if ["open", "done", "refused"].contains(&summary) => {
                self.lang.t(&format!("correction-event-{summary}"))
            }
            _ => summary.to_owned(),
        }
    }

    /// The name of a kind of timeline entry.
    pub fn event_label(&self, kind: &str) -> String {
        self.lang.t(&format!("event-{kind}"))
    }

    /// The display name of a role stored as its code.
    pub fn role_code_name(&self, code: &str) -> String {
        Role::from_code(code).map_or_else(|| code.to_owned(), |r| self.role_name(&r))
    }
}

fn nav_for(ctx: &Ctx, lang: Lang, path: &str) -> Vec<NavItem> {
    let mut items: Vec<(String, &str)> = vec![("/start".into(), "nav-start")];
    if ctx.memberships.iter().any(|m| m.role.works_with_children()) {
        items.push(("/worklist".into(), "nav-worklist"));
    }
    if let Some(m) = ctx.orgs_with_role(Role::Coordinator).first() {
        items.push((format!("/schools/{}/pupils", m.org_id), "nav-pupils"));
    }
    if brug_app::monitor::may_use(ctx) {
        items.push(("/monitor".into(), "nav-monitor"));
    }
    if ctx.is_professional() || ctx.actor.platform_admin {
        items.push(("/organisations".into(), "nav-organisations"));
    }
    if ctx.is_professional() {
        items.push(("/learning".into(), "nav-learning"));
    }
    if let Some(m) = ctx.orgs_with_role(Role::OrgAdmin).first() {
        items.push((format!("/organisations/{}/users", m.org_id), "nav-users"));
    }
    if let Some(m) = ctx.orgs_with_role(Role::PrivacyOfficer).first() {
        items.push((format!("/organisations/{}/audit", m.org_id), "nav-audit"));
        items.push((
            format!("/organisations/{}/erasure-requests", m.org_id),
            "nav-erasure",
        ));
    }
    items.push(("/notifications".into(), "nav-notifications"));
    items.push(("/account".into(), "nav-account"));
    items
        .into_iter()
        .map(|(href, id)| NavItem {
            current: path == href || (href != "/start" && path.starts_with(&href)),
            label: lang.t(id),
            href,
            badge: None,
        })
        .collect()
}
