//! The harness of the journeys: the whole app on a test database with a
//! fixed clock, requests sent in-process through the complete router, a
//! browser-like client with its own cookie jar, and the `World` every journey
//! starts from.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::http::header::{CONTENT_TYPE, COOKIE, LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, Method, Request, StatusCode};
use brug_app::{App, Settings};
use brug_domain::clock::FixedClock;
use brug_domain::registry::{OrgKind, Sector};
use brug_domain::roles::Role;
use brug_store::audit::{self, AuditMode, AuditQuery, StoredEvent};
use brug_store::registry::{
    self, NewEnrolment, NewGuardian, NewOrganisation, NewPupil, NewSchoolLocation,
};
use brug_store::{Ts, cases, two_factor, users};
use brug_test_support::TestDb;
use http_body_util::BodyExt;
use time::macros::{date, datetime};
use time::{Date, Duration, OffsetDateTime};
use tower::ServiceExt;

/// The password of every account in the World.
pub const PASSWORD: &str = "Brug-journeys-2026!";

/// Wednesday 25 November 2026, 10:00 UTC (11:00 in the Netherlands).
pub fn start_time() -> OffsetDateTime {
    datetime!(2026-11-25 10:00 UTC)
}

/// The app as served, on a fresh database, with time under the test's control.
pub struct TestApp {
    pub db: TestDb,
    pub app: Arc<App>,
    pub clock: Arc<FixedClock>,
    router: Router,
    /// TOTP secrets by email, and the last time step a code was made for.
    secrets: Mutex<HashMap<String, Vec<u8>>>,
    last_steps: Mutex<HashMap<String, u64>>,
}

impl TestApp {
    pub async fn start(db: TestDb) -> TestApp {
        let clock = Arc::new(FixedClock::new(start_time()));
        let (app, _writer) = App::start(
            db.db.clone(),
            clock.clone(),
            Settings::with_key([42; 32]),
            AuditMode::On,
        )
        .await
        .expect("start the app");
        let router = brug_web::router(brug_web::AppState::new(app.clone()));
        TestApp {
            db,
            app,
            clock,
            router,
            secrets: Mutex::new(HashMap::new()),
            last_steps: Mutex::new(HashMap::new()),
        }
    }

