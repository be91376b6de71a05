//! One timestamp type for both engines.
//!
//! PostgreSQL stores `timestamptz`. SQLite stores fixed-width UTC text
//! (`2026-11-25T10:00:00.123456Z`), so that text order is time order and the
//! value survives a round trip exactly (microseconds, like PostgreSQL).

use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArgumentBuffer, PgTypeInfo, PgValueRef};
use sqlx::sqlite::{SqliteArgumentsBuffer, SqliteTypeInfo, SqliteValueRef};
use sqlx::{Decode, Encode, Postgres, Sqlite, Type};
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

const TEXT_FORMAT: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");

/// A UTC instant with microsecond precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ts(OffsetDateTime);

impl Ts {
    pub fn new(at: OffsetDateTime) -> Ts {
        Ts(brug_domain::audit::truncate_to_micros(at).to_offset(UtcOffset::UTC))
    }

    pub fn get(self) -> OffsetDateTime {
        self.0
    }

    /// The SQLite text form.
    pub fn to_text(self) -> String {
        self.0
            .format(TEXT_FORMAT)
            .unwrap_or_else(|_| self.0.unix_timestamp().to_string())
    }

    pub fn parse_text(text: &str) -> Result<Ts, time::error::Parse> {
        PrimitiveDateTime::parse(text, TEXT_FORMAT).map(|p| Ts(p.assume_utc()))
    }
}

impl From<OffsetDateTime> for Ts {
    fn from(at: OffsetDateTime) -> Ts {
        Ts::new(at)
    }
}

impl From<Ts> for OffsetDateTime {
    fn from(ts: Ts) -> OffsetDateTime {
        ts.0
    }
}

impl Type<Sqlite> for Ts {
    fn type_info() -> SqliteTypeInfo {
        <String as Type<Sqlite>>::type_info()
    }

    fn compatible(ty: &SqliteTypeInfo) -> bool {
        <String as Type<Sqlite>>::compatible(ty)
    }
}

impl Encode<'_, Sqlite> for Ts {
    fn encode_by_ref(&self, buf: &mut SqliteArgumentsBuffer) -> Result<IsNull, BoxDynError> {
        Encode::<Sqlite>::encode(self.to_text(), buf)
    }
}

impl<'r> Decode<'r, Sqlite> for Ts {
    fn decode(value: SqliteValueRef<'r>) -> Result<Ts, BoxDynError> {
        let text = <&str as Decode<Sqlite>>::decode(value)?;
        Ok(Ts::parse_text(text)?)
    }
}

impl Type<Postgres> for Ts {
    fn type_info() -> PgTypeInfo {
        <OffsetDateTime as Type<Postgres>>::type_info()
    }

    fn compatible(ty: &PgTypeInfo) -> bool {
        <OffsetDateTime as Type<Postgres>>::compatible(ty)
    }
}

impl Encode<'_, Postgres> for Ts {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        Encode::<Postgres>::encode_by_ref(&self.0, buf)
    }
}

impl<'r> Decode<'r, Postgres> for Ts {
    fn decode(value: PgValueRef<'r>) -> Result<Ts, BoxDynError> {
        Ok(Ts::new(<OffsetDateTime as Decode<Postgres>>::decode(
            value,
        )?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn text_form_is_fixed_width_and_sorts_like_time() {
        let a = Ts::new(datetime!(2026-11-25 10:00:00 UTC));
        let b = Ts::new(datetime!(2026-11-25 10:00:00.5 UTC));
        let c = Ts::new(datetime!(2026-11-25 11:00:00.000001 +01:00));
        assert_eq!(a.to_text(), "2026-11-25T10:00:00.000000Z");
        assert_eq!(b.to_text(), "2026-11-25T10:00:00.500000Z");
        assert_eq!(c.to_text(), "2026-11-25T10:00:00.000001Z");
        assert!(a.to_text() < c.to_text() && c.to_text() < b.to_text());
        for ts in [a, b, c] {
            assert_eq!(Ts::parse_text(&ts.to_text()).ok(), Some(ts));
        }
    }

    #[test]
    fn nanoseconds_are_cut_to_micros() {
        let ts = Ts::new(datetime!(2026-11-25 10:00:00.123456789 UTC));
        assert_eq!(ts.to_text(), "2026-11-25T10:00:00.123456Z");
    }
}
