# ruff: noqa: E501
"""JavaScript / TypeScript: SDK config, process.env, lockfiles, .npmrc, minified bundles."""

from __future__ import annotations

import json

from tests import fakes
from tests.corpus import filler
from tests.corpus.core import G, N, P

PKGS = ["react", "react-dom", "axios", "lodash", "express", "zod", "date-fns", "@aws-sdk/client-s3",
        "pg", "jsonwebtoken", "dotenv", "winston", "uuid", "next", "typescript", "eslint",
        "prettier", "vite", "jest", "@types/node", "stripe", "@slack/web-api", "chalk", "commander",
        "ws", "ioredis", "bullmq", "@octokit/rest", "firebase", "@sentry/node"]


def sdk_config(g: G, d: str) -> None:
    ts = g.chance(0.5)
    q = g.pick(["'", '"', "`"]) if g.chance(0.2) else g.pick(["'", '"'])
    lines = ["import { S3Client } from '@aws-sdk/client-s3';", "import Stripe from 'stripe';",
             "import { Octokit } from '@octokit/rest';", ""]
    s = g.r.randint(0, 9)
    if s == 0:
        kid, sec = fakes.aws_key_id(g.s()), fakes.aws_secret(g.s())
        lines += ["export const s3 = new S3Client({", "  region: 'eu-west-1',", "  credentials: {",
                  f"    accessKeyId: {q}{kid}{q},{P('aws.key_id')}", f"    secretAccessKey: {q}{sec}{q},{P('aws.secret')}",
                  "  },", "});"]
    elif s == 1:
        lines += ["export const s3 = new S3Client({", "  region: process.env.AWS_REGION,", "  credentials: {",
                  f"    accessKeyId: process.env.AWS_ACCESS_KEY_ID{'!' if ts else ''},{N('reference')}",
                  f"    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY{'!' if ts else ''},{N('reference')}",
                  "  },", "});"]
    elif s == 2:
        lines.append(f"export const stripe = new Stripe({q}{fakes.stripe_live_long(g.s())}{q}, {{ apiVersion: '2023-10-16' }});{P('stripe')}")
    elif s == 3:
        lines.append(f"export const stripe = new Stripe(process.env.STRIPE_SECRET_KEY{'!' if ts else ''}, {{ apiVersion: '2023-10-16' }});{N('reference')}")
        lines.append(f"export const STRIPE_PUBLISHABLE_KEY = {q}{fakes.stripe_publishable(g.s())}{q};{N('publishable-key')}")
    elif s == 4:
        lines.append(f"const octokit = new Octokit({{ auth: {q}{g.pick([fakes.github_classic(g.s()), fakes.github_fine_grained(g.s())])}{q} }});{P('github')}")
    elif s == 5:
        lines.append(f"const octokit = new Octokit({{ auth: process.env.GITHUB_TOKEN }});{N('reference')}")
    elif s == 6:
        fb_project = "acme-mobile-" + fakes.hex_string(g.s(), 5)
        lines += ["const firebaseConfig = {", f"  apiKey: {q}{fakes.google_api_key(g.s())}{q},{P('google.api_key')}",
                  f"  authDomain: '{fb_project}.firebaseapp.com',", f"  projectId: '{fb_project}',",
                  f"  storageBucket: '{fb_project}.appspot.com',", f"  messagingSenderId: '{g.r.randint(10**11, 10**12)}',",
                  f"  appId: '1:{g.r.randint(10**11, 10**12)}:web:{fakes.hex_string(g.s(), 22)}',", "};"]
    elif s == 7:
        lines += ["export const config = {", "  db: {", "    host: process.env.DB_HOST || 'localhost',",
                  f"    password: process.env.DB_PASSWORD || '',{N('reference')}", "  },",
                  f"  jwtSecret: process.env.JWT_SECRET,{N('reference')}", "};"]
    elif s == 8:
        lines += ["export const config = {", "  db: {", f"    host: '{g.host()}',",
                  f"    password: {q}{g.password()}{q},{P('password')}", "  },",
                  f"  jwtSecret: {q}{fakes.api_key_alnum(g.s(), 48)}{q},{P('generic')}", "};"]
    else:
        lines += [f"const slack = new WebClient({q}{g.pick([fakes.slack_bot, fakes.slack_user])(g.s())}{q});{P('slack')}"]
    lines.append(filler.javascript(g, ts))
    ext = "ts" if ts else "js"
    g.write(f"{d}/src/{g.pick(['config', 'lib/clients', 'services/aws', 'lib/sdk', 'server/config'])}.{ext}",
            "typescript" if ts else "javascript", "\n".join(lines))


