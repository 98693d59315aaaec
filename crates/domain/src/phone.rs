//! Vietnamese phone numbers: which ones can take a text message.
//!
//! A text message goes only to a mobile number; a landline (`02x…`, 11 digits) would swallow it
//! and the applicant would never know. Mobile numbers have 10 digits since the 2018
//! renumbering, `0` then a network prefix: `03x` (Viettel), `05x` (Vietnamobile, Gmobile,
//! Reddi), `07x` (MobiFone), `08x` (VinaPhone, Viettel, MobiFone, iTel), `09x` (all networks).
//! Written with `+84` or `84` in front they are the same numbers.

/// Mobile network prefixes (the two digits after the leading `0`) in use since 2018.
pub(crate) const MOBILE_PREFIXES: &[&str] = &[
    "32", "33", "34", "35", "36", "37", "38", "39", // Viettel
    "52", "55", "56", "58", "59", // Vietnamobile, Reddi, Gmobile
    "70", "76", "77", "78", "79", // MobiFone
    "81", "82", "83", "84", "85", "86", "87", "88",
    "89", // VinaPhone, Viettel, iTel, MobiFone
    "90", "91", "92", "93", "94", "95", "96", "97", "98", "99", // every network
];

/// The national form of `phone` (`0` and 9 or 10 digits), with spaces, dots, dashes and a
/// `+84` / `84` country code taken away; `None` when it holds anything else.
pub fn national_digits(phone: &str) -> Option<String> {
    let phone = phone.trim();
    if phone.is_empty()
        || !phone.chars().enumerate().all(|(i, c)| {
            c.is_ascii_digit() || matches!(c, ' ' | '.' | '-') || (c == '+' && i == 0)
        })
    {
        return None;
    }
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    // `0084…`: the country code dialled with the international prefix.
    let digits = match digits.strip_prefix("0084") {
        Some(rest) if !phone.starts_with('+') && (rest.len() == 9 || rest.len() == 10) => {
            format!("84{rest}")
        }
        _ => digits,
    };
    let national = if let Some(rest) = digits.strip_prefix("84").filter(|r| {
        // `84…` is the country code only when what follows is a whole number without its 0.
        phone.starts_with('+') || r.len() == 9 || r.len() == 10
    }) {
        format!("0{rest}")
    } else if phone.starts_with('+') {
        return None;
    } else {
        digits
    };
    Some(national)
}

/// Whether `phone` is a Vietnamese mobile number (may receive SMS).
pub fn is_mobile(phone: &str) -> bool {
    national_digits(phone).is_some_and(|n| {
        n.len() == 10 && n.starts_with('0') && MOBILE_PREFIXES.iter().any(|p| n[1..].starts_with(p))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobiles_in_every_way_people_write_them() {
        for p in [
            "0912345678",
            "0912 345 678",
            "091.234.5678",
            "091-234-5678",
            "+84912345678",
            "+84 912 345 678",
            "84912345678",
            "0321234567",
            "0561234567",
            "0701234567",
            "0861234567",
            "0991234567",
        ] {
            assert!(is_mobile(p), "{p} is a mobile number");
        }
    }

    #[test]
    fn landlines_and_nonsense_are_not() {
        for p in [
            "02583822123",   // Khánh Hòa landline
            "024 3825 3536", // Hà Nội landline
            "+84 258 3822123",
            "0301234567",  // 030 is not a mobile network
            "091234567",   // one digit short
            "09123456789", // one too many
            "1900 1234",   // hotline
            "0912a45678",
            "",
            "+",
            "09+12345678",
        ] {
            assert!(!is_mobile(p), "{p} is not a mobile number");
        }
    }

    proptest::proptest! {
        /// Every 10-digit number on a mobile prefix is mobile, however it is spaced or
        /// prefixed; every 11-digit `02…` number is not.
        #[test]
        fn prefix_decides(rest in "[0-9]{7}", i in 0usize..64, sep in "[ .-]?") {
            let p = MOBILE_PREFIXES[i % MOBILE_PREFIXES.len()];
            let national = format!("0{p}{rest}");
            proptest::prop_assert!(is_mobile(&national));
            let spaced = format!("0{p}{sep}{}{sep}{}", &rest[..3], &rest[3..]);
            proptest::prop_assert!(is_mobile(&spaced));
            let international = format!("+84{p}{rest}");
            proptest::prop_assert!(is_mobile(&international));
            let landline = format!("02{p}{rest}");
            proptest::prop_assert!(!is_mobile(&landline));
        }
    }
}
