"""The admin area: who may enter, uploads with a preview, export, retire and restore."""

import io
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import base_config, csrf_token_on
from sqlalchemy import func, select

from quizapp import create_app
from quizapp.bankfile.exporter import export_bank
from quizapp.bankfile.importer import import_bank
from quizapp.bankfile.loader import load_bank_text
from quizapp.extensions import db
from quizapp.models import Attempt, Bank, Question, StagedUpload, User
from quizapp.models.types import utcnow

DATA = Path(__file__).parent / "data"
SOME_TOKEN = "A" * 43  # shaped like a real upload token, so only the access rule can refuse it


def bank_text(questions: dict[str, str], slug: str = "norwick") -> str:
    """A bank file with one single-choice question per id, each asking the given prompt."""
    entries = "".join(
        f"  - id: {key}\n    category: place\n    type: single\n    prompt: {prompt}\n"
        "    choices: [Eastport, Westhaven]\n    answer: Eastport\n"
        "    explanation: The made-up gazetteer names Eastport.\n"
        for key, prompt in questions.items()
    )
    return (
        f"bank: {slug}\ntitle: Norwick island\ndescription: Made-up places.\n"
        "source:\n  publisher: Example Press\n  title: A made-up gazetteer\n"
        f"  published: 2020-01-31\nquestions:\n{entries}"
    )


def upload(client, content: str | bytes, filename: str = "bank.yaml"):
    raw = content.encode() if isinstance(content, str) else content
    return client.post(
        "/admin/upload",
        data={"bank_file": (io.BytesIO(raw), filename)},
        content_type="multipart/form-data",
    )


def import_text(text: str) -> None:
    """Bring the database to a bank file's state, as `flask bank import` would."""
    import_bank(load_bank_text(text, "setup.yaml", 10**6), db.session)
    db.session.commit()


def fingerprint_on(page: str) -> str:
    match = re.search(r'name="fingerprint"[^>]*value="([^"]+)"', page)
    assert match, "no confirm form on the page"
    return match.group(1)


def change_row(page: str, change: str, table: int = 0) -> str:
    """The ids a preview lists for one change, in its first (questions) or second (facts) table."""
    rows = re.findall(rf'<tr class="change-{change}">(.*?)</tr>', page, re.DOTALL)
    cells = re.findall(r"<td>(.*?)</td>", rows[table], re.DOTALL)
    return " ".join(re.sub(r"<[^>]+>", " ", cells[-1]).split())


def bank_count() -> int:
    db.session.remove()
    return db.session.scalar(select(func.count()).select_from(Bank))


def staged_files() -> list[bytes]:
    with db.engine.connect() as connection:
        return list(connection.scalars(select(StagedUpload.content).order_by(StagedUpload.id)))


@pytest.fixture
def admin(client, make_user, sign_in_as):
    user = make_user("root", is_admin=True)
    sign_in_as(client, user)
    return user


# Who may enter

ADMIN_URLS = [
    ("GET", "admin.index", "/admin/"),
    ("POST", "admin.upload", "/admin/upload"),
    ("GET", "admin.preview", f"/admin/uploads/{SOME_TOKEN}"),
    ("POST", "admin.confirm", f"/admin/uploads/{SOME_TOKEN}"),
    ("GET", "admin.bank", "/admin/banks/demo"),
    ("GET", "admin.export", "/admin/banks/demo/export/yaml"),
    ("POST", "admin.retire", "/admin/banks/demo/questions/q-single/retire"),
    ("POST", "admin.restore", "/admin/banks/demo/questions/q-single/restore"),
    ("POST", "admin.regrade", "/admin/banks/demo/questions/q-single/regrade"),
]