    /// A new browser: empty cookie jar.
    pub fn client(&self) -> Client<'_> {
        Client {
            app: self,
            jar: BTreeMap::new(),
            csrf: None,
        }
    }

    /// Send one request through the complete router (every middleware).
    pub async fn send(&self, request: Request<Body>) -> Resp {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router is infallible");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("read the response body")
            .to_bytes();
        Resp {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub fn now(&self) -> OffsetDateTime {
        brug_domain::clock::Clock::now(&*self.clock)
    }

    pub fn ts(&self) -> Ts {
        Ts::new(self.now())
    }

    pub fn advance(&self, by: Duration) {
        self.clock.advance(by);
    }

    pub fn register_secret(&self, email: &str, secret: Vec<u8>) {
        lock(&self.secrets).insert(email.to_owned(), secret);
    }

    pub fn secret_of(&self, email: &str) -> Option<Vec<u8>> {
        lock(&self.secrets).get(email).cloned()
    }

    /// The code the user's authenticator shows at `unix` seconds.
    pub fn code_at(&self, email: &str, unix: u64) -> String {
        let secret = self
            .secret_of(email)
            .unwrap_or_else(|| panic!("no TOTP secret known for {email}"));
        brug_app::two_factor::code_at(&secret, unix)
    }

    /// A code for a time step not used before by this user: the clock is
    /// moved to the next step when the current one was used already.
    pub fn fresh_code(&self, email: &str) -> String {
        let mut now = self.unix_now();
        let mut steps = lock(&self.last_steps);
        if let Some(last) = steps.get(email).copied()
            && now / 30 <= last
        {
            let next = (last + 1) * 30;
            self.advance(Duration::seconds((next - now) as i64));
            now = next;
        }
        steps.insert(email.to_owned(), now / 30);
        drop(steps);
        self.code_at(email, now)
    }

    pub fn unix_now(&self) -> u64 {
        u64::try_from(self.now().unix_timestamp()).expect("after 1970")
    }

    /// Administrative SQL, as an operator would run it.
    pub async fn sql(&self, sql: &str) -> u64 {
        self.db
            .execute_raw(sql)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    pub async fn audit_count(&self) -> i64 {
        audit::count(&self.db).await.expect("count audit events")
    }

    /// The newest audit events matching `q`, newest first, with the total.
    pub async fn audit(&self, q: AuditQuery) -> (Vec<StoredEvent>, i64) {
        let page = audit::search(
            &self.db,
            &AuditQuery {
                limit: if q.limit == 0 { 200 } else { q.limit },
                ..q
            },
        )
        .await
        .expect("search audit events");
        (page.rows, page.total)
    }

    /// Events about one pupil, newest first.
    pub async fn pupil_events(&self, pupil: i64) -> (Vec<StoredEvent>, i64) {
        self.audit(AuditQuery {
            pupil: Some(pupil),
            ..AuditQuery::default()
        })
        .await
    }

    /// Number of events that name any pupil.
    pub async fn all_pupil_events(&self) -> i64 {
        self.audit(AuditQuery {
            pupil_events_only: true,
            limit: 1,
            ..AuditQuery::default()
        })
        .await
        .1
    }

    /// The audit chain is unbroken; returns how many events were checked.
    pub async fn assert_audit_intact(&self) -> u64 {
        let report = audit::verify(&self.db)
            .await
            .expect("verify the audit chain");
        assert_eq!(report.first_error, None, "audit chain broken");
        let count = u64::try_from(self.audit_count().await).expect("count");
        assert_eq!(report.checked, count, "every event is checked");
        report.checked
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A response, read completely.
#[derive(Debug, Clone)]
pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn location(&self) -> Option<&str> {
        self.header(LOCATION.as_str())
    }

    pub fn content_type(&self) -> Option<&str> {
        self.header(CONTENT_TYPE.as_str())
    }

    pub fn set_cookies(&self) -> Vec<&str> {
        self.headers
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect()
    }

    /// The `Set-Cookie` line for cookie `name`, if the response sets it.
    pub fn set_cookie(&self, name: &str) -> Option<&str> {
        self.set_cookies()
            .into_iter()
            .find(|c| c.split_once('=').is_some_and(|(n, _)| n == name))
    }

    /// The CSRF token printed in the page's forms.
    pub fn csrf(&self) -> Option<String> {
        let marker = "name=\"_csrf\" value=\"";
        let start = self.body.find(marker)? + marker.len();
        let len = self.body[start..].find('"')?;
        Some(self.body[start..start + len].to_owned()).filter(|t| !t.is_empty())
    }

    /// Panics with the body when the status is not `expected`.
    #[track_caller]
    pub fn expect(&self, expected: u16) -> &Resp {
        assert_eq!(
            self.status.as_u16(),
            expected,
            "unexpected status; location {:?}; body:\n{}",
            self.location(),
            excerpt(&self.body)
        );
        self
    }

    /// A 303 to exactly `target`.
    #[track_caller]
    pub fn expect_redirect(&self, target: &str) -> &Resp {
        self.expect(303);
        assert_eq!(self.location(), Some(target), "redirect target");
        self
    }

    #[track_caller]
    pub fn expect_text(&self, text: &str) -> &Resp {
        assert!(
            self.body.contains(text),
            "expected {text:?} in the page:\n{}",
            excerpt(&self.body)
        );
        self
    }

    #[track_caller]
    pub fn expect_no_text(&self, text: &str) -> &Resp {
        assert!(
            !self.body.contains(text),
            "did not expect {text:?} in the page:\n{}",
            excerpt(&self.body)
        );
        self
    }

    /// The text of the `<h1>`.
    pub fn h1(&self) -> Option<&str> {
        let start = self.body.find("<h1")?;
        let open_end = start + self.body[start..].find('>')? + 1;
        let close = open_end + self.body[open_end..].find("</h1>")?;
        Some(self.body[open_end..close].trim())
    }
}

/// The page as a reader sees it: character references decoded (so a test
/// does not depend on which escape the template engine picks).
pub fn decoded(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|e| *e <= 10);
        let decoded = end.and_then(|e| {
            let entity = &rest[1..e];
            let c = match entity {
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => match entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                {
                    Some(hex) => u32::from_str_radix(hex, 16).ok().and_then(char::from_u32),
                    None => entity
                        .strip_prefix('#')
                        .and_then(|d| d.parse().ok())
                        .and_then(char::from_u32),
                },
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// An error page with what differs per request taken out: the request
/// reference, and the requested id in links back to the page.
pub fn comparable(body: &str, path: &str) -> String {
    let body = body.replace(path, "/PATH").replace(&enc(path), "%2FPATH");
    let marker = "Referentie ";
    match body.find(marker) {
        Some(i) => {
            let start = i + marker.len();
            let len = body[start..]
                .find(|c: char| !c.is_ascii_hexdigit())
                .unwrap_or(0);
            format!("{}REF{}", &body[..start], &body[start + len..])
        }
        None => body,
    }
}

/// The part of a page worth showing in a failure message.
pub fn excerpt(body: &str) -> &str {
    let from = body.find("<main").unwrap_or(0);
    let to = body[from..]
        .find("</main>")
        .map(|i| from + i)
        .unwrap_or(body.len());
    let slice = &body[from..to];
    match slice.char_indices().nth(3000) {
        Some((i, _)) => &slice[..i],
        None => slice,
    }
}

/// `application/x-www-form-urlencoded` of the pairs.
pub fn form(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).expect("encode form")
}

/// Percent-encode a value for a query string, as the app does.
pub fn enc(value: &str) -> String {
    form(&[("v", value)]).trim_start_matches("v=").to_owned()
}

/// One browser: a cookie jar, the CSRF token of the last page seen, and
/// nothing followed automatically.
pub struct Client<'a> {
    pub app: &'a TestApp,
    jar: BTreeMap<String, String>,
    csrf: Option<String>,
}

impl<'a> Client<'a> {
    pub fn csrf(&self) -> Option<&str> {
        self.csrf.as_deref()
    }

    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.jar.get(name).map(String::as_str)
    }

    pub fn set_cookie(&mut self, name: &str, value: &str) {
        self.jar.insert(name.to_owned(), value.to_owned());
    }

    pub async fn get(&mut self, path: &str) -> Resp {
        self.request(Method::GET, path, None, &[]).await
    }

    /// A form POST with the CSRF token of the last page.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Resp {
        let token = self
            .csrf
            .clone()
            .unwrap_or_else(|| panic!("POST {path}: no CSRF token seen yet"));
        let mut all: Vec<(&str, &str)> = vec![("_csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.request(Method::POST, path, Some(form(&all)), &[])
            .await
    }

    /// A form POST exactly as given (no token added), with extra headers.
    pub async fn post_raw(&mut self, path: &str, body: &str, headers: &[(&str, &str)]) -> Resp {
        self.request(Method::POST, path, Some(body.to_owned()), headers)
            .await
    }

    pub async fn request(
        &mut self,
        method: Method,
        path: &str,
        body: Option<String>,
        headers: &[(&str, &str)],
    ) -> Resp {
        let mut builder = Request::builder()
            .method(method)
            .uri(path)
            .header("user-agent", "brug-journeys/1.0");
        if !self.jar.is_empty() {
            let cookies = self
                .jar
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            builder = builder.header(COOKIE, cookies);
        }
        let typed = headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case(CONTENT_TYPE.as_str()));
        if body.is_some() && !typed {
            builder = builder.header(CONTENT_TYPE, "application/x-www-form-urlencoded");
        }
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let request = builder
            .body(body.map(Body::from).unwrap_or_else(Body::empty))
            .expect("build request");
        let resp = self.app.send(request).await;
        self.remember(&resp);
        resp
    }

    fn remember(&mut self, resp: &Resp) {
        for line in resp.set_cookies() {
            let pair = line.split(';').next().unwrap_or_default();
            let Some((name, value)) = pair.split_once('=') else {
                continue;
            };
            let expired = line
                .split(';')
                .any(|attr| attr.trim().eq_ignore_ascii_case("max-age=0"));
            if value.is_empty() || expired {
                self.jar.remove(name.trim());
            } else {
                self.jar.insert(name.trim().to_owned(), value.to_owned());
            }
        }
        if let Some(token) = resp.csrf() {
            self.csrf = Some(token);
        }
    }

    /// Fetch a page that carries a form, to get a token for the current
    /// session (or the anonymous visitor).
    pub async fn refresh_csrf(&mut self) {
        let signed_in = self.jar.contains_key("brug_session");
        let resp = if signed_in {
            // The error page of a signed-in user carries the logout form.
            self.get("/journeys-no-such-page").await
        } else {
            self.get("/login").await
        };
        assert!(
            resp.csrf().is_some(),
            "no CSRF token on {} (status {})",
            if signed_in { "404 page" } else { "/login" },
            resp.status
        );
    }

    /// The password step only: from the login form to the redirect after it.
    pub async fn login_password(&mut self, email: &str, password: &str, next: &str) -> Resp {
        self.get("/login").await.expect(200);
        self.post(
            "/login",
            &[("email", email), ("password", password), ("next", next)],
        )
        .await
    }

    /// The full login: password, then the authenticator code when asked for.
    /// Ends on the redirect to `/start`, with a CSRF token for the new session.
    pub async fn login(&mut self, email: &str, password: &str) -> Resp {
        let resp = self.login_password(email, password, "/start").await;
        resp.expect(303);
        let resp = if resp.location() == Some("/login/two-factor?next=%2Fstart") {
            self.get("/login/two-factor?next=%2Fstart")
                .await
                .expect(200);
            let code = self.app.fresh_code(email);
            self.post(
                "/login/two-factor",
                &[("code", code.as_str()), ("next", "/start")],
            )
            .await
        } else {
            resp
        };
        resp.expect_redirect("/start");
        assert!(self.jar.contains_key("brug_session"), "session cookie set");
        self.refresh_csrf().await;
        resp
    }
}

/// A person in the World with an account.
#[derive(Debug, Clone)]
pub struct Person {
    pub id: i64,
    pub email: String,
    pub name: String,
}

/// The fixture every journey starts from (see the module docs of `main.rs`).
#[derive(Debug, Clone)]
pub struct World {
    pub municipality: i64,
    pub school_a: i64,
    pub location_a: i64,
    pub school_b: i64,
    pub care_provider: i64,
    /// Daan de Vries, 10, school A; team: care worker 1 (consent), attendance officer (legal task).
    pub p10: i64,
    /// Sanne Jansen, 14, school A, has her own account.
    pub p14: i64,
    /// Mila Bakker, 17, school A, own account, does not share with her parents.
    pub p17: i64,
    /// Lucas Visser, 11, school B; team: care worker 2 (consent).
    pub pb: i64,
    pub consent_p10: i64,
    /// P10's case: led by coordinator A (seated on the school's legal task).
    pub case_p10: i64,
    /// Coordinator A's seat in P10's case (the lead).
    pub lead_member_p10: i64,
    /// P_B's case: led by coordinator B.
    pub case_pb: i64,
    pub coordinator_a: Person,
    pub teacher_a: Person,
    pub org_admin_a: Person,
    pub privacy_a: Person,
    pub coordinator_b: Person,
    pub care_worker_1: Person,
    pub care_worker_2: Person,
    pub attendance_officer: Person,
    pub policy_maker: Person,
    pub platform_admin: Person,
    /// Marieke de Vries: parent of P10, P14 and P17.
    pub parent: Person,
    /// Kees Visser: parent of P_B.
    pub parent_b: Person,
    pub child_14: Person,
    pub young_17: Person,
    /// The learning network the policy maker facilitates.
    pub learning: LearningIds,
}

/// The World's learning network, "Leernetwerk Utrecht": facilitated by the
/// policy maker (also procesbegeleider: role facilitator at the
/// municipality), with coordinator A and care worker 1 as members and a
/// parent without an account; a theme session and a case-specific table
/// from P10's case (story anonymised by Brug and approved), an insight, an
/// open action; and a completed collaboration scan of school A with the
/// care provider.
#[derive(Debug, Clone, Copy)]
pub struct LearningIds {
    pub network: i64,
    /// The parent's seat (no account).
    pub parent_member: i64,
    /// The theme session (trust).
    pub session: i64,
    /// The case-specific table from P10's case.
    pub table: i64,
    /// A success factor recorded at the theme session.
    pub insight: i64,
    /// The approved case story in the knowledge base.
    pub story: i64,
    /// An open improvement action of the theme session.
    pub action: i64,
    /// School A's completed scan with the care provider.
    pub scan: i64,
}

/// The recovery codes a professional of the World holds (normalised by the app).
pub fn recovery_codes(person: &Person) -> [String; 2] {
    [
        format!("rc{:04}-aaaa-bbbb", person.id),
        format!("rc{:04}-cccc-dddd", person.id),
    ]
}

impl World {
    pub async fn build(t: &TestApp) -> World {
        let now = t.ts();
        let hash = brug_app::crypto::hash_password(PASSWORD.to_owned())
            .await
            .expect("hash password");
        let mut open = t.db.begin().await.expect("begin");
        let tx = &mut open;

        let org = |kind, name: &str| NewOrganisation::new(kind, name);
        let municipality = registry::insert_organisation(
            tx,
            &NewOrganisation {
                cbs_code: Some("GM0344".into()),
                ..org(OrgKind::Municipality, "Gemeente Utrecht")
            },
            now,
        )
        .await
        .expect("municipality");
        let leerplicht = registry::insert_organisation(
            tx,
            &NewOrganisation {
                municipality_id: Some(municipality),
                ..org(OrgKind::Leerplicht, "Leerplicht Utrecht")
            },
            now,
        )
        .await
        .expect("leerplicht");
        let school = |brin: &str, name: &str| NewOrganisation {
            brin: Some(brin.into()),
            municipality_id: Some(municipality),
            ..org(OrgKind::School, name)
        };
        let school_a = registry::insert_organisation(tx, &school("10AA", "De Regenboog"), now)
            .await
            .expect("school A");
        let school_b = registry::insert_organisation(tx, &school("20BB", "Het Kompas"), now)
            .await
            .expect("school B");
        let location = |school_id: i64, brin: &str, name: &str| NewSchoolLocation {
            school_id,
            brin: brin.into(),
            name: name.into(),
            city: "Utrecht".into(),
            sector: Sector::So,
            municipality_id: municipality,
            swv_id: None,
        };
        let location_a = registry::insert_location(
            tx,
            &location(school_a, "10AA00", "De Regenboog Zuilen"),
            now,
        )
        .await
        .expect("location A");
        let location_b = registry::insert_location(
            tx,
            &location(school_b, "20BB00", "Het Kompas Overvecht"),
            now,
        )
        .await
        .expect("location B");
        let care_provider = registry::insert_organisation(
            tx,
            &NewOrganisation {
                agb: Some("98765432".into()),
                municipality_id: Some(municipality),
                ..org(OrgKind::CareProvider, "Jeugdhulp Samen")
            },
            now,
        )
        .await
        .expect("care provider");

        let p10 = pupil(
            tx,
            ("Daan", Some("de"), "Vries"),
            date!(2016 - 01 - 15),
            now,
        )
        .await;
        let p14 = pupil(tx, ("Sanne", None, "Jansen"), date!(2012 - 03 - 01), now).await;
        let p17 = pupil(tx, ("Mila", None, "Bakker"), date!(2009 - 05 - 10), now).await;
        let pb = pupil(tx, ("Lucas", None, "Visser"), date!(2015 - 06 - 01), now).await;
        for (p, grade, sector) in [
            (p10, "groep 5", Sector::So),
            (p14, "groep 8", Sector::So),
            (p17, "leerjaar 4", Sector::Vso),
        ] {
            enrol(
                tx,
                p,
                school_a,
                location_a,
                municipality,
                grade,
                sector,
                now,
            )
            .await;
        }
        enrol(
            tx,
            pb,
            school_b,
            location_b,
            municipality,
            "groep 6",
            Sector::So,
            now,
        )
        .await;

        let mut person = async |email: &str, name: &str, pupil: Option<i64>, admin: bool| {
            let id = users::insert_user(
                tx,
                &users::NewUser {
                    email: email.into(),
                    name: name.into(),
                    password_hash: Some(hash.clone()),
                    platform_admin: admin,
                    pupil_id: pupil,
                },
                now,
            )
            .await
            .expect("insert user");
            Person {
                id,
                email: email.into(),
                name: name.into(),
            }
        };
        let coordinator_a = person("ib@regenboog.example", "Fatima El Amrani", None, false).await;
        let teacher_a = person("juf@regenboog.example", "Joost Mulder", None, false).await;
        let org_admin_a = person("beheer@regenboog.example", "Karin Smit", None, false).await;
        let privacy_a = person("privacy@regenboog.example", "Pieter de Boer", None, false).await;
        let coordinator_b = person("ib@kompas.example", "Ayse Yilmaz", None, false).await;
        let care_worker_1 = person("emma@jeugdhulp.example", "Emma Willems", None, false).await;
        let care_worker_2 = person("ruben@jeugdhulp.example", "Ruben Dekker", None, false).await;
        let attendance_officer =
            person("leerplicht@utrecht.example", "Henk Bos", None, false).await;
        let policy_maker = person("beleid@utrecht.example", "Linda Vos", None, false).await;
        let platform_admin = person("admin@brug.example", "Beheer Brug", None, true).await;
        let parent = person("marieke@thuis.example", "Marieke de Vries", None, false).await;
        let parent_b = person("kees@thuis.example", "Kees Visser", None, false).await;
        let child_14 = person("sanne@leerling.example", "Sanne Jansen", Some(p14), false).await;
        let young_17 = person("mila@leerling.example", "Mila Bakker", Some(p17), false).await;

        for (who, org_id, role) in [
            (&coordinator_a, school_a, Role::Coordinator),
            (&teacher_a, school_a, Role::Teacher),
            (&org_admin_a, school_a, Role::OrgAdmin),
            (&privacy_a, school_a, Role::PrivacyOfficer),
            (&coordinator_b, school_b, Role::Coordinator),
            (&care_worker_1, care_provider, Role::CareWorker),
            (&care_worker_2, care_provider, Role::CareWorker),
            (&attendance_officer, leerplicht, Role::AttendanceOfficer),
            (&policy_maker, municipality, Role::PolicyMaker),
            (&policy_maker, municipality, Role::Facilitator),
        ] {
            users::add_membership(tx, who.id, org_id, role, now)
                .await
                .expect("membership");
        }

        for (child, guardian, relation) in [
            (p10, &parent, "moeder"),
            (p14, &parent, "moeder"),
            (p17, &parent, "moeder"),
            (pb, &parent_b, "vader"),
        ] {
            registry::insert_guardian(
                tx,
                &NewGuardian {
                    pupil_id: child,
                    name: guardian.name.clone(),
                    relation: relation.into(),
                    email: Some(guardian.email.clone()),
                    phone: Some("06-12345678".into()),
                    user_id: Some(guardian.id),
                },
                now,
            )
            .await
            .expect("guardian");
        }

        let (case_p10, consent_p10, lead_member_p10) = case_with_consent(
            tx,
            p10,
            school_a,
            &parent,
            care_provider,
            &care_worker_1,
            coordinator_a.id,
            now,
        )
        .await;
        cases::insert_member(
            tx,
            &cases::NewMember {
                case_id: case_p10,
                user_id: Some(attendance_officer.id),
                guardian_id: None,
                org_id: Some(leerplicht),
                role_in_case: "leerplichtambtenaar".into(),
                basis: "legal_task".into(),
                consent_id: None,
                legal_task: Some("compulsory_education".into()),
                is_lead: false,
                added_by_user_id: Some(coordinator_a.id),
            },
            now,
        )
        .await
        .expect("attendance officer seat");
        let (case_pb, _, _) = case_with_consent(
            tx,
            pb,
            school_b,
            &parent_b,
            care_provider,
            &care_worker_2,
            coordinator_b.id,
            now,
        )
        .await;
        open.commit().await.expect("commit the World");

        t.sql(&format!(
            "UPDATE pupils SET shares_with_guardians = FALSE WHERE id = {p17}"
        ))
        .await;
        let learning = learning_network(
            t,
            &policy_maker,
            &[
                (&coordinator_a, "coordinator"),
                (&care_worker_1, "care_worker"),
            ],
            case_p10,
            (school_a, care_provider),
        )
        .await;

        let world = World {
            municipality,
            school_a,
            location_a,
            school_b,
            care_provider,
            p10,
            p14,
            p17,
            pb,
            consent_p10,
            case_p10,
            lead_member_p10,
            case_pb,
            coordinator_a,
            teacher_a,
            org_admin_a,
            privacy_a,
            coordinator_b,
            care_worker_1,
            care_worker_2,
            attendance_officer,
            policy_maker,
            platform_admin,
            parent,
            parent_b,
            child_14,
            young_17,
            learning,
        };
        for p in world.professionals() {
            enable_totp(t, p).await;
        }
        world
    }

    /// Everyone who must sign in with a second factor.
    pub fn professionals(&self) -> Vec<&Person> {
        vec![
            &self.coordinator_a,
            &self.teacher_a,
            &self.org_admin_a,
            &self.privacy_a,
            &self.coordinator_b,
            &self.care_worker_1,
            &self.care_worker_2,
            &self.attendance_officer,
            &self.policy_maker,
            &self.platform_admin,
        ]
    }
}

/// The World's learning network (see [`LearningIds`]), written through the
/// store as the app would leave it.
async fn learning_network(
    t: &TestApp,
    facilitator: &Person,
    members: &[(&Person, &str)],
    case: i64,
    (school, provider): (i64, i64),
) -> LearningIds {
    use brug_domain::learning::duplicate_key;
    use brug_store::learning::{
        self as store, NewAction, NewItem, NewMember, NewSession, StoryDraft,
    };
    let now = t.ts();
    let today = now.get().date();
    let mut open = t.db.begin().await.expect("begin");
    let tx = &mut open;
    let network = store::insert_network(
        tx,
        &store::NetworkFields {
            kind: "network".into(),
            name: "Leernetwerk Utrecht".into(),
            description: "Scholen, jeugdhulp en gemeente leren van echte casussen.".into(),
            project_id: None,
        },
        facilitator.id,
        now,
    )
    .await
    .expect("network");
    for (who, perspective) in members {
        store::insert_member(
            tx,
            &NewMember {
                network_id: network,
                user_id: Some(who.id),
                name: who.name.clone(),
                perspective: (*perspective).into(),
                organisation: String::new(),
            },
            now,
        )
        .await
        .expect("member");
    }
    let parent_member = store::insert_member(
        tx,
        &NewMember {
            network_id: network,
            user_id: None,
            name: "Marloes (ouder)".into(),
            perspective: "parent".into(),
            organisation: String::new(),
        },
        now,
    )
    .await
    .expect("parent member");
    let session = |kind: &str, title: &str, theme: Option<&str>, days: i64| NewSession {
        network_id: network,
        kind: kind.into(),
        title: title.into(),
        theme: theme.map(Into::into),
        held_on: today - Duration::days(days),
        guiding_question: brug_app::learning::GUIDING_QUESTION.into(),
    };
    let theme_session = store::insert_session(
        tx,
        &session(
            "case_transcending",
            "Vertrouwen tussen school en jeugdhulp",
            Some("trust"),
            60,
        ),
        now,
    )
    .await
    .expect("session");
    let table = store::insert_session(
        tx,
        &session(
            "case_specific",
            "Dialoogtafel over een leerling van groep 5",
            Some("trust"),
            30,
        ),
        now,
    )
    .await
    .expect("table");
    let item = |session: i64, kind: &str, level: Option<&str>, body: &str| NewItem {
        scope: format!("network:{network}"),
        network_id: Some(network),
        session_id: Some(session),
        kind: kind.into(),
        theme: Some("trust".into()),
        level: level.map(Into::into),
        sector: None,
        body: body.into(),
        source: "Leernetwerk Utrecht".into(),
        dup_key: duplicate_key(body),
        created_by_user_id: Some(facilitator.id),
    };
    let insight = store::insert_item(
        tx,
        &item(
            theme_session,
            "success",
            Some("professional"),
            "Elke week een vast moment waarop de jeugdhulpverlener op school is, bouwt vertrouwen op.",
        ),
        now,
    )
    .await
    .expect("insight")
    .expect("new insight");
    let action = store::insert_action(
        tx,
        &NewAction {
            network_id: network,
            session_id: Some(theme_session),
            theme: Some("trust".into()),
            description: "Een vast spreekuur van de jeugdhulp op school afspreken".into(),
            owner: "Intern begeleider".into(),
            organisation: "De Regenboog".into(),
            due_on: today + Duration::days(30),
        },
        now,
    )
    .await
    .expect("action");
    let scan = store::insert_scan(tx, school, Some(provider), members[0].0.id, now)
        .await
        .expect("scan");
    let answers: Vec<(String, i64)> = brug_domain::learning::Theme::ALL
        .iter()
        .zip([4, 3, 2, 3, 4, 2, 3, 3, 4, 3, 2, 2, 3, 4, 3, 3])
        .map(|(theme, score)| (theme.code().to_owned(), score))
        .collect();
    store::save_answers(tx, scan, &answers, true, now)
        .await
        .expect("answers");
    open.commit().await.expect("commit the network");

    // The case story: Brug's draft of P10's case, approved as it is.
    let case_row = cases::case(&t.db, case)
        .await
        .expect("read case")
        .expect("case");
    let (draft, removed) = brug_app::learning::draft_story(&t.db, &case_row, false)
        .await
        .expect("draft story");
    let mut open = t.db.begin().await.expect("begin");
    let tx = &mut open;
    store::set_story(
        tx,
        table,
        &StoryDraft {
            case_id: case,
            story: &draft,
            removed: &removed,
            family_invited: true,
            keep_organisations: false,
        },
    )
    .await
    .expect("draft");
    assert!(
        store::review_story(tx, table, "approved", Some(&draft), None)
            .await
            .expect("review")
    );
    let story = store::insert_item(tx, &item(table, "story", None, &draft), now)
        .await
        .expect("story")
        .expect("new story");
    open.commit().await.expect("commit the story");
    LearningIds {
        network,
        parent_member,
        session: theme_session,
        table,
        insight,
        story,
        action,
        scan,
    }
}

async fn pupil(
    tx: &mut brug_store::Tx,
    (given, prefix, family): (&str, Option<&str>, &str),
    birth: Date,
    now: Ts,
) -> i64 {
    registry::insert_pupil(
        tx,
        &NewPupil {
            given_name: given.into(),
            name_prefix: prefix.map(Into::into),
            family_name: family.into(),
            birth_date: birth,
            bsn_cipher: None,
            bsn_lookup: None,
        },
        now,
    )
    .await
    .expect("insert pupil")
}

#[allow(clippy::too_many_arguments)]
async fn enrol(
    tx: &mut brug_store::Tx,
    pupil: i64,
    school: i64,
    location: i64,
    municipality: i64,
    grade: &str,
    sector: Sector,
    now: Ts,
) {
    registry::insert_enrolment(
        tx,
        &NewEnrolment {
            pupil_id: pupil,
            location_id: location,
            school_id: school,
            pupil_number: None,
            sector,
            grade: grade.into(),
            residence_municipality_id: municipality,
            start_date: date!(2025 - 08 - 25),
            end_date: None,
        },
        now,
    )
    .await
    .expect("insert enrolment");
}

/// A case around `pupil`, led by the school's coordinator (`recorded_by`, on
/// the school's legal task), with `worker` seated on the guardian's consent.
/// Returns the case, the consent and the lead's seat.
#[allow(clippy::too_many_arguments)]
async fn case_with_consent(
    tx: &mut brug_store::Tx,
    pupil: i64,
    school: i64,
    guardian: &Person,
    provider: i64,
    worker: &Person,
    recorded_by: i64,
    now: Ts,
) -> (i64, i64, i64) {
    let consent = cases::insert_consent(
        tx,
        &cases::NewConsent {
            pupil_id: pupil,
            given_by_user_id: Some(guardian.id),
            given_by_name: guardian.name.clone(),
            given_by_relation: "ouder".into(),
            recipient_org_id: Some(provider),
            recipient_user_id: Some(worker.id),
            purpose: "Afstemming jeugdhulp en school".into(),
            scope: "support".into(),
            valid_from: date!(2026 - 09 - 01),
            valid_until: None,
            recorded_by_user_id: Some(recorded_by),
        },
        now,
    )
    .await
    .expect("consent");
    let case = cases::insert_case(
        tx,
        &cases::NewCase {
            pupil_id: pupil,
            title: "Zorgen over aanwezigheid".into(),
            school_id: school,
            status: "active".into(),
            lead_domain: Some("onderwijs".into()),
            first_signal_on: date!(2026 - 09 - 01),
            help_started_on: Some(date!(2026 - 09 - 15)),
            created_by_user_id: Some(recorded_by),
        },
        now,
    )
    .await
    .expect("case");
    cases::insert_member(
        tx,
        &cases::NewMember {
            case_id: case,
            user_id: Some(worker.id),
            guardian_id: None,
            org_id: Some(provider),
            role_in_case: "jeugdhulpverlener".into(),
            basis: "consent".into(),
            consent_id: Some(consent),
            legal_task: None,
            is_lead: false,
            added_by_user_id: Some(recorded_by),
        },
        now,
    )
    .await
    .expect("care worker seat");
    let lead = cases::insert_member(
        tx,
        &cases::NewMember {
            case_id: case,
            user_id: Some(recorded_by),
            guardian_id: None,
            org_id: Some(school),
            role_in_case: "intern begeleider".into(),
            basis: "legal_task".into(),
            consent_id: None,
            legal_task: Some("school_pupil_file".into()),
            is_lead: true,
            added_by_user_id: Some(recorded_by),
        },
        now,
    )
    .await
    .expect("lead seat");
    (case, consent, lead)
}

/// Two-factor on, with a known secret and known recovery codes.
pub async fn enable_totp(t: &TestApp, person: &Person) {
    let secret: Vec<u8> = format!("journeys-totp-{:06}", person.id).into_bytes();
    assert!(secret.len() >= 20, "TOTP secrets have at least 160 bits");
    two_factor::set_pending_secret(&t.db, person.id, &t.app.keys().encrypt("totp", &secret))
        .await
        .expect("store secret");
    let hashes: Vec<String> = recovery_codes(person)
        .iter()
        .map(|c| {
            let normal: String = c
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .map(|c| c.to_ascii_lowercase())
                .collect();
            brug_app::crypto::sha256_hex(&normal)
        })
        .collect();
    let mut tx = t.db.begin().await.expect("begin");
    two_factor::enable(&mut tx, person.id, 0, &hashes)
        .await
        .expect("enable two-factor");
    tx.commit().await.expect("commit");
    t.register_secret(&person.email, secret);
}
