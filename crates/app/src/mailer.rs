//! Delivering the outbox over SMTP when a server is configured. Without one,
//! mail stays in the outbox, where administrators can read it (and copy links).

use std::time::Duration;

use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use brug_store::lifecycle;

use crate::App;

/// SMTP settings: `smtp://user:pass@host:587` (STARTTLS) or `smtps://...`.
#[derive(Clone)]
pub struct SmtpConfig {
    pub url: String,
    pub from: String,
}

impl std::fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("from", &self.from)
            .finish_non_exhaustive()
    }
}

/// Send what is waiting, every few seconds, until the app shuts down.
pub async fn run(app: std::sync::Weak<App>, config: SmtpConfig) {
    let transport = match AsyncSmtpTransport::<Tokio1Executor>::from_url(&config.url) {
        Ok(builder) => builder.timeout(Some(Duration::from_secs(20))).build(),
        Err(e) => {
            tracing::error!(error = %e, "the SMTP URL is not valid; mail stays in the outbox");
            return;
        }
    };
    let Ok(from) = config.from.parse::<Mailbox>() else {
        tracing::error!(from = %config.from, "the sender address is not valid; mail stays in the outbox");
        return;
    };
    loop {
        let Some(app) = app.upgrade() else { return };
        if let Err(e) = send_pending(&app, &transport, &from).await {
            tracing::warn!(error = %e, "sending mail failed; will retry");
        }
        drop(app);
        tokio::time::sleep(Duration::from_secs(5)).await;
    }
}

async fn send_pending(
    app: &App,
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    from: &Mailbox,
) -> Result<(), crate::AppError> {
    for mail in lifecycle::unsent(&app.db, 20).await? {
        let message = mail
            .to_email
            .parse::<Mailbox>()
            .map_err(|e| e.to_string())
            .and_then(|to| {
                Message::builder()
                    .from(from.clone())
                    .to(to)
                    .subject(mail.subject.clone())
                    .body(mail.body.clone())
                    .map_err(|e| e.to_string())
            });
        let result = match message {
            Ok(m) => transport
                .send(m)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string()),
            Err(e) => Err(e),
        };
        match result {
            Ok(()) => lifecycle::mark_sent(&app.db, mail.id, app.now()).await?,
            Err(e) => lifecycle::mark_failed(&app.db, mail.id, &e).await?,
        }
    }
    Ok(())
}
