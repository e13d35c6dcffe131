"""Attachments: size and type limits from settings, names sanitised, stored under a random name,
downloaded only through the access policy."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from kezek.servicedesk.models import Attachment, Request
from kezek.servicedesk.services.attachments import attachment_validate, sanitise_name
from kezek.servicedesk.tests.factories import Desk

PDF = b"%PDF-1.7\n" + b"0" * 100


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\me\\scan 1.pdf", "scan_1.pdf"),
        ("spravka\x00\x07.pdf", "spravka.pdf"),
        ("Справка.pdf", "Справка.pdf"),
        ("..", "file"),
        ("a" * 300 + ".pdf", "a" * 100 + ".pdf"),
    ],
)
def test_names_are_sanitised(name: str, safe: str) -> None:
    assert sanitise_name(name) == safe


def test_a_pdf_is_accepted() -> None:
    assert attachment_validate(SimpleUploadedFile("scan.PDF", PDF)) == "pdf"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "not accepted"),
        ("page.html", b"<script>", "not accepted"),
        ("noextension", b"%PDF-", "not accepted"),
        ("fake.pdf", b"MZ\x90\x00 not a pdf", "not a pdf file"),
        ("notes.txt", b"text\x00binary", "binary data"),
    ],
)
def test_forbidden_types_are_refused(name: str, content: bytes, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        attachment_validate(SimpleUploadedFile(name, content))


@override_settings(SERVICEDESK_MAX_ATTACHMENT_BYTES=1000)
def test_the_size_limit_comes_from_the_settings() -> None:
    attachment_validate(SimpleUploadedFile("ok.pdf", PDF))

    with pytest.raises(ValidationError, match="larger than"):
        attachment_validate(SimpleUploadedFile("big.pdf", PDF + b"0" * 1000))


@override_settings(SERVICEDESK_ATTACHMENT_EXTENSIONS=["txt"])
def test_the_allowed_types_come_from_the_settings() -> None:
    with pytest.raises(ValidationError, match="allowed: txt"):
        attachment_validate(SimpleUploadedFile("scan.pdf", PDF))


@pytest.mark.django_db
def test_a_file_is_stored_under_a_random_name_and_served_only_to_those_who_see_the_request(
    client: Client, desk: Desk
) -> None:
    request = desk.request(files=[SimpleUploadedFile("../my scan.pdf", PDF)])
    attachment = Attachment.objects.get(request=request)

    assert attachment.name == "my_scan.pdf"
    assert attachment.file.name.startswith(f"servicedesk/{request.pk}/")
    assert "scan" not in attachment.file.name
    for person, status in (
        (desk.employee, 200),
        (desk.agent, 200),
        (desk.colleague, 404),
        (desk.other_employee, 404),
        (desk.vendor_agent, 404),
    ):
        client.force_login(person)
        response = client.get(f"/desk/attachments/{attachment.pk}/")
        assert response.status_code == status, person
    client.force_login(desk.employee)
    response = client.get(f"/desk/attachments/{attachment.pk}/")
    assert response["Content-Disposition"] == 'attachment; filename="my_scan.pdf"'
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_a_forbidden_attachment_saves_nothing(client: Client, desk: Desk) -> None:
    client.force_login(desk.employee)

    response = client.post(
        f"/desk/catalogue/{desk.certificate.pk}/new/",
        {
            "title": "Certificate",
            "f_purpose": "Bank",
            "f_copies": "1",
            "attachment": SimpleUploadedFile("x.exe", b"MZ"),
        },
    )

    assert response.status_code == 200
    assert "are not accepted" in response.content.decode()
    assert not Request.objects.exists()
    assert not Attachment.objects.exists()
