//! The architecture's invariants (ARCHITECTURE.md), checked on every `cargo test`:
//! - `crates/web` does not depend on the store: handlers call use cases of `motcua-app`;
//! - in `web`, the two doors `pages/` (HTML) and `api/` (JSON) never import each other, and
//!   what lies below them (session, csrf, state, …) imports neither;
//! - no file import circles in `web`, `app`, `store` or `domain`;
//! - SQL drivers only in `crates/store`.

use std::path::{Path, PathBuf};

use motcua_tidy::{circles, Graph};

fn crate_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(name)
}

/// The `[dependencies]` table of a crate's manifest, as text.
fn dependencies(name: &str) -> String {
    let manifest = std::fs::read_to_string(crate_dir(name).join("Cargo.toml")).expect("manifest");
    let mut deps = String::new();
    let mut inside = false;
    for line in manifest.lines() {
        if line.starts_with('[') {
            inside = line.trim() == "[dependencies]";
            continue;
        }
        if inside {
            deps.push_str(line);
            deps.push('\n');
        }
    }
    deps
}

fn graph(name: &str) -> Graph {
    Graph::of_crate(&crate_dir(name)).expect("read the sources")
}

fn shown(arrows: &[(PathBuf, PathBuf)]) -> String {
    arrows
        .iter()
        .map(|(a, b)| format!("  {} → {}", a.display(), b.display()))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn web_does_not_depend_on_the_store() {
    assert!(
        !dependencies("web").contains("motcua-store"),
        "crates/web/Cargo.toml depends on motcua-store: handlers go through motcua-app"
    );
    let mut found = Vec::new();
    for (file, _) in graph("web").edges {
        let text = std::fs::read_to_string(crate_dir("web").join("src").join(&file)).expect("read");
        if motcua_tidy::strip(&text).contains("motcua_store") {
            found.push(file.display().to_string());
        }
    }
    assert!(
        found.is_empty(),
        "motcua_store used in crates/web/src: {found:?}"
    );
}

#[test]
fn pages_and_api_never_import_each_other() {
    let g = graph("web");
    let mut wrong = g.arrows("pages", "api");
    wrong.extend(g.arrows("api", "pages"));
    for (file, targets) in &g.edges {
        let below =
            !(file.starts_with("pages") || file.starts_with("api") || file == Path::new("lib.rs"));
        if below {
            for t in targets {
                if t.starts_with("pages") || t.starts_with("api") || t == Path::new("lib.rs") {
                    wrong.push((file.clone(), t.clone()));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports across the doors (pages ↔ api), or from below them up:\n{}",
        shown(&wrong)
    );
}

#[test]
fn no_import_circles() {
    let mut report = String::new();
    for name in ["web", "app", "store", "domain"] {
        let g = graph(name);
        for circle in circles(&g) {
            // The arrows inside the circle: where to cut.
            let inside: Vec<(PathBuf, PathBuf)> = circle
                .iter()
                .flat_map(|f| {
                    g.edges[f]
                        .iter()
                        .filter(|t| circle.contains(t))
                        .map(move |t| (f.clone(), t.clone()))
                })
                .collect();
            report.push_str(&format!("crates/{name}:\n{}\n", shown(&inside)));
        }
    }
    assert!(report.is_empty(), "import circles between files:\n{report}");
}

#[test]
fn sql_drivers_only_in_the_store() {
    for name in [
        "domain",
        "app",
        "web",
        "reports",
        "catalog-io",
        "calendar",
        "files",
        "notify",
    ] {
        let deps = dependencies(name);
        for driver in ["sqlx", "rusqlite"] {
            assert!(
                !deps.lines().any(|l| l.trim_start().starts_with(driver)),
                "crates/{name} depends on {driver}: SQL lives in crates/store"
            );
        }
    }
}
