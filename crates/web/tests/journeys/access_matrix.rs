//! The access matrix: every route of `brug_web::ROUTES` against every actor
//! of the World, with the expected answer written out by hand (never computed
//! by asking the policy), and the audit trail each request must leave.
//!
//! A route added to `ROUTES` without rows here fails
//! `every_route_has_rows_in_the_matrix`, and so does a row for a route that
//! no longer exists.

use std::collections::BTreeSet;

use axum::http::Method;
use brug_domain::audit::{AuditAction, Outcome};
use brug_store::audit::StoredEvent;
use brug_test_support::db_test;

use crate::support::{Client, PASSWORD, Person, Resp, TestApp, World, enc};

/// The columns of the matrix, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Actor {
    /// Care worker 1: in P10's team on the parent's consent.
    Cw1,
    /// Attendance officer: in P10's team on a legal task (compulsory education).
    Ao,
    /// Coordinator of school A, the school of P10, P14 and P17.
    CoA,
    /// Coordinator of school B (P_B's school): another school for P10.
    CoB,
    /// Teacher at school A without a seat in any team.
    TeA,
    /// Care worker 2: in P_B's team, not in P10's.
    Cw2,
    /// Functional administrator of school A.
    Adm,
    /// Privacy officer of school A.
    Prv,
    /// Policy maker of the municipality, also procesbegeleider (role
    /// facilitator): runs the World's learning network.
    Pol,
    /// Platform administrator.
    Pla,
    /// Parent of P10, P14 and P17.
    Par,
    /// Parent of P_B only.
    PaB,
    /// P14 herself (own account, 14).
    C14,
    /// P17 herself (own account, 17, not shared with her parents).
    Y17,
    /// Not signed in.
    Anon,
}

use Actor::*;

const ACTORS: [Actor; 15] = [
    Cw1, Ao, CoA, CoB, TeA, Cw2, Adm, Prv, Pol, Pla, Par, PaB, C14, Y17, Anon,
];

/// What a request must answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum E {
    /// 200; on a pupil route through a standing relation (not break-glass).
    Ok,
    /// 200 through break-glass: flagged in the log, banner on the page.
    Glass,
    /// 303 to exactly this target (`{id}` is the row's id).
    To(&'static str),
    /// 303 to `/login?next=` this very path (GET), or to `/login` (POST).
    Login,
    /// 403.
    Forbidden,
    /// 404 (also: a pupil that exists but is not for this actor).
    NotFound,
    /// 409.
    Conflict,
    /// 410 (an invitation or reset link that is not valid).
    Gone,
    /// 422 (a form that was filled in wrongly).
    Invalid,
}

const OK: E = E::Ok;
const BG: E = E::Glass;
const NF: E = E::NotFound;
const FB: E = E::Forbidden;
const LOG: E = E::Login;
const UN: E = E::Invalid;
const CF: E = E::Conflict;
const START: E = E::To("/start");
const LOGIN: E = E::To("/login");
const ACCT: E = E::To("/account");
const USERS: E = E::To("/organisations/{id}/users");
const GONE: E = E::Gone;
const LEARNING_NETWORK: E = E::To("/learning/networks/{id}");

/// Which of the World's ids fills the `{...}` of a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Id {
    None,
    SchoolA,
    SchoolB,
    P10,
    P14,
    P17,
    Pb,
    /// A pupil id that does not exist.
    Missing,
    /// P10's case (led by coordinator A).
    CaseP10,
    /// P_B's case.
    CasePb,
    /// A case id that does not exist.
    CaseMissing,
    /// The care provider of care workers 1 and 2.
    Provider,
    /// A prepared handover of P10's case from school A to school B.
    Handover,
    /// A cancelled handover of P10's case: every step is refused.
    HandoverCancelled,
    /// A handover id that does not exist.
    HandoverMissing,
    /// The monitor area of the World's municipality (`{area}`).
    AreaOwn,
    /// The national monitor area.
    AreaNational,
    /// A monitor area that does not exist.
    AreaMissing,
    /// The World's learning network (run by the policy maker; coordinator A
    /// and care worker 1 are members).
    Network,
    /// Its theme session.
    Session,
    /// Its case-specific table from P10's case, with an approved story.
    Table,
    /// School A's completed collaboration scan with the care provider.
    Scan,
    /// A success factor recorded at the theme session.
    Insight,
    /// An open improvement action of the theme session.
    Action,
}

const MISSING_PUPIL: i64 = 987_654;

struct Row {
    method: &'static str,
    route: &'static str,
    id: Id,
    /// The person in `{user}`.
    user: Option<Actor>,
    /// Appended to the path (query string).
    query: &'static str,
    /// Form fields of a POST (the CSRF token is added); `{email}` is the actor's.
    form: &'static [(&'static str, &'static str)],
    expect: [E; 15],
}

const fn row(method: &'static str, route: &'static str, id: Id, expect: [E; 15]) -> Row {
    Row {
        method,
        route,
        id,
        user: None,
        query: "",
        form: &[],
        expect,
    }
}

const REASON: &[(&str, &str)] = &[(
    "reason",
    "Acute zorgen: het kind is vandaag niet thuisgekomen",
)];
const INVITE: &[(&str, &str)] = &[
    ("email", "nieuwe.collega@regenboog.example"),
    ("name", "Nieuwe Collega"),
    ("role", "teacher"),
];
const NEW_PASSWORD: &[(&str, &str)] = &[
    ("password", "een-heel-nieuw-wachtwoord"),
    ("repeat", "een-heel-nieuw-wachtwoord"),
];
/// Opening a case for P10, which already has an open one: 409 for those who may.
const OPEN_CASE: &[(&str, &str)] = &[
    ("title", "Nieuw signaal"),
    ("first_signal_on", "01-11-2026"),
];
/// Closing without an outcome: 422 for those who may steer, nothing changes.
const NO_OUTCOME: &[(&str, &str)] = &[("to", "closed"), ("version", "1"), ("reason", "")];
/// The lead domain P10's case already has: nothing changes.
const SAME_DOMAIN: &[(&str, &str)] = &[("lead_domain", "onderwijs")];
/// An empty member form: 422 for those who may manage the team.
const NO_MEMBER: &[(&str, &str)] = &[("email", ""), ("basis", "")];
/// An attendance form without a status: 422 for those who may.
const NO_ATTENDANCE: &[(&str, &str)] = &[("status", ""), ("since", ""), ("note", "")];
const CASE: E = E::To("/cases/{id}");
/// Saving a plan section from version 0 while version 1 exists: 409 with the comparison.
const STALE_SECTION: &[(&str, &str)] = &[("body", "Een andere tekst"), ("version", "0")];
/// A complete goal edit from a stale version: 409, the typed values kept.
const STALE_GOAL: &[(&str, &str)] = &[
    ("description", "Daan gaat elke ochtend naar school"),
    ("contributors", "school"),
    ("indicator", "aanwezigheid"),
    ("start_on", "01-11-2026"),
    ("status", "open"),
    ("version", "0"),
];
/// Empty plan forms: 422 for those who may write in the plan.
const NO_GOAL: &[(&str, &str)] = &[("description", ""), ("start_on", "")];
const NO_NOTE: &[(&str, &str)] = &[("note", ""), ("score", "")];
const NO_AGREEMENT: &[(&str, &str)] = &[("action", ""), ("due_on", "")];
const NO_FINANCING: &[(&str, &str)] = &[("stream", ""), ("purpose", "")];
/// Ticking an agreement off: the same for whoever does it first or later.
const DONE: &[(&str, &str)] = &[("done", "1")];
const AGREEMENTS: E = E::To("/cases/{id}#agreements");

/// Empty or wrong meeting, evaluation and escalation forms: 422 for those who may.
const NO_MEETING: &[(&str, &str)] = &[("held_on", ""), ("kind", ""), ("participants", "")];
const PAST_EVALUATION: &[(&str, &str)] = &[("planned_on", "01-11-2026")];
const NO_DECISION: &[(&str, &str)] =
    &[("held_on", "25-11-2026"), ("decision", ""), ("reasons", "")];
const NO_ESCALATION: &[(&str, &str)] = &[("level", ""), ("question", ""), ("deadline", "")];
const NO_OUTCOME_YET: &[(&str, &str)] = &[("outcome", ""), ("decided_on", "")];

/// S4: a stale save of the matrix's section (the child's words) from the
/// family page: 409 for professionals, refused for the family.
const FAMILY_STALE: &[(&str, &str)] = &[("body", "Een andere tekst"), ("version", "0")];
/// An empty comment on the planned evaluation of P10's case: 422 for those
/// who may comment on it (the team and the parent), refused for anyone else.
const EMPTY_COMMENT: &[(&str, &str)] = &[
    ("target", "evaluation"),
    ("target_id", "{evaluation}"),
    ("body", ""),
];
const EMPTY_CASE_COMMENT: &[(&str, &str)] = &[("about", "evaluation:{evaluation}"), ("body", "")];
/// Keep the default delivery: nothing changes.
const IN_APP: &[(&str, &str)] = &[("agreement", "in_app")];
const NOTIFS: E = E::To("/notifications");
const NOTIF_SETTINGS: E = E::To("/account/notifications");
const FAMILY: E = E::To("/family/{id}");

