"""The fleet on a real LocalCluster (two worker processes) over a dozen real repositories."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scanner.fleet import FleetOptions, parse_targets, run_fleet
from scanner.fleet.run import FleetResult
from tests.fleet.conftest import UNIT, Fleet, build_small, history_of, key, line
from tests.git_helpers import CLEAN, Repo


def fleet_run(targets: list[str], client: Any, tmp: Path, **kw: Any) -> FleetResult:
    opts = FleetOptions(cache_dir=str(tmp / "cache"), state_path=str(tmp / "state.sqlite3"),
                        unit_commits=kw.pop("unit_commits", UNIT), client=client, **kw)
    return run_fleet(parse_targets(targets), opts)


def by_repo(result: FleetResult, with_secret: bool = True) -> dict[str, list[tuple[Any, ...]]]:
    return {r.repository: sorted(key(f, with_secret) for f in r.findings)
            for r in result.repos if r.ok}


def _forced_repo(path: Path) -> Repo:
    """A repository whose branch ``topic`` the test force-pushes between runs."""
    r = Repo(path)
    r.write("app.py", CLEAN)
    r.commit("init")
    r.git("checkout", "-q", "-b", "topic")
    r.write("t.cfg", line("npm", 811))
    r.commit("topic 1")
    r.write("u.cfg", line("gh", 812))
    r.commit("topic 2")
    r.git("checkout", "-q", "main")
    return r


def test_fleet_equals_union_of_history_runs(fleet: Fleet, client: Any, tmp_path: Path) -> None:
    forced = _forced_repo(tmp_path / "forced")
    forced_url = f"file://{forced.path}"
    targets = [*fleet.targets, forced_url]
    sources = {**fleet.source, forced_url: str(forced.path)}
    result = fleet_run(targets, client, tmp_path)
    out = {r.repository: r for r in result.repos}
    # the repository that cannot be cloned is an error, never "clean"
    bad = out[fleet.missing]
    assert bad.status == "error" and "cannot clone" in (bad.error or "")
    assert [r.repository for r in result.errors] == [fleet.missing]
    # the big history was split into several units
    assert out[fleet.big].units >= 5 and out[fleet.big].commits == 44
    # every other repository equals `credscan history` on it, finding for finding
    got = by_repo(result)
    want = {t: sorted(key(f) for f in history_of(sources[t])) for t in targets
            if t != fleet.missing}
    assert got == want
    assert sum(len(v) for v in want.values()) >= 15
    for target in targets:
        if target == fleet.missing:
            continue
        r = out[target]
        assert r.commits == r.covered > 0 and r.refs >= 2 and r.bytes > 0
        assert all(r.new)  # first run: everything is new
    # one secret in two repositories: one finding in each
    shared = [[k for k in fs if k[1] == "shared.env"] for fs in got.values()]
    assert sorted(len(s) for s in shared if s) == [1, 1]
    # clone URLs went through the cache; local paths were read in place
    actions = {r.repository: r.action for r in result.repos if r.ok}
    assert actions[fleet.targets[0]] == "cloned" and actions[fleet.big] == "local"
    # the server force-pushes topic: the next run scans the rewritten commit and nothing else
    forced.git("checkout", "-q", "topic")
    forced.git("reset", "-q", "--hard", "HEAD~1")
    forced.write("u.cfg", line("aws", 813))
    forced.commit("topic 2, rewritten")
    forced.git("checkout", "-q", "main")
    again = fleet_run(targets, client, tmp_path)
    scanned = {r.repository: r.commits for r in again.repos if r.commits}
    assert scanned == {forced_url: 1}
    assert by_repo(again, False) == {
        t: sorted(key(f, False) for f in history_of(sources[t])) for t in targets
        if t != fleet.missing}
    assert [r.repository for r in again.errors] == [fleet.missing]


def test_incremental_scans_only_new_commits(fleet_env: Path, client: Any, tmp_path: Path) -> None:
    repos = [build_small(tmp_path / f"r{i}", i) for i in range(3)]
    targets = [str(repos[0].path), f"file://{repos[1].path}", str(repos[2].path)]
    first = fleet_run(targets, client, tmp_path)
    assert not first.errors and all(r.commits > 0 for r in first.repos)
    # nothing new: nothing scanned, same findings, now known
    again = fleet_run(targets, client, tmp_path)
    assert [r.commits for r in again.repos] == [0, 0, 0]
    assert [r.units for r in again.repos] == [0, 0, 0]
    # known findings come from the store, which keeps no secret: equal but for the value
    assert by_repo(again, False) == by_repo(first, False)
    assert not any(any(r.new) for r in again.repos)
    # two new commits in one repository, one in another
    repos[0].write("later.cfg", line("gh", 4242))
    repos[0].commit("later")
    repos[0].write("app.py", CLEAN + "# more\n")
    repos[0].commit("more")
    repos[1].write("feature.py", CLEAN)  # a known secret leaves HEAD: no longer "at HEAD"
    repos[1].commit("remove the token")
    third = fleet_run(targets, client, tmp_path)
    assert [r.commits for r in third.repos] == [2, 1, 0]
    assert third.repos[0].covered == first.repos[0].covered + 2
    new = [f for f, n in zip(third.repos[0].findings, third.repos[0].new, strict=True) if n]
    assert [f.file for f in new] == ["later.cfg"]
    for target, r in zip(targets, repos, strict=True):
        got = sorted(key(f, with_secret=False) for f in
                     next(o for o in third.repos if o.repository == target).findings)
        assert got == sorted(key(f, with_secret=False) for f in history_of(str(r.path)))
    gone = [f for f in third.repos[1].findings if f.file == "feature.py"]
    assert gone and gone[0].present_at_head is False
    assert [f.present_at_head for f in first.repos[1].findings if f.file == "feature.py"] == [
        True]


def test_force_pushed_and_deleted_refs(fleet_env: Path, client: Any, tmp_path: Path) -> None:
    src = Repo(tmp_path / "src")
    src.write("app.py", CLEAN)
    src.commit("init")
    src.git("checkout", "-q", "-b", "topic")
    src.write("a.cfg", line("gh", 501))
    src.commit("topic 1")
    src.write("b.cfg", line("npm", 502))
    src.commit("topic 2")
    src.git("checkout", "-q", "-b", "doomed")
    src.write("c.cfg", line("aws", 503))
    src.commit("doomed")
    src.git("checkout", "-q", "main")
    target = f"file://{src.path}"
    first = fleet_run([target], client, tmp_path)
    assert first.repos[0].commits == 4 and len(first.repos[0].findings) >= 3
    # force-push topic (rewrite its last commit) and delete a branch on the server
    src.git("checkout", "-q", "topic")
    src.git("reset", "-q", "--hard", "HEAD~1")
    src.write("b.cfg", line("gh", 504))
    src.commit("topic 2, rewritten")
    src.git("checkout", "-q", "main")
    src.git("branch", "-q", "-D", "doomed")
    second = fleet_run([target], client, tmp_path)
    r = second.repos[0]
    assert r.ok and r.commits == 1  # only the rewritten commit; nothing unreachable again
    assert r.covered == 3
    got = sorted(key(f, with_secret=False) for f in r.findings)
    assert got == sorted(key(f, with_secret=False) for f in history_of(str(src.path)))
    assert {f.file for f in r.findings} == {"a.cfg", "b.cfg"}


def test_failed_repository_is_not_recorded(fleet_env: Path, client: Any, tmp_path: Path) -> None:
    empty = Repo(tmp_path / "empty")
    result = fleet_run([str(empty.path), str(tmp_path / "nowhere")], client, tmp_path)
    errs = {r.repository: r.error for r in result.errors}
    assert "no commits" in (errs[str(empty.path)] or "")
    assert "not a directory" in (errs[str(tmp_path / "nowhere")] or "")
