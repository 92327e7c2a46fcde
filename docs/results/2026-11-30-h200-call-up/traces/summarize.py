#!/usr/bin/env python3
# Per-frame breakdown of the cpu mode's "cpu cull + record" span in a Tessera trace (the last 60 frames):
# the assembly wait, the chunks, the end of the secondaries; per-thread start and end skew. Usage: summarize.py t.json
import json,collections,statistics as st,sys
d=json.load(open(sys.argv[1]))
ev=d['traceEvents'] if isinstance(d,dict) else d
X=[e for e in ev if e.get('ph')=='X']
main_tid=[e for e in X if e['name']=='record'][0]['tid']
recs=[e for e in X if e['name']=='cpu cull + record' and e['tid']==main_tid and 'items' not in e.get('args',{})]
asm=[e for e in X if e['name']=='assemble workers']
ends=[e for e in X if e['name']=='end secondaries']
chunks=[e for e in X if e['name']=='cpu cull + record' and 'items' in e.get('args',{})]
rows=[]
for r in recs[-60:]:
    t0=r['ts']; t1=t0+r['dur']
    a=[e for e in asm if t0<=e['ts']<=t1][0]
    en=[e for e in ends if t0<=e['ts']<=t1]
    cs=[c for c in chunks if t0<=c['ts']<=t1]
    first=min(c['ts'] for c in cs); last=max(c['ts']+c['dur'] for c in cs)
    bytid=collections.defaultdict(list)
    for c in cs: bytid[c['tid']].append(c)
    starts=sorted(min(c['ts'] for c in v)-first for v in bytid.values())
    endt=sorted(max(c['ts']+c['dur'] for c in v)-first for v in bytid.values())
    busy=[sum(c['dur'] for c in v) for v in bytid.values()]
    rows.append((r['dur'], a['dur'], first-(a['ts']+a['dur']), last-first, t1-last, en[0]['dur'] if en else -1, len(bytid), starts[-1], endt[0], max(busy), st.mean(busy), len(cs)))
for i,name in enumerate(['outer','assemble','asm->first chunk','first->last chunk','last chunk->end','end secondaries','threads','latest thread start','first thread end','max busy','mean busy','chunks']):
    v=[r[i] for r in rows]; print(f"{name:22} median {st.median(v):8.1f} us  min {min(v):8.1f} max {max(v):8.1f}")
