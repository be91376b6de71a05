//! The social map of a school and the mirror view of a care provider (S5).
//!
//! A school's page shows its fixed contact persons (youth care, wijkteam,
//! JGZ, leerplicht), its regular consultations, and the care providers
//! active at the school, derived from the case teams (never typed by hand):
//! how many distinct providers, how many of the school's pupils each, and
//! who their people in those cases are. The fragmentation figure (distinct
//! providers, and per 100 pupils with support) is shown with the RENN4
//! reference values. Counts only: no pupil's name is on this page. It is
//! for the school's own staff (`OrgAction::ViewNetwork`).
//!
//! A care provider's page is the mirror: the schools where it works (with
//! the number of its clients there) and its contacts at each school (the
//! school's coordinators and fixed contacts). For the provider's own staff.
//!
//! Reading either page is logged as one event for the organisation (no
//! pupil is named on it); changes to contacts and consultations are logged
//! as writes of the organisation.

use brug_domain::access::{Decision, OrgAction, Request, decide};
use brug_domain::audit::AuditAction;
use brug_domain::ids::OrgId;
use brug_domain::network::{
    ConsultationKind, ContactKind, providers_per_hundred_tenths, renn4_reference,
};
use brug_domain::registry::{OrgKind, Sector};
use brug_domain::text::{self, Email};
use brug_store::network::{self as store, ConsultationRow, ContactRow};
use brug_store::registry::{self, Organisation};

use crate::trail::{self, Access};
use crate::{App, AppError, Ctx, FieldErrors};

/// A provider active at the school.
#[derive(Debug, Clone)]
pub struct ProviderLine {
    pub org_id: i64,
    pub name: String,
    pub agb: Option<String>,
    /// Distinct pupils of the school with the provider in their team.
    pub pupils: i64,
    /// The provider's people in those cases ("name <email>").
    pub contacts: Vec<(String, String)>,
    /// The school names this provider as its fixed youth care contact.
    pub is_fixed_contact: bool,
}

pub struct SchoolMap {
    pub school: Organisation,
    pub contacts: Vec<ContactRow>,
    pub consultations: Vec<ConsultationRow>,
    pub providers: Vec<ProviderLine>,
    pub pupils_with_support: i64,
    /// Distinct providers per 100 pupils with support, in tenths.
    pub per_hundred_tenths: Option<u64>,
    /// RENN4's average for schools like this one (12 SO, 19 VSO).
    pub reference: Option<u32>,
    pub sectors: Vec<Sector>,
    pub can_edit: bool,
}

/// A school where the provider works.
#[derive(Debug, Clone)]
pub struct SchoolLine {
    pub school_id: i64,
    pub name: String,
    pub brin: Option<String>,
    pub pupils: i64,
    /// The school's coordinators: (name, email).
    pub coordinators: Vec<(String, String)>,
    /// The school's fixed contacts that name this provider.
    pub fixed: Vec<ContactRow>,
}

pub struct ProviderMirror {
    pub provider: Organisation,
    pub schools: Vec<SchoolLine>,
}

pub enum NetworkPage {
    School(Box<SchoolMap>),
    Provider(Box<ProviderMirror>),
}

fn may(ctx: &Ctx, org: OrgId, action: OrgAction) -> Decision {
    decide(&ctx.actor, Request::Organisation { org, action })
}

