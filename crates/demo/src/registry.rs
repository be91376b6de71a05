//! The organisations and school locations of a demo world: municipalities
//! (with wijkteam, JGZ and leerplicht), partnerships (SWV), school boards,
//! schools and their locations, and youth care providers.

use std::collections::HashSet;
use std::ops::Range;

use brug_domain::codes::{AgbCode, Brin, GemeenteCode};
use brug_domain::registry::{OrgKind, Sector};
use brug_store::Ts;
use brug_store::bulk::{LocationRow, OrgRow};
use fastrand::Rng;
use time::Date;
use time::macros::date;

use crate::Scale;
use crate::names::{self, Origin};
use crate::places::{self, PlaceNames, pick};

/// How big each scale is.
pub(crate) struct ScaleParams {
    pub municipalities: usize,
    /// `None`: one partnership for PO and VO together (the small scale).
    pub swvs: Option<(usize, usize)>,
    /// School locations per sector: PO, SBO, SO, VSO, VO, MBO.
    pub locations: [usize; 6],
    pub pupils: usize,
    pub providers: usize,
    /// Youth care regions (jeugdregio's), each a run of neighbouring
    /// municipalities (the country has 42).
    pub regions: usize,
}

impl Scale {
    pub(crate) fn params(self) -> ScaleParams {
        match self {
            Scale::Small => ScaleParams {
                municipalities: 3,
                swvs: None,
                locations: [7, 1, 1, 1, 2, 0],
                pupils: 3_000,
                providers: 20,
                regions: 2,
            },
            Scale::Region => ScaleParams {
                municipalities: 20,
                swvs: Some((2, 1)),
                locations: [104, 4, 4, 4, 26, 8],
                pupils: 60_000,
                providers: 150,
                regions: 3,
            },
            Scale::National => ScaleParams {
                municipalities: 342,
                swvs: Some((76, 74)),
                locations: [4_550, 195, 195, 160, 1_150, 250],
                pupils: 2_500_000,
                providers: 4_000,
                regions: 42,
            },
        }
    }
}

/// What a VO location offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VoProfile {
    /// Brede scholengemeenschap: vmbo to vwo.
    Broad,
    Vmbo,
    /// Lyceum: havo and vwo.
    Lyceum,
    Gymnasium,
    Praktijk,
}

/// The kind of education at a location, which decides its pupils' grades.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Profile {
    Po,
    Sbo,
    So { cluster: u8 },
    Vso { cluster: u8 },
    Vo(VoProfile),
    Mbo,
}

impl Profile {
    pub(crate) fn sector(self) -> Sector {
        match self {
            Profile::Po => Sector::Po,
            Profile::Sbo => Sector::Sbo,
            Profile::So { .. } => Sector::So,
            Profile::Vso { .. } => Sector::Vso,
            Profile::Vo(_) => Sector::Vo,
            Profile::Mbo => Sector::Mbo,
        }
    }

