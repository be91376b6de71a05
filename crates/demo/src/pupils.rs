//! Pupils, their guardians and their enrolments.
//!
//! Planning ([`plan`]) decides every pupil compactly (indices into the name
//! tables, a grade, a birth date that fits the grade); the stages then turn
//! the plan into rows batch by batch ([`PupilBatches`], [`GuardianBatches`],
//! [`EnrolmentBatches`]), each with its own random stream, so a stage can be
//! changed without changing the data of the others.

use std::collections::HashSet;
use std::sync::Arc;

use brug_app::crypto::Keys;
use brug_domain::codes::Bsn;
use brug_domain::registry::age_on;
use brug_store::bulk::{EnrolmentRow, GuardianRow, PupilRow};
use fastrand::Rng;
use time::macros::date;
use time::{Date, Duration, Month};

use crate::names::{self, Family, Gender, Given, Origin};
use crate::registry::{Profile, Registry, VoProfile, created_at, weighted};
use crate::world::World;

/// The reference date of the demo world: the start of school year 2026/27.
/// Ages, grades and dates are relative to it, never to the clock.
pub const REFERENCE_DATE: Date = date!(2026 - 09 - 01);

/// The end of the previous school year.
const LAST_YEAR_END: Date = date!(2026 - 07 - 31);

/// Rows per batch handed from the generator to the writer.
pub(crate) const BATCH: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Track {
    VmboBb,
    VmboKb,
    VmboGl,
    VmboTl,
    Havo,
    Vwo,
    Pro,
}

impl Track {
    fn label(self) -> &'static str {
        match self {
            Track::VmboBb => "vmbo-bb",
            Track::VmboKb => "vmbo-kb",
            Track::VmboGl => "vmbo-gl",
            Track::VmboTl => "vmbo-tl",
            Track::Havo => "havo",
            Track::Vwo => "vwo",
            Track::Pro => "praktijkonderwijs",
        }
    }

    fn years(self) -> u8 {
        match self {
            Track::Havo | Track::Pro => 5,
            Track::Vwo => 6,
            _ => 4,
        }
    }
}

/// A pupil's grade (leerjaar, groep, level).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Grade {
    Groep(u8),
    So { cluster: u8 },
    Vso { cluster: u8, route: u8 },
    Vo { track: Track, year: u8 },
    Mbo { level: u8, bbl: bool, year: u8 },
}

impl Grade {
    pub(crate) fn label(self) -> String {
        match self {
            Grade::Groep(g) => format!("groep {g}"),
            Grade::So { cluster } => format!("SO cluster {cluster}"),
            Grade::Vso { cluster, route } => {
                let route = match route {
                    0 => "vervolgonderwijs",
                    1 => "arbeidsmarkt",
                    _ => "dagbesteding",
                };
                format!("VSO cluster {cluster}, uitstroom {route}")
            }
            Grade::Vo { track, year } => format!("{} {year}", track.label()),
            Grade::Mbo { level, bbl, .. } => {
                format!("MBO niveau {level}, {}", if bbl { "BBL" } else { "BOL" })
            }
        }
    }
}

/// One pupil, decided but not yet written.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PupilPlan {
    pub location: u32,
    /// Index of the municipality the pupil lives in.
    pub residence: u32,
    pub birth: Date,
    pub given: Given,
    pub family: Family,
    pub grade: Grade,
    /// The first eight digits of the BSN (the ninth is the check digit).
    pub bsn: Option<u32>,
    /// Left the school: the enrolment has ended.
    pub left: bool,
    pub shares_with_guardians: bool,
}

impl PupilPlan {
    pub(crate) fn gender(&self) -> Gender {
        self.given.gender
    }

    pub(crate) fn age(&self) -> u8 {
        age_on(self.birth, REFERENCE_DATE)
    }

    pub(crate) fn bsn(&self) -> Option<Bsn> {
        self.bsn.and_then(Bsn::from_first_eight)
    }
}

/// The pupils the demo accounts need.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PupilAnchors {
    /// Two children of the parent account at the IB's school: 8 and 13 years old.
    pub parent_children: [u32; 2],
    /// The pupil account: 16, havo 5 at the zorgcoördinator's school.
    pub pupil_account: u32,
}

/// The parent account's family name and the names of its children.
pub(crate) const PARENT_FAMILY: (&str, &str) = ("de", "Boer");

