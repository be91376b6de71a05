//! S7: the demo policy maker finds the monitor from the start page, sees a
//! dashboard with its "as of" time, a chart and its table, and reaches no
//! page with a person on it: every other GET route of `brug_web::ROUTES`
//! answers "not found" or "no access", with real pupil, case and
//! organisation ids filled in. The learning network is the exception: policy
//! makers take part in it, and its pages must show no child's name either.
//!
//! The test itself is `browser_policy_maker_*` in `main.rs`.

use brug_app::monitor::refresh;
use brug_demo::DEMO_PASSWORD;
use brug_store::registry;
use brug_test_support::TestDb;

use crate::support::{Browser, Options, Server, Totp};

const POLICY_MAKER: &str = "beleid@demo.brug.nl";

/// GET routes without a person on them (the monitor, the login and account
/// pages, the registry of organisations).
const NO_PERSON: &[&str] = &[
    "/",
    "/healthz",
    "/readyz",
    "/static/{*file}",
    "/lang/{code}",
    "/login",
    "/login/two-factor",
    "/account/two-factor/setup",
    "/start",
    "/account",
    "/notifications",
    "/account/notifications",
    "/organisations",
    "/organisations/{id}",
    "/invite/{token}",
    "/password/forgot",
    "/password/reset/{token}",
];

/// The concrete paths of a route: its `{id}` filled with each of `ids`, any
/// other parameter with something plausible.
fn paths(route: &str, ids: &[i64]) -> Vec<String> {
    let filled = route
        .replace("{section}", "child_view")
        .replace("{list}", "pupils")
        .replace("{evaluation}", "1")
        .replace("{goal}", "1")
        .replace("{request}", "1");
    if filled.contains("{id}") {
        ids.iter()
            .map(|id| filled.replace("{id}", &id.to_string()))
            .collect()
    } else {
        vec![filled]
    }
}

pub async fn policy_maker_flow(db: TestDb) {
    let server = Server::start(db).await;
    refresh::refresh(&server.app, true)
        .await
        .expect("refresh the monitor");
    let totp = Totp::default();
    let b = Browser::open(&server.base, Options::default()).await;
    let secret = crate::secret_of(&server, POLICY_MAKER);
    b.login_with_totp(&totp, POLICY_MAKER, DEMO_PASSWORD, &secret)
        .await;

    // The start page leads to the monitor, the monitor to a dashboard.
    b.click("a.brug-card__link[href='/monitor']").await;
    b.wait_for_path("/monitor").await;
    b.assert_no_inline_script().await;
    b.click("a.brug-card__link[href^='/monitor/municipality-']")
        .await;
    let as_of = b.wait_for_text("#as-of", "Stand van").await;
    assert!(as_of.contains("Stand van"), "{as_of}");
    b.wait_for("svg.brug-chart").await;
    b.wait_for("table#overview").await;
    b.assert_no_inline_script().await;
    // The policy maker also works for the youth care region: its dashboard
    // lists the region's municipalities.
    b.goto("/monitor").await;
    b.click("a[href^='/monitor/region-']").await;
    b.wait_for_text("#as-of", "Stand van").await;
    b.wait_for("table#children").await;

    // Every page with a person on it: refused, and no name shown.
    let mut names = Vec::new();
    for id in 1..=3 {
        if let Some(p) = registry::pupil(&server.db, id).await.expect("pupil") {
            names.push(p.family_name);
        }
    }
    assert!(!names.is_empty(), "the demo has pupils");
    let ids: Vec<i64> = (1..=12).collect();
    let mut checked = 0;
    for (method, route) in brug_web::ROUTES {
        if *method != "GET" || NO_PERSON.contains(route) || route.starts_with("/monitor") {
            continue;
        }
        // The learning network has policy makers among its members (a
        // perspective of its own); its pages hold anonymised stories and
        // professionals' contributions, never a child: open or refused,
        // no pupil's name may show.
        let learning = route.starts_with("/learning") || route.ends_with("/scan");
        for path in paths(route, &ids) {
            b.goto(&path).await;
            let h1 = b.text("h1").await;
            assert!(
                learning || h1 == "Niet gevonden" || h1 == "Geen toegang",
                "the policy maker reached {path}: {h1}"
            );
            let body = b.body_text().await;
            for name in &names {
                assert!(!body.contains(name.as_str()), "{path} shows {name}");
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} pages tried");
    b.close().await;
}
