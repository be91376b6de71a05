//! Deterministic synthetic demo data for Brug.
//!
//! [`generate`] fills an empty database with a plausible Dutch world at one
//! of three [`Scale`]s: municipalities with their wijkteam, JGZ and
//! leerplicht, partnerships (SWV), school boards, schools and locations,
//! youth care providers, pupils with guardians and enrolments, and fixed demo
//! accounts for every role. The same seed and scale give the same data, byte
//! for byte, except password hashes and encryption nonces: nothing depends on
//! the clock or a thread-local random generator, and dates are relative to
//! [`REFERENCE_DATE`] (the start of school year 2026/27).
//!
//! Nobody in the data is a real person: names, places, schools and providers
//! are combined from parts (modules `names` and `places`).
//!
//! How it works: `World::build` (module `world`) decides everything in memory (the
//! registry and a compact plan per pupil); then each stage turns the plan
//! into rows on a blocking thread while the previous batch is written with
//! [`brug_store::bulk`] (multi-row inserts, explicit ids, a commit every
//! ~100,000 rows). The last stage writes support cases (module `cases`):
//! about one pupil in five has one, with its team (drawn from a pool of
//! professional accounts per organisation, module `staff`), plan, goals,
//! meetings, agreements, financing, evaluations, escalations, attendance and
//! timeline; the demo accounts get cases of their own (module `scripted`).

mod accounts;
mod cases;
mod learning;
mod learning_texts;
mod names;
mod network;
mod places;
mod pupils;
mod registry;
mod scripted;
mod staff;
mod texts;
mod world;

use std::future::Future;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use brug_app::crypto::Keys;
use brug_domain::registry::OrgKind;
use brug_store::bulk::{
    self, EnrolmentRow, GuardianRow, Loader, LocationRow, MembershipRow, OrgRow, PupilRow, UserRow,
};
use brug_store::{Db, StoreError, Tx, meta};
use indicatif::{ProgressBar, ProgressStyle};
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;

pub use accounts::{DEMO_PASSWORD, base32};
pub use learning::LearningCounts;
pub use pupils::REFERENCE_DATE;

use crate::cases::{CaseBatches, CaseRows};
use crate::pupils::{EnrolmentBatches, GuardianBatches, PupilBatches};
use crate::world::{Stream, World, stream};

/// `meta` key: the scale of the demo data (`small`, `region`, `national`).
pub const META_SCALE: &str = "demo_scale";
/// `meta` key: the seed of the demo data.
pub const META_SEED: &str = "demo_seed";
/// `meta` key: the demo accounts as JSON (see [`DemoAccount`]); written last,
/// so its absence marks an interrupted generation.
pub const META_ACCOUNTS: &str = "demo_accounts";

/// The seed `brug demo` uses unless told otherwise.
pub const DEFAULT_SEED: u64 = 2026;

/// How much demo data to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scale {
    /// 3 municipalities, 1 partnership, 12 school locations, ~3,000 pupils, 20 providers.
    Small,
    /// 20 municipalities, 3 partnerships, 150 locations, ~60,000 pupils, 150 providers.
    Region,
    /// 342 municipalities, 150 partnerships, 6,500 locations, ~2.5 million pupils, 4,000 providers.
    National,
}

impl Scale {
    pub const ALL: [Scale; 3] = [Scale::Small, Scale::Region, Scale::National];

    pub fn name(self) -> &'static str {
        match self {
            Scale::Small => "small",
            Scale::Region => "region",
            Scale::National => "national",
        }
    }

    /// The targets of this scale, as the counts of a generation should come out.
    pub fn targets(self) -> DemoCounts {
        let p = self.params();
        let (swv_po, swv_vo) = p.swvs.unwrap_or((1, 0));
        DemoCounts {
            municipalities: p.municipalities as u64,
            swvs: (swv_po + swv_vo) as u64,
            locations: p.locations.iter().sum::<usize>() as u64,
            pupils: p.pupils as u64,
            care_providers: p.providers as u64,
            ..DemoCounts::default()
        }
    }
}

impl std::fmt::Display for Scale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Scale {
    type Err = String;

