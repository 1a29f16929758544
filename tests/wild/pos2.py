# ruff: noqa: E501
"""Second red-team round (written after the first round's fixes, before running them):
call arguments, CSV exports, markdown prose, command lines, prettier-wrapped objects."""

from __future__ import annotations

from tests.wild.kit import W


def csv_users(w: W) -> None:
    pws = [w.pw() for _ in range(3)]
    body = "id,username,email,password,role\n" + "".join(f"{i},{w.user()}{i},{w.user()}{i}@{w.org()}.com,{p},user\n" for i, p in enumerate(pws))
    w.add("csv", f"fixtures/{w.pick(('users', 'accounts'))}.csv", body, pws)


def js_prettier(w: W) -> None:
    pw = w.pw()
    tok = w.opaque(40)
    body = (f"module.exports = {{\n  development: {{\n    username: '{w.user()}',\n    password:\n      '{pw}',\n    database: 'app_dev',\n  }},\n"
            f"  mapbox: {{\n    accessToken:\n      '{tok}',\n  }},\n}};\n")
    w.add("js-nextline", "config/config.js", body, [pw, tok])


def java_builder(w: W) -> None:
    pw = w.pw()
    body = (f"DataSource ds = DataSourceBuilder.create()\n        .url(\"jdbc:postgresql://db:5432/app\")\n        .username(\"{w.user()}\")\n"
            f"        .password(\"{pw}\")\n        .build();\n")
    w.add("java-builder", "src/main/java/com/acme/DbConfig.java", body, [pw])


def md_prose(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"## Demo instance\n\n- URL: https://demo.{w.org()}.io\n- **Username:** `{w.user()}`\n- **Password:** `{pw}`\n\n"
            f"Log in to the staging Grafana with user `ops` and password `{pw2}`.\n")
    w.add("md-prose", "docs/demo.md", body, [pw, pw2])


def cmdlines(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    pw3 = w.pw()
    body = (f"#!/bin/bash\nmysql -u root -p{pw} -h 127.0.0.1 app < dump.sql\nsshpass -p '{pw2}' ssh deploy@10.0.0.5 'sudo systemctl restart app'\n"
            f"redis-cli -h cache -a {pw3} FLUSHALL\n")
    w.add("cmdline", f"scripts/{w.pick(('restore', 'reset'))}.sh", body, [pw, pw2, pw3])


def powershell(w: W) -> None:
    pw = w.pw()
    body = (f"$user = \"{w.org()}\\svc_deploy\"\n$secure = ConvertTo-SecureString \"{pw}\" -AsPlainText -Force\n"
            "$cred = New-Object System.Management.Automation.PSCredential($user, $secure)\n")
    w.add("powershell", "deploy/Deploy.ps1", body, [pw])


def csharp_cred(w: W) -> None:
    pw = w.pw()
    body = (f"var client = new SmtpClient(\"smtp.{w.org()}.com\", 587)\n{{\n    Credentials = new NetworkCredential(\"noreply@{w.org()}.com\", \"{pw}\"),\n    EnableSsl = true,\n}};\n")
    w.add("csharp-cred", "src/Mail/Mailer.cs", body, [pw])


def python_auth(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"import requests\nfrom requests.auth import HTTPBasicAuth\n\nr = requests.get(JENKINS + '/api/json', auth=('{w.user()}', '{pw}'))\n"
            f"s = requests.Session()\ns.auth = HTTPBasicAuth('{w.user()}', '{pw2}')\n")
    w.add("python-auth", f"tools/{w.pick(('jenkins', 'nexus'))}_client.py", body, [pw, pw2])


def docker_run(w: W) -> None:
    pw = w.pw()
    body = f"docker run -d --name db -e POSTGRES_USER=app -e POSTGRES_PASSWORD={pw} -p 5432:5432 postgres:15\n"
    w.add("cmdline", "Makefile.inc", body, [pw])


POSITIVE2 = [csv_users, js_prettier, java_builder, md_prose, cmdlines, powershell, csharp_cred, python_auth, docker_run]
