"""The templates' `url_for` keeps the URLs it builds: each must stay the one Flask builds."""

import re

import pytest
from flask import render_template_string, url_for
from werkzeug.routing import AnyConverter, IntegerConverter, PathConverter

from quizapp.static_assets import add_content_hash


def sample_value(converter):
    """A value the URL argument's converter accepts."""
    if isinstance(converter, AnyConverter):
        return sorted(converter.items)[0]
    if isinstance(converter, IntegerConverter):
        return 7
    if isinstance(converter, PathConverter):
        return "some/file.txt"
    return "sample"


def rule_values(rule) -> dict:
    return {name: sample_value(converter) for name, converter in rule._converters.items()}


def in_template(endpoint: str, values: dict) -> str:
    return render_template_string("{{ url_for(endpoint, **values) }}",
                                  endpoint=endpoint, values=values)


@pytest.mark.parametrize("script_root", ["", "/study"])
def test_every_endpoint_links_as_flask_builds_it_under_any_script_root(app, script_root):
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]
    assert len(rules) > 20
    # Each root in turn, twice over: a URL kept for one root must never serve another.
    for root in [script_root, "/other", script_root]:
        with app.test_request_context("/", base_url=f"http://localhost{root}/"):
            for rule in rules:
                values = rule_values(rule)
                expected = url_for(rule.endpoint, **values)
                assert expected.startswith(f"{root}/")
                assert in_template(rule.endpoint, values) == expected
                assert in_template(rule.endpoint, values) == expected


def test_values_equal_in_python_but_written_differently_get_their_own_urls(app):
    with app.test_request_context("/"):
        page = render_template_string(
            "{{ url_for('main.index', page=1) }} {{ url_for('main.index', page=True) }} "
            "{{ url_for('main.index', page=1.0) }} {{ url_for('main.index', page='1') }}"
        )
    assert page.split() == ["/?page=1", "/?page=True", "/?page=1.0", "/?page=1"]


def test_options_and_static_files_are_built_by_flask_every_time(app):
    with app.test_request_context("/", base_url="http://example.test"):
        page = render_template_string(
            "{{ url_for('main.index', _external=True) }} {{ url_for('main.index', _anchor='a') }}"
        )
        assert page.split() == ["http://example.test/", "/#a"]


def test_pages_served_under_a_prefix_link_inside_it_and_others_do_not(client):
    prefixed = client.get("/", base_url="http://localhost/study/").get_data(as_text=True)
    plain = client.get("/").get_data(as_text=True)
    prefixed_links = re.findall(r'(?:href|action|src)="(/[^"]*)"', prefixed)
    plain_links = re.findall(r'(?:href|action|src)="(/[^"]*)"', plain)
    assert prefixed_links and all(link.startswith("/study/") for link in prefixed_links)
    assert plain_links and not any(link.startswith("/study/") for link in plain_links)


def test_no_url_depends_on_more_than_the_kept_url_for_keys_on(app):
    """The kept URLs are keyed by script root, endpoint and values: no host or subdomain
    rules, and no URL defaults but the static file hash, which is never kept."""
    assert not app.url_map.host_matching
    assert not app.subdomain_matching
    assert not any(rule.subdomain or rule.host for rule in app.url_map.iter_rules())
    assert dict(app.url_default_functions) == {None: [add_content_hash]}
