"""``credscan history`` on real repositories: every ref, merges, messages, dedup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner import api
from scanner.api import HistorySelection as Selection
from scanner.api import scan_history
from scanner.cli.main import main
from scanner.models import Finding
from scanner.sources.git import history as H
from tests import fakes
from tests.git_helpers import CLEAN, Repo, aws_pair, git_env, github_line  # noqa: F401


def hist(repo: Repo | Path, **kw: object) -> list[Finding]:
    path = repo.path if isinstance(repo, Repo) else repo
    return scan_history(str(path), jobs=kw.pop("jobs", 1), **kw).findings  # type: ignore[arg-type]


def by_secret(fs: list[Finding], secret: str) -> Finding:
    [f] = [f for f in fs if f.secret == secret]
    return f


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    r = Repo(tmp_path / "r")
    r.write("app.py", CLEAN)
    r.commit("init")
    return r


def test_added_then_removed_found_by_history_not_scan(repo: Repo,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    tok = fakes.github_classic(1)
    repo.write("cfg.py", CLEAN + github_line(1))
    c1 = repo.commit("add config")
    repo.write("cfg.py", CLEAN)
    repo.commit("remove token")
    f = by_secret(hist(repo), tok)
    assert (f.file, f.line, f.commit.sha if f.commit else None) == ("cfg.py", 3, c1)
    assert f.commit is not None and f.commit.author == "Ada Tester"
    assert f.commit.subject == "add config" and f.present_at_head is False
    assert main(["scan", str(repo.path)]) == 0
    capsys.readouterr()


def test_unmerged_branch_tags_stash_and_remotes(repo: Repo, tmp_path: Path) -> None:
    repo.git("checkout", "-q", "-b", "wip")
    repo.write("wip.txt", github_line(2))
    c_wip = repo.commit("wip")
    repo.git("checkout", "-q", "main")
    repo.write("t.txt", github_line(3))
    c_tag = repo.commit("tagged")
    repo.git("tag", "-a", "v1", "-m", "v1")
    repo.git("reset", "-q", "--hard", "HEAD~1")  # only the tag keeps it
    repo.write("app.py", CLEAN + github_line(4))
    repo.git("stash", "-q")
    repo.write("app.py", CLEAN + github_line(5))
    repo.git("stash", "-q")  # older stash entry only in the reflog
    fs = hist(repo)
    assert by_secret(fs, fakes.github_classic(2)).commit.sha == c_wip  # type: ignore[union-attr]
    assert by_secret(fs, fakes.github_classic(3)).commit.sha == c_tag  # type: ignore[union-attr]
    by_secret(fs, fakes.github_classic(4))
    by_secret(fs, fakes.github_classic(5))
    only_main = hist(repo, selection=Selection(branches=("main",)))
    assert {f.secret for f in only_main} == set()


def test_merge_conflict_resolution_introducing_a_secret(repo: Repo) -> None:
    repo.git("checkout", "-q", "-b", "side")
    repo.write("app.py", "side\n" + CLEAN)
    repo.commit("side")
    repo.git("checkout", "-q", "main")
    repo.write("app.py", "main\n" + CLEAN)
    repo.commit("main")
    repo.git("merge", "-q", "side", check=False)
    repo.write("app.py", "merged\n" + github_line(6) + CLEAN)
    merge = repo.commit("Merge side")
    f = by_secret(hist(repo), fakes.github_classic(6))
    assert f.commit is not None and f.commit.sha == merge and (f.file, f.line) == ("app.py", 2)
    assert f.present_at_head is True


def test_merge_does_not_rereport_branch_lines(repo: Repo) -> None:
    repo.git("checkout", "-q", "-b", "feat")
    repo.write("f.txt", github_line(7))
    c = repo.commit("feat")
    repo.git("checkout", "-q", "main")
    repo.write("other.txt", "x\n")
    repo.commit("other")
    repo.git("merge", "-q", "--no-edit", "feat")
    f = by_secret(hist(repo), fakes.github_classic(7))
    assert f.commit is not None and f.commit.sha == c and f.occurrences == ()


def test_dedup_carried_and_re_added(repo: Repo) -> None:
    tok = fakes.github_classic(8)
    repo.write("a.txt", github_line(8))
    c1 = repo.commit("first")
    repo.git("mv", "a.txt", "b.txt")
    repo.commit("rename")
    repo.write("b.txt", "")
    repo.commit("remove")
    repo.write("c.txt", "x\n" + github_line(8))
    c4 = repo.commit("re-add")
    [f] = [f for f in hist(repo) if f.secret == tok]
    assert f.commit is not None and f.commit.sha == c1 and f.file == "a.txt"
    assert ("c.txt", 2, c4) in {(o.file, o.line, o.commit) for o in f.occurrences}
    assert f.present_at_head is True


def test_deleted_binary_large_and_weird_names(repo: Repo) -> None:
    repo.write("gone.txt", github_line(9))
    repo.write("blob.bin", b"\x00\xff" * 500 + github_line(10).encode())
    repo.write("café dir/new\nline.txt", "x\n" + github_line(11))
    repo.write("large.py", CLEAN * 30000 + github_line(12))
    repo.commit("many")
    repo.git("rm", "-q", "gone.txt")
    repo.commit("delete")
    fs = hist(repo)
    assert by_secret(fs, fakes.github_classic(9)).file == "gone.txt"
    assert not [f for f in fs if f.secret == fakes.github_classic(10)]
    weird = by_secret(fs, fakes.github_classic(11))
    assert (weird.file, weird.line) == ("café dir/new\nline.txt", 2)
    assert by_secret(fs, fakes.github_classic(12)).line == 60001


def test_commit_messages_are_scanned(repo: Repo) -> None:
    repo.write("x.txt", "x\n")
    c = repo.commit("deploy\n\nused " + fakes.github_classic(13) + " for now")
    f = by_secret(hist(repo), fakes.github_classic(13))
    assert f.file == "<commit message>" and f.line == 3 and f.commit.sha == c  # type: ignore
    assert not [f for f in hist(repo, messages=False) if f.secret == fakes.github_classic(13)]


def test_empty_repository_and_no_commits(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    r = Repo(tmp_path / "empty")
    res = scan_history(str(r.path))
    assert res.findings == [] and res.stats.commits == 0
    r.write("staged.txt", github_line(14))
    r.git("add", "staged.txt")  # staged but never committed: not history
    assert main(["history", str(r.path)]) == 0
    capsys.readouterr()


def test_shallow_clone_and_bare(repo: Repo, tmp_path: Path) -> None:
    repo.write("s.txt", github_line(15))
    repo.commit("secret")
    for i in range(3):
        repo.write("app.py", CLEAN + f"# {i}\n")
        repo.commit(f"c{i}")
    shallow = tmp_path / "shallow"
    Repo(tmp_path, init=False).git("clone", "-q", "--depth", "1",
                                   "file://" + str(repo.path), str(shallow))
    f = by_secret(hist(shallow), fakes.github_classic(15))  # in the boundary snapshot
    assert f.present_at_head is True
    bare = tmp_path / "bare.git"
    Repo(tmp_path, init=False).git("clone", "-q", "--bare", str(repo.path), str(bare))
    fb = by_secret(hist(bare), fakes.github_classic(15))
    assert fb.commit is not None and fb.commit.subject == "secret"


def test_selection_options(repo: Repo) -> None:
    repo.write("a.txt", github_line(16))
    a = repo.commit("a")
    repo.write("b.txt", github_line(17))
    repo.commit("b")
    in_range = hist(repo, selection=Selection(revs=(f"{a}..main",)))
    assert {f.secret for f in in_range} == {fakes.github_classic(17)}
    newest = hist(repo, selection=Selection(max_commits=1))
    assert {f.secret for f in newest} == {fakes.github_classic(17)}
    assert hist(repo, selection=Selection(until="2001-01-01")) == []


def test_parallel_equals_serial_and_huge_commit_split(repo: Repo,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(40):
        repo.write(f"f{i % 7}.txt", (CLEAN * (i + 1)) + github_line(100 + i))
        repo.commit(f"c{i}")
    serial = hist(repo, jobs=1)
    monkeypatch.setattr(H, "CHUNK", 4096)
    monkeypatch.setattr(H, "MAX_BUFFER", 8192)
    small = hist(repo, jobs=1)
    parallel = scan_history(str(repo.path), jobs=3).findings

    def key(fs: list[Finding]) -> list[tuple[str, str, int, str]]:
        return sorted((f.secret, f.file, f.line, f.commit.sha if f.commit else "") for f in fs)

    assert len(serial) == 40
    assert key(serial) == key(parallel) == key(small)


def test_warm_diff_tree_across_units_and_restarts(repo: Repo,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A pool worker's units share one diff-tree (replaced every PROCESS_COMMITS commits,
    mid-unit too): the same findings as one cold process per unit."""
    for i in range(12):
        repo.write(f"f{i % 3}.txt", CLEAN * (i + 1) + github_line(400 + i))
        repo.commit(f"w{i}")
    path = str(repo.path)
    shas = api.history_commits(path)
    sc = api.build_scanner()

    def key(fs: list[Finding]) -> list[tuple[str, str, int, str]]:
        return sorted((f.secret, f.file, f.line, f.commit.sha if f.commit else "") for f in fs)

    cold = [f for p in (shas[:4], shas[4:11], shas[11:])
            for f in api.run(H.HistorySource(path, p), sc).findings]
    assert not H._WARM
    monkeypatch.setattr(H, "PROCESS_COMMITS", 5)
    try:
        warm = []
        for p in (shas[:4], shas[4:11], shas[11:]):
            res = api.run(H.HistorySource(path, p, warm=True), sc)
            assert res.stats.commits == len(p)
            warm += res.findings
        assert list(H._WARM) == [path]  # kept for the next unit
        kept = H._WARM[path]
        # 13 commits in units of 4, 7, 2: processes of 4+1, 5, then 1+2 commits
        assert kept.usable() and kept.batches == 2 and kept.commits == 3
    finally:
        H.close_warm()
    assert not H._WARM and kept.proc.poll() == 0
    assert len(cold) == 12 and key(cold) == key(warm)


