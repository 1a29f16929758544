# ruff: noqa: E501
""".NET, PHP/WordPress/Laravel, Android/iOS, docs, IAM exports, logs, SQL, key material and
the long tail of files with hashes and identifiers."""

from __future__ import annotations

import csv
import io
import json

from tests import fakes
from tests.redteam import filler
from tests.redteam.kit import Repo


# ------------------------------------------------------------------------------ .NET ---------
def dotnet(rp: Repo, base: str) -> None:
    conn_real = rp.chance(0.45)
    pw = rp.gen_pw(18).replace(";", "x")
    conn = (f"Server=tcp:{rp.pick(['acme-sql-prod', 'invoicing-db'])}.database.windows.net,1433;Initial Catalog=invoicing;User ID=invoicing_app;Password={rp.leak(pw, 'generic.password')};Encrypt=True;"
            if conn_real else "Server=(localdb)\\\\MSSQLLocalDB;Database=invoicing;Trusted_Connection=True;MultipleActiveResultSets=true")
    az = (rp.leak(fakes.azure_connection_string(rp.s()), "azure") if rp.chance(0.35) else "UseDevelopmentStorage=true")
    settings = {"Logging": {"LogLevel": {"Default": "Information", "Microsoft.AspNetCore": "Warning"}}, "AllowedHosts": "*",
                "ConnectionStrings": {"DefaultConnection": conn, "Storage": az},
                "AzureAd": {"Instance": "https://login.microsoftonline.com/", "TenantId": rp.decoy(rp.uuid(), "uuid"), "ClientId": rp.decoy(rp.uuid(), "uuid"),
                            "ClientSecret": rp.leak(fakes.azure_ad_client_secret(rp.s()), "azure") if rp.chance(0.35) else ""},
                "Jwt": {"Issuer": "https://invoicing.acme-corp.io", "Audience": "invoicing-api", "SigningKey": "" if rp.chance(0.6) else rp.leak(fakes.api_key_alnum(rp.s(), 48), "generic.secret")},
                "Serilog": {"MinimumLevel": "Information"}}
    rp.write(f"{base}/src/Invoicing.Api/appsettings.json", json.dumps(settings, indent=2) + "\n")
    rp.write(f"{base}/src/Invoicing.Api/appsettings.Development.json", json.dumps({"ConnectionStrings": {"DefaultConnection": "Server=localhost;Database=invoicing;User Id=sa;Password=" + rp.decoy("Your_password123", "placeholder") + ";TrustServerCertificate=True"},
                                                                                     "Jwt": {"SigningKey": rp.decoy("dev-signing-key-change-me", "placeholder")}}, indent=2) + "\n")
    vk, dk = fakes.aspnet_machine_key(rp.s())
    mk = (f'    <machineKey validationKey="{rp.leak(vk, "aspnet.machinekey")}" decryptionKey="{rp.leak(dk, "aspnet.machinekey")}" validation="HMACSHA256" decryption="AES" />'
          if rp.chance(0.4) else '    <machineKey validationKey="AutoGenerate,IsolateApps" decryptionKey="AutoGenerate,IsolateApps" />')
    stripe = (f'    <add key="StripeSecretKey" value="{rp.leak(fakes.stripe_live(rp.s()), "stripe")}" />' if rp.chance(0.35) else '    <add key="StripeSecretKey" value="" />')
    rp.write(f"{base}/legacy/Web.config", "\n".join([
        '<?xml version="1.0" encoding="utf-8"?>', "<configuration>", "  <appSettings>", '    <add key="webpages:Version" value="3.0.0.0" />', stripe,
        f'    <add key="StripePublishableKey" value="{rp.decoy(fakes.stripe_publishable(rp.s()), "stripe-publishable")}" />', "  </appSettings>", "  <connectionStrings>",
        '    <add name="Legacy" connectionString="Data Source=SQL01;Initial Catalog=Legacy;Integrated Security=SSPI;" providerName="System.Data.SqlClient" />',
        "  </connectionStrings>", "  <system.web>", '    <compilation debug="false" targetFramework="4.8" />', mk, "  </system.web>", "</configuration>", ""]))
    if rp.chance(0.35):
        kid, sec = fakes.aws_key_id(rp.s()), fakes.aws_secret(rp.s())
        rp.write(f"{base}/src/Invoicing.Worker/S3Archiver.cs", "\n".join([
            "using Amazon;", "using Amazon.Runtime;", "using Amazon.S3;", "", "namespace Invoicing.Worker;", "", "public sealed class S3Archiver", "{",
            f'    private static readonly BasicAWSCredentials Creds = new("{rp.leak(kid, "aws")}", "{rp.leak(sec, "aws")}");',
            "    private readonly AmazonS3Client _s3 = new(Creds, RegionEndpoint.EUWest1);", "}", ""]))
    for i in range(rp.n(5, 8)):
        rp.write(f"{base}/src/Invoicing.Api/Services/{filler._cap(rp.word())}{i}Client.cs", filler.cs_class(rp, "invoicing"))
    rp.write(f"{base}/src/Invoicing.Api/Invoicing.Api.csproj", "\n".join([
        '<Project Sdk="Microsoft.NET.Sdk.Web">', "  <PropertyGroup>", "    <TargetFramework>net8.0</TargetFramework>",
        f"    <UserSecretsId>{rp.decoy(rp.uuid(), 'uuid')}</UserSecretsId>", "  </PropertyGroup>", "  <ItemGroup>",
        '    <PackageReference Include="AWSSDK.S3" Version="3.7.305.7" />', '    <PackageReference Include="Serilog.AspNetCore" Version="8.0.0" />', "  </ItemGroup>", "</Project>", ""]))
    rp.write(f"{base}/src/Invoicing.Api/packages.lock.json", json.dumps({"version": 1, "dependencies": {"net8.0": {
        "AWSSDK.S3": {"type": "Direct", "requested": "[3.7.305.7, )", "resolved": "3.7.305.7", "contentHash": rp.decoy(fakes._b64(rp.r.randbytes(64)), "lockfile-hash")},
        "Serilog": {"type": "Transitive", "resolved": "3.1.1", "contentHash": fakes._b64(rp.r.randbytes(64))}}}}, indent=2) + "\n")


