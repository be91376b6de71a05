//! The publication: every figure the monitor shows, for every area, sector
//! and period, protected once for all pages.
//!
//! A figure is protected the same way wherever it appears (the dashboard of
//! a municipality, the national comparison table, a CSV export, the printed
//! report), because pages never protect anything themselves: they look up
//! figures made here by the refresh job.
//!
//! # Base figures and derived figures
//!
//! - **Base**: per month and counted indicator, one family of linked tables
//!   along the *municipality tree*: every municipality by sector, every
//!   (municipality, sector) by school location, and the country by
//!   municipality (all sectors and per sector) and by sector. The family is
//!   protected as a whole with [`Sdc::suppress_family_with`] (threshold,
//!   rounding, complementary suppression, revealing rows, and the exact
//!   check that no hidden figure follows from any combination of the
//!   family's equations). Sectors a municipality has no school of are
//!   structural zeros: known to everyone, so never counted as protection.
//! - **Derived**: everything else is a sum of base figures: a partnership
//!   (SWV) or a school board is a sum of whole (municipality, sector) nodes
//!   where it covers them and of single school locations where it does not;
//!   a quarter or school year of a flow is the sum of its months. A derived
//!   figure is shown only when every base figure it is the sum of is shown
//!   ([`derive`]); otherwise it is hidden ([`SuppressionReason::Linked`]).
//!   A shown derived figure is a sum of shown figures, so it tells nothing
//!   the base does not; a hidden one adds an unknown and no equation. That
//!   is what makes the protection of the whole publication the protection
//!   of the base families, each of which is small enough to check exactly.
//!   The price: a partnership's or school year's figure is hidden as soon
//!   as one of its parts is (see `docs/monitor.md`).
//! - Stocks of a quarter or school year are the stock at its end: the same
//!   figure as that month's, copied with its protection.
//! - Medians, percentiles and ratios that are not shares are computed for
//!   every node from the per-unit durations and provider pairs and shown
//!   only for groups of at least the threshold ([`Sdc::percentile`],
//!   [`Sdc::statistic`]).
//! - Shares are made at show time from two published counts with [`share`]:
//!   hidden when either count is hidden.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::audit::{Equation, Span};
use super::dimensions::{
    Answer, Area, Category, CategoryKind, CellKey, Coord, DurationBand, Indicator, Period,
};
use super::disclosure::{
    Figure, ProtectedTable, Rate, Sdc, SdcError, SuppressionReason, Table, TableSpec,
};
use super::facts::{DurationKind, MonthFacts};
use crate::cases::{CaseOutcome, EscalationLevel, LeadDomain};
use crate::ids::{LocationId, OrgId};
use crate::registry::Sector;

// ---------------------------------------------------------------------------
// the registry as the monitor sees it
// ---------------------------------------------------------------------------

/// A school location and the areas it lies in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocationInfo {
    pub id: LocationId,
    pub sector: Sector,
    pub municipality: OrgId,
    pub swv: Option<OrgId>,
    /// The school board of the location's school, if the school has one.
    pub board: Option<OrgId>,
}

/// A node of the publication: an area, all sectors or one. A school
/// location's node always carries its own sector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Node {
    pub area: Area,
    pub sector: Option<Sector>,
}

impl Node {
    #[must_use]
    pub fn new(area: Area, sector: Option<Sector>) -> Node {
        Node { area, sector }
    }

    #[must_use]
    pub fn national() -> Node {
        Node::new(Area::National, None)
    }

    /// Base nodes are protected in the families; the others are derived.
    #[must_use]
    pub fn is_base(&self) -> bool {
        matches!(
            self.area,
            Area::National | Area::Municipality(_) | Area::SchoolLocation(_)
        )
    }
}

/// The school locations with their areas, and every municipality (also
/// those without a school).
#[derive(Debug, Clone, Default)]
pub struct Hierarchy {
    locations: Vec<LocationInfo>,
    municipalities: Vec<OrgId>,
    index: HashMap<LocationId, usize>,
    by_municipality: BTreeMap<OrgId, Vec<usize>>,
    /// Each region with its municipalities (a municipality lies in at most
    /// one region).
    regions: BTreeMap<OrgId, Vec<OrgId>>,
    region_of: HashMap<OrgId, OrgId>,
}

