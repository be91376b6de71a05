//! People's names: given names and family names (with Dutch prefixes such as
//! "van der") in a mix of backgrounds as found in Dutch classrooms. Every
//! person is a random combination; no list of real people is used.

use fastrand::Rng;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gender {
    Female,
    Male,
}

/// Background of a family, for names that go together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    Dutch,
    Frisian,
    Turkish,
    Moroccan,
    Surinamese,
    Polish,
    Caribbean,
    Other,
}

/// Rough shares per 1,000 families.
const ORIGIN_SHARES: [(Origin, u32); 8] = [
    (Origin::Dutch, 700),
    (Origin::Frisian, 40),
    (Origin::Turkish, 65),
    (Origin::Moroccan, 65),
    (Origin::Surinamese, 40),
    (Origin::Polish, 30),
    (Origin::Caribbean, 15),
    (Origin::Other, 45),
];

impl Origin {
    pub(crate) fn pick(rng: &mut Rng) -> Origin {
        let total: u32 = ORIGIN_SHARES.iter().map(|(_, s)| s).sum();
        let mut n = rng.u32(0..total);
        for (origin, share) in ORIGIN_SHARES {
            if n < share {
                return origin;
            }
            n -= share;
        }
        Origin::Dutch
    }

    fn family_names(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Origin::Dutch => DUTCH_FAMILY,
            Origin::Frisian => FRISIAN_FAMILY,
            Origin::Turkish => TURKISH_FAMILY,
            Origin::Moroccan => MOROCCAN_FAMILY,
            Origin::Surinamese => SURINAMESE_FAMILY,
            Origin::Polish => POLISH_FAMILY,
            Origin::Caribbean => CARIBBEAN_FAMILY,
            Origin::Other => OTHER_FAMILY,
        }
    }

    /// Given names for children (born 2004-2022) of this background.
    fn child_names(self, gender: Gender) -> &'static [&'static str] {
        use Gender::{Female as F, Male as M};
        match (self, gender) {
            (Origin::Dutch, F) => DUTCH_GIRLS,
            (Origin::Dutch, M) => DUTCH_BOYS,
            (Origin::Frisian, F) => FRISIAN_WOMEN,
            (Origin::Frisian, M) => FRISIAN_MEN,
            (Origin::Turkish, F) => TURKISH_WOMEN,
            (Origin::Turkish, M) => TURKISH_MEN,
            (Origin::Moroccan, F) => MOROCCAN_WOMEN,
            (Origin::Moroccan, M) => MOROCCAN_MEN,
            (Origin::Surinamese, F) => SURINAMESE_WOMEN,
            (Origin::Surinamese, M) => SURINAMESE_MEN,
            (Origin::Polish, F) => POLISH_WOMEN,
            (Origin::Polish, M) => POLISH_MEN,
            (Origin::Caribbean, F) => CARIBBEAN_WOMEN,
            (Origin::Caribbean, M) => CARIBBEAN_MEN,
            (Origin::Other, F) => OTHER_WOMEN,
            (Origin::Other, M) => OTHER_MEN,
        }
    }

    /// Given names for parents (born 1965-1995).
    fn adult_names(self, gender: Gender) -> &'static [&'static str] {
        match (self, gender) {
            (Origin::Dutch, Gender::Female) => DUTCH_WOMEN,
            (Origin::Dutch, Gender::Male) => DUTCH_MEN,
            (other, g) => other.child_names(g),
        }
    }
}

/// A family name, as an index into the family table of its origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Family {
    pub origin: Origin,
    pub index: u16,
}

impl Family {
    pub(crate) fn pick(rng: &mut Rng, origin: Origin) -> Family {
        let n = origin.family_names().len();
        Family {
            origin,
            index: u16::try_from(rng.usize(0..n)).unwrap_or(0),
        }
    }

    /// A named family from the tables (for the fixed demo families).
    pub(crate) fn find(origin: Origin, prefix: &str, name: &str) -> Option<Family> {
        origin
            .family_names()
            .iter()
            .position(|&(p, n)| p == prefix && n == name)
            .and_then(|i| u16::try_from(i).ok())
            .map(|index| Family { origin, index })
    }

