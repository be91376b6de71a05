//! The whole life of a case, in two browser sessions at once: the coordinator
//! (intern begeleider, session A) and the youth care worker (session B).
//!
//! A opens a case for a pupil of her school, invites the care worker (with
//! the parents' consent) and a parent. B finds the case on her worklist.
//! Both edit the same plan section from the same version: A saves first, B
//! gets the comparison with her own text kept, and saves on top of the
//! newest version. A then adds a goal and an agreement, moves the case on,
//! records a meeting whose decision becomes an agreement, plans and holds an
//! evaluation that escalates, opens and decides the escalation (closing waits
//! for it) and closes the case with an outcome and a reason. The timeline
//! shows it all; B's access ended with the case (only the lead keeps it),
//! and the parent's access log names both professionals.
//!
//! The tests themselves are `browser_case_journey_*` in `main.rs` (nextest's
//! browser group matches names starting with `browser`).

use std::time::{Duration, Instant};

use brug_demo::DEMO_PASSWORD;
use brug_store::{registry, users};
use brug_test_support::TestDb;
use time::Date;

use crate::support::{Browser, Options, Server, Totp, WAIT, decode_secret};

const COORDINATOR: &str = "ib@demo.brug.nl";
const COORDINATOR_NAME: &str = "Ingrid Bakker";
const CARE_WORKER: &str = "jeugdhulp@demo.brug.nl";
const CARE_WORKER_NAME: &str = "Marloes Visser";
/// The demo parent: mother of two pupils at the coordinator's school.
const PARENT: &str = "ouder@demo.brug.nl";
const PARENT_NAME: &str = "Sanne de Boer";

const TITLE: &str = "Veel verzuim sinds de herfstvakantie";
const SECTION: &str = "support_needs";
/// What A writes in the section; B's text shares its first line.
const TEXT_A: &str = "Rust in de klas.\nEen vaste plek bij de leerkracht.";
const TEXT_B: &str = "Rust in de klas.\nHulp bij het plannen van huiswerk.";
/// What B saves after comparing: A's lines and her own.
const TEXT_MERGED: &str =
    "Rust in de klas.\nEen vaste plek bij de leerkracht.\nHulp bij het plannen van huiswerk.";
const GOAL: &str = "Noor gaat vier ochtenden per week naar school";
const AGREEMENT: &str = "Huisbezoek om het plan met de ouders te bespreken";
const DECISION: &str = "Observatie in de klas door de jeugdhulpverlener";
const DECIDER: &str = "De directeuren van school en zorgaanbieder";
const ESCALATION_OUTCOME: &str =
    "Extra begeleiding in de klas, betaald door het samenwerkingsverband";
const CLOSE_REASON: &str = "Noor gaat weer elke dag naar school; de doelen zijn bereikt.";

/// A pupil as the coordinator found her.
struct Pupil {
    id: i64,
    name: String,
}

impl Pupil {
    fn path(&self) -> String {
        format!("/pupils/{}", self.id)
    }
}

/// The case under test, with the server's today for the date fields.
struct Case {
    id: i64,
    today: Date,
}

impl Case {
    fn path(&self) -> String {
        format!("/cases/{}", self.id)
    }

    fn sub(&self, rest: &str) -> String {
        format!("/cases/{}/{rest}", self.id)
    }

    /// `dd-mm-jjjj`, `days` from today.
    fn date(&self, days: i64) -> String {
        dutch_date(self.today + time::Duration::days(days))
    }
}

pub(crate) fn dutch_date(d: Date) -> String {
    format!("{:02}-{:02}-{}", d.day(), u8::from(d.month()), d.year())
}

