# ruff: noqa: E501
"""Go, Java, Kotlin, C#, Ruby, PHP, Rust, Swift: positional AWS constructors and friends."""

from __future__ import annotations

import json

from tests import fakes
from tests.corpus import filler
from tests.corpus.core import G, N, P


def go_aws(g: G, d: str) -> None:
    kid, sec = fakes.aws_key_id(g.s()), fakes.aws_secret(g.s())
    head = ('package storage\n\nimport (\n\t"context"\n\t"encoding/json"\n\t"errors"\n\t"fmt"\n\t"net/http"\n'
            '\t"os"\n\t"strings"\n\t"time"\n\n\t"github.com/aws/aws-sdk-go/aws"\n'
            '\t"github.com/aws/aws-sdk-go/aws/credentials"\n\t"github.com/aws/aws-sdk-go/aws/session"\n)\n')
    s = g.r.randint(0, 4)
    if s == 0:
        body = (f'\nfunc newSession() *session.Session {{\n\treturn session.Must(session.NewSession(&aws.Config{{\n'
                f'\t\tRegion:      aws.String("eu-west-1"),\n'
                f'\t\tCredentials: credentials.NewStaticCredentials("{kid}", "{sec}", ""),{P("aws.pair")}\n\t}}))\n}}\n')
    elif s == 1:
        body = (f'\nvar creds = credentials.NewStaticCredentials(\n\t"{kid}",{P("aws.key_id")}\n'
                f'\t"{sec}",{P("aws.secret")}\n\t"",\n)\n')
    elif s == 2:
        body = (f'\nconst (\n\tawsAccessKeyID     = "{kid}"{P("aws.key_id")}\n\tawsSecretAccessKey = "{sec}"{P("aws.secret")}\n)\n\n'
                'func newSession() *session.Session {\n\treturn session.Must(session.NewSession(&aws.Config{\n'
                '\t\tCredentials: credentials.NewStaticCredentials(awsAccessKeyID, awsSecretAccessKey, ""),\n\t}))\n}\n')
    elif s == 3:
        body = ('\nfunc newSession() *session.Session {\n\treturn session.Must(session.NewSession(&aws.Config{\n'
                f'\t\tCredentials: credentials.NewStaticCredentials(os.Getenv("AWS_ACCESS_KEY_ID"), os.Getenv("AWS_SECRET_ACCESS_KEY"), ""),{N("reference")}\n'
                '\t}))\n}\n')
    else:
        body = ('\n// cfg loads credentials from the default chain (env, shared config, IMDS).\n'
                'func newSession() *session.Session {\n\treturn session.Must(session.NewSessionWithOptions(session.Options{\n'
                '\t\tSharedConfigState: session.SharedConfigEnable,\n\t}))\n}\n')
    g.write(f"{d}/internal/{g.pick(['storage', 'awsutil', 'blob', 'archive'])}/session.go", "go",
            head + body + filler.golang(g))


def go_service(g: G, d: str) -> None:
    lines = ["package main", "", "import (", '\t"database/sql"', '\t"log"', '\t"os"', "", '\t_ "github.com/lib/pq"', ")", ""]
    s = g.r.randint(0, 5)
    if s == 0:
        lines.append(f'const dsn = "postgres://orders:{fakes.password(g.s(), 18)}@{g.host()}:5432/orders?sslmode=require"{P("connection_string")}')
    elif s == 1:
        lines.append(f'var dsn = fmt.Sprintf("postgres://%s:%s@%s/orders", os.Getenv("DB_USER"), os.Getenv("DB_PASSWORD"), host){N("reference")}')
    elif s == 2:
        lines.append(f'const slackToken = "{fakes.slack_bot(g.s())}"{P("slack")}')
    elif s == 3:
        lines.append(f'var githubToken = "{fakes.github_classic(g.s(), g.pick("pos"))}"{P("github")}')
    elif s == 4:
        lines.append(f'var githubToken = os.Getenv("GITHUB_TOKEN"){N("reference")}')
    else:
        lines.append(f'const doToken = "{fakes.digitalocean_token(g.s())}"{P("digitalocean")}')
    lines += ["", "func main() {", '\tdb, err := sql.Open("postgres", os.Getenv("DATABASE_URL"))',
              "\tif err != nil {", "\t\tlog.Fatal(err)", "\t}", "\tdefer db.Close()", "}"]
    lines.append(filler.golang(g))
    g.write(f"{d}/cmd/{g.pick(['server', 'worker', 'migrate', 'cli'])}/main.go", "go", "\n".join(lines))