/// Decide every pupil, location by location.
pub(crate) fn plan(rng: &mut Rng, reg: &Registry) -> (Vec<PupilPlan>, PupilAnchors) {
    let total = reg.locations.last().map_or(0, |l| l.pupils.end as usize);
    let mut pupils = Vec::with_capacity(total);
    let mut bsns = HashSet::new();
    for (l, loc) in reg.locations.iter().enumerate() {
        let muni = &reg.municipalities[loc.municipality];
        let neighbour_chance = match loc.profile {
            Profile::Po => 8,
            Profile::Sbo => 25,
            Profile::So { .. } | Profile::Vso { .. } => 45,
            Profile::Vo(_) => 30,
            Profile::Mbo => 50,
        };
        for _ in loc.pupils.clone() {
            let (grade, age) = grade_and_age(rng, loc.profile);
            let birth = birth_for_age(rng, age);
            let origin = Origin::pick(rng);
            let gender = names::pick_gender(rng);
            let given = Given::child(rng, origin, gender);
            let family = Family::pick(rng, origin);
            let residence = if rng.u8(0..100) < neighbour_chance {
                rng.usize(muni.group.clone())
            } else {
                loc.municipality
            };
            let bsn = rng.bool().then(|| unique_bsn(rng, &mut bsns));
            let left = rng.u16(0..1000) < 15;
            let shares_with_guardians = age < 16 || rng.u8(0..100) >= 10;
            pupils.push(PupilPlan {
                location: u32::try_from(l).unwrap_or(u32::MAX),
                residence: u32::try_from(residence).unwrap_or(u32::MAX),
                birth,
                given,
                family,
                grade,
                bsn,
                left,
                shares_with_guardians,
            });
        }
    }

    // The demo family at the IB's school, and the pupil account.
    let po = &reg.locations[reg.anchors.po_location].pupils;
    let vo = &reg.locations[reg.anchors.vo_location].pupils;
    let anchors = PupilAnchors {
        parent_children: [po.start, po.start + 1],
        pupil_account: vo.start,
    };
    let de_boer = Family::find(Origin::Dutch, PARENT_FAMILY.0, PARENT_FAMILY.1);
    let fixed = [
        (
            anchors.parent_children[0],
            Given::find(Origin::Dutch, Gender::Female, "Noor"),
            de_boer,
            Grade::Groep(5),
            date!(2018 - 05 - 14),
        ),
        (
            anchors.parent_children[1],
            Given::find(Origin::Dutch, Gender::Male, "Daan"),
            de_boer,
            Grade::Groep(8),
            date!(2013 - 04 - 03),
        ),
        (
            anchors.pupil_account,
            Given::find(Origin::Moroccan, Gender::Female, "Yasmina"),
            Family::find(Origin::Moroccan, "El", "Amrani"),
            Grade::Vo {
                track: Track::Havo,
                year: 5,
            },
            date!(2010 - 03 - 21),
        ),
    ];
    for (index, given, family, grade, birth) in fixed {
        if let Some(p) = pupils.get_mut(index as usize) {
            if let (Some(given), Some(family)) = (given, family) {
                p.given = given;
                p.family = family;
            }
            p.grade = grade;
            p.birth = birth;
            p.left = false;
            p.shares_with_guardians = true;
            p.residence =
                u32::try_from(reg.locations[p.location as usize].municipality).unwrap_or(u32::MAX);
        }
    }
    (pupils, anchors)
}

fn unique_bsn(rng: &mut Rng, used: &mut HashSet<u32>) -> u32 {
    loop {
        let n = rng.u32(10_000_000..70_000_000);
        if Bsn::from_first_eight(n).is_some() && used.insert(n) {
            return n;
        }
    }
}

