use super::*;
use crate::app::input::Input;
use crate::app::state::State;
use crate::panes::agenda::forms;
use crate::text::i18n::Lang;
use chrono::NaiveDate;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

fn check(lang: Lang) -> Check {
    Check::new(lang, today())
}

/// Types `value` into the field `key` of a form as laid out.
fn set(form: &mut Form, key: &str, value: &str) {
    let field = form
        .fields
        .iter_mut()
        .find(|f| f.key == key)
        .expect("a field of the form");
    field.input = Input::with_text(value);
}

fn progress(value: &str) -> ProgressInput {
    ProgressInput {
        id: 7,
        version: 3,
        progress: value.into(),
        note: "进展顺利".into(),
    }
}

#[test]
fn a_progress_outside_0_to_100_is_an_error_at_the_progress_field() {
    for (value, lang, says) in [
        ("101", Lang::Zh, "请输入 0 到 100 之间的整数"),
        ("-1", Lang::En, "A whole number from 0 to 100"),
        ("五十", Lang::Zh, "请输入 0 到 100 之间的整数"),
    ] {
        let errors = progress(value).parse(check(lang)).unwrap_err();
        assert_eq!(errors.get("progress"), Some(says), "{value}");
        assert_eq!(errors.fields.len(), 1);
    }
    assert_eq!(
        progress("100").parse(check(Lang::Zh)),
        Ok(AgendaOp::Progress {
            id: 7,
            version: 3,
            progress: 100,
            note: "进展顺利".into(),
        })
    );
}

#[test]
fn a_new_meeting_reports_every_wrong_field_in_the_users_language() {
    let input = MeetingInput {
        kind: MeetingKind::Deliberation,
        level: Level::Township,
        title: "  ".into(),
        starts_at: "12月3日下午".into(),
        length: "5".into(),
        place: String::new(),
        chair: None,
    };
    let zh = input.clone().parse(check(Lang::Zh)).unwrap_err();
    assert_eq!(zh.get("title"), Some("必填"));
    assert_eq!(zh.get("starts_at"), Some("日期时间格式：2026-12-01 14:30"));
    assert_eq!(zh.get("length"), Some("请输入 15 到 600 之间的整数"));
    let en = input.parse(check(Lang::En)).unwrap_err();
    assert_eq!(en.get("title"), Some("required"));
    assert_eq!(en.get("starts_at"), Some("Date and time as 2026-12-01 14:30"));
}

#[test]
fn the_new_meeting_form_as_laid_out_reads_into_a_typed_meeting() {
    let state = State::new(Lang::Zh, today(), "clerk");
    let mut form = forms::new_meeting(&state);
    set(&mut form, "title", "东浦村道路议事会");
    set(&mut form, "starts_at", "2026-12-03 14:30");
    set(&mut form, "place", "村委会");
    let kind = AgendaForm::NewMeeting;
    let AgendaOp::NewMeeting(m) = AgendaInput::read(&kind, &form).parse(check(Lang::Zh)).unwrap() else {
        panic!("not a meeting")
    };
    assert_eq!((m.kind, m.level), (MeetingKind::Analysis, Level::Township));
    assert_eq!((m.title.as_str(), m.place.as_str()), ("东浦村道路议事会", "村委会"));
    assert_eq!(m.starts_at.to_string(), "2026-12-03 14:30:00");
    assert_eq!((m.duration_min, m.chair_id), (90, None));
}

#[test]
fn a_decision_with_a_bad_deadline_says_so_at_the_deadline() {
    let input = |deadline: &str| DecisionInput {
        item_id: 2,
        text: "硬化村道".into(),
        owner: Some(4),
        deadline: deadline.into(),
    };
    let zh = input("12/31").parse(check(Lang::Zh)).unwrap_err();
    assert_eq!(zh.get("deadline"), Some("日期格式：2026-12-31"));
    assert_eq!(zh.get("text"), None);
    let en = input("2026-02-30").parse(check(Lang::En)).unwrap_err();
    assert_eq!(en.get("deadline"), Some("Date as 2026-12-31"));
    // No deadline is allowed.
    let Ok(AgendaOp::Decision(d)) = input("").parse(check(Lang::Zh)) else {
        panic!("not a decision")
    };
    assert_eq!((d.deadline, d.owner_id), (None, Some(4)));
}

