"""The mock driven through the official Python SDK (tencentcloud-sdk-python-common 3.1.195,
-cvm 3.1.178), exactly as an application would use it.

Section numbers (§) refer to the project's Tencent Cloud API reference notes.
"""

from __future__ import annotations

import json
import time

import pytest
from tencentcloud.common import abstract_client
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.cvm.v20170312 import models

from conftest import (
    API_VERSION,
    DEMO_ID,
    DEMO_KEY,
    OLD_DOC_ID,
    OLD_DOC_KEY,
    UUID_RE,
    MockProcess,
    add_fault,
    assert_request_id,
    associate,
    clear_faults,
    common_client,
    describe_instances,
    describe_key_pairs,
    disassociate,
    expect_code,
    instance_keys,
    instance_record,
    reset_world,
    roles,
    sdk_client,
    seed_world,
    send_raw,
    signed_request,
    unused_id,
    world,
)

# (signMethod, HTTP method) pairs the SDK supports; ids read as e.g. "TC3-HMAC-SHA256-POST".
SIGNING_PATHS = [
    ("TC3-HMAC-SHA256", "POST"),
    ("TC3-HMAC-SHA256", "GET"),
    ("HmacSHA256", "POST"),
    ("HmacSHA256", "GET"),
    ("HmacSHA1", "POST"),
    ("HmacSHA1", "GET"),
]
SIGNING_IDS = [f"{s}-{m}" for s, m in SIGNING_PATHS]


def _raises(fn, *args, **kwargs) -> TencentCloudSDKException:
    with pytest.raises(TencentCloudSDKException) as ei:
        fn(*args, **kwargs)
    return ei.value


def _keys_of(role_or_id) -> set[str]:
    return set(instance_record(role_or_id)["key_ids"])


# ------------------------------------------------------------------------------------------
# Success paths, checked back through DescribeInstances / DescribeKeyPairs


@pytest.mark.parametrize("sign_method,method", SIGNING_PATHS, ids=SIGNING_IDS)
def test_disassociate_succeeds_on_every_signing_path(sign_method, method):
    """§1.1/§2/§3, §8: a STOPPED Linux instance's key is unbound whether the request is signed
    TC3-HMAC-SHA256 (JSON POST or GET query) or v1 HmacSHA1/HmacSHA256 (form POST or GET); the
    reply carries only a lower-case UUID RequestId; afterwards the key leaves
    Instance.LoginSettings.KeyIds and KeyPair.AssociatedInstanceIds (§6.2, §6.3), other bindings
    stay, and the instance stays STOPPED."""
    r = roles()
    ins, key, other = r["stopped_linux"], r["bound_key"], r["second_key"]
    client = sdk_client(sign_method=sign_method, method=method)

    resp = disassociate(client, [ins], [key])
    assert_request_id(resp.RequestId)
    assert json.loads(resp.to_json_string()) == {"RequestId": resp.RequestId}

    inst = describe_instances(client, [ins])[ins]
    assert inst.InstanceState == "STOPPED"
    assert instance_keys(inst) == {other}

    kp = describe_key_pairs(client, [key, other])
    assert ins not in (kp[key].AssociatedInstanceIds or [])
    assert {r["stopped_linux_2"], r["running_linux"]} <= set(kp[key].AssociatedInstanceIds or [])
    assert ins in (kp[other].AssociatedInstanceIds or [])

    assert _keys_of("stopped_linux") == {other}, "admin view disagrees with DescribeInstances"
    assert _keys_of("stopped_linux_2") == {key}, "an instance not in the request changed"


