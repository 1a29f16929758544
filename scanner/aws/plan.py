"""The plan of a move: found keys -> profiles -> AWS file edits + source fixes.

Building a plan reads and never writes; the dry run prints it and ``--apply`` carries it
out (:mod:`scanner.aws.apply`). Every refusal (unparseable config, profile conflict,
read-only file, key ID without secret) is raised here, before anything changes.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from scanner.aws import profiles
from scanner.aws.atomicwrite import check_writable, read_or_none
from scanner.aws.awsfile import AwsIniFile
from scanner.aws.errors import NothingToMove
from scanner.aws.exposure import git_root
from scanner.aws.fix_source import SourceFix, fix_source
from scanner.aws.keys import KeyMaterial, collect_keys
from scanner.aws.paths import AwsPaths, aws_paths, display
from scanner.aws.region import is_region, nearest_region, regions_in
from scanner.aws.rewrite_types import Target
from scanner.aws.tripwire import check_tripwire
from scanner.errors import UsageError
from scanner.models import Finding

#: Project files larger than this are not searched for the literals.
MAX_SOURCE_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class ProjectFile:
    path: Path
    display: str


@dataclass
class AwsFileChange:
    kind: profiles.FileKind
    path: Path
    old: bytes | None
    new: bytes


@dataclass
class Plan:
    options: profiles.Options
    paths: AwsPaths
    repo: Path | None
    files: list[ProjectFile]
    keys: list[KeyMaterial] = field(default_factory=list)
    assignments: list[profiles.Assignment] = field(default_factory=list)
    aws_changes: list[AwsFileChange] = field(default_factory=list)
    sources: list[SourceFix] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    known_values: list[str] = field(default_factory=list, repr=False)

    @property
    def empty(self) -> bool:
        return not self.assignments


def compute_aws_changes(keys: list[KeyMaterial], cfg_bytes: bytes | None,
                        creds_bytes: bytes | None, paths: AwsPaths, opts: profiles.Options,
                        env: Mapping[str, str]) -> tuple[list[profiles.Assignment],
                                                         list[AwsFileChange], list[str]]:
    """Assign profiles and compute the new AWS files from their current bytes (pure)."""
    cfg = AwsIniFile.from_bytes(cfg_bytes, "config", display(paths.config, env))
    creds = AwsIniFile.from_bytes(creds_bytes, "credentials", display(paths.credentials, env))
    assignments = profiles.assign(keys, cfg, creds, opts)
    known = sorted({v for f in (cfg, creds) for p in f.profiles().values()
                    for k, v in p.items() if k.startswith("aws_") and len(v) >= 16})
    profiles.apply(assignments, cfg, creds)
    changes = []
    for kind, f, old, path in (("config", cfg, cfg_bytes, paths.config),
                               ("credentials", creds, creds_bytes, paths.credentials)):
        new = f.text().encode("utf-8")
        if new != (old or b""):
            changes.append(AwsFileChange(kind, path, old, new))  # type: ignore[arg-type]
    return assignments, changes, known


def _word_in(data: bytes, word: bytes) -> bool:
    i = data.find(word)
    while i >= 0:
        before = data[i - 1:i]
        after = data[i + len(word):i + len(word) + 1]
        if not (before.isalnum() or before == b"_") and not (after.isalnum() or after == b"_"):
            return True
        i = data.find(word, i + 1)
    return False


def _used_elsewhere(files: list[ProjectFile], me: Path) -> Callable[[str], bool]:
    """Does another Python file of the project mention this identifier?"""
    cache: dict[str, bool] = {}

    def check(name: str) -> bool:
        if name not in cache:
            cache[name] = False
            for f in files:
                if f.path == me or f.path.suffix not in (".py", ".pyi", ".pyw"):
                    continue
                try:
                    if _word_in(f.path.read_bytes(), name.encode()):
                        cache[name] = True
                        break
                except OSError:
                    continue
        return cache[name]

    return check


def plan_sources(assignments: list[profiles.Assignment], files: list[ProjectFile],
                 opts: profiles.Options, paths: AwsPaths) -> list[SourceFix]:
    """Search every project file for the literals and plan each file's fix."""
    targets: dict[str, Target] = {}
    for a in assignments:
        for kind, value in a.key.values().items():
            targets[value] = Target(a.profile, kind)
    needles = [v.encode() for v in targets]
    moved = {a.key.key_id for a in assignments}
    out: list[SourceFix] = []
    for f in files:
        try:
            if f.path.stat().st_size > MAX_SOURCE_BYTES or paths.is_aws_file(f.path):
                continue
            data = f.path.read_bytes()
        except OSError:
            continue
        if not any(n in data for n in needles):
            continue
        mine = {v: t for v, t in targets.items() if v.encode() in data}
        out.append(fix_source(f.path, f.display, data, mine, moved,
                              delete_files=opts.delete_files, blank_other=opts.blank_other,
                              used_elsewhere=_used_elsewhere(files, f.path)))
    return out


