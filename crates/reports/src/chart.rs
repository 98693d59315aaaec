//! Charts for dashboards: a horizontal bar chart (on-time rate by month, field or unit) and a
//! line chart, laid out once as drawing primitives and written either as inline SVG or onto
//! a PDF page. Every value is written beside its bar or point, series differ by dash and
//! marker as well as colour, and the SVG carries a title and a text description of all values.

use crate::fonts::Style;
use crate::pdf::{Doc, Rgb};
use crate::table::{decimal, group_thousands};

/// How values are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ValueFormat {
    /// A ratio 0–1 printed as a percentage ("95,2%"); the axis runs 0–100%.
    #[default]
    Percent,
    /// A count ("1.234").
    Count,
}

impl ValueFormat {
    fn format(self, v: f64) -> String {
        match self {
            ValueFormat::Percent => format!("{}%", decimal(v * 100.0, 1)),
            ValueFormat::Count => {
                if v.fract() == 0.0 {
                    group_thousands(v as i64)
                } else {
                    decimal(v, 1)
                }
            }
        }
    }
}

/// One named series of values, one per category.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<f64>,
}

/// A chart's data.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    /// Category labels: months, fields, units.
    pub categories: Vec<String>,
    /// A bar chart draws the first series; a line chart draws them all.
    pub series: Vec<Series>,
    pub format: ValueFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Anchor {
    Start,
    Middle,
    End,
}

#[derive(Debug, Clone, PartialEq)]
enum Prim {
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Rgb,
    },
    Line {
        points: Vec<(f32, f32)>,
        color: Rgb,
        width: f32,
        dashed: bool,
    },
    Text {
        x: f32,
        y: f32,
        text: String,
        size: f32,
        anchor: Anchor,
        bold: bool,
    },
}

/// Series colours (dark enough for 4.5:1 text contrast on white) and dash patterns, so
/// series stay apart when printed in black and white.
const COLORS: [Rgb; 4] = [
    Rgb(31, 84, 150),
    Rgb(176, 58, 46),
    Rgb(30, 110, 60),
    Rgb(110, 70, 140),
];
const GRID: Rgb = Rgb(200, 200, 200);
const WIDTH: f32 = 640.0;
const FONT: f32 = 12.0;

