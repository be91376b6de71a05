//! The cases of the demo accounts, so a tester who logs in finds a rich
//! picture: the IB (`ib@`) leads ten cases at her school, among them one of
//! the parent account's children with a full plan, a thuiszitter without
//! this month's meeting and an escalation past its deadline; the
//! zorgcoördinator (`zorgcoordinator@`) leads six at his school, among them
//! the pupil account's own case. The care worker (`jeugdhulp@`) sits on
//! consent in several and leads one; the wijkteam coach, the JGZ nurse, the
//! attendance officer and the SWV consultant of the demo municipality sit
//! where their task brings them.
//!
//! The stories are fixed; names of other pupils and pool professionals come
//! from the seed.

use std::collections::{HashMap, HashSet};

use brug_domain::cases::{CaseOutcome, CaseStatus, EscalationLevel, LeadDomain, Party};
use brug_domain::plan::{AgreementKind, PlanSection};
use brug_domain::roles::Role;
use fastrand::Rng;
use time::Duration;

use crate::accounts;
use crate::cases::{Escalation, HomeSitter, Pro, Rich, Spec};
use crate::pupils::REFERENCE_DATE;
use crate::registry::Registry;
use crate::staff::Staff;
use crate::texts::{self, AgreementText, GoalText};
use crate::world::World;

fn ago(days: i64) -> time::Date {
    REFERENCE_DATE - Duration::days(days)
}

fn base(theme: usize, status: CaseStatus, lead: Option<LeadDomain>) -> Spec {
    Spec {
        theme,
        status,
        lead_domain: lead,
        first_signal: REFERENCE_DATE,
        explored: None,
        help: None,
        evaluating: None,
        closed: None,
        outcome: None,
        dismissed: false,
        last_activity: REFERENCE_DATE,
        stalled: false,
        home_sitter: None,
        attendance: None,
        escalation: Escalation::None,
        escalation_level: EscalationLevel::Team,
        full: true,
        rich: None,
        team: None,
        family: true,
    }
}

/// Dates of a case that got help: first signal, exploration, help, last activity.
fn dated(mut spec: Spec, first: i64, explored: i64, help: i64, last: i64) -> Spec {
    spec.first_signal = ago(first);
    spec.explored = Some(ago(explored));
    spec.help = Some(ago(help));
    spec.last_activity = ago(last);
    spec
}

fn fixed(email: &str, org_id: i64, role: Role, secondary: bool) -> Pro {
    let (user_id, name) = accounts::fixed(email);
    Pro {
        user_id,
        name: name.to_owned(),
        org_id,
        role,
        secondary,
        on_consent: false,
        lead: false,
    }
}

fn lead(mut p: Pro) -> Pro {
    p.lead = true;
    p.on_consent = false;
    p
}

fn consent(mut p: Pro) -> Pro {
    p.on_consent = true;
    p
}

/// The demo accounts as team members, at their organisations.
struct Cast {
    ib: Pro,
    teacher: Pro,
    zc: Pro,
    mentor: Pro,
    care: Pro,
    wijkteam: Pro,
    jgz: Pro,
    leerplicht: Pro,
    swv: Pro,
}

impl Cast {
    fn new(reg: &Registry) -> Cast {
        let po_loc = &reg.locations[reg.anchors.po_location];
        let vo_loc = &reg.locations[reg.anchors.vo_location];
        let po = reg.schools[po_loc.school].org_id;
        let vo = reg.schools[vo_loc.school].org_id;
        let muni = &reg.municipalities[po_loc.municipality];
        let provider = reg.providers[reg.anchors.provider].org_id;
        Cast {
            ib: fixed("ib@demo.brug.nl", po, Role::Coordinator, false),
            teacher: fixed("leerkracht@demo.brug.nl", po, Role::Teacher, false),
            zc: fixed("zorgcoordinator@demo.brug.nl", vo, Role::Coordinator, true),
            mentor: fixed("mentor@demo.brug.nl", vo, Role::Teacher, true),
            care: fixed("jeugdhulp@demo.brug.nl", provider, Role::CareWorker, false),
            wijkteam: fixed(
                "wijkteam@demo.brug.nl",
                muni.wijkteam_id,
                Role::WijkteamCoach,
                false,
            ),
            jgz: fixed("jgz@demo.brug.nl", muni.jgz_id, Role::YouthHealth, false),
            leerplicht: fixed(
                "leerplicht@demo.brug.nl",
                muni.leerplicht_id,
                Role::AttendanceOfficer,
                false,
            ),
            swv: fixed(
                "swv@demo.brug.nl",
                reg.swvs[muni.swv_po].org_id,
                Role::SwvConsultant,
                false,
            ),
        }
    }
}

