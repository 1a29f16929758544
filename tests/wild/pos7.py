# ruff: noqa: E501
"""Seventh red-team round (written blind to the rules, before measuring): what a hand-labelled
sample of files from a few hundred random public GitHub repositories looks like. Ordinary
application code by students, hobbyists and small teams, with the credential sitting among
ordinary code: chat and social bots (Telegram, Discord, Slack, Tweepy, PRAW, Spotipy),
scrapers and notebooks (keys in ``source`` lines and printed in ``outputs``), web-framework
settings and entry points (Flask, Django, Express, Laravel, Rails, Spring, ASP.NET, FastAPI,
NestJS), cloud SDK clients built with literal keys (boto3, AWS SDK for JS/Java/Go/.NET, Azure
Service Bus/Cosmos/Blob, GCP service-account JSON inline, Firebase admin), ORMs and drivers
(SQLAlchemy, Sequelize, Mongoose, GORM, Prisma, Knex, TypeORM, JDBC in Java), SMTP senders
(smtplib with Gmail app passwords, PHPMailer, JavaMail, System.Net.Mail), payments (Stripe,
PayPal, Razorpay), maps/weather/news/movie API keys in front ends (React, Vue, Angular
environment.ts), mobile (Android Java/Kotlin constants and buildConfigField, Swift, Flutter),
Unity scripts, shell deploy scripts, Dockerfiles and compose, GitHub Actions with inline values,
Terraform resources and Ansible tasks. Formats beyond tests/fakes.py are generated here."""

from __future__ import annotations

import base64
import json

from tests import fakes
from tests.wild.kit import ALNUM, B64URL, LOWER, W
from tests.wild.pos4 import _p

DIG = "0123456789"
UPHEX = "0123456789ABCDEF"


def _pwq(w: W) -> str:
    """A password that needs no escaping inside quotes, shell words, URLs or XML."""
    while True:
        v = w.pw()
        if not any(c in v for c in "\"'\\$&<>`#;=@:/?% {}"):
            return v


def _nb(cells: list[dict[str, object]]) -> str:
    nb = {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                                       "language_info": {"name": "python", "version": "3.10.12"}}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def _cell(src: list[str], outputs: list[dict[str, object]] | None = None, n: int = 1) -> dict[str, object]:
    return {"cell_type": "code", "execution_count": n, "id": f"c{n:07x}", "metadata": {}, "outputs": outputs or [], "source": src}


def _md(text: str) -> dict[str, object]:
    return {"cell_type": "markdown", "id": "m0000001", "metadata": {}, "source": [text]}


# --- formats tests/fakes.py does not draw -----------------------------------------------------
def twitter_keys(w: W) -> tuple[str, str, str, str]:
    ck = w.opaque(25)
    cs = w.opaque(50)
    at = str(w.n(10**17, 10**19)) + "-" + w.opaque(30)
    ats = w.opaque(45)
    return ck, cs, at, ats


def twitter_bearer(w: W) -> str:
    return "A" * 22 + w.opaque(24) + "%3D" + w.opaque(50)


def reddit_pair(w: W) -> tuple[str, str]:
    return w.s(ALNUM + "-_", 14), w.s(ALNUM + "-_", 27)


def paypal_pair(w: W) -> tuple[str, str]:
    return "A" + w.s(B64URL, 79), "E" + w.s(B64URL, 79)


def razorpay_pair(w: W) -> tuple[str, str]:
    return "rzp" + "_live_" + w.opaque(14), w.opaque(24)


def fcm_server_key(w: W) -> str:
    return "AAAA" + w.s(B64URL, 7) + ":" + "APA91b" + w.s(B64URL, 134)


def gmail_app_password(w: W, spaced: bool) -> str:
    parts = [w.s(LOWER, 4) for _ in range(4)]
    return " ".join(parts) if spaced else "".join(parts)


def sas_key(w: W, n: int = 32) -> str:
    return base64.b64encode(w.r.randbytes(n)).decode()


def recaptcha_key(w: W) -> str:
    return "6L" + w.s(B64URL, 38)


def riot_key(w: W) -> str:
    return "RGAPI-" + fakes.uuid4(w.seed())


# --- bots -------------------------------------------------------------------------------------
def telegram_aiogram(w: W) -> None:
    tok = fakes.telegram_bot_token(w.seed())
    admin = str(w.n(10**8, 10**10))
    body = ("import logging\nfrom aiogram import Bot, Dispatcher, executor, types\n\n"
            f"API_TOKEN = '{tok}'\nADMIN_ID = {admin}\n\nlogging.basicConfig(level=logging.INFO)\n\n"
            "bot = Bot(token=API_TOKEN)\ndp = Dispatcher(bot)\n\n\n@dp.message_handler(commands=['start', 'help'])\n"
            "async def send_welcome(message: types.Message):\n    await message.reply(\"Hi!\\nI'm EchoBot!\\nPowered by aiogram.\")\n\n\n"
            "if __name__ == '__main__':\n    executor.start_polling(dp, skip_updates=True)\n")
    w.add("bot7", _p(w, "bot.py"), body, [tok], neg=[admin])


def telegram_node(w: W) -> None:
    tok = fakes.telegram_bot_token(w.seed())
    body = ("const TelegramBot = require('node-telegram-bot-api');\nconst axios = require('axios');\n\n"
            f"const token = '{tok}';\nconst bot = new TelegramBot(token, {{ polling: true }});\n\n"
            "bot.onText(/\\/weather (.+)/, async (msg, match) => {\n  const chatId = msg.chat.id;\n  const city = match[1];\n"
            "  const res = await axios.get(`https://wttr.in/${city}?format=3`);\n  bot.sendMessage(chatId, res.data);\n});\n")
    w.add("bot7", _p(w, "index.js"), body, [tok])


def discord_py_cog(w: W) -> None:
    tok = fakes.discord_bot_token(w.seed())
    guild = str(w.n(10**17, 10**18))
    body = ("import discord\nfrom discord.ext import commands\n\nintents = discord.Intents.default()\nintents.message_content = True\n"
            "bot = commands.Bot(command_prefix='!', intents=intents)\n" f"GUILD_ID = {guild}\n\n\n@bot.event\nasync def on_ready():\n"
            "    print(f'Logged in as {bot.user} (ID: {bot.user.id})')\n\n\n@bot.command()\nasync def ping(ctx):\n    await ctx.send('pong')\n\n"
            f"bot.run(\"{tok}\")\n")
    w.add("bot7", _p(w, "src/bot.py"), body, [tok], neg=[guild])


def discord_js_config_json(w: W) -> None:
    tok = fakes.discord_bot_token(w.seed())
    cid = str(w.n(10**17, 10**18))
    doc = {"prefix": "?", "token": tok, "clientId": cid, "guildId": str(w.n(10**17, 10**18)), "ownerIds": [str(w.n(10**17, 10**18))],
           "embedColor": "#5865F2", "status": {"type": "WATCHING", "text": "the server"}}
    w.add("bot7", _p(w, "config.json"), json.dumps(doc, indent=4) + "\n", [tok], neg=[cid])


def slack_bolt_app(w: W) -> None:
    bot = fakes.slack_bot(w.seed())
    sign = w.hexs(32)
    body = ("const { App } = require('@slack/bolt');\n\nconst app = new App({\n" f"  token: '{bot}',\n  signingSecret: '{sign}',\n"
            "  port: process.env.PORT || 3000,\n});\n\napp.message('hello', async ({ message, say }) => {\n  await say(`Hey there <@${message.user}>!`);\n});\n\n"
            "(async () => {\n  await app.start();\n  console.log('Bolt app is running!');\n})();\n")
    w.add("bot7", _p(w, "app.js"), body, [bot, sign])


def tweepy_bot(w: W) -> None:
    ck, cs, at, ats = twitter_keys(w)
    body = ("import tweepy\nimport time\n\n# Authenticate to Twitter\n" f"consumer_key = \"{ck}\"\nconsumer_secret = \"{cs}\"\n"
            f"access_token = \"{at}\"\naccess_token_secret = \"{ats}\"\n\n"
            "auth = tweepy.OAuthHandler(consumer_key, consumer_secret)\nauth.set_access_token(access_token, access_token_secret)\n"
            "api = tweepy.API(auth, wait_on_rate_limit=True)\n\nfor tweet in tweepy.Cursor(api.search_tweets, q='#100DaysOfCode').items(10):\n"
            "    try:\n        tweet.favorite()\n        time.sleep(5)\n    except tweepy.TweepError as e:\n        print(e.reason)\n")
    w.add("bot7", _p(w, "twitter_bot.py"), body, [ck, cs, at, ats])


