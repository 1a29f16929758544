"""One fake credential per verifier, and the finding a scan would make of it. Not a test
module: secrets are built at run time from :mod:`tests.fakes`."""

from __future__ import annotations

from dataclasses import dataclass

from scanner.engine.fingerprint import fingerprint
from scanner.models import Finding, Severity
from tests import fakes


def finding(provider: str, rule: str, secret: str, file: str = "app.py", line: int = 1,
            line_text: str = "", group: str | None = None,
            extra: tuple[tuple[str, str], ...] = ()) -> Finding:
    return Finding(rule_id=rule, description=rule, provider=provider, severity=Severity.HIGH,
                   file=file, line=line, column=1, end_column=1 + len(secret), secret=secret,
                   fingerprint=fingerprint(rule, file, secret), line_text=line_text or secret,
                   group=group, extra=extra)


@dataclass
class Case:
    verifier: str
    finding: Finding
    live_key: str          # what the emulator sees when this credential is presented
    identity: str | None   # what a live answer says
    host: str


def _webhook(seed: int) -> tuple[str, str]:
    wid = str(fakes.rng(f"wh{seed}").randint(10**17, 10**18))
    tok = fakes.rand(f"wht{seed}", fakes.ALNUM + "_-", 68)
    return "https://" + "discord.com/api/webhooks/" + f"{wid}/{tok}", f"{wid}/{tok}"


def cases(seed: int = 1) -> list[Case]:
    sid, tw = fakes.twilio_account_sid(seed), fakes.twilio_auth_token(seed)
    hook, hook_key = _webhook(seed)
    simple = [
        ("github", "github", "github-classic-token", fakes.github_classic(seed), "octo-dev",
         "api.github.com"),
        ("gitlab", "gitlab", "gitlab-token", fakes.gitlab_pat(seed), "gl-dev", "gitlab.com"),
        ("slack", "slack", "slack-token", fakes.slack_bot(seed), "Acme/deploybot", "slack.com"),
        ("stripe", "stripe", "stripe-live-key", fakes.stripe_live(seed), "acct_fake1",
         "api.stripe.com"),
        ("openai", "openai", "openai-api-key", fakes.openai_key(seed), None, "api.openai.com"),
        ("anthropic", "anthropic", "anthropic-api-key", fakes.anthropic_key(seed), None,
         "api.anthropic.com"),
        ("sendgrid", "sendgrid", "sendgrid-api-key", fakes.sendgrid_key(seed), None,
         "api.sendgrid.com"),
        ("mailgun", "mailgun", "mailgun-api-key", fakes.mailgun_key(seed), None,
         "api.mailgun.net"),
        ("npm", "npm", "npm-token", fakes.npm_token(seed), "npm-dev", "registry.npmjs.org"),
        ("huggingface", "huggingface", "huggingface-token", fakes.huggingface_token(seed),
         "hf-dev", "huggingface.co"),
        ("digitalocean", "digitalocean", "digitalocean-token", fakes.digitalocean_token(seed),
         "ops@example.com", "api.digitalocean.com"),
        ("datadog", "datadog", "datadog-api-key", fakes.api_key_hex(seed, 32), None,
         "api.datadoghq.com"),
        ("heroku", "heroku", "heroku-api-key-v2", fakes.heroku_key(seed), "heroku@example.com",
         "api.heroku.com"),
        ("shopify", "shopify", "shopify-token", fakes.shopify_token(seed), None,
         "acme.myshopify.com"),
        ("discord-bot", "discord", "discord-bot-token", fakes.discord_bot_token(seed),
         "acme-bot", "discord.com"),
        ("telegram", "telegram", "telegram-bot-token", fakes.telegram_bot_token(seed),
         "acme_bot", "api.telegram.org"),
        ("terraform-cloud", "hashicorp", "terraform-cloud-token",
         fakes.terraform_cloud_token(seed), "tf-dev", "app.terraform.io"),
        ("crates-io", "crates", "crates-io-token", "cio" + fakes.rand(f"cio{seed}", fakes.ALNUM,
                                                                     32), "crate-dev",
         "crates.io"),
    ]
    out = [Case(name, finding(prov, rule, secret), secret, ident, host)
           for name, prov, rule, secret, ident, host in simple]
    out.append(Case("twilio", finding("twilio", "twilio-auth-token", tw,
                                      line_text=f'client = Client("{sid}", "{tw}")'),
                    f"{sid}:{tw}", "Acme main", "api.twilio.com"))
    out.append(Case("discord-webhook", finding("discord", "discord-webhook", hook), hook_key,
                    "deploys", "discord.com"))
    for name, host, ident in BREADTH_CASES:
        secret = fakes.rand(f"{name}{seed}", fakes.ALNUM, 40)
        out.append(Case(name, finding(name, f"{name}-token", secret), secret, ident, host))
    return out


BREADTH_CASES = [
    ("cloudflare", "api.cloudflare.com", "active"), ("sentry", "sentry.io", None),
    ("postmark", "api.postmarkapp.com", "Acme mail"),
    ("netlify", "api.netlify.com", "n@example.com"), ("vercel", "api.vercel.com", "v-dev"),
    ("linode", "api.linode.com", "lin-dev"), ("pagerduty", "api.pagerduty.com", None),
    ("mistral", "api.mistral.ai", None), ("cohere", "api.cohere.com", None),
    ("groq", "api.groq.com", None), ("openrouter", "openrouter.ai", "or-key"),
    ("deepseek", "api.deepseek.com", None), ("xai", "api.x.ai", "xai-key"),
    ("replicate", "api.replicate.com", "rep-dev"), ("elevenlabs", "api.elevenlabs.io", None),
    ("pinecone", "api.pinecone.io", None), ("circleci", "circleci.com", "cci-dev"),
    ("snyk", "api.snyk.io", "snyk-dev"), ("doppler", "api.doppler.com", "Acme"),
    ("render", "api.render.com", None), ("square", "connect.squareup.com", "Acme"),
    ("brevo", "api.brevo.com", "b@example.com"), ("sparkpost", "api.sparkpost.com", None),
    ("intercom", "api.intercom.io", "i@example.com"),
    ("launchdarkly", "app.launchdarkly.com", "ci"), ("buildkite", "api.buildkite.com", None),
    ("honeycomb", "api.honeycomb.io", "Acme"),
    ("contentful", "api.contentful.com", "c@example.com"),
    ("postman", "api.getpostman.com", "pm-dev"), ("line", "api.line.me", "Acme bot"),
    ("pulumi", "api.pulumi.com", "pu-dev"), ("fastly", "api.fastly.com", "deploy"),
    ("hetzner", "api.hetzner.cloud", None), ("vultr", "api.vultr.com", "vu@example.com"),
    ("lemonsqueezy", "api.lemonsqueezy.com", "l@example.com"),
    ("together", "api.together.xyz", None), ("assemblyai", "api.assemblyai.com", None),
]
