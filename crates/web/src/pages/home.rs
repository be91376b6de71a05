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
    State(_state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
) -> Result<Response, WebError> {
    let mut tiles = Vec::new();
    for m in ctx.orgs_with_role(Role::Coordinator) {
        tiles.push(Tile {
            href: format!("/schools/{}/pupils", m.org_id),
            title: c.t("tile-pupils"),
            text: m.org_name.clone(),
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
