"""The mock driven through tccli 3.1.189.1, as a person or a script would call it.

Each tccli run is a separate Python process (about a second each), so this file keeps to the
cases that matter for people pointing tccli at the mock. Section numbers (§) refer to the
project's Tencent Cloud API reference notes.
"""

from __future__ import annotations

import json
import re

from conftest import (
    DEMO_ID,
    DEMO_KEY,
    OLD_DOC_KEY,
    REGION,
    UUID_RE,
    instance_record,
    jarg,
    roles,
    tccli,
    tccli_plain,
    unused_id,
    world,
)

ERR_RE = re.compile(r"\[TencentCloudSDKException\] code:(\S+) message:(.*) requestId:(\S+)")


def _error(stderr: str) -> tuple[str, str, str]:
    """(code, message, requestId) from tccli's one-line error report on stderr."""
    m = ERR_RE.search(stderr)
    assert m, f"no TencentCloudSDKException line on stderr: {stderr!r}"
    return m.group(1), m.group(2), m.group(3)


def _disassociate(instance_ids, key_ids, *extra, **kw):
    return tccli("cvm", "DisassociateInstancesKeyPairs",
                 "--InstanceIds", jarg(instance_ids), "--KeyIds", jarg(key_ids), *extra, **kw)


def test_tccli_success():
    """§9.2: `tccli cvm DisassociateInstancesKeyPairs … --endpoint http://127.0.0.1:PORT` exits 0
    and prints the inside of Response as JSON, i.e. {"RequestId": <lower-case UUID>}; the key is
    unbound."""
    r = roles()
    rc, out, err = _disassociate([r["stopped_linux"]], [r["bound_key"]])
    assert rc == 0, err
    body = json.loads(out)
    assert list(body) == ["RequestId"]
    assert UUID_RE.match(body["RequestId"])
    assert set(instance_record("stopped_linux")["key_ids"]) == {r["second_key"]}


def test_tccli_force_stop_true():
    """§8, §9.2: `--ForceStop True` on a RUNNING instance succeeds (exit 0); afterwards
    DescribeInstances (through tccli too) shows it RUNNING without the key."""
    r = roles()
    ins, key = r["running_linux"], r["bound_key"]
    rc, out, err = _disassociate([ins], [key], "--ForceStop", "True")
    assert rc == 0, err
    assert UUID_RE.match(json.loads(out)["RequestId"])

    rc, out, err = tccli("cvm", "DescribeInstances", "--InstanceIds", jarg([ins]))
    assert rc == 0, err
    (inst,) = json.loads(out)["InstanceSet"]
    assert inst["InstanceId"] == ins
    assert inst["InstanceState"] == "RUNNING"
    assert key not in ((inst.get("LoginSettings") or {}).get("KeyIds") or [])


def test_tccli_not_found():
    """§7, §9.2: an unknown (well-formed) instance makes tccli exit 255 with
    `[TencentCloudSDKException] code:InvalidInstanceId.NotFound … requestId:<uuid>` on stderr and
    nothing on stdout."""
    r = roles()
    rc, out, err = _disassociate([unused_id("ins-")], [r["bound_key"]])
    assert rc == 255, (rc, out, err)
    code, _msg, rid = _error(err)
    assert code == "InvalidInstanceId.NotFound"
    assert UUID_RE.match(rid)
    assert out.strip() == ""


def test_tccli_malformed():
    """§7, §9.2: `ins-1122` makes tccli exit 255 with InvalidInstanceId.Malformed (or
    InvalidParameterValue.InstanceIdMalformed) on stderr; nothing changes."""
    r = roles()
    before = world()
    rc, _out, err = _disassociate(["ins-1122"], [r["bound_key"]])
    assert rc == 255
    code, _msg, rid = _error(err)
    assert code in ("InvalidInstanceId.Malformed", "InvalidParameterValue.InstanceIdMalformed")
    assert UUID_RE.match(rid)
    assert world() == before


def test_tccli_wrong_key():
    """§5.3, §9.2: a wrong --secretKey makes tccli exit 255 with AuthFailure.SignatureFailure;
    nothing changes."""
    r = roles()
    before = world()
    rc, _out, err = _disassociate([r["stopped_linux"]], [r["bound_key"]], secret_key=OLD_DOC_KEY)
    assert rc == 255
    code, _msg, rid = _error(err)
    assert code == "AuthFailure.SignatureFailure"
    assert UUID_RE.match(rid)
    assert world() == before


def test_tccli_endpoint_needs_http_scheme(mock):
    """§9.2: tccli always builds an https profile, so `--endpoint 127.0.0.1:PORT` (no scheme)
    tries TLS against the plain-HTTP mock and fails (exit 255, ClientNetworkError, no
    RequestId); the same command with `--endpoint http://127.0.0.1:PORT` works. tccli then sends
    and signs `Host: http://127.0.0.1:PORT`, which the mock must accept."""
    r = roles()
    before = world()
    rc, out, err = _disassociate([r["stopped_linux"]], [r["bound_key"]],
                                 "--timeout", "10", endpoint=mock.hostport)
    assert rc == 255, (rc, out, err)
    code, _msg, rid = _error(err)
    assert code == "ClientNetworkError"
    assert rid == "None"
    assert world() == before

    rc, out, err = _disassociate([r["stopped_linux"]], [r["bound_key"]],
                                 "--timeout", "10", endpoint=mock.base_url)
    assert rc == 0, err
    assert r["bound_key"] not in instance_record("stopped_linux")["key_ids"]


def test_tccli_profile_with_endpoint(mock, home):
    """§9.2: the profile route works too: `tccli configure set … --profile mock` plus
    `tccli configure set cvm.endpoint http://127.0.0.1:PORT --profile mock`, then calls with only
    `--profile mock`. The configuration stays in the scratch HOME."""
    r = roles()
    rc, _, err = tccli_plain("configure", "set", "secretId", DEMO_ID, "secretKey", DEMO_KEY,
                             "region", REGION, "output", "json", "--profile", "mock", home=home)
    assert rc == 0, err
    rc, _, err = tccli_plain("configure", "set", "cvm.endpoint", mock.base_url,
                             "--profile", "mock", home=home)
    assert rc == 0, err
    assert (home / ".tccli" / "mock.configure").is_file()
    assert (home / ".tccli" / "mock.credential").is_file()

    rc, out, err = tccli_plain("cvm", "DisassociateInstancesKeyPairs",
                               "--InstanceIds", jarg([r["stopped_linux"]]),
                               "--KeyIds", jarg([r["bound_key"]]), "--profile", "mock", home=home)
    assert rc == 0, err
    assert UUID_RE.match(json.loads(out)["RequestId"])
    assert r["bound_key"] not in instance_record("stopped_linux")["key_ids"]
