//! Plausible Dutch texts for demo cases: titles, plan sections, goals,
//! agreements, meeting notes, evaluations and escalations.
//!
//! Every text is a template from a small pool, filled with the child's given
//! name (`{naam}`) and pronouns (`{hij}`, `{hem}`, `{zijn}`). A case picks
//! one theme (what the worry is about) and draws its texts from it, so the
//! child's words, the parents' view, the goals and the agreements of one case
//! tell one story. Nobody in these texts is a real person.

use brug_domain::cases::{
    CaseOutcome, EscalationLevel, EvaluationDecision, FinancingStream, Party,
};
use brug_domain::plan::AgreementKind;
use fastrand::Rng;

/// A goal's texts: what, who contributes, how progress is seen.
#[derive(Debug)]
pub(crate) struct GoalText {
    pub description: &'static str,
    pub contributors: &'static str,
    pub indicator: &'static str,
}

/// An agreement's text and whose it is.
#[derive(Debug)]
pub(crate) struct AgreementText {
    pub action: &'static str,
    pub party: Party,
    pub kind: AgreementKind,
}

/// What a case is about, with the texts that belong to it.
pub(crate) struct Theme {
    pub titles: &'static [&'static str],
    /// Youngest and oldest age (on the reference date) the theme fits.
    pub ages: (u8, u8),
    /// The child's own words, for children under 12 ...
    pub child_young: &'static [&'static str],
    /// ... and for young people from 12.
    pub child_teen: &'static [&'static str],
    pub parents: &'static [&'static str],
    pub needs: &'static [&'static str],
    pub goals: &'static [GoalText],
    pub agreements: &'static [AgreementText],
    pub transfer: &'static [&'static str],
    pub progress: &'static [&'static str],
}

pub(crate) const CONCENTRATIE: usize = 0;
pub(crate) const ANGST: usize = 1;
pub(crate) const GEDRAG: usize = 2;
pub(crate) const LEREN: usize = 3;
pub(crate) const THUIS: usize = 4;
pub(crate) const VERZUIM: usize = 5;
pub(crate) const SOCIAAL: usize = 6;
pub(crate) const PRIKKELS: usize = 7;
pub(crate) const TAAL: usize = 8;
pub(crate) const RITME: usize = 9;

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

use AgreementKind::{ClassroomObservation, HomeVisit, Other as OtherKind, Task};
use Party::{Care, Municipality, Parents, Pupil, School, Swv};