def go_sum(g: G, d: str) -> None:
    mods = ["github.com/aws/aws-sdk-go", "github.com/go-chi/chi/v5", "github.com/lib/pq",
            "github.com/stretchr/testify", "golang.org/x/crypto", "golang.org/x/sync",
            "google.golang.org/protobuf", "github.com/google/uuid", "github.com/jmespath/go-jmespath",
            "gopkg.in/yaml.v3", "github.com/prometheus/client_golang", "go.uber.org/zap"]
    out = []
    for m in sorted(g.r.sample(mods, g.r.randint(6, len(mods)))):
        v = f"v{g.r.randint(0, 2)}.{g.r.randint(0, 50)}.{g.r.randint(0, 20)}"
        out.append(f"{m} {v} {fakes.go_sum_hash(g.s())}")
        out.append(f"{m} {v}/go.mod {fakes.go_sum_hash(g.s())}")
    g.write(f"{d}/go.sum", "gosum", "\n".join(out) + "\n")
    g.write(f"{d}/go.mod", "gomod", f"module github.com/acme/{d.split('/')[-1]}\n\ngo 1.22\n\nrequire (\n"
            + "".join(f"\t{m} v1.{i}.0\n" for i, m in enumerate(mods[:5])) + ")\n")


def java_aws(g: G, d: str) -> None:
    kid, sec = fakes.aws_key_id(g.s()), fakes.aws_secret(g.s())
    pkg = "com.acme." + g.pick(["orders", "billing", "reports", "media"])
    head = (f"package {pkg};\n\nimport com.amazonaws.auth.AWSStaticCredentialsProvider;\n"
            "import com.amazonaws.auth.BasicAWSCredentials;\nimport com.amazonaws.services.s3.AmazonS3;\n"
            "import com.amazonaws.services.s3.AmazonS3ClientBuilder;\nimport org.springframework.stereotype.Service;\n\n"
            "@Service\npublic class S3Uploader {\n")
    s = g.r.randint(0, 4)
    if s == 0:
        body = (f'    private final BasicAWSCredentials creds = new BasicAWSCredentials("{kid}", "{sec}");{P("aws.pair")}\n')
    elif s == 1:
        body = (f'    private static final String ACCESS_KEY = "{kid}";{P("aws.key_id")}\n'
                f'    private static final String SECRET_KEY = "{sec}";{P("aws.secret")}\n'
                '    private final BasicAWSCredentials creds = new BasicAWSCredentials(ACCESS_KEY, SECRET_KEY);\n')
    elif s == 2:
        body = (f'    private final AwsBasicCredentials creds = AwsBasicCredentials.create(\n            "{kid}",{P("aws.key_id")}\n'
                f'            "{sec}");{P("aws.secret")}\n')
    elif s == 3:
        body = ('    @Value("${aws.accessKeyId}")\n    private String accessKey;\n' + '    @Value("${aws.secretKey}")' + N("reference") + '\n'
                '    private String secretKey;\n')
    else:
        body = ('    private final BasicAWSCredentials creds = new BasicAWSCredentials(\n'
                f'            System.getenv("AWS_ACCESS_KEY_ID"), System.getenv("AWS_SECRET_ACCESS_KEY"));{N("reference")}\n')
    g.write(f"{d}/src/main/java/{pkg.replace('.', '/')}/S3Uploader.java", "java",
            head + body + filler.java(g) + "}\n")


