"""The web app with media on S3: pictures and videos come from the object store directly
(presigned redirects), which the content security policy must allow."""

from __future__ import annotations

import random
import uuid

import boto3
import pytest
from playwright.sync_api import expect

from app.demo import demo_photo
from tests.browser.flows import sign_up, timeline_entries, uploaded
from tests.live import LiveServer


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory, s3_endpoint):
    bucket = f"bagage-web-{uuid.uuid4().hex[:12]}"
    boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    ).create_bucket(Bucket=bucket)
    server = LiveServer(
        tmp_path_factory.mktemp("s3-web"),
        STORAGE_BACKEND="s3",
        S3_BUCKET=bucket,
        S3_ENDPOINT_URL=s3_endpoint,
        S3_REGION="us-east-1",
        S3_ACCESS_KEY_ID="testing",
        S3_SECRET_ACCESS_KEY="testing",
    ).start()
    yield server
    server.stop()


@pytest.fixture
def s3_page(browser, phone, s3_server):
    context = browser.new_context(**phone, base_url=s3_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    blocked: list[str] = []
    page.on(
        "console",
        lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
    )
    yield page, blocked
    context.close()


def test_thumbnails_and_photos_from_s3_are_shown(s3_page, tmp_path):
    page, blocked = s3_page
    photo = tmp_path / "buiten.jpg"
    photo.write_bytes(demo_photo(random.Random(11), (1200, 900)))
    sign_up(page, "Kees")
    page.get_by_label("Galerij").set_input_files(photo)
    entry = timeline_entries(page).first
    uploaded(page, entry)
    image = entry.locator("picture img")
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle(), timeout=15_000
    )
    entry.get_by_role("link").click()
    detail = page.locator(".faces-frame img")  # the owner's photo, with its faces marked
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=detail.element_handle(), timeout=15_000
    )
    expect(page.get_by_role("heading", name="Foto", level=1)).to_be_visible()
    assert not blocked, blocked
