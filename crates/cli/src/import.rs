//! `brug import organisations|pupils FILE` and `brug bench import`.
//!
//! The import checks the whole file first and prints every problem (line,
//! column, reason in Dutch); nothing is written unless the file is valid or
//! `--only-valid` is given. A progress bar shows the check and the load of
//! large files. The benchmark generates a pupil file (default one million
//! rows) and prints rows per minute for the check and the load.

use std::io::Write as _;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, bail};
use brug_app::import::{self, Importer, Kind, Mode, Progress, Report, Scope};
use brug_app::{App, Settings};
use brug_domain::clock::SystemClock;
use brug_domain::codes::Bsn;
use brug_store::audit::AuditMode;
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use crate::config::{self, DbArgs, KeyArgs};

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum What {
    /// Schools, locations (vestigingen), care providers, municipalities, ...
    Organisations,
    /// Pupils with their enrolment (school BRIN, pupil number).
    Pupils,
}

#[derive(Args)]
pub struct ImportArgs {
    /// What the file holds.
    what: What,
    /// The CSV file (`;` or `,`, UTF-8 with or without BOM; see docs/import.md).
    file: PathBuf,
    /// Import the valid rows and skip the others (default: nothing unless every row is valid).
    #[arg(long)]
    only_valid: bool,
    /// Only check the file; write nothing.
    #[arg(long)]
    check: bool,
    #[command(flatten)]
    db: DbArgs,
    #[command(flatten)]
    keys: KeyArgs,
}

/// A progress bar for the phases of a large import.
struct Bar(ProgressBar);

impl Bar {
    fn new() -> Bar {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("{msg:>10} [{bar:40}] {pos}/{len} rijen ({per_sec})")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        Bar(bar)
    }
}

impl Progress for Bar {
    fn phase(&self, name: &str, total: u64) {
        self.0.set_message(
            match name {
                "check" => "controle",
                "load" => "import",
                other => other,
            }
            .to_owned(),
        );
        self.0.set_length(total);
        self.0.set_position(0);
    }

    fn advance(&self, done: u64) {
        self.0.set_position(done);
    }
}

fn dutch(id: &str, args: &[(&'static str, String)]) -> String {
    let args: Vec<(&str, String)> = args.iter().map(|(k, v)| (*k, v.clone())).collect();
    brug_web::Lang::Nl.t_args(id, &args)
}

/// Print the report: a summary and every problem.
fn print_report(report: &Report, out: &mut impl std::io::Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{} rijen gelezen (scheidingsteken '{}', {}): {} geldig, {} met fouten.",
        report.rows,
        report.separator,
        if report.bom { "UTF-8 met BOM" } else { "UTF-8" },
        report.valid_rows,
        report.invalid_rows()
    )?;
    for e in &report.errors {
        let column = if e.column.is_empty() {
            String::new()
        } else {
            format!(", kolom {}", e.column)
        };
        writeln!(
            out,
            "  regel {}{column}: {}",
            e.line,
            dutch(e.message_id, &e.args)
        )?;
    }
    if !report.file_error {
        writeln!(
            out,
            "Bij import: {} nieuw, {} gewijzigd, {} ongewijzigd.",
            report.to_create, report.to_update, report.unchanged
        )?;
    }
    Ok(())
}

async fn start_app(
    db: &DbArgs,
    keys: &KeyArgs,
) -> anyhow::Result<(Arc<App>, tokio::task::JoinHandle<()>)> {
    let key = config::load_data_key(&keys.data_key_file)?;
    let database = config::open_migrated(&db.database_url).await?;
    App::start(
        database,
        Arc::new(SystemClock),
        Settings::with_key(key),
        AuditMode::On,
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))
}

pub async fn run(args: ImportArgs) -> anyhow::Result<()> {
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let (app, writer) = start_app(&args.db, &args.keys).await?;
    let kind = match args.what {
        What::Organisations => Kind::Organisations,
        What::Pupils => Kind::Pupils,
    };
    let bar = Bar::new();
    let scope: Scope = None;
    let result = async {
        let checked = import::check(&app, kind, &bytes, &scope, &bar)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        bar.0.finish_and_clear();
        print_report(&checked.report, &mut std::io::stdout().lock())?;
        if args.check {
            return Ok(());
        }
        if checked.report.file_error {
            bail!("het bestand kan niet worden gelezen; er is niets geïmporteerd");
        }
        if !checked.report.is_valid() && !args.only_valid {
            bail!(
                "{} rij(en) met fouten; er is niets geïmporteerd. Verbeter het bestand, of importeer alleen de geldige rijen met --only-valid",
                checked.report.invalid_rows()
            );
        }
        let mode = if args.only_valid { Mode::OnlyValid } else { Mode::AllOrNothing };
        let bar = Bar::new();
        let loaded = import::load(&app, Importer::CommandLine, checked, mode, &bar)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        bar.0.finish_and_clear();
        println!(
            "Geïmporteerd: {} nieuw, {} gewijzigd, {} ongewijzigd, {} overgeslagen.",
            loaded.created, loaded.updated, loaded.unchanged, loaded.skipped
        );
        Ok(())
    }
    .await;
    let db = app.db.clone();
    drop(app);
    let _ = writer.await;
    db.close().await;
    result
}

// ---------------------------------------------------------------------------
// The benchmark
// ---------------------------------------------------------------------------

#[derive(Args)]
pub struct BenchImportArgs {
    /// Pupil rows in the generated file.
    #[arg(long, default_value_t = 1_000_000)]
    rows: usize,
    /// Database to run on; default a fresh SQLite file in a temporary folder.
    #[arg(long)]
    database_url: Option<String>,
}

const BENCH_SCHOOLS: usize = 200;

