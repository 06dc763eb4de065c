//! Tests of the parent module.

use super::*;
use crate::app::action::Action;
use crate::app::keymap::Keymap;

#[test]
fn both_languages_parse_with_every_field() {
    for src in [ZH, EN] {
        parse(src).expect("all sections present, no unknown fields");
    }
}

#[test]
fn label_tables_cover_the_same_codes_in_both_languages() {
    let (zh, en) = (texts(Lang::Zh), texts(Lang::En));
    let tables = |t: &'static Texts| {
        [
            &t.contexts,
            &t.actions,
            &t.status,
            &t.channel,
            &t.meeting_kind,
            &t.meeting_status,
            &t.level,
            &t.role,
        ]
    };
    for (a, b) in tables(zh).iter().zip(tables(en)) {
        let mut ka: Vec<_> = a.keys().collect();
        let mut kb: Vec<_> = b.keys().collect();
        ka.sort();
        kb.sort();
        assert_eq!(ka, kb);
    }
    for code in [
        "received",
        "assigned",
        "in_progress",
        "resolved",
        "callback",
        "closed",
        "rejected",
        "escalated",
        "merged",
    ] {
        assert!(zh.status.contains_key(code), "{code}");
    }
}

#[test]
fn every_bound_action_has_a_help_label() {
    for b in Keymap::default_map().bindings {
        let name = b.action.name();
        assert!(texts(Lang::Zh).actions.contains_key(name), "zh label for {name}");
        assert!(texts(Lang::En).actions.contains_key(name), "en label for {name}");
    }
    assert_eq!(Action::Quit.name(), "quit");
}

#[test]
fn every_action_and_workflow_step_has_a_label() {
    // A user keymap may bind any action, so all of them need a help label.
    use strum::IntoEnumIterator;
    for lang in [Lang::Zh, Lang::En] {
        for a in Action::iter() {
            assert!(
                texts(lang).actions.contains_key(a.name()),
                "{lang:?} label for {}",
                a.name()
            );
        }
        for k in crate::domain::workflow::CommandKind::ALL {
            assert!(
                texts(lang).command.contains_key(k.code()),
                "{lang:?} label for {}",
                k.code()
            );
        }
    }
}

#[test]
fn chrome_uses_no_ambiguous_width_symbols() {
    for src in [ZH, EN] {
        for bad in [
            '\u{00b7}', '\u{201c}', '\u{201d}', '\u{2026}', '\u{00d7}', '\u{2192}', '\u{25a0}', '\u{2460}',
        ] {
            let body: String = src.lines().filter(|l| !l.trim_start().starts_with('#')).collect();
            assert!(!body.contains(bad), "ambiguous-width {bad:?} in i18n table");
        }
    }
}

#[test]
fn fill_replaces_named_placeholders() {
    assert_eq!(fill("逾期{n}天", &[("n", &3)]), "逾期3天");
}

#[test]
fn english_translates_the_words_the_register_stores_in_chinese() {
    use crate::panes::lookup::forms::{PERSON_STATUSES, RELATIONS};
    let en = texts(Lang::En);
    for r in RELATIONS {
        assert!(en.relation.contains_key(r), "relation {r}");
    }
    for s in PERSON_STATUSES {
        assert!(en.person_status.contains_key(s), "status {s}");
    }
    for g in ["低保", "五保", "独居老人", "留守儿童", "残疾", "党员户", "军属"] {
        assert!(en.tag.contains_key(g), "tag {g}");
    }
    // The categories a new database starts with (migration 001).
    let sql = include_str!("../../assets/migrations/001_init.sql");
    let seed = &sql[sql.find("INSERT INTO categories").expect("seeded categories")..];
    let seed = &seed[..seed.find(';').expect("end of insert")];
    let names: Vec<&str> = seed.split('\'').skip(1).step_by(2).collect();
    assert!(names.len() >= 10, "{names:?}");
    for n in names {
        assert!(en.category.contains_key(n), "category {n}");
    }
    assert_eq!(tags(en, "低保,独居老人"), "subsistence aid elderly alone");
    // Chinese shows the stored word.
    assert_eq!(label(&texts(Lang::Zh).relation, "户主"), "户主");
}

