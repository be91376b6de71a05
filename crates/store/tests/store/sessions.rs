//! Server-side sessions and login attempts.

use brug_store::sessions::{self, Session};
use brug_store::{Db, Ts};
use brug_test_support::db_test;

use crate::fixtures::{self, now, now_plus};

fn session(id: &str, user_id: i64, last_seen: Ts, expires: Ts) -> Session {
    Session {
        id: id.into(),
        user_id,
        created_at: now_plus(-3600),
        last_seen_at: last_seen,
        expires_at: expires,
        second_factor_done: false,
        ip: Some("2001:db8::1".into()),
        user_agent: Some("Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0".into()),
    }
}

async fn live(db: &Db, id: &str) -> Option<Session> {
    sessions::find_live(db, id, now()).await.expect("find_live")
}

db_test!(
    async fn sessions_round_trip_every_field(db: TestDb) {
        let user = fixtures::user(&db, "fatima@example.nl").await;
        let full = Session {
            second_factor_done: true,
            ..session("a".repeat(64).as_str(), user, now(), now_plus(1800))
        };
        let bare = Session {
            ip: None,
            user_agent: None,
            ..session("b".repeat(64).as_str(), user, now_plus(-1), now_plus(60))
        };
        sessions::insert(&db, &full).await.expect("insert");
        sessions::insert(&db, &bare).await.expect("insert");
        assert_eq!(live(&db, &full.id).await, Some(full.clone()));
        assert_eq!(live(&db, &bare.id).await, Some(bare.clone()));
        // Microseconds survive, on both engines.
        assert_eq!(
            live(&db, &full.id)
                .await
                .map(|s| s.last_seen_at.get().microsecond()),
            Some(123_456)
        );
        assert_eq!(live(&db, "unknown").await, None);
        assert_eq!(
            sessions::of_user(&db, user, now()).await.expect("of_user"),
            [full, bare],
            "most recently seen first"
        );
    }
);

db_test!(
    async fn expired_sessions_and_inactive_users_are_not_live(db: TestDb) {
        let user = fixtures::user(&db, "fatima@example.nl").await;
        let gone = fixtures::user(&db, "gone@example.nl").await;
        sessions::insert(&db, &session("ending", user, now(), now_plus(1)))
            .await
            .expect("insert");
        sessions::insert(&db, &session("ended", user, now(), now()))
            .await
            .expect("insert");
        sessions::insert(&db, &session("long-ago", user, now(), now_plus(-86_400)))
            .await
            .expect("insert");
        sessions::insert(&db, &session("deactivated", gone, now(), now_plus(3600)))
            .await
            .expect("insert");

        assert!(live(&db, "ending").await.is_some());
        assert_eq!(
            live(&db, "ended").await,
            None,
            "a session ends at expires_at"
        );
        assert_eq!(live(&db, "long-ago").await, None);
        assert!(live(&db, "deactivated").await.is_some());

        db.execute_raw(&format!(
            "UPDATE users SET active = FALSE WHERE id = {gone}"
        ))
        .await
        .expect("deactivate");
        assert_eq!(
            live(&db, "deactivated").await,
            None,
            "a deactivated account has no live session"
        );

        let ids = |list: Vec<Session>| list.into_iter().map(|s| s.id).collect::<Vec<_>>();
        assert_eq!(
            ids(sessions::of_user(&db, user, now()).await.expect("of_user")),
            ["ending"]
        );
        let mut earlier = ids(sessions::of_user(&db, user, now_plus(-2))
            .await
            .expect("of_user"));
        earlier.sort();
        assert_eq!(
            earlier,
            ["ended", "ending"],
            "live as seen two seconds earlier"
        );
    }
);

db_test!(
    async fn touch_second_factor_and_delete(db: TestDb) {
        let user = fixtures::user(&db, "fatima@example.nl").await;
        let other = fixtures::user(&db, "piet@example.nl").await;
        let s = session("s1", user, now_plus(-600), now_plus(60));
        sessions::insert(&db, &s).await.expect("insert");

        sessions::touch(&db, "s1", now(), now_plus(1800))
            .await
            .expect("touch");
        sessions::mark_second_factor_done(&db, "s1")
            .await
            .expect("second factor");
        assert_eq!(
            live(&db, "s1").await,
            Some(Session {
                last_seen_at: now(),
                expires_at: now_plus(1800),
                second_factor_done: true,
                ..s
            })
        );

        sessions::delete(&db, "s1").await.expect("delete");
        assert_eq!(live(&db, "s1").await, None);
        sessions::delete(&db, "s1")
            .await
            .expect("deleting twice is fine");

        for (id, owner) in [("u1", user), ("u2", user), ("u3", user), ("o1", other)] {
            sessions::insert(&db, &session(id, owner, now(), now_plus(60)))
                .await
                .expect("insert");
        }
        // An expired one of the user counts too: it is deleted all the same.
        sessions::insert(&db, &session("u4", user, now(), now_plus(-60)))
            .await
            .expect("insert");
        assert_eq!(
            sessions::delete_all_of_user(&db, user)
                .await
                .expect("delete all"),
            4
        );
        assert_eq!(
            sessions::delete_all_of_user(&db, user)
                .await
                .expect("delete all"),
            0
        );
        assert!(live(&db, "o1").await.is_some(), "other users keep theirs");
    }
);

