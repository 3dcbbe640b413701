"""Benchmark of the dynamic pages under gunicorn, each against a minimal Django view.

    .venv/bin/python bench/dynamic.py                   # wrk -t2 -c32 -d5s per page
    .venv/bin/python bench/dynamic.py --seconds 1       # smoke run

Serves the project (bench/_settings2.py: test settings, persistent connections, rate limits off,
plus `/bench/minimal/`, a view that returns two bytes through the whole middleware stack) with
gunicorn (4 sync workers) on a free loopback port, and runs wrk on each page, the reference
first and again last (the reference is the mean of both):
- search: `/search/?q=…` as readers search: 2,400 distinct Chinese queries built from the
  generated articles' own vocabulary (`search_queries()`: words, department names, subjects,
  two-word searches, whole titles, searches that find nothing, some second pages), drawn from a
  Zipf distribution (s = 1.1) into a sequence of 50,000 paths (random.Random(seed)) that the wrk
  Lua script walks, each wrk thread from its own offset. Anonymous result pages are cached
  until something is published (portal/services/search_cache.py); the script counts the
  `X-Search-Cache: hit|miss` header of every answer, so the row shows the true hit rate of the
  run, which starts with an empty cache (the publish generation is bumped first). Also printed:
  how many distinct queries the run asked and the top ten's share of the requests;
- progress lookup: POST `/service/progress/` with a generated case's number and query code;
- inbox: `/office/inbox/` of a generated clerk (logged in by a session cookie);
- service hall: its keyword search `/service/?q=许可` (the hall's browsing pages are published
  files since issue 19: bench/static.py measures a published guide page);
- 政民互动 submission: POST `/zmhd/xj/` by a generated citizen (logged in: no SMS code), a
  complaint that passes every check; each request writes a case (answered by a redirect).
Each page's ratio = its req/s / the minimal view's req/s. Targets (issue 19, at scale medium):
search ≥ 0.15, progress lookup ≥ 0.15, inbox ≥ 0.10.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote, unquote, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402

TARGETS = {"search": 0.15, "progress_lookup": 0.15, "inbox": 0.10}
# Zipf's exponent of the search mix, the number of distinct queries built and the length of the
# precomputed request sequence the wrk script walks.
ZIPF_S = 1.1
QUERY_COUNT = 2_400
SEQUENCE = 50_000
# Real-looking searches that the generated articles never contain (a share of real searches
# finds nothing: a service the county does not offer, a misspelling, another place).
ABSENT = [
    "公积金提取", "社保卡补办", "医保异地报销", "驾驶证换证", "户口迁移", "二手房交易税费",
    "新能源汽车补贴", "退役军人优待证", "高考成绩查询", "老年人乘车卡", "婚姻登记预约",
    "出入境证件办理", "残疾人两项补贴", "廉租房申请条件", "个体户注销", "失业金领取",
    "电动车上牌", "燃气报装", "殡葬改革", "城乡居民养老保险缴费", "长沙", "永州市",
    "防汗", "营商环竟", "招聘公告", "公务员考试", "事业单位招聘", "疫情防控", "天气预报",
    "学区划分", "拆迁补偿标准", "土地流转", "低保申请", "农机购置补贴", "粮食直补",
]  # fmt: skip


def staff_cookie(username: str, backend: str | None = None) -> str:
    from django.conf import settings
    from django.test import Client

    from platform_core.models import User

    client = Client()
    client.force_login(User.objects.get(username=username), backend=backend)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def csrf_pair() -> tuple[str, str]:
    """A CSRF cookie and the form token that goes with it (the same masked secret)."""
    from django.conf import settings
    from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret

    token = _mask_cipher_secret(_get_new_csrf_string())
    return f"{settings.CSRF_COOKIE_NAME}={token}", token


def inbox_user() -> str:
    """The generated clerk with the most open tasks."""
    from django.db.models import Count

    from platform_core.models import TaskInfo

    row = (
        TaskInfo.objects.filter(is_open=True, owner__username__startswith="gen_staff_")
        .values("owner__username")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    return row["owner__username"]


NUMERAL = re.compile(r"[\d.余十百千万亿]")


def search_queries(seed: int, count: int = QUERY_COUNT) -> list[str]:
    """`count` distinct search query strings (`q=…[&page=2]`, URL-encoded), the most popular
    first, built from the generated articles' own vocabulary (portal/generate.py's phrase banks:
    places and departments, actions, subjects, sentences; the titles are place + action +
    subject): single words, department names, subjects, title fragments, two-word searches
    (AND), whole titles, searches that find nothing, and some second pages. The order is
    shuffled with `seed`; single words, names and subjects come first (people search short)."""
    import random

    from portal.generate import ACTIONS, PLACES, SENTENCES, SUBJECTS
    from portal.services.search import query_terms

    rng = random.Random(seed)
    words: list[str] = []
    for phrase in [*PLACES, *ACTIONS, *SUBJECTS, *SENTENCES]:
        for word in query_terms(phrase):  # jieba's whole words, as a reader types them
            if len(word) >= 2 and not NUMERAL.search(word) and word not in words:
                words.append(word)
    subjects = [s.replace("“", "").replace("”", "") for s in SUBJECTS]
    head = list(dict.fromkeys([*words, *PLACES, *subjects]))
    rng.shuffle(head)
    tail: list[str] = [*ABSENT]
    for place in PLACES:
        for subject in subjects:
            tail.append(f"{place} {subject}")
            if rng.random() < 0.15:
                tail.append(f"{place}{rng.choice(ACTIONS)}{subject}")  # a whole title
    for _ in range(4 * count):
        a, b = rng.sample(words, 2)
        tail.append(f"{a} {b}")
    tail = [q for q in dict.fromkeys(tail) if q not in head and len(q) <= 50]
    rng.shuffle(tail)
    queries = [f"q={quote(q)}" for q in [*head, *tail]]
    # A few readers go on to the second page of a popular search.
    queries[len(head) : len(head)] = [f"{q}&page=2" for q in queries[: count // 40]]
    return queries[:count]


def zipf_sequence(n: int, length: int, s: float, seed: int) -> list[int]:
    """`length` ranks in [0, n) drawn with probability ∝ 1 / (rank + 1) ** s."""
    import random

    weights = [1.0 / (rank + 1) ** s for rank in range(n)]
    return random.Random(seed).choices(range(n), weights=weights, k=length)


def lua_walk(paths: list[str], tmp: Path, header: str, threads: int = 2) -> tuple[str, Path]:
    """A wrk script walking `paths` (one file, read by each thread), each thread from its own
    offset; it counts the responses by their `header` value and writes, per thread, the start
    offset, the requests made, hits, misses and others to the returned file."""
    listing = tmp / "paths.txt"
    listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
    counts = tmp / "search-cache.txt"
    script = tmp / "walk.lua"
    script.write_text(
        f"""local paths = {{}}
