"""Realistic boto3/botocore snippets: rewritten, they parse, hold no key, name no profile,
and still work wherever boto3's default chain finds credentials (executed with real boto3
in a temporary HOME: with only the profile, with only environment credentials, and with
neither, where the first request fails with botocore's own error, never the import)."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

from scanner.api import scan_text
from scanner.aws.rewrite_python import rewrite_python
from scanner.aws.rewrite_types import Target
from scanner.aws.tripwire import load_known_keys
from tests.aws_support import Key, isolate

K = Key.make("py", token=True)
PROFILE = "proj"
TARGETS = {K.key_id: Target(PROFILE, "key_id"), K.secret: Target(PROFILE, "secret"),
           K.token: Target(PROFILE, "token")}  # type: ignore[dict-item]

I, S, T = K.key_id, K.secret, K.token  # noqa: E741 - short names keep snippets readable

SNIPPETS: dict[str, str] = {
    "client_kwargs": f'''import boto3

s3 = boto3.client("s3", aws_access_key_id="{I}", aws_secret_access_key="{S}",
                  region_name="ap-northeast-2")
result = s3
''',
    "resource_module_vars": f'''import boto3

ACCESS_KEY = '{I}'  # the key
SECRET_KEY = '{S}'


def make():
    return boto3.resource(
        's3',
        aws_access_key_id=ACCESS_KEY,  # id
        aws_secret_access_key=SECRET_KEY,
    )
''',
    "session_with_token": f'''import boto3

session = boto3.Session(
    aws_access_key_id="{I}",
    aws_secret_access_key="{S}",
    aws_session_token="{T}",
    region_name="eu-west-1",
)
result = session.client("sts")
''',
    "session_var_client_creds": f'''import boto3

session = boto3.session.Session(region_name="eu-west-1")
result = session.client("s3", aws_access_key_id="{I}", aws_secret_access_key="{S}")
''',
    "positional_session": f'''import boto3
result = boto3.Session("{I}", "{S}", None, "us-west-2")
''',
    "environ": f'''import os
import boto3

os.environ["AWS_ACCESS_KEY_ID"] = "{I}"
os.environ["AWS_SECRET_ACCESS_KEY"] = "{S}"


def make():
    return boto3.client("s3", region_name="us-east-1")
''',
    "django_settings": f'''"""Settings."""
DEBUG = True
AWS_ACCESS_KEY_ID = "{I}"
AWS_SECRET_ACCESS_KEY = "{S}"
AWS_STORAGE_BUCKET_NAME = "media"
''',
    "botocore_session": f'''import botocore.session

result = botocore.session.get_session().create_client(
    "s3", region_name="us-east-1", aws_access_key_id="{I}", aws_secret_access_key="{S}")
''',
    "from_import_function_locals": f'''from boto3 import client


def make():
    key = "{I}"
    secret = "{S}"
    return client("sqs", region_name="us-east-1", aws_access_key_id=key,
                  aws_secret_access_key=secret)
''',
    "kwargs_dict": f'''import boto3

CREDS = {{"aws_access_key_id": "{I}", "aws_secret_access_key": "{S}"}}
result = boto3.client("dynamodb", region_name="us-east-1", **CREDS)
''',
    "class_config": f'''import boto3


class Config:
    ACCESS_KEY = "{I}"
    SECRET_KEY = "{S}"


def make():
    return boto3.client("s3", region_name="us-east-1", aws_access_key_id=Config.ACCESS_KEY,
                        aws_secret_access_key=Config.SECRET_KEY)
''',
    "session_class_chained": f'''from boto3.session import Session

table = Session(aws_access_key_id="{I}", aws_secret_access_key="{S}",
                region_name="us-east-1").resource("dynamodb").Table("users")
result = table
''',
    "self_attributes": f'''import boto3


class Uploader:
    def __init__(self):
        self.key = "{I}"
        self.secret = "{S}"

    def client(self):
        return boto3.client("s3", region_name="us-east-1", aws_access_key_id=self.key,
                            aws_secret_access_key=self.secret)


def make():
    return Uploader().client()
''',
    "crlf_coding_comment": (f'# -*- coding: utf-8 -*-\r\n# old key: {I}\r\nimport boto3\r\n'
                            f'result = boto3.client("s3", "us-east-1", aws_access_key_id="{I}",'
                            f' aws_secret_access_key="{S}")\r\n'),
}


def _credentials_of(obj: object) -> str:
    import boto3
    import botocore.client
    import botocore.session

    if isinstance(obj, (boto3.session.Session, botocore.session.Session)):
        creds = obj.get_credentials()
    elif isinstance(obj, botocore.client.BaseClient):
        creds = obj._request_signer._credentials
    else:
        creds = obj.meta.client._request_signer._credentials  # type: ignore[attr-defined]
    return str(creds.get_frozen_credentials().access_key)


ENVIRONMENTS = ("profile", "env", "none")
#: a cheap call per service, to show which error a client without credentials raises
PROBE = {"s3": "list_buckets", "sts": "get_caller_identity", "sqs": "list_queues",
         "dynamodb": "list_tables"}


def _setup(kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``profile``: the moved keys in ~/.aws/config, selected by AWS_PROFILE (as move-keys'
    .env says); ``env``: only AWS_* environment variables (CI, containers); ``none``."""
    import boto3

    tmp_path.mkdir(parents=True, exist_ok=True)
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)  # boto3.client() caches one session
    env = isolate(monkeypatch, tmp_path)
    env.aws_dir.mkdir()
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    # nothing may leave the machine: a request that got past credentials would hit this
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    if kind == "profile":
        env.config.write_text(f"[profile {PROFILE}]\naws_access_key_id = {I}\n"
                              f"aws_secret_access_key = {S}\naws_session_token = {T}\n"
                              "region = us-east-1\n")
        monkeypatch.setenv("AWS_PROFILE", PROFILE)
    elif kind == "env":
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", I)
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", S)
        monkeypatch.setenv("AWS_SESSION_TOKEN", T)


