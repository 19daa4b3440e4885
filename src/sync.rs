//! Sync as the page sees it. A device that syncs keeps its server's address in its
//! settings (`sync.server`); the staff member signs in with a CouchDB user (the server
//! keeps the session in a cookie). One tab at a time syncs: the one holding the Web Lock
//! `kehu-sync` runs the sync worker (`crates/worker/src/sync.rs`); when it closes,
//! another tab waiting for the lock takes over. The worker tells every tab how sync
//! stands on a broadcast channel, and what it writes reaches every tab's pages through
//! the store's change announcements, as any other write does.

use crate::i18n::{Lang, tr};
use crate::worker::{self, Reply};
use kehu_core::envelope::Request;
use kehu_core::replicate::{Ask, Failure, Server, Status};
use leptos::prelude::*;
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/sync.js")]
extern "C" {
    fn hold_lock(on_held: &Closure<dyn FnMut()>);
    fn let_go();
    async fn ask_server(url: &str, method: &str, body: Option<String>) -> JsValue;
}

/// The device setting that holds the server's address.
const SERVER: &str = "sync.server";
/// The device setting that says a user signed in here: the device syncs.
const ON: &str = "sync.on";

/// The device settings that name who signed in here and their roles at the server, as
/// it last said: kept so the device knows them offline.
const USER: &str = "sync.user";
const ROLES: &str = "sync.roles";

/// Who signed in on a device that syncs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub name: String,
    pub roles: Vec<String>,
}

impl Account {
    /// An admin of the shop's database, or of the whole server.
    pub fn is_admin(&self) -> bool {
        self.roles.iter().any(|r| r == "admin" || r == "_admin")
    }
}

/// Who signed in on this device, when it syncs (`None` when it does not, or before the
/// server first said).
pub fn account() -> Option<Account> {
    use crate::platform::setting;
    let name = setting(USER).filter(|n| !n.is_empty() && switched_on())?;
    let roles = setting(ROLES).unwrap_or_default();
    Some(Account {
        name,
        roles: roles
            .split(',')
            .filter(|r| !r.is_empty())
            .map(String::from)
            .collect(),
    })
}

/// Keeps who the server says is signed in, when it changed.
fn remember(name: &str, roles: &[String]) {
    use crate::platform::{set_setting, setting};
    let roles = roles.join(",");
    if setting(USER).as_deref() != Some(name) {
        set_setting(USER, name);
    }
    if setting(ROLES).as_deref() != Some(&roles) {
        set_setting(ROLES, &roles);
    }
}

/// The server this device was set up with, if any.
pub fn saved_server() -> Option<Server> {
    crate::platform::setting(SERVER).and_then(|s| Server::parse(&s).ok())
}

/// Whether a user signed in on this device (so it syncs).
pub fn switched_on() -> bool {
    crate::platform::setting(ON).is_some()
}

/// Signed in at `server`: the device syncs with it from now on (the page follows the
/// setting, see [`Sync::follow`]).
pub fn switch_on(server: &Server) {
    crate::platform::set_setting(SERVER, server.db());
    crate::platform::set_setting(ON, "1");
}

/// Signed out: the device stops syncing (the address stays, for the next sign-in).
pub fn switch_off() {
    for key in [ON, USER, ROLES] {
        crate::platform::remove_setting(key);
    }
}

thread_local! {
    static WORKER: RefCell<Option<worker::Handle>> = const { RefCell::new(None) };
}

/// Sync's state in this tab.
#[derive(Clone, Copy)]
pub struct Sync {
    /// The server this device syncs with, once set up.
    pub server: RwSignal<Option<Server>>,
    /// How sync stands, as the syncing tab last said.
    pub status: RwSignal<Option<Status>>,
    /// Who signed in here ([`account`]), followed as the settings change.
    pub account: RwSignal<Option<Account>>,
}

pub fn use_sync() -> Sync {
    expect_context::<Sync>()
}

impl Sync {
    /// Sync as this device is set up: listening to the syncing tab, and waiting for
    /// the lock when a server is set.
    pub fn new() -> Sync {
        let sync = Sync {
            server: RwSignal::new(None),
            status: RwSignal::new(None),
            account: RwSignal::new(account()),
        };
        sync.listen();
        sync.follow();
        // The settings change in the office (signing in and out) or in another tab.
        for event in [crate::platform::SETTING_EVENT, "storage"] {
            let handle = window_event_listener_untyped(event, move |_| sync.follow());
            // Listened to for as long as the page lives.
            std::mem::forget(handle);
        }
        sync
    }

    /// Starts or stops syncing as the device's settings now say.
    fn follow(self) {
        let who = account();
        if who != self.account.get_untracked() {
            self.account.set(who);
        }
        let wanted = saved_server().filter(|_| switched_on());
        if wanted == self.server.get_untracked() {
            // Signed in again where the worker waits out a failure: no need to wait.
            if wanted.is_some() {
                self.now();
            }
            return;
        }
        self.stop();
        if let Some(s) = wanted {
            self.start(s);
        }
    }

