# ruff: noqa: E501
"""Second red-team round, hard negatives for ``pos2``."""

from __future__ import annotations

from tests import fakes
from tests.wild.kit import W


def csv_users(w: W) -> None:
    body = "id,username,email,password_hash,last_login\n" + "".join(
        f"{i},{w.user()}{i},{w.user()}{i}@example.com,{fakes.bcrypt_hash(w.seed())},2024-01-0{i + 1}\n" for i in range(3))
    body2 = "username,password\nadmin,admin\nguest,guest\nalice,********\n"
    w.add("csv", "fixtures/users.csv", body, neg=["$2b$"])
    w.add("csv", "fixtures/defaults.csv", body2, neg=["admin,admin", "guest", "****"])


def js_prettier(w: W) -> None:
    body = ("module.exports = {\n  production: {\n    username: process.env.DB_USER,\n    password:\n      process.env.DB_PASSWORD,\n"
            "    accessToken:\n      process.env.MAPBOX_TOKEN || '',\n  },\n};\n")
    w.add("js-nextline", "config/config.js", body, neg=["process.env"])


def java_builder(w: W) -> None:
    body = ("DataSource ds = DataSourceBuilder.create()\n        .username(env.getProperty(\"db.user\"))\n        .password(env.getProperty(\"db.password\"))\n"
            "        .build();\nboolean ok = encoder.matches(rawPassword, user.getPassword());\n")
    w.add("java-builder", "src/main/java/com/acme/DbConfig.java", body, neg=["getProperty", "encoder.matches"])


def md_prose(w: W) -> None:
    body = ("- **Username:** your e-mail address\n- **Password:** the one you chose at sign-up\n\nThe password is stored in 1Password under *Staging*.\n"
            "Set the password with `--password`, or leave it empty to be prompted.\n")
    w.add("md-prose", "docs/login.md", body, neg=["**Password:**", "1Password", "--password"])


def cmdlines(w: W) -> None:
    body = ("mysql -u root -p\"$MYSQL_ROOT_PASSWORD\" app < dump.sql\nsshpass -p \"$SSH_PASS\" ssh deploy@host true\nredis-cli -a \"${REDIS_PASSWORD}\" ping\n"
            "mysql -u root -p app  # prompts for the password\n")
    w.add("cmdline", "scripts/restore.sh", body, neg=["$MYSQL_ROOT_PASSWORD", "$SSH_PASS", "${REDIS_PASSWORD}", "prompts"])


def powershell(w: W) -> None:
    body = ("$secure = ConvertTo-SecureString $env:DEPLOY_PASSWORD -AsPlainText -Force\n$secure2 = Read-Host -AsSecureString \"Password\"\n"
            "$cred = Get-Credential -UserName svc_deploy -Message \"Enter the password\"\n")
    w.add("powershell", "deploy/Deploy.ps1", body, neg=["$env:", "Read-Host", "Get-Credential"])


def csharp_cred(w: W) -> None:
    body = ("Credentials = new NetworkCredential(_options.User, _options.Password),\nvar cred = new NetworkCredential(user, Environment.GetEnvironmentVariable(\"SMTP_PASSWORD\"));\n")
    w.add("csharp-cred", "src/Mail/Mailer.cs", body, neg=["_options.Password", "GetEnvironmentVariable"])


def python_auth(w: W) -> None:
    body = ("r = requests.get(url, auth=(user, password))\ns.auth = HTTPBasicAuth(os.environ['JENKINS_USER'], os.environ['JENKINS_TOKEN'])\n"
            "auth = ('admin', 'admin')\n")
    w.add("python-auth", "tools/client.py", body, neg=["auth=(user", "os.environ", "('admin', 'admin')"])


def docker_run(w: W) -> None:
    body = "docker run -d -e POSTGRES_PASSWORD=\"$PGPASS\" -e POSTGRES_HOST_AUTH_METHOD=trust postgres:15\ndocker run -e POSTGRES_PASSWORD=postgres postgres\n"
    w.add("cmdline", "Makefile.inc", body, neg=["$PGPASS", "POSTGRES_PASSWORD=postgres"])


NEGATIVE2 = [csv_users, js_prettier, java_builder, md_prose, cmdlines, powershell, csharp_cred, python_auth, docker_run]