/// A laid-out chart.
struct Drawing {
    width: f32,
    height: f32,
    prims: Vec<Prim>,
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn axis_max(chart: &Chart) -> f64 {
    match chart.format {
        ValueFormat::Percent => 1.0,
        ValueFormat::Count => {
            let m = chart
                .series
                .iter()
                .flat_map(|s| s.values.iter().copied())
                .fold(0.0_f64, f64::max);
            if m <= 0.0 {
                1.0
            } else {
                // Round up to 1, 2 or 5 × 10^k.
                let p = 10f64.powf(m.log10().floor());
                [1.0, 2.0, 5.0, 10.0]
                    .iter()
                    .map(|f| f * p)
                    .find(|v| *v >= m)
                    .unwrap_or(10.0 * p)
            }
        }
    }
}

fn title_prim(chart: &Chart) -> Prim {
    Prim::Text {
        x: WIDTH / 2.0,
        y: 20.0,
        text: crate::nfc(&chart.title),
        size: FONT + 2.0,
        anchor: Anchor::Middle,
        bold: true,
    }
}

fn layout_bars(chart: &Chart) -> Drawing {
    let values = chart
        .series
        .first()
        .map(|s| s.values.as_slice())
        .unwrap_or(&[]);
    let max = axis_max(chart);
    let (label_w, value_w, top, row) = (190.0, 70.0, 40.0, 26.0);
    let plot_w = WIDTH - label_w - value_w - 10.0;
    let n = chart.categories.len();
    let mut prims = vec![title_prim(chart)];
    for i in 0..=4 {
        let x = label_w + plot_w * i as f32 / 4.0;
        prims.push(Prim::Line {
            points: vec![(x, top - 4.0), (x, top + row * n as f32)],
            color: GRID,
            width: 0.5,
            dashed: true,
        });
        prims.push(Prim::Text {
            x,
            y: top + row * n as f32 + FONT,
            text: chart.format.format(max * i as f64 / 4.0),
            size: FONT - 2.0,
            anchor: Anchor::Middle,
            bold: false,
        });
    }
    for (i, cat) in chart.categories.iter().enumerate() {
        let v = values.get(i).copied().unwrap_or(0.0);
        let y = top + row * i as f32;
        let w = (plot_w * (v / max).clamp(0.0, 1.0) as f32).max(0.5);
        prims.push(Prim::Text {
            x: label_w - 6.0,
            y: y + row / 2.0 + FONT * 0.35,
            text: truncate(&crate::nfc(cat), 28),
            size: FONT,
            anchor: Anchor::End,
            bold: false,
        });
        prims.push(Prim::Rect {
            x: label_w,
            y: y + 4.0,
            w,
            h: row - 8.0,
            fill: COLORS[0],
        });
        prims.push(Prim::Text {
            x: label_w + w + 5.0,
            y: y + row / 2.0 + FONT * 0.35,
            text: chart.format.format(v),
            size: FONT,
            anchor: Anchor::Start,
            bold: true,
        });
    }
    Drawing {
        width: WIDTH,
        height: top + row * n as f32 + FONT + 8.0,
        prims,
    }
}

fn layout_lines(chart: &Chart) -> Drawing {
    let max = axis_max(chart);
    let (left, right, top, plot_h) = (60.0, 20.0, 40.0, 220.0);
    let plot_w = WIDTH - left - right;
    let n = chart.categories.len().max(1);
    let step = plot_w / n as f32;
    let x_of = |i: usize| left + step * (i as f32 + 0.5);
    let y_of = |v: f64| top + plot_h * (1.0 - (v / max).clamp(0.0, 1.0) as f32);
    let mut prims = vec![title_prim(chart)];
    for i in 0..=4 {
        let v = max * i as f64 / 4.0;
        let y = y_of(v);
        prims.push(Prim::Line {
            points: vec![(left, y), (WIDTH - right, y)],
            color: GRID,
            width: 0.5,
            dashed: i > 0,
        });
        prims.push(Prim::Text {
            x: left - 6.0,
            y: y + FONT * 0.35,
            text: chart.format.format(v),
            size: FONT - 2.0,
            anchor: Anchor::End,
            bold: false,
        });
    }
    for (i, cat) in chart.categories.iter().enumerate() {
        prims.push(Prim::Text {
            x: x_of(i),
            y: top + plot_h + FONT + 4.0,
            text: truncate(&crate::nfc(cat), 12),
            size: FONT - 1.0,
            anchor: Anchor::Middle,
            bold: false,
        });
    }
    for (si, s) in chart.series.iter().enumerate() {
        let color = COLORS[si % COLORS.len()];
        let points: Vec<(f32, f32)> = s
            .values
            .iter()
            .take(n)
            .enumerate()
            .map(|(i, v)| (x_of(i), y_of(*v)))
            .collect();
        prims.push(Prim::Line {
            points: points.clone(),
            color,
            width: 2.0,
            dashed: si % 2 == 1,
        });
        for ((x, y), v) in points.iter().zip(&s.values) {
            // Square markers for odd series, so shape also tells series apart.
            let r = if si % 2 == 0 { 3.5 } else { 3.0 };
            prims.push(Prim::Rect {
                x: x - r,
                y: y - r,
                w: 2.0 * r,
                h: 2.0 * r,
                fill: color,
            });
            // The label goes above the point unless another series is higher there, so
            // labels of close lines do not sit on each other's line.
            let i = ((x - left) / step) as usize;
            let above = chart
                .series
                .iter()
                .enumerate()
                .filter(|(sj, _)| *sj != si)
                .all(|(_, o)| o.values.get(i).is_none_or(|ov| *v >= *ov));
            prims.push(Prim::Text {
                x: *x,
                y: if above { y - 7.0 } else { y + FONT + 5.0 },
                text: chart.format.format(*v),
                size: FONT - 2.0,
                anchor: Anchor::Middle,
                bold: true,
            });
        }
    }
    // Legend: a sample of each line with its name.
    let mut y = top + plot_h + 2.0 * FONT + 12.0;
    for (si, s) in chart.series.iter().enumerate() {
        let color = COLORS[si % COLORS.len()];
        prims.push(Prim::Line {
            points: vec![(left, y - 4.0), (left + 30.0, y - 4.0)],
            color,
            width: 2.0,
            dashed: si % 2 == 1,
        });
        prims.push(Prim::Text {
            x: left + 38.0,
            y,
            text: crate::nfc(&s.name),
            size: FONT - 1.0,
            anchor: Anchor::Start,
            bold: false,
        });
        y += FONT + 6.0;
    }
    Drawing {
        width: WIDTH,
        height: y,
        prims,
    }
}

/// Escapes text for XML content and attributes.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn hex(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

fn description(chart: &Chart, series: &[Series]) -> String {
    let mut parts = Vec::new();
    for s in series {
        let values: Vec<String> = chart
            .categories
            .iter()
            .zip(&s.values)
            .map(|(c, v)| format!("{}: {}", crate::nfc(c), chart.format.format(*v)))
            .collect();
        parts.push(format!("{}: {}", crate::nfc(&s.name), values.join("; ")));
    }
    parts.join(". ")
}

fn to_svg(chart: &Chart, d: &Drawing, series: &[Series]) -> String {
    let title = escape(&crate::nfc(&chart.title));
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"100%\" \
role=\"img\" aria-label=\"{title}\" font-family=\"'Noto Serif', 'Times New Roman', serif\">\
<title>{title}</title><desc>{desc}</desc>",
        w = d.width,
        h = d.height.ceil(),
        desc = escape(&description(chart, series)),
    );
    for p in &d.prims {
        match p {
            Prim::Rect { x, y, w, h, fill } => out.push_str(&format!(
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"{}\"/>",
                hex(*fill)
            )),
            Prim::Line {
                points,
                color,
                width,
                dashed,
            } => {
                let pts: Vec<String> = points.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
                out.push_str(&format!(
                    "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{width}\"{}/>",
                    pts.join(" "),
                    hex(*color),
                    if *dashed { " stroke-dasharray=\"6 4\"" } else { "" }
                ));
            }
            Prim::Text {
                x,
                y,
                text,
                size,
                anchor,
                bold,
            } => out.push_str(&format!(
                "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{size}\" text-anchor=\"{}\"{}>{}</text>",
                match anchor {
                    Anchor::Start => "start",
                    Anchor::Middle => "middle",
                    Anchor::End => "end",
                },
                if *bold { " font-weight=\"bold\"" } else { "" },
                escape(text)
            )),
        }
    }
    out.push_str("</svg>");
    out
}

