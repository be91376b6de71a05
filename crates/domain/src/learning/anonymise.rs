//! Turns text from a real case into a case story that can be shared at a
//! dialogue table.
//!
//! What never survives:
//! * the names Brug knows from the case (pupil, guardians, team members),
//!   replaced by the role ("het kind", "de ouder", "een professional");
//! * school and provider names, unless the participants consented to keep
//!   them ("de school", "de zorgaanbieder");
//! * other names: a capitalised word that does not start a sentence and is
//!   not a known term becomes "[naam]";
//! * e-mail addresses, phone numbers, BSNs (any 8- or 9-digit number) and
//!   postcodes;
//! * dates closer than a month: "12-03-2026", "2026-03-12" and "12 maart
//!   2026" become "maart 2026"; a weekday before such a date is dropped.
//!
//! The result is a draft: the facilitator reads it before it is shared, and
//! may reject it. [`Removed`] tells the facilitator what was taken out (how
//! many of each kind, never the values).

/// Who a known name belongs to, and so what it is replaced by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameRole {
    Child,
    Guardian,
    Professional,
    School,
    Provider,
}

impl NameRole {
    fn replacement(self) -> &'static str {
        match self {
            NameRole::Child => "het kind",
            NameRole::Guardian => "de ouder",
            NameRole::Professional => "een professional",
            NameRole::School => "de school",
            NameRole::Provider => "de zorgaanbieder",
        }
    }

    fn is_organisation(self) -> bool {
        matches!(self, NameRole::School | NameRole::Provider)
    }
}

/// What Brug knows about the case to anonymise it.
#[derive(Debug, Clone, Default)]
pub struct KnownNames {
    pub names: Vec<(String, NameRole)>,
    /// The participants consented to naming the school and the provider.
    pub keep_organisations: bool,
}

/// How many things of each kind were taken out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Removed {
    pub names: usize,
    pub organisations: usize,
    pub emails: usize,
    pub phones: usize,
    pub bsns: usize,
    pub postcodes: usize,
    pub dates: usize,
}

impl Removed {
    pub fn total(&self) -> usize {
        self.names
            + self.organisations
            + self.emails
            + self.phones
            + self.bsns
            + self.postcodes
            + self.dates
    }
}

pub const NAME_PLACEHOLDER: &str = "[naam]";
pub const EMAIL_PLACEHOLDER: &str = "[e-mailadres]";
pub const PHONE_PLACEHOLDER: &str = "[telefoonnummer]";
pub const BSN_PLACEHOLDER: &str = "[nummer]";
pub const POSTCODE_PLACEHOLDER: &str = "[postcode]";

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

const MONTH_ABBREVIATIONS: [(&str, usize); 13] = [
    ("jan", 1),
    ("feb", 2),
    ("mrt", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("okt", 10),
    ("nov", 11),
    ("dec", 12),
    ("mei", 5),
];

const WEEKDAYS: [&str; 7] = [
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
];

/// Name particles (tussenvoegsels) between two parts of one name.
const PARTICLES: [&str; 9] = ["van", "de", "der", "den", "ten", "ter", "te", "het", "'t"];

/// Abbreviated titles whose full stop does not end a sentence.
const TITLES: [&str; 10] = [
    "dr", "drs", "mr", "mw", "mevr", "dhr", "ir", "ing", "prof", "fam",
];

/// Capitalised words that are not names: laws, institutions, and the
/// placeholders' own words.
const KNOWN_TERMS: [&str; 18] = [
    "Jeugdwet",
    "Leerplichtwet",
    "Passend",
    "Onderwijs",
    "Wlz",
    "Zvw",
    "Brug",
    "Veilig",
    "Thuis",
    "Raad",
    "Kinderbescherming",
    "Nederland",
    "Nederlands",
    "Engels",
    "Rekenen",
    "Taal",
    "Dialoogtafel",
    "Handreiking",
];

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(String),
    Number(String),
    Space(String),
    Other(char),
    /// Already replaced text, never looked at again.
    Fixed(String),
    Name,
}

