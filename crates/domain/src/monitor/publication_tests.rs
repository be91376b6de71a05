use std::collections::{HashMap, HashSet};

use proptest::prelude::*;

use super::*;
use crate::monitor::audit::{Equation, difference_attack, exactly_determined};
use crate::monitor::facts::MonthFacts;

const M1: OrgId = OrgId(1);
const M2: OrgId = OrgId(2);
const EMPTY: OrgId = OrgId(3);
const SWV: OrgId = OrgId(10);
const BOARD: OrgId = OrgId(20);
const REGION_1: OrgId = OrgId(30);
const REGION_2: OrgId = OrgId(31);

fn month() -> Period {
    Period::month(2026, 10).expect("month")
}

fn loc(id: i64, sector: Sector, municipality: OrgId, board: Option<OrgId>) -> LocationInfo {
    LocationInfo {
        id: LocationId(id),
        sector,
        municipality,
        swv: Some(SWV),
        board,
    }
}

/// Two municipalities with three and two locations, an empty one, one
/// partnership over all, one board over three locations in both; region 1
/// is the first municipality and the empty one, region 2 the second.
fn hierarchy() -> Hierarchy {
    Hierarchy::new(
        vec![
            loc(101, Sector::Po, M1, Some(BOARD)),
            loc(102, Sector::Po, M1, Some(BOARD)),
            loc(103, Sector::So, M1, None),
            loc(201, Sector::Po, M2, Some(BOARD)),
            loc(202, Sector::Po, M2, None),
        ],
        vec![M1, M2, EMPTY],
    )
    .with_regions(vec![
        (REGION_1, Some(M1)),
        (REGION_1, Some(EMPTY)),
        (REGION_2, Some(M2)),
    ])
}

fn facts(values: &[(i64, u64)], indicator: Indicator) -> MonthFacts {
    let mut f = MonthFacts::default();
    for (l, v) in values {
        if *v > 0 {
            f.counts
                .insert((LocationId(*l), indicator, Category::All), *v);
        }
    }
    f
}

fn fig(figures: &Figures, area: Area, sector: Option<Sector>, i: Indicator) -> Published {
    figures
        .get(&(Node::new(area, sector), Quantity::Count(i), Category::All))
        .copied()
        .unwrap_or(Published::ZERO)
}

/// Every relation an attacker knows between the published figures of one
/// counted indicator without categories: a node is the sum of its
/// locations, for every node.
fn equations(h: &Hierarchy, i: Indicator, period: Period) -> Vec<Equation> {
    let key = |n: Node| CellKey {
        indicator: i,
        area: n.area,
        period,
        sector: n.sector,
        category: Category::All,
    };
    h.nodes()
        .into_iter()
        .filter(|n| !matches!(n.area, Area::SchoolLocation(_)))
        .map(|n| Equation {
            total: key(n),
            parts: h
                .members(n)
                .iter()
                .map(|l| key(Node::new(Area::SchoolLocation(l.id), Some(l.sector))))
                .collect(),
        })
        .collect()
}

fn attack(h: &Hierarchy, figures: &Figures, i: Indicator) -> (HashSet<CellKey>, Vec<CellKey>) {
    let key = |n: Node| CellKey {
        indicator: i,
        area: n.area,
        period: month(),
        sector: n.sector,
        category: Category::All,
    };
    let mut known = HashMap::new();
    let mut hidden = HashSet::new();
    for n in h.nodes() {
        let p = fig(figures, n.area, n.sector, i);
        match p.figure {
            // Worst case: the attacker knows shown figures exactly.
            Figure::Shown(_) => {
                known.insert(key(n), p.value);
            }
            Figure::Suppressed(_) => {
                hidden.insert(key(n));
            }
        }
    }
    let eqs = equations(h, i, month());
    let recovered: Vec<CellKey> = difference_attack(&eqs, &known)
        .into_keys()
        .filter(|k| hidden.contains(k))
        .collect();
    let determined: Vec<CellKey> = exactly_determined(&eqs, &hidden).into_iter().collect();
    (hidden, recovered.into_iter().chain(determined).collect())
}