def spring_properties(g: G, d: str) -> None:
    lines = ["spring.application.name=" + d.split("/")[-1], "server.port=8080",
             f"spring.datasource.url=jdbc:postgresql://{g.host()}:5432/orders",
             "spring.datasource.username=orders_app"]
    s = g.r.randint(0, 3)
    if s == 0:
        lines.append(f"spring.datasource.password={g.password()}{P('password')}")
    elif s == 1:
        lines.append(f"spring.datasource.password=${{DB_PASSWORD}}{N('reference')}")
    elif s == 2:
        lines.append(f"spring.datasource.password={g.word_password()}{P('password')}")
    else:
        lines.append(f"spring.datasource.password=${{vcap.services.orders-db.credentials.password}}{N('reference')}")
    lines += ["spring.jpa.hibernate.ddl-auto=validate", "management.endpoints.web.exposure.include=health,info",
              "spring.security.oauth2.resourceserver.jwt.issuer-uri=https://auth.acme-corp.io/",
              f"spring.security.oauth2.client.registration.okta.client-id={fakes.rand(g.s(), fakes.ALNUM, 20)}"]
    if g.chance(0.5):
        lines.append(f"spring.security.oauth2.client.registration.okta.client-secret={fakes.api_key_alnum(g.s(), 40)}{P('generic')}")
    else:
        lines.append(f"spring.security.oauth2.client.registration.okta.client-secret=${{OKTA_CLIENT_SECRET}}{N('reference')}")
    lines += ["logging.level.root=INFO", "jwt.token.validity=3600", "app.password-policy.min-length=12"]
    g.write(f"{d}/src/main/resources/application{g.pick(['', '-prod', '-staging'])}.properties", "properties",
            "\n".join(lines) + "\n")


def spring_yaml(g: G, d: str) -> None:
    pw = g.password() if g.chance(0.5) else None
    lines = ["spring:", "  datasource:", f"    url: jdbc:mysql://{g.host()}:3306/billing", "    username: billing"]
    lines.append(f"    password: {pw}{P('password')}" if pw else f"    password: ${{MYSQL_PASSWORD:}}{N('reference')}")
    lines += ["  rabbitmq:", "    host: rabbit.internal", "    username: billing"]
    lines.append(f"    password: '{g.word_password()}'{P('password')}" if g.chance(0.4) else f"    password: ${{RABBIT_PASSWORD}}{N('reference')}")
    lines += ["aws:", "  region: eu-west-1"]
    if g.chance(0.3):
        lines += [f"  access-key: {fakes.aws_key_id(g.s())}{P('aws.key_id')}", f"  secret-key: {fakes.aws_secret(g.s())}{P('aws.secret')}"]
    else:
        lines += [f"  access-key: ${{AWS_ACCESS_KEY_ID}}{N('reference')}", f"  secret-key: ${{AWS_SECRET_ACCESS_KEY}}{N('reference')}"]
    lines += ["management:", "  endpoint:", "    health:", "      show-details: when-authorized"]
    g.write(f"{d}/src/main/resources/application.yml", "yaml", "\n".join(lines) + "\n")


def maven_settings(g: G, d: str) -> None:
    pw = f"<password>{fakes.password(g.s(), 20)}</password>{P('password')}" if g.chance(0.5) else \
        f"<password>${{env.NEXUS_PASSWORD}}</password>{N('reference')}"
    text = ('<?xml version="1.0" encoding="UTF-8"?>\n<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">\n'
            "  <servers>\n    <server>\n      <id>acme-nexus</id>\n      <username>deployer</username>\n"
            f"      {pw}\n    </server>\n    <server>\n      <id>github</id>\n      <username>acme-ci</username>\n"
            f"      <password>{{{fakes.rand(g.s(), fakes.B64, 44)}}}</password>{N('maven-encrypted')}\n    </server>\n  </servers>\n"
            "  <mirrors>\n    <mirror>\n      <id>acme-nexus</id>\n      <mirrorOf>*</mirrorOf>\n"
            "      <url>https://nexus.acme-corp.io/repository/maven-public/</url>\n    </mirror>\n  </mirrors>\n</settings>\n")
    g.write(f"{d}/.mvn/settings.xml", "xml", text)


