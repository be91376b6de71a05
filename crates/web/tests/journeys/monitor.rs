//! S7 the monitor: indicators on hand-built data with known answers (a case
//! closed and reopened, a pupil who moved municipality, an empty
//! municipality), differencing attacks on the published figures, and the
//! policy maker's pages (dashboard, comparison, indicator, goals, report,
//! CSV), on both engines.

use std::collections::{HashMap, HashSet};

use brug_app::monitor::refresh;
use brug_domain::ids::{LocationId, OrgId};
use brug_domain::monitor::publication::{Node, Quantity, area_code, period_code};
use brug_domain::monitor::{
    Area, Category, CellKey, Equation, Figure, Indicator, Period, difference_attack,
    exactly_determined,
};
use brug_domain::registry::{OrgKind, Sector};
use brug_store::registry::{self, NewEnrolment, NewOrganisation, NewPupil, NewSchoolLocation};
use brug_store::{Ts, cases};
use brug_test_support::db_test;
use time::Date;
use time::macros::date;

use crate::support::{PASSWORD, TestApp, World};

/// Pupils of school A with a long-running open case, so school A's
/// municipality has figures large enough to show.
const BULK: usize = 14;

/// The places and cases the tests add to the World.
struct Monitored {
    /// The World's municipality (school A and B).
    m1: i64,
    /// Where the mover went.
    m2: i64,
    location_z: i64,
    /// A municipality with a school location and no pupils at all.
    m3: i64,
    /// Youth care regions: the first with m1 and m2 (the World's policy
    /// maker is also a policy maker of it), the second with m3.
    r1: i64,
    r2: i64,
}

async fn location(
    tx: &mut brug_store::Tx,
    municipality: i64,
    brin: &str,
    name: &str,
    now: Ts,
) -> (i64, i64) {
    let school = registry::insert_organisation(
        tx,
        &NewOrganisation {
            brin: Some(brin[..4].into()),
            municipality_id: Some(municipality),
            ..NewOrganisation::new(OrgKind::School, name)
        },
        now,
    )
    .await
    .expect("school");
    let loc = registry::insert_location(
        tx,
        &NewSchoolLocation {
            school_id: school,
            brin: brin.into(),
            name: name.into(),
            city: "Elders".into(),
            sector: Sector::So,
            municipality_id: municipality,
            swv_id: None,
        },
        now,
    )
    .await
    .expect("location");
    (school, loc)
}

async fn pupil(tx: &mut brug_store::Tx, n: usize, now: Ts) -> i64 {
    registry::insert_pupil(
        tx,
        &NewPupil {
            given_name: format!("Kind{n}"),
            name_prefix: None,
            family_name: "Monitor".into(),
            birth_date: date!(2014 - 02 - 01),
            bsn_cipher: None,
            bsn_lookup: None,
        },
        now,
    )
    .await
    .expect("pupil")
}

#[allow(clippy::too_many_arguments)]
async fn enrol(
    tx: &mut brug_store::Tx,
    pupil: i64,
    school: i64,
    location: i64,
    municipality: i64,
    from: Date,
    until: Option<Date>,
    now: Ts,
) {
    registry::insert_enrolment(
        tx,
        &NewEnrolment {
            pupil_id: pupil,
            location_id: location,
            school_id: school,
            pupil_number: None,
            sector: Sector::So,
            grade: "groep 6".into(),
            residence_municipality_id: municipality,
            start_date: from,
            end_date: until,
        },
        now,
    )
    .await
    .expect("enrolment");
}

async fn case(
    tx: &mut brug_store::Tx,
    pupil: i64,
    school: i64,
    first: Date,
    help: Option<Date>,
    now: Ts,
) -> i64 {
    cases::insert_case(
        tx,
        &cases::NewCase {
            pupil_id: pupil,
            title: "Monitor".into(),
            school_id: school,
            status: "active".into(),
            lead_domain: Some("onderwijs".into()),
            first_signal_on: first,
            help_started_on: help,
            created_by_user_id: None,
        },
        now,
    )
    .await
    .expect("case")
}

