//! The file import graph of one crate, and its circles.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::lex::strip;
use crate::paths::{defined_items, imports_of, ModulePath, Reference};

/// Files of one crate's `src/` (by path relative to the crate) and which files each imports.
#[derive(Debug, Default)]
pub struct Graph {
    /// Module path → file.
    pub modules: BTreeMap<ModulePath, PathBuf>,
    /// File → the files it imports (never itself, never the crate root).
    pub edges: BTreeMap<PathBuf, BTreeSet<PathBuf>>,
    /// File → what it defines, what it forwards (`pub use`) by name, and its glob forwards.
    defines: BTreeMap<PathBuf, BTreeSet<String>>,
    forwards: BTreeMap<PathBuf, BTreeMap<String, ModulePath>>,
    globs: BTreeMap<PathBuf, Vec<ModulePath>>,
}

impl Graph {
    /// Reads every `.rs` file under `crate_dir/src` (binaries under `src/bin` excepted).
    pub fn of_crate(crate_dir: &Path) -> std::io::Result<Graph> {
        let src = crate_dir.join("src");
        let mut files = Vec::new();
        collect(&src, &mut files)?;
        let mut g = Graph::default();
        for f in &files {
            let rel = f.strip_prefix(&src).unwrap_or(f);
            if rel.starts_with("bin") {
                continue;
            }
            g.modules.insert(module_of(rel), rel.to_path_buf());
        }
        let mut uses = BTreeMap::new();
        for (module, file) in g.modules.clone() {
            let code = strip(&std::fs::read_to_string(src.join(&file))?);
            let is_module = |p: &[String]| g.modules.contains_key(p);
            let mut used = Vec::new();
            for (path, kind) in imports_of(&code, &module, &is_module) {
                match kind {
                    Reference::Uses => used.push(path),
                    Reference::Forwards if path.last().is_some_and(|l| l == "*") => {
                        let mut module = path;
                        module.pop();
                        g.globs.entry(file.clone()).or_default().push(module);
                    }
                    Reference::Forwards => {
                        if let Some(name) = path.last().cloned() {
                            g.forwards
                                .entry(file.clone())
                                .or_default()
                                .insert(name, path);
                        }
                    }
                }
            }
            g.defines
                .insert(file.clone(), defined_items(&code).into_iter().collect());
            uses.insert(file, used);
        }
        let roots: BTreeSet<PathBuf> = ["lib.rs", "main.rs"].iter().map(PathBuf::from).collect();
        for (file, used) in uses {
            let mut targets = BTreeSet::new();
            for path in used {
                if let Some(target) = g.resolve(&path, 0) {
                    // The crate root's own items (its error type, `Result`, the main handle,
                    // macros) are the base every module builds on; its `mod` lines are wiring.
                    if target != file && !roots.contains(&target) {
                        targets.insert(target);
                    }
                }
            }
            g.edges.insert(file, targets);
        }
        Ok(g)
    }

    /// The file that defines what `path` names: the longest module prefix's file, followed
    /// through `pub use` forwards to where the item is defined.
    fn resolve(&self, path: &[String], depth: usize) -> Option<PathBuf> {
        let k = (0..=path.len())
            .rev()
            .find(|k| self.modules.contains_key(&path[..*k]))?;
        let file = self.modules.get(&path[..k])?.clone();
        let Some(name) = path.get(k).filter(|n| *n != "*") else {
            return Some(file);
        };
        if depth > 16 || self.defines.get(&file).is_some_and(|d| d.contains(name)) {
            return Some(file);
        }
        if let Some(target) = self.forwards.get(&file).and_then(|f| f.get(name)) {
            let mut next = target.clone();
            next.extend(path[k + 1..].iter().cloned());
            return self.resolve(&next, depth + 1);
        }
        for glob in self.globs.get(&file).into_iter().flatten() {
            let mut next = glob.clone();
            next.extend(path[k..].iter().cloned());
            if let Some(found) = self.resolve(&next, depth + 1) {
                if found != file && self.defines.get(&found).is_some_and(|d| d.contains(name)) {
                    return Some(found);
                }
            }
        }
        Some(file)
    }

    /// Whether any file whose path starts with `from` imports a file whose path starts with `to`.
    pub fn arrows(&self, from: &str, to: &str) -> Vec<(PathBuf, PathBuf)> {
        let mut out = Vec::new();
        for (f, targets) in &self.edges {
            if f.starts_with(from) {
                for t in targets {
                    if t.starts_with(to) {
                        out.push((f.clone(), t.clone()));
                    }
                }
            }
        }
        out
    }
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    Ok(())
}

/// `lib.rs`/`main.rs` → root; `a/mod.rs` → `a`; `a/b.rs` → `a::b`.
fn module_of(rel: &Path) -> ModulePath {
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".rs");
        if !(stem == "mod" || (parts.is_empty() && (stem == "lib" || stem == "main"))) {
            parts.push(stem.to_owned());
        }
    }
    parts
}

/// Every circle of the graph: the strongly connected components with more than one file
/// (Tarjan's algorithm), each sorted.
pub fn circles(g: &Graph) -> Vec<Vec<PathBuf>> {
    struct State<'g> {
        g: &'g Graph,
        index: BTreeMap<&'g PathBuf, usize>,
        low: BTreeMap<&'g PathBuf, usize>,
        stack: Vec<&'g PathBuf>,
        on_stack: BTreeSet<&'g PathBuf>,
        next: usize,
        out: Vec<Vec<PathBuf>>,
    }
    fn visit<'g>(s: &mut State<'g>, v: &'g PathBuf) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        if let Some(targets) = s.g.edges.get(v) {
            for w in targets {
                let Some((w, _)) = s.g.edges.get_key_value(w) else {
                    continue;
                };
                if !s.index.contains_key(w) {
                    visit(s, w);
                    let lw = s.low[w];
                    let lv = s.low[v];
                    s.low.insert(v, lv.min(lw));
                } else if s.on_stack.contains(w) {
                    let iw = s.index[w];
                    let lv = s.low[v];
                    s.low.insert(v, lv.min(iw));
                }
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.clone());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.out.push(component);
            }
        }
    }
    let mut s = State {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in g.edges.keys() {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    s.out.sort();
    s.out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> PathBuf {
        PathBuf::from(s)
    }

    #[test]
    fn finds_the_circle_and_only_it() {
        let mut g = Graph::default();
        let e = |list: &[&str]| list.iter().map(|s| p(s)).collect::<BTreeSet<_>>();
        g.edges.insert(p("a.rs"), e(&["b.rs"]));
        g.edges.insert(p("b.rs"), e(&["c.rs"]));
        g.edges.insert(p("c.rs"), e(&["a.rs", "d.rs"]));
        g.edges.insert(p("d.rs"), e(&[]));
        assert_eq!(circles(&g), vec![vec![p("a.rs"), p("b.rs"), p("c.rs")]]);
        g.edges.insert(p("c.rs"), e(&["d.rs"]));
        assert!(circles(&g).is_empty());
    }

    #[test]
    fn module_paths_of_files() {
        assert!(module_of(Path::new("lib.rs")).is_empty());
        assert_eq!(module_of(Path::new("pages/mod.rs")), vec!["pages"]);
        assert_eq!(
            module_of(Path::new("pages/work/view.rs")),
            vec!["pages", "work", "view"]
        );
    }
}
