//! Imports of organisations and pupils from the CSV files schools export
//! (S5; the columns are documented in `docs/import.md`).
//!
//! Two steps: [`check`] reads the whole file, validates every row (line,
//! column, reason) and works out what it would change; [`load`] writes it,
//! and only when the file is valid or the caller chose to import only the
//! valid rows. Re-importing a file changes nothing: organisations are keyed
//! on BRIN, AGB or CBS code (code-less kinds on kind, name and
//! municipality), school locations on their BRIN with vestiging number,
//! pupils on (school, pupil number) and found again by their BSN when they
//! enrol at another school, so the same pupil in two files is one pupil.
//!
//! Files: `;` or `,` (detected from the header line), UTF-8 with or without
//! byte order mark, quoted fields, Dutch dates (`25-11-2026`, `25/11/2026`,
//! `2026-11-25`).
//!
//! Audit: one event per import (`create` of `pupil_import` or
//! `organisation_import`) with the counts and the file's SHA-256 in its
//! fields, and one `read` event per check (`import_check`): not one event
//! per pupil, which would flood the log with a school's whole register
//! while telling a family nothing a pupil's own file does not.

use std::collections::{HashMap, HashSet};

use brug_domain::access::{Basis, Decision, OrgAction, Request, decide};
use brug_domain::audit::{AuditAction, AuditActor, AuditEvent, AuditOrigin, Outcome};
use brug_domain::codes::{AgbCode, Brin, Bsn, GemeenteCode};
use brug_domain::ids::OrgId;
use brug_domain::registry::{OrgKind, Sector, fold};
use brug_domain::text::{self, TextError};
use brug_store::bulk::{EnrolmentRow, PupilRow};
use brug_store::import::{self as store, LocationKey, OrgKey};
use brug_store::{Ts, Tx};
use time::Date;

use crate::trail::{self, Access};
use crate::{App, AppError, Ctx};

// ---------------------------------------------------------------------------
// Kinds, errors, the report
// ---------------------------------------------------------------------------

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Organisations,
    Pupils,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Organisations => "organisations",
            Kind::Pupils => "pupils",
        }
    }

    pub fn from_code(code: &str) -> Option<Kind> {
        match code.trim() {
            "organisations" | "organisaties" => Some(Kind::Organisations),
            "pupils" | "leerlingen" => Some(Kind::Pupils),
            _ => None,
        }
    }

    fn resource(self) -> &'static str {
        match self {
            Kind::Organisations => "organisation_import",
            Kind::Pupils => "pupil_import",
        }
    }
}

/// What to do with a file that has invalid rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write only when every row is valid.
    AllOrNothing,
    /// Write the valid rows, skip the others.
    OnlyValid,
}

/// One problem: where (line of the file, 1 = the header; column name as in
/// the file) and why, as a Fluent message id with its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub column: String,
    pub message_id: &'static str,
    pub args: Vec<(&'static str, String)>,
}

/// The outcome of a check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub kind: Kind,
    /// The separator found in the header line.
    pub separator: char,
    /// The file started with a UTF-8 byte order mark.
    pub bom: bool,
    /// Data rows (the header not counted).
    pub rows: usize,
    /// Rows without errors.
    pub valid_rows: usize,
    /// Every problem, in file order. A problem with the file as a whole
    /// (separator, missing columns) has `line` 1.
    pub errors: Vec<RowError>,
    /// The file cannot be read at all (no rows are valid).
    pub file_error: bool,
    /// What importing the valid rows would do.
    pub to_create: usize,
    pub to_update: usize,
    pub unchanged: usize,
}

impl Report {
    pub fn is_valid(&self) -> bool {
        !self.file_error && self.errors.is_empty()
    }

    /// Lines with at least one error.
    pub fn invalid_rows(&self) -> usize {
        self.rows - self.valid_rows
    }
}

/// What an import wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Loaded {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Invalid rows left out (only-valid mode).
    pub skipped: usize,
}

/// Progress of a long import, for the command line's progress bar.
pub trait Progress: Sync {
    /// `done` of `total` rows of the current phase.
    fn phase(&self, name: &str, total: u64);
    fn advance(&self, done: u64);
}

/// No progress shown.
pub struct Quiet;

impl Progress for Quiet {
    fn phase(&self, _: &str, _: u64) {}
    fn advance(&self, _: u64) {}
}

/// Who imports: a signed-in user (web) or the operator at the command line.
pub enum Importer<'a> {
    User(&'a Ctx),
    CommandLine,
}

/// A checked file, ready to load.
pub struct Checked {
    pub report: Report,
    /// The file's SHA-256, recorded in the audit event.
    pub sha256: String,
    plan: Plan,
}

enum Plan {
    Organisations(Vec<OrgAction_>),
    Pupils(PupilPlan),
}

// ---------------------------------------------------------------------------
// Reading the file
// ---------------------------------------------------------------------------

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Header names compare without case, spaces, `_`, `-` and `.`.
fn normalise_header(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '.' | '\u{feff}'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// `;` or `,`: whichever occurs more often outside quotes in the first line.
fn detect_separator(bytes: &[u8]) -> char {
    let (mut semi, mut comma, mut quoted) = (0usize, 0usize, false);
    for &b in bytes {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b';' if !quoted => semi += 1,
            b',' if !quoted => comma += 1,
            _ => {}
        }
    }
    if comma > semi { ',' } else { ';' }
}

/// A column of a file: its canonical name and the names schools' systems
/// give it.
struct Column {
    name: &'static str,
    aliases: &'static [&'static str],
    required: bool,
}

const PUPIL_COLUMNS: &[Column] = &[
    Column {
        name: "brin",
        aliases: &[
            "brin",
            "brinvestiging",
            "brinnummer",
            "brincode",
            "vestiging",
        ],
        required: true,
    },
    Column {
        name: "leerlingnummer",
        aliases: &[
            "leerlingnummer",
            "leerlingnr",
            "llnr",
            "studentnummer",
            "pupilnumber",
        ],
        required: true,
    },
    Column {
        name: "voornaam",
        aliases: &["voornaam", "roepnaam", "voornamen", "givenname"],
        required: true,
    },
    Column {
        name: "tussenvoegsel",
        aliases: &["tussenvoegsel", "tussenvoegsels", "voorvoegsel", "prefix"],
        required: false,
    },
    Column {
        name: "achternaam",
        aliases: &["achternaam", "geslachtsnaam", "familienaam", "familyname"],
        required: true,
    },
    Column {
        name: "geboortedatum",
        aliases: &["geboortedatum", "geboren", "birthdate"],
        required: true,
    },
    Column {
        name: "bsn",
        aliases: &["bsn", "burgerservicenummer", "sofinummer"],
        required: false,
    },
    Column {
        name: "groep",
        aliases: &["groep", "leerjaar", "klas", "jaargroep", "grade"],
        required: true,
    },
    Column {
        name: "sector",
        aliases: &["sector", "onderwijssector"],
        required: false,
    },
    Column {
        name: "gemeente",
        aliases: &["gemeente", "woongemeente", "gemeentecode", "cbscode"],
        required: false,
    },
    Column {
        name: "inschrijfdatum",
        aliases: &[
            "inschrijfdatum",
            "datuminschrijving",
            "begindatum",
            "startdatum",
            "ingeschreven",
        ],
        required: true,
    },
    Column {
        name: "uitschrijfdatum",
        aliases: &[
            "uitschrijfdatum",
            "datumuitschrijving",
            "einddatum",
            "uitgeschreven",
        ],
        required: false,
    },
];

