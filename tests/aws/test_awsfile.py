"""The round-trip INI editor keeps every byte it does not need to change."""

from __future__ import annotations

import pytest

from scanner.aws.awsfile import AwsIniFile, split_lines
from scanner.aws.errors import AwsFileError
from tests.aws_support import Key

K = Key.make("awsfile")


def _set(text: str, profile: str, values: dict[str, str], kind: str = "config",
         remove: tuple[str, ...] = ()) -> str:
    f = AwsIniFile(text, kind, "cfg")  # type: ignore[arg-type]
    f.set_profile(profile, values, remove=remove)
    return f.text()


def test_new_profile_appended_everything_else_identical() -> None:
    old = ("# my settings\n"
           "[default]\n"
           "region = us-east-1\n"
           "output=json\n"
           "\n"
           "; work account\n"
           "[profile work]\n"
           "role_arn = arn:aws:iam::123456789012:role/x\n"
           "source_profile = default\n"
           "s3 =\n"
           "  max_concurrent_requests = 20\n"
           "unknown_future_key = keep me\n")
    new = _set(old, "app", {"aws_access_key_id": K.key_id, "aws_secret_access_key": K.secret})
    assert new.startswith(old)
    assert new[len(old):] == (f"\n[profile app]\naws_access_key_id = {K.key_id}\n"
                              f"aws_secret_access_key = {K.secret}\n")


def test_crlf_and_missing_final_newline_kept() -> None:
    old = "[default]\r\nregion = eu-west-1\r\n\r\n[profile x]\r\noutput = text"
    new = _set(old, "default", {"aws_access_key_id": K.key_id, "aws_secret_access_key": K.secret})
    assert not new.endswith(("\n", "\r"))
    assert "\n" not in new.replace("\r\n", "")
    assert new == ("[default]\r\nregion = eu-west-1\r\n"
                   f"aws_access_key_id = {K.key_id}\r\naws_secret_access_key = {K.secret}\r\n"
                   "\r\n[profile x]\r\noutput = text")


def test_append_after_unterminated_last_line() -> None:
    old = "[default]\nregion = eu-west-1"
    new = _set(old, "p", {"aws_access_key_id": K.key_id})
    assert new == f"[default]\nregion = eu-west-1\n\n[profile p]\naws_access_key_id = {K.key_id}"


def test_existing_key_replaced_in_place_with_its_spelling() -> None:
    old = "[profile a]\n  AWS_Access_Key_ID=OLDVALUE  \n# c\nregion: sa-east-1\n"
    new = _set(old, "a", {"aws_access_key_id": K.key_id})
    assert new == f"[profile a]\n  AWS_Access_Key_ID={K.key_id}\n# c\nregion: sa-east-1\n"


def test_profile_spelling_and_credentials_sections() -> None:
    cfg = "[profile  spaced]\nregion = us-east-1\n[plain]\nx = 1\n"
    new = _set(cfg, "spaced", {"output": "json"})
    assert new == "[profile  spaced]\nregion = us-east-1\noutput = json\n[plain]\nx = 1\n"
    # [plain] is not a profile in the config file: a new [profile plain] is added
    new2 = _set(cfg, "plain", {"output": "json"})
    assert new2.endswith("\n[profile plain]\noutput = json\n")
    creds = "[plain]\naws_access_key_id = A\n"
    new3 = _set(creds, "plain", {"aws_secret_access_key": K.secret}, kind="credentials")
    assert new3 == f"[plain]\naws_access_key_id = A\naws_secret_access_key = {K.secret}\n"


def test_default_section_spelling_kept() -> None:
    new = _set("[profile default]\nregion = us-east-1\n", "default", {"output": "json"})
    assert new == "[profile default]\nregion = us-east-1\noutput = json\n"


def test_remove_keys() -> None:
    old = "[profile a]\naws_session_token = OLD\nregion = us-east-1\n"
    new = _set(old, "a", {"aws_access_key_id": K.key_id}, remove=("aws_session_token",))
    assert new == f"[profile a]\nregion = us-east-1\naws_access_key_id = {K.key_id}\n"


@pytest.mark.parametrize("text,needle", [
    ("[a]\nx = 1\n[a]\ny = 2\n", "appears twice"),
    ("[a]\nx = 1\nx = 2\n", "appears twice"),
    ("x = 1\n[a]\n", "outside any [section]"),
    ("[a]\nthis line is junk\n", "neither"),
    ("\ufeff[a]\nx = 1\n", "byte-order mark"),
])
def test_unparseable_files_refused(text: str, needle: str) -> None:
    with pytest.raises(AwsFileError, match=needle.replace("[", r"\[").replace("]", r"\]")) as e:
        AwsIniFile(text, "config", "~/.aws/config")
    assert "\n" not in str(e.value)


def test_ambiguous_default_refused() -> None:
    f = AwsIniFile("[default]\nregion = a\n[profile default]\nregion = b\n", "config", "cfg")
    with pytest.raises(AwsFileError, match="defined twice"):
        f.set_profile("default", {"output": "json"})


def test_non_utf8_refused() -> None:
    with pytest.raises(AwsFileError, match="UTF-8"):
        AwsIniFile.from_bytes(b"[a]\nx = \xff\n", "config", "cfg")


def test_split_lines_universal_newlines() -> None:
    assert split_lines("a\r\nb\rc\nd") == ["a\r\n", "b\r", "c\n", "d"]
    assert "".join(split_lines("x\n\n\r\n")) == "x\n\n\r\n"


def test_botocore_reads_the_result(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tests.aws_support import botocore_view, isolate

    env = isolate(monkeypatch, tmp_path)
    env.aws_dir.mkdir()
    old = "# keep\r\n[default]\r\nregion = eu-central-1\r\n\r\n[profile other]\r\noutput = json"
    f = AwsIniFile(old, "config", "cfg")
    f.set_profile("app", {"aws_access_key_id": K.key_id, "aws_secret_access_key": K.secret,
                          "region": "ap-northeast-2"})
    env.config.write_text(f.text(), newline="")
    assert botocore_view("app") == (K.key_id, K.secret, None, "ap-northeast-2")
    assert botocore_view("default")[3] == "eu-central-1"
