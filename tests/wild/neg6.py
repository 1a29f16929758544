# ruff: noqa: E501
"""Sixth red-team round, hard negatives: the files of ``pos6`` when the value is an environment
lookup, a file or secret-store reference, a template variable, ciphertext in its tool's own
scheme (Hiera eyaml, Jasypt, Chef encrypted data bags, Salt GPG, Symfony vault values, FileZilla
master-password storage), a hash in the scheme its tool stores (ZNC, Mosquitto, Caddy, Traefik
labels, HAProxy, kickstart, preseed, cloud-init), a documented default or example (FreeRADIUS
testing123, Vagrant's vagrant, Kibana's docs key, ESP-IDF's mypassword, certbot's example
token, Discourse's sample, LiteLLM's sk-1234), what Windows Setup leaves after sysprep, a public
identifier (Apple team ID, Firebase resource values, reCAPTCHA site key, Elastic cloud.id, VAPID
public key, Symfony's encrypt key), a generated lock or asset hash (mix.lock, pubspec.lock,
Podfile.lock, NuGet packages.lock.json, PKGBUILD, Homebrew, Unity .meta GUIDs, Godot import
UIDs), a UI string or an assertion against a variable."""

from __future__ import annotations

import base64
import hashlib
import json

from tests import fakes
from tests.wild.kit import ALNUM, B64, HEX, LOWER, W
from tests.wild.pos4 import _p

B64URL_ = ALNUM + "-_"


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def _h(w: W, n: int = 64) -> str:
    return hashlib.sha256(w.seed().encode()).hexdigest()[:n] if n <= 64 else w.hexs(n)


# --- self-hosted applications: lookups, empties, samples ----------------------------------------
def nextcloud_gitea_refs(w: W) -> None:
    body = ("<?php\n$CONFIG = array (\n  'dbtype' => 'pgsql',\n  'dbhost' => getenv('POSTGRES_HOST'),\n  'dbuser' => getenv('POSTGRES_USER'),\n"
            "  'dbpassword' => getenv('POSTGRES_PASSWORD'),\n  'mail_smtppassword' => file_get_contents('/run/secrets/smtp_password'),\n  'passwordsalt' => '',\n);\n")
    w.add("selfhosted6", _p(w, "nextcloud/config/docker.config.php"), body, neg=["getenv('POSTGRES_PASSWORD')", "file_get_contents", "'passwordsalt' => ''"])
    body2 = ("[database]\nDB_TYPE = postgres\nHOST = db:5432\nNAME = gitea\nUSER = gitea\nPASSWD =\n\n[security]\nINSTALL_LOCK = true\nSECRET_KEY =\n"
             "INTERNAL_TOKEN_URI = file:/etc/gitea/internal_token\n\n[oauth2]\nJWT_SECRET_URI = file:/etc/gitea/jwt_secret\n")
    w.add("selfhosted6", _p(w, "gitea/conf/app.example.ini"), body2, neg=["PASSWD =", "SECRET_KEY =", "INTERNAL_TOKEN_URI", "JWT_SECRET_URI"])
    body3 = ("services:\n  gitea:\n    image: gitea/gitea:1.21\n    environment:\n      - GITEA__database__PASSWD__FILE=/run/secrets/gitea_db\n"
             "      - GITEA__mailer__PASSWD=${SMTP_PASSWORD}\n    secrets:\n      - gitea_db\nsecrets:\n  gitea_db:\n    file: ./secrets/gitea_db.txt\n")
    w.add("selfhosted6", _p(w, "gitea/docker-compose.yml"), body3, neg=["PASSWD__FILE", "${SMTP_PASSWORD}"])


def php_cms_refs(w: W) -> None:
    body = ("<?php\n$wgDBpassword = getenv( 'MW_DB_PASSWORD' );\n$wgSecretKey = trim( file_get_contents( '/run/secrets/mw_secret_key' ) );\n"
            "$wgUpgradeKey = $_ENV['MW_UPGRADE_KEY'] ?? '';\n")
    w.add("selfhosted6", _p(w, "wiki/LocalSettings.docker.php"), body, neg=["getenv", "file_get_contents", "MW_UPGRADE_KEY"])
    body2 = ("<?php\n$databases['default']['default'] = [\n  'database' => getenv('DRUPAL_DB_NAME'),\n  'username' => getenv('DRUPAL_DB_USER'),\n"
             "  'password' => getenv('DRUPAL_DB_PASSWORD'),\n  'host' => 'db',\n  'driver' => 'mysql',\n];\n"
             "$settings['hash_salt'] = file_get_contents('/home/example/salt.txt');\nif (file_exists($app_root . '/' . $site_path . '/settings.local.php')) {\n"
             "  include $app_root . '/' . $site_path . '/settings.local.php';\n}\n")
    w.add("selfhosted6", _p(w, "web/sites/default/settings.php"), body2, neg=["getenv('DRUPAL_DB_PASSWORD')", "salt.txt"])
    body3 = ("<?php\nclass JConfig {\n\tpublic $password = '';\n\tpublic $smtppass = '';\n\tpublic $secret = '';\n}\n"
             "// Moodle\n$CFG->dbpass = getenv('MOODLE_DB_PASSWORD');\n$cfg['blowfish_secret'] = ''; /* YOU MUST FILL IN THIS FOR COOKIE AUTH! */\n"
             "$cfg['Servers'][$i]['controlpass'] = $_ENV['PMA_CONTROLPASS'];\n")
    w.add("selfhosted6", _p(w, "installation/configuration.php-dist"), body3, neg=["$password = ''", "$smtppass", "getenv('MOODLE", "blowfish_secret", "PMA_CONTROLPASS"])


def ghost_mastodon_refs(w: W) -> None:
    body = ("services:\n  ghost:\n    image: ghost:5-alpine\n    environment:\n      database__client: mysql\n      database__connection__host: db\n"
            "      database__connection__user: ghost\n      database__connection__password: ${MYSQL_PASSWORD:?set MYSQL_PASSWORD}\n"
            "      mail__options__auth__pass: ${MAILGUN_SMTP_PASSWORD}\n")
    w.add("selfhosted6", _p(w, "ghost/docker-compose.yml"), body, neg=["${MYSQL_PASSWORD", "${MAILGUN_SMTP_PASSWORD}"])
    body2 = ("# Generate each secret with `RAILS_ENV=production bundle exec rake secret`\nSECRET_KEY_BASE=\nOTP_SECRET=\n\n"
             "# Generate with `bundle exec rake mastodon:webpush:generate_vapid_key`\nVAPID_PRIVATE_KEY=\nVAPID_PUBLIC_KEY=\n\nDB_PASS=\nSMTP_LOGIN=\nSMTP_PASSWORD=\n")
    w.add("selfhosted6", _p(w, "mastodon/.env.production.sample"), body2, neg=["SECRET_KEY_BASE=", "VAPID_PRIVATE_KEY=", "DB_PASS=", "SMTP_PASSWORD="])