const ORG_COLUMNS: &[Column] = &[
    Column {
        name: "soort",
        aliases: &["soort", "type", "kind"],
        required: true,
    },
    Column {
        name: "naam",
        aliases: &["naam", "name", "organisatie"],
        required: true,
    },
    Column {
        name: "code",
        aliases: &["code", "brin", "agb", "agbcode", "gemeentecode", "cbscode"],
        required: true,
    },
    Column {
        name: "gemeente",
        aliases: &["gemeente", "municipality"],
        required: false,
    },
    Column {
        name: "plaats",
        aliases: &["plaats", "woonplaats", "city"],
        required: false,
    },
    Column {
        name: "sector",
        aliases: &["sector", "onderwijssector"],
        required: false,
    },
    Column {
        name: "regio",
        aliases: &["regio", "jeugdregio", "region"],
        required: false,
    },
];

/// Where each canonical column is in the file, and its name there.
struct Header {
    index: Vec<Option<usize>>,
    names: Vec<String>,
    width: usize,
}

impl Header {
    fn read(
        fields: &[String],
        columns: &[Column],
        separator: char,
    ) -> Result<Header, Vec<RowError>> {
        let normalised: Vec<String> = fields.iter().map(|f| normalise_header(f)).collect();
        let mut index = Vec::with_capacity(columns.len());
        let mut names = Vec::with_capacity(columns.len());
        let mut errors = Vec::new();
        for column in columns {
            let found = normalised
                .iter()
                .position(|h| column.aliases.iter().any(|a| a == h));
            if found.is_none() && column.required {
                errors.push(RowError {
                    line: 1,
                    column: column.name.to_owned(),
                    message_id: "import-error-missing-column",
                    args: vec![("column", column.name.to_owned())],
                });
            }
            names.push(
                found.map_or_else(|| column.name.to_owned(), |i| fields[i].trim().to_owned()),
            );
            index.push(found);
        }
        if !errors.is_empty() {
            // One column found: the file is probably split on another character.
            if fields.len() <= 1 {
                let other = if separator == ';' { ',' } else { ';' };
                return Err(vec![RowError {
                    line: 1,
                    column: String::new(),
                    message_id: "import-error-separator",
                    args: vec![
                        ("found", separator.to_string()),
                        ("other", other.to_string()),
                    ],
                }]);
            }
            return Err(errors);
        }
        Ok(Header {
            index,
            names,
            width: fields.len(),
        })
    }
}

/// One data row: its fields and the errors found so far.
struct Row<'r> {
    line: u64,
    fields: Vec<&'r str>,
    header: &'r Header,
    errors: Vec<RowError>,
}

impl<'r> Row<'r> {
    /// The trimmed value of canonical column `c` ("" when absent).
    fn get(&self, c: usize) -> &'r str {
        self.header.index[c]
            .and_then(|i| self.fields.get(i).copied())
            .map_or("", str::trim)
    }

    fn err(&mut self, c: usize, message_id: &'static str, args: Vec<(&'static str, String)>) {
        self.errors.push(RowError {
            line: self.line,
            column: self.header.names[c].clone(),
            message_id,
            args,
        });
    }

    fn text(&mut self, c: usize, limits: text::FieldLimits) -> Option<String> {
        match text::clean_text(self.get(c), limits) {
            Ok(t) => Some(t),
            Err(e) => {
                self.text_err(c, &e);
                None
            }
        }
    }

    fn optional_text(&mut self, c: usize, limits: text::FieldLimits) -> Option<Option<String>> {
        match text::clean_optional(self.get(c), limits) {
            Ok(t) => Some(t),
            Err(e) => {
                self.text_err(c, &e);
                None
            }
        }
    }

    fn text_err(&mut self, c: usize, e: &TextError) {
        let id = if *e == TextError::Empty {
            "import-error-required"
        } else {
            e.message_id()
        };
        self.err(c, id, e.message_args());
    }

    fn date(&mut self, c: usize) -> Option<Date> {
        match text::parse_dutch_date(self.get(c)) {
            Ok(d) => Some(d),
            Err(e) => {
                self.text_err(c, &e);
                None
            }
        }
    }

    fn optional_date(&mut self, c: usize) -> Option<Option<Date>> {
        if self.get(c).is_empty() {
            return Some(None);
        }
        self.date(c).map(Some)
    }
}

/// Reads the records of a file, calling `each` with every data row.
fn read_rows(
    bytes: &[u8],
    columns: &[Column],
    progress: &dyn Progress,
    mut each: impl FnMut(&mut Row<'_>),
) -> Result<(char, bool, usize), Vec<RowError>> {
    let bom = bytes.starts_with(BOM);
    let body = if bom { &bytes[BOM.len()..] } else { bytes };
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(vec![RowError {
            line: 1,
            column: String::new(),
            message_id: "import-error-empty-file",
            args: Vec::new(),
        }]);
    }
    let separator = detect_separator(body);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator as u8)
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::None)
        .from_reader(body);
    let mut record = csv::ByteRecord::new();
    let header_fields: Vec<String> = match reader.read_byte_record(&mut record) {
        Ok(true) => match record
            .iter()
            .map(|f| std::str::from_utf8(f).map(str::to_owned))
            .collect::<Result<Vec<_>, _>>()
        {
            Ok(fields) => fields,
            Err(_) => return Err(vec![encoding_error(1)]),
        },
        _ => {
            return Err(vec![RowError {
                line: 1,
                column: String::new(),
                message_id: "import-error-empty-file",
                args: Vec::new(),
            }]);
        }
    };
    let header = Header::read(&header_fields, columns, separator)?;
    let total_estimate = bytes.iter().filter(|b| **b == b'\n').count() as u64;
    progress.phase("check", total_estimate);
    let mut rows = 0usize;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                rows += 1;
                let mut row = Row {
                    line,
                    fields: Vec::new(),
                    header: &header,
                    errors: vec![RowError {
                        line,
                        column: String::new(),
                        message_id: "import-error-unreadable",
                        args: Vec::new(),
                    }],
                };
                each(&mut row);
                break;
            }
        }
        let line = record.position().map_or(0, |p| p.line());
        // Blank lines are not rows.
        if record.len() <= 1
            && record
                .get(0)
                .is_none_or(|f| f.iter().all(u8::is_ascii_whitespace))
        {
            continue;
        }
        rows += 1;
        if rows.is_multiple_of(10_000) {
            progress.advance(rows as u64);
        }
        let fields: Result<Vec<&str>, _> = record.iter().map(std::str::from_utf8).collect();
        let mut row = match fields {
            Ok(fields) => {
                let mut row = Row {
                    line,
                    fields,
                    header: &header,
                    errors: Vec::new(),
                };
                if row.fields.len() != header.width {
                    row.errors.push(RowError {
                        line,
                        column: String::new(),
                        message_id: "import-error-field-count",
                        args: vec![
                            ("expected", header.width.to_string()),
                            ("found", row.fields.len().to_string()),
                        ],
                    });
                }
                row
            }
            Err(_) => Row {
                line,
                fields: Vec::new(),
                header: &header,
                errors: vec![encoding_error(line)],
            },
        };
        each(&mut row);
    }
    progress.advance(rows as u64);
    Ok((separator, bom, rows))
}

fn encoding_error(line: u64) -> RowError {
    RowError {
        line,
        column: String::new(),
        message_id: "import-error-encoding",
        args: Vec::new(),
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(bytes))
}

// ---------------------------------------------------------------------------
// Check
// ---------------------------------------------------------------------------

/// Which schools the importer may import pupils for (`None`: all).
pub type Scope = Option<HashSet<i64>>;