#[test]
fn small_counts_are_hidden_and_cannot_be_recovered_from_any_level() {
    let h = hierarchy();
    let i = Indicator::HomeSitters;
    let mut f = MonthFacts::default();
    for (l, v) in [(101, 4), (102, 25), (103, 30), (201, 40), (202, 12)] {
        f.counts.insert(
            (
                LocationId(l),
                i,
                Category::Duration(DurationBand::UpToThreeMonths),
            ),
            v,
        );
    }
    let figures = publish_month(&Sdc::default(), &h, month(), &f).expect("publish");
    let small = fig(
        &figures,
        Area::SchoolLocation(LocationId(101)),
        Some(Sector::Po),
        i,
    );
    assert_eq!(
        small.figure,
        Figure::Suppressed(SuppressionReason::SmallCount)
    );
    // The municipality total is shown, so a complement hides a second
    // location of the same line.
    assert!(
        fig(&figures, Area::Municipality(M1), None, i)
            .figure
            .shown()
            .is_some()
    );
    // The board holds the small location, but all PO schools of M1: it is
    // the sum of that (municipality, sector) node and one more location.
    assert_eq!(
        h.parts(Node::new(Area::SchoolBoard(BOARD), None)),
        vec![
            Part::Whole(Node::new(Area::Municipality(M1), Some(Sector::Po))),
            Part::Partial {
                group: Node::new(Area::Municipality(M2), Some(Sector::Po)),
                inside: vec![Node::new(
                    Area::SchoolLocation(LocationId(201)),
                    Some(Sector::Po)
                )],
                outside: vec![Node::new(
                    Area::SchoolLocation(LocationId(202)),
                    Some(Sector::Po)
                )],
            },
        ]
    );
    assert_eq!(
        fig(&figures, Area::SchoolBoard(BOARD), None, i).figure,
        Figure::Shown(70)
    );
    // Location 202 is hidden as the complement of 201 or not; either way a
    // board made of single hidden locations is hidden.
    let board_of_small = Hierarchy::new(
        vec![
            loc(101, Sector::Po, M1, None),
            loc(102, Sector::Po, M1, Some(BOARD)),
            loc(103, Sector::So, M1, Some(BOARD)),
        ],
        vec![M1],
    );
    let mut small_facts = MonthFacts::default();
    for (l, v) in [(101, 4), (102, 25), (103, 30)] {
        small_facts.counts.insert(
            (
                LocationId(l),
                i,
                Category::Duration(DurationBand::UpToThreeMonths),
            ),
            v,
        );
    }
    let small_figures =
        publish_month(&Sdc::default(), &board_of_small, month(), &small_facts).expect("publish");
    assert_eq!(
        fig(&small_figures, Area::SchoolBoard(BOARD), None, i).figure,
        Figure::Suppressed(SuppressionReason::Linked)
    );
    // The empty municipality shows zero.
    assert_eq!(
        fig(&figures, Area::Municipality(EMPTY), None, i).figure,
        Figure::Shown(0)
    );
    let (hidden, recovered) = attack(&h, &figures, i);
    assert!(hidden.len() >= 2);
    assert!(recovered.is_empty(), "recovered {recovered:?}");
}

