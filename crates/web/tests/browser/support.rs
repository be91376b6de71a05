//! The harness of the browser tests: the gate, chromedriver with a guard
//! that ends it (and its Chromium) even when a test panics, a real server on
//! a free port with the demo data, a browser session with waiting helpers,
//! and login with TOTP codes computed here.

use std::collections::HashMap;
use std::net::{SocketAddr, TcpListener as StdListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use brug_app::{App, Settings};
use brug_demo::DemoAccount;
use brug_domain::clock::SystemClock;
use brug_store::audit::AuditMode;
use brug_test_support::TestDb;
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use tokio::sync::oneshot;

/// How long to wait for a page or an element before failing.
pub const WAIT: Duration = Duration::from_secs(15);

/// The seed of the demo data in every browser test.
pub const SEED: u64 = 2026;

/// Browser tests run only with `BRUG_BROWSER_TESTS=1` (scripts/test sets
/// it); otherwise the test says so and passes.
pub fn enabled(test: &str) -> bool {
    if std::env::var("BRUG_BROWSER_TESTS").as_deref() == Ok("1") {
        true
    } else {
        eprintln!("{test}: skipped: set BRUG_BROWSER_TESTS=1 to run the browser tests");
        false
    }
}

fn env_or(name: &str, default: &str) -> PathBuf {
    match std::env::var(name) {
        Ok(v) if !v.is_empty() => PathBuf::from(v),
        _ => PathBuf::from(default),
    }
}

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("find a free port for chromedriver")
}

/// A running chromedriver in its own process group. Dropping it kills the
/// group: chromedriver and any Chromium it started.
pub struct ChromeDriver {
    child: Child,
    pub url: String,
    log: PathBuf,
}

