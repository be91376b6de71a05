//! Installation facts (key-value).

use brug_domain::registry::OrgKind;
use brug_store::meta;
use brug_store::registry::NewOrganisation;
use brug_test_support::db_test;
use tokio::task::JoinSet;

use crate::fixtures;

db_test!(
    async fn values_are_set_and_replaced(db: TestDb) {
        assert_eq!(meta::get(&db, "colour").await.expect("get"), None);
        meta::set(&db, "colour", "blauw").await.expect("set");
        assert_eq!(
            meta::get(&db, "colour").await.expect("get").as_deref(),
            Some("blauw")
        );
        meta::set(&db, "colour", "oranje – ‘Ñ’")
            .await
            .expect("set again");
        assert_eq!(
            meta::get(&db, "colour").await.expect("get").as_deref(),
            Some("oranje – ‘Ñ’")
        );
        meta::set(&db, "empty", "").await.expect("set");
        assert_eq!(
            meta::get(&db, "empty").await.expect("get").as_deref(),
            Some("")
        );
    }
);

db_test!(
    async fn get_or_insert_keeps_the_first_value(db: TestDb) {
        assert_eq!(
            meta::get_or_insert(&db, meta::SERVER_KEY, "first")
                .await
                .expect("insert"),
            "first"
        );
        assert_eq!(
            meta::get_or_insert(&db, meta::SERVER_KEY, "second")
                .await
                .expect("keep"),
            "first"
        );
        assert_eq!(
            meta::get(&db, meta::SERVER_KEY)
                .await
                .expect("get")
                .as_deref(),
            Some("first")
        );
    }
);

db_test!(
    async fn processes_starting_at_once_agree_on_one_value(db: TestDb) {
        // Two handles, as two `brug serve` processes, each racing four tasks.
        let second = db.open_another().await;
        let mut tasks = JoinSet::new();
        for n in 0..8 {
            let handle = if n % 2 == 0 {
                db.db.clone()
            } else {
                second.clone()
            };
            tasks.spawn(async move {
                meta::get_or_insert(&handle, meta::SERVER_KEY, &format!("key-{n}"))
                    .await
                    .expect("get_or_insert")
            });
        }
        let values: Vec<String> = tasks.join_all().await;
        let stored = meta::get(&db, meta::SERVER_KEY)
            .await
            .expect("get")
            .expect("stored");
        assert!(
            values.iter().all(|v| *v == stored),
            "all saw {stored}: {values:?}"
        );
        second.close().await;
    }
);

db_test!(
    async fn real_data_is_anything_but_demo_data(db: TestDb) {
        assert!(!meta::holds_real_data(&db).await.expect("empty"));

        fixtures::user(&db, "fatima@example.nl").await;
        assert!(meta::holds_real_data(&db).await.expect("a user"));

        meta::set(&db, meta::DATASET, "demo").await.expect("set");
        assert!(
            !meta::holds_real_data(&db).await.expect("demo"),
            "the demo generator's data is not real"
        );
        meta::set(&db, meta::DATASET, "import").await.expect("set");
        assert!(meta::holds_real_data(&db).await.expect("not demo"));
    }
);

db_test!(
    async fn an_organisation_alone_is_real_data(db: TestDb) {
        fixtures::organisation(&db, NewOrganisation::new(OrgKind::Municipality, "Utrecht")).await;
        assert!(meta::holds_real_data(&db).await.expect("an organisation"));
    }
);