/// Anonymise `text`; the story and what was removed.
pub fn anonymise(text: &str, known: &KnownNames) -> (String, Removed) {
    let mut removed = Removed::default();
    let toks = tokenise(text, &mut removed);
    let toks = replace_known(toks, known, &mut removed);
    let toks = replace_numbers(toks, &mut removed);
    let toks = replace_unknown_names(toks, &mut removed);
    (render(&merge_names(toks)), removed)
}

/// Split into words, numbers, whitespace and other characters; e-mail
/// addresses are replaced here, as whole whitespace-separated pieces.
fn tokenise(text: &str, removed: &mut Removed) -> Vec<Tok> {
    let mut out = Vec::new();
    for piece in split_keep_whitespace(text) {
        if piece.chars().all(char::is_whitespace) {
            out.push(Tok::Space(piece.to_owned()));
        } else if let Some((before, after)) = email_in(piece) {
            removed.emails += 1;
            out.extend(tokenise_plain(before));
            out.push(Tok::Fixed(EMAIL_PLACEHOLDER.into()));
            out.extend(tokenise_plain(after));
        } else {
            out.extend(tokenise_plain(piece));
        }
    }
    out
}

fn split_keep_whitespace(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_space = None;
    for (i, c) in text.char_indices() {
        let space = c.is_whitespace();
        if in_space.is_some_and(|s| s != space) {
            out.push(&text[start..i]);
            start = i;
        }
        in_space = Some(space);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// The text around an e-mail address in a piece without whitespace.
fn email_in(piece: &str) -> Option<(&str, &str)> {
    let at = piece.find('@')?;
    let is_part = |c: char| c.is_alphanumeric() || "._%+-".contains(c);
    let start = piece[..at]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_part(*c))
        .last()
        .map(|(i, _)| i)?;
    let domain_len = piece[at + 1..]
        .char_indices()
        .take_while(|(_, c)| is_part(*c))
        .last()
        .map(|(i, c)| i + c.len_utf8())?;
    let mut end = at + 1 + domain_len;
    while piece[..end].ends_with('.') {
        end -= 1;
    }
    piece[at + 1..end]
        .contains('.')
        .then(|| (&piece[..start], &piece[end..]))
}

fn tokenise_plain(piece: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut chars = piece.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphabetic() {
            let mut w = String::from(c);
            while let Some(&n) = chars.peek() {
                if n.is_alphabetic() || n == '\'' && w.len() == 1 {
                    w.push(n);
                    chars.next();
                } else {
                    break;
                }
            }
            out.push(Tok::Word(w));
        } else if c.is_ascii_digit() {
            let mut w = String::from(c);
            while let Some(&n) = chars.peek().filter(|n| n.is_ascii_digit()) {
                w.push(n);
                chars.next();
            }
            out.push(Tok::Number(w));
        } else {
            out.push(Tok::Other(c));
        }
    }
    out
}

fn lower(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect()
}