/// A grade fitting the location, and the age (on the reference date) that goes with it.
fn grade_and_age(rng: &mut Rng, profile: Profile) -> (Grade, u8) {
    match profile {
        Profile::Po => {
            let g = rng.u8(1..=8);
            let late = u8::from(g >= 3 && rng.u8(0..100) < 4);
            (Grade::Groep(g), g + 3 + late)
        }
        Profile::Sbo => {
            let g = 3 + u8::try_from(weighted(rng, &[1.0, 1.0, 2.0, 2.0, 3.0, 3.0])).unwrap_or(0);
            let late = u8::from(rng.u8(0..100) < 30);
            (Grade::Groep(g), g + 3 + late)
        }
        Profile::So { cluster } => (Grade::So { cluster }, rng.u8(4..=12)),
        Profile::Vso { cluster } => {
            let age = 12
                + u8::try_from(weighted(rng, &[3.0, 3.0, 3.0, 3.0, 3.0, 2.0, 1.0, 1.0]))
                    .unwrap_or(0);
            let route = match cluster {
                3 => rng.u8(1..=2),
                _ => rng.u8(0..=2),
            };
            (Grade::Vso { cluster, route }, age)
        }
        Profile::Vo(vo) => {
            let weights: [f64; 7] = match vo {
                VoProfile::Broad => [8.0, 10.0, 6.0, 16.0, 32.0, 28.0, 0.0],
                VoProfile::Vmbo => [25.0, 30.0, 10.0, 35.0, 0.0, 0.0, 0.0],
                VoProfile::Lyceum => [0.0, 0.0, 0.0, 0.0, 55.0, 45.0, 0.0],
                VoProfile::Gymnasium => [0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0],
                VoProfile::Praktijk => [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0],
            };
            let track = [
                Track::VmboBb,
                Track::VmboKb,
                Track::VmboGl,
                Track::VmboTl,
                Track::Havo,
                Track::Vwo,
                Track::Pro,
            ][weighted(rng, &weights)];
            let year = rng.u8(1..=track.years());
            let age = match rng.u8(0..100) {
                0 => 10 + year,
                1..=8 => 12 + year,
                _ => 11 + year,
            };
            (Grade::Vo { track, year }, age)
        }
        Profile::Mbo => {
            let level = 1 + u8::try_from(weighted(rng, &[5.0, 20.0, 25.0, 50.0])).unwrap_or(3);
            let bbl = rng.u8(0..100) < 20;
            let year = rng.u8(1..=level.clamp(2, 4));
            let extra = match rng.u8(0..100) {
                0..=59 => 0,
                60..=84 => 1,
                85..=94 => 2,
                _ => rng.u8(3..=8),
            } + if bbl { rng.u8(0..=6) } else { 0 };
            (Grade::Mbo { level, bbl, year }, 15 + year + extra)
        }
    }
}

/// A birth date for someone `age` years old on the reference date.
fn birth_for_age(rng: &mut Rng, age: u8) -> Date {
    let year = REFERENCE_DATE.year() - i32::from(age);
    let latest = Date::from_calendar_date(year, Month::September, 1).unwrap_or(REFERENCE_DATE);
    let earliest =
        Date::from_calendar_date(year - 1, Month::September, 2).unwrap_or(REFERENCE_DATE);
    let span = (latest - earliest).whole_days();
    earliest + Duration::days(rng.i64(0..=span))
}

fn birthday(birth: Date, years: i32) -> Date {
    let year = birth.year() + years;
    birth
        .replace_year(year)
        .or_else(|_| Date::from_calendar_date(year, Month::March, 1))
        .unwrap_or(birth)
}

fn august_first(year: i32) -> Date {
    Date::from_calendar_date(year, Month::August, 1).unwrap_or(REFERENCE_DATE)
}

fn between(rng: &mut Rng, from: Date, to: Date) -> Date {
    if to <= from {
        return from;
    }
    from + Duration::days(rng.i64(0..=(to - from).whole_days()))
}

// ---------------------------------------------------------------------------
// Stages
// ---------------------------------------------------------------------------

/// Pupil rows, with the BSN encrypted and its lookup hash.
pub(crate) struct PupilBatches {
    world: Arc<World>,
    keys: Keys,
    next: usize,
}

impl PupilBatches {
    pub(crate) fn new(world: Arc<World>, keys: Keys) -> Self {
        Self {
            world,
            keys,
            next: 0,
        }
    }
}

impl Iterator for PupilBatches {
    type Item = Vec<PupilRow>;

    fn next(&mut self) -> Option<Vec<PupilRow>> {
        let pupils = &self.world.pupils;
        if self.next >= pupils.len() {
            return None;
        }
        let end = (self.next + BATCH).min(pupils.len());
        let created = created_at();
        let rows = (self.next..end)
            .map(|i| {
                let p = &pupils[i];
                let (prefix, family) = p.family.parts(p.gender());
                let bsn = p.bsn();
                PupilRow {
                    id: pupil_id(i),
                    given_name: p.given.text().to_owned(),
                    name_prefix: prefix.map(str::to_owned),
                    family_name: family,
                    birth_date: p.birth,
                    bsn_cipher: bsn
                        .as_ref()
                        .map(|b| self.keys.encrypt("bsn", b.as_str().as_bytes())),
                    bsn_lookup: bsn.as_ref().map(|b| self.keys.bsn_lookup(b.as_str())),
                    shares_with_guardians: p.shares_with_guardians,
                    created_at: created,
                }
            })
            .collect();
        self.next = end;
        Some(rows)
    }
}

