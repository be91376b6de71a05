//! Meetings, evaluations and escalation in a case: a meeting whose two
//! decisions become two agreements linked to it, the thuiszitter's monthly
//! meeting that only counts with school, care and parents together, an
//! evaluation with scores that escalates, the red flag of an escalation past
//! its deadline on every view of the case, the closing rules, and who may do
//! what (with one audit event per access).

use brug_domain::audit::{AuditAction, Outcome};
use brug_store::meetings::{self, NewEscalation};
use brug_store::plan::{self, GoalFields};
use brug_test_support::db_test;
use time::Duration;
use time::macros::date;

use crate::support::{Client, PASSWORD, TestApp, World, decoded};

/// What the access matrix needs in P10's case: a planned evaluation and an
/// open escalation (deadline well ahead, so nothing is flagged).
#[derive(Debug, Clone, Copy)]
pub struct MeetingIds {
    pub evaluation: i64,
    pub escalation: i64,
}

pub async fn fixture(t: &TestApp, w: &World) -> MeetingIds {
    let now = t.ts();
    let mut tx = t.db.begin().await.expect("begin");
    let evaluation = meetings::insert_evaluation(
        &mut tx,
        w.case_p10,
        date!(2026 - 12 - 15),
        Some(w.coordinator_a.id),
        now,
    )
    .await
    .expect("evaluation");
    let escalation = meetings::insert_escalation(
        &mut tx,
        &NewEscalation {
            case_id: w.case_p10,
            level: "team".into(),
            question: "Wie betaalt de begeleiding in de klas?".into(),
            decider: "Het team".into(),
            deadline: date!(2026 - 12 - 31),
            opened_by_user_id: Some(w.coordinator_a.id),
            evaluation_id: None,
        },
        now,
    )
    .await
    .expect("escalation");
    tx.commit().await.expect("commit");
    MeetingIds {
        evaluation,
        escalation,
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

/// Two goals in P10's plan; returns their ids.
async fn two_goals(t: &TestApp, w: &World) -> (i64, i64) {
    let mut tx = t.db.begin().await.expect("begin");
    let goal = |d: &str| GoalFields {
        description: d.into(),
        contributors: "school, jeugdhulp, ouders".into(),
        indicator: "per week".into(),
        start_on: date!(2026 - 10 - 01),
        target_on: None,
        status: "in_progress".into(),
    };
    let g1 = plan::insert_goal(
        &mut tx,
        w.case_p10,
        &goal("Daan gaat twee ochtenden naar school"),
        Some(w.coordinator_a.id),
        t.ts(),
    )
    .await
    .expect("goal 1");
    let g2 = plan::insert_goal(
        &mut tx,
        w.case_p10,
        &goal("Daan slaapt op tijd"),
        Some(w.coordinator_a.id),
        t.ts(),
    )
    .await
    .expect("goal 2");
    tx.commit().await.expect("commit");
    (g1, g2)
}

/// The seat of a member of P10's case, by user.
async fn member_of(t: &TestApp, w: &World, user: i64) -> String {
    brug_store::cases::members(&t.db, w.case_p10)
        .await
        .expect("members")
        .into_iter()
        .find(|m| m.user_id == Some(user))
        .expect("a member")
        .id
        .to_string()
}

/// The id at the end of a redirect such as `/cases/1/meetings#meeting-7`.
fn id_after(location: &str, marker: &str) -> i64 {
    let start = location.find(marker).expect("marker") + marker.len();
    location[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .expect("an id")
}

/// Plan an evaluation of P10's case on `date`; returns its id.
async fn plan_evaluation(client: &mut Client<'_>, w: &World, date: &str) -> i64 {
    let path = format!("/cases/{}/evaluations", w.case_p10);
    client.get(&path).await.expect(200);
    client
        .post(&path, &[("planned_on", date)])
        .await
        .expect_redirect(&path);
    meetings::evaluations(&client.app.db, w.case_p10)
        .await
        .expect("evaluations")
        .into_iter()
        .find(|e| e.held_on.is_none())
        .expect("the planned evaluation")
        .id
}

db_test!(
    async fn a_meeting_with_two_decisions_makes_two_agreements_linked_to_it(db: TestDb) {
        let (t, w) = setup(db).await;
        let case = w.case_p10;
        let path = format!("/cases/{case}/meetings");
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        let page = ib.get(&path).await;
        page.expect(200)
            .expect_text("id=\"meeting-form\"")
            .expect_text(&w.care_worker_1.name);
        let lead = member_of(&t, &w, w.coordinator_a.id).await;
        let worker = member_of(&t, &w, w.care_worker_1.id).await;

        // A date in the future is not a meeting held: the message says how
        // to plan it, and everything typed stays.
        let mut fields = vec![
            ("held_on", "30-11-2026"),
            ("kind", "mdo"),
            ("participants", "Fatima, Emma, Marieke"),
            ("agenda", "Terug naar school"),
            (
                "notes",
                "<script>alert(1)</script> Daan wil weer naar school",
            ),
            ("decisions", "Opbouwen in kleine stappen"),
            ("with_school", "on"),
            ("with_care", "on"),
            ("action_1", "Rooster van twee ochtenden maken"),
            ("party_1", "school"),
            ("owner_1", lead.as_str()),
            ("due_1", "01-12-2026"),
            ("action_2", "Huisbezoek over het slaapritme"),
            ("party_2", "care"),
            ("owner_2", worker.as_str()),
            ("due_2", "04-12-2026"),
            ("action_3", "Een regel zonder eigenaar"),
        ];
        let resp = ib.post(&path, &fields).await;
        resp.expect(422)
            .expect_text("evaluatie of als afspraak")
            .expect_text("Kies wie eigenaar van de afspraak is")
            .expect_text("value=\"30-11-2026\"")
            .expect_text("Rooster van twee ochtenden maken")
            .expect_text("Een regel zonder eigenaar");
        assert!(
            decoded(&resp.body).contains("<script>alert(1)</script> Daan"),
            "the notes are kept"
        );
        assert!(!resp.body.contains("<script>alert(1)"), "and escaped");
        assert_eq!(
            meetings::count_meetings(&t.db, case).await.expect("count"),
            0,
            "nothing stored"
        );

        // A due date before the meeting is refused too.
        fields[0] = ("held_on", "20-11-2026");
        fields.truncate(fields.len() - 1);
        fields[11] = ("due_1", "19-11-2026");
        ib.post(&path, &fields)
            .await
            .expect(422)
            .expect_text("vóór het overleg");

        fields[11] = ("due_1", "01-12-2026");
        let resp = ib.post(&path, &fields).await;
        resp.expect(303);
        let meeting = id_after(resp.location().expect("location"), "#meeting-");
        assert_eq!(
            resp.location(),
            Some(format!("/cases/{case}/meetings#meeting-{meeting}").as_str())
        );

        let linked: Vec<_> = plan::agreements(&t.db, case)
            .await
            .expect("agreements")
            .into_iter()
            .filter(|a| a.meeting_id == Some(meeting))
            .collect();
        assert_eq!(linked.len(), 2, "two decisions, two agreements");
        let rooster = linked
            .iter()
            .find(|a| a.action == "Rooster van twee ochtenden maken")
            .expect("first");
        assert_eq!(rooster.party, "school");
        assert_eq!(rooster.owner_user_id, Some(w.coordinator_a.id));
        assert_eq!(rooster.due_on, Some(date!(2026 - 12 - 01)));
        let visit = linked
            .iter()
            .find(|a| a.action == "Huisbezoek over het slaapritme")
            .expect("second");
        assert_eq!(visit.party, "care");
        assert_eq!(visit.owner_name, w.care_worker_1.name);

        // The meetings page, the case page and the timeline show it.
        let page = ib.get(&path).await;
        page.expect(200)
            .expect_text(&format!("id=\"meeting-{meeting}\""))
            .expect_text("multidisciplinair overleg (MDO)")
            .expect_text("Huisbezoek over het slaapritme")
            .expect_text("uiterlijk 04-12-2026");
        ib.get(&format!("/cases/{case}"))
            .await
            .expect(200)
            .expect_text("id=\"recent-meetings\"")
            .expect_text("2 afspraken");
        ib.get(&format!("/cases/{case}/timeline"))
            .await
            .expect(200)
            .expect_text("Overleg")
            .expect_text("Afspraak")
            .expect_text("Huisbezoek over het slaapritme");

        // One write, one audit event, in the pupil's log.
        let (events, _) = t.pupil_events(w.p10).await;
        let created: Vec<_> = events
            .iter()
            .filter(|e| e.event.action == AuditAction::Create && e.event.resource_type == "meeting")
            .collect();
        assert_eq!(created.len(), 1);
        assert_eq!(created[0].event.resource_id, Some(meeting.to_string()));
        assert_eq!(
            created[0].event.actor.user.map(|u| u.0),
            Some(w.coordinator_a.id)
        );

        // The parent sees the meeting; a teacher without a seat does not.
        let mut parent = signed_in(&t, &w.parent.email).await;
        parent
            .get(&path)
            .await
            .expect(200)
            .expect_text("Huisbezoek over het slaapritme");
        let mut teacher = signed_in(&t, &w.teacher_a.email).await;
        teacher.get(&path).await.expect(404);
        t.assert_audit_intact().await;
    }
);

db_test!(
    async fn the_monthly_meeting_counts_only_with_school_care_and_parents(db: TestDb) {
        let (t, w) = setup(db).await;
        let case = w.case_p10;
        let case_path = format!("/cases/{case}");
        let path = format!("{case_path}/meetings");
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        ib.get(&case_path).await.expect(200);
        ib.post(
            &format!("{case_path}/attendance"),
            &[
                ("status", "thuiszitter"),
                ("since", "01-10-2026"),
                ("note", "Sinds oktober thuis"),
            ],
        )
        .await
        .expect(303);
        ib.get(&case_path)
            .await
            .expect(200)
            .expect_text("id=\"monthly-missed\"")
            .expect_text("01-11-2026");

        // Without the parents the meeting does not count.
        ib.get(&path).await.expect(200);
        ib.post(
            &path,
            &[
                ("held_on", "20-11-2026"),
                ("kind", "thuiszitteroverleg"),
                ("participants", "Fatima, Emma"),
                ("with_school", "on"),
                ("with_care", "on"),
            ],
        )
        .await
        .expect(303);
        ib.get(&case_path)
            .await
            .expect(200)
            .expect_text("id=\"monthly-missed\"");

        // School, care and parents together: the next one is due a month later.
        ib.post(
            &path,
            &[
                ("held_on", "24-11-2026"),
                ("kind", "thuiszitteroverleg"),
                ("participants", "Fatima, Emma, Marieke"),
                ("with_school", "on"),
                ("with_care", "on"),
                ("with_parents", "on"),
            ],
        )
        .await
        .expect(303);
        let page = ib.get(&case_path).await;
        page.expect(200)
            .expect_no_text("id=\"monthly-missed\"")
            .expect_text("uiterlijk 24-12-2026")
            .expect_text("school, jeugdhulp en ouders samen");

        // A month and a bit later without a new meeting it is missed again.
        t.advance(Duration::days(31));
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        ib.get(&case_path)
            .await
            .expect(200)
            .expect_text("id=\"monthly-missed\"")
            .expect_text("24-12-2026");
    }
);

db_test!(
    async fn an_evaluation_with_scores_that_escalates_opens_an_escalation(db: TestDb) {
        let (t, w) = setup(db).await;
        let case = w.case_p10;
        let (g1, g2) = two_goals(&t, &w).await;
        let mut worker = signed_in(&t, &w.care_worker_1.email).await;
        let list = format!("/cases/{case}/evaluations");
        worker.get(&list).await.expect(200);
        worker
            .post(&list, &[("planned_on", "24-11-2026")])
            .await
            .expect(422)
            .expect_text("in het verleden")
            .expect_text("value=\"24-11-2026\"");
        let evaluation = plan_evaluation(&mut worker, &w, "01-12-2026").await;
        // Within a week: flagged as due on the list and on the case page.
        worker
            .get(&list)
            .await
            .expect(200)
            .expect_text(&format!("id=\"evaluation-{evaluation}-state\">binnenkort"));
        worker
            .get(&format!("/cases/{case}"))
            .await
            .expect(200)
            .expect_text("id=\"planned-evaluations\"")
            .expect_text("binnenkort");

        let path = format!("/cases/{case}/evaluations/{evaluation}");
        worker
            .get(&path)
            .await
            .expect(200)
            .expect_text("Daan gaat twee ochtenden naar school")
            .expect_text("Daan slaapt op tijd");
        let (s1, n1, s2, n2) = (
            format!("score_{g1}"),
            format!("note_{g1}"),
            format!("score_{g2}"),
            format!("note_{g2}"),
        );
        let reasons = "Er is geen school die Daan nu kan plaatsen";
        // A score out of range, and one missing: both named, the rest kept.
        let resp = worker
            .post(
                &path,
                &[
                    ("held_on", "25-11-2026"),
                    (s1.as_str(), "11"),
                    (n1.as_str(), "Eén ochtend gelukt"),
                    (s2.as_str(), ""),
                    ("decision", "escalate"),
                    ("reasons", reasons),
                ],
            )
            .await;
        resp.expect(422)
            .expect_text("heel getal van 1 tot 10")
            .expect_text("Geef dit doel een score")
            .expect_text("value=\"11\"")
            .expect_text(reasons)
            .expect_text("value=\"escalate\" checked");
        let resp = worker
            .post(
                &path,
                &[
                    ("held_on", "25-11-2026"),
                    (s1.as_str(), "4"),
                    (n1.as_str(), "Eén ochtend gelukt"),
                    (s2.as_str(), "7"),
                    (n2.as_str(), ""),
                    ("decision", "escalate"),
                    ("reasons", reasons),
                ],
            )
            .await;
        let form = format!("/cases/{case}/escalations?evaluation={evaluation}#open-escalation");
        resp.expect_redirect(&form);

        // The escalation form comes filled in: the next level (the team) and
        // the reasons as the question.
        let page = worker.get(form.split('#').next().unwrap_or_default()).await;
        page.expect(200)
            .expect_text("id=\"from-evaluation\"")
            .expect_text(reasons)
            .expect_text("value=\"team\" selected")
            .expect_text(&format!("name=\"evaluation_id\" value=\"{evaluation}\""));
        // Until it is recorded, the evaluation says so.
        worker
            .get(&path)
            .await
            .expect(200)
            .expect_text("opschaling nog vastleggen")
            .expect_text("Eén ochtend gelukt");

        let escalations = format!("/cases/{case}/escalations");
        let evaluation_id = evaluation.to_string();
        let mut fields = vec![
            ("level", "team"),
            ("question", reasons),
            ("decider", "Directeur school en teamleider jeugdhulp"),
            ("deadline", "20-11-2026"),
            ("evaluation_id", evaluation_id.as_str()),
        ];
        worker
            .post(&escalations, &fields)
            .await
            .expect(422)
            .expect_text("uiterste datum ligt in het verleden")
            .expect_text("Directeur school en teamleider jeugdhulp");
        fields[3] = ("deadline", "09-12-2026");
        let resp = worker.post(&escalations, &fields).await;
        resp.expect(303);
        let escalation = id_after(resp.location().expect("location"), "#escalation-");

        let stored = meetings::escalation(&t.db, case, escalation)
            .await
            .expect("read")
            .expect("stored");
        assert_eq!(stored.level, "team");
        assert_eq!(stored.evaluation_id, Some(evaluation));
        assert_eq!(stored.deadline, date!(2026 - 12 - 09));
        let held = meetings::evaluation(&t.db, case, evaluation)
            .await
            .expect("read")
            .expect("held");
        assert_eq!(held.decision.as_deref(), Some("escalate"));
        let scores = meetings::scores_of_case(&t.db, case).await.expect("scores");
        assert_eq!(
            scores
                .iter()
                .map(|s| (s.goal_id, s.score))
                .collect::<Vec<_>>(),
            vec![(g1, 4), (g2, 7)]
        );
        worker
            .get(&path)
            .await
            .expect(200)
            .expect_no_text("opschaling nog vastleggen")
            .expect_text("Naar de opschaling");
        // The case stays active; the escalation is listed as open.
        worker
            .get(&format!("/cases/{case}"))
            .await
            .expect(200)
            .expect_text("id=\"open-escalations\"")
            .expect_text("besluit uiterlijk 09-12-2026");

        // A second escalation climbs a level.
        worker
            .get(&escalations)
            .await
            .expect(200)
            .expect_text("value=\"managers\" selected");

        // The parent sees the evaluation but does not decide on it.
        let mut parent = signed_in(&t, &w.parent.email).await;
        parent
            .get(&path)
            .await
            .expect(200)
            .expect_text("Eén ochtend gelukt")
            .expect_no_text("id=\"hold-form\"");
        let before = t.audit_count().await;
        parent
            .post(
                &escalations,
                &[
                    ("level", "managers"),
                    ("question", "x"),
                    ("decider", "y"),
                    ("deadline", "09-12-2026"),
                ],
            )
            .await
            .expect(404);
        assert_eq!(t.audit_count().await - before, 1, "one denied event");
        let (events, _) = t.pupil_events(w.p10).await;
        assert_eq!(events[0].event.outcome, Outcome::Denied);
        assert_eq!(events[0].event.resource_type, "escalation");
        t.assert_audit_intact().await;
    }
);

db_test!(
    async fn an_escalation_past_its_deadline_is_flagged_red_on_every_view(db: TestDb) {
        let (t, w) = setup(db).await;
        let case = w.case_p10;
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        let evaluation = plan_evaluation(&mut ib, &w, "10-12-2026").await;
        let escalations = format!("/cases/{case}/escalations");
        ib.get(&escalations).await.expect(200);
        let resp = ib
            .post(
                &escalations,
                &[
                    ("level", "managers"),
                    ("question", "Wie betaalt de begeleider in de klas?"),
                    ("decider", "Directeuren van school en zorgaanbieder"),
                    ("deadline", "01-12-2026"),
                ],
            )
            .await;
        resp.expect(303);
        let escalation = id_after(resp.location().expect("location"), "#escalation-");
        let views = [
            format!("/cases/{case}"),
            format!("/cases/{case}/meetings"),
            format!("/cases/{case}/evaluations"),
            format!("/cases/{case}/evaluations/{evaluation}"),
            format!("/cases/{case}/escalations"),
            format!("/cases/{case}/timeline"),
            // The parents' own section: the one both the coordinator and the
            // parent may open to edit (S4: the family writes only its own).
            format!("/cases/{case}/plan/parents_view"),
            format!("/cases/{case}/plan/support_needs/history"),
            format!("/cases/{case}/goals/new"),
            format!("/cases/{case}/agreements/new"),
            format!("/cases/{case}/financing/new"),
        ];
        for view in &views {
            ib.get(view)
                .await
                .expect(200)
                .expect_no_text("id=\"escalation-past-deadline\"");
        }

        // A week later the deadline has passed without a decision.
        t.advance(Duration::days(7));
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        let mut parent = signed_in(&t, &w.parent.email).await;
        // The forms for goals, agreements and financing are the
        // professionals'; the parent sees the flag on every other view.
        let professional_only = ["/goals/new", "/agreements/new", "/financing/new"];
        for view in &views {
            for (client, is_parent) in [(&mut ib, false), (&mut parent, true)] {
                if is_parent && professional_only.iter().any(|p| view.ends_with(p)) {
                    client.get(view).await.expect(404);
                    continue;
                }
                let page = client.get(view).await;
                page.expect(200)
                    .expect_text("id=\"escalation-past-deadline\"")
                    .expect_text("Een opschaling is over de uiterste datum")
                    .expect_text("uiterste datum was 01-12-2026")
                    .expect_text("Wie betaalt de begeleider in de klas?");
                // At the top: before the first section of the page.
                let flag = page
                    .body
                    .find("id=\"escalation-past-deadline\"")
                    .expect("flag");
                let first_section = page.body.find("<section").unwrap_or(page.body.len());
                assert!(flag < first_section, "{view}: the flag is at the top");
            }
        }
        ib.get(&escalations)
            .await
            .expect(200)
            .expect_text("termijn verstreken");

        // Deciding it: not before it was opened, not in the future.
        let decide = format!("{escalations}/{escalation}/decide");
        ib.post(
            &decide,
            &[
                ("outcome", "De gemeente betaalt via de Jeugdwet"),
                ("decided_on", "20-11-2026"),
            ],
        )
        .await
        .expect(422)
        .expect_text("vóór het begin van de opschaling")
        .expect_text("De gemeente betaalt via de Jeugdwet");
        ib.post(
            &decide,
            &[
                ("outcome", "De gemeente betaalt via de Jeugdwet"),
                ("decided_on", "03-12-2026"),
            ],
        )
        .await
        .expect(422)
        .expect_text("in de toekomst");
        ib.post(&decide, &[("outcome", ""), ("decided_on", "02-12-2026")])
            .await
            .expect(422)
            .expect_text("Dit veld is verplicht");
        ib.post(
            &decide,
            &[
                ("outcome", "De gemeente betaalt via de Jeugdwet"),
                ("decided_on", "02-12-2026"),
            ],
        )
        .await
        .expect_redirect(&format!("{escalations}#escalation-{escalation}"));
        for view in &views {
            ib.get(view)
                .await
                .expect(200)
                .expect_no_text("id=\"escalation-past-deadline\"");
        }
        // Decided once.
        ib.post(
            &decide,
            &[("outcome", "Nog een besluit"), ("decided_on", "02-12-2026")],
        )
        .await
        .expect(422)
        .expect_text("al besloten");
    }
);

db_test!(
    async fn closing_through_an_evaluation_follows_the_closing_rules(db: TestDb) {
        let (t, w) = setup(db).await;
        let case = w.case_p10;
        let (g1, _) = two_goals(&t, &w).await;
        // The second goal is dropped: it is not scored.
        t.sql(&format!(
            "UPDATE goals SET status = 'dropped' WHERE case_id = {case} AND id <> {g1}"
        ))
        .await;
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        let evaluation = plan_evaluation(&mut ib, &w, "25-11-2026").await;
        let path = format!("/cases/{case}/evaluations/{evaluation}");
        ib.get(&path)
            .await
            .expect(200)
            .expect_no_text("Daan slaapt op tijd");
        let score = format!("score_{g1}");
        let note = format!("note_{g1}");
        let reasons = "Daan gaat weer elke dag naar school";
        let close = |outcome: &'static str| {
            vec![
                ("held_on", "25-11-2026"),
                (score.as_str(), "9"),
                (note.as_str(), "Elke ochtend op school"),
                ("decision", "close"),
                ("reasons", reasons),
                ("outcome", outcome),
            ]
        };

        // Without an outcome: refused, everything typed kept.
        let resp = ib.post(&path, &close("")).await;
        resp.expect(422)
            .expect_text("Kies bij het afsluiten de uitkomst")
            .expect_text("id=\"outcome-error\"")
            .expect_text("value=\"9\"")
            .expect_text("Elke ochtend op school")
            .expect_text(reasons)
            .expect_text("value=\"close\" checked");

        // With an open escalation: refused.
        let escalations = format!("/cases/{case}/escalations");
        ib.get(&escalations).await.expect(200);
        let resp = ib
            .post(
                &escalations,
                &[
                    ("level", "team"),
                    ("question", "Is een plek op het speciaal onderwijs nodig?"),
                    ("decider", "Het team"),
                    ("deadline", "02-12-2026"),
                ],
            )
            .await;
        resp.expect(303);
        let escalation = id_after(resp.location().expect("location"), "#escalation-");
        ib.get(&path).await.expect(200);
        ib.post(&path, &close("back_in_education"))
            .await
            .expect(422)
            .expect_text("Er loopt nog een opschaling")
            .expect_text(reasons);
        let unchanged = brug_store::cases::case(&t.db, case)
            .await
            .expect("case")
            .expect("there");
        assert_eq!(unchanged.status, "active");
        assert!(
            meetings::evaluation(&t.db, case, evaluation)
                .await
                .expect("read")
                .expect("there")
                .held_on
                .is_none()
        );

        // Once decided, the team closes the case through the evaluation.
        ib.get(&escalations).await.expect(200);
        ib.post(
            &format!("{escalations}/{escalation}/decide"),
            &[("outcome", "Niet nodig"), ("decided_on", "25-11-2026")],
        )
        .await
        .expect(303);
        ib.get(&path).await.expect(200);
        ib.post(&path, &close("back_in_education"))
            .await
            .expect_redirect(&format!("/cases/{case}"));
        let closed = brug_store::cases::case(&t.db, case)
            .await
            .expect("case")
            .expect("there");
        assert_eq!(closed.status, "closed");
        assert_eq!(closed.outcome.as_deref(), Some("back_in_education"));
        assert_eq!(closed.close_reason.as_deref(), Some(reasons));
        assert_eq!(closed.closed_on, Some(date!(2026 - 11 - 25)));
        ib.get(&format!("/cases/{case}"))
            .await
            .expect(200)
            .expect_text("terug in het onderwijs");
        ib.get(&format!("/cases/{case}/timeline"))
            .await
            .expect(200)
            .expect_text("actief → afgesloten");

        // Held once; and a closed case takes no new meetings.
        ib.get(&path)
            .await
            .expect(200)
            .expect_no_text("id=\"hold-form\"");
        let meetings_path = format!("/cases/{case}/meetings");
        ib.get(&meetings_path)
            .await
            .expect(200)
            .expect_no_text("id=\"meeting-form\"");
        ib.post(
            &meetings_path,
            &[
                ("held_on", "25-11-2026"),
                ("kind", "overleg"),
                ("participants", "Fatima"),
            ],
        )
        .await
        .expect(422)
        .expect_text("Dit traject is afgesloten");
    }
);

db_test!(
    async fn outsiders_and_foreign_ids_get_404_with_one_audit_event(db: TestDb) {
        let (t, w) = setup(db).await;
        let ids = fixture(&t, &w).await;
        let mut outsider = signed_in(&t, &w.care_worker_2.email).await;
        for path in [
            format!("/cases/{}/meetings", w.case_p10),
            format!("/cases/{}/evaluations", w.case_p10),
            format!("/cases/{}/evaluations/{}", w.case_p10, ids.evaluation),
            format!("/cases/{}/escalations", w.case_p10),
        ] {
            let before = t.audit_count().await;
            outsider.get(&path).await.expect(404);
            let (events, _) = t.pupil_events(w.p10).await;
            assert_eq!(t.audit_count().await - before, 1, "{path}");
            assert_eq!(events[0].event.outcome, Outcome::Denied, "{path}");
            assert_eq!(
                events[0].event.actor.user.map(|u| u.0),
                Some(w.care_worker_2.id)
            );
        }
        // The pupil page of P_B's case does not open P10's evaluation or
        // escalation, even for those who may see P_B.
        let mut coordinator_b = signed_in(&t, &w.coordinator_b.email).await;
        coordinator_b
            .get(&format!(
                "/cases/{}/evaluations/{}",
                w.case_pb, ids.evaluation
            ))
            .await
            .expect(404);
        coordinator_b
            .get(&format!("/cases/{}/escalations", w.case_pb))
            .await
            .expect(200)
            .expect_no_text("Wie betaalt de begeleiding in de klas?");
        let before = t.audit_count().await;
        coordinator_b
            .post(
                &format!("/cases/{}/escalations/{}/decide", w.case_pb, ids.escalation),
                &[("outcome", "Besloten"), ("decided_on", "25-11-2026")],
            )
            .await
            .expect(404);
        assert_eq!(t.audit_count().await, before, "nothing was read or written");
        assert!(
            meetings::escalation(&t.db, w.case_p10, ids.escalation)
                .await
                .expect("read")
                .expect("there")
                .decided_on
                .is_none(),
            "P10's escalation is untouched"
        );
        t.assert_audit_intact().await;
    }
);
