//! The published figures the pages read, kept in memory until the figures
//! change.
//!
//! Figures change only when the refresh job publishes (every few minutes);
//! between two refreshes every page of every policy maker reads the same
//! rows. The cache is keyed by the query (periods, areas, sector,
//! quantities) and tagged with the time of the latest refresh recorded in
//! the database: a refresh by any process sharing the database empties it
//! at the next request, and one in this process empties it at once
//! ([`super::MonitorState::invalidate`]). It holds published figures only
//! (the same numbers every page may show), never a person, and is bounded
//! by the number of figures it holds, least recently used first out.

use std::sync::{Arc, Mutex};

use brug_store::Ts;
use brug_store::monitor::StoredFigure;
use hashlink::LruCache;

/// The figures of one query, with their period codes.
pub type Rows = Arc<[(String, StoredFigure)]>;

/// One query of [`brug_store::monitor::figures`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FigureQuery {
    pub periods: Vec<String>,
    pub areas: Vec<String>,
    pub sector: Option<String>,
    pub quantities: Vec<&'static str>,
}

/// At most this many figures are held (about 100 bytes each).
pub const DEFAULT_BUDGET: usize = 400_000;

pub struct FigureCache {
    budget: usize,
    inner: Mutex<Inner>,
}

struct Inner {
    /// The refresh the held figures belong to.
    stamp: Option<Ts>,
    entries: LruCache<FigureQuery, Rows>,
    held: usize,
}

impl Default for FigureCache {
    fn default() -> Self {
        FigureCache::new(DEFAULT_BUDGET)
    }
}

impl FigureCache {
    #[must_use]
    pub fn new(budget: usize) -> FigureCache {
        FigureCache {
            budget,
            inner: Mutex::new(Inner {
                stamp: None,
                entries: LruCache::new_unbounded(),
                held: 0,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The rows of `query` if they were read after the refresh `stamp`.
    #[must_use]
    pub fn get(&self, stamp: Option<Ts>, query: &FigureQuery) -> Option<Rows> {
        let mut inner = self.lock();
        if inner.stamp != stamp {
            return None;
        }
        inner.entries.get(query).cloned()
    }

    /// Keep `rows`, read after the refresh `stamp`. Rows of an older
    /// refresh are dropped first; a result larger than the whole budget is
    /// not kept.
    pub fn put(&self, stamp: Option<Ts>, query: FigureQuery, rows: Rows) {
        if rows.len() > self.budget {
            return;
        }
        let mut inner = self.lock();
        if inner.stamp != stamp {
            inner.entries.clear();
            inner.held = 0;
            inner.stamp = stamp;
        }
        inner.held += rows.len();
        if let Some(old) = inner.entries.insert(query, rows) {
            inner.held -= old.len();
        }
        while inner.held > self.budget {
            match inner.entries.remove_lru() {
                Some((_, old)) => inner.held -= old.len(),
                None => break,
            }
        }
    }

    /// Forget everything (after a refresh in this process).
    pub fn clear(&self) {
        let mut inner = self.lock();
        inner.entries.clear();
        inner.held = 0;
        inner.stamp = None;
    }

    /// Figures held now.
    #[must_use]
    pub fn held(&self) -> usize {
        self.lock().held
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use brug_domain::monitor::publication::{Node, Published, Quantity};
    use brug_domain::monitor::{Category, Figure};

    fn rows(n: usize) -> Rows {
        let q = Quantity::Stat(brug_domain::monitor::publication::Stat::DaysToHelpP50);
        (0..n)
            .map(|i| {
                (
                    format!("2026-{:02}", i % 12 + 1),
                    StoredFigure {
                        node: Node::national(),
                        quantity: q,
                        category: Category::All,
                        published: Published {
                            value: i as u64,
                            figure: Figure::Shown(i as u64),
                        },
                    },
                )
            })
            .collect()
    }

    fn query(area: &str) -> FigureQuery {
        FigureQuery {
            periods: vec!["2026-11".into()],
            areas: vec![area.into()],
            sector: None,
            quantities: vec!["pupils_with_case"],
        }
    }

    fn stamp(s: i64) -> Option<Ts> {
        Some(Ts::new(
            time::OffsetDateTime::from_unix_timestamp(s).expect("a valid time"),
        ))
    }

    #[test]
    fn a_query_is_answered_only_for_the_refresh_it_was_read_after() {
        let cache = FigureCache::new(100);
        cache.put(stamp(1), query("national"), rows(3));
        assert_eq!(
            cache.get(stamp(1), &query("national")).map(|r| r.len()),
            Some(3)
        );
        assert!(cache.get(stamp(1), &query("municipality-1")).is_none());
        // A newer refresh in the database: the held rows are stale.
        assert!(cache.get(stamp(2), &query("national")).is_none());
        cache.put(stamp(2), query("municipality-1"), rows(2));
        assert_eq!(cache.held(), 2, "the rows of the older refresh are gone");
        assert!(cache.get(stamp(2), &query("national")).is_none());
    }

    #[test]
    fn the_budget_evicts_the_least_recently_used_query() {
        let cache = FigureCache::new(10);
        cache.put(stamp(1), query("a"), rows(4));
        cache.put(stamp(1), query("b"), rows(4));
        // Using "a" makes "b" the least recently used.
        assert!(cache.get(stamp(1), &query("a")).is_some());
        cache.put(stamp(1), query("c"), rows(4));
        assert_eq!(cache.held(), 8);
        assert!(cache.get(stamp(1), &query("b")).is_none());
        assert!(cache.get(stamp(1), &query("a")).is_some());
        assert!(cache.get(stamp(1), &query("c")).is_some());
        // Larger than the whole budget: not kept, nothing else evicted.
        cache.put(stamp(1), query("d"), rows(11));
        assert_eq!(cache.held(), 8);
        cache.clear();
        assert_eq!(cache.held(), 0);
        assert!(cache.get(stamp(1), &query("a")).is_none());
    }
}
