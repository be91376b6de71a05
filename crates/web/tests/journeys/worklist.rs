//! The worklist and the start page counts: what needs attention in the
//! cases a professional works on, and nothing from other cases.

use brug_store::{meetings, plan};
use brug_test_support::db_test;
use time::macros::date;

use crate::support::{Client, PASSWORD, TestApp, World};

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

/// P10's case gets an overdue agreement, an evaluation due tomorrow, an
/// escalation past its deadline, and no activity since September (stalled).
async fn attention_for_p10(t: &TestApp, w: &World) {
    let now = t.ts();
    let mut tx = t.db.begin().await.expect("tx");
    plan::insert_agreement(
        &mut tx,
        &plan::NewAgreement {
            case_id: w.case_p10,
            action: "Huisbezoek plannen".into(),
            party: "school".into(),
            kind: "home_visit".into(),
            owner_user_id: Some(w.coordinator_a.id),
            owner_name: w.coordinator_a.name.clone(),
            due_on: Some(date!(2026 - 11 - 10)),
            meeting_id: None,
            created_by_user_id: Some(w.coordinator_a.id),
        },
        now,
    )
    .await
    .expect("agreement");
    meetings::insert_evaluation(
        &mut tx,
        w.case_p10,
        date!(2026 - 11 - 26),
        Some(w.coordinator_a.id),
        now,
    )
    .await
    .expect("evaluation");
    meetings::insert_escalation(
        &mut tx,
        &meetings::NewEscalation {
            case_id: w.case_p10,
            level: "managers".into(),
            question: "Wie betaalt de begeleider in de klas?".into(),
            decider: "Directeur en teamleider jeugdhulp".into(),
            deadline: date!(2026 - 11 - 20),
            opened_by_user_id: Some(w.coordinator_a.id),
            evaluation_id: None,
        },
        now,
    )
    .await
    .expect("escalation");
    tx.commit().await.expect("commit");
    t.sql(&format!(
        "UPDATE cases SET last_activity_on = '2026-09-15' WHERE id = {}",
        w.case_p10
    ))
    .await;
}

db_test!(
    async fn the_worklist_shows_what_needs_attention_in_my_cases(db: TestDb) {
        let (t, w) = setup(db).await;
        attention_for_p10(&t, &w).await;
        for who in [&w.coordinator_a, &w.care_worker_1] {
            let mut client = signed_in(&t, &who.email).await;
            let page = client.get("/worklist").await;
            page.expect(200)
                .expect_text("Huisbezoek plannen")
                .expect_text("uiterlijk 10-11-2026")
                .expect_text("26-11-2026")
                .expect_text("Wie betaalt de begeleider in de klas?")
                .expect_text("laatste activiteit 15-09-2026")
                .expect_text("Daan de Vries");
            // The start page counts the same things.
            let start = client.get("/start").await;
            start.expect(200).expect_text("Afspraken te laat");
            assert!(
                start
                    .body
                    .contains("<span class=\"brug-card__count\">1</span>"),
                "{}: counts",
                who.name
            );
        }
        // Care worker 2 works on P_B only: nothing of P10 in her worklist.
        let mut cw2 = signed_in(&t, &w.care_worker_2.email).await;
        cw2.get("/worklist")
            .await
            .expect(200)
            .expect_no_text("Daan")
            .expect_no_text("Huisbezoek plannen")
            .expect_text("Lucas Visser");
    }
);

db_test!(
    async fn consent_withdrawn_removes_the_case_from_the_worklist(db: TestDb) {
        let (t, w) = setup(db).await;
        attention_for_p10(&t, &w).await;
        let mut tx = t.db.begin().await.expect("tx");
        brug_store::cases::withdraw_consent(&mut tx, w.consent_p10, Some(w.parent.id), t.ts())
            .await
            .expect("withdraw");
        tx.commit().await.expect("commit");
        let mut cw1 = signed_in(&t, &w.care_worker_1.email).await;
        cw1.get("/worklist")
            .await
            .expect(200)
            .expect_no_text("Daan")
            .expect_no_text("Huisbezoek");
        // The coordinator still sees it: her school's pupil, her case.
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        ib.get("/worklist")
            .await
            .expect(200)
            .expect_text("Huisbezoek plannen");
    }
);