@pytest.mark.parametrize("sign_method", ["TC3-HMAC-SHA256", "HmacSHA256"])
def test_force_stop_on_running_unbinds_and_leaves_it_running(sign_method):
    """§8: with ForceStop=true a RUNNING instance is force-stopped, unbound, and started again, so
    DescribeInstances shows it RUNNING without the key. Over v1 the SDK sends the bool as
    `ForceStop=True` (§3.4), which must be read as true."""
    r = roles()
    ins, key = r["running_linux"], r["bound_key"]
    client = sdk_client(sign_method=sign_method)

    resp = disassociate(client, [ins], [key], force_stop=True)
    assert_request_id(resp.RequestId)

    inst = describe_instances(client, [ins])[ins]
    assert inst.InstanceState == "RUNNING"
    assert key not in instance_keys(inst)
    assert ins not in (describe_key_pairs(client, [key])[key].AssociatedInstanceIds or [])


def test_force_stop_on_stopped_leaves_it_stopped():
    """§8: ForceStop restarts an instance only if it was RUNNING; a STOPPED one stays STOPPED."""
    r = roles()
    client = sdk_client()
    disassociate(client, [r["stopped_linux"]], [r["bound_key"]], force_stop=True)
    inst = describe_instances(client, [r["stopped_linux"]])[r["stopped_linux"]]
    assert inst.InstanceState == "STOPPED"
    assert r["bound_key"] not in instance_keys(inst)


def test_repeat_is_idempotent():
    """§8 (mock contract): unbinding a pair that is already unbound succeeds again and changes
    nothing; every reply has its own RequestId (§4)."""
    r = roles()
    client = sdk_client()
    first = disassociate(client, [r["stopped_linux"]], [r["bound_key"]])
    after_first = world()
    second = disassociate(client, [r["stopped_linux"]], [r["bound_key"]])
    assert_request_id(second.RequestId)
    assert first.RequestId != second.RequestId
    assert world() == after_first
    assert instance_keys(describe_instances(client, [r["stopped_linux"]])[r["stopped_linux"]]) \
        == {r["second_key"]}


def test_batch_of_instances():
    """§8: one request takes several instances (up to 100); the key leaves every listed instance
    and stays on the ones not listed."""
    r = roles()
    ins = [r["stopped_linux"], r["stopped_linux_2"]]
    key = r["bound_key"]
    client = sdk_client()
    assert_request_id(disassociate(client, ins, [key]).RequestId)

    described = describe_instances(client, ins)
    for i in ins:
        assert key not in instance_keys(described[i]), i
    assert r["second_key"] in instance_keys(described[r["stopped_linux"]])
    holders = set(describe_key_pairs(client, [key])[key].AssociatedInstanceIds or [])
    assert not holders & set(ins)
    assert r["running_linux"] in holders, "an instance not in the request lost its key"


def test_batch_of_keys():
    """§8: one request takes several keys (up to 100); all of them leave the instance."""
    r = roles()
    ins, keys = r["stopped_linux"], [r["bound_key"], r["second_key"]]
    client = sdk_client()
    assert_request_id(disassociate(client, [ins], keys).RequestId)

    assert instance_keys(describe_instances(client, [ins])[ins]) == set()
    kp = describe_key_pairs(client, keys)
    for k in keys:
        assert ins not in (kp[k].AssociatedInstanceIds or []), k


def test_batch_with_one_refused_instance_changes_nothing():
    """§8: "if the batch contains an instance that may not be operated on, the request fails
    with a specific error code": a Windows instance in the batch fails the whole request, and the
    allowed instance keeps its key (all-or-nothing)."""
    r = roles()
    before = world()
    err = _raises(disassociate, sdk_client(), [r["stopped_linux"], r["windows"]], [r["bound_key"]])
    expect_code(err, "UnsupportedOperation.InstanceOsWindows")
    assert world() == before


def test_associate_then_describe():
    """§6.1, §6.2, §6.3: AssociateInstancesKeyPairs binds a key to a STOPPED Linux instance; it
    then shows in LoginSettings.KeyIds and in KeyPair.AssociatedInstanceIds, and
    DisassociateInstancesKeyPairs takes it away again."""
    r = roles()
    ins, key = r["stopped_linux_2"], r["unbound_key"]
    client = sdk_client()
    assert describe_key_pairs(client, [key])[key].AssociatedInstanceIds in (None, [])

    assert_request_id(associate(client, [ins], [key]).RequestId)
    assert key in instance_keys(describe_instances(client, [ins])[ins])
    assert describe_key_pairs(client, [key])[key].AssociatedInstanceIds == [ins]
    assert key in _keys_of("stopped_linux_2")

    disassociate(client, [ins], [key])
    assert key not in instance_keys(describe_instances(client, [ins])[ins])
    assert describe_key_pairs(client, [key])[key].AssociatedInstanceIds in (None, [])


