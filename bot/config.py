"""Configuration: a TOML file validated by pydantic, with secrets from the environment.

A bad config must stop the bot before it starts, with a message that names the
file, the key and what is wrong; `load_config` raises `ConfigError` for that.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bot.config_errors import describe, given
from bot.listen_address import split_listen
from bot.source_keys import foreign_keys
from bot.webhook_url import webhook_url_problem

ENV_TOKEN = "FINEWS_BOT_TOKEN"
ENV_DATABASE_URL = "FINEWS_DATABASE_URL"
ENV_GITHUB_TOKEN = "FINEWS_GITHUB_TOKEN"  # read by the github source at poll time, never stored
HHMM = r"^([01]\d|2[0-3]):[0-5]\d$"
# What @BotFather hands out: the bot's numeric id, a colon, the secret (letters, digits, _ -).
BOT_TOKEN = re.compile(r"\d+:[A-Za-z0-9_-]+")
NOT_A_TOKEN = (
    "does not look like a bot token (the bot's id, a colon, then letters, digits, _ or -, "
    "as @BotFather gives it: 7012345678:AAH...); the value is not shown"
)


class ConfigError(Exception):
    """The configuration cannot be used; the message is meant for the operator."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DatabaseConfig(_Strict):
    url: str = ""  # empty: SQLite at <data_dir>/finews.db (filled in by Settings)
    echo: bool = False
    # PostgreSQL connections per process. `run` keeps up to 5 of them open for good:
    # 4 lock holders (polling, telegram-updates, telegram-sender, worker liveness) and
    # the 'sent' batch connection; the rest serve claims, commands, polls and scrapes.
    pool_size: int = Field(default=10, ge=1, le=200)
    max_overflow: int = Field(default=10, ge=0, le=200)

    @field_validator("url")
    @classmethod
    def _known_scheme(cls, v: str) -> str:
        if v == "":
            return v
        plain = ("postgresql://", "postgres://")  # hosts hand out `postgres://` URLs too
        if not v.startswith(("sqlite://", "postgresql+psycopg://", *plain)):
            raise ValueError("must start with sqlite:/// or postgresql+psycopg://")
        for scheme in plain:
            if v.startswith(scheme):
                v = "postgresql+psycopg://" + v.removeprefix(scheme)
        return v


