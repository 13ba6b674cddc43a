//! The published code lists: the common codes and each action's own, with their meanings, and
//! the queries over them ("is code C documented for action A").

use crate::contract::action::Action;
use crate::contract::codes::names::*;

/// A documented error code and what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeInfo {
    /// The code as it appears in `Response.Error.Code`.
    pub code: &'static str,
    /// A short meaning, in English.
    pub meaning: &'static str,
}

/// The common error codes any API 3.0 call may return.
pub static COMMON: &[CodeInfo] = &[
    CodeInfo {
        code: ACTION_OFFLINE,
        meaning: "the API has been taken offline",
    },
    CodeInfo {
        code: AUTH_FAILURE_INVALID_AUTHORIZATION,
        meaning: "the Authorization header does not follow the Tencent Cloud format",
    },
    CodeInfo {
        code: AUTH_FAILURE_INVALID_SECRET_ID,
        meaning: "key is not a Cloud API key type",
    },
    CodeInfo {
        code: AUTH_FAILURE_MFA_FAILURE,
        meaning: "MFA failed",
    },
    CodeInfo {
        code: AUTH_FAILURE_SECRET_ID_NOT_FOUND,
        meaning: "key does not exist (deleted/disabled, or mistyped; no surrounding spaces)",
    },
    CodeInfo {
        code: AUTH_FAILURE_SIGNATURE_EXPIRE,
        meaning: "signature expired: Timestamp and server time may differ by at most 5 minutes",
    },
    CodeInfo {
        code: AUTH_FAILURE_SIGNATURE_FAILURE,
        meaning: "signature wrong: signing computation error",
    },
    CodeInfo {
        code: AUTH_FAILURE_TOKEN_FAILURE,
        meaning: "token error",
    },
    CodeInfo {
        code: AUTH_FAILURE_UNAUTHORIZED_OPERATION,
        meaning: "request not authorised by CAM",
    },
    CodeInfo {
        code: DRY_RUN_OPERATION,
        meaning: "DryRun: the request would have succeeded, DryRun was set",
    },
    CodeInfo {
        code: FAILED_OPERATION,
        meaning: "operation failed",
    },
    CodeInfo {
        code: INTERNAL_ERROR,
        meaning: "internal error",
    },
    CodeInfo {
        code: INVALID_ACTION,
        meaning: "the API (action) does not exist",
    },
    CodeInfo {
        code: INVALID_PARAMETER,
        meaning: "parameter error (format, type, …)",
    },
    CodeInfo {
        code: INVALID_PARAMETER_VALUE,
        meaning: "bad parameter value",
    },
    CodeInfo {
        code: INVALID_REQUEST,
        meaning: "multipart body is malformed",
    },
    CodeInfo {
        code: IP_IN_BLACKLIST,
        meaning: "caller IP is in the blacklist",
    },
    CodeInfo {
        code: IP_NOT_IN_WHITELIST,
        meaning: "caller IP is not in the whitelist",
    },
    CodeInfo {
        code: LIMIT_EXCEEDED,
        meaning: "quota exceeded",
    },
    CodeInfo {
        code: MISSING_PARAMETER,
        meaning: "a parameter is missing",
    },
    CodeInfo {
        code: NO_SUCH_PRODUCT,
        meaning: "product does not exist",
    },
    CodeInfo {
        code: NO_SUCH_VERSION,
        meaning: "API version does not exist",
    },
    CodeInfo {
        code: REQUEST_LIMIT_EXCEEDED,
        meaning: "request rate exceeds the frequency limit",
    },
    CodeInfo {
        code: REQUEST_LIMIT_EXCEEDED_GLOBAL_REGION_UIN_LIMIT_EXCEEDED,
        meaning: "main account over the frequency limit",
    },
    CodeInfo {
        code: REQUEST_LIMIT_EXCEEDED_IP_LIMIT_EXCEEDED,
        meaning: "per-IP frequency limit",
    },
    CodeInfo {
        code: REQUEST_LIMIT_EXCEEDED_UIN_LIMIT_EXCEEDED,
        meaning: "per-account (UIN) frequency limit",
    },
    CodeInfo {
        code: REQUEST_SIZE_LIMIT_EXCEEDED,
        meaning: "request body over the size limit",
    },
    CodeInfo {
        code: RESOURCE_IN_USE,
        meaning: "resource is occupied",
    },
    CodeInfo {
        code: RESOURCE_INSUFFICIENT,
        meaning: "insufficient resources",
    },
    CodeInfo {
        code: RESOURCE_NOT_FOUND,
        meaning: "resource does not exist",
    },
    CodeInfo {
        code: RESOURCE_UNAVAILABLE,
        meaning: "resource unavailable",
    },
    CodeInfo {
        code: RESPONSE_SIZE_LIMIT_EXCEEDED,
        meaning: "response over the size limit",
    },
    CodeInfo {
        code: SERVICE_UNAVAILABLE,
        meaning: "service temporarily unavailable",
    },
    CodeInfo {
        code: UNAUTHORIZED_OPERATION,
        meaning: "unauthorised operation",
    },
    CodeInfo {
        code: UNKNOWN_PARAMETER,
        meaning: "unknown parameter: caller passed an undefined parameter",
    },
    CodeInfo {
        code: UNSUPPORTED_OPERATION,
        meaning: "operation not supported",
    },
    CodeInfo {
        code: UNSUPPORTED_PROTOCOL,
        meaning: "HTTP(S) method error: only GET and POST",
    },
    CodeInfo {
        code: UNSUPPORTED_REGION,
        meaning: "the API does not support the given region",
    },
];

