//! The knowledge base (search with filters), theme pages, the glossary and
//! the printable factsheet of a network (S6).

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use brug_app::AppError;
use brug_app::learning::{self as app, FactorCounts, Factsheet, SearchForm, TermForm, ThemePage};
use brug_domain::learning::glossary::{LinkTerm, link_terms};
use brug_domain::learning::{ItemKind, Level, Theme};
use brug_domain::registry::Sector;
use brug_store::learning::{ItemRow, TermRow};
use serde::Deserialize;

use super::cases::{see_other, with_flash};
use super::learning::{label, options, theme_options};
use super::users::Errors;
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::session::Viewer;
use crate::state::AppState;

/// One bar of a chart: label, value, and its length in the SVG (0-100).
pub(crate) struct Bar {
    pub label: String,
    pub value: i64,
    pub width: i64,
}

/// Bars scaled to the largest value.
pub(crate) fn bars(rows: Vec<(String, i64)>) -> Vec<Bar> {
    let max = rows.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    rows.into_iter()
        .map(|(label, value)| Bar {
            label,
            width: value * 100 / max,
            value,
        })
        .collect()
}

/// The factor charts of a factsheet or theme page, as label/value bars.
pub(crate) struct Charts {
    pub success_by_theme: Vec<Bar>,
    pub hindering_by_theme: Vec<Bar>,
    pub by_level: Vec<(String, i64, i64)>,
}

fn charts(c: &Chrome, counts: &FactorCounts) -> Charts {
    let name = |t: &Theme| format!("{}. {}", t.number(), label(c, "theme", t.code()));
    Charts {
        success_by_theme: bars(
            counts
                .by_theme
                .iter()
                .map(|(t, s, _, _)| (name(t), *s))
                .collect(),
        ),
        hindering_by_theme: bars(
            counts
                .by_theme
                .iter()
                .map(|(t, _, h, _)| (name(t), *h))
                .collect(),
        ),
        by_level: counts
            .by_level
            .iter()
            .map(|(l, s, h)| (label(c, "level", l.code()), *s, *h))
            .collect(),
    }
}

// ---------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------

#[derive(Deserialize, Default, Clone)]
pub struct SearchParams {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub theme: String,
    #[serde(default)]
    pub level: String,
    #[serde(default)]
    pub sector: String,
    #[serde(default)]
    pub kind: String,
}

/// The glossary, to link its terms where they appear in a text (plans,
/// insights, lessons, stories): see `domain::learning::glossary`.
pub(crate) struct Glossary(Vec<LinkTerm>);

impl Glossary {
    /// The terms with their explanation in the reader's language.
    pub(crate) fn new(c: &Chrome, terms: &[TermRow]) -> Glossary {
        let education = c.t("learning-term-education");
        let youth_care = c.t("learning-term-youth-care");
        Glossary(
            terms
                .iter()
                .map(|t| LinkTerm {
                    id: t.id,
                    term: t.term.clone(),
                    explanation: format!(
                        "{education}: {} \u{2014} {youth_care}: {}",
                        t.education, t.youth_care
                    ),
                })
                .collect(),
        )
    }

    /// Load the glossary (it holds no personal data).
    pub(crate) async fn load(
        state: &AppState,
        ctx: &brug_app::Ctx,
        c: &Chrome,
    ) -> Result<Glossary, WebError> {
        Ok(Glossary::new(c, &app::glossary(&state.app, ctx).await?.0))
    }

    /// `text` as safe HTML with its terms linked; templates use `|safe`.
    pub(crate) fn link(&self, text: &str) -> String {
        link_terms(text, &self.0)
    }
}

#[derive(Template)]
#[template(path = "learning/knowledge.html")]
struct KnowledgeTemplate {
    c: Chrome,
    p: SearchParams,
    items: Vec<ItemRow>,
    g: Glossary,
}

impl KnowledgeTemplate {
    fn l(&self, prefix: &str, code: &str) -> String {
        label(&self.c, prefix, code)
    }
    fn themes(&self) -> Vec<(String, String)> {
        theme_options(&self.c)
    }
    fn levels(&self) -> Vec<(String, String)> {
        let codes: Vec<&str> = Level::ALL.iter().map(|l| l.code()).collect();
        options(&self.c, "level", &codes)
    }
    fn kinds(&self) -> Vec<(String, String)> {
        let codes: Vec<&str> = ItemKind::ALL.iter().map(|k| k.code()).collect();
        options(&self.c, "itemkind", &codes)
    }
    fn sectors(&self) -> Vec<(String, String)> {
        Sector::ALL
            .iter()
            .map(|s| (s.code().to_owned(), s.code().to_owned()))
            .collect()
    }
}

