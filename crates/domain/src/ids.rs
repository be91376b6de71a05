//! Typed identifiers, so a pupil id can never be passed where a user id is meant.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($($(#[$meta:meta])* $name:ident),* $(,)?) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }
    )*};
}

id_type!(
    /// A user account.
    UserId,
    /// An organisation (school, care provider, municipality, ...).
    OrgId,
    /// A school location (vestiging).
    LocationId,
    /// A pupil (leerling).
    PupilId,
    /// A guardian (ouder/verzorger) record of a pupil.
    GuardianId,
    /// An enrolment of a pupil at a school location.
    EnrolmentId,
    /// A case (casus / traject) around a pupil.
    CaseId,
    /// A recorded consent.
    ConsentId,
    /// An audit log event.
    AuditEventId,
);
