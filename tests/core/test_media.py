"""Uploaded images are served in production too, from the site's own disk, and run nothing."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "council.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    return tmp_path


def test_an_uploaded_image_is_served_with_a_policy_that_runs_nothing(client, uploads):
    response = client.get("/media/images/council.png")

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert response["Content-Type"] == "image/png"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "max-age=86400" in response["Cache-Control"]


def test_only_files_inside_the_upload_folder_are_served(client, uploads):
    (uploads.parent / "secret.txt").write_text("not for the public")

    outside = client.get("/media/../secret.txt")
    assert outside.status_code in (400, 404)
    assert b"not for the public" not in outside.content
    assert client.get("/media/images/missing.png").status_code == 404
    assert client.post("/media/images/council.png").status_code == 405
