//! Linking glossary terms where they appear in a text (insights, lessons):
//! the text is cut into plain parts and terms, so a page can show each term
//! with its explanation and a link to the glossary, without JavaScript.

/// A part of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Text(String),
    /// A glossary term as written in the text, with the term's id.
    Term {
        text: String,
        id: i64,
    },
}

/// Cut `text` at the first occurrence of each term (whole words, case
/// insensitive); later occurrences stay plain so a text is not cluttered.
pub fn segments(text: &str, terms: &[(i64, String)]) -> Vec<Segment> {
    let lower: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    let chars: Vec<char> = text.chars().collect();
    if lower.len() != chars.len() {
        // Lowercasing changed the length (rare scripts): no linking.
        return vec![Segment::Text(text.to_owned())];
    }
    let mut found: Vec<(usize, usize, i64)> = Vec::new();
    for (id, term) in terms {
        let needle: Vec<char> = term.chars().flat_map(char::to_lowercase).collect();
        if needle.is_empty() {
            continue;
        }
        let is_word = |i: usize| chars.get(i).is_some_and(|c| c.is_alphanumeric());
        let hit = (0..lower.len().saturating_sub(needle.len() - 1)).find(|&i| {
            lower[i..].starts_with(&needle)
                && (i == 0 || !is_word(i - 1))
                && !is_word(i + needle.len())
        });
        if let Some(i) = hit {
            let end = i + needle.len();
            if !found.iter().any(|(s, e, _)| i < *e && *s < end) {
                found.push((i, end, *id));
            }
        }
    }
    found.sort_unstable();
    let mut out = Vec::new();
    let mut at = 0;
    for (start, end, id) in found {
        if start > at {
            out.push(Segment::Text(chars[at..start].iter().collect()));
        }
        out.push(Segment::Term {
            text: chars[start..end].iter().collect(),
            id,
        });
        at = end;
    }
    if at < chars.len() {
        out.push(Segment::Text(chars[at..].iter().collect()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms() -> Vec<(i64, String)> {
        vec![
            (1, "OPP".into()),
            (2, "hulpverleningsplan".into()),
            (3, "regievoerder".into()),
        ]
    }

    #[test]
    fn terms_are_found_as_whole_words_once() {
        let s = segments("Het OPP en het Hulpverleningsplan; nog een OPP.", &terms());
        assert_eq!(
            s,
            vec![
                Segment::Text("Het ".into()),
                Segment::Term {
                    text: "OPP".into(),
                    id: 1
                },
                Segment::Text(" en het ".into()),
                Segment::Term {
                    text: "Hulpverleningsplan".into(),
                    id: 2
                },
                Segment::Text("; nog een OPP.".into()),
            ]
        );
    }

    #[test]
    fn parts_of_words_are_not_terms() {
        assert_eq!(
            segments("regievoerders en OPPlan", &terms()),
            vec![Segment::Text("regievoerders en OPPlan".into())]
        );
        assert_eq!(segments("", &terms()), Vec::<Segment>::new());
    }
}
