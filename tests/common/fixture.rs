//! A small fixed township for snapshot tests: every name, date and state is
//! chosen here, so a change of the demo word lists or generator does not
//! churn the snapshots. Written with plain SQL on the documented schema (the
//! demo generator does the same), which keeps it independent of the store's
//! Rust API. The day is [`super::today`], Thursday 2026-11-26.
//!
//! 清溪镇: three villages/communities, four grids (2x2 on the map), twelve
//! households with 18 persons, twelve requests (one in each interesting
//! state, two merged into an open topic, two into a decided one), visits, a survey campaign with its calls, a
//! planned analysis meeting and a closed deliberation meeting with two
//! decisions (one overdue).

use std::path::{Path, PathBuf};

const FIXTURE: &str = "
UPDATE settings SET value = '清溪镇' WHERE key = 'township_name';

INSERT INTO villages (id, name, kind) VALUES
    (1, '清溪村', 'village'), (2, '石桥村', 'village'), (3, '南街社区', 'community');
INSERT INTO village_groups (id, village_id, number, name) VALUES
    (1, 1, 1, '1组'), (2, 1, 2, '2组'), (3, 2, 1, '1组');

INSERT INTO cadres (id, name, phone, title, role) VALUES
    (1, '林建国', '13905710001', '党委书记', 'leader'),
    (2, '周海燕', '13905710002', '镇长', 'leader'),
    (3, '陈晓梅', '13905710003', '民情办文员', 'clerk'),
    (4, '王志强', '13905710004', '网格员', 'cadre'),
    (5, '李秀兰', '13905710005', '网格员', 'cadre'),
    (6, '赵国华', '13905710006', '网格员', 'cadre'),
    (7, '孙丽娟', '13905710007', '网格员', 'cadre');

INSERT INTO grids (id, village_id, name, cadre_id, map_row, map_col) VALUES
    (1, 1, '清溪第一网格', 4, 0, 0),
    (2, 1, '清溪第二网格', 5, 0, 1),
    (3, 2, '石桥网格', 6, 1, 0),
    (4, 3, '南街网格', 7, 1, 1);

INSERT INTO users (id, login, display_name, role, cadre_id, can_reveal) VALUES
    (1, 'demo', '演示文员', 'clerk', 3, 0),
    (2, 'admin', '系统管理员', 'admin', NULL, 1);

INSERT INTO households (id, grid_id, village_id, group_id, house_no, address, phone, tags, verified_at, updated_at) VALUES
    (1, 1, 1, 1, '1号', '清溪村1组1号', '13957110001', '党员户', '2026-03-02', '2026-03-02 10:00:00'),
    (2, 1, 1, 1, '5号', '清溪村1组5号', NULL, '独居老人', '2026-03-02', '2026-03-02 10:05:00'),
    (3, 1, 1, 1, '9号', '清溪村1组9号', NULL, '', '2025-12-15', '2025-12-15 09:30:00'),
    (4, 2, 1, 2, '21号', '清溪村2组21号', NULL, '', '2026-05-20', '2026-05-20 14:00:00'),
    (5, 2, 1, 2, '26号', '清溪村2组26号', NULL, '', '2024-06-11', '2024-06-11 11:00:00'),
    (6, 2, 1, 2, '30号', '清溪村2组30号', NULL, '', '2026-05-20', '2026-05-20 14:20:00'),
    (7, 3, 2, 3, '2号', '石桥村1组2号', NULL, '', '2026-08-08', '2026-08-08 09:00:00'),
    (8, 3, 2, 3, '7号', '石桥村1组7号', NULL, '', '2026-08-08', '2026-08-08 09:20:00'),
    (9, 3, 2, 3, '12号', '石桥村1组12号', NULL, '低保', '2025-01-09', '2025-01-09 15:00:00'),
    (10, 4, 3, NULL, '3幢101室', '南街社区3幢101室', NULL, '', '2026-10-12', '2026-10-12 10:00:00'),
    (11, 4, 3, NULL, '5幢202室', '南街社区5幢202室', NULL, '', '2026-10-12', '2026-10-12 10:30:00'),
    (12, 4, 3, NULL, '8幢301室', '南街社区8幢301室', NULL, '独居老人', NULL, '2023-04-01 08:00:00');