/// Adds to the World: a second municipality with a school the mover goes
/// to; an empty municipality; at school A a case closed in September, one
/// closed in September and reopened in November, the mover (at school A until
/// 15 September, then in the other municipality, with a case opened in
/// August) and [`BULK`] pupils with open cases.
async fn monitored(t: &TestApp, w: &World) -> Monitored {
    let now = t.ts();
    let mut open = t.db.begin().await.expect("begin");
    let tx = &mut open;
    let muni = |name: &str, code: &str| NewOrganisation {
        cbs_code: Some(code.into()),
        ..NewOrganisation::new(OrgKind::Municipality, name)
    };
    let m2 = registry::insert_organisation(tx, &muni("Gemeente Zeist", "GM0355"), now)
        .await
        .expect("m2");
    let m3 = registry::insert_organisation(tx, &muni("Gemeente Leegdorp", "GM0999"), now)
        .await
        .expect("m3");
    let (school_z, location_z) = location(tx, m2, "30CC00", "De Zeister School", now).await;
    location(tx, m3, "40DD00", "De Lege School", now).await;
    let region = |name: &str| NewOrganisation::new(OrgKind::Region, name);
    let r1 = registry::insert_organisation(tx, &region("Jeugdregio Utrecht-West"), now)
        .await
        .expect("r1");
    let r2 = registry::insert_organisation(tx, &region("Jeugdregio Leegland"), now)
        .await
        .expect("r2");
    for (muni, r) in [(w.municipality, r1), (m2, r1), (m3, r2)] {
        registry::set_region(tx, muni, r).await.expect("region");
    }
    brug_store::users::add_membership(
        tx,
        w.policy_maker.id,
        r1,
        brug_domain::roles::Role::PolicyMaker,
        now,
    )
    .await
    .expect("membership");

    let since = date!(2025 - 08 - 25);
    let mover = pupil(tx, 0, now).await;
    enrol(
        tx,
        mover,
        w.school_a,
        w.location_a,
        w.municipality,
        since,
        Some(date!(2026 - 09 - 15)),
        now,
    )
    .await;
    enrol(
        tx,
        mover,
        school_z,
        location_z,
        m2,
        date!(2026 - 09 - 16),
        None,
        now,
    )
    .await;
    case(tx, mover, w.school_a, date!(2026 - 08 - 10), None, now).await;

    let closed_pupil = pupil(tx, 1, now).await;
    let reopened_pupil = pupil(tx, 2, now).await;
    let mut closed = 0;
    let mut reopened = 0;
    for (p, id) in [(closed_pupil, &mut closed), (reopened_pupil, &mut reopened)] {
        enrol(
            tx,
            p,
            w.school_a,
            w.location_a,
            w.municipality,
            since,
            None,
            now,
        )
        .await;
        *id = case(tx, p, w.school_a, date!(2026 - 05 - 01), None, now).await;
    }
    for n in 0..BULK {
        let p = pupil(tx, 10 + n, now).await;
        enrol(
            tx,
            p,
            w.school_a,
            w.location_a,
            w.municipality,
            since,
            None,
            now,
        )
        .await;
        case(
            tx,
            p,
            w.school_a,
            date!(2026 - 03 - 02),
            Some(date!(2026 - 03 - 20)),
            now,
        )
        .await;
    }
    open.commit().await.expect("commit");
    // Both closed on 20 September with a diploma; one reopened on 10
    // November (reopening clears the closing date and outcome; the phase
    // history keeps both changes). Through the store call the use cases
    // make, with the day of the change.
    let mut tx = t.db.begin().await.expect("begin");
    let status = |status: &str, on: Option<Date>| cases::StatusChange {
        status: status.into(),
        help_started_on: None,
        closed_on: on,
        close_reason: on.map(|_| "Diploma".into()),
        outcome: on.map(|_| "diploma".into()),
    };
    let closing = date!(2026 - 09 - 20);
    for id in [closed, reopened] {
        cases::change_status(
            &mut tx,
            id,
            1,
            &status("closed", Some(closing)),
            closing,
            now,
        )
        .await
        .expect("close");
    }
    let reopening = date!(2026 - 11 - 10);
    cases::change_status(
        &mut tx,
        reopened,
        2,
        &status("exploration", None),
        reopening,
        now,
    )
    .await
    .expect("reopen");
    tx.commit().await.expect("commit");
    Monitored {
        m1: w.municipality,
        m2,
        location_z,
        m3,
        r1,
        r2,
    }
}