/// Picks pupils of a location that fit a story, each once.
struct Chooser<'a> {
    world: &'a World,
    used: HashSet<u32>,
    municipality: u32,
}

impl Chooser<'_> {
    fn take(&mut self, location: usize, ages: std::ops::RangeInclusive<u8>) -> Option<u32> {
        let range = self.world.reg.locations[location].pupils.clone();
        let fits = |i: u32, home: bool| {
            let p = &self.world.pupils[i as usize];
            !p.left && ages.contains(&p.age()) && (!home || p.residence == self.municipality)
        };
        let found = range
            .clone()
            .find(|&i| !self.used.contains(&i) && fits(i, true))
            .or_else(|| {
                range
                    .clone()
                    .find(|&i| !self.used.contains(&i) && fits(i, false))
            });
        if let Some(i) = found {
            self.used.insert(i);
        }
        found
    }
}

/// The demo accounts' cases by pupil index, and the pupil whose case the
/// learning network's case-specific dialogue table starts from (the
/// escalated thuiszitter, module `learning`).
pub(crate) fn build(
    world: &World,
    staff: &Staff,
    rng: &mut Rng,
) -> (HashMap<u32, Spec>, Option<u32>) {
    let reg = &world.reg;
    let cast = Cast::new(reg);
    let anchors = world.pupil_anchors;
    let po = reg.anchors.po_location;
    let vo = reg.anchors.vo_location;
    let mut chooser = Chooser {
        world,
        used: HashSet::from([
            anchors.parent_children[0],
            anchors.parent_children[1],
            anchors.pupil_account,
        ]),
        municipality: u32::try_from(reg.locations[po].municipality).unwrap_or(0),
    };
    // Pool professionals of the demo schools' own providers.
    let pool_care = |rng: &mut Rng, loc: usize, skip: usize| -> Option<Pro> {
        let providers = &staff.location_providers[loc];
        let provider = *providers.get(skip.min(providers.len().saturating_sub(1)))? as usize;
        staff
            .pick(rng, &staff.care_workers[provider])
            .map(|p| consent(Pro::from_person(p, true)))
    };
    let pool_teacher = |rng: &mut Rng, loc: usize| {
        staff
            .pick(rng, &staff.teachers[loc])
            .map(|p| Pro::from_person(p, false))
    };
    let vo_muni = &reg.municipalities[reg.locations[vo].municipality];
    let vo_swv = staff
        .pick(rng, &staff.swv[vo_muni.swv_vo])
        .map(|p| Pro::from_person(p, false));

    let mut cases: HashMap<u32, Spec> = HashMap::new();
    let mut add = |pupil: Option<u32>, spec: Spec| {
        if let Some(p) = pupil {
            cases.insert(p, spec);
        }
    };

    // 1. Noor de Boer, the parent account's daughter: the full plan.
    let mut s = dated(
        base(
            texts::ANGST,
            CaseStatus::Active,
            Some(LeadDomain::Gezamenlijk),
        ),
        200,
        190,
        160,
        6,
    );
    s.rich = Some(&NOOR);
    s.team = Some(vec![
        lead(cast.ib.clone()),
        cast.teacher.clone(),
        consent(cast.care.clone()),
        cast.wijkteam.clone(),
    ]);
    add(Some(anchors.parent_children[0]), s);

    // 2. Daan de Boer: a closed case from last year (dyslexia).
    let mut s = dated(
        base(
            texts::LEREN,
            CaseStatus::Closed,
            Some(LeadDomain::Onderwijs),
        ),
        400,
        392,
        350,
        70,
    );
    s.closed = Some(ago(70));
    s.outcome = Some(CaseOutcome::StaysInEducation);
    s.team = Some(
        [Some(lead(cast.ib.clone())), pool_care(rng, po, 2)]
            .into_iter()
            .flatten()
            .collect(),
    );
    add(Some(anchors.parent_children[1]), s);

    // 3. A thuiszitter without this month's meeting, escalated to the
    //    expert team of SWV and municipality, past its deadline.
    let mut s = dated(
        base(
            texts::VERZUIM,
            CaseStatus::Active,
            Some(LeadDomain::Gezamenlijk),
        ),
        150,
        140,
        110,
        4,
    );
    s.home_sitter = Some(HomeSitter {
        since: ago(84),
        met_this_month: false,
    });
    s.escalation = Escalation::PastDeadline;
    s.escalation_level = EscalationLevel::SwvMunicipality;
    s.team = Some(vec![
        lead(cast.ib.clone()),
        cast.leerplicht.clone(),
        consent(cast.care.clone()),
        cast.wijkteam.clone(),
        cast.swv.clone(),
    ]);
    let story_pupil = chooser.take(po, 8..=12);
    add(story_pupil, s);

    // 4. A thuiszitter whose monthly meeting took place this month.
    let mut s = dated(
        base(
            texts::PRIKKELS,
            CaseStatus::Active,
            Some(LeadDomain::Onderwijs),
        ),
        120,
        115,
        90,
        9,
    );
    s.home_sitter = Some(HomeSitter {
        since: ago(60),
        met_this_month: true,
    });
    s.team = Some(vec![
        lead(cast.ib.clone()),
        consent(cast.care.clone()),
        cast.leerplicht.clone(),
    ]);
    add(chooser.take(po, 6..=12), s);

    // 5. Behaviour: escalated to the managers over a waiting list, past the deadline.
    let mut s = dated(
        base(
            texts::GEDRAG,
            CaseStatus::Active,
            Some(LeadDomain::Gezamenlijk),
        ),
        260,
        250,
        210,
        12,
    );
    s.escalation = Escalation::PastDeadline;
    s.escalation_level = EscalationLevel::Managers;
    s.team = Some(vec![
        lead(cast.ib.clone()),
        cast.teacher.clone(),
        consent(cast.care.clone()),
        cast.wijkteam.clone(),
    ]);
    // In groep 5, the class of the teacher account.
    add(chooser.take(po, 8..=9), s);

    // 6. Stalled: nothing happened for eight weeks.
    let mut s = dated(
        base(
            texts::CONCENTRATIE,
            CaseStatus::Active,
            Some(LeadDomain::Onderwijs),
        ),
        230,
        222,
        180,
        58,
    );
    s.stalled = true;
    s.team = Some(
        [
            Some(lead(cast.ib.clone())),
            pool_teacher(rng, po),
            pool_care(rng, po, 1),
        ]
        .into_iter()
        .flatten()
        .collect(),
    );
    add(chooser.take(po, 6..=12), s);

    // 7. In evaluation, with the JGZ nurse on consent.
    let mut s = dated(
        base(
            texts::SOCIAAL,
            CaseStatus::Evaluation,
            Some(LeadDomain::Onderwijs),
        ),
        210,
        200,
        170,
        5,
    );
    s.evaluating = Some(ago(5));
    s.team = Some(vec![lead(cast.ib.clone()), consent(cast.jgz.clone())]);
    add(chooser.take(po, 6..=12), s);

    // 8. Exploration with the wijkteam.
    let mut s = base(
        texts::THUIS,
        CaseStatus::Exploration,
        Some(LeadDomain::Gezamenlijk),
    );
    s.first_signal = ago(30);
    s.explored = Some(ago(25));
    s.last_activity = ago(3);
    s.team = Some(vec![lead(cast.ib.clone()), cast.wijkteam.clone()]);
    add(chooser.take(po, 5..=12), s);

    // 9. A new signal this week.
    let mut s = base(texts::CONCENTRATIE, CaseStatus::Signal, None);
    s.first_signal = ago(3);
    s.last_activity = ago(3);
    s.family = false;
    s.team = Some(vec![lead(cast.ib.clone())]);
    add(chooser.take(po, 5..=12), s);

    // 10. Led by the care worker (zorg in the lead), the IB in the team.
    let mut s = dated(
        base(texts::PRIKKELS, CaseStatus::Active, Some(LeadDomain::Zorg)),
        150,
        145,
        120,
        10,
    );
    let mut care_lead = lead(cast.care.clone());
    care_lead.on_consent = false;
    s.team = Some(vec![care_lead, cast.ib.clone()]);
    add(chooser.take(po, 5..=12), s);

    // 11. Closed: moved to special education (SBO) with the SWV.
    let mut s = dated(
        base(
            texts::LEREN,
            CaseStatus::Closed,
            Some(LeadDomain::Onderwijs),
        ),
        380,
        370,
        330,
        40,
    );
    s.closed = Some(ago(40));
    s.outcome = Some(CaseOutcome::TransferredSpecial);
    s.team = Some(
        [
            Some(lead(cast.ib.clone())),
            Some(cast.swv.clone()),
            pool_care(rng, po, 0),
        ]
        .into_iter()
        .flatten()
        .collect(),
    );
    add(chooser.take(po, 7..=12), s);

    // The zorgcoördinator's school. 12. Yasmina, the pupil account: her own plan.
    let mut s = dated(
        base(
            texts::ANGST,
            CaseStatus::Active,
            Some(LeadDomain::Gezamenlijk),
        ),
        170,
        160,
        130,
        7,
    );
    s.rich = Some(&YASMINA);
    s.team = Some(vec![
        lead(cast.zc.clone()),
        cast.mentor.clone(),
        consent(cast.care.clone()),
    ]);
    add(Some(anchors.pupil_account), s);

    // 13. Rhythm and absence, with the attendance officer.
    let mut s = dated(
        base(
            texts::RITME,
            CaseStatus::Active,
            Some(LeadDomain::Onderwijs),
        ),
        200,
        190,
        150,
        15,
    );
    s.team = Some(
        [
            Some(lead(cast.zc.clone())),
            Some(cast.leerplicht.clone()),
            pool_care(rng, vo, 1),
        ]
        .into_iter()
        .flatten()
        .collect(),
    );
    add(chooser.take(vo, 14..=17), s);

    // 14. A thuiszitter at the expert table, deadline still ahead.
    let mut s = dated(
        base(
            texts::VERZUIM,
            CaseStatus::Active,
            Some(LeadDomain::Gezamenlijk),
        ),
        160,
        150,
        120,
        8,
    );
    s.home_sitter = Some(HomeSitter {
        since: ago(100),
        met_this_month: true,
    });
    s.escalation = Escalation::Open;
    s.escalation_level = EscalationLevel::SwvMunicipality;
    s.team = Some(
        [
            Some(lead(cast.zc.clone())),
            Some(cast.leerplicht.clone()),
            Some(consent(cast.care.clone())),
            Some(cast.wijkteam.clone()),
            vo_swv,
        ]
        .into_iter()
        .flatten()
        .collect(),
    );
    add(chooser.take(vo, 12..=16), s);

    // 15. Closed: transferred to another school.
    let mut s = dated(
        base(
            texts::SOCIAAL,
            CaseStatus::Closed,
            Some(LeadDomain::Onderwijs),
        ),
        300,
        290,
        260,
        30,
    );
    s.closed = Some(ago(30));
    s.outcome = Some(CaseOutcome::Transferred);
    s.team = Some(vec![lead(cast.zc.clone()), cast.mentor.clone()]);
    add(chooser.take(vo, 12..=18), s);

    // 16. Stalled at the VO school.
    let mut s = dated(
        base(
            texts::CONCENTRATIE,
            CaseStatus::Active,
            Some(LeadDomain::Onderwijs),
        ),
        220,
        210,
        170,
        50,
    );
    s.stalled = true;
    s.team = Some(
        [Some(lead(cast.zc.clone())), pool_care(rng, vo, 2)]
            .into_iter()
            .flatten()
            .collect(),
    );
    add(chooser.take(vo, 12..=18), s);

    // 17. Exploration with the wijkteam.
    let mut s = base(
        texts::THUIS,
        CaseStatus::Exploration,
        Some(LeadDomain::Zorg),
    );
    s.first_signal = ago(20);
    s.explored = Some(ago(14));
    s.last_activity = ago(2);
    s.team = Some(vec![lead(cast.wijkteam.clone()), cast.zc.clone()]);
    add(chooser.take(vo, 12..=17), s);

    (cases, story_pupil)
}