@pytest.mark.parametrize("protocol", ["http", None], ids=["protocol-http", "protocol-default"])
def test_endpoint_with_scheme_quirk(mock, protocol):
    """§9.1: with HttpProfile(endpoint="http://127.0.0.1:PORT") the SDK connects over plain HTTP
    (whatever `protocol` says) but sends and signs `Host: http://127.0.0.1:PORT`. The mock must
    verify the signature against the Host it received, so the call succeeds."""
    r = roles()
    endpoint = mock.base_url  # "http://127.0.0.1:PORT"
    client = sdk_client(endpoint=endpoint, protocol=protocol)

    # The quirk itself, as the SDK builds the request:
    from tencentcloud.common.http.request import RequestInternal
    req = RequestInternal(client._get_endpoint(), "POST", "/", header={})
    client._build_req_inter("DisassociateInstancesKeyPairs",
                            {"InstanceIds": [r["stopped_linux"]], "KeyIds": [r["bound_key"]]}, req)
    assert req.header["Host"] == endpoint

    assert_request_id(disassociate(client, [r["stopped_linux"]], [r["bound_key"]]).RequestId)
    assert r["bound_key"] not in _keys_of("stopped_linux")


def test_endpoint_without_scheme_needs_protocol_http(mock):
    """§9.1: HttpProfile(endpoint="127.0.0.1:PORT") with the default protocol (https) speaks TLS
    to the plain-HTTP mock and fails client-side with ClientNetworkError; nothing changes."""
    r = roles()
    client = sdk_client(endpoint=mock.hostport, protocol=None)
    err = _raises(disassociate, client, [r["stopped_linux"]], [r["bound_key"]])
    expect_code(err, "ClientNetworkError")
    assert err.requestId is None
    assert r["bound_key"] in _keys_of("stopped_linux")


# ------------------------------------------------------------------------------------------
# Business errors (§5.1, §7, §8)


@pytest.mark.parametrize("sign_method,method", SIGNING_PATHS, ids=SIGNING_IDS)
def test_error_fields_on_every_signing_path(sign_method, method):
    """§4, §9.1: an API error comes back as an SDK exception with .code, a non-empty .message and
    a lower-case UUID .requestId, whichever signing path carried the request; str(e) has the
    SDK's `[TencentCloudSDKException] code:… message:… requestId:…` form."""
    missing = unused_id("ins-")
    err = _raises(disassociate, sdk_client(sign_method=sign_method, method=method),
                  [missing], [roles()["bound_key"]])
    expect_code(err, "InvalidInstanceId.NotFound")
    assert err.get_code() == err.code and err.get_request_id() == err.requestId
    assert str(err).startswith("[TencentCloudSDKException] code:InvalidInstanceId.NotFound message:")
    assert str(err).endswith(f"requestId:{err.requestId}")


