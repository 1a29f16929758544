# ruff: noqa: E501
"""Credential files from home directories and image layers: the classic dotfile leaks.

Each builder writes the file the way the tool that owns it writes it, next to its benign twin
(the same file with a reference, a helper or an encrypted value instead of the secret).
"""

from __future__ import annotations

import base64
import json

from tests import fakes
from tests.redteam.kit import Repo


def _b64(s: str) -> str:
    return base64.b64encode(s.encode()).decode()


def npmrc(rp: Repo, base: str) -> None:
    tok = rp.leak(fakes.npm_token(rp.s()), "npm")
    rp.write(f"{base}/.npmrc", f"registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken={tok}\nsave-exact=true\n")
    # legacy basic auth for a private registry: base64 user:password
    auth = rp.leak(_b64("ci-publisher:" + rp.gen_pw(18)), "npm")
    rp.write(f"{base}/legacy/.npmrc", f"registry=https://nexus.internal.example-corp.net/repository/npm-group/\n_auth={auth}\nemail=ci@example-corp.net\nalways-auth=true\n")


def npmrc_benign(rp: Repo, base: str) -> None:
    rp.write(f"{base}/.npmrc", "registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${NPM_TOKEN}\nengine-strict=true\n")


def pypirc(rp: Repo, base: str) -> None:
    tok = rp.leak(fakes.pypi_token(rp.s()), "pypi")
    pw = rp.leak(rp.any_pw(), "password")
    rp.write(f"{base}/.pypirc", f"[distutils]\nindex-servers =\n    pypi\n    internal\n\n[pypi]\nusername = __token__\npassword = {tok}\n\n"
                                f"[internal]\nrepository = https://pypi.internal.example-corp.net/\nusername = deploy\npassword = {pw}\n")


def gem_credentials(rp: Repo, base: str) -> None:
    key = rp.leak(fakes.rubygems_api_key(rp.s()), "rubygems")
    rp.write(f"{base}/.gem/credentials", f"---\n:rubygems_api_key: {key}\n")


def aws_files(rp: Repo, base: str) -> None:
    k1, s1 = rp.leak(fakes.aws_key_id(rp.s()), "aws"), rp.leak(fakes.aws_secret(rp.s()), "aws")
    k2 = rp.leak(fakes.aws_key_id(rp.s(), "AS" + "IA"), "aws")
    s2 = rp.leak(fakes.aws_secret(rp.s()), "aws")
    tok = rp.leak(fakes.aws_session_token(rp.s()), "aws")
    rp.write(f"{base}/.aws/credentials", f"[default]\naws_access_key_id = {k1}\naws_secret_access_key = {s1}\n\n"
                                         f"[prod-admin]\naws_access_key_id={k2}\naws_secret_access_key={s2}\naws_session_token={tok}\n\n"
                                         "[sso-dev]\ncredential_process = aws-vault exec sso-dev --json\n")
    rp.write(f"{base}/.aws/config", f"[default]\nregion = {rp.region()}\noutput = json\n\n[profile sso-dev]\nsso_start_url = https://example-corp.awsapps.com/start\n"
                                    f"sso_account_id = {rp.account()}\nsso_role_name = Developer\nregion = eu-west-1\n")


def s3cfg_boto(rp: Repo, base: str) -> None:
    k, s = rp.leak(fakes.aws_key_id(rp.s()), "aws"), rp.leak(fakes.aws_secret(rp.s()), "aws")
    rp.write(f"{base}/.s3cfg", f"[default]\naccess_key = {k}\nsecret_key = {s}\nhost_base = s3.amazonaws.com\nhost_bucket = %(bucket)s.s3.amazonaws.com\n"
                              "use_https = True\nsignature_v2 = False\ngpg_passphrase = \n")
    k2, s2 = rp.leak(fakes.aws_key_id(rp.s()), "aws"), rp.leak(fakes.aws_secret(rp.s()), "aws")
    rp.write(f"{base}/.boto", f"[Credentials]\naws_access_key_id = {k2}\naws_secret_access_key = {s2}\n\n[Boto]\ndebug = 0\nnum_retries = 10\n")


