//! Original file names: cleaned for storage and display, and the download header.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Longest kept name, in characters.
pub const MAX_NAME_CHARS: usize = 200;
const FALLBACK_NAME: &str = "tep-dinh-kem";

/// NFC, last path component only, no control or bidi-override characters (which can make
/// "tai-lieu<U+202E>fdp.exe" look like a PDF), trimmed, at most [`MAX_NAME_CHARS`] characters with
/// the extension kept. Never empty.
pub fn sanitize_name(original: &str) -> String {
    let nfc: String = original.nfc().collect();
    let last = nfc.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !is_bidi_control(*c))
        .collect();
    let trimmed = cleaned.trim().trim_end_matches('.').trim_end();
    if trimmed.is_empty() || trimmed.chars().all(|c| c == '.') {
        return FALLBACK_NAME.to_owned();
    }
    truncate_keeping_extension(trimmed)
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn truncate_keeping_extension(name: &str) -> String {
    if name.chars().count() <= MAX_NAME_CHARS {
        return name.to_owned();
    }
    let ext = extension_of(name);
    // Keep the dot and extension only if it is short enough to matter as one.
    let suffix = if !ext.is_empty() && ext.chars().count() <= 16 {
        format!(".{}", name.rsplit('.').next().unwrap_or(""))
    } else {
        String::new()
    };
    let stem_chars = MAX_NAME_CHARS - suffix.chars().count();
    let stem: String = name.chars().take(stem_chars).collect();
    format!("{}{suffix}", stem.trim_end())
}

/// The lowercase extension without the dot, or "" ("báo cáo.PDF" → "pdf", ".bashrc" → "").
pub fn extension_of(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !ext.is_empty() => ext.to_lowercase(),
        _ => String::new(),
    }
}

/// A `Content-Disposition` value that forces download and keeps Vietnamese names
/// (RFC 6266 with an RFC 5987 `filename*`); the plain `filename` is an ASCII fallback
/// without diacritics for old clients.
pub fn content_disposition(original_name: &str) -> String {
    let name = sanitize_name(original_name);
    format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{}",
        ascii_fallback(&name),
        percent_encode(&name)
    )
}

/// "Đơn đề nghị.pdf" → "Don de nghi.pdf". Anything still not printable ASCII, and the
/// quote and backslash that would end or escape the quoted string, become '_'.
fn ascii_fallback(name: &str) -> String {
    name.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            '"' | '\\' => '_',
            c if c.is_ascii_graphic() || c == ' ' => c,
            _ => '_',
        })
        .collect()
}

/// RFC 5987 `value-chars`: attr-char kept, every other UTF-8 byte as %XX.
fn percent_encode(name: &str) -> String {
    let mut out = String::with_capacity(name.len() * 3);
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitizes() {
        assert_eq!(sanitize_name("C:\\Users\\an\\Đơn.pdf"), "Đơn.pdf");
        assert_eq!(sanitize_name("../../etc/passwd"), "passwd");
        assert_eq!(sanitize_name("a\u{0}b\nc.pdf"), "abc.pdf");
        assert_eq!(sanitize_name("tai-lieu\u{202E}fdp.exe"), "tai-lieufdp.exe");
        assert_eq!(sanitize_name(".."), FALLBACK_NAME);
        assert_eq!(sanitize_name("  "), FALLBACK_NAME);
        // NFD input (as macOS sends it) becomes NFC.
        let nfd: String = "Đơn đề nghị.pdf".nfd().collect();
        assert_ne!(nfd, "Đơn đề nghị.pdf");
        assert_eq!(sanitize_name(&nfd), "Đơn đề nghị.pdf");
        let long = format!("{}.pdf", "ệ".repeat(300));
        let cut = sanitize_name(&long);
        assert_eq!(cut.chars().count(), MAX_NAME_CHARS);
        assert!(cut.ends_with(".pdf"));
    }

    #[test]
    fn extensions() {
        assert_eq!(extension_of("báo cáo.PDF"), "pdf");
        assert_eq!(extension_of("a.tar.gz"), "gz");
        assert_eq!(extension_of(".bashrc"), "");
        assert_eq!(extension_of("noext"), "");
    }
}