INSERT INTO persons (id, household_id, name, resident_id, gender, birth_date, relation, phone, status, updated_at) VALUES
    (1, 1, '张建华', '330102196803120113', 'M', '1968-03-12', '户主', '13857110001', '在家', '2026-03-02 10:00:00'),
    (2, 1, '王美琴', '330102197007020220', 'F', '1970-07-02', '配偶', NULL, '在家', '2026-03-02 10:00:00'),
    (3, 1, '张磊', '330102199410200319', 'M', '1994-10-20', '子', '13857110021', '外出务工', '2026-03-02 10:00:00'),
    (4, 2, '王秀英', '330102195201150425', 'F', '1952-01-15', '户主', '13857110002', '在家', '2026-03-02 10:05:00'),
    (5, 3, '刘德明', '330102197505050510', 'M', '1975-05-05', '户主', '13857110003', '在家', '2025-12-15 09:30:00'),
    (6, 3, '陈玉', '330102197809090626', 'F', '1978-09-09', '配偶', NULL, '在家', '2025-12-15 09:30:00'),
    (7, 4, '黄志刚', '330102198012010718', 'M', '1980-12-01', '户主', '13857110004', '在家', '2026-05-20 14:00:00'),
    (8, 4, '黄欣怡', '33010220080418082X', 'F', '2008-04-18', '女', NULL, '在家', '2026-05-20 14:00:00'),
    (9, 5, '吴桂芳', '330102196006300920', 'F', '1960-06-30', '户主', '13857110005', '在家', '2024-06-11 11:00:00'),
    (10, 6, '郑国强', '33010219720222101X', 'M', '1972-02-22', '户主', '13857110006', '在家', '2026-05-20 14:20:00'),
    (11, 7, '何文军', '330102196508081115', 'M', '1965-08-08', '户主', '13857110007', '在家', '2026-08-08 09:00:00'),
    (12, 7, '许丽', '330102196703031228', 'F', '1967-03-03', '配偶', NULL, '在家', '2026-08-08 09:00:00'),
    (13, 8, '马小红', '330102198811111320', 'F', '1988-11-11', '户主', '13857110008', '在家', '2026-08-08 09:20:00'),
    (14, 9, '罗建平', '330102195804041412', 'M', '1958-04-04', '户主', '13857110009', '在家', '2025-01-09 15:00:00'),
    (15, 10, '谢婷婷', '330102199001201521', 'F', '1990-01-20', '户主', '13857110010', '在家', '2026-10-12 10:00:00'),
    (16, 11, '韩志远', '330102198307071614', 'M', '1983-07-07', '户主', '13857110011', '在家', '2026-10-12 10:30:00'),
    (17, 11, '韩雨', '330102201509011710', 'M', '2015-09-01', '子', NULL, '在家', '2026-10-12 10:30:00'),
    (18, 12, '唐淑珍', '330102194812251829', 'F', '1948-12-25', '户主', '13857110012', '在家', '2023-04-01 08:00:00');

INSERT INTO topics (id, title, category_id, scope, level, status, note, created_at, created_by) VALUES
    (1, '石桥村饮水管网老化', (SELECT id FROM categories WHERE name = '水电气'), 'collective', 'township', 'open',
     '由2件同类诉求合并', '2026-11-12 10:00:00', 1),
    (2, '南街社区停车难', (SELECT id FROM categories WHERE name = '道路交通'), 'collective', 'township', 'decided',
     '由2件同类诉求合并', '2026-10-10 09:00:00', 1);

