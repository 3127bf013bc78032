"""Turn a job page (a link, an HTML document) or pasted text into the fields of a job.

Nothing here writes: the result is shown to the user, who reviews it and confirms,
and only then is a job created (jobs.services.tracking.job_create).

Every result is a dict with exactly the keys of POSTING_FIELDS; a value we could not
read is None. We never guess: a salary without a currency, a type we can't map, a date
we can't parse all stay None, and the user fills them in.

Sources, best first:
1. a schema.org JobPosting in JSON-LD (what Google for Jobs reads, so most job
   boards publish it), read with extruct; when extruct chokes on malformed JSON we
   read each <script type="application/ld+json"> ourselves and repair the usual faults;
2. a JobPosting in microdata;
3. Open Graph / <title> / first <h1> for the title, og:site_name for the company.
"""

from __future__ import annotations

import datetime
import html as html_lib
import json
import logging
import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

import extruct
import html_text
import lxml.etree
import lxml.html
from w3lib.encoding import html_to_unicode

from careercoach.lib import safe_fetch
from careercoach.lib.choices import JobType
from jobs.exceptions import ImportFailed, UnsafeUrl

logger = logging.getLogger(__name__)

POSTING_FIELDS = (
    "title", "company", "location", "remote", "salary_min", "salary_max", "currency",
    "employment_type", "date_posted", "description",
)

MSG_NO_POSTING = (
    "We couldn't find a job posting on that page. Open it in your browser, copy the job description "
    "and paste it here instead."
)
MSG_BLOCKED = (
    "That site showed us a sign-in or bot-check page instead of the posting. Open it in your browser, "
    "copy the job description and paste it here instead."
)
MSG_EMPTY_TEXT = "Paste the job description first."

# A PositiveIntegerField holds at most this; anything bigger is not a salary anyway.
_MAX_SALARY = 2_147_483_647
_YEARLY_FACTOR = {"YEAR": 1, "MONTH": 12, "WEEK": 52, "DAY": 260, "HOUR": 2080}
_UNIT_ALIASES = {
    "YEAR": "YEAR", "YEARLY": "YEAR", "ANNUAL": "YEAR", "ANNUALLY": "YEAR", "ANNUM": "YEAR", "PER_YEAR": "YEAR",
    "YR": "YEAR", "P1Y": "YEAR",
    "MONTH": "MONTH", "MONTHLY": "MONTH", "PER_MONTH": "MONTH", "MO": "MONTH", "P1M": "MONTH",
    "WEEK": "WEEK", "WEEKLY": "WEEK", "PER_WEEK": "WEEK", "WK": "WEEK", "P1W": "WEEK",
    "DAY": "DAY", "DAILY": "DAY", "PER_DAY": "DAY", "P1D": "DAY",
    "HOUR": "HOUR", "HOURLY": "HOUR", "PER_HOUR": "HOUR", "HR": "HOUR", "PT1H": "HOUR",
}
_EMPLOYMENT_TYPES = {
    "FULL_TIME": JobType.FULL_TIME, "FULLTIME": JobType.FULL_TIME, "PERMANENT": JobType.FULL_TIME,
    "PART_TIME": JobType.PART_TIME, "PARTTIME": JobType.PART_TIME,
    "CONTRACTOR": JobType.CONTRACT, "CONTRACT": JobType.CONTRACT, "FREELANCE": JobType.CONTRACT,
    "FREELANCER": JobType.CONTRACT, "CONTRACT_TO_HIRE": JobType.CONTRACT,
    "INTERN": JobType.INTERNSHIP, "INTERNSHIP": JobType.INTERNSHIP, "TRAINEE": JobType.INTERNSHIP,
    "TEMPORARY": JobType.TEMPORARY, "TEMP": JobType.TEMPORARY, "SEASONAL": JobType.TEMPORARY,
    "PER_DIEM": JobType.TEMPORARY,
}
_CURRENCY_SYMBOLS = {
    "$": "USD", "US$": "USD", "USD$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "C$": "CAD", "CA$": "CAD",
    "A$": "AUD", "AU$": "AUD", "NZ$": "NZD", "CHF": "CHF", "₽": "RUB", "₩": "KRW", "R$": "BRL", "zł": "PLN", "kr": None,
}
_ISO_CURRENCY = re.compile(r"[A-Z]{3}")
# Titles of pages that stand between us and the posting.
_BLOCKED_TITLES = re.compile(
    r"^(?:just a moment|attention required|access denied|are you a robot|security check|captcha|forbidden|"
    r"(?:403|404|429)\b|page not found|not found\b)|\b(?:sign ?in|log ?in|sign ?up)\b",
    re.IGNORECASE,
)
_ADDRESS_KEYS = ("addressLocality", "addressRegion", "addressCountry", "streetAddress", "postalCode")


