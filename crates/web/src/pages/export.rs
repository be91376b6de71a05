//! Downloads of a school's lists (S5): pupils with support, cases,
//! handovers; as CSV or for Excel. The app checks the access, writes the
//! file (every cell safe for spreadsheets) and logs the export.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use brug_app::AppError;
use brug_app::export::{self, Format, List};
use brug_domain::ids::OrgId;
use serde::Deserialize;

use crate::error::WebError;
use crate::session::Viewer;
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub struct FormatQuery {
    #[serde(default)]
    format: String,
}

pub async fn download(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    Path((school, list)): Path<(i64, String)>,
    Query(q): Query<FormatQuery>,
) -> Result<Response, WebError> {
    let (Some(list), Some(format)) = (List::from_code(&list), Format::from_code(&q.format)) else {
        return Err(AppError::NotFound.into());
    };
    let file = export::school_list(&state.app, &ctx, OrgId(school), list, format).await?;
    Ok((
        StatusCode::OK,
        [
            (CONTENT_TYPE, file.content_type.to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", file.file_name),
            ),
            (CACHE_CONTROL, "no-store".to_owned()),
        ],
        file.body,
    )
        .into_response())
}
