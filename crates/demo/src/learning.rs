//! The demo's learning network (S6): writes the networks, members,
//! sessions, contributions, insights, lessons, improvement actions,
//! glossary terms and collaboration scans of module `learning_texts`, after
//! everything else, in one transaction. The case-specific dialogue table
//! starts from a real demo case (the escalated thuiszitter of the IB
//! account), anonymised by Brug's own anonymiser and approved by the
//! facilitator, as in the app.
//!
//! The content is the same at every scale and for every seed (only the
//! story follows the seed's pupil); it costs a few hundred rows.

use brug_app::learning::draft_story;
use brug_domain::learning::{ItemKind, SessionKind, StoryStatus, Theme, duplicate_key};
use brug_store::learning::{
    self as store, NewAction, NewItem, NewMember, NewSession, NewTerm, StoryDraft,
};
use brug_store::{Db, Ts, Tx, cases, users};
use time::{Date, Duration, Time};

use crate::DemoError;
use crate::accounts;
use crate::learning_texts::{FACILITATOR, NETWORKS, NetworkText, SCANS, TERMS, Who};
use crate::pupils::{REFERENCE_DATE, pupil_id};

/// Rows written, for the report and the tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LearningCounts {
    pub networks: u64,
    pub members: u64,
    pub sessions: u64,
    pub contributions: u64,
    /// Insights and lessons (not the story).
    pub items: u64,
    pub stories: u64,
    pub actions: u64,
    pub terms: u64,
    pub scans: u64,
}

impl LearningCounts {
    /// All rows written.
    pub fn rows(&self) -> u64 {
        self.networks
            + self.members
            + self.sessions
            + self.contributions
            + self.items
            + self.stories
            + self.actions
            + self.terms
            + self.scans
    }
}

fn day(days_from_reference: i64) -> Date {
    REFERENCE_DATE + Duration::days(days_from_reference)
}

/// A moment on a day: sessions run in the afternoon (three hours).
fn at(date: Date, hour: u8) -> Ts {
    let time = Time::from_hms(hour, 0, 0).unwrap_or(Time::MIDNIGHT);
    Ts::new(date.with_time(time).assume_utc())
}

/// The account's id, name and first organisation (id, name).
async fn account(db: &Db, email: &str) -> Result<(i64, String, i64, String), DemoError> {
    let (id, name) = accounts::fixed(email);
    let org = users::memberships(db, id)
        .await?
        .into_iter()
        .next()
        .map(|m| (m.org_id, m.org_name))
        .unwrap_or_default();
    Ok((id, name.to_owned(), org.0, org.1))
}

/// Write the learning network of the demo. `story_pupil` is the pupil (by
/// index) whose case the case-specific table starts from.
pub(crate) async fn add(db: &Db, story_pupil: Option<u32>) -> Result<LearningCounts, DemoError> {
    let mut counts = LearningCounts::default();
    let story = match story_pupil {
        Some(index) => story_case(db, index).await?,
        None => None,
    };
    let (facilitator, ..) = account(db, FACILITATOR).await?;
    let mut tx = db.begin().await?;
    for network in NETWORKS {
        add_network(
            db,
            &mut tx,
            network,
            facilitator,
            story.as_ref(),
            &mut counts,
        )
        .await?;
    }
    for (term, education, youth_care, equivalents, by) in TERMS {
        let (user, name, _, org) = account(db, by).await?;
        let added = store::insert_term(
            &mut tx,
            &NewTerm {
                term: (*term).into(),
                education: (*education).into(),
                youth_care: (*youth_care).into(),
                equivalents: (*equivalents).into(),
                proposed_by: format!("{name} ({org})"),
                proposed_by_user_id: Some(user),
            },
            at(day(-200), 12),
        )
        .await?;
        counts.terms += u64::from(added.is_some());
    }
    let (_, _, provider, _) = account(db, "jeugdhulp@demo.brug.nl").await?;
    for scan in SCANS {
        let (user, _, school, _) = account(db, scan.by).await?;
        let taken = at(day(-scan.days_ago), 15);
        let id = store::insert_scan(&mut tx, school, Some(provider), user, taken).await?;
        let answers: Vec<(String, i64)> = Theme::ALL
            .iter()
            .zip(scan.scores)
            .filter(|(_, score)| *score > 0)
            .map(|(theme, score)| (theme.code().to_owned(), i64::from(score)))
            .collect();
        store::save_answers(&mut tx, id, &answers, scan.complete, taken).await?;
        counts.scans += 1;
    }
    tx.commit().await?;
    Ok(counts)
}

/// The story case: its id and the anonymised draft (story, what was removed).
struct Story {
    case_id: i64,
    text: String,
    removed: String,
}

async fn story_case(db: &Db, pupil: u32) -> Result<Option<Story>, DemoError> {
    let id = pupil_id(pupil as usize);
    let Some(case) = cases::cases_of_pupil(db, id).await?.into_iter().next() else {
        return Ok(None);
    };
    let (text, removed) = draft_story(db, &case, false)
        .await
        .map_err(|e| DemoError::Generator(e.to_string()))?;
    Ok(Some(Story {
        case_id: case.id,
        text,
        removed,
    }))
}