#[test]
fn the_partnership_covering_whole_municipalities_uses_their_figures() {
    let h = hierarchy();
    let i = Indicator::PupilsWithCase;
    let f = facts(&[(101, 4), (102, 25), (103, 30), (201, 40), (202, 12)], i);
    let figures = publish_month(&Sdc::default(), &h, month(), &f).expect("publish");
    // The SWV covers the whole country: its figure is the country's, shown
    // although a location inside is hidden.
    assert_eq!(
        h.parts(Node::new(Area::Swv(SWV), None)),
        vec![Part::Whole(Node::national())]
    );
    // A partnership of two whole municipalities is the sum of theirs.
    let two = Hierarchy::new(
        vec![
            loc(101, Sector::Po, M1, None),
            loc(201, Sector::Po, M2, None),
            LocationInfo {
                swv: None,
                ..loc(301, Sector::Po, EMPTY, None)
            },
        ],
        vec![M1, M2, EMPTY],
    );
    assert_eq!(
        two.parts(Node::new(Area::Swv(SWV), None)),
        vec![
            Part::Whole(Node::new(Area::Municipality(M1), None)),
            Part::Whole(Node::new(Area::Municipality(M2), None))
        ]
    );
    let swv = fig(&figures, Area::Swv(SWV), None, i);
    assert_eq!(swv.value, 111);
    assert_eq!(swv.figure, Figure::Shown(110));
    let national = fig(&figures, Area::National, None, i);
    assert_eq!(national.figure, Figure::Shown(110));
}

/// Three municipalities of one location each (all PO) in two regions.
fn three_in_regions(regions: &[(OrgId, OrgId)]) -> Hierarchy {
    let one = |id: i64, m: OrgId| LocationInfo {
        swv: None,
        ..loc(id, Sector::Po, m, None)
    };
    Hierarchy::new(
        vec![one(101, M1), one(201, M2), one(301, EMPTY)],
        vec![M1, M2, EMPTY],
    )
    .with_regions(regions.iter().map(|(r, m)| (*r, Some(*m))).collect())
}

#[test]
fn regions_are_sums_of_whole_municipalities_and_never_reveal_a_hidden_one() {
    let i = Indicator::PupilsWithCase;
    let sdc = Sdc::default();
    // 40, 4 and 30: the 4 is hidden, and so is its complement in the
    // country's row (the 30, the cheapest other figure).
    let f = facts(&[(101, 40), (201, 4), (301, 30)], i);
    let m = |o: OrgId| Area::Municipality(o);

    // Region 1 = {40, 4}: published as 44 it would give the 4 away
    // (44 − 40). It is hidden.
    let h = three_in_regions(&[(REGION_1, M1), (REGION_1, M2), (REGION_2, EMPTY)]);
    assert_eq!(
        h.parts(Node::new(Area::Region(REGION_1), None)),
        vec![
            Part::Whole(Node::new(m(M1), None)),
            Part::Whole(Node::new(m(M2), None))
        ]
    );
    let figures = publish_month(&sdc, &h, month(), &f).expect("publish");
    assert_eq!(
        fig(&figures, m(M2), None, i).figure,
        Figure::Suppressed(SuppressionReason::SmallCount)
    );
    assert_eq!(
        fig(&figures, m(EMPTY), None, i).figure,
        Figure::Suppressed(SuppressionReason::Complementary)
    );
    let r1 = fig(&figures, Area::Region(REGION_1), None, i);
    assert_eq!(r1.value, 44);
    assert_eq!(r1.figure, Figure::Suppressed(SuppressionReason::Linked));
    assert_eq!(
        fig(&figures, Area::Region(REGION_1), Some(Sector::Po), i).figure,
        Figure::Suppressed(SuppressionReason::Linked)
    );
    let (hidden, recovered) = attack(&h, &figures, i);
    assert!(hidden.contains(&CellKey {
        indicator: i,
        area: Area::Region(REGION_1),
        period: month(),
        sector: None,
        category: Category::All,
    }));
    assert!(recovered.is_empty(), "recovered {recovered:?}");

    // Region 2 = {4, 30}: the country minus the 40, known anyway, so it is
    // shown (34, rounded to 35) and tells nothing new.
    let h = three_in_regions(&[(REGION_1, M1), (REGION_2, M2), (REGION_2, EMPTY)]);
    let figures = publish_month(&sdc, &h, month(), &f).expect("publish");
    assert_eq!(
        fig(&figures, Area::Region(REGION_2), None, i).figure,
        Figure::Shown(35)
    );
    assert_eq!(
        fig(&figures, Area::Region(REGION_1), None, i).figure,
        Figure::Shown(40)
    );
    let (_, recovered) = attack(&h, &figures, i);
    assert!(recovered.is_empty(), "recovered {recovered:?}");
}

