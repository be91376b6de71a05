//! The monitor's tables in words: one [`TableView`] per [`DataTable`] gives
//! the HTML table, its SVG chart and its CSV export the same texts, so the
//! three cannot disagree.

use brug_app::monitor::views::{Chart, DataTable, Head, Label, Value};
use brug_domain::monitor::measures::Unit;
use brug_domain::monitor::{
    Answer, Category, DurationBand, Figure, Period, SUPPRESSED_SYMBOL, Sdc, SuppressionReason,
};

use super::chart;
use crate::chrome::Chrome;

/// One shown value with the reason it is hidden, if it is.
pub struct Cell {
    pub text: String,
    /// The explanation of a hidden figure (a `title` and a footnote mark).
    pub hidden: Option<String>,
}

pub struct RowView {
    pub label: String,
    pub href: Option<String>,
    pub cells: Vec<Cell>,
    pub own: bool,
    /// A group heading shown before this row.
    pub group: Option<String>,
}

pub struct TableView {
    pub id: String,
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<RowView>,
    /// The SVG charts of the table (server-rendered, described by it).
    pub charts: Vec<String>,
    /// The CSV export of this table.
    pub csv: String,
}

pub fn period_label(c: &Chrome, p: Period) -> String {
    match p {
        Period::Month { year, month } => format!("{month:02}-{year}"),
        Period::Quarter { year, quarter } => c.t_args(
            "monitor-period-quarter",
            &[("quarter", quarter.to_string()), ("year", year.to_string())],
        ),
        Period::SchoolYear { start_year } => c.t_args(
            "monitor-period-school-year",
            &[
                ("start", start_year.to_string()),
                ("end", (i32::from(start_year) + 1).to_string()),
            ],
        ),
    }
}

pub fn category_label(c: &Chrome, cat: Category) -> String {
    match cat {
        Category::All => c.t("monitor-total"),
        Category::Outcome(o) => c.t(&o.message_id()),
        Category::Lead(l) => c.t(&l.message_id()),
        Category::Escalation(e) => c.t(&e.message_id()),
        Category::Answer(Answer::Yes) => c.t("monitor-answer-yes"),
        Category::Answer(Answer::No) => c.t("monitor-answer-no"),
        Category::Duration(d) => c.t(duration_id(d)),
    }
}

pub fn duration_id(d: DurationBand) -> &'static str {
    match d {
        DurationBand::UpToThreeMonths => "monitor-duration-up-to-3",
        DurationBand::ThreeToSixMonths => "monitor-duration-3-to-6",
        DurationBand::SixToTwelveMonths => "monitor-duration-6-to-12",
        DurationBand::OverTwelveMonths => "monitor-duration-over-12",
    }
}

pub fn label(c: &Chrome, l: &Label) -> String {
    match l {
        Label::Message(id) => c.t(id),
        Label::Measure(m) => c.t(&m.message_id()),
        Label::Period(p) => period_label(c, *p),
        Label::Area(_, name) => name.clone(),
        Label::National => c.t("monitor-national"),
        Label::Category(cat) => category_label(c, *cat),
        Label::Sector(s) => s.code().to_owned(),
    }
}

/// A shown number in its unit (Dutch decimal comma for tenths).
pub fn number(c: &Chrome, v: u64, unit: Unit) -> String {
    match unit {
        Unit::Count | Unit::Per100 | Unit::Days => v.to_string(),
        Unit::Percent => format!("{v}%"),
        Unit::Tenths => {
            let sep = if c.lang_code() == "nl" { ',' } else { '.' };
            format!("{}{sep}{}", v / 10, v % 10)
        }
    }
}

pub fn cell(c: &Chrome, sdc: &Sdc, v: &Value) -> Cell {
    match v {
        Value::Figure(Figure::Shown(n), unit) => Cell {
            text: number(c, *n, *unit),
            hidden: None,
        },
        Value::Figure(Figure::Suppressed(reason), unit) => Cell {
            text: if *unit == Unit::Count && *reason == SuppressionReason::SmallCount {
                sdc.count_text(&Figure::Suppressed(*reason))
            } else {
                SUPPRESSED_SYMBOL.to_owned()
            },
            hidden: Some(c.t(reason.message_id())),
        },
        Value::Empty => Cell {
            text: "–".to_owned(),
            hidden: None,
        },
    }
}