def rclone(rp: Repo, base: str) -> None:
    k, s = rp.leak(fakes.aws_key_id(rp.s()), "aws"), rp.leak(fakes.aws_secret(rp.s()), "aws")
    obs = rp.leak(fakes.rclone_obscured(rp.s()), "rclone.obscured")
    rp.write(f"{base}/.config/rclone/rclone.conf", f"[backup-s3]\ntype = s3\nprovider = AWS\naccess_key_id = {k}\nsecret_access_key = {s}\nregion = eu-central-1\n\n"
                                                   f"[nas]\ntype = sftp\nhost = nas.home.arpa\nuser = backup\npass = {obs}\nshell_type = unix\n")


def maven_settings(rp: Repo, base: str) -> None:
    pw = rp.leak(rp.any_pw(), "password")
    enc = rp.decoy(fakes.maven_encrypted_password(rp.s()), "maven-encrypted")
    rp.write(f"{base}/.m2/settings.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<settings>\n  <servers>\n    <server>\n      <id>nexus-releases</id>\n"
                                         f"      <username>deployment</username>\n      <password>{pw}</password>\n    </server>\n    <server>\n      <id>nexus-snapshots</id>\n"
                                         f"      <username>deployment</username>\n      <password>{enc}</password>\n    </server>\n    <server>\n      <id>github</id>\n"
                                         "      <username>${env.GITHUB_ACTOR}</username>\n      <password>${env.GITHUB_TOKEN}</password>\n    </server>\n  </servers>\n</settings>\n")


def gradle_properties(rp: Repo, base: str) -> None:
    sp = rp.leak(rp.any_pw(), "password")
    op = rp.leak(rp.gen_pw(22), "password")
    rp.write(f"{base}/.gradle/gradle.properties", "org.gradle.jvmargs=-Xmx4g -Dfile.encoding=UTF-8\norg.gradle.parallel=true\n"
                                                  f"signing.keyId=24875D73\nsigning.password={sp}\nsigning.secretKeyRingFile=/home/ci/.gnupg/secring.gpg\n"
                                                  f"ossrhUsername=example-corp\nossrhPassword={op}\n")


def terraformrc(rp: Repo, base: str) -> None:
    tok = rp.leak(fakes.terraform_cloud_token(rp.s()), "terraform")
    rp.write(f"{base}/.terraformrc", f"plugin_cache_dir = \"$HOME/.terraform.d/plugin-cache\"\n\ncredentials \"app.terraform.io\" {{\n  token = \"{tok}\"\n}}\n")
    vt = rp.leak(fakes.vault_token(rp.s()), "vault")
    rp.write(f"{base}/.vault-token", vt)


def docker_config(rp: Repo, base: str) -> None:
    auth = rp.leak(fakes.docker_auth_b64("example-corp-ci", rp.gen_pw(24)), "docker")
    pat = fakes.dockerhub_pat(rp.s())
    auth2 = rp.leak(fakes.docker_auth_b64("excorpbuild", pat), "docker")
    rp.write(f"{base}/.docker/config.json", json.dumps({"auths": {"registry.example-corp.net": {"auth": auth}, "https://index.docker.io/v1/": {"auth": auth2}},
                                                       "credHelpers": {"123456789012.dkr.ecr.eu-west-1.amazonaws.com": "ecr-login"}}, indent="\t") + "\n")


def docker_config_benign(rp: Repo, base: str) -> None:
    rp.write(f"{base}/.docker/config.json", json.dumps({"auths": {"ghcr.io": {}}, "credsStore": "desktop", "currentContext": "default"}, indent="\t") + "\n")


