//! The actions the product knows, their wire names, and the service and version they belong to.

/// The signing service name of CVM, used in the TC3 credential scope.
pub const SERVICE: &str = "cvm";
/// The API version of every supported action.
pub const VERSION: &str = "2017-03-12";
/// The default endpoint host of CVM.
pub const DEFAULT_HOST: &str = "cvm.tencentcloudapi.com";

/// An action of CVM 2017-03-12 that the contract models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    /// Unbind key pairs from instances: the action under test.
    DisassociateInstancesKeyPairs,
    /// Bind key pairs to instances: used to set up and restore state.
    AssociateInstancesKeyPairs,
    /// Read instances (state, OS, bound keys): used to check state.
    DescribeInstances,
    /// Read key pairs (and the instances each is bound to): used to check state.
    DescribeKeyPairs,
}

impl Action {
    /// Every supported action, the action under test first.
    pub const ALL: &'static [Action] = &[
        Action::DisassociateInstancesKeyPairs,
        Action::AssociateInstancesKeyPairs,
        Action::DescribeInstances,
        Action::DescribeKeyPairs,
    ];

    /// The action's name as sent in `X-TC-Action` or `Action=`.
    pub fn name(self) -> &'static str {
        match self {
            Action::DisassociateInstancesKeyPairs => "DisassociateInstancesKeyPairs",
            Action::AssociateInstancesKeyPairs => "AssociateInstancesKeyPairs",
            Action::DescribeInstances => "DescribeInstances",
            Action::DescribeKeyPairs => "DescribeKeyPairs",
        }
    }

    /// The action with this exact (case-sensitive) name, if the contract models it.
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL
            .iter()
            .copied()
            .find(|action| action.name() == name)
    }
}

impl std::fmt::Display for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_case_sensitive() {
        for action in Action::ALL {
            assert_eq!(Action::from_name(action.name()), Some(*action));
        }
        assert_eq!(Action::from_name("disassociateinstanceskeypairs"), None);
        assert_eq!(Action::from_name(""), None);
    }
}
