# ruff: noqa: E501
"""Fifth red-team round, hard negatives: the files of ``pos5`` when the value is an environment
lookup, a secret-store or CI reference, a template expression, ciphertext, a hash in the scheme
its tool stores, a public key or identifier, a documented example or default, a label in many
locales, an enum of method names, a placeholder, a per-session token (CSRF, nonce) or an
assertion against a variable."""

from __future__ import annotations

import base64
import hashlib
import json

from tests import fakes
from tests.wild.kit import ALNUM, B64, HEX, W
from tests.wild.pos4 import _p


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


# --- languages: lookups and fallbacks to nothing ----------------------------------------------
def edn_refs(w: W) -> None:
    body = ("{:db {:user #env DB_USER\n      :password #env DB_PASSWORD}\n :smtp {:password #or [#env SMTP_PASSWORD \"changeme\"]}\n"
            " :api {:key (System/getenv \"API_KEY\")}\n :secrets #include #join [#env HOME \"/.secrets.edn\"]}\n")
    w.add("clojure", _p(w, "resources/config.edn"), body, neg=["#env DB_PASSWORD", "changeme", "System/getenv", "#include"])


def sbt_gradle_refs(w: W) -> None:
    body = ("credentials += Credentials(Path.userHome / \".sbt\" / \".credentials\")\n"
            "credentials ++= sys.env.get(\"NEXUS_PASSWORD\").map(p => Credentials(\"Nexus\", \"nexus.example.lan\", \"ci\", p)).toSeq\n")
    w.add("sbt", _p(w, "build.sbt"), body, neg=["Path.userHome", "sys.env.get"])
    body2 = ("credentials {\n    username = findProperty(\"nexusUser\") as String?\n    password = findProperty(\"nexusPassword\") as String?\n}\n"
             "signingConfigs {\n    release {\n        storePassword = keystoreProperties[\"storePassword\"] as String\n"
             "        keyPassword = System.getenv(\"SIGNING_KEY_PASSWORD\")\n    }\n}\nrepositories { maven { credentials(PasswordCredentials::class) } }\n")
    w.add("gradle5", _p(w, "app/build.gradle.kts"), body2,
          neg=["findProperty(\"nexusPassword\")", "keystoreProperties", "System.getenv", "PasswordCredentials"])
    body3 = "storePassword=\nkeyPassword=\nkeyAlias=upload\nstoreFile=../upload-keystore.jks\n"
    w.add("gradle5", _p(w, "android/key.properties.example"), body3, neg=["storePassword=", "keyPassword="])


def r_refs(w: W) -> None:
    body = ("con <- dbConnect(RPostgres::Postgres(), host = Sys.getenv(\"PGHOST\"),\n                 user = Sys.getenv(\"PGUSER\"),\n"
            "                 password = Sys.getenv(\"PGPASSWORD\"))\npw <- keyring::key_get(\"warehouse\", \"analyst\")\n"
            "pw2 <- rstudioapi::askForPassword(\"Database password\")\n")
    w.add("r-lang", _p(w, "analysis/connect.R"), body, neg=["Sys.getenv(\"PGPASSWORD\")", "key_get", "askForPassword"])


def powershell_refs(w: W) -> None:
    dpapi = "01000000d08c9ddf0115d1118c7a00c04fc297eb01000000" + w.hexs(400)
    body = ("$cred = Get-Credential -Message \"SQL login\"\n$pw = Read-Host -AsSecureString \"Password\"\n"
            "$secure = ConvertTo-SecureString $env:SQL_PASSWORD -AsPlainText -Force\n$token = Get-Secret -Name GitHubToken -AsPlainText\n"
            f"$stored = \"{dpapi}\" | ConvertTo-SecureString\nInvoke-Sqlcmd -ServerInstance $server -Credential $cred -Query $q\n")
    w.add("powershell5", _p(w, "scripts/Connect.ps1"), body,
          neg=["Get-Credential", "Read-Host", "$env:SQL_PASSWORD", "Get-Secret", "ConvertTo-SecureString\n", "-Credential $cred", dpapi[:40]])


def asp_refs(w: W) -> None:
    body = ("<%\nconnStr = \"Provider=SQLOLEDB;Data Source=SQL01;Initial Catalog=shop;User ID=web;Password=\" & Application(\"DbPassword\") & \";\"\n"
            "pw = Request.Form(\"password\")\ntoken = Session(\"csrf_token\")\n%>\n")
    w.add("asp", _p(w, "wwwroot/includes/db.asp"), body, neg=["Application(\"DbPassword\")", "Request.Form", "Session("])


def nix_refs(w: W) -> None:
    body = ("{ config, ... }:\n{\n  sops.secrets.grafana-admin = { owner = \"grafana\"; };\n"
            "  services.grafana.settings.security.admin_password = \"$__file{${config.sops.secrets.grafana-admin.path}}\";\n"
            f"  users.users.deploy.hashedPassword = \"{fakes.sha512_crypt(w.seed())}\";\n  users.users.guest.initialPassword = \"changeme\";\n"
            f"  src = fetchFromGitHub {{ owner = \"acme\"; repo = \"secrets-tool\"; rev = \"v1.2.0\"; hash = \"sha256-{_b64(w.r.randbytes(32))}\"; }};\n"
            f"  outputHash = \"{fakes.nix_base32_hash(w.seed())}\";\n}}\n")
    w.add("nix", _p(w, "hosts/monitor/configuration.nix"), body, neg=["$__file{", "hashedPassword", "changeme", "hash = \"sha256-", "outputHash"])


def nomad_consul_refs(w: W) -> None:
    body = ("task \"api\" {\n  template {\n    data = <<EOH\n{{ with secret \"kv/data/api/db\" }}DB_PASSWORD={{ .Data.data.password }}{{ end }}\n"
            "MAPS_KEY={{ key \"api/maps_key\" }}\nEOH\n    destination = \"secrets/app.env\"\n    env         = true\n  }\n  vault {\n    policies = [\"api\"]\n  }\n}\n")
    w.add("nomad", _p(w, "nomad/api.nomad.hcl"), body, neg=[".Data.data.password", "{{ key", "policies"])
    body2 = ("encrypt = \"{{ consul_gossip_key }}\"\nacl {\n  enabled = true\n  default_policy = \"deny\"\n  tokens {\n"
             "    agent = \"{{ lookup('community.hashi_vault.hashi_vault', 'secret=consul/agent:token') }}\"\n  }\n}\n")
    w.add("consul", _p(w, "roles/consul/templates/server.hcl.j2"), body2, neg=["consul_gossip_key", "hashi_vault", "default_policy"])