def _empty() -> dict[str, Any]:
    return dict.fromkeys(POSTING_FIELDS)


# --- Small value parsers ----------------------------------------------------------------


def _inline_text(value: Any) -> str | None:
    """One line of plain text from a string that may hold entities or tags."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str | int | float) and str(v).strip()), None)
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return None
    text = html_lib.unescape(str(value))
    if "<" in text and ">" in text:
        text = html_text.extract_text(text)
    text = re.sub(r"\s+", " ", text).strip()
    return text or None


def description_text(fragment: str | None) -> str | None:
    """HTML (or escaped HTML, or plain text) to readable text with paragraphs and bullets."""
    if not fragment or not isinstance(fragment, str):
        return None
    text = fragment.strip()
    # JSON-LD descriptions are often HTML escaped once more: "&lt;p&gt;Hello&lt;/p&gt;".
    if "&lt;" in text and not re.search(r"<[a-zA-Z/!]", text):
        text = html_lib.unescape(text)
    if not re.search(r"<[a-zA-Z/!]", text):
        text = html_lib.unescape(text)
        paragraphs = [re.sub(r"[ \t\f\v]+", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
        text = "\n\n".join("\n".join(line.strip() for line in p.splitlines()) for p in paragraphs if p)
        return text.strip() or None
    try:
        tree = lxml.html.fragment_fromstring(text, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return _inline_text(text)
    return _element_text(tree)


def _element_text(element) -> str | None:
    for li in element.iter("li"):
        parent = li.getparent()
        if parent is not None and parent.tag == "ol":
            marker = f"{[c for c in parent if c.tag == 'li'].index(li) + 1}. "
        else:
            marker = "• "
        li.text = marker + (li.text or "").lstrip()
    text = html_text.extract_text(element, guess_layout=True)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return text or None


def _number(value: Any) -> Decimal | None:
    """120000, "120,000", "120000.00", "$120k", "60.000" (a thousands dot) → a Decimal."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        number = Decimal(str(value))
        return number if number.is_finite() else None  # JSON may say NaN or Infinity
    if isinstance(value, dict):
        return _number(value.get("value"))
    if not isinstance(value, str):
        return None
    text = value.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    match = re.search(r"(\d[\d.,']*)([kKmM](?![a-zA-Z]))?", text)
    if not match:
        return None
    digits, suffix = match.group(1).rstrip(".,'").replace("'", ""), (match.group(2) or "").lower()
    if "," in digits and "." in digits:
        # "120,000.50" or "120.000,50": the last separator is the decimal one.
        decimal_sep = "." if digits.rfind(".") > digits.rfind(",") else ","
        digits = digits.replace("," if decimal_sep == "." else ".", "").replace(decimal_sep, ".")
    elif re.fullmatch(r"\d{1,3}([.,]\d{3})+", digits):
        # A separator followed by exactly three digits groups thousands.
        digits = re.sub(r"[.,]", "", digits)
    else:
        digits = digits.replace(",", ".")
    if digits.count(".") > 1:
        return None
    try:
        number = Decimal(digits)
    except InvalidOperation:
        return None
    return number * {"k": 1000, "m": 1_000_000}.get(suffix, 1)


