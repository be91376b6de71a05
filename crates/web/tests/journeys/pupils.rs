//! A school's pupil list and a pupil's file, as the people around the child
//! see them: search, sorting, pages; who sees the file and who gets "not
//! found"; break-glass; escaping; the language switch.

use brug_domain::audit::Outcome;
use brug_domain::registry::Sector;
use brug_store::audit::AuditQuery;
use brug_store::cases;
use brug_store::registry::{self, NewEnrolment, NewPupil};
use brug_test_support::db_test;
use time::Duration;
use time::macros::date;

use crate::support::{Client, PASSWORD, Resp, TestApp, World, comparable, decoded};

async fn setup(db: brug_test_support::TestDb) -> (TestApp, World) {
    let t = TestApp::start(db).await;
    let w = World::build(&t).await;
    (t, w)
}

async fn signed_in<'a>(t: &'a TestApp, email: &str) -> Client<'a> {
    let mut client = t.client();
    client.login(email, PASSWORD).await;
    client
}

/// The rows of a pupil list: (id, name) in the order shown.
fn rows(resp: &Resp) -> Vec<(i64, String)> {
    let marker = "<td class=\"utrecht-table__cell\"><a class=\"utrecht-link\" href=\"/pupils/";
    resp.body
        .split(marker)
        .skip(1)
        .map(|rest| {
            let (id, rest) = rest.split_once("\">").expect("link");
            let (name, _) = rest.split_once("</a>").expect("name");
            (id.parse().expect("pupil id"), name.to_owned())
        })
        .collect()
}

fn names(resp: &Resp) -> Vec<String> {
    rows(resp).into_iter().map(|(_, n)| n).collect()
}

/// Add `n` pupils to school A: "Kind Zeeman 01" ... born a day apart from 2014-01-01.
async fn more_pupils_at_a(t: &TestApp, w: &World, n: i64) -> Vec<i64> {
    let mut tx = t.db.begin().await.expect("begin");
    let mut ids = Vec::new();
    for i in 1..=n {
        let id = registry::insert_pupil(
            &mut tx,
            &NewPupil {
                given_name: "Kind".into(),
                name_prefix: None,
                family_name: format!("Zeeman {i:02}"),
                birth_date: date!(2014 - 01 - 01) + Duration::days(i),
                bsn_cipher: None,
                bsn_lookup: None,
            },
            t.ts(),
        )
        .await
        .expect("pupil");
        registry::insert_enrolment(
            &mut tx,
            &NewEnrolment {
                pupil_id: id,
                location_id: w.location_a,
                school_id: w.school_a,
                pupil_number: None,
                sector: Sector::So,
                grade: "groep 6".into(),
                residence_municipality_id: w.municipality,
                start_date: date!(2025 - 08 - 25),
                end_date: None,
            },
            t.ts(),
        )
        .await
        .expect("enrolment");
        ids.push(id);
    }
    tx.commit().await.expect("commit");
    ids
}

