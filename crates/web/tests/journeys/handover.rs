//! S5: the social map, the handover of a plan between two schools with the
//! family's consent, and the school's list exports.

use brug_store::network::{self as network_store, NewHandover};
use brug_test_support::db_test;
use time::macros::date;

use crate::support::{Client, PASSWORD, TestApp, World};

/// Handovers of P10's case from school A to school B for the access matrix:
/// one prepared (nothing asked yet), one cancelled (every step refused).
pub struct HandoverIds {
    pub prepared: i64,
    pub cancelled: i64,
}

pub async fn fixture(t: &TestApp, w: &World) -> HandoverIds {
    let now = t.ts();
    let mut tx = t.db.begin().await.expect("begin");
    let new = NewHandover {
        case_id: w.case_p10,
        pupil_id: w.p10,
        from_school_id: w.school_a,
        to_school_id: w.school_b,
        transition: "within_sector".into(),
        moves_on: date!(2027 - 08 - 20),
        sections: String::new(),
        goal_ids: String::new(),
        what_worked: "Een vaste plek in de klas en een dagplanning op tafel.".into(),
        what_did_not: String::new(),
        prepared_by_user_id: Some(w.coordinator_a.id),
        prepared_by_name: w.coordinator_a.name.clone(),
    };
    let cancelled = network_store::insert_handover(&mut tx, &new, now)
        .await
        .expect("handover");
    assert!(
        network_store::move_stage(&mut tx, cancelled, "prepared", "cancelled", now)
            .await
            .expect("cancel")
    );
    let prepared = network_store::insert_handover(&mut tx, &new, now)
        .await
        .expect("handover");
    tx.commit().await.expect("commit");
    HandoverIds {
        prepared,
        cancelled,
    }
}

async fn signed_in<'a>(t: &'a TestApp, email: &str) -> Client<'a> {
    let mut client = t.client();
    client.login(email, PASSWORD).await;
    client
}

const WORKED: &str = "Een vaste plek in de klas en een dagplanning op tafel.";
const DID_NOT: &str = "Lange instructies voor de hele groep.";

/// Coordinator A prepares a handover of P10's case to school B; returns its id.
async fn prepare(ib: &mut Client<'_>, w: &World) -> i64 {
    ib.get(&format!("/cases/{}/handovers/new", w.case_p10))
        .await
        .expect(200)
        .expect_text("Overdracht van Daan de Vries voorbereiden");
    let resp = ib
        .post(
            &format!("/cases/{}/handovers", w.case_p10),
            &[
                ("to_brin", "20bb"),
                ("moves_on", "20-08-2027"),
                ("what_worked", WORKED),
                ("what_did_not", DID_NOT),
            ],
        )
        .await;
    resp.expect(303);
    resp.location()
        .expect("handover page")
        .trim_start_matches("/handovers/")
        .parse()
        .expect("handover id")
}

