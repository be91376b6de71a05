# The learning network (S6).

basis-learning = Lerend netwerk
nav-learning = Leren

learning-title = Lerend netwerk
learning-intro = Leer samen van echte casussen: in lerende netwerken, Communities of Practice en dialoogtafels. Wat werkt en wat belemmert komt terecht in de kennisbank, en komt terug waar het nodig is.
learning-my-networks = Mijn netwerken
learning-no-networks = U neemt nog niet deel aan een lerend netwerk.
learning-facilitated-by = procesbegeleider: { $name }
learning-network-new = Nieuw netwerk of Community of Practice
learning-network-kind = Soort
learning-network-name = Naam
learning-network-description = Beschrijving (niet verplicht)
learning-save = Opslaan
learning-factsheet = Factsheet
learning-factsheet-print = Druk deze pagina af of bewaar haar als pdf via de afdrukfunctie van de browser.

networkkind-network = Lerend netwerk
networkkind-community = Community of Practice

learning-sessions = Bijeenkomsten en dialoogtafels
learning-sessions-hint = Ongeveer vier keer per jaar, zo'n drie uur per keer.
learning-sessions-none = Er zijn nog geen bijeenkomsten.
learning-session-new = Bijeenkomst plannen
learning-session-kind = Soort tafel
learning-session-title = Titel
learning-session-held-on = Datum
learning-session-theme-hint = Verplicht bij een casusoverstijgende tafel.
learning-theme = Thema
learning-themes = Alle thema's
learning-guiding-question = Leidende vraag
learning-guiding-question-hint = Leeg laten voor: "Wat is er voor dit kind nodig om een vorm van onderwijs te kunnen volgen en hoe maken wij dit mogelijk?"
learning-family = Gezin
learning-family-invited = Het gezin is uitgenodigd.

sessionkind-case-specific = Casusspecifieke dialoogtafel
sessionkind-case-transcending = Casusoverstijgende dialoogtafel

learning-members = Deelnemers
learning-member-add = Deelnemer toevoegen
learning-member-name = Naam
learning-member-organisation = Organisatie
learning-member-email = E-mailadres in Brug (niet verplicht)
learning-member-email-hint = Met een account in Brug ziet de deelnemer het netwerk en de verslagen.
learning-member-left = Oud-deelnemer ({ $perspective })
learning-perspective = Perspectief
learning-leave = Uit het netwerk halen
learning-leave-self = Netwerk verlaten

perspective-youth = Jongere
perspective-parent = Ouder
perspective-teacher = Leerkracht
perspective-coordinator = Intern begeleider of zorgcoördinator
perspective-care-worker = Jeugdhulpverlener
perspective-wijkteam = Wijkteam
perspective-policy-maker = Beleidsmaker
perspective-manager = Leidinggevende of bestuurder

storystatus-draft = Concept
storystatus-approved = Goedgekeurd
storystatus-rejected = Afgekeurd
learning-story = Casusverhaal
learning-story-propose-hint = Breng een casus in waar u zelf bij betrokken bent. Brug maakt er een anoniem casusverhaal van: geen namen, geen data preciezer dan een maand, geen school- of aanbiedernamen tenzij de deelnemers daarmee instemmen, geen BSN, telefoonnummers of e-mailadressen. De procesbegeleider leest het verhaal voordat het gedeeld wordt.
learning-story-case = Casusnummer
learning-story-keep-organisations = De deelnemers stemmen in met het noemen van de school en de zorgaanbieder
learning-story-family-invited = Het gezin is uitgenodigd voor deze tafel
learning-story-draft-button = Casusverhaal opstellen
learning-story-draft = Concept, nog niet gedeeld. Weggehaald:
learning-story-waiting = Het casusverhaal wacht op de procesbegeleider.
learning-story-review = Casusverhaal
learning-story-review-hint = Lees het verhaal na en haal weg wat iemand herkenbaar maakt.
learning-story-decision = Besluit
learning-story-approve = Goedkeuren en delen
learning-story-reject = Afkeuren
learning-story-note = Reden van afkeuren
learning-story-rejected = Het vorige casusverhaal is afgekeurd: { $note }
learning-removed-names = { $count } namen
learning-removed-organisations = { $count } organisatienamen
learning-removed-emails = { $count } e-mailadressen
learning-removed-phones = { $count } telefoonnummers
learning-removed-numbers = { $count } nummers (BSN)
learning-removed-postcodes = { $count } postcodes
learning-removed-dates = { $count } data