    /// Hears the status the syncing tab's worker broadcasts.
    fn listen(self) {
        let Ok(ch) = web_sys::BroadcastChannel::new(&channel_name()) else {
            return;
        };
        let status = self.status;
        let on =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                if let Some(s) = e
                    .data()
                    .as_string()
                    .and_then(|t| serde_json::from_str(&t).ok())
                {
                    status.set(Some(s));
                }
            });
        ch.set_onmessage(Some(on.as_ref().unchecked_ref()));
        // Both live as long as the page.
        on.forget();
        std::mem::forget(ch);
    }

    /// Syncs with `server`, once this tab holds the lock.
    fn start(self, server: Server) {
        self.server.set(Some(server.clone()));
        self.status.set(Some(Status::Syncing {
            pulled: 0,
            total: None,
        }));
        let (status, current) = (self.status, self.server);
        let held = Closure::<dyn FnMut()>::new(move || {
            // Signed out (or moved to another server) while waiting for the lock.
            if current.get_untracked().as_ref() != Some(&server) {
                return let_go();
            }
            let handle = worker::spawn(
                Request::Sync(Ask::Start {
                    server: server.clone(),
                }),
                None,
                move |reply, _| match reply {
                    Reply::Sync(s) => status.set(Some(s)),
                    Reply::Crashed(e) => status.set(Some(Status::Failed(Failure::Stopped(e)))),
                    _ => {}
                },
            );
            WORKER.with(|w| *w.borrow_mut() = handle);
        });
        hold_lock(&held);
        // Called once, whenever the lock comes.
        held.forget();
    }

    /// Whether the actions that replace the shop's data (restore, erase all) are closed
    /// here: the device syncs, and who signed in is not an admin (or not known yet).
    pub fn admin_only(self) -> bool {
        self.server.with(Option::is_some)
            && !self
                .account
                .with(|a| a.as_ref().is_some_and(Account::is_admin))
    }

    /// Syncs now rather than at the next change, in whichever tab holds the lock.
    pub fn now(self) {
        let name = kehu_core::replicate::now_channel(kehu_store::DB_NAME);
        if let Ok(ch) = web_sys::BroadcastChannel::new(&name) {
            let _ = ch.post_message(&JsValue::NULL);
            ch.close();
        }
    }

    /// Stops syncing in this tab (signed out): the worker ends and the lock goes.
    fn stop(self) {
        WORKER.with(|w| w.borrow_mut().take());
        let_go();
        self.server.set(None);
        self.status.set(None);
    }
}

/// While values sync set aside wait for someone to pick, every page says so, with
/// the way to the list (not while `hidden`: the kiosk, in front of a customer).
#[component]
pub fn ConflictBanner(hidden: Signal<bool>) -> impl IntoView {
    let i = crate::i18n::use_i18n();
    let count = crate::data::resource(vec![crate::data::Topic::Conflicts], |db| async move {
        db.sync_conflict_count().await
    });
    move || {
        let n = count.get().and_then(Result::ok).unwrap_or(0);
        (n > 0 && !hidden.get()).then(|| {
            let text = tr!(
                i.get(),
                "{n} 条记录在两台设备上被改得不一样，需要有人选定",
                "Changed differently on two devices, waiting for someone to pick: {n}"
            );
            view! {
                <div class="panel panel-warn notice-bar" id="conflict-banner" role="status">
                    <span>{text}</span>
                    <a class="btn btn-small btn-primary" href="#/sync" id="conflict-review">{i.tr(crate::i18n::K::ConflictReview)}</a>
                </div>
            }
        })
    }
}

fn channel_name() -> String {
    kehu_core::replicate::status_channel(kehu_store::DB_NAME)
}

/// Why signing in did not work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInError {
    /// The server knows no such name with that password.
    Wrong,
    /// No answer from the address.
    Unreachable,
    /// Another answer: its status.
    Server(u16),
}

/// The server's answer: its status (0: none) and body. (Answers are read into types of
/// their own: a reader of any JSON would add to every visit's download.)
async fn ask(url: &str, method: &str, body: Option<String>) -> (u16, String) {
    let pair: js_sys::Array = ask_server(url, method, body).await.unchecked_into();
    let status = pair.get(0).as_f64().unwrap_or(0.0) as u16;
    (status, pair.get(1).as_string().unwrap_or_default())
}

#[derive(serde::Serialize)]
struct Credentials<'a> {
    name: &'a str,
    password: &'a str,
}

/// `_session`'s answer: who is signed in.
#[derive(serde::Deserialize)]
struct Session {
    #[serde(rename = "userCtx")]
    user: UserCtx,
}