def erlang_groovy_refs(w: W) -> None:
    body = ("[{app, [{pgsql, [{host, {env, \"DB_HOST\"}}, {password, {env, \"DB_PASSWORD\"}}]}]},\n"
            " {rabbit, [{default_pass, <<\"guest\">>}, {loopback_users, [<<\"guest\">>]}]}].\n")
    w.add("erlang", _p(w, "config/sys.config.src"), body, neg=["{env, \"DB_PASSWORD\"}", "<<\"guest\">>"])
    body2 = ("dataSource {\n    username = System.getenv('DB_USER')\n    password = System.getenv('DB_PASSWORD') ?: ''\n}\n"
             "def dbPass = env.DB_PASS ?: error('DB_PASS not set')\n")
    w.add("groovy", _p(w, "grails-app/conf/application.groovy"), body2, neg=["System.getenv('DB_PASSWORD')", "error('DB_PASS"])


def jenkins_refs5(w: W) -> None:
    body = ("withCredentials([usernamePassword(credentialsId: 'nexus', usernameVariable: 'NEXUS_USER', passwordVariable: 'NEXUS_PASS'),\n"
            "                 string(credentialsId: 'sonar-token', variable: 'SONAR_TOKEN')]) {\n"
            "    sh 'mvn -s settings.xml deploy -Dnexus.password=$NEXUS_PASS -Dsonar.token=$SONAR_TOKEN'\n}\n")
    w.add("jenkins5", _p(w, "ci/Jenkinsfile.release"), body, neg=["usernamePassword(", "credentialsId: 'sonar-token'", "$NEXUS_PASS"])


def make_systemd_refs(w: W) -> None:
    body = ("DB_PASS ?= $(shell pass show db/app)\nREGISTRY_TOKEN := $(shell cat .registry-token)\nPASSWORD_FILE = secrets/db.txt\n\npush:\n"
            "\t@echo \"$(REGISTRY_TOKEN)\" | docker login -u ci --password-stdin registry.example.io\n")
    w.add("make5", _p(w, "Makefile"), body, neg=["pass show", "cat .registry-token", "PASSWORD_FILE", "--password-stdin"])
    body2 = ("[Service]\nEnvironmentFile=/etc/billing/env\nLoadCredential=db-password:/etc/credstore/billing-db\n"
             "Environment=DB_PASSWORD_FILE=%d/db-password\nEnvironment=LOG_LEVEL=info\nExecStart=/opt/billing/bin/worker --api-key-file=${CREDENTIALS_DIRECTORY}/api-key\n")
    w.add("systemd", _p(w, "deploy/systemd/billing-worker.service"), body2, neg=["EnvironmentFile", "LoadCredential", "%d/db-password", "CREDENTIALS_DIRECTORY"])


def nginx_supervisor_refs(w: W) -> None:
    body = ("location /admin/ {\n    auth_basic \"Restricted\";\n    auth_basic_user_file /etc/nginx/.htpasswd;\n"
            "    proxy_set_header Authorization $http_authorization;\n    proxy_pass_header Authorization;\n}\nssl_password_file /etc/keys/global.pass;\n")
    w.add("nginx", _p(w, "deploy/nginx/conf.d/admin.conf"), body, neg=["auth_basic_user_file", "$http_authorization", "proxy_pass_header", "ssl_password_file"])
    body2 = "".join(f"{w.user()}{i}:{h}\n" for i, h in enumerate((fakes.md5_crypt(w.seed()).replace("$1$", "$apr1$"), fakes.bcrypt_hash(w.seed(), 10).replace("$2b$", "$2y$"),
                                                                 "{SHA}" + _b64(hashlib.sha1(w.seed().encode()).digest()))))
    w.add("nginx", _p(w, "deploy/nginx/.htpasswd"), body2, neg=["$apr1$", "$2y$", "{SHA}"])
    body3 = (f"[inet_http_server]\nport=127.0.0.1:9001\nusername=admin\npassword={{SHA}}{hashlib.sha1(w.seed().encode()).hexdigest()}\n\n"
             "[program:worker]\nenvironment=DB_PASSWORD=\"%(ENV_DB_PASSWORD)s\",LOG_LEVEL=\"info\"\n")
    w.add("supervisor", _p(w, "deploy/supervisord.conf"), body3, neg=["password={SHA}", "%(ENV_DB_PASSWORD)s"])


def dovecot_hashes(w: W) -> None:
    body = (f"{w.user()}@example.com:{{SHA512-CRYPT}}{fakes.sha512_crypt(w.seed())}::::::\n"
            f"{w.user()}@example.org:{{BLF-CRYPT}}{fakes.bcrypt_hash(w.seed(), 10)}::::::\n"
            f"{w.user()}@example.net:{{SSHA256}}{_b64(w.r.randbytes(40))}::::::\n"
            f"{w.user()}@example.io:{{ARGON2ID}}{fakes.argon2_hash(w.seed())}::::::\n")
    w.add("dovecot", _p(w, "mail/dovecot/users"), body, neg=["{SHA512-CRYPT}", "{BLF-CRYPT}", "{SSHA256}", "{ARGON2ID}"])


def docker_helpers(w: W) -> None:
    doc = {"auths": {"https://index.docker.io/v1/": {}, "ghcr.io": {}}, "credsStore": "desktop",
           "credHelpers": {"gcr.io": "gcloud", "123456789012.dkr.ecr.eu-west-1.amazonaws.com": "ecr-login"},
           "currentContext": "colima", "HttpHeaders": {"User-Agent": "Docker-Client/24.0.7 (linux)"}}
    w.add("docker-config", _p(w, "home/.docker/config.json"), json.dumps(doc, indent="\t") + "\n", neg=["credsStore", "ecr-login", "gcloud", "\"ghcr.io\": {}"])
    body = ("docker:\n  image: docker:24\n  script:\n    - echo \"$CI_REGISTRY_PASSWORD\" | docker login -u \"$CI_REGISTRY_USER\" --password-stdin \"$CI_REGISTRY\"\n"
            "    - export COMPOSER_AUTH=\"{\\\"http-basic\\\":{\\\"repo.example.com\\\":{\\\"username\\\":\\\"token\\\",\\\"password\\\":\\\"$REPO_TOKEN\\\"}}}\"\n")
    w.add("composer", _p(w, ".gitlab-ci.yml"), body, neg=["$CI_REGISTRY_PASSWORD", "$REPO_TOKEN"])


