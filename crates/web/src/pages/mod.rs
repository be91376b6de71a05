//! Routes, one module per area; handlers parse, call the app, render.

mod account;
mod auth;
pub(crate) mod cases;
mod consent;
mod export;
mod family;
mod handover;
mod health;
mod home;
mod import;
mod lang;
mod learning;
mod learning_edit;
mod learning_knowledge;
mod learning_scan;
mod listing;
pub(crate) mod logs;
mod meetings;
mod monitor;
mod network;
mod notifications;
mod orgs;
mod plan;
mod pupils;
mod rights;
mod static_files;
mod two_factor;
mod users;
mod worklist;

use askama::Template;
use axum::Router;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};

use crate::error::WebError;
use crate::state::AppState;

/// Every route of the application. The access matrix test walks this list:
/// a route added here without an entry in the matrix fails that test.
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/"),
    ("GET", "/healthz"),
    ("GET", "/readyz"),
    ("GET", "/static/{*file}"),
    ("GET", "/lang/{code}"),
    ("GET", "/login"),
    ("POST", "/login"),
    ("POST", "/logout"),
    ("GET", "/login/two-factor"),
    ("POST", "/login/two-factor"),
    ("POST", "/login/recovery"),
    ("GET", "/account/two-factor/setup"),
    ("POST", "/account/two-factor/setup"),
    ("GET", "/start"),
    ("GET", "/worklist"),
    ("GET", "/organisations"),
    ("GET", "/organisations/{id}"),
    ("GET", "/schools/{id}/pupils"),
    ("GET", "/pupils/{id}"),
    ("POST", "/pupils/{id}/break-glass"),
    ("GET", "/pupils/{id}/access-log"),
    ("GET", "/pupils/{id}/cases/new"),
    ("POST", "/pupils/{id}/cases"),
    ("GET", "/cases/{id}"),
    ("POST", "/cases/{id}/status"),
    ("POST", "/cases/{id}/lead-domain"),
    ("POST", "/cases/{id}/members"),
    ("POST", "/cases/{id}/members/{member}/remove"),
    ("POST", "/cases/{id}/members/{member}/lead"),
    ("POST", "/cases/{id}/attendance"),
    ("GET", "/cases/{id}/timeline"),
    ("GET", "/cases/{id}/print"),
    ("GET", "/cases/{id}/meetings"),
    ("POST", "/cases/{id}/meetings"),
    ("GET", "/cases/{id}/evaluations"),
    ("POST", "/cases/{id}/evaluations"),
    ("GET", "/cases/{id}/evaluations/{evaluation}"),
    ("POST", "/cases/{id}/evaluations/{evaluation}"),
    ("GET", "/cases/{id}/escalations"),
    ("POST", "/cases/{id}/escalations"),
    ("POST", "/cases/{id}/escalations/{escalation}/decide"),
    ("GET", "/cases/{id}/plan/{section}"),
    ("POST", "/cases/{id}/plan/{section}"),
    ("GET", "/cases/{id}/plan/{section}/history"),
    ("GET", "/cases/{id}/goals/new"),
    ("POST", "/cases/{id}/goals"),
    ("GET", "/cases/{id}/goals/{goal}"),
    ("POST", "/cases/{id}/goals/{goal}"),
    ("POST", "/cases/{id}/goals/{goal}/progress"),
    ("GET", "/cases/{id}/agreements/new"),
    ("POST", "/cases/{id}/agreements"),
    ("POST", "/cases/{id}/agreements/{agreement}/done"),
    ("GET", "/cases/{id}/financing/new"),
    ("POST", "/cases/{id}/financing"),
    ("GET", "/organisations/{id}/audit"),
    ("GET", "/organisations/{id}/users"),
    ("POST", "/organisations/{id}/users/invite"),
    ("POST", "/organisations/{id}/users/{user}/deactivate"),
    ("POST", "/organisations/{id}/users/{user}/reactivate"),
    ("GET", "/organisations/{id}/outbox"),
    ("GET", "/admin/outbox"),
    ("GET", "/invite/{token}"),
    ("POST", "/invite/{token}"),
    ("GET", "/password/forgot"),
    ("POST", "/password/forgot"),
    ("GET", "/password/reset/{token}"),
    ("POST", "/password/reset/{token}"),
    ("GET", "/account"),
    ("POST", "/account/sessions/end-all"),
    ("GET", "/pupils/{id}/consent"),
    ("POST", "/pupils/{id}/consent/requests/{request}"),
    ("POST", "/pupils/{id}/consent/{consent}/withdraw"),
    ("POST", "/pupils/{id}/consent/sharing"),
    ("GET", "/cases/{id}/consent"),
    ("POST", "/cases/{id}/consent"),
    ("POST", "/cases/{id}/corrections/{correction}"),
    ("GET", "/pupils/{id}/rights"),
    ("GET", "/pupils/{id}/export"),
    ("GET", "/pupils/{id}/export.json"),
    ("POST", "/pupils/{id}/corrections"),
    ("POST", "/pupils/{id}/erasure-requests"),
    ("GET", "/pupils/{id}/erasure-requests/{request}"),
    ("POST", "/pupils/{id}/erasure-requests/{request}"),
    ("GET", "/organisations/{id}/erasure-requests"),
    ("GET", "/family/{id}"),
    ("POST", "/family/{id}/plan/{section}"),
    ("POST", "/family/{id}/comments"),
    ("POST", "/cases/{id}/comments"),
    ("GET", "/notifications"),
    ("POST", "/notifications/read-all"),
    ("POST", "/notifications/{notification}/open"),
    ("GET", "/account/notifications"),
    ("POST", "/account/notifications"),
    ("GET", "/organisations/{id}/network"),
    ("POST", "/organisations/{id}/network/contacts"),
    ("POST", "/organisations/{id}/network/consultations"),
    (
        "POST",
        "/organisations/{id}/network/consultations/{consultation}/remove",
    ),
    ("GET", "/cases/{id}/handovers/new"),
    ("POST", "/cases/{id}/handovers"),
    ("GET", "/handovers/{id}"),
    ("POST", "/handovers/{id}"),
    ("POST", "/handovers/{id}/consent"),
    ("POST", "/handovers/{id}/send"),
    ("POST", "/handovers/{id}/cancel"),
    ("POST", "/handovers/{id}/accept"),
    ("POST", "/handovers/{id}/meeting"),
    ("POST", "/handovers/{id}/meeting-held"),
    ("GET", "/schools/{id}/handovers"),
    ("GET", "/organisations/{id}/handovers"),
    ("GET", "/schools/{id}/export/{list}"),
    ("GET", "/monitor"),
    ("GET", "/monitor/{area}"),
    ("GET", "/monitor/{area}/indicators/{measure}"),
    ("GET", "/monitor/{area}/compare"),
    ("GET", "/monitor/{area}/report"),
    ("GET", "/monitor/{area}/goals"),
    ("POST", "/monitor/{area}/goals"),
    ("GET", "/monitor/{area}/export/{table}"),
    ("GET", "/import"),
    ("POST", "/import"),
    ("POST", "/import/{upload}"),
    ("GET", "/learning"),
    ("POST", "/learning/networks"),
    ("GET", "/learning/networks/{id}"),
    ("POST", "/learning/networks/{id}/members"),
    ("POST", "/learning/networks/{id}/members/{member}/leave"),
    ("POST", "/learning/networks/{id}/sessions"),
    ("GET", "/learning/networks/{id}/factsheet"),
    ("GET", "/learning/sessions/{id}"),
    ("POST", "/learning/sessions/{id}/contributions"),
    ("POST", "/learning/sessions/{id}/story"),
    ("POST", "/learning/sessions/{id}/story/review"),
    ("POST", "/learning/sessions/{id}/items"),
    ("POST", "/learning/sessions/{id}/actions"),
    ("POST", "/learning/sessions/{id}/actions/{action}"),
    ("GET", "/learning/knowledge"),
    ("GET", "/learning/themes/{theme}"),
    ("GET", "/learning/glossary"),
    ("POST", "/learning/glossary"),
    ("GET", "/learning/glossary/{id}/edit"),
    ("POST", "/learning/glossary/{id}/edit"),
    ("POST", "/learning/glossary/{id}/remove"),
    ("GET", "/learning/networks/{id}/edit"),
    ("POST", "/learning/networks/{id}/edit"),
    ("POST", "/learning/networks/{id}/remove"),
    ("GET", "/learning/items/{id}/edit"),
    ("POST", "/learning/items/{id}/edit"),
    ("POST", "/learning/items/{id}/remove"),
    ("GET", "/learning/actions/{id}/edit"),
    ("POST", "/learning/actions/{id}/edit"),
    ("POST", "/learning/actions/{id}/remove"),
    ("POST", "/learning/projects"),
    ("GET", "/learning/projects/{id}"),
    ("GET", "/learning/projects/{id}/factsheet"),
    ("GET", "/learning/themes/{theme}/factsheet"),
    ("GET", "/organisations/{id}/scan"),
    ("POST", "/organisations/{id}/scan"),
    ("GET", "/learning/scans/{id}"),
    ("POST", "/learning/scans/{id}"),
];

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(learning_routes())
        .route("/", get(home::root))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/static/{*file}", get(static_files::serve))
        .route("/lang/{code}", get(lang::switch))
        .route("/login", get(auth::login_form).post(auth::login))
        .route("/logout", post(auth::logout))
        .route(
            "/login/two-factor",
            get(two_factor::code_form).post(two_factor::code),
        )
        .route("/login/recovery", post(two_factor::recovery))
        .route(
            "/account/two-factor/setup",
            get(two_factor::setup_form).post(two_factor::setup),
        )
        .route("/start", get(home::start))
        .route("/worklist", get(worklist::show))
        .route("/organisations", get(orgs::list))
        .route("/organisations/{id}", get(orgs::detail))
        .route("/schools/{id}/pupils", get(pupils::list))
        .route("/pupils/{id}", get(pupils::detail))
        .route("/pupils/{id}/break-glass", post(pupils::break_glass))
        .route("/pupils/{id}/access-log", get(logs::pupil_log))
        .route("/pupils/{id}/cases/new", get(cases::open_form))
        .route("/pupils/{id}/cases", post(cases::open))
        .route("/cases/{id}", get(cases::show))
        .route("/cases/{id}/status", post(cases::status))
        .route("/cases/{id}/lead-domain", post(cases::lead_domain))
        .route("/cases/{id}/members", post(cases::add_member))
        .route(
            "/cases/{id}/members/{member}/remove",
            post(cases::remove_member),
        )
        .route("/cases/{id}/members/{member}/lead", post(cases::make_lead))
        .route("/cases/{id}/attendance", post(cases::attendance))
        .route("/cases/{id}/timeline", get(cases::timeline))
        .route("/cases/{id}/print", get(cases::print))
        .route(
            "/cases/{id}/meetings",
            get(meetings::meetings).post(meetings::record_meeting),
        )
        .route(
            "/cases/{id}/evaluations",
            get(meetings::evaluations).post(meetings::plan_evaluation),
        )
        .route(
            "/cases/{id}/evaluations/{evaluation}",
            get(meetings::evaluation).post(meetings::hold_evaluation),
        )
        .route(
            "/cases/{id}/escalations",
            get(meetings::escalations).post(meetings::open_escalation),
        )
        .route(
            "/cases/{id}/escalations/{escalation}/decide",
            post(meetings::decide_escalation),
        )
        .route(
            "/cases/{id}/plan/{section}",
            get(plan::section_form).post(plan::section_save),
        )
        .route("/cases/{id}/plan/{section}/history", get(plan::history))
        .route("/cases/{id}/goals/new", get(plan::goal_new))
        .route("/cases/{id}/goals", post(plan::goal_create))
        .route(
            "/cases/{id}/goals/{goal}",
            get(plan::goal_show).post(plan::goal_update),
        )
        .route(
            "/cases/{id}/goals/{goal}/progress",
            post(plan::progress_create),
        )
        .route("/cases/{id}/agreements/new", get(plan::agreement_new))
        .route("/cases/{id}/agreements", post(plan::agreement_create))
        .route(
            "/cases/{id}/agreements/{agreement}/done",
            post(plan::agreement_done),
        )
        .route("/cases/{id}/financing/new", get(plan::financing_new))
        .route("/cases/{id}/financing", post(plan::financing_create))
        .route("/organisations/{id}/audit", get(logs::org_log))
        .route("/organisations/{id}/users", get(users::list))
        .route("/organisations/{id}/users/invite", post(users::invite))
        .route(
            "/organisations/{id}/users/{user}/deactivate",
            post(users::deactivate),
        )
        .route(
            "/organisations/{id}/users/{user}/reactivate",
            post(users::reactivate),
        )
        .route("/organisations/{id}/outbox", get(users::org_outbox))
        .route("/admin/outbox", get(users::outbox))
        .route(
            "/invite/{token}",
            get(users::invite_form).post(users::accept_invite),
        )
        .route(
            "/password/forgot",
            get(users::forgot_form).post(users::forgot),
        )
        .route(
            "/password/reset/{token}",
            get(users::reset_form).post(users::reset),
        )
        .route("/account", get(account::show))
        .route("/account/sessions/end-all", post(account::end_all))
        .route("/pupils/{id}/consent", get(consent::family))
        .route(
            "/pupils/{id}/consent/requests/{request}",
            post(consent::answer),
        )
        .route(
            "/pupils/{id}/consent/{consent}/withdraw",
            post(consent::withdraw),
        )
        .route("/pupils/{id}/consent/sharing", post(consent::sharing))
        .route(
            "/cases/{id}/consent",
            get(consent::case_page).post(consent::request),
        )
        .route(
            "/cases/{id}/corrections/{correction}",
            post(consent::answer_correction),
        )
        .route("/pupils/{id}/rights", get(rights::page))
        .route("/pupils/{id}/export", get(rights::export_html))
        .route("/pupils/{id}/export.json", get(rights::export_json))
        .route("/pupils/{id}/corrections", post(rights::correction))
        .route("/pupils/{id}/erasure-requests", post(rights::erasure))
        .route(
            "/pupils/{id}/erasure-requests/{request}",
            get(rights::erasure_detail).post(rights::erasure_decide),
        )
        .route(
            "/organisations/{id}/erasure-requests",
            get(rights::org_list),
        )
        .route("/family/{id}", get(family::show))
        .route("/family/{id}/plan/{section}", post(family::save_section))
        .route("/family/{id}/comments", post(family::comment))
        .route("/cases/{id}/comments", post(family::case_comment))
        .route("/notifications", get(notifications::list))
        .route("/notifications/read-all", post(notifications::read_all))
        .route(
            "/notifications/{notification}/open",
            post(notifications::open),
        )
        .route(
            "/account/notifications",
            get(notifications::settings).post(notifications::save_settings),
        )
        .route("/organisations/{id}/network", get(network::show))
        .route(
            "/organisations/{id}/network/contacts",
            post(network::save_contact),
        )
        .route(
            "/organisations/{id}/network/consultations",
            post(network::add_consultation),
        )
        .route(
            "/organisations/{id}/network/consultations/{consultation}/remove",
            post(network::remove_consultation),
        )
        .route("/cases/{id}/handovers/new", get(handover::new_form))
        .route("/cases/{id}/handovers", post(handover::create))
        .route(
            "/handovers/{id}",
            get(handover::show).post(handover::update),
        )
        .route("/handovers/{id}/consent", post(handover::ask_consent))
        .route("/handovers/{id}/send", post(handover::send))
        .route("/handovers/{id}/cancel", post(handover::cancel))
        .route("/handovers/{id}/accept", post(handover::accept))
        .route("/handovers/{id}/meeting", post(handover::plan_meeting))
        .route("/handovers/{id}/meeting-held", post(handover::meeting_held))
        .route("/schools/{id}/handovers", get(handover::school))
        .route("/organisations/{id}/handovers", get(handover::swv))
        .route("/schools/{id}/export/{list}", get(export::download))
        .route("/monitor", get(monitor::home))
        .route("/monitor/{area}", get(monitor::dashboard))
        .route(
            "/monitor/{area}/indicators/{measure}",
            get(monitor::indicator),
        )
        .route("/monitor/{area}/compare", get(monitor::compare))
        .route("/monitor/{area}/report", get(monitor::report))
        .route(
            "/monitor/{area}/goals",
            get(monitor::goals).post(monitor::add_goal),
        )
        .route("/monitor/{area}/export/{table}", get(monitor::export))
        .route(
            "/import",
            get(import::page)
                .post(import::upload)
                .layer(axum::extract::DefaultBodyLimit::max(
                    crate::csrf::MAX_UPLOAD_BYTES,
                )),
        )
        .route("/import/{upload}", post(import::run))
}

