//! The daily retention job: carry out approved erasure requests, anonymise
//! what has been kept long enough, delete anonymised records the monitor no
//! longer computes, and leave a report (record ids only, no names).
//!
//! The rules are in [`brug_domain::retention`]; the periods in
//! [`crate::Settings::retention`]. Every anonymisation is an audited delete
//! of personal data, written in the same transaction as the change; the
//! actor is the job itself. A dry run does all of it inside one transaction
//! that is rolled back, so its report is exact and nothing changes.

use std::collections::HashMap;
use std::sync::Weak;
use std::time::Duration;

use brug_domain::audit::{AuditAction, AuditActor, AuditEvent, AuditOrigin, Outcome};
use brug_domain::ids::PupilId;
use brug_domain::monitor::Period;
use brug_domain::retention::{CaseFacts, PupilFacts, RetentionPolicy, expired};
use brug_domain::rights::{RecordCategory, retained_until};
use brug_store::Tx;
use brug_store::retention as store;
use serde::Serialize;
use time::Date;

use crate::{App, AppError};

/// How many records one transaction handles.
const BATCH: usize = 200;

/// A case the run anonymised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseDone {
    pub case_id: i64,
    pub pupil_id: i64,
    /// The retention category whose period ran out, or `None` when an
    /// erasure request asked for it.
    pub category: Option<RecordCategory>,
    pub kept_until: Option<Date>,
    pub request_id: Option<i64>,
}

/// A pupil whose own record the run anonymised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PupilDone {
    pub pupil_id: i64,
    pub kept_until: Option<Date>,
    pub request_id: Option<i64>,
}

/// An erasure request the run carried out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestDone {
    pub request_id: i64,
    pub pupil_id: Option<i64>,
    pub case_id: Option<i64>,
    /// The whole file was asked for, but the pupil is still enrolled: the
    /// school must keep the registration (name, enrolment) by law, so only
    /// the cases were erased.
    pub registration_kept: bool,
}

/// What one run did (or, in a dry run, would do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub dry_run: bool,
    pub today: Date,
    /// Anonymised records whose dates all lie before this day are deleted
    /// (the first day the monitor still computes).
    pub delete_before: Date,
    pub requests: Vec<RequestDone>,
    pub cases: Vec<CaseDone>,
    pub pupils: Vec<PupilDone>,
    pub cases_deleted: u64,
    pub pupils_deleted: u64,
}

/// The first day of the first month the monitor still computes.
fn monitor_start(today: Date) -> Date {
    match crate::monitor::window(today).first() {
        Some(Period::Month { year, month }) => time::Month::try_from(*month)
            .ok()
            .and_then(|m| Date::from_calendar_date(i32::from(*year), m, 1).ok())
            .unwrap_or(today),
        _ => today,
    }
}

fn years_before(today: Date, years: i32) -> Date {
    // One day of slack: `retained_until` of anything later is not yet past.
    retained_until(today, -years).next_day().unwrap_or(today)
}

fn event(app: &App, pupil: i64, resource: &str, id: i64, basis: String) -> AuditEvent {
    AuditEvent {
        occurred_at: app.clock.now(),
        actor: AuditActor {
            user: None,
            name: "Brug retention job".into(),
            role: Some("system".into()),
            org: None,
        },
        pupil: Some(PupilId(pupil)),
        action: AuditAction::Delete,
        resource_type: resource.into(),
        resource_id: Some(id.to_string()),
        fields: vec!["anonymised".into()],
        origin: AuditOrigin {
            session: None,
            ip: None,
            user_agent: Some("brug retention".into()),
        },
        basis,
        outcome: Outcome::Allowed,
        break_glass: false,
    }
}

/// The transactions of one run: one per step for a real run, a single one
/// that is rolled back for a dry run.
struct Writer<'a> {
    app: &'a App,
    dry: Option<Tx>,
}

impl Writer<'_> {
    async fn begin(&mut self) -> Result<Tx, AppError> {
        match self.dry.take() {
            Some(tx) => Ok(tx),
            None => Ok(self.app.db.begin().await?),
        }
    }

    async fn end(&mut self, tx: Tx, dry_run: bool) -> Result<(), AppError> {
        if dry_run {
            self.dry = Some(tx);
        } else {
            tx.commit().await?;
        }
        Ok(())
    }
}

