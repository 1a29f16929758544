"""A round-trip editor for ``~/.aws/config`` and ``~/.aws/credentials``.

configparser rewrites the whole file (comments and layout lost), so this module edits
lines: it changes only the lines of the keys it sets and keeps every other byte, including
comments, blank lines, ordering, CRLF, a missing final newline, ``[profile x]`` vs ``[x]``
and keys it does not know. Line classification mirrors configparser's ``RawConfigParser``
(which botocore uses), and every edit is verified by re-parsing old and new text with it:
nothing but the intended values may change.
"""

from __future__ import annotations

import configparser
import copy
import io
import shlex
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from scanner.aws.errors import AwsFileError

Kind = Literal["config", "credentials"]

#: Keys that make a profile hold credentials of its own (or obtain them elsewhere).
CREDENTIAL_KEYS = (
    "aws_access_key_id", "aws_secret_access_key", "aws_session_token", "aws_security_token",
    "role_arn", "source_profile", "credential_source", "credential_process",
    "web_identity_token_file", "role_session_name", "external_id", "mfa_serial",
    "duration_seconds", "sso_start_url", "sso_session", "sso_account_id", "sso_role_name",
    "sso_region", "login_session",
)
STATIC_KEYS = ("aws_access_key_id", "aws_secret_access_key", "aws_session_token")


def split_lines(text: str) -> list[str]:
    """Split keeping line ends; ``\\n``, ``\\r\\n`` and a lone ``\\r`` end a line, as in
    Python's universal-newline reading (and so in botocore)."""
    out: list[str] = []
    start = 0
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\n" or c == "\r":
            if c == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
            out.append(text[start:i + 1])
            start = i + 1
        i += 1
    if start < n:
        out.append(text[start:])
    return out


def eol_of(line: str) -> str:
    if line.endswith("\r\n"):
        return "\r\n"
    if line.endswith(("\n", "\r")):
        return line[-1]
    return ""


def body_of(line: str) -> str:
    return line[: len(line) - len(eol_of(line))]


def profile_name(header: str, kind: Kind) -> str | None:
    """The profile a section header defines, exactly as botocore reads it."""
    if kind == "credentials":
        return header
    if header == "default":
        return "default"
    if header.startswith("profile"):
        try:
            parts = shlex.split(header)
        except ValueError:
            return None
        return parts[1] if len(parts) == 2 else None
    return None


@dataclass
class Entry:
    """One ``key = value`` (and its continuation lines)."""

    key: str
    value: str
    start: int
    end: int


@dataclass
class Section:
    header: str
    start: int
    end: int = 0
    entries: list[Entry] = field(default_factory=list)

    def get(self, key: str) -> Entry | None:
        for e in self.entries:
            if e.key == key:
                return e
        return None


def _configparser(text: str, where: str) -> configparser.RawConfigParser:
    """Parse like botocore does; any failure is a one-line :class:`AwsFileError`."""
    cp = configparser.RawConfigParser()
    try:
        cp.read_file(io.StringIO(text, newline=None), source=where)
    except configparser.DuplicateSectionError as exc:
        raise AwsFileError(
            f"{where}: section [{exc.section}] appears twice (line {exc.lineno}); "
            "merge the two by hand, nothing was written") from None
    except configparser.DuplicateOptionError as exc:
        raise AwsFileError(
            f"{where}: key {exc.option!r} appears twice in [{exc.section}] (line {exc.lineno}); "
            "fix it by hand, nothing was written") from None
    except configparser.MissingSectionHeaderError as exc:
        raise AwsFileError(
            f"{where}: line {exc.lineno} is outside any [section]; cannot parse it as an AWS "
            "config file, nothing was written") from None
    except configparser.ParsingError as exc:
        lineno = exc.errors[0][0] if exc.errors else "?"
        raise AwsFileError(
            f"{where}: line {lineno} is neither a [section], a key = value nor a comment; "
            "cannot parse it as an AWS config file, nothing was written") from None
    except configparser.Error as exc:
        raise AwsFileError(f"{where}: cannot parse: {exc.message}; nothing was written") from None
    return cp


