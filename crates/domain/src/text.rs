//! Vietnamese text folding for search: "Giấy phép bán lẻ rượu" and "giay phep ban le ruou"
//! fold to the same string, so search forgives missing diacritics and case.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_normalization::UnicodeNormalization;

/// Folds text for search: NFD, strips combining marks, maps đ/Đ to d, lowercases, and
/// collapses every run of non-alphanumeric characters into one space.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    let mut push = |c: char| {
        if is_combining_mark(c) {
            return;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            c => c,
        };
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else {
            pending_space = true;
        }
    };
    // Char by char: the marks are dropped, so NFD's reordering of them changes nothing, and
    // ASCII (codes, numbers, most of a name) needs no decomposition at all.
    for c in text.chars() {
        if c.is_ascii() {
            push(c);
        } else {
            decompose_canonical(c, &mut push);
        }
    }
    out
}

/// The folded words of a search query, deduplicated, in order.
pub fn query_terms(query: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for w in fold(query).split(' ').filter(|w| !w.is_empty()) {
        if !terms.iter().any(|t| t == w) {
            terms.push(w.to_owned());
        }
    }
    terms
}

/// Normalises user text to NFC (what we store and print) and trims it.
pub fn nfc(text: &str) -> String {
    text.trim().nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese() {
        assert_eq!(
            fold("Giấy phép bán lẻ sản phẩm RƯỢU"),
            "giay phep ban le san pham ruou"
        );
        assert_eq!(
            fold("Đề nghị cấp  Giấy phép — (đ)"),
            "de nghi cap giay phep d"
        );
        assert_eq!(fold("Xăng dầu; LPG/khí"), "xang dau lpg khi");
        // Decomposed input folds the same as precomposed.
        let decomposed: String = "Rượu".nfd().collect();
        assert_eq!(fold(&decomposed), "ruou");
    }

    proptest::proptest! {
        /// Folding char by char is the same as folding the string's NFD.
        #[test]
        fn same_as_folding_the_nfd(text in "[a-zA-Z0-9 \\-đĐàáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹ\u{300}-\u{36f}ÀÉÔƯ—;/()]{0,40}") {
            let mut reference = String::new();
            let mut pending_space = false;
            for c in text.nfd().filter(|c| !is_combining_mark(*c)) {
                let c = if c == 'đ' || c == 'Đ' { 'd' } else { c };
                if c.is_alphanumeric() {
                    if pending_space && !reference.is_empty() {
                        reference.push(' ');
                    }
                    pending_space = false;
                    reference.extend(c.to_lowercase());
                } else {
                    pending_space = true;
                }
            }
            proptest::prop_assert_eq!(fold(&text), reference);
        }
    }

    #[test]
    fn terms() {
        assert_eq!(query_terms("  giấy phép  giay "), vec!["giay", "phep"]);
        assert!(query_terms("—").is_empty());
    }
}
