# ruff: noqa: E501
"""Application repositories: a Rails app, a Spring Boot service, a Go service."""

from __future__ import annotations

import base64
import hashlib

from tests import fakes
from tests.redteam import filler
from tests.redteam.kit import Repo


# --------------------------------------------------------------------------------- Rails ----
def rails(rp: Repo, base: str) -> None:
    app = base.rsplit("/", 1)[-1].replace("-", "_")
    leak_db = rp.chance(0.4)
    pw = rp.any_pw()
    prod_pw = (f'  password: "{rp.leak(pw, "generic.password")}"' if leak_db
               else '  password: <%= ENV["' + app.upper() + '_DATABASE_PASSWORD"] %>')
    rp.write(f"{base}/config/database.yml", "\n".join([
        "# PostgreSQL. Versions 9.3 and up are supported.", "default: &default", "  adapter: postgresql", "  encoding: unicode",
        '  pool: <%= ENV.fetch("RAILS_MAX_THREADS") { 5 } %>', "", "development:", "  <<: *default", f"  database: {app}_development",
        "  username: postgres", "  password:", "", "test:", "  <<: *default", f"  database: {app}_test", "",
        "production:", "  <<: *default", f"  database: {app}_production", f"  username: {app}", f"  host: {rp.host()}", prod_pw, ""]))
    if rp.chance(0.5):
        rp.write(f"{base}/config/master.key", rp.leak(fakes.rails_master_key(rp.s()), "rails.master_key") + "\n")
    rp.write(f"{base}/config/credentials.yml.enc", rp.decoy(fakes.rails_credentials_enc(rp.s()), "encrypted-blob"))
    staging_skb = (f"  secret_key_base: {rp.leak(fakes.rails_secret_key_base(rp.s()), 'rails.secret_key_base')}" if rp.chance(0.5)
                   else "  secret_key_base: <%= ENV[\"SECRET_KEY_BASE\"] %>")
    rp.write(f"{base}/config/secrets.yml", "\n".join([
        "# Be sure to restart your server when you modify this file.", "# Do not keep production secrets in the unencrypted secrets file.", "",
        "staging:", staging_skb, "", "production:", '  secret_key_base: <%= ENV["SECRET_KEY_BASE"] %>', ""]))
    rp.write(f"{base}/config/storage.yml", "\n".join([
        "local:", "  service: Disk", '  root: <%= Rails.root.join("storage") %>', "", "amazon:", "  service: S3",
        "  access_key_id: <%= Rails.application.credentials.dig(:aws, :access_key_id) %>",
        "  secret_access_key: <%= Rails.application.credentials.dig(:aws, :secret_access_key) %>",
        f"  region: {rp.region()}", f"  bucket: {app}-uploads-prod", ""]))
    smtp = ("password: Rails.application.credentials.dig(:smtp, :password)" if rp.chance(0.6)
            else f"password: '{rp.leak(fakes.sendgrid_key(rp.s()), 'sendgrid')}'")
    rp.write(f"{base}/config/environments/production.rb", "\n".join([
        "require \"active_support/core_ext/integer/time\"", "", "Rails.application.configure do", "  config.cache_classes = true", "  config.eager_load = true",
        "  config.force_ssl = true", "  config.log_level = :info", '  config.log_tags = [ :request_id ]', "  config.action_mailer.delivery_method = :smtp",
        "  config.action_mailer.smtp_settings = {", "    address: 'smtp.sendgrid.net',", "    port: 587,", "    user_name: 'apikey',", f"    {smtp},",
        "    authentication: :plain,", "    enable_starttls_auto: true", "  }", "end", ""]))
    stripe_init = ("Stripe.api_key = ENV.fetch('STRIPE_SECRET_KEY')" if rp.chance(0.7)
                   else f"Stripe.api_key = '{rp.leak(fakes.stripe_live_long(rp.s()), 'stripe')}'")
    rp.write(f"{base}/config/initializers/stripe.rb", "\n".join([
        "Rails.configuration.stripe = {", f"  publishable_key: '{rp.decoy(fakes.stripe_publishable(rp.s()), 'stripe-publishable')}',",
        "  secret_key:      ENV['STRIPE_SECRET_KEY']", "}", "", stripe_init, "Stripe.api_version = '2023-10-16'", ""]))
    rp.write(f"{base}/config/initializers/sidekiq.rb", "\n".join([
        "Sidekiq.configure_server do |config|", "  config.redis = { url: ENV.fetch('REDIS_URL', 'redis://localhost:6379/1') }", "end", ""]))
    # Gemfile + Gemfile.lock (Bundler 2.5 CHECKSUMS); Sidekiq Pro source credentials sometimes inline
    gems = [("actioncable", "7.1.3"), ("actionmailer", "7.1.3"), ("activerecord", "7.1.3"), ("aws-sdk-s3", "1.143.0"), ("bcrypt", "3.1.20"), ("bootsnap", "1.17.1"),
            ("devise", "4.9.3"), ("nokogiri", "1.16.0"), ("pg", "1.5.4"), ("puma", "6.4.2"), ("rack", "3.0.9"), ("rails", "7.1.3"), ("redis", "5.0.8"),
            ("sidekiq", "7.2.1"), ("stripe", "10.6.0"), ("turbo-rails", "1.5.0"), ("zeitwerk", "2.6.12")]
    pro = rp.chance(0.5)
    if pro:
        cred = rp.leak(rp.hexs(8) + ":" + rp.hexs(8), "generic.url-credential")
        source = f"https://{cred}@gems.contribsys.com/"
    else:
        source = "https://gems.contribsys.com/"
    lock = ["GEM", "  remote: https://rubygems.org/", "  specs:"]
    for g, v in gems:
        lock.append(f"    {g} ({v})")
        if rp.chance(0.3):
            lock.append(f"      activesupport (= {v})")
    lock += ["", "GEM", f"  remote: {source}", "  specs:", "    sidekiq-pro (7.2.0)", "      sidekiq (>= 7.2.0)", "", "PLATFORMS", "  arm64-darwin-23", "  x86_64-linux", "", "DEPENDENCIES"]
    lock += [f"  {g}" for g, _ in gems] + ["", "CHECKSUMS"]
    for g, v in gems:
        lock.append(f"  {g} ({v}) sha256={rp.decoy(hashlib.sha256((g + v).encode()).hexdigest(), 'lockfile-hash')}")
    lock += ["", "RUBY VERSION", "   ruby 3.3.0p0", "", "BUNDLED WITH", "   2.5.4", ""]
    rp.write(f"{base}/Gemfile.lock", "\n".join(lock))
    rp.write(f"{base}/Gemfile", "\n".join(['source "https://rubygems.org"', 'ruby "3.3.0"', ""] + [f'gem "{g}", "~> {v.rsplit(".", 1)[0]}"' for g, v in gems]
                                          + ["", 'source "https://gems.contribsys.com/" do', '  gem "sidekiq-pro"', "end", ""]))
    rp.write(f"{base}/.gitignore", "/.bundle\n/log/*\n/tmp/*\n/config/master.key\n/config/credentials/*.key\n.env*\n")
    # fixtures with bcrypt digests, seeds with dev passwords
    fx = []
    for i in range(3):
        fx += [f"user_{i}:", f"  email: {rp.email()}", f"  encrypted_password: {rp.decoy(fakes.bcrypt_hash(rp.s(), 11), 'password-hash')}",
               *([f"  confirmation_token: {rp.decoy(rp.hexs(20), 'test-fixture')}"] if i == 0 else ["  confirmed_at: <%= 2.days.ago %>"]), ""]
    rp.write(f"{base}/test/fixtures/users.yml", "\n".join(fx))
    rp.write(f"{base}/db/seeds.rb", "\n".join([
        "# Development seeds only", "return unless Rails.env.development?", "",
        f"User.find_or_create_by!(email: 'admin@example.com') {{ |u| u.password = '{rp.decoy('password', 'placeholder')}' }}",
        "Tenant.find_or_create_by!(slug: 'acme')", ""]))
    for i in range(rp.n(7, 10)):
        w = rp.word()
        rp.write(f"{base}/app/models/{w}_{i}.rb", filler.ruby_model(rp, app))
        rp.write(f"{base}/app/controllers/{w}s_{i}_controller.rb", filler.ruby_controller(rp, app))
    # an S3 uploader with credentials inline (old code path)
    if rp.chance(0.35):
        kid, sec = fakes.aws_key_id(rp.s()), fakes.aws_secret(rp.s())
        rp.write(f"{base}/lib/tasks/legacy_export.rake", "\n".join([
            "namespace :legacy do", "  desc 'Export invoices to the partner bucket'", "  task export: :environment do",
            "    s3 = Aws::S3::Client.new(", f"      region: '{rp.region()}',",
            f"      credentials: Aws::Credentials.new('{rp.leak(kid, 'aws')}', '{rp.leak(sec, 'aws')}')", "    )",
            "    Invoice.find_each { |inv| s3.put_object(bucket: 'partner-drop', key: \"#{inv.id}.pdf\", body: inv.pdf) }", "  end", "end", ""]))


