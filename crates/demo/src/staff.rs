//! The professionals who sit in case teams: a pool of accounts per
//! organisation (support coordinators and teachers per school location, care
//! workers per provider, wijkteam coaches, JGZ nurses and attendance officers
//! per municipality, consultants per partnership), and which care providers
//! are active at each school location.
//!
//! Pool accounts have no password (they cannot log in): they exist so every
//! seat in a case team is a real user with a real membership, at any scale,
//! without hashing a password per account. The fixed demo accounts
//! (`ib@demo.brug.nl`, ...) are not in the pools; they sit in the cases of
//! their own school and municipality (module `scripted`).
//!
//! Providers per location follow the fragmentation the sources report
//! (RENN4): a special-needs school deals with about 12 (SO) to 19 (VSO) care
//! providers, a regular school with fewer. A case picks its provider from the
//! location's set with falling weights, so a few providers do most of the
//! work and a long tail does a little.

use std::ops::Range;

use brug_domain::access::LegalTask;
use brug_domain::cases::Party;
use brug_domain::registry::OrgKind;
use brug_domain::roles::Role;
use brug_store::bulk::{MembershipRow, UserRow};
use fastrand::Rng;

use crate::names::{self, Family, Given, Origin};
use crate::registry::{Profile, created_at};
use crate::world::World;

/// A pool account.
#[derive(Debug, Clone)]
pub(crate) struct Person {
    pub user_id: i64,
    pub name: String,
    pub org_id: i64,
    pub role: Role,
    /// A zorgcoördinator or mentor (secondary and vocational schools).
    pub secondary: bool,
}

pub(crate) fn party_of(role: Role) -> Party {
    match role {
        Role::Coordinator | Role::Teacher => Party::School,
        Role::CareWorker | Role::YouthHealth => Party::Care,
        Role::WijkteamCoach | Role::AttendanceOfficer => Party::Municipality,
        Role::SwvConsultant => Party::Swv,
        _ => Party::Other,
    }
}

pub(crate) fn legal_task_of(role: Role) -> LegalTask {
    match role {
        Role::AttendanceOfficer => LegalTask::CompulsoryEducation,
        Role::SwvConsultant => LegalTask::PassendOnderwijs,
        Role::CareWorker | Role::WijkteamCoach | Role::YouthHealth => LegalTask::YouthCare,
        _ => LegalTask::SchoolPupilFile,
    }
}

/// Every pool account, grouped by where it works.
pub(crate) struct Staff {
    pub people: Vec<Person>,
    /// Per school location.
    pub coordinators: Vec<Range<u32>>,
    pub teachers: Vec<Range<u32>>,
    /// Per care provider.
    pub care_workers: Vec<Range<u32>>,
    /// Per municipality.
    pub wijkteam: Vec<Range<u32>>,
    pub jgz: Vec<Range<u32>>,
    pub leerplicht: Vec<Range<u32>>,
    /// Per partnership.
    pub swv: Vec<Range<u32>>,
    /// Indices of the providers active at each location, the busiest first.
    pub location_providers: Vec<Vec<u32>>,
    /// Organisation names by id (ids are 1, 2, ...).
    pub org_names: Vec<String>,
}

impl Staff {
    /// One person of a group, chosen at random.
    pub(crate) fn pick(&self, rng: &mut Rng, group: &Range<u32>) -> Option<&Person> {
        if group.is_empty() {
            return None;
        }
        self.people.get(rng.u32(group.clone()) as usize)
    }

    pub(crate) fn org_name(&self, org_id: i64) -> &str {
        usize::try_from(org_id - 1)
            .ok()
            .and_then(|i| self.org_names.get(i))
            .map_or("", String::as_str)
    }

    pub(crate) fn users(&self) -> Vec<UserRow> {
        let created = created_at();
        self.people
            .iter()
            .map(|p| {
                let given = p.name.split(' ').next().unwrap_or("");
                let family = p.name.split_once(' ').map_or("", |(_, f)| f);
                UserRow {
                    id: p.user_id,
                    email: format!(
                        "{}.{}.{}@{}",
                        names::ascii_slug(given),
                        names::ascii_slug(family),
                        p.user_id,
                        domain(p.role)
                    ),
                    name: p.name.clone(),
                    password_hash: None,
                    platform_admin: false,
                    pupil_id: None,
                    totp_secret_cipher: None,
                    totp_enabled: false,
                    created_at: created,
                }
            })
            .collect()
    }