pub(crate) static THEMES: [Theme; 10] = [
    // 0: concentration and work attitude
    Theme {
        titles: &[
            "Concentratie en werkhouding",
            "Moeite met taakgerichtheid in de klas",
            "Onrust en concentratieproblemen",
            "Werkhouding en planning",
        ],
        ages: (6, 20),
        child_young: &[
            "Ik wil wel goed opletten, maar mijn hoofd gaat steeds naar andere dingen. Als het stil is in de klas lukt het beter. Ik vind het fijn als juf even naar me kijkt als ik weer wegdroom.",
            "Soms hoor ik alles tegelijk en dan weet ik niet meer wat ik moest doen. Ik wil graag een kaartje op mijn tafel met de stappen. Met gym en tekenen gaat het goed.",
            "Ik vind rekenen leuk maar ik ben altijd als laatste klaar. Dan word ik boos op mezelf. Ik wil graag korte stukjes werk en dan even bewegen.",
        ],
        child_teen: &[
            "Ik weet best wat ik moet doen, maar ik begin er niet aan. Mijn planner vergeet ik steeds. Het helpt als iemand aan het begin van de week met me kijkt wat er moet gebeuren.",
            "In de les dwaal ik af, vooral bij de vakken waar we lang stil moeten zitten. Ik wil niet steeds apart gezet worden, wel een vaste plek vooraan. Huiswerk maken lukt beter op school dan thuis.",
            "Ik haal onvoldoendes terwijl ik de stof wel snap. Ik vergeet toetsen of begin te laat met leren. Ik wil graag zelf leren plannen, niet dat mijn ouders alles voor me doen.",
        ],
        parents: &[
            "Thuis zien we hetzelfde: {naam} begint enthousiast maar maakt weinig af. Huiswerk kost elke avond strijd. We willen graag weten hoe school het aanpakt, zodat we thuis hetzelfde kunnen doen.",
            "Wij maken ons zorgen dat {naam} achterop raakt terwijl {hij} slim genoeg is. Bij de huisarts is gesproken over een onderzoek naar ADHD. We willen graag dat school en hulpverlening samen optrekken.",
            "{naam} komt moe en opgejaagd thuis. We merken dat structuur helpt: vaste tijden, een rustige plek. We zijn bereid mee te denken, maar hebben zelf ook handvatten nodig.",
        ],
        needs: &[
            "Een voorspelbare dagstructuur met korte werkblokken en vaste beweegmomenten. Instructie in kleine stappen, visueel ondersteund. Een vaste plek in de klas met weinig afleiding.",
            "Hulp bij plannen en organiseren: weekplanning samen opstellen en kort evalueren. Diagnostisch onderzoek naar aandacht en concentratie door de jeugdhulp. Ouders krijgen opvoedondersteuning bij huiswerkbegeleiding.",
            "Extra begeleiding door de mentor (wekelijks tien minuten), een time-timer bij zelfstandig werken, en afstemming tussen school en thuis over dezelfde aanpak.",
        ],
        goals: &[
            goal(
                "{naam} werkt twintig minuten zelfstandig aan een taak zonder hulp van de leerkracht",
                "Leerkracht, {naam} en jeugdhulp",
                "Observatie in de klas: aantal keer hulp vragen per werkblok",
            ),
            goal(
                "{naam} plant zelf het huiswerk voor de week en houdt de planner bij",
                "Mentor, ouders en {naam}",
                "Planner wordt elke maandag getoond; aantal vergeten opdrachten",
            ),
            goal(
                "{naam} maakt de dagtaak af zonder dat deze mee naar huis hoeft",
                "Leerkracht en {naam}",
                "Afgeronde dagtaken per week",
            ),
        ],
        agreements: &[
            agree(
                "Time-timer en stappenkaart invoeren bij zelfstandig werken",
                School,
                Task,
            ),
            agree(
                "Klassenobservatie tijdens rekenles en terugkoppeling aan leerkracht",
                Care,
                ClassroomObservation,
            ),
            agree(
                "Wekelijks planningsgesprek van tien minuten op maandag",
                School,
                Task,
            ),
            agree(
                "Aanmelding voor onderzoek naar aandacht en concentratie",
                Care,
                Task,
            ),
            agree(
                "Thuis een vaste huiswerkplek en huiswerktijd afspreken",
                Parents,
                Task,
            ),
            agree(
                "Planner elke maandag meenemen naar het mentorgesprek",
                Pupil,
                Task,
            ),
        ],
        transfer: &[
            "De stappenkaart die {naam} bij de jeugdhulp gebruikt, ligt ook op de tafel in de klas. De leerkracht gebruikt dezelfde woorden ('eerst, dan, klaar').",
            "Wat {naam} bij de jeugdhulp leert over plannen, wordt in de mentorles geoefend met de eigen weekplanning.",
        ],
        progress: &[
            "Werkt nu gemiddeld een kwartier zelfstandig; na de pauze is het lastiger.",
            "Planner wordt meestal meegenomen; twee opdrachten vergeten deze maand.",
            "Duidelijke vooruitgang bij rekenen, bij taal nog veel afleiding.",
            "Minder vaak uit de bank; gebruikt de time-timer zelf.",
        ],
    },
    // 1: anxiety and low mood
    Theme {
        titles: &[
            "Angst en spanning rond school",
            "Somberheid en terugtrekken",
            "Faalangst",
            "Buikpijn en spanning voor school",
        ],
        ages: (6, 20),
        child_young: &[
            "'s Ochtends heb ik vaak buikpijn en dan wil ik niet naar school. Als ik eenmaal in de klas ben gaat het meestal wel. Ik wil graag dat juf weet dat ik het spannend vind.",
            "Ik ben bang dat ik fouten maak en dat anderen me uitlachen. Beurten vind ik eng. Ik wil liever eerst met juf alleen oefenen.",
            "Ik denk 's avonds heel veel na en dan kan ik niet slapen. Met mijn knuffel en een lampje gaat het iets beter.",
        ],
        child_teen: &[
            "Ik voel me vaak somber en heb nergens zin in. Op school doe ik alsof alles goed gaat. Ik wil dat er één iemand is bij wie ik terecht kan, zonder dat de hele klas het weet.",
            "Bij toetsen klap ik dicht, ook als ik goed geleerd heb. Presentaties vind ik het ergst. Ik zou graag een toets in een aparte ruimte maken.",
            "Ik slaap slecht en kom daardoor vaak te laat. Ik wil wel naar school, maar de drempel is hoog. Een rustige plek waar ik even kan zitten zou helpen.",
        ],
        parents: &[
            "We zien {naam} steeds stiller worden. 's Ochtends is er veel spanning en soms lukt het niet om naar school te gaan. We willen graag dat er snel hulp komt voordat het verzuim groter wordt.",
            "{naam} piekert veel en heeft weinig zelfvertrouwen. Thuis is er ruimte om te praten, maar we weten niet goed hoe we moeten helpen. We hopen op begeleiding voor {naam} en voor ons.",
            "Wij merken dat de spanning rond toetsen enorm is. We willen niet dat {naam} daardoor onder het eigen niveau gaat presteren.",
        ],
        needs: &[
            "Een vaste vertrouwenspersoon op school en een rustige plek om even op adem te komen. Behandeling van de angstklachten door de jeugd-GGZ. Voorspelbaarheid: roosterwijzigingen vooraf melden.",
            "Aanpassingen bij toetsen (aparte ruimte, extra tijd), geleidelijke opbouw van presentaties en begeleiding in het omgaan met spanning. Ouders worden betrokken bij de behandeling.",
            "Dagelijks kort contactmoment bij binnenkomst, en een signaleringsplan voor als het minder gaat.",
        ],
        goals: &[
            goal(
                "{naam} komt elke ochtend op tijd op school, ook als er spanning is",
                "Ouders, mentor en jeugdhulp",
                "Aanwezigheid en te laat komen in het leerlingvolgsysteem",
            ),
            goal(
                "{naam} herkent eigen spanningssignalen en zet een afgesproken strategie in",
                "{naam}, jeugdhulp en leerkracht",
                "Zelfscore op de spanningsthermometer; gebruik van de time-outkaart",
            ),
            goal(
                "{naam} maakt toetsen in de eigen klas met alleen extra tijd als aanpassing",
                "Mentor, {naam} en zorgcoördinator",
                "Aantal toetsen in de klas gemaakt",
            ),
        ],
        agreements: &[
            agree(
                "Dagelijks kort welkomstmoment met de mentor bij binnenkomst",
                School,
                Task,
            ),
            agree(
                "Start behandeling angstklachten (cognitieve gedragstherapie)",
                Care,
                Task,
            ),
            agree(
                "Huisbezoek om de ochtendroutine samen door te nemen",
                Care,
                HomeVisit,
            ),
            agree(
                "Roosterwijzigingen de dag ervoor doorgeven aan {naam}",
                School,
                Task,
            ),
            agree(
                "Signaleringsplan opstellen met {naam} en ouders",
                Care,
                Task,
            ),
            agree("Spanningsthermometer elke vrijdag invullen", Pupil, Task),
        ],
        transfer: &[
            "De ademhalingsoefening die {naam} in de behandeling leert, mag in de klas worden gedaan; de leerkracht weet wat het teken betekent.",
            "De time-outkaart geeft {naam} recht op vijf minuten op de afgesproken rustplek; de mentor bespreekt het gebruik elke week.",
        ],
        progress: &[
            "Deze maand twee keer te laat, verder op tijd. Ochtenden gaan beter.",
            "Gebruikt de time-outkaart gemiddeld één keer per week en komt daarna zelf terug.",
            "Eerste toets in de klas gemaakt, met extra tijd. {naam} was trots.",
            "Spanning rond de toetsweek nam weer toe; strategie opnieuw geoefend.",
        ],
    },
    // 2: behaviour and anger
    Theme {
        titles: &[
            "Gedrag en boosheid in de klas",
            "Conflicten op het plein",
            "Driftbuien en grenzen",
            "Grensoverschrijdend gedrag",
        ],
        ages: (5, 18),
        child_young: &[
            "Als iemand aan mijn spullen komt word ik heel boos en dan sla ik soms. Daarna vind ik het stom. Ik wil leren wat ik dan wel kan doen.",
            "Op het plein doen ze vaak flauw tegen mij en dan krijg ik de schuld. Ik wil dat de juf ook naar mij luistert.",
            "Ik ben snel boos als iets niet lukt. Een plekje om af te koelen helpt, en dat ik daarna gewoon weer mee mag doen.",
        ],
        child_teen: &[
            "Leraren pakken mij sneller aan dan anderen. Als ik me oneerlijk behandeld voel, ontplof ik. Ik wil een afspraak dat ik de les even uit mag in plaats van eruit gestuurd worden.",
            "Ik heb ruzie gehad en ben geschorst. Ik wil niet dat het weer gebeurt. Praten met iemand die niet meteen oordeelt helpt mij.",
        ],
        parents: &[
            "Thuis zien we ook boosheid, vooral na een drukke schooldag. {naam} heeft een goed hart maar kan zich slecht beheersen. We willen graag dezelfde aanpak thuis en op school.",
            "Wij krijgen bijna dagelijks telefoontjes van school. Dat maakt ons moedeloos. We willen samen kijken wat wél goed gaat en daarop bouwen.",
        ],
        needs: &[
            "Een duidelijke, positieve aanpak met vaste afspraken en een afkoelplek. Training in emotieregulatie bij de jeugdhulp. Ouders ondersteunen met dezelfde aanpak thuis.",
            "Meer toezicht en structuur tijdens vrije momenten (pauze, overblijven). Een vaste volwassene om het dagverloop kort na te bespreken.",
        ],
        goals: &[
            goal(
                "{naam} gebruikt de afkoelplek in plaats van te slaan of te schoppen",
                "{naam}, leerkracht en jeugdhulp",
                "Aantal incidenten per week in het logboek",
            ),
            goal(
                "{naam} speelt in de pauze zonder conflict dat ingrijpen vraagt",
                "Pleinwacht, leerkracht en {naam}",
                "Pleinrapport: dagen zonder incident",
            ),
            goal(
                "{naam} en ouders hebben thuis minder conflicten na schooltijd",
                "Ouders, jeugdhulp",
                "Weekscore van ouders (1 tot 10)",
            ),
        ],
        agreements: &[
            agree(
                "Afkoelplek inrichten en met de klas bespreken",
                School,
                Task,
            ),
            agree(
                "Training emotieregulatie (agressieregulatie) starten",
                Care,
                Task,
            ),
            agree(
                "Observatie tijdens de pauze en gesprek met pleinwachten",
                Care,
                ClassroomObservation,
            ),
            agree(
                "Dagelijks kort schriftje tussen school en thuis",
                School,
                Task,
            ),
            agree(
                "Opvoedondersteuning voor ouders (zes gesprekken)",
                Care,
                HomeVisit,
            ),
            agree(
                "Positief belsysteem: ouders ook bellen als het goed gaat",
                School,
                Task,
            ),
        ],
        transfer: &[
            "De stoplichtkaart uit de training (rood: stop, oranje: denk na, groen: doe) hangt ook in de klas. De leerkracht verwijst ernaar in plaats van te straffen.",
            "Na een conflict gebruikt de leerkracht dezelfde vier vragen als de jeugdhulpverlener bij het nagesprek.",
        ],
        progress: &[
            "Aantal incidenten gedaald van vijf naar twee per week.",
            "Gebruikt de afkoelplek nu zelf, meestal binnen tien minuten terug.",
            "Pauzes blijven lastig; extra toezicht bij het voetballen afgesproken.",
            "Ouders merken thuis meer rust; weekscore van 4 naar 6.",
        ],
    },
    // 3: learning difficulties
    Theme {
        titles: &[
            "Leerachterstand lezen en spelling",
            "Vermoeden van dyslexie",
            "Moeite met rekenen",
            "Leerachterstand na wisseling van school",
        ],
        ages: (6, 16),
        child_young: &[
            "Lezen vind ik moeilijk, de letters dansen soms. Ik lees liever samen met iemand. Ik schaam me als ik hardop moet lezen in de kring.",
            "Met rekenen snap ik de sommen niet als ze snel gaan. Met blokjes begrijp ik het wel. Ik wil niet steeds naar een ander groepje.",
        ],
        child_teen: &[
            "Ik lees langzaam en daardoor haal ik de toetsen niet af. Met voorleessoftware gaat het veel beter. Ik wil dat alle docenten dat weten.",
            "Wiskunde gaat te snel. Als ik een keer iets mis, haal ik het niet meer in. Ik wil graag extra uitleg in een klein groepje.",
        ],
        parents: &[
            "Wij lezen thuis elke dag met {naam}, maar de vooruitgang is klein. We vragen ons af of er sprake is van dyslexie. We willen graag weten wat school al gedaan heeft.",
            "{naam} raakt gefrustreerd bij het huiswerk. In de familie komt dyslexie voor. We willen een onderzoek en duidelijkheid.",
        ],
        needs: &[
            "Intensieve begeleiding lezen (drie keer per week in een klein groepje), onderzoek naar dyslexie en compenserende middelen zoals voorleessoftware.",
            "Rekeninstructie met concreet materiaal, verlengde instructie en een eigen leerlijn voor rekenen waar nodig.",
        ],
        goals: &[
            goal(
                "{naam} leest op het niveau dat past bij de groep met een AVI-score die elk half jaar stijgt",
                "Leerkracht, remedial teacher en ouders",
                "AVI- en DMT-toetsen",
            ),
            goal(
                "{naam} gebruikt voorleessoftware zelfstandig bij alle vakken",
                "{naam}, mentor en docenten",
                "Gebruik volgens de docenten; cijfers bij de zaakvakken",
            ),
            goal(
                "{naam} beheerst de tafels tot tien",
                "Leerkracht, {naam} en ouders",
                "Tafeltoets",
            ),
        ],
        agreements: &[
            agree(
                "Aanvraag dyslexieonderzoek met leerlingdossier",
                School,
                Task,
            ),
            agree(
                "Leesbegeleiding in klein groepje drie keer per week",
                School,
                Task,
            ),
            agree("Thuis dagelijks tien minuten samen lezen", Parents, Task),
            agree("Dyslexiebehandeling starten na de diagnose", Care, Task),
            agree(
                "Voorleessoftware installeren en uitleggen",
                School,
                OtherKind,
            ),
        ],
        transfer: &[
            "De leesstrategie uit de behandeling (eerst de plaatjes en kopjes bekijken) wordt in de klas gebruikt bij begrijpend lezen.",
            "De behandelaar stuurt na elke vijf sessies een korte update, zodat de leerkracht dezelfde klanken oefent.",
        ],
        progress: &[
            "AVI-niveau omhoog, tempo nog laag.",
            "Gebruikt de voorleessoftware bij geschiedenis en aardrijkskunde.",
            "Tafels van 1 tot 5 gaan goed, 6 tot 9 nog oefenen.",
            "Motivatie beter sinds er duidelijkheid is over de diagnose.",
        ],
    },
    // 4: home situation
    Theme {
        titles: &[
            "Zorgen over de thuissituatie",
            "Scheiding ouders en spanning",
            "Ondersteuning gezin",
            "Mantelzorgtaken thuis",
        ],
        ages: (4, 20),
        child_young: &[
            "Papa en mama wonen niet meer samen. Ik ben de ene week bij papa en de andere week bij mama. Soms vergeet ik mijn gymspullen. Ik wil dat iedereen weet waar ik ben.",
            "Thuis is het soms druk en dan kan ik mijn huiswerk niet maken. Op school is het rustiger.",
        ],
        child_teen: &[
            "Ik zorg thuis veel voor mijn broertjes omdat mijn moeder ziek is. Daardoor ben ik vaak moe en kom ik te laat. Ik wil niet dat de school daar meteen over gaat straffen.",
            "Ik wil niet alles vertellen over thuis, maar het helpt als mijn mentor weet dat het even zwaar is.",
        ],
        parents: &[
            "We zitten in een scheiding en proberen het voor {naam} zo rustig mogelijk te houden. We willen allebei op de hoogte blijven van wat er op school gebeurt.",
            "Het gezin heeft het financieel en emotioneel zwaar. We staan open voor hulp, maar willen niet dat {naam} zich anders voelt dan andere kinderen.",
        ],
        needs: &[
            "Een vaste contactpersoon op school, ondersteuning van het gezin vanuit het wijkteam, en afstemming over informatie naar beide ouders.",
            "Ruimte voor {naam} om op school even te praten, en praktische steun thuis zodat de zorgtaken minder zwaar zijn.",
        ],
        goals: &[
            goal(
                "{naam} heeft wekelijks een moment met een vaste volwassene op school",
                "Mentor of intern begeleider, {naam}",
                "Gesprekken in het logboek",
            ),
            goal(
                "Het gezin heeft passende ondersteuning thuis",
                "Wijkteam en ouders",
                "Inzet gezinsondersteuning gestart en geëvalueerd",
            ),
            goal(
                "{naam} komt uitgerust en op tijd naar school",
                "Ouders, wijkteam en school",
                "Te laat en verzuim per maand",
            ),
        ],
        agreements: &[
            agree("Huisbezoek door het wijkteam", Municipality, HomeVisit),
            agree(
                "Informatie over schoolzaken naar beide ouders sturen",
                School,
                Task,
            ),
            agree("Aanmelding gezinsondersteuning", Municipality, Task),
            agree(
                "Ouders geven wisselingen van week tijdig door aan de mentor",
                Parents,
                Task,
            ),
            agree(
                "Aanmelden bij de steungroep voor jonge mantelzorgers",
                Care,
                OtherKind,
            ),
        ],
        transfer: &[
            "De mentor weet welke week {naam} bij welke ouder is en houdt daar rekening mee bij huiswerk en spullen.",
            "Wat in de gezinsondersteuning wordt afgesproken over ritme, sluit aan bij de afspraken over te laat komen op school.",
        ],
        progress: &[
            "Gezinscoach is gestart; eerste gesprekken verliepen goed.",
            "Minder te laat sinds de nieuwe ochtendafspraken.",
            "Beide ouders zijn bij het laatste gesprek geweest.",
            "Zorgtaken thuis nog zwaar, steungroep helpt wel.",
        ],
    },
    // 5: absence and school refusal
    Theme {
        titles: &[
            "Schoolverzuim",
            "Thuiszitten en terugkeer naar school",
            "Schoolweigering",
            "Oplopend verzuim",
        ],
        ages: (5, 18),
        child_young: &[
            "Ik wil niet meer naar school want daar is het te druk en te lawaaierig. Thuis voel ik me veilig. Misschien kan ik eerst een klein stukje van de dag komen.",
            "Ik mis mijn klasgenootjes wel. Als ik eerst met juf alleen mag komen, durf ik het misschien weer.",
        ],
        child_teen: &[
            "Ik zit nu al weken thuis. Ik wil wel weer leren, maar niet terug naar die klas. Ik wil meedenken over waar ik wel naartoe kan.",
            "Elke ochtend denk ik: vandaag ga ik, en dan lukt het niet. Ik wil klein beginnen, een uur per dag, en dat opbouwen.",
            "Ik voel me dom omdat ik zoveel gemist heb. Ik wil iemand die met me kijkt wat ik thuis al kan doen.",
        ],
        parents: &[
            "Wij zijn radeloos. Elke ochtend is een strijd en {naam} raakt steeds verder achter. We willen dat school, zorg en gemeente samen een plan maken, en dat er één persoon is die ons op de hoogte houdt.",
            "We hebben het gevoel dat we van het kastje naar de muur worden gestuurd. {naam} heeft recht op onderwijs. We willen graag een passende plek, desnoods tijdelijk.",
        ],
        needs: &[
            "Een opbouwschema voor terugkeer, begeleiding bij de overstap van huis naar school, behandeling van wat het verzuim veroorzaakt, en een maandelijks overleg van school, jeugdhulp en ouders.",
            "Een tijdelijk passend onderwijsaanbod (onderwijs-zorgarrangement), inzet van de leerplichtambtenaar als partner, en duidelijke regie.",
        ],
        goals: &[
            goal(
                "{naam} is binnen acht weken weer drie ochtenden per week op school",
                "School, jeugdhulp, ouders en {naam}",
                "Aanwezigheid per week volgens het opbouwschema",
            ),
            goal(
                "{naam} volgt thuis onderwijs op afstand tot de terugkeer",
                "Mentor en {naam}",
                "Ingeleverde opdrachten per week",
            ),
            goal(
                "Er is een passende onderwijsplek voor {naam}",
                "Samenwerkingsverband, school en ouders",
                "Besluit over het arrangement",
            ),
        ],
        agreements: &[
            agree(
                "Opbouwschema terugkeer opstellen met {naam} en ouders",
                School,
                Task,
            ),
            agree(
                "Verzuimmelding en gesprek met de leerplichtambtenaar",
                Municipality,
                Task,
            ),
            agree(
                "Huisbezoek om de ochtendroutine te begeleiden",
                Care,
                HomeVisit,
            ),
            agree(
                "Aanvraag onderwijs-zorgarrangement bij het samenwerkingsverband",
                Swv,
                Task,
            ),
            agree(
                "Wekelijks schoolwerk thuis klaarzetten en nakijken",
                School,
                Task,
            ),
            agree(
                "Maandelijks overleg school, jeugdhulp en ouders plannen",
                School,
                Task,
            ),
        ],
        transfer: &[
            "Het opbouwschema is voor iedereen hetzelfde: thuis, op school en bij de jeugdhulp wordt over dezelfde stappen gesproken.",
            "De plek waar {naam} start (de stilteruimte) is vooraf samen met de jeugdhulpverlener bekeken.",
        ],
        progress: &[
            "Eerste twee ochtenden op school geweest, één uur per keer.",
            "Terugval na de vakantie; schema met een stap teruggezet.",
            "Maakt thuis de opdrachten, contact met de mentor via video.",
            "Nu drie ochtenden per week aanwezig.",
        ],
    },
    // 6: social-emotional, bullying
    Theme {
        titles: &[
            "Pesten en sociale veiligheid",
            "Weinig aansluiting bij klasgenoten",
            "Sociaal-emotionele ontwikkeling",
        ],
        ages: (6, 18),
        child_young: &[
            "In de pauze speelt niemand met mij. Ze zeggen dat ik raar ben. Ik wil graag een vriendje in de klas.",
            "Ik word uitgescholden in de groepsapp. Ik durf het niet te zeggen want dan wordt het erger.",
        ],
        child_teen: &[
            "Ik word al een tijd buitengesloten. Ik wil niet dat de hele klas erover praat, maar het moet wel stoppen.",
            "Ik vind het lastig om aansluiting te vinden. Bij mijn hobby gaat het wel goed. Ik wil graag oefenen met hoe je een gesprek begint.",
        ],
        parents: &[
            "{naam} komt verdrietig thuis en wil niet vertellen wat er is. Wij vermoeden dat er gepest wordt. We willen dat school ingrijpt en ons op de hoogte houdt.",
            "We zien dat {naam} weinig vriendjes heeft en zich eenzaam voelt. Thuis is {naam} vrolijk en open.",
        ],
        needs: &[
            "Een aanpak tegen pesten in de groep, een veilige plek en vertrouwenspersoon, en een sociale vaardigheidstraining.",
            "Begeleiding bij het leggen van contact, en aandacht voor de groepsdynamiek in de klas.",
        ],
        goals: &[
            goal(
                "{naam} voelt zich veilig in de klas en op het plein",
                "Leerkracht, {naam} en ouders",
                "Veiligheidsscore in de leerlingvragenlijst; gesprek elke twee weken",
            ),
            goal(
                "{naam} heeft minstens één klasgenoot om mee op te trekken",
                "{naam}, mentor en jeugdhulp",
                "Eigen inschatting van {naam} en observatie",
            ),
        ],
        agreements: &[
            agree("Groepsgesprek en anti-pestaanpak in de klas", School, Task),
            agree("Sociale vaardigheidstraining in een groep", Care, Task),
            agree(
                "Observatie van de groepsdynamiek",
                Care,
                ClassroomObservation,
            ),
            agree(
                "Groepsapp-incident bespreken met betrokken ouders",
                School,
                OtherKind,
            ),
        ],
        transfer: &[
            "De gespreksstarters uit de training worden in de klas geoefend tijdens coöperatieve werkvormen.",
            "De leerkracht zet {naam} bewust samen met een klasgenoot met wie het klikt.",
        ],
        progress: &[
            "Geen nieuwe meldingen van pesten sinds het groepsgesprek.",
            "Speelt in de pauze vaker mee met een vast groepje.",
            "Training loopt; {naam} vindt het spannend maar gaat wel.",
        ],
    },
    // 7: autism, sensory processing
    Theme {
        titles: &[
            "Prikkelverwerking en voorspelbaarheid",
            "Ondersteuning bij autisme",
            "Overvraging in de klas",
        ],
        ages: (4, 20),
        child_young: &[
            "Het is te hard in de klas. Als er iets verandert wat ik niet wist, word ik verdrietig. Ik wil een koptelefoon en een plaatje van de dag.",
            "Ik vind het fijn als alles op dezelfde manier gaat. Bij een invaljuf weet ik niet wat er gaat gebeuren.",
        ],
        child_teen: &[
            "In de gangen is het te druk en na school ben ik helemaal op. Ik wil eerder de les uit mogen en een vaste plek in de kantine.",
            "Ik snap niet altijd wat leraren bedoelen als ze het niet letterlijk zeggen. Ik wil dat opdrachten op papier staan.",
        ],
        parents: &[
            "{naam} houdt zich op school groot en stort thuis in. We willen dat school ziet hoeveel energie het kost. Voorspelbaarheid is voor {naam} het allerbelangrijkst.",
            "Na de diagnose autisme weten we beter wat {naam} nodig heeft. We willen die kennis graag delen met school.",
        ],
        needs: &[
            "Een voorspelbare dag (dagschema, wijzigingen vooraf), een prikkelarme werkplek en rustmomenten, en begeleiding door een ambulant begeleider met kennis van autisme.",
            "Letterlijke, schriftelijke instructies en een vaste contactpersoon bij wie {naam} terecht kan.",
        ],
        goals: &[
            goal(
                "{naam} houdt de schooldag vol zonder overprikkeling na de middagpauze",
                "Leerkracht, ambulant begeleider en ouders",
                "Dagscore van {naam} en ouders",
            ),
            goal(
                "{naam} kan omgaan met een onverwachte verandering met hulp van het dagschema",
                "{naam}, leerkracht en jeugdhulp",
                "Observatie bij roosterwijzigingen",
            ),
        ],
        agreements: &[
            agree("Dagschema met pictogrammen invoeren", School, Task),
            agree("Prikkelarme werkplek en koptelefoon regelen", School, Task),
            agree(
                "Ambulante begeleiding autisme (twee uur per week)",
                Care,
                Task,
            ),
            agree(
                "Klassenobservatie en advies aan het team",
                Care,
                ClassroomObservation,
            ),
            agree(
                "Eerder de les uit om drukte in de gang te vermijden",
                School,
                Task,
            ),
        ],
        transfer: &[
            "Het dagschema dat thuis en bij de begeleiding wordt gebruikt, is hetzelfde als in de klas.",
            "De ambulant begeleider geeft het team een korte uitleg over wat overprikkeling bij {naam} is en hoe je het ziet.",
        ],
        progress: &[
            "Dagschema werkt goed; minder onrust na de pauze.",
            "Invaldag zonder grote paniek doorgekomen met het schema.",
            "Thuis nog erg moe; middag rustmoment toegevoegd.",
        ],
    },
    // 8: language and speech (young children)
    Theme {
        titles: &[
            "Taalontwikkeling en spraak",
            "Taalachterstand in de onderbouw",
            "Ondersteuning bij spreken en begrijpen",
        ],
        ages: (4, 9),
        child_young: &[
            "Ik weet het wel maar ik kan het niet goed zeggen. Dan lachen ze. Ik wijs liever.",
            "Juf praat soms te snel. Met plaatjes snap ik het beter.",
        ],
        child_teen: &["Ik vind praten in de klas moeilijk. Schrijven gaat beter."],
        parents: &[
            "Thuis spreken we twee talen. {naam} begrijpt veel, maar praat weinig. We willen weten hoe we thuis kunnen helpen.",
            "De logopedist ziet vooruitgang, maar op school durft {naam} nog weinig te zeggen.",
        ],
        needs: &[
            "Logopedie, extra taalaanbod in kleine groepjes, en afstemming tussen logopedist en leerkracht over woordenschat.",
            "Visuele ondersteuning bij instructies en veel gelegenheid om te oefenen met spreken in een veilige setting.",
        ],
        goals: &[
            goal(
                "{naam} vertelt in de kring in korte zinnen over een eigen ervaring",
                "Leerkracht, logopedist en ouders",
                "Observatie in de kring, twee keer per maand",
            ),
            goal(
                "{naam} kent de woorden van het thema in de klas",
                "Leerkracht en ouders",
                "Woordenschattoets per thema",
            ),
        ],
        agreements: &[
            agree("Logopedie eens per week, ook op school", Care, Task),
            agree("Themawoorden meegeven naar huis", School, Task),
            agree("Thuis voorlezen in de eigen taal", Parents, Task),
            agree(
                "Klassenbezoek door de logopedist",
                Care,
                ClassroomObservation,
            ),
        ],
        transfer: &[
            "De logopedist geeft elke periode de oefenwoorden door; de leerkracht gebruikt ze in de kring.",
        ],
        progress: &[
            "Vertelt nu in de kring met hulp van een plaatje.",
            "Woordenschat van het thema grotendeels gekend.",
        ],
    },
    // 9: rhythm, gaming, substances (teenagers)
    Theme {
        titles: &[
            "Dag- en nachtritme en motivatie",
            "Gamen en verzuim",
            "Zorgen over middelengebruik",
            "Motivatie en toekomstperspectief",
        ],
        ages: (13, 23),
        child_young: &["Ik ben vaak moe."],
        child_teen: &[
            "Ik game tot laat en kom daarom niet uit bed. Ik weet dat het niet goed is, maar school voelt zinloos. Ik wil wel een diploma, vooral voor later.",
            "Ik blow soms om rustig te worden. Ik wil niet dat mijn ouders alles horen. Ik wil wel praten met iemand die er verstand van heeft.",
            "Ik weet niet wat ik wil worden. Een stage waar ik echt iets doe zou me helpen om gemotiveerd te blijven.",
        ],
        parents: &[
            "We krijgen {naam} 's ochtends niet uit bed. Er is veel ruzie over schermtijd. We willen hulp, maar {naam} moet er zelf achter staan.",
            "We maken ons zorgen over de vrienden en over middelengebruik. We hopen dat school en hulpverlening samen een lijn trekken.",
        ],
        needs: &[
            "Motiverende gesprekken, hulp bij het dag- en nachtritme, een praktijkgericht perspectief (stage, loopbaanbegeleiding) en voorlichting over middelen.",
            "Een coach die {naam} zelf kiest en vertrouwt, en duidelijke afspraken over aanwezigheid met de leerplichtambtenaar.",
        ],
        goals: &[
            goal(
                "{naam} is elke dag om negen uur op school",
                "{naam}, ouders en mentor",
                "Aanwezigheid en te laat komen",
            ),
            goal(
                "{naam} heeft een stageplek die past bij de eigen interesse",
                "Loopbaanbegeleider en {naam}",
                "Stageovereenkomst getekend",
            ),
            goal(
                "{naam} vermindert het middelengebruik",
                "{naam} en jeugdhulp",
                "Eigen registratie, besproken met de hulpverlener",
            ),
        ],
        agreements: &[
            agree("Motiverende gesprekken met een jongerencoach", Care, Task),
            agree("Afspraken over schermtijd thuis vastleggen", Parents, Task),
            agree("Loopbaangesprek en oriëntatie op stage", School, Task),
            agree(
                "Gesprek met de leerplichtambtenaar over verzuim",
                Municipality,
                Task,
            ),
            agree(
                "Wekker zetten en zelf melden bij de mentor bij te laat komen",
                Pupil,
                Task,
            ),
        ],
        transfer: &[
            "De afspraken uit de gesprekken met de jongerencoach over ritme worden door de mentor gevolgd in het wekelijkse contact.",
        ],
        progress: &[
            "Twee weken op tijd; daarna weer een terugval.",
            "Stageplek gevonden bij een garagebedrijf.",
            "Gebruik volgens eigen zeggen minder; gesprekken lopen.",
        ],
    },
];

