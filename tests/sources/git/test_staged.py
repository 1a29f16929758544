"""``credscan staged``: exactly the lines the next commit adds, on real repositories."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.api import scan_staged
from scanner.cli.main import main
from scanner.errors import SourceError
from tests import fakes
from tests.git_helpers import CLEAN, Repo, aws_pair, git_env, github_line  # noqa: F401


def found(repo: Repo, **kw: object) -> list[tuple[str, int, str]]:
    scan = scan_staged(str(repo.path), **kw)  # type: ignore[arg-type]
    return [(f.file, f.line, f.rule_id) for f in scan.result.findings]


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    r = Repo(tmp_path / "r")
    r.write("app.py", CLEAN * 3)
    r.commit("init")
    return r


def test_added_lines_only_with_staged_line_numbers(repo: Repo) -> None:
    repo.write("app.py", CLEAN + github_line(1) + CLEAN * 2)
    repo.git("add", "app.py")
    assert found(repo) == [("app.py", 3, "github-classic-token")]


def test_unstaged_and_untracked_are_ignored(repo: Repo) -> None:
    repo.write("untracked.txt", github_line(2))
    repo.write("app.py", CLEAN * 3 + github_line(3))  # modified, not staged
    assert found(repo) == []
    repo.git("add", "app.py")
    repo.write("app.py", CLEAN * 3)  # the work tree no longer has it, the index does
    assert [f[0] for f in found(repo)] == ["app.py"]


def test_lines_already_committed_are_not_reported(repo: Repo) -> None:
    repo.write("old.py", github_line(4))
    repo.commit("old secret")  # e.g. committed with --no-verify earlier
    repo.write("old.py", github_line(4) + CLEAN)
    repo.git("add", "old.py")
    assert found(repo) == []


def test_unborn_branch_uses_the_empty_tree(tmp_path: Path) -> None:
    r = Repo(tmp_path / "new")
    r.write("creds", aws_pair(5))
    r.git("add", "creds")
    rules = {rule for _, _, rule in found(r)}
    assert "aws-secret-access-key" in rules


def test_renames_copies_deletions_modes(repo: Repo) -> None:
    repo.write("conf/secret.ini", "[x]\n" + aws_pair(6))
    repo.commit("secret committed earlier")
    repo.git("mv", "conf/secret.ini", "conf/renamed.ini")
    repo.git("rm", "-q", "app.py")
    repo.write("run.sh", "echo hi\n")
    repo.git("add", "run.sh")
    repo.git("update-index", "--chmod=+x", "run.sh")
    assert found(repo) == []  # a pure rename adds no line
    repo.write("conf/renamed.ini", "[x]\n" + aws_pair(6) + github_line(7))
    repo.git("add", "conf/renamed.ini")
    assert found(repo) == [("conf/renamed.ini", 4, "github-classic-token")]


def test_weird_file_names(repo: Repo) -> None:
    names = ["with space.txt", "café/ünïcode.txt", "new\nline.txt", 'quote"d.txt', "tab\tx"]
    for i, n in enumerate(names):
        repo.write(n, "x\n" + github_line(10 + i))
    repo.git("add", "-A")
    assert sorted(found(repo)) == sorted((n, 2, "github-classic-token") for n in names)


def test_binary_and_large_files(repo: Repo) -> None:
    repo.write("blob.bin", b"\x00\x01\x02" * 1000 + github_line(20).encode())
    big = (CLEAN * 40000) + github_line(21) + CLEAN * 100  # > 1 MB: windowed scan
    repo.write("big.py", big)
    repo.git("add", "-A")
    got = found(repo)
    assert ("big.py", 80001, "github-classic-token") in got
    # a binary is scanned through its printable runs, with the high-confidence rules
    assert [f[2] for f in got if f[0] == "blob.bin"] == ["github-classic-token"]
    scan = scan_staged(str(repo.path))
    assert scan.result.stats.binary_skipped == 1


def test_utf16_file_git_calls_binary(repo: Repo) -> None:
    text = "\ufeffname = x\r\n" + github_line(22).replace("\n", "\r\n")
    repo.write("w.txt", text.encode("utf-16-le"))
    repo.git("add", "w.txt")
    assert [f[0] for f in found(repo)] == ["w.txt"]


def test_submodule_pointer_is_skipped(repo: Repo, tmp_path: Path) -> None:
    sub = Repo(tmp_path / "sub")
    sub.write("s.txt", github_line(23))
    sub.commit("sub")
    repo.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", str(sub.path), "sub")
    got = found(repo)
    assert all(f[0] != "sub" for f in got)


def test_merge_in_progress_reports_only_the_resolution(repo: Repo) -> None:
    repo.git("checkout", "-q", "-b", "side")
    repo.write("side.txt", github_line(30))  # committed on the branch (its own hook ran)
    repo.write("app.py", "side\n" + CLEAN)
    repo.commit("side")
    repo.git("checkout", "-q", "main")
    repo.write("app.py", "main\n" + CLEAN)
    repo.commit("main")
    repo.git("merge", "-q", "side", check=False)  # conflict in app.py
    repo.write("app.py", "resolved\n" + github_line(31) + CLEAN)
    repo.git("add", "app.py")
    got = found(repo)
    assert got == [("app.py", 2, "github-classic-token")]


def test_amend_compares_with_head_parent(repo: Repo) -> None:
    repo.write("app.py", CLEAN + github_line(40))
    repo.commit("oops")  # committed with --no-verify, say
    assert found(repo, amend=False) == []
    assert found(repo, amend=True) == [("app.py", 3, "github-classic-token")]


def test_amend_detected_from_git_commit(repo: Repo) -> None:
    import sys

    repo.write("app.py", CLEAN + github_line(41))
    repo.commit("oops")
    hook = repo.path / ".git" / "hooks" / "pre-commit"
    hook.write_text(f"#!/bin/sh\nexec {sys.executable} -m scanner staged -q\n")
    hook.chmod(0o755)
    blocked = repo.git("commit", "-q", "--amend", "-m", "again", check=False)
    assert repo.git("log", "-1", "--format=%s").strip() == "oops", blocked
    repo.write("x.txt", "fine\n")
    repo.git("add", "x.txt")
    repo.git("commit", "-q", "-m", "clean")  # not an amend: HEAD is the base, passes


def test_bare_repository_needs_a_work_tree(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    bare = Repo(tmp_path / "b.git", bare=True)
    with pytest.raises(SourceError, match="needs a work tree"):
        scan_staged(str(bare.path))
    monkeypatch.chdir(bare.path)
    assert main(["staged"]) == 2
    err = capsys.readouterr().err
    assert "needs a work tree" in err and "--no-verify" in err


def test_cli_summary_and_block_message(repo: Repo, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo.path)
    repo.write("ok.py", CLEAN)
    repo.git("add", "ok.py")
    assert main(["staged"]) == 0
    err = capsys.readouterr().err
    assert "scanned 1 staged file, 2 added lines: no secrets" in err
    key = fakes.aws_key_id(50)
    repo.write("cfg.py", aws_pair(50))
    repo.git("add", "cfg.py")
    assert main(["staged"]) == 1
    out, err = capsys.readouterr()
    assert "cfg.py" in out and "aws-secret-access-key" in out
    assert key not in out + err and fakes.aws_secret(50) not in out + err
    assert "credscan:allow" in err and "move-keys" in err and "--no-verify" in err


def test_inline_allow_marker(repo: Repo) -> None:
    repo.write("t.py", github_line(60).rstrip("\n") + "  # credscan:allow\n")
    repo.git("add", "t.py")
    assert found(repo) == []


def test_json_output(repo: Repo, capsys: pytest.CaptureFixture[str],
                     monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    monkeypatch.chdir(repo.path)
    repo.write("k.txt", github_line(61))
    repo.git("add", "k.txt")
    assert main(["staged", "-f", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["findings"][0]["file"] == "k.txt" and data["findings"][0]["line"] == 1


def test_user_config_cannot_change_the_patch_format(repo: Repo) -> None:
    for key, value in (("diff.noprefix", "true"), ("diff.mnemonicPrefix", "true"),
                       ("color.ui", "always"), ("diff.relative", "true"),
                       ("core.quotePath", "true"), ("diff.external", "false"),
                       ("diff.interHunkContext", "10"), ("diff.context", "5")):
        repo.git("config", key, value)
    (repo.path / "sub").mkdir()
    repo.write("sub/é.py", CLEAN + CLEAN + github_line(301) + CLEAN)
    repo.git("add", "-A")
    assert found(repo) == [("sub/é.py", 5, "github-classic-token")]


def test_run_from_a_subdirectory(repo: Repo) -> None:
    repo.git("config", "diff.relative", "true")
    repo.write("a/b/c.txt", github_line(302))
    repo.write("top.txt", github_line(303))
    repo.git("add", "-A")
    scan = scan_staged(str(repo.path / "a" / "b"))
    assert sorted(f.file for f in scan.result.findings) == ["a/b/c.txt", "top.txt"]


def test_known_aws_keys_block_even_without_a_pattern(repo: Repo) -> None:
    """A secret held in ~/.aws/config is blocked in any form, and never printed."""
    import os

    key_id, secret = fakes.aws_key_id(77), fakes.aws_secret(77)
    aws = Path(os.environ["HOME"]) / ".aws"
    aws.mkdir(mode=0o700)
    (aws / "config").write_text(
        f"[default]\naws_access_key_id = {key_id}\naws_secret_access_key = {secret}\n")
    # no AWS name, no key ID nearby: no rule would match this line on its own
    repo.write("blob.txt", f"opaque = '{secret}'\n")
    repo.git("add", "blob.txt")
    from scanner.api import Scanner, effective_rules
    from scanner.aws.tripwire import load_known_keys

    sc = Scanner(effective_rules(), known=load_known_keys())
    assert ("blob.txt", 1, "aws-known-key") in found(repo, scanner=sc)


def test_many_staged_files_are_read_in_one_stream(repo: Repo) -> None:
    """Dozens of staged files (blobs read pipelined): every one scanned, in its place."""
    for i in range(40):
        repo.write(f"d/f{i}.py", CLEAN * (i + 1))
    repo.write("d/f17.py", CLEAN + github_line(3) + "\n")
    repo.git("add", "-A")
    got = found(repo)
    assert [(f, line) for f, line, _ in got] == [("d/f17.py", 3)]
    assert scan_staged(str(repo.path)).files == 40


def test_blob_stream_in_order_and_reusable(repo: Repo) -> None:
    from scanner.sources.git.blobs import BlobReader

    for i in range(12):
        repo.write(f"s{i}.txt", f"body {i}\n")
    repo.commit("blobs")
    specs = [f"HEAD:s{i}.txt" for i in range(12)] + ["HEAD:missing", ""]
    with BlobReader(str(repo.path)) as blobs:
        got = list(blobs.stream(specs))
        assert [s for s, _ in got] == specs
        assert [d for _, d in got][:12] == [f"body {i}\n".encode() for i in range(12)]
        assert got[12][1] is None and got[13][1] is None
        gen = blobs.stream(specs)
        next(gen)
        gen.close()  # stopped early: the reader still answers afterwards
        assert blobs.read("HEAD:s3.txt") == b"body 3\n"
