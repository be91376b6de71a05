//! Accounts and their roles per organisation.

use brug_domain::registry::OrgKind;
use brug_domain::roles::Role;
use brug_store::registry::NewOrganisation;
use brug_store::users::{self, Membership, NewUser, User, UserListRow};
use brug_store::{Db, Engine, StoreError};
use brug_test_support::db_test;
use time::macros::date;

use crate::fixtures::{self, now};

async fn try_insert_user(db: &Db, user: &NewUser) -> Result<i64, StoreError> {
    let mut tx = db.begin().await.expect("begin");
    match users::insert_user(&mut tx, user, now()).await {
        Ok(id) => {
            tx.commit().await.expect("commit");
            Ok(id)
        }
        Err(e) => {
            tx.rollback().await.expect("rollback");
            Err(e)
        }
    }
}

async fn add_memberships(db: &Db, user: i64, roles: &[(i64, Role)]) {
    let mut tx = db.begin().await.expect("begin");
    for (org, role) in roles {
        users::add_membership(&mut tx, user, *org, *role, now())
            .await
            .expect("add membership");
    }
    tx.commit().await.expect("commit");
}

db_test!(
    async fn users_round_trip_every_field(db: TestDb) {
        let pupil = fixtures::insert_pupil(
            &db,
            &fixtures::new_pupil("Anouk", None, "Vries", date!(2008 - 01 - 01)),
        )
        .await;
        let full = NewUser {
            email: "fatima@example.nl".into(),
            name: "Fatima El Amrani".into(),
            password_hash: Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into()),
            platform_admin: true,
            pupil_id: Some(pupil),
        };
        let id = try_insert_user(&db, &full).await.expect("insert");
        let expected = User {
            id,
            email: full.email.clone(),
            name: full.name.clone(),
            password_hash: full.password_hash.clone(),
            active: true,
            platform_admin: true,
            pupil_id: Some(pupil),
            locale: None,
            totp_secret_cipher: None,
            totp_enabled: false,
            totp_last_step: None,
        };
        assert_eq!(
            users::user(&db, id).await.expect("read"),
            Some(expected.clone())
        );
        assert_eq!(
            users::user_by_email(&db, "fatima@example.nl")
                .await
                .expect("read"),
            Some(expected)
        );

        let bare = try_insert_user(&db, &fixtures::new_user("piet@example.nl", "Piet"))
            .await
            .expect("insert");
        let read = users::user(&db, bare).await.expect("read").expect("exists");
        assert_eq!(
            (
                read.password_hash,
                read.platform_admin,
                read.pupil_id,
                read.active
            ),
            (None, false, None, true)
        );

        // Columns the store only reads: set them behind its back.
        let blob = match db.engine() {
            Engine::Sqlite => "X'00FF10'",
            Engine::Postgres => "'\\x00ff10'::bytea",
        };
        db.execute_raw(&format!(
            "UPDATE users SET locale = 'en', totp_secret_cipher = {blob}, totp_enabled = TRUE,
             totp_last_step = 59000000123, active = FALSE WHERE id = {bare}"
        ))
        .await
        .expect("update");
        let read = users::user(&db, bare).await.expect("read").expect("exists");
        assert_eq!(read.locale.as_deref(), Some("en"));
        assert_eq!(read.totp_secret_cipher, Some(vec![0x00, 0xff, 0x10]));
        assert!(read.totp_enabled);
        assert_eq!(read.totp_last_step, Some(59_000_000_123));
        assert!(!read.active);

        assert_eq!(users::user(&db, bare + 100).await.expect("read"), None);
        assert_eq!(
            users::user_by_email(&db, "nobody@example.nl")
                .await
                .expect("read"),
            None
        );
    }
);

db_test!(
    async fn an_email_address_has_one_account(db: TestDb) {
        try_insert_user(&db, &fixtures::new_user("fatima@example.nl", "Fatima"))
            .await
            .expect("first");
        let again = try_insert_user(&db, &fixtures::new_user("fatima@example.nl", "Other")).await;
        assert!(
            matches!(again, Err(StoreError::Duplicate("email"))),
            "same email twice: {again:?}"
        );
        assert_eq!(users::list_users(&db).await.expect("list").len(), 1);
    }
);