db_test!(
    async fn a_handover_goes_from_school_to_school_with_the_familys_consent(db: TestDb) {
        let t = TestApp::start(db).await;
        let w = World::build(&t).await;
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        let mut kompas = signed_in(&t, &w.coordinator_b.email).await;
        let mut parent = signed_in(&t, &w.parent.email).await;
        let incoming = format!("/schools/{}/handovers", w.school_b);

        // The case page leads the lead to it; not the family.
        let case_page = format!("/cases/{}", w.case_p10);
        ib.get(&case_page)
            .await
            .expect(200)
            .expect_text("id=\"handover-link\"");
        parent
            .get(&case_page)
            .await
            .expect(200)
            .expect_no_text("id=\"handover-link\"");
        let id = prepare(&mut ib, &w).await;
        let page = format!("/handovers/{id}");
        ib.get(&page)
            .await
            .expect(200)
            .expect_text("Overdracht van Daan de Vries naar Het Kompas")
            .expect_text("De overdracht is voorbereid.")
            .expect_text("Voorbereid</span>")
            .expect_text(WORKED)
            .expect_text(DID_NOT);
        ib.get(&case_page)
            .await
            .expect_text(&format!("href=\"/handovers/{id}\""))
            .expect_text("Overdracht naar Het Kompas");
        // The receiving school sees nothing: not the page, not the notice.
        kompas.get(&page).await.expect(404);
        kompas
            .get(&incoming)
            .await
            .expect(200)
            .expect_text("Er wachten geen overdrachten op uw school.")
            .expect_no_text("Daan");
        // Not without the family's consent.
        ib.post(&format!("{page}/send"), &[])
            .await
            .expect(422)
            .expect_text("Eerst is toestemming van de familie nodig.");

        ib.post(&format!("{page}/consent"), &[])
            .await
            .expect_redirect(&page);
        ib.get(&page)
            .await
            .expect(200)
            .expect_text("Wacht op toestemming")
            .expect_text("Wacht op het antwoord van de familie.");
        // The selection is fixed now.
        ib.post(
            &page,
            &[
                ("moves_on", "21-08-2027"),
                ("what_worked", "iets anders"),
                ("version", "1"),
            ],
        )
        .await
        .expect(422)
        .expect_text("De keuze ligt vast");

        // The parent answers in her own consent page, and sees what goes along.
        parent
            .get(&page)
            .await
            .expect(200)
            .expect_text(WORKED)
            .expect_text("De school vraagt uw toestemming");
        let consent_page = format!("/pupils/{}/consent", w.p10);
        parent
            .get(&consent_page)
            .await
            .expect(200)
            .expect_text("Overdracht van het plan naar Het Kompas");
        let request = brug_store::consent::requests_of_case(&t.db, w.case_p10)
            .await
            .expect("requests")
            .into_iter()
            .find(|r| r.status == "pending" && r.recipient_org_id == Some(w.school_b))
            .expect("the handover's request")
            .id;
        parent
            .post(
                &format!("/pupils/{}/consent/requests/{request}", w.p10),
                &[("answer", "yes")],
            )
            .await
            .expect_redirect(&consent_page);
        ib.get(&page)
            .await
            .expect(200)
            .expect_text("Toestemming gegeven");
        kompas.get(&incoming).await.expect_no_text("Daan");

        ib.post(&format!("{page}/send"), &[])
            .await
            .expect_redirect(&page);
        ib.get(&page).await.expect(200).expect_text("Verstuurd");
        // Sent: school B sees the notice (name and birth date), not the content.
        kompas
            .get(&incoming)
            .await
            .expect(200)
            .expect_text("Daan de Vries")
            .expect_text("15-01-2016")
            .expect_text(&format!("id=\"accept-{id}\""))
            .expect_no_text(WORKED);
        kompas.get(&page).await.expect(404);
        kompas
            .get(&format!("/cases/{}", w.case_p10))
            .await
            .expect(404);

        kompas
            .post(&format!("{page}/accept"), &[("back", incoming.as_str())])
            .await
            .expect_redirect(&page);
        kompas
            .get(&page)
            .await
            .expect(200)
            .expect_text("U heeft de overdracht geaccepteerd.")
            .expect_text("Ontvangen")
            .expect_text(WORKED)
            .expect_text(DID_NOT);
        // The case continues at school B, its history visible, led by B.
        let case = brug_store::cases::case(&t.db, w.case_p10)
            .await
            .expect("case")
            .expect("exists");
        assert_eq!(case.school_id, w.school_b);
        kompas
            .get(&format!("/cases/{}", w.case_p10))
            .await
            .expect(200);
        let seats = |members: &[brug_store::cases::MemberRow]| {
            members
                .iter()
                .filter(|m| m.user_id == Some(w.coordinator_b.id))
                .count()
        };
        let members = brug_store::cases::members(&t.db, w.case_p10)
            .await
            .expect("members");
        assert_eq!(seats(&members), 1);
        assert!(members[0].is_lead && members[0].user_id == Some(w.coordinator_b.id));

        // Accepted twice (a second click, a colleague): a clear message,
        // nothing done twice.
        let events = t.audit_count().await;
        kompas
            .post(&format!("{page}/accept"), &[("back", incoming.as_str())])
            .await
            .expect_redirect(&page);
        kompas
            .get(&page)
            .await
            .expect(200)
            .expect_text("Deze overdracht is al geaccepteerd. Er is niets dubbel gedaan.");
        let members = brug_store::cases::members(&t.db, w.case_p10)
            .await
            .expect("members");
        assert_eq!(seats(&members), 1);
        assert!(t.audit_count().await > events, "the refused step is logged");

        // The warm handover: planned, then held.
        kompas
            .post(
                &format!("{page}/meeting"),
                &[("meeting_on", "01-12-2026"), ("participants", "")],
            )
            .await
            .expect(422);
        kompas
            .post(
                &format!("{page}/meeting"),
                &[
                    ("meeting_on", "25-11-2026"),
                    ("participants", "beide intern begeleiders en Emma Willems"),
                ],
            )
            .await
            .expect_redirect(&page);
        kompas
            .post(
                &format!("{page}/meeting-held"),
                &[("held_on", "25-11-2026")],
            )
            .await
            .expect_redirect(&page);
        kompas
            .get(&page)
            .await
            .expect(200)
            .expect_text("Warme overdracht gehouden")
            .expect_text("gehouden op 25-11-2026");
        ib.get(&format!("/schools/{}/handovers", w.school_a))
            .await
            .expect(200)
            .expect_text("Warme overdracht gehouden")
            .expect_text("naar Het Kompas");
        t.assert_audit_intact().await;
    }
);

