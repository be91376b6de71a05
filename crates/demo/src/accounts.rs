//! The fixed demo accounts: one or more per role, placed at the demo
//! municipality's organisations, plus a parent, a pupil and a platform admin.

use brug_app::crypto::Keys;
use brug_domain::roles::Role;
use brug_store::bulk::{MembershipRow, UserRow};
use fastrand::Rng;

use crate::DemoAccount;
use crate::pupils::pupil_id;
use crate::registry::created_at;
use crate::world::World;

/// The one password of every demo account.
pub const DEMO_PASSWORD: &str = "brug-demo-2026";

pub(crate) const PARENT_EMAIL: &str = "ouder@demo.brug.nl";

/// Where an account works.
#[derive(Debug, Clone, Copy)]
enum Place {
    PoSchool,
    VoSchool,
    Provider,
    Wijkteam,
    Jgz,
    Leerplicht,
    PoSwv,
    Municipality,
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Member(Role, Place),
    Parent,
    Pupil,
    PlatformAdmin,
}

struct Spec {
    email: &'static str,
    name: &'static str,
    role_label: &'static str,
    kind: Kind,
}

const SPECS: &[Spec] = &[
    Spec {
        email: "ib@demo.brug.nl",
        name: "Ingrid Bakker",
        role_label: "Intern begeleider",
        kind: Kind::Member(Role::Coordinator, Place::PoSchool),
    },
    Spec {
        email: "leerkracht@demo.brug.nl",
        name: "Thijs van Dam",
        role_label: "Leerkracht groep 5",
        kind: Kind::Member(Role::Teacher, Place::PoSchool),
    },
    Spec {
        email: "beheerder@demo.brug.nl",
        name: "Sander Kok",
        role_label: "Functioneel beheerder",
        kind: Kind::Member(Role::OrgAdmin, Place::PoSchool),
    },
    Spec {
        email: "privacy@demo.brug.nl",
        name: "Wendy Smit",
        role_label: "Privacyfunctionaris",
        kind: Kind::Member(Role::PrivacyOfficer, Place::PoSchool),
    },
    Spec {
        email: "zorgcoordinator@demo.brug.nl",
        name: "Karim Benali",
        role_label: "Zorgcoördinator",
        kind: Kind::Member(Role::Coordinator, Place::VoSchool),
    },
    Spec {
        email: "mentor@demo.brug.nl",
        name: "Esra Yıldız",
        role_label: "Mentor havo 5",
        kind: Kind::Member(Role::Teacher, Place::VoSchool),
    },
    Spec {
        email: "jeugdhulp@demo.brug.nl",
        name: "Marloes Visser",
        role_label: "Jeugdhulpverlener",
        kind: Kind::Member(Role::CareWorker, Place::Provider),
    },
    Spec {
        email: "wijkteam@demo.brug.nl",
        name: "Rachid Ouali",
        role_label: "Wijkteamcoach",
        kind: Kind::Member(Role::WijkteamCoach, Place::Wijkteam),
    },
    Spec {
        email: "jgz@demo.brug.nl",
        name: "Annemiek Hoekstra",
        role_label: "Jeugdverpleegkundige",
        kind: Kind::Member(Role::YouthHealth, Place::Jgz),
    },
    Spec {
        email: "leerplicht@demo.brug.nl",
        name: "Dennis Mulder",
        role_label: "Leerplichtambtenaar",
        kind: Kind::Member(Role::AttendanceOfficer, Place::Leerplicht),
    },
    Spec {
        email: "swv@demo.brug.nl",
        name: "Priya Ramdin",
        role_label: "Consulent samenwerkingsverband",
        kind: Kind::Member(Role::SwvConsultant, Place::PoSwv),
    },
    Spec {
        email: "procesbegeleider@demo.brug.nl",
        name: "Femke Jansen",
        role_label: "Procesbegeleider leernetwerk",
        kind: Kind::Member(Role::Facilitator, Place::PoSwv),
    },
    Spec {
        email: "beleid@demo.brug.nl",
        name: "Joost de Graaf",
        role_label: "Beleidsmedewerker gemeente",
        kind: Kind::Member(Role::PolicyMaker, Place::Municipality),
    },
    Spec {
        email: PARENT_EMAIL,
        name: "Sanne de Boer",
        role_label: "Ouder",
        kind: Kind::Parent,
    },
    Spec {
        email: "leerling@demo.brug.nl",
        name: "Yasmina El Amrani",
        role_label: "Leerling (16 jaar)",
        kind: Kind::Pupil,
    },
    Spec {
        email: "beheer@demo.brug.nl",
        name: "Bas Hendriks",
        role_label: "Platformbeheerder",
        kind: Kind::PlatformAdmin,
    },
];

/// The user id of the parent account (ids follow the list above).
pub(crate) fn parent_user_id() -> i64 {
    let index = SPECS
        .iter()
        .position(|s| matches!(s.kind, Kind::Parent))
        .unwrap_or(0);
    user_id(index)
}

/// The user id and name of a fixed demo account (`ib@demo.brug.nl`, ...);
/// the cases of the demo accounts are written around them.
pub(crate) fn fixed(email: &str) -> (i64, &'static str) {
    let index = SPECS.iter().position(|s| s.email == email).unwrap_or(0);
    (user_id(index), SPECS[index].name)
}

