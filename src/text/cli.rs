//! The command line's help in the interface language: clap's texts come
//! from the doc comments (English); in Chinese every command's about, every
//! option's help and clap's own headings are replaced from the `[cli]`
//! table of zh.toml, keyed by the command path ("calendar.import") and
//! "path.option" ("calendar.import.file", ".db" for a top-level option).

use super::i18n::{Lang, texts};

/// `cmd` with its help texts in `lang`.
pub fn localize(cmd: clap::Command, lang: Lang) -> clap::Command {
    if lang == Lang::En {
        return cmd;
    }
    let t: &'static _ = &texts(lang).cli;
    // The tables live as long as the program, as clap's headings must.
    let heading = |k: &str| -> &'static str { t.get(k).map_or("", String::as_str) };
    // 「用法：」, not 「用法:」 (README "Try it": Chinese punctuation).
    let sep: &'static str = &texts(lang).clerkflow.label_sep;
    let colon = sep.trim_end();
    walk(cmd, "", &|c: clap::Command, path: &str| {
        // Only the sections a command has, under headings in `lang`.
        let mut template = format!("{{about-with-newline}}\n{}{sep}{{usage}}\n", heading("@usage"));
        if c.get_subcommands().next().is_some() {
            template += &format!("\n{}{colon}\n{{subcommands}}\n", heading("@commands"));
        }
        if c.get_positionals().next().is_some() {
            template += &format!("\n{}{colon}\n{{positionals}}\n", heading("@arguments"));
        }
        template += &format!("\n{}{colon}\n{{options}}{{after-help}}", heading("@options"));
        let mut c = c
            .help_template(template)
            .disable_help_subcommand(true)
            .disable_help_flag(true)
            .arg(
                clap::Arg::new("help")
                    .short('h')
                    .long("help")
                    .action(clap::ArgAction::Help)
                    .help(heading("@help")),
            );
        if path.is_empty() {
            c = c.disable_version_flag(true).arg(
                clap::Arg::new("version")
                    .short('V')
                    .long("version")
                    .action(clap::ArgAction::Version)
                    .help(heading("@version")),
            );
        }
        if let Some(about) = t.get(path) {
            c = c.about(about.as_str()).long_about(None::<&'static str>);
        }
        let ids: Vec<String> = c.get_arguments().map(|a| a.get_id().to_string()).collect();
        for id in ids {
            let key = match id.as_str() {
                "help" => "@help".to_string(),
                "version" => "@version".to_string(),
                _ => format!("{path}.{id}"),
            };
            // Every argument, documented or not: its notes are said in
            // `lang` (an undocumented one has only them).
            let help = t.get(&key).cloned().unwrap_or_default();
            {
                c = c.mut_arg(id.as_str(), |a| {
                    // clap's own "[default: …] [possible values: …]" notes
                    // are English: said in `lang` after the help instead.
                    let mut said = help.clone();
                    let defaults: Vec<String> = a
                        .get_default_values()
                        .iter()
                        .map(|v| v.to_string_lossy().into_owned())
                        .collect();
                    let possible: Vec<String> = a
                        .get_possible_values()
                        .iter()
                        .filter(|v| !v.is_hide_set())
                        .map(|v| v.get_name().to_string())
                        .collect();
                    let takes_value = a.get_action().takes_values();
                    if takes_value && !possible.is_empty() {
                        said += &crate::text::i18n::fill(heading("@possible"), &[("values", &possible.join("、"))]);
                    }
                    if takes_value && !defaults.is_empty() {
                        said += &crate::text::i18n::fill(heading("@default"), &[("value", &defaults.join("、"))]);
                    }
                    a.help(said)
                        .hide_default_value(takes_value)
                        .hide_possible_values(takes_value)
                        .long_help(None::<&'static str>)
                        .help_heading(heading("@options"))
                });
            }
        }
        c
    })
}

fn walk(cmd: clap::Command, path: &str, f: &dyn Fn(clap::Command, &str) -> clap::Command) -> clap::Command {
    let mut cmd = f(cmd, path);
    let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in names {
        let sub_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path}.{name}")
        };
        cmd = cmd.mut_subcommand(name.as_str(), |s| walk(s, &sub_path, f));
    }
    cmd
}

/// Every key `localize` looks up for `cmd`, with clap's (English) text:
/// the test that zh.toml translates them all.
pub fn keys(cmd: &clap::Command) -> Vec<(String, String)> {
    fn go(c: &clap::Command, path: &str, out: &mut Vec<(String, String)>) {
        out.push((
            path.to_string(),
            c.get_about().map(|a| a.to_string()).unwrap_or_default(),
        ));
        for a in c.get_arguments() {
            let id = a.get_id().as_str();
            if id == "help" || id == "version" || a.is_global_set() && !path.is_empty() {
                continue;
            }
            out.push((
                format!("{path}.{id}"),
                a.get_help().map(|h| h.to_string()).unwrap_or_default(),
            ));
        }
        for s in c.get_subcommands() {
            let p = if path.is_empty() {
                s.get_name().to_string()
            } else {
                format!("{path}.{}", s.get_name())
            };
            go(s, &p, out);
        }
    }
    let mut out = Vec::new();
    go(cmd, "", &mut out);
    out
}