/// A horizontal bar chart of the first series, as inline SVG.
pub fn bar_chart_svg(chart: &Chart) -> String {
    let series: Vec<Series> = chart.series.iter().take(1).cloned().collect();
    to_svg(chart, &layout_bars(chart), &series)
}

/// A line chart of every series, as inline SVG.
pub fn line_chart_svg(chart: &Chart) -> String {
    to_svg(chart, &layout_lines(chart), &chart.series)
}

/// Which chart to draw on a PDF page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    Bar,
    Line,
}

impl Doc<'_> {
    /// Draws a chart across the text width from the cursor, moving the cursor below it.
    pub(crate) fn chart(&mut self, chart: &Chart, kind: ChartKind) {
        let d = match kind {
            ChartKind::Bar => layout_bars(chart),
            ChartKind::Line => layout_lines(chart),
        };
        // At most 16 cm wide: a chart across a landscape page would be all bars.
        let w = self.content_width().min(160.0 * crate::pdf::MM);
        let scale = w / d.width;
        self.ensure(d.height * scale);
        let (ox, oy) = (self.left + (self.content_width() - w) / 2.0, self.y);
        let at = |x: f32, y: f32| (ox + x * scale, oy + y * scale);
        for p in &d.prims {
            match p {
                Prim::Rect { x, y, w, h, fill } => {
                    let (px, py) = at(*x, *y);
                    self.rect((px, py, w * scale, h * scale), Some(*fill), None);
                }
                Prim::Line {
                    points,
                    color,
                    width,
                    dashed,
                } => {
                    let pts: Vec<(f32, f32)> = points.iter().map(|(x, y)| at(*x, *y)).collect();
                    self.polyline(pts, width * scale, *color, *dashed);
                }
                Prim::Text {
                    x,
                    y,
                    text,
                    size,
                    anchor,
                    bold,
                } => {
                    let (px, py) = at(*x, *y);
                    let align = match anchor {
                        Anchor::Start => crate::pdf::HAlign::Left,
                        Anchor::Middle => crate::pdf::HAlign::Center,
                        Anchor::End => crate::pdf::HAlign::Right,
                    };
                    let style = if *bold { Style::Bold } else { Style::Regular };
                    self.text_at(px, py, text, style, size * scale, align);
                }
            }
        }
        self.y += d.height * scale;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Chart {
        Chart {
            title: "Tỷ lệ hồ sơ đúng hạn theo lĩnh vực".into(),
            categories: vec!["Thương mại".into(), "Điện".into(), "Hóa chất <A&B>".into()],
            series: vec![Series {
                name: "Đúng hạn".into(),
                values: vec![0.952, 0.8, 1.0],
            }],
            format: ValueFormat::Percent,
        }
    }

    #[test]
    fn bar_chart_writes_values_and_describes_itself() {
        let svg = bar_chart_svg(&sample());
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title>Tỷ lệ hồ sơ đúng hạn theo lĩnh vực</title>"));
        assert!(svg.contains(">95,2%</text>"));
        assert!(svg.contains(">100%</text>"));
        assert!(svg.contains("Hóa chất &lt;A&amp;B&gt;"));
        assert!(svg.contains("<desc>Đúng hạn: Thương mại: 95,2%; Điện: 80%;"));
        assert_eq!(svg.matches("<rect").count(), 3);
    }

    #[test]
    fn line_chart_has_a_legend_and_dashes_the_second_series() {
        let mut c = sample();
        c.format = ValueFormat::Count;
        c.series = vec![
            Series {
                name: "Trực tuyến".into(),
                values: vec![120.0, 340.0, 1250.0],
            },
            Series {
                name: "Trực tiếp".into(),
                values: vec![900.0, 800.0, 700.0],
            },
        ];
        let svg = line_chart_svg(&c);
        assert!(svg.contains(">1.250</text>"));
        assert!(svg.contains(">Trực tiếp</text>"));
        assert!(svg.contains("stroke-dasharray"));
        assert_eq!(axis_max(&c), 2000.0);
    }
}
