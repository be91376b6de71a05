//! The retention job: what has been kept long enough is anonymised and,
//! once the monitor no longer computes its months, deleted; approved
//! erasure requests are carried out; a dry run changes nothing; the
//! monitor's figures stay the same; every erasure is in the audit log.
//! Checked by querying the database directly, on both engines.

use brug_domain::audit::AuditAction;
use brug_store::plan::{self, SectionSave};
use brug_store::rights::{self as rights_store, NewErasure};
use brug_test_support::db_test;
use time::macros::date;

use crate::support::{PASSWORD, TestApp, World};

const CHILD_WORDS: &str = "Lucas zegt: ik wil weer naar de voetbalclub.";
const P10_WORDS: &str = "Daan vertelt over zijn broertje Tim.";

async fn setup(db: brug_test_support::TestDb) -> (TestApp, World) {
    let t = TestApp::start(db).await;
    let w = World::build(&t).await;
    (t, w)
}

async fn write(t: &TestApp, w: &World, case: i64, body: &str) {
    let mut tx = t.db.begin().await.expect("begin");
    plan::save_section(
        &mut tx,
        &SectionSave {
            case_id: case,
            section: "child_words",
            expected_version: 0,
            body,
            author_user_id: Some(w.coordinator_a.id),
            author_name: &w.coordinator_a.name,
        },
        t.ts(),
    )
    .await
    .expect("section");
    tx.commit().await.expect("commit");
}

