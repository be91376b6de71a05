//! Consent as a first-class object: the case lead asks, the family answers
//! by age (under 12 a guardian, 12–15 guardian and child together, 16+ the
//! young person alone), the requested care worker is seated on the consent
//! and sees the file, and a withdrawal by anyone whose say counts ends that
//! access at once and shows on the case's timeline. Bad input keeps what
//! was typed; a child under 12 is told its parents decide.

use brug_domain::audit::{AuditAction, Outcome};
use brug_store::consent as consent_store;
use brug_store::registry::{self, NewGuardian};
use brug_store::users::{self, NewUser};
use brug_test_support::db_test;

use crate::support::{Client, PASSWORD, Person, TestApp, World, decoded};

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

/// A family account (no second factor): a second guardian, or a child's own.
async fn family_account(t: &TestApp, email: &str, name: &str, own_pupil: Option<i64>) -> Person {
    let hash = brug_app::crypto::hash_password(PASSWORD.to_owned())
        .await
        .expect("hash");
    let mut tx = t.db.begin().await.expect("begin");
    let id = users::insert_user(
        &mut tx,
        &NewUser {
            email: email.into(),
            name: name.into(),
            password_hash: Some(hash),
            platform_admin: false,
            pupil_id: own_pupil,
        },
        t.ts(),
    )
    .await
    .expect("user");
    tx.commit().await.expect("commit");
    Person {
        id,
        email: email.into(),
        name: name.into(),
    }
}

async fn add_guardian(t: &TestApp, pupil: i64, person: &Person) {
    let mut tx = t.db.begin().await.expect("begin");
    registry::insert_guardian(
        &mut tx,
        &NewGuardian {
            pupil_id: pupil,
            name: person.name.clone(),
            relation: "vader".into(),
            email: Some(person.email.clone()),
            phone: None,
            user_id: Some(person.id),
        },
        t.ts(),
    )
    .await
    .expect("guardian");
    tx.commit().await.expect("commit");
}

/// The lead asks consent for care worker 2 in `case`; returns the request id.
async fn ask_for_ruben(ib: &mut Client<'_>, t: &TestApp, case: i64, until: &str) -> i64 {
    let page = format!("/cases/{case}/consent");
    ib.get(&page)
        .await
        .expect(200)
        .expect_text("Toestemming vragen");
    ib.post(
        &page,
        &[
            ("email", "ruben@jeugdhulp.example"),
            ("role_in_case", "gezinsbegeleider"),
            ("purpose", "Gezinsbegeleiding afstemmen met school"),
            ("part_plan", "on"),
            ("part_meetings", "on"),
            ("valid_from", ""),
            ("valid_until", until),
        ],
    )
    .await
    .expect_redirect(&page);
    let requests = consent_store::requests_of_case(&t.db, case)
        .await
        .expect("requests");
    assert_eq!(requests[0].status, "pending");
    requests[0].id
}

/// Open a case for `pupil` as coordinator A; returns its id.
async fn open_case(ib: &mut Client<'_>, pupil: i64) -> i64 {
    ib.get(&format!("/pupils/{pupil}/cases/new"))
        .await
        .expect(200);
    let resp = ib
        .post(
            &format!("/pupils/{pupil}/cases"),
            &[
                ("title", "Zorgen thuis en op school"),
                ("first_signal_on", "02-11-2026"),
                ("lead_domain", "gezamenlijk"),
            ],
        )
        .await;
    resp.expect(303);
    resp.location()
        .expect("case")
        .trim_start_matches("/cases/")
        .parse()
        .expect("id")
}

fn withdraw_path(pupil: i64, consent: i64) -> String {
    format!("/pupils/{pupil}/consent/{consent}/withdraw")
}

