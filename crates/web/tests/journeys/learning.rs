//! The learning network (S6) as its people use it: a facilitator runs a
//! network and a case-specific dialogue table from a real case (anonymised,
//! reviewed, rejected and approved), records the four questions per
//! perspective, insights, lessons and actions, follows actions up; a member
//! leaves and their words stay with their perspective only; a coordinator
//! takes the collaboration scan, leaves it half-done and completes it.

use brug_domain::roles::Role;
use brug_store::audit::AuditQuery;
use brug_store::{plan, users};
use brug_test_support::db_test;

use crate::support::{Client, PASSWORD, Person, Resp, TestApp, World, decoded, enable_totp};

async fn setup(db: brug_test_support::TestDb) -> (TestApp, World, Person) {
    let t = TestApp::start(db).await;
    let w = World::build(&t).await;
    let facilitator = facilitator(&t, &w).await;
    (t, w, facilitator)
}

/// A procesbegeleider of the municipality.
async fn facilitator(t: &TestApp, w: &World) -> Person {
    let hash = brug_app::crypto::hash_password(PASSWORD.to_owned())
        .await
        .expect("hash");
    let mut tx = t.db.begin().await.expect("begin");
    let id = users::insert_user(
        &mut tx,
        &users::NewUser {
            email: "leren@utrecht.example".into(),
            name: "Ingrid Hoekstra".into(),
            password_hash: Some(hash),
            platform_admin: false,
            pupil_id: None,
        },
        t.ts(),
    )
    .await
    .expect("user");
    users::add_membership(&mut tx, id, w.municipality, Role::Facilitator, t.ts())
        .await
        .expect("membership");
    tx.commit().await.expect("commit");
    let person = Person {
        id,
        email: "leren@utrecht.example".into(),
        name: "Ingrid Hoekstra".into(),
    };
    enable_totp(t, &person).await;
    person
}

async fn signed_in<'a>(t: &'a TestApp, who: &Person) -> Client<'a> {
    let mut client = t.client();
    client.login(&who.email, PASSWORD).await;
    client
}

/// The id at the end of a redirect (`/learning/sessions/12#record` -> 12).
fn id_in(resp: &Resp, prefix: &str) -> i64 {
    let location = resp.location().expect("redirect");
    let rest = location.strip_prefix(prefix).expect("redirect target");
    rest.split(['#', '/', '?'])
        .next()
        .and_then(|id| id.parse().ok())
        .expect("id in redirect")
}

async fn network_with_members(t: &TestApp, w: &World, f: &mut Client<'_>) -> i64 {
    let resp = f
        .post(
            "/learning/networks",
            &[
                ("kind", "network"),
                ("name", "Leernetwerk Utrecht"),
                ("description", ""),
            ],
        )
        .await;
    let network = id_in(&resp, "/learning/networks/");
    let base = format!("/learning/networks/{network}/members");
    for (email, name, perspective) in [
        (
            w.coordinator_a.email.as_str(),
            "Fatima El Amrani",
            "coordinator",
        ),
        (
            w.care_worker_1.email.as_str(),
            "Emma Willems",
            "care_worker",
        ),
        ("", "Marloes (ouder)", "parent"),
    ] {
        f.post(
            &base,
            &[
                ("email", email),
                ("name", name),
                ("perspective", perspective),
                ("organisation", ""),
            ],
        )
        .await
        .expect_redirect(&format!("/learning/networks/{network}"));
    }
    let _ = t;
    network
}

