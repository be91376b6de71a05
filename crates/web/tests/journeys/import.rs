//! S5 imports: a corpus of broken files (wrong separator, missing columns,
//! bad codes, duplicated keys, another encoding, 10,000 random rows with
//! injected errors), all-or-nothing and only-valid, idempotent re-imports
//! keyed on BRIN, AGB and pupil number, and the upload page.

use brug_app::import::{self, Importer, Kind, Mode, Quiet, Report};
use brug_app::{App, AppError};
use brug_domain::codes::Bsn;
use brug_test_support::db_test;

use crate::support::{PASSWORD, TestApp, World};

const PUPIL_HEADER: &str = "BRIN;Leerlingnummer;Roepnaam;Tussenvoegsel;Achternaam;Geboortedatum;BSN;Groep;Sector;Gemeente;Inschrijfdatum";

async fn check(app: &App, kind: Kind, bytes: &[u8]) -> import::Checked {
    import::check(app, kind, bytes, &None, &Quiet)
        .await
        .expect("check")
}

async fn load(app: &App, kind: Kind, bytes: &[u8], mode: Mode) -> Result<import::Loaded, AppError> {
    let checked = check(app, kind, bytes).await;
    import::load(app, Importer::CommandLine, checked, mode, &Quiet).await
}

/// Every problem as `line:column:message id`.
fn problems(r: &Report) -> Vec<String> {
    r.errors
        .iter()
        .map(|e| format!("{}:{}:{}", e.line, e.column, e.message_id))
        .collect()
}

/// The Dutch reason of the first problem, as the report prints it.
fn dutch(r: &Report) -> String {
    let e = &r.errors[0];
    let args: Vec<(&str, String)> = e.args.iter().map(|(k, v)| (*k, v.clone())).collect();
    brug_web::Lang::Nl.t_args(e.message_id, &args)
}

fn bsn(n: u32) -> String {
    (n..)
        .find_map(Bsn::from_first_eight)
        .expect("a valid BSN")
        .as_str()
        .to_owned()
}

async fn numbered_pupils(t: &TestApp, w: &World) -> usize {
    brug_store::import::enrolments_at_schools(&t.db, &[w.school_a, w.school_b])
        .await
        .expect("enrolments")
        .len()
}

db_test!(
    async fn organisations_import_once_keyed_on_their_codes(db: TestDb) {
        let t = TestApp::start(db).await;
        let _w = World::build(&t).await;
        // Commas, a byte order mark, Dutch kind names.
        let file = "\u{feff}soort,naam,code,gemeente,plaats,sector\n\
                    zorgaanbieder,Kwadrant Jeugdhulp,12345678,GM0344,,\n\
                    school,Het Baken,30CC,GM0344,,\n\
                    vestiging,Het Baken Noord,30CC00,GM0344,Utrecht,VSO\n";
        let first = check(&t.app, Kind::Organisations, file.as_bytes()).await;
        assert!(first.report.is_valid(), "{:?}", problems(&first.report));
        assert!(first.report.bom);
        assert_eq!(first.report.separator, ',');
        assert_eq!(first.report.to_create, 3);
        let loaded = load(
            &t.app,
            Kind::Organisations,
            file.as_bytes(),
            Mode::AllOrNothing,
        )
        .await
        .expect("load");
        assert_eq!(loaded.created, 3);
        let baken = brug_store::registry::organisation_by_code(&t.db, "30CC")
            .await
            .expect("lookup")
            .expect("imported");
        assert_eq!(baken.name, "Het Baken");
        // The same file again changes nothing; a new name updates by code.
        let again = load(
            &t.app,
            Kind::Organisations,
            file.as_bytes(),
            Mode::AllOrNothing,
        )
        .await
        .expect("again");
        assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 3));
        let renamed = file.replace("Kwadrant Jeugdhulp", "Kwadrant Jeugdhulp Utrecht");
        let changed = check(&t.app, Kind::Organisations, renamed.as_bytes()).await;
        assert_eq!(
            (
                changed.report.to_create,
                changed.report.to_update,
                changed.report.unchanged
            ),
            (0, 1, 2)
        );
        // Bad codes and kinds, a duplicated key.
        let bad = "soort;naam;code;gemeente;plaats;sector\n\
                   bakkerij;De Korenschoof;;GM0344;;\n\
                   school;Te lang;30CC00;GM0344;;\n\
                   zorgaanbieder;Dubbel;12345678;GM0344;;\n\
                   zorgaanbieder;Nog eens;12345678;GM0344;;\n\
                   vestiging;Zonder school;40DD00;GM0344;Utrecht;PO\n";
        let r = check(&t.app, Kind::Organisations, bad.as_bytes())
            .await
            .report;
        let p = problems(&r);
        assert!(p.contains(&"2:soort:import-error-kind".to_owned()), "{p:?}");
        assert!(
            p.contains(&"3:code:import-error-brin-school".to_owned()),
            "{p:?}"
        );
        assert!(
            p.contains(&"5:code:import-error-duplicate".to_owned()),
            "{p:?}"
        );
        assert!(
            p.contains(&"6:code:import-error-school-unknown".to_owned()),
            "{p:?}"
        );
        assert_eq!(dutch(&r), "Onbekende soort organisatie 'bakkerij'.");
    }
);