db_test!(
    async fn the_coordinator_lists_and_searches_her_schools_pupils(db: TestDb) {
        let (t, w) = setup(db).await;
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        let list_a = format!("/schools/{}/pupils", w.school_a);
        let all = ib.get(&list_a).await;
        all.expect(200)
            .expect_text("3 leerlingen")
            .expect_text("De Regenboog");
        assert_eq!(
            rows(&all),
            [
                (w.p17, "Mila Bakker".to_owned()),
                (w.p14, "Sanne Jansen".to_owned()),
                (w.p10, "Daan de Vries".to_owned()),
            ],
            "sorted by family name"
        );
        all.expect_no_text("Lucas Visser");

        for (q, expected) in [
            ("jansen", vec!["Sanne Jansen"]),
            ("JANSEN", vec!["Sanne Jansen"]),
            ("de+vries", vec!["Daan de Vries"]),
            ("daan+vries", vec!["Daan de Vries"]),
            ("a", vec!["Mila Bakker", "Sanne Jansen", "Daan de Vries"]),
            ("visser", vec![]),
            ("%25", vec![]),
        ] {
            let found = ib.get(&format!("{list_a}?q={q}")).await;
            found.expect(200);
            assert_eq!(names(&found), expected, "q={q}");
            if expected.is_empty() {
                found.expect_text("Geen leerlingen gevonden.");
            }
        }

        let list_b = format!("/schools/{}/pupils", w.school_b);
        let other = ib.get(&list_b).await;
        other.expect(404).expect_no_text("Lucas Visser");
        let missing = ib.get("/schools/987654/pupils").await;
        missing.expect(404);
        assert_eq!(
            comparable(&other.body, &list_b),
            comparable(&missing.body, "/schools/987654/pupils"),
            "another school's list looks like a missing one"
        );
        let (events, _) = t
            .audit(AuditQuery {
                actor_user: Some(w.coordinator_a.id),
                ..AuditQuery::default()
            })
            .await;
        let lists: Vec<(Option<String>, Outcome)> = events
            .iter()
            .filter(|e| e.event.resource_type == "pupil_list")
            .map(|e| (e.event.resource_id.clone(), e.event.outcome))
            .collect();
        assert_eq!(lists.len(), 10, "every list view is logged: {lists:?}");
        assert_eq!(
            lists[..2],
            [
                (Some("987654".to_owned()), Outcome::Denied),
                (Some(w.school_b.to_string()), Outcome::Denied),
            ]
        );
        assert!(
            lists[2..]
                .iter()
                .all(|l| *l == (Some(w.school_a.to_string()), Outcome::Allowed))
        );
    }
);

db_test!(
    async fn the_pupil_list_sorts_and_pages_but_never_shows_more_than_fifty(db: TestDb) {
        let (t, w) = setup(db).await;
        let extra = more_pupils_at_a(&t, &w, 60).await;
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        let list = format!("/schools/{}/pupils", w.school_a);

        let mut seen = Vec::new();
        for page in 1..=3 {
            let resp = ib.get(&format!("{list}?page={page}")).await;
            resp.expect(200)
                .expect_text("63 leerlingen")
                .expect_text(&format!("Pagina {page} van 3"));
            let shown = rows(&resp);
            assert_eq!(shown.len(), if page < 3 { 25 } else { 13 }, "page {page}");
            seen.extend(shown.into_iter().map(|(id, _)| id));
        }
        let mut expected: Vec<i64> = [w.p10, w.p14, w.p17].into_iter().chain(extra).collect();
        expected.sort_unstable();
        let mut all = seen.clone();
        all.sort_unstable();
        assert_eq!(all, expected, "three pages show every pupil once");

        let first = ib.get(&list).await;
        assert_eq!(
            names(&first)[..4],
            [
                "Mila Bakker",
                "Sanne Jansen",
                "Daan de Vries",
                "Kind Zeeman 01"
            ]
        );
        first.expect_text(&format!("href=\"{list}?page=2\" rel=\"next\""));
        let desc = ib.get(&format!("{list}?sort=name&dir=desc")).await;
        assert_eq!(names(&desc)[..2], ["Kind Zeeman 60", "Kind Zeeman 59"]);
        let last = ib.get(&format!("{list}?sort=name&dir=desc&page=3")).await;
        assert_eq!(
            names(&last)[10..],
            ["Daan de Vries", "Sanne Jansen", "Mila Bakker"]
        );
        let oldest = ib.get(&format!("{list}?sort=birth")).await;
        assert_eq!(names(&oldest)[..2], ["Mila Bakker", "Sanne Jansen"]);
        let youngest = ib.get(&format!("{list}?sort=birth&dir=desc")).await;
        assert_eq!(names(&youngest)[..2], ["Daan de Vries", "Kind Zeeman 60"]);
        let search_paged = ib.get(&format!("{list}?q=zeeman&page=2")).await;
        search_paged.expect_text("60 leerlingen");
        assert_eq!(rows(&search_paged).len(), 25);
        assert!(
            decoded(&search_paged.body).contains(&format!("href=\"{list}?q=zeeman&page=3\"")),
            "the next page keeps the search"
        );

        // No parameter makes the page longer; nonsense falls back to page 1.
        for query in [
            "?per_page=500",
            "?limit=1000&page_size=1000",
            "?page=abc",
            "?page=-3",
            "?sort=%3Bdrop+table+pupils&dir=sideways",
        ] {
            let resp = ib.get(&format!("{list}{query}")).await;
            resp.expect(200);
            let shown = rows(&resp);
            assert!(shown.len() <= 50, "{query}: {} rows", shown.len());
            assert_eq!(shown.len(), 25, "{query}");
            assert_eq!(shown[0].1, "Mila Bakker", "{query}");
        }
        // Past the last page: sent to the last page, which has rows.
        for page in ["4", "100000", "99999999999"] {
            let resp = ib.get(&format!("{list}?page={page}")).await;
            resp.expect(303);
            let last = resp.location().expect("redirect").to_owned();
            assert!(last.ends_with("?page=3"), "page {page} -> {last}");
            let resp = ib.get(&last).await;
            resp.expect(200);
            assert!(
                !rows(&resp).is_empty() && rows(&resp).len() <= 50,
                "page {page}"
            );
        }
    }
);

