""".env / shell rewrites, deletion flags for AWS-format files, and --blank-other."""

from __future__ import annotations

import json

import pytest

from scanner.aws.fix_source import fix_source
from scanner.aws.rewrite_env import rewrite_env
from scanner.aws.rewrite_other import blank_literals, deletable
from scanner.aws.rewrite_types import Target
from tests.aws_support import Key

K = Key.make("env", token=True)
I, S, T = K.key_id, K.secret, K.token  # noqa: E741 - short names keep snippets readable
TARGETS = {I: Target("app", "key_id"), S: Target("app", "secret"),
           T: Target("app", "token")}  # type: ignore[dict-item]


def test_dotenv_lines_replaced_by_profile() -> None:
    src = (f"# local settings\nDEBUG=1\nAWS_ACCESS_KEY_ID={I}\nAWS_SECRET_ACCESS_KEY=\"{S}\"\n"
           f"AWS_SESSION_TOKEN='{T}'\nAWS_DEFAULT_REGION=eu-west-1\n").encode()
    res = rewrite_env(src, TARGETS, shell=False)
    assert res.new == (b"# local settings\nDEBUG=1\nAWS_PROFILE=app\n"
                       b"AWS_DEFAULT_REGION=eu-west-1\n")
    assert res.unresolved == []


def test_shell_exports_crlf_and_no_final_newline() -> None:
    src = (f"#!/bin/bash\r\nexport AWS_ACCESS_KEY_ID={I}\r\n"
           f"export AWS_SECRET_ACCESS_KEY={S}").encode()
    res = rewrite_env(src, TARGETS, shell=True)
    assert res.new == b"#!/bin/bash\r\nexport AWS_PROFILE=app\r\n"[:-2]


def test_existing_aws_profile_line_updated() -> None:
    src = f"AWS_PROFILE=old\nAWS_ACCESS_KEY_ID={I}\nAWS_SECRET_ACCESS_KEY={S}\n".encode()
    res = rewrite_env(src, TARGETS, shell=False)
    assert res.new == b"AWS_PROFILE=app\n"


def test_other_variable_names_left_for_manual_step() -> None:
    src = f"S3_KEY={I}\nS3_SECRET={S}\n".encode()
    res = rewrite_env(src, TARGETS, shell=False)
    assert res.new is None
    assert [(ln, k) for ln, k, _ in res.unresolved] == [(1, "key_id"), (2, "secret")]


def test_shell_still_referencing_the_variable_gets_a_note() -> None:
    src = (f"#!/bin/sh\nexport AWS_ACCESS_KEY_ID={I}\nexport AWS_SECRET_ACCESS_KEY={S}\n"
           "docker run -e AWS_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID img\n").encode()
    res = rewrite_env(src, TARGETS, shell=True)
    assert res.new is not None and b"export AWS_PROFILE=app\n" in res.new
    assert any("$AWS_ACCESS_KEY_ID" in n for n in res.notes)


def test_two_profiles_in_one_env_file_refused() -> None:
    other = Key.make("env2")
    targets = {**TARGETS, other.key_id: Target("b", "key_id"), other.secret: Target("b", "secret")}
    src = (f"AWS_ACCESS_KEY_ID={I}\nAWS_SECRET_ACCESS_KEY={S}\n"
           f"AWS_ACCESS_KEY_ID={other.key_id}\nAWS_SECRET_ACCESS_KEY={other.secret}\n").encode()
    res = rewrite_env(src, targets, shell=False)
    assert res.new is None and "several profiles" in res.notes[0]


def test_credentials_csv_and_aws_ini_flagged() -> None:
    csv = f"User name,Password,Access key ID,Secret access key,Console login link\nbob,,{I},{S},x\n"
    assert deletable("credentials.csv", csv.encode(), {I}) is not None
    assert deletable("credentials.csv", csv.encode(), set()) is None  # holds a key we keep
    ini = f"[default]\naws_access_key_id = {I}\naws_secret_access_key = {S}\nregion = us-east-1\n"
    assert deletable("deploy/aws.ini", ini.encode(), {I}) is not None
    mixed = ini + "[app]\ndebug = true\n"
    assert deletable("setup.cfg", mixed.encode(), {I}) is None


def test_flagged_file_only_deleted_with_delete_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = f"[default]\naws_access_key_id = {I}\naws_secret_access_key = {S}\n".encode()
    p = tmp_path / "credentials"
    keep = fix_source(p, "credentials", data, TARGETS, {I}, delete_files=False,
                      blank_other=True, used_elsewhere=lambda n: True)
    assert keep.action == "keep" and keep.manual and "--delete-files" in keep.manual[0]
    gone = fix_source(p, "credentials", data, TARGETS, {I}, delete_files=True,
                      blank_other=False, used_elsewhere=lambda n: True)
    assert gone.action == "delete"


def test_blank_json_keeps_it_valid() -> None:
    src = json.dumps({"aws": {"key": I, "secret": S}, "other": 1}, indent=2).encode()
    res = blank_literals("cfg.json", src, TARGETS)
    assert res.new is not None and res.unresolved == []
    assert json.loads(res.new) == {"aws": {"key": "", "secret": ""}, "other": 1}


def test_blank_yaml_unquoted_and_quoted() -> None:
    yaml = pytest.importorskip("yaml")
    src = f"aws:\n  key: {I}\n  secret: \"{S}\"\n".encode()
    res = blank_literals("deploy.yml", src, TARGETS)
    assert res.new is not None
    assert yaml.safe_load(res.new) == {"aws": {"key": None, "secret": ""}}


def test_blank_code_only_inside_quotes() -> None:
    src = f"const k = '{I}';\nconst s = {S};\n".encode()  # second is not a string literal
    res = blank_literals("app.js", src, TARGETS)
    assert res.new == f"const k = '';\nconst s = {S};\n".encode()
    assert [(ln, k) for ln, k, _ in res.unresolved] == [(2, "secret")]


def test_other_file_untouched_without_blank_other(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = json.dumps({"key": I}).encode()
    fix = fix_source(tmp_path / "x.json", "x.json", data, TARGETS, {I}, delete_files=False,
                     blank_other=False, used_elsewhere=lambda n: True)
    assert fix.action == "keep" and fix.new is None
    assert fix.manual == ["x.json:1: remove the access key ID and read it from AWS profile 'app' "
                          "instead (run it with AWS_PROFILE=app; boto3 and the AWS CLI find the "
                          "keys through their default credential chain)"]
