import json, random, glob, pathlib
used=set()
for f in glob.glob('/work/shared/gold/*.jsonl')+[f for f in glob.glob('tests/summarizer/data/**/*.jsonl',recursive=True)+glob.glob('/work/w-*/tests/summarizer/data/**/*.jsonl',recursive=True) if 'holdout2' not in f]:
    for l in open(f):
        l=l.strip()
        if l: used.add(json.loads(l)['file'])
for f in glob.glob('/work/w-*/tests/summarizer/data/holdout*/chosen.txt')+['tests/summarizer/data/holdout/chosen.txt']:
    for l in open(f):
        if l.strip() and not l.startswith("{"): used.add(l.split()[-1])
C=pathlib.Path('/work/shared/corpus')
posts=sorted(str(p.relative_to(C)) for p in (C/'posts').rglob('*') if p.is_file())
longs=sorted(str(p.relative_to(C)) for p in (C/'long').rglob('*') if p.is_file())
fp=[p for p in posts if p not in used]; fl=[p for p in longs if p not in used]
print(len(fp),len(fl))
r=random.Random(20261204)
a=r.sample(fp,min(10,len(fp))); b=r.sample(fl,40-len(a))
for x in a+b: print(x)
