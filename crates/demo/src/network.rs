//! The social map of the demo schools (S5): the fixed contacts at youth
//! care, the wijkteam and JGZ, and the regular consultations, for the
//! schools of the demo coordinators. The care providers on the map are
//! derived from the case teams, so they need nothing here.

use brug_store::network::{self, NewConsultation, NewContact};
use brug_store::{Db, StoreError, Ts, users};
use time::Duration;

use crate::pupils::REFERENCE_DATE;

/// The demo account whose organisation and name a fixed contact names.
struct Contact {
    kind: &'static str,
    account: &'static str,
    phone: &'static str,
}

const CONTACTS: &[Contact] = &[
    Contact {
        kind: "youth_care",
        account: "jeugdhulp@demo.brug.nl",
        phone: "030-2001000",
    },
    Contact {
        kind: "wijkteam",
        account: "wijkteam@demo.brug.nl",
        phone: "030-2002000",
    },
    Contact {
        kind: "jgz",
        account: "jgz@demo.brug.nl",
        phone: "030-2003000",
    },
    Contact {
        kind: "leerplicht",
        account: "leerplicht@demo.brug.nl",
        phone: "030-2004000",
    },
];

/// (kind, name, every so many weeks, who attends, first meeting in days).
const CONSULTATIONS: &[(&str, &str, i64, &str, i64)] = &[
    (
        "support_team",
        "Ondersteuningsteam",
        6,
        "intern begeleider, jeugdhulp, JGZ, leerplicht, ouders waar het hun kind betreft",
        9,
    ),
    (
        "wijkteam",
        "Overleg met het wijkteam",
        4,
        "intern begeleider en wijkteamcoach",
        16,
    ),
    (
        "swv",
        "Consultatie samenwerkingsverband",
        8,
        "intern begeleider en consulent passend onderwijs",
        30,
    ),
];

async fn org_and_user(db: &Db, email: &str) -> Result<Option<(i64, i64, String)>, StoreError> {
    let Some(user) = users::user_by_email(db, email).await? else {
        return Ok(None);
    };
    Ok(users::memberships(db, user.id)
        .await?
        .first()
        .map(|m| (m.org_id, user.id, user.name.clone())))
}

/// Write the social map of the schools of the demo coordinators.
pub(crate) async fn add_social_map(db: &Db) -> Result<(), StoreError> {
    let now = Ts::new(REFERENCE_DATE.midnight().assume_utc());
    let mut tx = db.begin().await?;
    for coordinator in ["ib@demo.brug.nl", "zorgcoordinator@demo.brug.nl"] {
        let Some((school, by, _)) = org_and_user(db, coordinator).await? else {
            continue;
        };
        for c in CONTACTS {
            let Some((org, _, name)) = org_and_user(db, c.account).await? else {
                continue;
            };
            network::upsert_contact(
                &mut tx,
                &NewContact {
                    school_id: school,
                    kind: c.kind.into(),
                    contact_org_id: Some(org),
                    name,
                    phone: Some(c.phone.into()),
                    email: Some(c.account.into()),
                    updated_by_user_id: Some(by),
                },
                now,
            )
            .await?;
        }
        for (kind, name, every_weeks, attendees, first_in) in CONSULTATIONS {
            network::insert_consultation(
                &mut tx,
                &NewConsultation {
                    school_id: school,
                    kind: (*kind).into(),
                    name: (*name).into(),
                    every_weeks: *every_weeks,
                    attendees: (*attendees).into(),
                    next_on: Some(REFERENCE_DATE + Duration::days(*first_in)),
                    updated_by_user_id: Some(by),
                },
                now,
            )
            .await?;
        }
    }
    tx.commit().await
}
