//! Completeness of an online submission: every required component of the procedure has at
//! least one file tagged with its name. One rule for the portal's check page and for
//! `App::submit` (the JSON API too); the desk takes paper and keeps its own checklist.

use super::{Action, DossierError, FileRef, Problem};
use crate::catalog::Component;

/// The required components (of a procedure's `components`) that no file in `files` is for,
/// in the catalog's order.
pub fn missing_components<'p>(
    components: &'p [Component],
    files: &[FileRef],
) -> Vec<&'p Component> {
    components
        .iter()
        .filter(|c| {
            c.required
                && !files
                    .iter()
                    .any(|f| f.component.as_deref() == Some(&c.name))
        })
        .collect()
}

/// The position in `components` of the first required component without a file, if any.
pub fn first_missing_component(components: &[Component], files: &[FileRef]) -> Option<usize> {
    let missing = missing_components(components, files);
    let first = missing.first()?;
    components.iter().position(|c| std::ptr::eq(c, *first))
}

/// Refuses an online submission whose `files` leave a required component without a file; the
/// message names each missing component.
pub fn check_complete(components: &[Component], files: &[FileRef]) -> Result<(), DossierError> {
    let missing = missing_components(components, files);
    if missing.is_empty() {
        return Ok(());
    }
    Err(DossierError::Invalid {
        action: Action::SubmitOnline,
        field: "files",
        problem: Problem::MissingComponents(missing.into_iter().map(|c| c.name.clone()).collect()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn component(name: &str, required: bool) -> Component {
        Component {
            name: name.into(),
            originals: 1,
            certified_copies: 0,
            copies: 0,
            required,
            template: None,
            note: None,
        }
    }

    fn file(component: Option<&str>) -> FileRef {
        FileRef {
            sha256: "ab".repeat(32),
            name: "f.pdf".into(),
            size: 10,
            content_type: Some("application/pdf".into()),
            component: component.map(str::to_owned),
            upload_ticket: None,
        }
    }

    fn components() -> Vec<Component> {
        vec![
            component("Đơn đề nghị", true),
            component("Bản sao giấy phép cũ", false),
            component("Bản vẽ", true),
        ]
    }

    #[test]
    fn required_components_without_files() {
        let p = components();
        let names = |files: &[FileRef]| {
            missing_components(&p, files)
                .into_iter()
                .map(|c| c.name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&[]), ["Đơn đề nghị", "Bản vẽ"]);
        // A file without a component, or for an optional one, proves nothing.
        assert_eq!(
            names(&[file(None), file(Some("Bản sao giấy phép cũ"))]),
            ["Đơn đề nghị", "Bản vẽ"]
        );
        assert_eq!(names(&[file(Some("Đơn đề nghị"))]), ["Bản vẽ"]);
        assert_eq!(
            first_missing_component(&p, &[file(Some("Đơn đề nghị"))]),
            Some(2)
        );
        let all = [file(Some("Bản vẽ")), file(Some("Đơn đề nghị"))];
        assert!(names(&all).is_empty());
        assert_eq!(first_missing_component(&p, &all), None);
    }

    #[test]
    fn an_incomplete_submission_is_refused_naming_what_is_missing() {
        let p = components();
        let e = check_complete(&p, &[file(Some("Đơn đề nghị"))]).unwrap_err();
        assert_eq!(e.kind(), crate::dossier::ErrorKind::Invalid);
        assert!(e.message_vi().contains("Bản vẽ"), "{}", e.message_vi());
        assert!(e.message_en().contains("Bản vẽ"), "{}", e.message_en());
        assert!(!e.message_vi().contains("Đơn đề nghị"));
        assert!(check_complete(&p, &[file(Some("Đơn đề nghị")), file(Some("Bản vẽ"))]).is_ok());
    }

    #[test]
    fn a_procedure_without_required_components_is_complete() {
        let mut p = components();
        p.iter_mut().for_each(|c| c.required = false);
        assert!(missing_components(&p, &[]).is_empty());
    }
}
