//! The monitor for policy makers: dashboards, one indicator in depth, the
//! comparison table, policy goals, the printable quarterly report and CSV
//! exports. Every number comes from `brug_app::monitor::views`, which only
//! hands out published (protected) figures; this module puts them in words.

pub mod chart;
mod tables;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use brug_app::monitor::views::{self, GoalSaved, GoalView, Head};
use brug_domain::monitor::Area;
use brug_domain::monitor::goals::GoalDraft;
use brug_domain::monitor::measures::Measure;
use brug_domain::monitor::publication::period_code;
use brug_domain::registry::Sector;
use serde::Deserialize;

use super::cases::{see_other, with_flash};
use super::users::Errors;
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::session::Viewer;
use crate::state::AppState;
use tables::{TableView, cell, period_label, view};

/// The query every monitor page takes: the period and the sector.
#[derive(Debug, Default, Deserialize)]
pub struct MonitorQuery {
    #[serde(default)]
    period: Option<String>,
    #[serde(default)]
    sector: Option<String>,
    /// The measure of an `indicator-*` export.
    #[serde(default)]
    measure: Option<String>,
}

impl MonitorQuery {
    fn query(&self) -> views::Query {
        views::Query {
            period: self.period.clone().filter(|p| !p.is_empty()),
            sector: self.sector.clone().filter(|s| !s.is_empty()),
        }
    }
}

/// A choice in a select: value, label, selected.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// A link of the monitor's own navigation.
pub struct Tab {
    pub href: String,
    pub label: String,
    pub current: bool,
}

/// What every monitor page shows at the top, in words.
pub struct HeadView {
    pub title: String,
    pub code: String,
    pub period: String,
    /// "Stand van": when the shown figures were made.
    pub as_of: Option<String>,
    pub periods: Vec<Choice>,
    pub sectors: Vec<Choice>,
    pub tabs: Vec<Tab>,
    /// Larger areas this one lies in that the viewer may open.
    pub up: Vec<(String, String)>,
}

fn head_view(c: &Chrome, head: &Head, current: &str) -> HeadView {
    let title = match head.area {
        Area::National => c.t("monitor-national"),
        _ => head.name.clone(),
    };
    let periods = head
        .periods
        .iter()
        .map(|p| Choice {
            value: period_code(*p),
            label: period_label(c, *p),
            selected: *p == head.period,
        })
        .collect();
    let mut sectors: Vec<Choice> = Vec::new();
    if !head.sectors.is_empty() || head.area == Area::National {
        sectors.push(Choice {
            value: String::new(),
            label: c.t("monitor-all-sectors"),
            selected: head.sector.is_none(),
        });
        let list: Vec<Sector> = if head.area == Area::National {
            Sector::ALL.to_vec()
        } else {
            head.sectors.clone()
        };
        sectors.extend(list.into_iter().map(|s| Choice {
            value: s.code().to_owned(),
            label: s.code().to_owned(),
            selected: head.sector == Some(s),
        }));
    }
    let q = head.query();
    let base = format!("/monitor/{}", head.code);
    let mut tabs = vec![
        ("dashboard", base.clone(), "monitor-tab-dashboard"),
        ("compare", format!("{base}/compare"), "monitor-tab-compare"),
        ("goals", format!("{base}/goals"), "monitor-tab-goals"),
    ];
    if head.has_report {
        tabs.push(("report", format!("{base}/report"), "monitor-tab-report"));
    }
    HeadView {
        title,
        code: head.code.clone(),
        period: period_label(c, head.period),
        as_of: head.as_of.map(|at| c.datetime(&at)),
        periods,
        sectors,
        tabs: tabs
            .into_iter()
            .map(|(key, href, id)| Tab {
                href: format!("{href}{q}"),
                label: c.t(id),
                current: key == current,
            })
            .collect(),
        up: head
            .up
            .iter()
            .map(|(a, name)| {
                (
                    format!(
                        "/monitor/{}{q}",
                        brug_domain::monitor::publication::area_code(*a)
                    ),
                    name.clone(),
                )
            })
            .collect(),
    }
}