pub async fn run(db: TestDb) {
    let started = Instant::now();
    let server = Server::start(db).await;
    let totp = Totp::default();
    let a = Browser::open(&server.base, Options::default()).await;
    let b = Browser::open(&server.base, Options::default()).await;

    login(&a, &server, &totp, COORDINATOR).await;
    let pupil = find_pupil_without_case(&a, &server).await;
    let case = open_case(&a, &server, &pupil).await;
    invite_team(&a, &case).await;

    login(&b, &server, &totp, CARE_WORKER).await;
    care_worker_finds_the_case(&b, &case, &pupil).await;

    both_edit_the_same_section(&a, &b, &case).await;
    add_goal(&a, &case).await;
    add_agreement(&a, &server, &case).await;
    move_to(&a, &case, "exploration", "verkennen").await;
    move_to(&a, &case, "active", "actief").await;
    record_meeting(&a, &case).await;
    let evaluation = plan_evaluation(&a, &case).await;
    hold_evaluation_that_escalates(&a, &case, evaluation).await;
    let escalation = open_escalation(&a, &case).await;
    closing_waits_for_the_escalation(&a, &case).await;
    decide_escalation(&a, &case, escalation).await;
    close_case(&a, &case).await;
    timeline_lists_everything(&a, &case).await;
    care_worker_no_longer_sees_the_closed_case(&b, &case).await;
    b.close().await;

    parent_sees_both_in_the_access_log(&a, &pupil).await;
    a.close().await;
    eprintln!("case journey: {:.1}s", started.elapsed().as_secs_f64());
}

// ---------------------------------------------------------------------------
// Steps
// ---------------------------------------------------------------------------

async fn login(b: &Browser, server: &Server, totp: &Totp, email: &str) {
    let account = server.account(email);
    let secret = decode_secret(
        account
            .totp_secret_base32
            .as_deref()
            .unwrap_or_else(|| panic!("{email} has no TOTP secret")),
    );
    b.login_with_totp(totp, email, DEMO_PASSWORD, &secret).await;
}

/// On the school's pupil list, a child of the demo parent whose file offers
/// "Traject openen" (no open case yet).
async fn find_pupil_without_case(a: &Browser, server: &Server) -> Pupil {
    let parent = users::user_by_email(&server.db, PARENT)
        .await
        .expect("read user")
        .expect("the demo parent");
    let children = registry::pupils_of_guardian_user(&server.db, parent.id)
        .await
        .expect("the parent's children");
    assert!(!children.is_empty(), "the demo parent has children");

    a.click("a.brug-card__link[href^='/schools/']").await;
    a.fill("#q", "Boer").await;
    a.click("form[role='search'] button[type='submit']").await;
    a.wait_for_url_containing("q=").await;
    let results = a.path().await;
    for child in children {
        let link = format!("main tbody a[href='/pupils/{child}']");
        if a.find_all(&link).await.is_empty() {
            continue;
        }
        a.click(&link).await;
        a.wait_for_path(&format!("/pupils/{child}")).await;
        if !a.find_all("#open-case").await.is_empty() {
            let name = a.text("h1").await;
            assert_eq!(a.text("#open-case").await, "Traject openen");
            return Pupil { id: child, name };
        }
        a.goto(&results).await;
    }
    panic!(
        "no child of {PARENT} without an open case on the list {results}:\n{}",
        a.body_text().await
    );
}

async fn open_case(a: &Browser, server: &Server, pupil: &Pupil) -> Case {
    let today = server.app.clock.today();
    a.click("#open-case").await;
    a.wait_for_path(&format!("{}/cases/new", pupil.path()))
        .await;
    assert!(
        a.text("h1").await.contains(&pupil.name),
        "the form names the pupil"
    );
    assert_eq!(
        a.value("#first_signal_on").await,
        dutch_date(today),
        "the first signal is today unless changed"
    );
    a.fill("#title", TITLE).await;
    a.fill(
        "#first_signal_on",
        &dutch_date(today - time::Duration::days(14)),
    )
    .await;
    select(a, "#lead_domain", "gezamenlijk").await;
    a.click("#open-case-submit").await;
    let id = wait_for_id_under(a, "/cases/").await;
    let case = Case { id, today };
    assert_flash(a, "Het traject is geopend. U bent de regievoerder.").await;
    assert!(a.text("h1").await.starts_with(TITLE));
    assert_eq!(a.text("#case-status").await, "signaal");
    assert_eq!(a.text("#lead-domain").await, "gezamenlijk");
    let team = a.text("#team-table").await;
    assert!(
        team.contains(COORDINATOR_NAME) && team.contains("regievoerder"),
        "the opener leads the case: {team}"
    );
    case
}