# ------------------------------------------------------------------------------ PHP ----------
def php(rp: Repo, base: str) -> None:
    salts = ["AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY", "AUTH_SALT", "SECURE_AUTH_SALT", "LOGGED_IN_SALT", "NONCE_SALT"]
    real = rp.chance(0.6)
    lines = ["<?php", "/**", " * The base configuration for WordPress", " */", "", "define( 'DB_NAME', 'wp_blog' );", "define( 'DB_USER', 'wp_blog' );",
             f"define( 'DB_PASSWORD', '{rp.leak(rp.any_pw().replace(chr(39), 'x'), 'generic.password')}' );" if real else "define( 'DB_PASSWORD', getenv('WORDPRESS_DB_PASSWORD') );",
             f"define( 'DB_HOST', '{rp.host()}' );", "define( 'DB_CHARSET', 'utf8mb4' );", "", "/**#@+", " * Authentication unique keys and salts.", " */"]
    for s in salts:
        if real:
            v = fakes.wordpress_salt(rp.s()).replace("'", "x").replace("\\", "x")
            lines.append(f"define( '{s}',{' ' * (17 - len(s))}'{rp.leak(v, 'wordpress.salt')}' );")
        else:
            lines.append(f"define( '{s}',{' ' * (17 - len(s))}'{rp.decoy('put your unique phrase here', 'placeholder')}' );")
    lines += ["", "$table_prefix = 'wp_';", "define( 'WP_DEBUG', false );", "if ( ! defined( 'ABSPATH' ) ) {", "\tdefine( 'ABSPATH', __DIR__ . '/' );", "}", "require_once ABSPATH . 'wp-settings.php';", ""]
    rp.write(f"{base}/blog/wp-config.php", "\n".join(lines))
    rp.write(f"{base}/blog/wp-config-sample.php", "\n".join(["<?php", "define( 'DB_PASSWORD', 'password_here' );"] +
                                                            [f"define( '{s}', 'put your unique phrase here' );" for s in salts] + [""]))
    # Laravel .env
    lv = rp.chance(0.5)
    env = ["APP_NAME=Portal", "APP_ENV=production", f"APP_KEY={rp.leak(fakes.laravel_app_key(rp.s()), 'laravel.app_key') if lv else ''}", "APP_DEBUG=false", "APP_URL=https://portal.acme-corp.io", "",
           "DB_CONNECTION=mysql", f"DB_HOST={rp.host()}", "DB_PORT=3306", "DB_DATABASE=portal", "DB_USERNAME=portal",
           f"DB_PASSWORD={rp.leak(rp.any_pw(), 'generic.password') if lv else ''}", "", "MAIL_MAILER=smtp", "MAIL_HOST=smtp.mailgun.org",
           f"MAILGUN_SECRET={rp.leak(fakes.mailgun_key(rp.s()), 'mailgun') if lv and rp.chance(0.6) else ''}", "MAIL_FROM_ADDRESS=\"noreply@acme-corp.io\"",
           f"PUSHER_APP_ID={rp.n(10**6, 10**7)}", f"PUSHER_APP_KEY={rp.decoy(rp.hexs(20), 'public-id')}", ""]
    rp.write(f"{base}/portal/.env" if lv else f"{base}/portal/.env.example", "\n".join(env))
    aws_php = rp.chance(0.35)
    if aws_php:
        kid, sec = fakes.aws_key_id(rp.s()), fakes.aws_secret(rp.s())
        cfg = ["    's3' => [", "        'driver' => 's3',", f"        'key' => '{rp.leak(kid, 'aws')}',", f"        'secret' => '{rp.leak(sec, 'aws')}',", f"        'region' => '{rp.region()}',", "        'bucket' => 'portal-uploads',", "    ],"]
    else:
        cfg = ["    's3' => [", "        'driver' => 's3',", "        'key' => env('AWS_ACCESS_KEY_ID'),", "        'secret' => env('AWS_SECRET_ACCESS_KEY'),", "        'region' => env('AWS_DEFAULT_REGION'),", "    ],"]
    rp.write(f"{base}/portal/config/filesystems.php", "\n".join(["<?php", "", "return [", "  'default' => env('FILESYSTEM_DISK', 'local'),", "  'disks' => ["] + cfg + ["  ],", "];", ""]))
    rp.write(f"{base}/portal/composer.lock", json.dumps({"_readme": ["This file locks the dependencies of your project to a known state"], "content-hash": rp.decoy(rp.hexs(32), "lockfile-hash"),
                                                         "packages": [{"name": p, "version": f"v{rp.n(1, 11)}.{rp.n(0, 40)}.{rp.n(0, 9)}", "dist": {"type": "zip", "url": f"https://api.github.com/repos/{p}/zipball/{fakes.git_sha(rp.s())}",
                                                                                                                                             "reference": rp.decoy(fakes.git_sha(rp.s()), "git-sha"), "shasum": ""}}
                                                                      for p in ["laravel/framework", "guzzlehttp/guzzle", "aws/aws-sdk-php", "monolog/monolog", "symfony/console"]]}, indent=4) + "\n")
    for i in range(rp.n(4, 7)):
        rp.write(f"{base}/portal/app/Services/{filler._cap(rp.word())}{i}Service.php", filler.php_class(rp, "portal"))