def synapse_discourse_refs(w: W) -> None:
    body = ("database:\n  name: psycopg2\n  args:\n    user: synapse\n    password: \"{{ synapse_db_password }}\"\n    database: synapse\n"
            "registration_shared_secret_path: /run/secrets/synapse_registration\nmacaroon_secret_key: \"{{ vault_synapse_macaroon }}\"\n"
            "form_secret: \"{{ lookup('community.hashi_vault.hashi_vault', 'secret=kv/data/synapse:form_secret') }}\"\n")
    w.add("selfhosted6", _p(w, "roles/synapse/templates/homeserver.yaml.j2"), body, neg=["synapse_db_password", "registration_shared_secret_path", "vault_synapse_macaroon", "hashi_vault"])
    body2 = ("env:\n  DISCOURSE_HOSTNAME: 'discourse.example.com'\n  DISCOURSE_DEVELOPER_EMAILS: 'me@example.com,you@example.com'\n"
             "  DISCOURSE_SMTP_ADDRESS: smtp.example.com\n  #DISCOURSE_SMTP_PORT: 587\n  DISCOURSE_SMTP_USER_NAME: user@example.com\n  DISCOURSE_SMTP_PASSWORD: \"pa$$word\"\n"
             "  #DISCOURSE_MAXMIND_LICENSE_KEY: 1234567890123456\n")
    w.add("selfhosted6", _p(w, "samples/standalone.yml"), body2, neg=["pa$$word", "MAXMIND_LICENSE_KEY"])


def node_red_gitlab_refs(w: W) -> None:
    h = fakes.bcrypt_hash(w.seed(), 8).replace("$2b$", "$2a$")
    body = ("module.exports = {\n    credentialSecret: process.env.NODE_RED_CREDENTIAL_SECRET,\n    adminAuth: {\n        type: \"credentials\",\n"
            f"        users: [{{ username: \"admin\", password: \"{h}\", permissions: \"*\" }}]\n    }},\n"
            f"    httpNodeAuth: {{ user: \"user\", pass: \"{fakes.bcrypt_hash(w.seed(), 8)}\" }},\n}};\n")
    w.add("selfhosted6", _p(w, "node-red/settings.js"), body, neg=["NODE_RED_CREDENTIAL_SECRET", "password: \"$2a$", "pass: \"$2b$"])
    body2 = ("external_url ENV['GITLAB_EXTERNAL_URL']\ngitlab_rails['initial_root_password'] = File.read('/run/secrets/gitlab_root_password').gsub(\"\\n\", \"\")\n"
             "# gitlab_rails['smtp_password'] = \"smtp password\"\n# gitlab_rails['db_password'] = nil\ngitlab_rails['smtp_password'] = ENV.fetch('SMTP_PASSWORD')\n")
    w.add("selfhosted6", _p(w, "gitlab/config/gitlab.rb"), body2, neg=["File.read", "\"smtp password\"", "nil", "ENV.fetch"])


def symfony_vault_public(w: W) -> None:
    pub = "".join(f"\\x{b:02X}" for b in w.r.randbytes(32))
    w.add("selfhosted6", _p(w, "config/secrets/prod/prod.encrypt.public.php"), f"<?php // prod.encrypt.public on Tue, 12 Mar 2024 10:21:07 +0000\nreturn \"{pub}\";\n", neg=[pub])
    ct = "".join(f"\\x{b:02X}" for b in w.r.randbytes(72))
    w.add("selfhosted6", _p(w, f"config/secrets/prod/prod.DATABASE_PASSWORD.{w.hexs(6)}.php"), f"<?php // prod.DATABASE_PASSWORD.{w.hexs(6)} on Tue, 12 Mar 2024 10:22:41 +0000\nreturn \"{ct}\";\n", neg=[ct])
    body = "<?php\n\nreturn [\n    'DATABASE_PASSWORD' => null,\n    'MAILER_DSN' => null,\n    'STRIPE_SECRET' => null,\n];\n"
    w.add("selfhosted6", _p(w, "config/secrets/prod/prod.list.php"), body, neg=["'DATABASE_PASSWORD' => null", "STRIPE_SECRET"])


# --- monitoring and ops -----------------------------------------------------------------------
def prometheus_alertmanager_refs(w: W) -> None:
    body = ("scrape_configs:\n  - job_name: federate\n    basic_auth:\n      username: prometheus\n      password_file: /etc/prometheus/secrets/federate\n"
            "  - job_name: api\n    authorization:\n      type: Bearer\n      credentials_file: /var/run/secrets/kubernetes.io/serviceaccount/token\n"
            "  - job_name: blackbox\n    params:\n      module: [http_2xx]\nremote_write:\n  - url: https://prom.example.net/api/v1/write\n    basic_auth:\n"
            "      username: ${GRAFANA_CLOUD_USER}\n      password: ${GRAFANA_CLOUD_TOKEN}\n")
    w.add("monitoring6", _p(w, "prometheus/prometheus.yml"), body, neg=["password_file", "credentials_file", "${GRAFANA_CLOUD_TOKEN}"])
    body2 = ("global:\n  smtp_auth_username: alerts@example.com\n  smtp_auth_password_file: /etc/alertmanager/smtp_password\n  slack_api_url_file: /etc/alertmanager/slack_url\n"
             "receivers:\n  - name: oncall\n    pagerduty_configs:\n      - routing_key: <secret>\n    webhook_configs:\n      - url: 'http://alert-bridge:9095/alert'\n"
             "        http_config:\n          authorization:\n            credentials_file: /etc/alertmanager/bridge_token\n")
    w.add("monitoring6", _p(w, "alertmanager/alertmanager.yml"), body2, neg=["smtp_auth_password_file", "slack_api_url_file", "<secret>", "credentials_file"])


def telegraf_logstash_refs(w: W) -> None:
    body = ("[[secretstores.os]]\n  id = \"vault\"\n\n[[outputs.influxdb_v2]]\n  urls = [\"$INFLUX_URL\"]\n  token = \"@{vault:influx_token}\"\n  organization = \"ops\"\n"
            "\n[[inputs.mysql]]\n  servers = [\"telegraf:${MYSQL_PASSWORD}@tcp(127.0.0.1:3306)/\"]\n\n[[inputs.nginx]]\n  urls = [\"http://localhost/nginx_status\"]\n")
    w.add("monitoring6", _p(w, "telegraf/telegraf.conf"), body, neg=["@{vault:influx_token}", "${MYSQL_PASSWORD}"])
    body2 = ("output {\n  elasticsearch {\n    hosts => [\"${ES_HOSTS}\"]\n    user => \"${ES_USER}\"\n    password => \"${ES_PWD}\"\n    ssl_certificate_authorities => \"/etc/logstash/ca.crt\"\n  }\n}\n"
             "input {\n  jdbc {\n    jdbc_user => \"logstash\"\n    jdbc_password_filepath => \"/run/secrets/jdbc_password\"\n  }\n}\n")
    w.add("monitoring6", _p(w, "logstash/pipeline/main.conf"), body2, neg=["${ES_PWD}", "jdbc_password_filepath"])


