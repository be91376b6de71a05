//! Signing in and staying signed in: passwords, throttling, the second
//! factor, sessions and their ends, CSRF, redirects and the headers every
//! response carries.

use brug_domain::audit::{AuditAction, Outcome};
use brug_domain::roles::Role;
use brug_store::audit::AuditQuery;
use brug_store::{sessions, users};
use brug_test_support::db_test;
use time::Duration;

use crate::support::{PASSWORD, Person, Resp, TestApp, World, enc, form, recovery_codes};

const LOGIN_FAILED_NL: &str =
    "Het e-mailadres of wachtwoord klopt niet. Controleer ze en probeer het opnieuw.";
const WRONG_CODE_NL: &str = "Deze code klopt niet of is al gebruikt.";
const CSRF_TITLE_NL: &str = "Formulier verlopen";

async fn setup(db: brug_test_support::TestDb) -> (TestApp, World) {
    let t = TestApp::start(db).await;
    let w = World::build(&t).await;
    (t, w)
}

/// The text of the login page's error message.
fn login_error(resp: &Resp) -> &str {
    let start = resp
        .body
        .find("id=\"login-error\"><p>")
        .map(|i| i + "id=\"login-error\"><p>".len())
        .expect("the login page shows an error");
    let end = resp.body[start..].find("</p>").expect("end of the error") + start;
    &resp.body[start..end]
}

db_test!(
    async fn login_sets_an_http_only_cookie_and_stores_only_its_hash(db: TestDb) {
        let (t, w) = setup(db).await;
        let mut browser = t.client();
        let resp = browser
            .login_password(&w.parent.email, PASSWORD, "/start")
            .await;
        resp.expect_redirect("/start");
        let cookie = resp
            .set_cookie("brug_session")
            .expect("a session cookie")
            .to_owned();
        let attributes: Vec<&str> = cookie.split(';').map(str::trim).collect();
        assert!(attributes.contains(&"HttpOnly"), "{cookie}");
        assert!(attributes.contains(&"SameSite=Lax"), "{cookie}");
        assert!(attributes.contains(&"Path=/"), "{cookie}");
        let token = browser
            .cookie("brug_session")
            .expect("in the jar")
            .to_owned();
        assert!(token.len() >= 32, "a long random token: {token}");

        let stored = sessions::of_user(&t.db, w.parent.id, t.ts())
            .await
            .expect("sessions");
        assert_eq!(stored.len(), 1);
        assert_ne!(stored[0].id, token, "the cookie value is not stored");
        assert_eq!(stored[0].id, brug_app::auth::session_id(&token));
        assert_eq!(
            t.sql(&format!(
                "UPDATE sessions SET user_agent = user_agent WHERE id = '{token}' OR ip = '{token}' OR user_agent = '{token}'"
            ))
            .await,
            0,
            "no row holds the cookie value"
        );
        assert!(
            stored[0].second_factor_done,
            "parents need no second factor"
        );

        browser
            .get("/start")
            .await
            .expect(200)
            .expect_text("Marieke de Vries");
        let (events, _) = t
            .audit(AuditQuery {
                actor_user: Some(w.parent.id),
                action: Some(AuditAction::Login),
                ..AuditQuery::default()
            })
            .await;
        assert_eq!(events.len(), 1, "the login is in the audit log");
        assert_eq!(events[0].event.outcome, Outcome::Allowed);
    }
);

