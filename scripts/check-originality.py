#!/usr/bin/env python3
"""Lists lines in data/ and docs/ that share runs of eight or more words with the seed documents.

The knowledge base must use the seeds' facts in its own words; run this after adding content:
    python scripts/check-originality.py [path-to-seeds]
"""
import glob, re, yaml, difflib, sys
SEEDS = sys.argv[1] if len(sys.argv) > 1 else "../shared/seeds"
seeds = " ".join(open(f).read() for f in glob.glob(f"{SEEDS}/*.txt"))
norm = lambda s: re.sub(r"\s+", " ", s.lower())
S = norm(seeds)
def ngrams(text, n=8):
    w = re.findall(r"\w+", text.lower())
    return {" ".join(w[i:i+n]) for i in range(len(w)-n+1)}
seedgrams = ngrams(seeds)
hits = []
for f in sorted(glob.glob("data/**/*.yaml", recursive=True)) + sorted(glob.glob("docs/**/*.md", recursive=True)):
    text = open(f).read()
    for line in text.splitlines():
        g = ngrams(line)
        common = g & seedgrams
        if common:
            hits.append((f, len(common), line.strip()[:150]))
print(len(hits), "lines share 8-word runs with the seeds")
for h in hits: print(h)