/// One number from a query.
async fn count(t: &TestApp, sql: &str) -> i64 {
    t.db.scalar_raw(sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// The monitor's stored facts for every month of its window.
async fn monitor_facts(t: &TestApp) -> String {
    let today = t.app.clock.today();
    let mut out = String::new();
    for month in brug_app::monitor::window(today) {
        let code = brug_domain::monitor::publication::period_code(month);
        let facts = brug_store::monitor::month_facts(&t.db, &code)
            .await
            .expect("facts");
        out.push_str(&format!("{code}: {facts:?}\n"));
    }
    out
}

/// Lucas (P_B) left school in 2010 and his case closed in 2004: every
/// period has run out, and all of it lies before the monitor's window.
async fn make_pb_old(t: &TestApp, w: &World) {
    write(t, w, w.case_pb, CHILD_WORDS).await;
    t.sql(&format!(
        "UPDATE enrolments SET start_date = '2002-08-01', end_date = '2010-07-31' WHERE pupil_id = {}",
        w.pb
    ))
    .await;
    t.sql(&format!(
        "UPDATE cases SET status = 'closed', first_signal_on = '2003-09-01', closed_on = '2004-06-30',
                outcome = 'back_in_education' WHERE id = {}",
        w.case_pb
    ))
    .await;
}

db_test!(
    async fn expired_records_go_and_the_monitor_keeps_its_figures(db: TestDb) {
        let (t, w) = setup(db).await;
        make_pb_old(&t, &w).await;
        write(&t, &w, w.case_p10, P10_WORDS).await;
        brug_app::monitor::refresh::refresh(&t.app, true)
            .await
            .expect("refresh");
        let facts_before = monitor_facts(&t).await;
        let pupils_before = count(&t, "SELECT count(*) FROM pupils").await;

        // A dry run reports exactly what a run does, and changes nothing.
        let dry = brug_app::retention::run(&t.app, true)
            .await
            .expect("dry run");
        assert!(dry.dry_run);
        assert_eq!(
            dry.cases.iter().map(|c| c.case_id).collect::<Vec<_>>(),
            vec![w.case_pb]
        );
        assert_eq!(
            dry.pupils.iter().map(|p| p.pupil_id).collect::<Vec<_>>(),
            vec![w.pb]
        );
        assert_eq!((dry.cases_deleted, dry.pupils_deleted), (1, 1));
        assert_eq!(
            count(&t, "SELECT count(*) FROM pupils").await,
            pupils_before
        );
        assert_eq!(
            count(
                &t,
                &format!(
                    "SELECT count(*) FROM cases WHERE id = {} AND anonymised_at IS NULL",
                    w.case_pb
                )
            )
            .await,
            1
        );

        let audit_before = t.audit_count().await;
        let report = brug_app::retention::run(&t.app, false).await.expect("run");
        assert_eq!(report.cases, dry.cases);
        assert_eq!(report.pupils, dry.pupils);
        assert_eq!((report.cases_deleted, report.pupils_deleted), (1, 1));

        // Gone from the database: the pupil, the case, what was written in
        // it, the guardians; nothing with the child's words anywhere.
        for (what, sql) in [
            (
                "pupil",
                format!("SELECT count(*) FROM pupils WHERE id = {}", w.pb),
            ),
            (
                "case",
                format!("SELECT count(*) FROM cases WHERE id = {}", w.case_pb),
            ),
            (
                "guardians",
                format!("SELECT count(*) FROM guardians WHERE pupil_id = {}", w.pb),
            ),
            (
                "enrolments",
                format!("SELECT count(*) FROM enrolments WHERE pupil_id = {}", w.pb),
            ),
            (
                "members",
                format!(
                    "SELECT count(*) FROM case_members WHERE case_id = {}",
                    w.case_pb
                ),
            ),
            (
                "text",
                format!("SELECT count(*) FROM plan_section_versions WHERE body = '{CHILD_WORDS}'"),
            ),
            (
                "name",
                "SELECT count(*) FROM pupils WHERE family_name = 'Visser'".to_owned(),
            ),
        ] {
            assert_eq!(count(&t, &sql).await, 0, "{what} is still there");
        }
        // The parent's account stays (it is the parent's), unlinked.
        assert_eq!(
            count(
                &t,
                &format!(
                    "SELECT count(*) FROM users WHERE id = {} AND active",
                    w.parent_b.id
                )
            )
            .await,
            1
        );
        // What had not expired is untouched.
        assert_eq!(
            count(
                &t,
                &format!("SELECT count(*) FROM plan_section_versions WHERE case_id = {} AND body = '{P10_WORDS}'", w.case_p10)
            )
            .await,
            1
        );
        assert_eq!(
            count(
                &t,
                &format!(
                    "SELECT count(*) FROM pupils WHERE id = {} AND given_name = 'Daan'",
                    w.p10
                )
            )
            .await,
            1
        );

        // Every erasure is in the audit log, on the retention basis, and the
        // chain still verifies.
        assert_eq!(t.audit_count().await - audit_before, 2);
        let (events, _) = t.pupil_events(w.pb).await;
        let erasures: Vec<_> = events
            .iter()
            .filter(|e| {
                e.event.action == AuditAction::Delete && e.event.basis.starts_with("retention:")
            })
            .map(|e| (e.event.resource_type.clone(), e.event.basis.clone()))
            .collect();
        assert!(
            erasures.contains(&("case".into(), "retention:youth_care_file".into())),
            "{erasures:?}"
        );
        assert!(
            erasures.contains(&("pupil".into(), "retention:absence_enrolment".into())),
            "{erasures:?}"
        );
        t.assert_audit_intact().await;

        // The monitor recomputes its whole window to the same facts.
        brug_app::monitor::refresh::refresh(&t.app, true)
            .await
            .expect("refresh");
        assert_eq!(monitor_facts(&t).await, facts_before);

        // The runs are recorded; a second run finds nothing more.
        let again = brug_app::retention::run(&t.app, false)
            .await
            .expect("again");
        assert!(again.cases.is_empty() && again.pupils.is_empty());
        assert_eq!((again.cases_deleted, again.pupils_deleted), (0, 0));
        let runs = brug_app::retention::recent_runs(&t.app, 10)
            .await
            .expect("runs");
        assert_eq!(runs.len(), 3);
        assert_eq!(runs.iter().filter(|r| r.dry_run).count(), 1);
        assert!(
            !runs
                .iter()
                .any(|r| r.report.contains("Visser") || r.report.contains("Lucas"))
        );
    }
);

db_test!(
    async fn an_approved_erasure_anonymises_the_case_and_keeps_the_monitor_counts(db: TestDb) {
        let (t, w) = setup(db).await;
        write(&t, &w, w.case_p10, P10_WORDS).await;
        // The case closed last month.
        t.sql(&format!(
            "UPDATE cases SET status = 'closed', closed_on = '2026-10-15', outcome = 'back_in_education' WHERE id = {}",
            w.case_p10
        ))
        .await;
        let mut tx = t.db.begin().await.expect("begin");
        let request = rights_store::insert_erasure(
            &mut tx,
            &NewErasure {
                pupil_id: w.p10,
                case_id: Some(w.case_p10),
                org_id: w.school_a,
                explanation: "Wij willen dat het weg is.".into(),
                requested_by_user_id: Some(w.parent.id),
                requested_by_name: w.parent.name.clone(),
                due_on: date!(2026 - 12 - 25),
            },
            t.ts(),
        )
        .await
        .expect("request");
        tx.commit().await.expect("commit");
        t.sql(&format!(
            "UPDATE erasure_requests SET status = 'approved', erase_on = '2026-11-25' WHERE id = {request}"
        ))
        .await;
        brug_app::monitor::refresh::refresh(&t.app, true)
            .await
            .expect("refresh");
        let facts_before = monitor_facts(&t).await;

        let report = brug_app::retention::run(&t.app, false).await.expect("run");
        assert_eq!(report.requests.len(), 1);
        assert_eq!(report.cases.len(), 1);
        assert_eq!(report.cases[0].request_id, Some(request));
        // Inside the monitor's window: anonymised, not deleted.
        assert_eq!(report.cases_deleted, 0);

        for (what, sql) in [
            (
                "the child's words",
                "SELECT count(*) FROM plan_section_versions WHERE body LIKE '%Tim%'".to_owned(),
            ),
            (
                "the explanation",
                "SELECT count(*) FROM erasure_requests WHERE explanation LIKE '%weg is%'"
                    .to_owned(),
            ),
            (
                "the author",
                format!(
                    "SELECT count(*) FROM plan_section_versions WHERE case_id = {} AND author_name <> ''",
                    w.case_p10
                ),
            ),
        ] {
            assert_eq!(count(&t, &sql).await, 0, "{what} is still there");
        }
        assert_eq!(
            count(
                &t,
                &format!(
                    "SELECT count(*) FROM cases WHERE id = {} AND anonymised_at IS NOT NULL",
                    w.case_p10
                )
            )
            .await,
            1
        );
        assert_eq!(
            count(&t, &format!("SELECT count(*) FROM erasure_requests WHERE id = {request} AND status = 'executed'")).await,
            1
        );
        // The pupil's own record stays: only the case was asked for.
        assert_eq!(
            count(
                &t,
                &format!(
                    "SELECT count(*) FROM pupils WHERE id = {} AND given_name = 'Daan'",
                    w.p10
                )
            )
            .await,
            1
        );
        let (events, _) = t.pupil_events(w.p10).await;
        assert!(events.iter().any(|e| e.event.action == AuditAction::Delete
            && e.event.basis == format!("erasure_request:{request}")));
        t.assert_audit_intact().await;

        // The case is gone from every view.
        let mut lead = t.client();
        lead.login(&w.coordinator_a.email, PASSWORD).await;
        lead.get(&format!("/cases/{}", w.case_p10))
            .await
            .expect(404);

        brug_app::monitor::refresh::refresh(&t.app, true)
            .await
            .expect("refresh");
        assert_eq!(monitor_facts(&t).await, facts_before);
    }
);

db_test!(
    async fn a_whole_file_erasure_keeps_the_registration_of_an_enrolled_pupil(db: TestDb) {
        let (t, w) = setup(db).await;
        let mut tx = t.db.begin().await.expect("begin");
        let request = rights_store::insert_erasure(
            &mut tx,
            &NewErasure {
                pupil_id: w.p10,
                case_id: None,
                org_id: w.school_a,
                explanation: "Alles weg graag.".into(),
                requested_by_user_id: Some(w.parent.id),
                requested_by_name: w.parent.name.clone(),
                due_on: date!(2026 - 12 - 25),
            },
            t.ts(),
        )
        .await
        .expect("request");
        tx.commit().await.expect("commit");
        t.sql(&format!(
            "UPDATE erasure_requests SET status = 'approved', erase_on = '2026-11-25' WHERE id = {request}"
        ))
        .await;
        let report = brug_app::retention::run(&t.app, false).await.expect("run");
        assert_eq!(report.requests.len(), 1);
        assert!(report.requests[0].registration_kept);
        // The open case was closed and anonymised: erasure does not wait.
        assert_eq!(
            count(&t, &format!("SELECT count(*) FROM cases WHERE id = {} AND status = 'closed' AND anonymised_at IS NOT NULL", w.case_p10)).await,
            1
        );
        // Daan is still at school: his registration stays.
        assert_eq!(
            count(
                &t,
                &format!(
                    "SELECT count(*) FROM pupils WHERE id = {} AND given_name = 'Daan'",
                    w.p10
                )
            )
            .await,
            1
        );
        assert!(report.pupils.is_empty());
    }
);