    /// `(prefix, name)` in the form for a person of `gender` (Polish names
    /// in -ski become -ska for women and girls).
    pub(crate) fn parts(self, gender: Gender) -> (Option<&'static str>, String) {
        let (prefix, name) = self.origin.family_names()[usize::from(self.index)];
        let name = if self.origin == Origin::Polish && gender == Gender::Female {
            feminine_polish(name)
        } else {
            name.to_owned()
        };
        (Some(prefix).filter(|p| !p.is_empty()), name)
    }
}

fn feminine_polish(name: &str) -> String {
    for (m, f) in [("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")] {
        if let Some(stem) = name.strip_suffix(m) {
            return format!("{stem}{f}");
        }
    }
    name.to_owned()
}

/// A given name, as an index into a table chosen by origin, gender and generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Given {
    pub origin: Origin,
    pub gender: Gender,
    pub adult: bool,
    pub index: u16,
}

impl Given {
    /// A child's given name: mostly of the family's background, sometimes a
    /// Dutch one (common in every community).
    pub(crate) fn child(rng: &mut Rng, origin: Origin, gender: Gender) -> Given {
        let origin = if origin != Origin::Dutch && rng.u8(0..100) < 12 {
            Origin::Dutch
        } else {
            origin
        };
        let n = origin.child_names(gender).len();
        Given {
            origin,
            gender,
            adult: false,
            index: u16::try_from(rng.usize(0..n)).unwrap_or(0),
        }
    }

    /// A named child's given name from the tables (for the fixed demo pupils).
    pub(crate) fn find(origin: Origin, gender: Gender, name: &str) -> Option<Given> {
        origin
            .child_names(gender)
            .iter()
            .position(|&n| n == name)
            .and_then(|i| u16::try_from(i).ok())
            .map(|index| Given {
                origin,
                gender,
                adult: false,
                index,
            })
    }

    pub(crate) fn adult(rng: &mut Rng, origin: Origin, gender: Gender) -> Given {
        let n = origin.adult_names(gender).len();
        Given {
            origin,
            gender,
            adult: true,
            index: u16::try_from(rng.usize(0..n)).unwrap_or(0),
        }
    }

    pub(crate) fn text(self) -> &'static str {
        let list = if self.adult {
            self.origin.adult_names(self.gender)
        } else {
            self.origin.child_names(self.gender)
        };
        list[usize::from(self.index)]
    }
}

pub(crate) fn pick_gender(rng: &mut Rng) -> Gender {
    if rng.bool() {
        Gender::Female
    } else {
        Gender::Male
    }
}

/// A family name in display form: "van der Meer", "El Amrani", "Yılmaz".
pub(crate) fn family_display(family: Family, gender: Gender) -> String {
    match family.parts(gender) {
        (Some(prefix), name) => format!("{prefix} {name}"),
        (None, name) => name,
    }
}

