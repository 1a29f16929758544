"""``credscan move-keys`` end to end: real botocore reads what it writes, and every safety
case of issue 4 (refusals change nothing on disk, kills and races lose nothing)."""

from __future__ import annotations

import io
import multiprocessing
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scanner.aws.atomicwrite import PAUSE_ENV
from scanner.cli.main import main
from tests.aws_support import AwsEnv, Key, botocore_view, git, isolate, make_repo, snapshot

ROOT = Path(__file__).resolve().parents[2]
K = Key.make("mk", token=True)
SEOUL = "ap-northeast-2"


def app_py(key: Key, region: str = "ap-northeast-2") -> str:
    token = f'    aws_session_token="{key.token}",\n' if key.token else ""
    return (f'import boto3\n\ns3 = boto3.client(\n    "s3",\n    region_name="{region}",\n'
            f'    aws_access_key_id="{key.key_id}",\n    aws_secret_access_key="{key.secret}",\n'
            f"{token})\n")


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AwsEnv:
    e = isolate(monkeypatch, tmp_path)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    return e


def run(capsys: pytest.CaptureFixture[str], *args: str, secrets: list[str] = ()) -> tuple[
        int, str, str]:  # type: ignore[assignment]
    rc = main(["move-keys", *args])
    out, err = capsys.readouterr()
    for s in secrets:
        assert s not in out and s not in err, "a key value was printed"
    return rc, out, err


def _values_gone(root: Path, key: Key) -> None:
    for path, (data, _) in snapshot(root).items():
        for v in key.values():
            assert data is None or v.encode() not in data, f"{v[:4]}... still in {path}"