#[test]
fn errors_name_the_object_in_the_users_language() {
    use crate::store::StoreError;
    use crate::store::agenda_error::{AgendaError, AgendaInvalid as I};
    let conflict = |lang, object: &str| store_error(lang, &StoreError::Conflict { object: object.into() });
    // Two clerks on one agenda item; two administrators on the township.
    assert!(conflict(Lang::Zh, "agenda_item:5").starts_with("议程项 5 刚被其他人修改过"));
    assert!(conflict(Lang::Zh, "township").starts_with("乡镇信息 刚被其他人修改过"));
    assert!(conflict(Lang::En, "agenda_item:5").starts_with("agenda item 5 was just changed"));
    let unknown = |lang, i| agenda_error(lang, &AgendaError::Invalid(i));
    assert_eq!(
        unknown(Lang::Zh, I::UnknownCadre(3)),
        "找不到干部 3，可能已被他人删除；请刷新"
    );
    assert!(unknown(Lang::Zh, I::UnknownPerson(3)).starts_with("找不到居民 3"));
    assert!(unknown(Lang::Zh, I::UnknownCategory(3)).starts_with("找不到诉求分类 3"));
}

#[test]
fn a_file_that_is_not_utf8_is_named_as_such() {
    let not_text = std::fs::read_to_string(std::env::current_exe().expect("the test binary")).expect_err("binary");
    assert_eq!(io_detail(Lang::Zh, &not_text), "文件不是 UTF-8 编码的文本");
    assert_eq!(io_detail(Lang::En, &not_text), "the file is not UTF-8 text");
}

#[test]
fn an_error_without_a_system_number_does_not_show_number_zero() {
    // rust_xlsxwriter's, csv's and serde's errors reach the user as I/O
    // errors with no OS error number.
    let inner = std::io::Error::other("ZipError: invalid Zip archive");
    assert_eq!(io_detail(Lang::Zh, &inner), "程序内部出错，不是系统报告的错误");
    assert_eq!(
        io_error(Lang::Zh, &inner),
        "读写文件出错（程序内部出错，不是系统报告的错误）"
    );
    assert_eq!(
        io_detail(Lang::En, &inner),
        "an internal error, not one the system reported"
    );
    // A real OS error keeps its number.
    let os = std::io::Error::from_raw_os_error(5);
    assert_eq!(io_detail(Lang::Zh, &os), "系统错误号 5");
}

#[test]
fn a_commands_io_failure_is_said_in_the_users_words() {
    let full = anyhow::Error::from(std::io::Error::from_raw_os_error(28));
    assert!(anyhow_error(Lang::Zh, &full).starts_with("磁盘已满"));
    let said = anyhow::anyhow!("找不到文件");
    assert_eq!(anyhow_error(Lang::Zh, &said), "找不到文件");
}

/// Chinese sentences take Chinese punctuation: no ASCII comma, semicolon,
/// colon or bracket right after a Chinese character (「会议已结束, 不能再
/// 修改」, 「时长(分钟)」 read as typed by a machine).
#[test]
fn chinese_texts_use_chinese_punctuation() {
    let cjk = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c) || c == '）';
    let mut found = Vec::new();
    for (n, line) in ZH.lines().enumerate() {
        let Some((key, value)) = line.split_once(" = ") else {
            continue;
        };
        // A CSV header, split on its commas.
        if key == "audit_columns" {
            continue;
        }
        let chars: Vec<char> = value.chars().collect();
        for w in chars.windows(3) {
            let ascii_after = cjk(w[0]) && (matches!(w[1], ',' | ';' | ':' | '(') || (w[1] == ' ' && w[2] == '('));
            if ascii_after {
                found.push(format!("line {}: {line}", n + 1));
                break;
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}