impl Hierarchy {
    /// Municipalities named by a location but missing from `municipalities`
    /// are added, so the country is always the sum of its municipalities.
    #[must_use]
    pub fn new(mut locations: Vec<LocationInfo>, municipalities: Vec<OrgId>) -> Hierarchy {
        locations.sort_by_key(|l| l.id);
        locations.dedup_by_key(|l| l.id);
        let mut all: BTreeSet<OrgId> = municipalities.into_iter().collect();
        all.extend(locations.iter().map(|l| l.municipality));
        let index = locations
            .iter()
            .enumerate()
            .map(|(i, l)| (l.id, i))
            .collect();
        let mut by_municipality: BTreeMap<OrgId, Vec<usize>> =
            all.iter().map(|m| (*m, Vec::new())).collect();
        for (i, l) in locations.iter().enumerate() {
            by_municipality.entry(l.municipality).or_default().push(i);
        }
        Hierarchy {
            locations,
            municipalities: all.into_iter().collect(),
            index,
            by_municipality,
            regions: BTreeMap::new(),
            region_of: HashMap::new(),
        }
    }

    /// Adds the regions: `(region, municipality)` pairs, `None` for a
    /// region without municipalities. Regions are sums of whole
    /// municipalities (the fixed hierarchy municipality → region →
    /// country). A municipality named twice stays in the first region (by
    /// region id); municipalities unknown to the hierarchy are left out; a
    /// region without a known municipality is kept (it is empty).
    #[must_use]
    pub fn with_regions(mut self, mut pairs: Vec<(OrgId, Option<OrgId>)>) -> Hierarchy {
        pairs.sort();
        pairs.dedup();
        for (region, m) in pairs {
            let members = self.regions.entry(region).or_default();
            if let Some(m) = m
                && self.by_municipality.contains_key(&m)
                && !self.region_of.contains_key(&m)
            {
                members.push(m);
                self.region_of.insert(m, region);
            }
        }
        self
    }

    /// Every region, with or without municipalities.
    #[must_use]
    pub fn regions(&self) -> Vec<OrgId> {
        self.regions.keys().copied().collect()
    }

    /// The municipalities of a region.
    #[must_use]
    pub fn municipalities_of_region(&self, region: OrgId) -> &[OrgId] {
        self.regions.get(&region).map_or(&[], Vec::as_slice)
    }

    /// The region a municipality lies in.
    #[must_use]
    pub fn region_of(&self, municipality: OrgId) -> Option<OrgId> {
        self.region_of.get(&municipality).copied()
    }

    #[must_use]
    pub fn locations(&self) -> &[LocationInfo] {
        &self.locations
    }

    #[must_use]
    pub fn location(&self, id: LocationId) -> Option<&LocationInfo> {
        self.index.get(&id).map(|&i| &self.locations[i])
    }

    #[must_use]
    pub fn municipalities(&self) -> &[OrgId] {
        &self.municipalities
    }

    /// Every partnership with at least one school location.
    #[must_use]
    pub fn swvs(&self) -> Vec<OrgId> {
        let set: BTreeSet<OrgId> = self.locations.iter().filter_map(|l| l.swv).collect();
        set.into_iter().collect()
    }

    /// Every school board with at least one school location.
    #[must_use]
    pub fn boards(&self) -> Vec<OrgId> {
        let set: BTreeSet<OrgId> = self.locations.iter().filter_map(|l| l.board).collect();
        set.into_iter().collect()
    }

    /// The locations of an area (all sectors).
    #[must_use]
    pub fn members_of_area(&self, area: Area) -> Vec<&LocationInfo> {
        match area {
            Area::National => self.locations.iter().collect(),
            Area::Municipality(m) => self
                .by_municipality
                .get(&m)
                .into_iter()
                .flatten()
                .map(|&i| &self.locations[i])
                .collect(),
            Area::Swv(s) => self.locations.iter().filter(|l| l.swv == Some(s)).collect(),
            Area::SchoolBoard(b) => self
                .locations
                .iter()
                .filter(|l| l.board == Some(b))
                .collect(),
            Area::SchoolLocation(id) => self.location(id).into_iter().collect(),
            Area::Region(r) => self
                .municipalities_of_region(r)
                .iter()
                .flat_map(|m| self.by_municipality.get(m).into_iter().flatten())
                .map(|&i| &self.locations[i])
                .collect(),
        }
    }

    /// The locations of a node.
    #[must_use]
    pub fn members(&self, node: Node) -> Vec<&LocationInfo> {
        self.members_of_area(node.area)
            .into_iter()
            .filter(|l| node.sector.is_none_or(|s| l.sector == s))
            .collect()
    }

    /// The sectors an area has schools in, in the fixed order.
    #[must_use]
    pub fn sectors_of(&self, area: Area) -> Vec<Sector> {
        let members = self.members_of_area(area);
        Sector::ALL
            .into_iter()
            .filter(|s| members.iter().any(|l| l.sector == *s))
            .collect()
    }