fn month(m: u8) -> Period {
    Period::Month {
        year: 2026,
        month: m,
    }
}

/// Every stored figure of one month and quantity, by node and category.
async fn published(
    t: &TestApp,
    period: Period,
    quantity: Quantity,
    areas: &[Area],
) -> HashMap<(Node, Category), brug_domain::monitor::publication::Published> {
    let codes: Vec<String> = areas.iter().map(|a| area_code(*a)).collect();
    let q = [quantity.code()];
    brug_store::monitor::figures(&t.db, &[period_code(period)], &codes, None, Some(&q))
        .await
        .expect("figures")
        .into_iter()
        .map(|(_, f)| ((f.node, f.category), f.published))
        .collect()
}

/// The true value of a figure (absent: zero, which is not stored).
fn value(
    figures: &HashMap<(Node, Category), brug_domain::monitor::publication::Published>,
    area: Area,
    sector: Option<Sector>,
    category: Category,
) -> u64 {
    figures
        .get(&(Node::new(area, sector), category))
        .map_or(0, |p| p.value)
}

db_test!(
    async fn indicators_give_the_known_answers_on_hand_built_data(db: TestDb) {
        let t = TestApp::start(db).await;
        let w = World::build(&t).await;
        let m = monitored(&t, &w).await;
        let report = refresh::refresh(&t.app, true).await.expect("refresh");
        assert!(!report.skipped);
        assert!(report.months.contains(&"2026-09".to_owned()), "{report:?}");

        let la = Area::SchoolLocation(LocationId(w.location_a));
        let lz = Area::SchoolLocation(LocationId(m.location_z));
        let areas = [
            la,
            lz,
            Area::Municipality(OrgId(m.m1)),
            Area::Municipality(OrgId(m.m2)),
            Area::Municipality(OrgId(m.m3)),
            Area::National,
        ];
        let so = Some(Sector::So);
        let with_case = Quantity::Count(Indicator::PupilsWithCase);

        // August (reference date 31 August): the mover counts at school A,
        // with the closed and reopened cases (both open then) and the bulk.
        let aug = published(&t, month(8), with_case, &areas).await;
        assert_eq!(value(&aug, la, so, Category::All), 3 + BULK as u64);
        assert_eq!(value(&aug, lz, so, Category::All), 0);
        // September (30 September): the mover counts in the new
        // municipality; neither closed case is open (the reopened one was
        // closed then); P10's case began on 1 September.
        let sep = published(&t, month(9), with_case, &areas).await;
        assert_eq!(value(&sep, la, so, Category::All), 1 + BULK as u64);
        assert_eq!(value(&sep, lz, so, Category::All), 1);
        let m2 = Area::Municipality(OrgId(m.m2));
        assert_eq!(value(&sep, m2, None, Category::All), 1);
        // The empty municipality: nothing, and no figure made up.
        let m3 = Area::Municipality(OrgId(m.m3));
        assert_eq!(value(&sep, m3, None, Category::All), 0);
        let enrolled = published(
            &t,
            month(9),
            Quantity::Count(Indicator::PupilsEnrolled),
            &[m3],
        )
        .await;
        assert_eq!(value(&enrolled, m3, None, Category::All), 0);
        // The country is the sum of its municipalities: nobody twice.
        let m1 = Area::Municipality(OrgId(m.m1));
        assert_eq!(
            value(&sep, Area::National, None, Category::All),
            value(&sep, m1, None, Category::All) + 1
        );

        // October, the month between closing and reopening: still closed.
        let oct = published(&t, month(10), with_case, &areas).await;
        assert_eq!(value(&oct, la, so, Category::All), 1 + BULK as u64);
        // November (reference date today, 25 November): open again.
        let nov = published(&t, month(11), with_case, &areas).await;
        assert_eq!(value(&nov, la, so, Category::All), 2 + BULK as u64);
        let closed_oct = published(
            &t,
            month(10),
            Quantity::Count(Indicator::ClosedCaseOutcomes),
            &[la],
        )
        .await;
        assert_eq!(value(&closed_oct, la, so, Category::All), 0);

        // Outcomes: both cases closed in September and were closed at its
        // end, so both count there, the later reopening does not undo that
        // (school locations have no breakdown by category; their
        // municipality has).
        let outcomes = published(
            &t,
            month(9),
            Quantity::Count(Indicator::ClosedCaseOutcomes),
            &[la, m1],
        )
        .await;
        assert_eq!(value(&outcomes, la, so, Category::All), 2, "{outcomes:?}");
        let diploma = Category::Outcome(brug_domain::cases::CaseOutcome::Diploma);
        assert_eq!(value(&outcomes, m1, None, diploma), 2, "{outcomes:?}");
        let by_outcome: u64 = outcomes
            .iter()
            .filter(|((n, c), _)| n.area == m1 && n.sector.is_none() && *c != Category::All)
            .map(|(_, p)| p.value)
            .sum();
        assert_eq!(by_outcome, 2, "{outcomes:?}");
        // Cases opened in August: the mover's, at school A where he was.
        let opened = published(
            &t,
            month(8),
            Quantity::Count(Indicator::CasesOpened),
            &[la, lz],
        )
        .await;
        assert_eq!(value(&opened, la, so, Category::All), 1, "{opened:?}");
        assert_eq!(value(&opened, lz, so, Category::All), 0);
        // A quarter adds the flows of its months: the mover's case in
        // August and P10's on 1 September.
        let q3 = Period::Quarter {
            year: 2026,
            quarter: 3,
        };
        let opened_q3 = published(&t, q3, Quantity::Count(Indicator::CasesOpened), &[la]).await;
        assert_eq!(value(&opened_q3, la, so, Category::All), 2, "{opened_q3:?}");

        // What is shown: counts rounded to multiples of five, never 1 to 9;
        // the mover's single case is hidden, and so is a complement, so the
        // country minus the other municipalities does not give it away.
        for (key, p) in &sep {
            if let Figure::Shown(v) = p.figure {
                assert!(v % 5 == 0 && (v == 0 || v >= 10), "{key:?}: {p:?}");
            }
        }
        let figure = |a: Area| {
            sep.get(&(Node::new(a, None), Category::All))
                .map(|p| p.figure)
        };
        assert_eq!(
            figure(m2),
            Some(Figure::Suppressed(
                brug_domain::monitor::SuppressionReason::SmallCount
            ))
        );
        let complements = [m1, m3, Area::National]
            .iter()
            .filter(|a| matches!(figure(**a), Some(Figure::Suppressed(_))))
            .count();
        assert!(complements >= 1, "{sep:?}");
    }
);