def _diff_trees_in(path: Path) -> list[int]:
    """Live git processes whose working directory is ``path``."""
    import os

    out = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if Path(f"/proc/{pid}/cwd").resolve() == path.resolve() and \
                    b"diff-tree" in Path(f"/proc/{pid}/cmdline").read_bytes():
                out.append(int(pid))
        except OSError:
            continue
    return out


@pytest.mark.skipif(not Path("/proc/self/cwd").exists(), reason="needs /proc")
def test_pool_workers_end_their_warm_git(repo: Repo) -> None:
    """A history long enough for the worker pool: same findings as one process, and no
    diff-tree left running once the scan returns."""
    stream = []
    for i in range(300):  # fast-import: 300 commits in one git call
        body = CLEAN * (i % 5 + 1) + (github_line(500 + i) if i % 60 == 7 else "")
        data = body.encode()
        stream.append(b"commit refs/heads/main\ncommitter A <a@example.org> %d +0000\n"
                      b"data 2\nc\n%sM 100644 inline f%d.py\ndata %d\n%s\n"
                      % (1_600_000_000 + i, b"" if i else b"from refs/heads/main^0\n",
                         i % 9, len(data), data))
    repo.git("fast-import", "--quiet", input=b"".join(stream) + b"done\n")
    one = scan_history(str(repo.path), jobs=1).findings
    pooled = scan_history(str(repo.path), jobs=2).findings

    def key(fs: list[Finding]) -> list[tuple[str, str, int, str, bool | None]]:
        return sorted((f.secret, f.file, f.line, f.commit.sha if f.commit else "",
                       f.present_at_head) for f in fs)

    assert len(one) == 5 and key(one) == key(pooled)
    assert _diff_trees_in(repo.path) == []


