"""Installing and removing credscan's git hooks, exactly reversibly.

``install`` writes a manifest (``.credscan-install.json``) of every change it made: hooks
written, earlier hooks renamed (chained or, with ``--force``, set aside), git config keys
set with their previous values. ``uninstall`` replays it backwards, so an earlier hook comes
back byte for byte (a rename keeps content and mode).

A hooks directory inside the work tree (``core.hooksPath = .husky``, ``githooks``...) is
shared through commits: there a hook tracked by git is never modified without ``--force``,
a hook we write finds credscan on ``PATH`` (never one machine's interpreter path), and the
manifest goes to the git directory so the work tree stays clean.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from scanner.errors import UsageError
from scanner.gitexec import run_git, try_git
from scanner.hooks.scripts import (
    BACKUP_SUFFIX,
    CHAINED_SUFFIX,
    HOOKS,
    is_ours,
    render,
)
from scanner.sources.git.plumbing import discover

MANIFEST = ".credscan-install.json"


@dataclass
class Report:
    """What install/uninstall did, one line per action (printed by the CLI)."""

    hooks_dir: str = ""
    actions: list[str] = field(default_factory=list)


def config_home() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "credscan"


def repo_hooks_dir(repo: str) -> Path:
    """The hooks directory git uses for ``repo`` (``core.hooksPath`` respected)."""
    info = discover(repo)
    if info.bare:
        base = Path(info.git_dir)
    else:
        top = run_git(["rev-parse", "--show-toplevel"], cwd=repo).decode().strip()
        base = Path(top)
    rel = run_git(["rev-parse", "--git-path", "hooks"], cwd=str(base)).decode().strip()
    p = Path(os.path.expanduser(rel))
    return p if p.is_absolute() else (base / p)


def _git_config_get(key: str, scope: str, repo: str | None = None) -> str | None:
    code, out = try_git(["config", f"--{scope}", "--get", key], cwd=repo)
    return out.decode("utf-8", "surrogateescape").rstrip("\n") if code == 0 else None


def _git_config_set(key: str, value: str | None, scope: str, repo: str | None = None) -> None:
    if value is None:
        try_git(["config", f"--{scope}", "--unset", key], cwd=repo)
    else:
        run_git(["config", f"--{scope}", key, value], cwd=repo)


def _load_manifest(d: Path) -> dict[str, object]:
    try:
        data = json.loads((d / MANIFEST).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _write_manifest(d: Path, data: dict[str, object]) -> None:
    (d / MANIFEST).write_text(json.dumps(data, indent=2, sort_keys=True) + "\n",
                              encoding="utf-8")


def _write_hook(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".credscan-tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.chmod(0o755)
    os.replace(tmp, path)


@dataclass(frozen=True)
class HooksTarget:
    """Where a repository's hooks go, and whether that place is shared through commits."""

    hooks_dir: Path
    manifest_dir: Path
    work_tree: Path | None
    shared: bool  # inside the work tree: hooks there may be committed


def _within(path: Path, parent: Path) -> bool:
    try:
        path.resolve().relative_to(parent.resolve())
        return True
    except ValueError:
        return False


def hooks_target(repo: str) -> HooksTarget:
    """The hooks directory of ``repo`` and where its install manifest is kept."""
    info = discover(repo)
    hooks = repo_hooks_dir(repo)
    git_dir = Path(info.git_dir)
    if info.bare or not info.work_tree:
        return HooksTarget(hooks, hooks, None, False)
    top = Path(run_git(["rev-parse", "--show-toplevel"], cwd=repo).decode().strip())
    shared = _within(hooks, top) and not _within(hooks, git_dir)
    common = run_git(["rev-parse", "--path-format=absolute", "--git-common-dir"],
                     cwd=str(top)).decode().strip()
    return HooksTarget(hooks, Path(common) if shared else hooks, top, shared)


