//! The world as the admin routes read and seed it (JSON):
//! `{"instances": [{"id", "role", "name", "os_name", "state", "key_ids", "operation_in_progress"}],
//!   "key_pairs": [{"id", "role", "name"}]}`.
//! Seeding is strict (unknown fields are errors) and goes through the same checks as a world file.

use serde::Deserialize;
use serde_json::{json, Value};

use crate::contract::world::World;
use crate::mock::world_build::{self, InstanceDraft, KeyPairDraft, Loc, Located, Problem};

/// The world as JSON, instances and key pairs in ID order; `role` is `null` for a resource without one.
pub fn to_json(world: &World) -> Value {
    let instances: Vec<Value> = world
        .instances
        .values()
        .map(|instance| {
            json!({
                "id": instance.id,
                "role": instance.role,
                "name": instance.name,
                "os_name": instance.os_name,
                "state": instance.state.as_str(),
                "key_ids": instance.key_ids,
                "operation_in_progress": instance.operation_in_progress,
            })
        })
        .collect();
    let key_pairs: Vec<Value> = world
        .key_pairs
        .values()
        .map(|key_pair| json!({ "id": key_pair.id, "role": key_pair.role, "name": key_pair.name }))
        .collect();
    json!({ "instances": instances, "key_pairs": key_pairs })
}

/// A seed document that is not a valid world, with the reason and the fix in one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SeedError(String);

/// Parse a seed document: the shape [`to_json`] writes. `id`, `os_name` and `state` of an instance
/// and `id` of a key pair are required; `key_ids` may name key pairs by ID or by role.
pub fn from_json(body: &[u8]) -> Result<World, SeedError> {
    let bad = |reason: String| SeedError(format!("bad world document: {reason}"));
    let value: Value = serde_json::from_slice(body).map_err(|err| bad(err.to_string()))?;
    require_objects(&value).map_err(bad)?;
    let doc: WorldDoc = serde_json::from_value(value).map_err(|err| bad(err.to_string()))?;
    let key_pairs = doc
        .key_pairs
        .into_iter()
        .enumerate()
        .map(|(index, entry)| {
            let at = |field: &str| Loc::Path(format!("key_pairs[{index}].{field}"));
            KeyPairDraft {
                role: entry.role.map(|role| Located {
                    value: role,
                    at: at("role"),
                }),
                id: Located {
                    value: entry.id,
                    at: at("id"),
                },
                name: entry.name,
            }
        })
        .collect();
    let instances = doc
        .instances
        .into_iter()
        .enumerate()
        .map(|(index, entry)| {
            let at = |field: &str| Loc::Path(format!("instances[{index}].{field}"));
            InstanceDraft {
                role: entry.role.map(|role| Located {
                    value: role,
                    at: at("role"),
                }),
                id: Located {
                    value: entry.id,
                    at: at("id"),
                },
                name: entry.name,
                os_name: Located {
                    value: entry.os_name,
                    at: at("os_name"),
                },
                state: Located {
                    value: entry.state,
                    at: at("state"),
                },
                keys: entry
                    .key_ids
                    .into_iter()
                    .enumerate()
                    .map(|(key_index, key)| Located {
                        value: key,
                        at: at(&format!("key_ids[{key_index}]")),
                    })
                    .collect(),
                operation_in_progress: entry.operation_in_progress,
            }
        })
        .collect();
    world_build::build(key_pairs, instances).map_err(render)
}

/// The document and every entry of its lists must be JSON objects (serde would also take arrays).
fn require_objects(value: &Value) -> Result<(), String> {
    let Some(object) = value.as_object() else {
        return Err("expected a JSON object with `instances` and `key_pairs`".into());
    };
    for list in ["instances", "key_pairs"] {
        let Some(Value::Array(entries)) = object.get(list) else {
            continue;
        };
        if let Some(index) = entries.iter().position(|entry| !entry.is_object()) {
            return Err(format!("`{list}[{index}]` is not a JSON object"));
        }
    }
    Ok(())
}

fn render(problem: Problem) -> SeedError {
    let path = |at: &Loc| match at {
        Loc::Path(path) => path.clone(),
        Loc::Span(span) => format!("byte {}", span.start),
    };
    let mut text = format!(
        "{}: {}; {}",
        path(&problem.at),
        problem.reason,
        problem.help
    );
    if let Some(first) = &problem.first {
        text.push_str(&format!(" (the first is `{}`)", path(first)));
    }
    SeedError(text)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WorldDoc {
    #[serde(default)]
    instances: Vec<InstanceDoc>,
    #[serde(default)]
    key_pairs: Vec<KeyPairDoc>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InstanceDoc {
    id: String,
    role: Option<String>,
    name: Option<String>,
    os_name: String,
    state: String,
    #[serde(default)]
    key_ids: Vec<String>,
    #[serde(default)]
    operation_in_progress: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyPairDoc {
    id: String,
    role: Option<String>,
    name: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::roles;

    #[test]
    fn read_then_seed_round_trips() {
        let world = roles::default_world();
        let text = serde_json::to_vec(&to_json(&world)).unwrap();
        assert_eq!(from_json(&text), Ok(world));
    }

    #[test]
    fn the_shape_is_the_documented_one() {
        let world = roles::default_world();
        let value = to_json(&world);
        let instance = &value["instances"][0];
        let mut fields: Vec<&str> = instance
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        fields.sort_unstable();
        assert_eq!(
            fields,
            [
                "id",
                "key_ids",
                "name",
                "operation_in_progress",
                "os_name",
                "role",
                "state"
            ]
        );
        let mut fields: Vec<&str> = value["key_pairs"][0]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        fields.sort_unstable();
        assert_eq!(fields, ["id", "name", "role"]);
    }

    #[test]
    fn bad_documents_name_the_field() {
        let err = |body: &str| from_json(body.as_bytes()).unwrap_err().to_string();
        assert!(err(r#"{"instances": [], "colour": 1}"#).contains("unknown field `colour`"));
        assert!(err("[]").starts_with("bad world document: expected a JSON object"));
        assert!(err(r#"{"key_pairs": [["skey-aaaaaaaa"]]}"#)
            .contains("`key_pairs[0]` is not a JSON object"));
        let text =
            err(r#"{"instances": [{"id": "ins-11111111", "os_name": "L", "state": "STOPED"}]}"#);
        assert!(
            text.starts_with(
                "instances[0].state: unknown instance state `STOPED`; did you mean `STOPPED`?"
            ),
            "{text}"
        );
        let text = err(
            r#"{"instances": [{"id": "ins-11111111", "os_name": "L", "state": "STOPPED", "key_ids": ["skey-aaaaaaaa"]}]}"#,
        );
        assert!(
            text.starts_with(
                "instances[0].key_ids[0]: no key pair has the role or id `skey-aaaaaaaa`"
            ),
            "{text}"
        );
        let text = err(
            r#"{"key_pairs": [{"id": "skey-aaaaaaaa", "role": "k"}, {"id": "skey-bbbbbbbb", "role": "k"}]}"#,
        );
        assert!(
            text.ends_with("(the first is `key_pairs[0].role`)"),
            "{text}"
        );
    }
}