/// The schools whose pupils this user may import: those where they are the
/// functional administrator, or all for the platform administrator; `Err`
/// when none (the upload page is not theirs).
pub fn scope_of(ctx: &Ctx) -> Result<Scope, AppError> {
    if ctx.actor.platform_admin {
        return Ok(None);
    }
    let mine: HashSet<i64> = ctx
        .memberships
        .iter()
        .filter(|m| {
            decide(
                &ctx.actor,
                Request::Organisation {
                    org: OrgId(m.org_id),
                    action: OrgAction::ImportPupils,
                },
            )
            .is_allowed()
        })
        .map(|m| m.org_id)
        .collect();
    if mine.is_empty() {
        Err(AppError::Forbidden)
    } else {
        Ok(Some(mine))
    }
}

/// Read and validate a whole file and work out what importing it would do.
/// Nothing is written.
pub async fn check(
    app: &App,
    kind: Kind,
    bytes: &[u8],
    scope: &Scope,
    progress: &dyn Progress,
) -> Result<Checked, AppError> {
    let sha256 = sha256_hex(bytes);
    let (report, plan) = match kind {
        Kind::Organisations => {
            let (report, plan) = check_organisations(app, bytes, progress).await?;
            (report, Plan::Organisations(plan))
        }
        Kind::Pupils => {
            let (report, plan) = check_pupils(app, bytes, scope, progress).await?;
            (report, Plan::Pupils(plan))
        }
    };
    Ok(Checked {
        report,
        sha256,
        plan,
    })
}

fn file_report(kind: Kind, errors: Vec<RowError>, bytes: &[u8]) -> Report {
    let bom = bytes.starts_with(BOM);
    let body = if bom { &bytes[BOM.len()..] } else { bytes };
    Report {
        kind,
        separator: detect_separator(body),
        bom,
        rows: 0,
        valid_rows: 0,
        errors,
        file_error: true,
        to_create: 0,
        to_update: 0,
        unchanged: 0,
    }
}

// --- Pupils ------------------------------------------------------------------

const P_BRIN: usize = 0;
const P_NUMBER: usize = 1;
const P_GIVEN: usize = 2;
const P_PREFIX: usize = 3;
const P_FAMILY: usize = 4;
const P_BIRTH: usize = 5;
const P_BSN: usize = 6;
const P_GRADE: usize = 7;
const P_SECTOR: usize = 8;
const P_MUNICIPALITY: usize = 9;
const P_START: usize = 10;
const P_END: usize = 11;

/// A pupil number: 1 to 20 letters, digits and `-_/.`.
fn valid_pupil_number(n: &str) -> bool {
    (1..=20).contains(&n.len())
        && n.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'/' | b'.'))
}

/// A valid pupil row, resolved against the registry.
#[derive(Debug, Clone)]
struct PupilLine {
    line: u64,
    school_id: i64,
    location_id: i64,
    number: String,
    given_name: String,
    name_prefix: Option<String>,
    family_name: String,
    birth_date: Date,
    bsn: Option<Bsn>,
    grade: String,
    sector: Sector,
    residence_id: i64,
    start_date: Date,
    end_date: Option<Date>,
}

/// What a valid pupil row does.
#[derive(Debug, Clone)]
enum PupilAct {
    Unchanged,
    /// A new enrolment; of a new pupil or of one found by BSN.
    Create {
        pupil: Option<i64>,
    },
    /// Change the pupil and/or the enrolment.
    Update {
        pupil: Option<store::PupilUpdate>,
        enrolment: Option<store::EnrolmentUpdate>,
        set_bsn: Option<i64>,
    },
}

struct PupilPlan {
    /// Valid rows and what each does.
    rows: Vec<(PupilLine, PupilAct)>,
    /// Rows with errors (left out in only-valid mode).
    invalid: usize,
}

async fn check_pupils(
    app: &App,
    bytes: &[u8],
    scope: &Scope,
    progress: &dyn Progress,
) -> Result<(Report, PupilPlan), AppError> {
    let today = app.clock.today();
    let orgs = store::org_keys(&app.db).await?;
    let locations = store::location_keys(&app.db).await?;
    let municipalities: HashMap<&str, i64> = orgs
        .iter()
        .filter(|o| o.kind == OrgKind::Municipality)
        .filter_map(|o| o.cbs_code.as_deref().map(|c| (c, o.id)))
        .collect();
    let by_brin: HashMap<&str, &LocationKey> =
        locations.iter().map(|l| (l.brin.as_str(), l)).collect();
    let mut of_school: HashMap<i64, Vec<&LocationKey>> = HashMap::new();
    for l in &locations {
        of_school.entry(l.school_id).or_default().push(l);
    }
    let school_by_brin: HashMap<&str, i64> = orgs
        .iter()
        .filter(|o| o.kind == OrgKind::School)
        .filter_map(|o| o.brin.as_deref().map(|b| (b, o.id)))
        .collect();

    let mut lines: Vec<PupilLine> = Vec::new();
    let mut errors: Vec<RowError> = Vec::new();
    let mut invalid = 0usize;
    let mut seen_keys: HashMap<(i64, String), u64> = HashMap::new();
    let mut seen_bsn: HashMap<(i64, String), u64> = HashMap::new();
    let read = read_rows(bytes, PUPIL_COLUMNS, progress, |row| {
        let line = check_pupil_row(
            row,
            today,
            scope,
            &by_brin,
            &of_school,
            &school_by_brin,
            &municipalities,
        );
        if let Some(l) = &line {
            if let Some(first) = seen_keys.get(&(l.school_id, l.number.clone())) {
                row.err(
                    P_NUMBER,
                    "import-error-duplicate",
                    vec![("line", first.to_string())],
                );
            }
            if let Some(b) = &l.bsn
                && let Some(first) = seen_bsn.get(&(l.school_id, b.as_str().to_owned()))
            {
                row.err(
                    P_BSN,
                    "import-error-duplicate",
                    vec![("line", first.to_string())],
                );
            }
        }
        if let Some(l) = &line {
            seen_keys
                .entry((l.school_id, l.number.clone()))
                .or_insert(row.line);
            if let Some(b) = &l.bsn {
                seen_bsn
                    .entry((l.school_id, b.as_str().to_owned()))
                    .or_insert(row.line);
            }
        }
        if row.errors.is_empty() {
            if let Some(l) = line {
                lines.push(l);
            }
        } else {
            invalid += 1;
            errors.append(&mut row.errors);
        }
    });
    let (separator, bom, rows) = match read {
        Ok(r) => r,
        Err(errs) => {
            return Ok((
                file_report(Kind::Pupils, errs, bytes),
                PupilPlan {
                    rows: Vec::new(),
                    invalid: 0,
                },
            ));
        }
    };

    // Against what is there: enrolments at these schools, pupils by BSN.
    let mut schools: Vec<i64> = lines.iter().map(|l| l.school_id).collect();
    schools.sort_unstable();
    schools.dedup();
    let existing = store::enrolments_at_schools(&app.db, &schools).await?;
    let keys = app.keys();
    let lookups: Vec<Option<String>> = lines
        .iter()
        .map(|l| l.bsn.as_ref().map(|b| keys.bsn_lookup(b.as_str())))
        .collect();
    // BSNs to find: of new pupil numbers, and of known ones that have no
    // BSN yet (it may belong to another pupil already).
    let unknown: Vec<&str> = lines
        .iter()
        .zip(&lookups)
        .filter(|(l, _)| {
            existing
                .get(&(l.school_id, l.number.clone()))
                .is_none_or(|e| e.bsn_lookup.is_none())
        })
        .filter_map(|(_, k)| k.as_deref())
        .collect();
    let by_bsn = store::pupils_by_bsn_lookup(&app.db, &unknown).await?;

    let mut planned: Vec<(PupilLine, PupilAct)> = Vec::with_capacity(lines.len());
    let (mut to_create, mut to_update, mut unchanged) = (0, 0, 0);
    for (l, lookup) in lines.into_iter().zip(lookups) {
        let act = match existing.get(&(l.school_id, l.number.clone())) {
            Some(e) => {
                if let (Some(mine), Some(theirs)) = (&lookup, &e.bsn_lookup)
                    && mine != theirs
                {
                    invalid += 1;
                    errors.push(RowError {
                        line: l.line,
                        column: "bsn".into(),
                        message_id: "import-error-bsn-other-pupil",
                        args: Vec::new(),
                    });
                    continue;
                }
                if let (Some(mine), None) = (&lookup, &e.bsn_lookup)
                    && by_bsn.get(mine).is_some_and(|p| *p != e.pupil_id)
                {
                    invalid += 1;
                    errors.push(RowError {
                        line: l.line,
                        column: "bsn".into(),
                        message_id: "import-error-bsn-other-pupil",
                        args: Vec::new(),
                    });
                    continue;
                }
                let pupil_changed = e.given_name != l.given_name
                    || e.name_prefix != l.name_prefix
                    || e.family_name != l.family_name
                    || e.birth_date != l.birth_date;
                let enrolment_changed = e.location_id != l.location_id
                    || e.sector != l.sector.code()
                    || e.grade != l.grade
                    || e.residence_municipality_id != l.residence_id
                    || e.start_date != l.start_date
                    || e.end_date != l.end_date;
                let set_bsn = (lookup.is_some() && e.bsn_lookup.is_none()).then_some(e.pupil_id);
                if pupil_changed || enrolment_changed || set_bsn.is_some() {
                    PupilAct::Update {
                        pupil: pupil_changed.then(|| store::PupilUpdate {
                            id: e.pupil_id,
                            given_name: l.given_name.clone(),
                            name_prefix: l.name_prefix.clone(),
                            family_name: l.family_name.clone(),
                            birth_date: l.birth_date,
                        }),
                        enrolment: enrolment_changed.then(|| store::EnrolmentUpdate {
                            id: e.enrolment_id,
                            location_id: l.location_id,
                            sector: l.sector,
                            grade: l.grade.clone(),
                            residence_municipality_id: l.residence_id,
                            start_date: l.start_date,
                            end_date: l.end_date,
                        }),
                        set_bsn,
                    }
                } else {
                    PupilAct::Unchanged
                }
            }
            None => PupilAct::Create {
                pupil: lookup.as_ref().and_then(|k| by_bsn.get(k).copied()),
            },
        };
        match act {
            PupilAct::Unchanged => unchanged += 1,
            PupilAct::Create { .. } => to_create += 1,
            PupilAct::Update { .. } => to_update += 1,
        }
        planned.push((l, act));
    }
    errors.sort_by_key(|e| e.line);
    let valid_rows = planned.len();
    Ok((
        Report {
            kind: Kind::Pupils,
            separator,
            bom,
            rows,
            valid_rows,
            errors,
            file_error: false,
            to_create,
            to_update,
            unchanged,
        },
        PupilPlan {
            rows: planned,
            invalid,
        },
    ))
}

