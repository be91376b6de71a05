//! Linking glossary terms where they appear in a text (plan texts, goals,
//! agreements, insights, lessons, case stories): the one function
//! [`link_terms`] turns a plain text into safe HTML in which the first
//! occurrence of each term is a link to its glossary entry, with the
//! explanation as the link's `title`. Hover shows the explanation; a tap,
//! click or Enter goes to the glossary entry. No JavaScript is needed.

/// A glossary term as the linker needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkTerm {
    pub id: i64,
    pub term: String,
    /// The explanation shown on hover (both meanings, already in the
    /// reader's language).
    pub explanation: String,
}

/// Where a term was found: character positions `[start, end)` and the
/// index of the term in the list.
type Hit = (usize, usize, usize);

/// The spans of the terms in `text`: whole words only, case-insensitive,
/// longest term first (a longer term wins over a shorter one inside it),
/// the first occurrence of each term that does not overlap a longer one.
fn hits(text: &[char], terms: &[LinkTerm]) -> Vec<Hit> {
    let lower: Vec<char> = text.iter().flat_map(|c| c.to_lowercase()).collect();
    if lower.len() != text.len() {
        // Lowercasing changed the length (rare scripts): no linking.
        return Vec::new();
    }
    let mut order: Vec<usize> = (0..terms.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(terms[i].term.chars().count()));
    let is_word = |i: usize| text.get(i).is_some_and(|c| c.is_alphanumeric());
    let mut found: Vec<Hit> = Vec::new();
    for index in order {
        let needle: Vec<char> = terms[index]
            .term
            .trim()
            .chars()
            .flat_map(char::to_lowercase)
            .collect();
        if needle.is_empty() || needle.len() > lower.len() {
            continue;
        }
        let hit = (0..=lower.len() - needle.len()).find(|&i| {
            let end = i + needle.len();
            lower[i..end] == needle[..]
                && (i == 0 || !is_word(i - 1))
                && !is_word(end)
                && !found.iter().any(|(s, e, _)| i < *e && *s < end)
        });
        if let Some(i) = hit {
            found.push((i, i + needle.len(), index));
        }
    }
    found.sort_unstable();
    found
}

/// Escape text for HTML content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `text` as HTML, every character escaped, with the first occurrence of
/// each term (whole words, case-insensitive, longest first) as
/// `<a class="utrecht-link brug-term" href="/learning/glossary#term-ID"
/// title="explanation">as written</a>`. Line breaks stay as they are (the
/// page's `white-space` decides how they show).
pub fn link_terms(text: &str, terms: &[LinkTerm]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for (start, end, index) in hits(&chars, terms) {
        let before: String = chars[at..start].iter().collect();
        let word: String = chars[start..end].iter().collect();
        let term = &terms[index];
        out.push_str(&escape_html(&before));
        out.push_str(&format!(
            "<a class=\"utrecht-link brug-term\" href=\"/learning/glossary#term-{}\" title=\"{}\">{}</a>",
            term.id,
            escape_html(&term.explanation),
            escape_html(&word)
        ));
        at = end;
    }
    let rest: String = chars[at..].iter().collect();
    out.push_str(&escape_html(&rest));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(id: i64, term: &str) -> LinkTerm {
        LinkTerm {
            id,
            term: term.into(),
            explanation: format!("uitleg {id}"),
        }
    }

    fn terms() -> Vec<LinkTerm> {
        vec![
            term(1, "OPP"),
            term(2, "hulpverleningsplan"),
            term(3, "regievoerder"),
        ]
    }

    fn link(id: i64, word: &str) -> String {
        format!(
            "<a class=\"utrecht-link brug-term\" href=\"/learning/glossary#term-{id}\" title=\"uitleg {id}\">{word}</a>"
        )
    }

    #[test]
    fn the_first_occurrence_of_each_term_is_linked_case_insensitively() {
        assert_eq!(
            link_terms("Het OPP en het Hulpverleningsplan; nog een opp.", &terms()),
            format!(
                "Het {} en het {}; nog een opp.",
                link(1, "OPP"),
                link(2, "Hulpverleningsplan")
            )
        );
        assert_eq!(
            link_terms("de regievoerder", &terms()),
            format!("de {}", link(3, "regievoerder"))
        );
    }

    #[test]
    fn terms_inside_words_are_not_linked() {
        assert_eq!(
            link_terms("regievoerders en OPPlan, zorgOPP", &terms()),
            "regievoerders en OPPlan, zorgOPP"
        );
        assert_eq!(link_terms("", &terms()), "");
        assert_eq!(link_terms("OPP", &[]), "OPP");
    }

    #[test]
    fn the_longest_term_wins_and_a_shorter_one_is_linked_elsewhere() {
        let t = vec![term(1, "zorg"), term(2, "passende zorg")];
        assert_eq!(
            link_terms("Passende zorg vraagt zorg.", &t),
            format!("{} vraagt {}.", link(2, "Passende zorg"), link(1, "zorg"))
        );
        // The order of the list does not matter.
        let reversed: Vec<LinkTerm> = t.into_iter().rev().collect();
        assert_eq!(
            link_terms("Passende zorg vraagt zorg.", &reversed),
            format!("{} vraagt {}.", link(2, "Passende zorg"), link(1, "zorg"))
        );
    }

    #[test]
    fn markup_in_the_text_and_in_the_terms_stays_inert() {
        let html = link_terms(
            "<script>alert('OPP')</script> & het OPP \"nu\"",
            &[LinkTerm {
                id: 7,
                term: "OPP".into(),
                explanation: "\"><script>x()</script>".into(),
            }],
        );
        assert!(!html.contains("<script"), "{html}");
        assert_eq!(
            html,
            "&lt;script&gt;alert(&#39;<a class=\"utrecht-link brug-term\" href=\"/learning/glossary#term-7\" \
             title=\"&quot;&gt;&lt;script&gt;x()&lt;/script&gt;\">OPP</a>&#39;)&lt;/script&gt; &amp; het OPP &quot;nu&quot;"
        );
        // A term that is itself markup is escaped as well.
        let html = link_terms("a <b> c", &[term(9, "<b>")]);
        assert!(!html.contains("<b>"), "{html}");
    }

    #[test]
    fn line_breaks_and_accents_survive() {
        let t = vec![term(1, "één loket")];
        assert_eq!(
            link_terms("Regel 1\nÉén Loket.", &t),
            format!("Regel 1\n{}.", link(1, "Één Loket"))
        );
    }
}