db_test!(
    async fn professionals_pass_the_second_factor_before_any_page(db: TestDb) {
        let (t, w) = setup(db).await;
        let mut browser = t.client();
        let resp = browser
            .login_password(&w.coordinator_a.email, PASSWORD, "/start")
            .await;
        resp.expect_redirect("/login/two-factor?next=%2Fstart");
        assert!(resp.set_cookie("brug_session").is_some());
        let stored = sessions::of_user(&t.db, w.coordinator_a.id, t.ts())
            .await
            .expect("sessions");
        assert!(!stored[0].second_factor_done);
        for page in ["/start", &format!("/pupils/{}", w.p10), "/organisations"] {
            browser.get(page).await.expect_redirect("/login/two-factor");
        }
        browser
            .get("/login/two-factor?next=%2Fstart")
            .await
            .expect(200);
        let code = t.fresh_code(&w.coordinator_a.email);
        browser
            .post("/login/two-factor", &[("code", &code), ("next", "/start")])
            .await
            .expect_redirect("/start");
        browser
            .get("/start")
            .await
            .expect(200)
            .expect_text("Fatima El Amrani");
    }
);

db_test!(
    async fn a_wrong_password_or_unknown_email_gets_one_dutch_answer(db: TestDb) {
        let (t, w) = setup(db).await;
        let mut browser = t.client();
        let wrong = browser
            .login_password(&w.coordinator_a.email, "niet-het-wachtwoord", "/start")
            .await;
        wrong.expect(422);
        assert_eq!(login_error(&wrong), LOGIN_FAILED_NL);
        wrong.expect_text("<html lang=\"nl\"");
        wrong.expect_text("value=\"ib@regenboog.example\"");
        wrong.expect_no_text("niet-het-wachtwoord");
        assert_eq!(wrong.set_cookie("brug_session"), None);

        let unknown = browser
            .login_password("niemand@nergens.example", "niet-het-wachtwoord", "/start")
            .await;
        unknown.expect(422);
        assert_eq!(login_error(&unknown), LOGIN_FAILED_NL);
        unknown.expect_text("value=\"niemand@nergens.example\"");
        assert_eq!(unknown.set_cookie("brug_session"), None);
        assert_eq!(
            wrong.body.replace("ib@regenboog.example", "E"),
            unknown.body.replace("niemand@nergens.example", "E"),
            "the pages do not tell which accounts exist"
        );
        let (failed, _) = t
            .audit(AuditQuery {
                action: Some(AuditAction::LoginFailed),
                ..AuditQuery::default()
            })
            .await;
        assert_eq!(failed.len(), 2);
        assert!(failed.iter().all(|e| e.event.outcome == Outcome::Denied));
    }
);

db_test!(
    async fn five_failures_lock_the_email_for_fifteen_minutes(db: TestDb) {
        let (t, w) = setup(db).await;
        let mut browser = t.client();
        for _ in 0..5 {
            browser
                .login_password(&w.parent.email, "fout", "/start")
                .await
                .expect(422);
        }
        let locked = browser
            .login_password(&w.parent.email, "fout", "/start")
            .await;
        locked.expect(429);
        assert_eq!(
            login_error(&locked),
            "Te veel mislukte pogingen. Probeer het over 15 minuten opnieuw, of vraag uw beheerder om hulp."
        );
        let right_but_locked = browser
            .login_password(&w.parent.email, PASSWORD, "/start")
            .await;
        right_but_locked.expect(429);
        assert_eq!(login_error(&right_but_locked), login_error(&locked));
        assert_eq!(right_but_locked.set_cookie("brug_session"), None);
        assert!(
            sessions::of_user(&t.db, w.parent.id, t.ts())
                .await
                .expect("sessions")
                .is_empty()
        );

        // Another account is not affected.
        t.client()
            .login_password(&w.parent_b.email, PASSWORD, "/start")
            .await
            .expect_redirect("/start");

        t.advance(Duration::minutes(16));
        browser
            .login_password(&w.parent.email, PASSWORD, "/start")
            .await
            .expect_redirect("/start");
    }
);

