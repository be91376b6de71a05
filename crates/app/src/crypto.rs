//! Passwords, tokens, keyed hashes and field encryption.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};

use brug_store::{Db, meta};

use crate::{AppError, Settings};

/// The keys of this installation.
#[derive(Clone)]
pub struct Keys {
    /// Shared by every process on the database (stored in `meta`): CSRF tokens.
    server: [u8; 32],
    /// From configuration, never stored in the database: BSN and TOTP secrets.
    data: [u8; 32],
}

impl Keys {
    pub(crate) async fn load(db: &Db, settings: &Settings) -> Result<Keys, AppError> {
        let fresh = URL_SAFE_NO_PAD.encode(random_bytes::<32>());
        let stored = meta::get_or_insert(db, meta::SERVER_KEY, &fresh).await?;
        let server = URL_SAFE_NO_PAD
            .decode(stored.as_bytes())
            .ok()
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .ok_or_else(|| AppError::Internal("the stored server key is damaged".into()))?;
        Ok(Keys {
            server,
            data: settings.data_key,
        })
    }

    /// Keys for tests and tools that do not touch a database.
    pub fn from_parts(server: [u8; 32], data: [u8; 32]) -> Keys {
        Keys { server, data }
    }

    /// HMAC-SHA256 of `message` under the server key, for a given purpose.
    pub fn sign(&self, purpose: &str, message: &str) -> String {
        URL_SAFE_NO_PAD.encode(hmac(&self.server, purpose, message))
    }

    /// Constant-time check of a signature made by [`Keys::sign`].
    pub fn verify_signature(&self, purpose: &str, message: &str, signature: &str) -> bool {
        let Ok(given) = URL_SAFE_NO_PAD.decode(signature.as_bytes()) else {
            return false;
        };
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.server).expect("any key size");
        mac.update(purpose.as_bytes());
        mac.update(&[0]);
        mac.update(message.as_bytes());
        mac.verify_slice(&given).is_ok()
    }

    /// Keyed hash of a BSN: finds duplicates without storing the number.
    pub fn bsn_lookup(&self, bsn: &str) -> String {
        hex::encode(hmac(&self.data, "bsn-lookup", bsn))
    }

    /// Encrypt a small secret (BSN, TOTP seed); `context` binds it to its use.
    pub fn encrypt(&self, context: &str, plaintext: &[u8]) -> Vec<u8> {
        let cipher = XChaCha20Poly1305::new((&self.data).into());
        let nonce_bytes = random_bytes::<24>();
        let nonce = XNonce::from_slice(&nonce_bytes);
        let sealed = cipher
            .encrypt(
                nonce,
                Payload {
                    msg: plaintext,
                    aad: context.as_bytes(),
                },
            )
            .expect("encryption of a small buffer cannot fail");
        let mut out = nonce_bytes.to_vec();
        out.extend_from_slice(&sealed);
        out
    }

    pub fn decrypt(&self, context: &str, sealed: &[u8]) -> Option<Vec<u8>> {
        if sealed.len() < 24 {
            return None;
        }
        let (nonce, body) = sealed.split_at(24);
        XChaCha20Poly1305::new((&self.data).into())
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: body,
                    aad: context.as_bytes(),
                },
            )
            .ok()
    }
}

fn hmac(key: &[u8; 32], purpose: &str, message: &str) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("any key size");
    mac.update(purpose.as_bytes());
    mac.update(&[0]);
    mac.update(message.as_bytes());
    mac.finalize().into_bytes().into()
}

pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    rand::rng().fill_bytes(&mut bytes);
    bytes
}

/// A fresh random token for cookies and links (256 bits, URL-safe).
pub fn random_token() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes::<32>())
}

pub fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Argon2id with the crate's defaults (19 MiB, 2 passes), off the async threads.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(format!("password hashing failed: {e}")))
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
}

/// Verify a password. With no stored hash, a dummy hash is checked anyway so
/// that unknown accounts take as long to reject as known ones.
pub async fn verify_password(stored: Option<String>, password: String) -> bool {
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| dummy_hash().to_owned());
        let matches = PasswordHash::new(&stored)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false);
        known && matches
    })
    .await
    .unwrap_or(false)
}

/// An Argon2id hash of a random password nobody knows, made once.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(random_token().as_bytes(), &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

/// Minimum password length (NCSC advice: length over complexity).
pub const MIN_PASSWORD_CHARS: usize = 10;

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Keys {
        Keys::from_parts([1; 32], [2; 32])
    }

    #[test]
    fn signatures_verify_only_for_the_same_purpose_and_message() {
        let k = keys();
        let sig = k.sign("csrf", "session-a");
        assert!(k.verify_signature("csrf", "session-a", &sig));
        assert!(!k.verify_signature("csrf", "session-b", &sig));
        assert!(!k.verify_signature("reset", "session-a", &sig));
        assert!(!k.verify_signature("csrf", "session-a", "bm90IGEgc2lnbmF0dXJl"));
        assert!(!k.verify_signature("csrf", "session-a", "%%%"));
    }

    #[test]
    fn encryption_round_trips_and_is_bound_to_its_context() {
        let k = keys();
        let sealed = k.encrypt("bsn", b"123456782");
        assert!(!sealed.windows(9).any(|w| w == b"123456782"));
        assert_eq!(
            k.decrypt("bsn", &sealed).as_deref(),
            Some(&b"123456782"[..])
        );
        assert_eq!(k.decrypt("totp", &sealed), None);
        let mut broken = sealed.clone();
        broken[30] ^= 1;
        assert_eq!(k.decrypt("bsn", &broken), None);
        assert_ne!(k.encrypt("bsn", b"123456782"), sealed, "nonces are random");
    }

    #[tokio::test]
    async fn passwords_hash_and_verify() {
        let hash = hash_password("correct horse battery".into())
            .await
            .expect("hash");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password(Some(hash.clone()), "correct horse battery".into()).await);
        assert!(!verify_password(Some(hash), "wrong".into()).await);
        assert!(!verify_password(None, "anything".into()).await);
    }
}
