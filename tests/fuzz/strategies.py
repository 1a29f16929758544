"""Hypothesis strategies shared by the property tests: texts that hold fake secrets."""

from __future__ import annotations

import codecs
import string
from typing import Any

from hypothesis import strategies as st

from tests import fakes

#: Fragments that steer random input towards what the rules look for.
_SECRETS = [fakes.aws_key_id(i) for i in range(3)] + [fakes.aws_secret(i) for i in range(3)] + [
    fakes.github_classic(1), fakes.slack_bot(1), fakes.stripe_live(1), fakes.npm_token(1),
    fakes.private_key_pem(1), fakes.jwt(1), fakes.human_password(1), fakes.password(2),
    fakes.google_api_key(1), fakes.openai_key(1)]
_GLUE = ["aws_access_key_id = ", "aws_secret_access_key = ", "password = ", 'token: "',
         '"', "'", "\n", "\r\n", " ", "=", ":", "export SECRET_KEY=", "# credscan:allow\n",
         "credscan:allow-next-line\n", "{{ ", " }}", "${", "}", "https://user:",
         "@example.org/", "<password>", "</password>", "\t", "\\", "kind: Secret\ndata:\n  k: "]
_BYTES = [b"\x00", b"\xff\xfe", b"\xfe\xff", codecs.BOM_UTF8, b"\xff\xfe\x00\x00", b"\x80",
          b"\xc3\x28", b"\xed\xa0\x80", b"\x1b[31m", b"\r", b"\x00\x00\x00"]

fragment = st.one_of(
    st.sampled_from(_SECRETS).map(str.encode),
    st.sampled_from(_GLUE).map(str.encode),
    st.sampled_from(_BYTES),
    st.binary(max_size=24),
    st.text(max_size=24).map(lambda t: t.encode("utf-8", "surrogatepass")),
)

#: Byte strings: mostly recognisable structure, with random bytes between.
scan_input = st.lists(fragment, max_size=40).map(b"".join)

#: File paths, including odd ones: non-UTF-8 (surrogate-escaped), control characters.
path = st.one_of(
    st.sampled_from(["a.py", "config/.env", ".aws/credentials", "tests/fixtures/x.json",
                     "deploy/values.yaml", ".npmrc", "dir with space/ü.txt"]),
    st.binary(min_size=1, max_size=40).map(lambda b: b.decode("utf-8", "surrogateescape")),
    st.text(min_size=1, max_size=40),
)

#: Any value a TOML document can hold (no None: TOML has no null).
toml_scalar = st.one_of(st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
                        st.datetimes(), st.dates(), st.times())
toml_value: st.SearchStrategy[Any] = st.recursive(
    toml_scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(max_size=10), inner, max_size=4)),
    max_leaves=12,
)

#: Any JSON value.
json_value: st.SearchStrategy[Any] = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
              st.text(max_size=20)),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(max_size=10), inner, max_size=4)),
    max_leaves=12,
)

ident = st.text(alphabet=string.ascii_lowercase + "_-.", min_size=1, max_size=12)
