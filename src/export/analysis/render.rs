//! The document as Markdown and as A4 text, charts drawn as text bars.

use super::{Bars, Cell, Doc, Table, a};
use crate::export::agenda::{A4_COLUMNS, paginate_a4};
use crate::text;
use crate::text::i18n::Lang;

// ---------------------------------------------------------------- Markdown

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn bar(n: u32, max: u32, width: usize, glyph: char) -> String {
    if max == 0 || n == 0 {
        return String::new();
    }
    let len = ((n as usize * width) as f64 / max as f64).round().max(1.0) as usize;
    std::iter::repeat_n(glyph, len).collect()
}

/// Bars as aligned lines: label, bar, figure.
fn bar_lines(b: &Bars, width: usize, glyph: char) -> Vec<String> {
    let max = b.rows.iter().map(|r| r.1).max().unwrap_or(0);
    let label_w = b.rows.iter().map(|r| text::width(&r.0)).max().unwrap_or(0);
    b.rows
        .iter()
        .map(|(l, n)| {
            let l = text::fit(l, label_w);
            match bar(*n, max, width, glyph) {
                s if s.is_empty() => format!("{l}  {n}"),
                s => format!("{l}  {s} {n}"),
            }
        })
        .collect()
}

pub fn markdown(doc: &Doc, lang: Lang) -> String {
    markdown_at(doc, lang, 1)
}

/// The Markdown with the title at heading `level` (1: `#`), sections and
/// tables below it; an agenda embeds the report one level down.
pub fn markdown_at(doc: &Doc, lang: Lang, level: usize) -> String {
    let x = a(lang);
    let h = |n: usize| "#".repeat(level + n);
    let mut out = format!("{} {}\n\n", h(0), doc.title);
    for m in &doc.meta {
        out.push_str(&format!("{m}  \n"));
    }
    for s in &doc.sections {
        if !s.heading.is_empty() {
            out.push_str(&format!("\n{} {}\n", h(1), s.heading));
        }
        for b in &s.bars {
            out.push_str(&format!("\n{}\n\n```text\n", b.title));
            for l in bar_lines(b, 30, '█') {
                out.push_str(&l);
                out.push('\n');
            }
            out.push_str("```\n");
        }
        for t in &s.tables {
            if !t.title.is_empty() {
                out.push_str(&format!("\n{} {}\n", h(2), t.title));
            }
            out.push('\n');
            if t.rows.is_empty() {
                out.push_str(&format!("{}\n", x.none));
                continue;
            }
            let header: Vec<String> = t.header.iter().map(|h| md_cell(h)).collect();
            out.push_str(&format!("| {} |\n", header.join(" | ")));
            let rule: Vec<&str> = t
                .header
                .iter()
                .enumerate()
                .map(|(i, _)| if numeric_column(t, i) { "---:" } else { "---" })
                .collect();
            out.push_str(&format!("|{}|\n", rule.join("|")));
            for r in &t.rows {
                let cells: Vec<String> = r.iter().map(|c| md_cell(&c.text())).collect();
                out.push_str(&format!("| {} |\n", cells.join(" | ")));
            }
        }
    }
    out
}

/// A column whose cells are all numbers (or "no base") is right-aligned.
fn numeric_column(t: &Table, i: usize) -> bool {
    t.rows
        .iter()
        .any(|r| matches!(r.get(i), Some(Cell::Int(_) | Cell::Num(..))))
        && t.rows
            .iter()
            .all(|r| !matches!(r.get(i), Some(Cell::Text(s)) if s != "—" && s != "-"))
}

// ---------------------------------------------------------------- A4 text

/// Column widths fitting `total` columns: the widest text column gives way.
fn widths(t: &Table, total: usize) -> Vec<usize> {
    let mut w: Vec<usize> = t.header.iter().map(|h| text::width(h)).collect();
    for r in &t.rows {
        for (i, c) in r.iter().enumerate() {
            w[i] = w[i].max(text::width(&c.text()));
        }
    }
    let gaps = 2 * w.len().saturating_sub(1);
    while w.iter().sum::<usize>() + gaps > total {
        let (i, _) = w
            .iter()
            .enumerate()
            .filter(|(i, _)| !numeric_column(t, *i))
            .max_by_key(|(_, v)| **v)
            .unwrap_or((0, &0));
        if w[i] <= 8 {
            break;
        }
        w[i] -= 1;
    }
    w
}

fn table_lines(t: &Table, total: usize) -> Vec<String> {
    let w = widths(t, total);
    let right: Vec<bool> = (0..w.len()).map(|i| numeric_column(t, i)).collect();
    let line = |cells: Vec<String>| {
        cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if right[i] {
                    text::fit_right(c, w[i])
                } else {
                    text::fit(c, w[i])
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    let mut out = vec![line(t.header.clone())];
    out.push("-".repeat(w.iter().sum::<usize>() + 2 * w.len().saturating_sub(1)));
    for r in &t.rows {
        // A cell wider than its column continues on the next lines.
        let wrapped: Vec<Vec<String>> = r
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if right[i] {
                    vec![c.text()]
                } else {
                    text::wrap(&c.text(), w[i])
                }
            })
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        for k in 0..height {
            out.push(line(
                wrapped.iter().map(|c| c.get(k).cloned().unwrap_or_default()).collect(),
            ));
        }
    }
    out
}

/// Plain text for A4: 78 columns, pages of 60 lines with a footer, a form
/// feed between pages (as the agenda export).
pub fn plain_text(doc: &Doc, lang: Lang) -> String {
    paginate_a4(&text_lines(doc, lang), &a(lang).page_fmt, A4_COLUMNS)
}

/// The A4 text's lines before pagination (an agenda embeds them).
pub fn text_lines(doc: &Doc, lang: Lang) -> Vec<String> {
    let x = a(lang);
    let w = A4_COLUMNS;
    let mut lines = vec![text::center(&doc.title, w).trim_end().to_string(), String::new()];
    for m in &doc.meta {
        lines.extend(text::wrap(m, w));
    }
    for s in &doc.sections {
        lines.push(String::new());
        if !s.heading.is_empty() {
            lines.push(s.heading.clone());
            lines.push("=".repeat(text::width(&s.heading)));
        }
        for b in &s.bars {
            lines.push(String::new());
            lines.push(b.title.clone());
            lines.extend(bar_lines(b, 30, '#'));
        }
        for t in &s.tables {
            lines.push(String::new());
            if !t.title.is_empty() {
                lines.push(t.title.clone());
            }
            if t.rows.is_empty() {
                lines.push(x.none.clone());
            } else {
                lines.extend(table_lines(t, w));
            }
        }
    }
    lines
}