/// Lower-case ASCII for e-mail addresses: "Yılmaz" -> "yilmaz", "van der Meer" -> "vandermeer".
pub(crate) fn ascii_slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let mapped = match c {
            'a'..='z' | '0'..='9' => Some(c),
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ą' => Some('a'),
            'ç' | 'ć' | 'č' => Some('c'),
            'è' | 'é' | 'ê' | 'ë' | 'ę' => Some('e'),
            'ì' | 'í' | 'î' | 'ï' | 'ı' => Some('i'),
            'ğ' => Some('g'),
            'ł' => Some('l'),
            'ñ' | 'ń' => Some('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => Some('o'),
            'ś' | 'ş' | 'š' => Some('s'),
            'ù' | 'ú' | 'û' | 'ü' => Some('u'),
            'ý' | 'ÿ' => Some('y'),
            'ź' | 'ż' | 'ž' => Some('z'),
            _ => None,
        };
        if let Some(m) = mapped {
            out.push(m);
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Tables. Family names are (prefix, name); the prefix is stored separately
// (`pupils.name_prefix`) because Dutch sorts on the name without it.
// ---------------------------------------------------------------------------

const DUTCH_FAMILY: &[(&str, &str)] = &[
    ("de", "Jong"),
    ("", "Jansen"),
    ("de", "Vries"),
    ("van den", "Berg"),
    ("van", "Dijk"),
    ("", "Bakker"),
    ("", "Janssen"),
    ("", "Visser"),
    ("", "Smit"),
    ("", "Meijer"),
    ("de", "Boer"),
    ("", "Mulder"),
    ("de", "Groot"),
    ("", "Bos"),
    ("", "Vos"),
    ("", "Peters"),
    ("", "Hendriks"),
    ("van", "Leeuwen"),
    ("", "Dekker"),
    ("", "Brouwer"),
    ("de", "Wit"),
    ("", "Smits"),
    ("de", "Graaf"),
    ("van der", "Meer"),
    ("van der", "Linden"),
    ("", "Kok"),
    ("", "Jacobs"),
    ("de", "Haan"),
    ("", "Vermeulen"),
    ("van den", "Heuvel"),
    ("van der", "Veen"),
    ("van den", "Broek"),
    ("de", "Bruijn"),
    ("van der", "Heijden"),
    ("", "Schouten"),
    ("van", "Beek"),
    ("", "Willems"),
    ("van", "Vliet"),
    ("van de", "Ven"),
    ("", "Maas"),
    ("", "Verhoeven"),
    ("", "Koster"),
    ("van", "Dam"),
    ("van der", "Wal"),
    ("", "Prins"),
    ("", "Blom"),
    ("", "Huisman"),
    ("", "Peeters"),
    ("de", "Jonge"),
    ("", "Kuipers"),
    ("van", "Veen"),
    ("", "Post"),
    ("", "Kramer"),
    ("van den", "Brink"),
    ("", "Scholten"),
    ("van", "Wijk"),
    ("", "Martens"),
    ("", "Vink"),
    ("de", "Ruiter"),
    ("", "Timmermans"),
    ("", "Groen"),
    ("", "Gerritsen"),
    ("", "Jonker"),
    ("van", "Loon"),
    ("van der", "Velde"),
    ("", "Willemsen"),
    ("", "Smeets"),
    ("de", "Lange"),
    ("", "Bosch"),
    ("van", "Dongen"),
    ("", "Schipper"),
    ("de", "Koning"),
    ("van der", "Laan"),
    ("", "Driessen"),
    ("van", "Doorn"),
    ("", "Hermans"),
    ("", "Evers"),
    ("van den", "Bosch"),
    ("van der", "Meulen"),
    ("", "Hofman"),
    ("", "Bosman"),
    ("", "Wolters"),
    ("", "Sanders"),
    ("van der", "Horst"),
    ("", "Mol"),
    ("", "Kuijpers"),
    ("", "Molenaar"),
    ("van de", "Pol"),
    ("de", "Leeuw"),
    ("", "Verbeek"),
    ("ter", "Horst"),
    ("ten", "Brink"),
    ("", "Verhagen"),
    ("van", "Rijn"),
    ("", "Nijhuis"),
    ("", "Hoogendoorn"),
    ("", "Zwart"),
    ("", "Aarts"),
    ("", "Claassen"),
    ("", "Hoek"),
    ("", "Lammers"),
    ("", "Rutten"),
    ("", "Tromp"),
    ("van", "Ommen"),
    ("", "Wouters"),
    ("", "Overbeek"),
    ("", "Reinders"),
    ("", "Stam"),
    ("", "Steenbergen"),
    ("", "Teunissen"),
    ("", "Vermeer"),
    ("", "Vonk"),
    ("ter", "Beek"),
    ("ten", "Hove"),
    ("van 't", "Hof"),
    ("in 't", "Veld"),
    ("van", "Essen"),
    ("", "Brinkman"),
    ("", "Koopman"),
    ("", "Lubbers"),
    ("", "Oosterhuis"),
    ("", "Rietveld"),
    ("", "Schaap"),
    ("", "Takken"),
    ("", "Uijttewaal"),
    ("", "Westerhof"),
    ("", "Zandstra"),
];

const FRISIAN_FAMILY: &[(&str, &str)] = &[
    ("", "Dijkstra"),
    ("", "Hoekstra"),
    ("", "Postma"),
    ("", "Veenstra"),
    ("", "Wiersma"),
    ("", "Bouma"),
    ("", "Hiemstra"),
    ("", "Jellema"),
    ("", "Zijlstra"),
    ("", "Terpstra"),
    ("", "Rienstra"),
    ("", "Sikkema"),
    ("", "Haitsma"),
    ("", "Faber"),
    ("", "Kingma"),
    ("", "Tjeerdsma"),
    ("", "Wijnja"),
    ("", "Yntema"),
    ("", "Hellinga"),
    ("", "Sybesma"),
    ("", "Boersma"),
    ("", "Attema"),
    ("", "Feenstra"),
    ("", "Hofstra"),
    ("", "Kooistra"),
    ("", "Miedema"),
    ("", "Nauta"),
    ("", "Osinga"),
    ("", "Reitsma"),
    ("van der", "Ploeg"),
];

const TURKISH_FAMILY: &[(&str, &str)] = &[
    ("", "Yılmaz"),
    ("", "Kaya"),
    ("", "Demir"),
    ("", "Şahin"),
    ("", "Çelik"),
    ("", "Yıldız"),
    ("", "Yıldırım"),
    ("", "Öztürk"),
    ("", "Aydın"),
    ("", "Özdemir"),
    ("", "Arslan"),
    ("", "Doğan"),
    ("", "Kılıç"),
    ("", "Aslan"),
    ("", "Çetin"),
    ("", "Kara"),
    ("", "Koç"),
    ("", "Kurt"),
    ("", "Özkan"),
    ("", "Şimşek"),
    ("", "Polat"),
    ("", "Korkmaz"),
    ("", "Güneş"),
    ("", "Aksoy"),
    ("", "Bulut"),
    ("", "Tekin"),
    ("", "Karaca"),
    ("", "Uçar"),
    ("", "Akın"),
    ("", "Aktaş"),
    ("", "Bozkurt"),
    ("", "Turan"),
    ("", "Ünal"),
    ("", "Yavuz"),
    ("", "Keskin"),
    ("", "Duman"),
    ("", "Toprak"),
    ("", "Tunç"),
];

const MOROCCAN_FAMILY: &[(&str, &str)] = &[
    ("El", "Amrani"),
    ("El", "Idrissi"),
    ("El", "Khatib"),
    ("El", "Hadioui"),
    ("El", "Bouzidi"),
    ("El", "Ouali"),
    ("El", "Haddouchi"),
    ("El", "Kaddouri"),
    ("", "Bennani"),
    ("", "Boukhari"),
    ("", "Benali"),
    ("", "Azzouzi"),
    ("", "Ouahabi"),
    ("", "Tahiri"),
    ("", "Ziani"),
    ("", "Haddou"),
    ("", "Bouali"),
    ("", "Lahlou"),
    ("", "Mansouri"),
    ("", "Ouazzani"),
    ("", "Belhaj"),
    ("", "Bakkali"),
    ("", "Achahbar"),
    ("", "Aarab"),
    ("", "Boutaher"),
    ("", "Chakir"),
    ("", "Essafi"),
    ("", "Hamdaoui"),
    ("", "Karimi"),
    ("", "Lamrini"),
    ("", "Marzouki"),
    ("", "Rachidi"),
    ("", "Saidi"),
    ("", "Yousfi"),
    ("", "Zerouali"),
    ("", "Azough"),
    ("", "Bouchtaoui"),
];

const SURINAMESE_FAMILY: &[(&str, &str)] = &[
    ("", "Ramdin"),
    ("", "Ramsaran"),
    ("", "Mahabier"),
    ("", "Jagroep"),
    ("", "Sewdien"),
    ("", "Ramkhelawan"),
    ("", "Bhagwandin"),
    ("", "Soekhai"),
    ("", "Baldewsingh"),
    ("", "Kalloe"),
    ("", "Autar"),
    ("", "Biharie"),
    ("", "Doerga"),
    ("", "Girjasing"),
    ("", "Chotkan"),
    ("", "Sastrodikromo"),
    ("", "Wongsodikromo"),
    ("", "Pawirodihardjo"),
    ("", "Pinas"),
    ("", "Brunings"),
    ("", "Kross"),
    ("", "Pengel"),
    ("", "Esajas"),
    ("", "Linger"),
    ("", "Misiedjan"),
    ("", "Zaalman"),
    ("", "Wijngaarde"),
    ("", "Doelwijt"),
    ("", "Panka"),
    ("", "Kerster"),
    ("", "Tjon A Joe"),
];

const POLISH_FAMILY: &[(&str, &str)] = &[
    ("", "Nowak"),
    ("", "Kowalski"),
    ("", "Wiśniewski"),
    ("", "Wójcik"),
    ("", "Kowalczyk"),
    ("", "Kamiński"),
    ("", "Lewandowski"),
    ("", "Zieliński"),
    ("", "Szymański"),
    ("", "Woźniak"),
    ("", "Dąbrowski"),
    ("", "Kozłowski"),
    ("", "Jankowski"),
    ("", "Mazur"),
    ("", "Kwiatkowski"),
    ("", "Krawczyk"),
    ("", "Piotrowski"),
    ("", "Grabowski"),
    ("", "Nowicki"),
    ("", "Pawłowski"),
    ("", "Michalski"),
    ("", "Adamczyk"),
    ("", "Dudek"),
    ("", "Zając"),
    ("", "Wieczorek"),
    ("", "Jabłoński"),
    ("", "Król"),
    ("", "Majewski"),
    ("", "Olszewski"),
    ("", "Nowakowski"),
];

const CARIBBEAN_FAMILY: &[(&str, &str)] = &[
    ("", "Martina"),
    ("", "Rosalia"),
    ("", "Isenia"),
    ("", "Cijntje"),
    ("", "Pietersz"),
    ("", "Croes"),
    ("", "Winklaar"),
    ("", "Leito"),
    ("", "Juliana"),
    ("", "Koeiman"),
    ("", "Maduro"),
    ("", "Girigorie"),
    ("", "Felipa"),
    ("", "Hooi"),
    ("", "Doran"),
];

const OTHER_FAMILY: &[(&str, &str)] = &[
    ("", "Haddad"),
    ("", "Khalil"),
    ("", "Ibrahim"),
    ("", "Mahmoud"),
    ("", "Yousef"),
    ("", "Hussein"),
    ("", "Tesfaye"),
    ("", "Ghebremedhin"),
    ("", "Tekle"),
    ("", "Haile"),
    ("", "Abdi"),
    ("", "Warsame"),
    ("", "Ahmadi"),
    ("", "Rahimi"),
    ("", "Hosseini"),
    ("", "Nguyen"),
    ("", "Tran"),
    ("", "Chen"),
    ("", "Wang"),
    ("", "Popescu"),
    ("", "Ivanova"),
    ("", "Kovačević"),
    ("", "Santos"),
    ("", "Pereira"),
    ("", "García"),
];

const DUTCH_GIRLS: &[&str] = &[
    "Emma",
    "Julia",
    "Mila",
    "Tess",
    "Sophie",
    "Zoë",
    "Sara",
    "Nora",
    "Yara",
    "Eva",
    "Liv",
    "Lotte",
    "Saar",
    "Evi",
    "Noor",
    "Anna",
    "Lieke",
    "Fenna",
    "Isa",
    "Fleur",
    "Sophia",
    "Olivia",
    "Nina",
    "Lisa",
    "Femke",
    "Roos",
    "Jasmijn",
    "Anne",
    "Lynn",
    "Esmee",
    "Floor",
    "Vera",
    "Lina",
    "Elin",
    "Maud",
    "Ilse",
    "Jill",
    "Kiki",
    "Lara",
    "Mara",
    "Nova",
    "Puck",
    "Rosalie",
    "Sanne",
    "Sterre",
    "Tara",
    "Veerle",
    "Zara",
    "Iris",
    "Hannah",
    "Amber",
    "Britt",
    "Demi",
    "Indy",
    "Jade",
    "Luna",
    "Mirthe",
    "Naomi",
    "Romy",
    "Sofie",
    "Elise",
    "Charlotte",
    "Fay",
    "Ivy",
    "Loïs",
    "Merel",
    "Hanna",
    "Feline",
    "Linde",
    "Bo",
];

const DUTCH_BOYS: &[&str] = &[
    "Noah", "Sem", "Liam", "Lucas", "Daan", "Finn", "Levi", "Luuk", "Mees", "James", "Milan",
    "Sam", "Bram", "Jesse", "Thomas", "Julian", "Max", "Adam", "Thijs", "Gijs", "Jayden", "Ruben",
    "Lars", "Tim", "Stijn", "Teun", "Jens", "Sven", "Niels", "Koen", "Boaz", "Hugo", "Jan", "Jip",
    "Siem", "Olivier", "Mats", "Dex", "Guus", "Jurre", "Morris", "Pim", "Rens", "Ties", "Tygo",
    "Vince", "Wessel", "Floris", "Joep", "Kai", "Owen", "Quinten", "Rick", "Sepp", "Tobias",
    "Wouter", "Jelle", "Stan", "Mick", "Joris", "Rutger", "Benjamin", "Cas", "Dean", "Erik",
    "Hidde", "Jort", "Melle",
];

const DUTCH_WOMEN: &[&str] = &[
    "Marieke", "Linda", "Sandra", "Esther", "Ingrid", "Monique", "Petra", "Karin", "Anouk",
    "Wendy", "Judith", "Miranda", "Chantal", "Mariska", "Nicole", "Saskia", "Femke", "Kim",
    "Laura", "Manon", "Marloes", "Renske", "Suzanne", "Ellen", "Ilona", "Mirjam", "Yvonne",
    "Annemiek", "Bianca", "Joyce", "Lotte", "Eline", "Sanne", "Inge", "Jolanda", "Astrid",
    "Brenda", "Debby", "Hanneke", "Kirsten",
];

const DUTCH_MEN: &[&str] = &[
    "Mark",
    "Martijn",
    "Dennis",
    "Jeroen",
    "Erik",
    "Bas",
    "Remco",
    "Sander",
    "Michiel",
    "Niels",
    "Ruud",
    "Patrick",
    "Arjan",
    "Marco",
    "Joost",
    "Wouter",
    "Rob",
    "Frank",
    "Hans",
    "Maarten",
    "Edwin",
    "Richard",
    "Vincent",
    "Jasper",
    "Bart",
    "Tom",
    "Stefan",
    "Robin",
    "Gert-Jan",
    "Pieter",
    "Roy",
    "Rutger",
    "Johan",
    "Kees",
    "Ronald",
    "Thijs",
    "Willem",
    "Jan-Willem",
];

const FRISIAN_WOMEN: &[&str] = &[
    "Sietske", "Baukje", "Froukje", "Hiske", "Jeltje", "Tjitske", "Wytske", "Anke", "Marrit",
    "Sjoukje", "Ytsje", "Femke", "Janneke", "Lysbeth", "Doutzen", "Gerbrich",
];

const FRISIAN_MEN: &[&str] = &[
    "Sjoerd", "Wybren", "Jelle", "Tjeerd", "Hylke", "Sietse", "Douwe", "Fokke", "Jorrit", "Lolke",
    "Rients", "Sybren", "Wietse", "Ype", "Auke", "Bauke",
];

const TURKISH_WOMEN: &[&str] = &[
    "Elif", "Zeynep", "Ecrin", "Ayşe", "Esra", "Merve", "Büşra", "Defne", "Yasemin", "Hatice",
    "Fatma", "Emine", "Selin", "Sude", "Azra", "Ceren", "İrem", "Nisa", "Hira", "Melek",
];

const TURKISH_MEN: &[&str] = &[
    "Emir", "Yusuf", "Mehmet", "Mustafa", "Ahmet", "Efe", "Kerem", "Burak", "Emre", "Hakan",
    "Murat", "Ömer", "Can", "Eymen", "Berat", "Arda", "Kaan", "Selim", "Umut", "Serkan",
];

const MOROCCAN_WOMEN: &[&str] = &[
    "Fatima", "Yasmina", "Nour", "Salma", "Imane", "Sara", "Hiba", "Amira", "Malak", "Ikram",
    "Kawtar", "Soumaya", "Houda", "Loubna", "Meryem", "Aya", "Lina", "Najat", "Samira", "Khadija",
];

const MOROCCAN_MEN: &[&str] = &[
    "Mohamed", "Ayoub", "Adam", "Bilal", "Anas", "Hamza", "Ilias", "Rayan", "Mohammed", "Yassin",
    "Karim", "Khalid", "Nordin", "Soufiane", "Younes", "Mehdi", "Zakaria", "Said", "Hicham",
    "Redouan",
];

const SURINAMESE_WOMEN: &[&str] = &[
    "Anjali",
    "Priya",
    "Shanti",
    "Ravina",
    "Sharmila",
    "Kavita",
    "Natasha",
    "Shanice",
    "Chanella",
    "Naomi",
    "Chelsey",
    "Samantha",
    "Chantal",
    "Rowena",
    "Priscilla",
    "Sunita",
    "Sherida",
    "Giovanna",
];

const SURINAMESE_MEN: &[&str] = &[
    "Rishi", "Ravi", "Sunil", "Vikash", "Anil", "Rajesh", "Gianni", "Dwayne", "Jermaine", "Quincy",
    "Kevin", "Sergio", "Marciano", "Romano", "Jayden", "Gerwin", "Nishant", "Dinesh",
];

const POLISH_WOMEN: &[&str] = &[
    "Zuzanna",
    "Julia",
    "Maja",
    "Zofia",
    "Hanna",
    "Lena",
    "Alicja",
    "Maria",
    "Amelia",
    "Oliwia",
    "Natalia",
    "Wiktoria",
    "Aleksandra",
    "Agnieszka",
    "Katarzyna",
    "Magdalena",
    "Joanna",
    "Anna",
];

const POLISH_MEN: &[&str] = &[
    "Jakub",
    "Antoni",
    "Jan",
    "Szymon",
    "Franciszek",
    "Filip",
    "Aleksander",
    "Mikołaj",
    "Wojciech",
    "Kacper",
    "Piotr",
    "Tomasz",
    "Paweł",
    "Krzysztof",
    "Michał",
    "Marcin",
    "Łukasz",
    "Mateusz",
];

const CARIBBEAN_WOMEN: &[&str] = &[
    "Gisela",
    "Daniëlla",
    "Ruchella",
    "Sharelly",
    "Jurmaine",
    "Shurelly",
    "Naysha",
    "Kimberly",
    "Chenoa",
    "Milaysa",
];

const CARIBBEAN_MEN: &[&str] = &[
    "Shurandy",
    "Jurickson",
    "Gilmer",
    "Giliano",
    "Jeremy",
    "Ryangelo",
    "Dyron",
    "Rodney",
    "Jurgen",
    "Kenrick",
];

const OTHER_WOMEN: &[&str] = &[
    "Lana", "Maryam", "Rahaf", "Shahd", "Rama", "Selam", "Hana", "Saba", "Hodan", "Ayan", "Mina",
    "Zahra", "Linh", "Mei", "Ana", "Elena",
];

const OTHER_MEN: &[&str] = &[
    "Omar", "Ali", "Ahmad", "Mohammad", "Khaled", "Yonas", "Dawit", "Liban", "Hassan", "Reza",
    "Minh", "Wei", "Mateo", "Andrei", "Luka", "Tiago",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polish_names_take_the_feminine_form() {
        assert_eq!(feminine_polish("Kowalski"), "Kowalska");
        assert_eq!(feminine_polish("Nowicki"), "Nowicka");
        assert_eq!(feminine_polish("Nowak"), "Nowak");
    }

    #[test]
    fn slugs_are_plain_ascii() {
        assert_eq!(ascii_slug("Yılmaz"), "yilmaz");
        assert_eq!(ascii_slug("van der Meer"), "vandermeer");
        assert_eq!(ascii_slug("Łukasz Wiśniewski"), "lukaszwisniewski");
        assert_eq!(ascii_slug("Gert-Jan"), "gertjan");
    }

    #[test]
    fn every_origin_gives_names() {
        let mut rng = Rng::with_seed(1);
        let mut prefixed = 0;
        for _ in 0..2_000 {
            let origin = Origin::pick(&mut rng);
            let gender = pick_gender(&mut rng);
            assert!(!Given::child(&mut rng, origin, gender).text().is_empty());
            assert!(!Given::adult(&mut rng, origin, gender).text().is_empty());
            let (prefix, name) = Family::pick(&mut rng, origin).parts(gender);
            assert!(!name.is_empty());
            prefixed += usize::from(prefix.is_some());
        }
        assert!(prefixed > 200, "Dutch prefixes are common: {prefixed}");
    }
}