db_test!(
    async fn a_handover_to_a_school_not_in_brug_invites_it(db: TestDb) {
        let t = TestApp::start(db).await;
        let w = World::build(&t).await;
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        let form = format!("/cases/{}/handovers", w.case_p10);
        let unknown = [
            ("to_brin", "30CC"),
            ("moves_on", "20-08-2027"),
            ("what_worked", WORKED),
            ("invite_name", ""),
            ("invite_email", ""),
            ("to_sector", ""),
        ];
        ib.post(&form, &unknown)
            .await
            .expect(422)
            .expect_text("Deze school staat nog niet in Brug. Vul de naam van de school in")
            .expect_text(WORKED);
        // Its own school, or a code that is no BRIN: clear messages.
        ib.post(
            &form,
            &[
                ("to_brin", "10AA"),
                ("moves_on", "20-08-2027"),
                ("what_worked", WORKED),
            ],
        )
        .await
        .expect(422)
        .expect_text("Dit is de eigen school van de leerling.");
        let resp = ib
            .post(
                &form,
                &[
                    ("to_brin", "30CC"),
                    ("moves_on", "20-08-2027"),
                    ("what_worked", WORKED),
                    ("invite_name", "Het Baken"),
                    ("invite_email", "zorg@baken.example"),
                    ("to_sector", "VSO"),
                ],
            )
            .await;
        resp.expect(303);
        let school = brug_store::registry::organisation_by_code(&t.db, "30CC")
            .await
            .expect("lookup")
            .expect("the invited school is in the registry");
        assert_eq!(school.name, "Het Baken");
        let invitations = network_store::invitations_of_org(&t.db, school.id)
            .await
            .expect("invitations");
        assert_eq!(invitations.len(), 1);
        assert_eq!(invitations[0].contact_email, "zorg@baken.example");
        ib.get(resp.location().expect("page"))
            .await
            .expect(200)
            .expect_text("Het Baken")
            .expect_text("Basisonderwijs naar voortgezet onderwijs");
        // One handover at a time per case.
        ib.post(
            &form,
            &[
                ("to_brin", "20BB"),
                ("moves_on", "20-08-2027"),
                ("what_worked", WORKED),
            ],
        )
        .await
        .expect(422)
        .expect_text("Voor dit traject loopt al een overdracht.");
    }
);

