//! The audit log: appending, the hash chain, the group-commit writer, search.

use std::time::Duration;

use brug_domain::audit::{
    AuditAction, AuditActor, AuditEvent, AuditOrigin, ChainError, GENESIS, Outcome, chain_hash,
};
use brug_domain::ids::{OrgId, PupilId, UserId};
use brug_store::audit::{self, AuditMode, AuditQuery, AuditWriter, StoredEvent, VerifyReport};
use brug_store::{Db, Engine, Ts};
use brug_test_support::{TestDb, db_test};
use time::macros::datetime;
use tokio::task::JoinSet;

use crate::fixtures::event;
use crate::raw::Raw;

/// Append in one transaction of its own.
async fn append(db: &Db, events: &[AuditEvent]) -> Vec<i64> {
    let mut tx = db.begin().await.expect("begin");
    let seqs = audit::append_in_tx(&mut tx, events).await.expect("append");
    tx.commit().await.expect("commit");
    seqs
}

fn events(range: std::ops::RangeInclusive<i64>) -> Vec<AuditEvent> {
    range.map(event).collect()
}

/// The hashes the chain of `events` must have, computed independently.
fn chain_of(events: &[AuditEvent]) -> Vec<[u8; 32]> {
    let mut prev = GENESIS;
    (1..)
        .zip(events)
        .map(|(seq, e)| {
            prev = chain_hash(&prev, seq, e);
            prev
        })
        .collect()
}

async fn verify(db: &Db) -> VerifyReport {
    audit::verify(db).await.expect("verify")
}

fn intact(checked: u64) -> VerifyReport {
    VerifyReport {
        checked,
        first_error: None,
    }
}

fn broken(checked: u64, error: ChainError) -> VerifyReport {
    VerifyReport {
        checked,
        first_error: Some(error),
    }
}

async fn search(db: &Db, q: AuditQuery) -> (Vec<i64>, i64) {
    let page = audit::search(db, &q).await.expect("search");
    (page.rows.iter().map(|r| r.seq).collect(), page.total)
}

fn all(limit: i64) -> AuditQuery {
    AuditQuery {
        limit,
        ..AuditQuery::default()
    }
}

db_test!(
    async fn appends_get_consecutive_seqs(db: TestDb) {
        assert_eq!(append(&db, &events(1..=3)).await, [1, 2, 3]);
        assert_eq!(append(&db, &events(4..=5)).await, [4, 5]);
        assert_eq!(append(&db, &[]).await, Vec::<i64>::new());

        // Events of a transaction that rolls back leave no trace and no gap.
        let mut tx = db.begin().await.expect("begin");
        let seqs = audit::append_in_tx(&mut tx, &events(6..=7))
            .await
            .expect("append");
        assert_eq!(seqs, [6, 7]);
        tx.rollback().await.expect("rollback");
        assert_eq!(audit::count(&db).await.expect("count"), 5);
        assert_eq!(append(&db, &events(6..=6)).await, [6]);

        assert_eq!(verify(&db).await, intact(6));
        assert_eq!(audit::count(&db).await.expect("count"), 6);
    }
);

db_test!(
    async fn events_round_trip_every_field(db: TestDb) {
        let full = AuditEvent {
            fields: vec!["given_name".into(), "naam \"met\" quotes, ë".into()],
            ..event(1)
        };
        let bare = AuditEvent {
            // Stored as UTC; the same instant comes back.
            occurred_at: datetime!(2026-11-25 11:00:00.999999 +01:00),
            actor: AuditActor {
                user: None,
                name: "onbekend".into(),
                role: None,
                org: None,
            },
            pupil: None,
            action: AuditAction::LoginFailed,
            resource_type: "account".into(),
            resource_id: None,
            fields: vec![],
            origin: AuditOrigin::default(),
            basis: String::new(),
            outcome: Outcome::Denied,
            break_glass: true,
        };
        let mut each_action: Vec<AuditEvent> = AuditAction::ALL
            .into_iter()
            .map(|action| AuditEvent { action, ..event(3) })
            .collect();
        let mut written = vec![full.clone(), bare.clone()];
        written.append(&mut each_action);
        assert_eq!(append(&db, &written).await.len(), 11);

        let page = audit::search(&db, &all(50)).await.expect("search");
        assert_eq!(page.total, 11);
        let stored: Vec<StoredEvent> = page.rows.into_iter().rev().collect();
        let expected: Vec<StoredEvent> = (1..)
            .zip(written.iter().cloned())
            .map(|(seq, event)| StoredEvent { seq, event })
            .collect();
        assert_eq!(stored, expected);
        assert_eq!(stored[1].event.occurred_at.offset(), time::UtcOffset::UTC);
        assert_eq!(stored[1].event.occurred_at.microsecond(), 999_999);

        // The stored hashes are the domain's chain hashes, hex-encoded.
        let raw = Raw::open(&db).await;
        let hashes = raw
            .strings("SELECT hash FROM audit_events ORDER BY seq")
            .await;
        let prevs = raw
            .strings("SELECT prev_hash FROM audit_events ORDER BY seq")
            .await;
        raw.close().await;
        let chain = chain_of(&written);
        assert_eq!(hashes, chain.iter().map(hex::encode).collect::<Vec<_>>());
        assert_eq!(prevs[0], hex::encode(GENESIS));
        assert_eq!(prevs[1..], hashes[..10]);
        assert_eq!(verify(&db).await, intact(11));
    }
);

