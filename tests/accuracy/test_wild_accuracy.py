"""Detection quality on the in-the-wild corpus (tests/wild): values on the next line, SQL rows,
markdown tables, notebooks, CI, Kubernetes, HTTP fixtures and dotfiles (issue 10).

Line-level precision >= 0.95 and recall >= 0.93 at medium or above, through the shared
scorer; ``python -m tests.wild.evaluate`` prints the per-class report (``--round 3`` for the
third red-team round alone).

Rounds 1 and 2 hold the bar. Round 3 (tests/wild/pos3.py, neg3.py) was written blind to the
rules and measured before any fix: its test reports the numbers and is an expected failure
(xfail, not strict) while it is below the bar; once the fixes land, fold it into the bar.
Round 3 has since been folded in, and round 4 (tests/wild/pos4.py, neg4.py; ``--round 4``)
after it, measured the same way first.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.accuracy.scoring import MIN_PRECISION, MIN_RECALL
from tests.wild.evaluate import evaluate, format_report, only_rounds, scan
from tests.wild.generator import generate
from tests.wild.kit import Corpus

if TYPE_CHECKING:
    from scanner.models import Finding

#: The rounds whose snippets the detection bar covers. Round 3 (written by a red team that
#: did not see the rules) scored P 0.982 / R 0.878 before its fixes.
#: Round 4 (API-client exports, token lists, env name/value pairs, nkeys, OTP, .edgerc, swarm,
#: Salesforce, language maps, SQL and shell shapes) scored P 0.925 / R 0.798 before any fix
#: and P 1.000 / R 0.998 (seed 0), 1.000 / 1.000 (seed 5) after.
#: Round 5 (tests/wild/pos5.py, neg5.py: Clojure/sbt/Gradle/R/ASP/Nix/Nomad/Consul/Erlang,
#: service and device configs, cloud templates, kubeconfig/kubeadm, VPN and network gear,
#: client auth headers, provider tokens in their own files) scored P 0.975 / R 0.780 (seed 0),
#: 0.975 / 0.781 (seed 5) before any fix and P 0.993 / R 0.998, 0.993 / 1.000 after (the four
#: false positives left: an Amplitude browser key, public by design, on a line that does not
#: say so).
#: Round 6 (tests/wild/pos6.py, neg6.py: self-hosted application configs, monitoring and ops,
#: mail and IRC clients, OS installers, developer-tool credential files, load tests, mobile,
#: game and firmware code, more languages, provider CLIs' own files) scored P 0.976 / R 0.831
#: (seed 0), 0.976 / 0.833 (seed 5) before any fix and P 0.995 / R 0.982 at both seeds after
#: (left: a Twitter consumer key the corpus leaves unlabelled, a Nim positional open(), an
#: SMTP login equal to its password, a bare password file, a MicroPython Wi-Fi PSK made of
#: words, an all-lowercase DBeaver password).
#: Round 7 (tests/wild/pos7.py, neg7.py: everyday application code from random public repos --
#: bots, notebooks, web-app settings, SDK clients, ORMs, SMTP, payments, front-end and mobile
#: constants, deploy scripts -- and the high-entropy text of ordinary repos: lockfiles, bundles,
#: generated IDs, fixtures, placeholders, ciphertext, hashes) scored P 0.958 / R 0.954
#: (tp 454, fp 20, fn 22; seed 0) and P 0.958 / R 0.952 (tp 453, fp 20, fn 23; seed 5) before
#: any fix. Misses: Gmail app passwords written in four-letter groups, a Twitter bearer token in
#: tweepy.Client(bearer_token=...), a Kaggle key inside echoed JSON in a notebook cell, an
#: ASP.NET appsettings "Jwt": {"Key": ...}, Go []byte("...") JWT secrets containing the word
#: "secret", express-session secrets made of words. False alarms: a reCAPTCHA site key under
#: RECAPTCHA_PUBLIC_KEY, a Pusher app key, Android R.java resource IDs named *_password, a
#: Laravel hidden _token CSRF field. After the fixes: P 1.000 / R 0.987 (seed 0), 1.000 / 0.983
#: (seed 5); left: the Go secrets with "my_secret" in them and the express-session phrases.
BAR_ROUNDS = (1, 2, 3, 4, 5, 6, 7)
#: Rounds measured but not yet held to the bar (red-team findings awaiting fixes).
PENDING_ROUNDS: tuple[int, ...] = ()


def test_wild_corpus_is_labelled_and_sized(tmp_path: Path) -> None:
    c = generate(tmp_path / "corpus", seed=0)
    assert c.snippets >= 250
    files_pos = {p for p, _ in c.positives}
    assert len(files_pos) >= 120 and c.snippets - len(files_pos) >= 120
    assert len(set(c.kinds.values())) >= 30
    assert set(c.rounds.values()) == set(BAR_ROUNDS) | set(PENDING_ROUNDS)


def _scanned(tmp: Path, seed: int) -> tuple[Corpus, dict[tuple[str, int], list[Finding]]]:
    c = generate(tmp / "corpus", seed=seed)
    return c, scan(c.root)


def _holds_bar(c: Corpus, hits: dict[tuple[str, int], list[Finding]], rounds: tuple[int, ...]) -> None:
    c, hits = only_rounds(c, hits, rounds)
    rep = evaluate(c, hits)
    msg = f"rounds {rounds}: " + format_report(c, rep, max_items=80)
    assert rep.overall.precision >= MIN_PRECISION, msg
    assert rep.overall.recall >= MIN_RECALL, msg


@pytest.mark.parametrize("seed", [0, 5])
def test_wild_precision_and_recall(tmp_path: Path, seed: int) -> None:
    """The bar on every bar round together, and on the newest round alone (the closest to
    unseen data we have), not only diluted in the older rounds; one scan serves both."""
    c, hits = _scanned(tmp_path, seed)
    _holds_bar(c, hits, BAR_ROUNDS)
    _holds_bar(c, hits, (max(BAR_ROUNDS),))


@pytest.mark.parametrize("seed", [0, 5])
def test_wild_pending_rounds_report(tmp_path: Path, seed: int, capsys: pytest.CaptureFixture[str]) -> None:
    """Reports the pending rounds alone; xfails (does not fail) while they are below the bar."""
    if not PENDING_ROUNDS:
        pytest.skip("no pending red-team round")
    c, hits = _scanned(tmp_path, seed)
    pc, ph = only_rounds(c, hits, PENDING_ROUNDS)
    rep = evaluate(pc, ph)
    line = f"seed {seed}: rounds {PENDING_ROUNDS} P={rep.overall.precision:.3f} R={rep.overall.recall:.3f}"
    with capsys.disabled():
        print("\n" + line)
    if rep.overall.precision < MIN_PRECISION or rep.overall.recall < MIN_RECALL:
        pytest.xfail("pending red-team round below the bar (expected until fixed): " + line)
