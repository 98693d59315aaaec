//! The code's shape as data: which source file imports which, within one crate.
//!
//! rust-analyzer's habit: an invariant of the architecture is a `#[test]`, not a review
//! comment. `tests/architecture.rs` states the invariants; this library reads the sources.
//! It is deliberately small: a lexer that drops comments and literals, a reader of `use` trees
//! and of inline `crate::…`/`super::…` paths, a resolver from module paths to files, and
//! Tarjan's strongly connected components to find import circles.

mod graph;
mod lex;
mod paths;

pub use graph::{circles, Graph};
pub use lex::strip;
pub use paths::{imports_of, ModulePath};
