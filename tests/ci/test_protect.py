"""A change must not configure its own scan (issue 14 item 4), with real git repositories."""

from __future__ import annotations

import json
from pathlib import Path

from scanner.api import HistorySelection, scan_history, scan_staged
from scanner.ci import protect
from scanner.config.load import Config
from scanner.models import Finding
from tests.git_helpers import Repo, aws_pair, git_env  # noqa: F401 - autouse fixture


def _repo(tmp_path: Path) -> tuple[Repo, str]:
    repo = Repo(tmp_path / "r")
    repo.write("README.md", "hello\n")
    repo.write("pyproject.toml", "[project]\nname = 'x'\n\n[tool.black]\nline-length = 99\n")
    return repo, repo.commit("base")


def _scan(repo: Repo, base: str, head: str):  # type: ignore[no-untyped-def]
    def run(config: Config) -> list[Finding]:
        sel = HistorySelection(revs=(f"{base}..{head}",))
        res = scan_history(str(repo.path), selection=sel, config=config, jobs=1)
        return res.findings
    return run


def test_pr_adding_allow_everything_config_is_reported_and_ignored(tmp_path: Path) -> None:
    repo, base = _repo(tmp_path)
    repo.write(".credscan.toml", '[allowlist]\npaths = ["**"]\n')
    repo.write("deploy/creds.ini", aws_pair(21))
    head = repo.commit("innocent change")
    changes = protect.config_changes(repo.path, base, head)
    assert [(c.path, c.status, c.kind) for c in changes] == [
        (".credscan.toml", "added", "config")]
    assert protect.describe(changes).startswith("this change edits the scanner's configuration")
    p = protect.protect(repo.path, base, head)
    assert p.config.allow_paths == ()  # the base revision's configuration: the defaults
    assert p.baseline is None
    found = _scan(repo, base, head)(p.config)
    assert any(f.rule_id.startswith("aws") for f in found)
    # with the change's own configuration it would have passed
    head_cfg = protect.config_at(repo.path, head)
    assert head_cfg.allow_paths == ("**",)
    assert not _scan(repo, base, head)(head_cfg)


def test_pyproject_counts_only_for_tool_credscan(tmp_path: Path) -> None:
    repo, base = _repo(tmp_path)
    repo.write("pyproject.toml", "[project]\nname = 'x'\n\n[tool.black]\nline-length = 120\n")
    mid = repo.commit("black")
    assert protect.config_changes(repo.path, base, mid) == []
    repo.write("pyproject.toml", "[project]\nname = 'x'\n\n[tool.credscan]\n"
               "allowlist = { paths = ['deploy/**'] }\n")
    head = repo.commit("tool.credscan")
    changes = protect.config_changes(repo.path, mid, head)
    assert [(c.path, c.status) for c in changes] == [("pyproject.toml", "added")]
    assert "[tool.credscan]" in protect.describe(changes)
    assert protect.config_at(repo.path, mid).allow_paths == ()
    assert protect.config_at(repo.path, head).allow_paths == ("deploy/**",)


def test_baseline_accepting_its_own_key(tmp_path: Path) -> None:
    repo, base = _repo(tmp_path)
    repo.write("creds.ini", aws_pair(22))
    leak = repo.commit("leak")
    found = _scan(repo, base, leak)(Config(root=repo.path))
    fps = {f.fingerprint: {"rule": f.rule_id, "file": f.file, "line": f.line,
                            "verdict": "false_positive"} for f in found}
    repo.write(".credscan-baseline.json", json.dumps({"version": 1, "findings": fps}))
    head = repo.commit("accept")
    changes = protect.config_changes(repo.path, base, head)
    assert [(c.path, c.kind) for c in changes] == [(".credscan-baseline.json", "baseline")]
    assert protect.protect(repo.path, base, head).baseline is None
    hidden = protect.check_change(repo.path, base, head, _scan(repo, base, head))
    assert {f.fingerprint for f in hidden} == set(fps)


def test_local_commit_adding_secret_and_allowlist_is_reported(tmp_path: Path) -> None:
    repo, base = _repo(tmp_path)
    repo.write("app/settings.py", aws_pair(23))
    repo.write(".credscan.toml", '[allowlist]\npaths = ["app/settings.py"]\n')
    head = repo.commit("settings")
    hidden = protect.check_change(repo.path, base, head, _scan(repo, base, head))
    assert hidden and all(f.file == "app/settings.py" for f in hidden)
    msg = protect.self_allowed_message(hidden)
    assert "also allowlists them" in msg and "app/settings.py" in msg


def test_unchanged_config_reports_nothing(tmp_path: Path) -> None:
    repo, base = _repo(tmp_path)
    repo.write(".credscan.toml", 'threshold = "low"\n')
    mid = repo.commit("config")
    repo.write("creds.ini", aws_pair(24))
    head = repo.commit("leak")
    assert protect.config_changes(repo.path, mid, head) == []
    assert protect.check_change(repo.path, mid, head, _scan(repo, mid, head)) == []
    assert protect.config_at(repo.path, mid).threshold.value == "low"


def test_staged_secret_with_its_own_allowlist_is_reported(tmp_path: Path) -> None:
    repo, _ = _repo(tmp_path)
    repo.write("svc/app.env", aws_pair(25))
    repo.write(".credscan.toml", '[allowlist]\npaths = ["svc/**"]\n')
    repo.git("add", "-A")

    def scan(config: Config) -> list[Finding]:
        return scan_staged(str(repo.path), config=config).result.findings

    hidden = protect.check_staged(repo.path, scan)
    assert hidden and {f.file for f in hidden} == {"svc/app.env"}
    # staged without the allowlist: nothing to report (the hook blocks it anyway)
    repo.git("rm", "-q", "--cached", ".credscan.toml")
    assert protect.check_staged(repo.path, scan) == []


def test_staged_hook_warns_about_a_self_allowlisted_secret(tmp_path: Path) -> None:
    import subprocess
    import sys

    repo, _ = _repo(tmp_path)
    repo.write("svc/app.env", aws_pair(26))
    repo.write(".credscan.toml", '[allowlist]\npaths = ["svc/**"]\n')
    repo.git("add", "-A")
    proc = subprocess.run([sys.executable, "-c", "from scanner.cli.main import entry; entry()",
                           "staged"], cwd=repo.path, capture_output=True, timeout=120,
                          check=False)
    err = proc.stderr.decode()
    assert "also allowlists them" in err and "svc/app.env" in err, err
    assert protect.staged_config_edits(repo.path)