db_test!(
    async fn a_wrong_or_replayed_code_is_refused(db: TestDb) {
        let (t, w) = setup(db).await;
        let who = &w.care_worker_1;
        let mut first = t.client();
        first
            .login_password(&who.email, PASSWORD, "/start")
            .await
            .expect(303);
        first
            .get("/login/two-factor?next=%2Fstart")
            .await
            .expect(200);
        for wrong in ["000000", "12ab56", ""] {
            let resp = first
                .post("/login/two-factor", &[("code", wrong), ("next", "/start")])
                .await;
            resp.expect(422).expect_text(WRONG_CODE_NL);
            first
                .get("/start")
                .await
                .expect_redirect("/login/two-factor");
        }
        let code = t.fresh_code(&who.email);
        first
            .post("/login/two-factor", &[("code", &code), ("next", "/start")])
            .await
            .expect_redirect("/start");

        // The same code again, in a second browser, within its 30 seconds.
        let mut second = t.client();
        second
            .login_password(&who.email, PASSWORD, "/start")
            .await
            .expect(303);
        second
            .get("/login/two-factor?next=%2Fstart")
            .await
            .expect(200);
        second
            .post("/login/two-factor", &[("code", &code), ("next", "/start")])
            .await
            .expect(422)
            .expect_text(WRONG_CODE_NL);
        second
            .get("/start")
            .await
            .expect_redirect("/login/two-factor");
        // Nor can it be replayed through the enrolment form.
        second
            .post("/account/two-factor/setup", &[("code", &code)])
            .await
            .expect(409)
            .expect_no_text("recovery-codes");
        second
            .get("/start")
            .await
            .expect_redirect("/login/two-factor");

        let next = t.fresh_code(&who.email);
        second
            .post("/login/two-factor", &[("code", &next), ("next", "/start")])
            .await
            .expect_redirect("/start");
        second.get("/start").await.expect(200);
    }
);

db_test!(
    async fn five_wrong_codes_lock_the_second_factor(db: TestDb) {
        let (t, w) = setup(db).await;
        let who = &w.teacher_a;
        let mut browser = t.client();
        browser
            .login_password(&who.email, PASSWORD, "/start")
            .await
            .expect(303);
        browser
            .get("/login/two-factor?next=%2Fstart")
            .await
            .expect(200);
        for _ in 0..5 {
            browser
                .post(
                    "/login/two-factor",
                    &[("code", "000000"), ("next", "/start")],
                )
                .await
                .expect(422);
        }
        let code = t.fresh_code(&who.email);
        browser
            .post("/login/two-factor", &[("code", &code), ("next", "/start")])
            .await
            .expect(429)
            .expect_text("Te veel verkeerde codes. Probeer het over 15 minuten opnieuw");
        browser
            .get("/start")
            .await
            .expect_redirect("/login/two-factor");
    }
);

db_test!(
    async fn a_recovery_code_works_once(db: TestDb) {
        let (t, w) = setup(db).await;
        let who = &w.coordinator_a;
        let [code, other] = recovery_codes(who);
        let mut first = t.client();
        first
            .login_password(&who.email, PASSWORD, "/start")
            .await
            .expect(303);
        first
            .get("/login/two-factor?next=%2Fstart")
            .await
            .expect(200);
        // Typed in capitals and with spaces instead of dashes: still the code.
        let typed = code.to_uppercase().replace('-', " ");
        first
            .post("/login/recovery", &[("code", &typed), ("next", "/start")])
            .await
            .expect_redirect("/start");
        first.get("/start").await.expect(200);

        let mut second = t.client();
        second
            .login_password(&who.email, PASSWORD, "/start")
            .await
            .expect(303);
        second
            .get("/login/two-factor?next=%2Fstart")
            .await
            .expect(200);
        second
            .post("/login/recovery", &[("code", &code), ("next", "/start")])
            .await
            .expect(422)
            .expect_text(WRONG_CODE_NL);
        second
            .get("/start")
            .await
            .expect_redirect("/login/two-factor");
        second
            .post("/login/recovery", &[("code", &other), ("next", "/start")])
            .await
            .expect_redirect("/start");
    }
);

