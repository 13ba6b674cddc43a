//! Instance states and operating systems, with the state rule: which documented codes a key-pair
//! action on an instance in a given state yields.
//!
//! The rule is a code **set** per state, for the oracle, whose first element is the one code the
//! deterministic service answers. Only codes documented for the action are used.

use std::fmt;
use std::str::FromStr;

use crate::contract::action::Action;
use crate::contract::codes;

/// Every documented value of `Instance.InstanceState`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum InstanceState {
    /// `PENDING`: being created.
    Pending,
    /// `LAUNCH_FAILED`: creation failed.
    LaunchFailed,
    /// `RUNNING`.
    Running,
    /// `STOPPED`.
    Stopped,
    /// `STARTING`.
    Starting,
    /// `STOPPING`.
    Stopping,
    /// `REBOOTING`.
    Rebooting,
    /// `SHUTDOWN`: stopped and awaiting destruction (isolated).
    Shutdown,
    /// `TERMINATING`: being destroyed.
    Terminating,
    /// `ENTER_RESCUE_MODE`.
    EnterRescueMode,
    /// `RESCUE_MODE`.
    RescueMode,
    /// `EXIT_RESCUE_MODE`.
    ExitRescueMode,
    /// `ENTER_SERVICE_LIVE_MIGRATE`.
    EnterServiceLiveMigrate,
    /// `SERVICE_LIVE_MIGRATE`.
    ServiceLiveMigrate,
    /// `EXIT_SERVICE_LIVE_MIGRATE`.
    ExitServiceLiveMigrate,
}

/// A string that is not a documented instance state.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown instance state `{0}`")]
pub struct UnknownState(pub String);

impl InstanceState {
    /// Every documented state, in the documentation's order.
    pub const ALL: &'static [InstanceState] = &[
        InstanceState::Pending,
        InstanceState::LaunchFailed,
        InstanceState::Running,
        InstanceState::Stopped,
        InstanceState::Starting,
        InstanceState::Stopping,
        InstanceState::Rebooting,
        InstanceState::Shutdown,
        InstanceState::Terminating,
        InstanceState::EnterRescueMode,
        InstanceState::RescueMode,
        InstanceState::ExitRescueMode,
        InstanceState::EnterServiceLiveMigrate,
        InstanceState::ServiceLiveMigrate,
        InstanceState::ExitServiceLiveMigrate,
    ];

    /// The wire name, as in `InstanceState` of `DescribeInstances`.
    pub fn as_str(self) -> &'static str {
        match self {
            InstanceState::Pending => "PENDING",
            InstanceState::LaunchFailed => "LAUNCH_FAILED",
            InstanceState::Running => "RUNNING",
            InstanceState::Stopped => "STOPPED",
            InstanceState::Starting => "STARTING",
            InstanceState::Stopping => "STOPPING",
            InstanceState::Rebooting => "REBOOTING",
            InstanceState::Shutdown => "SHUTDOWN",
            InstanceState::Terminating => "TERMINATING",
            InstanceState::EnterRescueMode => "ENTER_RESCUE_MODE",
            InstanceState::RescueMode => "RESCUE_MODE",
            InstanceState::ExitRescueMode => "EXIT_RESCUE_MODE",
            InstanceState::EnterServiceLiveMigrate => "ENTER_SERVICE_LIVE_MIGRATE",
            InstanceState::ServiceLiveMigrate => "SERVICE_LIVE_MIGRATE",
            InstanceState::ExitServiceLiveMigrate => "EXIT_SERVICE_LIVE_MIGRATE",
        }
    }
}

impl FromStr for InstanceState {
    type Err = UnknownState;

    /// The state with this exact (case-sensitive) wire name.
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        InstanceState::ALL
            .iter()
            .copied()
            .find(|state| state.as_str() == name)
            .ok_or_else(|| UnknownState(name.to_owned()))
    }
}

