# ruff: noqa: E501
"""Ordinary source files with no secret in them: the bulk of any real repository.

Each writer returns a whole file's text in one language, with the identifiers, hashes,
IDs and config lookups that real code is full of (labelled as decoys where they are the
kind of thing a scanner could mistake for a secret).
"""

from __future__ import annotations

import base64

from tests import fakes
from tests.redteam.kit import Repo


def _cap(w: str) -> str:
    return w[:1].upper() + w[1:]


def py_module(rp: Repo, pkg: str) -> str:
    w = rp.word()
    W = _cap(w)
    variant = rp.n(0, 4)
    lines = ['"""' + f"{W} helpers for {pkg}." + '"""', "", "from __future__ import annotations", "",
             "import logging", "import os", "from dataclasses import dataclass", "from datetime import datetime, timezone", ""]
    lines += ["log = logging.getLogger(__name__)", ""]
    if variant == 0:
        lines += [f'API_BASE = os.environ.get("{pkg.upper().replace("-", "_")}_API_BASE", "https://{rp.host("api")}")',
                  f'API_TOKEN = os.environ["{pkg.upper().replace("-", "_")}_TOKEN"]',
                  f'DEFAULT_TIMEOUT = {rp.n(3, 30)}', ""]
    elif variant == 1:
        lines += [f'# cache key format changed in {rp.date()}; see commit {rp.decoy(fakes.git_sha(rp.s())[:12], "git-sha")}',
                  f'CACHE_PREFIX = "{w}:v{rp.n(2, 9)}"', ""]
    elif variant == 2:
        lines += [f'SCHEMA_ID = "{rp.decoy(rp.uuid(), "uuid")}"',
                  f'FINGERPRINT = "{rp.decoy(fakes.sha256_hex(rp.s()), "hex-digest")}"  # sha256 of schema.json', ""]
    elif variant == 3:
        lines += ["def _secret_name(env: str) -> str:",
                  f'    return f"/{pkg}/{{env}}/{w}-signing-key"', "",
                  "def signing_key(ssm, env: str) -> str:",
                  '    """Read from SSM at runtime; never hard-code."""',
                  '    return ssm.get_parameter(Name=_secret_name(env), WithDecryption=True)["Parameter"]["Value"]', ""]
    lines += ["", "@dataclass(frozen=True)", f"class {W}:", "    id: str", "    tenant_id: str", "    amount_cents: int", "    created_at: datetime", "",
              "    @classmethod", f"    def from_row(cls, row: dict) -> \"{W}\":",
              '        return cls(row["id"], row["tenant_id"], int(row.get("amount_cents") or 0), row["created_at"])', "", "",
              f"def load_{w}s(conn, tenant_id: str, limit: int = 100) -> list[{W}]:",
              f'    sql = "SELECT id, tenant_id, amount_cents, created_at FROM {w}s WHERE tenant_id = %s LIMIT %s"',
              "    with conn.cursor() as cur:", "        cur.execute(sql, (tenant_id, limit))",
              f"        return [{W}.from_row(r) for r in cur.fetchall()]", "", "",
              f"def summarize(items: list[{W}]) -> dict[str, int]:",
              '    out: dict[str, int] = {}', "    for it in items:",
              "        out[it.tenant_id] = out.get(it.tenant_id, 0) + it.amount_cents",
              f'    log.info("summarized %d {w}s at %s", len(items), datetime.now(timezone.utc).isoformat())',
              "    return out", ""]
    return "\n".join(lines)


def py_test(rp: Repo, pkg: str) -> str:
    w = rp.word()
    fake_pw = rp.decoy(rp.pick(["hunter2", "correct-horse", "test-password", "s3cret", "password123", "not-a-real-password", "fake_pw"]), "test-fixture")
    tok = rp.decoy(rp.pick(["test-token", "dummy-token-123", "tok_fake", "x" * 20, "fake-api-key"]), "test-fixture")
    lines = ["import pytest", "", f"from {pkg.replace('-', '_')}.{w} import load_{w}s, summarize", "", "",
             "@pytest.fixture", "def client(app):", f'    app.config["API_TOKEN"] = "{tok}"', "    return app.test_client()", "", "",
             "def test_login_rejects_bad_password(client):",
             f'    r = client.post("/login", json={{"user": "alice", "password": "{fake_pw}"}})',
             "    assert r.status_code == 401", "", "",
             "def test_summarize_empty():", "    assert summarize([]) == {}", "", "",
             "@pytest.mark.parametrize(\"tenant\", [\"" + rp.decoy(rp.uuid(), "uuid") + "\", \"t-" + str(rp.n(100, 999)) + "\"])",
             f"def test_load_{w}s_filters_tenant(db, tenant):",
             f"    rows = load_{w}s(db, tenant)", "    assert all(r.tenant_id == tenant for r in rows)", ""]
    return "\n".join(lines)


