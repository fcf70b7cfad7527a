"""Replay: the parser with annotations/arc_eager.py's NumPy moves against spaCy's compiled ones (not kept; see docs/performance.md)."""
import sys, time
from pathlib import Path
sys.path.insert(0, "/work/wt-parse-arc/bench")
import numpy
from stage_cpu import _paragraph_texts, _analysis
from bilat.annotations import transitions, arc_eager
from bilat.annotations.nlp import PIPE_BATCH, load_nlp
from spacy.util import minibatch

nlp = load_nlp()
n = int(sys.argv[2]) if len(sys.argv) > 2 else 4000
texts = _paragraph_texts(Path(sys.argv[1]))[:n]
def prepared():
    docs = [nlp.make_doc(t) for t in texts]
    for name in ("tok2vec", "tagger"):
        docs = list(nlp.get_pipe(name).pipe(docs, batch_size=PIPE_BATCH))
    return docs
parser = nlp.get_pipe("parser")
moves = arc_eager.moves_of(parser)
T = {"np_decode": 0.0, "fallbacks": 0}
def annotate_np(component, docs, blis=False):
    component._ensure_labels_are_added(docs)
    if not arc_eager.usable(docs):
        raise SystemExit("not usable")
    scores = transitions._StepScores(component.model, docs, blis)
    t = time.process_time()
    ok = arc_eager.decode(moves, docs, scores)
    T["np_decode"] += time.process_time() - t
    if not ok:
        T["fallbacks"] += 1
        component.set_annotations(docs, transitions.predict(component, docs, blis=blis))
        return
    for doc in docs:
        for hook in component.postprocesses:
            hook(doc)
orig = transitions.annotate
res = {}
for rnd in range(2):
    for way in (("old", "new") if rnd == 0 else ("new", "old")):
        docs = prepared()
        transitions.annotate = orig if way == "old" else annotate_np
        t = time.process_time()
        docs = list(transitions.pipe(parser, docs, PIPE_BATCH))
        print(rnd, way, "parser cpu", round(time.process_time() - t, 3), T)
        res[way] = [_analysis(d)[:3] for d in docs]
print("identical", sum(a == b for a, b in zip(res["old"], res["new"])), "of", len(res["old"]))
bad = [i for i, (a, b) in enumerate(zip(res["old"], res["new"])) if a != b][:5]
print("first differing", bad)