impl fmt::Display for InstanceState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The codes a key-pair action on an instance in `state` yields; empty when the state allows it.
///
/// Without `force_stop` only `STOPPED` is allowed; with it `RUNNING` is allowed too (the service
/// stops the instance, applies the change and starts it again). Every other state yields its
/// dedicated `UnsupportedOperation.InstanceState*` code when the action documents one. States
/// without a dedicated code yield the documented generic alternatives: `InvalidInstance.NotSupported`
/// and, for transitional states, `OperationDenied.InstanceOperationInProgress` (plus the closest
/// dedicated code). The first code is the deterministic service's answer. The describe actions have
/// no state rule.
pub fn state_codes(
    action: Action,
    state: InstanceState,
    force_stop: bool,
) -> &'static [&'static str] {
    use crate::contract::codes::*;
    use InstanceState as S;
    let associate = action == Action::AssociateInstancesKeyPairs;
    if !matches!(
        action,
        Action::DisassociateInstancesKeyPairs | Action::AssociateInstancesKeyPairs
    ) {
        return &[];
    }
    match state {
        S::Stopped => &[],
        S::Running if force_stop => &[],
        S::Running => &[UNSUPPORTED_OPERATION_INSTANCE_STATE_RUNNING],
        S::Pending => &[UNSUPPORTED_OPERATION_INSTANCE_STATE_PENDING],
        S::Starting => &[UNSUPPORTED_OPERATION_INSTANCE_STATE_STARTING],
        S::Stopping => &[UNSUPPORTED_OPERATION_INSTANCE_STATE_STOPPING],
        S::Rebooting => &[UNSUPPORTED_OPERATION_INSTANCE_STATE_REBOOTING],
        S::Shutdown => &[UNSUPPORTED_OPERATION_INSTANCE_STATE_SHUTDOWN],
        S::Terminating => &[UNSUPPORTED_OPERATION_INSTANCE_STATE_TERMINATING],
        S::EnterRescueMode if associate => &[
            // Associate documents no EnterRescueMode code.
            UNSUPPORTED_OPERATION_INSTANCE_STATE_RESCUE_MODE,
            INVALID_INSTANCE_NOT_SUPPORTED,
            OPERATION_DENIED_INSTANCE_OPERATION_IN_PROGRESS,
        ],
        S::EnterRescueMode => &[UNSUPPORTED_OPERATION_INSTANCE_STATE_ENTER_RESCUE_MODE],
        S::RescueMode => &[UNSUPPORTED_OPERATION_INSTANCE_STATE_RESCUE_MODE],
        S::LaunchFailed => &[INVALID_INSTANCE_NOT_SUPPORTED],
        S::ExitRescueMode if associate => &[
            UNSUPPORTED_OPERATION_INSTANCE_STATE_EXIT_RESCUE_MODE,
            INVALID_INSTANCE_NOT_SUPPORTED,
            OPERATION_DENIED_INSTANCE_OPERATION_IN_PROGRESS,
        ],
        S::ExitRescueMode => &[
            INVALID_INSTANCE_NOT_SUPPORTED,
            OPERATION_DENIED_INSTANCE_OPERATION_IN_PROGRESS,
            UNSUPPORTED_OPERATION_INSTANCE_STATE_RESCUE_MODE,
        ],
        S::EnterServiceLiveMigrate if associate => &[
            UNSUPPORTED_OPERATION_INSTANCE_STATE_ENTER_SERVICE_LIVE_MIGRATE,
            INVALID_INSTANCE_NOT_SUPPORTED,
            OPERATION_DENIED_INSTANCE_OPERATION_IN_PROGRESS,
        ],
        S::EnterServiceLiveMigrate | S::ServiceLiveMigrate | S::ExitServiceLiveMigrate => &[
            INVALID_INSTANCE_NOT_SUPPORTED,
            OPERATION_DENIED_INSTANCE_OPERATION_IN_PROGRESS,
        ],
    }
}

/// The one code the deterministic service answers for `state`, if the state is refused.
pub fn state_answer(
    action: Action,
    state: InstanceState,
    force_stop: bool,
) -> Option<&'static str> {
    state_codes(action, state, force_stop).first().copied()
}