/// The care worker on the parents' consent, and a parent.
async fn invite_team(a: &Browser, case: &Case) {
    expand(a, "#add-member-form").await;
    a.fill("#member-email", CARE_WORKER).await;
    a.fill("#role_in_case", "Jeugdhulpverlener").await;
    tick(a, "#add-member-form input[name='basis'][value='consent']").await;
    a.fill("#consent_given_by", PARENT_NAME).await;
    select(a, "#consent_relation", "parent").await;
    a.fill("#consent_purpose", "Samen één plan voor school en thuis")
        .await;
    a.click("#add-member-submit").await;
    a.wait_for_path(&case.path()).await;
    assert_flash(a, "Toegevoegd aan het team.").await;
    let team = a.text("#team-table").await;
    assert!(
        team.contains(CARE_WORKER_NAME) && team.contains("toestemming"),
        "the care worker is in the team on consent: {team}"
    );

    expand(a, "#add-parent-form").await;
    select_named(a, "#guardian_id", PARENT_NAME).await;
    a.click("#add-parent-form button[type='submit']").await;
    a.wait_for_path(&case.path()).await;
    assert_flash(a, "Toegevoegd aan het team.").await;
    let team = a.text("#team-table").await;
    assert!(
        team.contains(PARENT_NAME) && team.contains("ouder of verzorger"),
        "the parent is in the team: {team}"
    );
}

/// From the start page's tile to the worklist, and on to the case.
async fn care_worker_finds_the_case(b: &Browser, case: &Case, pupil: &Pupil) {
    let tile = "a.brug-card__link[href='/worklist#open']";
    let count = b.text(&format!("{tile} .brug-card__count")).await;
    assert!(
        count.parse::<u32>().is_ok_and(|n| n >= 1),
        "the start page counts her open cases: {count}"
    );
    b.click(tile).await;
    b.wait_for_path("/worklist").await;
    let link = format!("main table a[href='{}']", case.path());
    assert_eq!(b.text(&link).await, TITLE);
    assert!(
        b.body_text().await.contains(&pupil.name),
        "the worklist names the pupil"
    );
    b.click(&link).await;
    b.wait_for_path(&case.path()).await;
    assert!(b.text("h1").await.starts_with(TITLE));
    let team = b.text("#team-table").await;
    assert!(
        team.contains(COORDINATOR_NAME) && team.contains(CARE_WORKER_NAME),
        "the care worker sees the team: {team}"
    );
}

/// Both open "Ondersteuningsbehoeften" at version 0; A saves first, B gets
/// the comparison with her text kept, then saves on top of A's version.
async fn both_edit_the_same_section(a: &Browser, b: &Browser, case: &Case) {
    let edit = case.sub(&format!("plan/{SECTION}"));
    let edit_link = format!("#plan-{SECTION} a[href='{edit}']");
    a.goto(&case.path()).await;
    for who in [a, b] {
        who.click(&edit_link).await;
        who.wait_for_path(&edit).await;
        assert_eq!(who.text("h1").await, "Ondersteuningsbehoeften");
        who.wait_for_text("#section-version", "Nog niet ingevuld")
            .await;
    }

    a.fill("#body", TEXT_A).await;
    a.click("#section-submit").await;
    a.wait_for_path(&case.path()).await;
    assert_flash(a, "Opgeslagen. Er is een nieuwe versie van dit onderdeel.").await;
    let section = a.text(&format!("#plan-{SECTION}")).await;
    assert!(
        section.contains("Een vaste plek") && section.contains("Versie 1"),
        "{section}"
    );

    b.fill("#body", TEXT_B).await;
    b.click("#section-submit").await;
    b.wait_for_path(&edit).await;
    assert_eq!(
        b.text("h1").await,
        "Intussen gewijzigd: Ondersteuningsbehoeften"
    );
    let conflict = b.text("#conflict").await;
    assert!(
        conflict.contains("Er is niets overschreven")
            && conflict.contains(&format!("Opgeslagen door {COORDINATOR_NAME}"))
            && conflict.contains("Versie 1"),
        "{conflict}"
    );
    assert_eq!(
        b.value("#body").await.replace("\r\n", "\n"),
        TEXT_B,
        "her own text is kept in the form"
    );
    assert_eq!(b.text("#their-text").await, TEXT_A);
    let diff = b.text("#diff-yours").await;
    assert!(
        diff.contains("Hulp bij het plannen") && diff.contains("Een vaste plek"),
        "the comparison shows both texts: {diff}"
    );
    b.assert_no_inline_script().await;

    b.fill("#body", TEXT_MERGED).await;
    b.click("#section-submit").await;
    b.wait_for_path(&case.path()).await;
    assert_flash(b, "Opgeslagen. Er is een nieuwe versie van dit onderdeel.").await;
    let section = b.text(&format!("#plan-{SECTION}")).await;
    assert!(
        section.contains("Versie 2")
            && section.contains(&format!("opgeslagen door {CARE_WORKER_NAME}")),
        "{section}"
    );

    b.click(&format!("#plan-{SECTION} a[href='{edit}/history']"))
        .await;
    b.wait_for_path(&format!("{edit}/history")).await;
    let versions = b.find_all("#versions tbody tr").await;
    assert_eq!(versions.len(), 2, "two versions kept");
    let table = b.text("#versions").await;
    assert!(
        table.contains(COORDINATOR_NAME) && table.contains(CARE_WORKER_NAME),
        "{table}"
    );
    b.wait_for_text("#diff-heading", "van versie 1 naar versie 2")
        .await;
    b.wait_for_text(
        "#diff-summary",
        "1 regel(s) toegevoegd, 0 regel(s) verwijderd",
    )
    .await;
    assert_eq!(
        b.text("#diff ins").await,
        "Hulp bij het plannen van huiswerk."
    );
}

