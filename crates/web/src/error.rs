//! One place turns every failure into a response: a Dutch (or English) HTML
//! page for the browser, an RFC 9457 problem document for the API. Details of
//! server errors go to the log with the request id, never to the user.

use askama::Template;
use axum::extract::{Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use brug_app::AppError;

use crate::chrome::Chrome;
use crate::state::AppState;

#[derive(Debug)]
pub enum WebError {
    App(AppError),
    Csrf,
    /// An invitation or reset link that is expired, used or unknown.
    LinkInvalid,
}

impl From<AppError> for WebError {
    fn from(e: AppError) -> WebError {
        WebError::App(e)
    }
}

/// What the error page says; travels in the response extensions to [`render`].
#[derive(Debug, Clone)]
struct ErrorPage {
    title: &'static str,
    text: &'static str,
    args: Vec<(&'static str, String)>,
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, page) = match &self {
            WebError::App(AppError::NotFound) => (
                StatusCode::NOT_FOUND,
                page("error-not-found-title", "error-not-found-text"),
            ),
            WebError::App(AppError::Forbidden) => (
                StatusCode::FORBIDDEN,
                page("error-forbidden-title", "error-forbidden-text"),
            ),
            WebError::App(AppError::Unauthenticated | AppError::SecondFactorRequired) => (
                StatusCode::UNAUTHORIZED,
                page("error-unauthenticated-title", "error-unauthenticated-text"),
            ),
            WebError::App(AppError::Invalid(_)) => (
                StatusCode::BAD_REQUEST,
                page("error-bad-request-title", "error-bad-request-text"),
            ),
            WebError::App(AppError::Throttled { minutes }) => (
                StatusCode::TOO_MANY_REQUESTS,
                ErrorPage {
                    title: "error-throttled-title",
                    text: "error-throttled-text",
                    args: vec![("minutes", minutes.to_string())],
                },
            ),
            WebError::App(AppError::Conflict(_)) => (
                StatusCode::CONFLICT,
                page("error-conflict-title", "error-conflict-text"),
            ),
            WebError::Csrf => (
                StatusCode::FORBIDDEN,
                page("error-csrf-title", "error-csrf-text"),
            ),
            WebError::LinkInvalid => (
                StatusCode::GONE,
                page("error-link-title", "error-link-text"),
            ),
            WebError::App(AppError::AuditUnavailable(detail)) => {
                tracing::error!(detail = %detail, "audit log unavailable: request refused");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    page("error-unavailable-title", "error-unavailable-text"),
                )
            }
            WebError::App(err @ (AppError::Store(_) | AppError::Internal(_))) => {
                tracing::error!(error = %err, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    page("error-internal-title", "error-internal-text"),
                )
            }
        };
        let mut response = status.into_response();
        response.extensions_mut().insert(page);
        response
    }
}

fn page(title: &'static str, text: &'static str) -> ErrorPage {
    ErrorPage {
        title,
        text,
        args: Vec::new(),
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorTemplate {
    c: Chrome,
    status: u16,
    /// The request id, so a user can quote it to support.
    reference: String,
    title: String,
    text: String,
    /// Support professionals may open a pupil's file in an emergency.
    break_glass_action: Option<String>,
}

/// Render error responses (ours, and axum's own plain-text rejections).
pub async fn render(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let (parts, body) = req.into_parts();
    let chrome = Chrome::from_parts(&parts, &state);
    let path = parts.uri.path().to_owned();
    let reference = parts
        .extensions
        .get::<crate::headers::RequestId>()
        .map(|r| r.0.clone())
        .unwrap_or_default();
    let response = next.run(Request::from_parts(parts, body)).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let page = match response.extensions().get::<ErrorPage>() {
        Some(p) => p.clone(),
        None if is_html(&response) => return response,
        None => generic_page(status),
    };
    let lang = chrome.lang;
    let title = lang.t(page.title);
    let text = lang.t_args(page.text, &page.args);
    if path.starts_with("/api/") {
        let body = serde_json::json!({
            "type": "about:blank",
            "title": title,
            "status": status.as_u16(),
            "detail": text,
        });
        let mut r = (status, body.to_string()).into_response();
        r.headers_mut().insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        return r;
    }
    let break_glass_action = (status == StatusCode::NOT_FOUND)
        .then(|| break_glass_target(&path))
        .flatten()
        .filter(|_| {
            chrome
                .user
                .as_ref()
                .is_some_and(|u| u.actor.has_support_role())
        });
    let template = ErrorTemplate {
        c: chrome,
        status: status.as_u16(),
        reference,
        title,
        text,
        break_glass_action,
    };
    let html = template
        .render()
        .unwrap_or_else(|_| "Er ging iets mis.".into());
    let mut r = (status, Html(html)).into_response();
    // Keep headers such as Set-Cookie and Retry-After from the original response.
    for (name, value) in response.headers() {
        if name != CONTENT_TYPE && name != axum::http::header::CONTENT_LENGTH {
            r.headers_mut().append(name.clone(), value.clone());
        }
    }
    r
}

fn is_html(response: &Response) -> bool {
    response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}

fn generic_page(status: StatusCode) -> ErrorPage {
    match status {
        StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED => {
            page("error-not-found-title", "error-not-found-text")
        }
        StatusCode::PAYLOAD_TOO_LARGE => page("error-too-large-title", "error-too-large-text"),
        StatusCode::REQUEST_TIMEOUT => page("error-timeout-title", "error-timeout-text"),
        s if s.is_client_error() => page("error-bad-request-title", "error-bad-request-text"),
        _ => page("error-internal-title", "error-internal-text"),
    }
}

/// `/pupils/12` and its sub-pages can be opened with the glass broken.
fn break_glass_target(path: &str) -> Option<String> {
    let rest = path.strip_prefix("/pupils/")?;
    let id = rest.split('/').next()?;
    id.parse::<i64>()
        .ok()
        .map(|id| format!("/pupils/{id}/break-glass"))
}
