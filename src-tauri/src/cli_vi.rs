//! Clap in Vietnamese, for every command of `cli_args` and any added later: the help's
//! headings and usage lines (`localize`), and every argument error rendered from clap's
//! `ErrorKind` and context (`render_error`), never from clap's English text. A new
//! subcommand needs only its Vietnamese doc comments; a number with limits uses
//! `whole_number` so that its refusal names them.

use std::error::Error as _;
use std::ffi::OsString;
use std::fmt;
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, Parser};

/// Every command's help: clap's own template has English headings ("Usage:").
const HELP_TEMPLATE: &str = "\
{before-help}{about-with-newline}
Cách dùng: {usage}

{all-args}{after-help}";

/// Continuation lines of a usage line up under the first: the width of "Cách dùng: ".
const USAGE_INDENT: &str = "           ";

const OPTIONS_HEADING: &str = "Tùy chọn";
const ARGUMENTS_HEADING: &str = "Tham số";
const COMMANDS_HEADING: &str = "Lệnh";
const COMMAND_VALUE: &str = "LỆNH";
/// The value name of an option that has none of its own (clap would print its id).
const VALUE_NAME: &str = "GIÁ_TRỊ";

/// Parses the process's arguments into `P`. Help and version are printed here (exit code
/// 0); a mistake is explained in Vietnamese on stderr (exit code 1).
pub fn parse<P: Parser>() -> Result<P, ExitCode> {
    let args: Vec<OsString> = std::env::args_os().collect();
    let cmd = localize(P::command());
    let parsed = cmd
        .clone()
        .try_get_matches_from(&args)
        .and_then(|mut matches| P::from_arg_matches_mut(&mut matches));
    match parsed {
        Ok(parsed) => Ok(parsed),
        Err(err)
            if matches!(
                err.kind(),
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
            ) =>
        {
            // The help is the localized command's, already Vietnamese.
            let _ = err.print();
            Err(ExitCode::SUCCESS)
        }
        Err(err) => {
            eprint!("{}", render_error(&err, &cmd, &args));
            Err(ExitCode::FAILURE)
        }
    }
}

/// The command tree with Vietnamese headings, usage lines and help/version flags, and
/// defaults and possible values said in the description instead of clap's "[default: …]".
pub fn localize(root: Command) -> Command {
    let root = localize_tree(root, "", &[]);
    // Our own -h/--help and -V/--version: clap's would say "Print help".
    let root = root.disable_help_flag(true).arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .global(true)
            .help("In trợ giúp.")
            .help_heading(OPTIONS_HEADING)
            .display_order(usize::MAX - 1),
    );
    if root.get_version().is_some() {
        root.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("In phiên bản.")
                .help_heading(OPTIONS_HEADING)
                .display_order(usize::MAX),
        )
    } else {
        root
    }
}

fn localize_tree(cmd: Command, parent: &str, inherited: &[Arg]) -> Command {
    let path = if parent.is_empty() {
        cmd.get_name().to_string()
    } else {
        format!("{parent} {}", cmd.get_name())
    };
    // Global options (--db) are shown in every descendant's usage line.
    let mut globals = inherited.to_vec();
    globals.extend(cmd.get_arguments().filter(|a| a.is_global_set()).cloned());
    let usage = usage(&cmd, &path, &globals, parent.is_empty());
    cmd.help_template(HELP_TEMPLATE)
        .override_usage(usage)
        .subcommand_help_heading(COMMANDS_HEADING)
        .subcommand_value_name(COMMAND_VALUE)
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .disable_version_flag(true)
        .mut_args(localize_arg)
        .mut_subcommands(|sub| localize_tree(sub, &path, &globals))
}

fn localize_arg(arg: Arg) -> Arg {
    let mut arg = arg;
    if arg.get_help_heading().is_none() {
        let heading = if arg.is_positional() {
            ARGUMENTS_HEADING
        } else {
            OPTIONS_HEADING
        };
        arg = arg.help_heading(heading);
    }
    if !arg.get_action().takes_values() {
        return arg;
    }
    if arg.get_value_names().is_none() {
        arg = arg.value_name(VALUE_NAME);
    }
    let mut notes = Vec::new();
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && !arg.is_hide_default_value_set() {
        notes.push(format!("mặc định: {}", defaults.join(" ")));
        arg = arg.hide_default_value(true);
    }
    let possible: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if !possible.is_empty() && !arg.is_hide_possible_values_set() {
        notes.push(format!("một trong: {}", possible.join(", ")));
        arg = arg.hide_possible_values(true);
    }
    if notes.is_empty() {
        return arg;
    }
    let note = format!("({})", notes.join("; "));
    let help = arg.get_help().map(|h| format!("{h} {note}"));
    let long_help = arg.get_long_help().map(|h| format!("{h}\n{note}"));
    arg = arg.help(help.unwrap_or(note));
    if let Some(long_help) = long_help {
        arg = arg.long_help(long_help);
    }
    arg
}