    fn from_str(s: &str) -> Result<Scale, String> {
        Scale::ALL
            .into_iter()
            .find(|scale| scale.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("unknown scale '{s}' (small, region or national)"))
    }
}

/// A demo account as printed for testers (never the password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoAccount {
    pub email: String,
    pub name: String,
    /// What the person does, in Dutch ("Intern begeleider", "Ouder").
    #[serde(rename = "role")]
    pub role_label: String,
    pub organisation: String,
    /// The TOTP secret for an authenticator app (RFC 4648 base32, no
    /// padding); `None` for accounts without two-factor login (parent, pupil).
    #[serde(rename = "totp_secret")]
    pub totp_secret_base32: Option<String>,
}

/// How many rows of each kind a generation wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoCounts {
    pub organisations: u64,
    pub municipalities: u64,
    pub swvs: u64,
    pub school_boards: u64,
    pub schools: u64,
    pub care_providers: u64,
    pub locations: u64,
    pub pupils: u64,
    pub guardians: u64,
    pub enrolments: u64,
    /// User accounts: the demo accounts and the pool of professionals.
    pub users: u64,
    /// Rows per case table (`cases`, `case_members`, ...), in writing order.
    pub case_tables: Vec<(&'static str, u64)>,
    /// The learning network (the same at every scale).
    pub learning: LearningCounts,
}

impl DemoCounts {
    /// Rows written to one case table (0 when not written).
    pub fn case_table(&self, table: &str) -> u64 {
        self.case_tables
            .iter()
            .find(|(t, _)| *t == table)
            .map_or(0, |(_, n)| *n)
    }
}

/// Time and throughput of one stage.
#[derive(Debug, Clone, PartialEq)]
pub struct StageReport {
    pub name: &'static str,
    pub rows: u64,
    pub elapsed: Duration,
}