def test_error_envelope_on_the_wire():
    """§4, §9.1: errors are HTTP 200 with `Content-Type: application/json` exactly (a charset
    suffix makes the SDK swallow the error as a success), body
    {"Response": {"Error": {"Code", "Message"}, "RequestId"}} with a lower-case UUID; success is
    {"Response": {"RequestId"}} under the same Content-Type."""
    r = roles()
    bad = send_raw(signed_request("DisassociateInstancesKeyPairs",
                                  {"InstanceIds": ["ins-1122"], "KeyIds": [r["bound_key"]]}))
    assert bad.status_code == 200
    assert bad.headers.get("Content-Type") == "application/json"
    body = bad.json()
    assert set(body) == {"Response"}
    assert set(body["Response"]) == {"Error", "RequestId"}
    assert body["Response"]["Error"]["Code"] in ("InvalidInstanceId.Malformed",
                                                 "InvalidParameterValue.InstanceIdMalformed")
    assert isinstance(body["Response"]["Error"]["Message"], str)
    assert UUID_RE.match(body["Response"]["RequestId"])

    ok = send_raw(signed_request("DisassociateInstancesKeyPairs",
                                 {"InstanceIds": [r["stopped_linux"]], "KeyIds": [r["bound_key"]]}))
    assert ok.status_code == 200
    assert ok.headers.get("Content-Type") == "application/json"
    assert list(ok.json()["Response"]) == ["RequestId"]
    assert UUID_RE.match(ok.json()["Response"]["RequestId"])


def test_malformed_instance_id():
    """§7, §5.1: `ins-1122` (wrong length) is malformed: InvalidInstanceId.Malformed (or
    InvalidParameterValue.InstanceIdMalformed); nothing changes."""
    before = world()
    err = _raises(disassociate, sdk_client(), ["ins-1122"], [roles()["bound_key"]])
    expect_code(err, "InvalidInstanceId.Malformed", "InvalidParameterValue.InstanceIdMalformed")
    assert world() == before


def test_malformed_key_id():
    """§7, §5.1: `skey-1122` (wrong length) is malformed: InvalidKeyPairId.Malformed."""
    err = _raises(disassociate, sdk_client(), [roles()["stopped_linux"]], ["skey-1122"])
    expect_code(err, "InvalidKeyPairId.Malformed")


def test_unknown_instance_not_found():
    """§7: a well-formed instance ID the account does not have is InvalidInstanceId.NotFound."""
    err = _raises(disassociate, sdk_client(), [unused_id("ins-")], [roles()["bound_key"]])
    expect_code(err, "InvalidInstanceId.NotFound")


def test_unknown_key_not_found():
    """§7: a well-formed key pair ID the account does not have is InvalidKeyPairId.NotFound."""
    before = world()
    err = _raises(disassociate, sdk_client(), [roles()["stopped_linux"]], [unused_id("skey-")])
    expect_code(err, "InvalidKeyPairId.NotFound")
    assert world() == before


def test_windows_refused():
    """§8: Linux only; a Windows instance is UnsupportedOperation.InstanceOsWindows."""
    r = roles()
    err = _raises(disassociate, sdk_client(), [r["windows"]], [r["bound_key"]])
    expect_code(err, "UnsupportedOperation.InstanceOsWindows")


@pytest.mark.parametrize("force_stop", [None, False], ids=["ForceStop-omitted", "ForceStop-false"])
def test_running_without_force_stop_refused(force_stop):
    """§8: without ForceStop only STOPPED instances qualify; RUNNING is
    UnsupportedOperation.InstanceStateRunning and the key stays bound."""
    r = roles()
    err = _raises(disassociate, sdk_client(), [r["running_linux"]], [r["bound_key"]],
                  force_stop=force_stop)
    expect_code(err, "UnsupportedOperation.InstanceStateRunning")
    assert r["bound_key"] in _keys_of("running_linux")
    assert instance_record("running_linux")["state"] == "RUNNING"


def test_operation_in_progress_refused():
    """§5.1: an instance with another operation in progress is
    OperationDenied.InstanceOperationInProgress."""
    r = roles()
    err = _raises(disassociate, sdk_client(), [r["busy"]], [r["bound_key"]])
    expect_code(err, "OperationDenied.InstanceOperationInProgress")


