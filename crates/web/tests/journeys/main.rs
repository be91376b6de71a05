//! Journeys through the whole web stack: the complete router with every
//! middleware, the app, and a real database, on SQLite and PostgreSQL
//! (`name::sqlite`, `name::postgres`). Requests go in-process (no network);
//! time is a `FixedClock` the tests move.
//!
//! Every journey starts from the same `World` (see `support`): a
//! municipality with its leerplicht office; school A (BRIN 10AA) with a
//! coordinator, a teacher, an administrator and a privacy officer; school B
//! with a coordinator; a care provider with two care workers; a policy maker;
//! a platform administrator; pupils P10, P14 (own account), P17 (own account,
//! not shared with parents) at school A and P_B at school B; a parent of the
//! three at A and a parent of P_B. Professionals sign in with TOTP.
//!
//! - `auth`: login, throttling, two-factor, sessions, CSRF, redirects, headers.
//! - `pupils`: the pupil list and file, break-glass, escaping, language.
//! - `cases`: opening a case, its team and lead, the phase flow, attendance.
//! - `lifecycle`: invitations, password reset, deactivation, the outbox.
//! - `worklist`: the worklist and the start page counts.
//! - `family`: the family view, the family's own sections, comments and
//!   notifications (S4).
//! - `consent`: asking for consent, the family's answers by age, seats on
//!   consent and their withdrawal, the young person's choices (S4).
//! - `rights`: the whole file as a page and as JSON, correction and erasure
//!   requests (S4).
//! - `monitor`: indicators on hand-built data, differencing attacks, and the
//!   policy maker's pages (S7).
//! - `access_matrix`: every route against every actor, with the audit trail.

mod access_matrix;
mod auth;
mod cases;
mod consent;
mod family;
mod handover;
mod import;
mod learning;
mod lifecycle;
mod meetings;
mod monitor;
mod plan;
mod pupils;
mod retention;
mod rights;
mod support;
mod worklist;