-- One request in each state the panes tell apart. Categories by name.
INSERT INTO requests (id, received_at, channel, household_id, person_id, caller_name, caller_phone, category_id,
                      kind, title, content, level, status, assignee_id, assigned_at, due_at, resolved_at,
                      resolution, solved, satisfaction, topic_id, closed_at, created_by, updated_at) VALUES
    (1, '2026-11-26 09:10:00', 'hotline', 4, 7, NULL, NULL, (SELECT id FROM categories WHERE name = '道路交通'),
     'help', '村道路面塌陷需要修补', '2组村道有一处塌陷，雨天积水', 'township', 'received', NULL, NULL,
     '2026-12-15', NULL, NULL, NULL, NULL, NULL, NULL, 1, '2026-11-26 09:10:00'),
    (2, '2026-11-20 10:00:00', 'walk_in', 7, 11, NULL, NULL, (SELECT id FROM categories WHERE name = '水电气'),
     'help', '自来水夜间停水', '最近一周夜里经常停水', 'township', 'assigned', 6, '2026-11-20 14:00:00',
     '2026-12-09', NULL, NULL, NULL, NULL, NULL, NULL, 1, '2026-11-20 14:00:00'),
    (3, '2026-11-18 15:30:00', 'wechat_group', 10, 15, NULL, NULL, (SELECT id FROM categories WHERE name = '环境卫生'),
     'complaint', '小区垃圾桶满溢无人清运', '3幢楼下垃圾桶两天没人清运', 'township', 'in_progress', 7,
     '2026-11-18 16:00:00', '2026-12-07', NULL, NULL, NULL, NULL, NULL, NULL, 1, '2026-11-19 09:00:00'),
    (4, '2026-11-02 09:00:00', 'visit', 9, 14, NULL, NULL, (SELECT id FROM categories WHERE name = '社保医保'),
     'consultation', '低保年审材料咨询', '询问年审要带哪些材料', 'township', 'assigned', 6,
     '2026-11-02 11:00:00', '2026-11-05', NULL, NULL, NULL, NULL, NULL, NULL, 1, '2026-11-02 11:00:00'),
    (5, '2026-10-15 14:00:00', 'letter', 5, 9, NULL, NULL, (SELECT id FROM categories WHERE name = '土地山林'),
     'complaint', '山林承包边界纠纷', '与邻村对山林边界有争议', 'county', 'escalated', 5,
     '2026-10-15 16:00:00', '2026-11-03', NULL, NULL, NULL, NULL, NULL, NULL, 1, '2026-10-20 10:00:00'),
    (6, '2026-11-10 08:40:00', 'hotline', 1, 1, NULL, NULL, (SELECT id FROM categories WHERE name = '道路交通'),
     'help', '村口桥头路灯不亮', '桥头两盏路灯晚上不亮', 'township', 'resolved', 4, '2026-11-10 09:00:00',
     '2026-11-27', '2026-11-24 16:00:00', '已更换灯泡', NULL, NULL, NULL, NULL, 1, '2026-11-24 16:00:00'),
    (7, '2026-10-08 10:00:00', 'online', 11, 16, NULL, NULL, (SELECT id FROM categories WHERE name = '教育'),
     'consultation', '孩子入学政策咨询', '询问外地户籍子女入学政策', 'township', 'closed', 7,
     '2026-10-08 11:00:00', '2026-10-13', '2026-10-09 15:00:00', '已电话解答入学政策', 1, 'satisfied', NULL,
     '2026-10-12 10:00:00', 1, '2026-10-12 10:00:00'),
    (8, '2026-11-25 15:30:00', 'hotline', NULL, NULL, '钱大伟', '13900001111', (SELECT id FROM categories WHERE name = '政策咨询'),
     'consultation', '咨询外地社保转移', '在外地交过社保，想转回本地', 'township', 'received', NULL, NULL,
     '2026-11-30', NULL, NULL, NULL, NULL, NULL, NULL, 1, '2026-11-25 15:30:00'),
    (9, '2026-11-05 09:30:00', 'hotline', 8, 13, NULL, NULL, (SELECT id FROM categories WHERE name = '水电气'),
     'help', '自来水发黄', '早上放出来的水发黄', 'township', 'merged', NULL, NULL,
     '2026-11-24', NULL, NULL, NULL, NULL, 1, NULL, 1, '2026-11-12 10:00:00'),
    (10, '2026-11-07 11:00:00', 'visit', 9, 14, NULL, NULL, (SELECT id FROM categories WHERE name = '水电气'),
     'help', '自来水有异味', '水有铁锈味', 'township', 'merged', NULL, NULL,
     '2026-11-26', NULL, NULL, NULL, NULL, 1, NULL, 1, '2026-11-12 10:00:00'),
    (11, '2026-09-20 19:00:00', 'wechat_group', 10, 15, NULL, NULL, (SELECT id FROM categories WHERE name = '道路交通'),
     'suggestion', '小区停车位太少', '晚上车多没地方停', 'township', 'merged', 7, '2026-09-21 09:00:00',
     '2026-10-13', NULL, NULL, NULL, NULL, 2, NULL, 1, '2026-10-10 09:00:00'),
    (12, '2026-09-28 20:00:00', 'hotline', 11, 16, NULL, NULL, (SELECT id FROM categories WHERE name = '道路交通'),
     'suggestion', '希望增设停车位', '路边乱停影响通行', 'township', 'merged', 7, '2026-09-29 09:00:00',
     '2026-10-21', NULL, NULL, NULL, NULL, 2, NULL, 1, '2026-10-10 09:00:00');