def test_commit_names_and_duplicates(repo: Repo) -> None:
    """diff-tree --stdin takes object ids only: names are resolved, duplicates dropped."""
    repo.write("n.txt", github_line(420))
    c = repo.commit("named")
    res = api.scan_commit_range(str(repo.path), ["HEAD", c, c + "\n"])
    assert res.stats.commits == 1
    assert [f.commit.sha if f.commit else None for f in res.findings] == [c]
    from scanner.errors import SourceError

    with pytest.raises(SourceError, match="bad revision"):
        api.scan_commit_range(str(repo.path), ["no-such-rev"])


def test_huge_single_commit_is_split_without_losing_lines(repo: Repo) -> None:
    body = "".join(f"line {i}\n" for i in range(3000)) + github_line(200)
    body += "".join(f"more {i}\n" for i in range(3000)) + github_line(201)
    repo.write("huge.txt", body)
    repo.write("zz.txt", "x\n" + github_line(202))
    c = repo.commit("huge")
    old = H.MAX_BUFFER
    try:
        H.MAX_BUFFER = 4096
        res = api.run(H.HistorySource(str(repo.path), [c], chunk_size=2048), api.build_scanner())
    finally:
        H.MAX_BUFFER = old
    got = {(f.file, f.line) for f in res.findings}
    assert {("huge.txt", 3001), ("huge.txt", 6002), ("zz.txt", 2)} <= got