/// The organisations of the benchmark: a municipality and schools with one
/// location each.
fn bench_organisations() -> String {
    let mut s = String::from("soort;naam;code;gemeente;plaats;sector\n");
    s.push_str("gemeente;Benchstad;GM0999;;;\n");
    for i in 0..BENCH_SCHOOLS {
        let brin = format!("{:02}{}{}", i % 100, (b'A' + (i / 100) as u8) as char, 'Q');
        s.push_str(&format!("school;Benchschool {i};{brin};GM0999;;\n"));
        s.push_str(&format!(
            "vestiging;Benchschool {i} hoofdlocatie;{brin}00;GM0999;Benchstad;{}\n",
            if i % 2 == 0 { "PO" } else { "VO" }
        ));
    }
    s
}

/// A pupil file as a school's system exports it: `;`, BOM, Dutch dates,
/// quoted names with accents, a valid BSN on every row.
fn bench_pupils(rows: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(rows * 110);
    out.extend_from_slice(b"\xEF\xBB\xBF");
    out.extend_from_slice(
        b"BRIN;Leerlingnummer;Roepnaam;Tussenvoegsel;Achternaam;Geboortedatum;BSN;Groep;Gemeente;Inschrijfdatum\n",
    );
    let given = [
        "Daan",
        "Sanne",
        "Zo\u{eb}",
        "Mila",
        "Noah",
        "\u{c7}a\u{11f}la",
        "Lucas",
    ];
    let family = [
        "Vries",
        "Jansen",
        "Bakker",
        "Y\u{131}lmaz",
        "El Amrani",
        "Visser",
    ];
    let mut n: u32 = 10_000_000;
    for i in 0..rows {
        let school = i % BENCH_SCHOOLS;
        let brin = format!(
            "{:02}{}{}00",
            school % 100,
            (b'A' + (school / 100) as u8) as char,
            'Q'
        );
        let bsn = loop {
            n += 1;
            if let Some(b) = Bsn::from_first_eight(n) {
                break b;
            }
        };
        let prefix = if i % 5 == 0 { "de" } else { "" };
        let _ = writeln!(
            out,
            "{brin};{};\"{}\";{prefix};\"{}\";{:02}-{:02}-{};{};groep {};GM0999;20-08-2025",
            i / BENCH_SCHOOLS + 1,
            given[i % given.len()],
            family[i % family.len()],
            1 + i % 28,
            1 + i % 12,
            2010 + i % 8,
            bsn.as_str(),
            1 + i % 8
        );
    }
    out
}

fn per_minute(rows: usize, secs: f64) -> f64 {
    rows as f64 / secs.max(1e-9) * 60.0
}

pub async fn bench(args: BenchImportArgs) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let url = args
        .database_url
        .clone()
        .unwrap_or_else(|| format!("sqlite://{}", dir.path().join("bench.db").display()));
    let db = config::open_migrated(&url).await?;
    let (app, writer) = App::start(
        db,
        Arc::new(SystemClock),
        Settings::with_key([7; 32]),
        AuditMode::On,
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let result = async {
        let orgs = bench_organisations();
        let checked = import::check(
            &app,
            Kind::Organisations,
            orgs.as_bytes(),
            &None,
            &import::Quiet,
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        if !checked.report.is_valid() {
            bail!(
                "benchmark organisations invalid: {:?}",
                checked.report.errors.first()
            );
        }
        import::load(
            &app,
            Importer::CommandLine,
            checked,
            Mode::AllOrNothing,
            &import::Quiet,
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;

        let started = Instant::now();
        let file = bench_pupils(args.rows);
        let path = dir.path().join("leerlingen.csv");
        std::fs::write(&path, &file)?;
        println!(
            "generated {} pupil rows ({:.1} MB) in {:.1} s: {}",
            args.rows,
            file.len() as f64 / 1e6,
            started.elapsed().as_secs_f64(),
            path.display()
        );

        let started = Instant::now();
        let checked = import::check(&app, Kind::Pupils, &file, &None, &import::Quiet)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let check_secs = started.elapsed().as_secs_f64();
        if !checked.report.is_valid() {
            bail!(
                "benchmark file invalid: {:?}",
                checked.report.errors.first()
            );
        }
        println!(
            "validate: {} rows in {check_secs:.1} s = {:.0} rows/minute",
            checked.report.rows,
            per_minute(checked.report.rows, check_secs)
        );
        let started = Instant::now();
        let loaded = import::load(
            &app,
            Importer::CommandLine,
            checked,
            Mode::AllOrNothing,
            &import::Quiet,
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        let load_secs = started.elapsed().as_secs_f64();
        println!(
            "load:     {} rows in {load_secs:.1} s = {:.0} rows/minute",
            loaded.created,
            per_minute(loaded.created, load_secs)
        );
        println!(
            "together: {:.0} rows/minute ({} on {})",
            per_minute(args.rows, check_secs + load_secs),
            if per_minute(args.rows, check_secs + load_secs) >= 500_000.0 {
                "meets 500,000"
            } else {
                "BELOW 500,000"
            },
            app.db.engine().name()
        );
        let started = Instant::now();
        let again = import::check(&app, Kind::Pupils, &file, &None, &import::Quiet)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        println!(
            "re-import check: {} unchanged, {} new, {} changed in {:.1} s",
            again.report.unchanged,
            again.report.to_create,
            again.report.to_update,
            started.elapsed().as_secs_f64()
        );
        Ok(())
    }
    .await;
    let db = app.db.clone();
    drop(app);
    let _ = writer.await;
    db.close().await;
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_files_have_the_rows_asked_for() {
        let file = bench_pupils(10);
        let text = String::from_utf8(file).expect("utf-8");
        assert_eq!(text.lines().count(), 11);
        assert!(bench_organisations().lines().count() > BENCH_SCHOOLS);
    }
}
