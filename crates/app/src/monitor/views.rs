//! The monitor's pages as view models: dashboards, indicator pages,
//! comparison tables, the quarterly report, policy goals and CSV exports.
//!
//! Every figure comes from the published figures ([`Published::figure`]),
//! looked up by node and period; shares are made with the domain's
//! [`Measure::value`]. A page never sees a true value it could show: the
//! only numbers leaving this module are [`Figure`]s. Every table is a
//! [`DataTable`], which the web crate renders as HTML, as an SVG chart and
//! as CSV alike, so the three cannot differ.

use std::collections::{BTreeSet, HashMap};

use brug_domain::audit::AuditAction;
use brug_domain::monitor::goals::{self, GoalDraft, Outlook, month_index, project};
use brug_domain::monitor::measures::{Group, Measure, Unit};
use brug_domain::monitor::publication::{
    Node, Published, Quantity, area_code, period_code, period_from_code,
};
use brug_domain::monitor::scope::{Standing, home_areas, may_set_goals, standing};
use brug_domain::monitor::{Area, Category, Figure, Period, PeriodKind, Sdc};
use brug_domain::registry::{OrgKind, Sector};
use brug_store::Ts;
use brug_store::monitor::{self as store};
use time::{Date, OffsetDateTime};

use super::cache::{FigureQuery, Rows};
use super::{Need, Registry, Viewing, end_month, month_of, months_of, open, shift, year_earlier};
use crate::{App, AppError, Ctx, FieldErrors};

/// The measures in the tables that list many units.
pub const KEY_MEASURES: [Measure; 9] = [
    Measure::PupilsWithCase,
    Measure::PupilsWithYouthCare,
    Measure::ProvidersPerSchool,
    Measure::DaysToHelpMedian,
    Measure::CaseLead,
    Measure::StalledCases,
    Measure::HomeSitters,
    Measure::HomeSittersMonthlyMeeting,
    Measure::EscalationsPastDeadline,
];

/// The measures of the dashboard's trend (the last twelve months).
pub const TREND_MEASURES: [Measure; 6] = [
    Measure::PupilsWithCase,
    Measure::CasesOpened,
    Measure::DaysToHelpMedian,
    Measure::StalledCases,
    Measure::HomeSitters,
    Measure::HomeSittersMonthlyMeeting,
];

/// Months in a trend.
pub const TREND_MONTHS: i32 = 12;

/// Peers needed (with a shown figure) before their median is shown.
pub const PEER_MEDIAN_MIN: usize = 3;

// ---------------------------------------------------------------------------
// tables
// ---------------------------------------------------------------------------

/// One value of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// A published figure in its unit.
    Figure(Figure<u64>, Unit),
    /// Not applicable here (no peers, no previous period).
    Empty,
}

impl Value {
    /// The shown number, if any (for charts).
    #[must_use]
    pub fn shown(&self) -> Option<u64> {
        match self {
            Value::Figure(Figure::Shown(v), _) => Some(*v),
            _ => None,
        }
    }
}

/// What a row or column is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Label {
    /// A Fluent message id.
    Message(&'static str),
    Measure(Measure),
    Period(Period),
    /// A named area (the country has no name: [`Label::National`]).
    Area(Area, String),
    National,
    Category(Category),
    Sector(Sector),
}

/// A row of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataRow {
    pub label: Label,
    /// The dashboard of the row's unit, when the viewer may open it.
    pub href: Option<String>,
    pub values: Vec<Value>,
    /// The row of the unit the page is about (highlighted).
    pub own: bool,
    /// The group a measure row belongs to (a heading where it changes).
    pub group: Option<Group>,
}

/// How a table is drawn besides its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chart {
    None,
    /// One line per column over the rows (rows are months).
    Lines,
    /// Bars per row for the first column.
    Bars,
}

/// A table: the same figures in HTML, SVG and CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataTable {
    /// Stable id (anchors, export names).
    pub id: String,
    pub title: Label,
    pub columns: Vec<Label>,
    pub rows: Vec<DataRow>,
    pub chart: Chart,
}

// ---------------------------------------------------------------------------
// the figures of a page
// ---------------------------------------------------------------------------

type BookKey = (String, Node, Quantity, Category);

/// The published figures a page needs, by period and node.
struct Book {
    /// The latest refresh when the page began (see [`super::cache`]).
    stamp: Option<Ts>,
    map: HashMap<BookKey, Published>,
}

impl Book {
    fn new(head: &Head) -> Book {
        Book {
            stamp: head.figures_of,
            map: HashMap::new(),
        }
    }