/// The network page of an organisation: a school's social map or a care
/// provider's mirror view. For the organisation's own staff only.
pub async fn page(app: &App, ctx: &Ctx, org: OrgId) -> Result<NetworkPage, AppError> {
    let decision = may(ctx, org, OrgAction::ViewNetwork);
    let o = registry::organisation(&app.db, org.0).await?;
    let decision = match (&o, decision) {
        (Some(o), d @ Decision::Allow(_))
            if matches!(o.kind, OrgKind::School | OrgKind::CareProvider) =>
        {
            d
        }
        (_, Decision::Allow(_)) => Decision::Deny(brug_domain::access::Denial::RoleNotAllowed),
        (_, d) => d,
    };
    let access = Access::new(AuditAction::Read, "network", org);
    trail::enforce(app, ctx, decision, access, AppError::Forbidden).await?;
    let o = o.ok_or(AppError::NotFound)?;
    let today = app.clock.today();
    match o.kind {
        OrgKind::School => {
            let contacts = store::contacts_of_school(&app.db, org.0).await?;
            let consultations = store::consultations_of_school(&app.db, org.0).await?;
            let rows = store::providers_at_school(&app.db, org.0, today).await?;
            let people = store::provider_contacts_at_school(&app.db, org.0, today).await?;
            let pupils_with_support = store::pupils_with_support(&app.db, org.0, today).await?;
            let sectors: Vec<Sector> = store::sectors_of_school(&app.db, org.0)
                .await?
                .iter()
                .filter_map(|s| Sector::from_code(s))
                .collect();
            let fixed: Vec<i64> = contacts
                .iter()
                .filter(|c| c.kind == ContactKind::YouthCare.code())
                .filter_map(|c| c.contact_org_id)
                .collect();
            let providers: Vec<ProviderLine> = rows
                .into_iter()
                .map(|r| ProviderLine {
                    contacts: people
                        .iter()
                        .filter(|p| p.org_id == r.org_id)
                        .map(|p| (p.name.clone(), p.email.clone()))
                        .collect(),
                    is_fixed_contact: fixed.contains(&r.org_id),
                    org_id: r.org_id,
                    name: r.name,
                    agb: r.agb,
                    pupils: r.pupils,
                })
                .collect();
            let per_hundred_tenths = providers_per_hundred_tenths(
                providers.len(),
                usize::try_from(pupils_with_support).unwrap_or(0),
            );
            Ok(NetworkPage::School(Box::new(SchoolMap {
                reference: renn4_reference(&sectors),
                can_edit: may(ctx, org, OrgAction::EditNetwork).is_allowed(),
                school: o,
                contacts,
                consultations,
                providers,
                pupils_with_support,
                per_hundred_tenths,
                sectors,
            })))
        }
        _ => {
            let rows = store::schools_of_provider(&app.db, org.0, today).await?;
            let ids: Vec<i64> = rows.iter().map(|r| r.school_id).collect();
            let coordinators = store::coordinators_of_schools(&app.db, &ids).await?;
            let fixed = store::contacts_at_org(&app.db, org.0).await?;
            let schools = rows
                .into_iter()
                .map(|r| SchoolLine {
                    coordinators: coordinators
                        .iter()
                        .filter(|c| c.school_id == r.school_id)
                        .map(|c| (c.name.clone(), c.email.clone()))
                        .collect(),
                    fixed: fixed
                        .iter()
                        .filter(|c| c.school_id == r.school_id)
                        .cloned()
                        .collect(),
                    school_id: r.school_id,
                    name: r.name,
                    brin: r.brin,
                    pupils: r.pupils,
                })
                .collect();
            Ok(NetworkPage::Provider(Box::new(ProviderMirror {
                provider: o,
                schools,
            })))
        }
    }
}

/// Decide an edit of the school's network; refusals are logged.
async fn edit_decision(
    app: &App,
    ctx: &Ctx,
    school: OrgId,
    what: &str,
) -> Result<Decision, AppError> {
    let decision = may(ctx, school, OrgAction::EditNetwork);
    let is_school = registry::organisation(&app.db, school.0)
        .await?
        .is_some_and(|o| o.kind == OrgKind::School);
    let decision = match decision {
        Decision::Allow(_) if !is_school => {
            Decision::Deny(brug_domain::access::Denial::RoleNotAllowed)
        }
        d => d,
    };
    if !decision.is_allowed() {
        trail::record(
            app,
            ctx,
            &decision,
            Access::new(AuditAction::Update, what, school),
        )
        .await?;
        return Err(AppError::Forbidden);
    }
    Ok(decision)
}

