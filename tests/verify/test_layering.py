"""``scanner.verify`` sits below the api layer: it may import only models, errors,
config, redaction and the atomic writer from credscan (plus the standard library and botocore)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import scanner.verify

ALLOWED = ("scanner.models", "scanner.errors", "scanner.config", "scanner.redact",
           "scanner.fsio", "scanner.verify")
PKG = Path(scanner.verify.__file__).parent


def _imports(path: Path) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
    return out


def test_verify_imports_only_what_it_may() -> None:
    for path in sorted(PKG.glob("*.py")):
        for mod in _imports(path):
            top = mod.split(".")[0]
            if top == "scanner":
                assert mod.startswith(ALLOWED), f"{path.name} imports {mod}"
            else:
                assert top in sys.stdlib_module_names or top == "botocore", \
                    f"{path.name} imports {mod}"


def test_nothing_below_imports_verify() -> None:
    root = PKG.parent
    for sub in ("models.py", "errors.py", "gitexec.py", "config", "rules", "engine",
                "sources", "baseline"):
        for path in ([root / sub] if sub.endswith(".py") else sorted((root / sub).rglob("*.py"))):
            assert not any(m.startswith("scanner.verify") for m in _imports(path)), path
