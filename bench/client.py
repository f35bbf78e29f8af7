"""A small browser for seeding: cookies, no redirects followed, forms filled from the HTML.

The harness drives quizapp only through HTTP, so it needs no app internals and
keeps working while the package layout changes.
"""

import secrets
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookiejar import CookieJar

# wrk sends the same agent, so Flask-Login's session protection sees one client throughout.
USER_AGENT = "quizapp-bench"
# Typed into text inputs, by the input's hint, so the answer form validates.
TYPED_VALUES = {"date": "2016-03-15", "numeric": "2016", "decimal": "1"}


@dataclass
class Form:
    """One HTML form: where it posts and the fields a browser would send by default."""

    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    choices: dict[str, list[str]] = field(default_factory=dict)
    selected: dict[str, str] = field(default_factory=dict)
    submits: list[tuple[str, str]] = field(default_factory=list)

    def filled(self, submit: str | None = None, **values: str | None) -> list[tuple[str, str]]:
        """Return the form data with every choice made and one submit pressed.

        `values` override fields by name; None leaves a field out (an unticked box).
        """
        data = [(name, values.get(name, value)) for name, value in self.fields]
        data += [(name, self.selected.get(name) or options[0])
                 for name, options in self.choices.items() if name not in values and options]
        named = {name for name, _ in data}
        data += [(name, value) for name, value in values.items() if name not in named]
        data += [(name, value) for name, value in self.submits if name == submit]
        return [(name, value) for name, value in data if value is not None]


class FormParser(HTMLParser):
    """Collect every form of a page; radios, checkboxes and selects become choices."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attr = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append(Form(attr.get("action", "")))
            return
        if tag == "option" and self._select:
            self._option(attr)
            return
        if not self.forms or "name" not in attr:
            return
        form, name = self.forms[-1], attr["name"]
        kind = attr.get("type", "text")
        if tag == "select":
            self._select = name
            form.choices.setdefault(name, [])
        elif tag == "input" and kind in ("radio", "checkbox"):
            form.choices.setdefault(name, []).append(attr.get("value", "on"))
            if "checked" in attr:
                form.selected[name] = attr.get("value", "on")
        elif tag == "input" and kind == "submit":
            form.submits.append((name, attr.get("value", "")))
        elif tag in ("input", "textarea"):
            value = attr.get("value") or typed_value(kind, attr.get("inputmode", ""))
            form.fields.append((name, value))

    def _option(self, attr):
        value = attr.get("value", "")
        if value:  # the empty first option is a "Choose ..." prompt
            self.forms[-1].choices[self._select].append(value)
        if "selected" in attr:
            self.forms[-1].selected[self._select] = value

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def typed_value(kind: str, inputmode: str) -> str:
    """Return what a learner would type in an empty input of this kind."""
    if kind == "hidden":
        return ""
    return TYPED_VALUES.get(kind) or TYPED_VALUES.get(inputmode) or "an answer"


def parse_forms(html: str) -> list[Form]:
    """Return the forms of a page in document order."""
    parser = FormParser()
    parser.feed(html)
    return parser.forms


def find_form(html: str, action: str, page_path: str = "") -> Form:
    """Return the form of a page that posts to `action`; a form without one posts to its page."""
    for form in parse_forms(html):
        if (form.action or page_path).split("?")[0] == action:
            return form
    raise RuntimeError(f"no form posting to {action} on {page_path or 'the page'}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Response:
    status: int
    location: str
    body: str


class Browser:
    """A cookie-keeping HTTP client for one site; redirects are returned, not followed."""

    def __init__(self, base_url: str):
        self.base_url = base_url.rstrip("/")
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect
        )

    def request(self, path: str, data: bytes | None = None, content_type: str = "",
                timeout: float = 60) -> Response:
        """Send one request and return its status, Location (site-relative) and body."""
        headers = {"User-Agent": USER_AGENT}
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(self.base_url + path, data=data, headers=headers)
        try:
            with self.opener.open(request, timeout=timeout) as reply:
                status, location, body = reply.status, reply.headers.get("Location", ""), reply
                text = body.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            status, location = error.code, error.headers.get("Location", "")
            text = error.read().decode("utf-8", "replace")
        return Response(status, location.removeprefix(self.base_url), text)

    def get(self, path: str) -> Response:
        return self.request(path)

    def post(self, path: str, fields: list[tuple[str, str]], timeout: float = 60) -> Response:
        body = urllib.parse.urlencode(fields).encode()
        return self.request(path, body, "application/x-www-form-urlencoded", timeout)

    def upload(self, path: str, fields: list[tuple[str, str]], file_field: str,
               filename: str, content: bytes, timeout: float = 60) -> Response:
        """POST a multipart form with one file, as a browser's file input does."""
        boundary = "bench" + secrets.token_hex(12)
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            .encode() for name, value in fields
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
            f'filename="{filename}"\r\nContent-Type: application/x-yaml\r\n\r\n'.encode()
            + content + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request(path, b"".join(parts), f"multipart/form-data; boundary={boundary}",
                            timeout)

    def form(self, path: str, action: str | None = None) -> Form:
        """Fetch a page and return its form posting to `action` (the page itself by default)."""
        page = self.get(path)
        if page.status != 200:
            raise RuntimeError(f"GET {path} answered {page.status}")
        return find_form(page.body, path if action is None else action, path)

    def cookie_header(self) -> str:
        """Return the Cookie header a browser would send now, for the load generator."""
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.cookies)


def probe(url: str, headers: tuple[str, ...], form_body: str | None = None) -> int:
    """Send one request as the load generator will, and return its status unredirected."""
    request = urllib.request.Request(
        url, data=None if form_body is None else form_body.encode(),
        headers=dict(header.split(": ", 1) for header in headers),
    )
    if form_body is not None:
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=60) as reply:
            return reply.status
    except urllib.error.HTTPError as error:
        return error.code
