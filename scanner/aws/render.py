"""Human-readable plan and result, with every key value redacted (diffs included)."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping

from scanner.aws.apply import MoveResult
from scanner.aws.exposure import Exposure
from scanner.aws.paths import display
from scanner.aws.plan import Plan
from scanner.aws.profiles import Assignment
from scanner.redact import redact

_ACTIONS = {"create": "new profile", "add": "added to the existing profile",
            "reuse": "already there, reused (nothing to write)",
            "replace": "REPLACES the credentials it held (--force; backup kept)"}


def redactor(values: Iterable[str]) -> Callable[[str], str]:
    vals = sorted({v for v in values if v}, key=len, reverse=True)

    def red(text: str) -> str:
        for v in vals:
            if v in text:
                text = text.replace(v, redact(v))
        return text

    return red


def unified(old: bytes | None, new: bytes | None, name: str, red: Callable[[str], str]) -> str:
    a = red((old or b"").decode("utf-8", "replace")).splitlines(keepends=True)
    b = red((new or b"").decode("utf-8", "replace")).splitlines(keepends=True)
    out = []
    for line in difflib.unified_diff(a, b, "a/" + name, "b/" + name, n=2):
        body = line.rstrip("\r\n")
        out.append(body)
        if not line.endswith(("\n", "\r")):
            out.append("\\ No newline at end of file")
    return "\n".join(out)


def _indent(text: str, by: str = "    ") -> str:
    return "\n".join(by + ln if ln else ln for ln in text.splitlines())


def _assignment(a: Assignment, plan: Plan, env: Mapping[str, str]) -> list[str]:
    where = plan.paths.config if a.file == "config" else plan.paths.credentials
    found = ", ".join(sorted({f"{loc.file}:{loc.line}" for loc in a.key.locations}))
    lines = [f"key {a.key.label()}" + (" + session token" if a.key.token else ""),
             f"  found at: {found}",
             f"  -> profile {a.profile!r} in {display(where, env)}: {_ACTIONS[a.action]}"]
    if a.region:
        src = (f" (found at {a.key.region_source})" if a.key.region_source and
               a.region == a.key.region else " (--region)")
        lines.append(f"  -> region {a.region}{src} in {display(plan.paths.config, env)}")
    lines += [f"  note: {n}" for n in a.notes]
    return lines


def _sources(plan: Plan, red: Callable[[str], str], applied: bool) -> list[str]:
    out: list[str] = []
    for fix in plan.sources:
        if fix.action == "rewrite" and fix.new is not None:
            out.append(f"{fix.display}: {'rewritten' if applied else 'rewrite'} ({fix.how})")
            out.append(_indent(unified(fix.old, fix.new, fix.display, red)))
        elif fix.action == "delete":
            out.append(f"{fix.display}: {'deleted' if applied else 'delete'} "
                       f"({fix.delete_reason}, holds only the moved keys)")
        elif fix.delete_reason:
            out.append(f"{fix.display}: flagged for deletion ({fix.delete_reason}); pass "
                       "--delete-files to delete it")
        out += [f"  note: {n}" for n in fix.notes]
    return out


def render_plan(plan: Plan, env: Mapping[str, str], applying: bool = False) -> str:
    """The dry run: keys, profiles, AWS file diffs and source diffs, all redacted."""
    red = redactor([*(v for k in plan.keys for v in k.values().values()), *plan.known_values])
    head = ("credscan move-keys: plan" if applying else
            "credscan move-keys: dry run, nothing is written (add --apply to do it)")
    out = [head, ""]
    for a in plan.assignments:
        out += _assignment(a, plan, env) + [""]
    for ch in plan.aws_changes:
        verb = ("change (mode 0600, the old file is backed up beside it)" if ch.old is not None
                else "create (mode 0600)")
        out.append(f"{display(ch.path, env)}: {verb}")
        out.append(_indent(unified(ch.old, ch.new, display(ch.path, env), red)))
        out.append("")
    src = _sources(plan, red, applied=False)
    if src:
        out += ["source changes:", *src, ""]
    manual = [m for s in plan.sources for m in s.manual]
    if manual:
        out += ["left for you to do by hand (or pass --blank-other to blank the literal):",
                *(f"  {m}" for m in manual), ""]
    if plan.problems:
        out += ["not moved:", *(f"  {p}" for p in plan.problems), ""]
    hint = profile_hint(plan.assignments)
    if hint:
        out += [hint, ""]
    if not applying:
        out.append(rotation_text(plan.assignments, {}))
    return "\n".join(out).rstrip() + "\n"


def profile_hint(assignments: list[Assignment]) -> str:
    """How the code finds the keys now: it names no profile, so say which to select."""
    named = sorted({a.profile for a in assignments if a.profile != "default"})
    if not named:
        return ""
    which = " or ".join(f"AWS_PROFILE={p}" for p in named)
    return ("the code now finds the keys through the AWS default credential chain (it names "
            f"no profile): run it with {which} (in .env, your shell or your deployment "
            "settings); in CI and containers give it environment credentials or a role")


def exposure_line(a: Assignment, exp: Exposure | None) -> str:
    who = f"{a.key.label()} (profile {a.profile!r})"
    if exp is None or not exp.checked:
        return f"  {who}: this repository's history was not checked"
    if not exp.in_history:
        return f"  {who}: not in this repository's history (only in the working tree)"
    shas = ", ".join(c[:10] for c in exp.commits[:3])
    more = "+" if len(exp.commits) >= 5 else ""
    pushed = (f"; on remote branch(es) {', '.join(exp.pushed_to[:5])}: it was pushed"
              if exp.pushed_to else "; on no remote-tracking branch this clone knows of")
    commits = "commit" if len(exp.commits) == 1 and not more else "commits"
    return (f"  {who}: IN THIS REPOSITORY'S HISTORY ({len(exp.commits)}{more} {commits}: "
            f"{shas}){pushed}. Rotate it.")


def rotation_text(assignments: list[Assignment], exposure: Mapping[str, Exposure]) -> str:
    """The rotation warning: plain, with console and CLI steps."""
    if not assignments:
        return ""
    lines = ["ROTATE THE KEY: moving it does not undo a leak. A key that was ever committed or "
             "pushed is compromised and must be replaced.",
             "  Console: IAM > Users > (user) > Security credentials > Create access key, put "
             "the new pair in the profile, then Make inactive and Delete the old key."]
    prof = assignments[0].profile
    lines += [f"  CLI: OLD=$(aws configure get aws_access_key_id --profile {prof}); "
              f"aws iam create-access-key --profile {prof}; (aws configure --profile {prof} "
              "with the new pair); "
              f"aws iam update-access-key --access-key-id \"$OLD\" --status Inactive "
              f"--profile {prof}; later: aws iam delete-access-key --access-key-id \"$OLD\" "
              f"--profile {prof}"]
    if exposure:
        lines.append("history:")
        lines += [exposure_line(a, exposure.get(a.key.key_id)) for a in assignments]
    return "\n".join(lines)


def render_result(result: MoveResult, env: Mapping[str, str]) -> str:
    plan = result.plan
    out = ["credscan move-keys: done", ""]
    for a in result.assignments:
        out += _assignment(a, plan, env)
    out.append("")
    for path, backup in result.written:
        out.append(f"wrote {display(path, env)} (0600)" +
                   (f"; previous version kept as {display(backup, env)}" if backup else ""))
    if result.tripwire:
        out.append(f"recorded salted hashes in {display(result.tripwire, env)}: credscan staged "
                   "now blocks these keys in any commit")
    out += result.notes
    src = [f"{f.display}: rewritten ({f.how})" for f in result.sources
           if f.path in result.rewritten]
    src += [f"{f.display}: deleted ({f.delete_reason})" for f in result.sources
            if f.path in result.deleted]
    if src:
        out += ["", "source changes:", *src]
    if result.manual:
        out += ["", "left for you to do by hand:", *(f"  {m}" for m in result.manual)]
    if result.errors:
        out += ["", "could not finish:", *(f"  {e}" for e in result.errors)]
    if plan.problems:
        out += ["", "not moved:", *(f"  {p}" for p in plan.problems)]
    hint = profile_hint(result.assignments)
    if hint:
        out += ["", hint]
    out += ["", rotation_text(result.assignments, result.exposure)]
    return "\n".join(out).rstrip() + "\n"