def rclone_mongo_refs(w: W) -> None:
    body = ("[s3-backup]\ntype = s3\nprovider = AWS\nenv_auth = true\nregion = eu-west-1\n\n[nas]\ntype = sftp\nhost = nas.example.lan\nuser = backup\n"
            "key_file = ~/.ssh/id_ed25519\npass =\n")
    w.add("rclone", _p(w, "home/.config/rclone/rclone.conf"), body, neg=["env_auth", "key_file", "pass =\n"])
    body2 = ("db.createUser({\n  user: process.env.MONGO_APP_USER,\n  pwd: process.env.MONGO_APP_PASSWORD,\n  roles: [\"readWrite\"]\n});\n"
             "db.createUser({ user: \"reporting\", pwd: passwordPrompt(), roles: [\"read\"] });\n"
             "db.getSiblingDB(\"admin\").auth(_getEnv(\"MONGO_INITDB_ROOT_USERNAME\"), _getEnv(\"MONGO_INITDB_ROOT_PASSWORD\"));\n")
    w.add("mongo-init", _p(w, "docker/mongo/mongo-init.js"), body2, neg=["MONGO_APP_PASSWORD", "passwordPrompt()", "_getEnv(\"MONGO_INITDB_ROOT_PASSWORD\")"])


def ldap_refs(w: W) -> None:
    ssha = "{SSHA}" + _b64(hashlib.sha1(w.seed().encode()).digest() + w.r.randbytes(4))
    body = ("[domain/example.lan]\nid_provider = ldap\nldap_default_bind_dn = cn=sssd,ou=svc,dc=example,dc=lan\n"
            "ldap_default_authtok_type = password\nldap_default_authtok = {{ sssd_bind_password }}\n")
    w.add("ldap5", _p(w, "roles/ldap-client/templates/sssd.conf.j2"), body, neg=["ldap_default_authtok_type", "{{ sssd_bind_password }}"])
    body2 = (f"database mdb\nsuffix \"dc=example,dc=lan\"\nrootdn \"cn=admin,dc=example,dc=lan\"\nrootpw {ssha}\n")
    w.add("ldap5", _p(w, "etc/openldap/slapd.conf"), body2, neg=["rootpw {SSHA}"])
    body3 = ("connectors:\n- type: ldap\n  config:\n    bindDN: cn=dex,ou=svc,dc=example,dc=lan\n    bindPW: $LDAP_BIND_PW\n"
             "staticClients:\n- id: grafana\n  secretEnv: GRAFANA_CLIENT_SECRET\n")
    w.add("ldap5", _p(w, "deploy/dex/config.yaml"), body3, neg=["$LDAP_BIND_PW", "secretEnv"])


def migration_refs(w: W) -> None:
    body = "flyway.url=jdbc:postgresql://localhost:5432/app\nflyway.user=${FLYWAY_USER}\nflyway.password=${FLYWAY_PASSWORD}\n"
    w.add("migrations", _p(w, "flyway.conf"), body, neg=["${FLYWAY_PASSWORD}"])
    body2 = ("[alembic]\nscript_location = migrations\n# the template's own example URL; env.py reads DATABASE_URL\n"
             "sqlalchemy.url = driver://user:pass@localhost/dbname\n")
    w.add("alembic", _p(w, "alembic.ini"), body2, neg=["driver://user:pass@localhost/dbname"])
    body3 = "changeLogFile: changelog.xml\nurl: jdbc:h2:mem:test\nusername: sa\npassword:\nreferencePassword: ${REF_DB_PASSWORD}\n"
    w.add("migrations", _p(w, "liquibase.properties"), body3, neg=["password:\n", "${REF_DB_PASSWORD}"])


def airflow_celery_refs(w: W) -> None:
    body = ("x-airflow-common:\n  environment:\n    AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql+psycopg2://airflow:airflow@postgres/airflow\n"
            "    AIRFLOW__CELERY__BROKER_URL: redis://:@redis:6379/0\n    AIRFLOW__CORE__FERNET_KEY: ''\n"
            "    AIRFLOW__SECRETS__BACKEND: airflow.providers.hashicorp.secrets.vault.VaultBackend\n"
            "    AIRFLOW_CONN_WAREHOUSE: '{{ var.value.warehouse_uri }}'\n")
    w.add("airflow", _p(w, "airflow/docker-compose.yaml"), body, neg=["airflow:airflow@postgres", "redis://:@redis", "FERNET_KEY: ''", "VaultBackend", "var.value"])
    body2 = ("broker_url = os.environ[\"CELERY_BROKER_URL\"]\nresult_backend = \"rpc://\"\nbroker_fallback = \"amqp://guest:guest@localhost:5672//\"\n"
             "broker_transport_options = {\"predefined_queues\": {\"default\": {\"url\": os.environ[\"SQS_QUEUE_URL\"]}}}\n")
    w.add("celery", _p(w, "app/celeryconfig.py"), body2, neg=["os.environ[\"CELERY_BROKER_URL\"]", "rpc://", "guest:guest", "SQS_QUEUE_URL"])


def broker_refs(w: W) -> None:
    body = ("# requirepass foobared\n# masterauth <master-password>\nsentinel auth-pass mymaster <password>\nprotected-mode yes\n")
    w.add("sentinel", _p(w, "deploy/redis/sentinel.conf.sample"), body, neg=["foobared", "<master-password>", "<password>"])
    doc = {"users": [{"name": "ops", "password_hash": _b64(w.r.randbytes(36)), "hashing_algorithm": "rabbit_password_hashing_sha256", "tags": ["administrator"]}],
           "vhosts": [{"name": "/"}]}
    w.add("rabbitmq", _p(w, "deploy/rabbitmq/definitions.json"), json.dumps(doc, indent=2) + "\n", neg=["password_hash", "hashing_algorithm"])
    w.add("rabbitmq", _p(w, "deploy/rabbitmq/rabbitmq.conf"), "default_user = guest\ndefault_pass = guest\nloopback_users.guest = true\n", neg=["guest"])


def odoo_grafana_refs(w: W) -> None:
    salt = base64.b64encode(w.r.randbytes(16), b"./").decode().rstrip("=")
    dig = base64.b64encode(w.r.randbytes(64), b"./").decode().rstrip("=")
    body = f"[options]\nadmin_passwd = $pbkdf2-sha512$600000${salt}${dig}\ndb_password = False\n"
    w.add("ini5", _p(w, "odoo/odoo.conf"), body, neg=["$pbkdf2-sha512$", "db_password = False"])
    body2 = ("[security]\nadmin_user = admin\nadmin_password = $__env{GF_ADMIN_PASSWORD}\nsecret_key = $__file{/run/secrets/grafana_secret_key}\n"
             "[auth.generic_oauth]\nclient_secret = $__vault{kv:secret/grafana:client_secret}\n")
    w.add("ini5", _p(w, "grafana/grafana.ini"), body2, neg=["$__env{", "$__file{", "$__vault{"])
    w.add("ini5", _p(w, "docker/php/conf.d/mysqli.ini"), "mysqli.default_user =\nmysqli.default_pw =\nmysqli.allow_persistent = On\n", neg=["default_pw ="])


