//! The effect rule: the effect a case declares must cover what it may do. A case that may succeed
//! changes bindings (`mutating`); one that may succeed with `ForceStop` on a running instance may
//! stop it (`disruptive`). Against a real account only `rejected` cases run by default, so an
//! understated effect would let a case change the account unasked.

use toml::Spanned;

use crate::contract::{self, roles, Action, InstanceState, Knowledge, ParamSource};
use crate::scenario::case::{Case, Effect, RequestTemplate};
use crate::scenario::diagnostic::Diagnostic;
use crate::scenario::parse::SourceFile;
use crate::scenario::validate::Context;
use crate::wire::{self, Encoding, JsonStyle};

/// Checks that the declared effect covers what the case may do: a case that may succeed changes
/// bindings (`mutating`), and one that may succeed with `ForceStop` on a running instance may stop
/// it (`disruptive`). "May succeed" is the case's own expectation, or the oracle's answer on the
/// default world for a request the oracle can judge. Read actions (`Describe*`) change nothing.
pub(crate) fn covers(
    file: SourceFile<'_>,
    written: &Spanned<String>,
    case: &Case,
    context: &Context,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let RequestTemplate::Params(template) = &case.request else {
        return;
    };
    if matches!(
        case.action,
        Action::DescribeInstances | Action::DescribeKeyPairs
    ) {
        return;
    }
    let params = template.resolve_object(&context.default_ids);
    let pinned_success = case
        .expect
        .profiles
        .values()
        .any(|pin| pin.acceptable.success);
    let may_succeed = pinned_success
        || match &case.expect.outcome {
            Some(outcome) => outcome.acceptable.success,
            None if case.fault.is_none() && !case.protocol.deviates() => {
                oracle_allows_success(case.action, case.encoding, &params, context)
            }
            None => false,
        };
    if !may_succeed {
        return;
    }
    let force_stop = match params.get("ForceStop") {
        Some(serde_json::Value::Bool(flag)) => *flag,
        Some(serde_json::Value::String(text)) => text.eq_ignore_ascii_case("true"),
        _ => false,
    };
    let mut requested = std::collections::BTreeSet::new();
    template.collect_roles(&mut requested);
    let running = requested.iter().any(|role| {
        roles::instance_role(role)
            .is_some_and(|attributes| attributes.state == InstanceState::Running)
    });
    let (needed, reason) = if force_stop && running {
        (
            Effect::Disruptive,
            "ForceStop = true on a running instance may stop it",
        )
    } else {
        (
            Effect::Mutating,
            "a request that may succeed changes bindings",
        )
    };
    if case.effect >= needed {
        return;
    }
    diagnostics.push(
        file.diag(written.span(), format!("effect `{}` understates what this case may do", case.effect.name()))
            .with_label(format!("{reason}: declare `effect = \"{}\"`", needed.name()))
            .with_help("against a real account only `rejected` cases run by default, so the effect must not be understated;\nor expect the codes the request must fail with in [case.expect]"),
    );
}

fn oracle_allows_success(
    action: Action,
    encoding: Encoding,
    params: &serde_json::Map<String, serde_json::Value>,
    context: &Context,
) -> bool {
    let knowledge = Knowledge::World(&context.world);
    match encoding {
        Encoding::Json => {
            contract::acceptable(action, params, ParamSource::Json, &knowledge).success
        }
        Encoding::Form | Encoding::Query => {
            let pairs = wire::flatten(params, JsonStyle::Python);
            match wire::unflatten(&pairs) {
                Ok(form) => {
                    contract::acceptable(action, &form, ParamSource::Form, &knowledge).success
                }
                Err(_) => false,
            }
        }
    }
}
