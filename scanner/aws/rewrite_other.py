"""Files that are not code we can rewrite: AWS-format credential files and the rest.

An INI file in the AWS format (a copy of ``~/.aws/credentials`` in the project) or the IAM
console's ``credentials.csv`` exists only to hold keys: once they are moved it should go,
so it is flagged for deletion (deleted only with ``--delete-files``), provided every key
in it is one we move. Any other file gets its literal blanked (``""``) only on request
(``--blank-other``), and only where the result still parses.
"""

from __future__ import annotations

import configparser
import csv
import io
import json
from pathlib import PurePath

from scanner.aws.edits import Edits
from scanner.aws.rewrite_types import RewriteResult, Targets, remaining, unchanged

_AWS_KEYS = {"region", "output", "role_arn", "source_profile", "credential_source",
             "credential_process", "external_id", "mfa_serial", "role_session_name",
             "duration_seconds", "web_identity_token_file", "ca_bundle", "max_attempts",
             "retry_mode", "parameter_validation", "endpoint_url", "services",
             "use_fips_endpoint", "use_dualstack_endpoint", "tcp_keepalive",
             "sts_regional_endpoints", "account_id_endpoint_mode"}
_AWS_PREFIXES = ("aws_", "sso_", "cli_", "s3", "endpoint", "ec2_", "imds", "metadata_")
#: Plain data/config formats where an unquoted value can be blanked.
_DATA_SUFFIXES = {".json", ".ipynb", ".yml", ".yaml", ".toml", ".ini", ".cfg", ".conf",
                  ".properties", ".txt", ".md", ".rst", ".env", ".tfvars", ".xml", ""}
_QUOTES = (b'"', b"'", b"`")


def aws_ini_keys(data: bytes) -> set[str] | None:
    """Key IDs in an AWS-format INI file, or None if the file is not one."""
    try:
        text = data.decode("utf-8")
        cp = configparser.RawConfigParser(strict=False)
        cp.read_string(text)
    except (UnicodeDecodeError, configparser.Error):
        return None
    ids: set[str] = set()
    if not cp.sections():
        return None
    for s in cp.sections():
        for k, v in cp.items(s, raw=True):
            if k not in _AWS_KEYS and not k.startswith(_AWS_PREFIXES):
                return None
            if k == "aws_access_key_id":
                ids.add(v.strip())
    return ids or None


def credentials_csv_keys(data: bytes) -> set[str] | None:
    """Key IDs in an IAM console ``credentials.csv`` / ``*_accessKeys.csv``, or None."""
    try:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    except (UnicodeDecodeError, csv.Error):
        return None
    if not rows:
        return None
    head = [c.strip().lower() for c in rows[0]]
    if "access key id" not in head or "secret access key" not in head:
        return None
    col = head.index("access key id")
    return {r[col].strip() for r in rows[1:] if len(r) > col and r[col].strip()} or None


def deletable(path: str, data: bytes, moved_ids: set[str]) -> str | None:
    """Why the file may be deleted once its keys are moved (None: it may not)."""
    ids = credentials_csv_keys(data) if path.lower().endswith(".csv") else aws_ini_keys(data)
    if ids is None:
        return None
    if not ids <= moved_ids:
        return None
    return ("the IAM console's credentials.csv" if path.lower().endswith(".csv")
            else "an AWS-format credentials file")


def _parses(path: str, data: bytes) -> bool | None:
    """Whether ``data`` parses in the file's format; None when we cannot tell."""
    suffix = PurePath(path).suffix.lower()
    try:
        if suffix in (".json", ".ipynb"):
            json.loads(data)
        elif suffix in (".yml", ".yaml"):
            try:
                import yaml
            except ImportError:
                return None
            for _ in yaml.safe_load_all(data):
                pass
        elif suffix == ".toml":
            try:
                import tomllib
            except ImportError:  # pragma: no cover - Python 3.10
                import tomli as tomllib
            tomllib.loads(data.decode("utf-8"))
        elif suffix in (".py", ".pyw"):
            compile(data, path, "exec", dont_inherit=True)
        else:
            return None
    except Exception:  # noqa: BLE001 - any parser failure means "does not parse"
        return False
    return True


def blank_literals(path: str, data: bytes, targets: Targets) -> RewriteResult:
    """Replace each literal by an empty string where that keeps the file valid."""
    suffix = PurePath(path).suffix.lower()
    edits = Edits()
    for value in targets:
        needle = value.encode()
        i = data.find(needle)
        while i >= 0:
            j = i + len(needle)
            before, after = data[i - 1:i] if i else b"", data[j:j + 1]
            quoted = before in _QUOTES and after == before
            if quoted or suffix in _DATA_SUFFIXES:
                edits.add(i, j, b"")
            i = data.find(needle, j)
    if not edits:
        return unchanged(data, targets, "no literal can be blanked safely here")
    new = edits.apply(data)
    if _parses(path, data) and _parses(path, new) is False:
        return unchanged(data, targets, "blanking the literal would break the file's syntax")
    return RewriteResult(new, remaining(new, targets), [])
