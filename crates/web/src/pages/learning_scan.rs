//! The collaboration scan (samenwerkingsscan, S6): an organisation rates
//! one statement per theme; the result as a server-rendered chart with its
//! data table, the comparison with the previous scan, and suggestions from
//! the knowledge base for the weakest themes.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use brug_app::AppError;
use brug_app::learning::{self as app, ScanList, ScanPage, field_of};
use brug_domain::learning::Theme;
use brug_domain::learning::scan::{MAX_SCORE, MIN_SCORE, tenths_text};
use serde::Deserialize;
use std::collections::HashMap;

use super::cases::{see_other, with_flash};
use super::learning::label;
use super::users::Errors;
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::session::Viewer;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "learning/scans.html")]
struct ScansTemplate {
    c: Chrome,
    s: ScanList,
    partner: String,
    errors: Errors,
}

impl ScansTemplate {
    fn when(&self, scan: &brug_store::learning::ScanRow) -> String {
        self.c.datetime(&scan.updated_at.get())
    }
}

#[derive(Deserialize, Default)]
pub struct StartFields {
    #[serde(default)]
    pub partner: String,
}

pub async fn scans(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(org): Path<i64>,
) -> Result<Response, WebError> {
    let s = app::scans(&state.app, &ctx, org).await?;
    super::render(&ScansTemplate {
        c,
        s,
        partner: String::new(),
        errors: Errors::none(),
    })
}

pub async fn start(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(org): Path<i64>,
    Form(f): Form<StartFields>,
) -> Result<Response, WebError> {
    match app::start_scan(&state.app, &ctx, org, &f.partner).await {
        Ok(id) => Ok(see_other(&format!("/learning/scans/{id}"))),
        Err(AppError::Invalid(e)) => {
            let s = app::scans(&state.app, &ctx, org).await?;
            let errors = Errors::from(&c, &e);
            let mut r = super::render(&ScansTemplate {
                c,
                s,
                partner: f.partner,
                errors,
            })?;
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e) => Err(e.into()),
    }
}

/// One theme's row on the scan page.
struct Row {
    theme: Theme,
    field: &'static str,
    label: String,
    statement: String,
    /// What is in the form: the stored answer, or what was typed.
    value: String,
    score: Option<u8>,
    previous: Option<u8>,
}

impl Row {
    /// Bar length in the chart: 70 per point.
    fn width(&self) -> u32 {
        self.score.map_or(0, |s| u32::from(s) * 70)
    }
    fn previous_width(&self) -> u32 {
        self.previous.map_or(0, |s| u32::from(s) * 70)
    }
    /// Red below 3, amber at 3, green from 4 (with the number printed too).
    fn colour(&self) -> &'static str {
        match self.score {
            Some(s) if s < 3 => "#b3261e",
            Some(3) => "#8a5300",
            _ => "#2e7d32",
        }
    }
}

#[derive(Template)]
#[template(path = "learning/scan.html")]
struct ScanTemplate {
    c: Chrome,
    p: ScanPage,
    rows: Vec<Row>,
    errors: Errors,
}

impl ScanTemplate {
    fn done(&self) -> bool {
        self.p.scan.status == "done"
    }
    fn scale(&self) -> Vec<(String, String)> {
        (MIN_SCORE..=MAX_SCORE)
            .map(|n| (n.to_string(), self.c.t(&format!("scan-score-{n}"))))
            .collect()
    }
    fn mean(&self) -> String {
        self.p
            .answers
            .mean_tenths()
            .map(|t| tenths_text(t, self.c.lang == Lang::Nl))
            .unwrap_or_default()
    }
    fn theme_name(&self, theme: &Theme) -> String {
        format!(
            "{}. {}",
            theme.number(),
            label(&self.c, "theme", theme.code())
        )
    }
    fn change(&self, row: &Row) -> String {
        match (row.score, row.previous) {
            (Some(now), Some(before)) if now > before => format!("+{}", now - before),
            (Some(now), Some(before)) if now < before => format!("−{}", before - now),
            (Some(_), Some(_)) => "0".into(),
            _ => "–".into(),
        }
    }
}

fn rows(c: &Chrome, p: &ScanPage, typed: Option<&HashMap<String, String>>) -> Vec<Row> {
    Theme::ALL
        .iter()
        .map(|t| {
            let score = p.answers.score(*t);
            let field = field_of(*t);
            Row {
                theme: *t,
                field,
                label: format!("{}. {}", t.number(), label(c, "theme", t.code())),
                statement: label(c, "scan-statement", t.code()),
                value: typed
                    .and_then(|m| m.get(field).cloned())
                    .unwrap_or_else(|| score.map(|s| s.to_string()).unwrap_or_default()),
                score,
                previous: p.previous.as_ref().and_then(|a| a.score(*t)),
            }
        })
        .collect()
}

pub async fn scan(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let p = app::scan_page(&state.app, &ctx, id).await?;
    let rows = rows(&c, &p, None);
    super::render(&ScanTemplate {
        c,
        p,
        rows,
        errors: Errors::none(),
    })
}

pub async fn save(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let scores: Vec<(String, String)> = Theme::ALL
        .iter()
        .map(|t| {
            let value = f.get(field_of(*t)).cloned().unwrap_or_default();
            (t.code().to_owned(), value)
        })
        .collect();
    let complete = f.get("complete").is_some_and(|v| !v.is_empty());
    match app::save_scan(&state.app, &ctx, id, &scores, complete).await {
        Ok(true) => Ok(with_flash(
            see_other(&format!("/learning/scans/{id}")),
            &state,
            "ok:flash-learning-scan-done",
        )),
        Ok(false) => Ok(with_flash(
            see_other(&format!("/learning/scans/{id}")),
            &state,
            "ok:flash-learning-scan-draft",
        )),
        Err(AppError::Invalid(e)) => {
            let p = app::scan_page(&state.app, &ctx, id).await?;
            let rows = rows(&c, &p, Some(&f));
            let errors = Errors::from(&c, &e);
            let mut r = super::render(&ScanTemplate { c, p, rows, errors })?;
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e) => Err(e.into()),
    }
}