db_test!(
    async fn a_facilitator_runs_a_case_table_from_a_real_case(db: TestDb) {
        let (t, w, fac) = setup(db).await;
        // The case holds what must never reach the table.
        let mut tx = t.db.begin().await.expect("begin");
        plan::save_section(
            &mut tx,
            &plan::SectionSave {
                case_id: w.case_p10,
                section: "support_needs",
                expected_version: 0,
                body: "Daan de Vries zit sinds 12-03-2026 thuis. Moeder is bereikbaar op 06-12345678 of marieke@example.nl. BSN 123456782. Meneer Jansen van De Regenboog belt wekelijks.",
                author_user_id: Some(w.coordinator_a.id),
                author_name: "Fatima El Amrani",
            },
            t.ts(),
        )
        .await
        .expect("section");
        tx.commit().await.expect("commit");

        let mut f = signed_in(&t, &fac).await;
        let network = network_with_members(&t, &w, &mut f).await;
        // The same account twice is refused, with the typed values kept.
        let twice = f
            .post(
                &format!("/learning/networks/{network}/members"),
                &[
                    ("email", w.coordinator_a.email.as_str()),
                    ("name", "Nog een keer"),
                    ("perspective", "teacher"),
                ],
            )
            .await;
        twice
            .expect(422)
            .expect_text("neemt al deel")
            .expect_text("Nog een keer");

        let resp = f
            .post(
                &format!("/learning/networks/{network}/sessions"),
                &[
                    ("kind", "case_specific"),
                    ("title", "Dialoogtafel najaar"),
                    ("theme", "steering"),
                    ("held_on", "10-12-2026"),
                    ("guiding_question", ""),
                ],
            )
            .await;
        let session = id_in(&resp, "/learning/sessions/");
        let page = format!("/learning/sessions/{session}");
        f.get(&page)
            .await
            .expect(200)
            .expect_text("Wat is er voor dit kind nodig")
            .expect_text("Hoe versta je elkaars taal en wereld?");

        // The coordinator, a member, brings in her own case.
        let mut co = signed_in(&t, &w.coordinator_a).await;
        let before = t.pupil_events(w.p10).await.1;
        co.post(
            &format!("{page}/story"),
            &[
                ("case_id", &w.case_p10.to_string()),
                ("family_invited", "1"),
            ],
        )
        .await
        .expect_redirect(&format!("{page}#story"));
        let (events, after) = t.pupil_events(w.p10).await;
        assert_eq!(
            after,
            before + 1,
            "one read of the pupil's case, logged as such"
        );
        assert!(events.iter().any(|e| e.event.resource_type == "case_story"));
        co.get(&page)
            .await
            .expect(200)
            .expect_text("wacht op de procesbegeleider");

        // The facilitator sees the draft; nothing identifying survived.
        let draft = f.get(&page).await;
        draft.expect(200);
        let text = decoded(&draft.body);
        for gone in [
            "Daan",
            "Vries",
            "12-03-2026",
            "12345678",
            "marieke@",
            "123456782",
            "Jansen",
            "Regenboog",
        ] {
            assert!(
                !text.contains(gone),
                "{gone} survived: {}",
                &text[..text.len().min(4000)]
            );
        }
        assert!(text.contains("maart 2026"), "the month stays");

        // Rejected: gone, with the reason; then drafted again.
        f.post(
            &format!("{page}/story/review"),
            &[
                ("decision", "reject"),
                ("story", ""),
                ("note", "Te herkenbaar door de wijk"),
            ],
        )
        .await
        .expect_redirect(&format!("{page}#story"));
        co.get(&page)
            .await
            .expect(200)
            .expect_text("Te herkenbaar door de wijk");
        co.post(
            &format!("{page}/story"),
            &[("case_id", &w.case_p10.to_string())],
        )
        .await
        .expect(303);
        // An edit that puts a phone number back is refused.
        f.post(
            &format!("{page}/story/review"),
            &[
                ("decision", "approve"),
                ("story", "Het kind zit thuis. Bel 06-87654321."),
                ("note", ""),
            ],
        )
        .await
        .expect(422)
        .expect_text("telefoonnummer");
        f.post(
            &format!("{page}/story/review"),
            &[
                ("decision", "approve"),
                (
                    "story",
                    "Het kind zit sinds maart 2026 thuis; niemand heeft de regie.",
                ),
                ("note", ""),
            ],
        )
        .await
        .expect(303);
        co.get(&page)
            .await
            .expect(200)
            .expect_text("niemand heeft de regie");

        // The record: each participant's words under their perspective.
        let html = f.get(&page).await.body;
        let member_id = |name: &str| -> String {
            let marker = format!("\">{name} (");
            let before = html.split(&marker).next().expect("option");
            before.rsplit("value=\"").next().expect("value").to_owned()
        };
        let emma = member_id("Emma Willems");
        let fatima = member_id("Fatima El Amrani");
        for (member, question, body) in [
            (
                emma.as_str(),
                "profession",
                "Ik zie een kind dat thuis vastloopt.",
            ),
            (
                fatima.as_str(),
                "language",
                "Wij zeggen OPP, zij zeggen hulpverleningsplan.",
            ),
        ] {
            f.post(
                &format!("{page}/contributions"),
                &[("member", member), ("question", question), ("body", body)],
            )
            .await
            .expect_redirect(&format!("{page}#record"));
        }
        f.post(
            &format!("{page}/contributions"),
            &[("member", ""), ("question", ""), ("body", "")],
        )
        .await
        .expect(422);

        // Insights: empty and duplicate ones are refused.
        let insight = [
            ("kind", "lesson"),
            ("theme", "steering"),
            ("level", "school"),
            ("sector", "SO"),
            (
                "body",
                "Spreek bij elke thuiszitter af wie de regievoerder is.",
            ),
        ];
        f.post(&format!("{page}/items"), &insight).await.expect(303);
        f.post(&format!("{page}/items"), &insight)
            .await
            .expect(422)
            .expect_text("staat al in de kennisbank");
        f.post(
            &format!("{page}/items"),
            &[
                ("kind", "lesson"),
                ("theme", "steering"),
                ("level", "school"),
                ("body", "  "),
            ],
        )
        .await
        .expect(422);

        // An improvement action, followed up at the next table.
        f.post(
            &format!("{page}/actions"),
            &[
                ("description", "Regievoerder per thuiszitter vastleggen"),
                ("owner", "Fatima El Amrani"),
                ("organisation", "De Regenboog"),
                ("due_on", "01-03-2027"),
                ("theme", "steering"),
            ],
        )
        .await
        .expect(303);
        let resp = f
            .post(
                &format!("/learning/networks/{network}/sessions"),
                &[
                    ("kind", "case_transcending"),
                    ("title", "Tafel over regie"),
                    ("theme", "steering"),
                    ("held_on", "10-03-2027"),
                ],
            )
            .await;
        let next = id_in(&resp, "/learning/sessions/");
        let next_page = f.get(&format!("/learning/sessions/{next}")).await;
        next_page
            .expect(200)
            .expect_text("Regievoerder per thuiszitter vastleggen");
        let action: String = next_page
            .body
            .split(&format!("/learning/sessions/{next}/actions/"))
            .nth(1)
            .expect("follow-up form")
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        f.post(
            &format!("/learning/sessions/{next}/actions/{action}"),
            &[("status", "done"), ("note", "In alle plannen opgenomen")],
        )
        .await
        .expect(303);
        f.get(&format!("/learning/networks/{network}"))
            .await
            .expect(200)
            .expect_text("In alle plannen opgenomen");

        // Emma leaves: her words stay, with her perspective only.
        let mut emma_client = signed_in(&t, &w.care_worker_1).await;
        emma_client
            .post(
                &format!("/learning/networks/{network}/members/{emma}/leave"),
                &[],
            )
            .await
            .expect_redirect("/learning");
        emma_client.get(&page).await.expect(404);
        let after_leave = f.get(&page).await;
        after_leave
            .expect(200)
            .expect_text("Ik zie een kind dat thuis vastloopt.")
            .expect_no_text("Emma Willems");

        // The lesson is in the knowledge base, found by an inflected word,
        // and on the factsheet.
        // Glossary terms in it link to their explanation.
        f.get("/learning/knowledge?q=regievoerders")
            .await
            .expect(200)
            .expect_text("Spreek bij elke ")
            .expect_text("title=\"In het onderwijs: Een leerplichtige leerling")
            .expect_text(">thuiszitter</a> af wie de ");
        f.get(&format!("/learning/networks/{network}/factsheet"))
            .await
            .expect(200)
            .expect_text("Spreek bij elke <a class=\"utrecht-link brug-term\"")
            .expect_text(">thuiszitter</a> af wie de ")
            .expect_text("<svg");

        // Someone outside the network sees nothing of it, and it is logged.
        let mut outsider = signed_in(&t, &w.coordinator_b).await;
        outsider.get(&page).await.expect(404);
        let (denied, _) = t
            .audit(AuditQuery {
                actor_user: Some(w.coordinator_b.id),
                limit: 50,
                ..AuditQuery::default()
            })
            .await;
        assert!(
            denied
                .iter()
                .any(|e| e.event.resource_type == "learning_session"
                    && e.event.outcome == brug_domain::audit::Outcome::Denied)
        );
        t.assert_audit_intact().await;
    }
);

