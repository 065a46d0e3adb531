"""Real files of every supported format, written by the tests themselves."""

from __future__ import annotations

import email.message
import json
import mailbox
from pathlib import Path

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def write_pdf(path: Path, pages: list[str], title: str | None = None) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    if FONT.exists():
        pdf.add_font("dejavu", fname=str(FONT))
        pdf.set_font("dejavu", size=11)
    else:  # pragma: no cover - font present on the project machines
        pdf.set_font("helvetica", size=11)
    if title:
        pdf.set_title(title)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    pdf.output(str(path))
    return path


def write_scan(path: Path, pages: list[str]) -> Path:
    """A scan of ``pages`` rendered at 300 dpi, saved in the format of ``path``'s extension:
    PNG or JPEG (first page), TIFF (every page), PDF (image-only pages, no text layer)."""
    from eval.scans import render_page

    images = [render_page(text) for text in pages]
    fmt = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".tif": "TIFF", ".tiff": "TIFF"}
    if path.suffix == ".pdf":
        images[0].save(path, "PDF", resolution=300, save_all=True, append_images=images[1:])
    elif fmt[path.suffix] == "TIFF":
        images[0].save(
            path,
            "TIFF",
            dpi=(300, 300),
            compression="tiff_deflate",
            save_all=True,
            append_images=images[1:],
        )
    else:
        images[0].save(path, fmt[path.suffix], dpi=(300, 300), quality=90)
    return path


def write_mixed_pdf(path: Path, text_page: str, scanned_page: str) -> Path:
    """A PDF whose first page has a text layer and whose second is a scanned image."""
    from eval.scans import render_page
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("dejavu", fname=str(FONT))
    pdf.set_font("dejavu", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, text_page)
    pdf.add_page()
    pdf.image(render_page(scanned_page), x=0, y=10, w=210)
    pdf.output(str(path))
    return path


def write_docx(path: Path, title: str, paragraphs: list[str], subject: str | None = None) -> Path:
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    for para in paragraphs:
        document.add_paragraph(para)
    if subject:
        document.core_properties.subject = subject
    document.save(str(path))
    return path


def _message(
    subject: str,
    body: str,
    sender: str = "cne.delmas@albatre.test",
    date: str = "Mon, 16 Mar 2026 08:15:00 +0000",
) -> email.message.EmailMessage:
    msg = email.message.EmailMessage()
    msg["From"] = sender
    msg["To"] = "j2@albatre.test"
    msg["Subject"] = subject
    msg["Date"] = date
    msg["Message-ID"] = f"<{abs(hash(subject))}@albatre.test>"
    msg.set_content(body)
    return msg


def write_eml(path: Path, subject: str, body: str) -> Path:
    path.write_bytes(bytes(_message(subject, body)))
    return path


def write_mbox(path: Path, messages: list[tuple[str, str]]) -> Path:
    box = mailbox.mbox(str(path), create=True)
    try:
        for subject, body in messages:
            box.add(_message(subject, body))
        box.flush()
    finally:
        box.close()
    return path


def write_jsonl(path: Path, records: list[object]) -> Path:
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8"
    )
    return path


def write_html(path: Path, title: str, body: str) -> Path:
    path.write_text(
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><article>{body}</article></body></html>",
        encoding="utf-8",
    )
    return path


PARAGRAPH_FR = (
    "Le 14 mars 2026, une colonne de douze véhicules blindés a été observée près du pont "
    "de Sarvik, sur la rive est de la Virna. Le colonel Arkadi Volnec commanderait la 14e "
    "brigade mécanisée. Position relevée : 49.8123, 66.4521."
)
PARAGRAPH_EN = (
    "On March 15, 2026 a convoy of armoured vehicles crossed the Kelmar railway bridge "
    "near the border. General Teodor Kassar of the Tessar Liberation Front was seen in "
    "Marevo the day before."
)


def write_gguf(
    path: Path,
    template: str = "{% for m in messages %}{{ m.content }}{% endfor %}",
    tensors: int = 1,
) -> Path:
    import gguf
    import numpy as np

    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_chat_template(template)
    writer.add_array("tokenizer.ggml.tokens", ["<s>", "</s>", "bonjour", "monde"])
    for i in range(tensors):
        writer.add_tensor(f"w{i}", np.arange(16, dtype=np.float32).reshape(4, 4))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def write_safetensors(path: Path) -> Path:
    import numpy as np
    from safetensors.numpy import save_file

    save_file({"weight": np.ones((3, 3), dtype=np.float32)}, str(path))
    return path
