//! The columns of a survey responses file: one row per response, the customer, the
//! date, the quick questions' scores and a comment, and the answers to a designed
//! survey's items in columns named by the item's number: `F1`/`D1` (a Kano feature with
//! and without it), `E1`/`P1` (a SERVQUAL statement's expectation and perception), `Q1`
//! (a custom item). [`template_header`] writes them; the import wizard maps them
//! (`mapping::suggest_items`) and `plan::ResponsePlanner` checks the rows.

use crate::{Survey, SurveyKind};

/// The column names of item `pos` (0-based) of a survey of `kind`: one, or a pair.
pub fn item_columns(kind: SurveyKind, pos: usize) -> (String, Option<String>) {
    let n = pos + 1;
    match kind {
        SurveyKind::Kano => (format!("F{n}"), Some(format!("D{n}"))),
        SurveyKind::Servqual => (format!("E{n}"), Some(format!("P{n}"))),
        SurveyKind::Custom => (format!("Q{n}"), None),
    }
}

/// The header of a file of answers to `survey` (a template the owner fills in).
pub fn template_header(survey: &Survey) -> String {
    let mut cols = vec!["customer".to_string(), "date".to_string()];
    for pos in 0..survey.items.len() {
        let (a, b) = item_columns(survey.kind, pos);
        cols.push(a);
        cols.extend(b);
    }
    cols.push("comment".into());
    cols.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::mapping::{ImportKind, Target, item_targets, suggest, suggest_items};
    use crate::{Id, Millis};

    #[test]
    fn the_template_maps_itself() {
        for kind in [SurveyKind::Kano, SurveyKind::Servqual, SurveyKind::Custom] {
            let sv = Survey::starter(kind, true, Id("s".into()), Millis(0));
            let header: Vec<String> = template_header(&sv)
                .split(',')
                .map(str::to_string)
                .collect();
            let mut m = suggest(ImportKind::Responses, &header, &[], &[]);
            suggest_items(&sv, &header, &mut m);
            let mut want = vec![Some(Target::OrderCustomer), Some(Target::ResponseDate)];
            want.extend(item_targets(&sv).into_iter().map(Some));
            want.push(Some(Target::ResponseComment));
            assert_eq!(m, want, "{kind:?}");
        }
    }
}