    /// Every node of the publication: the country (all sectors and each
    /// sector), every municipality, region, partnership and board (all
    /// sectors and each sector it has schools in) and every school location.
    #[must_use]
    pub fn nodes(&self) -> Vec<Node> {
        let mut nodes = vec![Node::national()];
        nodes.extend(
            Sector::ALL
                .into_iter()
                .map(|s| Node::new(Area::National, Some(s))),
        );
        let areas = self
            .municipalities
            .iter()
            .map(|m| Area::Municipality(*m))
            .chain(self.regions().into_iter().map(Area::Region))
            .chain(self.swvs().into_iter().map(Area::Swv))
            .chain(self.boards().into_iter().map(Area::SchoolBoard));
        for area in areas {
            nodes.push(Node::new(area, None));
            for s in self.sectors_of(area) {
                nodes.push(Node::new(area, Some(s)));
            }
        }
        nodes.extend(
            self.locations
                .iter()
                .map(|l| Node::new(Area::SchoolLocation(l.id), Some(l.sector))),
        );
        nodes
    }

    /// How a derived node is made of base nodes: the country (or one of
    /// its sectors) when it covers all of it; per municipality the
    /// municipality node when it covers all of its schools (of the node's
    /// sector); else per (municipality, sector) that node when it covers all
    /// of its schools, else the schools it covers, with the schools of that
    /// (municipality, sector) it leaves out.
    #[must_use]
    pub fn parts(&self, node: Node) -> Vec<Part> {
        if node.is_base() {
            return vec![Part::Whole(node)];
        }
        let members = self.members(node);
        let national = Node::new(Area::National, node.sector);
        if !members.is_empty() && members.len() == self.members(national).len() {
            return vec![Part::Whole(national)];
        }
        let mut by_muni: BTreeMap<OrgId, Vec<&LocationInfo>> = BTreeMap::new();
        for l in members {
            by_muni.entry(l.municipality).or_default().push(l);
        }
        let location = |l: &LocationInfo| Node::new(Area::SchoolLocation(l.id), Some(l.sector));
        let mut out = Vec::new();
        for (m, ls) in by_muni {
            let whole = self.members(Node::new(Area::Municipality(m), node.sector));
            if whole.len() == ls.len() {
                out.push(Part::Whole(Node::new(Area::Municipality(m), node.sector)));
                continue;
            }
            for s in Sector::ALL {
                let inside: Vec<Node> = ls
                    .iter()
                    .filter(|l| l.sector == s)
                    .map(|l| location(l))
                    .collect();
                if inside.is_empty() {
                    continue;
                }
                let group = Node::new(Area::Municipality(m), Some(s));
                let outside: Vec<Node> = self
                    .members(group)
                    .into_iter()
                    .map(location)
                    .filter(|n| !inside.contains(n))
                    .collect();
                if outside.is_empty() {
                    out.push(Part::Whole(group));
                } else {
                    out.push(Part::Partial {
                        group,
                        inside,
                        outside,
                    });
                }
            }
        }
        out
    }
}

/// A piece of a derived node (see [`Hierarchy::parts`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// All of a base node.
    Whole(Node),
    /// Some schools of a (municipality, sector) node: `inside` are in the
    /// derived node, `outside` are the group's other schools.
    Partial {
        group: Node,
        inside: Vec<Node>,
        outside: Vec<Node>,
    },
}

// ---------------------------------------------------------------------------
// published figures
// ---------------------------------------------------------------------------

/// A statistic that is not a count: protected by the size of its group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stat {
    /// Median days from first signal to help (cases whose help started).
    DaysToHelpP50,
    /// 80th percentile of the same.
    DaysToHelpP80,
    /// Median days from opening an escalation to its decision.
    EscalationDaysP50,
    /// Median days the home-sitters have been at home.
    HomeSitterDaysP50,
    /// Distinct care providers active (group: pupils with youth care).
    ProvidersDistinct,
    /// Mean distinct care providers per school location with youth care
    /// involved, times ten (one decimal).
    ProvidersPerSchoolX10,
    /// Distinct care providers per 100 pupils with youth care involved.
    ProvidersPer100,
}

impl Stat {
    pub const ALL: [Stat; 7] = [
        Stat::DaysToHelpP50,
        Stat::DaysToHelpP80,
        Stat::EscalationDaysP50,
        Stat::HomeSitterDaysP50,
        Stat::ProvidersDistinct,
        Stat::ProvidersPerSchoolX10,
        Stat::ProvidersPer100,
    ];

    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Stat::DaysToHelpP50 => "days_to_help_p50",
            Stat::DaysToHelpP80 => "days_to_help_p80",
            Stat::EscalationDaysP50 => "escalation_days_p50",
            Stat::HomeSitterDaysP50 => "home_sitter_days_p50",
            Stat::ProvidersDistinct => "providers_distinct",
            Stat::ProvidersPerSchoolX10 => "providers_per_school_x10",
            Stat::ProvidersPer100 => "providers_per_100",
        }
    }

    #[must_use]
    pub fn from_code(code: &str) -> Option<Stat> {
        Stat::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Of a flow (pooled over the months of a longer period) or a stock
    /// (taken at its end).
    #[must_use]
    pub fn is_flow(self) -> bool {
        matches!(
            self,
            Stat::DaysToHelpP50 | Stat::DaysToHelpP80 | Stat::EscalationDaysP50
        )
    }
}

