//! Two-factor login with TOTP (RFC 6238): enrolment with a QR code, login
//! codes with replay protection and throttling, single-use recovery codes.

use data_encoding::BASE32_NOPAD;
use totp_rs::{Algorithm, TOTP};

use brug_store::{Ts, sessions, two_factor, users};

use crate::crypto::{random_bytes, sha256_hex};
use crate::{App, AppError, Ctx, FieldErrors};

const STEP_SECONDS: u64 = 30;
const DIGITS: usize = 6;
const RECOVERY_CODES: usize = 10;
/// Wrong codes within the login window before the account's second factor is locked.
const MAX_FAILURES: i64 = 5;
const CONTEXT: &str = "totp";

/// What the enrolment page shows.
#[derive(Debug, Clone)]
pub struct Enrolment {
    /// The secret for manual entry, in groups of four.
    pub secret_grouped: String,
    pub otpauth_uri: String,
    /// The QR code as an inline SVG (no JavaScript, no external service).
    pub qr_svg: String,
}

fn totp(secret: &[u8]) -> Result<TOTP, AppError> {
    TOTP::new(Algorithm::SHA1, DIGITS, 1, STEP_SECONDS, secret.to_vec())
        .map_err(|e| AppError::Internal(format!("totp: {e}")))
}

/// The code for a secret at a moment; used by tests and the demo hint.
pub fn code_at(secret: &[u8], unix_seconds: u64) -> String {
    totp(secret)
        .map(|t| t.generate(unix_seconds))
        .unwrap_or_default()
}

/// Start (or restart) enrolment: a fresh secret, stored encrypted but not active.
pub async fn start_enrolment(app: &App, ctx: &Ctx) -> Result<Enrolment, AppError> {
    if ctx.totp_enabled {
        return Err(AppError::Conflict("two-factor is already on".into()));
    }
    let secret = random_bytes::<20>();
    two_factor::set_pending_secret(
        &app.db,
        ctx.user_id.0,
        &app.keys().encrypt(CONTEXT, &secret),
    )
    .await?;
    Ok(enrolment_view(&secret, &ctx.email))
}

/// The enrolment view for the pending secret (after a wrong code, say).
pub async fn pending_enrolment(app: &App, ctx: &Ctx) -> Result<Option<Enrolment>, AppError> {
    let user = users::user(&app.db, ctx.user_id.0)
        .await?
        .ok_or(AppError::NotFound)?;
    if user.totp_enabled {
        return Ok(None);
    }
    Ok(secret_of(app, &user).map(|s| enrolment_view(&s, &user.email)))
}

fn enrolment_view(secret: &[u8], email: &str) -> Enrolment {
    let encoded = BASE32_NOPAD.encode(secret);
    let uri = format!(
        "otpauth://totp/Brug:{}?secret={encoded}&issuer=Brug&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        email.replace('@', "%40")
    );
    let qr_svg = qrcode::QrCode::new(uri.as_bytes())
        .map(|code| {
            code.render::<qrcode::render::svg::Color<'_>>()
                .min_dimensions(200, 200)
                .quiet_zone(true)
                .build()
        })
        .unwrap_or_default();
    let secret_grouped = encoded
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    Enrolment {
        secret_grouped,
        otpauth_uri: uri,
        qr_svg,
    }
}

fn secret_of(app: &App, user: &users::User) -> Option<Vec<u8>> {
    user.totp_secret_cipher
        .as_deref()
        .and_then(|c| app.keys().decrypt(CONTEXT, c))
}

/// The time step a code matches (now, or one step either side), if any.
fn matching_step(secret: &[u8], code: &str, now_unix: u64) -> Result<Option<i64>, AppError> {
    let code: String = code
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if code.len() != DIGITS || !code.chars().all(|c| c.is_ascii_digit()) {
        return Ok(None);
    }
    let t = totp(secret)?;
    let step = now_unix / STEP_SECONDS;
    for candidate in [step, step.saturating_sub(1), step + 1] {
        if constant_eq(&t.generate(candidate * STEP_SECONDS), &code) {
            return Ok(Some(candidate as i64));
        }
    }
    Ok(None)
}

fn constant_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn now_unix(app: &App) -> u64 {
    u64::try_from(app.clock.now().unix_timestamp()).unwrap_or(0)
}

async fn check_throttle(app: &App, ctx: &Ctx) -> Result<(), AppError> {
    let since = Ts::new(app.clock.now() - app.settings.login_window);
    if two_factor::recent_failures(&app.db, ctx.user_id.0, since).await? >= MAX_FAILURES {
        return Err(AppError::Throttled {
            minutes: app.settings.login_window.as_secs().div_ceil(60),
        });
    }
    Ok(())
}

fn wrong_code() -> AppError {
    let mut errors = FieldErrors::default();
    errors.add("code", "two-factor-wrong-code");
    AppError::Invalid(errors)
}