/// The theme weights for a child of `age`, at a special school or not.
pub(crate) fn pick_theme(rng: &mut Rng, age: u8, special: bool) -> usize {
    let mut weights = [0.0f64; 10];
    let base: [f64; 10] = if special {
        [10.0, 10.0, 16.0, 6.0, 8.0, 6.0, 6.0, 22.0, 4.0, 4.0]
    } else if age < 12 {
        [20.0, 12.0, 16.0, 18.0, 10.0, 3.0, 10.0, 7.0, 6.0, 0.0]
    } else {
        [16.0, 18.0, 9.0, 7.0, 10.0, 8.0, 9.0, 7.0, 0.0, 16.0]
    };
    for (i, theme) in THEMES.iter().enumerate() {
        if (theme.ages.0..=theme.ages.1).contains(&age) {
            weights[i] = base[i];
        }
    }
    crate::registry::weighted(rng, &weights)
}

pub(crate) fn pick<'a>(rng: &mut Rng, list: &[&'a str]) -> &'a str {
    list[rng.usize(0..list.len())]
}

/// Fill in the child's name and pronouns.
pub(crate) fn fill(template: &str, name: &str, female: bool) -> String {
    let mut out = template.replace("{naam}", name);
    if out.contains("{h") || out.contains("{zijn}") {
        let (hij, hem, zijn) = if female {
            ("zij", "haar", "haar")
        } else {
            ("hij", "hem", "zijn")
        };
        out = out
            .replace("{hij}", hij)
            .replace("{hem}", hem)
            .replace("{zijn}", zijn);
    }
    out
}