/// What a figure is of: a counted indicator or a statistic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quantity {
    Count(Indicator),
    Stat(Stat),
}

impl Quantity {
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Quantity::Count(i) => i.code(),
            Quantity::Stat(s) => s.code(),
        }
    }

    #[must_use]
    pub fn from_code(code: &str) -> Option<Quantity> {
        Indicator::from_code(code)
            .map(Quantity::Count)
            .or_else(|| Stat::from_code(code).map(Quantity::Stat))
    }

    #[must_use]
    pub fn is_flow(self) -> bool {
        match self {
            Quantity::Count(i) => i.is_flow(),
            Quantity::Stat(s) => s.is_flow(),
        }
    }
}

/// The counted indicators the publication makes (care providers are a
/// statistic).
#[must_use]
pub fn published_indicators() -> Vec<Indicator> {
    Indicator::ALL
        .into_iter()
        .filter(|i| *i != Indicator::CareProvidersActive)
        .collect()
}

/// The categories of an indicator: [`Category::All`] first, then its own.
#[must_use]
pub fn categories_with_all(indicator: Indicator) -> Vec<Category> {
    let mut out = vec![Category::All];
    if let Some(kind) = indicator.category_kind() {
        out.extend(kind.categories());
    }
    out
}

/// A figure with its true value. The value never leaves the server as
/// such: pages show [`Published::figure`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    pub value: u64,
    pub figure: Figure<u64>,
}

impl Published {
    /// A count of zero, shown.
    pub const ZERO: Published = Published {
        value: 0,
        figure: Figure::Shown(0),
    };

    /// A statistic of an empty group.
    pub const NO_GROUP: Published = Published {
        value: 0,
        figure: Figure::Suppressed(SuppressionReason::SmallBase),
    };

    /// What to assume when a figure is not stored: counts are zero, a
    /// statistic has no group.
    #[must_use]
    pub fn missing(quantity: Quantity) -> Published {
        match quantity {
            Quantity::Count(_) => Published::ZERO,
            Quantity::Stat(_) => Published::NO_GROUP,
        }
    }

    /// Whether storing it can be skipped ([`Published::missing`] gives it back).
    #[must_use]
    pub fn is_default_for(&self, quantity: Quantity) -> bool {
        *self == Published::missing(quantity)
    }
}

/// Where a figure sits: node, what, category.
pub type FigureKey = (Node, Quantity, Category);

/// The figures of one period.
pub type Figures = HashMap<FigureKey, Published>;

/// A derived figure: the sum of `parts`, shown only when every part is
/// shown (so it tells nothing the parts do not).
#[must_use]
pub fn derive(sdc: &Sdc, parts: &[Published]) -> Published {
    let value = parts.iter().fold(0u64, |a, p| a.saturating_add(p.value));
    let figure = if parts.iter().any(|p| p.figure.is_suppressed()) {
        Figure::Suppressed(SuppressionReason::Linked)
    } else {
        sdc.count(value)
    };
    Published { value, figure }
}

/// A share of two published counts (`part` of `whole`), in whole percent:
/// the domain's rules for shares, and hidden when either count is hidden
/// (the hidden count would follow from the share and the other).
#[must_use]
pub fn share(sdc: &Sdc, part: &Published, whole: &Published) -> Figure<u8> {
    let Ok(rate) = Rate::new(part.value, whole.value) else {
        return Figure::Suppressed(SuppressionReason::SmallBase);
    };
    match sdc.rate(rate) {
        Figure::Shown(_) if part.figure.is_suppressed() || whole.figure.is_suppressed() => {
            Figure::Suppressed(SuppressionReason::Linked)
        }
        f => f,
    }
}

/// The true count of a school location node (all categories summed for
/// [`Category::All`] of an indicator with categories).
fn location_value(facts: &MonthFacts, node: &Node, indicator: Indicator, cat: Category) -> u64 {
    let Area::SchoolLocation(id) = node.area else {
        return 0;
    };
    match (cat, indicator.category_kind()) {
        (Category::All, Some(kind)) => kind
            .categories()
            .into_iter()
            .filter_map(|c| facts.counts.get(&(id, indicator, c)))
            .sum(),
        _ => facts
            .counts
            .get(&(id, indicator, cat))
            .copied()
            .unwrap_or(0),
    }
}