db_test!(
    async fn municipalities_import_with_their_youth_care_region(db: TestDb) {
        let t = TestApp::start(db).await;
        let w = World::build(&t).await;
        let regions = |t: &TestApp| {
            let db = t.db.clone();
            async move { brug_store::monitor::regions(&db).await.expect("regions") }
        };
        // A region line (no code) and two municipalities in it, one of
        // them the World's (Utrecht, GM0344), one new.
        let file = "soort;naam;code;gemeente;plaats;sector;jeugdregio\n\
                    jeugdregio;Jeugdregio Utrecht Stad;;;;;\n\
                    gemeente;Gemeente Utrecht;GM0344;;;;Jeugdregio Utrecht Stad\n\
                    gemeente;Gemeente Stichtse Vecht;GM1904;;;;jeugdregio utrecht stad\n";
        let first = check(&t.app, Kind::Organisations, file.as_bytes()).await;
        assert!(first.report.is_valid(), "{:?}", problems(&first.report));
        let loaded = load(
            &t.app,
            Kind::Organisations,
            file.as_bytes(),
            Mode::AllOrNothing,
        )
        .await
        .expect("load");
        assert_eq!((loaded.created, loaded.updated), (2, 1));
        let members = regions(&t).await;
        assert_eq!(members.len(), 2, "{members:?}");
        let region = members[0].0;
        assert!(members.iter().all(|(r, _)| *r == region));
        assert!(members.contains(&(region, Some(brug_domain::ids::OrgId(w.municipality)))));
        // Again: nothing changes.
        let again = load(
            &t.app,
            Kind::Organisations,
            file.as_bytes(),
            Mode::AllOrNothing,
        )
        .await
        .expect("again");
        assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 3));
        // An unknown region, and a region on a line that is not a
        // municipality, are refused with the line and column.
        let bad = "soort;naam;code;gemeente;plaats;sector;regio\n\
                   gemeente;Gemeente Zeist;GM0355;;;;Jeugdregio Nergens\n\
                   zorgaanbieder;Kwadrant;12345678;GM0344;;;Jeugdregio Utrecht Stad\n";
        let r = check(&t.app, Kind::Organisations, bad.as_bytes())
            .await
            .report;
        let p = problems(&r);
        assert!(
            p.contains(&"2:regio:import-error-region-unknown".to_owned()),
            "{p:?}"
        );
        assert!(
            p.contains(&"3:regio:import-error-region-not-here".to_owned()),
            "{p:?}"
        );
        assert_eq!(regions(&t).await, members);
    }
);