db_test!(
    async fn long_chains_verify_across_pages(db: TestDb) {
        assert_eq!(verify(&db).await, intact(0), "an empty log is intact");
        // More than one insert chunk (200) and more than one verify page (5000).
        let seqs = append(&db, &events(1..=5050)).await;
        assert_eq!(seqs, (1..=5050).collect::<Vec<_>>());
        assert_eq!(verify(&db).await, intact(5050));

        let (rows, total) = search(&db, all(1000)).await;
        assert_eq!(rows.len(), 200, "at most 200 events per page");
        assert_eq!((rows[0], rows[199], total), (5050, 4851, 5050));

        db.execute_raw("UPDATE audit_events SET actor_name = 'X' WHERE seq = 5020")
            .await
            .expect("tamper");
        assert_eq!(
            verify(&db).await,
            broken(5019, ChainError::ContentChanged { seq: 5020 })
        );
    }
);

/// Five fresh events (seqs 1..=5), then `sql`, then verify.
async fn verify_after(db: &Db, sql: &str) -> VerifyReport {
    db.execute_raw("DELETE FROM audit_events")
        .await
        .expect("clear");
    assert_eq!(append(db, &events(1..=5)).await, [1, 2, 3, 4, 5]);
    assert_eq!(verify(db).await, intact(5));
    let changed = db.execute_raw(sql).await.expect(sql);
    assert_eq!(changed, 1, "{sql} changes one row");
    verify(db).await
}

db_test!(
    async fn any_change_to_a_stored_event_is_found(db: TestDb) {
        let later_by_a_microsecond = match db.engine() {
            Engine::Sqlite => format!(
                "UPDATE audit_events SET occurred_at = '{}' WHERE seq = 3",
                Ts::new(event(3).occurred_at + time::Duration::microseconds(1)).to_text()
            ),
            Engine::Postgres => "UPDATE audit_events SET occurred_at = occurred_at + interval '1 microsecond' WHERE seq = 3".into(),
        };
        let changes = [
            "actor_name = 'Someone Else'",
            "actor_name = 'Fatima El Amrani '",
            "basis = 'emergency'",
            "basis = ''",
            "outcome = 'maybe'",
            "outcome = 'denied'",
            "action = 'peek'",
            "action = 'update'",
            "fields = '[]'",
            "fields = 'not json'",
            "fields = '[\"birth_date\",\"given_name\"]'",
            "break_glass = TRUE",
            "pupil_id = NULL",
            "pupil_id = 43",
            "actor_user_id = 8",
            "actor_role = NULL",
            "actor_org_id = 4",
            "resource_type = 'case'",
            "resource_id = NULL",
            "session_ref = 's-other'",
            "ip = '198.51.100.1'",
            "user_agent = NULL",
            "hash = '0000000000000000000000000000000000000000000000000000000000000000'",
            "hash = 'not hex'",
        ];
        for change in changes {
            let sql = format!("UPDATE audit_events SET {change} WHERE seq = 3");
            assert_eq!(
                verify_after(&db, &sql).await,
                broken(2, ChainError::ContentChanged { seq: 3 }),
                "{sql}"
            );
        }
        assert_eq!(
            verify_after(&db, &later_by_a_microsecond).await,
            broken(2, ChainError::ContentChanged { seq: 3 }),
            "{later_by_a_microsecond}"
        );
        assert_eq!(
            verify_after(
                &db,
                "UPDATE audit_events SET actor_name = 'X' WHERE seq = 5"
            )
            .await,
            broken(4, ChainError::ContentChanged { seq: 5 }),
            "the newest event is protected too"
        );
        assert_eq!(
            verify_after(
                &db,
                "UPDATE audit_events SET prev_hash = hash WHERE seq = 3"
            )
            .await,
            broken(2, ChainError::BrokenLink { seq: 3 })
        );
    }
);