/// S4 consent and rights: forms that change nothing. An answer that is
/// neither yes nor no, an empty sharing choice, an empty request for consent,
/// a correction without text, erasure without a scope, an empty decision:
/// 422 for those who may; a consent already withdrawn: 422 as well.
const NO_ANSWER: &[(&str, &str)] = &[("answer", "")];
const NO_SHARE: &[(&str, &str)] = &[("share", "")];
const NO_CONSENT_REQUEST: &[(&str, &str)] = &[("email", ""), ("purpose", "")];
const NO_CORRECTION_ANSWER: &[(&str, &str)] = &[("answer", ""), ("reason", "")];
const NO_CORRECTION: &[(&str, &str)] = &[("case_id", ""), ("what_is_wrong", "")];
const NO_ERASURE: &[(&str, &str)] = &[("scope", ""), ("explanation", "")];
const NO_ERASURE_DECISION: &[(&str, &str)] = &[("decision", ""), ("reason", "")];

/// S5: empty network forms: 422 for those who may edit the school's map.
const NO_CONTACT: &[(&str, &str)] = &[("kind", ""), ("name", "")];
const NO_CONSULTATION: &[(&str, &str)] = &[("kind", ""), ("name", ""), ("every_weeks", "")];
/// An empty handover form: 422 for the sending coordinator.
const NO_HANDOVER: &[(&str, &str)] = &[("to_brin", ""), ("moves_on", ""), ("version", "1")];
const NO_MEETING_DATE: &[(&str, &str)] = &[("meeting_on", ""), ("participants", "")];
const NO_HELD_DATE: &[(&str, &str)] = &[("held_on", "")];
/// S7: an empty goal form: 422 for the municipality's policy maker.
const NO_MONITOR_GOAL: &[(&str, &str)] = &[
    ("measure", ""),
    ("target", ""),
    ("deadline", ""),
    ("owner", ""),
];

/// A link token that was never issued.
const BAD_TOKEN: &str = "dit-is-geen-geldige-link-0000000000000000";

