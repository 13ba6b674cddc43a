//! One constant per documented error code, so that rules never spell a code by hand.

/// `ActionOffline`: the API has been taken offline.
pub const ACTION_OFFLINE: &str = "ActionOffline";
/// `AuthFailure.InvalidAuthorization`: the Authorization header does not follow the Tencent Cloud format.
pub const AUTH_FAILURE_INVALID_AUTHORIZATION: &str = "AuthFailure.InvalidAuthorization";
/// `AuthFailure.InvalidSecretId`: key is not a Cloud API key type.
pub const AUTH_FAILURE_INVALID_SECRET_ID: &str = "AuthFailure.InvalidSecretId";
/// `AuthFailure.MFAFailure`: MFA failed.
pub const AUTH_FAILURE_MFA_FAILURE: &str = "AuthFailure.MFAFailure";
/// `AuthFailure.SecretIdNotFound`: key does not exist (deleted/disabled, or mistyped; no surrounding spaces).
pub const AUTH_FAILURE_SECRET_ID_NOT_FOUND: &str = "AuthFailure.SecretIdNotFound";
/// `AuthFailure.SignatureExpire`: signature expired: Timestamp and server time may differ by at most 5 minutes.
pub const AUTH_FAILURE_SIGNATURE_EXPIRE: &str = "AuthFailure.SignatureExpire";
/// `AuthFailure.SignatureFailure`: signature wrong: signing computation error.
pub const AUTH_FAILURE_SIGNATURE_FAILURE: &str = "AuthFailure.SignatureFailure";
/// `AuthFailure.TokenFailure`: token error.
pub const AUTH_FAILURE_TOKEN_FAILURE: &str = "AuthFailure.TokenFailure";
/// `AuthFailure.UnauthorizedOperation`: request not authorised by CAM.
pub const AUTH_FAILURE_UNAUTHORIZED_OPERATION: &str = "AuthFailure.UnauthorizedOperation";
/// `DryRunOperation`: DryRun: the request would have succeeded, DryRun was set.
pub const DRY_RUN_OPERATION: &str = "DryRunOperation";
/// `FailedOperation`: operation failed.
pub const FAILED_OPERATION: &str = "FailedOperation";
/// `FailedOperation.DisassociateKeyPairFailed`: unbinding the key from the instance failed (CN only; added 2026-08-18).
pub const FAILED_OPERATION_DISASSOCIATE_KEY_PAIR_FAILED: &str =
    "FailedOperation.DisassociateKeyPairFailed";
/// `FailedOperation.IllegalTagKey`: illegal tag key.
pub const FAILED_OPERATION_ILLEGAL_TAG_KEY: &str = "FailedOperation.IllegalTagKey";
/// `FailedOperation.IllegalTagValue`: illegal tag value.
pub const FAILED_OPERATION_ILLEGAL_TAG_VALUE: &str = "FailedOperation.IllegalTagValue";
/// `FailedOperation.TagKeyReserved`: the tag key is reserved.
pub const FAILED_OPERATION_TAG_KEY_RESERVED: &str = "FailedOperation.TagKeyReserved";
/// `InternalError`: internal error.
pub const INTERNAL_ERROR: &str = "InternalError";
/// `InternalServerError`: internal error.
pub const INTERNAL_SERVER_ERROR: &str = "InternalServerError";
/// `InvalidAction`: the API (action) does not exist.
pub const INVALID_ACTION: &str = "InvalidAction";
/// `InvalidFilter`: invalid filter.
pub const INVALID_FILTER: &str = "InvalidFilter";
/// `InvalidFilterValue.LimitExceeded`: a filter value is over the limit.
pub const INVALID_FILTER_VALUE_LIMIT_EXCEEDED: &str = "InvalidFilterValue.LimitExceeded";
/// `InvalidHostId.Malformed`: the host ID is malformed.
pub const INVALID_HOST_ID_MALFORMED: &str = "InvalidHostId.Malformed";
/// `InvalidInstance.NotSupported`: this instance is not supported (for the operation).
pub const INVALID_INSTANCE_NOT_SUPPORTED: &str = "InvalidInstance.NotSupported";
/// `InvalidInstanceId.Malformed`: instance ID has an invalid format, e.g. wrong length ins-1122.
pub const INVALID_INSTANCE_ID_MALFORMED: &str = "InvalidInstanceId.Malformed";
/// `InvalidInstanceId.NotFound`: no such instance.
pub const INVALID_INSTANCE_ID_NOT_FOUND: &str = "InvalidInstanceId.NotFound";
/// `InvalidKeyPair.LimitExceeded`: too many key pairs.
pub const INVALID_KEY_PAIR_LIMIT_EXCEEDED: &str = "InvalidKeyPair.LimitExceeded";
/// `InvalidKeyPairId.Malformed`: key pair ID has an invalid format, e.g. wrong length skey-1122.
pub const INVALID_KEY_PAIR_ID_MALFORMED: &str = "InvalidKeyPairId.Malformed";
/// `InvalidKeyPairId.NotFound`: key pair ID does not exist.
pub const INVALID_KEY_PAIR_ID_NOT_FOUND: &str = "InvalidKeyPairId.NotFound";
/// `InvalidParameter`: parameter error (format, type, …).
pub const INVALID_PARAMETER: &str = "InvalidParameter";
/// `InvalidParameterValue`: bad parameter value.
pub const INVALID_PARAMETER_VALUE: &str = "InvalidParameterValue";
/// `InvalidParameterValue.IPAddressMalformed`: the IP address is malformed.
pub const INVALID_PARAMETER_VALUE_IP_ADDRESS_MALFORMED: &str =
    "InvalidParameterValue.IPAddressMalformed";