def tracked_hooks(target: HooksTarget, names: list[str]) -> list[Path]:
    """The hooks among ``names`` that git tracks in the work tree (a team's shared hooks)."""
    if not target.shared or target.work_tree is None:
        return []
    out = []
    for name in names:
        p = target.hooks_dir / name
        rel = os.path.relpath(p.resolve() if p.exists() else p, target.work_tree.resolve())
        code, _ = try_git(["ls-files", "--error-unmatch", "--", rel], cwd=str(target.work_tree))
        if code == 0:
            out.append(p)
    return out


def install_into(hooks_dir: Path, names: list[str], force: bool = False,
                 global_hooks: bool = False, python: str | None = None,
                 report: Report | None = None, manifest_dir: Path | None = None) -> Report:
    """Install hooks ``names`` into ``hooks_dir``, chaining (or with force, setting aside)
    any existing non-credscan hook; re-installing over our own hook just refreshes it.

    ``python`` pins the interpreter the hook runs (default: this one; ``""``: find
    ``credscan`` on ``PATH``, for hooks that may be committed)."""
    rep = report or Report()
    rep.hooks_dir = str(hooks_dir)
    created = not hooks_dir.exists()
    hooks_dir.mkdir(parents=True, exist_ok=True)
    mdir = manifest_dir or hooks_dir
    manifest = _load_manifest(mdir)
    hooks_m = manifest.setdefault("hooks", {})
    assert isinstance(hooks_m, dict)
    if created:
        manifest.setdefault("created_dir", True)
    py = python if python is not None else sys.executable
    for name in names:
        target = hooks_dir / name
        entry = hooks_m.get(name) or {"chained": None, "backup": None}
        text = render(name, py, global_hooks)
        if target.exists() or target.is_symlink():
            data = target.read_bytes() if target.is_file() else b""
            if is_ours(data):
                if data == text.encode("utf-8"):
                    rep.actions.append(f"kept {target} (already up to date)")
                    hooks_m.setdefault(name, entry)
                    continue
                rep.actions.append(f"refreshed {target}")
            else:
                suffix = BACKUP_SUFFIX if force else CHAINED_SUFFIX
                aside = hooks_dir / (name + suffix)
                if aside.exists() or aside.is_symlink():
                    raise UsageError(f"{aside} already exists; move it away first")
                os.rename(target, aside)
                entry["backup" if force else "chained"] = aside.name
                rep.actions.append(
                    f"{'set aside' if force else 'chained'} existing {name} hook as {aside.name}")
        _write_hook(target, text)
        hooks_m[name] = entry
        rep.actions.append(f"installed {target}")
    _write_manifest(mdir, manifest)
    return rep


def uninstall_from(hooks_dir: Path, report: Report | None = None,
                   manifest_dir: Path | None = None) -> Report:
    """Undo :func:`install_into` for ``hooks_dir`` (also removes unrecorded credscan hooks)."""
    rep = report or Report()
    rep.hooks_dir = str(hooks_dir)
    mdir = manifest_dir or hooks_dir
    manifest = _load_manifest(mdir)
    hooks_m = manifest.get("hooks", {})
    assert isinstance(hooks_m, dict)
    for name in HOOKS:
        target = hooks_dir / name
        entry = hooks_m.get(name, {})
        if target.is_file() and is_ours(target.read_bytes()):
            target.unlink()
            rep.actions.append(f"removed {target}")
        elif name in hooks_m and target.exists():
            rep.actions.append(f"left {target}: it is no longer credscan's")
            continue
        for key in ("chained", "backup"):
            aside_name = entry.get(key) if isinstance(entry, dict) else None
            aside = hooks_dir / (aside_name or (name + (CHAINED_SUFFIX if key == "chained"
                                                        else BACKUP_SUFFIX)))
            if (aside.exists() or aside.is_symlink()) and not target.exists():
                os.rename(aside, target)
                rep.actions.append(f"restored {target}")
    man = mdir / MANIFEST
    if man.exists():
        man.unlink()
    if manifest.get("created_dir"):
        try:
            hooks_dir.rmdir()
            rep.actions.append(f"removed {hooks_dir}")
        except OSError:
            pass
    return rep