    /// Relative number of pupils at such a location.
    fn size(self) -> f64 {
        match self {
            Profile::Po => 230.0,
            Profile::Sbo => 120.0,
            Profile::So { .. } => 100.0,
            Profile::Vso { .. } => 110.0,
            Profile::Vo(VoProfile::Broad) => 1_100.0,
            Profile::Vo(VoProfile::Vmbo) => 700.0,
            Profile::Vo(VoProfile::Lyceum) => 900.0,
            Profile::Vo(VoProfile::Gymnasium) => 650.0,
            Profile::Vo(VoProfile::Praktijk) => 200.0,
            Profile::Mbo => 1_400.0,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Municipality {
    pub org_id: i64,
    pub name: String,
    pub places: Vec<String>,
    weight: f64,
    pub wijkteam_id: i64,
    pub jgz_id: i64,
    pub leerplicht_id: i64,
    pub swv_po: usize,
    pub swv_vo: usize,
    /// The municipalities of this one's PO partnership: its neighbours.
    pub group: Range<usize>,
}

#[derive(Debug, Clone)]
pub(crate) struct Swv {
    pub org_id: i64,
}

#[derive(Debug, Clone)]
pub(crate) struct School {
    pub org_id: i64,
    pub name: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Location {
    pub id: i64,
    pub school: usize,
    pub municipality: usize,
    pub profile: Profile,
    /// Indices into the world's pupils.
    pub pupils: Range<u32>,
}

#[derive(Debug, Clone)]
pub(crate) struct Provider {
    pub org_id: i64,
}

/// Fixed points of the world that the demo accounts hang on.
#[derive(Debug, Clone, Default)]
pub(crate) struct Anchors {
    /// The PO location of the coordinator (IB), teacher, admin and privacy officer.
    pub po_location: usize,
    /// The VO location of the zorgcoördinator, mentor and pupil account.
    pub vo_location: usize,
    /// The care provider of the care worker account.
    pub provider: usize,
}

/// Every organisation and location, ready to insert.
pub(crate) struct Registry {
    pub orgs: Vec<OrgRow>,
    pub location_rows: Vec<LocationRow>,
    pub municipalities: Vec<Municipality>,
    pub swvs: Vec<Swv>,
    pub schools: Vec<School>,
    pub locations: Vec<Location>,
    pub providers: Vec<Provider>,
    /// `(municipality, region)` organisation ids: every municipality lies
    /// in one youth care region.
    pub region_members: Vec<(i64, i64)>,
    /// Regular PO and VO locations per municipality (for earlier schools).
    pub po_by_municipality: Vec<Vec<u32>>,
    pub vo_by_municipality: Vec<Vec<u32>>,
    pub anchors: Anchors,
}

/// Families of schools that share boards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Family {
    Primary,
    Special,
    Secondary,
    Vocational,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Denomination {
    Public,
    Protestant,
    Catholic,
    General,
    Reformed,
    Islamic,
    Steiner,
}

impl Denomination {
    fn pick(rng: &mut Rng) -> Denomination {
        match rng.u8(0..100) {
            0..=31 => Denomination::Public,
            32..=59 => Denomination::Protestant,
            60..=87 => Denomination::Catholic,
            88..=95 => Denomination::General,
            96..=97 => Denomination::Reformed,
            98 => Denomination::Islamic,
            _ => Denomination::Steiner,
        }
    }
}

struct PlannedSchool {
    board: usize,
    municipality: usize,
    name: String,
    locations: Vec<PlannedLocation>,
}

struct PlannedLocation {
    municipality: usize,
    city: String,
    name: String,
    profile: Profile,
}

struct PlannedBoard {
    name: String,
    municipality: usize,
    denomination: Denomination,
    capacity: usize,
    schools: usize,
}

/// When rows were written, as far as the demo is concerned.
pub(crate) fn created_at() -> Ts {
    Ts::new(time::macros::datetime!(2026-08-24 06:00 UTC))
}

pub(crate) fn build(rng: &mut Rng, scale: Scale) -> Registry {
    let p = scale.params();
    let mut place_names = PlaceNames::default();

    // Municipalities.
    let mut codes = HashSet::new();
    let mut munis = Vec::with_capacity(p.municipalities);
    let mut muni_codes = Vec::with_capacity(p.municipalities);
    let mut muni_valid_from = Vec::with_capacity(p.municipalities);
    for i in 0..p.municipalities {
        let (name, main) = place_names.municipality(rng);
        let mut places = vec![main];
        for _ in 0..rng.usize(0..=3) {
            places.push(place_names.place(rng));
        }
        let mut weight = 0.3 + rng.f64().powi(3) * 12.0;
        if i == 0 {
            weight = weight.max(3.0);
        }
        let code = loop {
            let n = rng.u16(1..=9999);
            if codes.insert(n) {
                break n;
            }
        };
        muni_codes.push(code);
        muni_valid_from.push(if rng.u8(0..100) < 15 {
            Some(pick_date(
                rng,
                &[
                    date!(2019 - 01 - 01),
                    date!(2021 - 01 - 01),
                    date!(2022 - 01 - 01),
                    date!(2023 - 01 - 01),
                    date!(2024 - 01 - 01),
                ],
            ))
        } else {
            None
        });
        munis.push(Municipality {
            org_id: 0,
            name,
            places,
            weight,
            wijkteam_id: 0,
            jgz_id: 0,
            leerplicht_id: 0,
            swv_po: 0,
            swv_vo: 0,
            group: 0..0,
        });
    }
    let n = munis.len();

    // Partnerships: consecutive groups of municipalities.
    let (po_groups, vo_groups) = match p.swvs {
        None => (partition(n, 1), Vec::new()),
        Some((po, vo)) => (partition(n, po), partition(n, vo)),
    };
    let mut swv_names: Vec<String> = Vec::new();
    for (g, range) in po_groups.iter().enumerate() {
        let region = region_name(&munis, range.clone());
        swv_names.push(match p.swvs {
            None => format!("Samenwerkingsverband Passend Onderwijs Regio {region}"),
            Some(_) => format!("Samenwerkingsverband PO Regio {region}"),
        });
        for m in range.clone() {
            munis[m].swv_po = g;
            munis[m].swv_vo = g;
            munis[m].group = range.clone();
        }
    }
    for range in &vo_groups {
        let region = region_name(&munis, range.clone());
        let g = swv_names.len();
        swv_names.push(if rng.bool() {
            format!("Samenwerkingsverband VO {region}")
        } else {
            format!("Samenwerkingsverband VO Regio {region} e.o.")
        });
        for m in range.clone() {
            munis[m].swv_vo = g;
        }
    }

    // Schools and locations, sector by sector.
    let weights: Vec<f64> = munis.iter().map(|m| m.weight).collect();
    let city_weights: Vec<f64> = weights.iter().map(|w| w.powf(1.5)).collect();
    let mut planner = Planner {
        rng,
        munis: &munis,
        boards: Vec::new(),
        open_boards: Vec::new(),
        schools: Vec::new(),
        used_names: HashSet::new(),
        board_names: HashSet::new(),
    };
    let [po, sbo, so, vso, vo, mbo] = p.locations;

    // PO: one school in every municipality first (the first one is the
    // demo school), then the rest where people live.
    let mut left = po;
    for m in 0..n {
        if left == 0 {
            break;
        }
        let k = if m == 0 { 1 } else { planner.po_size(left) };
        planner.school(Family::Primary, m, vec![Profile::Po; k]);
        left -= k;
    }
    while left > 0 {
        let m = weighted(planner.rng, &weights);
        let k = planner.po_size(left);
        planner.school(Family::Primary, m, vec![Profile::Po; k]);
        left -= k;
    }
    for _ in 0..sbo {
        let m = weighted(planner.rng, &city_weights);
        planner.school(Family::Primary, m, vec![Profile::Sbo]);
    }
    // SO and VSO: often one school with both departments.
    let (mut so_left, mut vso_left) = (so, vso);
    while so_left + vso_left > 0 {
        let m = weighted(planner.rng, &city_weights);
        let cluster = match planner.rng.u8(0..100) {
            0..=4 => 1,
            5..=19 => 2,
            20..=54 => 3,
            _ => 4,
        };
        let mut profiles = Vec::new();
        if so_left > 0 && vso_left > 0 && planner.rng.u8(0..100) < 60 {
            profiles.push(Profile::So { cluster });
            profiles.push(Profile::Vso { cluster });
            so_left -= 1;
            vso_left -= 1;
        } else if so_left >= vso_left {
            profiles.push(Profile::So { cluster });
            so_left -= 1;
        } else {
            profiles.push(Profile::Vso { cluster });
            vso_left -= 1;
        }
        planner.school(Family::Special, m, profiles);
    }
    // VO: the first school is the demo school in the first municipality.
    let vo_weights: Vec<f64> = weights.iter().map(|w| w.powf(1.2)).collect();
    let mut left = vo;
    let mut first = true;
    while left > 0 {
        let (m, k) = if first {
            (0, 1)
        } else {
            let k = match planner.rng.u8(0..100) {
                0..=59 => 1,
                60..=89 => 2,
                _ => 3,
            }
            .min(left);
            (weighted(planner.rng, &vo_weights), k)
        };
        let profiles = (0..k)
            .map(|_| {
                if first {
                    Profile::Vo(VoProfile::Broad)
                } else {
                    Profile::Vo(match planner.rng.u8(0..100) {
                        0..=54 => VoProfile::Broad,
                        55..=74 => VoProfile::Vmbo,
                        75..=86 => VoProfile::Lyceum,
                        87..=91 => VoProfile::Gymnasium,
                        _ => VoProfile::Praktijk,
                    })
                }
            })
            .collect();
        first = false;
        planner.school(Family::Secondary, m, profiles);
        left -= k;
    }
    // MBO: regional training centres with locations across their region.
    let mut left = mbo;
    while left > 0 {
        let m = weighted(planner.rng, &city_weights);
        let k = planner.rng.usize(1..=8).min(left);
        planner.school(Family::Vocational, m, vec![Profile::Mbo; k]);
        left -= k;
    }
    let Planner {
        boards, schools, ..
    } = planner;

    // Ids: municipalities, their services, partnerships, boards, schools, providers.
    let created = created_at();
    let mut orgs: Vec<OrgRow> = Vec::new();
    let mut next_id = 1i64;
    let mut org = |orgs: &mut Vec<OrgRow>, kind: OrgKind, name: String| {
        let id = next_id;
        next_id += 1;
        orgs.push(OrgRow {
            id,
            kind,
            name,
            brin: None,
            agb: None,
            cbs_code: None,
            municipality_id: None,
            parent_id: None,
            valid_from: None,
            valid_until: None,
            created_at: created,
        });
        id
    };
    for (i, m) in munis.iter_mut().enumerate() {
        m.org_id = org(
            &mut orgs,
            OrgKind::Municipality,
            format!("Gemeente {}", m.name),
        );
        let row = orgs.last_mut().expect("just pushed");
        row.cbs_code = GemeenteCode::from_number(muni_codes[i])
            .ok()
            .map(String::from);
        row.valid_from = muni_valid_from[i];
    }
    let muni_org = |m: usize, munis: &[Municipality]| munis[m].org_id;
    for m in munis.iter_mut() {
        let name = m.name.clone();
        let main = m.places[0].clone();
        let wijkteam = match rng_pick_index(&name, 4) {
            0 => format!("Wijkteam {main}"),
            1 => format!("Sociaal Team {name}"),
            2 => format!("CJG {name}"),
            _ => format!("Gebiedsteam {name}"),
        };
        m.wijkteam_id = org(&mut orgs, OrgKind::Wijkteam, wijkteam);
        orgs.last_mut().expect("just pushed").municipality_id = Some(m.org_id);
        m.jgz_id = org(
            &mut orgs,
            OrgKind::Jgz,
            format!("Jeugdgezondheidszorg {name}"),
        );
        orgs.last_mut().expect("just pushed").municipality_id = Some(m.org_id);
        m.leerplicht_id = org(&mut orgs, OrgKind::Leerplicht, format!("Leerplicht {name}"));
        orgs.last_mut().expect("just pushed").municipality_id = Some(m.org_id);
    }
    let mut swvs = Vec::new();
    let swv_seat: Vec<usize> = po_groups
        .iter()
        .chain(vo_groups.iter())
        .map(|g| g.start)
        .collect();
    for (name, seat) in swv_names.into_iter().zip(swv_seat) {
        let id = org(&mut orgs, OrgKind::Swv, name);
        orgs.last_mut().expect("just pushed").municipality_id = Some(muni_org(seat, &munis));
        swvs.push(Swv { org_id: id });
    }
    let mut board_ids = Vec::with_capacity(boards.len());
    for b in &boards {
        let id = org(&mut orgs, OrgKind::SchoolBoard, b.name.clone());
        orgs.last_mut().expect("just pushed").municipality_id =
            Some(muni_org(b.municipality, &munis));
        board_ids.push(id);
    }
    // BRIN codes: unique institutions, locations numbered 00, 01, ...
    let mut brins = HashSet::new();
    let mut school_rows = Vec::with_capacity(schools.len());
    let mut locations = Vec::new();
    let mut location_rows = Vec::new();
    let mut po_by_municipality = vec![Vec::new(); n];
    let mut vo_by_municipality = vec![Vec::new(); n];
    for (s, planned) in schools.iter().enumerate() {
        let brin = loop {
            let code = format!(
                "{:02}{}{}",
                rng.u8(0..100),
                char::from(rng.u8(b'A'..=b'Z')),
                char::from(rng.u8(b'A'..=b'Z'))
            );
            if brins.insert(code.clone()) {
                break Brin::parse(&code).expect("generated BRIN has the right shape");
            }
        };
        let id = org(&mut orgs, OrgKind::School, planned.name.clone());
        let row = orgs.last_mut().expect("just pushed");
        row.brin = Some(brin.as_str().to_owned());
        row.municipality_id = Some(muni_org(planned.municipality, &munis));
        row.parent_id = Some(board_ids[planned.board]);
        school_rows.push(School {
            org_id: id,
            name: planned.name.clone(),
        });
        for (v, loc) in planned.locations.iter().enumerate() {
            let index = locations.len();
            let loc_id = i64::try_from(index + 1).unwrap_or(i64::MAX);
            let vestiging = brin
                .with_vestiging(u8::try_from(v).unwrap_or(99))
                .expect("fewer than 100 locations per school");
            let muni = &munis[loc.municipality];
            let swv = match loc.profile.sector() {
                Sector::Po | Sector::Sbo | Sector::So => Some(swvs[muni.swv_po].org_id),
                Sector::Vo | Sector::Vso => Some(swvs[muni.swv_vo].org_id),
                Sector::Mbo => None,
            };
            location_rows.push(LocationRow {
                id: loc_id,
                school_id: id,
                brin: vestiging.as_str().to_owned(),
                name: loc.name.clone(),
                city: loc.city.clone(),
                sector: loc.profile.sector(),
                municipality_id: muni.org_id,
                swv_id: swv,
                created_at: created,
            });
            let idx = u32::try_from(index).unwrap_or(u32::MAX);
            match loc.profile {
                Profile::Po => po_by_municipality[loc.municipality].push(idx),
                Profile::Vo(VoProfile::Broad | VoProfile::Vmbo) => {
                    vo_by_municipality[loc.municipality].push(idx);
                }
                _ => {}
            }
            locations.push(Location {
                id: loc_id,
                school: s,
                municipality: loc.municipality,
                profile: loc.profile,
                pupils: 0..0,
            });
        }
    }

    // Youth care providers, the first one in the demo municipality.
    let mut agbs = HashSet::new();
    let mut provider_names = HashSet::new();
    let mut providers = Vec::with_capacity(p.providers);
    for i in 0..p.providers {
        let m = if i == 0 {
            0
        } else {
            weighted(rng, &city_weights)
        };
        let mut name = provider_name(rng, &munis[m]);
        for attempt in 1.. {
            if provider_names.insert(name.clone()) {
                break;
            }
            name = match attempt {
                1..=5 => provider_name(rng, &munis[m]),
                6 => format!("{name} {}", pick_string(rng, &munis[m].places)),
                _ => format!("{name} {attempt}"),
            };
        }
        let agb = loop {
            let prefix = match rng.u8(0..100) {
                0..=59 => 75,
                60..=84 => 98,
                _ => 94,
            };
            let code = format!("{prefix}{:06}", rng.u32(0..1_000_000));
            if agbs.insert(code.clone()) {
                break AgbCode::parse(&code).expect("eight digits");
            }
        };
        let id = org(&mut orgs, OrgKind::CareProvider, name);
        let row = orgs.last_mut().expect("just pushed");
        row.agb = Some(agb.as_str().to_owned());
        row.municipality_id = Some(munis[m].org_id);
        providers.push(Provider { org_id: id });
    }

    // Youth care regions last, so every other id stays as it was: runs of
    // consecutive municipalities (the partnerships are runs too, so a
    // region's municipalities are neighbours), named after the first one.
    // No randomness: the rest of the world does not change.
    let regions = p.regions.clamp(1, n.max(1));
    let mut region_members = Vec::with_capacity(n);
    for r in 0..regions {
        let (from, to) = (r * n / regions, (r + 1) * n / regions);
        if from == to {
            continue;
        }
        let id = org(
            &mut orgs,
            OrgKind::Region,
            format!("Jeugdregio {}", munis[from].name),
        );
        orgs.last_mut().expect("just pushed").municipality_id = Some(munis[from].org_id);
        region_members.extend(munis[from..to].iter().map(|m| (m.org_id, id)));
    }

    let anchors = Anchors {
        po_location: 0,
        vo_location: locations
            .iter()
            .position(|l| matches!(l.profile, Profile::Vo(_)))
            .unwrap_or(0),
        provider: 0,
    };
    Registry {
        orgs,
        location_rows,
        municipalities: munis,
        swvs,
        schools: school_rows,
        locations,
        providers,
        region_members,
        po_by_municipality,
        vo_by_municipality,
        anchors,
    }
}

/// Spread the pupil target over the locations by their profile, with some
/// variation, so the total is exactly the target.
pub(crate) fn size_locations(rng: &mut Rng, reg: &mut Registry, target: usize) {
    let raw: Vec<f64> = reg
        .locations
        .iter()
        .map(|l| l.profile.size() * (0.45 + rng.f64() * 1.1))
        .collect();
    let total: f64 = raw.iter().sum();
    let mut sizes: Vec<usize> = raw
        .iter()
        .map(|w| ((w / total) * target as f64).floor() as usize)
        .collect();
    let mut missing = target.saturating_sub(sizes.iter().sum());
    let len = sizes.len();
    let mut i = 0;
    while missing > 0 && len > 0 {
        sizes[i % len] += 1;
        missing -= 1;
        i += 1;
    }
    // The demo locations need a class or two at least.
    for anchor in [reg.anchors.po_location, reg.anchors.vo_location] {
        if let Some(s) = sizes.get_mut(anchor) {
            *s = (*s).max(40);
        }
    }
    let mut start = 0u32;
    for (loc, size) in reg.locations.iter_mut().zip(sizes) {
        let end = start + u32::try_from(size).unwrap_or(u32::MAX);
        loc.pupils = start..end;
        start = end;
    }
}

struct Planner<'a> {
    rng: &'a mut Rng,
    munis: &'a [Municipality],
    boards: Vec<PlannedBoard>,
    /// Boards that take more schools: (group start, family, board index).
    open_boards: Vec<(usize, Family, usize)>,
    schools: Vec<PlannedSchool>,
    used_names: HashSet<(usize, String)>,
    board_names: HashSet<String>,
}

impl Planner<'_> {
    fn po_size(&mut self, left: usize) -> usize {
        if self.rng.u8(0..100) < 15 { 2 } else { 1 }.min(left)
    }

    fn board_for(&mut self, family: Family, m: usize) -> usize {
        let group = self.munis[m].group.start;
        let join = self.rng.u8(0..100) < 75;
        if let Some(pos) = self
            .open_boards
            .iter()
            .position(|&(g, f, _)| g == group && f == family)
            .filter(|_| join)
        {
            let b = self.open_boards[pos].2;
            self.boards[b].schools += 1;
            if self.boards[b].schools >= self.boards[b].capacity {
                self.open_boards.remove(pos);
            }
            return b;
        }
        let capacity = match family {
            Family::Primary => {
                if self.rng.u8(0..100) < 20 {
                    1
                } else {
                    self.rng.usize(2..=10)
                }
            }
            Family::Special => self.rng.usize(1..=3),
            Family::Secondary => self.rng.usize(1..=4),
            Family::Vocational => 1,
        };
        let denomination = match family {
            Family::Vocational => Denomination::Public,
            _ => Denomination::pick(self.rng),
        };
        let region = region_name(self.munis, self.munis[m].group.clone());
        let town = &self.munis[m].name;
        let mut name = board_name(self.rng, family, denomination, &region, town);
        for attempt in 1.. {
            if self.board_names.insert(name.clone()) {
                break;
            }
            name = if attempt < 8 {
                board_name(self.rng, family, denomination, &region, town)
            } else {
                format!("{name} {attempt}")
            };
        }
        let b = self.boards.len();
        self.boards.push(PlannedBoard {
            name,
            municipality: m,
            denomination,
            capacity,
            schools: 1,
        });
        if capacity > 1 {
            self.open_boards.push((group, family, b));
        }
        b
    }

    fn school(&mut self, family: Family, m: usize, profiles: Vec<Profile>) {
        let board = self.board_for(family, m);
        let denomination = self.boards[board].denomination;
        let muni = &self.munis[m];
        let both_departments = family == Family::Special && profiles.len() > 1;
        let mut name = String::new();
        let mut stem = "";
        for attempt in 0..12 {
            if both_departments {
                stem = pick(self.rng, PO_NAMES);
                let kind = pick(
                    self.rng,
                    &[
                        "Expertisecentrum",
                        "School voor Speciaal Onderwijs",
                        "Kindcentrum",
                    ],
                );
                name = format!("{kind} {stem}");
            } else {
                name = school_name(self.rng, profiles[0], denomination, muni);
            }
            if attempt == 11 {
                name = format!("{name} {}", muni.places[0]);
            }
            if self.used_names.insert((m, name.clone())) {
                break;
            }
        }
        let group = muni.group.clone();
        let k = profiles.len();
        let mut locations = Vec::with_capacity(k);
        for (v, profile) in profiles.into_iter().enumerate() {
            let lm = if family == Family::Vocational && v > 0 {
                self.rng.usize(group.clone())
            } else {
                m
            };
            let lmuni = &self.munis[lm];
            let city = if v == 0 {
                lmuni.places[0].clone()
            } else {
                pick_string(self.rng, &lmuni.places)
            };
            let loc_name = match profile {
                _ if k == 1 => name.clone(),
                Profile::So { .. } => format!("SO {stem}"),
                Profile::Vso { .. } => format!("VSO {stem}"),
                Profile::Mbo => format!("{name}, locatie {city}"),
                Profile::Vo(_) => {
                    if v == 0 {
                        format!("{name}, locatie {}", places::street(self.rng))
                    } else {
                        format!("{name}, locatie {}", places::district(self.rng))
                    }
                }
                _ => format!("{name}, locatie {}", places::street(self.rng)),
            };
            locations.push(PlannedLocation {
                municipality: lm,
                city,
                name: loc_name,
                profile,
            });
        }
        // Avoid two locations of one school with the same name.
        let mut seen = HashSet::new();
        for (v, loc) in locations.iter_mut().enumerate() {
            if !seen.insert(loc.name.clone()) {
                loc.name = format!("{} {}", loc.name, v + 1);
            }
        }
        self.schools.push(PlannedSchool {
            board,
            municipality: m,
            name,
            locations,
        });
    }
}

const PO_NAMES: &[&str] = &[
    "De Regenboog",
    "Het Kompas",
    "De Wegwijzer",
    "De Zonnewijzer",
    "Het Palet",
    "De Vlinder",
    "De Boomgaard",
    "De Klimop",
    "De Fontein",
    "Het Anker",
    "De Ark",
    "De Wieken",
    "De Horizon",
    "De Sterrenboog",
    "De Meander",
    "De Springplank",
    "Het Mozaïek",
    "De Bron",
    "De Kameleon",
    "De Triangel",
    "De Wilgen",
    "De Linde",
    "Het Baken",
    "De Vuurtoren",
    "De Windroos",
    "De Ontdekking",
    "Het Talent",
    "De Vlieger",
    "De Tweemaster",
    "De Ladder",
    "De Sleutel",
    "De Toekomst",
    "De Zevensprong",
    "De Klaverweide",
    "Het Startpunt",
    "De Eendracht",
    "De Piramide",
    "Het Kleurenorkest",
    "De Uilenburcht",
    "De Schatkist",
    "Het Spectrum",
    "De Achtbaan",
    "De Parel",
    "De Tandem",
    "Het Avontuur",
    "De Kleine Prins",
    "De Notenbalk",
    "De Zeppelin",
];

const CATHOLIC_NAMES: &[&str] = &[
    "Sint Jozef",
    "Sint Maarten",
    "Willibrordus",
    "Sint Franciscus",
    "Mariaschool",
    "Sint Jan",
    "Don Bosco",
    "Titus Brandsma",
    "Sint Antonius",
    "Sint Bernardus",
];

const PROTESTANT_NAMES: &[&str] = &[
    "Groen van Prinsterer",
    "Koningin Juliana",
    "Prins Willem-Alexander",
    "Oranje Nassau",
    "Koningin Wilhelmina",
    "De Morgenster",
    "Het Lichtbaken",
    "Eben Haëzer",
    "De Wingerd",
    "Johannes",
];

const ISLAMIC_NAMES: &[&str] = &[
    "Al Wahda",
    "Al Amal",
    "Ibn Ghaldoun",
    "Yunus Emre",
    "Al Ihsaan",
];

fn school_name(rng: &mut Rng, profile: Profile, d: Denomination, m: &Municipality) -> String {
    let place = pick_string(rng, &m.places);
    let stem = pick(rng, PO_NAMES);
    match profile {
        Profile::Po => match d {
            Denomination::Public => match rng.u8(0..10) {
                0..=7 => format!("OBS {stem}"),
                _ => format!("IKC {stem}"),
            },
            Denomination::Protestant => match rng.u8(0..10) {
                0..=5 => format!("CBS {stem}"),
                6..=7 => format!("PCBS {stem}"),
                _ => format!("CBS {}", pick(rng, PROTESTANT_NAMES)),
            },
            Denomination::Catholic => match rng.u8(0..10) {
                0..=4 => format!("RKBS {stem}"),
                5..=7 => format!("Basisschool {}", pick(rng, CATHOLIC_NAMES)),
                _ => format!("KBS {stem}"),
            },
            Denomination::General => match rng.u8(0..4) {
                0 => format!("Montessorischool {place}"),
                1 => format!("Daltonschool {stem}"),
                2 => format!("Jenaplanschool {stem}"),
                _ => format!("IKC {stem}"),
            },
            Denomination::Reformed => format!(
                "Ds. {} School",
                pick(rng, &["Van Dijk", "Kersten", "Guido de Brès", "Hervormde"])
            ),
            Denomination::Islamic => {
                format!("Islamitische basisschool {}", pick(rng, ISLAMIC_NAMES))
            }
            Denomination::Steiner => format!("Vrije School {place}"),
        },
        Profile::Sbo => format!("SBO {stem}"),
        Profile::So { .. } => format!("SO {stem}"),
        Profile::Vso { .. } => format!("VSO {stem}"),
        Profile::Vo(vo) => match vo {
            VoProfile::Gymnasium => format!("Stedelijk Gymnasium {place}"),
            VoProfile::Praktijk => match rng.u8(0..2) {
                0 => format!("Praktijkschool {place}"),
                _ => format!("Praktijkonderwijs {stem}"),
            },
            VoProfile::Vmbo => match rng.u8(0..3) {
                0 => format!("Vakcollege {place}"),
                1 => format!("Vmbo {}", names_stem(rng)),
                _ => format!("Technasium {place}"),
            },
            VoProfile::Lyceum => match d {
                Denomination::Protestant => format!("Christelijk Lyceum {place}"),
                Denomination::Catholic => format!(
                    "Sint-{}lyceum",
                    pick(
                        rng,
                        &[
                            "Bonifatius",
                            "Ignatius",
                            "Canisius",
                            "Odulphus",
                            "Willibrord"
                        ]
                    )
                ),
                _ => format!("Het {} Lyceum", names_stem(rng)),
            },
            VoProfile::Broad => match d {
                Denomination::Public => match rng.u8(0..3) {
                    0 => format!("Openbare Scholengemeenschap {place}"),
                    1 => format!("OSG {}", names_stem(rng)),
                    _ => format!("RSG {place}"),
                },
                Denomination::Protestant | Denomination::Reformed => {
                    format!("Christelijk College {}", names_stem(rng))
                }
                Denomination::Catholic => {
                    format!(
                        "Sint-{}college",
                        pick(
                            rng,
                            &[
                                "Bonifatius",
                                "Jozef",
                                "Maartens",
                                "Michaël",
                                "Vitus",
                                "Ludger"
                            ]
                        )
                    )
                }
                _ => format!("Het {} College", names_stem(rng)),
            },
        },
        Profile::Mbo => match rng.u8(0..3) {
            0 => format!("ROC {}", m.name),
            1 => format!("{} College", m.name),
            _ => format!("Vakschool {}", m.name),
        },
    }
}

/// A neutral word for school and board names: "Eikenhorst", "Lindeveen".
fn names_stem(rng: &mut Rng) -> String {
    let stems = [
        "Eiken",
        "Linde",
        "Esdoorn",
        "Wilgen",
        "Hazel",
        "Beuken",
        "Heide",
        "Veen",
        "Kompas",
        "Meridiaan",
        "Zuiderzee",
        "Waterlinie",
        "Noorderlicht",
        "Lindenhof",
        "Vechtdal",
        "Polder",
    ];
    let s = stems[rng.usize(0..stems.len())];
    s.to_owned()
}

fn board_name(rng: &mut Rng, family: Family, d: Denomination, region: &str, town: &str) -> String {
    match family {
        Family::Primary => match d {
            Denomination::Public => match rng.u8(0..3) {
                0 => format!("Stichting Openbaar Onderwijs {region}"),
                1 => format!("Stichting Openbaar Primair Onderwijs {town}"),
                _ => format!("Stichting {} Openbaar Onderwijs", names_stem(rng)),
            },
            Denomination::Protestant => match rng.u8(0..2) {
                0 => format!("Stichting Christelijk Primair Onderwijs {region}"),
                _ => format!("Vereniging voor Christelijk Onderwijs {town}"),
            },
            Denomination::Catholic => format!("Stichting Katholiek Onderwijs {region}"),
            Denomination::General => format!("Stichting {} Kindcentra", names_stem(rng)),
            Denomination::Reformed => format!("Vereniging Reformatorisch Onderwijs {region}"),
            Denomination::Islamic => format!("Stichting Islamitisch Onderwijs {region}"),
            Denomination::Steiner => format!("Stichting Vrije Scholen {region}"),
        },
        Family::Special => match rng.u8(0..3) {
            0 => format!("Stichting Speciaal Onderwijs {region}"),
            1 => format!("Stichting {} Speciaal Onderwijs", names_stem(rng)),
            _ => format!("Stichting Expertisecentra {town}"),
        },
        Family::Secondary => match d {
            Denomination::Public => format!("Stichting Openbaar Voortgezet Onderwijs {region}"),
            Denomination::Protestant | Denomination::Reformed => {
                format!("Stichting Christelijk Voortgezet Onderwijs {region}")
            }
            Denomination::Catholic => format!("Stichting Katholiek Voortgezet Onderwijs {region}"),
            _ => format!("Scholengroep {} {region}", names_stem(rng)),
        },
        Family::Vocational => format!("Stichting Beroepsonderwijs {town}"),
    }
}

fn provider_name(rng: &mut Rng, m: &Municipality) -> String {
    let place = pick_string(rng, &m.places);
    let direction = pick(rng, &["Noord", "Oost", "Zuid", "West", "Midden"]);
    match rng.u8(0..16) {
        0 => format!("Jeugdzorg {direction}"),
        1 => format!("Kinder- en Jeugdpraktijk {}", pick(rng, PO_NAMES)),
        2 => format!("Jeugdhulp {}", m.name),
        3 => {
            let family = names::family_display(
                names::Family::pick(rng, Origin::Dutch),
                names::Gender::Female,
            );
            format!("Praktijk {family} Kind & Jeugd")
        }
        4 => format!("Orthopedagogenpraktijk {place}"),
        5 => format!("{} Jeugd en Gezin", names_stem(rng)),
        6 => format!("Stichting {} Jeugdhulp", names_stem(rng)),
        7 => format!("GGZ {} Kind en Jeugd", m.name),
        8 => format!("Gezinshuis {}", pick(rng, PO_NAMES)),
        9 => format!("Zorgboerderij {place}"),
        10 => format!("Ambulante Jeugdhulp {place}"),
        11 => format!("Jeugd-GGZ {direction}-{}", m.name),
        12 => format!("Kinderpraktijk {}", names_stem(rng)),
        13 | 14 => {
            let gender = names::pick_gender(rng);
            let origin = Origin::pick(rng);
            let given = names::Given::adult(rng, origin, gender).text();
            let family = names::family_display(names::Family::pick(rng, origin), gender);
            let kind = pick(
                rng,
                &[
                    "Praktijk",
                    "Jeugdpraktijk",
                    "Gezinscoaching",
                    "Kindercoach",
                    "Speltherapie",
                ],
            );
            format!("{kind} {given} {family}")
        }
        _ => format!("Jeugdbescherming {direction}"),
    }
}

/// The name of a group of municipalities: its largest one's.
fn region_name(munis: &[Municipality], range: Range<usize>) -> String {
    range
        .clone()
        .max_by(|&a, &b| munis[a].weight.total_cmp(&munis[b].weight).then(b.cmp(&a)))
        .map(|m| munis[m].name.clone())
        .unwrap_or_default()
}

/// `parts` consecutive, nearly equal ranges covering `0..n`.
fn partition(n: usize, parts: usize) -> Vec<Range<usize>> {
    let parts = parts.clamp(1, n.max(1));
    (0..parts)
        .map(|k| (k * n / parts)..((k + 1) * n / parts))
        .collect()
}

/// An index drawn with the given weights.
pub(crate) fn weighted(rng: &mut Rng, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    let mut x = rng.f64() * total;
    for (i, w) in weights.iter().enumerate() {
        if x < *w {
            return i;
        }
        x -= w;
    }
    weights.len().saturating_sub(1)
}

fn pick_string(rng: &mut Rng, list: &[String]) -> String {
    list[rng.usize(0..list.len())].clone()
}

fn pick_date(rng: &mut Rng, list: &[Date]) -> Date {
    list[rng.usize(0..list.len())]
}

/// A stable choice among `n` derived from a text (so a name decides its own variant).
fn rng_pick_index(text: &str, n: u64) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    }) % n
}