# ------------------------------------------------------------------------------ Mobile -------
def mobile(rp: Repo, base: str) -> None:
    a = f"{base}/android"
    real = rp.chance(0.5)
    rp.write(f"{a}/gradle.properties", "\n".join([
        "org.gradle.jvmargs=-Xmx4g -Dfile.encoding=UTF-8", "android.useAndroidX=true", "kotlin.code.style=official",
        "RELEASE_STORE_FILE=../keystore/release.jks", f"RELEASE_STORE_PASSWORD={rp.leak(rp.any_pw(), 'generic.password') if real else ''}", "RELEASE_KEY_ALIAS=upload",
        f"RELEASE_KEY_PASSWORD={rp.leak(rp.any_pw(), 'generic.password') if real else ''}", ""]))
    rp.write(f"{a}/app/build.gradle.kts", "\n".join([
        "android {", "    signingConfigs {", "        create(\"release\") {", "            storeFile = file(project.property(\"RELEASE_STORE_FILE\") as String)",
        "            storePassword = project.property(\"RELEASE_STORE_PASSWORD\") as String", "            keyAlias = \"upload\"",
        "            keyPassword = System.getenv(\"RELEASE_KEY_PASSWORD\")", "        }", "    }", "    defaultConfig {",
        "        buildConfigField(\"String\", \"MAPS_API_KEY\", \"\\\"${project.findProperty(\"MAPS_API_KEY\") ?: \"\"}\\\"\")", "    }", "}", ""]))
    gk = fakes.google_api_key(rp.s())
    gs = {"project_info": {"project_number": str(rp.n(10**11, 10**12 - 1)), "project_id": "acme-mobile-prod", "storage_bucket": "acme-mobile-prod.appspot.com"},
          "client": [{"client_info": {"mobilesdk_app_id": f"1:{rp.n(10**11, 10**12 - 1)}:android:{rp.hexs(16)}", "android_client_info": {"package_name": "io.acmecorp.app"}},
                      "oauth_client": [{"client_id": rp.decoy(fakes.google_oauth_client_id(rp.s()), "oauth-client-id"), "client_type": 3}],
                      "api_key": [{"current_key": rp.leak(gk, "google.firebase")}], "services": {"appinvite_service": {"other_platform_oauth_client": []}}}],
          "configuration_version": "1"}
    rp.write(f"{a}/app/google-services.json", json.dumps(gs, indent=2) + "\n")
    if rp.chance(0.4):
        rp.write(f"{a}/keystore.properties", "\n".join([f"storePassword={rp.leak(rp.gen_pw(16), 'generic.password')}", f"keyPassword={rp.leak(rp.gen_pw(16), 'generic.password')}",
                                                       "keyAlias=release", "storeFile=release.jks", ""]))
    for i in range(rp.n(3, 5)):
        rp.write(f"{a}/app/src/main/java/io/acmecorp/app/{filler._cap(rp.word())}{i}.kt", filler.kotlin_file(rp, "app"))
    i_ = f"{base}/ios"
    gk2 = fakes.google_api_key(rp.s())
    rp.write(f"{i_}/AcmeApp/GoogleService-Info.plist", "\n".join([
        '<?xml version="1.0" encoding="UTF-8"?>', '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">', '<plist version="1.0">', "<dict>",
        "\t<key>CLIENT_ID</key>", f"\t<string>{fakes.google_oauth_client_id(rp.s())}</string>", "\t<key>API_KEY</key>", f"\t<string>{rp.leak(gk2, 'google.firebase')}</string>",
        "\t<key>GCM_SENDER_ID</key>", f"\t<string>{rp.n(10**11, 10**12 - 1)}</string>", "\t<key>BUNDLE_ID</key>", "\t<string>io.acmecorp.app</string>", "</dict>", "</plist>", ""]))
    secret_plist = rp.chance(0.4)
    rp.write(f"{i_}/AcmeApp/Info.plist", "\n".join([
        '<?xml version="1.0" encoding="UTF-8"?>', '<plist version="1.0">', "<dict>", "\t<key>CFBundleIdentifier</key>", "\t<string>$(PRODUCT_BUNDLE_IDENTIFIER)</string>",
        "\t<key>API_KEY</key>", "\t<string>$(ACME_API_KEY)</string>", "\t<key>PartnerAPISecret</key>",
        f"\t<string>{rp.leak(fakes.api_key_alnum(rp.s(), 40), 'generic.secret') if secret_plist else '$(PARTNER_API_SECRET)'}</string>",
        "\t<key>NSCameraUsageDescription</key>", "\t<string>Scan receipts</string>", "</dict>", "</plist>", ""]))
    for i in range(rp.n(3, 5)):
        rp.write(f"{i_}/AcmeApp/{filler._cap(rp.word())}{i}API.swift", filler.swift_file(rp, "ios"))


