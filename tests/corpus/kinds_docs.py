# ruff: noqa: E501
"""Notebooks, Markdown docs, key material (PEM, SSH), GCP service-account files, HTML."""

from __future__ import annotations

import json

from tests import fakes
from tests.corpus import filler
from tests.corpus.core import G, N, P


def _cell(source: list[str], outputs: list[dict[str, object]] | None = None, n: int = 1,
          code: bool = True) -> dict[str, object]:
    src = [line + "\n" for line in source[:-1]] + source[-1:]
    if not code:
        return {"cell_type": "markdown", "metadata": {}, "source": src}
    return {"cell_type": "code", "execution_count": n, "metadata": {}, "outputs": outputs or [], "source": src}


def _nb_secret_cells(g: G) -> list[list[str]]:
    """Cells people paste credentials into (or, as often, read them properly)."""
    q = g.q()
    pool = [
        lambda: [f"ACCESS_KEY = {q}{fakes.aws_key_id(g.s())}{q}{P('aws.key_id')}",
                 f"SECRET_KEY = {q}{fakes.aws_secret(g.s())}{q}{P('aws.secret')}",
                 "s3 = boto3.client('s3', aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY)"],
        lambda: [f"s3 = boto3.client({q}s3{q}, aws_access_key_id={q}{fakes.aws_key_id(g.s())}{q}, aws_secret_access_key={q}{fakes.aws_secret(g.s())}{q}){P('aws.pair')}"],
        lambda: ["import os", f"s3 = boto3.Session(profile_name={q}analytics{q}).client({q}s3{q})",
                 f"token = os.environ[{q}WAREHOUSE_TOKEN{q}]{N('reference')}"],
        lambda: [f"openai.api_key = {q}{fakes.openai_key(g.s())}{q}{P('openai')}"],
        lambda: [f"client = anthropic.Anthropic(api_key={q}{fakes.anthropic_key(g.s())}{q}){P('anthropic')}"],
        lambda: [f"engine = create_engine({q}postgresql://analyst:{fakes.password(g.s(), 16)}@{g.host()}/warehouse{q}){P('connection_string')}"],
        lambda: [f"engine = create_engine(f{q}postgresql://analyst:{{os.environ['PGPASSWORD']}}@{g.host()}/warehouse{q}){N('reference')}"],
        lambda: [f"%sql postgresql://analyst:{fakes.password(g.s(), 14)}@{g.host()}:5432/warehouse{P('connection_string')}"],
        lambda: [f"hf_token = {q}hf_{fakes.rand(g.s(), fakes.ALNUM, 34)}{q}{P('huggingface')}", "login(token=hf_token)"],
        lambda: ["from getpass import getpass", f"password = getpass(){N('reference')}"],
        lambda: [f"!aws configure set aws_access_key_id {fakes.aws_key_id(g.s())}{P('aws.key_id')}",
                 f"!aws configure set aws_secret_access_key {fakes.aws_secret(g.s())}{P('aws.secret')}"],
        lambda: [f"gh = Github({q}{fakes.github_classic(g.s())}{q}){P('github')}", "repo = gh.get_repo('acme/data')"],
        lambda: [f"headers = {{{q}Authorization{q}: {q}Bearer {fakes.jwt_compact(g.s())}{q}}}{P('jwt')}",
                 "r = requests.get(API + '/metrics', headers=headers)"],
        lambda: [f"sa = json.load(open({q}service-account.json{q}))", f"creds = service_account.Credentials.from_service_account_info(sa){N('reference')}"],
    ]
    return [g.pick(pool)() for _ in range(g.r.randint(1, 3))]