async fn add_network(
    db: &Db,
    tx: &mut Tx,
    n: &NetworkText,
    facilitator: i64,
    story: Option<&Story>,
    counts: &mut LearningCounts,
) -> Result<(), DemoError> {
    let first = n.sessions.iter().map(|s| s.days_ago).max().unwrap_or(0);
    let started = at(day(-first - 30), 10);
    let network = store::insert_network(
        tx,
        &store::NetworkFields {
            kind: n.kind.code().into(),
            name: n.name.into(),
            description: n.description.into(),
            project_id: None,
        },
        facilitator,
        started,
    )
    .await?;
    counts.networks += 1;
    let mut members = Vec::new();
    for m in n.members {
        let (user, name, organisation) = match m.who {
            Who::Account(email) => {
                let (id, name, _, org) = account(db, email).await?;
                (Some(id), name, org)
            }
            Who::Person(name, org) => (None, name.to_owned(), org.to_owned()),
        };
        let id = store::insert_member(
            tx,
            &NewMember {
                network_id: network,
                user_id: user,
                name,
                perspective: m.perspective.code().into(),
                organisation,
            },
            started,
        )
        .await?;
        members.push((m.key, id, m.perspective.code()));
        counts.members += 1;
    }
    let member = |key: &str| members.iter().find(|(k, ..)| *k == key).copied();

    let mut sessions = Vec::new();
    // Actions with their follow-up, written once the later session exists.
    let mut follow_ups = Vec::new();
    for s in n.sessions {
        let held_on = day(-s.days_ago);
        let session = store::insert_session(
            tx,
            &NewSession {
                network_id: network,
                kind: s.kind.code().into(),
                title: s.title.into(),
                theme: s.theme.map(|t| t.code().to_owned()),
                held_on,
                guiding_question: brug_app::learning::GUIDING_QUESTION.into(),
            },
            at(held_on - Duration::days(21), 9),
        )
        .await?;
        sessions.push((session, held_on));
        counts.sessions += 1;
        if let (SessionKind::CaseSpecific, Some(intro), Some(story)) =
            (s.kind, s.story_intro, story)
        {
            store::set_story(
                tx,
                session,
                &StoryDraft {
                    case_id: story.case_id,
                    story: &story.text,
                    removed: &story.removed,
                    family_invited: true,
                    keep_organisations: false,
                },
            )
            .await?;
            let approved = format!("{intro}\n\n{}", story.text);
            store::review_story(
                tx,
                session,
                StoryStatus::Approved.code(),
                Some(&approved),
                None,
            )
            .await?;
            let source = Source {
                network,
                session,
                title: s.title,
                at: at(held_on - Duration::days(7), 11),
            };
            let added =
                insert_item(tx, source, ItemKind::Story, s.theme, None, None, &approved).await?;
            counts.stories += u64::from(added);
        }
        let during = at(held_on, 15);
        for (key, question, body) in s.contributions {
            let Some((_, id, perspective)) = member(key) else {
                continue;
            };
            store::insert_contribution(tx, session, id, perspective, question.code(), body, during)
                .await?;
            counts.contributions += 1;
        }
        let source = Source {
            network,
            session,
            title: s.title,
            at: at(held_on, 17),
        };
        for i in s.items {
            let added = insert_item(
                tx,
                source,
                i.kind,
                Some(i.theme),
                Some(i.level.code()),
                i.sector.map(|s| s.code()),
                i.body,
            )
            .await?;
            counts.items += u64::from(added);
        }
        for a in s.actions {
            let id = store::insert_action(
                tx,
                &NewAction {
                    network_id: network,
                    session_id: Some(session),
                    theme: a.theme.map(|t| t.code().to_owned()),
                    description: a.description.into(),
                    owner: a.owner.into(),
                    organisation: a.organisation.into(),
                    due_on: day(a.due),
                },
                at(held_on, 17),
            )
            .await?;
            counts.actions += 1;
            if let Some(f) = a.follow_up {
                follow_ups.push((id, f));
            }
        }
    }
    for (action, (index, status, note)) in follow_ups {
        let Some((session, held_on)) = sessions.get(index).copied() else {
            continue;
        };
        store::follow_up(
            tx,
            network,
            action,
            status.code(),
            Some(note),
            session,
            at(held_on, 16),
        )
        .await?;
    }
    let last = sessions.last().map_or(REFERENCE_DATE, |(_, d)| *d);
    for key in n.left {
        if let Some((_, id, _)) = member(key) {
            store::leave(tx, network, id, at(last + Duration::days(7), 10)).await?;
        }
    }
    Ok(())
}

/// Where an item comes from: a network's session, at a moment.
#[derive(Clone, Copy)]
struct Source<'a> {
    network: i64,
    session: i64,
    title: &'a str,
    at: Ts,
}

/// Add an item to the knowledge base; false when the same text was there.
async fn insert_item(
    tx: &mut Tx,
    source: Source<'_>,
    kind: ItemKind,
    theme: Option<Theme>,
    level: Option<&str>,
    sector: Option<&str>,
    body: &str,
) -> Result<bool, DemoError> {
    let id = store::insert_item(
        tx,
        &NewItem {
            scope: format!("network:{}", source.network),
            network_id: Some(source.network),
            session_id: Some(source.session),
            kind: kind.code().into(),
            theme: theme.map(|t| t.code().to_owned()),
            level: level.map(str::to_owned),
            sector: sector.map(str::to_owned),
            body: body.into(),
            source: source.title.into(),
            dup_key: duplicate_key(body),
            created_by_user_id: None,
        },
        source.at,
    )
    .await?;
    Ok(id.is_some())
}