def device_refs(w: W) -> None:
    body = ("#include <WiFi.h>\n#include \"arduino_secrets.h\"\n\nchar ssid[] = SECRET_SSID;\nchar pass[] = SECRET_PASS;\n\nvoid setup() {\n  WiFi.begin(ssid, pass);\n}\n")
    w.add("arduino", _p(w, "firmware/sensor/sensor.ino"), body, neg=["SECRET_PASS", "arduino_secrets.h"])
    w.add("arduino", _p(w, "firmware/sensor/arduino_secrets.h.example"), "#define SECRET_SSID \"\"\n#define SECRET_PASS \"\"\n#define BLYNK_AUTH_TOKEN \"YourAuthToken\"\n",
          neg=["SECRET_SSID", "SECRET_PASS", "YourAuthToken"])
    body2 = ("wifi:\n  ssid: !secret wifi_ssid\n  password: !secret wifi_password\napi:\n  encryption:\n    key: !secret api_encryption_key\n"
             "ota:\n  - platform: esphome\n    password: !secret ota_password\n")
    w.add("esphome", _p(w, "esphome/garage-door.yaml"), body2, neg=["!secret"])
    body3 = ("mqtt:\n  broker: core-mosquitto\n  password: !secret mqtt_password\nweather:\n  - platform: openweathermap\n    api_key: !env_var OWM_API_KEY\n"
             "homeassistant:\n  auth_providers:\n    - type: homeassistant\nsecrets: !include secrets.yaml\n")
    w.add("home-assistant", _p(w, "homeassistant/configuration.yaml"), body3, neg=["!secret", "!env_var", "!include", "auth_providers"])


def c_objc_refs(w: W) -> None:
    body = ("#define PASSWORD_MAX_LEN 64\n#define TOKEN_HEADER \"X-Auth-Token\"\n#define DEFAULT_PASSWORD_FILE \"/etc/app/password\"\n"
            "const char *db_pass = getenv(\"DB_PASS\");\nstatic const char *password_prompt = \"Password: \";\n")
    w.add("c-header", _p(w, "src/config.h"), body, neg=["PASSWORD_MAX_LEN", "TOKEN_HEADER", "DEFAULT_PASSWORD_FILE", "getenv", "password_prompt"])
    body2 = ("NSString *apiKey = [[NSProcessInfo processInfo] environment][@\"API_KEY\"];\nNSString *token = [SAMKeychain passwordForService:@\"api\" account:user];\n"
             "[request setValue:[NSString stringWithFormat:@\"Bearer %@\", token] forHTTPHeaderField:@\"Authorization\"];\n"
             "static NSString *const kPasswordKey = @\"password\";\n")
    w.add("objc", _p(w, "App/Network/APIClient.m"), body2, neg=["NSProcessInfo", "passwordForService", "Bearer %@", "kPasswordKey"])


def libpq_refs(w: W) -> None:
    body = ("dsn := fmt.Sprintf(\"host=%s port=%d user=%s password=%s dbname=%s sslmode=disable\", c.Host, c.Port, c.User, c.Password, c.DB)\n"
            "testDSN := \"host=localhost user=postgres password=postgres dbname=test sslmode=disable\"\n"
            "conn = psycopg2.connect(f\"dbname={db} user={user} password={password} host={host}\")\n"
            "conn = LibPQ.Connection(\"host=$(ENV[\\\"PGHOST\\\"]) password=$(ENV[\\\"PGPASSWORD\\\"])\")\n")
    w.add("libpq", _p(w, "internal/store/dsn.go"), body, neg=["password=%s", "password=postgres", "password={password}", "ENV[\\\"PGPASSWORD"])


# --- cloud templates --------------------------------------------------------------------------
def cloud_template_refs(w: W) -> None:
    body = ("Parameters:\n  DBPassword:\n    Type: String\n    NoEcho: true\n    MinLength: 12\nResources:\n  DB:\n    Type: AWS::RDS::DBInstance\n"
            "    Properties:\n      MasterUserPassword: !Ref DBPassword\n  Replica:\n    Properties:\n"
            "      MasterUserPassword: '{{resolve:secretsmanager:prod/db:SecretString:password}}'\n      ManageMasterUserPassword: true\n")
    w.add("cloud5", _p(w, "cfn/rds.yaml"), body, neg=["NoEcho", "!Ref DBPassword", "{{resolve:secretsmanager", "ManageMasterUserPassword"])
    doc = {"parameters": {"adminPassword": {"reference": {"keyVault": {"id": "/subscriptions/" + fakes.uuid4(w.seed()) + "/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-prod"},
                                                          "secretName": "vmAdminPassword"}},
                          "sqlPassword": {"value": "[parameters('sqlAdministratorLoginPassword')]"}}}
    w.add("cloud5", _p(w, "arm/azuredeploy.parameters.json"), json.dumps(doc, indent=2) + "\n", neg=["secretName", "[parameters("])
    body2 = (f"config:\n  aws:region: eu-west-1\n  app:dbPassword:\n    secure: v1:{_b64(w.r.randbytes(12))}:{_b64(w.r.randbytes(40))}\n"
             f"encryptionsalt: v1:{_b64(w.r.randbytes(8))}:v1:{_b64(w.r.randbytes(12))}:{_b64(w.r.randbytes(32))}\n")
    w.add("cloud5", _p(w, "infra/Pulumi.prod.yaml"), body2, neg=["secure: v1:", "encryptionsalt"])
    body3 = ("provider:\n  environment:\n    SENDGRID_API_KEY: ${ssm:/notifications/sendgrid-api-key}\n    DB_PASSWORD: ${env:DB_PASSWORD}\n"
             "    STRIPE_KEY: ${file(./secrets.${sls:stage}.json):stripeKey}\n")
    w.add("cloud5", _p(w, "serverless.yml"), body3, neg=["${ssm:", "${env:DB_PASSWORD}", "${file("])


def kube_refs(w: W) -> None:
    cert = _b64(fakes.pem_certificate(w.seed()).encode())
    body = ("apiVersion: v1\nkind: Config\nclusters:\n- name: eks\n  cluster:\n"
            f"    certificate-authority-data: {cert}\n    server: https://ABC123.gr7.eu-west-1.eks.amazonaws.com\nusers:\n- name: eks\n  user:\n"
            "    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n      args: [eks, get-token, --cluster-name, prod]\n")
    w.add("kubeconfig", _p(w, "ci/kubeconfig.yaml"), body, neg=["certificate-authority-data", "get-token"])
    body2 = ("# The token from the kubeadm documentation\nbootstrapTokens:\n- token: \"abcdef.0123456789abcdef\"\n"
             "  description: \"example from the docs; kubeadm init generates its own\"\n# kubeadm token create --print-join-command\n")
    w.add("kubeadm", _p(w, "docs/kubeadm-init.example.yaml"), body2, neg=["abcdef.0123456789abcdef", "--print-join-command"])


