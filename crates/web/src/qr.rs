//! QR codes as inline SVG (no JavaScript, no image request, crisp at any size).
//!
//! Interim: branch `reports` builds `motcua-reports` with the same `qr_svg`; once it is on
//! main this module should call that one instead.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// An SVG picture of `text` as a QR code (medium error correction, quiet zone included). An
/// input too long for any QR version gives an empty string: callers show the text anyway.
pub fn qr_svg(text: &str) -> String {
    match QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M) {
        Ok(code) => code
            .render::<svg::Color<'_>>()
            .min_dimensions(180, 180)
            .dark_color(svg::Color("#000000"))
            .light_color(svg::Color("#ffffff"))
            .build(),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_an_svg_and_gives_up_on_absurd_input() {
        let s = qr_svg("https://example.org/lookup?code=000.17.22.H56-261129-0001");
        assert!(s.contains("<svg") && s.contains("</svg>"), "{s}");
        assert!(qr_svg(&"x".repeat(10_000)).is_empty());
    }
}
