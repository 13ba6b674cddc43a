//! The mutants' layer itself: the three places where a mutant changes what the service decides
//! (the signature checks, the action's execution, the finished reply), each the identity when no
//! mutant is set.

use serde_json::{Map, Value};

use crate::contract::codes;
use crate::contract::ids::{self, IdClass, MalformedReason};
use crate::contract::limits;
use crate::contract::params::{self, ParamSource, V1_COMMON_PARAMETERS};
use crate::contract::service::{execute_params, ApiError};
use crate::contract::state::Os;
use crate::contract::{Action, World};
use crate::mock::mutant::{
    Mutant, CHARSET_CONTENT_TYPE, UNDOCUMENTED_INSTANCE_CODE, UNDOCUMENTED_KEY_PAIR_CODE,
};
use crate::mock::service::Reply;
use crate::wire::VerifyChecks;

/// The signature checks the mock runs under `mutant`.
pub fn verify_checks(mutant: Option<Mutant>) -> VerifyChecks {
    match mutant {
        Some(Mutant::BadSignatureAccepted) => VerifyChecks {
            signature: false,
            ..VerifyChecks::ALL
        },
        Some(Mutant::StaleTimestampAccepted) => VerifyChecks {
            clock: false,
            ..VerifyChecks::ALL
        },
        _ => VerifyChecks::ALL,
    }
}

/// Executes `params` of `action` against `world` as `contract::service::execute_params` does,
/// with the deviation of `mutant`.
pub fn execute(
    mutant: Option<Mutant>,
    world: &mut World,
    action: Action,
    params: &Map<String, Value>,
    source: ParamSource,
) -> Result<Map<String, Value>, ApiError> {
    let binding = matches!(
        action,
        Action::DisassociateInstancesKeyPairs | Action::AssociateInstancesKeyPairs
    );
    let Some(mutant) = mutant.filter(|mutant| binding || !binding_only(*mutant)) else {
        return execute_params(world, action, params, source);
    };
    match mutant {
        Mutant::LimitOffByOne => limit_off_by_one(world, action, params, source),
        Mutant::MalformedAsNotFound => {
            execute_params(world, action, params, source).map_err(malformed_as_not_found)
        }
        Mutant::UpperCaseIdsAccepted => {
            execute_params(world, action, &lower_case_ids(params), source)
        }
        Mutant::WindowsUnbound => windows_as_linux(world, action, params, source),
        Mutant::RunningWithoutForceStop => {
            execute_params(world, action, &with_force_stop(params, source), source)
        }
        Mutant::NonAtomicBatch => non_atomic(world, action, params, source),
        Mutant::SuccessWithoutEffect => {
            let before = world.clone();
            let result = execute_params(world, action, params, source);
            *world = before;
            result
        }
        Mutant::UndocumentedCode => {
            execute_params(world, action, params, source).map_err(undocumented)
        }
        Mutant::UnknownParametersIgnored => {
            execute_params(world, action, &known_only(action, params, source), source)
        }
        Mutant::ErrorsWithHttp400
        | Mutant::CharsetInContentType
        | Mutant::MissingRequestId
        | Mutant::BadSignatureAccepted
        | Mutant::StaleTimestampAccepted
        | Mutant::UpperCaseRequestId => execute_params(world, action, params, source),
    }
}

/// `reply` as the mock under `mutant` sends it.
pub fn reply(mutant: Option<Mutant>, reply: Reply) -> Reply {
    let Reply::Respond {
        status,
        content_type,
        body,
        delay_ms,
    } = reply
    else {
        return reply;
    };
    let (status, content_type, body) = match mutant {
        Some(Mutant::ErrorsWithHttp400) if has_error(&body) => (400, content_type, body),
        Some(Mutant::CharsetInContentType) => (status, CHARSET_CONTENT_TYPE, body),
        Some(Mutant::MissingRequestId) => (status, content_type, edit_request_id(&body, |_| None)),
        Some(Mutant::UpperCaseRequestId) => (
            status,
            content_type,
            edit_request_id(&body, |id| Some(Value::from(id.to_uppercase()))),
        ),
        _ => (status, content_type, body),
    };
    Reply::Respond {
        status,
        content_type,
        body,
        delay_ms,
    }
}

/// Whether the mutant's deviation concerns the binding actions only.
fn binding_only(mutant: Mutant) -> bool {
    matches!(
        mutant,
        Mutant::LimitOffByOne
            | Mutant::WindowsUnbound
            | Mutant::RunningWithoutForceStop
            | Mutant::NonAtomicBatch
            | Mutant::SuccessWithoutEffect
    )
}

/// Runs a request whose list holds exactly one ID over the limit as two requests (the first 100
/// IDs, then the last), on a copy of the world kept only if every part succeeds.
fn limit_off_by_one(
    world: &mut World,
    action: Action,
    params: &Map<String, Value>,
    source: ParamSource,
) -> Result<Map<String, Value>, ApiError> {
    let split = |name: &str, limit: usize| -> Vec<Option<Value>> {
        match params.get(name) {
            Some(Value::Array(items)) if items.len() == limit + 1 => {
                let (head, tail) = items.split_at(limit);
                vec![
                    Some(Value::Array(head.to_vec())),
                    Some(Value::Array(tail.to_vec())),
                ]
            }
            _ => vec![None],
        }
    };
    let instance_parts = split("InstanceIds", limits::MAX_INSTANCE_IDS);
    let key_parts = split("KeyIds", limits::MAX_KEY_IDS);
    if instance_parts.len() == 1 && key_parts.len() == 1 {
        return execute_params(world, action, params, source);
    }
    let mut trial = world.clone();
    for instance_part in &instance_parts {
        for key_part in &key_parts {
            let mut part = params.clone();
            for (name, list) in [("InstanceIds", instance_part), ("KeyIds", key_part)] {
                if let Some(list) = list {
                    part.insert(name.to_owned(), list.clone());
                }
            }
            execute_params(&mut trial, action, &part, source)?;
        }
    }
    *world = trial;
    Ok(Map::new())
}

