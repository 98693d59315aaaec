//! Word (`.docx`, Office Open XML): the parts Word needs and no more — content types, the
//! package and document relationships, the styles (Times New Roman 13pt, Vietnamese) and the
//! document with its A4 page, paragraphs and the table (header spans as `gridSpan` and
//! `vMerge`).

use std::io::Write;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::odt::zip_error;
use super::{xml, TextDocument};
use crate::report::ReportTable;
use crate::table::{place_header, Align};
use crate::PrintError;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>
"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
"#;

/// Sizes are in half points (26 = 13pt), spacing and indents in twentieths of a point.
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman"/><w:sz w:val="26"/><w:szCs w:val="26"/><w:lang w:val="vi-VN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="288" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>
"#;

/// Text width of an A4 page with the Decree 30/2020 margins (3 cm left, 1.5 cm right), in
/// twentieths of a point.
const TEXT_WIDTH: f32 = 9354.0;

/// A paragraph: `align` is `both` (justified), `center`, `left` or `right`.
fn para(
    out: &mut String,
    text: &str,
    align: &str,
    bold: bool,
    italic: bool,
    size: u32,
    indent: bool,
) {
    out.push_str("<w:p><w:pPr>");
    if indent {
        out.push_str("<w:ind w:firstLine=\"567\"/>");
    }
    out.push_str(&format!("<w:jc w:val=\"{align}\"/></w:pPr><w:r><w:rPr>"));
    if bold {
        out.push_str("<w:b/>");
    }
    if italic {
        out.push_str("<w:i/>");
    }
    out.push_str(&format!(
        "<w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
        xml(text)
    ));
}

fn cell(out: &mut String, width: f32, span: usize, merge: Option<&str>, body: &str) {
    out.push_str(&format!(
        "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/>",
        width.round()
    ));
    if span > 1 {
        out.push_str(&format!("<w:gridSpan w:val=\"{span}\"/>"));
    }
    if let Some(m) = merge {
        out.push_str(&format!("<w:vMerge w:val=\"{m}\"/>"));
    }
    out.push_str("</w:tcPr>");
    out.push_str(body);
    out.push_str("</w:tc>");
}

fn table(out: &mut String, t: &ReportTable) -> Result<(), PrintError> {
    let columns = t.widths.len();
    let total: f32 = t.widths.iter().sum::<f32>().max(1.0);
    let widths: Vec<f32> = t.widths.iter().map(|w| w / total * TEXT_WIDTH).collect();
    let span_width = |c: usize, n: usize| widths[c..(c + n).min(columns)].iter().sum::<f32>();
    out.push_str("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/><w:tblBorders>");
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        out.push_str(&format!(
            "<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
        ));
    }
    out.push_str("</w:tblBorders><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>");
    for w in &widths {
        out.push_str(&format!("<w:gridCol w:w=\"{}\"/>", w.round()));
    }
    out.push_str("</w:tblGrid>");
    let placed = place_header(&t.header, columns)?;
    for r in 0..t.header.len() {
        // Header rows repeat on every page.
        out.push_str("<w:tr><w:trPr><w:tblHeader/></w:trPr>");
        let mut c = 0;
        while c < columns {
            if let Some(p) = placed.iter().find(|p| p.row == r && p.col == c) {
                let mut body = String::new();
                para(&mut body, &p.text, "center", true, false, 24, false);
                let merge = (p.rowspan > 1).then_some("restart");
                cell(out, span_width(c, p.colspan), p.colspan, merge, &body);
                c += p.colspan.max(1);
            } else if let Some(p) = placed
                .iter()
                .find(|p| p.col == c && p.row < r && r < p.row + p.rowspan)
            {
                // Covered by a cell spanning down from above.
                cell(
                    out,
                    span_width(c, p.colspan),
                    p.colspan,
                    Some("continue"),
                    "<w:p/>",
                );
                c += p.colspan.max(1);
            } else {
                cell(out, widths[c], 1, None, "<w:p/>");
                c += 1;
            }
        }
        out.push_str("</w:tr>");
    }
    for row in &t.rows {
        out.push_str("<w:tr>");
        for (c, w) in widths.iter().enumerate() {
            let x = row.get(c);
            let text = x.map(|x| x.display()).unwrap_or_default();
            let align = match x.map(|x| x.effective_align()) {
                Some(Align::Right) => "right",
                Some(Align::Center) => "center",
                _ => "left",
            };
            let mut body = String::new();
            para(
                &mut body,
                &text,
                align,
                x.is_some_and(|x| x.bold),
                false,
                24,
                false,
            );
            cell(out, *w, 1, None, &body);
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    Ok(())
}

fn document_xml(d: &TextDocument) -> Result<String, PrintError> {
    let mut body = String::new();
    para(
        &mut body,
        &d.title.to_uppercase(),
        "center",
        true,
        false,
        28,
        false,
    );
    if let Some(sub) = &d.subtitle {
        para(&mut body, sub, "center", false, true, 26, false);
    }
    for p in &d.paragraphs {
        para(&mut body, p, "both", false, false, 26, true);
    }
    if let Some(t) = &d.table {
        table(&mut body, t)?;
        for note in &t.notes {
            para(&mut body, note, "left", false, true, 22, false);
        }
    }
    Ok(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}\
<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1134\" w:right=\"851\" \
w:bottom=\"1134\" w:left=\"1701\" w:header=\"709\" w:footer=\"709\" w:gutter=\"0\"/></w:sectPr>\
</w:body></w:document>\n"
    ))
}

/// The document as a `.docx` package.
pub fn document_docx(d: &TextDocument) -> Result<Vec<u8>, PrintError> {
    let document = document_xml(d)?;
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, body) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
        ("word/styles.xml", STYLES),
        ("word/document.xml", document.as_str()),
    ] {
        zip.start_file(name, options).map_err(zip_error)?;
        zip.write_all(body.as_bytes()).map_err(zip_error)?;
    }
    Ok(zip.finish().map_err(zip_error)?.into_inner())
}
