use std::time::Duration;

/// Tunables of the running app; defaults suit a school on a laptop and a
/// national installation alike.
#[derive(Clone)]
pub struct Settings {
    /// A session ends after this much inactivity.
    pub session_idle: Duration,
    /// A session ends this long after login, active or not.
    pub session_max: Duration,
    /// Failed logins for one email within `login_window` before it is locked.
    pub login_max_failures: i64,
    /// Failed logins from one address within `login_window` before it is locked.
    pub login_max_failures_per_ip: i64,
    pub login_window: Duration,
    /// 32-byte key for encrypting BSNs and TOTP secrets (from config).
    pub data_key: [u8; 32],
    /// Whether cookies get the `Secure` flag (behind TLS).
    pub secure_cookies: bool,
    /// Audit events are kept this many days (NEN 7513: at least five years).
    pub audit_retention_days: u32,
    /// The address users reach Brug on, for the link in notification mail.
    pub public_url: String,
    /// Retention periods per record category (the daily retention job).
    pub retention: brug_domain::retention::RetentionPolicy,
    /// Whether the server's job also runs the monitor's daily full refresh
    /// (else `brug monitor refresh --full` does, e.g. from cron, and the
    /// server refreshes only the recent months).
    pub monitor_full_refresh_in_server: bool,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("session_idle", &self.session_idle)
            .field("session_max", &self.session_max)
            .field("login_max_failures", &self.login_max_failures)
            .field("login_max_failures_per_ip", &self.login_max_failures_per_ip)
            .field("login_window", &self.login_window)
            .field("data_key", &"<redacted>")
            .field("secure_cookies", &self.secure_cookies)
            .field("audit_retention_days", &self.audit_retention_days)
            .field("public_url", &self.public_url)
            .field("retention", &self.retention)
            .field(
                "monitor_full_refresh_in_server",
                &self.monitor_full_refresh_in_server,
            )
            .finish()
    }
}

impl Settings {
    pub fn with_key(data_key: [u8; 32]) -> Settings {
        Settings {
            session_idle: Duration::from_secs(30 * 60),
            session_max: Duration::from_secs(12 * 60 * 60),
            login_max_failures: 5,
            login_max_failures_per_ip: 50,
            login_window: Duration::from_secs(15 * 60),
            data_key,
            secure_cookies: false,
            audit_retention_days: 5 * 366,
            public_url: "http://127.0.0.1:8080".into(),
            retention: brug_domain::retention::RetentionPolicy::default(),
            monitor_full_refresh_in_server: true,
        }
    }
}