/// Run the retention job once.
pub async fn run(app: &App, dry_run: bool) -> Result<Report, AppError> {
    let policy: RetentionPolicy = app.settings.retention;
    let started = app.now();
    let today = app.clock.today();
    let now = app.now();
    let mut w = Writer { app, dry: None };
    if dry_run {
        w.dry = Some(app.db.begin().await?);
    }
    let mut report = Report {
        dry_run,
        today,
        delete_before: monitor_start(today),
        requests: Vec::new(),
        cases: Vec::new(),
        pupils: Vec::new(),
        cases_deleted: 0,
        pupils_deleted: 0,
    };

    // 1. Approved erasure requests whose day has come.
    for request in brug_store::rights::erasures_due(&app.db, today, 1000).await? {
        let mut tx = w.begin().await?;
        let mut done = RequestDone {
            request_id: request.id,
            pupil_id: request.pupil_id,
            case_id: request.case_id,
            registration_kept: false,
        };
        if let Some(pupil) = request.pupil_id {
            let cases = match request.case_id {
                Some(case) => vec![case],
                None => store::cases_of_pupil(&app.db, pupil).await?,
            };
            let basis = format!("erasure_request:{}", request.id);
            for case in cases {
                store::close_for_erasure(&mut tx, case, today, now).await?;
                if store::anonymise_case(&mut tx, case, now).await? {
                    brug_store::audit::append_in_tx(
                        &mut tx,
                        &[event(app, pupil, "case", case, basis.clone())],
                    )
                    .await?;
                    report.cases.push(CaseDone {
                        case_id: case,
                        pupil_id: pupil,
                        category: None,
                        kept_until: None,
                        request_id: Some(request.id),
                    });
                }
            }
            if request.case_id.is_none() {
                if store::is_enrolled(&app.db, pupil, today).await? {
                    done.registration_kept = true;
                } else if store::anonymise_pupil(&mut tx, pupil, now).await? {
                    brug_store::audit::append_in_tx(
                        &mut tx,
                        &[event(app, pupil, "pupil", pupil, basis.clone())],
                    )
                    .await?;
                    report.pupils.push(PupilDone {
                        pupil_id: pupil,
                        kept_until: None,
                        request_id: Some(request.id),
                    });
                }
            }
        }
        store::mark_executed(&mut tx, request.id, now).await?;
        w.end(tx, dry_run).await?;
        report.requests.push(done);
    }

    // 2. Cases kept long enough.
    let shortest = policy.school_file_years.min(policy.youth_care_years);
    let candidates = store::case_candidates(&app.db, today, years_before(today, shortest)).await?;
    let done_by_request: std::collections::HashSet<i64> =
        report.cases.iter().map(|c| c.case_id).collect();
    let mut anonymised_per_pupil: HashMap<i64, i64> = HashMap::new();
    let expired_cases: Vec<(store::CaseCandidate, RecordCategory, Option<Date>)> = candidates
        .into_iter()
        .filter(|c| !done_by_request.contains(&c.id))
        .filter_map(|c| {
            let facts = CaseFacts {
                closed_on: c.closed_on,
                youth_care_involved: c.youth_care_involved,
                pupil_left_on: c.pupil_left_on,
            };
            let until = policy.case_kept_until(&facts);
            let category = RetentionPolicy::case_category(&facts);
            expired(until, today).then_some((c, category, until))
        })
        .collect();
    for chunk in expired_cases.chunks(BATCH) {
        let mut tx = w.begin().await?;
        for (c, category, until) in chunk {
            if store::anonymise_case(&mut tx, c.id, now).await? {
                let basis = format!("retention:{}", category.code());
                brug_store::audit::append_in_tx(
                    &mut tx,
                    &[event(app, c.pupil_id, "case", c.id, basis)],
                )
                .await?;
                *anonymised_per_pupil.entry(c.pupil_id).or_default() += 1;
                report.cases.push(CaseDone {
                    case_id: c.id,
                    pupil_id: c.pupil_id,
                    category: Some(*category),
                    kept_until: *until,
                    request_id: None,
                });
            }
        }
        w.end(tx, dry_run).await?;
    }

    // 3. Pupils whose own record has been kept long enough (and whose cases
    // are all anonymised, counting those of this run).
    let longest = policy.school_file_years.max(policy.absence_years);
    let pupils = store::pupil_candidates(&app.db, today, years_before(today, longest)).await?;
    let done_pupils: std::collections::HashSet<i64> =
        report.pupils.iter().map(|p| p.pupil_id).collect();
    let expired_pupils: Vec<(i64, Option<Date>)> = pupils
        .into_iter()
        .filter(|p| !done_pupils.contains(&p.id))
        .filter_map(|p| {
            let kept = p.cases_kept - anonymised_per_pupil.get(&p.id).copied().unwrap_or(0);
            let facts = PupilFacts {
                left_on: p.left_on,
                cases_kept: usize::try_from(kept.max(0)).unwrap_or(0),
            };
            let until = policy.pupil_kept_until(&facts);
            expired(until, today).then_some((p.id, until))
        })
        .collect();
    for chunk in expired_pupils.chunks(BATCH) {
        let mut tx = w.begin().await?;
        for (pupil, until) in chunk {
            if store::anonymise_pupil(&mut tx, *pupil, now).await? {
                let basis = format!("retention:{}", RecordCategory::AbsenceAndEnrolment.code());
                brug_store::audit::append_in_tx(
                    &mut tx,
                    &[event(app, *pupil, "pupil", *pupil, basis)],
                )
                .await?;
                report.pupils.push(PupilDone {
                    pupil_id: *pupil,
                    kept_until: *until,
                    request_id: None,
                });
            }
        }
        w.end(tx, dry_run).await?;
    }

    // 4. Anonymised records the monitor no longer computes.
    let mut tx = w.begin().await?;
    report.cases_deleted = store::delete_anonymised_cases(&mut tx, report.delete_before).await?;
    report.pupils_deleted =
        store::delete_anonymised_pupils(&mut tx, today, report.delete_before).await?;
    w.end(tx, dry_run).await?;
    if let Some(tx) = w.dry.take() {
        drop(tx); // rolled back: a dry run changes nothing
    }

    let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    store::insert_run(
        &app.db,
        &store::NewRun {
            started_at: started,
            finished_at: app.now(),
            dry_run,
            cases_anonymised: count(report.cases.len()),
            pupils_anonymised: count(report.pupils.len()),
            cases_deleted: i64::try_from(report.cases_deleted).unwrap_or(i64::MAX),
            pupils_deleted: i64::try_from(report.pupils_deleted).unwrap_or(i64::MAX),
            requests_executed: count(report.requests.len()),
            report: serde_json::to_string(&report)
                .map_err(|e| AppError::Internal(e.to_string()))?,
        },
    )
    .await?;
    Ok(report)
}