def test_every_admin_endpoint_is_in_the_access_table(app):
    routes = {
        (method, rule.endpoint)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("admin.")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routes == {(method, endpoint) for method, endpoint, _ in ADMIN_URLS}


@pytest.mark.parametrize(("method", "path"), [(m, p) for m, _, p in ADMIN_URLS])
def test_anonymous_visitor_is_sent_to_sign_in(client, make_bank, method, path):
    make_bank()
    response = client.open(path, method=method)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/auth/login"
    assert urlsplit(parse_qs(location.query)["next"][0]).path == path


@pytest.mark.parametrize("who", ["learner", "guest"])
@pytest.mark.parametrize(("method", "path"), [(m, p) for m, _, p in ADMIN_URLS])
def test_learners_and_guests_are_refused(client, make_bank, make_user, sign_in_as,
                                          who, method, path):
    make_bank()
    if who == "learner":
        user = make_user()
    else:
        user = User(is_guest=True)
        db.session.add(user)
        db.session.commit()
    sign_in_as(client, user)
    assert client.open(path, method=method).status_code == 403
    db.session.remove()
    assert not db.session.get(Question, 1).is_retired


def test_learner_upload_imports_nothing(client, make_user, sign_in_as):
    sign_in_as(client, make_user())
    assert upload(client, bank_text({"capital": "Capital?"})).status_code == 403
    assert bank_count() == 0


@pytest.mark.parametrize(("is_admin", "shown"), [(True, True), (False, False)])
def test_admin_links_show_for_admins_only(client, make_bank, make_user, sign_in_as,
                                          is_admin, shown):
    make_bank()
    sign_in_as(client, make_user(is_admin=is_admin))
    page = client.get("/banks/demo").get_data(as_text=True)
    assert ('href="/admin/"' in page) is shown
    assert ('href="/admin/banks/demo">Manage this bank' in page) is shown


# The admin home page


def test_index_lists_banks_with_active_and_retired_counts(client, admin, make_bank):
    bank = make_bank()
    bank.questions[0].is_retired = True
    db.session.commit()
    page = client.get("/admin/").get_data(as_text=True)
    row = re.search(r'<a href="/admin/banks/demo">Demo bank</a>.*?</tr>', page, re.DOTALL)
    assert row, page
    numbers = re.findall(r'<td class="number">(\d+)</td>', row.group())
    assert numbers == ["7", "1"]
    assert 'enctype="multipart/form-data"' in page


# Uploading


def test_valid_upload_is_staged_and_redirects_to_its_preview(client, admin):
    response = upload(client, bank_text({"capital": "Which town is the capital?"}))
    assert response.status_code == 302
    token = response.headers["Location"].removeprefix("/admin/uploads/")
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)
    assert staged_files() == [bank_text({"capital": "Which town is the capital?"}).encode()]
    assert bank_count() == 0


def test_preview_lists_each_change_then_confirm_imports(client, admin):
    import_text(bank_text({"kept": "Kept?", "reworded": "Old wording?", "dropped": "Gone?",
                           "back": "Back?"}))
    db.session.execute(Question.__table__.update().where(Question.key == "back")
                       .values(is_retired=True))
    db.session.commit()
    new_file = bank_text({"kept": "Kept?", "reworded": "New wording?", "back": "Back?",
                          "fresh": "Fresh?"})
    preview_url = upload(client, new_file).headers["Location"]

    page = client.get(preview_url).get_data(as_text=True)
    assert change_row(page, "added") == "fresh"
    assert change_row(page, "updated") == "reworded"
    assert change_row(page, "retired") == "dropped"
    assert change_row(page, "restored") == "back"
    assert change_row(page, "unchanged") == "Show the 1 unchanged ids kept"
    assert bank_count() == 1
    db.session.remove()
    assert db.session.scalar(select(Question).where(Question.key == "reworded")).prompt == (
        "Old wording?"
    )

    response = client.post(preview_url, data={"fingerprint": fingerprint_on(page)})
    assert response.headers["Location"] == "/admin/banks/norwick"
    db.session.remove()
    questions = {q.key: q for q in db.session.scalars(select(Question))}
    assert questions["reworded"].prompt == "New wording?"
    assert questions["dropped"].is_retired and not questions["back"].is_retired
    assert "fresh" in questions
    assert staged_files() == []
    flashed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Questions: 1 added, 1 updated, 1 retired, 1 restored." in flashed


@pytest.mark.both_engines  # binary column and timestamps differ by engine
def test_another_app_server_confirms_an_upload_staged_by_this_one(
    app, client, admin, sign_in_as
):
    """Behind a load balancer the preview and the confirmation may reach different servers."""
    preview_url = upload(client, bank_text({"capital": "Capital?"})).headers["Location"]
    fingerprint = fingerprint_on(client.get(preview_url).get_data(as_text=True))
    other_server = create_app(base_config(app.config["SQLALCHEMY_DATABASE_URI"]))
    other_server.test_client_class = type(client)
    browser = other_server.test_client()
    sign_in_as(browser, admin)
    response = browser.post(preview_url, data={"fingerprint": fingerprint})
    assert response.headers["Location"] == "/admin/banks/norwick"
    with other_server.app_context():
        db.engine.dispose()
    assert bank_count() == 1
    assert staged_files() == []


@pytest.mark.both_engines  # binary column and timestamps differ by engine
def test_uploads_left_unconfirmed_for_a_day_expire(client, admin):
    old_url = upload(client, bank_text({"old": "Old?"})).headers["Location"]
    db.session.execute(StagedUpload.__table__.update().values(
        created_at=utcnow() - timedelta(hours=25)
    ))
    db.session.commit()
    assert client.get(old_url).status_code == 404
    upload(client, bank_text({"new": "New?"}))
    assert staged_files() == [bank_text({"new": "New?"}).encode()]