@pytest.mark.parametrize("role,code", [
    ("pending", "UnsupportedOperation.InstanceStatePending"),
    ("starting", "UnsupportedOperation.InstanceStateStarting"),
    ("stopping", "UnsupportedOperation.InstanceStateStopping"),
    ("rebooting", "UnsupportedOperation.InstanceStateRebooting"),
    ("shutdown", "UnsupportedOperation.InstanceStateShutdown"),
    ("terminating", "UnsupportedOperation.InstanceStateTerminating"),
    ("rescue_mode", "UnsupportedOperation.InstanceStateRescueMode"),
])
def test_state_refused(role, code):
    """§5.1, §8: an instance in any state other than STOPPED (RUNNING needs ForceStop) is refused
    with the UnsupportedOperation.InstanceState* code for that state."""
    r = roles()
    before = world()
    err = _raises(disassociate, sdk_client(), [r[role]], [r["bound_key"]])
    expect_code(err, code)
    assert world() == before


@pytest.mark.parametrize("field", ["InstanceIds", "KeyIds"])
def test_more_than_100_ids(field):
    """§8: at most 100 IDs per list; 101 is InvalidParameterValue.LimitExceeded (whatever the
    IDs are)."""
    r = roles()
    ins, keys = [r["stopped_linux"]], [r["bound_key"]]
    if field == "InstanceIds":
        ins = ins + [f"ins-{n:08d}" for n in range(100)]
    else:
        keys = keys + [f"skey-{n:08d}" for n in range(100)]
    before = world()
    err = _raises(disassociate, sdk_client(), ins, keys)
    expect_code(err, "InvalidParameterValue.LimitExceeded")
    assert world() == before


# ------------------------------------------------------------------------------------------
# Common errors (§5.3): authentication, action, version, parameters, method, size


@pytest.mark.parametrize("sign_method,method", SIGNING_PATHS, ids=SIGNING_IDS)
def test_wrong_secret_key(sign_method, method):
    """§2, §3, §5.3: a signature made with the wrong SecretKey is AuthFailure.SignatureFailure,
    on every signing path; nothing changes."""
    r = roles()
    before = world()
    client = sdk_client(sign_method=sign_method, method=method, secret_key=OLD_DOC_KEY)
    err = _raises(disassociate, client, [r["stopped_linux"]], [r["bound_key"]])
    expect_code(err, "AuthFailure.SignatureFailure")
    assert world() == before


@pytest.mark.parametrize("sign_method", ["TC3-HMAC-SHA256", "HmacSHA256"])
def test_unknown_secret_id(sign_method):
    """§5.3: a SecretId the service does not know is AuthFailure.SecretIdNotFound."""
    client = sdk_client(sign_method=sign_method, secret_id=OLD_DOC_ID, secret_key=OLD_DOC_KEY)
    err = _raises(disassociate, client, [roles()["stopped_linux"]], [roles()["bound_key"]])
    expect_code(err, "AuthFailure.SecretIdNotFound")


class _ShiftedClock:
    """Stands in for the `time` module inside the SDK's signer only."""

    def __init__(self, offset):
        self.offset = offset

    def time(self):
        return time.time() + self.offset

    def __getattr__(self, name):
        return getattr(time, name)


@pytest.mark.parametrize("sign_method", ["TC3-HMAC-SHA256", "HmacSHA256"])
def test_stale_timestamp(monkeypatch, sign_method):
    """§1.2, §5.3: a request timestamp more than 5 minutes off the server clock is
    AuthFailure.SignatureExpire (the request is otherwise correctly signed, one hour old)."""
    monkeypatch.setattr(abstract_client, "time", _ShiftedClock(-3600))
    r = roles()
    err = _raises(disassociate, sdk_client(sign_method=sign_method),
                  [r["stopped_linux"]], [r["bound_key"]])
    expect_code(err, "AuthFailure.SignatureExpire")
    assert r["bound_key"] in _keys_of("stopped_linux")


def test_unknown_action():
    """§5.3: an action the service does not have is InvalidAction."""
    r = roles()
    err = _raises(sdk_client().call_json, "DisassociateInstancesKeyPairz",
                  {"InstanceIds": [r["stopped_linux"]], "KeyIds": [r["bound_key"]]})
    expect_code(err, "InvalidAction")