class SourceConfig(_Strict):
    name: str = Field(min_length=1, max_length=64)
    kind: Literal["feed", "jekyll-site", "jekyll-dir", "github"]
    url: str | None = None
    path: str | None = None
    interval: int = Field(default=60, ge=5, le=86400, description="seconds between polls")
    enabled: bool = True
    git_pull: bool = False
    categories: list[str] = Field(default_factory=list, description="jekyll-site: outlet slugs")
    timeout: float = Field(default=20.0, gt=0, le=300, description="s per connect, read, write")
    deadline: float = Field(
        default=60.0, gt=0, le=3600, description="s for a whole GET: headers, body, retries"
    )
    max_bytes: int = Field(
        default=20_000_000, ge=1024, description="largest HTTP body read from the source"
    )
    max_backoff: int = Field(default=3600, ge=5, description="slowest retry pace, seconds")
    retries: int = Field(default=2, ge=0, le=10, description="in-poll retries of one request")
    retry_wait: float = Field(default=1.0, ge=0, le=60, description="first in-poll retry wait, s")
    missing_retries: int = Field(
        default=3, ge=0, le=100, description="polls that retry a post answering 404 or cut short"
    )
    git_timeout: float = Field(default=60.0, gt=0, le=3600, description="jekyll-dir git pull")
    failing_report_after: int = Field(
        default=5, ge=1, description="consecutive failed polls before 'failing for long' is logged"
    )
    fallback: str | None = Field(
        default=None, description="feed: source polled at once when the feed's window overflowed"
    )
    gap_retries: int = Field(
        default=10, ge=0, le=1000, description="feed: fallback polls retried to fill one gap"
    )
    repo: str = "zning1994/finews"
    branch: str = Field(default="", description="github: branch to follow; empty = the default")
    api_url: str = "https://api.github.com"
    raw_url: str = Field(
        default="https://raw.githubusercontent.com",
        description="github: raw file host; empty = the contents API (counts against the limit)",
    )
    posts_dir: str = Field(default="_posts", min_length=1)
    relist_commits: int = Field(
        default=10, ge=1, le=100, description="github: commits re-listed on a first poll/rewrite"
    )

    @field_validator("repo")
    @classmethod
    def _owner_name(cls, v: str) -> str:
        """Said in words: a regex in the message told an operator who pasted the
        repository's address (https://github.com/owner/name) nothing."""
        if not re.fullmatch(r"[\w.-]+/[\w.-]+", v):
            raise ValueError(
                'must be "owner/name" as in the repository\'s address, e.g. "zning1994/finews"'
            )
        return v

    @model_validator(mode="after")
    def _own_keys(self) -> SourceConfig:
        """Only the keys written count: the defaults of the other kinds are harmless."""
        if wrong := foreign_keys(self.kind, self.model_fields_set):
            raise ValueError(f"source {self.name!r}: {wrong}")
        return self

    @model_validator(mode="after")
    def _location(self) -> SourceConfig:
        web = self.kind in ("feed", "jekyll-site")
        if web and not (self.url or "").startswith(("http://", "https://")):
            raise ValueError(f'kind {self.kind!r} needs url = "http(s)://..."')
        if self.kind == "jekyll-dir" and not self.path:
            raise ValueError("kind 'jekyll-dir' needs path = \"/path/to/_posts\"")
        if self.kind == "github":
            for key in ("api_url", "raw_url"):
                value = getattr(self, key)
                if (value or key == "api_url") and not value.startswith(("http://", "https://")):
                    raise ValueError(f"kind 'github' needs {key} = \"http(s)://...\"")
        if self.fallback is not None and self.kind != "feed":
            raise ValueError("fallback is for kind 'feed' (the source that fills its gaps)")
        return self


class TelegramConfig(_Strict):
    token: str = ""
    base_url: str = "https://api.telegram.org/bot"
    base_file_url: str = "https://api.telegram.org/file/bot"
    admins: list[int] = Field(default_factory=list)
    mode: Literal["polling", "webhook"] = "polling"
    webhook_url: str = ""
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    webhook_secret: str = ""
    max_subscriptions: int = Field(default=100, ge=1, le=10000)
    commands_per_minute: int = Field(default=20, ge=1)
    default_lang: Literal["zh", "en"] = "zh"
    channel_reply_seconds: float = Field(
        default=120.0, ge=0, description="commands and replies in channels deleted after (0 = keep)"
    )

    @field_validator("token")
    @classmethod
    def _stripped(cls, v: str) -> str:
        """Spaces or a newline pasted with the token would end up in every request's URL."""
        return v.strip()

    @field_validator("base_url", "base_file_url")
    @classmethod
    def _token_follows(cls, v: str) -> str:
        """PTB appends the token (or fills a {token} placeholder): `http://host:8081` alone
        would become `http://host:8081<token>`, a URL that fails only once `run` starts."""
        if not v.startswith(("http://", "https://")):
            raise ValueError(
                'must start with http:// or https://, e.g. "https://api.telegram.org/bot"'
            )
        placeholder = re.search(r"\{(bot[-_])?token\}", v, re.IGNORECASE)  # PTB's spellings
        if not placeholder and not v.endswith("/bot"):
            raise ValueError(
                'must end with "/bot" (the token follows it), e.g. "http://127.0.0.1:8081/bot"'
            )
        return v

    @model_validator(mode="after")
    def _webhook(self) -> TelegramConfig:
        """Webhook mode is checked here, not when `run` registers the webhook after start-up."""
        if self.mode != "webhook":
            return self
        if not self.webhook_url.startswith(("https://", "http://")):
            raise ValueError('mode "webhook" needs webhook_url = "https://..."')
        if problem := webhook_url_problem(self.webhook_url, self.base_url):
            raise ValueError(problem)
        if self.webhook_secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", self.webhook_secret):
            # what setWebhook accepts as secret_token
            raise ValueError("webhook_secret may only use A-Z, a-z, 0-9, _ and - (1-256 chars)")
        return self