def _unit(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    key = re.sub(r"[\s-]+", "_", value.strip().upper())
    return _UNIT_ALIASES.get(key)


def _yearly(amount: Decimal | None, unit: str | None) -> int | None:
    if amount is None or amount <= 0:
        return None
    yearly = int((amount * _YEARLY_FACTOR.get(unit or "YEAR", 1)).to_integral_value())
    return yearly if 0 < yearly <= _MAX_SALARY else None


def _currency(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text in _CURRENCY_SYMBOLS:
        return _CURRENCY_SYMBOLS[text]
    text = text.upper()
    return text if _ISO_CURRENCY.fullmatch(text) else None


def employment_type(value: Any) -> str | None:
    """schema.org employmentType (string, list, "FULL_TIME, CONTRACTOR", "Full-time") → our JobType."""
    values = value if isinstance(value, list) else [value]
    for item in values:
        if not isinstance(item, str):
            continue
        for token in re.split(r"[,;/|]", item):
            key = re.sub(r"[\s-]+", "_", token.strip().upper())
            if key in _EMPLOYMENT_TYPES:
                return _EMPLOYMENT_TYPES[key].value
    return None


def date_posted(value: Any) -> str | None:
    """ISO date or datetime (any offset) → "YYYY-MM-DD", the date as written."""
    if isinstance(value, list):
        value = next(iter(value), None)
    if not isinstance(value, str):
        return None
    match = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})", value) or re.match(r"\s*(\d{4})(\d{2})(\d{2})(?:\D|$)", value)
    if match:
        try:
            return datetime.date(*(int(part) for part in match.groups())).isoformat()
        except ValueError:
            return None
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", value).replace(",", " ")
    cleaned = re.sub(r"\s+", " ", cleaned).strip()
    for fmt in ("%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y"):
        try:
            return datetime.datetime.strptime(cleaned, fmt).date().isoformat()
        except ValueError:
            pass
    return None


# --- JSON-LD ----------------------------------------------------------------------------


# Strings first, so "//", "/*" or ",]" inside a string is left alone; then comments,
# HTML comment markers and trailing commas, which are dropped.
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|//[^\n]*|/\*.*?\*/|<!--|-->|,(?=\s*[}\]])', re.DOTALL)
_CONTROL = re.compile(r"[\x00-\x1f]")
_CONTROL_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _repair_json(text: str) -> str:
    """Fix what hand-written JSON-LD gets wrong: comments, trailing commas, raw control characters."""

    def token(match: re.Match) -> str:
        value = match.group(0)
        if value.startswith('"'):
            return _CONTROL.sub(lambda c: _CONTROL_ESCAPES.get(c.group(0), " "), value)
        return ""

    return _JSON_TOKENS.sub(token, text)


def _loads_lenient(script: str) -> list[Any]:
    """Every JSON value in one <script>: usually one, sometimes several back to back."""
    script = script.strip()
    if script.startswith("<![CDATA[") and script.endswith("]]>"):
        script = script[9:-3].strip()
    for candidate in (script, _repair_json(script), _repair_json(html_lib.unescape(script))):
        try:
            return [json.loads(candidate, strict=False)]
        except (ValueError, RecursionError):
            pass
        values = _loads_concatenated(candidate)
        if values:
            return values
    return []


def _loads_concatenated(text: str) -> list[Any]:
    decoder = json.JSONDecoder(strict=False)
    values, index = [], 0
    text = text.strip()
    try:
        while index < len(text):
            value, index = decoder.raw_decode(text, index)
            values.append(value)
            while index < len(text) and text[index] in " \t\r\n,;":
                index += 1
    except (ValueError, RecursionError):
        return []
    return values


def _jsonld_items(tree) -> list[Any]:
    try:
        return extruct.extract(tree, syntaxes=["json-ld"], uniform=True, errors="strict").get("json-ld", [])
    except Exception:  # any extruct failure means: read the scripts ourselves
        items: list[Any] = []
        for script in tree.xpath('//script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]'):
            for value in _loads_lenient(script.text_content() or ""):
                items.extend(value if isinstance(value, list) else [value])
        return items