# ------------------------------------------------------------------------------ Docs ---------
def docs(rp: Repo, base: str) -> None:
    ex_id, ex_sec = fakes.aws_example_key_id(), fakes.aws_example_secret()
    rp.write(f"{base}/README.md", "\n".join([
        "# Acme platform monorepo", "", "## Getting started", "", "Configure the AWS CLI with your own key (these are AWS's documented example values):", "", "```ini", "[default]",
        f"aws_access_key_id = {rp.decoy(ex_id, 'aws-example')}", f"aws_secret_access_key = {rp.decoy(ex_sec, 'aws-example')}", "```", "",
        "Never paste real keys in tickets; redact them like this: `" + rp.decoy("AK" + "IA" + "*" * 16, "redacted") + "`.", "",
        "GitHub tokens look like `" + rp.decoy("ghp" + "_" + "x" * 36, "placeholder") + "`; Slack bot tokens start with `xoxb-`.", "",
        "```bash", "export STRIPE_SECRET_KEY=sk" + "_live_...", "export OPENAI_API_KEY=<your key>", "export DATABASE_URL=postgres://user:password@localhost/dev", "```", ""]))
    # docs pages, some with real leaks pasted in "how I fixed it" notes
    for i in range(rp.n(8, 12)):
        title = rp.pick(["Runbook: rotate keys", "Onboarding", "ADR 0007: secrets in SSM", "Incident 2023-11-04", "Local development", "Release process", "Data retention", "On-call"])
        text = filler.markdown_doc(rp, title)
        if rp.chance(0.18):
            v = rp.n(0, 3)
            if v == 0:
                text += f"\nWorkaround until the bot is fixed:\n\n```\ncurl -H 'Authorization: token {rp.leak(fakes.github_classic(rp.s()), 'github')}' https://api.github.com/repos/acme-corp/monorepo/dispatches\n```\n"
            elif v == 1:
                text += f"\nThe alert hook is `{rp.leak(fakes.slack_webhook(rp.s()), 'slack')}`.\n"
            elif v == 2:
                text += f"\nStaging login: `admin` / `{rp.leak(rp.human_pw(), 'generic.password')}`\n"
            else:
                text += f"\nBot token for the test workspace: {rp.leak(fakes.slack_bot(rp.s()), 'slack')}\n"
        rp.write(f"{base}/docs/{i:02d}-{title.lower().replace(' ', '-').replace(':', '')}.md", text)
    # API docs with example tokens that are obviously examples / truncated
    rp.write(f"{base}/docs/api/authentication.md", "\n".join([
        "# Authentication", "", "Send your key in the `Authorization` header:", "", "```http", "GET /v2/orders HTTP/1.1", "Host: api.acme-corp.io",
        f"Authorization: Bearer {rp.decoy('sk' + '_test_' + 'X' * 24, 'placeholder')}", "```", "",
        f"A response carries a request id such as `{rp.decoy('req_' + fakes.rand(rp.s(), fakes.ALNUM, 14), 'request-id')}`.", "",
        f"Tokens are JWTs: `{rp.decoy('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ' + '.<signature>', 'jwt-invalid')}`.", "",
        f"Webhook signatures use `Stripe-Signature: t=1700000000,v1={rp.decoy(fakes.sha256_hex(rp.s()), 'hex-digest')}`.", ""]))
    # CHANGELOG with commit SHAs
    cl = ["# Changelog", ""]
    for _ in range(rp.n(15, 30)):
        cl += [f"## [{rp.n(1, 3)}.{rp.n(0, 40)}.{rp.n(0, 9)}] - {rp.date()}", "",
               f"- {rp.words(3)} fix ([{fakes.git_sha(rp.s())[:7]}](https://github.com/acme-corp/monorepo/commit/{rp.decoy(fakes.git_sha(rp.s()), 'git-sha')}))",
               f"- rotate leaked {rp.pick(['Slack', 'Stripe', 'AWS'])} credential (the old value `{rp.decoy(rp.pick(['xoxb-', 'sk' + '_live_', 'AK' + 'IA']) + '…', 'redacted')}` is revoked)" if rp.chance(0.1) else f"- bump {rp.word()} to {rp.n(1, 9)}.{rp.n(0, 9)}", ""]
    rp.write(f"{base}/CHANGELOG.md", "\n".join(cl))
    rp.write(f"{base}/SECURITY.md", "\n".join(["# Security", "", "Report issues to security@acme-corp.io. Our PGP key:", "", "```", _gpg(rp), "```", ""]))