def beats_kibana_refs(w: W) -> None:
    cid = "staging:" + _b64(f"europe-west1.gcp.cloud.es.io:443${w.hexs(32)}${w.hexs(32)}".encode())
    body = (f"cloud.id: \"{cid}\"\ncloud.auth: \"${{ELASTIC_USER}}:${{ELASTIC_PASSWORD}}\"\noutput.elasticsearch:\n  username: \"${{BEAT_USER}}\"\n  password: \"${{BEAT_PWD}}\"\n"
            "  api_key: \"${ES_API_KEY}\"\n")
    w.add("monitoring6", _p(w, "filebeat/filebeat.yml"), body, neg=["cloud.id", "${ELASTIC_PASSWORD}", "${BEAT_PWD}", "${ES_API_KEY}"])
    body2 = ("elasticsearch.username: \"kibana_system\"\nelasticsearch.password: ${KIBANA_PASSWORD}\n"
             "# Any text string that is 32 characters or longer, for example:\n#xpack.encryptedSavedObjects.encryptionKey: \"something_at_least_32_characters\"\n"
             "xpack.encryptedSavedObjects.encryptionKey: ${KIBANA_ENCRYPTION_KEY}\nelasticsearch.serviceAccountToken: \"\"\n")
    w.add("monitoring6", _p(w, "kibana/config/kibana.yml"), body2, neg=["${KIBANA_PASSWORD}", "something_at_least_32_characters", "${KIBANA_ENCRYPTION_KEY}", "serviceAccountToken"])


def haproxy_asterisk_radius_refs(w: W) -> None:
    body = ("userlist ops\n" f"    user admin password {fakes.sha512_crypt(w.seed())}\n    user viewer password {fakes.md5_crypt(w.seed())}\n\n"
            "listen stats\n    bind *:8404\n    stats enable\n    stats auth \"${HAPROXY_STATS_USER}\":\"${HAPROXY_STATS_PASS}\"\n    acl authed http_auth(ops)\n")
    w.add("ops6", _p(w, "haproxy/haproxy.cfg"), body, neg=["password $6$", "password $1$", "${HAPROXY_STATS_PASS}"])
    body2 = ("[general]\ncontext=default\n#include sip_secrets.conf\n\n[1001]\ntype=friend\nhost=dynamic\n; secret is set in sip_secrets.conf (not in git)\ncontext=office\n"
             "[1002](!)\ntype=friend\nsecret=${SIP_1002_SECRET}\n")
    w.add("ops6", _p(w, "asterisk/sip.conf"), body2, neg=["sip_secrets.conf", "${SIP_1002_SECRET}"])
    body3 = ("# -*- text -*-\n##\n## clients.conf -- client configuration directives\n##\nclient localhost {\n\tipaddr = 127.0.0.1\n\tproto = *\n"
             "\tsecret = testing123\n\trequire_message_authenticator = no\n}\n\nclient office {\n\tipaddr = 10.20.0.0/24\n\tsecret = $ENV{RADIUS_OFFICE_SECRET}\n}\n")
    w.add("ops6", _p(w, "freeradius/clients.conf"), body3, neg=["testing123", "$ENV{RADIUS_OFFICE_SECRET}"])


def vpn_refs6(w: W) -> None:
    ca = fakes.pem_certificate(w.seed())
    body = ("client\ndev tun\nremote vpn.example.com 1194\nauth-user-pass\naskpass /etc/openvpn/askpass.txt\ntls-crypt /etc/openvpn/ta.key\n<ca>\n" + ca.strip() + "\n</ca>\n")
    w.add("vpn6", _p(w, "vpn/client.ovpn"), body, neg=["auth-user-pass", "askpass", "tls-crypt", "BEGIN CERTIFICATE"])


def mail_refs6(w: W) -> None:
    body2 = ("relayhost = [smtp.sendgrid.net]:587\nsmtp_sasl_auth_enable = yes\nsmtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd\n"
             "smtp_sasl_security_options = noanonymous\nsmtp_tls_security_level = encrypt\n")
    w.add("mail6", _p(w, "etc/postfix/main.cf"), body2, neg=["smtp_sasl_password_maps", "smtp_sasl_security_options"])
    body3 = ("account work\nhost smtp.example.com\nuser me@example.com\npasswordeval \"pass show mail/work\"\n\n"
             "account personal\nhost smtp.fastmail.com\nuser me@fastmail.com\npasswordeval \"gpg --quiet --for-your-eyes-only --no-tty --decrypt ~/.msmtp-personal.gpg\"\n")
    w.add("mail6", _p(w, "dotfiles/.msmtprc"), body3, neg=["passwordeval"])
    body4 = ("set imap_user = \"me@example.com\"\nset imap_pass = \"`pass show mail/imap`\"\nsource \"gpg -dq $HOME/.mutt/passwords.gpg |\"\n"
             "set smtp_pass = $my_smtp_pass\n")
    w.add("mail6", _p(w, "dotfiles/.muttrc"), body4, neg=["pass show", "passwords.gpg", "$my_smtp_pass"])
    body5 = ("[Repository Remote]\ntype = IMAP\nremotehost = imap.example.com\nremoteuser = me\nremotepasseval = get_pass(\"work\")\n\n"
             "IMAPAccount gmail\nUser me@gmail.com\nPassCmd \"security find-generic-password -s mbsync-gmail -w\"\n")
    w.add("mail6", _p(w, "dotfiles/mail-sync.conf"), body5, neg=["remotepasseval", "PassCmd"])


def irc_hashes(w: W) -> None:
    body = ("Version = 1.8.2\n<Listener l>\n\tPort = 6697\n\tSSL = true\n</Listener>\n\n<User admin>\n\t<Pass password>\n\t\tMethod = sha256\n"
            f"\t\tHash = {_h(w)}\n\t\tSalt = {w.s(ALNUM + '!?.,:;/*-+_()', 20)}\n\t</Pass>\n\tAdmin = true\n\tNick = admin\n</User>\n")
    w.add("irc6", _p(w, "znc/configs/znc.conf"), body, neg=["Hash = ", "Salt = ", "<Pass password>"])
    body2 = ("servers = (\n  { address = \"irc.libera.chat\"; chatnet = \"liberachat\"; port = \"6697\"; use_tls = \"yes\"; password = \"\"; }\n);\n"
             "[server]\nlibera.sasl_password = \"${sec.data.libera_pass}\"\n")
    w.add("irc6", _p(w, "dotfiles/irc-configs.txt"), body2, neg=["password = \"\"", "${sec.data.libera_pass}"])
    mq = f"sensor01:$7$101${_b64(w.r.randbytes(12))}${_b64(w.r.randbytes(64))}"
    w.add("ops6", _p(w, "mosquitto/config/passwd"), mq + "\n", neg=["sensor01:$7$"])


# --- provisioning -----------------------------------------------------------------------------
def packer_refs(w: W) -> None:
    body = ("variable \"ssh_password\" {\n  type      = string\n  sensitive = true\n}\n\nsource \"virtualbox-iso\" \"ubuntu\" {\n"
            f"  iso_checksum = \"sha256:{w.hexs(64)}\"\n  ssh_username = \"vagrant\"\n  ssh_password = \"vagrant\"\n}}\n\n"
            "source \"amazon-ebs\" \"win\" {\n  winrm_password = \"${build.Password}\"\n}\n\nsource \"qemu\" \"prod\" {\n  ssh_password = var.ssh_password\n}\n")
    w.add("provision6", _p(w, "packer/base.pkr.hcl"), body, neg=["iso_checksum", "ssh_password = \"vagrant\"", "${build.Password}", "var.ssh_password"])


