//! S4, the family as partners: comments, notifications (once per dedupe
//! key, read and unread), delivery choices, and what the daily job reminds of.

use brug_store::cases::{self, NewCase};
use brug_store::family::{self as store, NewComment, NewNotification};
use brug_store::lifecycle::{self, NewMail};
use brug_store::plan::{self, NewAgreement};
use brug_store::{Db, meetings};
use brug_test_support::db_test;
use time::macros::date;

use crate::fixtures::{self, now, now_plus, today};

/// A case for a new pupil, a parent and a worker; (case, pupil, parent, worker).
async fn setup(db: &Db) -> (i64, i64, i64, i64) {
    let school = fixtures::school(db, "40DD", "De Linde").await;
    let pupil = fixtures::pupil_at(
        db,
        &school,
        ("Sem", None, "Kok"),
        date!(2015 - 02 - 03),
        "groep 6",
        None,
    )
    .await;
    let parent = fixtures::user(db, "ouder@thuis.example").await;
    let worker = fixtures::user(db, "sara@jeugdhulp.example").await;
    let mut tx = db.begin().await.expect("begin");
    let case = cases::insert_case(
        &mut tx,
        &NewCase {
            pupil_id: pupil,
            title: "Rust in de klas".into(),
            school_id: school.school,
            status: "active".into(),
            lead_domain: None,
            first_signal_on: date!(2026 - 09 - 01),
            help_started_on: None,
            created_by_user_id: None,
        },
        now(),
    )
    .await
    .expect("case");
    tx.commit().await.expect("commit");
    (case, pupil, parent, worker)
}

fn note(user: i64, case: i64, pupil: i64, key: Option<&str>) -> NewNotification {
    NewNotification {
        user_id: user,
        kind: "agreement".into(),
        event: "agreement_added".into(),
        case_id: Some(case),
        pupil_id: Some(pupil),
        ref_id: Some(7),
        dedupe_key: key.map(str::to_owned),
    }
}

db_test!(
    async fn comments_are_kept_in_order_with_their_author(db: TestDb) {
        let (case, _, parent, worker) = setup(&db).await;
        let mut tx = db.begin().await.expect("begin");
        for (at, who, role, body) in [
            (0, parent, "parent", "Wij bellen maandag."),
            (60, worker, "professional", "Fijn, dank u."),
        ] {
            store::insert_comment(
                &mut tx,
                &NewComment {
                    case_id: case,
                    target_kind: "agreement".into(),
                    target_id: 3,
                    body: body.into(),
                    author_user_id: Some(who),
                    author_name: "Naam".into(),
                    author_role: role.into(),
                },
                now_plus(at),
            )
            .await
            .expect("comment");
        }
        tx.commit().await.expect("commit");
        let rows = store::comments_of_case(&db, case).await.expect("comments");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].body, "Wij bellen maandag.");
        assert_eq!(rows[0].author_role, "parent");
        assert_eq!(rows[0].created_at, now(), "microseconds kept");
        assert_eq!(rows[1].author_user_id, Some(worker));
        assert!(
            store::comments_of_case(&db, case + 1)
                .await
                .expect("none")
                .is_empty()
        );
    }
);

db_test!(
    async fn a_dedupe_key_gives_one_notification_per_user(db: TestDb) {
        let (case, pupil, parent, worker) = setup(&db).await;
        let mut tx = db.begin().await.expect("begin");
        let first =
            store::insert_notification(&mut tx, &note(parent, case, pupil, Some("k:1")), now())
                .await
                .expect("insert");
        let again =
            store::insert_notification(&mut tx, &note(parent, case, pupil, Some("k:1")), now())
                .await
                .expect("insert");
        let other_user =
            store::insert_notification(&mut tx, &note(worker, case, pupil, Some("k:1")), now())
                .await
                .expect("insert");
        // Without a key, every event is its own notification.
        for _ in 0..2 {
            store::insert_notification(&mut tx, &note(parent, case, pupil, None), now_plus(5))
                .await
                .expect("insert")
                .expect("new");
        }
        tx.commit().await.expect("commit");
        assert!(first.is_some() && other_user.is_some());
        assert_eq!(again, None);
        let rows = store::notifications_of_user(&db, parent, 50)
            .await
            .expect("rows");
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].created_at, now_plus(5), "newest first");
        assert_eq!(store::unread_count(&db, parent).await.expect("count"), 3);

        let id = first.expect("first");
        assert!(
            !store::mark_read(&db, worker, id, now())
                .await
                .expect("not hers")
        );
        assert!(
            store::mark_read(&db, parent, id, now())
                .await
                .expect("read")
        );
        // Reading again keeps the first moment.
        assert!(
            store::mark_read(&db, parent, id, now_plus(99))
                .await
                .expect("read")
        );
        let row = store::notification(&db, parent, id)
            .await
            .expect("row")
            .expect("hers");
        assert_eq!(row.read_at, Some(now()));
        assert_eq!(
            store::notification(&db, worker, id).await.expect("row"),
            None
        );
        assert_eq!(store::unread_count(&db, parent).await.expect("count"), 2);
        assert_eq!(
            store::mark_all_read(&db, parent, now()).await.expect("all"),
            2
        );
        assert_eq!(store::unread_count(&db, parent).await.expect("count"), 0);
        assert_eq!(store::unread_count(&db, worker).await.expect("count"), 1);
    }
);

