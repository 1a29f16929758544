# ruff: noqa: E501
"""The history of ``acme-pay/platform``: ordinary work plus every way a secret enters git.

Each scenario is a function of the :class:`~tests.gitcorpus.model.History`; its leaks are
labelled with the scenario name so the evaluation can report per scenario. Ordinary commits
(:func:`filler`) run between scenarios and on feature branches, so leaks sit among realistic
edits: code, dependency bumps that rewrite lockfile hashes, releases, migrations, docs.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable

from tests import fakes
from tests.gitcorpus import content as C
from tests.gitcorpus.model import Blob, History

API = "services/api"
WORKER = "services/worker"
WEB = "web"


class Project:
    """Mutable state of the ordinary parts of the repository (versions, lockfile models)."""

    def __init__(self, h: History) -> None:
        self.h = h
        self.npm = C.Npm("acme-pay-web", "0.9.0", dict(C.NPM_PKGS))
        self.go = dict(C.GO_MODS)
        self.py = dict(C.PY_PKGS)
        self.version = "1.0.0"
        self.migrations = 1
        self.pr = 100
        self.modules = [f"{API}/app/routes/{w}s.py" for w in ("order", "refund", "payout")]
        self.go_files = [f"{WORKER}/internal/{w}/{w}.go" for w in ("ledger", "settlement")]
        self.ts_files = [f"{WEB}/src/api/{w}s.ts" for w in ("order", "customer")]
        self.docs = ["docs/setup.md", "docs/architecture.md", "docs/runbook.md"]
        self.released: list[int] = []
        self.yarn = {"express": "4.18.2", "body-parser": "1.20.2", "jsonwebtoken": "9.0.2", "pg": "8.11.3", "winston": "3.11.0"}
        self.cargo = {"serde": "1.0.193", "tokio": "1.35.0", "reqwest": "0.11.22", "hyper": "0.14.27", "tracing": "0.1.40"}
        self.tf = "5.31.0"

    def initial(self) -> dict[str, str | bytes | Blob | None]:
        h = self.h
        files: dict[str, str | bytes | Blob | None] = {
            "README.md": "# acme-pay platform\n\nPayments API, settlement worker and merchant dashboard.\n\n"
                         "```bash\nmake dev   # docker compose up + migrations\nmake test\n```\n",
            ".gitignore": ".env\n.env.local\n__pycache__/\nnode_modules/\ndist/\n*.pyc\n.terraform/\n",
            "CHANGELOG.md": "# Changelog\n\n",
            ".env.example": C.env_example(),
            "Makefile": "dev:\n\tdocker compose up -d\n\talembic upgrade head\n\ntest:\n\tpytest -q services/api\n\tcd services/worker && go test ./...\n",
            f"{API}/pyproject.toml": f'[project]\nname = "acme-pay-api"\nversion = "{self.version}"\nrequires-python = ">=3.11"\n',
            f"{API}/requirements.txt": C.requirements(self.py),
            f"{API}/app/__init__.py": "",
            f"{API}/app/db.py": "from sqlalchemy import create_engine\nfrom sqlalchemy.orm import sessionmaker\n\nfrom app.settings import DATABASE_URL\n\n"
                                "engine = create_engine(DATABASE_URL, pool_pre_ping=True)\nSessionLocal = sessionmaker(bind=engine)\n\n\n"
                                "def get_db():\n    db = SessionLocal()\n    try:\n        yield db\n    finally:\n        db.close()\n",
            f"{API}/tests/conftest.py": "import pytest\nfrom fastapi.testclient import TestClient\n\nfrom app.main import app\n\n\n@pytest.fixture\ndef client():\n    return TestClient(app)\n",
            f"{WORKER}/go.mod": C.go_mod(self.go),
            f"{WORKER}/go.sum": C.go_sum(self.go),
            f"{WORKER}/main.go": "package main\n\nimport (\n\t\"os\"\n\n\t\"github.com/rs/zerolog/log\"\n)\n\nfunc main() {\n"
                                 "\tbroker := os.Getenv(\"KAFKA_BROKERS\")\n\tlog.Info().Str(\"broker\", broker).Msg(\"starting settlement worker\")\n}\n",
            f"{WEB}/package.json": self.npm.package_json(),
            f"{WEB}/package-lock.json": self.npm.lock(),
            f"{WEB}/src/api/client.ts": "import axios from 'axios';\n\nexport const api = axios.create({\n  baseURL: import.meta.env.VITE_API_URL,\n  timeout: 10_000,\n});\n",
            f"{WEB}/public/logo.png": Blob(C.png(h)),
            "infra/main.tf": 'terraform {\n  required_version = ">= 1.5"\n  backend "s3" {\n    bucket = "acme-pay-tfstate"\n    key    = "platform/terraform.tfstate"\n    region = "eu-west-1"\n  }\n}\n\n'
                             'provider "aws" {\n  region = var.region\n}\n',
            "infra/variables.tf": 'variable "region" {\n  default = "eu-west-1"\n}\n\nvariable "db_password" {\n  type      = string\n  sensitive = true\n}\n',
            "deploy/k8s/api.yaml": C.k8s_deployment(h, "payments-api", self.version),
            "deploy/k8s/worker.yaml": C.k8s_deployment(h, "settlement-worker", self.version),
            ".github/workflows/ci.yml": C.ci_workflow(h),
            "config/app.yaml": C.app_yaml(h),
            "migrations/0001_init.sql": C.sql_migration(h, 1),
        }
        for m in self.modules:
            files[m] = C.py_module(h, m.rsplit("/", 1)[1][:-3])
        for g in self.go_files:
            files[g] = C.go_file(h, g.split("/")[-2])
        for t in self.ts_files:
            files[t] = C.ts_module(h)
        for d in self.docs:
            files[d] = C.docs_page(h, d.split("/")[1][:-3])
        return files


# -- ordinary work ---------------------------------------------------------------------------

def filler(h: History, p: Project, ref: str = "main", k: int = 1) -> None:
    for _ in range(k):
        op = h.pick(["code", "code", "code", "npm", "go", "py", "docs", "docs", "migration", "test", "k8s", "notebook", "release", "tsnew", "ci",
                     "yarn", "cargo", "tflock", "sops", "pb2", "nbimg", "iam", "postmortem", "k8smeta", "htpasswd", "placeholders"])
        tree = h.tree(ref)
        w = h.pick(C.WORDS)
        if op == "code":
            path = h.pick([m for m in p.modules + p.go_files + p.ts_files if m in tree])
            extra = C.py_function(h) if path.endswith(".py") else C.go_function(h) if path.endswith(".go") else C.ts_function(h)
            h.commit(ref, {path: h.text(ref, path) + extra},
                     f"{h.pick(['feat', 'fix', 'refactor', 'perf'])}({w}): {h.pick(['add', 'handle', 'validate', 'paginate', 'cache'])} {w} {h.pick(C.WORDS)}s")
        elif op == "npm":
            pkg = h.pick(sorted(p.npm.deps))
            old = p.npm.deps[pkg]
            p.npm.deps[pkg] = C.bump(old, h)
            h.commit(ref, {f"{WEB}/package.json": p.npm.package_json(), f"{WEB}/package-lock.json": p.npm.lock()},
                     f"Bump {pkg} from {old} to {p.npm.deps[pkg]} in /web\n\nBumps [{pkg}](https://github.com/{pkg}) from {old} to {p.npm.deps[pkg]}.\n\n"
                     f"---\nupdated-dependencies:\n- dependency-name: {pkg}\n  dependency-type: direct:production\n  update-type: version-update:semver-patch\n...\n\n"
                     "Signed-off-by: dependabot[bot] <support@github.com>", author=h.people[4])
        elif op == "go":
            mod = h.pick(sorted(p.go))
            old = p.go[mod]
            p.go[mod] = C.bump(old, h)
            h.commit(ref, {f"{WORKER}/go.mod": C.go_mod(p.go), f"{WORKER}/go.sum": C.go_sum(p.go)},
                     f"Bump {mod} from {old} to {p.go[mod]} in /services/worker\n\nSigned-off-by: dependabot[bot] <support@github.com>", author=h.people[4])
        elif op == "py":
            pkg = h.pick(sorted(p.py))
            old = p.py[pkg]
            p.py[pkg] = C.bump(old, h)
            h.commit(ref, {f"{API}/requirements.txt": C.requirements(p.py)}, f"chore(deps): bump {pkg} to {p.py[pkg]}")
        elif op == "docs":
            path = h.pick(p.docs)
            h.commit(ref, {path: h.text(ref, path) + C.docs_section(h)}, f"docs: {w} {h.pick(['troubleshooting', 'examples', 'table', 'notes'])}")
        elif op == "migration":
            p.migrations += 1
            h.commit(ref, {f"migrations/{p.migrations:04d}_{w}s.sql": C.sql_migration(h, p.migrations)},
                     f"db: add {w}s table\n\nChange-Id: I{h.decoy(h.hexs(40), 'gerrit-change-id')}")
        elif op == "test":
            h.commit(ref, {f"{API}/tests/test_{w}s_{h.n(1, 99)}.py": C.test_fixture(h)}, f"test({w}): reject invalid tokens")
        elif op == "k8s":
            app = h.pick(["api", "worker"])
            h.commit(ref, {f"deploy/k8s/{app}.yaml": C.k8s_deployment(h, "payments-api" if app == "api" else "settlement-worker", p.version)},
                     f"deploy: pin {app} image digest")
        elif op == "notebook":
            h.commit(ref, {f"notebooks/{w}_analysis_{h.n(1, 9)}.ipynb": C.clean_notebook(h)}, f"analysis: {w} volumes")
        elif op == "tsnew":
            path = f"{WEB}/src/api/{w}s.ts"
            if path not in p.ts_files:
                p.ts_files.append(path)
            h.commit(ref, {path: C.ts_module(h)}, f"web: {w} api client")
        elif op == "ci":
            h.commit(ref, {".github/workflows/ci.yml": h.text(ref, ".github/workflows/ci.yml").replace("python-version: '3.11'", "python-version: '3.12'")
                           if h.chance(0.5) else C.ci_workflow(h)}, "ci: update workflow")
        elif op == "yarn":
            pkg = h.pick(sorted(p.yarn))
            old = p.yarn[pkg]
            p.yarn[pkg] = C.bump(old, h)
            h.commit(ref, {"services/legacy-gateway/yarn.lock": C.yarn_lock(h, p.yarn)}, f"Bump {pkg} from {old} to {p.yarn[pkg]} in /services/legacy-gateway", author=h.people[4])
        elif op == "cargo":
            pkg = h.pick(sorted(p.cargo))
            p.cargo[pkg] = C.bump(p.cargo[pkg], h)
            h.commit(ref, {"tools/edge-proxy/Cargo.lock": C.cargo_lock(p.cargo)}, f"edge-proxy: cargo update -p {pkg}")
        elif op == "tflock":
            p.tf = C.bump(p.tf, h)
            h.commit(ref, {"infra/.terraform.lock.hcl": C.tf_lock(h, p.tf)}, f"infra: aws provider {p.tf}")
        elif op == "sops":
            h.commit(ref, {f"deploy/secrets/{h.pick(['prod', 'staging'])}.enc.yaml": C.sops_secrets(h)}, "deploy: re-encrypt secrets with the new age key")
        elif op == "pb2":
            h.commit(ref, {f"{API}/app/proto/{w}_pb2.py": C.pb2_module(h, w)}, f"proto: regenerate {w}")
        elif op == "nbimg":
            h.commit(ref, {f"notebooks/{w}_histogram.ipynb": C.notebook_with_image(h)}, f"analysis: {w} amount histogram")
        elif op == "iam":
            h.commit(ref, {f"infra/iam/{w}-policy.json": C.iam_policy(h)}, f"iam: least-privilege policy for {w} exports")
        elif op == "postmortem":
            shas = [h.sha(m) for m in sorted(h.ancestors(h.heads[ref]))[-h.n(2, 3):]]
            h.commit(ref, {f"docs/postmortems/INC-{h.n(100, 999)}.md": C.postmortem(h, shas)}, "docs: postmortem for the exposed key")
        elif op == "k8smeta":
            h.commit(ref, {"deploy/k8s/db-meta.yaml": C.k8s_secret_usernames(h)}, "deploy: db connection metadata")
        elif op == "htpasswd":
            h.commit(ref, {"deploy/nginx/.htpasswd": C.htpasswd(h)}, "nginx: basic auth for the status page")
        elif op == "placeholders":
            h.commit(ref, {"config/sandbox.example.yaml": C.placeholders_config(h)}, "config: sandbox example for merchants")
        else:
            shas = [h.sha(m) for m in sorted(h.ancestors(h.heads[ref]))[-h.n(2, 4):]]
            if ref == "main":
                p.version = C.bump(p.version, h)
                ver = p.version
            else:
                ver = C.bump(p.version, h) + "-rc.1"
            log = h.text(ref, "CHANGELOG.md")
            head, rest = log.split("\n\n", 1) if "\n\n" in log else (log, "")
            h.commit(ref, {"CHANGELOG.md": head + "\n\n" + C.changelog_entry(h, ver, shas) + rest,
                           f"{API}/pyproject.toml": h.text(ref, f"{API}/pyproject.toml").split("version = ")[0] + f'version = "{ver}"\nrequires-python = ">=3.11"\n'},
                     f"release: v{ver}")
            if ref == "main" and h.chance(0.5):
                h.tag(f"v{ver}", ref, f"v{ver}\n")


def pr_merge(h: History, p: Project, branch: str, title: str, resolution: dict[str, str | bytes | None] | None = None,
             scenario: str = "filler") -> int:
    p.pr += 1
    return h.merge("main", branch, f"Merge pull request #{p.pr} from acme-pay/{branch}\n\n{title}", resolution, scenario)


# -- scenarios ---------------------------------------------------------------------------------

def s_root(h: History, p: Project) -> None:
    """The very first commit already holds a secret (staged on an unborn branch)."""
    files = p.initial()
    jwt_secret = h.leak(fakes.password(h.s(), 48), "generic.jwt-secret", "root")
    files[f"{API}/app/settings.py"] = ("import os\n\nDATABASE_URL = os.environ.get(\"DATABASE_URL\", \"postgresql://localhost/payments\")\n"
                                       f"JWT_SIGNING_SECRET = \"{jwt_secret}\"\nJWT_ALGORITHM = \"HS256\"\nJWT_TTL_SECONDS = 3600\n")
    files[f"{API}/app/main.py"] = "from fastapi import FastAPI\n\nfrom app.routes import orders, payouts, refunds\n\napp = FastAPI(title=\"acme-pay\")\nfor r in (orders, payouts, refunds):\n    app.include_router(r.router)\n"
    m = h.commit("main", files, "Initial commit", "root", author=h.people[0])
    h.staged_picks.append((m, "root-unborn"))


def s_direct(h: History, p: Project) -> None:
    """Plain leaks on main that are still present at HEAD."""
    sc = "direct"
    sk = h.leak(fakes.stripe_live_long(h.s()), "stripe", sc)
    m = h.commit("main", {f"{API}/app/billing.py": "import stripe\n\n"
                          f"stripe.api_key = \"{sk}\"\nstripe.max_network_retries = 2\n\n\n"
                          "def charge(amount: int, currency: str, source: str) -> stripe.Charge:\n"
                          "    return stripe.Charge.create(amount=amount, currency=currency, source=source)\n"},
                 "feat(billing): charge cards through Stripe", sc)
    h.staged_picks.append((m, "new-file-leak"))
    filler(h, p, k=3)
    pw = h.leak(fakes.human_password(h.s()).replace("@", "!"), "password.url", sc)
    rpw = h.leak(fakes.api_key_alnum(h.s(), 24), "password.url", sc)
    sg = h.leak(fakes.sendgrid_key(h.s()), "sendgrid", sc)
    m = h.commit("main", {".env": f"DATABASE_URL=postgres://payments_app:{pw}@payments-db.internal:5432/payments\n"
                          f"REDIS_URL=redis://:{rpw}@cache.internal:6379/0\nSENDGRID_API_KEY={sg}\nLOG_LEVEL=debug\n"
                          f"SENTRY_DSN={h.decoy(fakes.sentry_dsn(h.s()), 'sentry-dsn')}\n"},
                 "chore: local env for docker compose", sc)
    h.staged_picks.append((m, "dotenv"))
    filler(h, p, k=2)
    kid, sec = h.leak(fakes.aws_key_id(h.s()), "aws", sc), h.leak(fakes.aws_secret(h.s()), "aws", sc)
    h.commit("main", {"deploy/k8s/aws-secret.yaml": "apiVersion: v1\nkind: Secret\nmetadata:\n  name: payments-aws\ntype: Opaque\nstringData:\n"
                      f"  AWS_ACCESS_KEY_ID: {kid}\n  AWS_SECRET_ACCESS_KEY: {sec}\n  AWS_REGION: eu-west-1\n"},
             "deploy: s3 credentials for exports", sc)
    filler(h, p, k=2)
    gh = h.leak(fakes.github_classic(h.s()), "github", sc)
    h.commit("main", {"scripts/tag-release.sh": Blob(("#!/usr/bin/env bash\nset -euo pipefail\nVERSION=\"$1\"\n"
                                                       "curl -sf -X POST https://api.github.com/repos/acme-pay/platform/releases \\\n"
                                                       f"  -H \"Authorization: token {gh}\" \\\n  -d \"{{\\\"tag_name\\\": \\\"v$VERSION\\\"}}\"\n").encode(), "100755")},
             "scripts: release helper", sc)
    filler(h, p, k=2)
    gk = h.leak(fakes.google_api_key(h.s()), "google", sc)
    h.commit("main", {f"{WEB}/src/firebase.ts": "import { initializeApp } from 'firebase/app';\n\nexport const app = initializeApp({\n"
                      f"  apiKey: '{gk}',\n  authDomain: 'acme-pay-prod.firebaseapp.com',\n  projectId: 'acme-pay-prod',\n"
                      f"  appId: '1:{h.n(10**11, 10**12)}:web:{h.hexs(22)}',\n}});\n"},
             "web: firebase auth", sc)
    filler(h, p, k=2)
    dd = h.leak(fakes.api_key_hex(h.s(), 32), "datadog", sc)
    az = h.leak(fakes.azure_connection_string(h.s(), "acmepayexports"), "azure", sc)
    h.commit("main", {"infra/terraform.tfvars": f'region          = "eu-west-1"\ndatadog_api_key = "{dd}"\n'
                      f'exports_storage_connection_string = "{az}"\n'},
             "infra: monitoring + exports storage", sc)
    filler(h, p, k=2)
    oai = h.leak(fakes.openai_key(h.s()), "openai", sc)
    h.commit("main", {"notebooks/dispute_classifier.ipynb": C.notebook(h, [
        ("import os, openai\nos.environ['OPENAI_API_KEY'] = '" + oai + "'\nclient = openai.OpenAI()", ""),
        ("resp = client.chat.completions.create(model='gpt-4o-mini', messages=[{'role': 'user', 'content': 'classify: ' + text}])\nprint(resp.choices[0].message.content)",
         "fraud_suspected\n")])}, "analysis: dispute classifier prototype", sc)
    filler(h, p, k=2)
    wh = h.leak(fakes.slack_webhook(h.s()), "slack.webhook", sc)
    h.commit("main", {f"{WORKER}/internal/alert/slack.go": "package alert\n\nimport (\n\t\"bytes\"\n\t\"net/http\"\n)\n\n"
                      f"const webhookURL = \"{wh}\"\n\n// Notify posts a message to #payments-alerts.\nfunc Notify(text string) error {{\n"
                      "\t_, err := http.Post(webhookURL, \"application/json\", bytes.NewBufferString(`{\"text\":\"`+text+`\"}`))\n\treturn err\n}\n"},
             "worker: alert on settlement failures", sc)


def s_removed(h: History, p: Project) -> None:
    """Added, then removed in a later commit: a history-only positive."""
    sc = "removed"
    kid, sec = fakes.aws_key_id(h.s()), fakes.aws_secret(h.s())
    h.leak(kid, "aws", sc), h.leak(sec, "aws", sc)
    path = f"{API}/app/exports.py"
    h.commit("main", {path: "import boto3\n\n"
                      f"s3 = boto3.client(\n    \"s3\",\n    aws_access_key_id=\"{kid}\",\n    aws_secret_access_key=\"{sec}\",\n    region_name=\"eu-west-1\",\n)\n\n\n"
                      "def upload(key: str, body: bytes) -> None:\n    s3.put_object(Bucket=\"acme-pay-exports\", Key=key, Body=body)\n"},
             "feat(exports): upload settlement files to S3", sc)
    filler(h, p, k=2)
    m = h.commit("main", {path: "import boto3\n\n# credentials come from the pod's IAM role (IRSA)\ns3 = boto3.client(\"s3\", region_name=\"eu-west-1\")\n\n\n"
                          "def upload(key: str, body: bytes) -> None:\n    s3.put_object(Bucket=\"acme-pay-exports\", Key=key, Body=body)\n"},
                 "fix(exports): use IRSA instead of static keys", sc)
    h.staged_picks.append((m, "removal-only"))
    filler(h, p, k=2)
    dj = h.leak(fakes.django_secret_key(h.s()), "django", sc)
    h.commit("main", {"tools/admin/settings.py": f"DEBUG = False\nSECRET_KEY = '{dj}'\nALLOWED_HOSTS = ['admin.acme-pay.io']\n"},
             "tools: internal django admin", sc)
    h.commit("main", {"tools/admin/settings.py": "import os\n\nDEBUG = False\nSECRET_KEY = os.environ['DJANGO_SECRET_KEY']\nALLOWED_HOSTS = ['admin.acme-pay.io']\n"},
             "tools: read SECRET_KEY from the environment", sc)


def s_unmerged(h: History, p: Project) -> None:
    """A feature branch never merged (still a ref)."""
    sc = "unmerged-branch"
    h.branch("feature/sms-receipts", "main")
    filler(h, p, "feature/sms-receipts", 1)
    sid, tok = fakes.twilio_account_sid(h.s()), h.leak(fakes.twilio_auth_token(h.s()), "twilio", sc)
    h.commit("feature/sms-receipts", {f"{API}/app/sms.py": "from twilio.rest import Client\n\n"
                                      f"TWILIO_ACCOUNT_SID = \"{sid}\"\nTWILIO_AUTH_TOKEN = \"{tok}\"\n\n"
                                      "client = Client(TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN)\n"},
             "wip: sms receipts via twilio", sc)
    mpw = h.leak(fakes.api_key_alnum(h.s(), 20), "password.url", sc)
    h.commit("feature/sms-receipts", {f"{API}/app/receipts_store.py": "from pymongo import MongoClient\n\n"
                                      f"client = MongoClient(\"mongodb+srv://receipts:{mpw}@cluster0.x7k2p.mongodb.net/receipts?retryWrites=true&w=majority\")\n"},
             "wip: store receipts in atlas", sc)
    filler(h, p, "main", 2)
    filler(h, p, "feature/sms-receipts", 1)


def s_merged(h: History, p: Project) -> None:
    """A branch merged with a merge commit; the branch commit introduced the secret."""
    sc = "merged-branch"
    b = "feature/slack-notifications"
    h.branch(b, "main")
    xb = h.leak(fakes.slack_bot(h.s()), "slack", sc)
    h.commit(b, {"config/notifications.yaml": f"slack:\n  bot_token: {xb}\n  channel: \"#payments-ops\"\n  mention_on_failure: \"@payments-oncall\"\n"},
             "feat(notify): slack bot for settlement reports", sc)
    filler(h, p, b, 2)
    filler(h, p, "main", 2)
    pr_merge(h, p, b, "Slack notifications", scenario=sc)
    h.delete_branch(b)
    # fast-forward merge of a small branch (no merge commit), branch deleted
    b2 = "fix/sentry-release"
    h.branch(b2, "main")
    hf = h.leak(fakes.huggingface_token(h.s()), "huggingface", "ff-merge")
    h.commit(b2, {"tools/ml/download_model.py": "from huggingface_hub import snapshot_download\n\n"
                  f"snapshot_download(\"acme-pay/dispute-bert\", token=\"{hf}\", local_dir=\"models/\")\n"},
             "ml: fetch the private dispute model", "ff-merge")
    h.heads["main"] = h.heads[b2]
    h.delete_branch(b2)


def s_conflict(h: History, p: Project) -> None:
    """Both sides edit config/app.yaml; the person resolving pastes a new SMTP password.

    The same merge also adds an unrelated line to another file ("evil merge")."""
    sc = "conflict-merge"
    b = "feature/smtp-relay"
    h.branch(b, "main")
    base = h.text("main", "config/app.yaml")
    h.commit(b, {"config/app.yaml": base.replace("  host: smtp.sendgrid.net\n  port: 587\n", "  host: smtp-relay.acme-pay.internal\n  port: 2525\n")},
             "smtp: use the internal relay")
    filler(h, p, b, 1)
    h.commit("main", {"config/app.yaml": base.replace("  host: smtp.sendgrid.net\n  port: 587\n", "  host: smtp.sendgrid.net\n  port: 465\n  tls: true\n")},
             "smtp: implicit TLS")
    filler(h, p, "main", 1)
    npw = h.leak(fakes.password(h.s(), 18), "password", sc)
    resolved = base.replace("  host: smtp.sendgrid.net\n  port: 587\n  user: apikey\n  password: ${SMTP_PASSWORD}\n",
                            f"  host: smtp-relay.acme-pay.internal\n  port: 2525\n  tls: true\n  user: relay-payments\n  password: \"{npw}\"\n")
    assert resolved != base
    dwh = h.leak(fakes.discord_webhook(h.s()), "discord", sc)
    cm = h.text("main", "deploy/k8s/api.yaml")
    m = pr_merge(h, p, b, "SMTP relay", {"config/app.yaml": resolved,
                                          "deploy/k8s/api.yaml": cm + f"---\n# status page hook\n# DISCORD_WEBHOOK: {dwh}\n"}, sc)
    h.staged_picks.append((m, "merge-in-progress"))
    h.delete_branch(b)

    # a conflict resolved by keeping the branch side, whose commit added the secret
    sc2 = "merge-keeps-side"
    b = "feature/stripe-webhooks"
    h.branch(b, "main")
    path = f"{API}/app/billing.py"
    base = h.text("main", path)
    whs = h.leak(fakes.stripe_webhook_secret(h.s()), "stripe", sc2)
    side = base.replace("stripe.max_network_retries = 2\n", f"stripe.max_network_retries = 2\nWEBHOOK_SECRET = \"{whs}\"\n")
    h.commit(b, {path: side}, "billing: verify webhook signatures", sc2)
    h.commit("main", {path: base.replace("stripe.max_network_retries = 2\n", "stripe.max_network_retries = 3\n")}, "billing: retry more")
    pr_merge(h, p, b, "Stripe webhooks", {path: side.replace("stripe.max_network_retries = 2\n", "stripe.max_network_retries = 3\n")}, sc2)
    h.delete_branch(b)


def s_revert(h: History, p: Project) -> None:
    """A adds a token, B reverts A, C reverts B (re-adds): A is the introducing commit."""
    sc = "revert"
    path = ".gitlab-ci.yml"
    before = "stages: [build, publish]\n\nbuild:\n  stage: build\n  image: python:3.11\n  script:\n    - pip wheel -w dist services/api\n"
    h.commit("main", {path: before}, "ci: mirror build on gitlab")
    filler(h, p, k=1)
    tok = h.leak(fakes.gitlab_token(h.s()), "gitlab", sc)
    after = before + f"\npublish:\n  stage: publish\n  script:\n    - pip install twine\n    - TWINE_PASSWORD={tok} TWINE_USERNAME=__token__ twine upload --repository-url https://gitlab.acme-pay.io/api/v4/projects/42/packages/pypi dist/*\n"
    a = h.commit("main", {path: after}, "ci: publish wheels to the gitlab registry", sc)
    filler(h, p, k=1)
    b = h.commit("main", {path: before}, f"Revert \"ci: publish wheels to the gitlab registry\"\n\nThis reverts commit {h.decoy(h.sha(a), 'git-sha')}.", sc)
    filler(h, p, k=2)
    m = h.commit("main", {path: after}, f"Revert \"Revert \"ci: publish wheels to the gitlab registry\"\"\n\nThis reverts commit {h.decoy(h.sha(b), 'git-sha')}.\n\nThe registry needs the token after all.", sc)
    h.staged_picks.append((m, "revert-readds"))


def s_rename(h: History, p: Project) -> None:
    """A file holding a secret is renamed, then moved with an unrelated edit: nothing new."""
    sc = "rename"
    pw = h.leak(fakes.password(h.s(), 16), "password", sc)
    old = "config/legacy/mailer.yml"
    text = f"production:\n  delivery_method: smtp\n  smtp_settings:\n    address: mail.acme-pay.io\n    port: 587\n    user_name: mailer@acme-pay.io\n    password: {pw}\n    authentication: login\n"
    h.commit("main", {old: text}, "mailer: legacy smtp settings", sc)
    filler(h, p, k=2)
    m = h.commit("main", {old: None, "config/mailer.yml": text}, "config: flatten legacy dir")
    h.staged_picks.append((m, "pure-rename"))
    filler(h, p, k=1)
    moved = text.replace("    port: 587\n", "    port: 587\n    enable_starttls_auto: true\n")
    m = h.commit("main", {"config/mailer.yml": None, f"{API}/config/mailer.yml": moved}, "config: move mailer settings next to the api")
    h.staged_picks.append((m, "rename-with-edit"))
    filler(h, p, k=1)
    # chmod +x of a script that holds a secret: a mode change only
    path = "scripts/db-shell.sh"
    mpw = h.leak(fakes.human_password(h.s()), "password.cli", "mode-change")
    body = f"#!/bin/sh\nexec mysql -h reporting-db.internal -u report_ro -p'{mpw}' reporting \"$@\"\n"
    h.commit("main", {path: body}, "scripts: reporting db shell", "mode-change")
    m = h.commit("main", {path: Blob(body.encode(), "100755")}, "scripts: make db-shell executable")
    h.staged_picks.append((m, "mode-change"))


def s_delete(h: History, p: Project) -> None:
    """A private key committed, then the file deleted."""
    sc = "delete"
    pem = h.leak_pem(fakes.pem_private_key(h.s(), "OPENSSH"), "pem", sc)
    h.commit("main", {"deploy/keys/deploy_ed25519": pem, "deploy/keys/deploy_ed25519.pub": fakes.ssh_public_key(h.s(), "deploy@acme-pay") + "\n"},
             "deploy: key for the release runner", sc)
    filler(h, p, k=2)
    m = h.commit("main", {"deploy/keys/deploy_ed25519": None}, "deploy: remove private key (moved to vault)")
    h.staged_picks.append((m, "deletion"))
    rsa = h.leak_pem(fakes.pem_private_key(h.s(), "RSA"), "pem", sc)
    h.commit("main", {"infra/tls/payments-api.key": rsa, "infra/tls/payments-api.crt": fakes.pem_certificate(h.s())}, "infra: tls for the api ingress", sc)
    filler(h, p, k=1)
    h.commit("main", {"infra/tls/payments-api.key": None, "infra/tls/payments-api.crt": None, ".gitignore": h.text("main", ".gitignore") + "*.key\n"},
             "infra: tls comes from cert-manager now")


def s_messages(h: History, p: Project) -> None:
    """Secrets pasted into commit messages (and repeated by a squash message)."""
    sc = "message"
    tok = h.leak(fakes.github_fine_grained(h.s()), "github", sc)
    filler_msg = f"ci: switch the release job to a fine-grained token\n\nTested locally with\n\n    GH_TOKEN={tok} gh release list\n\nthe workflow reads it from secrets.RELEASE_TOKEN."
    h.commit("main", {".github/workflows/ci.yml": h.text("main", ".github/workflows/ci.yml") + "\n  release:\n    runs-on: ubuntu-22.04\n    steps:\n      - run: gh release create ${{ github.ref_name }}\n        env:\n          GH_TOKEN: ${{ secrets.RELEASE_TOKEN }}\n"},
             filler_msg, sc)
    filler(h, p, k=2)
    pw = h.leak(fakes.api_key_alnum(h.s(), 20), "password.url", sc)
    h.commit("main", {f"{API}/app/routes/order_export.py": C.py_module(h, "order_export")},
             f"fix(export): retry on connection reset\n\nrepro: psql postgres://reporting:{pw}@reporting-db.internal:5432/reporting -c 'select 1'", sc)
    # a branch whose commit message holds a token; squash-merged (the branch is deleted)
    b = "feature/payout-webhooks"
    h.branch(b, "main")
    npm = fakes.npm_token(h.s())
    h.commit(b, {f"{WEB}/src/api/payout_hooks.ts": C.ts_module(h)}, f"web: payout hooks\n\nnpm publish needed NPM_TOKEN={npm}")
    h.commit(b, {f"{WEB}/src/api/payout_hooks.ts": h.text(b, f"{WEB}/src/api/payout_hooks.ts") + C.ts_function(h)}, "web: payout hook retries")
    filler(h, p, k=1)
    h.leak(npm, "npm", "squash")
    tree = h.tree(b)
    p.pr += 1
    h.commit("main", {f"{WEB}/src/api/payout_hooks.ts": tree[f"{WEB}/src/api/payout_hooks.ts"]},
             f"Payout webhooks (#{p.pr})\n\n* web: payout hooks\n\nnpm publish needed NPM_TOKEN={npm}\n\n* web: payout hook retries", "squash")
    h.delete_branch(b)


def s_readd(h: History, p: Project) -> None:
    """One npm token added, removed, then copy-pasted into two other files over time."""
    sc = "readd"
    tok = h.leak(fakes.npm_token(h.s()), "npm", sc)
    h.commit("main", {f"{WEB}/.npmrc": f"registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken={tok}\n"}, "web: private packages", sc)
    filler(h, p, k=1)
    h.commit("main", {f"{WEB}/.npmrc": "registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n"}, "web: token from env")
    filler(h, p, k=3)
    m = h.commit("main", {"tools/design-system/.npmrc": f"@acme-pay:registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken={tok}\nalways-auth=true\n"},
                 "design-system: publish config")
    h.staged_picks.append((m, "readd-copy"))
    filler(h, p, k=2)
    h.commit("main", {"Dockerfile.web": "FROM node:20-alpine AS build\nWORKDIR /app\nCOPY web/ .\n"
                      f"RUN echo \"//registry.npmjs.org/:_authToken={tok}\" > .npmrc && npm ci && rm .npmrc\nRUN npm run build\n"},
             "docker: build the dashboard image")


def s_tag_only(h: History, p: Project) -> None:
    """A hotfix branch reachable only from its tag (the branch was deleted)."""
    sc = "tag-only"
    b = "release/1.x-hotfix"
    h.branch(b, "main")
    do = h.leak(fakes.digitalocean_token(h.s()), "digitalocean", sc)
    h.commit(b, {"scripts/dns-failover.sh": f"#!/bin/sh\n# move api.acme-pay.io to the DR droplet\ncurl -X PUT -H 'Content-Type: application/json' -H 'Authorization: Bearer {do}' \\\n"
                 "  -d '{\"data\":\"203.0.113.10\"}' https://api.digitalocean.com/v2/domains/acme-pay.io/records/1234567\n"},
             "hotfix: dns failover script", sc)
    h.tag("v1.9.9-hotfix", b, "emergency failover release\n")
    h.delete_branch(b)
    # lightweight tag on another dead branch
    b = "spike/heroku-preview"
    h.branch(b, "main")
    hk = h.leak(fakes.heroku_key(h.s()), "heroku", sc)
    h.commit(b, {"app.json": json.dumps({"name": "acme-pay-preview", "env": {"HEROKU_API_KEY": {"value": hk}}, "buildpacks": [{"url": "heroku/python"}]}, indent=2) + "\n"},
             "spike: heroku review apps", sc)
    h.tag("spike-heroku", b)
    h.delete_branch(b)


def s_remote(h: History, p: Project) -> None:
    """Commits only on a remote-tracking ref."""
    sc = "remote-ref"
    ref = "refs/remotes/origin/wip/dana-vault"
    h.branch(ref, "main")
    vt = h.leak(fakes.vault_token(h.s()), "vault", sc)
    h.commit(ref, {"tools/vault-login.sh": f"#!/bin/sh\nexport VAULT_ADDR=https://vault.acme-pay.internal:8200\nexport VAULT_TOKEN={vt}\nvault kv get secret/payments/api\n"},
             "wip: vault helper", sc, author=h.people[3])


def s_rotation(h: History, p: Project) -> None:
    """Credentials rotated in place; a secret fixed alone on its line (no key ID nearby)."""
    sc = "rotation"
    path = "ops/aws/credentials"
    k1, s1 = h.leak(fakes.aws_key_id(h.s()), "aws", sc), h.leak(fakes.aws_secret(h.s()), "aws", sc)
    h.commit("main", {path: f"[default]\naws_access_key_id = {k1}\naws_secret_access_key = {s1}\nregion = eu-west-1\n\n[reporting]\nrole_arn = arn:aws:iam::{fakes.aws_account_id(h.s())}:role/reporting-ro\nsource_profile = default\n"},
             "ops: shared credentials for the batch host", sc)
    filler(h, p, k=2)
    k2, s2 = h.leak(fakes.aws_key_id(h.s()), "aws", sc), h.leak(fakes.aws_secret(h.s()), "aws", sc)
    h.commit("main", {path: h.text("main", path).replace(k1, k2).replace(s1, s2)}, "ops: rotate batch host keys", sc)
    filler(h, p, k=1)
    s3 = h.leak(fakes.aws_secret(h.s()), "aws", "secret-only-edit")
    m = h.commit("main", {path: h.text("main", path).replace(s2, s3)}, "ops: fix pasted secret", "secret-only-edit")
    h.staged_picks.append((m, "secret-only-edit"))
    filler(h, p, k=1)
    # YAML where only the parent key says "aws": the -U0 patch line alone has weak evidence
    yk, ys = h.leak(fakes.aws_key_id(h.s()), "aws", sc), h.leak(fakes.aws_secret(h.s()), "aws", sc)
    ytext = f"exports:\n  bucket: acme-pay-exports\n  aws:\n    access_key_id: {yk}\n    secret_access_key: {ys}\n  prefix: settlements/\n"
    h.commit("main", {"config/exports.yaml": ytext}, "exports: bucket config", sc)
    filler(h, p, k=1)
    ys2 = h.leak(fakes.aws_secret(h.s()), "aws", "secret-only-edit")
    h.commit("main", {"config/exports.yaml": ytext.replace(ys, ys2)}, "exports: correct secret", "secret-only-edit")


def s_cherry(h: History, p: Project) -> None:
    """A fix made on a maintenance branch (kept) and cherry-picked to main later."""
    sc = "cherry-pick"
    b = "maint/1.x"
    h.branch(b, "main")
    filler(h, p, b, 1)
    tg = h.leak(fakes.telegram_bot_token(h.s()), "telegram", sc)
    change = {f"{WORKER}/internal/alert/telegram.go": "package alert\n\n// TelegramBot pages the on-call phone when Slack is down.\n"
              f"const TelegramBot = \"{tg}\"\nconst TelegramChat = \"-100{h.n(10**9, 10**10)}\"\n"}
    a = h.commit(b, dict(change), "alert: telegram fallback", sc)
    filler(h, p, "main", 2)
    h.commit("main", dict(change), f"alert: telegram fallback\n\n(cherry picked from commit {h.decoy(h.sha(a), 'git-sha')})")


def s_names(h: History, p: Project) -> None:
    """Unusual paths: spaces and non-ASCII characters."""
    sc = "odd-path"
    pw = h.leak(fakes.human_password(h.s()), "password", sc)
    m = h.commit("main", {"docs/ops/Zugangsdaten Übersicht.md": f"# Zugangsdaten\n\n| System | Benutzer | Passwort |\n|---|---|---|\n| Grafana | admin | `{pw}` |\n"
                          "| Kibana | viewer | (SSO) |\n"}, "docs: Zugangsdaten für das Ops-Team", sc)
    h.staged_picks.append((m, "odd-path"))
    dh = h.leak(fakes.dockerhub_pat(h.s()), "dockerhub", sc)
    h.commit("main", {"ops/ci runner/login docker.sh": f"#!/bin/sh\necho '{dh}' | docker login -u acmepayci --password-stdin\n"}, "ci: docker hub login for the runner", sc)


def s_crlf(h: History, p: Project) -> None:
    """A Windows editor rewrites a file with CRLF: every line changes, nothing new leaks."""
    sc = "crlf"
    az = h.leak(fakes.azure_storage_key(h.s()), "azure", sc)
    path = "tools/windows/Sync-Exports.ps1"
    body = ("$ErrorActionPreference = 'Stop'\n$account = 'acmepayexports'\n"
            f"$key = '{az}'\n$ctx = New-AzStorageContext -StorageAccountName $account -StorageAccountKey $key\n"
            "Get-AzStorageBlob -Container settlements -Context $ctx | Get-AzStorageBlobContent -Destination C:\\exports\n")
    h.commit("main", {path: body}, "tools: windows export sync", sc)
    filler(h, p, k=1)
    m = h.commit("main", {path: body.replace("\n", "\r\n")}, "tools: line endings")
    h.staged_picks.append((m, "crlf"))


def s_binary_and_bulk(h: History, p: Project) -> None:
    """Binary files (negatives by rule) and a large vendored commit with one real leak."""
    sc = "bulk"
    m = h.commit("main", {f"{WEB}/public/hero.png": Blob(C.png(h, 40_000)), "tools/legacy/exporter.jar": Blob(C.jar(h, {
        "META-INF/MANIFEST.MF": "Manifest-Version: 1.0\nMain-Class: com.acme.Exporter\n",
        "com/acme/exporter.properties": "db.user=exporter\ndb.url=jdbc:postgresql://reporting-db.internal/reporting\n"})),
        "services/api/tests/fixtures/sample.sqlite": Blob(b"SQLite format 3\x00" + h.r.randbytes(8000))}, "assets: hero image, legacy exporter")
    h.staged_picks.append((m, "binary"))
    filler(h, p, k=1)
    files: dict[str, str | bytes | Blob | None] = {}
    for i in range(40):
        chunks = []
        for _ in range(120):
            chunks.append(f"var _0x{h.hexs(4)}=['{h.hexs(32)}','{fakes.sri_integrity(h.s())}','{h.decoy(fakes.uuid4(h.s()), 'uuid')}'];")
        files[f"{WEB}/public/vendor/swagger-ui/chunk-{i:02d}.min.js"] = "\n".join(chunks) + "\n"
    mb = h.leak(fakes.mapbox_token(h.s(), public=False), "mapbox", sc)
    files[f"{WEB}/public/env-config.js"] = (f"window.__ENV = {{\n  API_URL: 'https://api.acme-pay.io',\n  MAPBOX_TOKEN: '{mb}',\n"
                                           f"  STRIPE_PUBLISHABLE_KEY: '{h.decoy(fakes.stripe_publishable(h.s()), 'stripe-publishable')}',\n}};\n")
    h.commit("main", files, "web: vendor swagger-ui, runtime env config", sc)


def s_gcp(h: History, p: Project) -> None:
    """A service-account key file, and the line above a secret later moving down."""
    sc = "direct"
    sa = fakes.gcp_service_account(h.s())
    h.leak_pem(sa["private_key"], "gcp", sc)
    h.commit("main", {"infra/gcp/bq-export-sa.json": json.dumps(sa, indent=2) + "\n"}, "infra: bigquery export service account", sc)
    filler(h, p, k=1)
    # lines inserted above an old secret: the secret line itself is not new
    path = f"{API}/app/billing.py"
    h.commit("main", {path: "\"\"\"Card payments.\"\"\"\n\nimport logging\n\n" + h.text("main", path)}, "billing: module docstring")
    ant = h.leak(fakes.anthropic_key(h.s()), "anthropic", sc)
    h.commit("main", {"tools/support-bot/.env": f"ANTHROPIC_API_KEY={ant}\nMODEL=claude-3-5-sonnet-latest\nMAX_TOKENS=1024\n"}, "support-bot: config", sc)
    shp = h.leak(fakes.shopify_token(h.s()), "shopify", sc)
    tfc = h.leak(fakes.terraform_cloud_token(h.s()), "terraform", sc)
    h.commit("main", {"integrations/shopify/config.rb": f"ShopifyAPI::Context.setup(\n  api_key: ENV.fetch('SHOPIFY_API_KEY'),\n  api_secret_key: ENV.fetch('SHOPIFY_API_SECRET'),\n  access_token: '{shp}',\n  host: 'acme-pay.myshopify.com'\n)\n",
                      ".terraformrc": f"credentials \"app.terraform.io\" {{\n  token = \"{tfc}\"\n}}\n"}, "integrations: shopify sync, tf cloud login", sc)
    amqp = h.leak(fakes.api_key_alnum(h.s(), 22), "password.url", sc)
    h.commit("main", {f"{WORKER}/config/worker.toml": f"[queue]\nurl = \"amqps://settlement:{amqp}@rabbit.internal:5671/payments\"\nprefetch = 20\n\n[metrics]\nlisten = \":9102\"\n"},
             "worker: rabbit for settlement retries", sc)
    auth = h.leak(fakes.docker_auth_b64("acmepayci", fakes.password(h.s(), 24)), "docker", sc)
    h.commit("main", {"ops/docker/config.json": json.dumps({"auths": {"registry.acme-pay.io": {"auth": auth}}}, indent=2) + "\n"}, "ops: registry login for the batch host", sc)


# -- history-specific probes ---------------------------------------------------------------------

def s_probes(h: History, p: Project) -> None:
    """Leaks whose detection depends on the whole file or on nearby unchanged lines."""
    sc = "whole-file"
    mk = h.leak(fakes.rails_master_key(h.s()), "rails", sc)
    m = h.commit("main", {"apps/storefront/config/master.key": mk, "apps/storefront/config/credentials.yml.enc": h.decoy(fakes.rails_credentials_enc(h.s()), "rails-credentials-enc")},
             "storefront: rails credentials", sc)
    h.staged_picks.append((m, "whole-file"))
    filler(h, p, k=1)
    pg = h.leak(fakes.password(h.s(), 18).replace(":", "!"), "password", sc)
    h.commit("main", {"ops/batch/.pgpass": f"reporting-db.internal:5432:reporting:report_ro:{pg}\n"}, "ops: pgpass for the nightly reports", sc)
    filler(h, p, k=1)
    kg = h.leak(fakes.api_key_hex(h.s(), 32), "kaggle", sc)
    h.commit("main", {"notebooks/.kaggle/kaggle.json": json.dumps({"username": "acmepay-ds", "key": kg}) + "\n"}, "analysis: kaggle datasets", sc)
    filler(h, p, k=2)

    sc = "context-edit"
    n1 = fakes.password(h.s(), 20)
    h.leak(n1, "password", sc)
    netrc = f"machine api.heroku.com\n  login ops@acme-pay.io\n  password {n1}\nmachine git.heroku.com\n  login ops@acme-pay.io\n  password {n1}\n"
    h.commit("main", {"ops/batch/.netrc": netrc}, "ops: heroku netrc for the batch host", sc)
    filler(h, p, k=1)
    n2 = h.leak(fakes.password(h.s(), 20), "password", sc)
    m = h.commit("main", {"ops/batch/.netrc": netrc.replace(n1, n2)}, "ops: rotate heroku password", sc)
    h.staged_picks.append((m, "context-edit"))
    filler(h, p, k=1)
    sid = fakes.twilio_account_sid(h.s())
    k1 = h.leak(fakes.twilio_key(h.s()), "twilio", sc)
    s1 = h.leak(fakes.api_key_alnum(h.s(), 32), "twilio", sc)
    tw = f"twilio:\n  account_sid: {sid}\n  api_key: {k1}\n  api_secret: {s1}\n  from_number: \"+4915790000000\"\n"
    h.commit("main", {"config/sms.yaml": tw}, "sms: twilio api key", sc)
    filler(h, p, k=1)
    k2 = h.leak(fakes.twilio_key(h.s()), "twilio", sc)
    h.commit("main", {"config/sms.yaml": tw.replace(k1, k2)}, "sms: new api key sid", sc)
    filler(h, p, k=1)
    kid, s_a = h.leak(fakes.aws_key_id(h.s()), "aws", sc), h.leak(fakes.aws_secret(h.s()), "aws", sc)
    js = {"region": "eu-west-1", "accessKeyId": kid, "secret": s_a, "bucket": "acme-pay-invoices"}
    h.commit("main", {f"{WEB}/server/s3.config.json": json.dumps(js, indent=2) + "\n"}, "web: invoice uploads", sc)
    filler(h, p, k=1)
    s_b = h.leak(fakes.aws_secret(h.s()), "aws", sc)
    js["secret"] = s_b
    h.commit("main", {f"{WEB}/server/s3.config.json": json.dumps(js, indent=2) + "\n"}, "web: fix secret", sc)
    filler(h, p, k=2)

    sc = "merge-bare-line"
    b = "feature/sessions"
    h.branch(b, "main")
    env0 = "NODE_ENV=production\nPORT=8080\nSESSION_TTL=3600\n"
    h.commit("main", {"services/legacy-gateway/.env.production": env0 + "LOG_FORMAT=json\n"}, "gateway: json logs")
    h.commit(b, {"services/legacy-gateway/.env.production": env0 + "SESSION_STORE=redis\n"}, "gateway: redis sessions")
    ss = h.leak(fakes.api_key_alnum(h.s(), 40), "generic.secret", sc)
    npw = h.leak(fakes.password(h.s(), 16), "password", sc)
    m = pr_merge(h, p, b, "Sessions", {"services/legacy-gateway/.env.production": env0 + f"LOG_FORMAT=json\nSESSION_STORE=redis\nSESSION_SECRET={ss}\nREDIS_PASSWORD={npw}\n"}, sc)
    h.staged_picks.append((m, "merge-in-progress"))
    h.delete_branch(b)


def _sprinkle_templates(h: History) -> list[Callable[[str], tuple[str, str]]]:
    """(path, content builder) pairs; each builder registers its leaks with ``sc``."""
    w = h.pick(C.WORDS)

    def t_py_requests(sc: str) -> tuple[str, str]:
        t = h.leak(fakes.github_classic(h.s()), "github", sc)
        return f"tools/gh/sync_{w}_labels.py", ("import requests\n\nSESSION = requests.Session()\n"
                                                f"SESSION.headers.update({{\"Authorization\": \"Bearer {t}\", \"Accept\": \"application/vnd.github+json\"}})\n\n\n"
                                                "def labels(repo: str) -> list[dict]:\n    return SESSION.get(f\"https://api.github.com/repos/{repo}/labels\").json()\n")

    def t_java_aws(sc: str) -> tuple[str, str]:
        k, s = h.leak(fakes.aws_key_id(h.s()), "aws", sc), h.leak(fakes.aws_secret(h.s()), "aws", sc)
        return f"services/reconciler/src/main/java/io/acmepay/recon/{C.cap(w)}Storage.java", (
            "package io.acmepay.recon;\n\nimport com.amazonaws.auth.AWSStaticCredentialsProvider;\nimport com.amazonaws.auth.BasicAWSCredentials;\n\n"
            f"public final class {C.cap(w)}Storage {{\n    private static final BasicAWSCredentials CREDS =\n        new BasicAWSCredentials(\"{k}\", \"{s}\");\n\n"
            "    static AWSStaticCredentialsProvider provider() {\n        return new AWSStaticCredentialsProvider(CREDS);\n    }\n}\n")

    def t_compose(sc: str) -> tuple[str, str]:
        pw = h.leak(fakes.password(h.s(), 20).replace("$", "%"), "password", sc)
        return f"deploy/compose/{w}-stack.yml", ("services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: payments\n"
                                                 f"      POSTGRES_PASSWORD: \"{pw}\"\n    volumes:\n      - pgdata:/var/lib/postgresql/data\nvolumes:\n  pgdata: {{}}\n")

    def t_spring(sc: str) -> tuple[str, str]:
        pw = h.leak(fakes.human_password(h.s()), "password", sc)
        return f"services/reconciler/src/main/resources/application-{w}.properties", (
            f"spring.datasource.url=jdbc:postgresql://recon-db.internal:5432/recon\nspring.datasource.username=recon\nspring.datasource.password={pw}\n"
            "spring.jpa.hibernate.ddl-auto=validate\nmanagement.endpoints.web.exposure.include=health,info\n")

    def t_php(sc: str) -> tuple[str, str]:
        pw = h.leak(fakes.password(h.s(), 14).replace("'", "!"), "password", sc)
        return f"legacy/portal/includes/db_{w}.php", ("<?php\n$pdo = new PDO('mysql:host=portal-db.internal;dbname=portal;charset=utf8mb4', 'portal', "
                                                     f"'{pw}', [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);\n")

    def t_appsettings(sc: str) -> tuple[str, str]:
        cs = h.leak(fakes.azure_ad_client_secret(h.s()), "azure", sc)
        return f"services/invoicing/{C.cap(w)}.Api/appsettings.Production.json", json.dumps(
            {"Logging": {"LogLevel": {"Default": "Information"}}, "AzureAd": {"Instance": "https://login.microsoftonline.com/",
             "TenantId": fakes.uuid4(h.s()), "ClientId": fakes.uuid4(h.s()), "ClientSecret": cs}, "AllowedHosts": "*"}, indent=2) + "\n"

    def t_yarnrc(sc: str) -> tuple[str, str]:
        t = h.leak(fakes.npm_token(h.s()), "npm", sc)
        return f"tools/{w}-cli/.yarnrc.yml", f"nodeLinker: node-modules\nnpmRegistryServer: \"https://registry.npmjs.org\"\nnpmAuthToken: \"{t}\"\n"

    def t_pypirc(sc: str) -> tuple[str, str]:
        t = h.leak(fakes.pypi_token(h.s()), "pypi", sc)
        return f"tools/{w}-sdk/.pypirc", f"[distutils]\nindex-servers =\n    pypi\n\n[pypi]\nusername = __token__\npassword = {t}\n"

    def t_http(sc: str) -> tuple[str, str]:
        t = h.leak(fakes.jwt_compact(h.s(), "RS256"), "jwt", sc)
        return f"docs/http/{w}.http", f"@host = https://api.staging.acme-pay.io\n\n### list {w}s\nGET {{{{host}}}}/v1/{w}s?limit=20\nAuthorization: Bearer {t}\n"

    def t_k8s_tls(sc: str) -> tuple[str, str]:
        pem = fakes.pem_private_key(h.s(), "EC")
        b64 = base64.b64encode(pem.encode()).decode()
        h.leak(b64, "pem", sc)
        crt = base64.b64encode(fakes.pem_certificate(h.s()).encode()).decode()
        return f"deploy/k8s/{w}-tls.yaml", f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: {w}-tls\ntype: kubernetes.io/tls\ndata:\n  tls.crt: {h.decoy(crt, 'base64-certificate')}\n  tls.key: {b64}\n"

    def t_ts_sendgrid(sc: str) -> tuple[str, str]:
        t = h.leak(fakes.sendgrid_key(h.s()), "sendgrid", sc)
        return f"{WEB}/server/mail/{w}.ts", f"import sgMail from '@sendgrid/mail';\n\nsgMail.setApiKey(process.env.SENDGRID_API_KEY ?? '{t}');\n\nexport const send = (msg: sgMail.MailDataRequired) => sgMail.send(msg);\n"

    def t_tf_default(sc: str) -> tuple[str, str]:
        pw = h.leak(fakes.password(h.s(), 22).replace('"', "!"), "password", sc)
        return f"infra/modules/{w}-db/variables.tf", f'variable "master_password" {{\n  description = "RDS master password"\n  type        = string\n  default     = "{pw}"\n}}\n'

    def t_rb(sc: str) -> tuple[str, str]:
        t = h.leak(fakes.mailgun_key(h.s()), "mailgun", sc)
        return f"apps/storefront/config/initializers/mailgun_{w}.rb", f"Mailgun.configure do |config|\n  config.api_key = '{t}'\n  config.domain = 'mg.acme-pay.io'\nend\n"

    def t_go_dsn(sc: str) -> tuple[str, str]:
        pw = h.leak(fakes.api_key_alnum(h.s(), 18), "password.url", sc)
        return f"{WORKER}/internal/{w}/store.go", (f"package {w}\n\nimport \"github.com/jackc/pgx/v5/pgxpool\"\n\n"
                                                   f"const dsn = \"postgres://worker:{pw}@ledger-db.internal:5432/ledger?sslmode=require\"\n\n"
                                                   "func Open(ctx context.Context) (*pgxpool.Pool, error) { return pgxpool.New(ctx, dsn) }\n")

    def t_shell_export(sc: str) -> tuple[str, str]:
        t = h.leak(fakes.slack_bot(h.s()), "slack", sc)
        return f"scripts/notify-{w}.sh", f"#!/usr/bin/env bash\nexport SLACK_BOT_TOKEN={t}\ncurl -s -H \"Authorization: Bearer $SLACK_BOT_TOKEN\" -d channel=C0{h.n(10**7, 10**8)} -d text=\"$1\" https://slack.com/api/chat.postMessage\n"

    def t_ipynb_print(sc: str) -> tuple[str, str]:
        kid, sec = h.leak(fakes.aws_key_id(h.s()), "aws", sc), h.leak(fakes.aws_secret(h.s()), "aws", sc)
        return f"notebooks/{w}_s3_debug.ipynb", C.notebook(h, [("import boto3\ns = boto3.Session()\nc = s.get_credentials()\nprint(c.access_key, c.secret_key)", f"{kid} {sec}\n")])

    def t_helm(sc: str) -> tuple[str, str]:
        t = h.leak(fakes.stripe_restricted(h.s()), "stripe", sc)
        return f"deploy/helm/{w}/values-prod.yaml", f"replicaCount: 3\nimage:\n  tag: \"1.4.2\"\nenv:\n  STRIPE_RESTRICTED_KEY: \"{t}\"\n  LOG_LEVEL: info\n"

    def t_gitlab_var(sc: str) -> tuple[str, str]:
        t = h.leak(fakes.gitlab_token(h.s()), "gitlab", sc)
        return f"ci/{w}-mirror.yml", f"mirror:\n  image: alpine/git\n  script:\n    - git push --mirror https://oauth2:{t}@gitlab.acme-pay.io/payments/{w}.git\n"

    return [t_py_requests, t_java_aws, t_compose, t_spring, t_php, t_appsettings, t_yarnrc, t_pypirc, t_http, t_k8s_tls,
            t_ts_sendgrid, t_tf_default, t_rb, t_go_dsn, t_shell_export, t_ipynb_print, t_helm, t_gitlab_var]


def s_sprinkle(h: History, p: Project, rounds: int = 2) -> None:
    """Ordinary leaks in many formats, some on merged branches, some removed later."""
    for r in range(rounds):
        templates = _sprinkle_templates(h)
        h.r.shuffle(templates)
        for t in templates:
            sc = "sprinkle"
            mode = h.pick(["main", "main", "branch", "removed"])
            if mode == "branch":
                b = f"feature/{t.__name__[2:].replace('_', '-')}-{r}"
                h.branch(b, "main")
                path, text = t(sc)
                h.commit(b, {path: text}, f"{h.pick(['feat', 'chore', 'wip'])}: {path.rsplit('/', 1)[-1]}", sc)
                filler(h, p, b, h.n(0, 2))
                filler(h, p, "main", 1)
                pr_merge(h, p, b, "sprinkled")
                h.delete_branch(b)
            else:
                path, text = t(sc)
                m = h.commit("main", {path: text}, f"{h.pick(['feat', 'chore', 'fix'])}: add {path.rsplit('/', 1)[-1]}", sc)
                h.staged_picks.append((m, "sprinkle"))
                if mode == "removed":
                    filler(h, p, k=h.n(0, 2))
                    h.commit("main", {path: None}, f"chore: remove {path.rsplit('/', 1)[-1]} (credentials)")
            filler(h, p, k=h.n(1, 3))


def s_probes2(h: History, p: Project) -> None:
    """Patch-text hazards: neighbours from other files, partial Kubernetes Secret edits,
    commit messages full of key-ish words."""
    sc = "patch-neighbours"
    # a rotation commit: the runbook names the old, deactivated key ID (a lone key ID: not a
    # leak) a few patch lines above a secret fixed alone in another file
    path = "ops/aws/reporting.ini"
    k1, s1 = h.leak(fakes.aws_key_id(h.s()), "aws", sc), h.leak(fakes.aws_secret(h.s()), "aws", sc)
    ini = f"[reporting]\naws_access_key_id={k1}\naws_secret_access_key={s1}\nregion=eu-west-1\n"
    h.commit("main", {path: ini}, "ops: reporting credentials", sc)
    filler(h, p, k=1)
    old = h.decoy(fakes.aws_key_id(h.s()), "aws-lone-key-id")
    s2 = h.leak(fakes.aws_secret(h.s()), "aws", sc)
    h.commit("main", {"docs/runbook-aws.md": "# AWS runbook\n\n## Rotations\n\n- 2024-02: reporting key rotated; the previous key\n"
                      f"  `{old}` is deactivated\n", path: ini.replace(s1, s2)}, "ops: fix reporting secret, runbook", sc)
    filler(h, p, k=1)
    # a Kubernetes Secret whose base64 data value is rotated alone (kind: Secret not in the diff)
    sc = "k8s-data-edit"
    pw1 = h.leak(base64.b64encode(fakes.password(h.s(), 20).encode()).decode(), "k8s.secret", sc)
    user = base64.b64encode(b"ledger_rw").decode()
    sec = f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: ledger-db\n  namespace: payments\ntype: Opaque\ndata:\n  username: {user}\n  password: {pw1}\n  database: bGVkZ2Vy\n"
    h.commit("main", {"deploy/k8s/ledger-db-secret.yaml": sec}, "deploy: ledger db secret", sc)
    filler(h, p, k=1)
    pw2 = h.leak(base64.b64encode(fakes.password(h.s(), 20).encode()).decode(), "k8s.secret", sc)
    h.commit("main", {"deploy/k8s/ledger-db-secret.yaml": sec.replace(pw1, pw2)}, "deploy: rotate ledger db password", sc)
    filler(h, p, k=1)
    # messages that talk about secrets without holding one (hard negatives)
    msgs = [
        "auth: token refresh\n\nAPI_TOKEN_TTL: 3600 -> 7200\nsecret rotation is handled by the vault agent now (see RFC-12)\n\nReviewed-by: Chen Wei <chen.wei@acme-pay.io>",
        f"Merge branch 'main' into feature/token-refresh\n\n# Conflicts:\n#\tservices/api/app/settings.py\n\nChange-Id: I{h.decoy(h.hexs(40), 'gerrit-change-id')}",
        "Bump jsonwebtoken from 8.5.1 to 9.0.0 in /services/legacy-gateway\n\nBumps [jsonwebtoken](https://github.com/auth0/node-jsonwebtoken) from 8.5.1 to 9.0.0.\n"
        f"- [Commits](https://github.com/auth0/node-jsonwebtoken/compare/v8.5.1...v9.0.0)\n- [`{h.decoy(h.hexs(7), 'git-sha')}`](https://github.com/auth0/node-jsonwebtoken/commit/{h.decoy(h.hexs(40), 'git-sha')}) Release 9.0.0\n\n"
        "---\nupdated-dependencies:\n- dependency-name: jsonwebtoken\n  dependency-type: direct:production\n...\n\nSigned-off-by: dependabot[bot] <support@github.com>",
        "deploy: new deploy key\n\nFingerprint: SHA256:" + h.decoy(base64.b64encode(h.r.randbytes(32)).decode().rstrip("="), "ssh-fingerprint")
        + "\nThe private key lives in Vault at secret/ci/deploy-key.",
        "fix(login): password reset emails\n\npassword_reset_timeout: 900\nPassword: see 1Password item \"payments-db (prod)\"\ntoken=${RESET_TOKEN} is templated by the mailer",
        f"chore: import from svn\n\ngit-svn-id: https://svn.acme-pay.io/repos/platform/trunk@{h.n(1000, 9999)} {h.decoy(fakes.uuid4(h.s()), 'uuid')}",
    ]
    for m in msgs:
        path = h.pick(p.docs)
        h.commit("main", {path: h.text("main", path) + C.docs_section(h)}, m)
        filler(h, p, k=1)


STORY = [s_direct, s_removed, s_unmerged, s_merged, s_conflict, s_revert, s_rename, s_delete, s_messages, s_readd,
         s_tag_only, s_remote, s_rotation, s_cherry, s_names, s_crlf, s_binary_and_bulk, s_gcp, s_probes, s_probes2, s_sprinkle]


def build(h: History) -> Project:
    p = Project(h)
    s_root(h, p)
    filler(h, p, k=8)
    for step in STORY:
        step(h, p)
        filler(h, p, k=h.n(3, 7))
        if h.chance(0.5):
            b = f"feature/{h.pick(C.WORDS)}-{h.n(10, 99)}"
            if b not in h.heads:
                h.branch(b, "main")
                filler(h, p, b, h.n(1, 3))
                filler(h, p, "main", 1)
                pr_merge(h, p, b, "ordinary work")
                h.delete_branch(b)
    filler(h, p, k=6)
    return p