def git_credentials(rp: Repo, base: str) -> None:
    gh = rp.leak(fakes.github_classic(rp.s()), "github")
    gl = rp.leak(fakes.gitlab_token(rp.s()), "gitlab")
    pw = rp.leak(rp.human_pw().replace("@", "%40").replace("#", "%23").replace("%4", "%4"), "password.url")
    rp.write(f"{base}/.git-credentials", f"https://jdoe:{gh}@github.com\nhttps://oauth2:{gl}@gitlab.example-corp.net\nhttps://jdoe:{pw}@bitbucket.org\n")
    rp.write(f"{base}/.gitconfig", "[user]\n\tname = J. Doe\n\temail = jdoe@example-corp.net\n[credential]\n\thelper = store\n[url \"git@github.com:\"]\n\tinsteadOf = https://github.com/\n")


def kubeconfig(rp: Repo, base: str) -> None:
    ca = rp.decoy(base64.b64encode(fakes.pem_certificate(rp.s()).encode()).decode(), "base64-certificate")
    crt = rp.decoy(base64.b64encode(fakes.pem_certificate(rp.s()).encode()).decode(), "base64-certificate")
    key = rp.leak(base64.b64encode(fakes.pem_private_key(rp.s(), "EC").encode()).decode(), "pem")
    tok = rp.leak(fakes.k8s_service_account_token(rp.s()), "k8s.token")
    bt = rp.leak(fakes.k8s_bootstrap_token(rp.s()), "k8s.token")
    rp.write(f"{base}/.kube/config", "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n"
                                     f"    certificate-authority-data: {ca}\n    server: https://10.20.0.1:6443\n  name: prod\n"
                                     "- cluster:\n    insecure-skip-tls-verify: true\n    server: https://staging-k8s.example-corp.net\n  name: staging\n"
                                     "contexts:\n- context:\n    cluster: prod\n    user: admin\n  name: prod-admin\n- context:\n    cluster: staging\n    user: deployer\n  name: staging\n"
                                     "- context:\n    cluster: staging\n    user: kubelet-bootstrap\n  name: bootstrap\ncurrent-context: prod-admin\n"
                                     f"users:\n- name: admin\n  user:\n    client-certificate-data: {crt}\n    client-key-data: {key}\n"
                                     f"- name: deployer\n  user:\n    token: {tok}\n- name: kubelet-bootstrap\n  user:\n    token: {bt}\n"
                                     "- name: sso\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: kubelogin\n      args: [get-token, --login, devicecode]\n")


def netrc_pgpass(rp: Repo, base: str) -> None:
    pw = rp.leak(rp.gen_pw(20), "password")
    rp.write(f"{base}/.netrc", f"machine artifacts.example-corp.net\nlogin ci-bot\npassword {pw}\n")
    pg = rp.leak(rp.gen_pw(16).replace(":", "."), "password")
    rp.write(f"{base}/.pgpass", f"# host:port:db:user:password\nanalytics-db.example-corp.net:5432:*:report_ro:{pg}\nlocalhost:5432:*:postgres:postgres\n")


def shell_history(rp: Repo, base: str) -> None:
    pw = rp.leak(rp.human_pw(), "password.cli")
    gh = rp.leak(fakes.github_fine_grained(rp.s()), "github")
    k, s = rp.leak(fakes.aws_key_id(rp.s()), "aws"), rp.leak(fakes.aws_secret(rp.s()), "aws")
    lines = ["ls -la", "cd ~/src/billing", "git pull --rebase", f"mysql -h db1.example-corp.net -u admin -p'{pw}' billing",
             "kubectl get pods -n payments", f"export GH_TOKEN={gh}", "gh pr list --state open", f"aws configure set aws_access_key_id {k}",
             f"aws configure set aws_secret_access_key {s}", "aws s3 ls", "history | grep ssh", "ssh -i ~/.ssh/id_ed25519 ops@bastion.example-corp.net",
             "docker login -u excorpbuild --password-stdin < ~/.dockerhub-token", "vim ~/.bashrc"]
    rp.write(f"{base}/.bash_history", "\n".join(lines) + "\n")