/// A goal in words.
pub struct GoalRow {
    pub measure: String,
    pub measure_href: String,
    pub target: String,
    pub deadline: String,
    pub owner: String,
    pub note: String,
    pub latest: String,
    pub projected: String,
    pub outlook: String,
    pub outlook_code: &'static str,
}

fn goal_rows(c: &Chrome, state: &AppState, head: &Head, goals: &[GoalView]) -> Vec<GoalRow> {
    let sdc = state.app.monitor.sdc();
    goals
        .iter()
        .map(|g| GoalRow {
            measure: c.t(&g.measure.message_id()),
            measure_href: format!(
                "/monitor/{}/indicators/{}{}",
                head.code,
                g.measure.code(),
                head.query()
            ),
            target: cell(c, sdc, &g.target).text,
            deadline: c.date(&g.deadline),
            owner: g.owner.clone(),
            note: g.note.clone().unwrap_or_default(),
            latest: cell(c, sdc, &g.latest).text,
            projected: cell(c, sdc, &g.projected).text,
            outlook: c.t(&g.outlook.message_id()),
            outlook_code: g.outlook.code(),
        })
        .collect()
}

// ---------------------------------------------------------------------------
// pages
// ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "monitor/home.html")]
struct HomePage {
    c: Chrome,
    areas: Vec<(String, String)>,
}

pub async fn home(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
) -> Result<Response, WebError> {
    let home = views::home(&state.app, &ctx).await?;
    let areas = home
        .areas
        .iter()
        .map(|(a, name)| {
            (
                format!(
                    "/monitor/{}",
                    brug_domain::monitor::publication::area_code(*a)
                ),
                match a {
                    Area::National => c.t("monitor-national"),
                    _ => name.clone(),
                },
            )
        })
        .chain(std::iter::once((
            "/monitor/national".to_owned(),
            c.t("monitor-national"),
        )))
        .collect();
    super::render(&HomePage { c, areas })
}

#[derive(Template)]
#[template(path = "monitor/dashboard.html")]
struct DashboardPage {
    c: Chrome,
    h: HeadView,
    overview: TableView,
    trend: TableView,
    children: Option<TableView>,
    goals: Vec<GoalRow>,
}

pub async fn dashboard(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(area): Path<String>,
    Query(q): Query<MonitorQuery>,
) -> Result<Response, WebError> {
    let d = views::dashboard(&state.app, &ctx, &area, &q.query()).await?;
    let sdc = state.app.monitor.sdc();
    let page = DashboardPage {
        h: head_view(&c, &d.head, "dashboard"),
        overview: view(&c, sdc, &d.head, &d.overview, None),
        trend: view(&c, sdc, &d.head, &d.trend, None),
        children: d.children.as_ref().map(|t| view(&c, sdc, &d.head, t, None)),
        goals: goal_rows(&c, &state, &d.head, &d.goals),
        c,
    };
    super::render(&page)
}

#[derive(Template)]
#[template(path = "monitor/indicator.html")]
struct IndicatorPage {
    c: Chrome,
    h: HeadView,
    name: String,
    definition: String,
    tables: Vec<TableView>,
}

pub async fn indicator(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path((area, measure)): Path<(String, String)>,
    Query(q): Query<MonitorQuery>,
) -> Result<Response, WebError> {
    let p = views::indicator(&state.app, &ctx, &area, &measure, &q.query()).await?;
    let sdc = state.app.monitor.sdc();
    let code = Some(p.measure.code());
    let tables = std::iter::once(&p.trend)
        .chain(p.breakdown.as_ref())
        .chain(p.children.as_ref())
        .chain(std::iter::once(&p.peers))
        .map(|t| view(&c, sdc, &p.head, t, code))
        .collect();
    let page = IndicatorPage {
        h: head_view(&c, &p.head, "indicator"),
        name: c.t(&p.measure.message_id()),
        definition: c.t(&p.measure.definition_id()),
        tables,
        c,
    };
    super::render(&page)
}

