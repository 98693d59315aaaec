//! motcua-calendar
