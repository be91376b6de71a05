//! Meetings (and the agreements their decisions made), evaluations with a
//! score per goal, escalations with deadlines and outcomes, and the readers
//! the case page and the thuiszitter rule use.

use brug_store::cases::{self, NewCase};
use brug_store::meetings::{self, NewEscalation, NewMeeting};
use brug_store::plan::{self, GoalFields, NewAgreement};
use brug_store::{Db, StoreError};
use brug_test_support::db_test;
use time::Date;
use time::macros::date;

use crate::fixtures::{self, now, now_plus, today};

/// A case for a new pupil at a new school, and the coordinator who leads it.
async fn case_with_lead(db: &Db, brin: &str) -> (i64, i64) {
    let school = fixtures::school(db, brin, "De Wegwijzer").await;
    let pupil = fixtures::pupil_at(
        db,
        &school,
        ("Noor", None, "Smit"),
        date!(2016 - 04 - 02),
        "groep 5",
        None,
    )
    .await;
    let ib = fixtures::user(db, &format!("ib@{}.example", brin.to_lowercase())).await;
    let mut tx = db.begin().await.expect("begin");
    let case = cases::insert_case(
        &mut tx,
        &NewCase {
            pupil_id: pupil,
            title: "Thuiszitter sinds oktober".into(),
            school_id: school.school,
            status: "active".into(),
            lead_domain: Some("gezamenlijk".into()),
            first_signal_on: date!(2026 - 09 - 01),
            help_started_on: Some(date!(2026 - 09 - 15)),
            created_by_user_id: Some(ib),
        },
        now(),
    )
    .await
    .expect("case");
    tx.commit().await.expect("commit");
    (case, ib)
}

fn meeting(case_id: i64, held_on: Date, triangle: bool, by: i64) -> NewMeeting {
    NewMeeting {
        case_id,
        held_on,
        kind: "thuiszitteroverleg".into(),
        participants: "IB, jeugdhulp, moeder".into(),
        agenda: "Terug naar school".into(),
        notes: "Daan wil weer naar school; <b>twee</b> ochtenden".into(),
        decisions: "Start met twee ochtenden".into(),
        with_school: true,
        with_care: true,
        with_parents: triangle,
        created_by_user_id: Some(by),
    }
}

db_test!(
    async fn meetings_round_trip_and_decisions_become_linked_agreements(db: TestDb) {
        let (case, ib) = case_with_lead(&db, "31CC").await;
        let mut tx = db.begin().await.expect("begin");
        let m = meetings::insert_meeting(
            &mut tx,
            &meeting(case, date!(2026 - 11 - 20), true, ib),
            now(),
        )
        .await
        .expect("meeting");
        for (action, party) in [("Rooster opstellen", "school"), ("Huisbezoek", "care")] {
            plan::insert_agreement(
                &mut tx,
                &NewAgreement {
                    case_id: case,
                    action: action.into(),
                    party: party.into(),
                    kind: "task".into(),
                    owner_user_id: Some(ib),
                    owner_name: "Test Gebruiker".into(),
                    due_on: Some(date!(2026 - 12 - 01)),
                    meeting_id: Some(m),
                    created_by_user_id: Some(ib),
                },
                now(),
            )
            .await
            .expect("agreement");
        }
        tx.commit().await.expect("commit");

        let rows = meetings::meetings(&db, case, 10).await.expect("meetings");
        assert_eq!(rows.len(), 1);
        let row = &rows[0];
        assert_eq!(row.id, m);
        assert_eq!(row.held_on, date!(2026 - 11 - 20));
        assert_eq!(row.kind, "thuiszitteroverleg");
        assert_eq!(
            row.notes,
            "Daan wil weer naar school; <b>twee</b> ochtenden"
        );
        assert!(row.with_school && row.with_care && row.with_parents);
        assert_eq!(row.created_by_name, "Test Gebruiker");
        assert_eq!(row.created_at, now());
        assert_eq!(
            meetings::meeting(&db, case, m).await.expect("one"),
            Some(row.clone())
        );
        assert_eq!(meetings::count_meetings(&db, case).await.expect("count"), 1);

        let linked: Vec<_> = plan::agreements(&db, case)
            .await
            .expect("agreements")
            .into_iter()
            .filter(|a| a.meeting_id == Some(m))
            .collect();
        assert_eq!(linked.len(), 2);

        // Another case does not see this meeting.
        let (other, _) = case_with_lead(&db, "32CC").await;
        assert_eq!(meetings::meeting(&db, other, m).await.expect("other"), None);
        assert!(
            meetings::meetings(&db, other, 10)
                .await
                .expect("none")
                .is_empty()
        );
    }
);