def test_preview_of_an_unchanged_file_offers_nothing_to_import(client, admin):
    text = bank_text({"capital": "Capital?"})
    import_text(text)
    page = client.get(upload(client, text).headers["Location"]).get_data(as_text=True)
    assert "Nothing to import" in page
    assert 'name="fingerprint"' not in page


@pytest.mark.parametrize(
    ("fixture", "where", "offending_line"),
    [
        ("syntax-error.yaml", "syntax-error.yaml:13:14: invalid YAML: the list in square",
         "13 |     choices: [Eastport, Westhaven"),
        ("unknown-key.yaml", "unknown-key.yaml:8:1: questons: unknown key", "8 | questons:"),
    ],
)
def test_invalid_upload_shows_problems_with_the_offending_line(client, admin,
                                                               fixture, where, offending_line):
    raw = (DATA / "invalid" / fixture).read_bytes()
    response = upload(client, raw, filename=fixture)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert where in page
    assert offending_line in page
    assert "Nothing was imported" in page
    assert bank_count() == 0
    assert staged_files() == []


def test_a_flood_of_problems_shows_the_first_hundred_and_counts_the_rest(client, admin):
    flood = "bank: flood\n" + "".join(f"unknown{number}: 1\n" for number in range(300))
    page = upload(client, flood).get_data(as_text=True)
    assert page.count('class="problem-line"') == 100
    assert "... and 204 more problems" in page


def test_problem_caret_points_at_the_column(client, admin):
    page = upload(client, (DATA / "invalid" / "syntax-error.yaml").read_bytes()).get_data(
        as_text=True
    )
    assert '<span aria-hidden="true">   | ' + " " * 13 + "^</span>" in page


@pytest.mark.parametrize(
    ("filename", "content", "limit", "message"),
    [
        ("notes.txt", b"bank: notes", None, "its name must end in .yaml or .yml"),
        ("bank.json", b'{"bank": "x"}', None, "its name must end in .yaml or .yml"),
        ("bank.yaml", b"bank: x\n" * 20, 100, "over the size limit of 100 bytes"),
        ("", b"", None, "Choose a bank file to upload."),
    ],
)
def test_unfit_upload_is_refused_with_a_clear_message(client, app, admin, filename, content,
                                                      limit, message):
    if limit:
        app.config["QUIZAPP_MAX_BANK_BYTES"] = limit
    response = upload(client, content, filename=filename)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert bank_count() == 0


def test_body_over_the_request_limit_gets_a_friendly_413(client, app, admin):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = upload(client, b"bank: x\n" * 500)
    assert response.status_code == 413
    assert "That file is too large" in response.get_data(as_text=True)


def test_request_limit_leaves_room_for_the_largest_bank_file(app):
    assert app.config["MAX_CONTENT_LENGTH"] > app.config["QUIZAPP_MAX_BANK_BYTES"]


def test_confirming_a_stale_preview_shows_the_new_plan_instead(client, admin):
    preview_url = upload(client, bank_text({"capital": "Capital?"})).headers["Location"]
    stale = fingerprint_on(client.get(preview_url).get_data(as_text=True))
    import_text(bank_text({"capital": "Someone else's wording?"}))

    response = client.post(preview_url, data={"fingerprint": stale})
    assert response.headers["Location"] == preview_url
    db.session.remove()
    assert db.session.scalar(select(Question.prompt)) == "Someone else's wording?"

    page = client.get(preview_url).get_data(as_text=True)
    assert "The bank changed since that preview" in page
    assert change_row(page, "updated") == "capital"
    client.post(preview_url, data={"fingerprint": fingerprint_on(page)})
    db.session.remove()
    assert db.session.scalar(select(Question.prompt)) == "Capital?"


def test_another_admins_upload_is_not_found(client, admin, make_user, sign_in_as):
    preview_url = upload(client, bank_text({"capital": "Capital?"})).headers["Location"]
    sign_in_as(client, make_user("second-admin", is_admin=True))
    assert client.get(preview_url).status_code == 404
    assert client.post(preview_url, data={"fingerprint": "x"}).status_code == 404
    assert bank_count() == 0


@pytest.mark.parametrize("token", [SOME_TOKEN, "short", "..%2F..%2Fsecret_key"])
def test_unknown_upload_token_is_not_found(client, admin, token):
    assert client.get(f"/admin/uploads/{token}").status_code == 404


# Downloading