class ChannelRoute(_Strict):
    chat: str | int
    categories: list[str] = Field(default_factory=list)
    tickers: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)

    @field_validator("chat")
    @classmethod
    def _chat_ref(cls, v: str | int) -> str | int:
        """A chat as Telegram names it: an id (also in quotes, as the example writes
        `"@name"`: a string of digits is no name), or `@name` (a t.me link of it, as copied
        from the channel, reads as that)."""
        from bot.subscriptions.tme import channel_ref  # only with routes: its package is big

        text = v.strip() if isinstance(v, str) else ""
        if isinstance(v, str) and re.fullmatch(r"-?\d{1,20}", text):
            v = int(text)
        elif isinstance(v, str) and (ref := channel_ref(v)) and ref.startswith("@"):
            return ref
        if isinstance(v, int) and v != 0:
            return v
        raise ValueError(
            "must be an @username, a t.me link of it, or a numeric chat id "
            f"(given: {given(v if isinstance(v, int) else text)})"
        )


class SummaryConfig(_Strict):
    max_chars: int = Field(default=120, ge=20, le=1000)
    max_figures: int = Field(default=5, ge=0, le=20)


class DeliveryConfig(_Strict):
    global_per_second: float = Field(default=30.0, gt=0)
    private_per_second: float = Field(default=1.0, gt=0)
    group_per_minute: float = Field(default=20.0, gt=0)
    max_attempts: int = Field(default=8, ge=1)
    batch_size: int = Field(default=200, ge=1)
    push_first_poll: bool = False
    max_article_age_hours: float = Field(
        default=72.0, ge=0, description="older new posts are stored, not pushed (0 = no limit)"
    )
    timezone: str = "Asia/Shanghai"  # new chats start in it; /timezone changes one chat's
    pace: float = Field(default=0.98, gt=0, le=1, description="share of each limit to use")
    max_in_flight: int = Field(default=32, ge=1, le=1000, description="bounds crash duplicates")
    poll_interval: float = Field(default=0.5, gt=0, le=60)
    stale_claim_seconds: float = Field(default=60.0, ge=1)
    backoff_max: float = Field(default=300.0, gt=0)
    digest_check_seconds: float = Field(default=30.0, gt=0)
    rights_probe_seconds: float = Field(
        default=1800.0,
        gt=0,
        description="a chat where the bot may not post is tried again after this long",
    )
    send_timeout: float = Field(
        default=5.0, gt=0, le=60, description="s per send request (connect, write, read)"
    )
    resend_unknown: int = Field(
        default=1, ge=0, le=1, description="resends of a send that got no answer (0 = never)"
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            msg = f"unknown time zone {v!r} (use an IANA name such as Asia/Shanghai)"
            raise ValueError(msg) from None
        return v


class HttpConfig(_Strict):
    enabled: bool = False
    listen: str = Field(default="127.0.0.1", description="host, [IPv6] or either with :port")
    port: int = Field(default=9108, ge=1, le=65535)
    max_poll_age: int = Field(default=1800, ge=10, description="/healthz: newest poll success, s")
    max_delivery_lag: int = Field(default=900, ge=10, description="/healthz: oldest queued, s")

    @model_validator(mode="after")
    def _listen(self) -> HttpConfig:
        """`listen` keeps the bare host; a port written in it becomes `port` (and must
        agree with a `port` also given)."""
        host, port = split_listen(self.listen)
        if port is not None:
            if "port" in self.model_fields_set and self.port != port:
                raise ValueError(
                    f"listen {self.listen!r} names port {port} but port = {self.port}: give one"
                )
            self.port = port
        self.listen = host
        return self


class RetentionConfig(_Strict):
    days: int = Field(default=90, ge=1)
    interval_hours: int = Field(default=6, ge=1)


class OutletsConfig(_Strict):
    silent_days: int = Field(
        default=14,
        ge=0,
        le=3650,
        description="followed outlets silent this long are told (0 = off)",
    )


class LoggingConfig(_Strict):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"


class Settings(_Strict):
    data_dir: str = "data"
    database: DatabaseConfig = Field(default_factory=DatabaseConfig)
    sources: list[SourceConfig] = Field(default_factory=list)
    telegram: TelegramConfig = Field(default_factory=TelegramConfig)
    channels: list[ChannelRoute] = Field(default_factory=list)
    summary: SummaryConfig = Field(default_factory=SummaryConfig)
    delivery: DeliveryConfig = Field(default_factory=DeliveryConfig)
    http: HttpConfig = Field(default_factory=HttpConfig)
    retention: RetentionConfig = Field(default_factory=RetentionConfig)
    outlets: OutletsConfig = Field(default_factory=OutletsConfig)
    logging: LoggingConfig = Field(default_factory=LoggingConfig)

    @model_validator(mode="after")
    def _default_database(self) -> Settings:
        """No `[database] url`: the SQLite file lives in `data_dir` (what data_dir is for)."""
        if not self.database.url:
            self.database.url = f"sqlite:///{Path(self.data_dir) / 'finews.db'}"
        return self

    @model_validator(mode="after")
    def _unique_source_names(self) -> Settings:
        names = [s.name for s in self.sources]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"source names must be unique, repeated: {', '.join(dupes)}")
        for s in self.sources:
            if s.fallback is not None and (s.fallback == s.name or s.fallback not in names):
                raise ValueError(
                    f"source {s.name!r}: fallback {s.fallback!r} must name another source"
                )
        return self