db_test!(
    async fn delivery_choices_are_kept_per_kind(db: TestDb) {
        let (_, pupil, parent, _) = setup(&db).await;
        assert!(
            store::preferences(&db, parent)
                .await
                .expect("none")
                .is_empty()
        );
        let mut tx = db.begin().await.expect("begin");
        store::set_preference(&mut tx, parent, "agreement", "email", now())
            .await
            .expect("set");
        store::set_preference(&mut tx, parent, "overdue", "email", now())
            .await
            .expect("set");
        store::set_preference(&mut tx, parent, "agreement", "in_app", now_plus(1))
            .await
            .expect("set");
        tx.commit().await.expect("commit");
        assert_eq!(
            store::preferences(&db, parent).await.expect("rows"),
            vec![
                ("agreement".to_owned(), "in_app".to_owned()),
                ("overdue".to_owned(), "email".to_owned())
            ]
        );
        // The child's own account, and whether a news mail still waits.
        assert!(
            store::accounts_of_pupil(&db, pupil)
                .await
                .expect("none")
                .is_empty()
        );
        let mut tx = db.begin().await.expect("begin");
        assert!(
            !store::mail_waiting(&mut tx, "ouder@thuis.example", "notification")
                .await
                .expect("q")
        );
        lifecycle::queue_mail(
            &mut tx,
            &NewMail {
                to_email: "ouder@thuis.example".into(),
                kind: "notification".into(),
                subject: "Er is iets nieuws in Brug voor u".into(),
                body: "link".into(),
                created_by_user_id: None,
                org_id: None,
            },
            now(),
        )
        .await
        .expect("mail");
        assert!(
            store::mail_waiting(&mut tx, "ouder@thuis.example", "notification")
                .await
                .expect("q")
        );
        assert!(
            !store::mail_waiting(&mut tx, "ouder@thuis.example", "invite")
                .await
                .expect("q")
        );
        tx.commit().await.expect("commit");
    }
);

db_test!(
    async fn the_job_reminds_of_what_it_has_not_reminded_of(db: TestDb) {
        let (case, pupil, parent, worker) = setup(&db).await;
        let mut tx = db.begin().await.expect("begin");
        let agreement = |due, owner: Option<i64>| NewAgreement {
            case_id: case,
            action: "Verslag sturen".into(),
            party: "care".into(),
            kind: "task".into(),
            owner_user_id: owner,
            owner_name: "Sara".into(),
            due_on: Some(due),
            meeting_id: None,
            created_by_user_id: None,
        };
        let late = plan::insert_agreement(
            &mut tx,
            &agreement(date!(2026 - 11 - 20), Some(worker)),
            now(),
        )
        .await
        .expect("late");
        // Not overdue, or without an account to remind.
        plan::insert_agreement(
            &mut tx,
            &agreement(date!(2026 - 11 - 25), Some(worker)),
            now(),
        )
        .await
        .expect("a");
        plan::insert_agreement(&mut tx, &agreement(date!(2026 - 11 - 01), None), now())
            .await
            .expect("b");
        let soon = meetings::insert_evaluation(&mut tx, case, date!(2026 - 11 - 30), None, now())
            .await
            .expect("soon");
        meetings::insert_evaluation(&mut tx, case, date!(2026 - 12 - 20), None, now())
            .await
            .expect("later");
        tx.commit().await.expect("commit");
        let until = date!(2026 - 12 - 02);

        let overdue = store::overdue_with_owner(&db, today())
            .await
            .expect("overdue");
        assert_eq!(overdue.len(), 1);
        assert_eq!(
            (
                overdue[0].agreement_id,
                overdue[0].owner_user_id,
                overdue[0].pupil_id
            ),
            (late, worker, pupil)
        );
        let upcoming = store::evaluations_between(&db, today(), until)
            .await
            .expect("upcoming");
        assert_eq!(
            upcoming.iter().map(|u| u.evaluation_id).collect::<Vec<_>>(),
            vec![soon]
        );

        // Once reminded (the job's keys), they are not listed again.
        let mut tx = db.begin().await.expect("begin");
        let key = format!("overdue:agreement:{late}");
        store::insert_notification(&mut tx, &note(worker, case, pupil, Some(&key)), now())
            .await
            .expect("n");
        let key = format!("soon:evaluation:{soon}");
        store::insert_notification(&mut tx, &note(parent, case, pupil, Some(&key)), now())
            .await
            .expect("n");
        tx.commit().await.expect("commit");
        assert!(
            store::overdue_with_owner(&db, today())
                .await
                .expect("overdue")
                .is_empty()
        );
        assert!(
            store::evaluations_between(&db, today(), until)
                .await
                .expect("upcoming")
                .is_empty()
        );
    }
);