#[allow(clippy::too_many_arguments)]
fn check_pupil_row(
    row: &mut Row<'_>,
    today: Date,
    scope: &Scope,
    by_brin: &HashMap<&str, &LocationKey>,
    of_school: &HashMap<i64, Vec<&LocationKey>>,
    school_by_brin: &HashMap<&str, i64>,
    municipalities: &HashMap<&str, i64>,
) -> Option<PupilLine> {
    if !row.errors.is_empty() && row.fields.is_empty() {
        return None;
    }
    // Where: a location by its 6-character BRIN, or a school with one location.
    let location: Option<&LocationKey> = match Brin::parse(row.get(P_BRIN)) {
        Err(e) => {
            let id = if row.get(P_BRIN).is_empty() {
                "import-error-required"
            } else {
                e.message_id()
            };
            row.err(P_BRIN, id, e.message_args());
            None
        }
        Ok(brin) => match by_brin.get(brin.as_str()) {
            Some(l) => Some(*l),
            None => match school_by_brin
                .get(brin.as_str())
                .and_then(|s| of_school.get(s))
            {
                Some(locs) if locs.len() == 1 => Some(locs[0]),
                Some(_) => {
                    row.err(P_BRIN, "import-error-vestiging-needed", Vec::new());
                    None
                }
                None => {
                    row.err(
                        P_BRIN,
                        "import-error-brin-unknown",
                        vec![("code", brin.as_str().to_owned())],
                    );
                    None
                }
            },
        },
    };
    if let (Some(l), Some(allowed)) = (location, scope)
        && !allowed.contains(&l.school_id)
    {
        row.err(P_BRIN, "import-error-school-not-yours", Vec::new());
    }
    let number = row.get(P_NUMBER).to_owned();
    if number.is_empty() {
        row.err(P_NUMBER, "import-error-required", Vec::new());
    } else if !valid_pupil_number(&number) {
        row.err(P_NUMBER, "import-error-pupil-number", Vec::new());
    }
    let given = row.text(P_GIVEN, text::NAME);
    let prefix = row.optional_text(
        P_PREFIX,
        text::FieldLimits {
            min_chars: 0,
            max_chars: 20,
        },
    );
    let family = row.text(P_FAMILY, text::NAME);
    let birth = row.date(P_BIRTH);
    if let Some(b) = birth {
        if b > today {
            row.err(P_BIRTH, "import-error-birth-future", Vec::new());
        } else if brug_domain::registry::age_on(b, today) > 30 {
            row.err(P_BIRTH, "import-error-birth-too-old", Vec::new());
        }
    }
    let bsn = match row.get(P_BSN) {
        "" => None,
        raw => match Bsn::parse(raw) {
            Ok(b) => Some(b),
            Err(e) => {
                row.err(P_BSN, e.message_id(), e.message_args());
                None
            }
        },
    };
    let grade = row.text(
        P_GRADE,
        text::FieldLimits {
            min_chars: 1,
            max_chars: 40,
        },
    );
    let sector = match row.get(P_SECTOR) {
        "" => location.map(|l| l.sector),
        raw => match Sector::from_code(raw) {
            Some(s) => Some(s),
            None => {
                row.err(
                    P_SECTOR,
                    "import-error-sector",
                    vec![("found", raw.to_owned())],
                );
                None
            }
        },
    };
    let residence = match row.get(P_MUNICIPALITY) {
        "" => location.map(|l| l.municipality_id),
        raw => match GemeenteCode::parse(raw) {
            Err(e) => {
                row.err(P_MUNICIPALITY, e.message_id(), e.message_args());
                None
            }
            Ok(code) => match municipalities.get(code.as_str()) {
                Some(id) => Some(*id),
                None => {
                    row.err(
                        P_MUNICIPALITY,
                        "import-error-gemeente-unknown",
                        vec![("code", code.as_str().to_owned())],
                    );
                    None
                }
            },
        },
    };
    let start = row.date(P_START);
    let end = row.optional_date(P_END);
    if let (Some(s), Some(Some(e))) = (start, end)
        && e < s
    {
        row.err(P_END, "import-error-end-before-start", Vec::new());
    }
    if !row.errors.is_empty() {
        return None;
    }
    let (
        Some(location),
        Some(given_name),
        Some(name_prefix),
        Some(family_name),
        Some(birth_date),
        Some(grade),
        Some(sector),
        Some(residence_id),
        Some(start_date),
        Some(end_date),
    ) = (
        location, given, prefix, family, birth, grade, sector, residence, start, end,
    )
    else {
        return None;
    };
    Some(PupilLine {
        line: row.line,
        school_id: location.school_id,
        location_id: location.id,
        number,
        given_name,
        name_prefix,
        family_name,
        birth_date,
        bsn,
        grade,
        sector,
        residence_id,
        start_date,
        end_date,
    })
}