db_test!(
    async fn approve_seat_and_withdraw_at_once(db: TestDb) {
        let (t, w) = setup(db).await;
        let case = format!("/cases/{}", w.case_p10);
        let mut ruben = signed_in(&t, &w.care_worker_2.email).await;
        ruben.get(&case).await.expect(404);

        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        ib.get(&case)
            .await
            .expect(200)
            .expect_text("Toestemming en verzoeken");
        let request = ask_for_ruben(&mut ib, &t, w.case_p10, "31-07-2027").await;
        // Asking is not consent: no access yet.
        ruben.get(&case).await.expect(404);
        ib.get(&format!("{case}/timeline"))
            .await
            .expect(200)
            .expect_text("toestemming gevraagd voor Ruben Dekker · Jeugdhulp Samen");
        // The parent hears about it in Brug (no names in the notification).
        let notes = brug_store::family::notifications_of_user(&t.db, w.parent.id, 10)
            .await
            .expect("notifications");
        assert!(notes.iter().any(|n| n.event == "consent_requested"
            && n.ref_id == Some(request)
            && n.pupil_id == Some(w.p10)));

        // The parent reads the request in plain Dutch and says yes.
        let mut parent = signed_in(&t, &w.parent.email).await;
        let consent_page = format!("/pupils/{}/consent", w.p10);
        parent
            .get(&consent_page)
            .await
            .expect(200)
            .expect_text("Toestemming voor Daan de Vries")
            .expect_text("Daan de Vries is jonger dan 12")
            .expect_text("Mag Ruben Dekker · Jeugdhulp Samen meekijken?")
            .expect_text("Gezinsbegeleiding afstemmen met school")
            .expect_text("het plan (doelen, afspraken, financiering), overleggen, evaluaties en opschalingen")
            .expect_text("31-07-2027")
            .expect_text("Ja, ik geef toestemming");
        parent
            .post(
                &format!("/pupils/{}/consent/requests/{request}", w.p10),
                &[("answer", "yes")],
            )
            .await
            .expect_redirect(&consent_page);
        let given = parent.get(&consent_page).await;
        given
            .expect(200)
            .expect_text("Dank u. De toestemming is vastgelegd.")
            .expect_text("gegeven door Marieke de Vries")
            .expect_text("geldt nu");

        // Seated on that consent: the care worker sees the file now.
        ruben
            .get(&case)
            .await
            .expect(200)
            .expect_text("Ruben Dekker");
        ruben
            .get(&format!("/pupils/{}", w.p10))
            .await
            .expect(200)
            .expect_text("Daan de Vries");
        let consent = consent_store::consents_of_pupil(&t.db, w.p10)
            .await
            .expect("consents")
            .into_iter()
            .find(|k| k.recipient_user_id == Some(w.care_worker_2.id))
            .expect("the consent given");
        assert_eq!(consent.scope, "plan,meetings");
        assert_eq!(consent.case_id, Some(w.case_p10));
        assert_eq!(consent.given_by_relation, "guardian");
        assert!(!consent.given_by_young_person);
        let seat = brug_store::cases::members(&t.db, w.case_p10)
            .await
            .expect("members")
            .into_iter()
            .find(|m| m.user_id == Some(w.care_worker_2.id))
            .expect("seated");
        assert_eq!(seat.basis, "consent");
        assert_eq!(seat.consent_id, Some(consent.id));
        assert_eq!(seat.role_in_case, "gezinsbegeleider");

        // The parent withdraws: access ends at once, the lead sees it.
        parent
            .post(&withdraw_path(w.p10, consent.id), &[])
            .await
            .expect_redirect(&consent_page);
        ruben.get(&case).await.expect(404);
        ruben.get(&format!("/pupils/{}", w.p10)).await.expect(404);
        ib.get(&format!("{case}/timeline"))
            .await
            .expect(200)
            .expect_text("toestemming ingetrokken voor Ruben Dekker · Jeugdhulp Samen");
        ib.get(&case)
            .await
            .expect(200)
            .expect_no_text("ruben@jeugdhulp.example");
        parent
            .get(&consent_page)
            .await
            .expect(200)
            .expect_text("ingetrokken op");
        // Once is enough.
        parent
            .post(&withdraw_path(w.p10, consent.id), &[])
            .await
            .expect(422)
            .expect_text("al ingetrokken");
        // Audited: the answer and the withdrawal, by the parent, on her basis.
        let (events, _) = t.pupil_events(w.p10).await;
        let by_parent = |resource: &str| {
            events.iter().any(|e| {
                e.event.resource_type == resource
                    && e.event.action == AuditAction::Update
                    && e.event.outcome == Outcome::Allowed
                    && e.event.actor.user.map(|u| u.0) == Some(w.parent.id)
                    && e.event.basis == "guardian"
            })
        };
        assert!(by_parent("consent_request"));
        assert!(by_parent("consent"));
        assert!(events.iter().any(|e| e.event.resource_type == "case"
            && e.event.outcome == Outcome::Denied
            && e.event.actor.user.map(|u| u.0) == Some(w.care_worker_2.id)));
        t.assert_audit_intact().await;
    }
);