/// The 26 documented codes of `DisassociateInstancesKeyPairs`.
pub static DISASSOCIATE_INSTANCES_KEY_PAIRS: &[CodeInfo] = &[
    CodeInfo { code: FAILED_OPERATION_DISASSOCIATE_KEY_PAIR_FAILED, meaning: "unbinding the key from the instance failed (CN only; added 2026-08-18)" },
    CodeInfo { code: INTERNAL_SERVER_ERROR, meaning: "internal error" },
    CodeInfo { code: INVALID_INSTANCE_NOT_SUPPORTED, meaning: "this instance is not supported (for the operation)" },
    CodeInfo { code: INVALID_INSTANCE_ID_MALFORMED, meaning: "instance ID has an invalid format, e.g. wrong length ins-1122" },
    CodeInfo { code: INVALID_INSTANCE_ID_NOT_FOUND, meaning: "no such instance" },
    CodeInfo { code: INVALID_KEY_PAIR_ID_MALFORMED, meaning: "key pair ID has an invalid format, e.g. wrong length skey-1122" },
    CodeInfo { code: INVALID_KEY_PAIR_ID_NOT_FOUND, meaning: "key pair ID does not exist" },
    CodeInfo { code: INVALID_PARAMETER_VALUE, meaning: "bad parameter value" },
    CodeInfo { code: INVALID_PARAMETER_VALUE_INSTANCE_ID_MALFORMED, meaning: "instance ID must look like ins-xxxxxxxx, x = lower-case letter or digit" },
    CodeInfo { code: INVALID_PARAMETER_VALUE_LIMIT_EXCEEDED, meaning: "number of parameter values exceeds the limit" },
    CodeInfo { code: MISSING_PARAMETER, meaning: "a parameter is missing" },
    CodeInfo { code: MUTEX_OPERATION_TASK_RUNNING, meaning: "the same task is already running" },
    CodeInfo { code: OPERATION_DENIED_INSTANCE_OPERATION_IN_PROGRESS, meaning: "instance has another operation in progress, retry later" },
    CodeInfo { code: UNSUPPORTED_OPERATION_INSTANCE_OS_WINDOWS, meaning: "not supported for a Windows instance (text names an OS like Xserver windows2012cndatacenterx86_64 and ins-xxxxxx)" },
    CodeInfo { code: UNSUPPORTED_OPERATION_INSTANCE_STATE_BANNING, meaning: "instance is banned/blocked" },
    CodeInfo { code: UNSUPPORTED_OPERATION_INSTANCE_STATE_ENTER_RESCUE_MODE, meaning: "instance is entering rescue mode" },
    CodeInfo { code: UNSUPPORTED_OPERATION_INSTANCE_STATE_FREEZING, meaning: "instance is frozen" },
    CodeInfo { code: UNSUPPORTED_OPERATION_INSTANCE_STATE_PENDING, meaning: "instance is still being created" },
    CodeInfo { code: UNSUPPORTED_OPERATION_INSTANCE_STATE_REBOOTING, meaning: "instance is rebooting" },
    CodeInfo { code: UNSUPPORTED_OPERATION_INSTANCE_STATE_RESCUE_MODE, meaning: "instance is in rescue mode" },
    CodeInfo { code: UNSUPPORTED_OPERATION_INSTANCE_STATE_RUNNING, meaning: "instance is running" },
    CodeInfo { code: UNSUPPORTED_OPERATION_INSTANCE_STATE_SHUTDOWN, meaning: "instance is isolated (SHUTDOWN = stopped, awaiting destruction)" },
    CodeInfo { code: UNSUPPORTED_OPERATION_INSTANCE_STATE_STARTING, meaning: "instance is starting" },
    CodeInfo { code: UNSUPPORTED_OPERATION_INSTANCE_STATE_STOPPING, meaning: "instance is stopping" },
    CodeInfo { code: UNSUPPORTED_OPERATION_INSTANCE_STATE_TERMINATING, meaning: "instance is being terminated" },
    CodeInfo { code: UNSUPPORTED_OPERATION_STOPPED_MODE_STOP_CHARGING, meaning: "instance does not support the \"no charge when stopped\" feature" },
];

