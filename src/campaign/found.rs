//! A shrunk failing step written as a scenario file (pure): the text of a `[[case]]` that sends
//! the same request (IDs written back as `@role` where the target's roles have them) and expects
//! what the contract allows, so that it fails on the target that produced it and passes once the
//! target is fixed, as a regression case of every `cargo test`.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::{Map, Value};

use crate::contract::{roles, Acceptable, Action};
use crate::gen::judge::is_binding;
use crate::gen::{size_limit, GenStep, ProtocolFault};
use crate::wire::{Breakage, Encoding, SignMethod};

/// Why a step cannot be written as a scenario case (the Rust reproducer is printed instead).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("this request cannot be written as a scenario case: {0}")]
pub struct Inexpressible(pub String);

/// What to write.
#[derive(Debug, Clone)]
pub struct FoundCase<'a> {
    /// The case's name (`[a-z0-9][a-z0-9_-]*`).
    pub name: String,
    /// Comment lines above the case (what was found, and how).
    pub comments: Vec<String>,
    /// The request.
    pub step: &'a GenStep,
    /// The target's IDs → role names, to write IDs as `@role`.
    pub id_roles: &'a BTreeMap<String, String>,
    /// What the contract allows for the request on the target's world as the case starts.
    pub allowed: &'a Acceptable,
}

/// The scenario file text holding `found` as its one case.
pub fn scenario_file(found: &FoundCase<'_>) -> Result<String, Inexpressible> {
    let step = found.step;
    let mut out = String::new();
    for line in &found.comments {
        for part in line.lines() {
            let _ = writeln!(out, "# {part}");
        }
    }
    if !found.allowed.success && found.allowed.codes.is_empty() {
        return Err(Inexpressible(
            "the contract allows no outcome for it".to_owned(),
        ));
    }
    let _ = writeln!(out, "[[case]]");
    let _ = writeln!(out, "name = {}", quoted(&found.name));
    let _ = writeln!(
        out,
        "description = {}",
        quoted(&format!(
            "found by tcconform fuzz: the contract allows {} for this request",
            found.allowed
        ))
    );
    let _ = writeln!(out, "tags = [\"found\"]");
    let _ = writeln!(out, "effect = \"{}\"", effect(found));
    if step.action != Action::DisassociateInstancesKeyPairs {
        let _ = writeln!(out, "action = \"{}\"", step.action.name());
    }
    if step.encoding != Encoding::Json {
        let _ = writeln!(out, "encoding = \"{}\"", encoding_name(step.encoding));
    }
    let default_sign = match step.encoding {
        Encoding::Json => SignMethod::Tc3,
        Encoding::Form | Encoding::Query => SignMethod::HmacSha256,
    };
    if step.sign_method != default_sign {
        let _ = writeln!(out, "sign = \"{}\"", sign_name(step.sign_method));
    }
    let raw_body = step.faults.iter().find_map(|fault| match fault {
        ProtocolFault::Breakage(Breakage::RawBody(bytes)) => Some(bytes),
        _ => None,
    });
    match raw_body {
        Some(bytes) => {
            let text = std::str::from_utf8(bytes)
                .map_err(|_| Inexpressible("its raw body is not UTF-8".to_owned()))?;
            let _ = writeln!(out, "raw_body = {}", quoted(text));
        }
        None => {
            let _ = writeln!(out, "params = {}", params(&step.params, found.id_roles)?);
        }
    }
    let protocol = protocol(step)?;
    if !protocol.is_empty() {
        let _ = writeln!(out, "\n[case.protocol]");
        out.push_str(&protocol);
    }
    let _ = writeln!(out, "\n[case.expect]");
    if found.allowed.success {
        let _ = writeln!(out, "success = true");
    }
    if !found.allowed.codes.is_empty() {
        let codes: Vec<String> = found.allowed.codes.iter().map(|c| quoted(c)).collect();
        let _ = writeln!(out, "codes = [{}]", codes.join(", "));
    }
    Ok(out)
}

/// `rejected` unless success is allowed; `disruptive` when it is and the request asks for
/// `ForceStop` (an overstatement the loader accepts); `mutating` otherwise.
fn effect(found: &FoundCase<'_>) -> &'static str {
    if !found.allowed.success || !is_binding(found.step.action) {
        "rejected"
    } else if found.step.params.contains_key("ForceStop") {
        "disruptive"
    } else {
        "mutating"
    }
}

fn encoding_name(encoding: Encoding) -> &'static str {
    match encoding {
        Encoding::Json => "json",
        Encoding::Form => "form",
        Encoding::Query => "query",
    }
}

fn sign_name(method: SignMethod) -> &'static str {
    match method {
        SignMethod::Tc3 => "tc3",
        SignMethod::HmacSha1 => "hmac-sha1",
        SignMethod::HmacSha256 => "hmac-sha256",
    }
}

