//! What the demo's learning networks said and learned (module `learning`
//! writes it): three networks after the source documents (the Friesland
//! learning network, the Communities of Practice of "Samen op School" and
//! the Dialoogtafels of Heerenveen), their members from every perspective,
//! past sessions with contributions along the four questions, insights,
//! lessons, improvement actions, glossary terms and collaboration scans.
//!
//! Fixed texts: nothing here depends on the seed or the scale. Members with
//! a demo account are named by their e-mail address; the others are
//! fictional people without an account (a youth, a parent, a manager).

use brug_domain::learning::{
    ActionStatus, ItemKind, Level, NetworkKind, Perspective, Question, SessionKind, Theme,
};
use brug_domain::registry::Sector;

/// The facilitator (procesbegeleider) who runs the demo networks.
pub(crate) const FACILITATOR: &str = "procesbegeleider@demo.brug.nl";

/// Who sits in a network: a demo account, or someone without an account.
pub(crate) enum Who {
    Account(&'static str),
    /// (name, organisation)
    Person(&'static str, &'static str),
}

pub(crate) struct MemberText {
    /// How sessions refer to the member.
    pub key: &'static str,
    pub who: Who,
    pub perspective: Perspective,
}

pub(crate) struct ItemText {
    pub kind: ItemKind,
    pub theme: Theme,
    pub level: Level,
    pub sector: Option<Sector>,
    pub body: &'static str,
}

pub(crate) struct ActionText {
    pub theme: Option<Theme>,
    pub description: &'static str,
    pub owner: &'static str,
    pub organisation: &'static str,
    /// Days after the demo's reference date (negative: before it).
    pub due: i64,
    /// The follow-up at a later session of the network: (index of that
    /// session, new status, note). `None`: still open, never followed up.
    pub follow_up: Option<(usize, ActionStatus, &'static str)>,
}

pub(crate) struct SessionText {
    pub kind: SessionKind,
    pub title: &'static str,
    pub theme: Option<Theme>,
    /// Days before the demo's reference date.
    pub days_ago: i64,
    /// A case-specific table starts from the demo's story case (anonymised
    /// by Brug, then approved by the facilitator with this introduction).
    pub story_intro: Option<&'static str>,
    /// (member key, question, what they said)
    pub contributions: &'static [(&'static str, Question, &'static str)],
    pub items: &'static [ItemText],
    pub actions: &'static [ActionText],
}

pub(crate) struct NetworkText {
    pub kind: NetworkKind,
    pub name: &'static str,
    pub description: &'static str,
    pub members: &'static [MemberText],
    pub sessions: &'static [SessionText],
    /// Members who left after the sessions (their words stay, by perspective).
    pub left: &'static [&'static str],
}

const fn account(key: &'static str, email: &'static str, perspective: Perspective) -> MemberText {
    MemberText {
        key,
        who: Who::Account(email),
        perspective,
    }
}

const fn person(
    key: &'static str,
    name: &'static str,
    organisation: &'static str,
    perspective: Perspective,
) -> MemberText {
    MemberText {
        key,
        who: Who::Person(name, organisation),
        perspective,
    }
}

const fn item(
    kind: ItemKind,
    theme: Theme,
    level: Level,
    sector: Option<Sector>,
    body: &'static str,
) -> ItemText {
    ItemText {
        kind,
        theme,
        level,
        sector,
        body,
    }
}

use ActionStatus as A;
use ItemKind::{Hindering, Lesson, Success};
use Level::{Organisation, Professional, School};
use Perspective as P;
use Question::{Contribution, Language, Profession, Together};

pub(crate) const NETWORKS: &[NetworkText] = &[
    NetworkText {
        kind: NetworkKind::Network,
        name: "Leernetwerk Friesland onderwijs-jeugdhulp",
        description: "Regionaal leernetwerk van scholen, jeugdhulpaanbieders, wijkteams, gemeenten en ouders. Vier keer per jaar een bijeenkomst van drie uur met een dialoogtafel over een thema uit de Handreiking.",
        members: &[
            account("ib", "ib@demo.brug.nl", P::Coordinator),
            account("leerkracht", "leerkracht@demo.brug.nl", P::Teacher),
            account("jeugdhulp", "jeugdhulp@demo.brug.nl", P::CareWorker),
            account("wijkteam", "wijkteam@demo.brug.nl", P::Wijkteam),
            account("beleid", "beleid@demo.brug.nl", P::PolicyMaker),
            person("jongere", "Jildou H.", "Jongerenpanel", P::Youth),
            person("ouder", "Sjoerd de Vries", "Ouderplatform", P::Parent),
            person(
                "directeur",
                "Hanneke Postma",
                "Directie basisonderwijs",
                P::Manager,
            ),
            person(
                "manager",
                "Wouter Dijkstra",
                "Teamleider jeugdhulp",
                P::Manager,
            ),
        ],
        sessions: &[
            SessionText {
                kind: SessionKind::CaseTranscending,
                title: "Wie heeft de regie als het vastloopt?",
                theme: Some(Theme::Steering),
                days_ago: 280,
                story_intro: None,
                contributions: &[
                    (
                        "ib",
                        Language,
                        "Als ik 'regie' zeg, bedoel ik het overzicht over het hele plan. De jeugdhulp hoort daarin vaak 'casusregie' over het gezin. We praten langs elkaar heen zonder het te merken.",
                    ),
                    (
                        "jeugdhulp",
                        Profession,
                        "Wij werken met een beschikking en een hulpverleningsplan. Als de school iets anders wil, moet dat via de gemeente. Dat voelt voor school als traagheid, voor ons is het zorgvuldigheid.",
                    ),
                    (
                        "ouder",
                        Together,
                        "Als ouder wist ik na een half jaar nog niet wie ik moest bellen. Iedereen was aardig, maar niemand was van ons.",
                    ),
                    (
                        "wijkteam",
                        Together,
                        "Het wijkteam neemt de regie vaak pas als het al escaleert. Eerder aanschuiven bij het ondersteuningsteam scheelt maanden.",
                    ),
                    (
                        "beleid",
                        Contribution,
                        "De gemeente kan afspreken dat er per school één vaste contactpersoon van het wijkteam is, met tijd daarvoor in het contract.",
                    ),
                    (
                        "manager",
                        Contribution,
                        "Wij kunnen onze jeugdhulpverleners ruimte geven om bij het ondersteuningsteam te zijn, als de school de data vroeg doorgeeft.",
                    ),
                ],
                items: &[
                    item(
                        Hindering,
                        Theme::Steering,
                        Professional,
                        Some(Sector::Po),
                        "Ouders weten niet wie de regievoerder is: iedereen denkt mee, niemand houdt het overzicht over het plan van het kind.",
                    ),
                    item(
                        Success,
                        Theme::Steering,
                        School,
                        Some(Sector::Po),
                        "In het eerste overleg wordt hardop afgesproken wie de regievoerder is, en dat staat bovenaan het plan met een telefoonnummer voor ouders.",
                    ),
                    item(
                        Hindering,
                        Theme::Agreements,
                        Organisation,
                        None,
                        "Afspraken over opschalen staan in convenanten die professionals niet kennen; in de praktijk wacht iedereen op elkaar.",
                    ),
                    item(
                        Lesson,
                        Theme::Steering,
                        Professional,
                        None,
                        "Spreek bij de start af wanneer je opschaalt (bijvoorbeeld na zes weken zonder vooruitgang) en naar wie; dan is opschalen geen verwijt maar een afspraak.",
                    ),
                ],
                actions: &[
                    ActionText {
                        theme: Some(Theme::Steering),
                        description: "Per school één vaste contactpersoon van het wijkteam aanwijzen en op de schoolsite zetten",
                        owner: "Beleidsmedewerker jeugd",
                        organisation: "Gemeente",
                        due: -200,
                        follow_up: Some((
                            1,
                            A::Done,
                            "Alle basisscholen hebben nu een vaste wijkteamcoach; de namen staan in Brug bij de sociale kaart.",
                        )),
                    },
                    ActionText {
                        theme: Some(Theme::Agreements),
                        description: "Een opschalingsafspraak van één A4 maken die in elk ondersteuningsteam op tafel ligt",
                        owner: "Intern begeleider",
                        organisation: "Basisschool",
                        due: -150,
                        follow_up: Some((
                            1,
                            A::InProgress,
                            "Concept besproken met het samenwerkingsverband; de gemeente moet nog reageren.",
                        )),
                    },
                ],
            },
            SessionText {
                kind: SessionKind::CaseTranscending,
                title: "De overstap van basisschool naar voortgezet onderwijs",
                theme: Some(Theme::Handover),
                days_ago: 190,
                story_intro: None,
                contributions: &[
                    (
                        "jongere",
                        Profession,
                        "Op de middelbare school moest ik mijn hele verhaal opnieuw vertellen, aan drie mensen. Daarna had ik geen zin meer om iets te zeggen.",
                    ),
                    (
                        "leerkracht",
                        Language,
                        "In groep 8 schrijven wij een onderwijskundig rapport. De jeugdhulp kent dat woord niet en wist niet dat ouders het mogen lezen.",
                    ),
                    (
                        "jeugdhulp",
                        Together,
                        "De hulp loopt door na de zomer, maar de school weet het pas als het misgaat. De warme overdracht stopt bij de schooldeur.",
                    ),
                    (
                        "ouder",
                        Together,
                        "Wij hebben zelf alles doorgestuurd naar de nieuwe school. Dat werkte, maar het hoort niet van ouders af te hangen.",
                    ),
                    (
                        "directeur",
                        Contribution,
                        "Wij plannen voortaan in juni een overdrachtsgesprek waar de jeugdhulp bij is, met toestemming van ouders.",
                    ),
                    (
                        "wijkteam",
                        Contribution,
                        "Het wijkteam kan in de zomer het aanspreekpunt blijven voor het gezin, zodat er geen gat valt.",
                    ),
                ],
                items: &[
                    item(
                        Hindering,
                        Theme::Handover,
                        School,
                        Some(Sector::Vo),
                        "Bij de overstap naar het voortgezet onderwijs moet een jongere het eigen verhaal opnieuw vertellen; de jeugdhulp is niet bij de overdracht.",
                    ),
                    item(
                        Success,
                        Theme::Handover,
                        School,
                        Some(Sector::Po),
                        "Een warme overdracht in juni met leerling, ouders, leerkracht groep 8, mentor en jeugdhulp, met toestemming van ouders vooraf geregeld.",
                    ),
                    item(
                        Success,
                        Theme::Interprofessional,
                        Professional,
                        None,
                        "Jongeren en ouders aan tafel laten vertellen wat voor hen werkte, maakt professionals stil en zet het gesprek op scherp.",
                    ),
                    item(
                        Lesson,
                        Theme::Handover,
                        Organisation,
                        Some(Sector::Vo),
                        "Leg vast wie in de zomervakantie het aanspreekpunt is voor het gezin; anders valt de hulp stil tussen twee schooljaren.",
                    ),
                ],
                actions: &[ActionText {
                    theme: Some(Theme::Handover),
                    description: "Overdrachtsgesprekken in juni plannen met de jeugdhulp erbij, voor alle leerlingen met hulp",
                    owner: "Directeur",
                    organisation: "Basisschool",
                    due: -80,
                    follow_up: Some((
                        2,
                        A::Done,
                        "Twaalf gesprekken gehouden; ouders en mentoren waren positief.",
                    )),
                }],
            },
            SessionText {
                kind: SessionKind::CaseTranscending,
                title: "Gegevens delen: wat mag wel?",
                theme: Some(Theme::Privacy),
                days_ago: 100,
                story_intro: None,
                contributions: &[
                    (
                        "jeugdhulp",
                        Language,
                        "Wij zeggen 'beroepsgeheim' en de school hoort 'we willen niets delen'. Wat we bedoelen: niet zonder toestemming van ouders.",
                    ),
                    (
                        "ib",
                        Profession,
                        "Ik heb informatie nodig om de klas aan te passen, niet het hele dossier. Vaak weet ik niet eens dát er hulp is.",
                    ),
                    (
                        "ouder",
                        Profession,
                        "Als je het mij vraagt en uitlegt waarom, geef ik toestemming. Het gaat mis als het achter mijn rug om gebeurt.",
                    ),
                    (
                        "beleid",
                        Together,
                        "Iedereen is bang voor de AVG, terwijl het gesprek met ouders het eigenlijke antwoord is.",
                    ),
                    (
                        "jeugdhulp",
                        Contribution,
                        "Ik kan met ouders samen opschrijven wat de school mag weten, in hun eigen woorden.",
                    ),
                ],
                items: &[
                    item(
                        Hindering,
                        Theme::Privacy,
                        Professional,
                        None,
                        "Angst voor de privacyregels maakt dat professionals helemaal niets delen, ook niet wat ouders graag gedeeld zien.",
                    ),
                    item(
                        Success,
                        Theme::Privacy,
                        Professional,
                        None,
                        "Vraag toestemming in het gesprek met ouders en kind, leg uit waarom en deel alleen wat nodig is voor het doel.",
                    ),
                    item(
                        Lesson,
                        Theme::DataDriven,
                        Organisation,
                        None,
                        "Tel per school hoeveel leerlingen hulp krijgen en hoe vaak het ondersteuningsteam samenkomt; zonder die cijfers praat de regio over gevoel.",
                    ),
                ],
                actions: &[ActionText {
                    theme: Some(Theme::Privacy),
                    description: "Een toestemmingsformulier in gewone taal maken, samen met het ouderplatform",
                    owner: "Privacyfunctionaris",
                    organisation: "Samenwerkingsverband",
                    due: 45,
                    follow_up: None,
                }],
            },
        ],
        left: &["manager"],
    },
    NetworkText {
        kind: NetworkKind::Community,
        name: "Community of Practice Samen op School",
        description: "Professionals die in het arrangement Samen op School met jeugdhulp in de klas werken: leerkrachten, mentoren, jeugdhulpverleners en zorgcoördinatoren leren van elkaars praktijk.",
        members: &[
            account("zc", "zorgcoordinator@demo.brug.nl", P::Coordinator),
            account("mentor", "mentor@demo.brug.nl", P::Teacher),
            account("jeugdhulp", "jeugdhulp@demo.brug.nl", P::CareWorker),
            account("swv", "swv@demo.brug.nl", P::PolicyMaker),
            person("jongere", "Milan B.", "Leerling vmbo", P::Youth),
            person("ouder", "Esther Kramer", "Ouder", P::Parent),
            person(
                "teamleider",
                "Ruud Bosma",
                "Teamleider jeugdhulp in de school",
                P::Manager,
            ),
        ],
        sessions: &[
            SessionText {
                kind: SessionKind::CaseTranscending,
                title: "Vertrouwen tussen klas en hulpverlener",
                theme: Some(Theme::Trust),
                days_ago: 230,
                story_intro: None,
                contributions: &[
                    (
                        "mentor",
                        Language,
                        "Ik dacht dat de jeugdhulpverlener kwam controleren hoe ik lesgeef. Pas na een paar weken begreep ik dat ze mij wilde helpen.",
                    ),
                    (
                        "jeugdhulp",
                        Profession,
                        "Ik kijk naar het kind in zijn hele omgeving. In de klas zie ik dingen die ik op mijn kantoor nooit zie.",
                    ),
                    (
                        "jongere",
                        Together,
                        "Het was fijn dat mijn begeleider gewoon in de school was. Ik hoefde niet uit de les naar een andere plek.",
                    ),
                    (
                        "zc",
                        Together,
                        "Vertrouwen groeit door elkaar elke week te zien, niet door een convenant.",
                    ),
                    (
                        "teamleider",
                        Contribution,
                        "Wij houden dezelfde jeugdhulpverlener op dezelfde school, ook als dat in de planning lastig is.",
                    ),
                ],
                items: &[
                    item(
                        Success,
                        Theme::Trust,
                        Professional,
                        Some(Sector::Vo),
                        "Een jeugdhulpverlener die vaste dagen in de school is, wordt een collega: leerkrachten lopen binnen met een vraag voordat het escaleert.",
                    ),
                    item(
                        Hindering,
                        Theme::Trust,
                        Professional,
                        Some(Sector::Vo),
                        "Wisselende hulpverleners op een school maken dat het vertrouwen steeds opnieuw moet groeien; leerkrachten haken af.",
                    ),
                    item(
                        Success,
                        Theme::VisionPractice,
                        School,
                        Some(Sector::Vo),
                        "Samen op School werkt als de schoolleiding uitspreekt dat jeugdhulp bij de school hoort, en dat ook in het rooster laat zien.",
                    ),
                    item(
                        Lesson,
                        Theme::Competences,
                        Professional,
                        None,
                        "Laat leerkracht en jeugdhulpverlener een dag bij elkaar meelopen; daarna begrijpen ze elkaars taal en grenzen.",
                    ),
                ],
                actions: &[ActionText {
                    theme: Some(Theme::Competences),
                    description: "Meeloopdagen organiseren voor mentoren bij de jeugdhulpaanbieder en andersom",
                    owner: "Zorgcoördinator",
                    organisation: "Voortgezet onderwijs",
                    due: -120,
                    follow_up: Some((
                        1,
                        A::Done,
                        "Zes mentoren en vier jeugdhulpverleners liepen mee; iedereen wil het volgend jaar weer.",
                    )),
                }],
            },
            SessionText {
                kind: SessionKind::CaseTranscending,
                title: "Tijd en geld voor samenwerken",
                theme: Some(Theme::Financing),
                days_ago: 60,
                story_intro: None,
                contributions: &[
                    (
                        "swv",
                        Language,
                        "Het samenwerkingsverband spreekt van arrangementen, de gemeente van producten en beschikkingen. Het gaat over hetzelfde kind.",
                    ),
                    (
                        "teamleider",
                        Profession,
                        "Een uur overleg op school kunnen wij niet declareren. Dus gaat het overleg er als eerste uit als het druk is.",
                    ),
                    (
                        "ouder",
                        Together,
                        "Voor ons maakt het niet uit uit welk potje het komt. We willen dat het niet stopt als een beschikking afloopt.",
                    ),
                    (
                        "mentor",
                        Contribution,
                        "Ik kan een vast uur per week vrijhouden, als de school dat in mijn taakbeleid zet.",
                    ),
                    (
                        "swv",
                        Contribution,
                        "Het samenwerkingsverband kan met de gemeente één gezamenlijke begroting maken voor Samen op School.",
                    ),
                ],
                items: &[
                    item(
                        Hindering,
                        Theme::Financing,
                        Organisation,
                        None,
                        "Tijd voor overleg op school is voor de jeugdhulp niet te declareren; samenwerken hangt af van de goede wil van de aanbieder.",
                    ),
                    item(
                        Success,
                        Theme::Financing,
                        Organisation,
                        Some(Sector::Vo),
                        "Een gezamenlijke begroting van samenwerkingsverband en gemeente voor jeugdhulp in de school, zonder beschikking per kind.",
                    ),
                    item(
                        Hindering,
                        Theme::Time,
                        School,
                        None,
                        "Leerkrachten hebben geen tijd in hun taakbeleid voor overleg met de jeugdhulp; het gebeurt in de pauze of niet.",
                    ),
                    item(
                        Hindering,
                        Theme::Staffing,
                        Organisation,
                        None,
                        "Door personeelstekort bij school en jeugdhulp wisselen de gezichten vaak en verdwijnt opgebouwde kennis van het kind.",
                    ),
                    item(
                        Lesson,
                        Theme::Time,
                        School,
                        Some(Sector::Vo),
                        "Zet het wekelijkse overleg met de jeugdhulp in het rooster en in het taakbeleid; wat niet gepland is, verdwijnt.",
                    ),
                ],
                actions: &[
                    ActionText {
                        theme: Some(Theme::Financing),
                        description: "Voorstel voor een gezamenlijke begroting Samen op School voorleggen aan gemeente en samenwerkingsverband",
                        owner: "Consulent samenwerkingsverband",
                        organisation: "Samenwerkingsverband",
                        due: -15,
                        follow_up: None,
                    },
                    ActionText {
                        theme: Some(Theme::Time),
                        description: "Een vast overleguur met de jeugdhulp opnemen in het taakbeleid van mentoren",
                        owner: "Teamleider",
                        organisation: "Voortgezet onderwijs",
                        due: 60,
                        follow_up: None,
                    },
                ],
            },
        ],
        left: &[],
    },
    NetworkText {
        kind: NetworkKind::Network,
        name: "Dialoogtafels Heerenveen",
        description: "Dialoogtafels waar ouders, jongeren en professionals van onderwijs, jeugdhulp, wijkteam en gemeente aan de hand van een echte casus de vier vragen stellen: wat is er voor dit kind nodig om onderwijs te volgen?",
        members: &[
            account("ib", "ib@demo.brug.nl", P::Coordinator),
            account("leerkracht", "leerkracht@demo.brug.nl", P::Teacher),
            account("jeugdhulp", "jeugdhulp@demo.brug.nl", P::CareWorker),
            account("wijkteam", "wijkteam@demo.brug.nl", P::Wijkteam),
            account("leerplicht", "leerplicht@demo.brug.nl", P::PolicyMaker),
            account("swv", "swv@demo.brug.nl", P::PolicyMaker),
            person("jongere", "Sem (16)", "Jongerenraad", P::Youth),
            person(
                "ouder",
                "Marieke Terpstra",
                "Ervaringsdeskundige ouder",
                P::Parent,
            ),
            person(
                "manager",
                "Gert Wiersma",
                "Teamleider wijkteams",
                P::Manager,
            ),
        ],
        sessions: &[
            SessionText {
                kind: SessionKind::CaseTranscending,
                title: "Maatwerk: onderwijs op een andere plek",
                theme: Some(Theme::Flexibility),
                days_ago: 150,
                story_intro: None,
                contributions: &[
                    (
                        "leerplicht",
                        Language,
                        "Voor mij is 'maatwerk' een vrijstelling of een aangepast rooster met een einddatum. Voor de jeugdhulp is het een traject zonder einddatum.",
                    ),
                    (
                        "jongere",
                        Profession,
                        "Ik zat een jaar thuis. Wat hielp was twee ochtenden per week les op de zorgboerderij, met een docent die wist wat ik kon.",
                    ),
                    (
                        "swv",
                        Together,
                        "De regels laten meer toe dan we denken. We durven het alleen niet zonder dat iemand anders tekent.",
                    ),
                    (
                        "manager",
                        Contribution,
                        "Het wijkteam kan vervoer en begeleiding regelen als de school het onderwijsdeel blijft dragen.",
                    ),
                ],
                items: &[
                    item(
                        Success,
                        Theme::Flexibility,
                        School,
                        Some(Sector::Vso),
                        "Een deel van de week onderwijs op een zorglocatie, met een docent van de eigen school, houdt een thuiszitter verbonden met school.",
                    ),
                    item(
                        Hindering,
                        Theme::Flexibility,
                        Organisation,
                        None,
                        "Regels over onderwijstijd en bekostiging worden strenger uitgelegd dan nodig; niemand durft als eerste af te wijken.",
                    ),
                    item(
                        Lesson,
                        Theme::Flexibility,
                        Organisation,
                        None,
                        "Leg bij elk maatwerktraject vast wie het onderwijsdeel draagt en wanneer samen wordt gekeken of terugkeer kan.",
                    ),
                ],
                actions: &[ActionText {
                    theme: Some(Theme::Flexibility),
                    description: "Een overzicht maken van de mogelijkheden voor onderwijs-zorgarrangementen in de regio",
                    owner: "Consulent passend onderwijs",
                    organisation: "Samenwerkingsverband",
                    due: -60,
                    follow_up: Some((
                        1,
                        A::InProgress,
                        "Het overzicht is half af; de zorgboerderijen en dagbesteding ontbreken nog.",
                    )),
                }],
            },
            SessionText {
                kind: SessionKind::CaseSpecific,
                title: "Dialoogtafel: een thuiszitter op de basisschool",
                theme: Some(Theme::CrossDomain),
                days_ago: 45,
                story_intro: Some(
                    "Deze casus is door Brug geanonimiseerd en door de procesbegeleider nagelezen. De ouders waren uitgenodigd en hebben meegepraat.",
                ),
                contributions: &[
                    (
                        "ouder",
                        Language,
                        "Iedereen sprak over 'het traject' en 'het arrangement'. Ik wilde alleen weten wanneer mijn kind weer naar school kon.",
                    ),
                    (
                        "jeugdhulp",
                        Language,
                        "Wij noemen het angst en zien het als iets van het gezin. De school noemt het verzuim en ziet het als iets van de leerplicht.",
                    ),
                    (
                        "ib",
                        Profession,
                        "Vanuit school zie ik een kind dat slim is en wil leren, maar niet door de schooldeur komt. Wij hebben een klein lokaal en een vaste juf beschikbaar.",
                    ),
                    (
                        "leerplicht",
                        Profession,
                        "Mijn taak is het recht op onderwijs bewaken, niet straffen. Een proces-verbaal helpt dit gezin niet.",
                    ),
                    (
                        "jongere",
                        Profession,
                        "Toen ik thuiszat, dacht ik dat iedereen boos op me was. Niemand vroeg wat ik zelf wilde.",
                    ),
                    (
                        "wijkteam",
                        Together,
                        "We zien allemaal hetzelfde kind, maar met vijf plannen. Niemand heeft de regie over het geheel.",
                    ),
                    (
                        "swv",
                        Together,
                        "De opschaling naar het expertteam is zes weken blijven liggen omdat niet duidelijk was wie het verzoek moest doen.",
                    ),
                    (
                        "ib",
                        Contribution,
                        "Ik kan elke week een korte terugkoppeling aan ouders en jeugdhulp sturen, in Brug, zodat niemand hoeft te zoeken.",
                    ),
                    (
                        "jeugdhulp",
                        Contribution,
                        "Ik kan de behandeling deels op school doen, in het kleine lokaal, zodat de stap naar de klas kleiner wordt.",
                    ),
                    (
                        "leerplicht",
                        Contribution,
                        "Ik kan meedenken over een tijdelijk aangepast rooster, zodat de opbouw binnen de regels past.",
                    ),
                ],
                items: &[
                    item(
                        Hindering,
                        Theme::CrossDomain,
                        Organisation,
                        Some(Sector::Po),
                        "School, jeugdhulp, wijkteam en leerplicht hadden elk een eigen plan voor hetzelfde kind; er was geen gezamenlijke sturing over de domeinen heen.",
                    ),
                    item(
                        Hindering,
                        Theme::Steering,
                        Organisation,
                        Some(Sector::Po),
                        "Een opschaling naar het expertteam bleef weken liggen omdat niet vaststond wie het verzoek indient.",
                    ),
                    item(
                        Success,
                        Theme::Goals,
                        Professional,
                        Some(Sector::Po),
                        "Eén gezamenlijk doel, in de woorden van ouders en kind: elke ochtend een uur op school, daarna stap voor stap meer.",
                    ),
                    item(
                        Success,
                        Theme::Interprofessional,
                        Professional,
                        Some(Sector::Po),
                        "De behandeling van de jeugdhulp deels op school laten plaatsvinden maakt de stap naar de klas kleiner.",
                    ),
                    item(
                        Success,
                        Theme::Structure,
                        School,
                        Some(Sector::Po),
                        "Een wekelijkse korte terugkoppeling van school aan ouders en jeugdhulp voorkomt dat iedereen op zijn eigen informatie handelt.",
                    ),
                    item(
                        Lesson,
                        Theme::CrossDomain,
                        Organisation,
                        None,
                        "Vraag bij een thuiszitter in het eerste overleg wie namens alle partijen de regie voert en zet dat in het plan; wacht niet op een escalatie.",
                    ),
                    item(
                        Lesson,
                        Theme::Goals,
                        Professional,
                        None,
                        "Vraag het kind zelf wat het wil en neem dat letterlijk op als doel; een thuiszitter voelt zich anders vooral besproken.",
                    ),
                ],
                actions: &[
                    ActionText {
                        theme: Some(Theme::Steering),
                        description: "Afspreken dat de intern begeleider een verzoek aan het expertteam indient binnen twee weken na het besluit",
                        owner: "Consulent passend onderwijs",
                        organisation: "Samenwerkingsverband",
                        due: -10,
                        follow_up: None,
                    },
                    ActionText {
                        theme: Some(Theme::CrossDomain),
                        description: "Eén gezamenlijk plan voor school, jeugdhulp en wijkteam voor thuiszitters, met het kind en ouders erbij",
                        owner: "Teamleider wijkteams",
                        organisation: "Gemeente",
                        due: 75,
                        follow_up: None,
                    },
                ],
            },
        ],
        left: &[],
    },
];

/// Glossary terms the networks proposed, beyond the ones Brug starts with:
/// (term, in education, in youth care, equivalents, proposer's account).
pub(crate) const TERMS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "Arrangement",
        "Extra ondersteuning voor een leerling die de school met het samenwerkingsverband afspreekt, bijvoorbeeld begeleiding in de klas.",
        "Een pakket van zorg of begeleiding; in de jeugdhulp spreekt men eerder van een product of een traject.",
        "Product, traject, maatwerkvoorziening",
        "swv@demo.brug.nl",
    ),
    (
        "Beschikking",
        "Niet in gebruik; de school werkt met een toelaatbaarheidsverklaring of een arrangement.",
        "Het besluit van de gemeente dat een kind of gezin recht heeft op een bepaalde vorm van jeugdhulp, voor een bepaalde duur.",
        "Toelaatbaarheidsverklaring (TLV), arrangement",
        "jeugdhulp@demo.brug.nl",
    ),
    (
        "Toelaatbaarheidsverklaring",
        "Het besluit van het samenwerkingsverband dat een leerling naar het speciaal (basis)onderwijs mag; afgekort TLV.",
        "Niet in gebruik; de jeugdhulp kent de beschikking van de gemeente.",
        "TLV, beschikking",
        "swv@demo.brug.nl",
    ),
    (
        "Groepsplan",
        "Het plan van de leerkracht voor de hele groep, met wat leerlingen met extra behoeften nodig hebben.",
        "Niet in gebruik; in de jeugdhulp verwijst een groepsplan soms naar een groepstraining.",
        "OPP, hulpverleningsplan",
        "leerkracht@demo.brug.nl",
    ),
    (
        "Gezinscoach",
        "Niet in gebruik; de school spreekt van de wijkteammedewerker of het schoolmaatschappelijk werk.",
        "Een professional van het wijkteam die het gezin ondersteunt en de hulp rond het gezin coördineert.",
        "Casusregisseur, regievoerder, schoolmaatschappelijk werker",
        "wijkteam@demo.brug.nl",
    ),
    (
        "Expertteam",
        "Het overleg van samenwerkingsverband en gemeente waar een school een vastgelopen situatie kan inbrengen.",
        "Een team van deskundigen uit jeugdhulp en gemeente dat meedenkt als de gewone hulp geen oplossing biedt.",
        "Escalatieoverleg, bovenschools overleg",
        "ib@demo.brug.nl",
    ),
    (
        "Vrijstelling",
        "Een leerling hoeft (tijdelijk) niet naar school, op grond van de Leerplichtwet; de leerplichtambtenaar beslist.",
        "Niet in gebruik; de jeugdhulp ziet het vooral als het moment waarop onderwijs uit beeld raakt.",
        "Ontheffing, aangepast rooster",
        "leerplicht@demo.brug.nl",
    ),
    (
        "Warme overdracht",
        "Een gesprek tussen oude en nieuwe school, met ouders en leerling, bij de overstap naar een andere school.",
        "Een overdracht waarbij de vorige hulpverlener de nieuwe persoonlijk voorstelt aan het gezin.",
        "Overdrachtsgesprek, onderwijskundig rapport",
        "mentor@demo.brug.nl",
    ),
];

/// A collaboration scan of the demo school with the demo provider: days
/// before the reference date it was taken, the scores per theme (in the
/// order of `Theme::ALL`; 0 = not answered), completed or a draft.
pub(crate) struct ScanText {
    /// The coordinator account that takes the scan (its school).
    pub by: &'static str,
    pub days_ago: i64,
    pub scores: [u8; 16],
    pub complete: bool,
}

pub(crate) const SCANS: &[ScanText] = &[
    ScanText {
        by: "ib@demo.brug.nl",
        days_ago: 330,
        scores: [3, 2, 2, 2, 3, 2, 3, 2, 3, 2, 1, 2, 2, 3, 2, 2],
        complete: true,
    },
    ScanText {
        by: "ib@demo.brug.nl",
        days_ago: 40,
        scores: [4, 3, 4, 4, 4, 2, 3, 3, 4, 3, 2, 2, 3, 4, 3, 3],
        complete: true,
    },
    ScanText {
        by: "zorgcoordinator@demo.brug.nl",
        days_ago: 5,
        scores: [3, 4, 3, 3, 4, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        complete: false,
    },
];
