//! Fonts: Noto Serif (OFL, full Vietnamese coverage) is bundled; operators may drop their own
//! licensed font files into a directory. Text is shaped with rustybuzz so that line breaking
//! measures exactly the glyphs that are drawn.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use krilla::text::{GlyphId, KrillaGlyph};

use crate::PrintError;

const REGULAR: &[u8] = include_bytes!("../fonts/NotoSerif-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../fonts/NotoSerif-Bold.ttf");
const ITALIC: &[u8] = include_bytes!("../fonts/NotoSerif-Italic.ttf");

/// Letters a font must map for Vietnamese (NFC, lower and upper case): without them a form
/// would print empty boxes in people's names.
const VIETNAMESE: &str = "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ\
AÀẢÃÁẠĂẰẲẴẮẶÂẦẨẪẤẬBCDĐEÈẺẼÉẸÊỀỂỄẾỆGHIÌỈĨÍỊKLMNOÒỎÕÓỌÔỒỔỖỐỘƠỜỞỠỚỢPQRSTUÙỦŨÚỤƯỪỬỮỨỰVXYỲỶỸÝỴ0123456789";

/// Face of the family a piece of text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Style {
    #[default]
    Regular,
    Bold,
    Italic,
}

#[derive(Clone)]
enum Bytes {
    Static(&'static [u8]),
    Owned(Arc<Vec<u8>>),
}

impl Bytes {
    fn as_slice(&self) -> &[u8] {
        match self {
            Bytes::Static(b) => b,
            Bytes::Owned(b) => b.as_slice(),
        }
    }
}

#[derive(Clone)]
struct Face {
    bytes: Bytes,
    pdf: krilla::text::Font,
    source: PathBuf,
}

impl Face {
    fn new(bytes: Bytes, source: PathBuf) -> Result<Face, PrintError> {
        let data: krilla::Data = match &bytes {
            Bytes::Static(b) => (*b).into(),
            Bytes::Owned(b) => b.clone().into(),
        };
        let pdf = krilla::text::Font::new(data, 0).ok_or_else(|| PrintError::Font {
            path: source.clone(),
            reason: "not a TrueType/OpenType font".into(),
        })?;
        let face = Face { bytes, pdf, source };
        face.check_coverage()?;
        Ok(face)
    }

    fn check_coverage(&self) -> Result<(), PrintError> {
        let face = rustybuzz::Face::from_slice(self.bytes.as_slice(), 0).ok_or_else(|| {
            PrintError::Font {
                path: self.source.clone(),
                reason: "cannot be parsed".into(),
            }
        })?;
        let missing: String = VIETNAMESE
            .chars()
            .filter(|c| face.glyph_index(*c).is_none())
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(PrintError::FontCoverage {
                path: self.source.clone(),
                missing,
            })
        }
    }
}

/// The regular, bold and italic faces documents are set in. Cheap to clone.
#[derive(Clone)]
pub struct Fonts {
    faces: [Face; 3],
}

impl Fonts {
    /// The bundled Noto Serif faces.
    pub fn bundled() -> Result<Fonts, PrintError> {
        Ok(Fonts {
            faces: [
                Face::new(
                    Bytes::Static(REGULAR),
                    "bundled NotoSerif-Regular.ttf".into(),
                )?,
                Face::new(Bytes::Static(BOLD), "bundled NotoSerif-Bold.ttf".into())?,
                Face::new(Bytes::Static(ITALIC), "bundled NotoSerif-Italic.ttf".into())?,
            ],
        })
    }

    /// Fonts from `dir`: `*.ttf` / `*.otf` files whose name says `Bold` or `Italic` (any case)
    /// are those faces, any other is the regular face; bold-italic files are ignored. A face
    /// not found there falls back to the bundled one. Every face found must cover Vietnamese.
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Fonts, PrintError> {
        let mut fonts = Fonts::bundled()?;
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir.as_ref())?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| e.eq_ignore_ascii_case("ttf") || e.eq_ignore_ascii_case("otf"))
            })
            .collect();
        // Deterministic choice when several files match one face.
        entries.sort();
        let mut found = [false; 3];
        for path in entries {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_lowercase()
                .replace(['-', '_', ' '], "");
            let slot = match (stem.contains("bold"), stem.contains("italic")) {
                (true, true) => continue,
                (true, false) => 1,
                (false, true) => 2,
                (false, false) => 0,
            };
            if found[slot] {
                continue;
            }
            let bytes = std::fs::read(&path)?;
            fonts.faces[slot] = Face::new(Bytes::Owned(Arc::new(bytes)), path)?;
            found[slot] = true;
        }
        Ok(fonts)
    }

    pub(crate) fn pdf_font(&self, style: Style) -> krilla::text::Font {
        self.faces[style as usize].pdf.clone()
    }

    /// A shaper borrowing these fonts, for one document.
    pub(crate) fn shaper(&self) -> Result<Shaper<'_>, PrintError> {
        let face = |i: usize| {
            let f: &Face = &self.faces[i];
            rustybuzz::Face::from_slice(f.bytes.as_slice(), 0).ok_or_else(|| PrintError::Font {
                path: f.source.clone(),
                reason: "cannot be parsed".into(),
            })
        };
        Ok(Shaper {
            faces: [face(0)?, face(1)?, face(2)?],
        })
    }
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.faces.iter().map(|x| &x.source))
            .finish()
    }
}

