# ruff: noqa: E501
"""A Python data-science repository: notebooks with outputs, pinned requirements, lockfiles,
Django settings, DVC/Kaggle/W&B configuration."""

from __future__ import annotations

import hashlib
import json

from tests import fakes
from tests.redteam import filler
from tests.redteam.kit import Repo

PY_PKGS = ["numpy", "pandas", "scikit-learn", "matplotlib", "seaborn", "boto3", "botocore", "s3transfer", "requests", "urllib3", "sqlalchemy", "psycopg2-binary",
           "snowflake-connector-python", "openai", "transformers", "torch", "pyarrow", "jupyterlab", "django", "celery", "redis", "wandb"]


def _src(lines: list[str]) -> list[str]:
    return [ln + "\n" for ln in lines[:-1]] + lines[-1:]


def _code(src: list[str], outputs: list[dict] | None = None, n: int | None = None) -> dict:
    return {"cell_type": "code", "execution_count": n, "metadata": {}, "outputs": outputs or [], "source": _src(src)}


def _md(src: list[str]) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": _src(src)}


def _stream(text: list[str]) -> dict:
    return {"name": "stdout", "output_type": "stream", "text": _src(text)}


def _image(rp: Repo) -> dict:
    png = fakes.png_base64(rp.s(), rp.n(2000, 6000))
    rp.decoy(png[:60], "base64-image")
    return {"data": {"image/png": png, "text/plain": ["<Figure size 640x480 with 1 Axes>"]}, "metadata": {}, "output_type": "display_data"}


def _frame(rp: Repo) -> dict:
    rows = []
    for i in range(5):
        rows.append(f"{i}  {rp.decoy(rp.hexs(32), 'hex-id')}  {rp.uuid()}  {rp.n(10, 9999)}.{rp.n(10, 99)}")
    return {"data": {"text/plain": ["   user_hash                          session_id                             revenue\n"] + [r + "\n" for r in rows]},
            "execution_count": 4, "metadata": {}, "output_type": "execute_result"}