pub(crate) const STRENGTHS: &[&str] = &[
    "{naam} is behulpzaam en zorgzaam voor jongere kinderen. Creatief: tekent en bouwt graag. Heeft een goed gevoel voor humor.",
    "{naam} is sportief en doet graag mee met spelletjes in een klein groepje. Kan goed met dieren omgaan. Ouders zijn betrokken en willen meedenken.",
    "{naam} heeft een groot rechtvaardigheidsgevoel en komt op voor anderen. Is goed in rekenen en techniek.",
    "{naam} is nieuwsgierig en stelt goede vragen. Heeft een fijne band met de eigen leerkracht. Er is een steunend netwerk van opa, oma en een buurvrouw.",
    "{naam} is doorzetter als iets echt interessant is, weet veel van natuur en geschiedenis, en kan mooi vertellen.",
    "{naam} werkt graag met de handen en is praktisch ingesteld. Heeft een bijbaan en neemt daar verantwoordelijkheid.",
    "{naam} is muzikaal en zit op een muziekvereniging. Eerlijk over hoe het gaat, ook als het moeilijk is.",
];

pub(crate) const EXPECTATIONS: &[&str] = &[
    "We hebben bij de start uitgesproken wat iedereen van elkaar mag verwachten: school zorgt voor de aanpassingen in de klas, de jeugdhulp voor de behandeling en de terugkoppeling, ouders voor de afspraken thuis. We bellen elkaar als iets niet loopt en wachten niet tot het volgende overleg.",
    "Ouders verwachten snelle en eerlijke informatie. School verwacht van de jeugdhulp een korte terugkoppeling na elke vijf sessies. De jeugdhulp verwacht dat school observaties deelt. We spreken af dat de casusregisseur de actiepunten bewaakt.",
    "Verwachting van {naam}: dat er naar {hem} geluisterd wordt en dat niet iedereen alles over thuis hoeft te weten. Verwachting van ouders: één vast aanspreekpunt. Verwachting van school en zorg: dat afspraken binnen twee weken worden opgepakt.",
    "We verwachten niet dat alles in een paar weken is opgelost. Na drie maanden kijken we samen of de aanpak werkt. Iedereen mag zeggen als iets niet haalbaar is.",
];

