use minqing::store;
use std::time::Instant;
fn main() {
    let path = std::env::var("DB").unwrap();
    let conn = store::open_connection(std::path::Path::new(&path)).unwrap();
    let day = chrono::Local::now().date_naive();
    let today = day.format("%Y-%m-%d").to_string();
    macro_rules! t {
        ($name:expr, $e:expr) => {{
            let t = Instant::now();
            let r = $e;
            println!("{:<14} {:?}", $name, t.elapsed());
            r
        }};
    }
    for _ in 0..2 {
        t!("overdue", store::requests::count_overdue(&conn, &today).unwrap());
        t!("grids", store::grids::list_grids(&conn).unwrap());
        t!("households", store::register::list_households(&conn).unwrap());
        t!("meetings", store::meetings::list_meetings(&conn).unwrap());
        t!("cadres", store::cadres::list_cadres(&conn, &today).unwrap());
        t!("categories", store::requests::list_categories(&conn).unwrap());
        t!("topics", store::topics::list_topics(&conn, day).unwrap());
        t!("suggestions", store::topics::suggestions(&conn, day).unwrap());
        t!("decisions", store::decisions::board(&conn, day).unwrap());
        t!("leaders", store::meeting_ops::leaders(&conn).unwrap());
        t!("callbacks", store::request_query::callbacks_due(&conn, day).unwrap());
        t!("assessment", store::assessment::load(&conn, day).unwrap());
        t!("calendar", store::calendar_days::load_calendar(&conn).unwrap());
        t!("index", store::lookup::load_index(&conn).unwrap());
    }
}