#[derive(Template)]
#[template(path = "monitor/compare.html")]
struct ComparePage {
    c: Chrome,
    h: HeadView,
    table: TableView,
    definitions: Vec<(String, String)>,
}

fn definitions(c: &Chrome, measures: &[Measure]) -> Vec<(String, String)> {
    measures
        .iter()
        .map(|m| (c.t(&m.message_id()), c.t(&m.definition_id())))
        .collect()
}

pub async fn compare(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(area): Path<String>,
    Query(q): Query<MonitorQuery>,
) -> Result<Response, WebError> {
    let p = views::compare(&state.app, &ctx, &area, &q.query()).await?;
    let sdc = state.app.monitor.sdc();
    let page = ComparePage {
        h: head_view(&c, &p.head, "compare"),
        table: view(&c, sdc, &p.head, &p.table, None),
        definitions: definitions(&c, &views::KEY_MEASURES),
        c,
    };
    super::render(&page)
}

#[derive(Template)]
#[template(path = "monitor/report.html")]
struct ReportPage {
    c: Chrome,
    h: HeadView,
    tables: Vec<TableView>,
    goals: Vec<GoalRow>,
    printed_at: String,
    definitions: Vec<(String, String)>,
}

pub async fn report(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(area): Path<String>,
    Query(q): Query<MonitorQuery>,
) -> Result<Response, WebError> {
    let p = views::report(&state.app, &ctx, &area, &q.query()).await?;
    let sdc = state.app.monitor.sdc();
    let tables = [Some(&p.overview), Some(&p.trend), Some(&p.compare)]
        .into_iter()
        .chain(std::iter::once(p.children.as_ref()))
        .flatten()
        .map(|t| view(&c, sdc, &p.head, t, None))
        .collect();
    let page = ReportPage {
        h: head_view(&c, &p.head, "report"),
        tables,
        goals: goal_rows(&c, &state, &p.head, &p.goals),
        printed_at: c.datetime(&p.printed_at),
        definitions: definitions(&c, Measure::ALL),
        c,
    };
    super::render(&page)
}

#[derive(Template)]
#[template(path = "monitor/goals.html")]
struct GoalsPage {
    c: Chrome,
    h: HeadView,
    goals: Vec<GoalRow>,
    may_set: bool,
    measures: Vec<Choice>,
    form: GoalFields,
    errors: Errors,
}

#[derive(Debug, Default, Deserialize)]
pub struct GoalFields {
    #[serde(default)]
    measure: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    deadline: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    note: String,
}

fn goals_view(
    state: &AppState,
    c: Chrome,
    p: &views::GoalsPage,
    form: GoalFields,
    errors: Errors,
) -> Result<Response, WebError> {
    let measures = p
        .measures
        .iter()
        .map(|m| Choice {
            value: m.code().to_owned(),
            label: c.t(&m.message_id()),
            selected: form.measure == m.code(),
        })
        .collect();
    let page = GoalsPage {
        h: head_view(&c, &p.head, "goals"),
        goals: goal_rows(&c, state, &p.head, &p.goals),
        may_set: p.head.may_set_goals,
        measures,
        form,
        errors,
        c,
    };
    super::render(&page)
}

pub async fn goals(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(area): Path<String>,
    Query(q): Query<MonitorQuery>,
) -> Result<Response, WebError> {
    let p = views::goals(&state.app, &ctx, &area, &q.query()).await?;
    goals_view(&state, c, &p, GoalFields::default(), Errors::none())
}

