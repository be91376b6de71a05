//! The learning network's store (S6): search relevance on both engines,
//! duplicates, members leaving, draft scans.

use brug_domain::learning::duplicate_key;
use brug_store::Ts;
use brug_store::learning::{self as store, ItemFilter, NewItem};
use brug_test_support::db_test;
use time::macros::datetime;

fn now() -> Ts {
    Ts::new(datetime!(2026-11-25 09:00 UTC))
}

/// (kind, theme, level, text)
const CORPUS: &[(&str, &str, &str, &str)] = &[
    (
        "success",
        "structure",
        "school",
        "Een vaste contactpersoon jeugdhulp op school maakt de lijnen kort.",
    ),
    (
        "hindering",
        "structure",
        "organisation",
        "Scholen weten vaak niet welke zorgaanbieders met hun leerlingen werken.",
    ),
    (
        "success",
        "goals",
        "professional",
        "Gezamenlijke doelen en verwachtingen bespreken aan het begin van het traject.",
    ),
    (
        "lesson",
        "steering",
        "school",
        "Spreek af wie de regie heeft en wanneer je opschaalt bij een thuiszitter.",
    ),
    (
        "hindering",
        "financing",
        "organisation",
        "Onduidelijk wie wat betaalt vertraagt de hulp aan het kind.",
    ),
    (
        "success",
        "handover",
        "school",
        "Een warme overdracht van de basisschool naar het voortgezet onderwijs voorkomt uitval.",
    ),
    (
        "hindering",
        "time",
        "professional",
        "Leerkrachten hebben te weinig tijd voor overleg met de jeugdhulpverlener.",
    ),
    (
        "lesson",
        "trust",
        "professional",
        "Samen leren aan de dialoogtafel bouwt vertrouwen tussen onderwijs en zorg.",
    ),
    (
        "success",
        "steering",
        "organisation",
        "Vaste afspraken over opschalen naar het ondersteuningsteam werken.",
    ),
    (
        "hindering",
        "privacy",
        "organisation",
        "Angst voor de AVG remt het delen van gegevens tussen school en zorg.",
    ),
];

async fn seed(db: &brug_store::Db) -> Vec<i64> {
    let mut tx = db.begin().await.expect("begin");
    let mut ids = Vec::new();
    for (kind, theme, level, body) in CORPUS {
        let id = store::insert_item(
            &mut tx,
            &NewItem {
                scope: "test".into(),
                network_id: None,
                session_id: None,
                kind: (*kind).into(),
                theme: Some((*theme).into()),
                level: Some((*level).into()),
                sector: Some("PO".into()),
                body: (*body).into(),
                source: "test".into(),
                dup_key: duplicate_key(body),
                created_by_user_id: None,
            },
            now(),
        )
        .await
        .expect("insert")
        .expect("not a duplicate");
        ids.push(id);
    }
    tx.commit().await.expect("commit");
    ids
}

/// Known queries and the corpus entries (by position) each must find:
/// exactly these, on both engines.
const QUERIES: &[(&str, &[usize])] = &[
    ("contactpersonen", &[0]),
    // "basisschool" is a compound: not found by "school" on either engine.
    ("school", &[0, 1, 9]),
    ("afspraak opschalen", &[8]),
    ("opschaling", &[8]),
    ("de regie", &[3]),
    ("overleg", &[6]),
    ("thuiszitters", &[3]),
    ("doel", &[2]),
    ("vertrouwen", &[7]),
    ("zorgaanbieder", &[1]),
    ("jeugdhulp", &[0]),
    ("delen gegevens", &[9]),
    ("zorg", &[7, 9]),
];

db_test!(
    async fn known_queries_find_known_insights(db: TestDb) {
        let ids = seed(&db).await;
        for (query, expected) in QUERIES {
            let found = store::search(
                &db,
                &ItemFilter {
                    query: (*query).into(),
                    limit: 50,
                    ..ItemFilter::default()
                },
            )
            .await
            .expect("search");
            let mut got: Vec<i64> = found.iter().map(|i| i.id).collect();
            got.sort_unstable();
            let want: Vec<i64> = expected.iter().map(|i| ids[*i]).collect();
            assert_eq!(got, want, "query {query:?} on {:?}", db.engine());
        }
    }
);

db_test!(
    async fn filters_narrow_the_search(db: TestDb) {
        let ids = seed(&db).await;
        let found = store::search(
            &db,
            &ItemFilter {
                theme: Some("steering".into()),
                kinds: vec!["lesson".into()],
                limit: 50,
                ..ItemFilter::default()
            },
        )
        .await
        .expect("search");
        assert_eq!(found.iter().map(|i| i.id).collect::<Vec<_>>(), vec![ids[3]]);
        let found = store::search(
            &db,
            &ItemFilter {
                query: "school".into(),
                level: Some("organisation".into()),
                limit: 50,
                ..ItemFilter::default()
            },
        )
        .await
        .expect("search");
        let mut got: Vec<i64> = found.iter().map(|i| i.id).collect();
        got.sort_unstable();
        assert_eq!(got, vec![ids[1], ids[9]]);
        let none = store::search(
            &db,
            &ItemFilter {
                query: "de en het".into(),
                limit: 50,
                ..ItemFilter::default()
            },
        )
        .await
        .expect("a query of stop words only lists everything");
        assert_eq!(none.len(), CORPUS.len());
    }
);

db_test!(
    async fn the_same_text_twice_in_a_scope_is_refused(db: TestDb) {
        seed(&db).await;
        let mut tx = db.begin().await.expect("begin");
        let again = store::insert_item(
            &mut tx,
            &NewItem {
                scope: "test".into(),
                network_id: None,
                session_id: None,
                kind: "success".into(),
                theme: Some("structure".into()),
                level: None,
                sector: None,
                body: "een vaste contactpersoon jeugdhulp op school maakt de lijnen kort".into(),
                source: "test".into(),
                dup_key: duplicate_key(
                    "een vaste contactpersoon jeugdhulp op school maakt de lijnen kort",
                ),
                created_by_user_id: None,
            },
            now(),
        )
        .await
        .expect("insert");
        assert_eq!(again, None);
        tx.commit().await.expect("commit");
    }
);