/// The additive relations an attacker knows between the published figures
/// of one month's count over the municipality tree: the country is the sum
/// of its municipalities, a region the sum of its municipalities, a
/// municipality the sum of its locations (all of sector SO here), and the
/// same per sector.
fn equations(
    indicator: Indicator,
    period: Period,
    municipalities: &[(Area, Vec<Area>)],
    regions: &[(Area, Vec<Area>)],
) -> Vec<Equation> {
    let key = |area, sector| CellKey {
        indicator,
        area,
        period,
        sector,
        category: Category::All,
    };
    let so = Some(Sector::So);
    let mut out = Vec::new();
    for sector in [None, so] {
        out.push(Equation {
            total: key(Area::National, sector),
            parts: municipalities
                .iter()
                .map(|(m, _)| key(*m, sector))
                .collect(),
        });
        for (r, ms) in regions {
            out.push(Equation {
                total: key(*r, sector),
                parts: ms.iter().map(|m| key(*m, sector)).collect(),
            });
        }
    }
    for (m, locations) in municipalities {
        out.push(Equation {
            total: key(*m, None),
            parts: vec![key(*m, so)],
        });
        out.push(Equation {
            total: key(*m, so),
            parts: locations.iter().map(|l| key(*l, so)).collect(),
        });
    }
    out
}