db_test!(
    async fn removed_events_are_found(db: TestDb) {
        assert_eq!(
            verify_after(&db, "DELETE FROM audit_events WHERE seq = 3").await,
            broken(
                2,
                ChainError::Gap {
                    seq: 4,
                    expected: 3
                }
            )
        );
        assert_eq!(
            verify_after(&db, "DELETE FROM audit_events WHERE seq = 1").await,
            broken(
                0,
                ChainError::Gap {
                    seq: 2,
                    expected: 1
                }
            )
        );
        // Renumbering to close the gap breaks the link instead.
        verify_after(&db, "DELETE FROM audit_events WHERE seq = 3").await;
        db.execute_raw("UPDATE audit_events SET seq = seq - 1 WHERE seq > 3")
            .await
            .expect("renumber");
        assert_eq!(
            verify(&db).await,
            broken(2, ChainError::BrokenLink { seq: 3 })
        );
    }
);

db_test!(
    async fn a_forged_event_before_the_first_is_found(db: TestDb) {
        // A row slipped in below seq 1 shows up in search (which reads every
        // row), so verification must see it too.
        for seq in [0, -1, i64::MIN] {
            let report = verify_after(
                &db,
                &format!(
                    "INSERT INTO audit_events (seq, occurred_at, actor_user_id, actor_name, actor_role, actor_org_id, pupil_id, action, resource_type, resource_id, fields, session_ref, ip, user_agent, basis, outcome, break_glass, prev_hash, hash)
                     SELECT {seq}, occurred_at, 9, 'Framed Colleague', actor_role, actor_org_id, pupil_id, action, resource_type, resource_id, fields, session_ref, ip, user_agent, basis, outcome, break_glass, prev_hash, hash
                     FROM audit_events WHERE seq = 1"
                ),
            )
            .await;
            let (seqs, _) = search(&db, all(50)).await;
            assert_eq!(seqs.last(), Some(&seq), "search shows the forged row");
            assert_eq!(
                report,
                broken(0, ChainError::Gap { seq, expected: 1 }),
                "forged row at seq {seq}"
            );
        }
    }
);

db_test!(
    async fn a_rewritten_event_with_a_fresh_hash_breaks_the_next_link(db: TestDb) {
        // The forger changes event 3 and recomputes its hash, but cannot fix
        // event 4 without rewriting the rest of the chain.
        let original = events(1..=5);
        let chain = chain_of(&original);
        let forged = AuditEvent {
            actor: AuditActor {
                name: "Someone Else".into(),
                ..event(3).actor
            },
            ..event(3)
        };
        let forged_hash = hex::encode(chain_hash(&chain[1], 3, &forged));
        let report = verify_after(
            &db,
            &format!(
                "UPDATE audit_events SET actor_name = 'Someone Else', hash = '{forged_hash}' WHERE seq = 3"
            ),
        )
        .await;
        assert_eq!(report, broken(3, ChainError::BrokenLink { seq: 4 }));
    }
);

db_test!(
    async fn the_writer_gives_concurrent_events_distinct_seqs(db: TestDb) {
        let (writer, handle) = AuditWriter::start(db.db.clone(), AuditMode::On);
        let mut tasks = JoinSet::new();
        for n in 1..=50 {
            let writer = writer.clone();
            tasks.spawn(async move { (n, writer.record(event(n)).await.expect("record")) });
        }
        let mut acks: Vec<(i64, i64)> = tasks.join_all().await;
        let mut seqs: Vec<i64> = acks.iter().map(|(_, seq)| *seq).collect();
        seqs.sort_unstable();
        assert_eq!(seqs, (1..=50).collect::<Vec<_>>());
        assert_eq!(verify(&db).await, intact(50));

        // Each acknowledgement names the row holding that event.
        acks.sort_unstable();
        let page = audit::search(&db, &all(50)).await.expect("search");
        for (n, seq) in acks {
            let stored = page.rows.iter().find(|r| r.seq == seq).expect("stored");
            assert_eq!(stored.event, event(n), "seq {seq}");
        }

        // The writer stops once every handle is gone.
        drop(writer);
        tokio::time::timeout(Duration::from_secs(10), handle)
            .await
            .expect("the writer task ends")
            .expect("without panicking");
    }
);