def os_install_hashes(w: W) -> None:
    h = fakes.sha512_crypt(w.seed())
    body = ("#cloud-config\nusers:\n  - name: deploy\n    lock_passwd: false\n" f"    passwd: \"{h}\"\n"
            f"    ssh_authorized_keys:\n      - {fakes.ssh_public_key(w.seed())}\nchpasswd:\n  expire: true\n  users:\n    - name: ubuntu\n      type: RANDOM\n")
    w.add("provision6", _p(w, "cloud-init/user-data"), body, neg=["passwd: \"$6$", "ssh-", "type: RANDOM"])
    h2 = fakes.sha512_crypt(w.seed())
    body2 = f"lang en_US.UTF-8\nrootpw --iscrypted {h2}\nuser --name=ansible --groups=wheel --iscrypted --password={fakes.sha512_crypt(w.seed())}\nrootpw --lock\n"
    w.add("provision6", _p(w, "kickstart/rhel9.ks"), body2, neg=["--iscrypted", "rootpw --lock"])
    body3 = (f"d-i passwd/root-login boolean false\nd-i passwd/user-password-crypted password {fakes.sha512_crypt(w.seed())}\n"
             "d-i passwd/username string deploy\nd-i user-setup/allow-password-weak boolean false\n")
    w.add("provision6", _p(w, "preseed/debian12.cfg"), body3, neg=["user-password-crypted", "allow-password-weak"])


def autounattend_sysprep(w: W) -> None:
    body = ("<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">\n  <settings pass=\"oobeSystem\">\n    <component name=\"Microsoft-Windows-Shell-Setup\">\n"
            "      <UserAccounts>\n        <AdministratorPassword>\n          <Value>*SENSITIVE*DATA*DELETED*</Value>\n          <PlainText>true</PlainText>\n"
            "        </AdministratorPassword>\n      </UserAccounts>\n      <AutoLogon>\n        <Password>\n          <Value></Value>\n        </Password>\n"
            "        <LogonCount>1</LogonCount>\n      </AutoLogon>\n    </component>\n  </settings>\n</unattend>\n")
    w.add("provision6", _p(w, "Windows/Panther/unattend.xml"), body, neg=["*SENSITIVE*DATA*DELETED*", "<Value></Value>"])


def kustomize_refs(w: W) -> None:
    body = ("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nsecretGenerator:\n  - name: api-secrets\n    envs:\n      - secrets.env\n"
            "    files:\n      - tls.key=certs/server.key\n  - name: api-config\n    literals:\n      - DB_HOST=postgres.prod.svc\n      - LOG_LEVEL=info\n"
            "generatorOptions:\n  disableNameSuffixHash: false\n")
    w.add("provision6", _p(w, "deploy/overlays/prod/kustomization.yaml"), body, neg=["secrets.env", "tls.key=", "DB_HOST="])


# --- developer-tool files -----------------------------------------------------------------------
def devtool_refs(w: W) -> None:
    body = ("[registry]\nglobal-credential-providers = [\"cargo:token\", \"cargo:libsecret\"]\n\n"
            f"[registries.{w.org()}]\nindex = \"sparse+https://cargo.{w.org()}.dev/index/\"\ncredential-provider = \"cargo:token-from-stdout op read op://dev/cargo/token\"\n")
    w.add("devtool6", _p(w, ".cargo/config.toml"), body, neg=["global-credential-providers", "op://dev"])
    body2 = "[default]\naccess_key = \nsecret_key = \ngpg_passphrase = \nhost_base = s3.amazonaws.com\nsignature_v2 = False\n"
    w.add("devtool6", _p(w, "docs/s3cfg.sample"), body2, neg=["access_key = ", "secret_key = ", "gpg_passphrase"])


def filezilla_dbeaver_refs(w: W) -> None:
    enc = _b64(w.r.randbytes(60))
    pub = _b64(w.r.randbytes(32 + 32))
    body3 = ("<FileZilla3 version=\"3.66.4\">\n  <Servers>\n    <Server>\n      <Host>ftp.example.com</Host>\n      <User>deploy</User>\n"
             f"      <Pass encoding=\"crypt\" pubkey=\"{pub}\">{enc}</Pass>\n      <Logontype>1</Logontype>\n    </Server>\n  </Servers>\n</FileZilla3>\n")
    w.add("devtool6", _p(w, "backup/filezilla/sitemanager.xml"), body3, neg=["encoding=\"crypt\""])
    doc = {"connections": {"postgres-jdbc-1": {"provider": "postgresql", "save-password": False, "configuration": {
        "host": "localhost", "port": "5432", "database": "app", "auth-model": "native", "user": "${DB_USER}"}}}}
    w.add("devtool6", _p(w, ".dbeaver/data-sources.json"), json.dumps(doc, indent="\t") + "\n", neg=["save-password", "${DB_USER}"])


def http_client_refs(w: W) -> None:
    doc = {"dev": {"host": "http://localhost:8080", "token": "{{$auth.token(\"dev-oauth\")}}"}, "prod": {"host": "https://api.example.com"}}
    w.add("devtool6", _p(w, "http/http-client.env.json"), json.dumps(doc, indent=2) + "\n", neg=["$auth.token"])
    body = ("@baseUrl = {{host}}/v1\n@token = {{$processEnv API_TOKEN}}\n@password = {{$dotenv QA_PASSWORD}}\n\n### Login\nPOST {{baseUrl}}/login\nContent-Type: application/json\n\n"
            "{\n  \"email\": \"qa@example.com\",\n  \"password\": \"{{password}}\"\n}\n\n### Me\nGET {{baseUrl}}/me\nAuthorization: Bearer {{token}}\n")
    w.add("devtool6", _p(w, "http/orders.http"), body, neg=["$processEnv", "$dotenv", "{{password}}", "Bearer {{token}}"])


def bruno_httpie_refs(w: W) -> None:
    body2 = ("vars {\n  baseUrl: https://api.example.com\n}\nvars:secret [\n  apiKey,\n  accessToken\n]\n")
    w.add("devtool6", _p(w, "bruno/environments/Production.bru"), body2, neg=["vars:secret", "apiKey,"])
    body3 = "auth:bearer {\n  token: {{accessToken}}\n}\n\nheaders {\n  X-Api-Key: {{process.env.API_KEY}}\n}\n"
    w.add("devtool6", _p(w, "bruno/orders/Get order.bru"), body3, neg=["{{accessToken}}", "process.env.API_KEY"])
    doc2 = {"__meta__": {"about": "HTTPie session file", "httpie": "3.2.2"}, "auth": {"password": None, "type": None, "raw_auth": None}, "cookies": [], "headers": []}
    w.add("devtool6", _p(w, "home/.config/httpie/sessions/localhost_8000/dev.json"), json.dumps(doc2, indent=4) + "\n", neg=["raw_auth"])