db_test!(
    async fn the_social_map_shows_the_providers_derived_from_the_case_teams(db: TestDb) {
        let t = TestApp::start(db).await;
        let w = World::build(&t).await;
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        let map = format!("/organisations/{}/network", w.school_a);
        // Reachable from the start page and the school's page.
        ib.get("/start")
            .await
            .expect(200)
            .expect_text(&format!("href=\"{map}\""))
            .expect_text("Sociale kaart");
        ib.get(&format!("/organisations/{}", w.school_a))
            .await
            .expect(200)
            .expect_text(&format!("href=\"{map}\""))
            .expect_text(&format!("href=\"/schools/{}/handovers\"", w.school_a));
        let first = ib.get(&map).await;
        first
            .expect(200)
            .expect_text("Sociale kaart van De Regenboog")
            .expect_text("Er zijn nog geen vaste contactpersonen vastgelegd.");
        // Derived from the teams: care worker 1 of Jeugdhulp Samen in P10's
        // case; the leerplicht office is no care provider.
        let providers = |body: &str| {
            body.split("id=\"providers-count\">")
                .nth(1)
                .and_then(|r| r.split('<').next())
                .map(str::to_owned)
        };
        assert_eq!(providers(&first.body).as_deref(), Some("1"));
        first
            .expect_text(&format!("id=\"provider-{}\"", w.care_provider))
            .expect_text("Jeugdhulp Samen")
            .expect_text("Emma Willems &lt;emma@jeugdhulp.example&gt;")
            .expect_text("<dd id=\"pupils-with-support\">1</dd>")
            .expect_text("<dd id=\"per-hundred\">100,0</dd>")
            // School A teaches SO: the RENN4 reference is 12.
            .expect_text("gemiddeld 12 zorgaanbieders per school")
            .expect_no_text("Leerplicht Utrecht");

        // Fixed contacts and the consultation structure; bad input kept.
        ib.post(
            &format!("{map}/contacts"),
            &[
                ("kind", "youth_care"),
                ("name", "Emma Willems"),
                ("org_code", "99999999"),
                ("email", "emma@jeugdhulp"),
            ],
        )
        .await
        .expect(422)
        .expect_text("value=\"Emma Willems\"");
        ib.post(
            &format!("{map}/contacts"),
            &[
                ("kind", "youth_care"),
                ("name", "Emma Willems"),
                ("org_code", "98765432"),
                ("phone", "030-1234567"),
                ("email", "emma@jeugdhulp.example"),
            ],
        )
        .await
        .expect_redirect(&map);
        ib.post(
            &format!("{map}/contacts"),
            &[
                ("kind", "wijkteam"),
                ("name", "Wijkteam Zuilen"),
                ("phone", "030-7654321"),
            ],
        )
        .await
        .expect_redirect(&map);
        ib.post(
            &format!("{map}/consultations"),
            &[
                ("kind", "support_team"),
                ("name", "Ondersteuningsteam"),
                ("every_weeks", "0"),
                ("attendees", "IB, jeugdhulp, JGZ, leerplicht"),
            ],
        )
        .await
        .expect(422)
        .expect_text("Vul een aantal weken in van 1 tot en met 52.")
        .expect_text("value=\"IB, jeugdhulp, JGZ, leerplicht\"");
        ib.post(
            &format!("{map}/consultations"),
            &[
                ("kind", "support_team"),
                ("name", "Ondersteuningsteam"),
                ("every_weeks", "6"),
                ("attendees", "IB, jeugdhulp, JGZ, leerplicht"),
                ("next_on", "8-1-2027"),
            ],
        )
        .await
        .expect_redirect(&map);
        let page = ib.get(&map).await;
        page.expect(200)
            .expect_text("id=\"contact-youth_care\">Emma Willems · Jeugdhulp Samen · 030-1234567")
            .expect_text("id=\"contact-wijkteam\">Wijkteam Zuilen")
            .expect_text(
                "om de 6 weken · met IB, jeugdhulp, JGZ, leerplicht · volgende keer 08-01-2027",
            )
            .expect_text("vaste contactpersoon");
        // The teacher reads the map, does not edit it.
        let mut juf = signed_in(&t, &w.teacher_a.email).await;
        juf.get(&map)
            .await
            .expect(200)
            .expect_text("Ondersteuningsteam")
            .expect_no_text("id=\"contact-form\"");

        // The provider's mirror view: the schools it works at, its contacts there.
        let mut emma = signed_in(&t, &w.care_worker_1.email).await;
        emma.get(&format!("/organisations/{}/network", w.care_provider))
            .await
            .expect(200)
            .expect_text("Scholen van Jeugdhulp Samen")
            // Care worker 2 works in P_B's case at school B.
            .expect_text("Actief op 2 scholen")
            .expect_text(&format!("id=\"school-{}\"", w.school_a))
            .expect_text(&format!("id=\"school-{}\"", w.school_b))
            .expect_text("Fatima El Amrani &lt;ib@regenboog.example&gt;")
            .expect_text("Emma Willems (Jeugdhulp)");
    }
);

