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

/// The row of a factsheet's data table: label and count.
fn count_row(label: &str, count: usize) -> String {
    format!(
        "<th class=\"utrecht-table__header-cell\" scope=\"row\">{label}</th><td class=\"utrecht-table__cell utrecht-table__cell--numeric\">{count}</td>"
    )
}

/// The part of a page from the element with `id` to the end of its table.
fn table(resp: &Resp, id: &str) -> String {
    let start = resp
        .body
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("table {id}"));
    let end = start + resp.body[start..].find("</table>").expect("end of table");
    resp.body[start..end].to_owned()
}

db_test!(
    async fn factsheets_of_a_project_and_a_theme_count_what_the_networks_learned(db: TestDb) {
        let (t, w, fac) = setup(db).await;
        let mut f = signed_in(&t, &fac).await;
        // A project, and a network within it.
        let resp = f
            .post(
                "/learning/projects",
                &[
                    ("project_name", "Samen op School"),
                    ("project_description", ""),
                ],
            )
            .await;
        let project = id_in(&resp, "/learning/projects/");
        f.post(
            "/learning/projects",
            &[
                ("project_name", "samen op school"),
                ("project_description", ""),
            ],
        )
        .await
        .expect(422)
        .expect_text("Er is al een project met deze naam.")
        .expect_text("value=\"samen op school\"");
        let resp = f
            .post(
                "/learning/networks",
                &[
                    ("kind", "community"),
                    ("name", "CoP De Regenboog"),
                    ("description", ""),
                    ("project", &project.to_string()),
                ],
            )
            .await;
        let network = id_in(&resp, "/learning/networks/");
        let resp = f
            .post(
                &format!("/learning/networks/{network}/sessions"),
                &[
                    ("kind", "case_transcending"),
                    ("title", "Tafel over regie"),
                    ("theme", "steering"),
                    ("held_on", "10-12-2026"),
                    ("guiding_question", ""),
                ],
            )
            .await;
        let session = id_in(&resp, "/learning/sessions/");
        let page = format!("/learning/sessions/{session}");
        for (kind, theme, level, body) in [
            (
                "success",
                "steering",
                "school",
                "Een vaste regievoerder per casus werkt.",
            ),
            (
                "success",
                "structure",
                "professional",
                "Een vast overlegmoment elke maand helpt.",
            ),
            (
                "success",
                "steering",
                "organisation",
                "Bestuurders spreken samen af wie de regie houdt.",
            ),
            (
                "hindering",
                "steering",
                "organisation",
                "Niemand voelt zich eigenaar van de regie.",
            ),
            (
                "lesson",
                "steering",
                "school",
                "Leg bij de start vast wie de regie voert.",
            ),
        ] {
            f.post(
                &format!("{page}/items"),
                &[
                    ("kind", kind),
                    ("theme", theme),
                    ("level", level),
                    ("sector", ""),
                    ("body", body),
                ],
            )
            .await
            .expect(303);
        }
        f.post(
            &format!("{page}/actions"),
            &[
                ("description", "Regie vastleggen in het ondersteuningsplan"),
                ("owner", "Fatima El Amrani"),
                ("organisation", "De Regenboog"),
                ("due_on", "01-03-2027"),
                ("theme", "steering"),
            ],
        )
        .await
        .expect(303);

        // What the data holds, counted here from the store.
        let items = brug_store::learning::search(
            &t.db,
            &brug_store::learning::ItemFilter {
                network_id: Some(network),
                limit: 100,
                ..Default::default()
            },
        )
        .await
        .expect("items");
        let count = |kind: &str, theme: Option<&str>, level: Option<&str>| {
            items
                .iter()
                .filter(|i| {
                    i.kind == kind
                        && theme.is_none_or(|t| i.theme.as_deref() == Some(t))
                        && level.is_none_or(|l| i.level.as_deref() == Some(l))
                })
                .count()
        };
        assert_eq!(count("success", Some("steering"), None), 2);

        // Everyone signed in sees the project and its factsheet.
        let mut co = signed_in(&t, &w.coordinator_b).await;
        co.get(&format!("/learning/projects/{project}"))
            .await
            .expect(200)
            .expect_text("CoP De Regenboog")
            .expect_text(&format!("/learning/projects/{project}/factsheet"));
        let sheet = co
            .get(&format!("/learning/projects/{project}/factsheet"))
            .await;
        sheet
            .expect(200)
            .expect_text("Factsheet: Samen op School")
            .expect_text("<svg")
            .expect_text("id=\"figure-networks\">1</dd>")
            .expect_text("id=\"figure-sessions\">1</dd>")
            .expect_text("Leg bij de start vast wie de regie voert.")
            .expect_text("Regie vastleggen in het ondersteuningsplan")
            // No owner's name outside the network itself.
            .expect_no_text("Fatima El Amrani");
        let success = table(&sheet, "table-success-theme");
        assert!(
            success.contains(&count_row(
                "3. Sturing op samenwerking",
                count("success", Some("steering"), None)
            )),
            "{success}"
        );
        assert!(
            success.contains(&count_row(
                "4. Werkbare samenwerkingsstructuur",
                count("success", Some("structure"), None)
            )),
            "{success}"
        );
        let hindering = table(&sheet, "table-hindering-theme");
        assert!(
            hindering.contains(&count_row(
                "3. Sturing op samenwerking",
                count("hindering", Some("steering"), None)
            )),
            "{hindering}"
        );
        let by_level = table(&sheet, "table-success-level");
        for (code, label) in [
            ("organisation", "Organisatie"),
            ("school", "School"),
            ("professional", "Professional"),
        ] {
            assert!(
                by_level.contains(&count_row(label, count("success", None, Some(code)))),
                "{label}: {by_level}"
            );
        }

        // The theme's factsheet counts the networks' items only, not the
        // Handreiking's seeded bottleneck and opportunity of the theme.
        let sheet = co.get("/learning/themes/steering/factsheet").await;
        sheet
            .expect(200)
            .expect_text("Factsheet: 3. Sturing op samenwerking");
        assert!(
            table(&sheet, "table-success-theme")
                .contains(&count_row("3. Sturing op samenwerking", 2))
        );
        assert!(
            table(&sheet, "table-hindering-theme")
                .contains(&count_row("3. Sturing op samenwerking", 1))
        );
        co.get("/learning/themes/steering")
            .await
            .expect(200)
            .expect_text("/learning/themes/steering/factsheet");
        co.get("/learning/themes/nonsense/factsheet")
            .await
            .expect(404);

        // The network's own factsheet names the owner (members only).
        f.get(&format!("/learning/networks/{network}/factsheet"))
            .await
            .expect(200)
            .expect_text("Fatima El Amrani (De Regenboog)");
        t.assert_audit_intact().await;
    }
);