def load_test_refs(w: W) -> None:
    body = ("import http from 'k6/http';\n\nconst TOKEN = __ENV.API_TOKEN;\nconst PASSWORD = __ENV.LOADTEST_PASSWORD;\n\nexport default function () {\n"
            "  http.post(`${__ENV.BASE}/login`, JSON.stringify({ email: 'loadtest@example.com', password: PASSWORD }));\n"
            "  http.get(`${__ENV.BASE}/orders`, { headers: { Authorization: `Bearer ${TOKEN}` } });\n}\n")
    w.add("loadtest6", _p(w, "loadtest/script.js"), body, neg=["__ENV.API_TOKEN", "password: PASSWORD", "Bearer ${TOKEN}"])
    body2 = ("<elementProp name=\"password\" elementType=\"Argument\">\n  <stringProp name=\"Argument.name\">password</stringProp>\n"
             "  <stringProp name=\"Argument.value\">${__P(password,)}</stringProp>\n</elementProp>\n<elementProp name=\"token\" elementType=\"Argument\">\n"
             "  <stringProp name=\"Argument.name\">token</stringProp>\n  <stringProp name=\"Argument.value\">${__env(API_TOKEN)}</stringProp>\n</elementProp>\n")
    w.add("loadtest6", _p(w, "jmeter/checkout.jmx"), body2, neg=["${__P(password,)}", "${__env(API_TOKEN)}"])
    body3 = ("import os\nfrom locust import HttpUser, task\n\n\nclass Shopper(HttpUser):\n    def on_start(self):\n"
             "        self.client.post(\"/login\", json={\"username\": os.environ[\"LOCUST_USER\"], \"password\": os.environ[\"LOCUST_PASSWORD\"]})\n")
    w.add("loadtest6", _p(w, "loadtest/locustfile.py"), body3, neg=["LOCUST_PASSWORD"])


def cypress_refs(w: W) -> None:
    doc = {"BASE_URL": "http://localhost:3000", "ADMIN_EMAIL": "admin@example.com", "ADMIN_PASSWORD": "<set-in-cypress.env.json>", "MAILOSAUR_API_KEY": ""}
    w.add("e2e6", _p(w, "cypress.env.example.json"), json.dumps(doc, indent=2) + "\n", neg=["<set-in-cypress.env.json>", "MAILOSAUR_API_KEY"])
    body4 = ("describe('admin', () => {\n  it('logs in', () => {\n    cy.get('#password').type(Cypress.env('ADMIN_PASSWORD'), { log: false });\n  });\n});\n")
    w.add("e2e6", _p(w, "cypress/e2e/admin.cy.js"), body4, neg=["Cypress.env('ADMIN_PASSWORD')"])


# --- mobile, games ----------------------------------------------------------------------------
def mobile_refs(w: W) -> None:
    team = w.s("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 10)
    body = ("#include? \"Secrets.xcconfig\"\n\nAPI_CLIENT_SECRET = $(inherited)\nSTRIPE_SECRET_KEY = $(STRIPE_SECRET_KEY_$(CONFIGURATION))\n"
            f"DEVELOPMENT_TEAM = {team}\nCODE_SIGN_IDENTITY = Apple Distribution\nPRODUCT_BUNDLE_IDENTIFIER = com.example.app\n")
    w.add("mobile6", _p(w, "ios/Config/Release.xcconfig"), body, neg=["$(inherited)", "$(STRIPE_SECRET_KEY_", team])
    body2 = ("class Env {\n  static const weatherApiKey = String.fromEnvironment('WEATHER_API_KEY');\n  static String get clientSecret => dotenv.env['OAUTH_CLIENT_SECRET'] ?? '';\n}\n")
    w.add("mobile6", _p(w, "lib/core/env.dart"), body2, neg=["String.fromEnvironment", "dotenv.env"])
    body3 = ("export default ({ config }) => ({\n  ...config,\n  extra: {\n    apiSecret: process.env.API_SECRET,\n"
             f"    eas: {{ projectId: '{fakes.uuid4(w.seed())}' }},\n  }},\n  android: {{ config: {{ googleMaps: {{ apiKey: process.env.GOOGLE_MAPS_KEY }} }} }},\n}});\n")
    w.add("mobile6", _p(w, "app.config.js"), body3, neg=["process.env.API_SECRET", "projectId", "GOOGLE_MAPS_KEY"])


def firebase_recaptcha_public(w: W) -> None:
    pn = str(w.n(10**11, 10**12))
    app_id = f"1:{pn}:android:{w.hexs(16)}"
    body4 = ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<resources>\n"
             f"    <string name=\"google_app_id\" translatable=\"false\">{app_id}</string>\n    <string name=\"gcm_defaultSenderId\" translatable=\"false\">{pn}</string>\n"
             f"    <string name=\"default_web_client_id\" translatable=\"false\">{pn}-{w.s(LOWER + '0123456789', 32)}.apps.googleusercontent.com</string>\n"
             f"    <string name=\"project_id\" translatable=\"false\">{w.org()}-mobile</string>\n</resources>\n")
    w.add("mobile6", _p(w, "app/build/generated/res/processReleaseGoogleServices/values/values.xml"), body4, neg=["google_app_id", "gcm_defaultSenderId", "default_web_client_id"])
    site = "6L" + w.s(B64URL_, 38)
    body5 = (f"<form action=\"/contact\" method=\"post\">\n  <div class=\"g-recaptcha\" data-sitekey=\"{site}\"></div>\n  <button type=\"submit\">Send</button>\n</form>\n")
    w.add("mobile6", _p(w, "web/templates/contact.html"), body5, neg=[site])


def game_assets(w: W) -> None:
    g = w.hexs(32)
    body = f"fileFormatVersion: 2\nguid: {g}\nMonoImporter:\n  externalObjects: {{}}\n  serializedVersion: 2\n  defaultReferences: []\n  executionOrder: 0\n  icon: {{instanceID: 0}}\n  userData: \n  assetBundleName: \n  assetBundleVariant: \n"
    w.add("game6", _p(w, "Assets/Scripts/Net/LeaderboardClient.cs.meta"), body, neg=[g])
    g2 = w.hexs(32)
    body2 = ("%YAML 1.1\n%TAG !u! tag:unity3d.com,2011:\n--- !u!114 &11400000\nMonoBehaviour:\n  m_ObjectHideFlags: 0\n"
             f"  m_Script: {{fileID: 11500000, guid: {g2}, type: 3}}\n  m_Name: ApiSettings\n  apiKey: \n  secretKeyPlayerPrefsName: api_secret\n")
    w.add("game6", _p(w, "Assets/Settings/ApiSettings.asset"), body2, neg=[g2, "apiKey: ", "secretKeyPlayerPrefsName"])
    body3 = ("using UnityEngine;\n\npublic class ApiSettings : ScriptableObject\n{\n    [SerializeField] private string apiKey;\n"
             "    public string Token => PlayerPrefs.GetString(\"auth_token\");\n    public string Secret => System.Environment.GetEnvironmentVariable(\"PLAYFAB_SECRET\");\n}\n")
    w.add("game6", _p(w, "Assets/Scripts/ApiSettings.cs"), body3, neg=["private string apiKey", "PlayerPrefs.GetString", "PLAYFAB_SECRET"])


def godot_assets(w: W) -> None:
    uid = "uid://" + w.s(LOWER + "0123456789", 13)
    md5 = w.hexs(32)
    body4 = (f"[remap]\n\nimporter=\"texture\"\ntype=\"CompressedTexture2D\"\nuid=\"{uid}\"\npath=\"res://.godot/imported/icon.svg-{md5}.ctex\"\n"
             f"metadata={{\n\"vram_texture\": false\n}}\n\n[deps]\n\nsource_file=\"res://icon.svg\"\ndest_files=[\"res://.godot/imported/icon.svg-{md5}.ctex\"]\n")
    w.add("game6", _p(w, "icon.svg.import"), body4, neg=[uid, md5])
    body5 = ("extends Node\n\nvar api_key := OS.get_environment(\"GAME_API_KEY\")\nconst TOKEN_SETTING := \"application/config/api_token\"\n"
             "func token() -> String:\n\treturn ProjectSettings.get_setting(TOKEN_SETTING, \"\")\n")
    w.add("game6", _p(w, "scripts/autoload/backend.gd"), body5, neg=["OS.get_environment", "TOKEN_SETTING"])