def _semantic(cp: configparser.RawConfigParser) -> dict[str, dict[str, str]]:
    out = {"\0DEFAULT": dict(cp.defaults())}
    for s in cp.sections():
        out[s] = {k: cp.get(s, k, raw=True) for k in cp.options(s)}
    return out


class AwsIniFile:
    """A parsed AWS INI file that can set profile values and render itself back."""

    def __init__(self, text: str, kind: Kind, where: str = "<aws file>") -> None:
        if text.startswith("\ufeff"):
            raise AwsFileError(f"{where}: starts with a byte-order mark, which the AWS SDKs "
                               "cannot read; remove it first, nothing was written")
        self.kind: Kind = kind
        self.where = where
        self._original = text
        self._cp = _configparser(text, where)
        self.lines = split_lines(text)
        self._final_eol = text == "" or eol_of(text[-2:]) != ""
        self.sections: list[Section] = []
        self._expected = _semantic(self._cp)
        self._parse()

    @classmethod
    def from_bytes(cls, data: bytes | None, kind: Kind, where: str) -> AwsIniFile:
        if data is None:
            return cls("", kind, where)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise AwsFileError(f"{where}: is not UTF-8 text; nothing was written") from None
        return cls(text, kind, where)

    # -- reading -------------------------------------------------------------------------

    def _parse(self) -> None:
        sections: list[Section] = []
        cur: Section | None = None
        opt: Entry | None = None
        indent_level = 0
        for i, line in enumerate(self.lines):
            body = body_of(line)
            stripped = body.strip()
            if not stripped or stripped.startswith(("#", ";")):
                continue
            indent = len(body) - len(body.lstrip())
            if cur is not None and opt is not None and indent > indent_level:
                opt.end = i + 1
                continue
            indent_level = indent
            close = stripped.rfind("]")
            if stripped.startswith("[") and close > 1:
                if cur is not None:
                    cur.end = i
                cur = Section(header=stripped[1:close], start=i)
                sections.append(cur)
                opt = None
                continue
            if cur is None:  # configparser already refused this file
                raise AwsFileError(f"{self.where}: line {i + 1} is outside any [section]")
            cut = min((p for p in (stripped.find("="), stripped.find(":")) if p >= 0),
                      default=-1)
            if cut < 0:
                raise AwsFileError(f"{self.where}: cannot parse line {i + 1}")
            opt = Entry(key=stripped[:cut].rstrip().lower(), value=stripped[cut + 1:].strip(),
                        start=i, end=i + 1)
            cur.entries.append(opt)
        if cur is not None:
            cur.end = len(self.lines)
        self.sections = sections

    def sections_for(self, profile: str) -> list[Section]:
        return [s for s in self.sections if profile_name(s.header, self.kind) == profile]

    def section_for(self, profile: str) -> Section | None:
        """The one section defining ``profile``; two (``[default]`` and ``[profile default]``)
        is ambiguous and refused rather than guessed."""
        found = self.sections_for(profile)
        if len(found) > 1:
            heads = " and ".join(f"[{s.header}]" for s in found)
            raise AwsFileError(f"{self.where}: profile {profile!r} is defined twice ({heads}); "
                               "merge them by hand, nothing was written")
        return found[0] if found else None

    def profiles(self) -> dict[str, dict[str, str]]:
        """Profile name -> its keys and values (configparser's view)."""
        out: dict[str, dict[str, str]] = {}
        for s in self.sections:
            name = profile_name(s.header, self.kind)
            if name is not None and s.header in self._cp.sections():
                out.setdefault(name, {}).update(
                    {k: self._cp.get(s.header, k, raw=True) for k in self._cp.options(s.header)})
        return out

    def profile(self, name: str) -> dict[str, str] | None:
        sec = self.section_for(name)
        if sec is None:
            return None
        return {k: self._cp.get(sec.header, k, raw=True) for k in self._cp.options(sec.header)}

    # -- writing -------------------------------------------------------------------------

    def header_for(self, profile: str) -> str:
        if self.kind == "credentials" or profile == "default":
            return profile
        return f"profile {profile}"

    def _eol(self) -> str:
        counts = {"\r\n": 0, "\n": 0, "\r": 0}
        for line in self.lines:
            e = eol_of(line)
            if e:
                counts[e] += 1
        best = max(counts, key=lambda k: counts[k])
        return best if counts[best] else "\n"

    def _style(self, sec: Section | None) -> tuple[str, str]:
        """(indent, separator) of an existing entry, so new lines look like their neighbours."""
        ref = sec.entries[-1] if sec is not None and sec.entries else None
        indent_from_ref = ref is not None
        if ref is None:
            ref = next((e for s in self.sections for e in s.entries), None)
        if ref is None or not ref.value:
            return "", " = "
        body = body_of(self.lines[ref.start])
        indent = body[: len(body) - len(body.lstrip())] if indent_from_ref else ""
        rest = body.lstrip()
        cut = min(p for p in (rest.find("="), rest.find(":")) if p >= 0)
        name_end = len(rest[:cut].rstrip())
        value_start = cut + 1 + (len(rest[cut + 1:]) - len(rest[cut + 1:].lstrip()))
        return indent, rest[name_end:value_start]

    def _ensure_eol(self, index: int) -> None:
        if 0 <= index < len(self.lines) and not eol_of(self.lines[index]):
            self.lines[index] += self._eol()

    def set_profile(self, profile: str, values: Mapping[str, str],
                    remove: Iterable[str] = ()) -> None:
        """Set ``values`` in ``profile`` (created at the end if absent), drop ``remove``."""
        for k, v in values.items():
            if not v or v != v.strip() or "\n" in v or "\r" in v:
                raise ValueError(f"unsafe value for {k}")
        eol = self._eol()
        sec = self.section_for(profile)
        header = sec.header if sec is not None else self.header_for(profile)
        if sec is None:
            indent, sep = self._style(None)
            if self.lines:
                self._ensure_eol(len(self.lines) - 1)
                if body_of(self.lines[-1]).strip():
                    self.lines.append(eol)
            self.lines.append(f"[{header}]{eol}")
            self.lines.extend(f"{k}{sep}{v}{eol}" for k, v in values.items())
        else:
            indent, sep = self._style(sec)
            for key in list(remove):
                sec = self.section_for(profile)
                assert sec is not None
                e = sec.get(key)
                if e is not None and key not in values:
                    del self.lines[e.start:e.end]
                    self._parse()
            for key, value in values.items():
                sec = self.section_for(profile)
                assert sec is not None
                e = sec.get(key)
                if e is not None:
                    first = body_of(self.lines[e.start])
                    rest = first.lstrip()
                    cut = min(p for p in (rest.find("="), rest.find(":")) if p >= 0)
                    after = rest[cut + 1:]
                    prefix = first[: len(first) - len(rest)] + rest[: cut + 1]
                    prefix += after[: len(after) - len(after.lstrip())] if after.strip() else (
                        " " if rest[:cut].endswith(" ") else "")
                    line_eol = eol_of(self.lines[e.end - 1]) or eol_of(self.lines[e.start])
                    self.lines[e.start:e.end] = [prefix + value + line_eol]
                else:
                    at = sec.entries[-1].end if sec.entries else sec.start + 1
                    self._ensure_eol(at - 1)
                    self.lines.insert(at, f"{indent}{key}{sep}{value}{eol}")
                self._parse()
        self._parse()
        target = self._expected.setdefault(header, {})
        for key in remove:
            target.pop(key, None)
        target.update(values)

    def text(self) -> str:
        """The edited file; refuses (internal error) if anything else would change."""
        out = "".join(self.lines)
        if not self._final_eol and out and eol_of(out[-2:]):
            out = out[: len(out) - len(eol_of(out[-2:]))]
        expected = copy.deepcopy(self._expected)
        got = _semantic(_configparser(out, self.where))
        if got != expected:
            raise AwsFileError(f"{self.where}: internal check failed: the edit would change "
                               "other settings; nothing was written")
        return out

    def changed(self) -> bool:
        return self.text() != self._original
