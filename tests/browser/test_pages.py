"""Every page as each role: document view with highlights, timeline, map, audit (security
officer), users (admin); a screenshot of each; an analyst refused the officer's pages."""

from __future__ import annotations

from collections.abc import Callable

from tests.browser.conftest import DR, Visit


def test_document_timeline_and_map_as_an_analyst(visit: Callable[..., Visit]) -> None:
    v = visit()
    v.login_password("analyste.dr")
    v.go("/search?q=pont+de+Sarvik")
    v.page.locator("article.result h3 a").first.click()
    v.page.wait_for_url("**/documents/**")
    assert v.page.locator(".doc-text mark.ent").count() > 0
    assert v.page.locator("#reclassify").count() == 0  # an analyst corrects nothing
    top, bottom = v.banners()
    assert top == bottom and top in {"NON PROTÉGÉ", DR}
    v.shot("document")
    v.go("/timeline")
    assert v.page.locator("section.day").count() > 0
    assert v.banners()[0] == DR
    v.shot("chronologie")
    v.go("/map")
    assert v.page.locator("svg.map circle").count() > 0
    assert "42U" in v.page.inner_text("table")  # MGRS beside decimal degrees
    assert "SECRET" not in v.page.inner_text("main")
    v.shot("carte")
    # Keyboard: the skip link is the first stop and leads to the content.
    v.page.keyboard.press("Tab")
    assert v.page.evaluate("document.activeElement.className") == "skip"


def test_officer_and_admin_pages(visit: Callable[..., Visit]) -> None:
    officer = visit()
    officer.login_password("officier.securite")
    officer.go("/audit")
    assert officer.page.locator("tbody tr").count() > 0
    officer.page.click("#verify")
    officer.page.wait_for_selector("[role=status]")
    assert "intègre" in officer.page.inner_text("[role=status]")
    officer.shot("audit")
    # A document, with the officer's corrections; the same label again is refused.
    officer.go("/search?q=pont+de+Sarvik")
    officer.page.locator("article.result h3 a").first.click()
    officer.page.wait_for_url("**/documents/**")
    banner = officer.banners()[0]
    heading = officer.page.locator("main > p").first.inner_text()
    assert officer.page.input_value("#new-label") in heading  # its label, as the field's value
    officer.page.fill("#reclassify-reason", "vérification")
    officer.expect_status(409)  # the browser logs the refusal itself
    with officer.page.expect_response("**/reclassify") as answer:
        officer.page.click("#reclassify-submit")
    assert answer.value.status == 409
    assert "E-DOC-STATE" in officer.page.inner_text("[role=alert]")
    assert officer.banners()[0] == banner
    admin = visit()
    admin.login_password("admin.demo")
    admin.go("/users")
    assert "analyste.dr" in admin.page.inner_text("table")
    assert admin.banners()[0] == DR
    admin.page.fill("#u-name", "analyste.web")
    admin.page.select_option("#u-clearance", "DR")
    admin.page.click("#add-user-submit")
    admin.page.wait_for_selector("[role=status]")
    assert "analyste.web" in admin.page.inner_text("table")
    admin.shot("utilisateurs")


def test_analyst_is_refused_the_officer_pages(visit: Callable[..., Visit]) -> None:
    v = visit()
    v.login_password("analyste.s")
    assert "/audit" not in v.page.inner_html("nav")
    v.expect_status(403)  # the browser logs the refusals itself
    for path in ("/audit", "/users"):
        response = v.go(path)
        assert response.status == 403
        assert "E-ACCESS" in v.page.inner_text("main")


ROLES = ("analyste.dr", "analyste.s", "officier.otan", "validateur.s", "officier.securite",
         "admin.demo")


def test_every_page_of_the_navigation_works_for_each_role(visit: Callable[..., Visit]) -> None:
    """Each demo user opens every page their navigation offers: it answers, its two banners
    agree, and a German NATO officer sees nothing marked Spécial France."""
    for user in ROLES:
        v = visit()
        v.login_password(user)
        links = v.page.locator("header nav a").evaluate_all("(as) => as.map((a) => a.pathname)")
        assert "/search" in links
        for path in links:
            target = path + ("?q=pont+de+Sarvik" if path == "/search" else "")
            response = v.go(target)
            assert response.status == 200, (user, path)
            top, bottom = v.banners()
            assert top == bottom, (user, path)
            if user == "officier.otan":
                assert "SPÉCIAL FRANCE" not in v.page.inner_text("body"), path


def test_keyboard_alone_searches_and_opens_a_result(visit: Callable[..., Visit]) -> None:
    v = visit()
    v.login_password("analyste.dr")
    v.go("/search")
    assert v.page.evaluate("document.activeElement.id") == "q"  # the query has the focus
    v.page.keyboard.type("pont de Sarvik")
    v.page.keyboard.press("Enter")
    v.page.wait_for_url("**q=pont**")
    target = v.page.locator("article.result h3 a").first.get_attribute("href")
    for _ in range(60):  # Tab through the form and filters to the first result
        v.page.keyboard.press("Tab")
        if v.page.evaluate("document.activeElement.getAttribute('href')") == target:
            break
    else:
        raise AssertionError("the first result cannot be reached with Tab")
    v.page.keyboard.press("Enter")
    v.page.wait_for_url("**/documents/**")
    v.page.keyboard.press("Tab")
    assert v.page.evaluate("document.activeElement.className") == "skip"
    v.page.keyboard.press("Enter")
    assert v.page.evaluate("document.activeElement.id") == "main"
