#!/usr/bin/env bash
# Create (or reuse) the Python venv the interop suite runs in: .venv-interop/ at the repo root.
#
# Idempotent: the venv carries a stamp with the hash of requirements.txt, constraints.txt and the
# interpreter version. When the stamp matches and the venv's python still starts, pip is not run
# at all. When anything changed, the venv is rebuilt from scratch rather than upgraded in place:
# tccli's monolithic SDK and the per-product SDK packages share files under tencentcloud/, and an
# in-place uninstall of one of them deletes files the others need.
#
# Network: pip only, against the package index pip is configured with (PyPI). Nothing else.
#
# Env: PYTHON (default python3) picks the interpreter the venv is made from.
#      INTEROP_VENV overrides the venv location (default <repo>/.venv-interop).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="${INTEROP_VENV:-$repo/.venv-interop}"
python="${PYTHON:-python3}"
stamp="$venv/.interop-requirements.sha256"

log() { printf 'setup-venv: %s\n' "$*" >&2; }

command -v "$python" >/dev/null 2>&1 || { log "no $python on PATH"; exit 1; }

want="$(
  {
    cat "$here/requirements.txt" "$here/constraints.txt"
    "$python" -c 'import sys; print(sys.version)'
  } | sha256sum | cut -d' ' -f1
)"

# One setup at a time (two runs racing on the same venv would corrupt it).
mkdir -p "$(dirname "$venv")"
if command -v flock >/dev/null 2>&1; then
  lock="${TMPDIR:-/tmp}/interop-venv-$(printf '%s' "$venv" | sha256sum | cut -c1-16).lock"
  exec 9>"$lock"
  flock -w 900 9 || { log "timed out waiting for another setup to finish"; exit 1; }
fi

if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]] \
   && "$venv/bin/python" -c 'import sys' >/dev/null 2>&1; then
  log "reusing $venv (requirements unchanged)"
  exit 0
fi

if [[ -e "$venv" ]]; then
  log "requirements or interpreter changed (or venv incomplete): rebuilding $venv"
  rm -rf -- "$venv"
fi

start=$SECONDS
log "creating $venv with $("$python" --version 2>&1)"
"$python" -m venv "$venv"
# Keep the whole venv out of git without touching the repo's .gitignore.
printf '*\n' >"$venv/.gitignore"

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
timeout 1200 "$venv/bin/python" -m pip install --quiet --requirement "$here/requirements.txt"

# The monolithic SDK that tccli pulls in overlaps the per-product packages; make sure the imports
# the suite uses still resolve and that tccli starts. HOME points at a scratch dir so tccli writes
# no ~/.tccli in the real home.
scratch="$(mktemp -d)"
trap 'rm -rf -- "$scratch"' EXIT
HOME="$scratch" timeout 120 "$venv/bin/python" - <<'PY'
import importlib.metadata as md
import tencentcloud
from tencentcloud.common import credential
from tencentcloud.common.common_client import CommonClient
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.cvm.v20170312 import cvm_client, models

for cls in ("DisassociateInstancesKeyPairsRequest", "AssociateInstancesKeyPairsRequest",
            "DescribeInstancesRequest", "DescribeKeyPairsRequest"):
    assert hasattr(models, cls), cls
for dist, ver in (("tencentcloud-sdk-python-common", "3.1.195"),
                  ("tencentcloud-sdk-python-cvm", "3.1.178"),
                  ("tccli", "3.1.189.1")):
    got = md.version(dist)
    assert got == ver, (dist, got, ver)
print("setup-venv: imports ok; tencentcloud.__version__ =", tencentcloud.__version__,
      "(shared __init__.py, last writer wins)")
PY
HOME="$scratch" timeout 120 "$venv/bin/tccli" --version >/dev/null

printf '%s\n' "$want" >"$stamp"
log "venv ready in $((SECONDS - start))s"
