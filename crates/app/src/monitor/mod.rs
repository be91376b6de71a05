//! The monitor (S7): dashboards, comparisons, policy goals and exports for
//! policy makers, on figures published by the refresh job.
//!
//! - [`refresh`]: the job that turns the cases into protected figures
//!   (every few minutes for the running and the previous month, the whole
//!   window nightly and on `brug monitor refresh --full`).
//! - [`views`]: the pages, made only of published figures: no use case
//!   here counts anything itself, and no page shows a person.
//!
//! Access: [`Request::Monitor`] (policy makers only) and the scope rule of
//! `brug_domain::monitor::scope`; every view is logged as one audit event
//! without a pupil (resource `monitor`, the area code as its id).

pub mod cache;
pub mod refresh;
pub mod views;

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use brug_domain::access::{Decision, Denial, Request, decide};
use brug_domain::audit::AuditAction;
use brug_domain::ids::{LocationId, OrgId};
use brug_domain::monitor::publication::{Hierarchy, Node, area_from_code};
use brug_domain::monitor::scope::{AreaTies, Grant, Standing, may_set_goals, standing};
use brug_domain::monitor::{Area, Period, PeriodKind, Sdc};
use brug_domain::registry::{OrgKind, Sector};
use brug_domain::roles::Role;
use brug_store::Db;
use brug_store::monitor::{self as store, NamedLocation, NamedOrg};
use time::Date;

use crate::trail::{self, Access};
use crate::{App, AppError, Ctx};

/// How long the registry seen by the monitor is kept before it is read
/// again (the refresh job also drops it).
const REGISTRY_TTL: Duration = Duration::from_secs(300);

/// The monitor's shared state: the disclosure control, a cached view of
/// the registry (names and the area hierarchy; no person in it) and the
/// published figures the pages read ([`cache`]).
pub struct MonitorState {
    sdc: Sdc,
    registry: Mutex<Option<Arc<Registry>>>,
    figures: cache::FigureCache,
}

impl Default for MonitorState {
    fn default() -> Self {
        MonitorState::new(Sdc::default())
    }
}

impl MonitorState {
    #[must_use]
    pub fn new(sdc: Sdc) -> MonitorState {
        MonitorState {
            sdc,
            registry: Mutex::new(None),
            figures: cache::FigureCache::default(),
        }
    }

    #[must_use]
    pub fn sdc(&self) -> &Sdc {
        &self.sdc
    }

    fn cached(&self) -> Option<Arc<Registry>> {
        let guard = self.registry.lock().unwrap_or_else(|e| e.into_inner());
        guard
            .as_ref()
            .filter(|r| r.loaded.elapsed() < REGISTRY_TTL)
            .cloned()
    }

    /// The registry, read at most every few minutes.
    pub async fn registry(&self, db: &Db) -> Result<Arc<Registry>, AppError> {
        if let Some(r) = self.cached() {
            return Ok(r);
        }
        let r = Arc::new(Registry::load(db).await?);
        *self.registry.lock().unwrap_or_else(|e| e.into_inner()) = Some(r.clone());
        Ok(r)
    }

    /// The published figures read by the pages.
    #[must_use]
    pub fn figures(&self) -> &cache::FigureCache {
        &self.figures
    }

    /// Forget the cached registry and figures (after a refresh).
    pub fn invalidate(&self) {
        *self.registry.lock().unwrap_or_else(|e| e.into_inner()) = None;
        self.figures.clear();
    }
}

/// The registry as the monitor sees it: the hierarchy of areas and names.
pub struct Registry {
    pub hierarchy: Hierarchy,
    orgs: HashMap<i64, NamedOrg>,
    locations: HashMap<i64, NamedLocation>,
    loaded: Instant,
}

impl Registry {
    pub async fn load(db: &Db) -> Result<Registry, AppError> {
        let (locations, municipalities) = store::hierarchy(db).await?;
        let regions = store::regions(db).await?;
        let orgs = store::area_organisations(db)
            .await?
            .into_iter()
            .map(|o| (o.id, o))
            .collect();
        let names = store::location_names(db)
            .await?
            .into_iter()
            .map(|l| (l.id, l))
            .collect();
        Ok(Registry {
            hierarchy: Hierarchy::new(locations, municipalities).with_regions(regions),
            orgs,
            locations: names,
            loaded: Instant::now(),
        })
    }