def component(g: G, d: str) -> None:
    ts = g.chance(0.6)
    lines = ["import { useEffect, useState } from 'react';", "import { api } from '../lib/api';",
             "import { useAuth } from '../hooks/useAuth';", ""]
    if g.chance(0.3):
        lines.append(f"const MAPBOX_STYLE = 'mapbox://styles/acme/{fakes.rand(g.s(), fakes.ALNUM.lower(), 25)}';")
    if g.chance(0.3):
        lines.append(f"const PLACEHOLDER_AVATAR = 'data:image/png;base64,{fakes.png_base64(g.s(), 300)}';{N('data-uri')}")
    lines.append(filler.javascript(g, ts, g.r.randint(2, 4)))
    ext = "tsx" if ts else "jsx"
    name = g.pick(["OrderList", "InvoiceTable", "Dashboard", "UserMenu", "Settings", "Checkout"])
    g.write(f"{d}/src/components/{name}.{ext}", "typescript" if ts else "javascript", "\n".join(lines))


def package_lock(g: G, d: str) -> None:
    pkgs: dict[str, object] = {"": {"name": d.split("/")[-1], "version": "1.0.0",
                                   "dependencies": {p: "^1.0.0" for p in PKGS[:6]}}}
    for p in g.r.sample(PKGS, g.r.randint(10, 22)):
        ver = f"{g.r.randint(0, 18)}.{g.r.randint(0, 30)}.{g.r.randint(0, 20)}"
        base = p.split("/")[-1]
        pkgs[f"node_modules/{p}"] = {
            "version": ver,
            "resolved": f"https://registry.npmjs.org/{p}/-/{base}-{ver}.tgz",
            "integrity": fakes.sri_integrity(g.s(), g.pick(["sha512", "sha512", "sha1"])),
            "dev": g.chance(0.3) or None,
        }
    doc = {"name": d.split("/")[-1], "version": "1.0.0", "lockfileVersion": 3, "requires": True,
           "packages": pkgs}
    text = json.dumps(doc, indent=2).replace(',\n      "dev": null', "")
    g.write(f"{d}/package-lock.json", "lockfile", text + "\n")


def yarn_lock(g: G, d: str) -> None:
    out = ["# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.", "# yarn lockfile v1", ""]
    for p in sorted(g.r.sample(PKGS, g.r.randint(10, 20))):
        ver = f"{g.r.randint(0, 18)}.{g.r.randint(0, 30)}.{g.r.randint(0, 20)}"
        base = p.split("/")[-1]
        out += ["", f'"{p}@^{ver}":', f'  version "{ver}"',
                f'  resolved "https://registry.yarnpkg.com/{p}/-/{base}-{ver}.tgz#{fakes.git_sha(g.s())}"',
                f"  integrity {fakes.sri_integrity(g.s())}"]
    g.write(f"{d}/yarn.lock", "lockfile", "\n".join(out) + "\n")


def pnpm_lock(g: G, d: str) -> None:
    out = ["lockfileVersion: '6.0'", "", "dependencies:"]
    chosen = sorted(g.r.sample(PKGS, g.r.randint(8, 16)))
    for p in chosen:
        out += [f"  {p}:", "    specifier: ^1.0.0", "    version: 1.2.3"]
    out += ["", "packages:"]
    for p in chosen:
        out += ["", f"  /{p}@1.2.3:", f"    resolution: {{integrity: {fakes.sri_integrity(g.s())}}}",
                "    dev: false"]
    g.write(f"{d}/pnpm-lock.yaml", "lockfile", "\n".join(out) + "\n")


def npmrc(g: G, d: str) -> None:
    s = g.r.randint(0, 2)
    lines = ["registry=https://registry.npmjs.org/", "save-exact=true"]
    if s == 0:
        lines.append(f"//registry.npmjs.org/:_authToken={fakes.npm_token(g.s())}{P('npm')}")
    elif s == 1:
        lines.append(f"//registry.npmjs.org/:_authToken=${{NPM_TOKEN}}{N('reference')}")
    else:
        lines += ["@acme:registry=https://npm.pkg.github.com",
                  f"//npm.pkg.github.com/:_authToken={fakes.github_classic(g.s())}{P('github')}"]
    g.write(f"{d}/.npmrc", "npmrc", "\n".join(lines) + "\n")


def package_json(g: G, d: str) -> None:
    doc = {"name": f"@acme/{d.split('/')[-1]}", "version": "2.3.1", "private": True,
           "scripts": {"build": "tsc -p .", "test": "jest", "lint": "eslint . --ext .ts,.tsx",
                       "start": "node dist/index.js", "deploy": "serverless deploy --stage $STAGE"},
           "dependencies": {p: f"^{g.r.randint(1, 9)}.{g.r.randint(0, 9)}.0" for p in g.r.sample(PKGS, 8)},
           "engines": {"node": ">=18"}}
    g.write(f"{d}/package.json", "json", json.dumps(doc, indent=2) + "\n")


