# The learning network (S6).

basis-learning = Learning network
nav-learning = Learning

learning-title = Learning network
learning-intro = Learn together from real cases: in learning networks, Communities of Practice and dialogue tables. What works and what hinders goes into the knowledge base, and comes back where it is needed.
learning-my-networks = My networks
learning-no-networks = You do not take part in a learning network yet.
learning-facilitated-by = facilitator: { $name }
learning-network-new = New network or Community of Practice
learning-network-kind = Kind
learning-network-name = Name
learning-network-description = Description (optional)
learning-save = Save
learning-factsheet = Factsheet
learning-factsheet-print = Print this page or save it as PDF with the browser's print function.

networkkind-network = Learning network
networkkind-community = Community of Practice

learning-sessions = Meetings and dialogue tables
learning-sessions-hint = About four times a year, about three hours each.
learning-sessions-none = There are no meetings yet.
learning-session-new = Plan a meeting
learning-session-kind = Kind of table
learning-session-title = Title
learning-session-held-on = Date
learning-session-theme-hint = Required for a case-transcending table.
learning-theme = Theme
learning-themes = All themes
learning-guiding-question = Guiding question
learning-guiding-question-hint = Leave empty for: "What does this child need to follow some form of education, and how do we make that possible?"
learning-family = Family
learning-family-invited = The family is invited.

sessionkind-case-specific = Case-specific dialogue table
sessionkind-case-transcending = Case-transcending dialogue table

learning-members = Participants
learning-member-add = Add a participant
learning-member-name = Name
learning-member-organisation = Organisation
learning-member-email = E-mail address in Brug (optional)
learning-member-email-hint = With a Brug account the participant sees the network and the records.
learning-member-left = Former participant ({ $perspective })
learning-perspective = Perspective
learning-leave = Remove from the network
learning-leave-self = Leave the network

perspective-youth = Young person
perspective-parent = Parent
perspective-teacher = Teacher
perspective-coordinator = Support coordinator
perspective-care-worker = Youth care worker
perspective-wijkteam = Local social team
perspective-policy-maker = Policy maker
perspective-manager = Manager or board member

storystatus-draft = Draft
storystatus-approved = Approved
storystatus-rejected = Rejected
learning-story = Case story
learning-story-propose-hint = Bring in a case you are involved in yourself. Brug turns it into an anonymous case story: no names, no dates closer than a month, no school or provider names unless the participants consent, no BSN, phone numbers or e-mail addresses. The facilitator reads the story before it is shared.
learning-story-case = Case number
learning-story-keep-organisations = The participants consent to naming the school and the care provider
learning-story-family-invited = The family is invited to this table
learning-story-draft-button = Draft the case story
learning-story-draft = Draft, not shared yet. Removed:
learning-story-waiting = The case story waits for the facilitator.
learning-story-review = Case story
learning-story-review-hint = Read the story and remove whatever makes someone recognisable.
learning-story-decision = Decision
learning-story-approve = Approve and share
learning-story-reject = Reject
learning-story-note = Reason for rejecting
learning-story-rejected = The previous case story was rejected: { $note }
learning-removed-names = { $count } names
learning-removed-organisations = { $count } organisation names
learning-removed-emails = { $count } e-mail addresses
learning-removed-phones = { $count } phone numbers
learning-removed-numbers = { $count } numbers (BSN)
learning-removed-postcodes = { $count } postcodes
learning-removed-dates = { $count } dates

learning-record = Record
learning-record-empty = Nothing recorded yet.
learning-contribution-add = Record a contribution
learning-contribution-member = Participant
learning-contribution-question = Question
learning-contribution-body = What was said

question-language = How do we understand each other's language and world?
question-profession = How do you look at this case from your profession?
question-together = What do we see together?
question-contribution = What can I contribute, and what can you?

learning-insights = Insights and lessons
learning-insights-none = No insights recorded yet.
learning-item-add = Record an insight or lesson
learning-item-kind = Kind
learning-item-body = Text
learning-level = Level
learning-sector = Sector

itemkind-success = Success factor
itemkind-hindering = Hindering factor
itemkind-lesson = Lesson learned
itemkind-story = Case story

level-organisation = Organisation
level-school = School
level-professional = Professional