def kotlin_android(g: G, d: str) -> None:
    lines = ["package com.acme.mobile", "", "import android.app.Application", "", "object ApiConfig {",
             '    const val BASE_URL = "https://api.acme-corp.io/v2/"']
    if g.chance(0.5):
        lines.append(f'    const val MAPS_API_KEY = "{fakes.google_api_key(g.s())}"{P("google.api_key")}')
    else:
        lines.append(f"    val MAPS_API_KEY: String = BuildConfig.MAPS_API_KEY{N('reference')}")
    lines += ["    const val TIMEOUT_SECONDS = 30L", "}", ""]
    lines += [filler.kotlin_block(g) for _ in range(2)]
    g.write(f"{d}/app/src/main/java/com/acme/mobile/ApiConfig.kt", "kotlin", "\n".join(lines))
    xml = ['<?xml version="1.0" encoding="utf-8"?>', "<resources>", '    <string name="app_name">Acme</string>']
    if g.chance(0.4):
        xml.append(f'    <string name="google_maps_key" translatable="false">{fakes.google_api_key(g.s())}</string>{P("google.api_key")}')
    xml.append(f'    <string name="default_web_client_id">{g.r.randint(10**11, 10**12)}-{fakes.rand(g.s(), "abcdefghijklmnopqrstuvwxyz0123456789", 32)}.apps.googleusercontent.com</string>{N("oauth-client-id")}')
    xml.append("</resources>")
    g.write(f"{d}/app/src/main/res/values/strings.xml", "xml", "\n".join(xml) + "\n")


def csharp_aws(g: G, d: str) -> None:
    kid, sec = fakes.aws_key_id(g.s()), fakes.aws_secret(g.s())
    head = ("using Amazon;\nusing Amazon.Runtime;\nusing Amazon.S3;\nusing Microsoft.Extensions.Logging;\n\n"
            f"namespace Acme.{g.pick(['Gateway', 'Billing', 'Reports'])}.Services\n{{\n    public class BlobService\n    {{\n")
    s = g.r.randint(0, 3)
    if s == 0:
        body = f'        private readonly AWSCredentials _creds = new BasicAWSCredentials("{kid}", "{sec}");{P("aws.pair")}\n'
    elif s == 1:
        body = (f'        private const string AccessKey = "{kid}";{P("aws.key_id")}\n'
                f'        private const string SecretKey = "{sec}";{P("aws.secret")}\n')
    elif s == 2:
        body = (f'        private readonly AWSCredentials _creds = new BasicAWSCredentials(\n'
                f'            Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID"),\n'
                f'            Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY"));{N("reference")}\n')
    else:
        body = (f'        private readonly string _conn = "{fakes.azure_connection_string(g.s())}";{P("azure.storage")}\n')
    text = head + body + "".join(filler.csharp_block(g) for _ in range(2)) + "    }\n}\n"
    g.write(f"{d}/Services/BlobService.cs", "csharp", text, newline="\r\n")