def test_wrong_version():
    """§5.3: an API version CVM does not have is NoSuchVersion (InvalidAction accepted too)."""
    r = roles()
    err = _raises(common_client(version="2099-01-01").call_json, "DisassociateInstancesKeyPairs",
                  {"InstanceIds": [r["stopped_linux"]], "KeyIds": [r["bound_key"]]})
    expect_code(err, "NoSuchVersion", "InvalidAction")
    assert r["bound_key"] in _keys_of("stopped_linux")


def test_right_version_through_the_generic_client():
    """§1.2: the generic CommonClient with X-TC-Version 2017-03-12 reaches the same action (the
    control for test_wrong_version)."""
    r = roles()
    out = common_client(version=API_VERSION).call_json(
        "DisassociateInstancesKeyPairs",
        {"InstanceIds": [r["stopped_linux"]], "KeyIds": [r["bound_key"]]})
    assert list(out) == ["Response"]
    assert_request_id(out["Response"]["RequestId"])


@pytest.mark.parametrize("sign_method", ["TC3-HMAC-SHA256", "HmacSHA256"])
def test_unknown_parameter(sign_method):
    """§5.3: a parameter the action does not define is UnknownParameter; nothing changes."""
    r = roles()
    before = world()
    err = _raises(sdk_client(sign_method=sign_method).call_json, "DisassociateInstancesKeyPairs",
                  {"InstanceIds": [r["stopped_linux"]], "KeyIds": [r["bound_key"]],
                   "NoSuchField": "x"})
    expect_code(err, "UnknownParameter")
    assert world() == before


def test_sdk_refuses_put_client_side():
    """§9.1 (SDK behaviour): the SDK itself only sends GET and POST; reqMethod="PUT" fails before
    anything is sent."""
    r = roles()
    err = _raises(disassociate, sdk_client(method="PUT"), [r["stopped_linux"]], [r["bound_key"]])
    assert err.code in ("ClientParamsError", "ClientNetworkError", "ClientError"), err
    assert err.requestId is None
    assert r["bound_key"] in _keys_of("stopped_linux")


def test_put_method_is_unsupported_protocol():
    """§1.1, §5.3: only GET and POST are served; a PUT, signed with the SDK's TC3 code for PUT
    and otherwise valid, is answered UnsupportedProtocol in the usual envelope."""
    r = roles()
    params = {"InstanceIds": [r["stopped_linux"]], "KeyIds": [r["bound_key"]]}
    req = signed_request("DisassociateInstancesKeyPairs", params, method="PUT",
                         content_type="application/json", body=json.dumps(params))
    resp = send_raw(req)
    assert resp.status_code == 200
    assert resp.headers.get("Content-Type") == "application/json"
    body = resp.json()["Response"]
    assert body["Error"]["Code"] == "UnsupportedProtocol"
    assert UUID_RE.match(body["RequestId"])
    assert r["bound_key"] in _keys_of("stopped_linux")


@pytest.mark.parametrize("sign_method,method,size", [
    ("TC3-HMAC-SHA256", "POST", 11 * 1024 * 1024),  # v3 POST limit 10 MB
    ("HmacSHA256", "POST", 2 * 1024 * 1024),        # v1 form POST limit 1 MB
    ("TC3-HMAC-SHA256", "GET", 40 * 1024),          # GET limit 32 KB
], ids=["TC3-POST-11MiB", "HmacSHA256-POST-2MiB", "TC3-GET-40KiB"])
def test_oversized_request(sign_method, method, size):
    """§1.1: requests over the documented size limit (GET 32 KB, v1 POST 1 MB, v3 POST 10 MB) are
    RequestSizeLimitExceeded, before the parameters are even looked at."""
    r = roles()
    client = sdk_client(sign_method=sign_method, method=method, timeout=60)
    err = _raises(disassociate, client, [r["stopped_linux"]], ["skey-" + "a" * size])
    expect_code(err, "RequestSizeLimitExceeded")
    assert r["bound_key"] in _keys_of("stopped_linux")


