//! The `brug` command as an operator uses it: migrate, users, audit
//! verification, and the clear one-line errors for bad configuration.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn brug(dir: &std::path::Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_brug"));
    cmd.args(args)
        .current_dir(dir)
        .env("BRUG_DATA_KEY_FILE", dir.join("data.key"))
        .env_remove("BRUG_DATABASE_URL")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("run brug");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("write stdin");
    }
    child.wait_with_output().expect("brug output")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn url(dir: &std::path::Path) -> String {
    format!("sqlite://{}", dir.join("brug.db").display())
}

#[test]
fn migrate_reports_what_it_applied_and_then_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let first = brug(
        dir.path(),
        &["migrate", "--database-url", &url(dir.path())],
        None,
    );
    assert!(first.status.success(), "{}", text(&first));
    assert!(
        text(&first).contains("applied 0001 registry"),
        "{}",
        text(&first)
    );
    let again = brug(
        dir.path(),
        &["migrate", "--database-url", &url(dir.path())],
        None,
    );
    assert!(again.status.success());
    assert!(text(&again).contains("up to date"), "{}", text(&again));
}

#[test]
fn users_are_added_with_clear_errors_and_listed() {
    let dir = tempfile::tempdir().expect("dir");
    let db = url(dir.path());
    // A small demo region gives organisations to attach users to.
    let demo = brug(
        dir.path(),
        &["demo", "--scale", "small", "--database-url", &db],
        None,
    );
    assert!(demo.status.success(), "{}", text(&demo));
    let bad = brug(
        dir.path(),
        &[
            "user",
            "add",
            "--email",
            "geen-email",
            "--name",
            "X",
            "--org",
            "99XX",
            "--role",
            "boss",
            "--password-stdin",
            "--database-url",
            &db,
        ],
        Some("kort\n"),
    );
    assert!(!bad.status.success());
    let out = text(&bad);
    for expected in ["--email", "--org", "--role", "--password", "not created"] {
        assert!(out.contains(expected), "missing {expected:?} in: {out}");
    }
    assert!(!out.contains("panicked"), "{out}");
    let ok = brug(
        dir.path(),
        &[
            "user",
            "add",
            "--email",
            "Nieuw@School.example",
            "--name",
            "Nieuwe Collega",
            "--org",
            "1",
            "--role",
            "teacher",
            "--password-stdin",
            "--database-url",
            &db,
        ],
        Some("een lang genoeg wachtwoord\n"),
    );
    assert!(ok.status.success(), "{}", text(&ok));
    let list = brug(dir.path(), &["user", "list", "--database-url", &db], None);
    let listed = text(&list);
    assert!(listed.contains("nieuw@school.example"), "{listed}");
    assert!(listed.contains("teacher@"), "{listed}");
    let twice = brug(
        dir.path(),
        &[
            "user",
            "add",
            "--email",
            "nieuw@school.example",
            "--name",
            "Dubbel",
            "--org",
            "1",
            "--role",
            "teacher",
            "--password-stdin",
            "--database-url",
            &db,
        ],
        Some("een lang genoeg wachtwoord\n"),
    );
    assert!(!twice.status.success());
    assert!(text(&twice).contains("already exists"), "{}", text(&twice));
}

