//! motcua-catalog-io
