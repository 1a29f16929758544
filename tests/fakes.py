"""Fake secrets built at run time: real formats and checksums, never a literal in the repo.

Every generator takes a ``seed`` so tests are deterministic; prefixes are split so that
the source of this file never contains a whole secret-looking token.
"""

from __future__ import annotations

import base64
import json
import random
import string
import zlib

from scanner.rules.examples import b62 as _b62

B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
B32 = string.ascii_uppercase + "234567"
B64 = string.ascii_letters + string.digits + "+/"
ALNUM = string.ascii_letters + string.digits
HEX = "0123456789abcdef"


def rng(seed: int | str) -> random.Random:
    return random.Random(f"credscan-fake-{seed}")


def rand(seed: int | str, alphabet: str, n: int) -> str:
    r = rng(seed)
    return "".join(r.choice(alphabet) for _ in range(n))


def aws_key_id(seed: int | str = 0, prefix: str = "AK" + "IA") -> str:
    """An access key ID: 4-letter prefix + 16 base32 characters."""
    return prefix + rand(seed, B32, 16)


def aws_secret(seed: int | str = 0) -> str:
    """A secret access key: 40 characters of the base64 alphabet, with both cases and digits."""
    r = rng(f"sec{seed}")
    while True:
        s = "".join(r.choice(B64) for _ in range(40))
        if any(c.isdigit() for c in s) and any(c.islower() for c in s) and any(
            c.isupper() for c in s
        ):
            return s


def aws_session_token(seed: int | str = 0) -> str:
    return "IQoJb3JpZ2luX2Vj" + rand(f"tok{seed}", B64, 300)


def github_classic(seed: int | str = 0, kind: str = "p") -> str:
    body = rand(f"gh{seed}", ALNUM, 30)
    return "gh" + kind + "_" + body + _b62(zlib.crc32(body.encode()), 6)


def github_fine_grained(seed: int | str = 0) -> str:
    return "github" + "_pat_" + rand(f"ghf{seed}", ALNUM, 22) + "_" + rand(f"ghf2{seed}", ALNUM, 59)


def npm_token(seed: int | str = 0) -> str:
    body = rand(f"npm{seed}", ALNUM, 30)
    return "np" + "m_" + body + _b62(zlib.crc32(body.encode()), 6)


def gitlab_pat(seed: int | str = 0) -> str:
    return "gl" + "pat-" + rand(f"gl{seed}", ALNUM + "_-", 20)


def slack_bot(seed: int | str = 0) -> str:
    r = rng(f"slack{seed}")
    return ("xo" + "xb-" + "".join(r.choice(string.digits) for _ in range(12)) + "-"
            + "".join(r.choice(string.digits) for _ in range(13)) + "-"
            + "".join(r.choice(ALNUM) for _ in range(24)))


def slack_webhook(seed: int | str = 0) -> str:
    r = rng(f"slackwh{seed}")
    return ("https://hooks.sl" + "ack.com/services/T" + "".join(r.choice(B32[:26] + "0123456789")
                                                              for _ in range(10))
            + "/B" + "".join(r.choice(B32[:26] + "0123456789") for _ in range(10)) + "/"
            + "".join(r.choice(ALNUM) for _ in range(24)))


def stripe_live(seed: int | str = 0) -> str:
    return "sk" + "_live_" + rand(f"stripe{seed}", ALNUM, 24)


def google_api_key(seed: int | str = 0) -> str:
    return "AI" + "za" + rand(f"goog{seed}", ALNUM + "_-", 35)


def openai_key(seed: int | str = 0) -> str:
    return "sk-" + "proj-" + rand(f"oai{seed}", ALNUM + "_-", 74) + "T3" + "BlbkFJ" + rand(
        f"oai2{seed}", ALNUM + "_-", 74)


def anthropic_key(seed: int | str = 0) -> str:
    return "sk-" + "ant-api03-" + rand(f"ant{seed}", ALNUM + "_-", 93) + "AA"


def sendgrid_key(seed: int | str = 0) -> str:
    return "S" + "G." + rand(f"sg{seed}", ALNUM + "_-", 22) + "." + rand(f"sg2{seed}",
                                                                       ALNUM + "_-", 43)


def twilio_key(seed: int | str = 0) -> str:
    return "S" + "K" + rand(f"tw{seed}", HEX, 32)


def jwt(seed: int | str = 0, alg: str = "HS256") -> str:
    def enc(obj: object) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    r = rng(f"jwt{seed}")
    header = enc({"alg": alg, "typ": "JWT"})
    payload = enc({"sub": str(r.randint(1, 10**9)), "name": "Fake User", "iat": 1700000000})
    sig = rand(f"jwtsig{seed}", ALNUM + "_-", 43)
    return f"{header}.{payload}.{sig}"