db_test!(
    async fn a_coordinator_takes_the_scan_in_two_goes(db: TestDb) {
        let (t, w, _) = setup(db).await;
        let mut co = signed_in(&t, &w.coordinator_a).await;
        let scans = format!("/organisations/{}/scan", w.school_a);
        co.get(&scans).await.expect(200);
        let resp = co.post(&scans, &[("partner", "98765432")]).await;
        let scan = id_in(&resp, "/learning/scans/");
        let page = format!("/learning/scans/{scan}");
        // Half-way: three answers, saved as a draft.
        co.post(
            &page,
            &[
                ("score_goals", "4"),
                ("score_steering", "2"),
                ("score_time", "1"),
            ],
        )
        .await
        .expect_redirect(&page);
        let draft = co.get(&page).await;
        draft
            .expect(200)
            .expect_text("concept")
            .expect_text("id=\"score_steering-2\" name=\"score_steering\" value=\"2\" checked");
        // Completing with answers missing: refused, the answers kept.
        co.post(&page, &[("score_goals", "4"), ("complete", "1")])
            .await
            .expect(422)
            .expect_text("Beantwoord deze uitspraak");
        // Everything answered: the result, with suggestions for the weakest.
        let mut all: Vec<(String, String)> = brug_domain::learning::Theme::ALL
            .iter()
            .map(|t| (brug_app::learning::field_of(*t).to_owned(), "4".to_owned()))
            .collect();
        all.retain(|(f, _)| f != "score_steering" && f != "score_time");
        all.push(("score_steering".into(), "2".into()));
        all.push(("score_time".into(), "1".into()));
        all.push(("complete".into(), "1".into()));
        let fields: Vec<(&str, &str)> = all.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        co.post(&page, &fields).await.expect_redirect(&page);
        let result = co.get(&page).await;
        result
            .expect(200)
            .expect_text("<svg")
            .expect_text("id=\"weak-time\"")
            .expect_text("id=\"weak-steering\"")
            // The Handreiking's opportunity for steering, in Brug's words.
            .expect_text("Wijs per casus een regievoerder aan");
        // A completed scan cannot be changed.
        co.post(&page, &[("score_goals", "5")]).await.expect(409);

        // The next scan compares with this one.
        let resp = co.post(&scans, &[("partner", "98765432")]).await;
        let second = id_in(&resp, "/learning/scans/");
        let mut better = fields.clone();
        better.retain(|(f, _)| *f != "score_time");
        better.push(("score_time", "3"));
        co.post(&format!("/learning/scans/{second}"), &better)
            .await
            .expect(303);
        let compared = co.get(&format!("/learning/scans/{second}")).await;
        compared.expect(200).expect_text("+2");

        // Someone of another school cannot see it.
        let mut other = signed_in(&t, &w.coordinator_b).await;
        other.get(&page).await.expect(404);
        other.get(&scans).await.expect(403);
    }
);

