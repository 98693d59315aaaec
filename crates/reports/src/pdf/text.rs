//! Line breaking by measured glyph advances, and paragraphs of mixed styles.

use super::{Doc, HAlign, Op, BLACK};
use crate::fonts::Style;

/// Line height as a multiple of the font size.
pub const LEADING: f32 = 1.3;

/// A piece of a paragraph in one style.
#[derive(Debug, Clone)]
pub(crate) struct Span {
    pub text: String,
    pub style: Style,
    /// Kept on one line when it fits (a person's name).
    pub keep: bool,
}

impl Span {
    pub fn new(text: impl Into<String>, style: Style) -> Span {
        Span {
            text: crate::nfc(&text.into()),
            style,
            keep: false,
        }
    }

    /// A span not broken across lines unless it is wider than a whole line.
    pub fn kept(text: impl Into<String>, style: Style) -> Span {
        Span {
            keep: true,
            ..Span::new(text, style)
        }
    }
}

/// A word placed on a line.
struct Placed {
    text: String,
    style: Style,
    x: f32,
}

impl Doc<'_> {
    /// Breaks single-style `text` into lines at most `width` wide; `\n` forces a break.
    pub fn wrap(&self, text: &str, style: Style, size: f32, width: f32) -> Vec<String> {
        let lines = self.layout_lines(&[Span::new(text, style)], size, width, 0.0);
        lines
            .into_iter()
            .map(|(words, _)| {
                let mut s = String::new();
                for (i, w) in words.iter().enumerate() {
                    if i > 0 {
                        s.push(' ');
                    }
                    s.push_str(&w.text);
                }
                s
            })
            .collect()
    }

    /// Lines of placed words (x relative to the line start) and each line's width.
    fn layout_lines(
        &self,
        spans: &[Span],
        size: f32,
        width: f32,
        first_indent: f32,
    ) -> Vec<(Vec<Placed>, f32)> {
        let mut lines: Vec<(Vec<Placed>, f32)> = Vec::new();
        let mut cur: Vec<Placed> = Vec::new();
        let mut x = first_indent;
        let mut pending_space = 0.0_f32;
        let mut avail = width;
        for span in spans {
            let space = self.width_of(" ", span.style, size);
            for (pi, para) in span.text.split('\n').enumerate() {
                if pi > 0 {
                    lines.push((std::mem::take(&mut cur), x));
                    x = 0.0;
                    pending_space = 0.0;
                }
                // A span that starts with a space keeps it; words are separated by spaces.
                if para.starts_with(' ') && !cur.is_empty() {
                    pending_space = space;
                }
                let whole = para.trim();
                let words: Vec<&str> = if span.keep
                    && !whole.is_empty()
                    && self.width_of(whole, span.style, size) <= width
                {
                    vec![whole]
                } else {
                    para.split(' ').filter(|w| !w.is_empty()).collect()
                };
                for (wi, word) in words.iter().enumerate() {
                    let w = self.width_of(word, span.style, size);
                    let gap = if cur.is_empty() { 0.0 } else { pending_space };
                    if !cur.is_empty() && x + gap + w > avail {
                        lines.push((std::mem::take(&mut cur), x));
                        x = 0.0;
                    }
                    let gap = if cur.is_empty() { 0.0 } else { pending_space };
                    if w > avail {
                        // A word longer than the line (a code, a URL): break it by characters.
                        for piece in self.split_long(word, span.style, size, avail - x - gap) {
                            let pw = self.width_of(&piece, span.style, size);
                            if !cur.is_empty() && x + pw > avail {
                                lines.push((std::mem::take(&mut cur), x));
                                x = 0.0;
                            }
                            cur.push(Placed {
                                text: piece,
                                style: span.style,
                                x,
                            });
                            x += pw;
                        }
                    } else {
                        x += gap;
                        cur.push(Placed {
                            text: (*word).to_string(),
                            style: span.style,
                            x,
                        });
                        x += w;
                    }
                    pending_space = if wi + 1 < words.len() || para.ends_with(' ') {
                        space
                    } else {
                        0.0
                    };
                }
                avail = width;
            }
        }
        if !cur.is_empty() || lines.is_empty() {
            lines.push((cur, x));
        }
        lines
    }

    fn split_long(&self, word: &str, style: Style, size: f32, first: f32) -> Vec<String> {
        let full = self.content_width().max(10.0);
        let mut out = Vec::new();
        let mut piece = String::new();
        let mut limit = first.max(size);
        // Byte offset in `piece` just after the last '-', '.', '/' or '_': dossier codes and
        // URLs break there rather than mid-number.
        let mut soft: Option<usize> = None;
        for c in word.chars() {
            piece.push(c);
            if self.width_of(&piece, style, size) > limit && piece.chars().count() > 1 {
                let cut = soft
                    .filter(|s| *s < piece.len())
                    .unwrap_or(piece.len() - c.len_utf8());
                let rest = piece.split_off(cut);
                out.push(std::mem::replace(&mut piece, rest));
                limit = full;
                soft = None;
            }
            if matches!(c, '-' | '.' | '/' | '_') {
                soft = Some(piece.len());
            }
        }
        if !piece.is_empty() {
            out.push(piece);
        }
        out
    }

    /// Lays out a paragraph from the cursor between `x` and `x + width`, moving the cursor
    /// below it; breaks pages between lines. Returns the number of lines.
    pub fn paragraph_at(
        &mut self,
        spans: &[Span],
        size: f32,
        x: f32,
        width: f32,
        align: HAlign,
        first_indent: f32,
    ) -> usize {
        let lines = self.layout_lines(spans, size, width, first_indent);
        let n = lines.len();
        let lh = size * LEADING;
        for (words, line_w) in lines {
            self.ensure(lh);
            let baseline = self.y + size;
            let dx = match align {
                HAlign::Left => 0.0,
                HAlign::Center => (width - line_w) / 2.0,
                HAlign::Right => width - line_w,
            };
            for w in words {
                let shaped = self.shaper.shape(&w.text, w.style);
                self.push_text(x + dx + w.x, baseline, size, w.style, w.text, shaped.glyphs);
            }
            self.y += lh;
        }
        n
    }

    /// A paragraph across the full text width.
    pub fn paragraph(&mut self, spans: &[Span], size: f32, align: HAlign) -> usize {
        let (x, w) = (self.left, self.content_width());
        self.paragraph_at(spans, size, x, w, align, 0.0)
    }

    /// "Label: value" with the value in bold, wrapped over the text width.
    pub fn field(&mut self, label: &str, value: &str, size: f32) {
        let spans = [
            Span::new(format!("{label}: "), Style::Regular),
            Span::new(value, Style::Bold),
        ];
        self.paragraph(&spans, size, HAlign::Left);
    }

    pub fn gap(&mut self, h: f32) {
        self.y += h;
    }

    fn push_text(
        &mut self,
        x: f32,
        baseline: f32,
        size: f32,
        style: Style,
        text: String,
        glyphs: Vec<krilla::text::KrillaGlyph>,
    ) {
        self.push(Op::Text {
            x,
            baseline,
            size,
            style,
            text,
            glyphs,
            color: BLACK,
        });
    }
}