# --------------------------------------------------------------------------------- Spring ---
def spring(rp: Repo, base: str) -> None:
    svc = base.rsplit("/", 1)[-1]
    deps = [("org.springframework.boot", "spring-boot-starter-web"), ("org.springframework.boot", "spring-boot-starter-data-jpa"), ("org.postgresql", "postgresql"),
            ("io.jsonwebtoken", "jjwt-api"), ("software.amazon.awssdk", "s3"), ("org.flywaydb", "flyway-core"), ("io.micrometer", "micrometer-registry-prometheus")]
    pom = ['<?xml version="1.0" encoding="UTF-8"?>', '<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
           '         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">', "  <modelVersion>4.0.0</modelVersion>",
           "  <parent>", "    <groupId>org.springframework.boot</groupId>", "    <artifactId>spring-boot-starter-parent</artifactId>", "    <version>3.2.2</version>", "  </parent>",
           "  <groupId>com.acme</groupId>", f"  <artifactId>{svc}</artifactId>", "  <version>1.14.0-SNAPSHOT</version>", "  <properties>", "    <java.version>21</java.version>", "  </properties>", "  <dependencies>"]
    for g, a in deps:
        pom += ["    <dependency>", f"      <groupId>{g}</groupId>", f"      <artifactId>{a}</artifactId>", "    </dependency>"]
    pom += ["  </dependencies>", "  <repositories>", "    <repository>", "      <id>acme-nexus</id>", "      <url>https://nexus.acme-corp.net/repository/maven-releases/</url>", "    </repository>", "  </repositories>", "</project>", ""]
    rp.write(f"{base}/pom.xml", "\n".join(pom))
    jwt_line = ("    secret: ${JWT_SECRET}" if rp.chance(0.5) else f"    secret: {rp.leak(fakes.api_key_alnum(rp.s(), 64), 'generic.secret')}")
    ds_pw = ("    password: ${DB_PASSWORD:}" if rp.chance(0.6) else f"    password: '{rp.leak(rp.any_pw(), 'generic.password')}'")
    rp.write(f"{base}/src/main/resources/application.yml", "\n".join([
        "server:", "  port: 8080", "  shutdown: graceful", "spring:", "  application:", f"    name: {svc}", "  datasource:",
        f"    url: jdbc:postgresql://{rp.host()}:5432/{svc.replace('-', '_')}", f"    username: {svc.replace('-', '_')}", ds_pw,
        "    hikari:", "      maximum-pool-size: 20", "  jpa:", "    open-in-view: false", "  flyway:", "    enabled: true", "",
        "security:", "  jwt:", jwt_line, "    expiration: 3600", "", "management:", "  endpoints:", "    web:", "      exposure:", "        include: health,info,prometheus", ""]))
    mail = (f"spring.mail.password={rp.leak(rp.any_pw(), 'generic.password')}" if rp.chance(0.4) else "spring.mail.password=${MAIL_PASSWORD}")
    rp.write(f"{base}/src/main/resources/application-prod.properties", "\n".join([
        "# production profile", "spring.mail.host=smtp.office365.com", "spring.mail.port=587", "spring.mail.username=noreply@acme-corp.io", mail,
        "spring.mail.properties.mail.smtp.starttls.enable=true", "server.ssl.enabled=true", "server.ssl.key-store=classpath:keystore.p12",
        f"server.ssl.key-store-password={rp.decoy('changeit', 'default-password')}", "server.ssl.key-store-type=PKCS12",
        "logging.level.org.hibernate.SQL=WARN", f"app.cache.version={rp.decoy(rp.hexs(12), 'hex-id')}", ""]))
    rp.write(f"{base}/src/main/resources/application-local.properties", "\n".join([
        "spring.datasource.url=jdbc:postgresql://localhost:5432/dev", "spring.datasource.username=postgres",
        f"spring.datasource.password={rp.decoy('postgres', 'default-password')}", "spring.jpa.show-sql=true", ""]))
    rp.write(f"{base}/src/test/resources/application-test.yml", "\n".join([
        "spring:", "  datasource:", "    url: jdbc:h2:mem:testdb", "    username: sa", f"    password: {rp.decoy('sa', 'default-password')}",
        "security:", "  jwt:", f"    secret: {rp.decoy('test-secret-not-for-production-use-000000000000', 'test-fixture')}", ""]))
    settings_pw = rp.pick(["env", "enc", "plain"])
    pwline = {"env": "${env.NEXUS_PASSWORD}", "enc": rp.decoy(fakes.maven_encrypted_password(rp.s()), "encrypted-blob"),
              "plain": rp.leak(rp.any_pw(), "generic.password") if settings_pw == "plain" else ""}[settings_pw]
    rp.write(f"{base}/.mvn/settings.xml", "\n".join([
        "<settings>", "  <servers>", "    <server>", "      <id>acme-nexus</id>", "      <username>ci-deployer</username>",
        f"      <password>{pwline}</password>", "    </server>", "  </servers>", "</settings>", ""]))
    pkg = svc.replace("-", "")
    for i in range(rp.n(6, 9)):
        rp.write(f"{base}/src/main/java/com/acme/{pkg}/{filler._cap(rp.word())}{i}Service.java", filler.java_class(rp, svc))
    if rp.chance(0.35):
        kid, sec = fakes.aws_key_id(rp.s()), fakes.aws_secret(rp.s())
        rp.write(f"{base}/src/main/java/com/acme/{pkg}/config/S3Config.java", "\n".join([
            f"package com.acme.{pkg}.config;", "", "import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;", "import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;",
            "import software.amazon.awssdk.services.s3.S3Client;", "", "@Configuration", "public class S3Config {", "    @Bean", "    public S3Client s3() {",
            "        // TODO move to IRSA before GA", "        AwsBasicCredentials creds = AwsBasicCredentials.create(",
            f'            "{rp.leak(kid, "aws")}",', f'            "{rp.leak(sec, "aws")}");',
            "        return S3Client.builder().credentialsProvider(StaticCredentialsProvider.create(creds)).build();", "    }", "}", ""]))
    rp.write(f"{base}/Dockerfile", "\n".join([
        "FROM eclipse-temurin:21-jre@" + rp.decoy(fakes.docker_digest(rp.s()), "docker-digest"), "WORKDIR /app", f"COPY target/{svc}.jar app.jar",
        "ENV JAVA_OPTS=\"-XX:MaxRAMPercentage=75\"", "USER 10001", 'ENTRYPOINT ["sh", "-c", "java $JAVA_OPTS -jar app.jar"]', ""]))