db_test!(
    async fn pupils_import_once_and_bad_files_write_nothing(db: TestDb) {
        let t = TestApp::start(db).await;
        let w = World::build(&t).await;
        let before = numbered_pupils(&t, &w).await;
        let good = format!(
            "\u{feff}{PUPIL_HEADER}\n\
             10AA00;2026-001;Noor;;Bakker;1-2-2016;{};groep 4;;GM0344;20-08-2025\n\
             10AA00;2026-002;\"Zoë\";van;\"Dijk, de\";03-04-2015;;groep 5;SO;GM0344;20-8-2025\n",
            bsn(11_111_110)
        );
        let r = check(&t.app, Kind::Pupils, good.as_bytes()).await.report;
        assert!(r.is_valid(), "{:?}", problems(&r));
        assert_eq!((r.rows, r.separator, r.bom), (2, ';', true));
        let loaded = load(&t.app, Kind::Pupils, good.as_bytes(), Mode::AllOrNothing)
            .await
            .expect("load");
        assert_eq!(loaded.created, 2);
        assert_eq!(numbered_pupils(&t, &w).await, before + 2);
        // Idempotent: the same file (also without BOM, with commas) again.
        let again = load(&t.app, Kind::Pupils, good.as_bytes(), Mode::AllOrNothing)
            .await
            .expect("again");
        assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 2));
        let commas = good.trim_start_matches('\u{feff}').replace(';', ",");
        let r = check(&t.app, Kind::Pupils, commas.as_bytes()).await.report;
        assert_eq!(
            (r.separator, r.unchanged, r.to_create),
            (',', 2, 0),
            "{:?}",
            problems(&r)
        );
        // The same pupil in a second file: the pupil number finds her.
        let moved = "BRIN;Leerlingnummer;Roepnaam;Achternaam;Geboortedatum;Groep;Inschrijfdatum\n\
                     10AA00;2026-001;Noor;Bakker;01-02-2016;groep 5;20-08-2025\n";
        let r = check(&t.app, Kind::Pupils, moved.as_bytes()).await.report;
        assert_eq!((r.to_create, r.to_update), (0, 1), "{:?}", problems(&r));
        // Noor's BSN on Zoë's pupil number: refused, not merged.
        let other_pupil = format!(
            "{PUPIL_HEADER}\n10AA00;2026-002;Zoë;van;Dijk, de;03-04-2015;{};groep 5;SO;GM0344;20-08-2025\n",
            bsn(11_111_110)
        );
        let r = check(&t.app, Kind::Pupils, other_pupil.as_bytes())
            .await
            .report;
        assert_eq!(problems(&r), ["2:bsn:import-error-bsn-other-pupil"]);

        // The corpus of broken files: nothing is written from any of them.
        let wrong_separator = PUPIL_HEADER.replace(';', "\t")
            + "\n10AA00\t1\tA\t\tB\t01-01-2016\t\tgroep 1\t\tGM0344\t01-08-2025\n";
        let r = check(&t.app, Kind::Pupils, wrong_separator.as_bytes())
            .await
            .report;
        assert!(r.file_error);
        assert_eq!(problems(&r), ["1::import-error-separator"]);
        assert!(dutch(&r).starts_with("De kopregel bevat maar één kolom"));

        let missing = "BRIN;Leerlingnummer;Roepnaam;Achternaam;Groep\n10AA00;1;A;B;groep 1\n";
        let r = check(&t.app, Kind::Pupils, missing.as_bytes()).await.report;
        assert!(r.file_error);
        assert_eq!(
            problems(&r),
            [
                "1:geboortedatum:import-error-missing-column",
                "1:inschrijfdatum:import-error-missing-column"
            ]
        );
        assert_eq!(
            dutch(&r),
            "De kolom geboortedatum ontbreekt in de kopregel."
        );

        let bad_codes = format!(
            "{PUPIL_HEADER}\n\
             99ZZ00;3001;Ali;;Demir;01-01-2016;;groep 3;;GM0344;20-08-2025\n\
             10AA00;3002;Bo;;Smit;31-02-2016;;groep 3;;GM0344;20-08-2025\n\
             10AA00;3003;Cas;;Mol;01-01-2016;123456789;groep 3;;GM0344;20-08-2025\n\
             10AA00;3004;Dirk;;Kok;01-01-2016;;groep 3;XX;GM9999;20-08-2025\n\
             10AA00;3005;Eva;;Bos;01-01-2016;;groep 3;;GM0344;20-08-2025;extra\n\
             10AA00;3004;Fleur;;Kok;01-01-2016;;groep 3;;GM0344;20-08-2025\n\
             10AA00;3007;;;Vis;01-01-2016;;groep 3;;GM0344;20-08-2025\n\
             10AA00;3008;Gijs;;Post;01-01-2030;;groep 3;;GM0344;20-08-2025\n\
             10AA00;3004;Fleur;;Kok;01-01-2016;;groep 3;;GM0344;20-08-2025\n"
        );
        let r = check(&t.app, Kind::Pupils, bad_codes.as_bytes())
            .await
            .report;
        let p = problems(&r);
        for expected in [
            "2:BRIN:import-error-brin-unknown",
            "3:Geboortedatum:error-date-invalid",
            "4:BSN:error-bsn-checksum",
            "5:Sector:import-error-sector",
            "5:Gemeente:import-error-gemeente-unknown",
            "6::import-error-field-count",
            // Line 7 repeats the number of line 5, which is invalid itself;
            // line 10 repeats line 7's.
            "10:Leerlingnummer:import-error-duplicate",
            "8:Roepnaam:import-error-required",
            "9:Geboortedatum:import-error-birth-future",
        ] {
            assert!(p.contains(&expected.to_owned()), "{expected} not in {p:?}");
        }
        assert_eq!((r.rows, r.valid_rows), (9, 1));
        assert_eq!(
            dutch(&r),
            "Er is geen school of vestiging met BRIN 99ZZ00 in Brug. Importeer eerst de organisaties."
        );
        let not_utf8 = format!(
            "{PUPIL_HEADER}\n10AA00;4001;Zo\u{eb};;Bakker;01-01-2016;;groep 3;;GM0344;20-08-2025\n"
        );
        let latin1: Vec<u8> = not_utf8.chars().map(|c| c as u32 as u8).collect();
        let r = check(&t.app, Kind::Pupils, &latin1).await.report;
        assert!(
            problems(&r)
                .iter()
                .any(|p| p.ends_with("import-error-encoding")),
            "{:?}",
            problems(&r)
        );
        let r = check(&t.app, Kind::Pupils, b"").await.report;
        assert_eq!(problems(&r), ["1::import-error-empty-file"]);

        let count = numbered_pupils(&t, &w).await;
        for broken in [
            wrong_separator.as_bytes(),
            missing.as_bytes(),
            bad_codes.as_bytes(),
            &latin1,
        ] {
            let e = load(&t.app, Kind::Pupils, broken, Mode::AllOrNothing).await;
            assert!(matches!(e, Err(AppError::Invalid(_))), "{e:?}");
        }
        assert_eq!(numbered_pupils(&t, &w).await, count, "nothing written");
    }
);