    /// Loads the figures of `nodes` in `periods` (nodes of one sector, or
    /// school locations with their own), for `measures`.
    async fn load(
        &mut self,
        app: &App,
        periods: &[Period],
        nodes: &[Node],
        measures: &[Measure],
    ) -> Result<(), AppError> {
        if nodes.is_empty() || periods.is_empty() {
            return Ok(());
        }
        let periods: Vec<String> = periods.iter().map(|p| period_code(*p)).collect();
        let areas: Vec<String> = nodes
            .iter()
            .map(|n| area_code(n.area))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let locations = nodes
            .iter()
            .all(|n| matches!(n.area, Area::SchoolLocation(_)));
        let sector = if locations {
            None
        } else {
            Some(nodes[0].sector.map_or("", Sector::code))
        };
        let quantities: Vec<&'static str> = measures
            .iter()
            .flat_map(|m| m.inputs())
            .map(|(q, _)| q.code())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let query = FigureQuery {
            periods,
            areas,
            sector: sector.map(str::to_owned),
            quantities,
        };
        let cache = app.monitor.figures();
        let rows = match cache.get(self.stamp, &query) {
            Some(rows) => rows,
            None => {
                let rows: Rows = store::figures(
                    &app.db,
                    &query.periods,
                    &query.areas,
                    query.sector.as_deref(),
                    Some(query.quantities.as_slice()),
                )
                .await?
                .into();
                cache.put(self.stamp, query, rows.clone());
                rows
            }
        };
        for (period, f) in rows.iter() {
            self.map.insert(
                (period.clone(), f.node, f.quantity, f.category),
                f.published,
            );
        }
        Ok(())
    }

    fn get(&self, period: Period, node: Node, q: Quantity, c: Category) -> Published {
        self.map
            .get(&(period_code(period), node, q, c))
            .copied()
            .unwrap_or_else(|| Published::missing(q))
    }

    fn value(&self, sdc: &Sdc, m: Measure, period: Period, node: Node) -> Value {
        Value::Figure(m.value(sdc, |q, c| self.get(period, node, q, c)), m.unit())
    }

    fn count(&self, period: Period, node: Node, q: Quantity, c: Category) -> Value {
        Value::Figure(self.get(period, node, q, c).figure, Unit::Count)
    }
}

/// The median of the shown values (at least [`PEER_MEDIAN_MIN`] of them).
/// Made only of published figures, so it needs no protection of its own.
fn peer_median(values: &[Value], unit: Unit) -> Value {
    let mut shown: Vec<u64> = values.iter().filter_map(Value::shown).collect();
    if shown.len() < PEER_MEDIAN_MIN {
        return Value::Empty;
    }
    shown.sort_unstable();
    let mid = shown.len() / 2;
    let median = if shown.len() % 2 == 1 {
        shown[mid]
    } else {
        (shown[mid - 1] + shown[mid]).div_ceil(2)
    };
    Value::Figure(Figure::Shown(median), unit)
}

// ---------------------------------------------------------------------------
// the head of every page
// ---------------------------------------------------------------------------

/// The choices of a page: area, sector, period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub period: Option<String>,
    pub sector: Option<String>,
}

/// What every monitor page shows at the top.
#[derive(Debug, Clone)]
pub struct Head {
    pub area: Area,
    pub code: String,
    pub name: String,
    pub sector: Option<Sector>,
    pub period: Period,
    pub standing: Standing,
    /// When the figures of the period were made ("stand van").
    pub as_of: Option<OffsetDateTime>,
    /// The periods with figures, newest first.
    pub periods: Vec<Period>,
    /// The sectors to choose from (none for a school location).
    pub sectors: Vec<Sector>,
    pub may_set_goals: bool,
    /// Larger areas of this one the viewer may open (a school's
    /// municipality and partnership).
    pub up: Vec<(Area, String)>,
    /// Whether a quarterly report exists for this area.
    pub has_report: bool,
    /// The latest refresh of any period: the figures the page reads.
    pub figures_of: Option<Ts>,
}

impl Head {
    /// The node the page is about.
    #[must_use]
    pub fn node(&self) -> Node {
        Node::new(self.area, self.sector)
    }

    /// The query string that keeps period and sector.
    #[must_use]
    pub fn query(&self) -> String {
        let mut q = format!("?period={}", period_code(self.period));
        if let (Some(s), false) = (self.sector, matches!(self.area, Area::SchoolLocation(_))) {
            q.push_str("&sector=");
            q.push_str(s.code());
        }
        q
    }
}

fn href(
    registry: &Registry,
    grants: &[brug_domain::monitor::scope::Grant],
    area: Area,
) -> Option<String> {
    standing(grants, area, &registry.ties(area)).map(|_| format!("/monitor/{}", area_code(area)))
}