db_test!(
    async fn two_guardians_disagree_and_the_no_wins(db: TestDb) {
        let (t, w) = setup(db).await;
        let father = family_account(&t, "johan@thuis.example", "Johan de Vries", None).await;
        add_guardian(&t, w.p10, &father).await;
        let mut johan = signed_in(&t, &father.email).await;
        let consent_page = format!("/pupils/{}/consent", w.p10);
        // The consent his partner gave for care worker 1 is his to withdraw too.
        let page = johan.get(&consent_page).await;
        page.expect(200).expect_text("Emma Willems");
        let mut emma = signed_in(&t, &w.care_worker_1.email).await;
        let case = format!("/cases/{}", w.case_p10);
        emma.get(&case).await.expect(200);
        johan
            .post(&withdraw_path(w.p10, w.consent_p10), &[])
            .await
            .expect_redirect(&consent_page);
        emma.get(&case).await.expect(404);
        // The attendance officer's legal task does not rest on consent.
        let mut henk = signed_in(&t, &w.attendance_officer.email).await;
        henk.get(&case).await.expect(200);
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        ib.get(&format!("{case}/timeline"))
            .await
            .expect(200)
            .expect_text("toestemming ingetrokken voor Emma Willems · Jeugdhulp Samen")
            .expect_text("Johan de Vries");

        // A new request: one guardian's no refuses it, the other's yes comes too late.
        let request = ask_for_ruben(&mut ib, &t, w.case_p10, "").await;
        johan
            .get(&consent_page)
            .await
            .expect(200)
            .expect_text("Nee, liever niet");
        johan
            .post(
                &format!("/pupils/{}/consent/requests/{request}", w.p10),
                &[("answer", "no")],
            )
            .await
            .expect_redirect(&consent_page);
        let mut parent = signed_in(&t, &w.parent.email).await;
        parent.get(&consent_page).await.expect(200);
        parent
            .post(
                &format!("/pupils/{}/consent/requests/{request}", w.p10),
                &[("answer", "yes")],
            )
            .await
            .expect(422)
            .expect_text("al afgehandeld");
        let mut ruben = signed_in(&t, &w.care_worker_2.email).await;
        ruben.get(&case).await.expect(404);
        ib.get(&format!("/cases/{}/consent", w.case_p10))
            .await
            .expect(200)
            .expect_text("geweigerd")
            .expect_text("Johan de Vries (ouder of verzorger) zei nee.");
    }
);

