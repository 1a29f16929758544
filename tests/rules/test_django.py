"""The Django rule needs Django in evidence (issue 11, item 19)."""

from __future__ import annotations

from scanner.api import scan_text
from tests import fakes as F


def test_flask_secret_key_is_not_labelled_django() -> None:
    """Flask's documented ``SECRET_KEY = '...'`` is still found, but not called Django's;
    Django settings are recognised by Django's own names."""
    value = F.django_secret_key(7)
    flask = f"from flask import Flask\n\napp = Flask(__name__)\nSECRET_KEY = '{value}'\n"
    found = scan_text(flask, "docs/config.rst")
    assert found and all(f.rule_id != "django-secret-key" for f in found)
    assert all("Django" not in f.description for f in found)
    django = f"ROOT_URLCONF = 'mysite.urls'\n\nSECRET_KEY = '{value}'\n"
    assert {f.rule_id for f in scan_text(django, "mysite/settings.py")} == {"django-secret-key"}