    pub(crate) fn memberships(&self) -> Vec<MembershipRow> {
        let created = created_at();
        self.people
            .iter()
            .map(|p| MembershipRow {
                user_id: p.user_id,
                org_id: p.org_id,
                role: p.role,
                created_at: created,
            })
            .collect()
    }
}

/// The partnership (index) a location belongs to; none for MBO.
pub(crate) fn swv_of(
    reg: &crate::registry::Registry,
    loc: &crate::registry::Location,
) -> Option<usize> {
    let muni = &reg.municipalities[loc.municipality];
    match loc.profile {
        Profile::Po | Profile::Sbo | Profile::So { .. } => Some(muni.swv_po),
        Profile::Vo(_) | Profile::Vso { .. } => Some(muni.swv_vo),
        Profile::Mbo => None,
    }
}

fn domain(role: Role) -> &'static str {
    match role {
        Role::Coordinator | Role::Teacher => "school.demo.brug.nl",
        Role::CareWorker => "zorg.demo.brug.nl",
        Role::SwvConsultant => "swv.demo.brug.nl",
        _ => "gemeente.demo.brug.nl",
    }
}

struct Builder<'a> {
    rng: &'a mut Rng,
    people: Vec<Person>,
    first_id: i64,
}

impl Builder<'_> {
    fn add(&mut self, n: usize, org_id: i64, role: Role, secondary: bool) -> Range<u32> {
        let start = u32::try_from(self.people.len()).unwrap_or(u32::MAX);
        for _ in 0..n {
            let origin = Origin::pick(self.rng);
            let gender = names::pick_gender(self.rng);
            let given = Given::adult(self.rng, origin, gender).text();
            let family = names::family_display(Family::pick(self.rng, origin), gender);
            let user_id = self.first_id + i64::try_from(self.people.len()).unwrap_or(0);
            self.people.push(Person {
                user_id,
                name: format!("{given} {family}"),
                org_id,
                role,
                secondary,
            });
        }
        start..u32::try_from(self.people.len()).unwrap_or(u32::MAX)
    }
}