db_test!(
    async fn bad_request_keeps_what_was_typed(db: TestDb) {
        let (t, w) = setup(db).await;
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        let page = format!("/cases/{}/consent", w.case_p10);
        ib.get(&page).await.expect(200);
        let resp = ib
            .post(
                &page,
                &[
                    ("email", "ruben@jeugdhulp.example"),
                    ("role_in_case", "gezinsbegeleider"),
                    ("purpose", "  "),
                    ("part_meetings", "on"),
                    ("valid_from", "10-12-2026"),
                    ("valid_until", "01-12-2026"),
                ],
            )
            .await;
        resp.expect(422)
            .expect_text("Vul in waarvoor de toestemming nodig is")
            .expect_text("De einddatum ligt vóór de begindatum")
            .expect_text("value=\"ruben@jeugdhulp.example\"")
            .expect_text("value=\"gezinsbegeleider\"")
            .expect_text("value=\"10-12-2026\"")
            .expect_text("value=\"01-12-2026\"")
            .expect_text("name=\"part_meetings\" value=\"on\" checked");
        assert!(
            !resp
                .body
                .contains("name=\"part_plan\" value=\"on\" checked")
        );
        // No parts, an unknown person: said too.
        ib.post(
            &page,
            &[
                ("email", "niemand@nergens.example"),
                ("purpose", "Afstemming"),
                ("valid_until", "01-01-2027"),
            ],
        )
        .await
        .expect(422)
        .expect_text("Kies ten minste één deel van het dossier")
        .expect_text("geen actief Brug-account")
        .expect_text("value=\"Afstemming\"");
        // Someone already in the team by consent is not asked for again.
        ib.post(
            &page,
            &[
                ("email", "emma@jeugdhulp.example"),
                ("role_in_case", "jeugdhulp"),
                ("purpose", "Afstemming"),
                ("part_plan", "on"),
            ],
        )
        .await
        .expect(422)
        .expect_text("zit al in het team");
        assert!(
            consent_store::requests_of_case(&t.db, w.case_p10)
                .await
                .expect("requests")
                .is_empty(),
            "nothing stored"
        );
        // Sharing with an organisation only, without seating anyone.
        ib.post(
            &page,
            &[
                ("org_code", "98765432"),
                ("purpose", "Overdracht naar de zorgaanbieder"),
                ("part_plan", "on"),
            ],
        )
        .await
        .expect_redirect(&page);
        let requests = consent_store::requests_of_case(&t.db, w.case_p10)
            .await
            .expect("requests");
        assert_eq!(
            requests[0].recipient_org_name.as_deref(),
            Some("Jeugdhulp Samen")
        );
        assert_eq!(requests[0].recipient_user_id, None);
    }
);

db_test!(
    async fn a_child_under_twelve_cannot_give_consent_and_is_told_why(db: TestDb) {
        let (t, w) = setup(db).await;
        let daan = family_account(&t, "daan@leerling.example", "Daan de Vries", Some(w.p10)).await;
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        let request = ask_for_ruben(&mut ib, &t, w.case_p10, "").await;
        let mut child = signed_in(&t, &daan.email).await;
        let consent_page = format!("/pupils/{}/consent", w.p10);
        let page = child.get(&consent_page).await;
        page.expect(403)
            .expect_text("Je bent jonger dan 12")
            .expect_no_text("Ruben")
            .expect_no_text("Gezinsbegeleiding");
        child.refresh_csrf().await;
        child
            .post(
                &format!("/pupils/{}/consent/requests/{request}", w.p10),
                &[("answer", "yes")],
            )
            .await
            .expect(403)
            .expect_text("Je ouders of verzorgers beslissen over toestemming");
        child
            .post(&withdraw_path(w.p10, w.consent_p10), &[])
            .await
            .expect(403);
        // Nothing changed; the attempts are logged as refused on the age rule.
        let requests = consent_store::requests_of_case(&t.db, w.case_p10)
            .await
            .expect("requests");
        assert_eq!(requests[0].status, "pending");
        let mut emma = signed_in(&t, &w.care_worker_1.email).await;
        emma.get(&format!("/cases/{}", w.case_p10))
            .await
            .expect(200);
        let (events, _) = t.pupil_events(w.p10).await;
        let refused: Vec<_> = events
            .iter()
            .filter(|e| e.event.actor.user.map(|u| u.0) == Some(daan.id))
            .collect();
        assert_eq!(refused.len(), 3);
        assert!(
            refused
                .iter()
                .all(|e| e.event.outcome == Outcome::Denied && e.event.basis == "denied:age_rule")
        );
    }
);