// --- Organisations ------------------------------------------------------------

const O_KIND: usize = 0;
const O_NAME: usize = 1;
const O_CODE: usize = 2;
const O_MUNICIPALITY: usize = 3;
const O_CITY: usize = 4;
const O_SECTOR: usize = 5;
const O_REGION: usize = 6;

/// The kind column: Dutch words as schools write them, or Brug's codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OrgLineKind {
    Org(OrgKind),
    /// A school location (vestiging), 6-character BRIN.
    Location,
}

fn org_line_kind(raw: &str) -> Option<OrgLineKind> {
    let k = fold(raw);
    Some(match k.as_str() {
        "vestiging" | "schoollocatie" | "location" => OrgLineKind::Location,
        "school" => OrgLineKind::Org(OrgKind::School),
        "bestuur" | "schoolbestuur" | "school_board" => OrgLineKind::Org(OrgKind::SchoolBoard),
        "zorgaanbieder" | "jeugdhulpaanbieder" | "care_provider" => {
            OrgLineKind::Org(OrgKind::CareProvider)
        }
        "gemeente" | "municipality" => OrgLineKind::Org(OrgKind::Municipality),
        "swv" | "samenwerkingsverband" => OrgLineKind::Org(OrgKind::Swv),
        "wijkteam" | "cjg" => OrgLineKind::Org(OrgKind::Wijkteam),
        "jgz" | "ggd" => OrgLineKind::Org(OrgKind::Jgz),
        "leerplicht" => OrgLineKind::Org(OrgKind::Leerplicht),
        "jeugdregio" | "regio" | "region" => OrgLineKind::Org(OrgKind::Region),
        _ => return None,
    })
}

/// What identifies an organisation across imports.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum OrgKeyOf {
    Brin(String),
    Agb(String),
    Cbs(String),
    Location(String),
    /// Kinds without a code: kind, folded name and municipality code.
    Named(OrgKind, String, Option<String>),
}

/// A valid organisation row.
#[derive(Debug, Clone)]
struct OrgLine {
    line: u64,
    kind: OrgLineKind,
    key: OrgKeyOf,
    name: String,
    code: Option<String>,
    municipality: Option<String>,
    city: String,
    sector: Option<Sector>,
    /// A municipality's region (youth care region), by its folded name.
    region: Option<String>,
}

#[derive(Debug, Clone)]
#[allow(non_camel_case_types)]
enum OrgAction_ {
    Create(OrgLine),
    Update(i64, OrgLine),
    Unchanged,
}

async fn check_organisations(
    app: &App,
    bytes: &[u8],
    progress: &dyn Progress,
) -> Result<(Report, Vec<OrgAction_>), AppError> {
    let orgs = store::org_keys(&app.db).await?;
    let locations = store::location_keys(&app.db).await?;
    let mut lines: Vec<OrgLine> = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashMap<OrgKeyOf, u64> = HashMap::new();
    let mut invalid = 0usize;
    let read = read_rows(bytes, ORG_COLUMNS, progress, |row| {
        if let Some(line) = check_org_row(row) {
            if let Some(first) = seen.get(&line.key) {
                row.err(
                    O_CODE,
                    "import-error-duplicate",
                    vec![("line", first.to_string())],
                );
            } else {
                seen.insert(line.key.clone(), row.line);
            }
            if row.errors.is_empty() {
                lines.push(line);
            }
        }
        if !row.errors.is_empty() {
            invalid += 1;
            errors.append(&mut row.errors);
        }
    });
    let (separator, bom, rows) = match read {
        Ok(r) => r,
        Err(errs) => return Ok((file_report(Kind::Organisations, errs, bytes), Vec::new())),
    };
    // References: municipalities and schools, in the registry or in the file.
    let municipality_codes: HashSet<String> = orgs
        .iter()
        .filter(|o| o.kind == OrgKind::Municipality)
        .filter_map(|o| o.cbs_code.clone())
        .chain(lines.iter().filter_map(|l| match &l.key {
            OrgKeyOf::Cbs(c) => Some(c.clone()),
            _ => None,
        }))
        .collect();
    let school_brins: HashSet<String> = orgs
        .iter()
        .filter(|o| o.kind == OrgKind::School)
        .filter_map(|o| o.brin.clone())
        .chain(lines.iter().filter_map(|l| match &l.key {
            OrgKeyOf::Brin(b) => Some(b.clone()),
            _ => None,
        }))
        .collect();
    let municipality_of: HashMap<i64, String> = orgs
        .iter()
        .filter_map(|o| o.cbs_code.clone().map(|c| (o.id, c)))
        .collect();
    let region_names: HashMap<i64, &str> = orgs
        .iter()
        .filter(|o| o.kind == OrgKind::Region)
        .map(|o| (o.id, o.search_name.as_str()))
        .collect();
    let known_regions: HashSet<String> = region_names
        .values()
        .map(|n| (*n).to_owned())
        .chain(lines.iter().filter_map(|l| match &l.key {
            OrgKeyOf::Named(OrgKind::Region, name, _) => Some(name.clone()),
            _ => None,
        }))
        .collect();
    let mut actions = Vec::with_capacity(lines.len());
    let (mut to_create, mut to_update, mut unchanged) = (0, 0, 0);
    for l in lines {
        let mut bad = |id: &'static str, column: &str, args: Vec<(&'static str, String)>| {
            errors.push(RowError {
                line: l.line,
                column: column.to_owned(),
                message_id: id,
                args,
            });
        };
        if let Some(m) = &l.municipality
            && !municipality_codes.contains(m)
        {
            bad(
                "import-error-gemeente-unknown",
                "gemeente",
                vec![("code", m.clone())],
            );
            invalid += 1;
            continue;
        }
        if let Some(r) = &l.region
            && !known_regions.contains(r)
        {
            bad(
                "import-error-region-unknown",
                "regio",
                vec![("name", r.clone())],
            );
            invalid += 1;
            continue;
        }
        if l.kind == OrgLineKind::Location {
            let school = l.code.as_deref().map(|c| &c[..4]).unwrap_or_default();
            if !school_brins.contains(school) {
                bad(
                    "import-error-school-unknown",
                    "code",
                    vec![("code", school.to_owned())],
                );
                invalid += 1;
                continue;
            }
        }
        let action = match existing_org(&l, &orgs, &locations) {
            None => OrgAction_::Create(l),
            Some(Existing::Org(o)) => {
                // A municipality line without a region leaves its region.
                let same_region = l.region.is_none()
                    || o.region_id.and_then(|r| region_names.get(&r).copied())
                        == l.region.as_deref();
                let same = o.name == l.name
                    && same_region
                    && o.municipality_id.and_then(|m| municipality_of.get(&m))
                        == l.municipality.as_ref();
                if same {
                    OrgAction_::Unchanged
                } else {
                    OrgAction_::Update(o.id, l)
                }
            }
            Some(Existing::Location(loc)) => {
                let same = loc.name == l.name
                    && loc.city == l.city
                    && Some(loc.sector) == l.sector
                    && municipality_of.get(&loc.municipality_id) == l.municipality.as_ref();
                if same {
                    OrgAction_::Unchanged
                } else {
                    OrgAction_::Update(loc.id, l)
                }
            }
        };
        match &action {
            OrgAction_::Create(_) => to_create += 1,
            OrgAction_::Update(..) => to_update += 1,
            OrgAction_::Unchanged => unchanged += 1,
        }
        actions.push(action);
    }
    errors.sort_by_key(|e| e.line);
    let valid_rows = rows - invalid;
    Ok((
        Report {
            kind: Kind::Organisations,
            separator,
            bom,
            rows,
            valid_rows,
            errors,
            file_error: false,
            to_create,
            to_update,
            unchanged,
        },
        actions,
    ))
}