def tweepy_v2_bearer(w: W) -> None:
    bt = twitter_bearer(w)
    body = ("import tweepy\nimport pandas as pd\n\n" f"client = tweepy.Client(bearer_token='{bt}')\n\n"
            "query = 'covid -is:retweet lang:en'\ntweets = client.search_recent_tweets(query=query, tweet_fields=['created_at'], max_results=100)\n"
            "df = pd.DataFrame([t.data for t in tweets.data])\ndf.to_csv('tweets.csv', index=False)\n")
    w.add("bot7", _p(w, "scraper/fetch_tweets.py"), body, [bt])


def praw_reddit(w: W) -> None:
    cid, sec = reddit_pair(w)
    pw = _pwq(w)
    u = w.user() + str(w.n(1, 99))
    body = ("import praw\nimport csv\n\nreddit = praw.Reddit(\n" f"    client_id=\"{cid}\",\n    client_secret=\"{sec}\",\n"
            f"    password=\"{pw}\",\n    user_agent=\"memescraper by u/{u}\",\n    username=\"{u}\",\n)\n\n"
            "with open('posts.csv', 'w', newline='') as f:\n    writer = csv.writer(f)\n    for post in reddit.subreddit('python').hot(limit=50):\n"
            "        writer.writerow([post.title, post.score, post.url])\n")
    w.add("bot7", _p(w, "reddit_scraper.py"), body, [sec, pw], neg=[cid])


def praw_ini(w: W) -> None:
    cid, sec = reddit_pair(w)
    pw = _pwq(w)
    body = ("[DEFAULT]\ncheck_for_updates=True\ncomment_kind=t1\n\n[bot1]\n" f"client_id={cid}\nclient_secret={sec}\npassword={pw}\n"
            f"username={w.user()}_bot\nuser_agent=script:modbot:v0.2 (by u/{w.user()})\n")
    w.add("bot7", _p(w, "praw.ini"), body, [sec, pw], neg=[cid])


def spotipy_script(w: W) -> None:
    cid = w.hexs(32)
    sec = w.hexs(32)
    body = ("import spotipy\nfrom spotipy.oauth2 import SpotifyClientCredentials\n\n" f"CLIENT_ID = '{cid}'\nCLIENT_SECRET = '{sec}'\n\n"
            "sp = spotipy.Spotify(auth_manager=SpotifyClientCredentials(client_id=CLIENT_ID, client_secret=CLIENT_SECRET))\n\n"
            "playlist = sp.playlist_tracks('37i9dQZF1DXcBWIGoYBM5M')\nfor item in playlist['items']:\n    track = item['track']\n"
            "    print(track['name'], '-', track['artists'][0]['name'])\n")
    w.add("bot7", _p(w, "spotify/top_tracks.py"), body, [sec], neg=[cid])


# --- notebooks --------------------------------------------------------------------------------
def notebook_weather(w: W) -> None:
    key = w.hexs(32)
    body = _nb([_md("# Weather data collection\nPull hourly data for the capstone project."),
                _cell(["import requests\n", "import pandas as pd\n", "\n", f"api_key = \"{key}\"\n", "cities = ['London', 'Paris', 'Berlin']\n"], n=1),
                _cell(["rows = []\n", "for c in cities:\n", "    r = requests.get(f'https://api.openweathermap.org/data/2.5/weather?q={c}&appid={api_key}&units=metric')\n",
                       "    rows.append(r.json()['main'])\n", "pd.DataFrame(rows)"], n=2)])
    w.add("notebook7", _p(w, "notebooks/01_collect_weather.ipynb"), body, [key])


def notebook_printed_key(w: W) -> None:
    tok = fakes.huggingface_token(w.seed())
    body = _nb([_cell(["from huggingface_hub import HfFolder\n", "print(HfFolder.get_token())"],
                      [{"name": "stdout", "output_type": "stream", "text": [tok + "\n"]}], n=4),
                _cell(["from transformers import pipeline\n", "clf = pipeline('sentiment-analysis')"], n=5)])
    w.add("notebook7", _p(w, "colab/finetune_bert.ipynb"), body, [tok])


def notebook_environ_set(w: W) -> None:
    tok = fakes.openai_key(w.seed())
    body = _nb([_cell(["%pip install -q langchain openai chromadb\n"], n=1),
                _cell(["import os\n", f"os.environ[\"OPENAI_API_KEY\"] = \"{tok}\"\n", "from langchain.llms import OpenAI\n", "llm = OpenAI(temperature=0)"], n=2)])
    w.add("notebook7", _p(w, "langchain_demo.ipynb"), body, [tok])


def notebook_db_output(w: W) -> None:
    pw = _pwq(w)
    host = f"{w.org()}-db.c{w.s(LOWER + DIG, 12)}.us-east-1.rds.amazonaws.com"
    url = f"postgresql://analyst:{pw}@{host}:5432/warehouse"
    body = _nb([_cell(["from sqlalchemy import create_engine\n", f"engine = create_engine('{url}')\n", "engine"],
                      [{"data": {"text/plain": [f"Engine({url.replace(pw, '***')})"]}, "execution_count": 3, "metadata": {}, "output_type": "execute_result"}], n=3),
                _cell(["df = pd.read_sql('select * from orders limit 1000', engine)\n", "df.describe()"], n=4)])
    w.add("notebook7", _p(w, "eda/orders.ipynb"), body, [url])


def notebook_kaggle_cell(w: W) -> None:
    key = w.hexs(32)
    body = _nb([_cell(["!mkdir -p ~/.kaggle\n", f"!echo '{{\"username\":\"{w.user()}{w.n(1, 99)}\",\"key\":\"{key}\"}}' > ~/.kaggle/kaggle.json\n", "!chmod 600 ~/.kaggle/kaggle.json\n",
                       "!kaggle competitions download -c titanic"], n=1)])
    w.add("notebook7", _p(w, "titanic/Titanic.ipynb"), body, [key])


# --- web apps -----------------------------------------------------------------------------------
def flask_app(w: W) -> None:
    sk = w.hexs(48)
    pw = _pwq(w)
    body = ("from flask import Flask, render_template, request, redirect, url_for, flash\nfrom flask_sqlalchemy import SQLAlchemy\nfrom flask_login import LoginManager\n\n"
            "app = Flask(__name__)\n" f"app.config['SECRET_KEY'] = '{sk}'\n"
            f"app.config['SQLALCHEMY_DATABASE_URI'] = 'mysql+pymysql://root:{pw}@localhost/blog'\napp.config['SQLALCHEMY_TRACK_MODIFICATIONS'] = False\n"
            "db = SQLAlchemy(app)\nlogin_manager = LoginManager(app)\nlogin_manager.login_view = 'login'\n\n\n@app.route('/')\ndef index():\n"
            "    posts = Post.query.order_by(Post.date_posted.desc()).all()\n    return render_template('index.html', posts=posts)\n")
    w.add("webapp7", _p(w, "app.py"), body, [sk, pw])


def flask_mail_config(w: W) -> None:
    ap = gmail_app_password(w, w.n(0, 1) == 1)
    body = ("import os\n\n\nclass Config:\n    SECRET_KEY = os.environ.get('SECRET_KEY') or 'dev'\n    MAIL_SERVER = 'smtp.gmail.com'\n    MAIL_PORT = 587\n    MAIL_USE_TLS = True\n"
            f"    MAIL_USERNAME = '{w.user()}.{w.org()}@gmail.com'\n    MAIL_PASSWORD = '{ap}'\n    POSTS_PER_PAGE = 10\n")
    w.add("webapp7", _p(w, "app/config.py"), body, [ap], neg=["'dev'"])


def django_settings_prod(w: W) -> None:
    sk = fakes.django_secret_key(w.seed())
    pw = _pwq(w)
    mail = _pwq(w)
    body = ("from .base import *  # noqa\n\nDEBUG = False\nALLOWED_HOSTS = ['shop.example.org', 'www.shop.example.org']\n\n"
            f"SECRET_KEY = '{sk}'\n\nDATABASES = {{\n    'default': {{\n        'ENGINE': 'django.db.backends.postgresql',\n        'NAME': 'shop',\n"
            f"        'USER': 'shop',\n        'PASSWORD': '{pw}',\n        'HOST': 'localhost',\n        'PORT': '',\n    }}\n}}\n\n"
            f"EMAIL_BACKEND = 'django.core.mail.backends.smtp.EmailBackend'\nEMAIL_HOST = 'smtp.zoho.eu'\nEMAIL_HOST_USER = 'noreply@{w.org()}.org'\nEMAIL_HOST_PASSWORD = '{mail}'\nEMAIL_PORT = 465\nEMAIL_USE_SSL = True\n")
    w.add("webapp7", _p(w, "shop/settings/production.py"), body, [sk, pw, mail])


