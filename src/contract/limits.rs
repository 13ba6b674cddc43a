//! The documented numeric limits of the API: list sizes, paging, filters, body sizes, clock skew
//! and rate limits. Constants only; the rules that apply them live in `rules`, `model` and `service`.

use crate::contract::action::Action;

/// Most instance IDs in one `DisassociateInstancesKeyPairs` / `AssociateInstancesKeyPairs` request
/// (and in one `DescribeInstances` request). More gives `InvalidParameterValue.LimitExceeded`.
pub const MAX_INSTANCE_IDS: usize = 100;

/// Most key-pair IDs in one `DisassociateInstancesKeyPairs` / `AssociateInstancesKeyPairs` request
/// (and, by assumption, in one `DescribeKeyPairs` request).
pub const MAX_KEY_IDS: usize = 100;

/// `Limit` of `DescribeInstances` / `DescribeKeyPairs` when the request gives none.
pub const DESCRIBE_LIMIT_DEFAULT: i64 = 20;

/// Largest `Limit` accepted by `DescribeInstances` / `DescribeKeyPairs`.
pub const DESCRIBE_LIMIT_MAX: i64 = 100;

/// `Offset` of `DescribeInstances` / `DescribeKeyPairs` when the request gives none.
pub const DESCRIBE_OFFSET_DEFAULT: i64 = 0;

/// Most entries in `Filters` of one describe request.
pub const MAX_FILTERS: usize = 10;

/// Most entries in `Filters.N.Values` of one filter.
pub const MAX_FILTER_VALUES: usize = 5;

/// Largest GET request (query included), in bytes: 32 KiB.
pub const MAX_GET_REQUEST_BYTES: usize = 32 * 1024;

/// Largest POST body signed with v1 (form-encoded), in bytes: 1 MiB.
pub const MAX_V1_POST_BODY_BYTES: usize = 1024 * 1024;

/// Largest POST body signed with v3 (JSON), in bytes: 10 MiB.
pub const MAX_V3_POST_BODY_BYTES: usize = 10 * 1024 * 1024;

/// Largest difference between `X-TC-Timestamp` and the server clock, in seconds (5 minutes).
/// Beyond it: `AuthFailure.SignatureExpire`.
pub const MAX_TIMESTAMP_SKEW_SECS: u64 = 300;

/// Documented request rate of `DisassociateInstancesKeyPairs`, per second.
pub const DISASSOCIATE_RATE_LIMIT_PER_SEC: u32 = 10;

/// Documented request rate of `AssociateInstancesKeyPairs`, per second.
pub const ASSOCIATE_RATE_LIMIT_PER_SEC: u32 = 10;

/// The documented request rate of `action` per second, where the documentation gives one.
pub fn rate_limit_per_sec(action: Action) -> Option<u32> {
    match action {
        Action::DisassociateInstancesKeyPairs => Some(DISASSOCIATE_RATE_LIMIT_PER_SEC),
        Action::AssociateInstancesKeyPairs => Some(ASSOCIATE_RATE_LIMIT_PER_SEC),
        Action::DescribeInstances | Action::DescribeKeyPairs => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_values() {
        assert_eq!(MAX_INSTANCE_IDS, 100);
        assert_eq!(MAX_KEY_IDS, 100);
        assert_eq!(MAX_GET_REQUEST_BYTES, 32_768);
        assert_eq!(MAX_V1_POST_BODY_BYTES, 1_048_576);
        assert_eq!(MAX_V3_POST_BODY_BYTES, 10_485_760);
        assert_eq!(MAX_TIMESTAMP_SKEW_SECS, 5 * 60);
        const { assert!(DESCRIBE_LIMIT_DEFAULT <= DESCRIBE_LIMIT_MAX) };
        assert_eq!(
            rate_limit_per_sec(Action::DisassociateInstancesKeyPairs),
            Some(10)
        );
        assert_eq!(rate_limit_per_sec(Action::DescribeKeyPairs), None);
    }
}