def _detect_regions(keys: list[KeyMaterial], files: list[ProjectFile]) -> None:
    by_display = {f.display: f.path for f in files}
    cache: dict[str, bytes] = {}
    for key in keys:
        for loc in sorted(key.locations, key=lambda x: x.kind != "key_id"):
            path = by_display.get(loc.file, Path(loc.file))
            if loc.file not in cache:
                try:
                    cache[loc.file] = path.read_bytes()
                except OSError:
                    cache[loc.file] = b""
            hit = nearest_region(regions_in(cache[loc.file]), loc.line)
            if hit is not None:
                key.region, key.region_source = hit.region, f"{loc.file}:{hit.line}"
                break


def _roots(paths: Sequence[str | os.PathLike[str]] | None) -> list[Path]:
    if paths:
        return [Path(p) for p in paths]
    root = git_root(Path.cwd())
    if root is None:
        raise UsageError("not inside a git work tree; pass the files or directories to scan")
    return [root]


def list_files(roots: list[Path], paths: AwsPaths) -> list[ProjectFile]:
    from scanner.sources.files import collect

    refs = collect([str(r) for r in roots])
    return [ProjectFile(Path(r.path), r.display) for r in refs
            if not paths.is_aws_file(Path(r.path))]


def find_aws_findings(roots: list[Path], files: list[ProjectFile]) -> list[Finding]:
    """Scan with the engine; keep AWS findings in project files (not in ~/.aws)."""
    from scanner.api import scan_paths

    result = scan_paths([str(r) for r in roots])
    shown = {f.display for f in files}
    return [f for f in result.findings if f.provider == "aws" and f.file in shown]


def build_plan(paths: Sequence[str | os.PathLike[str]] | None = None,
               options: profiles.Options | None = None, *,
               env: Mapping[str, str] | None = None,
               findings: list[Finding] | None = None) -> Plan:
    """Find AWS keys under ``paths`` and plan their move (nothing is written)."""
    env = os.environ if env is None else env
    opts = options or profiles.Options()
    if opts.profile is not None and not profiles.valid_profile_name(opts.profile):
        raise UsageError(f"--profile {opts.profile!r}: use letters, digits and _ . @ + - only")
    if opts.region is not None and not is_region(opts.region):
        raise UsageError(f"--region {opts.region!r} is not an AWS region name (e.g. us-east-1)")
    roots = _roots(paths)
    repo = git_root(roots[0].resolve())
    if opts.project is None:
        base = repo or (roots[0].resolve() if roots[0].is_dir() else roots[0].resolve().parent)
        opts = dataclasses.replace(opts, project=base.name)
    aws = aws_paths(env)
    files = list_files(roots, aws)
    if findings is None:
        findings = find_aws_findings(roots, files)
    collected = collect_keys(findings)
    plan = Plan(options=opts, paths=aws, repo=repo, files=files, keys=collected.keys,
                problems=collected.problems)
    if not collected.keys:
        if collected.problems:
            more = len(collected.problems) - 1
            raise NothingToMove(collected.problems[0] + (f" (and {more} more)" if more else ""))
        return plan
    _detect_regions(plan.keys, files)
    cfg_bytes, creds_bytes = read_or_none(aws.config), read_or_none(aws.credentials)
    plan.assignments, plan.aws_changes, plan.known_values = compute_aws_changes(
        plan.keys, cfg_bytes, creds_bytes, aws, opts, env)
    for ch in plan.aws_changes:
        check_writable(ch.path)
    check_writable(aws.tripwire)
    check_tripwire(aws)
    plan.sources = plan_sources(plan.assignments, files, opts, aws)
    return plan