def express_server(w: W) -> None:
    sess = w.pick(["keyboard cat ", "super secret "]) + w.s(LOWER, 6)
    jwt_secret = w.opaque(32)
    pw = _pwq(w)
    body = ("const express = require('express');\nconst session = require('express-session');\nconst jwt = require('jsonwebtoken');\nconst mysql = require('mysql2');\n\n"
            "const app = express();\napp.use(express.json());\n" f"app.use(session({{ secret: '{sess}', resave: false, saveUninitialized: true }}));\n\n"
            f"const db = mysql.createConnection({{\n  host: 'localhost',\n  user: 'root',\n  password: '{pw}',\n  database: 'todo_app'\n}});\n\n"
            "app.post('/login', (req, res) => {\n  const { email } = req.body;\n"
            f"  const token = jwt.sign({{ email }}, '{jwt_secret}', {{ expiresIn: '1h' }});\n  res.json({{ token }});\n}});\n\napp.listen(3000);\n")
    w.add("webapp7", _p(w, "server.js"), body, [sess, jwt_secret, pw])


def nest_typeorm(w: W) -> None:
    pw = _pwq(w)
    js = w.opaque(24)
    body = ("import { Module } from '@nestjs/common';\nimport { TypeOrmModule } from '@nestjs/typeorm';\nimport { JwtModule } from '@nestjs/jwt';\nimport { User } from './users/user.entity';\n\n"
            "@Module({\n  imports: [\n    TypeOrmModule.forRoot({\n      type: 'postgres',\n      host: 'localhost',\n      port: 5432,\n      username: 'postgres',\n"
            f"      password: '{pw}',\n      database: 'nest_api',\n      entities: [User],\n      synchronize: true,\n    }}),\n"
            f"    JwtModule.register({{ secret: '{js}', signOptions: {{ expiresIn: '60s' }} }}),\n  ],\n}})\nexport class AppModule {{}}\n")
    w.add("webapp7", _p(w, "src/app.module.ts"), body, [pw, js])


def laravel_env(w: W) -> None:
    key = fakes.laravel_app_key(w.seed())
    pw = _pwq(w)
    mail = w.opaque(20)
    pus = w.hexs(20)
    body = (f"APP_NAME=Laravel\nAPP_ENV=local\nAPP_KEY={key}\nAPP_DEBUG=true\nAPP_URL=http://localhost\n\nLOG_CHANNEL=stack\n\n"
            f"DB_CONNECTION=mysql\nDB_HOST=127.0.0.1\nDB_PORT=3306\nDB_DATABASE=laravel_blog\nDB_USERNAME=root\nDB_PASSWORD={pw}\n\n"
            "BROADCAST_DRIVER=pusher\nCACHE_DRIVER=file\nQUEUE_CONNECTION=sync\n\nMAIL_MAILER=smtp\nMAIL_HOST=smtp.mailtrap.io\nMAIL_PORT=2525\n"
            f"MAIL_USERNAME={w.hexs(14)}\nMAIL_PASSWORD={mail}\nMAIL_ENCRYPTION=null\n\nPUSHER_APP_ID={w.n(1000000, 1999999)}\nPUSHER_APP_KEY={w.hexs(20)}\n"
            f"PUSHER_APP_SECRET={pus}\nPUSHER_APP_CLUSTER=ap2\n\nMIX_PUSHER_APP_KEY=\"${{PUSHER_APP_KEY}}\"\n")
    w.add("webapp7", _p(w, ".env"), body, [key, pw, mail, pus], neg=["PUSHER_APP_KEY=", "MAIL_USERNAME="])


def rails_database_yml(w: W) -> None:
    pw = _pwq(w)
    body = ("default: &default\n  adapter: postgresql\n  encoding: unicode\n  pool: <%= ENV.fetch(\"RAILS_MAX_THREADS\") { 5 } %>\n\n"
            "development:\n  <<: *default\n  database: recipes_development\n  username: postgres\n" f"  password: {pw}\n  host: localhost\n\n"
            "test:\n  <<: *default\n  database: recipes_test\n\nproduction:\n  <<: *default\n  database: recipes_production\n  username: recipes\n"
            "  password: <%= ENV[\"RECIPES_DATABASE_PASSWORD\"] %>\n")
    w.add("webapp7", _p(w, "config/database.yml"), body, [pw], neg=["RECIPES_DATABASE_PASSWORD"])


def spring_yml_app(w: W) -> None:
    pw = _pwq(w)
    jwt_s = base64.b64encode(w.r.randbytes(48)).decode()
    mail = gmail_app_password(w, False)
    body = ("server:\n  port: 8080\nspring:\n  datasource:\n  " "  url: jdbc:mysql://localhost:3306/library?useSSL=false&serverTimezone=UTC\n    username: root\n"
            f"    password: {pw}\n  jpa:\n    hibernate:\n      ddl-auto: update\n    show-sql: true\n  mail:\n    host: smtp.gmail.com\n    port: 587\n"
            f"    username: {w.user()}.dev@gmail.com\n    password: {mail}\n    properties:\n      mail.smtp.auth: true\n      mail.smtp.starttls.enable: true\n"
            f"app:\n  jwt:\n    secret: {jwt_s}\n    expiration-ms: 86400000\n")
    w.add("webapp7", _p(w, "src/main/resources/application.yml"), body, [pw, mail, jwt_s])


def aspnet_appsettings(w: W) -> None:
    pw = _pwq(w)
    key = w.opaque(64)
    doc = {"Logging": {"LogLevel": {"Default": "Information", "Microsoft.AspNetCore": "Warning"}},
           "ConnectionStrings": {"DefaultConnection": f"Server=tcp:{w.org()}-sql.database.windows.net,1433;Initial Catalog=EShop;Persist Security Info=False;User ID=eshopadmin;Password={pw};MultipleActiveResultSets=False;Encrypt=True;"},
           "Jwt": {"Key": key, "Issuer": "https://localhost:7001", "Audience": "https://localhost:7001"}, "AllowedHosts": "*"}
    w.add("webapp7", _p(w, "EShop.Api/appsettings.json"), json.dumps(doc, indent=2) + "\n", [pw, key])


def fastapi_security(w: W) -> None:
    sk = w.hexs(64)
    body = ("from datetime import datetime, timedelta\nfrom jose import JWTError, jwt\nfrom passlib.context import CryptContext\n\n"
            "# to get a string like this run:\n# openssl rand -hex 32\n" f"SECRET_KEY = \"{sk}\"\nALGORITHM = \"HS256\"\nACCESS_TOKEN_EXPIRE_MINUTES = 30\n\n"
            "pwd_context = CryptContext(schemes=[\"bcrypt\"], deprecated=\"auto\")\n\n\ndef create_access_token(data: dict):\n    to_encode = data.copy()\n"
            "    to_encode.update({\"exp\": datetime.utcnow() + timedelta(minutes=ACCESS_TOKEN_EXPIRE_MINUTES)})\n    return jwt.encode(to_encode, SECRET_KEY, algorithm=ALGORITHM)\n")
    w.add("webapp7", _p(w, "app/core/security.py"), body, [sk])


def php_mysqli_connect(w: W) -> None:
    pw = _pwq(w)
    body = ("<?php\nsession_start();\n\n$servername = \"localhost\";\n$username = \"root\";\n" f"$password = \"{pw}\";\n$dbname = \"hostel_management\";\n\n"
            "$conn = new mysqli($servername, $username, $password, $dbname);\nif ($conn->connect_error) {\n    die(\"Connection failed: \" . $conn->connect_error);\n}\n?>\n")
    w.add("webapp7", _p(w, "includes/dbconnect.php"), body, [pw])


# --- cloud SDKs -------------------------------------------------------------------------------
def aws_sdk_js_v2(w: W) -> None:
    kid = fakes.aws_key_id(w.seed())
    sec = fakes.aws_secret(w.seed())
    body = ("const AWS = require('aws-sdk');\nconst multer = require('multer');\nconst multerS3 = require('multer-s3');\n\nAWS.config.update({\n"
            f"  accessKeyId: '{kid}',\n  secretAccessKey: '{sec}',\n  region: 'ap-south-1'\n}});\n\nconst s3 = new AWS.S3();\n\n"
            "const upload = multer({\n  storage: multerS3({ s3, bucket: 'profile-pics-bucket', key: (req, file, cb) => cb(null, Date.now() + file.originalname) })\n});\n\nmodule.exports = upload;\n")
    w.add("cloud7", _p(w, "middleware/upload.js"), body, [kid, sec])


