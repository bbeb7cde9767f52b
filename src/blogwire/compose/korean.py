"""Small Korean writing helpers for the connective phrasing blogwire adds."""

from __future__ import annotations

_HANGUL_START, _HANGUL_END = 0xAC00, 0xD7A3
# Latin letters and digits as Koreans read them aloud: does the name end in a consonant?
_FINAL_CONSONANT_LATIN = set("lmnbLMNB")
_FINAL_CONSONANT_DIGITS = set("0136789")


def has_final_consonant(word: str) -> bool:
    """True when the last syllable has a 받침 (so 은/이/을/과 follow, not 는/가/를/와)."""
    for ch in reversed(word.strip()):
        code = ord(ch)
        if _HANGUL_START <= code <= _HANGUL_END:
            return (code - _HANGUL_START) % 28 != 0
        if ch.isdigit():
            return ch in _FINAL_CONSONANT_DIGITS
        if ch.isalpha():
            return ch in _FINAL_CONSONANT_LATIN
    return False


def with_particle(word: str, after_consonant: str, after_vowel: str) -> str:
    """Attach the right form of a particle: with_particle('동맹', '과', '와') -> '동맹과'."""
    if after_consonant == "으로" and word and _ends_in_rieul(word):
        return word + "로"
    return word + (after_consonant if has_final_consonant(word) else after_vowel)


def _ends_in_rieul(word: str) -> bool:
    code = ord(word[-1])
    return _HANGUL_START <= code <= _HANGUL_END and (code - _HANGUL_START) % 28 == 8
