//! The family's AVG rights: the whole file as a print-ready page and as
//! JSON (logged as exports; another account gets "not found", logged too),
//! a correction request that becomes a task for the case lead with a
//! deadline, and erasure requests decided by the privacy officer with the
//! retention rules in view (refused while an escalation is open, approved
//! ones queued for the retention job).

use brug_domain::audit::{AuditAction, Outcome};
use brug_store::audit::AuditQuery;
use brug_store::cases::NewConsent;
use brug_store::consent::{self as consent_store, NewRequest};
use brug_store::meetings::{self, NewEscalation};
use brug_store::plan::{self, SectionSave};
use brug_store::rights::{self as rights_store, NewCorrection, NewErasure};
use brug_test_support::db_test;
use time::macros::date;

use crate::support::{Client, PASSWORD, TestApp, World, decoded};

/// What the access matrix needs: a pending consent request and a withdrawn
/// consent of P10, an open correction request in P10's case and a pending
/// erasure request about P10.
#[derive(Debug, Clone, Copy)]
pub struct RightsIds {
    pub consent_request: i64,
    pub withdrawn_consent: i64,
    pub correction: i64,
    pub erasure: i64,
}

pub async fn fixture(t: &TestApp, w: &World) -> RightsIds {
    let now = t.ts();
    let mut tx = t.db.begin().await.expect("begin");
    let consent_request = consent_store::insert_request(
        &mut tx,
        &NewRequest {
            case_id: w.case_p10,
            pupil_id: w.p10,
            recipient_org_id: Some(w.care_provider),
            recipient_user_id: Some(w.care_worker_2.id),
            role_in_case: "jeugdhulpverlener".into(),
            purpose: "Gezinsbegeleiding afstemmen met school".into(),
            parts: "plan".into(),
            valid_from: date!(2026 - 11 - 25),
            valid_until: None,
            requested_by_user_id: Some(w.coordinator_a.id),
            requested_by_name: w.coordinator_a.name.clone(),
        },
        now,
    )
    .await
    .expect("request");
    let withdrawn_consent = brug_store::cases::insert_consent(
        &mut tx,
        &NewConsent {
            pupil_id: w.p10,
            given_by_user_id: Some(w.parent.id),
            given_by_name: w.parent.name.clone(),
            given_by_relation: "guardian".into(),
            recipient_org_id: Some(w.care_provider),
            recipient_user_id: None,
            purpose: "Een eerder doel".into(),
            scope: "plan".into(),
            valid_from: date!(2026 - 09 - 01),
            valid_until: None,
            recorded_by_user_id: Some(w.coordinator_a.id),
        },
        now,
    )
    .await
    .expect("consent");
    brug_store::cases::withdraw_consent(&mut tx, withdrawn_consent, Some(w.parent.id), now)
        .await
        .expect("withdraw");
    let correction = rights_store::insert_correction(
        &mut tx,
        &NewCorrection {
            pupil_id: w.p10,
            case_id: w.case_p10,
            what_is_wrong: "De geboortedatum van Daan klopt niet".into(),
            should_be: "15 januari 2016".into(),
            requested_by_user_id: Some(w.parent.id),
            requested_by_name: w.parent.name.clone(),
            due_on: date!(2026 - 12 - 23),
        },
        now,
    )
    .await
    .expect("correction");
    let erasure = rights_store::insert_erasure(
        &mut tx,
        &NewErasure {
            pupil_id: w.p10,
            case_id: None,
            org_id: w.school_a,
            explanation: String::new(),
            requested_by_user_id: Some(w.parent.id),
            requested_by_name: w.parent.name.clone(),
            due_on: date!(2026 - 12 - 25),
        },
        now,
    )
    .await
    .expect("erasure");
    tx.commit().await.expect("commit");
    RightsIds {
        consent_request,
        withdrawn_consent,
        correction,
        erasure,
    }
}

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

const PLAN_TEXT: &str = "Daan wil graag weer elke dag naar school.";

async fn write_plan(t: &TestApp, w: &World) {
    let mut tx = t.db.begin().await.expect("begin");
    plan::save_section(
        &mut tx,
        &SectionSave {
            case_id: w.case_p10,
            section: "child_words",
            expected_version: 0,
            body: PLAN_TEXT,
            author_user_id: Some(w.coordinator_a.id),
            author_name: &w.coordinator_a.name,
        },
        t.ts(),
    )
    .await
    .expect("section");
    tx.commit().await.expect("commit");
}