pub(crate) fn pupil_id(index: usize) -> i64 {
    i64::try_from(index + 1).unwrap_or(i64::MAX)
}

/// One or two guardians per pupil: parents mostly, sometimes a carer or a guardian (voogd).
pub(crate) struct GuardianBatches {
    world: Arc<World>,
    rng: Rng,
    next: usize,
    next_id: i64,
    parent_user_id: i64,
}

impl GuardianBatches {
    pub(crate) fn new(world: Arc<World>, rng: Rng, parent_user_id: i64) -> Self {
        Self {
            world,
            rng,
            next: 0,
            next_id: 1,
            parent_user_id,
        }
    }

    fn push(&mut self, rows: &mut Vec<GuardianRow>, pupil: usize, g: NewGuardian) {
        rows.push(GuardianRow {
            id: self.next_id,
            pupil_id: pupil_id(pupil),
            name: g.name,
            relation: g.relation.to_owned(),
            email: g.email,
            phone: g.phone,
            user_id: g.user_id,
            created_at: created_at(),
        });
        self.next_id += 1;
    }

    fn person(
        &mut self,
        origin: Origin,
        gender: Gender,
        family: Option<Family>,
    ) -> (String, String) {
        let rng = &mut self.rng;
        let given = Given::adult(rng, origin, gender).text();
        let family = family.unwrap_or_else(|| Family::pick(rng, origin));
        let (prefix, name) = family.parts(gender);
        let full = brug_domain::registry::display_name(given, prefix, &name);
        let mut slug = format!(
            "{}.{}{}",
            names::ascii_slug(given),
            names::ascii_slug(prefix.unwrap_or("")),
            names::ascii_slug(&name)
        );
        if rng.u8(0..100) < 30 {
            slug.push_str(&rng.u8(1..100).to_string());
        }
        (full, slug)
    }

    fn contact(&mut self, slug: &str) -> (Option<String>, Option<String>) {
        let email = (self.rng.u8(0..100) < 88).then(|| format!("{slug}@voorbeeld.nl"));
        let phone = (self.rng.u8(0..100) < 93)
            .then(|| format!("06-{}", self.rng.u32(10_000_000..70_000_000)));
        (email, phone)
    }

    fn guardian(
        &mut self,
        relation: &'static str,
        origin: Origin,
        gender: Gender,
        family: Option<Family>,
    ) -> NewGuardian {
        let (name, slug) = self.person(origin, gender, family);
        let (email, phone) = self.contact(&slug);
        NewGuardian {
            name,
            relation,
            email,
            phone,
            user_id: None,
        }
    }
}

struct NewGuardian {
    name: String,
    relation: &'static str,
    email: Option<String>,
    phone: Option<String>,
    user_id: Option<i64>,
}

impl Iterator for GuardianBatches {
    type Item = Vec<GuardianRow>;