const fn goal(
    description: &'static str,
    contributors: &'static str,
    indicator: &'static str,
) -> GoalText {
    GoalText {
        description,
        contributors,
        indicator,
    }
}

const fn agree(action: &'static str, party: Party, kind: AgreementKind) -> AgreementText {
    AgreementText {
        action,
        party,
        kind,
    }
}

static NOOR: Rich = Rich {
    title: "Buikpijn en spanning in de ochtend",
    sections: [
        "Ik heb 's ochtends vaak pijn in mijn buik. Dan wil ik bij mama blijven. Als ik op school ben en meester Thijs zegt goedemorgen, gaat het wel beter.\n\nIk vind het eng als ik iets voor de hele klas moet zeggen. Ik wil eerst aan meester vertellen wat ik ga zeggen. In de pauze speel ik het liefst met Fenna. Mijn knuffel Flap mag in mijn tas, dat helpt.\n\nIk wil dat het 's ochtends niet meer zo pijn doet en dat ik weer gewoon zin heb in school.",
        "Sinds de zomer heeft Noor bijna elke ochtend buikpijn. De huisarts vindt geen lichamelijke oorzaak. Ze slaapt slecht en vraagt veel bevestiging. Als ze eenmaal op school is, gaat het meestal goed, zegt meester Thijs.\n\nWij willen leren hoe we de ochtenden rustiger maken en hoe we haar helpen zonder alles over te nemen. Wat wij belangrijk vinden: dat Noor weer met plezier naar school gaat, en dat wij één vast aanspreekpunt hebben. Dat is nu Ingrid.",
        "Noor is zorgzaam, creatief (ze tekent en schrijft verhaaltjes) en heeft een goede vriendin in de klas. Ze is leergierig, vooral bij taal en wereldoriëntatie. Thuis is er een warm en betrokken gezin; oma haalt haar twee middagen per week op. Noor kan goed vertellen wat ze voelt als ze er de tijd voor krijgt.",
        "Noor heeft behoefte aan voorspelbaarheid en een zachte start van de dag: een vast welkomstmoment bij meester Thijs, vooraf weten wanneer ze een beurt krijgt, en een rustig plekje als de spanning oploopt.\n\nDaarnaast: behandeling van de spanningsklachten door de jeugdhulp (kindgerichte cognitieve gedragstherapie, met ouders erbij), en tips voor ouders voor de ochtendroutine.",
        "Bij de start hebben we afgesproken wat we van elkaar verwachten. School zorgt voor het welkomstmoment en de aanpassingen in de klas en laat elke twee weken weten hoe het gaat. Marloes (jeugdhulp) behandelt Noor en koppelt na elke vijf sessies terug aan school en ouders. Ouders oefenen thuis de ochtendroutine en melden het als het minder gaat. Ingrid (IB) is casusregisseur en bewaakt de afspraken.\n\nWe verwachten geen wonderen in een paar weken; na tien weken kijken we samen of het werkt.",
        "Bij de jeugdhulp leert Noor de spanningsthermometer en de ballonademhaling. In de klas ligt dezelfde thermometer op haar tafel. Meester Thijs vraagt bij binnenkomst naar haar cijfer; bij een 7 of hoger mag Noor even naar de leeshoek om de oefening te doen. Beurten in de kring worden een dag van tevoren met haar afgesproken.",
        "We evalueren elke tien weken met ouders, school, jeugdhulp en Noor (zij is bij het eerste deel van het gesprek). We kijken naar de ochtendlijst van ouders, de aanwezigheid om half negen en de spanningsthermometer. Bij onvoldoende vooruitgang na twee evaluaties bespreken we intensiveren of opschalen.",
    ],
    earlier: &[
        (
            PlanSection::ChildWords,
            "Ik heb 's ochtends vaak pijn in mijn buik. Dan wil ik bij mama blijven. Ik vind het eng als ik iets voor de hele klas moet zeggen.",
        ),
        (
            PlanSection::SupportNeeds,
            "Noor heeft behoefte aan voorspelbaarheid en een zachte start van de dag. Behandeling van de spanningsklachten door de jeugdhulp.",
        ),
    ],
    goals: &[
        goal(
            "Noor gaat vier van de vijf ochtenden zonder buikpijn of lang afscheid naar school",
            "Ouders, meester Thijs en Marloes (jeugdhulp)",
            "Ochtendlijst van ouders; aanwezigheid om half negen",
        ),
        goal(
            "Noor gebruikt de spanningsthermometer en de ballonademhaling zelfstandig in de klas",
            "Noor, meester Thijs en jeugdhulp",
            "Observatie van de leerkracht; zelfscore van Noor",
        ),
        goal(
            "Noor vertelt in de kring over haar lievelingsboek",
            "Noor, meester Thijs en ouders",
            "Kringgesprek gedaan, en hoe Noor het vond",
        ),
    ],
    agreements: &[
        agree(
            "Dagelijks welkomstmoment om 8.25 uur met meester Thijs",
            Party::School,
            AgreementKind::Task,
        ),
        agree(
            "Start kindgerichte cognitieve gedragstherapie (tien sessies)",
            Party::Care,
            AgreementKind::Task,
        ),
        agree(
            "Ochtendlijst bijhouden en meenemen naar de evaluatie",
            Party::Parents,
            AgreementKind::Task,
        ),
        agree(
            "Spanningsthermometer op tafel en beurten een dag vooraf afspreken",
            Party::School,
            AgreementKind::Task,
        ),
        agree(
            "Klassenobservatie tijdens de kring",
            Party::Care,
            AgreementKind::ClassroomObservation,
        ),
        agree(
            "Huisbezoek: afbouw van de behandeling en de ochtendroutine bespreken",
            Party::Care,
            AgreementKind::HomeVisit,
        ),
    ],
    meetings: &[
        (
            "1. Kennismaken en doel van het overleg\n2. Wat zien ouders, school en Noor?\n3. Wat is er nodig?\n4. Wie doet wat",
            "Ouders vertellen over de ochtenden. Meester Thijs ziet een stil meisje dat na een half uur ontspant. Noor vertelde zelf dat haar buik vooral pijn doet op maandag en bij gym. Marloes herkent spanningsklachten en stelt een korte behandeling voor.",
            "Marloes start de behandeling; school regelt het welkomstmoment; ouders houden een ochtendlijst bij. Ingrid is casusregisseur.",
        ),
        (
            "1. Terugkoppeling na vijf sessies\n2. Ochtendlijst\n3. Thermometer in de klas\n4. Volgende stappen",
            "De ochtendlijst laat drie goede ochtenden per week zien. Noor gebruikt de thermometer; meester Thijs merkt dat zij zelf om de leeshoek vraagt. De kring blijft spannend.",
            "We gaan door. Meester Thijs spreekt beurten vooraf af. Marloes doet een klassenobservatie tijdens de kring.",
        ),
        (
            "1. Evaluatie van de doelen\n2. Wat vindt Noor?\n3. Afschalen of doorgaan",
            "Vier van de vijf ochtenden gaan goed. Noor heeft een kort stukje over haar boek verteld en was trots. Ouders merken dat de avonden rustiger zijn.",
            "Behandeling bouwt af naar eens per twee weken; de afspraken in de klas blijven. Volgende evaluatie over tien weken.",
        ),
    ],
    meeting_agreements: &[3, 2, 1],
    progress: &[
        "Ochtendlijst: drie goede ochtenden deze week, maandag blijft lastig.",
        "Gebruikt de thermometer zelf en gaat twee keer per week even naar de leeshoek.",
        "Heeft in de kring kort verteld over haar lievelingsboek. Was daarna trots.",
        "Vier goede ochtenden; ouders merken dat ze beter slaapt.",
    ],
};

