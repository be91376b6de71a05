//! The attacker's view of published tables: the additive equations that hold
//! between figures ("a total is the sum of its parts"), a differencing attack
//! that solves them one unknown at a time, and an exact linear-algebra audit
//! that finds every hidden figure the equations pin down, whatever
//! combination of equations is used.
//!
//! The disclosure control uses [`exactly_determined`] to check families of
//! linked tables; tests (here and in the store and web crates) use both
//! attacks against published output.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::dimensions::CellKey;

/// One additive relation between published figures: `total = sum(parts)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Equation {
    pub total: CellKey,
    pub parts: Vec<CellKey>,
}

impl Equation {
    /// Every key in the equation, total first.
    pub fn keys(&self) -> impl Iterator<Item = &CellKey> {
        std::iter::once(&self.total).chain(self.parts.iter())
    }

    /// The same relation with the parts sorted, so equal relations from two
    /// tables compare equal.
    #[must_use]
    pub fn normalized(&self) -> Equation {
        let mut parts = self.parts.clone();
        parts.sort();
        Equation {
            total: self.total,
            parts,
        }
    }
}

/// The differencing attack ("total minus the other cells"): repeatedly take
/// an equation with exactly one figure the attacker does not know, solve it,
/// and add the result to what the attacker knows, until nothing changes.
///
/// `known` holds what the attacker sees exactly (for a worst case, the true
/// values of every published figure). Returns every key the attack
/// recovered, with the recovered value (which may be negative when `known`
/// is inconsistent).
#[must_use]
pub fn difference_attack(
    equations: &[Equation],
    known: &HashMap<CellKey, u64>,
) -> BTreeMap<CellKey, i128> {
    let mut values: HashMap<CellKey, i128> =
        known.iter().map(|(k, v)| (*k, i128::from(*v))).collect();
    let mut recovered = BTreeMap::new();
    loop {
        let mut progress = false;
        for eq in equations {
            let unknown: Vec<&CellKey> = eq.keys().filter(|k| !values.contains_key(k)).collect();
            let [target] = unknown.as_slice() else {
                continue;
            };
            let target = **target;
            let sum_parts: i128 = eq.parts.iter().filter_map(|k| values.get(k)).sum();
            let value = if target == eq.total {
                sum_parts
            } else {
                values.get(&eq.total).copied().unwrap_or(0) - sum_parts
            };
            values.insert(target, value);
            recovered.insert(target, value);
            progress = true;
        }
        if !progress {
            return recovered;
        }
    }
}