#[test]
fn audit_verify_passes_an_intact_log_and_names_a_tampered_event() {
    let dir = tempfile::tempdir().expect("dir");
    let db = url(dir.path());
    // Twenty events through the group-commit writer, as the server writes them.
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let store = brug_store::Db::connect(&db, &brug_store::DbOptions::default())
            .await
            .expect("open");
        store.migrate().await.expect("migrate");
        let (writer, task) =
            brug_store::audit::AuditWriter::start(store.clone(), brug_store::audit::AuditMode::On);
        for i in 0..20 {
            writer
                .record(brug_domain::audit::AuditEvent {
                    occurred_at: time::OffsetDateTime::now_utc(),
                    actor: brug_domain::audit::AuditActor {
                        user: Some(brug_domain::ids::UserId(1)),
                        name: format!("Gebruiker {i}"),
                        role: Some("coordinator".into()),
                        org: None,
                    },
                    pupil: Some(brug_domain::ids::PupilId(7)),
                    action: brug_domain::audit::AuditAction::Read,
                    resource_type: "pupil".into(),
                    resource_id: Some("7".into()),
                    fields: vec![],
                    origin: Default::default(),
                    basis: "legal_task:school_pupil_file:org:1".into(),
                    outcome: brug_domain::audit::Outcome::Allowed,
                    break_glass: false,
                })
                .await
                .expect("record");
        }
        drop(writer);
        task.await.expect("writer ends");
        store.close().await;
    });
    let intact = brug(
        dir.path(),
        &["audit", "verify", "--database-url", &db],
        None,
    );
    assert!(intact.status.success(), "{}", text(&intact));
    assert!(
        text(&intact).contains("20 events verified"),
        "{}",
        text(&intact)
    );
    rt.block_on(async {
        let store = brug_store::Db::connect(&db, &brug_store::DbOptions::default())
            .await
            .expect("open");
        store
            .execute_raw("UPDATE audit_events SET actor_name = 'Iemand Anders' WHERE seq = 13")
            .await
            .expect("tamper");
        store.close().await;
    });
    let broken = brug(
        dir.path(),
        &["audit", "verify", "--database-url", &db],
        None,
    );
    assert!(!broken.status.success());
    let out = text(&broken);
    assert!(out.contains("BROKEN at event 13"), "{out}");
    assert!(out.contains("12 events before it verified"), "{out}");
}

#[test]
fn bad_configuration_gets_one_clear_line() {
    let dir = tempfile::tempdir().expect("dir");
    let cases: [(&[&str], &str); 5] = [
        (
            &["migrate", "--database-url", "mysql://x"],
            "database URL is not valid",
        ),
        (
            &[
                "serve",
                "--database-url",
                "sqlite:///proc/nonexistent/dir/brug.db",
            ],
            "cannot",
        ),
        (&["serve", "--audit-retention-days", "30"], "five years"),
        (
            &["serve", "--retention-youth-care-years", "0"],
            "not allowed (1 to 100 years)",
        ),
        (
            &["retention", "run", "--retention-school-file-years", "500"],
            "not allowed (1 to 100 years)",
        ),
    ];
    for (args, expected) in cases {
        let out = brug(dir.path(), args, None);
        assert!(!out.status.success(), "{args:?} should fail");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("stack backtrace"),
            "{args:?}: {err}"
        );
        assert!(
            err.trim().lines().count() <= 2,
            "{args:?}: one clear line, got: {err}"
        );
    }
    let corrupt = dir.path().join("corrupt.db");
    std::fs::write(
        &corrupt,
        "dit is geen database, maar gewoon tekst die lang genoeg is om een header te vullen ......",
    )
    .expect("write");
    let out = brug(
        dir.path(),
        &[
            "migrate",
            "--database-url",
            &format!("sqlite://{}", corrupt.display()),
        ],
        None,
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a Brug database or is damaged"));
    assert_eq!(
        std::fs::read_to_string(&corrupt).expect("still there"),
        "dit is geen database, maar gewoon tekst die lang genoeg is om een header te vullen ......",
        "nothing already stored is lost"
    );
}

#[test]
fn retention_dry_run_reports_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = url(dir.path());
    let out = brug(
        dir.path(),
        &["retention", "run", "--dry-run", "--database-url", &db],
        None,
    );
    assert!(out.status.success(), "{}", text(&out));
    let printed = text(&out);
    assert!(printed.contains("Retention dry run"), "{printed}");
    assert!(
        printed.contains("Would anonymise 0 cases and 0 pupils"),
        "{printed}"
    );
    let out = brug(
        dir.path(),
        &["retention", "run", "--json", "--database-url", &db],
        None,
    );
    assert!(out.status.success(), "{}", text(&out));
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("the report is JSON");
    assert_eq!(report["dry_run"], false);
    assert_eq!(report["cases"].as_array().map(Vec::len), Some(0));
}