db_test!(
    async fn from_twelve_the_child_and_a_parent_both_say_yes(db: TestDb) {
        let (t, w) = setup(db).await;
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        let case = open_case(&mut ib, w.p14).await;
        let request = ask_for_ruben(&mut ib, &t, case, "").await;
        let consent_page = format!("/pupils/{}/consent", w.p14);
        let answer = format!("/pupils/{}/consent/requests/{request}", w.p14);
        let mut parent = signed_in(&t, &w.parent.email).await;
        parent
            .get(&consent_page)
            .await
            .expect(200)
            .expect_text("Ouder en kind beslissen samen");
        parent.post(&answer, &[("answer", "yes")]).await.expect(303);
        parent
            .get(&consent_page)
            .await
            .expect(200)
            .expect_text("Er is nog een ja nodig")
            .expect_text("Nog nodig: ja van de jongere zelf")
            .expect_text("U heeft ja gezegd.");
        let mut ruben = signed_in(&t, &w.care_worker_2.email).await;
        ruben.get(&format!("/cases/{case}")).await.expect(404);
        let mut sanne = signed_in(&t, &w.child_14.email).await;
        sanne
            .get(&consent_page)
            .await
            .expect(200)
            .expect_text("Marieke de Vries (ouder of verzorger) zei ja.");
        sanne.post(&answer, &[("answer", "yes")]).await.expect(303);
        ruben.get(&format!("/cases/{case}")).await.expect(200);
        let consent = consent_store::consents_of_pupil(&t.db, w.p14)
            .await
            .expect("consents")
            .remove(0);
        assert_eq!(consent.given_by_relation, "guardian+young_person");
        assert!(consent.given_by_young_person);
        assert_eq!(consent.given_by_name, "Marieke de Vries en Sanne Jansen");
        // The child may withdraw what she agreed to.
        sanne
            .post(&withdraw_path(w.p14, consent.id), &[])
            .await
            .expect(303);
        ruben.get(&format!("/cases/{case}")).await.expect(404);
    }
);

db_test!(
    async fn from_sixteen_the_young_person_decides_alone_and_about_her_parents(db: TestDb) {
        let (t, w) = setup(db).await;
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        let case = open_case(&mut ib, w.p17).await;
        let request = ask_for_ruben(&mut ib, &t, case, "").await;
        let consent_page = format!("/pupils/{}/consent", w.p17);
        // Her parent has no say (and does not see the file).
        let mut parent = signed_in(&t, &w.parent.email).await;
        parent.get(&consent_page).await.expect(404);
        parent
            .post(
                &format!("/pupils/{}/consent/requests/{request}", w.p17),
                &[("answer", "yes")],
            )
            .await
            .expect(404);
        let mut mila = signed_in(&t, &w.young_17.email).await;
        mila.get(&consent_page)
            .await
            .expect(200)
            .expect_text("beslist zelf over toestemming")
            .expect_text("Je ouders kunnen je dossier nu niet zien.");
        mila.post(
            &format!("/pupils/{}/consent/requests/{request}", w.p17),
            &[("answer", "yes")],
        )
        .await
        .expect(303);
        let mut ruben = signed_in(&t, &w.care_worker_2.email).await;
        ruben.get(&format!("/cases/{case}")).await.expect(200);
        let consent = consent_store::consents_of_pupil(&t.db, w.p17)
            .await
            .expect("consents")
            .remove(0);
        assert_eq!(consent.given_by_relation, "young_person");
        mila.post(&withdraw_path(w.p17, consent.id), &[])
            .await
            .expect(303);
        ruben.get(&format!("/cases/{case}")).await.expect(404);

        // She lets her parents see the file, and stops it again.
        let file = format!("/pupils/{}", w.p17);
        parent.get(&file).await.expect(404);
        let sharing = format!("/pupils/{}/consent/sharing", w.p17);
        mila.get(&consent_page).await.expect(200);
        mila.post(&sharing, &[("share", "yes")])
            .await
            .expect_redirect(&consent_page);
        parent
            .get(&file)
            .await
            .expect(200)
            .expect_text("Mila Bakker");
        // Even so, consent stays hers alone.
        parent.get(&consent_page).await.expect(404);
        mila.get(&consent_page)
            .await
            .expect(200)
            .expect_text("Je ouders kunnen nu je dossier zien.");
        mila.post(&sharing, &[("share", "no")])
            .await
            .expect_redirect(&consent_page);
        parent.get(&file).await.expect(404);
        // Only she decides this: not her parent, not a child of 14.
        let mut sanne = signed_in(&t, &w.child_14.email).await;
        sanne
            .post(
                &format!("/pupils/{}/consent/sharing", w.p14),
                &[("share", "no")],
            )
            .await
            .expect(404);
        let (events, _) = t.pupil_events(w.p17).await;
        let changes: Vec<&Vec<String>> = events
            .iter()
            .filter(|e| {
                e.event.resource_type == "pupil_sharing"
                    && e.event.outcome == Outcome::Allowed
                    && e.event.basis == "own_file"
            })
            .map(|e| &e.event.fields)
            .collect();
        assert_eq!(
            changes,
            vec![
                &vec!["shares_with_guardians=false".to_owned()],
                &vec!["shares_with_guardians=true".to_owned()],
            ]
        );
        t.assert_audit_intact().await;
    }
);

