//! The clerk's settings file, `~/.config/minqing/config.toml` (the
//! platform's config folder; `MINQING_CONFIG=/path` names another), so that
//! `minqing` alone opens the office database as the clerk (README, "The
//! settings file"). Command-line options win over the file; a bad file
//! stops the program with the file, the line and what is wrong.

use crate::text::i18n::{Lang, fill, texts};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The environment variable that names another settings file.
pub const CONFIG_ENV: &str = "MINQING_CONFIG";

/// What the file may set; everything is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The office database (`--db`).
    pub database: Option<PathBuf>,
    /// The login name (`--user`).
    pub login: Option<String>,
    /// `zh` or `en` (`--lang`).
    pub language: Option<Lang>,
    /// Borders drawn with + - | (`--ascii-borders`).
    pub ascii_borders: Option<bool>,
    /// Where exports go when no file is named.
    pub export_folder: Option<PathBuf>,
    /// Minutes without a key before the screen locks.
    pub idle_lock_minutes: Option<u32>,
}

/// What is wrong with the settings file (said by [`ConfigProblem::message`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    pub file: PathBuf,
    /// 1-based; 0 when the file could not be read.
    pub line: usize,
    pub kind: ConfigError,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    /// The file could not be read.
    Unreadable(std::io::ErrorKind),
    /// A setting minqing does not know (a typo).
    UnknownKey(String),
    /// Not TOML, or a value of the wrong kind.
    BadValue,
}

impl ConfigProblem {
    /// One sentence in `lang`: the file, the line and what to write instead.
    pub fn message(&self, lang: Lang) -> String {
        let c = &texts(lang).config;
        let file = self.file.display();
        match &self.kind {
            ConfigError::Unreadable(kind) => {
                let error = crate::text::i18n::io_error(lang, &std::io::Error::from(*kind));
                fill(&c.unreadable, &[("file", &file), ("error", &error)])
            }
            ConfigError::UnknownKey(key) => {
                fill(&c.unknown_key, &[("file", &file), ("line", &self.line), ("key", key)])
            }
            ConfigError::BadValue => fill(&c.bad_value, &[("file", &file), ("line", &self.line)]),
        }
    }
}

/// Where the settings file is: `$MINQING_CONFIG`, else `config.toml` in
/// the platform's config folder for minqing.
pub fn config_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(CONFIG_ENV) {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("cn", "minqing", "minqing").map(|d| d.config_dir().join("config.toml"))
}

/// `~/…` in a path from the file means the home folder.
fn expand_home(path: PathBuf) -> PathBuf {
    let Ok(rest) = path.strip_prefix("~") else {
        return path;
    };
    match directories::BaseDirs::new() {
        Some(b) => b.home_dir().join(rest),
        None => path,
    }
}

impl Config {
    /// Parses the text of a settings file read from `file`.
    pub fn parse(text: &str, file: &Path) -> Result<Config, ConfigProblem> {
        let mut config: Config = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(0, |s| {
                text.as_bytes()[..s.start.min(text.len())]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count()
                    + 1
            });
            // The parser's own words are English: only the key is kept.
            let kind = e
                .message()
                .strip_prefix("unknown field `")
                .and_then(|rest| rest.split('`').next())
                .map_or(ConfigError::BadValue, |key| ConfigError::UnknownKey(key.to_string()));
            ConfigProblem {
                file: file.to_path_buf(),
                line,
                kind,
            }
        })?;
        config.database = config.database.map(expand_home);
        config.export_folder = config.export_folder.map(expand_home);
        Ok(config)
    }

    /// Reads the file at `path`; no file is no settings.
    pub fn load(path: Option<&Path>) -> Result<Config, ConfigProblem> {
        let Some(path) = path else {
            return Ok(Config::default());
        };
        match std::fs::read_to_string(path) {
            Ok(text) => Config::parse(&text, path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(ConfigProblem {
                file: path.to_path_buf(),
                line: 0,
                kind: ConfigError::Unreadable(e.kind()),
            }),
        }
    }
}

/// The idle lock for this clerk: the office's minutes, or fewer when the
/// settings file asks for a shorter one (never longer: the office's setting
/// is the limit; README, "The settings file").
pub fn idle_minutes(office: u32) -> u32 {
    match current() {
        Ok(c) => shorter_lock(office, c.idle_lock_minutes),
        Err(_) => office,
    }
}

fn shorter_lock(office: u32, own: Option<u32>) -> u32 {
    match own {
        Some(m) if crate::store::accounts::IDLE_LOCK_RANGE.contains(&m) => office.min(m),
        _ => office,
    }
}

/// The settings of this process, read once from [`config_path`].
pub fn current() -> &'static Result<Config, ConfigProblem> {
    static CURRENT: OnceLock<Result<Config, ConfigProblem>> = OnceLock::new();
    CURRENT.get_or_init(|| Config::load(config_path().as_deref()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setting_is_read_and_home_is_expanded() {
        let text = "database = \"~/office/minqing.db\"\nlogin = \"li\"\nlanguage = \"en\"\n\
                    ascii_borders = true\nexport_folder = \"/srv/exports\"\nidle_lock_minutes = 5\n";
        let c = Config::parse(text, Path::new("config.toml")).unwrap();
        let home = directories::BaseDirs::new().unwrap().home_dir().to_path_buf();
        assert_eq!(c.database, Some(home.join("office/minqing.db")));
        assert_eq!(c.login.as_deref(), Some("li"));
        assert_eq!(c.language, Some(Lang::En));
        assert_eq!(c.ascii_borders, Some(true));
        assert_eq!(c.export_folder, Some(PathBuf::from("/srv/exports")));
        assert_eq!(c.idle_lock_minutes, Some(5));
        assert_eq!(Config::parse("", Path::new("c")).unwrap(), Config::default());
    }

    #[test]
    fn a_bad_file_names_the_file_and_line() {
        let p = Config::parse(
            "login = \"li\"\ndatabse = \"x.db\"\n",
            Path::new("/home/li/.config/minqing/config.toml"),
        )
        .unwrap_err();
        assert_eq!(p.line, 2);
        let zh = p.message(Lang::Zh);
        assert!(
            zh.contains("/home/li/.config/minqing/config.toml") && zh.contains("第 2 行"),
            "{zh}"
        );
        assert!(zh.contains("databse") && !zh.contains("unknown"), "{zh}");
        let en = p.message(Lang::En);
        assert!(
            en.contains("line 2") && en.contains("databse") && !en.contains("行"),
            "{en}"
        );
        let p = Config::parse("language = \"fr\"\n", Path::new("c")).unwrap_err();
        assert_eq!((p.line, p.kind.clone()), (1, ConfigError::BadValue));
        assert!(p.message(Lang::Zh).contains("language"), "{}", p.message(Lang::Zh));
        let p = Config::parse("idle_lock_minutes = \"ten\"\n", Path::new("c")).unwrap_err();
        assert_eq!(p.line, 1);
    }

    #[test]
    fn the_settings_may_shorten_the_offices_idle_lock_but_not_lengthen_it() {
        assert_eq!(shorter_lock(10, Some(5)), 5);
        assert_eq!(shorter_lock(10, Some(30)), 10);
        assert_eq!(shorter_lock(10, Some(0)), 10, "0 would never lock");
        assert_eq!(shorter_lock(10, None), 10);
    }

    #[test]
    fn a_missing_file_is_no_settings() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            Config::load(Some(&dir.path().join("config.toml"))),
            Ok(Config::default())
        );
        assert_eq!(Config::load(None), Ok(Config::default()));
    }
}
