//! The knowledge base (search with filters), theme pages, the glossary and
//! the printable factsheet of a network (S6).

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use brug_app::AppError;
use brug_app::learning::projects::{ProjectForm, ProjectPage};
use brug_app::learning::{
    self as app, FactorCounts, Factsheet, FactsheetOf, SearchForm, TermForm, ThemePage,
};
use brug_domain::learning::glossary::{LinkTerm, link_terms};
use brug_domain::learning::{ItemKind, Level, Theme};
use brug_domain::registry::Sector;
use brug_store::learning::{ItemRow, TermRow};
use serde::Deserialize;

use super::cases::{see_other, with_flash};
use super::learning::{
    HomeTemplate, NetworkFields, ProjectFields, invalid, label, options, theme_options,
};
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
    pub success_by_level: Vec<Bar>,
    pub hindering_by_level: Vec<Bar>,
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
        success_by_level: bars(
            counts
                .by_level
                .iter()
                .map(|(l, s, _)| (label(c, "level", l.code()), *s))
                .collect(),
        ),
        hindering_by_level: bars(
            counts
                .by_level
                .iter()
                .map(|(l, _, h)| (label(c, "level", l.code()), *h))
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
    fn l(&self, prefix: &str, code: &str) -> String {
        label(&self.c, prefix, code)
    }
    fn lo(&self, prefix: &str, code: &Option<String>) -> String {
        code.as_deref()
            .map(|c| label(&self.c, prefix, c))
            .unwrap_or_default()
    }
    /// What the factsheet is about, for its heading.
    fn title(&self) -> String {
        match &self.f.of {
            FactsheetOf::Network(n) => n.name.clone(),
            FactsheetOf::Project(p) => p.name.clone(),
            FactsheetOf::Theme(t) => {
                format!("{}. {}", t.number(), label(&self.c, "theme", t.code()))
            }
        }
    }
    /// The page the factsheet belongs to.
    fn back(&self) -> String {
        match &self.f.of {
            FactsheetOf::Network(n) => format!("/learning/networks/{}", n.id),
            FactsheetOf::Project(p) => format!("/learning/projects/{}", p.id),
            FactsheetOf::Theme(t) => format!("/learning/themes/{}", t.code()),
        }
    }
    fn scope(&self) -> String {
        self.c.t(match &self.f.of {
            FactsheetOf::Network(_) => "learning-factsheet-of-network",
            FactsheetOf::Project(_) => "learning-factsheet-of-project",
            FactsheetOf::Theme(_) => "learning-factsheet-of-theme",
        })
    }
    fn is_theme(&self) -> bool {
        matches!(self.f.of, FactsheetOf::Theme(_))
    }
    fn is_project(&self) -> bool {
        matches!(self.f.of, FactsheetOf::Project(_))
    }
}

async fn render_factsheet(
    state: &AppState,
    ctx: &brug_app::Ctx,
    c: Chrome,
    f: Factsheet,
) -> Result<Response, WebError> {
    let charts = charts(&c, &f.counts);
    let g = Glossary::load(state, ctx, &c).await?;
    super::render(&FactsheetTemplate { c, f, charts, g })
}

pub async fn factsheet(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let f = app::factsheet(&state.app, &ctx, id).await?;
    render_factsheet(&state, &ctx, c, f).await
}

/// The factsheet of a theme over all networks.
pub async fn theme_factsheet(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(theme): Path<String>,
) -> Result<Response, WebError> {
    let f = app::projects::theme_factsheet(&state.app, &ctx, &theme).await?;
    render_factsheet(&state, &ctx, c, f).await
}

/// The factsheet of a project: all its networks.
pub async fn project_factsheet(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let f = app::projects::project_factsheet(&state.app, &ctx, id).await?;
    render_factsheet(&state, &ctx, c, f).await
}

// ---------------------------------------------------------------------------
// Projects
// ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "learning/project.html")]
struct ProjectTemplate {
    c: Chrome,
    p: ProjectPage,
}

impl ProjectTemplate {
    fn l(&self, prefix: &str, code: &str) -> String {
        label(&self.c, prefix, code)
    }
}

pub async fn project(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let p = app::projects::project_page(&state.app, &ctx, id).await?;
    super::render(&ProjectTemplate { c, p })
}

/// Start a project (from the learning start page).
pub async fn create_project(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Form(f): Form<ProjectFields>,
) -> Result<Response, WebError> {
    let form = ProjectForm {
        name: f.project_name.clone(),
        description: f.project_description.clone(),
    };
    match app::projects::create_project(&state.app, &ctx, &form).await {
        Ok(id) => Ok(with_flash(
            see_other(&format!("/learning/projects/{id}")),
            &state,
            "ok:flash-learning-project-created",
        )),
        Err(AppError::Invalid(e)) => {
            let h = app::home(&state.app, &ctx).await?;
            let errors = Errors::from(&c, &e);
            Ok(invalid(super::render(&HomeTemplate {
                c,
                h,
                form: NetworkFields::default(),
                project: f,
                errors,
            })?))
        }
        Err(e) => Err(e.into()),
    }
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
    /// The terms this viewer may edit or remove.
    editable: Vec<i64>,
}

impl GlossaryTemplate {
    fn may_edit(&self, id: &i64) -> bool {
        self.editable.contains(id)
    }
}

fn editable(ctx: &brug_app::Ctx, terms: &[TermRow]) -> Vec<i64> {
    terms
        .iter()
        .filter(|t| app::edit::may_edit_term(ctx, t))
        .map(|t| t.id)
        .collect()
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
        editable: editable(&ctx, &terms),
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
                editable: editable(&ctx, &terms),
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
