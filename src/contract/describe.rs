//! The read actions, `DescribeInstances` and `DescribeKeyPairs`: their problems (for the service and
//! the oracle alike) and their execution (selection by ID or filters, paging, response shapes).
//!
//! Precedence after the parameter problems: 2 the ID list together with `Filters`
//! (`InvalidParameter`); 3 sizes: IDs over 100, filters over 10, a filter's values over 5; 4 malformed
//! IDs in list order; 5 filters the mock does not model (`InvalidFilter`). Unknown well-formed IDs
//! are simply absent from the result. Only `instance-id`, `instance-name`, `instance-state` and
//! `key-name` are modelled; the other documented filter names are refused by the service and
//! tolerated by the oracle.

use std::ops::ControlFlow;

use serde_json::{json, Map, Value};

use crate::contract::action::Action;
use crate::contract::checks::{self, Report, Sink};
use crate::contract::codes::*;
use crate::contract::ids::{self, IdClass, MalformedReason};
use crate::contract::limits;
use crate::contract::model::{DescribeInstances, DescribeKeyPairs, Filter};
use crate::contract::params::ParsedParams;
use crate::contract::state::InstanceState;
use crate::contract::world::{Instance, KeyPair, World};

/// Filter names of `DescribeInstances` the mock models.
pub const INSTANCE_FILTERS: &[&str] = &["instance-id", "instance-name", "instance-state"];

/// Filter names of `DescribeKeyPairs` the mock models.
pub const KEY_PAIR_FILTERS: &[&str] = &["key-name"];

/// Every documented filter name of `DescribeInstances` (`tag:<key>` stands for a prefix).
pub const DOCUMENTED_INSTANCE_FILTERS: &[&str] = &[
    "zone",
    "project-id",
    "host-id",
    "dedicated-cluster-id",
    "vpc-id",
    "subnet-id",
    "instance-id",
    "uuid",
    "security-group-id",
    "instance-name",
    "instance-charge-type",
    "instance-state",
    "private-ip-address",
    "public-ip-address",
    "ipv6-address",
    "tag-key",
    "tag-value",
    "tag:",
    "creation-start-time",
    "creation-end-time",
];

/// Every documented filter name of `DescribeKeyPairs` (`tag:<key>` stands for a prefix).
pub const DOCUMENTED_KEY_PAIR_FILTERS: &[&str] =
    &["project-id", "key-name", "tag-key", "tag-value", "tag:"];

pub(crate) fn describe_findings(
    action: Action,
    parsed: &ParsedParams,
    sink: &mut Sink<'_>,
) -> ControlFlow<()> {
    let key_pairs = action == Action::DescribeKeyPairs;
    let (ids_name, ids) = if key_pairs {
        ("KeyIds", parsed.key_ids.as_deref())
    } else {
        ("InstanceIds", parsed.instance_ids.as_deref())
    };
    let filters = parsed.filters.as_deref();
    if ids.is_some() && filters.is_some() {
        sink(Report::refuse(
            &[INVALID_PARAMETER, INVALID_PARAMETER_VALUE],
            format_args!("`{ids_name}` and `Filters` cannot be given together"),
        ))?;
    }
    let ids = ids.unwrap_or_default();
    let filters = filters.unwrap_or_default();
    let too_many: &[&'static str] = if key_pairs {
        &[
            INVALID_PARAMETER_VALUE_LIMIT_EXCEEDED,
            INVALID_PARAMETER_VALUE_LIMIT,
        ]
    } else {
        &[INVALID_PARAMETER_VALUE_LIMIT_EXCEEDED]
    };
    let max_ids = if key_pairs {
        limits::MAX_KEY_IDS
    } else {
        limits::MAX_INSTANCE_IDS
    };
    if ids.len() > max_ids {
        sink(Report::refuse(
            too_many,
            format_args!(
                "`{ids_name}` holds {} ids, at most {max_ids} are allowed",
                ids.len()
            ),
        ))?;
    }
    if filters.len() > limits::MAX_FILTERS {
        let mut codes = too_many.to_vec();
        codes.push(INVALID_FILTER_VALUE_LIMIT_EXCEEDED);
        sink(Report::refuse(
            &codes,
            format_args!(
                "`Filters` holds {} filters, at most {}",
                filters.len(),
                limits::MAX_FILTERS
            ),
        ))?;
    }
    for filter in filters
        .iter()
        .filter(|filter| filter.values.len() > limits::MAX_FILTER_VALUES)
    {
        let codes = [
            INVALID_FILTER_VALUE_LIMIT_EXCEEDED,
            INVALID_PARAMETER_VALUE_LIMIT_EXCEEDED,
        ];
        sink(Report::refuse(
            &codes,
            format_args!(
                "filter `{}` holds {} values, at most {}",
                filter.name,
                filter.values.len(),
                limits::MAX_FILTER_VALUES
            ),
        ))?;
    }
    for id in ids {
        if key_pairs {
            if let IdClass::Malformed(reason) = ids::classify_key_id(id) {
                let codes = checks::key_id_malformed_codes(action, reason);
                let message = format_args!("key pair id `{id}` is malformed: {reason}");
                // Upper case may also be read as an unknown ID, which is simply absent.
                sink(if reason == MalformedReason::UpperCase {
                    Report::doubtful(codes, message)
                } else {
                    Report::refuse(codes, message)
                })?;
            }
        } else if let IdClass::Malformed(reason) = ids::classify_instance_id(id) {
            sink(Report::refuse(
                checks::instance_id_malformed_codes(),
                format_args!("instance id `{id}` is malformed: {reason}"),
            ))?;
        }
    }
    for filter in filters {
        filter_findings(key_pairs, filter, sink)?;
    }
    if parsed.limit == Some(0) {
        sink(Report::tolerated(
            &[INVALID_PARAMETER_VALUE],
            format_args!("`Limit` is 0"),
        ))?;
    }
    ControlFlow::Continue(())
}