def _types(node: dict) -> set[str]:
    raw = node.get("@type") or node.get("type") or []
    values = raw if isinstance(raw, list) else [raw]
    return {str(v).rsplit("/", 1)[-1].rsplit(":", 1)[-1].rsplit("#", 1)[-1] for v in values if isinstance(v, str)}


def _walk(value: Any) -> Iterator[dict]:
    """Every object in a JSON-LD value, breadth-first: top-level items before nested ones."""
    queue = [value]
    while queue:
        current = queue.pop(0)
        if isinstance(current, list):
            queue.extend(current)
        elif isinstance(current, dict):
            yield current
            queue.extend(v for v in current.values() if isinstance(v, dict | list))


def _find_job_posting(items: list[Any]) -> tuple[dict | None, dict[str, dict]]:
    """The first JobPosting, and every object with an @id (to resolve references)."""
    by_id: dict[str, dict] = {}
    posting = None
    for node in _walk(items):
        if isinstance(node.get("@id"), str) and len(node) > 1:
            by_id.setdefault(node["@id"], node)
        if posting is None and "JobPosting" in _types(node):
            posting = node
    return posting, by_id


class _Resolver:
    def __init__(self, by_id: dict[str, dict]):
        self.by_id = by_id

    def __call__(self, value: Any) -> Any:
        if isinstance(value, dict) and set(value) <= {"@id", "@type"}:
            ref = value.get("@id")
            if isinstance(ref, str) and ref in self.by_id:
                return self.by_id[ref]
        return value

    def list(self, value: Any) -> list:
        values = value if isinstance(value, list) else [value]
        return [self(v) for v in values if v not in (None, "", [], {})]


def _name(value: Any) -> str | None:
    if isinstance(value, dict):
        return _inline_text(value.get("name") or value.get("legalName") or value.get("alternateName"))
    return _inline_text(value)


def _place_text(place: Any, resolve: _Resolver) -> str | None:
    """A Place (with a PostalAddress or an address string), a bare PostalAddress, or a string."""
    place = resolve(place)
    if isinstance(place, str):
        return _inline_text(place)
    if not isinstance(place, dict):
        return None
    if "address" in place:
        address = resolve(place["address"])
    elif "PostalAddress" in _types(place) or any(key in place for key in _ADDRESS_KEYS):
        address = place
    else:
        address = None
    if isinstance(address, list):
        address = resolve(next(iter(address), None))
    if isinstance(address, str):
        return _inline_text(address)
    if isinstance(address, dict):
        parts: list[str] = []
        for key in ("addressLocality", "addressRegion", "addressCountry"):
            part = _name(resolve(address.get(key)))
            if part and part.lower() not in (p.lower() for p in parts):
                parts.append(part)
        if parts:
            return ", ".join(parts)
        if address.get("streetAddress"):
            return _inline_text(address["streetAddress"])
    return _name(place)


def _location(posting: dict, resolve: _Resolver) -> str | None:
    places = [_place_text(place, resolve) for place in resolve.list(posting.get("jobLocation"))]
    places = list(dict.fromkeys(p for p in places if p))
    if places:
        return "; ".join(places)
    # Remote jobs say where applicants may live instead.
    regions = [_name(resolve(r)) for r in resolve.list(posting.get("applicantLocationRequirements"))]
    regions = list(dict.fromkeys(r for r in regions if r))
    return ", ".join(regions) or None


def _is_remote(posting: dict, location: str | None, title: str | None) -> bool | None:
    kinds = posting.get("jobLocationType")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if any(isinstance(k, str) and "TELECOMMUTE" in k.upper() for k in kinds):
        return True
    if posting.get("applicantLocationRequirements"):
        return True
    if any(text and re.search(r"\bremote\b", text, re.IGNORECASE) for text in (location, title)):
        return True
    return None


def _salary(posting: dict, resolve: _Resolver) -> tuple[int | None, int | None, str | None]:
    for key in ("baseSalary", "estimatedSalary"):
        for amount in resolve.list(posting.get(key)):
            low, high, currency = _monetary_amount(amount, resolve)
            currency = currency or _currency(posting.get("salaryCurrency"))
            if low is not None or high is not None:
                return low, high, currency
    return None, None, None