def appsettings(g: G, d: str) -> None:
    conn = {}
    s = g.r.randint(0, 4)
    if s == 0:
        conn["Default"] = f"Server={g.host()};Database=Orders;User Id=app_orders;Password={g.password()};TrustServerCertificate=True" + P("connection_string")
    elif s == 1:
        conn["Default"] = "Server=(localdb)\\mssqllocaldb;Database=Orders;Trusted_Connection=True;MultipleActiveResultSets=true" + N("no-password")
    elif s == 2:
        conn["Default"] = f"Host={g.host()};Database=orders;Username=app;Password={g.word_password()}" + P("connection_string")
    elif s == 3:
        conn["Default"] = "Server=tcp:acme.database.windows.net;Database=Orders;Authentication=Active Directory Default;" + N("no-password")
    else:
        conn["Default"] = "Server=db;Database=Orders;User Id=sa;Password=${SA_PASSWORD}" + N("reference")
    if g.chance(0.5):
        conn["Storage"] = fakes.azure_connection_string(g.s()) + P("azure.storage")
    else:
        conn["Storage"] = "UseDevelopmentStorage=true" + N("azure-dev")
    doc = {"Logging": {"LogLevel": {"Default": "Information", "Microsoft.AspNetCore": "Warning"}},
           "AllowedHosts": "*", "ConnectionStrings": conn,
           "Jwt": {"Issuer": "https://auth.acme-corp.io", "Audience": "gateway", "TokenLifetimeMinutes": 60},
           "AzureAd": {"Instance": "https://login.microsoftonline.com/", "TenantId": fakes.uuid4(g.s()) + N("uuid"),
                       "ClientId": fakes.uuid4(g.s()) + N("uuid")}}
    if g.chance(0.4):
        doc["AzureAd"]["ClientSecret"] = (fakes.rand(g.s(), fakes.ALNUM, 3) + "8Q~" + fakes.rand(g.s(), fakes.ALNUM + "_-.~", 34)) + P("azure")
    g.write(f"{d}/appsettings{g.pick(['', '.Production', '.Development'])}.json", "json",
            json.dumps(doc, indent=2, ensure_ascii=False) + "\n", newline="\r\n")


def app_config_xml(g: G, d: str) -> None:
    s = g.r.randint(0, 3)
    if s == 0:
        cs = f'Data Source={g.host()};Initial Catalog=Legacy;User ID=legacy_app;Password={g.password()};'
        line = f'    <add name="LegacyDb" connectionString="{cs}" providerName="System.Data.SqlClient" />{P("connection_string")}'
    elif s == 1:
        line = f'    <add name="LegacyDb" connectionString="Data Source=.;Initial Catalog=Legacy;Integrated Security=SSPI;" providerName="System.Data.SqlClient" />{N("no-password")}'
    elif s == 2:
        line = f'    <add name="LegacyDb" connectionString="Server=db;Database=Legacy;Uid=app;Pwd={g.word_password()};" />{P("connection_string")}'
    else:
        line = f'    <add name="LegacyDb" connectionString="Server=db;Database=Legacy;User Id=app;Password=;" />{N("empty")}'
    settings = ['    <add key="ApiBaseUrl" value="https://api.acme-corp.io/" />',
                f'    <add key="PasswordMinLength" value="12" />{N("keyword-only")}',
                '    <add key="TokenExpiryMinutes" value="30" />']
    if g.chance(0.5):
        settings.append(f'    <add key="SendGridApiKey" value="{fakes.sendgrid_key(g.s())}" />{P("sendgrid")}')
    else:
        settings.append(f'    <add key="SendGridApiKey" value="" />{N("empty")}')
    text = ('<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n  <connectionStrings>\n' + line + "\n"
            "  </connectionStrings>\n  <appSettings>\n" + "\n".join(settings) + "\n  </appSettings>\n"
            '  <system.web>\n    <compilation debug="false" targetFramework="4.8" />\n'
            '    <machineKey validationKey="AutoGenerate,IsolateApps" decryptionKey="AutoGenerate,IsolateApps" />\n'
            "  </system.web>\n</configuration>\n")
    g.write(f"{d}/{g.pick(['App.config', 'Web.config', 'web.config'])}", "xml", text, newline="\r\n")


