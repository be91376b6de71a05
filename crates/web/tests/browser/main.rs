//! Browser tests: a real headless Chromium, driven through chromedriver,
//! against the real server (`brug_web::serve` on 127.0.0.1) with the small
//! demo region, in real time (TOTP codes are computed by the test).
//!
//! They run only with `BRUG_BROWSER_TESTS=1` (scripts/test sets it); without
//! it each test prints a note and passes. With it, a missing chromedriver
//! fails the test. Every test is named `browser_*`: nextest runs them one at
//! a time (test group `browser` in `.config/nextest.toml`), so the functions
//! live here at the top level (a module would prefix their names).
//!
//! Each test has its own database, server, chromedriver and browser profile.

mod case_journey;
mod family;
mod handover;
mod learning;
mod monitor;
mod support;

use brug_app::accounts::{self, NewAccount};
use brug_demo::DEMO_PASSWORD;
use brug_store::{registry, users};
use brug_test_support::TestDb;
use support::{Browser, Options, PHONE, Server, Totp, decode_secret};

const COORDINATOR: &str = "ib@demo.brug.nl";
const COORDINATOR_NAME: &str = "Ingrid Bakker";
const PARENT: &str = "ouder@demo.brug.nl";

fn secret_of(server: &Server, email: &str) -> Vec<u8> {
    let account = server.account(email);
    decode_secret(
        account
            .totp_secret_base32
            .as_deref()
            .unwrap_or_else(|| panic!("{email} has no TOTP secret")),
    )
}

