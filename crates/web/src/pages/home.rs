//! The start page: what this user does in Brug, with counts.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use brug_domain::roles::Role;
use brug_store::users::Membership;

use crate::chrome::Chrome;
use crate::error::WebError;
use crate::session::{RequestUser, Viewer};
use crate::state::AppState;

pub async fn root(user: axum::Extension<RequestUser>) -> Response {
    if user.0.0.is_some() {
        Redirect::to("/start").into_response()
    } else {
        Redirect::to("/login").into_response()
    }
}

pub struct Tile {
    pub href: String,
    pub title: String,
    pub text: String,
    pub count: Option<i64>,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    c: Chrome,
    roles: Vec<Membership>,
    tiles: Vec<Tile>,
}

pub async fn start(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
) -> Result<Response, WebError> {
    let mut tiles = Vec::new();
    if let Some(n) = brug_app::worklists::counts(&state.app, &ctx).await? {
        for (anchor, title, count) in [
            ("escalations", "tile-escalations", n.escalations),
            ("overdue", "tile-overdue", n.overdue_agreements),
            ("evaluations", "tile-evaluations-due", n.evaluations_due),
            ("stalled", "tile-stalled", n.stalled),
            ("open", "tile-open-cases", n.open),
        ] {
            tiles.push(Tile {
                href: format!("/worklist#{anchor}"),
                title: c.t(title),
                text: c.t("tile-worklist-text"),
                count: Some(i64::try_from(count).unwrap_or(i64::MAX)),
            });
        }
    }
    if c.unread > 0 {
        tiles.push(Tile {
            href: "/notifications".into(),
            title: c.t("nav-notifications"),
            text: c.t("tile-notifications-text"),
            count: Some(c.unread),
        });
    }
    if brug_app::monitor::may_use(&ctx) {
        tiles.push(Tile {
            href: "/monitor".into(),
            title: c.t("tile-monitor"),
            text: c.t("tile-monitor-text"),
            count: None,
        });
    }
    for m in ctx.orgs_with_role(Role::Coordinator) {
        tiles.push(Tile {
            href: format!("/schools/{}/pupils", m.org_id),
            title: c.t("tile-pupils"),
            text: m.org_name.clone(),
            count: None,
        });
    }
    network_tiles(&c, &ctx, &mut tiles);
    for m in ctx.orgs_with_role(Role::PrivacyOfficer) {
        tiles.push(Tile {
            href: format!("/organisations/{}/audit", m.org_id),
            title: c.t("tile-audit"),
            text: m.org_name.clone(),
            count: None,
        });
        tiles.push(Tile {
            href: format!("/organisations/{}/audit?break_glass=on", m.org_id),
            title: c.t("tile-break-glass"),
            text: m.org_name.clone(),
            count: None,
        });
    }
    for (pupil, name) in brug_app::pupils::family_files(&state.app, &ctx).await? {
        let own = ctx.actor.own_pupil == Some(pupil);
        // The plan in plain language, the point of contact, what comes next.
        tiles.push(Tile {
            href: format!("/family/{pupil}"),
            title: if own {
                c.t("child-plan-title")
            } else {
                c.t1("tile-family-plan", "name", &name)
            },
            text: c.t(if own {
                "tile-own-plan-text"
            } else {
                "tile-family-plan-text"
            }),
            count: None,
        });
        tiles.push(Tile {
            href: format!("/pupils/{pupil}"),
            title: name,
            text: c.t(if own {
                "tile-own-file"
            } else {
                "tile-child-file"
            }),
            count: None,
        });
        tiles.push(Tile {
            href: format!("/pupils/{pupil}/access-log"),
            title: c.t("tile-access-log"),
            text: c.t("tile-access-log-text"),
            count: None,
        });
    }
    if ctx.is_professional() || ctx.actor.platform_admin {
        tiles.push(Tile {
            href: "/organisations".into(),
            title: c.t("tile-organisations"),
            text: c.t("tile-organisations-text"),
            count: None,
        });
    }
    super::render(&HomePage {
        roles: ctx.memberships.clone(),
        c,
        tiles,
    })
}

/// S5: the social map and the handovers of the user's schools, the mirror
/// view of a care provider, the SWV's list of pupils changing school, and
/// the import page for administrators.
fn network_tiles(c: &Chrome, ctx: &brug_app::Ctx, tiles: &mut Vec<Tile>) {
    let mut tile = |href: String, title: &str, text: &str| {
        tiles.push(Tile {
            href,
            title: c.t(title),
            text: text.to_owned(),
            count: None,
        });
    };
    for m in ctx.orgs_with_role(Role::Coordinator) {
        tile(
            format!("/schools/{}/handovers", m.org_id),
            "tile-handovers",
            &m.org_name,
        );
        tile(
            format!("/organisations/{}/network", m.org_id),
            "tile-network-school",
            &m.org_name,
        );
    }
    for m in ctx.orgs_with_role(Role::CareWorker) {
        tile(
            format!("/organisations/{}/network", m.org_id),
            "tile-network-provider",
            &m.org_name,
        );
    }
    if ctx.actor.platform_admin || !ctx.orgs_with_role(Role::OrgAdmin).is_empty() {
        tile("/import".into(), "tile-import", &c.t("import-intro"));
    }
    for m in ctx.orgs_with_role(Role::SwvConsultant) {
        tile(
            format!("/organisations/{}/handovers", m.org_id),
            "tile-handovers-swv",
            &m.org_name,
        );
    }
}