def load_config(path: str | Path | None, env: dict[str, str] | None = None) -> Settings:
    """Load and validate a config file; environment values override secrets and the DB URL.

    `path=None` gives the embedded defaults (SQLite under ./data, no sources).
    """
    env = os.environ if env is None else env
    raw: dict = {}
    shown = str(path) if path else "(defaults)"
    if path is not None:
        p = Path(path)
        try:
            raw = tomllib.loads(p.read_text(encoding="utf-8-sig"))  # an editor's BOM: not text
        except FileNotFoundError:
            raise ConfigError(f"{shown}: file not found") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{shown}: not valid TOML: {exc}") from None
        except UnicodeDecodeError:
            raise ConfigError(f"{shown}: not UTF-8 text") from None
        except OSError as exc:  # a directory (a volume mounted in its place), no permission
            raise ConfigError(f"{shown}: cannot read: {exc.strerror or exc}") from None
    try:
        # strict: `enabled = "yes"` or `port = "9108"` is refused, not guessed (a whole
        # number still does for a float key, as TOML writes `timeout = 20`)
        settings = Settings.model_validate(raw, strict=True)
    except ValidationError as exc:
        raise ConfigError(describe(exc, shown)) from None
    # An empty or blank variable (`-e FINEWS_BOT_TOKEN=` in a compose file) is not set.
    if token := (env.get(ENV_TOKEN) or "").strip():
        settings.telegram.token = token
    # A placeholder or half a token would pass for "token set" and fail only once `run`
    # has asked the Bot API; the value itself stays out of the message.
    if settings.telegram.token and not BOT_TOKEN.fullmatch(settings.telegram.token):
        where = f"${ENV_TOKEN}" if token else f"{shown}: invalid configuration\n  - telegram.token"
        raise ConfigError(f"{where}: {NOT_A_TOKEN}")
    if url := (env.get(ENV_DATABASE_URL) or "").strip():
        try:
            # only the URL comes from the environment: the file's pool settings still apply
            fields = settings.database.model_dump() | {"url": url}
            settings.database = DatabaseConfig.model_validate(fields)
        except ValidationError as exc:
            raise ConfigError(describe(exc, f"${ENV_DATABASE_URL}")) from None
    return settings
