"""Importing a detect-secrets 1.5 baseline onto a real credscan scan (item 9 of issue 11).

detect-secrets hashes the value *its* plugin captured, which is not always credscan's: the
``BEGIN ... PRIVATE KEY`` phrase for a private key (so every RSA key of a repository has the
same hash), the base64 text of a Kubernetes Secret where credscan reports the decoded
value. The baselines here are written the way detect-secrets 1.5 writes them (the same
keys, ``plugins_used``/``filters_used`` lists and conventions, checked against the real
tool when this test was written); no detect-secrets is needed to run it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
from pathlib import Path

import pytest

from scanner import api
from scanner.baseline import Baseline, filter_result
from scanner.baseline.importers import (
    HOW_CAPTURE,
    HOW_HASH,
    HOW_LINE,
    R_NO_FINDING_FILE,
    ds_candidates,
    import_file,
)
from scanner.cli.main import main
from tests import fakes
from tests.ci_git import clean_ci_env, commit, init

#: detect-secrets 1.5's default settings block, as `detect-secrets scan` writes it
PLUGINS = [{"name": n} for n in ("ArtifactoryDetector", "AWSKeyDetector",
                                 "AzureStorageKeyDetector")] + [
    {"name": "Base64HighEntropyString", "limit": 4.5}, {"name": "BasicAuthDetector"},
    {"name": "CloudantDetector"}, {"name": "DiscordBotTokenDetector"},
    {"name": "GitHubTokenDetector"}, {"name": "GitLabTokenDetector"},
    {"name": "HexHighEntropyString", "limit": 3.0}, {"name": "IbmCloudIamDetector"},
    {"name": "IbmCosHmacDetector"}, {"name": "IPPublicDetector"}, {"name": "JwtTokenDetector"},
    {"name": "KeywordDetector", "keyword_exclude": ""}, {"name": "MailchimpDetector"},
    {"name": "NpmDetector"}, {"name": "OpenAIDetector"}, {"name": "PrivateKeyDetector"},
    {"name": "PypiTokenDetector"}, {"name": "SendGridDetector"}, {"name": "SlackDetector"},
    {"name": "SoftlayerDetector"}, {"name": "SquareOAuthDetector"}, {"name": "StripeDetector"},
    {"name": "TelegramBotTokenDetector"}, {"name": "TwilioKeyDetector"}]
FILTERS = [{"path": "detect_secrets.filters.allowlist.is_line_allowlisted"},
           {"path": "detect_secrets.filters.common.is_ignored_due_to_verification_policies",
            "min_level": 2}] + [{"path": f"detect_secrets.filters.heuristic.{n}"} for n in (
               "is_indirect_reference", "is_likely_id_string", "is_lock_file",
               "is_not_alphanumeric_string", "is_potential_uuid", "is_prefixed_with_dollar_sign",
               "is_sequential_string", "is_swagger_file", "is_templated_secret")]
RSA = "BEGIN RSA " + "PRIV" + "ATE KEY"
EC = "BEGIN EC " + "PRIV" + "ATE KEY"


def sha1(s: str) -> str:
    return hashlib.sha1(s.encode()).hexdigest()


def entry(kind: str, filename: str, value: str, line: int, is_secret: bool | None = None,
          hashed: str | None = None) -> dict[str, object]:
    """One result, keys in detect-secrets' order (``PotentialSecret.json``)."""
    e: dict[str, object] = {"type": kind, "filename": filename,
                            "hashed_secret": hashed or sha1(value), "is_verified": False,
                            "line_number": line}
    if is_secret is not None:
        e["is_secret"] = is_secret
    return e