/// The 29 documented codes of `AssociateInstancesKeyPairs`.
pub static ASSOCIATE_INSTANCES_KEY_PAIRS: &[CodeInfo] = &[
    CodeInfo { code: INTERNAL_SERVER_ERROR, meaning: "internal error" },
    CodeInfo { code: INVALID_INSTANCE_NOT_SUPPORTED, meaning: "this instance is not supported (for the operation)" },
    CodeInfo { code: INVALID_INSTANCE_ID_MALFORMED, meaning: "instance ID has an invalid format, e.g. wrong length ins-1122" },
    CodeInfo { code: INVALID_INSTANCE_ID_NOT_FOUND, meaning: "no such instance" },
    CodeInfo { code: INVALID_KEY_PAIR_ID_MALFORMED, meaning: "key pair ID has an invalid format, e.g. wrong length skey-1122" },
    CodeInfo { code: INVALID_KEY_PAIR_ID_NOT_FOUND, meaning: "key pair ID does not exist" },
    CodeInfo { code: INVALID_PARAMETER_VALUE, meaning: "bad parameter value" },
    CodeInfo { code: INVALID_PARAMETER_VALUE_INSTANCE_ID_MALFORMED, meaning: "instance ID must look like ins-xxxxxxxx, x = lower-case letter or digit" },
    CodeInfo { code: INVALID_PARAMETER_VALUE_KEY_PAIR_NOT_SUPPORTED, meaning: "the key pair does not support this operation" },
    CodeInfo { code: INVALID_PARAMETER_VALUE_LIMIT_EXCEEDED, meaning: "number of parameter values exceeds the limit" },
    CodeInfo { code: MISSING_PARAMETER, meaning: "a parameter is missing" },
    CodeInfo { code: MUTEX_OPERATION_TASK_RUNNING, meaning: "the same task is already running" },
    CodeInfo { code: OPERATION_DENIED_INSTANCE_OPERATION_IN_PROGRESS, meaning: "instance has another operation in progress, retry later" },
    CodeInfo { code: UNAUTHORIZED_OPERATION_MFA_EXPIRED, meaning: "the MFA token has expired" },
    CodeInfo { code: UNAUTHORIZED_OPERATION_MFA_NOT_FOUND, meaning: "the MFA token was not found" },
    CodeInfo { code: UNSUPPORTED_OPERATION_INSTANCE_OS_WINDOWS, meaning: "not supported for a Windows instance (text names an OS like Xserver windows2012cndatacenterx86_64 and ins-xxxxxx)" },
    CodeInfo { code: UNSUPPORTED_OPERATION_INSTANCE_STATE_ENTER_SERVICE_LIVE_MIGRATE, meaning: "the instance is entering service live migration" },
    CodeInfo { code: UNSUPPORTED_OPERATION_INSTANCE_STATE_EXIT_RESCUE_MODE, meaning: "the instance is leaving rescue mode" },
    CodeInfo { code: UNSUPPORTED_OPERATION_INSTANCE_STATE_FREEZING, meaning: "instance is frozen" },
    CodeInfo { code: UNSUPPORTED_OPERATION_INSTANCE_STATE_ISOLATING, meaning: "the instance is being isolated" },
    CodeInfo { code: UNSUPPORTED_OPERATION_INSTANCE_STATE_PENDING, meaning: "instance is still being created" },
    CodeInfo { code: UNSUPPORTED_OPERATION_INSTANCE_STATE_REBOOTING, meaning: "instance is rebooting" },
    CodeInfo { code: UNSUPPORTED_OPERATION_INSTANCE_STATE_RESCUE_MODE, meaning: "instance is in rescue mode" },
    CodeInfo { code: UNSUPPORTED_OPERATION_INSTANCE_STATE_RUNNING, meaning: "instance is running" },
    CodeInfo { code: UNSUPPORTED_OPERATION_INSTANCE_STATE_SHUTDOWN, meaning: "instance is isolated (SHUTDOWN = stopped, awaiting destruction)" },
    CodeInfo { code: UNSUPPORTED_OPERATION_INSTANCE_STATE_STARTING, meaning: "instance is starting" },
    CodeInfo { code: UNSUPPORTED_OPERATION_INSTANCE_STATE_STOPPING, meaning: "instance is stopping" },
    CodeInfo { code: UNSUPPORTED_OPERATION_INSTANCE_STATE_TERMINATING, meaning: "instance is being terminated" },
    CodeInfo { code: UNSUPPORTED_OPERATION_STOPPED_MODE_STOP_CHARGING, meaning: "instance does not support the \"no charge when stopped\" feature" },
];

