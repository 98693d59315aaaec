//! A small layout engine over krilla: pages are laid out into display lists (text runs, lines,
//! rectangles) with a cursor and page breaks, then written to PDF in one go, so footers can
//! say "page i of n". Units are PDF points; y grows downwards from the top of the page.

mod table;
mod text;

pub(crate) use table::TableStyle;
pub(crate) use text::{Span, LEADING};

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke, StrokeDash};
use krilla::text::KrillaGlyph;
use krilla::Document;

use crate::fonts::{Fonts, Shaper, Style};
use crate::PrintError;

/// 1 mm in points.
pub const MM: f32 = 72.0 / 25.4;

/// Paper sizes, portrait or landscape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageSize {
    A4,
    A4Landscape,
    A5,
    A5Landscape,
}

impl PageSize {
    /// Width and height in points.
    pub fn points(self) -> (f32, f32) {
        let (a4w, a4h) = (210.0 * MM, 297.0 * MM);
        let (a5w, a5h) = (148.0 * MM, 210.0 * MM);
        match self {
            PageSize::A4 => (a4w, a4h),
            PageSize::A4Landscape => (a4h, a4w),
            PageSize::A5 => (a5w, a5h),
            PageSize::A5Landscape => (a5h, a5w),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rgb(pub u8, pub u8, pub u8);

pub(crate) const BLACK: Rgb = Rgb(0, 0, 0);

pub(crate) enum Op {
    Text {
        x: f32,
        baseline: f32,
        size: f32,
        style: Style,
        text: String,
        glyphs: Vec<KrillaGlyph>,
        color: Rgb,
    },
    Line {
        from: (f32, f32),
        to: (f32, f32),
        width: f32,
        dashed: bool,
        color: Rgb,
    },
    Rect {
        rect: (f32, f32, f32, f32),
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f32)>,
    },
    Polyline {
        points: Vec<(f32, f32)>,
        width: f32,
        color: Rgb,
        dashed: bool,
    },
}

/// Horizontal placement of a single line of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HAlign {
    #[default]
    Left,
    Center,
    Right,
}

/// A document being laid out.
pub(crate) struct Doc<'f> {
    fonts: &'f Fonts,
    pub shaper: Shaper<'f>,
    pub width: f32,
    pub height: f32,
    pub left: f32,
    pub right: f32,
    pub top: f32,
    pub bottom: f32,
    /// Cursor: top of the next block.
    pub y: f32,
    pages: Vec<Vec<Op>>,
    title: String,
    /// Print "Trang i/n" at the foot of every page when there is more than one.
    pub page_numbers: bool,
}

