//! S5 across two schools: the demo coordinator of the primary school
//! prepares the handover of the demo parent's child to the secondary
//! school, asks the parent, the parent consents in her own view, the
//! coordinator sends it, and the secondary school's coordinator, who saw
//! nothing before, accepts it and reads what went along. On the way, the
//! primary school's social map from the demo data.
//!
//! The tests are `browser_handover_*` in `main.rs`.

use brug_demo::DEMO_PASSWORD;
use brug_store::{cases, registry, users};
use brug_test_support::TestDb;
use time::macros::date;

use crate::support::{Browser, Options, Server, Totp, decode_secret};

const COORDINATOR: &str = "ib@demo.brug.nl";
const RECEIVER: &str = "zorgcoordinator@demo.brug.nl";
const PARENT: &str = "ouder@demo.brug.nl";
const WORKED: &str = "Een vaste plek vooraan en de dagplanning op tafel.";

async fn login(b: &Browser, server: &Server, totp: &Totp, email: &str) {
    let secret = decode_secret(
        server
            .account(email)
            .totp_secret_base32
            .as_deref()
            .unwrap_or_else(|| panic!("{email} has no TOTP secret")),
    );
    b.login_with_totp(totp, email, DEMO_PASSWORD, &secret).await;
}

async fn school_of(server: &Server, email: &str) -> i64 {
    let user = users::user_by_email(&server.db, email)
        .await
        .expect("read user")
        .unwrap_or_else(|| panic!("no {email}"));
    users::memberships(&server.db, user.id)
        .await
        .expect("memberships")
        .first()
        .expect("a school")
        .org_id
}

/// A child of the demo parent under 12 at the coordinator's school (the
/// parents decide alone), with an open case led by the coordinator:
/// (pupil, case).
async fn child_with_a_case(server: &Server, school: i64) -> (i64, i64) {
    let parent = users::user_by_email(&server.db, PARENT)
        .await
        .expect("read user")
        .expect("the demo parent");
    let coordinator = users::user_by_email(&server.db, COORDINATOR)
        .await
        .expect("read user")
        .expect("the demo coordinator");
    let today = time::OffsetDateTime::now_utc().date();
    let mut child = None;
    for pupil in registry::pupils_of_guardian_user(&server.db, parent.id)
        .await
        .expect("children")
    {
        let p = registry::pupil(&server.db, pupil)
            .await
            .expect("pupil")
            .expect("exists");
        let at_school = registry::enrolments_of_pupil(&server.db, pupil)
            .await
            .expect("enrolments")
            .iter()
            .any(|e| e.school_id == school);
        let under_12 = p
            .birth_date
            .replace_year(p.birth_date.year() + 12)
            .is_ok_and(|d| d > today);
        if at_school && under_12 {
            child = Some(pupil);
            break;
        }
    }
    let pupil = child.expect("a child of the demo parent under 12 at the primary school");
    let open = cases::cases_of_pupil(&server.db, pupil)
        .await
        .expect("cases")
        .into_iter()
        .find(|c| c.status != "closed" && c.school_id == school);
    if let Some(c) = open {
        return (pupil, c.id);
    }
    let now = brug_store::Ts::new(time::OffsetDateTime::now_utc());
    let mut tx = server.db.begin().await.expect("begin");
    let case = cases::insert_case(
        &mut tx,
        &cases::NewCase {
            pupil_id: pupil,
            title: "Overstap naar het voortgezet onderwijs".into(),
            school_id: school,
            status: "active".into(),
            lead_domain: Some("onderwijs".into()),
            first_signal_on: date!(2026 - 09 - 01),
            help_started_on: Some(date!(2026 - 09 - 15)),
            created_by_user_id: Some(coordinator.id),
        },
        now,
    )
    .await
    .expect("case");
    cases::insert_member(
        &mut tx,
        &cases::NewMember {
            case_id: case,
            user_id: Some(coordinator.id),
            guardian_id: None,
            org_id: Some(school),
            role_in_case: "intern begeleider".into(),
            basis: "legal_task".into(),
            consent_id: None,
            legal_task: Some("school_pupil_file".into()),
            is_lead: true,
            added_by_user_id: Some(coordinator.id),
        },
        now,
    )
    .await
    .expect("lead");
    tx.commit().await.expect("commit");
    (pupil, case)
}

