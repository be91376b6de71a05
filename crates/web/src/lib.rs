//! Brug's web layer: server-rendered pages (Dutch first, NL Design System,
//! no JavaScript needed) and the JSON API, on top of the app's use cases.
//! Handlers are thin: parse, call the app, render.

mod chrome;
mod cookies;
mod csrf;
mod error;
mod headers;
mod i18n;
mod pages;
mod session;
mod state;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::middleware;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

pub use i18n::Lang;
pub use pages::ROUTES;
pub use state::AppState;

/// The complete router with every middleware, as served.
pub fn router(state: AppState) -> Router {
    pages::routes()
        .layer(middleware::from_fn_with_state(state.clone(), csrf::guard))
        .layer(middleware::from_fn_with_state(state.clone(), error::render))
        .layer(middleware::from_fn_with_state(state.clone(), session::load))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            headers::security,
        ))
        .layer(RequestBodyLimitLayer::new(4 * 1024 * 1024))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(middleware::from_fn(headers::request_id))
        .with_state(state)
}

/// Serve until `shutdown` resolves; in-flight requests are finished first.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

/// Shared pieces for tests of the web layer.
pub fn state_for(app: Arc<brug_app::App>) -> AppState {
    AppState::new(app)
}
