"""Assignment names: which hold a secret (``db_password``) and which only look like it
(``password_length``, ``drawCompass``, ``keyboard_layout``, ``password.encode``)."""

from __future__ import annotations

import functools

from scanner.engine.wordlists import lists


def secretish_name(name: str) -> bool:
    """The name says "secret" (password, token, api_key, *_key...): a hex or UUID value
    under it is a credential, not a digest."""
    low = name.lower().rstrip("\"'`]")
    return any(w in low for w in ("secret", "passw", "pwd", "token", "apikey", "api_key",
                                  "api-key", "private", "credential", "auth")) or low.endswith(
        ("key", "keys", "salt"))


def name_tokens(name: str) -> list[str]:
    """``dbPassword`` -> [db, password]; ``HTTPPasswordMgr`` -> [http, password, mgr]."""
    out: list[str] = []
    cur = ""
    prev = ""
    for i, ch in enumerate(name):
        nxt = name[i + 1] if i + 1 < len(name) else ""
        if not ch.isalnum():
            if cur:
                out.append(cur)
            cur = ""
        elif ch.isupper() and cur and (prev.islower() or prev.isdigit() or nxt.islower()):
            out.append(cur)
            cur = ch
        else:
            cur += ch
        prev = ch
    if cur:
        out.append(cur)
    return [t.lower() for t in out]


@functools.lru_cache(maxsize=4096)
def deny_name(name: str) -> bool:
    """True if an assignment name is not a secret holder (``password_length``,
    ``drawCompass``, ``keyboard_layout``, ``password.encode``...)."""
    stripped = name.strip("\"'`$@:-_.")
    if "." in stripped:
        # config.db.password names a secret; password.encode(...) is a method call
        last = stripped.rsplit(".", 1)[1]
        if last and not _has_secret_word(name_tokens(last)):
            return True
    tokens = name_tokens(stripped)
    if not _has_secret_word(tokens):
        return True
    if _trailing_words(tokens) >= 2:
        return True  # HTTPPasswordMgrWithDefaultRealm, password_reset_email_sent: a type
    snake = "_".join(tokens)
    L = lists()
    if stripped.lower() in L.name_deny_exact or snake in L.name_deny_exact or (
            name.strip("\"'`$@:").lower() in L.name_deny_exact):  # _token: the leading _ counts
        return True
    return snake.endswith(L.name_deny_suffixes) or snake.startswith(L.name_deny_prefixes)


def _trailing_words(tokens: list[str]) -> int:
    """Words after the last secret word: a name that goes on past it (``PasswordMgrWith
    DefaultRealm``) names a class, event or setting about secrets, not a secret."""
    L = lists()
    last = -1
    for i, t in enumerate(tokens):
        if t not in L.name_false_words and _secret_token(t, L.name_secret_words):
            last = i
    if last < 0:
        return 0
    return sum(1 for t in tokens[last + 1:] if not t.isdigit() and t not in _QUALIFIERS)


#: Words that may follow a secret word in a name that still holds the secret.
_QUALIFIERS = frozenset({"value", "val", "str", "string", "plain", "plaintext", "raw",
                         "b64", "base64", "hex", "env", "prod", "dev", "test", "live",
                         "default", "override", "old", "new", "current", "for", "of", "db",
                         "v1", "v2", "id", "base", "encoded", "text", "data", "phrase"})

#: Prefixes before "pass" that make a password name (dbpass, rootpass, smtppass...).
_PASS_QUALIFIERS = ("db", "root", "admin", "user", "my", "sql", "ftp", "smtp", "mail",
                    "ldap", "redis", "mongo", "pg", "app", "api", "web", "sys", "ssh",
                    "key", "store", "wifi", "vnc", "rpc", "bind", "mq", "amqp", "proxy",
                    "http", "nexus", "repo", "pfx", "cert", "jks", "sa", "master", "login",
                    "auth", "default", "secret", "server", "client", "ds", "jdbc", "mysql",
                    "oracle", "ora", "bot", "test", "dev", "prod", "basic", "kafka",
                    "rabbit", "ssl", "tls", "zip", "rar", "pgp", "gpg", "vault", "s3",
                    "remote", "control", "local", "imap", "pop", "pop3", "sip", "host",
                    "share", "smb", "nas", "router", "radius", "ipmi", "bmc", "cam", "nvr")


def _secret_token(t: str, words: tuple[str, ...]) -> bool:
    if t.endswith("pass") and len(t) > 4 and t not in words:
        return t[:-4] in _PASS_QUALIFIERS
    return any(t == w or t.startswith(w) or t.endswith(w) for w in words)


def _has_secret_word(tokens: list[str]) -> bool:
    """Some token is, starts or ends with a secret word, and is not an ordinary English
    word that merely contains one (compass, keyboard, monkey)."""
    L = lists()
    for t in tokens:
        if t in L.name_false_words:
            continue
        if _secret_token(t, L.name_secret_words):
            return True
    return False