learning-actions = Improvement actions
learning-actions-none = No improvement actions.
learning-action = Improvement action
learning-action-add = Agree on an improvement action
learning-action-owner = Owner
learning-action-due = Due
learning-action-status = Status
learning-action-overdue = overdue
learning-follow-up = Follow-up of earlier actions
learning-follow-up-hint = Discuss the network's open improvement actions and record where they stand.
learning-follow-up-note = Note
learning-open-actions = Open improvement actions

actionstatus-open = Open
actionstatus-in-progress = In progress
actionstatus-done = Done
actionstatus-dropped = Dropped

learning-knowledge-title = Knowledge base
learning-knowledge-intro = What works and what hinders in the collaboration between education and youth care: from the dialogue tables and networks, and from the Handreiking.
learning-search = Search
learning-search-button = Search
learning-all = All
learning-results = { $count ->
    [one] 1 result
   *[other] { $count } results
}
learning-results-none = Nothing found. Try another word or fewer filters.

learning-theme-hindering = Bottlenecks
learning-theme-success = Opportunities and success factors
learning-theme-lessons = Lessons learned
learning-theme-stories = Case stories
learning-theme-nothing = Nothing known yet.
learning-success-by-theme = Success factors by theme
learning-hindering-by-theme = Hindering factors by theme
learning-by-level = Factors by level
learning-top-lessons = Lessons learned
learning-chart-empty = No data yet.
learning-chart-table = Data as a table
learning-count = Number

themegroup-practice = Practice
themegroup-preconditions = Preconditions
themegroup-policy = Policy and governance
themegroup-added = Additions from RENN4 and Heerenveen

theme-goals = Shared goals and expectations
theme-interprofessional = Interprofessional collaboration
theme-steering = Steering the collaboration
theme-structure = A workable collaboration structure
theme-trust = Trust, proximity and learning together
theme-time = Enough time
theme-competences = Competences for collaboration
theme-agreements = Clear goals and working agreements
theme-vision-practice = From vision to practice and back
theme-cross-domain = Cross-domain direction
theme-financing = Financing the connection
theme-data-driven = Data-driven working
theme-flexibility = Room for flexibility and accountability based on trust
theme-handover = Handover between schools
theme-privacy = Privacy and data sharing
theme-staffing = Staff and expertise at the right time

learning-glossary-title = Shared language
learning-glossary-intro = Education and youth care use different words for the same thing. Here is what a term means in both worlds.
learning-term = Term
learning-term-education = In education
learning-term-youth-care = In youth care
learning-term-equivalents = Comparable to
learning-term-proposed-by = Proposed by { $name }
learning-term-add = Propose a term

learning-scan-of = Collaboration scan of { $org }
learning-scan-intro = Rate your collaboration with your partner on sixteen themes. Brug shows where it goes well, what changed since the previous scan, and what others learned about the weakest themes.
learning-scans-none = There is no scan yet.
learning-scan-with = with { $partner }
learning-scan-alone = without a partner
learning-scan-done = completed
learning-scan-draft = draft
learning-scan-start = New scan
learning-scan-partner = Partner (BRIN, AGB or CBS code)
learning-scan-partner-hint = Leave empty for a scan of a municipality as a whole.
learning-scan-how = For each statement, say how true it is. You can save in between; the scan then stays a draft.
learning-scan-save-draft = Save as draft
learning-scan-complete = Complete
learning-scan-result = Result
learning-scan-mean = Average: { $mean } (out of 5)
learning-scan-chart = Score per theme, with the previous scan
learning-scan-chart-caption = Thick bar: this scan. Thin grey bar: the previous scan.
learning-scan-table = Scores per theme
learning-scan-score = Score
learning-scan-previous = Previous scan
learning-scan-change = Change
learning-scan-suggestions = Suggestions for the weakest themes
learning-scan-no-weak = No theme scores below 4. Well done.
scan-score-1 = Not at all
scan-score-2 = Hardly
scan-score-3 = Partly
scan-score-4 = Mostly
scan-score-5 = Fully

