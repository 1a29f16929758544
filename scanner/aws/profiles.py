"""Which profile each key goes to, and what that does to the AWS files.

Rules (issue 4): the same key already in a profile reuses it; otherwise ``--profile NAME``,
else ``[default]`` while no profile holds default credentials, else a name derived from the
project. A profile holding different credentials is never overwritten without ``--force``.
Pure functions of (keys, parsed files, options), so ``apply`` can re-run them under the
file locks and two concurrent runs cannot both take the same free profile.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from scanner.aws.awsfile import CREDENTIAL_KEYS, AwsIniFile
from scanner.aws.errors import ProfileConflict
from scanner.aws.keys import KeyMaterial
from scanner.engine.regex import compile_bytes

Action = Literal["create", "add", "reuse", "replace"]
FileKind = Literal["config", "credentials"]

_NAME_OK = r"^[A-Za-z0-9][A-Za-z0-9_.@+-]{0,63}$"


@dataclass(frozen=True)
class Options:
    """What the user asked for (the CLI flags, as a value the library takes)."""

    profile: str | None = None
    region: str | None = None
    credentials_file: bool = False
    force: bool = False
    delete_files: bool = False
    blank_other: bool = False
    project: str | None = None  # for derived profile names; default: the repo's name


@dataclass
class Assignment:
    key: KeyMaterial
    profile: str
    action: Action
    file: FileKind
    region: str | None = None       # region written to the config profile (None: none)
    notes: list[str] = field(default_factory=list)


def valid_profile_name(name: str) -> bool:
    return compile_bytes(_NAME_OK).search(name.encode("utf-8", "replace")) is not None


def project_profile_name(project: str) -> str:
    """A profile name from a project (directory) name: safe characters only."""
    out = "".join(c if c.isascii() and (c.isalnum() or c in "_.-") else "-" for c in project)
    out = out.strip("-._")[:48]
    return out or "credscan"


def holds_credentials(values: dict[str, str] | None) -> bool:
    return bool(values) and any(k in CREDENTIAL_KEYS for k in values or {})


class _Files:
    def __init__(self, config: AwsIniFile, creds: AwsIniFile) -> None:
        self.by_kind: dict[FileKind, AwsIniFile] = {"config": config, "credentials": creds}

    def profile(self, kind: FileKind, name: str) -> dict[str, str] | None:
        return self.by_kind[kind].profile(name)

    def exists(self, name: str) -> bool:
        return any(f.sections_for(name) for f in self.by_kind.values())

    def creds_where(self, name: str) -> FileKind | None:
        kinds: tuple[FileKind, ...] = ("credentials", "config")
        for kind in kinds:
            if holds_credentials(self.profile(kind, name)):
                return kind
        return None

    def find_key(self, key_id: str, first: FileKind) -> tuple[FileKind, str, dict[str, str]] \
            | None:
        order: list[FileKind] = [first, "credentials" if first == "config" else "config"]
        for kind in order:
            for name, values in self.by_kind[kind].profiles().items():
                if values.get("aws_access_key_id", "").strip() == key_id:
                    return kind, name, values
        return None


def assign(keys: list[KeyMaterial], config: AwsIniFile, creds: AwsIniFile,
           opts: Options) -> list[Assignment]:
    """Decide a profile per key; raises :class:`ProfileConflict` rather than overwrite."""
    files = _Files(config, creds)
    target: FileKind = "credentials" if opts.credentials_file else "config"
    taken: set[str] = set()
    out: list[Assignment] = []
    for n, key in enumerate(keys):
        hit = files.find_key(key.key_id, target)
        if hit is not None:
            kind, name, values = hit
            if values.get("aws_secret_access_key", "").strip() == key.secret:
                a = Assignment(key, name, "reuse", kind)
                if opts.profile and opts.profile != name:
                    a.notes.append(f"this key is already in profile {name!r}; reusing it "
                                   f"instead of {opts.profile!r}")
            elif opts.force:
                a = Assignment(key, name, "replace", kind)
            else:
                raise ProfileConflict(
                    f"profile {name!r} ({kind} file) holds {key.label()} with a different "
                    "secret access key; pass --force to replace it (a backup is kept)")
        else:
            name = _choose_name(n, key, files, taken, opts)
            where = files.creds_where(name)
            if where is None:
                a = Assignment(key, name, "add" if files.exists(name) else "create", target)
            elif opts.force:
                a = Assignment(key, name, "replace", where)
            else:
                raise ProfileConflict(
                    f"profile {name!r} already holds other credentials ({where} file); choose "
                    "another --profile, or pass --force to replace them (a backup is kept)")
        taken.add(a.profile)
        _decide_region(a, files, opts)
        _warn_shadowed(a, files)
        out.append(a)
    return out


def _choose_name(n: int, key: KeyMaterial, files: _Files, taken: set[str],
                 opts: Options) -> str:
    if opts.profile and n == 0:
        return opts.profile
    if not opts.profile and "default" not in taken and files.creds_where("default") is None:
        return "default"
    base = opts.profile or project_profile_name(opts.project or "")
    for i in range(1, 1000):
        name = base if i == 1 else f"{base}-{i}"
        if name not in taken and not files.exists(name):
            return name
    raise ProfileConflict(f"no free profile name like {base!r}; pass --profile")


def _decide_region(a: Assignment, files: _Files, opts: Options) -> None:
    wanted = opts.region or a.key.region
    if not wanted:
        return
    current = (files.profile("config", a.profile) or {}).get("region")
    if current is None and a.file == "credentials":
        current = (files.profile("credentials", a.profile) or {}).get("region")
    if current == wanted:
        return
    if current and not opts.region:
        a.notes.append(f"found region {wanted} beside the key, but profile {a.profile!r} already "
                       f"has region {current}; kept {current} (pass --region to change it)")
        return
    a.region = wanted


def _warn_shadowed(a: Assignment, files: _Files) -> None:
    if a.file != "config":
        return
    other = files.profile("credentials", a.profile)
    if holds_credentials(other) and (other or {}).get(
            "aws_access_key_id", "").strip() != a.key.key_id:
        a.notes.append(f"WARNING: the credentials file also has [{a.profile}] with other keys, "
                       "and it takes precedence over the config file: remove them there, or "
                       "the moved key will not be used")


def apply(assignments: list[Assignment], config: AwsIniFile, creds: AwsIniFile) -> None:
    """Write the assignments into the parsed files (in memory)."""
    files: dict[FileKind, AwsIniFile] = {"config": config, "credentials": creds}
    for a in assignments:
        values = {"aws_access_key_id": a.key.key_id, "aws_secret_access_key": a.key.secret}
        if a.key.token:
            values["aws_session_token"] = a.key.token
        if a.action == "replace":
            files[a.file].set_profile(a.profile, values,
                                      remove=[k for k in CREDENTIAL_KEYS if k not in values])
        elif a.action in ("create", "add"):
            files[a.file].set_profile(a.profile, values, remove=["aws_session_token"])
        elif a.key.token:  # reuse: refresh a session token that changed
            current = files[a.file].profile(a.profile) or {}
            if current.get("aws_session_token") != a.key.token:
                files[a.file].set_profile(a.profile, {"aws_session_token": a.key.token})
        if a.region:
            config.set_profile(a.profile, {"region": a.region})