def _monetary_amount(amount: Any, resolve: _Resolver) -> tuple[int | None, int | None, str | None]:
    if isinstance(amount, str):
        # "$80,000 - $100,000 a year", or just "80000"
        low, high, currency = _salary_from_text(amount)
        if low is not None:
            return low, high, currency
        return (*_amounts_from_string(amount), None)
    if not isinstance(amount, dict):
        value = _yearly(_number(amount), None)
        return value, value, None
    currency = _currency(amount.get("currency") or amount.get("salaryCurrency"))
    # MonetaryAmount.value is usually a QuantitativeValue; some sites put min/maxValue
    # on the MonetaryAmount itself.
    has_range = "minValue" in amount or "maxValue" in amount
    value = resolve(amount["value"] if "value" in amount else (amount if has_range else None))
    if isinstance(value, list):
        value = resolve(next(iter(value), None))
    unit = _unit(amount.get("unitText"))
    if isinstance(value, dict):
        unit = _unit(value.get("unitText")) or unit
        low = _number(value.get("minValue"))
        high = _number(value.get("maxValue"))
        if low is None and high is None:
            low = high = _number(value.get("value"))
    elif isinstance(value, str) and re.search(r"\d\s*(?:[-–—]|to)\s*\D?\d", value):
        return (*_amounts_from_string(value, unit), currency)
    else:
        low = high = _number(value)
    low_year, high_year = _yearly(low, unit), _yearly(high, unit)
    if low_year is not None and high_year is not None and low_year > high_year:
        low_year, high_year = high_year, low_year
    return low_year, high_year, currency


def _amounts_from_string(text: str, unit: str | None = None) -> tuple[int | None, int | None]:
    parts = re.split(r"\s*(?:[-–—]|\bto\b)\s*", text, maxsplit=1)
    numbers = [_number(p) for p in parts]
    if len(numbers) == 2 and numbers[0] is not None and numbers[1] is not None:
        # "60-70k": the k of the second figure applies to the first too.
        if numbers[0] < 1000 <= numbers[1] and re.search(r"\d\s*[kK]", parts[1]) and not re.search(r"[kK]", parts[0]):
            numbers[0] *= 1000
        low, high = _yearly(numbers[0], unit), _yearly(numbers[1], unit)
        if low is not None and high is not None and low > high:
            low, high = high, low
        return low, high
    value = _yearly(numbers[0], unit)
    return value, value


def _from_job_posting(posting: dict, by_id: dict[str, dict]) -> dict[str, Any]:
    resolve = _Resolver(by_id)
    data = _empty()
    data["title"] = _inline_text(posting.get("title") or posting.get("name"))
    organizations = resolve.list(posting.get("hiringOrganization"))
    data["company"] = next((n for n in (_name(o) for o in organizations) if n), None)
    data["location"] = _location(posting, resolve)
    data["remote"] = _is_remote(posting, data["location"], data["title"])
    data["salary_min"], data["salary_max"], data["currency"] = _salary(posting, resolve)
    data["employment_type"] = employment_type(posting.get("employmentType"))
    data["date_posted"] = date_posted(posting.get("datePosted"))
    description = posting.get("description")
    if isinstance(description, list):
        description = "\n\n".join(d for d in description if isinstance(d, str))
    data["description"] = description_text(description)
    return data


# --- Microdata, Open Graph, plain HTML --------------------------------------------------


def _microdata_description(tree) -> str | None:
    """Microdata's description as HTML, so paragraphs and bullets survive (extruct flattens them)."""
    for scope in tree.xpath('//*[@itemscope][contains(@itemtype, "JobPosting")]'):
        for node in scope.xpath('.//*[@itemprop="description"]'):
            return _element_text(lxml.html.fromstring(lxml.html.tostring(node)))
    return None