INSERT INTO topic_requests (topic_id, request_id, added_at) VALUES
    (1, 9, '2026-11-12 10:00:00'), (1, 10, '2026-11-12 10:00:00'),
    (2, 11, '2026-10-10 09:00:00'), (2, 12, '2026-10-10 09:00:00');

INSERT INTO request_events (request_id, at, user_id, action, from_status, to_status, note, cadre_id) VALUES
    (1, '2026-11-26 09:10:00', 1, 'create', NULL, 'received', '民情热线来电受理', NULL),
    (2, '2026-11-20 10:00:00', 1, 'create', NULL, 'received', '群众来访受理', NULL),
    (2, '2026-11-20 14:00:00', 1, 'assign', 'received', 'assigned', '派遣网格责任干部', 6),
    (3, '2026-11-18 15:30:00', 1, 'create', NULL, 'received', '民情微群留言受理', NULL),
    (3, '2026-11-18 16:00:00', 1, 'assign', 'received', 'assigned', '派遣网格责任干部', 7),
    (3, '2026-11-19 09:00:00', 1, 'start', 'assigned', 'in_progress', '已联系物业', 7),
    (4, '2026-11-02 09:00:00', 1, 'create', NULL, 'received', '民情面对面走访中收集', NULL),
    (4, '2026-11-02 11:00:00', 1, 'assign', 'received', 'assigned', '派遣网格责任干部', 6),
    (5, '2026-10-15 14:00:00', 1, 'create', NULL, 'received', '群众来信受理', NULL),
    (5, '2026-10-15 16:00:00', 1, 'assign', 'received', 'assigned', '派遣网格责任干部', 5),
    (5, '2026-10-20 10:00:00', 1, 'escalate', 'assigned', 'escalated', '涉及跨村边界，上报县林业局', 5),
    (6, '2026-11-10 08:40:00', 1, 'create', NULL, 'received', '民情热线来电受理', NULL),
    (6, '2026-11-10 09:00:00', 1, 'assign', 'received', 'assigned', '派遣网格责任干部', 4),
    (6, '2026-11-11 09:00:00', 1, 'start', 'assigned', 'in_progress', '', 4),
    (6, '2026-11-24 16:00:00', 1, 'resolve', 'in_progress', 'resolved', '已更换灯泡', 4),
    (7, '2026-10-08 10:00:00', 1, 'create', NULL, 'received', '网上民情平台受理', NULL),
    (7, '2026-10-08 11:00:00', 1, 'assign', 'received', 'assigned', '派遣网格责任干部', 7),
    (7, '2026-10-09 15:00:00', 1, 'resolve', 'assigned', 'resolved', '已电话解答入学政策', 7),
    (7, '2026-10-12 10:00:00', 1, 'callback', 'resolved', 'callback', '满意', 7),
    (7, '2026-10-12 10:00:00', 1, 'close', 'callback', 'closed', '', 7),
    (8, '2026-11-25 15:30:00', 1, 'create', NULL, 'received', '民情热线来电受理', NULL),
    (9, '2026-11-05 09:30:00', 1, 'create', NULL, 'received', '民情热线来电受理', NULL),
    (9, '2026-11-12 10:00:00', 1, 'merge_topic', 'received', 'merged', '并入议题：石桥村饮水管网老化', NULL),
    (10, '2026-11-07 11:00:00', 1, 'create', NULL, 'received', '民情面对面走访中收集', NULL),
    (10, '2026-11-12 10:00:00', 1, 'merge_topic', 'received', 'merged', '并入议题：石桥村饮水管网老化', NULL),
    (11, '2026-09-20 19:00:00', 1, 'create', NULL, 'received', '民情微群留言受理', NULL),
    (11, '2026-09-21 09:00:00', 1, 'assign', 'received', 'assigned', '派遣网格责任干部', 7),
    (11, '2026-10-10 09:00:00', 1, 'merge_topic', 'assigned', 'merged', '并入议题：南街社区停车难', 7),
    (12, '2026-09-28 20:00:00', 1, 'create', NULL, 'received', '民情热线来电受理', NULL),
    (12, '2026-09-29 09:00:00', 1, 'assign', 'received', 'assigned', '派遣网格责任干部', 7),
    (12, '2026-10-10 09:00:00', 1, 'merge_topic', 'assigned', 'merged', '并入议题：南街社区停车难', 7);