db_test!(
    async fn a_professional_without_totp_must_enrol_first(db: TestDb) {
        let (t, w) = setup(db).await;
        let hash = brug_app::crypto::hash_password(PASSWORD.to_owned())
            .await
            .expect("hash");
        let mut tx = t.db.begin().await.expect("begin");
        let id = users::insert_user(
            &mut tx,
            &users::NewUser {
                email: "nieuw@regenboog.example".into(),
                name: "Nieuwe Collega".into(),
                password_hash: Some(hash),
                platform_admin: false,
                pupil_id: None,
            },
            t.ts(),
        )
        .await
        .expect("user");
        users::add_membership(&mut tx, id, w.school_a, Role::Coordinator, t.ts())
            .await
            .expect("membership");
        tx.commit().await.expect("commit");

        let mut browser = t.client();
        browser
            .login_password("nieuw@regenboog.example", PASSWORD, "/start")
            .await
            .expect_redirect("/login/two-factor?next=%2Fstart");
        browser
            .get("/login/two-factor?next=%2Fstart")
            .await
            .expect_redirect("/account/two-factor/setup");
        for page in [
            "/start".to_owned(),
            format!("/pupils/{}", w.p10),
            format!("/schools/{}/pupils", w.school_a),
        ] {
            browser
                .get(&page)
                .await
                .expect_redirect("/account/two-factor/setup");
        }
        let setup = browser.get("/account/two-factor/setup").await;
        setup.expect(200).expect_text("data:image/svg+xml;base64,");
        let user = users::user(&t.db, id).await.expect("user").expect("exists");
        assert!(!user.totp_enabled);
        let secret = t
            .app
            .keys()
            .decrypt("totp", user.totp_secret_cipher.as_deref().expect("pending"))
            .expect("decrypt the pending secret");
        browser
            .post("/account/two-factor/setup", &[("code", "000000")])
            .await
            .expect(422)
            .expect_text(WRONG_CODE_NL);
        let code = brug_app::two_factor::code_at(&secret, t.unix_now());
        let done = browser
            .post("/account/two-factor/setup", &[("code", &code)])
            .await;
        done.expect(200);
        let shown = done
            .body
            .matches("<li class=\"utrecht-unordered-list__item\"><code>")
            .count();
        assert_eq!(shown, 10, "ten recovery codes are shown once");
        browser.get("/start").await.expect(200);
        browser
            .get(&format!("/pupils/{}", w.p10))
            .await
            .expect(200)
            .expect_text("Daan de Vries");
        let user = users::user(&t.db, id).await.expect("user").expect("exists");
        assert!(user.totp_enabled);
    }
);

db_test!(
    async fn logout_ends_the_session_for_good(db: TestDb) {
        let (t, w) = setup(db).await;
        let mut browser = t.client();
        browser.login(&w.coordinator_a.email, PASSWORD).await;
        let old = browser.cookie("brug_session").expect("cookie").to_owned();
        let resp = browser.post("/logout", &[]).await;
        resp.expect_redirect("/login");
        let cleared = resp.set_cookie("brug_session").expect("cookie cleared");
        assert!(cleared.contains("Max-Age=0"), "{cleared}");
        assert_eq!(browser.cookie("brug_session"), None);
        assert!(
            sessions::of_user(&t.db, w.coordinator_a.id, t.ts())
                .await
                .expect("sessions")
                .is_empty()
        );

        // The old cookie, kept by an attacker, opens nothing.
        browser.set_cookie("brug_session", &old);
        let again = browser.get("/start").await;
        again.expect_redirect("/login?next=%2Fstart");
        assert!(
            again
                .set_cookie("brug_session")
                .is_some_and(|c| c.contains("Max-Age=0")),
            "the stale cookie is cleared"
        );
        browser.set_cookie("brug_session", &old);
        browser
            .get(&format!("/pupils/{}", w.p10))
            .await
            .expect_redirect(&format!("/login?next=%2Fpupils%2F{}", w.p10));
        let (events, _) = t
            .audit(AuditQuery {
                actor_user: Some(w.coordinator_a.id),
                action: Some(AuditAction::Logout),
                ..AuditQuery::default()
            })
            .await;
        assert_eq!(events.len(), 1);
    }
);

