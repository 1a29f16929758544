"""History tells the truth: what is at HEAD, what changed inside a key, who is unknown."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from scanner import api
from tests import fakes
from tests.git_helpers import CLEAN, Repo, git_env, github_line  # noqa: F401


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    r = Repo(tmp_path / "r")
    r.write("app.py", CLEAN)
    r.commit("init")
    return r


def test_a_key_regenerated_inside_its_block_is_found_again(repo: Repo) -> None:
    repo.write("certs/server.key", fakes.pem_private_key(1))
    repo.commit("add key")
    # regenerate: only the body lines change, the BEGIN/END lines do not
    repo.write("certs/server.key", fakes.pem_private_key(2))
    second = repo.commit("regenerate key")
    res = api.scan_history(str(repo.path))
    keys = [f for f in res.findings if f.rule_id == "private-key"]
    assert len(keys) == 2
    latest = [f for f in keys if f.commit and f.commit.sha == second]
    assert latest and latest[0].present_at_head is True and latest[0].line == 1
    assert [f.present_at_head for f in keys if f not in latest] == [False]


def test_present_at_head_is_about_the_file_not_any_file(repo: Repo) -> None:
    token = fakes.github_classic(611)
    repo.write("old.py", f'token = "{token}"\n')
    repo.write("notes.txt", f"mentions {token} elsewhere\n")
    repo.commit("leak")
    repo.git("rm", "-q", "old.py")
    repo.commit("remove")
    f = next(f for f in api.scan_history(str(repo.path)).findings if f.file == "old.py")
    assert f.present_at_head is False  # the value is elsewhere, but this file is gone


def test_present_at_head_follows_a_rename_and_reports_the_head_line(repo: Repo) -> None:
    repo.write("a.py", CLEAN + github_line(612))
    repo.commit("leak")
    repo.git("mv", "a.py", "b.py")
    repo.write("b.py", CLEAN * 3 + github_line(612))
    repo.commit("move and shift")
    f = next(f for f in api.scan_history(str(repo.path)).findings if f.file == "a.py")
    assert f.present_at_head is True
    assert f.extras["head_path"] == "b.py" and f.extras["head_line"] == "7"


def test_shallow_clone_never_invents_an_author(repo: Repo, tmp_path: Path) -> None:
    repo.write("k.py", github_line(613))
    repo.commit("old leak")
    for i in range(3):
        repo.write(f"f{i}.py", CLEAN)
        repo.commit(f"later {i}")
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone)],
                   check=True)
    res = api.scan_history(str(clone))
    f = next(f for f in res.findings if f.file == "k.py")
    assert f.commit is not None and f.commit.author == "" and f.commit.email == ""
    assert f.extras["introduced"].startswith("unknown")
    assert any("shallow" in n for n in res.notes)


def test_gitattributes_cannot_turn_history_off(repo: Repo) -> None:
    repo.write(".gitattributes", "* -diff\n*.py binary\n")
    repo.write("leak.py", CLEAN + github_line(614))
    repo.write("leak.txt", github_line(615))
    repo.commit("attributes and leaks")
    got = {(f.file, f.line) for f in api.scan_history(str(repo.path)).findings}
    assert {("leak.py", 3), ("leak.txt", 1)} <= got


def test_replace_objects_cannot_hide_a_commit(repo: Repo) -> None:
    repo.write("k.py", github_line(616))
    bad = repo.commit("leak")
    repo.write("k.py", CLEAN)
    clean = repo.commit("clean")
    tree = repo.git("rev-parse", f"{clean}^{{tree}}").strip()
    fake = repo.git("commit-tree", tree, "-m", "innocent", "-p", f"{bad}^").strip()
    repo.git("replace", bad, fake)
    assert any(f.file == "k.py" for f in api.scan_history(str(repo.path)).findings)


def test_progress_ticks_during_a_run(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    """Progress is reported as fragments are scanned, not only when a unit ends; the bar
    itself redraws on its own (rich's refresh thread), so it never looks frozen."""
    for i in range(40):
        repo.write(f"m{i % 7}.py", CLEAN * (i + 1))
        repo.commit(f"c{i}")
    monkeypatch.setattr(api, "BATCH_BYTES", 1)
    seen: list[int] = []
    api.scan_history(str(repo.path), jobs=1, progress=lambda d, t, b: seen.append(d))
    assert seen[0] == 0 and seen[-1] == 41
    assert len(set(seen)) >= 10 and seen == sorted(seen)
    from scanner.cli import progress

    src = Path(progress.__file__).read_text()
    assert "refresh_per_second" in src and "auto_refresh=False" not in src


def test_present_at_head_for_a_base64_key_in_a_kubernetes_secret(repo: Repo) -> None:
    import base64

    pem = base64.b64encode(fakes.pem_private_key("k8s-head", "EC").encode()).decode()
    text = ("apiVersion: v1\nkind: Secret\nmetadata:\n  name: api-tls\ntype: kubernetes.io/tls\n"
            f"data:\n  tls.key: {pem}\n")
    repo.write("deploy/api-tls.yaml", text)
    repo.commit("tls secret")
    repo.write("deploy/api-tls.yaml", "# moved to cert-manager\n" + text)
    repo.commit("comment")
    keys = [f for f in api.scan_history(str(repo.path)).findings if f.file == "deploy/api-tls.yaml"]
    assert keys and all(f.present_at_head is True for f in keys)
    assert {f.extras["head_line"] for f in keys} == {"8"}