pub async fn knowledge(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Query(p): Query<SearchParams>,
) -> Result<Response, WebError> {
    let form = SearchForm {
        q: p.q.clone(),
        theme: p.theme.clone(),
        level: p.level.clone(),
        sector: p.sector.clone(),
        kind: p.kind.clone(),
    };
    let items = app::search(&state.app, &ctx, &form).await?;
    let g = Glossary::load(&state, &ctx, &c).await?;
    super::render(&KnowledgeTemplate { c, p, items, g })
}

// ---------------------------------------------------------------------------
// Theme page
// ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "learning/theme.html")]
struct ThemeTemplate {
    c: Chrome,
    p: ThemePage,
    charts: Charts,
    g: Glossary,
}

impl ThemeTemplate {
    fn l(&self, prefix: &str, code: &str) -> String {
        label(&self.c, prefix, code)
    }
    fn sections(&self) -> Vec<(ItemKind, &'static str)> {
        vec![
            (ItemKind::Hindering, "learning-theme-hindering"),
            (ItemKind::Success, "learning-theme-success"),
            (ItemKind::Lesson, "learning-theme-lessons"),
            (ItemKind::Story, "learning-theme-stories"),
        ]
    }
    fn of_kind(&self, kind: &ItemKind) -> Vec<&ItemRow> {
        self.p
            .items
            .iter()
            .filter(|i| i.kind == kind.code())
            .collect()
    }
    fn title(&self) -> String {
        format!(
            "{}. {}",
            self.p.theme.number(),
            label(&self.c, "theme", self.p.theme.code())
        )
    }
}

pub async fn theme(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(theme): Path<String>,
) -> Result<Response, WebError> {
    let p = app::theme_page(&state.app, &ctx, &theme).await?;
    let charts = charts(&c, &p.counts);
    let g = Glossary::load(&state, &ctx, &c).await?;
    super::render(&ThemeTemplate { c, p, charts, g })
}

// ---------------------------------------------------------------------------
// Factsheet
// ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "learning/factsheet.html")]
struct FactsheetTemplate {
    c: Chrome,
    f: Factsheet,
    charts: Charts,
    g: Glossary,
}

impl FactsheetTemplate {
    fn lo(&self, prefix: &str, code: &Option<String>) -> String {
        code.as_deref()
            .map(|c| label(&self.c, prefix, c))
            .unwrap_or_default()
    }
}

pub async fn factsheet(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let f = app::factsheet(&state.app, &ctx, id).await?;
    let charts = charts(&c, &f.counts);
    let g = Glossary::load(&state, &ctx, &c).await?;
    super::render(&FactsheetTemplate { c, f, charts, g })
}

// ---------------------------------------------------------------------------
// Glossary
// ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "learning/glossary.html")]
struct GlossaryTemplate {
    c: Chrome,
    terms: Vec<TermRow>,
    can_propose: bool,
    form: TermFields,
    errors: Errors,
}

#[derive(Deserialize, Default, Clone)]
pub struct TermFields {
    #[serde(default)]
    pub term: String,
    #[serde(default)]
    pub education: String,
    #[serde(default)]
    pub youth_care: String,
    #[serde(default)]
    pub equivalents: String,
}

pub async fn glossary(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
) -> Result<Response, WebError> {
    let (terms, can_propose) = app::glossary(&state.app, &ctx).await?;
    super::render(&GlossaryTemplate {
        c,
        terms,
        can_propose,
        form: TermFields::default(),
        errors: Errors::none(),
    })
}

pub async fn add_term(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Form(f): Form<TermFields>,
) -> Result<Response, WebError> {
    let form = TermForm {
        term: f.term.clone(),
        education: f.education.clone(),
        youth_care: f.youth_care.clone(),
        equivalents: f.equivalents.clone(),
    };
    match app::add_term(&state.app, &ctx, &form).await {
        Ok(_) => Ok(with_flash(
            see_other("/learning/glossary"),
            &state,
            "ok:flash-learning-term-added",
        )),
        Err(AppError::Invalid(e)) => {
            let (terms, can_propose) = app::glossary(&state.app, &ctx).await?;
            let errors = Errors::from(&c, &e);
            let mut r = super::render(&GlossaryTemplate {
                c,
                terms,
                can_propose,
                form: f,
                errors,
            })?;
            *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e) => Err(e.into()),
    }
}