db_test!(
    async fn a_home_sitters_case_shows_lessons_on_steering(db: TestDb) {
        let (t, w, _) = setup(db).await;
        let mut co = signed_in(&t, &w.coordinator_a).await;
        let case = format!("/cases/{}", w.case_p10);
        // P10's case has stalled: lessons on structure, none on steering yet.
        co.get(&case)
            .await
            .expect(200)
            .expect_text("Lessen uit het lerend netwerk")
            .expect_text("Een vaste contactpersoon jeugdhulp per school")
            .expect_no_text("Wijs per casus een regievoerder aan");
        co.post(
            &format!("{case}/attendance"),
            &[
                ("status", "thuiszitter"),
                ("since", "01-10-2026"),
                ("note", ""),
            ],
        )
        .await
        .expect(303);
        co.get(&case)
            .await
            .expect(200)
            .expect_text("Lessen uit het lerend netwerk")
            // Seeded from the Handreiking, theme 3 (sturing op samenwerking).
            .expect_text("Wijs per casus een regievoerder aan");
        // The family does not get the list.
        let mut parent = signed_in(&t, &w.parent).await;
        parent
            .get(&case)
            .await
            .expect_no_text("Lessen uit het lerend netwerk");
    }
);

/// The id of a glossary term by its name.
async fn term_id(t: &TestApp, term: &str) -> i64 {
    brug_store::learning::terms(&t.db)
        .await
        .expect("terms")
        .into_iter()
        .find(|r| r.term == term)
        .map(|r| r.id)
        .expect("the term")
}

