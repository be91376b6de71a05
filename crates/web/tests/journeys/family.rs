//! S4, the family as partners: the parent reads the plan in plain language
//! with her one point of contact and writes her own section (and only that);
//! the child of 14 writes "what I want" (and only that); a young person of
//! 17 who does not share leaves her parent with nothing; comments of the
//! family reach the team and back; notifications in Brug and by email, with
//! no personal details in the mail, only for those who may see the case.

use brug_domain::audit::{AuditAction, Outcome};
use brug_store::audit::{AuditQuery, StoredEvent};
use brug_store::family::{self as family_store, NewNotification};
use brug_store::{cases, lifecycle, meetings, plan};
use brug_test_support::db_test;
use time::Date;
use time::Duration;
use time::macros::date;

use crate::support::{Client, PASSWORD, Resp, TestApp, World, decoded};

/// A notification of the parent about P10 for the access matrix: opening it
/// leads to her family page (an evaluation without its id: no anchor).
pub async fn notification_fixture(t: &TestApp, w: &World) -> i64 {
    let mut tx = t.db.begin().await.expect("begin");
    let id = family_store::insert_notification(
        &mut tx,
        &NewNotification {
            user_id: w.parent.id,
            kind: "meeting".into(),
            event: "evaluation_planned".into(),
            case_id: Some(w.case_p10),
            pupil_id: Some(w.p10),
            ref_id: None,
            dedupe_key: None,
        },
        t.ts(),
    )
    .await
    .expect("notification")
    .expect("a new notification");
    tx.commit().await.expect("commit");
    id
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

/// Write a section directly, as the coordinator.
async fn write_section(t: &TestApp, w: &World, case: i64, section: &str, body: &str) {
    let mut tx = t.db.begin().await.expect("begin");
    plan::save_section(
        &mut tx,
        &plan::SectionSave {
            case_id: case,
            section,
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

/// An agreement in a case; returns its id.
async fn agreement(
    t: &TestApp,
    case: i64,
    action: &str,
    party: &str,
    owner: Option<(i64, &str)>,
    due: Date,
) -> i64 {
    let mut tx = t.db.begin().await.expect("begin");
    let id = plan::insert_agreement(
        &mut tx,
        &plan::NewAgreement {
            case_id: case,
            action: action.into(),
            party: party.into(),
            kind: "task".into(),
            owner_user_id: owner.map(|o| o.0),
            owner_name: owner.map_or("Jeugdhulp Samen", |o| o.1).into(),
            due_on: Some(due),
            meeting_id: None,
            created_by_user_id: None,
        },
        t.ts(),
    )
    .await
    .expect("agreement");
    tx.commit().await.expect("commit");
    id
}

async fn evaluation(t: &TestApp, case: i64, on: Date) -> i64 {
    let mut tx = t.db.begin().await.expect("begin");
    let id = meetings::insert_evaluation(&mut tx, case, on, None, t.ts())
        .await
        .expect("evaluation");
    tx.commit().await.expect("commit");
    id
}

/// A case for P14 or P17, led by coordinator A on the school's task.
async fn case_for(t: &TestApp, w: &World, pupil: i64) -> i64 {
    let now = t.ts();
    let mut tx = t.db.begin().await.expect("begin");
    let case = cases::insert_case(
        &mut tx,
        &cases::NewCase {
            pupil_id: pupil,
            title: "Samen terug naar school".into(),
            school_id: w.school_a,
            status: "active".into(),
            lead_domain: Some("onderwijs".into()),
            first_signal_on: date!(2026 - 10 - 01),
            help_started_on: Some(date!(2026 - 10 - 15)),
            created_by_user_id: Some(w.coordinator_a.id),
        },
        now,
    )
    .await
    .expect("case");
    cases::insert_member(
        &mut tx,
        &cases::NewMember {
            case_id: case,
            user_id: Some(w.coordinator_a.id),
            guardian_id: None,
            org_id: Some(w.school_a),
            role_in_case: "zorgcoördinator".into(),
            basis: "legal_task".into(),
            consent_id: None,
            legal_task: Some("school_pupil_file".into()),
            is_lead: true,
            added_by_user_id: Some(w.coordinator_a.id),
        },
        now,
    )
    .await
    .expect("lead");
    tx.commit().await.expect("commit");
    case
}

/// Events about a pupil by a user, newest first.
async fn events_by(t: &TestApp, pupil: i64, user: i64) -> Vec<StoredEvent> {
    t.audit(AuditQuery {
        pupil: Some(pupil),
        actor_user: Some(user),
        ..AuditQuery::default()
    })
    .await
    .0
}

async fn section_body(t: &TestApp, case: i64, section: &str) -> Option<String> {
    plan::section(&t.db, case, section)
        .await
        .expect("section")
        .map(|s| s.body)
}

/// The text between `<section ... id="{id}"` ... `</section>`, decoded.
fn section_of(resp: &Resp, id: &str) -> String {
    let body = decoded(&resp.body);
    let marker = format!("id=\"{id}\"");
    let at = body.find(&marker).unwrap_or_else(|| panic!("no #{id}"));
    let start = body[..at].rfind("<section").unwrap_or(at);
    let end = body[at..].find("</section>").map_or(body.len(), |e| at + e);
    body[start..end].to_owned()
}

db_test!(
    async fn the_parent_reads_the_plan_in_plain_language_and_writes_her_own_section(db: TestDb) {
        let (t, w) = setup(db).await;
        let case = w.case_p10;
        let p10 = w.p10;
        write_section(&t, &w, case, "child_words", "Ik wil weer naar school.").await;
        write_section(
            &t,
            &w,
            case,
            "support_needs",
            "Een rustige plek in de klas.",
        )
        .await;
        let mut tx = t.db.begin().await.expect("begin");
        plan::insert_goal(
            &mut tx,
            case,
            &plan::GoalFields {
                description: "Daan gaat vier ochtenden per week naar school".into(),
                contributors: "school, jeugdhulp, ouders".into(),
                indicator: "aanwezigheid".into(),
                start_on: date!(2026 - 11 - 01),
                target_on: Some(date!(2027 - 02 - 01)),
                status: "in_progress".into(),
            },
            None,
            t.ts(),
        )
        .await
        .expect("goal");
        tx.commit().await.expect("commit");
        evaluation(&t, case, date!(2026 - 12 - 15)).await;

        let mut parent = signed_in(&t, &w.parent.email).await;
        // The start page leads to the plan.
        parent
            .get("/start")
            .await
            .expect(200)
            .expect_text(&format!("href=\"/family/{p10}\""))
            .expect_text("Het plan van Daan de Vries");
        let before = events_by(&t, p10, w.parent.id).await.len();
        let page = parent.get(&format!("/family/{p10}")).await;
        page.expect(200);
        assert_eq!(page.h1(), Some("Het plan van Daan"));
        let text = decoded(&page.body);
        // The one point of contact: the case lead, highlighted, with how to reach her.
        let contact = section_of(&page, "contact");
        assert!(contact.contains("Uw vaste contactpersoon"), "{contact}");
        assert!(contact.contains("id=\"point-of-contact\""));
        for part in [
            "Fatima El Amrani",
            "intern begeleider",
            "De Regenboog",
            "mailto:ib@regenboog.example",
        ] {
            assert!(contact.contains(part), "{part} in {contact}");
        }
        // The plan in plain words, with what each part is for; no codes.
        for part in [
            "Wat uw kind wil",
            "De woorden van uw kind zelf",
            "Ik wil weer naar school.",
            "Wat uw kind nodig heeft",
            "Een rustige plek in de klas.",
            "Wat vinden wij als ouders",
            "Nog niet ingevuld.",
            "Waar we samen aan werken",
            "We zijn ermee bezig",
            "We willen dit bereiken voor 01-02-2027",
            "Waar staan we:",
            "De hulp is begonnen.",
            "Evaluatie op 15-12-2026",
            "Wilt u iets inbrengen voor dit gesprek?",
        ] {
            assert!(text.contains(part), "{part} on the family page");
        }
        let main = &text[text.find("<main").expect("main")..];
        let visible: String = {
            // Text outside tags, roughly: enough to find codes shown as words.
            let mut out = String::new();
            let mut in_tag = false;
            for ch in main.chars() {
                match ch {
                    '<' => in_tag = true,
                    '>' => {
                        in_tag = false;
                        out.push(' ');
                    }
                    c if !in_tag => out.push(c),
                    _ => {}
                }
            }
            out
        };
        for code in [
            "in_progress",
            "child_words",
            "support_needs",
            "legal_task",
            "school_pupil_file",
            "goalstatus",
        ] {
            assert!(!visible.contains(code), "the code {code} is shown");
        }
        // The team as contact cards.
        let team = section_of(&page, "team");
        assert!(team.contains("Emma Willems") && team.contains("Jeugdhulp Samen"));
        assert!(team.contains("Henk Bos") && team.contains("leerplichtambtenaar"));
        assert!(!team.contains("<img"), "no photos");
        // One read of the file, logged as the family view.
        let events = events_by(&t, p10, w.parent.id).await;
        assert_eq!(events.len(), before + 1);
        assert_eq!(events[0].event.resource_type, "family_view");
        assert_eq!(events[0].event.basis, "guardian");

        // She writes her own section.
        let own = "Wij zien dat Daan 's ochtends buikpijn heeft.\nWe willen dat school en hulp samen optrekken.";
        assert!(
            page.body
                .contains(&format!("action=\"/family/{p10}/plan/parents_view\""))
        );
        parent
            .post(
                &format!("/family/{p10}/plan/parents_view"),
                &[("body", own), ("version", "0")],
            )
            .await
            .expect_redirect(&format!("/family/{p10}#own"));
        assert_eq!(
            section_body(&t, case, "parents_view").await.as_deref(),
            Some(own)
        );
        let events = events_by(&t, p10, w.parent.id).await;
        assert_eq!(events[0].event.action, AuditAction::Create);
        assert_eq!(events[0].event.resource_type, "plan_section");
        assert_eq!(events[0].event.outcome, Outcome::Allowed);
        assert!(events[0].event.fields.contains(&"parents_view".to_owned()));
        let page = parent.get(&format!("/family/{p10}")).await;
        page.expect(200);
        let text = decoded(&page.body);
        assert!(text.contains("Opgeslagen. Het team ziet uw tekst nu in het plan."));
        assert!(text.contains("Wij zien dat Daan"));
        assert!(text.contains("Geschreven door Marieke de Vries"));
        // On the timeline of the team, by her name.
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        let timeline = ib.get(&format!("/cases/{case}/timeline?kind=plan")).await;
        timeline.expect(200).expect_text("Marieke de Vries");
        assert!(decoded(&timeline.body).contains("Wat ouders zien en willen"));

        // Not the support needs: refused like a missing page, logged, nothing changed.
        let before = events_by(&t, p10, w.parent.id).await.len();
        for path in [
            format!("/cases/{case}/plan/support_needs"),
            format!("/family/{p10}/plan/support_needs"),
        ] {
            parent
                .post(
                    &path,
                    &[("body", "Door de ouder herschreven."), ("version", "1")],
                )
                .await
                .expect(404);
        }
        parent
            .get(&format!("/cases/{case}/plan/support_needs"))
            .await
            .expect(404);
        assert_eq!(
            section_body(&t, case, "support_needs").await.as_deref(),
            Some("Een rustige plek in de klas.")
        );
        let events = events_by(&t, p10, w.parent.id).await;
        assert_eq!(events.len(), before + 3, "each refusal is logged");
        for e in &events[..3] {
            assert_eq!(e.event.outcome, Outcome::Denied);
            assert_eq!(e.event.resource_type, "plan_section");
            assert_eq!(e.event.basis, "denied:role_not_allowed");
            assert_eq!(e.event.fields, vec!["support_needs".to_owned()]);
        }
        // The case page offers her only her own section to edit; the team all.
        let case_page = parent.get(&format!("/cases/{case}")).await;
        case_page
            .expect(200)
            .expect_text(&format!("href=\"/cases/{case}/plan/parents_view\""))
            .expect_no_text(&format!("href=\"/cases/{case}/plan/support_needs\""))
            .expect_no_text(&format!("href=\"/cases/{case}/plan/child_words\""));
        ib.get(&format!("/cases/{case}"))
            .await
            .expect(200)
            .expect_text(&format!("href=\"/cases/{case}/plan/support_needs\""))
            .expect_text(&format!("href=\"/cases/{case}/plan/parents_view\""));

        // The care worker previews the family page, without the forms.
        let mut cw = signed_in(&t, &w.care_worker_1.email).await;
        let preview = cw.get(&format!("/family/{p10}")).await;
        preview
            .expect(200)
            .expect_text("id=\"family-preview\"")
            .expect_no_text("id=\"own-form\"")
            .expect_no_text(&format!("action=\"/family/{p10}/comments\""));
        // A teacher without a seat sees nothing, like a missing pupil.
        let mut teacher = signed_in(&t, &w.teacher_a.email).await;
        teacher.get(&format!("/family/{p10}")).await.expect(404);
        t.assert_audit_intact().await;
    }
);

db_test!(
    async fn the_family_page_fits_a_conflict_and_keeps_what_was_typed(db: TestDb) {
        let (t, w) = setup(db).await;
        let p10 = w.p10;
        let mut parent = signed_in(&t, &w.parent.email).await;
        parent
            .post(
                &format!("/family/{p10}/plan/parents_view"),
                &[("body", "Eerste versie."), ("version", "0")],
            )
            .await
            .expect(303);
        // A second, stale save: nothing is overwritten, her text is kept.
        let conflict = parent
            .post(
                &format!("/family/{p10}/plan/parents_view"),
                &[("body", "Mijn nieuwe tekst."), ("version", "0")],
            )
            .await;
        conflict.expect(409).expect_text("id=\"own-conflict\"");
        let text = decoded(&conflict.body);
        assert!(text.contains("Eerste versie.") && text.contains("Mijn nieuwe tekst."));
        assert!(conflict.body.contains("name=\"version\" value=\"1\""));
        // Too long: 422 with the text kept.
        let long = "a".repeat(10_001);
        parent
            .post(
                &format!("/family/{p10}/plan/parents_view"),
                &[("body", long.as_str()), ("version", "1")],
            )
            .await
            .expect(422)
            .expect_text("Dit is te lang");
        assert_eq!(
            section_body(&t, w.case_p10, "parents_view")
                .await
                .as_deref(),
            Some("Eerste versie.")
        );
        t.assert_audit_intact().await;
    }
);

db_test!(
    async fn the_child_of_14_writes_what_she_wants_and_nothing_else(db: TestDb) {
        let (t, w) = setup(db).await;
        let p14 = w.p14;
        // Before there is a case: her page says so.
        let mut sanne = signed_in(&t, &w.child_14.email).await;
        sanne
            .get(&format!("/family/{p14}"))
            .await
            .expect(200)
            .expect_text("Er is nu geen plan voor jou.");
        let case = case_for(&t, &w, p14).await;
        agreement(
            &t,
            case,
            "Ik vertel mijn mentor als het niet gaat",
            "pupil",
            None,
            date!(2026 - 12 - 20),
        )
        .await;

        let page = sanne.get(&format!("/family/{p14}")).await;
        page.expect(200);
        assert_eq!(page.h1(), Some("Mijn plan"));
        let text = decoded(&page.body);
        for part in [
            "Wat ik wil",
            "Wie helpt mij",
            "Afspraken",
            "Bij wie kun je terecht?",
            "Ik vertel mijn mentor als het niet gaat",
            "Wat mijn ouders vinden",
        ] {
            assert!(text.contains(part), "{part} on her page");
        }
        assert!(!text.contains("Wie mag meekijken"), "consent is for 16+");
        // Her own words.
        sanne
            .post(
                &format!("/family/{p14}/plan/child_words"),
                &[("body", "Ik wil in een kleine klas."), ("version", "0")],
            )
            .await
            .expect_redirect(&format!("/family/{p14}#own"));
        assert_eq!(
            section_body(&t, case, "child_words").await.as_deref(),
            Some("Ik wil in een kleine klas.")
        );
        let events = events_by(&t, p14, w.child_14.id).await;
        assert_eq!(events[0].event.basis, "own_file");
        assert_eq!(events[0].event.outcome, Outcome::Allowed);
        // Not her parents' part, on either page.
        let before = events.len();
        for path in [
            format!("/family/{p14}/plan/parents_view"),
            format!("/cases/{case}/plan/parents_view"),
        ] {
            sanne
                .post(&path, &[("body", "Mama vindt het goed."), ("version", "0")])
                .await
                .expect(404);
        }
        assert_eq!(section_body(&t, case, "parents_view").await, None);
        let events = events_by(&t, p14, w.child_14.id).await;
        assert_eq!(events.len(), before + 2);
        assert!(
            events[..2]
                .iter()
                .all(|e| e.event.outcome == Outcome::Denied
                    && e.event.fields == vec!["parents_view".to_owned()])
        );
        // Not her brother's plan.
        sanne.get(&format!("/family/{}", w.p10)).await.expect(404);
        // Her mother reads her words and writes the parents' part.
        let mut parent = signed_in(&t, &w.parent.email).await;
        let page = parent.get(&format!("/family/{p14}")).await;
        page.expect(200).expect_text("Ik wil in een kleine klas.");
        parent
            .post(
                &format!("/family/{p14}/plan/parents_view"),
                &[("body", "Wij steunen haar keuze."), ("version", "0")],
            )
            .await
            .expect(303);
        parent
            .post(
                &format!("/family/{p14}/plan/child_words"),
                &[("body", "Overschreven door mama."), ("version", "1")],
            )
            .await
            .expect(404);
        assert_eq!(
            section_body(&t, case, "child_words").await.as_deref(),
            Some("Ik wil in een kleine klas.")
        );
        t.assert_audit_intact().await;
    }
);

db_test!(
    async fn the_parent_of_a_17_year_old_who_does_not_share_sees_nothing(db: TestDb) {
        let (t, w) = setup(db).await;
        let p17 = w.p17;
        let case = case_for(&t, &w, p17).await;
        write_section(&t, &w, case, "child_words", "Ik wil mijn diploma halen.").await;
        let eval = evaluation(&t, case, date!(2026 - 12 - 10)).await;

        let mut parent = signed_in(&t, &w.parent.email).await;
        let start = parent.get("/start").await;
        start
            .expect(200)
            .expect_no_text("Mila")
            .expect_no_text(&format!("/family/{p17}"));
        let refused = parent.get(&format!("/family/{p17}")).await;
        refused
            .expect(404)
            .expect_no_text("Mila")
            .expect_no_text("diploma");
        let missing = parent.get("/family/987654").await;
        missing.expect(404);
        assert_eq!(
            refused.h1(),
            missing.h1(),
            "like a pupil that does not exist"
        );
        parent
            .post(
                &format!("/family/{p17}/plan/parents_view"),
                &[("body", "Wij willen meelezen."), ("version", "0")],
            )
            .await
            .expect(404);
        let eval_id = eval.to_string();
        parent
            .post(
                &format!("/family/{p17}/comments"),
                &[
                    ("target", "evaluation"),
                    ("target_id", eval_id.as_str()),
                    ("body", "Mogen wij erbij zijn?"),
                ],
            )
            .await
            .expect(404);
        assert_eq!(section_body(&t, case, "parents_view").await, None);
        let events = events_by(&t, p17, w.parent.id).await;
        assert_eq!(events.len(), 3);
        assert!(
            events
                .iter()
                .all(|e| e.event.outcome == Outcome::Denied && e.event.basis == "denied:age_rule")
        );

        // Mila herself sees her plan, with where she decides about consent.
        let mut mila = signed_in(&t, &w.young_17.email).await;
        let page = mila.get(&format!("/family/{p17}")).await;
        page.expect(200)
            .expect_text("Ik wil mijn diploma halen.")
            .expect_text("Wie mag meekijken")
            .expect_text(&format!("href=\"/pupils/{p17}/consent\""));

        // News in her case reaches her, not her parent.
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        ib.post(
            &format!("/cases/{case}/agreements"),
            &[
                ("action", "Stage zoeken"),
                ("party", "pupil"),
                ("kind", "task"),
                ("owner_user", ""),
                ("owner_name", "Mila"),
                ("due_on", "15-01-2027"),
            ],
        )
        .await
        .expect(303);
        let of = |user: i64| {
            let db = &t.db;
            async move {
                family_store::notifications_of_user(db, user, 50)
                    .await
                    .expect("notifications")
            }
        };
        assert_eq!(of(w.young_17.id).await.len(), 1);
        assert!(of(w.parent.id).await.is_empty());
        t.assert_audit_intact().await;
    }
);

db_test!(
    async fn comments_of_the_family_reach_the_team_and_back(db: TestDb) {
        let (t, w) = setup(db).await;
        let case = w.case_p10;
        let p10 = w.p10;
        let ours = agreement(
            &t,
            case,
            "Huisarts bellen over de buikpijn",
            "parents",
            Some((w.parent.id, &w.parent.name)),
            date!(2026 - 12 - 01),
        )
        .await;
        let theirs = agreement(
            &t,
            case,
            "Huisbezoek plannen",
            "care",
            None,
            date!(2026 - 12 - 15),
        )
        .await;
        let coming = evaluation(&t, case, date!(2026 - 12 - 15)).await;
        let passed = evaluation(&t, case, date!(2026 - 11 - 20)).await;

        let mut parent = signed_in(&t, &w.parent.email).await;
        let page = parent.get(&format!("/family/{p10}")).await;
        page.expect(200);
        let mine = section_of(&page, "agreements");
        assert!(mine.contains("Afspraken voor u"));
        let ours_at = mine
            .find(&format!("id=\"agreement-{ours}\""))
            .expect("ours");
        let others_at = mine.find("id=\"other-agreements\"").expect("the others");
        assert!(ours_at < others_at, "hers first");
        assert!(mine.contains(&format!("id=\"comment-agreement-{ours}\"")));
        assert!(!mine.contains(&format!("id=\"comment-agreement-{theirs}\"")));
        assert!(
            !page.body.contains(&format!("id=\"evaluation-{passed}\"")),
            "only what is coming"
        );

        // On her own agreement.
        let target = ours.to_string();
        parent
            .post(
                &format!("/family/{p10}/comments"),
                &[
                    ("target", "agreement"),
                    ("target_id", target.as_str()),
                    ("body", "Wij bellen maandag."),
                ],
            )
            .await
            .expect_redirect(&format!("/family/{p10}#agreement-{ours}"));
        // On the evaluation before it is held.
        let coming_id = coming.to_string();
        parent
            .post(
                &format!("/family/{p10}/comments"),
                &[
                    ("target", "evaluation"),
                    ("target_id", coming_id.as_str()),
                    ("body", "Kan het na drie uur?"),
                ],
            )
            .await
            .expect(303);
        // Not on the care worker's agreement: refused, logged.
        let theirs_id = theirs.to_string();
        parent
            .post(
                &format!("/family/{p10}/comments"),
                &[
                    ("target", "agreement"),
                    ("target_id", theirs_id.as_str()),
                    ("body", "Dat moet sneller."),
                ],
            )
            .await
            .expect(404);
        let refused = &events_by(&t, p10, w.parent.id).await[0];
        assert_eq!(refused.event.resource_type, "comment");
        assert_eq!(refused.event.outcome, Outcome::Denied);
        // Not after the meeting, not empty: told why, text kept.
        let passed_id = passed.to_string();
        parent
            .post(
                &format!("/family/{p10}/comments"),
                &[
                    ("target", "evaluation"),
                    ("target_id", passed_id.as_str()),
                    ("body", "Te laat?"),
                ],
            )
            .await
            .expect(422)
            .expect_text("Dit gesprek is al geweest");
        parent
            .post(
                &format!("/family/{p10}/comments"),
                &[
                    ("target", "agreement"),
                    ("target_id", target.as_str()),
                    ("body", "  "),
                ],
            )
            .await
            .expect(422);
        let stored = family_store::comments_of_case(&t.db, case)
            .await
            .expect("comments");
        assert_eq!(stored.len(), 2);
        assert_eq!(stored[0].author_role, "parent");
        // Each comment: a timeline entry and an audit event.
        let timeline = cases::events(&t.db, case, &["comment".into()], 10)
            .await
            .expect("events");
        assert_eq!(timeline.len(), 2);
        assert!(
            timeline
                .iter()
                .any(|e| e.summary.contains("Huisarts bellen")
                    && e.summary.contains("Wij bellen maandag."))
        );
        let created: Vec<_> = events_by(&t, p10, w.parent.id)
            .await
            .into_iter()
            .filter(|e| e.event.resource_type == "comment" && e.event.outcome == Outcome::Allowed)
            .collect();
        assert_eq!(created.len(), 2);
        assert!(
            created
                .iter()
                .all(|e| e.event.action == AuditAction::Create && e.event.basis == "guardian")
        );

        // The team reads them on the case page, author and date, and answers.
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        let case_page = ib.get(&format!("/cases/{case}")).await;
        case_page.expect(200);
        let comments = section_of(&case_page, "comments");
        for part in [
            "Marieke de Vries (ouder)",
            "25-11-2026",
            "Wij bellen maandag.",
            "Bij afspraak: Huisarts bellen over de buikpijn",
            "Bij de evaluatie van 15-12-2026",
            "Kan het na drie uur?",
        ] {
            assert!(comments.contains(part), "{part} in {comments}");
        }
        let about = format!("agreement:{ours}");
        let answer = ib
            .post(
                &format!("/cases/{case}/comments"),
                &[
                    ("about", about.as_str()),
                    ("body", "Fijn, laat u weten wat hij zegt?"),
                ],
            )
            .await;
        answer.expect(303);
        assert!(
            answer
                .location()
                .expect("location")
                .starts_with(&format!("/cases/{case}#comment-"))
        );
        ib.post(
            &format!("/cases/{case}/comments"),
            &[("about", about.as_str()), ("body", "")],
        )
        .await
        .expect(422);
        let page = parent.get(&format!("/family/{p10}")).await;
        let text = decoded(&page.body);
        assert!(text.contains("Fatima El Amrani (team)"));
        assert!(text.contains("Fijn, laat u weten wat hij zegt?"));
        // Each heard about the other's comment.
        let kinds = |rows: Vec<family_store::NotificationRow>| {
            rows.into_iter().map(|n| n.event).collect::<Vec<_>>()
        };
        let to_ib = kinds(
            family_store::notifications_of_user(&t.db, w.coordinator_a.id, 50)
                .await
                .expect("n"),
        );
        assert_eq!(to_ib, vec!["comment_added", "comment_added"]);
        let to_parent = kinds(
            family_store::notifications_of_user(&t.db, w.parent.id, 50)
                .await
                .expect("n"),
        );
        assert_eq!(to_parent, vec!["comment_added"]);
        // A closed case takes no more comments, and offers no forms.
        t.sql(&format!(
            "UPDATE cases SET status = 'closed' WHERE id = {case}"
        ))
        .await;
        parent
            .post(
                &format!("/family/{p10}/comments"),
                &[
                    ("target", "agreement"),
                    ("target_id", target.as_str()),
                    ("body", "Nog een vraag."),
                ],
            )
            .await
            .expect(422);
        parent
            .get(&format!("/family/{p10}"))
            .await
            .expect(200)
            .expect_no_text(&format!("id=\"comment-agreement-{ours}\""))
            .expect_no_text("id=\"own-form\"");
        t.assert_audit_intact().await;
    }
);

db_test!(
    async fn notifications_in_brug_and_by_email_without_personal_details(db: TestDb) {
        let (t, w) = setup(db).await;
        let case = w.case_p10;
        let p10 = w.p10;
        let mut parent = signed_in(&t, &w.parent.email).await;
        let settings = parent.get("/account/notifications").await;
        settings
            .expect(200)
            .expect_text("id=\"agreement-in_app\" checked")
            .expect_text("Ook per e-mail");
        parent
            .post(
                "/account/notifications",
                &[("agreement", "email"), ("meeting", "in_app")],
            )
            .await
            .expect_redirect("/account/notifications");
        parent
            .get("/account/notifications")
            .await
            .expect(200)
            .expect_text("id=\"agreement-email\" checked")
            .expect_text("id=\"meeting-in_app\" checked");
        parent
            .post("/account/notifications", &[("agreement", "pigeon")])
            .await
            .expect(400);

        // The coordinator adds an agreement to P10's case.
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        let add = |action: &'static str| {
            [
                ("action", action),
                ("party", "parents"),
                ("kind", "task"),
                ("owner_user", ""),
                ("owner_name", "Ouders"),
                ("due_on", "10-12-2026"),
            ]
        };
        ib.post(
            &format!("/cases/{case}/agreements"),
            &add("Aanmelden bij de sportclub"),
        )
        .await
        .expect(303);
        let agreement_id = plan::agreements(&t.db, case)
            .await
            .expect("agreements")
            .into_iter()
            .find(|a| a.action == "Aanmelden bij de sportclub")
            .expect("the agreement")
            .id;

        // In Brug: an unread count in the navigation, a list without names.
        let start = parent.get("/start").await;
        start.expect(200);
        assert!(
            start.body.contains("id=\"unread-count\">1<"),
            "the unread count"
        );
        let list = parent.get("/notifications").await;
        list.expect(200)
            .expect_text("Er is een nieuwe afspraak gemaakt.");
        let main = &list.body[list.body.find("<main").expect("main")..];
        for personal in [
            "Daan",
            "Vries",
            "Zorgen over aanwezigheid",
            "sportclub",
            "Fatima",
        ] {
            assert!(!main.contains(personal), "{personal} in the list");
        }
        // By email: the one sentence and a link; nothing personal.
        let mails = lifecycle::list_mail(&t.db, None, 50).await.expect("outbox");
        let to_parent: Vec<_> = mails
            .iter()
            .filter(|m| m.to_email == w.parent.email)
            .collect();
        assert_eq!(to_parent.len(), 1);
        let mail = to_parent[0];
        assert_eq!(mail.kind, "notification");
        assert_eq!(mail.subject, "Er is iets nieuws in Brug voor u");
        assert!(mail.body.contains("/notifications"));
        // The same fixed text for everyone: nothing about the case or the child.
        assert_eq!(
            mail.body,
            brug_domain::family::mail_body(&t.app.settings.public_url)
        );
        for personal in [
            "Daan",
            "Vries",
            "Marieke",
            "Zorgen",
            "aanwezigheid",
            "sportclub",
            "Fatima",
            "Regenboog",
        ] {
            assert!(
                !mail.subject.contains(personal) && !mail.body.contains(personal),
                "{personal} in the mail:\n{}",
                mail.body
            );
        }
        // The team hears in Brug only (nobody chose email); the one who did
        // it, and anyone without a relation, hear nothing.
        let count = |user: i64| {
            let db = &t.db;
            async move {
                family_store::notifications_of_user(db, user, 50)
                    .await
                    .expect("notifications")
                    .len()
            }
        };
        assert_eq!(count(w.care_worker_1.id).await, 1);
        assert_eq!(count(w.attendance_officer.id).await, 1);
        assert_eq!(count(w.coordinator_a.id).await, 0);
        assert_eq!(count(w.teacher_a.id).await, 0);
        assert_eq!(count(w.parent_b.id).await, 0);
        assert!(mails.iter().all(|m| m.to_email == w.parent.email));

        // A second agreement: a second notification, but one mail waits already.
        ib.post(
            &format!("/cases/{case}/agreements"),
            &add("Schooltas klaarzetten"),
        )
        .await
        .expect(303);
        assert_eq!(count(w.parent.id).await, 2);
        assert_eq!(
            lifecycle::list_mail(&t.db, None, 50)
                .await
                .expect("outbox")
                .len(),
            1
        );

        // Opening one: read, and on to her family page at the agreement.
        let rows = family_store::notifications_of_user(&t.db, w.parent.id, 50)
            .await
            .expect("rows");
        let first = rows
            .iter()
            .find(|n| n.ref_id == Some(agreement_id))
            .expect("first");
        parent.get("/notifications").await.expect(200);
        parent
            .post(&format!("/notifications/{}/open", first.id), &[])
            .await
            .expect_redirect(&format!("/family/{p10}#agreement-{agreement_id}"));
        let start = parent.get("/start").await;
        assert!(start.body.contains("id=\"unread-count\">1<"));
        // The team member opens hers on the case page; someone else's is not found.
        let mine = family_store::notifications_of_user(&t.db, w.care_worker_1.id, 50)
            .await
            .expect("rows")
            .into_iter()
            .find(|n| n.ref_id == Some(agreement_id))
            .expect("hers");
        let mut cw = signed_in(&t, &w.care_worker_1.email).await;
        cw.post(&format!("/notifications/{}/open", mine.id), &[])
            .await
            .expect_redirect(&format!("/cases/{case}#agreement-{agreement_id}"));
        cw.post(&format!("/notifications/{}/open", first.id), &[])
            .await
            .expect(404);
        parent
            .post("/notifications/read-all", &[])
            .await
            .expect_redirect("/notifications");
        parent
            .get("/start")
            .await
            .expect_no_text("id=\"unread-count\"");

        // Planning an evaluation tells the case; a meeting recorded too.
        ib.post(
            &format!("/cases/{case}/evaluations"),
            &[("planned_on", "30-11-2026")],
        )
        .await
        .expect(303);
        assert_eq!(count(w.parent.id).await, 3);

        // The daily job: the care worker's overdue agreement, the evaluation
        // coming up; each once, however often it runs.
        agreement(
            &t,
            case,
            "Verslag sturen",
            "care",
            Some((w.care_worker_1.id, &w.care_worker_1.name)),
            date!(2026 - 11 - 26),
        )
        .await;
        t.advance(Duration::days(2));
        let done = brug_app::jobs::housekeeping(&t.app)
            .await
            .expect("housekeeping");
        assert_eq!(done.reminders.overdue, 1, "{done:?}");
        assert!(
            done.reminders.upcoming >= 3,
            "everyone on the case: {done:?}"
        );
        let again = brug_app::jobs::housekeeping(&t.app)
            .await
            .expect("housekeeping");
        assert_eq!(
            again.reminders,
            brug_app::notifications::Reminders::default()
        );
        let events: Vec<String> =
            family_store::notifications_of_user(&t.db, w.care_worker_1.id, 50)
                .await
                .expect("rows")
                .into_iter()
                .map(|n| n.event)
                .collect();
        assert!(
            events.contains(&"agreement_overdue".to_owned()),
            "{events:?}"
        );
        assert!(events.contains(&"evaluation_soon".to_owned()), "{events:?}");

        // Consent withdrawn: the care worker hears nothing more, and her old
        // notifications no longer open the case.
        let mut tx = t.db.begin().await.expect("begin");
        cases::withdraw_consent(&mut tx, w.consent_p10, Some(w.parent.id), t.ts())
            .await
            .expect("withdraw");
        tx.commit().await.expect("commit");
        let before = count(w.care_worker_1.id).await;
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        ib.post(
            &format!("/cases/{case}/agreements"),
            &add("Nieuwe afspraak na intrekking"),
        )
        .await
        .expect(303);
        assert_eq!(count(w.care_worker_1.id).await, before);
        let mut cw = signed_in(&t, &w.care_worker_1.email).await;
        cw.get("/notifications")
            .await
            .expect(200)
            .expect_text("Niet meer beschikbaar voor u.")
            .expect_no_text("/open\"");
        t.assert_audit_intact().await;
    }
);
