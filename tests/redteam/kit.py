# ruff: noqa: E501
"""The red-team corpus writer: labels by *needle*, not by marker.

A project builder asks the :class:`Repo` for a value (``rp.leak(value, provider)`` for a real
secret, ``rp.decoy(value, category)`` for a deliberate hard negative), puts it anywhere in a
file's text, serialised however the file format wants (JSON, escaped JSON inside a notebook,
XML entities, base64 ...), then calls ``rp.write(path, text)``. The writer finds every needle
in the final bytes and labels the lines it sits on, so line numbers are those of the real file
and nothing has to survive a serialiser. A leak whose needle cannot be found is a generator
bug and raises.
"""

from __future__ import annotations

import html
import json
import posixpath
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from tests import fakes

T = TypeVar("T")


@dataclass
class Needle:
    value: str
    label: str  # provider (positive) or category (negative)
    positive: bool
    begin_block: bool = False  # PEM: label the BEGIN line that precedes the needle
    ttl: int = 3  # a decoy not found in this file may land in one of the next few


@dataclass
class Labelled:
    """What :func:`tests.redteam.generator.generate` wrote and what it means."""

    root: Path
    positives: dict[tuple[str, int], str] = field(default_factory=dict)
    negatives: dict[tuple[str, int], str] = field(default_factory=dict)
    secrets: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    nbytes: int = 0

    def kind_of(self, path: str) -> str:
        return self.kinds.get(path, "other")


def kind_for(path: str) -> str:
    """A coarse file kind for per-kind figures."""
    name = path.rsplit("/", 1)[-1].lower()
    ext = name.rsplit(".", 1)[-1] if "." in name else ""
    if name in {"package-lock.json", "yarn.lock", "pnpm-lock.yaml", "gemfile.lock", "poetry.lock",
                "pipfile.lock", "go.sum", "composer.lock", "cargo.lock", ".terraform.lock.hcl"}:
        return "lockfile"
    if name.endswith(".min.js") or "/dist/" in path or name.endswith(".js.map"):
        return "bundle"
    if ext == "ipynb":
        return "notebook"
    if "tfstate" in name:
        return "tfstate"
    if ext in {"tf", "tfvars", "hcl"}:
        return "terraform"
    if "iam" in path.split("/")[0] or name in {"credentials.csv", "credentials"} or "/iam/" in path:
        return "iam-export"
    if name.startswith(".env") or name.endswith(".env"):
        return "dotenv"
    if ext in {"md", "rst", "txt", "adoc"} and "requirements" not in name and name != "keys.txt":
        return "docs"
    if ext in {"yml", "yaml"}:
        if "/.github/" in path or ".gitlab-ci" in name:
            return "ci"
        if "templates/" in path or "k8s" in path or "manifests" in path or "chart" in path:
            return "k8s-helm"
        if "ansible" in path or "roles/" in path:
            return "ansible"
        return "yaml"
    if ext in {"json"}:
        return "json"
    if ext in {"xml", "config", "plist", "csproj"}:
        return "xml"
    if ext in {"properties", "gradle", "ini", "cfg", "conf", "toml", "npmrc", "netrc"} or name in {".npmrc", ".pypirc", ".netrc", "gradle.properties", ".terraformrc"}:
        return "ini-props"
    if ext in {"sh", "bash", "ps1", "psm1"} or name in {"dockerfile", "makefile", "jenkinsfile"} or name.startswith("dockerfile"):
        return "shell-docker"
    if ext in {"log"}:
        return "log"
    if ext in {"sql"}:
        return "sql"
    if ext in {"py"}:
        return "code-python"
    if ext in {"js", "ts", "tsx", "jsx", "mjs", "cjs"}:
        return "code-js"
    if ext in {"go", "java", "kt", "cs", "rb", "php", "rs", "swift", "m", "scala"}:
        return "code-other"
    if ext in {"csv"}:
        return "iam-export"
    if ext in {"exs", "dart", "h", "c", "r", "rake", "kts", "scala"} or name == "gemfile":
        return "code-other"
    if ext in {"crt", "pem", "key", "asc", "pub"} or name in {"known_hosts", "authorized_keys", "deploy_ed25519", "keys.txt"}:
        return "key-material"
    if ext in {"cnf", "s3cfg", "pgpass", "renviron", "local", "http", "htpasswd", "netrc"} or name in {"git-credentials", ".netrc", ".pgpass", ".s3cfg", ".renviron"}:
        return "dotfile"
    if ext in {"lock", "dvc", "onnx", "nix", "bazel", "tsbuildinfo", "snap", "sum", "mod", "enc"}:
        return "lock-hash-meta"
    return "other"