/// The usage line(s): the root lists itself and each command; a command with
/// subcommands says `<LỆNH>`; any other lists its options, optional ones in brackets.
fn usage(cmd: &Command, path: &str, globals: &[Arg], root: bool) -> String {
    if !cmd.has_subcommands() {
        return leaf_usage(cmd, path, globals);
    }
    let own = own_args(cmd, globals);
    let mut lines = Vec::new();
    if root {
        lines.push(
            std::iter::once(path.to_string())
                .chain(own)
                .collect::<Vec<_>>()
                .join(" "),
        );
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            let sub_path = format!("{path} {}", sub.get_name());
            if sub.has_subcommands() {
                lines.push(format!("{sub_path} <{COMMAND_VALUE}> …"));
            } else {
                lines.push(leaf_usage(sub, &sub_path, globals));
            }
        }
    } else {
        lines.push(format!("{path} <{COMMAND_VALUE}> …"));
    }
    lines.join(&format!("\n{USAGE_INDENT}"))
}

fn leaf_usage(cmd: &Command, path: &str, globals: &[Arg]) -> String {
    std::iter::once(path.to_string())
        .chain(own_args(cmd, globals))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `<LOẠI> --period <KỲ> [--unit <ĐƠN_VỊ>] … [--db <TỆP>]`: positionals, then options in
/// their order (required ones bare), then the inherited global ones.
fn own_args(cmd: &Command, globals: &[Arg]) -> Vec<String> {
    let shown = |a: &&Arg| !a.is_hide_set() && !matches!(a.get_action(), ArgAction::Help);
    let mut out: Vec<String> = cmd
        .get_positionals()
        .filter(shown)
        .map(|a| {
            let name = value_name(a);
            if a.is_required_set() {
                format!("<{name}>")
            } else {
                format!("[{name}]")
            }
        })
        .collect();
    let options = cmd
        .get_arguments()
        .filter(|a| !a.is_positional())
        .chain(globals.iter())
        .filter(shown);
    let mut seen = Vec::new();
    for a in options {
        if seen.contains(&a.get_id()) {
            continue;
        }
        seen.push(a.get_id());
        let flag = flag_name(a);
        let spec = if a.is_require_equals_set() {
            format!("{flag}=<{}>", value_name(a))
        } else if a.get_action().takes_values() {
            format!("{flag} <{}>", value_name(a))
        } else {
            flag
        };
        out.push(if a.is_required_set() {
            spec
        } else {
            format!("[{spec}]")
        });
    }
    out
}

fn value_name(a: &Arg) -> String {
    a.get_value_names()
        .and_then(|v| v.first())
        .map(|v| v.to_string())
        .unwrap_or_else(|| VALUE_NAME.to_string())
}

fn flag_name(a: &Arg) -> String {
    match (a.get_long(), a.get_short()) {
        (Some(long), _) => format!("--{long}"),
        (None, Some(short)) => format!("-{short}"),
        (None, None) => a.get_id().to_string(),
    }
}

// ---- errors -------------------------------------------------------------------------------

/// A value refused by one of our parsers; the reason is already in Vietnamese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refusal {}

/// A whole number from `min` to `max`, else "{what} phải là một số nguyên từ 61 đến 36.500".
pub fn whole_number(value: &str, min: u64, max: u64, what: &str) -> Result<u64, Refusal> {
    value
        .parse::<u64>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| {
            Refusal(format!(
                "{what} phải là một số nguyên từ {} đến {}",
                thousands(min),
                thousands(max)
            ))
        })
}

/// 36500 → "36.500" (Vietnamese digit grouping).
pub fn thousands(n: u64) -> String {
    let mut groups = Vec::new();
    let mut rest = n;
    while rest >= 1000 {
        groups.push(format!("{:03}", rest % 1000));
        rest /= 1000;
    }
    groups.push(rest.to_string());
    groups.reverse();
    groups.join(".")
}