/// Whether the action's state rule allows an instance in `state`.
pub fn state_allows(action: Action, state: InstanceState, force_stop: bool) -> bool {
    state_codes(action, state, force_stop).is_empty()
}

/// Every code the state rule can yield for `action`, whatever the state: what the oracle accepts
/// for an instance whose state it does not know.
pub fn all_state_codes(action: Action) -> Vec<&'static str> {
    let mut all: Vec<&'static str> = InstanceState::ALL
        .iter()
        .flat_map(|state| state_codes(action, *state, false).iter().copied())
        .collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// The operating-system family of an instance. The key-pair actions support Linux only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Os {
    /// Any non-Windows image (TencentOS, CentOS, Ubuntu, …).
    Linux,
    /// A Windows image.
    Windows,
}

impl Os {
    /// Both families.
    pub const ALL: &'static [Os] = &[Os::Linux, Os::Windows];

    /// The family of an `OsName` as `DescribeInstances` reports it: Windows when the name mentions
    /// `windows` (any case), Linux otherwise.
    pub fn from_os_name(os_name: &str) -> Os {
        if os_name.to_ascii_lowercase().contains("windows") {
            Os::Windows
        } else {
            Os::Linux
        }
    }

    /// A representative `OsName` of the family, for built worlds.
    pub fn sample_os_name(self) -> &'static str {
        match self {
            Os::Linux => "TencentOS Server 3.1 (TK4)",
            Os::Windows => "Windows Server 2019 Datacenter 64-bit",
        }
    }

    /// The family's name: `Linux` or `Windows`.
    pub fn as_str(self) -> &'static str {
        match self {
            Os::Linux => "Linux",
            Os::Windows => "Windows",
        }
    }

    /// The codes a key-pair action yields for an instance of this family; empty when supported.
    /// `UnsupportedOperation.InstanceOsWindows` first; `InvalidInstance.NotSupported` is the older
    /// documented answer for the same case.
    pub fn refusal_codes(self, action: Action) -> &'static [&'static str] {
        let key_pair_action = matches!(
            action,
            Action::DisassociateInstancesKeyPairs | Action::AssociateInstancesKeyPairs
        );
        match self {
            Os::Windows if key_pair_action => &[
                codes::UNSUPPORTED_OPERATION_INSTANCE_OS_WINDOWS,
                codes::INVALID_INSTANCE_NOT_SUPPORTED,
            ],
            _ => &[],
        }
    }
}

impl fmt::Display for Os {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY_PAIR_ACTIONS: [Action; 2] = [
        Action::DisassociateInstancesKeyPairs,
        Action::AssociateInstancesKeyPairs,
    ];

    #[test]
    fn wire_names_round_trip() {
        assert_eq!(InstanceState::ALL.len(), 15);
        for state in InstanceState::ALL {
            assert_eq!(state.as_str().parse::<InstanceState>(), Ok(*state));
            assert_eq!(state.to_string(), state.as_str());
        }
        assert_eq!(
            "running".parse::<InstanceState>(),
            Err(UnknownState("running".into()))
        );
        assert_eq!(
            UnknownState("x".into()).to_string(),
            "unknown instance state `x`"
        );
    }

