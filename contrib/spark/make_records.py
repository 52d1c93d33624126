#!/usr/bin/env python3
"""Write JSON Lines shards of generated site pages, to try gharbal under Spark or Hadoop.

usage: contrib/spark/make_records.py [--records N] [--shards K] [--bad] OUT_DIR

Each record is a page of one of eight hosts: the host's own header, menu and footer lines
(some with a year, a phone number or a visitor count that changes from page to page, one
written two ways, with and without hamza), a line
that several hosts share (a press agency's credit), a widget line on one page in four, and an article made of paragraphs of the
dumps in samples/ with their figures changed, so that what recurs is the sites' chrome and
not the articles. Every tenth page of the Arabic hosts is a whole crawled dump that holds two
articles. With --bad, a few records that gharbal cannot clean are added: a line cut short, a
record without a text field, a text that is a number, an array.

Records are spread over K shards (OUT_DIR/part-00000.jsonl, ...) round robin. The output is a
function of the arguments alone: no randomness, no clock.
"""
import argparse
import json
import os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")

HOSTS = [
    # host, language, header lines, footer lines; {n} is the page number, {y} a year.
    ("www.coastal-gazette.example", "en",
     ["Coastal Gazette | Home | Politics | Economy | Sport", "Subscribe to the Coastal Gazette morning briefing"],
     ["Coastal Gazette Media, harbour office: call 0161 {n}44", "Visitors today: {n}7"]),
    ("news.valley-times.example", "en",
     ["Valley Times", "Home News Opinion Weather Obituaries", "Sign in to comment"],
     ["Valley Times, a member of the Regional Press Network", "Valley Times editions archive {y}"]),
    ("www.harbour-daily.example", "en",
     ["Harbour Daily — the port city's paper since 1921", "Skip to the article"],
     ["Harbour Daily newsroom tips line 0800 {n}12", "Distributed by the Regional Press Network"]),
    ("www.north-observer.example", "en",
     ["North Observer | Latest | Most read", "Follow the North Observer on WhatsApp"],
     ["Distributed by the Regional Press Network", "North Observer printing office {y}"]),
    ("www.saraya-mirror.example", "ar",
     ["الرئيسية | محليات | عربي ودولي | رياضة", "تابعونا على قناة المرآة في تلغرام"],
     ["وكالة المرآة الإخبارية - عمّان هاتف {n}66", "عدد الزوار اليوم {n}9"]),
    ("www.levant-post.example", "ar",
     ["بريد الشام | أخبار | اقتصاد | ثقافة", ("إنضم إلى نشرة بريد الشام اليومية", "انضم الى نشرة بريد الشام اليوميه")],
     ["بريد الشام للإعلام © {y}", "توزيع شبكة الصحافة الإقليمية"]),
    ("www.desert-herald.example", "ar",
     ["بشير الصحراء", "الأكثر قراءة في بشير الصحراء"],
     ["توزيع شبكة الصحافة الإقليمية", "مطبعة بشير الصحراء {y}"]),
    ("www.gulf-wire.example", "ar",
     ["الخليج اليوم | الرئيسية | الأخبار العاجلة", "انضم الى نشرة الخليج اليوم اليومية"],
     ["الخليج اليوم - جميع الحقوق محفوظة {y}", "اتصل بنا على الرقم {n}03"]),
]

# A line each host shows on one page in four (at or above learn's share of 0.2).
SPARSE = {"en": "Corrections and clarifications: write to the readers' editor",
          "ar": "للتصحيحات والتوضيحات راسلوا محرر القراء"}


def paragraphs(path):
    """The article-like lines of a sample: long lines without the usual chrome cues."""
    with open(path, encoding="utf-8") as f:
        lines = [l.strip() for l in f]
    return [l for l in lines if len(l.split()) >= 14 and "إقرأ" not in l and "|" not in l]


def figures(text, n):
    """The text with each digit shifted by n, so figures differ from page to page."""
    return "".join(chr(48 + (ord(c) - 48 + n) % 10) if "0" <= c <= "9" else c for c in text)


def page(i, host, lang, head, foot, pool, dumps):
    n = i + 1
    y = 2016 + i % 9
    if lang == "ar" and i % 10 == 3:
        body = figures(dumps["ar"], n)
    else:
        p = pool[lang]
        a, b = p[i % len(p)].split(), p[(i * 5 + 1) % len(p)].split()
        title = " ".join(a[:4] + b[4:9])
        k = 3 + i % 3
        paras = [figures(p[(i * 7 + j * 3) % len(p)], n) for j in range(k)]
        body = "\n".join([title] + paras)
    chrome = lambda ls: [(l if isinstance(l, str) else l[i % len(l)]).format(n=n, y=y) for l in ls]
    lines = chrome(head) + [body] + chrome(foot)
    if i % 4 == 1:
        # A widget on one page in four: learned only when counted exactly (a map that evicts
        # forgets it between its pages).
        lines.insert(len(head), SPARSE[lang])
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--records", type=int, default=400)
    ap.add_argument("--shards", type=int, default=4)
    ap.add_argument("--bad", action="store_true")
    args = ap.parse_args()
    samples = os.path.join(ROOT, "samples")
    pool = {
        "en": paragraphs(os.path.join(samples, "guardian-valencia-fire-en.txt")),
        "ar": paragraphs(os.path.join(samples, "saraya-appended.txt")),
    }
    with open(os.path.join(samples, "saraya-appended.txt"), encoding="utf-8") as f:
        dumps = {"ar": f.read()}
    lines = []
    for i in range(args.records):
        host, lang, head, foot = HOSTS[i % len(HOSTS)]
        text = page(i // len(HOSTS), host, lang, head, foot, pool, dumps)
        record = {"url": f"https://{host}/news/{i:05}", "text": text, "crawl": "CC-2026-47", "n": i}
        lines.append(json.dumps(record, ensure_ascii=False))
    if args.bad:
        bad = [
            '{"url": "https://www.harbour-daily.example/news/cut", "text": "cut sh',
            '{"url": "https://www.harbour-daily.example/news/no-text", "body": "a page"}',
            '{"url": "https://www.gulf-wire.example/news/number", "text": 404}',
            '["https://www.gulf-wire.example/news/array", "text"]',
        ]
        for j, b in enumerate(bad):
            lines.insert((j + 1) * len(lines) // (len(bad) + 1), b)
    os.makedirs(args.out, exist_ok=True)
    shards = [[] for _ in range(args.shards)]
    for i, line in enumerate(lines):
        shards[i % args.shards].append(line)
    for k, shard in enumerate(shards):
        with open(os.path.join(args.out, f"part-{k:05}.jsonl"), "w", encoding="utf-8") as f:
            f.write("".join(l + "\n" for l in shard))


if __name__ == "__main__":
    main()