def ds_baseline(results: list[dict[str, object]]) -> str:
    by_file: dict[str, list[dict[str, object]]] = {}
    for e in results:
        by_file.setdefault(str(e["filename"]), []).append(e)
    doc = {"version": "1.5.0", "plugins_used": PLUGINS, "filters_used": FILTERS,
           "results": {k: sorted(v, key=lambda e: (e["line_number"], e["type"]))
                       for k, v in sorted(by_file.items())},
           "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    return json.dumps(doc, indent=2) + "\n"


def _line_of(text: str, needle: str, nth: int = 0) -> int:
    lines = [i for i, ln in enumerate(text.splitlines(), 1) if needle in ln]
    return lines[nth]


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, dict[str, str]]:
    clean_ci_env(monkeypatch)
    r = init(tmp_path / "requests")
    monkeypatch.chdir(r)
    k8s_pw = fakes.password(44, 20)
    v = {
        "key_id": fakes.aws_key_id(61), "secret": fakes.aws_secret(61),
        "k8s_b64": base64.b64encode(k8s_pw.encode()).decode(), "k8s_pw": k8s_pw,
        "url_pw": fakes.rand(23, fakes.ALNUM, 16), "json_pw": fakes.rand(27, fakes.ALNUM, 20),
        "yaml_pw": fakes.rand(26, fakes.ALNUM, 20), "blob": fakes.rand(11, fakes.ALNUM, 44),
    }
    files = {
        "tests/certs/server.key": fakes.private_key_pem(5),
        "tests/certs/pair.pem": fakes.private_key_pem(6) + fakes.private_key_pem(7, kind="EC"),
        "client.py": f'AWS_KEY = "{v["key_id"]}"\naws_secret = "{v["secret"]}"\n',
        "k8s/secret.yaml": ("apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n"
                            f"type: Opaque\ndata:\n  password: {v['k8s_b64']}\n"),
        "db.py": f'DATABASE_URL = "postgres://app:{v["url_pw"]}@db.internal:5432/app"\n',
        "settings.json": '{\n  "db": {"password": "' + v["json_pw"] + '"}\n}\n',
        "config.yaml": f'database:\n  password: "{v["yaml_pw"]}"\n',
        "static/conf.js": f'const blob = "{v["blob"]}";\n',
    }
    commit(r, files, "fixtures")
    return r, {**v, **{f"file:{k}": t for k, t in files.items()}}


def _baseline(v: dict[str, str]) -> str:
    pair = v["file:tests/certs/pair.pem"]
    return ds_baseline([
        # private keys: the phrase is what detect-secrets hashes; marked not secret (test certs)
        entry("Private Key", "tests/certs/server.key", RSA, 1, is_secret=False),
        entry("Private Key", "tests/certs/pair.pem", RSA, 1, is_secret=False),
        entry("Private Key", "tests/certs/pair.pem", EC, _line_of(pair, EC), is_secret=False),
        # AWS: the key ID; the secret line is flagged by three plugins with the same value
        entry("AWS Access Key", "client.py", v["key_id"], 1, is_secret=True),
        entry("Base64 High Entropy String", "client.py", v["secret"], 2),
        entry("Secret Keyword", "client.py", v["secret"], 2),
        # keyword on a Kubernetes Secret: detect-secrets hashes the base64 text
        entry("Secret Keyword", "k8s/secret.yaml", v["k8s_b64"], 7, is_secret=False),
        # basic auth: the password of the URL
        entry("Basic Auth Credentials", "db.py", v["url_pw"], 1, is_secret=False),
        entry("Secret Keyword", "settings.json", v["json_pw"], 2, is_secret=False),
        # a value detect-secrets captured through a transformer we do not mirror: only the
        # position is left to go by
        entry("Secret Keyword", "config.yaml", "", 2, is_secret=False,
              hashed=sha1(v["yaml_pw"] + "\u00a0")),
        # entropy that credscan does not report
        entry("Base64 High Entropy String", "static/conf.js", v["blob"], 1),
    ])