db_test!(
    async fn exports_are_logged_and_never_carry_a_formula(db: TestDb) {
        let t = TestApp::start(db).await;
        let w = World::build(&t).await;
        // A name that came in through an import, with a formula in it.
        t.sql(&format!(
            "UPDATE pupils SET given_name = '=cmd|'' /C calc''!A0' WHERE id = {}",
            w.p10
        ))
        .await;
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        let before = t.audit_count().await;
        let excel = ib
            .get(&format!(
                "/schools/{}/export/pupils-with-support?format=excel",
                w.school_a
            ))
            .await;
        excel.expect(200);
        assert_eq!(excel.content_type(), Some("text/csv; charset=utf-8"));
        assert!(excel.header("content-disposition").is_some_and(|d| {
            d.starts_with("attachment; filename=\"leerlingen-met-ondersteuning-")
        }));
        assert!(excel.body.starts_with('\u{feff}'), "a BOM for Excel");
        let lines: Vec<&str> = excel
            .body
            .trim_start_matches('\u{feff}')
            .split("\r\n")
            .collect();
        assert_eq!(
            lines[0],
            "leerlingnummer;naam;geboortedatum;groep;casus;fase;eerste signaal;regievoerder"
        );
        assert_eq!(
            lines.len(),
            3,
            "one pupil with support and a final line end"
        );
        assert!(
            lines[1].contains(";'=cmd|' /C calc'!A0 de Vries;15-01-2016;"),
            "the formula is neutralised: {}",
            lines[1]
        );
        assert!(!lines[1].contains(";=cmd"));
        let events = t.audit_count().await - before;
        assert_eq!(events, 1, "one export event");
        let (last, _) = t
            .audit(brug_store::audit::AuditQuery {
                limit: 1,
                ..Default::default()
            })
            .await;
        assert_eq!(last[0].event.action.code(), "export");
        assert_eq!(last[0].event.resource_type, "school_list");

        let csv = ib
            .get(&format!("/schools/{}/export/cases", w.school_a))
            .await;
        csv.expect(200);
        assert!(csv.body.starts_with("leerlingnummer,naam,"));
        assert!(csv.body.contains(",'=cmd|' /C calc'!A0 de Vries,"));
        ib.get(&format!("/schools/{}/export/everything", w.school_a))
            .await
            .expect(404);
        // Another school's lists are not theirs to export.
        ib.get(&format!("/schools/{}/export/cases", w.school_b))
            .await
            .expect(403);
    }
);

