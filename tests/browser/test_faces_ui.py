"""The owner, on a phone, sees the faces found in a class photo, keeps one visible with a tap
and boxes one by hand; others are served the blurred copy (issue 19)."""

from __future__ import annotations

import io

from playwright.sync_api import Page, expect

from tests.browser.flows import open_add_screen, sign_up, timeline_entries, uploaded
from tests.browser.people_flows import heading, organisation_with
from tests.face_pictures import group_photo


def _class_photo() -> bytes:
    picture = group_photo((1600, 1200), faces=4, face_fraction=(0.10, 0.13), seed=7).image
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90)
    return out.getvalue()


def test_the_owner_keeps_one_face_visible_and_boxes_a_missed_one(page: Page, screenshot):
    sign_up(page, "Sanne")
    open_add_screen(page)
    page.get_by_label("Kies uit galerij of bestanden").set_input_files(
        {"name": "klas.jpg", "mimeType": "image/jpeg", "buffer": _class_photo()}
    )
    page.get_by_label("Titel (niet verplicht)").fill("Kringgesprek groep 6")
    page.get_by_role("button", name="Opslaan").click()
    uploaded(page, timeline_entries(page).first)
    timeline_entries(page).first.get_by_role("link").click()

    panel = page.get_by_role("region", name="Gezichten")
    expect(panel).to_contain_text("Anderen zien gezichten in dit item vervaagd")
    picture = page.locator(".faces-frame")  # the photo itself, with the faces marked
    boxes = picture.get_by_role("button", name="vervaagd voor anderen")
    expect(boxes.first).to_be_visible()
    found = boxes.count()
    assert found >= 3
    screenshot(page, "faces-owner")

    # one tap keeps a face visible; the copies for others are made again
    picture.get_by_role("button", name="Gezicht 1,").click()
    expect(page.get_by_role("status").filter(has_text="blijft zichtbaar")).to_be_visible()
    expect(picture.get_by_role("button", name="Gezicht 1, zichtbaar voor anderen")).to_be_visible()
    expect(panel.get_by_text("De versie voor anderen wordt bijgewerkt")).to_have_count(
        0, timeout=30_000
    )

    # box a face by hand: drag over the picture
    panel.get_by_role("button", name="Gezicht omkaderen").click()
    picture.scroll_into_view_if_needed()
    frame = picture.bounding_box()
    x, y = frame["x"] + frame["width"] * 0.45, frame["y"] + frame["height"] * 0.45
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 40, y + 50, steps=5)
    page.mouse.up()
    expect(
        page.get_by_role("status").filter(has_text="wordt voor anderen vervaagd")
    ).to_be_visible()
    expect(panel.get_by_text("door jou omkaderd")).to_be_visible()
    expect(panel.get_by_role("listitem")).to_have_count(found + 1)
    screenshot(page, "faces-drawn")

    # what the server keeps: one face kept, one drawn, all others blurred
    item_id = page.url.rsplit("/", 1)[-1]
    faces = page.request.get(f"/api/v1/evidence/{item_id}/faces").json()["faces"]
    assert [f["blurred"] for f in faces].count(False) == 1
    assert any(f["source"] == "drawn" and f["blurred"] for f in faces)


def test_a_school_keeps_its_young_pupils_faces_blurred_and_the_pupil_is_told(people, screenshot):
    """The administrator switches the rule on; a pupil without a date of birth counts as
    younger than 16 and can no longer keep a face visible, and the item says why."""
    admin, pupil = people("Marleen"), people("Noor")
    school = organisation_with(admin, pupil, "student", "Het Baken")

    page = admin.open(f"/organisation/{school['id']}")
    heading(page, "Het Baken")
    details = page.get_by_role("form", name="Naam en adres")
    rule = details.get_by_label("Gezichten van leerlingen onder de 16 altijd vervagen")
    expect(rule).not_to_be_checked()
    rule.check()
    details.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".toast")).to_have_text("De gegevens zijn opgeslagen.")
    assert admin.get("/organisations")[0]["blur_faces_under_16"] is True
    screenshot(page, "faces-school-rule")

    page = pupil.open("/")
    open_add_screen(page)
    page.get_by_label("Kies uit galerij of bestanden").set_input_files(
        {"name": "klas.jpg", "mimeType": "image/jpeg", "buffer": _class_photo()}
    )
    page.get_by_role("button", name="Opslaan").click()
    uploaded(page, timeline_entries(page).first)
    timeline_entries(page).first.get_by_role("link").click()
    panel = page.get_by_role("region", name="Gezichten")
    expect(panel).to_contain_text("Je school houdt gezichten vervaagd tot je 16 bent")
    expect(panel.get_by_role("button", name="Zichtbaar houden")).to_have_count(0)
    picture = page.locator(".faces-frame")
    expect(picture.get_by_role("button", name="vervaagd voor anderen").first).to_be_disabled()