/// What the contact form sends.
#[derive(Debug, Clone, Default)]
pub struct ContactForm {
    pub kind: String,
    /// The organisation by its BRIN, AGB or CBS code (optional).
    pub org_code: String,
    /// The person (or desk); empty with `remove`.
    pub name: String,
    pub phone: String,
    pub email: String,
    pub remove: bool,
}

/// Set (or remove) the school's fixed contact of one kind.
pub async fn save_contact(
    app: &App,
    ctx: &Ctx,
    school: OrgId,
    form: &ContactForm,
) -> Result<(), AppError> {
    let decision = edit_decision(app, ctx, school, "school_contact").await?;
    let mut errors = FieldErrors::default();
    let Some(kind) = ContactKind::from_code(&form.kind) else {
        errors.add("kind", "error-choose-option");
        return Err(AppError::Invalid(errors));
    };
    let now = app.now();
    if form.remove {
        let mut tx = app.db.begin().await?;
        store::delete_contact(&mut tx, school.0, kind.code()).await?;
        let mut access = Access::new(AuditAction::Update, "school_contact", school);
        access.fields = vec![format!("{}=removed", kind.code())];
        trail::append_in_tx(app, ctx, &mut tx, &decision, access).await?;
        tx.commit().await?;
        return Ok(());
    }
    let org = if form.org_code.trim().is_empty() {
        None
    } else {
        match registry::organisation_by_code(&app.db, &form.org_code.trim().to_uppercase()).await? {
            Some(o) => Some(o.id),
            None => {
                errors.add("org_code", "error-org-unknown");
                None
            }
        }
    };
    let name = text::clean_text(&form.name, text::NAME)
        .map_err(|e| errors.add_with("name", e.message_id(), e.message_args()))
        .ok();
    let phone = text::clean_optional(
        &form.phone,
        text::FieldLimits {
            min_chars: 0,
            max_chars: 30,
        },
    )
    .map_err(|e| errors.add_with("phone", e.message_id(), e.message_args()))
    .ok()
    .flatten();
    let email = if form.email.trim().is_empty() {
        None
    } else {
        Email::parse(&form.email)
            .map_err(|e| errors.add_with("email", e.message_id(), e.message_args()))
            .ok()
            .map(|e| e.as_str().to_owned())
    };
    errors.into_result()?;
    let name = name.ok_or_else(|| AppError::Internal("validated fields missing".into()))?;
    let mut tx = app.db.begin().await?;
    store::upsert_contact(
        &mut tx,
        &store::NewContact {
            school_id: school.0,
            kind: kind.code().into(),
            contact_org_id: org,
            name,
            phone,
            email,
            updated_by_user_id: Some(ctx.user_id.0),
        },
        now,
    )
    .await?;
    let mut access = Access::new(AuditAction::Update, "school_contact", school);
    access.fields = vec![kind.code().to_owned()];
    trail::append_in_tx(app, ctx, &mut tx, &decision, access).await?;
    tx.commit().await?;
    Ok(())
}

/// What the consultation form sends.
#[derive(Debug, Clone, Default)]
pub struct ConsultationForm {
    pub kind: String,
    pub name: String,
    pub every_weeks: String,
    pub attendees: String,
    pub next_on: String,
}