async fn open_escalation(t: &TestApp, w: &World) {
    let mut tx = t.db.begin().await.expect("begin");
    meetings::insert_escalation(
        &mut tx,
        &NewEscalation {
            case_id: w.case_p10,
            level: "managers".into(),
            question: "Wie betaalt de dagbesteding?".into(),
            decider: "Directeuren".into(),
            deadline: date!(2026 - 12 - 31),
            opened_by_user_id: Some(w.coordinator_a.id),
            evaluation_id: None,
        },
        t.ts(),
    )
    .await
    .expect("escalation");
    tx.commit().await.expect("commit");
}

/// Export events about `pupil`, newest first.
async fn exports(t: &TestApp, pupil: i64) -> Vec<brug_store::audit::StoredEvent> {
    t.audit(AuditQuery {
        pupil: Some(pupil),
        action: Some(AuditAction::Export),
        ..AuditQuery::default()
    })
    .await
    .0
}

db_test!(
    async fn a_parent_downloads_the_whole_file_as_a_page_and_as_json(db: TestDb) {
        let (t, w) = setup(db).await;
        write_plan(&t, &w).await;
        let mut parent = signed_in(&t, &w.parent.email).await;
        parent
            .get(&format!("/pupils/{}", w.p10))
            .await
            .expect(200)
            .expect_text(&format!("/pupils/{}/rights", w.p10))
            .expect_text(&format!("/pupils/{}/consent", w.p10));
        parent
            .get(&format!("/pupils/{}/rights", w.p10))
            .await
            .expect(200)
            .expect_text("Inzage en uw rechten")
            .expect_text(&format!("/pupils/{}/export.json", w.p10));

        let page = parent.get(&format!("/pupils/{}/export", w.p10)).await;
        page.expect(200)
            .expect_text("Dossier van Daan de Vries")
            .expect_text(PLAN_TEXT)
            .expect_text("Zorgen over aanwezigheid")
            .expect_text("brug-print-page")
            // Dates as Dutch forms write them, times in Amsterdam.
            .expect_text("25-11-2026 11:00")
            .expect_no_text("2026-11-25T")
            .expect_no_text("Lucas")
            .expect_no_text("Sanne");
        assert!(
            page.content_type()
                .is_some_and(|c| c.starts_with("text/html"))
        );

        let json = parent.get(&format!("/pupils/{}/export.json", w.p10)).await;
        json.expect(200);
        assert!(
            json.content_type()
                .is_some_and(|c| c.starts_with("application/json")),
            "{:?}",
            json.content_type()
        );
        let disposition = json.header("content-disposition").expect("a download");
        assert!(disposition.starts_with("attachment;"), "{disposition}");
        assert!(disposition.contains(&format!("brug-dossier-{}.json", w.p10)));
        let doc: serde_json::Value = serde_json::from_str(&json.body).expect("valid JSON");
        assert_eq!(doc["format"], "brug-dossier");
        assert_eq!(doc["version"], 1);
        assert_eq!(doc["pupil"]["id"], w.p10);
        assert_eq!(doc["pupil"]["name"], "Daan de Vries");
        assert_eq!(doc["pupil"]["birth_date"], "2016-01-15");
        assert_eq!(doc["guardians"][0]["name"], "Marieke de Vries");
        assert_eq!(doc["enrolments"][0]["brin"], "10AA00");
        let case = &doc["cases"][0];
        assert_eq!(case["id"], w.case_p10);
        assert_eq!(case["plan"][0]["section"], "child_words");
        assert_eq!(case["plan"][0]["body"], PLAN_TEXT);
        assert_eq!(case["plan"][0]["versions"][0]["version"], 1);
        assert!(
            case["team"]
                .as_array()
                .expect("team")
                .iter()
                .any(|m| m["name"] == "Emma Willems" && m["basis"] == "consent")
        );
        assert_eq!(doc["consents"][0]["id"], w.consent_p10);
        for key in [
            "goals",
            "agreements",
            "meetings",
            "evaluations",
            "escalations",
            "financing",
            "timeline",
        ] {
            assert!(case[key].is_array(), "cases[].{key} is a list");
        }
        for key in [
            "attendance",
            "consent_requests",
            "corrections",
            "erasure_requests",
        ] {
            assert!(doc[key].is_array(), "{key} is a list");
        }
        // Nothing of another child.
        for other in ["Lucas", "Visser", "Sanne", "Mila", "Het Kompas"] {
            assert!(!json.body.contains(other), "{other} in the download");
        }

        // Both downloads are logged as exports of this file, by the parent.
        let events = exports(&t, w.p10).await;
        assert_eq!(events.len(), 2);
        assert!(events.iter().all(|e| e.event.outcome == Outcome::Allowed
            && e.event.actor.user.map(|u| u.0) == Some(w.parent.id)
            && e.event.basis == "guardian"));
        assert_eq!(events[0].event.fields, vec!["format=json".to_owned()]);
        assert_eq!(events[1].event.fields, vec!["format=html".to_owned()]);
        t.assert_audit_intact().await;
    }
);