/// `InvalidParameterValue.IPv6AddressMalformed`: the IPv6 address is malformed.
pub const INVALID_PARAMETER_VALUE_I_PV6_ADDRESS_MALFORMED: &str =
    "InvalidParameterValue.IPv6AddressMalformed";
/// `InvalidParameterValue.InstanceIdMalformed`: instance ID must look like ins-xxxxxxxx, x = lower-case letter or digit.
pub const INVALID_PARAMETER_VALUE_INSTANCE_ID_MALFORMED: &str =
    "InvalidParameterValue.InstanceIdMalformed";
/// `InvalidParameterValue.InvalidAppIdFormat`: the AppId format is invalid.
pub const INVALID_PARAMETER_VALUE_INVALID_APP_ID_FORMAT: &str =
    "InvalidParameterValue.InvalidAppIdFormat";
/// `InvalidParameterValue.InvalidIpFormat`: the IP format is invalid.
pub const INVALID_PARAMETER_VALUE_INVALID_IP_FORMAT: &str = "InvalidParameterValue.InvalidIpFormat";
/// `InvalidParameterValue.InvalidTimeFormat`: the time format is invalid.
pub const INVALID_PARAMETER_VALUE_INVALID_TIME_FORMAT: &str =
    "InvalidParameterValue.InvalidTimeFormat";
/// `InvalidParameterValue.InvalidVagueName`: the fuzzy-match name is invalid.
pub const INVALID_PARAMETER_VALUE_INVALID_VAGUE_NAME: &str =
    "InvalidParameterValue.InvalidVagueName";
/// `InvalidParameterValue.KeyPairNotSupported`: the key pair does not support this operation.
pub const INVALID_PARAMETER_VALUE_KEY_PAIR_NOT_SUPPORTED: &str =
    "InvalidParameterValue.KeyPairNotSupported";
/// `InvalidParameterValue.LimitExceeded`: number of parameter values exceeds the limit.
pub const INVALID_PARAMETER_VALUE_LIMIT_EXCEEDED: &str = "InvalidParameterValue.LimitExceeded";
/// `InvalidParameterValue.SubnetIdMalformed`: the subnet ID is malformed.
pub const INVALID_PARAMETER_VALUE_SUBNET_ID_MALFORMED: &str =
    "InvalidParameterValue.SubnetIdMalformed";