db_test!(
    async fn a_deactivated_user_is_out_at_once(db: TestDb) {
        let (t, w) = setup(db).await;
        let mut browser = t.client();
        browser.login(&w.coordinator_a.email, PASSWORD).await;
        browser.get(&format!("/pupils/{}", w.p10)).await.expect(200);
        t.sql(&format!(
            "UPDATE users SET active = FALSE WHERE id = {}",
            w.coordinator_a.id
        ))
        .await;
        let before = t.audit_count().await;
        browser
            .get(&format!("/pupils/{}", w.p10))
            .await
            .expect_redirect(&format!("/login?next=%2Fpupils%2F{}", w.p10));
        browser
            .get("/start")
            .await
            .expect_redirect("/login?next=%2Fstart");
        assert_eq!(t.audit_count().await, before, "nothing was read");
        let again = t
            .client()
            .login_password(&w.coordinator_a.email, PASSWORD, "/start")
            .await;
        again.expect(422);
        assert_eq!(login_error(&again), LOGIN_FAILED_NL);
    }
);

db_test!(
    async fn a_session_ends_after_thirty_idle_minutes(db: TestDb) {
        let (t, w) = setup(db).await;
        let mut browser = t.client();
        browser.login(&w.care_worker_1.email, PASSWORD).await;
        t.advance(Duration::minutes(29));
        browser.get("/account").await.expect(200);
        t.advance(Duration::minutes(29));
        browser.get("/account").await.expect(200);
        t.advance(Duration::minutes(31));
        browser
            .get("/account")
            .await
            .expect_redirect("/login?next=%2Faccount");
        assert_eq!(
            browser.cookie("brug_session"),
            None,
            "the cookie is cleared"
        );
    }
);

db_test!(
    async fn a_session_ends_twelve_hours_after_login_however_active(db: TestDb) {
        let (t, w) = setup(db).await;
        let mut browser = t.client();
        browser.login(&w.care_worker_1.email, PASSWORD).await;
        let created = sessions::of_user(&t.db, w.care_worker_1.id, t.ts())
            .await
            .expect("sessions")[0]
            .created_at
            .get();
        let end = created + Duration::hours(12);
        loop {
            let step = Duration::minutes(20).min(end - t.now());
            t.advance(step);
            let resp = browser.get("/account").await;
            if t.now() >= end {
                resp.expect_redirect("/login?next=%2Faccount");
                break;
            }
            resp.expect(200);
        }
        assert!(
            sessions::of_user(&t.db, w.care_worker_1.id, t.ts())
                .await
                .expect("sessions")
                .is_empty()
        );
    }
);

async fn still_signed_in(browser: &mut crate::support::Client<'_>, who: &Person) {
    browser
        .get("/start")
        .await
        .expect(200)
        .expect_text(&who.name);
}

