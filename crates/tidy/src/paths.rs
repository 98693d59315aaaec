//! The module paths one file refers to: `use` trees (`use crate::a::{b, c::D}`), and paths
//! written inline (`crate::a::f()`, `super::b::C`, `child::g()`), made absolute from the crate
//! root. Which of them are files is the graph's business.

/// A module path from the crate root: `["pages", "work", "view"]`; the root is empty. A glob
/// import ends with `"*"`.
pub type ModulePath = Vec<String>;

/// How a file refers to a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reference {
    /// `use …;` or a path written inline: the file depends on what the path names.
    Uses,
    /// `pub use …;` (any visibility): the file forwards the name; whoever imports it through
    /// this file depends on the original.
    Forwards,
}

/// The items a file defines itself (functions, types, traits, constants, modules, macros).
pub fn defined_items(code: &str) -> Vec<String> {
    let toks = tokens(code);
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let Tok::Ident(k) = t else { continue };
        let name = match k.as_str() {
            "fn" | "struct" | "enum" | "trait" | "type" | "const" | "static" | "mod" | "union" => {
                toks.get(i + 1)
            }
            "macro_rules" => toks.get(i + 2),
            _ => None,
        };
        if let Some(Tok::Ident(n)) = name {
            out.push(n.clone());
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    PathSep,
    Open,
    Close,
    Comma,
    Semi,
    Star,
    Other,
}

fn tokens(code: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut chars = code.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            c if c.is_alphabetic() || c == '_' => {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if d.is_alphanumeric() || d == '_' {
                        end = j + d.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push(Tok::Ident(code[i..end].to_owned()));
            }
            ':' if chars.peek().map(|&(_, d)| d) == Some(':') => {
                chars.next();
                out.push(Tok::PathSep);
            }
            '{' => out.push(Tok::Open),
            '}' => out.push(Tok::Close),
            ',' => out.push(Tok::Comma),
            ';' => out.push(Tok::Semi),
            '*' => out.push(Tok::Star),
            c if c.is_whitespace() => {}
            _ => out.push(Tok::Other),
        }
    }
    out
}

/// Every module path `code` (already stripped of comments and literals) refers to, absolute.
/// `module` is the file's own module path; `is_module` tells whether a path names a module of
/// the crate (used for paths relative to the current module, as Rust 2018 allows).
pub fn imports_of(
    code: &str,
    module: &[String],
    is_module: &dyn Fn(&[String]) -> bool,
) -> Vec<(ModulePath, Reference)> {
    let toks = tokens(code);
    let mut found = Vec::new();
    // Inline modules (`mod tests { … }`) open scopes inside the file: (name, brace depth).
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < toks.len() {
        let here: ModulePath = module
            .iter()
            .cloned()
            .chain(inline.iter().map(|(n, _)| n.clone()))
            .collect();
        match &toks[i] {
            Tok::Open => {
                depth += 1;
                i += 1;
            }
            Tok::Close => {
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                depth = depth.saturating_sub(1);
                i += 1;
            }
            Tok::Ident(k) if k == "mod" => {
                if let (Some(Tok::Ident(name)), Some(Tok::Open)) =
                    (toks.get(i + 1), toks.get(i + 2))
                {
                    depth += 1;
                    inline.push((name.clone(), depth));
                    i += 3;
                } else {
                    i += 1;
                }
            }
            Tok::Ident(k) if k == "use" => {
                let kind = if is_public(&toks, i) {
                    Reference::Forwards
                } else {
                    Reference::Uses
                };
                let mut paths = Vec::new();
                let next = use_tree(&toks, i + 1, Vec::new(), &mut paths);
                for p in paths {
                    if let Some(abs) = absolute(&p, &here, is_module) {
                        found.push((abs, kind));
                    }
                }
                i = next;
            }
            Tok::Ident(first) if i == 0 || toks[i - 1] != Tok::PathSep => {
                // An inline path: ident (:: ident)*.
                let mut segs = vec![first.clone()];
                let mut j = i + 1;
                while toks.get(j) == Some(&Tok::PathSep) {
                    match toks.get(j + 1) {
                        Some(Tok::Ident(s)) => {
                            segs.push(s.clone());
                            j += 2;
                        }
                        _ => break,
                    }
                }
                if segs.len() > 1 {
                    if let Some(abs) = absolute(&segs, &here, is_module) {
                        found.push((abs, Reference::Uses));
                    }
                }
                i = j.max(i + 1);
            }
            _ => i += 1,
        }
    }
    found
}