db_test!(
    async fn the_writer_and_transactions_share_one_chain(db: TestDb) {
        let (writer, _handle) = AuditWriter::start(db.db.clone(), AuditMode::On);
        let mut tasks = JoinSet::new();
        for n in 1..=20 {
            let writer = writer.clone();
            tasks.spawn(async move { writer.record(event(n)).await.expect("record") });
        }
        for n in 0..5 {
            let db = db.db.clone();
            tasks.spawn(async move {
                let seqs = append(&db, &events(100 + 2 * n..=101 + 2 * n)).await;
                seqs[0]
            });
        }
        tasks.join_all().await;
        assert_eq!(verify(&db).await, intact(30));
    }
);

db_test!(
    async fn an_event_that_cannot_be_stored_fails_alone(db: TestDb) {
        // PostgreSQL text cannot hold NUL; such a value can come from user
        // input (a typed login name, a path). Only the request that brought
        // it may fail, not the others that share its group commit.
        let (writer, _handle) = AuditWriter::start(db.db.clone(), AuditMode::On);
        // Hold the chain lock so the next events queue up into one batch.
        let mut blocker = db.begin().await.expect("begin");
        audit::append_in_tx(&mut blocker, &events(1..=1))
            .await
            .expect("append");
        let mut tasks = JoinSet::new();
        let first = writer.clone();
        tasks.spawn(async move { ("first", first.record(event(2)).await.is_ok()) });
        tokio::time::sleep(Duration::from_millis(100)).await;
        for n in 3..=12 {
            let writer = writer.clone();
            tasks.spawn(async move { ("good", writer.record(event(n)).await.is_ok()) });
        }
        let poison = AuditEvent {
            actor: AuditActor {
                name: "evil\0@example.nl".into(),
                ..AuditActor::default()
            },
            ..event(13)
        };
        let bad = writer.clone();
        tasks.spawn(async move { ("poison", bad.record(poison).await.is_ok()) });
        tokio::time::sleep(Duration::from_millis(100)).await;
        blocker.commit().await.expect("commit");

        let results = tasks.join_all().await;
        let failed_good: Vec<_> = results
            .iter()
            .filter(|(kind, ok)| *kind != "poison" && !ok)
            .collect();
        assert!(
            failed_good.is_empty(),
            "{} ordinary events failed with the poisoned batch: {results:?}",
            failed_good.len()
        );
        let stored = audit::count(&db).await.expect("count");
        let poison_stored = results.contains(&("poison", true));
        assert_eq!(stored, if poison_stored { 13 } else { 12 });
        assert_eq!(
            verify(&db).await,
            intact(u64::try_from(stored).expect("count"))
        );
    }
);

db_test!(
    async fn a_writer_that_is_off_writes_nothing(db: TestDb) {
        let (writer, handle) = AuditWriter::start(db.db.clone(), AuditMode::Off);
        assert_eq!(writer.record(event(1)).await.expect("record"), 0);
        handle.await.expect("no task to speak of");
        assert_eq!(audit::count(&db).await.expect("count"), 0);
    }
);

