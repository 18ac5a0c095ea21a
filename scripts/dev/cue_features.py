"""Features of a request for the learned cue layer (issue 27), the same as `CueFeatures` in Swift.

Words as `RequestText` splits them (lowercased runs of letters and digits; "." "," "/" between digits
stay in the word; "%" a word of its own; a sentence ends at . ! ? ;), each reduced to its
`WordForm` stem. Features, all binary:
  w:<stem>             a word (a word with a digit 0-9 is <num>; a few function words are left out)
  b:<stem> <stem>      two words in a row in one sentence
  c:<group>            a word or phrase of a `ConceptLexicon` group (single words and plain phrases)
  p:<group>+<group>    two groups in one sentence (in name order)
A word within four words after a negation ("no", "not", "never", "without", "don't" ...) in its
sentence is negated: its features get a "~" prefix ("~w:privacy"), and it forms no pairs.
"""

import re

STOP = {"a", "an", "the", "and", "to", "of", "we", "our", "is", "are", "be", "it", "this", "that", "i", "you"}
NEGATIONS = {"no", "not", "never", "without", "none", "neither", "nor", "nothing", "t"}
SCOPE = 4


def words_and_sentences(text):
    chars = text.lower()
    words, sentences, current, sentence = [], [], "", 0
    for i, ch in enumerate(chars):
        nxt = chars[i + 1] if i + 1 < len(chars) else ""
        if ch.isalnum():
            current += ch
        elif ch in ".,/" and current[-1:].isdigit() and nxt.isdigit():
            current += ch
        elif ch == "%":
            if current:
                words.append(current)
                sentences.append(sentence)
            words.append("%")
            sentences.append(sentence)
            current = ""
        else:
            if current:
                words.append(current)
                sentences.append(sentence)
                current = ""
            if ch in ".!?;":
                sentence += 1
    if current:
        words.append(current)
        sentences.append(sentence)
    return words, sentences


def stem(word):
    """`WordForm.split(word).stem`."""
    return split(word)[0]


def token(word):
    return "<num>" if any("0" <= ch <= "9" for ch in word) else stem(word)


def fits(word, cue, prefix):
    """`RequestText.fits`: a cue word against a request word."""
    if prefix:
        return word.startswith(cue)
    if word == cue:
        return True
    if not word or not cue or word[0] != cue[0]:
        return False
    w, c = split(word), split(cue)
    return w[0] == c[0] and (c[1] == "" or c[1] == w[1])


def split(word):
    """`WordForm.split`: the stem and the ending removed."""
    if len(word) <= 4 or not word.isalpha():
        return word, ""
    w, ending = word, ""
    if w.endswith("ies"):
        w, ending = w[:-3] + "y", "s"
    elif w.endswith("ing") and len(w) > 6:
        w, ending = w[:-3], "ing"
    elif w.endswith("ed") and len(w) > 5:
        w, ending = w[:-2], "ed"
    elif w.endswith("es") and any(w[:-2].endswith(s) for s in ("ss", "sh", "ch", "x")):
        w, ending = w[:-2], "s"
    elif w.endswith("s") and not w.endswith("ss") and not w.endswith("us") and not w.endswith("is"):
        w, ending = w[:-1], "s"
    if len(w) > 3 and w[-2] == w[-1] and w[-1] not in "aeiou":
        w = w[:-1]
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    return w, ending


def read_lexicon(paths):
    """The `ConceptLexicon` groups: name -> patterns without gaps, each a list of (word, prefix)."""
    source = "".join(open(path).read() for path in paths)
    groups = {}
    for name, body in re.findall(r"static let (\w+) = \[(.*?)\]", source, re.S):
        patterns = []
        for pattern in re.findall(r'"([^"]*)"', body):
            parts = pattern.split(" ")
            if "~" in parts or "~~" in parts:
                continue
            patterns.append([(p[:-1], True) if p.endswith("*") else (p, False) for p in parts])
        groups[name] = patterns
    return groups


def match_end(words, start, limit, parts):
    """Where `parts` (consecutive cue words) matching from `start` end, or None (the hyphen rule too)."""
    i = start
    for cue, prefix in parts:
        if i >= limit:
            return None
        if fits(words[i], cue, prefix):
            i += 1
        elif i + 1 < limit and fits(words[i] + words[i + 1], cue, prefix):
            i += 2
        else:
            return None
    return i


def negated_positions(words, sentences):
    negated = set()
    for i, w in enumerate(words):
        if w in NEGATIONS:
            for j in range(i + 1, min(len(words), i + 1 + SCOPE)):
                if sentences[j] != sentences[i] or words[j] == "but":
                    break
                negated.add(j)
    return negated


def features(text, lexicon):
    words, sentences = words_and_sentences(text)
    negated = negated_positions(words, sentences)
    tokens = [token(w) for w in words]
    out = set()
    for i, t in enumerate(tokens):
        mark = "~" if i in negated else ""
        if t not in STOP:
            out.add(mark + "w:" + t)
        if i + 1 < len(tokens) and sentences[i + 1] == sentences[i]:
            if not (t in STOP and tokens[i + 1] in STOP):
                out.add(mark + "b:" + t + " " + tokens[i + 1])
    groups_by_sentence = {}
    for name in sorted(lexicon):
        for parts in lexicon[name]:
            for start in range(len(words)):
                limit = len(words)
                while limit > start + 1 and sentences[limit - 1] != sentences[start]:
                    limit -= 1
                end = match_end(words, start, limit, parts)
                if end is None:
                    continue
                if start in negated:
                    out.add("~c:" + name)
                else:
                    out.add("c:" + name)
                    groups_by_sentence.setdefault(sentences[start], set()).add(name)
    for names in groups_by_sentence.values():
        ordered = sorted(names)
        for a in range(len(ordered)):
            for b in range(a + 1, len(ordered)):
                out.add("p:" + ordered[a] + "+" + ordered[b])
    return sorted(out)