/// `InvalidParameterValue.TagKeyNotFound`: the tag key does not exist.
pub const INVALID_PARAMETER_VALUE_TAG_KEY_NOT_FOUND: &str = "InvalidParameterValue.TagKeyNotFound";
/// `InvalidParameterValue.UuidMalformed`: the UUID is malformed.
pub const INVALID_PARAMETER_VALUE_UUID_MALFORMED: &str = "InvalidParameterValue.UuidMalformed";
/// `InvalidParameterValue.VpcIdMalformed`: the VPC ID is malformed.
pub const INVALID_PARAMETER_VALUE_VPC_ID_MALFORMED: &str = "InvalidParameterValue.VpcIdMalformed";
/// `InvalidParameterValueLimit`: too many parameter values.
pub const INVALID_PARAMETER_VALUE_LIMIT: &str = "InvalidParameterValueLimit";
/// `InvalidParameterValueOffset`: invalid Offset.
pub const INVALID_PARAMETER_VALUE_OFFSET: &str = "InvalidParameterValueOffset";
/// `InvalidRequest`: multipart body is malformed.
pub const INVALID_REQUEST: &str = "InvalidRequest";
/// `InvalidSecurityGroupId.NotFound`: the security group does not exist.
pub const INVALID_SECURITY_GROUP_ID_NOT_FOUND: &str = "InvalidSecurityGroupId.NotFound";
/// `InvalidSgId.Malformed`: the security group ID is malformed.
pub const INVALID_SG_ID_MALFORMED: &str = "InvalidSgId.Malformed";
/// `InvalidZone.MismatchRegion`: the zone does not belong to the region.
pub const INVALID_ZONE_MISMATCH_REGION: &str = "InvalidZone.MismatchRegion";
/// `IpInBlacklist`: caller IP is in the blacklist.
pub const IP_IN_BLACKLIST: &str = "IpInBlacklist";
/// `IpNotInWhitelist`: caller IP is not in the whitelist.
pub const IP_NOT_IN_WHITELIST: &str = "IpNotInWhitelist";
/// `LimitExceeded`: quota exceeded.
pub const LIMIT_EXCEEDED: &str = "LimitExceeded";
/// `MissingParameter`: a parameter is missing.
pub const MISSING_PARAMETER: &str = "MissingParameter";
/// `MutexOperation.TaskRunning`: the same task is already running.
pub const MUTEX_OPERATION_TASK_RUNNING: &str = "MutexOperation.TaskRunning";
/// `NoSuchProduct`: product does not exist.
pub const NO_SUCH_PRODUCT: &str = "NoSuchProduct";
/// `NoSuchVersion`: API version does not exist.
pub const NO_SUCH_VERSION: &str = "NoSuchVersion";
/// `OperationDenied.InstanceOperationInProgress`: instance has another operation in progress, retry later.
pub const OPERATION_DENIED_INSTANCE_OPERATION_IN_PROGRESS: &str =
    "OperationDenied.InstanceOperationInProgress";
/// `RequestLimitExceeded`: request rate exceeds the frequency limit.
pub const REQUEST_LIMIT_EXCEEDED: &str = "RequestLimitExceeded";
/// `RequestLimitExceeded.GlobalRegionUinLimitExceeded`: main account over the frequency limit.
pub const REQUEST_LIMIT_EXCEEDED_GLOBAL_REGION_UIN_LIMIT_EXCEEDED: &str =
    "RequestLimitExceeded.GlobalRegionUinLimitExceeded";
/// `RequestLimitExceeded.IPLimitExceeded`: per-IP frequency limit.
pub const REQUEST_LIMIT_EXCEEDED_IP_LIMIT_EXCEEDED: &str = "RequestLimitExceeded.IPLimitExceeded";
/// `RequestLimitExceeded.UinLimitExceeded`: per-account (UIN) frequency limit.
pub const REQUEST_LIMIT_EXCEEDED_UIN_LIMIT_EXCEEDED: &str = "RequestLimitExceeded.UinLimitExceeded";
/// `RequestSizeLimitExceeded`: request body over the size limit.
pub const REQUEST_SIZE_LIMIT_EXCEEDED: &str = "RequestSizeLimitExceeded";
/// `ResourceInUse`: resource is occupied.
pub const RESOURCE_IN_USE: &str = "ResourceInUse";
/// `ResourceInsufficient`: insufficient resources.
pub const RESOURCE_INSUFFICIENT: &str = "ResourceInsufficient";
/// `ResourceNotFound`: resource does not exist.
pub const RESOURCE_NOT_FOUND: &str = "ResourceNotFound";
/// `ResourceNotFound.HpcCluster`: the HPC cluster does not exist.
pub const RESOURCE_NOT_FOUND_HPC_CLUSTER: &str = "ResourceNotFound.HpcCluster";
/// `ResourceUnavailable`: resource unavailable.
pub const RESOURCE_UNAVAILABLE: &str = "ResourceUnavailable";
/// `ResponseSizeLimitExceeded`: response over the size limit.
pub const RESPONSE_SIZE_LIMIT_EXCEEDED: &str = "ResponseSizeLimitExceeded";
/// `ServiceUnavailable`: service temporarily unavailable.
pub const SERVICE_UNAVAILABLE: &str = "ServiceUnavailable";
/// `UnauthorizedOperation`: unauthorised operation.
pub const UNAUTHORIZED_OPERATION: &str = "UnauthorizedOperation";
/// `UnauthorizedOperation.InvalidToken`: check the token.
pub const UNAUTHORIZED_OPERATION_INVALID_TOKEN: &str = "UnauthorizedOperation.InvalidToken";
/// `UnauthorizedOperation.MFAExpired`: the MFA token has expired.
pub const UNAUTHORIZED_OPERATION_MFA_EXPIRED: &str = "UnauthorizedOperation.MFAExpired";
/// `UnauthorizedOperation.MFANotFound`: the MFA token was not found.
pub const UNAUTHORIZED_OPERATION_MFA_NOT_FOUND: &str = "UnauthorizedOperation.MFANotFound";
/// `UnknownParameter`: unknown parameter: caller passed an undefined parameter.
pub const UNKNOWN_PARAMETER: &str = "UnknownParameter";
/// `UnsupportedOperation`: operation not supported.
pub const UNSUPPORTED_OPERATION: &str = "UnsupportedOperation";
/// `UnsupportedOperation.InstanceOsWindows`: not supported for a Windows instance (text names an OS like Xserver windows2012cndatacenterx86_64 and ins-xxxxxx).
pub const UNSUPPORTED_OPERATION_INSTANCE_OS_WINDOWS: &str =
    "UnsupportedOperation.InstanceOsWindows";
