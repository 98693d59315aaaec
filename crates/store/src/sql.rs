//! A WHERE clause built at run time with numbered placeholders (`$1`, `$2`, …), the form both
//! SQLite and PostgreSQL accept, and its text arguments in order.

#[derive(Default)]
pub(crate) struct Where {
    clauses: Vec<String>,
    pub args: Vec<String>,
}

impl Where {
    /// Adds `arg` and returns its placeholder.
    pub fn arg(&mut self, arg: String) -> String {
        self.args.push(arg);
        format!("${}", self.args.len())
    }

    /// Adds a clause that takes one argument, e.g. `|p| format!("code = {p}")`.
    pub fn push(&mut self, clause: impl FnOnce(&str) -> String, arg: String) {
        let p = self.arg(arg);
        self.clauses.push(clause(&p));
    }

    /// Adds a clause written by the caller (with placeholders from [`Where::arg`]).
    pub fn raw(&mut self, clause: String) {
        self.clauses.push(clause);
    }

    /// The clauses joined with AND, `TRUE` when there is none.
    pub fn sql(&self) -> String {
        if self.clauses.is_empty() {
            "TRUE".to_owned()
        } else {
            self.clauses.join(" AND ")
        }
    }
}
