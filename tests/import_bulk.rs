//! A whole register imported at once (README "Importing the register" and
//! "Performance"): the set-up pane's progress bar hears each stage and the
//! rows written, and the change log gets one reload entry instead of one
//! per row, so open TUIs load everything once.

use minqing::domain::ids::check_digit;
use minqing::import::{RegisterArgs, Stage, import_register};
use minqing::store::Store;
use minqing::store::changes::{self, Pending};
use minqing::text::i18n::Lang;

const HOUSEHOLDS: usize = 2_000;
const PER_HOUSEHOLD: usize = 3;

fn register_csv(path: &std::path::Path) {
    let mut text = String::from("姓名,公民身份号码,与户主关系,户号,村(社区),村民小组,所属网格\n");
    let base = chrono::NaiveDate::from_ymd_opt(1950, 1, 1).unwrap();
    for h in 0..HOUSEHOLDS {
        for m in 0..PER_HOUSEHOLD {
            let i = h * PER_HOUSEHOLD + m;
            let birth = base + chrono::Duration::days(i as i64 % 20_000);
            let first17 = format!("330621{}{:03}", birth.format("%Y%m%d"), i / 20_000);
            let id = format!("{first17}{}", check_digit(&first17).unwrap());
            let relation = ["户主", "配偶", "子"][m];
            text.push_str(&format!(
                "居民{i},{id},{relation},{h},青山村,{},青山村网格\n",
                1 + h % 5
            ));
        }
    }
    std::fs::write(path, text).unwrap();
}

#[test]
fn a_large_import_reports_its_stages_and_logs_one_reload() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("register.csv");
    register_csv(&file);
    let mut store = Store::open(&dir.path().join("t.db"), "clerk").unwrap();
    let other = minqing::store::open_connection(&dir.path().join("t.db")).unwrap();
    let at = changes::position(&other).unwrap();

    let args = RegisterArgs {
        file,
        create_places: true,
        ..RegisterArgs::default()
    };
    let mut stages = Vec::new();
    let mut out = Vec::new();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let outcome = import_register(&mut store, &args, Lang::Zh, today, &mut out, &mut |s| stages.push(s))
        .unwrap_or_else(|e| panic!("{e}\n{}", String::from_utf8_lossy(&out)));
    assert_eq!(outcome.new_persons(), HOUSEHOLDS * PER_HOUSEHOLD);

    // Checking first, then the write in steps, ending at all rows.
    assert_eq!(stages.first(), Some(&Stage::Checking));
    let writes: Vec<(usize, usize)> = stages
        .iter()
        .filter_map(|s| match s {
            Stage::Writing { done, total } => Some((*done, *total)),
            _ => None,
        })
        .collect();
    let total = HOUSEHOLDS + HOUSEHOLDS * PER_HOUSEHOLD;
    assert!(writes.len() > 1, "the bar moves while writing: {writes:?}");
    assert!(writes.windows(2).all(|w| w[0].0 < w[1].0), "{writes:?}");
    assert_eq!(writes.last(), Some(&(total, total)));
    let ratios: Vec<f64> = stages.iter().map(|s| s.ratio()).collect();
    assert!(
        ratios.windows(2).all(|w| w[0] <= w[1]) && ratios.last() == Some(&1.0),
        "{ratios:?}"
    );

    // One reload entry (and the places created), not one per row.
    let logged: i64 = other
        .query_row("SELECT count(*) FROM change_log WHERE seq > ?1", [at], |r| r.get(0))
        .unwrap();
    assert!(logged < 20, "{logged} entries for {total} rows");
    assert_eq!(changes::since(&other, at).unwrap(), Pending::Reload);
}