/// A small deterministic generator (xorshift), so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

db_test!(
    async fn ten_thousand_random_rows_with_injected_errors(db: TestDb) {
        let t = TestApp::start(db).await;
        let w = World::build(&t).await;
        let mut rng = Rng(0x5eed_2026);
        let given = ["Daan", "Sanne", "Zoë", "Çağla", "Noah", "Mila"];
        let family = ["Vries", "Yılmaz", "El Amrani", "Jansen", "Bakker"];
        let mut file = format!("{PUPIL_HEADER}\n");
        let mut injected = std::collections::BTreeSet::new();
        let mut n = 20_000_000u32;
        for i in 0..10_000u64 {
            let line = i + 2;
            let bsn = loop {
                n += 1;
                if let Some(b) = Bsn::from_first_eight(n) {
                    break b.as_str().to_owned();
                }
            };
            let mut f: Vec<String> = vec![
                "10AA00".into(),
                format!("R{i}"),
                given[rng.below(6) as usize].into(),
                if rng.below(4) == 0 {
                    "de".into()
                } else {
                    String::new()
                },
                family[rng.below(5) as usize].into(),
                format!(
                    "{}-{}-{}",
                    1 + rng.below(28),
                    1 + rng.below(12),
                    2010 + rng.below(9)
                ),
                bsn,
                format!("groep {}", 1 + rng.below(8)),
                String::new(),
                "GM0344".into(),
                "20-08-2025".into(),
            ];
            if rng.below(10) == 0 {
                injected.insert(line);
                let mut kind = rng.below(7);
                // A duplicate repeats the previous row's number, which must
                // be a valid row itself (the first row has none before it).
                if kind == 4 && (i == 0 || injected.contains(&(line - 1))) {
                    kind = 0;
                }
                match kind {
                    0 => f[5] = "30-02-2016".into(),
                    1 => f[6] = "123456789".into(),
                    2 => f[0] = "99ZZ00".into(),
                    3 => f[2] = String::new(),
                    4 => f[1] = format!("R{}", i - 1),
                    5 => f[8] = "XYZ".into(),
                    _ => {
                        f.pop();
                    }
                }
            }
            file.push_str(&f.join(";"));
            file.push('\n');
        }
        let r = check(&t.app, Kind::Pupils, file.as_bytes()).await.report;
        let bad_lines: std::collections::BTreeSet<u64> = r.errors.iter().map(|e| e.line).collect();
        assert_eq!(
            bad_lines, injected,
            "exactly the injected rows are reported"
        );
        assert_eq!(r.rows, 10_000);
        assert_eq!(r.valid_rows, 10_000 - injected.len());
        assert!(injected.len() > 800, "{} errors injected", injected.len());
        // All-or-nothing refuses; only-valid writes the valid rows.
        assert!(
            load(&t.app, Kind::Pupils, file.as_bytes(), Mode::AllOrNothing)
                .await
                .is_err()
        );
        let before = numbered_pupils(&t, &w).await;
        let loaded = load(&t.app, Kind::Pupils, file.as_bytes(), Mode::OnlyValid)
            .await
            .expect("only valid");
        assert_eq!(loaded.created, r.valid_rows);
        assert_eq!(loaded.skipped, injected.len());
        assert_eq!(numbered_pupils(&t, &w).await, before + r.valid_rows);
        let again = check(&t.app, Kind::Pupils, file.as_bytes()).await.report;
        assert_eq!(
            (again.unchanged, again.to_create, again.to_update),
            (r.valid_rows, 0, 0)
        );
    }
);

