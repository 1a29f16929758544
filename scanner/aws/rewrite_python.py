"""Take AWS keys out of Python that uses boto3/botocore, keeping the code working everywhere.

The rewritten code names no profile: boto3's default credential chain finds the keys
(environment variables in CI and containers, ``AWS_PROFILE`` or the ``default`` profile on
a laptop, the instance or task role in the cloud), so the same code runs in every place
instead of failing with ``ProfileNotFound`` wherever one machine's profile is missing.

* ``boto3.client/resource(..., aws_access_key_id=..., ...)``, ``boto3.Session(...)`` and
  botocore ``X.create_client(...)``: the credential arguments are removed (a positional
  one becomes ``None``, which boto3 reads as "not given");
* ``os.environ["AWS_ACCESS_KEY_ID"] = ...`` is deleted;
* a variable that held a key and is no longer used is deleted (with the blank lines its
  removal would pile up);
* any other literal (settings constants, dicts, defaults) becomes a lookup through the
  chain that yields ``None`` when nothing is configured, never an error at import:
  ``getattr(boto3.Session().get_credentials(), "access_key", None)``.

Edits are byte ranges from the AST, so everything else is kept as it was. The result must
compile and must no longer contain the key, or the file is left alone.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Callable
from dataclasses import dataclass, field

from scanner.aws.edits import Edits, dominant_eol, line_starts
from scanner.aws.keys import Kind
from scanner.aws.rewrite_types import RewriteResult, Target, Targets, remaining, unchanged

CRED_PARAMS: dict[str, Kind] = {"aws_access_key_id": "key_id",
                                "aws_secret_access_key": "secret",
                                "aws_session_token": "token"}
CRED_ATTR: dict[Kind, str] = {"key_id": "access_key", "secret": "secret_key", "token": "token"}
ENV_VARS = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
            "AWS_SECURITY_TOKEN"}

#: Positional parameters of the calls we rewrite (boto3 1.x, botocore 1.x).
SIGNATURES: dict[str, tuple[str, ...]] = {
    "session": ("aws_access_key_id", "aws_secret_access_key", "aws_session_token",
                "region_name", "botocore_session", "profile_name"),
    "client": ("service_name", "region_name", "api_version", "use_ssl", "verify",
               "endpoint_url", "aws_access_key_id", "aws_secret_access_key",
               "aws_session_token", "config"),
}


@dataclass
class _Imports:
    """Local names that refer to boto3/botocore things."""

    boto3: list[str] = field(default_factory=list)            # the boto3 module
    boto3_session_mod: list[str] = field(default_factory=list)  # boto3.session module
    session_cls: list[str] = field(default_factory=list)       # boto3 Session class
    funcs: dict[str, str] = field(default_factory=dict)       # local -> client/resource
    botocore_session_mod: list[str] = field(default_factory=list)
    botocore_session_cls: list[str] = field(default_factory=list)
    botocore_any: bool = False

    @classmethod
    def of(cls, tree: ast.Module) -> _Imports:
        """Module-level imports only: a name imported inside a function is not in scope
        where we may write a profile lookup."""
        im = cls()
        for node in _module_level(tree):
            if isinstance(node, ast.Import):
                for a in node.names:
                    if a.name == "boto3" or (a.name.startswith("boto3.") and not a.asname):
                        im.boto3.append(a.asname or "boto3")
                    elif a.name == "boto3.session":
                        im.boto3_session_mod.append(a.asname or "")
                    elif a.name == "botocore.session":
                        im.botocore_any = True
                        im.botocore_session_mod.append(a.asname or "botocore.session")
                    elif a.name.startswith("botocore"):
                        im.botocore_any = True
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                for a in node.names:
                    local = a.asname or a.name
                    if node.module == "boto3":
                        if a.name == "Session":
                            im.session_cls.append(local)
                        elif a.name == "session":
                            im.boto3_session_mod.append(local)
                        elif a.name in ("client", "resource"):
                            im.funcs[local] = a.name
                    elif node.module == "boto3.session" and a.name == "Session":
                        im.session_cls.append(local)
                    elif node.module.startswith("botocore"):
                        im.botocore_any = True
                        if node.module == "botocore" and a.name == "session":
                            im.botocore_session_mod.append(local)
                        elif node.module == "botocore.session" and a.name == "Session":
                            im.botocore_session_cls.append(local)
        im.boto3_session_mod = [m for m in im.boto3_session_mod if m]
        return im

    @property
    def uses_boto3(self) -> bool:
        return bool(self.boto3 or self.boto3_session_mod or self.session_cls or self.funcs)


def _module_level(tree: ast.Module) -> list[ast.AST]:
    """Nodes executed at import time (not inside function or class bodies)."""
    out: list[ast.AST] = []
    todo: list[ast.AST] = list(tree.body)
    while todo:
        node = todo.pop()
        out.append(node)
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                                 ast.Lambda)):
            todo.extend(ast.iter_child_nodes(node))
    return out


class _Rewriter:
    def __init__(self, text: str, tree: ast.Module, targets: Targets,
                 used_elsewhere: Callable[[str], bool]) -> None:
        self.src = text.encode("utf-8")
        self.tree = tree
        self.targets = targets
        self.used_elsewhere = used_elsewhere
        self.starts = line_starts(self.src)
        self.edits = Edits()
        self.im = _Imports.of(tree)
        self.need_import: set[str] = set()
        self.parents: dict[int, ast.AST] = {}
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                self.parents[id(child)] = node
        self.quote = '"'
        self.names: dict[str, Target] = {}   # variable/attribute name -> literal it holds
        self.profiles: set[str] = set()  # where the moved keys went (for the notes)
        self.notes: list[str] = []
        self.pending: list[ast.stmt] = []
        self._collect_names()

    # -- positions -------------------------------------------------------------------------

    def pos(self, line: int, col: int) -> int:
        return self.starts[line - 1] + col

    def span(self, node: ast.AST) -> tuple[int, int]:
        return (self.pos(node.lineno, node.col_offset),  # type: ignore[attr-defined]
                self.pos(node.end_lineno, node.end_col_offset))  # type: ignore[attr-defined]

    def seg(self, node: ast.AST) -> str:
        s, e = self.span(node)
        return self.src[s:e].decode("utf-8")

    def q(self, s: str) -> str:
        return f"{self.quote}{s}{self.quote}"

    # -- what holds a key ------------------------------------------------------------------

    def const_target(self, node: ast.AST | None) -> Target | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return self.targets.get(node.value)
        return None

    def _collect_names(self) -> None:
        for node in ast.walk(self.tree):
            value = getattr(node, "value", None)
            t = self.const_target(value)
            if t is None:
                continue
            if isinstance(node, ast.Assign):
                tgts: list[ast.expr] = list(node.targets)
            elif isinstance(node, ast.AnnAssign):
                tgts = [node.target]
            else:
                continue
            for tg in tgts:
                if isinstance(tg, ast.Name):
                    self.names[tg.id] = t
                elif isinstance(tg, ast.Attribute):
                    self.names[tg.attr] = t
        first = next((n for n in ast.walk(self.tree) if self.const_target(n) is not None), None)
        if first is not None:
            s, _ = self.span(first)
            ch = self.src[s:s + 1]
            if ch in (b"'", b'"'):
                self.quote = ch.decode()

    def resolve(self, node: ast.AST | None) -> Target | None:
        t = self.const_target(node)
        if t is not None:
            return t
        if isinstance(node, ast.Name):
            return self.names.get(node.id)
        if isinstance(node, ast.Attribute):
            return self.names.get(node.attr)
        return None

    # -- constructors we may write -----------------------------------------------------------

    def boto3_ctor(self) -> str:
        if self.im.boto3:
            return f"{self.im.boto3[0]}.Session"
        if self.im.session_cls:
            return self.im.session_cls[0]
        if self.im.boto3_session_mod:
            return f"{self.im.boto3_session_mod[0]}.Session"
        self.need_import.add("import boto3")
        return "boto3.Session"

    def botocore_ctor(self) -> str:
        if self.im.botocore_session_mod:
            return f"{self.im.botocore_session_mod[0]}.Session"
        if self.im.botocore_session_cls:
            return self.im.botocore_session_cls[0]
        self.need_import.add("import botocore.session")
        return "botocore.session.Session"

    def lookup_expr(self, t: Target) -> str:
        """An expression that reads the value through the default credential chain at run
        time (``None`` when nothing is configured: no error at import)."""
        attr = self.q(CRED_ATTR[t.kind])
        if not self.im.uses_boto3 and self.im.botocore_any:
            return f"getattr({self.botocore_ctor()}().get_credentials(), {attr}, None)"
        return f"getattr({self.boto3_ctor()}().get_credentials(), {attr}, None)"

    # -- calls ---------------------------------------------------------------------------------

    def is_boto3_module(self, node: ast.AST) -> bool:
        return isinstance(node, ast.Name) and node.id in self.im.boto3

    def call_kind(self, call: ast.Call) -> str | None:
        f = call.func
        if isinstance(f, ast.Attribute):
            if f.attr in ("client", "resource"):
                return "client"
            if f.attr == "create_client":
                return "botocore_client"
            if f.attr == "Session" and (
                    self.is_boto3_module(f.value)
                    or (isinstance(f.value, ast.Name) and f.value.id in self.im.boto3_session_mod)
                    or (isinstance(f.value, ast.Attribute) and f.value.attr == "session"
                        and self.is_boto3_module(f.value.value))):
                return "session"
        if isinstance(f, ast.Name):
            if f.id in self.im.funcs:
                return "client_func"
            if f.id in self.im.session_cls:
                return "session"
        return None

    def cred_args(self, call: ast.Call, kind: str) -> list[tuple[ast.AST, Kind, bool]]:
        """(node, kind, is_keyword) of every credential argument of the call."""
        out: list[tuple[ast.AST, Kind, bool]] = []
        sig = SIGNATURES["session" if kind == "session" else "client"]
        for i, a in enumerate(call.args):
            if isinstance(a, ast.Starred):
                break
            if i < len(sig) and sig[i] in CRED_PARAMS:
                out.append((a, CRED_PARAMS[sig[i]], False))
        for kw in call.keywords:
            if kw.arg in CRED_PARAMS:
                out.append((kw, CRED_PARAMS[kw.arg], True))
        return out

    def call_target(self, creds: list[tuple[ast.AST, Kind, bool]]) -> Target | None:
        found = [self.resolve(n.value if is_kw else n)  # type: ignore[attr-defined]
                 for n, _, is_kw in creds]
        hits = [t for t in found if t is not None]
        if not hits:
            return None
        for t in hits:
            if t.kind == "key_id":
                return t
        return hits[0]

    def remove_args(self, call: ast.Call, remove: list[ast.AST],
                    insert_kw: str | None) -> bool:
        """Delete keyword arguments ``remove``; optionally add keyword ``insert_kw``."""
        items = sorted([*call.args, *call.keywords], key=lambda n: self.span(n)[0])
        gone = {id(n) for n in remove}
        _, call_end = self.span(call)
        ok = True
        kept = [n for n in items if id(n) not in gone]
        if not kept and items:
            s = self.span(items[0])[0]
            if insert_kw:
                return self.edits.add(s, self.span(items[-1])[1], insert_kw)
            return self.edits.add(s, call_end - 1, "")
        i = 0
        while i < len(items):
            if id(items[i]) not in gone:
                i += 1
                continue
            j = i
            while j < len(items) and id(items[j]) in gone:
                j += 1
            if j < len(items):
                ok &= self.edits.add(self.span(items[i])[0], self.span(items[j])[0], "")
            else:
                ok &= self.edits.add(self.span(items[i - 1])[1], self.span(items[j - 1])[1], "")
            i = j
        if insert_kw:
            first_kw = next((n for n in kept if isinstance(n, ast.keyword)), None)
            if first_kw is not None:
                p = self.span(first_kw)[0]
                ok &= self.edits.add(p, p, insert_kw + ", ")
            elif kept:
                p = self.span(kept[-1])[1]
                ok &= self.edits.add(p, p, ", " + insert_kw)
            else:
                p = call_end - 1
                ok &= self.edits.add(p, p, insert_kw)
        return ok

    def strip_creds(self, call: ast.Call, creds: list[tuple[ast.AST, Kind, bool]],
                    insert_kw: str | None) -> bool:
        ok = True
        for node, _, is_kw in creds:
            if not is_kw:
                s, e = self.span(node)
                ok &= self.edits.add(s, e, "None")
        return ok and self.remove_args(call, [n for n, _, kw in creds if kw], insert_kw)

    def rewrite_call(self, call: ast.Call) -> None:
        """Drop the credential arguments of a boto3/botocore call that got a moved key."""
        kind = self.call_kind(call)
        if kind is None:
            return
        creds = self.cred_args(call, kind)
        t = self.call_target(creds) if creds else None
        if t is None:
            return
        self.profiles.add(t.profile)
        self.strip_creds(call, creds, None)

    # -- statements ------------------------------------------------------------------------

    def line_end(self, stmt: ast.stmt) -> int:
        """Offset just after the last line of ``stmt`` (its line end included)."""
        end = stmt.end_lineno or stmt.lineno
        return self.starts[end] if end < len(self.starts) else len(self.src)

    def whole_lines(self, stmt: ast.stmt) -> tuple[int, int] | None:
        """The byte range of the lines a statement occupies alone, or None."""
        s, e = self.span(stmt)
        ls = self.starts[stmt.lineno - 1]
        le = self.line_end(stmt)
        if self.src[ls:s].strip():
            return None
        tail = self.src[e:le].strip()
        if tail and not tail.startswith(b"#"):
            return None
        return ls, le

    def block_of(self, stmt: ast.stmt) -> list[ast.stmt] | None:
        parent = self.parents.get(id(stmt))
        for fld in ("body", "orelse", "finalbody"):
            block = getattr(parent, fld, None)
            if isinstance(block, list) and any(s is stmt for s in block):
                return block
        return None

    def delete_statements(self, stmts: list[ast.stmt]) -> bool:
        """Queue whole-line statements for deletion (all or none of ``stmts``)."""
        if any(self.whole_lines(st) is None or self.block_of(st) is None for st in stmts):
            return False
        self.pending.extend(stmts)
        return True

    def gone(self, start: int, end: int) -> bool:
        """Is [start, end) edited away already, or inside a statement queued for deletion?"""
        if self.edits.covers(start, end):
            return True
        return any(a <= start and end <= b for a, b in map(self.span, self.pending))

    def flush_deletions(self) -> None:
        """Delete the queued statements; a block left empty keeps a ``pass``."""
        spans = []
        for st in self.pending:
            wl = self.whole_lines(st)
            assert wl is not None
            spans.append((st, wl))
        by_block: dict[int, list[ast.stmt]] = {}
        for st, _ in spans:
            block = self.block_of(st)
            assert block is not None
            by_block.setdefault(id(block), []).append(st)
        ranges: list[tuple[int, int]] = []
        for st, (ls, le) in spans:
            block = self.block_of(st)
            assert block is not None
            gone = by_block[id(block)]
            if len(gone) == len(block) and st is gone[0]:
                s, e = self.span(st)
                self.edits.add(s, e, "pass")
            else:
                ranges.append((ls, le))
        for ls, le in self.merge_blank_gaps(ranges):
            self.edits.add(ls, le, "")

    def _blank(self, line_no: int) -> bool:
        """Is 1-based line ``line_no`` empty or whitespace only?"""
        if not 1 <= line_no < len(self.starts):
            return False
        return not self.src[self.starts[line_no - 1]:self.starts[line_no]].strip()

    def merge_blank_gaps(self, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Whole-line ranges to delete, joined across the blank lines between them, each
        widened so the blank lines left around it are no more than were there before
        (deleting a statement between two blank runs must not leave 3+ blank lines)."""
        from scanner.aws.edits import line_of

        merged: list[list[int]] = []
        for ls, le in sorted(ranges):
            if merged and not self.src[merged[-1][1]:ls].strip():
                merged[-1][1] = max(merged[-1][1], le)
            else:
                merged.append([ls, le])
        out = []
        for ls, le in merged:
            first = line_of(self.starts, ls)
            after = line_of(self.starts, le) if le < len(self.src) else len(self.starts)
            before_n = 0
            while self._blank(first - 1 - before_n):
                before_n += 1
            after_n = 0
            while self._blank(after + after_n):
                after_n += 1
            extra = min(before_n, after_n)  # keep the larger of the two runs
            end_line = after + extra
            le = self.starts[end_line - 1] if end_line - 1 < len(self.starts) else len(self.src)
            out.append((ls, le))
        return out

    def rewrite_environ(self) -> None:
        """Delete ``os.environ["AWS_ACCESS_KEY_ID"] = KEY``: setting the keys, or a profile,
        from the code would override what each environment provides."""
        for node in ast.walk(self.tree):
            if not (isinstance(node, ast.Assign) and len(node.targets) == 1):
                continue
            tg = node.targets[0]
            if not (isinstance(tg, ast.Subscript) and isinstance(tg.slice, ast.Constant)
                    and tg.slice.value in ENV_VARS and self._is_environ(tg.value)):
                continue
            t = self.resolve(node.value)
            if t is None:
                continue
            if self.delete_statements([node]):
                self.profiles.add(t.profile)

    @staticmethod
    def _is_environ(node: ast.AST) -> bool:
        return (isinstance(node, ast.Attribute) and node.attr == "environ") or (
            isinstance(node, ast.Name) and node.id == "environ")

    def _scope_is_function(self, node: ast.AST) -> bool:
        p = self.parents.get(id(node))
        while p is not None:
            if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                return True
            if isinstance(p, (ast.ClassDef, ast.Module)):
                return False
            p = self.parents.get(id(p))
        return False

    def drop_dead_variables(self) -> None:
        """Delete ``NAME = "<key>"`` when every use of NAME was in a rewritten call and
        nothing else (in the module or, for module names, in the project) uses it."""
        assigns: dict[str, list[ast.stmt]] = {}
        for node in ast.walk(self.tree):
            if (isinstance(node, ast.Assign) and len(node.targets) == 1
                    and isinstance(node.targets[0], ast.Name)
                    and self.const_target(node.value) is not None):
                assigns.setdefault(node.targets[0].id, []).append(node)
        for name, stmts in assigns.items():
            refs = [n for n in ast.walk(self.tree)
                    if (isinstance(n, ast.Name) and n.id == name
                        and not isinstance(n.ctx, ast.Store))
                    or (isinstance(n, ast.Attribute) and n.attr == name)
                    or (isinstance(n, ast.Constant) and n.value == name)
                    or (isinstance(n, (ast.Global, ast.Nonlocal)) and name in n.names)]
            if not refs or any(not self.gone(*self.span(r)) for r in refs
                               if not isinstance(r, (ast.Global, ast.Nonlocal))):
                continue
            if any(isinstance(r, (ast.Global, ast.Nonlocal)) for r in refs):
                continue
            local = all(self._scope_is_function(s) for s in stmts)
            if not local and self.used_elsewhere(name):
                continue
            self.delete_statements(stmts)

    def replace_literals(self) -> None:
        for node in ast.walk(self.tree):
            t = self.const_target(node)
            if t is None:
                continue
            self.profiles.add(t.profile)
            s, e = self.span(node)
            if self.edits.covers(s, e):
                continue
            parent = self.parents.get(id(node))
            if isinstance(parent, (ast.JoinedStr, ast.FormattedValue, ast.MatchValue)):
                continue
            self.edits.add(s, e, self.lookup_expr(t))

    def scrub_comments(self, text: str) -> None:
        try:
            toks = list(tokenize.generate_tokens(io.StringIO(text).readline))
        except (tokenize.TokenError, SyntaxError):
            return
        for tok in toks:
            if tok.type != tokenize.COMMENT:
                continue
            new = tok.string
            for value, t in self.targets.items():
                new = new.replace(value, f"<moved to AWS profile {t.profile}>")
            if new != tok.string:
                s = self.pos(tok.start[0], len(tok.line[:tok.start[1]].encode()))
                e = s + len(tok.string.encode())
                if not self.edits.covers(s, e):
                    self.edits.add(s, e, new)

    def import_edit(self, eol: bytes) -> None:
        if not self.need_import:
            return
        body = self.tree.body
        idx = 0
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                and isinstance(body[0].value.value, str):
            idx = 1
        while idx < len(body) and isinstance(body[idx], ast.ImportFrom) and \
                body[idx].module == "__future__":  # type: ignore[attr-defined]
            idx += 1
        text = b"".join(i.encode() + eol for i in sorted(self.need_import))
        if idx == 0:
            p = self.starts[body[0].lineno - 1] if body else len(self.src)
            self.edits.add(p, p, text)
            return
        prev = body[idx - 1]
        p = self.line_end(prev)
        if p == len(self.src) and not self.src.endswith((b"\n", b"\r")):
            text = eol + text.rstrip(b"\r\n")
        self.edits.add(p, p, text)

    def run(self, text: str) -> bytes:
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call):
                self.rewrite_call(node)
        self.rewrite_environ()
        self.drop_dead_variables()
        self.flush_deletions()
        self.replace_literals()
        self.scrub_comments(text)
        self.import_edit(dominant_eol(self.src))
        named = sorted(p for p in self.profiles if p != "default")
        if named:
            which = ", ".join(f"AWS_PROFILE={p}" for p in named)
            self.notes.append(
                "the code now finds the keys through boto3's default credential chain (it "
                f"names no profile): run it with {which} (as .env says), or with "
                "environment credentials in CI")
        return self.edits.apply(self.src)