async fn add_goal(a: &Browser, case: &Case) {
    a.goto(&case.path()).await;
    // A sees the plan as B left it.
    a.wait_for_text(&format!("#plan-{SECTION}"), "Hulp bij het plannen")
        .await;
    a.click("#add-goal").await;
    a.wait_for_path(&case.sub("goals/new")).await;
    a.fill("#description", GOAL).await;
    a.fill("#contributors", "school, jeugdhulp en ouders").await;
    a.fill("#indicator", "Het verzuimoverzicht van de school, per week")
        .await;
    a.fill("#target_on", &case.date(90)).await;
    a.click("#goal-submit").await;
    a.wait_for_path(&case.path()).await;
    assert_flash(a, "Het doel is toegevoegd.").await;
    let goals = a.text("#goals-table").await;
    assert!(
        goals.contains(GOAL) && goals.contains(&case.date(90)),
        "{goals}"
    );
}

async fn add_agreement(a: &Browser, server: &Server, case: &Case) {
    let care_worker = users::user_by_email(&server.db, CARE_WORKER)
        .await
        .expect("read user")
        .expect("the care worker");
    a.click("#add-agreement").await;
    a.wait_for_path(&case.sub("agreements/new")).await;
    a.fill("#action", AGREEMENT).await;
    select(a, "#party", "care").await;
    select(a, "#kind", "home_visit").await;
    select(a, "#owner_user", &care_worker.id.to_string()).await;
    a.fill("#due_on", &case.date(14)).await;
    a.click("#agreement-submit").await;
    a.wait_for_path(&case.path()).await;
    assert_flash(a, "De afspraak is toegevoegd.").await;
    let agreements = a.text("#agreements-table").await;
    assert!(
        agreements.contains(AGREEMENT)
            && agreements.contains("huisbezoek")
            && agreements.contains(CARE_WORKER_NAME),
        "{agreements}"
    );
}

/// Move the case along with the status form on the case page.
async fn move_to(a: &Browser, case: &Case, to: &str, shown: &str) {
    a.goto(&case.path()).await;
    select(a, "#status-form #to", to).await;
    a.click("#status-submit").await;
    a.wait_for_path(&case.path()).await;
    assert_flash(a, "De fase is gewijzigd.").await;
    assert_eq!(a.text("#case-status").await, shown);
}