    fn next(&mut self) -> Option<Vec<GuardianRow>> {
        let world = Arc::clone(&self.world);
        let pupils = &world.pupils;
        if self.next >= pupils.len() {
            return None;
        }
        let end = (self.next + BATCH).min(pupils.len());
        let mut rows = Vec::with_capacity((end - self.next) * 2);
        for (i, p) in pupils.iter().enumerate().take(end).skip(self.next) {
            let index = u32::try_from(i).unwrap_or(u32::MAX);
            if world.pupil_anchors.parent_children.contains(&index) {
                // The parent account (mother) and the father of the demo family.
                self.push(
                    &mut rows,
                    i,
                    NewGuardian {
                        name: "Sanne de Boer".to_owned(),
                        relation: "moeder",
                        email: Some(crate::accounts::PARENT_EMAIL.to_owned()),
                        phone: Some("06-12345678".to_owned()),
                        user_id: Some(self.parent_user_id),
                    },
                );
                self.push(
                    &mut rows,
                    i,
                    NewGuardian {
                        name: "Mark de Boer".to_owned(),
                        relation: "vader",
                        email: Some("mark.deboer@voorbeeld.nl".to_owned()),
                        phone: Some("06-23456789".to_owned()),
                        user_id: None,
                    },
                );
                continue;
            }
            let origin = p.family.origin;
            let mother_family = if self.rng.u8(0..100) < 55 {
                None
            } else {
                Some(p.family)
            };
            let set: Vec<NewGuardian> = match self.rng.u8(0..100) {
                0..=71 => vec![
                    self.guardian("moeder", origin, Gender::Female, mother_family),
                    self.guardian("vader", origin, Gender::Male, Some(p.family)),
                ],
                72..=87 => vec![self.guardian("moeder", origin, Gender::Female, mother_family)],
                88..=93 => vec![self.guardian("vader", origin, Gender::Male, Some(p.family))],
                94..=97 => {
                    let gender = names::pick_gender(&mut self.rng);
                    let mut set = vec![self.guardian("verzorger", Origin::Dutch, gender, None)];
                    if self.rng.bool() {
                        set.push(self.guardian("moeder", origin, Gender::Female, mother_family));
                    }
                    set
                }
                _ => {
                    let gender = names::pick_gender(&mut self.rng);
                    vec![self.guardian("voogd", Origin::Dutch, gender, None)]
                }
            };
            for g in set {
                self.push(&mut rows, i, g);
            }
        }
        self.next = end;
        Some(rows)
    }
}

/// Current enrolments, the earlier school of pupils who just changed school
/// (PO to VO, VO to MBO, regular to special), and ended ones of pupils who left.
pub(crate) struct EnrolmentBatches {
    world: Arc<World>,
    rng: Rng,
    next: usize,
    next_id: i64,
    /// Last pupil number handed out per school.
    numbers: Vec<u32>,
}

impl EnrolmentBatches {
    pub(crate) fn new(world: Arc<World>, rng: Rng) -> Self {
        let schools = world.reg.schools.len();
        Self {
            world,
            rng,
            next: 0,
            next_id: 1,
            numbers: vec![0; schools],
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        rows: &mut Vec<EnrolmentRow>,
        pupil: usize,
        location: usize,
        grade: Grade,
        residence: usize,
        start: Date,
        end: Option<Date>,
    ) {
        let reg = &self.world.reg;
        let loc = &reg.locations[location];
        self.numbers[loc.school] += 1;
        rows.push(EnrolmentRow {
            id: self.next_id,
            pupil_id: pupil_id(pupil),
            location_id: loc.id,
            school_id: reg.schools[loc.school].org_id,
            pupil_number: Some(format!("{:06}", self.numbers[loc.school])),
            sector: loc.profile.sector(),
            grade: grade.label(),
            residence_municipality_id: reg.municipalities[residence].org_id,
            start_date: start,
            end_date: end,
            created_at: created_at(),
        });
        self.next_id += 1;
    }
}

impl Iterator for EnrolmentBatches {
    type Item = Vec<EnrolmentRow>;