def _gpg(rp: Repo) -> str:
    block = fakes.gpg_public_key_block(rp.s())
    rp.decoy(block.split("\n")[2][:40], "gpg-public")
    return block


# ------------------------------------------------------------------------------ IAM exports --
def iam_exports(rp: Repo, base: str) -> None:
    kid, sec = fakes.aws_key_id(rp.s()), fakes.aws_secret(rp.s())
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["User name", "Password", "Access key ID", "Secret access key", "Console login link"])
    w.writerow(["ci-deployer", "", rp.leak(kid, "aws"), rp.leak(sec, "aws"), f"https://{rp.account()}.signin.aws.amazon.com/console"])
    rp.write(f"{base}/iam/ci-deployer_credentials.csv", buf.getvalue())
    kid2, sec2 = fakes.aws_key_id(rp.s()), fakes.aws_secret(rp.s())
    rp.write(f"{base}/iam/ci-deployer_accessKeys.csv", f"Access key ID,Secret access key\n{rp.leak(kid2, 'aws')},{rp.leak(sec2, 'aws')}\n")
    kid3, sec3 = fakes.aws_key_id(rp.s()), fakes.aws_secret(rp.s())
    rp.write(f"{base}/iam/create-access-key.json", json.dumps({"AccessKey": {"UserName": "etl-runner", "AccessKeyId": rp.leak(kid3, "aws"), "Status": "Active",
                                                                           "SecretAccessKey": rp.leak(sec3, "aws"), "CreateDate": "2024-01-09T14:22:07+00:00"}}, indent=4) + "\n")
    akid, asec, tok = fakes.aws_key_id(rp.s(), "AS" + "IA"), fakes.aws_secret(rp.s()), fakes.aws_session_token(rp.s())
    rp.write(f"{base}/iam/session.json", json.dumps({"Credentials": {"AccessKeyId": rp.leak(akid, "aws"), "SecretAccessKey": rp.leak(asec, "aws"),
                                                                     "SessionToken": rp.leak(tok, "aws"), "Expiration": "2024-01-10T02:22:07+00:00"}}, indent=4) + "\n")
    rp.write(f"{base}/iam/list-access-keys.json", json.dumps({"AccessKeyMetadata": [
        {"UserName": "etl-runner", "AccessKeyId": rp.decoy(fakes.aws_key_id(rp.s()), "aws-lone-key-id"), "Status": "Active", "CreateDate": "2023-02-01T09:00:00+00:00"},
        {"UserName": "etl-runner", "AccessKeyId": rp.decoy(fakes.aws_key_id(rp.s()), "aws-lone-key-id"), "Status": "Inactive", "CreateDate": "2021-07-12T16:40:51+00:00"}]}, indent=4) + "\n")
    rp.write(f"{base}/iam/get-caller-identity.json", json.dumps({"UserId": rp.decoy(fakes.aws_iam_unique_id(rp.s(), "AR" + "OA") + ":botocore-session-1704", "aws-unique-id"),
                                                                "Account": rp.account(), "Arn": "arn:aws:sts::111122223333:assumed-role/admin/botocore-session-1704"}, indent=4) + "\n")
    # ~/.aws/credentials and config copied into a repo
    kid4, sec4 = fakes.aws_key_id(rp.s()), fakes.aws_secret(rp.s())
    rp.write(f"{base}/iam/aws/credentials", "\n".join(["[default]", f"aws_access_key_id = {rp.leak(kid4, 'aws')}", f"aws_secret_access_key = {rp.leak(sec4, 'aws')}", "",
                                                       "[prod-readonly]", "role_arn = arn:aws:iam::111122223333:role/readonly", "source_profile = default", ""]))
    # a credential report (IAM console) has key metadata, no secrets
    rows = ["user,arn,user_creation_time,password_enabled,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date"]
    for u in ["alice", "bob", "ci-deployer", "etl-runner"]:
        rows.append(f"{u},arn:aws:iam::111122223333:user/{u},2021-03-0{rp.n(1, 9)}T10:00:00+00:00,true,true,2023-1{rp.n(0, 2)}-01T00:00:00+00:00,2024-01-0{rp.n(1, 9)}T00:00:00+00:00")
    rp.write(f"{base}/iam/credential-report.csv", "\n".join(rows) + "\n")


