"""The bilingual PDF certificate: Arabic shaped and right-to-left (fpdf2 + HarfBuzz), English, and a QR code.

The font is Noto Sans Arabic (OFL-1.1, with Latin), bundled in `credentials/fonts/` (provenance and sha256 in
`fonts/SOURCES.json`); nothing is fetched at run time. The QR code points at the public verification page of the
credential's share link, so a printed certificate can be checked with a phone.
"""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path
from typing import Any

import segno
from fpdf import FPDF

from wisam.core.i18n import translated
from wisam.credentials.models import IssuedCredential

FONTS = Path(__file__).with_name("fonts")
REGULAR = FONTS / "NotoSansArabic_400Regular.ttf"
BOLD = FONTS / "NotoSansArabic_700Bold.ttf"
GREEN = (0, 98, 65)
# fontTools' subsetter (used by fpdf2 when embedding the font) reports every glyph at INFO level.
logging.getLogger("fontTools").setLevel(logging.WARNING)


def _pdf() -> FPDF:
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("Noto", "", str(REGULAR))
    pdf.add_font("Noto", "B", str(BOLD))
    pdf.set_text_shaping(use_shaping_engine=True)
    pdf.set_title("Wisam micro-credential")
    pdf.set_creator("Wisam")
    return pdf


def _cell(
    pdf: FPDF,
    text: str,
    *,
    size: int,
    bold: bool = False,
    rtl: bool = False,
    y: float | None = None,
    colour: tuple[int, int, int] = (30, 30, 30),
) -> None:
    pdf.set_font("Noto", "B" if bold else "", size)
    pdf.set_text_color(*colour)
    if y is not None:
        pdf.set_y(y)
    pdf.set_x(20)
    pdf.set_text_shaping(
        use_shaping_engine=True,
        direction="rtl" if rtl else "ltr",
        script="arab" if rtl else "latn",
        language="ar" if rtl else "en",
    )
    pdf.multi_cell(pdf.w - 40, size * 0.55, text, align="C")


def certificate_pdf(credential: IssuedCredential, verify_url: str) -> bytes:
    """The certificate as PDF bytes."""
    document: dict[str, Any] = json.loads(credential.document)
    version = credential.specification_version
    organisation = credential.organisation
    title = version.title or {}
    name = credential.learner_name or {}
    pdf = _pdf()
    pdf.add_page()
    pdf.set_draw_color(*GREEN)
    pdf.set_line_width(1.2)
    pdf.rect(8, 8, pdf.w - 16, pdf.h - 16)
    pdf.set_line_width(0.3)
    pdf.rect(11, 11, pdf.w - 22, pdf.h - 22)
    org_ar, org_en = (organisation.name or {}).get("ar", ""), (organisation.name or {}).get("en", "")
    _cell(pdf, org_ar, size=18, bold=True, rtl=True, y=18, colour=GREEN)
    _cell(pdf, org_en, size=13, colour=GREEN)
    _cell(pdf, "شهادة مصغّرة", size=16, rtl=True, y=pdf.get_y() + 4)
    _cell(pdf, "Micro-credential", size=12)
    _cell(pdf, "تشهد المؤسسة بأن", size=12, rtl=True, y=pdf.get_y() + 3)
    if name.get("ar"):
        _cell(pdf, name["ar"], size=22, bold=True, rtl=True)
    if name.get("en"):
        _cell(pdf, name["en"], size=16, bold=True)
    _cell(pdf, "أتمّ/أتمّت بنجاح متطلبات الشهادة المصغّرة", size=12, rtl=True, y=pdf.get_y() + 2)
    if title.get("ar"):
        _cell(pdf, title["ar"], size=18, bold=True, rtl=True, colour=GREEN)
    if title.get("en"):
        _cell(pdf, title["en"], size=14, bold=True, colour=GREEN)
    facts_ar, facts_en = [], []
    if version.ects is not None:
        facts_ar.append(f"{version.ects.normalize():f} ساعة أوروبية (ECTS)")
        facts_en.append(f"{version.ects.normalize():f} ECTS")
    if version.notional_hours:
        facts_ar.append(f"{version.notional_hours} ساعة تعلّم")
        facts_en.append(f"{version.notional_hours} hours of learning")
    if version.eqf_level:
        facts_ar.append(f"المستوى {version.eqf_level} في الإطار الأوروبي")
        facts_en.append(f"EQF level {version.eqf_level}")
    if credential.grade:
        facts_ar.append(f"التقدير: {credential.grade}")
        facts_en.append(f"Grade: {credential.grade}")
    issued = credential.issued_at.date().isoformat()
    facts_ar.append(f"تاريخ الإصدار: {issued}")
    facts_en.append(f"Issued on {issued}")
    _cell(pdf, " · ".join(facts_ar), size=11, rtl=True, y=pdf.get_y() + 3)
    _cell(pdf, " · ".join(facts_en), size=10)
    qr = segno.make(verify_url, error="m")
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=6, border=1)
    buffer.seek(0)
    size = 34
    pdf.image(buffer, x=pdf.w - 20 - size, y=pdf.h - 20 - size, w=size, h=size)
    pdf.set_font("Noto", "", 8)
    pdf.set_text_color(80, 80, 80)
    pdf.set_text_shaping(use_shaping_engine=True, direction="ltr")
    pdf.set_xy(20, pdf.h - 34)
    pdf.multi_cell(
        pdf.w - 80,
        4,
        f"Verify / تحقّق: {verify_url}\nID: {document.get('id', '')}\n"
        f"Issuer DID: {(document.get('issuer') or {}).get('id', '')}",
        align="L",
    )
    pdf.set_title(translated(title) or "Micro-credential")
    return bytes(pdf.output())
