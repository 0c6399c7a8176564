"""Online backup and restore: the database (SQLite's backup API, or pg_dump) and every stored file, in one tar.

The archive holds manifest.json (what was saved, with a SHA-256 per file and row counts per table),
the database image (db.sqlite3 or db.pgdump) and media/…; restore checks every checksum before it
changes anything, so a damaged archive leaves the running system as it was.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection

from .errors import InvalidInput

FORMAT = 1


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_url() -> str:
    s = connection.settings_dict
    user = f"{s['USER']}@" if s.get("USER") else ""
    return f"postgresql://{user}{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{s['NAME']}"


def _pg_env() -> dict:
    env = dict(os.environ)
    if connection.settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = connection.settings_dict["PASSWORD"]
    return env


def table_counts() -> dict[str, int]:
    """Return the number of rows in every model table (the manifest's record of what was saved)."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            counts[model._meta.db_table] = model._base_manager.count()
    return dict(sorted(counts.items()))


def _dump_database(into: Path) -> str:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(into / "db.sqlite3")
        with target:
            connection.connection.backup(target)  # a consistent copy while others keep writing
        target.close()
        return "db.sqlite3"
    subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--file", str(into / "db.pgdump"), _pg_url()],
                   check=True, env=_pg_env(), capture_output=True)
    return "db.pgdump"


def backup_create(*, output: Path, at: datetime) -> dict:
    """Write a backup archive to `output`; return its manifest."""
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="xxgk-backup-") as tmp:
        work = Path(tmp)
        database_file = _dump_database(work)
        files = {}
        if media.exists():
            for path in sorted(p for p in media.rglob("*") if p.is_file()):
                files[f"media/{path.relative_to(media).as_posix()}"] = _sha256(path)
        manifest = {"format": FORMAT, "created_at": at.isoformat(), "vendor": connection.vendor,
                    "database_file": database_file, "database_sha256": _sha256(work / database_file),
                    "tables": table_counts(), "files": files}
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".part")
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(work / database_file, arcname=database_file)
            for name in files:
                tar.add(media / name[len("media/"):], arcname=name)
        partial.replace(output)  # a reader never sees half an archive
    return manifest


def _checked_extract(archive: Path, into: Path) -> dict:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(into, filter="data")  # refuses absolute paths, .. and links out of the tree
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise InvalidInput(f"备份文件无法读取：{exc}") from exc
    try:
        manifest = json.loads((into / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InvalidInput("备份文件缺少有效的 manifest.json。") from exc
    if manifest.get("format") != FORMAT:
        raise InvalidInput(f"不支持的备份格式：{manifest.get('format')}。")
    if manifest["vendor"] != connection.vendor:
        raise InvalidInput(f"该备份来自 {manifest['vendor']} 数据库，不能恢复到 {connection.vendor}。")
    database_file = into / manifest["database_file"]
    if not database_file.is_file() or _sha256(database_file) != manifest["database_sha256"]:
        raise InvalidInput("备份中的数据库文件缺失或校验不符，未做任何恢复。")
    for name, digest in manifest["files"].items():
        path = into / name
        if not path.is_file() or _sha256(path) != digest:
            raise InvalidInput(f"备份中的文件“{name}”缺失或校验不符，未做任何恢复。")
    return manifest


def _restore_database(database_file: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(database_file)
        with source:
            source.backup(connection.connection)  # replaces every page of the live database
        source.close()
        return
    connection.close()
    subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", "--dbname",
                    _pg_url(), str(database_file)], check=True, env=_pg_env(), capture_output=True)


def backup_restore(*, archive: Path) -> dict:
    """Replace the database and the stored files with those in `archive`; return its manifest.

    Every checksum is checked first; nothing changes when the archive is damaged or from another database kind.
    """
    with tempfile.TemporaryDirectory(prefix="xxgk-restore-") as tmp:
        work = Path(tmp)
        manifest = _checked_extract(archive, work)
        _restore_database(work / manifest["database_file"])
        _swap_media(work / "media")
    return manifest


def _swap_media(restored: Path) -> None:
    """Put the restored files in place of MEDIA_ROOT with renames, so no moment holds half of them."""
    media = Path(settings.MEDIA_ROOT)
    incoming, outgoing = media.with_name(media.name + ".restoring"), media.with_name(media.name + ".replaced")
    for leftover in (incoming, outgoing):
        shutil.rmtree(leftover, ignore_errors=True)
    if restored.exists():
        shutil.copytree(restored, incoming)
    else:
        incoming.mkdir(parents=True)
    if media.exists():
        media.rename(outgoing)
    incoming.rename(media)
    shutil.rmtree(outgoing, ignore_errors=True)
