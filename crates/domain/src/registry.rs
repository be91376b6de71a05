//! The registry: kinds of organisations, education sectors, and the facts
//! about people that rules depend on (age, local time).

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

/// What kind of organisation a registry entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    /// A school (institution with a BRIN); its locations are `school_locations`.
    School,
    /// A school board (bevoegd gezag).
    SchoolBoard,
    /// A youth care provider (zorgaanbieder, AGB code).
    CareProvider,
    /// A municipality (CBS gemeentecode).
    Municipality,
    /// A samenwerkingsverband passend onderwijs.
    Swv,
    /// A wijkteam / CJG of a municipality.
    Wijkteam,
    /// Youth health care (JGZ).
    Jgz,
    /// The leerplicht (compulsory education) department.
    Leerplicht,
    /// A region of municipalities that work together (in Brug: a youth care
    /// region, jeugdregio); its municipalities are listed in the registry.
    Region,
}

impl OrgKind {
    pub const ALL: [OrgKind; 9] = [
        OrgKind::School,
        OrgKind::SchoolBoard,
        OrgKind::CareProvider,
        OrgKind::Municipality,
        OrgKind::Swv,
        OrgKind::Wijkteam,
        OrgKind::Jgz,
        OrgKind::Leerplicht,
        OrgKind::Region,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OrgKind::School => "school",
            OrgKind::SchoolBoard => "school_board",
            OrgKind::CareProvider => "care_provider",
            OrgKind::Municipality => "municipality",
            OrgKind::Swv => "swv",
            OrgKind::Wijkteam => "wijkteam",
            OrgKind::Jgz => "jgz",
            OrgKind::Leerplicht => "leerplicht",
            OrgKind::Region => "region",
        }
    }

    pub fn from_code(code: &str) -> Option<OrgKind> {
        OrgKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn message_id(self) -> String {
        format!("org-kind-{}", self.code().replace('_', "-"))
    }
}

impl TryFrom<String> for OrgKind {
    type Error = String;
    fn try_from(code: String) -> Result<Self, Self::Error> {
        OrgKind::from_code(&code).ok_or_else(|| format!("unknown organisation kind '{code}'"))
    }
}

/// Education sector of an enrolment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Sector {
    Po,
    Sbo,
    So,
    Vso,
    Vo,
    Mbo,
}

impl Sector {
    pub const ALL: [Sector; 6] = [
        Sector::Po,
        Sector::Sbo,
        Sector::So,
        Sector::Vso,
        Sector::Vo,
        Sector::Mbo,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Sector::Po => "PO",
            Sector::Sbo => "SBO",
            Sector::So => "SO",
            Sector::Vso => "VSO",
            Sector::Vo => "VO",
            Sector::Mbo => "MBO",
        }
    }

    pub fn from_code(code: &str) -> Option<Sector> {
        let code = code.trim();
        Sector::ALL
            .into_iter()
            .find(|s| s.code().eq_ignore_ascii_case(code))
    }

    /// Special education (speciaal (voortgezet) onderwijs and speciaal basisonderwijs).
    pub fn is_special(self) -> bool {
        matches!(self, Sector::Sbo | Sector::So | Sector::Vso)
    }
}

impl TryFrom<String> for Sector {
    type Error = String;
    fn try_from(code: String) -> Result<Self, Self::Error> {
        Sector::from_code(&code).ok_or_else(|| format!("unknown sector '{code}'"))
    }
}

impl std::fmt::Display for Sector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// The key names are searched and sorted by: lower case, without diacritics,
/// family name first ("de Vries, Anouk" is found by "vries" and by "anouk").
pub fn search_key(given_name: &str, name_prefix: Option<&str>, family_name: &str) -> String {
    let mut key = fold(family_name);
    key.push(' ');
    key.push_str(&fold(given_name));
    if let Some(prefix) = name_prefix.filter(|p| !p.trim().is_empty()) {
        key.push(' ');
        key.push_str(&fold(prefix));
    }
    key
}

/// Lower case without diacritics, for matching what people type: "sahin"
/// finds "Şahin", "lodz" finds "Łódź", "celik" finds "Çelik".
pub fn fold(text: &str) -> String {
    text.trim()
        .chars()
        .flat_map(char::to_lowercase)
        // Combining marks (e.g. the dot that lower-case İ leaves behind).
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ą' | 'ă' | 'ā' => 'a',
            'ç' | 'ć' | 'č' => 'c',
            'ď' | 'đ' => 'd',
            'è' | 'é' | 'ê' | 'ë' | 'ę' | 'ě' | 'ē' | 'ė' => 'e',
            'ğ' => 'g',
            'ì' | 'í' | 'î' | 'ï' | 'ı' | 'ī' => 'i',
            'ł' => 'l',
            'ñ' | 'ń' | 'ň' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ő' | 'ō' => 'o',
            'ř' => 'r',
            'ś' | 'š' | 'ş' | 'ș' => 's',
            'ť' | 'ţ' | 'ț' => 't',
            'ù' | 'ú' | 'û' | 'ü' | 'ů' | 'ű' | 'ū' => 'u',
            'ý' | 'ÿ' => 'y',
            'ź' | 'ż' | 'ž' => 'z',
            other => other,
        })
        .collect()
}

