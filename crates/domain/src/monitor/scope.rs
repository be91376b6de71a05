//! Which dashboards a policy maker may open.
//!
//! The monitor shows no personal data, so the scope rule is about governance,
//! not privacy: a policy maker steers on the units of their own organisation
//! and compares them with others and with the country. Whether someone may
//! use the monitor at all is the access policy's question
//! ([`crate::access::Request::Monitor`]); this rule decides which areas.
//!
//! The rule, per organisation where the user is a policy maker:
//!
//! | organisation | own dashboards | related dashboards |
//! | --- | --- | --- |
//! | municipality M | M; the school locations in M | the partnerships (SWV) M takes part in (a school of M belongs to them) |
//! | partnership S | S; the school locations of S | the municipalities S covers (has a school in) |
//! | school board B | B; the locations of its schools | – |
//! | school | its locations | – |
//! | region R (youth care region) | R | the municipalities of R and their school locations |
//! | municipality M in region R | – | R |
//! | any | – | the national dashboard |
//!
//! Comparisons with similar units (neighbouring municipalities, other
//! partnerships) appear *inside* the user's own dashboards as comparison
//! tables; opening a neighbour's full dashboard is not part of the rule.

use serde::{Deserialize, Serialize};

use super::dimensions::Area;
use crate::ids::OrgId;
use crate::registry::OrgKind;

/// An organisation where the user is a policy maker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub org: OrgId,
    pub kind: OrgKind,
}

/// How an area lies in the registry, as far as the rule needs to know: the
/// municipalities, regions, partnerships, boards and schools it lies in or
/// covers. For a school location: its municipality, region, partnership,
/// board and school. For a municipality: its region and the partnerships of
/// its schools. For a partnership or board: the municipalities of its
/// schools. For a region: its municipalities.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaTies {
    pub municipalities: Vec<OrgId>,
    pub regions: Vec<OrgId>,
    pub swvs: Vec<OrgId>,
    pub boards: Vec<OrgId>,
    pub schools: Vec<OrgId>,
}

/// Why a policy maker may open a dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// A unit of the user's own organisation.
    Own,
    /// Related through the partnership.
    Related,
    /// The national dashboard, open to every policy maker.
    National,
}

/// Whether a policy maker with `grants` may open the dashboard of `area`
/// (`None`: not in scope; answered as "not found").
#[must_use]
pub fn standing(grants: &[Grant], area: Area, ties: &AreaTies) -> Option<Standing> {
    if grants.is_empty() {
        return None;
    }
    if area == Area::National {
        return Some(Standing::National);
    }
    let mut best: Option<Standing> = None;
    for g in grants {
        let s = match (g.kind, area) {
            (OrgKind::Municipality, Area::Municipality(m)) if m == g.org => Some(Standing::Own),
            (OrgKind::Municipality, Area::SchoolLocation(_))
                if ties.municipalities.contains(&g.org) =>
            {
                Some(Standing::Own)
            }
            (OrgKind::Municipality, Area::Swv(_) | Area::Region(_))
                if ties.municipalities.contains(&g.org) =>
            {
                Some(Standing::Related)
            }
            (OrgKind::Region, Area::Region(r)) if r == g.org => Some(Standing::Own),
            (OrgKind::Region, Area::Municipality(_) | Area::SchoolLocation(_))
                if ties.regions.contains(&g.org) =>
            {
                Some(Standing::Related)
            }
            (OrgKind::Swv, Area::Swv(s)) if s == g.org => Some(Standing::Own),
            (OrgKind::Swv, Area::SchoolLocation(_)) if ties.swvs.contains(&g.org) => {
                Some(Standing::Own)
            }
            (OrgKind::Swv, Area::Municipality(_)) if ties.swvs.contains(&g.org) => {
                Some(Standing::Related)
            }
            (OrgKind::SchoolBoard, Area::SchoolBoard(b)) if b == g.org => Some(Standing::Own),
            (OrgKind::SchoolBoard, Area::SchoolLocation(_)) if ties.boards.contains(&g.org) => {
                Some(Standing::Own)
            }
            (OrgKind::School, Area::SchoolLocation(_)) if ties.schools.contains(&g.org) => {
                Some(Standing::Own)
            }
            _ => None,
        };
        best = match (best, s) {
            (Some(Standing::Own), _) | (_, Some(Standing::Own)) => Some(Standing::Own),
            (Some(b), _) => Some(b),
            (None, s) => s,
        };
    }
    best
}