def notebook(g: G, d: str) -> None:
    cells = [_cell(["# Weekly revenue analysis", "", "Pulls orders from the warehouse and S3 exports."], code=False),
             _cell(["import boto3", "import pandas as pd", "import matplotlib.pyplot as plt", "%matplotlib inline"], n=1)]
    n = 2
    if g.chance(0.4):
        cells.append(_cell(["%pip install -q snowflake-connector-python==3.6.0"], n=n, outputs=[
            {"name": "stdout", "output_type": "stream",
             "text": ["Collecting snowflake-connector-python==3.6.0\n", "  Using cached snowflake_connector_python-3.6.0-cp311-cp311-manylinux_2_17_x86_64.whl (2.5 MB)\n",
                      f"  Hash: sha256:{fakes.sha256_hex(g.s())}\n{N('hash-pin')}"]}]))
        n += 1
    for src in _nb_secret_cells(g):
        cells.append(_cell(src, n=n))
        n += 1
    cells.append(_cell(["df = pd.read_parquet('s3://acme-exports/orders/2024/')", "df.groupby('region').revenue.sum()"], n=n,
                       outputs=[{"output_type": "execute_result", "execution_count": n, "metadata": {},
                                 "data": {"text/plain": ["region\n", "eu    1.2e6\n", "us    3.4e6\n", "Name: revenue, dtype: float64"]}}]))
    cells.append(_cell(["df.plot(kind='bar')"], n=n + 1, outputs=[
        {"output_type": "display_data", "metadata": {},
         "data": {"image/png": fakes.png_base64(g.s(), g.r.randint(1500, 4000)) + N("base64-image"),
                  "text/plain": ["<Figure size 640x480 with 1 Axes>"]}}]))
    cells.append(_cell(["print(df.head())"], n=n + 2, outputs=[
        {"name": "stdout", "output_type": "stream",
         "text": ["   order_id                               customer_id  revenue\n",
                  f"0  {fakes.uuid4(g.s())}  {fakes.hex_string(g.s(), 24)}    12.50\n{N('uuid')}"]}]))
    if g.chance(0.3):
        cells.append(_cell(["## Notes", "", "Credentials come from the `analytics` profile; ask #data-platform for access."], code=False))
    nb = {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                                       "language_info": {"name": "python", "version": "3.11.6"}},
          "nbformat": 4, "nbformat_minor": 5}
    g.write(f"notebooks/{d.split('/')[-1]}-{g.pick(['analysis', 'exploration', 'forecast', 'debug'])}.ipynb", "notebook",
            json.dumps(nb, indent=1, ensure_ascii=g.chance(0.5)) + "\n")


def readme(g: G, d: str) -> None:
    name = d.split("/")[-1]
    ex_id, ex_sec = fakes.aws_example_key_id(), fakes.aws_example_secret()
    lines = [f"# {name}", "", f"Service that handles {g.pick(filler.NOUNS)}s for the Acme platform.", "",
             "## Configuration", "", "Credentials are read from the environment. For local runs create `~/.aws/credentials`:", "",
             "```ini", "[default]", f"aws_access_key_id = {ex_id}{N('aws-example')}",
             f"aws_secret_access_key = {ex_sec}{N('aws-example')}", "region = eu-west-1", "```", "",
             "or export them:", "", "```bash", f"export AWS_ACCESS_KEY_ID=YOUR_ACCESS_KEY_HERE{N('placeholder')}",
             f"export AWS_SECRET_ACCESS_KEY=YOUR_SECRET_ACCESS_KEY{N('placeholder')}",
             f"export GITHUB_TOKEN=<your-token>{N('placeholder')}", f"export DB_PASSWORD=${{DB_PASSWORD}}{N('reference')}", "```", "",
             "| Variable | Description | Example |", "| --- | --- | --- |",
             f"| `API_KEY` | partner API key | `{g.placeholder('API_KEY')}` |{N('placeholder')}",
             f"| `DB_PASSWORD` | database password | `{g.fake_value()}` |{N('fake-value')}",
             f"| `STRIPE_KEY` | Stripe secret key | `sk_live_{'x' * 24}` |{N('placeholder')}", "",
             "Helm renders the password from values:", "", "```yaml",
             f"password: {{{{ .Values.password }}}}{N('template')}", "```", "", "## Development", "",
             "```bash", "make dev", "pytest -q", "```", ""]
    if g.chance(0.3):
        lines += ["## Troubleshooting", "", "If the upload fails with `SignatureDoesNotMatch`, check the clock. Example failing call from the incident:", "",
                  "```", f"curl -H 'Authorization: token {fakes.github_classic(g.s())}' https://api.github.com/repos/acme/{name}{P('github')}", "```", ""]
    if g.chance(0.25):
        lines += ["## Notes", "", f"Temporary bot token for the staging channel (rotate after the demo): `{fakes.slack_bot(g.s())}`{P('slack')}", ""]
    g.write(f"services/{name}/README.md", "markdown", "\n".join(lines))