/// A person's display name: "Anouk de Vries".
pub fn display_name(given_name: &str, name_prefix: Option<&str>, family_name: &str) -> String {
    match name_prefix.map(str::trim).filter(|p| !p.is_empty()) {
        Some(prefix) => format!("{given_name} {prefix} {family_name}"),
        None => format!("{given_name} {family_name}"),
    }
}

/// Age in whole years on `on`; 0 for dates before the birth date.
pub fn age_on(birth: Date, on: Date) -> u8 {
    if on < birth {
        return 0;
    }
    let mut years = on.year() - birth.year();
    if (on.month() as u8, on.day()) < (birth.month() as u8, birth.day()) {
        years -= 1;
    }
    u8::try_from(years.max(0)).unwrap_or(u8::MAX)
}

/// The Dutch local time of a UTC instant (CET/CEST).
pub fn to_amsterdam(at: OffsetDateTime) -> OffsetDateTime {
    let offset_seconds = jiff::Timestamp::from_second(at.unix_timestamp())
        .ok()
        .and_then(|ts| {
            jiff::tz::TimeZone::get("Europe/Amsterdam")
                .ok()
                .map(|tz| tz.to_offset(ts).seconds())
        })
        .unwrap_or(3600);
    let offset =
        time::UtcOffset::from_whole_seconds(offset_seconds).unwrap_or(time::UtcOffset::UTC);
    at.to_offset(offset)
}

/// The UTC instant at which a Dutch calendar day begins.
pub fn amsterdam_midnight(date: Date) -> OffsetDateTime {
    // The offset at noon that day is the offset of that day's midnight, since
    // Dutch clocks change at 02:00/03:00 local time, never across midnight.
    let noon = date.midnight().assume_utc() + time::Duration::hours(12);
    let offset = to_amsterdam(noon).offset();
    date.midnight()
        .assume_offset(offset)
        .to_offset(time::UtcOffset::UTC)
}

/// The calendar date in the Netherlands at a UTC instant.
pub fn amsterdam_date(at: OffsetDateTime) -> Date {
    to_amsterdam(at).date()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn age_counts_whole_years_and_respects_birthdays() {
        let birth = date!(2010 - 03 - 15);
        assert_eq!(age_on(birth, date!(2022 - 03 - 14)), 11);
        assert_eq!(age_on(birth, date!(2022 - 03 - 15)), 12);
        assert_eq!(age_on(birth, date!(2026 - 12 - 31)), 16);
        assert_eq!(age_on(birth, date!(2009 - 01 - 01)), 0);
    }

    #[test]
    fn leap_day_birthdays_turn_a_year_older_on_the_first_of_march() {
        let birth = date!(2012 - 02 - 29);
        assert_eq!(age_on(birth, date!(2024 - 02 - 28)), 11);
        assert_eq!(age_on(birth, date!(2024 - 02 - 29)), 12);
        assert_eq!(age_on(birth, date!(2025 - 02 - 28)), 12);
        assert_eq!(age_on(birth, date!(2025 - 03 - 01)), 13);
    }

    #[test]
    fn amsterdam_is_one_hour_ahead_in_winter_and_two_in_summer() {
        let winter = to_amsterdam(datetime!(2026-01-10 12:00 UTC));
        assert_eq!(winter.hour(), 13);
        let summer = to_amsterdam(datetime!(2026-07-10 12:00 UTC));
        assert_eq!(summer.hour(), 14);
        // Late evening UTC is already the next day in the Netherlands.
        assert_eq!(
            amsterdam_date(datetime!(2026-07-10 23:30 UTC)),
            date!(2026 - 07 - 11)
        );
    }

    #[test]
    fn dutch_days_begin_at_local_midnight() {
        assert_eq!(
            amsterdam_midnight(date!(2026 - 01 - 10)),
            datetime!(2026-01-09 23:00 UTC)
        );
        assert_eq!(
            amsterdam_midnight(date!(2026 - 07 - 10)),
            datetime!(2026-07-09 22:00 UTC)
        );
    }

    #[test]
    fn search_keys_fold_case_and_diacritics() {
        assert_eq!(search_key("Anouk", Some("de"), "Vries"), "vries anouk de");
        assert_eq!(search_key("Zoë", None, "Çelik"), "celik zoe");
        assert_eq!(fold("Şahin"), "sahin");
        assert_eq!(fold("İrem Aksoy"), "irem aksoy");
        assert_eq!(fold("Łódź Wiśniewska"), "lodz wisniewska");
        assert_eq!(fold("Dağ Yıldız"), "dag yildiz");
        assert_eq!(display_name("Anouk", Some("de"), "Vries"), "Anouk de Vries");
        assert_eq!(display_name("Anouk", Some(" "), "Vries"), "Anouk Vries");
    }

    #[test]
    fn kinds_and_sectors_round_trip() {
        for kind in OrgKind::ALL {
            assert_eq!(OrgKind::from_code(kind.code()), Some(kind));
        }
        for sector in Sector::ALL {
            assert_eq!(Sector::from_code(sector.code()), Some(sector));
            assert_eq!(
                Sector::from_code(&sector.code().to_lowercase()),
                Some(sector)
            );
        }
    }
}
