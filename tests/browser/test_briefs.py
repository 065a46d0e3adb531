"""A brief drafted in the composer, refused to its own author at Secret, validated by
another validator beside its earlier version, and exported as PDF."""

from __future__ import annotations

from collections.abc import Callable

from tests.browser.conftest import Visit

QUESTION = "qui a détruit le pont de Sarvik"


def _draft(v: Visit) -> str:
    v.go("/products")
    v.page.fill("#question", QUESTION)
    v.page.fill("#recipients", "COMANFOR ALBÂTRE")
    v.page.select_option("#engine", "extractive")
    v.page.click("#compose-submit")
    v.page.wait_for_url("**/products/FS-*", timeout=120_000)
    return v.page.url.rsplit("/", 1)[-1]


def test_draft_validate_and_export(visit: Callable[..., Visit], tmp_path: object) -> None:
    author = visit()
    author.login_password("analyste.s")
    first = _draft(author)
    uid = _draft(author)  # a second version on the same question
    assert uid != first
    assert author.page.locator(".watermark").count() == 1
    assert "PROJET — NON VALIDÉ" in author.page.inner_text("body")
    top, bottom = author.banners()
    assert top == bottom and top.startswith("SECRET")
    author.shot("fiche-projet")
    author.go("/products")
    assert author.page.locator(f"a[href='/products/{uid}']").count() == 1
    author.shot("fiches")
    # The author holds the validator role, but at Secret may not validate their own brief.
    author.go(f"/review/{uid}")
    author.page.fill("#reason", "relu")
    author.expect_status(403)  # the browser logs the refusal itself
    with author.page.expect_response(f"**/review/{uid}") as answer:
        author.page.click("#validate")
    assert answer.value.status == 403
    assert "E-ACCESS" in author.page.inner_text("[role=alert]")

    validator = visit()
    validator.login_password("validateur.s")
    validator.go("/review")
    assert uid in validator.page.inner_text("main")
    validator.shot("relecture")
    validator.go(f"/review/{uid}")
    sides = validator.page.locator(".side > section")
    assert sides.count() == 2
    assert validator.page.locator("#with option").count() >= 1
    validator.shot("relecture-cote-a-cote")
    validator.page.fill("#reason", "Sources recoupées ; diffusion autorisée.")
    validator.page.click("#validate")
    validator.page.wait_for_url(f"**/products/{uid}")
    assert validator.page.locator(".watermark").count() == 0
    assert "validateur.s" in validator.page.inner_text("main")
    with validator.page.expect_download() as download:
        validator.page.click("#export-pdf")
    pdf = download.value
    target = validator.shot("fiche-validee").parent / f"{uid}.pdf"
    pdf.save_as(str(target))
    assert target.read_bytes().startswith(b"%PDF")
    assert pdf.suggested_filename == f"{uid}.pdf"


def test_dr_analyst_cannot_open_a_secret_brief(visit: Callable[..., Visit]) -> None:
    s = visit()
    s.login_password("analyste.s")
    uid = _draft(s)
    dr = visit()
    dr.login_password("analyste.dr")
    dr.go("/products")
    assert uid not in dr.page.inner_text("main")
    dr.expect_status(404)
    response = dr.go(f"/products/{uid}")
    assert response.status == 404
    assert dr.banners()[0] == "NON PROTÉGÉ"
    assert "E-PRODUCT-NOTFOUND" in dr.page.inner_text("main")
