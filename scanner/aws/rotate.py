"""``credscan rotate``: replace a leaked AWS access key and prove the old one dead.

With the user's own administrator credentials (``--admin-profile``, default chain):

1. find the IAM user that owns the key (``GetAccessKeyLastUsed`` names it);
2. create a new access key for that user (at the two-keys limit, only an *inactive* other
   key may be deleted to make room, and only when asked);
3. write the new key into the target profile with move-keys' atomic, backed-up writer;
4. check the new key works (STS ``GetCallerIdentity``);
5. deactivate the old key, check STS now rejects it;
6. with ``--delete-old``, delete it (and check again);
7. record the verdict ``rotated`` with its evidence in the baseline.

Until step 6 everything is reversible (reactivate, restore the backup). A failure at any
step stops there, undoes what would leave no working key, and says where it stopped. The
plan (steps 1-2 read only) is all a dry run does.
"""

from __future__ import annotations

import datetime as _dt
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scanner.aws.atomicwrite import read_or_none, update_locked
from scanner.aws.awsfile import AwsIniFile
from scanner.aws.errors import UnsafeWrite
from scanner.aws.paths import AwsPaths, aws_paths, display
from scanner.errors import CredscanError, UsageError
from scanner.redact import redact
from scanner.verify.aws import client, describe_endpoint, get_caller_identity

Sleep = Callable[[float], None]


class RotateError(CredscanError):
    """A rotation step failed; the message says which and what state the keys are in."""


def key_label(key_id: str) -> str:
    """A key ID shown as AWS's console lists it in short (first four, last four)."""
    return f"{key_id[:4]}...{key_id[-4:]}" if len(key_id) >= 12 else redact(key_id)


@dataclass(frozen=True)
class ProfileRef:
    kind: str   # "config" or "credentials"
    path: Path
    name: str


def find_profile(key_id: str, paths: AwsPaths, env: Mapping[str, str]) -> ProfileRef | None:
    """The profile holding ``key_id`` (the credentials file first, as botocore reads it)."""
    for kind, path in (("credentials", paths.credentials), ("config", paths.config)):
        f = AwsIniFile.from_bytes(read_or_none(path), kind, display(path, env))  # type: ignore[arg-type]
        for name, values in f.profiles().items():
            if values.get("aws_access_key_id", "").strip() == key_id:
                return ProfileRef(kind, path, name)
    return None


def profile_values(ref: ProfileRef, env: Mapping[str, str]) -> dict[str, str]:
    f = AwsIniFile.from_bytes(read_or_none(ref.path), ref.kind,  # type: ignore[arg-type]
                              display(ref.path, env))
    return f.profile(ref.name) or {}


@dataclass
class Step:
    name: str
    status: str  # planned | done | failed | skipped | undone
    detail: str = ""


@dataclass
class RotationPlan:
    """What ``--apply`` will do for one key. Built with read-only IAM calls."""

    key_id: str
    old_secret: str | None = field(default=None, repr=False)
    user: str | None = None
    user_arn: str | None = None
    profile: ProfileRef | None = None
    other_keys: list[tuple[str, str]] = field(default_factory=list)  # (id, status)
    make_room: str | None = None  # inactive key to delete at the two-key limit
    delete_old: bool = False
    problems: list[str] = field(default_factory=list)
    admin_profile: str | None = None
    iam_endpoint: str = ""
    iam_endpoint_source: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    def steps(self) -> list[Step]:
        who = self.user or "?"
        prof = (f"profile {self.profile.name!r} in {self.profile.path}" if self.profile
                else "?")
        out = [Step("owner", "done", f"IAM user {who}" + (f" ({self.user_arn})"
                                                            if self.user_arn else ""))]
        if self.make_room:
            out.append(Step("make room", "planned", f"delete the INACTIVE key "
                                                    f"{key_label(self.make_room)} of {who} "
                                                    "(two keys per user at most)"))
        out += [Step("create", "planned", f"create a new access key for {who}"),
                Step("write", "planned", f"write it into {prof} (backup kept)"),
                Step("check new", "planned", "STS GetCallerIdentity with the new key"),
                Step("deactivate", "planned", f"make {key_label(self.key_id)} inactive"),
                Step("check old", "planned", "STS must now reject the old key")]
        if self.delete_old:
            out.append(Step("delete", "planned", f"delete {key_label(self.key_id)} "
                                                 "(not reversible)"))
        out.append(Step("record", "planned", "baseline verdict 'rotated' with the evidence"))
        return out