def docs_page(g: G, d: str) -> None:
    lines = ["# Runbook: rotating credentials", "", "1. Create a new key in the IAM console.",
             "2. Update the secret in AWS Secrets Manager (`prod/app/aws`).", "3. Deploy and verify.", "",
             f"The request that failed had `x-amz-request-id: {fakes.hex_string(g.s(), 16).upper()}` and request ID "
             f"`{fakes.aws_request_id(g.s())}`.{N('request-id')}", "",
             f"The object ETag was `\"{fakes.s3_etag(g.s(), g.r.randint(0, 12))}\"`.{N('etag')}", "",
             f"Fixed in commit {fakes.git_sha(g.s())}.{N('git-sha')}", "",
             "Sample key shape (not a real key): `AKIAXXXXXXXXXXXXXXXX`." + N("placeholder"), "",
             "```json", "{", '  "AccessKeyId": "<access-key-id>",' + N("placeholder"),
             '  "SecretAccessKey": "<secret-access-key>"' + N("placeholder"), "}", "```", ""]
    if g.chance(0.35):
        lines += ["## Incident 2023-11", "", "The following key was found in a public gist and revoked:", "", "```",
                  f"aws_access_key_id={fakes.aws_key_id(g.s())}{P('aws.key_id')}",
                  f"aws_secret_access_key={fakes.aws_secret(g.s())}{P('aws.secret')}", "```", ""]
    if g.chance(0.3):
        lines += ["Connection string used by the reporting job:", "",
                  f"    postgres://report:{fakes.password(g.s(), 14)}@{g.host()}:5432/warehouse{P('connection_string')}", ""]
    if g.chance(0.3):
        lines += ["Connect with `psql postgres://report:${REPORT_PASSWORD}@warehouse:5432/warehouse`." + N("reference"), ""]
    g.write(f"docs/runbooks/{d.split('/')[-1]}-credentials.md", "markdown", "\n".join(lines))


def changelog(g: G, d: str) -> None:
    lines = ["# Changelog", ""]
    for v in range(g.r.randint(5, 12), 0, -1):
        lines += [f"## 1.{v}.0 - 2024-0{g.r.randint(1, 9)}-{g.r.randint(10, 28)}", ""]
        for _ in range(g.r.randint(1, 4)):
            lines.append(f"- {g.pick(['Fix', 'Add', 'Improve', 'Refactor'])} {g.pick(filler.NOUNS)} "
                         f"{g.pick(['token refresh', 'password reset', 'key rotation', 'export', 'pagination'])} "
                         f"({fakes.git_sha(g.s())[:g.pick([7, 12, 40])]}){N('git-sha')}")
        lines.append("")
    g.write(f"services/{d.split('/')[-1]}/CHANGELOG.md", "markdown", "\n".join(lines))


def pem_files(g: G, d: str) -> None:
    name = d.split("/")[-1]
    kind = g.pick(["RSA", "EC", "OPENSSH", "PKCS8", "RSA", "DSA"])
    pem = fakes.pem_private_key(g.s(), kind).rstrip("\n").split("\n")
    pem[0] += P("private_key")
    fname = {"OPENSSH": "id_ed25519", "RSA": g.pick(["server.key", "id_rsa", "tls.key"]), "EC": "ec-signing.pem",
             "PKCS8": "service-account.pem", "DSA": "legacy_dsa.key"}[kind]
    g.write(f"ops/{name}/keys/{fname}", "pem", "\n".join(pem) + "\n")
    pub = fakes.pem_public_key(g.s()).rstrip("\n").split("\n")
    pub[0] += N("public-key")
    g.write(f"ops/{name}/keys/{fname.split('.')[0]}.pub.pem", "pem", "\n".join(pub) + "\n")
    cert = fakes.pem_certificate(g.s()).rstrip("\n").split("\n")
    cert[0] += N("certificate")
    g.write(f"ops/{name}/certs/{name}.crt", "pem", "\n".join(cert) + "\n")
    g.write(f"ops/{name}/keys/id_rsa.pub", "ssh-pub", fakes.ssh_public_key(g.s()) + N("ssh-public-key") + "\n")
    keys = [fakes.ssh_public_key(g.s(), f"user{i}@laptop") + N("ssh-public-key") for i in range(g.r.randint(2, 5))]
    g.write(f"ops/{name}/authorized_keys", "ssh-pub", "\n".join(keys) + "\n")


def embedded_pem(g: G, d: str) -> None:
    """Private keys inside other files: YAML block scalars, Python strings, Terraform heredocs."""
    kind = g.pick(["RSA", "EC", "PKCS8", "OPENSSH"])
    pem = fakes.pem_private_key(g.s(), kind).rstrip("\n").split("\n")
    s = g.r.randint(0, 3)
    if s == 0:
        lines = ["apiVersion: v1", "kind: Secret", "metadata:", "  name: tls", "type: kubernetes.io/tls", "stringData:",
                 "  tls.crt: |"]
        lines += ["    " + x for x in fakes.pem_certificate(g.s()).rstrip().split("\n")]
        lines.append("  tls.key: |")
        lines += ["    " + x + (P("private_key") if i == 0 else "") for i, x in enumerate(pem)]
        g.write(f"infra/k8s/{d.split('/')[-1]}/tls-secret.yaml", "k8s", "\n".join(lines) + "\n")
    elif s == 1:
        lines = ["# signing key for local dev webhooks (do not use in prod)", 'SIGNING_KEY = """' + pem[0] + P("private_key")]
        lines += pem[1:] + ['"""', "", filler.python(g, 1)]
        g.write(f"{d}/app/signing.py", "python", "\n".join(lines) + "\n")
    elif s == 2:
        lines = ['resource "tls_self_signed_cert" "dev" {', "  private_key_pem = <<EOT" + "", pem[0] + P("private_key")]
        lines += pem[1:] + ["EOT", '  validity_period_hours = 8760', "}"]
        g.write(f"infra/terraform/{d.split('/')[-1]}/tls.tf", "terraform", "\n".join(lines) + "\n")
    else:
        esc = "\\n".join(pem) + "\\n"
        doc = {"name": "webhook-signer", "algorithm": "RS256", "private_key": esc}
        text = "{\n" + f'  "name": "webhook-signer",\n  "algorithm": "RS256",\n  "private_key": "{esc}"{P("private_key")}\n' + "}\n"
        assert doc
        g.write(f"{d}/config/signer.json", "json", text)


