//! The demo generator against real databases (each test on SQLite and PostgreSQL).
//!
//! - determinism: same seed, same rows; another seed, other rows
//! - every generated code (BRIN, AGB, CBS code, BSN) passes the domain's validators
//! - counts per scale within 10% of the targets (small, region)
//! - the demo accounts: parent, pupil, platform admin, two-factor secrets
//! - refusing databases with real data or demo data already

use std::collections::HashSet;

use brug_app::crypto::{Keys, verify_password};
use brug_demo::{
    DEMO_PASSWORD, DemoCounts, DemoError, LearningCounts, REFERENCE_DATE, Scale, accounts, generate,
};
use brug_domain::cases::{CaseOutcome, CaseStatus};
use brug_domain::codes::{AgbCode, Brin, Bsn, GemeenteCode};
use brug_domain::learning::{Perspective, Theme};
use brug_domain::registry::{OrgKind, age_on};
use brug_domain::roles::Role;
use brug_store::registry::{self, NewOrganisation};
use brug_store::{Engine, Ts, bulk, learning, users};
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
    ("region_municipalities", &["municipality_id", "region_id"]),
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

/// The learning network's tables, compared like the others.
const LEARNING_TABLES: &[(&str, &[&str])] = &[
    (
        "learning_networks",
        &["id", "kind", "name", "facilitator_user_id", "created_at"],
    ),
    (
        "learning_members",
        &[
            "id",
            "network_id",
            "user_id",
            "name",
            "perspective",
            "left_at",
        ],
    ),
    (
        "learning_sessions",
        &[
            "id",
            "network_id",
            "kind",
            "held_on",
            "case_id",
            "story",
            "story_status",
        ],
    ),
    (
        "learning_contributions",
        &[
            "id",
            "session_id",
            "member_id",
            "perspective",
            "question",
            "body",
        ],
    ),
    (
        "learning_items",
        &[
            "id",
            "network_id",
            "session_id",
            "kind",
            "theme",
            "level",
            "sector",
            "body",
        ],
    ),
    (
        "learning_actions",
        &[
            "id",
            "network_id",
            "due_on",
            "status",
            "followed_up_session_id",
        ],
    ),
    ("learning_terms", &["id", "term", "proposed_by"]),
    (
        "learning_scans",
        &["id", "org_id", "partner_org_id", "status", "completed_at"],
    ),
    ("learning_scan_answers", &["scan_id", "theme", "score"]),
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
        for (table, columns) in TABLES.iter().chain(CASE_TABLES).chain(LEARNING_TABLES) {
            let a = dump(&db, table, columns).await;
            assert!(!a.is_empty(), "{table} is empty");
            let b = dump(&twin, table, columns).await;
            assert_eq!(a.len(), b.len(), "{table}: row counts differ");
            for (x, y) in a.iter().zip(&b) {
                assert_eq!(x, y, "{table} differs between two runs with one seed");
            }
        }
        for table in [
            "organisations",
            "pupils",
            "guardians",
            "enrolments",
            "cases",
            "case_members",
            "plan_section_versions",
            "case_events",
        ] {
            let columns = TABLES
                .iter()
                .chain(CASE_TABLES)
                .find(|(t, _)| *t == table)
                .expect("listed")
                .1;
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
        case_tables: {
            let mut tables = Vec::new();
            for (table, _) in &report.counts.case_tables {
                tables.push((
                    *table,
                    bulk::count_rows(db, table).await.expect("count") as u64,
                ));
            }
            tables
        },
        learning: learning_counts(db).await,
    };
    // The learning network is the same at every scale.
    assert_eq!(found.learning.rows(), 128, "{:?}", found.learning);
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
    // Every municipality lies in one youth care region; every region has
    // municipalities (two regions at the small scale, three at the region
    // scale).
    let members = dump(
        db,
        "region_municipalities",
        &["municipality_id", "region_id"],
    )
    .await;
    assert_eq!(members.len() as u64, found.municipalities);
    let regions: HashSet<&str> = members.iter().filter_map(|r| r.split('|').nth(1)).collect();
    assert_eq!(regions.len() as u64, kind(OrgKind::Region));
    assert!(kind(OrgKind::Region) >= 2, "{members:?}");
    // The phase history holds every closing, on the day the case closed.
    let closings: HashSet<String> = dump(
        db,
        "case_phase_changes",
        &["case_id", "to_status", "changed_on"],
    )
    .await
    .into_iter()
    .collect();
    let closed: Vec<String> = dump(db, "cases", &["id", "status", "closed_on"])
        .await
        .into_iter()
        .filter(|r| r.contains("|closed|"))
        .collect();
    assert!(!closed.is_empty());
    for c in &closed {
        assert!(closings.contains(c), "no closing in the history for {c}");
    }
    assert!(found.guardians >= found.pupils && found.guardians <= 2 * found.pupils);
    assert!(found.enrolments >= found.pupils);
    assert!(found.school_boards > 0 && found.schools >= found.school_boards);
    assert!(found.users as usize >= Role::ALL.len() + 3);
    check_case_mix(db, scale, &found).await;
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

// ---------------------------------------------------------------------------
// Cases (S3): determinism, teams, consistency, the demo accounts' cases, mix
// ---------------------------------------------------------------------------

/// The case tables with every column (none is random per run).
const CASE_TABLES: &[(&str, &[&str])] = &[
    (
        "case_phase_changes",
        &[
            "case_id",
            "from_status",
            "to_status",
            "changed_on",
            "outcome",
            "changed_at",
        ],
    ),
    (
        "consents",
        &[
            "id",
            "pupil_id",
            "case_id",
            "given_by_user_id",
            "given_by_name",
            "given_by_relation",
            "given_by_young_person",
            "recipient_org_id",
            "recipient_user_id",
            "purpose",
            "scope",
            "valid_from",
            "valid_until",
            "withdrawn_at",
            "withdrawn_by_user_id",
            "recorded_by_user_id",
            "created_at",
        ],
    ),
    (
        "cases",
        &[
            "id",
            "pupil_id",
            "school_id",
            "title",
            "status",
            "lead_domain",
            "first_signal_on",
            "help_started_on",
            "closed_on",
            "close_reason",
            "outcome",
            "version",
            "last_activity_on",
            "created_by_user_id",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "case_members",
        &[
            "id",
            "case_id",
            "user_id",
            "guardian_id",
            "org_id",
            "role_in_case",
            "basis",
            "consent_id",
            "legal_task",
            "is_lead",
            "added_by_user_id",
            "added_at",
            "removed_at",
        ],
    ),
    (
        "plan_sections",
        &[
            "case_id",
            "section",
            "body",
            "version",
            "updated_by_user_id",
            "updated_at",
        ],
    ),
    (
        "plan_section_versions",
        &[
            "id",
            "case_id",
            "section",
            "version",
            "body",
            "author_user_id",
            "author_name",
            "created_at",
        ],
    ),
    (
        "goals",
        &[
            "id",
            "case_id",
            "description",
            "contributors",
            "indicator",
            "start_on",
            "target_on",
            "status",
            "version",
            "created_by_user_id",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "goal_progress",
        &[
            "id",
            "goal_id",
            "case_id",
            "note",
            "score",
            "author_user_id",
            "author_name",
            "created_at",
        ],
    ),
    (
        "meetings",
        &[
            "id",
            "case_id",
            "held_on",
            "kind",
            "participants",
            "agenda",
            "notes",
            "decisions",
            "with_school",
            "with_care",
            "with_parents",
            "created_by_user_id",
            "created_at",
        ],
    ),
    (
        "agreements",
        &[
            "id",
            "case_id",
            "action",
            "party",
            "kind",
            "owner_user_id",
            "owner_name",
            "due_on",
            "done_on",
            "meeting_id",
            "version",
            "created_by_user_id",
            "created_at",
        ],
    ),
    (
        "financing_lines",
        &[
            "id",
            "case_id",
            "stream",
            "purpose",
            "hours",
            "amount_cents",
            "period_from",
            "period_until",
            "created_by_user_id",
            "created_at",
        ],
    ),
    (
        "evaluations",
        &[
            "id",
            "case_id",
            "planned_on",
            "held_on",
            "decision",
            "reasons",
            "created_by_user_id",
            "created_at",
        ],
    ),
    (
        "evaluation_scores",
        &["id", "evaluation_id", "goal_id", "score", "note"],
    ),
    (
        "escalations",
        &[
            "id",
            "case_id",
            "level",
            "question",
            "decider",
            "deadline",
            "outcome",
            "decided_on",
            "opened_by_user_id",
            "evaluation_id",
            "created_at",
        ],
    ),
    (
        "attendance",
        &[
            "id",
            "pupil_id",
            "status",
            "since",
            "note",
            "recorded_by_user_id",
            "created_at",
        ],
    ),
    (
        "case_events",
        &[
            "id",
            "case_id",
            "kind",
            "summary",
            "ref_id",
            "actor_user_id",
            "actor_name",
            "occurred_at",
        ],
    ),
];

/// A table as rows of fields (`∅` for NULL), ordered by the first column.
async fn fields(db: &TestDb, table: &str, columns: &[&str]) -> Vec<Vec<String>> {
    dump(db, table, columns)
        .await
        .into_iter()
        .map(|row| row.split('|').map(str::to_owned).collect())
        .collect()
}

fn null(v: &str) -> bool {
    v == "∅"
}

/// A date, or the date part of a timestamp, as `YYYY-MM-DD` (sorts as text).
fn day(v: &str) -> &str {
    v.get(..10).unwrap_or(v)
}

fn reference() -> String {
    REFERENCE_DATE.to_string()
}

/// Six weeks before the reference date: older activity means stalled.
fn stalled_before() -> String {
    (REFERENCE_DATE - time::Duration::weeks(brug_domain::cases::STALLED_WEEKS)).to_string()
}

fn is_true(v: &str) -> bool {
    matches!(v, "1" | "true" | "t")
}

db_test!(
    async fn every_case_has_one_professional_lead_and_every_seat_a_basis(db: TestDb) {
        generate(&db, &keys(), Scale::Small, 2026, false)
            .await
            .expect("generate");
        let today = reference();
        let cases = fields(&db, "cases", &["id", "pupil_id", "status"]).await;
        assert!(cases.len() > 300, "cases: {}", cases.len());
        let case_of: std::collections::HashMap<&str, (&str, &str)> = cases
            .iter()
            .map(|c| (c[0].as_str(), (c[1].as_str(), c[2].as_str())))
            .collect();
        let consents = fields(
            &db,
            "consents",
            &[
                "id",
                "pupil_id",
                "valid_from",
                "valid_until",
                "withdrawn_at",
                "given_by_relation",
                "case_id",
            ],
        )
        .await;
        let consent_of: std::collections::HashMap<&str, &Vec<String>> =
            consents.iter().map(|c| (c[0].as_str(), c)).collect();
        let guardians = fields(&db, "guardians", &["id", "pupil_id"]).await;
        let guardian_pupil: std::collections::HashMap<&str, &str> = guardians
            .iter()
            .map(|g| (g[0].as_str(), g[1].as_str()))
            .collect();
        let mut roles: std::collections::HashMap<(String, String), Role> = Default::default();
        for m in fields(&db, "memberships", &["user_id", "org_id", "role"]).await {
            roles.insert(
                (m[0].clone(), m[1].clone()),
                Role::from_code(&m[2]).expect("role"),
            );
        }
        let members = fields(
            &db,
            "case_members",
            &[
                "id",
                "case_id",
                "user_id",
                "guardian_id",
                "org_id",
                "basis",
                "consent_id",
                "legal_task",
                "is_lead",
                "removed_at",
            ],
        )
        .await;
        let mut leads: std::collections::HashMap<&str, usize> = Default::default();
        let mut consent_seats = 0;
        for m in &members {
            let (case, user, guardian, org, basis, consent, task, lead, removed) = (
                m[1].as_str(),
                m[2].as_str(),
                m[3].as_str(),
                m[4].as_str(),
                m[5].as_str(),
                m[6].as_str(),
                m[7].as_str(),
                is_true(&m[8]),
                !null(&m[9]),
            );
            let (pupil, status) = case_of[case];
            if lead {
                assert!(!removed, "a removed member is not the lead");
                *leads.entry(case).or_default() += 1;
            }
            match basis {
                "legal_task" | "consent" => {
                    assert!(!null(user) && null(guardian), "a professional seat: {m:?}");
                    let role = roles
                        .get(&(user.to_owned(), org.to_owned()))
                        .unwrap_or_else(|| panic!("member {user} has a role at {org}"));
                    assert!(role.works_with_children(), "{role} works with children");
                    if basis == "legal_task" {
                        assert!(null(consent), "{m:?}");
                        assert!(
                            brug_domain::access::LegalTask::from_code(task).is_some(),
                            "legal task {task}"
                        );
                    } else {
                        consent_seats += 1;
                        assert!(null(task), "{m:?}");
                        let k = consent_of
                            .get(consent)
                            .unwrap_or_else(|| panic!("consent {consent} exists"));
                        assert_eq!(k[1], pupil, "the consent is for the case's pupil");
                        assert_eq!(k[6], case, "the consent was given in this case");
                        assert!(
                            matches!(
                                k[5].as_str(),
                                "guardian" | "young_person" | "guardian+young_person"
                            ),
                            "{k:?}"
                        );
                        if status != "closed" && !removed {
                            assert!(day(&k[2]) <= today.as_str(), "consent started: {k:?}");
                            assert!(
                                null(&k[3]) || day(&k[3]) >= today.as_str(),
                                "consent not expired: {k:?}"
                            );
                            assert!(null(&k[4]), "consent not withdrawn: {k:?}");
                        }
                        if removed {
                            assert!(!null(&k[4]), "a removed consent seat: consent withdrawn");
                        }
                    }
                    if lead {
                        assert_eq!(basis, "legal_task", "the lead rests on a legal task");
                    }
                }
                "family" => {
                    assert!(null(user) && !null(guardian) && !lead, "{m:?}");
                    assert_eq!(guardian_pupil[guardian], pupil, "a guardian of the pupil");
                }
                other => panic!("unknown basis {other}"),
            }
        }
        assert!(consent_seats > 20, "consent seats: {consent_seats}");
        for id in case_of.keys() {
            assert_eq!(
                leads.get(id).copied().unwrap_or(0),
                1,
                "case {id} has one lead"
            );
        }
    }
);

db_test!(
    async fn phases_dates_and_scores_are_consistent(db: TestDb) {
        generate(&db, &keys(), Scale::Small, 7, false)
            .await
            .expect("generate");
        let today = reference();
        let stalled = stalled_before();
        let cases = fields(
            &db,
            "cases",
            &[
                "id",
                "status",
                "first_signal_on",
                "help_started_on",
                "closed_on",
                "outcome",
                "close_reason",
                "last_activity_on",
                "version",
                "lead_domain",
            ],
        )
        .await;
        // Activity per case: meetings and the plan, progress and status events.
        let mut activity: std::collections::HashMap<String, String> = Default::default();
        for m in fields(&db, "meetings", &["case_id", "held_on"]).await {
            let e = activity.entry(m[0].clone()).or_default();
            if day(&m[1]) > e.as_str() {
                *e = day(&m[1]).to_owned();
            }
        }
        for e in fields(&db, "case_events", &["case_id", "kind", "occurred_at"]).await {
            assert!(
                day(&e[2]) <= today.as_str(),
                "events happened before today: {e:?}"
            );
            if matches!(e[1].as_str(), "plan" | "progress" | "status") {
                let a = activity.entry(e[0].clone()).or_default();
                if day(&e[2]) > a.as_str() {
                    *a = day(&e[2]).to_owned();
                }
            }
        }
        let mut stalled_cases = 0;
        let mut open = 0;
        for c in &cases {
            let (id, status) = (c[0].as_str(), c[1].as_str());
            let (first, help, closed, outcome, reason, last) = (
                c[2].as_str(),
                c[3].as_str(),
                c[4].as_str(),
                c[5].as_str(),
                c[6].as_str(),
                c[7].as_str(),
            );
            assert!(CaseStatus::from_code(status).is_some(), "{status}");
            assert!(c[8].parse::<i64>().expect("version") >= 1);
            assert!(
                first <= today.as_str() && last <= today.as_str() && first <= last,
                "{c:?}"
            );
            match status {
                "closed" => {
                    assert!(!null(closed) && !null(reason), "{c:?}");
                    assert!(CaseOutcome::from_code(outcome).is_some(), "{c:?}");
                    assert!(closed >= first && closed <= today.as_str(), "{c:?}");
                    assert_eq!(last, closed, "a closed case was last touched when closed");
                }
                _ => {
                    open += 1;
                    assert!(null(closed) && null(outcome) && null(reason), "{c:?}");
                }
            }
            match status {
                "active" | "evaluation" => {
                    assert!(
                        !null(help) && help >= first && help <= today.as_str(),
                        "{c:?}"
                    )
                }
                "signal" | "exploration" => assert!(null(help), "{c:?}"),
                _ => assert!(null(help) || help >= first, "{c:?}"),
            }
            if matches!(status, "exploration" | "active" | "evaluation") {
                let a = activity.get(id).map_or("", String::as_str);
                assert_eq!(
                    a, last,
                    "case {id}: last activity is a meeting, plan change or note"
                );
                if last < stalled.as_str() {
                    stalled_cases += 1;
                }
            }
        }
        assert!(
            stalled_cases > 0 && stalled_cases * 100 < open * 20,
            "{stalled_cases} of {open}"
        );
        // Evaluation scores belong to goals of the evaluation's own case.
        let evaluation_case: std::collections::HashMap<String, String> = fields(
            &db,
            "evaluations",
            &["id", "case_id", "held_on", "decision"],
        )
        .await
        .into_iter()
        .map(|e| {
            assert_eq!(
                null(&e[2]),
                null(&e[3]),
                "held evaluations have a decision: {e:?}"
            );
            (e[0].clone(), e[1].clone())
        })
        .collect();
        let goal_case: std::collections::HashMap<String, String> =
            fields(&db, "goals", &["id", "case_id"])
                .await
                .into_iter()
                .map(|g| (g[0].clone(), g[1].clone()))
                .collect();
        let scores = fields(
            &db,
            "evaluation_scores",
            &["id", "evaluation_id", "goal_id", "score"],
        )
        .await;
        assert!(!scores.is_empty());
        for s in scores {
            assert_eq!(evaluation_case[&s[1]], goal_case[&s[2]], "score {s:?}");
            let score: i64 = s[3].parse().expect("score");
            assert!((1..=10).contains(&score));
        }
        for p in fields(&db, "goal_progress", &["id", "goal_id", "case_id"]).await {
            assert_eq!(goal_case[&p[1]], p[2], "progress on a goal of its case");
        }
        // Escalations: closed cases have none open; deadlines after opening.
        let status_of: std::collections::HashMap<&str, &str> = cases
            .iter()
            .map(|c| (c[0].as_str(), c[1].as_str()))
            .collect();
        for e in fields(
            &db,
            "escalations",
            &["id", "case_id", "deadline", "decided_on", "created_at"],
        )
        .await
        {
            assert!(day(&e[2]) >= day(&e[4]), "deadline after opening: {e:?}");
            if null(&e[3]) {
                assert_ne!(status_of[e[1].as_str()], "closed", "{e:?}");
            }
        }
        // Agreements: due after they were made; closed cases have none open.
        for a in fields(
            &db,
            "agreements",
            &["id", "case_id", "due_on", "done_on", "created_at"],
        )
        .await
        {
            assert!(day(&a[2]) >= day(&a[4]), "{a:?}");
            if status_of[a[1].as_str()] == "closed" {
                assert!(!null(&a[3]), "agreements of closed cases are done: {a:?}");
            }
        }
    }
);

db_test!(
    async fn the_demo_accounts_have_cases_of_their_own(db: TestDb) {
        generate(&db, &keys(), Scale::Small, 2026, false)
            .await
            .expect("generate");
        let today = reference();
        let user = |email: &'static str| {
            let db = &db;
            async move {
                users::user_by_email(db, email)
                    .await
                    .expect("read")
                    .unwrap_or_else(|| panic!("{email}"))
                    .id
                    .to_string()
            }
        };
        let ib = user("ib@demo.brug.nl").await;
        let care = user("jeugdhulp@demo.brug.nl").await;
        let parent = user("ouder@demo.brug.nl").await;
        let members = fields(
            &db,
            "case_members",
            &[
                "case_id",
                "user_id",
                "guardian_id",
                "basis",
                "is_lead",
                "consent_id",
            ],
        )
        .await;
        let cases = fields(&db, "cases", &["id", "pupil_id", "status"]).await;
        let pupil_of: std::collections::HashMap<&str, &str> = cases
            .iter()
            .map(|c| (c[0].as_str(), c[1].as_str()))
            .collect();
        let ib_led: Vec<&str> = members
            .iter()
            .filter(|m| m[1] == ib && is_true(&m[4]))
            .map(|m| m[0].as_str())
            .collect();
        assert!(
            (8..=12).contains(&ib_led.len()),
            "the IB leads {} cases",
            ib_led.len()
        );

        // The parent's child: the parent in the team as family, the care
        // worker on consent, the whole plan, goals with progress, a meeting
        // with decisions, a held evaluation.
        let parent_guardians: HashSet<String> = fields(&db, "guardians", &["id", "user_id"])
            .await
            .into_iter()
            .filter(|g| g[1] == parent)
            .map(|g| g[0].clone())
            .collect();
        let child_case = ib_led
            .iter()
            .copied()
            .find(|c| {
                members
                    .iter()
                    .any(|m| m[0] == *c && m[3] == "family" && parent_guardians.contains(&m[2]))
            })
            .expect("the IB leads a case of the parent's child");
        assert!(
            members
                .iter()
                .any(|m| m[0] == child_case && m[1] == care && m[3] == "consent"),
            "the care worker sits on consent"
        );
        let sections: Vec<Vec<String>> =
            fields(&db, "plan_sections", &["case_id", "section", "body"])
                .await
                .into_iter()
                .filter(|s| s[0] == child_case)
                .collect();
        assert_eq!(
            sections.len(),
            brug_domain::plan::PlanSection::ALL.len(),
            "every section written"
        );
        let words = sections
            .iter()
            .find(|s| s[1] == "child_words")
            .expect("the child's words");
        assert!(
            words[2].starts_with("Ik "),
            "in the child's own voice: {}",
            words[2]
        );
        let goals: Vec<String> = fields(&db, "goals", &["id", "case_id"])
            .await
            .into_iter()
            .filter(|g| g[1] == child_case)
            .map(|g| g[0].clone())
            .collect();
        assert!(goals.len() >= 2);
        let progress = fields(&db, "goal_progress", &["goal_id"]).await;
        assert!(
            goals.iter().all(|g| progress.iter().any(|p| &p[0] == g)),
            "progress on every goal"
        );
        assert!(
            fields(&db, "meetings", &["case_id", "decisions"])
                .await
                .iter()
                .any(|m| m[0] == child_case && !m[1].is_empty()),
            "a meeting with decisions"
        );
        let evaluations = fields(&db, "evaluations", &["case_id", "held_on", "planned_on"]).await;
        assert!(
            evaluations
                .iter()
                .any(|e| e[0] == child_case && !null(&e[1])),
            "held"
        );
        assert!(
            evaluations
                .iter()
                .any(|e| e[0] == child_case && null(&e[1]) && day(&e[2]) > today.as_str()),
            "and the next one planned"
        );

        // Among the IB's cases: an escalation past its deadline and a thuiszitter.
        let escalations = fields(&db, "escalations", &["case_id", "deadline", "decided_on"]).await;
        assert!(
            escalations.iter().any(|e| ib_led.contains(&e[0].as_str())
                && null(&e[2])
                && day(&e[1]) < today.as_str()),
            "an escalation past its deadline"
        );
        let home_sitters: HashSet<String> = fields(&db, "attendance", &["pupil_id", "status"])
            .await
            .into_iter()
            .filter(|a| a[1] == "thuiszitter")
            .map(|a| a[0].clone())
            .collect();
        assert!(
            ib_led.iter().any(|c| home_sitters.contains(pupil_of[c])),
            "a thuiszitter"
        );

        // The other accounts sit in cases of their own school and municipality.
        for (email, at_least) in [
            ("jeugdhulp@demo.brug.nl", 5),
            ("leerkracht@demo.brug.nl", 2),
            ("zorgcoordinator@demo.brug.nl", 5),
            ("mentor@demo.brug.nl", 2),
            ("wijkteam@demo.brug.nl", 3),
            ("leerplicht@demo.brug.nl", 3),
            ("jgz@demo.brug.nl", 1),
            ("swv@demo.brug.nl", 2),
        ] {
            let id = user(email).await;
            let seats = members.iter().filter(|m| m[1] == id).count();
            assert!(seats >= at_least, "{email} sits in {seats} cases");
        }
        // The pupil account has a case with her own words.
        let pupil_user = users::user_by_email(&db, "leerling@demo.brug.nl")
            .await
            .expect("read")
            .expect("pupil");
        let own = pupil_user.pupil_id.expect("pupil").to_string();
        let own_case = cases
            .iter()
            .find(|c| c[1] == own)
            .expect("the pupil account has a case");
        let consents = fields(
            &db,
            "consents",
            &["pupil_id", "given_by_relation", "given_by_user_id"],
        )
        .await;
        assert!(
            consents.iter().any(|k| k[0] == own
                && k[1] == "young_person"
                && k[2] == pupil_user.id.to_string()),
            "she gave consent herself (16)"
        );
        assert_eq!(own_case[2], "active");
    }
);

/// The case mix of a generation: counts and shares near their targets.
async fn check_case_mix(db: &TestDb, scale: Scale, counts: &DemoCounts) {
    let today = reference();
    let stalled = stalled_before();
    let pupils = counts.pupils as f64;
    let cases = fields(
        db,
        "cases",
        &["id", "status", "last_activity_on", "pupil_id"],
    )
    .await;
    let n = cases.len() as f64;
    let target = pupils / 5.0;
    assert!(
        (n - target).abs() <= target * 0.10,
        "{scale}: {n} cases is not within 10% of {target}"
    );
    assert_eq!(counts.case_table("cases"), cases.len() as u64);
    let share = |status: &str| cases.iter().filter(|c| c[1] == status).count() as f64 / n;
    for (status, want) in [
        ("signal", 0.10),
        ("exploration", 0.15),
        ("active", 0.45),
        ("evaluation", 0.10),
        ("closed", 0.20),
    ] {
        let got = share(status);
        assert!(
            (got - want).abs() <= 0.05,
            "{scale}: {status} {got:.3}, want about {want}"
        );
    }
    let open: Vec<&Vec<String>> = cases.iter().filter(|c| c[1] != "closed").collect();
    let stalled_n = open
        .iter()
        .filter(|c| c[1] != "signal" && c[2].as_str() < stalled.as_str())
        .count() as f64;
    let stalled_share = stalled_n / open.len() as f64;
    assert!(
        (0.05..=0.12).contains(&stalled_share),
        "{scale}: stalled {stalled_share:.3}"
    );
    // Open escalations in about 5% of open cases, a third past the deadline.
    let escalations = fields(db, "escalations", &["case_id", "deadline", "decided_on"]).await;
    let open_esc: Vec<&Vec<String>> = escalations.iter().filter(|e| null(&e[2])).collect();
    let esc_share = open_esc.len() as f64 / open.len() as f64;
    let past = open_esc
        .iter()
        .filter(|e| day(&e[1]) < today.as_str())
        .count() as f64;
    if scale == Scale::Region {
        assert!(
            (0.03..=0.07).contains(&esc_share),
            "open escalations {esc_share:.3}"
        );
        let past_share = past / open_esc.len() as f64;
        assert!(
            (0.2..=0.5).contains(&past_share),
            "past deadline {past_share:.3}"
        );
    } else {
        assert!(esc_share > 0.0 && past > 0.0);
    }
    // Agreements: 2 to 6 per case that got going, about 15% overdue.
    let agreements = fields(db, "agreements", &["case_id", "due_on", "done_on"]).await;
    let open_ids: HashSet<&str> = open.iter().map(|c| c[0].as_str()).collect();
    let overdue = agreements
        .iter()
        .filter(|a| open_ids.contains(a[0].as_str()) && null(&a[2]) && day(&a[1]) < today.as_str())
        .count() as f64;
    let overdue_share = overdue / agreements.len() as f64;
    assert!(
        (0.10..=0.20).contains(&overdue_share),
        "{scale}: overdue {overdue_share:.3}"
    );
    let per_case =
        agreements.len() as f64 / cases.iter().filter(|c| c[1] != "signal").count() as f64;
    assert!(
        (2.0..=6.0).contains(&per_case),
        "{scale}: {per_case:.2} agreements per case"
    );
    // Thuiszitters: 1-2% of the pupils of compulsory age, about half
    // without this month's meeting of school, care and parents.
    if scale == Scale::Region {
        let compulsory = fields(db, "pupils", &["id", "birth_date"])
            .await
            .into_iter()
            // 5 to 17 on the reference date (2026-09-01).
            .filter(|p| p[1].as_str() <= "2021-09-01" && p[1].as_str() > "2008-09-01")
            .count() as f64;
        let home: HashSet<String> = fields(db, "attendance", &["pupil_id", "status"])
            .await
            .into_iter()
            .filter(|a| a[1] == "thuiszitter")
            .map(|a| a[0].clone())
            .collect();
        let share = home.len() as f64 / compulsory;
        assert!((0.01..=0.02).contains(&share), "thuiszitters {share:.4}");
        let case_of_pupil: std::collections::HashMap<&str, &str> = cases
            .iter()
            .map(|c| (c[3].as_str(), c[0].as_str()))
            .collect();
        let month_ago = (REFERENCE_DATE - time::Duration::days(30)).to_string();
        let met: HashSet<String> = fields(
            db,
            "meetings",
            &[
                "case_id",
                "held_on",
                "with_school",
                "with_care",
                "with_parents",
            ],
        )
        .await
        .into_iter()
        .filter(|m| {
            day(&m[1]) > month_ago.as_str() && is_true(&m[2]) && is_true(&m[3]) && is_true(&m[4])
        })
        .map(|m| m[0].clone())
        .collect();
        let with_meeting = home
            .iter()
            .filter(|p| {
                case_of_pupil
                    .get(p.as_str())
                    .is_some_and(|c| met.contains(*c))
            })
            .count() as f64;
        let met_share = with_meeting / home.len() as f64;
        assert!(
            (0.35..=0.65).contains(&met_share),
            "monthly meeting held for {met_share:.2}"
        );
    }
}

/// The learning network's rows as the report counts them, from the database.
async fn learning_counts(db: &TestDb) -> LearningCounts {
    let count = |table: &'static str| async move {
        bulk::count_rows(db, table).await.expect("count") as u64
    };
    let kinds = fields(db, "learning_items", &["kind", "id"]).await;
    let stories = kinds.iter().filter(|k| k[0] == "story").count() as u64;
    LearningCounts {
        networks: count("learning_networks").await,
        members: count("learning_members").await,
        sessions: count("learning_sessions").await,
        contributions: count("learning_contributions").await,
        items: kinds.len() as u64 - stories,
        stories,
        actions: count("learning_actions").await,
        terms: count("learning_terms").await,
        scans: count("learning_scans").await,
    }
}

db_test!(
    async fn the_learning_network_lives(db: TestDb) {
        let report = generate(&db, &keys(), Scale::Small, 2026, false)
            .await
            .expect("generate");
        assert_eq!(report.counts.learning, learning_counts(&db).await);
        assert!(report.stages.iter().any(|s| s.name == "learning"));

        // The facilitator logs in with the demo password and two-factor,
        // and runs all three networks.
        let facilitator = users::user_by_email(&db, "procesbegeleider@demo.brug.nl")
            .await
            .expect("read")
            .expect("facilitator account");
        assert!(verify_password(facilitator.password_hash.clone(), DEMO_PASSWORD.to_owned()).await);
        assert!(facilitator.active && facilitator.totp_enabled);
        let roles: Vec<Role> = users::memberships(&db, facilitator.id)
            .await
            .expect("read")
            .into_iter()
            .map(|m| m.role)
            .collect();
        assert_eq!(roles, vec![Role::Facilitator]);
        assert!(
            report
                .accounts
                .iter()
                .any(|a| a.email == facilitator.email && a.totp_secret_base32.is_some()),
            "the facilitator is listed for testers"
        );
        let networks = learning::networks_of_user(&db, facilitator.id)
            .await
            .expect("networks");
        assert_eq!(networks.len(), 3);
        assert!(
            networks
                .iter()
                .all(|n| n.facilitator_user_id == Some(facilitator.id))
        );
        let kinds: HashSet<&str> = networks.iter().map(|n| n.kind.as_str()).collect();
        assert_eq!(kinds, HashSet::from(["network", "community"]));

        // Members from every perspective; one left, their words stay.
        let mut perspectives = HashSet::new();
        let mut sessions = Vec::new();
        let mut actions = Vec::new();
        let mut left = 0;
        for n in &networks {
            let members = learning::members(&db, n.id).await.expect("members");
            for m in &members {
                perspectives.insert(m.perspective.clone());
                if m.left_at.is_some() {
                    left += 1;
                    assert!(m.user_id.is_none(), "a member who left keeps no account");
                }
            }
            for s in learning::sessions(&db, n.id).await.expect("sessions") {
                assert!(s.held_on < REFERENCE_DATE, "sessions took place");
                sessions.push(s);
            }
            actions.extend(learning::actions(&db, n.id).await.expect("actions"));
        }
        assert_eq!(
            perspectives.len(),
            Perspective::ALL.len(),
            "{perspectives:?}"
        );
        assert_eq!(left, 1);
        assert_eq!(sessions.len(), 7);

        // Contributions follow the four questions, each with its perspective.
        let mut questions = HashSet::new();
        for s in &sessions {
            let said = learning::contributions(&db, s.id)
                .await
                .expect("contributions");
            assert!(said.len() >= 4, "{}: {} contributions", s.title, said.len());
            for c in said {
                questions.insert(c.question.clone());
                assert!(Perspective::from_code(&c.perspective).is_some());
            }
        }
        assert_eq!(questions.len(), 4, "all four questions: {questions:?}");

        // One case-specific table, from a real case, approved; its story
        // holds no name of the source case.
        let case_tables: Vec<_> = sessions
            .iter()
            .filter(|s| s.kind == "case_specific")
            .collect();
        assert_eq!(case_tables.len(), 1);
        let table = case_tables[0];
        assert_eq!(table.story_status.as_deref(), Some("approved"));
        assert!(table.family_invited && !table.keep_organisations);
        let story = table.story.clone().expect("story");
        let case = brug_store::cases::case(&db, table.case_id.expect("from a case"))
            .await
            .expect("read")
            .expect("case");
        let removed = table.story_removed.clone().expect("what was removed");
        assert!(
            !removed.contains("names=0;"),
            "names were removed: {removed}"
        );
        let pupil = registry::pupil(&db, case.pupil_id)
            .await
            .expect("read")
            .expect("pupil");
        let mut names = vec![pupil.given_name.clone(), pupil.family_name.clone()];
        for g in registry::guardians_of_pupil(&db, case.pupil_id)
            .await
            .expect("guardians")
        {
            names.push(g.name);
        }
        for e in registry::enrolment_details(&db, case.pupil_id)
            .await
            .expect("enrolments")
        {
            names.push(e.school_name);
            names.push(e.location_name);
        }
        for m in brug_store::cases::members(&db, case.id)
            .await
            .expect("team")
        {
            names.push(m.name);
            names.extend(m.org_name);
        }
        let school = registry::organisation(&db, case.school_id)
            .await
            .expect("read")
            .expect("school");
        names.push(school.name);
        // The plan speaks of the child by given name: the story must not.
        let sections = brug_store::plan::sections(&db, case.id)
            .await
            .expect("plan");
        assert!(
            sections.iter().any(|s| s.body.contains(&pupil.given_name)),
            "the source case names the child"
        );
        for name in names.iter().flat_map(|n| n.split_whitespace()) {
            if name.len() < 4 || !name.starts_with(char::is_uppercase) {
                continue;
            }
            assert!(
                !story
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| w == name),
                "the story holds '{name}' of the source case:\n{story}"
            );
        }
        assert!(
            story.contains("Het kind"),
            "a role in place of the name: {story}"
        );

        // Knowledge: success and hindering factors and lessons over the 16
        // themes, the three levels and several sectors; the story too.
        let items = learning::search(
            &db,
            &learning::ItemFilter {
                limit: 500,
                ..learning::ItemFilter::default()
            },
        )
        .await
        .expect("items");
        let themes: HashSet<_> = items.iter().filter_map(|i| i.theme.clone()).collect();
        assert_eq!(themes.len(), Theme::ALL.len(), "every theme: {themes:?}");
        let levels: HashSet<_> = items.iter().filter_map(|i| i.level.clone()).collect();
        assert_eq!(levels.len(), 3);
        let sectors: HashSet<_> = items.iter().filter_map(|i| i.sector.clone()).collect();
        assert!(sectors.len() >= 3, "{sectors:?}");
        let kinds: HashSet<_> = items.iter().map(|i| i.kind.as_str()).collect();
        assert_eq!(
            kinds,
            HashSet::from(["success", "hindering", "lesson", "story"])
        );
        let found = learning::search(
            &db,
            &learning::ItemFilter {
                query: "thuiszitters".into(),
                limit: 50,
                ..learning::ItemFilter::default()
            },
        )
        .await
        .expect("search");
        assert!(
            found.len() >= 2,
            "Dutch stemming finds the thuiszitter items"
        );

        // Improvement actions: open and overdue, in progress, done.
        let overdue = actions
            .iter()
            .filter(|a| a.status == "open" && a.due_on < REFERENCE_DATE)
            .count();
        let open_later = actions
            .iter()
            .filter(|a| a.status == "open" && a.due_on > REFERENCE_DATE)
            .count();
        let done: Vec<_> = actions.iter().filter(|a| a.status == "done").collect();
        assert!(
            overdue >= 1 && open_later >= 1,
            "open actions, some overdue"
        );
        assert!(actions.iter().any(|a| a.status == "in_progress"));
        assert!(done.len() >= 2);
        assert!(done.iter().all(|a| a.follow_up.is_some()
            && a.followed_up_session_id.is_some()
            && a.followed_up_session_id != a.session_id));

        // Glossary terms beyond the ones Brug starts with, with a proposer.
        let terms = learning::terms(&db).await.expect("terms");
        assert!(terms.len() >= 8);
        assert!(terms.iter().any(|t| t.term == "Beschikking"));
        assert!(terms.iter().all(|t| !t.proposed_by.is_empty()));

        // Scans: the IB's school with the provider twice (to compare), the
        // zorgcoördinator's school has a draft.
        let ib = users::user_by_email(&db, "ib@demo.brug.nl")
            .await
            .expect("read")
            .expect("ib");
        let school = users::memberships(&db, ib.id).await.expect("m")[0].org_id;
        let scans = learning::scans_of_org(&db, school).await.expect("scans");
        assert_eq!(scans.len(), 2);
        assert!(
            scans
                .iter()
                .all(|s| s.status == "done" && s.partner_org_id.is_some())
        );
        assert_eq!(scans[0].partner_org_id, scans[1].partner_org_id);
        for s in &scans {
            assert_eq!(
                learning::scan_answers(&db, s.id)
                    .await
                    .expect("answers")
                    .len(),
                16
            );
        }
        let zc = users::user_by_email(&db, "zorgcoordinator@demo.brug.nl")
            .await
            .expect("read")
            .expect("zc");
        let vo = users::memberships(&db, zc.id).await.expect("m")[0].org_id;
        let drafts = learning::scans_of_org(&db, vo).await.expect("scans");
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].status, "draft");
        let answered = learning::scan_answers(&db, drafts[0].id)
            .await
            .expect("answers");
        assert!(!answered.is_empty() && answered.len() < 16);
    }
);
