//! The knowledge Brug starts with: per theme, the bottlenecks (hindering
//! factors) and opportunities (success factors) of the Handreiking
//! "Kansen voor versterking in de aansluiting onderwijs-jeugdhulp" (Oberon,
//! 2021), with the RENN4 and Heerenveen additions for themes 14-16, in
//! Brug's own words; and the first terms of the shared language.

use super::{ItemKind, Theme};

/// Where the seeded knowledge comes from, as shown with each item.
pub const SOURCE: &str = "Handreiking onderwijs-jeugdhulp (2021), in Brug's woorden";

/// (theme, kind, text)
pub const KNOWLEDGE: &[(Theme, ItemKind, &str)] = &[
    (
        Theme::Goals,
        ItemKind::Hindering,
        "School en jeugdhulp werken aan hun eigen doelen; niemand heeft uitgesproken wat ze samen willen bereiken en wat ze van elkaar verwachten.",
    ),
    (
        Theme::Goals,
        ItemKind::Success,
        "Spreek aan het begin samen de doelen en verwachtingen uit, met ouders en kind erbij, en leg ze vast in één plan.",
    ),
    (
        Theme::Interprofessional,
        ItemKind::Hindering,
        "Onderwijs en jeugdhulp kennen elkaars werkwijze, taal en mogelijkheden niet goed; ouders worden laat betrokken.",
    ),
    (
        Theme::Interprofessional,
        ItemKind::Success,
        "Leerkracht, jeugdhulpverlener en ouders bespreken samen wat het kind nodig heeft en wat in de klas kan worden overgenomen.",
    ),
    (
        Theme::Steering,
        ItemKind::Hindering,
        "Het is onduidelijk wie de regie heeft, wie welke taak heeft en wanneer er wordt opgeschaald; trajecten lopen vast.",
    ),
    (
        Theme::Steering,
        ItemKind::Success,
        "Wijs per casus een regievoerder aan en spreek af wanneer en naar wie je opschaalt als het niet lukt.",
    ),
    (
        Theme::Structure,
        ItemKind::Hindering,
        "Scholen weten niet welke hulpverleners bij hun leerlingen betrokken zijn; er is geen vast aanspreekpunt.",
    ),
    (
        Theme::Structure,
        ItemKind::Success,
        "Een vaste contactpersoon jeugdhulp per school en een vast overleg (zoals het ondersteuningsteam) maken de lijnen kort.",
    ),
    (
        Theme::Trust,
        ItemKind::Hindering,
        "Zonder elkaar te kennen is er weinig vertrouwen; professionals wijzen naar elkaar als iets misgaat.",
    ),
    (
        Theme::Trust,
        ItemKind::Success,
        "Jeugdhulp in of dicht bij de school en samen leren, bijvoorbeeld aan een dialoogtafel, bouwen vertrouwen en nabijheid op.",
    ),
    (
        Theme::Time,
        ItemKind::Hindering,
        "Leerkrachten en hulpverleners hebben te weinig tijd voor overleg; samenwerken komt bovenop het gewone werk.",
    ),
    (
        Theme::Time,
        ItemKind::Success,
        "Maak tijd voor samenwerking vrij in de formatie en schrap registratie die niet nodig of verplicht is.",
    ),
    (
        Theme::Competences,
        ItemKind::Hindering,
        "Professionals missen kennis van het andere domein en vaardigheden om samen te werken.",
    ),
    (
        Theme::Competences,
        ItemKind::Success,
        "Gezamenlijke scholing en regionale netwerken geven professionals een gedeeld kader en een gedeelde taal.",
    ),
    (
        Theme::Agreements,
        ItemKind::Hindering,
        "Afspraken tussen onderwijs en jeugdhulp zijn niet vastgelegd, waardoor ze bij wisseling van personeel verdwijnen.",
    ),
    (
        Theme::Agreements,
        ItemKind::Success,
        "Leg werkafspraken en heldere, meetbare doelen vast, bijvoorbeeld: voor elke thuiszitter overleggen school, jeugdhulp en ouders elke maand.",
    ),
    (
        Theme::VisionPractice,
        ItemKind::Hindering,
        "Beleid sluit niet aan op wat professionals in de praktijk nodig hebben of tegenkomen.",
    ),
    (
        Theme::VisionPractice,
        ItemKind::Success,
        "Haal knelpunten op uit de praktijk, bijvoorbeeld uit complexe casuïstiek, en pas het beleid daarop aan.",
    ),
    (
        Theme::CrossDomain,
        ItemKind::Hindering,
        "De gemeente is vooral financier en minder inhoudelijke partner; niemand houdt de regie over de domeinen heen.",
    ),
    (
        Theme::CrossDomain,
        ItemKind::Success,
        "Gemeente en samenwerkingsverband zetten samen een domeinoverstijgende stip op de horizon en sturen daar samen op.",
    ),
    (
        Theme::Financing,
        ItemKind::Hindering,
        "Onduidelijk wie wat betaalt; schotten tussen de financieringsstromen vertragen de hulp aan het kind.",
    ),
    (
        Theme::Financing,
        ItemKind::Success,
        "Spreek per arrangement af wie wat betaalt en bundel middelen van onderwijs en jeugdhulp waar dat kan.",
    ),
    (
        Theme::DataDriven,
        ItemKind::Hindering,
        "Er is geen gezamenlijke monitoring; niemand weet waar de samenwerking vastloopt en beleid rust niet op gegevens.",
    ),
    (
        Theme::DataDriven,
        ItemKind::Success,
        "Volg met een paar gedeelde indicatoren hoe de verbinding loopt en bespreek de uitkomsten samen.",
    ),
    (
        Theme::Flexibility,
        ItemKind::Hindering,
        "Regels en verantwoording op detailniveau laten weinig ruimte voor maatwerk.",
    ),
    (
        Theme::Flexibility,
        ItemKind::Success,
        "Geef ruimte om onderbouwd af te wijken van regels en verantwoord op hoofdlijnen, vanuit vertrouwen.",
    ),
    (
        Theme::Handover,
        ItemKind::Hindering,
        "Bij de overstap van po naar vo en van vo naar mbo gaat informatie over de ondersteuning verloren.",
    ),
    (
        Theme::Handover,
        ItemKind::Success,
        "Een warme overdracht met toestemming van ouders, met een gesprek tussen beide scholen, voorkomt dat hulp opnieuw moet beginnen.",
    ),
    (
        Theme::Privacy,
        ItemKind::Hindering,
        "Onzekerheid over de AVG maakt dat professionals gegevens niet delen, ook als dat mag en nodig is.",
    ),
    (
        Theme::Privacy,
        ItemKind::Success,
        "Leg per kind vast welke gegevens met wie en waarvoor gedeeld worden, en op welke grond.",
    ),
    (
        Theme::Staffing,
        ItemKind::Hindering,
        "Door personeelstekort en wachtlijsten is de juiste expertise er niet op het moment dat het kind die nodig heeft.",
    ),
    (
        Theme::Staffing,
        ItemKind::Success,
        "Zet expertise vroeg en dicht bij de school in, bijvoorbeeld met een jeugdhulpverlener die vast aan de school verbonden is.",
    ),
];