learning-record = Verslag
learning-record-empty = Nog niets vastgelegd.
learning-contribution-add = Inbreng vastleggen
learning-contribution-member = Deelnemer
learning-contribution-question = Vraag
learning-contribution-body = Wat werd er gezegd

question-language = Hoe versta je elkaars taal en wereld?
question-profession = Hoe kijk je vanuit jouw professie naar deze casus?
question-together = Wat zien we samen?
question-contribution = Wat kan ik betekenen en wat kan jij betekenen?

learning-insights = Inzichten en lessen
learning-insights-none = Nog geen inzichten vastgelegd.
learning-item-add = Inzicht of les vastleggen
learning-item-kind = Soort
learning-item-body = Tekst
learning-level = Niveau
learning-sector = Sector

itemkind-success = Succesfactor
itemkind-hindering = Belemmerende factor
itemkind-lesson = Geleerde les
itemkind-story = Casusverhaal

level-organisation = Organisatie
level-school = School
level-professional = Professional

learning-actions = Verbeteracties
learning-actions-none = Geen verbeteracties.
learning-action = Verbeteractie
learning-action-add = Verbeteractie afspreken
learning-action-owner = Eigenaar
learning-action-due = Klaar op
learning-action-status = Stand
learning-action-overdue = te laat
learning-follow-up = Opvolging van eerdere acties
learning-follow-up-hint = Bespreek de open verbeteracties van het netwerk en leg de nieuwe stand vast.
learning-follow-up-note = Toelichting
learning-open-actions = Open verbeteracties

actionstatus-open = Open
actionstatus-in-progress = Loopt
actionstatus-done = Klaar
actionstatus-dropped = Vervallen

learning-knowledge-title = Kennisbank
learning-knowledge-intro = Wat werkt en wat belemmert in de samenwerking tussen onderwijs en jeugdhulp: uit de dialoogtafels en netwerken, en uit de Handreiking.
learning-search = Zoeken
learning-search-button = Zoeken
learning-all = Alle
learning-results = { $count ->
    [one] 1 resultaat
   *[other] { $count } resultaten
}
learning-results-none = Niets gevonden. Probeer een ander woord of minder filters.

learning-theme-hindering = Knelpunten
learning-theme-success = Kansen en succesfactoren
learning-theme-lessons = Geleerde lessen
learning-theme-stories = Casusverhalen
learning-theme-nothing = Nog niets bekend.
learning-success-by-theme = Succesfactoren per thema
learning-hindering-by-theme = Belemmerende factoren per thema
learning-by-level = Factoren per niveau
learning-top-lessons = Geleerde lessen
learning-chart-empty = Nog geen gegevens.
learning-chart-table = Gegevens als tabel
learning-count = Aantal

themegroup-practice = Praktijk
themegroup-preconditions = Randvoorwaarden
themegroup-policy = Beleid en bestuur
themegroup-added = Aanvullingen uit RENN4 en Heerenveen

theme-goals = Gezamenlijke doelen en verwachtingen
theme-interprofessional = Interprofessioneel samenwerken
theme-steering = Sturing op samenwerking
theme-structure = Werkbare samenwerkingsstructuur
theme-trust = Vertrouwen, nabijheid en samen leren
theme-time = Voldoende tijd
theme-competences = Competenties voor samenwerken
theme-agreements = Heldere doelen en werkafspraken
theme-vision-practice = Van visie naar praktijk en terug
theme-cross-domain = Domeinoverstijgende regie
theme-financing = Financiering van de verbinding
theme-data-driven = Datagedreven werken
theme-flexibility = Ruimte voor flexibiliteit en verantwoording vanuit vertrouwen
theme-handover = Overdracht tussen scholen
theme-privacy = Privacy en gegevensdeling
theme-staffing = Personeel en expertise op het juiste moment