/// Add a regular consultation (e.g. the ondersteuningsteam every 6 weeks).
pub async fn add_consultation(
    app: &App,
    ctx: &Ctx,
    school: OrgId,
    form: &ConsultationForm,
) -> Result<i64, AppError> {
    let decision = edit_decision(app, ctx, school, "school_consultation").await?;
    let mut errors = FieldErrors::default();
    let kind = ConsultationKind::from_code(&form.kind);
    if kind.is_none() {
        errors.add("kind", "error-choose-option");
    }
    let name = text::clean_text(&form.name, text::SHORT_TEXT)
        .map_err(|e| errors.add_with("name", e.message_id(), e.message_args()))
        .ok();
    let every = match form.every_weeks.trim().parse::<i64>() {
        Ok(n) if (1..=52).contains(&n) => Some(n),
        _ => {
            errors.add("every_weeks", "error-network-every-weeks");
            None
        }
    };
    let attendees = text::clean_text(&form.attendees, text::SHORT_TEXT)
        .map_err(|e| errors.add_with("attendees", e.message_id(), e.message_args()))
        .ok();
    let next_on = if form.next_on.trim().is_empty() {
        Some(None)
    } else {
        match text::parse_dutch_date(&form.next_on) {
            Ok(d) => Some(Some(d)),
            Err(e) => {
                errors.add_with("next_on", e.message_id(), e.message_args());
                None
            }
        }
    };
    errors.into_result()?;
    let (Some(kind), Some(name), Some(every), Some(attendees), Some(next_on)) =
        (kind, name, every, attendees, next_on)
    else {
        return Err(AppError::Internal("validated fields missing".into()));
    };
    let mut tx = app.db.begin().await?;
    let id = store::insert_consultation(
        &mut tx,
        &store::NewConsultation {
            school_id: school.0,
            kind: kind.code().into(),
            name,
            every_weeks: every,
            attendees,
            next_on,
            updated_by_user_id: Some(ctx.user_id.0),
        },
        app.now(),
    )
    .await?;
    let mut access = Access::new(AuditAction::Create, "school_consultation", id);
    access.fields = vec![format!("school={}", school.0)];
    trail::append_in_tx(app, ctx, &mut tx, &decision, access).await?;
    tx.commit().await?;
    Ok(id)
}

/// Remove a consultation of the school.
pub async fn remove_consultation(
    app: &App,
    ctx: &Ctx,
    school: OrgId,
    id: i64,
) -> Result<(), AppError> {
    let decision = edit_decision(app, ctx, school, "school_consultation").await?;
    let mut tx = app.db.begin().await?;
    if !store::delete_consultation(&mut tx, school.0, id).await? {
        return Err(AppError::NotFound);
    }
    let mut access = Access::new(AuditAction::Delete, "school_consultation", id);
    access.fields = vec![format!("school={}", school.0)];
    trail::append_in_tx(app, ctx, &mut tx, &decision, access).await?;
    tx.commit().await?;
    Ok(())
}

/// Which S5 pages an organisation's page links to for this user (the pages
/// themselves check again and log).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OrgLinks {
    pub network: bool,
    pub handovers: bool,
    pub swv_overview: bool,
    pub exports: bool,
}

pub fn links(ctx: &Ctx, org: &registry::Organisation) -> OrgLinks {
    let id = OrgId(org.id);
    let school = org.kind == OrgKind::School;
    let coordinator = ctx
        .actor
        .has_role_at(id, brug_domain::roles::Role::Coordinator);
    OrgLinks {
        network: matches!(org.kind, OrgKind::School | OrgKind::CareProvider)
            && may(ctx, id, OrgAction::ViewNetwork).is_allowed(),
        handovers: school && coordinator,
        swv_overview: org.kind == OrgKind::Swv
            && may(ctx, id, OrgAction::ViewHandovers).is_allowed(),
        exports: school && may(ctx, id, OrgAction::ExportLists).is_allowed(),
    }
}

/// The school's fixed contact at youth care, suggested when the team of one
/// of its cases grows (only to those who may add members).
pub async fn youth_care_contact(
    app: &App,
    case: &crate::cases::CaseView,
) -> Result<Option<brug_store::network::ContactRow>, AppError> {
    if !case.can_manage_team {
        return Ok(None);
    }
    Ok(
        brug_store::network::contacts_of_school(&app.db, case.school_id)
            .await?
            .into_iter()
            .find(|c| c.kind == brug_domain::network::ContactKind::YouthCare.code()),
    )
}
