//! The registry of organisations.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use brug_app::orgs::OrgDetail;
use brug_domain::ids::OrgId;
use brug_domain::registry::OrgKind;
use brug_store::registry::{OrgQuery, OrgSort};

use super::listing::{self, Column, ListParams, Pager};
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::session::Viewer;
use crate::state::AppState;

pub struct OrgRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub code: String,
}

#[derive(Template)]
#[template(path = "orgs.html")]
struct ListPage {
    c: Chrome,
    q: String,
    kind: String,
    kinds: Vec<(String, String)>,
    rows: Vec<OrgRow>,
    total: i64,
    columns: Vec<Column>,
    pager: Pager,
}

pub async fn list(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Query(params): Query<ListParams>,
) -> Result<Response, WebError> {
    let query = OrgQuery {
        kind: OrgKind::from_code(&params.kind),
        search: params.q.chars().take(100).collect(),
        sort: match params.sort.as_str() {
            "kind" => OrgSort::Kind,
            "code" => OrgSort::Code,
            _ => OrgSort::Name,
        },
        descending: params.descending(),
        offset: params.offset(),
        limit: listing::PER_PAGE,
    };
    let page = brug_app::orgs::list(&state.app, &ctx, &query).await?;
    if let Some(last) = listing::beyond_last("/organisations", &params, page.total) {
        return Ok(axum::response::Redirect::to(&last).into_response());
    }
    let rows = page
        .rows
        .into_iter()
        .map(|o| OrgRow {
            id: o.id,
            kind: c.t(&o.kind.message_id()),
            code: o.brin.or(o.agb).or(o.cbs_code).unwrap_or_default(),
            name: o.name,
        })
        .collect();
    let columns = listing::columns(
        "/organisations",
        &params,
        "name",
        &[
            ("name", "col-name"),
            ("kind", "col-kind"),
            ("code", "col-code"),
        ],
        c.lang,
    );
    let pager = listing::pager("/organisations", &params, page.total);
    let kinds = OrgKind::ALL
        .iter()
        .map(|k| (k.code().to_owned(), c.t(&k.message_id())))
        .collect();
    super::render(&ListPage {
        c,
        q: params.q.clone(),
        kind: params.kind.clone(),
        kinds,
        rows,
        total: page.total,
        columns,
        pager,
    })
}

#[derive(Template)]
#[template(path = "org.html")]
struct DetailPage {
    c: Chrome,
    d: OrgDetail,
    kind: String,
    links: brug_app::network::OrgLinks,
}

pub async fn detail(
    State(state): State<AppState>,
    Viewer(ctx): Viewer,
    c: Chrome,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let d = brug_app::orgs::detail(&state.app, &ctx, OrgId(id)).await?;
    let kind = c.t(&d.org.kind.message_id());
    let links = brug_app::network::links(&ctx, &d.org);
    super::render(&DetailPage { c, d, kind, links })
}
