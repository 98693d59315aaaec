//! motcua-web