learning-glossary-title = Gedeelde taal
learning-glossary-intro = Onderwijs en jeugdhulp gebruiken verschillende woorden voor hetzelfde. Hier staat wat een begrip betekent in beide werelden.
learning-term = Begrip
learning-term-education = In het onderwijs
learning-term-youth-care = In de jeugdhulp
learning-term-equivalents = Vergelijkbaar met
learning-term-proposed-by = Voorgesteld door { $name }
learning-term-add = Begrip voorstellen

learning-scan-of = Samenwerkingsscan van { $org }
learning-scan-intro = Beoordeel samen met uw partner de samenwerking op zestien thema's. Brug laat zien waar het goed gaat, wat veranderd is sinds de vorige scan, en wat anderen leerden over de zwakste thema's.
learning-scans-none = Er is nog geen scan.
learning-scan-with = met { $partner }
learning-scan-alone = zonder partner
learning-scan-done = afgerond
learning-scan-draft = concept
learning-scan-start = Nieuwe scan
learning-scan-partner = Partner (BRIN-, AGB- of CBS-code)
learning-scan-partner-hint = Leeg laten voor een scan van een gemeente als geheel.
learning-scan-how = Geef bij elke uitspraak aan in hoeverre die klopt. U kunt tussendoor opslaan; de scan blijft dan een concept.
learning-scan-save-draft = Opslaan als concept
learning-scan-complete = Afronden
learning-scan-result = Uitkomst
learning-scan-mean = Gemiddelde: { $mean } (van 5)
learning-scan-chart = Score per thema, met de vorige scan
learning-scan-chart-caption = Dikke balk: deze scan. Dunne grijze balk: de vorige scan.
learning-scan-table = Scores per thema
learning-scan-score = Score
learning-scan-previous = Vorige scan
learning-scan-change = Verschil
learning-scan-suggestions = Suggesties voor de zwakste thema's
learning-scan-no-weak = Geen thema scoort lager dan 4. Mooi.
scan-score-1 = Helemaal niet
scan-score-2 = Nauwelijks
scan-score-3 = Deels
scan-score-4 = Grotendeels
scan-score-5 = Helemaal

scan-statement-goals = School en jeugdhulp hebben gezamenlijke doelen en spreken hun verwachtingen naar elkaar uit.
scan-statement-interprofessional = Leerkrachten, jeugdhulpverleners en ouders werken als één team rond het kind.
scan-statement-steering = Per casus is duidelijk wie de regie heeft en wanneer we opschalen.
scan-statement-structure = Er is een vaste contactpersoon en een vast overleg tussen school en jeugdhulp.
scan-statement-trust = We kennen en vertrouwen elkaar en leren samen van casussen.
scan-statement-time = Er is voldoende tijd voor overleg en samenwerking.
scan-statement-competences = Professionals hebben de kennis en vaardigheden om over de grenzen van hun vak samen te werken.
scan-statement-agreements = Onze werkafspraken en doelen zijn helder en vastgelegd.
scan-statement-vision-practice = Wat we in de praktijk tegenkomen, komt terug in beleid, en andersom.
scan-statement-cross-domain = Gemeente en samenwerkingsverband houden samen de regie over de domeinen heen.
scan-statement-financing = Het is duidelijk wie wat betaalt, en de financiering staat de hulp niet in de weg.
scan-statement-data-driven = We volgen met gegevens hoe de samenwerking loopt en sturen daarop bij.
scan-statement-flexibility = Er is ruimte om van regels af te wijken als het kind dat nodig heeft.
scan-statement-handover = Bij een overstap naar een andere school gaat de ondersteuning zonder onderbreking door.
scan-statement-privacy = We weten welke gegevens we mogen delen, met wie en waarom.
scan-statement-staffing = De juiste expertise is er op het moment dat het kind die nodig heeft.

error-learning-no-account = Er is geen account in Brug met dit e-mailadres. Laat het veld leeg voor een deelnemer zonder account.
error-learning-member-twice = Deze persoon neemt al deel aan het netwerk.
error-learning-theme-needed = Kies een thema voor een casusoverstijgende tafel.
error-learning-not-case-table = Een casusverhaal hoort bij een casusspecifieke tafel.
error-learning-case-unknown = Deze casus bestaat niet, of u bent er niet bij betrokken.
error-learning-story-not-anonymous = Het verhaal bevat nog een e-mailadres, telefoonnummer, BSN, postcode of precieze datum. Haal dat weg.
error-learning-duplicate = Dit inzicht staat al in de kennisbank van dit netwerk.
error-learning-term-twice = Dit begrip staat al in de gedeelde taal.
error-learning-score = Kies een antwoord van 1 tot en met 5.
error-learning-score-missing = Beantwoord deze uitspraak om de scan af te ronden.