def private_key_pem(seed: int | str = 0, kind: str = "RSA") -> str:
    body = base64.b64encode(rng(f"pem{seed}").randbytes(1190)).decode()
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    label = f"{kind} PRIVATE KEY" if kind else "PRIVATE KEY"
    return "-----BEGIN " + label + "-----\n" + "\n".join(lines) + "\n-----END " + label + "-----\n"


def password(seed: int | str = 0, length: int = 16) -> str:
    """A realistic generated password: letters, digits and symbols."""
    r = rng(f"pw{seed}")
    alphabet = ALNUM + "!#%&*+-_=?"
    while True:
        s = "".join(r.choice(alphabet) for _ in range(length))
        if any(c.isdigit() for c in s) and any(c.isalpha() for c in s):
            return s


def human_password(seed: int | str = 0) -> str:
    """A human-chosen password: a word, a capital, digits and a symbol."""
    r = rng(f"hpw{seed}")
    words = ["Summer", "Falcon", "Sunshine", "Dragon", "Monkey", "Orange", "Winter", "Tiger"]
    return r.choice(words) + str(r.randint(10, 9999)) + r.choice("!@#$%")


def hex_string(seed: int | str = 0, n: int = 40) -> str:
    return rand(f"hex{seed}", HEX, n)


def uuid4(seed: int | str = 0) -> str:
    import uuid

    return str(uuid.UUID(int=rng(f"uuid{seed}").getrandbits(128), version=4))


# --- more providers (used by the realistic corpus generator, tests/corpus) -----------------