    fn org_kind(&self, id: OrgId) -> Option<OrgKind> {
        self.orgs
            .get(&id.0)
            .and_then(|o| OrgKind::from_code(&o.kind))
    }

    /// Whether the area exists.
    #[must_use]
    pub fn exists(&self, area: Area) -> bool {
        match area {
            Area::National => true,
            Area::Municipality(m) => self.org_kind(m) == Some(OrgKind::Municipality),
            Area::Region(r) => self.org_kind(r) == Some(OrgKind::Region),
            Area::Swv(s) => self.org_kind(s) == Some(OrgKind::Swv),
            Area::SchoolBoard(b) => self.org_kind(b) == Some(OrgKind::SchoolBoard),
            Area::SchoolLocation(l) => self.hierarchy.location(l).is_some(),
        }
    }

    /// The area's name (empty for the country: pages name it in words).
    #[must_use]
    pub fn name(&self, area: Area) -> String {
        match area {
            Area::National => String::new(),
            Area::Municipality(o) | Area::Region(o) | Area::Swv(o) | Area::SchoolBoard(o) => self
                .orgs
                .get(&o.0)
                .map(|o| o.name.clone())
                .unwrap_or_default(),
            Area::SchoolLocation(l) => self
                .locations
                .get(&l.0)
                .map(|l| format!("{} ({})", l.name, l.city))
                .unwrap_or_default(),
        }
    }

    /// The sector of a school location.
    #[must_use]
    pub fn location_sector(&self, l: LocationId) -> Option<Sector> {
        self.hierarchy.location(l).map(|l| l.sector)
    }

    /// How an area lies in the registry, for the scope rule.
    #[must_use]
    pub fn ties(&self, area: Area) -> AreaTies {
        let set = |it: &mut dyn Iterator<Item = OrgId>| -> Vec<OrgId> {
            it.collect::<BTreeSet<_>>().into_iter().collect()
        };
        match area {
            Area::SchoolLocation(id) => {
                let Some(l) = self.hierarchy.location(id) else {
                    return AreaTies::default();
                };
                AreaTies {
                    municipalities: vec![l.municipality],
                    regions: self
                        .hierarchy
                        .region_of(l.municipality)
                        .into_iter()
                        .collect(),
                    swvs: l.swv.into_iter().collect(),
                    boards: l.board.into_iter().collect(),
                    schools: self
                        .locations
                        .get(&id.0)
                        .map(|n| OrgId(n.school_id))
                        .into_iter()
                        .collect(),
                }
            }
            Area::Municipality(m) => AreaTies {
                regions: self.hierarchy.region_of(m).into_iter().collect(),
                swvs: set(&mut self
                    .hierarchy
                    .members_of_area(area)
                    .into_iter()
                    .filter_map(|l| l.swv)),
                ..AreaTies::default()
            },
            Area::Swv(_) | Area::SchoolBoard(_) => AreaTies {
                municipalities: set(&mut self
                    .hierarchy
                    .members_of_area(area)
                    .into_iter()
                    .map(|l| l.municipality)),
                ..AreaTies::default()
            },
            Area::Region(r) => AreaTies {
                municipalities: self.hierarchy.municipalities_of_region(r).to_vec(),
                ..AreaTies::default()
            },
            Area::National => AreaTies::default(),
        }
    }

    /// The nodes a dashboard lists under an area: the municipalities of
    /// the country or of a region, the school locations of the others (in
    /// sector order, then by name).
    #[must_use]
    pub fn children(&self, area: Area, sector: Option<Sector>) -> Vec<Node> {
        let municipalities = |ms: &[OrgId]| -> Vec<Node> {
            self.sorted_by_name(ms.iter().map(|m| Area::Municipality(*m)).collect())
                .into_iter()
                .map(|a| Node::new(a, sector))
                .collect()
        };
        match area {
            Area::National => municipalities(self.hierarchy.municipalities()),
            Area::Region(r) => municipalities(self.hierarchy.municipalities_of_region(r)),
            Area::Municipality(_) | Area::Swv(_) | Area::SchoolBoard(_) => {
                let mut locs: Vec<(usize, String, Node)> = self
                    .hierarchy
                    .members(Node::new(area, sector))
                    .into_iter()
                    .map(|l| {
                        let a = Area::SchoolLocation(l.id);
                        (
                            Sector::ALL.iter().position(|s| *s == l.sector).unwrap_or(0),
                            self.name(a),
                            Node::new(a, Some(l.sector)),
                        )
                    })
                    .collect();
                locs.sort();
                locs.into_iter().map(|(_, _, n)| n).collect()
            }
            Area::SchoolLocation(_) => Vec::new(),
        }
    }

