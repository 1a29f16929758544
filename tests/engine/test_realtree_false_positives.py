"""Issue 10, class 5: look-alikes seen on real trees (site-packages) and in the in-the-wild
corpus's fourth round, each a class: the value is code, prose, a host, a revision, a
ciphertext or a value its author calls public, and a real secret in the same slot is still
reported."""

from __future__ import annotations

import base64
import random
import string

import pytest

from scanner.api import scan_text
from tests import fakes


def _medium(text: str, path: str = "app/settings.py") -> list[str]:
    return [f.rule_id for f in scan_text(text, path) if f.severity.rank >= 2]


def _alnum(seed: str, n: int, alphabet: str = string.ascii_letters + string.digits) -> str:
    r = random.Random(seed)
    return "".join(r.choice(alphabet) for _ in range(n))


def _b64(seed: str, n: int) -> str:
    return base64.b64encode(random.Random(seed).randbytes(n)).decode()


NEGATIVES = [
    # a keyword rule's provider name beside a CamelCase class name (distributed's metrics)
    "from distributed.http.scheduler.prometheus.semaphore import SemaphoreMetricCollector\n",
    # the English verb "pass" before a quoted word
    '        # force the caller to pass "callback=" explicitly\n',
    "    raise ValueError(\"Please pass 'fastparquet', 'pyarrow', or 'auto'\")\n",
    # unquoted names in a tuple on the lines after a key-like name are code
    "_cryptography_key_types = (\n    Ed25519PublicKey,\n    Ed25519PrivateKey,\n)\n",
    # an empty connection-string password at a line's end does not take the next line's word
    "url=jdbc:h2:mem:testdb;USER=sa;PASSWORD=\n"
    'var cs = string.Format("Server={0};User Id={1};Password={2};", host, user, pw);\n',
    # a placeholder cut at its bracket is no value
    "docker swarm join --token SWM" + "TKN-1-<token> 10.0.0.5:2377\n",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_code_and_prose_are_not_values(text: str) -> None:
    assert _medium(text) == []


def test_a_revision_under_a_secret_word_is_a_commit_sha() -> None:
    sha = fakes.hex_string("rev", 40)
    doc = '{\n  "extends": ["config:recommended"],\n  "secretsRevision": "' + sha + '"\n}\n'
    assert _medium(doc, "renovate.json") == []
    # a secret word last is still a secret
    assert _medium('{\n  "webhookSecret": "' + _alnum("ws", 40) + '"\n}\n', "app.json")


def test_bitwarden_cipher_strings_are_ciphertext() -> None:
    enc = "2." + _b64("iv", 16) + "|" + _b64("ct", 32) + "|" + _b64("mac", 32)
    line = f'      "password": "{enc}",\n'
    assert _medium(line, "test/fixtures/bitwarden_export.json") == []
    assert _medium(f'      "password": "{fakes.password("bw", 14)}",\n', "fixtures/x.json")


def test_a_value_its_comment_calls_public() -> None:
    key = _alnum("dbx", 15, string.ascii_lowercase + string.digits)
    assert _medium(f'APP_KEY = "{key}"  # public: PKCE flow, no app secret in the client\n') == []
    assert _medium(f'DROPBOX_APP_KEY = "{key}"\n') == []  # a public client identifier
    secret = _alnum("dbs", 15, string.ascii_lowercase + string.digits)
    assert _medium(f'DROPBOX_APP_SECRET = "{secret}"\n')
    # a comment that also says the value is real or leaked does not excuse it
    assert _medium(f'API_SECRET = "{_alnum("x", 32)}"  # not public, rotate after the leak\n')


def test_an_akamai_host_is_not_a_token() -> None:
    body = "akab-" + _alnum("h1", 16, string.ascii_lowercase + string.digits) + "-" + _alnum(
        "h2", 16, string.ascii_lowercase + string.digits)
    assert _medium(f"[default]\nhost = {body}.luna.akamaiapis.net\n", "home/.edgerc") == []
    assert _medium(f"[default]\nclient_token = {body}\n", "home/.edgerc")


@pytest.mark.parametrize("text", [
    "CONNECT scott IDENTIFIED BY tiger;\n",
    'EXAMPLE = "otpauth://totp/Example:alice@google.com?secret=JBSWY3DP' + 'EHPK3PXP&issuer=Ex"\n',
    # the Basic examples of RFC 2617 and RFC 7617, as tornado's tests spell them
    'AUTH = b"Basic " + base64.b64encode(b"Aladdin:" + b"open sesame")\n',
    "assert header == 'Basic ' + '" + base64.b64encode(b"Aladdin:open sesame").decode() + "'\n",
    # the same example with the space spelled as an underscore or hyphen
    "user = 'Aladdin'\npassword = 'open_sesame'\n",
    'if creds.Secret != "open-sesame" {\n',
    "assert header == 'Basic " + base64.b64encode("test:123\u00a3".encode()).decode() + "'\n",
])
def test_published_demo_values(text: str) -> None:
    assert _medium(text, "docs/demo.sql") == []


def test_interleaved_counting_of_four_or_more_is_a_placeholder() -> None:
    assert _medium("          token: A5b1C3d2E9f8G7h6\n", "docs/acme.yml") == []


#: Example values printed by RFC 6749 (OAuth 2.0) and RFC 5849 (OAuth 1.0), cut in pieces so
#: no line of this file holds one whole (they are public, but still look like tokens).
_RFC = {
    "access": ("2YotnF", "ZFEjr1", "zCsicM", "WpAA"),
    "refresh": ("tGzv3J", "OkF0XG", "5Qx2Tl", "KWIA"),
    "basic": ("czZCaG", "RSa3F0", "MzpnWD", "FmQmF0", "M2JW"),
    "consumer": ("0685bd", "9184jf", "hq22"),
    "token": ("ad180j", "jd733k", "lru7"),
}


def _rfc(kind: str) -> str:
    return "".join(_RFC[kind])


@pytest.mark.parametrize(("kind", "shape"), [
    # as OAuth libraries' docstrings print them
    ("access", '            "access_token":"{}",\n'),
    ("refresh", '            "refresh_token":"{}",\n'),
    ("basic", "            Authorization: Basic {}\n"),
    ("consumer", '            oauth_consumer_key="{}",\n'),
    ("token", '            oauth_token="{}",\n'),
])
def test_values_standards_publish_as_examples(kind: str, shape: str) -> None:
    assert _medium(shape.format(_rfc(kind)), "oauthlib/oauth2/rfc6749/parameters.py") == []


def test_an_unpublished_value_in_the_same_place_is_reported() -> None:
    tok = _alnum("rfc", 22)
    assert _medium(f'            "access_token":"{tok}",\n', "oauthlib/oauth2/parameters.py")


@pytest.mark.parametrize("value", ["lsdkfol23w54jlksdef", "askfjh234as9sd8", "sdlfkj452"])
def test_keyboard_mash_is_a_throwaway(value: str) -> None:
    assert _medium(f"            'access_token': '{value}',\n", "oauthlib/request_validator.py") == []


def test_random_values_are_rarely_mash() -> None:
    from scanner.engine.filters import keyboard_mash

    r = random.Random("mash")
    alphabet = string.ascii_lowercase + string.digits
    drawn = ["".join(r.choice(alphabet) for _ in range(16)) for _ in range(20000)]
    assert sum(map(keyboard_mash, drawn)) <= 20  # measured 0.03% (about 6)
    assert not keyboard_mash("fadedbeef0123456fad")  # hex is never judged


def _hs256(claims: dict[str, object], key: bytes) -> str:
    import hashlib
    import hmac
    import json

    def enc(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    head = enc(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = enc(json.dumps(claims).encode())
    sig = hmac.new(key, f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{enc(sig)}"


@pytest.mark.parametrize("key", [b"secret", b"your-256-bit-secret"])
def test_a_jwt_signed_with_a_documentation_key_is_a_demo(key: bytes) -> None:
    claims = {"some": "payload", "uid": _alnum("uid", 10)}
    assert _medium(f"    {_hs256(claims, key)}\n", "README.rst") == []
    # the same claims under a key nobody published: a token someone could replay
    assert _medium(f"    {_hs256(claims, _alnum('k', 32).encode())}\n", "README.rst") == ["jwt"]


@pytest.mark.parametrize(("path", "text"), [
    # LLVM's pass registry: macros named for compiler passes
    ("include/llvm/CodeGen/MachinePassRegistry.def",
     'FUNCTION_PASS("mergeicmps", MergeICmpsPass, ())\nDUMMY_FUNCTION_PASS("sjljehprep", SjLjPass, ())\n'),
    # an object name spelled again as its short name (OpenSSL's obj_mac.h)
    ("include/openssl/obj_mac.h",
     '#define SN_id_Gost28147_89_CryptoPro_KeyMeshing         "id-Gost28147-89-CryptoPro-KeyMeshing"\n'),
    # /etc/services: a service named for passwords and its port
    ("etc/services", "kpasswd\t\t464/tcp\nkpasswd\t\t464/udp\n"),
    # Perl's anonymous FTP login and a qw list of HashBase attributes
    ("perl/Net/FTP.pm", "      $pass = '-anonymous@'\n    $ftp->login(\"anonymous\",'-anonymous@')\n"),
    ("perl/Test2/EventFacet/Assert.pm", "use Test2::Util::HashBase qw{ -pass -no_debug -number };\n"),
    # a file name of words behind a keyword-proximity rule's keyword
    ("doc/copyright", " tools/travis-ci/knownfailures-Ubuntu12.04-clang3.4-x86_64-Debug-3rdP-ASan.txt\n"),
])
def test_real_tree_shapes_stay_quiet(path: str, text: str) -> None:
    assert _medium(text, path) == []


def test_the_same_places_with_secrets_are_reported() -> None:
    pw = fakes.password("mk", 14)
    assert _medium(f"      $pass = '{pw}'\n", "perl/Net/FTP.pm")
    assert _medium(f"kpasswd = {pw}\n", "etc/app.conf")
    assert _medium(f'#define SN_SIGNING_KEY "{_alnum("sn", 24)}"\n', "include/app.h")
    assert _medium(f"travis_token: {_alnum('tv', 22)}\n", ".travis.yml")


def test_postgres_md5_hashes_and_shopify_client_ids() -> None:
    digest = _alnum("pgmd5", 32, "0123456789abcdef")
    assert _medium(f"ALTER ROLE app WITH LOGIN PASSWORD 'md5{digest}';\n", "db/dump/roles.sql") == []
    assert _medium(f"SHOPIFY_API_KEY={digest}\n", "shopify-app/.env") == []
    assert _medium(f"ALTER ROLE app WITH LOGIN PASSWORD '{fakes.password('pg', 14)}';\n",
                   "db/dump/roles.sql")


@pytest.mark.parametrize(("path", "text"), [
    # Google Cloud SDK shapes: attribute references, API versions, type strings, format strings
    ("lib/compute/windows_encryption_utils.py", "    self.crypt_gen_key = advapi32.CryptGenKey\n"),
    ("lib/anthos/file_parsers.py", "AUTH_VERSION_1_ALPHA = 'authentication.gke.io/v1alpha1'\n"),
    ("lib/kubernetes/client/models/v1_pod_spec.py",
     "        'image_pull_secrets': 'list[V1LocalObjectReference]',\n"),
    ("boto/auth.py", "            'X-Amz-Credential': '%s/%s/%s/%s/aws4_request' % (\n"),
    ("lib/ssh/ssh.py", "OSLOGIN_ENABLE_2FA_METADATA_KEY = 'enable-oslogin-2fa'\n"),
    ("tests/test_helper.py", f"invalid_key = '{_alnum('inv', 40)}==='\n"),
    ("api/container/api_adapter.py", "    # Only instantiate the masterAuth struct if one or both of `user` or\n"),
    ("tox.ini", "passenv = TRAVIS*\n"),
    # Jetty's OBF: obfuscation of its default keystore password
    ("jetty-home/modules/ssl.mod", "# jetty.sslContext.keyStorePassword={obf}\n"),
    ("tests/test_proxy.py", '    ("a_new_key", "192.168.0.0/24,127.0.0.1,localhost.localdomain"),\n'),
])
def test_cloud_sdk_shapes_stay_quiet(path: str, text: str) -> None:
    assert _medium(text.replace("{obf}", _jetty_obfuscate("store" + "pwd")), path) == []


def _jetty_obfuscate(plain: str) -> str:
    """Jetty's Password.obfuscate: four base-36 digits per character."""
    b = plain.encode()
    out = []
    for i, b1 in enumerate(b):
        b2 = b[len(b) - (i + 1)]
        n = (127 + b1 + b2) * 256 + (127 + b1 - b2)
        digits = ""
        while n:
            n, r = divmod(n, 36)
            digits = "0123456789abcdefghijklmnopqrstuvwxyz"[r] + digits
        out.append(digits.rjust(4, "0"))
    return "OBF:" + "".join(out)


def test_a_jetty_obfuscated_chosen_password_is_reported() -> None:
    text = f"jetty.sslContext.keyStorePassword={_jetty_obfuscate(fakes.password('jt', 14))}\n"
    assert _medium(text, "jetty-base/start.d/ssl.ini")


def test_a_dotted_value_that_is_a_token_is_still_reported() -> None:
    tok = _alnum("dot1", 20) + "." + _alnum("dot2", 24)
    assert _medium(f"API_SECRET = {tok}\n", "deploy/app.env")


def test_a_random_key_with_a_percent_s_in_it_is_no_format_string() -> None:
    body = _alnum("dj", 20, string.ascii_lowercase + string.digits + "!@#$^&*(-_=+)")
    key = "django-insecure-" + body[:10] + "%s" + body[10:] + "(*^@"
    assert _medium(f"SECRET_KEY = '{key}'\n", "mysite/settings.py")


@pytest.mark.parametrize(("text", "path"), [
    # a Windows Setup configuration pass is named by a pass= attribute
    ('<unattend xmlns="urn:schemas-microsoft-com:unattend">\n  <settings pass="oobeSystem">\n',
     "Windows/Panther/unattend.xml"),
    # kickstart's rootpw --lock locks the account: a flag, not a password
    ("lang en_US.UTF-8\nrootpw --lock\n", "kickstart/rhel9.ks"),
    ("rootpw --iscrypted $6$" + _alnum("ks-salt", 16) + "$" + _alnum("ks-hash", 86) + "\n",
     "kickstart/rhel9.ks"),
])
def test_installer_flags_and_setup_passes_are_not_passwords(text: str, path: str) -> None:
    assert _medium(text, path) == []


def test_a_plaintext_root_password_in_the_same_files_is_reported() -> None:
    pw = fakes.human_password("ks")
    assert "kickstart-rootpw" in _medium(f"rootpw --plaintext {pw}\n", "kickstart/rhel9.ks")
    xml = (f"<AdministratorPassword>\n  <Value>{pw}</Value>\n  <PlainText>true</PlainText>\n"
           "</AdministratorPassword>\n")
    assert "windows-unattend-password" in _medium(xml, "Windows/Panther/unattend.xml")


@pytest.mark.parametrize(("text", "path"), [
    # an X keyboard keycodes section name (/usr/share/X11/xkb)
    ('xkb_keycodes "lk411_common" {\n', "X11/xkb/keycodes/digital_vndr/pc"),
    # a shell completion's list of option names
    ('    __mvncomp "username= message= passphrase= password= scmVersion=" "-D"\n',
     "bash-completion/completions/mvn"),
    # Vim script's scoped variables in a ternary
    ("    let pwd = a:dict.istemp ? a:dict.tmpdir : ''\n", "vim/autoload/rust.vim"),
    # a release manager's PGP key fingerprint in a Maven POM
    ("<commons.releaseManagerKey>" + _alnum("pgp", 40, "0123456789ABCDEF")
     + "</commons.releaseManagerKey>\n", "commons-io-2.11.0.pom"),
    # a CircleCI status-badge token: read-only, published in READMEs by design
    ("[![CircleCI](https://circleci.com/gh/acme/tool.svg?style=svg&circle-token="
     + _alnum("badge", 40, "0123456789abcdef") + ")](https://circleci.com/gh/acme/tool)\n",
     "README.md"),
    # package names in a package list
    ("md-test-udacity-dsnd-prob\t0.1\t2024-02\t\tGaussian distributions\n", "pypi.tsv"),
    ("oracle-oci-oracle-cloud-vmware-solution-mcp-server\t0.0.0\t2025-10\n", "pypi.tsv"),
])
def test_names_lists_and_badges_on_real_trees_are_not_secrets(text: str, path: str) -> None:
    assert _medium(text, path) == []


def test_a_circleci_token_outside_a_badge_is_still_reported() -> None:
    tok = _alnum("circle", 40, "0123456789abcdef")
    assert _medium(f'CIRCLECI_TOKEN = "{tok}"\n') != []


@pytest.mark.parametrize(("text", "path"), [
    # generated Android resource IDs
    ("    public static final int edit_password=0x7f08abcd;\n",
     "app/build/generated/source/r/debug/com/acme/R.java"),
    # a per-session CSRF field in a saved HTML page (Laravel)
    ('<input type="hidden" name="_token" value="' + _alnum("csrf", 40) + '">\n',
     "templates/saved/login.html"),
    # keys sent to browsers by design: Pusher's app key, reCAPTCHA's site key
    ("PUSHER_APP_KEY=" + _alnum("pusher", 20, "0123456789abcdef") + "\n", ".env"),
    ("RECAPTCHA_PUBLIC_KEY = '6L" + _alnum("site", 38) + "'\n", "website/settings/recaptcha.py"),
])
def test_public_client_keys_ids_and_form_tokens_are_not_secrets(text: str, path: str) -> None:
    assert _medium(text, path) == []


def test_the_secrets_beside_those_keys_are_reported() -> None:
    assert _medium("PUSHER_APP_SECRET=" + _alnum("ps", 20, "0123456789abcdef") + "\n", ".env")
    assert _medium("RECAPTCHA_PRIVATE_KEY = '6L" + _alnum("pk", 38) + "'\n", "settings.py")


def test_one_generic_rule_reports_at_most_its_cap_per_file() -> None:
    """A data file where a generic rule fires on every line (a tokenizer's vocabulary) costs a
    fingerprint per finding: the count is capped per file, the first ones are still reported
    and --explain says why the rest are not."""
    from scanner.api import build_scanner
    from scanner.engine.core import GENERIC_CAP
    from scanner.models import Dropped, Fragment

    lines = "".join(f'entry_{i}_api_token = "{_alnum(f"cap{i}", 32)}"\n'
                    for i in range(GENERIC_CAP + 50))
    sc = build_scanner()
    dropped: list[Dropped] = []
    found = sc.scan(Fragment(text=lines.encode(), path="data/vocab.py"), dropped)
    generic = [f for f in found if f.rule_id == "generic-secret"]
    assert len(generic) == GENERIC_CAP and generic[0].line == 1
    assert sum("more than" in d.reason for d in dropped) == 50


def test_a_tokenizer_vocabulary_is_not_secrets() -> None:
    entries = "".join(
        f'    {{\n      "rank": {i},\n      "token_bytes": "{_b64(f"tok{i}", 12)}",\n'
        f'      "token_str": "x{i}"\n    }},\n' for i in range(20))
    assert _medium('{\n  "vocab": [\n' + entries + "  ]\n}\n", "mistral_common/data/tekken.json") == []


@pytest.mark.parametrize(("text", "path"), [
    # a wheel's RECORD: paths and their sha256 digests
    ("acme/semaphore.py,sha256=" + _alnum("rec", 43, string.ascii_letters + string.digits + "-_")
     + ",3561\n", "acme-1.0.dist-info/RECORD"),
    # a Codacy project badge: the ID is public
    (".. image:: https://app.codacy.com/project/badge/Grade/" + _alnum("cod", 32, "0123456789abcdef")
     + "\n", "acme-1.0.dist-info/METADATA"),
    # namespaced keys of a key-value store
    ('_RELATIVE_PARAMS_KEY = "gp:relative_params"\n', "optuna/samplers/_gp/sampler.py"),
    ('PROTOCOL_VERSION_META_KEY = "io.modelcontextprotocol/protocolVersion"\n', "mcp_types/_types.py"),
    # a re-export under the same name, the WebSocket handshake nonce, a lookup by key
    ("Ed25519PrivateKey = ed25519.Ed25519PrivateKey\n", "twisted/conch/ssh/keys.py"),
    ('    "Sec-WebSocket-Key": "' + _b64("ws", 16) + '",\n', "websocket/tests/test_websocket.py"),
    ("sht1 = gc.open_by_key('" + _alnum("sheet", 44) + "')\n", "gspread/client.py"),
    # a lambda that returns the password, and an RDF namespace bound to a prefix
    ('    password=lambda: "super_secret_password"\n', "neo4j/_async/auth_management.py"),
    ('graph.bind("foaf", "http://xmlns.com/foaf/0.1/")\n', "rdflib/graph.py"),
])
def test_more_real_tree_shapes_are_not_secrets(text: str, path: str) -> None:
    assert _medium(text, path) == []


def test_a_token_that_is_not_a_digest_or_a_badge_is_still_reported() -> None:
    tok = _alnum("cod2", 32, "0123456789abcdef")
    assert _medium(f'CODACY_PROJECT_TOKEN = "{tok}"\n') != []
    assert _medium('API_TOKEN = "ns:' + _alnum("ns2", 24) + '"\n') != []


@pytest.mark.parametrize(("text", "path"), [
    # a Lezer grammar's token table in a minified CodeMirror bundle
    ('skippedNodes:[0,1,2],repeatNodeCount:41,tokenData:"&*r7ZR!UOX$eXY({YZ.gZ]$e]^+P^p$epq({qr",',
     "lab/static/16.6cda5b6d5f0fa449.js"),
    # a public client ID labelled as one, beside a provider's name
    ("--extractor-args twitch:client_id=" + _alnum("twid", 30, string.ascii_lowercase + string.digits)
     + "\n", "README.txt"),
    # a transliterated page slug in a URL path beside a provider's name
    ("'url': 'https://zen.yandex.ru/media/id/606fd806cc13cb3c58c05cf5/"
     "vot-eto-focus-dedy-morozy-na-gidrociklah-60c7c443da18892ebfe85ed7',\n",
     "yt_dlp/extractor/yandexvideo.py"),
])
def test_bundle_tables_labelled_ids_and_slugs_are_not_secrets(text: str, path: str) -> None:
    assert _medium(text, path) == []


def test_a_twitch_token_that_is_not_labelled_an_id_is_reported() -> None:
    tok = _alnum("twtok", 30, string.ascii_lowercase + string.digits)
    assert _medium(f"TWITCH_OAUTH_TOKEN={tok}\n", ".env") != []


@pytest.mark.parametrize(("text", "path"), [
    # key paths and model or corpus names: lower-case words between slashes
    (">>> key = mb.corpusPathToKey('bach/bwv1007/prelude')\n", "music/bundles.py"),
    ("dir_key = 'orbax/distributed_to_device_ids/'\n", "orbax/multihost.py"),
    ('_CHECKPOINT_FOR_TOKEN_CLASSIFICATION = "dbmdz/bert-large-cased-finetuned-conll03-english"\n',
     "models/bert/modeling.py"),
    # a file name with an extension of its own
    ('material_key = "CATMaterialRef.3dxml"\n', "exchange/threedxml.py"),
    # npm package names with their scope, in a bundle's module table
    ('{key:"@rjsf/validator-ajv8",version:"5.1.0"},{key:"@jupyterlab/vega5-extension"}\n',
     "static/main.js"),
    # private members of a web component, as event handlers
    ('<paper-input on-keyup="_labelChange" on-keydown="_inputKeyDown"></paper-input>\n',
     "projector/index.html"),
    # a regular expression, and cuts of a minified bundle
    ('nonKeyPat = r"(^|[^a-zA-Z0-9_.\\"\'])"\n', "lib/fontify.py"),
    ('e.secret="+String(w))}if(3!=n.biff&&m>=0&&-1==["\n', "dist/export.js"),
    # prose: a docstring saying what a value is identified by
    ("      identified by 'metric_name' or None if the value doesn't exist.\n", "hparams/x.py"),
])
def test_paths_packages_members_and_code_are_not_secrets(text: str, path: str) -> None:
    assert _medium(text, path) == []


def test_random_values_beside_those_shapes_are_still_reported() -> None:
    """Mixed case, or no word between the slashes, or a password slot: reported."""
    mixed = _alnum("wp1", 10) + "/" + _alnum("wp2", 14)
    assert _medium(f'dir_key = "{mixed}"\n')
    assert _medium(f'API_SECRET = "{_alnum("cd1", 28)}"\n')
    assert _medium(f"CREATE USER app IDENTIFIED BY '{fakes.human_password('sq')}';\n")
    # words with digits typed on, in the password slot of a SQL statement (no name to read)
    assert _medium("CREATE USER 'app'@'%' IDENTIFIED BY 'lumen_" + "sprocket74';\n")
    pw = _alnum("zp", 18)
    found = scan_text(f"- Where: [Zoom](https://zoom.us/j/9522801?pwd={pw})\n", "README.md")
    assert [f.secret for f in found if f.rule_id == "url-query-password"] == [pw]