/// Log in as the demo coordinator (password and TOTP); lands on `/start`.
async fn login_coordinator(b: &Browser, server: &Server, totp: &Totp) {
    let secret = secret_of(server, COORDINATOR);
    b.login_with_totp(totp, COORDINATOR, DEMO_PASSWORD, &secret)
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_policy_maker_sees_only_the_monitor() {
    if !support::enabled("browser_policy_maker_sees_only_the_monitor") {
        return;
    }
    monitor::policy_maker_flow(TestDb::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_coordinator_finds_a_pupil_and_switches_language() {
    if !support::enabled("browser_coordinator_finds_a_pupil_and_switches_language") {
        return;
    }
    coordinator_flow(TestDb::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_coordinator_flow_on_postgres() {
    if !support::enabled("browser_coordinator_flow_on_postgres") {
        return;
    }
    // Fails when BRUG_REQUIRE_POSTGRES=1 and no server is configured.
    let Some(db) = TestDb::postgres().await else {
        eprintln!(
            "browser_coordinator_flow_on_postgres: skipped: set BRUG_TEST_POSTGRES_URL to run it"
        );
        return;
    };
    coordinator_flow(db).await;
}

/// Login with two factors, the pupil list, search, the file, the language
/// switch, logout.
async fn coordinator_flow(db: TestDb) {
    let server = Server::start(db).await;
    let totp = Totp::default();
    let b = Browser::open(&server.base, Options::default()).await;

    b.goto("/login").await;
    assert_eq!(b.lang().await, "nl", "Dutch first");
    b.assert_no_inline_script().await;
    login_coordinator(&b, &server, &totp).await;
    let welcome = b.text("h1").await;
    assert_eq!(welcome, format!("Welkom, {COORDINATOR_NAME}"));
    assert_eq!(b.lang().await, "nl");
    b.assert_no_inline_script().await;

    // The pupil list of the school, from the start page's tile.
    let tile = "a.brug-card__link[href^='/schools/']";
    let list_path = b
        .wait_for(tile)
        .await
        .attr("href")
        .await
        .expect("read href")
        .expect("the tile links to the pupil list");
    b.click(tile).await;
    b.wait_for_path(&list_path).await;
    let school = b.text("h1 .brug-muted").await;
    assert!(!school.is_empty(), "the list names the school");
    let all_count = b.text("main p[role='status']").await;
    let links = b.find_all("main tbody a[href^='/pupils/']").await;
    assert!(links.len() >= 3, "a page of pupils, got {}", links.len());
    let pick = &links[2];
    let name = pick.text().await.expect("pupil name");
    let pupil_path = pick
        .attr("href")
        .await
        .expect("read href")
        .expect("a link to the file");
    assert!(!name.is_empty());

    // Search by the name, typed into the search field.
    b.fill("#q", &name).await;
    b.click("form[role='search'] button[type='submit']").await;
    b.wait_for_url_containing("q=").await;
    assert_eq!(b.value("#q").await, name, "the search keeps its text");
    let found_count = b.text("main p[role='status']").await;
    let found = b.find_all("main tbody a[href^='/pupils/']").await;
    let mut names = Vec::new();
    for link in &found {
        names.push(link.text().await.expect("name"));
    }
    assert!(names.contains(&name), "{name} not in the results {names:?}");
    assert!(
        found.len() < links.len() || found_count != all_count,
        "the search narrows the list ({all_count} -> {found_count})"
    );

    // The file.
    b.click(&format!("main tbody a[href='{pupil_path}']")).await;
    b.wait_for_path(&pupil_path).await;
    assert_eq!(b.text("h1").await, name);
    let page = b.body_text().await;
    assert!(page.contains(&school), "the file shows the school {school}");
    assert!(page.contains("Geboortedatum"), "Dutch labels: {page}");
    b.assert_no_inline_script().await;

    // English, on the same page.
    b.click("a[hreflang='en']").await;
    b.wait_for_lang("en").await;
    b.wait_for_path(&pupil_path).await;
    assert_eq!(b.text("h1").await, name);
    let page = b.body_text().await;
    assert!(page.contains("Date of birth"), "English labels: {page}");
    assert!(!page.contains("Geboortedatum"), "no Dutch left: {page}");
    b.wait_for("a[hreflang='nl']").await;

    // Logout: the login page, and the start page is closed.
    b.logout().await;
    b.goto("/start").await;
    b.wait_for_path("/login").await;
    b.wait_for("#login-submit").await;
    assert!(
        b.path().await.contains("next="),
        "back to the start page after login"
    );
    b.close().await;
}

/// The whole case journey by a coordinator and a care worker in two
/// sessions, with the concurrent-edit conflict (`case_journey.rs`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_case_journey_two_sessions() {
    if !support::enabled("browser_case_journey_two_sessions") {
        return;
    }
    case_journey::run(TestDb::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_case_journey_on_postgres() {
    if !support::enabled("browser_case_journey_on_postgres") {
        return;
    }
    // Fails when BRUG_REQUIRE_POSTGRES=1 and no server is configured.
    let Some(db) = TestDb::postgres().await else {
        eprintln!(
            "browser_case_journey_on_postgres: skipped: set BRUG_TEST_POSTGRES_URL to run it"
        );
        return;
    };
    case_journey::run(db).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_failed_logins_are_rejected_and_keep_the_email() {
    if !support::enabled("browser_failed_logins_are_rejected_and_keep_the_email") {
        return;
    }
    let server = Server::start(TestDb::sqlite().await).await;
    // Plain HTML forms: this works with JavaScript off.
    let b = Browser::open(
        &server.base,
        Options {
            javascript: false,
            ..Options::default()
        },
    )
    .await;
    b.client
        .goto("data:text/html,<title>off</title><script>document.title='on'</script>")
        .await
        .expect("open a data URL");
    assert_eq!(
        b.client.title().await.expect("title"),
        "off",
        "JavaScript is off in this browser"
    );

    b.goto("/login").await;
    b.submit_password(COORDINATOR, "niet-het-wachtwoord").await;
    b.wait_for_path("/login").await;
    let error = b.text("#login-error").await;
    assert_eq!(
        error,
        "Het e-mailadres of wachtwoord klopt niet. Controleer ze en probeer het opnieuw."
    );
    assert_eq!(b.value("#email").await, COORDINATOR, "the email is kept");
    assert_eq!(b.value("#password").await, "", "the password is not");
    assert_eq!(
        b.wait_for("#email")
            .await
            .attr("aria-invalid")
            .await
            .expect("attr")
            .as_deref(),
        Some("true")
    );

    // Four more wrong passwords: five failures in all.
    for attempt in 2..=5 {
        b.fill("#password", &format!("fout-{attempt}")).await;
        b.click("#login-submit").await;
        let error = b.text("#login-error").await;
        assert!(
            error.starts_with("Het e-mailadres of wachtwoord klopt niet"),
            "attempt {attempt}: {error}"
        );
        assert_eq!(b.value("#email").await, COORDINATOR);
    }

    // Now even the right password is refused for a while.
    b.fill("#password", DEMO_PASSWORD).await;
    b.click("#login-submit").await;
    b.wait_for_path("/login").await;
    let error = b.text("#login-error").await;
    assert!(
        error.starts_with("Te veel mislukte pogingen. Probeer het over 15 minuten opnieuw"),
        "throttled: {error}"
    );
    assert_eq!(b.value("#email").await, COORDINATOR);
    b.goto("/start").await;
    b.wait_for_path("/login").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_a_post_without_csrf_is_rejected() {
    if !support::enabled("browser_a_post_without_csrf_is_rejected") {
        return;
    }
    let server = Server::start(TestDb::sqlite().await).await;
    let b = Browser::open(&server.base, Options::default()).await;
    b.login_password_only(PARENT, DEMO_PASSWORD).await;
    assert!(b.text("h1").await.starts_with("Welkom, "));

    for action in ["/account/sessions/end-all", "/logout"] {
        let old = b.wait_for("html").await;
        // A form made in the page, posted without the `_csrf` field.
        b.execute(&format!(
            "const f = document.createElement('form'); f.method = 'post'; f.action = '{action}'; \
             const i = document.createElement('input'); i.type = 'hidden'; i.name = 'x'; i.value = '1'; \
             f.appendChild(i); document.body.appendChild(f); f.submit(); return true;"
        ))
        .await;
        b.wait_until_gone(&old).await;
        assert_eq!(b.text("h1").await, "Formulier verlopen", "{action}");
        let page = b.body_text().await;
        assert!(page.contains("Foutcode 403"), "{action}: {page}");

        // The session lives on.
        b.goto("/start").await;
        b.wait_for_path("/start").await;
        assert!(b.text("h1").await.starts_with("Welkom, "), "after {action}");
    }

    // The real button (with its token) still logs out.
    b.logout().await;
    b.goto("/start").await;
    b.wait_for_path("/login").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_professional_enrols_two_factor() {
    if !support::enabled("browser_professional_enrols_two_factor") {
        return;
    }
    let server = Server::start(TestDb::sqlite().await).await;
    let coordinator = users::user_by_email(&server.db, COORDINATOR)
        .await
        .expect("read user")
        .expect("the demo coordinator");
    let school = users::memberships(&server.db, coordinator.id)
        .await
        .expect("memberships")
        .first()
        .expect("the coordinator's school")
        .org_id;
    let email = "noor.nieuw@demo.brug.nl";
    let password = "Nieuw-in-Brug-2026!";
    accounts::add(
        &server.app,
        NewAccount {
            email: email.into(),
            name: "Noor Nieuw".into(),
            org: school.to_string(),
            role: "teacher".into(),
            password: password.into(),
        },
    )
    .await
    .expect("add a professional without two-factor");

    let totp = Totp::default();
    let b = Browser::open(&server.base, Options::default()).await;
    b.goto("/login").await;
    b.submit_password(email, password).await;
    b.wait_for_path("/account/two-factor/setup").await;
    assert_eq!(b.text("h1").await, "Tweestapsverificatie instellen");

    // Enrolment cannot be skipped.
    b.goto("/start").await;
    b.wait_for_path("/account/two-factor/setup").await;

    let shown = b.text("#totp-secret").await;
    let groups: Vec<&str> = shown.split(' ').collect();
    assert!(
        groups.len() >= 8 && groups.iter().all(|g| !g.is_empty() && g.len() <= 4),
        "the secret in groups of four: {shown:?}"
    );
    let secret = decode_secret(&shown);
    assert_eq!(secret.len(), 20, "a 160-bit secret");

    // A wrong code first: the page says so and keeps the same secret.
    let now = support::unix_now();
    let valid: Vec<String> = [now - 30, now, now + 30]
        .iter()
        .map(|t| brug_app::two_factor::code_at(&secret, *t))
        .collect();
    let wrong = ["000000", "111111", "222222", "333333"]
        .into_iter()
        .find(|c| !valid.iter().any(|v| v == c))
        .expect("a wrong code");
    b.fill("#code", wrong).await;
    b.click("#setup-submit").await;
    b.wait_for_path("/account/two-factor/setup").await;
    b.wait_for_text("#code-error", "klopt niet").await;
    assert_eq!(b.text("#totp-secret").await, shown);

    let code = totp.fresh_code(email, &secret).await;
    b.fill("#code", &code).await;
    b.click("#setup-submit").await;
    let codes = b
        .wait_for("#recovery-codes")
        .await
        .find_all(fantoccini::Locator::Css("code"))
        .await
        .expect("recovery codes");
    assert_eq!(codes.len(), 10, "ten recovery codes");
    for code in &codes {
        let text = code.text().await.expect("code");
        assert_eq!(text.len(), 14, "xxxx-xxxx-xxxx: {text}");
    }
    b.click("main a[href='/start']").await;
    b.wait_for_path("/start").await;
    assert_eq!(b.text("h1").await, "Welkom, Noor Nieuw");
    let stored = users::user_by_email(&server.db, email)
        .await
        .expect("read user")
        .expect("the new user");
    assert!(stored.totp_enabled, "two-factor is on");

    // Again, with the next code of the app.
    b.logout().await;
    b.login_with_totp(&totp, email, password, &secret).await;
    assert_eq!(b.text("h1").await, "Welkom, Noor Nieuw");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_parent_sees_who_viewed_the_file() {
    if !support::enabled("browser_parent_sees_who_viewed_the_file") {
        return;
    }
    let server = Server::start(TestDb::sqlite().await).await;
    let parent = users::user_by_email(&server.db, PARENT)
        .await
        .expect("read user")
        .expect("the demo parent");
    let children = registry::pupils_of_guardian_user(&server.db, parent.id)
        .await
        .expect("the parent's children");
    let child = *children.first().expect("the demo parent has a child");
    let file = format!("/pupils/{child}");

    let totp = Totp::default();
    let b = Browser::open(
        &server.base,
        Options {
            size: PHONE,
            ..Options::default()
        },
    )
    .await;

    // The coordinator opens the child's file.
    login_coordinator(&b, &server, &totp).await;
    let width = b.execute("return window.innerWidth").await;
    assert_eq!(width, serde_json::json!(PHONE.0), "a phone-sized viewport");
    assert_fits(&b).await;
    b.goto(&file).await;
    b.wait_for_path(&file).await;
    let child_name = b.text("h1").await;
    assert!(
        b.body_text().await.contains("Geboortedatum"),
        "the coordinator sees the file"
    );
    assert_fits(&b).await;
    b.logout().await;

    // The parent finds the file on the start page, then its access log.
    b.login_password_only(PARENT, DEMO_PASSWORD).await;
    assert_fits(&b).await;
    let tile = format!("a.brug-card__link[href='{file}']");
    assert_eq!(b.text(&tile).await, child_name);
    b.click(&tile).await;
    b.wait_for_path(&file).await;
    assert_eq!(b.text("h1").await, child_name);
    assert_fits(&b).await;
    assert_eq!(b.text("#access-log-link").await, "Wie keek in het dossier?");
    b.click("#access-log-link").await;
    let log = format!("{file}/access-log");
    b.wait_for_path(&log).await;
    assert_eq!(b.text("h1").await, "Wie keek in het dossier?");
    assert_fits(&b).await;
    // Audit events are written in the background: allow a moment.
    let deadline = std::time::Instant::now() + support::WAIT;
    loop {
        let table = b.body_text().await;
        if table.contains(&format!("{COORDINATOR_NAME} (")) && table.contains("het dossier bekeken")
        {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the coordinator is not in the log:\n{table}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        b.client.refresh().await.expect("reload the log");
    }
    b.close().await;
}

/// Nothing sticks out sideways: no horizontal scrolling on a phone.
async fn assert_fits(b: &Browser) {
    let sizes = b
        .execute(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]",
        )
        .await;
    let scroll = sizes[0].as_i64().expect("scrollWidth");
    let client = sizes[1].as_i64().expect("clientWidth");
    assert!(
        scroll <= client,
        "{} scrolls sideways on a phone: {scroll}px content in {client}px",
        b.path().await
    );
}

/// S4 on a phone: the parent reads her child's plan and writes her section
/// (`family.rs`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_family_parent_reads_the_plan_and_writes_on_a_phone() {
    if !support::enabled("browser_family_parent_reads_the_plan_and_writes_on_a_phone") {
        return;
    }
    family::run(TestDb::sqlite().await).await;
}

/// S4 on a phone: consent to add a care worker, download, access log,
/// withdrawal ends the care worker's access (`family.rs`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_family_consent_download_and_withdrawal() {
    if !support::enabled("browser_family_consent_download_and_withdrawal") {
        return;
    }
    family::consent_run(TestDb::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_family_consent_on_postgres() {
    if !support::enabled("browser_family_consent_on_postgres") {
        return;
    }
    let Some(db) = TestDb::postgres().await else {
        eprintln!(
            "browser_family_consent_on_postgres: skipped: set BRUG_TEST_POSTGRES_URL to run it"
        );
        return;
    };
    family::consent_run(db).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_family_on_postgres() {
    if !support::enabled("browser_family_on_postgres") {
        return;
    }
    // Fails when BRUG_REQUIRE_POSTGRES=1 and no server is configured.
    let Some(db) = TestDb::postgres().await else {
        eprintln!("browser_family_on_postgres: skipped: set BRUG_TEST_POSTGRES_URL to run it");
        return;
    };
    family::run(db).await;
}

/// S5: a handover from the primary to the secondary school with the
/// parent's consent (`handover.rs`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_handover_between_two_schools_with_the_parents_consent() {
    if !support::enabled("browser_handover_between_two_schools_with_the_parents_consent") {
        return;
    }
    handover::run(TestDb::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_handover_on_postgres() {
    if !support::enabled("browser_handover_on_postgres") {
        return;
    }
    // Fails when BRUG_REQUIRE_POSTGRES=1 and no server is configured.
    let Some(db) = TestDb::postgres().await else {
        eprintln!("browser_handover_on_postgres: skipped: set BRUG_TEST_POSTGRES_URL to run it");
        return;
    };
    handover::run(db).await;
}

/// S6: a facilitator runs a dialogue table from a real case, with a member
/// in a second browser (`learning.rs`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_learning_facilitator_runs_a_session() {
    if !support::enabled("browser_learning_facilitator_runs_a_session") {
        return;
    }
    learning::facilitator_runs_a_session(TestDb::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_learning_facilitator_on_postgres() {
    if !support::enabled("browser_learning_facilitator_on_postgres") {
        return;
    }
    // Fails when BRUG_REQUIRE_POSTGRES=1 and no server is configured.
    let Some(db) = TestDb::postgres().await else {
        eprintln!(
            "browser_learning_facilitator_on_postgres: skipped: set BRUG_TEST_POSTGRES_URL to run it"
        );
        return;
    };
    learning::facilitator_runs_a_session(db).await;
}

/// S6: a coordinator takes the collaboration scan in two goes (`learning.rs`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_learning_coordinator_takes_a_scan() {
    if !support::enabled("browser_learning_coordinator_takes_a_scan") {
        return;
    }
    learning::coordinator_takes_a_scan(TestDb::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_learning_scan_on_postgres() {
    if !support::enabled("browser_learning_scan_on_postgres") {
        return;
    }
    // Fails when BRUG_REQUIRE_POSTGRES=1 and no server is configured.
    let Some(db) = TestDb::postgres().await else {
        eprintln!(
            "browser_learning_scan_on_postgres: skipped: set BRUG_TEST_POSTGRES_URL to run it"
        );
        return;
    };
    learning::coordinator_takes_a_scan(db).await;
}
