"""Chinese word segmentation for knowledge search and suggestions (jieba), as disclosure/wordseg.py
does (the middle apps do not import each other); shared by services and selectors."""

from __future__ import annotations

import logging
import re

_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


def segment(text: str) -> list[str]:
    import jieba  # imported lazily: loading the dictionary takes a second

    jieba.setLogLevel(logging.WARNING)
    words = []
    for token in jieba.cut_for_search(text or ""):
        token = _PUNCT.sub("", token).lower()
        if token:
            words.append(token)
    return words


def query_terms(q: str, limit: int = 8) -> list[str]:
    """The words a query asks for (its own words, not their sub-parts: AND search)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    terms: list[str] = []
    for token in jieba.cut(q or ""):
        token = _PUNCT.sub("", token).lower()
        if token and token not in terms:
            terms.append(token)
    return terms[:limit]


def keywords(text: str, limit: int = 8) -> list[str]:
    """The text's key words (jieba TF-IDF), for suggesting knowledge entries from a case."""
    import jieba.analyse

    words = []
    for word in jieba.analyse.extract_tags(text or "", topK=limit * 2):
        word = _PUNCT.sub("", word).lower()
        if len(word) >= 2 and not word.isdigit() and word not in words:
            words.append(word)
    return words[:limit]