/// (term, meaning in education, meaning in youth care, equivalents)
pub const TERMS: &[(&str, &str, &str, &str)] = &[
    (
        "OPP",
        "Ontwikkelingsperspectiefplan: het plan van de school voor een leerling met extra ondersteuning, met het verwachte uitstroomniveau.",
        "Niet in gebruik; de jeugdhulp werkt met een hulpverleningsplan.",
        "hulpverleningsplan, integraal plan",
    ),
    (
        "Hulpverleningsplan",
        "Niet in gebruik; de school werkt met een OPP of groepsplan.",
        "Het plan van de jeugdhulpaanbieder met doelen en afspraken met kind en ouders.",
        "OPP, integraal plan",
    ),
    (
        "Regievoerder",
        "Vaak de intern begeleider of zorgcoördinator die het overzicht houdt.",
        "De casusregisseur of gezinscoach die de hulp coördineert.",
        "casusregisseur, gezinscoach",
    ),
    (
        "Ondersteuningsteam",
        "Het overleg van de school met ouders en deskundigen over een leerling.",
        "Een multidisciplinair overleg (MDO) over een kind of gezin.",
        "MDO, zorgadviesteam",
    ),
    (
        "Thuiszitter",
        "Een leerplichtige leerling die niet ingeschreven is, of vier weken of langer zonder toestemming verzuimt.",
        "Een jongere die niet naar school gaat en vaak ook hulp nodig heeft.",
        "verzuim, schoolweigering",
    ),
    (
        "Opschalen",
        "Een vraag voorleggen aan het ondersteuningsteam of het samenwerkingsverband.",
        "Escaleren naar een leidinggevende, de gemeente of het wijkteam.",
        "escaleren",
    ),
];
