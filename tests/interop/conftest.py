"""Fixtures and helpers for driving `tcconform mock` through the official Tencent Cloud clients.

The suite talks only to the mock it starts itself, on 127.0.0.1. Helpers are plain functions so
tests can `from conftest import ...`; they use the mock started by the session fixture.

Contract relied on (see README.md in this folder):
  * `tcconform mock --listen 127.0.0.1:0 [--credential ID:KEY]...` prints
    `tcconform mock listening on http://127.0.0.1:PORT` as its first stdout line, stops on SIGTERM;
  * loopback-only admin routes under /_mock/worlds/{secret_id} (GET, PUT, POST reset,
    POST/DELETE faults), plain JSON, unsigned.
"""

from __future__ import annotations

import atexit
import json
import os
import queue
import re
import signal
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

# Keep every request on loopback: requests (inside the SDK) and urllib honour proxy variables, which
# would send 127.0.0.1 traffic to a proxy elsewhere. Drop them for this process and its children.
for _var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
    os.environ.pop(_var, None)
os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"

from tencentcloud.common import credential  # noqa: E402
from tencentcloud.common.common_client import CommonClient  # noqa: E402
from tencentcloud.common.exception.tencent_cloud_sdk_exception import (  # noqa: E402
    TencentCloudSDKException,
)
from tencentcloud.common.http.request import RequestInternal  # noqa: E402
from tencentcloud.common.profile.client_profile import ClientProfile  # noqa: E402
from tencentcloud.common.profile.http_profile import HttpProfile  # noqa: E402
from tencentcloud.cvm.v20170312 import cvm_client, models  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[2]

# The documented example keys (API 3.0 signature doc). Accepted by the mock by default.
DEMO_ID = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"
DEMO_KEY = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
# The example pair from the older (pre-3.0) signature doc. Not accepted unless passed with
# --credential: the suite uses its SecretId as "unknown" and its SecretKey as "wrong".
OLD_DOC_ID = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA"
OLD_DOC_KEY = "Gu5t9xGARNpq86cd98joQYCN3Cozk1qA"
REGION = "ap-guangzhou"
API_VERSION = "2017-03-12"

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
LISTEN_RE = re.compile(r"^tcconform mock listening on (http://127\.0\.0\.1:(\d{1,5}))$")

# Codes the SDK makes up on the client side; they never carry a RequestId.
CLIENT_SIDE_CODES = {
    "ClientNetworkError", "ServerNetworkError", "ClientError", "ClientParamsError",
    "JSONDecodeError", "UnicodeDecodeError", "KeyError", "TypeError", "ValueError",
}

START_TIMEOUT = float(os.environ.get("TCCONFORM_MOCK_START_TIMEOUT", "30"))
STOP_TIMEOUT = 10.0
HTTP_TIMEOUT = 10.0
TCCLI_TIMEOUT = 60.0


# --------------------------------------------------------------------------------------------
# Starting and stopping the mock


def mock_binary() -> Path:
    raw = os.environ.get("TCCONFORM_BIN", "target/debug/tcconform")
    path = Path(raw)
    return path if path.is_absolute() else REPO_ROOT / path


def _load_prctl():
    # Resolved once here, in the parent: the child runs between fork and exec and should only
    # call an already-resolved function, not load libraries.
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl
    except Exception:
        return None


_PRCTL = _load_prctl()