pub async fn add_goal(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(area): Path<String>,
    Form(f): Form<GoalFields>,
) -> Result<Response, WebError> {
    let draft = GoalDraft {
        measure: f.measure.clone(),
        target: f.target.clone(),
        deadline: f.deadline.clone(),
        owner: f.owner.clone(),
        note: f.note.clone(),
    };
    match views::add_goal(&state.app, &ctx, &area, &draft).await? {
        GoalSaved::Saved(_) => Ok(with_flash(
            see_other(&format!("/monitor/{area}/goals")),
            &state,
            "ok:monitor-goal-added",
        )),
        GoalSaved::Invalid(e, page) => {
            let errors = Errors::from(&c, &e);
            let mut r = goals_view(&state, c, &page, f, errors)?;
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
    }
}

/// One table as CSV, with exactly the figures (and hidden marks) the page
/// shows; logged as an export.
pub async fn export(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path((area, table)): Path<(String, String)>,
    Query(q): Query<MonitorQuery>,
) -> Result<Response, WebError> {
    let (head, t) = views::export(
        &state.app,
        &ctx,
        &area,
        &table,
        q.measure.as_deref(),
        &q.query(),
    )
    .await?;
    let sdc = state.app.monitor.sdc();
    let tv = view(&c, sdc, &head, &t, q.measure.as_deref());
    let body = tables::csv(&tv, &tv.title);
    let name = format!(
        "monitor-{}-{}-{}.csv",
        head.code,
        tv.id,
        period_code(head.period)
    );
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use brug_domain::monitor::SuppressionReason;
    use brug_domain::monitor::goals::Outlook;
    use brug_domain::monitor::measures::Group;

    /// Ids made at run time (so the scan of `t("…")` calls cannot see them).
    #[test]
    fn monitor_message_ids_are_defined() {
        let mut ids: Vec<String> = Vec::new();
        for m in Measure::ALL {
            ids.push(m.message_id());
            ids.push(m.definition_id());
        }
        ids.extend(Group::ALL.iter().map(|g| g.message_id()));
        ids.extend(
            [
                Outlook::Reached,
                Outlook::OnTrack,
                Outlook::OffTrack,
                Outlook::Unknown,
            ]
            .iter()
            .map(|o| o.message_id()),
        );
        for r in [
            SuppressionReason::SmallCount,
            SuppressionReason::Complementary,
            SuppressionReason::SmallBase,
            SuppressionReason::Revealing,
            SuppressionReason::Linked,
        ] {
            ids.push(r.message_id().to_owned());
        }
        ids.extend(
            brug_domain::monitor::goals::MESSAGE_IDS
                .iter()
                .map(|s| (*s).to_owned()),
        );
        for d in [
            brug_domain::monitor::DurationBand::UpToThreeMonths,
            brug_domain::monitor::DurationBand::ThreeToSixMonths,
            brug_domain::monitor::DurationBand::SixToTwelveMonths,
            brug_domain::monitor::DurationBand::OverTwelveMonths,
        ] {
            ids.push(tables::duration_id(d).to_owned());
        }
        // The labels the app's view models name.
        for id in [
            "monitor-col-count",
            "monitor-col-peers",
            "monitor-col-previous",
            "monitor-col-share",
            "monitor-col-year-earlier",
            "monitor-table-breakdown",
            "monitor-table-compare",
            "monitor-table-locations",
            "monitor-table-municipalities",
            "monitor-table-overview",
            "monitor-table-peers",
            "monitor-table-trend",
            "monitor-total",
            "monitor-note-suppression-legend",
            "monitor-note-totals-rounded-independently",
            "monitor-goal-added",
        ] {
            ids.push(id.to_owned());
        }
        for lang in [crate::i18n::Lang::Nl, crate::i18n::Lang::En] {
            for id in &ids {
                let args = [
                    ("min", "0".to_owned()),
                    ("max", "1".to_owned()),
                    ("today", "x".to_owned()),
                ];
                assert_ne!(lang.t_args(id, &args), *id, "{} lacks {id}", lang.code());
            }
        }
    }
}