#[rustfmt::skip]
const MATRIX: &[Row] = &[
    //                                                          Cw1  Ao   CoA  CoB  TeA  Cw2  Adm  Prv  Pol  Pla  Par  PaB  C14  Y17  Anon
    row("GET",  "/",                          Id::None,        [START,START,START,START,START,START,START,START,START,START,START,START,START,START,LOGIN]),
    row("GET",  "/healthz",                   Id::None,        [OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK ]),
    row("GET",  "/readyz",                    Id::None,        [OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK ]),
    Row { query: "brug.css", ..
    row("GET",  "/static/{*file}",            Id::None,        [OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK ]) },
    Row { query: "?next=%2Fstart", ..
    row("GET",  "/lang/{code}",               Id::None,        [START,START,START,START,START,START,START,START,START,START,START,START,START,START,START]) },
    row("GET",  "/login",                     Id::None,        [START,START,START,START,START,START,START,START,START,START,START,START,START,START,OK ]),
    Row { form: &[("email", "{email}"), ("password", "niet-het-wachtwoord")], ..
    row("POST", "/login",                     Id::None,        [UN,  UN,  UN,  UN,  UN,  UN,  UN,  UN,  UN,  UN,  UN,  UN,  UN,  UN,  UN ]) },
    row("GET",  "/login/two-factor",          Id::None,        [START,START,START,START,START,START,START,START,START,START,START,START,START,START,LOGIN]),
    Row { form: &[("code", "000000")], ..
    row("POST", "/login/two-factor",          Id::None,        [START,START,START,START,START,START,START,START,START,START,START,START,START,START,LOGIN]) },
    Row { form: &[("code", "zzzz-zzzz-zzzz")], ..
    row("POST", "/login/recovery",            Id::None,        [START,START,START,START,START,START,START,START,START,START,START,START,START,START,LOGIN]) },
    row("GET",  "/account/two-factor/setup",  Id::None,        [ACCT,ACCT,ACCT,ACCT,ACCT,ACCT,ACCT,ACCT,ACCT,ACCT,OK,  OK,  OK,  OK,  LOGIN]),
    Row { form: &[("code", "000000")], ..
    row("POST", "/account/two-factor/setup",  Id::None,        [CF,  CF,  CF,  CF,  CF,  CF,  CF,  CF,  CF,  CF,  UN,  UN,  UN,  UN,  LOGIN]) },
    row("GET",  "/start",                     Id::None,        [OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  LOG]),
    row("GET",  "/worklist",                  Id::None,        [OK,  OK,  OK,  OK,  OK,  OK,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  LOG]),
    row("GET",  "/account",                   Id::None,        [OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  LOG]),
    row("GET",  "/organisations",             Id::None,        [OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  FB,  FB,  FB,  FB,  LOG]),
    row("GET",  "/organisations/{id}",        Id::SchoolA,     [OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  FB,  FB,  FB,  FB,  LOG]),
    row("GET",  "/organisations/{id}/audit",  Id::SchoolA,     [FB,  FB,  FB,  FB,  FB,  FB,  FB,  OK,  FB,  FB,  FB,  FB,  FB,  FB,  LOG]),
    row("GET",  "/schools/{id}/pupils",       Id::SchoolA,     [NF,  NF,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("GET",  "/schools/{id}/pupils",       Id::SchoolB,     [NF,  NF,  NF,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("GET",  "/pupils/{id}",               Id::P10,         [OK,  OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  NF,  LOG]),
    row("GET",  "/pupils/{id}",               Id::P14,         [NF,  NF,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  OK,  NF,  LOG]),
    row("GET",  "/pupils/{id}",               Id::P17,         [NF,  NF,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  LOG]),
    row("GET",  "/pupils/{id}",               Id::Pb,          [NF,  NF,  NF,  OK,  NF,  OK,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  LOG]),
    row("GET",  "/pupils/{id}",               Id::Missing,     [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    Row { form: REASON, ..
    row("POST", "/pupils/{id}/break-glass",   Id::P10,         [OK,  OK,  OK,  BG,  NF,  BG,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  NF,  LOG]) },
    Row { form: REASON, ..
    row("POST", "/pupils/{id}/break-glass",   Id::P17,         [BG,  BG,  OK,  BG,  NF,  BG,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  LOG]) },
    Row { form: REASON, ..
    row("POST", "/pupils/{id}/break-glass",   Id::Missing,     [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]) },
    row("GET",  "/pupils/{id}/access-log",    Id::P10,         [NF,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  OK,  NF,  NF,  NF,  LOG]),
    row("GET",  "/pupils/{id}/access-log",    Id::P14,         [NF,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  OK,  NF,  NF,  NF,  LOG]),
    row("GET",  "/pupils/{id}/access-log",    Id::P17,         [NF,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  NF,  NF,  NF,  OK,  LOG]),
    row("GET",  "/organisations/{id}/users",  Id::SchoolA,     [FB,  FB,  FB,  FB,  FB,  FB,  OK,  FB,  FB,  OK,  FB,  FB,  FB,  FB,  LOG]),
    Row { form: INVITE, ..
    row("POST", "/organisations/{id}/users/invite", Id::SchoolA, [FB, FB,  FB,  FB,  FB,  FB,  USERS,FB, FB,  USERS,FB, FB,  FB,  FB,  LOG]) },
    Row { user: Some(TeA), ..
    row("POST", "/organisations/{id}/users/{user}/deactivate", Id::SchoolA, [FB,FB,FB,FB,FB,  FB,  USERS,FB, FB,  USERS,FB, FB,  FB,  FB,  LOG]) },
    Row { user: Some(TeA), ..
    row("POST", "/organisations/{id}/users/{user}/reactivate", Id::SchoolA, [FB,FB,FB,FB,FB,  FB,  USERS,FB, FB,  USERS,FB, FB,  FB,  FB,  LOG]) },
    row("GET",  "/organisations/{id}/outbox", Id::SchoolA,     [FB,  FB,  FB,  FB,  FB,  FB,  OK,  FB,  FB,  OK,  FB,  FB,  FB,  FB,  LOG]),
    row("GET",  "/admin/outbox",              Id::None,        [FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  OK,  FB,  FB,  FB,  FB,  LOG]),
    row("GET",  "/invite/{token}",            Id::None,        [GONE,GONE,GONE,GONE,GONE,GONE,GONE,GONE,GONE,GONE,GONE,GONE,GONE,GONE,GONE]),
    Row { form: NEW_PASSWORD, ..
    row("POST", "/invite/{token}",            Id::None,        [GONE,GONE,GONE,GONE,GONE,GONE,GONE,GONE,GONE,GONE,GONE,GONE,GONE,GONE,GONE]) },
    row("GET",  "/password/forgot",           Id::None,        [OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK ]),
    Row { form: &[("email", "{email}")], ..
    row("POST", "/password/forgot",           Id::None,        [OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK ]) },
    row("GET",  "/password/reset/{token}",    Id::None,        [GONE,GONE,GONE,GONE,GONE,GONE,GONE,GONE,GONE,GONE,GONE,GONE,GONE,GONE,GONE]),
    Row { form: NEW_PASSWORD, ..
    row("POST", "/password/reset/{token}",    Id::None,        [GONE,GONE,GONE,GONE,GONE,GONE,GONE,GONE,GONE,GONE,GONE,GONE,GONE,GONE,GONE]) },
    row("GET",  "/pupils/{id}/cases/new",     Id::P10,         [OK,  OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("GET",  "/pupils/{id}/cases/new",     Id::Missing,     [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    Row { form: OPEN_CASE, ..
    row("POST", "/pupils/{id}/cases",         Id::P10,         [CF,  CF,  CF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]) },
    row("GET",  "/cases/{id}",                Id::CaseP10,     [OK,  OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  NF,  LOG]),
    row("GET",  "/cases/{id}",                Id::CasePb,      [NF,  NF,  NF,  OK,  NF,  OK,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  LOG]),
    row("GET",  "/cases/{id}",                Id::CaseMissing, [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("GET",  "/cases/{id}/print",          Id::CaseP10,     [OK,  OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  NF,  LOG]),
    row("GET",  "/cases/{id}/timeline",       Id::CaseP10,     [OK,  OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  NF,  LOG]),
    Row { form: NO_OUTCOME, ..
    row("POST", "/cases/{id}/status",         Id::CaseP10,     [UN,  UN,  UN,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]) },
    Row { form: SAME_DOMAIN, ..
    row("POST", "/cases/{id}/lead-domain",    Id::CaseP10,     [NF,  NF,  CASE,NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]) },
    Row { form: NO_MEMBER, ..
    row("POST", "/cases/{id}/members",        Id::CaseP10,     [NF,  NF,  UN,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]) },
    row("POST", "/cases/{id}/members/{member}/remove", Id::CaseP10, [NF,NF, UN,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("POST", "/cases/{id}/members/{member}/lead",   Id::CaseP10, [NF,NF, CASE,NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    Row { form: NO_ATTENDANCE, ..
    row("POST", "/cases/{id}/attendance",     Id::CaseP10,     [UN,  UN,  UN,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]) },
    // The matrix's section is the child's words: not the parent's to write (S4).
    row("GET",  "/cases/{id}/plan/{section}", Id::CaseP10,     [OK,  OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("GET",  "/cases/{id}/plan/{section}", Id::CasePb,      [NF,  NF,  NF,  OK,  NF,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("GET",  "/cases/{id}/plan/{section}", Id::CaseMissing, [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    Row { form: STALE_SECTION, ..
    row("POST", "/cases/{id}/plan/{section}", Id::CaseP10,     [CF,  CF,  CF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]) },
    row("GET",  "/cases/{id}/plan/{section}/history", Id::CaseP10, [OK,OK, OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  NF,  LOG]),
    row("GET",  "/cases/{id}/plan/{section}/history", Id::CasePb,  [NF,NF, NF,  OK,  NF,  OK,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  LOG]),
    row("GET",  "/cases/{id}/goals/new",      Id::CaseP10,     [OK,  OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    Row { form: NO_GOAL, ..
    row("POST", "/cases/{id}/goals",          Id::CaseP10,     [UN,  UN,  UN,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]) },
    row("GET",  "/cases/{id}/goals/{goal}",   Id::CaseP10,     [OK,  OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  NF,  LOG]),
    Row { form: STALE_GOAL, ..
    row("POST", "/cases/{id}/goals/{goal}",   Id::CaseP10,     [CF,  CF,  CF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]) },
    Row { form: NO_NOTE, ..
    row("POST", "/cases/{id}/goals/{goal}/progress", Id::CaseP10, [UN,UN, UN,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]) },
    row("GET",  "/cases/{id}/agreements/new", Id::CaseP10,     [OK,  OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    Row { form: NO_AGREEMENT, ..
    row("POST", "/cases/{id}/agreements",     Id::CaseP10,     [UN,  UN,  UN,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]) },
    Row { form: DONE, ..
    row("POST", "/cases/{id}/agreements/{agreement}/done", Id::CaseP10, [AGREEMENTS,AGREEMENTS,AGREEMENTS,NF,NF,NF,NF,NF,NF,NF,NF,NF,NF,NF,LOG]) },
    row("GET",  "/cases/{id}/financing/new",  Id::CaseP10,     [OK,  OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    Row { form: NO_FINANCING, ..
    row("POST", "/cases/{id}/financing",      Id::CaseP10,     [UN,  UN,  UN,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]) },
    row("GET",  "/cases/{id}/meetings",       Id::CaseP10,     [OK,  OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  NF,  LOG]),
    row("GET",  "/cases/{id}/meetings",       Id::CasePb,      [NF,  NF,  NF,  OK,  NF,  OK,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  LOG]),
    row("GET",  "/cases/{id}/meetings",       Id::CaseMissing, [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    Row { form: NO_MEETING, ..
    row("POST", "/cases/{id}/meetings",       Id::CaseP10,     [UN,  UN,  UN,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]) },
    row("GET",  "/cases/{id}/evaluations",    Id::CaseP10,     [OK,  OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  NF,  LOG]),
    Row { form: PAST_EVALUATION, ..
    row("POST", "/cases/{id}/evaluations",    Id::CaseP10,     [UN,  UN,  UN,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]) },
    row("GET",  "/cases/{id}/evaluations/{evaluation}", Id::CaseP10, [OK,OK,OK, NF,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  NF,  LOG]),
    Row { form: NO_DECISION, ..
    row("POST", "/cases/{id}/evaluations/{evaluation}", Id::CaseP10, [UN,UN,UN, NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]) },
    row("GET",  "/cases/{id}/escalations",    Id::CaseP10,     [OK,  OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  NF,  LOG]),
    row("GET",  "/cases/{id}/escalations",    Id::CasePb,      [NF,  NF,  NF,  OK,  NF,  OK,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  LOG]),
    Row { form: NO_ESCALATION, ..
    row("POST", "/cases/{id}/escalations",    Id::CaseP10,     [UN,  UN,  UN,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]) },
    Row { form: NO_OUTCOME_YET, ..
    row("POST", "/cases/{id}/escalations/{escalation}/decide", Id::CaseP10, [UN,UN,UN,NF,NF,NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]) },
    // S4: the family view, the family's own section and comments, notifications.
    row("GET",  "/family/{id}",               Id::P10,         [OK,  OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  NF,  LOG]),
    row("GET",  "/family/{id}",               Id::P14,         [NF,  NF,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  OK,  NF,  LOG]),
    row("GET",  "/family/{id}",               Id::P17,         [NF,  NF,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  LOG]),
    row("GET",  "/family/{id}",               Id::Pb,          [NF,  NF,  NF,  OK,  NF,  OK,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  LOG]),
    row("GET",  "/family/{id}",               Id::Missing,     [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    Row { form: FAMILY_STALE, ..
    row("POST", "/family/{id}/plan/{section}", Id::P10,        [CF,  CF,  CF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]) },
    Row { form: EMPTY_COMMENT, ..
    row("POST", "/family/{id}/comments",      Id::P10,         [UN,  UN,  UN,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  UN,  NF,  NF,  NF,  LOG]) },
    Row { form: EMPTY_CASE_COMMENT, ..
    row("POST", "/cases/{id}/comments",       Id::CaseP10,     [UN,  UN,  UN,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  UN,  NF,  NF,  NF,  LOG]) },
    row("GET",  "/notifications",             Id::None,        [OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  LOG]),
    row("POST", "/notifications/read-all",    Id::None,        [NOTIFS,NOTIFS,NOTIFS,NOTIFS,NOTIFS,NOTIFS,NOTIFS,NOTIFS,NOTIFS,NOTIFS,NOTIFS,NOTIFS,NOTIFS,NOTIFS,LOG]),
    // The parent's notification (about P10): hers only; it opens her family page.
    row("POST", "/notifications/{notification}/open", Id::P10, [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  FAMILY,NF, NF,  NF,  LOG]),
    row("GET",  "/account/notifications",     Id::None,        [OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  LOG]),
    Row { form: IN_APP, ..
    row("POST", "/account/notifications",     Id::None,        [NOTIF_SETTINGS,NOTIF_SETTINGS,NOTIF_SETTINGS,NOTIF_SETTINGS,NOTIF_SETTINGS,NOTIF_SETTINGS,NOTIF_SETTINGS,NOTIF_SETTINGS,NOTIF_SETTINGS,NOTIF_SETTINGS,NOTIF_SETTINGS,NOTIF_SETTINGS,NOTIF_SETTINGS,NOTIF_SETTINGS,LOG]) },
    // S4: consent. The family's page by age; the team's overview of a case.
    row("GET",  "/pupils/{id}/consent",       Id::P10,         [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  NF,  LOG]),
    row("GET",  "/pupils/{id}/consent",       Id::P14,         [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  OK,  NF,  LOG]),
    row("GET",  "/pupils/{id}/consent",       Id::P17,         [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  LOG]),
    row("GET",  "/pupils/{id}/consent",       Id::Missing,     [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    Row { form: NO_ANSWER, ..
    row("POST", "/pupils/{id}/consent/requests/{request}", Id::P10, [NF,NF,NF, NF,  NF,  NF,  NF,  NF,  NF,  NF,  UN,  NF,  NF,  NF,  LOG]) },
    row("POST", "/pupils/{id}/consent/{consent}/withdraw", Id::P10, [NF,NF,NF, NF,  NF,  NF,  NF,  NF,  NF,  NF,  UN,  NF,  NF,  NF,  LOG]),
    Row { form: NO_SHARE, ..
    row("POST", "/pupils/{id}/consent/sharing", Id::P17,       [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  UN,  LOG]) },
    Row { form: NO_SHARE, ..
    row("POST", "/pupils/{id}/consent/sharing", Id::P14,       [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]) },
    row("GET",  "/cases/{id}/consent",        Id::CaseP10,     [OK,  OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("GET",  "/cases/{id}/consent",        Id::CasePb,      [NF,  NF,  NF,  OK,  NF,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("GET",  "/cases/{id}/consent",        Id::CaseMissing, [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    Row { form: NO_CONSENT_REQUEST, ..
    row("POST", "/cases/{id}/consent",        Id::CaseP10,     [NF,  NF,  UN,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]) },
    Row { form: NO_CORRECTION_ANSWER, ..
    row("POST", "/cases/{id}/corrections/{correction}", Id::CaseP10, [NF,NF,UN, NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]) },
    // S4: the AVG rights: for the holder of the rights only (parents under
    // 16, the young person from 16); the privacy officer decides on erasure.
    row("GET",  "/pupils/{id}/rights",        Id::P10,         [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  NF,  LOG]),
    row("GET",  "/pupils/{id}/rights",        Id::P14,         [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  NF,  LOG]),
    row("GET",  "/pupils/{id}/rights",        Id::P17,         [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  LOG]),
    row("GET",  "/pupils/{id}/export",        Id::P10,         [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  NF,  LOG]),
    row("GET",  "/pupils/{id}/export",        Id::Pb,          [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  LOG]),
    row("GET",  "/pupils/{id}/export.json",   Id::P10,         [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  NF,  LOG]),
    row("GET",  "/pupils/{id}/export.json",   Id::P17,         [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  LOG]),
    row("GET",  "/pupils/{id}/export.json",   Id::Missing,     [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    Row { form: NO_CORRECTION, ..
    row("POST", "/pupils/{id}/corrections",   Id::P10,         [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  UN,  NF,  NF,  NF,  LOG]) },
    Row { form: NO_ERASURE, ..
    row("POST", "/pupils/{id}/erasure-requests", Id::P10,      [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  UN,  NF,  NF,  NF,  LOG]) },
    row("GET",  "/pupils/{id}/erasure-requests/{request}", Id::P10, [NF,NF,NF, NF,  NF,  NF,  NF,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    Row { form: NO_ERASURE_DECISION, ..
    row("POST", "/pupils/{id}/erasure-requests/{request}", Id::P10, [NF,NF,NF, NF,  NF,  NF,  NF,  UN,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]) },
    row("GET",  "/organisations/{id}/erasure-requests", Id::SchoolA, [FB,FB,FB, FB,  FB,  FB,  FB,  OK,  FB,  FB,  FB,  FB,  FB,  FB,  LOG]),
    row("GET",  "/organisations/{id}/erasure-requests", Id::SchoolB, [FB,FB,FB, FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  LOG]),
    // S5: the social map (the school's own staff; a provider's mirror view
    // for its own staff), edits by the coordinator and the administrator.
    row("GET",  "/organisations/{id}/network", Id::SchoolA,    [FB,  FB,  OK,  FB,  OK,  FB,  OK,  OK,  FB,  FB,  FB,  FB,  FB,  FB,  LOG]),
    row("GET",  "/organisations/{id}/network", Id::Provider,   [OK,  FB,  FB,  FB,  FB,  OK,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  LOG]),
    Row { form: NO_CONTACT, ..
    row("POST", "/organisations/{id}/network/contacts", Id::SchoolA, [FB,FB,UN,FB, FB,  FB,  UN,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  LOG]) },
    Row { form: NO_CONSULTATION, ..
    row("POST", "/organisations/{id}/network/consultations", Id::SchoolA, [FB,FB,UN,FB,FB,FB,UN,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  LOG]) },
    // A consultation that does not exist: 404 for those who may edit.
    row("POST", "/organisations/{id}/network/consultations/{consultation}/remove", Id::SchoolA, [FB,FB,NF,FB,FB,FB,NF,FB,FB,FB,FB,FB,FB,FB,LOG]),
    // S5: handovers. Prepared by the sending coordinator; read by the case
    // team and the family; the receiving school sees nothing before it is
    // sent with consent and accepted.
    row("GET",  "/cases/{id}/handovers/new",  Id::CaseP10,     [NF,  NF,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("GET",  "/cases/{id}/handovers/new",  Id::CaseMissing, [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    Row { form: NO_HANDOVER, ..
    row("POST", "/cases/{id}/handovers",      Id::CaseP10,     [NF,  NF,  UN,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]) },
    row("GET",  "/handovers/{id}",            Id::Handover,    [OK,  OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  NF,  LOG]),
    row("GET",  "/handovers/{id}",            Id::HandoverMissing, [NF,NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    Row { form: NO_HANDOVER, ..
    row("POST", "/handovers/{id}",            Id::Handover,    [NF,  NF,  UN,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]) },
    row("POST", "/handovers/{id}/consent",    Id::HandoverCancelled, [NF,NF,UN,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("POST", "/handovers/{id}/send",       Id::HandoverCancelled, [NF,NF,UN,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("POST", "/handovers/{id}/cancel",     Id::HandoverCancelled, [NF,NF,UN,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    // Not sent yet: the receiving school cannot even see that it exists.
    row("POST", "/handovers/{id}/accept",     Id::Handover,    [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    Row { form: NO_MEETING_DATE, ..
    row("POST", "/handovers/{id}/meeting",    Id::HandoverCancelled, [NF,NF,UN,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]) },
    Row { form: NO_HELD_DATE, ..
    row("POST", "/handovers/{id}/meeting-held", Id::HandoverCancelled, [NF,NF,UN,NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]) },
    row("GET",  "/schools/{id}/handovers",    Id::SchoolA,     [FB,  FB,  OK,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  LOG]),
    row("GET",  "/schools/{id}/handovers",    Id::SchoolB,     [FB,  FB,  FB,  OK,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  LOG]),
    // The SWV's overview: school A is no SWV.
    row("GET",  "/organisations/{id}/handovers", Id::SchoolA,  [FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  LOG]),
    Row { query: "?format=excel", ..
    row("GET",  "/schools/{id}/export/{list}", Id::SchoolA,    [FB,  FB,  OK,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  LOG]) },
    // S7: the monitor, for policy makers only; never a person on it.
    row("GET",  "/monitor",                   Id::None,        [FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  OK,  FB,  FB,  FB,  FB,  FB,  LOG]),
    row("GET",  "/monitor/{area}",            Id::AreaOwn,     [FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  OK,  FB,  FB,  FB,  FB,  FB,  LOG]),
    row("GET",  "/monitor/{area}",            Id::AreaNational,[FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  OK,  FB,  FB,  FB,  FB,  FB,  LOG]),
    row("GET",  "/monitor/{area}",            Id::AreaMissing, [FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  NF,  FB,  FB,  FB,  FB,  FB,  LOG]),
    row("GET",  "/monitor/{area}/indicators/{measure}", Id::AreaOwn, [FB,FB,FB, FB,  FB,  FB,  FB,  FB,  OK,  FB,  FB,  FB,  FB,  FB,  LOG]),
    row("GET",  "/monitor/{area}/compare",    Id::AreaOwn,     [FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  OK,  FB,  FB,  FB,  FB,  FB,  LOG]),
    row("GET",  "/monitor/{area}/compare",    Id::AreaNational,[FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  OK,  FB,  FB,  FB,  FB,  FB,  LOG]),
    row("GET",  "/monitor/{area}/report",     Id::AreaOwn,     [FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  OK,  FB,  FB,  FB,  FB,  FB,  LOG]),
    row("GET",  "/monitor/{area}/report",     Id::AreaNational,[FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  NF,  FB,  FB,  FB,  FB,  FB,  LOG]),
    row("GET",  "/monitor/{area}/goals",      Id::AreaOwn,     [FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  OK,  FB,  FB,  FB,  FB,  FB,  LOG]),
    Row { form: NO_MONITOR_GOAL, ..
    row("POST", "/monitor/{area}/goals",      Id::AreaOwn,     [FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  UN,  FB,  FB,  FB,  FB,  FB,  LOG]) },
    Row { form: NO_MONITOR_GOAL, ..
    row("POST", "/monitor/{area}/goals",      Id::AreaNational,[FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  LOG]) },
    row("GET",  "/monitor/{area}/export/{table}", Id::AreaOwn, [FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  OK,  FB,  FB,  FB,  FB,  FB,  LOG]),
    row("GET",  "/monitor/{area}/export/{table}", Id::AreaMissing, [FB,FB,FB,FB, FB,  FB,  FB,  FB,  NF,  FB,  FB,  FB,  FB,  FB,  LOG]),
    // S5: imports, for functional administrators (pupils of their schools)
    // and the platform administrator. A form without a file: 422; an upload
    // that does not exist (or is another user's): 404.
    row("GET",  "/import",                    Id::None,        [FB,  FB,  FB,  FB,  FB,  FB,  OK,  FB,  FB,  OK,  FB,  FB,  FB,  FB,  LOG]),
    row("POST", "/import",                    Id::None,        [FB,  FB,  FB,  FB,  FB,  FB,  UN,  FB,  FB,  UN,  FB,  FB,  FB,  FB,  LOG]),
    row("POST", "/import/{upload}",           Id::None,        [FB,  FB,  FB,  FB,  FB,  FB,  NF,  FB,  FB,  NF,  FB,  FB,  FB,  FB,  LOG]),
    row("POST", "/account/sessions/end-all",  Id::None,        [LOGIN,LOGIN,LOGIN,LOGIN,LOGIN,LOGIN,LOGIN,LOGIN,LOGIN,LOGIN,LOGIN,LOGIN,LOGIN,LOGIN,LOG]),
    // S6: the learning network. First by ids that do not exist (404 for
    // everyone, nothing logged); then the World's own network, sessions and
    // scan further down. The knowledge base, theme pages and glossary are
    // for everyone signed in; the collaboration scan for the coordinator of
    // the school. Only the policy maker is also a facilitator: an empty
    // network form is 422 for her.
    row("GET",  "/learning",                  Id::None,        [OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  LOG]),
    row("POST", "/learning/networks",         Id::None,        [FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  UN,  FB,  FB,  FB,  FB,  FB,  LOG]),
    row("GET",  "/learning/networks/{id}",    Id::Missing,     [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("POST", "/learning/networks/{id}/members", Id::Missing, [NF, NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("POST", "/learning/networks/{id}/members/{member}/leave", Id::Missing, [NF,NF,NF,NF,NF,NF,NF,NF,NF,NF,NF,NF,NF,NF,LOG]),
    row("POST", "/learning/networks/{id}/sessions", Id::Missing, [NF, NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("GET",  "/learning/networks/{id}/factsheet", Id::Missing, [NF,NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("GET",  "/learning/sessions/{id}",    Id::Missing,     [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("POST", "/learning/sessions/{id}/contributions", Id::Missing, [NF,NF,NF,NF,NF,NF,NF,NF,NF,NF,NF,NF,NF,NF,LOG]),
    row("POST", "/learning/sessions/{id}/story", Id::Missing,  [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("POST", "/learning/sessions/{id}/story/review", Id::Missing, [NF,NF,NF,NF,NF,NF,NF,NF,NF,NF,NF,NF,NF,NF,LOG]),
    row("POST", "/learning/sessions/{id}/items", Id::Missing,  [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("POST", "/learning/sessions/{id}/actions", Id::Missing, [NF, NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("POST", "/learning/sessions/{id}/actions/{action}", Id::Missing, [NF,NF,NF,NF,NF,NF,NF,NF,NF,NF,NF,NF,NF,NF,LOG]),
    Row { query: "?q=vaste+contactpersoon&theme=structure", ..
    row("GET",  "/learning/knowledge",        Id::None,        [OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  LOG]) },
    row("GET",  "/learning/themes/{theme}",   Id::None,        [OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  LOG]),
    row("GET",  "/learning/glossary",         Id::None,        [OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  LOG]),
    // An empty term: 422 for professionals, refused for everyone else.
    Row { form: &[("term", ""), ("education", ""), ("youth_care", "")], ..
    row("POST", "/learning/glossary",         Id::None,        [UN,  UN,  UN,  UN,  UN,  UN,  UN,  UN,  UN,  FB,  FB,  FB,  FB,  FB,  LOG]) },
    // S6a: editing and removing (networks, items, actions: their
    // facilitator; terms: proposer, facilitators, platform) asked for by an
    // id that does not exist; projects are started by facilitators (nobody
    // here); the factsheet of a theme is for everyone signed in.
    row("GET",  "/learning/glossary/{id}/edit", Id::Missing,   [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("POST", "/learning/glossary/{id}/edit", Id::Missing,   [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("POST", "/learning/glossary/{id}/remove", Id::Missing, [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("GET",  "/learning/networks/{id}/edit", Id::Missing,   [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("POST", "/learning/networks/{id}/edit", Id::Missing,   [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("POST", "/learning/networks/{id}/remove", Id::Missing, [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("GET",  "/learning/items/{id}/edit",  Id::Missing,     [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("POST", "/learning/items/{id}/edit",  Id::Missing,     [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("POST", "/learning/items/{id}/remove", Id::Missing,    [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("GET",  "/learning/actions/{id}/edit", Id::Missing,    [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("POST", "/learning/actions/{id}/edit", Id::Missing,    [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("POST", "/learning/actions/{id}/remove", Id::Missing,  [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("POST", "/learning/projects",         Id::None,        [FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  UN,  FB,  FB,  FB,  FB,  FB,  LOG]),
    row("GET",  "/learning/projects/{id}",    Id::Missing,     [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("GET",  "/learning/projects/{id}/factsheet", Id::Missing, [NF,NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("GET",  "/learning/themes/{theme}/factsheet", Id::None, [OK, OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  LOG]),
    row("GET",  "/organisations/{id}/scan",   Id::SchoolA,     [FB,  FB,  OK,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  LOG]),
    // A partner code that is not in the registry: 422 for the coordinator.
    Row { form: &[("partner", "ZZ99")], ..
    row("POST", "/organisations/{id}/scan",   Id::SchoolA,     [FB,  FB,  UN,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  FB,  LOG]) },
    row("GET",  "/learning/scans/{id}",       Id::Missing,     [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("POST", "/learning/scans/{id}",       Id::Missing,     [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    // The World's learning network with real ids. The facilitator (Pol)
    // runs it, the members (Cw1, CoA) see it; everyone else gets "not
    // found", logged as a refusal. Forms are empty, so nothing changes:
    // 422 (the page again, its read logged) for who may, except the
    // facilitator removing the parent's seat, which is real (and last for
    // her seat's sake: nobody after her in the columns is a member).
    row("GET",  "/learning/networks/{id}",    Id::Network,     [OK,  NF,  OK,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("POST", "/learning/networks/{id}/members", Id::Network, [NF, NF,  NF,  NF,  NF,  NF,  NF,  NF,  UN,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("POST", "/learning/networks/{id}/sessions", Id::Network, [NF, NF,  NF,  NF,  NF,  NF,  NF,  NF,  UN,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("GET",  "/learning/networks/{id}/factsheet", Id::Network, [OK,NF,  OK,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("GET",  "/learning/sessions/{id}",    Id::Session,     [OK,  NF,  OK,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("GET",  "/learning/sessions/{id}",    Id::Table,       [OK,  NF,  OK,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("POST", "/learning/sessions/{id}/contributions", Id::Session, [NF,NF,NF,NF,NF,NF,NF,NF,UN,NF,NF,NF,NF,NF,LOG]),
    // Bringing a case (none given): members and the facilitator may.
    row("POST", "/learning/sessions/{id}/story", Id::Table,    [UN,  NF,  UN,  NF,  NF,  NF,  NF,  NF,  UN,  NF,  NF,  NF,  NF,  NF,  LOG]),
    // The story was approved already: nothing to review (409).
    row("POST", "/learning/sessions/{id}/story/review", Id::Table, [NF,NF,NF,NF,NF,NF,NF,NF,CF,NF,NF,NF,NF,NF,LOG]),
    row("POST", "/learning/sessions/{id}/items", Id::Session,  [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  UN,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("POST", "/learning/sessions/{id}/actions", Id::Session, [NF, NF,  NF,  NF,  NF,  NF,  NF,  NF,  UN,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("POST", "/learning/sessions/{id}/actions/{action}", Id::Session, [NF,NF,NF,NF,NF,NF,NF,NF,UN,NF,NF,NF,NF,NF,LOG]),
    row("POST", "/learning/networks/{id}/members/{member}/leave", Id::Network, [NF,NF,NF,NF,NF,NF,NF,NF,LEARNING_NETWORK,NF,NF,NF,NF,NF,LOG]),
    // School A's scan: its coordinator only (not logged: no personal data);
    // completed, so it cannot be saved again (409).
    row("GET",  "/learning/scans/{id}",       Id::Scan,        [NF,  NF,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("POST", "/learning/scans/{id}",       Id::Scan,        [NF,  NF,  CF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  LOG]),
    // Editing and removing with real ids: the facilitator only; the forms
    // are empty and a removal is not confirmed, so nothing changes (422,
    // the form again). Members and everyone else: "not found", logged.
    row("GET",  "/learning/networks/{id}/edit", Id::Network,   [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("POST", "/learning/networks/{id}/edit", Id::Network,   [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  UN,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("POST", "/learning/networks/{id}/remove", Id::Network, [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  UN,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("GET",  "/learning/items/{id}/edit",  Id::Insight,     [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("POST", "/learning/items/{id}/edit",  Id::Insight,     [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  UN,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("POST", "/learning/items/{id}/remove", Id::Insight,    [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  UN,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("GET",  "/learning/actions/{id}/edit", Id::Action,     [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("POST", "/learning/actions/{id}/edit", Id::Action,     [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  UN,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("POST", "/learning/actions/{id}/remove", Id::Action,   [NF,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  UN,  NF,  NF,  NF,  NF,  NF,  LOG]),
    row("POST", "/logout",                    Id::None,        [LOGIN,LOGIN,LOGIN,LOGIN,LOGIN,LOGIN,LOGIN,LOGIN,LOGIN,LOGIN,LOGIN,LOGIN,LOGIN,LOGIN,LOG]),
];

/// What a request leaves in the audit log, by route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trail {
    /// Touches no personal data: no event at all.
    Nothing,
    /// One pupil's data: exactly one event for that pupil.
    Pupil,
    /// The school's pupil list: one event for the list, none per pupil.
    PupilList,
    /// The organisation's audit log: one event, no pupil.
    OrgLog,
    /// Managing the organisation's accounts: one event, no pupil.
    Accounts,
    /// The worklist: one event for the page, no pupil.
    Worklist,
    /// The privacy officer's erasure requests: one event for the list, none per pupil.
    ErasureList,
    /// The start page: a family account sees its children's names (one
    /// event per name shown); professionals see no personal data there.
    FamilyNames,
    /// An organisation's page or list: one event of this resource for the
    /// organisation, no pupil.
    Org(&'static str),
    /// An edit of a school's map: refused, one refused event of this
    /// resource; a form with errors, the page again (one `network` read);
    /// an item that does not exist, nothing.
    OrgEdit(&'static str),
    /// A failed login: one event, no pupil.
    LoginFailed,
    /// The session ends: one event, no pupil.
    Logout,
    /// The monitor: one event without a pupil, for the area.
    Monitor,
    /// The learning network's pages and forms (real ids): a refusal is one
    /// refused event of `denied`; otherwise the events of `allowed`, in
    /// order (a 422 shows the page again, whose read is logged); a 409
    /// nothing. An id that does not exist: nothing.
    Learning {
        denied: &'static str,
        allowed: &'static [&'static str],
    },
}

/// Deliberately one arm per route: a new route needs a decision here too.
fn trail(method: &str, route: &str) -> Trail {
    match (method, route) {
        ("GET", "/pupils/{id}")
        | ("POST", "/pupils/{id}/break-glass")
        | ("GET", "/pupils/{id}/access-log")
        | ("GET", "/pupils/{id}/cases/new")
        | ("POST", "/pupils/{id}/cases")
        | ("GET", "/cases/{id}")
        | ("GET", "/cases/{id}/timeline")
        | ("GET", "/cases/{id}/print")
        | ("POST", "/cases/{id}/status")
        | ("POST", "/cases/{id}/lead-domain")
        | ("POST", "/cases/{id}/members")
        | ("POST", "/cases/{id}/members/{member}/remove")
        | ("POST", "/cases/{id}/members/{member}/lead")
        | ("POST", "/cases/{id}/attendance")
        | ("GET", "/cases/{id}/plan/{section}")
        | ("POST", "/cases/{id}/plan/{section}")
        | ("GET", "/cases/{id}/plan/{section}/history")
        | ("GET", "/cases/{id}/goals/new")
        | ("POST", "/cases/{id}/goals")
        | ("GET", "/cases/{id}/goals/{goal}")
        | ("POST", "/cases/{id}/goals/{goal}")
        | ("POST", "/cases/{id}/goals/{goal}/progress")
        | ("GET", "/cases/{id}/agreements/new")
        | ("POST", "/cases/{id}/agreements")
        | ("POST", "/cases/{id}/agreements/{agreement}/done")
        | ("GET", "/cases/{id}/financing/new")
        | ("POST", "/cases/{id}/financing")
        | ("GET", "/cases/{id}/meetings")
        | ("POST", "/cases/{id}/meetings")
        | ("GET", "/cases/{id}/evaluations")
        | ("POST", "/cases/{id}/evaluations")
        | ("GET", "/cases/{id}/evaluations/{evaluation}")
        | ("POST", "/cases/{id}/evaluations/{evaluation}")
        | ("GET", "/cases/{id}/escalations")
        | ("POST", "/cases/{id}/escalations")
        | ("POST", "/cases/{id}/escalations/{escalation}/decide")
        | ("GET", "/family/{id}")
        | ("POST", "/family/{id}/plan/{section}")
        | ("POST", "/family/{id}/comments")
        | ("POST", "/cases/{id}/comments") => Trail::Pupil,
        ("GET", "/cases/{id}/handovers/new")
        | ("POST", "/cases/{id}/handovers")
        | ("GET", "/handovers/{id}")
        | ("POST", "/handovers/{id}")
        | ("POST", "/handovers/{id}/consent")
        | ("POST", "/handovers/{id}/send")
        | ("POST", "/handovers/{id}/cancel")
        | ("POST", "/handovers/{id}/accept")
        | ("POST", "/handovers/{id}/meeting")
        | ("POST", "/handovers/{id}/meeting-held") => Trail::Pupil,
        ("GET", "/organisations/{id}/network") => Trail::Org("network"),
        ("POST", "/organisations/{id}/network/contacts") => Trail::OrgEdit("school_contact"),
        ("POST", "/organisations/{id}/network/consultations")
        | ("POST", "/organisations/{id}/network/consultations/{consultation}/remove") => {
            Trail::OrgEdit("school_consultation")
        }
        ("GET", "/schools/{id}/handovers") => Trail::Org("handover_list"),
        ("GET", "/organisations/{id}/handovers") => Trail::Org("handover_overview"),
        ("GET", "/schools/{id}/export/{list}") => Trail::Org("school_list"),
        ("GET", "/pupils/{id}/consent")
        | ("POST", "/pupils/{id}/consent/requests/{request}")
        | ("POST", "/pupils/{id}/consent/{consent}/withdraw")
        | ("POST", "/pupils/{id}/consent/sharing")
        | ("GET", "/cases/{id}/consent")
        | ("POST", "/cases/{id}/consent")
        | ("POST", "/cases/{id}/corrections/{correction}")
        | ("GET", "/pupils/{id}/rights")
        | ("GET", "/pupils/{id}/export")
        | ("GET", "/pupils/{id}/export.json")
        | ("POST", "/pupils/{id}/corrections")
        | ("POST", "/pupils/{id}/erasure-requests")
        | ("GET", "/pupils/{id}/erasure-requests/{request}")
        | ("POST", "/pupils/{id}/erasure-requests/{request}") => Trail::Pupil,
        ("GET", "/organisations/{id}/erasure-requests") => Trail::ErasureList,
        ("GET", "/schools/{id}/pupils") => Trail::PupilList,
        ("GET", "/organisations/{id}/audit") => Trail::OrgLog,
        ("GET", "/organisations/{id}/users")
        | ("POST", "/organisations/{id}/users/invite")
        | ("POST", "/organisations/{id}/users/{user}/deactivate")
        | ("POST", "/organisations/{id}/users/{user}/reactivate")
        | ("GET", "/organisations/{id}/outbox") => Trail::Accounts,
        ("GET", "/monitor")
        | ("GET", "/monitor/{area}")
        | ("GET", "/monitor/{area}/indicators/{measure}")
        | ("GET", "/monitor/{area}/compare")
        | ("GET", "/monitor/{area}/report")
        | ("GET", "/monitor/{area}/goals")
        | ("POST", "/monitor/{area}/goals")
        | ("GET", "/monitor/{area}/export/{table}") => Trail::Monitor,
        ("GET", "/start") => Trail::FamilyNames,
        ("GET", "/worklist") => Trail::Worklist,
        ("POST", "/login") => Trail::LoginFailed,
        // The page and a form without a file read no personal data.
        ("GET", "/import") | ("POST", "/import") | ("POST", "/import/{upload}") => Trail::Nothing,
        ("POST", "/logout") | ("POST", "/account/sessions/end-all") => Trail::Logout,
        // S6: networks and sessions hold names and words of members: logged.
        ("GET", "/learning/networks/{id}") => learning("learning_network", NETWORK_READ),
        ("POST", "/learning/networks/{id}/members") => learning("learning_member", NETWORK_READ),
        ("POST", "/learning/networks/{id}/members/{member}/leave") => {
            learning("learning_member", &["learning_member", "learning_network"])
        }
        ("POST", "/learning/networks/{id}/sessions") => learning("learning_session", NETWORK_READ),
        ("GET", "/learning/networks/{id}/factsheet") => learning("learning_factsheet", &[]),
        ("GET", "/learning/sessions/{id}") => learning("learning_session", SESSION_READ),
        ("POST", "/learning/sessions/{id}/contributions") => {
            learning("learning_contribution", SESSION_READ)
        }
        ("POST", "/learning/sessions/{id}/story")
        | ("POST", "/learning/sessions/{id}/story/review") => learning("case_story", SESSION_READ),
        ("POST", "/learning/sessions/{id}/items") => learning("learning_item", SESSION_READ),
        ("POST", "/learning/sessions/{id}/actions")
        | ("POST", "/learning/sessions/{id}/actions/{action}") => {
            learning("learning_action", SESSION_READ)
        }
        // Editing a network and its knowledge: a refusal is logged; the
        // forms show no member's name and an unsaved form changes nothing
        // (a saved change is logged, see the learning journeys).
        ("GET", "/learning/networks/{id}/edit")
        | ("POST", "/learning/networks/{id}/edit")
        | ("POST", "/learning/networks/{id}/remove") => {
            learning("learning_network", &[])
        }
        ("GET", "/learning/items/{id}/edit")
        | ("POST", "/learning/items/{id}/edit")
        | ("POST", "/learning/items/{id}/remove") => learning("learning_item", &[]),
        ("GET", "/learning/actions/{id}/edit")
        | ("POST", "/learning/actions/{id}/edit")
        | ("POST", "/learning/actions/{id}/remove") => {
            learning("learning_action", &[])
        }
        // The knowledge base, glossary and scans hold no personal data.
        ("GET", "/learning")
        | ("POST", "/learning/networks")
        | ("GET", "/learning/knowledge")
        | ("GET", "/learning/themes/{theme}")
        | ("GET", "/learning/glossary")
        | ("POST", "/learning/glossary")
        | ("GET", "/learning/glossary/{id}/edit")
        | ("POST", "/learning/glossary/{id}/edit")
        | ("POST", "/learning/glossary/{id}/remove")
        | ("POST", "/learning/projects")
        | ("GET", "/learning/projects/{id}")
        | ("GET", "/learning/projects/{id}/factsheet")
        | ("GET", "/learning/themes/{theme}/factsheet")
        | ("GET", "/organisations/{id}/scan")
        | ("POST", "/organisations/{id}/scan")
        | ("GET", "/learning/scans/{id}")
        | ("POST", "/learning/scans/{id}") => Trail::Nothing,
        ("GET", "/")
        | ("GET", "/healthz")
        | ("GET", "/readyz")
        | ("GET", "/static/{*file}")
        | ("GET", "/lang/{code}")
        | ("GET", "/login")
        | ("GET", "/login/two-factor")
        | ("POST", "/login/two-factor")
        | ("POST", "/login/recovery")
        | ("GET", "/account/two-factor/setup")
        | ("POST", "/account/two-factor/setup")
        | ("GET", "/account")
        | ("GET", "/organisations")
        | ("GET", "/organisations/{id}")
        | ("GET", "/admin/outbox")
        | ("GET", "/invite/{token}")
        | ("POST", "/invite/{token}")
        | ("GET", "/password/forgot")
        | ("POST", "/password/forgot")
        | ("GET", "/password/reset/{token}")
        | ("POST", "/password/reset/{token}")
        // Notifications hold no names or texts: no access to a file.
        | ("GET", "/notifications")
        | ("POST", "/notifications/read-all")
        | ("POST", "/notifications/{notification}/open")
        | ("GET", "/account/notifications")
        | ("POST", "/account/notifications") => Trail::Nothing,
        other => panic!("no audit expectation for {other:?}: add it to `trail`"),
    }
}

const NETWORK_READ: &[&str] = &["learning_network"];
const SESSION_READ: &[&str] = &["learning_session"];

const fn learning(denied: &'static str, allowed: &'static [&'static str]) -> Trail {
    Trail::Learning { denied, allowed }
}

#[test]
fn every_route_has_rows_in_the_matrix() {
    let routes: BTreeSet<(&str, &str)> = brug_web::ROUTES.iter().copied().collect();
    let covered: BTreeSet<(&str, &str)> = MATRIX.iter().map(|r| (r.method, r.route)).collect();
    let missing: Vec<_> = routes.difference(&covered).collect();
    let stale: Vec<_> = covered.difference(&routes).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "routes without rows in the access matrix: {missing:?}; rows for routes that do not exist: {stale:?}"
    );
    for (method, route) in &routes {
        trail(method, route);
    }
}

struct Cast<'w> {
    w: &'w World,
    /// The section, goal and agreement of P10's plan.
    plan: crate::plan::PlanIds,
    /// The planned evaluation and open escalation of P10's case.
    meetings: crate::meetings::MeetingIds,
    /// A notification of the parent about P10.
    notification: i64,
    /// P10's consent request, withdrawn consent, correction and erasure requests.
    rights: crate::rights::RightsIds,
    /// The handovers of P10's case.
    handovers: crate::handover::HandoverIds,
}

impl Cast<'_> {
    fn person(&self, actor: Actor) -> Option<&Person> {
        let w = self.w;
        Some(match actor {
            Cw1 => &w.care_worker_1,
            Ao => &w.attendance_officer,
            CoA => &w.coordinator_a,
            CoB => &w.coordinator_b,
            TeA => &w.teacher_a,
            Cw2 => &w.care_worker_2,
            Adm => &w.org_admin_a,
            Prv => &w.privacy_a,
            Pol => &w.policy_maker,
            Pla => &w.platform_admin,
            Par => &w.parent,
            PaB => &w.parent_b,
            C14 => &w.child_14,
            Y17 => &w.young_17,
            Anon => return None,
        })
    }

    fn id(&self, id: Id) -> Option<i64> {
        let w = self.w;
        match id {
            Id::None => None,
            Id::SchoolA => Some(w.school_a),
            Id::SchoolB => Some(w.school_b),
            Id::P10 => Some(w.p10),
            Id::P14 => Some(w.p14),
            Id::P17 => Some(w.p17),
            Id::Pb => Some(w.pb),
            Id::Missing => Some(MISSING_PUPIL),
            Id::CaseP10 => Some(w.case_p10),
            Id::CasePb => Some(w.case_pb),
            Id::CaseMissing => Some(MISSING_PUPIL),
            Id::Provider => Some(w.care_provider),
            Id::Handover => Some(self.handovers.prepared),
            Id::HandoverCancelled => Some(self.handovers.cancelled),
            Id::HandoverMissing => Some(MISSING_PUPIL),
            Id::AreaOwn | Id::AreaNational | Id::AreaMissing => None,
            Id::Network => Some(w.learning.network),
            Id::Session => Some(w.learning.session),
            Id::Table => Some(w.learning.table),
            Id::Scan => Some(w.learning.scan),
            Id::Insight => Some(w.learning.insight),
            Id::Action => Some(w.learning.action),
        }
    }

    /// The pupil whose data a row's id is about (a case's pupil; none for a
    /// case that does not exist).
    fn pupil_of(&self, id: Id) -> Option<i64> {
        match id {
            Id::CasePb => Some(self.w.pb),
            Id::CaseP10 | Id::Handover | Id::HandoverCancelled => Some(self.w.p10),
            Id::CaseMissing | Id::HandoverMissing => None,
            other => self.id(other),
        }
    }

    /// The pupil names a family account's start page shows (and logs).
    fn family_names(&self, actor: Actor) -> Vec<i64> {
        let w = self.w;
        match actor {
            // Not P17: she does not share her file with her parents.
            Par => vec![w.p10, w.p14],
            PaB => vec![w.pb],
            C14 => vec![w.p14],
            Y17 => vec![w.p17],
            _ => Vec::new(),
        }
    }

    fn path(&self, row: &Row) -> String {
        let mut base = match (self.id(row.id), row.route) {
            (Some(id), route) => route.replace("{id}", &id.to_string()),
            (None, "/static/{*file}") => "/static/".to_owned(),
            (None, "/lang/{code}") => "/lang/nl".to_owned(),
            (None, route) => route.to_owned(),
        };
        if let Some(person) = row.user.and_then(|a| self.person(a)) {
            base = base.replace("{user}", &person.id.to_string());
        }
        base = base.replace("{token}", BAD_TOKEN);
        if row.route.starts_with("/learning/") {
            let l = &self.w.learning;
            base = base
                .replace("{member}", &l.parent_member.to_string())
                .replace("{action}", &l.action.to_string());
        }
        base = base.replace("{member}", &self.w.lead_member_p10.to_string());
        base = base
            .replace("{section}", crate::plan::SECTION)
            .replace("{goal}", &self.plan.goal.to_string())
            .replace("{agreement}", &self.plan.agreement.to_string())
            .replace("{evaluation}", &self.meetings.evaluation.to_string())
            .replace("{escalation}", &self.meetings.escalation.to_string())
            .replace("{notification}", &self.notification.to_string())
            .replace("{consultation}", &MISSING_PUPIL.to_string())
            .replace("{upload}", &MISSING_PUPIL.to_string())
            .replace("{action}", &MISSING_PUPIL.to_string())
            .replace("{theme}", "steering")
            .replace("{list}", "pupils-with-support");
        let request = if row.route.contains("erasure-requests") {
            self.rights.erasure
        } else {
            self.rights.consent_request
        };
        base = base
            .replace("{request}", &request.to_string())
            .replace("{consent}", &self.rights.withdrawn_consent.to_string())
            .replace("{correction}", &self.rights.correction.to_string());
        let area = match row.id {
            Id::AreaNational => "national".to_owned(),
            Id::AreaMissing => format!("municipality-{MISSING_PUPIL}"),
            _ => format!("municipality-{}", self.w.municipality),
        };
        base = base
            .replace("{area}", &area)
            .replace("{measure}", "home_sitters_monthly_meeting")
            .replace("{table}", "compare");
        assert!(!base.contains('{'), "no value for {}", row.route);
        format!("{base}{}", row.query)
    }
}

/// Mismatches are collected, so one run shows all of them.
#[derive(Default)]
struct Report(Vec<String>);

impl Report {
    fn check(&mut self, ok: bool, what: impl FnOnce() -> String) {
        if !ok {
            self.0.push(what());
        }
    }
}

fn status_of(e: E) -> u16 {
    match e {
        E::Ok | E::Glass => 200,
        E::To(_) | E::Login => 303,
        E::Forbidden => 403,
        E::NotFound => 404,
        E::Conflict => 409,
        E::Gone => 410,
        E::Invalid => 422,
    }
}

/// Whether a concrete path is served by a route pattern such as `/pupils/{id}`.
fn matches_route(pattern: &str, path: &str) -> bool {
    let pattern: Vec<&str> = pattern.split('/').collect();
    let path: Vec<&str> = path.split('/').collect();
    if pattern.last().is_some_and(|p| p.starts_with("{*")) {
        return path.len() >= pattern.len()
            && pattern[..pattern.len() - 1]
                .iter()
                .zip(&path)
                .all(|(p, s)| p == s || p.starts_with('{'));
    }
    pattern.len() == path.len()
        && pattern
            .iter()
            .zip(&path)
            .all(|(p, s)| p == s || (p.starts_with('{') && !s.is_empty()))
}

fn check_response(
    report: &mut Report,
    label: &str,
    path: &str,
    id: Option<i64>,
    expect: E,
    resp: &Resp,
) {
    let want = status_of(expect);
    let got = resp.status.as_u16();
    report.check(got == want, || {
        format!(
            "{label}: status {got}, expected {want} ({expect:?}); location {:?}",
            resp.location()
        )
    });
    if got != want {
        return;
    }
    let target = match expect {
        E::To(target) => Some(match id {
            Some(id) => target.replace("{id}", &id.to_string()),
            None => target.to_owned(),
        }),
        // Pages come back after login; form posts cannot be repeated as a GET.
        E::Login if label.contains(" GET ") => Some(format!("/login?next={}", enc(path))),
        E::Login => Some("/login".to_owned()),
        _ => None,
    };
    if let Some(target) = target {
        report.check(resp.location() == Some(target.as_str()), || {
            format!(
                "{label}: redirect to {:?}, expected {target}",
                resp.location()
            )
        });
        let target_path = target.split('?').next().unwrap_or_default();
        let route_exists = brug_web::ROUTES
            .iter()
            .any(|(m, r)| *m == "GET" && matches_route(r, target_path));
        report.check(route_exists, || {
            format!("{label}: redirect to {target}, which is not a GET route")
        });
    }
    let banner = "U gebruikt noodtoegang";
    match expect {
        E::Glass => report.check(resp.body.contains(banner), || {
            format!("{label}: no break-glass banner")
        }),
        E::Ok => report.check(!resp.body.contains(banner), || {
            format!("{label}: a break-glass banner on standing access")
        }),
        _ => {}
    }
}

/// The audit log before a request.
struct Before {
    total: i64,
    pupil_events: i64,
}

async fn before(t: &TestApp) -> Before {
    Before {
        total: t.audit_count().await,
        pupil_events: t.all_pupil_events().await,
    }
}

/// The events appended since `before`, oldest first.
async fn new_events(t: &TestApp, before: &Before) -> Vec<StoredEvent> {
    let added = t.audit_count().await - before.total;
    if added <= 0 {
        return Vec::new();
    }
    let (mut events, _) = t
        .audit(brug_store::audit::AuditQuery {
            limit: added,
            ..Default::default()
        })
        .await;
    events.reverse();
    events
}

#[allow(clippy::too_many_arguments)]
async fn check_trail(
    report: &mut Report,
    t: &TestApp,
    cast: &Cast<'_>,
    label: &str,
    row: &Row,
    actor: Actor,
    expect: E,
    before: &Before,
) {
    let events = new_events(t, before).await;
    let pupil_events_now = t.all_pupil_events().await;
    let who = cast.person(actor).map(|p| p.id);
    let kinds: Vec<String> = events
        .iter()
        .map(|e| {
            format!(
                "{}:{}:{:?}:{}",
                e.event.action.code(),
                e.event.resource_type,
                e.event.pupil.map(|p| p.0),
                e.event.outcome.code()
            )
        })
        .collect();
    let outcome = if matches!(expect, E::Forbidden | E::NotFound) {
        Outcome::Denied
    } else {
        Outcome::Allowed
    };
    let by_actor = |e: &StoredEvent| e.event.actor.user.map(|u| u.0) == who;
    let trail = match (actor, trail(row.method, row.route)) {
        // A failed login is logged whoever sends it.
        (_, Trail::LoginFailed) => Trail::LoginFailed,
        // Not signed in: sent to the login page before anything is read.
        (Anon, _) => Trail::Nothing,
        // A network or session that does not exist: nothing to protect.
        (_, Trail::Learning { .. }) if row.id == Id::Missing => Trail::Nothing,
        (_, trail) => trail,
    };
    let pupil_delta = pupil_events_now - before.pupil_events;
    match trail {
        Trail::Nothing => report.check(events.is_empty(), || {
            format!("{label}: expected no audit event, got {kinds:?}")
        }),
        Trail::Pupil => {
            let pupil = cast.pupil_of(row.id);
            let pupil_delta = if pupil.is_some() {
                pupil_delta
            } else {
                pupil_delta + 1
            };
            let ok = events.len() == 1
                && pupil_delta == 1
                && events[0].event.pupil.map(|p| p.0) == pupil
                && events[0].event.outcome == outcome
                && events[0].event.break_glass == (expect == E::Glass)
                && by_actor(&events[0]);
            report.check(ok, || {
                format!(
                    "{label}: expected one {} event for pupil {pupil:?} by user {who:?}{}, got {kinds:?} (actors {:?}, break-glass {:?})",
                    outcome.code(),
                    if expect == E::Glass { " flagged break-glass" } else { "" },
                    events.iter().map(|e| e.event.actor.user).collect::<Vec<_>>(),
                    events.iter().map(|e| e.event.break_glass).collect::<Vec<_>>(),
                )
            });
        }
        Trail::PupilList
        | Trail::OrgLog
        | Trail::Accounts
        | Trail::Worklist
        | Trail::ErasureList => {
            let (resource, resource_id) = match trail {
                Trail::Worklist => ("worklist", None),
                Trail::ErasureList => ("erasure_requests", cast.id(row.id).map(|i| i.to_string())),
                Trail::PupilList => ("pupil_list", cast.id(row.id).map(|i| i.to_string())),
                Trail::OrgLog => ("audit_log", cast.id(row.id).map(|i| i.to_string())),
                _ => ("account", None),
            };
            let ok = events.len() == 1
                && pupil_delta == 0
                && events[0].event.resource_type == resource
                && (resource_id.is_none() || events[0].event.resource_id == resource_id)
                && events[0].event.outcome == outcome
                && by_actor(&events[0]);
            report.check(ok, || {
                format!(
                    "{label}: expected one {} {resource} event by user {who:?}, got {kinds:?}",
                    outcome.code()
                )
            });
        }
        Trail::Monitor => {
            let ok = events.len() == 1
                && pupil_delta == 0
                && events[0].event.pupil.is_none()
                && events[0].event.resource_type.starts_with("monitor")
                && events[0].event.outcome == outcome
                && by_actor(&events[0]);
            report.check(ok, || {
                format!(
                    "{label}: expected one {} monitor event without a pupil, got {kinds:?}",
                    outcome.code()
                )
            });
        }
        Trail::FamilyNames => {
            let expected: Vec<i64> = cast.family_names(actor);
            let got: Vec<i64> = events
                .iter()
                .filter(|e| e.event.resource_type == "pupil_name")
                .filter_map(|e| e.event.pupil.map(|p| p.0))
                .collect();
            let ok = events.len() == expected.len()
                && got == expected
                && pupil_delta == expected.len() as i64
                && events
                    .iter()
                    .all(|e| e.event.outcome == Outcome::Allowed && by_actor(e));
            report.check(ok, || {
                format!("{label}: expected allowed name events for {expected:?}, got {kinds:?}")
            });
        }
        Trail::Org(resource) => {
            let id = cast.id(row.id).map(|i| i.to_string());
            let ok = events.len() == 1
                && pupil_delta == 0
                && events[0].event.resource_type == resource
                && events[0].event.resource_id == id
                && events[0].event.outcome == outcome
                && by_actor(&events[0]);
            report.check(ok, || {
                format!(
                    "{label}: expected one {} {resource} event by user {who:?}, got {kinds:?}",
                    outcome.code()
                )
            });
        }
        Trail::OrgEdit(resource) => {
            let (want, outcome) = match expect {
                E::Forbidden => (Some(resource), Outcome::Denied),
                E::Invalid => (Some("network"), Outcome::Allowed),
                _ => (None, Outcome::Allowed),
            };
            let ok = match want {
                None => events.is_empty(),
                Some(want) => {
                    events.len() == 1
                        && pupil_delta == 0
                        && events[0].event.resource_type == want
                        && events[0].event.outcome == outcome
                        && by_actor(&events[0])
                }
            };
            report.check(ok, || {
                format!("{label}: expected {want:?} ({outcome:?}), got {kinds:?}")
            });
        }
        Trail::Learning { denied, allowed } => {
            let want: Vec<(&str, Outcome)> = match expect {
                E::Forbidden | E::NotFound => vec![(denied, Outcome::Denied)],
                E::Conflict => Vec::new(),
                _ => allowed.iter().map(|r| (*r, Outcome::Allowed)).collect(),
            };
            let got: Vec<(&str, Outcome)> = events
                .iter()
                .map(|e| (e.event.resource_type.as_str(), e.event.outcome))
                .collect();
            let ok = got == want
                && pupil_delta == 0
                && events
                    .iter()
                    .all(|e| e.event.pupil.is_none() && by_actor(e));
            report.check(ok, || {
                format!("{label}: expected {want:?} by user {who:?}, got {kinds:?}")
            });
        }
        Trail::LoginFailed | Trail::Logout => {
            let action = if trail == Trail::Logout {
                AuditAction::Logout
            } else {
                AuditAction::LoginFailed
            };
            let ok = events.len() == 1
                && pupil_delta == 0
                && events[0].event.action == action
                && events[0].event.pupil.is_none();
            report.check(ok, || {
                format!(
                    "{label}: expected one {} event, got {kinds:?}",
                    action.code()
                )
            });
        }
    }
}

/// Sign in (again) and get a CSRF token for the session or the visitor.
async fn begin(client: &mut Client<'_>, person: Option<&Person>) {
    match person {
        Some(p) => {
            client.login(&p.email, PASSWORD).await;
        }
        None => {
            client.get("/login").await.expect(200);
        }
    }
}

db_test!(
    async fn every_route_answers_every_actor_as_the_matrix_says(db: TestDb) {
        every_route_has_rows_in_the_matrix();
        let t = TestApp::start(db).await;
        let w = World::build(&t).await;
        let plan = crate::plan::fixture(&t, &w).await;
        let meetings = crate::meetings::fixture(&t, &w).await;
        let notification = crate::family::notification_fixture(&t, &w).await;
        let rights = crate::rights::fixture(&t, &w).await;
        let handovers = crate::handover::fixture(&t, &w).await;
        let cast = Cast {
            w: &w,
            plan,
            meetings,
            notification,
            rights,
            handovers,
        };
        let mut report = Report::default();
        let mut requests = 0;
        for (column, actor) in ACTORS.into_iter().enumerate() {
            let person = cast.person(actor);
            let mut client = t.client();
            begin(&mut client, person).await;
            let mut signed_in = person.is_some();
            for row in MATRIX {
                if person.is_some() && !signed_in {
                    begin(&mut client, person).await;
                    signed_in = true;
                }
                let expect = row.expect[column];
                let path = cast.path(row);
                let label = format!("{actor:?} {} {path}", row.method);
                let before = before(&t).await;
                let resp = match row.method {
                    "GET" => client.get(&path).await,
                    "POST" => {
                        let email = person.map_or("nobody@example.invalid", |p| &p.email);
                        let evaluation = cast.meetings.evaluation.to_string();
                        let values: Vec<(&str, String)> = row
                            .form
                            .iter()
                            .map(|(k, v)| {
                                let v = if *v == "{email}" {
                                    email.to_owned()
                                } else {
                                    v.replace("{evaluation}", &evaluation)
                                };
                                (*k, v)
                            })
                            .collect();
                        let fields: Vec<(&str, &str)> =
                            values.iter().map(|(k, v)| (*k, v.as_str())).collect();
                        client.post(&path, &fields).await
                    }
                    other => {
                        let method = Method::from_bytes(other.as_bytes()).expect("method");
                        client.request(method, &path, None, &[]).await
                    }
                };
                requests += 1;
                check_response(&mut report, &label, &path, cast.id(row.id), expect, &resp);
                check_trail(&mut report, &t, &cast, &label, row, actor, expect, &before).await;
                if matches!(trail(row.method, row.route), Trail::Logout) {
                    signed_in = false;
                }
            }
        }
        assert_eq!(requests, MATRIX.len() * ACTORS.len());
        assert!(
            report.0.is_empty(),
            "{} of {requests} requests did not answer as the matrix says:\n{}",
            report.0.len(),
            report.0.join("\n")
        );
        let checked = t.assert_audit_intact().await;
        assert!(checked > requests as u64 / 2, "the log holds the trail");
    }
);