db_test!(
    async fn consents_ending_within_a_month_are_on_the_leads_worklist(db: TestDb) {
        let (t, w) = setup(db).await;
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        let request = ask_for_ruben(&mut ib, &t, w.case_p10, "20-12-2026").await;
        let mut parent = signed_in(&t, &w.parent.email).await;
        parent
            .get(&format!("/pupils/{}/consent", w.p10))
            .await
            .expect(200);
        parent
            .post(
                &format!("/pupils/{}/consent/requests/{request}", w.p10),
                &[("answer", "yes")],
            )
            .await
            .expect(303);
        let list = ib.get("/worklist").await;
        list.expect(200)
            .expect_text("Toestemming loopt af (1)")
            .expect_text("loopt af op 20-12-2026");
        assert!(
            decoded(&list.body).contains(
                "Ruben Dekker · Jeugdhulp Samen · Gezinsbegeleiding afstemmen met school"
            )
        );
        // Care worker 1's own consent has no end; she leads nothing: no list line.
        let mut emma = signed_in(&t, &w.care_worker_1.email).await;
        emma.get("/worklist")
            .await
            .expect(200)
            .expect_text("Toestemming loopt af (0)");
        // After the end date the consent no longer counts, nor shows.
        t.advance(time::Duration::days(26));
        let mut ruben = signed_in(&t, &w.care_worker_2.email).await;
        ruben
            .get(&format!("/cases/{}", w.case_p10))
            .await
            .expect(404);
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        ib.get("/worklist")
            .await
            .expect(200)
            .expect_text("Toestemming loopt af (0)");
    }
);

db_test!(
    async fn a_consent_for_the_plan_only_shows_the_plan_only(db: TestDb) {
        let t = crate::support::TestApp::start(db).await;
        let w = crate::support::World::build(&t).await;
        // Care worker 1 sits in P10's case on a consent that names the plan.
        t.sql(&format!(
            "UPDATE consents SET scope = 'plan' WHERE id = {}",
            w.consent_p10
        ))
        .await;
        let mut care = t.client();
        care.login(&w.care_worker_1.email, crate::support::PASSWORD)
            .await;
        let case = w.case_p10;
        care.get(&format!("/cases/{case}"))
            .await
            .expect(200)
            .expect_text("id=\"consent-parts\"")
            .expect_text("id=\"plan\"")
            .expect_no_text("id=\"meetings\"");
        care.get(&format!("/cases/{case}/plan/child_words"))
            .await
            .expect(200);
        let before = t.audit_count().await;
        care.get(&format!("/cases/{case}/meetings"))
            .await
            .expect(404);
        care.get(&format!("/cases/{case}/escalations"))
            .await
            .expect(404);
        // Each refusal is logged, with its reason.
        assert_eq!(t.audit_count().await - before, 2);
        let (events, _) = t.pupil_events(w.p10).await;
        assert!(
            events
                .iter()
                .any(|e| e.event.basis == "denied:outside_consent"
                    && e.event.resource_type == "meetings"),
            "the refusal is in the log"
        );

        // Meetings only: the plan is out of reach, meetings are in.
        t.sql(&format!(
            "UPDATE consents SET scope = 'meetings' WHERE id = {}",
            w.consent_p10
        ))
        .await;
        care.get(&format!("/cases/{case}"))
            .await
            .expect(200)
            .expect_text("id=\"meetings\"")
            .expect_no_text("id=\"plan\"");
        care.get(&format!("/cases/{case}/plan/child_words"))
            .await
            .expect(404);
        care.get(&format!("/cases/{case}/meetings"))
            .await
            .expect(200);

        // A seat on a legal task sees the whole file, without the notice.
        let mut lead = t.client();
        lead.login(&w.coordinator_a.email, crate::support::PASSWORD)
            .await;
        lead.get(&format!("/cases/{case}"))
            .await
            .expect(200)
            .expect_text("id=\"plan\"")
            .expect_text("id=\"meetings\"")
            .expect_no_text("id=\"consent-parts\"");
    }
);
