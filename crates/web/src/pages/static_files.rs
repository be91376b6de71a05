//! The stylesheets, compiled into the binary so one file is all Brug needs.

use axum::extract::Path;
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

const FILES: &[(&str, &str, &[u8])] = &[
    (
        "brug.css",
        "text/css; charset=utf-8",
        include_bytes!("../../static/brug.css"),
    ),
    (
        "vendor/utrecht-components.css",
        "text/css; charset=utf-8",
        include_bytes!("../../static/vendor/utrecht-components.css"),
    ),
    (
        "vendor/utrecht-tokens.css",
        "text/css; charset=utf-8",
        include_bytes!("../../static/vendor/utrecht-tokens.css"),
    ),
];

pub async fn serve(Path(file): Path<String>) -> Response {
    match FILES.iter().find(|(name, _, _)| *name == file) {
        Some((_, mime, body)) => (
            [
                (CONTENT_TYPE, *mime),
                (CACHE_CONTROL, "public, max-age=3600"),
            ],
            *body,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