db_test!(
    async fn a_download_link_opened_by_another_account_is_not_found_and_logged(db: TestDb) {
        let (t, w) = setup(db).await;
        for (who, expect_age_rule) in [
            (&w.parent_b, false),
            (&w.care_worker_1, false),
            (&w.coordinator_a, false),
            (&w.young_17, false),
        ] {
            let mut other = signed_in(&t, &who.email).await;
            for path in [
                format!("/pupils/{}/export.json", w.p10),
                format!("/pupils/{}/export", w.p10),
            ] {
                let resp = other.get(&path).await;
                resp.expect(404).expect_no_text("Daan");
                assert!(resp.header("content-disposition").is_none());
            }
            let events = exports(&t, w.p10).await;
            let theirs: Vec<_> = events
                .iter()
                .filter(|e| e.event.actor.user.map(|u| u.0) == Some(who.id))
                .collect();
            assert_eq!(theirs.len(), 2, "{} logged", who.name);
            assert!(theirs.iter().all(|e| e.event.outcome == Outcome::Denied
                && (e.event.basis == "denied:age_rule") == expect_age_rule));
        }
        // A young person of 17 downloads her own file; her parent may not.
        let mut mila = signed_in(&t, &w.young_17.email).await;
        let own = mila.get(&format!("/pupils/{}/export.json", w.p17)).await;
        own.expect(200);
        let doc: serde_json::Value = serde_json::from_str(&own.body).expect("JSON");
        assert_eq!(doc["pupil"]["name"], "Mila Bakker");
        let mut parent = signed_in(&t, &w.parent.email).await;
        parent
            .get(&format!("/pupils/{}/export.json", w.p17))
            .await
            .expect(404);
        let denied = exports(&t, w.p17).await;
        assert_eq!(denied[0].event.basis, "denied:age_rule");
        // A child of 14 does not hold the rights yet: her parent does.
        let mut sanne = signed_in(&t, &w.child_14.email).await;
        sanne
            .get(&format!("/pupils/{}/export", w.p14))
            .await
            .expect(404);
        parent
            .get(&format!("/pupils/{}/export", w.p14))
            .await
            .expect(200);
        t.assert_audit_intact().await;
    }
);

