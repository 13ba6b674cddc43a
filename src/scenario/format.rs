//! The file formats as serde DTOs: the only types that deserialize scenario and fixtures files.
//! They mirror `scenarios/README.md` field by field, keep the span of every scalar and array for
//! diagnostics, and reject unknown keys. Tables are never `Spanned` (an implicit table such as
//! `expect` in `[case.expect.state.windows]` has no span); their spans come from the file's tree. Nothing outside `scenario` sees them: `validate` turns them into
//! [`crate::scenario::Case`] and `fixtures` into [`crate::scenario::Fixtures`].

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::scenario::node::{Key, SpannedNode};

/// A scenario file seen through one of its cases (the others blanked out).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a scenario file")]
pub(crate) struct FileDto {
    pub(crate) case: Vec<Spanned<CaseDto>>,
}

/// One `[[case]]` table. `name`, `description` and `effect` are required; they are options here
/// so that a case missing one still has its other problems reported.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub(crate) struct CaseDto {
    pub(crate) name: Option<Spanned<String>>,
    pub(crate) description: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) tags: Vec<Spanned<String>>,
    pub(crate) effect: Option<Spanned<String>>,
    pub(crate) action: Option<Spanned<String>>,
    pub(crate) encoding: Option<Spanned<String>>,
    pub(crate) sign: Option<Spanned<String>>,
    pub(crate) params: Option<SpannedNode>,
    pub(crate) raw_body: Option<Spanned<String>>,
    pub(crate) protocol: Option<ProtocolDto>,
    pub(crate) fault: Option<FaultDto>,
    pub(crate) expect: Option<ExpectDto>,
}

/// `[case.protocol]`: deliberate deviations from a correct request.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub(crate) struct ProtocolDto {
    pub(crate) skew_seconds: Option<Spanned<i64>>,
    pub(crate) wrong_secret: Option<Spanned<bool>>,
    pub(crate) unknown_secret_id: Option<Spanned<bool>>,
    pub(crate) drop_authorization: Option<Spanned<bool>>,
    pub(crate) alter_signature: Option<Spanned<bool>>,
    pub(crate) truncate_signature: Option<Spanned<bool>>,
    pub(crate) scope_date: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) remove_headers: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) override_headers: BTreeMap<Key, Spanned<String>>,
    #[serde(default)]
    pub(crate) headers: BTreeMap<Key, Spanned<String>>,
    pub(crate) content_type: Option<Spanned<String>>,
    pub(crate) unsigned_payload: Option<Spanned<bool>>,
    pub(crate) action: Option<Spanned<String>>,
    pub(crate) missing_action: Option<Spanned<bool>>,
    pub(crate) version: Option<Spanned<String>>,
    pub(crate) missing_version: Option<Spanned<bool>>,
    pub(crate) method: Option<Spanned<String>>,
    pub(crate) oversize_body: Option<Spanned<u64>>,
}

/// `[case.fault]`: what the mock is told to do to this request instead of answering it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub(crate) struct FaultDto {
    pub(crate) code: Option<Spanned<String>>,
    pub(crate) message: Option<Spanned<String>>,
    pub(crate) garbage_body: Option<Spanned<bool>>,
    pub(crate) drop_connection: Option<Spanned<bool>>,
}

/// `[case.expect]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub(crate) struct ExpectDto {
    pub(crate) success: Option<Spanned<bool>>,
    pub(crate) codes: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    pub(crate) profiles: BTreeMap<Key, PinDto>,
    #[serde(default)]
    pub(crate) state: BTreeMap<Key, StateDto>,
}

/// `[case.expect.profiles.NAME]`: the outcome pinned for one target profile.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub(crate) struct PinDto {
    pub(crate) success: Option<Spanned<bool>>,
    pub(crate) codes: Option<Spanned<Vec<Spanned<String>>>>,
}

/// `[case.expect.state.ROLE]`: what one resource looks like after the call.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub(crate) struct StateDto {
    pub(crate) unchanged: Option<Spanned<bool>>,
    pub(crate) keys: Option<Spanned<Vec<Spanned<String>>>>,
    pub(crate) state: Option<Spanned<String>>,
    pub(crate) instances: Option<Spanned<Vec<Spanned<String>>>>,
}

/// A fixtures file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a fixtures file")]
pub(crate) struct FixturesDto {
    pub(crate) profile: Option<Spanned<String>>,
    pub(crate) region: Option<Spanned<String>>,
    pub(crate) roles: BTreeMap<Key, Spanned<String>>,
}

/// A line showing how `field` is written, for help texts.
pub(crate) fn example(field: &str) -> Option<String> {
    let example = match field {
        "name" => "name = \"unbind-one-key\"",
        "description" => "description = \"what the documentation promises for this input\"",
        "tags" => "tags = [\"success\", \"batch\"]",
        "effect" => "effect = \"rejected\"   # or \"mutating\", \"disruptive\"",
        "action" => "action = \"DisassociateInstancesKeyPairs\"",
        "encoding" => "encoding = \"json\"   # or \"form\", \"query\"",
        "sign" => "sign = \"tc3\"   # or \"hmac-sha1\", \"hmac-sha256\"",
        "params" => "params = { InstanceIds = [\"@stopped_linux\"], KeyIds = [\"@bound_key\"] }",
        "raw_body" => "raw_body = '{\"InstanceIds\": [\"ins-1122\"'",
        "protocol" => "[case.protocol]\nskew_seconds = -600",
        "fault" => "[case.fault]\ncode = \"InternalServerError\"",
        "expect" => "[case.expect]\ncodes = [\"InvalidInstanceId.NotFound\"]",
        "success" => "success = true",
        "codes" => "codes = [\"InvalidInstanceId.NotFound\"]",
        "profiles" => "[case.expect.profiles.staging]\ncodes = [\"InvalidInstanceId.Malformed\"]",
        "state" => "[case.expect.state.stopped_linux]\nkeys = [\"@second_key\"]",
        "unchanged" => "unchanged = true",
        "keys" => "keys = [\"@second_key\"]",
        "instances" => "instances = [\"@stopped_linux_2\"]",
        "skew_seconds" => "skew_seconds = -600",
        "scope_date" => "scope_date = \"2019-02-25\"",
        "remove_headers" => "remove_headers = [\"X-TC-Timestamp\"]",
        "override_headers" | "headers" => {
            return Some(format!("{field} = {{ Host = \"example.com\" }}"))
        }
        "content_type" => "content_type = \"text/plain\"",
        "version" => "version = \"2099-01-01\"",
        "method" => "method = \"PUT\"",
        "oversize_body" => "oversize_body = 10485761",
        "message" => "message = \"forced by the scenario\"",
        "roles" => "[roles]\nstopped_linux = \"ins-w34e5rl9\"",
        "region" => "region = \"ap-guangzhou\"",
        "wrong_secret" | "unknown_secret_id" | "drop_authorization" | "alter_signature"
        | "truncate_signature" | "unsigned_payload" | "missing_action" | "missing_version"
        | "garbage_body" | "drop_connection" => return Some(format!("{field} = true")),
        _ => return None,
    };
    Some(example.to_owned())
}