def _parent_death_signal():
    """In the child: get SIGTERM if the test process dies, so no mock outlives the suite."""
    _PRCTL(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


_LIVE: list["MockProcess"] = []


@atexit.register
def _stop_leftovers():
    for m in list(_LIVE):
        m.stop()


class MockProcess:
    """One running `tcconform mock`, known only by the PID this object started."""

    def __init__(self, extra_args=(), start_timeout=START_TIMEOUT):
        binary = mock_binary()
        if not binary.is_file() or not os.access(binary, os.X_OK):
            pytest.fail(f"mock binary not found or not executable: {binary} "
                        "(build it first, or set TCCONFORM_BIN)", pytrace=False)
        self.args = [str(binary), "mock", "--listen", "127.0.0.1:0", *extra_args]
        self._stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            self.args, cwd=REPO_ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=self._stderr, preexec_fn=_parent_death_signal if _PRCTL is not None else None,
        )
        self.pid = self.proc.pid
        _LIVE.append(self)
        self.stdout_lines: list[str] = []
        lines: queue.Queue = queue.Queue()
        # Keep draining stdout for the process's whole life so it can never block on a full pipe.
        threading.Thread(target=self._drain, args=(lines,), daemon=True).start()
        try:
            first = lines.get(timeout=start_timeout)
        except queue.Empty:
            self.stop()
            pytest.fail(f"mock printed no first line within {start_timeout}s\n{self.describe()}",
                        pytrace=False)
        if first is None:
            self.stop()
            pytest.fail(f"mock exited before printing its address\n{self.describe()}", pytrace=False)
        m = LISTEN_RE.match(first)
        if not m:
            self.stop()
            pytest.fail(f"unexpected first stdout line {first!r}; want "
                        f"'tcconform mock listening on http://127.0.0.1:PORT'\n{self.describe()}",
                        pytrace=False)
        self.base_url = m.group(1)
        self.port = int(m.group(2))
        assert 0 < self.port < 65536
        self.hostport = f"127.0.0.1:{self.port}"

    def _drain(self, lines: queue.Queue):
        first = True
        for raw in self.proc.stdout:
            text = raw.decode("utf-8", "replace").rstrip("\r\n")
            self.stdout_lines.append(text)
            if first:
                lines.put(text)
                first = False
        if first:
            lines.put(None)

    def stderr_tail(self, limit=4000) -> str:
        try:
            self._stderr.seek(0)
            data = self._stderr.read()
        except ValueError:
            return ""
        return data[-limit:].decode("utf-8", "replace")

    def describe(self) -> str:
        return (f"command: {' '.join(self.args)}\npid: {self.pid} returncode: {self.proc.poll()}\n"
                f"stdout (head): {self.stdout_lines[:10]!r}\n"
                f"stderr (tail):\n{self.stderr_tail()}")

    def stop(self) -> int | None:
        """SIGTERM by PID, then SIGKILL after STOP_TIMEOUT. Returns the exit status, or None if
        SIGKILL was needed."""
        if self in _LIVE:
            _LIVE.remove(self)
        if self.proc.poll() is not None:
            return self.proc.returncode
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=STOP_TIMEOUT)
            return None


_MOCK: MockProcess | None = None


def _mock() -> MockProcess:
    if _MOCK is None:
        raise RuntimeError("the mock is not running (helpers need the `mock` session fixture)")
    return _MOCK


@pytest.fixture(scope="session")
def mock():
    """The mock for the whole session: started on port 0, stopped by its own PID."""
    global _MOCK
    proc = MockProcess()
    _MOCK = proc
    try:
        yield proc
    finally:
        _MOCK = None
        status = proc.stop()
        if status is None:
            pytest.fail(f"mock did not stop within {STOP_TIMEOUT}s of SIGTERM and was killed\n"
                        f"{proc.describe()}", pytrace=False)
        if status not in (0, -signal.SIGTERM):
            pytest.fail(f"mock exited with status {status} on SIGTERM\n{proc.describe()}",
                        pytrace=False)


@pytest.fixture(autouse=True)
def fresh_world(mock):
    """Every test starts from the world file's initial state, with no faults."""
    reset_world(DEMO_ID)
    yield
    if mock.proc.poll() is not None:
        pytest.fail(f"the mock died during the test\n{mock.describe()}", pytrace=False)


_TCCLI_HOME: Path | None = None


@pytest.fixture(scope="session", autouse=True)
def _tccli_session_home(tmp_path_factory):
    """Default scratch HOME for tccli, so ~/.tccli never lands in the real home."""
    global _TCCLI_HOME
    _TCCLI_HOME = tmp_path_factory.mktemp("tccli-home")
    yield _TCCLI_HOME
    _TCCLI_HOME = None


@pytest.fixture
def home(tmp_path):
    """A scratch HOME of this test's own (for tests that write tccli configuration)."""
    d = tmp_path / "home"
    d.mkdir()
    return d


# --------------------------------------------------------------------------------------------
# Admin routes (plain JSON, unsigned, loopback only)


def admin(method: str, path: str, body=None, base_url: str | None = None):
    """Call an admin route; returns the decoded JSON (or None for an empty body)."""
    assert path.startswith("/_mock/"), path
    url = (base_url or _mock().base_url) + path
    assert url.startswith("http://127.0.0.1:"), url
    if body is not None:
        data = json.dumps(body).encode()
    elif method in ("POST", "PUT"):
        data = b""  # an explicit empty body (Content-Length: 0)
    else:
        data = None
    req = urllib.request.Request(url, data=data, method=method)
    if body is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=HTTP_TIMEOUT) as resp:
            raw = resp.read()
    except urllib.error.HTTPError as e:
        raise AssertionError(f"admin {method} {path} -> HTTP {e.code}: {e.read()[:500]!r}") from None
    return json.loads(raw) if raw.strip() else None


def world(secret_id: str = DEMO_ID, base_url: str | None = None) -> dict:
    return admin("GET", f"/_mock/worlds/{secret_id}", base_url=base_url)


def reset_world(secret_id: str = DEMO_ID, base_url: str | None = None):
    admin("POST", f"/_mock/worlds/{secret_id}/reset", base_url=base_url)


