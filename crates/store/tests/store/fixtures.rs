//! Builders shared by the test modules: organisations, schools with a
//! location, pupils with an enrolment, users, audit events.

use brug_domain::audit::{AuditAction, AuditActor, AuditEvent, AuditOrigin, Outcome};
use brug_domain::ids::{OrgId, PupilId, UserId};
use brug_domain::registry::{OrgKind, Sector};
use brug_store::registry::{self, NewEnrolment, NewOrganisation, NewPupil, NewSchoolLocation};
use brug_store::users::{self, NewUser};
use brug_store::{Db, Ts};
use time::macros::{date, datetime};
use time::{Date, Duration};

/// The moment every test lives in; with microseconds, so precision loss shows.
pub fn now() -> Ts {
    Ts::new(datetime!(2026-11-25 10:15:30.123456 UTC))
}

/// `now()` moved by whole seconds (negative: earlier).
pub fn now_plus(seconds: i64) -> Ts {
    Ts::new(now().get() + Duration::seconds(seconds))
}

pub fn today() -> Date {
    date!(2026 - 11 - 25)
}

/// Insert one organisation in its own transaction.
pub async fn organisation(db: &Db, org: NewOrganisation) -> i64 {
    let mut tx = db.begin().await.expect("begin");
    let id = registry::insert_organisation(&mut tx, &org, now())
        .await
        .expect("insert organisation");
    tx.commit().await.expect("commit");
    id
}

pub async fn municipality(db: &Db, cbs_code: &str, name: &str) -> i64 {
    organisation(
        db,
        NewOrganisation {
            cbs_code: Some(cbs_code.into()),
            ..NewOrganisation::new(OrgKind::Municipality, name)
        },
    )
    .await
}

/// A school with one location, in one municipality.
#[derive(Debug, Clone, Copy)]
pub struct School {
    pub municipality: i64,
    pub school: i64,
    pub location: i64,
}

/// A school (BRIN `brin`) in a new municipality, with one location `{brin}00`.
pub async fn school(db: &Db, brin: &str, name: &str) -> School {
    let municipality = municipality(db, &format!("GM{}", &brin[..4]), "Utrecht").await;
    let school = organisation(
        db,
        NewOrganisation {
            brin: Some(brin.into()),
            municipality_id: Some(municipality),
            ..NewOrganisation::new(OrgKind::School, name)
        },
    )
    .await;
    let location = location(db, school, municipality, &format!("{brin}00"), name).await;
    School {
        municipality,
        school,
        location,
    }
}

/// Another location of a school.
pub async fn location(db: &Db, school: i64, municipality: i64, brin: &str, name: &str) -> i64 {
    let mut tx = db.begin().await.expect("begin");
    let id = registry::insert_location(
        &mut tx,
        &NewSchoolLocation {
            school_id: school,
            brin: brin.into(),
            name: name.into(),
            city: "Utrecht".into(),
            sector: Sector::Po,
            municipality_id: municipality,
            swv_id: None,
        },
        now(),
    )
    .await
    .expect("insert location");
    tx.commit().await.expect("commit");
    id
}

pub fn new_pupil(given: &str, prefix: Option<&str>, family: &str, birth: Date) -> NewPupil {
    NewPupil {
        given_name: given.into(),
        name_prefix: prefix.map(Into::into),
        family_name: family.into(),
        birth_date: birth,
        bsn_cipher: None,
        bsn_lookup: None,
    }
}

pub async fn insert_pupil(db: &Db, pupil: &NewPupil) -> i64 {
    let mut tx = db.begin().await.expect("begin");
    let id = registry::insert_pupil(&mut tx, pupil, now())
        .await
        .expect("insert pupil");
    tx.commit().await.expect("commit");
    id
}

/// An enrolment at `location` of `school`, starting 2025-08-25.
pub fn new_enrolment(
    pupil: i64,
    school: &School,
    location: i64,
    grade: &str,
    end: Option<Date>,
) -> NewEnrolment {
    NewEnrolment {
        pupil_id: pupil,
        location_id: location,
        school_id: school.school,
        pupil_number: None,
        sector: Sector::Po,
        grade: grade.into(),
        residence_municipality_id: school.municipality,
        start_date: date!(2025 - 08 - 25),
        end_date: end,
    }
}

pub async fn insert_enrolment(db: &Db, enrolment: &NewEnrolment) -> i64 {
    let mut tx = db.begin().await.expect("begin");
    let id = registry::insert_enrolment(&mut tx, enrolment, now())
        .await
        .expect("insert enrolment");
    tx.commit().await.expect("commit");
    id
}

/// A pupil enrolled at the school's first location in `grade`, until `end` (open if `None`).
pub async fn pupil_at(
    db: &Db,
    school: &School,
    (given, prefix, family): (&str, Option<&str>, &str),
    birth: Date,
    grade: &str,
    end: Option<Date>,
) -> i64 {
    let id = insert_pupil(db, &new_pupil(given, prefix, family, birth)).await;
    insert_enrolment(db, &new_enrolment(id, school, school.location, grade, end)).await;
    id
}

pub fn new_user(email: &str, name: &str) -> NewUser {
    NewUser {
        email: email.into(),
        name: name.into(),
        password_hash: None,
        platform_admin: false,
        pupil_id: None,
    }
}

pub async fn user(db: &Db, email: &str) -> i64 {
    let mut tx = db.begin().await.expect("begin");
    let id = users::insert_user(&mut tx, &new_user(email, "Test Gebruiker"), now())
        .await
        .expect("insert user");
    tx.commit().await.expect("commit");
    id
}

/// An audit event with every optional field set; `n` varies the time and resource.
pub fn event(n: i64) -> AuditEvent {
    AuditEvent {
        occurred_at: datetime!(2026-11-25 10:00:00.000001 UTC) + Duration::seconds(n),
        actor: AuditActor {
            user: Some(UserId(7)),
            name: "Fatima El Amrani".into(),
            role: Some("coordinator".into()),
            org: Some(OrgId(3)),
        },
        pupil: Some(PupilId(42)),
        action: AuditAction::Read,
        resource_type: "pupil".into(),
        resource_id: Some(n.to_string()),
        fields: vec!["given_name".into(), "birth_date".into()],
        origin: AuditOrigin {
            session: Some("s-1f3a".into()),
            ip: Some("192.0.2.10".into()),
            user_agent: Some("Firefox/140".into()),
        },
        basis: "legal_task:school_pupil_file:org:3".into(),
        outcome: Outcome::Allowed,
        break_glass: false,
    }
}
