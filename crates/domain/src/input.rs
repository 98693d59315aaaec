//! What text people may type, in one place: the length of every kind of field, the characters
//! no field may hold, and the shape of identity numbers and phone numbers.
//!
//! Every door checks against these: the use cases through the domain's own validation (a new
//! dossier, a PAKN, a rating, a note on an action), and the HTTP edge for the limits that hold
//! for any text at all ([`ANY_TEXT_MAX`], no NUL). A NUL byte is refused everywhere because
//! PostgreSQL cannot store it in `text` and SQLite would keep it where no reader expects it.

use serde::{Deserialize, Serialize};

/// A person's or organisation's name.
pub const NAME_MAX: usize = 200;
/// A postal address.
pub const ADDRESS_MAX: usize = 500;
/// An e-mail address (RFC 5321's path limit).
pub const EMAIL_MAX: usize = 254;
/// A phone number as typed, separators included.
pub const PHONE_MAX: usize = 24;
/// An identity number, tax code or passport number as typed.
pub const ID_NUMBER_MAX: usize = 24;
/// A code (dossier, procedure, agency, PAKN…).
pub const CODE_MAX: usize = 64;
/// A dossier's summary ("trích yếu") or a short title such as a PAKN subject.
pub const SUMMARY_MAX: usize = 2_000;
/// A PAKN subject.
pub const SUBJECT_MAX: usize = 300;
/// A long text: a PAKN body or its answer, a note or a reason on an action, a comment.
pub const BODY_MAX: usize = 10_000;
/// Any other single text value the server accepts (a form field, a JSON string). Larger
/// than every specific limit above, so those give the precise message.
pub const ANY_TEXT_MAX: usize = 50_000;

/// Why a text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "problem")]
pub enum TextProblem {
    /// Longer than `max` characters.
    TooLong { max: usize },
    /// Holds a NUL or another control character (tabs and line breaks are allowed).
    ControlCharacter,
    /// Not a CCCD (12 digits), CMND (9 digits), passport or tax code.
    NotIdNumber,
    /// Not a Vietnamese phone number.
    NotPhone,
    /// Not an e-mail address.
    NotEmail,
}

impl TextProblem {
    pub fn message_vi(&self) -> String {
        match self {
            TextProblem::TooLong { max } => format!("dài quá {max} ký tự"),
            TextProblem::ControlCharacter => "chứa ký tự điều khiển không hợp lệ".into(),
            TextProblem::NotIdNumber => "không phải số CCCD (12 chữ số), CMND (9 chữ số), \
                                         hộ chiếu hoặc mã số thuế hợp lệ"
                .into(),
            TextProblem::NotPhone => "không phải số điện thoại Việt Nam hợp lệ".into(),
            TextProblem::NotEmail => "không phải địa chỉ thư điện tử hợp lệ".into(),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            TextProblem::TooLong { max } => format!("is longer than {max} characters"),
            TextProblem::ControlCharacter => "contains a control character".into(),
            TextProblem::NotIdNumber => "is not a valid citizen identity number (12 digits), \
                                         ID card number (9 digits), passport or tax code"
                .into(),
            TextProblem::NotPhone => "is not a valid Vietnamese phone number".into(),
            TextProblem::NotEmail => "is not a valid e-mail address".into(),
        }
    }
}

/// `s` is at most `max` characters and holds no control character other than tab, line feed
/// and carriage return (so no NUL).
pub fn check_text(s: &str, max: usize) -> Result<(), TextProblem> {
    if s.chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        return Err(TextProblem::ControlCharacter);
    }
    // Counting stops at max + 1: a 1.5 MB value costs no more than a long one.
    if s.chars().take(max + 1).count() > max {
        return Err(TextProblem::TooLong { max });
    }
    Ok(())
}

/// [`check_text`] for a one-line value: no line breaks or tabs either.
pub fn check_line(s: &str, max: usize) -> Result<(), TextProblem> {
    if s.chars().any(char::is_control) {
        return Err(TextProblem::ControlCharacter);
    }
    check_text(s, max)
}