fn lookup(figures: &Figures, key: &FigureKey) -> Published {
    figures
        .get(key)
        .copied()
        .unwrap_or_else(|| Published::missing(key.1))
}

// ---------------------------------------------------------------------------
// one month
// ---------------------------------------------------------------------------

/// Every figure of one month: the protected base families, the derived
/// partnership and board figures, and the statistics of every node.
///
/// # Errors
///
/// A table that cannot be built (a period that is not a month, a total over
/// 64 bits).
pub fn publish_month(
    sdc: &Sdc,
    h: &Hierarchy,
    month: Period,
    facts: &MonthFacts,
) -> Result<Figures, SdcError> {
    let mut out: Figures = HashMap::new();
    let nodes = h.nodes();
    let derived: Vec<(Node, Vec<Part>)> = nodes
        .iter()
        .filter(|n| !n.is_base())
        .map(|n| (*n, h.parts(*n)))
        .collect();
    for indicator in published_indicators() {
        let span = publish_base(sdc, h, month, facts, indicator, &mut out)?;
        let q = Quantity::Count(indicator);
        for (node, parts) in &derived {
            for cat in categories_with_all(indicator) {
                let key = |n: &Node| CellKey {
                    indicator,
                    area: n.area,
                    period: month,
                    sector: n.sector,
                    category: cat,
                };
                let mut value = 0u64;
                let mut terms: Vec<(CellKey, i64)> = Vec::new();
                // Schools are published without a breakdown by category, so
                // a category of some schools of a group never follows.
                let mut unpublished = false;
                for part in parts {
                    match part {
                        Part::Whole(n) => {
                            value = value.saturating_add(lookup(&out, &(*n, q, cat)).value);
                            terms.push((key(n), 1));
                        }
                        Part::Partial { inside, .. } => {
                            for n in inside {
                                value =
                                    value.saturating_add(location_value(facts, n, indicator, cat));
                                terms.push((key(n), 1));
                            }
                            unpublished |= cat != Category::All;
                        }
                    }
                }
                // Shown when it follows from what the base shows (then it
                // tells nothing new); hidden otherwise.
                let figure = if !unpublished && span.determines(&terms) {
                    sdc.count(value)
                } else {
                    Figure::Suppressed(SuppressionReason::Linked)
                };
                let d = Published { value, figure };
                if !d.is_default_for(q) {
                    out.insert((*node, q, cat), d);
                }
            }
        }
    }
    let durations = durations_by_location(&facts.durations);
    let mut providers: HashMap<LocationId, BTreeSet<OrgId>> = HashMap::new();
    for (l, p) in &facts.providers {
        providers.entry(*l).or_default().insert(*p);
    }
    for node in &nodes {
        let members = h.members(*node);
        let base = lookup(
            &out,
            &(
                *node,
                Quantity::Count(Indicator::PupilsWithYouthCare),
                Category::All,
            ),
        )
        .value;
        let mut stats = duration_stats(sdc, &members, &durations, false)?;
        stats.extend(provider_stats(sdc, &members, &providers, base));
        for (stat, p) in stats {
            if !p.is_default_for(Quantity::Stat(stat)) {
                out.insert((*node, Quantity::Stat(stat), Category::All), p);
            }
        }
    }
    Ok(out)
}