/// The learning network (S6).
fn learning_routes() -> Router<AppState> {
    Router::new()
        .route("/learning", get(learning::home))
        .route("/learning/networks", post(learning::create_network))
        .route("/learning/networks/{id}", get(learning::network))
        .route(
            "/learning/networks/{id}/members",
            post(learning::add_member),
        )
        .route(
            "/learning/networks/{id}/members/{member}/leave",
            post(learning::leave),
        )
        .route(
            "/learning/networks/{id}/sessions",
            post(learning::add_session),
        )
        .route(
            "/learning/networks/{id}/factsheet",
            get(learning_knowledge::factsheet),
        )
        .route("/learning/sessions/{id}", get(learning::session))
        .route(
            "/learning/sessions/{id}/contributions",
            post(learning::add_contribution),
        )
        .route(
            "/learning/sessions/{id}/story",
            post(learning::propose_story),
        )
        .route(
            "/learning/sessions/{id}/story/review",
            post(learning::review_story),
        )
        .route("/learning/sessions/{id}/items", post(learning::add_item))
        .route(
            "/learning/sessions/{id}/actions",
            post(learning::add_action),
        )
        .route(
            "/learning/sessions/{id}/actions/{action}",
            post(learning::follow_up),
        )
        .route("/learning/knowledge", get(learning_knowledge::knowledge))
        .route("/learning/themes/{theme}", get(learning_knowledge::theme))
        .route(
            "/learning/themes/{theme}/factsheet",
            get(learning_knowledge::theme_factsheet),
        )
        .route(
            "/learning/projects",
            post(learning_knowledge::create_project),
        )
        .route("/learning/projects/{id}", get(learning_knowledge::project))
        .route(
            "/learning/projects/{id}/factsheet",
            get(learning_knowledge::project_factsheet),
        )
        .route(
            "/learning/networks/{id}/edit",
            get(learning_edit::network_form).post(learning_edit::network_save),
        )
        .route(
            "/learning/networks/{id}/remove",
            post(learning_edit::network_remove),
        )
        .route(
            "/learning/items/{id}/edit",
            get(learning_edit::item_form).post(learning_edit::item_save),
        )
        .route(
            "/learning/items/{id}/remove",
            post(learning_edit::item_remove),
        )
        .route(
            "/learning/actions/{id}/edit",
            get(learning_edit::action_form).post(learning_edit::action_save),
        )
        .route(
            "/learning/actions/{id}/remove",
            post(learning_edit::action_remove),
        )
        .route(
            "/learning/glossary/{id}/edit",
            get(learning_edit::term_form).post(learning_edit::term_save),
        )
        .route(
            "/learning/glossary/{id}/remove",
            post(learning_edit::term_remove),
        )
        .route(
            "/learning/glossary",
            get(learning_knowledge::glossary).post(learning_knowledge::add_term),
        )
        .route(
            "/organisations/{id}/scan",
            get(learning_scan::scans).post(learning_scan::start),
        )
        .route(
            "/learning/scans/{id}",
            get(learning_scan::scan).post(learning_scan::save),
        )
}

/// Render a template into a response; a template error is a server error.
pub(crate) fn render(t: &impl Template) -> Result<Response, WebError> {
    t.render()
        .map(|html| Html(html).into_response())
        .map_err(|e| WebError::App(brug_app::AppError::Internal(format!("template: {e}"))))
}