def _iam(admin_profile: str | None, timeout: float) -> Any:
    try:
        return client("iam", profile=admin_profile, timeout=timeout)
    except Exception as exc:  # noqa: BLE001 - botocore profile errors are many classes
        raise UsageError(f"--admin-profile {admin_profile or '(default chain)'}: {exc}") \
            from None


def _code(exc: Exception) -> str:
    resp = getattr(exc, "response", None)
    if isinstance(resp, dict):
        return str(resp.get("Error", {}).get("Code", ""))
    return type(exc).__name__


def plan_rotation(key_id: str, old_secret: str | None = None, *,
                  admin_profile: str | None = None, profile: str | None = None,
                  delete_old: bool = False, make_room: bool = False,
                  env: Mapping[str, str] | None = None, timeout: float = 10.0) -> RotationPlan:
    """Find the owner and the target profile; decide how to respect the two-key limit."""
    env = os.environ if env is None else env
    paths = aws_paths(env)
    plan = RotationPlan(key_id=key_id, old_secret=old_secret, delete_old=delete_old,
                        admin_profile=admin_profile)
    if key_id.startswith("ASIA"):
        plan.problems.append(f"{key_label(key_id)} is a temporary (session) key: it expires "
                             "on its own and cannot be rotated; rotate the credentials that "
                             "issued it")
        return plan
    ref = find_profile(key_id, paths, env)
    if profile is not None:
        if ref is not None and ref.name != profile:
            plan.problems.append(f"the key is in profile {ref.name!r}, not {profile!r}; "
                                 "rotate it there (or drop --profile)")
        elif ref is None:
            kind = "credentials" if profile_values(ProfileRef(
                "credentials", paths.credentials, profile), env) else "config"
            ref = ProfileRef(kind, paths.credentials if kind == "credentials" else paths.config,
                             profile)
            other = profile_values(ref, env).get("aws_access_key_id")
            if other:
                plan.problems.append(f"profile {profile!r} holds another key "
                                     f"({key_label(other)}); not overwritten")
    elif ref is None:
        plan.problems.append(f"{key_label(key_id)} is in no AWS profile: run "
                             "'credscan move-keys' first, or name the profile to receive the "
                             "new key with --profile")
    plan.profile = ref
    if ref is not None and plan.old_secret is None:
        plan.old_secret = profile_values(ref, env).get("aws_secret_access_key") or None
    from botocore.exceptions import BotoCoreError, ClientError

    iam = _iam(admin_profile, timeout)
    plan.iam_endpoint, plan.iam_endpoint_source = describe_endpoint(iam, "iam", env,
                                                                    admin_profile)
    try:
        last = iam.get_access_key_last_used(AccessKeyId=key_id)
    except (ClientError, BotoCoreError) as exc:
        plan.problems.append(f"cannot find the key's owner (GetAccessKeyLastUsed: "
                             f"{_code(exc)}): is --admin-profile an administrator of the "
                             "key's account?")
        return plan
    plan.user = last.get("UserName")
    if not plan.user:
        plan.problems.append("GetAccessKeyLastUsed named no IAM user (a root key? rotate it "
                             "in the console)")
        return plan
    try:
        user = iam.get_user(UserName=plan.user).get("User", {})
        plan.user_arn = user.get("Arn")
        keys = iam.list_access_keys(UserName=plan.user).get("AccessKeyMetadata", [])
    except (ClientError, BotoCoreError) as exc:
        plan.problems.append(f"cannot list the keys of {plan.user}: {_code(exc)}")
        return plan
    plan.other_keys = [(k["AccessKeyId"], k["Status"]) for k in keys
                       if k["AccessKeyId"] != key_id]
    if len(keys) >= 2 and plan.other_keys:
        oid, ostatus = plan.other_keys[0]
        if ostatus != "Inactive":
            plan.problems.append(f"{plan.user} already has two keys and the other one "
                                 f"({key_label(oid)}) is active: deactivate or delete it "
                                 "yourself first (IAM allows two keys per user)")
        elif not make_room:
            plan.problems.append(f"{plan.user} already has two keys; the other one "
                                 f"({key_label(oid)}) is inactive: pass --make-room to delete "
                                 "it, or delete it yourself")
        else:
            plan.make_room = oid
    return plan


