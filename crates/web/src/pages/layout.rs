//! The frame around every page: title, language switch, navigation, who is signed in, the
//! CSRF token the forms carry.

use std::sync::Arc;

use axum::http::Uri;

use crate::i18n::{Lang, Tr};
use crate::session::SessionUser;

/// What the base template needs on every page.
pub struct Layout {
    pub t: Tr,
    pub title: String,
    /// The same page in the other language.
    pub switch_href: String,
    pub switch_label: &'static str,
    /// Which top navigation entry is current.
    pub nav: &'static str,
    /// Who is signed in, for the header.
    pub user: Option<Arc<SessionUser>>,
    /// The CSRF token every form of the page carries (`<input type=hidden name=csrf>`).
    pub csrf: String,
}

impl Layout {
    pub fn new(lang: Lang, uri: &Uri, title: String, nav: &'static str) -> Layout {
        let t = lang.tr();
        let other = lang.other();
        let mut params: Vec<String> = uri
            .query()
            .unwrap_or("")
            .split('&')
            .filter(|kv| !kv.is_empty() && !kv.starts_with("lang=") && !kv.starts_with("page="))
            .map(str::to_owned)
            .collect();
        params.push(format!("lang={}", other.code()));
        Layout {
            t,
            title,
            switch_href: format!("{}?{}", uri.path(), params.join("&")),
            switch_label: match other {
                Lang::Vi => "Tiếng Việt",
                Lang::En => "English",
            },
            nav,
            user: None,
            csrf: String::new(),
        }
    }

    /// Whether the signed-in person is an officer (shows the work menu).
    pub fn is_officer(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.is_officer())
    }

    /// Whether the signed-in person administers the system (shows the administration menu).
    pub fn is_admin(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| u.has_any(&[motcua_domain::Role::Admin]))
    }

    /// Whether the signed-in person may read reports (shows "Báo cáo" in the header).
    pub fn can_report(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| u.has_any(&motcua_domain::reports::REPORT_ROLES))
    }

    pub fn lang(&self) -> &'static str {
        self.t.lang.code()
    }
}