    fn sorted_by_name(&self, mut areas: Vec<Area>) -> Vec<Area> {
        areas.sort_by_cached_key(|a| (self.name(*a).to_lowercase(), *a));
        areas
    }

    /// The similar units an area is compared with: the municipalities that
    /// share a partnership with a municipality; the other regions; the
    /// partnerships of the same
    /// kind (primary or secondary); the boards with schools in the same
    /// municipalities; the schools of the same sector in the same
    /// municipality; every municipality for the country.
    #[must_use]
    pub fn peers(&self, area: Area) -> Vec<Area> {
        let h = &self.hierarchy;
        let areas: Vec<Area> = match area {
            Area::National => h
                .municipalities()
                .iter()
                .map(|m| Area::Municipality(*m))
                .collect(),
            Area::Municipality(m) => {
                let swvs: BTreeSet<OrgId> = h
                    .members_of_area(area)
                    .into_iter()
                    .filter_map(|l| l.swv)
                    .collect();
                let munis: BTreeSet<OrgId> = h
                    .locations()
                    .iter()
                    .filter(|l| l.swv.is_some_and(|s| swvs.contains(&s)))
                    .map(|l| l.municipality)
                    .filter(|x| *x != m)
                    .collect();
                munis.into_iter().map(Area::Municipality).collect()
            }
            Area::Swv(s) => {
                let primary = |swv: OrgId| {
                    h.members_of_area(Area::Swv(swv))
                        .iter()
                        .any(|l| matches!(l.sector, Sector::Po | Sector::Sbo | Sector::So))
                };
                let kind = primary(s);
                h.swvs()
                    .into_iter()
                    .filter(|x| *x != s && primary(*x) == kind)
                    .map(Area::Swv)
                    .collect()
            }
            Area::SchoolBoard(b) => {
                let munis: BTreeSet<OrgId> = h
                    .members_of_area(area)
                    .into_iter()
                    .map(|l| l.municipality)
                    .collect();
                let boards: BTreeSet<OrgId> = h
                    .locations()
                    .iter()
                    .filter(|l| munis.contains(&l.municipality))
                    .filter_map(|l| l.board)
                    .filter(|x| *x != b)
                    .collect();
                boards.into_iter().map(Area::SchoolBoard).collect()
            }
            Area::SchoolLocation(id) => match h.location(id) {
                Some(me) => h
                    .members_of_area(Area::Municipality(me.municipality))
                    .into_iter()
                    .filter(|l| l.sector == me.sector && l.id != id)
                    .map(|l| Area::SchoolLocation(l.id))
                    .collect(),
                None => Vec::new(),
            },
            Area::Region(r) => self
                .hierarchy
                .regions()
                .into_iter()
                .filter(|x| *x != r)
                .map(Area::Region)
                .collect(),
        };
        self.sorted_by_name(areas)
    }

    /// The organisations where `ctx` is a policy maker, with their kinds.
    #[must_use]
    pub fn grants(&self, ctx: &Ctx) -> Vec<Grant> {
        ctx.orgs_with_role(Role::PolicyMaker)
            .into_iter()
            .filter_map(|m| {
                let org = OrgId(m.org_id);
                Some(Grant {
                    org,
                    kind: self.org_kind(org)?,
                })
            })
            .collect()
    }

    /// The school locations of a school (for a school's policy maker).
    #[must_use]
    pub fn locations_of_school(&self, school: OrgId) -> Vec<Area> {
        let mut out: Vec<Area> = self
            .locations
            .values()
            .filter(|l| l.school_id == school.0)
            .map(|l| Area::SchoolLocation(LocationId(l.id)))
            .collect();
        out.sort();
        out
    }
}