/// The Vietnamese explanation of an argument error: what is wrong (naming the argument and
/// the value), a suggestion when there is one, the usage of the command concerned and
/// where to read more. Built from the error's kind and context only: clap's English text
/// never reaches the user.
pub fn render_error(err: &clap::Error, root: &Command, args: &[OsString]) -> String {
    let chain = command_chain(root, args);
    let cmd = *chain.last().expect("the root");
    let path = chain
        .iter()
        .map(|c| c.get_name())
        .collect::<Vec<_>>()
        .join(" ");
    let string = |kind| match err.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    let strings = |kind| match err.get(kind) {
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::Strings(v)) => v.clone(),
        _ => Vec::new(),
    };
    let number = |kind| match err.get(kind) {
        Some(ContextValue::Number(n)) => Some(*n),
        _ => None,
    };
    let arg = string(ContextKind::InvalidArg);
    let value = string(ContextKind::InvalidValue);
    let mut hints: Vec<String> = Vec::new();

    let message = match err.kind() {
        ErrorKind::InvalidValue => {
            let arg = flag_of(arg.as_deref());
            let mut message = match value.as_deref() {
                None | Some("") => format!("Thiếu giá trị cho {arg}"),
                Some(v) => format!("giá trị {} của {arg} không hợp lệ", quote(v)),
            };
            let valid = strings(ContextKind::ValidValue);
            if !valid.is_empty() {
                message.push_str(&format!(": chọn một trong {}", list(&valid)));
            }
            if let Some(s) = string(ContextKind::SuggestedValue) {
                hints.push(format!("Có phải ý bạn là {}?", quote(&s)));
            }
            message
        }
        ErrorKind::ValueValidation => {
            let arg = flag_of(arg.as_deref());
            let reason = validation_reason(err);
            match value.as_deref() {
                None | Some("") => format!("Thiếu giá trị cho {arg}: {reason}"),
                Some(v) => format!("giá trị {} của {arg} không hợp lệ: {reason}", quote(v)),
            }
        }
        ErrorKind::UnknownArgument => {
            let arg = arg.unwrap_or_default();
            let name = arg.split('=').next().unwrap_or_default();
            if arg.parse::<i128>().is_ok() {
                // Clap takes "-5" for an option: name the option it was meant for.
                let typed: Vec<String> = args
                    .iter()
                    .map(|a| a.to_string_lossy().into_owned())
                    .collect();
                let option = typed
                    .iter()
                    .position(|a| *a == arg)
                    .and_then(|i| i.checked_sub(1))
                    .map(|i| typed[i].as_str())
                    .filter(|o| takes_next_value(&chain, o));
                match option {
                    Some(option) => format!("{} không nhận số âm {}", quote(option), quote(&arg)),
                    None => format!("số âm {} không dùng được ở đây", quote(&arg)),
                }
            } else if arg.starts_with('-') {
                if let Some(s) = string(ContextKind::SuggestedArg) {
                    hints.push(format!("Có phải ý bạn là {}?", quote(&s)));
                }
                let elsewhere = commands_with_option(root, name, "");
                if !elsewhere.is_empty() && !elsewhere.contains(&path) {
                    hints.push(format!(
                        "Tùy chọn {} thuộc lệnh {}.",
                        quote(name),
                        list(&elsewhere)
                    ));
                }
                if cmd.get_positionals().next().is_some() {
                    hints.push(format!(
                        "Nếu {} là một giá trị chứ không phải tùy chọn, hãy viết {}.",
                        quote(&arg),
                        quote(&format!("-- {arg}"))
                    ));
                }
                format!("lệnh {} không có tùy chọn {}", quote(&path), quote(&arg))
            } else if cmd.find_subcommand(&arg).is_some() {
                hints.push(format!(
                    "{} là một lệnh: hãy bỏ {} đứng trước nó.",
                    quote(&arg),
                    quote("--")
                ));
                format!("{} không dùng được ở đây", quote(&arg))
            } else {
                format!(
                    "Thừa tham số {}: lệnh {} không nhận thêm giá trị này",
                    quote(&arg),
                    quote(&path)
                )
            }
        }
        ErrorKind::InvalidSubcommand => {
            let sub = string(ContextKind::InvalidSubcommand).unwrap_or_default();
            let suggested = strings(ContextKind::SuggestedSubcommand);
            if !suggested.is_empty() {
                hints.push(format!("Có phải ý bạn là {}?", list(&suggested)));
            }
            let names = subcommand_names(cmd);
            if cmd.get_positionals().next().is_none() && !names.is_empty() {
                hints.push(format!(
                    "Các lệnh của {}: {}.",
                    quote(&path),
                    names.join(", ")
                ));
            }
            format!("không có lệnh {} trong {}", quote(&sub), quote(&path))
        }
        ErrorKind::MissingRequiredArgument => {
            let missing = strings(ContextKind::InvalidArg);
            if missing.is_empty() {
                "Thiếu tham số bắt buộc".to_string()
            } else {
                format!("Thiếu tham số bắt buộc {}", list(&missing))
            }
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let names = subcommand_names(cmd);
            if names.is_empty() {
                format!("lệnh {} còn thiếu tham số", quote(&path))
            } else {
                format!(
                    "lệnh {} cần thêm một lệnh con: {}",
                    quote(&path),
                    names.join(", ")
                )
            }
        }
        ErrorKind::ArgumentConflict => {
            let arg = arg.unwrap_or_default();
            let prior = strings(ContextKind::PriorArg);
            if prior.is_empty() || prior == [arg.clone()] {
                format!("{} chỉ được ghi một lần", quote(flag_word(&arg)))
            } else {
                format!(
                    "{} không dùng được cùng với {}",
                    quote(flag_word(&arg)),
                    list(&prior)
                )
            }
        }
        ErrorKind::NoEquals => {
            let arg = flag_word(arg.as_deref().unwrap_or_default()).to_string();
            format!(
                "{} cần dấu bằng: {}",
                quote(&arg),
                quote(&format!("{arg}=…"))
            )
        }
        ErrorKind::TooManyValues => format!(
            "Thừa giá trị {} cho {}",
            quote(value.as_deref().unwrap_or_default()),
            flag_of(arg.as_deref())
        ),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            let expected = number(ContextKind::MinValues)
                .or(number(ContextKind::ExpectedNumValues))
                .unwrap_or(1);
            let actual = number(ContextKind::ActualNumValues).unwrap_or(0);
            format!(
                "{} cần {expected} giá trị, ở đây có {actual}",
                flag_of(arg.as_deref())
            )
        }
        ErrorKind::InvalidUtf8 => {
            "tham số dòng lệnh có ký tự không hợp lệ (không phải văn bản UTF-8)".to_string()
        }
        _ => "tham số dòng lệnh không hợp lệ".to_string(),
    };

    let mut out = format!("Lỗi: {}.\n", capitalize_first(&message));
    for hint in hints {
        out.push_str(&hint);
        out.push('\n');
    }
    if let Some(usage) = cmd.get_overridden_usage() {
        out.push_str(&format!("\nCách dùng: {usage}\n"));
    }
    out.push_str(&format!("Xem thêm: {path} --help\n"));
    out
}