    #[test]
    fn disassociate_rule_per_state() {
        use crate::contract::codes::*;
        let action = Action::DisassociateInstancesKeyPairs;
        let expected = [
            (InstanceState::Stopped, None),
            (
                InstanceState::Running,
                Some(UNSUPPORTED_OPERATION_INSTANCE_STATE_RUNNING),
            ),
            (
                InstanceState::Pending,
                Some(UNSUPPORTED_OPERATION_INSTANCE_STATE_PENDING),
            ),
            (
                InstanceState::Starting,
                Some(UNSUPPORTED_OPERATION_INSTANCE_STATE_STARTING),
            ),
            (
                InstanceState::Stopping,
                Some(UNSUPPORTED_OPERATION_INSTANCE_STATE_STOPPING),
            ),
            (
                InstanceState::Rebooting,
                Some(UNSUPPORTED_OPERATION_INSTANCE_STATE_REBOOTING),
            ),
            (
                InstanceState::Shutdown,
                Some(UNSUPPORTED_OPERATION_INSTANCE_STATE_SHUTDOWN),
            ),
            (
                InstanceState::Terminating,
                Some(UNSUPPORTED_OPERATION_INSTANCE_STATE_TERMINATING),
            ),
            (
                InstanceState::EnterRescueMode,
                Some(UNSUPPORTED_OPERATION_INSTANCE_STATE_ENTER_RESCUE_MODE),
            ),
            (
                InstanceState::RescueMode,
                Some(UNSUPPORTED_OPERATION_INSTANCE_STATE_RESCUE_MODE),
            ),
            (
                InstanceState::LaunchFailed,
                Some(INVALID_INSTANCE_NOT_SUPPORTED),
            ),
            (
                InstanceState::ExitRescueMode,
                Some(INVALID_INSTANCE_NOT_SUPPORTED),
            ),
            (
                InstanceState::ServiceLiveMigrate,
                Some(INVALID_INSTANCE_NOT_SUPPORTED),
            ),
        ];
        for (state, answer) in expected {
            assert_eq!(state_answer(action, state, false), answer, "{state}");
        }
    }

    #[test]
    fn force_stop_allows_running_only() {
        for action in KEY_PAIR_ACTIONS {
            for state in InstanceState::ALL {
                let allowed = state_allows(action, *state, true);
                let expected = matches!(state, InstanceState::Stopped | InstanceState::Running);
                assert_eq!(allowed, expected, "{action} {state}");
                assert_eq!(
                    state_allows(action, *state, false),
                    *state == InstanceState::Stopped
                );
            }
        }
    }

    #[test]
    fn every_state_code_is_in_the_action_list() {
        for action in KEY_PAIR_ACTIONS {
            for state in InstanceState::ALL {
                for force_stop in [false, true] {
                    for code in state_codes(action, *state, force_stop) {
                        assert!(
                            codes::action_codes(action)
                                .iter()
                                .any(|info| info.code == *code),
                            "{action} {state} {code}"
                        );
                    }
                }
            }
            for os in Os::ALL {
                for code in os.refusal_codes(action) {
                    assert!(codes::action_codes(action)
                        .iter()
                        .any(|info| info.code == *code));
                }
            }
        }
    }

    #[test]
    fn associate_uses_its_own_dedicated_codes() {
        let action = Action::AssociateInstancesKeyPairs;
        assert_eq!(
            state_answer(action, InstanceState::ExitRescueMode, false),
            Some(codes::UNSUPPORTED_OPERATION_INSTANCE_STATE_EXIT_RESCUE_MODE)
        );
        assert_eq!(
            state_answer(action, InstanceState::EnterServiceLiveMigrate, false),
            Some(codes::UNSUPPORTED_OPERATION_INSTANCE_STATE_ENTER_SERVICE_LIVE_MIGRATE)
        );
        assert!(state_codes(Action::DescribeInstances, InstanceState::Running, false).is_empty());
        assert!(all_state_codes(action).len() > 10);
    }

    #[test]
    fn os_from_name() {
        assert_eq!(Os::from_os_name("TencentOS Server 3.1 (TK4)"), Os::Linux);
        assert_eq!(
            Os::from_os_name("Xserver windows2012cndatacenterx86_64"),
            Os::Windows
        );
        assert_eq!(
            Os::from_os_name("Windows Server 2019 数据中心版 64位中文版"),
            Os::Windows
        );
        for os in Os::ALL {
            assert_eq!(Os::from_os_name(os.sample_os_name()), *os);
        }
        assert!(Os::Linux
            .refusal_codes(Action::DisassociateInstancesKeyPairs)
            .is_empty());
        assert_eq!(
            Os::Windows.refusal_codes(Action::DisassociateInstancesKeyPairs)[0],
            codes::UNSUPPORTED_OPERATION_INSTANCE_OS_WINDOWS
        );
    }
}
