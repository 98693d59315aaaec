//! OpenDocument text (`.odt`): a zip package whose first entry is the uncompressed `mimetype`
//! (how office suites recognise it), then the manifest, the styles and the content — what
//! LibreOffice writes and Word opens.

use std::io::Write;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::{
    odf_body, TextDocument, ODF_BODY_STYLES, ODF_DEFAULT_STYLE, ODF_FONTS, ODF_MASTER, ODF_NS,
    ODF_PAGE,
};
use crate::PrintError;

const MIMETYPE: &str = "application/vnd.oasis.opendocument.text";

const MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.text"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"#;

pub(crate) fn zip_error(e: impl std::fmt::Display) -> PrintError {
    PrintError::Document(format!("zip: {e}"))
}

/// The document as an `.odt` package.
pub fn document_odt(d: &TextDocument) -> Result<Vec<u8>, PrintError> {
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content {ODF_NS}>\n\
{ODF_FONTS}\n<office:automatic-styles>\n{ODF_BODY_STYLES}\n</office:automatic-styles>\n\
<office:body><office:text>\n{}</office:text></office:body>\n</office:document-content>\n",
        odf_body(d)?
    );
    let styles = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-styles {ODF_NS}>\n\
{ODF_FONTS}\n<office:styles>{ODF_DEFAULT_STYLE}</office:styles>\n\
<office:automatic-styles>{ODF_PAGE}</office:automatic-styles>\n{ODF_MASTER}\n\
</office:document-styles>\n"
    );
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // OpenDocument §3.3: "mimetype" first, stored, no extra field.
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    zip.start_file("mimetype", stored).map_err(zip_error)?;
    zip.write_all(MIMETYPE.as_bytes()).map_err(zip_error)?;
    for (name, body) in [
        ("META-INF/manifest.xml", MANIFEST.to_owned()),
        ("styles.xml", styles),
        ("content.xml", content),
    ] {
        zip.start_file(name, deflated).map_err(zip_error)?;
        zip.write_all(body.as_bytes()).map_err(zip_error)?;
    }
    Ok(zip.finish().map_err(zip_error)?.into_inner())
}