def notebook(rp: Repo, leak: str | None) -> str:
    cells = [_md(["# " + rp.pick(["Churn model", "Revenue forecast", "Cohort analysis", "Fraud features", "LLM eval", "Embedding search"]), "",
                  "Exploratory analysis; do not run against prod without asking #data-eng."])]
    setup = ["import os", "import pandas as pd", "import numpy as np", "import matplotlib.pyplot as plt"]
    if leak == "aws":
        kid, sec = fakes.aws_key_id(rp.s()), fakes.aws_secret(rp.s())
        setup += ["import boto3", "", "s3 = boto3.client(", "    's3',", f"    aws_access_key_id='{rp.leak(kid, 'aws')}',", f"    aws_secret_access_key='{rp.leak(sec, 'aws')}',", ")"]
    elif leak == "aws-env":
        kid, sec = fakes.aws_key_id(rp.s()), fakes.aws_secret(rp.s())
        setup += [f'os.environ["AWS_ACCESS_KEY_ID"] = "{rp.leak(kid, "aws")}"', f'os.environ["AWS_SECRET_ACCESS_KEY"] = "{rp.leak(sec, "aws")}"']
    elif leak == "openai":
        setup += ["from openai import OpenAI", f'client = OpenAI(api_key="{rp.leak(fakes.openai_key(rp.s()), "openai")}")']
    elif leak == "hf":
        setup += ["from huggingface_hub import login", f'login(token="{rp.leak(fakes.huggingface_token(rp.s()), "other.huggingface")}")']
    elif leak == "snowflake":
        setup += ["import snowflake.connector", "conn = snowflake.connector.connect(", "    account='acme-eu1',", "    user='ANALYST_SVC',",
                  f"    password='{rp.leak(rp.any_pw(), 'generic.password')}',", "    warehouse='ANALYTICS_WH',", ")"]
    elif leak == "wandb":
        setup += ["import wandb", f'wandb.login(key="{rp.leak(rp.hexs(40), "other.wandb")}")']
    elif leak == "pg":
        pw = rp.gen_pw(16).replace("#", "x").replace("%", "x").replace("?", "x")
        setup += ["from sqlalchemy import create_engine", f'engine = create_engine("postgresql+psycopg2://analyst:{rp.leak(pw, "generic.url-credential")}@{rp.host()}:5432/warehouse")']
    else:
        setup += ["from dotenv import load_dotenv", "load_dotenv()", 'engine_url = os.environ["WAREHOUSE_URL"]', 'api_key = os.getenv("OPENAI_API_KEY")']
    cells.append(_code(setup, [], 1))
    cells.append(_code(["!pip install -q lightgbm==4.2.0"], [_stream(["Successfully installed lightgbm-4.2.0"])], 2))
    cells.append(_code(["df = pd.read_parquet('s3://acme-analytics/events/2024/')", "df.head()"], [_frame(rp)], 4))
    cells.append(_code(["fig, ax = plt.subplots()", "df.groupby('day').revenue.sum().plot(ax=ax)"], [_image(rp)], 5))
    cells.append(_code(["print(df.shape)", "print(hashlib.md5(df.to_csv().encode()).hexdigest())"],
                       [_stream(["(48211, 12)", rp.decoy(rp.hexs(32), "hex-digest")])], 6))
    if rp.chance(0.3):
        cells.append(_code(["# the token below is the one from the docs, safe to share", f"demo_key = '{rp.decoy(fakes.aws_example_key_id(), 'aws-example')}'"], [], 7))
    nb = {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                                       "language_info": {"name": "python", "version": "3.11.7"}}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def ds_repo(rp: Repo, base: str) -> None:
    leaks = ["aws", "openai", "hf", "snowflake", "wandb", "pg", "aws-env"]
    rp.r.shuffle(leaks)
    n = rp.n(8, 11)
    for i in range(n):
        leak = leaks[i] if i < len(leaks) and rp.chance(0.55) else None
        name = rp.pick(["exploration", "features", "training", "eval", "report", "backfill", "scratch"])
        rp.write(f"{base}/notebooks/{i:02d}-{name}.ipynb", notebook(rp, leak))
    # requirements with hashes, poetry.lock, Pipfile.lock
    req = ["# This file is autogenerated by pip-compile with Python 3.11", "#    pip-compile --generate-hashes requirements.in", "#"]
    extra = rp.chance(0.35)
    if extra:
        tok = rp.gen_pw(24).replace("#", "x").replace("%", "x").replace("?", "x").replace("&", "x")
        req.insert(0, f"--extra-index-url https://acme:{rp.leak(tok, 'generic.url-credential')}@pkgs.dev.azure.com/acme/_packaging/ml/pypi/simple/")
    else:
        req.insert(0, "--extra-index-url https://${PIP_USER}:${PIP_TOKEN}@pkgs.dev.azure.com/acme/_packaging/ml/pypi/simple/")
    poetry = []
    pipfile: dict = {"_meta": {"hash": {"sha256": rp.decoy(fakes.sha256_hex(rp.s()), "lockfile-hash")}, "pipfile-spec": 6, "requires": {"python_version": "3.11"},
                               "sources": [{"name": "pypi", "url": "https://pypi.org/simple", "verify_ssl": True}]}, "default": {}, "develop": {}}
    for p in PY_PKGS:
        v = f"{rp.n(0, 5)}.{rp.n(0, 30)}.{rp.n(0, 9)}"
        h1, h2 = hashlib.sha256(f"{p}{v}a".encode()).hexdigest(), hashlib.sha256(f"{p}{v}b".encode()).hexdigest()
        req += [f"{p}=={v} \\", f"    --hash=sha256:{rp.decoy(h1, 'lockfile-hash')} \\", f"    --hash=sha256:{h2}", "    # via -r requirements.in"]
        poetry += ["[[package]]", f'name = "{p}"', f'version = "{v}"', 'description = ""', 'optional = false', 'python-versions = ">=3.9"', "files = [",
                   f'    {{file = "{p.replace("-", "_")}-{v}-py3-none-any.whl", hash = "sha256:{h1}"}},', f'    {{file = "{p.replace("-", "_")}-{v}.tar.gz", hash = "sha256:{h2}"}},', "]", ""]
        pipfile["default"][p] = {"hashes": [f"sha256:{h1}", f"sha256:{h2}"], "index": "pypi", "version": f"=={v}"}
    poetry += ["[metadata]", 'lock-version = "2.0"', 'python-versions = "^3.11"', f'content-hash = "{rp.decoy(fakes.sha256_hex(rp.s()), "lockfile-hash")}"', ""]
    rp.write(f"{base}/requirements.txt", "\n".join(req) + "\n")
    rp.write(f"{base}/poetry.lock", "\n".join(poetry))
    rp.write(f"{base}/Pipfile.lock", json.dumps(pipfile, indent=4) + "\n")
    # DVC remote credentials in config.local (committed by mistake) or plain config
    if rp.chance(0.4):
        kid, sec = fakes.aws_key_id(rp.s()), fakes.aws_secret(rp.s())
        rp.write(f"{base}/.dvc/config.local", "\n".join(["['remote \"storage\"']", f"    access_key_id = {rp.leak(kid, 'aws')}", f"    secret_access_key = {rp.leak(sec, 'aws')}", ""]))
    rp.write(f"{base}/.dvc/config", "\n".join(["[core]", "    remote = storage", "['remote \"storage\"']", "    url = s3://acme-ml-artifacts/dvc", ""]))
    rp.write(f"{base}/data/raw/events.parquet.dvc", "\n".join(["outs:", f"- md5: {rp.decoy(rp.hexs(32), 'hex-digest')}", f"  size: {rp.n(10**6, 10**9)}", "  path: events.parquet", ""]))
    if rp.chance(0.5):
        rp.write(f"{base}/.kaggle/kaggle.json", json.dumps({"username": "acme-ds", "key": rp.leak(rp.hexs(32), "other.kaggle")}) + "\n")
    if rp.chance(0.4):
        rp.write(f"{base}/.pypirc", "\n".join(["[distutils]", "index-servers =", "    pypi", "", "[pypi]", "username = __token__",
                                               f"password = {rp.leak(fakes.pypi_token(rp.s(), project='acme-features'), 'pypi')}", ""]))
    for i in range(rp.n(6, 9)):
        rp.write(f"{base}/src/acme_ml/{rp.word()}_{i}.py", filler.py_module(rp, "acme-ml"))
    for i in range(rp.n(3, 5)):
        rp.write(f"{base}/tests/test_{rp.word()}_{i}.py", filler.py_test(rp, "acme-ml"))