INSERT INTO visits (cadre_id, household_id, kind, visited_on, notes, created_by) VALUES
    (4, 1, 'household', '2026-11-24', '了解路灯情况', 1),
    (4, 2, 'household', '2026-09-15', '看望独居老人', 1),
    (5, 4, 'household', '2026-11-23', '了解村道塌陷', 1),
    (5, 5, 'household', '2026-03-10', '', 1),
    (6, 7, 'household', '2026-06-10', '', 1),
    (6, 9, 'household', '2026-11-02', '低保年审', 1),
    (7, 10, 'household', '2026-11-19', '垃圾清运', 1),
    (7, NULL, 'overnight', '2026-11-25', '南街社区夜访', 1);

INSERT INTO survey_campaigns (id, name, created_at, per_grid, seed) VALUES
    (1, '2026年下半年两率测评', '2026-09-01 09:00:00', 2, 42);
INSERT INTO survey_samples (campaign_id, household_id, position) VALUES
    (1, 1, 1), (1, 2, 2), (1, 4, 1), (1, 5, 2), (1, 7, 1), (1, 8, 2), (1, 10, 1), (1, 11, 2);
INSERT INTO callbacks (household_id, request_id, campaign_id, cadre_id, user_id, method, reached, knows_cadre,
                       solved, satisfaction, comment, called_on) VALUES
    (1, NULL, 1, 4, 1, 'phone', 1, 1, NULL, 'satisfied', '', '2026-09-05'),
    (2, NULL, 1, 4, 1, 'phone', 1, 1, NULL, 'satisfied', '网格员常来看望', '2026-09-05'),
    (4, NULL, 1, 5, 1, 'phone', 1, 0, NULL, 'basically', '', '2026-09-08'),
    (5, NULL, 1, 5, 1, 'phone', 0, NULL, NULL, NULL, '', '2026-09-08'),
    (7, NULL, 1, 6, 1, 'phone', 1, 1, NULL, 'unsatisfied', '停水问题一直没解决', '2026-09-10'),
    (8, NULL, 1, 6, 1, 'phone', 1, 1, NULL, 'satisfied', '', '2026-09-10'),
    (10, NULL, 1, 7, 1, 'phone', 1, 1, NULL, 'satisfied', '', '2026-09-12'),
    (11, NULL, 1, 7, 1, 'phone', 1, 0, NULL, 'basically', '', '2026-09-12'),
    (11, 7, NULL, 7, 1, 'phone', 1, 1, 1, 'satisfied', '', '2026-10-12');

