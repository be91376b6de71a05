//! Pupils: a school's list and one pupil's file.

use brug_domain::access::{
    Basis, Decision, Denial, LegalTask, OrgAction, PupilAction, PupilFacts, Request, SeatBasis,
    TeamSeat, decide,
};
use brug_domain::audit::AuditAction;
use brug_domain::codes::Bsn;
use brug_domain::ids::{ConsentId, OrgId, PupilId, UserId};
use brug_domain::registry::{Sector, age_on, display_name};
use brug_store::cases;
use brug_store::registry::{self, PupilQuery};
use time::Date;

use crate::trail::{self, Access};
use crate::{App, AppError, Ctx};

/// One line of a pupil list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PupilListItem {
    pub id: PupilId,
    pub name: String,
    pub birth_date: Date,
    pub age: u8,
    pub location: String,
    pub sector: Sector,
    pub grade: String,
}

#[derive(Debug, Clone)]
pub struct PupilList {
    pub school: OrgId,
    pub school_name: String,
    pub items: Vec<PupilListItem>,
    pub total: i64,
}

/// The pupils enrolled now at a school; for its support coordinators only.
pub async fn list_for_school(
    app: &App,
    ctx: &Ctx,
    school: OrgId,
    query: &PupilQuery,
) -> Result<PupilList, AppError> {
    let decision = decide(
        &ctx.actor,
        Request::Organisation {
            org: school,
            action: OrgAction::ListPupils,
        },
    );
    let access = Access::new(AuditAction::Read, "pupil_list", school);
    trail::enforce(app, ctx, decision, access, AppError::NotFound).await?;
    let org = registry::organisation(&app.db, school.0)
        .await?
        .ok_or(AppError::NotFound)?;
    let today = app.clock.today();
    let page = registry::pupils_of_school(&app.db, school.0, today, query).await?;
    Ok(PupilList {
        school,
        school_name: org.name,
        total: page.total,
        items: page
            .rows
            .into_iter()
            .map(|r| PupilListItem {
                id: PupilId(r.id),
                name: display_name(&r.given_name, r.name_prefix.as_deref(), &r.family_name),
                age: age_on(r.birth_date, today),
                birth_date: r.birth_date,
                location: r.location_name,
                sector: r.sector,
                grade: r.grade,
            })
            .collect(),
    })
}

/// A pupil's registry data, loaded once per request, with the facts the
/// policy decides on.
pub(crate) struct Loaded {
    pub pupil: registry::Pupil,
    pub enrolments: Vec<registry::EnrolmentDetail>,
    pub guardians: Vec<registry::Guardian>,
    pub facts: PupilFacts,
}

/// Load a pupil's data and facts, or `None` if there is no such pupil.
pub(crate) async fn load(app: &App, pupil: PupilId) -> Result<Option<Loaded>, AppError> {
    let Some(p) = registry::pupil(&app.db, pupil.0).await? else {
        return Ok(None);
    };
    let today = app.clock.today();
    let enrolments = registry::enrolment_details(&app.db, pupil.0).await?;
    let guardians = registry::guardians_of_pupil(&app.db, pupil.0).await?;
    let facts = PupilFacts {
        pupil,
        age: age_on(p.birth_date, today),
        schools: enrolments
            .iter()
            .filter(|e| e.start_date <= today && e.end_date.is_none_or(|end| end >= today))
            .map(|e| OrgId(e.school_id))
            .collect(),
        team: seats(app, pupil, today).await?,
        guardians: guardians
            .iter()
            .filter_map(|g| g.user_id.map(UserId))
            .collect(),
        shares_with_guardians: p.shares_with_guardians,
    };
    Ok(Some(Loaded {
        pupil: p,
        enrolments,
        guardians,
        facts,
    }))
}

/// The facts the policy needs about a pupil, or `None` if there is no such pupil.
pub(crate) async fn facts(app: &App, pupil: PupilId) -> Result<Option<PupilFacts>, AppError> {
    Ok(load(app, pupil).await?.map(|l| l.facts))
}

/// Team seats with a basis the policy can use; seats with an unknown legal
/// task or a consent seat without its consent are dropped (no basis, no access).
async fn seats(app: &App, pupil: PupilId, today: Date) -> Result<Vec<TeamSeat>, AppError> {
    let rows = cases::team_seats_of_pupil(&app.db, pupil.0, today).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let basis = match (r.basis.as_str(), r.consent_id, r.legal_task.as_deref()) {
                ("consent", Some(id), _) => SeatBasis::Consent {
                    consent: ConsentId(id),
                },
                ("legal_task", _, Some(task)) => SeatBasis::LegalTask {
                    task: LegalTask::from_code(task)?,
                },
                _ => return None,
            };
            Some(TeamSeat {
                user: UserId(r.user_id),
                basis,
                is_lead: r.is_lead,
            })
        })
        .collect())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrolmentView {
    pub school: String,
    pub location: String,
    pub brin: String,
    pub sector: Sector,
    pub grade: String,
    pub pupil_number: Option<String>,
    pub residence: String,
    pub start_date: Date,
    pub end_date: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardianView {
    pub name: String,
    pub relation: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone)]