def ruby_aws(g: G, d: str) -> None:
    kid, sec = fakes.aws_key_id(g.s()), fakes.aws_secret(g.s())
    q = g.q()
    s = g.r.randint(0, 4)
    lines = ["# frozen_string_literal: true", "", "require 'aws-sdk-s3'", ""]
    if s == 0:
        lines.append(f"Aws.config.update(region: 'us-east-1', credentials: Aws::Credentials.new({q}{kid}{q}, {q}{sec}{q})){P('aws.pair')}")
    elif s == 1:
        lines += ["Aws.config.update(", "  region: 'us-east-1',", "  credentials: Aws::Credentials.new(",
                  f"    {q}{kid}{q},{P('aws.key_id')}", f"    {q}{sec}{q}{P('aws.secret')}", "  )", ")"]
    elif s == 2:
        lines.append(f"Aws.config.update(credentials: Aws::Credentials.new(ENV['AWS_ACCESS_KEY_ID'], ENV['AWS_SECRET_ACCESS_KEY'])){N('reference')}")
    elif s == 3:
        lines.append(f"Stripe.api_key = {q}{fakes.stripe_live(g.s())}{q}{P('stripe')}")
    else:
        lines.append(f"Stripe.api_key = Rails.application.credentials.dig(:stripe, :secret_key){N('reference')}")
    lines += ["", "class " + g.pick(["Order", "Invoice", "Customer"]) + " < ApplicationRecord"]
    lines += [filler.ruby_block(g) for _ in range(2)]
    lines.append("end")
    g.write(f"{d}/config/initializers/{g.pick(['aws', 'stripe', 'storage'])}.rb", "ruby", "\n".join(lines) + "\n")


def rails_database_yml(g: G, d: str) -> None:
    lines = ["default: &default", "  adapter: postgresql", "  encoding: unicode",
             "  pool: <%= ENV.fetch(\"RAILS_MAX_THREADS\") { 5 } %>", "", "development:", "  <<: *default",
             "  database: app_development", "  username: postgres", f"  password: postgres{N('fake-value')}", "",
             "test:", "  <<: *default", "  database: app_test", "", "production:", "  <<: *default",
             "  database: app_production", "  username: app"]
    if g.chance(0.5):
        lines.append(f"  password: {g.password()}{P('password')}")
    else:
        lines.append(f"  password: <%= ENV['APP_DATABASE_PASSWORD'] %>{N('reference')}")
    lines.append(f"  host: {g.host()}")
    g.write(f"{d}/config/database.yml", "yaml", "\n".join(lines) + "\n")


def gemfile_lock(g: G, d: str) -> None:
    gems = ["actioncable", "activerecord", "aws-sdk-core", "aws-sdk-s3", "bcrypt", "devise", "jwt", "nokogiri",
            "pg", "puma", "rack", "rails", "redis", "sidekiq", "stripe"]
    out = ["GEM", "  remote: https://rubygems.org/", "  specs:"]
    for gem in gems:
        out.append(f"    {gem} ({g.r.randint(1, 7)}.{g.r.randint(0, 20)}.{g.r.randint(0, 9)})")
    out += ["", "PLATFORMS", "  x86_64-linux", "", "CHECKSUMS"]
    for gem in gems:
        out.append(f"  {gem} ({g.r.randint(1, 7)}.{g.r.randint(0, 20)}.{g.r.randint(0, 9)}) sha256={fakes.sha256_hex(g.s())}")
    out += ["", "BUNDLED WITH", "   2.5.6"]
    g.write(f"{d}/Gemfile.lock", "lockfile", "\n".join(out) + "\n")


def php_config(g: G, d: str) -> None:
    q = g.q()
    s = g.r.randint(0, 3)
    lines = ["<?php", "", "return [", "    'default' => env('DB_CONNECTION', 'mysql'),", "    'connections' => [",
             "        'mysql' => [", "            'driver' => 'mysql',", f"            'host' => env('DB_HOST', '{g.host()}'),",
             "            'database' => env('DB_DATABASE', 'forge'),", "            'username' => env('DB_USERNAME', 'forge'),"]
    if s == 0:
        lines.append(f"            'password' => {q}{g.password()}{q},{P('password')}")
    elif s == 1:
        lines.append(f"            'password' => env('DB_PASSWORD', ''),{N('reference')}")
    elif s == 2:
        lines.append(f"            'password' => env('DB_PASSWORD', {q}{g.word_password()}{q}),{P('password')}")
    else:
        lines.append(f"            'password' => getenv('DB_PASSWORD'),{N('reference')}")
    lines += ["            'charset' => 'utf8mb4',", "        ],", "    ],", "];", ""]
    g.write(f"{d}/config/database.php", "php", "\n".join(lines))


