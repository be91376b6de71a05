//! The case around a pupil: opening it after a signal, the team with a basis
//! per seat, handing over the lead, the phase flow with its rules, attendance
//! and the thuiszitter's monthly meeting, and what that means for access.

use brug_store::cases;
use brug_test_support::db_test;

use crate::support::{Client, PASSWORD, TestApp, World, decoded};

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

/// Open a case for P14 as coordinator A; returns its id.
async fn open_case_for_p14(ib: &mut Client<'_>, w: &World) -> i64 {
    ib.get(&format!("/pupils/{}/cases/new", w.p14))
        .await
        .expect(200)
        .expect_text("Sanne Jansen");
    let resp = ib
        .post(
            &format!("/pupils/{}/cases", w.p14),
            &[
                ("title", "Veel verzuim sinds de herfstvakantie"),
                ("first_signal_on", "02-11-2026"),
                ("lead_domain", "onderwijs"),
            ],
        )
        .await;
    resp.expect(303);
    let location = resp.location().expect("to the case").to_owned();
    location
        .trim_start_matches("/cases/")
        .parse()
        .expect("case id")
}

fn version_of(body: &str) -> String {
    let marker = "name=\"version\" value=\"";
    let start = body.find(marker).expect("version field") + marker.len();
    body[start..].split('"').next().expect("value").to_owned()
}

db_test!(
    async fn a_coordinator_opens_a_case_and_leads_it(db: TestDb) {
        let (t, w) = setup(db).await;
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        let case = open_case_for_p14(&mut ib, &w).await;
        let page = ib.get(&format!("/cases/{case}")).await;
        page.expect(200)
            .expect_text("Veel verzuim sinds de herfstvakantie")
            .expect_text("signaal")
            .expect_text("regievoerder")
            .expect_text(&w.coordinator_a.name)
            .expect_text("02-11-2026");
        ib.get(&format!("/cases/{case}/timeline"))
            .await
            .expect(200)
            .expect_text("Traject geopend");
        // The pupil page lists the case and no longer offers to open one.
        ib.get(&format!("/pupils/{}", w.p14))
            .await
            .expect(200)
            .expect_text("Veel verzuim")
            .expect_no_text("id=\"open-case\"");
        // The creation is in the audit log, for this pupil, by the coordinator.
        let (events, _) = t.pupil_events(w.p14).await;
        assert!(events.iter().any(|e| e.event.resource_type == "case"
            && e.event.action == brug_domain::audit::AuditAction::Create
            && e.event.actor.user.map(|u| u.0) == Some(w.coordinator_a.id)));
        t.assert_audit_intact().await;
    }
);

db_test!(
    async fn one_open_case_per_pupil_and_bad_input_keeps_what_was_typed(db: TestDb) {
        let (t, w) = setup(db).await;
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        ib.get(&format!("/pupils/{}/cases/new", w.p10))
            .await
            .expect(200);
        let resp = ib
            .post(
                &format!("/pupils/{}/cases", w.p10),
                &[
                    ("title", "Nog een signaal"),
                    ("first_signal_on", "01-11-2026"),
                ],
            )
            .await;
        resp.expect(409)
            .expect_text("al een open traject")
            .expect_text(&format!("/cases/{}", w.case_p10));

        ib.get(&format!("/pupils/{}/cases/new", w.p14))
            .await
            .expect(200);
        let resp = ib
            .post(
                &format!("/pupils/{}/cases", w.p14),
                &[("title", "   "), ("first_signal_on", "31-12-2099")],
            )
            .await;
        resp.expect(422)
            .expect_text("Dit veld is verplicht")
            .expect_text("in de toekomst")
            .expect_text("value=\"31-12-2099\"");
        let resp = ib
            .post(
                &format!("/pupils/{}/cases", w.p14),
                &[
                    ("title", "<script>alert(1)</script>"),
                    ("first_signal_on", "31-02-2026"),
                ],
            )
            .await;
        resp.expect(422).expect_text("Deze datum bestaat niet");
        assert!(
            !resp.body.contains("<script>alert(1)</script>"),
            "typed markup is escaped"
        );
        assert!(
            decoded(&resp.body).contains("<script>alert(1)</script>"),
            "and kept"
        );
    }
);