def minified_bundle(g: G, d: str) -> None:
    """A minified vendor bundle: long random-looking identifiers, hashes, base64 fonts."""
    parts = ["/*! For license information please see main.js.LICENSE.txt */",
             "(()=>{var e={" + ",".join(f"{g.r.randint(100, 99999)}:(e,t,n)=>{{\"use strict\";n.d(t,{{Z:()=>{fakes.rand(g.s(), 'abcdefghijklmnopqrstuvwxyz', 2)}}})}}" for _ in range(30)) + "}",
             f'var chunkHashes={{{",".join(f"{g.r.randint(1, 999)}:{chr(34)}{fakes.hex_string(g.s(), 20)}{chr(34)}" for _ in range(25))}}};{N("hex-id")}',
             f'const __sri="{fakes.sri_integrity(g.s(), "sha384")}";{N("sri-hash")}',
             f'@font-face{{font-family:Inter;src:url(data:font/woff2;base64,{fakes.png_base64(g.s(), 2400)}) format("woff2")}}{N("data-uri")}',
             "var " + ",".join(f"_0x{fakes.hex_string(g.s(), 6)}=" + repr(fakes.rand(g.s(), fakes.ALNUM + "+/", g.r.randint(20, 60))) for _ in range(30)) + ";" + N("minified"),
             "function t(e){return e&&e.__esModule?e:{default:e}}var i=t(n(4312)),a=t(n(791));"
             "const s=e=>e.headers.Authorization=`Bearer ${localStorage.getItem(\"token\")}`;",
             "})();", "//# sourceMappingURL=main." + fakes.hex_string(g.s(), 8) + ".js.map"]
    g.write(f"{d}/public/static/js/main.{fakes.hex_string(g.s(), 8)}.min.js", "minified-js",
            "\n".join(parts) + "\n")


def service_worker_keys(g: G, d: str) -> None:
    """Server code with hard-coded tokens of various SaaS providers, or env lookups."""
    ts = g.chance(0.5)
    q = g.pick(["'", '"'])
    makers = [("sendgrid", fakes.sendgrid_key), ("openai", fakes.openai_key), ("anthropic", fakes.anthropic_key),
              ("mailgun", fakes.mailgun_key), ("shopify", fakes.shopify_token), ("discord", fakes.discord_bot_token),
              ("telegram", fakes.telegram_bot_token), ("gitlab", fakes.gitlab_pat), ("digitalocean", fakes.digitalocean_token),
              ("slack.webhook", fakes.slack_webhook), ("twilio", fakes.twilio_key), ("npm", fakes.npm_token)]
    lines = ["'use strict';", "", "const express = require('express');", "const app = express();", ""]
    for fam, mk in g.r.sample(makers, g.r.randint(1, 3)):
        var = {"sendgrid": "SENDGRID_API_KEY", "openai": "OPENAI_API_KEY", "anthropic": "ANTHROPIC_API_KEY",
               "mailgun": "MAILGUN_KEY", "shopify": "SHOPIFY_ADMIN_TOKEN", "discord": "DISCORD_BOT_TOKEN",
               "telegram": "TELEGRAM_BOT_TOKEN", "gitlab": "GITLAB_TOKEN", "digitalocean": "DO_API_TOKEN",
               "slack.webhook": "SLACK_WEBHOOK", "twilio": "TWILIO_API_KEY", "npm": "NPM_PUBLISH_TOKEN"}[fam]
        camel = var.lower().split("_")[0] + "".join(w.capitalize() for w in var.lower().split("_")[1:])
        if g.chance(0.55):
            lines.append(f"const {camel} = {q}{mk(g.s())}{q};{P(fam)}")
        elif g.chance(0.5):
            lines.append(f"const {camel} = process.env.{var};{N('reference')}")
        else:
            lines.append(f"const {camel} = process.env.{var} || {q}{g.placeholder(var)}{q};{N('placeholder')}")
    lines.append(filler.javascript(g, ts))
    g.write(f"{d}/server/{g.pick(['index', 'notify', 'worker', 'bot', 'hooks'])}.{'ts' if ts else 'js'}",
            "typescript" if ts else "javascript", "\n".join(lines))


TEMPLATES = [sdk_config, component, package_lock, yarn_lock, pnpm_lock, npmrc, package_json,
             minified_bundle, service_worker_keys]
