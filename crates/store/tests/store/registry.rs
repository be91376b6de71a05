//! Organisations, locations, pupils, enrolments, guardians and the two lists
//! (a school's pupils, the organisation register).

use brug_domain::registry::{OrgKind, Sector};
use brug_store::registry::{
    self, Enrolment, Guardian, NewEnrolment, NewGuardian, NewOrganisation, NewPupil,
    NewSchoolLocation, OrgQuery, OrgSort, Organisation, Pupil, PupilQuery, PupilSort,
    SchoolLocation,
};
use brug_store::{Db, StoreError};
use brug_test_support::db_test;
use time::Date;
use time::macros::date;

use crate::fixtures::{self, School, now};

fn query(search: &str) -> PupilQuery {
    PupilQuery {
        search: search.into(),
        limit: 50,
        ..PupilQuery::default()
    }
}

/// Family names of a page of the school's pupils.
async fn family_names(db: &Db, school: &School, q: &PupilQuery) -> (Vec<String>, i64) {
    let page = registry::pupils_of_school(db, school.school, fixtures::today(), q)
        .await
        .expect("pupils of school");
    let names = page.rows.into_iter().map(|r| r.family_name).collect();
    (names, page.total)
}

async fn try_insert_organisation(db: &Db, org: &NewOrganisation) -> Result<i64, StoreError> {
    let mut tx = db.begin().await.expect("begin");
    match registry::insert_organisation(&mut tx, org, now()).await {
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

db_test!(
    async fn organisations_round_trip_every_field(db: TestDb) {
        let gm = fixtures::municipality(&db, "GM0344", "Utrecht").await;
        let board = fixtures::organisation(
            &db,
            NewOrganisation::new(OrgKind::SchoolBoard, "Stichting Primair"),
        )
        .await;
        let full = NewOrganisation {
            kind: OrgKind::School,
            name: "Basisschool De Regenboog".into(),
            brin: Some("12AB".into()),
            agb: Some("06123456".into()),
            cbs_code: Some("X1".into()),
            municipality_id: Some(gm),
            parent_id: Some(board),
            valid_from: Some(date!(2001 - 08 - 01)),
            valid_until: Some(date!(2030 - 07 - 31)),
        };
        let id = fixtures::organisation(&db, full.clone()).await;
        assert_eq!(
            registry::organisation(&db, id).await.expect("read"),
            Some(Organisation {
                id,
                kind: full.kind,
                name: full.name,
                brin: full.brin,
                agb: full.agb,
                cbs_code: full.cbs_code,
                municipality_id: full.municipality_id,
                parent_id: full.parent_id,
                valid_from: full.valid_from,
                valid_until: full.valid_until,
            })
        );
        assert_eq!(
            registry::organisation(&db, board).await.expect("read"),
            Some(Organisation {
                id: board,
                kind: OrgKind::SchoolBoard,
                name: "Stichting Primair".into(),
                brin: None,
                agb: None,
                cbs_code: None,
                municipality_id: None,
                parent_id: None,
                valid_from: None,
                valid_until: None,
            })
        );
        assert_eq!(
            registry::organisation(&db, id + 1000).await.expect("read"),
            None
        );

        // Every kind survives the trip through its code.
        for kind in OrgKind::ALL {
            let id = fixtures::organisation(&db, NewOrganisation::new(kind, "x")).await;
            let org = registry::organisation(&db, id).await.expect("read");
            assert_eq!(org.map(|o| o.kind), Some(kind));
        }
    }
);

db_test!(
    async fn organisations_by_ids_and_by_code(db: TestDb) {
        let gm = fixtures::municipality(&db, "GM0344", "Utrecht").await;
        let zorg = fixtures::organisation(
            &db,
            NewOrganisation {
                agb: Some("98765432".into()),
                ..NewOrganisation::new(OrgKind::CareProvider, "Jeugdzorg Midden")
            },
        )
        .await;
        let school = fixtures::organisation(
            &db,
            NewOrganisation {
                brin: Some("12AB".into()),
                ..NewOrganisation::new(OrgKind::School, "Anker")
            },
        )
        .await;

        let names = |orgs: Vec<Organisation>| orgs.into_iter().map(|o| o.id).collect::<Vec<_>>();
        assert_eq!(
            names(
                registry::organisations_by_ids(&db, &[gm, zorg, school, 999_999])
                    .await
                    .expect("by ids")
            ),
            [school, zorg, gm],
            "sorted by name (Anker, Jeugdzorg Midden, Utrecht); unknown ids ignored"
        );
        assert_eq!(
            registry::organisations_by_ids(&db, &[])
                .await
                .expect("none"),
            []
        );

        for (code, id) in [("12AB", school), ("98765432", zorg), ("GM0344", gm)] {
            let found = registry::organisation_by_code(&db, code)
                .await
                .expect("by code");
            assert_eq!(found.map(|o| o.id), Some(id), "code {code}");
        }
        assert_eq!(
            registry::organisation_by_code(&db, "99ZZ")
                .await
                .expect("by code"),
            None
        );
    }
);

db_test!(
    async fn duplicate_codes_are_reported_as_duplicates(db: TestDb) {
        let brin = NewOrganisation {
            brin: Some("12AB".into()),
            ..NewOrganisation::new(OrgKind::School, "De Regenboog")
        };
        try_insert_organisation(&db, &brin)
            .await
            .expect("first BRIN");
        let again = try_insert_organisation(
            &db,
            &NewOrganisation {
                name: "Other".into(),
                ..brin
            },
        )
        .await;
        assert!(
            matches!(again, Err(StoreError::Duplicate("organisation code"))),
            "second BRIN 12AB: {again:?}"
        );

        let agb = NewOrganisation {
            agb: Some("98765432".into()),
            ..NewOrganisation::new(OrgKind::CareProvider, "Jeugdzorg Midden")
        };
        try_insert_organisation(&db, &agb).await.expect("first AGB");
        let again = try_insert_organisation(&db, &agb).await;
        assert!(
            matches!(again, Err(StoreError::Duplicate("organisation code"))),
            "second AGB: {again:?}"
        );

        // Codes are optional: any number of organisations may have none.
        for _ in 0..2 {
            try_insert_organisation(&db, &NewOrganisation::new(OrgKind::Wijkteam, "Wijkteam"))
                .await
                .expect("organisation without codes");
        }
        let page = registry::list_organisations(
            &db,
            &OrgQuery {
                limit: 50,
                ..OrgQuery::default()
            },
        )
        .await
        .expect("list");
        assert_eq!(page.total, 4, "the failed inserts left nothing behind");

        // A location's BRIN (e.g. 12AB00) is unique too.
        let school = fixtures::school(&db, "34CD", "Het Anker").await;
        let mut tx = db.begin().await.expect("begin");
        let again = registry::insert_location(
            &mut tx,
            &NewSchoolLocation {
                school_id: school.school,
                brin: "34CD00".into(),
                name: "Dependance".into(),
                city: "Utrecht".into(),
                sector: Sector::Po,
                municipality_id: school.municipality,
                swv_id: None,
            },
            now(),
        )
        .await;
        tx.rollback().await.expect("rollback");
        assert!(
            matches!(again, Err(StoreError::Duplicate("BRIN"))),
            "second location 34CD00: {again:?}"
        );
    }
);

db_test!(
    async fn locations_round_trip_and_list_per_school(db: TestDb) {
        let school = fixtures::school(&db, "12AB", "De Regenboog").await;
        let swv =
            fixtures::organisation(&db, NewOrganisation::new(OrgKind::Swv, "SWV PO Utrecht")).await;
        let other = fixtures::school(&db, "34CD", "Het Anker").await;
        let mut tx = db.begin().await.expect("begin");
        let annex = NewSchoolLocation {
            school_id: school.school,
            brin: "12AB01".into(),
            name: "De Regenboog, dependance Oost".into(),
            city: "Zeist".into(),
            sector: Sector::Sbo,
            municipality_id: school.municipality,
            swv_id: Some(swv),
        };
        let annex_id = registry::insert_location(&mut tx, &annex, now())
            .await
            .expect("insert");
        tx.commit().await.expect("commit");

        let expected = SchoolLocation {
            id: annex_id,
            school_id: annex.school_id,
            brin: annex.brin,
            name: annex.name,
            city: annex.city,
            sector: annex.sector,
            municipality_id: annex.municipality_id,
            swv_id: annex.swv_id,
        };
        assert_eq!(
            registry::location(&db, annex_id).await.expect("read"),
            Some(expected.clone())
        );
        assert_eq!(
            registry::location(&db, annex_id + 100).await.expect("read"),
            None
        );

        let list = registry::locations_of_school(&db, school.school)
            .await
            .expect("list");
        assert_eq!(
            list.iter()
                .map(|l| (l.id, l.brin.as_str()))
                .collect::<Vec<_>>(),
            [(school.location, "12AB00"), (annex_id, "12AB01")],
            "only this school's locations, by BRIN"
        );
        assert_eq!(list[0].swv_id, None);
        assert_eq!(list[1], expected);
        assert_eq!(
            registry::locations_of_school(&db, other.school)
                .await
                .expect("list")
                .len(),
            1
        );
    }
);

db_test!(
    async fn pupils_round_trip_every_field(db: TestDb) {
        let cipher = vec![0u8, 1, 2, 0xfe, 0xff, 0, 42];
        let full = NewPupil {
            given_name: "Anouk".into(),
            name_prefix: Some("de".into()),
            family_name: "Vries".into(),
            birth_date: date!(2016 - 02 - 29),
            bsn_cipher: Some(cipher.clone()),
            bsn_lookup: Some("lookup-1".into()),
        };
        let id = fixtures::insert_pupil(&db, &full).await;
        assert_eq!(
            registry::pupil(&db, id).await.expect("read"),
            Some(Pupil {
                id,
                given_name: "Anouk".into(),
                name_prefix: Some("de".into()),
                family_name: "Vries".into(),
                birth_date: date!(2016 - 02 - 29),
                bsn_cipher: Some(cipher),
                shares_with_guardians: true,
            })
        );
        let bare = fixtures::insert_pupil(
            &db,
            &fixtures::new_pupil("Chloé", None, "Çelik", date!(2017 - 12 - 31)),
        )
        .await;
        assert_eq!(
            registry::pupil(&db, bare).await.expect("read"),
            Some(Pupil {
                id: bare,
                given_name: "Chloé".into(),
                name_prefix: None,
                family_name: "Çelik".into(),
                birth_date: date!(2017 - 12 - 31),
                bsn_cipher: None,
                shares_with_guardians: true,
            })
        );
        assert_eq!(registry::pupil(&db, bare + 100).await.expect("read"), None);
    }
);

db_test!(
    async fn a_bsn_is_registered_once(db: TestDb) {
        let pupil = NewPupil {
            bsn_lookup: Some("lookup-1".into()),
            ..fixtures::new_pupil("Anouk", None, "Vries", date!(2016 - 01 - 01))
        };
        fixtures::insert_pupil(&db, &pupil).await;
        let mut tx = db.begin().await.expect("begin");
        let again = registry::insert_pupil(&mut tx, &pupil, now()).await;
        tx.rollback().await.expect("rollback");
        assert!(
            matches!(again, Err(StoreError::Duplicate("BSN"))),
            "same BSN lookup twice: {again:?}"
        );
        // Pupils without a BSN do not collide.
        let without = fixtures::new_pupil("Bram", None, "Bakker", date!(2015 - 01 - 01));
        fixtures::insert_pupil(&db, &without).await;
        fixtures::insert_pupil(&db, &without).await;
    }
);

db_test!(
    async fn enrolments_round_trip_current_first(db: TestDb) {
        let school = fixtures::school(&db, "12AB", "De Regenboog").await;
        let pupil = fixtures::insert_pupil(
            &db,
            &fixtures::new_pupil("Anouk", None, "Vries", date!(2014 - 05 - 01)),
        )
        .await;
        let first = NewEnrolment {
            start_date: date!(2018 - 08 - 20),
            end_date: Some(date!(2021 - 07 - 09)),
            ..fixtures::new_enrolment(pupil, &school, school.location, "groep 3", None)
        };
        let second = NewEnrolment {
            start_date: date!(2021 - 08 - 23),
            end_date: Some(date!(2023 - 07 - 14)),
            sector: Sector::Sbo,
            ..fixtures::new_enrolment(pupil, &school, school.location, "groep 6", None)
        };
        let current = NewEnrolment {
            pupil_number: Some("L-00042".into()),
            start_date: date!(2023 - 08 - 28),
            sector: Sector::Vo,
            ..fixtures::new_enrolment(pupil, &school, school.location, "klas 1", None)
        };
        // Inserted oldest-but-one first, so the order comes from the query.
        let second_id = fixtures::insert_enrolment(&db, &second).await;
        let current_id = fixtures::insert_enrolment(&db, &current).await;
        let first_id = fixtures::insert_enrolment(&db, &first).await;

        let as_stored = |id: i64, e: &NewEnrolment| Enrolment {
            id,
            pupil_id: e.pupil_id,
            location_id: e.location_id,
            school_id: e.school_id,
            pupil_number: e.pupil_number.clone(),
            sector: e.sector,
            grade: e.grade.clone(),
            residence_municipality_id: e.residence_municipality_id,
            start_date: e.start_date,
            end_date: e.end_date,
        };
        assert_eq!(
            registry::enrolments_of_pupil(&db, pupil)
                .await
                .expect("list"),
            [
                as_stored(current_id, &current),
                as_stored(second_id, &second),
                as_stored(first_id, &first),
            ]
        );
        assert_eq!(
            registry::enrolments_of_pupil(&db, pupil + 1)
                .await
                .expect("list"),
            []
        );
    }
);

db_test!(
    async fn a_pupil_number_is_unique_within_a_school(db: TestDb) {
        let school = fixtures::school(&db, "12AB", "De Regenboog").await;
        let other = fixtures::school(&db, "34CD", "Het Anker").await;
        let a = fixtures::insert_pupil(
            &db,
            &fixtures::new_pupil("A", None, "A", date!(2015 - 01 - 01)),
        )
        .await;
        let b = fixtures::insert_pupil(
            &db,
            &fixtures::new_pupil("B", None, "B", date!(2015 - 01 - 01)),
        )
        .await;
        let numbered = |pupil: i64, school: &School| NewEnrolment {
            pupil_number: Some("1001".into()),
            ..fixtures::new_enrolment(pupil, school, school.location, "groep 4", None)
        };
        fixtures::insert_enrolment(&db, &numbered(a, &school)).await;
        // The same number at another school is someone else.
        fixtures::insert_enrolment(&db, &numbered(b, &other)).await;
        let mut tx = db.begin().await.expect("begin");
        let again = registry::insert_enrolment(&mut tx, &numbered(b, &school), now()).await;
        tx.rollback().await.expect("rollback");
        assert!(
            matches!(again, Err(StoreError::Duplicate(_))),
            "pupil number 1001 twice at one school: {again:?}"
        );
        // Enrolments without a number do not collide.
        for pupil in [a, b] {
            fixtures::insert_enrolment(
                &db,
                &fixtures::new_enrolment(pupil, &school, school.location, "groep 5", None),
            )
            .await;
        }
    }
);

db_test!(
    async fn guardians_round_trip_and_link_to_accounts(db: TestDb) {
        let anouk = fixtures::insert_pupil(
            &db,
            &fixtures::new_pupil("Anouk", None, "Vries", date!(2016 - 01 - 01)),
        )
        .await;
        let bram = fixtures::insert_pupil(
            &db,
            &fixtures::new_pupil("Bram", None, "Vries", date!(2018 - 01 - 01)),
        )
        .await;
        let parent = fixtures::user(&db, "ouder@example.nl").await;
        let mother = NewGuardian {
            pupil_id: anouk,
            name: "Mirjam de Vries".into(),
            relation: "mother".into(),
            email: Some("ouder@example.nl".into()),
            phone: Some("+31 6 12345678".into()),
            user_id: Some(parent),
        };
        let father = NewGuardian {
            pupil_id: anouk,
            name: "Peter de Vries".into(),
            relation: "father".into(),
            email: None,
            phone: None,
            user_id: None,
        };
        let mut tx = db.begin().await.expect("begin");
        let mother_id = registry::insert_guardian(&mut tx, &mother, now())
            .await
            .expect("insert");
        let father_id = registry::insert_guardian(&mut tx, &father, now())
            .await
            .expect("insert");
        // The same account is guardian of the sibling, and twice of Anouk
        // (e.g. also registered as "carer"): listed once per pupil.
        for (pupil, relation) in [(bram, "mother"), (anouk, "carer")] {
            registry::insert_guardian(
                &mut tx,
                &NewGuardian {
                    pupil_id: pupil,
                    relation: relation.into(),
                    ..mother.clone()
                },
                now(),
            )
            .await
            .expect("insert");
        }
        tx.commit().await.expect("commit");

        let stored = |id: i64, g: &NewGuardian| Guardian {
            id,
            pupil_id: g.pupil_id,
            name: g.name.clone(),
            relation: g.relation.clone(),
            email: g.email.clone(),
            phone: g.phone.clone(),
            user_id: g.user_id,
        };
        let of_anouk = registry::guardians_of_pupil(&db, anouk)
            .await
            .expect("list");
        assert_eq!(of_anouk.len(), 3);
        assert_eq!(
            of_anouk[..2],
            [stored(mother_id, &mother), stored(father_id, &father)]
        );
        assert_eq!(of_anouk[2].relation, "carer");
        assert_eq!(
            registry::pupils_of_guardian_user(&db, parent)
                .await
                .expect("pupils"),
            [anouk, bram]
        );
        assert_eq!(
            registry::pupils_of_guardian_user(&db, parent + 1)
                .await
                .expect("pupils"),
            Vec::<i64>::new()
        );
    }
);

db_test!(
    async fn a_school_lists_only_its_current_pupils(db: TestDb) {
        let school = fixtures::school(&db, "12AB", "De Regenboog").await;
        let other = fixtures::school(&db, "34CD", "Het Anker").await;
        let annex = fixtures::location(
            &db,
            school.school,
            school.municipality,
            "12AB01",
            "Dependance",
        )
        .await;
        let today = fixtures::today();
        let birth = date!(2016 - 01 - 01);
        let open =
            fixtures::pupil_at(&db, &school, ("A", None, "Open"), birth, "groep 4", None).await;
        let last_day = fixtures::pupil_at(
            &db,
            &school,
            ("B", None, "LastDay"),
            birth,
            "groep 4",
            Some(today),
        )
        .await;
        fixtures::pupil_at(
            &db,
            &school,
            ("C", None, "Left"),
            birth,
            "groep 4",
            Some(today.previous_day().expect("date")),
        )
        .await;
        let later = fixtures::pupil_at(
            &db,
            &school,
            ("D", None, "Later"),
            birth,
            "groep 4",
            Some(date!(2027 - 07 - 09)),
        )
        .await;
        fixtures::pupil_at(
            &db,
            &other,
            ("E", None, "Elsewhere"),
            birth,
            "groep 4",
            None,
        )
        .await;
        let at_annex =
            fixtures::insert_pupil(&db, &fixtures::new_pupil("F", None, "Annex", birth)).await;
        fixtures::insert_enrolment(
            &db,
            &fixtures::new_enrolment(at_annex, &school, annex, "groep 8", None),
        )
        .await;

        let page = registry::pupils_of_school(&db, school.school, today, &query(""))
            .await
            .expect("list");
        let mut ids: Vec<i64> = page.rows.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        assert_eq!(ids, [open, last_day, later, at_annex]);
        assert_eq!(page.total, 4);

        let annex_row = page
            .rows
            .iter()
            .find(|r| r.id == at_annex)
            .expect("annex pupil");
        assert_eq!(annex_row.location_name, "Dependance");
        assert_eq!(annex_row.grade, "groep 8");
        assert_eq!(annex_row.sector, Sector::Po);
        assert_eq!(annex_row.birth_date, birth);
        assert_eq!(annex_row.given_name, "F");
        assert_eq!(annex_row.name_prefix, None);

        // The day after the last day, that pupil has left too.
        let tomorrow = today.next_day().expect("date");
        let page = registry::pupils_of_school(&db, school.school, tomorrow, &query(""))
            .await
            .expect("list");
        assert_eq!(page.total, 3);
        assert!(page.rows.iter().all(|r| r.id != last_day));
    }
);

db_test!(
    async fn pupil_search_ignores_case_and_diacritics(db: TestDb) {
        let school = fixtures::school(&db, "12AB", "De Regenboog").await;
        let birth = date!(2016 - 01 - 01);
        for name in [
            ("Chloé", None, "Çelik"),
            ("Anouk", Some("de"), "Vries"),
            ("Zoë", Some("van der"), "Berg"),
            ("Daan", None, "Jansen"),
        ] {
            fixtures::pupil_at(&db, &school, name, birth, "groep 5", None).await;
        }
        for (search, expected) in [
            ("celik", &["Çelik"][..]),
            ("ÇELIK", &["Çelik"]),
            ("chloe", &["Çelik"]),
            ("Chloé Çelik", &["Çelik"]),
            ("anouk de", &["Vries"]),
            ("de anouk", &["Vries"]),
            ("VRIES", &["Vries"]),
            ("zoe", &["Berg"]),
            ("zoë van der berg", &["Berg"]),
            ("  jansen   daan ", &["Jansen"]),
            // "van der" contains "an" too.
            ("an", &["Berg", "Jansen", "Vries"]),
            ("jansen vries", &[]),
            ("pietersen", &[]),
        ] {
            let (mut names, total) = family_names(&db, &school, &query(search)).await;
            names.sort();
            assert_eq!(names, expected, "search {search:?}");
            assert_eq!(
                total,
                i64::try_from(expected.len()).expect("small"),
                "total for {search:?}"
            );
        }
    }
);

db_test!(
    async fn pupil_search_treats_wildcards_as_text(db: TestDb) {
        let school = fixtures::school(&db, "12AB", "De Regenboog").await;
        let birth = date!(2016 - 01 - 01);
        for name in [
            ("Bob", None, "Smit"),
            ("Eva", None, "Bakker"),
            ("Test", None, "Na_me%100\\x"),
        ] {
            fixtures::pupil_at(&db, &school, name, birth, "groep 5", None).await;
        }
        for (search, expected) in [
            ("%", &["Na_me%100\\x"][..]),
            ("_", &["Na_me%100\\x"]),
            ("a_m", &["Na_me%100\\x"]),
            // Unescaped, `t_` would match "smit bob" and `b%r` "bakker eva".
            ("t_", &[]),
            ("b%r", &[]),
            ("\\", &["Na_me%100\\x"]),
            ("0\\x", &["Na_me%100\\x"]),
            ("\\%", &[]),
        ] {
            let (names, total) = family_names(&db, &school, &query(search)).await;
            assert_eq!(names, expected, "search {search:?}");
            assert_eq!(
                total,
                i64::try_from(expected.len()).expect("small"),
                "total for {search:?}"
            );
        }
    }
);

/// Four pupils whose order differs per sort key; returns the school.
async fn four_pupils(db: &Db) -> School {
    let school = fixtures::school(db, "12AB", "Locatie Noord").await;
    let south = fixtures::location(
        db,
        school.school,
        school.municipality,
        "12AB01",
        "Locatie Zuid",
    )
    .await;
    let pupils: [(_, Date, &str, Option<i64>); 4] = [
        (
            ("Anouk", Some("de"), "Vries"),
            date!(2016 - 03 - 01),
            "groep 5",
            None,
        ),
        (
            ("Bram", None, "Bakker"),
            date!(2015 - 01 - 10),
            "groep 6",
            Some(south),
        ),
        (
            ("Chloé", None, "Çelik"),
            date!(2017 - 07 - 07),
            "groep 4",
            None,
        ),
        (
            ("Daan", None, "Zwart"),
            date!(2014 - 12 - 31),
            "groep 7",
            Some(south),
        ),
    ];
    for (name, birth, grade, location) in pupils {
        let id =
            fixtures::insert_pupil(db, &fixtures::new_pupil(name.0, name.1, name.2, birth)).await;
        fixtures::insert_enrolment(
            db,
            &fixtures::new_enrolment(
                id,
                &school,
                location.unwrap_or(school.location),
                grade,
                None,
            ),
        )
        .await;
    }
    school
}

db_test!(
    async fn pupils_sort_by_every_key_both_ways(db: TestDb) {
        let school = four_pupils(&db).await;
        for (sort, ascending) in [
            (PupilSort::Name, ["Bakker", "Çelik", "Vries", "Zwart"]),
            (PupilSort::Grade, ["Çelik", "Vries", "Bakker", "Zwart"]),
            (PupilSort::BirthDate, ["Zwart", "Bakker", "Vries", "Çelik"]),
            // Equal locations fall back to the id, in the same direction.
            (PupilSort::Location, ["Vries", "Çelik", "Bakker", "Zwart"]),
        ] {
            for descending in [false, true] {
                let q = PupilQuery {
                    sort,
                    descending,
                    ..query("")
                };
                let (names, total) = family_names(&db, &school, &q).await;
                let mut expected = ascending.to_vec();
                if descending {
                    expected.reverse();
                }
                assert_eq!(names, expected, "{sort:?}, descending: {descending}");
                assert_eq!(total, 4);
            }
        }
    }
);

db_test!(
    async fn location_names_sort_without_regard_to_case(db: TestDb) {
        // Dutch names often start with a lower-case article: "de Klimop" comes
        // before "Het Anker" for a reader, not after it (as in byte order).
        let school = fixtures::school(&db, "12AB", "Het Anker").await;
        let klimop = fixtures::location(
            &db,
            school.school,
            school.municipality,
            "12AB01",
            "de Klimop",
        )
        .await;
        fixtures::pupil_at(
            &db,
            &school,
            ("A", None, "InAnker"),
            date!(2016 - 01 - 01),
            "groep 5",
            None,
        )
        .await;
        let id = fixtures::insert_pupil(
            &db,
            &fixtures::new_pupil("B", None, "InKlimop", date!(2016 - 01 - 01)),
        )
        .await;
        fixtures::insert_enrolment(
            &db,
            &fixtures::new_enrolment(id, &school, klimop, "groep 5", None),
        )
        .await;
        let q = PupilQuery {
            sort: PupilSort::Location,
            ..query("")
        };
        let (names, _) = family_names(&db, &school, &q).await;
        assert_eq!(names, ["InKlimop", "InAnker"]);
    }
);

db_test!(
    async fn a_pupil_changing_location_is_listed_once(db: TestDb) {
        // Moving to the annex after the Christmas break: the old enrolment
        // ends on 18 December, the new one is already registered. Both count
        // as current today; the pupil is still one pupil.
        let school = fixtures::school(&db, "12AB", "De Regenboog").await;
        let annex = fixtures::location(
            &db,
            school.school,
            school.municipality,
            "12AB01",
            "Dependance",
        )
        .await;
        let moving = fixtures::pupil_at(
            &db,
            &school,
            ("Anouk", None, "Vries"),
            date!(2016 - 01 - 01),
            "groep 5",
            Some(date!(2026 - 12 - 18)),
        )
        .await;
        fixtures::insert_enrolment(
            &db,
            &NewEnrolment {
                start_date: date!(2027 - 01 - 04),
                ..fixtures::new_enrolment(moving, &school, annex, "groep 5", None)
            },
        )
        .await;
        fixtures::pupil_at(
            &db,
            &school,
            ("Bram", None, "Bakker"),
            date!(2016 - 01 - 01),
            "groep 5",
            None,
        )
        .await;

        let (names, total) = family_names(&db, &school, &query("")).await;
        assert_eq!(names, ["Bakker", "Vries"]);
        assert_eq!(total, 2);
    }
);

db_test!(
    async fn pupil_pages_have_the_right_rows_and_total(db: TestDb) {
        let school = fixtures::school(&db, "12AB", "De Regenboog").await;
        // 55 pupils in one transaction: Pupil 00 .. Pupil 54.
        let mut tx = db.begin().await.expect("begin");
        for n in 0..55 {
            let id = registry::insert_pupil(
                &mut tx,
                &fixtures::new_pupil(
                    "Kind",
                    None,
                    &format!("Pupil {n:02}"),
                    date!(2016 - 01 - 01),
                ),
                now(),
            )
            .await
            .expect("insert");
            registry::insert_enrolment(
                &mut tx,
                &fixtures::new_enrolment(id, &school, school.location, "groep 5", None),
                now(),
            )
            .await
            .expect("insert");
        }
        tx.commit().await.expect("commit");

        let page = |offset: i64, limit: i64| {
            let db = db.db.clone();
            async move {
                let q = PupilQuery {
                    offset,
                    limit,
                    ..query("")
                };
                family_names(&db, &school, &q).await
            }
        };
        let name = |n: i32| format!("Pupil {n:02}");

        let (rows, total) = page(0, 20).await;
        assert_eq!(rows, (0..20).map(name).collect::<Vec<_>>());
        assert_eq!(total, 55);
        let (rows, total) = page(40, 20).await;
        assert_eq!(rows, (40..55).map(name).collect::<Vec<_>>());
        assert_eq!(total, 55);
        let (rows, total) = page(60, 20).await;
        assert_eq!(rows, Vec::<String>::new(), "past the end");
        assert_eq!(total, 55, "the total does not depend on the page");
        let (rows, _) = page(-5, 2).await;
        assert_eq!(rows, [name(0), name(1)], "a negative offset starts at 0");
        let (rows, total) = page(0, 1000).await;
        assert_eq!(rows.len(), 50, "at most 50 rows per page");
        assert_eq!(total, 55);

        // "1" is in 01, 10..=19, 21, 31, 41 and 51.
        let q = PupilQuery {
            offset: 1,
            limit: 2,
            ..query("pupil 1")
        };
        let (rows, total) = family_names(&db, &school, &q).await;
        assert_eq!(rows, [name(10), name(11)]);
        assert_eq!(total, 15, "the total counts the search's matches");
    }
);

async fn organisation_register(db: &Db) -> [i64; 5] {
    let gm = fixtures::municipality(db, "GM0344", "Gemeente Utrecht").await;
    let regenboog = fixtures::organisation(
        db,
        NewOrganisation {
            brin: Some("12AB".into()),
            municipality_id: Some(gm),
            ..NewOrganisation::new(OrgKind::School, "Basisschool De Regenboog")
        },
    )
    .await;
    let anker = fixtures::organisation(
        db,
        NewOrganisation {
            brin: Some("34CD".into()),
            municipality_id: Some(gm),
            ..NewOrganisation::new(OrgKind::School, "openbare basisschool Het Anker")
        },
    )
    .await;
    let zorg = fixtures::organisation(
        db,
        NewOrganisation {
            agb: Some("98765432".into()),
            ..NewOrganisation::new(OrgKind::CareProvider, "Jeugdzorg Midden")
        },
    )
    .await;
    let board = fixtures::organisation(
        db,
        NewOrganisation::new(OrgKind::SchoolBoard, "Stichting 100%_Primair"),
    )
    .await;
    [gm, regenboog, anker, zorg, board]
}

async fn org_ids(db: &Db, q: &OrgQuery) -> (Vec<i64>, i64) {
    let page = registry::list_organisations(db, q).await.expect("list");
    (page.rows.into_iter().map(|o| o.id).collect(), page.total)
}

fn org_query(kind: Option<OrgKind>, search: &str) -> OrgQuery {
    OrgQuery {
        kind,
        search: search.into(),
        limit: 50,
        ..OrgQuery::default()
    }
}

db_test!(
    async fn organisations_filter_by_kind_and_search(db: TestDb) {
        let [gm, regenboog, anker, zorg, board] = organisation_register(&db).await;
        for (kind, search, expected) in [
            (None, "", &[regenboog, gm, zorg, anker, board][..]),
            (Some(OrgKind::School), "", &[regenboog, anker]),
            (Some(OrgKind::Municipality), "", &[gm]),
            (Some(OrgKind::Jgz), "", &[]),
            (None, "basisschool", &[regenboog, anker]),
            (None, "BASISSCHOOL anker", &[anker]),
            (None, "school regen", &[regenboog]),
            (None, "anker regenboog", &[]),
            // Codes match exactly, whatever the case typed.
            (None, "12ab", &[regenboog]),
            (None, "98765432", &[zorg]),
            (None, "gm0344", &[gm]),
            (None, "12a", &[]),
            (None, "34CD anker", &[anker]),
            (Some(OrgKind::Municipality), "basisschool", &[]),
            (Some(OrgKind::School), "utrecht", &[]),
            // Wildcards are text.
            (None, "%", &[board]),
            (None, "100%_", &[board]),
            (None, "_", &[board]),
            (None, "h_t", &[]),
        ] {
            let (ids, total) = org_ids(&db, &org_query(kind, search)).await;
            assert_eq!(ids, expected, "kind {kind:?}, search {search:?}");
            assert_eq!(total, i64::try_from(expected.len()).expect("small"));
        }
    }
);

db_test!(
    async fn organisation_search_ignores_case_beyond_ascii(db: TestDb) {
        let ecole = fixtures::organisation(
            &db,
            NewOrganisation::new(OrgKind::School, "École Internationale Utrecht"),
        )
        .await;
        let oost = fixtures::organisation(
            &db,
            NewOrganisation::new(OrgKind::Wijkteam, "Wijkteam Ölmez-Oost"),
        )
        .await;
        for (search, expected) in [
            ("internationale", ecole),
            ("école", ecole),
            ("ÉCOLE", ecole),
            ("ölmez", oost),
        ] {
            let (ids, _) = org_ids(&db, &org_query(None, search)).await;
            assert_eq!(ids, [expected], "search {search:?}");
        }
    }
);

db_test!(
    async fn organisations_sort_and_paginate(db: TestDb) {
        let [gm, regenboog, anker, zorg, board] = organisation_register(&db).await;
        for (sort, ascending) in [
            // By name without regard to case ("openbare ..." among the O's).
            (OrgSort::Name, [regenboog, gm, zorg, anker, board]),
            // care_provider, municipality, school (by id), school_board.
            (OrgSort::Kind, [zorg, gm, regenboog, anker, board]),
            // No code sorts first; then 12AB, 34CD, 98765432, GM0344.
            (OrgSort::Code, [board, regenboog, anker, zorg, gm]),
        ] {
            for descending in [false, true] {
                let q = OrgQuery {
                    sort,
                    descending,
                    ..org_query(None, "")
                };
                let mut expected = ascending.to_vec();
                if descending {
                    expected.reverse();
                }
                assert_eq!(
                    org_ids(&db, &q).await,
                    (expected, 5),
                    "{sort:?} desc {descending}"
                );
            }
        }
        let q = OrgQuery {
            offset: 2,
            limit: 2,
            ..org_query(None, "")
        };
        assert_eq!(org_ids(&db, &q).await, (vec![zorg, anker], 5));
        let q = OrgQuery {
            offset: 4,
            limit: 2,
            ..org_query(None, "")
        };
        assert_eq!(org_ids(&db, &q).await, (vec![board], 5));
    }
);
