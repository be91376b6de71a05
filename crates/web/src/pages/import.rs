//! The import page for administrators (S5): upload a CSV file of
//! organisations or pupils, read the check's report (every row with its
//! problems), then import all rows (only when the file is valid) or only the
//! valid ones. The upload is kept until that choice (a day at most); large
//! files go through `brug import` on the command line.

use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use brug_app::import::{Kind, Mode, Report, RowError};
use brug_app::{AppError, FieldErrors};
use serde::Deserialize;

use super::cases::{see_other, with_flash};
use super::users::Errors;
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::session::Viewer;
use crate::state::AppState;

/// At most this many problems are listed on the page (the count says how
/// many there are; the command line lists all).
const SHOWN_ERRORS: usize = 500;

#[derive(Template)]
#[template(path = "import/page.html")]
struct PageTemplate {
    c: Chrome,
    kinds: Vec<(&'static str, bool)>,
    kind: String,
    report: Option<Report>,
    upload: Option<i64>,
    file_name: String,
    errors: Errors,
    /// What an import just wrote.
    loaded: Option<brug_app::import::Loaded>,
}

impl PageTemplate {
    fn reason(&self, e: &RowError) -> String {
        let args: Vec<(&str, String)> = e.args.iter().map(|(k, v)| (*k, v.clone())).collect();
        self.c.t_args(e.message_id, &args)
    }

    fn kind_label(&self, code: &str) -> String {
        self.c.t(&format!("import-kind-{code}"))
    }

    fn shown(&self) -> Vec<&RowError> {
        self.report
            .as_ref()
            .map(|r| r.errors.iter().take(SHOWN_ERRORS).collect())
            .unwrap_or_default()
    }

    fn more(&self) -> usize {
        self.report
            .as_ref()
            .map_or(0, |r| r.errors.len().saturating_sub(SHOWN_ERRORS))
    }
}

fn kinds(ctx: &brug_app::Ctx) -> Vec<(&'static str, bool)> {
    vec![
        (
            "pupils",
            brug_app::import::may_import(ctx, Kind::Pupils).is_ok(),
        ),
        (
            "organisations",
            brug_app::import::may_import(ctx, Kind::Organisations).is_ok(),
        ),
    ]
}

pub async fn page(Viewer(ctx): Viewer, c: Chrome) -> Result<Response, WebError> {
    let kinds = kinds(&ctx);
    if !kinds.iter().any(|(_, ok)| *ok) {
        return Err(AppError::Forbidden.into());
    }
    super::render(&PageTemplate {
        c,
        kind: "pupils".into(),
        kinds,
        report: None,
        upload: None,
        file_name: String::new(),
        errors: Errors::none(),
        loaded: None,
    })
}

fn invalid(c: &Chrome, field: &'static str, id: &'static str) -> Errors {
    let mut e = FieldErrors::default();
    e.add(field, id);
    Errors::from(c, &e)
}

/// Upload and check a file.
pub async fn upload(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, WebError> {
    let kinds = kinds(&ctx);
    if !kinds.iter().any(|(_, ok)| *ok) {
        return Err(AppError::Forbidden.into());
    }
    let mut kind = String::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    if let Ok(mut m) = multipart {
        while let Ok(Some(field)) = m.next_field().await {
            match field.name() {
                Some("kind") => kind = field.text().await.unwrap_or_default(),
                Some("file") => {
                    let name = field.file_name().unwrap_or("upload.csv").to_owned();
                    if let Ok(bytes) = field.bytes().await {
                        file = Some((name, bytes.to_vec()));
                    }
                }
                _ => {}
            }
        }
    }
    let respond = |c: Chrome, kind: String, errors: Errors| {
        let mut r = super::render(&PageTemplate {
            c,
            kinds: kinds.clone(),
            kind,
            report: None,
            upload: None,
            file_name: String::new(),
            errors,
            loaded: None,
        })?;
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        Ok::<Response, WebError>(r)
    };
    let Some(k) = Kind::from_code(&kind) else {
        let errors = invalid(&c, "kind", "error-choose-option");
        return respond(c, kind, errors);
    };
    let Some((file_name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        let errors = invalid(&c, "file", "import-error-no-file");
        return respond(c, kind, errors);
    };
    let (report, upload) =
        match brug_app::import::check_upload(&state.app, &ctx, k, &file_name, &bytes).await {
            Ok(r) => r,
            Err(AppError::Forbidden) => return Err(AppError::Forbidden.into()),
            Err(e) => return Err(e.into()),
        };
    let status = if report.is_valid() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut r = super::render(&PageTemplate {
        c,
        kinds,
        kind,
        report: Some(report),
        upload,
        file_name,
        errors: Errors::none(),
        loaded: None,
    })?;
    *r.status_mut() = status;
    Ok(r)
}

#[derive(Deserialize, Default)]
pub struct RunFields {
    #[serde(default)]
    mode: String,
}

/// Import a checked upload: all rows, or only the valid ones. The page
/// then says what was written.
pub async fn run(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(upload): Path<i64>,
    Form(f): Form<RunFields>,
) -> Result<Response, WebError> {
    let kinds = kinds(&ctx);
    if !kinds.iter().any(|(_, ok)| *ok) {
        return Err(AppError::Forbidden.into());
    }
    let mode = match f.mode.as_str() {
        "valid" => Mode::OnlyValid,
        _ => Mode::AllOrNothing,
    };
    match brug_app::import::run_upload(&state.app, &ctx, upload, mode).await {
        Ok((kind, loaded)) => super::render(&PageTemplate {
            c,
            kinds,
            kind: kind.code().into(),
            report: None,
            upload: None,
            file_name: String::new(),
            errors: Errors::none(),
            loaded: Some(loaded),
        }),
        Err(AppError::Invalid(_)) => Ok(with_flash(
            see_other("/import"),
            &state,
            "err:import-error-not-valid",
        )),
        Err(e) => Err(e.into()),
    }
}