fn unit_of(column: usize, t: &DataTable) -> Option<Unit> {
    t.rows.iter().find_map(|r| match r.values.get(column) {
        Some(Value::Figure(_, u)) => Some(*u),
        _ => None,
    })
}

fn charts(c: &Chrome, t: &DataTable, title: &str, columns: &[String]) -> Vec<String> {
    let fmt_for = |unit: Unit| move |v: u64| number(c, v, unit);
    match t.chart {
        Chart::None => Vec::new(),
        Chart::Bars => {
            let unit = unit_of(0, t).unwrap_or(Unit::Count);
            let bars: Vec<(String, Option<u64>)> = t
                .rows
                .iter()
                .map(|r| (label(c, &r.label), r.values.first().and_then(Value::shown)))
                .collect();
            vec![chart::bars(
                &format!("{}-chart", t.id),
                title,
                &t.id,
                &bars,
                &fmt_for(unit),
                SUPPRESSED_SYMBOL,
            )]
        }
        Chart::Lines => {
            let x: Vec<String> = t.rows.iter().map(|r| label(c, &r.label)).collect();
            let units: Vec<Option<Unit>> = (0..columns.len()).map(|i| unit_of(i, t)).collect();
            let series = |i: usize| -> (String, Vec<Option<u64>>) {
                (
                    columns[i].clone(),
                    t.rows
                        .iter()
                        .map(|r| r.values.get(i).and_then(Value::shown))
                        .collect(),
                )
            };
            let same_unit = units.windows(2).all(|w| w[0] == w[1]);
            if same_unit {
                let all: Vec<_> = (0..columns.len()).map(series).collect();
                let unit = units.first().copied().flatten().unwrap_or(Unit::Count);
                vec![chart::lines(
                    &format!("{}-chart", t.id),
                    title,
                    &t.id,
                    &x,
                    &all,
                    &fmt_for(unit),
                )]
            } else {
                // Small multiples: one chart per measure, each on its own scale.
                (0..columns.len())
                    .map(|i| {
                        let unit = units[i].unwrap_or(Unit::Count);
                        chart::lines(
                            &format!("{}-chart-{i}", t.id),
                            &columns[i],
                            &t.id,
                            &x,
                            &[series(i)],
                            &fmt_for(unit),
                        )
                    })
                    .collect()
            }
        }
    }
}

/// The CSV link of a table on a page about `head`.
fn csv_href(head: &Head, table: &str, measure: Option<&str>) -> String {
    let mut href = format!("/monitor/{}/export/{table}{}", head.code, head.query());
    if let Some(m) = measure {
        href.push_str("&measure=");
        href.push_str(m);
    }
    href
}

pub fn view(c: &Chrome, sdc: &Sdc, head: &Head, t: &DataTable, measure: Option<&str>) -> TableView {
    let title = label(c, &t.title);
    let columns: Vec<String> = t.columns.iter().map(|l| label(c, l)).collect();
    let mut last_group = None;
    let rows = t
        .rows
        .iter()
        .map(|r| {
            let group = match r.group {
                Some(g) if last_group != Some(g) => {
                    last_group = Some(g);
                    Some(c.t(&g.message_id()))
                }
                _ => None,
            };
            RowView {
                label: label(c, &r.label),
                href: r.href.clone(),
                cells: r.values.iter().map(|v| cell(c, sdc, v)).collect(),
                own: r.own,
                group,
            }
        })
        .collect();
    TableView {
        id: t.id.clone(),
        charts: charts(c, t, &title, &columns),
        csv: csv_href(head, &t.id, measure),
        title,
        columns,
        rows,
    }
}

fn csv_field(s: &str) -> String {
    // A leading =, +, - or @ would be a formula in a spreadsheet.
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([',', '"', '\n', '\r', ';']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// The table as CSV: a header row, then one row per row of the page, with
/// exactly the texts the page shows (hidden figures as `< 10` or `•`).
pub fn csv(t: &TableView, corner: &str) -> String {
    let mut out = String::new();
    let header: Vec<String> = std::iter::once(corner)
        .chain(t.columns.iter().map(String::as_str))
        .map(csv_field)
        .collect();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for r in &t.rows {
        let line: Vec<String> = std::iter::once(r.label.as_str())
            .chain(r.cells.iter().map(|c| c.text.as_str()))
            .map(csv_field)
            .collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        assert_eq!(csv_field("Utrecht"), "Utrecht");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=1+1"), "'=1+1");
        assert_eq!(csv_field("–"), "–");
    }
}
