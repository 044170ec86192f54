#!/usr/bin/python3
"""Rank a test collection with Xapian BM25 and print the run as JSON.

Input (argv[1]): a JSON file {"documents": [{"id", "title", "text"}], "queries": [{"id", "text"}]},
for example a collection read by @mcdewey/core's eval readers and dumped with JSON.stringify.
Output (stdout): {"<query id>": ["<doc id>", ... up to --depth]}, best first.
Timing (stderr): mean / p95 query latency in ms, warm, in-process.

Setup: Xapian BM25 (k1 = 1.0, b = 0.5 by default, which are also Xapian's own defaults), the
English Snowball stemmer (xapian.Stem('english')) with STEM_SOME, optional stop words
(--stopwords), an in-memory database. Queries (--query-mode):
  terms   (default) a bag of words: the query is tokenised and stemmed exactly like a document
          (TermGenerator), stop words dropped, and the distinct terms OR-ed with their counts as
          query frequency (BM25 k3 = 1 saturates repeats). No phrase, boolean or +/- syntax.
          This is how shared/bench/PEERS.md's Xapian rows come out.
  parser  Xapian's QueryParser with default flags (phrases for hyphenated words, AND/OR/NOT,
          +/-), OR as default operator; capitalised words are not stemmed, repeats add up.

Reproducing PEERS.md: Cranfield's .W already repeats the title, so the reader's .T + .W text
holds it twice; PEERS's Cranfield rows come out with --title-once (the title indexed once).

Needs Debian's python3-xapian (apt-get install python3-xapian); run it with /usr/bin/python3,
since a pyenv or venv python does not see Debian's dist-packages.
"""

import argparse
import json
import sys
import time

try:
    import xapian
except ImportError:  # pragma: no cover - depends on the machine
    sys.exit(
        "run_xapian.py: the xapian module is missing. Install Debian's python3-xapian "
        "(apt-get install python3-xapian) and run this script with /usr/bin/python3."
    )

# A standard English stop list (articles, pronouns, auxiliaries, prepositions, conjunctions and a
# few frequent adverbs), lower case. Only used with --stopwords.
STOP_WORDS = """
a about above after again against all am an and any are as at
be because been before being below between both but by
can could did do does doing down during each few for from further
had has have having he her here hers herself him himself his how
i if in into is it its itself just me more most my myself
no nor not now of off on once only or other our ours ourselves out over own
same she should so some such than that the their theirs them themselves then there these they
this those through to too under until up very was we were what when where which while who whom
why will with would you your yours yourself yourselves
""".split()


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("collection", help="JSON file with documents and queries")
    parser.add_argument("--stopwords", action="store_true", help="drop %d English stop words" % len(STOP_WORDS))
    parser.add_argument("--k1", type=float, default=1.0, help="BM25 k1 (default 1.0)")
    parser.add_argument("--b", type=float, default=0.5, help="BM25 b (default 0.5)")
    parser.add_argument("--depth", type=int, default=100, help="results per query (default 100)")
    parser.add_argument(
        "--fields",
        default="text",
        help="comma-separated document fields to index (default: text; Cranfield and CISI texts already hold the title)",
    )
    parser.add_argument(
        "--query-mode", choices=("terms", "parser"), default="terms", help="how query text becomes a query (default: terms)"
    )
    parser.add_argument(
        "--title-once",
        action="store_true",
        help="drop a leading copy of the title from text before indexing (Cranfield: .T + .W holds it twice)",
    )
    parser.add_argument("--repeat", type=int, default=1, help="run every query this many times for timing (default 1)")
    return parser.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    try:
        with open(args.collection, encoding="utf-8") as f:
            collection = json.load(f)
    except (OSError, ValueError) as error:
        sys.exit("run_xapian.py: cannot read %s: %s" % (args.collection, error))
    fields = [name.strip() for name in args.fields.split(",") if name.strip()]

    stemmer = xapian.Stem("english")
    stopper = None
    if args.stopwords:
        stopper = xapian.SimpleStopper()
        for word in STOP_WORDS:
            stopper.add(word)

    db = xapian.WritableDatabase("", xapian.DB_BACKEND_INMEMORY)
    indexer = xapian.TermGenerator()
    indexer.set_stemmer(stemmer)
    indexer.set_stemming_strategy(xapian.TermGenerator.STEM_SOME)
    if stopper is not None:
        indexer.set_stopper(stopper)
    for doc in collection["documents"]:
        xdoc = xapian.Document()
        xdoc.set_data(str(doc["id"]))
        indexer.set_document(xdoc)
        for name in fields:
            text = doc.get(name) or ""
            title = doc.get("title") or ""
            if args.title_once and name == "text" and title and text.startswith(title):
                text = text[len(title):]
            if text:
                indexer.index_text(text)
                indexer.increase_termpos()
        db.add_document(xdoc)
    db.commit()

    qp = xapian.QueryParser()
    qp.set_stemmer(stemmer)
    qp.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
    qp.set_default_op(xapian.Query.OP_OR)
    qp.set_database(db)
    if stopper is not None:
        qp.set_stopper(stopper)

    enquire = xapian.Enquire(db)
    enquire.set_weighting_scheme(xapian.BM25Weight(args.k1, 0.0, 1.0, args.b, 0.5))

    def bag_of_terms(text):
        """The query's terms as TermGenerator indexes them: stemmed 'Z' terms for words, raw terms otherwise."""
        qdoc = xapian.Document()
        indexer.set_document(qdoc)
        indexer.index_text(text)
        counts = {}
        for item in qdoc.termlist():
            term = item.term.decode("utf-8")
            if term.startswith("Z"):
                continue  # derived below from the unstemmed form, which carries the count
            if stopper is not None and stopper(term):
                continue
            key = "Z" + stemmer(term).decode("utf-8") if term[:1].isalpha() else term
            counts[key] = counts.get(key, 0) + item.wdf
        return xapian.Query(xapian.Query.OP_OR, [xapian.Query(term, wqf) for term, wqf in sorted(counts.items())])

    def make_query(text):
        return qp.parse_query(text) if args.query_mode == "parser" else bag_of_terms(text)

    run = {}
    timings = []
    for query in collection["queries"]:
        for _ in range(max(1, args.repeat)):
            start = time.perf_counter()
            enquire.set_query(make_query(query["text"]))
            mset = enquire.get_mset(0, args.depth)
            ranked = [m.document.get_data().decode("utf-8") for m in mset]
            timings.append((time.perf_counter() - start) * 1000.0)
        run[str(query["id"])] = ranked

    json.dump(run, sys.stdout)
    sys.stdout.write("\n")
    if timings:
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(0.95 * len(timings)))]
        sys.stderr.write(
            "xapian %s: %d docs, %d queries, mean %.2f ms, p95 %.2f ms\n"
            % (xapian.version_string(), db.get_doccount(), len(collection["queries"]), sum(timings) / len(timings), p95)
        )


if __name__ == "__main__":
    main(sys.argv[1:])
