//! The import wizard's steps and the moves between them, apart from the page so they are
//! tested natively: the page holds one [`Wizard`] in a signal, sends it each event (a
//! file chosen, the worker's answers, a button) and draws what its step says.

use kehu_core::import::job::{ImportJob, ImportSettings, ImportStatus, Reached, Tally};
use kehu_core::import::table::{Preview, TableOptions};
use std::sync::Arc;

/// Where the wizard is.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Waiting for a file.
    Choose,
    /// The worker reads the file's header and first rows (again, after a change of
    /// encoding or delimiter: the old preview stays in view meanwhile).
    Reading,
    /// The file is shown; the user maps its columns.
    Mapping,
    /// Every row is being checked; nothing is written.
    Checking,
    /// Checked: what a write would do, and the settings it was checked with (what the
    /// write uses, whatever the form shows since).
    Planned {
        tally: Arc<Tally>,
        settings: ImportSettings,
    },
    /// Writing `job` in batches, from `from` (where it stood when this run began).
    Writing { job: ImportJob, from: Reached },
    /// A write that ended before the end of the file (cancelled, failed, the disk
    /// full): what it wrote stays, and it resumes from its last batch.
    Stopped { job: ImportJob },
    /// Every row written.
    Done { job: ImportJob },
}

/// The file as the worker read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    pub preview: Preview,
    pub options: TableOptions,
    /// An .xlsx workbook (read as its first sheet): no encoding or delimiter to choose.
    pub workbook: bool,
    /// The text reads wrongly in this encoding: a hint to try another.
    pub doubtful: bool,
}

/// The wizard: its step, the file on show, and the last problem to tell.
#[derive(Debug, Clone, PartialEq)]
pub struct Wizard {
    pub step: Step,
    pub shown: Option<Shown>,
    /// What went wrong last (translated by the page when it happened).
    pub problem: Option<String>,
}

impl Default for Wizard {
    fn default() -> Self {
        Wizard {
            step: Step::Choose,
            shown: None,
            problem: None,
        }
    }
}

impl Wizard {
    /// A file was chosen: whatever was shown or done before goes.
    pub fn file_chosen(&mut self) {
        *self = Wizard {
            step: Step::Reading,
            ..Wizard::default()
        };
    }

    /// The file is read again with other options; a plan checked with the old ones goes.
    pub fn reread(&mut self) {
        if self.shown.is_some() && !self.busy() {
            self.step = Step::Reading;
        }
    }

    /// The worker read the file. Returns whether its header is new (the column fields
    /// are then suggested afresh; the same header keeps the user's choices).
    pub fn previewed(&mut self, shown: Shown) -> bool {
        let same = self
            .shown
            .as_ref()
            .is_some_and(|s| s.preview.header == shown.preview.header);
        self.shown = Some(shown);
        self.problem = None;
        self.step = Step::Mapping;
        !same
    }

    /// Something the form holds changed (a column's field, the date order, the kind):
    /// a plan checked before no longer says what a write would do.
    pub fn changed(&mut self) {
        if matches!(self.step, Step::Planned { .. }) {
            self.step = Step::Mapping;
        }
    }

    /// Another kind was picked: as [`Wizard::changed`], and a finished import's report
    /// and a problem go.
    pub fn kind_switched(&mut self) {
        self.changed();
        self.problem = None;
        if matches!(self.step, Step::Done { .. }) {
            self.step = Step::Choose;
        }
    }

    /// Whether the rows can be checked now (a file shown, nothing running, no required
    /// field unmapped).
    pub fn can_check(&self, missing_fields: bool) -> bool {
        self.shown.is_some()
            && !missing_fields
            && matches!(self.step, Step::Mapping | Step::Planned { .. })
    }

    /// The check starts (when it [`can_check`](Wizard::can_check)); says whether it did.
    pub fn checking(&mut self, missing_fields: bool) -> bool {
        let go = self.can_check(missing_fields);
        if go {
            self.step = Step::Checking;
            self.problem = None;
        }
        go
    }