def ts_module(rp: Repo, pkg: str) -> str:
    w = rp.word()
    W = _cap(w)
    v = rp.n(0, 3)
    lines = ["import { z } from 'zod';", f"import {{ http }} from '@acme/{pkg}-client';", ""]
    if v == 0:
        lines += [f"const API_KEY = process.env.{w.upper()}_API_KEY ?? '';", f"const BASE_URL = process.env.NEXT_PUBLIC_API_URL || 'https://{rp.host('api')}';", ""]
    elif v == 1:
        lines += [f"// request ids look like {rp.decoy(rp.uuid(), 'uuid')}", "export const TRACE_HEADER = 'x-request-id';", ""]
    elif v == 2:
        lines += [f"export const ICON_SPRITE = '/static/sprite.{rp.decoy(rp.hexs(20), 'cache-bust')}.svg';", ""]
    else:
        lines += [f"const secretName = `${{process.env.STAGE}}/{pkg}/{w}`; // fetched from Secrets Manager", ""]
    lines += [f"export const {W}Schema = z.object({{", "  id: z.string().uuid(),", "  tenantId: z.string(),", "  amountCents: z.number().int(),", "  createdAt: z.string(),", "});", "",
              f"export type {W} = z.infer<typeof {W}Schema>;", "",
              f"export async function fetch{W}s(tenantId: string, signal?: AbortSignal): Promise<{W}[]> {{",
              f"  const res = await http.get(`/v2/tenants/${{tenantId}}/{w}s`, {{ signal }});",
              f"  return z.array({W}Schema).parse(res.data);", "}", "",
              f"export function total(items: {W}[]): number {{", "  return items.reduce((acc, it) => acc + it.amountCents, 0);", "}", ""]
    return "\n".join(lines)


def tsx_component(rp: Repo, pkg: str) -> str:
    w = rp.word()
    W = _cap(w)
    cls = rp.decoy("_" + fakes.rand(rp.s(), fakes.ALNUM, 5) + "_" + fakes.rand(rp.s(), fakes.ALNUM, 6), "css-hash")
    return "\n".join([
        "import React, { useEffect, useState } from 'react';",
        f"import styles from './{W}List.module.css';", "",
        f"export function {W}List({{ tenantId }}: {{ tenantId: string }}) {{",
        "  const [items, setItems] = useState<any[]>([]);",
        "  useEffect(() => {",
        f"    fetch(`/api/{w}s?tenant=${{tenantId}}`).then((r) => r.json()).then(setItems);",
        "  }, [tenantId]);",
        "  return (",
        f"    <ul className={{styles.list}} data-testid=\"{w}-list\">",
        f"      {{items.map((it) => <li key={{it.id}} className=\"{cls}\">{{it.name}}</li>)}}",
        "    </ul>", "  );", "}", ""])


def go_file(rp: Repo, pkg: str) -> str:
    w = rp.word()
    W = _cap(w)
    v = rp.n(0, 2)
    extra = []
    if v == 0:
        extra = [f'// golden digest of testdata/{w}.json', f'const golden{W}Digest = "{rp.decoy(fakes.sha256_hex(rp.s()), "hex-digest")}"', ""]
    elif v == 1:
        extra = [f'var defaultTenant = "{rp.decoy(rp.uuid(), "uuid")}"', ""]
    return "\n".join([f"package {pkg.replace('-', '')}", "", "import (", '\t"context"', '\t"database/sql"', '\t"fmt"', '\t"os"', '\t"time"', ")", ""] + extra + [
        f"type {W} struct {{", '\tID        string    `json:"id" db:"id"`', '\tTenantID  string    `json:"tenant_id" db:"tenant_id"`', '\tCreatedAt time.Time `json:"created_at" db:"created_at"`', "}", "",
        f"func Load{W}s(ctx context.Context, db *sql.DB, tenant string) ([]{W}, error) {{",
        f'\trows, err := db.QueryContext(ctx, "SELECT id, tenant_id, created_at FROM {w}s WHERE tenant_id = $1", tenant)',
        "\tif err != nil {", f'\t\treturn nil, fmt.Errorf("load {w}s: %w", err)', "\t}", "\tdefer rows.Close()",
        f"\tvar out []{W}", "\tfor rows.Next() {", f"\t\tvar x {W}", "\t\tif err := rows.Scan(&x.ID, &x.TenantID, &x.CreatedAt); err != nil {", "\t\t\treturn nil, err", "\t\t}", "\t\tout = append(out, x)", "\t}", "\treturn out, rows.Err()", "}", "",
        "func apiToken() string {", f'\treturn os.Getenv("{w.upper()}_API_TOKEN")', "}", ""])


