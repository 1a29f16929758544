"""The shape of a rule, and its validation: rules are data, checked once on load."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from scanner.models import Severity

#: False-positive filters a rule may ask for (see :mod:`scanner.engine.filters`).
KNOWN_FILTERS = frozenset(
    {"placeholder", "reference", "hash", "encoded", "password_hash", "path", "words",
     "repetition", "code", "example_host", "status_badge"}
)


class RuleError(ValueError):
    """A rule that cannot be used; the message names the rule and its file."""


@dataclass(frozen=True, slots=True)
class Context:
    """Evidence that must sit near a match: a pattern within N lines."""

    pattern: str
    within_lines: int = 3


@dataclass(frozen=True, slots=True)
class Examples:
    """Recipes for generated test texts (see :mod:`scanner.rules.examples`).

    Every ``positive`` must be reported by the rule, no ``negative`` may be; ``path`` is the
    file name the texts are scanned under (for rules scoped to file names).
    """

    positive: tuple[str, ...] = ()
    negative: tuple[str, ...] = ()
    path: str | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    """One detector. ``pattern`` has exactly one capture (or a group named ``secret``)."""

    id: str
    description: str
    provider: str
    severity: Severity
    pattern: str
    keywords: tuple[str, ...]
    entropy: float | None = None
    validator: str | None = None
    context: Context | None = None
    filters: tuple[str, ...] = ("placeholder",)
    allow: tuple[str, ...] = ()
    multiline: bool = False
    group: str | None = None
    min_length: int = 0
    prefilter: str | None = None
    paths: tuple[str, ...] = ()
    source: str = "builtin"
    tags: tuple[str, ...] = field(default=())
    #: a name/keyword-plus-entropy rule, not a provider's own format: the one definition
    #: of "generic" (``[entropy] generic``, overlap resolution, name filters use it)
    generic: bool = False
    #: documentation URL saying where to revoke or rotate this kind of credential
    revoke: str | None = None
    examples: Examples | None = None
    #: rule family (the rule file's name under ``providers/``; "core" or "generic" else)
    family: str = "core"
    #: the Hyperscan database holds only this rule's keywords, not its pattern: a text that
    #: has a keyword is searched whole. For a pattern with no literal of its own (a costly
    #: automaton on every byte) whose keywords are rare.
    keywords_only: bool = False


_REQUIRED = ("id", "description", "provider", "severity", "pattern", "keywords")
_ALLOWED = set(_REQUIRED) | {
    "entropy", "validator", "context", "filters", "allow", "multiline", "group", "min_length",
    "tags", "prefilter", "paths", "generic", "revoke", "examples", "family", "keywords_only",
}
_EXAMPLE_KEYS = {"positive", "negative", "path"}


def _fail(rule_id: str, source: str, msg: str) -> RuleError:
    return RuleError(f"{source}: rule {rule_id!r}: {msg}")


def _examples(rule_id: str, source: str, val: object) -> Examples | None:
    if val is None or isinstance(val, Examples):
        return val
    if not isinstance(val, Mapping):
        raise _fail(rule_id, source, "examples must be a table with positive/negative lists")
    extra = set(val) - _EXAMPLE_KEYS
    if extra:
        raise _fail(rule_id, source, f"unknown examples field(s): {', '.join(sorted(extra))}")
    lists: dict[str, tuple[str, ...]] = {}
    for key in ("positive", "negative"):
        items = val.get(key, [])
        if not isinstance(items, list) or not all(isinstance(x, str) and x for x in items):
            raise _fail(rule_id, source, f"examples.{key} must be a list of strings")
        lists[key] = tuple(items)
    path = val.get("path")
    if path is not None and (not isinstance(path, str) or not path):
        raise _fail(rule_id, source, "examples.path must be a file name")
    return Examples(lists["positive"], lists["negative"], path)


def parse_rule(raw: Mapping[str, Any], source: str, base: Rule | None = None,
               family: str | None = None) -> Rule:
    """Build a :class:`Rule` from a TOML table, optionally over an existing one (override).

    Every problem raises :class:`RuleError` with a one-line message naming the rule and
    the file, so the CLI can print it as-is.
    """
    from scanner.engine import validators  # local: validators imports nothing from here
    from scanner.engine.regex import RegexError, check_pattern

    rule_id = str(raw.get("id", "<no id>"))
    unknown = set(raw) - _ALLOWED
    if unknown:
        raise _fail(rule_id, source, f"unknown field(s): {', '.join(sorted(unknown))}")
    if base is None:
        missing = [k for k in _REQUIRED if k not in raw or raw[k] in (None, "", [])]
        if missing:
            raise _fail(rule_id, source, f"missing field(s): {', '.join(missing)}")
    values: dict[str, Any] = {}
    if base is not None:
        values.update({k: getattr(base, k) for k in Rule.__slots__})
    for key, val in raw.items():
        values[key] = val

    def _str(key: str) -> str:
        v = values[key]
        if not isinstance(v, str) or not v:
            raise _fail(rule_id, source, f"{key} must be a non-empty string")
        return v

    try:
        severity = (values["severity"] if isinstance(values["severity"], Severity)
                    else Severity.parse(_str("severity")))
    except ValueError as exc:
        raise _fail(rule_id, source, str(exc)) from None

    kws = values["keywords"]
    if isinstance(kws, str) or not isinstance(kws, (list, tuple)) or not all(
        isinstance(k, str) and k for k in kws
    ) or not kws:
        raise _fail(rule_id, source, "keywords must be a non-empty list of strings")

    entropy = values.get("entropy")
    if entropy is not None and (not isinstance(entropy, (int, float)) or isinstance(entropy, bool)
                                or not 0 <= float(entropy) <= 8):
        raise _fail(rule_id, source, "entropy must be a number between 0 and 8")

    validator = values.get("validator")
    if validator is not None and (not isinstance(validator, str)
                                  or validator not in validators.REGISTRY):
        raise _fail(rule_id, source, f"unknown validator {validator!r} "
                    f"(known: {', '.join(sorted(validators.REGISTRY))})")

    ctx = values.get("context")
    context: Context | None
    if ctx is None or isinstance(ctx, Context):
        context = ctx
    elif isinstance(ctx, Mapping) and isinstance(ctx.get("pattern"), str):
        extra = set(ctx) - {"pattern", "within_lines"}
        if extra:
            raise _fail(rule_id, source, f"unknown context field(s): {', '.join(sorted(extra))}")
        lines = ctx.get("within_lines", 3)
        if not isinstance(lines, int) or isinstance(lines, bool) or lines < 0:
            raise _fail(rule_id, source, "context.within_lines must be a non-negative integer")
        try:
            check_pattern(ctx["pattern"], need_capture=False)
        except RegexError as exc:
            raise _fail(rule_id, source, f"invalid context pattern: {exc}") from None
        context = Context(ctx["pattern"], lines)
    else:
        raise _fail(rule_id, source, "context must be a table with a 'pattern' string")

    filters = values.get("filters", ("placeholder",))
    if not isinstance(filters, (list, tuple)) or not all(isinstance(f, str) for f in filters):
        raise _fail(rule_id, source, "filters must be a list of strings")
    bad = [f for f in filters if f not in KNOWN_FILTERS]
    if bad:
        raise _fail(rule_id, source, f"unknown filter(s): {', '.join(bad)} "
                    f"(known: {', '.join(sorted(KNOWN_FILTERS))})")

    allow = values.get("allow", ())
    if not isinstance(allow, (list, tuple)) or not all(isinstance(a, str) for a in allow):
        raise _fail(rule_id, source, "allow must be a list of regular expressions")
    for a in allow:
        try:
            check_pattern(a, need_capture=False)
        except RegexError as exc:
            raise _fail(rule_id, source, f"invalid allow pattern {a!r}: {exc}") from None

    pattern = _str("pattern")
    try:
        check_pattern(pattern, need_capture=True)
    except RegexError as exc:
        raise _fail(rule_id, source, f"invalid pattern: {exc}") from None

    for flag in ("multiline", "keywords_only"):
        if not isinstance(values.get(flag, False), bool):
            raise _fail(rule_id, source, f"{flag} must be true or false")
    min_length = values.get("min_length", 0)
    if not isinstance(min_length, int) or isinstance(min_length, bool) or min_length < 0:
        raise _fail(rule_id, source, "min_length must be a non-negative integer")
    tags = values.get("tags", ())
    if not isinstance(tags, (list, tuple)):
        raise _fail(rule_id, source, "tags must be a list of strings")
    prefilter = values.get("prefilter")
    if prefilter is not None:
        if not isinstance(prefilter, str) or not prefilter:
            raise _fail(rule_id, source, "prefilter must be a non-empty pattern string")
        try:
            check_pattern(prefilter, need_capture=False)
        except RegexError as exc:
            raise _fail(rule_id, source, f"invalid prefilter pattern: {exc}") from None
    paths = values.get("paths", ())
    if not isinstance(paths, (list, tuple)) or not all(isinstance(p, str) and p for p in paths):
        raise _fail(rule_id, source, "paths must be a list of file-name globs")
    group = values.get("group")
    if group is not None and not isinstance(group, str):
        raise _fail(rule_id, source, "group must be a string")
    provider = _str("provider")
    tag_tuple = tuple(str(t) for t in tags)
    generic = values.get("generic")
    if generic is not None and not isinstance(generic, bool):
        raise _fail(rule_id, source, "generic must be true or false")
    if generic is None or (base is not None and "generic" not in raw
                           and ("provider" in raw or "tags" in raw)):
        generic = provider == "generic" or "generic" in tag_tuple
    revoke = values.get("revoke")
    if revoke is not None and (not isinstance(revoke, str) or not revoke.startswith("https://")
                               or any(c.isspace() for c in revoke)):
        raise _fail(rule_id, source, "revoke must be an https:// documentation URL")
    examples = _examples(rule_id, source, values.get("examples"))
    fam = values.get("family")
    if fam is None or (base is not None and "family" not in raw and family is not None):
        fam = family or ("generic" if generic else "core")
    if not isinstance(fam, str) or not fam:
        raise _fail(rule_id, source, "family must be a non-empty string")

    return Rule(
        id=_str("id"),
        description=_str("description"),
        provider=provider,
        severity=severity,
        pattern=pattern,
        keywords=tuple(k.lower() for k in kws),
        entropy=float(entropy) if entropy is not None else None,
        validator=validator,
        context=context,
        filters=tuple(filters),
        allow=tuple(allow),
        multiline=bool(values.get("multiline", False)),
        group=group,
        min_length=min_length,
        prefilter=prefilter,
        paths=tuple(paths),
        source=source,
        tags=tag_tuple,
        generic=generic,
        revoke=revoke,
        examples=examples,
        family=fam,
        keywords_only=bool(values.get("keywords_only", False)),
    )
