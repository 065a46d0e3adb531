"""The demo's decision file (ALBÂTRE) in the browser: the staff reads it and moves the
weight sliders until another MA leads (nothing saved); the chief of staff saves weights;
the commander records a decision and it shows; a DR analyst learns nothing of the Secret
file; a non-decideur is refused the form. The slider endpoint over HTTP as well."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.browser.conftest import Visit
from tests.integration.service.conftest import Service

SECRET = "SECRET – SPÉCIAL FRANCE"


def _ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture(scope="module")
def demo_file(service: Service) -> str:
    files = _ok(service.client("analyste.s").get("/decisions"))["files"]
    [found] = [f["uid"] for f in files if "Virna" in f["title"]]
    return str(found)


def _state(service: Service, uid: str) -> dict[str, Any]:
    file: dict[str, Any] = _ok(service.client("analyste.s").get(f"/decisions/{uid}"))
    return file


def _flip(service: Service, uid: str) -> tuple[str, str, str]:
    """A criterion that, weighted alone, puts another MA first: (criterion, the leader with
    the saved weights, the leader on that criterion alone)."""
    table = _ok(service.client("analyste.s").get(f"/decisions/{uid}/comparison"))
    sign = {c["id"]: 1 if c["direction"] == "max" else -1 for c in _state(service, uid)["criteria"]}
    leader = table["ranking"][0]
    for c in table["criteria"]:
        best = max(table["alternatives"], key=lambda m: sign[c] * table["raw"][m][c])
        values = [sign[c] * table["raw"][m][c] for m in table["alternatives"]]
        if best != leader and values.count(max(values)) == 1:
            return c, leader, best
    raise AssertionError("no criterion reverses the demo's ranking")


def _move(v: Visit, slider: str, key: str) -> None:
    """Press ``key`` on a slider and wait until the re-ranked table is in place."""
    v.page.focus(slider)
    with v.page.expect_response(lambda r: "/rank?" in r.url) as answer:
        v.page.keyboard.press(key)
    assert answer.value.status == 200
    v.page.wait_for_function(
        "() => !document.querySelector('#weights fieldset').classList.contains('htmx-request')"
    )


def test_the_staff_moves_the_weights_until_another_ma_leads(
    visit: Callable[..., Visit], service: Service, demo_file: str
) -> None:
    uid = demo_file
    before = _state(service, uid)
    criterion, leader, challenger = _flip(service, uid)
    v = visit()
    v.login_password("analyste.s")
    v.go("/decisions")
    assert v.page.locator(f"a[href='/decisions/{uid}']").count() == 1
    top, bottom = v.banners()
    assert top == bottom and top.startswith("SECRET")
    v.shot("decisions")
    v.go(f"/decisions/{uid}")
    assert v.page.locator("#ach-matrix tbody tr").count() == len(before["evidence"])
    assert v.page.locator("#ach-matrix tfoot tr").count() == 2  # inconsistency scores
    assert "Diagnosticité" in v.page.inner_text("#ach-matrix thead")
    assert before["recommendation"]["reason"] in v.page.inner_text("main")
    assert v.page.locator("#decide-link").count() == 0  # the staff does not decide
    assert v.banners() == (SECRET, SECRET)
    v.shot("dossier")

    v.go(f"/decisions/{uid}/comparison")
    assert leader in v.page.inner_text("#leader")
    assert v.page.locator("#save-weights").count() == 0  # only the weighers save
    assert v.page.locator("input[type=range]").count() == len(before["criteria"])
    _move(v, f"#w-{criterion}", "End")
    for other in before["criteria"]:
        if v.page.locator("#reversal").count():
            break
        if other["id"] != criterion:
            _move(v, f"#w-{other['id']}", "Home")
    reversal = v.page.inner_text("#reversal")
    new = v.page.locator("#rank-table tbody tr").first.inner_text()
    assert leader in reversal and new.split(" — ")[0].strip().split()[-1] in reversal
    assert leader not in new.split(" — ")[0]
    if v.page.input_value(f"#w-{criterion}") == "100" and all(
        v.page.input_value(f"#w-{c['id']}") == "0" for c in before["criteria"]
        if c["id"] != criterion
    ):
        assert challenger in new.split(" — ")[0]
    assert v.banners() == (SECRET, SECRET)
    v.shot("comparaison-inversion")
    after = _state(service, uid)
    assert (after["version"], after["weights"]) == (before["version"], before["weights"])


def test_the_chief_of_staff_saves_the_weights(
    visit: Callable[..., Visit], service: Service, demo_file: str
) -> None:
    before = _state(service, demo_file)
    v = visit()
    v.login_password("chef.em")
    v.go(f"/decisions/{demo_file}/comparison")
    first = before["criteria"][0]["id"]
    _move(v, f"#w-{first}", "PageUp")
    ids = [c["id"] for c in before["criteria"]]
    positions = {c: int(v.page.input_value(f"#w-{c}")) for c in ids}
    v.page.click("#save-weights")
    v.page.wait_for_url(f"**/decisions/{demo_file}/comparison")
    assert "chef.em" in v.page.inner_text("main")
    after = _state(service, demo_file)
    assert after["version"] == before["version"] + 1 and after["weights"]["set_by"] == "chef.em"
    total = sum(positions.values())
    for c in ids:  # saved as shares of the sliders' positions, shown again as such
        assert after["weights"]["values"][c] == pytest.approx(positions[c] / total, abs=1e-4)
        assert int(v.page.input_value(f"#w-{c}")) == round(100 * positions[c] / total)
    v.shot("comparaison-poids-enregistres")


def test_the_commander_records_a_decision(
    visit: Callable[..., Visit], service: Service, demo_file: str
) -> None:
    before = _state(service, demo_file)
    recommended = before["recommendation"]["ma"]
    other = next(m["id"] for m in before["ma"] if m["id"] != recommended)
    v = visit()
    v.login_password("chef.gtia")
    v.go(f"/decisions/{demo_file}")
    v.page.click("#decide-link")
    v.page.wait_for_url(f"**/decisions/{demo_file}/decide")
    assert v.page.input_value("#choice") == recommended
    assert v.banners() == (SECRET, SECRET)
    v.shot("decision-formulaire")
    v.page.select_option("#choice", other)
    v.page.fill("#reason", "Tenir le gué sans escalade pendant Telvan.")
    v.expect_status(409)  # departing from the staff's proposal calls for a reason
    with v.page.expect_response(f"**/decisions/{demo_file}/decide") as answer:
        v.page.click("#decide-submit")
    assert answer.value.status == 409
    assert "motivez l'écart" in v.page.inner_text("[role=alert]")
    assert _state(service, demo_file)["version"] == before["version"]
    v.page.fill("#deviation", "Risque d'escalade jugé inacceptable (essai navigateur).")
    v.page.click("#decide-submit")
    v.page.wait_for_url(f"**/decisions/{demo_file}#decision")
    block = v.page.inner_text("#decision-block")
    assert other in block and "chef.gtia" in block and "essai navigateur" in block
    assert v.banners() == (SECRET, SECRET)
    v.shot("decision-inscrite")
    after = _state(service, demo_file)
    assert after["decision"]["choice"] == other and after["decision"]["deviation"]
    assert after["version"] == before["version"] + 1


def test_a_dr_analyst_sees_no_secret_file_and_the_staff_no_decision_form(
    visit: Callable[..., Visit], service: Service, demo_file: str
) -> None:
    title = _state(service, demo_file)["title"]
    dr = visit()
    dr.login_password("analyste.dr")
    dr.go("/decisions")
    assert demo_file not in dr.page.inner_text("main") and title not in dr.page.inner_text("main")
    assert dr.banners()[0] != SECRET
    dr.expect_status(404)
    for path in ("", "/comparison", "/decide"):
        response = dr.go(f"/decisions/{demo_file}{path}")
        assert response.status == 404
        assert dr.banners() == ("NON PROTÉGÉ", "NON PROTÉGÉ")
        assert "E-DECISION-NOTFOUND" in dr.page.inner_text("main")
        assert title not in dr.page.content()
    staff = visit()
    staff.login_password("analyste.s")
    staff.expect_status(403)
    response = staff.go(f"/decisions/{demo_file}/decide")
    assert response.status == 403 and "E-ACCESS" in staff.page.inner_text("main")
    assert staff.page.locator("#decide-form").count() == 0
    staff.go(f"/decisions/{demo_file}?lang=en")  # the English switch
    main = staff.page.inner_text("main")
    assert "ACH matrix" in main and "Commander's decision" in main and "Diagnosticity" in main


def test_the_slider_endpoint_over_http(service: Service, demo_file: str) -> None:
    uid = demo_file
    before = _state(service, uid)
    criterion, leader, challenger = _flip(service, uid)
    ids = [c["id"] for c in before["criteria"]]
    saved = before["weights"]["values"]
    staff = service.session("analyste.s")
    base = f"{service.url}/decisions/{uid}"

    def rank(weights: list[float], names: list[str] = ids) -> httpx.Response:
        return staff.get(f"{base}/rank", params=[*[("c", c) for c in names],
                                                 *[("w", w) for w in weights]])

    same = rank([100 * saved[c] for c in ids])
    assert same.status_code == 200 and same.headers["content-type"].startswith("text/html")
    assert 'id="reversal"' not in same.text and f"{leader} reste en tête" in same.text
    alone = rank([100.0 if c == criterion else 0.0 for c in ids])
    assert f"{challenger} passe en tête ({leader} en tête" in alone.text
    assert f'id="pct-{criterion}" for="w-{criterion}" hx-swap-oob="true">100 %' in alone.text
    assert "E-DECISION" in rank([0.0] * len(ids)).text  # all zero: said in place
    assert "E-DECISION" in rank([1.0], ids[:1] + ids[:1]).text  # one weight per criterion
    assert rank([-1.0] * len(ids)).status_code == 422
    assert rank([float("inf")] * len(ids)).status_code == 422
    dr = service.session("analyste.dr").get(f"{base}/rank", params=[("c", ids[0]), ("w", 1)])
    assert dr.status_code == 404 and before["title"] not in dr.text
    # Saving weights and deciding are refused to the staff, whatever the form says.
    form = {"c": ids, "w": [1.0] * len(ids), "csrf": staff.headers["X-CSRF-Token"]}
    assert staff.post(f"{base}/weights", data=form).status_code == 403
    choice = {"choice": before["ma"][0]["id"], "reason": "x", "deviation": "y",
              "csrf": staff.headers["X-CSRF-Token"]}
    refused = staff.post(f"{base}/decide", data=choice)
    assert refused.status_code == 403 and "E-ACCESS" in refused.text
    after = _state(service, uid)
    assert (after["version"], after["decision"]) == (before["version"], before["decision"])
