"""Cells that a spreadsheet would run as formulas, made inert (CSV and XLSX the site writes).

A cell that starts with ``= + - @`` (or a tab or carriage return, which Excel skips before
looking) is a formula to Excel and LibreOffice: a crafted value in a shared file could run
commands or leak data. Such a cell gets a leading apostrophe, which spreadsheets show as
text and hide. ``restore`` undoes it, so a file the site exported imports back unchanged.

Below, the file formats and upload storage the editors' import uses: CSV exported with a
BOM (Excel reads it as UTF-8) and read as UTF-8 or GB18030/GBK, XLSX read from its first
sheet, a size and row limit checked before any row is read, and uploads that expire.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
import uuid
from io import BytesIO
from typing import Any

import tablib
from import_export.formats import base_formats
from import_export.tmp_storages import BaseStorage

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MARK = "'"


def neutralise(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return MARK + value
    return value


def restore(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(MARK) and value[1:].startswith(TRIGGERS):
        return value[1:]
    return value


# --- Files editors upload and download (django-import-export formats and storage) ---------

BOM = "\ufeff"
# Refused at once, before any row is read: a file this big would outlast a worker.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
# An upload that was previewed but never confirmed is deleted after this long.
UPLOAD_TTL_SECONDS = 2 * 60 * 60
UPLOAD_DIR = "yibao-imports"


class FileUnreadable(ValueError):
    """A file the import cannot read; the message is for the editor (Chinese)."""


def decode(data: bytes | str) -> str:
    """Text of a CSV file: UTF-8 (with or without the BOM Excel writes) or, failing that,
    GB18030 (a superset of GBK, what Excel and WPS write on a Chinese Windows)."""
    if isinstance(data, str):
        return data.removeprefix(BOM)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileUnreadable(
        "读不出这个 CSV 文件的文字：它既不是 UTF-8 编码，也不是 GBK/GB18030 编码。"
        "请在 Excel 或 WPS 里“另存为”CSV（UTF-8）或 Excel 工作簿（.xlsx）后再上传。"
    )


def too_many_rows(count: int) -> FileUnreadable:
    return FileUnreadable(
        f"文件有 {count:,} 行，一次最多导入 {MAX_ROWS:,} 行；请分成几个文件分别导入。"
    )


class CSV(base_formats.CSV):
    """CSV that Excel opens as UTF-8 (a BOM first) and that reads what Excel writes."""

    def create_dataset(self, in_stream: bytes | str, **kwargs: object) -> tablib.Dataset:
        text = decode(in_stream)
        try:
            dataset = tablib.Dataset().load(text, format="csv")
        except Exception as error:  # tablib's own messages are English and technical
            raise FileUnreadable("这个文件不是能读懂的 CSV 表格。") from error
        if len(dataset) > MAX_ROWS:
            raise too_many_rows(len(dataset))
        return dataset

    def export_data(self, dataset: tablib.Dataset, **kwargs: object) -> str:
        return BOM + super().export_data(dataset, **kwargs)


class XLSX(base_formats.XLSX):
    """The first sheet of an .xlsx file; refused by its size before the rows are read."""

    def create_dataset(self, in_stream: bytes) -> tablib.Dataset:
        import openpyxl

        try:
            book = openpyxl.load_workbook(BytesIO(in_stream), read_only=True, data_only=True)
        except Exception as error:
            raise FileUnreadable("这个文件不是能读懂的 Excel 工作簿（.xlsx）。") from error
        sheet = book.active
        if sheet.max_row and sheet.max_row - 1 > MAX_ROWS:
            raise too_many_rows(sheet.max_row - 1)
        rows = sheet.iter_rows(values_only=True)
        dataset = tablib.Dataset()
        try:
            dataset.headers = [("" if v is None else v) for v in next(rows)]
        except StopIteration:
            return dataset
        for values in rows:
            if len(dataset) >= MAX_ROWS:
                raise too_many_rows(len(dataset) + 1)
            if any(v not in (None, "") for v in values):
                width = len(dataset.headers)
                dataset.append((list(values) + [None] * width)[:width])
        return dataset


class ExpiringUploads(BaseStorage):
    """Uploads kept between the preview and "确认导入", as bytes in their own folder;
    every new upload first deletes those older than ``UPLOAD_TTL_SECONDS``."""

    def folder(self) -> str:
        path = os.path.join(tempfile.gettempdir(), UPLOAD_DIR)
        os.makedirs(path, mode=0o700, exist_ok=True)
        return path

    def path(self) -> str:
        return os.path.join(self.folder(), os.path.basename(self.name or ""))

    def save(self, data: bytes | str) -> None:
        self.sweep()
        self.name = uuid.uuid4().hex
        raw = data.encode() if isinstance(data, str) else data
        with open(self.path(), "wb") as file:
            file.write(raw)

    def read(self) -> bytes:
        try:
            with open(self.path(), "rb") as file:
                return file.read()
        except FileNotFoundError as error:
            raise FileUnreadable("上传的文件已过期或已经导入过；请重新上传并预览。") from error

    def remove(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.remove(self.path())

    def sweep(self, now: float | None = None) -> None:
        cutoff = (now or time.time()) - UPLOAD_TTL_SECONDS
        with os.scandir(self.folder()) as entries:
            for entry in entries:
                with contextlib.suppress(FileNotFoundError):
                    if entry.is_file() and entry.stat().st_mtime < cutoff:
                        os.remove(entry.path)
