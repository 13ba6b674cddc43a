//! Putting an endpoint's fixtures back after a case (I/O part): the calls `runner::restore`
//! plans, each retried while the instance is busy or the target throttles, then a
//! `DescribeInstances` read that verifies them; round after round, up to a bound. What is still
//! not restored at the end is a loud [`Check::Restore`] finding.

use std::time::Duration;

use serde_json::{Map, Value};

use crate::contract::{codes, Acceptable, Action};
use crate::runner::exec::call::{call, CallError};
use crate::runner::exec::{state, Ctx};
use crate::runner::observed::{ObservedState, Scope};
use crate::runner::restore::{self, RestoreStep, MAX_ROUNDS};
use crate::runner::result::{Check, Finding};
use crate::wire::Credentials;

/// Brings every instance of `before` back to its key set, starting from `after` (read again when
/// `None`); `force_stop` only when the case itself was disruptive. Empty when restored and
/// verified.
pub(crate) async fn restore(
    ctx: &Ctx,
    credentials: &Credentials,
    before: &ObservedState,
    after: Option<&ObservedState>,
    force_stop: bool,
) -> Vec<Finding> {
    let original = &before.instances;
    let scope = Scope {
        instance_ids: original.keys().cloned().collect(),
        key_ids: Default::default(),
    };
    let mut notes = Vec::new();
    let mut current = match after {
        Some(after) => Some(after.instances.clone()),
        None => read(ctx, credentials, &scope, &mut notes).await,
    };
    for round in 0..MAX_ROUNDS {
        let Some(found) = &current else { break };
        let steps = restore::steps(original, found, round > 0);
        if steps.is_empty() {
            break;
        }
        for step in &steps {
            apply(ctx, credentials, step, force_stop, &mut notes).await;
        }
        current = read(ctx, credentials, &scope, &mut notes).await;
    }
    let left = match &current {
        Some(found) => restore::unrestored(original, found),
        None => vec!["the state could not be read to verify the restore".to_owned()],
    };
    if left.is_empty() {
        return Vec::new();
    }
    let mut detail = left;
    detail.extend(notes);
    vec![Finding::new(
        Check::Restore,
        "RESTORE FAILED: the target's fixtures are not as they were before the case; fix them by hand",
    )
    .with_detail(detail.join("\n"))]
}

async fn read(
    ctx: &Ctx,
    credentials: &Credentials,
    scope: &Scope,
    notes: &mut Vec<String>,
) -> Option<std::collections::BTreeMap<String, crate::runner::observed::ObservedInstance>> {
    match state::read(ctx, credentials, scope, false).await {
        Ok(state) => Some(state.instances),
        Err(error) => {
            notes.push(format!("cannot read the instances: {}", error.message));
            None
        }
    }
}

async fn apply(
    ctx: &Ctx,
    credentials: &Credentials,
    step: &RestoreStep,
    force_stop: bool,
    notes: &mut Vec<String>,
) {
    for (action, params) in step.calls(force_stop) {
        if let Err(error) = patiently(ctx, credentials, action, params).await {
            notes.push(format!(
                "{action} on `{}` failed: {}",
                step.instance_id, error.message
            ));
        }
    }
}

/// `call`, retried (within the target's patience) while the answer says "later": a transient
/// code, an operation in progress, or no connection.
async fn patiently(
    ctx: &Ctx,
    credentials: &Credentials,
    action: Action,
    params: Map<String, Value>,
) -> Result<(), CallError> {
    let patience = ctx.patience();
    let mut attempt = 1;
    loop {
        let error = match call(ctx, credentials, action, params.clone()).await {
            Ok(_) => return Ok(()),
            Err(error) => error,
        };
        let later = error.unreachable
            || error.code.as_deref().is_some_and(|code| {
                Acceptable::is_transient(code)
                    || code == codes::OPERATION_DENIED_INSTANCE_OPERATION_IN_PROGRESS
            });
        if !later || attempt >= patience.attempts {
            return Err(error);
        }
        attempt += 1;
        tokio::time::sleep(patience.pause.max(Duration::from_millis(1))).await;
    }
}
