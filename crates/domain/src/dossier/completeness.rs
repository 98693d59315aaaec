//! Completeness of an online submission: every required component of the procedure has at
//! least one file tagged with its name. One rule for the portal's check page and for
//! `App::submit` (the JSON API too); the desk takes paper and keeps its own checklist.

use super::FileRef;
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
    fn a_procedure_without_required_components_is_complete() {
        let mut p = components();
        p.iter_mut().for_each(|c| c.required = false);
        assert!(missing_components(&p, &[]).is_empty());
    }
}