@pytest.mark.parametrize("sign_method,method,size", [
    ("TC3-HMAC-SHA256", "POST", 3 * 1024 * 1024),
    ("HmacSHA256", "POST", 512 * 1024),
    ("TC3-HMAC-SHA256", "GET", 16 * 1024),
], ids=["TC3-POST-3MiB", "HmacSHA256-POST-512KiB", "TC3-GET-16KiB"])
def test_large_request_under_the_limit(sign_method, method, size):
    """§1.1: a request under its size limit is read and judged on its content (here a key ID of
    the given length: InvalidKeyPairId.Malformed), not refused for its size. A server framework's
    own smaller default body limit must not leak through."""
    r = roles()
    client = sdk_client(sign_method=sign_method, method=method, timeout=60)
    err = _raises(disassociate, client, [r["stopped_linux"]], ["skey-" + "a" * size])
    expect_code(err, "InvalidKeyPairId.Malformed")


# ------------------------------------------------------------------------------------------
# Forced faults (mock admin API) as the SDK surfaces them


def test_forced_internal_server_error_then_recovery():
    """§5.1 + mock faults: {"code": "InternalServerError", "count": 2} makes exactly the next two
    requests fail with that code (a normal envelope with RequestId); the third succeeds."""
    r = roles()
    client = sdk_client()
    add_fault({"code": "InternalServerError", "count": 2})
    for _ in range(2):
        expect_code(_raises(disassociate, client, [r["stopped_linux"]], [r["bound_key"]]),
                    "InternalServerError")
    assert_request_id(disassociate(client, [r["stopped_linux"]], [r["bound_key"]]).RequestId)
    assert r["bound_key"] not in _keys_of("stopped_linux")


def test_forced_fault_ratio_is_seeded():
    """Mock faults: {"code", "ratio", "seed"} fails a seeded share of requests: some but not all of
    20 calls fail with the forced code, and the same seed after a reset gives the same pattern."""
    r = roles()
    client = sdk_client()

    def pattern():
        out = []
        for _ in range(20):
            try:
                describe_instances(client, [r["stopped_linux"]])
                out.append(False)
            except TencentCloudSDKException as e:
                expect_code(e, "InternalServerError")
                out.append(True)
        return out

    add_fault({"code": "InternalServerError", "ratio": 0.5, "seed": 1})
    first = pattern()
    assert 0 < sum(first) < 20, first
    reset_world()
    add_fault({"code": "InternalServerError", "ratio": 0.5, "seed": 1})
    assert pattern() == first
    clear_faults()
    describe_instances(client, [r["stopped_linux"]])


def test_forced_latency():
    """Mock faults: {"latency_ms": N, "count": 1} delays one reply by at least N ms and the call
    still succeeds; a client whose timeout is shorter than the delay gets ClientNetworkError."""
    r = roles()
    add_fault({"latency_ms": 300, "count": 1})
    t0 = time.monotonic()
    describe_instances(sdk_client(), [r["stopped_linux"]])
    assert time.monotonic() - t0 >= 0.3

    add_fault({"latency_ms": 3000, "count": 1})
    err = _raises(describe_instances, sdk_client(timeout=0.5), [r["stopped_linux"]])
    expect_code(err, "ClientNetworkError")
    assert err.requestId is None


def test_forced_dropped_connection():
    """§9.1 + mock faults: a connection closed without a reply surfaces as ClientNetworkError with
    no RequestId; the next request (count 1) is served normally."""
    r = roles()
    client = sdk_client()
    add_fault({"drop_connection": True, "count": 1})
    err = _raises(disassociate, client, [r["stopped_linux"]], [r["bound_key"]])
    expect_code(err, "ClientNetworkError")
    assert err.requestId is None
    assert_request_id(disassociate(sdk_client(), [r["stopped_linux"]], [r["bound_key"]]).RequestId)