def _meta(tree, *names: str) -> str | None:
    for name in names:
        for node in tree.xpath(f'//meta[@property="{name}" or @name="{name}"]/@content'):
            text = _inline_text(node)
            if text:
                return text
    return None


def _title_tag(tree) -> str | None:
    return next((t for t in (_inline_text(n.text_content()) for n in tree.xpath("//title")) if t), None)


def _first_h1(tree) -> str | None:
    return next((t for t in (_inline_text(n.text_content()) for n in tree.xpath("//h1")) if t), None)


def _clean_page_title(title: str, site_name: str | None) -> str:
    """ "Senior Engineer | Acme Careers" → "Senior Engineer": the part before the site name."""
    for separator in (" | ", " — ", " – ", " · "):
        if separator in title:
            head = title.split(separator, 1)[0].strip()
            if head:
                return head
    if site_name:
        suffix = re.compile(rf"\s+[-:]\s+{re.escape(site_name)}.*$", re.IGNORECASE)
        title = suffix.sub("", title).strip() or title
    return title


def _from_page(tree) -> dict[str, Any]:
    data = _empty()
    site_name = _meta(tree, "og:site_name", "application-name")
    raw_title = _meta(tree, "og:title", "twitter:title") or _title_tag(tree) or _first_h1(tree)
    if raw_title and _BLOCKED_TITLES.search(raw_title):
        raise ImportFailed(MSG_BLOCKED)
    data["title"] = _clean_page_title(raw_title, site_name) if raw_title else None
    data["company"] = site_name
    data["description"] = description_text(_meta(tree, "og:description", "description", "twitter:description"))
    data["remote"] = True if data["title"] and re.search(r"\bremote\b", data["title"], re.IGNORECASE) else None
    return data


def _parse_tree(html: str | bytes):
    if isinstance(html, bytes):
        _encoding, html = html_to_unicode(None, html)
    if not html or not html.strip():
        raise ImportFailed(MSG_NO_POSTING)
    # lxml refuses str input that declares its own encoding (<?xml … encoding=…?>), so
    # hand it bytes with the encoding stated.
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=False)
    try:
        return lxml.html.document_fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        raise ImportFailed(MSG_NO_POSTING) from None


def posting_data_from_html(html: str | bytes, *, url: str | None = None) -> dict[str, Any]:
    """The job fields found in an HTML document (see the module docstring for the order)."""
    tree = _parse_tree(html)
    posting, by_id = _find_job_posting(_jsonld_items(tree))
    data = None
    if posting is not None:
        data = _from_job_posting(posting, by_id)
    else:
        try:
            microdata = extruct.extract(tree, base_url=url, syntaxes=["microdata"], uniform=True, errors="strict")
        except Exception:  # broken microdata is no microdata
            microdata = {}
        posting, by_id = _find_job_posting(microdata.get("microdata", []))
        if posting is not None:
            data = _from_job_posting(posting, by_id)
            data["description"] = _microdata_description(tree) or data["description"]
    if data is None or not data["title"]:
        page = _from_page(tree)
        if data is None:
            data = page
        else:
            data["title"] = page["title"]
            data["company"] = data["company"] or page["company"]
            data["description"] = data["description"] or page["description"]
    if not data["title"]:
        raise ImportFailed(MSG_NO_POSTING)
    return {key: data.get(key) for key in POSTING_FIELDS}


def job_import_from_url(*, url: str, allow_private: bool = False) -> dict[str, Any]:
    """Fetch ``url`` (safely, see careercoach.lib.safe_fetch) and read the posting on it.

    Raises UnsafeUrl for addresses we refuse, ImportFailed for everything else; both
    carry a message for the user. ``allow_private`` lifts the address check on top of
    the JOBS_URL_IMPORT_ALLOW_PRIVATE setting.
    """
    try:
        page = safe_fetch.fetch_html(url, allow_private=True if allow_private else None)
    except (safe_fetch.UnsafeAddress, safe_fetch.InvalidUrl) as e:
        raise UnsafeUrl(str(e)) from e
    except safe_fetch.FetchError as e:
        logger.info("Job import: fetching a page failed: %s", type(e).__name__)
        raise ImportFailed(str(e)) from e
    return posting_data_from_html(page.text, url=page.url)