fn filter_findings(key_pairs: bool, filter: &Filter, sink: &mut Sink<'_>) -> ControlFlow<()> {
    let (modelled, documented) = if key_pairs {
        (KEY_PAIR_FILTERS, DOCUMENTED_KEY_PAIR_FILTERS)
    } else {
        (INSTANCE_FILTERS, DOCUMENTED_INSTANCE_FILTERS)
    };
    let name = filter.name.as_str();
    if !modelled.contains(&name) {
        // An entry ending in `:` (`tag:`) is a prefix: `tag:env` is documented, `tag:` is not.
        let is_documented = documented
            .iter()
            .any(|entry| match entry.strip_suffix(':') {
                Some(_) => name.len() > entry.len() && name.starts_with(entry),
                None => *entry == name,
            });
        let message = format_args!("filter `{name}` is not supported");
        return sink(if is_documented {
            Report::doubtful(&[INVALID_FILTER], message)
        } else {
            Report::refuse(&[INVALID_FILTER], message)
        });
    }
    if filter.values.is_empty() {
        sink(Report::tolerated(
            &[INVALID_PARAMETER_VALUE, INVALID_FILTER],
            format_args!("filter `{name}` has no values"),
        ))?;
    }
    for value in &filter.values {
        let odd = match name {
            "instance-id" => !ids::is_well_formed_instance_id(value),
            "instance-state" => value.parse::<InstanceState>().is_err(),
            _ => false,
        };
        if odd {
            let mut codes = vec![INVALID_PARAMETER_VALUE, INVALID_FILTER];
            if name == "instance-id" {
                codes.extend_from_slice(checks::instance_id_malformed_codes());
            }
            sink(Report::tolerated(
                &codes,
                format_args!("filter `{name}` has the unusual value `{value}`"),
            ))?;
        }
    }
    ControlFlow::Continue(())
}

pub(crate) fn describe_instances(world: &World, request: &DescribeInstances) -> Map<String, Value> {
    let selected: Vec<&Instance> = match &request.instance_ids {
        Some(ids) => checks::each_once(ids, |_| true)
            .filter_map(|id| world.instances.get(id))
            .collect(),
        None => world
            .instances
            .values()
            .filter(|instance| {
                let filters = request.filters.as_deref().unwrap_or_default();
                filters
                    .iter()
                    .all(|filter| instance_matches(instance, filter))
            })
            .collect(),
    };
    let (total, page) = paginate(selected, request.offset, request.limit);
    let set: Vec<Value> = page.into_iter().map(instance_json).collect();
    let mut response = Map::new();
    response.insert("TotalCount".into(), Value::from(total));
    response.insert("InstanceSet".into(), Value::Array(set));
    response
}

pub(crate) fn describe_key_pairs(world: &World, request: &DescribeKeyPairs) -> Map<String, Value> {
    let selected: Vec<&KeyPair> = match &request.key_ids {
        Some(ids) => checks::each_once(ids, |_| true)
            .filter_map(|id| world.key_pairs.get(id))
            .collect(),
        None => world
            .key_pairs
            .values()
            .filter(|key_pair| {
                let filters = request.filters.as_deref().unwrap_or_default();
                filters
                    .iter()
                    .all(|filter| filter.values.contains(&key_pair.name))
            })
            .collect(),
    };
    let (total, page) = paginate(selected, request.offset, request.limit);
    let set: Vec<Value> = page
        .into_iter()
        .map(|key_pair| {
            json!({
                "KeyId": key_pair.id,
                "KeyName": key_pair.name,
                "ProjectId": 0,
                "AssociatedInstanceIds": world.instances_bound_to(&key_pair.id),
            })
        })
        .collect();
    let mut response = Map::new();
    response.insert("TotalCount".into(), Value::from(total));
    response.insert("KeyPairSet".into(), Value::Array(set));
    response
}

fn instance_matches(instance: &Instance, filter: &Filter) -> bool {
    let attribute = match filter.name.as_str() {
        "instance-id" => instance.id.as_str(),
        "instance-name" => instance.name.as_str(),
        _ => instance.state.as_str(),
    };
    filter.values.iter().any(|value| value == attribute)
}