db_test!(
    async fn differencing_attacks_do_not_reveal_a_hidden_figure(db: TestDb) {
        let t = TestApp::start(db).await;
        let w = World::build(&t).await;
        let m = monitored(&t, &w).await;
        refresh::refresh(&t.app, true).await.expect("refresh");

        let locs = brug_store::monitor::hierarchy(&t.db)
            .await
            .expect("hierarchy")
            .0;
        let in_muni = |id: i64| -> Vec<Area> {
            locs.iter()
                .filter(|l| l.municipality == OrgId(id))
                .map(|l| Area::SchoolLocation(l.id))
                .collect()
        };
        let tree: Vec<(Area, Vec<Area>)> = [m.m1, m.m2, m.m3]
            .iter()
            .map(|id| (Area::Municipality(OrgId(*id)), in_muni(*id)))
            .collect();
        let (m1, m2, m3) = (
            Area::Municipality(OrgId(m.m1)),
            Area::Municipality(OrgId(m.m2)),
            Area::Municipality(OrgId(m.m3)),
        );
        let (r1, r2) = (Area::Region(OrgId(m.r1)), Area::Region(OrgId(m.r2)));
        let regions = vec![(r1, vec![m1, m2]), (r2, vec![m3])];
        let areas: Vec<Area> = tree
            .iter()
            .flat_map(|(m, ls)| std::iter::once(*m).chain(ls.iter().copied()))
            .chain([Area::National, r1, r2])
            .collect();
        // The region is the sum of its municipalities; with the mover's
        // municipality hidden (a single pupil), publishing it next to the
        // World's municipality would give that figure away (region minus
        // the World's municipality): one of the two is hidden.
        let sep = published(
            &t,
            month(9),
            Quantity::Count(Indicator::PupilsWithCase),
            &areas,
        )
        .await;
        let fig = |a: Area| sep.get(&(Node::new(a, None), Category::All)).copied();
        assert_eq!(
            fig(r1).map(|p| p.value),
            Some(fig(m1).map_or(0, |p| p.value) + 1)
        );
        assert!(
            matches!(fig(m2).map(|p| p.figure), Some(Figure::Suppressed(_))),
            "{sep:?}"
        );
        let hidden = |a: Area| matches!(fig(a).map(|p| p.figure), Some(Figure::Suppressed(_)));
        assert!(hidden(r1) || hidden(m1), "{sep:?}");
        let mut attacked = 0;
        for indicator in [Indicator::PupilsWithCase, Indicator::PupilsEnrolled] {
            for p in [month(8), month(9), month(10)] {
                let figures = published(&t, p, Quantity::Count(indicator), &areas).await;
                let eqs = equations(indicator, p, &tree, &regions);
                // Worst case: the attacker knows every shown figure exactly
                // (rounding ignored).
                let mut known: HashMap<CellKey, u64> = HashMap::new();
                let mut hidden: HashSet<CellKey> = HashSet::new();
                for eq in &eqs {
                    for k in eq.keys() {
                        let f = figures.get(&(Node::new(k.area, k.sector), Category::All));
                        match f.map(|f| f.figure) {
                            Some(Figure::Suppressed(_)) => {
                                hidden.insert(*k);
                            }
                            Some(Figure::Shown(_)) | None => {
                                known.insert(*k, f.map_or(0, |f| f.value));
                            }
                        }
                    }
                }
                attacked += hidden.len();
                let recovered = difference_attack(&eqs, &known);
                assert!(
                    recovered.is_empty(),
                    "{indicator:?} {p:?}: total minus the other cells gives {recovered:?}"
                );
                let solved = exactly_determined(&eqs, &hidden);
                assert!(
                    solved.is_empty(),
                    "{indicator:?} {p:?}: the equations together give {solved:?}"
                );
            }
        }
        // The attacks had something to try: the mover's municipality is
        // hidden in September and October.
        assert!(attacked >= 2, "nothing hidden to attack");
        let _ = m.location_z;
    }
);