fn malformed_as_not_found(mut error: ApiError) -> ApiError {
    error.code = match error.code {
        codes::INVALID_INSTANCE_ID_MALFORMED
        | codes::INVALID_PARAMETER_VALUE_INSTANCE_ID_MALFORMED => {
            codes::INVALID_INSTANCE_ID_NOT_FOUND
        }
        codes::INVALID_KEY_PAIR_ID_MALFORMED => codes::INVALID_KEY_PAIR_ID_NOT_FOUND,
        other => other,
    };
    error
}

fn undocumented(mut error: ApiError) -> ApiError {
    error.code = match error.code {
        codes::INVALID_INSTANCE_ID_NOT_FOUND => UNDOCUMENTED_INSTANCE_CODE,
        codes::INVALID_KEY_PAIR_ID_NOT_FOUND => UNDOCUMENTED_KEY_PAIR_CODE,
        other => other,
    };
    error
}

/// `params` with every ID that is malformed only by its upper case lower-cased.
fn lower_case_ids(params: &Map<String, Value>) -> Map<String, Value> {
    let mut params = params.clone();
    for (name, kind) in [
        ("InstanceIds", ids::IdKind::Instance),
        ("KeyIds", ids::IdKind::KeyPair),
    ] {
        if let Some(Value::Array(items)) = params.get_mut(name) {
            for item in items.iter_mut() {
                if let Value::String(id) = item {
                    if ids::classify(kind, id) == IdClass::Malformed(MalformedReason::UpperCase) {
                        *id = id.to_ascii_lowercase();
                    }
                }
            }
        }
    }
    params
}

/// Executes on a copy of the world where every Windows instance passes for Linux, and keeps the
/// copy's bindings.
fn windows_as_linux(
    world: &mut World,
    action: Action,
    params: &Map<String, Value>,
    source: ParamSource,
) -> Result<Map<String, Value>, ApiError> {
    let mut trial = world.clone();
    let windows: Vec<String> = trial
        .instances
        .values_mut()
        .filter(|instance| instance.os == Os::Windows)
        .map(|instance| {
            instance.os = Os::Linux;
            instance.id.clone()
        })
        .collect();
    let result = execute_params(&mut trial, action, params, source)?;
    for id in windows {
        if let Some(instance) = trial.instances.get_mut(&id) {
            instance.os = Os::Windows;
        }
    }
    *world = trial;
    Ok(result)
}

/// `params` with `ForceStop` true when it is absent or false.
fn with_force_stop(params: &Map<String, Value>, source: ParamSource) -> Map<String, Value> {
    let off = match params.get("ForceStop") {
        None | Some(Value::Bool(false)) => true,
        Some(Value::String(text)) => {
            source == ParamSource::Form && text.eq_ignore_ascii_case("false")
        }
        Some(_) => false,
    };
    let mut params = params.clone();
    if off {
        let on = match source {
            ParamSource::Json => Value::Bool(true),
            ParamSource::Form => Value::from("true"),
        };
        params.insert("ForceStop".to_owned(), on);
    }
    params
}

/// Executes the batch; when it is refused, executes it again instance by instance, keeping what
/// passes, and answers the batch's error.
fn non_atomic(
    world: &mut World,
    action: Action,
    params: &Map<String, Value>,
    source: ParamSource,
) -> Result<Map<String, Value>, ApiError> {
    let error = match execute_params(world, action, params, source) {
        Ok(fields) => return Ok(fields),
        Err(error) => error,
    };
    if let Some(Value::Array(instance_ids)) = params.get("InstanceIds") {
        for instance_id in instance_ids {
            let mut single = params.clone();
            single.insert(
                "InstanceIds".to_owned(),
                Value::Array(vec![instance_id.clone()]),
            );
            let _ = execute_params(world, action, &single, source);
        }
    }
    Err(error)
}

/// `params` without the names `action` does not define (the v1 common ones stay in a form).
fn known_only(
    action: Action,
    params: &Map<String, Value>,
    source: ParamSource,
) -> Map<String, Value> {
    let defined = params::parameters(action);
    params
        .iter()
        .filter(|(name, _)| {
            defined.iter().any(|(known, _)| known == name)
                || (source == ParamSource::Form && V1_COMMON_PARAMETERS.contains(&name.as_str()))
        })
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect()
}

fn has_error(body: &[u8]) -> bool {
    serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|root| root.get("Response")?.get("Error").cloned())
        .is_some()
}

/// The body with `Response.RequestId` replaced by what `edit` makes of it (removed for `None`).
fn edit_request_id(body: &[u8], edit: impl Fn(&str) -> Option<Value>) -> Vec<u8> {
    let Ok(mut root) = serde_json::from_slice::<Value>(body) else {
        return body.to_vec();
    };
    if let Some(Value::Object(response)) = root.get_mut("Response") {
        let id = response
            .shift_remove("RequestId")
            .and_then(|id| id.as_str().map(str::to_owned))
            .unwrap_or_default();
        if let Some(value) = edit(&id) {
            response.insert("RequestId".to_owned(), value);
        }
    }
    serde_json::to_vec(&root).unwrap_or_else(|_| body.to_vec())
}
