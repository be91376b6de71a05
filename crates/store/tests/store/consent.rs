//! Consent as a first-class object and the family's AVG requests: requests
//! and answers, consents with the case they were given in, seats on consent
//! (added, moved, ended), the young person's sharing choice, correction and
//! erasure requests (decided once; approved ones queued for the retention
//! job), and the worklists of the lead.

use brug_store::cases::{self, NewCase, NewConsent, NewMember};
use brug_store::consent::{self, NewRequest};
use brug_store::meetings::{self, NewEscalation};
use brug_store::rights::{self, NewCorrection, NewErasure};
use brug_store::worklists::{self, Scope};
use brug_store::{Db, StoreError};
use brug_test_support::db_test;
use time::macros::date;

use crate::fixtures::{self, now, now_plus, today};

struct Setup {
    pupil: i64,
    school: i64,
    case: i64,
    lead: i64,
    worker: i64,
    parent: i64,
}

async fn setup(db: &Db) -> Setup {
    let school = fixtures::school(db, "30CC", "De Vlinder").await;
    let pupil = fixtures::pupil_at(
        db,
        &school,
        ("Noor", None, "Smit"),
        date!(2016 - 04 - 02),
        "groep 5",
        None,
    )
    .await;
    let lead = fixtures::user(db, "ib@vlinder.example").await;
    let worker = fixtures::user(db, "zorg@jeugdhulp.example").await;
    let parent = fixtures::user(db, "ouder@thuis.example").await;
    let mut tx = db.begin().await.expect("begin");
    let case = cases::insert_case(
        &mut tx,
        &NewCase {
            pupil_id: pupil,
            title: "Zorgen over thuis".into(),
            school_id: school.school,
            status: "active".into(),
            lead_domain: None,
            first_signal_on: date!(2026 - 10 - 01),
            help_started_on: None,
            created_by_user_id: Some(lead),
        },
        now(),
    )
    .await
    .expect("case");
    cases::insert_member(
        &mut tx,
        &NewMember {
            case_id: case,
            user_id: Some(lead),
            guardian_id: None,
            org_id: Some(school.school),
            role_in_case: "ib".into(),
            basis: "legal_task".into(),
            consent_id: None,
            legal_task: Some("school_pupil_file".into()),
            is_lead: true,
            added_by_user_id: Some(lead),
        },
        now(),
    )
    .await
    .expect("lead");
    tx.commit().await.expect("commit");
    Setup {
        pupil,
        school: school.school,
        case,
        lead,
        worker,
        parent,
    }
}

fn consent_for(s: &Setup, until: Option<time::Date>) -> NewConsent {
    NewConsent {
        pupil_id: s.pupil,
        given_by_user_id: Some(s.parent),
        given_by_name: "Ouder Smit".into(),
        given_by_relation: "guardian".into(),
        recipient_org_id: Some(s.school),
        recipient_user_id: Some(s.worker),
        purpose: "Afstemming".into(),
        scope: "plan,meetings".into(),
        valid_from: date!(2026 - 11 - 01),
        valid_until: until,
        recorded_by_user_id: Some(s.parent),
    }
}

