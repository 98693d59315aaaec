//! A short text document — title, subtitle, paragraphs, then a table — as PDF, as OpenDocument
//! text (`.odt`, a zip package) and as Word (`.docx`), so an officer can paste the reform
//! report into the official report in whatever word processor the office uses. (No flat
//! `.fodt`: Word does not open it.)

mod docx;
mod odt;

pub use docx::document_docx;
pub use odt::document_odt;

use crate::fonts::{Fonts, Style};
use crate::pdf::{Doc, HAlign, PageSize, Span, TableStyle};
use crate::report::ReportTable;
use crate::table::{place_header, Align};
use crate::PrintError;

/// What the document says.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TextDocument {
    pub title: String,
    pub subtitle: Option<String>,
    pub paragraphs: Vec<String>,
    pub table: Option<ReportTable>,
}

/// The document as an A4 PDF.
pub fn document_pdf(d: &TextDocument, fonts: &Fonts) -> Result<Vec<u8>, PrintError> {
    let mut doc = Doc::new(fonts, PageSize::A4, (20.0, 15.0, 20.0, 30.0), &d.title)?;
    doc.paragraph(
        &[Span::new(d.title.to_uppercase(), Style::Bold)],
        13.0,
        HAlign::Center,
    );
    if let Some(sub) = d.subtitle.as_deref() {
        doc.paragraph(&[Span::new(sub, Style::Italic)], 11.0, HAlign::Center);
    }
    doc.gap(10.0);
    for p in &d.paragraphs {
        doc.paragraph(&[Span::new(p.as_str(), Style::Regular)], 12.0, HAlign::Left);
        doc.gap(5.0);
    }
    if let Some(t) = &d.table {
        doc.gap(6.0);
        let style = TableStyle {
            size: 10.0,
            header_size: 10.0,
            header_fill: true,
        };
        doc.table(&t.widths, &t.header, &t.rows, &style)?;
        for note in &t.notes {
            doc.gap(2.0);
            doc.paragraph(
                &[Span::new(note.as_str(), Style::Italic)],
                9.0,
                HAlign::Left,
            );
        }
    }
    doc.finish()
}