#[test]
fn a_municipality_lies_in_one_region_and_unknown_ones_are_left_out() {
    let h = three_in_regions(&[
        (REGION_2, M1),
        (REGION_1, M1),
        (REGION_1, OrgId(99)),
        (REGION_2, M2),
    ]);
    assert_eq!(h.regions(), vec![REGION_1, REGION_2]);
    assert_eq!(h.municipalities_of_region(REGION_1), &[M1]);
    assert_eq!(h.municipalities_of_region(REGION_2), &[M2]);
    assert_eq!(h.region_of(M1), Some(REGION_1));
    assert_eq!(h.region_of(EMPTY), None);
    assert_eq!(h.members_of_area(Area::Region(REGION_2)).len(), 1);
    let empty = Hierarchy::new(Vec::new(), vec![M1]).with_regions(vec![(REGION_1, None)]);
    assert_eq!(empty.regions(), vec![REGION_1]);
    assert!(empty.municipalities_of_region(REGION_1).is_empty());
}

#[test]
fn quarters_are_shown_only_when_every_month_is() {
    let h = hierarchy();
    let i = Indicator::CasesOpened;
    let sdc = Sdc::default();
    let m =
        |vals: &[(i64, u64)]| publish_month(&sdc, &h, month(), &facts(vals, i)).expect("publish");
    let oct = m(&[(101, 12), (102, 15), (103, 20), (201, 30), (202, 11)]);
    let nov = m(&[(101, 3), (102, 15), (103, 20), (201, 30), (202, 11)]);
    let q = publish_period(&sdc, &h, &[&oct, &nov], &[]).expect("period");
    let at_101 = fig(
        &q,
        Area::SchoolLocation(LocationId(101)),
        Some(Sector::Po),
        i,
    );
    assert_eq!(at_101.value, 15);
    assert_eq!(at_101.figure, Figure::Suppressed(SuppressionReason::Linked));
    let at_201 = fig(
        &q,
        Area::SchoolLocation(LocationId(201)),
        Some(Sector::Po),
        i,
    );
    assert_eq!(at_201.figure, Figure::Shown(60));
}

#[test]
fn stocks_of_a_quarter_are_those_of_its_last_month() {
    let h = hierarchy();
    let i = Indicator::HomeSitters;
    let sdc = Sdc::default();
    let mk = |v: u64| {
        let mut f = MonthFacts::default();
        f.counts.insert(
            (
                LocationId(103),
                i,
                Category::Duration(DurationBand::OverTwelveMonths),
            ),
            v,
        );
        publish_month(&sdc, &h, month(), &f).expect("publish")
    };
    let q = publish_period(&sdc, &h, &[&mk(30), &mk(40)], &[]).expect("period");
    assert_eq!(fig(&q, Area::Municipality(M1), None, i).value, 40);
}

#[test]
fn shares_hide_with_their_counts() {
    let sdc = Sdc::default();
    let part = Published {
        value: 20,
        figure: Figure::Shown(20),
    };
    let whole = Published {
        value: 50,
        figure: Figure::Shown(50),
    };
    assert_eq!(share(&sdc, &part, &whole), Figure::Shown(40));
    let hidden_whole = Published {
        figure: Figure::Suppressed(SuppressionReason::Complementary),
        ..whole
    };
    assert_eq!(
        share(&sdc, &part, &hidden_whole),
        Figure::Suppressed(SuppressionReason::Linked)
    );
    let all = Published { value: 50, ..part };
    assert_eq!(
        share(&sdc, &all, &whole),
        Figure::Suppressed(SuppressionReason::Revealing)
    );
}