/// `UnsupportedOperation.InstanceStateBanning`: instance is banned/blocked.
pub const UNSUPPORTED_OPERATION_INSTANCE_STATE_BANNING: &str =
    "UnsupportedOperation.InstanceStateBanning";
/// `UnsupportedOperation.InstanceStateEnterRescueMode`: instance is entering rescue mode.
pub const UNSUPPORTED_OPERATION_INSTANCE_STATE_ENTER_RESCUE_MODE: &str =
    "UnsupportedOperation.InstanceStateEnterRescueMode";
/// `UnsupportedOperation.InstanceStateEnterServiceLiveMigrate`: the instance is entering service live migration.
pub const UNSUPPORTED_OPERATION_INSTANCE_STATE_ENTER_SERVICE_LIVE_MIGRATE: &str =
    "UnsupportedOperation.InstanceStateEnterServiceLiveMigrate";
/// `UnsupportedOperation.InstanceStateExitRescueMode`: the instance is leaving rescue mode.
pub const UNSUPPORTED_OPERATION_INSTANCE_STATE_EXIT_RESCUE_MODE: &str =
    "UnsupportedOperation.InstanceStateExitRescueMode";
/// `UnsupportedOperation.InstanceStateFreezing`: instance is frozen.
pub const UNSUPPORTED_OPERATION_INSTANCE_STATE_FREEZING: &str =
    "UnsupportedOperation.InstanceStateFreezing";
/// `UnsupportedOperation.InstanceStateIsolating`: the instance is being isolated.
pub const UNSUPPORTED_OPERATION_INSTANCE_STATE_ISOLATING: &str =
    "UnsupportedOperation.InstanceStateIsolating";
/// `UnsupportedOperation.InstanceStatePending`: instance is still being created.
pub const UNSUPPORTED_OPERATION_INSTANCE_STATE_PENDING: &str =
    "UnsupportedOperation.InstanceStatePending";
/// `UnsupportedOperation.InstanceStateRebooting`: instance is rebooting.
pub const UNSUPPORTED_OPERATION_INSTANCE_STATE_REBOOTING: &str =
    "UnsupportedOperation.InstanceStateRebooting";
/// `UnsupportedOperation.InstanceStateRescueMode`: instance is in rescue mode.
pub const UNSUPPORTED_OPERATION_INSTANCE_STATE_RESCUE_MODE: &str =
    "UnsupportedOperation.InstanceStateRescueMode";
/// `UnsupportedOperation.InstanceStateRunning`: instance is running.
pub const UNSUPPORTED_OPERATION_INSTANCE_STATE_RUNNING: &str =
    "UnsupportedOperation.InstanceStateRunning";
/// `UnsupportedOperation.InstanceStateShutdown`: instance is isolated (SHUTDOWN = stopped, awaiting destruction).
pub const UNSUPPORTED_OPERATION_INSTANCE_STATE_SHUTDOWN: &str =
    "UnsupportedOperation.InstanceStateShutdown";
/// `UnsupportedOperation.InstanceStateStarting`: instance is starting.
pub const UNSUPPORTED_OPERATION_INSTANCE_STATE_STARTING: &str =
    "UnsupportedOperation.InstanceStateStarting";
/// `UnsupportedOperation.InstanceStateStopping`: instance is stopping.
pub const UNSUPPORTED_OPERATION_INSTANCE_STATE_STOPPING: &str =
    "UnsupportedOperation.InstanceStateStopping";
/// `UnsupportedOperation.InstanceStateTerminating`: instance is being terminated.
pub const UNSUPPORTED_OPERATION_INSTANCE_STATE_TERMINATING: &str =
    "UnsupportedOperation.InstanceStateTerminating";
/// `UnsupportedOperation.StoppedModeStopCharging`: instance does not support the \"no charge when stopped\" feature.
pub const UNSUPPORTED_OPERATION_STOPPED_MODE_STOP_CHARGING: &str =
    "UnsupportedOperation.StoppedModeStopCharging";
/// `UnsupportedProtocol`: HTTP(S) method error: only GET and POST.
pub const UNSUPPORTED_PROTOCOL: &str = "UnsupportedProtocol";
/// `UnsupportedRegion`: the API does not support the given region.
pub const UNSUPPORTED_REGION: &str = "UnsupportedRegion";
