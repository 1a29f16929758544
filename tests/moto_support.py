"""A real local AWS emulator for the tests: moto's server mode on 127.0.0.1.

IAM authentication is enforced through ``INITIAL_NO_AUTH_ACTION_COUNT``: after the few
unauthenticated calls that create the administrator, every request must be signed by a
key IAM knows, so unknown or deleted keys are rejected as AWS rejects them
(``InvalidClientTokenId``). botocore is pointed at it by ``AWS_ENDPOINT_URL``.
Not a test module; the fixtures are imported by the conftest files that use them.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

#: unauthenticated actions allowed after each reset: create the admin user, its key, policy
BOOTSTRAP_ACTIONS = 3
ADMIN_POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "*", "Resource": "*"}]})


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class MotoServer:
    url: str
    proc: subprocess.Popen[bytes]

    def post(self, path: str, data: bytes = b"") -> None:
        req = urllib.request.Request(self.url + path, data=data, method="POST",
                                     headers={"Content-Type": "text/plain"})
        with urllib.request.urlopen(req, timeout=10) as resp:  # noqa: S310 - 127.0.0.1
            resp.read()


@dataclass
class Emulator:
    """A reset emulator with an administrator; helpers sign with explicit keys only."""

    server: MotoServer
    admin_id: str
    admin_secret: str

    @property
    def url(self) -> str:
        return self.server.url

    def client(self, service: str, key_id: str | None = None,
               secret: str | None = None) -> Any:
        import botocore.session

        s = botocore.session.Session()
        return s.create_client(service, region_name="us-east-1", endpoint_url=self.url,
                               aws_access_key_id=key_id or self.admin_id,
                               aws_secret_access_key=secret or self.admin_secret)

    def new_user_key(self, user: str) -> tuple[str, str]:
        iam = self.client("iam")
        with contextlib.suppress(iam.exceptions.EntityAlreadyExistsException):
            iam.create_user(UserName=user)
        k = iam.create_access_key(UserName=user)["AccessKey"]
        return k["AccessKeyId"], k["SecretAccessKey"]

    def accepts(self, key_id: str, secret: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client("sts", key_id, secret).get_caller_identity()
            return True
        except ClientError as exc:
            assert exc.response["Error"]["Code"] == "InvalidClientTokenId"
            return False

    def key_status(self, user: str, key_id: str) -> str | None:
        keys = self.client("iam").list_access_keys(UserName=user)["AccessKeyMetadata"]
        return next((k["Status"] for k in keys if k["AccessKeyId"] == key_id), None)


def start_moto(tmp: Path) -> MotoServer:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(INITIAL_NO_AUTH_ACTION_COUNT=str(BOOTSTRAP_ACTIONS), HOME=str(tmp),
               AWS_EC2_METADATA_DISABLED="true")
    log = open(tmp / "moto.log", "wb")  # noqa: SIM115 - lives as long as the server
    proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p",
                             str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(f"moto server did not start; see {tmp / 'moto.log'}") \
                    from None
            time.sleep(0.1)
    return MotoServer(f"http://127.0.0.1:{port}", proc)


@pytest.fixture(scope="session")
def moto_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MotoServer]:
    server = start_moto(tmp_path_factory.mktemp("moto"))
    try:
        yield server
    finally:
        server.proc.terminate()
        try:
            server.proc.wait(10)
        except subprocess.TimeoutExpired:
            server.proc.kill()


@pytest.fixture
def emulator(moto_server: MotoServer, monkeypatch: pytest.MonkeyPatch) -> Emulator:
    """A fresh emulator state with an administrator, auth enforced from here on, and
    ``AWS_ENDPOINT_URL`` pointing botocore at it (set after the caller isolates HOME)."""
    import botocore.session

    from tests.aws_support import AWS_ENV_VARS

    for var in AWS_ENV_VARS:  # another test's leftovers must not decide the profile
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
    moto_server.post("/moto-api/reset")
    moto_server.post("/moto-api/reset-auth", str(BOOTSTRAP_ACTIONS).encode())
    s = botocore.session.Session()
    iam = s.create_client("iam", region_name="us-east-1", endpoint_url=moto_server.url,
                          aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap")
    iam.create_user(UserName="admin")
    k = iam.create_access_key(UserName="admin")["AccessKey"]
    iam.put_user_policy(UserName="admin", PolicyName="all", PolicyDocument=ADMIN_POLICY)
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_server.url)
    return Emulator(moto_server, k["AccessKeyId"], k["SecretAccessKey"])