# --- languages ---------------------------------------------------------------------------------
def language_refs(w: W) -> None:
    body = ("my $dbh = DBI->connect($dsn, $ENV{DB_USER}, $ENV{DB_PASS}, { RaiseError => 1 });\nmy $cfg = Config::Simple->new('app.ini');\n"
            "my $api_key = $cfg->param('api.key');\n")
    w.add("lang6", _p(w, "lib/App/DB.pm"), body, neg=["$ENV{DB_PASS}", "param('api.key')"])
    body2 = ("require(\"chatgpt\").setup({\n  api_key_cmd = \"pass show api/openai\",\n})\nlocal token = os.getenv(\"GITHUB_TOKEN\")\n"
             "local ok, err = red:auth(os.getenv(\"REDIS_PASSWORD\"))\n")
    w.add("lang6", _p(w, "dotfiles/nvim/lua/plugins/chatgpt.lua"), body2, neg=["pass show", "GITHUB_TOKEN", "REDIS_PASSWORD"])
    body3 = ("import Config\n\ndatabase_url =\n  System.get_env(\"DATABASE_URL\") ||\n    raise \"\"\"\n    environment variable DATABASE_URL is missing.\n    For example: ecto://USER:PASS@HOST/DATABASE\n    \"\"\"\n\n"
             "config :shop, Shop.Repo,\n  url: database_url,\n  password: System.fetch_env!(\"DB_PASSWORD\")\n\n"
             "config :shop, ShopWeb.Endpoint,\n  secret_key_base: System.get_env(\"SECRET_KEY_BASE\")\n")
    w.add("lang6", _p(w, "config/runtime.exs"), body3, neg=["USER:PASS@HOST", "System.fetch_env!", "SECRET_KEY_BASE"])


def language_refs6b(w: W) -> None:
    body4 = ("connect' = do\n  pw <- getEnv \"DB_PASSWORD\"\n  connect defaultConnectInfo { connectPassword = pw }\n"
             "-- Julia\nconst API_TOKEN = ENV[\"TRACKING_TOKEN\"]\n% MATLAB\nconn = database('warehouse', getenv('DW_USER'), getenv('DW_PASS'));\n"
             "' VBA\nPrivate Function ApiKey() As String: ApiKey = Environ(\"RATES_API_KEY\"): End Function\n")
    w.add("lang6", _p(w, "docs/snippets/env6.txt"), body4, neg=["getEnv \"DB_PASSWORD\"", "connectPassword = pw", "ENV[\"TRACKING_TOKEN\"]", "getenv('DW_PASS')", "Environ("])
    body5 = ("object FDConnection1: TFDConnection\n  Params.Strings = (\n    'Database=app.db'\n    'LockingMode=Normal'\n    'DriverID=SQLite')\n  LoginPrompt = True\nend\n"
             "  IdSMTP1.Password := GetEnvironmentVariable('SMTP_PASSWORD');\n")
    w.add("lang6", _p(w, "src/DataModule.dfm"), body5, neg=["LoginPrompt", "GetEnvironmentVariable"])
    body6 = ("db {\n  user = ${?DB_USER}\n  password = ${?DB_PASSWORD}\n  password = ${db.default-password}\n}\n"
             "kafka-clients {\n  sasl.jaas.config = ${?KAFKA_SASL_JAAS_CONFIG}\n}\n")
    w.add("lang6", _p(w, "src/main/resources/application.conf"), body6, neg=["${?DB_PASSWORD}", "${db.default-password}", "${?KAFKA_SASL_JAAS_CONFIG}"])
    body7 = ("let db = open(\"localhost\", \"app\", getEnv(\"DB_PASS\"), \"app\")\n"
             "const key = try std.process.getEnvVarOwned(allocator, \"API_KEY\");\nDB.open(ENV[\"DATABASE_URL\"]) do |db|\n")
    w.add("lang6", _p(w, "docs/snippets/systems6.txt"), body7, neg=["getEnv(\"DB_PASS\")", "getEnvVarOwned", "ENV[\"DATABASE_URL\"]"])


def test_asserts6(w: W) -> None:
    body = ("defmodule Shop.AccountsTest do\n  use Shop.DataCase\n\n  test \"hashes the password\" do\n    password = valid_user_password()\n"
            "    {:ok, user} = Accounts.register_user(%{email: unique_user_email(), password: password})\n    assert is_nil(user.password)\n"
            "    assert Bcrypt.verify_pass(password, user.hashed_password)\n  end\nend\n")
    w.add("tests6", _p(w, "test/shop/accounts_test.exs"), body, neg=["valid_user_password", "password: password", "verify_pass"])
    body2 = ("spec = describe \"login\" $ do\n  it \"rejects a wrong password\" $ do\n    let creds = Credentials { user = \"alice\", password = wrongPassword }\n"
             "    login creds `shouldReturn` Left InvalidPassword\n")
    w.add("tests6", _p(w, "test/LoginSpec.hs"), body2, neg=["wrongPassword", "InvalidPassword"])


# --- firmware ---------------------------------------------------------------------------------
def firmware_refs(w: W) -> None:
    body = ("import network\nfrom secrets import WIFI_SSID, WIFI_PASSWORD, AIO_KEY\n\nwlan = network.WLAN(network.STA_IF)\nwlan.connect(WIFI_SSID, WIFI_PASSWORD)\n")
    w.add("firmware6", _p(w, "firmware/main.py"), body, neg=["WIFI_PASSWORD", "AIO_KEY"])
    body2 = "# Copy to secrets.py and fill in\nWIFI_SSID = \"your-ssid\"\nWIFI_PASSWORD = \"your-wifi-password\"\nAIO_KEY = \"your-adafruit-io-key\"\n"
    w.add("firmware6", _p(w, "firmware/secrets.example.py"), body2, neg=["your-wifi-password", "your-adafruit-io-key"])
    body3 = ("[env:esp32dev]\nplatform = espressif32\nbuild_flags =\n    -DWIFI_SSID=\\\"${sysenv.WIFI_SSID}\\\"\n    -DWIFI_PASS=\\\"${sysenv.WIFI_PASS}\\\"\n"
             "upload_flags =\n    --auth=${sysenv.OTA_PASSWORD}\n")
    w.add("firmware6", _p(w, "platformio.ini"), body3, neg=["${sysenv.WIFI_PASS}", "${sysenv.OTA_PASSWORD}"])
    body4 = ("menu \"Example Configuration\"\n    config ESP_WIFI_SSID\n        string \"WiFi SSID\"\n        default \"myssid\"\n"
             "    config ESP_WIFI_PASSWORD\n        string \"WiFi Password\"\n        default \"mypassword\"\n        help\n            WiFi password (WPA or WPA2) for the example to use.\nendmenu\n")
    w.add("firmware6", _p(w, "main/Kconfig.projbuild"), body4, neg=["\"mypassword\"", "WiFi Password"])
    body5 = "CONFIG_ESP_WIFI_SSID=\"myssid\"\nCONFIG_ESP_WIFI_PASSWORD=\"mypassword\"\nCONFIG_ESP_MAXIMUM_RETRY=5\n"
    w.add("firmware6", _p(w, "firmware/sdkconfig.defaults"), body5, neg=["mypassword"])