async fn head(app: &App, v: &Viewing, q: &Query) -> Result<Head, AppError> {
    let today = app.clock.today();
    let refreshed = store::refreshed(&app.db).await?;
    let mut periods: Vec<(Period, Ts)> = refreshed
        .iter()
        .filter_map(|(code, at)| Some((period_from_code(code)?, *at)))
        .collect();
    periods.sort_by_key(|p| std::cmp::Reverse(p.0));
    let current = month_of(today);
    let default = periods
        .iter()
        .map(|p| p.0)
        .find(|p| p.kind() == PeriodKind::Month && *p <= current)
        .unwrap_or(current);
    let period = q
        .period
        .as_deref()
        .and_then(period_from_code)
        .filter(|p| periods.iter().any(|(x, _)| x == p))
        .unwrap_or(default);
    let as_of = periods
        .iter()
        .find(|(p, _)| *p == period)
        .map(|(_, at)| at.get());
    let location = matches!(v.area, Area::SchoolLocation(_));
    let sectors = if location {
        Vec::new()
    } else {
        v.registry.hierarchy.sectors_of(v.area)
    };
    let sector = match v.area {
        Area::SchoolLocation(l) => v.registry.location_sector(l),
        _ => q
            .sector
            .as_deref()
            .and_then(Sector::from_code)
            .filter(|s| sectors.contains(s) || v.area == Area::National),
    };
    let up = match v.area {
        Area::SchoolLocation(_) => {
            let ties = v.registry.ties(v.area);
            ties.municipalities
                .iter()
                .map(|m| Area::Municipality(*m))
                .chain(ties.regions.iter().map(|r| Area::Region(*r)))
                .chain(ties.swvs.iter().map(|s| Area::Swv(*s)))
                .chain(ties.boards.iter().map(|b| Area::SchoolBoard(*b)))
                .filter(|a| href(&v.registry, &v.grants, *a).is_some())
                .map(|a| (a, v.registry.name(a)))
                .collect()
        }
        Area::Municipality(m) => v
            .registry
            .hierarchy
            .region_of(m)
            .map(Area::Region)
            .filter(|a| href(&v.registry, &v.grants, *a).is_some())
            .map(|a| (a, v.registry.name(a)))
            .into_iter()
            .collect(),
        _ => Vec::new(),
    };
    Ok(Head {
        area: v.area,
        code: area_code(v.area),
        name: v.registry.name(v.area),
        sector,
        period,
        standing: v.standing,
        as_of,
        periods: periods.into_iter().map(|(p, _)| p).collect(),
        sectors,
        may_set_goals: may_set_goals(&v.grants, v.area),
        up,
        has_report: matches!(
            v.area,
            Area::Municipality(_) | Area::Region(_) | Area::Swv(_)
        ),
        figures_of: refreshed.iter().map(|(_, at)| *at).max(),
    })
}

/// The trend months: the twelve months up to the period's last month.
fn trend_months(period: Period, today: Date) -> Vec<Period> {
    let end = end_month(period, today);
    (0..TREND_MONTHS)
        .rev()
        .map(|i| super::add_months(end, -i))
        .collect()
}

fn national(sector: Option<Sector>) -> Node {
    Node::new(Area::National, sector)
}

// ---------------------------------------------------------------------------
// the landing page
// ---------------------------------------------------------------------------

/// The monitor's start: the units a policy maker steers on.
#[derive(Debug, Clone)]
pub struct Home {
    pub areas: Vec<(Area, String)>,
}

pub async fn home(app: &App, ctx: &Ctx) -> Result<Home, AppError> {
    let v = open(
        app,
        ctx,
        "national",
        AuditAction::Read,
        "monitor",
        Need::View,
    )
    .await?;
    let mut areas: Vec<(Area, String)> = home_areas(&v.grants)
        .into_iter()
        .map(|a| (a, v.registry.name(a)))
        .collect();
    for g in v.grants.iter().filter(|g| g.kind == OrgKind::School) {
        for a in v.registry.locations_of_school(g.org) {
            areas.insert(0, (a, v.registry.name(a)));
        }
    }
    Ok(Home { areas })
}

// ---------------------------------------------------------------------------
// the dashboard
// ---------------------------------------------------------------------------

/// An area's dashboard.
#[derive(Debug, Clone)]
pub struct Dashboard {
    pub head: Head,
    /// Every measure: this period, the previous one, a year earlier, the
    /// median of similar units, the country.
    pub overview: DataTable,
    /// The last twelve months of the key measures.
    pub trend: DataTable,
    /// The units under this area.
    pub children: Option<DataTable>,
    pub goals: Vec<GoalView>,
}

