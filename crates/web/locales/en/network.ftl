# The social map of a school and the mirror view of a care provider (S5).

network-title = Network
network-school-title = Social map of { $school }
network-school-intro = Who works with your school: the fixed contacts, the regular consultations and the care providers active with your pupils now.
network-fragmentation = Fragmentation
network-providers-count = Distinct care providers
network-pupils-with-support = Pupils with support
network-per-hundred = Care providers per 100 pupils with support
network-renn4 = For comparison (RENN4)
network-renn4-value = { $count } care providers per school on average
network-renn4-none = no reference value for this kind of school
network-renn4-explained = Research by RENN4 shows that a school for special education deals with 12 care providers on average, and a school for secondary special education with 19.
network-providers = Active care providers
network-providers-derived = Derived from the teams of the open cases, not typed by hand.
network-providers-none = No care providers are active in the open cases.
network-provider = Care provider
network-pupils = Pupils
network-contact = Contacts
network-fixed-contact = fixed contact
network-contacts = Fixed contacts
network-contacts-none = No fixed contacts have been recorded yet.
network-contact-set = Record a fixed contact
network-contact-kind = Contact at
network-contact-name = Name
network-contact-org = Organisation (AGB, BRIN or municipality code)
network-contact-org-hint = May stay empty.
network-contact-phone = Phone
network-contact-email = Email address
network-save = Save
network-remove = Remove
network-consultations = Regular consultations
network-consultations-none = No regular consultation has been recorded yet.
network-consultation-add = Add a consultation
network-consultation-kind = Kind of consultation
network-consultation-name = Name of the consultation
network-consultation-every = Every how many weeks
network-consultation-attendees = Who attends
network-consultation-next = Next time
network-every-weeks = { $weeks ->
    [one] every week
   *[other] every { $weeks } weeks
}
network-attendees-are = with { $who }
network-next-on = next on { $date }
network-provider-title = Schools of { $provider }
network-provider-intro = The schools where your organisation works in open cases now, with the contacts there.
network-schools = Schools
network-schools-count = { $count ->
    [one] Active at 1 school
   *[other] Active at { $count } schools
}
network-schools-none = Your organisation does not work in a case at any school now.
network-school = School
network-clients = Pupils
network-contacts-there = Contacts

contactkind-youth-care = Youth care
contactkind-wijkteam = Neighbourhood team
contactkind-jgz = Youth health care
contactkind-leerplicht = Attendance officer

consultationkind-support-team = Support team
consultationkind-wijkteam = Consultation with the neighbourhood team
consultationkind-swv = Consultation with the SWV
consultationkind-other = Other consultation

error-network-every-weeks = Fill in a number of weeks from 1 to 52.

flash-network-contact-saved = The contact was saved.
flash-network-consultation-saved = The consultation was added.
flash-network-consultation-removed = The consultation was removed.

tile-handovers = Handovers
tile-network-school = Social map
tile-network-provider = Schools we work at
tile-handovers-swv = Pupils changing school this summer
org-network = Network and social map
org-handovers = Handovers from and to this school
org-handovers-swv = Pupils changing school this summer
org-exports = Download lists
