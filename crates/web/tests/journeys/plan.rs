//! The shared plan: a coordinator and a care worker write the same section
//! at the same time (the second sees the comparison, keeps her text, and
//! nothing is lost), the history shows what changed, goals with progress,
//! agreements that run late, who pays what, and text shown as text.

use brug_store::plan::{self, GoalFields, NewAgreement, SectionSave};
use brug_test_support::db_test;
use time::Duration;
use time::macros::date;

use crate::support::{Client, PASSWORD, Resp, TestApp, World, decoded};

/// What the access matrix needs in P10's case: a written section, a goal
/// and an agreement.
#[derive(Debug, Clone, Copy)]
pub struct PlanIds {
    pub goal: i64,
    pub agreement: i64,
}

/// The section the matrix edits.
pub const SECTION: &str = "child_words";

pub async fn fixture(t: &TestApp, w: &World) -> PlanIds {
    let now = t.ts();
    let mut tx = t.db.begin().await.expect("begin");
    plan::save_section(
        &mut tx,
        &SectionSave {
            case_id: w.case_p10,
            section: SECTION,
            expected_version: 0,
            body: "Ik wil weer naar school.",
            author_user_id: Some(w.coordinator_a.id),
            author_name: &w.coordinator_a.name,
        },
        now,
    )
    .await
    .expect("section");
    let goal = plan::insert_goal(
        &mut tx,
        w.case_p10,
        &GoalFields {
            description: "Daan gaat elke ochtend naar school".into(),
            contributors: "school, jeugdhulp, ouders".into(),
            indicator: "aanwezigheid per week".into(),
            start_on: date!(2026 - 11 - 01),
            target_on: Some(date!(2027 - 02 - 01)),
            status: "open".into(),
        },
        Some(w.coordinator_a.id),
        now,
    )
    .await
    .expect("goal");
    let agreement = plan::insert_agreement(
        &mut tx,
        &NewAgreement {
            case_id: w.case_p10,
            action: "Huisbezoek plannen".into(),
            party: "care".into(),
            kind: "home_visit".into(),
            owner_user_id: None,
            owner_name: "Jeugdhulp Samen".into(),
            due_on: Some(date!(2026 - 12 - 15)),
            meeting_id: None,
            created_by_user_id: Some(w.coordinator_a.id),
        },
        now,
    )
    .await
    .expect("agreement");
    tx.commit().await.expect("commit");
    PlanIds { goal, agreement }
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

/// The value of the hidden `version` field of the page's form.
fn version_field(resp: &Resp) -> String {
    let marker = "name=\"version\" value=\"";
    let start = resp.body.find(marker).expect("a version field") + marker.len();
    let len = resp.body[start..].find('"').expect("end of value");
    resp.body[start..start + len].to_owned()
}

/// The text inside the `<textarea id="{id}" ...>`, decoded.
fn textarea(resp: &Resp, id: &str) -> String {
    let marker =
        format!("<textarea class=\"utrecht-textarea utrecht-textarea--html-textarea\" id=\"{id}\"");
    let start = resp.body.find(&marker).expect("the textarea");
    let open_end = start + resp.body[start..].find('>').expect("end of tag") + 1;
    let close = open_end
        + resp.body[open_end..]
            .find("</textarea>")
            .expect("closing tag");
    decoded(&resp.body[open_end..close])
}

fn section_path(w: &World) -> String {
    format!("/cases/{}/plan/{SECTION}", w.case_p10)
}

db_test!(
    async fn two_writers_of_one_section_lose_nothing(db: TestDb) {
        let (t, w) = setup(db).await;
        let case = w.case_p10;
        let mut coordinator = signed_in(&t, &w.coordinator_a.email).await;
        let mut worker = signed_in(&t, &w.care_worker_1.email).await;

        // Both open the empty section.
        let page = coordinator.get(&section_path(&w)).await;
        page.expect(200).expect_text("Maximaal 10.000 tekens");
        assert_eq!(version_field(&page), "0");
        let page = worker.get(&section_path(&w)).await;
        page.expect(200);
        assert_eq!(version_field(&page), "0");

        // The coordinator writes the plan first.
        let theirs = "Daan wil weer elke dag naar school.\nHij wil in de pauze voetballen.";
        coordinator
            .post(&section_path(&w), &[("body", theirs), ("version", "0")])
            .await
            .expect_redirect(&format!("/cases/{case}#plan-{SECTION}"));

        // The care worker saves from the same (now stale) version.
        let mine = "Daan wil weer elke dag naar school.\nHij wil naar school als het rustig is in de klas.";
        let before = t.audit_count().await;
        let conflict = worker
            .post(&section_path(&w), &[("body", mine), ("version", "0")])
            .await;
        conflict.expect(409);
        assert_eq!(
            t.audit_count().await - before,
            1,
            "one event: reading the newest text"
        );
        let page = decoded(&conflict.body);
        assert_eq!(
            textarea(&conflict, "body"),
            mine,
            "her text is kept, editable"
        );
        assert!(page.contains(theirs), "the saved text is shown");
        assert!(page.contains("Opgeslagen door Fatima El Amrani"));
        assert!(
            page.contains("verwijderd:</span><del>Hij wil in de pauze voetballen.</del>"),
            "{page}"
        );
        assert!(page.contains(
            "toegevoegd:</span><ins>Hij wil naar school als het rustig is in de klas.</ins>"
        ));
        assert_eq!(
            version_field(&conflict),
            "1",
            "saving again goes on top of the newest"
        );

        // Nothing was overwritten.
        let case_page = coordinator.get(&format!("/cases/{case}")).await;
        case_page.expect(200);
        assert!(decoded(&case_page.body).contains(theirs));

        // She saves again on the newest version: both versions are kept.
        worker
            .post(&section_path(&w), &[("body", mine), ("version", "1")])
            .await
            .expect_redirect(&format!("/cases/{case}#plan-{SECTION}"));
        let history = coordinator
            .get(&format!("/cases/{case}/plan/{SECTION}/history"))
            .await;
        history.expect(200);
        let h = decoded(&history.body);
        assert!(
            h.contains("Emma Willems") && h.contains("Fatima El Amrani"),
            "who saved each version"
        );
        assert!(h.contains("Wat veranderde van versie 1 naar versie 2"));
        assert!(h.contains("1 regel(s) toegevoegd, 1 regel(s) verwijderd."));
        assert!(h.contains("verwijderd:</span><del>Hij wil in de pauze voetballen.</del>"));
        assert!(h.contains(
            "toegevoegd:</span><ins>Hij wil naar school als het rustig is in de klas.</ins>"
        ));
        // The first version compared with the empty start.
        let first = coordinator
            .get(&format!("/cases/{case}/plan/{SECTION}/history?from=0&to=1"))
            .await;
        first.expect(200).expect_text("Wat er in versie 1 staat");
        assert!(
            decoded(&first.body)
                .contains("toegevoegd:</span><ins>Hij wil in de pauze voetballen.</ins>")
        );

        // Saving the same text again makes no new version.
        worker
            .post(&section_path(&w), &[("body", mine), ("version", "2")])
            .await
            .expect(303);
        let versions = plan::versions(&t.db, case, SECTION)
            .await
            .expect("versions");
        assert_eq!(versions.len(), 2);
        assert_eq!(versions[0].body, mine);
        assert_eq!(versions[1].body, theirs);

        // Plan changes are on the timeline and count as activity.
        let timeline = coordinator
            .get(&format!("/cases/{case}/timeline?kind=plan"))
            .await;
        timeline.expect(200);
        // Shown by name, not by code: "Wat ik wil (...) (Versie 1)".
        assert_eq!(decoded(&timeline.body).matches("Wat ik wil").count(), 2);
        assert!(!timeline.body.contains("child_words v"));

        // The family sees the plan; the parent writes in it too, but only
        // the parents' own section (S4): the child's words are not hers.
        let mut parent = signed_in(&t, &w.parent.email).await;
        let seen = parent.get(&format!("/cases/{case}")).await;
        seen.expect(200);
        assert!(decoded(&seen.body).contains(mine));
        parent
            .get(&format!("/cases/{case}/plan/parents_view"))
            .await
            .expect(200);
        parent.get(&section_path(&w)).await.expect(404);
        // A teacher without a seat gets "not found", like a missing page.
        let mut teacher = signed_in(&t, &w.teacher_a.email).await;
        teacher.get(&section_path(&w)).await.expect(404);
        teacher
            .post(&section_path(&w), &[("body", "x"), ("version", "2")])
            .await
            .expect(404);
        assert_eq!(
            plan::versions(&t.db, case, SECTION)
                .await
                .expect("versions")
                .len(),
            2
        );
        t.assert_audit_intact().await;
    }
);

db_test!(
    async fn text_is_shown_as_text_and_the_limit_is_enforced(db: TestDb) {
        let (t, w) = setup(db).await;
        let case = w.case_p10;
        let mut coordinator = signed_in(&t, &w.coordinator_a.email).await;
        let script = "<script>alert('brug')</script> & <b>vet</b>";
        coordinator
            .post(
                &format!("/cases/{case}/plan/strengths"),
                &[("body", script), ("version", "0")],
            )
            .await
            .expect(303);
        for path in [
            format!("/cases/{case}"),
            format!("/cases/{case}/plan/strengths"),
            format!("/cases/{case}/plan/strengths/history"),
        ] {
            let page = coordinator.get(&path).await;
            page.expect(200);
            assert!(
                !page.body.contains("<script>alert"),
                "{path} runs the script"
            );
            assert!(
                !page.body.contains("<b>vet</b>"),
                "{path} renders the markup"
            );
            assert!(
                decoded(&page.body).contains(script),
                "{path} shows the text"
            );
        }

        // 10,001 characters: refused, with what was typed kept.
        let long = "a".repeat(10_001);
        let refused = coordinator
            .post(
                &format!("/cases/{case}/plan/strengths"),
                &[("body", long.as_str()), ("version", "1")],
            )
            .await;
        refused.expect(422).expect_text("Dit is te lang");
        assert_eq!(textarea(&refused, "body"), long);
        assert_eq!(version_field(&refused), "1");
        let exact = "b".repeat(10_000);
        coordinator
            .post(
                &format!("/cases/{case}/plan/strengths"),
                &[("body", exact.as_str()), ("version", "1")],
            )
            .await
            .expect(303);
        // An unknown section does not exist.
        coordinator
            .get(&format!("/cases/{case}/plan/nonsense"))
            .await
            .expect(404);
    }
);

db_test!(
    async fn goals_check_their_dates_and_collect_progress(db: TestDb) {
        let (t, w) = setup(db).await;
        let case = w.case_p10;
        let mut coordinator = signed_in(&t, &w.coordinator_a.email).await;
        coordinator
            .get(&format!("/cases/{case}/goals/new"))
            .await
            .expect(200);
        let typed = [
            ("description", "Daan gaat <elke> ochtend naar school"),
            ("contributors", "school, jeugdhulp en ouders"),
            ("indicator", "aantal ochtenden per week"),
            ("start_on", "01-12-2026"),
            ("target_on", "30-11-2026"),
            ("status", "open"),
        ];
        let refused = coordinator
            .post(&format!("/cases/{case}/goals"), &typed)
            .await;
        refused.expect(422);
        let page = decoded(&refused.body);
        assert!(
            page.contains("De streefdatum ligt vóór de startdatum (01-12-2026)"),
            "{page}"
        );
        assert!(!refused.body.contains("<elke>"));
        assert_eq!(
            textarea(&refused, "description"),
            "Daan gaat <elke> ochtend naar school"
        );
        assert!(page.contains("value=\"school, jeugdhulp en ouders\""));
        assert!(page.contains("value=\"30-11-2026\""));

        let mut fixed = typed;
        fixed[4] = ("target_on", "01-02-2027");
        coordinator
            .post(&format!("/cases/{case}/goals"), &fixed)
            .await
            .expect_redirect(&format!("/cases/{case}#goals"));
        let goals = plan::goals(&t.db, case).await.expect("goals");
        assert_eq!(goals.len(), 1);
        let goal = goals[0].id;
        let shown = coordinator.get(&format!("/cases/{case}")).await;
        assert!(decoded(&shown.body).contains("Daan gaat <elke> ochtend naar school"));

        // Progress: the score is 1 to 10.
        let path = format!("/cases/{case}/goals/{goal}/progress");
        let refused = coordinator
            .post(&path, &[("note", "Drie ochtenden gelukt"), ("score", "11")])
            .await;
        refused.expect(422).expect_text("van 1 tot en met 10");
        assert_eq!(textarea(&refused, "note"), "Drie ochtenden gelukt");
        let mut worker = signed_in(&t, &w.care_worker_1.email).await;
        worker
            .post(&path, &[("note", "Drie ochtenden gelukt"), ("score", "7")])
            .await
            .expect_redirect(&format!("/cases/{case}/goals/{goal}#progress"));
        let page = coordinator
            .get(&format!("/cases/{case}/goals/{goal}"))
            .await;
        page.expect(200)
            .expect_text("score 7/10")
            .expect_text("Emma Willems");

        // Two edits from the same version: the second keeps its typed values.
        let edit = |status: &'static str, description: &'static str| {
            [
                ("description", description),
                ("contributors", "school, jeugdhulp en ouders"),
                ("indicator", "aantal ochtenden per week"),
                ("start_on", "01-12-2026"),
                ("target_on", "01-02-2027"),
                ("status", status),
                ("version", "1"),
            ]
        };
        coordinator
            .post(
                &format!("/cases/{case}/goals/{goal}"),
                &edit("in_progress", "Daan gaat elke ochtend naar school"),
            )
            .await
            .expect(303);
        let stale = worker
            .post(
                &format!("/cases/{case}/goals/{goal}"),
                &edit("achieved", "Daan gaat vier ochtenden naar school"),
            )
            .await;
        stale
            .expect(409)
            .expect_text("Iemand anders heeft dit doel aangepast");
        assert_eq!(
            textarea(&stale, "description"),
            "Daan gaat vier ochtenden naar school"
        );
        assert!(stale.body.contains("<option value=\"achieved\" selected>"));
        assert_eq!(version_field(&stale), "2");
        let saved = plan::goal(&t.db, case, goal)
            .await
            .expect("read")
            .expect("goal");
        assert_eq!((saved.status.as_str(), saved.version), ("in_progress", 2));
    }
);

db_test!(
    async fn agreements_run_late_and_financing_says_who_pays(db: TestDb) {
        let (t, w) = setup(db).await;
        let case = w.case_p10;
        let mut coordinator = signed_in(&t, &w.coordinator_a.email).await;
        let form = coordinator
            .get(&format!("/cases/{case}/agreements/new"))
            .await;
        form.expect(200).expect_text("Emma Willems");
        let owner = w.care_worker_1.id.to_string();
        let mut agreement = [
            ("action", "Observatie in de klas"),
            ("party", "care"),
            ("kind", "classroom_observation"),
            ("owner_user", owner.as_str()),
            ("owner_name", ""),
            ("due_on", "20-11-2026"),
        ];
        let refused = coordinator
            .post(&format!("/cases/{case}/agreements"), &agreement)
            .await;
        refused
            .expect(422)
            .expect_text("Deze datum ligt in het verleden");
        assert!(
            refused
                .body
                .contains("<option value=\"classroom_observation\" selected>")
        );
        // Nobody named: refused too.
        let mut nobody = agreement;
        nobody[3] = ("owner_user", "");
        nobody[5] = ("due_on", "27-11-2026");
        coordinator
            .post(&format!("/cases/{case}/agreements"), &nobody)
            .await
            .expect(422)
            .expect_text("Kies wie de afspraak uitvoert");
        agreement[5] = ("due_on", "27-11-2026");
        coordinator
            .post(&format!("/cases/{case}/agreements"), &agreement)
            .await
            .expect_redirect(&format!("/cases/{case}#agreements"));
        let page = coordinator.get(&format!("/cases/{case}")).await;
        page.expect(200)
            .expect_no_text("te laat")
            .expect_text("observatie in de klas");

        // A week later it is overdue, in red and in words.
        t.advance(Duration::days(7));
        let mut coordinator = signed_in(&t, &w.coordinator_a.email).await;
        let page = coordinator.get(&format!("/cases/{case}")).await;
        page.expect(200)
            .expect_text("<span class=\"brug-badge brug-badge--red\">te laat</span>")
            .expect_text("1 te laat");
        let id = plan::agreements(&t.db, case).await.expect("agreements")[0].id;
        coordinator
            .post(
                &format!("/cases/{case}/agreements/{id}/done"),
                &[("done", "1")],
            )
            .await
            .expect_redirect(&format!("/cases/{case}#agreements"));
        let page = coordinator.get(&format!("/cases/{case}")).await;
        page.expect(200)
            .expect_no_text("te laat")
            .expect_text("gedaan op 02-12-2026");

        // Who pays what.
        coordinator
            .get(&format!("/cases/{case}/financing/new"))
            .await
            .expect(200);
        let mut line = [
            ("stream", "swv_arrangement"),
            ("purpose", "Ambulante begeleiding in de klas"),
            ("hours", ""),
            ("amount", "12,345"),
            ("period_from", "01-12-2026"),
            ("period_until", "30-11-2026"),
        ];
        let refused = coordinator
            .post(&format!("/cases/{case}/financing"), &line)
            .await;
        refused.expect(422);
        let text = decoded(&refused.body);
        assert!(
            text.contains("hoogstens twee cijfers na de komma"),
            "{text}"
        );
        assert!(text.contains("De einddatum ligt vóór de begindatum"));
        assert!(text.contains("value=\"Ambulante begeleiding in de klas\""));
        line[3] = ("amount", "");
        line[5] = ("period_until", "31-07-2027");
        coordinator
            .post(&format!("/cases/{case}/financing"), &line)
            .await
            .expect(422)
            .expect_text("Vul het aantal uren of het bedrag in");
        line[3] = ("amount", "1.250,50");
        line[2] = ("hours", "40");
        coordinator
            .post(&format!("/cases/{case}/financing"), &line)
            .await
            .expect_redirect(&format!("/cases/{case}#financing"));
        let page = coordinator.get(&format!("/cases/{case}")).await;
        let text = decoded(&page.body);
        assert!(text.contains("Wie betaalt wat"));
        assert!(text.contains("arrangement samenwerkingsverband"));
        assert!(text.contains("€ 1.250,50") && text.contains("40 uur"));
        assert!(text.contains("01-12-2026 – 31-07-2027"));
        let lines = plan::financing_lines(&t.db, case).await.expect("lines");
        assert_eq!(
            (lines[0].amount_cents, lines[0].hours),
            (Some(125_050), Some(40))
        );
        t.assert_audit_intact().await;
    }
);