fn overview_columns(head: &Head) -> (Vec<Label>, Vec<Period>, bool, bool) {
    let mut cols = vec![Label::Period(head.period)];
    let mut periods = vec![head.period];
    if head.period.kind() != PeriodKind::SchoolYear {
        cols.push(Label::Message("monitor-col-previous"));
        periods.push(shift(head.period, -1));
    }
    cols.push(Label::Message("monitor-col-year-earlier"));
    periods.push(year_earlier(head.period));
    let with_peers = head.area != Area::National;
    if with_peers {
        cols.push(Label::Message("monitor-col-peers"));
    }
    let with_national = head.area != Area::National;
    if with_national {
        cols.push(Label::National);
    }
    (cols, periods, with_peers, with_national)
}

async fn overview(
    app: &App,
    v: &Viewing,
    head: &Head,
    book: &mut Book,
) -> Result<DataTable, AppError> {
    let sdc = app.monitor.sdc();
    let (columns, periods, with_peers, with_national) = overview_columns(head);
    let node = head.node();
    book.load(app, &periods, &[node], Measure::ALL).await?;
    book.load(app, &[head.period], &[national(head.sector)], Measure::ALL)
        .await?;
    let peers: Vec<Node> = peer_nodes(&v.registry, head);
    if with_peers {
        book.load(app, &[head.period], &peers, Measure::ALL).await?;
    }
    let rows = Measure::ALL
        .iter()
        .map(|m| {
            let mut values: Vec<Value> = periods
                .iter()
                .map(|p| book.value(sdc, *m, *p, node))
                .collect();
            if with_peers {
                let pv: Vec<Value> = peers
                    .iter()
                    .map(|n| book.value(sdc, *m, head.period, *n))
                    .collect();
                values.push(peer_median(&pv, m.unit()));
            }
            if with_national {
                values.push(book.value(sdc, *m, head.period, national(head.sector)));
            }
            DataRow {
                label: Label::Measure(*m),
                href: (*m != Measure::HandoverCompletion).then(|| {
                    format!(
                        "/monitor/{}/indicators/{}{}",
                        head.code,
                        m.code(),
                        head.query()
                    )
                }),
                values,
                own: false,
                group: Some(m.group()),
            }
        })
        .collect();
    Ok(DataTable {
        id: "overview".into(),
        title: Label::Message("monitor-table-overview"),
        columns,
        rows,
        chart: Chart::None,
    })
}

fn peer_nodes(registry: &Registry, head: &Head) -> Vec<Node> {
    registry
        .peers(head.area)
        .into_iter()
        .map(|a| match a {
            Area::SchoolLocation(l) => Node::new(a, registry.location_sector(l)),
            _ => Node::new(a, head.sector),
        })
        .collect()
}

async fn trend(
    app: &App,
    head: &Head,
    book: &mut Book,
    measures: &[Measure],
) -> Result<DataTable, AppError> {
    let sdc = app.monitor.sdc();
    let months = trend_months(head.period, app.clock.today());
    let node = head.node();
    book.load(app, &months, &[node], measures).await?;
    Ok(DataTable {
        id: "trend".into(),
        title: Label::Message("monitor-table-trend"),
        columns: measures.iter().map(|m| Label::Measure(*m)).collect(),
        rows: months
            .iter()
            .map(|p| DataRow {
                label: Label::Period(*p),
                href: None,
                values: measures
                    .iter()
                    .map(|m| book.value(sdc, *m, *p, node))
                    .collect(),
                own: false,
                group: None,
            })
            .collect(),
        chart: Chart::Lines,
    })
}

async fn children(
    app: &App,
    v: &Viewing,
    head: &Head,
    book: &mut Book,
    measures: &[Measure],
) -> Result<Option<DataTable>, AppError> {
    let sdc = app.monitor.sdc();
    let nodes = v.registry.children(head.area, head.sector);
    if nodes.is_empty() && matches!(head.area, Area::SchoolLocation(_)) {
        return Ok(None);
    }
    book.load(app, &[head.period], &nodes, measures).await?;
    let title = match head.area {
        Area::National | Area::Region(_) => "monitor-table-municipalities",
        _ => "monitor-table-locations",
    };
    Ok(Some(DataTable {
        id: "children".into(),
        title: Label::Message(title),
        columns: measures.iter().map(|m| Label::Measure(*m)).collect(),
        rows: nodes
            .iter()
            .map(|n| DataRow {
                label: Label::Area(n.area, v.registry.name(n.area)),
                href: href(&v.registry, &v.grants, n.area).map(|h| format!("{h}{}", head.query())),
                values: measures
                    .iter()
                    .map(|m| book.value(sdc, *m, head.period, *n))
                    .collect(),
                own: false,
                group: None,
            })
            .collect(),
        chart: Chart::None,
    }))
}