/// A monitor request that passed the access policy and the scope rule.
pub struct Viewing {
    pub area: Area,
    pub standing: Standing,
    pub grants: Vec<Grant>,
    pub registry: Arc<Registry>,
}

/// Whether the actor may use the monitor at all (no event: for menus).
#[must_use]
pub fn may_use(ctx: &Ctx) -> bool {
    decide(&ctx.actor, Request::Monitor).is_allowed()
}

/// What a request needs besides a dashboard in scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Need {
    /// Only to see the area.
    View,
    /// A quarterly report: only municipalities, regions and partnerships
    /// have one.
    Report,
    /// To set goals: the user's own municipality or partnership.
    SetGoals,
}

/// Asks the policy and the scope rule, and logs the access (one event, no
/// pupil; the area code as the resource id). A refused role gets
/// `Forbidden`; an area out of scope (or unknown, or without a report)
/// `NotFound`; goals on an area that is not the user's own `Forbidden`.
pub(crate) async fn open(
    app: &App,
    ctx: &Ctx,
    area_code: &str,
    action: AuditAction,
    resource: &'static str,
    need: Need,
) -> Result<Viewing, AppError> {
    let decision = decide(&ctx.actor, Request::Monitor);
    let access = || {
        Access::new(
            action,
            resource,
            area_code.chars().take(40).collect::<String>(),
        )
    };
    if !decision.is_allowed() {
        trail::record(app, ctx, &decision, access()).await?;
        return Err(AppError::Forbidden);
    }
    let registry = app.monitor.registry(&app.db).await?;
    let grants = registry.grants(ctx);
    let found = area_from_code(area_code)
        .filter(|a| registry.exists(*a))
        .and_then(|a| standing(&grants, a, &registry.ties(a)).map(|s| (a, s)));
    let found = found.filter(|(area, _)| {
        need != Need::Report
            || matches!(area, Area::Municipality(_) | Area::Region(_) | Area::Swv(_))
    });
    let Some((area, standing)) = found else {
        trail::record(app, ctx, &Decision::Deny(Denial::NoRelation), access()).await?;
        return Err(AppError::NotFound);
    };
    if need == Need::SetGoals && !may_set_goals(&grants, area) {
        trail::record(app, ctx, &Decision::Deny(Denial::RoleNotAllowed), access()).await?;
        return Err(AppError::Forbidden);
    }
    trail::record(app, ctx, &decision, access()).await?;
    Ok(Viewing {
        area,
        standing,
        grants,
        registry,
    })
}

// ---------------------------------------------------------------------------
// periods
// ---------------------------------------------------------------------------

/// The month containing `day`.
#[must_use]
pub fn month_of(day: Date) -> Period {
    Period::containing(PeriodKind::Month, day).unwrap_or(Period::Month {
        year: 2000,
        month: 1,
    })
}

fn month_parts(p: Period) -> (i32, u8) {
    match p {
        Period::Month { year, month } => (i32::from(year), month),
        Period::Quarter { year, quarter } => (i32::from(year), quarter * 3),
        Period::SchoolYear { start_year } => (i32::from(start_year) + 1, 7),
    }
}

/// The month `n` months after `p` (a month).
#[must_use]
pub fn add_months(p: Period, n: i32) -> Period {
    let (y, m) = month_parts(p);
    let idx = y * 12 + i32::from(m) - 1 + n;
    Period::Month {
        year: i16::try_from(idx.div_euclid(12)).unwrap_or(2000),
        month: u8::try_from(idx.rem_euclid(12) + 1).unwrap_or(1),
    }
}

/// The months of a period, in order.
#[must_use]
pub fn months_of(p: Period) -> Vec<Period> {
    match p {
        Period::Month { .. } => vec![p],
        _ => p.children(PeriodKind::Month).unwrap_or_default(),
    }
}

/// The period of the same kind `n` steps later (negative: earlier).
#[must_use]
pub fn shift(p: Period, n: i32) -> Period {
    match p {
        Period::Month { .. } => add_months(p, n),
        Period::Quarter { year, quarter } => {
            let idx = i32::from(year) * 4 + i32::from(quarter) - 1 + n;
            Period::Quarter {
                year: i16::try_from(idx.div_euclid(4)).unwrap_or(2000),
                quarter: u8::try_from(idx.rem_euclid(4) + 1).unwrap_or(1),
            }
        }
        Period::SchoolYear { start_year } => Period::SchoolYear {
            start_year: start_year.saturating_add(i16::try_from(n).unwrap_or(0)),
        },
    }
}

