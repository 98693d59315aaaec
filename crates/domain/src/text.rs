//! Vietnamese text folding for search: "Giấy phép bán lẻ rượu" and "giay phep ban le ruou"
//! fold to the same string, so search forgives missing diacritics and case.

use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

/// Folds text for search: NFD, strips combining marks, maps đ/Đ to d, lowercases, and
/// collapses every run of non-alphanumeric characters into one space.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfd() {
        if is_combining_mark(c) {
            continue;
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
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
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

    #[test]
    fn terms() {
        assert_eq!(query_terms("  giấy phép  giay "), vec!["giay", "phep"]);
        assert!(query_terms("—").is_empty());
    }
}
