//! The demo generator against real databases (each test on SQLite and PostgreSQL).
//!
//! - determinism: same seed, same rows; another seed, other rows
//! - every generated code (BRIN, AGB, CBS code, BSN) passes the domain's validators
//! - counts per scale within 10% of the targets (small, region)
//! - the demo accounts: parent, pupil, platform admin, two-factor secrets
//! - refusing databases with real data or demo data already

use std::collections::HashSet;

use brug_app::crypto::{Keys, verify_password};
use brug_demo::{DEMO_PASSWORD, DemoCounts, DemoError, REFERENCE_DATE, Scale, accounts, generate};
use brug_domain::codes::{AgbCode, Brin, Bsn, GemeenteCode};
use brug_domain::registry::{OrgKind, age_on};
use brug_domain::roles::Role;
use brug_store::registry::{self, NewOrganisation};
use brug_store::{Engine, Ts, bulk, users};
use brug_test_support::{TestDb, db_test};

fn keys() -> Keys {
    Keys::from_parts([7; 32], [9; 32])
}

/// A second empty database on the same engine.
async fn another(db: &TestDb) -> TestDb {
    match db.engine() {
        Engine::Sqlite => TestDb::sqlite().await,
        Engine::Postgres => TestDb::postgres().await.expect("PostgreSQL is configured"),
    }
}

