//! The account lifecycle: an administrator invites someone, who chooses a
//! password through the single-use link and sets up two-step verification;
//! password reset; deactivation ends sessions at once; the outbox never shows
//! a link that would let an administrator take over an account.

use brug_store::lifecycle;
use brug_test_support::db_test;
use time::Duration;

use crate::support::{Client, PASSWORD, TestApp, World};

async fn setup(db: brug_test_support::TestDb) -> (TestApp, World) {
    let t = TestApp::start(db).await;
    let w = World::build(&t).await;
    (t, w)
}

async fn signed_in<'a>(t: &'a TestApp, email: &str) -> Client<'a> {
    let mut client = t.client();
    client.login(email, PASSWORD).await;
    client
}

/// The link in the newest mail to `email`, read straight from the outbox table.
async fn link_in_mail(t: &TestApp, email: &str, marker: &str) -> String {
    let mails = lifecycle::list_mail(&t.db, None, 50).await.expect("outbox");
    let mail = mails
        .iter()
        .find(|m| m.to_email == email)
        .expect("a mail to this address");
    assert!(
        !mail.body.contains("Daan") && !mail.body.contains("Vries"),
        "no personal details in mail"
    );
    let start = mail.body.find(marker).expect("a link in the mail");
    let rest = &mail.body[start..];
    rest.split_whitespace().next().expect("link").to_owned()
}

db_test!(
    async fn an_invited_colleague_chooses_a_password_and_sets_up_two_step_login(db: TestDb) {
        let (t, w) = setup(db).await;
        let mut admin = signed_in(&t, &w.org_admin_a.email).await;
        let users = format!("/organisations/{}/users", w.school_a);
        admin.get(&users).await.expect(200);
        admin
            .post(
                &format!("{users}/invite"),
                &[("email", "geen-email"), ("name", ""), ("role", "teacher")],
            )
            .await
            .expect(422)
            .expect_text("Dit e-mailadres klopt niet")
            .expect_text("Dit veld is verplicht");
        admin
            .post(
                &format!("{users}/invite"),
                &[
                    ("email", "Nieuwe.Collega@Regenboog.example"),
                    ("name", "Nieuwe Collega"),
                    ("role", "teacher"),
                ],
            )
            .await
            .expect(303);
        admin
            .get(&users)
            .await
            .expect(200)
            .expect_text("nieuwe.collega@regenboog.example")
            .expect_text("uitgenodigd");
        // Without SMTP the administrator reads the invitation in the outbox.
        admin
            .get(&format!("/organisations/{}/outbox", w.school_a))
            .await
            .expect(200)
            .expect_text("/invite/");

        let link = link_in_mail(&t, "nieuwe.collega@regenboog.example", "/invite/").await;
        let path = link.trim_start_matches("http://127.0.0.1:8080").to_owned();
        let mut newbie = t.client();
        newbie
            .get(&path)
            .await
            .expect(200)
            .expect_text("nieuwe.collega@regenboog.example");
        newbie
            .post(&path, &[("password", "kort"), ("repeat", "kort")])
            .await
            .expect(422)
            .expect_text("minstens 10 tekens");
        newbie
            .post(
                &path,
                &[
                    ("password", "een lange zin als wachtwoord"),
                    ("repeat", "een andere zin als wachtwoord"),
                ],
            )
            .await
            .expect(422)
            .expect_text("niet gelijk");
        newbie
            .post(
                &path,
                &[
                    ("password", "een lange zin als wachtwoord"),
                    ("repeat", "een lange zin als wachtwoord"),
                ],
            )
            .await
            .expect_redirect("/login");
        // The link works once.
        newbie
            .get(&path)
            .await
            .expect(410)
            .expect_text("Deze link werkt niet meer");
        // A professional must set up two-step verification before anything else.
        let resp = newbie
            .login_password(
                "nieuwe.collega@regenboog.example",
                "een lange zin als wachtwoord",
                "/start",
            )
            .await;
        resp.expect(303);
        let setup = newbie.get("/login/two-factor?next=%2Fstart").await;
        setup.expect_redirect("/account/two-factor/setup");
        newbie
            .get("/start")
            .await
            .expect_redirect("/account/two-factor/setup");
        newbie
            .get("/account/two-factor/setup")
            .await
            .expect(200)
            .expect_text("id=\"totp-secret\"");
    }
);

