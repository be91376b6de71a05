//! Server-rendered SVG charts: no JavaScript, and every chart sits next to
//! a table with the same figures (the chart is `role="img"` and points to
//! it). Hidden figures are gaps in a line and missing bars, never zero.

use std::fmt::Write;

/// Escape text for SVG/HTML.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The colours of the series (NL Design System friendly, distinguishable
/// in greyscale by dash pattern too).
const COLOURS: [&str; 4] = ["#01689b", "#ca005d", "#39870c", "#8f5300"];
const DASHES: [&str; 4] = ["", "6 3", "2 3", "8 3 2 3"];

/// A "nice" upper bound for an axis.
fn nice_max(max: u64) -> u64 {
    if max == 0 {
        return 10;
    }
    let mut step = 1u64;
    while step.saturating_mul(10) < max {
        step = step.saturating_mul(10);
    }
    for m in [1, 2, 5, 10] {
        if step.saturating_mul(m) >= max {
            return step.saturating_mul(m);
        }
    }
    step.saturating_mul(10)
}

/// A line chart of `series` (name, one value per x label; `None` is a
/// hidden or missing figure: a gap). `id` names the chart; `table` is the
/// id of the table with the same figures.
#[must_use]
pub fn lines(
    id: &str,
    title: &str,
    table: &str,
    x_labels: &[String],
    series: &[(String, Vec<Option<u64>>)],
    fmt: &dyn Fn(u64) -> String,
) -> String {
    let (w, h) = (560.0_f64, 220.0_f64);
    let (left, right, top, bottom) = (48.0, 12.0, 14.0, 40.0);
    let plot_w = w - left - right;
    let plot_h = h - top - bottom;
    let max = series
        .iter()
        .flat_map(|(_, v)| v.iter().flatten())
        .copied()
        .max()
        .unwrap_or(0);
    let top_value = nice_max(max);
    let n = x_labels.len().max(1);
    #[allow(clippy::cast_precision_loss)]
    let x = |i: usize| {
        left + if n == 1 {
            plot_w / 2.0
        } else {
            plot_w * i as f64 / (n - 1) as f64
        }
    };
    #[allow(clippy::cast_precision_loss)]
    let y = |v: u64| top + plot_h - plot_h * v as f64 / top_value as f64;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="brug-chart" id="{id}" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{id}-title" aria-describedby="{table}" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{}</title>"#,
        esc(title)
    );
    for k in 0..=4u64 {
        let v = top_value * k / 4;
        let yy = y(v);
        let _ = write!(
            s,
            r##"<line x1="{left}" x2="{}" y1="{yy:.1}" y2="{yy:.1}" stroke="#d0d0d0" stroke-width="1"/><text x="{}" y="{:.1}" font-size="11" text-anchor="end" fill="#333">{}</text>"##,
            w - right,
            left - 6.0,
            yy + 4.0,
            esc(&fmt(v))
        );
    }
    for (i, label) in x_labels.iter().enumerate() {
        if n > 6 && i % 2 == 1 && i + 1 != n {
            continue;
        }
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{}" font-size="11" text-anchor="middle" fill="#333">{}</text>"##,
            x(i),
            h - bottom + 16.0,
            esc(label)
        );
    }
    for (k, (_, values)) in series.iter().enumerate() {
        let colour = COLOURS[k % COLOURS.len()];
        let dash = DASHES[k % DASHES.len()];
        let mut path = String::new();
        let mut pen_down = false;
        for (i, v) in values.iter().enumerate() {
            match v {
                Some(v) => {
                    let _ = write!(
                        path,
                        "{}{:.1},{:.1} ",
                        if pen_down { "L" } else { "M" },
                        x(i),
                        y(*v)
                    );
                    pen_down = true;
                }
                None => pen_down = false,
            }
        }
        if !path.is_empty() {
            let _ = write!(
                s,
                r#"<path d="{}" fill="none" stroke="{colour}" stroke-width="2.5" stroke-dasharray="{dash}"/>"#,
                path.trim_end()
            );
        }
        for (i, v) in values.iter().enumerate() {
            if let Some(v) = v {
                let _ = write!(
                    s,
                    r#"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{colour}"/>"#,
                    x(i),
                    y(*v)
                );
            }
        }
    }
    if series.len() > 1 {
        for (k, (name, _)) in series.iter().enumerate() {
            #[allow(clippy::cast_precision_loss)]
            let lx = left + 150.0 * k as f64;
            let _ = write!(
                s,
                r##"<line x1="{lx}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="2.5" stroke-dasharray="{}"/><text x="{}" y="{}" font-size="11" fill="#333">{}</text>"##,
                lx + 18.0,
                h - 8.0,
                h - 8.0,
                COLOURS[k % COLOURS.len()],
                DASHES[k % DASHES.len()],
                lx + 22.0,
                h - 4.0,
                esc(&name.chars().take(22).collect::<String>())
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// A horizontal bar chart of `bars` (label, value; `None`: hidden, no bar).
#[must_use]
pub fn bars(
    id: &str,
    title: &str,
    table: &str,
    bars: &[(String, Option<u64>)],
    fmt: &dyn Fn(u64) -> String,
    hidden: &str,
) -> String {
    let row_h = 22.0_f64;
    let label_w = 220.0_f64;
    let w = 560.0_f64;
    #[allow(clippy::cast_precision_loss)]
    let h = 10.0 + row_h * bars.len().max(1) as f64;
    let max = nice_max(bars.iter().filter_map(|b| b.1).max().unwrap_or(0));
    let plot_w = w - label_w - 60.0;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="brug-chart" id="{id}" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{id}-title" aria-describedby="{table}" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{}</title>"#,
        esc(title)
    );
    for (i, (label, value)) in bars.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let yy = 5.0 + row_h * i as f64;
        let short: String = label.chars().take(32).collect();
        let _ = write!(
            s,
            r##"<text x="{}" y="{:.1}" font-size="11" text-anchor="end" fill="#333">{}</text>"##,
            label_w - 6.0,
            yy + 14.0,
            esc(&short)
        );
        match value {
            Some(v) => {
                #[allow(clippy::cast_precision_loss)]
                let bw = plot_w * *v as f64 / max as f64;
                let _ = write!(
                    s,
                    r##"<rect x="{label_w}" y="{:.1}" width="{bw:.1}" height="{}" fill="#01689b"/><text x="{:.1}" y="{:.1}" font-size="11" fill="#333">{}</text>"##,
                    yy + 3.0,
                    row_h - 8.0,
                    label_w + bw + 4.0,
                    yy + 14.0,
                    esc(&fmt(*v))
                );
            }
            None => {
                let _ = write!(
                    s,
                    r##"<text x="{}" y="{:.1}" font-size="11" fill="#555">{}</text>"##,
                    label_w + 4.0,
                    yy + 14.0,
                    esc(hidden)
                );
            }
        }
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_figures_are_gaps_and_text_is_escaped() {
        let svg = lines(
            "c",
            "A <b> & c",
            "t",
            &["jan".into(), "feb".into(), "mrt".into()],
            &[("x".into(), vec![Some(10), None, Some(20)])],
            &|v| v.to_string(),
        );
        assert!(svg.contains("A &lt;b&gt; &amp; c"));
        // Two separate pieces of line: a move after the gap.
        assert_eq!(svg.matches(" M").count() + svg.matches("\"M").count(), 2);
        assert!(svg.contains(r#"aria-describedby="t""#));
        let b = bars(
            "b",
            "t",
            "t",
            &[("a".into(), None), ("b".into(), Some(5))],
            &|v| v.to_string(),
            "•",
        );
        assert!(b.contains("•"));
        assert_eq!(b.matches("<rect").count(), 1);
    }

    #[test]
    fn axes() {
        assert_eq!(nice_max(0), 10);
        assert_eq!(nice_max(7), 10);
        assert_eq!(nice_max(45), 50);
        assert_eq!(nice_max(101), 200);
    }
}