db_test!(
    async fn only_a_meeting_with_school_care_and_parents_is_the_monthly_meeting(db: TestDb) {
        let (case, ib) = case_with_lead(&db, "33CC").await;
        assert_eq!(
            cases::last_triangle_meeting(&db, case).await.expect("none"),
            None
        );
        let mut tx = db.begin().await.expect("begin");
        meetings::insert_meeting(
            &mut tx,
            &meeting(case, date!(2026 - 11 - 10), true, ib),
            now(),
        )
        .await
        .expect("triangle");
        meetings::insert_meeting(
            &mut tx,
            &meeting(case, date!(2026 - 11 - 20), false, ib),
            now_plus(1),
        )
        .await
        .expect("without parents");
        tx.commit().await.expect("commit");
        assert_eq!(
            cases::last_triangle_meeting(&db, case).await.expect("last"),
            Some(date!(2026 - 11 - 10))
        );
        let rows = meetings::meetings(&db, case, 1).await.expect("latest");
        assert_eq!(rows.len(), 1, "the limit holds");
        assert_eq!(rows[0].held_on, date!(2026 - 11 - 20), "most recent first");
    }
);

db_test!(
    async fn evaluations_are_planned_held_once_and_scored_per_goal(db: TestDb) {
        let (case, ib) = case_with_lead(&db, "34CC").await;
        let mut tx = db.begin().await.expect("begin");
        let goal = |d: &str| GoalFields {
            description: d.into(),
            contributors: "school, jeugdhulp".into(),
            indicator: "aanwezig".into(),
            start_on: date!(2026 - 09 - 15),
            target_on: None,
            status: "in_progress".into(),
        };
        let g1 = plan::insert_goal(
            &mut tx,
            case,
            &goal("Twee ochtenden naar school"),
            Some(ib),
            now(),
        )
        .await
        .expect("goal 1");
        let g2 = plan::insert_goal(&mut tx, case, &goal("Slaapritme"), Some(ib), now())
            .await
            .expect("goal 2");
        let later =
            meetings::insert_evaluation(&mut tx, case, date!(2027 - 01 - 15), Some(ib), now())
                .await
                .expect("later");
        let first =
            meetings::insert_evaluation(&mut tx, case, date!(2026 - 12 - 01), Some(ib), now())
                .await
                .expect("first");
        tx.commit().await.expect("commit");

        let planned = meetings::evaluations(&db, case).await.expect("evaluations");
        assert_eq!(
            planned.iter().map(|e| e.id).collect::<Vec<_>>(),
            vec![first, later],
            "soonest first"
        );
        assert_eq!(planned[0].held_on, None);
        assert_eq!(planned[0].decision, None);

        let mut tx = db.begin().await.expect("begin");
        meetings::hold_evaluation(
            &mut tx,
            case,
            first,
            today(),
            "escalate",
            "Geen school gevonden",
        )
        .await
        .expect("hold");
        meetings::insert_score(&mut tx, first, g1, 4, "Eén ochtend gelukt")
            .await
            .expect("score 1");
        meetings::insert_score(&mut tx, first, g2, 7, "")
            .await
            .expect("score 2");
        let twice = meetings::insert_score(&mut tx, first, g1, 5, "nog eens").await;
        assert!(
            matches!(twice, Err(StoreError::Duplicate(_))),
            "one score per goal: {twice:?}"
        );
        tx.rollback().await.expect("rollback");

        // Redo without the duplicate.
        let mut tx = db.begin().await.expect("begin");
        meetings::hold_evaluation(
            &mut tx,
            case,
            first,
            today(),
            "escalate",
            "Geen school gevonden",
        )
        .await
        .expect("hold");
        meetings::insert_score(&mut tx, first, g1, 4, "Eén ochtend gelukt")
            .await
            .expect("score 1");
        meetings::insert_score(&mut tx, first, g2, 7, "")
            .await
            .expect("score 2");
        tx.commit().await.expect("commit");

        let held = meetings::evaluation(&db, case, first)
            .await
            .expect("read")
            .expect("there");
        assert_eq!(held.held_on, Some(today()));
        assert_eq!(held.decision.as_deref(), Some("escalate"));
        assert_eq!(held.reasons.as_deref(), Some("Geen school gevonden"));

        // Held once: a second recording is a conflict.
        let mut tx = db.begin().await.expect("begin");
        let again = meetings::hold_evaluation(&mut tx, case, first, today(), "continue", "x").await;
        assert!(matches!(again, Err(StoreError::Conflict)), "{again:?}");
        tx.rollback().await.expect("rollback");

        let order = meetings::evaluations(&db, case).await.expect("evaluations");
        assert_eq!(
            order.iter().map(|e| e.id).collect::<Vec<_>>(),
            vec![later, first],
            "unheld first"
        );

        let scores = meetings::scores_of_case(&db, case).await.expect("scores");
        assert_eq!(
            scores
                .iter()
                .map(|s| (s.goal.as_str(), s.score, s.note.as_str()))
                .collect::<Vec<_>>(),
            vec![
                ("Twee ochtenden naar school", 4, "Eén ochtend gelukt"),
                ("Slaapritme", 7, "")
            ]
        );

        let (other, _) = case_with_lead(&db, "35CC").await;
        assert_eq!(
            meetings::evaluation(&db, other, first)
                .await
                .expect("other"),
            None
        );
        let mut tx = db.begin().await.expect("begin");
        let foreign =
            meetings::hold_evaluation(&mut tx, other, later, today(), "continue", "x").await;
        assert!(
            matches!(foreign, Err(StoreError::Conflict)),
            "not of this case"
        );
        tx.rollback().await.expect("rollback");
    }
);