/// The 28 documented codes of `DescribeInstances`.
pub static DESCRIBE_INSTANCES: &[CodeInfo] = &[
    CodeInfo {
        code: FAILED_OPERATION_ILLEGAL_TAG_KEY,
        meaning: "illegal tag key",
    },
    CodeInfo {
        code: FAILED_OPERATION_ILLEGAL_TAG_VALUE,
        meaning: "illegal tag value",
    },
    CodeInfo {
        code: FAILED_OPERATION_TAG_KEY_RESERVED,
        meaning: "the tag key is reserved",
    },
    CodeInfo {
        code: INTERNAL_SERVER_ERROR,
        meaning: "internal error",
    },
    CodeInfo {
        code: INVALID_FILTER,
        meaning: "invalid filter",
    },
    CodeInfo {
        code: INVALID_FILTER_VALUE_LIMIT_EXCEEDED,
        meaning: "a filter value is over the limit",
    },
    CodeInfo {
        code: INVALID_HOST_ID_MALFORMED,
        meaning: "the host ID is malformed",
    },
    CodeInfo {
        code: INVALID_INSTANCE_ID_MALFORMED,
        meaning: "instance ID has an invalid format, e.g. wrong length ins-1122",
    },
    CodeInfo {
        code: INVALID_PARAMETER,
        meaning: "parameter error (format, type, …)",
    },
    CodeInfo {
        code: INVALID_PARAMETER_VALUE,
        meaning: "bad parameter value",
    },
    CodeInfo {
        code: INVALID_PARAMETER_VALUE_IP_ADDRESS_MALFORMED,
        meaning: "the IP address is malformed",
    },
    CodeInfo {
        code: INVALID_PARAMETER_VALUE_I_PV6_ADDRESS_MALFORMED,
        meaning: "the IPv6 address is malformed",
    },
    CodeInfo {
        code: INVALID_PARAMETER_VALUE_INSTANCE_ID_MALFORMED,
        meaning: "instance ID must look like ins-xxxxxxxx, x = lower-case letter or digit",
    },
    CodeInfo {
        code: INVALID_PARAMETER_VALUE_INVALID_APP_ID_FORMAT,
        meaning: "the AppId format is invalid",
    },
    CodeInfo {
        code: INVALID_PARAMETER_VALUE_INVALID_IP_FORMAT,
        meaning: "the IP format is invalid",
    },
    CodeInfo {
        code: INVALID_PARAMETER_VALUE_INVALID_TIME_FORMAT,
        meaning: "the time format is invalid",
    },
    CodeInfo {
        code: INVALID_PARAMETER_VALUE_INVALID_VAGUE_NAME,
        meaning: "the fuzzy-match name is invalid",
    },
    CodeInfo {
        code: INVALID_PARAMETER_VALUE_LIMIT_EXCEEDED,
        meaning: "number of parameter values exceeds the limit",
    },
    CodeInfo {
        code: INVALID_PARAMETER_VALUE_SUBNET_ID_MALFORMED,
        meaning: "the subnet ID is malformed",
    },
    CodeInfo {
        code: INVALID_PARAMETER_VALUE_TAG_KEY_NOT_FOUND,
        meaning: "the tag key does not exist",
    },
    CodeInfo {
        code: INVALID_PARAMETER_VALUE_UUID_MALFORMED,
        meaning: "the UUID is malformed",
    },
    CodeInfo {
        code: INVALID_PARAMETER_VALUE_VPC_ID_MALFORMED,
        meaning: "the VPC ID is malformed",
    },
    CodeInfo {
        code: INVALID_SECURITY_GROUP_ID_NOT_FOUND,
        meaning: "the security group does not exist",
    },
    CodeInfo {
        code: INVALID_SG_ID_MALFORMED,
        meaning: "the security group ID is malformed",
    },
    CodeInfo {
        code: INVALID_ZONE_MISMATCH_REGION,
        meaning: "the zone does not belong to the region",
    },
    CodeInfo {
        code: RESOURCE_NOT_FOUND_HPC_CLUSTER,
        meaning: "the HPC cluster does not exist",
    },
    CodeInfo {
        code: UNAUTHORIZED_OPERATION_INVALID_TOKEN,
        meaning: "check the token",
    },
    CodeInfo {
        code: UNSUPPORTED_OPERATION,
        meaning: "operation not supported",
    },
];