def aws_sdk_java(w: W) -> None:
    kid = fakes.aws_key_id(w.seed())
    sec = fakes.aws_secret(w.seed())
    body = ("package com.example.storage;\n\nimport com.amazonaws.auth.AWSStaticCredentialsProvider;\nimport com.amazonaws.auth.BasicAWSCredentials;\nimport com.amazonaws.services.s3.AmazonS3;\n"
            "import com.amazonaws.services.s3.AmazonS3ClientBuilder;\n\npublic class S3Config {\n" f"    private static final String ACCESS_KEY = \"{kid}\";\n"
            f"    private static final String SECRET_KEY = \"{sec}\";\n\n    public static AmazonS3 client() {{\n"
            "        BasicAWSCredentials creds = new BasicAWSCredentials(ACCESS_KEY, SECRET_KEY);\n"
            "        return AmazonS3ClientBuilder.standard().withRegion(\"us-east-2\").withCredentials(new AWSStaticCredentialsProvider(creds)).build();\n    }\n}\n")
    w.add("cloud7", _p(w, "src/main/java/com/example/storage/S3Config.java"), body, [kid, sec])


def aws_sdk_go(w: W) -> None:
    kid = fakes.aws_key_id(w.seed())
    sec = fakes.aws_secret(w.seed())
    body = ("package main\n\nimport (\n\t\"context\"\n\t\"log\"\n\n\t\"github.com/aws/aws-sdk-go-v2/aws\"\n\t\"github.com/aws/aws-sdk-go-v2/config\"\n"
            "\t\"github.com/aws/aws-sdk-go-v2/credentials\"\n\t\"github.com/aws/aws-sdk-go-v2/service/dynamodb\"\n)\n\nfunc main() {\n"
            "\tcfg, err := config.LoadDefaultConfig(context.TODO(),\n\t\tconfig.WithRegion(\"us-west-2\"),\n"
            f"\t\tconfig.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(\"{kid}\", \"{sec}\", \"\")),\n\t)\n"
            "\tif err != nil {\n\t\tlog.Fatal(err)\n\t}\n\tsvc := dynamodb.NewFromConfig(cfg)\n\t_ = svc\n\t_ = aws.String(\"\")\n}\n")
    w.add("cloud7", _p(w, "cmd/seed/main.go"), body, [kid])


def aws_sdk_dotnet(w: W) -> None:
    kid = fakes.aws_key_id(w.seed())
    sec = fakes.aws_secret(w.seed())
    body = ("using Amazon;\nusing Amazon.S3;\nusing Amazon.Runtime;\n\nnamespace PhotoGallery.Services\n{\n    public class StorageService\n    {\n"
            "        private readonly IAmazonS3 _client;\n\n        public StorageService()\n        {\n"
            f"            var credentials = new BasicAWSCredentials(\"{kid}\", \"{sec}\");\n"
            "            _client = new AmazonS3Client(credentials, RegionEndpoint.EUCentral1);\n        }\n    }\n}\n")
    w.add("cloud7", _p(w, "PhotoGallery/Services/StorageService.cs"), body, [kid])


def azure_service_bus(w: W) -> None:
    key = sas_key(w)
    cs = f"Endpoint=sb://{w.org()}-orders.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={key}"
    body = ("using Azure.Messaging.ServiceBus;\n\n" f"const string connectionString = \"{cs}\";\nconst string queueName = \"orders\";\n\n"
            "await using var client = new ServiceBusClient(connectionString);\nServiceBusSender sender = client.CreateSender(queueName);\n"
            "await sender.SendMessageAsync(new ServiceBusMessage(\"Hello world!\"));\nConsole.WriteLine(\"Sent a single message to the queue\");\n")
    w.add("cloud7", _p(w, "OrderPublisher/Program.cs"), body, [key])


def azure_cosmos_python(w: W) -> None:
    key = sas_key(w, 64)
    body = ("from azure.cosmos import CosmosClient, PartitionKey\n\n" f"ENDPOINT = \"https://{w.org()}-cosmos.documents.azure.com:443/\"\nKEY = \"{key}\"\n\n"
            "client = CosmosClient(ENDPOINT, credential=KEY)\ndatabase = client.create_database_if_not_exists(id='inventory')\n"
            "container = database.create_container_if_not_exists(id='items', partition_key=PartitionKey(path='/category'))\n")
    w.add("cloud7", _p(w, "functions/cosmos_helper.py"), body, [key])


def azure_blob_node(w: W) -> None:
    key = fakes.azure_storage_key(w.seed())
    acct = f"{w.org()}media{w.n(1, 99)}"
    body = ("const { BlobServiceClient, StorageSharedKeyCredential } = require('@azure/storage-blob');\n\n"
            f"const account = '{acct}';\nconst accountKey = '{key}';\n\nconst sharedKeyCredential = new StorageSharedKeyCredential(account, accountKey);\n"
            "const blobServiceClient = new BlobServiceClient(`https://${account}.blob.core.windows.net`, sharedKeyCredential);\n\nmodule.exports = blobServiceClient;\n")
    w.add("cloud7", _p(w, "services/blob.js"), body, [key])


def gcp_sa_inline_python(w: W) -> None:
    sa = fakes.gcp_service_account(w.seed(), f"{w.org()}-ml-{w.n(100, 999)}")
    pk = sa["private_key"]
    body = ("from google.oauth2 import service_account\nfrom google.cloud import bigquery\n\ninfo = " + json.dumps(sa, indent=4) + "\n\n"
            "credentials = service_account.Credentials.from_service_account_info(info)\nclient = bigquery.Client(credentials=credentials, project=info['project_id'])\n")
    w.add("cloud7", _p(w, "pipeline/bq_client.py"), body, [json.dumps(pk)[1:40]], neg=[sa["private_key_id"], "token_uri"])


def firebase_admin_js(w: W) -> None:
    sa = fakes.gcp_service_account(w.seed(), f"{w.org()}-chat-app")
    pk_json = json.dumps(sa["private_key"])
    body = ("const admin = require('firebase-admin');\n\nadmin.initializeApp({\n  credential: admin.credential.cert({\n"
            f"    projectId: '{sa['project_id']}',\n    clientEmail: '{sa['client_email']}',\n    privateKey: {pk_json},\n  }}),\n"
            f"  databaseURL: 'https://{sa['project_id']}-default-rtdb.firebaseio.com'\n}});\n\nmodule.exports = admin;\n")
    w.add("cloud7", _p(w, "functions/firebase.js"), body, [pk_json[:40]])


def fcm_legacy_key(w: W) -> None:
    key = fcm_server_key(w)
    body = ("<?php\nfunction sendPush($deviceToken, $title, $body) {\n    $url = 'https://fcm.googleapis.com/fcm/send';\n"
            f"    $serverKey = '{key}';\n    $fields = ['to' => $deviceToken, 'notification' => ['title' => $title, 'body' => $body]];\n"
            "    $headers = ['Authorization: key=' . $serverKey, 'Content-Type: application/json'];\n    $ch = curl_init();\n"
            "    curl_setopt($ch, CURLOPT_URL, $url);\n    curl_setopt($ch, CURLOPT_HTTPHEADER, $headers);\n    curl_setopt($ch, CURLOPT_POSTFIELDS, json_encode($fields));\n"
            "    return curl_exec($ch);\n}\n")
    w.add("cloud7", _p(w, "api/push.php"), body, [key])


# --- databases --------------------------------------------------------------------------------
def sequelize_config(w: W) -> None:
    pw = _pwq(w)
    pw2 = _pwq(w)
    doc = {"development": {"username": "root", "password": pw, "database": "ecommerce_dev", "host": "127.0.0.1", "dialect": "mysql"},
           "test": {"username": "root", "password": None, "database": "ecommerce_test", "host": "127.0.0.1", "dialect": "mysql"},
           "production": {"username": "admin", "password": pw2, "database": "ecommerce", "host": f"{w.org()}.cluster-c{w.s(LOWER + DIG, 10)}.rds.amazonaws.com", "dialect": "mysql"}}
    w.add("db7", _p(w, "config/config.json"), json.dumps(doc, indent=2) + "\n", [pw, pw2], neg=["\"password\": null"])