def _client_of(obj: object) -> object:
    import boto3
    import botocore.session

    if isinstance(obj, boto3.session.Session):
        return obj.client("sts")
    if isinstance(obj, botocore.session.Session):
        return obj.create_client("sts", region_name="us-east-1")
    return getattr(getattr(obj, "meta", None), "client", obj)


@pytest.mark.parametrize("where", ENVIRONMENTS)
@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_snippet_rewritten_parses_and_works(name: str, where: str, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import botocore.exceptions

    _setup("profile", tmp_path / "scan", monkeypatch)
    src = SNIPPETS[name].encode()
    assert any(f.provider == "aws" for f in scan_text(src, f"{name}.py"))
    known = load_known_keys()
    assert known.find(src)
    res = rewrite_python(src, TARGETS, used_elsewhere=lambda n: False)
    assert res.new is not None, res.notes
    assert res.unresolved == []
    new = res.new
    ast.parse(new)
    for value in K.values():
        assert value.encode() not in new
    # the staged hook passes on the edited file: no pattern and no known key matches
    assert [f for f in scan_text(new, f"{name}.py") if f.provider == "aws"] == []
    assert known.find(new) == []
    assert b"profile_name" not in new and b"AWS_PROFILE" not in new and b"profile=" not in new
    if name == "crlf_coding_comment":
        assert new.count(b"\r\n") == src.count(b"\r\n") and b"\n" not in new.replace(b"\r\n", b"")
    _setup(where, tmp_path / where, monkeypatch)
    ns: dict[str, object] = {"__name__": f"snippet_{name}"}
    exec(compile(new, f"{name}.py", "exec"), ns)  # importing never fails, whatever is set up
    if name == "django_settings":
        want = None if where == "none" else (I, S)
        got = (ns["AWS_ACCESS_KEY_ID"], ns["AWS_SECRET_ACCESS_KEY"])
        assert got == (want or (None, None))
        return
    obj = ns["make"]() if "make" in ns else ns["result"]  # type: ignore[operator]
    if name == "session_class_chained":
        obj = obj.meta.client  # type: ignore[attr-defined]
    if where != "none":
        assert _credentials_of(obj) == I
        return
    client = _client_of(obj)
    probe = PROBE[client.meta.service_model.service_name]  # type: ignore[attr-defined]
    with pytest.raises(botocore.exceptions.NoCredentialsError):
        getattr(client, probe)()


def test_variables_are_deleted_when_only_the_call_used_them() -> None:
    res = rewrite_python(SNIPPETS["resource_module_vars"].encode(), TARGETS, lambda n: False)
    assert res.new is not None
    assert b"ACCESS_KEY" not in res.new and b"get_credentials" not in res.new
    assert b"return boto3.resource(\n        's3',\n    )" in res.new
    assert b"\n\n\n\n" not in res.new  # no pile of blank lines where the variables were


def test_variables_used_elsewhere_become_profile_lookups() -> None:
    res = rewrite_python(SNIPPETS["resource_module_vars"].encode(), TARGETS, lambda n: True)
    assert res.new is not None
    assert b"ACCESS_KEY = getattr(boto3.Session().get_credentials(), 'access_key', None)" \
        in res.new


def test_class_left_empty_gets_pass() -> None:
    res = rewrite_python(SNIPPETS["class_config"].encode(), TARGETS, lambda n: False)
    assert res.new is not None and b"class Config:\n    pass\n" in res.new


def test_literal_inside_fstring_is_reported_not_broken() -> None:
    src = f'import boto3\nurl = f"https://{I}:{{x}}@host"\n'.encode()
    res = rewrite_python(src, TARGETS)
    assert res.new is None
    assert [(ln, kind) for ln, kind, _ in res.unresolved] == [(2, "key_id")]


def test_python2_file_left_alone() -> None:
    src = f'print "hi"\nKEY = "{I}"\n'.encode()
    res = rewrite_python(src, TARGETS)
    assert res.new is None and "does not parse" in res.notes[0]


def test_import_added_when_boto3_not_imported() -> None:
    src = f'"""Doc."""\nfrom __future__ import annotations\nKEY = "{I}"\n'.encode()
    res = rewrite_python(src, TARGETS)
    assert res.new is not None
    assert res.new.startswith(b'"""Doc."""\nfrom __future__ import annotations\nimport boto3\n')
    compile(res.new, "x", "exec")


def test_no_changes_without_keys() -> None:
    src = b"import boto3\nboto3.client('s3')\n"
    res = rewrite_python(src, TARGETS)
    assert res.new is None and res.unresolved == []


def test_env_var_is_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    # guard for the "environ" snippet: exec sets AWS_PROFILE in this process
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    assert "AWS_PROFILE" not in os.environ


def test_import_inside_function_does_not_count_at_module_level() -> None:
    src = (f'KEY = "{I}"\n\n\ndef make():\n    import boto3\n'
           f'    return boto3.client("s3", aws_access_key_id="{I}", aws_secret_access_key="{S}")\n'
           ).encode()
    res = rewrite_python(src, TARGETS, lambda n: True)
    assert res.new is not None
    assert res.new.startswith(b"import boto3\nKEY = getattr(boto3.Session().get_credentials(), ")
    assert b'    return boto3.client("s3")' in res.new


def test_deleted_statements_leave_no_run_of_three_blank_lines() -> None:
    """ruff/pycodestyle E303: deleting the key variables between two blank runs keeps the
    larger run, never their sum (at module level and inside a function)."""
    src = (f'import boto3\n\n\nACCESS_KEY = "{I}"\nSECRET_KEY = "{S}"\n\n\n'
           f'def make():\n    key = "{I}"\n\n    secret = "{S}"\n\n'
           '    return boto3.client("s3", aws_access_key_id=key,\n'
           '                        aws_secret_access_key=secret)\n\n\n'
           'def other():\n    return boto3.client("sqs", aws_access_key_id=ACCESS_KEY,\n'
           '                        aws_secret_access_key=SECRET_KEY)\n').encode()
    res = rewrite_python(src, TARGETS, lambda n: False)
    assert res.new is not None
    assert res.new == (b'import boto3\n\n\ndef make():\n\n    return boto3.client("s3")\n'
                       b'\n\ndef other():\n    return boto3.client("sqs")\n')


def test_the_note_says_how_to_select_the_profile() -> None:
    res = rewrite_python(SNIPPETS["client_kwargs"].encode(), TARGETS)
    assert any("AWS_PROFILE=proj" in n and "default credential chain" in n for n in res.notes)