pub async fn dashboard(app: &App, ctx: &Ctx, area: &str, q: &Query) -> Result<Dashboard, AppError> {
    let v = open(app, ctx, area, AuditAction::Read, "monitor", Need::View).await?;
    let head = head(app, &v, q).await?;
    let mut book = Book::new(&head);
    let overview = overview(app, &v, &head, &mut book).await?;
    let trend = trend(app, &head, &mut book, &TREND_MEASURES).await?;
    let children = children(app, &v, &head, &mut book, &KEY_MEASURES).await?;
    let goals = goal_views(app, &head).await?;
    Ok(Dashboard {
        head,
        overview,
        trend,
        children,
        goals,
    })
}

// ---------------------------------------------------------------------------
// one indicator
// ---------------------------------------------------------------------------

/// One measure of an area in depth.
#[derive(Debug, Clone)]
pub struct IndicatorPage {
    pub head: Head,
    pub measure: Measure,
    /// The last twelve months: this area, the median of similar units, the
    /// country.
    pub trend: DataTable,
    /// The measure's categories (outcomes, levels, durations), if any.
    pub breakdown: Option<DataTable>,
    pub children: Option<DataTable>,
    /// This area, the similar units and the country.
    pub peers: DataTable,
}

pub async fn indicator(
    app: &App,
    ctx: &Ctx,
    area: &str,
    measure: &str,
    q: &Query,
) -> Result<IndicatorPage, AppError> {
    indicator_as(app, ctx, area, measure, q, AuditAction::Read).await
}

async fn indicator_as(
    app: &App,
    ctx: &Ctx,
    area: &str,
    measure: &str,
    q: &Query,
    action: AuditAction,
) -> Result<IndicatorPage, AppError> {
    let v = open(app, ctx, area, action, "monitor", Need::View).await?;
    let measure = Measure::from_code(measure).ok_or(AppError::NotFound)?;
    let head = head(app, &v, q).await?;
    let sdc = app.monitor.sdc();
    let mut book = Book::new(&head);
    let node = head.node();
    let nat = national(head.sector);
    let months = trend_months(head.period, app.clock.today());
    let peers = peer_nodes(&v.registry, &head);
    book.load(app, &months, &[node], &[measure]).await?;
    book.load(app, &months, &[nat], &[measure]).await?;
    book.load(app, &months, &peers, &[measure]).await?;
    if !months.contains(&head.period) {
        book.load(app, &[head.period], &[node], &[measure]).await?;
        book.load(app, &[head.period], &[nat], &[measure]).await?;
        book.load(app, &[head.period], &peers, &[measure]).await?;
    }
    let is_national = head.area == Area::National;
    let mut columns = vec![if is_national {
        Label::National
    } else {
        Label::Area(head.area, head.name.clone())
    }];
    if !is_national {
        columns.push(Label::Message("monitor-col-peers"));
        columns.push(Label::National);
    }
    let trend = DataTable {
        id: "indicator-trend".into(),
        title: Label::Message("monitor-table-trend"),
        columns,
        rows: months
            .iter()
            .map(|p| {
                let mut values = vec![book.value(sdc, measure, *p, node)];
                if !is_national {
                    let pv: Vec<Value> = peers
                        .iter()
                        .map(|n| book.value(sdc, measure, *p, *n))
                        .collect();
                    values.push(peer_median(&pv, measure.unit()));
                    values.push(book.value(sdc, measure, *p, nat));
                }
                DataRow {
                    label: Label::Period(*p),
                    href: None,
                    values,
                    own: false,
                    group: None,
                }
            })
            .collect(),
        chart: Chart::Lines,
    };
    let breakdown = match measure.breakdown() {
        Some(indicator) => {
            let quantity = Quantity::Count(indicator);
            let cats: Vec<Category> = indicator
                .category_kind()
                .map(|k| k.categories())
                .unwrap_or_default();
            let whole = book.get(head.period, node, quantity, Category::All);
            let mut rows: Vec<DataRow> = cats
                .iter()
                .map(|c| {
                    let part = book.get(head.period, node, quantity, *c);
                    let share = brug_domain::monitor::publication::share(sdc, &part, &whole);
                    DataRow {
                        label: Label::Category(*c),
                        href: None,
                        values: vec![
                            Value::Figure(part.figure, Unit::Count),
                            Value::Figure(
                                match share {
                                    Figure::Shown(s) => Figure::Shown(u64::from(s)),
                                    Figure::Suppressed(r) => Figure::Suppressed(r),
                                },
                                Unit::Percent,
                            ),
                        ],
                        own: false,
                        group: None,
                    }
                })
                .collect();
            rows.push(DataRow {
                label: Label::Message("monitor-total"),
                href: None,
                values: vec![
                    book.count(head.period, node, quantity, Category::All),
                    Value::Empty,
                ],
                own: true,
                group: None,
            });
            Some(DataTable {
                id: "indicator-breakdown".into(),
                title: Label::Message("monitor-table-breakdown"),
                columns: vec![
                    Label::Message("monitor-col-count"),
                    Label::Message("monitor-col-share"),
                ],
                rows,
                chart: Chart::Bars,
            })
        }
        None => None,
    };
    let children = children(app, &v, &head, &mut book, &[measure])
        .await?
        .map(|mut t| {
            t.id = "indicator-children".into();
            t.chart = Chart::Bars;
            t
        });
    let mut peer_rows = vec![DataRow {
        label: if is_national {
            Label::National
        } else {
            Label::Area(head.area, head.name.clone())
        },
        href: None,
        values: vec![book.value(sdc, measure, head.period, node)],
        own: true,
        group: None,
    }];
    if !is_national {
        peer_rows.extend(peers.iter().map(|n| DataRow {
            label: Label::Area(n.area, v.registry.name(n.area)),
            href: href(&v.registry, &v.grants, n.area).map(|h| format!("{h}{}", head.query())),
            values: vec![book.value(sdc, measure, head.period, *n)],
            own: false,
            group: None,
        }));
        peer_rows.push(DataRow {
            label: Label::National,
            href: Some(format!("/monitor/national{}", head.query())),
            values: vec![book.value(sdc, measure, head.period, nat)],
            own: false,
            group: None,
        });
    }
    let peers = DataTable {
        id: "indicator-peers".into(),
        title: Label::Message("monitor-table-peers"),
        columns: vec![Label::Measure(measure)],
        rows: peer_rows,
        chart: Chart::Bars,
    };
    Ok(IndicatorPage {
        head,
        measure,
        trend,
        breakdown,
        children,
        peers,
    })
}