db_test!(
    async fn a_policy_maker_steers_on_the_monitor(db: TestDb) {
        let t = TestApp::start(db).await;
        let w = World::build(&t).await;
        let m = monitored(&t, &w).await;
        refresh::refresh(&t.app, true).await.expect("refresh");
        let area = format!("municipality-{}", m.m1);
        let mut c = t.client();
        c.login(&w.policy_maker.email, PASSWORD).await;

        let home = c.get("/monitor").await;
        home.expect(200).expect_text(&format!("/monitor/{area}"));

        let dash = c.get(&format!("/monitor/{area}?period=2026-09")).await;
        dash.expect(200)
            .expect_text("Stand van")
            .expect_text("Alle indicatoren")
            .expect_text("De Regenboog Zuilen")
            .expect_text("<svg")
            .expect_text("aria-describedby=\"trend\"")
            .expect_no_text("Daan")
            .expect_no_text("Kind1");

        let ind = c
            .get(&format!(
                "/monitor/{area}/indicators/pupils_with_case?period=2026-09"
            ))
            .await;
        ind.expect(200)
            .expect_text("Teller: leerlingen met een open traject op de peildatum")
            .expect_text("id=\"indicator-trend\"");

        let cmp = c.get("/monitor/national/compare?period=2026-09").await;
        cmp.expect(200)
            .expect_text("Gemeente Zeist")
            .expect_text("Gemeente Leegdorp");

        // The CSV holds the same texts as the page, hidden marks included.
        let csv = c
            .get(&format!("/monitor/{area}/export/children?period=2026-09"))
            .await;
        csv.expect(200);
        assert_eq!(csv.content_type(), Some("text/csv; charset=utf-8"));
        assert!(csv.body.contains("De Regenboog Zuilen"), "{}", csv.body);
        let table = c.get(&format!("/monitor/{area}?period=2026-09")).await;
        for line in csv.body.lines().skip(1) {
            let name = line.split(',').next().unwrap_or_default().trim_matches('"');
            assert!(table.body.contains(name), "{name} not on the page");
        }
        let exports = t
            .audit(brug_store::audit::AuditQuery {
                limit: 5,
                ..Default::default()
            })
            .await
            .0;
        assert!(
            exports.iter().any(
                |e| e.event.action == brug_domain::audit::AuditAction::Export
                    && e.event.resource_type == "monitor"
                    && e.event.pupil.is_none()
            ),
            "the export is logged"
        );

        // A goal: every home-sitter has the monthly meeting, 100% by
        // 1 August 2027; a wrong form keeps what was typed.
        let goals = format!("/monitor/{area}/goals");
        let bad = c
            .post(
                &goals,
                &[
                    ("measure", "home_sitters_monthly_meeting"),
                    ("target", "120"),
                    ("deadline", "01-08-2027"),
                    ("owner", "Wethouder onderwijs"),
                ],
            )
            .await;
        bad.expect(422).expect_text("Wethouder onderwijs");
        let ok = c
            .post(
                &goals,
                &[
                    ("measure", "home_sitters_monthly_meeting"),
                    ("target", "100"),
                    ("deadline", "01-08-2027"),
                    ("owner", "Wethouder onderwijs"),
                    ("note", "Elke thuiszitter heeft maandelijks overleg"),
                ],
            )
            .await;
        ok.expect_redirect(&goals);
        let page = c.get(&goals).await;
        page.expect(200)
            .expect_text("Wethouder onderwijs")
            .expect_text("01-08-2027")
            .expect_text("Verwachting");
        // The goal is on the dashboard and in the quarterly report.
        c.get(&format!("/monitor/{area}"))
            .await
            .expect(200)
            .expect_text("Wethouder onderwijs");
        c.get(&format!("/monitor/{area}/report"))
            .await
            .expect(200)
            .expect_text("Kwartaalrapportage over K4 2026")
            .expect_text("Wethouder onderwijs");
        // Not on another municipality's area, not on the country.
        c.post(
            "/monitor/national/goals",
            &[("measure", "home_sitters"), ("target", "0")],
        )
        .await
        .expect(403);
        c.get(&format!("/monitor/municipality-{}", m.m3))
            .await
            .expect(404);

        // The region: its dashboard lists its municipalities, the
        // comparison the other region; the municipality links up to it.
        let region = format!("region-{}", m.r1);
        c.get("/monitor")
            .await
            .expect(200)
            .expect_text(&format!("/monitor/{region}"));
        c.get(&format!("/monitor/{region}?period=2026-09"))
            .await
            .expect(200)
            .expect_text("Jeugdregio Utrecht-West")
            .expect_text("Gemeente Zeist")
            .expect_text("Gemeenten")
            .expect_no_text("Kind1");
        c.get(&format!("/monitor/{region}/compare?period=2026-09"))
            .await
            .expect(200)
            .expect_text("Jeugdregio Leegland");
        c.get(&format!("/monitor/{area}?period=2026-09"))
            .await
            .expect(200)
            .expect_text(&format!("/monitor/{region}"));
        // Through the region: its other municipality; not the other region.
        c.get(&format!("/monitor/municipality-{}", m.m2))
            .await
            .expect(200);
        c.get(&format!("/monitor/region-{}", m.r2))
            .await
            .expect(404);
        c.get(&format!("/monitor/{region}/report"))
            .await
            .expect(200)
            .expect_text("Jeugdregio Utrecht-West");
    }
);