enum Existing<'a> {
    Org(&'a OrgKey),
    Location(&'a LocationKey),
}

fn existing_org<'a>(
    l: &OrgLine,
    orgs: &'a [OrgKey],
    locations: &'a [LocationKey],
) -> Option<Existing<'a>> {
    match &l.key {
        OrgKeyOf::Brin(b) => orgs
            .iter()
            .find(|o| o.brin.as_deref() == Some(b))
            .map(Existing::Org),
        OrgKeyOf::Agb(a) => orgs
            .iter()
            .find(|o| o.agb.as_deref() == Some(a))
            .map(Existing::Org),
        OrgKeyOf::Cbs(c) => orgs
            .iter()
            .find(|o| o.kind == OrgKind::Municipality && o.cbs_code.as_deref() == Some(c))
            .map(Existing::Org),
        OrgKeyOf::Location(b) => locations
            .iter()
            .find(|x| &x.brin == b)
            .map(Existing::Location),
        OrgKeyOf::Named(kind, name, municipality) => {
            let muni_id = municipality.as_ref().and_then(|m| {
                orgs.iter()
                    .find(|o| o.kind == OrgKind::Municipality && o.cbs_code.as_deref() == Some(m))
                    .map(|o| o.id)
            });
            orgs.iter()
                .find(|o| o.kind == *kind && &o.search_name == name && o.municipality_id == muni_id)
                .map(Existing::Org)
        }
    }
}

fn check_org_row(row: &mut Row<'_>) -> Option<OrgLine> {
    if !row.errors.is_empty() && row.fields.is_empty() {
        return None;
    }
    let kind = match row.get(O_KIND) {
        "" => {
            row.err(O_KIND, "import-error-required", Vec::new());
            None
        }
        raw => match org_line_kind(raw) {
            Some(k) => Some(k),
            None => {
                row.err(O_KIND, "import-error-kind", vec![("found", raw.to_owned())]);
                None
            }
        },
    };
    let name = row.text(O_NAME, text::NAME);
    let raw_code = row.get(O_CODE).to_owned();
    let municipality = match row.get(O_MUNICIPALITY) {
        "" => None,
        raw => match GemeenteCode::parse(raw) {
            Ok(c) => Some(c.as_str().to_owned()),
            Err(e) => {
                row.err(O_MUNICIPALITY, e.message_id(), e.message_args());
                None
            }
        },
    };
    let code_err = |row: &mut Row<'_>, id: &'static str, args| {
        row.err(O_CODE, id, args);
        None
    };
    let code: Option<String> = match kind {
        None => None,
        Some(OrgLineKind::Org(OrgKind::School)) => match Brin::parse(&raw_code) {
            Ok(b) if b.vestiging().is_none() => Some(b.as_str().to_owned()),
            Ok(_) => code_err(row, "import-error-brin-school", Vec::new()),
            Err(e) => code_err(row, e.message_id(), e.message_args()),
        },
        Some(OrgLineKind::Location) => match Brin::parse(&raw_code) {
            Ok(b) if b.vestiging().is_some() => Some(b.as_str().to_owned()),
            Ok(_) => code_err(row, "import-error-brin-location", Vec::new()),
            Err(e) => code_err(row, e.message_id(), e.message_args()),
        },
        Some(OrgLineKind::Org(OrgKind::CareProvider)) => match AgbCode::parse(&raw_code) {
            Ok(a) => Some(a.as_str().to_owned()),
            Err(e) => code_err(row, e.message_id(), e.message_args()),
        },
        Some(OrgLineKind::Org(OrgKind::Municipality)) => match GemeenteCode::parse(&raw_code) {
            Ok(g) => Some(g.as_str().to_owned()),
            Err(e) => code_err(row, e.message_id(), e.message_args()),
        },
        Some(OrgLineKind::Org(_)) => None,
    };
    let (city, sector) = if kind == Some(OrgLineKind::Location) {
        let city = row.text(O_CITY, text::NAME);
        let sector = match row.get(O_SECTOR) {
            "" => {
                row.err(O_SECTOR, "import-error-required", Vec::new());
                None
            }
            raw => match Sector::from_code(raw) {
                Some(s) => Some(s),
                None => {
                    row.err(
                        O_SECTOR,
                        "import-error-sector",
                        vec![("found", raw.to_owned())],
                    );
                    None
                }
            },
        };
        if municipality.is_none() && row.get(O_MUNICIPALITY).is_empty() {
            row.err(O_MUNICIPALITY, "import-error-required", Vec::new());
        }
        (city.unwrap_or_default(), sector)
    } else {
        (String::new(), None)
    };
    let region = match row.get(O_REGION) {
        "" => None,
        raw if kind == Some(OrgLineKind::Org(OrgKind::Municipality)) => Some(fold(raw)),
        _ => {
            row.err(O_REGION, "import-error-region-not-here", Vec::new());
            None
        }
    };
    if !row.errors.is_empty() {
        return None;
    }
    let (Some(kind), Some(name)) = (kind, name) else {
        return None;
    };
    let key = match (kind, &code) {
        (OrgLineKind::Org(OrgKind::School), Some(c)) => OrgKeyOf::Brin(c.clone()),
        (OrgLineKind::Location, Some(c)) => OrgKeyOf::Location(c.clone()),
        (OrgLineKind::Org(OrgKind::CareProvider), Some(c)) => OrgKeyOf::Agb(c.clone()),
        (OrgLineKind::Org(OrgKind::Municipality), Some(c)) => OrgKeyOf::Cbs(c.clone()),
        (OrgLineKind::Org(k), _) => OrgKeyOf::Named(k, fold(&name), municipality.clone()),
        (OrgLineKind::Location, None) => return None,
    };
    Some(OrgLine {
        line: row.line,
        kind,
        key,
        name,
        code,
        municipality,
        city,
        sector,
        region,
    })
}

// ---------------------------------------------------------------------------
// Load
// ---------------------------------------------------------------------------

/// Write a checked file. Refused (`Invalid`, field `file`) when it has
/// errors and `mode` is all-or-nothing; in only-valid mode the invalid rows
/// are skipped. One audit event records the import.
pub async fn load(
    app: &App,
    who: Importer<'_>,
    checked: Checked,
    mode: Mode,
    progress: &dyn Progress,
) -> Result<Loaded, AppError> {
    load_once(app, who, checked, mode, progress, None).await
}