/// The 12 documented codes of `DescribeKeyPairs`.
pub static DESCRIBE_KEY_PAIRS: &[CodeInfo] = &[
    CodeInfo {
        code: INTERNAL_SERVER_ERROR,
        meaning: "internal error",
    },
    CodeInfo {
        code: INVALID_FILTER,
        meaning: "invalid filter",
    },
    CodeInfo {
        code: INVALID_FILTER_VALUE_LIMIT_EXCEEDED,
        meaning: "a filter value is over the limit",
    },
    CodeInfo {
        code: INVALID_KEY_PAIR_LIMIT_EXCEEDED,
        meaning: "too many key pairs",
    },
    CodeInfo {
        code: INVALID_KEY_PAIR_ID_MALFORMED,
        meaning: "key pair ID has an invalid format, e.g. wrong length skey-1122",
    },
    CodeInfo {
        code: INVALID_PARAMETER,
        meaning: "parameter error (format, type, …)",
    },
    CodeInfo {
        code: INVALID_PARAMETER_VALUE,
        meaning: "bad parameter value",
    },
    CodeInfo {
        code: INVALID_PARAMETER_VALUE_LIMIT_EXCEEDED,
        meaning: "number of parameter values exceeds the limit",
    },
    CodeInfo {
        code: INVALID_PARAMETER_VALUE_LIMIT,
        meaning: "too many parameter values",
    },
    CodeInfo {
        code: INVALID_PARAMETER_VALUE_OFFSET,
        meaning: "invalid Offset",
    },
    CodeInfo {
        code: UNAUTHORIZED_OPERATION_INVALID_TOKEN,
        meaning: "check the token",
    },
    CodeInfo {
        code: UNSUPPORTED_OPERATION,
        meaning: "operation not supported",
    },
];