db_test!(
    async fn adding_a_professional_needs_a_basis_and_consent_can_be_withdrawn(db: TestDb) {
        let (t, w) = setup(db).await;
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        let case = open_case_for_p14(&mut ib, &w).await;
        let mut cw2 = signed_in(&t, &w.care_worker_2.email).await;
        cw2.get(&format!("/pupils/{}", w.p14)).await.expect(404);

        ib.get(&format!("/cases/{case}")).await.expect(200);
        let members = format!("/cases/{case}/members");
        ib.post(
            &members,
            &[
                ("email", &w.care_worker_2.email),
                ("role_in_case", "jeugdhulpverlener"),
                ("basis", ""),
            ],
        )
        .await
        .expect(422)
        .expect_text("Kies de grondslag")
        .expect_text(&format!("value=\"{}\"", w.care_worker_2.email));
        ib.post(
            &members,
            &[
                ("email", &w.policy_maker.email),
                ("role_in_case", "beleid"),
                ("basis", "legal_task"),
                ("legal_task", "youth_care"),
            ],
        )
        .await
        .expect(422)
        .expect_text("geen rol die met kinderen werkt");
        ib.post(
            &members,
            &[
                ("email", "niemand@nergens.example"),
                ("role_in_case", "x"),
                ("basis", "legal_task"),
                ("legal_task", "youth_care"),
            ],
        )
        .await
        .expect(422)
        .expect_text("geen actief Brug-account");
        ib.post(
            &members,
            &[
                ("email", &w.care_worker_2.email),
                ("role_in_case", "jeugdhulpverlener"),
                ("basis", "consent"),
                ("consent_given_by", "Marieke de Vries"),
                ("consent_relation", "parent"),
                ("consent_purpose", "Afstemming jeugdhulp en school"),
                ("consent_until", ""),
            ],
        )
        .await
        .expect(303);
        cw2.get(&format!("/pupils/{}", w.p14)).await.expect(200);
        cw2.get(&format!("/cases/{case}"))
            .await
            .expect(200)
            .expect_text("toestemming");

        // Withdrawing the consent ends the access at once.
        let consents = cases::consents_of_pupil(&t.db, w.p14)
            .await
            .expect("consents");
        let consent = consents.first().expect("the consent just given");
        assert_eq!(consent.given_by_name, "Marieke de Vries");
        let mut tx = t.db.begin().await.expect("tx");
        assert!(
            cases::withdraw_consent(&mut tx, consent.id, Some(w.parent.id), t.ts())
                .await
                .expect("withdraw")
        );
        tx.commit().await.expect("commit");
        cw2.get(&format!("/pupils/{}", w.p14)).await.expect(404);
        cw2.get(&format!("/cases/{case}")).await.expect(404);
    }
);

db_test!(
    async fn the_lead_is_handed_over_explicitly_and_cannot_be_removed(db: TestDb) {
        let (t, w) = setup(db).await;
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        let case = format!("/cases/{}", w.case_p10);
        let page = ib.get(&case).await;
        page.expect(200);
        ib.post(&format!("{case}/members/{}/remove", w.lead_member_p10), &[])
            .await
            .expect(422)
            .expect_text("regievoerder kan niet uit het team");
        // Care worker 1 is a member but not the lead: cannot manage the team.
        let mut cw1 = signed_in(&t, &w.care_worker_1.email).await;
        cw1.get(&case)
            .await
            .expect(200)
            .expect_no_text("Regie overdragen");
        let cw1_seat = cases::members(&t.db, w.case_p10)
            .await
            .expect("members")
            .into_iter()
            .find(|m| m.user_id == Some(w.care_worker_1.id))
            .expect("seat")
            .id;
        cw1.post(&format!("{case}/members/{cw1_seat}/lead"), &[])
            .await
            .expect(404);
        // The coordinator hands the lead to care worker 1, who then manages the team.
        ib.get(&case).await.expect(200);
        ib.post(&format!("{case}/members/{cw1_seat}/lead"), &[])
            .await
            .expect(303);
        let members = cases::members(&t.db, w.case_p10).await.expect("members");
        let leads: Vec<_> = members.iter().filter(|m| m.is_lead).collect();
        assert_eq!(leads.len(), 1, "exactly one case lead");
        assert_eq!(leads[0].user_id, Some(w.care_worker_1.id));
        cw1.get(&case)
            .await
            .expect(200)
            .expect_text("Regie overdragen");
        ib.get(&format!("{case}/timeline"))
            .await
            .expect(200)
            .expect_text("Regie")
            // Which case and child, and the way back, like every case page.
            .expect_text("id=\"back-to-case\"")
            .expect_text("Daan de Vries");
    }
);

