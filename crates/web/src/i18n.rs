//! Dutch first, English available. Messages live in `locales/{nl,en}/*.ftl`;
//! templates only ever show text through [`Lang::t`] and friends.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use unic_langid::{LanguageIdentifier, langid};

static_loader! {
    pub(crate) static LOCALES = {
        locales: "./locales",
        fallback_language: "nl",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static NL: LanguageIdentifier = langid!("nl");
static EN: LanguageIdentifier = langid!("en");

/// The language of one response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Nl,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Nl, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().get(..2) {
            Some("nl") => Some(Lang::Nl),
            Some("en") => Some(Lang::En),
            _ => None,
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::Nl => &NL,
            Lang::En => &EN,
        }
    }

    /// The message `id`; a missing message shows its id (and a test fails).
    pub fn t(self, id: &str) -> String {
        LOCALES
            .try_lookup(self.id(), id)
            .unwrap_or_else(|| id.to_owned())
    }

    /// The message `id` with named arguments.
    pub fn t_args(self, id: &str, args: &[(&str, String)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(k, v)| {
                // Only plain whole numbers become Fluent numbers (for plural
                // rules); names like "Nan" or codes like "0080" stay text.
                let is_number = !v.is_empty()
                    && v.chars().all(|c| c.is_ascii_digit())
                    && (v == "0" || !v.starts_with('0'));
                let value = match v.parse::<f64>() {
                    Ok(n) if is_number => FluentValue::from(n),
                    _ => FluentValue::from(v.clone()),
                };
                (Cow::Owned((*k).to_owned()), value)
            })
            .collect();
        LOCALES
            .try_lookup_with_args(self.id(), id, &map)
            .unwrap_or_else(|| id.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn ids_in(dir: &str) -> BTreeSet<String> {
        let mut ids = BTreeSet::new();
        let path = format!("{}/locales/{dir}", env!("CARGO_MANIFEST_DIR"));
        for entry in std::fs::read_dir(path).expect("locale folder") {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("ftl file");
            for line in text.lines() {
                let first = line.chars().next();
                if first.is_some_and(|c| c.is_ascii_alphabetic())
                    && let Some((id, _)) = line.split_once('=')
                {
                    ids.insert(id.trim().to_owned());
                }
            }
        }
        ids
    }

    #[test]
    fn dutch_and_english_define_the_same_messages() {
        let nl = ids_in("nl");
        let en = ids_in("en");
        let only_nl: Vec<_> = nl.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&nl).collect();
        assert!(only_nl.is_empty(), "missing in English: {only_nl:?}");
        assert!(only_en.is_empty(), "missing in Dutch: {only_en:?}");
        assert!(nl.len() > 20);
    }

    fn defined() -> [(Lang, BTreeSet<String>); 2] {
        [(Lang::Nl, ids_in("nl")), (Lang::En, ids_in("en"))]
    }

    #[test]
    fn every_message_used_in_code_and_templates_exists() {
        let root = env!("CARGO_MANIFEST_DIR");
        let defined = defined();
        let mut missing = BTreeSet::new();
        let mut scanned = 0;
        let mut dirs: Vec<std::path::PathBuf> = ["templates", "src", "../app/src", "../domain/src"]
            .iter()
            .map(|d| std::path::Path::new(root).join(d))
            .collect();
        while let Some(dir) = dirs.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                scanned += 1;
                for id in message_ids_used(&text) {
                    for (lang, ids) in &defined {
                        if !ids.contains(&id) {
                            missing.insert(format!("{}:{id}", lang.code()));
                        }
                    }
                }
            }
        }
        assert!(scanned > 10);
        assert!(
            missing.is_empty(),
            "messages used but not defined: {missing:?}"
        );
    }

    /// Ids in `t("…")`, `t_args("…"`, and `"error-…"`/`"role-…"` style literals.
    fn message_ids_used(text: &str) -> Vec<String> {
        let mut ids = Vec::new();
        for marker in [".t(\"", ".t1(\"", ".t_args(\"", ".add(\"", ".add_with(\""] {
            for (pos, _) in text.match_indices(marker) {
                let rest = &text[pos + marker.len()..];
                if let Some(end) = rest.find('"') {
                    let id = &rest[..end];
                    if is_message_id(id) {
                        ids.push(id.to_owned());
                    }
                }
            }
        }
        ids
    }

    fn is_message_id(id: &str) -> bool {
        !id.is_empty()
            && id.contains('-')
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    }

    #[test]
    fn domain_message_ids_are_translated() {
        let ids = brug_domain::codes::MESSAGE_IDS
            .iter()
            .chain(brug_domain::text::MESSAGE_IDS);
        let enum_ids = brug_domain::roles::Role::ALL
            .iter()
            .map(|r| r.message_id())
            .chain(
                brug_domain::registry::OrgKind::ALL
                    .iter()
                    .map(|k| k.message_id()),
            )
            .chain(
                brug_domain::audit::AuditAction::ALL
                    .iter()
                    .map(|a| format!("log-action-{}", a.code().replace('_', "-"))),
            )
            .chain(
                crate::pages::logs::RESOURCE_TYPES
                    .iter()
                    .map(|r| format!("log-resource-{}", r.replace('_', "-"))),
            )
            .chain(
                crate::pages::cases::EVENT_KINDS
                    .iter()
                    .map(|k| format!("event-{k}")),
            )
            .chain(case_enum_ids());
        let all: Vec<String> = ids.map(|s| (*s).to_owned()).chain(enum_ids).collect();
        for (lang, defined) in defined() {
            for id in &all {
                assert!(defined.contains(id), "{} lacks {id}", lang.code());
            }
        }
    }

    fn case_enum_ids() -> Vec<String> {
        use brug_domain::cases::*;
        let mut ids: Vec<String> = Vec::new();
        ids.extend(CaseStatus::ALL.iter().map(|v| v.message_id()));
        ids.extend(
            CaseStatus::ALL
                .iter()
                .map(|v| format!("case-to-{}", v.code())),
        );
        ids.extend(LeadDomain::ALL.iter().map(|v| v.message_id()));
        ids.extend(CaseOutcome::ALL.iter().map(|v| v.message_id()));
        ids.extend(EvaluationDecision::ALL.iter().map(|v| v.message_id()));
        ids.extend(EscalationLevel::ALL.iter().map(|v| v.message_id()));
        ids.extend(FinancingStream::ALL.iter().map(|v| v.message_id()));
        ids.extend(AttendanceStatus::ALL.iter().map(|v| v.message_id()));
        ids.extend(Party::ALL.iter().map(|v| v.message_id()));
        ids.extend(GoalStatus::ALL.iter().map(|v| v.message_id()));
        {
            use brug_domain::consent::{AgeBand, ConsentGiver, ConsentPart, RequestStatus};
            use brug_domain::rights::{CorrectionStatus, ErasureStatus, RecordCategory};
            ids.extend(ConsentPart::ALL.iter().map(|v| v.message_id()));
            ids.extend(ConsentGiver::ALL.iter().map(|v| v.message_id()));
            ids.extend(RequestStatus::ALL.iter().map(|v| v.message_id()));
            ids.extend(CorrectionStatus::ALL.iter().map(|v| v.message_id()));
            ids.extend(
                CorrectionStatus::ALL
                    .iter()
                    .map(|v| format!("correction-event-{v}")),
            );
            ids.extend(ErasureStatus::ALL.iter().map(|v| v.message_id()));
            ids.extend(
                [AgeBand::Child, AgeBand::Together, AgeBand::YoungPerson]
                    .iter()
                    .map(|b| b.message_id().to_owned()),
            );
            for c in RecordCategory::ALL {
                ids.extend([
                    c.message_id(),
                    c.counted_from_id(),
                    c.source_id(),
                    c.on_request_id(),
                ]);
            }
            for code in ["requested", "approved", "refused", "withdrawn"] {
                ids.push(format!("consent-event-{code}"));
            }
            for e in [
                brug_domain::consent::TermsError::PurposeRequired,
                brug_domain::consent::TermsError::PartsRequired,
                brug_domain::consent::TermsError::EndBeforeStart,
                brug_domain::consent::TermsError::EndInPast,
            ] {
                ids.push(e.message_id().to_owned());
            }
            for e in [
                brug_domain::consent::ConsentRuleError::ChildTooYoung,
                brug_domain::consent::ConsentRuleError::YoungPersonDecides,
            ] {
                ids.push(e.message_id().to_owned());
            }
            for e in [
                brug_domain::rights::ErasureBlock::OpenEscalation,
                brug_domain::rights::ErasureBlock::AlreadyDecided,
                brug_domain::rights::ErasureBlock::ReasonRequired,
            ] {
                ids.push(e.message_id().to_owned());
            }
        }
        ids.extend(
            [
                brug_domain::access::LegalTask::SchoolPupilFile,
                brug_domain::access::LegalTask::CompulsoryEducation,
                brug_domain::access::LegalTask::YouthCare,
                brug_domain::access::LegalTask::PassendOnderwijs,
            ]
            .iter()
            .map(|t| format!("legal-task-{}", t.code().replace('_', "-"))),
        );
        ids
    }

    #[test]
    fn only_whole_numbers_are_numbers() {
        let name = Lang::Nl.t_args("start-welcome", &[("name", "Nan".into())]);
        assert!(name.contains("Nan") && !name.contains("NaN"), "{name}");
        let code = Lang::Nl.t_args("start-welcome", &[("name", "0080".into())]);
        assert!(code.contains("0080"), "{code}");
        let big = Lang::Nl.t_args("start-welcome", &[("name", "10.000".into())]);
        assert!(big.contains("10.000"), "{big}");
    }

    #[test]
    fn arguments_are_filled_in() {
        let text = Lang::Nl.t_args(
            "error-text-too-long",
            &[("max", "10".into()), ("found", "12".into())],
        );
        assert!(text.contains("10") && text.contains("12"), "{text}");
    }
}