def sequelize_ctor(w: W) -> None:
    pw = _pwq(w)
    body = ("const { Sequelize } = require('sequelize');\n\n" f"const sequelize = new Sequelize('hotel_booking', 'postgres', '{pw}', {{\n"
            "  host: 'localhost',\n  dialect: 'postgres',\n  logging: false,\n});\n\nmodule.exports = sequelize;\n")
    w.add("db7", _p(w, "src/db/index.js"), body, [pw])


def mongoose_atlas(w: W) -> None:
    pw = _pwq(w)
    uri = f"mongodb+srv://{w.user()}:{pw}@cluster0.{w.s(LOWER + DIG, 5)}.mongodb.net/blogDB?retryWrites=true&w=majority"
    body = ("const mongoose = require('mongoose');\n\nconst connectDB = async () => {\n  try {\n"
            f"    await mongoose.connect('{uri}', {{\n      useNewUrlParser: true,\n      useUnifiedTopology: true,\n    }});\n"
            "    console.log('MongoDB connected');\n  } catch (err) {\n    console.error(err.message);\n    process.exit(1);\n  }\n};\n\nmodule.exports = connectDB;\n")
    w.add("db7", _p(w, "config/db.js"), body, [uri])


def gorm_dsn(w: W) -> None:
    pw = _pwq(w)
    body = ("package database\n\nimport (\n\t\"gorm.io/driver/postgres\"\n\t\"gorm.io/gorm\"\n)\n\nvar DB *gorm.DB\n\nfunc Connect() {\n"
            f"\tdsn := \"host=localhost user=gorm password={pw} dbname=inventory port=5432 sslmode=disable TimeZone=Asia/Kolkata\"\n"
            "\tdb, err := gorm.Open(postgres.Open(dsn), &gorm.Config{})\n\tif err != nil {\n\t\tpanic(\"failed to connect database\")\n\t}\n\tDB = db\n}\n")
    w.add("db7", _p(w, "database/database.go"), body, [pw])


def prisma_env(w: W) -> None:
    pw = _pwq(w)
    url = f"postgresql://postgres:{pw}@db.{w.s(LOWER, 20)}.supabase.co:5432/postgres"
    body = ("# Environment variables declared in this file are automatically made available to Prisma.\n"
            "# See the documentation for more detail: https://pris.ly/d/prisma-schema#accessing-environment-variables-from-the-schema\n\n"
            f"DATABASE_URL=\"{url}\"\nNEXTAUTH_URL=http://localhost:3000\nNEXTAUTH_SECRET={base64.b64encode(w.r.randbytes(32)).decode()}\n")
    na = body.split("NEXTAUTH_SECRET=")[1].strip()
    w.add("db7", _p(w, ".env"), body, [url, na])


def knex_file(w: W) -> None:
    pw = _pwq(w)
    body = ("// Update with your config settings.\n\n/**\n * @type { Object.<string, import(\"knex\").Knex.Config> }\n */\nmodule.exports = {\n  development: {\n"
            "    client: 'pg',\n    connection: {\n      database: 'lms',\n      user: 'postgres',\n" f"      password: '{pw}'\n    }},\n"
            "    migrations: { tableName: 'knex_migrations' }\n  }\n};\n")
    w.add("db7", _p(w, "knexfile.js"), body, [pw])


def java_jdbc_dao(w: W) -> None:
    pw = _pwq(w)
    body = ("package dao;\n\nimport java.sql.Connection;\nimport java.sql.DriverManager;\nimport java.sql.SQLException;\n\npublic class DBConnection {\n"
            "    private static final String URL = \"jdbc:mysql://localhost:3306/student_db\";\n    private static final String USER = \"root\";\n"
            f"    private static final String PASS = \"{pw}\";\n\n    public static Connection getConnection() throws SQLException {{\n"
            "        return DriverManager.getConnection(URL, USER, PASS);\n    }\n}\n")
    w.add("db7", _p(w, "src/dao/DBConnection.java"), body, [pw])


def python_psycopg_connect(w: W) -> None:
    pw = _pwq(w)
    body = ("import psycopg2\nimport pandas as pd\n\n" "conn = psycopg2.connect(\n    host=\"localhost\",\n    database=\"covid\",\n    user=\"postgres\",\n"
            f"    password=\"{pw}\")\ncur = conn.cursor()\ndf = pd.read_csv('data/cases.csv')\nfor _, row in df.iterrows():\n"
            "    cur.execute('INSERT INTO cases VALUES (%s, %s, %s)', (row.date, row.country, row.cases))\nconn.commit()\n")
    w.add("db7", _p(w, "etl/load_cases.py"), body, [pw])


def redis_node_url(w: W) -> None:
    pw = w.opaque(32)
    body = ("import { createClient } from 'redis';\n\n" f"const client = createClient({{\n  url: 'redis://default:{pw}@redis-{w.n(10000, 19999)}.c{w.n(1, 300)}.us-east-1-2.ec2.cloud.redislabs.com:{w.n(10000, 19999)}'\n}});\n\n"
            "client.on('error', err => console.log('Redis Client Error', err));\nawait client.connect();\nexport default client;\n")
    w.add("db7", _p(w, "lib/redis.ts"), body, [pw])


# --- mail -------------------------------------------------------------------------------------
def smtplib_gmail(w: W) -> None:
    ap = gmail_app_password(w, w.n(0, 1) == 1)
    me = f"{w.user()}{w.n(1, 999)}@gmail.com"
    body = ("import smtplib\nfrom email.mime.text import MIMEText\nfrom email.mime.multipart import MIMEMultipart\n\n"
            f"sender = \"{me}\"\nreceivers = [\"team@{w.org()}.com\"]\n\nmsg = MIMEMultipart()\nmsg['Subject'] = 'Daily report'\nmsg.attach(MIMEText(report, 'html'))\n\n"
            "with smtplib.SMTP_SSL('smtp.gmail.com', 465) as server:\n" f"    server.login(sender, \"{ap}\")\n    server.sendmail(sender, receivers, msg.as_string())\n")
    w.add("mail7", _p(w, "report/send_mail.py"), body, [ap])


def phpmailer_send(w: W) -> None:
    pw = _pwq(w)
    body = ("<?php\nuse PHPMailer\\PHPMailer\\PHPMailer;\nuse PHPMailer\\PHPMailer\\Exception;\n\nrequire 'vendor/autoload.php';\n\n$mail = new PHPMailer(true);\n"
            "try {\n    $mail->isSMTP();\n    $mail->Host       = 'smtp.hostinger.com';\n    $mail->SMTPAuth   = true;\n"
            f"    $mail->Username   = 'contact@{w.org()}.in';\n    $mail->Password   = '{pw}';\n    $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS;\n"
            "    $mail->Port       = 465;\n    $mail->setFrom('contact@example.in', 'Contact Form');\n    $mail->send();\n} catch (Exception $e) {\n"
            "    echo \"Message could not be sent. Mailer Error: {$mail->ErrorInfo}\";\n}\n")
    w.add("mail7", _p(w, "contact/send.php"), body, [pw])


def javamail_auth(w: W) -> None:
    pw = _pwq(w)
    body = ("Properties props = new Properties();\nprops.put(\"mail.smtp.host\", \"smtp.office365.com\");\nprops.put(\"mail.smtp.port\", \"587\");\n"
            "props.put(\"mail.smtp.auth\", \"true\");\nprops.put(\"mail.smtp.starttls.enable\", \"true\");\n\n"
            "Session session = Session.getInstance(props, new javax.mail.Authenticator() {\n    protected PasswordAuthentication getPasswordAuthentication() {\n"
            f"        return new PasswordAuthentication(\"helpdesk@{w.org()}.com\", \"{pw}\");\n    }}\n}});\n")
    w.add("mail7", _p(w, "src/main/java/util/MailUtil.java"), body, [pw])


def dotnet_smtp(w: W) -> None:
    pw = _pwq(w)
    body = ("using System.Net;\nusing System.Net.Mail;\n\npublic static class EmailSender\n{\n    public static void Send(string to, string subject, string body)\n    {\n"
            "        var client = new SmtpClient(\"smtp.sendgrid.net\", 587)\n        {\n"
            f"            Credentials = new NetworkCredential(\"apikey\", \"{pw}\"),\n            EnableSsl = true\n        }};\n"
            "        client.Send(\"no-reply@example.com\", to, subject, body);\n    }\n}\n")
    w.add("mail7", _p(w, "Helpers/EmailSender.cs"), body, [pw])


