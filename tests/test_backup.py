"""`xxgk backup` / `xxgk restore`: a round trip gives back every record and every file, byte for byte."""

import hashlib
import io
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import AgencyFactory, ApplicantFactory
from xxgk.agencies.models import Agency
from xxgk.platform.audit import audit_verify

pytestmark = pytest.mark.django_db(transaction=True)


def _records() -> dict:
    return {m._meta.label: list(m._base_manager.order_by("pk").values())
            for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy}


def _files() -> dict:
    media = Path(settings.MEDIA_ROOT)
    return {p.relative_to(media).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in media.rglob("*") if p.is_file()}


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _some_data():
    root = AgencyFactory(name="备份测试区人民政府", kind="government")
    AgencyFactory(name="备份测试区财政局", parent=root)
    ApplicantFactory(username="backup_applicant", name="张三")
    default_storage.save("cases/2024/申请书.pdf", ContentFile(b"%PDF-1.4 \xe4\xb8\xad" * 100))
    default_storage.save("items/2024/附件.docx", ContentFile(b"PK\x03\x04" + bytes(range(256)) * 40))


def test_round_trip_restores_every_record_and_file(tmp_path, media):
    _some_data()
    before_records, before_files = _records(), _files()
    archive = tmp_path / "b.tar.gz"
    call_command("backup", "--output", str(archive))
    assert archive.is_file()

    # Change everything after the backup: new rows, a changed file, a deleted file.
    AgencyFactory(name="备份之后新建的机关")
    Agency.objects.filter(name="备份测试区财政局").update(short_name="改过")
    default_storage.delete("cases/2024/申请书.pdf")
    (Path(media) / "items/2024/附件.docx").write_bytes(b"changed")
    assert _records() != before_records and _files() != before_files

    call_command("restore", str(archive), "--yes")
    assert _records() == before_records
    assert _files() == before_files
    assert audit_verify() == []


def test_restore_needs_confirmation_and_refuses_a_damaged_archive(tmp_path, media):
    _some_data()
    archive = tmp_path / "b.tar.gz"
    call_command("backup", "--output", str(archive))
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive))

    # Rebuild the archive with one stored file altered: its checksum no longer matches the manifest.
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(damaged, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read() if member.isfile() else None
            if member.name.endswith("附件.docx"):
                data = b"tampered"
                member.size = len(data)
            dst.addfile(member, io.BytesIO(data) if data is not None else None)
    AgencyFactory(name="不应被覆盖的机关")
    with pytest.raises(CommandError, match="校验不符"):
        call_command("restore", str(damaged), "--yes")
    assert Agency.objects.filter(name="不应被覆盖的机关").exists()  # nothing was changed

    (tmp_path / "junk.tar.gz").write_bytes(b"not a tar file")
    with pytest.raises(CommandError, match="无法读取"):
        call_command("restore", str(tmp_path / "junk.tar.gz"), "--yes")
