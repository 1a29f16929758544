"""AWS, the heart of the product: every syntax a key pair is written in, and what is not."""

from __future__ import annotations

import json

import pytest

from scanner.api import scan_text
from scanner.engine.validators import aws_account_id
from scanner.models import Severity
from tests import fakes as F

KID = F.aws_key_id(11)
SEC = F.aws_secret(11)
TOK = F.aws_session_token(11)

PAIRED: dict[str, tuple[str, str]] = {
    "dotenv": ("app/.env", f"AWS_ACCESS_KEY_ID={KID}\nAWS_SECRET_ACCESS_KEY={SEC}\n"),
    "shell": ("deploy.sh", f"export AWS_ACCESS_KEY_ID='{KID}'\nexport AWS_SECRET_ACCESS_KEY='{SEC}'\n"),
    "ini": ("creds", f"[default]\naws_access_key_id = {KID}\naws_secret_access_key = {SEC}\n"),
    "yaml": ("ci.yml", f"env:\n  AWS_ACCESS_KEY_ID: {KID}\n  AWS_SECRET_ACCESS_KEY: \"{SEC}\"\n"),
    "json": ("c.json", json.dumps({"AccessKeyId": KID, "SecretAccessKey": SEC}, indent=2)),
    "xml": ("c.xml", f"<Creds>\n <AccessKeyId>{KID}</AccessKeyId>\n <SecretAccessKey>{SEC}</SecretAccessKey>\n</Creds>"),
    "python": ("s3.py", f'client = boto3.client("s3",\n    aws_access_key_id="{KID}",\n    aws_secret_access_key="{SEC}")\n'),
    "java": ("A.java", f'AWSCredentials c = new BasicAWSCredentials("{KID}", "{SEC}");'),
    "go": ("main.go", f'creds := credentials.NewStaticCredentials("{KID}", "{SEC}", "")'),
    "ruby": ("s3.rb", f"Aws::Credentials.new('{KID}', '{SEC}')"),
    "js": ("s3.js", f"const s3 = new AWS.S3({{ accessKeyId: '{KID}', secretAccessKey: '{SEC}' }});"),
    "csharp": ("S3.cs", f'var creds = new BasicAWSCredentials("{KID}", "{SEC}");'),
    "csv": ("credentials.csv", "User name,Password,Access key ID,Secret access key,Console login link\n"
            f"deploy,,{KID},{SEC},https://123456789012.signin.aws.amazon.com/console\n"),
    "notebook": ("nb.ipynb", json.dumps({"cells": [{"cell_type": "code", "source": [
        "import boto3\n", f"key = '{KID}'\n", f"secret = '{SEC}'\n"]}]}, indent=1)),
    "cli": ("setup.sh", f"aws configure set aws_access_key_id {KID}\naws configure set aws_secret_access_key {SEC}\n"),
    "cli-flag": ("run.sh", f"tool --access-key-id {KID} --secret-access-key {SEC}\n"),
    "terraform": ("main.tf", f'provider "aws" {{\n  access_key = "{KID}"\n  secret_key = "{SEC}"\n}}\n'),
    "properties": ("app.properties", f"aws.accessKeyId={KID}\naws.secretKey={SEC}\n"),
}


@pytest.mark.parametrize("kind", sorted(PAIRED))
def test_pair_found_and_grouped(kind: str) -> None:
    path, text = PAIRED[kind]
    found = scan_text(text, path)
    secrets = [f for f in found if f.rule_id.startswith("aws-secret-access-key")]
    keys = [f for f in found if f.rule_id == "aws-access-key-id"]
    assert len(secrets) == 1 and len(keys) == 1, [f.rule_id for f in found]
    assert secrets[0].secret == SEC and keys[0].secret == KID
    assert secrets[0].group is not None and secrets[0].group == keys[0].group
    assert keys[0].severity is Severity.CRITICAL
    assert secrets[0].extras["account_id"] == aws_account_id(KID)


def test_named_secret_without_key_id() -> None:
    for text in (f"aws_secret_access_key = {SEC}", f'"SecretAccessKey": "{SEC}"',
                 f"AWS_SECRET={SEC}", f'secretKey: "{SEC}"'):
        ids = {f.rule_id for f in scan_text(text, "x.cfg")}
        assert "aws-secret-access-key" in ids, text


def test_lone_key_id_is_low_severity() -> None:
    found = scan_text(f"# rotated key: {KID}\n", "notes.md")
    assert [(f.rule_id, f.severity) for f in found] == [("aws-access-key-id", Severity.LOW)]
    assert found[0].group is None


@pytest.mark.parametrize("prefix", ["AK" + "IA", "AS" + "IA", "AB" + "IA", "AC" + "CA", "A3" + "TX"])
def test_key_id_prefixes(prefix: str) -> None:
    kid = F.aws_key_id(3, prefix=prefix)
    assert [f.secret for f in scan_text(f"key={kid}")] == [kid]


def test_key_id_is_word_bounded() -> None:
    assert scan_text(f"x{KID}y") == []
    assert scan_text(f"{KID}A") == []


def test_session_token_grouped() -> None:
    text = (f"aws_access_key_id = {F.aws_key_id(5, 'AS' + 'IA')}\n"
            f"aws_secret_access_key = {SEC}\naws_session_token = {TOK}\n")
    found = scan_text(text, "creds")
    ids = {f.rule_id for f in found}
    assert {"aws-access-key-id", "aws-secret-access-key", "aws-session-token"} <= ids
    assert len({f.group for f in found}) == 1


@pytest.mark.parametrize("header", ["X-Amz-Security-Token", "SessionToken"])
def test_session_token_names(header: str) -> None:
    found = scan_text(f'"{header}": "{TOK}"', "req.json")
    assert [f.rule_id for f in found] == ["aws-session-token"]


def test_documented_examples_and_placeholders_never_reported() -> None:
    ex_id, ex_sec = F.aws_example_key_id(), F.aws_example_secret()
    texts = [
        f"aws_access_key_id = {ex_id}\naws_secret_access_key = {ex_sec}\n",
        "aws_access_key_id = YOUR_ACCESS_KEY_HERE\naws_secret_access_key = YOUR_SECRET_ACCESS_KEY\n",
        "aws_access_key_id=<your-access-key>\naws_secret_access_key=<your-secret-key>\n",
        "AWS_ACCESS_KEY_ID=AK" + "IA" + "ABCDEFGHEXAMPLE\n",
    ]
    for t in texts:
        assert scan_text(t, "README.md") == [], t


def test_forty_char_values_without_evidence_are_not_secrets() -> None:
    # a git SHA and a random 40-char token with no AWS name nor key ID nearby
    text = f"commit = '{F.git_sha(1)}'\nvalue = '{F.aws_secret(99)}'\n"
    assert [f for f in scan_text(text) if f.provider == "aws"] == []


def test_sha1_beside_key_id_is_not_a_secret() -> None:
    text = f"key_id: {KID}\nchecksum: {F.git_sha(2)}\n"
    found = scan_text(text)
    assert [f.rule_id for f in found] == ["aws-access-key-id"]