/// The dashboards a policy maker starts from: their organisations' areas
/// (schools have no area of their own: their locations are listed by the
/// caller) and the country.
#[must_use]
pub fn home_areas(grants: &[Grant]) -> Vec<Area> {
    let mut out: Vec<Area> = grants
        .iter()
        .filter_map(|g| match g.kind {
            OrgKind::Municipality => Some(Area::Municipality(g.org)),
            OrgKind::Region => Some(Area::Region(g.org)),
            OrgKind::Swv => Some(Area::Swv(g.org)),
            OrgKind::SchoolBoard => Some(Area::SchoolBoard(g.org)),
            _ => None,
        })
        .collect();
    out.dedup();
    if !grants.is_empty() {
        out.push(Area::National);
    }
    out
}

/// Whether the user may set policy goals for `area`: only for the area of
/// an organisation where they are a policy maker, and only municipalities,
/// regions and partnerships set goals.
#[must_use]
pub fn may_set_goals(grants: &[Grant], area: Area) -> bool {
    grants.iter().any(|g| match (g.kind, area) {
        (OrgKind::Municipality, Area::Municipality(m)) => m == g.org,
        (OrgKind::Region, Area::Region(r)) => r == g.org,
        (OrgKind::Swv, Area::Swv(s)) => s == g.org,
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::LocationId;

    const GM: OrgId = OrgId(1);
    const OTHER_GM: OrgId = OrgId(2);
    const SWV: OrgId = OrgId(10);
    const BOARD: OrgId = OrgId(20);
    const SCHOOL: OrgId = OrgId(30);

    fn grant(org: OrgId, kind: OrgKind) -> Grant {
        Grant { org, kind }
    }

    fn ties(m: &[OrgId], s: &[OrgId], b: &[OrgId], sc: &[OrgId]) -> AreaTies {
        AreaTies {
            municipalities: m.to_vec(),
            regions: Vec::new(),
            swvs: s.to_vec(),
            boards: b.to_vec(),
            schools: sc.to_vec(),
        }
    }

    const LOC: Area = Area::SchoolLocation(LocationId(5));

    #[test]
    fn a_municipality_sees_itself_its_schools_its_partnerships_and_the_country() {
        let g = [grant(GM, OrgKind::Municipality)];
        let none = AreaTies::default();
        assert_eq!(
            standing(&g, Area::Municipality(GM), &none),
            Some(Standing::Own)
        );
        assert_eq!(standing(&g, Area::Municipality(OTHER_GM), &none), None);
        assert_eq!(
            standing(&g, Area::National, &none),
            Some(Standing::National)
        );
        assert_eq!(
            standing(&g, LOC, &ties(&[GM], &[SWV], &[BOARD], &[SCHOOL])),
            Some(Standing::Own)
        );
        assert_eq!(
            standing(&g, LOC, &ties(&[OTHER_GM], &[SWV], &[BOARD], &[SCHOOL])),
            None
        );
        assert_eq!(
            standing(&g, Area::Swv(SWV), &ties(&[GM, OTHER_GM], &[], &[], &[])),
            Some(Standing::Related)
        );
        assert_eq!(
            standing(&g, Area::Swv(SWV), &ties(&[OTHER_GM], &[], &[], &[])),
            None
        );
        assert_eq!(
            standing(&g, Area::SchoolBoard(BOARD), &ties(&[GM], &[], &[], &[])),
            None
        );
    }

    #[test]
    fn a_partnership_sees_its_schools_and_municipalities() {
        let g = [grant(SWV, OrgKind::Swv)];
        assert_eq!(
            standing(&g, Area::Swv(SWV), &AreaTies::default()),
            Some(Standing::Own)
        );
        assert_eq!(
            standing(&g, Area::Swv(OrgId(11)), &AreaTies::default()),
            None
        );
        assert_eq!(
            standing(&g, LOC, &ties(&[GM], &[SWV], &[], &[])),
            Some(Standing::Own)
        );
        assert_eq!(
            standing(&g, Area::Municipality(GM), &ties(&[], &[SWV], &[], &[])),
            Some(Standing::Related)
        );
        assert_eq!(
            standing(
                &g,
                Area::Municipality(GM),
                &ties(&[], &[OrgId(11)], &[], &[])
            ),
            None
        );
    }

    #[test]
    fn a_region_sees_itself_its_municipalities_and_their_schools() {
        const REGION: OrgId = OrgId(40);
        let g = [grant(REGION, OrgKind::Region)];
        let in_region = AreaTies {
            regions: vec![REGION],
            ..AreaTies::default()
        };
        let elsewhere = AreaTies {
            regions: vec![OrgId(41)],
            ..AreaTies::default()
        };
        let none = AreaTies::default();
        assert_eq!(
            standing(&g, Area::Region(REGION), &none),
            Some(Standing::Own)
        );
        assert_eq!(standing(&g, Area::Region(OrgId(41)), &none), None);
        assert_eq!(
            standing(&g, Area::Municipality(GM), &in_region),
            Some(Standing::Related)
        );
        assert_eq!(standing(&g, Area::Municipality(GM), &elsewhere), None);
        assert_eq!(standing(&g, LOC, &in_region), Some(Standing::Related));
        assert_eq!(standing(&g, Area::Swv(SWV), &in_region), None);
        assert_eq!(home_areas(&g), vec![Area::Region(REGION), Area::National]);
        assert!(may_set_goals(&g, Area::Region(REGION)));
        assert!(!may_set_goals(&g, Area::Municipality(GM)));
        // A municipality sees its own region, not another.
        let m = [grant(GM, OrgKind::Municipality)];
        assert_eq!(
            standing(&m, Area::Region(REGION), &ties(&[GM], &[], &[], &[])),
            Some(Standing::Related)
        );
        assert_eq!(
            standing(&m, Area::Region(REGION), &ties(&[OTHER_GM], &[], &[], &[])),
            None
        );
    }

    #[test]
    fn boards_and_schools_see_their_own_locations() {
        let g = [grant(BOARD, OrgKind::SchoolBoard)];
        assert_eq!(
            standing(&g, Area::SchoolBoard(BOARD), &AreaTies::default()),
            Some(Standing::Own)
        );
        assert_eq!(
            standing(&g, LOC, &ties(&[GM], &[], &[BOARD], &[])),
            Some(Standing::Own)
        );
        let s = [grant(SCHOOL, OrgKind::School)];
        assert_eq!(
            standing(&s, LOC, &ties(&[GM], &[], &[], &[SCHOOL])),
            Some(Standing::Own)
        );
        assert_eq!(
            standing(&s, Area::Municipality(GM), &ties(&[], &[], &[], &[])),
            None
        );
        assert_eq!(home_areas(&s), vec![Area::National]);
    }

    #[test]
    fn no_grant_no_monitor_and_the_best_standing_wins() {
        assert_eq!(standing(&[], Area::National, &AreaTies::default()), None);
        assert!(home_areas(&[]).is_empty());
        let both = [grant(GM, OrgKind::Municipality), grant(SWV, OrgKind::Swv)];
        assert_eq!(
            standing(&both, Area::Swv(SWV), &ties(&[GM], &[], &[], &[])),
            Some(Standing::Own)
        );
        assert_eq!(
            home_areas(&both),
            vec![Area::Municipality(GM), Area::Swv(SWV), Area::National]
        );
    }

    #[test]
    fn goals_only_for_own_municipality_or_partnership() {
        let g = [
            grant(GM, OrgKind::Municipality),
            grant(BOARD, OrgKind::SchoolBoard),
        ];
        assert!(may_set_goals(&g, Area::Municipality(GM)));
        assert!(!may_set_goals(&g, Area::Municipality(OTHER_GM)));
        assert!(!may_set_goals(&g, Area::SchoolBoard(BOARD)));
        assert!(!may_set_goals(&g, Area::National));
        assert!(may_set_goals(&[grant(SWV, OrgKind::Swv)], Area::Swv(SWV)));
    }
}