class Repo:
    """Seeded generation context and labelled writer."""

    def __init__(self, root: Path, seed: int) -> None:
        self.root = root
        self.seed = seed
        self.r = random.Random(f"credscan-redteam-{seed}")
        self._n = 0
        self._pending: list[Needle] = []
        self.out = Labelled(root)
        self.unresolved_decoys: list[str] = []

    # -- randomness ---------------------------------------------------------------------------
    def s(self) -> str:
        """A fresh, unique seed for tests.fakes."""
        self._n += 1
        return f"rt{self.seed}-{self._n}"

    def pick(self, items: Sequence[T]) -> T:
        return self.r.choice(items)

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def n(self, lo: int, hi: int) -> int:
        return self.r.randint(lo, hi)

    def hexs(self, k: int) -> str:
        return fakes.rand(self.s(), fakes.HEX, k)

    def uuid(self) -> str:
        return fakes.uuid4(self.s())

    # -- labelling ----------------------------------------------------------------------------
    def leak(self, value: str, provider: str) -> str:
        """A real secret: every line this value lands on is a positive of ``provider``."""
        self._pending.append(Needle(value, provider, True))
        return value

    def leak_pem(self, pem: str, provider: str = "pem") -> str:
        body = pem.split("\n")[1]
        self._pending.append(Needle(body[:40], provider, True, begin_block=True))
        return pem

    def decoy(self, value: str, category: str) -> str:
        """A deliberate hard negative: lines it lands on get ``category`` for FP reports."""
        self._pending.append(Needle(value, category, False))
        return value

    def write(self, rel: str, text: str | bytes, kind: str | None = None) -> None:
        rel = posixpath.normpath(rel)
        p = self.root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8") if isinstance(text, str) else text
        p.write_bytes(data)
        self.out.nbytes += len(data)
        self.out.kinds[rel] = kind or kind_for(rel)
        s = data.decode("utf-8", "replace")
        starts = [0]
        for i, ch in enumerate(s):
            if ch == "\n":
                starts.append(i + 1)

        def line_of(pos: int) -> int:
            lo, hi = 0, len(starts) - 1
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if starts[mid] <= pos:
                    lo = mid
                else:
                    hi = mid - 1
            return lo + 1

        carry: list[Needle] = []
        for nd in self._pending:
            variants = {nd.value, json.dumps(nd.value)[1:-1], html.escape(nd.value, quote=True),
                        json.dumps(json.dumps(nd.value)[1:-1])[1:-1]}
            found = False
            for v in variants:
                start = 0
                while v:
                    pos = s.find(v, start)
                    if pos < 0:
                        break
                    found = True
                    if nd.begin_block:
                        b = s.rfind("-----BEGIN", 0, pos)
                        pos = b if b >= 0 else pos
                    ln = line_of(pos)
                    key = (rel, ln)
                    if nd.positive:
                        self.out.positives[key] = nd.label
                        self.out.secrets.setdefault(key, []).append(nd.value)
                    else:
                        self.out.negatives.setdefault(key, nd.label)
                    start = s.find(v, start) + len(v)
            if not found:
                if nd.positive:
                    raise AssertionError(f"generator bug: leak for {nd.label} not found in {rel}")
                if nd.ttl > 0:
                    nd.ttl -= 1
                    carry.append(nd)
                else:
                    self.unresolved_decoys.append(f"{rel}:{nd.label}")
        self._pending = carry
        # a positive line is never also a negative
        for key in list(self.out.negatives):
            if key in self.out.positives:
                del self.out.negatives[key]

    # -- realistic bits -----------------------------------------------------------------------
    def host(self, kind: str = "db") -> str:
        env = self.pick(["prod", "staging", "internal", "eu1", "us-east-1"])
        if kind == "db":
            return self.pick([f"{self.pick(['orders', 'core', 'billing', 'analytics'])}-db.{env}.acme-corp.net",
                              f"{self.pick(['main', 'replica', 'reporting'])}.c{self.hexs(10)}.eu-west-1.rds.amazonaws.com",
                              "10.12." + str(self.n(0, 255)) + "." + str(self.n(1, 254))])
        return f"{self.pick(['api', 'auth', 'search', 'cache', 'queue'])}.{env}.acme-corp.net"

    def user(self) -> str:
        return self.pick(["app", "orders_rw", "svc_billing", "analytics", "deploy", "admin", "root", "etl_user", "django", "rails"])

    def human_pw(self) -> str:
        w = self.pick(["Summer", "Falcon", "Harbor", "Pepper", "Copper", "Velvet", "Maple", "Bronco", "Nimbus", "Tundra"])
        return w + self.pick(["", "_", "."]) + str(self.n(10, 2024)) + self.pick(["!", "#", "$", "%", "@", "*"])

    def gen_pw(self, k: int = 20) -> str:
        return fakes.password(self.s(), k)

    def any_pw(self) -> str:
        return self.human_pw() if self.chance(0.4) else self.gen_pw(self.n(14, 28))

    def account(self) -> str:
        return fakes.aws_account_id(self.s())

    def region(self) -> str:
        return self.pick(["eu-west-1", "us-east-1", "us-west-2", "eu-central-1", "ap-southeast-2"])

    def name(self) -> str:
        return self.pick(["Alice Martin", "Bob Okafor", "Chen Wei", "Dana Kowalski", "Emeka Obi", "Fatima Zahra", "Gustavo Lima", "Hiro Tanaka", "Ines Duarte", "Jonas Berg"])

    def email(self) -> str:
        n = self.name().split()[0].lower()
        return f"{n}@acme-corp.io"

    def date(self) -> str:
        return f"20{self.n(21, 24)}-{self.n(1, 12):02d}-{self.n(1, 28):02d}"

    def word(self) -> str:
        return self.pick(["order", "invoice", "customer", "shipment", "ledger", "payment", "account", "session", "report", "catalog", "product", "refund", "coupon", "webhook", "tenant", "user", "audit", "export", "metric", "alert"])

    def words(self, k: int) -> str:
        return " ".join(self.word() for _ in range(k))