scan-statement-goals = School and youth care have shared goals and say what they expect of each other.
scan-statement-interprofessional = Teachers, youth care workers and parents work as one team around the child.
scan-statement-steering = For every case it is clear who is in the lead and when we escalate.
scan-statement-structure = There is a fixed contact person and a regular consultation between school and youth care.
scan-statement-trust = We know and trust each other and learn from cases together.
scan-statement-time = There is enough time for consultation and collaboration.
scan-statement-competences = Professionals have the knowledge and skills to work across the borders of their profession.
scan-statement-agreements = Our working agreements and goals are clear and written down.
scan-statement-vision-practice = What we meet in practice comes back in policy, and the other way round.
scan-statement-cross-domain = Municipality and partnership direct together across the domains.
scan-statement-financing = It is clear who pays what, and financing does not stand in the way of help.
scan-statement-data-driven = We follow with data how the collaboration goes and adjust.
scan-statement-flexibility = There is room to deviate from rules when the child needs it.
scan-statement-handover = When a child moves to another school, support continues without a break.
scan-statement-privacy = We know which data we may share, with whom and why.
scan-statement-staffing = The right expertise is there when the child needs it.

error-learning-no-account = There is no Brug account with this e-mail address. Leave the field empty for a participant without an account.
error-learning-member-twice = This person already takes part in the network.
error-learning-theme-needed = Choose a theme for a case-transcending table.
error-learning-not-case-table = A case story belongs to a case-specific table.
error-learning-case-unknown = This case does not exist, or you are not involved in it.
error-learning-story-not-anonymous = The story still contains an e-mail address, phone number, BSN, postcode or exact date. Remove it.
error-learning-duplicate = This insight is already in this network's knowledge base.
error-learning-term-twice = This term is already in the shared language.
error-learning-score = Choose an answer from 1 to 5.
error-learning-score-missing = Answer this statement to complete the scan.

flash-learning-network-created = The network has been created.
flash-learning-member-added = The participant has been added.
flash-learning-member-left = The participant has left the network. What they contributed stays, with their perspective only.
flash-learning-session-added = The meeting has been planned.
flash-learning-contribution-added = The contribution has been recorded.
flash-learning-story-drafted = The case story has been drafted and waits for the facilitator.
flash-learning-story-approved = The case story has been approved and shared.
flash-learning-story-rejected = The case story has been rejected and removed.
flash-learning-item-added = The insight has been recorded.
flash-learning-action-added = The improvement action has been agreed.
flash-learning-action-followed = The improvement action's status has been updated.
flash-learning-term-added = The term has been added.
flash-learning-scan-draft = The scan has been saved as a draft.
flash-learning-scan-done = The scan has been completed.
learning-case-lessons = Lessons from the learning network

# S6a: projects, factsheets per project and theme, editing and removing
learning-projects = Projects and programmes
learning-projects-hint = A project (such as "Samen op School") brings networks together, with one factsheet for all of them.
learning-projects-none = There are no projects yet.
learning-project = Project
learning-project-none = No project
learning-project-new = Start a project
learning-project-name = Name of the project
learning-project-networks = { $count ->
    [one] 1 network
   *[other] { $count } networks
}
learning-project-no-networks = No network belongs to this project yet.
learning-networks = Networks
learning-theme-factsheet = Factsheet of this theme (all networks)
learning-factsheet-of-network = What this network has learned.
learning-factsheet-of-project = What the networks of this project have learned.
learning-factsheet-of-theme = What all networks have learned about this theme (without the starting knowledge from the Handreiking).
learning-success-by-level = Success factors by level
learning-hindering-by-level = Hindering factors by level
learning-edit = Edit
learning-network-edit = Edit or remove the network
learning-network-archived = Archived
learning-network-archived-hint = This network is archived: its sessions and knowledge are kept, no new sessions or members are added.
learning-network-remove-hint = A network without sessions is removed. A network that held sessions is archived: what it learned stays in the knowledge base.
learning-item-edit = Edit
learning-item-remove-hint = The insight or lesson disappears from the knowledge base, the factsheets and the theme pages.
learning-action-edit = Edit improvement action
learning-action-edit-hint = Its status is followed up at a later session.
learning-action-remove-hint = The improvement action disappears from the network and the factsheets.
learning-term-edit = Edit term
learning-term-remove-hint = The term disappears from the shared language and is no longer linked anywhere.
learning-remove = Remove
learning-remove-confirm = Yes, I am sure I want to remove this.
error-learning-confirm-remove = Tick the box to confirm the removal. Nothing has been removed.
error-learning-project-twice = There is already a project with this name.
flash-learning-saved = The change has been saved.
flash-learning-removed = It has been removed.
flash-learning-network-removed = The network has been removed.
flash-learning-network-archived = The network had sessions already and has therefore been archived.
flash-learning-project-created = The project has been started.