/// Why a value was refused: ours say it in Vietnamese; a number clap parsed is explained
/// from its parse error; anything else is said without clap's English detail.
fn validation_reason(err: &clap::Error) -> String {
    let Some(source) = err.source() else {
        return "giá trị không hợp lệ".into();
    };
    if let Some(refusal) = source.downcast_ref::<Refusal>() {
        return refusal.0.clone();
    }
    if let Some(e) = source.downcast_ref::<std::num::ParseIntError>() {
        use std::num::IntErrorKind;
        return match e.kind() {
            IntErrorKind::Empty => "chưa có số",
            IntErrorKind::InvalidDigit => "phải là một số nguyên, chỉ gồm chữ số",
            IntErrorKind::PosOverflow => "số quá lớn",
            IntErrorKind::NegOverflow => "số quá nhỏ",
            IntErrorKind::Zero => "số phải khác 0",
            _ => "không phải là một số nguyên",
        }
        .into();
    }
    if source.downcast_ref::<std::num::ParseFloatError>().is_some() {
        return "phải là một số".into();
    }
    // Clap's own integer parsers refuse a number out of their range with English text.
    let value = match err.get(ContextKind::InvalidValue) {
        Some(ContextValue::String(v)) => v.as_str(),
        _ => "",
    };
    if value.parse::<i128>().is_ok() {
        return "số nằm ngoài khoảng cho phép".into();
    }
    "giá trị không được chấp nhận".into()
}

