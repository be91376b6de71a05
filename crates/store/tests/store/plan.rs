//! The plan: versioned sections with the stale-version conflict, goals with
//! progress notes, agreements and financing lines.

use brug_store::cases::{self, NewCase};
use brug_store::plan::{self, GoalFields, NewAgreement, NewFinancing, NewProgress, SectionSave};
use brug_store::{Db, StoreError, Ts};
use brug_test_support::db_test;
use time::macros::date;

use crate::fixtures::{self, now, now_plus};

/// A case for a new pupil at a new school, and two users who write in it.
async fn case_with_writers(db: &Db) -> (i64, i64, i64) {
    let school = fixtures::school(db, "30CC", "De Wegwijzer").await;
    let pupil = fixtures::pupil_at(
        db,
        &school,
        ("Noor", None, "Smit"),
        date!(2016 - 04 - 02),
        "groep 5",
        None,
    )
    .await;
    let ib = fixtures::user(db, "ib@wegwijzer.example").await;
    let worker = fixtures::user(db, "emma@jeugdhulp.example").await;
    let mut tx = db.begin().await.expect("begin");
    let case = cases::insert_case(
        &mut tx,
        &NewCase {
            pupil_id: pupil,
            title: "Zorgen over aanwezigheid".into(),
            school_id: school.school,
            status: "active".into(),
            lead_domain: None,
            first_signal_on: date!(2026 - 09 - 01),
            help_started_on: None,
            created_by_user_id: Some(ib),
        },
        now(),
    )
    .await
    .expect("case");
    tx.commit().await.expect("commit");
    (case, ib, worker)
}

async fn save(
    db: &Db,
    case: i64,
    section: &str,
    expected: i64,
    body: &str,
    (user, name): (i64, &str),
    at: Ts,
) -> Result<i64, StoreError> {
    let mut tx = db.begin().await.expect("begin");
    let result = plan::save_section(
        &mut tx,
        &SectionSave {
            case_id: case,
            section,
            expected_version: expected,
            body,
            author_user_id: Some(user),
            author_name: name,
        },
        at,
    )
    .await;
    match result {
        Ok(v) => {
            tx.commit().await.expect("commit");
            Ok(v)
        }
        Err(e) => {
            tx.rollback().await.expect("rollback");
            Err(e)
        }
    }
}

db_test!(
    async fn sections_are_versioned_and_a_stale_save_conflicts(db: TestDb) {
        let (case, ib, worker) = case_with_writers(&db).await;
        assert!(
            plan::sections(&db, case)
                .await
                .expect("sections")
                .is_empty()
        );

        let v1 = save(
            &db,
            case,
            "child_words",
            0,
            "Ik wil weer naar school.",
            (ib, "Fatima"),
            now(),
        )
        .await;
        assert_eq!(v1.expect("first save"), 1);
        // Both start from version 1; the first to save wins, the second conflicts.
        let v2 = save(
            &db,
            case,
            "child_words",
            1,
            "Ik wil weer naar school.\nMet mijn vriend Sem.",
            (ib, "Fatima"),
            now_plus(60),
        )
        .await;
        assert_eq!(v2.expect("second save"), 2);
        let stale = save(
            &db,
            case,
            "child_words",
            1,
            "Ik wil naar een andere school.",
            (worker, "Emma"),
            now_plus(90),
        )
        .await;
        assert!(matches!(stale, Err(StoreError::Conflict)), "{stale:?}");
        // Creating a section that someone else created meanwhile also conflicts.
        let stale_new = save(
            &db,
            case,
            "child_words",
            0,
            "Iets anders",
            (worker, "Emma"),
            now_plus(95),
        )
        .await;
        assert!(
            matches!(stale_new, Err(StoreError::Conflict)),
            "{stale_new:?}"
        );

        let current = plan::section(&db, case, "child_words")
            .await
            .expect("read")
            .expect("exists");
        assert_eq!(current.version, 2);
        assert_eq!(
            current.body,
            "Ik wil weer naar school.\nMet mijn vriend Sem."
        );
        assert_eq!(current.updated_by_user_id, Some(ib));
        assert_eq!(current.updated_by_name, "Fatima");
        assert_eq!(current.updated_at, now_plus(60));

        // Saving again on top of the newest version works, and every version is kept.
        let v3 = save(
            &db,
            case,
            "child_words",
            2,
            "Ik wil naar een andere school.",
            (worker, "Emma"),
            now_plus(120),
        )
        .await;
        assert_eq!(v3.expect("save on the newest"), 3);
        let versions = plan::versions(&db, case, "child_words")
            .await
            .expect("versions");
        let seen: Vec<(i64, &str, &str)> = versions
            .iter()
            .map(|v| (v.version, v.author_name.as_str(), v.body.as_str()))
            .collect();
        assert_eq!(
            seen,
            [
                (3, "Emma", "Ik wil naar een andere school."),
                (
                    2,
                    "Fatima",
                    "Ik wil weer naar school.\nMet mijn vriend Sem."
                ),
                (1, "Fatima", "Ik wil weer naar school."),
            ]
        );
        assert_eq!(versions[0].created_at, now_plus(120));
        let one = plan::version(&db, case, "child_words", 1)
            .await
            .expect("read")
            .expect("v1");
        assert_eq!(one.author_user_id, Some(ib));
        assert!(
            plan::version(&db, case, "child_words", 4)
                .await
                .expect("read")
                .is_none()
        );

        // Sections are independent of each other.
        save(
            &db,
            case,
            "strengths",
            0,
            "Sportief",
            (worker, "Emma"),
            now(),
        )
        .await
        .expect("other section");
        let all = plan::sections(&db, case).await.expect("sections");
        assert_eq!(all.len(), 2);
        assert!(
            plan::versions(&db, case, "parents_view")
                .await
                .expect("none")
                .is_empty()
        );
    }
);