/// [`load`], removing the kept upload in the same transaction, so an upload
/// is imported once even when the button is pressed twice.
async fn load_once(
    app: &App,
    who: Importer<'_>,
    checked: Checked,
    mode: Mode,
    progress: &dyn Progress,
    upload: Option<i64>,
) -> Result<Loaded, AppError> {
    let Checked {
        report,
        sha256,
        plan,
    } = checked;
    if report.file_error || (mode == Mode::AllOrNothing && !report.is_valid()) {
        let mut e = crate::FieldErrors::default();
        e.add("file", "import-error-not-valid");
        return Err(AppError::Invalid(e));
    }
    let now = app.now();
    let mut tx = app.db.begin().await?;
    if let Some(id) = upload
        && !store::delete_upload(&mut tx, id).await?
    {
        return Err(AppError::NotFound);
    }
    let mut loaded = match plan {
        Plan::Organisations(actions) => load_organisations(&mut tx, actions, now).await?,
        Plan::Pupils(plan) => load_pupils(app, &mut tx, plan, now, progress).await?,
    };
    loaded.skipped = report.invalid_rows();
    let fields = vec![
        format!("created={}", loaded.created),
        format!("updated={}", loaded.updated),
        format!("unchanged={}", loaded.unchanged),
        format!("skipped={}", loaded.skipped),
        format!(
            "mode={}",
            match mode {
                Mode::AllOrNothing => "all",
                Mode::OnlyValid => "only_valid",
            }
        ),
        format!("sha256={sha256}"),
    ];
    let event = import_event(
        app,
        &who,
        AuditAction::Create,
        report.kind.resource(),
        fields,
    );
    brug_store::audit::append_in_tx(&mut tx, &[event]).await?;
    tx.commit().await?;
    Ok(loaded)
}

/// Record a check (a read of the uploaded file against the registry).
pub async fn log_check(app: &App, ctx: &Ctx, report: &Report) -> Result<(), AppError> {
    let mut access = Access::new(AuditAction::Read, "import_check", report.kind.code());
    access.fields = vec![
        format!("rows={}", report.rows),
        format!("invalid={}", report.invalid_rows()),
    ];
    let decision = Decision::Allow(importer_basis(ctx));
    trail::record(app, ctx, &decision, access).await
}

fn importer_basis(ctx: &Ctx) -> Basis {
    if ctx.actor.platform_admin {
        Basis::PlatformAdmin
    } else {
        ctx.memberships
            .iter()
            .find(|m| m.role == brug_domain::roles::Role::OrgAdmin)
            .map_or(Basis::PlatformAdmin, |m| Basis::OrgRole {
                org: OrgId(m.org_id),
                role: m.role,
            })
    }
}

fn import_event(
    app: &App,
    who: &Importer<'_>,
    action: AuditAction,
    resource: &str,
    fields: Vec<String>,
) -> AuditEvent {
    match who {
        Importer::User(ctx) => {
            let decision = Decision::Allow(importer_basis(ctx));
            let mut access = Access::new(action, resource, "file");
            access.fields = fields;
            trail::event(app, ctx, &decision, access)
        }
        Importer::CommandLine => AuditEvent {
            occurred_at: app.clock.now(),
            actor: AuditActor {
                user: None,
                name: "brug import (opdrachtregel)".into(),
                role: Some("operator".into()),
                org: None,
            },
            pupil: None,
            action,
            resource_type: resource.to_owned(),
            resource_id: Some("file".into()),
            fields,
            origin: AuditOrigin::default(),
            basis: "operator:command_line".into(),
            outcome: Outcome::Allowed,
            break_glass: false,
        },
    }
}

async fn load_organisations(
    tx: &mut Tx,
    actions: Vec<OrgAction_>,
    now: Ts,
) -> Result<Loaded, AppError> {
    let mut loaded = Loaded::default();
    // Municipalities first, then the others, then school locations: each
    // may refer to one before it.
    let order = |a: &OrgAction_| match a {
        OrgAction_::Create(l) | OrgAction_::Update(_, l) => match l.kind {
            OrgLineKind::Org(OrgKind::Municipality) => 0,
            OrgLineKind::Org(_) => 1,
            OrgLineKind::Location => 2,
        },
        OrgAction_::Unchanged => 3,
    };
    let mut actions = actions;
    actions.sort_by_key(order);
    let mut municipality_ids: HashMap<String, i64> = HashMap::new();
    let mut school_ids: HashMap<String, i64> = HashMap::new();
    // (municipality, region name): set once every region is written.
    let mut in_region: Vec<(i64, String)> = Vec::new();
    for o in store::org_keys_in_tx(tx).await? {
        if let Some(c) = o.cbs_code.filter(|_| o.kind == OrgKind::Municipality) {
            municipality_ids.insert(c, o.id);
        }
        if let Some(b) = o.brin.filter(|_| o.kind == OrgKind::School) {
            school_ids.insert(b, o.id);
        }
    }
    for action in actions {
        let (existing, l) = match action {
            OrgAction_::Unchanged => {
                loaded.unchanged += 1;
                continue;
            }
            OrgAction_::Create(l) => (None, l),
            OrgAction_::Update(id, l) => (Some(id), l),
        };
        let municipality_id = l
            .municipality
            .as_ref()
            .and_then(|m| municipality_ids.get(m).copied());
        match l.kind {
            OrgLineKind::Org(kind) => {
                let write = store::OrgWrite {
                    kind,
                    name: l.name.clone(),
                    brin: matches!(l.key, OrgKeyOf::Brin(_))
                        .then(|| l.code.clone())
                        .flatten(),
                    agb: matches!(l.key, OrgKeyOf::Agb(_))
                        .then(|| l.code.clone())
                        .flatten(),
                    cbs_code: matches!(l.key, OrgKeyOf::Cbs(_))
                        .then(|| l.code.clone())
                        .flatten(),
                    municipality_id,
                };
                let id = match existing {
                    Some(id) => {
                        store::update_org(tx, id, &write).await?;
                        loaded.updated += 1;
                        id
                    }
                    None => {
                        let id = store::insert_org(tx, &write, now).await?;
                        loaded.created += 1;
                        id
                    }
                };
                if let Some(code) = &write.cbs_code {
                    municipality_ids.insert(code.clone(), id);
                }
                if let Some(region) = &l.region {
                    in_region.push((id, region.clone()));
                }
                if let Some(code) = &write.brin {
                    school_ids.insert(code.clone(), id);
                }
            }
            OrgLineKind::Location => {
                let code = l.code.clone().unwrap_or_default();
                let (Some(school_id), Some(municipality_id), Some(sector)) = (
                    school_ids.get(&code[..4.min(code.len())]).copied(),
                    municipality_id,
                    l.sector,
                ) else {
                    return Err(AppError::Internal(format!(
                        "import: unresolved reference on line {}",
                        l.line
                    )));
                };
                let write = store::LocationWrite {
                    school_id,
                    brin: code,
                    name: l.name.clone(),
                    city: l.city.clone(),
                    sector,
                    municipality_id,
                };
                match existing {
                    Some(id) => {
                        store::update_location(tx, id, &write).await?;
                        loaded.updated += 1;
                    }
                    None => {
                        store::insert_location(tx, &write, now).await?;
                        loaded.created += 1;
                    }
                }
            }
        }
    }
    if !in_region.is_empty() {
        let regions: HashMap<String, i64> = store::org_keys_in_tx(tx)
            .await?
            .into_iter()
            .filter(|o| o.kind == OrgKind::Region)
            .map(|o| (o.search_name, o.id))
            .collect();
        for (municipality, name) in in_region {
            let Some(region) = regions.get(&name) else {
                return Err(AppError::Internal(format!(
                    "import: unresolved region {name}"
                )));
            };
            brug_store::registry::set_region(tx, municipality, *region).await?;
        }
    }
    Ok(loaded)
}