/// The commands the arguments went into: `nhiemvu office-db prune …` → [root, office-db,
/// prune]. Options and their values are stepped over, so `--db demo` is not the command.
fn command_chain<'a>(root: &'a Command, args: &[OsString]) -> Vec<&'a Command> {
    let mut chain = vec![root];
    let mut expects_value = false;
    for arg in args.iter().skip(1) {
        let arg = arg.to_string_lossy();
        if expects_value {
            expects_value = false;
            continue;
        }
        if arg == "--" {
            break;
        }
        if arg.starts_with('-') && arg.len() > 1 {
            expects_value = takes_next_value(&chain, &arg);
        } else if let Some(sub) = chain.last().and_then(|c| c.find_subcommand(&*arg)) {
            chain.push(sub);
        }
    }
    chain
}

/// Whether `token` is an option (of the last command, or a global one of those before it)
/// that takes its value from the next argument.
fn takes_next_value(chain: &[&Command], token: &str) -> bool {
    let names = |a: &Arg| {
        if let Some(long) = token.strip_prefix("--") {
            !long.contains('=') && a.get_long() == Some(long)
        } else if let Some(short) = token.strip_prefix('-') {
            let mut chars = short.chars();
            matches!((chars.next(), chars.next()), (Some(c), None) if a.get_short() == Some(c))
        } else {
            false
        }
    };
    chain
        .iter()
        .rev()
        .enumerate()
        .flat_map(|(i, c)| {
            c.get_arguments()
                .filter(move |a| i == 0 || a.is_global_set())
        })
        .find(|a| names(a))
        .is_some_and(|a| a.get_action().takes_values())
}

/// The commands (as typed, "nhiemvu demo") that have the option `--name`.
fn commands_with_option(cmd: &Command, flag: &str, parent: &str) -> Vec<String> {
    let path = if parent.is_empty() {
        cmd.get_name().to_string()
    } else {
        format!("{parent} {}", cmd.get_name())
    };
    let mut out = Vec::new();
    let long = flag.strip_prefix("--");
    if long.is_some()
        && cmd
            .get_arguments()
            .any(|a| !a.is_global_set() && !a.is_hide_set() && a.get_long() == long)
    {
        out.push(path.clone());
    }
    for sub in cmd.get_subcommands() {
        out.extend(commands_with_option(sub, flag, &path));
    }
    out
}

fn subcommand_names(cmd: &Command) -> Vec<String> {
    cmd.get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| s.get_name().to_string())
        .collect()
}

/// `--keep-days <SỐ_NGÀY>` → `--keep-days`: the option as typed.
fn flag_word(arg: &str) -> &str {
    arg.split(|c: char| c.is_whitespace() || c == '=')
        .next()
        .unwrap_or(arg)
}

fn flag_of(arg: Option<&str>) -> String {
    match arg {
        Some(arg) => quote(flag_word(arg)),
        None => "tham số".into(),
    }
}

/// «value», with control characters made visible so a stray newline cannot fake output.
fn quote(value: &str) -> String {
    let shown: String = value
        .chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect();
    format!("«{shown}»")
}

fn list(values: &[String]) -> String {
    values
        .iter()
        .map(|v| quote(v))
        .collect::<Vec<_>>()
        .join(", ")
}

