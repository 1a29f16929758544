"""Rule behaviour beyond one positive and one negative (those are the rule examples)."""

from __future__ import annotations

import base64

import pytest

from scanner.api import scan_text
from tests import fakes as F


def _ids(text: str, path: str = "x.txt") -> set[str]:
    return {f.rule_id for f in scan_text(text, path)}


def test_private_key_one_finding_per_block() -> None:
    text = F.private_key_pem(1) + "\n" + F.private_key_pem(2, kind="EC")
    found = scan_text(text, "keys.pem")
    assert [f.rule_id for f in found] == ["private-key", "private-key"]
    assert found[0].line == 1


@pytest.mark.parametrize("kind", ["RSA", "EC", "DSA", "OPENSSH", ""])
def test_private_key_kinds(kind: str) -> None:
    assert [f.rule_id for f in scan_text(F.private_key_pem(3, kind=kind))] == ["private-key"]


def test_encrypted_private_key_is_reported_low() -> None:
    """Useless without its passphrase: its own rule, at low severity (issue 10)."""
    found = scan_text(F.private_key_pem(3, kind="ENCRYPTED"))
    assert [(f.rule_id, f.severity.name.lower()) for f in found] == [
        ("private-key-encrypted", "low")]


def test_pgp_private_key_block() -> None:
    body = "\n".join(F.rand(f"pgp{i}", F.B64, 64) for i in range(8))
    text = ("-----BEGIN PGP " + "PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\n" + body
            + "\n-----END PGP PRIVATE KEY BLOCK-----\n")
    assert [f.rule_id for f in scan_text(text)] == ["private-key"]


def test_service_account_json_private_key() -> None:
    import json

    sa = json.dumps(F.gcp_service_account(1), indent=2)
    assert "private-key" in _ids(sa, "sa.json")


def test_jwt_needs_json_header_with_alg() -> None:
    assert "jwt" in _ids(f"t = '{F.jwt(3)}'")
    assert "jwt" not in _ids(f"t = '{F.jwt_bad_header(3)}'")


def test_kubernetes_secret_data_is_decoded() -> None:
    def b64(v: str) -> str:
        return base64.b64encode(v.encode()).decode()

    text = ("apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ndata:\n"
            f"  AWS_ACCESS_KEY_ID: {b64(F.aws_key_id(9))}\n"
            f"  AWS_SECRET_ACCESS_KEY: {b64(F.aws_secret(9))}\n"
            f"  DB_PASSWORD: {b64(F.human_password(9))}\n"
            f"  DB_USER: {b64('app')}\n")
    found = scan_text(text, "k8s/secret.yaml")
    assert [(f.rule_id, f.line) for f in found][:2] == [
        ("aws-access-key-id", 6), ("aws-secret-access-key", 7)]
    assert [f.line for f in found] == [6, 7, 8] and found[2].provider == "generic"
    assert found[0].group == found[1].group and found[0].severity.value == "critical"


def test_pgpass_rule_is_scoped_to_pgpass_files() -> None:
    line = f"db.acme.lan:5432:orders:app:{F.password(16)}\n"
    assert "pgpass-password" in _ids(line, "ops/.pgpass")
    assert "pgpass-password" not in _ids("db.acme.lan:5432:orders:app:*\n", "ops/.pgpass")
    assert "pgpass-password" not in _ids(line, "notes.txt")


def test_rails_master_key_scoped_to_key_files() -> None:
    key = F.hex_string(23, 32)
    assert "rails-master-key" in _ids(key + "\n", "config/master.key")
    assert "rails-master-key" not in _ids(key + "\n", "config/cache.txt")


def test_kaggle_json_scoped() -> None:
    text = '{"username":"ada","key":"' + F.hex_string(39, 32) + '"}'
    assert "kaggle-api-key" in _ids(text, "home/.kaggle/kaggle.json")
    assert "kaggle-api-key" not in _ids(text, "data/meta.json")


def test_netrc_file_rule_needs_no_machine_line() -> None:
    assert "netrc-file-password" in _ids(f"  password {F.password(45)}\n", "home/.netrc")
    assert "netrc-file-password" not in _ids(f"  password {F.password(45)}\n", "notes.txt")


def test_crlf_line_ends() -> None:
    text = f"DB_HOST=db\r\nDB_PASSWORD={F.password(46)}\r\nDB_USER=app\r\n"
    assert [(f.line, f.provider) for f in scan_text(text, "app/.env")] == [(2, "generic")]