impl StageReport {
    pub fn rows_per_second(&self) -> f64 {
        self.rows as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// What [`generate`] did.
#[derive(Debug, Clone)]
pub struct DemoReport {
    pub scale: Scale,
    pub seed: u64,
    pub counts: DemoCounts,
    /// Planning first, then one entry per written stage.
    pub stages: Vec<StageReport>,
    pub elapsed: Duration,
    pub accounts: Vec<DemoAccount>,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("this database holds real data; refusing to add demo data")]
    RealData,
    #[error(
        "this database already holds {what} (scale {scale}, seed {seed}); use a new --database-url"
    )]
    AlreadyDemo {
        /// "demo data", or "an incomplete set of demo data" after an interrupted run.
        what: &'static str,
        scale: String,
        seed: String,
    },
    #[error("the demo accounts stored in the database cannot be read: {0}")]
    BadAccounts(String),
    #[error("hashing the demo password failed: {0}")]
    Password(String),
    #[error("the demo data generator stopped: {0}")]
    Generator(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The demo accounts of a database filled by [`generate`], or `None` when
/// it holds no (complete) demo data.
pub async fn accounts(db: &Db) -> Result<Option<Vec<DemoAccount>>, DemoError> {
    if meta::get(db, meta::DATASET).await?.as_deref() != Some("demo") {
        return Ok(None);
    }
    match meta::get(db, META_ACCOUNTS).await? {
        None => Ok(None),
        Some(json) => serde_json::from_str(&json)
            .map(Some)
            .map_err(|e| DemoError::BadAccounts(e.to_string())),
    }
}

/// Refuse a database that holds anything: real data, or demo data already.
async fn check_empty(db: &Db) -> Result<(), DemoError> {
    match meta::get(db, meta::DATASET).await?.as_deref() {
        Some("demo") => {
            let scale = meta::get(db, META_SCALE)
                .await?
                .unwrap_or_else(|| "?".into());
            let seed = meta::get(db, META_SEED)
                .await?
                .unwrap_or_else(|| "?".into());
            let complete = meta::get(db, META_ACCOUNTS).await?.is_some();
            Err(DemoError::AlreadyDemo {
                what: if complete {
                    "demo data"
                } else {
                    "an incomplete set of demo data"
                },
                scale,
                seed,
            })
        }
        Some(_) => Err(DemoError::RealData),
        None if meta::holds_real_data(db).await? => Err(DemoError::RealData),
        None => Ok(()),
    }
}

/// Fill an empty, migrated database with demo data.
///
/// `progress` draws a progress bar per stage on stderr (for terminals).
pub async fn generate(
    db: &Db,
    keys: &Keys,
    scale: Scale,
    seed: u64,
    progress: bool,
) -> Result<DemoReport, DemoError> {
    let started = Instant::now();
    check_empty(db).await?;
    // One Argon2 hash for every demo account (it costs ~50 ms each).
    let password_hash = brug_app::crypto::hash_password(DEMO_PASSWORD.to_owned())
        .await
        .map_err(|e| DemoError::Password(e.to_string()))?;

    let planning = Instant::now();
    let (world, staff, (scripted, story_pupil)) = tokio::task::spawn_blocking(move || {
        let world = World::build(scale, seed);
        let mut rng = stream(seed, Stream::Staff);
        let first_id = i64::try_from(accounts::fixed_count() + 1).unwrap_or(i64::MAX);
        let staff = staff::build(&world, &mut rng, first_id);
        let (scripted, story_pupil) = scripted::build(&world, &staff, &mut rng);
        (world, staff, (scripted, story_pupil))
    })
    .await
    .map_err(|e| DemoError::Generator(e.to_string()))?;
    let world = Arc::new(world);
    let staff = Arc::new(staff);
    let mut stages = vec![StageReport {
        name: "plan",
        rows: world.pupils.len() as u64,
        elapsed: planning.elapsed(),
    }];

    let mut loader = Loader::new(db);
    // Claim the database first: a second generator on it fails here.
    let seed_text = seed.to_string();
    bulk::insert_meta(
        loader.tx().await?,
        &[
            (meta::DATASET, "demo"),
            (META_SCALE, scale.name()),
            (META_SEED, &seed_text),
        ],
    )
    .await
    .map_err(|e| match e {
        StoreError::Duplicate(_) => DemoError::AlreadyDemo {
            what: "demo data",
            scale: "?".into(),
            seed: "?".into(),
        },
        other => DemoError::Store(other),
    })?;

    let pupils = world.pupils.len() as u64;
    let orgs = world.reg.orgs.clone();
    stages.push(
        run_stage(
            &mut loader,
            progress,
            "organisations",
            orgs.len() as u64,
            owned_chunks(orgs),
        )
        .await?,
    );
    bulk::insert_region_members(loader.tx().await?, &world.reg.region_members).await?;
    let locations = world.reg.location_rows.clone();
    stages.push(
        run_stage(
            &mut loader,
            progress,
            "locations",
            locations.len() as u64,
            owned_chunks(locations),
        )
        .await?,
    );
    stages.push(
        run_stage(
            &mut loader,
            progress,
            "pupils",
            pupils,
            PupilBatches::new(Arc::clone(&world), keys.clone()),
        )
        .await?,
    );
    stages.push(
        run_stage(
            &mut loader,
            progress,
            "guardians",
            pupils * 7 / 4,
            GuardianBatches::new(
                Arc::clone(&world),
                stream(seed, Stream::Guardians),
                accounts::parent_user_id(),
            ),
        )
        .await?,
    );
    stages.push(
        run_stage(
            &mut loader,
            progress,
            "enrolments",
            pupils * 11 / 10,
            EnrolmentBatches::new(Arc::clone(&world), stream(seed, Stream::Enrolments)),
        )
        .await?,
    );

    // The accounts: the demo accounts and the pool of professionals.
    let stage = Instant::now();
    let built = accounts::build(
        &world,
        &mut stream(seed, Stream::Accounts),
        keys,
        &password_hash,
    );
    let accounts_json =
        serde_json::to_string(&built.accounts).map_err(|e| DemoError::Generator(e.to_string()))?;
    let pool_users = staff.users();
    let pool_memberships = staff.memberships();
    let tx = loader.tx().await?;
    bulk::insert_users(tx, &built.users).await?;
    bulk::insert_memberships(tx, &built.memberships).await?;
    for chunk in pool_users.chunks(pupils::BATCH) {
        bulk::insert_users(loader.tx().await?, chunk).await?;
        loader.wrote(chunk.len()).await?;
    }
    for chunk in pool_memberships.chunks(pupils::BATCH) {
        bulk::insert_memberships(loader.tx().await?, chunk).await?;
        loader.wrote(chunk.len()).await?;
    }
    let users = (built.users.len() + pool_users.len()) as u64;
    stages.push(StageReport {
        name: "accounts",
        rows: users + (built.memberships.len() + pool_memberships.len()) as u64,
        elapsed: stage.elapsed(),
    });

    // Support cases, with everything in them.
    let tables = Arc::new(Mutex::new(Vec::<(&'static str, u64)>::new()));
    let counted = Arc::clone(&tables);
    let pupil_user = accounts::fixed("leerling@demo.brug.nl").0;
    let batches = CaseBatches::new(
        Arc::clone(&world),
        Arc::clone(&staff),
        stream(seed, Stream::Cases),
        GuardianBatches::new(
            Arc::clone(&world),
            stream(seed, Stream::Guardians),
            accounts::parent_user_id(),
        ),
        scripted,
        Some((world.pupil_anchors.pupil_account, pupil_user)),
    )
    .inspect(move |batch| {
        let mut totals = counted.lock().unwrap_or_else(|e| e.into_inner());
        for rows in batch {
            for (k, (table, n)) in rows.tables().into_iter().enumerate() {
                match totals.get_mut(k) {
                    Some(entry) => entry.1 += n as u64,
                    None => totals.push((table, n as u64)),
                }
            }
        }
    });
    stages.push(run_stage(&mut loader, progress, "cases", pupils * 9, batches).await?);

    loader.finish().await?;
    bulk::reset_id_sequences(db).await?;
    network::add_social_map(db).await?;
    let stage = Instant::now();
    let learning = learning::add(db, story_pupil).await?;
    stages.push(StageReport {
        name: "learning",
        rows: learning.rows(),
        elapsed: stage.elapsed(),
    });
    // The demo accounts' JSON last: with it the data set is complete.
    let mut tx = db.begin().await?;
    bulk::insert_meta(&mut tx, &[(META_ACCOUNTS, &accounts_json)]).await?;
    tx.commit().await?;

    let count = |kind: OrgKind| world.reg.orgs.iter().filter(|o| o.kind == kind).count() as u64;
    let rows = |name: &str| stages.iter().find(|s| s.name == name).map_or(0, |s| s.rows);
    let counts = DemoCounts {
        organisations: world.reg.orgs.len() as u64,
        municipalities: count(OrgKind::Municipality),
        swvs: count(OrgKind::Swv),
        school_boards: count(OrgKind::SchoolBoard),
        schools: count(OrgKind::School),
        care_providers: count(OrgKind::CareProvider),
        locations: world.reg.locations.len() as u64,
        pupils,
        guardians: rows("guardians"),
        enrolments: rows("enrolments"),
        users,
        case_tables: tables.lock().unwrap_or_else(|e| e.into_inner()).clone(),
        learning,
    };
    Ok(DemoReport {
        scale,
        seed,
        counts,
        stages,
        elapsed: started.elapsed(),
        accounts: built.accounts,
    })
}

/// Rows the bulk loader can write.
trait Load: Sized + Send + Sync + 'static {
    fn load<'a>(
        tx: &'a mut Tx,
        rows: &'a [Self],
    ) -> impl Future<Output = Result<(), StoreError>> + Send + 'a;

    /// Database rows in a batch (one per item, unless an item holds many).
    fn rows(batch: &[Self]) -> usize {
        batch.len()
    }
}

macro_rules! load_with {
    ($row:ty, $f:path) => {
        impl Load for $row {
            fn load<'a>(
                tx: &'a mut Tx,
                rows: &'a [Self],
            ) -> impl Future<Output = Result<(), StoreError>> + Send + 'a {
                $f(tx, rows)
            }
        }
    };
}

