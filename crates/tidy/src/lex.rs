//! Rust source without comments, string and char literals: what is left is code, so a path in
//! a doc comment or a message never counts as an import.

/// `src` with comments and the contents of string/char literals replaced by spaces (line
/// breaks kept, so positions stay meaningful).
pub fn strip(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    let blank = |out: &mut String, s: &[u8]| {
        for &c in s {
            out.push(if c == b'\n' { '\n' } else { ' ' });
        }
    };
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == b'/' && next == Some(b'/') {
            let end = src[i..].find('\n').map_or(b.len(), |n| i + n);
            blank(&mut out, &b[i..end]);
            i = end;
        } else if c == b'/' && next == Some(b'*') {
            // Block comments nest in Rust.
            let (mut depth, mut j) = (1, i + 2);
            while j < b.len() && depth > 0 {
                if b[j] == b'/' && b.get(j + 1) == Some(&b'*') {
                    depth += 1;
                    j += 2;
                } else if b[j] == b'*' && b.get(j + 1) == Some(&b'/') {
                    depth -= 1;
                    j += 2;
                } else {
                    j += 1;
                }
            }
            blank(&mut out, &b[i..j]);
            i = j;
        } else if c == b'r' && (next == Some(b'"') || next == Some(b'#')) && !ident_before(b, i) {
            // Raw string: r"…", r#"…"#, r##"…"##.
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&b'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&b'"') {
                out.push(c as char);
                i += 1;
                continue;
            }
            let close: String = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let end = src[j + 1..]
                .find(&close)
                .map_or(b.len(), |n| j + 1 + n + close.len());
            blank(&mut out, &b[i..end]);
            i = end;
        } else if c == b'"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            let end = (j + 1).min(b.len());
            blank(&mut out, &b[i..end]);
            i = end;
        } else if c == b'\'' {
            // A char literal ('a', '\n', '\u{1F600}') or a lifetime ('a): only literals close.
            let end = char_literal_end(src, i);
            match end {
                Some(end) => {
                    blank(&mut out, &b[i..end]);
                    i = end;
                }
                None => {
                    out.push('\'');
                    i += 1;
                }
            }
        } else {
            // Copy one whole UTF-8 character.
            let ch = src[i..].chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

fn ident_before(b: &[u8], i: usize) -> bool {
    i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')
}

fn char_literal_end(src: &str, i: usize) -> Option<usize> {
    let rest = &src[i + 1..];
    let mut chars = rest.char_indices();
    let (_, first) = chars.next()?;
    if first == '\\' {
        let close = rest.find('\'')?;
        // An escape is short; a lifetime never contains a backslash.
        return (close <= 10).then_some(i + 1 + close + 1);
    }
    let (idx, second) = chars.next()?;
    (second == '\'').then_some(i + 1 + idx + 1)
}

#[cfg(test)]
mod tests {
    use super::strip;

    #[test]
    fn comments_and_literals_go_code_stays() {
        let src = "use crate::a; // crate::b\n/* crate::c /* nested */ */ let s = \"crate::d\";\n\
                   let r = r#\"crate::e\"#; let c = '\"'; fn f<'a>(x: &'a str) { crate::g::h() }";
        let out = strip(src);
        assert!(out.contains("use crate::a;"));
        assert!(out.contains("crate::g::h()"));
        assert!(out.contains("fn f<'a>(x: &'a str)"));
        for gone in ["crate::b", "crate::c", "crate::d", "crate::e"] {
            assert!(!out.contains(gone), "{gone} left in {out}");
        }
        assert_eq!(out.lines().count(), src.lines().count());
    }
}