def java_class(rp: Repo, pkg: str) -> str:
    w = rp.word()
    W = _cap(w)
    return "\n".join([f"package com.acme.{pkg.replace('-', '')};", "", "import org.springframework.beans.factory.annotation.Value;", "import org.springframework.stereotype.Service;", "import java.util.List;", "import java.util.UUID;", "",
                      "@Service", f"public class {W}Service {{", "",
                      f'    @Value("${{{pkg}.{w}.api-key}}")', "    private String apiKey;", "",
                      f'    @Value("${{{pkg}.{w}.secret:}}")', "    private String secret;", "",
                      f"    private static final UUID NAMESPACE = UUID.fromString(\"{rp.decoy(rp.uuid(), 'uuid')}\");", "",
                      f"    private final {W}Repository repository;", "",
                      f"    public {W}Service({W}Repository repository) {{", "        this.repository = repository;", "    }", "",
                      f"    public List<{W}> findByTenant(String tenantId) {{", "        return repository.findAllByTenantId(tenantId);", "    }", "}", ""])


def ruby_model(rp: Repo, pkg: str) -> str:
    w = rp.word()
    W = _cap(w)
    return "\n".join([f"class {W} < ApplicationRecord", "  belongs_to :tenant", f"  has_many :{w}_lines, dependent: :destroy", "",
                      "  validates :amount_cents, numericality: { greater_than_or_equal_to: 0 }", "  encrypts :notes", "",
                      "  scope :recent, -> { where('created_at > ?', 30.days.ago) }", "",
                      "  def signed_id_for_download", f"    Rails.application.message_verifier(:{w}_download).generate(id, expires_in: 1.hour)", "  end", "",
                      "  def api_client", f"    @api_client ||= PartnerApi::Client.new(token: Rails.application.credentials.dig(:partner, :{w}_token))", "  end", "end", ""])


def ruby_controller(rp: Repo, pkg: str) -> str:
    w = rp.word()
    W = _cap(w)
    return "\n".join([f"class {W}sController < ApplicationController", "  before_action :authenticate_user!", f"  before_action :set_{w}, only: %i[show update destroy]", "",
                      "  def index", f"    @{w}s = current_tenant.{w}s.recent.page(params[:page])", "  end", "",
                      "  def show", "  end", "", "  private", "", f"  def set_{w}", f"    @{w} = current_tenant.{w}s.find(params[:id])", "  end", "",
                      f"  def {w}_params", f"    params.require(:{w}).permit(:amount_cents, :notes, :currency)", "  end", "end", ""])


def php_class(rp: Repo, pkg: str) -> str:
    w = rp.word()
    W = _cap(w)
    return "\n".join(["<?php", "", "namespace App\\Services;", "", "use Illuminate\\Support\\Facades\\Http;", "",
                      f"class {W}Service", "{", "    public function __construct(private string $apiKey = '')", "    {",
                      f"        $this->apiKey = $apiKey ?: config('services.{w}.key');", "    }", "",
                      "    public function fetch(string $tenant): array", "    {",
                      f"        return Http::withToken($this->apiKey)->get(\"https://{rp.host('api')}/v1/{w}s\", ['tenant' => $tenant])->json();",
                      "    }", "}", ""])


def cs_class(rp: Repo, pkg: str) -> str:
    w = rp.word()
    W = _cap(w)
    return "\n".join(["using System;", "using Microsoft.Extensions.Configuration;", "using Microsoft.Extensions.Logging;", "", f"namespace Acme.{_cap(pkg.replace('-', ''))}", "{",
                      f"    public class {W}Client", "    {", "        private readonly string _apiKey;", f"        private readonly ILogger<{W}Client> _log;", "",
                      f"        public {W}Client(IConfiguration config, ILogger<{W}Client> log)", "        {",
                      f"            _apiKey = config[\"{W}:ApiKey\"] ?? throw new InvalidOperationException(\"{W}:ApiKey missing\");",
                      "            _log = log;", "        }", "",
                      f"        public static readonly Guid ProductId = new Guid(\"{rp.decoy(rp.uuid(), 'uuid')}\");", "    }", "}", ""])


