//! The knowledge Brug starts with (the Handreiking's bottlenecks and
//! opportunities, the first glossary terms), added once at start-up and
//! again only where missing: the same text is never added twice.

use brug_domain::learning::{duplicate_key, handreiking};
use brug_store::learning::{self as store, NewItem, NewTerm};

use crate::{App, AppError};

/// Scope of the seeded knowledge in the knowledge base.
pub const SCOPE: &str = "brug";

pub async fn ensure(app: &App) -> Result<(), AppError> {
    let wanted = i64::try_from(handreiking::KNOWLEDGE.len()).unwrap_or(i64::MAX);
    if store::seeded_count(&app.db).await? >= wanted {
        return Ok(());
    }
    let now = app.now();
    let mut tx = app.db.begin().await?;
    for (theme, kind, body) in handreiking::KNOWLEDGE {
        store::insert_item(
            &mut tx,
            &NewItem {
                scope: SCOPE.into(),
                network_id: None,
                session_id: None,
                kind: kind.code().into(),
                theme: Some(theme.code().into()),
                level: None,
                sector: None,
                body: (*body).into(),
                source: handreiking::SOURCE.into(),
                dup_key: duplicate_key(body),
                created_by_user_id: None,
            },
            now,
        )
        .await?;
    }
    for (term, education, youth_care, equivalents) in handreiking::TERMS {
        store::insert_term(
            &mut tx,
            &NewTerm {
                term: (*term).into(),
                education: (*education).into(),
                youth_care: (*youth_care).into(),
                equivalents: (*equivalents).into(),
                proposed_by: "Brug".into(),
                proposed_by_user_id: None,
            },
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