def test_every_entry_maps_by_the_plugins_own_capture(
        project: tuple[Path, dict[str, str]]) -> None:
    root, v = project
    src = root / ".secrets.baseline"
    src.write_text(_baseline(v))
    result = api.scan_paths(["."])  # the fixture works in the repository, as a user does
    rep = import_file(src, result.findings, root)
    assert rep.total == 11
    by = {(m.finding.file, m.finding.line, m.source): (m.how, m.verdict) for m in rep.mapped}
    pair = v["file:tests/certs/pair.pem"]
    assert by[("tests/certs/server.key", 1, "detect-secrets Private Key")] == (
        HOW_CAPTURE, "false_positive")
    assert by[("tests/certs/pair.pem", 1, "detect-secrets Private Key")][0] == HOW_CAPTURE
    assert by[("tests/certs/pair.pem", _line_of(pair, EC), "detect-secrets Private Key")][0] \
        == HOW_CAPTURE
    assert by[("client.py", 1, "detect-secrets AWS Access Key")] == (HOW_HASH, "real")
    assert by[("client.py", 2, "detect-secrets Base64 High Entropy String")][0] == HOW_HASH
    assert by[("client.py", 2, "detect-secrets Secret Keyword")][0] == HOW_HASH
    assert by[("k8s/secret.yaml", 7, "detect-secrets Secret Keyword")][0] == HOW_CAPTURE
    assert by[("db.py", 1, "detect-secrets Basic Auth Credentials")][0] == HOW_HASH
    assert by[("settings.json", 2, "detect-secrets Secret Keyword")][0] == HOW_HASH
    assert by[("config.yaml", 2, "detect-secrets Secret Keyword")][0] == HOW_LINE
    assert rep.how == {HOW_HASH: 5, HOW_CAPTURE: 4, HOW_LINE: 1}
    assert rep.unmapped == {R_NO_FINDING_FILE: 1}  # static/conf.js: entropy credscan skips
    summary = rep.summary()
    assert "11 entries, 10 mapped" in summary and "5 by the secret's hash" in summary
    assert "4 by detect-secrets' own capture" in summary and "1 by file and line" in summary
    # the three private keys are three findings, each with its own verdict
    keys = {m.finding.fingerprint for m in rep.mapped if "Private Key" in m.source}
    assert len(keys) == 3


def test_import_then_the_scan_passes_on_the_triaged_keys(
        project: tuple[Path, dict[str, str]], capsys: pytest.CaptureFixture[str]) -> None:
    root, v = project
    (root / ".secrets.baseline").write_text(_baseline(v))
    assert main(["baseline", "import", ".secrets.baseline"]) == 0
    err = capsys.readouterr().err
    assert "10 mapped" in err and "by detect-secrets' own capture" in err
    b = Baseline.load(root / ".credscan-baseline.json")
    text = (root / ".credscan-baseline.json").read_text()
    assert all(s not in text for s in (v["secret"], v["url_pw"], v["k8s_pw"], v["k8s_b64"]))
    notes = [e.note for e in b.entries.values() if e.note]
    assert len(notes) == 1 and "by position" in notes[0]
    kept, hidden = filter_result(api.scan_paths(["."]), b)
    # only the confirmed AWS leak still fails; every private key is accepted
    assert {f.file for f in kept.findings if f.rule_id == "private-key"} == set()
    assert {f.file for f in kept.findings} == {"client.py"}


def test_candidates_follow_detect_secrets_conventions() -> None:
    pw = fakes.rand(5, fakes.ALNUM, 12)
    line = f'url = "https://deploy:{pw}@git.example.org/x.git"'
    assert pw in {c for c, _, _ in ds_candidates(line)}
    assert RSA in {c for c, _, _ in ds_candidates("-----" + RSA + "-----")}
    b64 = base64.b64encode(b"x" * 12).decode()
    assert b64 in {c for c, _, _ in ds_candidates(f"  password: {b64}")}
    quoted = fakes.rand(6, fakes.ALNUM, 20)
    spans = {c: (s, e) for c, s, e in ds_candidates(f"password = '{quoted}'")}
    assert spans[quoted] == (13, 13 + len(quoted))