/// The `[case.protocol]` lines of the step's faults (raw bodies are written as `raw_body`).
fn protocol(step: &GenStep) -> Result<String, Inexpressible> {
    let mut out = String::new();
    let mut skew: Option<i64> = None;
    let mut removed: Vec<String> = Vec::new();
    let mut overridden: Vec<(String, String)> = Vec::new();
    let mut flags: Vec<&str> = Vec::new();
    let mut scalars: Vec<(&str, String)> = Vec::new();
    let twice = |what: &str| Inexpressible(format!("it has two {what} faults"));
    for fault in &step.faults {
        match fault {
            ProtocolFault::Breakage(breakage) => match breakage {
                Breakage::RawBody(_) => {}
                Breakage::RemoveHeader(name) => removed.push(name.clone()),
                Breakage::OverrideHeader(name, value) => {
                    overridden.push((name.clone(), value.clone()))
                }
                Breakage::SkewTimestamp(seconds) => {
                    if skew.replace(*seconds).is_some() {
                        return Err(twice("timestamp"));
                    }
                }
                Breakage::WrongSecret => flags.push("wrong_secret"),
                Breakage::TruncateSignature => flags.push("truncate_signature"),
                Breakage::AlterSignature => flags.push("alter_signature"),
                Breakage::UnknownSecretId => flags.push("unknown_secret_id"),
                Breakage::DropAuthorization => flags.push("drop_authorization"),
                Breakage::ScopeDate(date) => scalars.push(("scope_date", quoted(date))),
            },
            ProtocolFault::ActionName(name) => scalars.push(("action", quoted(name))),
            ProtocolFault::Version(version) => scalars.push(("version", quoted(version))),
            ProtocolFault::Oversize => {
                scalars.push(("oversize_body", (size_limit(step.encoding) + 1).to_string()))
            }
        }
    }
    let mut keys: Vec<&str> = flags.clone();
    keys.extend(scalars.iter().map(|(key, _)| *key));
    keys.sort_unstable();
    if keys.windows(2).any(|pair| pair[0] == pair[1]) {
        return Err(twice("identical"));
    }
    if let Some(seconds) = skew {
        let _ = writeln!(out, "skew_seconds = {seconds}");
    }
    for flag in flags {
        let _ = writeln!(out, "{flag} = true");
    }
    for (key, value) in scalars {
        let _ = writeln!(out, "{key} = {value}");
    }
    if !removed.is_empty() {
        let names: Vec<String> = removed.iter().map(|name| quoted(name)).collect();
        let _ = writeln!(out, "remove_headers = [{}]", names.join(", "));
    }
    if !overridden.is_empty() {
        let pairs: Vec<String> = overridden
            .iter()
            .map(|(name, value)| format!("{} = {}", quoted(name), quoted(value)))
            .collect();
        let _ = writeln!(out, "override_headers = {{ {} }}", pairs.join(", "));
    }
    Ok(out)
}

/// Lists of more identical scalars than this are written as `{ repeat = …, count = N }`.
const REPEAT_FROM: usize = 8;

/// The largest `count` a scenario generator takes.
const MAX_REPEAT: usize = 10_000;

/// The keys a scenario reads as a generator table: a parameter object with one of them is
/// written as `{ json = … }` instead.
const GENERATOR_KEYS: [&str; 4] = ["generate", "repeat", "count", "json"];

/// The parameters as an inline TOML table.
fn params(
    params: &Map<String, Value>,
    id_roles: &BTreeMap<String, String>,
) -> Result<String, Inexpressible> {
    if let Some(key) = params
        .keys()
        .find(|key| GENERATOR_KEYS.contains(&key.as_str()))
    {
        return Err(Inexpressible(format!(
            "its parameter `{key}` reads as a scenario generator"
        )));
    }
    let items: Vec<String> = params
        .iter()
        .map(|(key, value)| format!("{} = {}", key_text(key), value_text(value, id_roles)))
        .collect();
    Ok(if items.is_empty() {
        "{}".to_owned()
    } else {
        format!("{{ {} }}", items.join(", "))
    })
}

/// A TOML value for a JSON one: strings with IDs written as roles, and `{ json = '…' }` for what
/// TOML cannot write (null anywhere inside, integers beyond i64, objects with generator keys).
fn value_text(value: &Value, id_roles: &BTreeMap<String, String>) -> String {
    if !plain(value) {
        return format!("{{ json = {} }}", quoted(&value.to_string()));
    }
    match value {
        Value::String(text) => match id_roles.get(text) {
            Some(role) if roles::role_spec(role).is_some() => quoted(&format!("@{role}")),
            _ if text.starts_with('@') => quoted(&format!("@{text}")),
            _ => quoted(text),
        },
        Value::Array(items) => {
            let repeated = items.len() > REPEAT_FROM
                && items.len() <= MAX_REPEAT
                && matches!(
                    items[0],
                    Value::String(_) | Value::Number(_) | Value::Bool(_)
                )
                && items.iter().all(|item| *item == items[0]);
            if repeated {
                return format!(
                    "{{ repeat = {}, count = {} }}",
                    value_text(&items[0], id_roles),
                    items.len()
                );
            }
            let items: Vec<String> = items.iter().map(|v| value_text(v, id_roles)).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(fields) => {
            let items: Vec<String> = fields
                .iter()
                .map(|(key, value)| format!("{} = {}", key_text(key), value_text(value, id_roles)))
                .collect();
            format!("{{ {} }}", items.join(", "))
        }
        other => other.to_string(),
    }
}

/// Whether TOML writes `value` as it is.
fn plain(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Number(number) => {
            number.is_i64() || (number.is_f64() && number.as_f64().is_some_and(f64::is_finite))
        }
        Value::Array(items) => items.iter().all(plain),
        Value::Object(fields) => fields
            .iter()
            .all(|(key, value)| !GENERATOR_KEYS.contains(&key.as_str()) && plain(value)),
        Value::Bool(_) | Value::String(_) => true,
    }
}

/// A bare key when TOML allows one, else a quoted one.
fn key_text(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if bare {
        key.to_owned()
    } else {
        quoted(key)
    }
}

/// A TOML basic string: JSON's string escapes are all valid TOML, and TOML also wants DEL
/// escaped.
fn quoted(text: &str) -> String {
    Value::String(text.to_owned())
        .to_string()
        .replace('\u{7f}', "\\u007F")
}

#[cfg(test)]
mod tests;
