//! Statistical disclosure control: the one place where the monitor decides
//! which figures may be shown and how. See the module documentation of
//! [`crate::monitor`] for the rules and the decisions behind them.

use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

use serde::{Deserialize, Serialize};

use super::audit::{Equation, connected_equations, exactly_determined, is_determined};
use super::dimensions::{Category, CellKey, Coord, Dimension, DimensionError};
use crate::registry::Sector;

/// Shown counts are rounded to the nearest multiple of this.
pub const ROUNDING_BASE: u64 = 5;

/// The symbol for a suppressed figure in tables and exports.
pub const SUPPRESSED_SYMBOL: &str = "•";

/// Message id of the note every table with totals carries: totals are
/// rounded on their own, so the shown cells need not add up to the shown
/// total.
pub const TOTALS_ROUNDED_INDEPENDENTLY: &str = "monitor-note-totals-rounded-independently";

/// Message id of the general explanation of suppression (legend).
pub const SUPPRESSION_LEGEND: &str = "monitor-note-suppression-legend";

/// Why a figure cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SdcError {
    #[error("the disclosure threshold must be at least {min}, got {given}")]
    ThresholdTooLow { given: u64, min: u64 },
    #[error(transparent)]
    Dimension(#[from] DimensionError),
    #[error("rows and columns must run along two different dimensions")]
    SameDimension,
    #[error("all coordinates of one axis must be of one dimension")]
    MixedAxis,
    #[error("{0:?} is not a child of the table's base node in a fixed hierarchy")]
    NotAChild(Coord),
    #[error("coordinate {0:?} appears twice on one axis")]
    DuplicateCoord(Coord),
    #[error("expected {rows} rows of {cols} values")]
    Shape { rows: usize, cols: usize },
    #[error("a total does not fit in 64 bits")]
    Overflow,
    #[error("numerator {numerator} is above denominator {denominator}")]
    NumeratorAboveDenominator { numerator: u64, denominator: u64 },
    #[error("a percentile must be 1 to 100, got {0}")]
    Percentile(u8),
    #[error("figure {0:?} has different values in two linked tables")]
    ConflictingValues(CellKey),
}

// ---------------------------------------------------------------------------
// threshold, reasons, figures
// ---------------------------------------------------------------------------

/// The minimum group size: counts from 1 to `threshold - 1` are never shown,
/// and no share, median or percentile is shown for a group smaller than it.
/// At least [`Threshold::MIN`]; [`Threshold::DEFAULT`] is 10.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u64", into = "u64")]
pub struct Threshold(u64);

impl Threshold {
    /// The lowest threshold the monitor accepts.
    pub const MIN: u64 = 5;
    /// The threshold used unless configured otherwise.
    pub const DEFAULT: Threshold = Threshold(10);

    /// A threshold of `value`.
    ///
    /// # Errors
    ///
    /// [`SdcError::ThresholdTooLow`] below [`Threshold::MIN`].
    pub fn new(value: u64) -> Result<Threshold, SdcError> {
        if value < Self::MIN {
            Err(SdcError::ThresholdTooLow {
                given: value,
                min: Self::MIN,
            })
        } else {
            Ok(Threshold(value))
        }
    }

    #[must_use]
    pub fn get(self) -> u64 {
        self.0
    }
}

impl Default for Threshold {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl TryFrom<u64> for Threshold {
    type Error = SdcError;
    fn try_from(value: u64) -> Result<Self, Self::Error> {
        Threshold::new(value)
    }
}

impl From<Threshold> for u64 {
    fn from(t: Threshold) -> u64 {
        t.0
    }
}

/// Why a figure is not shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SuppressionReason {
    /// A count from 1 to threshold − 1 (primary suppression); for a share:
    /// the "yes" or the "no" group is such a count.
    SmallCount,
    /// Hidden so that a small count elsewhere in the table cannot be
    /// calculated from the totals (secondary suppression).
    Complementary,
    /// A share, median or percentile of a group smaller than the threshold.
    SmallBase,
    /// Everyone in the row or column falls in one category (group
    /// disclosure): the breakdown would tell something about each of them.
    Revealing,
    /// Hidden in a linked table (the same figure elsewhere, or a figure this
    /// one is computed from), so hidden here too.
    Linked,
}

impl SuppressionReason {
    pub const ALL: [SuppressionReason; 5] = [
        SuppressionReason::SmallCount,
        SuppressionReason::Complementary,
        SuppressionReason::SmallBase,
        SuppressionReason::Revealing,
        SuppressionReason::Linked,
    ];

    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            SuppressionReason::SmallCount => "small_count",
            SuppressionReason::Complementary => "complementary",
            SuppressionReason::SmallBase => "small_base",
            SuppressionReason::Revealing => "revealing",
            SuppressionReason::Linked => "linked",
        }
    }

    /// The Fluent message id of the explanation shown with the figure.
    #[must_use]
    pub fn message_id(self) -> &'static str {
        match self {
            SuppressionReason::SmallCount => "monitor-suppressed-small-count",
            SuppressionReason::Complementary => "monitor-suppressed-complementary",
            SuppressionReason::SmallBase => "monitor-suppressed-small-base",
            SuppressionReason::Revealing => "monitor-suppressed-revealing",
            SuppressionReason::Linked => "monitor-suppressed-linked",
        }
    }

    /// Primary reasons follow from the figure's own data; secondary ones
    /// (complementary, linked) protect other figures.
    #[must_use]
    pub fn is_primary(self) -> bool {
        matches!(
            self,
            SuppressionReason::SmallCount
                | SuppressionReason::SmallBase
                | SuppressionReason::Revealing
        )
    }
}

/// A published figure: the (rounded) value, or why it is hidden. Tables,
/// charts and exports all use this type, so they cannot disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Figure<T> {
    Shown(T),
    Suppressed(SuppressionReason),
}

impl<T> Figure<T> {
    #[must_use]
    pub fn shown(&self) -> Option<&T> {
        match self {
            Figure::Shown(v) => Some(v),
            Figure::Suppressed(_) => None,
        }
    }

    #[must_use]
    pub fn is_suppressed(&self) -> bool {
        matches!(self, Figure::Suppressed(_))
    }

    #[must_use]
    pub fn reason(&self) -> Option<SuppressionReason> {
        match self {
            Figure::Shown(_) => None,
            Figure::Suppressed(r) => Some(*r),
        }
    }
}

// ---------------------------------------------------------------------------
// rates
// ---------------------------------------------------------------------------