/// Confirm enrolment with a first code; returns the recovery codes (shown once).
pub async fn confirm_enrolment(app: &App, ctx: &Ctx, code: &str) -> Result<Vec<String>, AppError> {
    check_throttle(app, ctx).await?;
    let user = users::user(&app.db, ctx.user_id.0)
        .await?
        .ok_or(AppError::NotFound)?;
    // Once on, this form must not become a second door: it would accept a
    // replayed code (no step claim) and hand out fresh recovery codes.
    if user.totp_enabled {
        return Err(AppError::Conflict("two-factor is already on".into()));
    }
    let secret =
        secret_of(app, &user).ok_or_else(|| AppError::Conflict("no enrolment started".into()))?;
    let Some(step) = matching_step(&secret, code, now_unix(app))? else {
        two_factor::record_attempt(&app.db, ctx.user_id.0, app.now(), false).await?;
        return Err(wrong_code());
    };
    let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| recovery_code()).collect();
    let hashes: Vec<String> = codes
        .iter()
        .map(|c| sha256_hex(&normalise_recovery(c)))
        .collect();
    let mut tx = app.db.begin().await?;
    two_factor::enable(&mut tx, ctx.user_id.0, step, &hashes).await?;
    tx.commit().await?;
    two_factor::record_attempt(&app.db, ctx.user_id.0, app.now(), true).await?;
    if let Some(id) = &ctx.session_id {
        sessions::mark_second_factor_done(&app.db, id).await?;
    }
    Ok(codes)
}

/// Check a login code: right, not used before, not throttled.
pub async fn verify_login(app: &App, ctx: &Ctx, code: &str) -> Result<(), AppError> {
    check_throttle(app, ctx).await?;
    let user = users::user(&app.db, ctx.user_id.0)
        .await?
        .ok_or(AppError::NotFound)?;
    let secret = match (user.totp_enabled, secret_of(app, &user)) {
        (true, Some(s)) => s,
        _ => return Err(AppError::Conflict("two-factor is not set up".into())),
    };
    let accepted = match matching_step(&secret, code, now_unix(app))? {
        Some(step) => two_factor::claim_step(&app.db, ctx.user_id.0, step).await?,
        None => false,
    };
    two_factor::record_attempt(&app.db, ctx.user_id.0, app.now(), accepted).await?;
    if !accepted {
        return Err(wrong_code());
    }
    if let Some(id) = &ctx.session_id {
        sessions::mark_second_factor_done(&app.db, id).await?;
    }
    Ok(())
}

/// Log in with a recovery code instead of the app (each code works once).
pub async fn use_recovery_code(app: &App, ctx: &Ctx, code: &str) -> Result<i64, AppError> {
    check_throttle(app, ctx).await?;
    let hash = sha256_hex(&normalise_recovery(code));
    let ok = two_factor::use_recovery_code(&app.db, ctx.user_id.0, &hash, app.now()).await?;
    two_factor::record_attempt(&app.db, ctx.user_id.0, app.now(), ok).await?;
    if !ok {
        return Err(wrong_code());
    }
    if let Some(id) = &ctx.session_id {
        sessions::mark_second_factor_done(&app.db, id).await?;
    }
    Ok(two_factor::unused_recovery_codes(&app.db, ctx.user_id.0).await?)
}

/// `xxxx-xxxx-xxxx` from an alphabet without look-alike characters.
fn recovery_code() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let bytes = random_bytes::<12>();
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

fn normalise_recovery(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// In a demo installation the code page shows the current code, so that a
/// tester can log in without an authenticator app. Never for real data.
pub async fn demo_code(app: &App, ctx: &Ctx) -> Result<Option<String>, AppError> {
    if brug_store::meta::get(&app.db, brug_store::meta::DATASET)
        .await?
        .as_deref()
        != Some("demo")
    {
        return Ok(None);
    }
    let user = users::user(&app.db, ctx.user_id.0)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(secret_of(app, &user).map(|s| code_at(&s, now_unix(app))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc6238_test_vector() {
        // RFC 6238 appendix B, SHA1, secret "12345678901234567890", T = 59 s: 94287082 (8 digits).
        let t =
            TOTP::new(Algorithm::SHA1, 8, 1, 30, b"12345678901234567890".to_vec()).expect("totp");
        assert_eq!(t.generate(59), "94287082");
        assert_eq!(t.generate(1_111_111_109), "07081804");
    }

    #[test]
    fn codes_match_their_step_and_neighbours_only() {
        let secret = [7u8; 20];
        let now = 1_800_000_000u64;
        let code = code_at(&secret, now);
        assert_eq!(
            matching_step(&secret, &code, now).ok().flatten(),
            Some((now / 30) as i64)
        );
        assert!(
            matching_step(&secret, &code, now + 30)
                .ok()
                .flatten()
                .is_some(),
            "clock skew of one step"
        );
        assert_eq!(matching_step(&secret, &code, now + 90).ok().flatten(), None);
        assert_eq!(matching_step(&secret, "12345", now).ok().flatten(), None);
        assert_eq!(matching_step(&secret, "abcdef", now).ok().flatten(), None);
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert!(
            matching_step(&secret, &spaced, now)
                .ok()
                .flatten()
                .is_some()
        );
    }

    #[test]
    fn recovery_codes_normalise_case_and_dashes() {
        let code = recovery_code();
        assert_eq!(code.len(), 14);
        assert_eq!(
            normalise_recovery(&code.to_uppercase()),
            normalise_recovery(&code)
        );
        assert_eq!(
            normalise_recovery(&code.replace('-', " ")),
            normalise_recovery(&code)
        );
    }
}