/// The kinds of identity number a dossier may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    /// Căn cước công dân / căn cước: 12 digits.
    Cccd,
    /// Chứng minh nhân dân (old): 9 digits.
    Cmnd,
    /// Hộ chiếu: one or two letters and 6–8 digits (Vietnamese passports: a letter and 7
    /// digits, e.g. `C1234567`).
    Passport,
    /// Mã số thuế / mã số doanh nghiệp: 10 digits, a branch's `10-3`, or 13 digits.
    TaxCode,
}

/// What kind of identity number `s` is, ignoring spaces and dots between its characters;
/// `None` when it is none of them.
pub fn id_number_kind(s: &str) -> Option<IdKind> {
    let t: String = s
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '.'))
        .collect();
    let digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
    if let Some((main, branch)) = t.split_once('-') {
        return (main.len() == 10 && digits(main) && branch.len() == 3 && digits(branch))
            .then_some(IdKind::TaxCode);
    }
    if digits(&t) {
        return match t.len() {
            12 => Some(IdKind::Cccd),
            9 => Some(IdKind::Cmnd),
            10 | 13 => Some(IdKind::TaxCode),
            _ => None,
        };
    }
    let letters = t.bytes().take_while(u8::is_ascii_alphabetic).count();
    let rest = &t[letters..];
    ((1..=2).contains(&letters) && (6..=8).contains(&rest.len()) && digits(rest))
        .then_some(IdKind::Passport)
}

/// The national significant number of a Vietnamese phone number (without the leading `0` or
/// `+84`), separators (spaces, dots, dashes, parentheses) ignored; `None` if it is not one.
fn national_number(s: &str) -> Option<String> {
    let t: String = s
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')'))
        .collect();
    let rest = t
        .strip_prefix("+84")
        .or_else(|| t.strip_prefix("0084"))
        .or_else(|| t.strip_prefix('0'))?;
    let rest = rest.strip_prefix('0').unwrap_or(rest);
    rest.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| rest.to_owned())
}

/// A Vietnamese mobile number, the only kind that can receive an SMS (network prefixes in
/// [`crate::phone`]).
pub use crate::phone::is_mobile;

/// A Vietnamese phone number: a mobile number, or a landline (`02` + area code + number,
/// eleven digits since 2017).
pub fn is_phone(s: &str) -> bool {
    is_mobile(s) || national_number(s).is_some_and(|n| n.len() == 10 && n.starts_with('2'))
}