#[derive(serde::Deserialize)]
struct UserCtx {
    name: Option<String>,
    #[serde(default)]
    roles: Vec<String>,
}

/// Signs in at `server` as `name`: the server sets its session cookie.
pub async fn sign_in(server: &Server, name: &str, password: &str) -> Result<(), SignInError> {
    // Our own plain type always serialises.
    let body = serde_json::to_string(&Credentials { name, password }).unwrap_or_default();
    match ask(&server.session(), "POST", Some(body)).await {
        (200..=299, _) => Ok(()),
        (0, _) => Err(SignInError::Unreachable),
        (401, _) => Err(SignInError::Wrong),
        (s, _) => Err(SignInError::Server(s)),
    }
}

/// Ends the session at `server`.
pub async fn sign_out(server: &Server) {
    ask(&server.session(), "DELETE", None).await;
}

/// Who is signed in at `server`, with their roles; `None` when nobody is. Remembered
/// as this device's [`account`], which answers when the server cannot (no network, or
/// a server error): a device that syncs does not look signed out for being offline.
pub async fn signed_in(server: &Server) -> Option<(String, Vec<String>)> {
    let (status, body) = ask(&server.session(), "GET", None).await;
    if status == 0 || status >= 500 {
        return account().map(|a| (a.name, a.roles));
    }
    let session: Session = serde_json::from_str(&body).ok().filter(|_| status == 200)?;
    let (name, roles) = (session.user.name?, session.user.roles);
    if switched_on() {
        remember(&name, &roles);
    }
    Some((name, roles))
}

/// The indicator's text for `s`.
pub fn status_text(lang: Lang, s: &Status) -> String {
    match s {
        Status::Synced { at } => {
            let when = crate::i18n::datetime(
                lang,
                kehu_core::Millis(*at),
                crate::platform::utc_offset_min(),
            );
            tr!(lang, "已同步 · {when}", "Synced · {when}")
        }
        Status::Syncing { pulled, total } => match total {
            Some(total) if *total > 0 => {
                let (pulled, total) = (crate::i18n::group(*pulled), crate::i18n::group(*total));
                tr!(
                    lang,
                    "正在同步 {pulled}/{total}",
                    "Syncing {pulled}/{total}"
                )
            }
            _ => tr!(lang, "正在同步…", "Syncing…"),
        },
        Status::Offline { waiting: Some(0) } => tr!(lang, "离线", "Offline"),
        Status::Offline { waiting: Some(1) } => {
            tr!(lang, "离线 · 1 项修改待同步", "Offline · 1 change waiting")
        }
        Status::Offline { waiting: Some(n) } => {
            let n = crate::i18n::group(*n);
            tr!(
                lang,
                "离线 · {n} 项修改待同步",
                "Offline · {n} changes waiting"
            )
        }
        Status::Offline { waiting: None } => tr!(
            lang,
            "离线 · 恢复的备份待同步",
            "Offline · the restored backup is waiting"
        ),
        Status::Failed(f) => {
            let why = failure_text(lang, f);
            tr!(lang, "同步出错：{why}", "Sync failed: {why}")
        }
    }
}

fn failure_text(lang: Lang, f: &Failure) -> String {
    match f {
        Failure::SignedOut => tr!(
            lang,
            "未登录，请在设置中登录",
            "signed out; sign in under Settings"
        ),
        Failure::NotAllowed => tr!(
            lang,
            "这个用户无权使用该数据库",
            "this user may not use the database"
        ),
        Failure::Refused { reason, .. } => {
            let why = refusal_text(lang, reason);
            tr!(
                lang,
                "服务器拒绝了一项修改：{why}",
                "the server refused a change: {why}"
            )
        }
        Failure::NoDatabase => tr!(
            lang,
            "该地址没有数据库",
            "there is no database at this address"
        ),
        Failure::Server(status) => tr!(
            lang,
            "服务器返回错误 {status}",
            "the server answered {status}"
        ),
        Failure::Protocol(e) => tr!(
            lang,
            "服务器的回答无法识别（{e}）",
            "the server's answer is not CouchDB's ({e})"
        ),
        Failure::Storage(e) => tr!(
            lang,
            "本机数据库出错（{e}）",
            "this device's database failed ({e})"
        ),
        Failure::Stopped(e) if e.is_empty() => {
            tr!(lang, "同步进程意外停止", "sync stopped unexpectedly")
        }
        Failure::Stopped(e) => tr!(
            lang,
            "同步进程意外停止（{e}）",
            "sync stopped unexpectedly ({e})"
        ),
    }
}

