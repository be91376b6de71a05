//! The language switch: a cookie, then back to where the user was.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::cookies;
use crate::i18n::Lang;
use crate::session::{append_cookie, safe_next};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct Next {
    next: Option<String>,
}

pub async fn switch(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<Next>,
) -> Response {
    let lang = Lang::from_code(&code).unwrap_or_default();
    let target = safe_next(q.next.as_deref());
    let mut response = (StatusCode::SEE_OTHER, [(LOCATION, target)]).into_response();
    append_cookie(
        &mut response,
        &cookies::set(
            cookies::LANG,
            lang.code(),
            Some(365 * 24 * 3600),
            state.app.settings.secure_cookies,
        ),
    );
    response
}