# --- Pasted text ------------------------------------------------------------------------

# "Label: value" or "Label – value" (a dash only with a space before it: "Role-based" is no label).
_LABEL = r"^\s*(?:{labels})(?:\s*:|\s+[-–—])\s*(?P<value>\S.*?)\s*$"


def _labelled(lines: list[str], *labels: str) -> str | None:
    pattern = re.compile(_LABEL.format(labels="|".join(labels)), re.IGNORECASE)
    for line in lines:
        match = pattern.match(line)
        if match:
            return match.group("value").strip() or None
    return None


_CURRENCY_TOKEN = r"(?:US\$|USD\$|CA\$|C\$|AU\$|A\$|NZ\$|R\$|[$€£¥₹]|\b(?:USD|EUR|GBP|CAD|AUD|CHF|INR|JPY|SEK|NOK|DKK|PLN|NZD|SGD|BRL|ZAR|MXN)\b)"
_AMOUNT = r"\d{1,3}(?:[.,\u00a0\u202f' ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_SALARY = re.compile(
    rf"(?P<cur1>{_CURRENCY_TOKEN})?\s?(?P<low>{_AMOUNT})\s?(?P<k1>[kK]\b)?\s?(?P<cur2>{_CURRENCY_TOKEN})?"
    rf"(?:\s*(?:[-–—]|to)\s*(?P<cur3>{_CURRENCY_TOKEN})?\s?(?P<high>{_AMOUNT})\s?(?P<k2>[kK]\b)?\s?(?P<cur4>{_CURRENCY_TOKEN})?)?"
)
_PERIODS = (
    (re.compile(r"^\s*(?:/\s*|per\s+|an?\s+|each\s+)?(?:hour|hr|h)\b|^\s*hourly", re.IGNORECASE), "HOUR"),
    (re.compile(r"^\s*(?:/\s*|per\s+|an?\s+)?(?:day)\b|^\s*daily", re.IGNORECASE), "DAY"),
    (re.compile(r"^\s*(?:/\s*|per\s+|an?\s+)?(?:week|wk)\b|^\s*weekly", re.IGNORECASE), "WEEK"),
    (re.compile(r"^\s*(?:/\s*|per\s+|an?\s+)?(?:month|mo)\b|^\s*monthly", re.IGNORECASE), "MONTH"),
)


def _salary_from_text(text: str) -> tuple[int | None, int | None, str | None]:
    for match in _SALARY.finditer(text):
        currency_token = match.group("cur1") or match.group("cur2") or match.group("cur3") or match.group("cur4")
        if not currency_token:
            continue  # "5-10 years": a number without a currency is not a salary
        low = _number(match.group("low").replace(" ", ""))
        high = _number(match.group("high").replace(" ", "")) if match.group("high") else None
        if low is None:
            continue
        if match.group("k1"):
            low *= 1000
        if high is not None and match.group("k2"):
            high *= 1000
            if not match.group("k1") and low < 1000:
                low *= 1000  # "€60–70k"
        tail = text[match.end() : match.end() + 20]
        unit = next((u for pattern, u in _PERIODS if pattern.search(tail)), "YEAR")
        low_year = _yearly(low, unit)
        high_year = _yearly(high, unit) if high is not None else low_year
        if low_year is None or low_year < 1000:
            continue  # "$5 off", "€20 voucher": not a yearly pay
        if high_year is not None and high_year < low_year:
            low_year, high_year = high_year, low_year
        return low_year, high_year, _currency(currency_token)
    return None, None, None


_TYPE_WORDS = (
    (re.compile(r"\bfull[\s-]?time\b", re.IGNORECASE), JobType.FULL_TIME),
    (re.compile(r"\bpart[\s-]?time\b", re.IGNORECASE), JobType.PART_TIME),
    (re.compile(r"\b(?:contractor|freelance|contract[\s-]to[\s-]hire|contract (?:role|position))\b", re.IGNORECASE), JobType.CONTRACT),
    (re.compile(r"\binternship\b", re.IGNORECASE), JobType.INTERNSHIP),
    (re.compile(r"\btemporary\b", re.IGNORECASE), JobType.TEMPORARY),
)