# --- provider tools: references, examples, public parts ---------------------------------------
def provider_tool_refs(w: W) -> None:
    body = ("[[runners]]\n  name = \"docker-runner\"\n  url = \"https://gitlab.com/\"\n  id = 0\n  token = \"\"\n  executor = \"docker\"\n"
            "# gitlab-runner register --non-interactive --url https://gitlab.com/ --token \"$RUNNER_TOKEN\"\n")
    w.add("provider6", _p(w, "gitlab-runner/config.toml.example"), body, neg=["token = \"\"", "$RUNNER_TOKEN"])
    body2 = ("models:\n  - name: GPT-4o\n    provider: openai\n    model: gpt-4o\n    apiKey: ${{ secrets.OPENAI_API_KEY }}\n")
    w.add("provider6", _p(w, ".continue/config.yaml"), body2, neg=["secrets.OPENAI_API_KEY"])
    body3 = ("model_list:\n  - model_name: claude-sonnet\n    litellm_params:\n      model: anthropic/claude-3-5-sonnet-20240620\n      api_key: os.environ/ANTHROPIC_API_KEY\n"
             "general_settings:\n  master_key: sk-1234 # [OPTIONAL] Only use this if you to require all calls to contain this key (Authorization: Bearer sk-1234)\n")
    w.add("provider6", _p(w, "litellm/proxy_config.yaml"), body3, neg=["os.environ/ANTHROPIC_API_KEY", "sk-1234"])
    body4 = ("# Cloudflare API token used by Certbot\ndns_cloudflare_api_token = " + "0123456789abcdef" * 2 + "01234567\n")
    w.add("provider6", _p(w, "docs/certbot/cloudflare.ini"), body4, neg=["dns_cloudflare_api_token"])
    body5 = json.dumps({"username": "your-kaggle-username", "key": "your-kaggle-api-key"}) + "\n"
    w.add("provider6", _p(w, "docs/kaggle.json.example"), body5, neg=["your-kaggle-api-key"])
    body6 = json.dumps({"token": "your-token-goes-here", "clientId": "your-application-id-goes-here", "guildId": "your-server-id-goes-here"}, indent="\t") + "\n"
    w.add("provider6", _p(w, "bot/config.example.json"), body6, neg=["your-token-goes-here"])


def provider_cli_refs6(w: W) -> None:
    body7 = ("doctl auth init --access-token \"$DIGITALOCEAN_TOKEN\"\nhuggingface-cli login --token \"$HF_TOKEN\" --add-to-git-credential\n"
             "vault login -method=oidc -token-only > ~/.vault-token\ntwilio profiles:create --account-sid \"$TWILIO_ACCOUNT_SID\" --api-key \"$TWILIO_API_KEY\" --api-secret \"$TWILIO_API_SECRET\"\n"
             "poetry config pypi-token.pypi \"$PYPI_TOKEN\"\n")
    w.add("provider6", _p(w, "scripts/dev-login.sh"), body7, neg=["$DIGITALOCEAN_TOKEN", "$HF_TOKEN", "-token-only", "$TWILIO_API_SECRET", "$PYPI_TOKEN"])
    body8 = "[auth]\n# token = <your sentry auth token>\n\n[defaults]\norg = acme\nproject = web\n"
    w.add("provider6", _p(w, ".sentryclirc"), body8, neg=["<your sentry auth token>"])
    pk = fakes.stripe_publishable(w.seed())
    body9 = f"export const stripePromise = loadStripe('{pk}');\nexport const STRIPE_TEST_CARD = '4242424242424242';\n"
    w.add("provider6", _p(w, "web/src/lib/stripe.ts"), body9, neg=[pk, "4242424242424242"])


# --- encrypted values in their tools' schemes ------------------------------------------------------
def encrypted_schemes6(w: W) -> None:
    eyaml = "ENC[PKCS7," + _b64(b"0\x82\x01y\x06\t*\x86H\x86\xf7\r\x01\x07\x03" + w.r.randbytes(360)) + "]"
    body = ("---\nprofile::db::user: app\nprofile::db::password: >\n    " + eyaml + "\nprofile::api::token: " + eyaml[:40] + w.s(B64, 60) + "]\n")
    w.add("crypt6", _p(w, "hieradata/common.eyaml"), body, neg=["ENC[PKCS7,"])
    jas = "ENC(" + _b64(w.r.randbytes(48)) + ")"
    body2 = ("spring.datasource.url=jdbc:postgresql://db:5432/app\nspring.datasource.username=app\n" f"spring.datasource.password={jas}\n"
             "jasypt.encryptor.password=${JASYPT_ENCRYPTOR_PASSWORD}\njasypt.encryptor.algorithm=PBEWITHHMACSHA512ANDAES_256\n")
    w.add("crypt6", _p(w, "src/main/resources/application-prod.properties"), body2, neg=["ENC(", "${JASYPT_ENCRYPTOR_PASSWORD}"])
    doc = {"id": "mysql", "password": {"encrypted_data": _b64(w.r.randbytes(48)) + "\n", "iv": _b64(w.r.randbytes(12)) + "\n", "auth_tag": _b64(w.r.randbytes(16)) + "\n",
                                       "version": 3, "cipher": "aes-256-gcm"}}
    w.add("crypt6", _p(w, "data_bags/secrets/mysql.json"), json.dumps(doc, indent=2) + "\n", neg=["encrypted_data", "\"iv\"", "auth_tag"])


def encrypted_schemes6b(w: W) -> None:
    pgp = "-----BEGIN PGP MESSAGE-----\n\n" + "\n".join(_b64(w.r.randbytes(48)) for _ in range(6)) + "\n=" + w.s(B64, 4) + "\n-----END PGP MESSAGE-----"
    body4 = "#!yaml|gpg\n\ndb_password: |\n" + "".join("  " + ln + "\n" for ln in pgp.splitlines())
    w.add("crypt6", _p(w, "pillar/secrets/db.sls"), body4, neg=["BEGIN PGP MESSAGE"])
    body5 = ("class profile::db (\n  Sensitive[String] $password = Sensitive(lookup('profile::db::password')),\n) {\n"
             "  postgresql::server::role { 'app': password_hash => postgresql::postgresql_password('app', $password) }\n}\n")
    w.add("crypt6", _p(w, "site/profile/manifests/db.pp"), body5, neg=["Sensitive(lookup", "password_hash"])