def seed_world(data: dict, secret_id: str = DEMO_ID):
    admin("PUT", f"/_mock/worlds/{secret_id}", body=data)


def add_fault(spec: dict, secret_id: str = DEMO_ID):
    admin("POST", f"/_mock/worlds/{secret_id}/faults", body=spec)


def clear_faults(secret_id: str = DEMO_ID):
    admin("DELETE", f"/_mock/worlds/{secret_id}/faults")


def roles(secret_id: str = DEMO_ID, base_url: str | None = None) -> dict[str, str]:
    """Role -> resource ID, for instances and key pairs alike (roles are unique across both)."""
    w = world(secret_id, base_url=base_url)
    out: dict[str, str] = {}
    for item in list(w["instances"]) + list(w["key_pairs"]):
        role = item.get("role")
        if role:
            assert role not in out, f"role {role!r} used twice in the world"
            out[role] = item["id"]
    return out


def instance_record(role_or_id: str, secret_id: str = DEMO_ID, base_url: str | None = None) -> dict:
    """The admin view of one instance, by role or ID."""
    for inst in world(secret_id, base_url=base_url)["instances"]:
        if role_or_id in (inst.get("role"), inst["id"]):
            return inst
    raise AssertionError(f"no instance {role_or_id!r} in the world")


def unused_id(prefix: str, secret_id: str = DEMO_ID) -> str:
    """A well-formed ID (prefix + 8 lower-case alnum) that the world does not contain."""
    w = world(secret_id)
    taken = {i["id"] for i in w["instances"]} | {k["id"] for k in w["key_pairs"]}
    for n in range(10_000):
        cand = f"{prefix}{n:08d}"
        if cand not in taken:
            return cand
    raise AssertionError("no free ID")


# --------------------------------------------------------------------------------------------
# The official Python SDK


def _profile(sign_method, method, endpoint, protocol, timeout, language):
    hp = HttpProfile(protocol=protocol, endpoint=endpoint or _mock().hostport,
                     reqMethod=method, reqTimeout=timeout)
    return ClientProfile(httpProfile=hp, signMethod=sign_method, language=language)


def sdk_client(sign_method: str = "TC3-HMAC-SHA256", method: str = "POST",
               endpoint: str | None = None, secret_key: str = DEMO_KEY,
               secret_id: str = DEMO_ID, protocol: str | None = "http", timeout: float = HTTP_TIMEOUT,
               language: str = "zh-CN") -> cvm_client.CvmClient:
    """A CvmClient aimed at the mock: HttpProfile(protocol="http", endpoint="127.0.0.1:PORT")."""
    cp = _profile(sign_method, method, endpoint, protocol, timeout, language)
    return cvm_client.CvmClient(credential.Credential(secret_id, secret_key), REGION, cp)


def common_client(version: str = API_VERSION, sign_method: str = "TC3-HMAC-SHA256",
                  method: str = "POST", secret_key: str = DEMO_KEY,
                  secret_id: str = DEMO_ID) -> CommonClient:
    """The SDK's generic client, for requests the typed client cannot express."""
    cp = _profile(sign_method, method, None, "http", HTTP_TIMEOUT, "zh-CN")
    return CommonClient("cvm", version, credential.Credential(secret_id, secret_key), REGION, cp)


def signed_request(action: str, params: dict, method: str = "POST",
                   sign_method: str = "TC3-HMAC-SHA256", content_type: str | None = None,
                   body: str | None = None) -> RequestInternal:
    """Build (not send) a request with the SDK's own signing code, for any HTTP method.

    For methods the SDK refuses to send (e.g. PUT) this still produces a correctly signed request:
    `body` becomes the payload and `content_type` the signed Content-Type.
    """
    client = sdk_client(sign_method=sign_method, method=method)
    if content_type is not None:
        client._default_content_type = content_type
    req = RequestInternal(client._get_endpoint(), method, "/", header={})
    if body is not None:
        req.data = body
    client._build_req_inter(action, params, req)
    return req


def send_raw(req: RequestInternal, method: str | None = None, timeout: float = HTTP_TIMEOUT):
    """Send a RequestInternal with `requests` (as the SDK would) and return the raw response."""
    import requests

    url = f"http://{_mock().hostport}/"
    if req.method == "GET" and req.data:
        url += "?" + req.data
        data = None
    else:
        data = req.data
    assert url.startswith("http://127.0.0.1:")
    with requests.Session() as s:
        s.trust_env = False
        return s.request(method or req.method, url, data=data, headers=dict(req.header),
                         timeout=timeout)


def disassociate(client, instance_ids, key_ids, force_stop=None):
    req = models.DisassociateInstancesKeyPairsRequest()
    req.InstanceIds = list(instance_ids)
    req.KeyIds = list(key_ids)
    if force_stop is not None:
        req.ForceStop = force_stop
    return client.DisassociateInstancesKeyPairs(req)