db_test!(
    async fn requests_are_answered_once_and_closed_once(db: TestDb) {
        let s = setup(&db).await;
        let mut tx = db.begin().await.expect("begin");
        let request = consent::insert_request(
            &mut tx,
            &NewRequest {
                case_id: s.case,
                pupil_id: s.pupil,
                recipient_org_id: Some(s.school),
                recipient_user_id: Some(s.worker),
                role_in_case: "jeugdhulp".into(),
                purpose: "Afstemming".into(),
                parts: "plan".into(),
                valid_from: today(),
                valid_until: Some(date!(2027 - 06 - 30)),
                requested_by_user_id: Some(s.lead),
                requested_by_name: "IB".into(),
            },
            now(),
        )
        .await
        .expect("request");
        consent::insert_answer(
            &mut tx,
            request,
            s.parent,
            "Ouder Smit",
            "guardian",
            true,
            now(),
        )
        .await
        .expect("answer");
        tx.commit().await.expect("commit");
        // A second answer from the same account is refused.
        let mut tx = db.begin().await.expect("begin");
        let again = consent::insert_answer(
            &mut tx,
            request,
            s.parent,
            "Ouder Smit",
            "guardian",
            false,
            now(),
        )
        .await;
        assert!(matches!(again, Err(StoreError::Conflict)), "{again:?}");
        drop(tx);
        let rows = consent::requests_of_pupil(&db, s.pupil)
            .await
            .expect("rows");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].status, "pending");
        assert_eq!(rows[0].case_title, "Zorgen over thuis");
        assert_eq!(rows[0].recipient_name.as_deref(), Some("Test Gebruiker"));
        assert_eq!(rows[0].recipient_org_name.as_deref(), Some("De Vlinder"));
        assert_eq!(rows[0].requested_at, now());
        let answers = consent::answers_of_pupil(&db, s.pupil)
            .await
            .expect("answers");
        assert_eq!(answers.len(), 1);
        assert!(answers[0].approve);

        let mut tx = db.begin().await.expect("begin");
        let given =
            consent::insert_given(&mut tx, &consent_for(&s, None), Some(s.case), true, now())
                .await
                .expect("consent");
        assert!(
            consent::close_request(&mut tx, request, "approved", Some(given), now_plus(1))
                .await
                .expect("close")
        );
        assert!(
            !consent::close_request(&mut tx, request, "refused", None, now_plus(2))
                .await
                .expect("close again"),
            "a closed request stays as it was"
        );
        tx.commit().await.expect("commit");
        let rows = consent::requests_of_case(&db, s.case).await.expect("rows");
        assert_eq!(rows[0].status, "approved");
        assert_eq!(rows[0].consent_id, Some(given));
        assert_eq!(rows[0].decided_at, Some(now_plus(1)));
        let consents = consent::consents_of_pupil(&db, s.pupil)
            .await
            .expect("consents");
        assert_eq!(consents[0].case_id, Some(s.case));
        assert_eq!(consents[0].case_title.as_deref(), Some("Zorgen over thuis"));
        assert!(consents[0].given_by_young_person);
        assert_eq!(consents[0].scope, "plan,meetings");
    }
);

db_test!(
    async fn a_seat_on_consent_is_added_moved_and_ended(db: TestDb) {
        let s = setup(&db).await;
        let mut tx = db.begin().await.expect("begin");
        let first =
            consent::insert_given(&mut tx, &consent_for(&s, None), Some(s.case), false, now())
                .await
                .expect("consent");
        let (member, added) = consent::seat_on_consent(
            &mut tx,
            s.case,
            s.worker,
            Some(s.school),
            "jeugdhulp",
            first,
            Some(s.lead),
            now(),
        )
        .await
        .expect("seat");
        assert!(added);
        tx.commit().await.expect("commit");
        let seats = cases::team_seats_of_pupil(&db, s.pupil, today())
            .await
            .expect("seats");
        assert!(
            seats
                .iter()
                .any(|r| r.user_id == s.worker && r.consent_id == Some(first))
        );

        // A renewed consent moves the same seat.
        let mut tx = db.begin().await.expect("begin");
        let second = consent::insert_given(
            &mut tx,
            &consent_for(&s, Some(date!(2027 - 12 - 31))),
            Some(s.case),
            false,
            now(),
        )
        .await
        .expect("consent");
        let (again, moved) = consent::seat_on_consent(
            &mut tx,
            s.case,
            s.worker,
            Some(s.school),
            "jeugdhulp",
            second,
            Some(s.lead),
            now(),
        )
        .await
        .expect("seat");
        assert_eq!((again, moved), (member, true));
        // The lead's seat on a legal task keeps its basis.
        let (lead_seat, changed) = consent::seat_on_consent(
            &mut tx,
            s.case,
            s.lead,
            Some(s.school),
            "ib",
            second,
            Some(s.lead),
            now(),
        )
        .await
        .expect("lead seat");
        assert!(!changed);
        tx.commit().await.expect("commit");
        let members = cases::members(&db, s.case).await.expect("members");
        assert_eq!(members.len(), 2);
        assert!(
            members
                .iter()
                .any(|m| m.id == lead_seat && m.basis == "legal_task")
        );

        // Withdrawing: the seat ends; the first consent's seats are none.
        let mut tx = db.begin().await.expect("begin");
        assert!(
            cases::withdraw_consent(&mut tx, second, Some(s.parent), now_plus(5))
                .await
                .expect("withdraw")
        );
        assert!(
            consent::end_seats_on_consent(&mut tx, first, now_plus(5))
                .await
                .expect("none")
                .is_empty()
        );
        let ended = consent::end_seats_on_consent(&mut tx, second, now_plus(5))
            .await
            .expect("ended");
        assert_eq!(ended, vec![(s.case, Some(s.worker))]);
        tx.commit().await.expect("commit");
        let seats = cases::team_seats_of_pupil(&db, s.pupil, today())
            .await
            .expect("seats");
        assert!(!seats.iter().any(|r| r.user_id == s.worker));
        let withdrawn = consent::consents_of_pupil(&db, s.pupil)
            .await
            .expect("consents");
        assert_eq!(withdrawn[0].id, second);
        assert_eq!(withdrawn[0].withdrawn_at, Some(now_plus(5)));
        assert_eq!(withdrawn[0].withdrawn_by_user_id, Some(s.parent));

        // The young person's sharing choice.
        let mut tx = db.begin().await.expect("begin");
        consent::set_sharing(&mut tx, s.pupil, false, now())
            .await
            .expect("sharing");
        tx.commit().await.expect("commit");
        let p = brug_store::registry::pupil(&db, s.pupil)
            .await
            .expect("pupil")
            .expect("exists");
        assert!(!p.shares_with_guardians);
    }
);