def _decode(data: bytes) -> tuple[str, str, bool]:
    enc, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    bom = enc == "utf-8-sig"
    return data.decode(enc), ("utf-8" if bom else enc), bom


def rewrite_python(data: bytes, targets: Targets,
                   used_elsewhere: Callable[[str], bool] = lambda name: True) -> RewriteResult:
    """Rewrite Python ``data`` so it reads the keys from their profiles.

    ``used_elsewhere(name)`` says whether another file of the project mentions a module
    variable; such variables are kept (as a profile lookup) rather than deleted.
    """
    try:
        text, enc, bom = _decode(data)
    except (SyntaxError, UnicodeDecodeError, LookupError):
        return unchanged(data, targets, "cannot decode it as Python source; edit it by hand")
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return unchanged(data, targets, "it does not parse as Python 3, so it is not rewritten")
    rw = _Rewriter(text, tree, targets, used_elsewhere)
    try:
        out_utf8 = rw.run(text)
        new_text = out_utf8.decode("utf-8")
        compile(new_text, "<move-keys>", "exec", dont_inherit=True)
        new = (b"\xef\xbb\xbf" if bom else b"") + new_text.encode(enc)
    except (SyntaxError, ValueError, UnicodeError):
        return unchanged(data, targets, "an automatic rewrite would not parse; edit it by hand")
    if new == data:
        return unchanged(data, targets, "")
    return RewriteResult(new, remaining(new, targets), rw.notes)