def network_refs(w: W) -> None:
    body = (f"hostname edge01\nenable secret 9 $9${w.s(ALNUM + './', 14)}${w.s(ALNUM + './', 43)}\n"
            f"username netops privilege 15 secret 5 {fakes.md5_crypt(w.seed())}\nsnmp-server community public RO\n"
            "tacacs-server key 0 <tacacs-key>\n")
    w.add("network5", _p(w, "configs/edge01.cfg"), body, neg=["enable secret 9", "secret 5", "community public", "<tacacs-key>"])
    body2 = (": RSA /etc/ipsec.d/private/vpn.example.com.key\n%any : EAP %prompt\n")
    w.add("wifi-vpn", _p(w, "vpn/ipsec.secrets.example"), body2, neg=[": RSA", "%prompt"])
    body3 = "interface=wlan0\nssid=guest\nwpa=2\nwpa_psk_file=/etc/hostapd/hostapd.wpa_psk\nwpa_key_mgmt=WPA-PSK\n"
    w.add("wifi-vpn", _p(w, "rpi/hostapd.conf"), body3, neg=["wpa_psk_file"])


def wireguard_public(w: W) -> None:
    pubs = [_b64(w.r.randbytes(32)) for _ in range(3)]
    body = ("[Interface]\nAddress = 10.8.0.1/24\nListenPort = 51820\nPostUp = wg set %i private-key /etc/wireguard/private.key\n\n"
            + "".join(f"[Peer]\n# {w.user()}-laptop\nPublicKey = {p}\nAllowedIPs = 10.8.0.{i + 2}/32\n\n" for i, p in enumerate(pubs)))
    w.add("wireguard", _p(w, "vpn/wg0.conf"), body, neg=pubs + ["private-key /etc"])


# --- HTTP clients: headers from variables ---------------------------------------------------
def http_client_refs(w: W) -> None:
    body = ("req.Header.Set(\"Authorization\", \"Bearer \"+os.Getenv(\"API_TOKEN\"))\nreq.Header.Set(\"X-Request-Id\", uuid.NewString())\n"
            "let resp = client.get(url).bearer_auth(&self.token).send().await?;\n"
            ".addHeader(\"Authorization\", \"Bearer \" + BuildConfig.API_TOKEN)\n"
            "axios.defaults.headers.common['Authorization'] = `Bearer ${localStorage.getItem('token')}`;\n"
            "session.headers.update({\"Authorization\": f\"token {os.environ['GITHUB_TOKEN']}\"})\n"
            "headers: { Authorization: `Bearer ${session.accessToken}` },\n")
    w.add("http-client", _p(w, "docs/snippets/http-clients.md"), body,
          neg=["os.Getenv(\"API_TOKEN\")", "X-Request-Id", "&self.token", "BuildConfig.API_TOKEN", "localStorage", "os.environ['GITHUB_TOKEN']", "session.accessToken"])


def grpc_ws_refs(w: W) -> None:
    body = ("metadata = ((\"authorization\", f\"Bearer {token}\"), (\"x-request-id\", str(uuid.uuid4())))\n"
            "ctx = metadata.AppendToOutgoingContext(ctx, \"x-api-key\", cfg.APIKey)\n"
            "const ws = new WebSocket(`wss://stream.example.io/v1/feed?token=${token}`);\n"
            "ws = websocket.create_connection(\"wss://ws.example.com/quotes?api_key=<API_KEY>\")\n")
    w.add("grpc", _p(w, "docs/streaming.md"), body, neg=["f\"Bearer {token}\"", "cfg.APIKey", "token=${token}", "api_key=<API_KEY>"])


def webhook_placeholders(w: W) -> None:
    body = ("## Notifications\n\nSet `SLACK_WEBHOOK_URL` to the URL Slack gives you, e.g.\n`https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX`.\n\n"
            "IFTTT: `https://maker.ifttt.com/trigger/{event}/with/key/{your_key}`\n"
            "Jenkins: `https://ci.example.com/generic-webhook-trigger/invoke?token=$TRIGGER_TOKEN`\n")
    w.add("webhook", _p(w, "docs/notifications.md"), body, neg=["T00000000/B00000000", "{your_key}", "$TRIGGER_TOKEN"])


# --- CI and secret managers -----------------------------------------------------------------
def ci_refs5(w: W) -> None:
    body = ("steps:\n  - script: dotnet test\n    env:\n      SQL_PASSWORD: $(sqlPassword)\n      SYSTEM_ACCESSTOKEN: $(System.AccessToken)\n"
            "  - task: AzureKeyVault@2\n    inputs:\n      SecretsFilter: 'db-password,api-key'\n")
    w.add("ci5", _p(w, "azure-pipelines.yml"), body, neg=["$(sqlPassword)", "$(System.AccessToken)", "SecretsFilter"])
    body2 = ("steps:\n  - name: publish\n    image: plugins/docker\n    settings:\n      username:\n        from_secret: docker_username\n"
             "      password:\n        from_secret: docker_password\n")
    w.add("ci5", _p(w, ".drone.yml"), body2, neg=["from_secret"])
    body3 = ("jobs:\n  deploy:\n    secrets: inherit\n    env:\n      PULUMI_ACCESS_TOKEN: ${{ secrets.PULUMI_ACCESS_TOKEN }}\n"
             "      TOKEN: ${{ steps.app-token.outputs.token }}\n      DB_PASSWORD: ${{ env.DB_PASSWORD }}\n")
    w.add("ci5", _p(w, ".github/workflows/deploy.yml"), body3, neg=["secrets: inherit", "secrets.PULUMI_ACCESS_TOKEN", "outputs.token", "env.DB_PASSWORD"])


def secret_manager_cli(w: W) -> None:
    body = ("export DB_PASSWORD=\"$(vault kv get -field=password secret/app/db)\"\nexport API_TOKEN=\"$(op read op://Engineering/api/credential)\"\n"
            "export STRIPE_KEY=$(doppler secrets get STRIPE_KEY --plain)\nexport SMTP_PASS=$(aws ssm get-parameter --name /app/smtp --with-decryption --query Parameter.Value --output text)\n"
            "export GH_TOKEN=$(bws secret get " + fakes.uuid4(w.seed()) + " | jq -r .value)\nexport SA_KEY=$(gcloud secrets versions access latest --secret=sa-key)\n")
    w.add("secret-cli", _p(w, "scripts/load-env.sh"), body, neg=["vault kv get", "op://", "doppler secrets", "get-parameter", "bws secret", "gcloud secrets"])
    body2 = "DB_PASSWORD=op://Engineering/db/password\nAPI_KEY=vault:secret/data/app#api_key\nSTRIPE_KEY=\"{{ op://Payments/stripe/secret }}\"\n"
    w.add("secret-cli", _p(w, ".env.tpl"), body2, neg=["op://", "vault:secret"])