def install_repo(repo: str, pre_push: bool = False, force: bool = False) -> Report:
    """``credscan install``: hooks of one repository.

    In a hooks directory inside the work tree, a tracked hook is left alone unless
    ``force`` (nothing is changed, and the error says how to add credscan to it), and the
    hooks written find ``credscan`` on ``PATH``.
    """
    names = ["pre-commit"] + (["pre-push"] if pre_push else [])
    target = hooks_target(repo)
    tracked = [p for p in tracked_hooks(target, names)
               if not (p.is_file() and is_ours(p.read_bytes()))]
    if tracked and not force:
        assert target.work_tree is not None
        rels = ", ".join(os.path.relpath(p, target.work_tree) for p in tracked)
        cmds = "; ".join(f"`credscan {HOOKS[p.name]}`" for p in tracked)
        raise UsageError(
            f"{rels} is tracked by git (core.hooksPath): credscan does not modify a "
            f"committed hook without --force; add {cmds} to it yourself (it finds "
            "credscan on PATH), or rerun with --force")
    rep = install_into(target.hooks_dir, names, force=force,
                       python="" if target.shared else None,
                       manifest_dir=target.manifest_dir)
    if target.shared:
        rep.actions.append("note: hooks under the work tree run `credscan` from PATH "
                           "(each developer installs it), never this machine's interpreter")
    return rep


def uninstall_repo(repo: str) -> Report:
    target = hooks_target(repo)
    return uninstall_from(target.hooks_dir, manifest_dir=target.manifest_dir)


def _global_manifest_path() -> Path:
    return config_home() / "global-install.json"


def install_global(pre_push: bool = False, force: bool = False,
                   template: bool = False) -> Report:
    """``credscan install --global``: every repository of the user.

    Default: a global ``core.hooksPath`` (applies at once to every repository, existing or
    new; git then ignores each repository's ``.git/hooks``, which our hooks run themselves).
    ``template``: ``init.templateDir`` (only repositories created or cloned afterwards get a
    copy, which later upgrades do not touch; existing hooks stay in charge).
    """
    names = ["pre-commit"] + (["pre-push"] if pre_push else [])
    key = "init.templateDir" if template else "core.hooksPath"
    previous = _git_config_get(key, "global")
    other = _git_config_get("core.hooksPath" if template else "init.templateDir", "global")
    gman = _load_json(_global_manifest_path())
    default = config_home() / ("template" if template else "hooks")
    base = Path(os.path.expanduser(previous)) if previous else default
    hooks_dir = base / "hooks" if template else base
    rep = install_into(hooks_dir, names, force=force, global_hooks=not template)
    if previous is None:
        value = str(base)
        _git_config_set(key, value, "global")
        rep.actions.append(f"set global {key} = {value}")
    else:
        rep.actions.append(f"kept global {key} = {previous} (hooks installed there)")
    entries = gman.setdefault("config", {})
    assert isinstance(entries, dict)
    entries.setdefault(key, {"previous": previous, "hooks_dir": str(hooks_dir)})
    _save_json(_global_manifest_path(), gman)
    if template and other:
        rep.actions.append(f"note: global core.hooksPath = {other} overrides template hooks")
    return rep


def uninstall_global() -> Report:
    """Undo :func:`install_global` (both flavours), restoring previous config values."""
    rep = Report()
    gman = _load_json(_global_manifest_path())
    entries = gman.get("config", {})
    if not isinstance(entries, dict) or not entries:
        raise UsageError("no global credscan install recorded")
    for key, entry in entries.items():
        uninstall_from(Path(entry["hooks_dir"]), rep)
        if entry.get("previous") is None:
            current = _git_config_get(key, "global")
            expected = str(Path(entry["hooks_dir"]).parent) if key == "init.templateDir" \
                else entry["hooks_dir"]
            if current == expected:
                _git_config_set(key, None, "global")
                rep.actions.append(f"unset global {key}")
            if key == "init.templateDir":
                with contextlib.suppress(OSError):
                    Path(expected).rmdir()
    _global_manifest_path().unlink(missing_ok=True)
    return rep


def _load_json(p: Path) -> dict[str, object]:
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _save_json(p: Path, data: dict[str, object]) -> None:
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