def test_default_profile_end_to_end(env: AwsEnv, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path / "shop", {
        "app.py": app_py(K),
        ".env": f"AWS_ACCESS_KEY_ID={K.key_id}\nAWS_SECRET_ACCESS_KEY={K.secret}\n",
        "README.md": "# shop\n"})
    monkeypatch.chdir(repo)
    before = snapshot(repo, env.home)
    rc, out, _ = run(capsys, secrets=K.values())  # dry run
    assert rc == 0 and "dry run" in out and "profile 'default'" in out
    assert "--- a/app.py" in out and "ROTATE" in out
    assert snapshot(repo, env.home) == before

    rc, out, _ = run(capsys, "--apply", "--yes", secrets=K.values())
    assert rc == 0, out
    assert botocore_view("default") == (*K.values(), SEOUL)
    _values_gone(repo, K)
    assert (repo / ".env").read_text() == "AWS_PROFILE=default\n"
    assert stat.S_IMODE(env.config.stat().st_mode) == 0o600
    assert stat.S_IMODE(env.aws_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(env.tripwire.stat().st_mode) == 0o600
    assert "not in this repository's history" in out
    # nothing of credscan's own is left in ~/.aws but the tripwire and the backup
    assert not [p.name for p in env.aws_dir.iterdir() if p.name.endswith(".lock")]
    # idempotent: the second run finds nothing and changes nothing
    after = snapshot(repo, env.home)
    rc, out, _ = run(capsys, "--apply", "--yes")
    assert rc == 0 and "nothing to do" in out
    assert snapshot(repo, env.home) == after


def test_same_key_again_reuses_profile_without_writing(
        env: AwsEnv, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env.aws_dir.mkdir(mode=0o700)
    cfg = (f"# mine\n[profile existing]\naws_access_key_id={K.key_id}\n"
           f"aws_secret_access_key={K.secret}\naws_session_token={K.token}\n"
           "region=ap-northeast-2\n")
    env.config.write_text(cfg)
    repo = make_repo(tmp_path / "p", {"app.py": app_py(K)})
    rc, out, _ = run(capsys, "--apply", "--yes", str(repo), secrets=K.values())
    assert rc == 0 and "reused" in out
    assert env.config.read_text() == cfg
    assert not [p for p in env.aws_dir.iterdir() if "backup" in p.name]
    assert "profile" not in (repo / "app.py").read_text()  # boto3's default chain finds it
    assert "run it with AWS_PROFILE=existing" in out


def test_named_profile_when_default_taken(env: AwsEnv, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    other = Key.make("mk-other")
    env.aws_dir.mkdir(mode=0o700)
    cfg = (f"[default]\r\naws_access_key_id = {other.key_id}\r\n"
           f"aws_secret_access_key = {other.secret}\r\n\r\n[profile x]\r\noutput = json")
    env.config.write_bytes(cfg.encode())
    repo = make_repo(tmp_path / "billing-api", {"app.py": app_py(K, "eu-west-3")})
    rc, out, _ = run(capsys, "--apply", "--yes", str(repo), secrets=[*K.values(), *other.values()])
    assert rc == 0, out
    assert "profile 'billing-api'" in out
    assert botocore_view("billing-api") == (K.key_id, K.secret, K.token, "eu-west-3")
    assert botocore_view("default")[:2] == (other.key_id, other.secret)
    new = env.config.read_bytes()
    assert new.startswith(cfg.encode()) and not new.endswith(b"\n")  # bytes kept, CRLF, no EOL
    assert b"\n" not in new.replace(b"\r\n", b"")
    backups = [p for p in env.aws_dir.iterdir() if ".credscan-backup-" in p.name]
    assert len(backups) == 1 and backups[0].read_bytes() == cfg.encode()
    assert stat.S_IMODE(backups[0].stat().st_mode) == 0o600

    k3 = Key.make("mk-3")
    repo2 = make_repo(tmp_path / "three", {"a.py": app_py(k3)})
    rc, out, _ = run(capsys, "--apply", "--yes", "--profile", "team", "--region", "us-west-2",
                     str(repo2), secrets=k3.values())
    assert rc == 0
    assert botocore_view("team") == (k3.key_id, k3.secret, None, "us-west-2")


def test_credentials_file(env: AwsEnv, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path / "svc", {"app.py": app_py(K, "sa-east-1")})
    rc, out, _ = run(capsys, "--apply", "--yes", "--credentials-file", "--profile", "svc",
                     str(repo), secrets=K.values())
    assert rc == 0, out
    creds = env.credentials.read_text()
    assert creds.startswith("[svc]\n") and K.secret in creds
    assert K.secret not in env.config.read_text() and "region = sa-east-1" in env.config.read_text()
    assert botocore_view("svc") == (K.key_id, K.secret, K.token, "sa-east-1")

    k2 = Key.make("mk-cred-default")
    repo2 = make_repo(tmp_path / "svc2", {"app.py": app_py(k2, "us-east-2")})
    rc, _, _ = run(capsys, "--apply", "--yes", "--credentials-file", str(repo2))
    assert rc == 0
    assert "[default]" in env.credentials.read_text()
    assert botocore_view("default") == (k2.key_id, k2.secret, None, "us-east-2")


def test_custom_config_location_and_symlink(env: AwsEnv, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    dot = tmp_path / "dotfiles"
    dot.mkdir()
    real = dot / "aws-config"
    real.write_text("[profile keep]\nregion = us-east-1\n")
    link = tmp_path / "elsewhere" / "config"
    link.parent.mkdir()
    link.symlink_to(real)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(link))
    repo = make_repo(tmp_path / "proj", {"app.py": app_py(K)})
    rc, _, _ = run(capsys, "--apply", "--yes", str(repo), secrets=K.values())
    assert rc == 0
    assert link.is_symlink() and K.secret in real.read_text()
    assert real.read_text().startswith("[profile keep]\nregion = us-east-1\n")
    assert botocore_view("default")[:2] == (K.key_id, K.secret)
    assert (link.parent / "credscan-tripwire.json").exists()
    assert not env.aws_dir.exists()


def test_conflict_needs_force_and_keeps_backup(env: AwsEnv, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    old = Key.make("mk-old")
    env.aws_dir.mkdir(mode=0o700)
    cfg = (f"[profile prod]\naws_access_key_id = {old.key_id}\n"
           f"aws_secret_access_key = {old.secret}\nrole_arn = arn:aws:iam::1:role/x\n"
           "region = eu-north-1\n")
    env.config.write_text(cfg)
    repo = make_repo(tmp_path / "p", {"app.py": app_py(K)})
    before = snapshot(repo, env.home)
    rc, out, err = run(capsys, "--apply", "--yes", "--profile", "prod", str(repo),
                       secrets=[*K.values(), *old.values()])
    assert rc == 2 and out == ""
    assert err.count("\n") == 1 and "'prod'" in err and "--force" in err
    assert snapshot(repo, env.home) == before

    rc, out, _ = run(capsys, "--apply", "--yes", "--force", "--profile", "prod", str(repo),
                     secrets=[*K.values(), *old.values()])
    assert rc == 0, out
    assert botocore_view("prod") == (K.key_id, K.secret, K.token, "eu-north-1")
    assert "role_arn" not in env.config.read_text()
    backup = next(p for p in env.aws_dir.iterdir() if ".credscan-backup-" in p.name)
    assert backup.read_text() == cfg


def test_same_key_id_with_other_secret_is_a_conflict(env: AwsEnv, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    env.aws_dir.mkdir(mode=0o700)
    env.config.write_text(f"[profile a]\naws_access_key_id = {K.key_id}\n"
                          f"aws_secret_access_key = {Key.make('zz').secret}\n")
    repo = make_repo(tmp_path / "p", {"app.py": app_py(K)})
    rc, _, err = run(capsys, "--apply", "--yes", str(repo), secrets=K.values())
    assert rc == 2 and "different secret" in err and err.count("\n") == 1


def test_shadowing_credentials_file_warns(env: AwsEnv, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    env.aws_dir.mkdir(mode=0o700)
    other = Key.make("mk-shadow")
    env.config.write_text(f"[profile app]\naws_access_key_id = {K.key_id}\n"
                          f"aws_secret_access_key = {K.secret}\n")
    env.credentials.write_text(f"[app]\naws_access_key_id = {other.key_id}\n"
                               f"aws_secret_access_key = {other.secret}\n")
    repo = make_repo(tmp_path / "p", {"app.py": app_py(K)})
    rc, out, _ = run(capsys, str(repo), secrets=[*K.values(), *other.values()])
    assert rc == 0 and "takes precedence" in out


@pytest.mark.parametrize("case", ["read-only", "directory", "duplicate", "id-only", "bad-ini"])
def test_bad_input_one_line_error_nothing_changed(case: str, env: AwsEnv, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    env.aws_dir.mkdir(mode=0o700)
    files = {"app.py": app_py(K)}
    if case == "read-only":
        env.config.write_text("[profile x]\nregion = us-east-1\n")
        os.chmod(env.config, 0o400)
    elif case == "directory":
        env.config.mkdir()
    elif case == "duplicate":
        env.config.write_text("[profile x]\nregion = a\n\n[profile x]\nregion = b\n")
    elif case == "bad-ini":
        env.config.write_text("region = us-east-1\n")
    else:
        files = {"app.py": f'KEY_ID = "{K.key_id}"\n'}
    repo = make_repo(tmp_path / "p", files)
    before = snapshot(repo, env.home)
    rc, out, err = run(capsys, "--apply", "--yes", str(repo), secrets=K.values())
    assert rc == 2
    assert out == "" and err.startswith("credscan: error: ") and err.count("\n") == 1, err
    assert {"read-only": "read-only", "directory": "is a directory",
            "duplicate": "appears twice", "bad-ini": "outside any [section]",
            "id-only": "nothing to move"}[case] in err
    assert snapshot(repo, env.home) == before


def test_apply_refuses_without_tty_and_asks_with_one(env: AwsEnv, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path / "p", {"app.py": app_py(K)})
    before = snapshot(repo, env.home)
    rc, _, err = run(capsys, "--apply", str(repo))
    assert rc == 2 and "--yes" in err
    assert snapshot(repo, env.home) == before

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Tty("n\n"))
    rc, out, _ = run(capsys, "--apply", str(repo), secrets=K.values())
    assert rc == 0 and "nothing was written" in out
    assert snapshot(repo, env.home) == before
    monkeypatch.setattr(sys, "stdin", Tty("y\n"))
    rc, out, _ = run(capsys, "--apply", str(repo), secrets=K.values())
    assert rc == 0 and botocore_view("default")[0] == K.key_id


def test_history_reported(env: AwsEnv, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path / "p", {"app.py": app_py(K)}, commit=True)
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    git(repo, "remote", "add", "origin", str(bare))
    git(repo, "push", "-q", "origin", "HEAD:main")
    git(repo, "fetch", "-q", "origin")
    rc, out, _ = run(capsys, "--apply", "--yes", str(repo), secrets=K.values())
    assert rc == 0
    assert "IN THIS REPOSITORY'S HISTORY" in out and "origin/main" in out
    assert "it was pushed" in out


def test_flagged_files_and_manual_steps(env: AwsEnv, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    csv = (f"User name,Password,Access key ID,Secret access key,Console login link\n"
           f"bob,,{K.key_id},{K.secret},https://example.invalid\n")
    repo = make_repo(tmp_path / "p", {"credentials.csv": csv, "app.py": app_py(K),
                                      "deploy.json": f'{{"aws_key": "{K.key_id}"}}\n'})
    rc, out, _ = run(capsys, "--apply", "--yes", str(repo), secrets=K.values())
    assert rc == 1  # something is left to do by hand
    assert (repo / "credentials.csv").exists() and "--delete-files" in out
    assert "deploy.json:1: remove the access key ID" in out
    rc, out, _ = run(capsys, "--apply", "--yes", "--delete-files", "--blank-other", str(repo),
                     secrets=K.values())
    # the key is now in the profile already: same key, same profile, only the code is fixed
    assert rc == 0, out
    assert not (repo / "credentials.csv").exists()
    assert (repo / "deploy.json").read_text() == '{"aws_key": ""}\n'
    _values_gone(repo, K)


def _move(args: tuple[str, str | None]) -> None:
    from scanner.aws.apply import apply_plan
    from scanner.aws.plan import build_plan
    from scanner.aws.profiles import Options

    path, profile = args
    apply_plan(build_plan([path], Options(profile=profile)), check_history=False)


@pytest.mark.parametrize("named", [True, False])
def test_concurrent_runs_lose_nothing(named: bool, env: AwsEnv, tmp_path: Path) -> None:
    keys = [Key.make(f"mk-conc-{i}") for i in range(6)]
    repos = [make_repo(tmp_path / f"proj{i}", {"app.py": app_py(k)}) for i, k in enumerate(keys)]
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(6) as pool:
        pool.map(_move, [(str(r), f"p{i}" if named else None) for i, r in enumerate(repos)])
    from scanner.aws.awsfile import AwsIniFile

    profiles = AwsIniFile(env.config.read_text(), "config", "cfg").profiles()
    assert len(profiles) == 6
    got = {v["aws_access_key_id"]: name for name, v in profiles.items()}
    assert set(got) == {k.key_id for k in keys}
    for k in keys:
        assert botocore_view(got[k.key_id])[:2] == (k.key_id, k.secret)
    if not named:
        assert "default" in got.values()


_KILL = """
import sys
from scanner.cli.main import main
sys.exit(main(["move-keys", "--apply", "--yes", sys.argv[1]]))
"""


def test_killed_during_apply_leaves_config_and_code(env: AwsEnv, tmp_path: Path) -> None:
    env.aws_dir.mkdir(mode=0o700)
    cfg = "[profile keep]\nregion = us-east-1\n"
    env.config.write_text(cfg)
    repo = make_repo(tmp_path / "p", {"app.py": app_py(K)})
    marker = tmp_path / "paused"
    proc = subprocess.Popen([sys.executable, "-c", _KILL, str(repo)],
                            env={**os.environ, PAUSE_ENV: str(marker), "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 60
        while not marker.exists() and time.time() < deadline and proc.poll() is None:
            time.sleep(0.02)
        assert marker.exists()
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert env.config.read_text() == cfg
    assert (repo / "app.py").read_text() == app_py(K)
    assert botocore_view("keep")[3] == "us-east-1"


def test_history_fallback_search_finds_removed_keys(env: AwsEnv, tmp_path: Path) -> None:
    from scanner.aws.exposure import history_exposure, search_log

    repo = make_repo(tmp_path / "h", {"a.txt": f"id {K.key_id}\n"}, commit=True)
    (repo / "a.txt").write_text("clean\n")
    git(repo, "commit", "-qam", "remove")
    needles = {K.key_id: [K.key_id.encode(), K.secret.encode()]}
    plain = search_log(repo, needles)[K.key_id]
    assert len(plain.commits) == 2  # added in one commit, removed in the next
    assert history_exposure(repo, needles)[K.key_id].in_history
    assert not search_log(repo, {"x": [Key.make("never").key_id.encode()]})["x"].in_history
