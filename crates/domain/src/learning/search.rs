//! Search terms for the knowledge base: Dutch words, lowercased, without
//! stop words, stemmed with the Snowball Dutch stemmer.
//!
//! PostgreSQL does this itself (`to_tsvector('dutch', ...)`,
//! `plainto_tsquery('dutch', ...)`). SQLite's FTS5 has no Dutch stemmer, so
//! Brug stems in Rust, both what it indexes and what is asked, with the same
//! algorithm and the same stop words (PostgreSQL's `dutch.stop`, which is
//! Snowball's list), so both engines find the same items.

use rust_stemmers::{Algorithm, Stemmer};

/// Snowball's Dutch stop words, as in PostgreSQL's `dutch.stop`.
const STOP_WORDS: [&str; 101] = [
    "de", "en", "van", "ik", "te", "dat", "die", "in", "een", "hij", "het", "niet", "zijn", "is",
    "was", "op", "aan", "met", "als", "voor", "had", "er", "maar", "om", "hem", "dan", "zou", "of",
    "wat", "mijn", "men", "dit", "zo", "door", "over", "ze", "zich", "bij", "ook", "tot", "je",
    "mij", "uit", "der", "daar", "haar", "naar", "heb", "hoe", "heeft", "hebben", "deze", "u",
    "want", "nog", "zal", "me", "zij", "nu", "ge", "geen", "omdat", "iets", "worden", "toch", "al",
    "waren", "veel", "meer", "doen", "toen", "moet", "ben", "zonder", "kan", "hun", "dus", "alles",
    "onder", "ja", "eens", "hier", "wie", "werd", "altijd", "doch", "wordt", "wezen", "kunnen",
    "ons", "zelf", "tegen", "na", "reeds", "wil", "kon", "niets", "uw", "iemand", "geweest",
    "andere",
];

/// The stemmed search terms of a text, in order, duplicates kept.
pub fn terms(text: &str) -> Vec<String> {
    let stemmer = Stemmer::create(Algorithm::Dutch);
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().flat_map(char::to_lowercase).collect::<String>())
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .map(|w| stemmer.stem(&w).into_owned())
        .collect()
}

/// The terms of a text as one string, for the SQLite index.
pub fn index_text(text: &str) -> String {
    terms(text).join(" ")
}

/// An FTS5 query that asks for every term (AND), each quoted so no term is
/// read as an operator; `None` when nothing searchable is left.
pub fn fts5_query(query: &str) -> Option<String> {
    let mut terms = terms(query);
    terms.dedup();
    if terms.is_empty() {
        return None;
    }
    Some(
        terms
            .iter()
            .map(|t| format!("\"{}\"", t.replace('"', "")))
            .collect::<Vec<_>>()
            .join(" "),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflections_share_a_stem() {
        assert_eq!(terms("afspraken"), terms("afspraak"));
        assert_eq!(terms("contactpersonen"), terms("contactpersoon"));
        assert_eq!(terms("scholen"), terms("school"));
    }

    #[test]
    fn stop_words_are_dropped() {
        assert_eq!(terms("de school en het kind"), terms("school kind"));
        assert!(terms("de en het").is_empty());
        assert_eq!(fts5_query("de en"), None);
    }

    #[test]
    fn the_fts5_query_cannot_inject_operators() {
        let q = fts5_query("overleg OR \"NEAR\" *").unwrap_or_default();
        assert!(q.split(' ').all(|t| t.starts_with('"') && t.ends_with('"')));
    }
}