async fn load_pupils(
    app: &App,
    tx: &mut Tx,
    plan: PupilPlan,
    now: Ts,
    progress: &dyn Progress,
) -> Result<Loaded, AppError> {
    let mut loaded = Loaded::default();
    let total = plan.rows.len() as u64;
    progress.phase("load", total);
    let keys = app.keys();
    // New pupils: one per row without an existing pupil, except rows of a
    // pupil (by BSN) that an earlier row of this file creates.
    let new_pupils = plan
        .rows
        .iter()
        .filter(|(_, a)| matches!(a, PupilAct::Create { pupil: None }))
        .count();
    let new_enrolments = plan
        .rows
        .iter()
        .filter(|(_, a)| matches!(a, PupilAct::Create { .. }))
        .count();
    let mut pupil_ids = store::allocate_ids(tx, "pupils", new_pupils)
        .await?
        .into_iter();
    let mut enrolment_ids = store::allocate_ids(tx, "enrolments", new_enrolments)
        .await?
        .into_iter();
    let mut pupils: Vec<PupilRow> = Vec::with_capacity(new_pupils);
    let mut enrolments: Vec<EnrolmentRow> = Vec::with_capacity(new_enrolments);
    let mut created_by_bsn: HashMap<String, i64> = HashMap::new();
    let mut done = 0u64;
    for (l, act) in plan.rows {
        done += 1;
        if done.is_multiple_of(50_000) {
            progress.advance(done);
        }
        match act {
            PupilAct::Unchanged => loaded.unchanged += 1,
            PupilAct::Update {
                pupil,
                enrolment,
                set_bsn,
            } => {
                if let Some(p) = &pupil {
                    store::update_pupil(tx, p, now).await?;
                }
                if let Some(e) = &enrolment {
                    store::update_enrolment(tx, e).await?;
                }
                if let (Some(id), Some(b)) = (set_bsn, &l.bsn) {
                    let cipher = keys.encrypt("bsn", b.as_str().as_bytes());
                    store::set_bsn(tx, id, &cipher, &keys.bsn_lookup(b.as_str())).await?;
                }
                loaded.updated += 1;
            }
            PupilAct::Create { pupil } => {
                let lookup = l.bsn.as_ref().map(|b| keys.bsn_lookup(b.as_str()));
                let pupil_id = match pupil
                    .or_else(|| lookup.as_ref().and_then(|k| created_by_bsn.get(k).copied()))
                {
                    Some(id) => id,
                    None => {
                        let id = pupil_ids
                            .next()
                            .ok_or_else(|| AppError::Internal("import: ids ran out".into()))?;
                        if let Some(k) = &lookup {
                            created_by_bsn.insert(k.clone(), id);
                        }
                        pupils.push(PupilRow {
                            id,
                            given_name: l.given_name.clone(),
                            name_prefix: l.name_prefix.clone(),
                            family_name: l.family_name.clone(),
                            birth_date: l.birth_date,
                            bsn_cipher: l
                                .bsn
                                .as_ref()
                                .map(|b| keys.encrypt("bsn", b.as_str().as_bytes())),
                            bsn_lookup: lookup,
                            shares_with_guardians: true,
                            created_at: now,
                        });
                        id
                    }
                };
                let id = enrolment_ids
                    .next()
                    .ok_or_else(|| AppError::Internal("import: ids ran out".into()))?;
                enrolments.push(EnrolmentRow {
                    id,
                    pupil_id,
                    location_id: l.location_id,
                    school_id: l.school_id,
                    pupil_number: Some(l.number),
                    sector: l.sector,
                    grade: l.grade,
                    residence_municipality_id: l.residence_id,
                    start_date: l.start_date,
                    end_date: l.end_date,
                    created_at: now,
                });
                loaded.created += 1;
            }
        }
    }
    store::insert_new(tx, &pupils, &enrolments).await?;
    progress.advance(total);
    let _ = plan.invalid;
    Ok(loaded)
}

// ---------------------------------------------------------------------------
// The upload page
// ---------------------------------------------------------------------------

/// Whether this user may import files of `kind`, and for which schools:
/// organisations are the platform administrator's (the registry); pupils
/// the functional administrator's of their schools, or the platform
/// administrator's for every school.
pub fn may_import(ctx: &Ctx, kind: Kind) -> Result<Scope, AppError> {
    match kind {
        Kind::Organisations => {
            if decide(&ctx.actor, Request::ManageRegistry).is_allowed() {
                Ok(None)
            } else {
                Err(AppError::Forbidden)
            }
        }
        Kind::Pupils => scope_of(ctx),
    }
}

/// Check an uploaded file (logged) and keep it for the import, when it has
/// valid rows. Returns the report and the kept upload's id.
pub async fn check_upload(
    app: &App,
    ctx: &Ctx,
    kind: Kind,
    file_name: &str,
    bytes: &[u8],
) -> Result<(Report, Option<i64>), AppError> {
    let scope = may_import(ctx, kind)?;
    let checked = check(app, kind, bytes, &scope, &Quiet).await?;
    log_check(app, ctx, &checked.report).await?;
    let report = checked.report;
    if report.file_error || report.valid_rows == 0 {
        return Ok((report, None));
    }
    let now = app.now();
    let day_ago = Ts::new(app.clock.now() - time::Duration::days(1));
    let name: String = file_name.chars().take(200).collect();
    let mut tx = app.db.begin().await?;
    let id = store::insert_upload(
        &mut tx,
        ctx.user_id.0,
        kind.code(),
        &name,
        bytes,
        now,
        day_ago,
    )
    .await?;
    tx.commit().await?;
    Ok((report, Some(id)))
}

/// Import a kept upload of this user: checked again now (the registry may
/// have changed since), then written in `mode`; the upload is removed.
pub async fn run_upload(
    app: &App,
    ctx: &Ctx,
    upload: i64,
    mode: Mode,
) -> Result<(Kind, Loaded), AppError> {
    let kept = store::upload(&app.db, upload, ctx.user_id.0)
        .await?
        .ok_or(AppError::NotFound)?;
    let kind = Kind::from_code(&kept.kind).ok_or(AppError::NotFound)?;
    let scope = may_import(ctx, kind)?;
    let checked = check(app, kind, &kept.content, &scope, &Quiet).await?;
    let loaded = load_once(
        app,
        Importer::User(ctx),
        checked,
        mode,
        &Quiet,
        Some(upload),
    )
    .await?;
    Ok((kind, loaded))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_compare_loosely() {
        assert_eq!(normalise_header(" Leerling_Nummer "), "leerlingnummer");
        assert_eq!(normalise_header("\u{feff}BRIN"), "brin");
        assert_eq!(normalise_header("Datum inschrijving"), "datuminschrijving");
    }

    #[test]
    fn the_separator_is_found_outside_quotes() {
        assert_eq!(detect_separator(b"brin;naam;\"a,b,c\"\n"), ';');
        assert_eq!(detect_separator(b"brin,naam,\"a;b;c\"\n"), ',');
        assert_eq!(detect_separator(b"brin\n"), ';');
    }

    #[test]
    fn pupil_numbers() {
        assert!(valid_pupil_number("12345"));
        assert!(valid_pupil_number("2026-001"));
        assert!(!valid_pupil_number(""));
        assert!(!valid_pupil_number("=1+1"));
        assert!(!valid_pupil_number("123456789012345678901"));
    }

    #[test]
    fn kinds_in_dutch() {
        assert_eq!(
            org_line_kind("Zorgaanbieder"),
            Some(OrgLineKind::Org(OrgKind::CareProvider))
        );
        assert_eq!(org_line_kind("vestiging"), Some(OrgLineKind::Location));
        assert_eq!(org_line_kind("bakkerij"), None);
    }
}
