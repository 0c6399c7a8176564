"""Guards for ZIP-based uploads (DOCX, XLSX, ZIP bundles) before any library unpacks them: zip bombs and
archives with absurd entry counts are refused from the central directory alone, without decompressing."""

import io
import zipfile

DEFAULT_MAX_UNPACKED = 200 * 1024 * 1024
MAX_ENTRIES = 10_000
MAX_RATIO = 1_000  # office XML compresses 10–50×; bombs compress thousands of times


class PackageRejected(ValueError):
    """The archive is damaged or would unpack to more than is allowed."""


def check_zip(data: bytes, *, max_unpacked: int = DEFAULT_MAX_UNPACKED) -> None:
    """Raise PackageRejected unless `data` is a readable ZIP whose entries unpack to at most `max_unpacked` bytes.

    zipfile stops reading an entry at its declared size, so the declared sizes bound what any reader unpacks.
    """
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise PackageRejected("压缩包（DOCX/XLSX/ZIP）已损坏，无法读取。") from exc
    if len(infos) > MAX_ENTRIES:
        raise PackageRejected(f"压缩包内文件过多（{len(infos)}个，上限{MAX_ENTRIES}个）。")
    total = sum(i.file_size for i in infos)
    if total > max_unpacked:
        raise PackageRejected(f"压缩包解压后过大（{total // 1048576} MB，上限{max_unpacked // 1048576} MB），"
                              "疑似压缩炸弹，未读取。")
    for info in infos:
        if info.file_size > 1048576 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise PackageRejected(f"压缩包内“{info.filename[:80]}”的压缩比异常，疑似压缩炸弹，未读取。")