// ---------------------------------------------------------------------------
// comparison
// ---------------------------------------------------------------------------

/// The comparison table: this unit, the similar ones and the country (for
/// the country: every municipality), side by side.
#[derive(Debug, Clone)]
pub struct ComparePage {
    pub head: Head,
    pub table: DataTable,
}

async fn compare_table(
    app: &App,
    v: &Viewing,
    head: &Head,
    book: &mut Book,
) -> Result<DataTable, AppError> {
    let sdc = app.monitor.sdc();
    let node = head.node();
    let nat = national(head.sector);
    let peers = peer_nodes(&v.registry, head);
    book.load(app, &[head.period], &[node], &KEY_MEASURES)
        .await?;
    book.load(app, &[head.period], &[nat], &KEY_MEASURES)
        .await?;
    book.load(app, &[head.period], &peers, &KEY_MEASURES)
        .await?;
    let row = |label: Label, n: Node, own: bool, href: Option<String>| DataRow {
        label,
        href,
        values: KEY_MEASURES
            .iter()
            .map(|m| book.value(sdc, *m, head.period, n))
            .collect(),
        own,
        group: None,
    };
    let mut rows = Vec::new();
    if head.area != Area::National {
        rows.push(row(
            Label::Area(head.area, head.name.clone()),
            node,
            true,
            None,
        ));
    }
    for n in &peers {
        rows.push(row(
            Label::Area(n.area, v.registry.name(n.area)),
            *n,
            false,
            href(&v.registry, &v.grants, n.area).map(|h| format!("{h}{}", head.query())),
        ));
    }
    rows.push(row(Label::National, nat, head.area == Area::National, None));
    Ok(DataTable {
        id: "compare".into(),
        title: Label::Message(if head.area == Area::National {
            "monitor-table-municipalities"
        } else {
            "monitor-table-compare"
        }),
        columns: KEY_MEASURES.iter().map(|m| Label::Measure(*m)).collect(),
        rows,
        chart: Chart::None,
    })
}

pub async fn compare(app: &App, ctx: &Ctx, area: &str, q: &Query) -> Result<ComparePage, AppError> {
    let v = open(app, ctx, area, AuditAction::Read, "monitor", Need::View).await?;
    let head = head(app, &v, q).await?;
    let mut book = Book::new(&head);
    let table = compare_table(app, &v, &head, &mut book).await?;
    Ok(ComparePage { head, table })
}

// ---------------------------------------------------------------------------
// the quarterly report
// ---------------------------------------------------------------------------