/// A share: `numerator` of `denominator` units have the property (the
/// numerator is a subset of the denominator).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Rate {
    numerator: u64,
    denominator: u64,
}

impl Rate {
    /// # Errors
    ///
    /// [`SdcError::NumeratorAboveDenominator`]: a share cannot exceed 100%.
    pub fn new(numerator: u64, denominator: u64) -> Result<Rate, SdcError> {
        if numerator > denominator {
            Err(SdcError::NumeratorAboveDenominator {
                numerator,
                denominator,
            })
        } else {
            Ok(Rate {
                numerator,
                denominator,
            })
        }
    }

    #[must_use]
    pub fn numerator(self) -> u64 {
        self.numerator
    }

    #[must_use]
    pub fn denominator(self) -> u64 {
        self.denominator
    }

    /// The share in whole percent, rounded half up (`None` for 0 of 0).
    #[must_use]
    pub fn percent(self) -> Option<u8> {
        if self.denominator == 0 {
            return None;
        }
        let n = u128::from(self.numerator);
        let d = u128::from(self.denominator);
        u8::try_from((200 * n + d) / (2 * d)).ok()
    }
}

// ---------------------------------------------------------------------------
// tables
// ---------------------------------------------------------------------------

/// What a table shows, before any figure is computed: a base node of the
/// fixed hierarchies and its children along one (a list) or two (a
/// cross-table) dimensions. This is the only way to ask the monitor for a
/// breakdown; there are no free filters.
///
/// The totals of an axis are part of the table when the indicator adds up
/// along that dimension ([`crate::monitor::Indicator::is_additive_over`])
/// and the children are complete: every sector, every category of the
/// indicator, every month of the base period. Area children cannot be
/// checked here: the caller must list every child area of the base area
/// (with zero rows) on an area axis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableSpec {
    base: CellKey,
    rows: Vec<Coord>,
    cols: Option<Vec<Coord>>,
    rows_add_up: bool,
    cols_add_up: bool,
}

impl TableSpec {
    /// A list (`cols: None`: one figure per row) or a cross-table.
    ///
    /// # Errors
    ///
    /// When a key or coordinate is not a node of the fixed hierarchies below
    /// `base`, an axis mixes dimensions or repeats a coordinate, or both axes
    /// run along the same dimension.
    pub fn new(
        base: CellKey,
        rows: Vec<Coord>,
        cols: Option<Vec<Coord>>,
    ) -> Result<TableSpec, SdcError> {
        base.validate()?;
        let (row_dim, rows_add_up) = check_axis(&base, &rows)?;
        let (col_dim, cols_add_up) = match &cols {
            Some(cols) => check_axis(&base, cols)?,
            None => (None, false),
        };
        if let (Some(r), Some(c)) = (row_dim, col_dim)
            && r == c
        {
            return Err(SdcError::SameDimension);
        }
        Ok(TableSpec {
            base,
            rows,
            cols,
            rows_add_up,
            cols_add_up,
        })
    }

    #[must_use]
    pub fn base(&self) -> CellKey {
        self.base
    }

    #[must_use]
    pub fn rows(&self) -> &[Coord] {
        &self.rows
    }

    /// `None` for a list.
    #[must_use]
    pub fn cols(&self) -> Option<&[Coord]> {
        self.cols.as_deref()
    }

    /// Number of values per row: the number of columns, 1 for a list.
    #[must_use]
    pub fn width(&self) -> usize {
        self.cols.as_ref().map_or(1, Vec::len)
    }

    /// Whether the rows add up to the base node (the table has column totals,
    /// or for a list a grand total).
    #[must_use]
    pub fn rows_add_up(&self) -> bool {
        self.rows_add_up
    }

    /// Whether the columns add up (the table has row totals).
    #[must_use]
    pub fn cols_add_up(&self) -> bool {
        self.cols_add_up
    }

    /// The key of cell `(row, col)` (for a list `col` is ignored).
    #[must_use]
    pub fn cell_key(&self, row: usize, col: usize) -> Option<CellKey> {
        let r = *self.rows.get(row)?;
        match &self.cols {
            None => Some(self.base.with(r)),
            Some(cols) => Some(self.base.with(r).with(*cols.get(col)?)),
        }
    }

    /// The key of row `row`'s total (the row's node).
    #[must_use]
    pub fn row_total_key(&self, row: usize) -> Option<CellKey> {
        self.rows.get(row).map(|r| self.base.with(*r))
    }

    /// The key of column `col`'s total.
    #[must_use]
    pub fn col_total_key(&self, col: usize) -> Option<CellKey> {
        self.cols.as_ref()?.get(col).map(|c| self.base.with(*c))
    }

    fn has_row_totals(&self) -> bool {
        self.cols.is_some() && self.cols_add_up
    }

    fn has_col_totals(&self) -> bool {
        self.cols.is_some() && self.rows_add_up
    }

    fn has_grand_total(&self) -> bool {
        match self.cols {
            None => self.rows_add_up,
            Some(_) => self.rows_add_up && self.cols_add_up,
        }
    }

    fn row_dimension(&self) -> Option<Dimension> {
        self.rows.first().map(|c| c.dimension())
    }

    fn col_dimension(&self) -> Option<Dimension> {
        self.cols.as_ref()?.first().map(|c| c.dimension())
    }
}

/// Checks one axis; returns its dimension and whether it adds up to the base.
fn check_axis(base: &CellKey, coords: &[Coord]) -> Result<(Option<Dimension>, bool), SdcError> {
    let Some(first) = coords.first() else {
        return Ok((None, false));
    };
    let dim = first.dimension();
    let mut seen = HashSet::new();
    for &c in coords {
        if c.dimension() != dim {
            return Err(SdcError::MixedAxis);
        }
        if !seen.insert(c) {
            return Err(SdcError::DuplicateCoord(c));
        }
        let child = match c {
            Coord::Area(a) => base.area.level().may_contain(a.level()),
            Coord::Period(p) => {
                p.validate()?;
                base.period.contains(p)
            }
            Coord::Sector(_) => base.sector.is_none(),
            Coord::Category(cat) => {
                base.category == Category::All && cat != Category::All && base.indicator.allows(cat)
            }
        };
        if !child {
            return Err(SdcError::NotAChild(c));
        }
    }
    let complete = match dim {
        Dimension::Area => true,
        Dimension::Period => {
            let kind = match first {
                Coord::Period(p) => p.kind(),
                _ => return Ok((Some(dim), false)),
            };
            base.period.children(kind).is_some_and(|children| {
                children.len() == coords.len()
                    && children.iter().all(|p| seen.contains(&Coord::Period(*p)))
            })
        }
        Dimension::Sector => {
            Sector::ALL.len() == coords.len()
                && Sector::ALL
                    .iter()
                    .all(|s| seen.contains(&Coord::Sector(*s)))
        }
        Dimension::Category => base.indicator.category_kind().is_some_and(|kind| {
            let all = kind.categories();
            all.len() == coords.len() && all.iter().all(|c| seen.contains(&Coord::Category(*c)))
        }),
    };
    Ok((Some(dim), complete && base.indicator.is_additive_over(dim)))
}