/// A meeting of school, care and parents whose decision becomes an agreement.
async fn record_meeting(a: &Browser, case: &Case) {
    a.click("#meetings-link").await;
    a.wait_for_path(&case.sub("meetings")).await;
    assert_eq!(a.value("#held_on").await, case.date(0));
    let participants = a.value("#participants").await;
    assert!(
        participants.contains(COORDINATOR_NAME) && participants.contains(CARE_WORKER_NAME),
        "the team is filled in as participants: {participants}"
    );
    for present in ["#with_school", "#with_care", "#with_parents"] {
        tick(a, present).await;
    }
    a.fill("#notes", "Noor vertelt dat ze 's ochtends buikpijn heeft.")
        .await;
    a.fill("#decisions", DECISION).await;
    a.fill("#action_1", DECISION).await;
    select(a, "#party_1", "care").await;
    select_named(a, "#owner_1", CARE_WORKER_NAME).await;
    a.fill("#due_1", &case.date(7)).await;
    a.click("#meeting-submit").await;
    a.wait_for_path(&case.sub("meetings")).await;
    assert_flash(a, "Het overleg is vastgelegd.").await;
    let meeting = a.text("article[id^='meeting-']").await;
    assert!(
        meeting.contains("buikpijn")
            && meeting.contains("school, jeugdhulp en ouders samen")
            && meeting.contains(DECISION),
        "{meeting}"
    );

    a.goto(&case.path()).await;
    let agreements = a.text("#agreements-table").await;
    assert!(
        agreements.contains(DECISION) && agreements.contains(AGREEMENT),
        "the decision became an agreement: {agreements}"
    );
}

/// Plan an evaluation for today; returns its id.
async fn plan_evaluation(a: &Browser, case: &Case) -> i64 {
    a.click("#evaluations-link").await;
    a.wait_for_path(&case.sub("evaluations")).await;
    a.fill("#planned_on", &case.date(0)).await;
    a.click("#plan-evaluation-submit").await;
    a.wait_for_path(&case.sub("evaluations")).await;
    assert_flash(a, "De evaluatie is gepland.").await;
    let hold = format!("#evaluations-table a[href^='{}/']", case.sub("evaluations"));
    assert_eq!(a.text(&hold).await, "Evaluatie houden");
    a.click(&hold).await;
    wait_for_id_under(a, &format!("{}/", case.sub("evaluations"))).await
}

/// Score the goal and decide to escalate: the escalation form comes next.
async fn hold_evaluation_that_escalates(a: &Browser, case: &Case, evaluation: i64) {
    assert_eq!(a.value("#held_on").await, case.date(0));
    let scores = a.find_all("#goal-scores input[id^='score_']").await;
    assert_eq!(scores.len(), 1, "one score per goal");
    let score_id = scores[0]
        .attr("id")
        .await
        .expect("read id")
        .expect("the score field's id");
    a.fill(&format!("#{score_id}"), "4").await;
    let note_id = score_id.replace("score_", "note_");
    a.fill(&format!("#{note_id}"), "Twee ochtenden per week op school.")
        .await;
    tick(a, "#hold-form input[name='decision'][value='escalate']").await;
    a.fill(
        "#reasons",
        "Het verzuim neemt toe; school en jeugdhulp komen er samen niet uit.",
    )
    .await;
    a.click("#hold-submit").await;
    a.wait_for_path(&case.sub("escalations")).await;
    assert!(
        a.path().await.contains(&format!("evaluation={evaluation}")),
        "the form knows the evaluation"
    );
    assert_flash(a, "De evaluatie is vastgelegd. Leg nu de opschaling vast.").await;
    a.wait_for("#from-evaluation").await;
}

/// Open the escalation (prefilled from the evaluation); returns its id.
async fn open_escalation(a: &Browser, case: &Case) -> i64 {
    assert!(
        !a.value("#question").await.trim().is_empty(),
        "the question comes from the evaluation"
    );
    select(a, "#level", "managers").await;
    a.fill("#decider", DECIDER).await;
    a.fill("#deadline", &case.date(7)).await;
    a.click("#escalation-submit").await;
    a.wait_for_path(&case.sub("escalations")).await;
    assert_flash(a, "De opschaling is vastgelegd.").await;
    let article = a.wait_for("article[id^='escalation-']").await;
    let id = article
        .attr("id")
        .await
        .expect("read id")
        .and_then(|s| s.trim_start_matches("escalation-").parse().ok())
        .expect("the escalation's id");
    let text = a.text(&format!("#escalation-{id}")).await;
    assert!(
        text.contains(DECIDER) && text.contains("loopt") && text.contains(&case.date(7)),
        "{text}"
    );
    id
}

