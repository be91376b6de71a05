//! S6: the learning network in the browser, on the demo data.
//!
//! A facilitator runs a session: she plans a case-specific dialogue table in
//! "Dialoogtafels Heerenveen", the intern begeleider (a member, in a second
//! browser) brings a real case of hers, the facilitator reviews the
//! anonymised story, edits and approves it, records what the participants
//! said along the four questions from their perspectives, an insight and an
//! improvement action, and finds the insight in the knowledge base.
//!
//! A coordinator takes the collaboration scan with the care provider in two
//! goes: half, a draft, away, back to the draft, the rest; then the chart,
//! the data table with the change since the previous scan, and suggestions
//! for the weakest themes.
//!
//! The tests themselves are `browser_learning_*` in `main.rs`.

use brug_demo::DEMO_PASSWORD;
use brug_store::{cases, learning, registry, users};
use brug_test_support::TestDb;
use time::Date;

use crate::case_journey::{dutch_date, select, select_named, tick, wait_for_id_under};
use crate::support::{Browser, Options, Server, Totp};

const FACILITATOR: &str = "procesbegeleider@demo.brug.nl";
const COORDINATOR: &str = "ib@demo.brug.nl";
const NETWORK: &str = "Dialoogtafels Heerenveen";
const TITLE: &str = "Dialoogtafel: wie voert de regie bij een thuiszitter?";
const REVIEW_NOTE: &str = "Nagelezen met de ouders; zij herkennen hun verhaal.";
const INSIGHT: &str =
    "Een regievoerder die ouders elke week belt, voorkomt dat een thuiszitter uit beeld raakt.";
const ACTION: &str = "Per thuiszitter binnen een week een regievoerder aanwijzen";

async fn login(b: &Browser, server: &Server, totp: &Totp, email: &str) {
    let secret = crate::secret_of(server, email);
    b.login_with_totp(totp, email, DEMO_PASSWORD, &secret).await;
}

fn today() -> Date {
    time::OffsetDateTime::now_utc().date()
}

/// What a story must never show of its case: the names Brug knows.
async fn names_of_case(server: &Server, case_id: i64) -> Vec<String> {
    let case = cases::case(&server.db, case_id)
        .await
        .expect("read")
        .expect("case");
    let pupil = registry::pupil(&server.db, case.pupil_id)
        .await
        .expect("read")
        .expect("pupil");
    let mut names = vec![pupil.given_name, pupil.family_name];
    for g in registry::guardians_of_pupil(&server.db, case.pupil_id)
        .await
        .expect("guardians")
    {
        names.extend(g.name.split_whitespace().map(str::to_owned));
    }
    names.retain(|n| n.chars().count() > 3);
    names
}

