//! The password policy, one for everyone who sets a password (administrators for others,
//! applicants registering, the command line): at least [`MIN_PASSWORD`] characters, at most
//! [`MAX_PASSWORD`], and not one of the ~20,000 most common passwords of known breaches. No
//! composition rules (digits, symbols, cases): NIST SP 800-63B advises against them, as they
//! push people to predictable patterns without making passwords stronger.

use std::collections::HashSet;
use std::io::Read;
use std::sync::LazyLock;

use crate::admin::access::Problem;

/// The shortest password anyone may set.
pub const MIN_PASSWORD: usize = 10;
/// The longest (Argon2id hashes anything, but a megabyte "password" is an attack, not a secret).
pub const MAX_PASSWORD: usize = 256;

/// The bundled list (see `data/README.md` for its source and licence).
static COMMON_GZ: &[u8] = include_bytes!("../data/common-passwords.txt.gz");

/// The list, unpacked once on first use (lowercase, one entry per line).
static COMMON: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let mut text = String::new();
    if let Err(e) = flate2::read::GzDecoder::new(COMMON_GZ).read_to_string(&mut text) {
        // Cannot happen with the bundled file (a test reads it); refuse nothing rather than panic.
        tracing::error!(error = %e, "the bundled common-password list does not unpack");
    }
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
});

/// How many passwords the bundled list holds.
pub fn common_count() -> usize {
    COMMON.len()
}

/// Whether `password` is on the list of breached passwords, whatever its letter case.
pub fn is_common(password: &str) -> bool {
    COMMON.contains(&password.to_lowercase())
}

/// What is wrong with `password`, if anything, tied to the form field `password`.
pub fn password_problem(password: &str) -> Option<Problem> {
    let n = password.chars().count();
    if n < MIN_PASSWORD {
        return Some(Problem::new(
            "password",
            format!("Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự. Một câu dễ nhớ gồm vài từ là mật khẩu tốt."),
            format!("The password needs at least {MIN_PASSWORD} characters. A memorable phrase of a few words makes a good one."),
        ));
    }
    if n > MAX_PASSWORD {
        return Some(Problem::new(
            "password",
            format!("Mật khẩu dài quá {MAX_PASSWORD} ký tự."),
            format!("The password is longer than {MAX_PASSWORD} characters."),
        ));
    }
    if is_common(password) {
        return Some(Problem::new(
            "password",
            "Mật khẩu này nằm trong danh sách mật khẩu đã bị lộ, rất dễ đoán. Hãy chọn mật khẩu khác.",
            "This password is on a list of breached passwords and is easy to guess. Choose another one.",
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_list_unpacks_whole() {
        assert!(common_count() > 19_000, "{}", common_count());
        assert!(is_common("password"));
        assert!(is_common("123456789"));
    }

    #[test]
    fn breached_passwords_are_refused_whatever_their_case() {
        for p in [
            "1234567890",
            "qwertyuiop",
            "PASSWORD123",
            "Password123",
            "iloveyou12",
        ] {
            assert!(is_common(p), "{p} should be on the list");
            assert_eq!(
                password_problem(p).map(|p| p.field),
                Some("password"),
                "{p}"
            );
        }
    }

    #[test]
    fn length_without_composition_rules() {
        assert!(password_problem("short").is_some());
        assert!(password_problem(&"x".repeat(MAX_PASSWORD + 1)).is_some());
        // Only lowercase letters and spaces: long and uncommon is enough.
        assert!(password_problem("ngựa pin kẹp ghim đúng").is_none());
        assert!(password_problem("correct horse battery staple").is_none());
        // Ten characters, counted as characters, not bytes.
        assert!(password_problem("đđđđđđđđđ").is_some());
        assert!(password_problem("mưa rơi 123x").is_none());
    }
}