fn publish_base(
    sdc: &Sdc,
    h: &Hierarchy,
    month: Period,
    facts: &MonthFacts,
    indicator: Indicator,
    out: &mut Figures,
) -> Result<Span, SdcError> {
    let categorised = indicator.category_kind().is_some();
    let cats: Vec<Category> = indicator
        .category_kind()
        .map_or_else(|| vec![Category::All], CategoryKind::categories);
    let cols: Option<Vec<Coord>> =
        categorised.then(|| cats.iter().map(|c| Coord::Category(*c)).collect());
    let value = |l: &LocationInfo, c: Category| -> u64 {
        facts
            .counts
            .get(&(l.id, indicator, c))
            .copied()
            .unwrap_or(0)
    };
    let row_of = |locs: &[&LocationInfo]| -> Vec<u64> {
        cats.iter()
            .map(|c| locs.iter().map(|l| value(l, *c)).sum())
            .collect()
    };
    let key = |area: Area, sector: Option<Sector>| CellKey {
        indicator,
        area,
        period: month,
        sector,
        category: Category::All,
    };
    let all_cats = categories_with_all(indicator);
    let mut zeros: HashSet<CellKey> = HashSet::new();
    let mut add_zeros = |area: Area, sector: Option<Sector>| {
        for c in &all_cats {
            zeros.insert(CellKey {
                category: *c,
                ..key(area, sector)
            });
        }
    };
    let sector_rows: Vec<Coord> = Sector::ALL.iter().map(|s| Coord::Sector(*s)).collect();
    let mut tables = Vec::new();
    let mut national_by_sector: Vec<Vec<u64>> = vec![vec![0; cats.len()]; Sector::ALL.len()];
    let mut per_municipality: Vec<(OrgId, Vec<Vec<u64>>)> = Vec::new();
    for m in h.municipalities() {
        let area = Area::Municipality(*m);
        let members = h.members_of_area(area);
        if members.is_empty() {
            add_zeros(area, None);
        }
        let mut by_sector = Vec::new();
        for (si, s) in Sector::ALL.iter().enumerate() {
            let ls: Vec<&LocationInfo> =
                members.iter().copied().filter(|l| l.sector == *s).collect();
            let row = row_of(&ls);
            for (j, v) in row.iter().enumerate() {
                national_by_sector[si][j] += v;
            }
            by_sector.push(row);
            if ls.is_empty() {
                add_zeros(area, Some(*s));
                continue;
            }
            // Schools are listed with their totals only: a breakdown by
            // category per school per month would be nearly all small
            // counts, and leaving it out keeps the family small.
            let rows: Vec<Coord> = ls
                .iter()
                .map(|l| Coord::Area(Area::SchoolLocation(l.id)))
                .collect();
            let cells: Vec<Vec<u64>> = ls
                .iter()
                .map(|l| vec![row_of(&[*l]).iter().sum()])
                .collect();
            tables.push(Table::new(
                TableSpec::new(key(area, Some(*s)), rows, None)?,
                cells,
            )?);
        }
        tables.push(Table::new(
            TableSpec::new(key(area, None), sector_rows.clone(), cols.clone())?,
            by_sector.clone(),
        )?);
        per_municipality.push((*m, by_sector));
    }
    if !per_municipality.is_empty() {
        let rows: Vec<Coord> = per_municipality
            .iter()
            .map(|(m, _)| Coord::Area(Area::Municipality(*m)))
            .collect();
        // All sectors.
        let cells: Vec<Vec<u64>> = per_municipality
            .iter()
            .map(|(_, by_sector)| {
                (0..cats.len())
                    .map(|j| by_sector.iter().map(|r| r[j]).sum())
                    .collect()
            })
            .collect();
        tables.push(Table::new(
            TableSpec::new(key(Area::National, None), rows.clone(), cols.clone())?,
            cells,
        )?);
        // Each sector.
        for (si, s) in Sector::ALL.iter().enumerate() {
            let cells: Vec<Vec<u64>> = per_municipality
                .iter()
                .map(|(_, by_sector)| by_sector[si].clone())
                .collect();
            if h.locations().iter().all(|l| l.sector != *s) {
                add_zeros(Area::National, Some(*s));
            }
            tables.push(Table::new(
                TableSpec::new(key(Area::National, Some(*s)), rows.clone(), cols.clone())?,
                cells,
            )?);
        }
    }
    tables.push(Table::new(
        TableSpec::new(key(Area::National, None), sector_rows, cols)?,
        national_by_sector,
    )?);
    let protected = sdc.suppress_family_with(&tables, &zeros)?;
    let hidden: HashSet<CellKey> = protected
        .iter()
        .flat_map(ProtectedTable::suppressed_keys)
        .filter(|k| !zeros.contains(k))
        .collect();
    let equations: Vec<Equation> = tables.iter().flat_map(Table::equations).collect();
    let span = Span::new(&equations, &hidden);
    for (table, published) in tables.iter().zip(&protected) {
        for (k, value) in table.entries() {
            let Some(figure) = published.figure(&k) else {
                continue;
            };
            let p = Published { value, figure };
            let q = Quantity::Count(indicator);
            if !p.is_default_for(q) {
                out.insert((Node::new(k.area, k.sector), q, k.category), p);
            }
        }
    }
    Ok(span)
}

fn durations_by_location(
    durations: &[(LocationId, DurationKind, u64)],
) -> HashMap<LocationId, Vec<(DurationKind, u64)>> {
    let mut by_location: HashMap<LocationId, Vec<(DurationKind, u64)>> = HashMap::new();
    for (l, k, d) in durations {
        by_location.entry(*l).or_default().push((*k, *d));
    }
    by_location
}

