"""The corpus generator itself: deterministic, labels consistent, no marker left behind."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tests.corpus.core import MARK_RE
from tests.corpus.evaluate import Hit, evaluate, mask_line
from tests.corpus.generator import generate

REQUIRED_FAMILIES = {
    "aws.key_id", "aws.secret", "aws.pair", "aws.session_token", "github", "gitlab", "slack",
    "slack.webhook", "stripe", "google.api_key", "gcp.service_account", "azure.storage", "openai",
    "anthropic", "npm", "pypi", "twilio", "sendgrid", "mailgun", "shopify", "discord", "telegram",
    "heroku", "digitalocean", "dockerhub", "terraform", "vault", "jwt", "private_key", "password",
    "connection_string", "django", "generic", "k8s.secret",
}


def _digest(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(root).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def test_generator_is_deterministic_and_consistent(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", seed=3)
    b = generate(tmp_path / "b", seed=3)
    assert a.positives == b.positives and a.negatives == b.negatives
    assert _digest(a.root) == _digest(b.root)

    assert len(a.kinds) >= 500 and len(a.positives) >= 300
    assert len(a.negatives) > len(a.positives)
    assert not set(a.positives) & set(a.negatives)
    assert set(a.positives.values()) >= REQUIRED_FAMILIES

    texts: dict[str, list[str]] = {}
    for path, kind in a.kinds.items():
        raw = (a.root / path).read_bytes()
        if kind == "binary":
            continue
        enc = "utf-16" if raw[:2] == b"\xff\xfe" else "utf-8"
        text = raw.decode(enc)
        assert not MARK_RE.search(text), path
        texts[path] = text.split("\n")
    for (path, line), _fam in a.positives.items():
        lines = texts[path]
        assert 1 <= line <= len(lines) and len(lines[line - 1].strip()) >= 8, (path, line)


def test_evaluate_counts_lines_once_and_honours_threshold(tmp_path: Path) -> None:
    corpus = generate(tmp_path / "c", seed=1)
    (pos_path, pos_line), _ = next(iter(sorted(corpus.positives.items())))
    neg_path, neg_line = next(iter(sorted(corpus.negatives)))
    hits = [Hit(pos_path, pos_line, "r1", "p", "high", "x***"),
            Hit(pos_path, pos_line, "r2", "p", "medium", "x***"),
            Hit(neg_path, neg_line, "r3", "p", "high", "y***"),
            Hit(neg_path, neg_line + 10_000, "r4", "p", "low", "z***")]
    rep = evaluate(corpus, hits)
    assert (rep.overall.tp, rep.overall.fp) == (1, 1)
    assert rep.overall.fn == len(corpus.positives) - 1
    assert rep.fp_by_rule == {"r3": 1}


def test_mask_line_never_shows_a_whole_value() -> None:
    secret_ish = "Zq8" + "vN2#pL5" + "xR9tW"
    for line in (f"password: {secret_ish}", f"sshpass -p '{secret_ish}' ssh host",
                 f"postgres://app:{secret_ish}@db:5432/x", f"curl -u admin:{secret_ish} https://x"):
        out = mask_line(line)
        assert secret_ish not in out and secret_ish[4:] not in out, out