db_test!(
    async fn corrections_and_erasures_are_decided_once(db: TestDb) {
        let s = setup(&db).await;
        let mut tx = db.begin().await.expect("begin");
        let correction = rights::insert_correction(
            &mut tx,
            &NewCorrection {
                pupil_id: s.pupil,
                case_id: s.case,
                what_is_wrong: "Verkeerde school".into(),
                should_be: "De Vlinder".into(),
                requested_by_user_id: Some(s.parent),
                requested_by_name: "Ouder Smit".into(),
                due_on: date!(2026 - 12 - 23),
            },
            now(),
        )
        .await
        .expect("correction");
        assert!(
            rights::answer_correction(
                &mut tx,
                s.case,
                correction,
                "done",
                Some("Aangepast"),
                Some(s.lead),
                "IB",
                now()
            )
            .await
            .expect("answer")
        );
        assert!(
            !rights::answer_correction(
                &mut tx,
                s.case,
                correction,
                "refused",
                Some("x"),
                Some(s.lead),
                "IB",
                now()
            )
            .await
            .expect("answer again")
        );
        let file = rights::insert_erasure(
            &mut tx,
            &NewErasure {
                pupil_id: s.pupil,
                case_id: None,
                org_id: s.school,
                explanation: String::new(),
                requested_by_user_id: Some(s.parent),
                requested_by_name: "Ouder Smit".into(),
                due_on: date!(2026 - 12 - 25),
            },
            now(),
        )
        .await
        .expect("erasure");
        let of_case = rights::insert_erasure(
            &mut tx,
            &NewErasure {
                pupil_id: s.pupil,
                case_id: Some(s.case),
                org_id: s.school,
                explanation: "Klaar".into(),
                requested_by_user_id: Some(s.parent),
                requested_by_name: "Ouder Smit".into(),
                due_on: date!(2026 - 12 - 25),
            },
            now(),
        )
        .await
        .expect("erasure");
        assert!(
            rights::decide_erasure(
                &mut tx,
                of_case,
                "approved",
                None,
                Some(date!(2026 - 11 - 26)),
                Some(s.lead),
                "FG",
                now()
            )
            .await
            .expect("decide")
        );
        assert!(
            !rights::decide_erasure(
                &mut tx,
                of_case,
                "refused",
                Some("x"),
                None,
                Some(s.lead),
                "FG",
                now()
            )
            .await
            .expect("decide again")
        );
        tx.commit().await.expect("commit");
        let corrections = rights::corrections_of_pupil(&db, s.pupil)
            .await
            .expect("corrections");
        assert_eq!(corrections[0].status, "done");
        assert_eq!(corrections[0].answer.as_deref(), Some("Aangepast"));
        // The queue: approved, from its date on.
        assert!(
            rights::erasures_due(&db, today(), 10)
                .await
                .expect("queue")
                .is_empty()
        );
        let due = rights::erasures_due(&db, date!(2026 - 11 - 26), 10)
            .await
            .expect("queue");
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].id, of_case);
        let list = rights::erasures_of_org(&db, s.school, 10)
            .await
            .expect("list");
        assert_eq!(list[0].id, file, "pending first");
        assert_eq!(list[0].given_name.as_deref(), Some("Noor"));

        // Open escalations, per case or for the whole file.
        assert_eq!(
            rights::open_escalations_of_pupil(&db, s.pupil, None)
                .await
                .expect("n"),
            0
        );
        let mut tx = db.begin().await.expect("begin");
        meetings::insert_escalation(
            &mut tx,
            &NewEscalation {
                case_id: s.case,
                level: "team".into(),
                question: "Wie betaalt?".into(),
                decider: "Team".into(),
                deadline: date!(2026 - 12 - 31),
                opened_by_user_id: Some(s.lead),
                evaluation_id: None,
            },
            now(),
        )
        .await
        .expect("escalation");
        tx.commit().await.expect("commit");
        assert_eq!(
            rights::open_escalations_of_pupil(&db, s.pupil, None)
                .await
                .expect("n"),
            1
        );
        assert_eq!(
            rights::open_escalations_of_pupil(&db, s.pupil, Some(s.case))
                .await
                .expect("n"),
            1
        );
        assert_eq!(
            rights::open_escalations_of_pupil(&db, s.pupil, Some(s.case + 1000))
                .await
                .expect("n"),
            0
        );
        // Still enrolled, care still open: no retention period has started.
        assert_eq!(
            rights::left_school_on(&db, s.pupil, today())
                .await
                .expect("left"),
            None
        );
        assert_eq!(
            rights::care_ended_on(&db, s.pupil).await.expect("care"),
            None
        );
    }
);

