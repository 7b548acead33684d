"""SMTP settings (a config file and PUBLISHER_SMTP_* variables) and the connection:
verified TLS by default, clear text only to this machine, every failure one plain line."""

from __future__ import annotations

import ipaddress
import smtplib
import ssl
from collections.abc import Mapping
from email.utils import parseaddr
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError

from publisher.errors import BuildError, InputError
from publisher.inputs.loading import load
from publisher.model.base import Strict


class Smtp(Strict):
    """SMTP settings: a config file's keys; PUBLISHER_SMTP_* variables override them."""

    host: str = Field(min_length=1)
    port: int | None = Field(None, ge=1, le=65535)
    user: str | None = None
    sender: str = Field(alias="from", min_length=3)
    security: Literal["starttls", "ssl", "none"] = "starttls"
    cafile: str | None = Field(None, description="Extra certificate authority to trust.")
    ehlo: str | None = Field(None, description="The name to greet the server with.")
    timeout: float = Field(30.0, gt=0, le=600, description="Seconds to wait for the server.")

    @property
    def hostname(self) -> str:
        """What EHLO says: the setting, else the sender's domain (never a bare IP)."""
        return self.ehlo or parseaddr(self.sender)[1].rsplit("@", 1)[-1] or "localhost"

    @property
    def default_port(self) -> int:
        return self.port or {"starttls": 587, "ssl": 465, "none": 25}[self.security]


def smtp_settings(config: Path | None, env: Mapping[str, str]) -> Smtp:
    """The settings file's values, overridden by the PUBLISHER_SMTP_* variables in `env`."""
    data: dict = {}
    if config:
        source = load(config, Smtp).source  # validates the file with line numbers
        data.update(source.data)
    for key in ("host", "port", "user", "from", "security", "cafile", "ehlo", "timeout"):
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
    """This machine: `localhost`, 127.0.0.0/8 or ::1, decided without asking DNS (a name
    server could answer 127.0.0.1 for any name)."""
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _context(settings: Smtp) -> ssl.SSLContext:
    """The system's trusted authorities, plus PUBLISHER_SMTP_CAFILE when set."""
    context = ssl.create_default_context()
    if not settings.cafile and not _has_authorities(context):
        raise InputError(
            "this Python has no trusted certificate authorities to check the mail server "
            "with. With Python from python.org on a Mac, run 'Install Certificates.command' "
            "in its Applications folder; elsewhere install your system's CA certificates "
            "(Debian: ca-certificates). Nothing was sent."
        )
    if settings.cafile:
        try:
            context.load_verify_locations(cafile=settings.cafile)
        except FileNotFoundError:
            raise InputError(
                f"PUBLISHER_SMTP_CAFILE: there is no file {settings.cafile}; give the path of "
                "your server's certificate authority (a .pem file), or unset it."
            ) from None
        except (ssl.SSLError, OSError, ValueError) as exc:
            raise InputError(
                f"PUBLISHER_SMTP_CAFILE: {settings.cafile} is not a certificate file in PEM "
                f"form ({exc}); export the authority's certificate as .pem."
            ) from None
    return context


def _has_authorities(context: ssl.SSLContext) -> bool:
    """Whether the default context can verify anything: authorities loaded (Windows, the
    system store) or an OpenSSL file or folder of them that exists (Linux, Homebrew)."""
    if context.cert_store_stats().get("x509_ca"):
        return True
    paths = ssl.get_default_verify_paths()
    folder = Path(paths.capath) if paths.capath else None
    return bool(paths.cafile and Path(paths.cafile).is_file()) or bool(
        folder and folder.is_dir() and any(folder.iterdir())
    )


def connect(settings: Smtp, password: str | None) -> smtplib.SMTP:
    context = _context(settings)
    port = settings.default_port
    if password and not password.isascii():
        raise InputError(
            "the SMTP password has characters other than plain letters, digits and ASCII "
            "punctuation, which SMTP logins cannot carry; use an app password. Nothing was sent."
        )
    stage = "connect"
    try:
        if settings.security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host,
                port,
                context=context,
                timeout=settings.timeout,
                local_hostname=settings.hostname,
            )
        else:
            client = smtplib.SMTP(settings.host, port, timeout=settings.timeout,
                                  local_hostname=settings.hostname)  # fmt: skip
            if settings.security == "starttls":
                stage = "starttls"
                client.starttls(context=context)
        if settings.user:
            stage = "login"
            client.login(settings.user, password or "")
    except ssl.SSLCertVerificationError as exc:
        raise BuildError(
            f"the SMTP server {settings.host}:{port} has a certificate that cannot be "
            f"verified ({exc.verify_message}); nothing was sent. If it is your own server, "
            "set PUBLISHER_SMTP_CAFILE to its certificate authority."
        ) from None
    except smtplib.SMTPNotSupportedError:
        if stage == "starttls":
            raise BuildError(
                f"the SMTP server {settings.host}:{port} does not offer STARTTLS; if it takes "
                "TLS from the start, set PUBLISHER_SMTP_SECURITY=ssl (usually port 465), or ask "
                "your mail provider which port and security to use. Nothing was sent."
            ) from None
        raise BuildError(
            f"the SMTP server {settings.host}:{port} offers no login on this connection; "
            "leave PUBLISHER_SMTP_USER unset if it needs none, or use a port that takes "
            "logins (587 with starttls, 465 with ssl). Nothing was sent."
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
