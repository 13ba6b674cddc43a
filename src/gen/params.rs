//! Parameters: valid ones built from the roles, boundary list sizes (0, 1, 99, 100, 101,
//! duplicates), malformed and unknown IDs, `ForceStop` variants, and the parameter-level faults
//! (a missing, null, wrongly typed or unknown parameter).

use arbitrary::{Result, Unstructured};
use serde_json::{json, Map, Value};

use crate::contract::ids::IdKind;
use crate::contract::{limits, Action};
use crate::gen::context::GenContext;
use crate::gen::ids::{any_malformed_id, pick_id, unknown_id};
use crate::gen::pick::{chance, weighted};

/// The list sizes worth trying around the limit of 100.
pub const BOUNDARY_COUNTS: &[usize] = &[0, 1, 99, 100, 101];

/// Names no action defines, close to real ones or not at all. None is a v1 common parameter.
pub const UNKNOWN_NAMES: &[&str] = &["instanceIds", "InstanceId", "KeyIDs", "Foo", "DryRun"];

/// What kind of list to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ListKind {
    Valid,
    Boundary,
    WithMalformed,
    WithUnknown,
    Duplicates,
}

/// The parameters of a binding action: both lists, maybe `ForceStop`, maybe one parameter fault.
pub fn binding_params(
    u: &mut Unstructured<'_>,
    context: &GenContext,
) -> Result<Map<String, Value>> {
    let mut params = Map::new();
    params.insert(
        "InstanceIds".into(),
        strings(id_list(u, context, IdKind::Instance)?),
    );
    params.insert(
        "KeyIds".into(),
        strings(id_list(u, context, IdKind::KeyPair)?),
    );
    if let Some(force_stop) = force_stop(u)? {
        params.insert("ForceStop".into(), force_stop);
    }
    if chance(u, 20)? {
        parameter_fault(u, &mut params, Action::DisassociateInstancesKeyPairs)?;
    }
    Ok(params)
}

/// Valid parameters of a binding action on these IDs.
pub fn valid_binding(
    instance_ids: &[String],
    key_ids: &[String],
    force_stop: bool,
) -> Map<String, Value> {
    let mut params = Map::new();
    params.insert("InstanceIds".into(), strings(instance_ids.to_vec()));
    params.insert("KeyIds".into(), strings(key_ids.to_vec()));
    if force_stop {
        params.insert("ForceStop".into(), Value::Bool(true));
    }
    params
}

/// The parameters of a describe action: IDs, filters or nothing, maybe paging, maybe a fault.
pub fn describe_params(
    u: &mut Unstructured<'_>,
    context: &GenContext,
    action: Action,
) -> Result<Map<String, Value>> {
    let (kind, ids_name) = match action {
        Action::DescribeKeyPairs => (IdKind::KeyPair, "KeyIds"),
        _ => (IdKind::Instance, "InstanceIds"),
    };
    let mut params = Map::new();
    match u.int_in_range(0..=3)? {
        0 | 1 => {
            params.insert(ids_name.into(), strings(id_list(u, context, kind)?));
        }
        2 => {
            params.insert("Filters".into(), filters(u, context, kind)?);
        }
        _ => {}
    }
    if chance(u, 30)? {
        params.insert("Offset".into(), json!(*u.choose(&[0_i64, 1, 5, -1])?));
    }
    if chance(u, 30)? {
        params.insert(
            "Limit".into(),
            json!(*u.choose(&[20_i64, 0, 1, 100, 101, -1])?),
        );
    }
    if chance(u, 10)? {
        parameter_fault(u, &mut params, action)?;
    }
    Ok(params)
}

/// A list of IDs of `kind`: valid picks, a boundary size, one malformed or unknown ID among
/// valid ones, or duplicates.
pub fn id_list(
    u: &mut Unstructured<'_>,
    context: &GenContext,
    kind: IdKind,
) -> Result<Vec<String>> {
    let pool = match kind {
        IdKind::Instance => &context.instances,
        IdKind::KeyPair => &context.keys,
    };
    let list_kind = *weighted(
        u,
        &[
            (50, ListKind::Valid),
            (15, ListKind::Boundary),
            (15, ListKind::WithMalformed),
            (10, ListKind::WithUnknown),
            (10, ListKind::Duplicates),
        ],
    )?;
    let count = u.int_in_range(1..=3)?;
    let mut list = Vec::with_capacity(count);
    for _ in 0..count {
        list.push(pick_id(u, kind, pool)?);
    }
    match list_kind {
        ListKind::Valid => {}
        ListKind::Boundary => {
            let size = *u.choose(BOUNDARY_COUNTS)?;
            let limit = match kind {
                IdKind::Instance => limits::MAX_INSTANCE_IDS,
                IdKind::KeyPair => limits::MAX_KEY_IDS,
            };
            debug_assert!(size <= limit + 1);
            list = list.iter().cycle().take(size).cloned().collect();
        }
        ListKind::WithMalformed => {
            let at = u.int_in_range(0..=list.len())?;
            let base = list.first().cloned().unwrap_or_default();
            list.insert(at, any_malformed_id(u, kind, &base)?);
        }
        ListKind::WithUnknown => {
            let at = u.int_in_range(0..=list.len())?;
            list.insert(at, unknown_id(u, kind)?);
        }
        ListKind::Duplicates => {
            let first = list[0].clone();
            list.push(first);
        }
    }
    Ok(list)
}

