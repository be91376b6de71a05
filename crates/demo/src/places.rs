//! Place names composed from Dutch morphemes ("Oosterwolde", "Nieuwveen",
//! "Sint-Anneveld", "Lindehorst aan de Vecht"), unique within one data set.

use std::collections::HashSet;

use fastrand::Rng;

const PREFIXES: &[&str] = &[
    "Ooster", "Wester", "Noorder", "Zuider", "Nieuw", "Oud", "Hoog", "Laag", "Groot", "Klein",
    "Midden", "Boven", "Neder", "Buiten", "Heren",
];

const STEMS: &[&str] = &[
    "Eiken", "Linde", "Berken", "Wilgen", "Hazel", "Elzen", "Beuken", "Esse", "Hulst", "Mol",
    "Vos", "Ravens", "Kraai", "Zwanen", "Ganze", "Hooi", "Klaver", "Rogge", "Haver", "Appel",
    "Peer", "Kersen", "Heide", "Zand", "Klei", "Steen", "Kalk", "Mos", "Riet", "Bruin", "Groen",
    "Wit", "Rode", "Zwart", "Brede", "Lange", "Korte", "Elder", "Nijen", "Molen", "Kerk", "Sloot",
    "Beek", "Dijk", "Ham", "Ees", "Hol", "Koe", "Schape", "Paarden", "Valk", "Uilen", "Bever",
    "Otter", "Dassen", "Hert", "Marken", "Weide", "Akker", "Hoeve",
];

const SUFFIXES: &[&str] = &[
    "wolde", "veen", "dijk", "broek", "horst", "hout", "beek", "dam", "dorp", "haven", "kerk",
    "zijl", "wijk", "meer", "loo", "rode", "sloot", "ven", "berg", "burg", "hoven", "lo", "woude",
    "huizen", "hem", "donk", "hoek", "stede", "veld", "weerd", "waard", "zand", "kamp", "mond",
    "recht", "drecht", "sluis", "brug", "koop", "schoten", "laar", "rade", "hove", "werd", "wold",
    "gein", "bergen", "horn",
];

const SAINTS: &[&str] = &[
    "Anne",
    "Jans",
    "Joris",
    "Maartens",
    "Michiels",
    "Nicolaas",
    "Huberts",
    "Pieters",
    "Agatha",
    "Geertruide",
    "Willibrords",
    "Odulphus",
];

const SAINT_SUFFIXES: &[&str] = &["veld", "dijk", "broek", "kerk", "hoven", "rode", "geest"];

const RIVERS: &[&str] = &[
    "Vecht", "Linge", "Maas", "Rijn", "IJssel", "Amstel", "Dommel", "Regge", "Eem", "Berkel",
    "Dinkel", "Hunze", "Aa", "Donge", "Mark",
];

const FRISIAN_STEMS: &[&str] = &[
    "Wyns", "Jorn", "Hal", "Mars", "Bols", "Tjerk", "Aek", "Wier", "Fol", "Ried", "Hijl", "Oost",
];

const FRISIAN_SUFFIXES: &[&str] = &["um", "ga", "wert", "wier", "terp", "sum"];

const DIRECTIONS: &[&str] = &["Noord", "Oost", "Zuid", "West", "Midden"];

const STREETS: &[&str] = &[
    "Dorpsstraat",
    "Kerkstraat",
    "Schoolstraat",
    "Julianalaan",
    "Beatrixlaan",
    "Wilhelminastraat",
    "Molenweg",
    "Parklaan",
    "Stationsweg",
    "Lindelaan",
    "Eikenlaan",
    "Prinses Margrietstraat",
    "Van Goghstraat",
    "Rembrandtlaan",
    "Vondellaan",
    "Merelstraat",
    "Kievitstraat",
    "Zonnebloemstraat",
    "Tulpstraat",
    "Havenweg",
    "Kanaalweg",
    "Dijkweg",
    "Oranjestraat",
    "Nassaulaan",
    "Esdoornlaan",
    "Zuidwal",
    "Noordsingel",
    "Brink",
    "Het Plein",
    "De Esch",
    "Burgemeester Visserlaan",
    "Meester Tijmenstraat",
];

/// Hands out unique names.
#[derive(Default)]
pub(crate) struct PlaceNames {
    used: HashSet<String>,
}

impl PlaceNames {
    /// A fresh place name, never handed out before by this generator.
    pub(crate) fn place(&mut self, rng: &mut Rng) -> String {
        loop {
            let name = compose(rng);
            if self.used.insert(name.clone()) {
                return name;
            }
        }
    }

    /// A municipality name: usually its main place, sometimes a region name
    /// ("Midden-Eikenland", "Het Klaverland"). Returns (municipality, main place).
    pub(crate) fn municipality(&mut self, rng: &mut Rng) -> (String, String) {
        let main = self.place(rng);
        if rng.u8(0..100) < 85 {
            return (main.clone(), main);
        }
        loop {
            let stem = pick(rng, STEMS);
            let name = match rng.u8(0..3) {
                0 => format!("{}-{stem}land", pick(rng, DIRECTIONS)),
                1 => format!("Het {stem}land"),
                _ => format!("{}erland", stem.trim_end_matches('e')),
            };
            if self.used.insert(name.clone()) {
                return (name, main);
            }
        }
    }
}

fn compose(rng: &mut Rng) -> String {
    match rng.u8(0..100) {
        0..=33 => format!("{}{}", pick(rng, PREFIXES), pick(rng, SUFFIXES)),
        34..=79 => format!("{}{}", pick(rng, STEMS), pick(rng, SUFFIXES)),
        80..=86 => format!("Sint-{}{}", pick(rng, SAINTS), pick(rng, SAINT_SUFFIXES)),
        87..=91 => format!(
            "{}{} aan de {}",
            pick(rng, STEMS),
            pick(rng, SUFFIXES),
            pick(rng, RIVERS)
        ),
        92..=93 => format!("'s-Heren{}", pick(rng, SUFFIXES)),
        _ => format!(
            "{}{}",
            pick(rng, FRISIAN_STEMS),
            pick(rng, FRISIAN_SUFFIXES)
        ),
    }
}

/// A street for a location's name ("locatie Kerkstraat").
pub(crate) fn street(rng: &mut Rng) -> &'static str {
    pick(rng, STREETS)
}

/// A compass part of town ("locatie Noord").
pub(crate) fn district(rng: &mut Rng) -> &'static str {
    pick(rng, &["Noord", "Oost", "Zuid", "West", "Centrum"])
}

pub(crate) fn pick<'a>(rng: &mut Rng, list: &[&'a str]) -> &'a str {
    list[rng.usize(0..list.len())]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_look_dutch() {
        let mut rng = Rng::with_seed(42);
        let mut names = PlaceNames::default();
        let mut seen = HashSet::new();
        for _ in 0..3_000 {
            let name = names.place(&mut rng);
            assert!(seen.insert(name.clone()), "duplicate {name}");
            assert!(
                name.chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c == '\'')
            );
        }
        for _ in 0..400 {
            let (muni, main) = names.municipality(&mut rng);
            assert!(!muni.is_empty() && !main.is_empty());
        }
    }
}