db_test!(
    async fn the_lead_sees_ending_consents_and_corrections(db: TestDb) {
        let s = setup(&db).await;
        let mut tx = db.begin().await.expect("begin");
        let soon = consent::insert_given(
            &mut tx,
            &consent_for(&s, Some(date!(2026 - 12 - 20))),
            Some(s.case),
            false,
            now(),
        )
        .await
        .expect("consent");
        consent::insert_given(
            &mut tx,
            &consent_for(&s, Some(date!(2027 - 03 - 01))),
            Some(s.case),
            false,
            now(),
        )
        .await
        .expect("later");
        let withdrawn = consent::insert_given(
            &mut tx,
            &consent_for(&s, Some(date!(2026 - 12 - 01))),
            None,
            false,
            now(),
        )
        .await
        .expect("withdrawn");
        cases::withdraw_consent(&mut tx, withdrawn, Some(s.parent), now())
            .await
            .expect("withdraw");
        rights::insert_correction(
            &mut tx,
            &NewCorrection {
                pupil_id: s.pupil,
                case_id: s.case,
                what_is_wrong: "Fout".into(),
                should_be: "Goed".into(),
                requested_by_user_id: Some(s.parent),
                requested_by_name: "Ouder Smit".into(),
                due_on: date!(2026 - 12 - 23),
            },
            now(),
        )
        .await
        .expect("correction");
        tx.commit().await.expect("commit");
        let lead = Scope {
            user_id: s.lead,
            coordinator_of: Vec::new(),
            today: today(),
        };
        let until = today() + time::Duration::days(31);
        let lines = worklists::expiring_consents(&db, &lead, until, 10)
            .await
            .expect("lines");
        assert_eq!(
            lines.iter().map(|l| l.consent_id).collect::<Vec<_>>(),
            vec![soon]
        );
        assert_eq!(lines[0].case_id, s.case);
        assert_eq!(lines[0].given_name, "Noor");
        let corrections = worklists::open_corrections(&db, &lead, 10)
            .await
            .expect("lines");
        assert_eq!(corrections.len(), 1);
        assert_eq!(corrections[0].due_on, date!(2026 - 12 - 23));
        // Someone who does not lead the case (nor coordinates the school) sees neither.
        let other = Scope {
            user_id: s.worker,
            coordinator_of: Vec::new(),
            today: today(),
        };
        assert!(
            worklists::expiring_consents(&db, &other, until, 10)
                .await
                .expect("lines")
                .is_empty()
        );
        assert!(
            worklists::open_corrections(&db, &other, 10)
                .await
                .expect("lines")
                .is_empty()
        );
        // The school's coordinator does.
        let coordinator = Scope {
            user_id: s.worker,
            coordinator_of: vec![s.school],
            today: today(),
        };
        assert_eq!(
            worklists::expiring_consents(&db, &coordinator, until, 10)
                .await
                .expect("lines")
                .len(),
            1
        );
        assert_eq!(
            worklists::open_corrections(&db, &coordinator, 10)
                .await
                .expect("lines")
                .len(),
            1
        );
    }
);