db_test!(
    async fn the_file_shows_name_school_and_guardians_to_those_allowed(db: TestDb) {
        let (t, w) = setup(db).await;
        let file = format!("/pupils/{}", w.p10);
        for (who, basis) in [
            // Coordinator A leads P10's case: a seat on the school's legal task.
            (
                &w.coordinator_a,
                "lid van het team rond deze leerling, op grond van een wettelijke taak",
            ),
            (
                &w.care_worker_1,
                "lid van het team rond deze leerling, met toestemming",
            ),
            (
                &w.attendance_officer,
                "lid van het team rond deze leerling, op grond van een wettelijke taak",
            ),
            (&w.parent, "ouder of verzorger"),
        ] {
            let mut client = signed_in(&t, &who.email).await;
            let resp = client.get(&file).await;
            resp.expect(200);
            assert_eq!(resp.h1(), Some("Daan de Vries"), "{}", who.name);
            resp.expect_text("15-01-2016 (10 jaar)")
                .expect_text("De Regenboog · De Regenboog Zuilen (10AA00)")
                .expect_text("Marieke de Vries (moeder) · marieke@thuis.example · 06-12345678")
                .expect_text(basis)
                .expect_text("Gemeente Utrecht");
            let (events, _) = t.pupil_events(w.p10).await;
            assert_eq!(events[0].event.actor.user.map(|u| u.0), Some(who.id));
            assert_eq!(events[0].event.outcome, Outcome::Allowed);
        }
        // P14 has no case: the coordinator sees her on the school's own task.
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        ib.get(&format!("/pupils/{}", w.p14))
            .await
            .expect(200)
            .expect_text("ondersteuningscoördinator van de school");
        let mut sanne = signed_in(&t, &w.child_14.email).await;
        let own = sanne.get(&format!("/pupils/{}", w.p14)).await;
        own.expect(200).expect_text("uw eigen dossier");
        assert_eq!(own.h1(), Some("Sanne Jansen"));
    }
);

db_test!(
    async fn a_refused_file_looks_exactly_like_a_missing_one(db: TestDb) {
        let (t, w) = setup(db).await;
        let missing = 987_654;
        for who in [&w.teacher_a, &w.care_worker_2, &w.parent_b, &w.policy_maker] {
            let mut client = signed_in(&t, &who.email).await;
            let refused = client.get(&format!("/pupils/{}", w.p10)).await;
            let absent = client.get(&format!("/pupils/{missing}")).await;
            refused
                .expect(404)
                .expect_no_text("Daan")
                .expect_no_text("Vries");
            absent.expect(404);
            assert_eq!(
                comparable(&refused.body, &format!("/pupils/{}", w.p10)),
                comparable(&absent.body, &format!("/pupils/{missing}")),
                "{}: the pages differ",
                who.name
            );
            let header_names = |r: &Resp| {
                let mut names: Vec<String> = r
                    .headers
                    .keys()
                    .map(|k| k.as_str().to_owned())
                    .filter(|k| k != "x-request-id")
                    .collect();
                names.sort();
                names
            };
            assert_eq!(
                header_names(&refused),
                header_names(&absent),
                "{}",
                who.name
            );
            for pupil in [w.p10, missing] {
                let (events, _) = t.pupil_events(pupil).await;
                assert_eq!(events[0].event.actor.user.map(|u| u.0), Some(who.id));
                assert_eq!(events[0].event.outcome, Outcome::Denied, "{}", who.name);
            }
        }
    }
);

