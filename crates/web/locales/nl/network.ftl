# The social map of a school and the mirror view of a care provider (S5).

network-title = Netwerk
network-school-title = Sociale kaart van { $school }
network-school-intro = Wie werkt er met uw school samen: de vaste contactpersonen, het vaste overleg en de zorgaanbieders die nu actief zijn bij uw leerlingen.
network-fragmentation = Versnippering
network-providers-count = Verschillende zorgaanbieders
network-pupils-with-support = Leerlingen met ondersteuning
network-per-hundred = Zorgaanbieders per 100 leerlingen met ondersteuning
network-renn4 = Ter vergelijking (RENN4)
network-renn4-value = gemiddeld { $count } zorgaanbieders per school
network-renn4-none = geen vergelijkingscijfer voor dit soort school
network-renn4-explained = Onderzoek van RENN4 laat zien dat een school voor speciaal onderwijs met gemiddeld 12 en een school voor voortgezet speciaal onderwijs met gemiddeld 19 zorgaanbieders te maken heeft.
network-providers = Actieve zorgaanbieders
network-providers-derived = Afgeleid uit de teams van de lopende trajecten, niet met de hand ingevuld.
network-providers-none = Er zijn geen zorgaanbieders actief in de lopende trajecten.
network-provider = Zorgaanbieder
network-pupils = Leerlingen
network-contact = Contactpersonen
network-fixed-contact = vaste contactpersoon
network-contacts = Vaste contactpersonen
network-contacts-none = Er zijn nog geen vaste contactpersonen vastgelegd.
network-contact-set = Vaste contactpersoon vastleggen
network-contact-kind = Contactpersoon bij
network-contact-name = Naam
network-contact-org = Organisatie (AGB-, BRIN- of gemeentecode)
network-contact-org-hint = Mag leeg blijven.
network-contact-phone = Telefoon
network-contact-email = E-mailadres
network-save = Opslaan
network-remove = Verwijderen
network-consultations = Vast overleg
network-consultations-none = Er is nog geen vast overleg vastgelegd.
network-consultation-add = Overleg toevoegen
network-consultation-kind = Soort overleg
network-consultation-name = Naam van het overleg
network-consultation-every = Om de hoeveel weken
network-consultation-attendees = Wie er bij zijn
network-consultation-next = Volgende keer
network-every-weeks = { $weeks ->
    [one] elke week
   *[other] om de { $weeks } weken
}
network-attendees-are = met { $who }
network-next-on = volgende keer { $date }
network-provider-title = Scholen van { $provider }
network-provider-intro = Op deze scholen werkt uw organisatie nu mee in lopende trajecten, met de contactpersonen daar.
network-schools = Scholen
network-schools-count = { $count ->
    [one] Actief op 1 school
   *[other] Actief op { $count } scholen
}
network-schools-none = Uw organisatie werkt nu op geen enkele school mee in een traject.
network-school = School
network-clients = Leerlingen
network-contacts-there = Contactpersonen

contactkind-youth-care = Jeugdhulp
contactkind-wijkteam = Wijkteam
contactkind-jgz = Jeugdgezondheidszorg
contactkind-leerplicht = Leerplicht

consultationkind-support-team = Ondersteuningsteam
consultationkind-wijkteam = Overleg met het wijkteam
consultationkind-swv = Overleg met het samenwerkingsverband
consultationkind-other = Ander overleg

error-network-every-weeks = Vul een aantal weken in van 1 tot en met 52.

flash-network-contact-saved = De contactpersoon is opgeslagen.
flash-network-consultation-saved = Het overleg is toegevoegd.
flash-network-consultation-removed = Het overleg is verwijderd.

tile-handovers = Overdrachten
tile-network-school = Sociale kaart
tile-network-provider = Scholen waar wij werken
tile-handovers-swv = Overstappers deze zomer
org-network = Netwerk en sociale kaart
org-handovers = Overdrachten van en naar deze school
org-handovers-swv = Overstappers deze zomer
org-exports = Lijsten downloaden