/// Replace the names Brug knows (longest first, case-insensitive, whole words).
fn replace_known(toks: Vec<Tok>, known: &KnownNames, removed: &mut Removed) -> Vec<Tok> {
    let mut names: Vec<(Vec<String>, NameRole)> = Vec::new();
    for (name, role) in &known.names {
        let words: Vec<String> = tokenise_plain(name)
            .into_iter()
            .filter_map(|t| match t {
                Tok::Word(w) | Tok::Number(w) => Some(lower(&w)),
                _ => None,
            })
            .collect();
        if words.is_empty() {
            continue;
        }
        // Every part of a person's name on its own (first name, surname),
        // except particles; an organisation only as a whole.
        if !role.is_organisation() && words.len() > 1 {
            for w in &words {
                if !PARTICLES.contains(&w.as_str()) && w.chars().count() > 1 {
                    names.push((vec![w.clone()], *role));
                }
            }
        }
        names.push((words, *role));
    }
    names.sort_by_key(|n| std::cmp::Reverse(n.0.len()));
    let mut out = Vec::with_capacity(toks.len());
    let mut i = 0;
    'outer: while i < toks.len() {
        for (words, role) in &names {
            if let Some(end) = match_words(&toks, i, words) {
                if role.is_organisation() && known.keep_organisations {
                    // Kept as written, and never taken for a name later.
                    out.push(Tok::Fixed(render(&toks[i..end])));
                    i = end;
                    continue 'outer;
                }
                if role.is_organisation() {
                    removed.organisations += 1;
                } else {
                    removed.names += 1;
                }
                let capital = starts_sentence(&out)
                    && matches!(&toks[i], Tok::Word(w) if w.starts_with(char::is_uppercase));
                out.push(Tok::Fixed(if capital {
                    capitalised(role.replacement())
                } else {
                    role.replacement().into()
                }));
                i = end;
                continue 'outer;
            }
        }
        out.push(toks[i].clone());
        i += 1;
    }
    out
}

/// Whether the next token starts a sentence (after `out`).
fn starts_sentence(out: &[Tok]) -> bool {
    for t in out.iter().rev() {
        match t {
            Tok::Space(s) if s.contains('\n') => return true,
            Tok::Space(_) => {}
            Tok::Other('.' | '!' | '?') => return true,
            _ => return false,
        }
    }
    true
}

/// "het kind" -> "Het kind".
fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// Whether `words` appear at `i` (separated by whitespace or hyphens);
/// the index after the match.
fn match_words(toks: &[Tok], mut i: usize, words: &[String]) -> Option<usize> {
    for (n, word) in words.iter().enumerate() {
        if n > 0 {
            while matches!(toks.get(i), Some(Tok::Space(_) | Tok::Other('-'))) {
                i += 1;
            }
        }
        match toks.get(i) {
            Some(Tok::Word(w) | Tok::Number(w)) if lower(w) == *word => i += 1,
            _ => return None,
        }
    }
    Some(i)
}

fn month_of_word(w: &str) -> Option<usize> {
    let w = lower(w);
    let w = w.trim_end_matches('.');
    MONTHS
        .iter()
        .position(|m| *m == w)
        .map(|i| i + 1)
        .or_else(|| {
            MONTH_ABBREVIATIONS
                .iter()
                .find(|(a, _)| *a == w)
                .map(|(_, m)| *m)
        })
}

fn month_text(month: usize, year: Option<&str>) -> String {
    let name = MONTHS.get(month.wrapping_sub(1)).copied().unwrap_or("");
    match year {
        Some(y) => format!("{name} {y}"),
        None => name.to_owned(),
    }
}

/// What a run of numbers turned out to be.
enum Numeric {
    Date(String),
    Phone,
    Bsn,
    Postcode,
}

/// Replace dates, phone numbers, BSNs and postcodes.
fn replace_numbers(toks: Vec<Tok>, removed: &mut Removed) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        let at_number = matches!(toks[i], Tok::Number(_))
            || matches!(toks[i], Tok::Other('+'))
                && matches!(toks.get(i + 1), Some(Tok::Number(_)));
        if at_number && let Some((kind, end)) = numeric_at(&toks, i) {
            let text = match kind {
                Numeric::Date(text) => {
                    removed.dates += 1;
                    drop_weekday(&mut out);
                    text
                }
                Numeric::Phone => {
                    removed.phones += 1;
                    PHONE_PLACEHOLDER.into()
                }
                Numeric::Bsn => {
                    removed.bsns += 1;
                    BSN_PLACEHOLDER.into()
                }
                Numeric::Postcode => {
                    removed.postcodes += 1;
                    POSTCODE_PLACEHOLDER.into()
                }
            };
            out.push(Tok::Fixed(text));
            i = end;
        } else {
            out.push(toks[i].clone());
            i += 1;
        }
    }
    out
}