fn capitalize_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Clap's words that must not get through (whole words, any case).
    const ENGLISH: &[&str] = &[
        "error",
        "argument",
        "arguments",
        "required",
        "invalid",
        "found",
        "usage",
        "for",
        "more",
        "information",
        "try",
        "tip",
        "options",
        "commands",
        "subcommand",
        "print",
        "help",
        "default",
        "possible",
        "values",
        "value",
        "provided",
        "unexpected",
        "unrecognized",
        "equal",
        "cannot",
        "with",
        "none",
        "supplied",
        "the",
        "only",
    ];

    fn english_words(text: &str) -> Vec<String> {
        text.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
            .filter(|w| !w.starts_with('-'))
            .map(str::to_lowercase)
            .filter(|w| ENGLISH.contains(&w.as_str()))
            .collect()
    }

    /// A command with an argument of each shape clap can refuse.
    fn sample() -> Command {
        localize(
            Command::new("nv").version("1.0").subcommand(
                Command::new("con")
                    .about("Lệnh con.")
                    .arg(
                        Arg::new("so")
                            .long("so")
                            .value_name("SỐ")
                            .help("Một số nhỏ.")
                            .value_parser(clap::value_parser!(u8)),
                    )
                    .arg(
                        Arg::new("chon")
                            .long("chon")
                            .help("Một lựa chọn.")
                            .default_value("mot")
                            .value_parser(["mot", "hai"]),
                    )
                    .arg(
                        Arg::new("bang")
                            .long("bang")
                            .help("Cần dấu bằng.")
                            .require_equals(true),
                    )
                    .arg(Arg::new("cap").long("cap").help("Hai giá trị.").num_args(2))
                    .arg(
                        Arg::new("a")
                            .long("a")
                            .help("A.")
                            .action(ArgAction::SetTrue)
                            .conflicts_with("b"),
                    )
                    .arg(
                        Arg::new("b")
                            .long("b")
                            .help("B.")
                            .action(ArgAction::SetTrue),
                    ),
            ),
        )
    }

    fn error_of(args: &[&str]) -> String {
        let cmd = sample();
        let args: Vec<OsString> = args.iter().map(OsString::from).collect();
        let err = cmd.clone().try_get_matches_from(&args).unwrap_err();
        render_error(&err, &cmd, &args)
    }

    #[test]
    fn every_kind_of_mistake_is_explained_in_vietnamese() {
        for (args, says) in [
            (
                &["nv", "con", "--so", "300"][..],
                "số nằm ngoài khoảng cho phép",
            ),
            (&["nv", "con", "--so", "ba"], "phải là một số nguyên"),
            (&["nv", "con", "--so"], "Thiếu giá trị cho «--so»"),
            (
                &["nv", "con", "--chon", "ba"],
                "chọn một trong «mot», «hai»",
            ),
            (&["nv", "con", "--chon", "mott"], "Có phải ý bạn là «mot»?"),
            (&["nv", "con", "--bang", "x"], "«--bang» cần dấu bằng"),
            (&["nv", "con", "--cap", "x"], "«--cap» cần 2 giá trị"),
            (
                &["nv", "con", "--a", "--b"],
                "«--a» không dùng được cùng với «--b»",
            ),
            (&["nv", "con", "--a", "--a"], "«--a» chỉ được ghi một lần"),
            (&["nv", "con", "--a=co"], "Thừa giá trị «co» cho «--a»"),
            (
                &["nv", "con", "--c"],
                "Lệnh «nv con» không có tùy chọn «--c»",
            ),
            (&["nv", "--a"], "Tùy chọn «--a» thuộc lệnh «nv con»"),
            (&["nv", "conn"], "Có phải ý bạn là «con»?"),
            (&["nv", "con", "thua"], "Thừa tham số «thua»"),
            (&["nv", "con", "--so", "-5"], "«--so» không nhận số âm «-5»"),
        ] {
            let text = error_of(args);
            assert!(text.starts_with("Lỗi: "), "{args:?}: {text}");
            assert!(text.contains(says), "{args:?} should say {says:?}: {text}");
            let english = english_words(&text);
            assert!(english.is_empty(), "{args:?}: {english:?} in {text}");
        }
        assert!(error_of(&["nv", "con", "--so", "300"]).contains(
            "\nCách dùng: nv con [--so <SỐ>] [--chon <GIÁ_TRỊ>] [--bang=<GIÁ_TRỊ>] [--cap <GIÁ_TRỊ>] [--a] [--b]\nXem thêm: nv con --help\n"
        ));
    }

    #[test]
    fn help_says_defaults_and_choices_in_vietnamese() {
        let mut cmd = sample();
        cmd.build();
        let help = cmd
            .find_subcommand_mut("con")
            .unwrap()
            .render_long_help()
            .to_string();
        assert!(
            help.contains("Một lựa chọn. (mặc định: mot; một trong: mot, hai)"),
            "{help}"
        );
        assert!(help.contains("Cách dùng: nv con"), "{help}");
        assert!(help.contains("Tùy chọn:"), "{help}");
        assert!(help.contains("-h, --help"), "{help}");
        let english = english_words(&help);
        assert!(english.is_empty(), "{english:?} in {help}");
    }

    #[test]
    fn whole_numbers_name_their_limits() {
        assert_eq!(thousands(61), "61");
        assert_eq!(thousands(36_500), "36.500");
        assert_eq!(thousands(5_000_000), "5.000.000");
        assert_eq!(whole_number("61", 61, 36_500, "số ngày"), Ok(61));
        for bad in [
            "60",
            "36501",
            "4000000000",
            "-1",
            "",
            "mười",
            "9".repeat(30).as_str(),
        ] {
            assert_eq!(
                whole_number(bad, 61, 36_500, "số ngày").unwrap_err().0,
                "số ngày phải là một số nguyên từ 61 đến 36.500",
                "{bad:?}"
            );
        }
    }
}