db_test!(
    async fn memberships_are_listed_by_organisation_and_added_once(db: TestDb) {
        let zeist =
            fixtures::organisation(&db, NewOrganisation::new(OrgKind::School, "Zeist College"))
                .await;
        let anker =
            fixtures::organisation(&db, NewOrganisation::new(OrgKind::School, "Anker")).await;
        let user = fixtures::user(&db, "ib@example.nl").await;
        let other = fixtures::user(&db, "other@example.nl").await;
        add_memberships(
            &db,
            user,
            &[
                (zeist, Role::Teacher),
                (anker, Role::Teacher),
                (anker, Role::Coordinator),
                // Adding a role twice is harmless.
                (zeist, Role::Teacher),
            ],
        )
        .await;
        add_memberships(&db, user, &[(anker, Role::Coordinator)]).await;
        add_memberships(&db, other, &[(zeist, Role::PrivacyOfficer)]).await;

        let membership = |org_id: i64, org_name: &str, role: Role| Membership {
            org_id,
            org_name: org_name.into(),
            role,
        };
        assert_eq!(
            users::memberships(&db, user).await.expect("list"),
            [
                membership(anker, "Anker", Role::Coordinator),
                membership(anker, "Anker", Role::Teacher),
                membership(zeist, "Zeist College", Role::Teacher),
            ]
        );
        assert_eq!(
            users::memberships(&db, other).await.expect("list"),
            [membership(zeist, "Zeist College", Role::PrivacyOfficer)]
        );
        assert_eq!(users::memberships(&db, other + 1).await.expect("list"), []);

        // Every role survives the trip through its code.
        let all: Vec<(i64, Role)> = Role::ALL.iter().map(|r| (anker, *r)).collect();
        add_memberships(&db, other, &all).await;
        let roles: Vec<Role> = users::memberships(&db, other)
            .await
            .expect("list")
            .into_iter()
            .filter(|m| m.org_id == anker)
            .map(|m| m.role)
            .collect();
        assert_eq!(roles.len(), Role::ALL.len());
        for role in Role::ALL {
            assert!(roles.contains(&role), "{role:?}");
        }
    }
);

db_test!(
    async fn the_user_list_gathers_roles_per_user(db: TestDb) {
        let zeist =
            fixtures::organisation(&db, NewOrganisation::new(OrgKind::School, "Zeist College"))
                .await;
        let anker =
            fixtures::organisation(&db, NewOrganisation::new(OrgKind::School, "Anker")).await;
        let bea = fixtures::user(&db, "bea@example.nl").await;
        let adam = fixtures::user(&db, "adam@example.nl").await;
        let carl = fixtures::user(&db, "carl@example.nl").await;
        add_memberships(
            &db,
            bea,
            &[
                (zeist, Role::Teacher),
                (anker, Role::Coordinator),
                (anker, Role::Teacher),
            ],
        )
        .await;
        add_memberships(&db, carl, &[(zeist, Role::OrgAdmin)]).await;
        db.execute_raw(&format!(
            "UPDATE users SET active = FALSE, platform_admin = TRUE, totp_enabled = TRUE WHERE id = {carl}"
        ))
        .await
        .expect("update");

        let row = |id: i64, email: &str, roles: Option<&str>| UserListRow {
            id,
            email: email.into(),
            name: "Test Gebruiker".into(),
            active: true,
            platform_admin: false,
            totp_enabled: false,
            roles: roles.map(Into::into),
        };
        assert_eq!(
            users::list_users(&db).await.expect("list"),
            [
                row(adam, "adam@example.nl", None),
                row(
                    bea,
                    "bea@example.nl",
                    Some("coordinator@Anker, teacher@Anker, teacher@Zeist College")
                ),
                UserListRow {
                    active: false,
                    platform_admin: true,
                    totp_enabled: true,
                    ..row(carl, "carl@example.nl", Some("org_admin@Zeist College"))
                },
            ]
        );
    }
);