impl<'f> Doc<'f> {
    /// A document with one empty page; `margins` are (top, right, bottom, left) in mm.
    pub fn new(
        fonts: &'f Fonts,
        size: PageSize,
        margins: (f32, f32, f32, f32),
        title: &str,
    ) -> Result<Doc<'f>, PrintError> {
        let (width, height) = size.points();
        let (t, r, b, l) = margins;
        Ok(Doc {
            fonts,
            shaper: fonts.shaper()?,
            width,
            height,
            left: l * MM,
            right: width - r * MM,
            top: t * MM,
            bottom: height - b * MM,
            y: t * MM,
            pages: vec![Vec::new()],
            title: crate::nfc(title),
            page_numbers: true,
        })
    }

    pub fn content_width(&self) -> f32 {
        self.right - self.left
    }

    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.top;
    }

    /// Starts a new page unless `h` more points fit on this one.
    pub fn ensure(&mut self, h: f32) -> bool {
        if self.y + h > self.bottom && self.y > self.top {
            self.new_page();
            true
        } else {
            false
        }
    }

    fn push(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    pub fn width_of(&self, text: &str, style: Style, size: f32) -> f32 {
        self.shaper.width(text, style, size)
    }

    /// Draws one line of text with its baseline at `baseline`, placed against `x` by `align`
    /// (left edge, centre or right edge at `x`). Returns its width.
    pub fn text_at(
        &mut self,
        x: f32,
        baseline: f32,
        text: &str,
        style: Style,
        size: f32,
        align: HAlign,
    ) -> f32 {
        let text = crate::nfc(text);
        let shaped = self.shaper.shape(&text, style);
        let w = shaped.width_em * size;
        let x = match align {
            HAlign::Left => x,
            HAlign::Center => x - w / 2.0,
            HAlign::Right => x - w,
        };
        if !text.is_empty() {
            self.push(Op::Text {
                x,
                baseline,
                size,
                style,
                text,
                glyphs: shaped.glyphs,
                color: BLACK,
            });
        }
        w
    }

    pub fn line(&mut self, from: (f32, f32), to: (f32, f32), width: f32) {
        self.push(Op::Line {
            from,
            to,
            width,
            dashed: false,
            color: BLACK,
        });
    }

    pub fn rect(
        &mut self,
        rect: (f32, f32, f32, f32),
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f32)>,
    ) {
        self.push(Op::Rect { rect, fill, stroke });
    }

    pub fn polyline(&mut self, points: Vec<(f32, f32)>, width: f32, color: Rgb, dashed: bool) {
        self.push(Op::Polyline {
            points,
            width,
            color,
            dashed,
        });
    }

    /// Writes the PDF.
    pub fn finish(mut self) -> Result<Vec<u8>, PrintError> {
        let n = self.pages.len();
        if self.page_numbers && n > 1 {
            for i in 0..n {
                let label = format!("Trang {}/{}", i + 1, n);
                let shaped = self.shaper.shape(&label, Style::Italic);
                let size = 8.0;
                let x = self.right - shaped.width_em * size;
                let baseline = self.bottom + 6.0 * MM;
                self.pages[i].push(Op::Text {
                    x,
                    baseline,
                    size,
                    style: Style::Italic,
                    text: label,
                    glyphs: shaped.glyphs,
                    color: BLACK,
                });
            }
        }
        let mut document = Document::new();
        document.set_metadata(
            Metadata::new()
                .title(self.title.clone())
                .language("vi".into())
                .creator("motcua".into()),
        );
        let settings = PageSettings::from_wh(self.width, self.height)
            .ok_or_else(|| PrintError::Pdf("invalid page size".into()))?;
        for ops in std::mem::take(&mut self.pages) {
            let mut page = document.start_page_with(settings.clone());
            let mut surface = page.surface();
            for op in ops {
                emit(&mut surface, self.fonts, op);
            }
            surface.finish();
            page.finish();
        }
        document
            .finish()
            .map_err(|e| PrintError::Pdf(format!("{e:?}")))
    }
}

fn paint(c: Rgb) -> krilla::paint::Paint {
    rgb::Color::new(c.0, c.1, c.2).into()
}

fn stroke(c: Rgb, width: f32, dashed: bool) -> Stroke {
    Stroke {
        paint: paint(c),
        width,
        dash: dashed.then(|| StrokeDash {
            array: vec![3.0 * width.max(0.7), 2.0 * width.max(0.7)],
            offset: 0.0,
        }),
        ..Stroke::default()
    }
}

fn fill(c: Rgb) -> Fill {
    Fill {
        paint: paint(c),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

fn emit(surface: &mut krilla::surface::Surface<'_>, fonts: &Fonts, op: Op) {
    match op {
        Op::Text {
            x,
            baseline,
            size,
            style,
            text,
            glyphs,
            color,
        } => {
            surface.set_stroke(None);
            surface.set_fill(Some(fill(color)));
            surface.draw_glyphs(
                Point::from_xy(x, baseline),
                &glyphs,
                fonts.pdf_font(style),
                &text,
                size,
                false,
            );
        }
        Op::Line {
            from,
            to,
            width,
            dashed,
            color,
        } => {
            let mut pb = PathBuilder::new();
            pb.move_to(from.0, from.1);
            pb.line_to(to.0, to.1);
            if let Some(path) = pb.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(stroke(color, width, dashed)));
                surface.draw_path(&path);
            }
        }
        Op::Rect {
            rect: (x, y, w, h),
            fill: f,
            stroke: s,
        } => {
            let mut pb = PathBuilder::new();
            if let Some(r) = Rect::from_xywh(x, y, w, h) {
                pb.push_rect(r);
            }
            if let Some(path) = pb.finish() {
                surface.set_fill(f.map(fill));
                surface.set_stroke(s.map(|(c, w)| stroke(c, w, false)));
                if f.is_some() || s.is_some() {
                    surface.draw_path(&path);
                }
            }
        }
        Op::Polyline {
            points,
            width,
            color,
            dashed,
        } => {
            let mut pb = PathBuilder::new();
            for (i, (x, y)) in points.iter().enumerate() {
                if i == 0 {
                    pb.move_to(*x, *y);
                } else {
                    pb.line_to(*x, *y);
                }
            }
            if let Some(path) = pb.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(stroke(color, width, dashed)));
                surface.draw_path(&path);
            }
        }
    }
}
