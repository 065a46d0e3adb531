"""Logging in with a client certificate and with a password; the search page shows each
user only what they may read, under the banner of what it shows."""

from __future__ import annotations

from collections.abc import Callable

from tests.browser.conftest import DR, Visit

QUERY = "/search?q=pont+de+Sarvik"


def test_login_with_a_dr_client_certificate(visit: Callable[..., Visit]) -> None:
    v = visit("analyste.dr", cert=True)
    v.go("/search")
    assert v.page.url.endswith("/login")  # a page needs a session
    assert "analyste.dr" in v.page.inner_text("main")
    v.shot("login-certificat")
    v.login_cert()
    assert "analyste.dr" in v.page.inner_text("header")
    v.go(QUERY)
    top, bottom = v.banners()
    assert top == bottom == DR
    text = v.page.inner_text("main")
    assert "SECRET" not in text.replace(DR, "")
    assert v.page.locator("article.result").count() > 0
    v.shot("recherche-dr")


def test_wrong_password_then_right_one(visit: Callable[..., Visit]) -> None:
    v = visit()
    v.go("/login")
    assert "Aucun certificat client" in v.page.inner_text("main")
    v.page.fill("#user", "analyste.s")
    v.page.fill("#password", "faux-mot-de-passe")
    v.expect_status(401)  # the browser logs the refusal itself
    with v.page.expect_response("**/login") as answer:
        v.page.click("#login-password")
    assert answer.value.status == 401
    assert "E-AUTH" in v.page.inner_text("[role=alert]")
    v.login_password("analyste.s")
    assert v.page.url.endswith("/search")


def test_secret_user_sees_more_under_a_secret_banner(visit: Callable[..., Visit]) -> None:
    dr, s = visit(), visit()
    dr.login_password("analyste.dr")
    s.login_password("analyste.s")
    dr.go(QUERY)
    s.go(QUERY)
    dr_docs = set(dr.page.locator("article.result h3 a").all_inner_texts())
    s_docs = set(s.page.locator("article.result h3 a").all_inner_texts())
    assert s.banners()[0].startswith("SECRET")
    assert s.banners()[0] == s.banners()[1]
    tags = s.page.locator("article.result .tag").all_inner_texts()
    assert any(tag.startswith("SECRET") for tag in tags)
    assert not any(t.startswith("SECRET") for t in dr.page.locator(".tag").all_inner_texts())
    assert s_docs - dr_docs, "the Secret analyst should see documents the DR one does not"
    s.shot("recherche-s")


def test_results_grouped_by_document_with_the_terms_highlighted(
    visit: Callable[..., Visit],
) -> None:
    v = visit()
    v.login_password("analyste.s")
    v.go(QUERY)
    titles = v.page.locator("article.result h3 a").all_inner_texts()
    assert titles and len(titles) == len(set(titles))  # one result per document
    marked = {m.lower() for m in v.page.locator("article.result mark").all_inner_texts()}
    assert marked and marked <= {"pont", "ponts", "sarvik"}
    v.go(QUERY + "&all_passages=true")
    assert v.page.is_checked("#f-all")
    passages = v.page.locator("article.result h3 a").all_inner_texts()
    assert len(passages) > len(set(passages))  # several passages of one document


def test_filters_narrow_the_results(visit: Callable[..., Visit]) -> None:
    v = visit()
    v.login_password("analyste.s")
    v.go(QUERY + "&label=DIFFUSION+RESTREINTE")
    assert v.banners()[0] == DR
    tags = set(v.page.locator("article.result .tag").all_inner_texts())
    assert tags and tags <= {"NON PROTÉGÉ", DR}
    v.go(QUERY + "&grade=B")
    grades = v.page.locator("article.result .grade").all_inner_texts()
    assert grades and all(g[0] in "AB" for g in grades)
    v.go(QUERY + "&lang=en")
    langs = v.page.locator("article.result .doc-lang").all_inner_texts()
    assert langs and set(langs) == {"en"}
    v.page.select_option("#f-lang", "fr")
    v.page.click("#search-submit")
    v.page.wait_for_url("**lang=fr**")
    langs = v.page.locator("article.result .doc-lang").all_inner_texts()
    assert langs and set(langs) == {"fr"}
    v.expect_status(400, 422)  # the browser logs the refusal itself
    v.go(QUERY + "&grade=Z9")
    assert "E-FILTER" in v.page.inner_text("[role=alert]")
    assert v.page.locator("article.result").count() == 0


def test_english_switch(visit: Callable[..., Visit]) -> None:
    v = visit()
    v.login_password("analyste.dr")
    v.go("/search")
    assert v.page.inner_text("h1") == "Recherche"
    v.page.click("a.lang")
    v.page.wait_for_url("**lang=en")
    assert v.page.inner_text("h1") == "Search"
    v.go("/search")
    assert v.page.inner_text("h1") == "Search"  # kept in a cookie