# ------------------------------------------------------------------------------ Logs / SQL ---
def logs(rp: Repo, base: str) -> None:
    for j in range(rp.n(3, 5)):
        lines = []
        for _ in range(rp.n(40, 90)):
            t = f"2024-01-{rp.n(1, 28):02d}T{rp.n(0, 23):02d}:{rp.n(0, 59):02d}:{rp.n(0, 59):02d}.{rp.n(100, 999)}Z"
            k = rp.n(0, 6)
            if k == 0:
                lines.append(f'{t} INFO  s3 PutObject bucket=acme-exports key=exports/{rp.uuid()}.csv etag="{rp.decoy(fakes.s3_etag(rp.s()), "s3-etag")}" x-amz-request-id={fakes.rand(rp.s(), "0123456789ABCDEF", 16)} x-amz-id-2={rp.decoy(fakes.amz_id_2(rp.s()), "amz-id-2")}')
            elif k == 1:
                lines.append(f'{t} INFO  http method=GET path=/v2/orders status=200 duration_ms={rp.n(2, 900)} request_id={rp.decoy(rp.uuid(), "uuid")} trace_id={rp.decoy(rp.hexs(32), "trace-id")}')
            elif k == 2:
                lines.append(f'{t} WARN  auth token rejected user={rp.name().split()[0].lower()} token=eyJhbGciOi...[redacted] reason=expired')
            elif k == 3:
                lines.append(f'{t} INFO  deploy image=ghcr.io/acme-corp/orders-api@{fakes.docker_digest(rp.s())} commit={fakes.git_sha(rp.s())}')
            elif k == 4:
                lines.append(f'{t} DEBUG aws credentials loaded from instance profile: access_key_id={rp.decoy("AS" + "IA" + "*" * 12 + fakes.rand(rp.s(), fakes.B32, 4), "redacted")}')
            else:
                lines.append(f'{t} INFO  cache hit key=session:{rp.decoy(rp.hexs(64), "hex-id")} ttl=3600')
        if rp.chance(0.35):
            pos = rp.n(0, len(lines))
            lines.insert(pos, f'2024-01-12T08:14:22.001Z DEBUG outbound GET https://api.partner.example.net/v1/export?api_key={rp.leak(fakes.api_key_alnum(rp.s(), 32), "generic.token")}&format=csv')
        rp.write(f"{base}/logs/app-{j}.log", "\n".join(lines) + "\n")
    sql = ["-- V12__service_users.sql", "BEGIN;", "CREATE ROLE reporting NOLOGIN;"]
    if rp.chance(0.5):
        sql.append(f"CREATE USER metabase WITH PASSWORD '{rp.leak(rp.gen_pw(18).replace(chr(39), 'x'), 'generic.password')}';")
    else:
        sql.append("CREATE USER metabase WITH PASSWORD :'metabase_password';")
    sql += ["GRANT reporting TO metabase;", "INSERT INTO users (email, password_digest, api_key_hash) VALUES"]
    for i in range(4):
        sql.append(f"  ('{rp.email()}', '{rp.decoy(fakes.bcrypt_hash(rp.s()), 'password-hash')}', '{rp.decoy(fakes.sha256_hex(rp.s()), 'hex-digest')}'){',' if i < 3 else ';'}")
    sql += ["COMMIT;", ""]
    rp.write(f"{base}/db/migrations/V12__service_users.sql", "\n".join(sql))
    if rp.chance(0.5):
        rp.write(f"{base}/db/migrations/V13__legacy_reader.sql", f"ALTER USER legacy_reader IDENTIFIED BY \"{rp.leak(rp.human_pw(), 'generic.password')}\";\nGRANT SELECT ON orders TO legacy_reader;\n")
    for i in range(rp.n(4, 7)):
        rp.write(f"{base}/db/migrations/V{20 + i}__{rp.word()}s.sql", "\n".join([f"CREATE TABLE {rp.word()}_{i} (", "  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),",
                                                                                   "  tenant_id uuid NOT NULL,", "  payload jsonb NOT NULL,", "  created_at timestamptz NOT NULL DEFAULT now()", ");", ""]))