/// Remove "maandag " (or "maandag, ") just before a date.
fn drop_weekday(out: &mut Vec<Tok>) {
    let mut j = out.len();
    while j > 0 && matches!(out[j - 1], Tok::Space(_) | Tok::Other(',')) {
        j -= 1;
    }
    if j > 0
        && let Tok::Word(w) = &out[j - 1]
        && WEEKDAYS.contains(&lower(w).as_str())
    {
        out.truncate(j - 1);
    }
}

fn number(toks: &[Tok], i: usize) -> Option<&str> {
    match toks.get(i) {
        Some(Tok::Number(n)) => Some(n),
        _ => None,
    }
}

/// The longest numeric pattern starting at `i`.
fn numeric_at(toks: &[Tok], i: usize) -> Option<(Numeric, usize)> {
    if let Some(found) = numeric_date(toks, i).or_else(|| word_date(toks, i)) {
        return Some(found);
    }
    // Digits joined by spaces, dashes, dots, slashes or brackets.
    let mut digits = String::new();
    let mut j = i;
    let mut end = i;
    let plus = matches!(toks.get(i), Some(Tok::Other('+')));
    if plus {
        j += 1;
    }
    let mut best: Option<(Numeric, usize)> = None;
    while let Some(n) = number(toks, j) {
        digits.push_str(n);
        j += 1;
        end = j;
        let phone = (plus && digits.starts_with("31") && (10..=12).contains(&digits.len()))
            || (!plus && digits.starts_with('0') && digits.len() == 10);
        if phone {
            best = Some((Numeric::Phone, end));
        } else if !plus && (digits.len() == 9 || digits.len() == 8 && end == i + 1) {
            best = Some((Numeric::Bsn, end));
        }
        if digits.len() > 12 {
            break;
        }
        // Separators between groups of one number.
        let mut k = j;
        let mut seps = 0;
        while matches!(
            toks.get(k),
            Some(Tok::Space(s)) if s == " "
        ) || matches!(toks.get(k), Some(Tok::Other('-' | '.' | '(' | ')')))
        {
            k += 1;
            seps += 1;
        }
        if seps == 0 || seps > 2 || number(toks, k).is_none() {
            break;
        }
        j = k;
    }
    if best.is_none() && end == i + 1 {
        best = postcode(toks, i);
    }
    best
}

/// `dd-mm-yyyy`, `dd/mm/yyyy`, `dd.mm.yyyy` or `yyyy-mm-dd`.
fn numeric_date(toks: &[Tok], i: usize) -> Option<(Numeric, usize)> {
    let a = number(toks, i)?;
    let sep = match toks.get(i + 1) {
        Some(Tok::Other(c @ ('-' | '/' | '.'))) => *c,
        _ => return None,
    };
    let b = number(toks, i + 2)?;
    if toks.get(i + 3) != Some(&Tok::Other(sep)) {
        return None;
    }
    let c = number(toks, i + 4)?;
    let (day, month, year) = if a.len() == 4 { (c, b, a) } else { (a, b, c) };
    let month: usize = month.parse().ok()?;
    let day: usize = day.parse().ok()?;
    let year = match year.len() {
        4 => year.to_owned(),
        2 => format!("20{year}"),
        _ => return None,
    };
    ((1..=12).contains(&month) && (1..=31).contains(&day))
        .then(|| (Numeric::Date(month_text(month, Some(&year))), i + 5))
}

/// `12 maart`, `12 maart 2026`, `12 mrt. 2026`.
fn word_date(toks: &[Tok], i: usize) -> Option<(Numeric, usize)> {
    let day: usize = number(toks, i)?.parse().ok()?;
    if !(1..=31).contains(&day) || !matches!(toks.get(i + 1), Some(Tok::Space(_))) {
        return None;
    }
    let Some(Tok::Word(w)) = toks.get(i + 2) else {
        return None;
    };
    let month = month_of_word(w)?;
    let mut end = i + 3;
    if toks.get(end) == Some(&Tok::Other('.')) {
        end += 1;
    }
    let year = match (toks.get(end), number(toks, end + 1)) {
        (Some(Tok::Space(_)), Some(y)) if y.len() == 4 => {
            end += 2;
            Some(y)
        }
        _ => None,
    };
    Some((Numeric::Date(month_text(month, year)), end))
}