/// A table with its true counts, as computed from the cases. Never shown
/// as such: [`Sdc::suppress`] turns it into a [`ProtectedTable`].
///
/// The totals are computed here from the cells, so they are consistent with
/// the cells by construction (an "unknown" group must be a category of its
/// own, not a gap between cells and total).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    spec: TableSpec,
    cells: Vec<Vec<u64>>,
    row_totals: Option<Vec<u64>>,
    col_totals: Option<Vec<u64>>,
    grand_total: Option<u64>,
}

impl Table {
    /// `cells[row][col]` (for a list, one value per row).
    ///
    /// # Errors
    ///
    /// [`SdcError::Shape`] when the cells do not match the spec,
    /// [`SdcError::Overflow`] when a total exceeds `u64::MAX`.
    pub fn new(spec: TableSpec, cells: Vec<Vec<u64>>) -> Result<Table, SdcError> {
        let (rows, width) = (spec.rows.len(), spec.width());
        if cells.len() != rows || cells.iter().any(|r| r.len() != width) {
            return Err(SdcError::Shape { rows, cols: width });
        }
        fn sum(it: impl Iterator<Item = u64>) -> Result<u64, SdcError> {
            it.into_iter()
                .try_fold(0u64, u64::checked_add)
                .ok_or(SdcError::Overflow)
        }
        let row_totals = if spec.has_row_totals() {
            Some(
                cells
                    .iter()
                    .map(|r| sum(r.iter().copied()))
                    .collect::<Result<Vec<_>, _>>()?,
            )
        } else {
            None
        };
        let col_totals = if spec.has_col_totals() {
            Some(
                (0..width)
                    .map(|j| sum(cells.iter().filter_map(|r| r.get(j).copied())))
                    .collect::<Result<Vec<_>, _>>()?,
            )
        } else {
            None
        };
        let grand_total = if spec.has_grand_total() {
            Some(sum(cells.iter().flat_map(|r| r.iter().copied()))?)
        } else {
            None
        };
        Ok(Table {
            spec,
            cells,
            row_totals,
            col_totals,
            grand_total,
        })
    }

    /// A list: one value per row.
    ///
    /// # Errors
    ///
    /// As [`Table::new`].
    pub fn list(spec: TableSpec, values: Vec<u64>) -> Result<Table, SdcError> {
        Table::new(spec, values.into_iter().map(|v| vec![v]).collect())
    }

    #[must_use]
    pub fn spec(&self) -> &TableSpec {
        &self.spec
    }

    /// Every figure of the table with its true value: cells, row totals,
    /// column totals, grand total.
    #[must_use]
    pub fn entries(&self) -> Vec<(CellKey, u64)> {
        let layout = self.layout();
        layout.keys.into_iter().zip(layout.values).collect()
    }

    /// The additive relations between the table's figures, as an attacker
    /// would write them down.
    #[must_use]
    pub fn equations(&self) -> Vec<Equation> {
        let layout = self.layout();
        layout
            .lines
            .iter()
            .map(|l| Equation {
                total: layout.keys[l.total],
                parts: l.parts.iter().map(|&p| layout.keys[p]).collect(),
            })
            .collect()
    }

    fn layout(&self) -> Layout {
        Layout::new(self)
    }
}

/// How important a figure is to show: cells are given up before totals, the
/// grand total last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Class {
    Cell,
    Margin,
    Grand,
}

/// One additive relation inside a table, by entry index.
#[derive(Debug)]
struct Line {
    total: usize,
    parts: Vec<usize>,
    /// The parts are the categories of one group (group disclosure check).
    attribute: bool,
    /// 0: runs along a row, 1: along a column (orders the two lines of the
    /// grand total).
    tag: u8,
}

/// The extended grid of a table whose rows and columns both add up:
/// (rows + 1) × (cols + 1) with the totals in the last row and column.
#[derive(Debug)]
struct Grid {
    rows: usize,
    cols: usize,
    /// Entry index of extended position `(i, j)` at `i * (cols + 1) + j`.
    at: Vec<usize>,
}

impl Grid {
    fn entry(&self, i: usize, j: usize) -> usize {
        self.at[i * (self.cols + 1) + j]
    }
}

/// A table flattened to entries (keys, values, importance) and lines.
#[derive(Debug)]
struct Layout {
    keys: Vec<CellKey>,
    values: Vec<u64>,
    class: Vec<Class>,
    /// Sorted by (total key, tag): the order in which lines are repaired
    /// depends on keys only, never on the order of rows.
    lines: Vec<Line>,
    lines_of: Vec<Vec<usize>>,
    grid: Option<Grid>,
    /// Entry indices of cells, `cells[row * width + col]`.
    width: usize,
    rows: usize,
    row_total_base: Option<usize>,
    col_total_base: Option<usize>,
    grand: Option<usize>,
}