def associate(client, instance_ids, key_ids, force_stop=None):
    req = models.AssociateInstancesKeyPairsRequest()
    req.InstanceIds = list(instance_ids)
    req.KeyIds = list(key_ids)
    if force_stop is not None:
        req.ForceStop = force_stop
    return client.AssociateInstancesKeyPairs(req)


def describe_instances(client, instance_ids) -> dict[str, models.Instance]:
    """DescribeInstances by ID through the SDK; returns InstanceId -> Instance model."""
    req = models.DescribeInstancesRequest()
    req.InstanceIds = list(instance_ids)
    resp = client.DescribeInstances(req)
    assert_request_id(resp.RequestId)
    return {i.InstanceId: i for i in (resp.InstanceSet or [])}


def describe_key_pairs(client, key_ids) -> dict[str, models.KeyPair]:
    req = models.DescribeKeyPairsRequest()
    req.KeyIds = list(key_ids)
    resp = client.DescribeKeyPairs(req)
    assert_request_id(resp.RequestId)
    return {k.KeyId: k for k in (resp.KeyPairSet or [])}


def instance_keys(inst: models.Instance) -> set[str]:
    """Instance.LoginSettings.KeyIds as a set (the field may be null when no key is bound)."""
    ls = inst.LoginSettings
    return set((ls.KeyIds if ls is not None else None) or [])


def assert_request_id(value):
    assert isinstance(value, str) and UUID_RE.match(value), \
        f"RequestId {value!r} is not a lower-case UUID"


def expect_code(exc, *codes: str) -> TencentCloudSDKException:
    """Assert an SDK exception (or pytest ExceptionInfo) carries one of `codes`.

    For codes the server sent (anything not made up by the SDK itself) also check that
    .message is a non-empty string and .requestId a lower-case UUID.
    """
    err = getattr(exc, "value", exc)
    assert isinstance(err, TencentCloudSDKException), f"not an SDK exception: {err!r}"
    assert err.code in codes, f"got {err.code!r} ({err.message!r}), want one of {codes}"
    if err.code not in CLIENT_SIDE_CODES:
        assert isinstance(err.message, str) and err.message.strip(), \
            f"{err.code}: empty message {err.message!r}"
        assert_request_id(err.requestId)
    return err


# --------------------------------------------------------------------------------------------
# tccli


def tccli_path() -> Path:
    exe = Path(sys.executable).parent / "tccli"
    if not exe.is_file():
        pytest.fail(f"tccli not found next to {sys.executable}; run tests/interop/setup-venv.sh",
                    pytrace=False)
    return exe


def tccli_env(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("TENCENTCLOUD_") and k.lower() not in
           ("http_proxy", "https_proxy", "all_proxy")}
    env["HOME"] = str(home)
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def tccli(*args: str, home: Path | None = None, endpoint: str | None = None, secret_id: str = DEMO_ID,
          secret_key: str = DEMO_KEY, region: str = REGION, timeout: float = TCCLI_TIMEOUT) -> tuple[int, str, str]:
    """Run `tccli ARGS --endpoint http://127.0.0.1:PORT --secretId .. --secretKey .. --region ..`
    with HOME=`home` (default: the session's scratch home). Returns (exit code, stdout, stderr)."""
    home = home or _TCCLI_HOME
    assert home is not None, "no scratch HOME for tccli"
    endpoint = endpoint or _mock().base_url
    assert "127.0.0.1:" in endpoint, endpoint
    cmd = [str(tccli_path()), *args, "--endpoint", endpoint,
           "--secretId", secret_id, "--secretKey", secret_key, "--region", region]
    try:
        cp = subprocess.run(cmd, cwd=home, env=tccli_env(home), stdin=subprocess.DEVNULL,
                            capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        raise AssertionError(f"tccli did not finish within {timeout}s: {cmd}\n"
                             f"stderr: {e.stderr!r}") from None
    return cp.returncode, cp.stdout.decode("utf-8", "replace"), cp.stderr.decode("utf-8", "replace")


def tccli_plain(*args: str, home: Path, timeout: float = TCCLI_TIMEOUT) -> tuple[int, str, str]:
    """Run tccli with exactly `args` (no endpoint or credential flags added)."""
    cmd = [str(tccli_path()), *args]
    try:
        cp = subprocess.run(cmd, cwd=home, env=tccli_env(home), stdin=subprocess.DEVNULL,
                            capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        raise AssertionError(f"tccli did not finish within {timeout}s: {cmd}\n"
                             f"stderr: {e.stderr!r}") from None
    return cp.returncode, cp.stdout.decode("utf-8", "replace"), cp.stderr.decode("utf-8", "replace")


def jarg(value) -> str:
    """A tccli list/object argument: JSON text."""
    return json.dumps(value)
