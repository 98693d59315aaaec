//! Paged lists: the page number every list operation accepts. Apart from `mod.rs` (which wires
//! the routes to the handlers) so that the handlers need not import it.

use super::error::ApiError;

/// The highest page number any list accepts (the documented `maximum`).
pub const MAX_PAGE: u32 = 100_000;

/// A list's page number: 1 when absent, refused outside `1..=MAX_PAGE`.
pub(crate) fn page_number(page: Option<u32>) -> Result<u32, ApiError> {
    let page = page.unwrap_or(1);
    if (1..=MAX_PAGE).contains(&page) {
        Ok(page)
    } else {
        Err(ApiError::bad_request(
            format!("page phải từ 1 đến {MAX_PAGE}"),
            format!("page must be between 1 and {MAX_PAGE}"),
        ))
    }
}
