"""Greetings and sign-offs: words that frame a message but say nothing about the errand.

Masked rather than cut, so offsets still point into the original text, and so
"Hej alla" never means every child nor "Mvh Peter" a child called Peter.
"""

from __future__ import annotations

from bot.nlu.lexer import SYMBOL, WORD, Token

_GREETINGS = frozenset(
    {
        "hej",
        "hejsan",
        "hejhej",
        "heja",
        "hallå",
        "hallåj",
        "tjena",
        "tja",
        "tjenare",
        "tjabba",
        "godmorgon",
        "goddag",
        "morsning",
        "hi",
        "hello",
        "hey",
        "hiya",
        "dear",
    }
)
_TWO_WORD_GREETINGS = frozenset(
    {("god", "morgon"), ("god", "kväll"), ("god", "dag"), ("good", "morning"), ("good", "evening")}
)
_GREETING_OBJECTS = frozenset(
    {
        "alla",
        "allihop",
        "fröken",
        "frökna",
        "personal",
        "personalen",
        "ni",
        "er",
        "där",
        "igen",
        "boten",
        "bot",
        "hubbot",
        "all",
        "there",
        "again",
        "everyone",
        "teacher",
    }
)
_SIGN_OFFS = frozenset(
    {
        "mvh",
        "vh",
        "hälsningar",
        "hälsning",
        "hälsn",
        "kram",
        "kramar",
        "regards",
        "cheers",
        "br",
        "thanks",
        "thank",
        "tack",
        "tusen",
        "ha",
        "vänliga",
        "vänlig",
        "best",
        "kind",
        "sincerely",
        "/",
        "//",
    }
)
_SIGN_OFF_STARTS = frozenset(
    {"mvh", "vh", "hälsningar", "hälsning", "hälsn", "kram", "kramar", "regards", "cheers", "br"}
)
_SIGN_OFF_PAIRS = frozenset(
    {("vänliga", "hälsningar"), ("vänlig", "hälsning"), ("best", "regards"), ("kind", "regards")}
)
_PAIR_FIRSTS = frozenset(first for first, _ in _SIGN_OFF_PAIRS)
_SIGN_OFF_TRIGGERS = frozenset(
    {"/", "vänliga", "vänlig", "best", "kind", "tack", "thanks", "thank"} | _SIGN_OFF_STARTS
)
_THANKS_TAIL = frozenset(
    {"tack", "tusen", "thanks", "thank", "you", "så", "mycket", "på", "förhand", "!", ".", ","}
)


def mask_framing(toks: list[Token]) -> list[bool]:
    """True for each token that only greets, thanks or signs off."""
    n = len(toks)
    masked = [False] * n
    if not n:
        return masked
    # Leading greeting: "Hej!", "Hejsan fröken,", "God morgon!"
    k = 0
    while k < n and toks[k].kind == SYMBOL:
        k += 1
    for _ in range(2):
        if k >= n:
            break
        word = toks[k].norm
        if word in _GREETINGS:
            masked[k] = True
            k += 1
        elif k + 1 < n and (word, toks[k + 1].norm) in _TWO_WORD_GREETINGS:
            masked[k] = masked[k + 1] = True
            k += 2
        else:
            break
        if k < n and toks[k].norm in _GREETING_OBJECTS:
            masked[k] = True
            k += 1
        while k < n and toks[k].kind == SYMBOL and toks[k].norm in ("!", ",", ".", "\n", ":"):
            k += 1
    # Trailing sign-off: "/Anna", "Mvh Peter", "Vänliga hälsningar, Lisa", "tack!"
    last_word = n - 1
    while last_word >= 0 and toks[last_word].kind == SYMBOL and toks[last_word].norm != "/":
        last_word -= 1
    if last_word < 0:
        return masked
    start = max(0, last_word - 5)
    triggers = _SIGN_OFF_TRIGGERS
    for k in range(start, last_word + 1):
        if toks[k].norm in triggers:
            start = k
            break
    else:
        return masked
    # words after token k, up to the last word: counted down as k moves on
    after = 0
    for t in toks[start + 1 : last_word + 1]:
        if t.kind is WORD:
            after += 1
    for k in range(start, last_word + 1):
        tok = toks[k]
        word = tok.norm
        if k > start and tok.kind is WORD:
            after -= 1
        if (
            word == "/"
            and (tok.gap or k == 0 or toks[k - 1].kind == SYMBOL)
            and 0 < after <= 3
            and all(
                t.kind == WORD or t.norm in ("/", "-", ".") for t in toks[k + 1 : last_word + 1]
            )
        ):
            for j in range(k, n):
                masked[j] = True
            break
        if (
            word in _SIGN_OFF_STARTS
            or (word in _PAIR_FIRSTS and k + 1 < n and (word, toks[k + 1].norm) in _SIGN_OFF_PAIRS)
        ) and after <= 3:
            for j in range(k, n):
                masked[j] = True
            break
    # Thanks at the very end: "sammanfattning tack", "tack på förhand!"
    k = last_word
    while k >= 0 and not masked[k] and toks[k].norm in _THANKS_TAIL:
        k -= 1
    if k < last_word:
        tail = [t.norm for t in toks[k + 1 : last_word + 1]]
        if "tack" in tail or "thanks" in tail or "thank" in tail:
            for j in range(k + 1, n):
                masked[j] = True
    return masked
