//! Sortable columns and pagination links for list pages (at most 50 rows).

use crate::i18n::Lang;
use crate::session::urlencode;

pub const PER_PAGE: i64 = 25;

/// The state of a list page as it appears in the query string.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ListParams {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub dir: String,
    #[serde(default)]
    pub page: Option<String>,
    #[serde(default)]
    pub kind: String,
}

impl ListParams {
    pub fn page(&self) -> i64 {
        self.page
            .as_deref()
            .and_then(|p| p.parse::<i64>().ok())
            .unwrap_or(1)
            .clamp(1, 100_000)
    }

    pub fn descending(&self) -> bool {
        self.dir == "desc"
    }

    pub fn offset(&self) -> i64 {
        (self.page() - 1) * PER_PAGE
    }

    fn href(&self, base: &str, sort: &str, dir: &str, page: i64) -> String {
        let mut parts = Vec::new();
        if !self.q.is_empty() {
            parts.push(format!("q={}", urlencode(&self.q)));
        }
        if !self.kind.is_empty() {
            parts.push(format!("kind={}", urlencode(&self.kind)));
        }
        if !sort.is_empty() {
            parts.push(format!("sort={}", urlencode(sort)));
        }
        if dir == "desc" {
            parts.push("dir=desc".into());
        }
        if page > 1 {
            parts.push(format!("page={page}"));
        }
        if parts.is_empty() {
            base.to_owned()
        } else {
            format!("{base}?{}", parts.join("&"))
        }
    }
}

pub struct Column {
    pub label: String,
    pub href: String,
    pub aria_sort: Option<&'static str>,
}

/// Header links: clicking the sorted column flips the direction.
pub fn columns(
    base: &str,
    params: &ListParams,
    default_sort: &str,
    cols: &[(&str, &str)],
    lang: Lang,
) -> Vec<Column> {
    let current = if params.sort.is_empty() {
        default_sort
    } else {
        params.sort.as_str()
    };
    cols.iter()
        .map(|(key, label_id)| {
            let active = *key == current;
            let next_dir = if active && !params.descending() {
                "desc"
            } else {
                "asc"
            };
            Column {
                label: lang.t(label_id),
                href: params.href(base, key, next_dir, 1),
                aria_sort: active.then_some(if params.descending() {
                    "descending"
                } else {
                    "ascending"
                }),
            }
        })
        .collect()
}

pub struct Pager {
    pub page: i64,
    pub pages: i64,
    pub prev: Option<String>,
    pub next: Option<String>,
}

/// A page number past the last page: where to go instead (the last page).
pub fn beyond_last(base: &str, params: &ListParams, total: i64) -> Option<String> {
    let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    let dir = if params.descending() { "desc" } else { "asc" };
    (params.page() > pages).then(|| params.href(base, &params.sort, dir, pages))
}

pub fn pager(base: &str, params: &ListParams, total: i64) -> Pager {
    let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    let page = params.page().min(pages);
    let dir = if params.descending() { "desc" } else { "asc" };
    Pager {
        page,
        pages,
        prev: (page > 1).then(|| params.href(base, &params.sort, dir, page - 1)),
        next: (page < pages).then(|| params.href(base, &params.sort, dir, page + 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_counted_and_linked() {
        let p = ListParams {
            q: "de vries".into(),
            page: Some("2".into()),
            ..Default::default()
        };
        let pg = pager("/x", &p, 60);
        assert_eq!((pg.page, pg.pages), (2, 3));
        assert_eq!(pg.prev.as_deref(), Some("/x?q=de+vries"));
        assert_eq!(pg.next.as_deref(), Some("/x?q=de+vries&page=3"));
        assert_eq!(pager("/x", &ListParams::default(), 0).pages, 1);
    }

    #[test]
    fn pages_past_the_end_go_to_the_last_page() {
        let p = ListParams {
            page: Some("9".into()),
            ..Default::default()
        };
        assert_eq!(beyond_last("/x", &p, 60).as_deref(), Some("/x?page=3"));
        assert_eq!(beyond_last("/x", &p, 0).as_deref(), Some("/x"));
        let p = ListParams {
            page: Some("3".into()),
            ..Default::default()
        };
        assert_eq!(beyond_last("/x", &p, 60), None);
    }

    #[test]
    fn garbage_page_numbers_fall_back_to_the_first_page() {
        for raw in ["abc", "-4", "0", ""] {
            let p = ListParams {
                page: Some(raw.into()),
                ..Default::default()
            };
            assert_eq!(p.page(), 1, "{raw}");
        }
    }

    #[test]
    fn sorted_column_flips_direction() {
        let p = ListParams {
            sort: "name".into(),
            ..Default::default()
        };
        let cols = columns(
            "/x",
            &p,
            "name",
            &[("name", "col-name"), ("grade", "col-grade")],
            Lang::Nl,
        );
        assert_eq!(cols[0].href, "/x?sort=name&dir=desc");
        assert_eq!(cols[0].aria_sort, Some("ascending"));
        assert_eq!(cols[1].href, "/x?sort=grade");
        assert_eq!(cols[1].aria_sort, None);
    }
}
