//! Notifications: the list in Brug (no names, no texts: only what kind of
//! thing happened, and a button that opens it), and the choice per kind
//! between "only in Brug" and "also by email".

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use brug_app::notifications::{self, NotificationView};
use brug_domain::family::{Delivery, NotificationKind};

use super::cases::{see_other, with_flash};
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::session::Viewer;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "notifications.html")]
struct ListPage {
    c: Chrome,
    items: Vec<NotificationView>,
}

impl ListPage {
    fn sentence(&self, n: &NotificationView) -> String {
        match n.event {
            Some(e) => self.c.t(&e.message_id()),
            None => self.c.t("notifications-unknown"),
        }
    }

    fn has_unread(&self) -> bool {
        self.items.iter().any(|n| n.unread)
    }
}

pub async fn list(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
) -> Result<Response, WebError> {
    let items = notifications::list(&state.app, &ctx).await?;
    super::render(&ListPage { c, items })
}

/// Open one: it is read now; on to the page it is about.
pub async fn open(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let target = notifications::open(&state.app, &ctx, id).await?;
    Ok(see_other(&target))
}

pub async fn read_all(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
) -> Result<Response, WebError> {
    notifications::read_all(&state.app, &ctx).await?;
    Ok(see_other("/notifications"))
}

#[derive(Template)]
#[template(path = "notification_settings.html")]
struct SettingsPage {
    c: Chrome,
    choices: Vec<(NotificationKind, Delivery)>,
    deliveries: &'static [Delivery],
}

impl SettingsPage {
    fn kind_name(&self, k: &NotificationKind) -> String {
        self.c.t(&k.message_id())
    }

    fn kind_hint(&self, k: &NotificationKind) -> String {
        self.c.t(&format!("{}-hint", k.message_id()))
    }

    fn delivery_name(&self, d: &Delivery) -> String {
        self.c.t(&d.message_id())
    }
}

pub async fn settings(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
) -> Result<Response, WebError> {
    let choices = notifications::preferences(&state.app, &ctx).await?;
    super::render(&SettingsPage {
        c,
        choices,
        deliveries: Delivery::ALL,
    })
}

/// The form sends one field per kind, named by the kind's code.
pub async fn save_settings(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    axum::Form(fields): axum::Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let choices: Vec<(String, String)> = fields.into_iter().filter(|(k, _)| k != "_csrf").collect();
    notifications::save_preferences(&state.app, &ctx, &choices).await?;
    Ok(with_flash(
        see_other("/account/notifications"),
        &state,
        "ok:flash-notification-settings-saved",
    ))
}
