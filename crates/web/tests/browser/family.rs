//! S4 on a phone (375 px): the demo parent finds her child's plan on the
//! start page, reads it in plain language with her one point of contact,
//! writes "Wat vinden wij als ouders" and sees it saved, and nothing on the
//! way is wider than the screen.
//!
//! The tests themselves are `browser_family_*` in `main.rs` (nextest's
//! browser group matches names starting with `browser`).

use brug_demo::DEMO_PASSWORD;
use brug_store::{cases, plan, registry, users};
use brug_test_support::TestDb;
use time::macros::date;

use crate::support::{Browser, Options, PHONE, Server};

const PARENT: &str = "ouder@demo.brug.nl";
const COORDINATOR: &str = "ib@demo.brug.nl";
const OWN_TEXT: &str = "Thuis gaat het beter als de ochtend rustig begint.";

/// Every child of the demo parent gets an open case (the demo data may have
/// one already), with a text in the child's section; returns the lead's
/// name per child.
async fn cases_for_the_children(server: &Server) -> Vec<(i64, i64, String)> {
    let parent = users::user_by_email(&server.db, PARENT)
        .await
        .expect("read user")
        .expect("the demo parent");
    let coordinator = users::user_by_email(&server.db, COORDINATOR)
        .await
        .expect("read user")
        .expect("the demo coordinator");
    let coordinator_school = users::memberships(&server.db, coordinator.id)
        .await
        .expect("memberships")
        .first()
        .expect("a school")
        .org_id;
    let children = registry::pupils_of_guardian_user(&server.db, parent.id)
        .await
        .expect("the parent's children");
    assert!(!children.is_empty(), "the demo parent has children");
    let now = brug_store::Ts::new(time::OffsetDateTime::now_utc());
    let mut out = Vec::new();
    for child in children {
        let open = cases::cases_of_pupil(&server.db, child)
            .await
            .expect("cases")
            .into_iter()
            .find(|c| c.status != "closed");
        let case = match open {
            Some(c) => c.id,
            None => {
                let mut tx = server.db.begin().await.expect("begin");
                let case = cases::insert_case(
                    &mut tx,
                    &cases::NewCase {
                        pupil_id: child,
                        title: "Rustig de dag beginnen".into(),
                        school_id: coordinator_school,
                        status: "active".into(),
                        lead_domain: Some("gezamenlijk".into()),
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
                        org_id: Some(coordinator_school),
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
                case
            }
        };
        if plan::section(&server.db, case, "child_words")
            .await
            .expect("section")
            .is_none()
        {
            let mut tx = server.db.begin().await.expect("begin");
            plan::save_section(
                &mut tx,
                &plan::SectionSave {
                    case_id: case,
                    section: "child_words",
                    expected_version: 0,
                    body: "Ik wil meer rust in de klas.",
                    author_user_id: Some(coordinator.id),
                    author_name: &coordinator.name,
                },
                now,
            )
            .await
            .expect("section");
            tx.commit().await.expect("commit");
        }
        let lead = cases::members(&server.db, case)
            .await
            .expect("members")
            .into_iter()
            .find(|m| m.is_lead)
            .map(|m| m.name)
            .unwrap_or_default();
        out.push((child, case, lead));
    }
    out
}

/// Nothing sticks out sideways: no horizontal scrolling on the phone.
async fn assert_fits(b: &Browser, what: &str) {
    let sizes = b
        .execute(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]",
        )
        .await;
    let scroll = sizes[0].as_i64().expect("scrollWidth");
    let client = sizes[1].as_i64().expect("clientWidth");
    assert!(
        scroll <= client,
        "{what} is wider than the phone: {scroll} > {client}"
    );
}

pub async fn run(db: TestDb) {
    let server = Server::start(db).await;
    let children = cases_for_the_children(&server).await;
    let b = Browser::open(
        &server.base,
        Options {
            size: PHONE,
            ..Options::default()
        },
    )
    .await;
    b.login_password_only(PARENT, DEMO_PASSWORD).await;
    let width = b.execute("return window.innerWidth").await;
    assert_eq!(width, serde_json::json!(PHONE.0), "a phone-sized viewport");
    assert_fits(&b, "the start page").await;
    let tile = "a.brug-card__link[href^='/family/']";
    let href = b
        .wait_for(tile)
        .await
        .attr("href")
        .await
        .expect("read href")
        .expect("the tile links somewhere");
    let pupil: i64 = href
        .trim_start_matches("/family/")
        .parse()
        .expect("a pupil id");
    let (_, case, lead) = children
        .iter()
        .find(|(child, _, _)| *child == pupil)
        .expect("the tile is one of her children");
    assert!(
        b.text(tile).await.starts_with("Het plan van"),
        "the tile names the plan"
    );
    b.click(tile).await;
    b.wait_for_path(&href).await;

    // The plan in plain language, the point of contact first.
    assert!(b.text("h1").await.starts_with("Het plan van"));
    assert_eq!(b.text("#contact").await, "Uw vaste contactpersoon");
    let contact = b.text("#point-of-contact").await;
    assert!(contact.contains(lead.as_str()), "{lead} in {contact}");
    let page = b.body_text().await;
    for words in [
        "Wat uw kind wil",
        "De woorden van uw kind zelf",
        "Waar we samen aan werken",
        "Wie helpen er mee",
        "Wat komt eraan",
    ] {
        assert!(page.contains(words), "{words} on the page:\n{page}");
    }
    let child_words = b.text("#plan-child_words").await;
    assert!(
        child_words.lines().count() > 2,
        "the child's own words are there: {child_words}"
    );
    assert_fits(&b, "the family page").await;
    // Roles in words, not codes.
    let team = b.text("#family-team").await;
    assert!(
        !team.contains("care_worker") && !team.contains("coordinator"),
        "{team}"
    );
    // The contact card and the writing box fit the screen.
    let card_right = b
        .execute("return document.querySelector('#point-of-contact').getBoundingClientRect().right")
        .await;
    assert!(card_right.as_f64().expect("a number") <= f64::from(PHONE.0));

    // She writes her own section.
    assert_eq!(b.text("#own").await, "Wat vinden wij als ouders");
    b.fill("#own-body", OWN_TEXT).await;
    let box_right = b
        .execute("return document.querySelector('#own-body').getBoundingClientRect().right")
        .await;
    assert!(box_right.as_f64().expect("a number") <= f64::from(PHONE.0));
    b.click("#own-submit").await;
    b.wait_for_path(&href).await;
    b.wait_for_text(
        ".brug-flash",
        "Opgeslagen. Het team ziet uw tekst nu in het plan.",
    )
    .await;
    let own = b.text("#plan-parents_view").await;
    assert!(own.contains(OWN_TEXT), "{own}");
    assert!(own.contains("Geschreven door"), "{own}");
    assert_fits(&b, "the family page after saving").await;
    let saved = plan::section(&server.db, *case, "parents_view")
        .await
        .expect("section")
        .expect("saved");
    assert_eq!(saved.body, OWN_TEXT);

    // Her notifications page fits too.
    b.goto("/notifications").await;
    b.wait_for_path("/notifications").await;
    assert_eq!(b.text("h1").await, "Meldingen");
    assert_fits(&b, "the notifications page").await;
    b.close().await;
}

const CARE_WORKER: &str = "jeugdhulp@demo.brug.nl";
const PURPOSE: &str = "Hulp thuis bij de ochtendroutine";

/// S4's consent journey on a phone: the parent gives consent to add a care
/// worker (who then sees the case), downloads the file, sees the care
/// worker's visit in the access log, withdraws the consent, and the care
/// worker loses access at once.
pub async fn consent_run(db: TestDb) {
    let server = Server::start(db).await;
    let children = cases_for_the_children(&server).await;
    let today = time::OffsetDateTime::now_utc().date();
    let mut young = None;
    for (child, case, _) in &children {
        let pupil = registry::pupil(&server.db, *child)
            .await
            .expect("read pupil")
            .expect("the child");
        let age = today.year()
            - pupil.birth_date.year()
            - i32::from(
                (today.month() as u8, today.day())
                    < (pupil.birth_date.month() as u8, pupil.birth_date.day()),
            );
        if age < 12 {
            young = Some((*child, *case));
        }
    }
    let (child, case) = young.expect("the demo parent has a child under 12");
    let worker = users::user_by_email(&server.db, CARE_WORKER)
        .await
        .expect("read user")
        .expect("the demo care worker");
    let provider = users::memberships(&server.db, worker.id)
        .await
        .expect("memberships")
        .first()
        .expect("a provider")
        .org_id;
    // The care worker starts outside this case.
    server
        .db
        .execute_raw(&format!(
            "DELETE FROM case_members WHERE case_id = {case} AND user_id = {}",
            worker.id
        ))
        .await
        .expect("clear the seat");
    let mut tx = server.db.begin().await.expect("begin");
    let request = brug_store::consent::insert_request(
        &mut tx,
        &brug_store::consent::NewRequest {
            case_id: case,
            pupil_id: child,
            recipient_org_id: Some(provider),
            recipient_user_id: Some(worker.id),
            role_in_case: "jeugdhulpverlener".into(),
            purpose: PURPOSE.into(),
            parts: "plan".into(),
            valid_from: today,
            valid_until: None,
            requested_by_user_id: None,
            requested_by_name: "Ingrid Bakker".into(),
        },
        brug_store::Ts::new(time::OffsetDateTime::now_utc()),
    )
    .await
    .expect("request");
    tx.commit().await.expect("commit");

    let totp = crate::support::Totp::default();
    let care = Browser::open(&server.base, Options::default()).await;
    let secret = crate::support::decode_secret(
        server
            .account(CARE_WORKER)
            .totp_secret_base32
            .as_deref()
            .expect("the care worker has a TOTP secret"),
    );
    care.login_with_totp(&totp, CARE_WORKER, DEMO_PASSWORD, &secret)
        .await;
    let case_path = format!("/cases/{case}");
    care.goto(&case_path).await;
    assert_eq!(
        care.text("h1").await,
        "Niet gevonden",
        "not in the team yet"
    );

    // The parent says yes on her phone.
    let b = Browser::open(
        &server.base,
        Options {
            size: PHONE,
            ..Options::default()
        },
    )
    .await;
    b.login_password_only(PARENT, DEMO_PASSWORD).await;
    let consent_page = format!("/pupils/{child}/consent");
    b.goto(&consent_page).await;
    let card = b.text(&format!("#request-{request}")).await;
    assert!(card.contains(PURPOSE), "{card}");
    assert_fits(&b, "the consent page").await;
    b.click(&format!("#approve-{request}")).await;
    b.wait_for_path(&consent_page).await;
    b.wait_for(".brug-flash").await;
    let consent = brug_store::cases::consents_of_pupil(&server.db, child)
        .await
        .expect("consents")
        .into_iter()
        .find(|k| k.recipient_user_id == Some(worker.id) && k.withdrawn_at.is_none())
        .expect("the consent is recorded");
    assert!(
        b.text("#consent-list").await.contains(PURPOSE),
        "the consent is listed"
    );

    // The care worker is in the team now.
    care.goto(&case_path).await;
    assert_ne!(
        care.text("h1").await,
        "Niet gevonden",
        "seated on the consent"
    );

    // The parent downloads the file and sees who looked.
    b.goto(&format!("/pupils/{child}/rights")).await;
    b.click("#export-html").await;
    b.wait_for_path(&format!("/pupils/{child}/export")).await;
    let file = b.body_text().await;
    let words = plan::section(&server.db, case, "child_words")
        .await
        .expect("section")
        .expect("the child's words");
    let first_line = words.body.lines().next().unwrap_or_default();
    assert!(
        file.contains(first_line),
        "{first_line} in the file:\n{file}"
    );
    assert!(file.contains(PURPOSE), "the consent is in the file");
    b.goto(&format!("/pupils/{child}/access-log")).await;
    let log = b.body_text().await;
    assert!(
        log.contains(&worker.name),
        "{} in the access log:\n{log}",
        worker.name
    );
    assert_fits(&b, "the access log").await;

    // She withdraws; the care worker's next click finds nothing.
    b.goto(&consent_page).await;
    b.click(&format!("#withdraw-{}", consent.id)).await;
    b.wait_for_path(&consent_page).await;
    b.wait_for(".brug-flash").await;
    care.goto(&case_path).await;
    assert_eq!(
        care.text("h1").await,
        "Niet gevonden",
        "access ended at once"
    );
    b.close().await;
    care.close().await;
}