/// A `multipart/form-data` body with the CSRF token, the kind and the file.
fn multipart(csrf: &str, kind: &str, file: &[u8]) -> (String, String) {
    let boundary = "brug-test-boundary-7d3f";
    let mut body = String::new();
    for (name, value) in [("_csrf", csrf), ("kind", kind)] {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    body.push_str(&format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"leerlingen.csv\"\r\nContent-Type: text/csv\r\n\r\n{}\r\n--{boundary}--\r\n",
        String::from_utf8_lossy(file)
    ));
    (body, format!("multipart/form-data; boundary={boundary}"))
}

db_test!(
    async fn the_upload_page_reports_every_row_and_imports_the_valid_ones(db: TestDb) {
        let t = TestApp::start(db).await;
        let w = World::build(&t).await;
        let mut juf = t.client();
        juf.login(&w.teacher_a.email, PASSWORD).await;
        juf.get("/import").await.expect(403);
        let mut beheer = t.client();
        beheer.login(&w.org_admin_a.email, PASSWORD).await;
        let page = beheer.get("/import").await;
        page.expect(200)
            .expect_text("id=\"kind-pupils\"")
            // Organisations are the platform administrator's.
            .expect_no_text("id=\"kind-organisations\"");
        let file = format!(
            "{PUPIL_HEADER}\n\
             10AA00;5001;Noor;;Bakker;01-02-2016;;groep 4;;GM0344;20-08-2025\n\
             20BB00;5002;Bram;;Kok;01-02-2016;;groep 4;;GM0344;20-08-2025\n"
        );
        let csrf = beheer.csrf().expect("token").to_owned();
        let (body, content_type) = multipart(&csrf, "pupils", file.as_bytes());
        let report = beheer
            .post_raw("/import", &body, &[("content-type", content_type.as_str())])
            .await;
        report
            .expect(422)
            .expect_text("2 rijen gelezen: 1 goed, 1 met fouten.")
            .expect_text("<td class=\"utrecht-table__cell\">3</td><td class=\"utrecht-table__cell\">BRIN</td><td class=\"utrecht-table__cell\">U mag alleen leerlingen van uw eigen scholen importeren.</td>")
            .expect_text("Alleen de goede rijen importeren");
        let form = "action=\"/import/";
        let start = report.body.find(form).expect("import form") + form.len();
        let upload: String = report.body[start..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let run = format!("/import/{upload}");
        beheer
            .post(&run, &[("mode", "valid")])
            .await
            .expect(200)
            .expect_text(
                "Klaar: 1 nieuw, 0 gewijzigd, 0 ongewijzigd, 1 rijen met fouten overgeslagen.",
            );
        // Pressed twice: the upload is gone, nothing is imported twice.
        beheer.post(&run, &[("mode", "valid")]).await.expect(404);
        let numbers = brug_store::import::enrolments_at_schools(&t.db, &[w.school_a, w.school_b])
            .await
            .expect("enrolments");
        assert!(numbers.contains_key(&(w.school_a, "5001".to_owned())));
        assert!(!numbers.contains_key(&(w.school_b, "5002".to_owned())));
        // No file: a Dutch error, the choice kept.
        let (body, content_type) = multipart(&csrf, "pupils", b"");
        beheer
            .post_raw("/import", &body, &[("content-type", content_type.as_str())])
            .await
            .expect(422)
            .expect_text("Kies een bestand.");
    }
);