db_test!(
    async fn a_correction_request_is_a_task_for_the_lead_with_a_deadline(db: TestDb) {
        let (t, w) = setup(db).await;
        let mut parent = signed_in(&t, &w.parent.email).await;
        let rights = format!("/pupils/{}/rights", w.p10);
        parent.get(&rights).await.expect(200);
        let corrections = format!("/pupils/{}/corrections", w.p10);
        let case = w.case_p10.to_string();
        parent
            .post(
                &corrections,
                &[
                    ("case_id", &case),
                    (
                        "what_is_wrong",
                        "Er staat dat Daan niet wil, maar hij kan niet",
                    ),
                    ("should_be", ""),
                ],
            )
            .await
            .expect(422)
            .expect_text("Dit veld is verplicht")
            .expect_text("Er staat dat Daan niet wil, maar hij kan niet");
        parent
            .post(
                &corrections,
                &[
                    ("case_id", &case),
                    (
                        "what_is_wrong",
                        "Er staat dat Daan niet wil, maar hij kan niet",
                    ),
                    (
                        "should_be",
                        "Daan kan 's ochtends niet opstaan door zijn medicijnen",
                    ),
                ],
            )
            .await
            .expect_redirect(&format!("{rights}#correct"));
        parent
            .get(&rights)
            .await
            .expect(200)
            .expect_text("antwoord uiterlijk 23-12-2026")
            .expect_text(">open<");

        // The lead's worklist lists it with its deadline; the case shows it.
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        let list = ib.get("/worklist").await;
        list.expect(200)
            .expect_text("Correctieverzoeken (1)")
            .expect_text("antwoord uiterlijk 23-12-2026");
        let corrections_in_list = decoded(&list.body);
        assert!(corrections_in_list.contains("Er staat dat Daan niet wil, maar hij kan niet"));
        // A team member who is not the lead does not get the task.
        let mut cw1 = signed_in(&t, &w.care_worker_1.email).await;
        cw1.get("/worklist")
            .await
            .expect(200)
            .expect_text("Correctieverzoeken (0)");
        let page = format!("/cases/{}/consent", w.case_p10);
        let overview = ib.get(&page).await;
        overview.expect(200).expect_text("Antwoord versturen");
        assert!(decoded(&overview.body).contains("Daan kan 's ochtends niet opstaan"));
        let id = rights_store::corrections_of_case(&t.db, w.case_p10)
            .await
            .expect("corrections")[0]
            .id;
        let answer = format!("/cases/{}/corrections/{id}", w.case_p10);
        // The care worker may read the overview but not answer.
        cw1.get(&page)
            .await
            .expect(200)
            .expect_no_text("Antwoord versturen");
        cw1.post(&answer, &[("answer", "done"), ("reason", "")])
            .await
            .expect(404);
        ib.post(&answer, &[("answer", "refused"), ("reason", "")])
            .await
            .expect(422)
            .expect_text("Schrijf een uitleg");
        ib.post(
            &answer,
            &[
                ("answer", "done"),
                ("reason", "Aangepast in het plan, onderdeel situatie."),
            ],
        )
        .await
        .expect_redirect(&format!("{page}#corrections"));
        ib.post(&answer, &[("answer", "done"), ("reason", "")])
            .await
            .expect(422)
            .expect_text("al afgehandeld");
        // The family sees the status and the answer; the task is gone.
        parent
            .get(&rights)
            .await
            .expect(200)
            .expect_text("verbeterd")
            .expect_text("Aangepast in het plan, onderdeel situatie.");
        ib.get("/worklist")
            .await
            .expect(200)
            .expect_text("Correctieverzoeken (0)");
        ib.get(&format!("/cases/{}/timeline", w.case_p10))
            .await
            .expect(200)
            .expect_text("de familie vraagt om een correctie")
            .expect_text("correctie doorgevoerd");
        // Both steps are in the audit log.
        let (events, _) = t.pupil_events(w.p10).await;
        let kinds: Vec<(AuditAction, &str)> = events
            .iter()
            .filter(|e| e.event.resource_type == "correction_request")
            .map(|e| (e.event.action, e.event.outcome.code()))
            .collect();
        assert!(kinds.contains(&(AuditAction::Create, "allowed")));
        assert!(kinds.contains(&(AuditAction::Update, "allowed")));
        assert!(
            kinds.contains(&(AuditAction::Update, "denied")),
            "the care worker's attempt"
        );
        t.assert_audit_intact().await;
    }
);