/// A run of shaped glyphs; advances are in em (krilla scales them by the font size).
pub(crate) struct Shaped {
    pub glyphs: Vec<KrillaGlyph>,
    /// Width in em.
    pub width_em: f32,
}

pub(crate) struct Shaper<'a> {
    faces: [rustybuzz::Face<'a>; 3],
}

/// Stand-ins drawn for characters a face may lack, each as long in UTF-8 as the character it
/// replaces so the glyphs' text ranges stay exact: the PDF's text layer (copy, search,
/// `pdftotext`) keeps the real character while the page shows a close glyph instead of the
/// empty box. Noto Serif has no U+2212 MINUS SIGN; its en dash is the typographer's stand-in.
const STAND_INS: [(char, char); 1] = [('−', '–')];

impl Shaper<'_> {
    pub fn shape(&self, text: &str, style: Style) -> Shaped {
        let face = &self.faces[style as usize];
        let upem = face.units_per_em() as f32;
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        let missing = |c: char| face.glyph_index(c).is_none();
        let drawn: std::borrow::Cow<'_, str> = if STAND_INS
            .iter()
            .any(|(c, _)| missing(*c) && text.contains(*c))
        {
            text.chars()
                .map(|c| match STAND_INS.iter().find(|(from, _)| *from == c) {
                    Some((from, to)) if missing(*from) && !missing(*to) => *to,
                    _ => c,
                })
                .collect::<String>()
                .into()
        } else {
            text.into()
        };
        debug_assert_eq!(drawn.len(), text.len());
        buffer.push_str(&drawn);
        buffer.guess_segment_properties();
        let out = rustybuzz::shape(face, &[], buffer);
        let infos = out.glyph_infos();
        let positions = out.glyph_positions();
        let mut glyphs = Vec::with_capacity(infos.len());
        let mut width = 0.0;
        for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
            let start = info.cluster as usize;
            // A cluster ends where the next different cluster starts (left-to-right text).
            let end = infos[i + 1..]
                .iter()
                .map(|n| n.cluster as usize)
                .find(|c| *c != start)
                .unwrap_or(text.len());
            let advance = pos.x_advance as f32 / upem;
            width += advance;
            glyphs.push(KrillaGlyph::new(
                GlyphId::new(info.glyph_id),
                advance,
                pos.x_offset as f32 / upem,
                pos.y_offset as f32 / upem,
                pos.y_advance as f32 / upem,
                start..end,
                None,
            ));
        }
        Shaped {
            glyphs,
            width_em: width,
        }
    }

    /// Width of `text` in points at `size`.
    pub fn width(&self, text: &str, style: Style, size: f32) -> f32 {
        self.shape(text, style).width_em * size
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_fonts_cover_vietnamese_and_measure() {
        let fonts = Fonts::bundled().unwrap();
        let shaper = fonts.shaper().unwrap();
        let w = shaper.width("Nguyễn Thị Hường", Style::Regular, 10.0);
        let b = shaper.width("Nguyễn Thị Hường", Style::Bold, 10.0);
        assert!(w > 50.0 && w < 120.0, "{w}");
        assert!(b > w);
        assert_eq!(shaper.width("", Style::Regular, 10.0), 0.0);
    }

    #[test]
    fn a_minus_sign_is_drawn_with_a_real_glyph() {
        let fonts = Fonts::bundled().unwrap();
        let shaper = fonts.shaper().unwrap();
        for style in [Style::Regular, Style::Bold, Style::Italic] {
            let shaped = shaper.shape("100% − 5", style);
            // Glyph 0 is .notdef, the empty box.
            assert!(shaped.glyphs.iter().all(|g| g.glyph_id.to_u32() != 0));
            assert!(shaped.width_em > shaper.shape("100%  5", style).width_em);
        }
    }

    #[test]
    fn from_dir_falls_back_and_rejects_fonts_without_vietnamese() {
        let dir = tempfile::tempdir().unwrap();
        // Empty directory: all bundled.
        let fonts = Fonts::from_dir(dir.path()).unwrap();
        assert!(format!("{fonts:?}").contains("bundled NotoSerif-Bold"));
        // A bold face from the directory replaces the bundled bold only.
        std::fs::write(dir.path().join("MyFont-Bold.ttf"), BOLD).unwrap();
        let fonts = Fonts::from_dir(dir.path()).unwrap();
        let dbg = format!("{fonts:?}");
        assert!(dbg.contains("MyFont-Bold.ttf") && dbg.contains("bundled NotoSerif-Regular"));
        // Garbage is an error naming the file.
        std::fs::write(dir.path().join("Broken.ttf"), b"nope").unwrap();
        let err = Fonts::from_dir(dir.path()).unwrap_err().to_string();
        assert!(err.contains("Broken.ttf"), "{err}");
    }
}