/// The printable quarterly report of a municipality or partnership.
#[derive(Debug, Clone)]
pub struct ReportPage {
    pub head: Head,
    pub overview: DataTable,
    pub trend: DataTable,
    pub compare: DataTable,
    pub children: Option<DataTable>,
    pub goals: Vec<GoalView>,
    pub printed_at: OffsetDateTime,
}

pub async fn report(app: &App, ctx: &Ctx, area: &str, q: &Query) -> Result<ReportPage, AppError> {
    let v = open(app, ctx, area, AuditAction::Print, "monitor", Need::Report).await?;
    let mut head = head(app, &v, q).await?;
    if head.period.kind() != PeriodKind::Quarter {
        // The quarter of the chosen month (or of the running month).
        let month = end_month(head.period, app.clock.today());
        if let Ok(quarter) = Period::containing(
            PeriodKind::Quarter,
            Date::from_calendar_date(
                match month {
                    Period::Month { year, .. } => i32::from(year),
                    _ => 2000,
                },
                match month {
                    Period::Month { month, .. } => {
                        time::Month::try_from(month).unwrap_or(time::Month::January)
                    }
                    _ => time::Month::January,
                },
                1,
            )
            .unwrap_or(Date::MIN),
        ) {
            head.period = quarter;
            head.as_of = store::refreshed(&app.db)
                .await?
                .into_iter()
                .find(|(p, _)| *p == period_code(quarter))
                .map(|(_, at)| at.get());
        }
    }
    let mut book = Book::new(&head);
    let overview = overview(app, &v, &head, &mut book).await?;
    let trend = trend(app, &head, &mut book, &TREND_MEASURES).await?;
    let compare = compare_table(app, &v, &head, &mut book).await?;
    let children = children(app, &v, &head, &mut book, &KEY_MEASURES).await?;
    let goals = goal_views(app, &head).await?;
    Ok(ReportPage {
        head,
        overview,
        trend,
        compare,
        children,
        goals,
        printed_at: app.clock.now(),
    })
}

// ---------------------------------------------------------------------------
// policy goals
// ---------------------------------------------------------------------------

/// A policy goal with its progress.
#[derive(Debug, Clone)]
pub struct GoalView {
    pub id: i64,
    pub measure: Measure,
    pub target: Value,
    pub deadline: Date,
    pub owner: String,
    pub note: Option<String>,
    /// The latest shown monthly value.
    pub latest: Value,
    /// The trend line's value at the deadline.
    pub projected: Value,
    pub outlook: Outlook,
}

async fn goal_views(app: &App, head: &Head) -> Result<Vec<GoalView>, AppError> {
    let rows = store::goals(&app.db, &head.code).await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let sdc = app.monitor.sdc();
    let today = app.clock.today();
    let months: Vec<Period> = trend_months(month_of(today), today);
    let node = Node::new(
        head.area,
        match head.area {
            Area::SchoolLocation(_) => head.sector,
            _ => None,
        },
    );
    let measures: Vec<Measure> = rows
        .iter()
        .filter_map(|g| Measure::from_code(&g.measure))
        .collect();
    let mut book = Book::new(head);
    book.load(app, &months, &[node], &measures).await?;
    Ok(rows
        .into_iter()
        .filter_map(|g| {
            let measure = Measure::from_code(&g.measure)?;
            let unit = measure.unit();
            let points: Vec<(i32, f64)> = months
                .iter()
                .filter_map(|p| {
                    let Period::Month { year, month } = *p else {
                        return None;
                    };
                    let v = book.value(sdc, measure, *p, node).shown()?;
                    #[allow(clippy::cast_precision_loss)]
                    Some((month_index(i32::from(year), month), v as f64))
                })
                .collect();
            let (min, max) = measure.target_range();
            #[allow(clippy::cast_precision_loss)]
            let projection = project(
                &points,
                month_index(g.deadline.year(), u8::from(g.deadline.month())),
                g.target as f64,
                measure.direction()?,
                (min as f64, max as f64),
            );
            let as_value = |x: Option<f64>| match x {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                Some(v) => Value::Figure(Figure::Shown(v.round().max(0.0) as u64), unit),
                None => Value::Empty,
            };
            Some(GoalView {
                id: g.id,
                measure,
                target: Value::Figure(Figure::Shown(u64::try_from(g.target).unwrap_or(0)), unit),
                deadline: g.deadline,
                owner: g.owner,
                note: g.note,
                latest: as_value(projection.latest),
                projected: as_value(projection.at_deadline),
                outlook: projection.outlook,
            })
        })
        .collect())
}

/// The goals page of an area.
#[derive(Debug, Clone)]
pub struct GoalsPage {
    pub head: Head,
    pub goals: Vec<GoalView>,
    /// The measures a goal can be set on.
    pub measures: Vec<Measure>,
}