db_test!(
    async fn links_expire_and_a_reset_never_shows_in_the_outbox(db: TestDb) {
        let (t, w) = setup(db).await;
        let mut anon = t.client();
        anon.get("/password/forgot").await.expect(200);
        anon.post("/password/forgot", &[("email", &w.parent.email)])
            .await
            .expect(200)
            .expect_text("onderweg");
        // The same answer for an address without an account.
        anon.post("/password/forgot", &[("email", "onbekend@nergens.example")])
            .await
            .expect(200)
            .expect_text("onderweg");
        let link = link_in_mail(&t, &w.parent.email, "/password/reset/").await;
        let path = link.trim_start_matches("http://127.0.0.1:8080").to_owned();
        // The platform administrator sees the mail, but never its link.
        let mut admin = signed_in(&t, &w.platform_admin.email).await;
        let outbox = admin.get("/admin/outbox").await;
        outbox.expect(200).expect_text("Nieuw wachtwoord voor Brug");
        let token = path.trim_start_matches("/password/reset/");
        assert!(
            !outbox.body.contains(token),
            "the reset token must not be shown"
        );
        // Two hours later the link has expired.
        t.advance(Duration::hours(3));
        anon.get(&path).await.expect(410);
    }
);

db_test!(
    async fn a_reset_changes_the_password_and_ends_old_sessions(db: TestDb) {
        let (t, w) = setup(db).await;
        let mut old = signed_in(&t, &w.parent.email).await;
        old.get("/start").await.expect(200);
        let mut anon = t.client();
        anon.get("/password/forgot").await.expect(200);
        anon.post("/password/forgot", &[("email", &w.parent.email)])
            .await
            .expect(200);
        let link = link_in_mail(&t, &w.parent.email, "/password/reset/").await;
        let path = link.trim_start_matches("http://127.0.0.1:8080").to_owned();
        anon.get(&path).await.expect(200);
        anon.post(
            &path,
            &[
                ("password", "mijn nieuwe wachtwoordzin"),
                ("repeat", "mijn nieuwe wachtwoordzin"),
            ],
        )
        .await
        .expect_redirect("/login");
        old.get("/start").await.expect(303);
        let resp = anon
            .login_password(&w.parent.email, PASSWORD, "/start")
            .await;
        resp.expect(422);
        let resp = anon
            .login_password(&w.parent.email, "mijn nieuwe wachtwoordzin", "/start")
            .await;
        resp.expect_redirect("/start");
    }
);

db_test!(
    async fn deactivation_ends_the_sessions_of_that_user_at_once(db: TestDb) {
        let (t, w) = setup(db).await;
        let mut teacher = signed_in(&t, &w.teacher_a.email).await;
        teacher.get("/start").await.expect(200);
        let mut admin = signed_in(&t, &w.org_admin_a.email).await;
        let users = format!("/organisations/{}/users", w.school_a);
        admin.get(&users).await.expect(200);
        // An administrator cannot lock themselves out.
        admin
            .post(&format!("{users}/{}/deactivate", w.org_admin_a.id), &[])
            .await
            .expect(409);
        admin
            .post(&format!("{users}/{}/deactivate", w.teacher_a.id), &[])
            .await
            .expect(303);
        teacher.get("/start").await.expect(303);
        let resp = teacher
            .login_password(&w.teacher_a.email, PASSWORD, "/start")
            .await;
        resp.expect(422);
        admin
            .get(&users)
            .await
            .expect(200)
            .expect_text("gedeactiveerd");
        admin
            .post(&format!("{users}/{}/reactivate", w.teacher_a.id), &[])
            .await
            .expect(303);
        let mut again = t.client();
        again.login(&w.teacher_a.email, PASSWORD).await;
    }
);