# --- payments ---------------------------------------------------------------------------------
def stripe_checkout_node(w: W) -> None:
    sk = fakes.stripe_live_long(w.seed())
    wh = fakes.stripe_webhook_secret(w.seed())
    body = (f"const stripe = require('stripe')('{sk}');\nconst express = require('express');\nconst app = express();\n\n"
            f"const endpointSecret = '{wh}';\n\napp.post('/create-checkout-session', async (req, res) => {{\n  const session = await stripe.checkout.sessions.create({{\n"
            "    line_items: [{ price: 'price_1MotwRLkdIwHu7ixYcPLm5uZ', quantity: 1 }],\n    mode: 'payment',\n"
            "    success_url: `${YOUR_DOMAIN}/success.html`,\n  });\n  res.redirect(303, session.url);\n});\n")
    w.add("payment7", _p(w, "server/checkout.js"), body, [sk, wh], neg=["price_1Mot"])


def paypal_config(w: W) -> None:
    cid, sec = paypal_pair(w)
    body = ("import paypalrestsdk\n\npaypalrestsdk.configure({\n  \"mode\": \"live\",\n" f"  \"client_id\": \"{cid}\",\n  \"client_secret\": \"{sec}\" }})\n\n"
            "payment = paypalrestsdk.Payment({\n  \"intent\": \"sale\",\n  \"payer\": {\"payment_method\": \"paypal\"},\n"
            "  \"redirect_urls\": {\"return_url\": \"http://localhost:5000/payment/execute\", \"cancel_url\": \"http://localhost:5000/\"}})\n")
    w.add("payment7", _p(w, "payments/paypal_views.py"), body, [sec], neg=[cid])


def razorpay_django(w: W) -> None:
    kid, sec = razorpay_pair(w)
    body = ("import razorpay\nfrom django.conf import settings\nfrom django.shortcuts import render\n\n"
            f"RAZORPAY_KEY_ID = '{kid}'\nRAZORPAY_KEY_SECRET = '{sec}'\n\nclient = razorpay.Client(auth=(RAZORPAY_KEY_ID, RAZORPAY_KEY_SECRET))\n\n\n"
            "def checkout(request):\n    order = client.order.create({'amount': 50000, 'currency': 'INR', 'payment_capture': '1'})\n"
            "    return render(request, 'checkout.html', {'order': order, 'key': RAZORPAY_KEY_ID})\n")
    w.add("payment7", _p(w, "orders/views.py"), body, [kid, sec])


def braintree_ruby(w: W) -> None:
    pk = w.s(LOWER + DIG, 16)
    priv = w.hexs(32)
    body = ("Braintree::Configuration.environment = :production\n" f"Braintree::Configuration.merchant_id = \"{w.s(LOWER + DIG, 16)}\"\n"
            f"Braintree::Configuration.public_key = \"{pk}\"\nBraintree::Configuration.private_key = \"{priv}\"\n")
    w.add("payment7", _p(w, "config/initializers/braintree.rb"), body, [priv], neg=[pk])


# --- front ends ---------------------------------------------------------------------------------
def react_weather_app(w: W) -> None:
    key = w.hexs(32)
    body = ("import React, { useState } from 'react';\nimport axios from 'axios';\nimport './App.css';\n\n" f"const API_KEY = '{key}';\n\n"
            "function App() {\n  const [city, setCity] = useState('');\n  const [data, setData] = useState(null);\n\n  const search = async (e) => {\n"
            "    if (e.key === 'Enter') {\n      const res = await axios.get(`https://api.openweathermap.org/data/2.5/weather?q=${city}&units=metric&appid=${API_KEY}`);\n"
            "      setData(res.data);\n    }\n  };\n  return (<div className=\"app\"><input value={city} onChange={e => setCity(e.target.value)} onKeyPress={search} /></div>);\n}\n\nexport default App;\n")
    w.add("frontend7", _p(w, "src/App.js"), body, [key])


def vue_news_app(w: W) -> None:
    key = w.hexs(32)
    body = ("<template>\n  <div class=\"news\">\n    <article v-for=\"a in articles\" :key=\"a.url\">{{ a.title }}</article>\n  </div>\n</template>\n\n<script>\n"
            "import axios from 'axios'\n\nexport default {\n  name: 'NewsList',\n  data() {\n    return { articles: [] }\n  },\n  async mounted() {\n"
            f"    const res = await axios.get('https://newsapi.org/v2/top-headlines?country=us&apiKey={key}')\n    this.articles = res.data.articles\n  }}\n}}\n</script>\n")
    w.add("frontend7", _p(w, "src/components/NewsList.vue"), body, [key])


def angular_environment(w: W) -> None:
    tmdb = w.hexs(32)
    gkey = fakes.google_api_key(w.seed())
    body = ("// This file can be replaced during build by using the `fileReplacements` array.\n\nexport const environment = {\n  production: false,\n"
            f"  tmdbApiKey: '{tmdb}',\n  tmdbBaseUrl: 'https://api.themoviedb.org/3',\n  googleMapsKey: '{gkey}',\n  apiUrl: 'http://localhost:8080/api'\n}};\n")
    w.add("frontend7", _p(w, "src/environments/environment.ts"), body, [tmdb, gkey])


def react_native_constants(w: W) -> None:
    key = w.opaque(32)
    body = ("export const COLORS = {\n  primary: '#312651',\n  secondary: '#444262',\n  tertiary: '#FF7754',\n};\n\n"
            f"export const RAPID_API_KEY = '{key}';\nexport const RAPID_API_HOST = 'jsearch.p.rapidapi.com';\n")
    w.add("frontend7", _p(w, "constants/index.js"), body, [key], neg=["#312651"])


def giphy_vanilla(w: W) -> None:
    key = w.opaque(32)
    body = ("const form = document.querySelector('#search-form');\nconst results = document.querySelector('#results');\n"
            f"const apiKey = \"{key}\";\n\nform.addEventListener('submit', async (e) => {{\n  e.preventDefault();\n  const q = form.elements.q.value;\n"
            "  const res = await fetch(`https://api.giphy.com/v1/gifs/search?api_key=${apiKey}&q=${q}&limit=12`);\n"
            "  const { data } = await res.json();\n  results.innerHTML = data.map(g => `<img src=\"${g.images.fixed_height.url}\">`).join('');\n});\n")
    w.add("frontend7", _p(w, "js/script.js"), body, [key])


def recaptcha_secret_server(w: W) -> None:
    site = recaptcha_key(w)
    sec = recaptcha_key(w)
    body = ("RECAPTCHA_PUBLIC_KEY = '" + site + "'\n" f"RECAPTCHA_PRIVATE_KEY = '{sec}'\nRECAPTCHA_REQUIRED_SCORE = 0.85\n"
            "SILENCED_SYSTEM_CHECKS = ['django_recaptcha.recaptcha_test_key_error']\n")
    w.add("frontend7", _p(w, "website/settings/recaptcha.py"), body, [sec], neg=[site])


# --- mobile -----------------------------------------------------------------------------------
def android_java_constants(w: W) -> None:
    key = w.hexs(32)
    body = ("package com.example.moviecatalogue.utils;\n\npublic class Constants {\n    public static final String BASE_URL = \"https://api.themoviedb.org/3/\";\n"
            f"    public static final String API_KEY = \"{key}\";\n    public static final String IMAGE_URL = \"https://image.tmdb.org/t/p/w500\";\n"
            "    public static final int PAGE_SIZE = 20;\n}\n")
    w.add("mobile7", _p(w, "app/src/main/java/com/example/moviecatalogue/utils/Constants.java"), body, [key])


def android_build_config_field(w: W) -> None:
    key = w.opaque(40)
    body = ("plugins {\n    id 'com.android.application'\n    id 'kotlin-android'\n}\n\nandroid {\n    compileSdk 33\n\n    defaultConfig {\n"
            "        applicationId \"com.example.newsapp\"\n        minSdk 23\n        targetSdk 33\n        versionCode 1\n        versionName \"1.0\"\n"
            f"        buildConfigField \"String\", \"NEWS_API_KEY\", '\"{key}\"'\n    }}\n    buildFeatures {{\n        viewBinding true\n        buildConfig true\n    }}\n}}\n")
    w.add("mobile7", _p(w, "app/build.gradle"), body, [key])