def sops_age_refs(w: W) -> None:
    body = (f"creation_rules:\n  - path_regex: secrets/prod/.*\\.yaml$\n    age: {fakes.age_public_key(w.seed())}\n"
            f"    pgp: {w.hexs(40).upper()}\n    kms: arn:aws:kms:eu-west-1:123456789012:key/{fakes.uuid4(w.seed())}\n")
    w.add("sops5", _p(w, ".sops.yaml"), body, neg=["age: age1", "pgp:", "kms:"])
    body2 = (f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: api\nstringData:\n  password: {fakes.sops_value(w.seed())}\n"
             f"  token: {fakes.sops_value(w.seed())}\nsops:\n  age:\n    - recipient: {fakes.age_public_key(w.seed())}\n      enc: |\n"
             "        -----BEGIN AGE ENCRYPTED FILE-----\n" + "".join(f"        {_b64(w.r.randbytes(48))}\n" for _ in range(3))
             + "        -----END AGE ENCRYPTED FILE-----\n")
    w.add("sops5", _p(w, "k8s/secrets/api.enc.yaml"), body2, neg=["ENC[", "recipient", "AGE ENCRYPTED FILE"])
    body3 = "db_password: !vault |\n" + fakes.ansible_vault_blob(w.seed(), "  ")
    w.add("sops5", _p(w, "inventories/prod/group_vars/db/vault.yml"), body3, neg=["!vault", "$ANSIBLE_VAULT"])


# --- hashes, digests, identifiers -------------------------------------------------------------
def digests5(w: W) -> None:
    body = (f"FROM python:3.12-slim@{fakes.docker_digest(w.seed())}\nFROM gcr.io/distroless/base@{fakes.docker_digest(w.seed())} AS runtime\n"
            "COPY --from=builder /app /app\n")
    w.add("digest5", _p(w, "Dockerfile"), body, neg=["@sha256:"])
    body2 = "".join(f"github.com/{m} v0.{i}.0 {fakes.go_sum_hash(w.seed())}\ngithub.com/{m} v0.{i}.0/go.mod {fakes.go_sum_hash(w.seed())}\n"
                    for i, m in enumerate(("hashicorp/vault/api", "99designs/keyring", "golang-jwt/jwt/v5")))
    w.add("digest5", _p(w, "go.sum"), body2, neg=["h1:"])
    body3 = (f"<script src=\"https://cdn.jsdelivr.net/npm/jwt-decode@4/build/jwt-decode.min.js\" integrity=\"{fakes.sri_integrity(w.seed(), 'sha384')}\" crossorigin=\"anonymous\"></script>\n"
             f"<link rel=\"stylesheet\" href=\"/css/login.css\" integrity=\"{fakes.sri_integrity(w.seed(), 'sha256')}\">\n")
    w.add("digest5", _p(w, "public/login.html"), body3, neg=["integrity="])
    body4 = (f"images:\n  - name: ghcr.io/acme/secrets-operator\n    digest: {fakes.docker_digest(w.seed())}\n"
             f"  - name: vault\n    newTag: 1.15.4@{fakes.docker_digest(w.seed())}\n")
    w.add("digest5", _p(w, "k8s/kustomization.yaml"), body4, neg=["sha256:"])


def pg_scram(w: W) -> None:
    def scram() -> str:
        return (f"SCRAM-SHA-256$4096:{_b64(w.r.randbytes(16))}${_b64(w.r.randbytes(32))}:{_b64(w.r.randbytes(32))}")
    body = f"\"app\" \"{scram()}\"\n\"reporting\" \"md5{w.hexs(32)}\"\n\"pgbouncer\" \"{scram()}\"\n"
    w.add("pg-hash", _p(w, "deploy/pgbouncer/userlist.txt"), body, neg=["SCRAM-SHA-256$", "\"md5"])
    body2 = f"CREATE ROLE app LOGIN PASSWORD '{scram()}';\nALTER ROLE reporting PASSWORD 'md5{w.hexs(32)}';\n"
    w.add("pg-hash", _p(w, "db/dump/roles.sql"), body2, neg=["SCRAM-SHA-256$", "'md5"])


def hashed_fixtures5(w: W) -> None:
    body = ("[\n" + ",\n".join(f"  {{\"model\": \"auth.user\", \"pk\": {i}, \"fields\": {{\"username\": \"{w.user()}{i}\", \"password\": \"{fakes.pbkdf2_django_hash(w.seed())}\"}}}}"
                                for i in range(1, 3)) + "\n]\n")
    w.add("hash5", _p(w, "fixtures/users.json"), body, neg=["pbkdf2_sha256$"])
    body2 = (f"users:\n  - email: {w.user()}@example.com\n    password_hash: \"{fakes.argon2_hash(w.seed())}\"\n"
             f"  - email: {w.user()}@example.org\n    password_hash: \"{fakes.bcrypt_hash(w.seed(), 12)}\"\n")
    w.add("hash5", _p(w, "seeds/users.yaml"), body2, neg=["password_hash"])
    body3 = (f"$hash = '{fakes.bcrypt_hash(w.seed(), 10).replace('$2b$', '$2y$')}'; // password_hash('...', PASSWORD_BCRYPT)\n"
             f"$legacy = '{fakes.phpass_hash(w.seed())}';\n")
    w.add("hash5", _p(w, "tests/Fixtures/UserHashes.php"), body3, neg=["$hash =", "$legacy ="])


def request_ids(w: W) -> None:
    body = (f"HTTP/1.1 200 OK\nX-Request-Id: {fakes.uuid4(w.seed())}\nX-Amzn-Trace-Id: Root=1-{w.hexs(8)}-{w.hexs(24)}\n"
            f"traceparent: 00-{w.hexs(32)}-{w.hexs(16)}-01\nIdempotency-Key: {fakes.uuid4(w.seed())}\nETag: \"{w.hexs(32)}\"\n")
    w.add("ids5", _p(w, "tests/fixtures/responses/orders_200.http"), body, neg=["X-Request-Id", "Trace-Id", "traceparent", "Idempotency-Key", "ETag"])
    doc = {"sentry": {"dsn": fakes.sentry_dsn(w.seed())}, "google": {"clientId": fakes.google_oauth_client_id(w.seed())},
           "amplitude": {"apiKey": w.hexs(32)}, "firebase": {"appId": f"1:{w.n(10**11, 10**12)}:web:{w.hexs(22)}", "messagingSenderId": str(w.n(10**11, 10**12))}}
    w.add("ids5", _p(w, "web/src/config/public.json"), json.dumps(doc, indent=2) + "\n", neg=["dsn", "clientId", "apiKey", "appId", "messagingSenderId"])


