//! Audit events (NEN 7513) and the hash chain that makes the log tamper-evident.
//!
//! Each event records who (user, name, role, organisation), whose record
//! (pupil), what (action, resource, changed fields), when (UTC, microseconds),
//! from where (session, IP, user agent), on what basis, and the result. The
//! store appends events with a sequence number and `hash = SHA-256(prev_hash ||
//! seq || event)`; changing any byte of any stored event breaks the chain from
//! that event on, which `verify_chain` reports.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::ids::{OrgId, PupilId, UserId};

/// The kinds of access NEN 7513 asks to log, plus account events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Read,
    Create,
    Update,
    Delete,
    Export,
    Print,
    Login,
    LoginFailed,
    Logout,
}

impl AuditAction {
    pub const ALL: [AuditAction; 9] = [
        AuditAction::Read,
        AuditAction::Create,
        AuditAction::Update,
        AuditAction::Delete,
        AuditAction::Export,
        AuditAction::Print,
        AuditAction::Login,
        AuditAction::LoginFailed,
        AuditAction::Logout,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AuditAction::Read => "read",
            AuditAction::Create => "create",
            AuditAction::Update => "update",
            AuditAction::Delete => "delete",
            AuditAction::Export => "export",
            AuditAction::Print => "print",
            AuditAction::Login => "login",
            AuditAction::LoginFailed => "login_failed",
            AuditAction::Logout => "logout",
        }
    }

    pub fn from_code(code: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.code() == code)
    }
}

/// Whether the access was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Allowed,
    Denied,
}

impl Outcome {
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Allowed => "allowed",
            Outcome::Denied => "denied",
        }
    }

    pub fn from_code(code: &str) -> Option<Outcome> {
        match code {
            "allowed" => Some(Outcome::Allowed),
            "denied" => Some(Outcome::Denied),
            _ => None,
        }
    }
}

/// Who did it, as known at the moment of access (names are copied, so the
/// log stays readable when accounts change later).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AuditActor {
    pub user: Option<UserId>,
    pub name: String,
    pub role: Option<String>,
    pub org: Option<OrgId>,
}

/// Where the request came from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AuditOrigin {
    /// A short, non-secret identifier of the session (never the cookie value).
    pub session: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// One audit event, before it has a place in the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    /// UTC, truncated to microseconds so both engines store it exactly.
    pub occurred_at: OffsetDateTime,
    pub actor: AuditActor,
    pub pupil: Option<PupilId>,
    pub action: AuditAction,
    pub resource_type: String,
    pub resource_id: Option<String>,
    /// Names of the fields a change touched (never their values).
    pub fields: Vec<String>,
    pub origin: AuditOrigin,
    /// The access basis (`Basis::describe`) or the denial reason.
    pub basis: String,
    pub outcome: Outcome,
    pub break_glass: bool,
}

/// Microsecond precision: what PostgreSQL's timestamptz keeps.
pub fn truncate_to_micros(at: OffsetDateTime) -> OffsetDateTime {
    let micros = at.microsecond();
    at.replace_microsecond(micros).unwrap_or(at)
}

/// The hash of the chain before the first event.
pub const GENESIS: [u8; 32] = [0u8; 32];

fn put(hasher: &mut Sha256, field: &[u8]) {
    hasher.update((field.len() as u64).to_le_bytes());
    hasher.update(field);
}

fn put_opt(hasher: &mut Sha256, field: Option<&str>) {
    match field {
        None => hasher.update([0u8]),
        Some(value) => {
            hasher.update([1u8]);
            put(hasher, value.as_bytes());
        }
    }
}

/// `SHA-256(prev || seq || every field, length-prefixed)`.
pub fn chain_hash(prev: &[u8; 32], seq: i64, event: &AuditEvent) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(prev);
    h.update(seq.to_le_bytes());
    let at = truncate_to_micros(event.occurred_at).to_offset(time::UtcOffset::UTC);
    h.update(at.unix_timestamp().to_le_bytes());
    h.update(at.microsecond().to_le_bytes());
    put_opt(&mut h, event.actor.user.map(|u| u.to_string()).as_deref());
    put(&mut h, event.actor.name.as_bytes());
    put_opt(&mut h, event.actor.role.as_deref());
    put_opt(&mut h, event.actor.org.map(|o| o.to_string()).as_deref());
    put_opt(&mut h, event.pupil.map(|p| p.to_string()).as_deref());
    put(&mut h, event.action.code().as_bytes());
    put(&mut h, event.resource_type.as_bytes());
    put_opt(&mut h, event.resource_id.as_deref());
    h.update((event.fields.len() as u64).to_le_bytes());
    for field in &event.fields {
        put(&mut h, field.as_bytes());
    }
    put_opt(&mut h, event.origin.session.as_deref());
    put_opt(&mut h, event.origin.ip.as_deref());
    put_opt(&mut h, event.origin.user_agent.as_deref());
    put(&mut h, event.basis.as_bytes());
    put(&mut h, event.outcome.code().as_bytes());
    h.update([u8::from(event.break_glass)]);
    h.finalize().into()
}