db_test!(
    async fn goals_round_trip_with_optimistic_versions_and_progress(db: TestDb) {
        let (case, ib, worker) = case_with_writers(&db).await;
        let fields = GoalFields {
            description: "Noor gaat elke ochtend naar school".into(),
            contributors: "school, jeugdhulp, ouders".into(),
            indicator: "aanwezigheid per week".into(),
            start_on: date!(2026 - 11 - 25),
            target_on: Some(date!(2027 - 02 - 01)),
            status: "open".into(),
        };
        let mut tx = db.begin().await.expect("begin");
        let goal = plan::insert_goal(&mut tx, case, &fields, Some(ib), now())
            .await
            .expect("goal");
        tx.commit().await.expect("commit");
        let row = plan::goal(&db, case, goal)
            .await
            .expect("read")
            .expect("goal");
        assert_eq!(row.description, fields.description);
        assert_eq!(row.contributors, fields.contributors);
        assert_eq!(row.indicator, fields.indicator);
        assert_eq!(row.start_on, fields.start_on);
        assert_eq!(row.target_on, fields.target_on);
        assert_eq!(row.status, "open");
        assert_eq!(row.version, 1);
        assert_eq!(row.created_by_user_id, Some(ib));
        assert_eq!(row.created_at, now());
        // Not visible through another case.
        assert!(
            plan::goal(&db, case + 1000, goal)
                .await
                .expect("read")
                .is_none()
        );

        let changed = GoalFields {
            status: "in_progress".into(),
            target_on: None,
            ..fields.clone()
        };
        let mut tx = db.begin().await.expect("begin");
        let v = plan::update_goal(&mut tx, case, goal, 1, &changed, now_plus(10))
            .await
            .expect("update");
        tx.commit().await.expect("commit");
        assert_eq!(v, 2);
        let mut tx = db.begin().await.expect("begin");
        let stale = plan::update_goal(&mut tx, case, goal, 1, &fields, now_plus(20)).await;
        assert!(matches!(stale, Err(StoreError::Conflict)), "{stale:?}");
        drop(tx);
        let row = plan::goal(&db, case, goal)
            .await
            .expect("read")
            .expect("goal");
        assert_eq!(
            (row.version, row.status.as_str(), row.target_on),
            (2, "in_progress", None)
        );
        assert_eq!(row.updated_at, now_plus(10));

        let mut tx = db.begin().await.expect("begin");
        for (i, (note, score)) in [("Drie dagen op school", Some(6)), ("Hele week!", None)]
            .into_iter()
            .enumerate()
        {
            plan::insert_progress(
                &mut tx,
                &NewProgress {
                    goal_id: goal,
                    case_id: case,
                    note: note.into(),
                    score,
                    author_user_id: Some(worker),
                    author_name: "Emma".into(),
                },
                now_plus(i as i64 * 60),
            )
            .await
            .expect("progress");
        }
        tx.commit().await.expect("commit");
        let notes = plan::progress_of_case(&db, case).await.expect("progress");
        let seen: Vec<(&str, Option<i64>)> =
            notes.iter().map(|n| (n.note.as_str(), n.score)).collect();
        assert_eq!(
            seen,
            [("Hele week!", None), ("Drie dagen op school", Some(6))]
        );
        assert!(
            notes
                .iter()
                .all(|n| n.goal_id == goal && n.author_name == "Emma")
        );
        assert_eq!(plan::goals(&db, case).await.expect("goals").len(), 1);
    }
);