def csrf_nonces(w: W) -> None:
    tok = w.s(B64, 86)
    body = ("<head>\n  <meta name=\"csrf-token\" content=\"{{ csrf_token() }}\">\n  <%= csrf_meta_tags %>\n"
            "  <script nonce=\"{{ request.csp_nonce }}\">window.app = {};</script>\n</head>\n<form method=\"post\">\n  {% csrf_token %}\n"
            "  <input type=\"hidden\" name=\"authenticity_token\" value=\"<%= form_authenticity_token %>\">\n</form>\n")
    w.add("csrf", _p(w, "app/templates/base.html"), body, neg=["csrf_token()", "csrf_meta_tags", "csp_nonce", "{% csrf_token %}", "form_authenticity_token"])
    body2 = (f"<html><head><meta name=\"csrf-param\" content=\"authenticity_token\" />\n<meta name=\"csrf-token\" content=\"{tok}\" />\n"
             f"<script nonce=\"{w.s(B64, 24)}\">var x = 1;</script></head></html>\n")
    w.add("csrf", _p(w, "spec/fixtures/pages/login.html"), body2, neg=["csrf-param", tok, "nonce="])


# --- labels, enums, placeholders, tests -------------------------------------------------------
def i18n_locales5(w: W) -> None:
    arb = {"@@locale": "de", "passwordLabel": "Passwort", "@passwordLabel": {"description": "Label of the password field"},
           "apiTokenHint": "Persönliches Zugriffstoken", "secretKeyTitle": "Geheimer Schlüssel"}
    w.add("i18n5", _p(w, "lib/l10n/app_de.arb"), json.dumps(arb, indent=2, ensure_ascii=False) + "\n",
          neg=["\"Passwort\"", "Label of the password", "Zugriffstoken", "Geheimer"])
    body = ("ja:\n  password: パスワード\n  api_token: APIトークン\nzh-CN:\n  password: 密码\n  secret: 密钥\nru:\n  password: Пароль\n"
            "es:\n  password: Contraseña\npt-BR:\n  password: Senha\nko:\n  password: 비밀번호\nar:\n  password: كلمة المرور\n")
    w.add("i18n5", _p(w, "config/locales/auth.yml"), body, neg=["パスワード", "APIトークン", "密码", "密钥", "Пароль", "Contraseña", "Senha", "비밀번호", "كلمة"])


def enums5(w: W) -> None:
    body = ("class GrantType(str, Enum):\n    PASSWORD = \"password\"\n    CLIENT_CREDENTIALS = \"client_credentials\"\n    REFRESH_TOKEN = \"refresh_token\"\n")
    w.add("enum5", _p(w, "auth/grants.py"), body, neg=["PASSWORD = \"password\"", "CLIENT_CREDENTIALS", "REFRESH_TOKEN"])
    body2 = ("export enum AuthMethod {\n  Token = 'token',\n  Password = 'password',\n  ApiKey = 'api_key',\n}\n"
             "const GrantTypePassword = \"password\"\npublic enum CredentialType { PASSWORD(\"password\"), SECRET_KEY(\"secret_key\") }\n")
    w.add("enum5", _p(w, "src/auth/methods.ts"), body2, neg=["Token = 'token'", "Password = 'password'", "ApiKey = 'api_key'", "GrantTypePassword", "SECRET_KEY(\"secret_key\")"])


def placeholders5(w: W) -> None:
    body = ("const String apiKey = String.fromEnvironment('API_KEY', defaultValue: '');\nconst token = '<your-token>';\nconst password = '********';\n"
            "val secret = \"xxx\"\nlet apiKey = \"INSERT_API_KEY_HERE\"\nDB_PASSWORD=REDACTED\nOPENAI_API_KEY=sk-...\napi_key = \"dummy\"\n")
    w.add("placeholder5", _p(w, "docs/snippets/placeholders5.md"), body,
          neg=["fromEnvironment", "<your-token>", "'********'", "\"xxx\"", "INSERT_API_KEY_HERE", "REDACTED", "sk-...", "\"dummy\""])
    body2 = ("mqtt_password: \"\"\nopenweathermap_api_key: YOUR_API_KEY\nnodered_long_lived_token: <paste a long-lived token>\n")
    w.add("placeholder5", _p(w, "homeassistant/secrets.example.yaml"), body2, neg=["\"\"", "YOUR_API_KEY", "<paste"])
    body3 = "[default]\naws_access_key_id = " + fakes.aws_example_key_id() + "\naws_secret_access_key = " + fakes.aws_example_secret() + "\nregion = us-east-1\n"
    w.add("placeholder5", _p(w, "docs/aws-credentials.example"), body3, neg=[fakes.aws_example_key_id(), fakes.aws_example_secret()])


def test_asserts5(w: W) -> None:
    body = ("def test_settings_read_env(monkeypatch, expected_password):\n    monkeypatch.setenv(\"DB_PASSWORD\", expected_password)\n"
            "    assert Settings().db_password == expected_password\n    assert Settings().api_key is None\n")
    w.add("asserts5", _p(w, "tests/test_settings.py"), body, neg=["setenv(\"DB_PASSWORD\"", "db_password ==", "api_key is None"])
    body2 = ("@Test\nvoid readsPassword() {\n    assertEquals(password, config.getPassword());\n    assertThat(config.getApiKey()).isEqualTo(apiKey);\n}\n"
             "assert_eq!(creds.password, pw);\nexpect(cfg.apiKey).toBe(process.env.API_KEY);\n")
    w.add("asserts5", _p(w, "src/test/java/com/acme/ConfigTest.java"), body2, neg=["assertEquals(password", "isEqualTo(apiKey)", "assert_eq!", "process.env.API_KEY"])


def public_keys5(w: W) -> None:
    body = "".join(f"{h} {fakes.ssh_public_key(w.seed(), '').strip()}\n" for h in (f"git.{w.org()}.com", "10.0.0.7", f"[bastion.{w.org()}.com]:2222"))
    w.add("pubkey5", _p(w, "ansible/files/known_hosts"), body, neg=["ssh-"])
    body2 = ("# signing key for release tags\n" + fakes.gpg_public_key_block(w.seed()))
    w.add("pubkey5", _p(w, "docs/release-signing-key.asc"), body2, neg=["PGP PUBLIC KEY"] + [ln for ln in body2.splitlines() if len(ln) > 40])
    key = hashlib.sha256(w.seed().encode()).hexdigest()
    w.add("pubkey5", _p(w, "config/minisign.pub"), f"untrusted comment: minisign public key {key[:16].upper()}\nRW{_b64(w.r.randbytes(40))}\n", neg=["minisign public key", "RW"])


def checksums_under_secret_keys(w: W) -> None:
    body = (f"secrets_chart_version: 0.9.11\nsecrets_chart_digest: sha256:{fakes.sha256_hex(w.seed())}\n"
            f"vault_binary_sha256: {fakes.sha256_hex(w.seed())}\ntoken_service_commit: {fakes.git_sha(w.seed())}\n"
            f"password_policy_rev: {fakes.git_sha(w.seed())[:12]}\n")
    w.add("sha5", _p(w, "group_vars/all/versions.yml"), body, neg=["secrets_chart_digest", "vault_binary_sha256", "token_service_commit", "password_policy_rev"])


