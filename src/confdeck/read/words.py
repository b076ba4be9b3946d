"""Words for picking titles and key sentences: tokens and an English stop-word list."""
from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?", re.UNICODE)

# Function words, fillers of spoken English and caption noise: they say nothing
# about what a passage is about, so they never make a title or a key sentence.
STOP_WORDS = frozenset("""
a about above across after again against ago all almost along already also although always am among an
and another any anybody anyone anything anyway anyways are aren't around as at away back be became because
become been before being below between beyond both but by can can't cannot could couldn't did didn't do does
doesn't doing don't done down during each either else enough etc even ever every everybody everyone
everything few for from further get gets getting give given go goes going gone got gotta had hadn't has hasn't
have haven't having he he'd he'll he's her here here's hers herself him himself his how however i i'd i'll
i'm i've if in inside instead into is isn't it it's its itself just kind kinda know known last later least
less let let's like likely little lot lots made make makes making many may maybe me might mine more most
mostly much must my myself near need needs never new next no nobody none nor not nothing now of off often oh
ok okay on once one ones only onto or other others otherwise our ours ourselves out over own part per perhaps
please put quite rather really right said same say says see seen she she'd she'll she's should shouldn't
since so some somebody someone something sometimes somewhat soon still such sure take taken than thank
thanks that that's the their theirs them themselves then there there's these they they'd they'll they're
they've thing things think this those though through thus till to together too took toward towards two
under until up upon us use used uses using very via want wanted wants was wasn't way ways we we'd we'll we're
we've well went were weren't what what's whatever when where where's whether which while who who's whom
whose why will with within without won't would wouldn't yeah yes yet you you'd you'll you're you've your
yours yourself yourselves uh um uhm hmm mm er ah actually basically gonna wanna literally pretty stuff
year years time times today day days talk talks
""".split())


def words(text: str) -> list[str]:
    """The words of a text, lower-cased, apostrophes kept (`we're`, `don't`)."""
    return [match.group().lower().replace("’", "'") for match in _WORD.finditer(text)]


def is_content_word(word: str) -> bool:
    return len(word) > 2 and word not in STOP_WORDS


def content_words(text: str) -> list[str]:
    return [word for word in words(text) if is_content_word(word)]