def _type_from_text(lines: list[str], text: str) -> str | None:
    labelled = _labelled(lines, "employment type", "job type", "type of employment", "contract type", "type")
    if labelled:
        found = employment_type(labelled) or _type_words(labelled)
        if found:
            return found
    return _type_words(text)


def _type_words(text: str) -> str | None:
    found = {kind.value for pattern, kind in _TYPE_WORDS if pattern.search(text)}
    return found.pop() if len(found) == 1 else None  # "full-time or part-time": unsure


def _date_from_text(lines: list[str]) -> str | None:
    value = _labelled(lines, "date posted", "posted on", "posted", "published", "publication date")
    return date_posted(value) if value else None


_TITLE_AT_COMPANY = re.compile(r"^(?P<title>.{2,150}?)\s+(?:at|@)\s+(?P<company>[A-Z0-9][\w&.,'’ -]{0,80}?)\s*$")
_LABEL_LINE = re.compile(r"^\s*[A-Za-z][A-Za-z ]{1,30}:\s")
# What people copy along with the description: a section heading, not the job's title.
_HEADINGS = re.compile(
    r"^(?:about (?:the|this) (?:job|role|position|opportunity)|job description|description|overview|job details|"
    r"the role|about us|summary|job summary|responsibilities)\s*:?$",
    re.IGNORECASE,
)


def job_data_from_text(*, text: str) -> dict[str, Any]:
    """The job fields we can tell from a pasted description; the whole text is kept."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise ImportFailed(MSG_EMPTY_TEXT)
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    data = _empty()

    title = _labelled(lines, "job title", "title", "position", "role")
    first = next((line for line in lines if not _LABEL_LINE.match(line)), lines[0])
    company = _labelled(lines, "company", "employer", "organization", "organisation", "hiring company")
    if not title and not _HEADINGS.match(first) and len(first) <= 150:
        title = first
        match = _TITLE_AT_COMPANY.match(first)
        if match:
            title = match.group("title").strip(" -–—|,")
            company = company or match.group("company").strip(" .,")
    data["title"] = _inline_text(title[:300]) if title else None
    data["company"] = _inline_text(company) if company else None

    location = _labelled(lines, "location", "job location", "office", "based in", "where")
    remote_only = location and re.fullmatch(r"(?:fully\s+)?remote|anywhere|worldwide", location, re.IGNORECASE)
    data["location"] = None if remote_only or not location else location[:200]
    if re.search(r"\b(?:not|no|non)[\s-]remote\b|\bremote\s+(?:work\s+)?(?:is\s+)?not\b", text, re.IGNORECASE):
        data["remote"] = None
    elif re.search(r"\bremote\b", text, re.IGNORECASE):
        data["remote"] = True

    salary_line = _labelled(lines, "salary", "compensation", "pay", "pay range", "salary range", "base salary")
    for source in filter(None, (salary_line, text)):
        low, high, currency = _salary_from_text(source)
        if low is not None:
            data["salary_min"], data["salary_max"], data["currency"] = low, high, currency
            break
    data["employment_type"] = _type_from_text(lines, text)
    data["date_posted"] = _date_from_text(lines)
    data["description"] = text
    return data


# Link fetches per user per window: enough for any job search, too few to make us
# anyone's crawler or proxy. Pasted text is not counted.
FETCH_LIMIT = 30
FETCH_WINDOW_SECONDS = 10 * 60


def url_fetch_allowed(*, user) -> bool:
    """Count one link fetch for ``user`` in the rate-limit window (Redis); False past the limit."""
    from django.core.cache import cache

    key = f"jobs:url-import:{user.pk}"
    cache.add(key, 0, timeout=FETCH_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, timeout=FETCH_WINDOW_SECONDS)
        count = 1
    return count <= FETCH_LIMIT
