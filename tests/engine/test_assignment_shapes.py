"""A random value under a secret's name is reported in every syntax other scanners test
(INI, JSON, YAML block scalars, C arrays, Go, Kotlin, XML, PowerShell ...): the shapes of
benchmarks/shapes.py, with generated values."""

from __future__ import annotations

import importlib.util
import random
import string
from pathlib import Path

import pytest

from scanner.api import build_scanner, scan_text
from scanner.engine.core import Scanner

_SPEC = importlib.util.spec_from_file_location(
    "bench_shapes", Path(__file__).resolve().parents[2] / "benchmarks" / "shapes.py")
assert _SPEC and _SPEC.loader
shapes = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(shapes)


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return build_scanner()


@pytest.mark.parametrize("shape", sorted(shapes.SHAPES))
def test_every_shape_reports_a_random_value(scanner: Scanner, shape: str) -> None:
    rng = random.Random(shape)
    for ident in ("acme", "billing"):
        for suffix in shapes.SUFFIXES:
            value = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(32))
            text = shapes.SHAPES[shape].format(v=value, **shapes._names(ident, suffix)) + "\n"
            got = scan_text(text.encode(), "src/settings.txt", scanner=scanner)
            assert any(f.secret == value for f in got), text.replace(value, "<value>")


@pytest.mark.parametrize("shape", ["c-array", "c-define", "java-final", "go-var"])
def test_a_reference_in_the_same_shape_is_not_reported(scanner: Scanner, shape: str) -> None:
    text = shapes.SHAPES[shape].format(v="${API_TOKEN}", **shapes._names("acme", "Token"))
    assert not scan_text(text.encode(), "src/settings.txt", scanner=scanner)
