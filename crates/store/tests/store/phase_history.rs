//! The phase history of cases (S7b): written with every status change in the
//! same transaction, nothing on a conflict, and the migration's back-fill
//! from the timeline's status events and from closed cases without one.

use std::path::PathBuf;

use brug_store::cases::{self, NewCase, NewEvent, StatusChange};
use brug_store::{Db, Engine, StoreError, Ts, bulk};
use brug_test_support::db_test;
use time::Date;
use time::macros::{date, datetime};

use crate::fixtures::{self, now};

const COLUMNS: &[&str] = &[
    "case_id",
    "from_status",
    "to_status",
    "changed_on",
    "outcome",
];

/// An open case of a new pupil at a new school.
async fn case(db: &Db, brin: &str) -> i64 {
    let school = fixtures::school(db, brin, "De Overstap").await;
    let pupil = fixtures::pupil_at(
        db,
        &school,
        ("Sem", None, "Visser"),
        date!(2015 - 03 - 04),
        "groep 6",
        None,
    )
    .await;
    let mut tx = db.begin().await.expect("begin");
    let id = cases::insert_case(
        &mut tx,
        &NewCase {
            pupil_id: pupil,
            title: "Overstap".into(),
            school_id: school.school,
            status: "active".into(),
            lead_domain: Some("onderwijs".into()),
            first_signal_on: date!(2026 - 03 - 02),
            help_started_on: Some(date!(2026 - 03 - 20)),
            created_by_user_id: None,
        },
        now(),
    )
    .await
    .expect("case");
    tx.commit().await.expect("commit");
    id
}

fn change(status: &str, closed_on: Option<Date>) -> StatusChange {
    StatusChange {
        status: status.into(),
        help_started_on: Some(date!(2026 - 03 - 20)),
        closed_on,
        close_reason: closed_on.map(|_| "Diploma gehaald".into()),
        outcome: closed_on.map(|_| "diploma".into()),
    }
}

async fn history(db: &Db) -> Vec<String> {
    bulk::rows_as_text(db, "case_phase_changes", COLUMNS)
        .await
        .expect("history")
}

db_test!(
    async fn every_status_change_is_kept_and_a_conflict_keeps_nothing(db: TestDb) {
        let id = case(&db, "71PH").await;
        let mut tx = db.begin().await.expect("begin");
        let closing = date!(2026 - 09 - 20);
        cases::change_status(
            &mut tx,
            id,
            1,
            &change("closed", Some(closing)),
            closing,
            now(),
        )
        .await
        .expect("close");
        let reopening = date!(2026 - 11 - 10);
        cases::change_status(
            &mut tx,
            id,
            2,
            &change("exploration", None),
            reopening,
            now(),
        )
        .await
        .expect("reopen");
        tx.commit().await.expect("commit");
        // Someone else changed it first: refused, and no history row.
        let mut tx = db.begin().await.expect("begin");
        let late = cases::change_status(
            &mut tx,
            id,
            2,
            &change("closed", Some(reopening)),
            reopening,
            now(),
        )
        .await;
        assert!(matches!(late, Err(StoreError::Conflict)), "{late:?}");
        drop(tx);
        assert_eq!(
            history(&db).await,
            vec![
                format!("{id}|active|closed|2026-09-20|diploma"),
                format!("{id}|closed|exploration|2026-11-10|∅"),
            ]
        );
    }
);

db_test!(
    async fn the_migration_back_fills_from_the_timeline_and_closed_cases(db: TestDb) {
        // A case closed and reopened before the history was kept: only its
        // timeline tells; and a case closed without any status event.
        let reopened = case(&db, "72PH").await;
        let closed = case(&db, "73PH").await;
        let mut tx = db.begin().await.expect("begin");
        for (summary, at) in [
            ("active → closed", datetime!(2026-09-20 14:00 UTC)),
            ("closed → exploration", datetime!(2026-11-10 09:30 UTC)),
        ] {
            cases::insert_event(
                &mut tx,
                &NewEvent {
                    case_id: reopened,
                    kind: "status".into(),
                    summary: summary.into(),
                    ref_id: Some(reopened),
                    actor_user_id: None,
                    actor_name: "IB".into(),
                },
                Ts::new(at),
            )
            .await
            .expect("event");
        }
        tx.commit().await.expect("commit");
        db.execute_raw(&format!(
            "UPDATE cases SET status = 'closed', closed_on = '2026-06-30', outcome = 'back_in_education' WHERE id = {closed}"
        ))
        .await
        .expect("close by hand");
        assert!(history(&db).await.is_empty());

        // The back-fill part of this engine's migration, run again.
        let dir = match db.engine() {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
        };
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("migrations")
            .join(dir)
            .join("0019_phase_history.sql");
        let sql = std::fs::read_to_string(&path).expect("migration");
        let back_fill = &sql[sql.find("-- Back-fill 1").expect("back-fill")..];
        db.execute_raw(back_fill).await.expect("back-fill");
        assert_eq!(
            history(&db).await,
            vec![
                format!("{reopened}|active|closed|2026-09-20|∅"),
                format!("{reopened}|closed|exploration|2026-11-10|∅"),
                format!("{closed}|∅|closed|2026-06-30|back_in_education"),
            ]
        );
    }
);