db_test!(
    async fn posts_without_a_valid_token_are_refused_and_change_nothing(db: TestDb) {
        let (t, w) = setup(db).await;
        let mut alice = t.client();
        alice.login(&w.coordinator_a.email, PASSWORD).await;
        let mut bob = t.client();
        bob.login(&w.parent.email, PASSWORD).await;
        let bobs_token = bob.csrf().expect("token").to_owned();
        let alices_token = alice.csrf().expect("token").to_owned();
        assert_ne!(alices_token, bobs_token);

        let before = t.audit_count().await;
        let forged = "A".repeat(alices_token.len());
        type Case<'a> = (&'a str, String, Vec<(&'a str, &'a str)>);
        let cases: Vec<Case> = vec![
            ("no token", String::new(), vec![]),
            ("forged token", form(&[("_csrf", &forged)]), vec![]),
            (
                "another session's token",
                form(&[("_csrf", &bobs_token)]),
                vec![],
            ),
            (
                "forged header",
                String::new(),
                vec![("x-csrf-token", &forged)],
            ),
            (
                "cross-site with a valid token",
                form(&[("_csrf", &alices_token)]),
                vec![("sec-fetch-site", "cross-site")],
            ),
        ];
        for (what, body, headers) in &cases {
            let resp = alice.post_raw("/logout", body, headers).await;
            assert_eq!(resp.status.as_u16(), 403, "{what}");
            assert_eq!(resp.h1(), Some(CSRF_TITLE_NL), "{what}");
            still_signed_in(&mut alice, &w.coordinator_a).await;
        }
        let reason = "Acute zorgen om de veiligheid van het kind";
        let resp = alice
            .post_raw(
                &format!("/pupils/{}/break-glass", w.pb),
                &form(&[("_csrf", &bobs_token), ("reason", reason)]),
                &[],
            )
            .await;
        resp.expect(403);
        assert_eq!(t.audit_count().await, before, "nothing was logged or read");

        // The header works as well as the field, and same-origin is fine.
        alice
            .post_raw(
                "/logout",
                "",
                &[
                    ("x-csrf-token", &alices_token),
                    ("sec-fetch-site", "same-origin"),
                ],
            )
            .await
            .expect_redirect("/login");
        alice
            .get("/start")
            .await
            .expect_redirect("/login?next=%2Fstart");
    }
);

db_test!(
    async fn a_login_without_a_token_is_refused(db: TestDb) {
        let (t, w) = setup(db).await;
        let before = t.audit_count().await;
        let mut eve = t.client();
        eve.get("/login").await.expect(200);
        let eves_token = eve.csrf().expect("token").to_owned();
        let mut victim = t.client();
        victim.get("/login").await.expect(200);
        let credentials = [("email", w.parent.email.as_str()), ("password", PASSWORD)];
        for (what, token) in [
            ("no token", None),
            ("someone else's token", Some(&eves_token)),
        ] {
            let mut fields = credentials.to_vec();
            if let Some(token) = token {
                fields.push(("_csrf", token));
            }
            let resp = victim.post_raw("/login", &form(&fields), &[]).await;
            assert_eq!(resp.status.as_u16(), 403, "{what}");
            assert_eq!(resp.set_cookie("brug_session"), None, "{what}");
        }
        assert_eq!(t.audit_count().await, before, "no login was attempted");
        assert!(
            sessions::of_user(&t.db, w.parent.id, t.ts())
                .await
                .expect("sessions")
                .is_empty()
        );
    }
);

db_test!(
    async fn redirects_after_login_stay_on_this_site(db: TestDb) {
        let (t, w) = setup(db).await;
        let evil = [
            "//evil.example/",
            "https://evil.example/",
            "/\\evil.example/",
            "/\t/evil.example/",
            "/\n/evil.example/",
            "javascript:alert(1)",
        ];
        let mut browser = t.client();
        for next in evil {
            let page = browser.get(&format!("/login?next={}", enc(next))).await;
            page.expect(200)
                .expect_text("name=\"next\" value=\"/start\"");
            browser
                .get(&format!("/lang/nl?next={}", enc(next)))
                .await
                .expect_redirect("/start");
        }
        for next in evil {
            let mut parent = t.client();
            parent
                .login_password(&w.parent.email, PASSWORD, next)
                .await
                .expect_redirect("/start");
            let mut pro = t.client();
            pro.login_password(&w.coordinator_a.email, PASSWORD, next)
                .await
                .expect_redirect("/login/two-factor?next=%2Fstart");
            pro.get(&format!("/login/two-factor?next={}", enc(next)))
                .await
                .expect(200)
                .expect_text("name=\"next\" value=\"/start\"");
            let code = t.fresh_code(&w.coordinator_a.email);
            pro.post("/login/two-factor", &[("code", &code), ("next", next)])
                .await
                .expect_redirect("/start");
        }
        // A local target is followed.
        let target = format!("/pupils/{}", w.p10);
        t.client()
            .login_password(&w.parent.email, PASSWORD, &target)
            .await
            .expect_redirect(&target);
    }
);