def gcp_sa(g: G, d: str) -> None:
    sa = fakes.gcp_service_account(g.s())
    lines = ["{"]
    items = list(sa.items())
    for i, (k, v) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        lines.append(f"  {json.dumps(k)}: {json.dumps(v)}{comma}" + (P("gcp.service_account") if k == "private_key" else ""))
    g.write(f"{d}/{g.pick(['gcp-key.json', 'service-account.json', 'credentials/bq-export.json'])}", "json", "\n".join(lines) + "\n")


def kubeconfig(g: G, d: str) -> None:
    tok = fakes.jwt_compact(g.s(), "RS256", {"iss": "kubernetes/serviceaccount", "kubernetes.io/serviceaccount/namespace": "ci",
                                             "sub": "system:serviceaccount:ci:deployer"})
    lines = ["apiVersion: v1", "kind: Config", "clusters:", "- cluster:",
             f"    certificate-authority-data: {fakes.png_base64(g.s(), 800)}{N('certificate')}",
             "    server: https://k8s.acme-corp.io:6443", "  name: prod", "users:", "- name: deployer", "  user:"]
    if g.chance(0.6):
        lines.append(f"    token: {tok}{P('jwt')}")
    else:
        lines += ["    exec:", "      apiVersion: client.authentication.k8s.io/v1beta1", "      command: aws",
                  "      args: [eks, get-token, --cluster-name, prod]"]
    lines += ["contexts:", "- context:", "    cluster: prod", "    user: deployer", "  name: prod", "current-context: prod"]
    g.write(f"ops/{d.split('/')[-1]}/kubeconfig", "yaml", "\n".join(lines) + "\n")


def html_page(g: G, d: str) -> None:
    lines = ["<!doctype html>", "<html lang=\"en\">", "<head>", "  <meta charset=\"utf-8\">",
             f'  <script src="https://cdn.jsdelivr.net/npm/bootstrap@5.3.2/dist/js/bootstrap.bundle.min.js" integrity="{fakes.sri_integrity(g.s(), "sha384")}" crossorigin="anonymous"></script>{N("sri-hash")}',
             f'  <meta name="csrf-token" content="{fakes.rand(g.s(), fakes.ALNUM, 40)}">{N("csrf-token")}',
             f'  <link rel="icon" href="data:image/png;base64,{fakes.png_base64(g.s(), 200)}">{N("data-uri")}', "</head>", "<body>",
             '  <div id="root"></div>']
    if g.chance(0.3):
        lines.append(f'  <script>window.STRIPE_PK = "{fakes.stripe_publishable(g.s())}";</script>{N("publishable-key")}')
    if g.chance(0.3):
        lines.append(f'  <script src="https://maps.googleapis.com/maps/api/js?key={fakes.google_api_key(g.s())}&callback=initMap"></script>{P("google.api_key")}')
    lines += ["</body>", "</html>"]
    g.write(f"{d}/public/index.html", "html", "\n".join(lines) + "\n")


def data_csv(g: G, d: str) -> None:
    rows = ["id,customer_id,sku,amount,currency,checksum"]
    for _ in range(g.r.randint(20, 50)):
        rows.append(f"{fakes.uuid4(g.s())},{fakes.hex_string(g.s(), 24)},SKU-{g.r.randint(1000, 9999)},"
                    f"{g.r.randint(1, 999)}.{g.r.randint(0, 99):02d},EUR,{fakes.sha256_hex(g.s())}")
    g.write(f"{d}/fixtures/orders.csv", "csv", "\n".join(rows) + "\n")


SERVICE_TEMPLATES = [notebook, readme, docs_page, changelog, pem_files, embedded_pem, gcp_sa, kubeconfig, html_page,
                     data_csv]
