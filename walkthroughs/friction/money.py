"""Read amounts of money the way shops write them (`€1,234.56`, `89,00 €`, `CHF 12.-`), to compare prices across pages."""

from __future__ import annotations

import re

_NUMBER = re.compile(r"\d[\d.,' ]*")


def parse_amount(text: str | None) -> float | None:
    """The amount in a price text, or None; a lone `,` or `.` before one or two digits is the decimal mark."""
    match = _NUMBER.search(text or "")
    if not match:
        return None
    digits = match.group(0).strip().rstrip(".,").replace(" ", "").replace("'", "")
    marks = [c for c in digits if c in ".,"]
    if not marks:
        return float(digits)
    last = max(digits.rfind("."), digits.rfind(","))
    decimals = digits[last + 1:]
    if len(set(marks)) == 2 or (len(marks) == 1 and len(decimals) in (1, 2)):
        whole = re.sub(r"[.,]", "", digits[:last])
        return float(f"{whole}.{decimals}")
    return float(re.sub(r"[.,]", "", digits))


def currency_of(text: str | None) -> str:
    """The currency sign or code in a price text (`€`, `CHF`), or an empty string."""
    match = re.search(r"[€$£¥]|\b(?:EUR|USD|GBP|CHF)\b", text or "")
    return match.group(0) if match else ""


def format_amount(amount: float, currency: str = "") -> str:
    return f"{currency}{amount:,.2f}" if currency in "€$£¥" else f"{amount:,.2f} {currency}"