# --------------------------------------------------------------------------------- Go -------
def go_service(rp: Repo, base: str) -> None:
    mod = base.rsplit("/", 1)[-1]
    deps = ["github.com/aws/aws-sdk-go-v2 v1.24.1", "github.com/aws/aws-sdk-go-v2/credentials v1.16.16", "github.com/jackc/pgx/v5 v5.5.2", "github.com/redis/go-redis/v9 v9.4.0",
            "github.com/prometheus/client_golang v1.18.0", "go.uber.org/zap v1.26.0", "golang.org/x/sync v0.6.0", "github.com/spf13/viper v1.18.2", "google.golang.org/grpc v1.61.0"]
    rp.write(f"{base}/go.mod", "\n".join([f"module github.com/acme-corp/{mod}", "", "go 1.21", "", "require ("] + [f"\t{d}" for d in deps] + [")", ""]))
    gs = []
    for d in deps:
        name, ver = d.split()
        gs.append(f"{name} {ver} {rp.decoy(fakes.go_sum_hash(rp.s()), 'lockfile-hash')}")
        gs.append(f"{name} {ver}/go.mod {fakes.go_sum_hash(rp.s())}")
    rp.write(f"{base}/go.sum", "\n".join(gs) + "\n")
    dsn_leak = rp.chance(0.4)
    if dsn_leak:
        pw = rp.gen_pw(18).replace("#", "x").replace("?", "x").replace("%", "x")
        dsn = f'"postgres://{rp.user()}:{rp.leak(pw, "generic.url-credential")}@{rp.host()}:5432/{mod}?sslmode=require"'
    else:
        dsn = '"postgres://localhost:5432/' + mod + '?sslmode=disable"'
    rp.write(f"{base}/internal/config/config.go", "\n".join([
        "package config", "", "import (", '\t"os"', '\t"time"', "", '\t"github.com/spf13/viper"', ")", "",
        "type Config struct {", "\tDatabaseURL  string        `mapstructure:\"database_url\"`", "\tRedisAddr    string        `mapstructure:\"redis_addr\"`",
        "\tRedisPassword string       `mapstructure:\"redis_password\"`", "\tAPIToken     string        `mapstructure:\"api_token\"`", "\tReadTimeout  time.Duration `mapstructure:\"read_timeout\"`", "}", "",
        f"const defaultDatabaseURL = {dsn}", "",
        "func Load() (*Config, error) {", "\tv := viper.New()", '\tv.SetDefault("database_url", defaultDatabaseURL)', '\tv.SetDefault("read_timeout", "5s")',
        '\tv.SetEnvPrefix("APP")', "\tv.AutomaticEnv()", '\tif p := os.Getenv("CONFIG_FILE"); p != "" {', "\t\tv.SetConfigFile(p)", "\t\t_ = v.ReadInConfig()", "\t}",
        "\tvar c Config", "\treturn &c, v.Unmarshal(&c)", "}", ""]))
    redis_pw = (f"redis_password: {rp.leak(rp.gen_pw(24), 'generic.password')}" if rp.chance(0.35) else 'redis_password: ""')
    rp.write(f"{base}/config/staging.yaml", "\n".join([
        f"database_url: postgres://{mod}@{rp.host()}:5432/{mod}", f"redis_addr: {rp.host('cache')}:6379", redis_pw,
        "api_token: ${API_TOKEN}", "read_timeout: 3s", ""]))
    if rp.chance(0.4):
        kid, sec = fakes.aws_key_id(rp.s()), fakes.aws_secret(rp.s())
        rp.write(f"{base}/internal/storage/s3.go", "\n".join([
            "package storage", "", "import (", '\t"context"', "", '\t"github.com/aws/aws-sdk-go-v2/aws"', '\t"github.com/aws/aws-sdk-go-v2/config"',
            '\t"github.com/aws/aws-sdk-go-v2/credentials"', '\t"github.com/aws/aws-sdk-go-v2/service/s3"', ")", "",
            "func NewClient(ctx context.Context) (*s3.Client, error) {", "\tcfg, err := config.LoadDefaultConfig(ctx,",
            f'\t\tconfig.WithRegion("{rp.region()}"),',
            f'\t\tconfig.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("{rp.leak(kid, "aws")}", "{rp.leak(sec, "aws")}", "")),',
            "\t)", "\tif err != nil {", "\t\treturn nil, err", "\t}", "\treturn s3.NewFromConfig(cfg), nil", "}", ""]))
    else:
        rp.write(f"{base}/internal/storage/s3.go", "\n".join([
            "package storage", "", "import (", '\t"context"', "", '\t"github.com/aws/aws-sdk-go-v2/config"', '\t"github.com/aws/aws-sdk-go-v2/service/s3"', ")", "",
            "func NewClient(ctx context.Context) (*s3.Client, error) {", "\tcfg, err := config.LoadDefaultConfig(ctx)", "\tif err != nil {", "\t\treturn nil, err", "\t}",
            "\treturn s3.NewFromConfig(cfg), nil", "}", ""]))
    # test with localstack-style dummy creds (negative)
    rp.write(f"{base}/internal/storage/s3_test.go", "\n".join([
        "package storage", "", 'import "testing"', "", "func TestLocalstack(t *testing.T) {",
        f'\tt.Setenv("AWS_ACCESS_KEY_ID", "{rp.decoy("test", "test-fixture")}")', '\tt.Setenv("AWS_SECRET_ACCESS_KEY", "test")',
        '\tt.Setenv("AWS_ENDPOINT_URL", "http://localhost:4566")', "}", ""]))
    for i in range(rp.n(6, 9)):
        rp.write(f"{base}/internal/{rp.word()}/{rp.word()}_{i}.go", filler.go_file(rp, rp.word()))
    rp.write(f"{base}/Makefile", "\n".join([".PHONY: build test lint", "build:", f"\tCGO_ENABLED=0 go build -trimpath -ldflags='-s -w -X main.commit=$(GIT_SHA)' -o bin/{mod} ./cmd/{mod}",
                                            "test:", "\tgo test -race ./...", "lint:", "\tgolangci-lint run", ""]))
    tdata = base64.b64encode(rp.r.randbytes(90)).decode()
    rp.write(f"{base}/testdata/event.json", "\n".join(["{", f'  "id": "{rp.decoy(rp.uuid(), "uuid")}",', f'  "payload": "{rp.decoy(tdata, "base64-blob")}",',
                                                      f'  "checksum": "{rp.decoy(fakes.sha256_hex(rp.s()), "hex-digest")}"', "}", ""]))