/// A stored event as read back for verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainedEvent {
    pub seq: i64,
    pub event: AuditEvent,
    pub prev_hash: [u8; 32],
    pub hash: [u8; 32],
}

/// What is wrong with a chain, naming the first broken event.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainError {
    #[error("event {seq}: its content does not match its hash (changed after it was written)")]
    ContentChanged { seq: i64 },
    #[error(
        "event {seq}: it does not link to the event before it (an event was removed, inserted or re-linked)"
    )]
    BrokenLink { seq: i64 },
    #[error("event {seq}: sequence gap, expected {expected} (events were removed)")]
    Gap { seq: i64, expected: i64 },
}

impl ChainError {
    pub fn seq(&self) -> i64 {
        match self {
            ChainError::ContentChanged { seq }
            | ChainError::BrokenLink { seq }
            | ChainError::Gap { seq, .. } => *seq,
        }
    }
}

/// Incremental verifier: feed events in sequence order.
#[derive(Debug, Clone)]
pub struct ChainVerifier {
    prev: [u8; 32],
    next_seq: i64,
    checked: u64,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self {
            prev: GENESIS,
            next_seq: 1,
            checked: 0,
        }
    }
}

impl ChainVerifier {
    /// Continue a chain whose events up to `through_seq` were removed under
    /// the retention policy; `hash` is the hash of event `through_seq`.
    pub fn from_checkpoint(through_seq: i64, hash: [u8; 32]) -> Self {
        Self {
            prev: hash,
            next_seq: through_seq + 1,
            checked: 0,
        }
    }

    pub fn check(&mut self, stored: &ChainedEvent) -> Result<(), ChainError> {
        if stored.seq != self.next_seq {
            return Err(ChainError::Gap {
                seq: stored.seq,
                expected: self.next_seq,
            });
        }
        if stored.prev_hash != self.prev {
            return Err(ChainError::BrokenLink { seq: stored.seq });
        }
        if chain_hash(&stored.prev_hash, stored.seq, &stored.event) != stored.hash {
            return Err(ChainError::ContentChanged { seq: stored.seq });
        }
        self.prev = stored.hash;
        self.next_seq += 1;
        self.checked += 1;
        Ok(())
    }