/// Every key in `unknown` whose value is fixed by the equations and the
/// other figures, by any linear combination of equations (not only one
/// unknown at a time): the keys a patient attacker with a linear solver
/// recovers exactly.
///
/// Works over the integers modulo the prime 2^61 - 1 on the coefficients
/// (+1 for a total, -1 for a part), which finds every key that is determined
/// over the rationals (and, in theory, may report a few more: a safe
/// over-approximation). The equations are sparse, so the elimination is
/// sparse and per connected group of unknowns.
#[must_use]
pub fn exactly_determined(equations: &[Equation], unknown: &HashSet<CellKey>) -> BTreeSet<CellKey> {
    // Index the unknowns in key order so the result does not depend on the
    // iteration order of the set.
    let sorted: Vec<CellKey> = unknown
        .iter()
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let index: HashMap<CellKey, usize> = sorted.iter().enumerate().map(|(i, k)| (*k, i)).collect();

    // Rows over the unknowns only; the known figures move to the right-hand
    // side, which does not matter for determinacy.
    let mut rows: Vec<SparseRow> = Vec::new();
    let mut seen: HashSet<Equation> = HashSet::new();
    for eq in equations {
        if !seen.insert(eq.normalized()) {
            continue;
        }
        let mut acc: BTreeMap<usize, u64> = BTreeMap::new();
        if let Some(&i) = index.get(&eq.total) {
            let e = acc.entry(i).or_insert(0);
            *e = add(*e, 1);
        }
        for p in &eq.parts {
            if let Some(&i) = index.get(p) {
                let e = acc.entry(i).or_insert(0);
                *e = sub(*e, 1);
            }
        }
        let row: SparseRow = acc.into_iter().filter(|(_, v)| *v != 0).collect();
        if !row.is_empty() {
            rows.push(row);
        }
    }

    // Group unknowns that share an equation.
    let mut uf = UnionFind::new(sorted.len());
    for row in &rows {
        if let Some(&(first, _)) = row.first() {
            for &(c, _) in &row[1..] {
                uf.union(first, c);
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<SparseRow>> = BTreeMap::new();
    for row in rows {
        if let Some(&(first, _)) = row.first() {
            groups.entry(uf.find(first)).or_default().push(row);
        }
    }

    let mut determined = BTreeSet::new();
    for (_, group) in groups {
        for col in singleton_pivots(group) {
            if let Some(k) = sorted.get(col) {
                determined.insert(*k);
            }
        }
    }
    determined
}

/// What the equations of a family tell about its hidden figures, ready to
/// answer "does this sum of figures follow from what is published?" for many
/// sums at once: the equations reduced over the hidden figures (a sum
/// follows exactly when its hidden part is a linear combination of them).
pub struct Span {
    index: HashMap<CellKey, usize>,
    basis: BTreeMap<usize, SparseRow>,
}

impl Span {
    /// The span of `equations` over the `unknown` (hidden) figures.
    #[must_use]
    pub fn new(equations: &[Equation], unknown: &HashSet<CellKey>) -> Span {
        let sorted: Vec<CellKey> = unknown
            .iter()
            .copied()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let index: HashMap<CellKey, usize> =
            sorted.iter().enumerate().map(|(i, k)| (*k, i)).collect();
        let mut basis: BTreeMap<usize, SparseRow> = BTreeMap::new();
        let mut seen: HashSet<Equation> = HashSet::new();
        for eq in equations {
            if !seen.insert(eq.normalized()) {
                continue;
            }
            let terms = std::iter::once((eq.total, 1i64)).chain(eq.parts.iter().map(|p| (*p, -1)));
            let row = sparse_row(&index, terms);
            insert_reduced(&mut basis, row);
        }
        Span { index, basis }
    }

    /// Whether the sum `Σ coefficient × figure` follows from the published
    /// figures: figures not hidden are known; the hidden part must be a
    /// combination of the equations.
    #[must_use]
    pub fn determines(&self, terms: &[(CellKey, i64)]) -> bool {
        let row = sparse_row(&self.index, terms.iter().copied());
        reduce(&self.basis, row).is_empty()
    }
}

fn sparse_row(
    index: &HashMap<CellKey, usize>,
    terms: impl Iterator<Item = (CellKey, i64)>,
) -> SparseRow {
    let mut acc: BTreeMap<usize, u64> = BTreeMap::new();
    for (key, c) in terms {
        if let Some(&i) = index.get(&key) {
            let e = acc.entry(i).or_insert(0);
            let m = c.unsigned_abs() % P;
            *e = if c >= 0 { add(*e, m) } else { sub(*e, m) };
        }
    }
    acc.into_iter().filter(|(_, v)| *v != 0).collect()
}

/// `row` reduced against a fully reduced basis.
fn reduce(basis: &BTreeMap<usize, SparseRow>, mut row: SparseRow) -> SparseRow {
    let pivots: Vec<usize> = row
        .iter()
        .map(|&(c, _)| c)
        .filter(|c| basis.contains_key(c))
        .collect();
    for p in pivots {
        let f = coeff(&row, p);
        if f != 0
            && let Some(b) = basis.get(&p)
        {
            row = axpy(&row, f, b);
        }
    }
    row
}

/// Adds `row` to a fully reduced basis (reduced row echelon form).
fn insert_reduced(basis: &mut BTreeMap<usize, SparseRow>, row: SparseRow) {
    let row = reduce(basis, row);
    let Some(&(pivot, lead)) = row.first() else {
        return;
    };
    let inv = inverse(lead);
    let row: SparseRow = row.into_iter().map(|(c, v)| (c, mul(v, inv))).collect();
    for b in basis.values_mut() {
        let f = coeff(b, pivot);
        if f != 0 {
            *b = axpy(b, f, &row);
        }
    }
    basis.insert(pivot, row);
}

/// Whether `key` (hidden, in `unknown`) is fixed by the equations; a key
/// that is not hidden counts as determined. Only the equations connected to
/// `key` through hidden figures are solved, so this is cheap on large
/// families.
#[must_use]
pub fn is_determined(equations: &[Equation], unknown: &HashSet<CellKey>, key: &CellKey) -> bool {
    if !unknown.contains(key) {
        return true;
    }
    exactly_determined(&connected_equations(equations, unknown, key), unknown).contains(key)
}

/// The equations reachable from `key` by walking through hidden figures:
/// the only ones that can bear on whether `key` is determined.
#[must_use]
pub fn connected_equations(
    equations: &[Equation],
    unknown: &HashSet<CellKey>,
    key: &CellKey,
) -> Vec<Equation> {
    let mut by_key: HashMap<CellKey, Vec<usize>> = HashMap::new();
    for (i, eq) in equations.iter().enumerate() {
        for k in eq.keys() {
            if unknown.contains(k) {
                by_key.entry(*k).or_default().push(i);
            }
        }
    }
    let mut seen_keys: HashSet<CellKey> = HashSet::from([*key]);
    let mut seen_eqs: BTreeSet<usize> = BTreeSet::new();
    let mut stack = vec![*key];
    while let Some(k) = stack.pop() {
        for &i in by_key.get(&k).map_or(&[][..], Vec::as_slice) {
            if !seen_eqs.insert(i) {
                continue;
            }
            for m in equations[i].keys() {
                if unknown.contains(m) && seen_keys.insert(*m) {
                    stack.push(*m);
                }
            }
        }
    }
    seen_eqs.into_iter().map(|i| equations[i].clone()).collect()
}

/// A sparse row: (column, coefficient mod P), columns ascending, no zeros.
type SparseRow = Vec<(usize, u64)>;

const P: u64 = (1 << 61) - 1;

fn add(a: u64, b: u64) -> u64 {
    let s = a + b; // both < 2^61, no overflow
    if s >= P { s - P } else { s }
}

fn sub(a: u64, b: u64) -> u64 {
    if a >= b { a - b } else { a + P - b }
}

fn mul(a: u64, b: u64) -> u64 {
    let m = u128::from(a) * u128::from(b) % u128::from(P);
    // m < P < 2^64
    u64::try_from(m).unwrap_or(0)
}

fn pow(mut base: u64, mut exp: u64) -> u64 {
    let mut acc = 1;
    while exp > 0 {
        if exp & 1 == 1 {
            acc = mul(acc, base);
        }
        base = mul(base, base);
        exp >>= 1;
    }
    acc
}

fn inverse(a: u64) -> u64 {
    pow(a, P - 2)
}

fn coeff(row: &SparseRow, col: usize) -> u64 {
    row.binary_search_by_key(&col, |&(c, _)| c)
        .map(|i| row[i].1)
        .unwrap_or(0)
}

/// `a - factor * b`.
fn axpy(a: &SparseRow, factor: u64, b: &SparseRow) -> SparseRow {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let next = match (a.get(i), b.get(j)) {
            (Some(&(ca, va)), Some(&(cb, vb))) if ca == cb => {
                i += 1;
                j += 1;
                (ca, sub(va, mul(factor, vb)))
            }
            (Some(&(ca, va)), Some(&(cb, _))) if ca < cb => {
                i += 1;
                (ca, va)
            }
            (Some(_), Some(&(cb, vb))) | (None, Some(&(cb, vb))) => {
                j += 1;
                (cb, sub(0, mul(factor, vb)))
            }
            (Some(&(ca, va)), None) => {
                i += 1;
                (ca, va)
            }
            (None, None) => break,
        };
        if next.1 != 0 {
            out.push(next);
        }
    }
    out
}

/// Reduced row echelon form of `rows`; returns the pivot columns whose
/// reduced row has no other non-zero entry (the determined unknowns).
fn singleton_pivots(rows: Vec<SparseRow>) -> Vec<usize> {
    // pivot column -> fully reduced row with coefficient 1 at the pivot.
    let mut basis: BTreeMap<usize, SparseRow> = BTreeMap::new();
    for mut row in rows {
        // Reduce against the basis. Basis rows are zero at every other pivot,
        // so one pass over the pivots present in the row suffices; collect
        // them first because the row changes.
        let pivots: Vec<usize> = row
            .iter()
            .map(|&(c, _)| c)
            .filter(|c| basis.contains_key(c))
            .collect();
        for p in pivots {
            let f = coeff(&row, p);
            if f != 0
                && let Some(b) = basis.get(&p)
            {
                row = axpy(&row, f, b);
            }
        }
        let Some(&(pivot, lead)) = row.first() else {
            continue;
        };
        let inv = inverse(lead);
        let row: SparseRow = row.into_iter().map(|(c, v)| (c, mul(v, inv))).collect();
        // Keep the basis fully reduced: clear the new pivot column elsewhere.
        for b in basis.values_mut() {
            let f = coeff(b, pivot);
            if f != 0 {
                *b = axpy(b, f, &row);
            }
        }
        basis.insert(pivot, row);
    }
    basis
        .into_iter()
        .filter(|(_, row)| row.len() == 1)
        .map(|(p, _)| p)
        .collect()
}

struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n).collect(),
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            let up = self.parent[self.parent[x]];
            self.parent[x] = up;
            x = up;
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[hi] = lo;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::LocationId;
    use crate::monitor::dimensions::{Area, Indicator, Period};

    fn k(i: i64) -> CellKey {
        CellKey::total(
            Indicator::PupilsWithCase,
            Area::SchoolLocation(LocationId(i)),
            Period::SchoolYear { start_year: 2024 },
        )
    }

    #[test]
    fn modular_arithmetic() {
        assert_eq!(add(P - 1, 1), 0);
        assert_eq!(sub(0, 1), P - 1);
        assert_eq!(mul(inverse(12345), 12345), 1);
        assert_eq!(mul(P - 1, P - 1), 1);
    }

    #[test]
    fn one_unknown_is_recovered_by_both_attacks() {
        // t = a + b + c, b hidden.
        let eqs = vec![Equation {
            total: k(0),
            parts: vec![k(1), k(2), k(3)],
        }];
        let known: HashMap<_, _> = [(k(0), 30), (k(1), 10), (k(3), 15)].into_iter().collect();
        let rec = difference_attack(&eqs, &known);
        assert_eq!(rec.get(&k(2)), Some(&5));
        let unknown: HashSet<_> = [k(2)].into_iter().collect();
        assert_eq!(
            exactly_determined(&eqs, &unknown),
            [k(2)].into_iter().collect()
        );
    }

    #[test]
    fn two_unknowns_in_one_equation_are_safe() {
        let eqs = vec![Equation {
            total: k(0),
            parts: vec![k(1), k(2), k(3)],
        }];
        let known: HashMap<_, _> = [(k(0), 30), (k(1), 10)].into_iter().collect();
        assert!(difference_attack(&eqs, &known).is_empty());
        let unknown: HashSet<_> = [k(2), k(3)].into_iter().collect();
        assert!(exactly_determined(&eqs, &unknown).is_empty());
    }

    #[test]
    fn a_combination_of_equations_is_found_by_the_solver_only() {
        // Two rectangles joined by one cell: every line has two unknowns, but
        // the joining cell is fixed (rows 1+2 minus columns 1+2).
        //        c1   c2   c3   total
        //  r1    x11  x12  x13  R1
        //  r2    x21  x22   .   R2
        //  tot   C1   C2   C3
        // x11, x12, x21, x22, x13 hidden; column 3 has x13 and the rest of
        // column 3 (x33) hidden too.
        let cell = |r: i64, c: i64| k(100 + r * 10 + c);
        let row_t = |r: i64| k(200 + r);
        let col_t = |c: i64| k(300 + c);
        let mut eqs = Vec::new();
        for r in 1..=3 {
            eqs.push(Equation {
                total: row_t(r),
                parts: (1..=3).map(|c| cell(r, c)).collect(),
            });
        }
        for c in 1..=3 {
            eqs.push(Equation {
                total: col_t(c),
                parts: (1..=3).map(|r| cell(r, c)).collect(),
            });
        }
        let unknown: HashSet<_> = [
            cell(1, 1),
            cell(1, 2),
            cell(2, 1),
            cell(2, 2),
            cell(1, 3),
            cell(3, 3),
        ]
        .into_iter()
        .collect();
        let mut known = HashMap::new();
        for r in 1..=3 {
            known.insert(row_t(r), 100);
            known.insert(col_t(r), 100);
            for c in 1..=3 {
                if !unknown.contains(&cell(r, c)) {
                    known.insert(cell(r, c), 10);
                }
            }
        }
        // Row 3 has x33 as its only unknown: the difference attack gets it,
        // then column 3 gives x13.
        let rec = difference_attack(&eqs, &known);
        assert!(rec.contains_key(&cell(3, 3)));
        assert!(rec.contains_key(&cell(1, 3)));
        // Without row 3's equation only the solver finds x13 and x33.
        let eqs2: Vec<_> = eqs
            .iter()
            .filter(|e| e.total != row_t(3))
            .cloned()
            .collect();
        let mut known2 = known.clone();
        known2.remove(&row_t(3));
        assert!(difference_attack(&eqs2, &known2).is_empty());
        let det = exactly_determined(&eqs2, &unknown);
        assert!(det.contains(&cell(1, 3)), "{det:?}");
        assert!(det.contains(&cell(3, 3)), "{det:?}");
        assert!(!det.contains(&cell(1, 1)));
    }

    #[test]
    fn empty_input() {
        assert!(difference_attack(&[], &HashMap::new()).is_empty());
        assert!(exactly_determined(&[], &HashSet::new()).is_empty());
    }
}
