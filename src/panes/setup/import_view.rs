//! The register import section: what to do, the file prompt (Tab
//! completes), the gauge while the importer runs, then what it said, the
//! report of bad rows, and the key that writes after a clean dry run.

use super::draw::import_lines;
use super::state::FileUse;
use crate::app::action::Action;
use crate::app::keymap::{Context, Keymap};
use crate::app::state::State;
use crate::panes::keys::key_for;
use crate::text::i18n::{Texts, fill};
use crate::ui::theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, t: &Texts, keymap: &Keymap) {
    let u = &t.setup.ui;
    let block = state.theme.block().title(format!(" {} ", u.sec_import));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = inner.width.max(1) as usize;
    let mut rows = Rows { inner, y: inner.y };
    let key = |ctx, action| key_for(keymap, ctx, action).unwrap_or("?").to_string();
    let import = &state.setup.import;
    if let Some((input, use_)) = &import.prompt {
        let label = match use_ {
            FileUse::Register => &u.prompt_register,
            FileUse::Calendar => &u.prompt_calendar,
        };
        if let Some(row) = rows.take() {
            import_lines::prompt(frame, row, label, input);
        }
        let hint = fill(
            &u.prompt_hint,
            &[("key", &key(Context::SetupPrompt, Action::SetupComplete))],
        );
        rows.put(frame, Line::styled(crate::text::truncate(&hint, w), theme::muted()));
        if !import.choices.is_empty() {
            for l in crate::text::wrap(&import.choices.join("  "), w) {
                rows.put(frame, Line::raw(l));
            }
        }
        return;
    }
    let Some(run) = &import.run else {
        for l in crate::text::wrap(
            &fill(&u.import_intro, &[("key", &key(Context::Setup, Action::SetupImport))]),
            w,
        ) {
            rows.put(frame, Line::raw(l));
        }
        return;
    };
    rows.put(
        frame,
        Line::raw(crate::text::truncate(
            &fill(&u.import_file, &[("path", &run.file.display())]),
            w,
        )),
    );
    let mode = match (run.dry_run, run.update) {
        _ if run.places => &u.mode_places,
        (true, false) => &u.mode_dry_new,
        (true, true) => &u.mode_dry_update,
        (false, _) => &u.mode_write,
    };
    rows.put(frame, Line::styled(crate::text::truncate(mode, w), theme::muted()));
    if let Some(row) = rows.take().filter(|_| !run.finished || run.reached_a_stage()) {
        let pct = (run.progress * 100.0).round() as u32;
        let label = if run.finished {
            fill(&u.stage_done, &[("pct", &pct)])
        } else {
            format!("{} {pct}%", run.stage)
        };
        import_lines::gauge(frame, row, run.progress, label);
    }
    // The end first (result, report, what next), then as many of the
    // importer's lines as fit.
    let mut tail: Vec<Line<'static>> = vec![];
    if let Some(path) = &run.report {
        // A dry run that may be confirmed had no bad rows: its report
        // holds notes and the persons not in the file.
        let (text, style) = if run.can_confirm {
            (&u.check_report_at, theme::muted())
        } else {
            (&u.report_at, theme::warning())
        };
        tail.extend(
            crate::text::wrap(&fill(text, &[("path", &path.display())]), w)
                .into_iter()
                .map(|l| Line::styled(l, style)),
        );
    }
    if let Some((ok, text)) = &run.result {
        let style = if *ok { theme::ok() } else { theme::error() };
        tail.extend(crate::text::wrap(text, w).into_iter().map(|l| Line::styled(l, style)));
    }
    if run.finished {
        let next = if run.can_confirm {
            fill(
                &u.confirm_hint,
                &[("key", &key(Context::SetupImport, Action::SetupConfirmImport))],
            )
        } else {
            fill(&u.again_hint, &[("key", &key(Context::Setup, Action::SetupImport))])
        };
        tail.extend(
            crate::text::wrap(&next, w)
                .into_iter()
                .map(|l| Line::styled(l, theme::key())),
        );
    }
    // The scroll keys as the help names them (上/下 in Chinese).
    let name = |a| crate::ui::help::key_label(&key(Context::List, a), t);
    let (up, down) = (name(Action::Up), name(Action::Down));
    let scroll_note = |text: &str, n: usize| {
        let said = fill(text, &[("n", &n), ("up", &up), ("down", &down)]);
        Line::styled(crate::text::truncate(&said, w), theme::muted())
    };
    let fit = rows.left().saturating_sub(tail.len());
    let body: Vec<String> = run.lines.iter().flat_map(|l| crate::text::wrap(l, w)).collect();
    // Unscrolled, the first lines (header found, unmapped columns) come
    // first; a note above and below says what is scrolled off. The report
    // file has every row.
    let last = if body.len() > fit {
        body.len() + 1 - fit.max(1)
    } else {
        0
    };
    state.layout.import_page.set(fit.saturating_sub(2));
    state.layout.import_last.set(last);
    let start = run.scroll.min(last);
    let mut room = fit;
    if start > 0 && room > 0 {
        rows.put(frame, scroll_note(&u.lines_above, start));
        room -= 1;
    }
    let below = body.len().saturating_sub(start + room);
    let shown = if below > 0 { room.saturating_sub(1) } else { room };
    for l in body.iter().skip(start).take(shown) {
        rows.put(frame, Line::raw(l.clone()));
    }
    if below > 0 && room > 0 {
        rows.put(frame, scroll_note(&u.more_lines, body.len() - start - shown));
    }
    for l in tail {
        rows.put(frame, l);
    }
}

/// The rows of the section, handed out top to bottom.
struct Rows {
    inner: Rect,
    y: u16,
}

impl Rows {
    fn take(&mut self) -> Option<Rect> {
        (self.y < self.inner.y + self.inner.height).then(|| {
            self.y += 1;
            Rect {
                y: self.y - 1,
                height: 1,
                ..self.inner
            }
        })
    }

    fn put(&mut self, frame: &mut Frame, line: Line<'static>) {
        if let Some(row) = self.take() {
            frame.render_widget(Paragraph::new(line), row);
        }
    }

    fn left(&self) -> usize {
        (self.inner.y + self.inner.height).saturating_sub(self.y) as usize
    }
}