db_test!(
    async fn break_glass_opens_a_file_read_only_with_a_flagged_reason(db: TestDb) {
        let (t, w) = setup(db).await;
        let file = format!("/pupils/{}", w.p10);
        let glass = format!("{file}/break-glass");
        let mut ruben = signed_in(&t, &w.care_worker_2.email).await;
        let refused = ruben.get(&file).await;
        refused
            .expect(404)
            .expect_text(&format!("action=\"{glass}\""))
            .expect_text("Noodsituatie?");

        for short in ["te kort", "         x", ""] {
            ruben
                .post(&glass, &[("reason", short)])
                .await
                .expect(404)
                .expect_no_text("Daan");
            let (events, _) = t.pupil_events(w.p10).await;
            assert_eq!(events[0].event.outcome, Outcome::Denied, "{short:?}");
            assert_eq!(events[0].event.basis, "denied:break_glass_reason_too_short");
            assert!(!events[0].event.break_glass);
        }

        let reason = "Kind niet thuisgekomen, moeder onbereikbaar";
        let opened = ruben.post(&glass, &[("reason", reason)]).await;
        opened
            .expect(200)
            .expect_text("U gebruikt noodtoegang")
            .expect_text("noodtoegang (doorbreekglas)");
        assert_eq!(opened.h1(), Some("Daan de Vries"));
        let (events, _) = t.pupil_events(w.p10).await;
        let e = &events[0].event;
        assert_eq!(e.outcome, Outcome::Allowed);
        assert!(e.break_glass);
        assert_eq!(e.basis, format!("break_glass:{reason}"));
        assert_eq!(e.actor.user.map(|u| u.0), Some(w.care_worker_2.id));
        assert_eq!(e.actor.role.as_deref(), Some("care_worker"));
        assert_eq!(e.actor.org.map(|o| o.0), Some(w.care_provider));

        // Emergency access is for that moment only.
        ruben.get(&file).await.expect(404);

        // Not a support role: no form, and a reason does not help.
        let mut joost = signed_in(&t, &w.teacher_a.email).await;
        joost
            .get(&file)
            .await
            .expect(404)
            .expect_no_text("break-glass");
        joost.post(&glass, &[("reason", reason)]).await.expect(404);
        let (events, _) = t.pupil_events(w.p10).await;
        assert_eq!(events[0].event.basis, "denied:break_glass_not_allowed");

        let (flagged, total) = t
            .audit(AuditQuery {
                break_glass_only: true,
                ..AuditQuery::default()
            })
            .await;
        assert_eq!(total, 1, "exactly one flagged event");
        assert_eq!(flagged[0].event.pupil.map(|p| p.0), Some(w.p10));

        // The privacy officer of the school sees it in the break-glass review.
        let mut pieter = signed_in(&t, &w.privacy_a.email).await;
        let review = pieter
            .get(&format!(
                "/organisations/{}/audit?break_glass=on",
                w.school_a
            ))
            .await;
        review.expect(200).expect_text("Ruben Dekker");
    }
);

db_test!(
    async fn withdrawing_consent_ends_the_care_workers_access_at_once(db: TestDb) {
        let (t, w) = setup(db).await;
        let file = format!("/pupils/{}", w.p10);
        let mut emma = signed_in(&t, &w.care_worker_1.email).await;
        emma.get(&file).await.expect(200);
        let mut tx = t.db.begin().await.expect("begin");
        assert!(
            cases::withdraw_consent(&mut tx, w.consent_p10, Some(w.parent.id), t.ts())
                .await
                .expect("withdraw")
        );
        tx.commit().await.expect("commit");
        emma.get(&file).await.expect(404);
        let (events, _) = t.pupil_events(w.p10).await;
        assert_eq!(events[0].event.outcome, Outcome::Denied);
        assert_eq!(events[0].event.basis, "denied:no_relation");
        // The attendance officer's legal task does not depend on consent.
        signed_in(&t, &w.attendance_officer.email)
            .await
            .get(&file)
            .await
            .expect(200);
    }
);