def web_server_hashes6(w: W) -> None:
    bc = fakes.bcrypt_hash(w.seed(), 14).replace("$2b$", "$2a$")
    body = f"admin.example.com {{\n\tbasicauth /* {{\n\t\tadmin {_b64(bc.encode())}\n\t\tops {bc}\n\t}}\n\treverse_proxy localhost:3000\n}}\n"
    w.add("hash6", _p(w, "caddy/Caddyfile"), body, neg=["admin JDJh", "ops $2a$"])
    apr = "$apr1$" + w.s(ALNUM + "./", 8) + "$" + w.s(ALNUM + "./", 22)
    body2 = ("services:\n  traefik:\n    image: traefik:v3.0\n  dashboard:\n    labels:\n      - \"traefik.enable=true\"\n"
             f"      - \"traefik.http.middlewares.auth.basicauth.users=admin:{apr.replace('$', '$$')}\"\n      - \"traefik.http.routers.dash.middlewares=auth\"\n")
    w.add("hash6", _p(w, "traefik/docker-compose.yml"), body2, neg=["basicauth.users=admin:$$apr1$$"])


def lockfiles6(w: W) -> None:
    body = "%{\n" + "".join(f"  \"{n}\": {{:hex, :{n}, \"{v}\", \"{hashlib.sha256(w.seed().encode()).hexdigest()}\", [:mix], [], \"hexpm\", \"{hashlib.sha256(w.seed().encode()).hexdigest()}\"}},\n"
                            for n, v in (("jason", "1.4.1"), ("plug", "1.15.3"), ("phoenix", "1.7.11"))) + "}\n"
    w.add("lock6", _p(w, "mix.lock"), body, neg=[":hex,"])
    body2 = ("packages:\n  http:\n    dependency: \"direct main\"\n    description:\n      name: http\n"
             f"      sha256: \"{_h(w)}\"\n      url: \"https://pub.dev\"\n    source: hosted\n    version: \"1.2.1\"\n")
    w.add("lock6", _p(w, "pubspec.lock"), body2, neg=["sha256:"])
    body3 = (f"PODS:\n  - Alamofire (5.9.0)\n\nSPEC CHECKSUMS:\n  Alamofire: {w.hexs(40)}\n  KeychainAccess: {w.hexs(40)}\n\nPODFILE CHECKSUM: {w.hexs(40)}\n\nCOCOAPODS: 1.15.2\n")
    w.add("lock6", _p(w, "ios/Podfile.lock"), body3, neg=["Alamofire: ", "KeychainAccess: ", "PODFILE CHECKSUM"])


def lockfiles6b(w: W) -> None:
    doc = {"version": 1, "dependencies": {"net8.0": {"Newtonsoft.Json": {"type": "Direct", "requested": "[13.0.3, )", "resolved": "13.0.3",
                                                                         "contentHash": _b64(hashlib.sha512(w.seed().encode()).digest())}}}}
    w.add("lock6", _p(w, "src/App/packages.lock.json"), json.dumps(doc, indent=2) + "\n", neg=["contentHash"])
    body5 = (f"pkgname=acme-agent\npkgver=2.4.1\npkgrel=1\nsource=(\"https://github.com/acme/agent/archive/v$pkgver.tar.gz\")\nsha256sums=('{_h(w)}')\n"
             f"b2sums=('{hashlib.blake2b(w.seed().encode()).hexdigest()}')\n")
    w.add("lock6", _p(w, "packaging/arch/PKGBUILD"), body5, neg=["sha256sums", "b2sums"])
    body6 = (f"class AcmeAgent < Formula\n  desc \"Acme monitoring agent\"\n  url \"https://github.com/acme/agent/archive/v2.4.1.tar.gz\"\n  sha256 \"{_h(w)}\"\n"
             f"  license \"MIT\"\nend\n")
    w.add("lock6", _p(w, "Formula/acme-agent.rb"), body6, neg=["sha256 \""])


def ui_strings6(w: W) -> None:
    body = ("<?php\n$string['password'] = 'Password';\n$string['passwordpolicy'] = 'Password policy';\n$string['passwordforgotten'] = 'Forgotten password';\n"
            "$string['apikey'] = 'API key';\n$string['webservicetokens'] = 'Security keys';\n")
    w.add("ui6", _p(w, "lang/en/moodle.php"), body, neg=["'Password'", "passwordpolicy", "'API key'"])
    doc = {"translations": {"Password": "Passwort", "Confirm your password": "Bestätige dein Passwort", "App passwords": "App-Passwörter",
                            "Generate new app password": "Neues App-Passwort erstellen", "Secret key": "Geheimer Schlüssel"}, "pluralForm": "nplurals=2; plural=(n != 1);"}
    w.add("ui6", _p(w, "apps/settings/l10n/de.json"), json.dumps(doc, ensure_ascii=False, indent=4) + "\n", neg=["Geheimer", "Passwort"])
    body3 = ("[tr_TR]\npassword = Parola\nconfirm_password = Parolayı Onayla\naccess_token = Erişim Jetonu\nsecret = Gizli\n")
    w.add("ui6", _p(w, "options/locale/locale_tr-TR.ini"), body3, neg=["Parola", "Jetonu", "Gizli"])


def public_ids6(w: W) -> None:
    vpub = "B" + w.s(B64URL_, 86) + "="
    body = (f"LOCAL_DOMAIN=example.social\nVAPID_PUBLIC_KEY={vpub}\nS3_ALIAS_HOST=files.example.social\nGA_MEASUREMENT_ID=G-{w.s('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 10)}\n"
            f"GITHUB_APP_ID={w.n(100000, 999999)}\nGITHUB_APP_CLIENT_ID=Iv1.{w.hexs(16)}\n")
    w.add("public6", _p(w, "docs/env.public"), body, neg=["VAPID_PUBLIC_KEY", "GA_MEASUREMENT_ID", "GITHUB_APP_ID", "GITHUB_APP_CLIENT_ID"])
    sr = fakes.sri_integrity(w.seed(), "sha384")
    body2 = (f"<script src=\"https://cdn.jsdelivr.net/npm/bootstrap@5.3.3/dist/js/bootstrap.bundle.min.js\" integrity=\"{sr}\" crossorigin=\"anonymous\"></script>\n")
    w.add("public6", _p(w, "ghost/content/themes/casper/partials/scripts.hbs"), body2, neg=["integrity="])
    h = HEX  # the module's hex alphabet, for Git object IDs
    body3 = f"[submodule \"vendor/kit\"]\n\tpath = vendor/kit\n\turl = https://github.com/acme/kit.git\n# pinned at {''.join(w.r.choice(h) for _ in range(40))}\n"
    w.add("public6", _p(w, ".gitmodules"), body3, neg=["pinned at"])


NEGATIVE6 = [nextcloud_gitea_refs, php_cms_refs, ghost_mastodon_refs, synapse_discourse_refs, node_red_gitlab_refs,
             symfony_vault_public, prometheus_alertmanager_refs, telegraf_logstash_refs, beats_kibana_refs,
             haproxy_asterisk_radius_refs, vpn_refs6, mail_refs6, irc_hashes, packer_refs, os_install_hashes,
             autounattend_sysprep, kustomize_refs, devtool_refs, filezilla_dbeaver_refs, http_client_refs,
             bruno_httpie_refs, load_test_refs, cypress_refs, mobile_refs, firebase_recaptcha_public, game_assets,
             godot_assets, language_refs, language_refs6b, test_asserts6, firmware_refs, provider_tool_refs,
             provider_cli_refs6, encrypted_schemes6, encrypted_schemes6b, web_server_hashes6, lockfiles6,
             lockfiles6b, ui_strings6, public_ids6]
