//! CSRF protection for every state-changing request: a token bound to the
//! session (or, before login, to the anonymous visitor cookie) and signed with
//! the server key, sent as the `_csrf` form field or the `X-CSRF-Token` header.
//! Cross-site requests (Sec-Fetch-Site) are refused outright.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::WebError;
use crate::session::{AnonId, RequestUser};
use crate::state::AppState;

pub const FIELD: &str = "_csrf";
pub const HEADER: &str = "x-csrf-token";
const PURPOSE: &str = "csrf";
/// Forms are small; uploads go through their own limit.
const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;

/// What the token is bound to for this request.
pub fn binding(req_user: Option<&RequestUser>, anon: Option<&AnonId>) -> Option<String> {
    match req_user.and_then(|u| u.0.as_ref()) {
        Some(ctx) => ctx.session_id.clone(),
        None => anon.and_then(|a| a.0.clone()).map(|a| format!("anon:{a}")),
    }
}

/// The token to put into forms for this request.
pub fn token(state: &AppState, binding: Option<&str>) -> String {
    binding
        .map(|b| state.app.keys().sign(PURPOSE, b))
        .unwrap_or_default()
}

pub async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(
        req.method(),
        &Method::GET | &Method::HEAD | &Method::OPTIONS
    ) {
        return next.run(req).await;
    }
    let cross_site = req
        .headers()
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == "cross-site");
    let bound_to = binding(req.extensions().get(), req.extensions().get());
    let header_token = req
        .headers()
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "Te groot").into_response();
    };
    let form_token = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
        .ok()
        .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == FIELD).map(|(_, v)| v));
    let given = header_token.or(form_token);
    let valid = match (&bound_to, &given) {
        (Some(b), Some(t)) => state.app.keys().verify_signature(PURPOSE, b, t),
        _ => false,
    };
    if cross_site || !valid {
        tracing::warn!(path = %parts.uri.path(), cross_site, has_token = given.is_some(), "CSRF check failed");
        return WebError::Csrf.into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}