def kotlin_retrofit(w: W) -> None:
    key = w.hexs(32)
    body = ("package com.example.crypto.data.remote\n\nimport retrofit2.http.GET\nimport retrofit2.http.Headers\n\ninterface CoinApi {\n"
            f"    @Headers(\"X-CMC_PRO_API_KEY: {fakes.uuid4(w.seed())}\")\n    @GET(\"v1/cryptocurrency/listings/latest\")\n    suspend fun getCoins(): CoinResponse\n}}\n\n"
            f"object ApiConfig {{\n    const val ALPHA_VANTAGE_KEY = \"{key[:16].upper()}\"\n}}\n")
    hdr = body.split("X-CMC_PRO_API_KEY: ")[1].split("\"")[0]
    w.add("mobile7", _p(w, "app/src/main/java/com/example/crypto/data/remote/CoinApi.kt"), body, [hdr, key[:16].upper()])


def swift_constants(w: W) -> None:
    key = w.hexs(32)
    sec = w.opaque(40)
    body = ("import Foundation\n\nstruct K {\n    static let appName = \"FlashChat\"\n    static let cellIdentifier = \"ReusableCell\"\n\n    struct API {\n"
            f"        static let openWeatherKey = \"{key}\"\n        static let unsplashSecret = \"{sec}\"\n    }}\n\n    struct FStore {{\n"
            "        static let collectionName = \"messages\"\n        static let senderField = \"sender\"\n    }\n}\n")
    w.add("mobile7", _p(w, "FlashChat/Constants.swift"), body, [key, sec], neg=["ReusableCell"])


def flutter_dart_api(w: W) -> None:
    key = w.opaque(39)
    body = ("import 'dart:convert';\nimport 'package:http/http.dart' as http;\n\n" f"const String apiKey = '{key}';\n"
            "const String baseUrl = 'https://api.spoonacular.com/recipes';\n\nclass RecipeService {\n  Future<List<dynamic>> search(String q) async {\n"
            "    final res = await http.get(Uri.parse('$baseUrl/complexSearch?query=$q&apiKey=$apiKey'));\n    return jsonDecode(res.body)['results'];\n  }\n}\n")
    w.add("mobile7", _p(w, "lib/services/recipe_service.dart"), body, [key])


def unity_playfab(w: W) -> None:
    sec = w.s("ABCDEFGHIJKLMNOPQRSTUVWXYZ" + DIG, 52)
    body = ("using UnityEngine;\nusing UnityEngine.Networking;\nusing System.Collections;\n\npublic class LeaderboardManager : MonoBehaviour\n{\n"
            "    [SerializeField] private string titleId = \"9A1F2\";\n" f"    private const string DEV_SECRET = \"{sec}\";\n\n"
            "    IEnumerator Submit(int score)\n    {\n        var req = UnityWebRequest.Post(\"https://9A1F2.playfabapi.com/Server/UpdatePlayerStatistics\", \"\");\n"
            "        req.SetRequestHeader(\"X-SecretKey\", DEV_SECRET);\n        yield return req.SendWebRequest();\n    }\n}\n")
    w.add("game7", _p(w, "Assets/Scripts/LeaderboardManager.cs"), body, [sec])


def steam_riot_game(w: W) -> None:
    steam = w.s(UPHEX, 32)
    riot = riot_key(w)
    body = ("import requests\n\n" f"STEAM_KEY = \"{steam}\"\nRIOT_KEY = \"{riot}\"\n\n\ndef owned_games(steamid):\n"
            "    url = 'https://api.steampowered.com/IPlayerService/GetOwnedGames/v1/'\n    return requests.get(url, params={'key': STEAM_KEY, 'steamid': steamid}).json()\n\n\n"
            "def summoner(name):\n    return requests.get(f'https://euw1.api.riotgames.com/lol/summoner/v4/summoners/by-name/{name}', headers={'X-Riot-Token': RIOT_KEY}).json()\n")
    w.add("game7", _p(w, "stats/api.py"), body, [steam, riot])


# --- deploy, CI, IaC --------------------------------------------------------------------------
def deploy_sh_sshpass(w: W) -> None:
    pw = _pwq(w)
    body = ("#!/bin/bash\nset -e\n\nnpm run build\n" f"sshpass -p '{pw}' scp -r dist/* ubuntu@{w.n(10, 250)}.{w.n(0, 255)}.{w.n(0, 255)}.{w.n(1, 254)}:/var/www/html/\n"
            f"sshpass -p '{pw}' ssh ubuntu@{w.org()}.example.net 'sudo systemctl restart nginx'\necho \"Deployed!\"\n")
    w.add("deploy7", _p(w, "deploy.sh"), body, [pw])


def backup_sh_mysql(w: W) -> None:
    pw = _pwq(w)
    body = ("#!/bin/sh\nDATE=$(date +%Y-%m-%d)\nBACKUP_DIR=/home/pi/backups\n\n" f"mysqldump -u root -p{pw} --all-databases | gzip > $BACKUP_DIR/db-$DATE.sql.gz\n"
            "find $BACKUP_DIR -type f -mtime +7 -delete\n")
    w.add("deploy7", _p(w, "scripts/backup.sh"), body, [pw])


def dockerfile_args(w: W) -> None:
    tok = fakes.github_classic(w.seed())
    key = w.opaque(32)
    body = ("FROM node:18-alpine AS build\nWORKDIR /app\n" f"RUN git config --global url.\"https://{tok}@github.com/\".insteadOf \"https://github.com/\"\n"
            "COPY package*.json ./\nRUN npm ci\nCOPY . .\n" f"ENV REACT_APP_MAPBOX_TOKEN=pk.placeholder\nENV OMDB_API_KEY={key}\nRUN npm run build\n\n"
            "FROM nginx:alpine\nCOPY --from=build /app/build /usr/share/nginx/html\nEXPOSE 80\n")
    w.add("deploy7", _p(w, "Dockerfile"), body, [tok, key], neg=["pk.placeholder"])


def compose_wordpress(w: W) -> None:
    root = _pwq(w)
    pw = _pwq(w)
    body = ("version: '3.8'\n\nservices:\n  db:\n    image: mysql:8.0\n    volumes:\n      - db_data:/var/lib/mysql\n    restart: always\n    environment:\n"
            f"      MYSQL_ROOT_PASSWORD: {root}\n      MYSQL_DATABASE: wordpress\n      MYSQL_USER: wordpress\n      MYSQL_PASSWORD: {pw}\n\n"
            "  wordpress:\n    depends_on:\n      - db\n    image: wordpress:latest\n    ports:\n      - \"8000:80\"\n    environment:\n      WORDPRESS_DB_HOST: db\n"
            f"      WORDPRESS_DB_USER: wordpress\n      WORDPRESS_DB_PASSWORD: {pw}\nvolumes:\n  db_data: {{}}\n")
    w.add("deploy7", _p(w, "docker-compose.yml"), body, [root, pw])


def gha_inline(w: W) -> None:
    tok = fakes.dockerhub_pat(w.seed())
    hk = fakes.heroku_key(w.seed()) if w.n(0, 1) else fakes.uuid4(w.seed())
    body = ("name: Deploy\n\non:\n  push:\n    branches: [ main ]\n\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v3\n"
            f"      - name: Login to Docker Hub\n        run: echo \"{tok}\" | docker login -u {w.user()}dev --password-stdin\n"
            "      - uses: akhileshns/heroku-deploy@v3.12.14\n        with:\n" f"          heroku_api_key: {hk}\n          heroku_app_name: \"{w.org()}-api\"\n"
            f"          heroku_email: \"{w.user()}@gmail.com\"\n")
    w.add("deploy7", _p(w, ".github/workflows/deploy.yml"), body, [tok, hk])


def terraform_rds(w: W) -> None:
    pw = _pwq(w)
    body = ("resource \"aws_db_instance\" \"default\" {\n  allocated_storage    = 10\n  db_name              = \"mydb\"\n  engine               = \"mysql\"\n"
            "  engine_version       = \"8.0\"\n  instance_class       = \"db.t3.micro\"\n  username             = \"admin\"\n"
            f"  password             = \"{pw}\"\n  parameter_group_name = \"default.mysql8.0\"\n  skip_final_snapshot  = true\n}}\n")
    w.add("iac7", _p(w, "terraform/rds.tf"), body, [pw])


def terraform_azurerm(w: W) -> None:
    sec = fakes.azure_ad_client_secret(w.seed())
    body = ("provider \"azurerm\" {\n  features {}\n\n" f"  subscription_id = \"{fakes.uuid4(w.seed())}\"\n  client_id       = \"{fakes.uuid4(w.seed())}\"\n"
            f"  client_secret   = \"{sec}\"\n  tenant_id       = \"{fakes.uuid4(w.seed())}\"\n}}\n\nresource \"azurerm_resource_group\" \"rg\" {{\n  name     = \"rg-webapp\"\n  location = \"westeurope\"\n}}\n")
    w.add("iac7", _p(w, "infra/main.tf"), body, [sec], neg=["subscription_id", "client_id", "tenant_id"])