def test_json_and_sarif_carry_commit_fields(repo: Repo, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    repo.write("k.txt", aws_pair(18))
    c = repo.commit("keys")
    assert main(["history", str(repo.path), "-f", "json", "--quiet"]) == 1
    data = json.loads(capsys.readouterr().out)
    f0 = data["findings"][0]
    assert f0["commit"] == c and f0["author"] == "Ada Tester" and f0["date"]
    assert fakes.aws_secret(18) not in json.dumps(data)
    out = tmp_path / "r.sarif"
    assert main(["history", str(repo.path), "-f", "sarif", "-o", str(out)]) == 1
    sarif = json.loads(out.read_text())
    res = sarif["runs"][0]["results"][0]
    assert res["properties"]["commit"] == c and res["properties"]["author"] == "Ada Tester"
    assert res["partialFingerprints"]["commitSha"] == c
    assert out.stat().st_mode & 0o777 == 0o600


def test_text_report_has_remediation(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write("k.txt", github_line(19))
    repo.commit("k")
    assert main(["history", str(repo.path)]) == 1
    out = capsys.readouterr().out
    assert "Rotate" in out and "filter-repo" in out and "1 commit" in out.replace("2 commits",
                                                                                  "1 commit")


def test_not_a_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history", str(tmp_path)]) == 2
    assert "not a git repository" in capsys.readouterr().err


def test_git_failure_is_a_one_line_error(repo: Repo) -> None:
    from scanner.errors import SourceError

    with pytest.raises(SourceError, match="git diff-tree: bad object"):
        api.scan_commit_range(str(repo.path), ["0123456789abcdef0123456789abcdef01234567"])
    with pytest.raises(SourceError):
        scan_history(str(repo.path), selection=Selection(branches=("no-such-branch",)))


def test_user_config_cannot_change_the_patch_format(repo: Repo) -> None:
    for key, value in (("log.showRoot", "false"), ("diff.noprefix", "true"),
                       ("diff.mnemonicPrefix", "true"), ("color.ui", "always"),
                       ("diff.relative", "true"), ("core.quotePath", "true"),
                       ("diff.submodule", "log"), ("log.showSignature", "true")):
        repo.git("config", key, value)
    repo.write("dir/é k.txt", "x\n" + github_line(300))
    c = repo.commit("k")
    f = by_secret(hist(repo), fakes.github_classic(300))
    assert (f.file, f.line, f.commit.sha if f.commit else None) == ("dir/é k.txt", 2, c)
    repo.write("init.txt", "")
    root_repo = Repo(repo.path.parent / "root")
    root_repo.git("config", "log.showRoot", "false")
    root_repo.write("a.txt", github_line(301))
    root_repo.commit("root")
    assert by_secret(hist(root_repo), fakes.github_classic(301)).line == 1


def test_allow_next_line_marker_above_an_added_line(repo: Repo) -> None:
    repo.write("t.py", "x = 1\n# credscan:allow-next-line\ny = 2\n")
    repo.commit("marker first")
    repo.write("t.py", "x = 1\n# credscan:allow-next-line\n" + github_line(310) + "y = 2\n")
    repo.commit("secret under the existing marker")
    repo.write("u.py", "# credscan:allow-next-line\n" + github_line(311))
    repo.commit("both at once")
    fs = hist(repo)
    assert not [f for f in fs if f.secret in (fakes.github_classic(310),
                                              fakes.github_classic(311))]


def test_split_is_contiguous_few_and_shrinking() -> None:
    """Units cover every commit once, in order; few of them (each is a cold git process)."""
    shas = [f"{i:040x}" for i in range(5000)]
    pieces = H.split(shas, 2)
    assert [s for p in pieces for s in p] == shas
    sizes = [len(p) for p in pieces]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] == 2500
    assert len(pieces) <= 8 and all(n >= 256 for n in sizes[:-1])
    assert H.split(shas[:100], 2) == [shas[:100]]
    big = H.split([f"{i:040x}" for i in range(30_000)], 2)
    assert max(len(p) for p in big) == 8192  # git's memory grows with a piece's commits
