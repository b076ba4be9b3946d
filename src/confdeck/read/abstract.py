"""Talk abstracts: licence boilerplate off, sentences, and the two or three that say most."""
from __future__ import annotations

import re
from collections import Counter

from confdeck.read.words import content_words, words

# Listing sites end an abstract with `--- This work is licensed under …`; other `---` parts
# (prerequisites, outlines) belong to the abstract.
_PART_BREAK = re.compile(r"\s+-{3,}\s+|\s+-{3,}$|^-{3,}\s+")
_LICENCE = re.compile(
    r"\b(licen[cs]ed?\s+under|creative\s*commons|creativecommons\.org|all\s+rights\s+reserved|"
    r"copyright\s+(?:©|\(c\)|\d{4})|©\s*\d{4}|CC[- ]BY(?:[- ](?:NC|SA|ND))*)",
    re.IGNORECASE)

# Words ending with a dot that do not end a sentence.
_ABBREVIATIONS = frozenset("e.g i.e etc vs cf approx dr mr mrs ms prof st no fig jr sr inc ltd al".split())
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[`_*]*[A-Z0-9À-Ý])")
# An inline list written into one line: `… from there: - How can you …`.
_INLINE_ITEM = re.compile(r"(?<=[:.!?])\s+[-*•]\s+(?=\S)")

MAX_BULLET_WORDS = 75  # all key sentences of one talk together

# Phrases with which an abstract says what the talk is about or what you take away.
_CUES = re.compile(
    r"\b(this talk|in this talk|this session|this presentation|i will|i'll|we will|we'll|you will|you'll|"
    r"will (?:show|share|explore|cover|discuss|present|learn|walk|introduce|demonstrate|dive|look)|"
    r"learn|takeaways?|attendees|participants|we discuss|covers?)\b",
    re.IGNORECASE)


def split_licence(text: str) -> tuple[str, str]:
    """(abstract, licence boilerplate) from the text after the talk URL."""
    parts = [part.strip() for part in _PART_BREAK.split(text.strip())]
    licence: list[str] = []
    while parts and _LICENCE.search(parts[-1]):
        licence.insert(0, parts.pop())
    return " --- ".join(part for part in parts if part), " --- ".join(licence)


def abstract_parts(abstract: str) -> list[str]:
    """The `---`-separated parts of an abstract (e.g. the pitch, then the prerequisites)."""
    return [" ".join(part.split()) for part in _PART_BREAK.split(abstract) if part.strip()]


def sentences(text: str) -> list[str]:
    """Split prose into sentences, keeping abbreviations such as `e.g.` inside."""
    found: list[str] = []
    for part in abstract_parts(text):
        for piece in _INLINE_ITEM.split(part):
            start = 0
            for match in _SENTENCE_END.finditer(piece):
                before = piece[start:match.start()].rstrip("\"'”’)]")
                last_word = before.rsplit(None, 1)[-1] if before.split() else ""
                if last_word.rstrip(".").lower() in _ABBREVIATIONS or re.fullmatch(r"[A-Z]\.", last_word):
                    continue
                found.append(piece[start:match.start()].strip())
                start = match.end()
            found.append(piece[start:].strip())
    return [sentence for sentence in found if sentence]


def key_sentences(abstract: str, title: str = "", limit: int = 3) -> list[str]:
    """The sentences that best say what the talk is about, in their original order.

    A sentence scores for words that recur across the abstract and the title
    (what it is about) and for phrases like "in this talk" or "you will learn"
    (what it promises); questions and very short or very long sentences score less.
    """
    candidates = sentences(abstract)
    if len(candidates) <= 2:
        return candidates
    frequency = Counter(content_words(abstract))
    title_words = set(content_words(title))
    wanted = 2 if len(candidates) <= 5 else limit

    def score(index: int, sentence: str) -> float:
        found = content_words(sentence)
        length = len(words(sentence))
        if not found:
            return -10.0
        centrality = sum(frequency[word] - 1 for word in set(found)) / len(set(found))
        value = centrality + 1.5 * len(title_words & set(found)) / max(1, len(title_words)) * 2
        value += 1.5 * len(_CUES.findall(sentence))
        if sentence.rstrip("\"'”’)").endswith("?"):
            value -= 2.5
        elif sentence.endswith(":"):
            value -= 4  # only introduces what follows
        if length < 6:
            value -= 3
        elif length > 40:
            value -= (length - 40) / 5
        if index == 0:
            value += 0.5  # the opening usually sets the scene
        return value

    ranked = sorted(range(len(candidates)), key=lambda i: -score(i, candidates[i]))
    chosen: list[int] = []
    used = 0
    for index in ranked:
        length = len(words(candidates[index]))
        # A slide holds about this much prose; beyond it the talk slide would spill onto a second page.
        if chosen and used + length > MAX_BULLET_WORDS:
            continue
        chosen.append(index)
        used += length
        if len(chosen) == wanted:
            break
    return [candidates[i] for i in sorted(chosen)]
