//! The set-up pane's state: which section is open, the accounts list (read
//! on entering the users section: administrators only), and the register
//! import under way.

use crate::app::input::Input;
use crate::model::setup::AccountRow;
use std::path::PathBuf;

/// The sections, in the order Left/Right walks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, strum::EnumIter)]
pub enum Section {
    /// The first-run checklist.
    #[default]
    Start,
    Township,
    Settings,
    Villages,
    Groups,
    Grids,
    Cadres,
    Categories,
    Users,
    Import,
}

impl Section {
    pub fn all() -> Vec<Section> {
        use strum::IntoEnumIterator;
        Section::iter().collect()
    }

    /// The next (or previous, `delta` -1) section, wrapping.
    pub fn step(self, delta: isize) -> Section {
        let all = Section::all();
        let i = all.iter().position(|s| *s == self).unwrap_or(0) as isize;
        all[(i + delta).rem_euclid(all.len() as isize) as usize]
    }
}

/// One row of the settings section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingRow {
    /// A numeric setting (`domain::settings::NUMBER_SETTINGS`).
    Number(&'static str),
    /// A deadline rule by its kind code.
    Sla(String),
    /// The holiday calendar (import a calendar file).
    Calendar,
}

/// The accounts section: its rows, or why they are not shown.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Accounts {
    #[default]
    NotLoaded,
    Loaded(Vec<AccountRow>),
    Refused(String),
}

/// What the file prompt will do with the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileUse {
    Register,
    Calendar,
}

/// The register import: the file prompt, the run and what it found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportView {
    /// The file prompt being typed, with its purpose.
    pub prompt: Option<(Input, FileUse)>,
    /// Completions of the last Tab when several names fit.
    pub choices: Vec<String>,
    pub run: Option<ImportRun>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ImportRun {
    pub file: PathBuf,
    /// The dry run (checks only) or the confirmed write.
    pub dry_run: bool,
    /// Update mode: persons already registered are matched on their ID.
    pub update: bool,
    /// The sheet turned out to be one of places (villages, groups, grids,
    /// cadres): imported at once, nothing to confirm.
    pub places: bool,
    /// 0.0 to 1.0 while running.
    pub progress: f64,
    /// The stage being worked on, as said on the gauge.
    pub stage: String,
    /// What the importer said, line by line (the same lines as
    /// `minqing import register`).
    pub lines: Vec<String>,
    /// How many screen rows of `lines` (as wrapped) are scrolled off above
    /// (Up/Down, PageUp/Down, Home/End once the run is finished).
    pub scroll: usize,
    pub report: Option<PathBuf>,
    pub finished: bool,
    /// The dry run found no error: Enter writes.
    pub can_confirm: bool,
    /// The final sentence (error or done).
    pub result: Option<(bool, String)>,
}

impl ImportRun {
    /// The importer read the file and began checking (or got further).
    pub fn reached_a_stage(&self) -> bool {
        self.progress > 0.0
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct SetupView {
    pub section: Section,
    /// The session may change settings (an administrator); others see
    /// the pane read-only.
    pub admin: bool,
    pub accounts: Accounts,
    pub import: ImportView,
    /// The first snapshot was looked at (an empty office opens here).
    pub first_run_checked: bool,
}