    pub fn checked(&mut self, tally: Tally, settings: ImportSettings) {
        if self.step == Step::Checking {
            self.step = Step::Planned {
                tally: Arc::new(tally),
                settings,
            };
        }
    }

    /// The user sets the plan aside, or stops a check: back to the mapping.
    pub fn back_to_mapping(&mut self) {
        if matches!(self.step, Step::Planned { .. } | Step::Checking) {
            self.step = Step::Mapping;
        }
    }

    /// The write of `job` starts, from a plan or from where it stopped; says whether it
    /// did.
    pub fn writing(&mut self, job: ImportJob) -> bool {
        let go = matches!(self.step, Step::Planned { .. } | Step::Stopped { .. });
        if go {
            let from = job.reached();
            self.step = Step::Writing { job, from };
            self.problem = None;
        }
        go
    }

    /// A batch was written: the job as it now stands.
    pub fn batch_written(&mut self, now: ImportJob) {
        if let Step::Writing { job, .. } = &mut self.step {
            *job = now;
        }
    }

    /// The write ended: done, or stopped with the rest to resume.
    pub fn finished(&mut self, job: ImportJob) {
        if job.status == ImportStatus::Done {
            *self = Wizard {
                step: Step::Done { job },
                ..Wizard::default()
            };
        } else {
            self.step = Step::Stopped { job };
        }
    }

    /// A request failed (saying `problem` on the page, unless it is told elsewhere):
    /// reading goes back to choosing a file, a check to the mapping, a write stops where
    /// its last batch left it.
    pub fn failed(&mut self, problem: Option<String>) {
        self.problem = problem;
        self.step = match std::mem::replace(&mut self.step, Step::Choose) {
            Step::Reading => {
                self.shown = None;
                Step::Choose
            }
            Step::Checking | Step::Planned { .. } => Step::Mapping,
            Step::Writing { job, .. } => Step::Stopped { job },
            other => other,
        };
    }

    /// A check or a write is running (the page shows its progress and a stop button).
    pub fn busy(&self) -> bool {
        matches!(self.step, Step::Checking | Step::Writing { .. })
    }

    /// The plan on show, if any.
    pub fn plan(&self) -> Option<(&Arc<Tally>, &ImportSettings)> {
        match &self.step {
            Step::Planned { tally, settings } => Some((tally, settings)),
            _ => None,
        }
    }