db_test!(
    async fn handover_completion_counts_at_the_receiving_school_before_the_first_day(db: TestDb) {
        use brug_store::network::{self as network_store, NewHandover};
        let t = TestApp::start(db).await;
        let w = World::build(&t).await;
        let now = t.ts();
        let july = Ts::new(time::macros::datetime!(2026-07-10 09:00 UTC));
        let first_day = Ts::new(time::macros::datetime!(2026-08-24 08:00 UTC));
        let mut open = t.db.begin().await.expect("begin");
        let tx = &mut open;
        // From school B to school A, for the new school year (24 August),
        // each with its own pupil and case at school B: 12 accepted in July
        // (completed), 3 accepted on the first day (not before it), 7 sent
        // and never accepted, 1 cancelled (not counted), and 1 move during
        // the school year (January: not counted).
        let plan: Vec<(Date, Option<Ts>, &str)> =
            std::iter::repeat_n((date!(2026 - 08 - 24), Some(july), "received"), 12)
                .chain(std::iter::repeat_n(
                    (date!(2026 - 08 - 24), Some(first_day), "received"),
                    3,
                ))
                .chain(std::iter::repeat_n(
                    (date!(2026 - 08 - 24), None, "sent"),
                    7,
                ))
                .chain([
                    (date!(2026 - 08 - 24), None, "cancelled"),
                    (date!(2026 - 01 - 12), Some(july), "received"),
                ])
                .collect();
        for (n, (moves_on, accepted, stage)) in plan.into_iter().enumerate() {
            let p = pupil(tx, 100 + n, now).await;
            let case_id = case(tx, p, w.school_b, date!(2026 - 03 - 02), None, now).await;
            let id = network_store::insert_handover(
                tx,
                &NewHandover {
                    case_id,
                    pupil_id: p,
                    from_school_id: w.school_b,
                    to_school_id: w.school_a,
                    transition: "within_sector".into(),
                    moves_on,
                    sections: String::new(),
                    goal_ids: String::new(),
                    what_worked: String::new(),
                    what_did_not: String::new(),
                    prepared_by_user_id: None,
                    prepared_by_name: "IB".into(),
                },
                now,
            )
            .await
            .expect("handover");
            let steps: &[(&str, &str)] = match stage {
                "cancelled" => &[("prepared", "cancelled")],
                "sent" => &[("prepared", "sent")],
                _ => &[("prepared", "sent"), ("sent", "received")],
            };
            for (from, to) in steps {
                let at = if *to == "received" {
                    accepted.expect("accepted")
                } else {
                    now
                };
                assert!(
                    network_store::move_stage(tx, id, from, to, at)
                        .await
                        .expect("stage")
                );
            }
        }
        open.commit().await.expect("commit");
        refresh::refresh(&t.app, true).await.expect("refresh");

        let la = Area::SchoolLocation(LocationId(w.location_a));
        let m1 = Area::Municipality(OrgId(w.municipality));
        let q = Quantity::Count(Indicator::HandoversBeforeSchoolYear);
        let yes = Category::Answer(brug_domain::monitor::Answer::Yes);
        let no = Category::Answer(brug_domain::monitor::Answer::No);
        let aug = published(&t, month(8), q, &[la, m1, Area::National]).await;
        let sector_a = aug
            .keys()
            .find(|(n, _)| n.area == la)
            .and_then(|(n, _)| n.sector);
        // Counted at the receiving school, in the month of the move.
        assert_eq!(value(&aug, la, sector_a, Category::All), 22, "{aug:?}");
        assert_eq!(value(&aug, m1, None, yes), 12, "{aug:?}");
        assert_eq!(value(&aug, m1, None, no), 10, "{aug:?}");
        // Nowhere else: the country has the same 22.
        assert_eq!(value(&aug, Area::National, None, Category::All), 22);
        // The move in January is not a move for the new school year.
        let jan = published(
            &t,
            Period::Month {
                year: 2026,
                month: 1,
            },
            q,
            &[la, m1],
        )
        .await;
        assert!(jan.is_empty(), "{jan:?}");

        // On the policy maker's pages, with its written definition:
        // 12 of 22 = 55%.
        let mut c = t.client();
        c.login(&w.policy_maker.email, PASSWORD).await;
        let area = format!("municipality-{}", w.municipality);
        c.get(&format!("/monitor/{area}?period=2026-08"))
            .await
            .expect(200)
            .expect_text("Overdrachten af voor het schooljaar")
            .expect_text("55%");
        c.get(&format!(
            "/monitor/{area}/indicators/handover_completion?period=2026-08"
        ))
        .await
        .expect(200)
        .expect_text("Geteld bij de ontvangende schoollocatie")
        .expect_text("55%");
    }
);

