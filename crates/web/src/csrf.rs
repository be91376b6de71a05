//! CSRF protection for every state-changing request: a token bound to the
//! session (or, before login, to the anonymous visitor cookie) and signed with
//! the server key, sent as the `_csrf` form field or the `X-CSRF-Token` header.
//! Cross-site requests (Sec-Fetch-Site) are refused outright.
//!
//! File uploads (`multipart/form-data`) carry the token as their `_csrf`
//! part (a text part, before the file). It is never taken from the query
//! string: URLs end up in logs, browser history and `Referer` headers.

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
/// Uploads (multipart): the request body limit of the whole router.
pub const MAX_UPLOAD_BYTES: usize = 4 * 1024 * 1024;
/// A token is a short base64 or hex string.
const MAX_TOKEN_BYTES: usize = 256;

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
    let boundary = req
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(multipart_boundary);
    let (parts, body) = req.into_parts();
    let limit = if boundary.is_some() {
        MAX_UPLOAD_BYTES
    } else {
        MAX_FORM_BYTES
    };
    let Ok(bytes) = to_bytes(body, limit).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "Te groot").into_response();
    };
    let form_token = match &boundary {
        Some(b) => multipart_field(&bytes, b, FIELD),
        None => serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
            .ok()
            .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == FIELD).map(|(_, v)| v)),
    };
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

/// The boundary of a `multipart/form-data` body, from its content type.
fn multipart_boundary(content_type: &str) -> Option<String> {
    let mut parts = content_type.split(';');
    if !parts
        .next()?
        .trim()
        .eq_ignore_ascii_case("multipart/form-data")
    {
        return None;
    }
    parts.find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| v.trim().trim_matches('"').to_owned())
            .filter(|b| !b.is_empty() && b.len() <= 70)
    })
}

/// The value of the first text part named `name` of a multipart body (RFC
/// 7578), when it is short and plain ASCII; `None` otherwise.
fn multipart_field(body: &[u8], boundary: &str, name: &str) -> Option<String> {
    let delimiter = format!("--{boundary}");
    let wanted = format!("name=\"{name}\"");
    let mut rest = body;
    // Skip the preamble up to the first delimiter.
    let start = find(rest, delimiter.as_bytes())?;
    rest = &rest[start + delimiter.len()..];
    loop {
        // "--" after a delimiter closes the body.
        if rest.starts_with(b"--") {
            return None;
        }
        let rest_part = rest.strip_prefix(b"\r\n")?;
        let end = find(rest_part, format!("\r\n{delimiter}").as_bytes())?;
        let part = &rest_part[..end];
        rest = &rest_part[end + 2 + delimiter.len()..];
        let split = find(part, b"\r\n\r\n")?;
        let headers = std::str::from_utf8(&part[..split]).ok()?;
        let value = &part[split + 4..];
        let is_it = headers.lines().any(|line| {
            let lower = line.to_ascii_lowercase();
            lower.starts_with("content-disposition:")
                && lower.contains("form-data")
                && line.split(';').any(|p| p.trim() == wanted)
        });
        if is_it {
            return (value.len() <= MAX_TOKEN_BYTES && value.is_ascii())
                .then(|| String::from_utf8_lossy(value).into_owned());
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_boundary_comes_from_the_content_type() {
        assert_eq!(
            multipart_boundary("multipart/form-data; boundary=----abc123"),
            Some("----abc123".into())
        );
        assert_eq!(
            multipart_boundary("Multipart/Form-Data; charset=utf-8; boundary=\"x y\""),
            Some("x y".into())
        );
        assert_eq!(
            multipart_boundary("application/x-www-form-urlencoded"),
            None
        );
        assert_eq!(multipart_boundary("multipart/form-data"), None);
    }

    #[test]
    fn the_token_is_read_from_its_own_part() {
        let body = "preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\npupils\r\n\
--XyZ\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\ntok-123\r\n\
--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\n\
brin;naam\r\n_csrf;x\r\n--XyZ--\r\n";
        assert_eq!(
            multipart_field(body.as_bytes(), "XyZ", "_csrf"),
            Some("tok-123".into())
        );
        assert_eq!(multipart_field(body.as_bytes(), "XyZ", "other"), None);
    }

    #[test]
    fn a_token_in_a_file_or_under_a_similar_name_does_not_count() {
        let body = "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"name=\\\"_csrf\\\".csv\"\r\n\r\n\
x\r\n--B\r\nContent-Disposition: form-data; name=\"_csrf2\"\r\n\r\nnope\r\n--B--\r\n";
        assert_eq!(multipart_field(body.as_bytes(), "B", "_csrf"), None);
        let long = format!(
            "--B\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{}\r\n--B--\r\n",
            "a".repeat(300)
        );
        assert_eq!(multipart_field(long.as_bytes(), "B", "_csrf"), None);
    }
}