pub async fn facilitator_runs_a_session(db: TestDb) {
    let server = Server::start(db).await;
    let totp = Totp::default();
    let facilitator = users::user_by_email(&server.db, FACILITATOR)
        .await
        .expect("read")
        .expect("the demo facilitator");
    let network = learning::networks_of_user(&server.db, facilitator.id)
        .await
        .expect("networks")
        .into_iter()
        .find(|n| n.name == NETWORK)
        .expect("the Heerenveen tables");
    // The case the intern begeleider brings: one of hers, at an earlier
    // table of the network too.
    let case_id = learning::sessions(&server.db, network.id)
        .await
        .expect("sessions")
        .into_iter()
        .find_map(|s| s.case_id)
        .expect("a table from a real case");
    let names = names_of_case(&server, case_id).await;

    let a = Browser::open(&server.base, Options::default()).await;
    login(&a, &server, &totp, FACILITATOR).await;
    a.goto("/learning").await;
    a.click(&format!(
        "#network-list a[href='/learning/networks/{}']",
        network.id
    ))
    .await;
    a.wait_for_text("h1", NETWORK).await;

    // A new case-specific table.
    select(&a, "#session-kind", "case_specific").await;
    a.fill("#session-title", TITLE).await;
    select(&a, "#session-theme", "steering").await;
    a.fill("#session-held-on", &dutch_date(today())).await;
    a.click("#session-submit").await;
    let session = wait_for_id_under(&a, "/learning/sessions/").await;
    a.wait_for_text("h1", TITLE).await;

    // The intern begeleider brings her case, with the family invited.
    let b = Browser::open(&server.base, Options::default()).await;
    login(&b, &server, &totp, COORDINATOR).await;
    b.goto(&format!("/learning/sessions/{session}")).await;
    b.fill("#story-case", &case_id.to_string()).await;
    tick(&b, "#story-family").await;
    b.click("#story-submit").await;
    b.wait_for_text("#story-status", "wacht op de procesbegeleider")
        .await;

    // The facilitator reviews the draft: nothing of the family in it.
    a.goto(&format!("/learning/sessions/{session}")).await;
    let removed = a.wait_for_text("#story-status", "Weggehaald").await;
    assert!(removed.contains("Concept"), "{removed}");
    let draft = a.value("#review-story").await;
    assert!(draft.len() > 40, "a story to review: {draft}");
    for name in &names {
        assert!(!draft.contains(name.as_str()), "the draft shows {name}");
    }
    a.fill("#review-story", &format!("{draft}\n\n{REVIEW_NOTE}"))
        .await;
    tick(&a, "#decision-approve").await;
    a.click("#review-submit").await;
    let story = a.wait_for_text("#story-text", REVIEW_NOTE).await;
    for name in &names {
        assert!(!story.contains(name.as_str()), "the story shows {name}");
    }
    a.assert_no_inline_script().await;

    // What the participants said, per question, each from their perspective.
    for (member, question, said, perspective) in [
        (
            "Marieke Terpstra",
            "language",
            "Ik hoorde vooral woorden als traject en arrangement.",
            "Ouder",
        ),
        (
            "Marloes Visser",
            "profession",
            "Ik zie een kind dat thuis rust vindt en op school overprikkeld raakt.",
            "Jeugdhulpverlener",
        ),
        (
            "Ingrid Bakker",
            "together",
            "We zien allemaal dat niemand de regie had.",
            "Intern begeleider of zorgcoördinator",
        ),
        (
            "Dennis Mulder",
            "contribution",
            "Ik kan een tijdelijk aangepast rooster mogelijk maken.",
            "Beleidsmaker",
        ),
    ] {
        select_named(&a, "#contribution-member", member).await;
        select(&a, "#contribution-question", question).await;
        a.fill("#contribution-body", said).await;
        a.click("#contribution-submit").await;
        let recorded = a.wait_for_text(&format!("#said-{question}"), said).await;
        let line = recorded
            .lines()
            .find(|l| l.contains(said))
            .unwrap_or_default();
        assert!(
            line.starts_with(member) && line.contains(perspective),
            "{member} recorded with their perspective: {line}"
        );
    }

    // An insight and an improvement action.
    select(&a, "#item-kind", "success").await;
    select(&a, "#item-theme", "steering").await;
    select(&a, "#item-level", "professional").await;
    select(&a, "#item-sector", "PO").await;
    a.fill("#item-body", INSIGHT).await;
    a.click("#item-submit").await;
    a.wait_for_text("#item-list", INSIGHT).await;
    a.fill("#action-description", ACTION).await;
    a.fill("#action-owner", "Consulent passend onderwijs").await;
    a.fill("#action-organisation", "Samenwerkingsverband").await;
    a.fill(
        "#action-due",
        &dutch_date(today() + time::Duration::days(30)),
    )
    .await;
    select(&a, "#action-theme", "steering").await;
    a.click("#action-submit").await;
    a.wait_for_text("#session-actions", ACTION).await;

    // The insight is in the knowledge base: "regievoerders" finds
    // "regievoerder" (Dutch stemming).
    a.goto("/learning/knowledge").await;
    a.fill("#q", "regievoerders thuiszitter").await;
    a.click("#search-submit").await;
    a.wait_for_text("#result-list", INSIGHT).await;

    // The member sees the approved story and the record.
    b.goto(&format!("/learning/sessions/{session}")).await;
    b.wait_for_text("#story-text", REVIEW_NOTE).await;
    b.wait_for_text("#said-together", "niemand de regie had")
        .await;
    b.close().await;
    a.close().await;
}