/// The number of fixed demo accounts: pool accounts take the ids after them.
pub(crate) fn fixed_count() -> usize {
    SPECS.len()
}

fn user_id(index: usize) -> i64 {
    i64::try_from(index + 1).unwrap_or(i64::MAX)
}

pub(crate) struct Built {
    pub users: Vec<UserRow>,
    pub memberships: Vec<MembershipRow>,
    pub accounts: Vec<DemoAccount>,
}

/// The account rows. Professionals and the platform admin get a TOTP secret
/// from the seed, already enabled, so they can log in with two factors.
pub(crate) fn build(world: &World, rng: &mut Rng, keys: &Keys, password_hash: &str) -> Built {
    let reg = &world.reg;
    let po_loc = &reg.locations[reg.anchors.po_location];
    let vo_loc = &reg.locations[reg.anchors.vo_location];
    let po_school = &reg.schools[po_loc.school];
    let vo_school = &reg.schools[vo_loc.school];
    let muni = &reg.municipalities[po_loc.municipality];
    let swv = &reg.swvs[muni.swv_po];
    let provider = &reg.providers[reg.anchors.provider];
    let org_name = |id: i64| {
        reg.orgs
            .iter()
            .find(|o| o.id == id)
            .map(|o| o.name.clone())
            .unwrap_or_default()
    };
    let created = created_at();
    let mut built = Built {
        users: Vec::new(),
        memberships: Vec::new(),
        accounts: Vec::new(),
    };
    for (i, spec) in SPECS.iter().enumerate() {
        let id = user_id(i);
        let professional = matches!(spec.kind, Kind::Member(..) | Kind::PlatformAdmin);
        let secret: Option<[u8; 20]> = professional.then(|| std::array::from_fn(|_| rng.u8(..)));
        let organisation = match spec.kind {
            Kind::Member(role, place) => {
                let org_id = match place {
                    Place::PoSchool => po_school.org_id,
                    Place::VoSchool => vo_school.org_id,
                    Place::Provider => provider.org_id,
                    Place::Wijkteam => muni.wijkteam_id,
                    Place::Jgz => muni.jgz_id,
                    Place::Leerplicht => muni.leerplicht_id,
                    Place::PoSwv => swv.org_id,
                    Place::Municipality => muni.org_id,
                };
                built.memberships.push(MembershipRow {
                    user_id: id,
                    org_id,
                    role,
                    created_at: created,
                });
                // The municipality's policy maker also works for its youth
                // care region, so the demo shows a region's dashboards.
                if let (Role::PolicyMaker, Place::Municipality) = (role, place)
                    && let Some(&(_, region)) =
                        reg.region_members.iter().find(|(m, _)| *m == org_id)
                {
                    built.memberships.push(MembershipRow {
                        user_id: id,
                        org_id: region,
                        role,
                        created_at: created,
                    });
                }
                org_name(org_id)
            }
            Kind::Parent => po_school.name.clone(),
            Kind::Pupil => vo_school.name.clone(),
            Kind::PlatformAdmin => "Brug (platformbeheer)".to_owned(),
        };
        built.users.push(UserRow {
            id,
            email: spec.email.to_owned(),
            name: spec.name.to_owned(),
            password_hash: Some(password_hash.to_owned()),
            platform_admin: matches!(spec.kind, Kind::PlatformAdmin),
            pupil_id: matches!(spec.kind, Kind::Pupil)
                .then(|| pupil_id(world.pupil_anchors.pupil_account as usize)),
            totp_secret_cipher: secret.map(|s| keys.encrypt("totp", &s)),
            totp_enabled: secret.is_some(),
            created_at: created,
        });
        built.accounts.push(DemoAccount {
            email: spec.email.to_owned(),
            name: spec.name.to_owned(),
            role_label: spec.role_label.to_owned(),
            organisation,
            totp_secret_base32: secret.map(|s| base32(&s)),
        });
    }
    built
}

/// RFC 4648 base32 without padding, as authenticator apps take TOTP secrets.
pub fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let mut buffer: u32 = 0;
    let mut bits = 0u32;
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((buffer >> bits) & 31) as usize]));
        }
        buffer &= (1 << bits) - 1;
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base32_matches_rfc_4648() {
        for (input, expected) in [
            ("", ""),
            ("f", "MY"),
            ("fo", "MZXQ"),
            ("foo", "MZXW6"),
            ("foob", "MZXW6YQ"),
            ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI"),
        ] {
            assert_eq!(base32(input.as_bytes()), expected);
        }
        assert_eq!(base32(&[0xff; 20]).len(), 32);
    }

    #[test]
    fn every_role_has_a_demo_account() {
        for role in Role::ALL {
            assert!(
                SPECS
                    .iter()
                    .any(|s| matches!(s.kind, Kind::Member(r, _) if r == role)),
                "no demo account for {role}"
            );
        }
        let emails: std::collections::HashSet<_> = SPECS.iter().map(|s| s.email).collect();
        assert_eq!(emails.len(), SPECS.len());
    }
}