#[test]
fn statistics_need_a_group_of_the_threshold() {
    let h = hierarchy();
    let mut f = facts(&[(101, 12), (102, 3)], Indicator::PupilsWithYouthCare);
    for d in 1..=12 {
        f.durations
            .push((LocationId(101), DurationKind::SignalToHelp, d * 2));
    }
    for d in 1..=3 {
        f.durations
            .push((LocationId(102), DurationKind::SignalToHelp, d));
    }
    f.providers.insert((LocationId(101), OrgId(500)));
    f.providers.insert((LocationId(101), OrgId(501)));
    f.providers.insert((LocationId(102), OrgId(501)));
    let figures = publish_month(&Sdc::default(), &h, month(), &f).expect("publish");
    let stat = |area, sector, s| {
        figures
            .get(&(Node::new(area, sector), Quantity::Stat(s), Category::All))
            .copied()
            .unwrap_or(Published::NO_GROUP)
    };
    let at_101 = Area::SchoolLocation(LocationId(101));
    assert_eq!(
        stat(at_101, Some(Sector::Po), Stat::DaysToHelpP50).figure,
        Figure::Shown(12)
    );
    assert_eq!(
        stat(
            Area::SchoolLocation(LocationId(102)),
            Some(Sector::Po),
            Stat::DaysToHelpP50
        )
        .figure,
        Figure::Suppressed(SuppressionReason::SmallBase)
    );
    // 15 durations in the municipality: 1, 2, 2, 3, 4, 6, ...
    assert_eq!(
        stat(Area::Municipality(M1), None, Stat::DaysToHelpP50).figure,
        Figure::Shown(10)
    );
    // Two distinct providers for 15 pupils with youth care.
    assert_eq!(
        stat(Area::Municipality(M1), None, Stat::ProvidersDistinct).figure,
        Figure::Shown(2)
    );
    assert_eq!(
        stat(Area::Municipality(M1), None, Stat::ProvidersPerSchoolX10).value,
        15
    );
    assert_eq!(
        stat(Area::Municipality(M1), None, Stat::ProvidersPer100).value,
        13
    );
}

#[test]
fn codes_round_trip() {
    for area in [
        Area::National,
        Area::Municipality(OrgId(12)),
        Area::Swv(OrgId(3)),
        Area::SchoolBoard(OrgId(7)),
        Area::SchoolLocation(LocationId(5)),
    ] {
        assert_eq!(area_from_code(&area_code(area)), Some(area));
    }
    for bad in [
        "",
        "municipality-",
        "municipality-x",
        "planet-1",
        "swv--1",
        "location-1-2",
    ] {
        assert_eq!(area_from_code(bad), None, "{bad}");
    }
    for p in [
        Period::month(2026, 1).expect("p"),
        Period::quarter(2026, 4).expect("p"),
        Period::school_year(2025).expect("p"),
    ] {
        assert_eq!(period_from_code(&period_code(p)), Some(p));
    }
    for bad in ["2026-13", "2026-Q5", "SYabcd", "2026", "2026-1"] {
        assert_eq!(period_from_code(bad), None, "{bad}");
    }
    for i in Indicator::ALL {
        for c in categories_with_all(i) {
            assert_eq!(
                category_from_code(i.category_kind(), category_code(c)),
                Some(c)
            );
        }
    }
    for q in published_indicators()
        .into_iter()
        .map(Quantity::Count)
        .chain(Stat::ALL.into_iter().map(Quantity::Stat))
    {
        assert_eq!(Quantity::from_code(q.code()), Some(q));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the counts, no hidden figure of any level (location,
    /// municipality, partnership, board, country) follows from the shown
    /// ones by differencing or by any linear combination.
    #[test]
    fn no_level_gives_a_hidden_figure_away(values in proptest::collection::vec(0u64..40, 5)) {
        let h = hierarchy();
        let i = Indicator::PupilsWithCase;
        let ids = [101, 102, 103, 201, 202];
        let pairs: Vec<(i64, u64)> = ids.iter().copied().zip(values).collect();
        let figures = publish_month(&Sdc::default(), &h, month(), &facts(&pairs, i)).expect("publish");
        let (_, recovered) = attack(&h, &figures, i);
        prop_assert!(recovered.is_empty(), "recovered {:?}", recovered);
    }
}