db_test!(
    async fn the_privacy_officer_decides_on_erasure_with_the_retention_rules(db: TestDb) {
        let (t, w) = setup(db).await;
        let mut parent = signed_in(&t, &w.parent.email).await;
        let rights = format!("/pupils/{}/rights", w.p10);
        parent
            .get(&rights)
            .await
            .expect(200)
            .expect_text("Wettelijke bewaartermijnen")
            .expect_text("Jeugdwet art. 7.3.8");
        let erasure = format!("/pupils/{}/erasure-requests", w.p10);
        parent
            .post(&erasure, &[("scope", ""), ("explanation", "Wij verhuizen")])
            .await
            .expect(422)
            .expect_text("Kies een van de mogelijkheden")
            .expect_text("Wij verhuizen");
        let case = w.case_p10.to_string();
        parent
            .post(
                &erasure,
                &[("scope", &case), ("explanation", "Het traject is klaar")],
            )
            .await
            .expect_redirect(&format!("{rights}#erase"));
        parent
            .post(
                &erasure,
                &[("scope", &case), ("explanation", "Nog een keer")],
            )
            .await
            .expect(422)
            .expect_text("staat al een verzoek");

        // The privacy officer's list, then the request with the rules.
        let mut privacy = signed_in(&t, &w.privacy_a.email).await;
        privacy
            .get("/start")
            .await
            .expect(200)
            .expect_text(&format!("/organisations/{}/erasure-requests", w.school_a));
        let list = privacy
            .get(&format!("/organisations/{}/erasure-requests", w.school_a))
            .await;
        list.expect(200)
            .expect_text("Daan de Vries")
            .expect_text("wacht op besluit");
        let id = rights_store::erasures_of_pupil(&t.db, w.p10)
            .await
            .expect("requests")[0]
            .id;
        let detail = format!("/pupils/{}/erasure-requests/{id}", w.p10);
        privacy
            .get(&detail)
            .await
            .expect(200)
            .expect_text("Wettelijke bewaartermijnen")
            .expect_text("Jeugdhulpdossier")
            .expect_text("20 jaar")
            .expect_text("Leerlingdossier van de school")
            .expect_text("2 jaar")
            .expect_text("Verzuim en in- en uitschrijving")
            .expect_text("5 jaar")
            .expect_text("7.3.9")
            .expect_text("Het traject is klaar");
        // Not for the coordinator, nor the other school's staff.
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        ib.get(&detail).await.expect(404);
        ib.get(&format!("/organisations/{}/erasure-requests", w.school_a))
            .await
            .expect(403);
        // A refusal needs a reason; approval is queued for the retention job.
        privacy
            .post(&detail, &[("decision", "refuse"), ("reason", "")])
            .await
            .expect(422)
            .expect_text("Schrijf een uitleg");
        privacy
            .post(&detail, &[("decision", "approve"), ("reason", "")])
            .await
            .expect_redirect(&detail);
        privacy
            .get(&detail)
            .await
            .expect(200)
            .expect_text("toegewezen, wordt verwijderd")
            .expect_text("25-11-2026");
        let queued = rights_store::erasures_due(&t.db, date!(2026 - 11 - 25), 10)
            .await
            .expect("queue");
        assert_eq!(queued.len(), 1);
        assert_eq!(queued[0].case_id, Some(w.case_p10));
        assert_eq!(queued[0].erase_on, Some(date!(2026 - 11 - 25)));
        // Nothing is erased now: the retention job does that.
        assert!(
            brug_store::cases::case(&t.db, w.case_p10)
                .await
                .expect("case")
                .is_some()
        );
        parent
            .get(&rights)
            .await
            .expect(200)
            .expect_text("toegewezen, wordt verwijderd");
        let (events, _) = t.pupil_events(w.p10).await;
        assert!(
            events
                .iter()
                .any(|e| e.event.resource_type == "erasure_request"
                    && e.event.action == AuditAction::Update
                    && e.event.fields == vec!["status=approved".to_owned()]
                    && e.event.actor.user.map(|u| u.0) == Some(w.privacy_a.id))
        );
        t.assert_audit_intact().await;
    }
);

db_test!(
    async fn erasure_of_a_case_with_an_open_escalation_is_refused_with_a_reason(db: TestDb) {
        let (t, w) = setup(db).await;
        let mut parent = signed_in(&t, &w.parent.email).await;
        // A request for the whole file made before the escalation opened.
        let erasure = format!("/pupils/{}/erasure-requests", w.p10);
        parent
            .get(&format!("/pupils/{}/rights", w.p10))
            .await
            .expect(200);
        parent
            .post(&erasure, &[("scope", "file"), ("explanation", "")])
            .await
            .expect(303);
        open_escalation(&t, &w).await;
        // A new request for the case is refused at once, with the reason.
        let case = w.case_p10.to_string();
        parent
            .post(&erasure, &[("scope", &case), ("explanation", "")])
            .await
            .expect(422)
            .expect_text("Er loopt nog een opschaling");
        let requests = rights_store::erasures_of_pupil(&t.db, w.p10)
            .await
            .expect("requests");
        assert_eq!(requests.len(), 1, "nothing stored for the refused request");
        // The privacy officer cannot approve while it is open, and sees why.
        let mut privacy = signed_in(&t, &w.privacy_a.email).await;
        let detail = format!("/pupils/{}/erasure-requests/{}", w.p10, requests[0].id);
        privacy
            .get(&detail)
            .await
            .expect(200)
            .expect_text("Er loopt nog een opschaling");
        privacy
            .post(&detail, &[("decision", "approve"), ("reason", "")])
            .await
            .expect(422)
            .expect_text("Er loopt nog een opschaling");
        assert_eq!(
            rights_store::erasure(&t.db, requests[0].id)
                .await
                .expect("request")
                .expect("exists")
                .status,
            "pending",
            "nothing lost, nothing decided by mistake"
        );
        // Refusing with the reason is possible.
        privacy
            .post(
                &detail,
                &[
                    ("decision", "refuse"),
                    ("reason", "Er loopt nog een opschaling; bewaren is nodig."),
                ],
            )
            .await
            .expect_redirect(&detail);
        parent
            .get(&format!("/pupils/{}/rights", w.p10))
            .await
            .expect(200)
            .expect_text("afgewezen")
            .expect_text("bewaren is nodig");
        assert!(
            rights_store::erasures_due(&t.db, date!(2027 - 01 - 01), 10)
                .await
                .expect("queue")
                .is_empty()
        );
    }
);