/// Two server processes on one database, each with its own writer.
async fn two_processes_share_one_chain(t: &TestDb) {
    let second = t.open_another().await;
    let mut tasks = JoinSet::new();
    for (process, db) in [(0, t.db.clone()), (1, second.clone())] {
        let (writer, _handle) = AuditWriter::start(db, AuditMode::On);
        for n in 0..200 {
            let writer = writer.clone();
            let e = AuditEvent {
                resource_id: Some(format!("{process}-{n}")),
                ..event(n)
            };
            tasks.spawn(async move { writer.record(e).await.expect("record") });
        }
    }
    let mut seqs = tasks.join_all().await;
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=400).collect::<Vec<_>>());
    assert_eq!(verify(t).await, intact(400));
    assert_eq!(audit::count(&second).await.expect("count"), 400);
    second.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_share_one_chain_sqlite() {
    two_processes_share_one_chain(&TestDb::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_share_one_chain_postgres() {
    if let Some(t) = TestDb::postgres().await {
        two_processes_share_one_chain(&t).await;
    }
}

/// Two processes appending in their own transactions (no writer, so no
/// retry to hide a race): the chain lock must serialise them.
async fn two_processes_append_without_conflicts(t: &TestDb) {
    let second = t.open_another().await;
    let mut tasks = JoinSet::new();
    for db in [t.db.clone(), second.clone()] {
        for n in 0..25 {
            let db = db.clone();
            tasks.spawn(async move { append(&db, &events(2 * n..=2 * n + 1)).await });
        }
    }
    let mut seqs: Vec<i64> = tasks.join_all().await.into_iter().flatten().collect();
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=100).collect::<Vec<_>>());
    assert_eq!(verify(t).await, intact(100));
    second.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_append_without_conflicts_sqlite() {
    two_processes_append_without_conflicts(&TestDb::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_append_without_conflicts_postgres() {
    if let Some(t) = TestDb::postgres().await {
        two_processes_append_without_conflicts(&t).await;
    }
}

/// Six events that differ in pupil, actor, action, time and break-glass.
fn search_fixture() -> Vec<AuditEvent> {
    let by = |user: i64, org: i64| AuditActor {
        user: Some(UserId(user)),
        org: Some(OrgId(org)),
        ..event(0).actor
    };
    vec![
        event(1),
        AuditEvent {
            pupil: Some(PupilId(43)),
            action: AuditAction::Update,
            ..event(2)
        },
        AuditEvent {
            actor: by(8, 4),
            break_glass: true,
            ..event(3)
        },
        AuditEvent {
            actor: by(8, 4),
            pupil: None,
            action: AuditAction::Login,
            ..event(4)
        },
        AuditEvent {
            action: AuditAction::Export,
            ..event(5)
        },
        AuditEvent {
            actor: AuditActor::default(),
            pupil: None,
            action: AuditAction::LoginFailed,
            ..event(6)
        },
    ]
}

db_test!(
    async fn search_filters_and_pages_newest_first(db: TestDb) {
        let written = search_fixture();
        append(&db, &written).await;
        let at = |n: i64| Some(Ts::new(event(n).occurred_at));
        let q = AuditQuery {
            limit: 50,
            ..AuditQuery::default()
        };
        for (name, query, expected) in [
            ("everything", q.clone(), &[6, 5, 4, 3, 2, 1][..]),
            (
                "pupil",
                AuditQuery {
                    pupil: Some(42),
                    ..q.clone()
                },
                &[5, 3, 1],
            ),
            (
                "actor",
                AuditQuery {
                    actor_user: Some(8),
                    ..q.clone()
                },
                &[4, 3],
            ),
            (
                "organisation",
                AuditQuery {
                    actor_org: Some(3),
                    ..q.clone()
                },
                &[5, 2, 1],
            ),
            (
                "action",
                AuditQuery {
                    action: Some(AuditAction::Read),
                    ..q.clone()
                },
                &[3, 1],
            ),
            (
                "period: from inclusive, until exclusive",
                AuditQuery {
                    from: at(2),
                    until: at(5),
                    ..q.clone()
                },
                &[4, 3, 2],
            ),
            (
                "from only",
                AuditQuery {
                    from: at(6),
                    ..q.clone()
                },
                &[6],
            ),
            (
                "until only",
                AuditQuery {
                    until: at(2),
                    ..q.clone()
                },
                &[1],
            ),
            (
                "break glass",
                AuditQuery {
                    break_glass_only: true,
                    ..q.clone()
                },
                &[3],
            ),
            (
                "pupil events",
                AuditQuery {
                    pupil_events_only: true,
                    ..q.clone()
                },
                &[5, 3, 2, 1],
            ),
            (
                "pupil and action",
                AuditQuery {
                    pupil: Some(42),
                    action: Some(AuditAction::Read),
                    ..q.clone()
                },
                &[3, 1],
            ),
            (
                "every filter at once (arguments bound in placeholder order)",
                AuditQuery {
                    pupil: Some(42),
                    actor_user: Some(8),
                    actor_org: Some(4),
                    action: Some(AuditAction::Read),
                    from: at(3),
                    until: at(4),
                    break_glass_only: true,
                    pupil_events_only: true,
                    ..q.clone()
                },
                &[3],
            ),
            (
                "nothing matches",
                AuditQuery {
                    pupil: Some(42),
                    actor_user: Some(8),
                    action: Some(AuditAction::Export),
                    ..q.clone()
                },
                &[],
            ),
        ] {
            let (seqs, total) = search(&db, query).await;
            assert_eq!(seqs, expected, "{name}");
            assert_eq!(
                total,
                i64::try_from(expected.len()).expect("small"),
                "{name}"
            );
        }

        for (offset, expected) in [(0, &[6, 5][..]), (2, &[4, 3]), (4, &[2, 1]), (6, &[])] {
            let page = AuditQuery {
                offset,
                limit: 2,
                ..AuditQuery::default()
            };
            assert_eq!(
                search(&db, page).await,
                (expected.to_vec(), 6),
                "offset {offset}"
            );
        }
        let page = AuditQuery {
            pupil: Some(42),
            offset: 1,
            limit: 1,
            ..AuditQuery::default()
        };
        assert_eq!(search(&db, page).await, (vec![3], 3));

        // The rows carry the events as written.
        let page = audit::search(&db, &q).await.expect("search");
        let events: Vec<AuditEvent> = page.rows.into_iter().rev().map(|r| r.event).collect();
        assert_eq!(events, written);
    }
);