/// `1234 AB` or `1234AB`.
fn postcode(toks: &[Tok], i: usize) -> Option<(Numeric, usize)> {
    let n = number(toks, i)?;
    if n.len() != 4 || n.starts_with('0') {
        return None;
    }
    let (j, w) = match (toks.get(i + 1), toks.get(i + 2)) {
        (Some(Tok::Word(w)), _) => (i + 1, w),
        (Some(Tok::Space(s)), Some(Tok::Word(w))) if s == " " => (i + 2, w),
        _ => return None,
    };
    (w.len() == 2 && w.chars().all(|c| c.is_ascii_uppercase()))
        .then_some((Numeric::Postcode, j + 1))
}

/// A capitalised word that does not start a sentence is taken for a name.
fn replace_unknown_names(toks: Vec<Tok>, removed: &mut Removed) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::with_capacity(toks.len());
    let mut sentence_start = true;
    let mut last_word = String::new();
    for t in toks {
        match &t {
            Tok::Word(w) => {
                let was_start = sentence_start;
                sentence_start = false;
                last_word = lower(w);
                if !was_start && looks_like_name(w) {
                    removed.names += 1;
                    out.push(Tok::Name);
                    continue;
                }
            }
            Tok::Space(s) if s.contains('\n') => sentence_start = true,
            Tok::Space(_) => {}
            Tok::Other('.') if TITLES.contains(&last_word.as_str()) => {}
            Tok::Other('.' | '!' | '?') => sentence_start = true,
            _ => sentence_start = false,
        }
        out.push(t);
    }
    out
}

fn looks_like_name(w: &str) -> bool {
    let mut chars = w.chars();
    let first_upper = chars.next().is_some_and(char::is_uppercase);
    let has_lower = w.chars().any(char::is_lowercase);
    first_upper && has_lower && !KNOWN_TERMS.contains(&w)
}

/// "[naam] van der [naam]" is one name.
fn merge_names(toks: Vec<Tok>) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        if toks[i] == Tok::Name
            && let Some(end) = name_continues(&toks, i + 1)
        {
            out.push(Tok::Name);
            i = end;
            continue;
        }
        out.push(toks[i].clone());
        i += 1;
    }
    out
}

/// After a name: (space particle)* space name; the index after the last name.
fn name_continues(toks: &[Tok], mut i: usize) -> Option<usize> {
    let mut last = None;
    loop {
        if !matches!(toks.get(i), Some(Tok::Space(s)) if s == " ") {
            return last;
        }
        match toks.get(i + 1) {
            Some(Tok::Name) => {
                i += 2;
                last = Some(i);
            }
            Some(Tok::Word(w)) if PARTICLES.contains(&lower(w).as_str()) => {
                let mut k = i + 2;
                while matches!(toks.get(k), Some(Tok::Space(s)) if s == " ")
                    && matches!(toks.get(k + 1), Some(Tok::Word(w)) if PARTICLES.contains(&lower(w).as_str()))
                {
                    k += 2;
                }
                if matches!(toks.get(k), Some(Tok::Space(s)) if s == " ")
                    && toks.get(k + 1) == Some(&Tok::Name)
                {
                    i = k + 2;
                    last = Some(i);
                } else {
                    return last;
                }
            }
            _ => return last,
        }
    }
}

fn render(toks: &[Tok]) -> String {
    let mut out = String::new();
    for t in toks {
        match t {
            Tok::Word(s) | Tok::Number(s) | Tok::Space(s) | Tok::Fixed(s) => out.push_str(s),
            Tok::Other(c) => out.push(*c),
            Tok::Name => out.push_str(NAME_PLACEHOLDER),
        }
    }
    out
}

#[cfg(test)]
mod tests;