B64URL = ALNUM + "_-"
DJANGO_CHARS = string.ascii_lowercase + string.digits + "!@#$%^&*(-_=+)"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _b64url_nopad(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def aws_example_key_id() -> str:
    """AWS's documented example key ID (never a finding)."""
    return "AK" + "IA" + "IOSFODNN7" + "EXAMPLE"


def aws_example_secret() -> str:
    """The secret AWS documents next to the example key ID (never a finding)."""
    return "wJalrXUtnFEMI" + "/K7MDENG/bPxRfiCY" + "EXAMPLEKEY"


def aws_account_id(seed: int | str = 0) -> str:
    return str(rng(f"acct{seed}").randint(10**11, 10**12 - 1))


def github_classic_bad_checksum(seed: int | str = 0, kind: str = "p") -> str:
    """A classic GitHub token shape whose CRC32 checksum is wrong (not a real token)."""
    good = github_classic(seed, kind)
    body, check = good[:-6], good[-6:]
    bad = check[:-1] + ("A" if check[-1] != "A" else "B")
    return body + bad


def npm_token_bad_checksum(seed: int | str = 0) -> str:
    good = npm_token(seed)
    return good[:-1] + ("A" if good[-1] != "A" else "B")


def gitlab_token(seed: int | str = 0, prefix: str = "gl" + "pat-") -> str:
    """GitLab tokens: glpat- (personal), gldt- (deploy), glrt- (runner), ..."""
    return prefix + rand(f"glt{seed}", B64URL, 20)


def slack_user(seed: int | str = 0) -> str:
    r = rng(f"slacku{seed}")
    digits = string.digits
    return ("xo" + "xp-" + "".join(r.choice(digits) for _ in range(12)) + "-"
            + "".join(r.choice(digits) for _ in range(12)) + "-"
            + "".join(r.choice(digits) for _ in range(13)) + "-"
            + "".join(r.choice(HEX) for _ in range(32)))


def stripe_restricted(seed: int | str = 0) -> str:
    return "rk" + "_live_" + rand(f"striperk{seed}", ALNUM, 99)


def stripe_live_long(seed: int | str = 0) -> str:
    """The current, longer live secret key shape."""
    return "sk" + "_live_51" + rand(f"stripel{seed}", ALNUM, 97)


def stripe_publishable(seed: int | str = 0) -> str:
    """Publishable keys are meant to ship in front-end code: not a secret."""
    return "pk" + "_live_51" + rand(f"stripepk{seed}", ALNUM, 97)


def pypi_token(seed: int | str = 0, project: str | None = None) -> str:
    """A PyPI API token: ``pypi-`` + base64url of a binary (v2) macaroon for pypi.org."""
    import uuid

    r = rng(f"pypi{seed}")

    def packet(ftype: int, data: bytes) -> bytes:
        assert len(data) < 128
        return bytes([ftype, len(data)]) + data

    ident = str(uuid.UUID(int=r.getrandbits(128), version=4)).encode()
    if project:
        caveat = json.dumps({"version": 1, "permissions": {"projects": [project]}}).encode()
    else:
        caveat = b'{"permissions": "user", "version": 1}'
    mac = (b"\x02" + packet(1, b"pypi.org") + packet(2, ident) + b"\x00"
           + packet(2, caveat) + b"\x00" + b"\x00" + packet(6, r.randbytes(32)))
    return "py" + "pi-" + _b64url_nopad(mac)


def mailgun_key(seed: int | str = 0, new_style: bool = False) -> str:
    if new_style:
        return (rand(f"mgn{seed}", HEX, 32) + "-" + rand(f"mgn2{seed}", HEX, 8) + "-"
                + rand(f"mgn3{seed}", HEX, 8))
    return "ke" + "y-" + rand(f"mg{seed}", HEX, 32)


def shopify_token(seed: int | str = 0, kind: str = "at") -> str:
    """Shopify: shpat_ (admin access), shpss_ (shared secret), shpca_, shppa_."""
    return "shp" + kind + "_" + rand(f"shop{seed}{kind}", HEX, 32)


def discord_bot_token(seed: int | str = 0) -> str:
    r = rng(f"disc{seed}")
    user_id = str(r.randint(10**17, 10**18 * 2))
    return (_b64url_nopad(user_id.encode()) + "." + rand(f"disc2{seed}", B64URL, 6) + "."
            + rand(f"disc3{seed}", B64URL, 38))


def telegram_bot_token(seed: int | str = 0) -> str:
    r = rng(f"tg{seed}")
    return f"{r.randint(10**8, 10**10 - 1)}:" + "AA" + rand(f"tg2{seed}", B64URL, 33)


def heroku_key(seed: int | str = 0) -> str:
    return "HR" + "KU-AA" + rand(f"hk{seed}", B64URL, 58)


def digitalocean_token(seed: int | str = 0, kind: str = "p") -> str:
    """dop_v1_ (personal), doo_v1_ (OAuth), dor_v1_ (refresh) + 64 hex."""
    return "do" + kind + "_v1_" + rand(f"do{seed}{kind}", HEX, 64)


def dockerhub_pat(seed: int | str = 0) -> str:
    return "dckr" + "_pat_" + rand(f"dh{seed}", B64URL, 27)


def terraform_cloud_token(seed: int | str = 0) -> str:
    return rand(f"tfc{seed}", ALNUM, 14) + ".atlas" + "v1." + rand(f"tfc2{seed}", B64URL, 67)


def vault_token(seed: int | str = 0) -> str:
    return "hv" + "s.CAESI" + rand(f"vault{seed}", B64URL, 86)


def azure_storage_key(seed: int | str = 0) -> str:
    """An Azure storage account key: 64 random bytes, base64 (88 characters)."""
    return _b64(rng(f"az{seed}").randbytes(64))


def azurite_dev_key() -> str:
    """The documented Azurite/emulator account key: public, never a finding."""
    return ("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50u" + "SRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/"
            + "KBHBeksoGMGw==")


def azure_connection_string(seed: int | str = 0, account: str = "acmeprodstore") -> str:
    return ("DefaultEndpointsProtocol=https;AccountName=" + account + ";Account" + "Key="
            + azure_storage_key(seed) + ";EndpointSuffix=core.windows.net")


def twilio_account_sid(seed: int | str = 0) -> str:
    return "A" + "C" + rand(f"twsid{seed}", HEX, 32)


def twilio_auth_token(seed: int | str = 0) -> str:
    return rand(f"twtok{seed}", HEX, 32)


def google_oauth_client_secret(seed: int | str = 0) -> str:
    return "GOC" + "SPX-" + rand(f"gocs{seed}", B64URL, 28)


def django_secret_key(seed: int | str = 0, insecure: bool = False) -> str:
    body = rand(f"dj{seed}", DJANGO_CHARS, 50)
    return ("django-" + "insecure-" + body) if insecure else body


def api_key_hex(seed: int | str = 0, n: int = 32) -> str:
    return rand(f"apihex{seed}", HEX, n)


def api_key_alnum(seed: int | str = 0, n: int = 32) -> str:
    r = rng(f"apialnum{seed}")
    while True:
        s = "".join(r.choice(ALNUM) for _ in range(n))
        if any(c.isdigit() for c in s) and any(c.islower() for c in s) and any(
                c.isupper() for c in s):
            return s


# --- PEM and key material -------------------------------------------------------------------

_DER_PREFIX = {
    "RSA": bytes.fromhex("308204a40201000282010100"),
    "PKCS8": bytes.fromhex("308204bd020100300d06092a864886f70d0101010500048204a7"),
    "DSA": bytes.fromhex("308201bb02010002818100"),
}
_EC_MID = bytes.fromhex("a00a06082a8648ce3d030107a144034200")


def _pem(label: str, der: bytes) -> str:
    body = _b64(der)
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return "-----BEGIN " + label + "-----\n" + "\n".join(lines) + "\n-----END " + label + "-----\n"


def _openssh_body(r: random.Random) -> bytes:
    def s(b: bytes) -> bytes:
        return len(b).to_bytes(4, "big") + b

    pub = s(b"ssh-ed25519") + s(r.randbytes(32))
    return (b"openssh-key-v1\x00" + s(b"none") + s(b"none") + s(b"") + (1).to_bytes(4, "big")
            + s(pub) + s(r.randbytes(8) + pub + s(r.randbytes(64)) + s(b"deploy@ci")
                         + b"\x01\x02\x03\x04\x05"))


def pem_private_key(seed: int | str = 0, kind: str = "RSA") -> str:
    """A private key block whose body has the real DER/openssh structure.

    ``kind``: RSA, EC, DSA, OPENSSH or PKCS8 (``-----BEGIN PRIVATE KEY-----``).
    """
    r = rng(f"pemk{seed}{kind}")
    tag = "PRIVATE" + " KEY"
    if kind == "EC":
        der = (bytes.fromhex("30770201010420") + r.randbytes(32) + _EC_MID + b"\x04"
               + r.randbytes(64))
        return _pem("EC " + tag, der)
    if kind == "OPENSSH":
        return _pem("OPENSSH " + tag, _openssh_body(r))
    if kind == "PKCS8":
        return _pem(tag, _DER_PREFIX["PKCS8"] + r.randbytes(1191))
    if kind == "DSA":
        return _pem("DSA " + tag, _DER_PREFIX["DSA"] + r.randbytes(432))
    return _pem("RSA " + tag, _DER_PREFIX["RSA"] + r.randbytes(1180))


def pem_public_key(seed: int | str = 0) -> str:
    r = rng(f"pub{seed}")
    der = bytes.fromhex("30820122300d06092a864886f70d01010105000382010f003082010a0282010100")
    return _pem("PUBLIC KEY", der + r.randbytes(256) + bytes.fromhex("0203010001"))


def pem_certificate(seed: int | str = 0) -> str:
    r = rng(f"cert{seed}")
    return _pem("CERTIFICATE", bytes.fromhex("308203") + r.randbytes(880))


def ssh_public_key(seed: int | str = 0, comment: str = "deploy@build") -> str:
    r = rng(f"sshpub{seed}")
    if r.random() < 0.5:
        return "ssh-ed25519 " + _b64(b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20"
                                     + r.randbytes(32)) + " " + comment
    blob = b"\x00\x00\x00\x07ssh-rsa\x00\x00\x00\x03\x01\x00\x01\x00\x00\x01\x01\x00"
    return "ssh-rsa " + _b64(blob + r.randbytes(256)) + " " + comment


def gcp_service_account(seed: int | str = 0, project: str = "acme-data-prod") -> dict[str, str]:
    """A service-account key file as the console downloads it (private_key is the secret)."""
    r = rng(f"gcp{seed}")
    name = r.choice(["etl-runner", "bq-export", "terraform", "ci-deployer", "looker-sync"])
    email = f"{name}@{project}.iam.gserviceaccount.com"
    return {
        "type": "service_account",
        "project_id": project,
        "private_key_id": rand(f"gcpkid{seed}", HEX, 40),
        "private_key": pem_private_key(f"gcp{seed}", "PKCS8"),
        "client_email": email,
        "client_id": str(r.randint(10**20, 10**21 - 1)),
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": "https://oauth2.googleapis.com/token",
        "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
        "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/"
        + email.replace("@", "%40"),
        "universe_domain": "googleapis.com",
    }


# --- hard negatives: hashes, IDs, encrypted blobs --------------------------------------------


def git_sha(seed: int | str = 0) -> str:
    return rand(f"gitsha{seed}", HEX, 40)


def sha256_hex(seed: int | str = 0) -> str:
    import hashlib

    return hashlib.sha256(f"blob-{seed}".encode()).hexdigest()


def sri_integrity(seed: int | str = 0, algo: str = "sha512") -> str:
    import hashlib

    return algo + "-" + _b64(hashlib.new(algo, f"tarball-{seed}".encode()).digest())


def go_sum_hash(seed: int | str = 0) -> str:
    import hashlib

    return "h1:" + _b64(hashlib.sha256(f"gomod-{seed}".encode()).digest())


def bcrypt_hash(seed: int | str = 0, cost: int = 12) -> str:
    bc = "./" + string.ascii_uppercase + string.ascii_lowercase + string.digits
    return f"$2b${cost:02d}$" + rand(f"bc{seed}", bc, 53)


def argon2_hash(seed: int | str = 0) -> str:
    r = rng(f"ar{seed}")
    return ("$argon2id$v=19$m=65536,t=3,p=4$" + _b64(r.randbytes(16)).rstrip("=") + "$"
            + _b64(r.randbytes(32)).rstrip("="))


def pbkdf2_django_hash(seed: int | str = 0) -> str:
    r = rng(f"pb{seed}")
    return ("pbkdf2_sha256$600000$" + rand(f"pbs{seed}", ALNUM, 22) + "$"
            + _b64(r.randbytes(32)))


def sha512_crypt(seed: int | str = 0) -> str:
    cr = "./" + ALNUM
    return "$6$" + rand(f"s5s{seed}", cr, 16) + "$" + rand(f"s5h{seed}", cr, 86)


def s3_etag(seed: int | str = 0, parts: int = 0) -> str:
    e = rand(f"etag{seed}", HEX, 32)
    return f"{e}-{parts}" if parts else e


def aws_request_id(seed: int | str = 0) -> str:
    return uuid4(f"req{seed}")


def amz_id_2(seed: int | str = 0) -> str:
    return _b64(rng(f"amzid{seed}").randbytes(57))


def ansible_vault_blob(seed: int | str = 0, indent: str = "") -> str:
    r = rng(f"av{seed}")
    hexed = r.randbytes(200).hex()
    lines = [hexed[i:i + 80] for i in range(0, len(hexed), 80)]
    return "\n".join([indent + "$ANSIBLE_VAULT;1.1;AES256"] + [indent + x for x in lines])


def sops_value(seed: int | str = 0, typ: str = "str") -> str:
    r = rng(f"sops{seed}")
    return ("ENC[AES256_GCM,data:" + _b64(r.randbytes(r.randint(8, 40))) + ",iv:"
            + _b64(r.randbytes(32)) + ",tag:" + _b64(r.randbytes(16)) + f",type:{typ}]")


def jenkins_secret(seed: int | str = 0) -> str:
    r = rng(f"jk{seed}")
    return "{" + _b64(b"\x01\x00\x00\x00\x10" + r.randbytes(60)) + "}"


def png_base64(seed: int | str = 0, size: int = 900) -> str:
    r = rng(f"png{seed}")
    return _b64(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + r.randbytes(size))


def jwt_bad_header(seed: int | str = 0) -> str:
    """Three base64url segments whose first does not decode to a JSON header."""
    r = rng(f"jwtbad{seed}")
    return "eyJ" + rand(f"jb{seed}", B64URL, 33) + "." + _b64url_nopad(r.randbytes(40)) + "." + \
        rand(f"jb2{seed}", B64URL, 43)


def jwt_compact(seed: int | str = 0, alg: str = "RS256", claims: dict[str, object] | None = None
                ) -> str:
    """A JWT as libraries emit it (compact JSON), with realistic claims."""
    def enc(obj: object) -> str:
        return _b64url_nopad(json.dumps(obj, separators=(",", ":")).encode())

    r = rng(f"jwtc{seed}")
    header: dict[str, object] = {"alg": alg, "typ": "JWT"}
    if alg.startswith(("RS", "ES")):
        header["kid"] = rand(f"kid{seed}", B64URL, 22)
    body = claims or {
        "iss": r.choice(["https://auth.acme-corp.io/", "https://login.example-sso.com"]),
        "sub": uuid4(f"jwtsub{seed}"),
        "aud": r.choice(["api://orders", "billing-api", "https://api.acme-corp.io"]),
        "iat": 1700000000 + r.randint(0, 10**7),
        "exp": 1800000000 + r.randint(0, 10**7),
        "scope": r.choice(["read:orders write:orders", "admin", "openid profile email"]),
    }
    nsig = 342 if alg.startswith("RS") else (86 if alg.startswith("ES") else 43)
    return enc(header) + "." + enc(body) + "." + rand(f"jwtcs{seed}", B64URL, nsig)


# --- more formats for the red-team corpus (tests/redteam) ------------------------------------


def stripe_webhook_secret(seed: int | str = 0) -> str:
    return "wh" + "sec_" + rand(f"whsec{seed}", ALNUM, 32)


def stripe_test_secret(seed: int | str = 0) -> str:
    """A test-mode secret key: no production access."""
    return "sk" + "_test_51" + rand(f"stripet{seed}", ALNUM, 97)


def mapbox_token(seed: int | str = 0, public: bool = True) -> str:
    """Mapbox access tokens: ``pk.`` (public, ships in front ends) or ``sk.`` (secret)."""
    r = rng(f"mapbox{seed}")
    user = r.choice(["acme-maps", "geoteam", "fleetviz", "jdoe"])
    payload = _b64url_nopad(json.dumps({"u": user, "a": rand(f"mba{seed}", B64URL[:62], 25)},
                                       separators=(",", ":")).encode())
    return ("p" if public else "s") + "k." + payload + "." + rand(f"mbs{seed}", B64URL, 22)


def sentry_dsn(seed: int | str = 0) -> str:
    """A modern Sentry DSN: only the public key, meant to ship in clients."""
    r = rng(f"sentry{seed}")
    return ("https://" + rand(f"sdsn{seed}", HEX, 32) + "@o" + str(r.randint(10**5, 10**7))
            + ".ingest.sentry.io/" + str(r.randint(10**6, 10**7)))


def google_oauth_client_id(seed: int | str = 0) -> str:
    r = rng(f"gcid{seed}")
    return (str(r.randint(10**11, 10**12 - 1)) + "-" + rand(f"gcid2{seed}", string.ascii_lowercase
                                                             + string.digits, 32)
            + ".apps.googleusercontent.com")


def azure_ad_client_secret(seed: int | str = 0) -> str:
    """An Entra ID (Azure AD) app client secret value: 3 chars, ``8Q~``, 31 chars."""
    return (rand(f"aad{seed}", ALNUM, 3) + "8Q" + "~"
            + rand(f"aad2{seed}", ALNUM + "_~.-", 31))


def huggingface_token(seed: int | str = 0) -> str:
    return "h" + "f_" + rand(f"hf{seed}", string.ascii_letters, 34)


def wordpress_salt(seed: int | str = 0) -> str:
    """A salt as api.wordpress.org/secret-key generates it (printable, no quotes/backslash)."""
    alphabet = ALNUM + "!#$%&()*+,-./:;<=>?@[]^_`{|}~ "
    return rand(f"wps{seed}", alphabet, 64).strip() or "x"


def rails_master_key(seed: int | str = 0) -> str:
    return rand(f"rmk{seed}", HEX, 32)


def rails_secret_key_base(seed: int | str = 0) -> str:
    return rand(f"rskb{seed}", HEX, 128)


def laravel_app_key(seed: int | str = 0) -> str:
    return "base" + "64:" + _b64(rng(f"lara{seed}").randbytes(32))


def discord_webhook(seed: int | str = 0) -> str:
    r = rng(f"dwh{seed}")
    return ("https://discord.com/api/web" + "hooks/" + str(r.randint(10**17, 10**18))
            + "/" + rand(f"dwh2{seed}", B64URL, 68))


def docker_auth_b64(user: str, secret: str) -> str:
    """The ``auth`` field of ~/.docker/config.json: base64 of user:password."""
    return _b64(f"{user}:{secret}".encode())


def aws_iam_unique_id(seed: int | str = 0, prefix: str = "AI" + "DA") -> str:
    """IAM unique IDs (AIDA users, AROA roles, ANPA policies): identifiers, not keys."""
    return prefix + rand(f"uid{seed}", B32, 17)


def docker_digest(seed: int | str = 0) -> str:
    return "sha256:" + sha256_hex(f"digest{seed}")


def nix_base32_hash(seed: int | str = 0) -> str:
    return rand(f"nix{seed}", "0123456789abcdfghijklmnpqrsvwxyz", 52)


def gpg_public_key_block(seed: int | str = 0) -> str:
    r = rng(f"gpg{seed}")
    body = _b64(b"\x99\x01\x0d\x04" + r.randbytes(700))
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return ("-----BEGIN PGP PUBLIC " + "KEY BLOCK-----\n\n" + "\n".join(lines) + "\n="
            + _b64(r.randbytes(3)) + "\n-----END PGP PUBLIC KEY BLOCK-----\n")


def maven_encrypted_password(seed: int | str = 0) -> str:
    return "{" + _b64(rng(f"mvn{seed}").randbytes(24)) + "}"


def rails_credentials_enc(seed: int | str = 0) -> str:
    r = rng(f"rce{seed}")
    return (_b64(r.randbytes(r.randint(300, 600))) + "--" + _b64(r.randbytes(12)) + "--"
            + _b64(r.randbytes(16)))


def aspnet_machine_key(seed: int | str = 0) -> tuple[str, str]:
    """(validationKey, decryptionKey) as the IIS machineKey generator emits them."""
    return rand(f"mkv{seed}", "0123456789ABCDEF", 128), rand(f"mkd{seed}", "0123456789ABCDEF", 64)


def age_secret_key(seed: int | str = 0) -> str:
    """An age (sops) identity: bech32 upper-case body."""
    return "AGE-SECRET" + "-KEY-1" + rand(f"age{seed}", "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58)


def age_public_key(seed: int | str = 0) -> str:
    return "age" + "1" + rand(f"agep{seed}", "qpzry9x8gf2tvdw0s3jn54khce6mua7l", 58)


def fernet_key(seed: int | str = 0) -> str:
    """A Fernet key (Airflow ``fernet_key``): urlsafe base64 of 32 bytes."""
    return base64.urlsafe_b64encode(rng(f"fernet{seed}").randbytes(32)).decode()


def azure_devops_pat(seed: int | str = 0) -> str:
    return rand(f"adopat{seed}", string.ascii_lowercase + "234567", 52)


def slack_app_token(seed: int | str = 0) -> str:
    r = rng(f"xapp{seed}")
    return ("xa" + "pp-1-A" + "".join(r.choice(B32[:26] + "0123456789") for _ in range(10)) + "-"
            + "".join(r.choice(string.digits) for _ in range(13)) + "-" + rand(f"xapp2{seed}", HEX, 64))


def supabase_jwt(seed: int | str = 0, role: str = "service_role") -> str:
    """A Supabase project key: an HS256 JWT whose ``role`` is anon (public) or service_role."""
    ref = rand(f"supa{seed}", string.ascii_lowercase, 20)
    return jwt_compact(f"supa{seed}{role}", "HS256", {"iss": "supabase", "ref": ref, "role": role,
                                                      "iat": 1700000000, "exp": 2015000000})


# --- more formats for the third corpus (tests/redteam2) ----------------------------------------


def pem_encrypted_private_key(seed: int | str = 0, legacy: bool = False) -> str:
    """A passphrase-protected key: PKCS#8 ``ENCRYPTED PRIVATE KEY`` or a legacy RSA block
    with ``Proc-Type: 4,ENCRYPTED`` headers."""
    r = rng(f"pemenc{seed}")
    tag = "PRIVATE" + " KEY"
    if legacy:
        body = _b64(r.randbytes(1192))
        lines = [body[i:i + 64] for i in range(0, len(body), 64)]
        return ("-----BEGIN RSA " + tag + "-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,"
                + r.randbytes(16).hex().upper() + "\n\n" + "\n".join(lines) + "\n-----END RSA " + tag
                + "-----\n")
    return _pem("ENCRYPTED " + tag, bytes.fromhex("308205") + r.randbytes(1300))


def pgp_private_key_block(seed: int | str = 0) -> str:
    r = rng(f"pgpsec{seed}")
    body = _b64(b"\x95\x03\xc6\x04" + r.randbytes(900))
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    label = "PGP PRIVATE " + "KEY BLOCK"
    return ("-----BEGIN " + label + "-----\n\n" + "\n".join(lines) + "\n=" + _b64(r.randbytes(3))
            + "\n-----END " + label + "-----\n")


def pgp_signature_block(seed: int | str = 0) -> str:
    r = rng(f"pgpsig{seed}")
    body = _b64(b"\x89\x02\x33\x04\x00\x01\x0a" + r.randbytes(540))
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return ("-----BEGIN PGP SIGNATURE-----\n\n" + "\n".join(lines) + "\n=" + _b64(r.randbytes(3))
            + "\n-----END PGP SIGNATURE-----\n")


def putty_ppk(seed: int | str = 0, comment: str = "deploy@jump") -> str:
    """A PuTTY private key file (version 2, unencrypted)."""
    r = rng(f"ppk{seed}")
    pub = _b64(b"\x00\x00\x00\x07ssh-rsa\x00\x00\x00\x03\x01\x00\x01\x00\x00\x01\x01\x00"
               + r.randbytes(256))
    priv = _b64(r.randbytes(656))
    pl = [pub[i:i + 64] for i in range(0, len(pub), 64)]
    vl = [priv[i:i + 64] for i in range(0, len(priv), 64)]
    return ("PuTTY-User-" + "Key-File-2: ssh-rsa\nEncryption: none\nComment: " + comment
            + f"\nPublic-Lines: {len(pl)}\n" + "\n".join(pl) + f"\nPrivate-Lines: {len(vl)}\n"
            + "\n".join(vl) + "\nPrivate-MAC: " + r.randbytes(20).hex() + "\n")


def rubygems_api_key(seed: int | str = 0) -> str:
    return "rubygems" + "_" + rand(f"gem{seed}", HEX, 48)


def rclone_obscured(seed: int | str = 0) -> str:
    """rclone's ``obscure``d password: reversible (AES-CTR with a published key)."""
    return _b64url_nopad(rng(f"rclone{seed}").randbytes(16 + 14))


def jwt_io_example() -> str:
    """The HS256 token every JWT tutorial shows (jwt.io): public, never a finding."""
    return ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9" + "." + "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6Ikpva"
            + "G4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ" + "." + "SflKxwRJSMeKKF2QT4fwpMeJf36P" + "Ok6yJV_adQssw5c")


def k8s_service_account_token(seed: int | str = 0, ns: str = "ci") -> str:
    r = rng(f"k8ssa{seed}")
    return jwt_compact(f"k8ssa{seed}", "RS256", {
        "iss": "kubernetes/serviceaccount", "kubernetes.io/serviceaccount/namespace": ns,
        "kubernetes.io/serviceaccount/secret.name": f"deployer-token-{rand(f'k8sn{seed}', 'bcdfghjklmnpqrstvwxz2456789', 5)}",
        "kubernetes.io/serviceaccount/service-account.name": "deployer",
        "kubernetes.io/serviceaccount/service-account.uid": uuid4(f"k8suid{seed}"),
        "sub": f"system:serviceaccount:{ns}:deployer", "n": r.randint(0, 9)})


def k8s_bootstrap_token(seed: int | str = 0) -> str:
    a = string.ascii_lowercase + string.digits
    return rand(f"kbt{seed}", a, 6) + "." + rand(f"kbt2{seed}", a, 16)


def sealed_secret_blob(seed: int | str = 0) -> str:
    """A Bitnami SealedSecret ``encryptedData`` value (RSA-OAEP + AES-GCM, base64)."""
    return "AgB" + _b64(rng(f"sealed{seed}").randbytes(520))[3:]


def kms_ciphertext_blob(seed: int | str = 0) -> str:
    """An AWS KMS ``CiphertextBlob`` (base64, starts with the AQICAH... envelope header)."""
    return "AQICAH" + _b64(rng(f"kms{seed}").randbytes(180))[6:]


def jwk_rsa_public(seed: int | str = 0) -> dict[str, str]:
    r = rng(f"jwk{seed}")
    return {"kty": "RSA", "use": "sig", "alg": "RS256", "kid": rand(f"jwkkid{seed}", B64URL, 27),
            "n": _b64url_nopad(b"\xc1" + r.randbytes(255)), "e": "AQAB"}


def phpass_hash(seed: int | str = 0) -> str:
    return "$P$B" + rand(f"phpass{seed}", "./" + ALNUM, 31)


def md5_crypt(seed: int | str = 0) -> str:
    return "$1$" + rand(f"md5c{seed}", "./" + ALNUM, 8) + "$" + rand(f"md5c2{seed}", "./" + ALNUM, 22)


def mysql_native_hash(seed: int | str = 0) -> str:
    return "*" + rand(f"myn{seed}", "0123456789ABCDEF", 40)


def teams_webhook(seed: int | str = 0) -> str:
    return ("https://acmecorp.webhook.office.com/webhookb2/" + uuid4(f"tw1{seed}") + "@"
            + uuid4(f"tw2{seed}") + "/Incoming" + "Webhook/" + rand(f"tw3{seed}", HEX, 32) + "/"
            + uuid4(f"tw4{seed}"))


def newrelic_license_key(seed: int | str = 0) -> str:
    return rand(f"nrl{seed}", HEX, 36) + "NR" + "AL"


def newrelic_user_key(seed: int | str = 0) -> str:
    return "NR" + "AK-" + rand(f"nru{seed}", string.ascii_uppercase + string.digits, 27)


def postman_api_key(seed: int | str = 0) -> str:
    return "PM" + "AK-" + rand(f"pm{seed}", HEX, 24) + "-" + rand(f"pm2{seed}", HEX, 34)


def grafana_sa_token(seed: int | str = 0) -> str:
    return "gl" + "sa_" + rand(f"glsa{seed}", ALNUM, 32) + "_" + rand(f"glsa2{seed}", HEX, 8)


def databricks_token(seed: int | str = 0) -> str:
    return "da" + "pi" + rand(f"dbx{seed}", HEX, 32)


def sonarqube_token(seed: int | str = 0) -> str:
    return "sq" + "u_" + rand(f"sq{seed}", HEX, 40)


def atlassian_api_token(seed: int | str = 0) -> str:
    return "ATATT" + "3xFfGF0" + rand(f"atl{seed}", B64URL, 170) + "=" + rand(f"atl2{seed}", "0123456789ABCDEF", 8)


def square_access_token(seed: int | str = 0) -> str:
    return "EA" + "AA" + rand(f"sq{seed}", B64URL, 60)


def mailchimp_api_key(seed: int | str = 0) -> str:
    return rand(f"mc{seed}", HEX, 32) + "-us" + str(rng(f"mcdc{seed}").randint(2, 21))


def pulumi_token(seed: int | str = 0) -> str:
    return "pu" + "l-" + rand(f"pul{seed}", HEX, 40)


def snowflake_account(seed: int | str = 0) -> str:
    return rand(f"sfa{seed}", string.ascii_lowercase, 7) + "-" + rand(f"sfb{seed}", string.ascii_lowercase + string.digits, 7)


def _crc16_xmodem(data: bytes) -> int:
    """CRC-16/XMODEM, written out here so fakes do not lean on the validator they test."""
    crc = 0
    for b in data:
        crc ^= b << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


#: NKEY role prefixes (the second letter of a seed): user, account, operator, server, cluster.
_NKEY_ROLES = {"U": 20 << 3, "A": 0, "O": 14 << 3, "N": 13 << 3, "C": 2 << 3}


def nkey_seed_from(raw32: bytes, role: str = "U") -> str:
    """A NATS NKEY seed as nkeys encodes one: base32 of the seed prefix merged with the role
    byte, the 32 seed bytes and their CRC16 (little-endian). ``nkeys.FromSeed`` rejects a
    seed whose checksum fails, so a random ``S`` + base32 string is no seed."""
    t = _NKEY_ROLES[role]
    raw = bytes([(18 << 3) | (t >> 5), (t & 31) << 3]) + raw32[:32]
    crc = _crc16_xmodem(raw).to_bytes(2, "little")
    return base64.b32encode(raw + crc).decode().rstrip("=")


def nkey_seed(seed: int | str = 0, role: str = "U") -> str:
    r = rng(f"nkey{seed}")
    return nkey_seed_from(bytes(r.getrandbits(8) for _ in range(32)), role)