/// The same period a year earlier.
#[must_use]
pub fn year_earlier(p: Period) -> Period {
    match p {
        Period::Month { .. } => shift(p, -12),
        Period::Quarter { .. } => shift(p, -4),
        Period::SchoolYear { .. } => shift(p, -1),
    }
}

/// The last month of `p` that has begun on `today`.
#[must_use]
pub fn end_month(p: Period, today: Date) -> Period {
    let current = month_of(today);
    months_of(p)
        .into_iter()
        .rev()
        .find(|m| *m <= current)
        .unwrap_or(current)
}

/// The months the monitor keeps: from August of the previous school year
/// (so last school year is complete and every month of the last twelve is
/// there) to the running month.
#[must_use]
pub fn window(today: Date) -> Vec<Period> {
    let current = month_of(today);
    let Ok(Period::SchoolYear { start_year }) = Period::containing(PeriodKind::SchoolYear, today)
    else {
        return vec![current];
    };
    let mut m = Period::Month {
        year: start_year.saturating_sub(1),
        month: 8,
    };
    let mut out = Vec::new();
    while m <= current {
        out.push(m);
        m = add_months(m, 1);
    }
    out
}

/// The quarters and school years whose months all lie in the window.
#[must_use]
pub fn longer_periods(window: &[Period]) -> Vec<Period> {
    let months: BTreeSet<Period> = window.iter().copied().collect();
    let mut out: BTreeSet<Period> = BTreeSet::new();
    for m in window {
        let Period::Month { year, month } = *m else {
            continue;
        };
        let day = Date::from_calendar_date(
            i32::from(year),
            time::Month::try_from(month).unwrap_or(time::Month::January),
            1,
        )
        .unwrap_or(Date::MIN);
        for kind in [PeriodKind::Quarter, PeriodKind::SchoolYear] {
            if let Ok(p) = Period::containing(kind, day) {
                // Its months up to the running one must all be kept.
                let first = months_of(p).first().copied();
                if first.is_some_and(|f| months.contains(&f)) {
                    out.insert(p);
                }
            }
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_window_covers_last_school_year_and_this_one() {
        let w = window(date!(2026 - 11 - 25));
        assert_eq!(
            w.first(),
            Some(&Period::Month {
                year: 2025,
                month: 8
            })
        );
        assert_eq!(
            w.last(),
            Some(&Period::Month {
                year: 2026,
                month: 11
            })
        );
        assert_eq!(w.len(), 16);
        let longer = longer_periods(&w);
        assert!(longer.contains(&Period::SchoolYear { start_year: 2025 }));
        assert!(longer.contains(&Period::SchoolYear { start_year: 2026 }));
        // July to September 2025 begins before the window.
        assert!(!longer.contains(&Period::Quarter {
            year: 2025,
            quarter: 3
        }));
        assert!(longer.contains(&Period::Quarter {
            year: 2025,
            quarter: 4
        }));
        assert!(longer.contains(&Period::Quarter {
            year: 2026,
            quarter: 4
        }));
    }

    #[test]
    fn shifting_periods() {
        let m = Period::Month {
            year: 2026,
            month: 1,
        };
        assert_eq!(
            shift(m, -1),
            Period::Month {
                year: 2025,
                month: 12
            }
        );
        assert_eq!(
            year_earlier(m),
            Period::Month {
                year: 2025,
                month: 1
            }
        );
        let q = Period::Quarter {
            year: 2026,
            quarter: 1,
        };
        assert_eq!(
            shift(q, -1),
            Period::Quarter {
                year: 2025,
                quarter: 4
            }
        );
        assert_eq!(
            end_month(
                Period::Quarter {
                    year: 2026,
                    quarter: 4
                },
                date!(2026 - 11 - 25)
            ),
            Period::Month {
                year: 2026,
                month: 11
            }
        );
        assert_eq!(
            end_month(
                Period::SchoolYear { start_year: 2025 },
                date!(2026 - 11 - 25)
            ),
            Period::Month {
                year: 2026,
                month: 7
            }
        );
    }
}
