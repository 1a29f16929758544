"""Item 1 of issue 11: nothing installs credscan by the bare PyPI name, which belongs to
another project; the distribution name is one, and free of that clash."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from scanner.hooks.scripts import DISTRIBUTION, render

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PROJECT = Path(__file__).resolve().parents[2]
TAKEN = "cred" + "scan"  # the unrelated project's name on PyPI
#: an install command naming the bare distribution (not credscan-scanner, not a URL path)
BARE = re.compile(r"pip3?\s+install\b[^\n`&;|]*?(?<![\w@/.=-])[\"']?" + TAKEN + r"(?![\w-])")


def _repo_files() -> list[Path]:
    out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                         cwd=PROJECT, capture_output=True, check=True).stdout
    return [PROJECT / p.decode() for p in out.split(b"\0") if p]


def test_the_pattern_catches_what_it_must() -> None:
    assert BARE.search("pip install " + TAKEN)
    assert BARE.search('pip install --quiet "' + TAKEN + '==1.0"')
    assert BARE.search("pip install -U " + TAKEN + "${V:+==$V}")
    assert not BARE.search("pip install " + DISTRIBUTION)
    assert not BARE.search('pip install "x @ git+https://example.org/' + TAKEN + "/" + TAKEN
                           + '@v1"')
    assert not BARE.search("pip install .")


def test_no_file_installs_the_bare_name() -> None:
    hits = []
    for p in _repo_files():
        try:
            text = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for n, line in enumerate(text.splitlines(), 1):
            if BARE.search(line):
                hits.append(f"{p.relative_to(PROJECT)}:{n}: {line.strip()}")
    assert hits == []


def test_distribution_name_is_consistent() -> None:
    meta = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]
    assert meta["name"] == DISTRIBUTION != TAKEN
    assert meta["scripts"] == {TAKEN: "scanner.cli.entry:entry"}  # the command keeps its name
    assert "pre-commit" not in " ".join(meta["dependencies"])  # a test tool, not a runtime one
    assert any(d.startswith("pre-commit") for d in meta["optional-dependencies"]["test"])
    for name in ("pre-commit", "pre-push"):
        assert f"pip install {DISTRIBUTION}" in render(name)
        assert (PROJECT / "hooks" / name).read_text() == render(name)


def test_ci_templates_install_from_a_checkout_or_a_pinned_revision() -> None:
    import yaml

    action = (PROJECT / "action.yml").read_text()
    assert "version" not in yaml.safe_load(action)["inputs"]  # no index version to pick
    installs = [ln.strip() for ln in action.splitlines() if "pip" in ln and "install" in ln]
    assert installs and all('"$GITHUB_ACTION_PATH"' in ln for ln in installs)
    gitlab = (PROJECT / "ci" / "gitlab-credscan.yml").read_text()
    installs = [ln.strip() for ln in gitlab.splitlines() if "pip install" in ln]
    assert installs == [f'- pip install --quiet "{DISTRIBUTION} @ git+${{CREDSCAN_REPO}}'
                        '@${CREDSCAN_REF}"']
    assert yaml.safe_load(gitlab)["variables"]["CREDSCAN_REF"] == "v0.2.0"


def test_documented_revisions_are_this_release() -> None:
    """Every ``credscan/credscan@REV`` the documentation shows is the release tag."""
    import scanner

    for name in ("README.md", "docs/ci.md", "docs/git.md", "action.yml"):
        text = (PROJECT / name).read_text(encoding="utf-8")
        for rev in re.findall(r"credscan/credscan@([\w.]+)", text):
            assert rev == f"v{scanner.__version__}", (name, rev)