flash-learning-network-created = Het netwerk is aangemaakt.
flash-learning-member-added = De deelnemer is toegevoegd.
flash-learning-member-left = De deelnemer heeft het netwerk verlaten. Wat hij of zij inbracht blijft staan, alleen met het perspectief.
flash-learning-session-added = De bijeenkomst is gepland.
flash-learning-contribution-added = De inbreng is vastgelegd.
flash-learning-story-drafted = Het casusverhaal is opgesteld en wacht op de procesbegeleider.
flash-learning-story-approved = Het casusverhaal is goedgekeurd en gedeeld.
flash-learning-story-rejected = Het casusverhaal is afgekeurd en verwijderd.
flash-learning-item-added = Het inzicht is vastgelegd.
flash-learning-action-added = De verbeteractie is afgesproken.
flash-learning-action-followed = De stand van de verbeteractie is bijgewerkt.
flash-learning-term-added = Het begrip is toegevoegd.
flash-learning-scan-draft = De scan is opgeslagen als concept.
flash-learning-scan-done = De scan is afgerond.
learning-case-lessons = Lessen uit het lerend netwerk

# S6a: projects, factsheets per project and theme, editing and removing
learning-projects = Projecten en programma's
learning-projects-hint = Een project (zoals "Samen op School") bundelt netwerken, met één factsheet voor allemaal.
learning-projects-none = Er zijn nog geen projecten.
learning-project = Project
learning-project-none = Geen project
learning-project-new = Project starten
learning-project-name = Naam van het project
learning-project-networks = { $count ->
    [one] 1 netwerk
   *[other] { $count } netwerken
}
learning-project-no-networks = Er hoort nog geen netwerk bij dit project.
learning-networks = Netwerken
learning-theme-factsheet = Factsheet van dit thema (alle netwerken)
learning-factsheet-of-network = Wat dit netwerk heeft geleerd.
learning-factsheet-of-project = Wat de netwerken van dit project hebben geleerd.
learning-factsheet-of-theme = Wat alle netwerken over dit thema hebben geleerd (zonder de startkennis uit de Handreiking).
learning-success-by-level = Succesfactoren per niveau
learning-hindering-by-level = Belemmerende factoren per niveau
learning-edit = Wijzigen
learning-network-edit = Netwerk wijzigen of verwijderen
learning-network-archived = Gearchiveerd
learning-network-archived-hint = Dit netwerk is gearchiveerd: de bijeenkomsten en de kennis blijven bewaard, er komen geen nieuwe bijeenkomsten of leden bij.
learning-network-remove-hint = Een netwerk zonder bijeenkomsten wordt verwijderd. Een netwerk dat al bijeenkomsten had, wordt gearchiveerd: wat het heeft geleerd blijft in de kennisbank.
learning-item-edit = Wijzigen
learning-item-remove-hint = Het inzicht of de les verdwijnt uit de kennisbank, de factsheets en de themapagina's.
learning-action-edit = Verbeteractie wijzigen
learning-action-edit-hint = De status houdt u bij in een volgende bijeenkomst.
learning-action-remove-hint = De verbeteractie verdwijnt uit het netwerk en de factsheets.
learning-term-edit = Begrip wijzigen
learning-term-remove-hint = Het begrip verdwijnt uit de gedeelde taal en wordt nergens meer gelinkt.
learning-remove = Verwijderen
learning-remove-confirm = Ja, ik weet zeker dat ik dit wil verwijderen.
error-learning-confirm-remove = Vink aan dat u dit zeker wilt verwijderen. Er is niets verwijderd.
error-learning-project-twice = Er is al een project met deze naam.
flash-learning-saved = De wijziging is opgeslagen.
flash-learning-removed = Het is verwijderd.
flash-learning-network-removed = Het netwerk is verwijderd.
flash-learning-network-archived = Het netwerk had al bijeenkomsten en is daarom gearchiveerd.
flash-learning-project-created = Het project is gestart.