impl Layout {
    fn new(t: &Table) -> Layout {
        let spec = &t.spec;
        let (rows, width) = (spec.rows.len(), spec.width());
        let mut keys = Vec::new();
        let mut values = Vec::new();
        let mut class = Vec::new();
        for (i, row) in t.cells.iter().enumerate() {
            for (j, v) in row.iter().enumerate() {
                keys.push(spec.cell_key(i, j).unwrap_or(spec.base));
                values.push(*v);
                class.push(Class::Cell);
            }
        }
        let row_total_base = t.row_totals.as_ref().map(|rt| {
            let start = keys.len();
            for (i, v) in rt.iter().enumerate() {
                keys.push(spec.row_total_key(i).unwrap_or(spec.base));
                values.push(*v);
                class.push(Class::Margin);
            }
            start
        });
        let col_total_base = t.col_totals.as_ref().map(|ct| {
            let start = keys.len();
            for (j, v) in ct.iter().enumerate() {
                keys.push(spec.col_total_key(j).unwrap_or(spec.base));
                values.push(*v);
                class.push(Class::Margin);
            }
            start
        });
        let grand = t.grand_total.map(|v| {
            keys.push(spec.base);
            values.push(v);
            class.push(Class::Grand);
            keys.len() - 1
        });

        let cell = |i: usize, j: usize| i * width + j;
        let row_attr = spec.row_dimension() == Some(Dimension::Category);
        let col_attr = spec.col_dimension() == Some(Dimension::Category);
        let mut lines = Vec::new();
        match spec.cols {
            None => {
                if let Some(g) = grand {
                    lines.push(Line {
                        total: g,
                        parts: (0..rows).map(|i| cell(i, 0)).collect(),
                        attribute: row_attr,
                        tag: 1,
                    });
                }
            }
            Some(_) => {
                if let Some(rb) = row_total_base {
                    for i in 0..rows {
                        lines.push(Line {
                            total: rb + i,
                            parts: (0..width).map(|j| cell(i, j)).collect(),
                            attribute: col_attr,
                            tag: 0,
                        });
                    }
                }
                if let Some(cb) = col_total_base {
                    for j in 0..width {
                        lines.push(Line {
                            total: cb + j,
                            parts: (0..rows).map(|i| cell(i, j)).collect(),
                            attribute: row_attr,
                            tag: 1,
                        });
                    }
                }
                if let (Some(g), Some(rb), Some(cb)) = (grand, row_total_base, col_total_base) {
                    lines.push(Line {
                        total: g,
                        parts: (0..width).map(|j| cb + j).collect(),
                        attribute: col_attr,
                        tag: 0,
                    });
                    lines.push(Line {
                        total: g,
                        parts: (0..rows).map(|i| rb + i).collect(),
                        attribute: row_attr,
                        tag: 1,
                    });
                }
            }
        }
        lines.sort_by(|a, b| (keys[a.total], a.tag).cmp(&(keys[b.total], b.tag)));
        let mut lines_of = vec![Vec::new(); keys.len()];
        for (l, line) in lines.iter().enumerate() {
            lines_of[line.total].push(l);
            for &p in &line.parts {
                lines_of[p].push(l);
            }
        }

        let grid = match (spec.cols.is_some(), row_total_base, col_total_base, grand) {
            (true, Some(rb), Some(cb), Some(g)) => {
                let mut at = Vec::with_capacity((rows + 1) * (width + 1));
                for i in 0..=rows {
                    for j in 0..=width {
                        at.push(match (i < rows, j < width) {
                            (true, true) => cell(i, j),
                            (true, false) => rb + i,
                            (false, true) => cb + j,
                            (false, false) => g,
                        });
                    }
                }
                Some(Grid {
                    rows,
                    cols: width,
                    at,
                })
            }
            _ => None,
        };

        Layout {
            keys,
            values,
            class,
            lines,
            lines_of,
            grid,
            width,
            rows,
            row_total_base,
            col_total_base,
            grand,
        }
    }

    /// The order in which complementary candidates are taken: non-zero
    /// before zero (a hidden zero protects only one way: it cannot go
    /// down), cells before totals, smallest first, then by key.
    fn cost(&self, e: usize) -> (bool, Class, u64, CellKey) {
        (
            self.values[e] == 0,
            self.class[e],
            self.values[e],
            self.keys[e],
        )
    }
}

/// A table as published: every figure shown rounded or suppressed with a
/// reason. Same shape as the [`Table`] it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProtectedTable {
    spec: TableSpec,
    cells: Vec<Vec<Figure<u64>>>,
    row_totals: Option<Vec<Figure<u64>>>,
    col_totals: Option<Vec<Figure<u64>>>,
    grand_total: Option<Figure<u64>>,
    #[serde(skip)]
    index: HashMap<CellKey, Figure<u64>>,
}

impl ProtectedTable {
    #[must_use]
    pub fn spec(&self) -> &TableSpec {
        &self.spec
    }

    /// `cells()[row][col]` (for a list one figure per row).
    #[must_use]
    pub fn cells(&self) -> &[Vec<Figure<u64>>] {
        &self.cells
    }

    #[must_use]
    pub fn cell(&self, row: usize, col: usize) -> Option<Figure<u64>> {
        self.cells.get(row)?.get(col).copied()
    }

    /// Row totals, when the columns add up.
    #[must_use]
    pub fn row_totals(&self) -> Option<&[Figure<u64>]> {
        self.row_totals.as_deref()
    }

    /// Column totals (for a cross-table), when the rows add up.
    #[must_use]
    pub fn col_totals(&self) -> Option<&[Figure<u64>]> {
        self.col_totals.as_deref()
    }

    /// The base node's figure, when both axes add up (a list: the rows).
    #[must_use]
    pub fn grand_total(&self) -> Option<Figure<u64>> {
        self.grand_total
    }

    /// The figure of `key`, if the table contains it.
    #[must_use]
    pub fn figure(&self, key: &CellKey) -> Option<Figure<u64>> {
        self.index.get(key).copied()
    }

    /// Every figure with its key, in no particular order.
    pub fn entries(&self) -> impl Iterator<Item = (CellKey, Figure<u64>)> + '_ {
        self.index.iter().map(|(k, f)| (*k, *f))
    }

    /// The keys of every suppressed figure.
    #[must_use]
    pub fn suppressed_keys(&self) -> HashSet<CellKey> {
        self.entries()
            .filter(|(_, f)| f.is_suppressed())
            .map(|(k, _)| k)
            .collect()
    }
}

// ---------------------------------------------------------------------------
// the control itself
// ---------------------------------------------------------------------------

/// The disclosure control, configured with a threshold. Pure and
/// deterministic: the same input gives the same output, whatever the order
/// of rows, columns or linked tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sdc {
    threshold: Threshold,
}

/// The per-figure reasons of one table, before rounding.
type State = Vec<Option<SuppressionReason>>;

impl Sdc {
    #[must_use]
    pub fn new(threshold: Threshold) -> Sdc {
        Sdc { threshold }
    }

    #[must_use]
    pub fn threshold(&self) -> Threshold {
        self.threshold
    }

    /// A count from 1 to threshold − 1.
    #[must_use]
    pub fn is_small(&self, count: u64) -> bool {
        count > 0 && count < self.threshold.0
    }