/// Every registry table with the columns that must come out the same for
/// the same seed (not the password hash and the encrypted BSN and TOTP
/// secret, whose nonces are random).
const TABLES: &[(&str, &[&str])] = &[
    (
        "organisations",
        &[
            "id",
            "kind",
            "name",
            "brin",
            "agb",
            "cbs_code",
            "municipality_id",
            "parent_id",
            "valid_from",
            "valid_until",
            "created_at",
        ],
    ),
    (
        "school_locations",
        &[
            "id",
            "school_id",
            "brin",
            "name",
            "city",
            "sector",
            "municipality_id",
            "swv_id",
            "created_at",
        ],
    ),
    (
        "pupils",
        &[
            "id",
            "given_name",
            "name_prefix",
            "family_name",
            "sort_name",
            "birth_date",
            "bsn_lookup",
            "shares_with_guardians",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "enrolments",
        &[
            "id",
            "pupil_id",
            "location_id",
            "school_id",
            "pupil_number",
            "sector",
            "grade",
            "residence_municipality_id",
            "start_date",
            "end_date",
            "created_at",
        ],
    ),
    (
        "guardians",
        &[
            "id",
            "pupil_id",
            "name",
            "relation",
            "email",
            "phone",
            "user_id",
            "created_at",
        ],
    ),
    (
        "users",
        &[
            "id",
            "email",
            "name",
            "active",
            "platform_admin",
            "pupil_id",
            "locale",
            "totp_enabled",
            "totp_last_step",
            "created_at",
        ],
    ),
    ("memberships", &["user_id", "org_id", "role", "created_at"]),
    ("meta", &["key", "value"]),
];

async fn dump(db: &TestDb, table: &str, columns: &[&str]) -> Vec<String> {
    bulk::rows_as_text(db, table, columns)
        .await
        .unwrap_or_else(|e| panic!("read {table}: {e}"))
}

async fn org_kinds(db: &TestDb) -> Vec<String> {
    dump(db, "organisations", &["kind", "id"])
        .await
        .into_iter()
        .map(|row| row.split('|').next().unwrap_or_default().to_owned())
        .collect()
}

db_test!(
    async fn the_same_seed_gives_the_same_rows(db: TestDb) {
        let keys = keys();
        generate(&db, &keys, Scale::Small, 11, false)
            .await
            .expect("first");
        let twin = another(&db).await;
        generate(&twin, &keys, Scale::Small, 11, false)
            .await
            .expect("second");
        let other = another(&db).await;
        generate(&other, &keys, Scale::Small, 12, false)
            .await
            .expect("third");
        for (table, columns) in TABLES {
            let a = dump(&db, table, columns).await;
            assert!(!a.is_empty(), "{table} is empty");
            let b = dump(&twin, table, columns).await;
            assert_eq!(a.len(), b.len(), "{table}: row counts differ");
            for (x, y) in a.iter().zip(&b) {
                assert_eq!(x, y, "{table} differs between two runs with one seed");
            }
        }
        for table in ["organisations", "pupils", "guardians", "enrolments"] {
            let columns = TABLES.iter().find(|(t, _)| *t == table).expect("listed").1;
            assert_ne!(
                dump(&db, table, columns).await,
                dump(&other, table, columns).await,
                "{table} is the same for another seed"
            );
        }
    }
);

db_test!(
    async fn every_code_passes_the_validators(db: TestDb) {
        let keys = keys();
        generate(&db, &keys, Scale::Small, 3, false)
            .await
            .expect("generate");
        let mut school_brins = std::collections::HashMap::new();
        let mut cbs = HashSet::new();
        for row in dump(
            &db,
            "organisations",
            &["id", "kind", "brin", "agb", "cbs_code"],
        )
        .await
        {
            let f: Vec<&str> = row.split('|').collect();
            let (id, kind, brin, agb, code) = (f[0], f[1], f[2], f[3], f[4]);
            match kind {
                "school" => {
                    let brin = Brin::parse(brin).expect("valid school BRIN");
                    assert_eq!(brin.vestiging(), None, "a school has a 4-character BRIN");
                    school_brins.insert(id.to_owned(), brin);
                }
                "care_provider" => {
                    assert_eq!(AgbCode::parse(agb).expect("valid AGB").as_str(), agb);
                }
                "municipality" => {
                    let code = GemeenteCode::parse(code).expect("valid CBS code");
                    assert!(code.number() >= 1);
                    assert!(cbs.insert(code), "CBS codes are unique");
                }
                _ => {
                    assert_eq!(brin, "∅", "{kind} has no BRIN");
                    assert_eq!(agb, "∅", "{kind} has no AGB");
                }
            }
        }
        assert!(!school_brins.is_empty() && !cbs.is_empty());
        for row in dump(&db, "school_locations", &["school_id", "brin"]).await {
            let (school, brin) = row.split_once('|').expect("two columns");
            let brin = Brin::parse(brin).expect("valid location BRIN");
            assert!(
                brin.vestiging().is_some(),
                "a location has a vestiging number"
            );
            assert_eq!(brin.institution(), school_brins[school].as_str());
        }
        let mut with_bsn = 0;
        let mut seen = HashSet::new();
        let rows = dump(&db, "pupils", &["id", "bsn_lookup"]).await;
        for row in &rows {
            let (id, lookup) = row.split_once('|').expect("two columns");
            let pupil = registry::pupil(&db, id.parse().expect("id"))
                .await
                .expect("read")
                .expect("pupil");
            match pupil.bsn_cipher {
                None => assert_eq!(lookup, "∅"),
                Some(cipher) => {
                    let plain = keys
                        .decrypt("bsn", &cipher)
                        .expect("decrypts with the data key");
                    let text = String::from_utf8(plain).expect("digits");
                    let bsn = Bsn::parse(&text).expect("valid BSN");
                    assert_eq!(bsn.as_str(), text);
                    assert_eq!(keys.bsn_lookup(&text), lookup);
                    assert!(seen.insert(text), "BSNs are unique");
                    with_bsn += 1;
                }
            }
        }
        let share = with_bsn as f64 / rows.len() as f64;
        assert!(
            (0.4..0.6).contains(&share),
            "about half have a BSN: {share}"
        );
    }
);

async fn check_counts(db: &TestDb, scale: Scale) {
    let report = generate(db, &keys(), scale, 2026, false)
        .await
        .expect("generate");
    let kinds = org_kinds(db).await;
    let kind = |k: OrgKind| kinds.iter().filter(|c| c.as_str() == k.code()).count() as u64;
    let found = DemoCounts {
        organisations: kinds.len() as u64,
        municipalities: kind(OrgKind::Municipality),
        swvs: kind(OrgKind::Swv),
        school_boards: kind(OrgKind::SchoolBoard),
        schools: kind(OrgKind::School),
        care_providers: kind(OrgKind::CareProvider),
        locations: bulk::count_rows(db, "school_locations")
            .await
            .expect("count") as u64,
        pupils: bulk::count_rows(db, "pupils").await.expect("count") as u64,
        guardians: bulk::count_rows(db, "guardians").await.expect("count") as u64,
        enrolments: bulk::count_rows(db, "enrolments").await.expect("count") as u64,
        users: bulk::count_rows(db, "users").await.expect("count") as u64,
    };
    assert_eq!(
        report.counts, found,
        "the report counts what is in the database"
    );
    let target = scale.targets();
    for (what, got, want) in [
        (
            "municipalities",
            found.municipalities,
            target.municipalities,
        ),
        ("partnerships", found.swvs, target.swvs),
        ("locations", found.locations, target.locations),
        ("pupils", found.pupils, target.pupils),
        (
            "care providers",
            found.care_providers,
            target.care_providers,
        ),
    ] {
        let diff = (got as f64 - want as f64).abs() / want as f64;
        assert!(diff <= 0.10, "{what}: {got} is not within 10% of {want}");
    }
    // Every municipality has its wijkteam, JGZ and leerplicht; every pupil
    // one or two guardians and a current or ended enrolment.
    for k in [OrgKind::Wijkteam, OrgKind::Jgz, OrgKind::Leerplicht] {
        assert_eq!(kind(k), found.municipalities, "{k:?} per municipality");
    }
    assert!(found.guardians >= found.pupils && found.guardians <= 2 * found.pupils);
    assert!(found.enrolments >= found.pupils);
    assert!(found.school_boards > 0 && found.schools >= found.school_boards);
    assert!(found.users as usize >= Role::ALL.len() + 3);
}

db_test!(
    async fn small_counts_are_near_the_targets(db: TestDb) {
        check_counts(&db, Scale::Small).await;
    }
);

db_test!(
    async fn region_counts_are_near_the_targets(db: TestDb) {
        check_counts(&db, Scale::Region).await;
    }
);

db_test!(
    async fn the_demo_accounts_fit_the_story(db: TestDb) {
        let keys = keys();
        let report = generate(&db, &keys, Scale::Small, 2026, false)
            .await
            .expect("generate");

        // The IB's school: the coordinator membership of ib@.
        let ib = users::user_by_email(&db, "ib@demo.brug.nl")
            .await
            .expect("read")
            .expect("ib");
        let ib_roles = users::memberships(&db, ib.id).await.expect("memberships");
        let school = ib_roles
            .iter()
            .find(|m| m.role == Role::Coordinator)
            .expect("the IB is a coordinator")
            .org_id;

        // The parent: guardian of two children at that school, under 12 and 12-15.
        let parent = users::user_by_email(&db, "ouder@demo.brug.nl")
            .await
            .expect("read")
            .expect("parent");
        let children = registry::pupils_of_guardian_user(&db, parent.id)
            .await
            .expect("children");
        assert_eq!(children.len(), 2, "the parent account has two children");
        let mut ages = Vec::new();
        for child in children {
            let pupil = registry::pupil(&db, child)
                .await
                .expect("read")
                .expect("pupil");
            ages.push(age_on(pupil.birth_date, REFERENCE_DATE));
            let enrolments = registry::enrolments_of_pupil(&db, child)
                .await
                .expect("enrolments");
            assert!(
                enrolments
                    .iter()
                    .any(|e| e.school_id == school && e.end_date.is_none()),
                "child {child} is enrolled at the IB's school"
            );
        }
        ages.sort_unstable();
        assert!(ages[0] < 12, "one child is under 12: {ages:?}");
        assert!((12..=15).contains(&ages[1]), "one child is 12-15: {ages:?}");
        assert!(
            users::memberships(&db, parent.id)
                .await
                .expect("m")
                .is_empty()
        );

        // The pupil account: 16, at the zorgcoördinator's school.
        let zc = users::user_by_email(&db, "zorgcoordinator@demo.brug.nl")
            .await
            .expect("read")
            .expect("zc");
        let vo_school = users::memberships(&db, zc.id).await.expect("m")[0].org_id;
        let pupil_user = users::user_by_email(&db, "leerling@demo.brug.nl")
            .await
            .expect("read")
            .expect("pupil");
        let pupil_id = pupil_user.pupil_id.expect("linked to a pupil");
        let pupil = registry::pupil(&db, pupil_id)
            .await
            .expect("read")
            .expect("pupil");
        assert_eq!(age_on(pupil.birth_date, REFERENCE_DATE), 16);
        let enrolments = registry::enrolments_of_pupil(&db, pupil_id)
            .await
            .expect("enrolments");
        assert!(
            enrolments
                .iter()
                .any(|e| e.school_id == vo_school && e.end_date.is_none())
        );

        // Platform admin.
        let admin = users::user_by_email(&db, "beheer@demo.brug.nl")
            .await
            .expect("read")
            .expect("admin");
        assert!(admin.platform_admin);

        // Every role, each professional with working two-factor, one password.
        let mut roles = HashSet::new();
        for account in &report.accounts {
            let user = users::user_by_email(&db, &account.email)
                .await
                .expect("read")
                .expect("user");
            for m in users::memberships(&db, user.id).await.expect("m") {
                roles.insert(m.role);
            }
            match &account.totp_secret_base32 {
                Some(secret) => {
                    assert!(user.totp_enabled, "{} has two-factor on", account.email);
                    let cipher = user.totp_secret_cipher.expect("secret stored");
                    let plain = keys.decrypt("totp", &cipher).expect("decrypts");
                    assert_eq!(plain.len(), 20);
                    assert_eq!(&brug_demo::base32(&plain), secret);
                }
                None => assert!(!user.totp_enabled && user.totp_secret_cipher.is_none()),
            }
        }
        assert_eq!(roles.len(), Role::ALL.len(), "every role has an account");
        let hash = ib.password_hash.expect("hash");
        assert!(verify_password(Some(hash), DEMO_PASSWORD.to_owned()).await);

        // What `generate` printed is what `accounts` reads back later.
        let stored = accounts(&db).await.expect("read").expect("demo accounts");
        assert_eq!(stored, report.accounts);
        let json = brug_store::meta::get(&db, brug_demo::META_ACCOUNTS)
            .await
            .expect("read")
            .expect("set");
        assert!(!json.contains("argon2"), "no password hashes in meta");

        // New rows continue after the generated ids (PostgreSQL sequences).
        let mut tx = db.begin().await.expect("begin");
        let id = registry::insert_organisation(
            &mut tx,
            &NewOrganisation::new(OrgKind::Wijkteam, "Nieuw wijkteam"),
            Ts::new(time::OffsetDateTime::UNIX_EPOCH),
        )
        .await
        .expect("insert after the demo data");
        tx.commit().await.expect("commit");
        assert_eq!(id, report.counts.organisations as i64 + 1);
    }
);

db_test!(
    async fn a_database_with_real_data_is_refused(db: TestDb) {
        let mut tx = db.begin().await.expect("begin");
        registry::insert_organisation(
            &mut tx,
            &NewOrganisation::new(OrgKind::Municipality, "Gemeente Echt"),
            Ts::new(time::OffsetDateTime::UNIX_EPOCH),
        )
        .await
        .expect("insert");
        tx.commit().await.expect("commit");
        let err = generate(&db, &keys(), Scale::Small, 1, false)
            .await
            .expect_err("refused");
        assert!(matches!(err, DemoError::RealData), "{err}");
        assert_eq!(
            err.to_string(),
            "this database holds real data; refusing to add demo data"
        );
        assert_eq!(accounts(&db).await.expect("read"), None);
        assert_eq!(
            bulk::count_rows(&db, "organisations").await.expect("count"),
            1
        );
    }
);

db_test!(
    async fn a_database_with_demo_data_is_refused(db: TestDb) {
        assert_eq!(accounts(&db).await.expect("read"), None);
        generate(&db, &keys(), Scale::Small, 5, false)
            .await
            .expect("first");
        let before = bulk::count_rows(&db, "pupils").await.expect("count");
        let err = generate(&db, &keys(), Scale::Small, 6, false)
            .await
            .expect_err("refused");
        let text = err.to_string();
        assert!(matches!(err, DemoError::AlreadyDemo { .. }), "{text}");
        assert!(
            text.contains("scale small")
                && text.contains("seed 5")
                && text.contains("--database-url"),
            "{text}"
        );
        assert_eq!(
            bulk::count_rows(&db, "pupils").await.expect("count"),
            before
        );
    }
);

db_test!(
    async fn bulk_loaded_organisations_and_pupils_are_searchable(db: TestDb) {
        let keys = keys();
        generate(&db, &keys, Scale::Small, 2026, false)
            .await
            .expect("generate");
        let ib = users::user_by_email(&db, "ib@demo.brug.nl")
            .await
            .expect("read")
            .expect("ib");
        let school = users::memberships(&db, ib.id).await.expect("memberships")[0].clone();
        // The school is found by a folded word of its name, like one typed by hand.
        let word = school
            .org_name
            .split_whitespace()
            .last()
            .expect("a word")
            .to_uppercase();
        let found = brug_store::registry::list_organisations(
            &db,
            &brug_store::registry::OrgQuery {
                search: word.clone(),
                limit: 50,
                ..Default::default()
            },
        )
        .await
        .expect("search");
        assert!(
            found.rows.iter().any(|o| o.id == school.org_id),
            "searching {word:?} finds {}",
            school.org_name
        );
    }
);