def ssh_dir(rp: Repo, base: str, kind: str) -> None:
    pem = fakes.pem_private_key(rp.s(), kind)
    rp.leak_pem(pem, "pem")
    name = {"OPENSSH": "id_ed25519", "RSA": "id_rsa", "EC": "id_ecdsa", "DSA": "id_dsa", "PKCS8": "deploy_key"}[kind]
    rp.write(f"{base}/.ssh/{name}", pem)
    rp.write(f"{base}/.ssh/{name}.pub", rp.decoy(fakes.ssh_public_key(rp.s(), "ci@runner-07"), "ssh-public-key") + "\n")
    rp.write(f"{base}/.ssh/config", "Host bastion\n  HostName bastion.example-corp.net\n  User ops\n  IdentityFile ~/.ssh/" + name + "\n  ForwardAgent no\n\nHost *.internal\n  ProxyJump bastion\n")


def ssh_known_hosts(rp: Repo, base: str) -> None:
    lines = []
    for h in ["github.com", "gitlab.example-corp.net", "bastion.example-corp.net", "10.20.0.4"]:
        lines.append(f"{h} " + rp.decoy(fakes.ssh_public_key(rp.s(), "").strip(), "ssh-public-key"))
    lines.append("|1|" + base64.b64encode(rp.r.randbytes(20)).decode() + "|" + base64.b64encode(rp.r.randbytes(20)).decode() + " ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBB" + base64.b64encode(rp.r.randbytes(65)).decode())
    rp.write(f"{base}/.ssh/known_hosts", "\n".join(lines) + "\n")
    rp.write(f"{base}/.ssh/authorized_keys", "\n".join(fakes.ssh_public_key(rp.s(), c) for c in ["alice@laptop", "bob@ws-12", "deploy@ci"]) + "\n")


def image_layer(rp: Repo, base: str) -> None:
    """Files recovered from a container image's layers (a common incident source)."""
    root = f"{base}/root"
    aws_files(rp, root)
    docker_config(rp, root)
    ssh_dir(rp, root, "OPENSSH")
    rp.write(f"{base}/etc/os-release", 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n')
    rp.write(f"{base}/etc/shadow", "root:" + rp.decoy(fakes.sha512_crypt(rp.s()), "password-hash") + ":19700:0:99999:7:::\ndaemon:*:19700:0:99999:7:::\napp:!:19700:0:99999:7:::\n")
    rp.write(f"{base}/app/.env", f"NODE_ENV=production\nPORT=3000\nDATABASE_URL=postgres://app:{rp.leak(fakes.api_key_alnum(rp.s(), 24), 'password.url')}@db.internal:5432/app\n"
                                 f"STRIPE_SECRET_KEY={rp.leak(fakes.stripe_live_long(rp.s()), 'stripe')}\nSTRIPE_PUBLISHABLE_KEY={rp.decoy(fakes.stripe_publishable(rp.s()), 'stripe-publishable')}\n")


def home_dirs(rp: Repo, base: str) -> None:
    """Several home directories as found in leaked backups, dotfile repos and gists."""
    h1 = f"{base}/dotfiles-jdoe"
    npmrc(rp, h1)
    pypirc(rp, h1)
    gem_credentials(rp, h1)
    git_credentials(rp, h1)
    shell_history(rp, h1)
    ssh_known_hosts(rp, h1)
    h2 = f"{base}/backup-ci-runner/home/ci"
    aws_files(rp, h2)
    s3cfg_boto(rp, h2)
    maven_settings(rp, h2)
    gradle_properties(rp, h2)
    kubeconfig(rp, h2)
    terraformrc(rp, h2)
    netrc_pgpass(rp, h2)
    ssh_dir(rp, h2, "RSA")
    h3 = f"{base}/nas-restore/home/backup"
    rclone(rp, h3)
    ssh_dir(rp, h3, "EC")
    docker_config_benign(rp, h3)
    npmrc_benign(rp, h3)
    image_layer(rp, "container-layers/excorp-billing-api-2.14.0")
    image_layer(rp, "container-layers/excorp-reports-worker-0.9.3")