pub(crate) const EVALUATION_TEXT: &[&str] = &[
    "We evalueren elke drie maanden met school, jeugdhulp, ouders en {naam}. We kijken naar de doelen en beslissen samen of we doorgaan, opschalen of afschalen.",
    "Eerste evaluatie na zes weken (werkt de aanpak in de klas?), daarna elke tien weken. Bij geen vooruitgang na twee evaluaties bespreken we opschalen.",
    "Evaluatie in het ondersteuningsteam, met ouders. {naam} bereidt met de mentor voor wat goed ging en wat beter kan.",
];

/// What a meeting is about: agenda, notes and decisions.
pub(crate) const AGENDAS: &[&str] = &[
    "1. Opening en doel van het overleg\n2. Hoe gaat het met {naam}? (school, thuis, hulp)\n3. Voortgang van de doelen\n4. Afspraken en wie wat doet\n5. Volgende overleg",
    "1. Korte ronde: wat zien we?\n2. Terugkoppeling van de jeugdhulp\n3. Wat heeft {naam} nodig in de klas?\n4. Actiepunten",
    "1. Aanleiding\n2. Wat gaat goed, wat is lastig\n3. Wat willen {naam} en ouders\n4. Besluiten en afspraken",
];

pub(crate) const MEETING_NOTES: &[&str] = &[
    "Ouders geven aan dat het thuis rustiger is. School ziet in de klas nog wisselend gedrag, vooral na het weekend. De jeugdhulpverlener licht de aanpak toe; iedereen herkent het beeld.",
    "{naam} was het eerste kwartier aanwezig en vertelde zelf wat helpt: vooraf weten wat er komt. De leerkracht neemt dat mee. Over de planning van de behandeling is nog geen duidelijkheid.",
    "Het team constateert dat de afspraken deels zijn uitgevoerd. De wachttijd bij de zorgaanbieder is een knelpunt. Ouders voelen zich gehoord.",
    "Vooruitgang op twee van de drie doelen. Het derde doel is te groot geformuleerd en wordt opgeknipt. Iedereen is tevreden over de samenwerking.",
];

