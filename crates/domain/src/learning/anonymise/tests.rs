use super::*;

fn known() -> KnownNames {
    KnownNames {
        names: vec![
            ("Daan de Vries".into(), NameRole::Child),
            ("Marieke de Vries".into(), NameRole::Guardian),
            ("Karin Bos".into(), NameRole::Professional),
            ("OBS De Regenboog".into(), NameRole::School),
            ("Zorggroep Noord".into(), NameRole::Provider),
        ],
        keep_organisations: false,
    }
}

/// Case texts as professionals write them, seeded with everything that
/// must not survive, and the fragments that must not be in the story.
const CORPUS: &[(&str, &[&str])] = &[
    (
        "Daan de Vries (groep 7, OBS De Regenboog) zit sinds 12-03-2026 thuis. Moeder Marieke de Vries is bereikbaar op 06-12345678 of marieke.devries@example.nl.",
        &[
            "Daan",
            "Vries",
            "Marieke",
            "Regenboog",
            "12-03-2026",
            "12345678",
            "marieke",
            "example.nl",
        ],
    ),
    (
        "BSN 123456782, adres 8911 AB Leeuwarden. Op maandag 3 februari 2026 sprak Karin Bos (Zorggroep Noord) met de mentor, meneer Jansen.",
        &[
            "123456782",
            "8911",
            "Leeuwarden",
            "maandag",
            "3 februari",
            "Karin",
            "Bos",
            "Zorggroep",
            "Jansen",
        ],
    ),
    (
        "Het OPP is op 2026-01-15 besproken met Pieter van der Berg van het wijkteam; bel hem op +31 6 1234 5678 of 058-2345678.",
        &[
            "2026-01-15",
            "15",
            "Pieter",
            "Berg",
            "1234",
            "5678",
            "2345678",
        ],
    ),
    (
        "daan komt niet meer naar school sinds 5 januari. De jeugdarts (dr. Sanne Visser, s.visser@ggd.example) ziet hem 1x per maand. BSN: 111 222 333.",
        &[
            "daan",
            "5 januari",
            "Sanne",
            "Visser",
            "s.visser",
            "ggd.example",
            "111 222 333",
        ],
    ),
];

#[test]
fn nothing_identifying_survives_the_corpus() {
    for (text, forbidden) in CORPUS {
        let (story, removed) = anonymise(text, &known());
        for f in *forbidden {
            assert!(
                !story.to_lowercase().contains(&f.to_lowercase()),
                "{f:?} survived in {story:?}"
            );
        }
        assert!(removed.total() > 0, "nothing removed from {text:?}");
    }
}

#[test]
fn dates_keep_the_month_only() {
    let (story, removed) = anonymise("Gesprek op 12-03-2026 en op 3 februari 2026.", &known());
    assert_eq!(story, "Gesprek op maart 2026 en op februari 2026.");
    assert_eq!(removed.dates, 2);
    let (story, _) = anonymise("Vanaf 2026-01-15 thuis.", &known());
    assert_eq!(story, "Vanaf januari 2026 thuis.");
}

#[test]
fn known_names_become_roles() {
    let (story, removed) = anonymise(
        "Daan de Vries en zijn moeder Marieke de Vries spraken met Karin Bos.",
        &known(),
    );
    assert_eq!(
        story,
        "Het kind en zijn moeder de ouder spraken met een professional."
    );
    assert_eq!(removed.names, 3);
}

#[test]
fn a_role_that_starts_a_sentence_gets_a_capital() {
    let (story, _) = anonymise(
        "Het gaat beter. Daan komt weer.\nMarieke belt. Met Daan gaat het goed.",
        &known(),
    );
    assert_eq!(
        story,
        "Het gaat beter. Het kind komt weer.\nDe ouder belt. Met het kind gaat het goed."
    );
}

#[test]
fn organisations_stay_only_with_consent() {
    let text = "Daan zit op OBS De Regenboog en krijgt hulp van Zorggroep Noord.";
    let (story, removed) = anonymise(text, &known());
    assert_eq!(
        story,
        "Het kind zit op de school en krijgt hulp van de zorgaanbieder."
    );
    assert_eq!(removed.organisations, 2);
    let consented = KnownNames {
        keep_organisations: true,
        ..known()
    };
    let (story, _) = anonymise(text, &consented);
    assert!(story.contains("OBS De Regenboog"), "{story}");
    assert!(story.contains("Zorggroep Noord"), "{story}");
}

#[test]
fn contact_details_and_numbers_are_removed_but_ordinary_numbers_stay() {
    let (story, removed) = anonymise(
        "Bel 06 12 34 56 78 of mail a.b@school.example. Hij mist 3 van de 5 dagen, BSN 123456782.",
        &KnownNames::default(),
    );
    assert_eq!(
        story,
        "Bel [telefoonnummer] of mail [e-mailadres]. Hij mist 3 van de 5 dagen, BSN [nummer]."
    );
    assert_eq!((removed.phones, removed.emails, removed.bsns), (1, 1, 1));
}

#[test]
fn unknown_names_mid_sentence_are_replaced_and_joined() {
    let (story, _) = anonymise(
        "De mentor belde met Pieter van der Berg. Hij komt op het OPP terug.",
        &KnownNames::default(),
    );
    assert_eq!(
        story,
        "De mentor belde met [naam]. Hij komt op het OPP terug."
    );
}