db_test!(
    async fn the_phase_flow_enforces_its_rules(db: TestDb) {
        let (t, w) = setup(db).await;
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        let case = open_case_for_p14(&mut ib, &w).await;
        let path = format!("/cases/{case}");
        let status = format!("{path}/status");
        let v = version_of(&ib.get(&path).await.body);
        ib.post(&status, &[("to", "active"), ("version", &v)])
            .await
            .expect(422)
            .expect_text("niet vanuit de huidige fase");
        ib.post(&status, &[("to", "exploration"), ("version", &v)])
            .await
            .expect(303);
        // A second tab still holding the old version cannot overwrite.
        ib.get(&path).await.expect(200);
        ib.post(
            &status,
            &[
                ("to", "closed"),
                ("version", &v),
                ("outcome", "other"),
                ("reason", "x"),
            ],
        )
        .await
        .expect(409);
        let v = version_of(&ib.get(&path).await.body);
        ib.post(&status, &[("to", "active"), ("version", &v)])
            .await
            .expect(303);
        let row = cases::case(&t.db, case)
            .await
            .expect("case")
            .expect("exists");
        assert_eq!(row.status, "active");
        assert_eq!(
            row.help_started_on,
            Some(t.now().date()),
            "help start is recorded"
        );
        let v = version_of(&ib.get(&path).await.body);
        ib.post(
            &status,
            &[
                ("to", "closed"),
                ("version", &v),
                ("outcome", ""),
                ("reason", "Doelen bereikt"),
            ],
        )
        .await
        .expect(422)
        .expect_text("Kies bij het afsluiten de uitkomst")
        .expect_text(">Doelen bereikt</textarea>");
        ib.post(
            &status,
            &[
                ("to", "closed"),
                ("version", &v),
                ("outcome", "stays_in_education"),
                ("reason", ""),
            ],
        )
        .await
        .expect(422)
        .expect_text("Schrijf bij het afsluiten kort de reden op")
        .expect_text("<option value=\"stays_in_education\" selected>")
        .expect_text("<option value=\"closed\" selected>");
        ib.post(
            &status,
            &[
                ("to", "closed"),
                ("version", &v),
                ("outcome", "stays_in_education"),
                ("reason", "Doelen bereikt"),
            ],
        )
        .await
        .expect(303);
        let row = cases::case(&t.db, case)
            .await
            .expect("case")
            .expect("exists");
        assert_eq!(
            (row.status.as_str(), row.outcome.as_deref()),
            ("closed", Some("stays_in_education"))
        );
        ib.get(&path)
            .await
            .expect(200)
            .expect_text("afgesloten")
            .expect_text("blijft in het onderwijs");
        // Parents see the case but do not steer it.
        let mut parent = signed_in(&t, &w.parent.email).await;
        parent
            .get(&path)
            .await
            .expect(200)
            .expect_no_text("id=\"status-form\"");
    }
);

db_test!(
    async fn when_a_case_closes_only_its_lead_keeps_a_seat(db: TestDb) {
        let (t, w) = setup(db).await;
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        let path = format!("/cases/{}", w.case_p10);
        let v = version_of(&ib.get(&path).await.body);
        ib.post(
            &format!("{path}/status"),
            &[
                ("to", "closed"),
                ("version", &v),
                ("outcome", "back_in_education"),
                ("reason", "Weer volledig op school"),
            ],
        )
        .await
        .expect(303);
        let mut cw1 = signed_in(&t, &w.care_worker_1.email).await;
        cw1.get(&format!("/pupils/{}", w.p10)).await.expect(404);
        cw1.get(&path).await.expect(404);
        ib.get(&path).await.expect(200);
    }
);

