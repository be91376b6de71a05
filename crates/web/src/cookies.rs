//! Reading and writing the few cookies Brug uses.

use axum::http::HeaderMap;
use axum::http::header::COOKIE;

pub const SESSION: &str = "brug_session";
pub const ANON: &str = "brug_anon";
pub const LANG: &str = "brug_lang";
pub const FLASH: &str = "brug_flash";

/// The value of cookie `name` in the request, if present.
pub fn get<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
        .filter(|v| !v.is_empty())
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, path /, Secure behind TLS.
pub fn set(name: &str, value: &str, max_age_secs: Option<i64>, secure: bool) -> String {
    let mut cookie = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age_secs {
        cookie.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        cookie.push_str("; Secure");
    }
    cookie
}

pub fn clear(name: &str, secure: bool) -> String {
    set(name, "", Some(0), secure)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn reads_the_named_cookie_only() {
        let mut h = HeaderMap::new();
        h.insert(
            COOKIE,
            HeaderValue::from_static("a=1; brug_session=xyz; brug_lang=en"),
        );
        assert_eq!(get(&h, SESSION), Some("xyz"));
        assert_eq!(get(&h, LANG), Some("en"));
        assert_eq!(get(&h, "brug"), None);
        assert_eq!(get(&h, ANON), None);
    }

    #[test]
    fn session_cookies_are_http_only_and_same_site() {
        let c = set(SESSION, "t", None, true);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && c.contains("Secure"));
        assert!(!set(SESSION, "t", None, false).contains("Secure"));
        assert!(clear(SESSION, false).contains("Max-Age=0"));
    }
}
