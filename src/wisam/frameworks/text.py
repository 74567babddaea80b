"""Arabic-aware text normalisation for search: one spelling for the many ways the same word is typed."""

from __future__ import annotations

import re
import unicodedata

# Harakat (fathatan … sukun), maddah/hamza marks above and below, superscript alef, Quranic annotation signs.
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]")
_TATWEEL = "\u0640"
# Hamza and madda on alef, wasla → bare alef; the carriers of hamza are typed interchangeably too.
_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ٲ": "ا",
        "ٳ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ؤ": "و",
        "ئ": "ي",
        "ی": "ي",  # Persian yeh, common on keyboards set to Persian
        "ک": "ك",  # Persian kaf
    }
)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def normalise_arabic(text: str) -> str:
    """Strip diacritics and tatweel and unify letter variants (أ إ آ → ا, ة → ه, ى → ي, ؤ → و, ئ → ي).

    Only Arabic script is touched; Latin text passes through unchanged (case included).
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = _DIACRITICS.sub("", text).replace(_TATWEEL, "")
    return text.translate(_LETTERS)


def search_key(text: str) -> str:
    """The form both the index and the query are reduced to: Arabic normalised, case-folded, digits in ASCII,
    punctuation turned into single spaces. `search_key("الإدارةُ  المالية!") == "الاداره الماليه"`.
    """
    text = normalise_arabic(text or "").translate(_DIGITS).casefold()
    return " ".join(_NON_WORD.sub(" ", text).replace("_", " ").split())