db_test!(
    async fn a_thuiszitter_needs_a_monthly_meeting(db: TestDb) {
        let (t, w) = setup(db).await;
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        let path = format!("/cases/{}", w.case_p10);
        ib.get(&path).await.expect(200);
        ib.post(
            &format!("{path}/attendance"),
            &[
                ("status", "thuiszitter"),
                ("since", "01-12-2026"),
                ("note", ""),
            ],
        )
        .await
        .expect(422)
        .expect_text("in de toekomst");
        ib.post(
            &format!("{path}/attendance"),
            &[
                ("status", "thuiszitter"),
                ("since", "01-10-2026"),
                ("note", "Sinds oktober niet op school"),
            ],
        )
        .await
        .expect(303);
        let page = ib.get(&path).await;
        page.expect(200)
            .expect_text("thuiszitter")
            .expect_text("id=\"monthly-missed\"")
            .expect_text("01-11-2026");
    }
);

db_test!(
    async fn printing_shows_the_whole_plan_and_is_logged_as_a_print(db: TestDb) {
        let (t, w) = setup(db).await;
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        let page = ib.get(&format!("/cases/{}/print", w.case_p10)).await;
        page.expect(200)
            .expect_text("Daan de Vries")
            .expect_text("Vertrouwelijk")
            .expect_text(&w.care_worker_1.name)
            .expect_no_text("<script");
        let (events, _) = t.pupil_events(w.p10).await;
        assert_eq!(
            events[0].event.action,
            brug_domain::audit::AuditAction::Print
        );
        assert_eq!(
            events[0].event.actor.user.map(|u| u.0),
            Some(w.coordinator_a.id)
        );
        // A teacher without a seat cannot print it.
        let mut teacher = signed_in(&t, &w.teacher_a.email).await;
        teacher
            .get(&format!("/cases/{}/print", w.case_p10))
            .await
            .expect(404);
    }
);

db_test!(
    async fn closing_with_an_open_escalation_points_to_it(db: TestDb) {
        let (t, w) = setup(db).await;
        let mut tx = t.db.begin().await.expect("begin");
        brug_store::meetings::insert_escalation(
            &mut tx,
            &brug_store::meetings::NewEscalation {
                case_id: w.case_p10,
                level: "managers".into(),
                question: "Wie betaalt de dagbesteding?".into(),
                decider: "Directeuren".into(),
                deadline: time::macros::date!(2026 - 12 - 31),
                opened_by_user_id: Some(w.coordinator_a.id),
                evaluation_id: None,
            },
            t.ts(),
        )
        .await
        .expect("escalation");
        tx.commit().await.expect("commit");
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        let path = format!("/cases/{}", w.case_p10);
        let v = version_of(&ib.get(&path).await.body);
        ib.post(
            &format!("{path}/status"),
            &[
                ("to", "closed"),
                ("version", &v),
                ("outcome", "stays_in_education"),
                ("reason", "Doelen bereikt"),
            ],
        )
        .await
        .expect(422)
        .expect_text("Er loopt nog een opschaling")
        .expect_text(&format!(
            "href=\"{path}/escalations\" id=\"go-to-escalations\""
        ))
        .expect_text(">Doelen bereikt</textarea>");
        let row = cases::case(&t.db, w.case_p10)
            .await
            .expect("case")
            .expect("exists");
        assert_ne!(row.status, "closed");
    }
);

db_test!(
    async fn the_schools_fixed_youth_care_contact_is_suggested_on_the_team_form(db: TestDb) {
        let (t, w) = setup(db).await;
        let path = format!("/cases/{}", w.case_p10);
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        ib.get(&path)
            .await
            .expect(200)
            .expect_no_text("id=\"fixed-contact\"");
        let mut tx = t.db.begin().await.expect("begin");
        brug_store::network::upsert_contact(
            &mut tx,
            &brug_store::network::NewContact {
                school_id: w.school_a,
                kind: "youth_care".into(),
                contact_org_id: Some(w.care_provider),
                name: "Joost Verhagen".into(),
                phone: None,
                email: Some("j.verhagen@jeugdhulp.example".into()),
                updated_by_user_id: Some(w.coordinator_a.id),
            },
            t.ts(),
        )
        .await
        .expect("contact");
        tx.commit().await.expect("commit");
        ib.get(&path)
            .await
            .expect(200)
            .expect_text("id=\"fixed-contact\"")
            .expect_text("Joost Verhagen")
            .expect_text("j.verhagen@jeugdhulp.example");
        // Only to who may add members: the care worker in the team does not get it.
        let mut cw = signed_in(&t, &w.care_worker_1.email).await;
        cw.get(&path)
            .await
            .expect(200)
            .expect_no_text("id=\"fixed-contact\"")
            .expect_no_text("Joost Verhagen");
    }
);