    /// The value shown for a count that may be shown (0 or at least the
    /// threshold): the nearest multiple of 5 (remainder 0-2 down, 3-4 up;
    /// no ties since 5 is odd), but never below the threshold rounded up to
    /// a multiple of 5, so a shown count is never in 1..threshold and a
    /// count of at least the threshold is never shown as 0.
    fn rounded(&self, count: u64) -> u64 {
        if count == 0 {
            return 0;
        }
        let (q, r) = (count / ROUNDING_BASE, count % ROUNDING_BASE);
        let nearest = if r * 2 > ROUNDING_BASE {
            q.saturating_add(1).saturating_mul(ROUNDING_BASE)
        } else {
            q * ROUNDING_BASE
        };
        let floor = self
            .threshold
            .0
            .div_ceil(ROUNDING_BASE)
            .saturating_mul(ROUNDING_BASE);
        nearest.max(floor)
    }

    /// A single count outside any table.
    #[must_use]
    pub fn count(&self, count: u64) -> Figure<u64> {
        if self.is_small(count) {
            Figure::Suppressed(SuppressionReason::SmallCount)
        } else {
            Figure::Shown(self.rounded(count))
        }
    }

    /// A single count that also appears in linked tables: hidden when hidden
    /// there.
    #[must_use]
    pub fn linked_count(
        &self,
        key: &CellKey,
        count: u64,
        suppressed: &HashSet<CellKey>,
    ) -> Figure<u64> {
        match self.count(count) {
            Figure::Shown(_) if suppressed.contains(key) => {
                Figure::Suppressed(SuppressionReason::Linked)
            }
            f => f,
        }
    }

    /// A share in whole percent (rounded half up). Suppressed when the base
    /// is under the threshold ([`SuppressionReason::SmallBase`]); when the
    /// "yes" or the "no" group is a count from 1 to threshold − 1
    /// ([`SuppressionReason::SmallCount`]: both groups are groups of
    /// children, and either count follows from the share and the base); and
    /// when it is exactly 0% or 100% ([`SuppressionReason::Revealing`]:
    /// everyone falls in one category, as for tables).
    #[must_use]
    pub fn rate(&self, rate: Rate) -> Figure<u8> {
        if rate.denominator < self.threshold.0 {
            return Figure::Suppressed(SuppressionReason::SmallBase);
        }
        if self.is_small(rate.numerator) || self.is_small(rate.denominator - rate.numerator) {
            return Figure::Suppressed(SuppressionReason::SmallCount);
        }
        if rate.numerator == 0 || rate.numerator == rate.denominator {
            return Figure::Suppressed(SuppressionReason::Revealing);
        }
        match rate.percent() {
            Some(p) => Figure::Shown(p),
            None => Figure::Suppressed(SuppressionReason::SmallBase),
        }
    }

    /// A share whose numerator and denominator are figures of linked tables:
    /// also hidden ([`SuppressionReason::Linked`]) when either is hidden
    /// there, since numerator = share × base would give the hidden count
    /// back.
    #[must_use]
    pub fn linked_rate(
        &self,
        rate: Rate,
        numerator: &CellKey,
        denominator: &CellKey,
        suppressed: &HashSet<CellKey>,
    ) -> Figure<u8> {
        match self.rate(rate) {
            Figure::Shown(_)
                if suppressed.contains(numerator) || suppressed.contains(denominator) =>
            {
                Figure::Suppressed(SuppressionReason::Linked)
            }
            f => f,
        }
    }

    /// A statistic (median, mean, percentile) of a group: shown only when the
    /// group has at least threshold members.
    #[must_use]
    pub fn statistic<T>(&self, group_size: u64, value: T) -> Figure<T> {
        if group_size < self.threshold.0 {
            Figure::Suppressed(SuppressionReason::SmallBase)
        } else {
            Figure::Shown(value)
        }
    }

    /// The `pct`-th percentile (nearest rank: the smallest value with at
    /// least `pct`% of the group at or below it; the median is `pct = 50`,
    /// the lower middle value for an even group) of `values`, shown only
    /// when there are at least threshold values.
    ///
    /// # Errors
    ///
    /// [`SdcError::Percentile`] when `pct` is not 1..=100.
    pub fn percentile(&self, values: &[u64], pct: u8) -> Result<Figure<u64>, SdcError> {
        if pct == 0 || pct > 100 {
            return Err(SdcError::Percentile(pct));
        }
        let n = values.len();
        if (n as u128) < u128::from(self.threshold.0) {
            return Ok(Figure::Suppressed(SuppressionReason::SmallBase));
        }
        let mut sorted = values.to_vec();
        sorted.sort_unstable();
        let rank = (u128::from(pct) * n as u128).div_ceil(100);
        let index = usize::try_from(rank.saturating_sub(1)).unwrap_or(0);
        Ok(sorted.get(index).copied().map_or(
            Figure::Suppressed(SuppressionReason::SmallBase),
            Figure::Shown,
        ))
    }

    /// The text of a count in a table or export: the rounded number,
    /// `< threshold` for a small count, [`SUPPRESSED_SYMBOL`] otherwise.
    #[must_use]
    pub fn count_text(&self, figure: &Figure<u64>) -> String {
        match figure {
            Figure::Shown(v) => v.to_string(),
            Figure::Suppressed(SuppressionReason::SmallCount) => format!("< {}", self.threshold.0),
            Figure::Suppressed(_) => SUPPRESSED_SYMBOL.to_string(),
        }
    }

    /// Protects one table. `already_suppressed` holds the keys suppressed in
    /// linked tables; those are suppressed here too
    /// ([`SuppressionReason::Linked`]) and protected like any other hidden
    /// figure. Returns the published table and every key it suppresses, so
    /// callers can iterate over linked tables ([`Sdc::suppress_linked`] does
    /// that).
    #[must_use]
    pub fn suppress(
        &self,
        table: &Table,
        already_suppressed: &HashSet<CellKey>,
    ) -> (ProtectedTable, HashSet<CellKey>) {
        let protected = self.protect(table, &HashMap::new(), &HashSet::new(), already_suppressed);
        let keys = protected.suppressed_keys();
        (protected, keys)
    }