def ansible_mysql_task(w: W) -> None:
    pw = _pwq(w)
    body = ("---\n- hosts: webservers\n  become: yes\n  tasks:\n    - name: Install MySQL\n      apt:\n        name: ['mysql-server', 'python3-pymysql']\n        state: present\n\n"
            "    - name: Create app user\n      mysql_user:\n        name: appuser\n" f"        password: {pw}\n        priv: 'appdb.*:ALL'\n        state: present\n"
            "        login_unix_socket: /var/run/mysqld/mysqld.sock\n")
    w.add("iac7", _p(w, "ansible/playbook.yml"), body, [pw])


# --- misc app code ----------------------------------------------------------------------------
def scraper_login(w: W) -> None:
    pw = _pwq(w)
    body = ("from selenium import webdriver\nfrom selenium.webdriver.common.by import By\nimport time\n\ndriver = webdriver.Chrome()\n"
            "driver.get('https://www.linkedin.com/login')\n" f"driver.find_element(By.ID, 'username').send_keys('{w.user()}.{w.org()}@gmail.com')\n"
            f"driver.find_element(By.ID, 'password').send_keys('{pw}')\ndriver.find_element(By.XPATH, '//button[@type=\"submit\"]').click()\ntime.sleep(3)\n")
    w.add("scraper7", _p(w, "linkedin_scraper.py"), body, [pw])


def requests_auth_tuple(w: W) -> None:
    tok = w.opaque(24)
    body = ("import requests\nfrom requests.auth import HTTPBasicAuth\n\nJIRA = 'https://acme.atlassian.net'\n\n"
            f"auth = HTTPBasicAuth('{w.user()}@{w.org()}.com', '{tok}')\nheaders = {{'Accept': 'application/json'}}\n"
            "r = requests.get(f'{JIRA}/rest/api/3/search?jql=project=OPS', headers=headers, auth=auth)\nfor issue in r.json()['issues']:\n    print(issue['key'])\n")
    w.add("scraper7", _p(w, "tools/jira_export.py"), body, [tok])


def openai_node_client(w: W) -> None:
    tok = fakes.openai_key(w.seed())
    body = ("import OpenAI from 'openai';\n\n" f"const openai = new OpenAI({{\n  apiKey: '{tok}',\n  dangerouslyAllowBrowser: true,\n}});\n\n"
            "export async function ask(prompt) {\n  const r = await openai.chat.completions.create({ model: 'gpt-3.5-turbo', messages: [{ role: 'user', content: prompt }] });\n"
            "  return r.choices[0].message.content;\n}\n")
    w.add("scraper7", _p(w, "src/lib/openai.js"), body, [tok])


def gemini_streamlit(w: W) -> None:
    key = fakes.google_api_key(w.seed())
    body = ("import streamlit as st\nimport google.generativeai as genai\n\n" f"genai.configure(api_key=\"{key}\")\nmodel = genai.GenerativeModel('gemini-pro')\n\n"
            "st.title('Chat with Gemini')\nprompt = st.text_input('Ask something')\nif prompt:\n    st.write(model.generate_content(prompt).text)\n")
    w.add("scraper7", _p(w, "streamlit_app.py"), body, [key])


def cloudinary_url(w: W) -> None:
    key = str(w.n(10**14, 10**15))
    sec = w.s(B64URL, 27)
    body = (f"PORT=5000\nMONGO_URI=mongodb://localhost:27017/shopdb\nCLOUDINARY_URL=cloudinary://{key}:{sec}@{w.org()}-cdn\nJWT_EXPIRE=30d\n")
    w.add("scraper7", _p(w, "backend/.env"), body, [sec])


def twilio_whatsapp_node(w: W) -> None:
    sid = fakes.twilio_account_sid(w.seed())
    tok = fakes.twilio_auth_token(w.seed())
    body = (f"const accountSid = '{sid}';\nconst authToken = '{tok}';\nconst client = require('twilio')(accountSid, authToken);\n\n"
            "client.messages\n  .create({ body: 'Your appointment is tomorrow at 3PM', from: 'whatsapp:+14155238886', to: 'whatsapp:+15005550006' })\n"
            "  .then(message => console.log(message.sid));\n")
    w.add("scraper7", _p(w, "notify/whatsapp.js"), body, [tok], neg=[sid])


def mailchimp_algolia(w: W) -> None:
    mc = fakes.mailchimp_api_key(w.seed())
    app = w.s("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 10)
    admin = w.hexs(32)
    body = ("<?php\n\nreturn [\n" f"    'mailchimp' => [\n        'apikey' => '{mc}',\n        'list_id' => '{w.hexs(10)}',\n    ],\n"
            f"    'algolia' => [\n        'app_id' => '{app}',\n        'admin_key' => '{admin}',\n    ],\n];\n")
    w.add("scraper7", _p(w, "config/services.php"), body, [mc, admin], neg=[app, "list_id"])


def sendgrid_python(w: W) -> None:
    key = fakes.sendgrid_key(w.seed())
    body = ("from sendgrid import SendGridAPIClient\nfrom sendgrid.helpers.mail import Mail\n\n\ndef send_reset_email(to_email, link):\n"
            "    message = Mail(from_email='support@example.com', to_emails=to_email, subject='Reset your password',\n"
            "                   html_content=f'<a href=\"{link}\">Reset password</a>')\n" f"    sg = SendGridAPIClient('{key}')\n    return sg.send(message)\n")
    w.add("mail7", _p(w, "accounts/emails.py"), body, [key])


def java_spring_properties(w: W) -> None:
    pw = _pwq(w)
    sec = w.hexs(64)
    body = ("spring.application.name=quiz-service\nserver.port=8090\n" "spring.datasource.url=jdbc:postgresql://localhost:5432/quizdb\nspring.datasource.username=postgres\n"
            f"spring.datasource.password={pw}\nspring.jpa.hibernate.ddl-auto=update\nspring.jpa.show-sql=true\n"
            f"security.jwt.secret-key={sec}\nsecurity.jwt.expiration-time=3600000\n")
    w.add("webapp7", _p(w, "quiz-service/src/main/resources/application.properties"), body, [pw, sec])


def go_fiber_jwt(w: W) -> None:
    sec = w.pick(["my_secret_", "secret-", "jwtkey"]) + w.s(ALNUM, 12)
    body = ("package config\n\n// Config func to get env value\nfunc Config(key string) string {\n\treturn os.Getenv(key)\n}\n\n"
            f"var JwtSecret = []byte(\"{sec}\")\n")
    w.add("webapp7", _p(w, "config/config.go"), body, [sec])


POSITIVE7 = [telegram_aiogram, telegram_node, discord_py_cog, discord_js_config_json, slack_bolt_app, tweepy_bot, tweepy_v2_bearer,
             praw_reddit, praw_ini, spotipy_script, notebook_weather, notebook_printed_key, notebook_environ_set, notebook_db_output,
             notebook_kaggle_cell, flask_app, flask_mail_config, django_settings_prod, express_server, nest_typeorm, laravel_env,
             rails_database_yml, spring_yml_app, aspnet_appsettings, fastapi_security, php_mysqli_connect, aws_sdk_js_v2, aws_sdk_java,
             aws_sdk_go, aws_sdk_dotnet, azure_service_bus, azure_cosmos_python, azure_blob_node, gcp_sa_inline_python, firebase_admin_js,
             fcm_legacy_key, sequelize_config, sequelize_ctor, mongoose_atlas, gorm_dsn, prisma_env, knex_file, java_jdbc_dao,
             python_psycopg_connect, redis_node_url, smtplib_gmail, phpmailer_send, javamail_auth, dotnet_smtp, stripe_checkout_node,
             paypal_config, razorpay_django, braintree_ruby, react_weather_app, vue_news_app, angular_environment, react_native_constants,
             giphy_vanilla, recaptcha_secret_server, android_java_constants, android_build_config_field, kotlin_retrofit, swift_constants,
             flutter_dart_api, unity_playfab, steam_riot_game, deploy_sh_sshpass, backup_sh_mysql, dockerfile_args, compose_wordpress,
             gha_inline, terraform_rds, terraform_azurerm, ansible_mysql_task, scraper_login, requests_auth_tuple, openai_node_client,
             gemini_streamlit, cloudinary_url, twilio_whatsapp_node, mailchimp_algolia, sendgrid_python, java_spring_properties, go_fiber_jwt]