def php_aws(g: G, d: str) -> None:
    kid, sec = fakes.aws_key_id(g.s()), fakes.aws_secret(g.s())
    q = g.q()
    lines = ["<?php", "", "namespace App\\Services;", "", "use Aws\\S3\\S3Client;", "", "class Uploader", "{",
             "    private S3Client $s3;", "", "    public function __construct()", "    {",
             "        $this->s3 = new S3Client([", "            'version' => 'latest',", "            'region' => 'eu-west-1',"]
    if g.chance(0.6):
        lines += ["            'credentials' => [", f"                'key' => {q}{kid}{q},{P('aws.key_id')}",
                  f"                'secret' => {q}{sec}{q},{P('aws.secret')}", "            ],"]
    else:
        lines += ["            'credentials' => [", f"                'key' => getenv('AWS_ACCESS_KEY_ID'),{N('reference')}",
                  f"                'secret' => getenv('AWS_SECRET_ACCESS_KEY'),{N('reference')}", "            ],"]
    lines += ["        ]);", "    }"]
    lines += [filler.php_block(g)]
    lines.append("}")
    g.write(f"{d}/app/Services/Uploader.php", "php", "\n".join(lines) + "\n")


def wp_config(g: G, d: str) -> None:
    lines = ["<?php", "/** The base configuration for WordPress */", "", "define( 'DB_NAME', 'wordpress' );",
             "define( 'DB_USER', 'wp_user' );"]
    if g.chance(0.6):
        lines.append(f"define( 'DB_PASSWORD', '{g.password()}' );{P('password')}")
    else:
        lines.append(f"define( 'DB_PASSWORD', getenv('WORDPRESS_DB_PASSWORD') );{N('reference')}")
    lines += ["define( 'DB_HOST', 'localhost' );", "define( 'DB_CHARSET', 'utf8mb4' );", ""]
    for k in ["AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY"]:
        lines.append(f"define( '{k}', 'put your unique phrase here' );{N('placeholder')}")
    lines += ["", "$table_prefix = 'wp_';", "define( 'WP_DEBUG', false );",
              "if ( ! defined( 'ABSPATH' ) ) {", "\tdefine( 'ABSPATH', __DIR__ . '/' );", "}",
              "require_once ABSPATH . 'wp-settings.php';"]
    g.write(f"{d}/wp-config.php", "php", "\n".join(lines) + "\n")


def composer_lock(g: G, d: str) -> None:
    pk = []
    for name in ["aws/aws-sdk-php", "guzzlehttp/guzzle", "laravel/framework", "monolog/monolog", "symfony/console"]:
        sha = fakes.git_sha(g.s())
        pk.append({"name": name, "version": f"v{g.r.randint(1, 10)}.{g.r.randint(0, 40)}.{g.r.randint(0, 9)}",
                   "source": {"type": "git", "url": f"https://github.com/{name}.git", "reference": sha},
                   "dist": {"type": "zip", "url": f"https://api.github.com/repos/{name}/zipball/{sha}",
                            "reference": sha, "shasum": ""}})
    doc = {"_readme": ["This file locks the dependencies of your project to a known state"],
           "content-hash": fakes.hex_string(g.s(), 32), "packages": pk}
    g.write(f"{d}/composer.lock", "lockfile", json.dumps(doc, indent=4) + "\n")


