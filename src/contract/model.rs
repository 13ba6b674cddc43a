//! Typed request models of the four actions, and their conversion back to API parameters.
//!
//! Parsing parameters into these models (with every problem typed) lives in `params`; the rules of
//! what a valid value is (non-empty lists, paging ranges) live there too, so that a parsed request
//! and a hand-built one are checked alike.

use serde_json::{Map, Value};

use crate::contract::action::Action;

/// One entry of `Filters`: a filter name and the values any of which may match.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Filter {
    /// `Name`, e.g. `instance-id`, `key-name`.
    pub name: String,
    /// `Values`: the filter matches a resource whose attribute equals any of them.
    pub values: Vec<String>,
}

/// `DisassociateInstancesKeyPairs`: unbind every key of `key_ids` from every instance of `instance_ids`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DisassociateInstancesKeyPairs {
    /// `InstanceIds` (required, at most 100).
    pub instance_ids: Vec<String>,
    /// `KeyIds` (required, at most 100).
    pub key_ids: Vec<String>,
    /// `ForceStop` (optional; absent means false). Kept optional so it is sent back only if given.
    pub force_stop: Option<bool>,
}

/// `AssociateInstancesKeyPairs`: bind every key of `key_ids` to every instance of `instance_ids`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AssociateInstancesKeyPairs {
    /// `InstanceIds` (required, at most 100).
    pub instance_ids: Vec<String>,
    /// `KeyIds` (required, at most 100).
    pub key_ids: Vec<String>,
    /// `ForceStop` (optional; absent means false).
    pub force_stop: Option<bool>,
}

/// `DescribeInstances`: read instances by ID or by filters, one page at a time.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct DescribeInstances {
    /// `InstanceIds` (optional, at most 100; not together with `Filters`).
    pub instance_ids: Option<Vec<String>>,
    /// `Filters` (optional, at most 10 filters of at most 5 values).
    pub filters: Option<Vec<Filter>>,
    /// `Offset` (optional, default 0).
    pub offset: Option<i64>,
    /// `Limit` (optional, default 20, at most 100).
    pub limit: Option<i64>,
}

/// `DescribeKeyPairs`: read key pairs by ID or by filters, one page at a time.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct DescribeKeyPairs {
    /// `KeyIds` (optional; not together with `Filters`).
    pub key_ids: Option<Vec<String>>,
    /// `Filters` (optional).
    pub filters: Option<Vec<Filter>>,
    /// `Offset` (optional, default 0).
    pub offset: Option<i64>,
    /// `Limit` (optional, default 20, at most 100).
    pub limit: Option<i64>,
}

/// A typed request of one of the supported actions.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Request {
    /// See [`DisassociateInstancesKeyPairs`].
    DisassociateInstancesKeyPairs(DisassociateInstancesKeyPairs),
    /// See [`AssociateInstancesKeyPairs`].
    AssociateInstancesKeyPairs(AssociateInstancesKeyPairs),
    /// See [`DescribeInstances`].
    DescribeInstances(DescribeInstances),
    /// See [`DescribeKeyPairs`].
    DescribeKeyPairs(DescribeKeyPairs),
}

/// The shared shape of the two binding actions, borrowed from either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding<'a> {
    /// Which of the two actions.
    pub action: Action,
    /// `InstanceIds`, as given (duplicates included).
    pub instance_ids: &'a [String],
    /// `KeyIds`, as given (duplicates included).
    pub key_ids: &'a [String],
    /// `ForceStop`, absent read as false.
    pub force_stop: bool,
}

impl Request {
    /// The action this request is for.
    pub fn action(&self) -> Action {
        match self {
            Request::DisassociateInstancesKeyPairs(_) => Action::DisassociateInstancesKeyPairs,
            Request::AssociateInstancesKeyPairs(_) => Action::AssociateInstancesKeyPairs,
            Request::DescribeInstances(_) => Action::DescribeInstances,
            Request::DescribeKeyPairs(_) => Action::DescribeKeyPairs,
        }
    }

    /// The request as a binding (Disassociate or Associate), if it is one.
    pub fn binding(&self) -> Option<Binding<'_>> {
        let (instance_ids, key_ids, force_stop) = match self {
            Request::DisassociateInstancesKeyPairs(request) => {
                (&request.instance_ids, &request.key_ids, request.force_stop)
            }
            Request::AssociateInstancesKeyPairs(request) => {
                (&request.instance_ids, &request.key_ids, request.force_stop)
            }
            Request::DescribeInstances(_) | Request::DescribeKeyPairs(_) => return None,
        };
        Some(Binding {
            action: self.action(),
            instance_ids,
            key_ids,
            force_stop: force_stop.unwrap_or(false),
        })
    }

    /// The request as JSON parameters, keys in the Python SDK's order (`InstanceIds`, `KeyIds`,
    /// `ForceStop`; `…Ids`, `Filters`, `Offset`, `Limit`); absent optional fields are omitted.
    pub fn to_params(&self) -> Map<String, Value> {
        let mut params = Map::new();
        match self {
            Request::DisassociateInstancesKeyPairs(DisassociateInstancesKeyPairs {
                instance_ids,
                key_ids,
                force_stop,
            })
            | Request::AssociateInstancesKeyPairs(AssociateInstancesKeyPairs {
                instance_ids,
                key_ids,
                force_stop,
            }) => {
                params.insert("InstanceIds".into(), string_list(instance_ids));
                params.insert("KeyIds".into(), string_list(key_ids));
                if let Some(force_stop) = force_stop {
                    params.insert("ForceStop".into(), Value::Bool(*force_stop));
                }
            }
            Request::DescribeInstances(request) => {
                if let Some(instance_ids) = &request.instance_ids {
                    params.insert("InstanceIds".into(), string_list(instance_ids));
                }
                insert_paging(&mut params, &request.filters, request.offset, request.limit);
            }
            Request::DescribeKeyPairs(request) => {
                if let Some(key_ids) = &request.key_ids {
                    params.insert("KeyIds".into(), string_list(key_ids));
                }
                insert_paging(&mut params, &request.filters, request.offset, request.limit);
            }
        }
        params
    }

    /// The request as the v1 form / GET wire layer hands it over: [`Request::to_params`] with every
    /// leaf a string (booleans `true`/`false`, integers in decimal), arrays kept as arrays.
    pub fn to_form_params(&self) -> Map<String, Value> {
        self.to_params()
            .into_iter()
            .map(|(name, value)| (name, stringify_leaves(value)))
            .collect()
    }
}

