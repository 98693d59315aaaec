//! Report arithmetic (issue 6): pure, no I/O.