    /// The job being written or stopped.
    pub fn job(&self) -> Option<&ImportJob> {
        match &self.step {
            Step::Writing { job, .. } | Step::Stopped { job } => Some(job),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kehu_core::Id;
    use kehu_core::import::job::FileInfo;
    use kehu_core::import::mapping::ImportKind;
    use kehu_core::import::text::Encoding;

    fn shown(header: &[&str]) -> Shown {
        Shown {
            preview: Preview {
                header: header.iter().map(|h| h.to_string()).collect(),
                rows: vec![(2, vec!["x".into(); header.len()])],
            },
            options: TableOptions {
                encoding: Encoding::Utf8,
                delimiter: b',',
            },
            workbook: false,
            doubtful: false,
        }
    }

    fn settings() -> ImportSettings {
        ImportSettings {
            kind: ImportKind::Orders,
            options: shown(&[]).options,
            mapping: vec![],
            day_order: Default::default(),
            create_missing: true,
            workbook: false,
            survey: None,
        }
    }

    fn job(rows: u64) -> ImportJob {
        let file = FileInfo {
            name: "a.csv".into(),
            size: 10,
            modified: 0.0,
        };
        ImportJob::new(Id("j".into()), file, settings(), rows, kehu_core::Millis(0))
    }

    fn planned() -> Wizard {
        let mut w = Wizard::default();
        w.file_chosen();
        w.previewed(shown(&["客户", "金额"]));
        assert!(w.checking(false));
        w.checked(Tally::default(), settings());
        w
    }

    #[test]
    fn a_file_is_read_mapped_checked_and_written() {
        let mut w = Wizard::default();
        assert!(!w.can_check(false), "no file yet");
        w.file_chosen();
        assert_eq!(w.step, Step::Reading);
        assert!(w.previewed(shown(&["客户", "金额"])), "a new header");
        assert_eq!(w.step, Step::Mapping);
        assert!(!w.checking(true), "a required field unmapped: no check");
        assert!(w.checking(false));
        assert!(w.busy());
        w.checked(Tally::default(), settings());
        assert!(w.plan().is_some());
        assert!(w.writing(job(10)));
        assert!(w.plan().is_none() && w.busy());
        let mut done = job(10);
        done.status = ImportStatus::Done;
        w.finished(done);
        assert!(matches!(w.step, Step::Done { .. }));
        assert!(w.shown.is_none(), "the file goes once it is all written");
    }

    #[test]
    fn a_change_to_the_form_sets_the_plan_aside_but_not_a_write() {
        let mut w = planned();
        w.changed();
        assert_eq!(w.step, Step::Mapping);
        let mut w = planned();
        w.writing(job(10));
        w.changed();
        w.kind_switched();
        assert!(
            matches!(w.step, Step::Writing { .. }),
            "a running write goes on"
        );
    }

    #[test]
    fn the_same_header_read_again_keeps_the_mapping_and_a_new_one_does_not() {
        let mut w = planned();
        w.reread();
        assert_eq!(w.step, Step::Reading);
        assert!(
            w.shown.is_some(),
            "the old preview stays in view while reading"
        );
        assert!(!w.previewed(shown(&["客户", "金额"])));
        assert!(w.previewed(shown(&["name"])));
    }

    #[test]
    fn a_stopped_write_resumes_from_its_last_batch() {
        let mut w = planned();
        w.writing(job(100));
        let mut j = job(100);
        j.batches = 2;
        j.rows_done = 40;
        j.line = 41;
        w.batch_written(j.clone());
        j.status = ImportStatus::Cancelled;
        w.finished(j.clone());
        assert_eq!(w.step, Step::Stopped { job: j.clone() });
        assert!(w.shown.is_some(), "the file stays, to resume");
        assert!(w.writing(j.clone()));
        let Step::Writing { from, .. } = &w.step else {
            panic!("writing")
        };
        assert_eq!((from.rows, from.line), (40, 41));
    }

    #[test]
    fn a_failure_goes_back_one_step_and_says_why() {
        let mut w = Wizard::default();
        w.file_chosen();
        w.failed(Some("not a text file".into()));
        assert_eq!((&w.step, w.shown.is_none()), (&Step::Choose, true));
        assert_eq!(w.problem.as_deref(), Some("not a text file"));

        let mut w = planned();
        w.back_to_mapping();
        w.checking(false);
        w.failed(Some("unreadable".into()));
        assert_eq!(
            w.step,
            Step::Mapping,
            "a failed check keeps the file and mapping"
        );

        let mut w = planned();
        w.writing(job(10));
        w.failed(None);
        assert!(
            matches!(w.step, Step::Stopped { .. }),
            "what was written stays"
        );
        w.file_chosen();
        assert_eq!(w.problem, None);
    }

    #[test]
    fn a_finished_import_is_set_aside_by_another_kind() {
        let mut w = planned();
        w.writing(job(1));
        let mut j = job(1);
        j.status = ImportStatus::Done;
        w.finished(j);
        w.kind_switched();
        assert_eq!(w.step, Step::Choose);
    }

    #[test]
    fn answers_that_come_too_late_change_nothing() {
        // A check's answer after the user went back, a batch after the write ended.
        let mut w = planned();
        w.back_to_mapping();
        w.checked(Tally::default(), settings());
        assert_eq!(w.step, Step::Mapping);
        w.batch_written(job(3));
        assert_eq!(w.step, Step::Mapping);
        assert!(!w.writing(job(3)), "no write without a plan");
    }
}
