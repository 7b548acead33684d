"""SMTP settings (a config file and PUBLISHER_SMTP_* variables) and the connection:
verified TLS by default, clear text only to this machine, every failure one plain line."""

from __future__ import annotations

import ipaddress
import os
import smtplib
import socket
import ssl
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError

from publisher.errors import BuildError, InputError
from publisher.loading import load
from publisher.models import Strict


class Smtp(Strict):
    """SMTP settings: a config file's keys; PUBLISHER_SMTP_* variables override them."""

    host: str = Field(min_length=1)
    port: int | None = Field(None, ge=1, le=65535)
    user: str | None = None
    sender: str = Field(alias="from", min_length=3)
    security: Literal["starttls", "ssl", "none"] = "starttls"
    cafile: str | None = Field(None, description="Extra certificate authority to trust.")

    @property
    def default_port(self) -> int:
        return self.port or {"starttls": 587, "ssl": 465, "none": 25}[self.security]


def smtp_settings(config: Path | None, env: dict[str, str] | None = None) -> Smtp:
    env = os.environ if env is None else env
    data: dict = {}
    if config:
        source = load(config, Smtp).source  # validates the file with line numbers
        data.update(source.data)
    for key in ("host", "port", "user", "from", "security", "cafile"):
        value = env.get(f"PUBLISHER_SMTP_{key.upper()}")
        if value:
            data[key] = value
    if "host" not in data or "from" not in data:
        raise InputError(
            "no SMTP server: set PUBLISHER_SMTP_HOST and PUBLISHER_SMTP_FROM (or give "
            "--config FILE with `host:` and `from:`)."
        )
    try:
        settings = Smtp.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = str(first["loc"][0])
        raise InputError(
            f"SMTP setting `{key}` (PUBLISHER_SMTP_{key.upper()}): {first['msg']}."
        ) from None
    if settings.security == "none" and not _loopback(settings.host):
        raise InputError(
            f"SMTP security `none` sends passwords and handouts in clear text; it is allowed "
            f"only for a server on this machine, not {settings.host}. Use starttls or ssl."
        )
    return settings


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(socket.gethostbyname(host)).is_loopback
    except (OSError, ValueError):
        return False


def connect(settings: Smtp, password: str | None) -> smtplib.SMTP:
    context = ssl.create_default_context(cafile=settings.cafile)
    port = settings.default_port
    try:
        if settings.security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host, port, context=context, timeout=30
            )
        else:
            client = smtplib.SMTP(settings.host, port, timeout=30)
            if settings.security == "starttls":
                client.starttls(context=context)
        if settings.user:
            client.login(settings.user, password or "")
    except ssl.SSLCertVerificationError as exc:
        raise BuildError(
            f"the SMTP server {settings.host}:{port} has a certificate that cannot be "
            f"verified ({exc.verify_message}); nothing was sent. If it is your own server, "
            "set PUBLISHER_SMTP_CAFILE to its certificate authority."
        ) from None
    except smtplib.SMTPNotSupportedError:
        raise BuildError(
            f"the SMTP server {settings.host}:{port} offers no login on this connection; "
            "use PUBLISHER_SMTP_SECURITY=starttls or ssl, or leave PUBLISHER_SMTP_USER unset. "
            "Nothing was sent."
        ) from None
    except smtplib.SMTPAuthenticationError as exc:
        raise BuildError(
            f"the SMTP server refused the login for {settings.user} ({exc.smtp_code}); "
            "check PUBLISHER_SMTP_USER and PUBLISHER_SMTP_PASSWORD. Nothing was sent."
        ) from None
    except (OSError, smtplib.SMTPException) as exc:
        raise BuildError(
            f"cannot reach the SMTP server {settings.host}:{port} ({exc}); nothing was sent."
        ) from None
    return client