/// `s` with XML's special characters escaped.
pub(crate) fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in crate::nfc(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// The OpenDocument namespaces the documents use.
pub(crate) const ODF_NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.3""#;

/// Times New Roman 13pt, Vietnamese: what administrative documents are set in (Decree 30/2020).
pub(crate) const ODF_FONTS: &str = r#"<office:font-face-decls><style:font-face style:name="Times New Roman" svg:font-family="'Times New Roman'" style:font-family-generic="roman"/></office:font-face-decls>"#;

pub(crate) const ODF_DEFAULT_STYLE: &str = r#"<style:default-style style:family="paragraph"><style:text-properties style:font-name="Times New Roman" fo:font-size="13pt" fo:language="vi" fo:country="VN"/></style:default-style>"#;

/// A4 with the margins of Decree 30/2020.
pub(crate) const ODF_PAGE: &str = r#"<style:page-layout style:name="A4"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="3cm" fo:margin-right="1.5cm"/></style:page-layout>"#;

pub(crate) const ODF_MASTER: &str = r#"<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="A4"/></office:master-styles>"#;

/// The paragraph, table and cell styles the body uses.
pub(crate) const ODF_BODY_STYLES: &str = r#"<style:style style:name="Title" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.1cm"/><style:text-properties fo:font-size="14pt" fo:font-weight="bold"/></style:style>
<style:style style:name="Subtitle" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.4cm"/><style:text-properties fo:font-style="italic"/></style:style>
<style:style style:name="Body" style:family="paragraph"><style:paragraph-properties fo:text-align="justify" fo:text-indent="1cm" fo:margin-bottom="0.2cm" fo:line-height="120%"/></style:style>
<style:style style:name="Note" style:family="paragraph"><style:text-properties fo:font-size="11pt" fo:font-style="italic"/></style:style>
<style:style style:name="CellText" style:family="paragraph"><style:text-properties fo:font-size="12pt"/></style:style>
<style:style style:name="CellNumber" style:family="paragraph"><style:paragraph-properties fo:text-align="end"/><style:text-properties fo:font-size="12pt"/></style:style>
<style:style style:name="CellHead" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="12pt" fo:font-weight="bold"/></style:style>
<style:style style:name="CellBold" style:family="paragraph"><style:text-properties fo:font-size="12pt" fo:font-weight="bold"/></style:style>
<style:style style:name="Tbl" style:family="table"><style:table-properties style:width="16.5cm" table:align="margins" fo:margin-top="0.3cm"/></style:style>
<style:style style:name="Td" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #000000" fo:padding="0.08cm"/></style:style>"#;

/// The paragraphs and the table as the content of `<office:text>`.
pub(crate) fn odf_body(d: &TextDocument) -> Result<String, PrintError> {
    let mut out = String::new();
    let p = |out: &mut String, style: &str, text: &str| {
        out.push_str(&format!(
            "<text:p text:style-name=\"{style}\">{}</text:p>\n",
            xml(text)
        ));
    };
    p(&mut out, "Title", &d.title.to_uppercase());
    if let Some(sub) = &d.subtitle {
        p(&mut out, "Subtitle", sub);
    }
    for para in &d.paragraphs {
        p(&mut out, "Body", para);
    }
    if let Some(t) = &d.table {
        table_xml(&mut out, t)?;
        for note in &t.notes {
            p(&mut out, "Note", note);
        }
    }
    Ok(out)
}

fn table_xml(out: &mut String, t: &ReportTable) -> Result<(), PrintError> {
    let columns = t.widths.len();
    out.push_str(&format!(
        "<table:table table:name=\"{}\" table:style-name=\"Tbl\">\n<table:table-column table:number-columns-repeated=\"{columns}\"/>\n",
        xml(&t.title)
    ));
    // The header as a grid: each placed cell at its origin, covered cells elsewhere.
    let placed = place_header(&t.header, columns)?;
    out.push_str("<table:table-header-rows>\n");
    for r in 0..t.header.len() {
        out.push_str("<table:table-row>");
        for c in 0..columns {
            match placed.iter().find(|p| p.row == r && p.col == c) {
                Some(p) => out.push_str(&format!(
                    "<table:table-cell table:style-name=\"Td\" office:value-type=\"string\" table:number-columns-spanned=\"{}\" table:number-rows-spanned=\"{}\"><text:p text:style-name=\"CellHead\">{}</text:p></table:table-cell>",
                    p.colspan,
                    p.rowspan,
                    xml(&p.text)
                )),
                None => out.push_str("<table:covered-table-cell/>"),
            }
        }
        out.push_str("</table:table-row>\n");
    }
    out.push_str("</table:table-header-rows>\n");
    for row in &t.rows {
        out.push_str("<table:table-row>");
        for c in 0..columns {
            let cell = row.get(c);
            let text = cell.map(|c| c.display()).unwrap_or_default();
            let style = match cell {
                Some(c) if c.bold => "CellBold",
                Some(c) if c.effective_align() == Align::Right => "CellNumber",
                _ => "CellText",
            };
            out.push_str(&format!(
                "<table:table-cell table:style-name=\"Td\" office:value-type=\"string\"><text:p text:style-name=\"{style}\">{}</text:p></table:table-cell>",
                xml(&text)
            ));
        }
        out.push_str("</table:table-row>\n");
    }
    out.push_str("</table:table>\n");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{Cell, HeaderCell};

    fn sample() -> TextDocument {
        TextDocument {
            title: "Kết quả cải cách hành chính".into(),
            subtitle: Some("Kỳ báo cáo: năm 2025".into()),
            paragraphs: vec!["Thủ tục cắt giảm: 55/133 = 41,4% <đạt> & vượt".into()],
            table: Some(ReportTable {
                title: "Số liệu".into(),
                header: vec![
                    vec![
                        HeaderCell::span("Chỉ tiêu", 1, 2),
                        HeaderCell::span("Số", 2, 1),
                    ],
                    vec![HeaderCell::new("Được"), HeaderCell::new("Tổng")],
                ],
                rows: vec![vec![
                    Cell::text("Cắt giảm ≥30%"),
                    Cell::int(55),
                    Cell::int(133),
                ]],
                widths: vec![3.0, 1.0, 1.0],
                ..ReportTable::default()
            }),
        }
    }

    #[test]
    fn odt_table_rows_are_whole_and_elements_balanced() {
        let bytes = document_odt(&sample()).unwrap();
        let x = entries(&bytes)
            .into_iter()
            .find(|e| e.0 == "content.xml")
            .unwrap()
            .2;
        assert!(x.contains("55/133 = 41,4% &lt;đạt&gt; &amp; vượt"));
        assert!(x.contains("KẾT QUẢ CẢI CÁCH HÀNH CHÍNH"));
        // Every row of the table has as many cells (covered or not) as there are columns.
        let rows: Vec<&str> = x.split("<table:table-row>").skip(1).collect();
        assert_eq!(rows.len(), 3);
        for r in rows {
            let r = &r[..r.find("</table:table-row>").unwrap()];
            let cells = r.matches("<table:table-cell ").count()
                + r.matches("<table:covered-table-cell/>").count();
            assert_eq!(cells, 3, "{r}");
        }
        // Balanced elements: every opened element is closed.
        for tag in [
            "office:document-content",
            "office:body",
            "table:table",
            "text:p",
            "table:table-cell",
        ] {
            let open =
                x.matches(&format!("<{tag}>")).count() + x.matches(&format!("<{tag} ")).count();
            assert_eq!(open, x.matches(&format!("</{tag}>")).count(), "{tag}");
        }
    }

    /// Every entry of a zip package, in order, with its compression and text.
    fn entries(bytes: &[u8]) -> Vec<(String, zip::CompressionMethod, String)> {
        use std::io::Read;
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        (0..z.len())
            .map(|i| {
                let mut f = z.by_index(i).unwrap();
                let mut text = String::new();
                f.read_to_string(&mut text).unwrap();
                (f.name().unwrap().into_owned(), f.compression(), text)
            })
            .collect()
    }

    /// Parses `x` to the end: an error on any malformed or unbalanced markup.
    fn well_formed(name: &str, x: &str) {
        let mut r = quick_xml::Reader::from_str(x);
        r.config_mut().check_end_names = true;
        loop {
            match r.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{name}: {e} at {}", r.buffer_position()),
            }
        }
    }

    #[test]
    fn odt_is_a_package_with_the_mimetype_first_and_well_formed_parts() {
        let bytes = document_odt(&sample()).unwrap();
        let e = entries(&bytes);
        assert_eq!(e[0].0, "mimetype");
        assert_eq!(e[0].1, zip::CompressionMethod::Stored);
        assert_eq!(e[0].2, "application/vnd.oasis.opendocument.text");
        // The bytes office suites sniff: "mimetype" at offset 30, its content right after.
        assert_eq!(&bytes[30..38], b"mimetype");
        let names: Vec<&str> = e.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(
            names,
            [
                "mimetype",
                "META-INF/manifest.xml",
                "styles.xml",
                "content.xml"
            ]
        );
        for (name, _, text) in &e[1..] {
            well_formed(name, text);
        }
        let content = &e[3].2;
        assert!(content.contains("55/133 = 41,4% &lt;đạt&gt; &amp; vượt"));
        assert!(content.contains("<table:table "));
    }

    #[test]
    fn docx_has_the_parts_word_needs_well_formed() {
        let bytes = document_docx(&sample()).unwrap();
        let e = entries(&bytes);
        let names: Vec<&str> = e.iter().map(|x| x.0.as_str()).collect();
        for part in [
            "[Content_Types].xml",
            "_rels/.rels",
            "word/_rels/document.xml.rels",
            "word/styles.xml",
            "word/document.xml",
        ] {
            assert!(names.contains(&part), "{part} in {names:?}");
        }
        for (name, _, text) in &e {
            well_formed(name, text);
        }
        let doc = &e.iter().find(|x| x.0 == "word/document.xml").unwrap().2;
        assert!(doc.contains("KẾT QUẢ CẢI CÁCH HÀNH CHÍNH"));
        assert!(doc.contains("55/133 = 41,4% &lt;đạt&gt; &amp; vượt"));
        // The header's spans: "Chỉ tiêu" two rows high, "Số" two columns wide.
        assert!(doc.contains("<w:vMerge w:val=\"restart\"/>"));
        assert!(doc.contains("<w:vMerge w:val=\"continue\"/>"));
        assert!(doc.contains("<w:gridSpan w:val=\"2\"/>"));
        // Every row has the grid's three columns (spans counted).
        for row in doc.split("<w:tr>").skip(1) {
            let row = &row[..row.find("</w:tr>").unwrap()];
            let cells =
                row.matches("<w:tc>").count() + row.matches("<w:gridSpan w:val=\"2\"/>").count();
            assert_eq!(cells, 3, "{row}");
        }
    }

    #[test]
    fn pdf_starts_right() {
        let pdf = document_pdf(&sample(), &Fonts::bundled().unwrap()).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
    }
}
