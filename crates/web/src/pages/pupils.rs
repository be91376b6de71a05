//! A school's pupil list and a pupil's file.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use brug_app::pupils::{PupilDetail, PupilList};
use brug_domain::access::{Basis, SeatBasis};
use brug_domain::ids::{OrgId, PupilId};
use brug_store::registry::{PupilQuery, PupilSort};
use serde::Deserialize;

use super::listing::{self, Column, ListParams, Pager};
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::session::Viewer;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "pupils.html")]
struct ListPage {
    c: Chrome,
    list: PupilList,
    q: String,
    columns: Vec<Column>,
    pager: Pager,
}

pub async fn list(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(school): Path<i64>,
    Query(params): Query<ListParams>,
) -> Result<Response, WebError> {
    let sort = match params.sort.as_str() {
        "grade" => PupilSort::Grade,
        "birth" => PupilSort::BirthDate,
        "location" => PupilSort::Location,
        _ => PupilSort::Name,
    };
    let query = PupilQuery {
        search: params.q.chars().take(100).collect(),
        sort,
        descending: params.descending(),
        offset: params.offset(),
        limit: listing::PER_PAGE,
    };
    let list = brug_app::pupils::list_for_school(&state.app, &ctx, OrgId(school), &query).await?;
    let base = format!("/schools/{school}/pupils");
    if let Some(last) = listing::beyond_last(&base, &params, list.total) {
        return Ok(axum::response::Redirect::to(&last).into_response());
    }
    let columns = listing::columns(
        &base,
        &params,
        "name",
        &[
            ("name", "col-name"),
            ("grade", "col-grade"),
            ("birth", "col-birth-date"),
            ("location", "col-location"),
        ],
        c.lang,
    );
    let pager = listing::pager(&base, &params, list.total);
    super::render(&ListPage {
        c,
        q: params.q.clone(),
        list,
        columns,
        pager,
    })
}

#[derive(Template)]
#[template(path = "pupil.html")]
struct DetailPage {
    c: Chrome,
    p: PupilDetail,
    basis_text: String,
    break_glass: bool,
    /// Families (and the young person from 16) see who opened the file, and
    /// exercise the AVG rights (download, correction, erasure).
    show_access_log: bool,
    /// The family members with a say about consent (guardians under 16, the
    /// child from 12).
    show_consent: bool,
    cases: Vec<brug_store::cases::CaseRow>,
    can_open_case: bool,
}

fn basis_text(c: &Chrome, basis: &Basis) -> String {
    match basis {
        Basis::TeamMember {
            seat: SeatBasis::Consent { .. },
        } => c.t("basis-team-consent"),
        Basis::TeamMember {
            seat: SeatBasis::LegalTask { .. },
        } => c.t("basis-team-legal"),
        Basis::SchoolTask { .. } => c.t("basis-school-task"),
        Basis::Guardian => c.t("basis-guardian"),
        Basis::OwnFile => c.t("basis-own-file"),
        Basis::BreakGlass { .. } => c.t("basis-break-glass"),
        Basis::OrgRole { role, .. } => c.role_name(role),
        Basis::PlatformAdmin => c.t("role-platform-admin"),
        Basis::Handover { .. } => c.t("basis-handover"),
        Basis::Learning { .. } => c.t("basis-learning"),
    }
}

async fn show(
    state: &AppState,
    ctx: &brug_app::Ctx,
    c: Chrome,
    id: i64,
    reason: Option<&str>,
) -> Result<Response, WebError> {
    let p = brug_app::pupils::detail(&state.app, ctx, PupilId(id), reason).await?;
    let basis_text = basis_text(&c, &p.basis);
    let break_glass = p.basis.is_break_glass();
    let adult = p.age >= brug_domain::access::SELF_DETERMINATION_AGE;
    let show_access_log = match p.basis {
        Basis::Guardian => true,
        Basis::OwnFile => adult,
        _ => false,
    };
    let show_consent = match p.basis {
        Basis::Guardian => !adult,
        Basis::OwnFile => true,
        _ => false,
    };
    let cases = p.cases.clone();
    let can_open_case = ctx.is_professional()
        && !break_glass
        && matches!(p.basis, Basis::SchoolTask { .. } | Basis::TeamMember { .. })
        && !cases.iter().any(|c| c.status != "closed");
    super::render(&DetailPage {
        c,
        p,
        basis_text,
        break_glass,
        show_access_log,
        show_consent,
        cases,
        can_open_case,
    })
}

pub async fn detail(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    show(&state, &ctx, c, id, None).await
}

#[derive(Deserialize)]
pub struct BreakGlassForm {
    #[serde(default)]
    reason: String,
}

/// Emergency access with a typed reason: logged, flagged, read-only.
pub async fn break_glass(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
    Form(form): Form<BreakGlassForm>,
) -> Result<Response, WebError> {
    show(
        &state,
        &ctx,
        c,
        id,
        Some(form.reason.chars().take(500).collect::<String>().as_str()),
    )
    .await
}