def dpapi_and_keystore_meta(w: W) -> None:
    body = (f"<Credential>\n  <Target>git:https://dev.azure.com</Target>\n  <Blob>{w.hexs(256).upper()}</Blob>\n  <Persist>LocalMachine</Persist>\n</Credential>\n")
    w.add("ciphertext5", _p(w, "test/data/credman-export.xml"), body, neg=["<Blob>"])
    body2 = (f"Keystore type: PKCS12\nAlias name: upload\nCertificate fingerprints:\n\t SHA1: {':'.join(w.s(HEX.upper(), 2) for _ in range(20))}\n"
             f"\t SHA256: {':'.join(w.s(HEX.upper(), 2) for _ in range(32))}\n")
    w.add("ciphertext5", _p(w, "android/keystore-info.txt"), body2, neg=["SHA1:", "SHA256:"])


def env_lookups5(w: W) -> None:
    body = ("final apiKey = Platform.environment['API_KEY'] ?? '';\npassword = ENV[\"DB_PASSWORD\"]\ntoken = ENV[\"API_TOKEN\"]? || raise \"missing\"\n"
            "pw <- lookupEnv \"DB_PASSWORD\"\nlet password = Sys.getenv \"DB_PASSWORD\"\nval token = sys.env(\"API_TOKEN\")\n"
            "const key = std.posix.getenv(\"API_KEY\") orelse return error.MissingKey;\npassword: System.get_env(\"DB_PASSWORD\", \"\")\n")
    w.add("env-ref5", _p(w, "docs/snippets/env5.txt"), body,
          neg=["Platform.environment", "ENV[\"DB_PASSWORD\"]", "ENV[\"API_TOKEN\"]?", "lookupEnv", "Sys.getenv", "sys.env(", "std.posix.getenv", "System.get_env"])


def form_bindings5(w: W) -> None:
    body = ("<template>\n  <input v-model=\"password\" type=\"password\" autocomplete=\"new-password\" />\n  <input v-model=\"apiToken\" :placeholder=\"$t('token.placeholder')\" />\n</template>\n")
    w.add("ui5", _p(w, "src/components/LoginForm.vue"), body, neg=["v-model=\"password\"", "apiToken", "$t('token"])
    body2 = ("<mat-form-field>\n  <input matInput formControlName=\"password\" [type]=\"hide ? 'password' : 'text'\">\n"
             "  <mat-error *ngIf=\"form.get('password')?.hasError('minlength')\">Password too short</mat-error>\n</mat-form-field>\n"
             "<input bind:value={password} type=\"password\" name=\"password\" />\n")
    w.add("ui5", _p(w, "src/app/login/login.component.html"), body2, neg=["formControlName", "form.get('password')", "bind:value={password}"])


def known_defaults5(w: W) -> None:
    body = ("services:\n  minio:\n    environment:\n      MINIO_ROOT_USER: minioadmin\n      MINIO_ROOT_PASSWORD: minioadmin\n"
            "  elasticsearch:\n    environment:\n      - ELASTIC_PASSWORD=changeme\n  keycloak:\n    environment:\n      KEYCLOAK_ADMIN: admin\n      KEYCLOAK_ADMIN_PASSWORD: admin\n"
            "  neo4j:\n    environment:\n      NEO4J_AUTH: neo4j/neo4j\n  rabbit:\n    environment:\n      RABBITMQ_DEFAULT_PASS: guest\n")
    w.add("defaults5", _p(w, "docker-compose.local.yml"), body,
          neg=["MINIO_ROOT_PASSWORD: minioadmin", "ELASTIC_PASSWORD=changeme", "KEYCLOAK_ADMIN_PASSWORD: admin", "neo4j/neo4j", "RABBITMQ_DEFAULT_PASS: guest"])


def terraform_write_only(w: W) -> None:
    body = ("ephemeral \"random_password\" \"db\" {\n  length = 24\n}\n\nresource \"aws_db_instance\" \"main\" {\n"
            "  password_wo         = ephemeral.random_password.db.result\n  password_wo_version = 1\n}\n\n"
            "output \"db_password\" {\n  value     = aws_db_instance.main.password\n  sensitive = true\n}\n")
    w.add("terraform5", _p(w, "infra/db/main.tf"), body, neg=["random_password", "password_wo", "db_password", "main.password"])


def key_name_consts5(w: W) -> None:
    body = ("const val PREF_PASSWORD_KEY = \"user_password\"\nconst val EXTRA_TOKEN = \"com.acme.extra.TOKEN\"\n"
            "static const passwordKey = 'user_password';\nstatic const tokenStorageKey = 'auth_token';\n"
            "await storage.write(key: tokenStorageKey, value: token);\n")
    w.add("names5", _p(w, "app/lib/storage_keys.txt"), body, neg=["PREF_PASSWORD_KEY", "EXTRA_TOKEN", "passwordKey", "tokenStorageKey"])


def log_redactions5(w: W) -> None:
    lines = [json.dumps({"ts": f"2024-06-0{i}T12:00:00Z", "level": "info", "msg": "login", "user": w.user(), "password": "[FILTERED]",
                         "authorization": "Bearer [REDACTED]", "token": "***", "request_id": fakes.uuid4(w.seed())}) for i in range(1, 4)]
    w.add("logs5", _p(w, "tests/fixtures/logs/auth.jsonl"), "\n".join(lines) + "\n", neg=["[FILTERED]"])
    body = ("Rails.application.config.filter_parameters += [\n  :passw, :email, :secret, :token, :_key, :crypt, :salt, :certificate, :otp, :ssn, :cvv, :cvc\n]\n")
    w.add("logs5", _p(w, "config/initializers/filter_parameter_logging.rb"), body, neg=[":passw", ":secret"])


NEGATIVE5 = [edn_refs, sbt_gradle_refs, r_refs, powershell_refs, asp_refs, nix_refs, nomad_consul_refs, erlang_groovy_refs,
             jenkins_refs5, make_systemd_refs, nginx_supervisor_refs, dovecot_hashes, docker_helpers, rclone_mongo_refs,
             ldap_refs, migration_refs, airflow_celery_refs, broker_refs, odoo_grafana_refs, device_refs, c_objc_refs,
             libpq_refs, cloud_template_refs, kube_refs, network_refs, wireguard_public, http_client_refs, grpc_ws_refs,
             webhook_placeholders, ci_refs5, secret_manager_cli, sops_age_refs, digests5, pg_scram, hashed_fixtures5,
             request_ids, csrf_nonces, i18n_locales5, enums5, placeholders5, test_asserts5, public_keys5,
             checksums_under_secret_keys, dpapi_and_keystore_meta, env_lookups5, form_bindings5,
             known_defaults5, terraform_write_only, key_name_consts5, log_redactions5]