def django_site(rp: Repo, base: str) -> None:
    sk = fakes.django_secret_key(rp.s())
    v = rp.n(0, 3)
    if v == 0:
        skl = f"SECRET_KEY = '{rp.leak(sk, 'django')}'"
    elif v == 1:
        skl = f"SECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', '{rp.leak(sk, 'django')}')"
    elif v == 2:
        skl = "SECRET_KEY = env('DJANGO_SECRET_KEY')"
    else:
        skl = f"SECRET_KEY = '{rp.decoy(fakes.django_secret_key(rp.s(), insecure=True), 'django-insecure-dev')}'  # dev only, overridden in prod"
    db_pw = (f"        'PASSWORD': '{rp.leak(rp.any_pw(), 'generic.password')}'," if rp.chance(0.3) else "        'PASSWORD': os.environ.get('POSTGRES_PASSWORD', ''),")
    rp.write(f"{base}/portal/settings.py", "\n".join([
        '"""Django settings for portal."""', "", "import os", "from pathlib import Path", "", "import environ", "", "env = environ.Env()",
        "BASE_DIR = Path(__file__).resolve().parent.parent", "", "# SECURITY WARNING: keep the secret key used in production secret!", skl, "",
        "DEBUG = env.bool('DEBUG', default=False)", "ALLOWED_HOSTS = ['portal.acme-corp.io']", "",
        "DATABASES = {", "    'default': {", "        'ENGINE': 'django.db.backends.postgresql',", "        'NAME': 'portal',", "        'USER': 'portal',", db_pw,
        f"        'HOST': '{rp.host()}',", "    }", "}", "",
        "PASSWORD_HASHERS = ['django.contrib.auth.hashers.Argon2PasswordHasher']", "AUTH_PASSWORD_VALIDATORS = []", "",
        "CELERY_BROKER_URL = os.environ.get('CELERY_BROKER_URL', 'redis://localhost:6379/0')", "AWS_STORAGE_BUCKET_NAME = 'acme-portal-static'",
        "AWS_ACCESS_KEY_ID = os.environ.get('AWS_ACCESS_KEY_ID')", "AWS_SECRET_ACCESS_KEY = os.environ.get('AWS_SECRET_ACCESS_KEY')", ""]))
    fixtures = []
    for i in range(4):
        fixtures.append({"model": "auth.user", "pk": i + 1, "fields": {"username": rp.name().split()[0].lower(), "password": rp.decoy(fakes.pbkdf2_django_hash(rp.s()) if i % 2 else fakes.argon2_hash(rp.s()), "password-hash"),
                                                                      "email": rp.email(), "is_staff": i == 0}})
    rp.write(f"{base}/portal/fixtures/users.json", json.dumps(fixtures, indent=2) + "\n")
    rp.write(f"{base}/config.ini", "\n".join([
        "[database]", f"host = {rp.host()}", "port = 5432", "user = reporting",
        f"password = {rp.leak(rp.any_pw(), 'generic.password') if rp.chance(0.3) else '%(DB_PASSWORD)s'}", "",
        "[api]", "base_url = https://partner.example.net/v2", "timeout = 30", f"client_id = {rp.decoy(rp.uuid(), 'uuid')}", ""]))
    for i in range(rp.n(5, 8)):
        rp.write(f"{base}/portal/{rp.word()}/views_{i}.py", filler.py_module(rp, "portal"))