/// Decide the pool for a world; the accounts take the ids from `first_id` on.
pub(crate) fn build(world: &World, rng: &mut Rng, first_id: i64) -> Staff {
    let reg = &world.reg;
    let mut residents = vec![0usize; reg.municipalities.len()];
    let mut per_location = vec![0usize; reg.locations.len()];
    for p in &world.pupils {
        if let Some(r) = residents.get_mut(p.residence as usize) {
            *r += 1;
        }
        per_location[p.location as usize] += 1;
    }
    let mut swv_pupils = vec![0usize; reg.swvs.len()];
    for (l, loc) in reg.locations.iter().enumerate() {
        if let Some(s) = swv_of(reg, loc)
            && let Some(n) = swv_pupils.get_mut(s)
        {
            *n += per_location[l];
        }
    }
    let mut b = Builder {
        rng,
        people: Vec::new(),
        first_id,
    };

    let mut coordinators = Vec::with_capacity(reg.locations.len());
    let mut teachers = Vec::with_capacity(reg.locations.len());
    for (l, loc) in reg.locations.iter().enumerate() {
        let school = reg.schools[loc.school].org_id;
        let pupils = per_location[l];
        let secondary = matches!(
            loc.profile,
            Profile::Vo(_) | Profile::Vso { .. } | Profile::Mbo
        );
        let n = match loc.profile {
            Profile::Po | Profile::Sbo | Profile::So { .. } => 1 + usize::from(pupils > 350),
            Profile::Vso { .. } => 1,
            Profile::Vo(_) | Profile::Mbo => 1 + pupils / 700,
        };
        coordinators.push(b.add(n.min(4), school, Role::Coordinator, secondary));
        let t = (2 + pupils / 150).min(8);
        teachers.push(b.add(t, school, Role::Teacher, secondary));
    }

    let mut care_workers = Vec::with_capacity(reg.providers.len());
    for p in &reg.providers {
        let n = match b.rng.u8(0..100) {
            0..=49 => b.rng.usize(1..=3),
            50..=84 => b.rng.usize(3..=6),
            _ => b.rng.usize(6..=12),
        };
        care_workers.push(b.add(n, p.org_id, Role::CareWorker, false));
    }

    let mut wijkteam = Vec::with_capacity(reg.municipalities.len());
    let mut jgz = Vec::with_capacity(reg.municipalities.len());
    let mut leerplicht = Vec::with_capacity(reg.municipalities.len());
    for (m, muni) in reg.municipalities.iter().enumerate() {
        let r = residents[m];
        wijkteam.push(b.add(
            (2 + r / 1_500).min(60),
            muni.wijkteam_id,
            Role::WijkteamCoach,
            false,
        ));
        jgz.push(b.add(
            (1 + r / 8_000).min(15),
            muni.jgz_id,
            Role::YouthHealth,
            false,
        ));
        leerplicht.push(b.add(
            (1 + r / 10_000).min(15),
            muni.leerplicht_id,
            Role::AttendanceOfficer,
            false,
        ));
    }
    let mut swv = Vec::with_capacity(reg.swvs.len());
    for (s, partnership) in reg.swvs.iter().enumerate() {
        let n = (2 + swv_pupils[s] / 10_000).min(12);
        swv.push(b.add(n, partnership.org_id, Role::SwvConsultant, false));
    }
    let people = b.people;

    // Providers by the municipality they are based in.
    let muni_of_org: std::collections::HashMap<i64, usize> = reg
        .municipalities
        .iter()
        .enumerate()
        .map(|(i, m)| (m.org_id, i))
        .collect();
    let mut by_muni: Vec<Vec<u32>> = vec![Vec::new(); reg.municipalities.len()];
    for (i, p) in reg.providers.iter().enumerate() {
        let row = &reg.orgs[usize::try_from(p.org_id - 1).unwrap_or(0)];
        debug_assert_eq!(row.kind, OrgKind::CareProvider);
        if let Some(&m) = row.municipality_id.and_then(|id| muni_of_org.get(&id)) {
            by_muni[m].push(u32::try_from(i).unwrap_or(u32::MAX));
        }
    }
    let all: Vec<u32> = (0..u32::try_from(reg.providers.len()).unwrap_or(0)).collect();
    let mut location_providers = Vec::with_capacity(reg.locations.len());
    for (l, loc) in reg.locations.iter().enumerate() {
        let n = match loc.profile {
            Profile::Po => rng.usize(3..=7),
            Profile::Sbo => rng.usize(8..=12),
            Profile::So { .. } => rng.usize(10..=14),
            Profile::Vso { .. } => rng.usize(16..=22),
            Profile::Vo(_) => rng.usize(6..=12),
            Profile::Mbo => rng.usize(8..=14),
        };
        let muni = &reg.municipalities[loc.municipality];
        let mut candidates: Vec<u32> = muni
            .group
            .clone()
            .flat_map(|m| by_muni[m].iter().copied())
            .collect();
        rng.shuffle(&mut candidates);
        // Providers of the own municipality first: they are the busiest.
        candidates.sort_by_key(|&p| u8::from(!by_muni[loc.municipality].contains(&p)));
        candidates.truncate(n);
        while candidates.len() < n.min(all.len()) {
            let p = all[rng.usize(0..all.len())];
            if !candidates.contains(&p) {
                candidates.push(p);
            }
        }
        if l == reg.anchors.po_location || l == reg.anchors.vo_location {
            let anchor = u32::try_from(reg.anchors.provider).unwrap_or(0);
            candidates.retain(|&p| p != anchor);
            candidates.insert(0, anchor);
        }
        location_providers.push(candidates);
    }

    Staff {
        people,
        coordinators,
        teachers,
        care_workers,
        wijkteam,
        jgz,
        leerplicht,
        swv,
        location_providers,
        org_names: reg.orgs.iter().map(|o| o.name.clone()).collect(),
    }
}