/// Closing is refused while the escalation is open, with a clear message.
async fn closing_waits_for_the_escalation(a: &Browser, case: &Case) {
    a.goto(&case.path()).await;
    a.wait_for_text("#open-escalations", "leidinggevenden")
        .await;
    fill_close_form(a).await;
    a.click("#status-submit").await;
    a.wait_for_text(
        "#form-errors",
        "Er loopt nog een opschaling. Leg eerst het besluit vast.",
    )
    .await;
    assert_eq!(a.text("#case-status").await, "actief");
}

async fn decide_escalation(a: &Browser, case: &Case, escalation: i64) {
    a.goto(&case.sub("escalations")).await;
    let article = format!("#escalation-{escalation}");
    expand(a, &format!("#decide-form-{escalation}")).await;
    a.fill(&format!("#outcome-{escalation}"), ESCALATION_OUTCOME)
        .await;
    assert_eq!(
        a.value(&format!("#decided_on-{escalation}")).await,
        case.date(0)
    );
    a.click(&format!("#decide-form-{escalation} button[type='submit']"))
        .await;
    a.wait_for_path(&case.sub("escalations")).await;
    assert_flash(a, "Het besluit is vastgelegd.").await;
    let text = a.text(&article).await;
    assert!(
        text.contains("besloten") && text.contains(ESCALATION_OUTCOME),
        "{text}"
    );
}

async fn close_case(a: &Browser, case: &Case) {
    a.goto(&case.path()).await;
    assert!(
        a.find_all("#open-escalations").await.is_empty(),
        "no escalation open any more"
    );
    fill_close_form(a).await;
    a.click("#status-submit").await;
    a.wait_for_path(&case.path()).await;
    assert_flash(a, "De fase is gewijzigd.").await;
    assert_eq!(a.text("#case-status").await, "afgesloten");
    let page = a.body_text().await;
    assert!(
        page.contains("blijft in het onderwijs") && page.contains(CLOSE_REASON),
        "the outcome and the reason are shown:\n{page}"
    );
}

async fn fill_close_form(a: &Browser) {
    select(a, "#status-form #to", "closed").await;
    select(a, "#status-form #outcome", "stays_in_education").await;
    a.fill("#status-form #reason", CLOSE_REASON).await;
}

async fn timeline_lists_everything(a: &Browser, case: &Case) {
    a.click(&format!("a[href='{}']", case.sub("timeline")))
        .await;
    a.wait_for_path(&case.sub("timeline")).await;
    let timeline = a.text("#timeline").await;
    for kind in [
        "Traject geopend",
        "Team",
        "Plan",
        "Doel",
        "Afspraak",
        "Fase",
        "Overleg",
        "Evaluatie",
        "Opschaling",
    ] {
        assert!(
            timeline.contains(&format!("{kind}:")),
            "the timeline lacks {kind}:\n{timeline}"
        );
    }
    assert!(
        timeline.contains(COORDINATOR_NAME) && timeline.contains(CARE_WORKER_NAME),
        "{timeline}"
    );

    select(a, "#kind", "plan").await;
    a.click("form[action$='/timeline'] button[type='submit']")
        .await;
    a.wait_for_url_containing("kind=plan").await;
    let plan = a.find_all("#timeline li").await;
    assert_eq!(plan.len(), 2, "two plan versions");
    let text = a.text("#timeline").await;
    assert!(
        text.contains(COORDINATOR_NAME) && text.contains(CARE_WORKER_NAME),
        "{text}"
    );
}

/// A closed case stays with its lead only: the care worker's access ended
/// with it (the attempt is logged, and shown to the parent below).
async fn care_worker_no_longer_sees_the_closed_case(b: &Browser, case: &Case) {
    b.goto("/worklist").await;
    b.wait_for("#open").await;
    assert!(
        b.find_all(&format!("main a[href='{}']", case.path()))
            .await
            .is_empty(),
        "the closed case left her worklist"
    );
    b.goto(&case.path()).await;
    assert_eq!(b.text("h1").await, "Niet gevonden");
}