/// Run the job once a day while the app lives (a run within the last 20
/// hours, by any process sharing the database, counts).
pub async fn run_daily(app: Weak<App>) {
    loop {
        let Some(strong) = app.upgrade() else { return };
        let due = match store::last_real_run(&strong.db).await {
            Ok(Some(last)) => strong.now().get() - last.get() > time::Duration::hours(20),
            Ok(None) => true,
            Err(e) => {
                tracing::warn!(error = %e, "retention: could not read the last run");
                false
            }
        };
        if due {
            match run(&strong, false).await {
                Ok(r) => tracing::info!(
                    requests = r.requests.len(),
                    cases_anonymised = r.cases.len(),
                    pupils_anonymised = r.pupils.len(),
                    cases_deleted = r.cases_deleted,
                    pupils_deleted = r.pupils_deleted,
                    "retention run done"
                ),
                Err(e) => tracing::warn!(error = %e, "retention run failed; will retry"),
            }
        }
        drop(strong);
        tokio::time::sleep(Duration::from_secs(3600)).await;
    }
}

/// The latest runs, for the report page and the CLI.
pub async fn recent_runs(app: &App, limit: i64) -> Result<Vec<store::RunRow>, AppError> {
    Ok(store::recent_runs(&app.db, limit).await?)
}

/// The ends of the periods for display: category, years, legal source id.
pub fn periods(policy: &RetentionPolicy) -> Vec<(RecordCategory, i32)> {
    vec![
        (RecordCategory::SchoolPupilFile, policy.school_file_years),
        (RecordCategory::AbsenceAndEnrolment, policy.absence_years),
        (RecordCategory::YouthCareFile, policy.youth_care_years),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_monitor_start_is_august_of_the_previous_school_year() {
        assert_eq!(monitor_start(date!(2026 - 11 - 25)), date!(2025 - 08 - 01));
        assert_eq!(monitor_start(date!(2026 - 07 - 31)), date!(2024 - 08 - 01));
    }

    #[test]
    fn years_before_leaves_no_expired_record_out() {
        // A record kept until yesterday has expired today; its start lies
        // before the cut-off the query uses.
        let today = date!(2026 - 11 - 25);
        let start = date!(2006 - 11 - 23);
        assert!(retained_until(start, 20) < today);
        assert!(start < years_before(today, 20));
    }
}