db_test!(
    async fn expired_sessions_are_deleted(db: TestDb) {
        let user = fixtures::user(&db, "fatima@example.nl").await;
        for (id, expires) in [
            ("past", now_plus(-60)),
            ("exactly-now", now()),
            ("future", now_plus(60)),
        ] {
            sessions::insert(&db, &session(id, user, now_plus(-120), expires))
                .await
                .expect("insert");
        }
        assert_eq!(
            sessions::delete_expired(&db, now()).await.expect("delete"),
            2
        );
        assert_eq!(
            sessions::of_user(&db, user, now_plus(-3600))
                .await
                .expect("of_user")
                .into_iter()
                .map(|s| s.id)
                .collect::<Vec<_>>(),
            ["future"]
        );
    }
);

db_test!(
    async fn login_failures_count_since_the_last_success(db: TestDb) {
        let email = "fatima@example.nl";
        let attempt = |seconds: i64, ok: bool| {
            let db = db.db.clone();
            async move {
                sessions::record_login_attempt(
                    &db,
                    email,
                    Some("192.0.2.7"),
                    now_plus(seconds),
                    ok,
                )
                .await
                .expect("record");
            }
        };
        let failures = |since: i64| {
            let db = db.db.clone();
            async move {
                sessions::recent_failures(&db, email, now_plus(since))
                    .await
                    .expect("count")
            }
        };

        assert_eq!(failures(-3600).await, 0);
        for s in [-500, -400, -300] {
            attempt(s, false).await;
        }
        assert_eq!(failures(-3600).await, 3);
        assert_eq!(failures(-400).await, 1, "only attempts after `since`");

        attempt(-200, true).await;
        assert_eq!(failures(-3600).await, 0, "a success resets the count");

        attempt(-100, false).await;
        attempt(-50, false).await;
        assert_eq!(failures(-3600).await, 2, "failures after the success count");
        assert_eq!(failures(-75).await, 1);

        // Other addresses do not count.
        sessions::record_login_attempt(&db, "piet@example.nl", None, now(), false)
            .await
            .expect("record");
        assert_eq!(failures(-3600).await, 2);
        assert_eq!(
            sessions::recent_failures(&db, "piet@example.nl", now_plus(-1))
                .await
                .expect("count"),
            1
        );
    }
);

db_test!(
    async fn login_failures_count_per_address(db: TestDb) {
        let from = |email: &'static str, ip: Option<&'static str>, seconds: i64, ok: bool| {
            let db = db.db.clone();
            async move {
                sessions::record_login_attempt(&db, email, ip, now_plus(seconds), ok)
                    .await
                    .expect("record");
            }
        };
        from("a@example.nl", Some("192.0.2.7"), -30, false).await;
        from("b@example.nl", Some("192.0.2.7"), -20, false).await;
        from("c@example.nl", Some("192.0.2.7"), -10, true).await;
        from("d@example.nl", Some("192.0.2.7"), -5, false).await;
        from("a@example.nl", Some("198.51.100.1"), -5, false).await;
        from("a@example.nl", None, -5, false).await;
        from("a@example.nl", Some("192.0.2.7"), -7200, false).await;

        let count = |ip: &'static str, since: i64| {
            let db = db.db.clone();
            async move {
                sessions::recent_failures_from_ip(&db, ip, now_plus(since))
                    .await
                    .expect("count")
            }
        };
        // A success from the address does not reset it: it may be an attacker's own account.
        assert_eq!(count("192.0.2.7", -3600).await, 3);
        assert_eq!(count("192.0.2.7", -20).await, 1);
        assert_eq!(count("198.51.100.1", -3600).await, 1);
        assert_eq!(count("203.0.113.9", -3600).await, 0);
    }
);
