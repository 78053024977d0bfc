"""Documents uploaded through a journey step: the type read from the content, kept private.

A step's form asks for a document with a `DocumentField`::

    class BudgetForm(forms.Form):
        spreadsheet = DocumentField(what="the budget spreadsheet", kinds=["xlsx", "ods", "csv"],
                                    max_size=10 * 1024 * 1024)

The field reads what the file is from its first bytes (and, for the zipped
office formats, the names inside), never from its name, so a program
renamed "budget.pdf" is refused; a file over `max_size` is refused too. A
journey keyed by a draft id stores the file in the site's media storage
under `PRIVATE_PREFIX` (which `core.media` never serves), as an `Upload` of
the draft, and keeps the upload's id in the answers. The journey's
`files/<upload id>/` page sends it back to the draft's owner, or to staff
with the "view upload" permission; to anyone else it is a 404.
"""

import contextlib
import csv
import io
import uuid
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse

from .fields import GovUKFileField
from .media import UPLOAD_POLICY
from .models import Draft, Upload
from .widgets import GovUKFileUpload

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "csv": "text/csv",
}
ZIPPED_PARTS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx"}  # the part each format cannot lack
OPEN_DOCUMENT_TYPES = {CONTENT_TYPES["odt"]: "odt", CONTENT_TYPES["ods"]: "ods"}


def sniff(file) -> str | None:
    """What the file is, from its content: a key of CONTENT_TYPES, or None for anything else."""
    file.seek(0)
    head = file.read(5)
    file.seek(0)
    try:
        if head == b"%PDF-":
            return "pdf"
        if head.startswith(b"PK\x03\x04"):
            return _zipped_kind(file)
        return "csv" if _is_csv(file.read()) else None
    finally:
        file.seek(0)


def _zipped_kind(file) -> str | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            for part, kind in ZIPPED_PARTS.items():
                if part in names:
                    return kind
            if "mimetype" in names:
                with archive.open("mimetype") as mimetype:
                    return OPEN_DOCUMENT_TYPES.get(mimetype.read(100).decode("ascii", "replace").strip())
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):  # damaged, encrypted, unknown method
        return None
    return None


def _is_csv(content: bytes) -> bool:
    """Text in UTF-8 without control characters other than tabs and line ends, in rows."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    if not text.strip() or any(ord(char) < 32 and char not in "\t\r\n" for char in text):
        return False
    try:
        return any(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        return False


class DocumentUpload(GovUKFileUpload):
    """The file upload, saying which document is already uploaded, which stays unless another is chosen."""

    def component_params(self, bound_field, options):
        params = super().component_params(bound_field, options)
        uploaded = bound_field.initial
        if isinstance(uploaded, Upload):
            kept = f"You have uploaded {uploaded.name}. Choose another file only to replace it."
            hint = params["hint"]["text"] + " " if params["hint"] else ""
            params["hint"] = {"text": hint + kept}
        return params


class DocumentField(GovUKFileField):
    """A document upload checked by its content: `kinds` from CONTENT_TYPES, `max_size` in bytes."""

    widget = DocumentUpload

    def __init__(self, *, kinds: list[str], max_size: int, **kwargs):
        unknown = set(kinds) - set(CONTENT_TYPES)
        if unknown:
            raise ValueError(f"DocumentField cannot recognise {', '.join(sorted(unknown))}")
        self.kinds = list(kinds)
        super().__init__(max_size=max_size, **kwargs)
        self.widget.attrs.setdefault("accept", ",".join(f".{kind}" for kind in self.kinds))

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if isinstance(value, UploadedFile):
            value.kind = sniff(value)
            if value.kind not in self.kinds:
                raise ValidationError(f"The selected file must be a {self.describe_kinds()}", code="file_type")
        return value

    def describe_kinds(self) -> str:
        names = [kind.upper() for kind in self.kinds]
        return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def document_fields(form_class) -> list[str]:
    return [name for name, form_field in form_class.base_fields.items() if isinstance(form_field, DocumentField)]


def store_upload(draft: Draft, file: UploadedFile) -> Upload:
    """Keep a checked file (DocumentField's) with the draft, in private storage."""
    upload = Upload(draft=draft, name=file.name[:255], kind=file.kind, size=file.size)
    upload.file.save(f"{upload.id}.{upload.kind}", file, save=False)
    upload.save()
    return upload


def stored_uploads(form_class, data: dict | None) -> dict:
    """{field: Upload} for the uploads a step's stored answer names (ids the journey itself wrote)."""
    ids = {}
    for name in document_fields(form_class):
        with contextlib.suppress(KeyError, TypeError, ValueError, IndexError):
            ids[name] = uuid.UUID((data or {})[name][0])
    uploads = Upload.objects.in_bulk(list(ids.values())) if ids else {}
    return {name: uploads[upload_id] for name, upload_id in ids.items() if upload_id in uploads}


def upload_response(upload: Upload) -> FileResponse:
    """The file as a download, as it was uploaded, running nothing in the browser."""
    response = FileResponse(
        upload.file.open("rb"), as_attachment=True, filename=upload.name, content_type=CONTENT_TYPES[upload.kind]
    )
    response["Content-Security-Policy"] = UPLOAD_POLICY
    return response