for line in io.lines("{listing}") do paths[#paths + 1] = line end
local threads, created = {{}}, 0
function setup(thread)
  thread:set("id", created)
  created = created + 1
  table.insert(threads, thread)
end
function init(args)
  start = math.floor(#paths * id / {threads})
  sent, hits, misses, others = 0, 0, 0, 0
end
function request()
  local k = (start + sent) % #paths + 1
  sent = sent + 1
  return wrk.format(nil, paths[k])
end
function response(status, headers, body)
  local how = headers["{header}"]
  if how == "hit" then hits = hits + 1
  elseif how == "miss" then misses = misses + 1
  else others = others + 1 end
end
function done(summary, latency, requests)
  local out = io.open("{counts}", "w")
  for _, t in ipairs(threads) do
    out:write(string.format("%d %d %d %d %d\\n", t:get("start"), t:get("sent"),
      t:get("hits"), t:get("misses"), t:get("others")))
  end
  out:close()
end
""",
        encoding="utf-8",
    )
    return str(script), counts


def search_mix_report(counts: Path, ranks: list[int]) -> dict:
    """What the search run asked and how the cache answered, from the wrk script's counts."""
    rows = [list(map(int, line.split())) for line in counts.read_text().split("\n") if line]
    asked: list[int] = []
    for start, sent, *_ in rows:
        asked += [ranks[(start + k) % len(ranks)] for k in range(sent)]
    hits = sum(r[2] for r in rows)
    misses = sum(r[3] for r in rows)
    others = sum(r[4] for r in rows)
    answered = hits + misses + others
    return {
        "requests": len(asked),
        "distinct_queries": len(set(asked)),
        "top10_share": round(sum(1 for r in asked if r < 10) / max(1, len(asked)), 3),
        "cache_hits": hits,
        "cache_misses": misses,
        "cache_other": others,
        "hit_rate": round(hits / answered, 3) if answered else None,
    }


def lua_post(body: str, cookie: str, tmp: Path, name: str = "post.lua") -> str:
    script = tmp / name
    script.write_text(
        'wrk.method = "POST"\n'
        f'wrk.body = "{body}"\n'
        'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
        f'wrk.headers["Cookie"] = "{cookie}"\n',
        encoding="utf-8",
    )
    return str(script)


def submission_body(csrf_token: str) -> str:
    """A complaint as the public form posts it (a generated category; text that passes)."""
    from interaction.models import Category

    category = Category.objects.filter(parent__isnull=False, is_active=True).order_by("pk").first()
    if category is None:
        raise SystemExit("no 政民互动 categories: run generate_data with interaction_cases")
    return urlencode(
        {
            "csrfmiddlewaretoken": csrf_token,
            "kind": "complaint",
            "category": category.pk,
            "title": "解放路路灯不亮",
            "content": "解放路一段路灯已经一个星期不亮了，晚上出行很不安全，希望尽快维修。",
            "address": "城关镇解放路",
        }
    )


def check(
    port: int, method: str, path: str, headers: dict, body: str | None = None, expect: int = 200
) -> bytes:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request(method, path, body=body, headers={"Host": "127.0.0.1", **headers})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    if response.status != expect:
        raise SystemExit(f"{method} {path} gave {response.status}: {data[:300]!r}")
    return data


def settle(port: int, workers: int) -> None:
    """Wait until gunicorn has answered what the last wrk run left queued: when wrk stops, the
    requests its connections had sent are still in the listen queue, and on a saturated machine
    (a slow page, 32 connections) they would delay the next page's run by seconds. One request
    per worker at once: each is answered after everything queued before it."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(lambda _: check(port, "GET", "/bench/minimal/", {}), range(workers)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    _common.common_args(parser)
    parser.add_argument("--seconds", type=int, default=5, help="wrk duration per page")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    args = _common.parse(parser)
    env = _common.setup(args)
    from approval.generate import case_number, generated_day, query_code

    clerk = inbox_user()
    office_cookie = staff_cookie(clerk)
    csrf_cookie, csrf_token = csrf_pair()
    number, code = case_number(0, generated_day()), query_code(args.seed, 0)
    body = urlencode({"csrfmiddlewaretoken": csrf_token, "number": number, "code": code})
    citizen_cookie = staff_cookie(
        "gen_c_0000000", backend="platform_core.auth_backends.CitizenSessionBackend"
    )
    submit_body = submission_body(csrf_token)
    submit_cookie = f"{csrf_cookie}; {citizen_cookie}"
    from django.db import connections

    connections.close_all()
    port = _common.free_port()
    base = f"http://127.0.0.1:{port}"
    tmp = Path(tempfile.mkdtemp(prefix="egov-bench-wrk-"))
    from portal.services import search_cache

    queries = search_queries(args.seed)
    ranks = zipf_sequence(len(queries), SEQUENCE, ZIPF_S, args.seed)
    search_paths = [f"/search/?{queries[rank]}" for rank in ranks]
    search_script, search_counts = lua_walk(search_paths, tmp, search_cache.HEADER)
    pages = {
        "search": {"path": "/search/", "script": search_script},
        "progress_lookup": {
            "path": "/service/progress/", "script": lua_post(body, csrf_cookie, tmp)},
        "inbox": {"path": "/office/inbox/", "headers": {"Cookie": office_cookie}},
        "service_hall": {"path": f"/service/?q={quote('许可')}"},
        "interaction_submit": {
            "path": "/zmhd/xj/", "script": lua_post(submit_body, submit_cookie, tmp, "submit.lua")},
    }  # fmt: skip
    server = _common.start_gunicorn(env, port, workers=args.workers)
    results = {}
    try:
        form = {"Cookie": csrf_cookie, "Content-Type": "application/x-www-form-urlencoded"}
        html = check(port, "POST", "/service/progress/", form, body)
        if number.encode() not in html:
            raise SystemExit("the progress lookup did not find the generated case")
        check(port, "GET", "/office/inbox/", {"Cookie": office_cookie})
        submit_form = {**form, "Cookie": submit_cookie}
        check(port, "POST", "/zmhd/xj/", submit_form, submit_body, expect=302)
        for query in queries[:3] + queries[-3:]:
            check(port, "GET", f"/search/?{query}", {})
        search_cache.bump()  # the measured run starts with no cached result page
        run = lambda path, **kw: _common.wrk(  # noqa: E731
            base + path, connections=args.connections, seconds=args.seconds, **kw
        )
        run("/bench/minimal/")  # warm-up of every worker
        settle(port, args.workers)
        first = run("/bench/minimal/")
        for name, page in pages.items():
            settle(port, args.workers)
            results[name] = run(page["path"], script=page.get("script"),
                                headers=page.get("headers"))  # fmt: skip
        settle(port, args.workers)
        last = run("/bench/minimal/")
    finally:
        _common.stop(server)
    reference = (first["rps"] + last["rps"]) / 2
    mix = search_mix_report(search_counts, ranks)
    rows, summary, passed = [], {"scale": args.scale, "minimal_rps": round(reference, 1)}, True
    rows.append(("minimal Django view (mean of 2)", f"{reference:,.0f}", "", "1.00", ""))
    for name, r in results.items():
        ratio = r["rps"] / reference
        target = TARGETS.get(name)
        ok = (target is None or ratio >= target) and r["non_2xx"] == 0 and r["socket_errors"] == 0
        passed &= ok
        r["ratio"] = round(ratio, 3)
        summary[name] = {"rps": r["rps"], "ratio": round(ratio, 3), "passed": ok}
        if target:
            summary[name]["target"] = f">= {target}"
        verdict = f">= {target} {'ok' if ok else 'MISSED'}" if target else ("" if ok else "ERRORS")
        label = f"search ({mix['hit_rate'] or 0:.0%} cache hits)" if name == "search" else name
        rows.append((label, f"{r['rps']:,.0f}", f"{r['latency_ms']:.1f}", f"{ratio:.3f}", verdict))
    results["search"]["mix"] = mix
    summary["search"].update(
        hit_rate=mix["hit_rate"], distinct_queries=mix["distinct_queries"],
        top10_share=mix["top10_share"],
    )  # fmt: skip
    summary["passed"] = passed
    result = {
        "scale": args.scale,
        "gunicorn_workers": args.workers,
        "wrk": {"threads": 2, "connections": args.connections, "seconds": args.seconds},
        "minimal": [first, last],
        "pages": results,
        "inbox_user": clerk,
        "search_mix": {
            "zipf_s": ZIPF_S,
            "queries": len(queries),
            "sequence": SEQUENCE,
            "top10": [unquote(q) for q in queries[:10]],
        },  # fmt: skip
        "passed": passed,
    }
    _common.save("dynamic", result, summary)
    print(_common.table(rows, ("gunicorn page", "req/s", "mean ms", "ratio", "target")))
    print(
        f"search: Zipf s={ZIPF_S} over {len(queries):,} distinct queries ({SEQUENCE:,} drawn); "
        f"the run asked {mix['requests']:,}: {mix['distinct_queries']:,} distinct, "
        f"{mix['top10_share']:.0%} for the top 10; result-page cache "
        f"{mix['cache_hits']:,} hits, {mix['cache_misses']:,} misses, "
        f"{mix['cache_other']:,} other: hit rate {mix['hit_rate'] or 0:.0%}"
    )
    sys.exit(0 if passed else _common.MISSED)


if __name__ == "__main__":
    main()
