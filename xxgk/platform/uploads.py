"""Check uploaded files by their content (magic bytes), not their names, and by size."""

from dataclasses import dataclass

import filetype

from .errors import InvalidInput

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
ALLOWED_TYPES = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
}


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed the checks: its real type, extension, bytes and original name."""

    name: str
    content_type: str
    extension: str
    data: bytes


def save_unguessable(field, data: bytes, extension: str) -> None:
    """Store bytes in a FileField under a random name: file URLs must never be guessable."""
    import uuid

    from django.core.files.base import ContentFile

    field.save(f"{uuid.uuid4().hex}{extension}", ContentFile(data), save=False)


def check_upload(name: str, data: bytes, *, allowed: dict[str, str] = ALLOWED_TYPES,
                 max_bytes: int = MAX_UPLOAD_BYTES) -> CheckedUpload:
    """Return the checked upload or refuse it with a Chinese message naming the file."""
    if not data:
        raise InvalidInput(f"文件“{name}”是空文件。")
    if len(data) > max_bytes:
        raise InvalidInput(f"文件“{name}”大小为{len(data) / 1048576:.1f}MB，超过{max_bytes // 1048576}MB的限制。")
    kind = filetype.guess(data)
    if kind is None or kind.mime not in allowed:
        accepted = "、".join(sorted({ext.lstrip('.').upper() for ext in allowed.values()}))
        raise InvalidInput(f"文件“{name}”的实际内容不是允许的类型（仅接受 {accepted}），请检查后重新上传。")
    return CheckedUpload(name=name[:200], content_type=kind.mime, extension=allowed[kind.mime], data=data)