def kotlin_file(rp: Repo, pkg: str) -> str:
    w = rp.word()
    W = _cap(w)
    return "\n".join([f"package com.acme.{pkg.replace('-', '')}", "", "import com.acme.BuildConfig", "import okhttp3.Interceptor", "",
                      f"class {W}AuthInterceptor : Interceptor {{",
                      "    override fun intercept(chain: Interceptor.Chain) = chain.proceed(",
                      "        chain.request().newBuilder()", '            .header("X-Api-Key", BuildConfig.API_KEY)', "            .build()", "    )", "}", ""])


def rust_file(rp: Repo, pkg: str) -> str:
    w = rp.word()
    return "\n".join(["use std::env;", "use sha2::{Digest, Sha256};", "",
                      f'const EXPECTED: &str = "{rp.decoy(fakes.sha256_hex(rp.s()), "hex-digest")}";', "",
                      f"pub fn {w}_token() -> Option<String> {{", f'    env::var("{w.upper()}_TOKEN").ok()', "}", "",
                      "pub fn verify(bytes: &[u8]) -> bool {", "    hex::encode(Sha256::digest(bytes)) == EXPECTED", "}", ""])


def swift_file(rp: Repo, pkg: str) -> str:
    w = rp.word()
    W = _cap(w)
    return "\n".join(["import Foundation", "", f"struct {W}API {{",
                      '    static let baseURL = URL(string: "https://' + rp.host("api") + '")!',
                      '    static var apiKey: String { Bundle.main.object(forInfoDictionaryKey: "API_KEY") as? String ?? "" }', "",
                      f"    func fetch{W}s() async throws -> Data {{",
                      f'        var req = URLRequest(url: Self.baseURL.appendingPathComponent("{w}s"))',
                      '        req.setValue("Bearer \\(Self.apiKey)", forHTTPHeaderField: "Authorization")',
                      "        let (data, _) = try await URLSession.shared.data(for: req)", "        return data", "    }", "}", ""])


def shell_script(rp: Repo, pkg: str) -> str:
    w = rp.word()
    return "\n".join(["#!/usr/bin/env bash", "set -euo pipefail", "", f'# {w} maintenance for {pkg}', 'HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"',
                      ': "${DATABASE_URL:?set DATABASE_URL}"', f'TOKEN="$(aws secretsmanager get-secret-value --secret-id {pkg}/{w} --query SecretString --output text)"',
                      f'curl -fsS -H "Authorization: Bearer ${{TOKEN}}" "https://{rp.host("api")}/v1/{w}s/reindex" -X POST',
                      'echo "done at $(date -u +%FT%TZ)"', ""])


def markdown_doc(rp: Repo, title: str) -> str:
    lines = [f"# {title}", "", f"This document describes how the {rp.word()} flow works end to end.", "",
             "## Running locally", "", "```bash", "cp .env.example .env", "make dev", "```", "",
             f"Requests carry an `x-request-id` header (for example `{rp.decoy(rp.uuid(), 'uuid')}`) that shows up in the logs.", "",
             "## Configuration", "", "| variable | meaning |", "| --- | --- |", "| `API_TOKEN` | token for the partner API, from 1Password |", "| `DATABASE_URL` | `postgres://user:password@localhost:5432/dev` |", ""]
    return "\n".join(lines)


def css_file(rp: Repo) -> str:
    img = fakes.png_base64(rp.s(), 300)
    return "\n".join([".header{display:flex;align-items:center}",
                      f".logo{{background:url(data:image/png;base64,{rp.decoy(img[:200], 'base64-image')}{img[200:]}) no-repeat}}",
                      f"@font-face{{font-family:Inter;src:url(/fonts/inter.{rp.decoy(rp.hexs(8), 'cache-bust')}.woff2?v={rp.hexs(20)}) format('woff2')}}", ""])


def b64_fixture(rp: Repo) -> str:
    return base64.b64encode(rp.r.randbytes(rp.n(60, 120))).decode()