/// The ids of a theme's answer.
fn field(theme: &str) -> String {
    format!("score_{theme}")
}

pub async fn coordinator_takes_a_scan(db: TestDb) {
    let server = Server::start(db).await;
    let totp = Totp::default();
    let ib = users::user_by_email(&server.db, COORDINATOR)
        .await
        .expect("read")
        .expect("the demo coordinator");
    let school = users::memberships(&server.db, ib.id).await.expect("m")[0].org_id;
    let care = users::user_by_email(&server.db, "jeugdhulp@demo.brug.nl")
        .await
        .expect("read")
        .expect("the care worker");
    let provider = users::memberships(&server.db, care.id).await.expect("m")[0].org_id;
    let agb = registry::organisation(&server.db, provider)
        .await
        .expect("read")
        .and_then(|o| o.agb)
        .expect("the provider's AGB code");

    let a = Browser::open(&server.base, Options::default()).await;
    login(&a, &server, &totp, COORDINATOR).await;
    a.goto("/learning").await;
    a.click(&format!("a[href='/organisations/{school}/scan']"))
        .await;
    // Two earlier scans with the provider.
    let listed = a.wait_for_text("#scan-list", "afgerond").await;
    assert_eq!(listed.matches("afgerond").count(), 2, "{listed}");
    a.fill("#scan-partner", &agb).await;
    a.click("#scan-start").await;
    let scan = wait_for_id_under(&a, "/learning/scans/").await;
    a.wait_for_text("#scan-status", "concept").await;

    // The first half, then away.
    let themes: Vec<&str> = brug_domain::learning::Theme::ALL
        .iter()
        .map(|t| t.code())
        .collect();
    let score = |theme: &str| match theme {
        "financing" => "1",
        "time" | "data_driven" => "2",
        _ => "4",
    };
    let (first, second) = themes.split_at(8);
    for theme in first {
        tick(&a, &format!("#{}-{}", field(theme), score(theme))).await;
    }
    a.click("#scan-draft").await;
    a.wait_for_text(".brug-flash[role='status']", "concept")
        .await;
    a.goto("/start").await;

    // Back to the draft from the list: the answers are kept.
    a.goto(&format!("/organisations/{school}/scan")).await;
    let draft_link = format!("#scan-list a[href='/learning/scans/{scan}']");
    let listed = a.wait_for_text("#scan-list", "concept").await;
    assert!(listed.contains("concept"), "{listed}");
    a.click(&draft_link).await;
    a.wait_for_text("#scan-status", "concept").await;
    for theme in first {
        let checked = a
            .wait_for(&format!("#{}-{}", field(theme), score(theme)))
            .await
            .prop("checked")
            .await
            .expect("read checked");
        assert_eq!(checked.as_deref(), Some("true"), "{theme} kept");
    }
    for theme in second {
        tick(&a, &format!("#{}-{}", field(theme), score(theme))).await;
    }
    a.click("#scan-complete").await;
    a.wait_for_text("#scan-status", "afgerond").await;

    // The chart and its data table, compared with the previous scan (the
    // demo's latest: interprofessional 3, financing 2, time 2).
    a.wait_for("figure.brug-chart svg").await;
    let interprofessional = a.text("#scan-table #row-interprofessional").await;
    assert!(interprofessional.contains("+1"), "{interprofessional}");
    let financing = a.text("#scan-table #row-financing").await;
    assert!(financing.contains("−1"), "{financing}");
    let time = a.text("#scan-table #row-time").await;
    assert!(time.ends_with('0'), "{time}");

    // Suggestions for the weakest themes, from the knowledge base.
    for weak in ["financing", "time", "data_driven"] {
        a.wait_for(&format!("#weak-{weak}")).await;
    }
    let suggestions = a.text("section[aria-labelledby='suggestions']").await;
    assert!(
        suggestions.contains("gezamenlijke begroting"),
        "the network's success factor for financing: {suggestions}"
    );
    a.assert_no_inline_script().await;
    a.close().await;
}