db_test!(
    async fn the_facilitator_edits_and_removes_and_others_are_refused(db: TestDb) {
        let (t, w, fac) = setup(db).await;
        let mut f = signed_in(&t, &fac).await;
        let network = network_with_members(&t, &w, &mut f).await;
        let resp = f
            .post(
                &format!("/learning/networks/{network}/sessions"),
                &[
                    ("kind", "case_transcending"),
                    ("title", "Tafel over regie"),
                    ("theme", "steering"),
                    ("held_on", "10-12-2026"),
                    ("guiding_question", ""),
                ],
            )
            .await;
        let session = id_in(&resp, "/learning/sessions/");
        let page = format!("/learning/sessions/{session}");
        for body in [
            "Een vaste regievoerder per casus werkt.",
            "Korte lijnen tussen school en wijkteam.",
        ] {
            f.post(
                &format!("{page}/items"),
                &[
                    ("kind", "success"),
                    ("theme", "steering"),
                    ("level", "school"),
                    ("sector", ""),
                    ("body", body),
                ],
            )
            .await
            .expect(303);
        }
        let items = brug_store::learning::search(
            &t.db,
            &brug_store::learning::ItemFilter {
                network_id: Some(network),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .expect("items");
        let item = items
            .iter()
            .find(|i| i.body.starts_with("Een vaste"))
            .expect("item")
            .id;
        let edit = format!("/learning/items/{item}/edit");
        f.get(&page)
            .await
            .expect(200)
            .expect_text(&format!("href=\"{edit}\""));

        // Bad input keeps what was typed; the same text as another item is refused.
        f.post(
            &edit,
            &[
                ("kind", "lesson"),
                ("theme", "steering"),
                ("level", "school"),
                ("sector", ""),
                ("body", "kort"),
            ],
        )
        .await
        .expect(422)
        .expect_text("value=\"lesson\" selected")
        .expect_text(">kort</textarea>");
        f.post(
            &edit,
            &[
                ("kind", "success"),
                ("theme", "steering"),
                ("level", "school"),
                ("sector", ""),
                ("body", "korte lijnen tussen School en wijkteam!"),
            ],
        )
        .await
        .expect(422)
        .expect_text("staat al in de kennisbank");
        // The edit shows, is found by search, and is audited.
        f.post(
            &edit,
            &[
                ("kind", "lesson"),
                ("theme", "structure"),
                ("level", "professional"),
                ("sector", "PO"),
                ("body", "Wijs bij elke thuiszitter een regievoerder aan."),
            ],
        )
        .await
        .expect_redirect(&format!("{page}#item-{item}"));
        f.get(&page)
            .await
            .expect(200)
            .expect_text("Wijs bij elke ")
            .expect_no_text("Een vaste regievoerder per casus werkt.");
        f.get("/learning/knowledge?q=thuiszitters")
            .await
            .expect(200)
            .expect_text(&format!("id=\"result-{item}\""));
        f.get("/learning/knowledge?q=casus+vaste")
            .await
            .expect(200)
            .expect_no_text(&format!("id=\"result-{item}\""));
        let audited = |action: brug_domain::audit::AuditAction,
                       outcome: brug_domain::audit::Outcome,
                       who: i64,
                       resource: &'static str,
                       id: i64| {
            let t = &t;
            async move {
                t.audit(AuditQuery {
                    actor_user: Some(who),
                    limit: 100,
                    ..AuditQuery::default()
                })
                .await
                .0
                .iter()
                .any(|e| {
                    e.event.action == action
                        && e.event.outcome == outcome
                        && e.event.resource_type == resource
                        && e.event.resource_id == Some(id.to_string())
                })
            }
        };
        use brug_domain::audit::{AuditAction as A, Outcome as O};
        assert!(audited(A::Update, O::Allowed, fac.id, "learning_item", item).await);

        // Someone who does not run the network is refused, as "not found";
        // nothing changes and the refusal is logged.
        let mut co = signed_in(&t, &w.coordinator_a).await; // a member, not the facilitator
        co.get(&edit).await.expect(404);
        co.post(
            &edit,
            &[
                ("kind", "success"),
                ("theme", "steering"),
                ("level", "school"),
                ("sector", ""),
                ("body", "Iets heel anders dan eerst."),
            ],
        )
        .await
        .expect(404);
        co.post(
            &format!("/learning/items/{item}/remove"),
            &[("confirm", "1")],
        )
        .await
        .expect(404);
        assert_eq!(
            brug_store::learning::item(&t.db, item)
                .await
                .expect("item")
                .expect("still there")
                .body,
            "Wijs bij elke thuiszitter een regievoerder aan."
        );
        assert!(
            audited(
                A::Update,
                O::Denied,
                w.coordinator_a.id,
                "learning_item",
                item
            )
            .await
        );
        assert!(
            audited(
                A::Delete,
                O::Denied,
                w.coordinator_a.id,
                "learning_item",
                item
            )
            .await
        );

        // Removing needs the box ticked; then it is gone and audited.
        f.post(&format!("/learning/items/{item}/remove"), &[])
            .await
            .expect(422)
            .expect_text("Vink aan dat u dit zeker wilt verwijderen.");
        assert!(
            brug_store::learning::item(&t.db, item)
                .await
                .expect("item")
                .is_some()
        );
        f.post(
            &format!("/learning/items/{item}/remove"),
            &[("confirm", "1")],
        )
        .await
        .expect_redirect(&format!("{page}#insights"));
        assert!(
            brug_store::learning::item(&t.db, item)
                .await
                .expect("item")
                .is_none()
        );
        f.get("/learning/knowledge?q=thuiszitters")
            .await
            .expect_no_text(&format!("id=\"result-{item}\""));
        assert!(audited(A::Delete, O::Allowed, fac.id, "learning_item", item).await);

        // An action: edited (what was typed kept on a bad date), then removed.
        f.post(
            &format!("{page}/actions"),
            &[
                ("description", "Regie vastleggen"),
                ("owner", "Fatima El Amrani"),
                ("organisation", "De Regenboog"),
                ("due_on", "01-03-2027"),
                ("theme", ""),
            ],
        )
        .await
        .expect(303);
        let action = brug_store::learning::actions(&t.db, network)
            .await
            .expect("actions")[0]
            .id;
        let edit = format!("/learning/actions/{action}/edit");
        f.get(&edit)
            .await
            .expect(200)
            .expect_text("value=\"01-03-2027\"");
        f.post(
            &edit,
            &[
                ("description", "Regie vastleggen in het plan"),
                ("owner", "Emma Willems"),
                ("organisation", "Jeugdhulp Midden"),
                ("due_on", "31-02-2027"),
                ("theme", ""),
            ],
        )
        .await
        .expect(422)
        .expect_text("value=\"Emma Willems\"");
        f.post(
            &edit,
            &[
                ("description", "Regie vastleggen in het plan"),
                ("owner", "Emma Willems"),
                ("organisation", "Jeugdhulp Midden"),
                ("due_on", "01-04-2027"),
                ("theme", "steering"),
            ],
        )
        .await
        .expect(303);
        f.get(&format!("/learning/networks/{network}"))
            .await
            .expect_text("Regie vastleggen in het plan")
            .expect_text("Emma Willems (Jeugdhulp Midden)")
            .expect_text("01-04-2027");
        co.post(
            &edit,
            &[
                ("description", "x"),
                ("owner", "x"),
                ("organisation", "x"),
                ("due_on", "01-04-2027"),
                ("theme", ""),
            ],
        )
        .await
        .expect(404);
        f.post(
            &format!("/learning/actions/{action}/remove"),
            &[("confirm", "1")],
        )
        .await
        .expect_redirect(&format!("/learning/networks/{network}#actions"));
        assert!(
            brug_store::learning::actions(&t.db, network)
                .await
                .expect("actions")
                .is_empty()
        );
        assert!(audited(A::Update, O::Allowed, fac.id, "learning_action", action).await);
        assert!(audited(A::Delete, O::Allowed, fac.id, "learning_action", action).await);

        // The network: renamed; removing one with sessions archives it.
        f.post(
            &format!("/learning/networks/{network}/edit"),
            &[
                ("kind", "network"),
                ("name", ""),
                ("description", ""),
                ("project", ""),
            ],
        )
        .await
        .expect(422);
        f.post(
            &format!("/learning/networks/{network}/edit"),
            &[
                ("kind", "network"),
                ("name", "Leernetwerk Utrecht-West"),
                ("description", "Vier keer per jaar."),
                ("project", ""),
            ],
        )
        .await
        .expect_redirect(&format!("/learning/networks/{network}"));
        co.post(
            &format!("/learning/networks/{network}/remove"),
            &[("confirm", "1")],
        )
        .await
        .expect(404);
        f.post(
            &format!("/learning/networks/{network}/remove"),
            &[("confirm", "1")],
        )
        .await
        .expect_redirect(&format!("/learning/networks/{network}"));
        f.get(&format!("/learning/networks/{network}"))
            .await
            .expect(200)
            .expect_text("Leernetwerk Utrecht-West")
            .expect_text("id=\"network-archived\"")
            .expect_no_text("id=\"session-form\"");
        f.post(
            &format!("/learning/networks/{network}/sessions"),
            &[
                ("kind", "case_transcending"),
                ("title", "Nog een tafel"),
                ("theme", "steering"),
                ("held_on", "10-01-2027"),
                ("guiding_question", ""),
            ],
        )
        .await
        .expect(409);
        // What it learned stays in the knowledge base.
        f.get("/learning/knowledge?q=korte+lijnen")
            .await
            .expect_text("Korte lijnen tussen school en wijkteam.");
        // A network without sessions is deleted.
        let resp = f
            .post(
                "/learning/networks",
                &[
                    ("kind", "network"),
                    ("name", "Proefnetwerk"),
                    ("description", ""),
                ],
            )
            .await;
        let empty = id_in(&resp, "/learning/networks/");
        f.post(
            &format!("/learning/networks/{empty}/remove"),
            &[("confirm", "1")],
        )
        .await
        .expect_redirect("/learning");
        f.get(&format!("/learning/networks/{empty}"))
            .await
            .expect(404);
        assert!(audited(A::Delete, O::Allowed, fac.id, "learning_network", empty).await);
        t.assert_audit_intact().await;
    }
);

db_test!(
    async fn a_term_is_edited_by_its_proposer_and_removing_it_unlinks_it(db: TestDb) {
        let (t, w, fac) = setup(db).await;
        let mut co = signed_in(&t, &w.coordinator_a).await;
        co.post(
            "/learning/glossary",
            &[
                ("term", "Zorgplicht"),
                (
                    "education",
                    "De plicht van de school om passend onderwijs te bieden.",
                ),
                ("youth_care", "Niet in gebruik."),
                ("equivalents", ""),
            ],
        )
        .await
        .expect(303);
        let term = term_id(&t, "Zorgplicht").await;
        let edit = format!("/learning/glossary/{term}/edit");
        co.get("/learning/glossary")
            .await
            .expect_text(&format!("href=\"{edit}\""));
        // A plan text with the term links it.
        let case = w.case_p10;
        co.post(
            &format!("/cases/{case}/plan/strengths"),
            &[
                ("body", "De zorgplicht ligt bij de school."),
                ("version", "0"),
            ],
        )
        .await
        .expect(303);
        co.get(&format!("/cases/{case}"))
            .await
            .expect_text(&format!("href=\"/learning/glossary#term-{term}\""));

        // Another professional may not edit it (403, logged) nor see the link.
        let mut cw = signed_in(&t, &w.care_worker_1).await;
        cw.get("/learning/glossary")
            .await
            .expect(200)
            .expect_no_text(&format!("href=\"{edit}\""));
        cw.post(
            &edit,
            &[
                ("term", "Zorgplicht"),
                ("education", "Anders."),
                ("youth_care", "Anders."),
                ("equivalents", ""),
            ],
        )
        .await
        .expect(403);
        cw.post(
            &format!("/learning/glossary/{term}/remove"),
            &[("confirm", "1")],
        )
        .await
        .expect(403);
        // The proposer edits it: a name already in the glossary is refused.
        co.post(
            &edit,
            &[
                ("term", "opp"),
                ("education", "x"),
                ("youth_care", "y"),
                ("equivalents", ""),
            ],
        )
        .await
        .expect(422)
        .expect_text("Dit begrip staat al in de gedeelde taal.")
        .expect_text("value=\"opp\"");
        co.post(
            &edit,
            &[
                ("term", "Zorgplicht"),
                (
                    "education",
                    "De school biedt elke leerling een passende plek.",
                ),
                ("youth_care", "Niet in gebruik."),
                ("equivalents", "passend onderwijs"),
            ],
        )
        .await
        .expect_redirect(&format!("/learning/glossary#term-{term}"));
        // A facilitator may too.
        let mut f = signed_in(&t, &fac).await;
        f.get(&edit).await.expect(200);
        co.get(&format!("/cases/{case}")).await.expect_text(
            "title=\"In het onderwijs: De school biedt elke leerling een passende plek.",
        );
        // Removing it unlinks it everywhere.
        co.post(&format!("/learning/glossary/{term}/remove"), &[])
            .await
            .expect(422)
            .expect_text("Vink aan");
        co.post(
            &format!("/learning/glossary/{term}/remove"),
            &[("confirm", "1")],
        )
        .await
        .expect_redirect("/learning/glossary");
        co.get(&format!("/cases/{case}"))
            .await
            .expect(200)
            .expect_text("De zorgplicht ligt bij de school.")
            .expect_no_text(&format!("#term-{term}\""));
        let (events, _) = t
            .audit(AuditQuery {
                limit: 200,
                ..AuditQuery::default()
            })
            .await;
        let has = |actor: i64,
                   action: brug_domain::audit::AuditAction,
                   outcome: brug_domain::audit::Outcome| {
            events.iter().any(|e| {
                e.event.resource_type == "learning_term"
                    && e.event.resource_id == Some(term.to_string())
                    && e.event.actor.user.map(|u| u.0) == Some(actor)
                    && e.event.action == action
                    && e.event.outcome == outcome
            })
        };
        use brug_domain::audit::{AuditAction as A, Outcome as O};
        assert!(has(w.coordinator_a.id, A::Update, O::Allowed));
        assert!(has(w.coordinator_a.id, A::Delete, O::Allowed));
        assert!(has(w.care_worker_1.id, A::Update, O::Denied));
        t.assert_audit_intact().await;
    }
);

db_test!(
    async fn an_action_past_its_due_date_is_marked_on_the_network_page(db: TestDb) {
        let t = TestApp::start(db).await;
        let w = World::build(&t).await;
        let l = w.learning;
        let mut member = signed_in(&t, &w.coordinator_a).await;
        let path = format!("/learning/networks/{}", l.network);
        let row = |body: &str| -> String {
            let start = body
                .find(&format!("id=\"action-{}\"", l.action))
                .expect("the action's row");
            let end = body[start..].find("</tr>").expect("end of row") + start;
            body[start..end].to_owned()
        };
        // Due in 30 days: not marked.
        let page = member.get(&path).await;
        page.expect(200);
        assert!(!row(&page.body).contains("te laat"), "{}", row(&page.body));
        // 31 days later, still open: marked, in words.
        t.clock.advance(time::Duration::days(31));
        let mut member = signed_in(&t, &w.coordinator_a).await;
        let page = member.get(&path).await;
        page.expect(200);
        assert!(row(&page.body).contains("te laat"), "{}", row(&page.body));
    }
);