/// The months with published figures, from `monitor_periods`.
async fn refreshed_months(t: &TestApp) -> Vec<String> {
    let mut months: Vec<String> = brug_store::monitor::refreshed(&t.db.db)
        .await
        .expect("refreshed")
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| p.len() == 7 && p.as_bytes()[5].is_ascii_digit())
        .collect();
    months.sort();
    months
}

/// Run the server's refresh job of an app with `settings` until it has
/// published something, then stop it.
async fn one_round_of_the_job(t: &TestApp, settings: brug_app::Settings) -> Vec<String> {
    let (app, _writer) = brug_app::App::start(
        t.db.db.clone(),
        t.clock.clone(),
        settings,
        brug_store::audit::AuditMode::On,
    )
    .await
    .expect("start a second app");
    let before = brug_store::monitor::refreshed(&t.db.db)
        .await
        .expect("refreshed");
    let job = tokio::spawn(refresh::run(
        std::sync::Arc::downgrade(&app),
        std::time::Duration::from_secs(3600),
    ));
    for _ in 0..600 {
        let now = brug_store::monitor::refreshed(&t.db.db)
            .await
            .expect("refreshed");
        // Something was published and the job's lease is free again: the
        // round is complete (the lease is held from before the first
        // write until after the last).
        if now != before && !now.is_empty() {
            let at = Ts::new(t.app.clock.now());
            let until = Ts::new(at.get() + time::Duration::minutes(1));
            if brug_store::monitor::take_lease(&t.db.db, "monitor_refresh", "probe", at, until)
                .await
                .expect("lease")
            {
                brug_store::monitor::release_lease(&t.db.db, "monitor_refresh", "probe")
                    .await
                    .expect("release");
                break;
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    job.abort();
    refreshed_months(t).await
}

db_test!(
    async fn the_server_leaves_the_daily_full_refresh_to_cron_when_told(db: TestDb) {
        let t = TestApp::start(db).await;
        let _w = World::build(&t).await;
        let window: Vec<String> = brug_app::monitor::window(t.app.clock.today())
            .into_iter()
            .map(period_code)
            .collect();
        let recent: Vec<String> = window[window.len() - 2..].to_vec();
        assert!(window.len() > 2, "{window:?}");

        // Full refresh left to `brug monitor refresh --full`: the job
        // publishes the running and the previous month only, even though
        // nobody has taken the daily lease yet.
        let mut settings = brug_app::Settings::with_key([42; 32]);
        settings.monitor_full_refresh_in_server = false;
        assert_eq!(one_round_of_the_job(&t, settings).await, recent);

        // The default: the first round of a server takes the daily lease
        // and publishes every month of the window.
        let settings = brug_app::Settings::with_key([42; 32]);
        assert_eq!(one_round_of_the_job(&t, settings).await, window);
    }
);
