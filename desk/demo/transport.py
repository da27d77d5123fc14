"""The headers mail servers add on the way in: Return-Path, Received chain, DKIM, filters.

Mail fetched from a real mailbox carries 2-4 KB of these before the first
header its sender wrote; without them the demo would be lighter to parse than
real mail. Addresses are from the documentation ranges (RFC 5737), so nothing
here points at a real host.
"""

from __future__ import annotations

import base64
import random
from datetime import datetime, timedelta
from email.utils import format_datetime

_PROVIDERS = {
    "gmail.com": ("mail-{n}.google.com", "gmail.com", "20161025"),
    "orange.fr": ("smtp{n}.smtp.orange.fr", "orange.fr", "ora_2019"),
    "wanadoo.fr": ("smtp{n}.smtp.orange.fr", "orange.fr", "ora_2019"),
    "hotmail.fr": ("EUR{n}-VE1-obe.outbound.protection.outlook.com", "hotmail.fr", "selector1"),
    "outlook.fr": ("EUR{n}-DB5-obe.outbound.protection.outlook.com", "outlook.fr", "selector1"),
    "yahoo.fr": ("sonic{n}-1.consmr.mail.ir2.yahoo.com", "yahoo.fr", "s2048"),
    "free.fr": ("smtp{n}-g21.free.fr", "free.fr", "smtp-20201208"),
    "laposte.net": ("smtp{n}.laposte.net", "laposte.net", "lpn-wlmd"),
    "sfr.fr": ("smtp{n}.sfr.fr", "sfr.fr", "sfr_2018"),
}


def _b64(rng: random.Random, length: int) -> str:
    return base64.b64encode(rng.randbytes(length)).decode()


def _ip(rng: random.Random) -> str:
    prefix = rng.choice(("192.0.2", "198.51.100", "203.0.113"))
    return f"{prefix}.{rng.randrange(1, 255)}"


def transport_headers(rng: random.Random, envelope: str, when: datetime) -> list[tuple[str, str]]:
    """Headers the sender's server, our MX and the IMAP server prepend, newest first."""
    domain = envelope.rsplit("@", 1)[-1].lower()
    relay_pattern, dkim_domain, selector = _PROVIDERS.get(
        domain, (f"mail{{n}}.{domain}", domain, "default")
    )
    relay = relay_pattern.format(n=rng.randrange(1, 80))
    relay_ip = _ip(rng)
    queue_id = "".join(rng.choices("0123456789ABCDEF", k=11))
    lmtp_id = _b64(rng, 12).replace("/", "x").replace("+", "y")
    submitted = when - timedelta(seconds=rng.randrange(1, 40))
    received = when + timedelta(seconds=rng.randrange(0, 3))
    headers: list[tuple[str, str]] = [
        ("Return-Path", f"<{envelope}>"),
        ("Delivered-To", "contact@example-edu.fr"),
        (
            "Received",
            f"from mx1.example-edu.fr ([192.0.2.25])\n\tby imap.example-edu.fr with LMTP\n"
            f"\tid {lmtp_id}\n\t(envelope-from <{envelope}>)\n"
            f"\tfor <contact@example-edu.fr>; {format_datetime(received)}",
        ),
        (
            "Received",
            f"from {relay} ({relay} [{relay_ip}])\n"
            "\t(using TLSv1.2 with cipher ECDHE-RSA-AES128-GCM-SHA256 (128/128 bits))\n"
            f"\t(No client certificate requested)\n\tby mx1.example-edu.fr (Postfix) with ESMTPS "
            f"id {queue_id}\n\tfor <contact@example-edu.fr>; {format_datetime(when)}",
        ),
        ("X-Spam-Status", f"No, score={rng.uniform(-2, 2):.1f} required=5.0 tests=BAYES_00,"
                          "DKIM_SIGNED,DKIM_VALID,HTML_MESSAGE,SPF_PASS autolearn=ham"),
        ("X-Spam-Checker-Version", "SpamAssassin 3.4.2 on mx1.example-edu.fr"),
        (
            "Authentication-Results",
            f"mx1.example-edu.fr;\n\tdkim=pass (2048-bit key) header.d={dkim_domain} "
            f"header.i=@{dkim_domain} header.b=\"{_b64(rng, 6)}\";\n"
            f"\tspf=pass (mx1.example-edu.fr: domain of {envelope} designates {relay_ip} "
            f"as permitted sender) smtp.mailfrom={envelope}",
        ),
    ]  # fmt: skip
    if rng.random() < 0.8:
        signature = _b64(rng, 256)
        lines = "\n\t ".join(signature[i : i + 70] for i in range(0, len(signature), 70))
        headers.append(
            (
                "DKIM-Signature",
                f"v=1; a=rsa-sha256; c=relaxed/relaxed; d={dkim_domain}; s={selector};\n"
                f"\tt={int(submitted.timestamp())};\n"
                "\th=from:to:subject:date:message-id:mime-version:content-type;\n"
                f"\tbh={_b64(rng, 32)};\n\tb={lines}",
            )
        )
    headers.append(
        (
            "Received",
            f"by {relay} with SMTP id {_b64(rng, 9)};\n\t{format_datetime(submitted)}",
        )
    )
    return headers