pub async fn goals(app: &App, ctx: &Ctx, area: &str, q: &Query) -> Result<GoalsPage, AppError> {
    let v = open(app, ctx, area, AuditAction::Read, "monitor", Need::View).await?;
    goals_page(app, &v, q).await
}

async fn goals_page(app: &App, v: &Viewing, q: &Query) -> Result<GoalsPage, AppError> {
    let head = head(app, v, q).await?;
    let goals = goal_views(app, &head).await?;
    Ok(GoalsPage {
        head,
        goals,
        measures: Measure::goal_measures(),
    })
}

/// What became of a goal form.
#[derive(Debug)]
pub enum GoalSaved {
    Saved(i64),
    /// Every field's problem, and the page to show the form on again (the
    /// request is logged once, as the attempt to create a goal).
    Invalid(FieldErrors, Box<GoalsPage>),
}

/// Set a goal for an area of the user's own municipality or partnership.
pub async fn add_goal(
    app: &App,
    ctx: &Ctx,
    area: &str,
    draft: &GoalDraft,
) -> Result<GoalSaved, AppError> {
    let v = open(
        app,
        ctx,
        area,
        AuditAction::Create,
        "monitor_goal",
        Need::SetGoals,
    )
    .await?;
    let goal = match goals::validate(draft, app.clock.today()) {
        Ok(goal) => goal,
        Err(errors) => {
            let mut fe = FieldErrors::default();
            for e in errors {
                fe.add_with(e.field, e.message_id, e.args);
            }
            let page = goals_page(app, &v, &Query::default()).await?;
            return Ok(GoalSaved::Invalid(fe, Box::new(page)));
        }
    };
    let org = v
        .grants
        .iter()
        .find(|g| match (g.kind, v.area) {
            (OrgKind::Municipality, Area::Municipality(m))
            | (OrgKind::Region, Area::Region(m))
            | (OrgKind::Swv, Area::Swv(m)) => m == g.org,
            _ => false,
        })
        .map(|g| g.org.0)
        .ok_or(AppError::Forbidden)?;
    let mut tx = app.db.begin().await?;
    let id = store::insert_goal(
        &mut tx,
        &store::NewGoal {
            org_id: org,
            area: area_code(v.area),
            measure: goal.measure.code().to_owned(),
            target: i64::try_from(goal.target).unwrap_or(i64::MAX),
            deadline: goal.deadline,
            owner: goal.owner,
            note: goal.note,
            created_by_user_id: Some(ctx.user_id.0),
        },
        app.now(),
    )
    .await?;
    tx.commit().await?;
    Ok(GoalSaved::Saved(id))
}

// ---------------------------------------------------------------------------
// exports
// ---------------------------------------------------------------------------

/// The tables that can be exported, by id.
pub const EXPORTS: &[&str] = &[
    "overview",
    "trend",
    "children",
    "compare",
    "indicator-trend",
    "indicator-breakdown",
    "indicator-children",
    "indicator-peers",
];

/// One table of a page as CSV data (the same figures as on the page).
/// `measure` names the measure of the `indicator-*` tables.
pub async fn export(
    app: &App,
    ctx: &Ctx,
    area: &str,
    table: &str,
    measure: Option<&str>,
    q: &Query,
) -> Result<(Head, DataTable), AppError> {
    if !EXPORTS.contains(&table) {
        return Err(AppError::NotFound);
    }
    if let Some(rest) = table.strip_prefix("indicator-") {
        let page = indicator_as(
            app,
            ctx,
            area,
            measure.unwrap_or(""),
            q,
            AuditAction::Export,
        )
        .await?;
        let t = match rest {
            "trend" => Some(page.trend),
            "breakdown" => page.breakdown,
            "children" => page.children,
            _ => Some(page.peers),
        };
        return t.map(|t| (page.head, t)).ok_or(AppError::NotFound);
    }
    let v = open(app, ctx, area, AuditAction::Export, "monitor", Need::View).await?;
    let head = head(app, &v, q).await?;
    let mut book = Book::new(&head);
    let t = match table {
        "overview" => Some(overview(app, &v, &head, &mut book).await?),
        "trend" => Some(trend(app, &head, &mut book, &TREND_MEASURES).await?),
        "children" => children(app, &v, &head, &mut book, &KEY_MEASURES).await?,
        _ => Some(compare_table(app, &v, &head, &mut book).await?),
    };
    t.map(|t| (head, t)).ok_or(AppError::NotFound)
}

/// Months with figures for a period's months (for the "stand van" of
/// derived periods).
#[must_use]
pub fn period_months(p: Period) -> Vec<Period> {
    months_of(p)
}
