"""Which folded words are whole Vietnamese syllables that no other syllable begins with.

A query's last word is matched as a prefix while it is typed (docs/search.md#the-normalizer),
but once it is such a syllable ("huong", "phuc", "nghia") typing on cannot make it another
Vietnamese word, and matching it as typed costs the engines a fraction of a prefix: every
word beginning so is merged otherwise.

The syllables are every onset before every rhyme, a superset of the language's: a word this
module takes for a prefix of another ("xa", before "xanh") stays a prefix, so a rhyme too
many only keeps a prefix that need not be, and a rhyme missing could cut one that is needed.
"""

import bisect

from common.text import fold

_ONSETS = (
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
    "nh", "p", "ph", "q", "r", "s", "t", "th", "tr", "v", "x",
)  # fmt: skip

# As written, diacritics and all, the medial o or u included; folded below.
_WRITTEN_RHYMES = """
    a ac ach ai am an ang anh ao ap at au ay
    ăc ăm ăn ăng ăp ăt âc âm ân âng âp ât âu ây
    e ec em en eng eo ep et ê êch êm ên ênh êp êt êu
    i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
    o oc oi om on ong op ot ooc oong
    oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt
    oe oen oeo oet
    ô ôc ôi ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt
    u ua uc ui um un ung up ut uân uâng uât uây uê uêch uênh uêt uơ
    uôc uôi uôm uôn uông uôp uôt
    uy uya uych uyên uyêt uynh uyp uyt uyu
    ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu
    y yêm yên yêng yêt yêu
"""
_RHYMES = _WRITTEN_RHYMES.split()

_SYLLABLES = sorted({fold(onset + rhyme) for onset in _ONSETS for rhyme in _RHYMES})


def is_complete(word: str) -> bool:
    """Whether the folded `word` is a syllable that no other syllable begins with."""
    at = bisect.bisect_left(_SYLLABLES, word)
    if at == len(_SYLLABLES) or _SYLLABLES[at] != word:
        return False
    # Sorted, the syllables beginning with `word` come right after it.
    return at + 1 == len(_SYLLABLES) or not _SYLLABLES[at + 1].startswith(word)