#[test]
fn empty_required_fields_are_errors_at_those_fields() {
    let item = ItemInput {
        target: ItemTarget::New { meeting_id: 1 },
        title: String::new(),
        minutes: "300".into(),
        presenter: None,
        notes: String::new(),
        item_minutes: String::new(),
    };
    let e = item.parse(check(Lang::Zh)).unwrap_err();
    assert_eq!(e.get("title"), Some("必填"));
    assert_eq!(e.get("minutes"), Some("请输入 5 到 240 之间的整数"));
    let opinion = OpinionInput {
        item_id: 1,
        person: None,
        text: " ".into(),
        adopted: true,
    };
    assert_eq!(
        opinion.parse(check(Lang::En)).unwrap_err().get("text"),
        Some("required")
    );
    let abandon = AbandonInput {
        id: 1,
        version: 1,
        reason: String::new(),
    };
    assert_eq!(abandon.parse(check(Lang::Zh)).unwrap_err().get("reason"), Some("必填"));
    let topic = TopicInput {
        category: None,
        request_ids: vec![3, 5],
        title: String::new(),
        level: Level::Township,
        note: String::new(),
    };
    assert_eq!(topic.parse(check(Lang::En)).unwrap_err().get("title"), Some("required"));
    let rename = RenameInput {
        id: 1,
        version: 1,
        title: String::new(),
    };
    assert_eq!(rename.parse(check(Lang::Zh)).unwrap_err().get("title"), Some("必填"));
    let adopt = AdoptInput {
        opinion: None,
        adopted: true,
    };
    assert_eq!(
        adopt.parse(check(Lang::En)).unwrap_err().get("opinion"),
        Some("required")
    );
    let nobody = ParticipantInput {
        meeting_id: 1,
        who: String::new(),
        query: String::new(),
    };
    assert_eq!(
        nobody.parse(check(Lang::Zh)).unwrap_err().get("person_id"),
        Some("必填")
    );
    let score = EvaluateInput {
        id: 1,
        kind: EvalKind::Final,
        score: "120".into(),
        note: String::new(),
    };
    assert_eq!(
        score.parse(check(Lang::En)).unwrap_err().get("score"),
        Some("A whole number from 0 to 100")
    );
}

#[test]
fn a_participant_typed_wins_over_the_list_and_the_list_gives_resident_or_cadre() {
    let input = |who: &str, query: &str| ParticipantInput {
        meeting_id: 9,
        who: who.into(),
        query: query.into(),
    };
    assert_eq!(
        input("c3", "zs").parse(check(Lang::Zh)),
        Ok(AgendaOp::FindRepresentative {
            meeting_id: 9,
            query: "zs".into(),
        })
    );
    assert_eq!(
        input("p12", "").parse(check(Lang::Zh)),
        Ok(AgendaOp::Participant {
            meeting_id: 9,
            who: Participant::Representative(12),
        })
    );
    assert_eq!(
        input("c3", "").parse(check(Lang::Zh)),
        Ok(AgendaOp::Participant {
            meeting_id: 9,
            who: Participant::Cadre(3),
        })
    );
}

#[test]
fn an_edited_item_keeps_its_version_notes_and_minutes() {
    let item = ItemInput {
        target: ItemTarget::Edit { item_id: 4, version: 6 },
        title: "道路".into(),
        minutes: "20".into(),
        presenter: Some(2),
        notes: "带图纸".into(),
        item_minutes: "同意".into(),
    };
    assert_eq!(
        item.parse(check(Lang::Zh)),
        Ok(AgendaOp::EditItem {
            item_id: 4,
            version: 6,
            edit: ItemEdit {
                title: "道路".into(),
                minutes: 20,
                presenter_id: Some(2),
                notes: "带图纸".into(),
                item_minutes: "同意".into(),
            },
        })
    );
}

#[test]
fn the_export_and_topic_forms_as_laid_out_read_their_choices() {
    let state = State::new(Lang::En, today(), "clerk");
    let form = forms::export(&state, 12);
    let op = AgendaInput::read(&AgendaForm::Export { meeting_id: 12 }, &form)
        .parse(check(Lang::En))
        .unwrap();
    assert_eq!(
        op,
        AgendaOp::Export {
            meeting_id: 12,
            format: Format::Md,
            path: None,
        }
    );
    let mut form = forms::new_topic(&state);
    let errors = AgendaInput::read(&AgendaForm::NewTopic, &form)
        .parse(check(Lang::En))
        .unwrap_err();
    assert_eq!(errors.get("title"), Some("required"));
    set(&mut form, "title", "路灯");
    let Ok(AgendaOp::CreateTopic(t)) = AgendaInput::read(&AgendaForm::NewTopic, &form).parse(check(Lang::En)) else {
        panic!("not a topic")
    };
    assert_eq!(
        (t.title.as_str(), t.level, t.category_id),
        ("路灯", Level::Township, None)
    );
}
