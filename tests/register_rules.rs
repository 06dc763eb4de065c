//! Issue 13, finding 11: adding a member whose relation does not fit the
//! gender and age in the ID warns (a second save confirms), and an ID typed
//! with full-width digits is read, not refused. Driven through the real
//! key → action → effect path, on a real store.

mod common;
use chrono::{Datelike, NaiveDate};
use common::{InProcess, demo_db};
use crossterm::event::{KeyCode, KeyModifiers};
use minqing::domain::ids::check_digit;
use minqing::ui::i18n::Lang;

/// A male head with a resident ID: (household id, ID, birth date).
fn male_head(db: &std::path::Path) -> (i64, String, NaiveDate) {
    let conn = minqing::store::open_connection(db).expect("open");
    let (household, rid, birth): (i64, String, String) = conn
        .query_row(
            "SELECT household_id, resident_id, birth_date FROM persons
             WHERE relation = '户主' AND gender = 'M' AND resident_id IS NOT NULL
               AND birth_date < '1960-01-01' ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("a head born before 1960");
    let birth = NaiveDate::parse_from_str(&birth, "%Y-%m-%d").expect("date");
    (household, rid, birth)
}

/// A woman's ID (even sequence digit) born `birth`, in full-width digits.
fn full_width_woman_id(birth: NaiveDate) -> (String, String) {
    let first17 = format!("330602{}002", birth.format("%Y%m%d"));
    let ascii = format!("{first17}{}", check_digit(&first17).expect("digits"));
    let wide = ascii
        .chars()
        .map(|c| char::from_u32(c as u32 + 0xFEE0).expect("full-width"))
        .collect();
    (ascii, wide)
}

fn save(app: &mut InProcess) {
    app.key_mod(KeyCode::Char('s'), KeyModifiers::CONTROL);
}

fn member_count(app: &InProcess, household: i64) -> i64 {
    app.svc
        .store
        .conn()
        .query_row(
            "SELECT count(*) FROM persons WHERE household_id = ?1",
            [household],
            |r| r.get(0),
        )
        .expect("count")
}

#[test]
fn an_implausible_relation_warns_first_and_saves_on_confirmation() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 100);
    let (household, head_rid, head_birth) = male_head(&db);
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    app.key(KeyCode::F(2));
    app.typed(&head_rid);
    app.key(KeyCode::Enter);
    assert_eq!(app.state.card.as_ref().expect("card").card.id, household);
    let before = member_count(&app, household);
    // A woman only 13 years younger than the head, as 子 (the default).
    let birth = head_birth
        .with_year(head_birth.year() + 13)
        .unwrap_or(head_birth + chrono::Duration::days(13 * 365));
    let (ascii, wide) = full_width_woman_id(birth);
    app.key(KeyCode::Char('a'));
    app.typed("王秀兰");
    app.key(KeyCode::Tab);
    app.typed(&wide);
    save(&mut app);
    let form = app
        .state
        .form
        .as_ref()
        .expect("the first save warns and keeps the form");
    assert!(
        form.fields.iter().all(|f| f.error.is_none()),
        "full-width ID accepted: {:?}",
        form.fields
    );
    let warning = form.error.clone().unwrap_or_default();
    assert!(
        warning.contains("请核对") && warning.contains("性别却是女") && warning.contains("小 15 岁以上"),
        "{warning}"
    );
    assert!(app.screen().contains("再按一次保存"), "the warning is on screen");
    assert_eq!(member_count(&app, household), before, "nothing saved yet");
    // Changing the relation to 女 leaves only the age warning: asked again.
    app.key(KeyCode::Tab);
    app.key(KeyCode::Right);
    assert_eq!(app.state.form.as_ref().expect("form").value("relation"), "女");
    save(&mut app);
    let again = app.state.form.as_ref().expect("a new warning is shown first");
    let warning = again.error.clone().unwrap_or_default();
    assert!(
        warning.contains("小 15 岁以上") && !warning.contains("性别"),
        "{warning}"
    );
    assert_eq!(member_count(&app, household), before);
    // The clerk confirms.
    save(&mut app);
    assert!(app.state.form.is_none(), "confirmed and saved: {:?}", app.state.status);
    assert_eq!(member_count(&app, household), before + 1);
    let (relation, rid): (String, String) = app
        .svc
        .store
        .conn()
        .query_row(
            "SELECT relation, resident_id FROM persons WHERE household_id = ?1 AND name = '王秀兰'",
            [household],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("saved");
    assert_eq!((relation.as_str(), rid.as_str()), ("女", ascii.as_str()));
}

#[test]
fn a_plausible_relation_saves_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path(), 100);
    let (household, head_rid, head_birth) = male_head(&db);
    let mut app = InProcess::open(&db, "demo", Lang::Zh);
    app.key(KeyCode::F(2));
    app.typed(&head_rid);
    app.key(KeyCode::Enter);
    let before = member_count(&app, household);
    // A daughter 28 years younger.
    let birth = head_birth
        .with_year(head_birth.year() + 28)
        .unwrap_or(head_birth + chrono::Duration::days(28 * 365));
    let (_, wide) = full_width_woman_id(birth);
    app.key(KeyCode::Char('a'));
    app.typed("王小红");
    app.key(KeyCode::Tab);
    app.typed(&wide);
    app.key(KeyCode::Tab);
    app.key(KeyCode::Right);
    save(&mut app);
    assert!(
        app.state.form.is_none(),
        "{:?}",
        app.state.form.as_ref().map(|f| &f.error)
    );
    assert_eq!(member_count(&app, household), before + 1);
}