    /// Protects a family of linked tables together (a municipality table, an
    /// SWV table and the national table sharing figures; the same figures by
    /// month, quarter and school year): a figure hidden in one table is
    /// hidden in every table that contains it, iterated to a fixed point,
    /// and then the equations of all tables together are checked with an
    /// exact linear solver ([`exactly_determined`]); any hidden figure they
    /// pin down gets an extra complementary suppression and the whole is
    /// iterated again. Returns the tables in the given order.
    ///
    /// # Errors
    ///
    /// [`SdcError::ConflictingValues`] when one key has two different values
    /// in two tables (the tables were not computed from the same data, and
    /// the difference itself could disclose).
    pub fn suppress_linked(&self, tables: &[Table]) -> Result<Vec<ProtectedTable>, SdcError> {
        let layouts: Vec<Layout> = tables.iter().map(Table::layout).collect();
        let mut values: HashMap<CellKey, u64> = HashMap::new();
        let mut class: HashMap<CellKey, Class> = HashMap::new();
        for layout in &layouts {
            for (e, key) in layout.keys.iter().enumerate() {
                if let Some(old) = values.insert(*key, layout.values[e])
                    && old != layout.values[e]
                {
                    return Err(SdcError::ConflictingValues(*key));
                }
                let c = class.entry(*key).or_insert(layout.class[e]);
                *c = (*c).min(layout.class[e]);
            }
        }
        let equations: Vec<Equation> = tables.iter().flat_map(Table::equations).collect();

        let mut priors: Vec<HashMap<CellKey, SuppressionReason>> =
            vec![HashMap::new(); tables.len()];
        let mut forced: HashSet<CellKey> = HashSet::new();
        let mut suppressed: HashSet<CellKey> = HashSet::new();
        let mut given_up: HashSet<CellKey> = HashSet::new();
        loop {
            // Propagate across tables to a fixed point. Every table sees the
            // same set each round, so the result does not depend on the
            // order of the tables; the set only grows, so this ends.
            let results = loop {
                let results: Vec<ProtectedTable> = tables
                    .iter()
                    .zip(&priors)
                    .map(|(t, prior)| self.protect(t, prior, &forced, &suppressed))
                    .collect();
                let mut grew = false;
                for (result, prior) in results.iter().zip(priors.iter_mut()) {
                    for (key, figure) in result.entries() {
                        if let Figure::Suppressed(reason) = figure {
                            prior.entry(key).or_insert(reason);
                            grew |= suppressed.insert(key);
                        }
                    }
                }
                if !grew {
                    break results;
                }
            };
            if tables.len() < 2 {
                // One table: the grid repair already makes every hidden
                // figure undetermined (see `fix_one_bridge`).
                return Ok(results);
            }

            let determined = exactly_determined(&equations, &suppressed);
            let Some(target) = determined.into_iter().find(|k| !given_up.contains(k)) else {
                return Ok(results);
            };
            let cost = |k: &CellKey| {
                let v = values.get(k).copied().unwrap_or(0);
                (v == 0, class.get(k).copied().unwrap_or(Class::Cell), v, *k)
            };
            // Candidates: the visible figures of every equation connected to
            // the target through hidden figures (the determining combination
            // of equations lies among them), cheapest first. Take the first
            // that makes the target undetermined; if none does on its own,
            // hide the cheapest figure next to the target and look again.
            let around = connected_equations(&equations, &suppressed, &target);
            let visible = |eqs: &mut dyn Iterator<Item = &Equation>| -> Vec<CellKey> {
                let mut keys: Vec<CellKey> = eqs
                    .flat_map(|eq| eq.keys().copied().collect::<Vec<_>>())
                    .filter(|k| !suppressed.contains(k))
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect();
                keys.sort_by_key(|k| cost(k));
                keys
            };
            let candidates = visible(&mut around.iter());
            let neighbours =
                visible(&mut around.iter().filter(|eq| eq.keys().any(|k| *k == target)));
            let breaking = candidates.iter().copied().find(|c| {
                let mut trial = suppressed.clone();
                trial.insert(*c);
                !is_determined(&equations, &trial, &target)
            });
            let Some(choice) = breaking
                .or_else(|| neighbours.first().copied())
                .or_else(|| candidates.first().copied())
            else {
                // Every figure around it is hidden already and the equations
                // still pin it down (only possible when totals disagree with
                // their parts, which tables built here cannot). Nothing more
                // to hide.
                given_up.insert(target);
                continue;
            };
            forced.insert(choice);
        }
    }

    /// Protects a large family of linked tables (a whole publication: every
    /// area of the country for one indicator and month) with the same
    /// guarantees as [`Sdc::suppress_linked`], in time that grows with the
    /// family instead of with the number of hidden figures times the family:
    ///
    /// - the propagation only re-protects the tables that contain a figure
    ///   hidden in the previous round (each round sees the same set of
    ///   hidden figures, so the result does not depend on the order of the
    ///   tables);
    /// - the exact check across tables ([`exactly_determined`]) is repaired
    ///   in batches: every hidden figure the equations pin down gets, in one
    ///   round, the cheapest visible figure of an equation it is in as an
    ///   extra complementary suppression; then propagation and the check run
    ///   again, until no hidden figure is determined.
    ///
    /// It may hide a few more figures than [`Sdc::suppress_linked`] (which
    /// tries the complements one at a time), never fewer than needed: at
    /// the end no hidden figure of any table is determined by the equations
    /// of all tables together, except ones no visible figure around them
    /// could protect (only possible when totals disagree with their parts,
    /// which tables built with [`Table::new`] cannot).
    ///
    /// # Errors
    ///
    /// [`SdcError::ConflictingValues`] as for [`Sdc::suppress_linked`].
    pub fn suppress_family(&self, tables: &[Table]) -> Result<Vec<ProtectedTable>, SdcError> {
        self.suppress_family_with(tables, &HashSet::new())
    }