db_test!(
    async fn the_swv_sees_who_changes_school_with_names_only_for_its_own_cases(db: TestDb) {
        use brug_domain::registry::OrgKind;
        use brug_domain::roles::Role;
        use brug_store::{registry, users};

        let t = TestApp::start(db).await;
        let w = World::build(&t).await;
        let now = t.ts();
        let hash = brug_app::crypto::hash_password(PASSWORD.to_owned())
            .await
            .expect("hash");
        let mut tx = t.db.begin().await.expect("begin");
        let swv = registry::insert_organisation(
            &mut tx,
            &registry::NewOrganisation::new(OrgKind::Swv, "SWV Utrecht PO"),
            now,
        )
        .await
        .expect("swv");
        let consultant = users::insert_user(
            &mut tx,
            &users::NewUser {
                email: "consulent@swv.example".into(),
                name: "Sara Consulent".into(),
                password_hash: Some(hash),
                platform_admin: false,
                pupil_id: None,
            },
            now,
        )
        .await
        .expect("user");
        users::add_membership(&mut tx, consultant, swv, Role::SwvConsultant, now)
            .await
            .expect("membership");
        // The consultant works in P10's case, not in P_B's.
        brug_store::cases::insert_member(
            &mut tx,
            &brug_store::cases::NewMember {
                case_id: w.case_p10,
                user_id: Some(consultant),
                guardian_id: None,
                org_id: Some(swv),
                role_in_case: "consulent passend onderwijs".into(),
                basis: "legal_task".into(),
                consent_id: None,
                legal_task: Some("passend_onderwijs".into()),
                is_lead: false,
                added_by_user_id: Some(w.coordinator_a.id),
            },
            now,
        )
        .await
        .expect("seat");
        let moving = |case_id, pupil_id, from, to| NewHandover {
            case_id,
            pupil_id,
            from_school_id: from,
            to_school_id: to,
            transition: "po_vo".into(),
            moves_on: date!(2027 - 08 - 20),
            sections: String::new(),
            goal_ids: String::new(),
            what_worked: WORKED.into(),
            what_did_not: String::new(),
            prepared_by_user_id: None,
            prepared_by_name: "IB".into(),
        };
        network_store::insert_handover(
            &mut tx,
            &moving(w.case_p10, w.p10, w.school_a, w.school_b),
            now,
        )
        .await
        .expect("P10's handover");
        let pb = network_store::insert_handover(
            &mut tx,
            &moving(w.case_pb, w.pb, w.school_b, w.school_a),
            now,
        )
        .await
        .expect("P_B's handover");
        assert!(
            network_store::move_stage(&mut tx, pb, "prepared", "sent", now)
                .await
                .expect("send")
        );
        // Not this summer: not on the list.
        let mut later = moving(w.case_pb, w.pb, w.school_b, w.school_a);
        later.moves_on = date!(2028 - 08 - 20);
        network_store::insert_handover(&mut tx, &later, now)
            .await
            .expect("later");
        tx.commit().await.expect("commit");
        t.sql(&format!("UPDATE school_locations SET swv_id = {swv}"))
            .await;
        let sara = crate::support::Person {
            id: consultant,
            email: "consulent@swv.example".into(),
            name: "Sara Consulent".into(),
        };
        crate::support::enable_totp(&t, &sara).await;

        let mut client = signed_in(&t, &sara.email).await;
        let overview = format!("/organisations/{swv}/handovers");
        client
            .get("/start")
            .await
            .expect(200)
            .expect_text(&format!("href=\"{overview}\""));
        let page = client.get(&overview).await;
        page.expect(200)
            .expect_text("Overstappers deze zomer")
            .expect_text("01-05-2027")
            .expect_text("31-10-2027")
            .expect_text("<strong>De Regenboog</strong>: 1 overstapper · Voorbereid: 1")
            .expect_text("<strong>Het Kompas</strong>: 1 overstapper · Verstuurd: 1")
            // By name only the pupil in her own case.
            .expect_text("Daan de Vries")
            .expect_no_text("Lucas");
        // A school's coordinator has no SWV overview.
        let mut ib = signed_in(&t, &w.coordinator_a.email).await;
        ib.get(&overview).await.expect(403);
    }
);