db_test!(
    async fn markup_in_a_name_is_shown_as_text(db: TestDb) {
        let (t, w) = setup(db).await;
        let mut tx = t.db.begin().await.expect("begin");
        let id = registry::insert_pupil(
            &mut tx,
            &NewPupil {
                given_name: "<script>alert('x')</script>".into(),
                name_prefix: Some("\"><img src=x onerror=alert(1)>".into()),
                family_name: "Evil & Co".into(),
                birth_date: date!(2015 - 02 - 02),
                bsn_cipher: None,
                bsn_lookup: None,
            },
            t.ts(),
        )
        .await
        .expect("pupil");
        registry::insert_enrolment(
            &mut tx,
            &NewEnrolment {
                pupil_id: id,
                location_id: w.location_a,
                school_id: w.school_a,
                pupil_number: Some("<b>42</b>".into()),
                sector: Sector::So,
                grade: "groep <i>3</i>".into(),
                residence_municipality_id: w.municipality,
                start_date: date!(2025 - 08 - 25),
                end_date: None,
            },
            t.ts(),
        )
        .await
        .expect("enrolment");
        tx.commit().await.expect("commit");

        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        let pages = [
            ib.get(&format!("/pupils/{id}")).await,
            ib.get(&format!("/schools/{}/pupils", w.school_a)).await,
            ib.get(&format!(
                "/schools/{}/pupils?q=%3Cscript%3Ealert(1)%3C/script%3E",
                w.school_a
            ))
            .await,
        ];
        for page in &pages {
            page.expect(200)
                .expect_no_text("<script")
                .expect_no_text("<img")
                .expect_no_text("<b>42")
                .expect_no_text("<i>3");
        }
        // Shown as text: the reader sees exactly the stored characters.
        let name = "<script>alert('x')</script> \"><img src=x onerror=alert(1)> Evil & Co";
        assert_eq!(pages[0].h1().map(decoded).as_deref(), Some(name));
        assert!(decoded(&pages[0].body).contains("<b>42</b>"));
        assert!(decoded(&pages[1].body).contains(&format!(">{name}</a>")));
        assert!(decoded(&pages[2].body).contains("value=\"<script>alert(1)</script>\""));
    }
);

db_test!(
    async fn the_english_switch_changes_the_page_language(db: TestDb) {
        let (t, w) = setup(db).await;
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        let file = format!("/pupils/{}", w.p10);
        let dutch = ib.get(&file).await;
        dutch
            .expect(200)
            .expect_text("<html lang=\"nl\"")
            .expect_text("Ouders en verzorgers")
            .expect_text(&format!("href=\"/lang/en?next=%2Fpupils%2F{}\"", w.p10));

        let switch = ib
            .get(&format!("/lang/en?next=%2Fpupils%2F{}", w.p10))
            .await;
        switch.expect_redirect(&file);
        let cookie = switch.set_cookie("brug_lang").expect("language cookie");
        assert!(cookie.starts_with("brug_lang=en;"), "{cookie}");

        let english = ib.get(&file).await;
        english
            .expect(200)
            .expect_text("<html lang=\"en\"")
            .expect_text("Parents and guardians")
            .expect_no_text("Ouders en verzorgers");
        assert_eq!(english.h1(), Some("Daan de Vries"));
        let refused = ib.get(&format!("/pupils/{}", w.pb)).await;
        refused.expect(404);
        assert_eq!(refused.h1(), Some("Not found"));
        ib.get(&format!("/schools/{}/pupils", w.school_a))
            .await
            .expect_text("3 pupils");

        ib.get(&format!("/lang/nl?next=%2Fpupils%2F{}", w.p10))
            .await
            .expect_redirect(&file);
        ib.get(&file).await.expect_text("Ouders en verzorgers");

        // Before login too.
        let mut visitor = t.client();
        visitor.set_cookie("brug_lang", "en");
        let login = visitor.get("/login").await;
        assert_eq!(login.h1(), Some("Log in"));
        let wrong = visitor
            .login_password(&w.parent.email, "wrong", "/start")
            .await;
        wrong
            .expect(422)
            .expect_text("The email address or password is not correct.");
    }
);