/// A plausible e-mail address: one `@`, something before it, a dotted domain after it, no
/// spaces. (Deliverability is the mail server's to say.)
pub fn is_email(s: &str) -> bool {
    let s = s.trim();
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// An identity number: checked for length and characters, then for its shape.
pub fn check_id_number(s: &str) -> Result<(), TextProblem> {
    check_line(s, ID_NUMBER_MAX)?;
    id_number_kind(s)
        .map(|_| ())
        .ok_or(TextProblem::NotIdNumber)
}

/// A phone number: checked for length and characters, then for its shape.
pub fn check_phone(s: &str) -> Result<(), TextProblem> {
    check_line(s, PHONE_MAX)?;
    is_phone(s).then_some(()).ok_or(TextProblem::NotPhone)
}

/// An e-mail address: checked for length and characters, then for its shape.
pub fn check_email(s: &str) -> Result<(), TextProblem> {
    check_line(s, EMAIL_MAX)?;
    is_email(s).then_some(()).ok_or(TextProblem::NotEmail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_numbers() {
        for (s, kind) in [
            ("022190001234", Some(IdKind::Cccd)),
            ("001 099 000 123", Some(IdKind::Cccd)),
            ("123456789", Some(IdKind::Cmnd)),
            ("C1234567", Some(IdKind::Passport)),
            ("b1234567", Some(IdKind::Passport)),
            ("AB123456", Some(IdKind::Passport)),
            ("0101234567", Some(IdKind::TaxCode)),
            ("0101234567-001", Some(IdKind::TaxCode)),
            ("0101234567001", Some(IdKind::TaxCode)),
            ("abc", None),
            ("", None),
            ("12345678", None),
            ("1234567890123456", None),
            ("0101234567-01", None),
            ("ABC1234567", None),
            ("C123", None),
            ("１２３４５６７８９", None),
        ] {
            assert_eq!(id_number_kind(s), kind, "{s:?}");
        }
        assert_eq!(check_id_number("abc"), Err(TextProblem::NotIdNumber));
        assert_eq!(
            check_id_number("0221900\u{0}1234"),
            Err(TextProblem::ControlCharacter)
        );
    }

    #[test]
    fn phone_numbers() {
        for mobile in [
            "0912345678",
            "0912 345 678",
            "0912-345-678",
            "+84 912 345 678",
            "+84912345678",
            "0084912345678",
            "0387654321",
            "0523456789",
            "0701234567",
            "0812345678",
        ] {
            assert!(is_mobile(mobile), "{mobile}");
            assert!(is_phone(mobile), "{mobile}");
        }
        for landline in [
            "0258 3 822 111",
            "0258 3822 000",
            "024 3825 1234",
            "+84 24 3825 1234",
        ] {
            assert!(!is_mobile(landline), "{landline}");
            assert!(is_phone(landline), "{landline}");
        }
        for bad in [
            "xyz",
            "",
            "091234567",
            "09123456789",
            "0112345678",
            "0612345678",
            "912345678",
            "+1 202 555 0100",
            "0912a45678",
            "1900 1234",
        ] {
            assert!(!is_phone(bad), "{bad}");
            assert!(!is_mobile(bad), "{bad}");
        }
    }

    #[test]
    fn text_limits_and_control_characters() {
        assert_eq!(check_text("Nguyễn Văn A", NAME_MAX), Ok(()));
        assert_eq!(check_text("dòng 1\ndòng 2\tx", BODY_MAX), Ok(()));
        assert_eq!(
            check_line("dòng 1\ndòng 2", NAME_MAX),
            Err(TextProblem::ControlCharacter)
        );
        assert_eq!(
            check_text("a\u{0}b", BODY_MAX),
            Err(TextProblem::ControlCharacter)
        );
        assert_eq!(
            check_text("a\u{7}b", BODY_MAX),
            Err(TextProblem::ControlCharacter)
        );
        // Characters, not bytes: 200 Vietnamese letters of 2–3 bytes each are fine.
        assert_eq!(check_text(&"ễ".repeat(NAME_MAX), NAME_MAX), Ok(()));
        assert_eq!(
            check_text(&"a".repeat(NAME_MAX + 1), NAME_MAX),
            Err(TextProblem::TooLong { max: NAME_MAX })
        );
        assert!(check_text(&"x".repeat(1_500_000), SUMMARY_MAX).is_err());
    }

    #[test]
    fn email_addresses() {
        assert!(is_email("a.b@sct.gov.vn"));
        for bad in [
            "", "a", "a@b", "@b.vn", "a@@b.vn", "a b@c.vn", "a@.vn", "a@b.",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    mod prop {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            /// Every 10-digit number `0` + a network prefix is a mobile, however it is
            /// prefixed; nothing longer or shorter is.
            #[test]
            fn mobiles(prefix in prop::sample::select(crate::phone::MOBILE_PREFIXES.to_vec()),
                       rest in "[0-9]{7}", intl in any::<bool>()) {
                let n = if intl { format!("+84 {prefix}{rest}") } else { format!("0{prefix}{rest}") };
                prop_assert!(is_mobile(&n));
                let longer = format!("{n}1");
                prop_assert!(!is_mobile(&longer));
                prop_assert!(!is_mobile(&n[..n.len() - 1]));
            }

            /// Checking never panics and a refused text is refused for a reason it names.
            #[test]
            fn checks_are_total(s in any::<String>()) {
                let _ = check_text(&s, NAME_MAX);
                let _ = check_id_number(&s);
                let _ = check_phone(&s);
                let _ = id_number_kind(&s);
                if s.contains('\0') {
                    prop_assert_eq!(check_text(&s, ANY_TEXT_MAX), Err(TextProblem::ControlCharacter));
                }
            }
        }
    }
}