    /// [`Sdc::suppress_family`] for tables with *structural zeros*: figures
    /// everyone knows are 0 without reading the table (the SO pupils of a
    /// municipality without an SO school). Hiding such a figure protects
    /// nothing, so the exact check treats them as known and never takes one
    /// as an extra complement.
    ///
    /// # Errors
    ///
    /// [`SdcError::ConflictingValues`] as for [`Sdc::suppress_linked`].
    pub fn suppress_family_with(
        &self,
        tables: &[Table],
        known_zeros: &HashSet<CellKey>,
    ) -> Result<Vec<ProtectedTable>, SdcError> {
        let mut values: HashMap<CellKey, u64> = HashMap::new();
        let mut class: HashMap<CellKey, Class> = HashMap::new();
        let mut tables_of: HashMap<CellKey, Vec<usize>> = HashMap::new();
        for (t, table) in tables.iter().enumerate() {
            let layout = table.layout();
            for (e, key) in layout.keys.iter().enumerate() {
                if let Some(old) = values.insert(*key, layout.values[e])
                    && old != layout.values[e]
                {
                    return Err(SdcError::ConflictingValues(*key));
                }
                let c = class.entry(*key).or_insert(layout.class[e]);
                *c = (*c).min(layout.class[e]);
                let list = tables_of.entry(*key).or_default();
                if list.last() != Some(&t) {
                    list.push(t);
                }
            }
        }
        let equations: Vec<Equation> = tables.iter().flat_map(Table::equations).collect();
        let mut equations_of: HashMap<CellKey, Vec<usize>> = HashMap::new();
        for (i, eq) in equations.iter().enumerate() {
            for k in eq.keys() {
                let list = equations_of.entry(*k).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        let cost = |k: &CellKey| {
            let v = values.get(k).copied().unwrap_or(0);
            (v == 0, class.get(k).copied().unwrap_or(Class::Cell), v, *k)
        };

        let mut priors: Vec<HashMap<CellKey, SuppressionReason>> =
            vec![HashMap::new(); tables.len()];
        let mut results: Vec<Option<ProtectedTable>> = vec![None; tables.len()];
        let mut forced: HashSet<CellKey> = HashSet::new();
        let mut suppressed: HashSet<CellKey> = HashSet::new();
        let mut given_up: HashSet<CellKey> = HashSet::new();
        let mut dirty: BTreeSet<usize> = (0..tables.len()).collect();
        loop {
            while !dirty.is_empty() {
                let round = std::mem::take(&mut dirty);
                let mut hidden_now: Vec<CellKey> = Vec::new();
                for t in round {
                    let result = self.protect(&tables[t], &priors[t], &forced, &suppressed);
                    for (key, figure) in result.entries() {
                        if let Figure::Suppressed(reason) = figure {
                            priors[t].entry(key).or_insert(reason);
                            if !suppressed.contains(&key) {
                                hidden_now.push(key);
                            }
                        }
                    }
                    results[t] = Some(result);
                }
                for key in hidden_now {
                    if suppressed.insert(key) {
                        dirty.extend(tables_of.get(&key).into_iter().flatten().copied());
                    }
                }
            }
            if tables.len() < 2 {
                break;
            }
            let unknown: HashSet<CellKey> = suppressed
                .iter()
                .filter(|k| !known_zeros.contains(k))
                .copied()
                .collect();
            let targets: Vec<CellKey> = exactly_determined(&equations, &unknown)
                .into_iter()
                .filter(|k| !given_up.contains(k))
                .collect();
            if targets.is_empty() {
                break;
            }
            for target in targets {
                // The cheapest visible figure next to the target; when every
                // figure next to it is hidden, the cheapest one further out
                // (the equations reachable through hidden figures, where the
                // determining combination lies).
                let visible = |k: &&CellKey| !suppressed.contains(*k) && !known_zeros.contains(*k);
                let near = equations_of
                    .get(&target)
                    .into_iter()
                    .flatten()
                    .flat_map(|&i| equations[i].keys())
                    .filter(visible)
                    .min_by_key(|k| cost(k))
                    .copied();
                let choice = near.or_else(|| {
                    connected_equations(&equations, &unknown, &target)
                        .iter()
                        .flat_map(|eq| eq.keys().copied().collect::<Vec<_>>())
                        .filter(|k| visible(&k))
                        .min_by_key(cost)
                });
                match choice {
                    Some(key) => {
                        if forced.insert(key) {
                            dirty.extend(tables_of.get(&key).into_iter().flatten().copied());
                        }
                    }
                    None => {
                        given_up.insert(target);
                    }
                }
            }
            if dirty.is_empty() {
                break;
            }
        }
        Ok(results
            .into_iter()
            .zip(tables)
            .map(|(r, t)| {
                r.unwrap_or_else(|| self.protect(t, &HashMap::new(), &forced, &suppressed))
            })
            .collect())
    }

    /// Protects one table given the reasons this table already gave (in an
    /// earlier round of [`Sdc::suppress_linked`]), keys that must be hidden
    /// as complementary, and keys hidden in linked tables.
    fn protect(
        &self,
        table: &Table,
        prior: &HashMap<CellKey, SuppressionReason>,
        forced: &HashSet<CellKey>,
        linked: &HashSet<CellKey>,
    ) -> ProtectedTable {
        let layout = table.layout();
        let n = layout.keys.len();
        let mut state: State = vec![None; n];

        // Primary: small counts.
        for (slot, value) in state.iter_mut().zip(&layout.values) {
            if self.is_small(*value) {
                *slot = Some(SuppressionReason::SmallCount);
            }
        }
        // Primary: group disclosure. A line over the categories of one group
        // with a positive total and exactly one non-zero category: all its
        // category figures go (the zeros too, or the total minus the zeros
        // gives the one category back). The total (the group size) stays.
        for line in &layout.lines {
            if !line.attribute || line.parts.len() < 2 || layout.values[line.total] == 0 {
                continue;
            }
            let nonzero = line.parts.iter().filter(|&&p| layout.values[p] > 0).count();
            if nonzero == 1 {
                for &p in &line.parts {
                    if state[p].is_none() {
                        state[p] = Some(SuppressionReason::Revealing);
                    }
                }
            }
        }
        // Earlier rounds, extra complementary, linked.
        for (slot, key) in state.iter_mut().zip(&layout.keys) {
            if slot.is_some() {
                continue;
            }
            if let Some(r) = prior.get(key) {
                *slot = Some(*r);
            } else if forced.contains(key) {
                *slot = Some(SuppressionReason::Complementary);
            } else if linked.contains(key) {
                *slot = Some(SuppressionReason::Linked);
            }
        }

        secondary(&layout, &mut state);

        let figure = |e: usize| match state[e] {
            Some(reason) => Figure::Suppressed(reason),
            None => Figure::Shown(self.rounded(layout.values[e])),
        };
        let cells: Vec<Vec<Figure<u64>>> = (0..layout.rows)
            .map(|i| {
                (0..layout.width)
                    .map(|j| figure(i * layout.width + j))
                    .collect()
            })
            .collect();
        let row_totals = layout
            .row_total_base
            .map(|b| (0..layout.rows).map(|i| figure(b + i)).collect());
        let col_totals = layout
            .col_total_base
            .map(|b| (0..layout.width).map(|j| figure(b + j)).collect());
        let grand_total = layout.grand.map(figure);
        let index = (0..n).map(|e| (layout.keys[e], figure(e))).collect();
        ProtectedTable {
            spec: table.spec.clone(),
            cells,
            row_totals,
            col_totals,
            grand_total,
            index,
        }
    }
}

/// Secondary (complementary) suppression to a fixed point: every line has 0
/// or at least 2 hidden figures, and in a grid no hidden figure can be
/// solved from any combination of rows and columns.
fn secondary(layout: &Layout, state: &mut State) {
    loop {
        line_rule(layout, state);
        match &layout.grid {
            Some(grid) if fix_one_bridge(layout, grid, state) => {}
            _ => return,
        }
    }
}

/// Every line (total and parts) with exactly one hidden figure gets a
/// second: its cheapest visible member ([`Layout::cost`]). Lines are visited
/// in key order from a work queue; a new suppression requeues the lines it
/// is in.
fn line_rule(layout: &Layout, state: &mut State) {
    let mut queue: BTreeSet<usize> = (0..layout.lines.len()).collect();
    while let Some(l) = queue.pop_first() {
        let line = &layout.lines[l];
        let members = || std::iter::once(line.total).chain(line.parts.iter().copied());
        if members().filter(|&e| state[e].is_some()).count() != 1 {
            continue;
        }
        let best = members()
            .filter(|&e| state[e].is_none())
            .min_by_key(|&e| layout.cost(e));
        if let Some(e) = best {
            state[e] = Some(SuppressionReason::Complementary);
            queue.extend(layout.lines_of[e].iter().copied());
        }
    }
}

/// In a grid where every row and column (with the totals as an extra row
/// and column, signs flipped) sums to zero, the hidden figures that an
/// attacker can solve exactly are precisely the bridges of the bipartite
/// graph (rows and columns as nodes, hidden figures as edges): any other
/// hidden figure lies on a cycle, and moving +d, -d around the cycle keeps
/// every row and column sum, so its value is not fixed. Finds the bridge
/// with the smallest key and hides the cheapest visible figure that closes a
/// cycle through it (a row on one side, a column on the other). Returns
/// whether it changed anything.
fn fix_one_bridge(layout: &Layout, grid: &Grid, state: &mut State) -> bool {
    let (r, c) = (grid.rows, grid.cols);
    let nodes = r + 1 + c + 1;
    let col_node = |j: usize| r + 1 + j;
    let mut edges: Vec<(usize, usize, usize)> = Vec::new();
    for i in 0..=r {
        for j in 0..=c {
            let e = grid.entry(i, j);
            if state[e].is_some() {
                edges.push((i, col_node(j), e));
            }
        }
    }
    let mut bridges: Vec<usize> = find_bridges(nodes, &edges);
    bridges.sort_by_key(|&b| layout.keys[edges[b].2]);
    let mut adjacency: Vec<Vec<(usize, usize)>> = vec![Vec::new(); nodes];
    for (id, &(u, v, _)) in edges.iter().enumerate() {
        adjacency[u].push((v, id));
        adjacency[v].push((u, id));
    }
    for b in bridges {
        let (u, v, _) = edges[b];
        let side_u = reach(&adjacency, u, b);
        let side_v = reach(&adjacency, v, b);
        let split = |side: &[bool]| -> (Vec<usize>, Vec<usize>) {
            let rows = (0..=r).filter(|&i| side[i]).collect();
            let cols = (0..=c).filter(|&j| side[col_node(j)]).collect();
            (rows, cols)
        };
        let (rows_u, cols_u) = split(&side_u);
        let (rows_v, cols_v) = split(&side_v);
        let candidates = rows_u
            .iter()
            .flat_map(|&i| cols_v.iter().map(move |&j| (i, j)))
            .chain(
                rows_v
                    .iter()
                    .flat_map(|&i| cols_u.iter().map(move |&j| (i, j))),
            )
            .map(|(i, j)| grid.entry(i, j))
            .filter(|&e| state[e].is_none());
        if let Some(best) = candidates.min_by(|&a, &b| cmp_cost(layout, a, b)) {
            state[best] = Some(SuppressionReason::Complementary);
            return true;
        }
    }
    false
}

fn cmp_cost(layout: &Layout, a: usize, b: usize) -> Ordering {
    layout.cost(a).cmp(&layout.cost(b))
}

/// Nodes reachable from `start` without edge `skip`.
fn reach(adjacency: &[Vec<(usize, usize)>], start: usize, skip: usize) -> Vec<bool> {
    let mut seen = vec![false; adjacency.len()];
    let mut queue = VecDeque::from([start]);
    seen[start] = true;
    while let Some(u) = queue.pop_front() {
        for &(v, id) in &adjacency[u] {
            if id != skip && !seen[v] {
                seen[v] = true;
                queue.push_back(v);
            }
        }
    }
    seen
}

/// The bridges (edge ids) of an undirected simple graph, by Tarjan's
/// low-link, iteratively (no recursion depth limit on huge tables).
fn find_bridges(nodes: usize, edges: &[(usize, usize, usize)]) -> Vec<usize> {
    let mut adjacency: Vec<Vec<(usize, usize)>> = vec![Vec::new(); nodes];
    for (id, &(u, v, _)) in edges.iter().enumerate() {
        adjacency[u].push((v, id));
        adjacency[v].push((u, id));
    }
    let mut disc = vec![usize::MAX; nodes];
    let mut low = vec![0usize; nodes];
    let mut time = 0usize;
    let mut bridges = Vec::new();
    for root in 0..nodes {
        if disc[root] != usize::MAX {
            continue;
        }
        // (node, edge used to enter it, next adjacency index)
        let mut stack: Vec<(usize, usize, usize)> = vec![(root, usize::MAX, 0)];
        disc[root] = time;
        low[root] = time;
        time += 1;
        while let Some(top) = stack.last_mut() {
            let (u, parent_edge, next) = *top;
            if let Some(&(v, id)) = adjacency[u].get(next) {
                top.2 += 1;
                if id == parent_edge {
                    continue;
                }
                if disc[v] == usize::MAX {
                    disc[v] = time;
                    low[v] = time;
                    time += 1;
                    stack.push((v, id, 0));
                } else {
                    low[u] = low[u].min(disc[v]);
                }
            } else {
                stack.pop();
                if let Some(&(p, _, _)) = stack.last() {
                    low[p] = low[p].min(low[u]);
                    if low[u] > disc[p] {
                        bridges.push(parent_edge);
                    }
                }
            }
        }
    }
    bridges
}