db_test!(
    async fn agreements_and_financing_lines_round_trip(db: TestDb) {
        let (case, ib, worker) = case_with_writers(&db).await;
        let mut tx = db.begin().await.expect("begin");
        let visit = plan::insert_agreement(
            &mut tx,
            &NewAgreement {
                case_id: case,
                action: "Huisbezoek".into(),
                party: "care".into(),
                kind: "home_visit".into(),
                owner_user_id: Some(worker),
                owner_name: "Emma (oud)".into(),
                due_on: Some(date!(2026 - 12 - 01)),
                meeting_id: None,
                created_by_user_id: Some(ib),
            },
            now(),
        )
        .await
        .expect("agreement");
        let call = plan::insert_agreement(
            &mut tx,
            &NewAgreement {
                case_id: case,
                action: "Bellen met de huisarts".into(),
                party: "parents".into(),
                kind: "task".into(),
                owner_user_id: None,
                owner_name: "Moeder van Noor".into(),
                due_on: Some(date!(2026 - 11 - 30)),
                meeting_id: None,
                created_by_user_id: Some(ib),
            },
            now(),
        )
        .await
        .expect("agreement");
        tx.commit().await.expect("commit");

        let list = plan::agreements(&db, case).await.expect("agreements");
        assert_eq!(
            list.iter().map(|a| a.id).collect::<Vec<_>>(),
            [call, visit],
            "by due date"
        );
        // The owner's account name wins over the name stored with the agreement.
        assert_eq!(list[1].owner_name, "Test Gebruiker");
        assert_eq!(list[0].owner_name, "Moeder van Noor");
        assert_eq!(list[1].kind, "home_visit");
        assert_eq!(list[1].version, 1);

        let mut tx = db.begin().await.expect("begin");
        assert!(
            plan::set_agreement_done(&mut tx, case, call, Some(date!(2026 - 11 - 25)))
                .await
                .expect("done")
        );
        // Ticking it off twice changes nothing.
        assert!(
            !plan::set_agreement_done(&mut tx, case, call, Some(date!(2026 - 11 - 26)))
                .await
                .expect("again")
        );
        let other_case = plan::set_agreement_done(&mut tx, case + 1000, call, None).await;
        assert!(matches!(other_case, Err(StoreError::NotFound)));
        tx.commit().await.expect("commit");
        let done = plan::agreement(&db, case, call)
            .await
            .expect("read")
            .expect("exists");
        assert_eq!(
            (done.done_on, done.version),
            (Some(date!(2026 - 11 - 25)), 2)
        );
        let list = plan::agreements(&db, case).await.expect("agreements");
        assert_eq!(
            list.iter().map(|a| a.id).collect::<Vec<_>>(),
            [visit, call],
            "done ones last"
        );
        let mut tx = db.begin().await.expect("begin");
        assert!(
            plan::set_agreement_done(&mut tx, case, call, None)
                .await
                .expect("undo")
        );
        tx.commit().await.expect("commit");
        assert_eq!(
            plan::agreement(&db, case, call)
                .await
                .expect("read")
                .expect("exists")
                .done_on,
            None
        );

        let mut tx = db.begin().await.expect("begin");
        for (stream, hours, cents, from) in [
            ("jeugdwet", Some(40), None, date!(2026 - 10 - 01)),
            (
                "swv_arrangement",
                None,
                Some(125_050),
                date!(2026 - 09 - 01),
            ),
        ] {
            plan::insert_financing(
                &mut tx,
                &NewFinancing {
                    case_id: case,
                    stream: stream.into(),
                    purpose: "Begeleiding".into(),
                    hours,
                    amount_cents: cents,
                    period_from: from,
                    period_until: Some(date!(2027 - 07 - 31)),
                    created_by_user_id: Some(ib),
                },
                now(),
            )
            .await
            .expect("financing");
        }
        tx.commit().await.expect("commit");
        let lines = plan::financing_lines(&db, case).await.expect("lines");
        let seen: Vec<(&str, Option<i64>, Option<i64>)> = lines
            .iter()
            .map(|l| (l.stream.as_str(), l.hours, l.amount_cents))
            .collect();
        assert_eq!(
            seen,
            [
                ("swv_arrangement", None, Some(125_050)),
                ("jeugdwet", Some(40), None)
            ]
        );
        assert_eq!(lines[0].period_until, Some(date!(2027 - 07 - 31)));
        assert_eq!(lines[0].created_at, now());
    }
);