@dataclass
class RotationResult:
    plan: RotationPlan
    steps: list[Step] = field(default_factory=list)
    new_key_id: str | None = None
    new_secret: str | None = field(default=None, repr=False)
    backup: Path | None = None
    old_status: str = "Active"
    old_rejected: bool | None = None
    evidence: dict[str, str] = field(default_factory=dict)
    stopped_at: str | None = None

    @property
    def ok(self) -> bool:
        return self.stopped_at is None


def _write_profile(ref: ProfileRef, key_id: str, secret: str, paths: AwsPaths,
                   env: Mapping[str, str], expect_old: str | None) -> Path | None:
    """Put the new pair in the profile under the lock (backup kept); refuse if the profile
    changed meanwhile."""

    def transform(old: bytes | None) -> bytes:
        f = AwsIniFile.from_bytes(old, ref.kind, display(ref.path, env))  # type: ignore[arg-type]
        current = (f.profile(ref.name) or {}).get("aws_access_key_id", "").strip() or None
        if current != expect_old:
            raise UnsafeWrite(f"profile {ref.name!r} changed meanwhile; not overwritten")
        f.set_profile(ref.name, {"aws_access_key_id": key_id, "aws_secret_access_key": secret},
                      remove=["aws_session_token"])
        return f.text().encode("utf-8")

    out = update_locked(ref.path, transform, private_dir=ref.path.parent.name == ".aws" or
                        ref.path.parent == paths.home_aws_dir)
    return out.backup


def _restore(ref: ProfileRef, backup: Path | None, paths: AwsPaths) -> None:
    data = backup.read_bytes() if backup is not None else None
    update_locked(ref.path, lambda old: data if data is not None else b"",
                  private_dir=ref.path.parent == paths.home_aws_dir, backup=False)


def _poll(check: Callable[[], str], want: str, wait: float, sleep: Sleep,
          interval: float = 2.0) -> tuple[str, int]:
    """Call ``check`` until it returns ``want`` or ``wait`` seconds pass (IAM is eventually
    consistent). Returns the last status and the number of tries."""
    tries = 1
    status = check()
    deadline = time.monotonic() + wait
    while status != want and time.monotonic() < deadline:
        sleep(interval)
        tries += 1
        status = check()
    return status, tries


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()