/// The parent's view of who looked, page by page: both professionals
/// worked in the file, and the care worker's refused look is there too.
async fn parent_sees_both_in_the_access_log(a: &Browser, pupil: &Pupil) {
    a.logout().await;
    a.login_password_only(PARENT, DEMO_PASSWORD).await;
    a.click(&format!("a.brug-card__link[href='{}']", pupil.path()))
        .await;
    a.wait_for_path(&pupil.path()).await;
    a.wait_for_text("#case-list", "afgesloten").await;
    a.click("#access-log-link").await;
    let log = format!("{}/access-log", pupil.path());
    a.wait_for_path(&log).await;
    let by = |name: &str| format!("{name} (");
    let refused = "maar kreeg geen toegang";
    // Audit events are written in the background: allow a moment.
    let deadline = Instant::now() + WAIT;
    loop {
        let rows = access_log_rows(a, &log).await;
        let worked = |name: &str| {
            rows.iter()
                .any(|r| r.contains(&by(name)) && !r.contains(refused))
        };
        let care_refused = rows
            .iter()
            .any(|r| r.contains(&by(CARE_WORKER_NAME)) && r.contains(refused));
        if worked(COORDINATOR_NAME) && worked(CARE_WORKER_NAME) && care_refused {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the access log lacks the coordinator's or the care worker's entries:\n{}",
            rows.join("\n")
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Every row of the access log, following its "next" links.
async fn access_log_rows(a: &Browser, log: &str) -> Vec<String> {
    a.goto(log).await;
    let mut rows = Vec::new();
    loop {
        a.wait_for("h1").await;
        for row in a.find_all("main tbody tr").await {
            rows.push(row.text().await.expect("row text"));
        }
        let next = a.find_all("a[rel='next']").await;
        let Some(link) = next.first() else {
            return rows;
        };
        let href = link
            .attr("href")
            .await
            .expect("read href")
            .expect("the next page");
        a.goto(&href).await;
    }
}

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

/// Choose an option of a select by its value.
pub(crate) async fn select(b: &Browser, css: &str, value: &str) {
    b.wait_for(css)
        .await
        .select_by_value(value)
        .await
        .unwrap_or_else(|e| panic!("choose {value} in {css}: {e}"));
}

/// Choose the option of a select whose text starts with `name`.
pub(crate) async fn select_named(b: &Browser, css: &str, name: &str) {
    b.wait_for(css).await;
    let mut seen = Vec::new();
    for option in b.find_all(&format!("{css} option")).await {
        let text = option.text().await.expect("option text");
        if text.starts_with(name) {
            let value = option
                .attr("value")
                .await
                .expect("read value")
                .unwrap_or_default();
            return select(b, css, &value).await;
        }
        seen.push(text);
    }
    panic!("no option {name:?} in {css}: {seen:?}");
}

/// Click something that does not load a page (a checkbox, a radio button,
/// a summary).
pub(crate) async fn tick(b: &Browser, css: &str) {
    b.wait_for(css)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// Open the `<details>` around a form, as a user clicks its summary.
async fn expand(b: &Browser, form: &str) {
    tick(b, &format!("details:has({form}) > summary")).await;
}

/// The flash message after a redirect.
async fn assert_flash(b: &Browser, text: &str) {
    b.wait_for_text(".brug-flash[role='status']", text).await;
}

/// Wait until the path is `prefix` followed by a number, and return it.
pub(crate) async fn wait_for_id_under(b: &Browser, prefix: &str) -> i64 {
    let deadline = Instant::now() + WAIT;
    loop {
        let path = b.path().await;
        let bare = path.split('?').next().unwrap_or_default();
        if let Some(id) = bare
            .strip_prefix(prefix)
            .and_then(|rest| rest.parse::<i64>().ok())
        {
            return id;
        }
        assert!(
            Instant::now() < deadline,
            "expected {prefix}<id>, but the browser is at {path}; page:\n{}",
            b.body_text().await
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