/// The documented codes of one action (not including the common codes).
pub fn action_codes(action: Action) -> &'static [CodeInfo] {
    match action {
        Action::DisassociateInstancesKeyPairs => DISASSOCIATE_INSTANCES_KEY_PAIRS,
        Action::AssociateInstancesKeyPairs => ASSOCIATE_INSTANCES_KEY_PAIRS,
        Action::DescribeInstances => DESCRIBE_INSTANCES,
        Action::DescribeKeyPairs => DESCRIBE_KEY_PAIRS,
    }
}

/// Whether `code` is one of the common API 3.0 codes.
pub fn is_common(code: &str) -> bool {
    COMMON.iter().any(|info| info.code == code)
}

/// Whether `code` is documented for `action`: in the action's own list or among the common codes.
/// With no action (the request named none, or one this catalogue does not know), only the common
/// codes are documented.
pub fn is_documented(action: Option<Action>, code: &str) -> bool {
    is_common(code)
        || action.is_some_and(|action| action_codes(action).iter().any(|info| info.code == code))
}

/// The documented meaning of `code`, looked up in the common list and every action's list.
pub fn meaning(code: &str) -> Option<&'static str> {
    COMMON
        .iter()
        .chain(
            Action::ALL
                .iter()
                .flat_map(|action| action_codes(*action).iter()),
        )
        .find(|info| info.code == code)
        .map(|info| info.meaning)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_match_the_published_lists() {
        assert_eq!(COMMON.len(), 38);
        assert_eq!(DISASSOCIATE_INSTANCES_KEY_PAIRS.len(), 26);
        assert_eq!(ASSOCIATE_INSTANCES_KEY_PAIRS.len(), 29);
        assert_eq!(DESCRIBE_INSTANCES.len(), 28);
        assert_eq!(DESCRIBE_KEY_PAIRS.len(), 12);
    }

    #[test]
    fn no_list_repeats_a_code() {
        for list in [
            COMMON,
            DISASSOCIATE_INSTANCES_KEY_PAIRS,
            ASSOCIATE_INSTANCES_KEY_PAIRS,
            DESCRIBE_INSTANCES,
            DESCRIBE_KEY_PAIRS,
        ] {
            let mut codes: Vec<_> = list.iter().map(|info| info.code).collect();
            codes.sort_unstable();
            codes.dedup();
            assert_eq!(codes.len(), list.len());
        }
    }

    #[test]
    fn documented_is_per_action() {
        let disassociate = Some(Action::DisassociateInstancesKeyPairs);
        assert!(is_documented(disassociate, INVALID_INSTANCE_ID_MALFORMED));
        assert!(is_documented(disassociate, AUTH_FAILURE_SIGNATURE_FAILURE));
        assert!(is_documented(
            disassociate,
            FAILED_OPERATION_DISASSOCIATE_KEY_PAIR_FAILED
        ));
        assert!(!is_documented(
            disassociate,
            INVALID_PARAMETER_VALUE_KEY_PAIR_NOT_SUPPORTED
        ));
        assert!(is_documented(
            Some(Action::AssociateInstancesKeyPairs),
            INVALID_PARAMETER_VALUE_KEY_PAIR_NOT_SUPPORTED
        ));
        assert!(!is_documented(disassociate, "InvalidInstanceId.Gone"));
        assert!(!is_documented(None, INVALID_INSTANCE_ID_NOT_FOUND));
        assert!(is_documented(None, INVALID_ACTION));
    }

    #[test]
    fn every_code_has_a_meaning() {
        assert_eq!(
            meaning(UNSUPPORTED_PROTOCOL),
            Some("HTTP(S) method error: only GET and POST")
        );
        assert!(meaning("Nope.Nothing").is_none());
        for action in Action::ALL {
            for info in action_codes(*action) {
                assert!(!info.meaning.is_empty(), "{}", info.code);
            }
        }
    }
}