pub(crate) const MEETING_DECISIONS: &[&str] = &[
    "We gaan door met de huidige aanpak. De jeugdhulp koppelt na vijf sessies terug. Het doel voor de pauzes wordt aangescherpt.",
    "School regelt een vaste plek in de klas; ouders melden zich bij het wijkteam; volgende overleg over zes weken.",
    "We vragen een arrangement aan bij het samenwerkingsverband. De intern begeleider stelt de aanvraag op met ouders.",
    "De behandeling start zo snel mogelijk; tot die tijd begeleidt het wijkteam. We evalueren over acht weken.",
];

pub(crate) const PROGRESS_GENERIC: &[&str] = &[
    "Stabiel; geen grote veranderingen sinds het vorige overleg.",
    "Wisselend beeld: goede en mindere weken.",
    "Kleine stappen vooruit, {naam} is zelf positief.",
    "Afgesproken aanpak wordt nog niet overal toegepast.",
];

/// A note with an evaluation score that says what the score says.
pub(crate) fn score_notes(score: i64) -> &'static [&'static str] {
    match score {
        8.. => &[
            "Doel bereikt volgens school en ouders.",
            "Duidelijke vooruitgang, doel bijna bereikt.",
        ],
        6..=7 => &[
            "Duidelijke vooruitgang; nog niet elke dag.",
            "Wisselend: goed op school, thuis lastiger.",
        ],
        4..=5 => &[
            "Langzame vooruitgang, aanpak blijft.",
            "Kleine stappen; meer tijd nodig.",
        ],
        _ => &[
            "Geen vooruitgang; aanpak bijstellen.",
            "Achteruitgang sinds de vorige evaluatie.",
        ],
    }
}
pub(crate) fn decision_reasons(decision: EvaluationDecision) -> &'static [&'static str] {
    match decision {
        EvaluationDecision::Continue => &[
            "Doelen lopen volgens plan; we gaan door met dezelfde aanpak.",
            "Vooruitgang zichtbaar, nog niet alle doelen bereikt. Aanpak blijft.",
        ],
        EvaluationDecision::Intensify => &[
            "Te weinig vooruitgang; extra begeleiding in de klas en vaker contact met de jeugdhulp.",
            "Situatie thuis verslechterd; intensievere gezinsbegeleiding ingezet.",
        ],
        EvaluationDecision::ScaleDown => &[
            "Goede vooruitgang; begeleiding gaat van wekelijks naar eens per twee weken.",
            "Doelen grotendeels bereikt; de jeugdhulp bouwt af, school houdt de aanpak vast.",
        ],
        EvaluationDecision::Close => &[
            "Doelen bereikt; ouders en {naam} zijn tevreden. School houdt de aanpak in de klas vast.",
            "Traject afgerond; de ondersteuning is overgedragen aan de basisondersteuning van school.",
        ],
        EvaluationDecision::Escalate => &[
            "Na twee evaluaties geen vooruitgang en geen passend aanbod; we schalen op.",
            "Wachttijd voor de behandeling is onaanvaardbaar lang; opschalen naar de managers.",
        ],
    }
}