def test_download_is_the_exported_yaml_as_an_attachment(client, admin, make_bank):
    make_bank()
    response = client.get("/admin/banks/demo/export/yaml")
    assert response.headers["Content-Disposition"] == "attachment; filename=demo.yaml"
    assert response.mimetype == "application/yaml"
    db.session.remove()
    assert response.get_data(as_text=True) == export_bank(
        db.session.scalar(Bank.by_slug("demo"))
    )


@pytest.mark.parametrize(
    ("file_format", "filename", "mimetype", "starts_with"),
    [
        ("gift", "demo.gift", "text/plain", b"// Moodle GIFT export"),
        ("anki", "demo.apkg", "application/octet-stream", b"PK"),
        ("csv", "demo.csv", "text/csv", b"\xef\xbb\xbfid,"),
    ],
)
def test_every_export_format_downloads(
    client, admin, make_bank, file_format, filename, mimetype, starts_with
):
    make_bank()
    response = client.get(f"/admin/banks/demo/export/{file_format}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f"attachment; filename={filename}"
    assert response.mimetype == mimetype
    assert response.data.startswith(starts_with)


def test_bank_page_offers_admins_every_export(client, admin, make_bank):
    make_bank()
    page = client.get("/banks/demo").get_data(as_text=True)
    for file_format in ("yaml", "gift", "anki", "csv"):
        assert f'href="/admin/banks/demo/export/{file_format}"' in page


def test_bank_page_offers_learners_no_exports(client, make_user, make_bank, sign_in_as):
    make_bank()
    sign_in_as(client, make_user(username="learner"))
    assert "/export/" not in client.get("/banks/demo").get_data(as_text=True)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/admin/banks/nope"),
        ("GET", "/admin/banks/nope/export/yaml"),
        ("POST", "/admin/banks/nope/questions/q-single/retire"),
        ("POST", "/admin/banks/demo/questions/nope/retire"),
        ("POST", "/admin/banks/demo/questions/nope/restore"),
    ],
)
def test_unknown_bank_or_question_is_not_found(client, admin, make_bank, method, path):
    make_bank()
    assert client.open(path, method=method).status_code == 404


# Retiring and restoring


def is_retired(key: str) -> bool:
    db.session.remove()
    return db.session.scalar(select(Question.is_retired).where(Question.key == key))


def newest_attempt_keys() -> set[str]:
    db.session.remove()
    attempt = db.session.scalars(select(Attempt).order_by(Attempt.id.desc())).first()
    return {item.question.key for item in attempt.items}


def test_retire_then_restore_a_question(client, admin, make_bank, make_user, make_attempt,
                                        sign_in_as):
    bank = make_bank()
    learner = make_user("learner")
    old_result = f"/quiz/{make_attempt(learner, bank, answers=[(bank.questions[0], 1)]).id}/result"
    admin_id, learner_id = admin.id, learner.id

    response = client.post("/admin/banks/demo/questions/q-single/retire")
    assert response.headers["Location"] == "/admin/banks/demo"
    assert is_retired("q-single")
    page = client.get("/admin/banks/demo").get_data(as_text=True)
    row = re.search(r"<code>q-single</code></th>.*?</tr>", page, re.DOTALL).group()
    assert "<td>Retired by an admin</td>" in row and "Restore" in row

    sign_in_as(client, db.session.get(User, learner_id))
    client.post("/banks/demo", data={"mode": "practice", "question_count": 8})
    assert "q-single" not in newest_attempt_keys()
    assert len(newest_attempt_keys()) == 7
    assert "Which base?" in client.get(old_result).get_data(as_text=True)

    sign_in_as(client, db.session.get(User, admin_id))
    response = client.post("/admin/banks/demo/questions/q-single/restore")
    assert response.headers["Location"] == "/admin/banks/demo"
    assert not is_retired("q-single")
    sign_in_as(client, db.session.get(User, learner_id))
    client.post("/banks/demo", data={"mode": "practice", "question_count": 8})
    assert "q-single" in newest_attempt_keys()


# CSRF


def test_admin_posts_need_a_csrf_token(csrf_client, make_bank, make_user, sign_in_as):
    make_bank()
    sign_in_as(csrf_client, make_user("root", is_admin=True))
    retire = "/admin/banks/demo/questions/q-single/retire"

    assert csrf_client.post(retire).status_code == 400
    assert upload(csrf_client, bank_text({"capital": "Capital?"})).status_code == 400
    assert not is_retired("q-single")

    token = csrf_token_on(csrf_client, "/admin/banks/demo")
    assert csrf_client.post(retire, data={"csrf_token": token}).status_code == 302
    assert is_retired("q-single")
