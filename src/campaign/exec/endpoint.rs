//! The endpoint side of a campaign: support calls (reads and restores outside the judged
//! cases), the fixtures read as the model world at the start, and the restore of the key sets
//! after each case that sent a binding request.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::campaign::exec::{CampaignError, Inner};
use crate::contract::state::Os;
use crate::contract::{roles, Action, InstanceState, World};
use crate::gen::GenStep;
use crate::runner::{observed, restore, TargetConfig};
use crate::wire::{envelope, sign, Credentials};

impl Inner {
    /// Calls `action` with `params` (support calls: reads and restores) and returns the answer's
    /// fields, or why it failed.
    pub(super) async fn call(
        &self,
        credentials: &Credentials,
        action: Action,
        params: Map<String, Value>,
    ) -> Result<Map<String, Value>, String> {
        let step = GenStep::new(action, Value::Object(params));
        let signed = sign(&self.spec(&step, 0), credentials).map_err(|e| e.to_string())?;
        let exchange = self.client.send(&signed).await.map_err(|e| e.to_string())?;
        let check = envelope::validate(
            Some(action),
            exchange.status,
            exchange.content_type(),
            &exchange.body,
        );
        let answer = check
            .envelope
            .ok_or_else(|| format!("{} answered no valid envelope", action.name()))?;
        match answer.error {
            Some(error) => Err(format!("{} answered {}", action.name(), error.code)),
            None => Ok(answer.fields),
        }
    }

    /// The endpoint's fixtures as a world: each instance role as read through
    /// `DescribeInstances` (its state and keys), each key-pair role as named.
    pub(super) async fn read_fixtures(
        &self,
        role_ids: &BTreeMap<String, String>,
    ) -> Result<World, CampaignError> {
        let mut world = World::default();
        let mut instance_ids = Vec::new();
        for (role, id) in role_ids {
            match roles::role_spec(role).map(|spec| spec.kind) {
                Some(roles::RoleKind::Instance(_)) => instance_ids.push(id.clone()),
                Some(roles::RoleKind::KeyPair) => {
                    let mut key_pair = crate::contract::KeyPair::new(id.clone());
                    key_pair.role = Some(role.clone());
                    world.insert_key_pair(key_pair);
                }
                None => {}
            }
        }
        if instance_ids.is_empty() {
            return Ok(world);
        }
        let unreachable = |reason: String| CampaignError::Unreachable {
            url: self.base_url.clone(),
            reason,
        };
        let mut params = Map::new();
        params.insert("InstanceIds".to_owned(), json!(instance_ids));
        params.insert("Limit".to_owned(), json!(instance_ids.len()));
        let fields = self
            .call(&self.lanes[0], Action::DescribeInstances, params)
            .await
            .map_err(unreachable)?;
        let items = fields
            .get("InstanceSet")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for item in items {
            let text = |name: &str| item.get(name).and_then(Value::as_str).unwrap_or_default();
            let id = text("InstanceId").to_owned();
            let Some(role) = self.id_roles.get(&id) else {
                continue;
            };
            let state = InstanceState::ALL
                .iter()
                .copied()
                .find(|state| state.as_str() == text("InstanceState"))
                .unwrap_or(InstanceState::Stopped);
            let os_name = text("OsName").to_owned();
            let mut instance =
                crate::contract::Instance::new(id.clone(), Os::from_os_name(&os_name), state);
            instance.os_name = os_name;
            instance.role = Some(role.clone());
            instance.operation_in_progress = text("LatestOperationState") == "OPERATING";
            instance.key_ids = item
                .pointer("/LoginSettings/KeyIds")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|key| key.as_str().map(str::to_owned))
                .collect();
            world.insert_instance(instance);
        }
        Ok(world)
    }

    /// Brings the endpoint's instances back to the key sets of `world`, and verifies it.
    pub(super) async fn restore(
        &self,
        credentials: &Credentials,
        world: &World,
    ) -> Result<(), String> {
        let original: BTreeMap<String, observed::ObservedInstance> = world
            .instances
            .values()
            .map(|instance| {
                (
                    instance.id.clone(),
                    observed::ObservedInstance {
                        state: instance.state.as_str().to_owned(),
                        key_ids: instance.key_ids.iter().cloned().collect(),
                    },
                )
            })
            .collect();
        let force_stop = match &self.config.target {
            TargetConfig::Endpoint(endpoint) => endpoint.safety.allow_disruptive,
            TargetConfig::EmbeddedMock(_) => false,
        };
        let mut current = self.read_instances(credentials, &original).await?;
        for round in 0..restore::MAX_ROUNDS {
            let steps = restore::steps(&original, &current, round > 0);
            if steps.is_empty() {
                return Ok(());
            }
            for step in steps {
                for (action, params) in step.calls(force_stop) {
                    // A refusal shows in the next read; the rounds are bounded.
                    let _ = self.call(credentials, action, params).await;
                }
            }
            current = self.read_instances(credentials, &original).await?;
        }
        let left = restore::unrestored(&original, &current);
        if left.is_empty() {
            Ok(())
        } else {
            Err(left.join("; "))
        }
    }

    /// The key sets and states of the instances of `original`, read through `DescribeInstances`.
    pub(super) async fn read_instances(
        &self,
        credentials: &Credentials,
        original: &BTreeMap<String, observed::ObservedInstance>,
    ) -> Result<BTreeMap<String, observed::ObservedInstance>, String> {
        let ids: Vec<&String> = original.keys().collect();
        let mut params = Map::new();
        params.insert("InstanceIds".to_owned(), json!(ids));
        params.insert("Limit".to_owned(), json!(ids.len().max(1)));
        let fields = self
            .call(credentials, Action::DescribeInstances, params)
            .await?;
        Ok(observed::instances_from(&fields)?.into_iter().collect())
    }
}