pub(crate) fn escalation_texts(
    level: EscalationLevel,
) -> (&'static [&'static str], &'static [&'static str]) {
    match level {
        EscalationLevel::Team => (
            &[
                "Wie neemt de regie nu de betrokken hulpverlener langdurig afwezig is?",
                "School en jeugdhulp zijn het oneens over de aanpak in de klas. Welke aanpak kiezen we?",
            ],
            &[
                "Intern begeleider en teamleider jeugdhulp",
                "Het casusteam met de teamleiders",
            ],
        ),
        EscalationLevel::Managers => (
            &[
                "De wachttijd voor behandeling is vier maanden. Kan de zorgaanbieder voorrang geven of overbruggingszorg inzetten?",
                "Wie betaalt de begeleiding onder schooltijd: school uit de basisondersteuning of de gemeente uit de Jeugdwet?",
                "De afspraken uit het plan worden niet nagekomen. Welke organisatie zet extra capaciteit in?",
            ],
            &[
                "Directeur van de school en manager van de zorgaanbieder",
                "Schoolleider en teammanager wijkteam",
            ],
        ),
        EscalationLevel::SwvMunicipality => (
            &[
                "Er is geen passende onderwijsplek voor {naam}. Kan het expertteam een onderwijs-zorgarrangement mogelijk maken?",
                "Thuiszitter langer dan drie maanden: welke school en welke zorg bieden binnen vier weken een plek?",
                "Maatwerk nodig tussen onderwijs en Jeugdwet: wie financiert de combinatie van dagbehandeling en onderwijs?",
            ],
            &[
                "Expertteam van samenwerkingsverband en gemeente",
                "Directeur samenwerkingsverband en beleidsmedewerker jeugd",
            ],
        ),
    }
}