load_with!(OrgRow, bulk::insert_organisations);
load_with!(LocationRow, bulk::insert_locations);
load_with!(PupilRow, bulk::insert_pupils);
load_with!(GuardianRow, bulk::insert_guardians);
load_with!(EnrolmentRow, bulk::insert_enrolments);
load_with!(UserRow, bulk::insert_users);
load_with!(MembershipRow, bulk::insert_memberships);

impl Load for CaseRows {
    async fn load<'a>(tx: &'a mut Tx, rows: &'a [Self]) -> Result<(), StoreError> {
        for r in rows {
            bulk::insert_cases(tx, &r.cases).await?;
            bulk::insert_consents(tx, &r.consents).await?;
            bulk::insert_case_members(tx, &r.members).await?;
            bulk::insert_plan_sections(tx, &r.sections).await?;
            bulk::insert_plan_section_versions(tx, &r.versions).await?;
            bulk::insert_goals(tx, &r.goals).await?;
            bulk::insert_goal_progress(tx, &r.progress).await?;
            bulk::insert_meetings(tx, &r.meetings).await?;
            bulk::insert_agreements(tx, &r.agreements).await?;
            bulk::insert_financing_lines(tx, &r.financing).await?;
            bulk::insert_evaluations(tx, &r.evaluations).await?;
            bulk::insert_evaluation_scores(tx, &r.scores).await?;
            bulk::insert_escalations(tx, &r.escalations).await?;
            bulk::insert_attendance(tx, &r.attendance).await?;
            bulk::insert_case_events(tx, &r.events).await?;
            bulk::insert_phase_changes(tx, &r.phases).await?;
        }
        Ok(())
    }

    fn rows(batch: &[Self]) -> usize {
        batch.iter().map(CaseRows::len).sum()
    }
}