def rust_main(g: G, d: str) -> None:
    lines = ["use std::env;", "", "use aws_credential_types::Credentials;", "use axum::{extract::State, Json};", ""]
    s = g.r.randint(0, 4)
    if s == 0:
        kid, sec = fakes.aws_key_id(g.s()), fakes.aws_secret(g.s())
        lines += ["fn static_creds() -> Credentials {", f'    Credentials::new("{kid}", "{sec}", None, None, "static"){P("aws.pair")}', "}"]
    elif s == 1:
        lines += ["fn static_creds() -> Credentials {", "    Credentials::new(",
                  '        env::var("AWS_ACCESS_KEY_ID").unwrap(),', f'        env::var("AWS_SECRET_ACCESS_KEY").unwrap(),{N("reference")}',
                  "        None,", "        None,", '        "env",', "    )", "}"]
    elif s == 2:
        lines.append(f'const GITHUB_TOKEN: &str = "{fakes.github_classic(g.s())}";{P("github")}')
    elif s == 3:
        lines.append(f'const DISCORD_TOKEN: &str = "{fakes.discord_bot_token(g.s())}";{P("discord")}')
    else:
        lines.append(f'let token = env::var("API_TOKEN").expect("API_TOKEN must be set");{N("reference")}')
    lines += [filler.rust_block(g) for _ in range(2)]
    g.write(f"{d}/src/main.rs", "rust", "\n".join(lines) + "\n")


def cargo_lock(g: G, d: str) -> None:
    out = ["# This file is automatically @generated by Cargo.", "# It is not intended for manual editing.", "version = 3", ""]
    for c in ["aho-corasick", "axum", "bytes", "serde", "serde_json", "sqlx", "tokio", "tracing", "uuid"]:
        out += ["[[package]]", f'name = "{c}"', f'version = "{g.r.randint(0, 2)}.{g.r.randint(0, 40)}.{g.r.randint(0, 9)}"',
                'source = "registry+https://github.com/rust-lang/crates.io-index"', f'checksum = "{fakes.sha256_hex(g.s())}"', ""]
    g.write(f"{d}/Cargo.lock", "lockfile", "\n".join(out))


def swift_config(g: G, d: str) -> None:
    lines = ["import Foundation", "", "enum Secrets {"]
    if g.chance(0.5):
        lines.append(f'    static let segmentWriteKey = "{fakes.api_key_alnum(g.s(), 32)}"{P("generic")}')
    else:
        lines.append(f'    static let segmentWriteKey = Bundle.main.object(forInfoDictionaryKey: "SEGMENT_KEY") as? String ?? ""{N("reference")}')
    lines += ["}", "", "struct APIClient {", "    let baseURL = URL(string: \"https://api.acme-corp.io\")!",
              "    var token: String?", "", "    func request(_ path: String) -> URLRequest {",
              "        var req = URLRequest(url: baseURL.appendingPathComponent(path))",
              "        if let token { req.setValue(\"Bearer \\(token)\", forHTTPHeaderField: \"Authorization\") }",
              "        return req", "    }", "}"]
    g.write(f"{d}/Sources/App/Config.swift", "swift", "\n".join(lines) + "\n")
    plist = ['<?xml version="1.0" encoding="UTF-8"?>', "<plist version=\"1.0\">", "<dict>",
             "\t<key>API_KEY</key>"]
    if g.chance(0.5):
        plist.append(f"\t<string>{fakes.google_api_key(g.s())}</string>{P('google.api_key')}")
    else:
        plist.append(f"\t<string>$(GOOGLE_API_KEY)</string>{N('reference')}")
    plist += ["\t<key>GCM_SENDER_ID</key>", f"\t<string>{g.r.randint(10**11, 10**12)}</string>", "\t<key>BUNDLE_ID</key>",
              "\t<string>io.acme.mobile</string>", "</dict>", "</plist>"]
    g.write(f"{d}/GoogleService-Info.plist", "xml", "\n".join(plist) + "\n")


GO = [go_aws, go_service, go_sum]
JAVA = [java_aws, spring_properties, spring_yaml, maven_settings]
KOTLIN = [kotlin_android]
CSHARP = [csharp_aws, appsettings, app_config_xml]
RUBY = [ruby_aws, rails_database_yml, gemfile_lock]
PHP = [php_config, php_aws, wp_config, composer_lock]
RUST = [rust_main, cargo_lock]
SWIFT = [swift_config]