pub(crate) const ESCALATION_OUTCOMES: &[&str] = &[
    "Zorgaanbieder zet overbruggingszorg in tot de behandeling start.",
    "Gemeente financiert de begeleiding onder schooltijd voor een half jaar.",
    "Expertteam regelt een tijdelijke plek in het speciaal onderwijs met dagbehandeling.",
    "Regie belegd bij het wijkteam; afspraken opnieuw vastgesteld.",
];

pub(crate) fn close_reason(outcome: CaseOutcome) -> &'static str {
    match outcome {
        CaseOutcome::StaysInEducation => {
            "Doelen bereikt; de ondersteuning gaat verder binnen de basisondersteuning van school."
        }
        CaseOutcome::BackInEducation => {
            "{naam} gaat weer volledig naar school; de terugkeer is geëvalueerd en stabiel."
        }
        CaseOutcome::TransferredSpecial => {
            "Toelaatbaarheidsverklaring afgegeven; {naam} gaat naar het speciaal onderwijs. Het plan is overgedragen."
        }
        CaseOutcome::Transferred => {
            "{naam} is overgestapt naar een andere school; het plan is met toestemming overgedragen."
        }
        CaseOutcome::Diploma => "{naam} heeft het diploma gehaald.",
        CaseOutcome::DropOut => {
            "{naam} heeft de opleiding verlaten zonder startkwalificatie; overgedragen aan de RMC-functie."
        }
        CaseOutcome::Moved => {
            "Het gezin is verhuisd; de nieuwe school en gemeente zijn geïnformeerd."
        }
        CaseOutcome::Other => "Traject beëindigd op verzoek van ouders.",
    }
}

pub(crate) const DISMISSED_REASON: &str =
    "Signaal besproken met ouders en leerkracht; geen extra ondersteuning nodig.";

pub(crate) fn financing_purposes(stream: FinancingStream) -> &'static [&'static str] {
    match stream {
        FinancingStream::Basisondersteuning => &[
            "Extra begeleiding in de klas door de onderwijsassistent",
            "Remedial teaching",
            "Extra instructie in een kleine groep",
        ],
        FinancingStream::SwvArrangement => &[
            "Arrangement extra ondersteuning: ambulante begeleiding",
            "Onderwijs-zorgarrangement (tijdelijke plek)",
            "Inzet gedragsspecialist",
        ],
        FinancingStream::Jeugdwet => &[
            "Ambulante jeugdhulp (individuele begeleiding)",
            "Behandeling jeugd-GGZ",
            "Gezinsbegeleiding thuis",
            "Begeleiding onder schooltijd",
        ],
        FinancingStream::Wlz => &["Begeleiding vanuit de Wet langdurige zorg"],
        FinancingStream::Zvw => &["Logopedie", "Fysiotherapie (motoriek)"],
        FinancingStream::Other => &["Maatwerkbudget van de gemeente", "Fonds voor schoolkosten"],
    }
}

pub(crate) const CONSENT_PURPOSES: &[&str] = &[
    "Samenwerken aan het plan met school",
    "Afstemming tussen behandeling en begeleiding in de klas",
    "Deelnemen aan het casusoverleg",
];

pub(crate) const ATTENDANCE_NOTES: &[&str] = &[
    "Langer dan vier weken niet op school; verzuim gemeld bij leerplicht.",
    "Thuis sinds de herfstvakantie; ziekmelding niet onderbouwd.",
    "Niet ingeschreven na de verhuizing; zoektocht naar een passende school loopt.",
];

pub(crate) const PARTLY_NOTES: &[&str] = &[
    "Aangepast rooster: ochtenden op school.",
    "Gedeeltelijke aanwezigheid volgens opbouwschema.",
];

pub(crate) const EXEMPTION_NOTES: &[&str] = &[
    "Vrijstelling leerplicht op grond van lichamelijke of psychische gronden (artikel 5 onder a).",
];

pub(crate) const PARTICIPANT_ROLES: &[(&str, &str)] = &[
    ("coordinator", "intern begeleider"),
    ("teacher", "leerkracht"),
    ("care_worker", "jeugdhulpverlener"),
    ("wijkteam_coach", "wijkteam"),
    ("youth_health", "jeugdverpleegkundige"),
    ("attendance_officer", "leerplicht"),
    ("swv_consultant", "samenwerkingsverband"),
];

/// The label of a team role in a participants line.
pub(crate) fn role_label(role: &str, secondary: bool) -> &'static str {
    match role {
        "coordinator" if secondary => "zorgcoördinator",
        "teacher" if secondary => "mentor",
        _ => PARTICIPANT_ROLES
            .iter()
            .find(|(code, _)| *code == role)
            .map_or("", |(_, label)| *label),
    }
}