/// Whether the `use` at `i` is `pub use`, `pub(crate) use`, `pub(super) use`, …
fn is_public(toks: &[Tok], i: usize) -> bool {
    let start = i.saturating_sub(5);
    toks[start..i]
        .iter()
        .rev()
        .take_while(|t| match t {
            Tok::Other => true,
            Tok::Ident(s) => matches!(s.as_str(), "pub" | "crate" | "super" | "self" | "in"),
            _ => false,
        })
        .any(|t| *t == Tok::Ident("pub".into()))
}

/// Reads one use tree from `i`; pushes every full path (without a trailing `*`); returns the
/// index after the tree (after the `;` at top level).
fn use_tree(toks: &[Tok], mut i: usize, prefix: Vec<String>, out: &mut Vec<Vec<String>>) -> usize {
    let mut path = prefix;
    loop {
        match toks.get(i) {
            Some(Tok::Ident(s)) if s == "as" => {
                // `as alias`: the alias names nothing new.
                i += 2;
            }
            Some(Tok::Ident(s)) => {
                path.push(s.clone());
                i += 1;
            }
            Some(Tok::PathSep) => i += 1,
            Some(Tok::Star) => {
                path.push("*".to_owned());
                i += 1;
            }
            Some(Tok::Open) => {
                i += 1;
                loop {
                    i = use_tree(toks, i, path.clone(), out);
                    match toks.get(i) {
                        Some(Tok::Comma) => i += 1,
                        Some(Tok::Close) => {
                            i += 1;
                            break;
                        }
                        _ => return i,
                    }
                    if toks.get(i) == Some(&Tok::Close) {
                        i += 1;
                        break;
                    }
                }
                // After a group there is nothing more to this branch.
                if toks.get(i) == Some(&Tok::Semi) {
                    i += 1;
                }
                return i;
            }
            Some(Tok::Comma) | Some(Tok::Close) => {
                if !path.is_empty() {
                    out.push(path);
                }
                return i;
            }
            Some(Tok::Semi) => {
                if !path.is_empty() {
                    out.push(path);
                }
                return i + 1;
            }
            _ => {
                if !path.is_empty() {
                    out.push(path);
                }
                return i + 1;
            }
        }
    }
}

/// `segs` made absolute from module `here`; `None` for paths into other crates.
fn absolute(
    segs: &[String],
    here: &[String],
    is_module: &dyn Fn(&[String]) -> bool,
) -> Option<ModulePath> {
    let mut base: ModulePath = match segs.first()?.as_str() {
        "crate" => Vec::new(),
        "self" => here.to_vec(),
        "super" => here.to_vec(),
        first => {
            // Relative to the current module (a child module, or an item of this module).
            let mut child = here.to_vec();
            child.push(first.to_owned());
            if is_module(&child) {
                let mut abs = here.to_vec();
                abs.extend(segs.iter().cloned());
                return Some(abs);
            }
            return None;
        }
    };
    let mut rest = &segs[1..];
    if segs[0] == "super" {
        base.pop();
    }
    while rest.first().map(String::as_str) == Some("super") {
        base.pop();
        rest = &rest[1..];
    }
    base.extend(rest.iter().cloned());
    Some(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(p: &str) -> Vec<String> {
        p.split("::")
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn use_trees_and_inline_paths() {
        let code = "use crate::a::{b, c::{D, E as F}};\nuse super::g::*;\nuse std::x;\n\
                    fn f() { crate::h::i(); child::j(); super::super::k::L; self::m::n(); }\n\
                    mod tests { use super::*; }";
        let modules = [seg("p::q::child"), seg("p::q::m")];
        let is_module = |p: &[String]| modules.iter().any(|m| m.as_slice() == p);
        let got: Vec<ModulePath> = imports_of(code, &seg("p::q"), &is_module)
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        let want: Vec<ModulePath> = [
            "a::b",
            "a::c::D",
            "a::c::E",
            "p::g::*",
            "h::i",
            "p::q::child::j",
            "k::L",
            "p::q::m::n",
            "p::q::*",
        ]
        .iter()
        .map(|p| seg(p))
        .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn forwarding_and_defined_items() {
        let code = "pub use state::{Dossier, Step};\npub(crate) use x::Y;\nuse z::W;\n\
                    pub struct A; fn b() {} macro_rules! c { () => {} } mod d;";
        let is_module = |_: &[String]| true;
        let kinds: Vec<Reference> = imports_of(code, &[], &is_module)
            .into_iter()
            .map(|(_, k)| k)
            .collect();
        assert_eq!(
            kinds,
            [
                Reference::Forwards,
                Reference::Forwards,
                Reference::Forwards,
                Reference::Uses
            ]
        );
        assert_eq!(defined_items(code), ["A", "b", "c", "d"]);
    }
}