def apply_rotation(plan: RotationPlan, *, env: Mapping[str, str] | None = None,
                   wait_new: float = 20.0, wait_old: float = 30.0, timeout: float = 10.0,
                   sleep: Sleep = time.sleep) -> RotationResult:
    """Carry out the plan; every failure leaves a working key and names the step."""
    from botocore.exceptions import BotoCoreError, ClientError

    env = os.environ if env is None else env
    if not plan.ok or plan.user is None or plan.profile is None:
        raise UsageError(plan.problems[0] if plan.problems else "nothing to rotate")
    paths = aws_paths(env)
    res = RotationResult(plan)
    iam = _iam(plan.admin_profile, timeout)
    user, ref = plan.user, plan.profile

    def stop(step: str, detail: str, state: str) -> RotationResult:
        res.steps.append(Step(step, "failed", detail))
        res.stopped_at = step
        res.steps.append(Step("state", "done", state))
        return res

    if plan.make_room:
        try:
            iam.delete_access_key(UserName=user, AccessKeyId=plan.make_room)
        except (ClientError, BotoCoreError) as exc:
            return stop("make room", _code(exc), "nothing changed; the old key is active")
        res.steps.append(Step("make room", "done", f"deleted inactive key "
                                                   f"{key_label(plan.make_room)}"))
    try:
        new = iam.create_access_key(UserName=user)["AccessKey"]
    except (ClientError, BotoCoreError) as exc:
        return stop("create", f"CreateAccessKey: {_code(exc)}",
                    "the old key is unchanged and active; the profile is unchanged")
    res.new_key_id, res.new_secret = new["AccessKeyId"], new["SecretAccessKey"]
    res.steps.append(Step("create", "done", f"new key {key_label(res.new_key_id)} for {user}"))

    def drop_new() -> str:
        try:
            iam.delete_access_key(UserName=user, AccessKeyId=res.new_key_id)
            return f"the new key {key_label(res.new_key_id or '')} was deleted again"
        except (ClientError, BotoCoreError) as exc:
            return (f"the new key {key_label(res.new_key_id or '')} could not be deleted "
                    f"({_code(exc)}): delete it in IAM")

    expect = profile_values(ref, env).get("aws_access_key_id", "").strip() or None
    try:
        res.backup = _write_profile(ref, res.new_key_id, res.new_secret, paths, env, expect)
    except (CredscanError, OSError) as exc:
        return stop("write", str(exc), f"the old key is active and still in the profile; "
                                       f"{drop_new()}")
    res.steps.append(Step("write", "done", f"profile {ref.name!r} in "
                                           f"{display(ref.path, env)} now holds "
                                           f"{key_label(res.new_key_id)}" +
                          (f"; previous version kept as {display(res.backup, env)}"
                           if res.backup else "")))
    try:
        from scanner.aws import tripwire

        tripwire.record([(res.new_key_id, "key_id", ref.name),
                         (res.new_secret, "secret", ref.name)], paths)
    except (CredscanError, OSError) as exc:
        res.steps.append(Step("tripwire", "failed", f"{exc} (pre-commit will not know the "
                                                    "new key)"))

    def sts_status(kid: str, secret: str) -> str:
        ans = get_caller_identity(kid, secret, timeout=timeout, env=env)
        res.evidence.setdefault("sts_endpoint", ans.endpoint)
        return ans.verification.status

    status, tries = _poll(lambda: sts_status(res.new_key_id or "", res.new_secret or ""),
                          "live", wait_new, sleep)
    if status != "live":
        try:
            _restore(ref, res.backup, paths)
            restored = "the profile was restored"
        except (CredscanError, OSError) as exc:
            restored = f"the profile could not be restored ({exc})"
        return stop("check new", f"STS did not accept the new key after {tries} tries "
                                 f"({status})", f"the old key is active; {restored}; "
                                                f"{drop_new()}")
    res.steps.append(Step("check new", "done", "STS accepts the new key"))

    try:
        iam.update_access_key(UserName=user, AccessKeyId=plan.key_id, Status="Inactive")
    except (ClientError, BotoCoreError) as exc:
        return stop("deactivate", f"UpdateAccessKey: {_code(exc)}",
                    "both keys are active; the profile holds the new one")
    res.old_status = "Inactive"
    res.steps.append(Step("deactivate", "done", f"{key_label(plan.key_id)} is inactive "
                                                "(reactivate with aws iam update-access-key "
                                                "--status Active)"))
    if plan.old_secret:
        status, tries = _poll(lambda: sts_status(plan.key_id, plan.old_secret or ""),
                              "invalid", wait_old, sleep)
        res.old_rejected = status == "invalid"
        res.steps.append(Step("check old", "done" if res.old_rejected else "failed",
                              "STS rejects the old key" if res.old_rejected else
                              f"STS still accepted the old key after {tries} tries "
                              "(deactivation can take a few seconds to reach every region)"))
    else:
        res.steps.append(Step("check old", "skipped", "the old secret is not known, so its "
                                                      "rejection cannot be checked"))
    if plan.delete_old:
        try:
            iam.delete_access_key(UserName=user, AccessKeyId=plan.key_id)
        except (ClientError, BotoCoreError) as exc:
            return stop("delete", f"DeleteAccessKey: {_code(exc)}",
                        "the old key is inactive (not deleted); the profile holds the new key")
        res.old_status = "Deleted"
        res.steps.append(Step("delete", "done", f"{key_label(plan.key_id)} deleted"))
        if plan.old_secret:
            status, tries = _poll(lambda: sts_status(plan.key_id, plan.old_secret or ""),
                                  "invalid", wait_old, sleep)
            res.old_rejected = status == "invalid"
            res.steps.append(Step("check old", "done" if res.old_rejected else "failed",
                                  "STS rejects the deleted key" if res.old_rejected else
                                  f"STS still accepted the deleted key after {tries} tries"))
    res.evidence.update({
        "action": "rotated", "when": _now(), "iam_user": plan.user_arn or user,
        "old_key": key_label(plan.key_id), "new_key": key_label(res.new_key_id),
        "old_key_status": res.old_status, "profile": ref.name,
        "old_key_sts": ("rejected" if res.old_rejected else
                        "not checked" if res.old_rejected is None else "still accepted"),
    })
    return res


def render_plan(plans: list[RotationPlan], env: Mapping[str, str] | None = None) -> str:
    out = ["credscan rotate: plan (dry run; nothing changes until --apply)", ""]
    for p in plans:
        out.append(f"key {key_label(p.key_id)}:")
        if p.iam_endpoint:
            out.append(f"  IAM endpoint: {p.iam_endpoint} ({p.iam_endpoint_source})")
        if p.problems:
            out += [f"  cannot rotate: {x}" for x in p.problems]
            continue
        out += [f"  {i}. {s.name}: {s.detail}" for i, s in enumerate(p.steps(), 1)]
    return "\n".join(out) + "\n"