fn instance_json(instance: &Instance) -> Value {
    let operation_state = if instance.operation_in_progress {
        "OPERATING"
    } else {
        "SUCCESS"
    };
    json!({
        "InstanceId": instance.id,
        "InstanceName": instance.name,
        "InstanceState": instance.state.as_str(),
        "OsName": instance.os_name,
        "LoginSettings": {"KeyIds": instance.key_ids},
        "LatestOperationState": operation_state,
    })
}

/// The total and the requested page (`Offset` default 0, `Limit` default 20; both already checked).
fn paginate<T>(items: Vec<T>, offset: Option<i64>, limit: Option<i64>) -> (usize, Vec<T>) {
    let total = items.len();
    let offset =
        usize::try_from(offset.unwrap_or(limits::DESCRIBE_OFFSET_DEFAULT)).unwrap_or(usize::MAX);
    let limit = usize::try_from(limit.unwrap_or(limits::DESCRIBE_LIMIT_DEFAULT)).unwrap_or(0);
    (total, items.into_iter().skip(offset).take(limit).collect())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::contract::params::{parse_params, ParamSource};

    /// (answer, allows success, service refuses) of every finding.
    fn found(action: Action, params: Value) -> Vec<(&'static str, bool, bool)> {
        let Value::Object(params) = params else {
            panic!("params must be an object")
        };
        let parsed = parse_params(action, &params, ParamSource::Json);
        let mut found = Vec::new();
        let _ = describe_findings(action, &parsed, &mut |report| {
            found.push((
                report.codes()[0],
                report.allows_success(),
                report.service_refuses(),
            ));
            ControlFlow::Continue(())
        });
        found
    }

    #[test]
    fn filter_names() {
        let instances = Action::DescribeInstances;
        let filter = |name: &str| json!({"Filters": [{"Name": name, "Values": ["x"]}]});
        assert_eq!(found(instances, filter("instance-name")), []);
        assert_eq!(
            found(instances, filter("zone")),
            [(INVALID_FILTER, true, true)]
        );
        assert_eq!(
            found(instances, filter("tag:env")),
            [(INVALID_FILTER, true, true)]
        );
        assert_eq!(
            found(instances, filter("tag:")),
            [(INVALID_FILTER, false, true)]
        );
        assert_eq!(
            found(instances, filter("bogus")),
            [(INVALID_FILTER, false, true)]
        );
        assert_eq!(found(Action::DescribeKeyPairs, filter("key-name")), []);
        assert_eq!(
            found(Action::DescribeKeyPairs, filter("instance-name")),
            [(INVALID_FILTER, false, true)]
        );
    }

    #[test]
    fn odd_filter_values_are_tolerated() {
        let params = json!({"Filters": [
            {"Name": "instance-id", "Values": ["ins-1122"]},
            {"Name": "instance-state", "Values": ["running"]},
            {"Name": "instance-name", "Values": []},
        ]});
        let tolerated = (INVALID_PARAMETER_VALUE, true, false);
        assert_eq!(found(Action::DescribeInstances, params), [tolerated; 3]);
        assert_eq!(
            found(Action::DescribeInstances, json!({"Limit": 0})),
            [tolerated]
        );
    }

    #[test]
    fn sizes() {
        let filters: Vec<Value> = (0..11)
            .map(|_| json!({"Name": "instance-name", "Values": ["x"]}))
            .collect();
        assert_eq!(
            found(Action::DescribeInstances, json!({"Filters": filters})),
            [(INVALID_PARAMETER_VALUE_LIMIT_EXCEEDED, false, true)]
        );
        let ids: Vec<String> = (0..101).map(|n| format!("skey-{n:08}")).collect();
        assert_eq!(
            found(Action::DescribeKeyPairs, json!({"KeyIds": ids})),
            [(INVALID_PARAMETER_VALUE_LIMIT_EXCEEDED, false, true)]
        );
    }

    #[test]
    fn upper_case_key_ids_may_just_be_absent() {
        assert_eq!(
            found(
                Action::DescribeKeyPairs,
                json!({"KeyIds": ["SKEY-BOUND001"]})
            ),
            [(INVALID_KEY_PAIR_ID_MALFORMED, true, true)]
        );
        assert_eq!(
            found(
                Action::DescribeInstances,
                json!({"InstanceIds": ["INS-STPDLNX1"]})
            ),
            [(INVALID_INSTANCE_ID_MALFORMED, false, true)]
        );
    }

    #[test]
    fn paging_defaults() {
        let items: Vec<usize> = (0..30).collect();
        assert_eq!(paginate(items.clone(), None, None), (30, (0..20).collect()));
        assert_eq!(
            paginate(items.clone(), Some(25), Some(10)),
            (30, (25..30).collect())
        );
        assert_eq!(paginate(items, Some(i64::MAX), Some(0)), (30, Vec::new()));
    }
}