/// Medians and percentiles of the durations of `members`. With `flows_only`
/// the stock durations (home-sitters) are left out.
fn duration_stats(
    sdc: &Sdc,
    members: &[&LocationInfo],
    durations: &HashMap<LocationId, Vec<(DurationKind, u64)>>,
    flows_only: bool,
) -> Result<Vec<(Stat, Published)>, SdcError> {
    let values = |kind: DurationKind| -> Vec<u64> {
        members
            .iter()
            .filter_map(|l| durations.get(&l.id))
            .flatten()
            .filter(|(k, _)| *k == kind)
            .map(|(_, d)| *d)
            .collect()
    };
    let pct = |values: &[u64], p: u8| -> Result<Published, SdcError> {
        let figure = sdc.percentile(values, p)?;
        let value = match figure {
            Figure::Shown(v) => v,
            Figure::Suppressed(_) => 0,
        };
        Ok(Published { value, figure })
    };
    let help = values(DurationKind::SignalToHelp);
    let escalation = values(DurationKind::EscalationToDecision);
    let mut out = vec![
        (Stat::DaysToHelpP50, pct(&help, 50)?),
        (Stat::DaysToHelpP80, pct(&help, 80)?),
        (Stat::EscalationDaysP50, pct(&escalation, 50)?),
    ];
    if !flows_only {
        out.push((
            Stat::HomeSitterDaysP50,
            pct(&values(DurationKind::HomeSitter), 50)?,
        ));
    }
    Ok(out)
}

fn provider_stats(
    sdc: &Sdc,
    members: &[&LocationInfo],
    providers: &HashMap<LocationId, BTreeSet<OrgId>>,
    pupils_with_youth_care: u64,
) -> Vec<(Stat, Published)> {
    let mut distinct: BTreeSet<OrgId> = BTreeSet::new();
    let mut schools = 0u64;
    let mut per_school_total = 0u64;
    for l in members {
        if let Some(set) = providers.get(&l.id).filter(|s| !s.is_empty()) {
            distinct.extend(set.iter().copied());
            schools += 1;
            per_school_total += set.len() as u64;
        }
    }
    let n = distinct.len() as u64;
    let stat = |value: u64| Published {
        value,
        figure: sdc.statistic(pupils_with_youth_care, value),
    };
    let per_school_x10 = (per_school_total * 10 + schools / 2)
        .checked_div(schools)
        .unwrap_or(0);
    let per_100 = (n * 100 + pupils_with_youth_care / 2)
        .checked_div(pupils_with_youth_care)
        .unwrap_or(0);
    if pupils_with_youth_care == 0 {
        return Vec::new();
    }
    vec![
        (Stat::ProvidersDistinct, stat(n)),
        (Stat::ProvidersPerSchoolX10, stat(per_school_x10)),
        (Stat::ProvidersPer100, stat(per_100)),
    ]
}

// ---------------------------------------------------------------------------
// quarters and school years
// ---------------------------------------------------------------------------

/// Builds the figures of a quarter or school year month by month, so only
/// one month's figures need to be in memory at a time: flows are derived
/// (the sum of the months, shown when every month is shown), stocks and
/// stock statistics are those of the last month, flow statistics are taken
/// over the pooled durations.
#[derive(Debug, Default)]
pub struct PeriodBuilder {
    /// Per flow figure: the sum of the months and whether a month hid it.
    flows: HashMap<FigureKey, (u64, bool)>,
    /// The stock figures of the last month added.
    last: Figures,
    months: usize,
}

impl PeriodBuilder {
    #[must_use]
    pub fn new() -> PeriodBuilder {
        PeriodBuilder::default()
    }

    /// Adds the next month (in time order). A figure a month does not have
    /// is a shown zero.
    pub fn add_month(&mut self, month: &Figures) {
        self.last.clear();
        for (key, p) in month {
            if matches!(key.1, Quantity::Count(i) if i.is_flow()) {
                let e = self.flows.entry(*key).or_insert((0, false));
                e.0 = e.0.saturating_add(p.value);
                e.1 |= p.figure.is_suppressed();
            } else if !key.1.is_flow() {
                self.last.insert(*key, *p);
            }
        }
        self.months += 1;
    }

    /// The figures of the period; `durations` are those of all its months.
    ///
    /// # Errors
    ///
    /// As [`Sdc::percentile`] (never with the fixed percentiles used here).
    pub fn finish(
        self,
        sdc: &Sdc,
        h: &Hierarchy,
        durations: &[(LocationId, DurationKind, u64)],
    ) -> Result<Figures, SdcError> {
        let mut out = self.last;
        if self.months == 0 {
            return Ok(out);
        }
        for (key, (value, hidden)) in self.flows {
            let figure = if hidden {
                Figure::Suppressed(SuppressionReason::Linked)
            } else {
                sdc.count(value)
            };
            let p = Published { value, figure };
            if !p.is_default_for(key.1) {
                out.insert(key, p);
            }
        }
        let durations = durations_by_location(durations);
        for node in h.nodes() {
            let members = h.members(node);
            for (stat, p) in duration_stats(sdc, &members, &durations, true)? {
                if !p.is_default_for(Quantity::Stat(stat)) {
                    out.insert((node, Quantity::Stat(stat), Category::All), p);
                }
            }
        }
        Ok(out)
    }
}