/// Why the server refused a write, from its reason (the server's own words when this
/// version does not know them).
pub fn refusal_text(lang: Lang, reason: &str) -> String {
    use kehu_core::replicate::Refusal as R;
    match R::of(reason) {
        R::ReadOnly => tr!(
            lang,
            "这个账户只能查看，不能修改",
            "this account may only read"
        ),
        R::NotKehu => tr!(lang, "不是客户系统的记录", "not a kehu record"),
        R::NotYours => tr!(
            lang,
            "记录必须以登录的用户署名",
            "a record is signed by the signed-in user"
        ),
        R::BatchFixed => tr!(
            lang,
            "导入的订单批次不能修改，只能撤回",
            "an imported order batch is never changed, only taken back"
        ),
        R::Unstamped => tr!(lang, "记录缺少版本号", "the record has no revision"),
        R::Other => reason.to_string(),
    }
}

/// The indicator's own few words for `s` (the whole of [`status_text`] is its label and
/// the settings' state).
pub fn badge_text(lang: Lang, s: &Status) -> String {
    match s {
        Status::Synced { .. } => tr!(lang, "已同步", "Synced"),
        Status::Syncing {
            pulled,
            total: Some(total),
        } if *total > 0 => {
            let share = crate::i18n::percent((*pulled as f64 / *total as f64).min(1.0));
            tr!(lang, "同步中 {share}", "Syncing {share}")
        }
        Status::Syncing { .. } => tr!(lang, "同步中", "Syncing"),
        Status::Offline {
            waiting: Some(n @ 1..),
        } => {
            let n = crate::i18n::group(*n);
            tr!(lang, "离线 · {n}", "Offline · {n}")
        }
        Status::Offline { .. } => tr!(lang, "离线", "Offline"),
        Status::Failed(_) => tr!(lang, "同步出错", "Sync error"),
    }
}

/// The indicator's look for `s`.
fn status_class(s: &Status) -> &'static str {
    match s {
        Status::Synced { .. } => "sync-badge sync-ok",
        Status::Syncing { .. } => "sync-badge sync-busy",
        Status::Offline { .. } => "sync-badge sync-offline",
        Status::Failed(_) => "sync-badge sync-failed",
    }
}

/// The sync indicator in the top bar (nothing on a device that does not sync); it
/// leads to the settings, where sync is set up.
#[component]
pub fn SyncBadge() -> impl IntoView {
    let sync = use_sync();
    let i = crate::i18n::use_i18n();
    move || {
        let s = sync.status.get()?;
        let full = status_text(i.get(), &s);
        Some(view! {
            <a class=status_class(&s) id="sync-status" href="#/settings" role="status"
                title=full.clone() aria-label=full>
                <span class="sync-dot" aria-hidden="true"></span>
                <span class="sync-text">{badge_text(i.get(), &s)}</span>
            </a>
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_indicator_says_each_state_in_both_languages() {
        let offline = Status::Offline { waiting: Some(3) };
        assert_eq!(status_text(Lang::Zh, &offline), "离线 · 3 项修改待同步");
        assert_eq!(
            status_text(Lang::En, &offline),
            "Offline · 3 changes waiting"
        );
        let first = Status::Syncing {
            pulled: 1_000,
            total: Some(100_000),
        };
        assert_eq!(status_text(Lang::En, &first), "Syncing 1,000/100,000");
        assert_eq!(badge_text(Lang::En, &first), "Syncing 1%");
        let one = Status::Offline { waiting: Some(1) };
        assert_eq!(status_text(Lang::En, &one), "Offline · 1 change waiting");
        assert_eq!(badge_text(Lang::En, &one), "Offline · 1");
        let none = Status::Offline { waiting: Some(0) };
        assert_eq!(badge_text(Lang::Zh, &none), "离线");
        let refused = Status::Failed(Failure::Refused {
            doc: "tasks:1".into(),
            reason: "only staff may change the shop's records".into(),
        });
        assert_eq!(
            status_text(Lang::Zh, &refused),
            "同步出错：服务器拒绝了一项修改：这个账户只能查看，不能修改"
        );
        assert_eq!(refusal_text(Lang::En, "new words"), "new words");
        assert_eq!(
            status_text(Lang::En, &Status::Failed(Failure::SignedOut)),
            "Sync failed: signed out; sign in under Settings"
        );
        // A crashed worker is said to be one, not blamed on the server.
        let stopped = Status::Failed(Failure::Stopped("unreachable".into()));
        assert_eq!(
            status_text(Lang::En, &stopped),
            "Sync failed: sync stopped unexpectedly (unreachable)"
        );
        assert_eq!(
            status_text(Lang::Zh, &stopped),
            "同步出错：同步进程意外停止（unreachable）"
        );
        // A worker whose script did not load says nothing of its own.
        let silent = Status::Failed(Failure::Stopped(String::new()));
        assert_eq!(
            status_text(Lang::En, &silent),
            "Sync failed: sync stopped unexpectedly"
        );
    }
}