pub async fn run(db: TestDb) {
    let server = Server::start(db).await;
    let totp = Totp::default();
    let po = school_of(&server, COORDINATOR).await;
    let vo = school_of(&server, RECEIVER).await;
    let vo_brin = registry::organisation(&server.db, vo)
        .await
        .expect("school")
        .expect("exists")
        .brin
        .expect("a BRIN");
    let (pupil, case) = child_with_a_case(&server, po).await;

    // The sending coordinator prepares it from the case page.
    let a = Browser::open(&server.base, Options::default()).await;
    login(&a, &server, &totp, COORDINATOR).await;
    // The school's social map, from its page: the demo's fixed contacts,
    // consultations and the providers of the case teams.
    a.goto(&format!("/organisations/{po}")).await;
    a.click(&format!("a[href='/organisations/{po}/network']"))
        .await;
    a.wait_for_text("#consultation-list", "Ondersteuningsteam")
        .await;
    a.wait_for_text("#contact-youth_care", "030-2001000").await;
    let providers: u32 = a.text("#providers-count").await.parse().expect("a count");
    assert!(providers > 0, "providers derived from the case teams");
    a.goto(&format!("/cases/{case}")).await;
    a.click("#handover-link").await;
    a.wait_for_path(&format!("/cases/{case}/handovers/new"))
        .await;
    a.assert_no_inline_script().await;
    a.fill("#to_brin", &vo_brin).await;
    a.fill("#moves_on", "20-08-2027").await;
    a.fill("#what_worked", WORKED).await;
    a.click("#handover-submit").await;
    a.wait_for_url_containing("/handovers/").await;
    let page = a.path().await;
    assert!(page.starts_with("/handovers/"), "{page}");
    let id: i64 = page.trim_start_matches("/handovers/").parse().expect("id");
    a.wait_for_text("#handover-status", "Voorbereid").await;
    a.click("#handover-ask-consent").await;
    a.wait_for_text("#handover-status", "Wacht op toestemming")
        .await;

    // The receiving school sees nothing yet.
    let b = Browser::open(&server.base, Options::default()).await;
    login(&b, &server, &totp, RECEIVER).await;
    b.goto(&page).await;
    let body = b.body_text().await;
    assert!(!body.contains(WORKED), "nothing before acceptance: {body}");
    b.goto(&format!("/schools/{vo}/handovers")).await;
    assert!(b.find_all(&format!("#incoming-{id}")).await.is_empty());

    // The parent consents in her own view.
    let p = Browser::open(&server.base, Options::default()).await;
    p.login_password_only(PARENT, DEMO_PASSWORD).await;
    p.goto(&page).await;
    p.wait_for_text("main", WORKED).await;
    p.click("#family-consent-hint a").await;
    p.wait_for_path(&format!("/pupils/{pupil}/consent")).await;
    let approve = p
        .wait_for("button[id^='approve-']")
        .await
        .attr("id")
        .await
        .expect("read id")
        .expect("an approve button");
    p.click(&format!("#{approve}")).await;
    p.wait_for_text("main", "De toestemming is vastgelegd")
        .await;
    p.close().await;

    // Sent with the consent in force.
    a.goto(&page).await;
    a.wait_for_text("#handover-status", "Toestemming gegeven")
        .await;
    a.click("#handover-send").await;
    a.wait_for_text("#handover-status", "Verstuurd").await;
    a.close().await;

    // The receiving coordinator sees the notice, accepts, and reads it.
    b.goto(&format!("/schools/{vo}/handovers")).await;
    let notice = b
        .wait_for_text(&format!("#incoming-{id}"), "Verstuurd")
        .await;
    assert!(!notice.contains(WORKED), "only the notice: {notice}");
    b.click(&format!("#accept-{id}")).await;
    b.wait_for_path(&page).await;
    b.wait_for_text("#handover-status", "Ontvangen").await;
    b.wait_for_text("main", WORKED).await;
    b.assert_no_inline_script().await;
    b.goto(&format!("/cases/{case}")).await;
    assert!(
        !b.body_text().await.contains("Pagina niet gevonden"),
        "the case continues at the receiving school"
    );
    b.close().await;
}
