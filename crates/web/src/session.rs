//! Who is asking: resolves the session cookie once per request, and the
//! extractors handlers use to demand a signed-in user.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::header::{SET_COOKIE, USER_AGENT};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use brug_app::{Ctx, Origin};

use crate::cookies;
use crate::i18n::Lang;
use crate::state::AppState;

/// The signed-in user of this request, if any (inserted by [`load`]).
#[derive(Clone)]
pub struct RequestUser(pub Option<Arc<Ctx>>);

/// The anonymous visitor id that binds CSRF tokens before login.
#[derive(Clone)]
pub struct AnonId(pub Option<String>);

/// Resolve cookies into the request's user, language and anonymous id.
pub async fn load(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let headers = req.headers();
    let lang = cookies::get(headers, cookies::LANG)
        .and_then(Lang::from_code)
        .unwrap_or_default();
    let origin = Origin {
        ip: req
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip().to_string()),
        user_agent: headers
            .get(USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|ua| ua.chars().take(300).collect()),
    };
    let token = cookies::get(headers, cookies::SESSION).map(str::to_owned);
    let mut stale_cookie = false;
    let user = match &token {
        Some(token) => match brug_app::auth::resume(&state.app, token, origin.clone()).await {
            Ok(Some(ctx)) => Some(Arc::new(ctx)),
            Ok(None) => {
                stale_cookie = true;
                None
            }
            Err(err) => {
                tracing::error!(error = %err, "session lookup failed");
                return (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "Brug is tijdelijk niet beschikbaar.",
                )
                    .into_response();
            }
        },
        None => None,
    };
    let lang = user
        .as_ref()
        .filter(|_| cookies::get(req.headers(), cookies::LANG).is_none())
        .and_then(|u| u.locale.as_deref())
        .and_then(Lang::from_code)
        .unwrap_or(lang);
    let had_flash = cookies::get(req.headers(), cookies::FLASH).is_some();
    let existing_anon = cookies::get(req.headers(), cookies::ANON).map(str::to_owned);
    let new_anon = (user.is_none() && existing_anon.is_none()).then(brug_app::crypto::random_token);
    let anon = existing_anon.or_else(|| new_anon.clone());
    req.extensions_mut().insert(RequestUser(user));
    req.extensions_mut().insert(lang);
    req.extensions_mut().insert(AnonId(anon));
    req.extensions_mut().insert(origin);
    let mut response = next.run(req).await;
    let secure = state.app.settings.secure_cookies;
    // A flash message is shown once: the page that showed it removes it
    // (a redirect passes it on to the page it leads to).
    if had_flash && !response.status().is_redirection() {
        append_cookie(&mut response, &cookies::clear(cookies::FLASH, secure));
    }
    if stale_cookie {
        append_cookie(&mut response, &cookies::clear(cookies::SESSION, secure));
    }
    if let Some(anon) = new_anon {
        append_cookie(
            &mut response,
            &cookies::set(cookies::ANON, &anon, None, secure),
        );
    }
    response
}

pub fn append_cookie(response: &mut Response, cookie: &str) {
    if let Ok(value) = HeaderValue::from_str(cookie) {
        response.headers_mut().append(SET_COOKIE, value);
    }
}

/// A fully signed-in user (second factor done). Others are sent to log in.
pub struct Viewer(pub Arc<Ctx>);

impl FromRequestParts<AppState> for Viewer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        let user = parts
            .extensions
            .get::<RequestUser>()
            .and_then(|u| u.0.clone());
        match user {
            None => {
                // Come back here after login, but only to pages: a form
                // post cannot be repeated as a GET.
                let target = match parts.uri.path_and_query() {
                    Some(p) if parts.method == axum::http::Method::GET => {
                        format!("/login?next={}", urlencode(p.as_str()))
                    }
                    _ => "/login".to_owned(),
                };
                Err(Redirect::to(&target).into_response())
            }
            Some(ctx) if ctx.needs_second_factor() && !ctx.second_factor_done => {
                let target = if ctx.totp_enabled {
                    "/login/two-factor"
                } else {
                    "/account/two-factor/setup"
                };
                Err(Redirect::to(target).into_response())
            }
            Some(ctx) => Ok(Viewer(ctx)),
        }
    }
}

/// A user who has given a password but maybe not yet the second factor
/// (the two-factor pages themselves).
pub struct HalfViewer(pub Arc<Ctx>);

impl FromRequestParts<AppState> for HalfViewer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<RequestUser>()
            .and_then(|u| u.0.clone())
            .map(HalfViewer)
            .ok_or_else(|| Redirect::to("/login").into_response())
    }
}

/// Percent-encode a value for a query string.
pub fn urlencode(value: &str) -> String {
    serde_urlencoded::to_string([("v", value)])
        .map(|s| s.trim_start_matches("v=").to_owned())
        .unwrap_or_default()
}

/// Only local paths are followed after login (no open redirects).
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        // Browsers drop tabs and newlines from URLs: "/\t/evil" would become "//evil".
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.contains('\\')
                && !n.contains(char::is_control) =>
        {
            n.to_owned()
        }
        _ => "/start".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_after_login_stay_on_this_site() {
        assert_eq!(safe_next(Some("/pupils/3")), "/pupils/3");
        assert_eq!(safe_next(Some("//evil.example")), "/start");
        assert_eq!(safe_next(Some("https://evil.example")), "/start");
        assert_eq!(safe_next(Some("/\\evil.example")), "/start");
        assert_eq!(safe_next(None), "/start");
    }

    #[test]
    fn next_parameters_are_encoded() {
        assert_eq!(urlencode("/a?b=c&d"), "%2Fa%3Fb%3Dc%26d");
    }
}