def test_forced_garbage_body():
    """§9.1 + mock faults: a 200 reply whose body is not JSON makes the SDK raise its wrapper
    exception with the Python decode error's class name as .code (JSONDecodeError, or
    UnicodeDecodeError for bytes that are not UTF-8) and no RequestId; it is never taken for a
    success."""
    r = roles()
    add_fault({"garbage_body": True, "count": 1})
    err = _raises(disassociate, sdk_client(), [r["stopped_linux"]], [r["bound_key"]])
    expect_code(err, "JSONDecodeError", "UnicodeDecodeError")
    assert err.requestId is None
    describe_instances(sdk_client(), [r["stopped_linux"]])


def test_throttling():
    """§1.1, §5.3: beyond the per-second rate, requests get RequestLimitExceeded; the first
    request of a burst is served, and after a pause (or once the throttle is cleared) requests
    are served again."""
    r = roles()
    client = sdk_client()
    add_fault({"throttle_per_second": 2})
    results = []
    for _ in range(10):
        try:
            describe_instances(client, [r["stopped_linux"]])
            results.append("ok")
        except TencentCloudSDKException as e:
            expect_code(e, "RequestLimitExceeded")
            results.append("limited")
    assert results[0] == "ok", results
    assert "limited" in results, results

    time.sleep(1.2)
    describe_instances(client, [r["stopped_linux"]])
    clear_faults()
    for _ in range(5):
        describe_instances(client, [r["stopped_linux"]])


# ------------------------------------------------------------------------------------------
# Worlds: per-SecretId isolation, seeding, reset


def test_admin_seed_and_reset():
    """Mock admin: PUT seeds a world in the GET shape (here running_linux made STOPPED, so a
    plain unbind works); POST reset brings back the initial state and clears faults."""
    r = roles()
    initial = world()
    seeded = json.loads(json.dumps(initial))
    for inst in seeded["instances"]:
        if inst["role"] == "running_linux":
            inst["state"] = "STOPPED"
    seed_world(seeded)
    assert instance_record("running_linux")["state"] == "STOPPED"
    disassociate(sdk_client(), [r["running_linux"]], [r["bound_key"]])
    assert r["bound_key"] not in _keys_of("running_linux")

    add_fault({"code": "InternalServerError", "count": 5})
    reset_world()
    assert world() == initial
    describe_instances(sdk_client(), [r["running_linux"]])  # fault cleared by the reset


def test_each_secret_id_has_its_own_world():
    """Mock contract: `--credential ID:KEY` adds an accepted pair, and each SecretId has its own
    world: changes made with one key pair are invisible to the other. (A second mock of this
    test's own, with the older doc's example pair added.)"""
    other = MockProcess(["--credential", f"{OLD_DOC_ID}:{OLD_DOC_KEY}"])
    try:
        base = other.base_url
        demo = sdk_client(endpoint=other.hostport, secret_id=DEMO_ID, secret_key=DEMO_KEY)
        old = sdk_client(endpoint=other.hostport, secret_id=OLD_DOC_ID, secret_key=OLD_DOC_KEY)
        # Use both once so both worlds exist, then read their IDs.
        for client in (demo, old):
            assert_request_id(client.DescribeKeyPairs(models.DescribeKeyPairsRequest()).RequestId)
        rd, ro = roles(DEMO_ID, base_url=base), roles(OLD_DOC_ID, base_url=base)
        assert set(rd) == set(ro)

        disassociate(old, [ro["stopped_linux"]], [ro["bound_key"]])
        assert ro["bound_key"] not in instance_keys(
            describe_instances(old, [ro["stopped_linux"]])[ro["stopped_linux"]])
        assert rd["bound_key"] in instance_keys(
            describe_instances(demo, [rd["stopped_linux"]])[rd["stopped_linux"]])

        reset_world(OLD_DOC_ID, base_url=base)
        assert ro["bound_key"] in instance_keys(
            describe_instances(old, [ro["stopped_linux"]])[ro["stopped_linux"]])
    finally:
        status = other.stop()
    assert status in (0, -15), f"second mock did not stop cleanly on SIGTERM: {status}"