    pub fn checked(&self) -> u64 {
        self.checked
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn event(n: i64) -> AuditEvent {
        AuditEvent {
            occurred_at: datetime!(2026-11-25 10:00:00.123456789 UTC) + time::Duration::seconds(n),
            actor: AuditActor {
                user: Some(UserId(7)),
                name: "Fatima El Amrani".into(),
                role: Some("coordinator".into()),
                org: Some(OrgId(3)),
            },
            pupil: Some(PupilId(42)),
            action: AuditAction::Read,
            resource_type: "pupil".into(),
            resource_id: Some("42".into()),
            fields: vec![],
            origin: AuditOrigin {
                session: Some("s1".into()),
                ip: Some("127.0.0.1".into()),
                user_agent: Some("test".into()),
            },
            basis: "legal_task:school_pupil_file:org:3".into(),
            outcome: Outcome::Allowed,
            break_glass: false,
        }
    }

    fn chain(n: i64) -> Vec<ChainedEvent> {
        let mut prev = GENESIS;
        (1..=n)
            .map(|seq| {
                let e = event(seq);
                let hash = chain_hash(&prev, seq, &e);
                let c = ChainedEvent {
                    seq,
                    event: e,
                    prev_hash: prev,
                    hash,
                };
                prev = hash;
                c
            })
            .collect()
    }

    fn verify(events: &[ChainedEvent]) -> Result<u64, ChainError> {
        let mut v = ChainVerifier::default();
        for e in events {
            v.check(e)?;
        }
        Ok(v.checked())
    }

    #[test]
    fn an_intact_chain_verifies() {
        assert_eq!(verify(&chain(5)), Ok(5));
    }

    #[test]
    fn nanoseconds_beyond_micros_do_not_change_the_hash() {
        let a = event(1);
        let mut b = a.clone();
        b.occurred_at = truncate_to_micros(a.occurred_at);
        assert_eq!(chain_hash(&GENESIS, 1, &a), chain_hash(&GENESIS, 1, &b));
    }

    #[test]
    fn every_field_is_covered_by_the_hash() {
        let base = event(1);
        let h = chain_hash(&GENESIS, 1, &base);
        let mut variants: Vec<AuditEvent> = Vec::new();
        let mut v = base.clone();
        v.occurred_at += time::Duration::microseconds(1);
        variants.push(v);
        let mut v = base.clone();
        v.actor.user = None;
        variants.push(v);
        let mut v = base.clone();
        v.actor.name.push('x');
        variants.push(v);
        let mut v = base.clone();
        v.actor.role = None;
        variants.push(v);
        let mut v = base.clone();
        v.actor.org = Some(OrgId(4));
        variants.push(v);
        let mut v = base.clone();
        v.pupil = Some(PupilId(43));
        variants.push(v);
        let mut v = base.clone();
        v.action = AuditAction::Update;
        variants.push(v);
        let mut v = base.clone();
        v.resource_type = "case".into();
        variants.push(v);
        let mut v = base.clone();
        v.resource_id = None;
        variants.push(v);
        let mut v = base.clone();
        v.fields = vec!["name".into()];
        variants.push(v);
        let mut v = base.clone();
        v.origin.session = None;
        variants.push(v);
        let mut v = base.clone();
        v.origin.ip = Some("10.0.0.1".into());
        variants.push(v);
        let mut v = base.clone();
        v.origin.user_agent = None;
        variants.push(v);
        let mut v = base.clone();
        v.basis = "guardian".into();
        variants.push(v);
        let mut v = base.clone();
        v.outcome = Outcome::Denied;
        variants.push(v);
        let mut v = base.clone();
        v.break_glass = true;
        variants.push(v);
        for (i, variant) in variants.iter().enumerate() {
            assert_ne!(
                chain_hash(&GENESIS, 1, variant),
                h,
                "variant {i} not covered"
            );
        }
        assert_ne!(chain_hash(&GENESIS, 2, &base), h, "seq not covered");
        assert_ne!(chain_hash(&[1u8; 32], 1, &base), h, "prev not covered");
    }

    #[test]
    fn length_prefixes_prevent_shifting_bytes_between_fields() {
        let mut a = event(1);
        a.actor.name = "ab".into();
        a.resource_type = "c".into();
        let mut b = event(1);
        b.actor.name = "a".into();
        b.resource_type = "bc".into();
        assert_ne!(chain_hash(&GENESIS, 1, &a), chain_hash(&GENESIS, 1, &b));
    }

    #[test]
    fn a_chain_verifies_from_a_checkpoint() {
        let events = chain(6);
        let mut v = ChainVerifier::from_checkpoint(3, events[2].hash);
        for e in &events[3..] {
            assert_eq!(v.check(e), Ok(()));
        }
        let mut wrong = ChainVerifier::from_checkpoint(3, events[1].hash);
        assert_eq!(
            wrong.check(&events[3]),
            Err(ChainError::BrokenLink { seq: 4 })
        );
    }

    #[test]
    fn tampering_names_the_first_broken_event() {
        let mut events = chain(6);
        events[3].event.basis = "break_glass:forged".into();
        assert_eq!(verify(&events), Err(ChainError::ContentChanged { seq: 4 }));

        let mut events = chain(6);
        events.remove(2);
        assert_eq!(
            verify(&events),
            Err(ChainError::Gap {
                seq: 4,
                expected: 3
            })
        );

        // Rewriting an event and its own hash still breaks the next link.
        let mut events = chain(6);
        events[2].event.actor.name = "Someone Else".into();
        events[2].hash = chain_hash(&events[2].prev_hash, 3, &events[2].event);
        assert_eq!(verify(&events), Err(ChainError::BrokenLink { seq: 4 }));
    }
}