fn assert_security_headers(what: &str, resp: &Resp, is_page: bool) {
    let csp = resp
        .header("content-security-policy")
        .unwrap_or_else(|| panic!("{what}: no CSP"));
    assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
    assert!(!csp.contains("unsafe-eval"), "{what}: {csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
    assert!(csp.contains("default-src 'none'"), "{what}: {csp}");
    assert_eq!(
        resp.header("x-content-type-options"),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(resp.header("x-frame-options"), Some("DENY"), "{what}");
    let referrer = resp.header("referrer-policy").unwrap_or_default();
    assert!(
        [
            "no-referrer",
            "same-origin",
            "strict-origin-when-cross-origin"
        ]
        .contains(&referrer),
        "{what}: referrer policy {referrer:?}"
    );
    assert!(resp.header("x-request-id").is_some(), "{what}: request id");
    let cache = resp.header("cache-control").unwrap_or_default();
    if is_page {
        assert_eq!(cache, "no-store", "{what}");
    } else {
        assert!(
            !cache.contains("no-store") && cache.contains("max-age"),
            "{what}: {cache}"
        );
    }
}

db_test!(
    async fn every_response_carries_the_security_headers(db: TestDb) {
        let (t, w) = setup(db).await;
        let mut anon = t.client();
        let mut responses = vec![
            ("login page", anon.get("/login").await),
            ("redirect to login", anon.get("/start").await),
            ("unknown page", anon.get("/nergens").await),
            ("csrf refusal", anon.post_raw("/logout", "", &[]).await),
            ("healthz", anon.get("/healthz").await),
            ("readyz", anon.get("/readyz").await),
        ];
        let mut coordinator = t.client();
        responses.push((
            "login redirect",
            coordinator.login(&w.coordinator_a.email, PASSWORD).await,
        ));
        responses.push(("start", coordinator.get("/start").await));
        responses.push((
            "pupil file",
            coordinator.get(&format!("/pupils/{}", w.p10)).await,
        ));
        responses.push((
            "denied pupil file",
            coordinator.get(&format!("/pupils/{}", w.pb)).await,
        ));
        for (what, resp) in &responses {
            assert_security_headers(what, resp, true);
        }
        let css = anon.get("/static/brug.css").await;
        css.expect(200);
        assert_eq!(css.content_type(), Some("text/css; charset=utf-8"));
        assert_security_headers("stylesheet", &css, false);
        let statuses: Vec<u16> = responses.iter().map(|(_, r)| r.status.as_u16()).collect();
        assert_eq!(statuses, [200, 303, 404, 403, 200, 200, 303, 200, 200, 404]);
    }
);

db_test!(
    async fn health_and_readiness_answer_in_json(db: TestDb) {
        let engine = db.engine().name();
        let (t, _) = setup(db).await;
        let mut anon = t.client();
        let health = anon.get("/healthz").await;
        health.expect(200);
        assert_eq!(health.content_type(), Some("application/json"));
        let body: serde_json::Value = serde_json::from_str(&health.body).expect("json");
        assert_eq!(body, serde_json::json!({ "status": "ok" }));
        let ready = anon.get("/readyz").await;
        ready.expect(200);
        assert_eq!(ready.content_type(), Some("application/json"));
        let body: serde_json::Value = serde_json::from_str(&ready.body).expect("json");
        assert_eq!(
            body,
            serde_json::json!({ "status": "ready", "database": engine })
        );
    }
);