def render_result(results: list[RotationResult]) -> str:
    out = ["credscan rotate: done" if all(r.ok for r in results) else
           "credscan rotate: STOPPED", ""]
    for r in results:
        out.append(f"key {key_label(r.plan.key_id)}:")
        out += [f"  {s.status:>7}  {s.name}: {s.detail}" for s in r.steps]
        if r.stopped_at:
            out.append(f"  stopped at step '{r.stopped_at}'")
    return "\n".join(out) + "\n"


# -- what to rotate, and recording it -----------------------------------------------------

@dataclass
class Target:
    """One key to rotate, with the findings (if any) that showed it leaked."""

    key_id: str
    secret: str | None = field(default=None, repr=False)
    findings: list[Any] = field(default_factory=list)


def find_targets(paths: Sequence[str], key_ids: Sequence[str] = (),
                 fingerprints: Sequence[str] = ()) -> list[Target]:
    """Keys named by ID, by a finding's fingerprint, or (neither given) found under paths."""
    from scanner.api import scan_paths
    from scanner.aws.keys import collect_keys, kind_of

    for kid in key_ids:
        if not (len(kid) == 20 and kid.isalnum() and kid.isupper() and kid[:4] in
                ("AKIA", "ASIA", "ABIA", "ACCA")):
            raise UsageError(f"--key-id {redact(kid)}: not an AWS access key ID")
    result = scan_paths(list(paths) or ["."]) if (fingerprints or not key_ids) else None
    findings = [f for f in (result.findings if result else []) if kind_of(f.rule_id)]
    keys = collect_keys(findings).keys
    out: list[Target] = []
    for kid in key_ids:
        k = next((k for k in keys if k.key_id == kid), None)
        out.append(Target(kid, k.secret if k else None,
                          [f for f in findings if k and f.secret in k.values().values()]))
    for fp in fingerprints:
        hit = [f for f in findings if f.fingerprint.startswith(fp)] if len(fp) >= 6 else []
        if not hit:
            raise UsageError(f"no AWS finding under {', '.join(paths or ['.'])} has "
                             f"fingerprint {fp!r}")
        k = next((k for k in keys if hit[0].secret in k.values().values()), None)
        if k is None:
            raise UsageError(f"fingerprint {fp!r}: its key ID and secret are not found "
                             "together, so the key cannot be named")
        if all(t.key_id != k.key_id for t in out):
            out.append(Target(k.key_id, k.secret, [f for f in findings
                                                   if f.secret in k.values().values()]))
    if not key_ids and not fingerprints:
        out = [Target(k.key_id, k.secret, [f for f in findings
                                           if f.secret in k.values().values()]) for k in keys]
    return out


def record_rotation(baseline_path: str | os.PathLike[str], res: RotationResult,
                    findings: Sequence[Any] = ()) -> int:
    """Verdict ``rotated`` with the evidence, on every baseline entry of the old key (found
    by recomputing fingerprints from the values) and on the given findings. Returns how
    many entries were written. Nothing is recorded while the old key is still active."""
    from scanner.baseline import Baseline, record_evidence
    from scanner.engine.fingerprint import fingerprint
    from scanner.verify import forget

    if res.old_status == "Active":
        return 0
    path = Path(baseline_path)
    b = Baseline.load(path) if path.exists() else Baseline.empty()
    values = [v for v in (res.plan.key_id, res.plan.old_secret) if v]
    fps = [e.fingerprint for e in b.entries.values()
           if any(fingerprint(e.rule, e.file, v) == e.fingerprint for v in values)]
    mine = [f for f in findings if f.secret in values]
    done = record_evidence(b, "rotated", res.evidence, fps, mine,
                           note="rotated by credscan rotate")
    if done:
        b.save(path)
        forget([e.fingerprint for e in done])
    return len(done)


def plan_findings(paths: Sequence[str] | None) -> list[Any]:
    """The AWS findings move-keys would act on, kept so that ``move-keys --rotate`` can
    record them in the baseline after the literals have left the code."""
    from scanner.aws.paths import aws_paths as _paths
    from scanner.aws.plan import _roots, find_aws_findings, list_files

    roots = _roots(paths)
    return find_aws_findings(roots, list_files(roots, _paths()))
