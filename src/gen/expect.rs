//! What a conforming server may answer to a generated step: the codes of its protocol faults when
//! it has any that matter (never success), else the oracle's verdict on the parameters as the
//! server decodes them (`contract::acceptable`).

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::contract::codes;
use crate::contract::oracle::{self, Acceptable};
use crate::contract::Knowledge;
use crate::contract::ParamSource;
use crate::gen::case::GenStep;
use crate::gen::protocol::fault_codes;

/// The outcomes a conforming server may answer to `step`, given `knowledge` of its world.
pub fn acceptable(step: &GenStep, knowledge: &Knowledge<'_>) -> Acceptable {
    acceptable_for(step, step.server_params().as_ref(), knowledge)
}

/// [`acceptable`], with the step's [`GenStep::server_params`] already computed.
pub(crate) fn acceptable_for(
    step: &GenStep,
    server_params: Option<&(Cow<'_, Map<String, Value>>, ParamSource)>,
    knowledge: &Knowledge<'_>,
) -> Acceptable {
    let mut faulted = false;
    let mut from_faults = Acceptable::default();
    for fault in &step.faults {
        if let Some(codes) = fault_codes(fault, step) {
            faulted = true;
            from_faults.codes.extend(codes.iter().copied());
        }
    }
    if faulted {
        return from_faults;
    }
    match server_params {
        Some((params, source)) => oracle::acceptable(step.action, params, *source, knowledge),
        None => Acceptable {
            success: false,
            codes: [codes::INVALID_PARAMETER].into_iter().collect(),
        },
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::contract::{default_world, Action};
    use crate::gen::case::ProtocolFault;
    use crate::wire::{Breakage, Encoding};

    #[test]
    fn faults_decide_unless_they_change_nothing() {
        let world = default_world();
        let knowledge = Knowledge::World(&world);
        let valid = GenStep::new(
            Action::DisassociateInstancesKeyPairs,
            json!({"InstanceIds": ["ins-stpdlnx1"], "KeyIds": ["skey-bound001"]}),
        );
        assert!(acceptable(&valid, &knowledge).allows(None));
        let skewed = valid
            .clone()
            .with_fault(ProtocolFault::Breakage(Breakage::SkewTimestamp(300)));
        assert!(acceptable(&skewed, &knowledge).allows(None));
        let stale = valid
            .clone()
            .with_fault(ProtocolFault::Breakage(Breakage::SkewTimestamp(-301)));
        let allowed = acceptable(&stale, &knowledge);
        assert!(!allowed.allows(None));
        assert!(allowed.allows(Some(codes::AUTH_FAILURE_SIGNATURE_EXPIRE)));
        let both = stale.with_fault(ProtocolFault::Oversize);
        assert_eq!(acceptable(&both, &knowledge).codes.len(), 2);
        let clash = GenStep::new(Action::DescribeKeyPairs, json!({"A.0": "x", "A": ["y"]}))
            .with_encoding(Encoding::Form);
        assert_eq!(
            acceptable(&clash, &knowledge).to_string(),
            codes::INVALID_PARAMETER
        );
    }
}
