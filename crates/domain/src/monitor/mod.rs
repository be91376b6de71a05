//! The monitor's statistical disclosure control (SDC): the one place in Brug
//! that decides which figures about children may be published, and how.
//! Dashboards, charts, the comparison tables, CSV exports and the printed
//! quarterly report all take their figures from here ([`Figure`]), so they
//! cannot disagree and none of them can bypass the rules.
//!
//! Pure and deterministic: no I/O, no clock, no randomness; the same input
//! gives the same output whatever the order of rows, columns or tables, and
//! no input (any `u64`, empty tables, single cells, huge tables) panics.
//!
//! # What can be asked: fixed hierarchies only
//!
//! A figure is named by a [`CellKey`]: an [`Indicator`] in one node of each
//! fixed hierarchy: [`Area`] (school location, school board, SWV,
//! municipality, region, national), [`Period`] (month, quarter, school
//! year), sector, and the indicator's own [`Category`] (outcome, lead,
//! escalation level, yes/no, duration band). A table ([`TableSpec`]) is a
//! base node plus its children along one or two dimensions ([`Coord`]). No
//! free filters exist, so no query can cut out a group smaller than the
//! hierarchies allow, and every figure that can be asked for passes through
//! the rules below.
//!
//! # The rules (the output-checking rules of statistical offices)
//!
//! 1. **Threshold.** No count from 1 to threshold − 1 is shown
//!    ([`SuppressionReason::SmallCount`]). The threshold is 10 by default,
//!    configurable, and [`Threshold::new`] refuses anything below 5.
//! 2. **Zeros are shown as 0.** A true zero ("no home-sitters at this
//!    school") tells nothing about any child. The one way a zero does
//!    disclose, by showing that everyone else is in the one remaining
//!    category, is handled by rule 6, which hides the zeros of such a row
//!    too.
//! 3. **Rounding.** A shown count is rounded to the nearest multiple of
//!    [`ROUNDING_BASE`] (5): remainder 0-2 down, 3-4 up (5 is odd, so there
//!    are no ties). A count at or above the threshold is never shown below
//!    the threshold rounded up to a multiple of 5 (with the default 10 this
//!    never applies; with threshold 12 a true 12 shows as 15), so no shown
//!    count lies in 1..threshold and none is shown as 0. **Totals are
//!    rounded independently** of their cells, so shown cells need not add
//!    up to the shown total; every table with totals carries the note
//!    [`TOTALS_ROUNDED_INDEPENDENTLY`]. Rounding is a second line of
//!    defence only: the protection below assumes the attacker knows every
//!    shown figure exactly.
//! 4. **Complementary suppression.** Totals are part of the table (computed
//!    from the cells, so they always add up). In every row and column,
//!    totals included, the number of hidden figures is 0 or at least 2,
//!    repaired to a fixed point by hiding the cheapest visible figure of the
//!    line ([`SuppressionReason::Complementary`]). "Cheapest" is
//!    deterministic: a non-zero figure before a zero (a hidden zero cannot
//!    go down, so it protects only one way), a cell before a total, the grand
//!    total last, then the smallest value, then the smallest key (never the
//!    position, so reordering rows changes nothing). Two per line stops the
//!    one-unknown differencing attack but not a solver that combines rows and
//!    columns (two rectangles of hidden cells joined by one hidden cell: the
//!    joining cell follows from rows minus columns). So in a table whose
//!    rows and columns both add up, the control also makes sure no hidden
//!    figure is a *bridge* of the graph of hidden figures (rows and columns
//!    as nodes): a hidden figure on a cycle can move by +d/−d around the
//!    cycle without changing any total, so it cannot be solved; a bridge
//!    can. Each bridge gets a complementary figure that closes a cycle
//!    through it. This makes every hidden figure of a single table
//!    unrecoverable by any linear combination of its equations.
//! 5. **Linked tables.** The same [`CellKey`] is the same figure in every
//!    table (a municipality's count in the municipality table, the SWV
//!    table, the national table; month, quarter, school year). Primary
//!    suppression depends only on the figure's data, so it is the same
//!    everywhere. [`Sdc::suppress`] takes the keys hidden elsewhere and hides
//!    them here too ([`SuppressionReason::Linked`]), then repairs this table
//!    around them and returns what it hid; [`Sdc::suppress_linked`] iterates
//!    a family of tables to a fixed point, then checks the equations of all
//!    tables together with an exact solver ([`audit::exactly_determined`])
//!    and adds complementary suppressions until no hidden figure is
//!    determined across tables either.
//! 6. **Revealing rows (group disclosure).** A row or column over the
//!    categories of one group (e.g. the 12 home-sitters of a school by
//!    whether they had the monthly meeting) with a positive total and all
//!    units in one category tells the category of each member. All its
//!    category figures are hidden, zeros included
//!    ([`SuppressionReason::Revealing`]); the group's total stays. Only
//!    category axes count: sectors are a property of the school location
//!    (all pupils of a primary school are in PO), and areas and periods are
//!    groups, not attributes.
//! 7. **Shares.** A [`Rate`] (numerator out of denominator) is shown in whole
//!    percent, rounded half up, only when the denominator reaches the
//!    threshold ([`SuppressionReason::SmallBase`] otherwise), when neither
//!    the "yes" nor the "no" group is a count from 1 to threshold − 1 (both
//!    are groups of children and either follows from the share and the
//!    base), and when it is not exactly 0% or 100% (everyone in one
//!    category, rule 6). A share of figures hidden in a table is hidden too
//!    ([`Sdc::linked_rate`]).
//! 8. **Medians and percentiles** only for groups of at least the threshold
//!    ([`Sdc::statistic`], [`Sdc::percentile`]). Ratios that are not shares
//!    (care providers per 100 supported pupils) are protected the same way,
//!    by their base: `statistic(base, ratio)`.
//!
//! # What the callers must provide
//!
//! - Counts of an area are attributed to exactly one school location per
//!   period (e.g. where the pupil was enrolled at the end of the period), so
//!   a municipality's figure is the sum of its locations' figures; tables
//!   compute their totals from their cells, and [`Sdc::suppress_linked`]
//!   refuses two tables that give one key two values.
//! - An area axis lists every child area of the base area, zero rows
//!   included (category, sector and month axes are checked for
//!   completeness here; an incomplete axis simply has no totals).
//! - An "unknown" group is a category of its own, never a gap between the
//!   cells and the total.
//!
//! # Limits of the guarantee
//!
//! The guarantee is against *exact* recovery: no linear combination of the
//! published equations, with every shown figure known exactly (rounding
//! ignored), gives a hidden figure's value, within one table and across a
//! family protected with [`Sdc::suppress_linked`]. Bounds are not
//! guaranteed beyond that: counts are non-negative, and a reader who sees
//! `< 10` on one hidden figure and `•` on another knows the first is 1..9
//! and the second is not, which can narrow a hidden value to a range. The
//! cheapest-complement order (non-zero first) and the independent rounding
//! of every shown figure keep such ranges wide in practice; a UI that wants
//! to give nothing away shows [`SUPPRESSED_SYMBOL`] for every reason.
//! Callers who iterate [`Sdc::suppress`] over linked tables themselves (to a
//! fixed point of the returned keys) get every line of every table with 0
//! or at least 2 hidden figures, which stops the one-unknown differencing
//! attack across tables; only [`Sdc::suppress_linked`] also runs the exact
//! check across them, so prefer it.
//!
//! # Output
//!
//! Every figure is [`Figure::Shown`] (rounded) or [`Figure::Suppressed`] with
//! its reason, so the UI can show `< 10` or [`SUPPRESSED_SYMBOL`] and explain
//! ([`SuppressionReason::message_id`]), and exports use the same values
//! ([`Sdc::count_text`]).

pub mod audit;
mod dimensions;
mod disclosure;
pub mod facts;
pub mod goals;
pub mod measures;
pub mod publication;
pub mod scope;

#[cfg(test)]
mod tests;

pub use audit::{
    Equation, Span, connected_equations, difference_attack, exactly_determined, is_determined,
};
pub use dimensions::{
    Answer, Area, AreaLevel, Category, CategoryKind, CellKey, Coord, Dimension, DimensionError,
    DurationBand, Indicator, Period, PeriodKind,
};
pub use disclosure::{
    Figure, ProtectedTable, ROUNDING_BASE, Rate, SUPPRESSED_SYMBOL, SUPPRESSION_LEGEND, Sdc,
    SdcError, SuppressionReason, TOTALS_ROUNDED_INDEPENDENTLY, Table, TableSpec, Threshold,
};