/// Write what `batches` produces. The batches are made on a blocking thread,
/// one or two ahead of the writer, so generating (and encrypting) overlaps
/// with the database work.
async fn run_stage<T, I>(
    loader: &mut Loader,
    progress: bool,
    name: &'static str,
    estimate: u64,
    batches: I,
) -> Result<StageReport, DemoError>
where
    T: Load,
    I: Iterator<Item = Vec<T>> + Send + 'static,
{
    let started = Instant::now();
    let bar = progress_bar(progress, name, estimate);
    let (sender, mut receiver) = mpsc::channel::<Vec<T>>(2);
    let producer = tokio::task::spawn_blocking(move || {
        for batch in batches {
            if sender.blocking_send(batch).is_err() {
                break;
            }
        }
    });
    let mut rows = 0u64;
    while let Some(batch) = receiver.recv().await {
        T::load(loader.tx().await?, &batch).await?;
        let n = T::rows(&batch);
        loader.wrote(n).await?;
        rows += n as u64;
        bar.inc(n as u64);
    }
    producer
        .await
        .map_err(|e| DemoError::Generator(e.to_string()))?;
    let elapsed = started.elapsed();
    bar.set_length(rows);
    bar.finish_with_message(format!(
        "{:.0} rows/s",
        rows as f64 / elapsed.as_secs_f64().max(1e-9)
    ));
    Ok(StageReport {
        name,
        rows,
        elapsed,
    })
}

fn progress_bar(enabled: bool, name: &'static str, len: u64) -> ProgressBar {
    if !enabled {
        return ProgressBar::hidden();
    }
    let style = ProgressStyle::with_template(
        "{prefix:>14} [{bar:32}] {human_pos:>10}/{human_len:<10} {elapsed:>4} {msg}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar())
    .progress_chars("=> ");
    ProgressBar::new(len)
        .with_style(style)
        .with_prefix(name)
        .with_message("")
}

/// A vector handed out in batches, without copying the rows.
fn owned_chunks<T: Send + 'static>(mut rows: Vec<T>) -> impl Iterator<Item = Vec<T>> + Send {
    rows.reverse();
    std::iter::from_fn(move || {
        if rows.is_empty() {
            return None;
        }
        let n = rows.len().min(pupils::BATCH);
        let mut batch = rows.split_off(rows.len() - n);
        batch.reverse();
        Some(batch)
    })
}