db_test!(
    async fn escalations_open_with_a_deadline_and_are_decided_once(db: TestDb) {
        let (case, ib) = case_with_lead(&db, "36CC").await;
        let mut tx = db.begin().await.expect("begin");
        let evaluation = meetings::insert_evaluation(&mut tx, case, today(), Some(ib), now())
            .await
            .expect("evaluation");
        let new = |level: &str, deadline: Date, evaluation_id: Option<i64>| NewEscalation {
            case_id: case,
            level: level.into(),
            question: "Welke school kan Daan plaatsen?".into(),
            decider: "Directeuren van school en jeugdhulp".into(),
            deadline,
            opened_by_user_id: Some(ib),
            evaluation_id,
        };
        let late = meetings::insert_escalation(
            &mut tx,
            &new("team", date!(2026 - 11 - 20), Some(evaluation)),
            now(),
        )
        .await
        .expect("late");
        let on_time = meetings::insert_escalation(
            &mut tx,
            &new("managers", date!(2026 - 12 - 10), None),
            now(),
        )
        .await
        .expect("on time");
        let due_today =
            meetings::insert_escalation(&mut tx, &new("managers", today(), None), now())
                .await
                .expect("due today");
        tx.commit().await.expect("commit");

        assert_eq!(cases::open_escalations(&db, case).await.expect("open"), 3);
        let past = meetings::past_deadline(&db, case, today())
            .await
            .expect("past");
        assert_eq!(
            past.iter().map(|e| e.id).collect::<Vec<_>>(),
            vec![late],
            "a deadline of today is not past"
        );
        assert_eq!(past[0].evaluation_id, Some(evaluation));
        assert_eq!(past[0].opened_by_name, "Test Gebruiker");

        let mut tx = db.begin().await.expect("begin");
        meetings::decide_escalation(
            &mut tx,
            case,
            late,
            "Plaatsing op De Brug per 1 december",
            today(),
        )
        .await
        .expect("decide");
        assert_eq!(
            meetings::open_escalations_in_tx(&mut tx, case)
                .await
                .expect("in tx"),
            2
        );
        tx.commit().await.expect("commit");

        let mut tx = db.begin().await.expect("begin");
        let again = meetings::decide_escalation(&mut tx, case, late, "anders", today()).await;
        assert!(matches!(again, Err(StoreError::Conflict)), "{again:?}");
        tx.rollback().await.expect("rollback");

        assert!(
            meetings::past_deadline(&db, case, today())
                .await
                .expect("past")
                .is_empty()
        );
        assert_eq!(cases::open_escalations(&db, case).await.expect("open"), 2);
        let all = meetings::escalations(&db, case).await.expect("all");
        assert_eq!(
            all.iter().map(|e| e.id).collect::<Vec<_>>(),
            vec![due_today, on_time, late],
            "open ones by deadline, then decided"
        );
        let decided = meetings::escalation(&db, case, late)
            .await
            .expect("read")
            .expect("there");
        assert_eq!(
            decided.outcome.as_deref(),
            Some("Plaatsing op De Brug per 1 december")
        );
        assert_eq!(decided.decided_on, Some(today()));

        let (other, _) = case_with_lead(&db, "37CC").await;
        assert_eq!(
            meetings::escalation(&db, other, late).await.expect("other"),
            None
        );
        let mut tx = db.begin().await.expect("begin");
        let foreign = meetings::decide_escalation(&mut tx, other, on_time, "x", today()).await;
        assert!(
            matches!(foreign, Err(StoreError::Conflict)),
            "not of this case"
        );
        tx.rollback().await.expect("rollback");
    }
);