# ------------------------------------------------------------------------------ Key material -
def keys_and_hashes(rp: Repo, base: str) -> None:
    # public material: known_hosts, authorized_keys, certificates, GPG public keys (negatives)
    kh = [f"github.com {rp.decoy(fakes.ssh_public_key(rp.s(), '').strip(), 'ssh-public')}", f"gitlab.acme-corp.net {fakes.ssh_public_key(rp.s(), '').strip()}",
          f"|1|{fakes._b64(rp.r.randbytes(20))}|{fakes._b64(rp.r.randbytes(20))} {fakes.ssh_public_key(rp.s(), '').strip()}"]
    rp.write(f"{base}/ops/ssh/known_hosts", "\n".join(kh) + "\n")
    rp.write(f"{base}/ops/ssh/authorized_keys", "\n".join(fakes.ssh_public_key(rp.s(), rp.email()) for _ in range(3)) + "\n")
    rp.write(f"{base}/ops/tls/ca.crt", fakes.pem_certificate(rp.s()))
    rp.write(f"{base}/ops/tls/jwt-public.pem", fakes.pem_public_key(rp.s()))
    rp.write(f"{base}/ops/keys/release-signing.asc", fakes.gpg_public_key_block(rp.s()))
    # private keys: a deploy key, a TLS key next to its cert, a GitHub App key, a service account
    if rp.chance(0.6):
        rp.write(f"{base}/ops/ssh/deploy_ed25519", rp.leak_pem(fakes.pem_private_key(rp.s(), "OPENSSH")))
    if rp.chance(0.5):
        rp.write(f"{base}/ops/tls/server.key", rp.leak_pem(fakes.pem_private_key(rp.s(), rp.pick(["RSA", "PKCS8", "EC"]))))
    if rp.chance(0.5):
        pem = fakes.pem_private_key(rp.s(), "RSA")
        rp.write(f"{base}/services/github-bot/src/app.ts", "\n".join([
            "import { App } from 'octokit';", "", "// TODO: load from secrets manager", "const privateKey = `" + rp.leak_pem(pem).rstrip("\n") + "`;", "",
            f"export const app = new App({{ appId: {rp.n(10**5, 10**6)}, privateKey }});", ""]))
    if rp.chance(0.5):
        sa = fakes.gcp_service_account(rp.s())
        rp.leak_pem(sa["private_key"])
        rp.write(f"{base}/services/bq-export/credentials/service-account.json", json.dumps(sa, indent=2) + "\n")
    # hashes & identifiers: nix, bazel, LFS pointers
    rp.write(f"{base}/nix/flake.lock", json.dumps({"nodes": {"nixpkgs": {"locked": {"lastModified": 1704538339, "narHash": rp.decoy("sha256-" + fakes._b64(rp.r.randbytes(32)), "nix-hash"),
                                                                                   "owner": "NixOS", "repo": "nixpkgs", "rev": fakes.git_sha(rp.s()), "type": "github"}}}, "root": "root", "version": 7}, indent=2) + "\n")
    rp.write(f"{base}/nix/default.nix", "\n".join(["{ pkgs ? import <nixpkgs> {} }:", "pkgs.stdenv.mkDerivation rec {", '  pname = "ingest";', '  version = "1.4.2";',
                                                   "  src = pkgs.fetchurl {", '    url = "https://releases.acme-corp.io/ingest-${version}.tar.gz";',
                                                   f'    sha256 = "{rp.decoy(fakes.nix_base32_hash(rp.s()), "nix-hash")}";', "  };", f'  vendorHash = "sha256-{fakes._b64(rp.r.randbytes(32))}";', "}", ""]))
    rp.write(f"{base}/WORKSPACE.bazel", "\n".join(['load("@bazel_tools//tools/build_defs/repo:http.bzl", "http_archive")', "", "http_archive(", '    name = "rules_go",',
                                                   f'    sha256 = "{rp.decoy(fakes.sha256_hex(rp.s()), "bazel-hash")}",', '    urls = ["https://github.com/bazelbuild/rules_go/releases/download/v0.44.2/rules_go-v0.44.2.zip"],', ")", ""]))
    for i in range(rp.n(2, 4)):
        rp.write(f"{base}/assets/models/model-{i}.onnx", "\n".join(["version https://git-lfs.github.com/spec/v1", f"oid sha256:{rp.decoy(fakes.sha256_hex(rp.s()), 'lfs-pointer')}", f"size {rp.n(10**6, 10**9)}", ""]))
    # netrc / git credentials
    if rp.chance(0.5):
        rp.write(f"{base}/ops/ci/.netrc", f"machine api.heroku.com\n  login ci@acme-corp.io\n  password {rp.leak(fakes.heroku_key(rp.s()), 'heroku')}\nmachine github.com\n  login acme-bot\n  password ${{GITHUB_TOKEN}}\n")
    if rp.chance(0.4):
        rp.write(f"{base}/ops/ci/git-credentials", f"https://acme-bot:{rp.leak(fakes.gitlab_token(rp.s()), 'gitlab')}@gitlab.acme-corp.net\n")
    # misc high-entropy but public tokens in config
    rp.write(f"{base}/apps/web/public/config.js", "\n".join([
        "window.__CONFIG__ = {", f"  algoliaAppId: '{fakes.rand(rp.s(), fakes.B32[:26], 10)}',", f"  algoliaSearchKey: '{rp.decoy(fakes.api_key_hex(rp.s()), 'algolia-search-key')}',",
        f"  mapboxToken: '{rp.decoy(fakes.mapbox_token(rp.s(), public=True), 'mapbox-public')}',", f"  sentryDsn: '{rp.decoy(fakes.sentry_dsn(rp.s()), 'sentry-dsn')}',",
        f"  stripeKey: '{rp.decoy(fakes.stripe_publishable(rp.s()), 'stripe-publishable')}',", f"  googleClientId: '{rp.decoy(fakes.google_oauth_client_id(rp.s()), 'oauth-client-id')}',",
        f"  segmentWriteKey: '{rp.decoy(fakes.rand(rp.s(), fakes.ALNUM, 32), 'public-id')}',", f"  posthogKey: 'phc_{rp.decoy(fakes.rand(rp.s(), fakes.ALNUM, 43), 'public-id')}',", "};", ""]))
    # test fixtures with deliberately fake credentials
    rp.write(f"{base}/services/api/test/fixtures/credentials.json", json.dumps({
        "aws": {"accessKeyId": rp.decoy(fakes.aws_example_key_id(), "aws-example"), "secretAccessKey": rp.decoy(fakes.aws_example_secret(), "aws-example")},
        "github": {"token": rp.decoy("ghp" + "_" + "0" * 36, "placeholder")}, "db": {"password": rp.decoy("test", "test-fixture")},
        "stripe": {"secretKey": rp.decoy("sk" + "_test_" + "fake" + "0" * 20, "test-fixture")}}, indent=2) + "\n")
    rp.write(f"{base}/services/api/test/fixtures/encrypted.yaml", "\n".join([
        "db_password: " + rp.decoy(fakes.sops_value(rp.s()), "encrypted-blob"), "api_token: " + fakes.sops_value(rp.s()), "sops:", "    kms:",
        f"        - arn: arn:aws:kms:eu-west-1:111122223333:key/{rp.uuid()}", f"          enc: {rp.decoy(fakes._b64(rp.r.randbytes(180)), 'encrypted-blob')}",
        "    lastmodified: \"2024-01-03T10:11:12Z\"", f"    mac: ENC[AES256_GCM,data:{fakes._b64(rp.r.randbytes(32))},iv:{fakes._b64(rp.r.randbytes(32))},tag:{fakes._b64(rp.r.randbytes(16))},type:str]", "    version: 3.8.1", ""]))
    rp.write(f"{base}/ops/jenkins/credentials.xml", "\n".join([
        "<com.cloudbees.plugins.credentials.SystemCredentialsProvider>", "  <domainCredentialsMap>", "    <entry>", "      <com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>",
        "        <id>nexus</id>", "        <username>ci</username>", f"        <password>{rp.decoy(fakes.jenkins_secret(rp.s()), 'encrypted-blob')}</password>",
        "      </com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>", "    </entry>", "  </domainCredentialsMap>", "</com.cloudbees.plugins.credentials.SystemCredentialsProvider>", ""]))