static YASMINA: Rich = Rich {
    title: "Faalangst en somberheid in het examenjaar",
    sections: [
        "Ik zit in havo 5 en dit jaar moet het gebeuren. Ik leer heel veel, maar bij toetsen klap ik dicht en dan weet ik ineens niks meer. Daarna ben ik dagen somber.\n\nIk wil niet dat iedereen in de klas weet dat ik hulp krijg. Wat mij helpt: toetsen in een rustig lokaal, vooraf precies weten wat er gevraagd wordt, en één docent bij wie ik terecht kan. Dat is mevrouw Yıldız.\n\nIk wil in juni mijn diploma halen en daarna pedagogiek studeren. Ik beslis zelf over mijn hulp, maar mijn ouders mogen de grote lijnen weten.",
        "Wij zien dat Yasmina heel hard werkt en zichzelf veel druk oplegt. Rond toetsweken slaapt ze slecht en trekt ze zich terug op haar kamer. We zijn trots op haar en willen vooral dat ze weer plezier krijgt. Yasmina beslist zelf over de hulp; wij willen graag op de hoogte blijven.",
        "Yasmina is doorzetter, verantwoordelijk en goed in talen. Ze werkt als vrijwilliger bij de kinderopvang en doet dat met veel plezier. Ze kan goed onder woorden brengen wat er in haar omgaat, vooral op papier.",
        "Aanpassingen bij toetsen (rustig lokaal, tien minuten extra tijd), een vast wekelijks moment met de mentor, en behandeling van de faalangst en somberheid door de jeugdhulp. Een examenplan dat op tijd klaar is, zodat de examenperiode voorspelbaar is.",
        "Yasmina verwacht dat docenten discreet zijn en niet in de klas over haar aanpassingen praten. School verwacht dat Yasmina zelf aangeeft als het minder gaat. Marloes (jeugdhulp) koppelt met toestemming van Yasmina terug aan de zorgcoördinator. Karim (zorgcoördinator) is casusregisseur.",
        "De technieken uit de behandeling (gedachten uitdagen, een vast ritueel voor de toets) oefent Yasmina ook bij de oefentoetsen op school. Mevrouw Yıldız bespreekt na elke toetsweek kort wat werkte.",
        "Evaluatie elke twee maanden, en een extra moment voor de examens. Yasmina bereidt de evaluatie zelf voor met haar mentor.",
    ],
    earlier: &[(
        PlanSection::SupportNeeds,
        "Aanpassingen bij toetsen en behandeling van de faalangst door de jeugdhulp.",
    )],
    goals: &[
        goal(
            "Yasmina maakt de toetsweek met de afgesproken aanpassingen en staat voor elk vak minstens een 5,5",
            "Yasmina, mentor en docenten",
            "Cijfers na elke toetsweek; eigen score van spanning",
        ),
        goal(
            "Yasmina herkent somberheid op tijd en neemt zelf contact op met haar mentor of behandelaar",
            "Yasmina en jeugdhulp",
            "Signaleringsplan gebruikt; gesprekken op eigen initiatief",
        ),
        goal(
            "Yasmina heeft een examenplan: planning, aanpassingen en wie ze kan bellen",
            "Yasmina, zorgcoördinator en examensecretaris",
            "Examenplan vastgesteld voor 1 maart",
        ),
    ],
    agreements: &[
        agree(
            "Aanvraag aanpassingen bij toetsen en examens",
            Party::School,
            AgreementKind::Task,
        ),
        agree(
            "Behandeling faalangst en somberheid (twaalf gesprekken)",
            Party::Care,
            AgreementKind::Task,
        ),
        agree(
            "Wekelijks mentorgesprek op dinsdag, eerste uur",
            Party::School,
            AgreementKind::Task,
        ),
        agree(
            "Examenplan opstellen met de examensecretaris",
            Party::School,
            AgreementKind::Other,
        ),
        agree(
            "Signaleringsplan opstellen met Yasmina",
            Party::Care,
            AgreementKind::Task,
        ),
        agree(
            "Na elke toetsweek zelf kort evalueren met de mentor",
            Party::Pupil,
            AgreementKind::Task,
        ),
    ],
    meetings: &[
        (
            "1. Wat wil Yasmina?\n2. Wat ziet school?\n3. Behandeling\n4. Afspraken",
            "Yasmina vertelde zelf over de toetsweek van vorig jaar. De mentor ziet een harde werker die zichzelf wegcijfert. Marloes stelt een behandeling voor; Yasmina geeft zelf toestemming.",
            "Aanvraag aanpassingen bij toetsen; start behandeling; wekelijks mentorgesprek.",
        ),
        (
            "1. Terugblik op de toetsweek\n2. Behandeling\n3. Examenplan",
            "De toetsweek ging beter: geen black-out, twee onvoldoendes minder. Yasmina is nog vaak moe. Het examenplan moet voor maart klaar zijn.",
            "Doorgaan met de behandeling; examenplan opstellen met de examensecretaris.",
        ),
    ],
    meeting_agreements: &[3, 1],
    progress: &[
        "Toetsweek zonder black-out; gemiddelde boven de 6 bij vijf van de zeven vakken.",
        "Heeft twee keer zelf contact gezocht met de mentor toen het minder ging.",
        "Eerste versie van het examenplan besproken.",
    ],
};