impl From<DisassociateInstancesKeyPairs> for Request {
    fn from(request: DisassociateInstancesKeyPairs) -> Self {
        Request::DisassociateInstancesKeyPairs(request)
    }
}

impl From<AssociateInstancesKeyPairs> for Request {
    fn from(request: AssociateInstancesKeyPairs) -> Self {
        Request::AssociateInstancesKeyPairs(request)
    }
}

impl From<DescribeInstances> for Request {
    fn from(request: DescribeInstances) -> Self {
        Request::DescribeInstances(request)
    }
}

impl From<DescribeKeyPairs> for Request {
    fn from(request: DescribeKeyPairs) -> Self {
        Request::DescribeKeyPairs(request)
    }
}

fn string_list(items: &[String]) -> Value {
    Value::Array(items.iter().cloned().map(Value::String).collect())
}

fn insert_paging(
    params: &mut Map<String, Value>,
    filters: &Option<Vec<Filter>>,
    offset: Option<i64>,
    limit: Option<i64>,
) {
    if let Some(filters) = filters {
        let filters = filters
            .iter()
            .map(|filter| {
                let mut object = Map::new();
                object.insert("Name".into(), Value::String(filter.name.clone()));
                object.insert("Values".into(), string_list(&filter.values));
                Value::Object(object)
            })
            .collect();
        params.insert("Filters".into(), Value::Array(filters));
    }
    if let Some(offset) = offset {
        params.insert("Offset".into(), Value::from(offset));
    }
    if let Some(limit) = limit {
        params.insert("Limit".into(), Value::from(limit));
    }
}

fn stringify_leaves(value: Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.into_iter().map(stringify_leaves).collect()),
        Value::Object(object) => Value::Object(
            object
                .into_iter()
                .map(|(name, value)| (name, stringify_leaves(value)))
                .collect(),
        ),
        Value::String(text) => Value::String(text),
        Value::Null => Value::String(String::new()),
        other => Value::String(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn ids(items: &[&str]) -> Vec<String> {
        items.iter().map(|item| (*item).to_owned()).collect()
    }

    #[test]
    fn params_follow_the_sdk_order_and_omit_absent_fields() {
        let request = Request::from(DisassociateInstancesKeyPairs {
            instance_ids: ids(&["ins-w34e5rl9"]),
            key_ids: ids(&["skey-e3r6y7ji"]),
            force_stop: None,
        });
        assert_eq!(
            serde_json::to_string(&request.to_params()).unwrap(),
            r#"{"InstanceIds":["ins-w34e5rl9"],"KeyIds":["skey-e3r6y7ji"]}"#
        );
        let request = Request::from(AssociateInstancesKeyPairs {
            instance_ids: ids(&["ins-1e4r6y8i", "ins-3e56fg78"]),
            key_ids: ids(&["skey-4e5ty7i8"]),
            force_stop: Some(true),
        });
        let keys: Vec<_> = request.to_params().keys().cloned().collect();
        assert_eq!(keys, ["InstanceIds", "KeyIds", "ForceStop"]);
    }

    #[test]
    fn describe_params() {
        let request = Request::from(DescribeInstances {
            instance_ids: None,
            filters: Some(vec![Filter {
                name: "instance-name".into(),
                values: ids(&["web"]),
            }]),
            offset: Some(0),
            limit: Some(1),
        });
        assert_eq!(
            Value::Object(request.to_params()),
            json!({"Filters": [{"Name": "instance-name", "Values": ["web"]}], "Offset": 0, "Limit": 1})
        );
        assert_eq!(
            Value::Object(request.to_form_params()),
            json!({"Filters": [{"Name": "instance-name", "Values": ["web"]}], "Offset": "0", "Limit": "1"})
        );
        let request = Request::from(DescribeKeyPairs::default());
        assert!(request.to_params().is_empty());
        assert_eq!(request.action(), Action::DescribeKeyPairs);
        assert!(request.binding().is_none());
    }

    #[test]
    fn binding_view_reads_absent_force_stop_as_false() {
        let request = Request::from(DisassociateInstancesKeyPairs {
            instance_ids: ids(&["ins-w34e5rl9"]),
            key_ids: ids(&["skey-e3r6y7ji"]),
            force_stop: None,
        });
        let binding = request.binding().unwrap();
        assert!(!binding.force_stop);
        assert_eq!(binding.action, Action::DisassociateInstancesKeyPairs);
        assert_eq!(
            Value::Object(request.to_form_params()),
            json!({"InstanceIds": ["ins-w34e5rl9"], "KeyIds": ["skey-e3r6y7ji"]})
        );
    }
}