impl ChromeDriver {
    /// Start chromedriver on a free port and wait until it answers; panics
    /// (fails the test) when it cannot be started.
    pub fn start(dir: &std::path::Path) -> ChromeDriver {
        use std::os::unix::process::CommandExt;
        let binary = env_or("BRUG_CHROMEDRIVER", "/usr/bin/chromedriver");
        let mut last_error = String::new();
        for attempt in 0..3 {
            let port = free_port();
            let log = dir.join(format!("chromedriver-{attempt}.log"));
            let log_file = std::fs::File::create(&log).expect("create the chromedriver log");
            let err_file = log_file.try_clone().expect("clone the chromedriver log");
            let child = Command::new(&binary)
                .arg(format!("--port={port}"))
                .stdin(Stdio::null())
                .stdout(log_file)
                .stderr(err_file)
                .process_group(0)
                .spawn()
                .unwrap_or_else(|e| {
                    panic!(
                        "cannot start chromedriver ({}): {e}; install it with \
                         `source scripts/lib/browser.sh && browser_ensure_installed` \
                         or set BRUG_CHROMEDRIVER",
                        binary.display()
                    )
                });
            let mut driver = ChromeDriver {
                child,
                url: format!("http://127.0.0.1:{port}"),
                log,
            };
            let addr = SocketAddr::from(([127, 0, 0, 1], port));
            let deadline = Instant::now() + Duration::from_secs(20);
            loop {
                if let Ok(Some(status)) = driver.child.try_wait() {
                    last_error =
                        format!("chromedriver exited with {status}: {}", driver.log_text());
                    break;
                }
                if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                    return driver;
                }
                if Instant::now() > deadline {
                    last_error = format!(
                        "chromedriver did not answer on port {port}: {}",
                        driver.log_text()
                    );
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        panic!("cannot start chromedriver: {last_error}");
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        // The whole group: chromedriver and the browser it started.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The app served on 127.0.0.1 with the small demo region, real time.
pub struct Server {
    pub db: TestDb,
    pub app: Arc<App>,
    pub base: String,
    pub accounts: Vec<DemoAccount>,
    shutdown: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    pub async fn start(db: TestDb) -> Server {
        let (app, _writer) = App::start(
            db.db.clone(),
            Arc::new(SystemClock),
            Settings::with_key([7; 32]),
            AuditMode::On,
        )
        .await
        .expect("start the app");
        let report = brug_demo::generate(&db, app.keys(), brug_demo::Scale::Small, SEED, false)
            .await
            .expect("generate the demo data");
        let accounts = brug_demo::accounts(&db)
            .await
            .expect("read the demo accounts")
            .unwrap_or(report.accounts);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the server");
        let base = format!(
            "http://{}",
            listener.local_addr().expect("the server's address")
        );
        let (tx, rx) = oneshot::channel::<()>();
        let state = brug_web::AppState::new(app.clone());
        let task = tokio::spawn(async move {
            let shutdown = async move {
                let _ = rx.await;
            };
            if let Err(e) = brug_web::serve(listener, state, shutdown).await {
                eprintln!("server stopped: {e}");
            }
        });
        Server {
            db,
            app,
            base,
            accounts,
            shutdown: Some(tx),
            task,
        }
    }

    pub fn account(&self, email: &str) -> &DemoAccount {
        self.accounts
            .iter()
            .find(|a| a.email == email)
            .unwrap_or_else(|| panic!("no demo account {email}"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        // Keep-alive connections of a crashed browser must not hold the test.
        self.task.abort();
    }
}

/// Window sizes.
pub const DESKTOP: (u32, u32) = (1280, 900);
pub const PHONE: (u32, u32) = (375, 740);

/// Options of a browser session.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub size: (u32, u32),
    pub javascript: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            size: DESKTOP,
            javascript: true,
        }
    }
}

/// One headless Chromium, driven through its own chromedriver, against one server.
pub struct Browser {
    pub client: Client,
    base: String,
    // Dropped after the client: the driver ends the browser, then the profile goes.
    driver: ChromeDriver,
    _dir: tempfile::TempDir,
}

impl Browser {
    pub async fn open(base: &str, options: Options) -> Browser {
        let dir = tempfile::tempdir().expect("temporary folder for the browser");
        let driver = ChromeDriver::start(dir.path());
        let profile = dir.path().join("profile");
        let (w, h) = options.size;
        let mut chrome = json!({
            "args": [
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--password-store=basic",
                // No smooth scrolling (brug.css has it unless motion is
                // reduced): chromedriver clicks right after scrolling.
                "--force-prefers-reduced-motion",
                format!("--window-size={w},{h}"),
                format!("--user-data-dir={}", profile.display()),
            ],
            "binary": env_or("BRUG_CHROMIUM", "/usr/bin/chromium").display().to_string(),
        });
        if w < 600 {
            // A phone: a narrow viewport that honours `<meta name="viewport">`
            // (a desktop window cannot be made this narrow).
            chrome["mobileEmulation"] = json!({
                "deviceMetrics": { "width": w, "height": h, "pixelRatio": 2.0, "mobile": true, "touch": true },
            });
        }
        if !options.javascript {
            chrome["prefs"] = json!({ "profile.managed_default_content_settings.javascript": 2 });
        }
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert("goog:chromeOptions".into(), chrome);
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&driver.url)
            .await
            .unwrap_or_else(|e| {
                panic!(
                    "cannot open a Chromium session: {e}\nchromedriver log:\n{}",
                    driver.log_text()
                )
            });
        Browser {
            client,
            base: base.trim_end_matches('/').to_owned(),
            driver,
            _dir: dir,
        }
    }

    /// End the session (Chromium quits), then chromedriver.
    pub async fn close(self) {
        let Browser {
            client,
            driver,
            _dir,
            ..
        } = self;
        let _ = tokio::time::timeout(Duration::from_secs(10), client.close()).await;
        drop(driver);
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn goto(&self, path: &str) {
        self.client
            .goto(&self.url(path))
            .await
            .unwrap_or_else(|e| panic!("open {path}: {e}"));
    }

    /// Path and query of the current page.
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("the current URL");
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// Wait until the page's path (without query) is `path`.
    pub async fn wait_for_path(&self, path: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            let now = self.path().await;
            if now.split('?').next() == Some(path) {
                return;
            }
            if Instant::now() > deadline {
                panic!(
                    "expected to arrive at {path}, but the browser is at {now}; page:\n{}",
                    self.body_text().await
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub async fn wait_for(&self, css: &str) -> Element {
        match self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
        {
            Ok(e) => e,
            Err(e) => panic!(
                "no element {css} at {} ({e}); page:\n{}",
                self.path().await,
                self.body_text().await
            ),
        }
    }

    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        self.client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("find {css}: {e}"))
    }

    pub async fn text(&self, css: &str) -> String {
        self.wait_for(css)
            .await
            .text()
            .await
            .unwrap_or_else(|e| panic!("text of {css}: {e}"))
    }

    pub async fn body_text(&self) -> String {
        match self.client.find(Locator::Css("body")).await {
            Ok(body) => body.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    /// The `lang` attribute of the document.
    pub async fn lang(&self) -> String {
        self.wait_for("html")
            .await
            .attr("lang")
            .await
            .expect("read lang")
            .unwrap_or_default()
    }

    /// Wait until the document's language is `code` (after a switch).
    pub async fn wait_for_lang(&self, code: &str) {
        let deadline = Instant::now() + WAIT;
        while self.lang().await != code {
            if Instant::now() > deadline {
                panic!("the page never got lang=\"{code}\"");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Wait until the text of `css` contains `needle`.
    pub async fn wait_for_text(&self, css: &str, needle: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(e) = self.client.find(Locator::Css(css)).await
                && let Ok(text) = e.text().await
                && text.contains(needle)
            {
                return text;
            }
            if Instant::now() > deadline {
                panic!(
                    "no {css} containing {needle:?} at {}; page:\n{}",
                    self.path().await,
                    self.body_text().await
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Clear a field and type into it, as a user would.
    pub async fn fill(&self, css: &str, value: &str) {
        let field = self.wait_for(css).await;
        field
            .clear()
            .await
            .unwrap_or_else(|e| panic!("clear {css}: {e}"));
        field
            .send_keys(value)
            .await
            .unwrap_or_else(|e| panic!("type into {css}: {e}"));
    }

    /// Click a link or button that loads a page, and wait until the old
    /// page is gone (works with JavaScript off, and for a page that
    /// reloads itself, such as a form with an error).
    pub async fn click(&self, css: &str) {
        let old = self.wait_for("html").await;
        self.wait_for(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
        self.wait_until_gone(&old).await;
    }

    /// Wait until `old` no longer belongs to the current document.
    pub async fn wait_until_gone(&self, old: &Element) {
        let deadline = Instant::now() + WAIT;
        while old.tag_name().await.is_ok() {
            if Instant::now() > deadline {
                panic!(
                    "the page at {} did not change; page:\n{}",
                    self.path().await,
                    self.body_text().await
                );
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        self.wait_for("body").await;
    }

    /// Wait until the current URL (path and query) contains `needle`.
    pub async fn wait_for_url_containing(&self, needle: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            let now = self.path().await;
            if now.contains(needle) {
                return;
            }
            if Instant::now() > deadline {
                panic!("expected a URL containing {needle:?}, but the browser is at {now}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The page has no inline script: every `<script>` (if any) has a `src`.
    pub async fn assert_no_inline_script(&self) {
        for script in self.find_all("script").await {
            let src = script.attr("src").await.expect("read src");
            assert!(
                src.is_some_and(|s| !s.is_empty()),
                "inline <script> on {}",
                self.path().await
            );
        }
        // No inline event handlers either (they are inline script too).
        let handlers = self
            .execute(
                "return Array.from(document.querySelectorAll('*')).flatMap(e => \
                 Array.from(e.attributes).filter(a => a.name.startsWith('on')).map(a => a.name)).length",
            )
            .await;
        assert_eq!(
            handlers,
            serde_json::json!(0),
            "inline event handlers on {}",
            self.path().await
        );
    }

    /// The value of a form field as the browser holds it.
    pub async fn value(&self, css: &str) -> String {
        self.wait_for(css)
            .await
            .prop("value")
            .await
            .unwrap_or_else(|e| panic!("value of {css}: {e}"))
            .unwrap_or_default()
    }

    pub async fn execute(&self, script: &str) -> Value {
        self.client
            .execute(script, Vec::new())
            .await
            .unwrap_or_else(|e| panic!("execute {script}: {e}"))
    }

    /// Fill in email and password and press the login button.
    pub async fn submit_password(&self, email: &str, password: &str) {
        self.fill("#email", email).await;
        self.fill("#password", password).await;
        self.click("#login-submit").await;
    }

    /// Log in without a second factor (parents, pupils); lands on `/start`.
    pub async fn login_password_only(&self, email: &str, password: &str) {
        self.goto("/login").await;
        self.submit_password(email, password).await;
        self.wait_for_path("/start").await;
    }

    /// Log in with password and a TOTP code; lands on `/start`.
    pub async fn login_with_totp(&self, totp: &Totp, email: &str, password: &str, secret: &[u8]) {
        self.goto("/login").await;
        self.submit_password(email, password).await;
        self.wait_for_path("/login/two-factor").await;
        let code = totp.fresh_code(email, secret).await;
        self.fill("#code", &code).await;
        self.click("#code-submit").await;
        self.wait_for_path("/start").await;
    }

    /// Press the logout button; lands on the login page.
    pub async fn logout(&self) {
        self.click("#logout").await;
        self.wait_for_path("/login").await;
        self.wait_for("#login-submit").await;
    }
}

/// Decode a base32 TOTP secret (spaces allowed, as the setup page groups it).
pub fn decode_secret(base32: &str) -> Vec<u8> {
    let clean: String = base32
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    data_encoding::BASE32_NOPAD
        .decode(clean.as_bytes())
        .unwrap_or_else(|e| panic!("bad base32 secret {base32:?}: {e}"))
}

pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs()
}

/// An authenticator: codes in real time, never the same time step twice for
/// one account (the server accepts each step once, and one step either side).
#[derive(Default)]
pub struct Totp {
    last_steps: Mutex<HashMap<String, u64>>,
}

impl Totp {
    pub async fn fresh_code(&self, email: &str, secret: &[u8]) -> String {
        let step = {
            let mut steps = self.last_steps.lock().unwrap_or_else(|e| e.into_inner());
            let current = unix_now() / 30;
            let step = match steps.get(email) {
                Some(&last) if last >= current => last + 1,
                _ => current,
            };
            steps.insert(email.to_owned(), step);
            step
        };
        // The server takes the next step too; any later one needs waiting.
        loop {
            let current = unix_now() / 30;
            if step <= current + 1 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        brug_app::two_factor::code_at(secret, step * 30)
    }
}