/// `ForceStop`: absent (half the time), true, false, or wrongly typed (a string, a number, null).
pub fn force_stop(u: &mut Unstructured<'_>) -> Result<Option<Value>> {
    let options = [
        (50, None),
        (15, Some(json!(true))),
        (15, Some(json!(false))),
        (7, Some(json!("true"))),
        (8, Some(json!(1))),
        (5, Some(Value::Null)),
    ];
    Ok(weighted(u, &options)?.clone())
}

/// One parameter-level fault: a parameter removed, made null, given a value of another JSON
/// type, or an unknown parameter added.
pub fn parameter_fault(
    u: &mut Unstructured<'_>,
    params: &mut Map<String, Value>,
    action: Action,
) -> Result<()> {
    let names: Vec<&'static str> = crate::contract::params::parameters(action)
        .iter()
        .map(|(name, _)| *name)
        .collect();
    let name = *u.choose(&names)?;
    match u.int_in_range(0..=3)? {
        0 => {
            params.shift_remove(name);
        }
        1 => {
            params.insert(name.into(), Value::Null);
        }
        2 => {
            let wrong = [
                json!("ins-stpdlnx1"),
                json!(5),
                json!({"0": "ins-stpdlnx1"}),
                json!(["skey-bound001", 3]),
                json!(true),
                json!([[]]),
            ];
            params.insert(name.into(), u.choose(&wrong)?.clone());
        }
        _ => {
            let unknown = *u.choose(UNKNOWN_NAMES)?;
            params.insert(unknown.into(), json!(["ins-stpdlnx1"]));
        }
    }
    Ok(())
}

fn filters(u: &mut Unstructured<'_>, context: &GenContext, kind: IdKind) -> Result<Value> {
    let (name, values): (&str, Vec<String>) = match kind {
        IdKind::KeyPair => ("key-name", context.key_names.clone()),
        IdKind::Instance => match u.int_in_range(0..=2)? {
            0 => ("instance-name", context.instance_names.clone()),
            1 => (
                "instance-id",
                context.instances.iter().map(|(_, id)| id.clone()).collect(),
            ),
            _ => ("instance-state", vec!["STOPPED".into(), "RUNNING".into()]),
        },
    };
    let mut chosen = Vec::new();
    if !values.is_empty() {
        for _ in 0..u.int_in_range(1..=2)? {
            chosen.push(u.choose(&values)?.clone());
        }
    }
    Ok(json!([{"Name": name, "Values": chosen}]))
}

fn strings(items: Vec<String>) -> Value {
    Value::Array(items.into_iter().map(Value::String).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gen::context::GenOptions;
    use crate::gen::Seed;

    #[test]
    fn lists_reach_every_boundary_size() {
        let context = GenContext::default_world(GenOptions::IN_PROCESS);
        let mut sizes = std::collections::BTreeSet::new();
        for seed in 0..500 {
            let bytes = Seed(seed).bytes();
            let mut u = Unstructured::new(&bytes);
            sizes.insert(id_list(&mut u, &context, IdKind::Instance).unwrap().len());
        }
        for size in BOUNDARY_COUNTS {
            assert!(sizes.contains(size), "{size} never reached: {sizes:?}");
        }
    }

    #[test]
    fn exhausted_input_gives_one_valid_id_each() {
        let context = GenContext::default_world(GenOptions::IN_PROCESS);
        let params = binding_params(&mut Unstructured::new(&[]), &context).unwrap();
        assert_eq!(
            Value::Object(params),
            json!({"InstanceIds": ["ins-stpdlnx1"], "KeyIds": ["skey-bound001"]})
        );
    }
}