pub struct PupilDetail {
    pub id: PupilId,
    pub name: String,
    pub birth_date: Date,
    pub age: u8,
    /// Only the last digits, and only for those who may see registry data.
    pub bsn_masked: Option<String>,
    pub enrolments: Vec<EnrolmentView>,
    pub guardians: Vec<GuardianView>,
    /// On what ground this user sees the file.
    pub basis: Basis,
    /// The pupil's cases, for those who may see support data.
    pub cases: Vec<cases::CaseRow>,
}

/// One pupil's file. Anyone without a relation to the pupil gets
/// `NotFound`, whether the pupil exists or not; the attempt is logged.
/// `break_glass` carries the typed reason of an emergency access.
pub async fn detail(
    app: &App,
    ctx: &Ctx,
    pupil: PupilId,
    break_glass: Option<&str>,
) -> Result<PupilDetail, AppError> {
    let loaded = load(app, pupil).await?;
    let unknown = PupilFacts {
        pupil,
        age: 0,
        schools: Vec::new(),
        team: Vec::new(),
        guardians: Vec::new(),
        shares_with_guardians: false,
    };
    let facts = loaded.as_ref().map_or(&unknown, |l| &l.facts);
    // A pupil that does not exist cannot be opened, not even with the glass
    // broken (the refusal is logged like any other).
    let decision = if loaded.is_some() {
        decide(
            &ctx.actor,
            Request::Pupil {
                facts,
                action: PupilAction::ViewRegistry,
                break_glass,
            },
        )
    } else {
        Decision::Deny(Denial::NoRelation)
    };
    // The cases are support data: listed only for who may see support data.
    let sees_support = decide(
        &ctx.actor,
        Request::Pupil {
            facts,
            action: PupilAction::ViewSupport,
            break_glass,
        },
    )
    .is_allowed();
    let access = Access::new(AuditAction::Read, "pupil", pupil).of_pupil(pupil);
    let basis = trail::enforce(app, ctx, decision, access, AppError::NotFound).await?;
    let Loaded {
        pupil: p,
        enrolments,
        guardians,
        facts,
    } = loaded.ok_or(AppError::NotFound)?;
    let cases = if sees_support {
        cases::cases_of_pupil(&app.db, pupil.0).await?
    } else {
        Vec::new()
    };
    let bsn_masked = p
        .bsn_cipher
        .as_deref()
        .and_then(|sealed| app.keys().decrypt("bsn", sealed))
        .and_then(|plain| String::from_utf8(plain).ok())
        .and_then(|s| Bsn::parse(&s).ok())
        .map(|b| b.masked());
    Ok(PupilDetail {
        id: pupil,
        name: display_name(&p.given_name, p.name_prefix.as_deref(), &p.family_name),
        birth_date: p.birth_date,
        age: facts.age,
        bsn_masked,
        enrolments: enrolments
            .into_iter()
            .map(|e| EnrolmentView {
                school: e.school_name,
                location: e.location_name,
                brin: e.brin,
                sector: e.sector,
                grade: e.grade,
                pupil_number: e.pupil_number,
                residence: e.residence_name,
                start_date: e.start_date,
                end_date: e.end_date,
            })
            .collect(),
        guardians: guardians
            .into_iter()
            .map(|g| GuardianView {
                name: g.name,
                relation: g.relation,
                email: g.email,
                phone: g.phone,
            })
            .collect(),
        basis,
        cases,
    })
}

/// The children (or own file) a family account may open, with their names;
/// each name shown is an access to the child's registry data and is logged.
pub async fn family_files(app: &App, ctx: &Ctx) -> Result<Vec<(PupilId, String)>, AppError> {
    let mut ids: Vec<PupilId> = ctx.actor.guardian_of.clone();
    ids.extend(ctx.actor.own_pupil);
    let mut out = Vec::new();
    for pupil in ids {
        let Some(facts) = facts(app, pupil).await? else {
            continue;
        };
        let decision = decide(
            &ctx.actor,
            Request::Pupil {
                facts: &facts,
                action: PupilAction::ViewRegistry,
                break_glass: None,
            },
        );
        // Only names shown are accesses; a file the family may no longer
        // open (a young person of 16+ who does not share) is not attempted.
        if decision.is_allowed() {
            let access = Access::new(AuditAction::Read, "pupil_name", pupil).of_pupil(pupil);
            trail::record(app, ctx, &decision, access).await?;
            if let Some(p) = registry::pupil(&app.db, pupil.0).await? {
                out.push((
                    pupil,
                    display_name(&p.given_name, p.name_prefix.as_deref(), &p.family_name),
                ));
            }
        }
    }
    Ok(out)
}