    fn next(&mut self) -> Option<Vec<EnrolmentRow>> {
        let world = Arc::clone(&self.world);
        let pupils = &world.pupils;
        if self.next >= pupils.len() {
            return None;
        }
        let end = (self.next + BATCH).min(pupils.len());
        let mut rows = Vec::with_capacity((end - self.next) * 11 / 10);
        for (i, p) in pupils.iter().enumerate().take(end).skip(self.next) {
            let residence = p.residence as usize;
            let rng = &mut self.rng;
            let fourth = birthday(p.birth, 4);
            let last_day = REFERENCE_DATE - Duration::days(1);
            let mover = rng.u8(0..100) < 8;
            let start = match p.grade {
                Grade::Groep(_)
                    if world.reg.locations[p.location as usize].profile == Profile::Sbo =>
                {
                    between(
                        rng,
                        birthday(p.birth, 6).max(fourth),
                        last_day - Duration::days(20),
                    )
                }
                Grade::Groep(_) if mover => between(rng, fourth, last_day),
                Grade::Groep(_) => fourth,
                Grade::So { .. } => between(rng, fourth, last_day),
                Grade::Vso { .. } => {
                    let back = rng.i32(0..=i32::from(p.age().saturating_sub(12)).min(6));
                    august_first(2026 - back)
                }
                Grade::Vo { year, .. } => {
                    let first = august_first(2026 - i32::from(year) + 1);
                    if mover {
                        between(rng, first, last_day)
                    } else {
                        first
                    }
                }
                Grade::Mbo { year, .. } => august_first(2026 - i32::from(year) + 1),
            };
            // The school before, for pupils who changed school this summer
            // or were referred to special education.
            let previous: Option<(usize, Grade, Date, Date)> = match p.grade {
                Grade::Vo { year: 1, .. } => {
                    let options = &world.reg.po_by_municipality[residence];
                    (!options.is_empty()).then(|| {
                        let loc = options[rng.usize(0..options.len())] as usize;
                        (loc, Grade::Groep(8), fourth, LAST_YEAR_END)
                    })
                }
                Grade::Mbo { year: 1, level, .. } if p.age() <= 17 => {
                    let options = &world.reg.vo_by_municipality[residence];
                    (!options.is_empty()).then(|| {
                        let loc = options[rng.usize(0..options.len())] as usize;
                        let (track, years) = match level {
                            1 | 2 => (Track::VmboKb, 4),
                            3 => (Track::VmboTl, 4),
                            _ if rng.u8(0..100) < 20 => (Track::Havo, 5),
                            _ => (Track::VmboTl, 4),
                        };
                        (
                            loc,
                            Grade::Vo { track, year: years },
                            august_first(2026 - i32::from(years)),
                            LAST_YEAR_END,
                        )
                    })
                }
                Grade::Groep(g)
                    if world.reg.locations[p.location as usize].profile == Profile::Sbo
                        && rng.u8(0..100) < 60 =>
                {
                    let options = &world.reg.po_by_municipality[residence];
                    (!options.is_empty() && start > fourth).then(|| {
                        let loc = options[rng.usize(0..options.len())] as usize;
                        let before = g.saturating_sub(1 + rng.u8(0..2)).max(1);
                        (loc, Grade::Groep(before), fourth, start - Duration::days(1))
                    })
                }
                _ => None,
            };
            let ended = if p.left {
                let latest = date!(2026 - 07 - 10);
                if start + Duration::days(30) < latest {
                    Some(between(rng, start + Duration::days(30), latest))
                } else {
                    Some(REFERENCE_DATE + Duration::days(rng.i64(7..=60)))
                }
            } else {
                None
            };
            if let Some((loc, grade, from, until)) = previous {
                self.push(&mut rows, i, loc, grade, residence, from, Some(until));
            }
            self.push(
                &mut rows,
                i,
                p.location as usize,
                p.grade,
                residence,
                start,
                ended,
            );
        }
        self.next = end;
        Some(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Scale;
    use brug_domain::registry::Sector;

    /// Ages on the reference date that fit each sector.
    fn sector_ages(sector: Sector) -> std::ops::RangeInclusive<u8> {
        match sector {
            Sector::Po => 4..=13,
            Sector::Sbo => 6..=13,
            Sector::So => 4..=13,
            Sector::Vso => 12..=20,
            Sector::Vo => 11..=19,
            Sector::Mbo => 16..=35,
        }
    }

    #[test]
    fn grades_fit_ages() {
        let world = World::build(Scale::Region, 5);
        for p in &world.pupils {
            let loc = &world.reg.locations[p.location as usize];
            let age = p.age();
            assert!(
                sector_ages(loc.profile.sector()).contains(&age),
                "{} at {age} in {:?}",
                p.grade.label(),
                loc.profile
            );
            match p.grade {
                Grade::Groep(g) => assert!((g + 3..=g + 5).contains(&age), "groep {g} at {age}"),
                Grade::Vo { year, .. } => {
                    assert!(
                        (year + 10..=year + 12).contains(&age),
                        "year {year} at {age}"
                    )
                }
                _ => {}
            }
        }
    }

    #[test]
    fn labels_read_like_dutch_school_years() {
        assert_eq!(Grade::Groep(3).label(), "groep 3");
        assert_eq!(
            Grade::Vo {
                track: Track::VmboKb,
                year: 2
            }
            .label(),
            "vmbo-kb 2"
        );
        assert_eq!(
            Grade::Mbo {
                level: 2,
                bbl: false,
                year: 1
            }
            .label(),
            "MBO niveau 2, BOL"
        );
        assert_eq!(Grade::So { cluster: 4 }.label(), "SO cluster 4");
    }

    #[test]
    fn birth_dates_give_the_asked_age() {
        let mut rng = Rng::with_seed(3);
        for age in 4..25 {
            for _ in 0..50 {
                assert_eq!(age_on(birth_for_age(&mut rng, age), REFERENCE_DATE), age);
            }
        }
    }
}