INSERT INTO meetings (id, kind, level, title, starts_at, duration_min, place, chair_id, status, minutes) VALUES
    (1, 'analysis', 'township', '2026年12月民情分析会', '2026-12-01 14:00', 90, '镇政府三楼会议室', 1, 'planned', ''),
    (2, 'deliberation', 'township', '南街社区民情议事会', '2026-10-20 14:00', 90, '南街社区活动室', 2, 'closed',
     '议定增设停车位，路灯改造列入年底计划');
INSERT INTO meeting_participants (meeting_id, cadre_id, person_id, role, attended) VALUES
    (1, 1, NULL, 'cadre', NULL), (1, 2, NULL, 'cadre', NULL), (1, 6, NULL, 'cadre', NULL),
    (1, NULL, 11, 'representative', NULL),
    (2, 2, NULL, 'cadre', 1), (2, 7, NULL, 'cadre', 1), (2, NULL, 15, 'representative', 1);
INSERT INTO agenda_items (id, meeting_id, position, topic_id, title, minutes_allotted, presenter_id, notes, item_minutes) VALUES
    (1, 1, 1, NULL, '近期民情数据通报', 15, 3, '', ''),
    (2, 1, 2, 1, '石桥村饮水管网老化研判', 20, 6, '', ''),
    (3, 2, 1, 2, '南街社区停车难', 30, 7, '', '居民代表发言踊跃'),
    (4, 2, 2, NULL, '清溪村道路亮化', 20, 4, '', '');
INSERT INTO opinions (agenda_item_id, person_id, text, adopted) VALUES
    (3, 15, '希望晚上也能有车位', 1);
INSERT INTO decisions (id, agenda_item_id, text, owner_id, deadline, status, progress, published_at, updated_at) VALUES
    (1, 3, '在南街社区东侧增设30个停车位', 7, '2026-11-20', 'in_progress', 40, '2026-10-21 09:00:00',
     '2026-10-25 10:00:00'),
    (2, 4, '年底前完成清溪村主干道路灯改造', 4, '2026-12-31', 'planned', 0, '2026-10-21 09:00:00',
     '2026-10-21 09:00:00');
INSERT INTO decision_progress (decision_id, at, user_id, progress, note) VALUES
    (1, '2026-10-25 10:00:00', 1, 40, '已完成选址');
";

/// Writes the fixture township into a new database in `dir`.
pub fn fixture_db(dir: &Path) -> PathBuf {
    let path = dir.join("fixture.db");
    let mut conn = minqing::store::open_connection(&path).expect("open");
    let tx = conn.transaction().expect("begin");
    tx.execute_batch(FIXTURE).expect("fixture township");
    // Both users log in with FIXTURE_PASSWORD (see `fixture_password_file`).
    let hash = minqing::store::accounts::hash_password(FIXTURE_PASSWORD).expect("hash");
    tx.execute("UPDATE users SET password_hash = ?1", [hash])
        .expect("passwords");
    tx.commit().expect("commit");
    path
}

/// The password of the fixture's users.
pub const FIXTURE_PASSWORD: &str = "Qingxi-2026";

/// A 0600 file holding [`FIXTURE_PASSWORD`], for `--password-file`.
pub fn fixture_password_file(dir: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let file = dir.join("fixture.password");
    std::fs::write(&file, FIXTURE_PASSWORD).expect("password file");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    file
}