/// The figures of a quarter or school year from those of its months (in
/// time order, the months that have begun); see [`PeriodBuilder`].
///
/// # Errors
///
/// As [`PeriodBuilder::finish`].
pub fn publish_period(
    sdc: &Sdc,
    h: &Hierarchy,
    months: &[&Figures],
    durations: &[(LocationId, DurationKind, u64)],
) -> Result<Figures, SdcError> {
    let mut b = PeriodBuilder::new();
    for m in months {
        b.add_month(m);
    }
    b.finish(sdc, h, durations)
}

// ---------------------------------------------------------------------------
// codes for storage and URLs
// ---------------------------------------------------------------------------

/// The stable code of a category (`all` for [`Category::All`]).
#[must_use]
pub fn category_code(category: Category) -> &'static str {
    match category {
        Category::All => "all",
        Category::Outcome(o) => o.code(),
        Category::Lead(l) => l.code(),
        Category::Escalation(e) => e.code(),
        Category::Answer(Answer::Yes) => "yes",
        Category::Answer(Answer::No) => "no",
        Category::Duration(d) => duration_band_code(d),
    }
}

#[must_use]
pub fn duration_band_code(d: DurationBand) -> &'static str {
    match d {
        DurationBand::UpToThreeMonths => "up_to_3_months",
        DurationBand::ThreeToSixMonths => "3_to_6_months",
        DurationBand::SixToTwelveMonths => "6_to_12_months",
        DurationBand::OverTwelveMonths => "over_12_months",
    }
}

/// A category of `kind` (or [`Category::All`]) from its code.
#[must_use]
pub fn category_from_code(kind: Option<CategoryKind>, code: &str) -> Option<Category> {
    if code == "all" {
        return Some(Category::All);
    }
    let category = match kind? {
        CategoryKind::Outcome => Category::Outcome(CaseOutcome::from_code(code)?),
        CategoryKind::Lead => Category::Lead(LeadDomain::from_code(code)?),
        CategoryKind::Escalation => Category::Escalation(EscalationLevel::from_code(code)?),
        CategoryKind::Answer => match code {
            "yes" => Category::Answer(Answer::Yes),
            "no" => Category::Answer(Answer::No),
            _ => return None,
        },
        CategoryKind::Duration => CategoryKind::Duration
            .categories()
            .into_iter()
            .find(|c| category_code(*c) == code)?,
    };
    Some(category)
}

/// The code of an area, as in URLs and storage: `national`,
/// `municipality-12`, `swv-3`, `board-7`, `location-5`, `region-4`.
#[must_use]
pub fn area_code(area: Area) -> String {
    match area {
        Area::National => "national".to_owned(),
        Area::Municipality(id) => format!("municipality-{id}"),
        Area::Swv(id) => format!("swv-{id}"),
        Area::SchoolBoard(id) => format!("board-{id}"),
        Area::SchoolLocation(id) => format!("location-{id}"),
        Area::Region(id) => format!("region-{id}"),
    }
}

/// The area of a code made by [`area_code`].
#[must_use]
pub fn area_from_code(code: &str) -> Option<Area> {
    if code == "national" {
        return Some(Area::National);
    }
    let (kind, id) = code.rsplit_once('-')?;
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) || id.len() > 18 {
        return None;
    }
    let n: i64 = id.parse().ok()?;
    Some(match kind {
        "municipality" => Area::Municipality(OrgId(n)),
        "swv" => Area::Swv(OrgId(n)),
        "board" => Area::SchoolBoard(OrgId(n)),
        "location" => Area::SchoolLocation(LocationId(n)),
        "region" => Area::Region(OrgId(n)),
        _ => return None,
    })
}

/// The code of a period: `2026-11`, `2026-Q4`, `SY2026` (school year
/// 2026/27).
#[must_use]
pub fn period_code(period: Period) -> String {
    match period {
        Period::Month { year, month } => format!("{year:04}-{month:02}"),
        Period::Quarter { year, quarter } => format!("{year:04}-Q{quarter}"),
        Period::SchoolYear { start_year } => format!("SY{start_year:04}"),
    }
}

/// The period of a code made by [`period_code`].
#[must_use]
pub fn period_from_code(code: &str) -> Option<Period> {
    if let Some(y) = code.strip_prefix("SY") {
        return Period::school_year(y.parse().ok()?).ok();
    }
    let (y, rest) = code.split_once('-')?;
    let year: i16 = y.parse().ok()?;
    if let Some(q) = rest.strip_prefix('Q') {
        return Period::quarter(year, q.parse().ok()?).ok();
    }
    if rest.len() != 2 {
        return None;
    }
    Period::month(year, rest.parse().ok()?).ok()
}

#[cfg(test)]
#[path = "publication_tests.rs"]
mod tests;