db_test!(
    async fn glossary_terms_are_linked_in_a_real_plan_and_markup_stays_inert(db: TestDb) {
        let (t, w, _) = setup(db).await;
        let mut co = signed_in(&t, &w.coordinator_a).await;
        let case = w.case_p10;
        let opp = term_id(&t, "OPP").await;
        let regie = term_id(&t, "Regievoerder").await;
        let text = "Het opp wordt herzien. <script>alert('OPP')</script> De regievoerders en de Regievoerder overleggen.";
        co.post(
            &format!("/cases/{case}/plan/strengths"),
            &[("body", text), ("version", "0")],
        )
        .await
        .expect(303);
        let opp_link = format!(
            "<a class=\"utrecht-link brug-term\" href=\"/learning/glossary#term-{opp}\" title=\"In het onderwijs: Ontwikkelingsperspectiefplan"
        );
        let regie_link =
            format!("<a class=\"utrecht-link brug-term\" href=\"/learning/glossary#term-{regie}\"");
        let before = t.pupil_events(w.p10).await.1;
        for path in [format!("/cases/{case}"), format!("/cases/{case}/print")] {
            let page = co.get(&path).await;
            page.expect(200);
            // The first "opp" (case-insensitive) is the link, as written.
            assert!(page.body.contains(&opp_link), "{path}");
            assert!(
                page.body
                    .contains("Het <a class=\"utrecht-link brug-term\""),
                "{path}"
            );
            assert!(page.body.contains(">opp</a> wordt herzien"), "{path}");
            // "regievoerders" is another word: the whole word "Regievoerder" is linked.
            assert!(page.body.contains("De regievoerders en de "), "{path}");
            assert!(page.body.contains(&regie_link), "{path}");
            assert!(page.body.contains(">Regievoerder</a> overleggen"), "{path}");
            // The text's markup stays text.
            assert!(
                !page.body.contains("<script>alert"),
                "{path} runs the script"
            );
            assert!(
                page.body
                    .contains("&lt;script&gt;alert(&#39;OPP&#39;)&lt;/script&gt;"),
                "{path}"
            );
        }
        // Both reads of the plan are still logged for the pupil.
        assert!(t.pupil_events(w.p10).await.1 >= before + 2);
        // The link leads to the entry with both meanings.
        co.get(&format!("/learning/glossary#term-{opp}"))
            .await
            .expect(200)
            .expect_text(&format!("id=\"term-{opp}\""))
            .expect_text("In de jeugdhulp");
        t.assert_audit_intact().await;
    }
);

db_test!(
    async fn the_worlds_network_as_its_people_see_it(db: TestDb) {
        let t = TestApp::start(db).await;
        let w = World::build(&t).await;
        let l = w.learning;
        // A member reads the table: the approved story, without P10's name.
        let mut member = signed_in(&t, &w.coordinator_a).await;
        let table = member.get(&format!("/learning/sessions/{}", l.table)).await;
        table.expect(200).expect_text("id=\"story-text\"");
        let story = decoded(&table.body);
        assert!(
            !story.contains("Daan") && !story.contains("Vries"),
            "no names"
        );
        // Everyone signed in finds the story and the insight in the
        // knowledge base, but only members see where they come from.
        let mut outsider = signed_in(&t, &w.teacher_a).await;
        outsider
            .get("/learning/knowledge?q=vertrouwen")
            .await
            .expect(200)
            .expect_text(&format!("id=\"result-{}\"", l.insight));
        outsider
            .get("/learning/knowledge?kind=story")
            .await
            .expect(200)
            .expect_text(&format!("id=\"result-{}\"", l.story));
        outsider
            .get(&format!("/learning/networks/{}", l.network))
            .await
            .expect(404);
    }
);
